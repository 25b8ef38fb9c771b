//! Note editor, pure core: one change to a note's text, every other byte kept.
//!
//! The front-matter is edited as lines, never re-serialised: a property line
//! is replaced or added, or one list item is added, and the rest of the text
//! (line endings, byte-order mark, comments, quoting, key order, the body) is
//! copied as it was. Only the shapes Obsidian and people write by hand are
//! edited; anything else is refused with a reason rather than guessed at.
//! Every result then goes through [`check`], which parses the old and the new
//! text with the project's YAML parser and requires the one change and
//! nothing else.

use chrono::NaiveDate;
use thiserror::Error;

use super::check::check;
use super::syntax::{Context, Inline, Quote, inline, key_of_line, scalar};
use super::task::tick_task;
use crate::frontmatter::{self, Property, Yaml};
use crate::i18n::words;
use crate::lang::Lang;

const BOM: &str = "\u{feff}";

/// One thing to record in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Adds `key: value` as the last property, or replaces the value of the
    /// existing `key` line when that value is a scalar or empty. `value` is the
    /// scalar's text (a date `2026-12-01`, a text); written plain when YAML
    /// reads it back as that same text, else quoted and escaped.
    SetProperty { key: String, value: String },
    /// Adds one item to the list property `key`: into an absent key (a new
    /// block list), an empty `key:`, `key: []`, a flow list `[a, b]`, or a
    /// block list. When the list already holds only maps and `map_form` is not
    /// empty, `map_form` is written as a flow map `{date: 2026-11-22, dir: out}`;
    /// otherwise `item`, as text.
    AddItem {
        key: String,
        item: String,
        map_form: Vec<(String, String)>,
    },
    /// Ticks the open task at 1-based file `line`, whose task text (as the body
    /// parser reads it, or as written after `[ ]`) must be `text`:
    /// `- [ ] text` becomes `- [x] text ✅ 2026-12-01`, the Tasks plugin's form.
    TickTask {
        line: usize,
        text: String,
        on: NaiveDate,
    },
}

impl Change {
    /// The change in words, for the journal and messages.
    pub fn describe(&self) -> String {
        match self {
            Change::SetProperty { key, value } => format!("set `{key}` to {value:?}"),
            Change::AddItem { key, item, .. } => format!("add {item:?} to `{key}`"),
            Change::TickTask { line, text, on } => {
                format!("tick the task {text:?} on line {line}, done {on}")
            }
        }
    }
}

/// Why a change was not made. Each says what is in the way and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refused {
    #[error("{}", self.message(Lang::En))]
    DuplicateKey {
        key: String,
        first: usize,
        second: usize,
    },
    #[error("{}", self.message(Lang::En))]
    Unclosed,
    #[error("{}", self.message(Lang::En))]
    Unparsable { line: usize, message: String },
    #[error("{}", self.message(Lang::En))]
    BlockScalar { key: String, line: usize },
    #[error("{}", self.message(Lang::En))]
    MultiLine { key: String, line: usize },
    #[error("{}", self.message(Lang::En))]
    AnchorOrTag { key: String, line: usize },
    #[error("{}", self.message(Lang::En))]
    NotAScalar { key: String, line: usize },
    #[error("{}", self.message(Lang::En))]
    NotAList { key: String, line: usize },
    #[error("{}", self.message(Lang::En))]
    Complex { key: String, line: usize },
    #[error("{}", self.message(Lang::En))]
    InvalidKey { key: String },
    #[error("{}", self.message(Lang::En))]
    TaskMissing { line: usize },
    #[error("{}", self.message(Lang::En))]
    TaskChanged {
        line: usize,
        expected: String,
        found: String,
    },
    #[error("{}", self.message(Lang::En))]
    CheckFailed { reason: String },
}

