//! The note editor against another program writing the same note: a real
//! `sh` process rewrites the note over and over, in place (as Obsidian and
//! most editors save) or by renaming a new file over it (as vim and sync
//! tools do), while `record` runs. The other writer's text is never lost:
//! at the end the note holds its last text, or that text plus exactly
//! suivi's change; suivi's change is applied or reported.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

use std::fs;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use suivi::config::Config;
use suivi::editor::{Batch, Change, EditError, record};

/// Iterations per kind of writer; `SUIVI_RACE_ITERATIONS` overrides it.
const ITERATIONS: usize = 150;

fn version(i: usize) -> String {
    format!("---\nstatus: met\nversion: {i}\n---\nbody {i}\n")
}

fn with_change(text: &str) -> String {
    text.replacen("\n---\n", "\nsnooze_until: 2027-01-04\n---\n", 1)
}

/// Writes versions 1 to `writes` of the note, as fast as the shell goes.
fn writer(note: &Path, writes: usize, by_rename: bool) -> Child {
    let write = "printf '%s\\nstatus: met\\nversion: %s\\n---\\nbody %s\\n' --- $i $i";
    let script = if by_rename {
        format!(
            "i=1; while [ $i -le {writes} ]; do {write} > \"$2\"; mv -f \"$2\" \"$1\"; i=$((i+1)); done"
        )
    } else {
        format!("i=1; while [ $i -le {writes} ]; do {write} > \"$1\"; i=$((i+1)); done")
    };
    let temp = note.with_file_name("writer.tmp");
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(note)
        .arg(temp)
        .spawn()
        .unwrap()
}

#[derive(Debug, Default)]
struct Outcomes {
    /// Applied after the writer's last write: its text plus the change.
    applied_last: usize,
    /// Applied, then the writer wrote again: its text alone at the end.
    applied_then_rewritten: usize,
    /// Reported: the writer kept changing the note.
    reported: usize,
    /// Applied at the first attempt, and after the note changed under it.
    first_attempt: usize,
    retried: usize,
}

fn race(by_rename: bool, iterations: usize) -> Outcomes {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("People")).unwrap();
    let rel = "People/Jo.md";
    let note = dir.path().join(rel);
    let config = Config::default();
    let change = Change::SetProperty {
        key: "snooze_until".into(),
        value: "2027-01-04".into(),
    };
    let mut outcomes = Outcomes::default();
    for iteration in 0..iterations {
        fs::write(&note, version(0)).unwrap();
        let writes = 1 + fastrand::usize(..150);
        let mut child = writer(&note, writes, by_rename);
        // Start while the writer runs: once its first write is there.
        let deadline = Instant::now() + Duration::from_secs(20);
        while fs::read_to_string(&note).unwrap_or_default() == version(0) {
            assert!(Instant::now() < deadline, "the writer never wrote");
            std::thread::yield_now();
        }
        let result = record(dir.path(), &config, rel, &change, &Batch::new("race"));
        assert!(child.wait().unwrap().success());
        let last = version(writes);
        let now = fs::read_to_string(&note).unwrap();
        match &result {
            Ok(recorded) => {
                assert!(recorded.changed);
                if recorded.attempts == 1 {
                    outcomes.first_attempt += 1;
                } else {
                    outcomes.retried += 1;
                }
                if now == with_change(&last) {
                    outcomes.applied_last += 1;
                } else if now == last {
                    outcomes.applied_then_rewritten += 1;
                } else {
                    panic!(
                        "iteration {iteration}: the writer's text was lost: {now:?}, its last {last:?}"
                    );
                }
            }
            Err(EditError::KeepsChanging { .. }) => {
                assert_eq!(
                    now, last,
                    "iteration {iteration}: reported, yet the note is not the writer's"
                );
                outcomes.reported += 1;
            }
            Err(other) => panic!("iteration {iteration}: {other}"),
        }
        // Nothing of suivi's is left beside the note.
        let names: Vec<String> = fs::read_dir(dir.path().join("People"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "writer.tmp")
            .collect();
        assert_eq!(names, ["Jo.md"], "iteration {iteration}");
    }
    outcomes
}

fn iterations() -> usize {
    std::env::var("SUIVI_RACE_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(ITERATIONS)
}

#[test]
fn a_writer_saving_in_place_never_loses_its_text() {
    let outcomes = race(false, iterations());
    println!("in place, {} iterations: {outcomes:?}", iterations());
}

#[test]
fn a_writer_saving_by_rename_never_loses_its_text() {
    let outcomes = race(true, iterations());
    println!("by rename, {} iterations: {outcomes:?}", iterations());
}
