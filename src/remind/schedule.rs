//! Reminder stage: what to tell the user now. Pure, the time passed in; the
//! state of what was already sent lives in `.suivi/notified.json`.
//!
//! Once a day, from `notify_at` on, a digest lists every reminder due today
//! or earlier; a watcher started later in the day sends it at once. After
//! the digest, a reminder that becomes due during the day (a conversation's
//! time passed: its thank-you) comes as a notice of its own. An action is
//! told at most once a day, across restarts, since the state is saved.
//!
//! A notification counts as sent once it is handed to the channels
//! ([`Sent::record`]), whether or not a channel then delivers it: the
//! channels retry on their own, and planning it again would ring twice on a
//! channel that worked whenever another one failed.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::Reminder;
use crate::i18n::words;
use crate::lang::Lang;
use crate::state_file::STATE_DIR;

/// The state file, inside `.suivi/`.
pub const SENT_FILE: &str = "notified.json";

/// More notices than this at once (many notes arriving together) go as one
/// digest instead, so a sync never makes the desktop ring twenty times.
const MAX_NOTICES: usize = 3;

/// What was already told to the user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sent {
    /// The day the digest last went out.
    pub digest: Option<NaiveDate>,
    /// Per action id, the last day it was in a digest or a notice. Only the
    /// current day's entries are kept: older ones no longer hold anything
    /// back.
    pub notified: BTreeMap<String, NaiveDate>,
}

/// One message for the user's channels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification {
    /// Everything due today or earlier, overdue first.
    Digest(Vec<Reminder>),
    /// One reminder that became due after the day's digest.
    Notice(Reminder),
}

impl Notification {
    /// The reminders this notification tells.
    pub fn reminders(&self) -> &[Reminder] {
        match self {
            Notification::Digest(reminders) => reminders,
            Notification::Notice(reminder) => std::slice::from_ref(reminder),
        }
    }
}

/// The state file cannot be written.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub struct SentError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl SentError {
    /// What went wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let path = self.path.display().to_string();
        (words(lang).remind.sent_unwritable)(&path, &self.source.to_string())
    }
}

/// What to send at `now`, given what was `state` already sent.
pub fn due_now(
    state: &Sent,
    reminders: &[Reminder],
    now: NaiveDateTime,
    notify_at: NaiveTime,
) -> Vec<Notification> {
    let today = now.date();
    let ripe = reminders.iter().filter(|r| is_ripe(r, now));
    if !told_on(state.digest, today) {
        if now.time() < notify_at {
            return Vec::new();
        }
        let digest: Vec<Reminder> = ripe.cloned().collect();
        if digest.is_empty() {
            return Vec::new();
        }
        return vec![Notification::Digest(overdue_first(digest))];
    }
    let fresh: Vec<Reminder> = ripe
        .filter(|r| !told_on(state.notified.get(&r.id).copied(), today))
        .cloned()
        .collect();
    if fresh.len() > MAX_NOTICES {
        vec![Notification::Digest(overdue_first(fresh))]
    } else {
        fresh.into_iter().map(Notification::Notice).collect()
    }
}

/// Whether something last told on `day` was told `today`. A day after
/// today (the clock was set back) counts too: nothing is told twice.
fn told_on(day: Option<NaiveDate>, today: NaiveDate) -> bool {
    day.is_some_and(|day| day >= today)
}

/// A reminder is to be told once its day has come, or, for a thank-you,
/// once its conversation's time has passed.
fn is_ripe(reminder: &Reminder, now: NaiveDateTime) -> bool {
    reminder.due <= now.date() || reminder.due_at.is_some_and(|at| at <= now)
}

/// Overdue reminders first; otherwise the order given (the actions' order).
fn overdue_first(mut reminders: Vec<Reminder>) -> Vec<Reminder> {
    reminders.sort_by_key(|r| !r.overdue);
    reminders
}

impl Sent {
    /// Notes that `notification` was handed to the channels on `today`.
    pub fn record(&mut self, notification: &Notification, today: NaiveDate) {
        self.notified.retain(|_, day| *day >= today);
        if let Notification::Digest(_) = notification {
            self.digest = Some(today);
        }
        for reminder in notification.reminders() {
            self.notified.insert(reminder.id.clone(), today);
        }
    }

