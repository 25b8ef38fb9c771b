//! The real binary records what the user did (SPEC 3.1, 6): items ticked
//! on the Follow-ups page, `done`, `log`, `snooze`, `undo`; every other file
//! of theirs left byte for byte as it was.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{stderr, stdout, suivi, user_files, vault};

const TODAY: &str = "2026-11-22";
const PAGE: &str = "Suivi/Follow-ups.md";

fn read(vault: &Path, rel: &str) -> String {
    fs::read_to_string(vault.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Runs `suivi ARGS` and checks it exited with `code`.
fn run(vault: &Path, args: &[&str], code: i32) -> Output {
    let output = suivi(vault, TODAY, args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "suivi {args:?}\n--- stdout\n{}--- stderr\n{}",
        stdout(&output),
        stderr(&output)
    );
    output
}

/// The page's item line for the action `id`.
fn item_line<'a>(page: &'a str, id: &str) -> Option<&'a str> {
    page.lines().find(|l| l.contains(&format!("%%suivi {id}")))
}

/// Ticks the item of `id` on the page as Obsidian does: `[ ]` becomes `[x]`
/// on its line, and nothing else changes; `done_date` adds the Tasks
/// plugin's ` ✅ DATE`.
fn tick(vault: &Path, id: &str, done_date: bool) {
    let page = read(vault, PAGE);
    let line = item_line(&page, id).unwrap_or_else(|| panic!("no item {id}\n{page}"));
    assert!(line.starts_with("- [ ] "), "{line}");
    let mut ticked = line.replacen("- [ ] ", "- [x] ", 1);
    if done_date {
        ticked.push_str(" ✅ ");
        ticked.push_str(TODAY);
    }
    fs::write(vault.join(PAGE), page.replacen(line, &ticked, 1)).unwrap();
}

/// The actions due: kind, person as shown, reason, id.
fn ids(vault: &Path) -> Vec<[String; 4]> {
    let json = stdout(&run(vault, &["due", "--json"], 0));
    let actions: serde_json::Value = serde_json::from_str(&json).unwrap();
    (actions.as_array().unwrap().iter())
        .map(|a| ["kind", "person", "reason", "id"].map(|k| a[k].as_str().unwrap().to_owned()))
        .collect()
}

/// The id of the one action of `kind` for `person` whose reason holds
/// `about`.
fn id_about(ids: &[[String; 4]], kind: &str, person: &str, about: &str) -> String {
    let found: Vec<&[String; 4]> = (ids.iter())
        .filter(|[k, p, reason, _]| k == kind && p == person && reason.contains(about))
        .collect();
    assert_eq!(found.len(), 1, "{kind} {person} {about}: {ids:#?}");
    found[0][3].clone()
}

fn id_of(ids: &[[String; 4]], kind: &str, person: &str) -> String {
    id_about(ids, kind, person, "")
}

/// The files of `after` that differ from `before`, or are new, or gone.
fn changed(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<&PathBuf> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| before.get(*p) != after.get(*p))
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

