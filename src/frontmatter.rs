//! Notes stage, first half: find a note's front-matter and parse its YAML.
//!
//! The split follows what Obsidian reads as properties: a `---` line first in
//! the file (after an optional byte-order mark), closed by the next `---` or
//! `...` line. Everything after the closing fence is body, even another
//! `---` block. An opening fence without a closing one is reported and the
//! whole file is read as body, like Obsidian does.
//!
//! The YAML is parsed with serde-saphyr under explicit budgets (size, depth,
//! aliases, nodes), so a hostile front-matter — an alias bomb, nesting
//! thousands of levels deep, megabytes of text — costs a bounded amount of
//! memory and time and becomes an error for that one note.

pub mod flat;

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Options, Spanned};

use crate::lang::Lang;

/// Front-matter larger than this is refused before parsing: property blocks
/// are a few kilobytes, and the limit keeps one pasted blob from costing the
/// whole vault's parse time.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;

/// Deepest nesting accepted in a property value. Properties are at most a list
/// of maps (`referrals`, `touches`); 16 leaves room for anything hand-written.
const MAX_DEPTH: usize = 16;

/// A note's text cut at its front-matter fences.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the note has a closed front-matter.
    pub yaml: Option<&'a str>,
    /// 1-based line of the file where the YAML starts (the line after `---`).
    pub yaml_line: usize,
    /// The markdown body.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Set when an opening fence has no closing fence.
    pub unclosed: bool,
}

/// Splits a note into front-matter and body without copying.
pub fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let whole_body = Split {
        yaml: None,
        yaml_line: 1,
        body: text,
        body_line: 1,
        unclosed: false,
    };
    let Some(after_open) = strip_fence_line(text, "---") else {
        return whole_body;
    };
    let yaml_start = text.len() - after_open.len();
    let mut offset = yaml_start;
    for (line, raw_line) in (2..).zip(after_open.split_inclusive('\n')) {
        let content = raw_line.trim_end_matches(['\n', '\r']);
        if content.trim_end() == "---" || content.trim_end() == "..." {
            return Split {
                yaml: Some(&text[yaml_start..offset]),
                yaml_line: 2,
                body: &text[offset + raw_line.len()..],
                body_line: line + 1,
                unclosed: false,
            };
        }
        offset += raw_line.len();
    }
    Split {
        unclosed: true,
        ..whole_body
    }
}

/// Returns the text after a first line that is exactly `fence` (trailing
/// spaces and CR allowed), or `None`.
fn strip_fence_line<'a>(text: &'a str, fence: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(fence)?;
    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let tail = &rest[..line_end];
    tail.trim_end_matches(['\n', '\r'])
        .trim_end_matches([' ', '\t'])
        .is_empty()
        .then(|| &rest[line_end..])
}

/// A YAML value as written, before suivi gives it a meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Yaml>),
    Map(Vec<(Yaml, Yaml)>),
}

