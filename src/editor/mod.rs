//! Note editor: the only code that writes a user's note (SPEC section 6).
//!
//! It records what the user asked (a tick, `done`, `log`, `snooze`,
//! `import`) as one change to one note, made by the pure core in [`change`]
//! and checked by [`check`], and writes it only under these rules:
//!
//! - the note is a note suivi reads, named by a plain vault-relative path,
//!   reached without following any symbolic link, a regular UTF-8 file
//!   without a vault issue, and `write_notes` is on;
//! - the note is read again just before the atomic replace and must still
//!   hold the bytes the edit was made from; when it changed, the edit is made
//!   again from the new bytes, a bounded number of times;
//! - every edit is journaled in `.suivi/journal` with the text before, so
//!   [`undo`] restores the exact bytes while the note still holds the edit.

mod change;
mod check;
pub mod journal;
mod replace;
mod syntax;
mod task;
mod undo;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

pub use change::{Change, Refused, apply};
pub use check::{changed_lines, check};
use journal::Entry;
pub use replace::QUIET;
use replace::{Replaced, TakenOut, changed_since, create_new, replace, waited_for_quiet};
pub use undo::undo;

use crate::config::Config;
use crate::i18n::words;
use crate::lang::Lang;
use crate::note::parse_note;
use crate::vault::{FileClass, classify};

/// How many times an edit is made again from a note that changed under it
/// before suivi gives up and reports the other program.
pub const MAX_ATTEMPTS: usize = 5;

/// Edits made for one request, undone together: `done ID…`, an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Unique among the journal's batches.
    pub id: String,
    /// What the user asked, in words: `done 3f2a1b`, `import Connections.csv`.
    pub description: String,
}

impl Batch {
    /// A new batch with a fresh id: the time, the process and a count of
    /// the batches it made, so two made within one tick of the clock differ.
    pub fn new(description: impl Into<String>) -> Batch {
        static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let count = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let seed = format!("{nanos}-{}-{count}", std::process::id());
        Batch {
            id: journal::hash(seed.as_bytes()),
            description: description.into(),
        }
    }
}

/// What [`record`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub rel: String,
    /// False when the note already held the change: nothing was written.
    pub changed: bool,
    /// How many times the edit was made: more than one when another
    /// program changed the note meanwhile.
    pub attempts: usize,
}

/// What [`undo`] reverted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    pub batch: Batch,
    /// The notes restored (or removed, when the batch created them).
    pub notes: Vec<String>,
}

/// Why a note was not edited. Each names the note and says what to do.
#[derive(Debug, Error)]
pub enum EditError {
    #[error("{}", self.message(Lang::En))]
    WritesOff { rel: String },
    #[error("{}", self.message(Lang::En))]
    BadPath { rel: String, reason: String },
    #[error("{}", self.message(Lang::En))]
    Symlink { rel: String, link: String },
    #[error("{}", self.message(Lang::En))]
    NotAFile { rel: String },
    #[error("{}", self.message(Lang::En))]
    NotFound { rel: String },
    #[error("{}", self.message(Lang::En))]
    Exists { rel: String },
    #[error("{}", self.message(Lang::En))]
    NotUtf8 { rel: String },
    #[error("{}", self.message(Lang::En))]
    VaultIssue {
        rel: String,
        line: usize,
        message: String,
        fix: String,
    },
    #[error("{}", self.message(Lang::En))]
    Refused { rel: String, source: Refused },
    #[error("{}", self.message(Lang::En))]
    KeepsChanging { rel: String, attempts: usize },
    #[error("{}", self.message(Lang::En))]
    NothingToUndo,
    #[error("{}", self.message(Lang::En))]
    ChangedSince {
        description: String,
        notes: Vec<String>,
    },
    #[error("{}", self.message(Lang::En))]
    JournalLink { path: PathBuf },
    #[error("{}", self.message(Lang::En))]
    Journal {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}", self.message(Lang::En))]
    Io { path: PathBuf, source: io::Error },
}