fn sample_with_panel() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path();
    let init = assert_cmd::Command::cargo_bin("suivi")
        .unwrap()
        .args(["init", "--sample", "--today", TODAY])
        .arg(v)
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    fs::write(
        v.join("Interviews/2026-11-20 Panel.md"),
        "---\ncontact: [\"[[Ann Lee]]\", \"[[Bo Chan]]\"]\ndate: 2026-11-20\ntopic: the platform team\n---\n",
    )
    .unwrap();
    dir
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one scenario end to end: each kind ticked, then each undone"
)]
fn every_kind_ticked_on_the_sample_page_is_recorded_then_undone() {
    let dir = sample_with_panel();
    let v = dir.path();
    run(v, &["build"], 0);
    let ids = ids(v);
    let before = user_files(v);
    // The driving warning is no task: nothing to record.
    let driving = run(v, &["done", &id_of(&ids, "driving", "Zoé Roy")], 2);
    assert!(
        stderr(&driving)
            .contains("is a warning, not a task: snooze the person, or log their answer"),
        "{}",
        stderr(&driving)
    );
    assert_eq!(user_files(v), before);

    let ticked = [
        ("thank-you", "Paul Martin"),
        ("thank-you", "Ann Lee"),
        ("close-the-loop", "Zoé Roy"),
        ("update", "Sophie Laurent"),
        ("opening", "Sophie Laurent"),
        ("promise", "Paul Martin"),
        ("prep", "Marie Curie"),
        ("nudge", "Karim Benali"),
    ];
    for (i, (kind, person)) in ticked.iter().enumerate() {
        tick(v, &id_of(&ids, kind, person), i % 2 == 0);
    }
    let built = run(v, &["build"], 0);
    let said = stdout(&built);
    for (kind, person) in ticked {
        let short = &id_of(&ids, kind, person)[..7];
        assert!(
            said.contains(&format!("ticked {short}: recorded, ")),
            "{kind} {person}\n{said}{}",
            stderr(&built)
        );
    }
    assert_eq!(stderr(&built), "");

    // What each kind records (SPEC 3.1).
    let paul = read(v, "Interviews/2026-11-21 Paul Martin.md");
    assert!(
        paul.contains(&format!("\nthank_you_sent: {TODAY}\n")),
        "{paul}"
    );
    assert!(
        paul.contains(&format!(
            "- [x] Send Paul the article on data contracts we talked about 📅 2026-11-24 ✅ {TODAY}\n"
        )),
        "{paul}"
    );
    let marie = read(v, "Interviews/2026-11-25 Marie Curie.md");
    assert!(marie.contains(&format!("\nprepared: {TODAY}\n")), "{marie}");
    // A panel: the one ticked gets a message, the other's thank-you stays.
    let ann = read(v, "People/Ann Lee.md");
    assert!(
        ann.contains(&format!("\"{TODAY} out: thank-you\"")),
        "{ann}"
    );
    assert!(!v.join("People/Bo Chan.md").exists());
    let panel = read(v, "Interviews/2026-11-20 Panel.md");
    assert!(!panel.contains("thank_you_sent"), "{panel}");
    // Close the loop: the referrer hears of it.
    let zoe = read(v, "People/Zoé Roy.md");
    assert!(
        zoe.contains(&format!(
            "  - \"{TODAY} out: told them I met Paul Martin\"\n"
        )),
        "{zoe}"
    );
    // Two messages for Sophie, who had no note: one note, from the template.
    let sophie = read(v, "People/Sophie Laurent.md");
    let template = read(v, "Templates/Person.md");
    assert!(sophie.contains("## Who they are"), "{sophie}");
    assert_eq!(
        sophie.matches(&format!("{TODAY} out")).count(),
        2,
        "{sophie}"
    );
    assert_eq!(sophie.lines().count(), template.lines().count(), "{sophie}");
    let karim = read(v, "People/Karim Benali.md");
    assert!(
        karim.contains(&format!("\"{TODAY} out: nudge\"")),
        "{karim}"
    );

    // Only the notes recorded in changed, and only by one change each.
    let after = user_files(v);
    let mut expected = vec![
        "Interviews/2026-11-21 Paul Martin.md",
        "Interviews/2026-11-25 Marie Curie.md",
        "People/Ann Lee.md",
        "People/Karim Benali.md",
        "People/Sophie Laurent.md",
        "People/Zoé Roy.md",
    ];
    expected.sort_unstable();
    assert_eq!(changed(&before, &after), expected);
    for rel in ["Interviews/2026-11-25 Marie Curie.md", "People/Zoé Roy.md"] {
        let old = String::from_utf8(before[Path::new(rel)].clone()).unwrap();
        let new = read(v, rel);
        assert_eq!(new.lines().count(), old.lines().count() + 1, "{rel}");
        let kept: Vec<&str> = new.lines().filter(|l| !l.contains(TODAY)).collect();
        assert_eq!(kept, old.lines().collect::<Vec<_>>(), "{rel}");
    }

    // The page written no longer lists them, and holds no tick.
    let page = read(v, PAGE);
    assert!(!page.contains("- [x]"), "{page}");
    for (kind, person) in ticked {
        // A nudge sent leaves the nudge due: SPEC 3 clears it only on an
        // answer (reported).
        if kind != "nudge" {
            let id = id_of(&ids, kind, person);
            assert!(item_line(&page, &id).is_none(), "{kind} {person}\n{page}");
        }
    }
    assert!(item_line(&page, &id_of(&ids, "thank-you", "Bo Chan")).is_some());

    // One undo reverts the whole batch of ticks, to the exact bytes.
    let undone = run(v, &["undo"], 0);
    assert!(
        stdout(&undone).starts_with("undone: ticks on the Follow-ups page ("),
        "{}",
        stdout(&undone)
    );
    assert_eq!(user_files(v), before);
    let again = run(v, &["undo"], 2);
    assert!(
        stderr(&again).contains("nothing to undo"),
        "{}",
        stderr(&again)
    );
    assert_eq!(user_files(v), before);
}

