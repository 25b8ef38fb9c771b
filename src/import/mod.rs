//! `suivi import`, its reading side: contact files (`LinkedIn`'s
//! `Connections.csv`, a Google Contacts CSV, vCards) read into contacts, and
//! the plan of what those contacts change in the vault, without duplicates.
//!
//! Everything here is pure but [`read`], which reads one file: the note
//! editor writes what the plan says. A file is read whole or not at all: a
//! malformed file is one error naming its line, so an import never writes
//! half of a file.

mod csv_formats;
mod plan;
mod vcard;

use std::io;
use std::path::{Path, PathBuf};

pub use plan::{Fill, ImportPlan, Known, Match, Review, Skipped, close_names, known_people, plan};

use crate::i18n::words;
use crate::lang::Lang;
use crate::names::nfc;
use crate::new_note::{Value, safe_file_stem};

/// One person read from a contact file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The name as the file spells it, cleaned: see [`clean_name`].
    pub name: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    /// A `LinkedIn` profile URL, as the file writes it.
    pub linkedin: Option<String>,
    pub phone: Option<String>,
    /// The file the contact comes from.
    pub file: PathBuf,
    /// 1-based line where the contact starts in its file: its CSV row or its
    /// `BEGIN:VCARD`.
    pub line: usize,
}

/// The kinds of file `read` knows, told apart by their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `LinkedIn`'s data export, `Connections.csv`.
    LinkedIn,
    /// Google Contacts' "Google CSV" export, either header.
    GoogleCsv,
    /// vCard 2.1, 3.0 or 4.0, one card or many.
    VCard,
}

/// A contact file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactFile {
    pub format: Format,
    /// In the order of the file.
    pub contacts: Vec<Contact>,
    /// Entries that name nobody (a phone number alone, say): left out, with
    /// their line, so the user can see what was not imported.
    pub nameless: Vec<usize>,
}

/// Why a file could not be read. Nothing of such a file is imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}:{line}: {problem}", .path.display())]
    Malformed {
        path: PathBuf,
        line: usize,
        problem: Problem,
    },
}

/// What is wrong in a malformed file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("this quote is never closed")]
    UnterminatedQuote,
    #[error("this row has {found} fields where the header has {expected}")]
    FieldCount { expected: usize, found: usize },
    #[error(
        "not a contact file suivi knows: expected LinkedIn's Connections.csv, a Google Contacts CSV or vCards"
    )]
    UnknownFormat,
    #[error("this card has no END:VCARD")]
    UnclosedCard,
    #[error("END:VCARD without a BEGIN:VCARD before it")]
    EndWithoutBegin,
    #[error("text outside a card: expected BEGIN:VCARD")]
    OutsideCard,
    #[error("{0}")]
    Csv(String),
}

impl ImportError {
    /// The message in the vault's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportError::Io { path, source } => format!("{}: {source}", path.display()),
            ImportError::Malformed {
                path,
                line,
                problem,
            } => format!("{}:{line}: {}", path.display(), problem.message(lang)),
        }
    }
}

impl Problem {
    /// The problem in the vault's language.
    pub fn message(&self, lang: Lang) -> String {
        let said = &words(lang).import;
        match self {
            Problem::UnterminatedQuote => said.unterminated_quote.to_owned(),
            Problem::FieldCount { expected, found } => (said.field_count)(*expected, *found),
            Problem::UnknownFormat => said.unknown_format.to_owned(),
            Problem::UnclosedCard => said.unclosed_card.to_owned(),
            Problem::EndWithoutBegin => said.end_without_begin.to_owned(),
            Problem::OutsideCard => said.outside_card.to_owned(),
            Problem::Csv(text) => text.clone(),
        }
    }
}

/// Reads one contact file, its format told by its content, not its name.
pub fn read(path: &Path) -> Result<ContactFile, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.to_owned(),
        source,
    })?;
    let malformed = |(line, problem)| ImportError::Malformed {
        path: path.to_owned(),
        line,
        problem,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let (format, entries) = if vcard::looks_like_vcard(bytes) {
        (Format::VCard, vcard::read(bytes).map_err(malformed)?)
    } else {
        csv_formats::read(bytes).map_err(malformed)?
    };
    let mut file = ContactFile {
        format,
        contacts: Vec::new(),
        nameless: Vec::new(),
    };
    for entry in entries {
        match entry.into_contact(path) {
            Ok(contact) => file.contacts.push(contact),
            Err(line) => file.nameless.push(line),
        }
    }
    Ok(file)
}

/// One entry of a file as its reader found it, before cleaning.
#[derive(Debug, Default)]
struct Entry {
    name: String,
    email: Option<String>,
    company: Option<String>,
    role: Option<String>,
    linkedin: Option<String>,
    phone: Option<String>,
    line: usize,
}

impl Entry {
    /// The contact, or the entry's line when it names nobody.
    fn into_contact(self, file: &Path) -> Result<Contact, usize> {
        let name = clean_name(&self.name);
        if name.is_empty() {
            return Err(self.line);
        }
        // A vCard 4.0 value may be a URI: `mailto:…`, `tel:…`.
        let field = |value: Option<String>, scheme: &str| {
            let value = clean_name(&value?);
            let value = value.strip_prefix(scheme).unwrap_or(&value).trim();
            (!value.is_empty()).then(|| value.to_owned())
        };
        Ok(Contact {
            name,
            email: field(self.email, "mailto:"),
            company: field(self.company, ""),
            role: field(self.role, ""),
            linkedin: field(self.linkedin, ""),
            phone: field(self.phone, "tel:"),
            file: file.to_owned(),
            line: self.line,
        })
    }
}

/// A name from a file, made fit to show and to compare: control and
/// invisible formatting characters dropped (a bidirectional override would
/// make a name display as another), whitespace collapsed and trimmed, NFC.
/// Accents and every other character stay as written.
pub fn clean_name(text: &str) -> String {
    let visible: String = text
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    nfc(&visible.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Control characters, bidirectional controls, and the zero-width
/// characters that are not part of an emoji or a script's joining.
fn is_invisible(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The properties of a new person note for `contact`, in the order a note
/// shows them: `company` as a link (plain text when it cannot name a
/// note: see [`company_value`]), then `role`, `email`, `linkedin`, `phone`; `status` only when
/// given, since imported people are contacts, not people to meet.
pub fn properties(contact: &Contact, status: Option<&str>) -> Vec<(&'static str, Value)> {
    let mut properties = Vec::new();
    if let Some(company) = &contact.company {
        properties.push(("company", company_value(company)));
    }
    let texts = [
        ("role", &contact.role),
        ("email", &contact.email),
        ("linkedin", &contact.linkedin),
        ("phone", &contact.phone),
    ];
    for (key, value) in texts {
        if let Some(value) = value {
            properties.push((key, Value::Text(value.clone())));
        }
    }
    if let Some(status) = status {
        properties.push(("status", Value::Text(status.to_owned())));
    }
    properties
}

/// A company as a property value: a link to its note when its name can be
/// the name of a note (the file name `suivi new` would give it), else plain
/// text: a link to `Café "Le Nord"` or `A|B` could never reach a note, and a
/// `/` would be taken for a folder.
fn company_value(company: &str) -> Value {
    if safe_file_stem(company) == company {
        Value::Link(company.to_owned())
    } else {
        Value::Text(company.to_owned())
    }
}
