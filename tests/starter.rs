//! `suivi init`, the sample vault, `suivi new` and `suivi demo`, through the
//! real binary.

#![allow(clippy::unwrap_used, reason = "a failure in a helper is a failed test")]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::{snapshot, stdout, wait_exit, wait_for};
use suivi::rules::ActionKind;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_suivi"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn init_writes_the_starter_vault_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    assert!(run(&["init", path(&vault)]).status.success());
    for expected in [
        ".obsidian/templates.json",
        ".obsidian/types.json",
        ".suivi.toml",
        "Question bank.md",
        "Start here.md",
        "Templates/Interview.md",
        "Templates/Person.md",
        "Templates/Company.md",
        "Templates/Outreach message.md",
        "Templates/Thank-you message.md",
    ] {
        assert!(vault.join(expected).is_file(), "{expected}");
    }
    for folder in ["Interviews", "People", "Companies"] {
        assert!(vault.join(folder).is_dir(), "{folder}");
    }
    // A user's edits survive a second run, which says what it skipped.
    fs::write(vault.join("Question bank.md"), "- my own question?\n").unwrap();
    let before = snapshot(&vault, &[]);
    let again = run(&["init", path(&vault), "--sample"]);
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("skipped, already there: Question bank.md"),
        "{}",
        stdout(&again)
    );
    let after = snapshot(&vault, &[]);
    for (file, bytes) in &before {
        assert_eq!(&after[file], bytes, "{} changed", file.display());
    }
}

#[test]
fn init_into_a_folder_with_files_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Start here.md"), "mine").unwrap();
    fs::write(dir.path().join("notes.txt"), "also mine").unwrap();
    assert!(run(&["init", path(dir.path())]).status.success());
    assert_eq!(
        fs::read_to_string(dir.path().join("Start here.md")).unwrap(),
        "mine"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "also mine"
    );
    assert!(dir.path().join("Question bank.md").exists());
}

#[test]
fn the_sample_vault_shows_every_page_and_every_rule_in_both_languages() {
    for lang in ["en", "fr"] {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path();
        assert!(
            run(&["init", path(vault), "--sample", "--lang", lang])
                .status
                .success()
        );
        let build = run(&["build", "--vault", path(vault)]);
        assert_eq!(build.status.code(), Some(0), "{lang}: {}", stdout(&build));
        let check = run(&["check", "--vault", path(vault)]);
        assert_eq!(stdout(&check), "", "{lang}: no vault issue");
        let pages: Vec<_> = fs::read_dir(vault.join("Suivi"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(pages.len(), suivi::pages::PageKind::ALL.len(), "{lang}");
        for page in pages
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e != "ics"))
        {
            let text = fs::read_to_string(page).unwrap();
            if page.extension().is_some_and(|ext| ext == "base") {
                // The People base: YAML, marked on its first line.
                assert!(
                    text.starts_with("# generated_by: suivi\n"),
                    "{lang}: {text}"
                );
                continue;
            }
            let body = text.split("\n---\n").nth(1).unwrap();
            let lines = body.lines().filter(|l| !l.trim().is_empty()).count();
            // The title, the "generated" line, then content; a vault without
            // issues has one sentence saying so.
            let issues_page =
                page.ends_with("Vault issues.md") || page.ends_with("Problèmes du coffre.md");
            let least = if issues_page { 3 } else { 4 };
            assert!(lines >= least, "{lang}: {}\n{text}", page.display());
        }
        let due = run(&["due", "--json", "--vault", path(vault)]);
        let actions: serde_json::Value = serde_json::from_slice(&due.stdout).unwrap();
        let kinds: BTreeSet<&str> = actions
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["kind"].as_str().unwrap())
            .collect();
        let all = ActionKind::ALL.map(ActionKind::as_str);
        assert_eq!(kinds, all.into_iter().collect(), "{lang}");
    }
}

