//! The real `suivi watch` on temporary vaults. Every wait is for a condition
//! with a deadline, never a fixed sleep standing in for an assertion.

#![allow(clippy::unwrap_used, reason = "a failure in a helper is a failed test")]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{copy_tree, snapshot, suivi, vault, wait_exit, wait_for};

const TODAY: &str = "2026-11-22";
const DEADLINE: Duration = Duration::from_secs(30);
/// What the verbose log says of a batch that changed no indexed note.
const NO_PASS: &str = "no indexed note changed";

struct Watcher {
    child: Child,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Watcher {
    fn start(vault: &Path) -> Watcher {
        Watcher::start_with(vault, &[])
    }

    fn start_with(vault: &Path, extra: &[&str]) -> Watcher {
        let log_dir = tempfile::tempdir().unwrap();
        let log = log_dir.path().join("watch.log");
        let child = Command::new(env!("CARGO_BIN_EXE_suivi"))
            .args(["watch", "--today", TODAY, "--vault"])
            .arg(vault)
            .args(extra)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let watcher = Watcher {
            child,
            log,
            _log_dir: log_dir,
        };
        watcher.wait_log("watching");
        watcher
    }

    fn log(&self) -> String {
        read_log(&self.log)
    }

    fn wait_log(&self, needle: &str) {
        wait_for(
            &format!("log line {needle:?}"),
            DEADLINE,
            || self.log().contains(needle),
            || self.log(),
        );
    }

    /// Makes `edit`, waits until the watcher has handled it, and checks
    /// that it ran no pass.
    fn assert_no_pass_for(&self, edit: impl FnOnce()) {
        let count = |needle: &str| self.log().matches(needle).count();
        let passes = count("action(s)");
        let skipped = count(NO_PASS);
        edit();
        wait_for(
            "the edit handled without a pass",
            DEADLINE,
            || count(NO_PASS) > skipped,
            || self.log(),
        );
        assert_eq!(count("action(s)"), passes, "{}", self.log());
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let log = self.log.clone();
        wait_exit(&mut self.child, DEADLINE, || read_log(&log))
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_log(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

fn page(vault: &Path, name: &str) -> String {
    fs::read_to_string(vault.join("Suivi").join(name)).unwrap_or_default()
}

fn wait_page(
    vault: &Path,
    watcher: &Watcher,
    name: &str,
    what: &str,
    check: impl Fn(&str) -> bool,
) {
    wait_for(
        what,
        DEADLINE,
        || check(&page(vault, name)),
        || format!("{}\n--- {name}\n{}", watcher.log(), page(vault, name)),
    );
}

fn interview(contact: &str) -> String {
    format!("---\ncontact: \"[[{contact}]]\"\ndate: 2026-11-20\n---\n")
}

fn start_vault() -> tempfile::TempDir {
    vault(&[("Interviews/2026-11-20 Paul.md", &interview("Paul Martin"))])
}

#[test]
fn create_edit_in_place_rename_over_and_delete() {
    let dir = start_vault();
    let v = dir.path();
    let watcher = Watcher::start(v);
    assert!(page(v, "Interviews.md").contains("Paul Martin"));

    fs::write(v.join("Interviews/b.md"), interview("Zoé Roy")).unwrap();
    wait_page(v, &watcher, "Interviews.md", "a created note", |p| {
        p.contains("Zoé Roy")
    });

    fs::write(v.join("Interviews/b.md"), interview("Anna Kay")).unwrap();
    wait_page(v, &watcher, "Interviews.md", "an edit in place", |p| {
        p.contains("Anna Kay") && !p.contains("Zoé Roy")
    });

    // How most editors save: write a temporary file, rename it over the note.
    fs::write(v.join("Interviews/.b.md.tmp"), interview("Bob Lee")).unwrap();
    fs::rename(v.join("Interviews/.b.md.tmp"), v.join("Interviews/b.md")).unwrap();
    wait_page(v, &watcher, "Interviews.md", "a save by rename", |p| {
        p.contains("Bob Lee") && !p.contains("Anna Kay")
    });

    fs::remove_file(v.join("Interviews/b.md")).unwrap();
    wait_page(v, &watcher, "Interviews.md", "a deletion", |p| {
        !p.contains("Bob Lee")
    });
    assert!(watcher.terminate().success());
}

#[test]
fn a_folder_renamed_then_removed_with_notes_inside() {
    let dir = start_vault();
    let v = dir.path();
    fs::create_dir(v.join("Old")).unwrap();
    fs::write(v.join("Old/c.md"), interview("Carl Nord")).unwrap();
    let watcher = Watcher::start(v);
    assert!(page(v, "Interviews.md").contains("Carl Nord"));
    fs::rename(v.join("Old"), v.join("Archive")).unwrap();
    wait_page(
        v,
        &watcher,
        "Interviews.md",
        "the renamed folder's note",
        |p| p.contains("Archive/c"),
    );
    assert!(!page(v, "Interviews.md").contains("Old/c"));
    fs::remove_dir_all(v.join("Archive")).unwrap();
    wait_page(
        v,
        &watcher,
        "Interviews.md",
        "the removed folder's note gone",
        |p| !p.contains("Carl Nord"),
    );
}

#[test]
fn a_burst_of_500_new_notes() {
    let dir = start_vault();
    let v = dir.path();
    let watcher = Watcher::start(v);
    for i in 0..500 {
        fs::write(
            v.join(format!("Interviews/n{i:03}.md")),
            interview(&format!("Person {i:03}")),
        )
        .unwrap();
    }
    wait_page(v, &watcher, "Interviews.md", "all 500 notes", |p| {
        (0..500).all(|i| p.contains(&format!("Person {i:03}")))
    });
}

#[test]
fn an_edit_from_vim() {
    if Command::new("vim")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        eprintln!("skipped: vim is not installed");
        return;
    }
    let dir = start_vault();
    let v = dir.path();
    let watcher = Watcher::start(v);
    let status = Command::new("vim")
        .args([
            "-Es",
            "-u",
            "NONE",
            "-c",
            "%s/Paul Martin/Paula Marti/",
            "-c",
            "wq",
        ])
        .arg(v.join("Interviews/2026-11-20 Paul.md"))
        .status()
        .unwrap();
    assert!(status.success());
    wait_page(v, &watcher, "Interviews.md", "vim's edit", |p| {
        p.contains("Paula Marti") && !p.contains("Paul Martin")
    });
}

#[test]
fn a_second_watcher_is_refused_naming_the_first() {
    let dir = start_vault();
    let first = Watcher::start(dir.path());
    let second = Command::new(env!("CARGO_BIN_EXE_suivi"))
        .args(["watch", "--today", TODAY, "--vault"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(2));
    let message = String::from_utf8_lossy(&second.stderr);
    assert!(
        message.contains(&format!("pid {}", first.child.id())),
        "{message}"
    );
    assert!(first.terminate().success());
    assert!(
        !dir.path().join(".suivi/watch.lock").exists(),
        "the lock is released"
    );
}

#[test]
fn pages_settle_once_the_vault_is_quiet() {
    let dir = start_vault();
    let v = dir.path();
    let watcher = Watcher::start(v);
    fs::write(v.join("Interviews/b.md"), interview("Zoé Roy")).unwrap();
    wait_page(v, &watcher, "Interviews.md", "the new note", |p| {
        p.contains("Zoé Roy")
    });
    let stamps = || -> Vec<(String, SystemTime)> {
        let mut all: Vec<_> = fs::read_dir(v.join("Suivi"))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        all.sort();
        all
    };
    let before = stamps();
    assert_eq!(before.len(), 6);
    let quiet = Instant::now();
    while quiet.elapsed() < Duration::from_secs(2) {
        assert_eq!(
            stamps(),
            before,
            "a page was rewritten while the vault was quiet\n{}",
            watcher.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(watcher.terminate().success());
}

#[test]
fn the_vault_folder_disappearing_is_a_clear_error() {
    let dir = start_vault();
    let v = dir.path().to_path_buf();
    let mut watcher = Watcher::start(&v);
    fs::remove_dir_all(&v).unwrap();
    let log = watcher.log.clone();
    let status = wait_exit(&mut watcher.child, DEADLINE, || read_log(&log));
    assert_eq!(status.code(), Some(2));
    assert!(watcher.log().contains("is gone"), "{}", watcher.log());
}

#[test]
fn polling_sees_changes_too() {
    let dir = start_vault();
    let v = dir.path();
    let watcher = Watcher::start_with(v, &["--poll=0.2"]);
    assert!(watcher.log().contains("polling every"));
    fs::write(v.join("Interviews/b.md"), interview("Zoé Roy")).unwrap();
    wait_page(
        v,
        &watcher,
        "Interviews.md",
        "a note seen by polling",
        |p| p.contains("Zoé Roy"),
    );
    assert!(watcher.terminate().success());
}

#[test]
fn an_edit_that_changes_nothing_indexed_runs_no_pass() {
    let dir = start_vault();
    let v = dir.path();
    fs::write(v.join("Daily.md"), "# Monday\n").unwrap();
    let watcher = Watcher::start_with(v, &["-v"]);
    watcher.assert_no_pass_for(|| {
        fs::write(v.join("Daily.md"), "# Monday\n\nA long day.\n").unwrap();
    });
    fs::write(v.join("Interviews/b.md"), interview("Zoé Roy")).unwrap();
    wait_page(
        v,
        &watcher,
        "Interviews.md",
        "a real change still runs a pass",
        |p| p.contains("Zoé Roy"),
    );
}

#[test]
fn the_answers_kept_follow_the_question_bank() {
    let note = "Interviews/2026-11-20 Paul.md";
    let body = |day: &str| {
        format!(
            "{}\n## Pay\nFair.\n\n## A typical day\n{day}\n",
            interview("Paul Martin")
        )
    };
    let dir = vault(&[(note, &body("Meetings.")), ("Question bank.md", "- Pay?\n")]);
    let v = dir.path();
    let watcher = Watcher::start_with(v, &["-v"]);
    let questions = page(v, "Questions.md");
    assert!(questions.contains("> Fair."), "{questions}");
    assert!(!questions.contains("Meetings"), "{questions}");

    // Typing under a heading no question of the bank asks about shows
    // on no page: no pass is needed.
    watcher.assert_no_pass_for(|| {
        fs::write(v.join(note), body("Meetings, then lunch.")).unwrap();
    });

    fs::write(v.join("Question bank.md"), "- Pay?\n- A typical day?\n").unwrap();
    wait_page(
        v,
        &watcher,
        "Questions.md",
        "the answer to a question added to the bank",
        |p| p.contains("> Meetings, then lunch."),
    );
    assert!(watcher.terminate().success());
}

#[test]
fn an_edit_the_index_does_not_draw_from_gives_the_pages_a_build_gives() {
    let note = "Interviews/2026-11-20 Paul.md";
    let text = |topic: &str, pay: &str| {
        format!(
            "---\ncontact: \"[[Paul Martin]]\"\ndate: 2026-11-20\ntopic: {topic}\n\
             referrals: [\"[[Zoé Roy]]\"]\n---\n## Pay\n{pay}\n- [ ] send my CV\n"
        )
    };
    let dir = vault(&[
        (note, &text("data teams", "Fair.")),
        ("Interviews/2026-11-21 Zoé.md", &interview("Zoé Roy")),
        ("Question bank.md", "- Pay?\n"),
    ]);
    let v = dir.path();
    let watcher = Watcher::start_with(v, &["-v"]);
    fs::write(
        v.join(note),
        text("the data team's hiring", "Fair, with a bonus."),
    )
    .unwrap();
    wait_page(v, &watcher, "Questions.md", "the answer edited", |p| {
        p.contains("> Fair, with a bonus.")
    });
    wait_page(v, &watcher, "Follow-ups.md", "the topic edited", |p| {
        p.contains("hiring")
    });
    assert!(
        watcher.log().contains(suivi::watch::state::REFRESHED),
        "{}",
        watcher.log()
    );
    assert!(watcher.terminate().success());

    let built = tempfile::tempdir().unwrap();
    copy_tree(v, built.path());
    fs::remove_dir_all(built.path().join("Suivi")).unwrap();
    let _ = fs::remove_dir_all(built.path().join(".suivi"));
    suivi(built.path(), TODAY, &["build", "-q"]);
    assert_eq!(
        snapshot(&v.join("Suivi"), &[]),
        snapshot(&built.path().join("Suivi"), &[])
    );
}