impl Refused {
    /// What is in the way, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let said = &words(lang).errors;
        match self {
            Refused::DuplicateKey { key, first, second } => {
                (said.duplicate_key)(key, *first, *second)
            }
            Refused::Unclosed => said.unclosed.to_owned(),
            Refused::Unparsable { line, message } => (said.unparsable)(*line, message),
            Refused::BlockScalar { key, line } => (said.block_scalar)(key, *line),
            Refused::MultiLine { key, line } => (said.multi_line)(key, *line),
            Refused::AnchorOrTag { key, line } => (said.anchor_or_tag)(key, *line),
            Refused::NotAScalar { key, line } => (said.not_a_scalar)(key, *line),
            Refused::NotAList { key, line } => (said.not_a_list)(key, *line),
            Refused::Complex { key, line } => (said.complex)(key, *line),
            Refused::InvalidKey { key } => (said.invalid_key)(key),
            Refused::TaskMissing { line } => (said.task_missing)(*line),
            Refused::TaskChanged {
                line,
                expected,
                found,
            } => (said.task_changed)(*line, found, expected),
            Refused::CheckFailed { reason } => (said.check_failed)(reason),
        }
    }
}

/// Makes `change` in `text`, or says why not. The result has passed [`check`].
pub fn apply(text: &str, change: &Change) -> Result<String, Refused> {
    let new = match change {
        Change::SetProperty { key, value } => {
            require_plain_key(key)?;
            set_property(text, key, value)?
        }
        Change::AddItem {
            key,
            item,
            map_form,
        } => {
            require_plain_key(key)?;
            for (map_key, _) in map_form {
                require_plain_key(map_key)?;
            }
            add_item(text, key, item, map_form)?
        }
        Change::TickTask {
            line,
            text: task,
            on,
        } => tick_task(text, *line, task, *on)?,
    };
    check(text, &new, change)?;
    Ok(new)
}

fn require_plain_key(key: &str) -> Result<(), Refused> {
    let mut chars = key.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        Ok(())
    } else {
        Err(Refused::InvalidKey {
            key: key.to_owned(),
        })
    }
}

/// One line of the text: byte offsets of its start, the end of its content
/// (before `\r\n` or `\n`) and its end.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    start: usize,
    pub(super) content_end: usize,
    end: usize,
}

impl Line {
    pub(super) fn content<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.content_end]
    }
}

pub(super) fn lines_of(text: &str, from: usize, to: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = from;
    for raw in text[from..to].split_inclusive('\n') {
        let end = start + raw.len();
        let content = raw.trim_end_matches('\n');
        let content = content.strip_suffix('\r').unwrap_or(content);
        lines.push(Line {
            start,
            content_end: start + content.len(),
            end,
        });
        start = end;
    }
    lines
}

/// Where the front-matter of a note lies, as byte offsets of the note.
struct Front {
    /// Where the YAML between the fences ends: the closing fence's line.
    yaml_end: usize,
    /// The line ending of the opening fence: the note's own.
    eol: &'static str,
    /// The properties as the YAML parser reads them; lines are file lines.
    properties: Vec<Property>,
    /// The lines of the YAML; the first is file line 2.
    lines: Vec<Line>,
}

/// The front-matter of `text`, `Ok(None)` when it has none.
fn front(text: &str) -> Result<Option<Front>, Refused> {
    let split = frontmatter::split(text);
    if split.unclosed {
        return Err(Refused::Unclosed);
    }
    let Some(yaml) = split.yaml else {
        return Ok(None);
    };
    let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let fence_end = text[bom..].find('\n').map_or(text.len(), |i| bom + i + 1);
    let eol = if text[..fence_end].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let yaml_start = fence_end;
    let yaml_end = yaml_start + yaml.len();
    let lines = lines_of(text, yaml_start, yaml_end);
    refuse_duplicates(text, &lines)?;
    let properties =
        frontmatter::parse_yaml(yaml, split.yaml_line).map_err(|error| Refused::Unparsable {
            line: error.line,
            message: error.message,
        })?;
    Ok(Some(Front {
        yaml_end,
        eol,
        properties,
        lines,
    }))
}

/// A key written twice is refused before the parser's own error, to name it.
fn refuse_duplicates(text: &str, lines: &[Line]) -> Result<(), Refused> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((key, _)) = key_of_line(line.content(text)) else {
            continue;
        };
        let file_line = i + 2;
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(Refused::DuplicateKey {
                key,
                first: *first,
                second: file_line,
            });
        }
        seen.push((key, file_line));
    }
    Ok(())
}

/// The line ending a note without front-matter uses: its first one.
fn eol_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// Inserts `insert` at byte `at` of `text`.
fn splice(text: &str, at: usize, end: usize, insert: &str) -> String {
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..at]);
    out.push_str(insert);
    out.push_str(&text[end..]);
    out
}

