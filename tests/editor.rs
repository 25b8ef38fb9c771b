//! The note editor's file layer on real files: what it refuses to touch,
//! what the journal holds, and undo restoring the exact bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

mod common;

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use common::changes::{add, set};
use suivi::config::Config;
use suivi::editor::{Batch, Change, EditError, create, journal, record, undo};
use tempfile::TempDir;

fn vault(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

fn read(dir: &TempDir, rel: &str) -> Vec<u8> {
    fs::read(dir.path().join(rel)).unwrap()
}

fn journal_lines(dir: &TempDir) -> Vec<serde_json::Value> {
    let path = dir.path().join(".suivi/journal");
    match fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Every file of the vault but suivi's own, with its bytes.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap_or_default())
        })
        .filter(|(rel, _)| !rel.starts_with(".suivi"))
        .collect();
    files.sort();
    files
}

const INTERVIEW: &str = "---\ntype: interview\ncontact: \"[[Ann Lee]]\"\ndate: 2026-11-20\n---\n# Notes\n- [ ] send my CV 📅 2026-12-03\n";

#[test]
fn an_edit_is_written_and_journaled() {
    let dir = vault(&[("Interviews/Ann.md", INTERVIEW.as_bytes())]);
    let batch = Batch::new("done 3f2a1b");
    let recorded = record(
        dir.path(),
        &Config::default(),
        "Interviews/Ann.md",
        &set("thank_you_sent", "2026-12-01"),
        &batch,
    )
    .unwrap();
    assert!(recorded.changed);
    assert_eq!(recorded.attempts, 1);
    let expected = INTERVIEW.replace(
        "date: 2026-11-20\n",
        "date: 2026-11-20\nthank_you_sent: 2026-12-01\n",
    );
    assert_eq!(read(&dir, "Interviews/Ann.md"), expected.as_bytes());
    let lines = journal_lines(&dir);
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(line["kind"], "edit");
    assert_eq!(line["batch"], batch.id.as_str());
    assert_eq!(line["description"], "done 3f2a1b");
    assert_eq!(line["note"], "Interviews/Ann.md");
    assert_eq!(line["before"], INTERVIEW);
    assert_eq!(
        line["before_hash"],
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(INTERVIEW.as_bytes()))
    );
    assert_eq!(line["after_hash"], journal::hash(expected.as_bytes()));
    assert_eq!(line["change"], "set `thank_you_sent` to \"2026-12-01\"");
    let at = line["at"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
    // No temporary file is left beside the note.
    let names: Vec<_> = fs::read_dir(dir.path().join("Interviews"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["Ann.md"]);
}

#[test]
fn a_tick_is_written() {
    let dir = vault(&[("Interviews/Ann.md", INTERVIEW.as_bytes())]);
    let change = Change::TickTask {
        line: 7,
        text: "send my CV".into(),
        on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    };
    record(
        dir.path(),
        &Config::default(),
        "Interviews/Ann.md",
        &change,
        &Batch::new("tick"),
    )
    .unwrap();
    let text = String::from_utf8(read(&dir, "Interviews/Ann.md")).unwrap();
    assert!(
        text.ends_with("- [x] send my CV 📅 2026-12-03 ✅ 2026-12-01\n"),
        "{text}"
    );
}

#[test]
fn a_change_already_made_writes_nothing() {
    let dir = vault(&[("People/Ann.md", b"---\nstatus: met\n---\n")]);
    let recorded = record(
        dir.path(),
        &Config::default(),
        "People/Ann.md",
        &set("status", "met"),
        &Batch::new("x"),
    )
    .unwrap();
    assert!(!recorded.changed);
    assert!(journal_lines(&dir).is_empty());
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = vault(&[("People/Ann.md", b"---\nstatus: met\n---\n")]);
    let path = dir.path().join("People/Ann.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    record(
        dir.path(),
        &Config::default(),
        "People/Ann.md",
        &set("status", "closed"),
        &Batch::new("x"),
    )
    .unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

fn refusal(dir: &TempDir, config: &Config, rel: &str) -> EditError {
    let before = snapshot(dir.path());
    let journal = journal_lines(dir);
    let error = record(
        dir.path(),
        config,
        rel,
        &set("status", "closed"),
        &Batch::new("x"),
    )
    .expect_err("refused");
    assert_eq!(snapshot(dir.path()), before, "{error}");
    assert_eq!(journal_lines(dir), journal);
    assert!(error.to_string().contains(rel), "{error}");
    error
}

#[cfg(unix)]
#[test]
fn links_are_never_followed() {
    use std::os::unix::fs::symlink;
    let outside = vault(&[
        ("Ann.md", b"---\nstatus: met\n---\n"),
        ("p/Bo.md", b"---\na: 1\n---\n"),
    ]);
    let dir = vault(&[("People/Real.md", b"---\nstatus: met\n---\n")]);
    symlink(
        outside.path().join("Ann.md"),
        dir.path().join("People/Ann.md"),
    )
    .unwrap();
    symlink(outside.path().join("p"), dir.path().join("Linked")).unwrap();
    let config = Config::default();
    let error = refusal(&dir, &config, "People/Ann.md");
    assert!(
        matches!(&error, EditError::Symlink { link, .. } if link == "People/Ann.md"),
        "{error}"
    );
    let error = refusal(&dir, &config, "Linked/Bo.md");
    assert!(
        matches!(&error, EditError::Symlink { link, .. } if link == "Linked"),
        "{error}"
    );
    assert_eq!(
        fs::read(outside.path().join("Ann.md")).unwrap(),
        b"---\nstatus: met\n---\n"
    );
    let batch = Batch::new("log");
    let error = create(
        dir.path(),
        &config,
        "Linked/New.md",
        "---\na: 1\n---\n",
        &batch,
    )
    .unwrap_err();
    assert!(matches!(error, EditError::Symlink { .. }), "{error}");
    assert!(!outside.path().join("p/New.md").exists());
}

#[test]
fn paths_out_of_the_vault_or_not_notes_are_refused() {
    let dir = vault(&[("People/Ann.md", b"---\nstatus: met\n---\n")]);
    let config = Config::default();
    for rel in [
        "../People/Ann.md",
        "People/../People/Ann.md",
        "/etc/passwd.md",
        "People\\Ann.md",
        "People//Ann.md",
        "./People/Ann.md",
        ".suivi/journal",
        ".obsidian/app.md",
        "Suivi/Follow-ups.md",
        "Templates/Person.md",
        "People/Ann.txt",
        "",
    ] {
        let error = record(
            dir.path(),
            &config,
            rel,
            &set("status", "closed"),
            &Batch::new("x"),
        )
        .expect_err(rel);
        assert!(matches!(error, EditError::BadPath { .. }), "{rel}: {error}");
    }
    assert_eq!(read(&dir, "People/Ann.md"), b"---\nstatus: met\n---\n");
}

#[test]
fn a_note_with_a_vault_issue_is_not_edited() {
    let dir = vault(&[
        (
            "Interviews/Bad.md",
            b"---\ntype: interview\ncontact: Ann\ndate: soon\n---\n",
        ),
        (
            "People/Conflict.md",
            b"---\na: 1\n---\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n",
        ),
        ("People/Broken.md", b"---\nstatus: [met\n---\n"),
        ("People/Open.md", b"---\nstatus: met\n"),
    ]);
    let config = Config::default();
    for rel in [
        "Interviews/Bad.md",
        "People/Conflict.md",
        "People/Broken.md",
        "People/Open.md",
    ] {
        let error = refusal(&dir, &config, rel);
        assert!(
            matches!(error, EditError::VaultIssue { .. }),
            "{rel}: {error}"
        );
    }
}

#[test]
fn a_note_that_is_not_utf8_is_not_edited() {
    let dir = vault(&[("People/Latin1.md", b"---\nstatus: met\n---\nCaf\xe9\n")]);
    let error = refusal(&dir, &Config::default(), "People/Latin1.md");
    assert!(matches!(error, EditError::NotUtf8 { .. }), "{error}");
}

#[test]
fn an_edit_that_would_give_a_vault_issue_is_refused() {
    let dir = vault(&[("Interviews/Ann.md", INTERVIEW.as_bytes())]);
    let error = record(
        dir.path(),
        &Config::default(),
        "Interviews/Ann.md",
        &set("thank_you_sent", "next week"),
        &Batch::new("x"),
    )
    .unwrap_err();
    assert!(matches!(error, EditError::Refused { .. }), "{error}");
    assert_eq!(read(&dir, "Interviews/Ann.md"), INTERVIEW.as_bytes());
}

#[test]
fn nothing_is_written_when_write_notes_is_off() {
    let dir = vault(&[("People/Ann.md", b"---\nstatus: met\n---\n")]);
    let on = Config::default();
    record(
        dir.path(),
        &on,
        "People/Ann.md",
        &set("status", "closed"),
        &Batch::new("x"),
    )
    .unwrap();
    let off = Config::parse("write_notes = false\n").unwrap();
    let error = refusal(&dir, &off, "People/Ann.md");
    assert!(matches!(error, EditError::WritesOff { .. }), "{error}");
    assert!(error.to_string().contains("write_notes = false"), "{error}");
    let error = create(
        dir.path(),
        &off,
        "People/Bo.md",
        "---\na: 1\n---\n",
        &Batch::new("x"),
    )
    .unwrap_err();
    assert!(matches!(error, EditError::WritesOff { .. }), "{error}");
    assert!(!dir.path().join("People/Bo.md").exists());
    let error = undo(dir.path(), &off).unwrap_err();
    assert!(matches!(error, EditError::WritesOff { .. }), "{error}");
    assert_eq!(read(&dir, "People/Ann.md"), b"---\nstatus: closed\n---\n");
}

#[test]
fn create_makes_the_folder_and_never_writes_over_a_file() {
    let dir = vault(&[("Interviews/Ann.md", INTERVIEW.as_bytes())]);
    let config = Config::default();
    let text = "---\ntype: person\n---\n";
    create(
        dir.path(),
        &config,
        "People/Bo Li.md",
        text,
        &Batch::new("log Bo Li"),
    )
    .unwrap();
    assert_eq!(read(&dir, "People/Bo Li.md"), text.as_bytes());
    let error = create(
        dir.path(),
        &config,
        "Interviews/Ann.md",
        text,
        &Batch::new("x"),
    )
    .unwrap_err();
    assert!(matches!(error, EditError::Exists { .. }), "{error}");
    assert_eq!(read(&dir, "Interviews/Ann.md"), INTERVIEW.as_bytes());
    let lines = journal_lines(&dir);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["before"], serde_json::Value::Null);
    assert_eq!(lines[0]["before_hash"], serde_json::Value::Null);
    assert_eq!(lines[0]["note"], "People/Bo Li.md");
}

#[test]
fn undo_restores_the_exact_bytes() {
    let note: &[u8] =
        b"\xef\xbb\xbf---\r\nstatus: met # so far\r\naliases: [Jo]\r\n---\r\n\tBody\r\n- [ ] x\r\n";
    let dir = vault(&[("People/Jo.md", note)]);
    let config = Config::default();
    let batch = Batch::new("snooze Jo");
    record(
        dir.path(),
        &config,
        "People/Jo.md",
        &set("snooze_until", "2027-01-04"),
        &batch,
    )
    .unwrap();
    assert_ne!(read(&dir, "People/Jo.md"), note);
    let undone = undo(dir.path(), &config).unwrap();
    assert_eq!(undone.batch, batch);
    assert_eq!(undone.notes, ["People/Jo.md"]);
    assert_eq!(read(&dir, "People/Jo.md"), note);
    let last = journal_lines(&dir).pop().unwrap();
    assert_eq!(last["kind"], "undo");
    assert_eq!(last["batch"], batch.id.as_str());
    assert!(matches!(
        undo(dir.path(), &config),
        Err(EditError::NothingToUndo)
    ));
}

#[test]
fn undo_is_refused_once_the_note_changed_again() {
    let dir = vault(&[
        ("People/Jo.md", b"---\nstatus: met\n---\n"),
        ("People/Al.md", b"---\na: 1\n---\n"),
    ]);
    let config = Config::default();
    let batch = Batch::new("done a1 b2");
    record(
        dir.path(),
        &config,
        "People/Jo.md",
        &set("status", "closed"),
        &batch,
    )
    .unwrap();
    record(dir.path(), &config, "People/Al.md", &set("b", "2"), &batch).unwrap();
    let edited_by_hand = b"---\nstatus: closed\n---\nmore text\n";
    fs::write(dir.path().join("People/Jo.md"), edited_by_hand).unwrap();
    let before = snapshot(dir.path());
    let error = undo(dir.path(), &config).unwrap_err();
    match &error {
        EditError::ChangedSince { description, notes } => {
            assert_eq!(description, "done a1 b2");
            assert_eq!(notes, &["People/Jo.md"]);
        }
        other => panic!("{other}"),
    }
    assert!(error.to_string().contains("People/Jo.md"), "{error}");
    // Refused as a whole: the other note keeps the edit too.
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn undo_reverts_a_whole_batch_with_a_created_note() {
    let jo: &[u8] = b"---\nstatus: met\naliases:\n  - Joe\n---\n";
    let al: &[u8] = b"---\ntype: interview\ncontact: Al\ndate: 2026-11-20\n---\n";
    let dir = vault(&[("People/Jo.md", jo), ("Interviews/Al.md", al)]);
    let config = Config::default();
    let earlier = Batch::new("snooze Al");
    record(
        dir.path(),
        &config,
        "Interviews/Al.md",
        &set("topic", "data"),
        &earlier,
    )
    .unwrap();
    let after_earlier = read(&dir, "Interviews/Al.md");
    let batch = Batch::new("import Connections.csv");
    record(
        dir.path(),
        &config,
        "People/Jo.md",
        &add("aliases", "Jojo"),
        &batch,
    )
    .unwrap();
    record(
        dir.path(),
        &config,
        "People/Jo.md",
        &set("status", "closed"),
        &batch,
    )
    .unwrap();
    record(
        dir.path(),
        &config,
        "Interviews/Al.md",
        &set("prepared", "2026-12-01"),
        &batch,
    )
    .unwrap();
    create(
        dir.path(),
        &config,
        "People/New One.md",
        "---\ntype: person\n---\n",
        &batch,
    )
    .unwrap();
    record(
        dir.path(),
        &config,
        "People/New One.md",
        &add("aliases", "N. One"),
        &batch,
    )
    .unwrap();
    let undone = undo(dir.path(), &config).unwrap();
    assert_eq!(undone.batch.description, "import Connections.csv");
    assert_eq!(
        undone.notes,
        ["People/Jo.md", "Interviews/Al.md", "People/New One.md"]
    );
    assert_eq!(read(&dir, "People/Jo.md"), jo);
    assert_eq!(read(&dir, "Interviews/Al.md"), after_earlier);
    assert!(!dir.path().join("People/New One.md").exists());
    // Again: the batch before.
    let undone = undo(dir.path(), &config).unwrap();
    assert_eq!(undone.batch, earlier);
    assert_eq!(read(&dir, "Interviews/Al.md"), al);
    assert!(matches!(
        undo(dir.path(), &config),
        Err(EditError::NothingToUndo)
    ));
}

#[test]
fn batch_ids_differ() {
    let ids: std::collections::BTreeSet<String> = (0..1000).map(|_| Batch::new("x").id).collect();
    assert_eq!(ids.len(), 1000);
}

#[test]
fn repeated_undo_walks_back_the_batches() {
    let original: &[u8] = b"---\ncadence_days: 28\n---\n";
    let dir = vault(&[("People/Jo.md", original)]);
    let config = Config::default();
    let mut versions = vec![original.to_vec()];
    for days in ["21", "14", "7"] {
        let batch = Batch::new(format!("cadence {days}"));
        record(
            dir.path(),
            &config,
            "People/Jo.md",
            &set("cadence_days", days),
            &batch,
        )
        .unwrap();
        versions.push(read(&dir, "People/Jo.md"));
    }
    versions.pop();
    while let Some(expected) = versions.pop() {
        undo(dir.path(), &config).unwrap();
        assert_eq!(read(&dir, "People/Jo.md"), expected);
    }
    assert!(matches!(
        undo(dir.path(), &config),
        Err(EditError::NothingToUndo)
    ));
    // A new edit after undoing is undone next, and only it.
    record(
        dir.path(),
        &config,
        "People/Jo.md",
        &set("cadence_days", "60"),
        &Batch::new("x"),
    )
    .unwrap();
    undo(dir.path(), &config).unwrap();
    assert_eq!(read(&dir, "People/Jo.md"), original);
    assert!(matches!(
        undo(dir.path(), &config),
        Err(EditError::NothingToUndo)
    ));
}

#[test]
fn a_note_put_back_by_hand_counts_as_undone() {
    let original: &[u8] = b"---\nstatus: met\n---\n";
    let dir = vault(&[("People/Jo.md", original)]);
    let config = Config::default();
    record(
        dir.path(),
        &config,
        "People/Jo.md",
        &set("status", "closed"),
        &Batch::new("x"),
    )
    .unwrap();
    fs::write(dir.path().join("People/Jo.md"), original).unwrap();
    let undone = undo(dir.path(), &config).unwrap();
    assert_eq!(undone.notes, ["People/Jo.md"]);
    assert_eq!(read(&dir, "People/Jo.md"), original);
}

#[test]
fn a_torn_last_journal_line_is_skipped_and_a_broken_one_refused() {
    let dir = vault(&[("People/Jo.md", b"---\nstatus: met\n---\n")]);
    let config = Config::default();
    record(
        dir.path(),
        &config,
        "People/Jo.md",
        &set("status", "closed"),
        &Batch::new("x"),
    )
    .unwrap();
    let path = dir.path().join(".suivi/journal");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("{\"kind\":\"edit\",\"ba");
    fs::write(&path, &text).unwrap();
    // The next line starts on a line of its own.
    record(
        dir.path(),
        &config,
        "People/Jo.md",
        &set("status", "met"),
        &Batch::new("y"),
    )
    .unwrap();
    assert_eq!(journal::read(dir.path()).unwrap().len(), 2);
    undo(dir.path(), &config).unwrap();
    assert_eq!(read(&dir, "People/Jo.md"), b"---\nstatus: closed\n---\n");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("\"kind\"", "\"kin\"", 1);
    fs::write(&path, text).unwrap();
    let error = undo(dir.path(), &config).unwrap_err();
    assert!(
        matches!(error, EditError::Journal { line: 1, .. }),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn the_journal_is_never_written_through_a_link() {
    let outside = tempfile::tempdir().unwrap();
    let dir = vault(&[("People/Jo.md", b"---\nstatus: met\n---\n")]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".suivi")).unwrap();
    let error = record(
        dir.path(),
        &Config::default(),
        "People/Jo.md",
        &set("status", "closed"),
        &Batch::new("x"),
    )
    .unwrap_err();
    assert!(matches!(error, EditError::JournalLink { .. }), "{error}");
    assert!(fs::read_dir(outside.path()).unwrap().next().is_none());
    assert_eq!(read(&dir, "People/Jo.md"), b"---\nstatus: met\n---\n");
}