#[test]
fn a_tick_on_an_action_gone_or_forged_is_reported_and_nothing_applied() {
    let dir = vault(&[(
        "Interviews/a.md",
        "---\ncontact: Paul\ndate: 2026-11-10\nthank_you_sent: 2026-11-11\n---\n- [ ] send the deck\n- [ ] call back\n",
    )]);
    let v = dir.path();
    run(v, &["build"], 0);
    let ids = ids(v);
    let deck = &id_about(&ids, "promise", "Paul", "send the deck");
    tick(v, deck, false);
    // The task goes from the note before the page is read again.
    let note =
        "---\ncontact: Paul\ndate: 2026-11-10\nthank_you_sent: 2026-11-11\n---\n- [ ] call back\n";
    fs::write(v.join("Interviews/a.md"), note).unwrap();
    let page = read(v, PAGE);
    let forged = "- [x] **Promise** · forged %%suivi 0123456789ab%%\n";
    fs::write(v.join(PAGE), format!("{page}{forged}")).unwrap();
    let before = user_files(v);

    let built = run(v, &["build"], 0);
    let err = stderr(&built);
    assert!(
        err.contains(&format!("ticked {}: not recorded", &deck[..7])),
        "{err}"
    );
    assert!(err.contains("ticked 0123456: not recorded"), "{err}");
    assert!(!stdout(&built).contains("recorded,"), "{}", stdout(&built));
    assert_eq!(user_files(v), before);
    assert_eq!(read(v, "Interviews/a.md"), note);
    assert!(!v.join(".suivi/journal").exists() || read(v, ".suivi/journal").is_empty());
    let page = read(v, PAGE);
    assert!(
        !page.contains("0123456789ab") && !page.contains(deck.as_str()),
        "{page}"
    );
}

#[test]
fn with_write_notes_false_a_tick_is_reported_and_stays_ticked() {
    let dir = vault(&[
        (".suivi.toml", "write_notes = false\n"),
        (
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: 2026-11-21\n---\n- [ ] send the deck\n",
        ),
    ]);
    let v = dir.path();
    run(v, &["build"], 0);
    let ids = ids(v);
    let before = user_files(v);
    for (kind, done_date) in [("thank-you", false), ("promise", true)] {
        tick(v, &id_of(&ids, kind, "Paul"), done_date);
    }
    for _ in 0..2 {
        let built = run(v, &["build"], 0);
        assert!(!stdout(&built).contains("recorded,"), "{}", stdout(&built));
        let err = stderr(&built);
        assert_eq!(err.matches("not recorded").count(), 2, "{err}");
        assert!(err.contains("write_notes = false"), "{err}");
        assert_eq!(user_files(v), before);
        let page = read(v, PAGE);
        for kind in ["thank-you", "promise"] {
            let id = id_of(&ids, kind, "Paul");
            let line = item_line(&page, &id).unwrap_or_else(|| panic!("{kind}\n{page}"));
            assert!(line.starts_with("- [x] "), "{line}");
        }
    }
    // Nor do the commands write.
    let done = run(v, &["done", &id_of(&ids, "promise", "Paul")], 2);
    assert!(
        stderr(&done).contains("write_notes = false"),
        "{}",
        stderr(&done)
    );
    run(v, &["log", "Paul", "--out"], 2);
    run(v, &["snooze", "Paul", "--for", "2w"], 2);
    assert_eq!(user_files(v), before);
}