impl EditError {
    /// What went wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let said = &words(lang).errors;
        match self {
            EditError::WritesOff { rel } => (said.writes_off)(rel),
            EditError::BadPath { rel, reason } => (said.bad_path)(rel, reason),
            EditError::Symlink { rel, link } => (said.symlink_note)(rel, link),
            EditError::NotAFile { rel } => (said.not_a_file)(rel),
            EditError::NotFound { rel } => (said.no_such_note)(rel),
            EditError::Exists { rel } => (said.note_exists)(rel),
            EditError::NotUtf8 { rel } => (said.not_utf8)(rel),
            EditError::VaultIssue {
                rel,
                line,
                message,
                fix,
            } => (said.note_has_issue)(rel, *line, message, fix),
            EditError::Refused { rel, source } => format!("{rel}: {}", source.message(lang)),
            EditError::KeepsChanging { rel, attempts } => (said.keeps_changing)(rel, *attempts),
            EditError::NothingToUndo => said.nothing_to_undo.to_owned(),
            EditError::ChangedSince { description, notes } => {
                (said.changed_since)(description, &notes.join(", "))
            }
            EditError::JournalLink { path } => (said.journal_link)(&path.display().to_string()),
            EditError::Journal {
                path,
                line,
                message,
            } => (said.journal)(&path.display().to_string(), *line, message),
            EditError::Io { path, source } => format!("{}: {source}", path.display()),
        }
    }
}

pub(super) fn io_error(path: &Path) -> impl FnOnce(io::Error) -> EditError + '_ {
    move |source| EditError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Records `change` in the note at vault-relative `rel`, journaled in `batch`.
pub fn record(
    root: &Path,
    config: &Config,
    rel: &str,
    change: &Change,
    batch: &Batch,
) -> Result<Recorded, EditError> {
    if !config.write_notes {
        return Err(EditError::WritesOff {
            rel: rel.to_owned(),
        });
    }
    let path = note_path(root, config, rel, false)?;
    journal::ready(root)?;
    let mut on_disk = read_note(&path, rel)?;
    // The user's latest text, which the edit is made from. It differs from
    // what is on disk only after a write of ours hid a write of theirs.
    let mut source = on_disk.clone();
    let mut taken_out: Vec<TakenOut> = Vec::new();
    for attempt in 1..=MAX_ATTEMPTS {
        let new = match edited(rel, &source, change, config) {
            Ok(new) => new,
            Err(error) => {
                // Read in the middle of a save, a note may look broken:
                // once left alone, it is read again before being judged.
                if on_disk == source && waited_for_quiet(&path) {
                    let now = read_note(&path, rel)?;
                    if now != on_disk {
                        on_disk.clone_from(&now);
                        source = now;
                        taken_out.clear();
                        continue;
                    }
                }
                put_back(&path, rel, &on_disk, &source)?;
                return Err(error);
            }
        };
        if new.as_bytes() == source && on_disk == source {
            return Ok(Recorded {
                rel: rel.to_owned(),
                changed: false,
                attempts: attempt,
            });
        }
        match replace(&path, rel, &on_disk, new.as_bytes())? {
            Replaced::Changed(now) => {
                on_disk.clone_from(&now);
                source = now;
                taken_out.clear();
            }
            Replaced::Hid {
                file,
                theirs,
                version,
            } => {
                // Made again from their text. Ours, on disk, was just
                // written, so the next replace waits for QUIET first: time
                // for a save begun into the file taken out to land there,
                // where `changed_since` then sees it.
                on_disk = new.into_bytes();
                source.clone_from(&theirs);
                taken_out.push(TakenOut {
                    file,
                    bytes: theirs,
                    version,
                });
            }
            Replaced::Busy => break,
            Replaced::Done => {
                // A write that went into a file this edit replaced earlier
                // lands after our check of it: look again.
                if let Some(theirs) = changed_since(&mut taken_out) {
                    on_disk = new.into_bytes();
                    source = theirs;
                    continue;
                }
                journal::append(
                    root,
                    &Entry::edit(batch, rel, change.describe(), Some(&source), new.as_bytes()),
                )?;
                return Ok(Recorded {
                    rel: rel.to_owned(),
                    changed: true,
                    attempts: attempt,
                });
            }
        }
    }
    put_back(&path, rel, &on_disk, &source)?;
    Err(EditError::KeepsChanging {
        rel: rel.to_owned(),
        attempts: MAX_ATTEMPTS,
    })
}

/// Creates the note at vault-relative `rel` holding `text` (a person note for
/// `log`, an import), journaled in `batch`. Never writes over a file; the
/// folders above are created when missing, never through a link.
pub fn create(
    root: &Path,
    config: &Config,
    rel: &str,
    text: &str,
    batch: &Batch,
) -> Result<(), EditError> {
    if !config.write_notes {
        return Err(EditError::WritesOff {
            rel: rel.to_owned(),
        });
    }
    if let Some(issue) = parse_note(rel, text.as_bytes(), config)
        .issues
        .into_iter()
        .next()
    {
        return Err(EditError::VaultIssue {
            rel: rel.to_owned(),
            line: issue.line,
            message: issue.message,
            fix: issue.fix,
        });
    }
    let path = note_path(root, config, rel, true)?;
    journal::ready(root)?;
    create_new(&path, rel, text.as_bytes())?;
    journal::append(
        root,
        &Entry::edit(
            batch,
            rel,
            "create the note".to_owned(),
            None,
            text.as_bytes(),
        ),
    )
}

