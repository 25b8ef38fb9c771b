//! Markdown that user text cannot break.
//!
//! Every value that reaches a page comes from a note and is treated as
//! hostile: it may hold `|` (a table cell), `]]` (a link), `#` (a tag or a
//! heading), `<script>`, backticks, newlines or control characters. Text is
//! escaped character by character; a name that cannot be a wikilink target
//! becomes a percent-encoded markdown link instead.

use std::fmt::Write as _;

/// Longest name kept as a wikilink; a longer one is shown as a markdown link.
const MAX_LINK_CHARS: usize = 200;

/// Characters that mean something to `CommonMark` or Obsidian inside a line.
const fn is_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`'
            | '*'
            | '_'
            | '['
            | ']'
            | '<'
            | '>'
            | '#'
            | '|'
            | '~'
            | '^'
            | '='
            | '$'
            | '%'
            | '&'
            | '!'
            | '{'
            | '}'
            | '('
            | ')'
    )
}

/// The bytes where a character `text` may change starts: a special or
/// control ASCII character, or the first byte of a C1 control (U+0080 to
/// U+009F all start with `C2`) or of a bidi control (all start with `E2`).
/// Any other byte is left as it is, whatever character it belongs to.
const STARTS_A_LOOK: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte: u8 = 0;
    loop {
        table[byte as usize] = (byte < 0x80
            && (is_special(byte as char) || byte.is_ascii_control()))
            || byte == 0xC2
            || byte == 0xE2;
        if byte == u8::MAX {
            break;
        }
        byte += 1;
    }
    table
};

/// User text made safe for a line or a table cell.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 8);
    push_text(&mut out, value);
    out
}

/// [`text`], put at the end of `out`: a page's longest parts, quotes line
/// after line, are escaped where they go.
pub fn push_text(out: &mut String, value: &str) {
    let start = out.len();
    push_escaped(out, value);
    let escaped = &out[start..];
    // A leading `-`, `+` or `1.` would start a list in a line of its own.
    if let Some('-' | '+') = escaped.chars().next() {
        out.insert(start, '\\');
        return;
    }
    let trimmed = escaped.trim();
    // Most text has no space to trim: it is not moved again.
    if trimmed.len() != escaped.len() {
        let leading = escaped.len() - escaped.trim_start().len();
        out.truncate(start + leading + trimmed.len());
        out.drain(start..start + leading);
    }
}

/// `value` with its special characters escaped and its control characters
/// blanked, spaces kept as they are: a piece of a longer text.
fn push_escaped(out: &mut String, value: &str) {
    let start = out.len();
    // Runs of plain characters, most of any text, are copied whole; the
    // table finds where they end without decoding a character.
    let bytes = value.as_bytes();
    let mut plain = 0;
    let mut at = 0;
    while let Some(skipped) = bytes[at..]
        .iter()
        .position(|&b| STARTS_A_LOOK[usize::from(b)])
    {
        at += skipped;
        // The table marks ASCII and leading bytes only: `at` starts a character.
        let Some(c) = value[at..].chars().next() else {
            break;
        };
        let next = at + c.len_utf8();
        let control = c.is_control() || is_bidi_control(c);
        if control || is_special(c) {
            out.push_str(&value[plain..at]);
            plain = next;
            if !control {
                out.push('\\');
                out.push(c);
            } else if !out[start..].ends_with(' ') {
                out.push(' ');
            }
        }
        at = next;
    }
    out.push_str(&value[plain..]);
}

/// A message for a table cell whose code spans (`` `contact` ``, written by
/// [`crate::issue::code`]) stay code spans, the rest escaped as [`text`].
/// A backtick that opens no span, and a span that could break the cell (a
/// `|` or a control character inside), are shown as escaped text.
pub fn cell_with_code(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut rest = value;
    while let Some(open) = rest.find('`') {
        push_escaped(&mut out, &rest[..open]);
        let after = &rest[open..];
        let fence_len = after.len() - after.trim_start_matches('`').len();
        let (fence, inside) = after.split_at(fence_len);
        let span = closing_fence(inside, fence_len).map(|close| &inside[..close]);
        match span {
            Some(code) if !code.contains('|') && !code.chars().any(breaks_code) => {
                out.push_str(fence);
                out.push_str(code);
                out.push_str(fence);
                rest = &inside[code.len() + fence_len..];
            }
            _ => {
                push_escaped(&mut out, fence);
                rest = inside;
            }
        }
    }
    push_escaped(&mut out, rest);
    out.trim().to_owned()
}

