//! What the last `build` read and wrote, so that a build over a vault where
//! nothing changed costs a walk, a look at each note's file version and a
//! read of the pages, instead of a whole pass.
//!
//! The record can only save work, never change a result. It is used only
//! when every note has the same path and file version ([`Stamp`]) as when
//! it was made, the walk found the same problems, the configuration and the
//! suivi binary are the same, the clock shows the same day with the same
//! conversations of the day past, and every page still holds the very bytes
//! that build wrote. Otherwise the build runs whole, and records anew. An
//! old record that was not replaced does no harm: it holds for the vault it
//! recorded, not for the one there now.

use std::path::Path;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::clock::{Clock, ClockView};
use crate::config::Config;
use crate::issue::VaultIssue;
use crate::pages::PageKind;
use crate::stamp::Stamp;
use crate::state_file;
use crate::summary::Summary;
use crate::vault::Scan;
use crate::writer::{self, Existing, file_hash};

/// What this state file keeps.
const LAST_BUILD: &str = "build";

#[derive(Serialize, Deserialize)]
struct Record {
    /// Every note, by path, with the version of its file.
    notes: Vec<(String, Stamp)>,
    scan_issues: Vec<VaultIssue>,
    clock: ClockView,
    /// Each page's file name and a hash of its bytes.
    pages: Vec<(String, u64)>,
    summary: Summary,
}

/// Notes' paths with their file versions, if every one could be had. A
/// note whose version could not be had is never recorded, so it is never
/// taken as unchanged.
fn stamped<'a>(
    paths: impl Iterator<Item = &'a str>,
    stamps: &[Option<Stamp>],
) -> Option<Vec<(String, Stamp)>> {
    paths
        .zip(stamps)
        .map(|(path, stamp)| Some((path.to_owned(), (*stamp)?)))
        .collect()
}

/// The record of the last build, when there is one to trust.
pub struct LastBuild(Record);

impl LastBuild {
    pub fn load(root: &Path, config: &Config) -> Option<LastBuild> {
        state_file::load_state(root, LAST_BUILD, config).map(LastBuild)
    }

    /// The last build's summary, when that build's pages are still exactly
    /// what a build now would write.
    pub fn unchanged(
        self,
        root: &Path,
        config: &Config,
        clock: Clock,
        scan: &Scan,
        stamps: &[Option<Stamp>],
    ) -> Option<Summary> {
        let LastBuild(record) = self;
        let same_notes = record.notes.len() == scan.notes.len()
            && (record.notes.iter().zip(&scan.notes).zip(stamps))
                .all(|(((path, kept), found), now)| *path == found.rel && Some(*kept) == *now);
        let same_inputs =
            same_notes && record.clock.holds_for(clock) && record.scan_issues == scan.issues;
        if !same_inputs {
            return None;
        }
        let dir = writer::output_dir(root, &config.output).ok()?;
        let pages_intact = record.pages.iter().all(|(name, hash)| {
            let path = dir.join(name);
            matches!(writer::existing(&path), Ok(Existing::Ours)) && file_hash(&path) == Some(*hash)
        });
        pages_intact.then_some(record.summary)
    }
}

/// What a build records of the vault it read, taken from the notes before
/// they are dropped (the pages render from the index alone): each note's
/// path and file version, and the scan's issues.
pub struct ReadNotes {
    /// None when a note's version could not be had, or when a note changed
    /// in the last moments: a change landing within the file system's
    /// clock resolution would keep its file version.
    notes: Option<Vec<(String, Stamp)>>,
    scan_issues: Vec<VaultIssue>,
}

impl ReadNotes {
    /// The notes read at `paths` (sorted), their file versions, and the
    /// issues the scan found.
    pub fn of<'a>(
        paths: impl Iterator<Item = &'a str>,
        stamps: &[Option<Stamp>],
        scan_issues: &[VaultIssue],
    ) -> ReadNotes {
        let now = SystemTime::now();
        let notes = stamped(paths, stamps)
            .filter(|notes| notes.iter().all(|(_, stamp)| stamp.settled(now)));
        ReadNotes {
            notes,
            scan_issues: scan_issues.to_vec(),
        }
    }
}

