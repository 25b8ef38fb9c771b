//! Vault stage: which files of the folder are notes.
//!
//! `classify` is a pure function of a vault-relative path, shared by the full
//! scan and the watcher, so both agree on what is a note. Symbolic links are
//! never followed: a link could lead out of the vault or into a loop.

use std::path::{MAIN_SEPARATOR, Path, PathBuf};

use walkdir::WalkDir;

use crate::config::{Config, Lang};
use crate::i18n::words;
use crate::issue::VaultIssue;

/// What a file of the vault is to suivi.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileClass {
    /// A markdown note to read.
    Note,
    /// A sync tool's conflict copy: not read, reported so the user merges it.
    ConflictCopy,
    /// Anything else: hidden, generated, a template, a temporary, not markdown.
    Ignored,
}

/// A file found by the scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Vault-relative path, `/`-separated, for display and links.
    pub rel: String,
    /// Absolute path, for reading.
    pub abs: PathBuf,
}

/// Everything a scan found.
#[derive(Debug, Default)]
pub struct Scan {
    pub notes: Vec<Found>,
    pub issues: Vec<VaultIssue>,
}

/// Names editors and sync tools give their temporary files.
fn is_temporary(name: &str) -> bool {
    name == "4913"
        || ends_with_ignoring_case(name, ".swp")
        || ends_with_ignoring_case(name, ".swx")
        || name.ends_with('~')
        || ends_with_ignoring_case(name, ".tmp")
        || ends_with_ignoring_case(name, ".crdownload")
        || ends_with_ignoring_case(name, ".icloud")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || name.starts_with("~syncthing~")
}

/// `name` ends with the ASCII `suffix`, in any case.
fn ends_with_ignoring_case(name: &str, suffix: &str) -> bool {
    let name = name.as_bytes();
    name.len() >= suffix.len()
        && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Syncthing's `*.sync-conflict-*`, Dropbox's `* (NAME's conflicted copy
/// DATE)*` and `* (Case Conflict*`, Obsidian Sync's `* (Conflicted copy
/// DEVICE DATE)*`, in any case.
fn is_conflict_copy(name: &str) -> bool {
    // Every file of the vault is asked: most names settle without a copy.
    if !name.bytes().any(|b| b == b'(' || b == b'-') {
        return false;
    }
    let name = name.to_lowercase();
    let in_brackets = |words: &str| {
        name.split(" (")
            .skip(1)
            .any(|inside| inside.split(')').next().is_some_and(|i| i.contains(words)))
    };
    name.contains(".sync-conflict-")
        || in_brackets("conflicted copy")
        || name.contains(" (case conflict")
}

/// Classifies a vault-relative path (`/`-separated).
pub fn classify(rel: &str, config: &Config) -> FileClass {
    if rel.split('/').any(|c| c.starts_with('.') || c.is_empty()) {
        return FileClass::Ignored;
    }
    if is_under(rel, &config.output) || is_under(rel, &config.templates) {
        return FileClass::Ignored;
    }
    let name = rel.rsplit('/').next().unwrap_or_default();
    let is_markdown = name.len() > 3 && ends_with_ignoring_case(name, ".md");
    if !is_markdown || is_temporary(name) {
        return FileClass::Ignored;
    }
    if is_conflict_copy(name) {
        return FileClass::ConflictCopy;
    }
    FileClass::Note
}

/// True when `rel` is inside the vault folder `folder` (both `/`-separated).
pub fn is_under(rel: &str, folder: &str) -> bool {
    let folder = folder.trim_end_matches('/');
    rel.strip_prefix(folder)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The vault-relative, `/`-separated form of a path under `root`.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    if rel.as_os_str().is_empty() {
        return None;
    }
    // The walk gives clean paths: the text of the path is that of its
    // components, whose separator alone may need to become `/`.
    let text = rel.to_string_lossy();
    Some(if MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(MAIN_SEPARATOR, "/")
    })
}

/// Walks the vault and lists its notes, sorted by path. Folders that cannot
/// be read become issues; the walk goes on. Obsidian's daily notes
/// settings, when suivi cannot use them, are an issue of the scan too.
pub fn scan(root: &Path, config: &Config) -> Scan {
    let mut scan = scan_under(root, root, config);
    scan.issues.extend(config.daily.issue.clone());
    scan
}

