//! Ticks on the Follow-ups page through the real `suivi watch`: the note
//! edited and the page redrawn in one pass; the time from a tick's save to
//! its note written, measured over 50 ticks and printed (not asserted).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::watcher::{DEADLINE, Watcher};
use common::{user_files, vault, wait_for};

const TODAY: &str = "2026-11-22";
const PAGE: &str = "Suivi/Follow-ups.md";

/// Waits until the watcher has handled every event before now: it handles
/// them in order, so once it has seen a file it ignores, made now, it has
/// seen all that came before.
fn settle(watcher: &Watcher, vault: &Path, round: usize) {
    let ignored = || {
        (watcher.log().lines())
            .filter(|l| l.contains("batch ignored"))
            .count()
    };
    let before = ignored();
    fs::write(vault.join(format!("settle-{round}.txt")), "x").unwrap();
    wait_for(
        "the watcher settled",
        DEADLINE,
        || ignored() > before,
        || watcher.log(),
    );
}

/// `suivi watch -v --today TODAY` on `vault`, with `env`.
fn start_env(vault: &Path, env: &[(&str, &str)]) -> Watcher {
    Watcher::spawn(vault, &["-v", "--today", TODAY], env)
}

fn start(vault: &Path) -> Watcher {
    start_env(vault, &[])
}

fn read(vault: &Path, rel: &str) -> String {
    fs::read_to_string(vault.join(rel)).unwrap_or_default()
}

/// The hidden mark of the item whose reason, on the line under the item's
/// first, holds `text`.
fn id_on_page(page: &str, text: &str) -> String {
    let lines: Vec<&str> = page.lines().collect();
    let at = (lines.iter())
        .position(|l| l.ends_with(text))
        .unwrap_or_else(|| panic!("no item for {text}\n{page}"));
    let mark = lines[at - 1].rsplit_once("%%suivi ").unwrap().1;
    mark[..12].to_owned()
}

/// Ticks the item `id` as Obsidian saves it: `[ ]` becomes `[x]` on its
/// line, the page written in place.
fn tick(vault: &Path, id: &str) {
    let page = read(vault, PAGE);
    let line = (page.lines())
        .find(|l| l.contains(&format!("%%suivi {id}%%")))
        .unwrap_or_else(|| panic!("no item {id}\n{page}"));
    assert!(line.starts_with("- [ ] "), "{line}");
    let ticked = line.replacen("- [ ] ", "- [x] ", 1);
    fs::write(vault.join(PAGE), page.replacen(line, &ticked, 1)).unwrap();
}

#[test]
fn a_tick_edits_the_note_and_redraws_the_page_in_one_pass() {
    let note = "---\ncontact: \"[[Paul Martin]]\"\ndate: 2026-11-20\nthank_you_sent: 2026-11-21\n---\n- [ ] send the deck\n";
    let dir = vault(&[("Interviews/a.md", note)]);
    let v = dir.path();
    let watcher = start(v);
    let id = id_on_page(&read(v, PAGE), "send the deck");
    settle(&watcher, v, 0);
    let (passes, before) = (watcher.passes(), user_files(v));

    tick(v, &id);
    let ticked = "- [x] send the deck ✅ 2026-11-22\n";
    wait_for(
        "the note edited and the page redrawn",
        DEADLINE,
        || read(v, "Interviews/a.md").ends_with(ticked) && !read(v, PAGE).contains(&id),
        || format!("{}\n--- page\n{}", watcher.log(), read(v, PAGE)),
    );
    settle(&watcher, v, 1);
    let log = watcher.log();
    assert!(
        log.contains(&format!("ticked {}: recorded in Interviews/a.md", &id[..7])),
        "{log}"
    );
    assert_eq!(watcher.passes(), passes + 1, "{log}");
    // Only the note changed, by its one line.
    let after = user_files(v);
    let changed: Vec<&PathBuf> = (after.keys())
        .filter(|p| before.get(*p) != after.get(*p) && !p.starts_with("settle-1.txt"))
        .collect();
    assert_eq!(changed, [Path::new("Interviews/a.md")]);
    assert_eq!(
        read(v, "Interviews/a.md"),
        note.replace("- [ ] send the deck\n", ticked)
    );
    assert!(watcher.terminate().success());
}

