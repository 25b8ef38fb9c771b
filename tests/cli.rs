//! The real binary on temporary vaults: exit codes, `check`, `due --json`,
//! and the promise that no user file is ever changed.

#![allow(clippy::unwrap_used, reason = "a failure in a helper is a failed test")]

mod common;

use std::fs;
use std::path::Path;

use common::{copy_tree, snapshot, stdout, suivi, user_files, vault};
use suivi::rules::ActionKind;

/// How many pages a build writes.
const PAGES: usize = suivi::pages::PageKind::ALL.len();
const TODAY: &str = "2026-11-22";

fn basic() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic/vault"),
        dir.path(),
    );
    dir
}

#[test]
fn build_exits_0_on_a_clean_vault_and_1_with_issues() {
    let clean = basic();
    assert_eq!(
        suivi(clean.path(), TODAY, &["build"]).status.code(),
        Some(0)
    );
    let broken = vault(&[("Interviews/a.md", "---\ncontact: Paul\ndate: soon\n---\n")]);
    assert_eq!(
        suivi(broken.path(), TODAY, &["build"]).status.code(),
        Some(1)
    );
    assert!(broken.path().join("Suivi/Vault issues.md").exists());
}

#[test]
fn a_second_build_rewrites_nothing() {
    let dir = basic();
    suivi(dir.path(), TODAY, &["build"]);
    let pages = dir.path().join("Suivi");
    let before: Vec<_> = fs::read_dir(&pages)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name(),
                e.metadata().unwrap().modified().unwrap(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let output = suivi(dir.path(), TODAY, &["build"]);
    assert!(
        stdout(&output).contains(&format!("0 written, {PAGES} unchanged")),
        "{}",
        stdout(&output)
    );
    for (name, modified, bytes) in before {
        let path = pages.join(&name);
        assert_eq!(
            fs::metadata(&path).unwrap().modified().unwrap(),
            modified,
            "{name:?}"
        );
        assert_eq!(fs::read(&path).unwrap(), bytes, "{name:?}");
    }
}

#[test]
fn check_prints_file_line_message_and_writes_nothing() {
    let dir = vault(&[
        (
            "Interviews/a.md",
            "---\ncontact: Paul\n\ndate: 2026-13-45\n---\n",
        ),
        ("People/Zoé.md", "---\nstatus: maybe\n---\n"),
    ]);
    let before = snapshot(dir.path(), &[]);
    let output = suivi(dir.path(), TODAY, &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("Interviews/a.md:4: `date` is not a date"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("People/Zoé.md:2: unknown `status`"),
        "{lines:?}"
    );
    assert_eq!(snapshot(dir.path(), &[]), before);
    assert!(!dir.path().join("Suivi").exists());
}

#[test]
fn due_json_lists_actions_with_their_fields() {
    let dir = basic();
    let output = suivi(dir.path(), TODAY, &["due", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let actions: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let actions = actions.as_array().unwrap();
    let kinds: Vec<&str> = actions
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    for kind in ActionKind::ALL.map(ActionKind::as_str) {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let thank_you = actions.iter().find(|a| a["kind"] == "thank-you").unwrap();
    assert_eq!(thank_you["person"], "Paul Martin");
    assert_eq!(thank_you["due"], "2026-11-11");
    assert_eq!(thank_you["overdue"], true);
    assert_eq!(thank_you["note"], "Interviews/2026-11-10 Paul Martin.md");
    let reason = thank_you["reason"].as_str().unwrap();
    assert!(
        reason.contains("Paul Martin") && reason.contains("through Zoé Roy"),
        "{reason}"
    );
    assert!(!dir.path().join("Suivi").exists(), "due writes nothing");
}

#[test]
fn due_in_a_terminal_groups_like_the_page() {
    let dir = basic();
    let text = stdout(&suivi(dir.path(), TODAY, &["due"]));
    let overdue = text.find("Overdue (5)").unwrap();
    let now = text.find("Due now (2)").unwrap();
    let week = text.find("This week (2)").unwrap();
    assert!(overdue < now && now < week, "{text}");
    let page = fs::read_to_string(dir.path().join("Suivi/Follow-ups.md")).unwrap_or_default();
    assert_eq!(page, "", "due writes nothing");
    suivi(dir.path(), TODAY, &["build"]);
    let page = fs::read_to_string(dir.path().join("Suivi/Follow-ups.md")).unwrap();
    let titles: Vec<&str> = page.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        titles,
        ["## Overdue (5)", "## Due now (2)", "## This week (2)"]
    );
    assert!(!text.contains('\x1b'), "no colour with NO_COLOR or a pipe");
}

#[test]
fn no_command_changes_a_file_outside_the_output_folder() {
    let dir = basic();
    fs::write(
        dir.path().join("Interviews/bad.md"),
        "---\ncontact: [x\n---\n",
    )
    .unwrap();
    let before = user_files(dir.path());
    for args in [
        &["build"][..],
        &["check"],
        &["due"],
        &["due", "--json"],
        &["build"],
    ] {
        suivi(dir.path(), TODAY, args);
        assert_eq!(user_files(dir.path()), before, "after {args:?}");
    }
}

#[test]
fn a_users_file_at_a_page_path_is_left_alone_and_reported() {
    let dir = basic();
    fs::create_dir(dir.path().join("Suivi")).unwrap();
    let mine = dir.path().join("Suivi/Companies.md");
    fs::write(&mine, "# My own company list\n").unwrap();
    let output = suivi(dir.path(), TODAY, &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        fs::read_to_string(&mine).unwrap(),
        "# My own company list\n"
    );
    let issues = fs::read_to_string(dir.path().join("Suivi/Vault issues.md")).unwrap();
    assert!(issues.contains("Suivi/Companies"), "{issues}");
    assert!(dir.path().join("Suivi/Follow-ups.md").exists());
    assert!(
        stdout(&output).contains("Suivi/Companies.md: this file is not a suivi page"),
        "the build names the page it did not write: {}",
        stdout(&output)
    );
    let check = stdout(&suivi(dir.path(), TODAY, &["check"]));
    assert!(
        check.contains("Suivi/Companies.md:1: this file is not a suivi page"),
        "{check}"
    );
}

#[test]
fn a_users_base_at_the_people_base_path_is_left_alone_and_ours_is_kept_up_to_date() {
    let dir = basic();
    let base = dir.path().join("Suivi/People.base");
    suivi(dir.path(), TODAY, &["build"]);
    let ours = fs::read_to_string(&base).unwrap();
    assert!(ours.starts_with("# generated_by: suivi\n"), "{ours}");

    // Edited by hand, marker kept: put back. A view saved without the
    // marker (Obsidian rewriting the file, or the user's own): kept.
    fs::write(&base, ours.replace("To contact", "Mine")).unwrap();
    suivi(dir.path(), TODAY, &["build"]);
    assert_eq!(fs::read_to_string(&base).unwrap(), ours);
    let mine = ours.replacen("# generated_by: suivi\n", "", 1);
    fs::write(&base, &mine).unwrap();
    let output = suivi(dir.path(), TODAY, &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&base).unwrap(), mine);
    assert!(
        stdout(&output).contains("Suivi/People.base: this file is not a suivi page"),
        "{}",
        stdout(&output)
    );
    assert!(dir.path().join("Suivi/Follow-ups.md").exists());
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_is_refused() {
    let dir = basic();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("Suivi")).unwrap();
    let output = suivi(dir.path(), TODAY, &["build"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("symbolic link"));
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn a_bad_configuration_names_file_and_line() {
    let dir = vault(&[(".suivi.toml", "lang = \"en\"\nlangue = \"fr\"\n")]);
    let output = suivi(dir.path(), TODAY, &["build"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(".suivi.toml:2:") && stderr.contains("langue"),
        "{stderr}"
    );
}

#[test]
fn the_vault_root_is_found_from_a_subfolder() {
    let dir = basic();
    let output = assert_cmd::Command::cargo_bin("suivi")
        .unwrap()
        .current_dir(dir.path().join("Interviews"))
        .args(["build", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.path().join("Suivi/Follow-ups.md").exists());
}

/// The notes cache and the build record save work and never change a
/// page: the basic vault, left alone long enough to be cached, builds to
/// the same bytes and the same report from the record, and from the notes
/// cache once the pages are gone, as without them; a note rewritten to the
/// same size with its old modification time put back is read again.
#[test]
fn the_notes_cache_never_changes_a_page() {
    let dir = basic();
    let v = dir.path();
    // Only files left alone for two seconds are cached.
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    assert_eq!(suivi(v, TODAY, &["build"]).status.code(), Some(0));
    let caches: Vec<_> = fs::read_dir(v.join(".suivi"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("notes-")
        })
        .collect();
    let [cache] = caches.as_slice() else {
        panic!("one notes cache: {caches:?}")
    };
    assert!(fs::metadata(cache).unwrap().len() > 1_000);
    let uncached = snapshot(&v.join("Suivi"), &[]);
    let verbose = |v| suivi(v, TODAY, &["build", "--verbose"]);
    let report = String::from_utf8(verbose(v).stdout).unwrap();
    assert!(
        report.contains(&format!("0 written, {PAGES} unchanged")),
        "{report}"
    );
    assert_eq!(snapshot(&v.join("Suivi"), &[]), uncached);
    fs::remove_dir_all(v.join("Suivi")).unwrap();
    let from_cache = String::from_utf8(verbose(v).stdout).unwrap();
    assert_eq!(snapshot(&v.join("Suivi"), &[]), uncached);
    let without_written = |text: &str| {
        let lines = text.lines().filter(|l| !l.starts_with("written: "));
        lines.collect::<Vec<_>>().join("\n").replace(
            &format!("{PAGES} written, 0"),
            &format!("0 written, {PAGES}"),
        )
    };
    assert_eq!(without_written(&from_cache), report.trim_end());

    let note = v.join("Interviews/2026-11-10 Paul Martin.md");
    let modified = fs::metadata(&note).unwrap().modified().unwrap();
    let text = fs::read_to_string(&note).unwrap();
    assert!(text.contains("Paul Martin"));
    fs::write(&note, text.replace("Paul Martin", "Paul Marten")).unwrap();
    fs::File::options()
        .write(true)
        .open(&note)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(suivi(v, TODAY, &["build"]).status.code(), Some(0));
    let interviews = fs::read_to_string(v.join("Suivi/Interviews.md")).unwrap();
    assert!(interviews.contains("Paul Marten"), "{interviews}");

    fs::write(cache, "not a cache").unwrap();
    fs::write(&note, text).unwrap();
    assert_eq!(suivi(v, TODAY, &["build"]).status.code(), Some(0));
    assert_eq!(snapshot(&v.join("Suivi"), &[]), uncached);
}

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("suivi")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn without_a_vault_nothing_runs_and_the_error_says_what_to_do() {
    // A folder holding notes and a nested vault's templates, but no
    // `.obsidian/` or `.suivi.toml` from it up.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("old vault/Templates")).unwrap();
    fs::write(
        dir.path().join("old vault/Templates/Interview.md"),
        "---\ncontact: x\ndate: 2026-01-01\n---\n",
    )
    .unwrap();
    let before = snapshot(dir.path(), &[]);
    for args in [
        &["new", "company", "X"][..],
        &["build", "--today", TODAY],
        &["check"],
        &["due"],
    ] {
        let output = run_in(dir.path(), args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("--vault DIR") && stderr.contains("suivi init DIR"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(snapshot(dir.path(), &[]), before, "nothing written");
    let missing = dir.path().join("nowhere");
    let output = suivi(&missing, TODAY, &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(!missing.exists());
}

#[test]
fn init_and_demo_take_their_folder_not_a_vault() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["init", "demo"] {
        let output = run_in(dir.path(), &[command, "x", "--vault", "y"]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("not --vault"), "{command}: {stderr}");
        let help = stdout(&run_in(dir.path(), &[command, "--help"]));
        assert!(!help.contains("--vault"), "{command}: {help}");
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    let help = stdout(&run_in(dir.path(), &["build", "--help"]));
    assert!(help.contains("--vault <DIR>"), "{help}");
}

#[test]
fn the_long_help_of_new_and_due_gives_examples() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["new", "due"] {
        let help = stdout(&run_in(dir.path(), &[command, "--help"]));
        assert!(
            help.contains("Examples:") && help.contains(&format!("suivi {command} ")),
            "{help}"
        );
    }
}

#[test]
fn new_interview_takes_a_role() {
    let dir = vault(&[]);
    let output = suivi(
        dir.path(),
        TODAY,
        &[
            "new",
            "interview",
            "--contact",
            "Paul",
            "--role",
            "Data engineer",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let note = fs::read_to_string(dir.path().join("Interviews/2026-11-22 Paul.md")).unwrap();
    assert!(note.contains("role: \"Data engineer\""), "{note}");
}

#[test]
fn an_empty_vault_says_how_to_note_the_first_conversation() {
    for (lang, said) in [
        ("en", "No conversation noted yet"),
        ("fr", "Aucun entretien noté"),
    ] {
        let dir = vault(&[(".suivi.toml", &format!("lang = \"{lang}\"\n"))]);
        let due = stdout(&suivi(dir.path(), TODAY, &["due"]));
        assert!(
            due.contains(said) && due.contains("suivi new interview"),
            "{due}"
        );
        suivi(dir.path(), TODAY, &["build"]);
        let page = if lang == "en" {
            "Follow-ups"
        } else {
            "Relances"
        };
        let page = fs::read_to_string(dir.path().join(format!("Suivi/{page}.md"))).unwrap();
        assert!(
            page.contains("`suivi new interview --contact")
                && page.contains("`Templates/Interview.md`"),
            "{page}"
        );
    }
}

/// The words of the command line, in a French vault, are French.
#[test]
fn a_french_vault_is_told_its_summaries_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let init = assert_cmd::Command::cargo_bin("suivi")
        .unwrap()
        .args(["init", "--lang", "fr", "--sample"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(init.status.success());
    let mut said = String::new();
    for args in [
        &["build"][..],
        &["check"],
        &[
            "log",
            "Zoé Roy",
            "--out",
            "--note",
            "envoyé le compte rendu",
        ],
        &["undo"],
    ] {
        let output = suivi(dir.path(), TODAY, args);
        said.push_str(&stdout(&output));
        said.push_str(&String::from_utf8_lossy(&output.stderr));
    }
    assert!(
        said.contains("entretiens") && said.contains("écrites"),
        "{said}"
    );
    assert!(said.contains("problème(s) dans"), "{said}");
    assert!(
        said.contains("inscrit : ") && said.contains("annulé : "),
        "{said}"
    );
    for english in [
        "conversations",
        "people",
        "companies",
        "written",
        "unchanged",
        "overdue",
        "issue(s)",
        "recorded",
        "undone",
    ] {
        assert!(!said.contains(english), "{english:?} in {said}");
    }
}