/// Walks one folder of the vault (the watcher's new folders), with the same
/// rules as a full scan.
pub fn scan_under(root: &Path, start: &Path, config: &Config) -> Scan {
    let mut scan = Scan::default();
    // Notes are sorted by path once found: sorting each folder on the way
    // would only cost time.
    let walker = WalkDir::new(start)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            entry.file_type().is_file()
                || relative(root, entry.path()).is_none_or(|rel| !is_ignored_folder(&rel, config))
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let rel = error
                    .path()
                    .and_then(|p| relative(root, p))
                    .unwrap_or_else(|| ".".to_owned());
                scan.issues
                    .push(unreadable_issue(&rel, &io_reason(&error), config.lang));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = relative(root, entry.path()) else {
            continue;
        };
        match classify(&rel, config) {
            FileClass::Note => scan.notes.push(Found {
                rel,
                abs: entry.into_path(),
            }),
            FileClass::ConflictCopy => scan.issues.push(conflict_issue(&rel, config.lang)),
            FileClass::Ignored => {}
        }
    }
    scan.notes.sort_by(|a, b| a.rel.cmp(&b.rel));
    scan
}

/// A folder whose contents are never read: hidden, the output, the templates.
pub fn is_ignored_folder(rel: &str, config: &Config) -> bool {
    rel.split('/').any(|c| c.starts_with('.'))
        || rel == config.output
        || rel == config.templates
        || is_under(rel, &config.output)
        || is_under(rel, &config.templates)
}

/// The issue reported for a sync conflict copy.
pub fn conflict_issue(rel: &str, lang: Lang) -> VaultIssue {
    let said = &words(lang).issues;
    VaultIssue::new(rel, 1, said.conflict_copy, said.conflict_copy_fix)
}

/// The issue reported for a file or folder that cannot be read.
pub fn unreadable_issue(rel: &str, reason: &str, lang: Lang) -> VaultIssue {
    let said = &words(lang).issues;
    VaultIssue::new(rel, 1, (said.unreadable)(reason), said.unreadable_fix)
}

fn io_reason(error: &walkdir::Error) -> String {
    error
        .io_error()
        .map_or_else(|| error.to_string(), |e| e.kind().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(rel: &str) -> FileClass {
        classify(rel, &Config::default())
    }

    #[test]
    fn notes_are_markdown_outside_hidden_generated_and_template_folders() {
        assert_eq!(class("Interviews/2026-11-20 Paul.md"), FileClass::Note);
        assert_eq!(class("Note.MD"), FileClass::Note);
        assert_eq!(class(".obsidian/x.md"), FileClass::Ignored);
        assert_eq!(class("a/.trash/x.md"), FileClass::Ignored);
        assert_eq!(class("Suivi/Follow-ups.md"), FileClass::Ignored);
        assert_eq!(class("Templates/Interview.md"), FileClass::Ignored);
        assert_eq!(class("SuiviX/note.md"), FileClass::Note);
        assert_eq!(class("image.png"), FileClass::Ignored);
        assert_eq!(class(".md"), FileClass::Ignored);
    }

    #[test]
    fn temporaries_are_ignored() {
        for name in [
            "a.md~",
            ".a.md.swp",
            ".A.MD.SWP",
            "a.md.Tmp",
            "#a.md#",
            ".#a.md",
            "a.md.tmp",
            "a.md.crdownload",
            ".a.md.icloud",
            "a.md___jb_tmp___",
            "~syncthing~a.md.tmp",
            ".syncthing.a.md.tmp",
            "4913",
        ] {
            assert_eq!(class(name), FileClass::Ignored, "{name}");
        }
    }

    #[test]
    fn relative_paths_are_slash_separated_and_never_empty() {
        let root = Path::new("/vault");
        let note = root.join("Interviews").join("2026-11-20 Léa.md");
        assert_eq!(
            relative(root, &note).as_deref(),
            Some("Interviews/2026-11-20 Léa.md")
        );
        assert_eq!(relative(root, root), None);
        assert_eq!(relative(root, Path::new("/elsewhere/a.md")), None);
    }

    #[test]
    fn conflict_copies_are_reported_not_read() {
        for name in [
            "a.sync-conflict-20261120-101010-ABCDEF.md",
            "a (conflicted copy 2026-11-20).md",
            "a (Case Conflict).md",
            "Note (Jane's conflicted copy 2024-01-01).md",
            "Note (Conflicted copy MyMac 202411281430).md",
            "NOTE (CONFLICTED COPY MYMAC 202411281430).MD",
            "a.SYNC-CONFLICT-20261120-101010-ABCDEF.md",
        ] {
            assert_eq!(class(name), FileClass::ConflictCopy, "{name}");
        }
        for name in ["Conflicted copy notes.md", "On conflict (copy).md"] {
            assert_eq!(class(name), FileClass::Note, "{name}");
        }
    }
}
