//! Names and links: how one person or company is recognised across spellings.
//!
//! A name is compared through a key: accents folded (which also makes NFC and
//! NFD spellings equal, since both decompose to the same base letters), case
//! folded, and runs of whitespace collapsed. The original spelling is kept for
//! display and paths; only the key is normalised.

use serde::{Deserialize, Serialize};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The comparison key of a name: `Mickaël  Arcos` and `mickael arcos` share one.
pub fn name_key(name: &str) -> String {
    let mut key = KeyBuilder::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() {
            key.push(c.to_ascii_lowercase());
            continue;
        }
        // Lower, upper then lower case folds what lower case alone does not
        // (`ϰ` and `κ`, `ß`, `ẞ` and `ss`: `ẞ` only reaches `ss` through `ß`);
        // decomposing after folding also strips the marks folding can add
        // (`İ` lowers to `i` and a combining dot). Done a character at a
        // time, this is the string's NFD without its marks: canonical
        // reordering only moves characters that are marks themselves.
        for lower in c.to_lowercase() {
            for upper in lower.to_uppercase() {
                for folded in upper.to_lowercase() {
                    decompose_canonical(folded, |d| {
                        if !is_combining_mark(d) {
                            key.push(if d == '’' { '\'' } else { d });
                        }
                    });
                }
            }
        }
    }
    key.key
}

/// A key written a character at a time, runs of whitespace collapsed to
/// one space and none at either end.
struct KeyBuilder {
    key: String,
    space_pending: bool,
}

impl KeyBuilder {
    fn with_capacity(capacity: usize) -> KeyBuilder {
        KeyBuilder {
            key: String::with_capacity(capacity),
            space_pending: false,
        }
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.space_pending = !self.key.is_empty();
            return;
        }
        if std::mem::take(&mut self.space_pending) {
            self.key.push(' ');
        }
        self.key.push(c);
    }
}

/// `text` in NFC, copied as it is when a quick look shows it already is:
/// file names and links almost always are.
pub fn nfc(text: &str) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    }
}

/// The comparison key of a question: a name key without the closing
/// punctuation, so "Who else should I talk to?" matches "who else should I
/// talk to".
pub fn question_key(question: &str) -> String {
    name_key(question)
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace() || c == '¿')
        .trim_start_matches(['¿', '¡'])
        .trim()
        .to_owned()
}

/// A reference to a note as a property writes it: `[[People/Paul Martin|Paul]]`,
/// `[[Paul Martin]]` or plain `Paul Martin`.
///
/// A large vault holds hundreds of thousands of links: the name and its
/// key lie in one allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTarget {
    /// The name, then its key.
    name_and_key: Box<str>,
    /// Where the key starts in `name_and_key`.
    key_start: usize,
    /// The folder part, when the link gives one (`People` in `[[People/X]]`).
    pub folder: Option<Box<str>>,
}

impl LinkTarget {
    /// The name the link points at: the file name without folders or `.md`,
    /// in NFC so that display and keys agree whatever the editor wrote.
    pub fn name(&self) -> &str {
        self.name_and_key.get(..self.key_start).unwrap_or_default()
    }

    /// `name_key(name)`, computed once where notes are parsed in parallel.
    pub fn key(&self) -> &str {
        self.name_and_key.get(self.key_start..).unwrap_or_default()
    }
}

/// Reads a property value as a link. Returns `None` when nothing names a note.
///
/// Only a `[[link]]` names a path: a plain-text value is a name as written,
/// `Jo Smith / Acme` or `Ty <b>`, never cut at a `/` (SPEC 2.4).
pub fn parse_link(text: &str) -> Option<LinkTarget> {
    let text = text.trim();
    let inner = text
        .strip_prefix("[[")
        .and_then(|t| t.strip_suffix("]]"))
        .map(|t| t.split('|').next().unwrap_or(t))
        .map(|t| t.split('#').next().unwrap_or(t));
    match inner {
        Some(path) => target_of_path(path),
        None => target(None, text),
    }
}

/// Reads a vault path to a note, `Folder/Name.md` or `Name`, as a link:
/// for paths the configuration gives, such as the question bank's.
pub fn parse_note_path(text: &str) -> Option<LinkTarget> {
    target_of_path(text)
}

fn target_of_path(path: &str) -> Option<LinkTarget> {
    let path = strip_suffix_ignore_case(path.trim(), ".md");
    match path.rsplit_once('/') {
        Some((folder, name)) => target(Some(nfc(folder.trim())), name),
        None => target(None, path),
    }
}

