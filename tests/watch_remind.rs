//! The real `suivi watch` telling the user: on a private D-Bus session bus
//! with a notification server that records every call, and against an HTTP
//! server on 127.0.0.1 standing for ntfy. The watcher runs on the real
//! clock (no `--today`): the digest is due once `notify_at` has passed.
//! Every wait is for a condition with a deadline.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

mod common;

use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Local, TimeDelta};
use common::servers::{Answer, Bus, Call, http_server, serve};
use common::watcher::{DEADLINE, Watcher};
use common::{vault, wait_for};

/// A vault with a conversation held two days ago: its thank-you is overdue.
fn vault_with_a_thank_you_due(toml: &str) -> tempfile::TempDir {
    let met = Local::now().date_naive() - TimeDelta::days(2);
    vault(&[
        (
            "Interviews/met.md",
            &format!("---\ncontact: \"[[Paul Martin]]\"\ndate: {met}\n---\n"),
        ),
        (".suivi.toml", toml),
    ])
}

/// `suivi watch -v` on the real clock, with `env`.
fn start(vault: &Path, env: &[(&str, &str)]) -> Watcher {
    Watcher::spawn(vault, &["-v"], env)
}

/// Stops the watcher, which must exit 0; returns its log.
fn stop(watcher: Watcher) -> String {
    let (status, log) = watcher.stop();
    assert!(status.success(), "{log}");
    log
}

/// Adds a conversation and waits for the Interviews page to show it.
fn an_edit_reaches_its_page(vault: &Path, watcher: &Watcher) {
    fs::write(
        vault.join("Interviews/more.md"),
        "---\ncontact: \"[[Zoé Roy]]\"\ndate: 2026-11-20\n---\n",
    )
    .unwrap();
    wait_for(
        "the page after an edit",
        DEADLINE,
        || {
            fs::read_to_string(vault.join("Suivi/Interviews.md"))
                .unwrap_or_default()
                .contains("Zoé Roy")
        },
        || watcher.log(),
    );
}

/// The calls a notification server recorded.
type Calls = Arc<Mutex<Vec<Call>>>;

fn calls_of(calls: &Calls) -> Vec<Call> {
    calls.lock().unwrap().clone()
}

/// The bus and its notification server, or none where dbus-daemon is not
/// installed (then the test says it skipped; under CI it fails).
fn desktop() -> Option<(Bus, zbus::Connection, Calls)> {
    let bus = Bus::start()?;
    let (connection, calls) = serve(&bus, &["actions", "body"]);
    Some((bus, connection, calls))
}

#[test]
fn the_digest_reaches_the_desktop_once_a_day_across_restarts() {
    let Some((bus, _server, calls)) = desktop() else {
        return;
    };
    let dir = vault_with_a_thank_you_due("notify_at = \"00:00\"\n");
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str())];
    let started = Instant::now();
    let watcher = start(dir.path(), &env);
    wait_for(
        "the digest",
        DEADLINE,
        || !calls_of(&calls).is_empty(),
        || watcher.log(),
    );
    eprintln!("digest {:?} after the watcher started", started.elapsed());
    let digest = &calls_of(&calls)[0];
    assert!(digest.summary.contains("follow-up"), "{digest:?}");
    assert!(digest.body.contains("Paul Martin"), "{digest:?}");
    assert!(digest.actions.contains(&"default".to_owned()), "{digest:?}");
    let log = stop(watcher);
    assert!(log.contains("told: the day's digest"), "{log}");

    // Started again the same day: told already.
    let again = start(dir.path(), &env);
    again.wait_log("nothing new to tell");
    assert_eq!(calls_of(&calls).len(), 1, "{}", again.log());
    stop(again);
}

