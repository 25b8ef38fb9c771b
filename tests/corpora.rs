//! Real vaults written by other people (`../shared/corpora/`, beside the
//! project) build without an issue that is not really there, and no file of
//! theirs changes. Outside CI the corpora may be absent; in CI they must be
//! there.

#![allow(clippy::unwrap_used, reason = "a failure in a helper is a failed test")]

mod common;

use std::path::Path;

use common::{copy_tree, stdout, suivi, user_files};

#[test]
fn real_vaults_build_cleanly_and_stay_untouched() {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if !corpora.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs with shared/corpora beside the project"
        );
        eprintln!("skipped: no {}", corpora.display());
        return;
    }
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
