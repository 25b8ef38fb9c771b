//! vCards (2.1, 3.0, 4.0; many to a file), read for the few properties an
//! import needs: `FN` (else `N`), `EMAIL`, `ORG`, `TITLE`, `TEL`, and a
//! `LinkedIn` `URL` or `X-SOCIALPROFILE`.
//!
//! Files from phones and address books are old and varied, so the reader
//! takes, in this order, for each content line:
//! - unfolding: a line starting with a space or a tab continues the one
//!   before it, that one character dropped (RFC 6350 3.2);
//! - quoted-printable soft breaks: a `QUOTED-PRINTABLE` value ending in `=`
//!   continues on the next line as it is (vCard 2.1 does not indent it);
//! - the group prefix dropped (`item1.EMAIL` is `EMAIL`);
//! - the value's bytes decoded: quoted-printable octets first, then the
//!   `CHARSET` parameter (any WHATWG label: `UTF-8`, `ISO-8859-1`, …);
//!   without one, UTF-8, else Windows-1252, the Latin-1 of old exports;
//! - structured values (`N`, `ORG`) split on unescaped `;`, then `\,`
//!   `\;` `\n` `\\` unescaped.
//!
//! Names, parameters and the lines around cards are ASCII in every version:
//! the file is read as bytes and only values are decoded, so a Latin-1 card
//! reads as well as a UTF-8 one. Properties the import does not need are
//! skipped whatever they hold (a photo's base64 lines included).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use super::plan::linkedin_key;
use super::{Entry, Problem};

/// Whether the first text of the file opens a card.
pub(super) fn looks_like_vcard(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes[start..]
        .get(..11)
        .is_some_and(|head| head.eq_ignore_ascii_case(b"BEGIN:VCARD"))
}

/// Reads every card of a file; errors carry their 1-based line.
pub(super) fn read(bytes: &[u8]) -> Result<Vec<Entry>, (usize, Problem)> {
    let mut entries = Vec::new();
    let mut card: Option<Card> = None;
    for line in logical_lines(bytes) {
        let Some(property) = Property::parse(&line.text) else {
            if line.text.iter().all(u8::is_ascii_whitespace) || card.is_some() {
                // Blank lines, and stray lines inside a card (an unindented
                // base64 photo), carry nothing the import needs.
                continue;
            }
            return Err((line.number, Problem::OutsideCard));
        };
        let name = property.name.to_ascii_uppercase();
        let value = String::from_utf8_lossy(property.value).to_ascii_uppercase();
        match (name.as_str(), value.trim(), &mut card) {
            ("BEGIN", "VCARD", None) => card = Some(Card::new(line.number)),
            // An embedded card (a 2.1 AGENT) would nest: a BEGIN inside a card
            // means the card before it never ended.
            ("BEGIN", "VCARD", Some(open)) => return Err((open.line, Problem::UnclosedCard)),
            ("END", "VCARD", Some(_)) => {
                if let Some(done) = card.take() {
                    entries.push(done.into_entry());
                }
            }
            ("END", "VCARD", None) => return Err((line.number, Problem::EndWithoutBegin)),
            (_, _, Some(open)) => open.add(&name, &property),
            (_, _, None) => return Err((line.number, Problem::OutsideCard)),
        }
    }
    match card {
        Some(open) => Err((open.line, Problem::UnclosedCard)),
        None => Ok(entries),
    }
}

/// One content line, unfolded, and the line of the file it starts on.
struct LogicalLine {
    text: Vec<u8>,
    number: usize,
}

fn logical_lines(bytes: &[u8]) -> Vec<LogicalLine> {
    let mut lines: Vec<LogicalLine> = Vec::new();
    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if let Some(last) = lines.last_mut() {
            // A quoted-printable `=` at the end is always a soft break (a
            // literal one is `=3D`), whether or not the next line is indented.
            if continues_quoted_printable(&last.text) {
                last.text.pop();
                last.text.extend_from_slice(raw);
                continue;
            }
            let folded = raw.strip_prefix(b" ").or_else(|| raw.strip_prefix(b"\t"));
            if let Some(rest) = folded.filter(|_| !last.text.is_empty()) {
                last.text.extend_from_slice(rest);
                continue;
            }
        }
        lines.push(LogicalLine {
            text: raw.to_vec(),
            number: index + 1,
        });
    }
    lines
}

/// A quoted-printable value that ends in a soft line break.
fn continues_quoted_printable(text: &[u8]) -> bool {
    text.ends_with(b"=") && Property::parse(text).is_some_and(|p| p.quoted_printable())
}

/// A content line cut into its parts, all still raw bytes.
struct Property<'a> {
    /// Without its group.
    name: &'a str,
    /// `(name, value)`, names upper-cased; a bare 2.1 parameter
    /// (`QUOTED-PRINTABLE`, `WORK`) has no value.
    params: Vec<(String, Option<String>)>,
    value: &'a [u8],
}