#[test]
fn a_conversation_whose_time_passes_brings_a_notice() {
    let Some((bus, _server, calls)) = desktop() else {
        return;
    };
    let dir = vault_with_a_thank_you_due("notify_at = \"00:00\"\n");
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str())];
    let watcher = start(dir.path(), &env);
    wait_for(
        "the digest",
        DEADLINE,
        || calls_of(&calls).len() == 1,
        || watcher.log(),
    );
    // A conversation in the coming minute: once its time has passed, its
    // thank-you is due and told.
    let at = Local::now().naive_local() + TimeDelta::minutes(1);
    let at = at.format("%Y-%m-%dT%H:%M").to_string();
    fs::write(
        dir.path().join("Interviews/soon.md"),
        format!("---\ncontact: \"[[Ana Lima]]\"\ndate: {at}\n---\n"),
    )
    .unwrap();
    let time = chrono::NaiveDateTime::parse_from_str(&at, "%Y-%m-%dT%H:%M").unwrap();
    wait_for(
        "the notice",
        Duration::from_secs(90),
        || {
            calls_of(&calls)
                .iter()
                .any(|c| c.summary.contains("Ana Lima"))
        },
        || watcher.log(),
    );
    let late = Local::now().naive_local() - time;
    eprintln!(
        "notice {} ms after the conversation's time",
        late.num_milliseconds()
    );
    let notices = calls_of(&calls);
    assert_eq!(notices.len(), 2, "{notices:?}");
    stop(watcher);
}

#[test]
fn notify_off_tells_nothing_and_no_desktop_is_one_warning() {
    let Some((bus, _server, calls)) = desktop() else {
        return;
    };
    let dir = vault_with_a_thank_you_due("notify = []\nnotify_at = \"00:00\"\n");
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str())];
    let off = start(dir.path(), &env);
    off.wait_log("no reminders are sent");
    let log = stop(off);
    assert!(calls_of(&calls).is_empty(), "{log}");

    // No bus at all: one warning, and the pages still follow the notes.
    let dir = vault_with_a_thank_you_due("notify_at = \"00:00\"\n");
    let missing = format!("unix:path={}", dir.path().join("no-bus").display());
    let watcher = start(dir.path(), &[("DBUS_SESSION_BUS_ADDRESS", &missing)]);
    watcher.wait_log("warning:");
    an_edit_reaches_its_page(dir.path(), &watcher);
    let log = stop(watcher);
    let warnings = log.lines().filter(|l| l.contains("warning:")).count();
    assert_eq!(warnings, 1, "{log}");
}

#[test]
fn a_push_reaches_ntfy_and_a_server_down_or_slow_never_holds_a_pass() {
    let (port, requests) = http_server(Answer::Status(200));
    let token = "tk_SECRET_TOKEN";
    let toml = format!(
        "notify = [\"ntfy\"]\nnotify_at = \"00:00\"\nntfy = \"http://127.0.0.1:{port}/my-topic\"\nntfy_token = \"{token}\"\n"
    );
    let dir = vault_with_a_thank_you_due(&toml);
    let watcher = start(dir.path(), &[]);
    wait_for(
        "the push",
        DEADLINE,
        || !requests.lock().unwrap().is_empty(),
        || watcher.log(),
    );
    let push = requests.lock().unwrap()[0].clone();
    assert!(push.line.starts_with("POST /my-topic"), "{push:?}");
    assert_eq!(push.headers["authorization"], format!("Bearer {token}"));
    assert!(push.body.contains("Paul Martin"), "{push:?}");
    assert!(push.headers.contains_key("title"), "{push:?}");
    assert!(push.headers["click"].starts_with("obsidian://open?vault="));
    let log = stop(watcher);
    assert!(!log.contains(token), "{log}");

    // A server that answers after ten seconds, and one that refuses.
    let (slow, _) = http_server(Answer::After(Duration::from_secs(10), 200));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = closed.local_addr().unwrap().port();
    drop(closed);
    for port in [slow, refused] {
        let toml = format!(
            "notify = [\"ntfy\"]\nnotify_at = \"00:00\"\nntfy = \"http://127.0.0.1:{port}/t\"\nntfy_token = \"{token}\"\n"
        );
        let dir = vault_with_a_thank_you_due(&toml);
        let watcher = start(dir.path(), &[]);
        watcher.wait_log("told: the day's digest");
        let edited = Instant::now();
        an_edit_reaches_its_page(dir.path(), &watcher);
        eprintln!("port {port}: edit on its page in {:?}", edited.elapsed());
        let log = stop(watcher);
        assert!(!log.contains(token), "{log}");
    }
}
