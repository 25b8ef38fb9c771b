//! Reminders against real components: a private D-Bus session bus with a
//! notification server written here, an HTTP server on 127.0.0.1 standing
//! for ntfy, and the calendar read back by Python's `icalendar`.
//!
//! The desktop code finds its bus through `DBUS_SESSION_BUS_ADDRESS`, which
//! a test cannot set for itself (the variable is the whole process's), so
//! those tests run this binary again as a child (the ignored test `child`)
//! with the variable pointing at the private bus.
//!
//! A tool that is not installed skips its test with a printed line, except
//! under `CI=true`, where `.ci/run` installs it and its absence fails.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

mod common;

use chrono::{NaiveDate, NaiveTime};
use common::servers::{Answer, Bus, NOTIFICATIONS, NOTIFICATIONS_PATH, http_server, serve};
use suivi::config::{Config, Lang, NotifyChannel};
use suivi::remind::ics::{self, calendar};
use suivi::remind::ntfy::{self, NtfyError};
use suivi::remind::{Desktop, DesktopError, Message, Notification, Notifier, Policy, Reminder};

// ---------------------------------------------------------------- helpers

fn wait_until(timeout: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if ready() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn reminder(id: &str, title: &str, due: &str, overdue: bool) -> Reminder {
    Reminder {
        id: id.to_owned(),
        title: title.to_owned(),
        body: format!("Because of {title}"),
        due: due.parse().unwrap(),
        overdue,
        due_at: None,
    }
}

fn digest() -> Notification {
    Notification::Digest(vec![
        reminder("a1", "Thank-you · Ty <b> & Co", "2026-11-18", true),
        reminder("b2", "Update · Mickaël Arcos", "2026-11-20", false),
    ])
}

fn notice() -> Notification {
    Notification::Notice(Reminder {
        body: "You met Paul at 14:30: thank him <today>.".to_owned(),
        ..reminder("c3", "Thank-you · Paul Martin", "2026-11-21", false)
    })
}

/// Every log line of this process, for the tests that look for a secret.
fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buffer);
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(move || LogWriter(Arc::clone(&sink)))
            .init();
        buffer
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn log_text() -> String {
    String::from_utf8_lossy(&logs().lock().unwrap()).into_owned()
}

// ---------------------------------------------------------------- D-Bus

/// A stand-in for `xdg-open` that writes the link it was given to a file.
fn fake_opener(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let script = bin.join("xdg-open");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf '%s' \"$1\" > \"$SUIVI_OPENED.tmp\" && mv \"$SUIVI_OPENED.tmp\" \"$SUIVI_OPENED\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// Runs `scenario` of the `child` test in a process of its own.
fn run_child(scenario: &str, envs: &[(&str, &str)]) -> Child {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SUIVI_REMIND_CHILD", scenario)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in envs {
        command.env(key, value);
    }
    command.spawn().unwrap()
}

fn finish(child: Child) -> (String, String) {
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "child failed:\n{stdout}\n{stderr}");
    (stdout, stderr)
}

