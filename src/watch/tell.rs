//! What the watcher tells the user without them opening a page (SPEC 5.1):
//! the day's digest at `notify_at`, then a notice for each action that
//! becomes due. Only the watcher holding the vault's lock runs this, so two
//! machines syncing one vault do not both ring; what was told is kept in
//! `.suivi/notified.json`, so a restart tells nothing twice the same day.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDateTime, NaiveTime};
use tracing::{debug, info, warn};

use crate::clock::Clock;
use crate::config::Config;
use crate::i18n::{WatchWords, words};
use crate::index::Index;
use crate::pages;
use crate::remind::{Notification, Notifier, Reminder, Sent, due_now};
use crate::rules::{Action, Detail};

/// How long a stopping watcher waits for what it handed over to go out.
const FLUSH: Duration = Duration::from_secs(2);

pub struct Teller {
    root: PathBuf,
    config: Config,
    notifier: Notifier,
    sent: Sent,
    /// The last pass's actions, as reminders.
    reminders: Vec<Reminder>,
    /// Whether the reminders changed since they were last looked at.
    fresh: bool,
}

impl Teller {
    /// The channels `notify` lists, or none (`notify = []`).
    pub fn new(root: &Path, config: &Config) -> Option<Teller> {
        let notifier = Notifier::new(config, root);
        if notifier.is_off() {
            debug!("{}", words(config.lang).watch.no_reminders);
            return None;
        }
        Some(Teller {
            root: root.to_path_buf(),
            config: config.clone(),
            notifier,
            sent: Sent::load(root, config.lang),
            reminders: Vec::new(),
            fresh: false,
        })
    }

    /// Takes the actions of a pass at `clock`: those that can be told
    /// that day, due by then or (a thank-you) once its conversation's time
    /// passes. The others are taken at the pass a new day brings.
    pub fn actions(&mut self, index: &Index, actions: &[Action], clock: Clock) {
        let tellable = (actions.iter())
            .filter(|a| a.due <= clock.today || matches!(a.detail, Detail::ThankYou { .. }));
        self.reminders = pages::reminders(index, tellable, self.config.lang);
        self.fresh = true;
    }

    /// Tells what is due at `clock` and was not told yet. What is told is
    /// recorded before it is handed over: a crash in between loses one
    /// notification rather than repeating it.
    pub fn tell(&mut self, clock: Clock) {
        let now = now_of(clock);
        let due = due_now(&self.sent, &self.reminders, now, self.config.notify_at.0);
        let fresh = std::mem::take(&mut self.fresh);
        if due.is_empty() {
            if fresh {
                debug!("{}", self.said().nothing_new);
            }
            return;
        }
        for notification in &due {
            self.sent.record(notification, now.date());
        }
        if let Err(error) = self.sent.save(&self.root) {
            let error = error.message(self.config.lang);
            warn!("{}", (self.said().not_saved)(&error));
        }
        for notification in &due {
            match notification {
                Notification::Digest(all) => info!("{}", (self.said().told_digest)(all.len())),
                Notification::Notice(one) => info!("{}", (self.said().told)(&one.title)),
            }
            self.notifier.send(notification);
        }
    }

    fn said(&self) -> &'static WatchWords {
        &words(self.config.lang).watch
    }

    /// Lets what was handed over go out before the watcher stops.
    pub fn finish(&self) {
        if !self.notifier.flush(FLUSH) {
            debug!("{}", self.said().still_sending);
        }
    }
}

/// The moment of `clock`: with a day given (`--today`), its start.
fn now_of(clock: Clock) -> NaiveDateTime {
    clock.today.and_time(clock.now.unwrap_or(NaiveTime::MIN))
}