impl<'a> Property<'a> {
    /// `[group.]NAME[;PARAM…]:VALUE`; `None` when the line has no colon
    /// before its value or its name is not a name.
    fn parse(line: &'a [u8]) -> Option<Property<'a>> {
        let colon = value_start(line)?;
        let head = std::str::from_utf8(&line[..colon]).ok()?;
        let mut parts = split_outside_quotes(head, ';').into_iter();
        let full_name = parts.next()?.trim();
        let name = full_name.rsplit('.').next().unwrap_or(full_name);
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        let params = parts
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (
                    k.trim().to_ascii_uppercase(),
                    Some(v.trim().trim_matches('"').to_owned()),
                ),
                None => (p.trim().to_ascii_uppercase(), None),
            })
            .collect();
        Some(Property {
            name,
            params,
            value: &line[colon + 1..],
        })
    }

    fn quoted_printable(&self) -> bool {
        self.params.iter().any(|(k, v)| match v {
            Some(v) => k == "ENCODING" && v.eq_ignore_ascii_case("QUOTED-PRINTABLE"),
            None => k == "QUOTED-PRINTABLE",
        })
    }

    fn charset(&self) -> Option<&'static Encoding> {
        let label = self
            .params
            .iter()
            .find(|(k, _)| k == "CHARSET")
            .and_then(|(_, v)| v.as_deref())?;
        Encoding::for_label(label.as_bytes())
    }

    /// The value's bytes with quoted-printable octets resolved.
    fn octets(&self) -> Vec<u8> {
        if self.quoted_printable() {
            quoted_printable::decode(self.value, quoted_printable::ParseMode::Robust)
                .unwrap_or_else(|_| self.value.to_vec())
        } else {
            self.value.to_vec()
        }
    }

    /// The value as text, still escaped.
    fn text(&self) -> String {
        let octets = self.octets();
        match self.charset() {
            Some(encoding) => encoding.decode_without_bom_handling(&octets).0.into_owned(),
            None => match UTF_8.decode_without_bom_handling_and_without_replacement(&octets) {
                Some(text) => text.into_owned(),
                None => WINDOWS_1252
                    .decode_without_bom_handling(&octets)
                    .0
                    .into_owned(),
            },
        }
    }

    /// The value's `;`-separated components, unescaped.
    fn components(&self) -> Vec<String> {
        split_unescaped(&self.text(), ';')
            .iter()
            .map(|c| unescape(c))
            .collect()
    }

    /// The whole value, unescaped.
    fn single(&self) -> String {
        unescape(&self.text())
    }
}

/// Where the value starts: the first colon outside a quoted parameter
/// value (4.0 allows `TYPE="work,voice"`, and a URI there holds colons).
fn value_start(line: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (index, &b) in line.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some(index),
            _ => {}
        }
    }
    None
}

fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let (mut parts, mut start, mut quoted) = (Vec::new(), 0, false);
    for (index, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..index]);
            start = index + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Splits on `separator` where no backslash escapes it.
fn split_unescaped(text: &str, separator: char) -> Vec<&str> {
    let (mut parts, mut start, mut escaped) = (Vec::new(), 0, false);
    for (index, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == separator {
            parts.push(&text[start..index]);
            start = index + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `\n` and `\N` are line breaks; `\,` `\;` `\\` and any other escaped
/// character stand for themselves.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The card being read.
struct Card {
    line: usize,
    formatted_name: Option<String>,
    structured_name: Option<String>,
    entry: Entry,
}

impl Card {
    fn new(line: usize) -> Card {
        Card {
            line,
            formatted_name: None,
            structured_name: None,
            entry: Entry {
                line,
                ..Entry::default()
            },
        }
    }

    /// Takes a property; of several `EMAIL`s or `TEL`s, the first.
    fn add(&mut self, name: &str, property: &Property) {
        let first = |slot: &mut Option<String>, value: String| {
            if slot.is_none() && !value.trim().is_empty() {
                *slot = Some(value);
            }
        };
        let entry = &mut self.entry;
        match name {
            "FN" => first(&mut self.formatted_name, property.single()),
            "N" => first(
                &mut self.structured_name,
                structured_name(&property.components()),
            ),
            "EMAIL" => first(&mut entry.email, property.single()),
            "TEL" => first(&mut entry.phone, property.single()),
            "TITLE" => first(&mut entry.role, property.single()),
            "ORG" => {
                let company = property.components().into_iter().next().unwrap_or_default();
                first(&mut entry.company, company);
            }
            "URL" | "X-SOCIALPROFILE" | "SOCIALPROFILE" => {
                let url = property.single();
                if linkedin_key(&url).is_some() {
                    first(&mut entry.linkedin, url);
                }
            }
            _ => {}
        }
    }

    fn into_entry(self) -> Entry {
        Entry {
            name: self
                .formatted_name
                .or(self.structured_name)
                .unwrap_or_default(),
            ..self.entry
        }
    }
}

/// `N:Family;Given;Additional;Prefix;Suffix` as a name written in order:
/// given, additional, family names.
fn structured_name(components: &[String]) -> String {
    let part = |i: usize| components.get(i).map_or("", |c| c.trim());
    [part(1), part(2), part(0)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_components() {
        assert_eq!(split_unescaped(r"A\;B;C", ';'), vec![r"A\;B", "C"]);
        assert_eq!(unescape(r"A\, B\;C\nD\\E"), "A, B;C\nD\\E");
        assert_eq!(unescape("end\\"), "end\\");
    }

    #[test]
    fn a_property_line_is_cut_outside_quotes() {
        let line = br#"item1.TEL;TYPE="work,voice";VALUE=uri:tel:+33-1-23"#;
        let p = Property::parse(line).unwrap();
        assert_eq!(p.name, "TEL");
        assert_eq!(p.value, b"tel:+33-1-23");
        assert!(Property::parse(b"no colon here").is_none());
        assert!(Property::parse(b"/9j/4AAQSkZJRgABAQ:x").is_none());
    }

    #[test]
    fn soft_breaks_join_only_quoted_printable_values() {
        let lines = logical_lines(b"NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nb\r\nFN:x=\r\nEND:VCARD");
        let texts: Vec<&[u8]> = lines.iter().map(|l| l.text.as_slice()).collect();
        assert_eq!(
            texts,
            vec![
                &b"NOTE;ENCODING=QUOTED-PRINTABLE:ab"[..],
                b"FN:x=",
                b"END:VCARD"
            ]
        );
        assert_eq!(lines[2].number, 4);
    }
}
