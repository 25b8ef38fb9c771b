//! A fast reader for the front-matter most notes carry: `key: value` lines,
//! lists of plain or quoted items, and lists of small maps, the shapes
//! Obsidian's property editor writes. Parsing YAML is most of the cost of
//! reading a vault; these shapes are read here directly, line by line, and
//! every other shape is left to the YAML parser.
//!
//! It reads a front-matter only when it can read it exactly as the YAML
//! parser would, and otherwise declines (returns `None`) so the YAML parser
//! reads it: comments, tabs, block scalars, anchors, tags, escapes,
//! multi-line or nested values, numbers other than plain integers, any
//! spelling of a boolean or null but `true`, `false`, `null` and `~`. It
//! never reports an error: a front-matter it declines may be valid or not,
//! and the YAML parser says which. Its tests check that the two agree on
//! everything it accepts.

use super::{Property, Yaml};

/// Where a scalar is written: flow collections (`[…]`, `{…}`) give `,`,
/// brackets and braces a meaning.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Flow,
}

/// The properties of `yaml`, if it is made only of the shapes this reads.
pub fn parse(yaml: &str, first_line: usize) -> Option<Vec<Property>> {
    if yaml.contains(['#', '\t', '\\']) {
        return None;
    }
    let lines: Vec<&str> = yaml
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let mut properties: Vec<Property> = Vec::new();
    let mut at = 0;
    while let Some(line) = next_line(&lines, &mut at) {
        let (key, rest) = key_and_rest(line)?;
        if properties.iter().any(|p| p.key == key) {
            return None;
        }
        let line_number = first_line + at;
        at += 1;
        let value = if rest.is_empty() {
            block_value(&lines, &mut at)?
        } else {
            inline(rest, Context::Block)?
        };
        properties.push(Property {
            key: key.to_owned(),
            line: line_number,
            value,
        });
    }
    Some(properties)
}

/// Moves `at` to the next line that is not blank, and returns it.
fn next_line<'a>(lines: &[&'a str], at: &mut usize) -> Option<&'a str> {
    while let Some(line) = lines.get(*at) {
        if !line.trim_start_matches(' ').is_empty() {
            return Some(line);
        }
        *at += 1;
    }
    None
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `key: rest` or `key:` at the start of `line`: a key made of ASCII
/// letters, digits, `_` and `-`, starting with a letter, that no YAML
/// schema reads as anything but text.
fn key_and_rest(line: &str) -> Option<(&str, &str)> {
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let (key, after) = line.split_at(end);
    let starts_with_letter = key.starts_with(|c: char| c.is_ascii_alphabetic());
    if !starts_with_letter || is_reserved_word(key) {
        return None;
    }
    let rest = after.strip_prefix(':')?;
    if rest.is_empty() {
        return Some((key, rest));
    }
    rest.starts_with(' ').then(|| (key, rest.trim_matches(' ')))
}

