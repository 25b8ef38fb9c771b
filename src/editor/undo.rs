//! Note editor, undo: the last batch of edits not yet undone is reverted as
//! a whole, each note getting back its exact bytes, while every note still
//! holds what suivi wrote; else nothing is written.

use std::fs;
use std::path::Path;

use super::journal::{self, Entry};
use super::replace::{Replaced, replace, sync_folder, temp_path};
use super::{Batch, EditError, Undone, io_error, note_path, put_back, read_note};
use crate::config::Config;

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
        Replaced::Changed(_) | Replaced::Busy => Err(changed_since_undo(rel, batch)),
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