/// Records a build whose every page was written, unless its notes cannot
/// be recorded (see [`ReadNotes`]).
pub fn record(
    root: &Path,
    config: &Config,
    clock: ClockView,
    read: ReadNotes,
    pages: &[(PageKind, String, u64)],
    summary: &Summary,
) {
    // An older record is left: it holds only for the older vault.
    let Some(notes) = read.notes else {
        return;
    };
    let record = Record {
        notes,
        scan_issues: read.scan_issues,
        clock,
        pages: (pages.iter())
            .map(|(_, file_name, hash)| (file_name.clone(), *hash))
            .collect(),
        summary: summary.clone(),
    };
    if let Err(error) = state_file::save_state(root, LAST_BUILD, config, &record) {
        tracing::debug!("the build record was not saved: {error}");
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use chrono::{NaiveDate, NaiveTime};

    use super::*;
    use crate::lang::Lang;
    use crate::pipeline::{build, summarize};
    use crate::vault;

    const MET: &str = "---\ncontact: \"[[Paul Martin]]\"\ndate: 2026-11-10\n---\n";
    /// A note with an issue: no date.
    const UNDATED: &str = "---\ncontact: \"[[Léa Roux]]\"\n---\n";
    /// A conversation at 14:30 on the day of the tests.
    const AT_TWO_THIRTY: &str = "---\ncontact: \"[[Zoé Roux]]\"\ndate: 2026-11-20 14:30\n---\n";

    fn at(hour: u32, minute: u32) -> Clock {
        Clock {
            today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            now: NaiveTime::from_hms_opt(hour, minute, 0),
        }
    }

    /// The last build's summary, if a build now would take it.
    fn reused(root: &Path, config: &Config, clock: Clock) -> Option<Summary> {
        let scan = vault::scan(root, config);
        let stamps: Vec<_> = scan.notes.iter().map(|f| Stamp::of(&f.abs)).collect();
        LastBuild::load(root, config)?.unchanged(root, config, clock, &scan, &stamps)
    }

    #[test]
    fn the_record_holds_only_while_nothing_the_pages_show_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("Interviews")).unwrap();
        fs::write(root.join("Interviews/met.md"), MET).unwrap();
        fs::write(root.join("Interviews/today.md"), AT_TWO_THIRTY).unwrap();
        fs::write(root.join("Interviews/undated.md"), UNDATED).unwrap();
        let config = Config::default();

        // Notes changed in the last moments are not recorded.
        let first = build(root, &config, at(9, 0));
        assert!(first.report.errors.is_empty(), "{:?}", first.report.errors);
        assert!(reused(root, &config, at(9, 0)).is_none());
        std::thread::sleep(std::time::Duration::from_millis(2_100));
        build(root, &config, at(9, 0));

        let kept = reused(root, &config, at(9, 0)).expect("an unchanged vault");
        assert_eq!(kept.notes_read, 3);
        assert_eq!(kept.conversations, first.summary.conversations);
        assert_eq!(kept.actions, first.summary.actions);
        assert_eq!(kept.issues.len(), 1);
        assert_eq!(kept.issues, first.summary.issues);
        assert_eq!(summarize(root, &config, at(9, 0)).issues, kept.issues);
        let again = build(root, &config, at(14, 29));
        assert!(again.report.written.is_empty());
        assert_eq!(again.report.unchanged.len(), PageKind::ALL.len());

        // The conversation's time comes; the next day comes.
        assert!(reused(root, &config, at(14, 30)).is_none());
        let next_day = Clock::on(NaiveDate::from_ymd_opt(2026, 11, 21).unwrap());
        assert!(reused(root, &config, next_day).is_none());

        // Another configuration; a page edited by hand, then rebuilt.
        let french = Config {
            lang: Lang::Fr,
            ..Config::default()
        };
        assert!(reused(root, &french, at(9, 0)).is_none());
        let page = root.join("Suivi/Interviews.md");
        let written = fs::read_to_string(&page).unwrap();
        fs::write(&page, written.replace("Paul", "Pablo")).unwrap();
        assert!(reused(root, &config, at(9, 0)).is_none());
        let repaired = build(root, &config, at(9, 0));
        assert_eq!(repaired.report.written, ["Interviews.md"]);
        assert_eq!(fs::read_to_string(&page).unwrap(), written);
        assert!(reused(root, &config, at(9, 0)).is_some());

        // A note touched, added or removed.
        let met = root.join("Interviews/met.md");
        fs::write(&met, MET).unwrap();
        assert!(reused(root, &config, at(9, 0)).is_none());
        build(root, &config, at(9, 0));
        fs::write(root.join("Interviews/new.md"), MET).unwrap();
        assert!(reused(root, &config, at(9, 0)).is_none());
        fs::remove_file(root.join("Interviews/new.md")).unwrap();
        fs::remove_file(&met).unwrap();
        assert!(reused(root, &config, at(9, 0)).is_none());
    }
}