/// The code under test, in the child: what each scenario does.
#[test]
#[ignore = "run by the desktop tests, in a process of its own"]
fn child() {
    let Ok(scenario) = std::env::var("SUIVI_REMIND_CHILD") else {
        return;
    };
    tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(std::io::stderr)
        .init();
    let vault = PathBuf::from(std::env::var("SUIVI_REMIND_VAULT").unwrap());
    let config = Config {
        notify: vec![NotifyChannel::Desktop],
        ..Config::default()
    };
    let notifier = Notifier::new(&config, &vault);
    match scenario.as_str() {
        "notify" => {
            notifier.send(&digest());
            notifier.send(&notice());
            assert!(notifier.flush(Duration::from_secs(20)));
            if let Ok(opened) = std::env::var("SUIVI_OPENED") {
                // The click comes from the server; the link is opened by the
                // listener thread of this process.
                assert!(wait_until(Duration::from_secs(20), || Path::new(&opened).exists()));
            }
        }
        "many" => {
            // One at a time, as a day brings them: what stays behind each
            // (threads, memory) shows in the figures printed.
            let figures = |after: usize| {
                let status = std::fs::read_to_string("/proc/self/status").unwrap();
                let rss = status.lines().find(|l| l.starts_with("VmRSS")).unwrap();
                let threads = std::fs::read_dir("/proc/self/task").unwrap().count();
                println!("after {after}: threads {threads}; {rss}");
            };
            let started = Instant::now();
            for sent in 1..=300 {
                notifier.send(&notice());
                assert!(notifier.flush(Duration::from_secs(20)));
                if sent == 1 || sent % 100 == 0 {
                    figures(sent);
                }
            }
            println!(
                "300 notifications, one at a time, in {:?}",
                started.elapsed()
            );
        }
        "no-service" => {
            let text = Message {
                title: "t".to_owned(),
                body: "b".to_owned(),
                urgent: false,
            };
            let error = Desktop::new().show(&text, None).unwrap_err();
            let DesktopError::Unavailable { .. } = &error;
            println!("typed error: {error}");
            let started = Instant::now();
            for _ in 0..3 {
                notifier.send(&digest());
            }
            assert!(started.elapsed() < Duration::from_millis(200));
            assert!(notifier.flush(Duration::from_secs(20)));
        }
        other => panic!("unknown scenario {other}"),
    }
}

#[test]
fn a_digest_and_a_notice_reach_the_desktop_and_a_click_opens_the_page() {
    let Some(bus) = Bus::start() else { return };
    let (server, calls) = serve(&bus, &["actions", "body", "body-markup"]);
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("My vault");
    std::fs::create_dir(&vault).unwrap();
    let bin = fake_opener(dir.path());
    let opened = dir.path().join("opened");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let child = run_child(
        "notify",
        &[
            ("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str()),
            ("SUIVI_REMIND_VAULT", vault.to_str().unwrap()),
            ("SUIVI_OPENED", opened.to_str().unwrap()),
            ("PATH", path.as_str()),
        ],
    );

    assert!(
        wait_until(Duration::from_secs(20), || calls.lock().unwrap().len() == 2),
        "the server received {:?}",
        calls.lock().unwrap()
    );
    let recorded = calls.lock().unwrap().clone();
    let digest = &recorded[0];
    assert_eq!(digest.app_name, "suivi");
    assert_eq!(digest.summary, "suivi: 2 follow-ups due, 1 overdue");
    assert_eq!(
        digest.body,
        "Thank-you · Ty &lt;b&gt; &amp; Co (overdue)\nUpdate · Mickaël Arcos"
    );
    assert_eq!(digest.actions, ["default", "Open Follow-ups"]);
    let notice = &recorded[1];
    assert_eq!(notice.summary, "Thank-you · Paul Martin");
    assert_eq!(
        notice.body,
        "You met Paul at 14:30: thank him &lt;today&gt;."
    );
    assert_eq!(notice.actions, ["default", "Open Follow-ups"]);

    // The user clicks the digest. The listener may still be subscribing
    // when the first signal goes out, so the click is repeated until the
    // page is opened.
    let clicked = wait_until(Duration::from_secs(20), || {
        zbus::block_on(server.emit_signal(
            None::<&str>,
            NOTIFICATIONS_PATH,
            NOTIFICATIONS,
            "ActionInvoked",
            &(digest.id, "default"),
        ))
        .unwrap();
        std::thread::sleep(Duration::from_millis(50));
        opened.exists()
    });
    assert!(clicked, "the click opened nothing");
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        "obsidian://open?vault=My%20vault&file=Suivi%2FFollow-ups"
    );
    finish(child);
}