fn breaks_code(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Where, in `text`, the first run of exactly `len` backticks starts.
fn closing_fence(text: &str, len: usize) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = text[at..].find('`') {
        let start = at + found;
        let run = text[start..].len() - text[start..].trim_start_matches('`').len();
        if run == len {
            return Some(start);
        }
        at = start + run;
    }
    None
}

/// A `mailto:` link to `address` with the subject and body filled, every
/// part percent-encoded; none when the address does not look like one (a
/// value from a note is hostile: it must not add recipients or headers).
pub fn mailto(address: &str, subject: &str, body: &str) -> Option<String> {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let address = address.trim();
    let (local, domain) = address.split_once('@')?;
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_alphanumeric() || "._+-".contains(c))
    };
    if !plain(local) || !plain(domain) || !domain.contains('.') {
        return None;
    }
    let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
    Some(format!(
        "mailto:{}?subject={}&body={}",
        encode(address),
        encode(subject),
        encode(body)
    ))
}

/// Bidirectional overrides (U+202E …) could make a name display reversed
/// text after it; they are dropped like control characters.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Where a link goes: in a table cell a wikilink's `|` must be escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Line = 0,
    Cell = 1,
}

/// A link to a note by its vault path (without `.md`), shown as `label`.
/// A wikilink when the path and label allow one, else a markdown link.
pub fn link(path: &str, label: &str, place: Place) -> String {
    if safe_for_wikilink(path) && safe_for_wikilink(label) {
        let bar = if place == Place::Cell { "\\|" } else { "|" };
        if path == label {
            format!("[[{path}]]")
        } else {
            format!("[[{path}{bar}{label}]]")
        }
    } else {
        format!("[{}]({}.md)", text(label), percent_encode(path))
    }
}

/// True when `s` can stand inside `[[…]]` as Obsidian reads it: no link
/// syntax, no control or bidi character, no surrounding space, not too
/// long, no `.`, `..` or empty path segment. Links are most of a page's
/// text, so this looks at each character once.
fn safe_for_wikilink(s: &str) -> bool {
    if s.is_empty() || s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        return false;
    }
    let mut count = 0;
    for c in s.chars() {
        count += 1;
        let breaks_link = matches!(
            c,
            '[' | ']' | '|' | '#' | '^' | '\\' | '`' | '<' | '>' | '%' | '$'
        ) || c.is_control()
            || is_bidi_control(c);
        if breaks_link || count > MAX_LINK_CHARS {
            return false;
        }
    }
    !s.split('/')
        .any(|part| part == ".." || part == "." || part.is_empty())
}