/// A new front-matter holding `lines`, at the top of a note that has none.
fn new_front(text: &str, lines: &str) -> String {
    let eol = eol_of(text);
    let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
    splice(text, bom, bom, &format!("---{eol}{lines}---{eol}"))
}

/// The property `key` of a front-matter and the lines its value spans.
struct Found<'a> {
    property: &'a Property,
    /// Index in `Front::lines` of the key's line.
    key_index: usize,
    /// Index of the line after the value's last line (which may be the key's).
    value_end: usize,
    /// The value as written on the key's line.
    inline: Inline,
}

fn find<'a>(text: &str, front: &'a Front, key: &str) -> Result<Option<Found<'a>>, Refused> {
    let Some(property) = front.properties.iter().find(|p| p.key == key) else {
        return Ok(None);
    };
    let line = property.line;
    let complex = || Refused::Complex {
        key: key.to_owned(),
        line,
    };
    let key_index = line.checked_sub(2).ok_or_else(complex)?;
    let key_line = front
        .lines
        .get(key_index)
        .ok_or_else(complex)?
        .content(text);
    if key_line.starts_with(['&', '!', '*']) {
        return Err(Refused::AnchorOrTag {
            key: key.to_owned(),
            line,
        });
    }
    let Some((written_key, after_colon)) = key_of_line(key_line) else {
        return Err(complex());
    };
    if written_key != key {
        return Err(complex());
    }
    let next_key_line = front
        .properties
        .iter()
        .map(|p| p.line)
        .filter(|&l| l > line)
        .min()
        .map_or(front.lines.len(), |l| l - 2);
    let value_end = (key_index + 1..next_key_line)
        .rev()
        .find(|&i| is_content(front.lines[i].content(text)))
        .map_or(key_index + 1, |i| i + 1);
    let inline = inline(&key_line[after_colon..]);
    let inline = match inline {
        Inline::Anchored => {
            return Err(Refused::AnchorOrTag {
                key: key.to_owned(),
                line,
            });
        }
        Inline::BlockScalar => {
            return Err(Refused::BlockScalar {
                key: key.to_owned(),
                line,
            });
        }
        Inline::Unclosed => {
            return Err(Refused::MultiLine {
                key: key.to_owned(),
                line,
            });
        }
        Inline::Other => return Err(complex()),
        inline => inline,
    };
    Ok(Some(Found {
        property,
        key_index,
        value_end,
        inline,
    }))
}

/// A YAML line that is neither blank nor only a comment.
fn is_content(line: &str) -> bool {
    let trimmed = line.trim_start_matches([' ', '\t']);
    !trimmed.is_empty() && !trimmed.starts_with('#')
}
fn set_property(text: &str, key: &str, value: &str) -> Result<String, Refused> {
    let Some(front) = front(text)? else {
        let eol = eol_of(text);
        let line = format!(
            "{key}: {}{eol}",
            scalar(value, Context::Block, Quote::Plain)
        );
        return Ok(new_front(text, &line));
    };
    let Some(found) = find(text, &front, key)? else {
        let line = format!(
            "{key}: {}{}",
            scalar(value, Context::Block, Quote::Plain),
            front.eol
        );
        return Ok(splice(text, front.yaml_end, front.yaml_end, &line));
    };
    let line = found.property.line;
    if matches!(found.property.value, Yaml::Seq(_) | Yaml::Map(_)) {
        return Err(Refused::NotAScalar {
            key: key.to_owned(),
            line,
        });
    }
    if found.value_end > found.key_index + 1 {
        return Err(Refused::MultiLine {
            key: key.to_owned(),
            line,
        });
    }
    let key_line = front.lines[found.key_index];
    let (_, colon) = key_of_line(key_line.content(text)).ok_or(Refused::Complex {
        key: key.to_owned(),
        line,
    })?;
    let after_colon = key_line.start + colon;
    match found.inline {
        Inline::Empty { comment } => {
            let value = scalar(value, Context::Block, Quote::Plain);
            let replacement = match comment {
                Some(at) => format!(" {value} {}", &text[after_colon + at..key_line.content_end]),
                None => format!(" {value}"),
            };
            Ok(splice(
                text,
                after_colon,
                key_line.content_end,
                &replacement,
            ))
        }
        Inline::Scalar { start, end, quote } => Ok(splice(
            text,
            after_colon + start,
            after_colon + end,
            &scalar(value, Context::Block, quote),
        )),
        _ => Err(Refused::NotAScalar {
            key: key.to_owned(),
            line,
        }),
    }
}

