//! The watcher's memory of the vault: every note read, by path, updated one
//! path at a time as changes arrive.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tracing::debug;

use crate::clock::Clock;
use crate::config::Config;
use crate::i18n::words;
use crate::index::{self, Index, NotePath};
use crate::issue::VaultIssue;
use crate::lang::Lang;
use crate::note::{BankKeys, Note, is_bank_note};
use crate::pages::PageSet;
use crate::pipeline::{
    self, BesideNotes, Plan, VaultRead, WriteReport, note_from_read, read_vault,
};
use crate::reuse::{self, LastPages, Refresh, Since};
use crate::vault::{self, FileClass, classify, conflict_issue};

use super::batch::Changes;

/// What the verbose log says when an edit left the last index valid.
pub const REFRESHED: &str = words(Lang::En).watch.refreshed;

/// How long a note that does not read must have been left alone before its
/// problems are reported: until then an editor or a sync tool may be in the
/// middle of writing it, and it is looked at again once that time is up.
const SETTLE: Duration = Duration::from_secs(1);

pub struct VaultState {
    root: std::path::PathBuf,
    config: Config,
    pub notes: BTreeMap<NotePath, Note>,
    /// The questions whose answers the notes kept.
    bank: BankKeys,
    conflicts: BTreeSet<String>,
    /// Folders that could not be read, from the last full scan.
    unreadable: Vec<VaultIssue>,
    /// Notes that did not read while still being changed, and when to look
    /// at them again. Until then the index keeps them as they were.
    unsettled: BTreeMap<String, Instant>,
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
            notes: notes
                .into_iter()
                .map(|n| (Arc::clone(&n.path), n))
                .collect(),
            bank,
            conflicts: conflicts.into_iter().map(|i| i.path).collect(),
            unreadable,
            unsettled: BTreeMap::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// When a note that did not read while it was changing is next due to
    /// be looked at.
    pub fn next_look(&self) -> Option<Instant> {
        self.unsettled.values().min().copied()
    }

    /// Reads again the notes whose time to settle is up.
    pub fn look_again(&mut self) -> Applied {
        let now = Instant::now();
        let due: Vec<String> = (self.unsettled.iter())
            .filter(|(_, at)| **at <= now)
            .map(|(rel, _)| rel.clone())
            .collect();
        let mut applied = Applied::edits();
        for rel in due {
            self.unsettled.remove(&rel);
            let reread = self.read(&rel);
            applied.record(&rel, reread);
        }
        applied
    }

    /// The issues found outside the notes themselves.
    pub fn scan_issues(&self) -> Vec<VaultIssue> {
        self.conflicts
            .iter()
            .map(|rel| conflict_issue(rel, self.config.lang))
            .chain(self.unreadable.iter().cloned())
            .collect()
    }

    /// The index of the notes, built whole.
    pub fn index(&self) -> Index {
        index::build(self.notes.values(), self.config.lang)
    }

    /// Brings the last pass's index up to date after a batch: refreshed in
    /// place when the batch only edited interviews in what neither the
    /// index nor every rule reads (a topic, an answer, a channel), else
    /// built again. Tells which, and what the batch reaches.
    pub fn update_index(&self, index: &mut Index, applied: &Applied) -> Refresh {
        let refresh = match &applied.edited {
            Some(edited) => reuse::refresh(
                index,
                (edited.iter()).map(|before| (before, self.notes.get(&*before.path))),
            ),
            None => Refresh::Rebuild {
                pages: PageSet::ALL,
            },
        };
        match refresh {
            Refresh::Refreshed { .. } => debug!("{}", words(self.config.lang).watch.refreshed),
            Refresh::Rebuild { .. } => *index = self.index(),
        }
        refresh
    }

    /// A pass over the notes, from their index: the rules, and the pages
    /// to write, those the changes `since` reach.
    pub fn plan(&self, index: Index, clock: Clock, since: Since) -> Plan {
        let beside = BesideNotes {
            notes_read: self.notes.len(),
            scan_issues: self.scan_issues(),
            output: pipeline::look_at_output(&self.root, &self.config),
        };
        pipeline::plan_from_index(&self.root, &self.config, clock, index, beside, Some(since))
    }

    /// Writes a pass's pages, taking what they may from the last pass's.
    pub fn write(&self, plan: &Plan, last: LastPages) -> WriteReport {
        pipeline::write(plan, &self.config, last)
    }

    /// Applies a batch's changes. An edit that leaves the note as the
    /// index knows it — the body of a note suivi does not index, say —
    /// changes nothing, so no pass is needed.
    pub fn apply(&mut self, changes: &Changes) -> Applied {
        if changes.rescan {
            *self = VaultState::load(&self.root, &self.config);
            return Applied::whole("(full rescan)");
        }
        let mut applied = Applied::edits();
        // Only the bank's note gives the bank's questions: an edit of any
        // other note leaves them as they are, without looking at every note.
        let bank_may_change = !changes.gone.is_empty()
            || !changes.folders.is_empty()
            || (changes.read.iter()).any(|rel| is_bank_note(rel, &self.config));
        for gone in &changes.gone {
            let prefix = format!("{gone}/");
            let before = self.notes.len() + self.conflicts.len();
            self.notes
                .retain(|path, _| **path != **gone && !path.starts_with(&prefix));
            self.conflicts
                .retain(|path| path != gone && !path.starts_with(&prefix));
            if self.notes.len() + self.conflicts.len() != before {
                applied.came_or_went(gone);
            }
        }
        for folder in &changes.folders {
            let scan = vault::scan_under(&self.root, &self.root.join(folder), &self.config);
            for found in scan.notes {
                let reread = self.read(&found.rel);
                applied.record(&found.rel, reread);
            }
            for issue in scan.issues {
                if classify(&issue.path, &self.config) == FileClass::ConflictCopy
                    && self.conflicts.insert(issue.path.clone())
                {
                    applied.came_or_went(&issue.path);
                }
            }
        }
        for rel in &changes.read {
            match classify(rel, &self.config) {
                FileClass::Note => {
                    let reread = self.read(rel);
                    applied.record(rel, reread);
                }
                FileClass::ConflictCopy if self.conflicts.insert(rel.clone()) => {
                    applied.came_or_went(rel);
                }
                FileClass::ConflictCopy | FileClass::Ignored => {}
            }
        }
        if bank_may_change && !applied.is_empty() && BankKeys::of(self.notes.values()) != self.bank
        {
            // The notes kept the answers to other questions: read them again.
            *self = VaultState::load(&self.root, &self.config);
            applied.edited = None;
        }
        applied
    }