fn target(folder: Option<String>, name: &str) -> Option<LinkTarget> {
    let mut name_and_key = nfc(name.trim());
    let key_start = name_and_key.len();
    if key_start == 0 {
        return None;
    }
    name_and_key.push_str(&name_key(&name_and_key));
    Some(LinkTarget {
        name_and_key: name_and_key.into_boxed_str(),
        key_start,
        folder: folder.filter(|f| !f.is_empty()).map(String::into_boxed_str),
    })
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> &'a str {
    let cut = text.len().saturating_sub(suffix.len());
    match (text.get(..cut), text.get(cut..)) {
        (Some(head), Some(tail)) if tail.eq_ignore_ascii_case(suffix) => head,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_accents_case_and_spaces() {
        assert_eq!(name_key("Mickaël  Arcos"), name_key("mickael arcos"));
        assert_eq!(name_key(" Zoë\tMartin "), "zoe martin");
        assert_ne!(name_key("Paul Martin"), name_key("Paula Martin"));
        assert_eq!(name_key("ϰ"), name_key("κ"));
        assert_eq!(name_key("Strauß"), name_key("STRAUSS"));
        assert_eq!(name_key("STRAUẞ"), name_key("strauss"));
        assert_eq!(name_key("İnci"), "inci");
    }

    /// The key as first defined, over the whole string: case folded,
    /// then NFD with the marks dropped, then whitespace collapsed.
    fn whole_string_key(name: &str) -> String {
        let case_folded: String = name
            .chars()
            .flat_map(char::to_lowercase)
            .flat_map(char::to_uppercase)
            .flat_map(char::to_lowercase)
            .collect();
        let folded: String = case_folded
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .map(|c| if c == '’' { '\'' } else { c })
            .collect();
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn keys_made_a_character_at_a_time_equal_the_whole_string_keys() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            // NFD reorders only characters with a combining class: were
            // one of them not a mark, dropping marks character by
            // character could leave it at another place.
            assert!(canonical_combining_class(c) == 0 || is_combining_mark(c));
            let alone = c.to_string();
            assert_eq!(name_key(&alone), whole_string_key(&alone), "{c:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..Default::default()
        })]
        #[test]
        fn any_text_keys_as_the_whole_string_does(
            text in "([a-zA-Zß ]|\\PC|\\p{M}|\\s|’){0,24}",
        ) {
            proptest::prop_assert_eq!(name_key(&text), whole_string_key(&text));
            proptest::prop_assert_eq!(nfc(&text), text.nfc().collect::<String>());
        }
    }

    #[test]
    fn nfc_and_nfd_spellings_share_a_key() {
        let nfc = "Hélène Dupré";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(name_key(nfc), name_key(&nfd));
    }

    #[test]
    fn question_keys_ignore_closing_punctuation() {
        assert_eq!(
            question_key("Who else should I talk to?"),
            question_key("who else should I talk to")
        );
        assert_eq!(question_key("Qu’en pensez-vous ?"), "qu'en pensez-vous");
    }

    #[test]
    fn links_and_plain_text_name_the_same_person() {
        let plain = parse_link("Paul Martin").unwrap();
        assert_eq!(plain.name(), "Paul Martin");
        assert_eq!(plain.folder, None);
        assert_eq!(parse_link("[[Paul Martin]]"), Some(plain.clone()));
        assert_eq!(parse_link("[[Paul Martin|Paul]]"), Some(plain.clone()));
        assert_eq!(parse_link("[[Paul Martin#Notes]]"), Some(plain.clone()));
        assert_eq!(parse_link("[[Paul Martin.md]]"), Some(plain));
        let foldered = parse_link("[[People/Paul Martin]]").unwrap();
        assert_eq!(foldered.name(), "Paul Martin");
        assert_eq!(foldered.folder.as_deref(), Some("People"));
    }

    #[test]
    fn plain_text_is_a_name_never_a_path() {
        for name in [
            "Jo Smith / Acme",
            "Lou (HR/Recruiting)",
            "Ty <script>x</script>",
            "a|b",
            "[x]",
            "People/Paul Martin",
            "Notes.md",
        ] {
            let link = parse_link(name).unwrap();
            assert_eq!((link.name(), link.folder.as_deref()), (name, None));
        }
        let path = parse_note_path("Banks/Question bank.md").unwrap();
        assert_eq!(path.name(), "Question bank");
        assert_eq!(path.folder.as_deref(), Some("Banks"));
    }

    #[test]
    fn empty_links_name_nobody() {
        assert_eq!(parse_link(""), None);
        assert_eq!(parse_link("[[]]"), None);
        assert_eq!(parse_link("[[People/]]"), None);
    }
}
