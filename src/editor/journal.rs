//! Note editor, the journal: `.suivi/journal`, one JSON line per edit made
//! to a note and per note an undo restored, appended and never rewritten.
//!
//! An edit's line holds the text the note had before, so `undo` restores
//! the exact bytes; the hashes tell whether the note still holds the edit.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::{Batch, EditError};
use crate::state_file::STATE_DIR;

/// The journal's file name, in the `.suivi` folder.
pub const JOURNAL: &str = "journal";

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// A note edited, or created (then `before` and `before_hash` are null).
    Edit {
        batch: String,
        description: String,
        /// Local date and time, RFC 3339.
        at: String,
        /// The note, vault-relative.
        note: String,
        before_hash: Option<String>,
        after_hash: String,
        /// The change in words.
        change: String,
        before: Option<String>,
    },
    /// The edits of `batch` to `note` were undone.
    Undo {
        batch: String,
        at: String,
        note: String,
    },
}

impl Entry {
    /// The line of an edit of `batch` to `note`, from the bytes it had
    /// `before` (none for a note created) to those it has `after`.
    pub(super) fn edit(
        batch: &Batch,
        note: &str,
        change: String,
        before: Option<&[u8]>,
        after: &[u8],
    ) -> Entry {
        Entry::Edit {
            batch: batch.id.clone(),
            description: batch.description.clone(),
            at: now(),
            note: note.to_owned(),
            before_hash: before.map(hash),
            after_hash: hash(after),
            change,
            before: before.map(|bytes| String::from_utf8_lossy(bytes).into_owned()),
        }
    }
}

/// The hash the journal keeps of a note's bytes: XXH3-64, 16 hex digits.
pub fn hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxh3_64(bytes))
}

/// The local date and time, for the journal.
pub(super) fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> EditError + '_ {
    move |source| EditError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The journal's path, checking that neither it nor its folder is a link.
fn path(root: &Path, create_folder: bool) -> Result<PathBuf, EditError> {
    let dir = root.join(STATE_DIR);
    match fs::symlink_metadata(&dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(EditError::JournalLink { path: dir }),
        Err(e) if e.kind() == io::ErrorKind::NotFound && create_folder => {
            fs::create_dir(&dir).map_err(io_error(&dir))?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(&dir)(e)),
    }
    let file = dir.join(JOURNAL);
    match fs::symlink_metadata(&file) {
        Ok(meta) if !meta.is_file() => Err(EditError::JournalLink { path: file }),
        _ => Ok(file),
    }
}

/// Makes sure the journal can be written (its folder exists, nothing is a
/// link) before a note is edited: an edit that cannot be journaled could not
/// be undone.
pub(super) fn ready(root: &Path) -> Result<(), EditError> {
    path(root, true).map(|_| ())
}

/// Appends `entry` as one line, flushed to disk before returning.
pub(super) fn append(root: &Path, entry: &Entry) -> Result<(), EditError> {
    let file_path = path(root, true)?;
    let mut line = serde_json::to_string(entry).map_err(|e| EditError::Journal {
        path: file_path.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    line.push('\n');
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file_path)
        .map_err(io_error(&file_path))?;
    drop_torn_line(&file, &file_path)?;
    // One write: appends of several processes do not interleave within it.
    file.write_all(line.as_bytes())
        .and_then(|()| file.sync_data())
        .map_err(io_error(&file_path))
}

/// Cuts a last line left without its line break by a crash, so it never
/// reads as a whole line once another follows.
fn drop_torn_line(file: &fs::File, path: &Path) -> Result<(), EditError> {
    let mut reader = fs::File::open(path).map_err(io_error(path))?;
    let len = file.metadata().map_err(io_error(path))?.len();
    if len == 0 {
        return Ok(());
    }
    let mut last = [0u8; 1];
    reader
        .seek(SeekFrom::End(-1))
        .and_then(|_| reader.read_exact(&mut last))
        .map_err(io_error(path))?;
    if last[0] == b'\n' {
        return Ok(());
    }
    let mut bytes = Vec::new();
    reader
        .seek(SeekFrom::Start(0))
        .and_then(|_| reader.read_to_end(&mut bytes))
        .map_err(io_error(path))?;
    let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    file.set_len(keep as u64).map_err(io_error(path))
}

/// Every entry, in the order written. A last line without its line break
/// was cut short by a crash and is skipped; any other line that cannot be
/// read is an error, since undo must not skip an edit.
pub fn read(root: &Path) -> Result<Vec<Entry>, EditError> {
    let file_path = path(root, false)?;
    let text = match fs::read_to_string(&file_path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&file_path)(e)),
    };
    let mut entries = Vec::new();
    for (number, line) in (1..).zip(text.split_inclusive('\n')) {
        let complete = line.ends_with('\n');
        let line = line.trim_end();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str(line) {
            Ok(entry) => entries.push(entry),
            Err(_) if !complete => {}
            Err(e) => {
                return Err(EditError::Journal {
                    path: file_path,
                    line: number,
                    message: e.to_string(),
                });
            }
        }
    }
    Ok(entries)
}
