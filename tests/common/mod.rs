//! Helpers shared by the integration tests: temporary vaults and the real
//! `suivi` binary.

#![allow(
    dead_code,
    reason = "each test crate uses a different part of the helpers"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers: a failure here is a failed test"
)]

pub mod changes;
pub mod servers;
pub mod watcher;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Output};
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Runs the real binary on a vault with a fixed day.
pub fn suivi(vault: &Path, today: &str, args: &[&str]) -> Output {
    Command::cargo_bin("suivi")
        .expect("the suivi binary is built")
        .args(args)
        .arg("--vault")
        .arg(vault)
        .arg("--today")
        .arg(today)
        .env("NO_COLOR", "1")
        .output()
        .expect("suivi runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Writes files (vault-relative path → text) into a new temporary vault.
pub fn vault(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".obsidian")).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// Every file below `root` (relative path → bytes), skipping some folders.
pub fn snapshot(root: &Path, skip: &[&str]) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(root).unwrap().to_path_buf();
        if skip.iter().any(|s| rel.starts_with(s)) || !entry.file_type().is_file() {
            continue;
        }
        files.insert(rel, fs::read(entry.path()).unwrap());
    }
    files
}

/// Polls `condition` until it holds or `deadline` has passed; true if it held.
fn poll_until(deadline: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while !condition() {
        if start.elapsed() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

/// Polls `condition` until it holds; after `deadline` fails the test with
/// `what` and whatever `context` shows (a log, a page).
pub fn wait_for(
    what: &str,
    deadline: Duration,
    condition: impl FnMut() -> bool,
    context: impl Fn() -> String,
) {
    assert!(
        poll_until(deadline, condition),
        "timed out waiting for {what}\n{}",
        context()
    );
}

/// Waits for a child process to exit. One that is still running after
/// `deadline` is killed and the test fails with `context`.
pub fn wait_exit(
    child: &mut Child,
    deadline: Duration,
    context: impl Fn() -> String,
) -> ExitStatus {
    let mut status = None;
    if !poll_until(deadline, || {
        status = child.try_wait().unwrap();
        status.is_some()
    }) {
        child.kill().unwrap();
        panic!("the process did not exit in {deadline:?}\n{}", context());
    }
    status.unwrap()
}

/// The files of a vault that belong to the user: all but suivi's pages
/// (in the default output folder) and its own state.
pub fn user_files(vault: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(vault, &["Suivi", ".suivi"])
}