/// When a write of ours hid theirs (`on_disk` is ours, `theirs` the user's
/// text), puts their text back; nothing to do otherwise.
pub(super) fn put_back(
    path: &Path,
    rel: &str,
    on_disk: &[u8],
    theirs: &[u8],
) -> Result<(), EditError> {
    let mut on_disk = on_disk.to_vec();
    let mut theirs = theirs.to_vec();
    for _ in 0..MAX_ATTEMPTS {
        if on_disk == theirs {
            return Ok(());
        }
        match replace(path, rel, &on_disk, &theirs)? {
            // The note changed again: that newer text is theirs too.
            Replaced::Done | Replaced::Changed(_) => return Ok(()),
            Replaced::Busy => break,
            Replaced::Hid { theirs: newer, .. } => {
                on_disk = std::mem::replace(&mut theirs, newer);
            }
        }
    }
    Err(EditError::KeepsChanging {
        rel: rel.to_owned(),
        attempts: MAX_ATTEMPTS,
    })
}

/// The text of `bytes` with `change` made, refused for a note that is not
/// UTF-8, that has a vault issue, or that the edit would give one.
fn edited(rel: &str, bytes: &[u8], change: &Change, config: &Config) -> Result<String, EditError> {
    let text = std::str::from_utf8(bytes).map_err(|_| EditError::NotUtf8 {
        rel: rel.to_owned(),
    })?;
    let vault_issue = |bytes: &[u8]| {
        parse_note(rel, bytes, config)
            .issues
            .into_iter()
            .next()
            .map(|issue| EditError::VaultIssue {
                rel: rel.to_owned(),
                line: issue.line,
                message: issue.message,
                fix: issue.fix,
            })
    };
    if let Some(error) = vault_issue(bytes) {
        return Err(error);
    }
    let new = apply(text, change).map_err(|source| EditError::Refused {
        rel: rel.to_owned(),
        source,
    })?;
    if let Some(EditError::VaultIssue { line, message, .. }) = vault_issue(new.as_bytes()) {
        return Err(EditError::Refused {
            rel: rel.to_owned(),
            source: Refused::CheckFailed {
                reason: format!(
                    "the edit would give the note a vault issue, line {line}: {message}"
                ),
            },
        });
    }
    Ok(new)
}

/// The absolute path of `rel`, checked: a plain vault-relative path of a note
/// suivi reads, no component of which is a symbolic link. With
/// `create_folders`, missing folders are created, one at a time.
pub(super) fn note_path(
    root: &Path,
    config: &Config,
    rel: &str,
    create_folders: bool,
) -> Result<PathBuf, EditError> {
    let bad = |reason: &str| EditError::BadPath {
        rel: rel.to_owned(),
        reason: reason.to_owned(),
    };
    if rel.is_empty() || rel.starts_with('/') || rel.contains(['\\', '\0']) {
        return Err(bad(
            "a note is named by a vault-relative path with `/`, like People/Ann.md",
        ));
    }
    if rel
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return Err(bad("the path has an empty, `.` or `..` part"));
    }
    if classify(rel, config) != FileClass::Note {
        return Err(bad(
            "suivi does not read it as a note (hidden, generated, a template, a temporary, or not `.md`)",
        ));
    }
    let mut path = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let is_file = i + 1 == parts.len();
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(EditError::Symlink {
                    rel: rel.to_owned(),
                    link: parts[..=i].join("/"),
                });
            }
            Ok(meta) if !is_file && !meta.is_dir() => {
                return Err(bad("a part of the path is not a folder"));
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if is_file {
                    continue;
                }
                if !create_folders {
                    return Err(EditError::NotFound {
                        rel: rel.to_owned(),
                    });
                }
                fs::create_dir(&path).map_err(io_error(&path))?;
            }
            Err(e) => return Err(io_error(&path)(e)),
        }
    }
    Ok(path)
}

/// The bytes of the note, which must be a regular file.
pub(super) fn read_note(path: &Path, rel: &str) -> Result<Vec<u8>, EditError> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(EditError::NotFound {
            rel: rel.to_owned(),
        }),
        Err(e) => Err(io_error(path)(e)),
        Ok(meta) if meta.file_type().is_symlink() => Err(EditError::Symlink {
            rel: rel.to_owned(),
            link: rel.to_owned(),
        }),
        Ok(meta) if !meta.is_file() => Err(EditError::NotAFile {
            rel: rel.to_owned(),
        }),
        Ok(_) => fs::read(path).map_err(io_error(path)),
    }
}
