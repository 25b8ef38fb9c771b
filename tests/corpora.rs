//! Real vaults written by other people (`../shared/corpora/`, beside the
//! project) build without an issue that is not really there, and no file of
//! theirs changes. Outside CI the corpora may be absent; in CI they must be
//! there, and every corpus in the folder must be read.

#![allow(clippy::unwrap_used, reason = "a failure in a helper is a failed test")]

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use common::{copy_tree, stdout, suivi, user_files};
use suivi::frontmatter::{flat, parse_yaml, split};

/// True under CI (`CI` set, and not to `false` or `0`).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "false" | "0"))
}

/// Says what a test did without being captured with the passing tests'
/// output: a test that ran nothing must not look like one that passed.
fn tell(what: &str) {
    let _ = writeln!(std::io::stderr(), "tests/corpora.rs: {what}");
}

/// The corpora folder, or `None` outside CI when it is absent.
fn corpora(test: &str) -> Option<PathBuf> {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if corpora.is_dir() {
        return Some(corpora);
    }
    assert!(!in_ci(), "CI runs with shared/corpora beside the project");
    tell(&format!("{test} skipped: no {}", corpora.display()));
    None
}

/// The notes a build read, from its summary (`12 notes: …`).
fn notes_read(summary: &str) -> usize {
    summary
        .split_once(" notes")
        .and_then(|(n, _)| n.trim().parse().ok())
        .unwrap_or(0)
}

/// A corpus that gave no note to read is reported, and fails under CI.
fn unused(corpus: &Path, why: &str) {
    let message = format!("{} was not used: {why}", corpus.display());
    assert!(!in_ci(), "{message}");
    tell(&message);
}

#[test]
fn real_vaults_build_cleanly_and_stay_untouched() {
    let Some(corpora) = corpora("real_vaults_build_cleanly_and_stay_untouched") else {
        return;
    };
    let mut seen = 0;
    for corpus in std::fs::read_dir(&corpora).unwrap() {
        let corpus = corpus.unwrap().path();
        if !corpus.is_dir() {
            unused(&corpus, "not a folder");
            continue;
        }
        let work = tempfile::tempdir().unwrap();
        copy_tree(&corpus, work.path());
        let before = user_files(work.path());
        let build = suivi(work.path(), "2026-11-22", &["build"]);
        assert_eq!(
            build.status.code(),
            Some(0),
            "{}: {}",
            corpus.display(),
            stdout(&build)
        );
        if notes_read(&stdout(&build)) == 0 {
            unused(&corpus, "no note read");
            continue;
        }
        let check = suivi(work.path(), "2026-11-22", &["check"]);
        assert_eq!(stdout(&check), "", "{}", corpus.display());
        assert_eq!(user_files(work.path()), before, "{}", corpus.display());
        assert_eq!(
            std::fs::read_dir(work.path().join("Suivi"))
                .unwrap()
                .count(),
            7
        );
        seen += 1;
    }
    assert!(seen >= 2, "both corpora were read");
    tell(&format!("{seen} corpora built"));
}

/// Every front-matter the fast reader accepts in real notes, it reads as
/// the YAML parser does.
#[test]
fn the_fast_reader_agrees_with_the_yaml_parser_on_real_notes() {
    let Some(corpora) = corpora("the_fast_reader_agrees_with_the_yaml_parser_on_real_notes") else {
        return;
    };
    let (mut accepted, mut declined) = (0, 0);
    for entry in walkdir::WalkDir::new(&corpora).into_iter().flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let note = split(&text);
        let Some(yaml) = note.yaml else { continue };
        match flat::parse(yaml, note.yaml_line) {
            Some(fast) => {
                let slow = parse_yaml(yaml, note.yaml_line);
                assert_eq!(Ok(fast), slow, "{}", entry.path().display());
                accepted += 1;
            }
            None => declined += 1,
        }
    }
    assert!(accepted > declined, "{accepted} read fast, {declined} not");
    tell(&format!(
        "{accepted} front-matters read fast, {declined} left to the YAML parser"
    ));
}

#[test]
fn a_build_summary_tells_the_notes_read() {
    assert_eq!(notes_read("12 notes: 3 conversations"), 12);
    assert_eq!(notes_read("0 notes: 0 conversations"), 0);
    assert_eq!(notes_read("nothing"), 0);
}
