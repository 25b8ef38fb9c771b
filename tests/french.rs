//! A French vault speaks French everywhere: every command run on the French
//! sample vault, through the real binary, and no English sentence in what
//! they print, in the pages they write, nor in the starter's `.suivi.toml`.
//!
//! clap's own words (`--help`, and the frame of an argument it refuses)
//! stay English: they are read before the vault, and its language, are
//! known.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::Duration;

use common::{wait_exit, wait_for};

const TODAY: &str = "2026-11-22";
const DEADLINE: Duration = Duration::from_secs(30);

/// Common English words that no French sentence of suivi holds. Words that
/// are French too (`note`, `pages`, `actions`, `date`, `contact`, `on`,
/// `a`, `an`, `or`, `as`, `due`) are left out, and so are the commands'
/// names (`done`, `log`, `snooze`, `undo`), which French text quotes.
const ENGLISH: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "is",
    "are",
    "was",
    "be",
    "with",
    "for",
    "from",
    "into",
    "at",
    "by",
    "in",
    "not",
    "no",
    "yet",
    "has",
    "have",
    "this",
    "that",
    "these",
    "it",
    "its",
    "you",
    "your",
    "they",
    "them",
    "their",
    "what",
    "which",
    "when",
    "there",
    "here",
    "written",
    "unchanged",
    "recorded",
    "ticked",
    "undone",
    "issue",
    "issues",
    "file",
    "files",
    "folder",
    "skipped",
    "already",
    "open",
    "run",
    "now",
    "watching",
    "edit",
    "stop",
    "stopped",
    "cannot",
    "error",
    "warning",
    "changed",
    "people",
    "companies",
    "conversation",
    "conversations",
    "interview",
    "interviews",
    "more",
    "than",
    "will",
    "would",
    "should",
    "who",
    "every",
    "only",
    "after",
    "before",
    "day",
    "days",
    "week",
    "weeks",
    "thank",
    "sent",
    "nothing",
    "missing",
    "found",
    "empty",
    "unknown",
    "invalid",
    "like",
    "give",
    "create",
    "created",
    "filled",
    "waiting",
    "same",
    "name",
    "wrote",
    "using",
    "nudge",
    "overdue",
    "later",
    "read",
    "polling",
    "changes",
];

/// Where an English word was found, for the failure message.
struct Found {
    source: String,
    line: String,
    word: String,
}

/// The English words of `text`, outside code (fenced blocks and spans),
/// links' targets, file names, paths, flags and property keys.
fn english_in(source: &str, text: &str, found: &mut Vec<Found>) {
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let prose = without_code(line);
        let prose = without_between(&prose, "[[", "]]");
        let prose = without_between(&prose, "](", ")");
        for token in prose.split_whitespace() {
            let is_name = ["/", "\\", "_", "@", "=", "--", ".md", ".csv", "://"]
                .iter()
                .any(|mark| token.contains(mark));
            // An action's id, a time or a count is not a word.
            let is_name = is_name || token.contains(|c: char| c.is_ascii_digit());
            if is_name {
                continue;
            }
            for word in token.split(|c: char| !c.is_alphabetic()) {
                let word = word.to_lowercase();
                if ENGLISH.contains(&word.as_str()) {
                    found.push(Found {
                        source: source.to_owned(),
                        line: line.to_owned(),
                        word,
                    });
                }
            }
        }
    }
}

/// `line` without its code spans: from a run of backticks to the next run
/// of the same length.
fn without_code(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|&c| c == '`').count();
        let fence = "`".repeat(run);
        let after = &rest[start + run..];
        if let Some(end) = after.find(&fence) {
            rest = &after[end + run..];
        } else {
            rest = after;
            break;
        }
    }
    out.push_str(rest);
    out
}

fn without_between(line: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        if let Some(end) = after.find(close) {
            rest = &after[end + close.len()..];
        } else {
            rest = "";
            break;
        }
    }
    out.push_str(rest);
    out
}

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_suivi"));
    command.env("NO_COLOR", "1").env("LANG", "C");
    command
}

/// The real binary on `vault`, at [`TODAY`].
fn on_vault(vault: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .arg("--vault")
        .arg(vault)
        .arg("--today")
        .arg(TODAY)
        .output()
        .unwrap()
}

/// A command's name and all it printed.
struct Said {
    what: String,
    text: String,
}

