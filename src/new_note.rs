//! `suivi new`: one note from the vault's own template, its properties
//! filled from the command line.
//!
//! Names typed by the user become file names, so each is turned into one
//! safe path component, and into quoted YAML, so no name can reach another
//! folder or break the note's properties.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Config;
use crate::frontmatter::double_quoted as quoted;
use crate::i18n::words;
use crate::lang::Lang;
use crate::starter::{note_template, write_new};

/// The kind of note to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Interview,
    Person,
    Company,
}

impl NewKind {
    /// The template's file name, without `.md`.
    fn template_name(self) -> &'static str {
        match self {
            NewKind::Interview => "Interview",
            NewKind::Person => "Person",
            NewKind::Company => "Company",
        }
    }

    fn folder(self, config: &Config) -> &str {
        match self {
            NewKind::Interview => &config.folders.interviews,
            NewKind::Person => &config.folders.people,
            NewKind::Company => &config.folders.companies,
        }
    }
}

/// A property value to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Link(String),
    Links(Vec<String>),
    /// Written as is: a date or a number already checked.
    Plain(String),
}

/// What to create.
#[derive(Debug, Clone)]
pub struct NewNote {
    pub kind: NewKind,
    /// The note's title: the person's or company's name, or for an
    /// interview its date and contacts.
    pub title: String,
    pub date: NaiveDate,
    pub properties: Vec<(&'static str, Value)>,
}

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("{}", self.message(Lang::En))]
    Exists(PathBuf),
    #[error("{}", self.message(Lang::En))]
    Io { path: PathBuf, source: io::Error },
}

impl NewError {
    /// Why the note was not created, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            NewError::Exists(path) => (words(lang).errors.new_exists)(&path.display().to_string()),
            NewError::Io { path, source } => format!("{}: {source}", path.display()),
        }
    }
}

/// Creates the note; returns its vault-relative path.
pub fn create(vault: &Path, config: &Config, new: &NewNote) -> Result<PathBuf, NewError> {
    let (rel, text) = render(vault, config, new);
    let path = vault.join(&rel);
    let io_error = |source| NewError::Io {
        path: path.clone(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error)?;
    }
    match write_new(&path, text.as_bytes()) {
        Ok(()) => Ok(rel),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(NewError::Exists(rel)),
        Err(e) => Err(io_error(e)),
    }
}

/// The note's vault-relative path and text, from the vault's own template
/// (else the starter's), without writing anything.
pub fn render(vault: &Path, config: &Config, new: &NewNote) -> (PathBuf, String) {
    let own = vault
        .join(&config.templates)
        .join(format!("{}.md", new.kind.template_name()));
    let template = match fs::read_to_string(&own) {
        Ok(text) => text,
        Err(_) => note_template(config.lang, new.kind.template_name())
            .unwrap_or("---\n---\n")
            .to_owned(),
    };
    let date = new.date.to_string();
    let mut text = template
        .replace("{{title}}", &new.title)
        .replace("{{date}}", &date)
        .replace("{{time}}", "");
    for (key, value) in &new.properties {
        text = set_property(&text, key, &yaml_value(value));
    }
    let rel =
        PathBuf::from(new.kind.folder(config)).join(format!("{}.md", safe_file_stem(&new.title)));
    (rel, text)
}

/// Sets a top-level property of a note's front-matter: replaces its line
/// (and the indented lines under it), or adds it before the closing fence.
/// A text without front-matter gets one.
pub fn set_property(text: &str, key: &str, value: &str) -> String {
    let line = format!("{key}: {value}");
    let Some(after_open) = text.strip_prefix("---\n") else {
        return format!("---\n{line}\n---\n{text}");
    };
    let mut lines: Vec<&str> = after_open.split('\n').collect();
    let Some(close) = lines.iter().position(|l| l.trim_end() == "---") else {
        return format!("---\n{line}\n---\n{text}");
    };
    let start = lines[..close].iter().position(|l| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    });
    match start {
        Some(start) => {
            let end = lines[start + 1..close]
                .iter()
                .position(|l| !(l.starts_with(' ') || l.starts_with('\t') || l.starts_with('-')))
                .map_or(close, |n| start + 1 + n);
            lines.splice(start..end, [line.as_str()]);
        }
        None => lines.insert(close, &line),
    }
    format!("---\n{}", lines.join("\n"))
}

