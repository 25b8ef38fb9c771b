//! The note editor over generated notes: random keys, scalar and list values
//! in every way they are written, comments, line endings, a BOM, bodies with
//! tasks; random changes. Whatever the note, the result parses to the old
//! properties plus the change, the body is the same (or the same but for the
//! ticked line), and every line not changed is byte-identical.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

use std::fmt::Write as _;

use chrono::NaiveDate;
use proptest::prelude::*;
use suivi::body;
use suivi::editor::{Change, apply, changed_lines};
use suivi::frontmatter::{self, Property, Yaml};

/// How many generated notes each property runs on.
const CASES: u32 = 2000;

const KEYS: &[&str] = &[
    "status",
    "company",
    "role",
    "topic",
    "tags",
    "aliases",
    "touches",
    "prepared",
    "snooze_until",
    "thank_you_sent",
    "contact",
    "email",
];

#[derive(Debug, Clone)]
enum Value {
    Plain(String),
    Double(String),
    Single(String),
    Empty,
    Flow(Vec<String>),
    Block(usize, Vec<String>),
    BlockMaps(usize, usize),
}

impl Value {
    fn is_list(&self) -> bool {
        matches!(
            self,
            Value::Flow(_) | Value::Block(..) | Value::BlockMaps(..)
        )
    }
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9]{0,8}",
        "2026-1[0-2]-[0-2][0-9]",
        "[A-Z][a-zé]{1,6} [A-Z][a-z]{1,6}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        word().prop_map(Value::Plain),
        "[a-zA-Z ,:#\\[\\]é'-]{0,12}".prop_map(Value::Double),
        "[a-zA-Z ,:#\"é'-]{0,12}".prop_map(Value::Single),
        Just(Value::Empty),
        prop::collection::vec(word(), 0..4).prop_map(Value::Flow),
        (
            prop::sample::select(vec![0usize, 2, 4]),
            prop::collection::vec(word(), 1..4)
        )
            .prop_map(|(indent, items)| Value::Block(indent, items)),
        (prop::sample::select(vec![0usize, 2]), 1..3usize)
            .prop_map(|(indent, n)| Value::BlockMaps(indent, n)),
    ]
}

/// A generated note and what it was made of.
#[derive(Debug, Clone)]
struct Note {
    text: String,
    values: Vec<(String, Value)>,
}

fn yaml_text(value: &Value, comment: bool, eol: &str) -> String {
    let tail = if comment { " # note" } else { "" };
    match value {
        Value::Plain(w) => format!(" {w}{tail}{eol}"),
        Value::Double(s) => format!(" \"{s}\"{tail}{eol}"),
        Value::Single(s) => format!(" '{}'{tail}{eol}", s.replace('\'', "''")),
        Value::Empty => format!("{tail}{eol}"),
        Value::Flow(items) => format!(" [{}]{tail}{eol}", items.join(", ")),
        Value::Block(indent, items) => {
            let pad = " ".repeat(*indent);
            let mut text = format!("{tail}{eol}");
            for item in items {
                write!(text, "{pad}- {item}{eol}").unwrap();
            }
            text
        }
        Value::BlockMaps(indent, n) => {
            let pad = " ".repeat(*indent);
            let mut text = format!("{tail}{eol}");
            for day in 1..=*n {
                write!(text, "{pad}- date: 2026-11-0{day}{eol}{pad}  dir: out{eol}").unwrap();
            }
            text
        }
    }
}

fn body_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Some text".to_owned()),
        Just(String::new()),
        Just("\tcode with a tab".to_owned()),
        Just("---".to_owned()),
        Just("# Heading".to_owned()),
        Just("- [x] done already".to_owned()),
        Just("key: not a property".to_owned()),
        (0..4usize, 0..100u32).prop_map(|(form, n)| match form {
            0 => format!("- [ ] task {n}"),
            1 => format!("* [ ] task {n} 📅 2026-12-0{}", n % 9 + 1),
            2 => format!("{}. [ ] task {n}", n % 9 + 1),
            _ => format!("  + [ ] task {n}"),
        }),
    ]
}

fn note() -> impl Strategy<Value = Note> {
    note_with(0)
}

