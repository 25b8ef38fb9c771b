//! The real `suivi watch` on temporary vaults. Every wait is for a condition
//! with a deadline, never a fixed sleep standing in for an assertion.

#![allow(clippy::unwrap_used, reason = "a failure in a helper is a failed test")]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::watcher::{DEADLINE, Watcher, passes, read_log};
use common::{copy_tree, snapshot, suivi, vault, wait_exit, wait_for};

const TODAY: &str = "2026-11-22";
/// What the verbose log says of a batch that changed no indexed note.
const NO_PASS: &str = "no indexed note changed";

/// `suivi watch --today TODAY` with `extra` arguments and `env`.
fn start_env(vault: &Path, extra: &[&str], env: &[(&str, &str)]) -> Watcher {
    let args: Vec<&str> = ["--today", TODAY]
        .into_iter()
        .chain(extra.iter().copied())
        .collect();
    Watcher::spawn(vault, &args, env)
}

fn start_with(vault: &Path, extra: &[&str]) -> Watcher {
    start_env(vault, extra, &[])
}

fn start(vault: &Path) -> Watcher {
    start_env(vault, &[], &[])
}

/// Makes `edit`, waits until the watcher has handled it, and checks that
/// it ran no pass.
fn assert_no_pass_for(watcher: &Watcher, edit: impl FnOnce()) {
    let skipped = || watcher.log().matches(NO_PASS).count();
    let (passes_before, skipped_before) = (watcher.passes(), skipped());
    edit();
    wait_for(
        "the edit handled without a pass",
        DEADLINE,
        || skipped() > skipped_before,
        || watcher.log(),
    );
    assert_eq!(watcher.passes(), passes_before, "{}", watcher.log());
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
    let watcher = start(v);
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
    let watcher = start(v);
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
    let watcher = start(v);
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
    let watcher = start(v);
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
    let first = start(dir.path());
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
    let watcher = start(v);
    fs::write(v.join("Interviews/b.md"), interview("Zoé Roy")).unwrap();
    wait_page(v, &watcher, "Interviews.md", "the new note", |p| {
        p.contains("Zoé Roy")
    });
    // The pass that wrote the page is over once it is logged; until then
    // another page's hidden temporary may stand beside the pages.
    wait_for(
        "the pass logged",
        DEADLINE,
        || passes(&watcher.log()) >= 2,
        || watcher.log(),
    );
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
    let names: Vec<&str> = before.iter().map(|(name, _)| name.as_str()).collect();
    let mut pages = suivi::pages::file_names(suivi::config::Lang::En).to_vec();
    pages.sort();
    assert_eq!(names, pages);
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
    let mut watcher = start(&v);
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
    let watcher = start_with(v, &["--poll=0.2"]);
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
    let watcher = start_with(v, &["-v"]);
    assert_no_pass_for(&watcher, || {
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
    let watcher = start_with(v, &["-v"]);
    let questions = page(v, "Questions.md");
    assert!(questions.contains("> Fair."), "{questions}");
    assert!(!questions.contains("Meetings"), "{questions}");

    // Typing under a heading no question of the bank asks about shows
    // on no page: no pass is needed.
    assert_no_pass_for(&watcher, || {
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
    let watcher = start_with(v, &["-v"]);
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

/// Starts `suivi watch` and returns the child, its log in `log`.
fn spawn_watch(vault: &Path, log: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_suivi"))
        .args(["watch", "--today", TODAY, "--vault"])
        .arg(vault)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

#[test]
fn a_lock_caught_before_its_holder_is_named_keeps_a_second_watcher_out() {
    let dir = start_vault();
    let first = start(dir.path());
    // The first watcher's file as it is between its creation and the
    // writing of its holder: its text says nothing.
    fs::write(dir.path().join(".suivi/watch.lock"), "").unwrap();
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("second.log");
    let mut second = spawn_watch(dir.path(), &log);
    let status = wait_exit(&mut second, DEADLINE, || read_log(&log));
    assert_eq!(status.code(), Some(2), "{}", read_log(&log));
    assert!(first.terminate().success());
}

#[test]
fn of_two_watchers_started_at_the_same_instant_exactly_one_runs() {
    let dir = start_vault();
    let logs = tempfile::tempdir().unwrap();
    for trial in 0..10 {
        let log = |n: usize| logs.path().join(format!("{trial}-{n}.log"));
        let mut children = [
            spawn_watch(dir.path(), &log(0)),
            spawn_watch(dir.path(), &log(1)),
        ];
        // The one refused exits 2; the other watches until stopped.
        let both = || format!("{}\n---\n{}", read_log(&log(0)), read_log(&log(1)));
        let refused = wait_for_one_exit(&mut children, &both);
        let running = 1 - refused;
        wait_for(
            "the other watcher watching",
            DEADLINE,
            || read_log(&log(running)).contains("watching"),
            both,
        );
        assert!(
            read_log(&log(refused)).contains("already keeps this vault")
                || read_log(&log(refused)).contains("is starting"),
            "{}",
            both()
        );
        Command::new("kill")
            .args(["-TERM", &children[running].id().to_string()])
            .status()
            .unwrap();
        assert!(wait_exit(&mut children[running], DEADLINE, both).success());
        assert!(!dir.path().join(".suivi/watch.lock").exists(), "{}", both());
    }
}

/// Waits until one of two children exits, with code 2; returns which.
fn wait_for_one_exit(children: &mut [Child; 2], context: &impl Fn() -> String) -> usize {
    let mut exited = None;
    wait_for(
        "one of the two watchers refused",
        DEADLINE,
        || {
            exited = (0..2).find_map(|i| {
                let status = children[i].try_wait().unwrap()?;
                Some((i, status))
            });
            exited.is_some()
        },
        context,
    );
    let (which, status) = exited.unwrap();
    assert_eq!(status.code(), Some(2), "{}", context());
    // The other is still running a moment later.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        children[1 - which].try_wait().unwrap().is_none(),
        "{}",
        context()
    );
    which
}

#[test]
fn a_vault_removed_while_a_pass_runs_is_never_made_anew() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    common::copy_tree(start_vault().path(), &v);
    let watcher = start_env(&v, &["-v"], &[("SUIVI_HOLD_PASS_MS", "1500")]);
    fs::write(v.join("Interviews/b.md"), interview("Zoé Roy")).unwrap();
    watcher.wait_log("holding the pass");
    fs::remove_dir_all(&v).unwrap();
    let mut watcher = watcher;
    let log = watcher.log.clone();
    let status = wait_exit(&mut watcher.child, DEADLINE, || read_log(&log));
    assert_eq!(status.code(), Some(2), "{}", watcher.log());
    assert!(watcher.log().contains("is gone"), "{}", watcher.log());
    assert!(!v.exists(), "the vault was made anew\n{}", watcher.log());
}

/// A note holding a merge conflict: it does not read.
fn conflicted(i: usize) -> String {
    format!(
        "---\ncontact: Person {i}\ndate: 2026-11-20\n---\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> other\n"
    )
}

#[test]
fn hundreds_of_broken_notes_are_reported_at_once_and_never_delay_a_stop() {
    let dir = start_vault();
    let v = dir.path();
    let watcher = start(v);
    for i in 0..300 {
        fs::write(v.join(format!("Interviews/c{i:03}.md")), conflicted(i)).unwrap();
    }
    wait_page(
        v,
        &watcher,
        "Vault issues.md",
        "300 broken notes reported",
        |p| (0..300).all(|i| p.contains(&format!("c{i:03}"))),
    );
    for i in 300..600 {
        fs::write(v.join(format!("Interviews/c{i:03}.md")), conflicted(i)).unwrap();
    }
    // Stopped while those are still being looked at.
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let mut watcher = watcher;
    let pid = watcher.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let log = watcher.log.clone();
    let status = wait_exit(&mut watcher.child, Duration::from_secs(10), || {
        read_log(&log)
    });
    assert!(status.success(), "{}", watcher.log());
    eprintln!("stopped {:?} after SIGTERM", started.elapsed());
}

#[test]
fn a_page_deleted_or_edited_by_hand_comes_back_without_a_note_edit() {
    let dir = start_vault();
    let v = dir.path();
    let watcher = start(v);
    let companies = page(v, "Companies.md");
    fs::remove_file(v.join("Suivi/Companies.md")).unwrap();
    wait_page(v, &watcher, "Companies.md", "the deleted page back", |p| {
        p == companies
    });
    fs::write(
        v.join("Suivi/Companies.md"),
        format!("{companies}my line\n"),
    )
    .unwrap();
    wait_page(
        v,
        &watcher,
        "Companies.md",
        "the edited page put back",
        |p| p == companies,
    );
    let interviews = page(v, "Interviews.md");
    fs::remove_dir_all(v.join("Suivi")).unwrap();
    wait_page(v, &watcher, "Interviews.md", "every page back", |p| {
        p == interviews
    });
    wait_page(v, &watcher, "Companies.md", "every page back", |p| {
        p == companies
    });
    assert!(watcher.terminate().success());
}

#[test]
fn a_write_that_failed_is_retried_and_reported_as_failed() {
    let dir = start_vault();
    let v = dir.path();
    let watcher = start(v);
    // Where the writer puts the page's temporary file, a folder: the
    // write fails, and nothing in the vault changes when it goes.
    let blocker = v.join("Suivi/.Interviews.md.suivi-tmp");
    fs::create_dir(&blocker).unwrap();
    fs::write(v.join("Interviews/b.md"), interview("Zoé Roy")).unwrap();
    watcher.wait_log("NOT written");
    assert!(!page(v, "Interviews.md").contains("Zoé Roy"));
    fs::remove_dir(&blocker).unwrap();
    wait_page(
        v,
        &watcher,
        "Interviews.md",
        "the failed page retried",
        |p| p.contains("Zoé Roy"),
    );
    assert!(watcher.terminate().success());
}

#[test]
fn edits_that_queue_while_a_pass_runs_are_taken_together() {
    let dir = start_vault();
    let v = dir.path();
    let watcher = start_env(v, &[], &[("SUIVI_HOLD_PASS_MS", "500")]);
    let before = passes(&watcher.log());
    let note = v.join("Interviews/2026-11-20 Paul.md");
    let edits = 2_000;
    for i in 0..edits {
        let text =
            format!("---\ncontact: \"[[Paul Martin]]\"\ndate: 2026-11-20\ntopic: edit {i}\n---\n");
        fs::write(&note, text).unwrap();
        if i % 100 == 0 {
            std::thread::sleep(Duration::from_millis(150));
        }
    }
    let last = format!("Edit {}", edits - 1);
    wait_page(v, &watcher, "Follow-ups.md", "the last edit", |p| {
        p.contains(&last)
    });
    let ran = passes(&watcher.log()) - before;
    eprintln!("{edits} edits over about 3 s: {ran} passes");
    assert!(
        ran <= 20,
        "{ran} passes for {edits} edits\n{}",
        watcher.log()
    );
    assert!(watcher.terminate().success());
}

#[test]
fn a_note_paused_in_the_middle_of_its_properties_is_not_reported() {
    let dir = start_vault();
    let v = dir.path();
    let watcher = start(v);
    let note = v.join("Interviews/b.md");
    fs::write(&note, "---\ncontact: \"[[Zoé").unwrap();
    let paused = Instant::now();
    let reported = || page(v, "Vault issues.md").contains("Interviews/b");
    while paused.elapsed() < Duration::from_millis(400) {
        assert!(
            !reported(),
            "reported while being written\n{}",
            watcher.log()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    fs::write(&note, interview("Zoé Roy")).unwrap();
    wait_page(v, &watcher, "Interviews.md", "the note once whole", |p| {
        p.contains("Zoé Roy")
    });
    let settled = Instant::now();
    while settled.elapsed() < Duration::from_millis(1500) {
        assert!(!reported(), "reported once whole\n{}", watcher.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(watcher.terminate().success());
}