#[test]
fn tick_to_note_latency_over_50_ticks() {
    const NOTES: usize = 5;
    const TASKS: usize = 10;
    let notes: Vec<(String, String)> = (0..NOTES)
        .map(|n| {
            let mut tasks = String::new();
            for t in 0..TASKS {
                writeln!(tasks, "- [ ] task {n}-{t}").unwrap();
            }
            (
                format!("Interviews/n{n}.md"),
                format!(
                    "---\ncontact: \"[[Person {n}]]\"\ndate: 2026-11-20\nthank_you_sent: 2026-11-21\n---\n{tasks}"
                ),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = (notes.iter())
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = vault(&files);
    let v = dir.path();
    let watcher = start(v);
    let mut latencies = Vec::new();
    for t in 0..TASKS {
        for n in 0..NOTES {
            let task = format!("task {n}-{t}");
            let id = id_on_page(&read(v, PAGE), &format!(": {task}"));
            let rel = format!("Interviews/n{n}.md");
            let done = format!("- [x] {task} ✅ {TODAY}\n");
            let saved = Instant::now();
            tick(v, &id);
            wait_for(
                &format!("{task} ticked in its note"),
                DEADLINE,
                || read(v, &rel).contains(&done),
                || watcher.log(),
            );
            latencies.push(saved.elapsed());
            // The next tick is made on the page redrawn without this one.
            wait_for(
                &format!("the page without {task}"),
                DEADLINE,
                || {
                    let page = read(v, PAGE);
                    page.contains("generated_by: suivi") && !page.contains(&id)
                },
                || watcher.log(),
            );
        }
    }
    for (rel, _) in &notes {
        let note = read(v, rel);
        assert!(!note.contains("- [ ]"), "{rel}: {note}");
        assert_eq!(
            note.matches(&format!("✅ {TODAY}")).count(),
            TASKS,
            "{note}"
        );
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = f64::midpoint(ms(latencies[24]), ms(latencies[25]));
    println!(
        "tick to note written, {} ticks: median {median:.0} ms, worst {:.0} ms, best {:.0} ms",
        latencies.len(),
        ms(latencies[latencies.len() - 1]),
        ms(latencies[0])
    );
    // The passes' own time, which the log gives; the rest is the wait for
    // the save to settle.
    let mut pass_ms: Vec<u64> = (watcher.log().lines())
        .filter(|l| l.contains("ticked") || l.ends_with(" ms)"))
        .filter_map(|l| l.rsplit_once(" (")?.1.strip_suffix(" ms)")?.parse().ok())
        .collect();
    pass_ms.sort_unstable();
    if let Some(worst) = pass_ms.last() {
        println!(
            "passes: {}, median {} ms, worst {worst} ms",
            pass_ms.len(),
            pass_ms[pass_ms.len() / 2]
        );
    }
    assert!(watcher.terminate().success());
}

#[test]
fn with_write_notes_false_a_tick_is_logged_and_stays_ticked() {
    let note = "---\ncontact: Paul\ndate: 2026-11-20\nthank_you_sent: 2026-11-21\n---\n- [ ] send the deck\n";
    let dir = vault(&[
        (".suivi.toml", "write_notes = false\n"),
        ("Interviews/a.md", note),
    ]);
    let v = dir.path();
    let watcher = start(v);
    let id = id_on_page(&read(v, PAGE), "send the deck");
    let before = user_files(v);
    tick(v, &id);
    wait_for(
        "the tick reported",
        DEADLINE,
        || {
            watcher
                .log()
                .contains(&format!("ticked {}: not recorded", &id[..7]))
        },
        || watcher.log(),
    );
    settle(&watcher, v, 0);
    let page = read(v, PAGE);
    let line = (page.lines())
        .find(|l| l.contains(&id))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(line.starts_with("- [x] "), "{page}");
    let after = user_files(v);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(read(v, "Interviews/a.md"), note);
    assert!(
        watcher.log().contains("write_notes = false"),
        "{}",
        watcher.log()
    );
    assert!(watcher.terminate().success());
}

#[test]
fn every_box_of_the_sample_page_ticked_in_one_save_is_recorded_in_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path();
    let init = Command::new(env!("CARGO_BIN_EXE_suivi"))
        .args(["init", "--sample", "--today", TODAY])
        .arg(v)
        .output()
        .unwrap();
    assert!(init.status.success());
    let watcher = start(v);
    settle(&watcher, v, 0);
    let passes = watcher.passes();
    let page = read(v, PAGE);
    let boxes = page.lines().filter(|l| l.starts_with("- [ ] ")).count();
    assert_eq!(boxes, 7, "{page}");
    fs::write(v.join(PAGE), page.replace("\n- [ ] ", "\n- [x] ")).unwrap();
    let recorded = || watcher.log().matches(": recorded in ").count();
    wait_for(
        "every tick recorded",
        DEADLINE,
        || recorded() == boxes,
        || watcher.log(),
    );
    wait_for(
        "the page redrawn",
        DEADLINE,
        || {
            let page = read(v, PAGE);
            page.contains("generated_by: suivi") && !page.contains("- [x]")
        },
        || format!("{}\n--- page\n{}", watcher.log(), read(v, PAGE)),
    );
    settle(&watcher, v, 1);
    let log = watcher.log();
    assert!(!log.contains("not recorded"), "{log}");
    assert_eq!(watcher.passes(), passes + 1, "{log}");
    let paul = read(v, "Interviews/2026-11-21 Paul Martin.md");
    assert!(
        paul.contains(&format!("thank_you_sent: {TODAY}\n")),
        "{paul}"
    );
    assert!(
        paul.contains(&format!("📅 2026-11-24 ✅ {TODAY}\n")),
        "{paul}"
    );
    let sophie = read(v, "People/Sophie Laurent.md");
    assert_eq!(
        sophie.matches(&format!("{TODAY} out")).count(),
        2,
        "{sophie}"
    );
    assert!(watcher.terminate().success());
}

/// A tick saved while a pass for another change runs: the pass's page must
/// not write over it.
#[test]
fn a_tick_saved_while_a_pass_runs_is_not_lost() {
    let note = "---\ncontact: Paul\ndate: 2026-11-20\nthank_you_sent: 2026-11-21\n---\n- [ ] send the deck\n";
    let other = "---\ncontact: Zoé\ndate: 2026-11-20\n---\n";
    let dir = vault(&[("Interviews/a.md", note), ("Interviews/b.md", other)]);
    let v = dir.path();
    let watcher = start_env(v, &[("SUIVI_HOLD_PASS_MS", "1500")]);
    let id = id_on_page(&read(v, PAGE), "send the deck");
    settle(&watcher, v, 0);
    let holds = || watcher.log().matches("holding the pass").count();
    let held = holds();
    // A change that redraws the page: Zoé's thank-you goes.
    fs::write(
        v.join("Interviews/b.md"),
        "---\ncontact: Zoé\ndate: 2026-11-20\nthank_you_sent: 2026-11-21\n---\n",
    )
    .unwrap();
    wait_for(
        "the pass held",
        DEADLINE,
        || holds() > held,
        || watcher.log(),
    );
    tick(v, &id);
    wait_for(
        "the tick recorded",
        DEADLINE,
        || read(v, "Interviews/a.md").contains("- [x] send the deck"),
        || format!("{}\n--- page\n{}", watcher.log(), read(v, PAGE)),
    );
}