/// Words some YAML schema reads as a boolean or null, in any case.
fn is_reserved_word(word: &str) -> bool {
    const WORDS: [&str; 13] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "nan", "infinity",
        "none",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The value of a `key:` line with nothing after the colon: a list on the
/// lines that follow, or nothing.
fn block_value(lines: &[&str], at: &mut usize) -> Option<Yaml> {
    let Some(line) = next_line(lines, at) else {
        return Some(Yaml::Null);
    };
    let depth = indent(line);
    let item = &line[depth..];
    if item == "-" || item.starts_with("- ") {
        sequence(lines, at, depth)
    } else if depth == 0 {
        Some(Yaml::Null)
    } else {
        None
    }
}

/// A block list whose `- ` markers stand at `depth`; each item is a scalar,
/// a flow collection, or a map of `key: value` lines.
fn sequence(lines: &[&str], at: &mut usize, depth: usize) -> Option<Yaml> {
    let mut items = Vec::new();
    while let Some(line) = next_line(lines, at) {
        let here = indent(line);
        if here < depth || (here == depth && !line[here..].starts_with("- ")) {
            // The list has ended; only a top-level key may follow it.
            if here != 0 {
                return None;
            }
            break;
        }
        // More spaces after the marker would move a map item's keys off the
        // column its next lines must share.
        let text = line[here..].strip_prefix("- ")?.trim_end_matches(' ');
        if here != depth || text.is_empty() || text.starts_with(' ') {
            return None;
        }
        *at += 1;
        items.push(match key_and_rest(text) {
            Some(first) => item_map(lines, at, depth + 2, first)?,
            None => inline(text, Context::Block)?,
        });
    }
    Some(Yaml::Seq(items))
}

/// A list item that is a map: its first entry on the `- ` line, the
/// others on the lines below, aligned with the first key.
fn item_map(
    lines: &[&str],
    at: &mut usize,
    depth: usize,
    (key, rest): (&str, &str),
) -> Option<Yaml> {
    let mut entries = Vec::new();
    add_entry(&mut entries, key, value_on_line(rest)?)?;
    while let Some(line) = next_line(lines, at) {
        let here = indent(line);
        if here < depth {
            break;
        }
        if here > depth {
            return None;
        }
        let (key, rest) = key_and_rest(&line[here..])?;
        add_entry(&mut entries, key, value_on_line(rest)?)?;
        *at += 1;
    }
    Some(Yaml::Map(entries))
}

/// The value of a map's `key: value` line; a value on the lines below is
/// declined.
fn value_on_line(rest: &str) -> Option<Yaml> {
    if rest.is_empty() {
        return None;
    }
    inline(rest, Context::Block)
}

/// Adds an entry to a map; a key written twice is declined, for the YAML
/// parser to report.
fn add_entry(entries: &mut Vec<(Yaml, Yaml)>, key: &str, value: Yaml) -> Option<()> {
    let key = Yaml::Str(key.to_owned());
    if entries.iter().any(|(k, _)| *k == key) {
        return None;
    }
    entries.push((key, value));
    Some(())
}

/// A value written on the line of its key or list marker.
fn inline(text: &str, context: Context) -> Option<Yaml> {
    match text.as_bytes().first()? {
        b'"' | b'\'' => whole_quoted(text),
        b'[' => flow_sequence(text.strip_prefix('[')?.strip_suffix(']')?),
        b'{' => flow_map(text.strip_prefix('{')?.strip_suffix('}')?),
        _ => plain(text, context),
    }
}

/// A quoted scalar that is the whole of `text`.
fn whole_quoted(text: &str) -> Option<Yaml> {
    match quoted(text)? {
        (value, "") => Some(value),
        _ => None,
    }
}

/// A quoted scalar at the start of `text`, without escapes, and the text
/// after it with its spaces trimmed.
fn quoted(text: &str) -> Option<(Yaml, &str)> {
    let quote = text.chars().next()?;
    let inner = &text[1..];
    let close = inner.find(quote)?;
    let value = &inner[..close];
    let after = inner[close + 1..].trim_start_matches(' ');
    // `''` inside single quotes is an escaped quote.
    if after.starts_with(quote) || value.contains(is_unusual) {
        return None;
    }
    Some((Yaml::Str(value.to_owned()), after))
}

/// Characters some YAML reader treats specially anywhere in a scalar:
/// controls, line and paragraph separators, byte-order marks.
fn is_unusual(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// The items of `[a, "b", c]`, given what is between the brackets.
fn flow_sequence(inner: &str) -> Option<Yaml> {
    let items = flow_items(inner)?
        .into_iter()
        .map(flow_scalar)
        .collect::<Option<Vec<Yaml>>>()?;
    Some(Yaml::Seq(items))
}

/// The entries of `{a: 1, b: c}`, given what is between the braces.
fn flow_map(inner: &str) -> Option<Yaml> {
    let mut entries: Vec<(Yaml, Yaml)> = Vec::new();
    for item in flow_items(inner)? {
        let (key, rest) = key_and_rest(item)?;
        if rest.is_empty() {
            return None;
        }
        add_entry(&mut entries, key, flow_scalar(rest)?)?;
    }
    Some(Yaml::Map(entries))
}

/// The comma-separated items of a flow collection, trimmed; quotes and
/// nested collections are declined, and so is an empty item.
fn flow_items(inner: &str) -> Option<Vec<&str>> {
    if inner.trim_matches(' ').is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(',')
        .map(|item| {
            let item = item.trim_matches(' ');
            let simple = !item.is_empty() && !item.contains(['[', ']', '{', '}']);
            simple.then_some(item)
        })
        .collect()
}

/// A scalar inside a flow collection: quoted without a comma inside (the
/// items were cut at commas), or plain.
fn flow_scalar(text: &str) -> Option<Yaml> {
    if text.starts_with(['"', '\'']) {
        whole_quoted(text)
    } else {
        plain(text, Context::Flow)
    }
}

/// An unquoted scalar, resolved as YAML 1.2 would with suivi's options:
/// `null`, `~`, `true`, `false`, decimal integers, else text.
fn plain(text: &str, context: Context) -> Option<Yaml> {
    const INDICATORS: &[char] = &[
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`',
    ];
    let breaks = match context {
        Context::Block => text.contains(": ") || text.ends_with(':'),
        Context::Flow => text.contains([':', ',', '[', ']', '{', '}']),
    };
    if text.starts_with(INDICATORS) || breaks || text.contains(is_unusual) {
        return None;
    }
    match text {
        "null" | "~" => return Some(Yaml::Null),
        "true" => return Some(Yaml::Bool(true)),
        "false" => return Some(Yaml::Bool(false)),
        _ if is_reserved_word(text.trim_start_matches('+')) => return None,
        _ => {}
    }
    if !text.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '.') {
        return Some(Yaml::Str(text.to_owned()));
    }
    if is_date_or_time(text) {
        return Some(Yaml::Str(text.to_owned()));
    }
    let integer = text.bytes().all(|b| b.is_ascii_digit())
        && text.len() <= 18
        && (text == "0" || !text.starts_with('0'));
    integer.then(|| text.parse().ok().map(Yaml::Int))?
}

/// `2026-11-20`, `2026-11-20T14:30` or `2026-11-20 14:30`: text to YAML 1.2.
fn is_date_or_time(text: &str) -> bool {
    let shape_is = |shape: &str| {
        text.len() == shape.len()
            && text.bytes().zip(shape.bytes()).all(|(b, s)| match s {
                b'9' => b.is_ascii_digit(),
                b'T' => b == b'T' || b == b' ',
                _ => b == s,
            })
    };
    shape_is("9999-99-99") || shape_is("9999-99-99T99:99")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::parse_yaml;
    use super::*;

    /// The fast reader, when it reads `yaml`, agrees with the YAML parser.
    fn agrees(yaml: &str) -> bool {
        match parse(yaml, 2) {
            Some(fast) => {
                assert_eq!(Ok(fast), parse_yaml(yaml, 2), "on {yaml:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn reads_what_the_property_editor_writes() {
        let note = "contact: \"[[Maëlle Dupré 5]]\"\r\ndate: 2024-11-22T09:30\n\
            company: '[[Initech]]'\nduration: 88\nphone: 0612345678\n\
            topic: product and C++, with L'Oréal\nmay_mention: true\nempty:\n\
            nothing: ~\nquestions:\n  - What would you do differently?\n  - \"Who: else?\"\n\
            referrals:\n  - name: \"[[Thomas Dubois 3]]\"\n    company: Hooli\n\
            \n    note: project\n  - name: Zoé\ntouches:\n\
            - {date: 2026-06-09, dir: in, channel: email}\n- {}\n\
            tags: [interview, \"a b\", 12]\naliases: []\nurl: https://example.com/a?b=c\n";
        // The phone number's leading zero sends this one to the YAML parser.
        assert!(!agrees(note));
        let without_phone = note.replace("phone: 0612345678\n", "");
        assert!(agrees(&without_phone));
        let props = parse(&without_phone, 2).unwrap();
        assert_eq!(props.len(), 14);
        assert_eq!(props[4].line, 6);
        assert_eq!(props[6].value, Yaml::Null);
    }

    #[test]
    fn declines_what_it_does_not_read_exactly() {
        for yaml in [
            "a: 1 # comment\n",
            "a: |\n  text\n",
            "a: &x 1\nb: *x\n",
            "a: !tag 1\n",
            "a: \"esc\\\"aped\"\n",
            "a: 'it''s'\n",
            "a: one\n  two\n",
            "a:\n  b: 1\n",
            "a: 1.5\n",
            "a: 0x1F\n",
            "a: .inf\n",
            "a: True\n",
            "a: yes\n",
            "a: -3\n",
            "a: 1_000\n",
            "a: 1\na: 2\n",
            "1: a\n",
            "a: [b, [c]]\n",
            "a: {b: 1, b: 2}\n",
            "a:\n  - b: 1\n    b: 2\n",
            "- a\n",
            "a:\n  - b\n   - c\n",
            "a:\tb\n",
            "a: \"x\" y\n",
            "a: b: c\n",
            "a:\n-  name: X\n  company: Z\n",
        ] {
            assert!(parse(yaml, 2).is_none(), "{yaml:?}");
        }
    }

    fn scalar() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 éÉ'\".:,\\-+~_@/\\[\\]{}?!&*|>%=]{0,12}",
            "(true|false|null|~|True|NULL|yes|no|0|00|007|12|-5|\\+5|1e3|1\\.5|\\.5|inf|nan)",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2})?",
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        let item = prop_oneof![
            scalar(),
            scalar().prop_map(|s| format!("\"{s}\"")),
            scalar().prop_map(|s| format!("'{s}'")),
        ];
        prop_oneof![
            item.clone(),
            prop::collection::vec(item.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(item.clone(), 0..3)
                .prop_map(|v| v.iter().flat_map(|i| ["\n  - ", i.as_str()]).collect()),
            prop::collection::vec(item, 1..3).prop_map(|v| {
                let entries: Vec<String> =
                    (0..).zip(&v).map(|(n, i)| format!("k{n}: {i}")).collect();
                // The last item's keys stand one column off its first key.
                let lines = entries.join("\n    ");
                format!(
                    "\n  - {{{}}}\n  - {lines}\n  -  {lines}",
                    entries.join(", ")
                )
            }),
        ]
    }

    proptest! {
        #[test]
        fn agrees_with_the_yaml_parser(
            entries in prop::collection::vec(("[a-z][a-z_]{0,6}", value()), 0..6)
        ) {
            let yaml: String = (entries.iter())
                .flat_map(|(k, v)| [k.as_str(), ": ", v, "\n"])
                .collect();
            agrees(&yaml);
        }
    }
}