    /// Reads one note. A note that does not read and changed less than
    /// [`SETTLE`] ago is left as the index knows it, and looked at again
    /// once that time is up: an editor or a sync tool may be mid-write, and
    /// nothing waits for it meanwhile. Tells how the index's view of the
    /// note changed.
    fn read(&mut self, rel: &str) -> Reread {
        let path = self.root.join(rel);
        let bytes = std::fs::read(&path);
        if matches!(&bytes, Err(e) if e.kind() == std::io::ErrorKind::NotFound) {
            self.unsettled.remove(rel);
            return match self.notes.remove(rel) {
                Some(_) => Reread::CameOrWent,
                None => Reread::Same,
            };
        }
        let note = self.parse(rel, &bytes);
        if !note.issues.is_empty() && changed_recently(&path) {
            debug!("{}", (words(self.config.lang).watch.still_changing)(rel));
            self.unsettled
                .insert(rel.to_owned(), Instant::now() + SETTLE);
            return Reread::Same;
        }
        self.unsettled.remove(rel);
        match self.notes.insert(Arc::clone(&note.path), note) {
            None => Reread::CameOrWent,
            Some(previous) if Some(&previous) == self.notes.get(rel) => Reread::Same,
            Some(previous) => Reread::Edited(previous),
        }
    }

    fn parse(&self, rel: &str, bytes: &std::io::Result<Vec<u8>>) -> Note {
        note_from_read(rel, bytes, &self.config, &self.bank)
    }
}

/// How reading a note again changed it.
enum Reread {
    Same,
    /// Read differently at the same path: the note as it was.
    Edited(Note),
    CameOrWent,
}

/// What a batch changed in the notes.
#[derive(Debug)]
pub struct Applied {
    /// The paths whose note changed in the index's view: added, removed or
    /// read differently.
    pub touched: Vec<String>,
    /// The notes read differently at their own path, as they were before;
    /// `None` once a note or a conflict copy came or went, or the vault was
    /// read again whole: the index is then built again.
    pub edited: Option<Vec<Note>>,
}

impl Applied {
    /// Nothing changed yet: edits are recorded as they come.
    fn edits() -> Applied {
        Applied {
            touched: Vec::new(),
            edited: Some(Vec::new()),
        }
    }

    fn whole(why: &str) -> Applied {
        Applied {
            touched: vec![why.to_owned()],
            edited: None,
        }
    }

    /// Both batches' changes, the first applied first.
    pub fn and(mut self, then: Applied) -> Applied {
        self.touched.extend(then.touched);
        self.edited = match (self.edited, then.edited) {
            (Some(mut first), Some(second)) => {
                first.extend(second);
                Some(first)
            }
            _ => None,
        };
        self
    }

    /// True when no note changed in the index's view: no pass is needed.
    pub fn is_empty(&self) -> bool {
        self.touched.is_empty()
    }

    fn came_or_went(&mut self, rel: &str) {
        self.touched.push(rel.to_owned());
        self.edited = None;
    }

    fn record(&mut self, rel: &str, reread: Reread) {
        match reread {
            Reread::Same => {}
            Reread::Edited(before) => {
                self.touched.push(rel.to_owned());
                if let Some(edited) = &mut self.edited {
                    edited.push(before);
                }
            }
            Reread::CameOrWent => self.came_or_went(rel),
        }
    }
}

/// True when the file at `path` was modified less than [`SETTLE`] ago. A
/// time in the future (a clock set back) counts as settled, so that no note
/// waits forever.
fn changed_recently(path: &Path) -> bool {
    let modified = std::fs::metadata(path).and_then(|m| m.modified());
    modified
        .ok()
        .and_then(|at| SystemTime::now().duration_since(at).ok())
        .is_some_and(|age| age < SETTLE)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::note::Kind;
    use crate::watch::batch::{self, Presence};

    #[test]
    fn an_edit_of_the_bank_keeps_the_answers_to_its_new_questions() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path();
        let note = "Interviews/2026-11-20 Paul.md";
        fs::create_dir(vault.join("Interviews")).unwrap();
        fs::write(
            vault.join(note),
            "---\ncontact: Paul\ndate: 2026-11-20\n---\n## Pay\nFair.\n## A typical day\nMeetings.\n",
        )
        .unwrap();
        fs::write(vault.join("Question bank.md"), "- Pay?\n").unwrap();
        let config = Config::load(vault).unwrap();
        let mut state = VaultState::load(vault, &config);
        let answered = |state: &VaultState| match &state.notes[note].kind {
            Kind::Interview(interview) => interview.answers.len(),
            _ => 0,
        };
        assert_eq!(answered(&state), 1);
        fs::write(vault.join("Question bank.md"), "- Pay?\n- A typical day?\n").unwrap();
        let changes = batch::changes(["Question bank.md"], false, &config, |_| Presence::File);
        assert!(!state.apply(&changes).is_empty());
        assert_eq!(answered(&state), 2);
    }
}
