//! Real vaults written by other people (`../shared/corpora/`, beside the
//! project) build without an issue that is not really there, and no file of
//! theirs changes. Outside CI the corpora may be absent; in CI they must be
//! there.

#![allow(clippy::unwrap_used, reason = "a failure in a helper is a failed test")]

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, stdout, suivi, user_files};
use suivi::frontmatter::{flat, parse_yaml, split};

/// The corpora folder, or `None` outside CI when it is absent.
fn corpora() -> Option<PathBuf> {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if corpora.is_dir() {
        return Some(corpora);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI runs with shared/corpora beside the project"
    );
    eprintln!("skipped: no {}", corpora.display());
    None
}

#[test]
fn real_vaults_build_cleanly_and_stay_untouched() {
    let Some(corpora) = corpora() else { return };
    let mut seen = 0;
    for corpus in std::fs::read_dir(&corpora).unwrap() {
        let corpus = corpus.unwrap().path();
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
        let check = suivi(work.path(), "2026-11-22", &["check"]);
        assert_eq!(stdout(&check), "", "{}", corpus.display());
        assert_eq!(user_files(work.path()), before, "{}", corpus.display());
        assert_eq!(
            std::fs::read_dir(work.path().join("Suivi"))
                .unwrap()
                .count(),
            6
        );
        seen += 1;
    }
    assert!(seen >= 2, "both corpora were read");
}

/// Every front-matter the fast reader accepts in real notes, it reads as
/// the YAML parser does.
#[test]
fn the_fast_reader_agrees_with_the_yaml_parser_on_real_notes() {
    let Some(corpora) = corpora() else { return };
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
}
