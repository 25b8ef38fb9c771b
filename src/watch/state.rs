//! The watcher's memory of the vault: every note read, by path, updated one
//! path at a time as changes arrive.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use crate::config::Config;
use crate::issue::VaultIssue;
use crate::note::{BankKeys, Note};
use crate::pipeline::{VaultRead, note_from_read, read_vault};
use crate::vault::{self, FileClass, classify, conflict_issue};

use super::batch::Changes;

/// How long to wait before reading again a note that did not parse: it may
/// still be in the middle of being written.
const SETTLE: Duration = Duration::from_millis(100);
/// How many times a note that keeps changing while it fails is read again.
const RETRIES: usize = 3;

pub struct VaultState {
    root: std::path::PathBuf,
    config: Config,
    pub notes: BTreeMap<String, Note>,
    /// The questions whose answers the notes kept.
    bank: BankKeys,
    conflicts: BTreeSet<String>,
    /// Folders that could not be read, from the last full scan.
    unreadable: Vec<VaultIssue>,
}

impl VaultState {
    /// Reads the whole vault.
    pub fn load(root: &Path, config: &Config) -> VaultState {
        let read = read_vault(root, config);
        read.update_cache(root, config);
        let VaultRead {
            notes,
            issues,
            bank,
            ..
        } = read;
        let (conflicts, unreadable): (Vec<VaultIssue>, Vec<VaultIssue>) = issues
            .into_iter()
            .partition(|i| classify(&i.path, config) == FileClass::ConflictCopy);
        VaultState {
            root: root.to_path_buf(),
            config: config.clone(),
            notes: notes.into_iter().map(|n| (n.path.clone(), n)).collect(),
            bank,
            conflicts: conflicts.into_iter().map(|i| i.path).collect(),
            unreadable,
        }
    }

    /// The issues found outside the notes themselves.
    pub fn scan_issues(&self) -> Vec<VaultIssue> {
        self.conflicts
            .iter()
            .map(|rel| conflict_issue(rel, self.config.lang))
            .chain(self.unreadable.iter().cloned())
            .collect()
    }

    /// Applies a batch's changes; returns the paths whose note changed in
    /// the index (added, removed, or read differently). An edit that leaves
    /// the note as the index knows it — the body of a note suivi does not
    /// index, say — changes nothing, so no pass is needed.
    pub fn apply(&mut self, changes: &Changes) -> Vec<String> {
        if changes.rescan {
            *self = VaultState::load(&self.root, &self.config);
            return vec!["(full rescan)".to_owned()];
        }
        let mut touched = Vec::new();
        for gone in &changes.gone {
            let prefix = format!("{gone}/");
            let before = self.notes.len() + self.conflicts.len();
            self.notes
                .retain(|path, _| path != gone && !path.starts_with(&prefix));
            self.conflicts
                .retain(|path| path != gone && !path.starts_with(&prefix));
            if self.notes.len() + self.conflicts.len() != before {
                touched.push(gone.clone());
            }
        }
        for folder in &changes.folders {
            let scan = vault::scan_under(&self.root, &self.root.join(folder), &self.config);
            for found in scan.notes {
                if self.read(&found.rel) {
                    touched.push(found.rel);
                }
            }
            for issue in scan.issues {
                if classify(&issue.path, &self.config) == FileClass::ConflictCopy
                    && self.conflicts.insert(issue.path.clone())
                {
                    touched.push(issue.path);
                }
            }
        }
        for rel in &changes.read {
            let changed = match classify(rel, &self.config) {
                FileClass::Note => self.read(rel),
                FileClass::ConflictCopy => self.conflicts.insert(rel.clone()),
                FileClass::Ignored => false,
            };
            if changed {
                touched.push(rel.clone());
            }
        }
        if !touched.is_empty() && BankKeys::of(self.notes.values()) != self.bank {
            // The notes kept the answers to other questions: read them again.
            *self = VaultState::load(&self.root, &self.config);
        }
        touched
    }

    /// Reads one note, again after a pause while it fails to parse and its
    /// bytes keep changing: an editor or a sync tool may be mid-write.
    /// Returns whether the index's view of the note changed.
    fn read(&mut self, rel: &str) -> bool {
        let path = self.root.join(rel);
        let mut bytes = std::fs::read(&path);
        let mut note = self.parse(rel, &bytes);
        for _ in 0..RETRIES {
            if note.issues.is_empty() {
                break;
            }
            std::thread::sleep(SETTLE);
            let again = std::fs::read(&path);
            if same(&again, &bytes) {
                break;
            }
            bytes = again;
            note = self.parse(rel, &bytes);
        }
        match bytes {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => self.notes.remove(rel).is_some(),
            _ => {
                let previous = self.notes.insert(rel.to_owned(), note);
                previous.as_ref() != self.notes.get(rel)
            }
        }
    }

    fn parse(&self, rel: &str, bytes: &std::io::Result<Vec<u8>>) -> Note {
        note_from_read(rel, bytes, &self.config, &self.bank)
    }
}

fn same(a: &std::io::Result<Vec<u8>>, b: &std::io::Result<Vec<u8>>) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => a == b,
        (Err(a), Err(b)) => a.kind() == b.kind(),
        _ => false,
    }
}