#[test]
fn new_notes_follow_the_vaults_own_template() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path();
    assert!(run(&["init", path(vault)]).status.success());
    let template = vault.join("Templates/Person.md");
    let edited = fs::read_to_string(&template)
        .unwrap()
        .replace("## How we met", "## My own section");
    fs::write(&template, edited).unwrap();
    let out = run(&[
        "new",
        "person",
        "Zoé Roy",
        "--company",
        "Acme",
        "--vault",
        path(vault),
    ]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim(), "People/Zoé Roy.md");
    let note = fs::read_to_string(vault.join("People/Zoé Roy.md")).unwrap();
    assert!(note.contains("## My own section"));
    assert!(note.contains("company: \"[[Acme]]\""));
    let interview = run(&[
        "new",
        "interview",
        "--contact",
        "Paul Martin",
        "--date",
        "2026-11-25",
        "--referred-by",
        "Zoé Roy",
        "--vault",
        path(vault),
    ]);
    assert_eq!(
        stdout(&interview).trim(),
        "Interviews/2026-11-25 Paul Martin.md"
    );
    let again = run(&[
        "new",
        "interview",
        "--contact",
        "Paul Martin",
        "--date",
        "2026-11-25",
        "--vault",
        path(vault),
    ]);
    assert_eq!(again.status.code(), Some(2), "never overwrites");
    let check = run(&["check", "--vault", path(vault), "--today", "2026-11-22"]);
    assert_eq!(stdout(&check), "", "the new notes are valid notes");
}

#[test]
fn hostile_names_stay_inside_their_folder() {
    let long = "x".repeat(400);
    for name in [
        "../../escape",
        "/etc/passwd",
        "..",
        "",
        "C:\\x",
        "CON",
        "a/b",
        ".hidden",
        "x\u{1}y",
        &long,
        "[[a|b]]",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("v");
        assert!(run(&["init", path(&vault)]).status.success());
        let out = run(&["new", "person", name, "--vault", path(&vault)]);
        assert!(
            out.status.success(),
            "{name:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rel = stdout(&out).trim().to_owned();
        let created = vault.join(&rel);
        assert_eq!(
            created.parent().unwrap(),
            vault.join("People"),
            "{name:?} -> {rel}"
        );
        assert!(created.is_file());
        assert!(created.file_name().unwrap().len() <= 255);
        assert!(
            !created
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with('.')
        );
        let outside: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            outside.len(),
            1,
            "{name:?}: nothing written beside the vault"
        );
    }
}

#[test]
fn templates_are_valid_notes_once_filled() {
    for lang in ["en", "fr"] {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path();
        assert!(run(&["init", path(vault), "--lang", lang]).status.success());
        for (kind, folder) in [
            ("Interview", "Interviews"),
            ("Person", "People"),
            ("Company", "Companies"),
        ] {
            let text =
                fs::read_to_string(vault.join("Templates").join(format!("{kind}.md"))).unwrap();
            // What Obsidian's Templates plugin does, plus a contact for the interview.
            let filled = text
                .replace("{{title}}", "Sample")
                .replace("{{date}}", "2026-11-20")
                .replace("\ncontact: \n", "\ncontact: \"[[Sample Person]]\"\n");
            fs::write(vault.join(folder).join("Sample.md"), filled).unwrap();
        }
        let check = run(&["check", "--vault", path(vault), "--today", "2026-11-22"]);
        assert_eq!(stdout(&check), "", "{lang}");
        assert_eq!(check.status.code(), Some(0));
    }
}

#[test]
fn demo_writes_builds_and_watches_until_terminated() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("suivi-demo");
    let log = dir.path().join("demo.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_suivi"))
        .current_dir(dir.path())
        .arg("demo")
        .env("NO_COLOR", "1")
        .stdout(fs::File::create(&log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let log_text = || fs::read_to_string(&log).unwrap_or_default();
    wait_for(
        "the demo to watch",
        Duration::from_secs(30),
        || log_text().contains("Now watching"),
        log_text,
    );
    assert_eq!(
        fs::read_dir(demo.join("Suivi")).unwrap().count(),
        suivi::pages::PageKind::ALL.len()
    );
    let text = fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("Follow-ups.md") && text.contains("Overdue"),
        "{text}"
    );
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = wait_exit(&mut child, Duration::from_secs(30), log_text);
    assert!(status.success());
}