/// A value as YAML: text always double-quoted and escaped, so nothing a
/// user types can become YAML structure.
fn yaml_value(value: &Value) -> String {
    match value {
        Value::Text(text) => quoted(text),
        Value::Link(name) => quoted(&link(name)),
        Value::Links(names) => {
            let items: Vec<String> = names.iter().map(|n| quoted(&link(n))).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Plain(text) => text.clone(),
    }
}

/// `[[Name]]`, or the plain name when it holds characters a link cannot.
fn link(name: &str) -> String {
    if name.contains(['[', ']', '|', '#', '^']) {
        name.to_owned()
    } else {
        format!("[[{name}]]")
    }
}

/// Windows refuses these names whatever their extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Most bytes of a file name, `.md` included.
const MAX_NAME_BYTES: usize = 255;

/// Turns any name into one file-name component that every system and
/// Obsidian accept: no separators or `..`, no leading dot, no control or
/// reserved characters, not a Windows device name, at most 255 bytes with
/// `.md`.
pub fn safe_file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\*\"<>:|?#^[]".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut joined = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    // `..` means "the folder above" to every path API: never let it appear.
    while joined.contains("..") {
        joined = joined.replace("..", ".");
    }
    let mut stem = joined
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_owned();
    if stem.is_empty() {
        stem.push_str("Untitled");
    }
    let device = stem.split('.').next().unwrap_or_default().to_uppercase();
    if RESERVED.contains(&device.as_str()) {
        stem.push('_');
    }
    let budget = MAX_NAME_BYTES - ".md".len();
    if stem.len() > budget {
        let cut = (0..=budget)
            .rev()
            .find(|&i| stem.is_char_boundary(i))
            .unwrap_or(0);
        stem.truncate(cut);
        stem.truncate(stem.trim_end_matches(['.', ' ']).len());
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_one_safe_component() {
        for (name, want) in [
            ("Paul Martin", "Paul Martin"),
            ("../../etc/passwd", "etc passwd"),
            ("a ..b.. c", "a .b. c"),
            ("/etc/passwd", "etc passwd"),
            ("C:\\x", "C x"),
            ("CON", "CON_"),
            ("con.txt", "con.txt_"),
            ("..", "Untitled"),
            ("", "Untitled"),
            (".hidden", "hidden"),
            ("a/b", "a b"),
            ("x\0y", "x y"),
            ("[[a|b]]#^", "a b"),
            ("Zoé Roy", "Zoé Roy"),
        ] {
            assert_eq!(safe_file_stem(name), want, "{name:?}");
        }
        let long = safe_file_stem(&"é".repeat(300));
        assert!(long.len() + 3 <= 255 && !long.is_empty());
    }

    #[test]
    fn properties_are_replaced_or_added() {
        let text =
            "---\ntype: interview\ncontact: \nquestions:\n  - a\n  - b\ndate: x\n---\nbody\n";
        let text = set_property(text, "contact", "\"[[Paul]]\"");
        let text = set_property(&text, "questions", "[]");
        let text = set_property(&text, "company", "\"Acme\"");
        assert_eq!(
            text,
            "---\ntype: interview\ncontact: \"[[Paul]]\"\nquestions: []\ndate: x\ncompany: \"Acme\"\n---\nbody\n"
        );
        assert_eq!(set_property("body\n", "a", "1"), "---\na: 1\n---\nbody\n");
    }

    #[test]
    fn values_cannot_become_yaml_structure() {
        assert_eq!(quoted("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(yaml_value(&Value::Link("x]]y".into())), "\"x]]y\"");
        assert_eq!(
            yaml_value(&Value::Links(vec!["A".into(), "B".into()])),
            "[\"[[A]]\", \"[[B]]\"]"
        );
    }
}