/// Percent-encodes everything but unreserved characters and `/`.
fn percent_encode(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A label for a Mermaid node, inside double quotes in a code fence.
pub fn mermaid_label(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars().take(80) {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() || is_bidi_control(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailto_link_carries_its_draft_and_nothing_else() {
        let link = mailto(
            "paul@acme.example",
            "Merci : l'échange",
            "Bonjour Paul,\nà bientôt & merci",
        )
        .unwrap();
        assert_eq!(
            link,
            "mailto:paul%40acme%2Eexample?subject=Merci%20%3A%20l%27%C3%A9change&body=Bonjour%20Paul%2C%0A%C3%A0%20bient%C3%B4t%20%26%20merci"
        );
        assert!(!link.contains([' ', '(', ')', '[', ']', '<', '>']));
        for hostile in [
            "paul@acme.example?cc=eve@evil.example",
            "paul@acme.example&bcc=x@y.z",
            "a b@acme.example",
            "paul@acme.example>",
            "paul@localhost",
            "@acme.example",
            "paul",
            "paul@acme.example\nBcc: x@y.z",
        ] {
            assert_eq!(mailto(hostile, "s", "b"), None, "{hostile}");
        }
    }

    #[test]
    fn text_put_after_a_line_start_is_escaped_as_on_its_own() {
        for value in [
            "plain",
            "  spaced  ",
            "- a list?",
            "+ plus ",
            "\u{7}bell at the start",
            " \u{202E}reversed\t",
            "a | b ]] c",
            "",
            " ",
        ] {
            let mut line = String::from("> ");
            push_text(&mut line, value);
            assert_eq!(line, format!("> {}", text(value)), "{value:?}");
        }
    }

    #[test]
    fn hostile_text_cannot_break_a_cell_or_a_line() {
        for hostile in [
            "a|b",
            "]]",
            "[[x]]",
            "#tag",
            "<script>",
            "`code`",
            "x\ny",
            "a\u{202E}b",
            "\0",
        ] {
            let safe = text(hostile);
            assert!(!safe.contains('\n') && !safe.contains('\0') && !safe.contains('\u{202E}'));
            for special in ['|', '<', '[', ']', '#', '`'] {
                let unescaped = safe
                    .match_indices(special)
                    .any(|(i, _)| !safe[..i].ends_with('\\'));
                assert!(!unescaped, "{hostile:?} gave {safe:?}");
            }
        }
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("- x"), "\\- x");
        assert_eq!(text(&"x".repeat(10_000)).len(), 10_000);
    }

    #[test]
    fn every_character_is_kept_escaped_or_blanked_as_its_kind_asks() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let expected = if c.is_control() || is_bidi_control(c) {
                "a b".to_owned()
            } else if is_special(c) {
                format!("a\\{c}b")
            } else {
                format!("a{c}b")
            };
            assert_eq!(text(&format!("a{c}b")), expected, "{c:?}");
        }
    }

    #[test]
    fn links_are_wikilinks_when_they_can_be() {
        assert_eq!(
            link("People/Paul", "Paul", Place::Line),
            "[[People/Paul|Paul]]"
        );
        assert_eq!(
            link("People/Paul", "Paul", Place::Cell),
            "[[People/Paul\\|Paul]]"
        );
        assert_eq!(link("Acme", "Acme", Place::Cell), "[[Acme]]");
    }

    #[test]
    fn hostile_names_become_encoded_markdown_links() {
        assert_eq!(
            link("People/a]]b", "a]]b", Place::Cell),
            "[a\\]\\]b](People/a%5D%5Db.md)"
        );
        assert_eq!(link("People/../x", "x", Place::Line), "[x](People/../x.md)");
        let l = link("People/x|y", "x|y", Place::Cell);
        assert!(!l.replace("\\|", "").contains('|'), "{l}");
    }

    #[test]
    fn code_spans_in_a_message_stay_code_and_the_rest_is_escaped() {
        use crate::issue::code;
        for (message, cell) in [
            ("`contact` is missing", "`contact` is missing"),
            ("a <b> `x|y` c", "a \\<b\\> \\`x\\|y\\` c"),
            ("one ` alone", "one \\` alone"),
            (&format!("name {} here", code("a`b")), "name ``a`b`` here"),
            (&format!("name {}", code("`x`")), "name `` `x` ``"),
            ("`a\u{7}b`", "\\`a b\\`"),
            ("`[[x]]` and #tag", "`[[x]]` and \\#tag"),
        ] {
            assert_eq!(cell_with_code(message), cell, "{message:?}");
        }
    }

    #[test]
    fn mermaid_labels_cannot_close_the_fence_or_the_quote() {
        assert_eq!(mermaid_label("a\"b```"), "a#quot;b#96;#96;#96;");
    }
}
