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

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

pub use change::{Change, Refused, apply};
pub use check::{changed_lines, check};
use journal::Entry;

use crate::config::Config;
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
    /// A new batch with a fresh id (the time and the process make it unique).
    pub fn new(description: impl Into<String>) -> Batch {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let seed = format!("{nanos}-{}", std::process::id());
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
    #[error(
        "{rel}: not edited, `write_notes = false` in .suivi.toml; set it to true to let suivi record this, or record it by hand"
    )]
    WritesOff { rel: String },
    #[error("{rel}: not a note suivi may edit: {reason}")]
    BadPath { rel: String, reason: String },
    #[error(
        "{rel}: `{link}` is a symbolic link; suivi never edits through one: edit the note by hand"
    )]
    Symlink { rel: String, link: String },
    #[error("{rel}: not a regular file; suivi edits only notes")]
    NotAFile { rel: String },
    #[error("{rel}: no such note")]
    NotFound { rel: String },
    #[error("{rel}: already exists; suivi never writes over a note")]
    Exists { rel: String },
    #[error("{rel}: not valid UTF-8 text; save the note as UTF-8 in your editor, then try again")]
    NotUtf8 { rel: String },
    #[error(
        "{rel}:{line}: the note has a vault issue ({message}); suivi does not edit it until it is fixed: {fix}"
    )]
    VaultIssue {
        rel: String,
        line: usize,
        message: String,
        fix: String,
    },
    #[error("{rel}: {source}")]
    Refused { rel: String, source: Refused },
    #[error(
        "{rel}: another program kept changing the note ({attempts} attempts); nothing was recorded: try again once it is saved"
    )]
    KeepsChanging { rel: String, attempts: usize },
    #[error("nothing to undo: suivi has not edited a note in this vault, or every edit is undone")]
    NothingToUndo,
    #[error(
        "cannot undo \"{description}\": {} changed since suivi edited them; edit them by hand, or undo nothing", notes.join(", ")
    )]
    ChangedSince {
        description: String,
        notes: Vec<String>,
    },
    #[error(
        "{path}: is a symbolic link or not a folder; suivi keeps its journal only in a real `.suivi` folder"
    )]
    JournalLink { path: PathBuf },
    #[error("{path}:{line}: the journal cannot be read ({message}); undo needs it whole")]
    Journal {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> EditError + '_ {
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
    let mut displaced: Vec<(File, Vec<u8>)> = Vec::new();
    for attempt in 1..=MAX_ATTEMPTS {
        let new = match edited(rel, &source, change, config) {
            Ok(new) => new,
            Err(error) => {
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
                on_disk = now.clone();
                source = now;
                displaced.clear();
            }
            Replaced::Hid { file, theirs } => {
                on_disk = new.into_bytes();
                source = theirs.clone();
                displaced.push((file, theirs));
            }
            Replaced::Done => {
                // A write that went into a file this edit replaced earlier
                // lands after our check of it: look again.
                if let Some(theirs) = changed_since(&mut displaced) {
                    on_disk = new.into_bytes();
                    source = theirs;
                    continue;
                }
                journal::append(
                    root,
                    &Entry::Edit {
                        batch: batch.id.clone(),
                        description: batch.description.clone(),
                        at: journal::now(),
                        note: rel.to_owned(),
                        before_hash: Some(journal::hash(&source)),
                        after_hash: journal::hash(new.as_bytes()),
                        change: change.describe(),
                        before: Some(String::from_utf8_lossy(&source).into_owned()),
                    },
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
    let path = note_path(root, config, rel, true)?;
    journal::ready(root)?;
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
    create_new(&path, rel, text.as_bytes())?;
    journal::append(
        root,
        &Entry::Edit {
            batch: batch.id.clone(),
            description: batch.description.clone(),
            at: journal::now(),
            note: rel.to_owned(),
            before_hash: None,
            after_hash: journal::hash(text.as_bytes()),
            change: "create the note".to_owned(),
            before: None,
        },
    )
}

/// Reverts the last batch not yet undone: each note it edited gets back the
/// exact bytes it had before, each note it created is removed. Refused as a
/// whole when any of those notes changed since. Call again for earlier ones.
pub fn undo(root: &Path, config: &Config) -> Result<Undone, EditError> {
    let entries = journal::read(root)?;
    let undone = |batch: &str, note: &str| {
        entries
            .iter()
            .any(|e| matches!(e, Entry::Undo { batch: b, note: n, .. } if b == batch && n == note))
    };
    let last = entries.iter().rev().find_map(|e| match e {
        Entry::Edit {
            batch,
            description,
            note,
            ..
        } if !undone(batch, note) => Some(Batch {
            id: batch.clone(),
            description: description.clone(),
        }),
        _ => None,
    });
    let Some(batch) = last else {
        return Err(EditError::NothingToUndo);
    };
    // Per note, its edits in this batch, oldest first.
    let mut notes: Vec<(String, Vec<&Entry>)> = Vec::new();
    for entry in &entries {
        if let Entry::Edit { batch: b, note, .. } = entry
            && *b == batch.id
            && !undone(b, note)
        {
            match notes.iter_mut().find(|(n, _)| n == note) {
                Some((_, edits)) => edits.push(entry),
                None => notes.push((note.clone(), vec![entry])),
            }
        }
    }
    if !config.write_notes {
        let rel = notes.first().map(|(n, _)| n.clone()).unwrap_or_default();
        return Err(EditError::WritesOff { rel });
    }
    let mut plans = Vec::new();
    let mut changed = Vec::new();
    for (rel, edits) in &notes {
        let path = note_path(root, config, rel, false)?;
        let now = match read_note(&path, rel) {
            Ok(bytes) => Some(bytes),
            Err(EditError::NotFound { .. }) => None,
            Err(error) => return Err(error),
        };
        let first_before = match edits.first() {
            Some(Entry::Edit { before, .. }) => before.clone(),
            _ => None,
        };
        // Already as before the batch (put back by hand, or a created note
        // deleted): nothing to write, the edit counts as undone.
        let reverted = match (&now, &first_before) {
            (None, None) => true,
            (Some(now), Some(before)) => now == before.as_bytes(),
            _ => false,
        };
        if reverted {
            plans.push((rel.clone(), path, None, Restore::Nothing));
        } else if holds(now.as_deref(), edits) {
            let restore = first_before.map_or(Restore::Remove, Restore::Text);
            plans.push((rel.clone(), path, now, restore));
        } else {
            changed.push(rel.clone());
        }
    }
    if !changed.is_empty() {
        return Err(EditError::ChangedSince {
            description: batch.description,
            notes: changed,
        });
    }
    let mut restored = Vec::new();
    for (rel, path, now, plan) in plans {
        let now = now.unwrap_or_default();
        match plan {
            Restore::Text(before) => restore(&path, &rel, &now, before.as_bytes(), &batch)?,
            Restore::Remove => remove(&path, &rel, &now, &batch)?,
            Restore::Nothing => {}
        }
        journal::append(
            root,
            &Entry::Undo {
                batch: batch.id.clone(),
                at: journal::now(),
                note: rel.clone(),
            },
        )?;
        restored.push(rel);
    }
    Ok(Undone {
        batch,
        notes: restored,
    })
}

/// What undo does to one note.
enum Restore {
    /// Writes back the text it had before the batch.
    Text(String),
    /// Removes the note the batch created.
    Remove,
    /// The note already is as before the batch.
    Nothing,
}

/// The note holds the last of `edits`, and the edits follow one another.
fn holds(now: Option<&[u8]>, edits: &[&Entry]) -> bool {
    let hashes: Vec<(Option<&String>, &String)> = edits
        .iter()
        .filter_map(|e| match e {
            Entry::Edit {
                before_hash,
                after_hash,
                ..
            } => Some((before_hash.as_ref(), after_hash)),
            Entry::Undo { .. } => None,
        })
        .collect();
    let chained = hashes.windows(2).all(|pair| pair[1].0 == Some(pair[0].1));
    let last = hashes.last().map(|(_, after)| *after);
    chained && now.map(journal::hash).as_ref() == last && last.is_some()
}

fn changed_since_undo(rel: &str, batch: &Batch) -> EditError {
    EditError::ChangedSince {
        description: batch.description.clone(),
        notes: vec![rel.to_owned()],
    }
}

/// Writes `before` back over the note, which must hold `after`.
fn restore(
    path: &Path,
    rel: &str,
    after: &[u8],
    before: &[u8],
    batch: &Batch,
) -> Result<(), EditError> {
    match replace(path, rel, after, before)? {
        Replaced::Done => Ok(()),
        Replaced::Changed(_) => Err(changed_since_undo(rel, batch)),
        Replaced::Hid { theirs, .. } => {
            put_back(path, rel, before, &theirs)?;
            Err(changed_since_undo(rel, batch))
        }
    }
}

/// Removes a note the batch created, when it still holds what was created:
/// moved aside first, then checked, so a note written meanwhile is kept.
fn remove(path: &Path, rel: &str, created: &[u8], batch: &Batch) -> Result<(), EditError> {
    let aside = temp_path(path)?;
    fs::rename(path, &aside).map_err(io_error(path))?;
    let moved = fs::read(&aside).map_err(io_error(&aside))?;
    if moved == created {
        fs::remove_file(&aside).map_err(io_error(&aside))?;
        return sync_folder(path);
    }
    // Linking back never replaces a note created at its place meanwhile.
    fs::hard_link(&aside, path).map_err(io_error(path))?;
    fs::remove_file(&aside).map_err(io_error(&aside))?;
    Err(changed_since_undo(rel, batch))
}

/// When a write of ours hid theirs (`on_disk` is ours, `theirs` the user's
/// text), puts their text back; nothing to do otherwise.
fn put_back(path: &Path, rel: &str, on_disk: &[u8], theirs: &[u8]) -> Result<(), EditError> {
    if on_disk == theirs {
        return Ok(());
    }
    // If the note changed again, that newer text is theirs too: keep it.
    replace(path, rel, on_disk, theirs).map(|_| ())
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
fn note_path(
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
fn read_note(path: &Path, rel: &str) -> Result<Vec<u8>, EditError> {
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

/// How an atomic replace went.
enum Replaced {
    Done,
    /// The note no longer held the expected bytes: nothing was written.
    Changed(Vec<u8>),
    /// Written, but a program wrote into the note between the last check
    /// and the rename: its text went into the file replaced, `file`.
    Hid {
        file: File,
        theirs: Vec<u8>,
    },
}

/// A hidden name beside `path` for a temporary file: the scan never reads
/// hidden files.
fn temp_path(path: &Path) -> Result<PathBuf, EditError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().ok_or_else(|| EditError::BadPath {
        rel: name.clone(),
        reason: "no folder".to_owned(),
    })?;
    Ok(dir.join(format!(".{name}.{}.suivi-edit", std::process::id())))
}

/// A new file at `temp` holding `bytes`, flushed to disk.
fn write_temp(temp: &Path, bytes: &[u8], like: Option<&Path>) -> Result<(), EditError> {
    let open = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)
    };
    let mut file = match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            // Left by an interrupted edit of this process id: ours to remove.
            fs::remove_file(temp).and_then(|()| open())
        }
        other => other,
    }
    .map_err(io_error(temp))?;
    let written = file.write_all(bytes).and_then(|()| {
        if let Some(like) = like {
            fs::set_permissions(temp, fs::metadata(like)?.permissions())?;
        }
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = fs::remove_file(temp);
        return Err(io_error(temp)(e));
    }
    Ok(())
}

/// Replaces the note at `path` with `new` when it still holds `expected`:
/// the new bytes are written and flushed to a temporary file first, so the
/// time between reading the note again and the rename is as short as it
/// can be.
fn replace(path: &Path, rel: &str, expected: &[u8], new: &[u8]) -> Result<Replaced, EditError> {
    let temp = temp_path(path)?;
    write_temp(&temp, new, Some(path))?;
    let discard = |error: EditError| {
        let _ = fs::remove_file(&temp);
        error
    };
    let mut current = File::open(path).map_err(io_error(path)).map_err(discard)?;
    let mut now = Vec::with_capacity(expected.len());
    current
        .read_to_end(&mut now)
        .map_err(io_error(path))
        .map_err(discard)?;
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        return Err(discard(EditError::Symlink {
            rel: rel.to_owned(),
            link: rel.to_owned(),
        }));
    }
    if now != expected {
        let _ = fs::remove_file(&temp);
        return Ok(Replaced::Changed(now));
    }
    fs::rename(&temp, path)
        .map_err(io_error(path))
        .map_err(discard)?;
    sync_folder(path)?;
    // A program that opened the note before the rename writes into the file
    // replaced; opening with truncation already shows in its bytes.
    let mut after = Vec::with_capacity(expected.len());
    current
        .seek(SeekFrom::Start(0))
        .and_then(|_| current.read_to_end(&mut after))
        .map_err(io_error(path))?;
    if after != expected {
        return Ok(Replaced::Hid {
            file: current,
            theirs: after,
        });
    }
    Ok(Replaced::Done)
}

/// The newest text written into a file an earlier attempt replaced, if any
/// was written since it was last looked at.
fn changed_since(displaced: &mut [(File, Vec<u8>)]) -> Option<Vec<u8>> {
    let mut newest = None;
    for (file, seen) in displaced.iter_mut() {
        let mut now = Vec::new();
        let read = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_end(&mut now));
        if read.is_ok() && now != *seen {
            seen.clone_from(&now);
            newest = Some(now);
        }
    }
    newest
}

/// Writes a new note, never over a file: linked into place from a flushed
/// temporary file, so it appears whole; where links are not supported,
/// created exclusively and written.
fn create_new(path: &Path, rel: &str, bytes: &[u8]) -> Result<(), EditError> {
    let temp = temp_path(path)?;
    write_temp(&temp, bytes, None)?;
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => sync_folder(path),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(EditError::Exists {
            rel: rel.to_owned(),
        }),
        Err(_) => {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| match e.kind() {
                    io::ErrorKind::AlreadyExists => EditError::Exists {
                        rel: rel.to_owned(),
                    },
                    _ => io_error(path)(e),
                })?;
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(io_error(path))?;
            sync_folder(path)
        }
    }
}

/// Flushes the folder holding `path`, so the rename itself survives a crash.
fn sync_folder(path: &Path) -> Result<(), EditError> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error(dir))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
