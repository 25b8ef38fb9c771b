//! Daily notes as contacts (SPEC 2.5), through the real binary: where
//! Obsidian's settings or `.suivi.toml` put them, and `daily_notes = false`.

#![allow(clippy::unwrap_used, reason = "a failure in a helper is a failed test")]

mod common;

use std::fs;
use std::path::Path;

use common::{stdout, suivi, vault};

const TODAY: &str = "2026-11-10";

/// Paul, met on October 1st through Zoé: an update and a close-the-loop
/// are due on November 10th unless something since counts as a contact.
const MET: &str = "---\ncontact: \"[[Paul Martin]]\"\ndate: 2026-10-01\n\
                   thank_you_sent: 2026-10-01\nreferred_by: \"[[Zoé Roy]]\"\n---\n";

const LUNCH: &str = "# Thursday\n\nLunch with [[Paul Martin|Paul]]; told [[zoe roy]] it went well.\n\n\
                     - [ ] send [[Ana]] the deck\n";

/// The (kind, person) of each action `due --json` lists.
fn due(vault: &Path) -> Vec<(String, String)> {
    let out = suivi(vault, TODAY, &["due", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let actions: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut pairs: Vec<(String, String)> = (actions.as_array().unwrap().iter())
        .map(|a| {
            let text = |key: &str| a[key].as_str().unwrap().to_owned();
            (text("kind"), text("person"))
        })
        .collect();
    pairs.sort();
    pairs
}

fn pair(kind: &str, person: &str) -> (String, String) {
    (kind.to_owned(), person.to_owned())
}

fn follow_ups(vault: &Path) -> String {
    let build = suivi(vault, TODAY, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", stdout(&build));
    fs::read_to_string(vault.join("Suivi/Follow-ups.md")).unwrap()
}

#[test]
fn a_daily_note_in_obsidians_nested_folders_is_a_contact_until_turned_off() {
    let dir = vault(&[
        (
            ".obsidian/daily-notes.json",
            r#"{"folder":"Journal","format":"YYYY/MM/YYYY-MM-DD","template":"Templates/Day"}"#,
        ),
        ("Interviews/2026-10-01 Paul Martin.md", MET),
        ("People/Paul Martin.md", "---\nstatus: met\n---\n"),
    ]);
    let vault = dir.path();
    let owed = vec![
        pair("close-the-loop", "Zoé Roy"),
        pair("update", "Paul Martin"),
    ];
    assert_eq!(due(vault), owed);
    let page = follow_ups(vault);
    assert!(page.contains("Zoé Roy"), "{page}");

    // Not daily notes: outside the folder, or not in the format's folders.
    for rel in [
        "2026-11-05.md",
        "Journal/2026-11-05.md",
        "Journal/2026/10/2026-11-05.md",
    ] {
        fs::create_dir_all(vault.join(rel).parent().unwrap()).unwrap();
        fs::write(vault.join(rel), LUNCH).unwrap();
    }
    // A plan for a later day is no contact yet.
    fs::create_dir_all(vault.join("Journal/2026/11")).unwrap();
    fs::write(vault.join("Journal/2026/11/2026-11-12.md"), LUNCH).unwrap();
    assert_eq!(due(vault), owed);

    fs::write(vault.join("Journal/2026/11/2026-11-05.md"), LUNCH).unwrap();
    assert_eq!(due(vault), []);
    let page = follow_ups(vault);
    assert!(!page.contains("Zoé Roy"), "{page}");
    let check = suivi(vault, TODAY, &["check"]);
    assert_eq!(stdout(&check), "", "no vault issue");

    fs::write(vault.join(".suivi.toml"), "daily_notes = false\n").unwrap();
    assert_eq!(due(vault), owed);
    assert!(follow_ups(vault).contains("Zoé Roy"));
}

#[test]
fn suivi_settings_override_obsidians_and_a_format_it_cannot_read_is_reported() {
    let dir = vault(&[
        (
            ".obsidian/daily-notes.json",
            "{\n  \"format\": \"[Week] ww\"\n}\n",
        ),
        ("Interviews/2026-10-01 Paul Martin.md", MET),
        ("Days/05-11-2026.md", LUNCH),
    ]);
    let vault = dir.path();
    // Obsidian's weekly format names no day: reported, nothing counted.
    let check = suivi(vault, TODAY, &["check"]);
    let said = stdout(&check);
    assert!(said.contains(".obsidian/daily-notes.json:2"), "{said}");
    assert!(said.contains("names a week, not a day"), "{said}");
    assert_eq!(due(vault).len(), 2);

    fs::write(
        vault.join(".suivi.toml"),
        "daily_folder = \"Days\"\ndaily_format = \"DD-MM-YYYY\"\n",
    )
    .unwrap();
    assert_eq!(stdout(&suivi(vault, TODAY, &["check"])), "");
    assert_eq!(due(vault), []);

    // A format of its own that suivi cannot read stops it, on its line.
    fs::write(
        vault.join(".suivi.toml"),
        "lang = \"en\"\ndaily_format = \"YYYY-[W]WW\"\n",
    )
    .unwrap();
    let out = suivi(vault, TODAY, &["build"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains(".suivi.toml:2"), "{said}");
    assert!(said.contains("`WW`"), "{said}");
}

#[test]
fn the_sample_vaults_daily_note_moves_a_last_contact() {
    for lang in ["en", "fr"] {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path();
        let init = assert_cmd::Command::cargo_bin("suivi")
            .unwrap()
            .args(["init", "--sample", "--lang", lang])
            .arg(vault)
            .output()
            .unwrap();
        assert!(init.status.success(), "{lang}");
        let companies = match lang {
            "en" => "Suivi/Companies.md",
            _ => "Suivi/Entreprises.md",
        };
        let build = |vault: &Path| {
            let out = assert_cmd::Command::cargo_bin("suivi")
                .unwrap()
                .args(["build", "--vault"])
                .arg(vault)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{lang}: {}", stdout(&out));
            fs::read_to_string(vault.join(companies)).unwrap()
        };
        let with_daily_notes = build(vault);
        let settings = fs::read_to_string(vault.join(".suivi.toml")).unwrap();
        assert!(settings.contains("daily_notes = true\n"), "{lang}");
        let off = settings.replace("daily_notes = true\n", "daily_notes = false\n");
        fs::write(vault.join(".suivi.toml"), off).unwrap();
        assert_ne!(
            build(vault),
            with_daily_notes,
            "{lang}: Gamma's last contact"
        );
    }
}
