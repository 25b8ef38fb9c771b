//! The starter vault that `suivi init` writes, embedded in the binary so an
//! installed `suivi` works anywhere.
//!
//! `vault-template/` holds `common/` (Obsidian settings), one folder per
//! language (templates, question bank, start note, `.suivi.toml`) and one
//! sample data set per language, whose dates are written `{{day-3}}` or
//! `{{day+2}}` and become real dates relative to the day `init` runs, so the
//! demo never goes stale.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use include_dir::{Dir, File, include_dir};

use crate::lang::Lang;

static TEMPLATE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/vault-template");

/// The kinds of note folders the starter vault creates, empty.
pub const FOLDERS: [&str; 3] = ["Interviews", "People", "Companies"];

fn lang_dir(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Fr => "fr",
    }
}

/// Every file below a folder of the template, with its path relative to
/// that folder.
fn files_of(part: &str) -> Vec<(PathBuf, &'static File<'static>)> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<&'static File<'static>>) {
        out.extend(dir.files());
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut files = Vec::new();
    if let Some(dir) = TEMPLATE.get_dir(part) {
        walk(dir, &mut files);
    }
    files
        .into_iter()
        .filter_map(|f| Some((f.path().strip_prefix(part).ok()?.to_path_buf(), f)))
        .collect()
}

/// The embedded template of a note kind (`Interview`, `Person`, `Company`),
/// used when the vault has none of its own.
pub fn note_template(lang: Lang, kind: &str) -> Option<&'static str> {
    TEMPLATE
        .get_file(format!("{}/Templates/{kind}.md", lang_dir(lang)))
        .and_then(File::contents_utf8)
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    pub written: Vec<PathBuf>,
    /// Files that already existed: left as they were.
    pub skipped: Vec<PathBuf>,
}

/// Writes the starter vault into `dir`, never over an existing file.
pub fn init(dir: &Path, lang: Lang, sample: bool, today: NaiveDate) -> io::Result<InitReport> {
    fs::create_dir_all(dir)?;
    let mut report = InitReport::default();
    let mut parts = vec!["common", lang_dir(lang)];
    let sample_part = format!("sample-{}", lang_dir(lang));
    if sample {
        parts.push(&sample_part);
    }
    for part in parts {
        for (rel, file) in files_of(part) {
            let (rel, contents) = if part == sample_part {
                let rel = PathBuf::from(with_dates(&rel.to_string_lossy(), today));
                let text = with_dates(file.contents_utf8().unwrap_or_default(), today);
                (rel, text.into_bytes())
            } else {
                (rel, file.contents().to_vec())
            };
            let target = dir.join(&rel);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            match write_new(&target, &contents) {
                Ok(()) => report.written.push(rel),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => report.skipped.push(rel),
                Err(e) => return Err(e),
            }
        }
    }
    for folder in FOLDERS {
        fs::create_dir_all(dir.join(folder))?;
    }
    report.written.sort();
    report.skipped.sort();
    Ok(report)
}

/// Creates a file that must not exist yet: an existing one is never touched.
pub fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Replaces `{{day+N}}` and `{{day-N}}` by the date N days after or before
/// `today`.
pub fn with_dates(text: &str, today: NaiveDate) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{day") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 5..];
        let replaced = after.find("}}").and_then(|end| {
            let offset = &after[..end];
            let days: i64 = offset.parse().ok()?;
            let date = if days >= 0 {
                today.checked_add_days(Days::new(days.unsigned_abs()))
            } else {
                today.checked_sub_days(Days::new(days.unsigned_abs()))
            }?;
            Some((date.to_string(), end + 2))
        });
        if let Some((date, consumed)) = replaced {
            out.push_str(&date);
            rest = &after[consumed..];
        } else {
            out.push_str("{{day");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_dates_follow_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(
            with_dates("a {{day-1}} b {{day+30}} {{day}} {{daze}}", today),
            "a 2026-02-28 b 2026-03-31 {{day}} {{daze}}"
        );
    }

    #[test]
    fn every_language_has_its_templates() {
        for lang in [Lang::En, Lang::Fr] {
            for kind in ["Interview", "Person", "Company"] {
                assert!(note_template(lang, kind).is_some(), "{lang:?} {kind}");
            }
            assert!(!files_of(&format!("sample-{}", lang_dir(lang))).is_empty());
        }
        assert!(
            files_of("common")
                .iter()
                .any(|(p, _)| p.ends_with("templates.json"))
        );
    }
}