    /// Reads the state of the vault at `vault`. A missing file is a fresh
    /// start; a damaged one too (with a warning): at worst the day's digest
    /// comes again.
    pub fn load(vault: &Path, lang: Lang) -> Sent {
        let said = &words(lang).remind;
        let path = vault.join(STATE_DIR).join(SENT_FILE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Sent::default(),
            Err(e) => {
                let shown = path.display().to_string();
                tracing::warn!("{}", (said.sent_unreadable)(&shown, &e.to_string()));
                return Sent::default();
            }
        };
        serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            let shown = path.display().to_string();
            tracing::warn!("{}", (said.sent_damaged)(&shown, &e.to_string()));
            Sent::default()
        })
    }

    /// Writes the state of the vault at `vault`, atomically.
    pub fn save(&self, vault: &Path) -> Result<(), SentError> {
        let dir = vault.join(STATE_DIR);
        let path = dir.join(SENT_FILE);
        let error = |source| SentError {
            path: path.clone(),
            source,
        };
        // Never through a link: the state folder is ours, inside the vault.
        match fs::symlink_metadata(&dir) {
            Ok(meta) if !meta.is_dir() => return Err(error(io::ErrorKind::AlreadyExists.into())),
            Ok(_) => {}
            Err(_) => fs::create_dir(&dir).map_err(error)?,
        }
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| error(io::Error::other(e)))?;
        crate::atomic::replace_whole(&path, &dir.join(format!(".{SENT_FILE}.tmp")), |file| {
            io::Write::write_all(file, &bytes)
        })
        .map_err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn nine() -> NaiveTime {
        NaiveTime::from_hms_opt(9, 0, 0).unwrap()
    }

    fn reminder(id: &str, due: &str, overdue: bool, due_at: Option<&str>) -> Reminder {
        Reminder {
            id: id.to_owned(),
            title: format!("title {id}"),
            body: format!("body {id}"),
            due: day(due),
            overdue,
            due_at: due_at.map(at),
        }
    }

    /// The reminders of the table: one overdue, one due today, one due
    /// tomorrow whose conversation is today at 14:30, one later.
    fn reminders() -> Vec<Reminder> {
        vec![
            reminder("today", "2026-11-20", false, None),
            reminder("late", "2026-11-18", true, None),
            reminder("thanks", "2026-11-21", false, Some("2026-11-20 14:30")),
            reminder("later", "2026-11-27", false, None),
        ]
    }

    /// What `due_now` gives, written short: `D:a,b` for a digest, `N:a` for
    /// a notice.
    fn plan(state: &Sent, now: &str) -> Vec<String> {
        due_now(state, &reminders(), at(now), nine())
            .iter()
            .map(|n| {
                let ids: Vec<&str> = n.reminders().iter().map(|r| r.id.as_str()).collect();
                match n {
                    Notification::Digest(_) => format!("D:{}", ids.join(",")),
                    Notification::Notice(_) => format!("N:{}", ids.join(",")),
                }
            })
            .collect()
    }

    fn sent(digest: Option<&str>, notified: &[(&str, &str)]) -> Sent {
        Sent {
            digest: digest.map(day),
            notified: notified
                .iter()
                .map(|(id, d)| ((*id).to_owned(), day(d)))
                .collect(),
        }
    }

    #[test]
    fn the_table() {
        let fresh = Sent::default();
        let digest_sent = sent(
            Some("2026-11-20"),
            &[("today", "2026-11-20"), ("late", "2026-11-20")],
        );
        let yesterday = sent(
            Some("2026-11-19"),
            &[("today", "2026-11-19"), ("late", "2026-11-19")],
        );
        let cases: &[(&str, &Sent, &str, &[&str])] = &[
            ("before notify_at: nothing", &fresh, "2026-11-20 08:59", &[]),
            (
                "at notify_at: the digest",
                &fresh,
                "2026-11-20 09:00",
                &["D:late,today"],
            ),
            (
                "started late in the day: the digest at once",
                &fresh,
                "2026-11-20 20:00",
                &["D:late,today,thanks"],
            ),
            (
                "digest already sent today: nothing new yet",
                &digest_sent,
                "2026-11-20 12:00",
                &[],
            ),
            (
                "a conversation's time passed: its notice",
                &digest_sent,
                "2026-11-20 14:30",
                &["N:thanks"],
            ),
            (
                "yesterday's digest: today's at notify_at",
                &yesterday,
                "2026-11-20 09:00",
                &["D:late,today"],
            ),
            (
                "yesterday's digest, before notify_at: nothing",
                &yesterday,
                "2026-11-20 08:00",
                &[],
            ),
            (
                "a new day: yesterday's notices do not hold back",
                &digest_sent,
                "2026-11-21 09:00",
                &["D:late,today,thanks"],
            ),
        ];
        for (name, state, now, expected) in cases {
            assert_eq!(plan(state, now), *expected, "{name}");
        }
    }

    #[test]
    fn nothing_due_sends_nothing() {
        let later = [reminder("later", "2026-11-27", false, None)];
        assert!(due_now(&Sent::default(), &later, at("2026-11-20 10:00"), nine()).is_empty());
        assert!(due_now(&Sent::default(), &[], at("2026-11-20 10:00"), nine()).is_empty());
    }

    #[test]
    fn a_notice_is_sent_once_even_across_a_reload() {
        let vault = tempfile::tempdir().unwrap();
        let mut state = Sent::load(vault.path(), Lang::En);
        assert_eq!(state, Sent::default());
        let now = at("2026-11-20 09:30");
        for notification in due_now(&state, &reminders(), now, nine()) {
            state.record(&notification, now.date());
        }
        state.save(vault.path()).unwrap();

        let mut state = Sent::load(vault.path(), Lang::En);
        assert_eq!(plan(&state, "2026-11-20 10:00"), Vec::<String>::new());
        let now = at("2026-11-20 15:00");
        let notices = due_now(&state, &reminders(), now, nine());
        assert_eq!(notices.len(), 1);
        state.record(&notices[0], now.date());
        state.save(vault.path()).unwrap();

        let state = Sent::load(vault.path(), Lang::En);
        assert_eq!(plan(&state, "2026-11-20 16:00"), Vec::<String>::new());
        assert_eq!(plan(&state, "2026-11-20 23:59"), Vec::<String>::new());
    }

    #[test]
    fn many_fresh_reminders_come_as_one_digest() {
        let state = sent(Some("2026-11-20"), &[]);
        let many: Vec<Reminder> = (0..5)
            .map(|i| reminder(&format!("r{i}"), "2026-11-20", i == 3, None))
            .collect();
        let plan = due_now(&state, &many, at("2026-11-20 12:00"), nine());
        assert_eq!(plan.len(), 1);
        let Notification::Digest(listed) = &plan[0] else {
            panic!("{plan:?}")
        };
        assert_eq!(listed[0].id, "r3", "overdue first");
        assert_eq!(listed.len(), 5);
    }

    #[test]
    fn recording_keeps_only_the_day() {
        let mut state = sent(Some("2026-11-19"), &[("old", "2026-11-19")]);
        let notice = Notification::Notice(reminder("new", "2026-11-20", false, None));
        state.record(&notice, day("2026-11-20"));
        assert_eq!(state, sent(Some("2026-11-19"), &[("new", "2026-11-20")]));
        let digest = Notification::Digest(vec![reminder("d", "2026-11-20", false, None)]);
        state.record(&digest, day("2026-11-20"));
        assert_eq!(state.digest, Some(day("2026-11-20")));
        assert_eq!(state.notified.len(), 2);
    }

    #[test]
    fn a_clock_set_back_sends_nothing_twice() {
        let state = sent(Some("2026-11-21"), &[("thanks", "2026-11-21")]);
        assert_eq!(plan(&state, "2026-11-20 15:00"), ["N:today", "N:late"]);
        let all = sent(
            Some("2026-11-21"),
            &[
                ("thanks", "2026-11-21"),
                ("today", "2026-11-21"),
                ("late", "2026-11-21"),
            ],
        );
        assert_eq!(plan(&all, "2026-11-20 15:00"), Vec::<String>::new());
    }

    #[test]
    fn a_damaged_state_file_is_a_fresh_start() {
        let vault = tempfile::tempdir().unwrap();
        fs::create_dir(vault.path().join(STATE_DIR)).unwrap();
        let path = vault.path().join(STATE_DIR).join(SENT_FILE);
        for damaged in [&b"{\"digest\": 12"[..], b"\xff\xfe", b"[]", b""] {
            fs::write(&path, damaged).unwrap();
            assert_eq!(Sent::load(vault.path(), Lang::En), Sent::default());
        }
        fs::write(&path, b"{\"digest\":\"2026-11-20\"}").unwrap();
        assert_eq!(
            Sent::load(vault.path(), Lang::En),
            sent(Some("2026-11-20"), &[])
        );
    }

    #[test]
    fn the_state_is_never_written_through_a_file_in_the_way() {
        let vault = tempfile::tempdir().unwrap();
        fs::write(vault.path().join(STATE_DIR), b"not a folder").unwrap();
        let error = Sent::default().save(vault.path()).unwrap_err();
        assert!(error.to_string().contains(SENT_FILE), "{error}");
    }
}
