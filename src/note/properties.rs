//! Notes stage: the written forms of property values, as Obsidian users
//! write them: dates and datetimes, touches as text or maps, checkboxes, one
//! value or a list, template placeholders left in. Each function reads one
//! form and gives none for anything else; [`super::reader`] turns that into
//! an issue on the property's line.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveTime};

use super::{Direction, Touch, When};
use crate::frontmatter::Yaml;

/// Parses `2026-11-20`, `2026-11-20T14:30`, `2026-11-20 14:30:00+01:00`,
/// `2026-11-20T14:30[Europe/Paris]`.
pub fn parse_when(text: &str) -> Option<When> {
    let text = text.trim();
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(When { date, time: None });
    }
    let clock = rest.strip_prefix(['T', ' '])?;
    let time = NaiveTime::parse_from_str(clock.get(..5)?, "%H:%M").ok()?;
    let tail = &clock[5..];
    let tail_ok = tail.is_empty() || tail.starts_with([':', '.', 'Z', '+', '-', '[', ' ']);
    tail_ok.then_some(When {
        date,
        time: Some(time),
    })
}

/// A touch written as text, `2026-11-22 out email: sent my CV` (what
/// Obsidian's property editor can edit), or as a map `{date, dir, channel,
/// note}`.
pub(super) fn touch(item: &Yaml) -> Option<Touch> {
    let Yaml::Map(entries) = item else {
        return parse_touch(&item.as_text()?);
    };
    // `- 2026-11-22 out email: sent my CV` unquoted is, for YAML, a map of
    // one entry: the text before the colon to the note.
    if let [(key, note)] = entries.as_slice()
        && let Some(touch) = parse_touch(&format!("{}: {}", key.as_text()?, note.as_text()?))
    {
        return Some(touch);
    }
    let field = |name: &str| {
        entries
            .iter()
            .find(|(k, _)| k.as_text().as_deref() == Some(name))
            .and_then(|(_, v)| v.as_text())
    };
    Some(Touch {
        date: parse_when(&field("date")?)?.date,
        dir: direction(&field("dir")?)?,
        channel: field("channel").map(Cow::into_owned),
        note: field("note").map(Cow::into_owned),
    })
}

/// Reads `DATE out|in [CHANNEL][: NOTE]`.
pub fn parse_touch(text: &str) -> Option<Touch> {
    let (date, rest) = text.trim().split_once(char::is_whitespace)?;
    let date = parse_when(date)?.date;
    let (head, note) = match rest.split_once(':') {
        Some((head, note)) => (head, Some(note.trim()).filter(|n| !n.is_empty())),
        None => (rest, None),
    };
    let mut words = head.split_whitespace();
    let dir = direction(words.next()?)?;
    let channel = words.next().map(str::to_owned);
    if words.next().is_some() {
        return None;
    }
    Some(Touch {
        date,
        dir,
        channel,
        note: note.map(str::to_owned),
    })
}

/// `out` or `in`, in any case.
fn direction(text: &str) -> Option<Direction> {
    let text = text.trim().to_lowercase();
    [Direction::Out, Direction::In]
        .into_iter()
        .find(|dir| dir.as_str() == text)
}

/// A checkbox: a YAML boolean, or a yes or no written as text, in English
/// or French.
pub(super) fn checkbox_value(value: &Yaml) -> Option<bool> {
    match value {
        Yaml::Bool(b) => Some(*b),
        Yaml::Str(s) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "on" | "oui" => Some(true),
            "false" | "no" | "n" | "off" | "non" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The values of a property that may hold one value or a list of them.
pub(super) fn items_of(value: &Yaml) -> &[Yaml] {
    match value {
        Yaml::Seq(items) if !is_unquoted_link(value) => items,
        single => std::slice::from_ref(single),
    }
}

/// `[[Name]]` without quotes: a list holding a list holding one text.
fn is_unquoted_link(value: &Yaml) -> bool {
    let Yaml::Seq(outer) = value else {
        return false;
    };
    matches!(outer.as_slice(), [Yaml::Seq(inner)] if matches!(inner.as_slice(), [Yaml::Str(_)]))
}

/// True when a value, or any value inside it, is a template placeholder.
pub(super) fn holds_placeholder(value: &Yaml) -> bool {
    match value {
        Yaml::Str(text) => is_placeholder(text),
        Yaml::Seq(items) => items.iter().any(holds_placeholder),
        // `date: {{date}}` unquoted is a map whose key is a map.
        Yaml::Map(entries) => entries.iter().any(|(k, v)| {
            matches!(k, Yaml::Map(_)) && *v == Yaml::Null
                || holds_placeholder(k)
                || holds_placeholder(v)
        }),
        _ => false,
    }
}

/// `{{date}}` (Obsidian, Templater) or `<% tp.date.now() %>` (Templater)
/// left in a value: the note was created from a template that did not run.
fn is_placeholder(text: &str) -> bool {
    // Every value of every note is looked at: one pass over its bytes
    // settles the values with neither `{` nor `<`, nearly all of them.
    text.bytes().any(|b| b == b'{' || b == b'<')
        && ((text.contains("{{") && text.contains("}}"))
            || (text.contains("<%") && text.contains("%>")))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::parse;
    use super::*;
    use crate::note::Kind;

    #[test]
    fn touches_as_text_and_as_maps() {
        let note = parse(
            "People/Ana.md",
            "---\ntouches:\n  - 2026-11-22 out email: sent my CV\n  - \"2026-11-23 in\"\n  - \"2026-11-24T09:30 out phone: a call: short\"\n  - {date: 2026-11-25, dir: in, channel: linkedin}\n  - 2026-11-26 sideways\n  - out 2026-11-27\n  - 2026-11-28 out two words channel\n---\n",
        );
        let Kind::Person(_, p) = &note.kind else {
            panic!()
        };
        let texts: Vec<String> = p.touches.iter().map(Touch::to_text).collect();
        assert_eq!(
            texts,
            [
                "2026-11-22 out email: sent my CV",
                "2026-11-23 in",
                "2026-11-24 out phone: a call: short",
                "2026-11-25 in linkedin",
            ]
        );
        assert_eq!(note.issues.len(), 3, "{:?}", note.issues);
        assert!(note.issues.iter().all(|i| i.line == 2));
        for text in &texts {
            assert_eq!(parse_touch(text).map(|t| t.to_text()).as_ref(), Some(text));
        }
    }

    #[test]
    fn datetimes_in_every_written_form() {
        for text in [
            "2026-11-20",
            "2026-11-20T14:30",
            "2026-11-20 14:30:00",
            "2026-11-20T14:30:00+01:00",
            "2026-11-20T14:30[Europe/Paris]",
        ] {
            assert!(parse_when(text).is_some(), "{text}");
        }
        for text in ["20/11/2026", "2026-13-01", "{{date}}", "2026-11-20x", ""] {
            assert!(parse_when(text).is_none(), "{text}");
        }
    }
}