/// A note whose body holds at least `tasks` open tasks among its lines.
fn note_with(tasks: usize) -> impl Strategy<Value = Note> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec((value(), any::<bool>(), any::<bool>()), 0..6),
        prop::sample::subsequence(KEYS.to_vec(), 6).prop_shuffle(),
        prop::collection::vec(body_line(), 0..8),
        any::<bool>(),
        prop::collection::vec((any::<prop::sample::Index>(), 0..4usize), tasks..tasks + 3),
    )
        .prop_map(
            |(crlf, bom, with_front, values, keys, mut body, last_newline, extra)| {
                for (i, (at, indent)) in extra.into_iter().enumerate() {
                    let at = at.index(body.len() + 1);
                    body.insert(at, format!("{}- [ ] extra {i}", " ".repeat(indent)));
                }
                let eol = if crlf { "\r\n" } else { "\n" };
                let mut text = String::new();
                if bom {
                    text.push('\u{feff}');
                }
                let mut kept = Vec::new();
                if with_front {
                    text.push_str("---");
                    text.push_str(eol);
                    for ((value, comment, comment_line), key) in values.into_iter().zip(keys) {
                        if comment_line {
                            write!(text, "# about {key}{eol}").unwrap();
                        }
                        write!(text, "{key}:{}", yaml_text(&value, comment, eol)).unwrap();
                        kept.push((key.to_owned(), value));
                    }
                    text.push_str("---");
                    if !body.is_empty() || last_newline {
                        text.push_str(eol);
                    }
                } else if body.first().is_some_and(|l| l == "---" || l.is_empty()) {
                    text.push_str("Intro");
                    text.push_str(eol);
                }
                let lines = body.len();
                for (i, line) in body.into_iter().enumerate() {
                    text.push_str(&line);
                    if i + 1 < lines || last_newline {
                        text.push_str(eol);
                    }
                }
                Note { text, values: kept }
            },
        )
}

fn change() -> impl Strategy<Value = (usize, String, bool)> {
    (
        0..3usize,
        prop_oneof![
            word(),
            "[ -~é📅]{0,16}",
            prop::sample::select(vec![
                "[[Ann Lee]]".to_owned(),
                "a: b".to_owned(),
                "#tag".to_owned(),
                "yes".to_owned(),
                "12".to_owned(),
                "1.50".to_owned(),
                "null".to_owned(),
                String::new(),
                " lead".to_owned(),
                "- x".to_owned(),
                "line\nbreak".to_owned(),
                "say \"hi\" \\o/".to_owned(),
                "2026-12-01 out email: sent my CV".to_owned(),
            ]),
        ],
        any::<bool>(),
    )
}

fn properties(text: &str) -> Vec<Property> {
    let split = frontmatter::split(text);
    split
        .yaml
        .map(|y| frontmatter::parse_yaml(y, split.yaml_line).unwrap())
        .unwrap_or_default()
}

fn text_of(value: &Yaml) -> Option<String> {
    match value {
        Yaml::Seq(_) | Yaml::Map(_) | Yaml::Null => None,
        other => other.as_text().map(std::borrow::Cow::into_owned),
    }
}

/// The properties of `new` are those of `old` but for `key`, which `check`
/// judges; the order is kept and a new key comes last.
fn assert_properties(old: &str, new: &str, key: &str, check: impl Fn(Option<&Yaml>, &Yaml)) {
    let old = properties(old);
    let new = properties(new);
    let mut keys: Vec<&str> = old.iter().map(|p| p.key.as_str()).collect();
    if !keys.contains(&key) {
        keys.push(key);
    }
    assert_eq!(new.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), keys);
    for p in &new {
        let before = old.iter().find(|o| o.key == p.key).map(|o| &o.value);
        if p.key == key {
            check(before, &p.value);
        } else {
            assert_eq!(before, Some(&p.value), "{}", p.key);
        }
    }
}