fn said(what: &str, output: &Output) -> Said {
    Said {
        what: what.to_owned(),
        text: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

/// Starts a long-running command with its stdout and stderr in files.
fn spawn(mut command: Command, dir: &Path) -> (Child, impl Fn() -> String) {
    let (out, err) = (dir.join("out.txt"), dir.join("err.txt"));
    let child = command
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let read = move || {
        format!(
            "{}{}",
            fs::read_to_string(&out).unwrap_or_default(),
            fs::read_to_string(&err).unwrap_or_default()
        )
    };
    (child, read)
}

/// Interrupts a running command as Ctrl-C does and waits for it to exit.
fn interrupt(child: &mut Child, log: &impl Fn() -> String) {
    let pid = child.id().to_string();
    Command::new("kill").args(["-INT", &pid]).status().unwrap();
    let status = wait_exit(child, DEADLINE, log);
    assert!(status.success(), "{status:?}\n{}", log());
}

/// Every file below `dir` whose name ends with one of `endings`, as text.
fn files_below(dir: &Path, endings: &[&str]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let name = entry.path().to_string_lossy().into_owned();
        if entry.file_type().is_file() && endings.iter().any(|e| name.ends_with(e)) {
            files.push((name, fs::read_to_string(entry.path()).unwrap()));
        }
    }
    files
}

/// The comments of a TOML file: its values and keys are data.
fn toml_comments(text: &str) -> String {
    let comments: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_once('#').map(|(_, comment)| comment))
        .collect();
    comments.join("\n")
}

/// The names a `.base` file shows: its other keys are Obsidian's format.
fn base_names(text: &str) -> String {
    let names: Vec<&str> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("displayName:"))
        .collect();
    names.join("\n")
}

/// The texts of a calendar's events: its other lines are iCalendar's format.
fn calendar_texts(text: &str) -> String {
    let texts: Vec<&str> = text
        .lines()
        .filter_map(|line| {
            (line.strip_prefix("SUMMARY:"))
                .or_else(|| line.strip_prefix("DESCRIPTION:"))
                .or_else(|| line.strip_prefix(' '))
        })
        .collect();
    texts.join("\n")
}

