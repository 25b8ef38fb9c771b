//! Note editor, YAML as written on a line: where a value written after
//! `key:` ends, which key a line starts with, and how to write a scalar so
//! that YAML reads it back as the same text.

use crate::frontmatter::{self, Yaml};

/// What follows `key:` on its line; offsets are from the colon's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Inline {
    /// Nothing, or only a comment starting at `comment`.
    Empty {
        comment: Option<usize>,
    },
    /// A scalar at `start..end`, then spaces and maybe a comment.
    Scalar {
        start: usize,
        end: usize,
        quote: Quote,
    },
    /// A flow list whose `]` is at `close`.
    FlowList {
        start: usize,
        close: usize,
    },
    BlockScalar,
    Anchored,
    /// A quote or bracket not closed on the line.
    Unclosed,
    /// A flow map, or text after a quoted value.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quote {
    Plain,
    Single,
    Double,
}

pub(super) fn inline(rest: &str) -> Inline {
    let start = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let value = &rest[start..];
    let after = |end: usize| {
        let tail = rest[end..].trim_start_matches([' ', '\t']);
        tail.is_empty() || tail.starts_with('#')
    };
    match value.chars().next() {
        None => Inline::Empty { comment: None },
        Some('#') => Inline::Empty {
            comment: Some(start),
        },
        Some('|' | '>') => Inline::BlockScalar,
        Some('&' | '*' | '!') => Inline::Anchored,
        Some('{') => Inline::Other,
        Some('"' | '\'') => {
            let quote = if value.starts_with('"') {
                Quote::Double
            } else {
                Quote::Single
            };
            match closing_quote(value) {
                None => Inline::Unclosed,
                Some(close) if after(start + close + 1) => Inline::Scalar {
                    start,
                    end: start + close + 1,
                    quote,
                },
                Some(_) => Inline::Other,
            }
        }
        Some('[') => match closing_bracket(value) {
            None => Inline::Unclosed,
            Some(close) if after(start + close + 1) => Inline::FlowList {
                start,
                close: start + close,
            },
            Some(_) => Inline::Other,
        },
        Some(_) => {
            let comment = [" #", "\t#"]
                .iter()
                .filter_map(|m| value.find(m))
                .min()
                .unwrap_or(value.len());
            let end = start + value[..comment].trim_end_matches([' ', '\t']).len();
            Inline::Scalar {
                start,
                end,
                quote: Quote::Plain,
            }
        }
    }
}

/// The byte index of the quote closing the quoted scalar `value` starts.
fn closing_quote(value: &str) -> Option<usize> {
    let quote = value.chars().next()?;
    let mut chars = value.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            (q, c) if q == c => return Some(i),
            _ => {}
        }
    }
    None
}

/// The byte index of the `]` closing the flow list `value` starts with,
/// skipping quoted text and nested brackets.
fn closing_bracket(value: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < value.len() {
        let c = value[i..].chars().next()?;
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (c == ']').then_some(i);
                }
            }
            // A quote opens a quoted item only where an item starts: `it's` is plain.
            '"' | '\''
                if value[..i]
                    .trim_end_matches([' ', '\t'])
                    .ends_with(['[', ',', '{', ':']) =>
            {
                i += closing_quote(&value[i..])?;
            }
            '#' if value[..i].ends_with([' ', '\t']) => return None,
            _ => {}
        }
        i += c.len_utf8();
    }
    None
}
/// Where a scalar is written: YAML reads `a, b` as one text after `key:`,
/// as two items inside `[…]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    Block,
    Flow,
    FlowMap,
}

/// `text` as a YAML scalar that reads back as `text`: as `preferred` when
/// that is safe, else double-quoted and escaped.
pub(super) fn scalar(text: &str, context: Context, preferred: Quote) -> String {
    match preferred {
        Quote::Plain if reads_back(text, context) => text.to_owned(),
        Quote::Single if !text.chars().any(frontmatter::needs_escape) => {
            format!("'{}'", text.replace('\'', "''"))
        }
        _ => frontmatter::double_quoted(text),
    }
}

/// True when `text`, written plain in `context`, is read back as that text.
fn reads_back(text: &str, context: Context) -> bool {
    if text.is_empty()
        || text.chars().any(frontmatter::needs_escape)
        || text.contains(['\n', '\r', '\t'])
    {
        return false;
    }
    let yaml = match context {
        Context::Block => format!("k: {text}\nl:\n  - {text}\n"),
        Context::Flow => format!("k: [{text}]\n"),
        Context::FlowMap => format!("k: [{{a: {text}}}]\n"),
    };
    let Ok(properties) = frontmatter::parse_yaml(&yaml, 1) else {
        return false;
    };
    let is_text = |value: &Yaml| {
        !matches!(value, Yaml::Seq(_) | Yaml::Map(_)) && value.as_text().is_some_and(|t| t == text)
    };
    let one = |value: &Yaml| match value {
        Yaml::Seq(items) if items.len() == 1 => Some(items[0].clone()),
        _ => None,
    };
    match (context, properties.as_slice()) {
        (Context::Block, [k, l]) => is_text(&k.value) && one(&l.value).is_some_and(|v| is_text(&v)),
        (Context::Flow, [k]) => one(&k.value).is_some_and(|v| is_text(&v)),
        (Context::FlowMap, [k]) => match one(&k.value) {
            Some(Yaml::Map(entries)) => entries.len() == 1 && is_text(&entries[0].1),
            _ => false,
        },
        _ => false,
    }
}

/// The key of a top-level property line `key: …` written at the start of the
/// line, plain or quoted, with the byte offset after its colon.
pub(super) fn key_of_line(line: &str) -> Option<(String, usize)> {
    let colon_then_space = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    if line.starts_with(['"', '\'']) {
        let close = closing_quote(line)?;
        let after = line[close + 1..].strip_prefix(':')?;
        if !colon_then_space(after) {
            return None;
        }
        let inner = &line[1..close];
        let key = if line.starts_with('"') {
            // Escapes in a key are rare enough to leave to a hand edit.
            (!inner.contains('\\')).then(|| inner.to_owned())?
        } else {
            inner.replace("''", "'")
        };
        return Some((key, close + 2));
    }
    if line.starts_with([
        ' ', '\t', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@',
        '`',
    ]) {
        return None;
    }
    let mut search = 0;
    while let Some(at) = line[search..].find(':') {
        let at = search + at;
        if colon_then_space(&line[at + 1..]) {
            let key = line[..at].trim_end_matches([' ', '\t']);
            return (!key.is_empty() && !key.contains(" #")).then(|| (key.to_owned(), at + 1));
        }
        search = at + 1;
    }
    None
}