fn add_item(
    text: &str,
    key: &str,
    item: &str,
    map_form: &[(String, String)],
) -> Result<String, Refused> {
    let Some(front) = front(text)? else {
        let eol = eol_of(text);
        let lines = format!(
            "{key}:{eol}  - {}{eol}",
            scalar(item, Context::Block, Quote::Plain)
        );
        return Ok(new_front(text, &lines));
    };
    let Some(found) = find(text, &front, key)? else {
        let eol = front.eol;
        let lines = format!(
            "{key}:{eol}  - {}{eol}",
            scalar(item, Context::Block, Quote::Plain)
        );
        return Ok(splice(text, front.yaml_end, front.yaml_end, &lines));
    };
    let line = found.property.line;
    let written = |context| {
        if wants_map_form(&found.property.value, map_form) {
            flow_map(map_form)
        } else {
            scalar(item, context, Quote::Plain)
        }
    };
    let key_line = front.lines[found.key_index];
    let (_, colon) = key_of_line(key_line.content(text)).ok_or(Refused::Complex {
        key: key.to_owned(),
        line,
    })?;
    let after_colon = key_line.start + colon;
    let continued = found.value_end > found.key_index + 1;
    match (&found.property.value, &found.inline, continued) {
        (Yaml::Null, Inline::Empty { .. }, false) => {
            let insert = format!("  - {}{}", written(Context::Block), front.eol);
            Ok(splice(text, key_line.end, key_line.end, &insert))
        }
        (Yaml::Seq(_), Inline::FlowList { start, close }, false) => {
            let inner = &text[after_colon + start + 1..after_colon + close];
            let kept = inner.trim_end_matches([' ', '\t']);
            let at = after_colon + start + 1 + kept.len();
            let insert = if kept.trim_start().is_empty() {
                return Ok(splice(
                    text,
                    after_colon + start + 1,
                    after_colon + close,
                    &written(Context::Flow),
                ));
            } else if kept.ends_with(',') {
                format!(" {}", written(Context::Flow))
            } else {
                format!(", {}", written(Context::Flow))
            };
            Ok(splice(text, at, at, &insert))
        }
        (Yaml::Seq(_), Inline::Empty { .. }, true) => {
            let lines = &front.lines[found.key_index + 1..found.value_end];
            let first = lines
                .iter()
                .map(|l| l.content(text))
                .find(|l| is_content(l))
                .ok_or(Refused::Complex {
                    key: key.to_owned(),
                    line,
                })?;
            let indent = &first[..first.len() - first.trim_start_matches(' ').len()];
            let after_dash = &first[indent.len()..];
            if !(after_dash == "-" || after_dash.starts_with("- ")) {
                return Err(Refused::Complex {
                    key: key.to_owned(),
                    line,
                });
            }
            let last = front.lines[found.value_end - 1];
            let insert = format!("{indent}- {}{}", written(Context::Block), front.eol);
            Ok(splice(text, last.end, last.end, &insert))
        }
        (Yaml::Seq(_), Inline::FlowList { .. }, true) | (Yaml::Seq(_), _, _) => {
            Err(Refused::Complex {
                key: key.to_owned(),
                line,
            })
        }
        (Yaml::Map(_), _, _) => Err(Refused::Complex {
            key: key.to_owned(),
            line,
        }),
        (_, _, true) => Err(Refused::MultiLine {
            key: key.to_owned(),
            line,
        }),
        _ => Err(Refused::NotAList {
            key: key.to_owned(),
            line,
        }),
    }
}

/// An item goes in as a map when the list holds only maps: a list of
/// `touches` written by hand as maps stays a list of maps.
pub(super) fn wants_map_form(list: &Yaml, map_form: &[(String, String)]) -> bool {
    match list {
        Yaml::Seq(items) => {
            !map_form.is_empty()
                && !items.is_empty()
                && items.iter().all(|i| matches!(i, Yaml::Map(_)))
        }
        _ => false,
    }
}
fn flow_map(entries: &[(String, String)]) -> String {
    let entries: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{k}: {}", scalar(v, Context::FlowMap, Quote::Plain)))
        .collect();
    format!("{{{}}}", entries.join(", "))
}