fn first_action_id(vault: &Path) -> String {
    let json = on_vault(vault, &["due", "--json"]);
    let actions: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    actions[0]["id"].as_str().unwrap().to_owned()
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one scenario end to end: every command run in turn on one French vault"
)]
fn a_french_vault_speaks_french_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("coffre");
    let vault_arg = vault.to_str().unwrap();
    let mut all: Vec<Said> = Vec::new();

    let init = bin()
        .args([
            "init", vault_arg, "--lang", "fr", "--sample", "--today", TODAY,
        ])
        .output()
        .unwrap();
    assert!(init.status.success());
    all.push(said("init", &init));
    let again = bin()
        .args(["init", vault_arg, "--lang", "fr", "--today", TODAY])
        .output()
        .unwrap();
    all.push(said("init again", &again));

    let mut run = |what: &str, args: &[&str]| {
        let output = on_vault(&vault, args);
        all.push(said(what, &output));
        output
    };
    let new_interview = [
        "new",
        "interview",
        "--contact",
        "Léa Petit",
        "--date",
        "2026-11-24T10:00",
        "--company",
        "Acme",
    ];
    assert!(run("new interview", &new_interview).status.success());
    assert!(
        run("new person", &["new", "person", "Hugo Blanc"])
            .status
            .success()
    );
    assert!(
        run("new company", &["new", "company", "Gamma"])
            .status
            .success()
    );
    run("build", &["build"]);
    run("build -v", &["build", "-v"]);
    run("check", &["check"]);
    run("due", &["due"]);
    // `due --json` is data for scripts: its keys stay as they are.
    let id = first_action_id(&vault);
    assert!(run("done", &["done", &id]).status.success());
    let log = [
        "log",
        "Paul Martin",
        "--out",
        "--channel",
        "email",
        "--note",
        "CV envoyé",
    ];
    assert!(run("log", &log).status.success());
    let snooze = ["snooze", "Paul Martin", "--for", "2w"];
    assert!(run("snooze", &snooze).status.success());
    assert!(run("undo", &["undo"]).status.success());
    let csv = dir.path().join("Connections.csv");
    fs::write(
        &csv,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Inès,Moreau,https://www.linkedin.com/in/ines-moreau,,Acme,Analyste,12 Mar 2024\n\
         Paul,Martin,https://www.linkedin.com/in/paulmartin,,Acme,Ingénieur,01 Jan 2023\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    run("import", &["import", csv]);
    assert!(
        run("import --apply", &["import", csv, "--apply"])
            .status
            .success()
    );
    // Issues in a note: a misspelt property, a name two notes claim.
    fs::write(
        vault.join("Interviews").join("2026-11-23 Hugo Blanc.md"),
        "---\ntype: interview\ncontact: \"[[Hugo Blanc]]\"\ndate: 2026-11-23\nthank_you_snet: 2026-11-23\n---\n",
    )
    .unwrap();
    fs::write(
        vault.join("People").join("Hugo B.md"),
        "---\ntype: person\naliases: [Hugo Blanc]\n---\n",
    )
    .unwrap();
    run("check with issues", &["check"]);
    run("build with issues", &["build"]);
    // Undone until there is nothing left to undo.
    for _ in 0..10 {
        if !run("undo all", &["undo"]).status.success() {
            break;
        }
    }
    // Errors: an unknown action id, a date that is none, an unknown person,
    // a length that is none.
    assert!(
        !run("done unknown id", &["done", "ffffffff"])
            .status
            .success()
    );
    let bad_date = ["new", "interview", "--contact", "X", "--date", "2026-13-45"];
    assert!(!run("bad date", &bad_date).status.success());
    let nobody = ["log", "Personne Inconnue", "--out"];
    assert!(!run("unknown person", &nobody).status.success());
    let bad_day = ["snooze", "Paul Martin", "--until", "2026-13-01"];
    assert!(!run("bad day", &bad_day).status.success());
    let bad_length = ["snooze", "Paul Martin", "--for", "3x"];
    assert!(!run("bad length", &bad_length).status.success());
    let calendar = on_vault(&vault, &["due", "--ics"]);
    all.push(Said {
        what: "due --ics".to_owned(),
        text: calendar_texts(&String::from_utf8_lossy(&calendar.stdout)),
    });

    // The watcher: its first pass, one edit, then Ctrl-C.
    let logs = tempfile::tempdir().unwrap();
    let mut watch = bin();
    watch.args(["watch", "--vault", vault_arg, "--today", TODAY]);
    let (mut child, watch_log) = spawn(watch, logs.path());
    wait_for(
        "the watcher to watch",
        DEADLINE,
        || watch_log().contains("Ctrl-C"),
        &watch_log,
    );
    let note = vault.join("Interviews").join("2026-11-24 Léa Petit.md");
    let text = fs::read_to_string(&note).unwrap();
    fs::write(&note, text.replace("channel: \n", "channel: café\n")).unwrap();
    wait_for(
        "a second pass",
        DEADLINE,
        || watch_log().lines().filter(|l| l.ends_with(" ms)")).count() >= 2,
        &watch_log,
    );
    interrupt(&mut child, &watch_log);
    all.push(Said {
        what: "watch".to_owned(),
        text: watch_log(),
    });

    // The demo: written, built, shown, watched, then Ctrl-C.
    let demo_dir = dir.path().join("démo");
    let mut demo = bin();
    demo.args([
        "demo",
        demo_dir.to_str().unwrap(),
        "--lang",
        "fr",
        "--today",
        TODAY,
    ]);
    let demo_logs = tempfile::tempdir().unwrap();
    let (mut child, demo_log) = spawn(demo, demo_logs.path());
    let ready = || demo_log().matches("Ctrl-C").count() >= 2;
    wait_for("the demo to watch", DEADLINE, ready, &demo_log);
    interrupt(&mut child, &demo_log);
    all.push(Said {
        what: "demo".to_owned(),
        text: demo_log(),
    });

    let mut found = Vec::new();
    for Said { what, text } in &all {
        english_in(what, text, &mut found);
    }
    for root in [&vault, &demo_dir] {
        for (name, text) in files_below(&root.join("Suivi"), &[".md"]) {
            english_in(&name, &text, &mut found);
        }
        for (name, text) in files_below(&root.join("Suivi"), &[".ics"]) {
            english_in(&name, &calendar_texts(&text), &mut found);
        }
        for (name, text) in files_below(&root.join("Suivi"), &[".base"]) {
            english_in(&name, &base_names(&text), &mut found);
        }
        let settings = fs::read_to_string(root.join(".suivi.toml")).unwrap();
        english_in(".suivi.toml", &toml_comments(&settings), &mut found);
    }
    let report: Vec<String> = found
        .iter()
        .map(|f| format!("{}: {:?} in {:?}", f.source, f.word, f.line))
        .collect();
    assert!(
        report.is_empty(),
        "English in a French vault:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_word_check_finds_english_and_spares_code_and_names() {
    let mut found = Vec::new();
    english_in(
        "t",
        "lancez `suivi check` dans [[Notes of the day]] ou [ici](People/the.md) ; thank_you_sent",
        &mut found,
    );
    assert!(
        found.is_empty(),
        "{:?}",
        found.iter().map(|f| &f.word).collect::<Vec<_>>()
    );
    english_in("t", "0 issue(s) in 13 note(s)", &mut found);
    let words: Vec<&str> = found.iter().map(|f| f.word.as_str()).collect();
    assert_eq!(words, ["issue", "in"]);
}