/// Text shaped like a note: fences, keys, lists, quotes, anchors, block
/// scalars, comments, tasks, tabs and line endings in any order.
fn notelike() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_owned()),
        Just("...\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("  ".to_owned()),
        Just("\t".to_owned()),
        Just("- ".to_owned()),
        Just("? ".to_owned()),
        Just(": ".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("!!str ".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(", ".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\\".to_owned()),
        Just(" #".to_owned()),
        Just("|".to_owned()),
        Just(">".to_owned()),
        Just("- [ ] ".to_owned()),
        Just("1. [ ] ".to_owned()),
        Just("> ".to_owned()),
        Just(" ^id".to_owned()),
        Just("📅 2026-12-01".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("\u{85}".to_owned()),
        prop::sample::select(KEYS.to_vec()).prop_map(|k| format!("{k}:")),
        "[a-zA-Zé0-9 ._/-]{0,8}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever the text, the editor answers without panicking, and what it
    /// returns passes the check and changes at most one line.
    #[test]
    fn any_text_is_edited_or_refused(
        text in notelike(),
        (pick, value, set) in change(),
        line in 0..30usize,
        tick in any::<bool>(),
    ) {
        let key = KEYS[pick * 5 % KEYS.len()];
        let change = if tick {
            Change::TickTask { line, text: value.clone(), on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() }
        } else if set {
            Change::SetProperty { key: key.into(), value }
        } else {
            Change::AddItem { key: key.into(), item: value, map_form: vec![("date".into(), "x".into())] }
        };
        if let Ok(new) = apply(&text, &change) {
            prop_assert!(suivi::editor::check(&text, &new, &change).is_ok());
            let (removed, _) = changed_lines(&text, &new);
            prop_assert!(removed.len() <= 1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_property_change_is_that_change_and_nothing_else(
        note in note(),
        (pick, value, set) in change(),
    ) {
        let key = KEYS[pick * 5 % KEYS.len()];
        let key = note.values.get(pick).map_or(key, |(k, _)| k.as_str());
        let present = note.values.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let change = if set {
            Change::SetProperty { key: key.into(), value: value.clone() }
        } else {
            Change::AddItem { key: key.into(), item: value.clone(), map_form: vec![
                ("date".into(), "2026-12-01".into()),
                ("dir".into(), "out".into()),
            ] }
        };
        let result = apply(&note.text, &change);
        let editable = match (present, set) {
            (None | Some(Value::Empty), _) => true,
            (Some(v), true) => !v.is_list(),
            (Some(v), false) => v.is_list(),
        };
        prop_assert_eq!(result.is_ok(), editable, "{:?} on {:?}: {:?}", change, note.text, result);
        let Ok(new) = result else { return Ok(()) };
        let (removed, added) = changed_lines(&note.text, &new);
        prop_assert!(removed.len() <= 1 && added.len() <= 4, "{:?} {:?}", removed, added);
        // No line changes only when the note already held the value.
        prop_assert!(!added.is_empty() || (set && new == note.text));
        prop_assert_eq!(frontmatter::split(&note.text).body, frontmatter::split(&new).body);
        prop_assert_eq!(note.text.starts_with('\u{feff}'), new.starts_with('\u{feff}'));
        let eol = if note.text.contains("\r\n") { "\r\n" } else { "\n" };
        for line in &added {
            prop_assert!(line.ends_with(eol) || !line.ends_with('\n'), "{:?}", line);
        }
        if set {
            assert_properties(&note.text, &new, key, |_, after| {
                assert_eq!(text_of(after).as_deref(), Some(value.as_str()));
            });
        } else {
            let maps = matches!(present, Some(Value::BlockMaps(..)));
            assert_properties(&note.text, &new, key, |before, after| {
                let old_items = match before {
                    Some(Yaml::Seq(items)) => items.clone(),
                    _ => Vec::new(),
                };
                let Yaml::Seq(items) = after else { panic!("{after:?}") };
                assert_eq!(&items[..items.len() - 1], &old_items[..]);
                let last = &items[items.len() - 1];
                if maps {
                    let Yaml::Map(entries) = last else { panic!("{last:?}") };
                    assert_eq!(entries.len(), 2);
                } else {
                    assert_eq!(text_of(last).as_deref(), Some(value.as_str()));
                }
            });
        }
    }

    #[test]
    fn a_tick_changes_its_line_only(note in note_with(1), pick in any::<prop::sample::Index>()) {
        let split = frontmatter::split(&note.text);
        let tasks = body::parse(split.body, split.body_line, false).tasks;
        prop_assume!(!tasks.is_empty());
        let task = &tasks[pick.index(tasks.len())];
        let on = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let change = Change::TickTask { line: task.line, text: task.text.to_string(), on };
        let new = apply(&note.text, &change).map_err(|e| TestCaseError::fail(format!("{e} in {:?}", note.text)))?;
        let (removed, added) = changed_lines(&note.text, &new);
        prop_assert_eq!(removed.len(), 1);
        prop_assert_eq!(added.len(), 1);
        prop_assert_eq!(
            added[0].replacen(" ✅ 2026-12-01", "", 1).replacen("[x]", "[ ]", 1),
            removed[0]
        );
        prop_assert_eq!(properties(&note.text), properties(&new));
        let after = body::parse(frontmatter::split(&new).body, split.body_line, false).tasks;
        let mut expected = tasks.clone();
        expected.retain(|t| t.line != task.line);
        prop_assert_eq!(after, expected);
    }
}