#[test]
fn a_note_with_a_vault_issue_is_refused_and_left_untouched() {
    let note = "---\ncontact: Paul\ndate: 2026-11-21\nthank_you_snet: 2026-11-21\n---\n- [ ] send the deck\n";
    let dir = vault(&[("Interviews/a.md", note)]);
    let v = dir.path();
    run(v, &["build"], 1);
    let ids = ids(v);
    let before = user_files(v);
    tick(v, &id_of(&ids, "thank-you", "Paul"), false);
    let built = run(v, &["build"], 1);
    let err = stderr(&built);
    assert!(err.contains("not recorded"), "{err}");
    assert!(
        err.contains("Interviews/a.md:4: the note has a vault issue"),
        "{err}"
    );
    let done = run(v, &["done", &id_of(&ids, "promise", "Paul")], 2);
    assert!(stderr(&done).contains("vault issue"), "{}", stderr(&done));
    assert_eq!(read(v, "Interviews/a.md"), note);
    assert_eq!(user_files(v), before);
}

fn people_vault() -> tempfile::TempDir {
    vault(&[
        (
            "Interviews/2026-11-20 Paul.md",
            "---\ncontact: \"[[Paul Martin]]\"\ndate: 2026-11-20\n---\n- [ ] send the deck 📅 2026-11-25\n- [ ] send the paper\n",
        ),
        (
            "People/Paul Martin.md",
            "---\r\ntype: person\r\naliases: [PM]\r\nemail: paul@example.com # work\r\n---\r\nMet at the meetup.\r\n",
        ),
        (
            "People/Zoé Roy.md",
            "---\ntouches:\n  - \"2026-11-01 out email: hello\"\n---\n",
        ),
    ])
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one scenario end to end: three commands, then three undos in turn"
)]
fn done_log_snooze_then_undo_one_by_one() {
    let dir = people_vault();
    let v = dir.path();
    run(v, &["build"], 0);
    let original = user_files(v);
    let ids = ids(v);
    let deck = id_about(&ids, "promise", "Paul Martin", "send the deck");
    let thanks = id_of(&ids, "thank-you", "Paul Martin");

    // A short id, then a full one.
    let done = run(v, &["done", &deck[..6]], 0);
    assert_eq!(
        stdout(&done).lines().next().unwrap(),
        format!(
            "{}: recorded, Interviews/2026-11-20 Paul.md: line 5: - [x] send the deck ✅ {TODAY}",
            &deck[..7]
        )
    );
    let note = read(v, "Interviews/2026-11-20 Paul.md");
    assert!(
        note.contains(&format!(
            "- [x] send the deck 📅 2026-11-25 ✅ {TODAY}\n- [ ] send the paper\n"
        )),
        "{note}"
    );
    let done = run(v, &["done", &thanks], 0);
    assert!(
        stdout(&done).starts_with(&format!(
            "{}: recorded, Interviews/2026-11-20 Paul.md: thank_you_sent: {TODAY}\n",
            &thanks[..7]
        )),
        "{}",
        stdout(&done)
    );
    let after_done = user_files(v);
    // Refused: an unknown prefix, too short a one, a done action's id.
    for (given, says) in [
        ("ffffff", "no action due has the id"),
        ("ab", "is not an action id"),
        ("../x", "is not an action id"),
        (deck.as_str(), "no action due has the id"),
    ] {
        let refused = run(v, &["done", given], 2);
        assert!(
            stderr(&refused).contains(says),
            "{given}: {}",
            stderr(&refused)
        );
    }
    assert_eq!(user_files(v), after_done);

    // log, through an alias and folded case, in a CRLF note with a comment.
    let logged = run(
        v,
        &[
            "log",
            "pm",
            "--out",
            "--channel",
            "email",
            "--note",
            "sent my\n CV",
        ],
        0,
    );
    assert_eq!(
        stdout(&logged).lines().next().unwrap(),
        format!("recorded: People/Paul Martin.md: touches: {TODAY} out email: sent my CV")
    );
    let paul = read(v, "People/Paul Martin.md");
    assert!(
        paul.contains(&format!(
            "email: paul@example.com # work\r\ntouches:\r\n  - \"{TODAY} out email: sent my CV\"\r\n---\r\n"
        )),
        "{paul:?}"
    );
    let logged = run(v, &["log", "ZOE ROY", "--in", "--date", "2026-11-21"], 0);
    assert_eq!(
        stdout(&logged).lines().next().unwrap(),
        "recorded: People/Zoé Roy.md: touches: 2026-11-21 in"
    );
    assert_eq!(
        read(v, "People/Zoé Roy.md"),
        "---\ntouches:\n  - \"2026-11-01 out email: hello\"\n  - 2026-11-21 in\n---\n"
    );
    run(
        v,
        &["log", "Paul Martin", "--out", "--channel", "e mail"],
        2,
    );

    // snooze, for a length then until a day.
    let snoozed = run(v, &["snooze", "Zoé Roy", "--for", "2w"], 0);
    assert_eq!(
        stdout(&snoozed).lines().next().unwrap(),
        "recorded: People/Zoé Roy.md: snooze_until: 2026-12-06"
    );
    let snoozed = run(v, &["snooze", "zoe roy", "--until", "2027-01-10"], 0);
    assert_eq!(
        stdout(&snoozed).lines().next().unwrap(),
        "recorded: People/Zoé Roy.md: snooze_until: 2027-01-10"
    );
    let zoe = read(v, "People/Zoé Roy.md");
    assert!(
        zoe.ends_with("  - 2026-11-21 in\nsnooze_until: 2027-01-10\n---\n"),
        "{zoe}"
    );
    run(v, &["snooze", "Zoé Roy", "--for", "2y"], 2);

    // An unknown name lists the likely ones; nothing written.
    let unknown = run(v, &["log", "Paul Martn", "--out"], 2);
    assert!(
        stderr(&unknown).contains("did you mean: Paul Martin?"),
        "{}",
        stderr(&unknown)
    );
    let nobody = run(v, &["snooze", "Nobody Atall", "--for", "1w"], 2);
    assert!(
        stderr(&nobody).contains("suivi new person"),
        "{}",
        stderr(&nobody)
    );

    // undo, repeated: each reverts one command, the last first.
    let mut undone = Vec::new();
    for _ in 0..6 {
        let out = run(v, &["undo"], 0);
        undone.push(stdout(&out).lines().next().unwrap().to_owned());
    }
    assert_eq!(
        undone,
        [
            "undone: snooze zoe roy (People/Zoé Roy.md)".to_owned(),
            "undone: snooze Zoé Roy (People/Zoé Roy.md)".to_owned(),
            "undone: log ZOE ROY (People/Zoé Roy.md)".to_owned(),
            "undone: log pm (People/Paul Martin.md)".to_owned(),
            format!("undone: done {thanks} (Interviews/2026-11-20 Paul.md)"),
            format!(
                "undone: done {} (Interviews/2026-11-20 Paul.md)",
                &deck[..6]
            ),
        ]
    );
    assert_eq!(user_files(v), original);
    run(v, &["undo"], 2);
}

