//! Note editor, ticking a task: `- [ ] text` becomes `- [x] text ✅ DATE`,
//! the Tasks plugin's form, on the one line the body parser names.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::change::{Refused, lines_of};
use crate::{body, frontmatter};

const BOM: &str = "\u{feff}";

pub(super) fn tick_task(
    text: &str,
    line: usize,
    expected: &str,
    on: NaiveDate,
) -> Result<String, Refused> {
    let split = frontmatter::split(text);
    if split.unclosed {
        return Err(Refused::Unclosed);
    }
    let missing = || Refused::TaskMissing { line };
    if line < split.body_line {
        return Err(missing());
    }
    let parsed = body::parse(split.body, split.body_line, false);
    let task = parsed
        .tasks
        .iter()
        .find(|t| t.line == line)
        .ok_or_else(missing)?;
    let target = lines_of(text, 0, text.len())
        .get(line - 1)
        .copied()
        .ok_or_else(missing)?;
    let content = target.content(text);
    let content = if line == 1 {
        content.strip_prefix(BOM).unwrap_or(content)
    } else {
        content
    };
    let box_at = open_box(content).ok_or_else(missing)?;
    let written = content[box_at + 3..].trim();
    if *task.text != *expected && written != expected {
        return Err(Refused::TaskChanged {
            line,
            expected: expected.to_owned(),
            found: task.text.to_string(),
        });
    }
    let content_start = target.content_end - content.len();
    let core = content.trim_end_matches([' ', '\t']);
    let done_at = content_start + block_id_start(core);
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..content_start + box_at]);
    out.push_str("[x]");
    out.push_str(&text[content_start + box_at + 3..done_at]);
    let _ = write!(out, " ✅ {}", on.format("%Y-%m-%d"));
    out.push_str(&text[done_at..]);
    Ok(out)
}

/// The byte index of `[ ]` in a task line `- [ ] …`, `* [ ]`, `+ [ ]`,
/// `1. [ ]`, `1) [ ]`, indented or quoted with `>`.
fn open_box(line: &str) -> Option<usize> {
    let marker = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
    let rest = &line[marker..];
    let bullet = if rest.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if (1..=9).contains(&digits) && rest[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            return None;
        }
    };
    let after = &rest[bullet..];
    let space = after.len() - after.trim_start_matches([' ', '\t']).len();
    if space == 0 {
        return None;
    }
    let at = marker + bullet + space;
    let tail = &line[at..];
    (tail.starts_with("[ ]") && (tail.len() == 3 || tail[3..].starts_with([' ', '\t'])))
        .then_some(at)
}

/// Where the ✅ date goes in a task line's text: at its end, or before a
/// block id `^abc` ending it, which Obsidian needs last.
fn block_id_start(core: &str) -> usize {
    if let Some(at) = core.rfind(" ^") {
        let id = &core[at + 2..];
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return at;
        }
    }
    core.len()
}