impl Yaml {
    /// The scalar's text, for values read as text (`role: 1.10` is text).
    pub fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Yaml::Str(s) => Some(Cow::Borrowed(s)),
            Yaml::Int(i) => Some(Cow::Owned(i.to_string())),
            Yaml::Float(f) => Some(Cow::Owned(f.to_string())),
            Yaml::Bool(b) => Some(Cow::Owned(b.to_string())),
            Yaml::Null | Yaml::Seq(_) | Yaml::Map(_) => None,
        }
    }

    /// A short name for the value's shape, used in error messages.
    pub fn kind_name(&self, lang: Lang) -> &'static str {
        let kind = match self {
            Yaml::Null => 0,
            Yaml::Bool(_) => 1,
            Yaml::Int(_) | Yaml::Float(_) => 2,
            Yaml::Str(_) => 3,
            Yaml::Seq(_) => 4,
            Yaml::Map(_) => 5,
        };
        crate::i18n::words(lang).issues.value_kinds[kind]
    }
}

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Yaml, E> {
        Ok(Yaml::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Yaml, E> {
        Ok(Yaml::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Yaml, E> {
        Ok(Yaml::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Yaml, E> {
        Ok(i128::try_from(v).map_or_else(|_| Yaml::Str(v.to_string()), Yaml::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Yaml, E> {
        Ok(Yaml::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Yaml, E> {
        Ok(Yaml::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Yaml, E> {
        Ok(Yaml::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }
    fn visit_none<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        Yaml::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Yaml::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Yaml::Map(entries))
    }
}

/// One top-level property of a note.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub key: String,
    /// 1-based line of the file where the property's key is written.
    pub line: usize,
    pub value: Yaml,
}

/// Why a front-matter could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line of the file.
    pub line: usize,
    pub message: String,
}

/// The top level of a front-matter: properties in the order written, each
/// with the line of its key.
struct TopLevel(Vec<(Spanned<Yaml>, Yaml)>);

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TopVisitor;
        impl<'de> Visitor<'de> for TopVisitor {
            type Value = TopLevel;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of properties (`key: value` lines)")
            }
            fn visit_unit<E>(self) -> Result<TopLevel, E> {
                Ok(TopLevel(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(TopLevel(entries))
            }
        }
        deserializer.deserialize_map(TopVisitor)
    }
}

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = 64;
    budget.max_anchors = 64;
    budget.max_nodes = 20_000;
    budget.max_events = 50_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = MAX_FRONT_MATTER_BYTES;
    let mut options = Options::default();
    options.budget = Some(budget);
    // `phone: 0612345678` must keep its leading zero.
    options.leading_zero_numbers_as_strings = true;
    options.underscored_numbers_as_strings = true;
    // `NO` or `yes` in a text property is text; checkboxes are read by suivi
    // itself, which accepts these spellings where a checkbox is expected.
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// Parses the YAML of a front-matter into properties. `first_line` is the
/// file line where `yaml` starts, so every line reported is a line of the file.
/// The common shapes are read by [`flat`], the rest by the YAML parser.
pub fn parse_properties(yaml: &str, first_line: usize) -> Result<Vec<Property>, YamlError> {
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(YamlError {
            line: first_line,
            message: format!(
                "the front-matter is {} KiB, more than the {} KiB suivi reads",
                yaml.len() / 1024,
                MAX_FRONT_MATTER_BYTES / 1024
            ),
        });
    }
    if yaml.contains('\0') {
        let line = first_line + yaml[..yaml.find('\0').unwrap_or(0)].matches('\n').count();
        return Err(YamlError {
            line,
            message: "the front-matter contains a NUL character".to_owned(),
        });
    }
    flat::parse(yaml, first_line).map_or_else(|| parse_yaml(yaml, first_line), Ok)
}

/// Characters YAML does not take raw in a scalar, or reads as line breaks.
pub fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// `text` as a YAML double-quoted scalar that reads back as `text`: `"`,
/// `\` and every control or line-breaking character escaped. It is also a
/// JSON string, and a string literal of Obsidian Bases' expressions.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
/// Parses a front-matter with the YAML parser alone, under its budgets.
pub fn parse_yaml(yaml: &str, first_line: usize) -> Result<Vec<Property>, YamlError> {
    let file_line =
        |yaml_line: u64| first_line + usize::try_from(yaml_line.max(1)).unwrap_or(1) - 1;
    match serde_saphyr::from_str_with_options::<TopLevel>(yaml, options()) {
        Ok(TopLevel(entries)) => entries
            .into_iter()
            .map(|(key, value)| {
                let line = file_line(key.referenced.line());
                match key.value.as_text() {
                    Some(key) => Ok(Property {
                        key: key.into_owned(),
                        line,
                        value,
                    }),
                    None => Err(YamlError {
                        line,
                        message: format!(
                            "a property name must be text, not {}",
                            key.value.kind_name(Lang::En)
                        ),
                    }),
                }
            })
            .collect(),
        Err(error) => Err(YamlError {
            line: error.location().map_or(first_line, |l| file_line(l.line())),
            message: first_line_of(&error.to_string()),
        }),
    }
}

/// serde-saphyr's messages may span lines; a vault issue is one line.
/// Their position (`at line 2, column 6`) counts from the front-matter's
/// start: the issue carries the file's line instead, so it is dropped.
fn first_line_of(message: &str) -> String {
    let line = message.lines().next().unwrap_or("invalid YAML").trim();
    without_position(line).to_owned()
}

/// `message` without a trailing ` at line N, column M` (or ` at line N`).
fn without_position(message: &str) -> &str {
    let Some(at) = message.rfind(" at line ") else {
        return message;
    };
    let position = &message[at + " at line ".len()..];
    let is_position = position
        .split(", column ")
        .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if is_position {
        message[..at].trim_end()
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn split_finds_yaml_and_body_lines() {
        let s = split("---\na: 1\nb: 2\n---\nbody\n");
        assert_eq!(s.yaml, Some("a: 1\nb: 2\n"));
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn split_handles_bom_crlf_and_dots() {
        let s = split("\u{feff}---\r\na: 1\r\n...\r\nbody");
        assert_eq!(s.yaml, Some("a: 1\r\n"));
        assert_eq!(s.body, "body");
        assert!(!s.unclosed);
    }

    #[test]
    fn split_without_fence_is_all_body() {
        let s = split("# Title\n---\na: b\n---\n");
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line, 1);
        assert!(!s.unclosed);
    }

    #[test]
    fn split_unclosed_fence_is_reported_and_read_as_body() {
        let s = split("---\na: 1\nno end\n");
        assert!(s.unclosed);
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "---\na: 1\nno end\n");
    }

    #[test]
    fn split_keeps_a_second_block_in_the_body() {
        let s = split("---\na: 1\n---\ntext\n---\nb: 2\n---\n");
        assert_eq!(s.yaml, Some("a: 1\n"));
        assert_eq!(s.body, "text\n---\nb: 2\n---\n");
    }

    #[test]
    fn split_of_empty_front_matter() {
        let s = split("---\n---\n");
        assert_eq!(s.yaml, Some(""));
        assert_eq!(parse_properties("", 2), Ok(vec![]));
    }

    #[test]
    fn properties_carry_file_lines() {
        let props = parse_properties("a: 1\n\nb: [x, y]\n", 2).unwrap();
        assert_eq!(props[0].key, "a");
        assert_eq!(props[0].line, 2);
        assert_eq!(props[1].key, "b");
        assert_eq!(props[1].line, 4);
        assert_eq!(
            props[1].value,
            Yaml::Seq(vec![Yaml::Str("x".into()), Yaml::Str("y".into())])
        );
    }

    #[test]
    fn errors_carry_file_lines() {
        let err = parse_properties("a: 1\nb: [unclosed\n", 10).unwrap_err();
        assert!(err.line >= 11, "{err:?}");
    }

    #[test]
    fn errors_carry_one_line_number_the_files() {
        for yaml in [
            "contact: Bo\ncompany: [Acme\n",
            "contact: Bo\nrole: a: b: c\n",
        ] {
            let err = parse_properties(yaml, 2).unwrap_err();
            assert!(!err.message.contains("line"), "{err:?}");
            assert!(!err.message.contains("column"), "{err:?}");
        }
        assert_eq!(without_position("bad at line 3, column 6"), "bad");
        assert_eq!(without_position("bad at line 3"), "bad");
        assert_eq!(without_position("at line of fire"), "at line of fire");
    }

    #[test]
    fn scalars_keep_their_text() {
        let props = parse_properties("p: 0612345678\nn: NO\nd: 2026-11-20\n", 2).unwrap();
        assert_eq!(props[0].value, Yaml::Str("0612345678".into()));
        assert_eq!(props[1].value, Yaml::Str("NO".into()));
        assert_eq!(props[2].value, Yaml::Str("2026-11-20".into()));
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            writeln!(
                yaml,
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
            )
            .unwrap();
        }
        assert!(parse_properties(&yaml, 2).is_err());
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let yaml = format!("a: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
        assert!(parse_properties(&yaml, 2).is_err());
        let mut block = String::from("a:\n");
        for depth in 0..3000 {
            block.push_str(&" ".repeat(depth + 1));
            block.push_str("-\n");
        }
        assert!(parse_properties(&block, 2).is_err());
    }

    #[test]
    fn a_list_at_the_top_is_an_error() {
        assert!(parse_properties("- a\n- b\n", 2).is_err());
    }

    #[test]
    fn duplicate_keys_are_an_error() {
        let err = parse_properties("a: 1\na: 2\n", 2).unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
    }
}