#[test]
fn an_ambiguous_id_prefix_is_refused_with_the_ids() {
    // Enough actions that two ids share their first four digits.
    let mut tasks = String::new();
    for i in 0..1000 {
        writeln!(tasks, "- [ ] task {i}").unwrap();
    }
    let dir = vault(&[(
        "Interviews/a.md",
        &format!("---\ncontact: Paul\ndate: 2026-11-10\nthank_you_sent: 2026-11-11\n---\n{tasks}"),
    )]);
    let v = dir.path();
    let json = stdout(&run(v, &["due", "--json"], 0));
    let actions: serde_json::Value = serde_json::from_str(&json).unwrap();
    let all: Vec<String> = (actions.as_array().unwrap().iter())
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(all.len(), 1000);
    let mut by_prefix: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for id in &all {
        by_prefix.entry(&id[..4]).or_default().push(id);
    }
    let (prefix, shared) = by_prefix.iter().find(|(_, ids)| ids.len() > 1).unwrap();
    let before = user_files(v);
    let refused = run(v, &["done", prefix], 2);
    let err = stderr(&refused);
    assert!(err.contains("give more digits"), "{err}");
    for id in shared {
        assert!(err.contains(id.as_str()), "{id}: {err}");
    }
    assert_eq!(user_files(v), before);
}

