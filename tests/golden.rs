//! Golden vaults: each `tests/fixtures/<case>/vault` is built by the real
//! binary on the day in `<case>/today`, and every page is compared with
//! `<case>/expected`. Set `SUIVI_BLESS=1` to rewrite the expected pages after
//! a deliberate change, then review the diff.

#![allow(
    clippy::unwrap_used,
    reason = "a failure in the helper is a failed test"
)]

mod common;

use std::fs;
use std::path::Path;

use common::{copy_tree, snapshot, suivi};

fn check_case(case: &Path) {
    let today = fs::read_to_string(case.join("today")).unwrap();
    let work = tempfile::tempdir().unwrap();
    copy_tree(&case.join("vault"), work.path());
    let output = suivi(work.path(), today.trim(), &["build"]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}: {}",
        case.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let produced = snapshot(&work.path().join("Suivi"), &[]);
    let expected_dir = case.join("expected");
    if std::env::var_os("SUIVI_BLESS").is_some() {
        let _ = fs::remove_dir_all(&expected_dir);
        copy_tree(&work.path().join("Suivi"), &expected_dir);
        return;
    }
    let expected = snapshot(&expected_dir, &[]);
    assert_eq!(
        produced.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{}: pages written",
        case.display()
    );
    for (page, bytes) in &expected {
        let got = String::from_utf8_lossy(&produced[page]);
        let want = String::from_utf8_lossy(bytes);
        assert!(
            got == want,
            "{}: {} differs\n--- expected\n{want}\n--- got\n{got}",
            case.display(),
            page.display()
        );
    }
}

#[test]
fn every_fixture_builds_to_its_expected_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        check_case(&case);
    }
}