#[test]
fn notifications_one_after_another_leave_nothing_behind() {
    let Some(bus) = Bus::start() else { return };
    // A server that never says a notification was closed: each one with a
    // click action keeps a listener waiting, up to the bound.
    let (_server, calls) = serve(&bus, &["actions", "body"]);
    let vault = tempfile::tempdir().unwrap();
    let child = run_child(
        "many",
        &[
            ("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str()),
            ("SUIVI_REMIND_VAULT", vault.path().to_str().unwrap()),
        ],
    );
    let (stdout, _) = finish(child);
    println!("{stdout}");
    assert_eq!(calls.lock().unwrap().len(), 300);
    let threads: Vec<usize> = stdout
        .split("threads ")
        .skip(1)
        .map(|rest| rest.split(';').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(threads.len(), 4, "{stdout}");
    // Eight click listeners at most, whatever the count of notifications.
    assert!(threads[3] <= threads[0] + 7, "{threads:?}");
    assert_eq!(threads[1], threads[3], "{threads:?}");
}

#[test]
fn a_desktop_without_actions_or_markup_gets_plain_notifications() {
    let Some(bus) = Bus::start() else { return };
    let (_server, calls) = serve(&bus, &["body"]);
    let vault = tempfile::tempdir().unwrap();
    let child = run_child(
        "notify",
        &[
            ("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str()),
            ("SUIVI_REMIND_VAULT", vault.path().to_str().unwrap()),
        ],
    );
    finish(child);
    let recorded = calls.lock().unwrap().clone();
    assert_eq!(recorded.len(), 2);
    assert!(recorded.iter().all(|call| call.actions.is_empty()));
    assert_eq!(
        recorded[0].body,
        "Thank-you · Ty <b> & Co (overdue)\nUpdate · Mickaël Arcos"
    );
}

#[test]
fn no_bus_at_all_is_a_typed_error_and_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("unix:path={}/no-bus", dir.path().display());
    let child = run_child(
        "no-service",
        &[
            ("DBUS_SESSION_BUS_ADDRESS", missing.as_str()),
            ("XDG_RUNTIME_DIR", dir.path().to_str().unwrap()),
            ("SUIVI_REMIND_VAULT", dir.path().to_str().unwrap()),
        ],
    );
    let (stdout, stderr) = finish(child);
    assert!(
        stdout.contains("typed error: no desktop notification service"),
        "{stdout}"
    );
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("WARN")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("no desktop notification service"),
        "{stderr}"
    );
}

#[test]
fn a_bus_without_a_notification_server_is_the_same_typed_error() {
    let Some(bus) = Bus::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let child = run_child(
        "no-service",
        &[
            ("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str()),
            ("SUIVI_REMIND_VAULT", dir.path().to_str().unwrap()),
        ],
    );
    let (stdout, stderr) = finish(child);
    assert!(
        stdout.contains("typed error: no desktop notification service"),
        "{stdout}"
    );
    assert_eq!(
        stderr.lines().filter(|l| l.contains("WARN")).count(),
        1,
        "{stderr}"
    );
}

// ---------------------------------------------------------------- ntfy

/// A configuration pushing to `port` on 127.0.0.1 with a token, and a
/// quick policy so that failures are seen soon.
fn ntfy_config(port: u16, lang: Lang) -> (Config, String) {
    let token = format!("tk_SECRET_{port}");
    let text = format!(
        "lang = \"{}\"\nnotify = [\"ntfy\"]\nntfy = \"http://127.0.0.1:{port}/suivi-topic-{port}\"\nntfy_token = \"{token}\"\n",
        if lang == Lang::Fr { "fr" } else { "en" }
    );
    (Config::parse(&text).unwrap(), token)
}

fn quick() -> Policy {
    Policy {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(1),
        retries: 1,
        backoff: Duration::from_millis(50),
        queue: 8,
    }
}

/// Decodes the RFC 2047 words ntfy accepts, as ntfy does.
fn decode_words(value: &str) -> String {
    use base64::Engine as _;
    if !value.starts_with("=?UTF-8?B?") {
        return value.to_owned();
    }
    let mut bytes = Vec::new();
    for word in value.split(' ') {
        let inner = word
            .strip_prefix("=?UTF-8?B?")
            .unwrap()
            .strip_suffix("?=")
            .unwrap();
        bytes.extend(
            base64::engine::general_purpose::STANDARD
                .decode(inner)
                .unwrap(),
        );
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn a_push_carries_the_message_its_headers_and_the_token() {
    logs();
    let (port, requests) = http_server(Answer::Status(200));
    let (config, token) = ntfy_config(port, Lang::Fr);
    let vault = tempfile::tempdir().unwrap();
    let notifier = Notifier::with_policy(&config, vault.path(), quick());
    notifier.send(&digest());
    notifier.send(&notice());
    assert!(notifier.flush(Duration::from_secs(20)));

    let requests = requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let push = &requests[0];
    assert_eq!(push.line, format!("POST /suivi-topic-{port} HTTP/1.1"));
    assert_eq!(
        decode_words(&push.headers["title"]),
        "suivi : 2 relances à faire, dont 1 en retard"
    );
    assert_eq!(
        push.body,
        "Thank-you · Ty <b> & Co (en retard)\nUpdate · Mickaël Arcos"
    );
    assert_eq!(push.headers["priority"], "high");
    assert_eq!(push.headers["tags"], "warning");
    assert_eq!(push.headers["authorization"], format!("Bearer {token}"));
    let link = suivi::remind::follow_ups_link(&config, vault.path());
    assert_eq!(push.headers["click"], link.url);
    assert!(push.headers["click"].starts_with("obsidian://open?vault="));

    let notice = &requests[1];
    assert_eq!(
        decode_words(&notice.headers["title"]),
        "Thank-you · Paul Martin"
    );
    assert_eq!(notice.headers["priority"], "default");
    assert_eq!(notice.headers["tags"], "bell");
    assert!(!log_text().contains("tk_SECRET"));
}

#[test]
fn a_server_refusing_connections_never_delays_the_caller_nor_shows_the_token() {
    logs();
    let port = {
        let closed = TcpListener::bind("127.0.0.1:0").unwrap();
        closed.local_addr().unwrap().port()
    };
    let (config, token) = ntfy_config(port, Lang::En);
    let vault = tempfile::tempdir().unwrap();
    let notifier = Notifier::with_policy(&config, vault.path(), quick());
    let started = Instant::now();
    for _ in 0..3 {
        notifier.send(&digest());
    }
    let took = started.elapsed();
    assert!(took < Duration::from_millis(100), "send took {took:?}");
    assert!(
        notifier.flush(Duration::from_secs(30)),
        "the pushes were never given up"
    );

    let logs = log_text();
    let server = format!("127.0.0.1:{port}");
    let warnings: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("WARN") && l.contains(&server))
        .collect();
    assert_eq!(warnings.len(), 1, "one warning an hour: {logs}");
    assert!(warnings[0].contains("cannot be reached"), "{}", warnings[0]);
    assert!(!logs.contains(&token), "the token is in the logs");
    assert!(!logs.contains("suivi-topic"), "the topic is in the logs");

    // The error of one attempt, as text and as debug output.
    let server = ntfy::Server {
        url: format!("http://127.0.0.1:{port}/suivi-topic-{port}"),
        token: config.ntfy_token.clone(),
    };
    let push = ntfy::Push {
        title: "t".to_owned(),
        body: "b".to_owned(),
        priority: "default",
        tags: "bell",
        click: None,
    };
    let error = ntfy::publish(&ntfy::agent(&quick()), &server, &push).unwrap_err();
    assert!(matches!(error, NtfyError::Unreachable { .. }), "{error:?}");
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{server:?}"),
    ] {
        assert!(!text.contains(&token), "{text}");
    }
    assert!(!error.to_string().contains("suivi-topic"), "{error}");
}

#[test]
fn a_server_answering_after_ten_seconds_never_delays_the_caller() {
    logs();
    let (port, requests) = http_server(Answer::After(Duration::from_secs(10), 200));
    let (config, token) = ntfy_config(port, Lang::En);
    let vault = tempfile::tempdir().unwrap();
    let notifier = Notifier::with_policy(&config, vault.path(), quick());
    let started = Instant::now();
    notifier.send(&digest());
    notifier.send(&notice());
    let took = started.elapsed();
    assert!(took < Duration::from_millis(100), "send took {took:?}");
    // Each push times out after a second, is tried once more, then dropped.
    assert!(notifier.flush(Duration::from_secs(30)));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the timeout did not hold"
    );
    assert_eq!(requests.lock().unwrap().len(), 4, "two attempts per push");
    let logs = log_text();
    let server = format!("127.0.0.1:{port}");
    assert_eq!(
        logs.lines()
            .filter(|l| l.contains("WARN") && l.contains(&server))
            .count(),
        1,
        "{logs}"
    );
    assert!(!logs.contains(&token));
}

#[test]
fn a_refused_push_is_not_retried() {
    logs();
    let (port, requests) = http_server(Answer::Status(401));
    let (config, _) = ntfy_config(port, Lang::En);
    let vault = tempfile::tempdir().unwrap();
    let notifier = Notifier::with_policy(&config, vault.path(), quick());
    notifier.send(&notice());
    assert!(notifier.flush(Duration::from_secs(20)));
    assert_eq!(requests.lock().unwrap().len(), 1);
    let logs = log_text();
    assert!(
        logs.lines()
            .any(|l| l.contains(&format!("127.0.0.1:{port}")) && l.contains("HTTP status 401")),
        "{logs}"
    );
}

// ---------------------------------------------------------------- calendar

/// A Python that has `icalendar` (7 or later: Debian's 4.0 reads an
/// escaped backslash followed by `n` as a line break).
fn python_with_icalendar() -> Option<&'static str> {
    let found = ["python3"].into_iter().find(|python| {
        Command::new(python)
            .args([
                "-c",
                "import icalendar, sys; sys.exit(int(icalendar.__version__.split('.')[0]) < 7)",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "Python's icalendar 7 is missing: .ci/run installs it (python3 -m pip install 'icalendar>=7')"
        );
        println!("skipped: no python3 with icalendar 7 here");
    }
    found
}

const READ_BACK: &str = r#"
import json, sys
import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = []
for event in cal.walk("VEVENT"):
    alarms = [
        {"action": str(a["ACTION"]), "trigger": a.decoded("TRIGGER").total_seconds()}
        for a in event.walk("VALARM")
    ]
    events.append({
        "uid": str(event["UID"]),
        "start": event.decoded("DTSTART").isoformat(),
        "end": event.decoded("DTEND").isoformat(),
        "summary": str(event["SUMMARY"]),
        "description": str(event["DESCRIPTION"]),
        "alarms": alarms,
    })
print(json.dumps({"name": str(cal["X-WR-CALNAME"]), "events": events}))
"#;

/// What a hostile text reads as once in the calendar: a CRLF is a line
/// break, a tab a space, other control characters gone.
fn as_written(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\t', " ")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

#[test]
fn the_calendar_reads_back_in_an_independent_parser() {
    let Some(python) = python_with_icalendar() else {
        return;
    };
    let long_name = "Éloïse-Anaïs Müller-Øresund ".repeat(8);
    let long_name = long_name.trim();
    assert!(long_name.chars().count() >= 200);
    let hostile = [
        "Thank-you · Jo, Smith; Acme \\ Co",
        "Update · line\nbreak\r\nand\rcr",
        "Nudge · tab\there\u{7}bell 😀👩‍💻 [[x]] | <b>",
        "a:b;c,d\\n not a newline",
    ];
    let mut reminders: Vec<Reminder> = hostile
        .iter()
        .enumerate()
        .map(|(i, title)| Reminder {
            body: format!("{title} — body, with; everything\\"),
            ..reminder(&format!("{i:04x}"), title, "2026-11-20", i % 2 == 0)
        })
        .collect();
    for (i, reminder) in reminders.iter_mut().enumerate() {
        reminder.due = NaiveDate::from_ymd_opt(2026, 11, 20 + u32::try_from(i).unwrap()).unwrap();
    }
    reminders.push(Reminder {
        due: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        ..reminder(
            "ffee",
            &format!("Thank-you · {long_name}"),
            "2026-12-31",
            false,
        )
    });
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    let text = calendar(&reminders, as_of, nine, "suivi · Relances");

    // The bytes: CRLF everywhere, lines of at most 75 octets, the marker.
    assert!(ics::carries_marker(&text.as_bytes()[..200]));
    let body = text.strip_suffix("\r\n").unwrap();
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
    let mut reversed = reminders.clone();
    reversed.reverse();
    assert_eq!(calendar(&reversed, as_of, nine, "suivi · Relances"), text);
    assert_eq!(calendar(&reminders, as_of, nine, "suivi · Relances"), text);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Follow-ups.ics");
    std::fs::write(&file, &text).unwrap();
    let output = Command::new(python)
        .args(["-c", READ_BACK])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(parsed["name"], "suivi · Relances");
    let events = parsed["events"].as_array().unwrap();
    assert_eq!(events.len(), reminders.len());
    let mut uids: Vec<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), reminders.len(), "UIDs unique");
    for reminder in &reminders {
        let uid = format!("{}@suivi", reminder.id);
        let event = events.iter().find(|e| e["uid"] == uid.as_str()).unwrap();
        assert_eq!(event["start"], reminder.due.to_string());
        assert_eq!(event["end"], reminder.due.succ_opt().unwrap().to_string());
        assert_eq!(event["summary"], as_written(&reminder.title));
        assert_eq!(event["description"], as_written(&reminder.body));
        assert_eq!(event["alarms"][0]["action"], "DISPLAY");
        assert_eq!(event["alarms"][0]["trigger"], 9.0 * 3600.0);
    }
}

/// The calendar of a real vault, as `build` writes it and `due --ics`
/// prints it, read back by Python's icalendar: every action `due --json`
/// lists is there on its day under its id, the UIDs unique, the bytes the
/// same from build to build, the hostile names intact.
#[test]
fn every_action_of_a_vault_is_on_its_day_in_its_calendar() {
    let Some(python) = python_with_icalendar() else {
        return;
    };
    let hostile = "Zoé, \\\"Roy\\\"; A\\\\B";
    let dir = common::vault(&[
        (
            "Interviews/a.md",
            &format!(
                "---\ncontact: [\"[[Paul Martin]]\", \"{hostile}\"]\ndate: 2026-11-10\nreferred_by: Ana Lima\n---\n- [ ] send the deck 📅 2026-11-30\n"
            ),
        ),
        (
            "Interviews/b.md",
            "---\ncontact: \"[[Ben Oko]]\"\ndate: 2026-11-24T10:00\n---\n",
        ),
    ]);
    let run = |args: &[&str]| common::suivi(dir.path(), "2026-11-22", args);
    let json: serde_json::Value = serde_json::from_slice(&run(&["due", "--json"]).stdout).unwrap();
    let actions = json.as_array().unwrap();
    assert!(actions.len() >= 5, "{json}");
    run(&["build"]);
    let page = dir.path().join("Suivi/Follow-ups.ics");
    let written = std::fs::read(&page).unwrap();
    assert_eq!(run(&["due", "--ics"]).stdout, written);
    std::fs::remove_file(&page).unwrap();
    run(&["build"]);
    assert_eq!(
        std::fs::read(&page).unwrap(),
        written,
        "bytes differ between builds"
    );

    let script = dir.path().join("read_back.py");
    std::fs::write(&script, READ_BACK).unwrap();
    let read = Command::new(python)
        .arg(&script)
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let calendar: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    let events = calendar["events"].as_array().unwrap();
    let mut uids: Vec<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "UIDs repeat");
    assert_eq!(events.len(), actions.len());
    for action in actions {
        let uid = format!("{}@suivi", action["id"].as_str().unwrap());
        let event = (events.iter())
            .find(|e| e["uid"] == uid.as_str())
            .unwrap_or_else(|| panic!("{uid} not in the calendar"));
        assert_eq!(event["start"], action["due"], "{uid}");
        let person = action["person"].as_str().unwrap();
        assert!(
            event["summary"].as_str().unwrap().ends_with(person),
            "{event}"
        );
        assert_eq!(event["description"], action["reason"], "{uid}");
    }
    assert!(
        events.iter().any(|e| e["summary"]
            .as_str()
            .unwrap()
            .contains("Zoé, \"Roy\"; A\\B")),
        "{calendar}"
    );
}