/// Every file below `root` that is not in `before`.
fn new_files(root: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let now = common::snapshot(root, &["Suivi", ".suivi"]);
    (now.keys())
        .filter(|p| !before.contains_key(*p))
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn hostile_names_make_safe_notes_inside_people_only() {
    let outer = tempfile::tempdir().unwrap();
    let v = outer.path().join("vault");
    fs::create_dir_all(v.join(".obsidian")).unwrap();
    let hostile = ["../x", "CON", "a|b"];
    for (i, name) in hostile.iter().enumerate() {
        fs::create_dir_all(v.join("Interviews")).unwrap();
        fs::write(
            v.join(format!("Interviews/{i}.md")),
            format!("---\ncontact: {name:?}\ndate: 2026-11-21\n---\n"),
        )
        .unwrap();
    }
    run(&v, &["build"], 0);
    let before_all = common::snapshot(outer.path(), &["vault/Suivi", "vault/.suivi"]);
    let before = user_files(&v);

    // Ticked thank-yous write on the interviews, not in new notes.
    let ids = ids(&v);
    for name in hostile {
        tick(&v, &id_of(&ids, "thank-you", name), false);
    }
    run(&v, &["build"], 0);
    assert!(
        new_files(&v, &before).is_empty(),
        "{:?}",
        new_files(&v, &before)
    );

    let mut said = Vec::new();
    for name in hostile {
        let out = run(&v, &["log", name, "--out", "--note", "hello"], 0);
        said.push(stdout(&out).lines().next().unwrap().to_owned());
    }
    assert_eq!(
        said,
        [
            format!("recorded: People/x.md: touches: {TODAY} out: hello"),
            format!("recorded: People/CON_.md: touches: {TODAY} out: hello"),
            format!("recorded: People/a b.md: touches: {TODAY} out: hello"),
        ]
    );
    let snoozed = run(&v, &["snooze", "a|b", "--for", "1w"], 0);
    assert_eq!(
        stdout(&snoozed).lines().next().unwrap(),
        "recorded: People/a b.md: snooze_until: 2026-11-29"
    );
    let mut made = new_files(&v, &before);
    made.sort();
    assert_eq!(made, ["People/CON_.md", "People/a b.md", "People/x.md"]);
    // Nothing outside the vault.
    let outside: Vec<PathBuf> = common::snapshot(outer.path(), &["vault"])
        .into_keys()
        .filter(|p| !before_all.contains_key(&Path::new("vault").join(p)))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    // Each new note is the person's: the pages name them by it.
    for (rel, name) in [
        ("People/x.md", "../x"),
        ("People/CON_.md", "CON"),
        ("People/a b.md", "a|b"),
    ] {
        let note = read(&v, rel);
        assert!(
            note.contains(&format!("{TODAY} out: hello")),
            "{rel}: {note}"
        );
        assert!(note.contains("type: person"), "{rel} for {name}: {note}");
    }
    // Every command undone: the vault as it was, the new notes gone.
    for _ in 0..5 {
        run(&v, &["undo"], 0);
    }
    assert_eq!(user_files(&v), before);
}

#[test]
fn undo_leaves_a_note_changed_since_as_it_is() {
    let dir = people_vault();
    let v = dir.path();
    run(v, &["log", "Zoé Roy", "--in"], 0);
    let edited = format!("{}More text of mine.\n", read(v, "People/Zoé Roy.md"));
    fs::write(v.join("People/Zoé Roy.md"), &edited).unwrap();
    let before = user_files(v);
    let refused = run(v, &["undo"], 2);
    assert!(
        stderr(&refused).contains("cannot undo \"log Zoé Roy\": People/Zoé Roy.md changed since"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(user_files(v), before);
}
