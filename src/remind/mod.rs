//! Reminders that reach the user while the watcher runs (SPEC 5.1): a
//! desktop notification, a push to a phone through ntfy, and the calendar
//! file `Follow-ups.ics`.
//!
//! [`schedule`] decides what to tell and when (pure, the time passed in),
//! [`message`] words it in the vault's language, and the [`Notifier`] hands
//! it to each configured channel ([`desktop`], [`ntfy`]) on threads of their
//! own, so that telling never holds up a pass. [`ics`] renders the calendar.

pub mod desktop;
pub mod ics;
pub mod message;
pub mod ntfy;
pub mod schedule;

use std::path::Path;
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

pub use desktop::{Desktop, DesktopError, Link};
pub use message::{Message, message};
pub use ntfy::{NtfySender, Policy, Push, Server};
pub use schedule::{Notification, Sent, due_now};

use crate::config::{Config, Lang, NotifyChannel};

/// One action to remind the user of, as the reminders see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// The action's stable id (short hex), unique per action.
    pub id: String,
    /// What to do and for whom, e.g. "Thank-you · Paul Martin". Plain text
    /// from notes: hostile.
    pub title: String,
    /// Why, in a sentence. Plain text from notes: hostile.
    pub body: String,
    pub due: NaiveDate,
    pub overdue: bool,
    /// When it became due during the day: a conversation's date-time, for
    /// its thank-you notice.
    pub due_at: Option<NaiveDateTime>,
}

/// Deliveries handed to the channels and not yet done, to wait for them
/// (a clean stop, a test).
#[derive(Debug, Default)]
pub struct Pending {
    count: Mutex<usize>,
    idle: Condvar,
}

impl Pending {
    fn add(&self) {
        *self.count.lock().unwrap_or_else(PoisonError::into_inner) += 1;
    }

    fn done(&self) {
        let mut count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
        *count = count.saturating_sub(1);
        if *count == 0 {
            self.idle.notify_all();
        }
    }

    /// Waits until every delivery is done, or `timeout`; tells which.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
        while *count > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            count = self
                .idle
                .wait_timeout(count, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }
}

/// The channels of `notify`, each on a thread of its own.
#[derive(Debug)]
pub struct Notifier {
    lang: Lang,
    link: Link,
    desktop: Option<SyncSender<Message>>,
    ntfy: Option<NtfySender>,
    pending: Arc<Pending>,
}

impl Notifier {
    /// The channels configured for the vault at `vault`.
    pub fn new(config: &Config, vault: &Path) -> Notifier {
        Notifier::with_policy(config, vault, Policy::default())
    }

    /// As [`Notifier::new`], with other timeouts and retries for ntfy.
    pub fn with_policy(config: &Config, vault: &Path, policy: Policy) -> Notifier {
        let pending = Arc::new(Pending::default());
        let link = follow_ups_link(config, vault);
        let desktop = config
            .notify
            .contains(&NotifyChannel::Desktop)
            .then(|| spawn_desktop(link.clone(), Arc::clone(&pending), config.lang))
            .flatten();
        let ntfy = match &config.ntfy {
            Some(url) if config.notify.contains(&NotifyChannel::Ntfy) => {
                let server = Server {
                    url: url.as_str().to_owned(),
                    token: config.ntfy_token.clone(),
                };
                Some(NtfySender::spawn(
                    server,
                    policy,
                    Arc::clone(&pending),
                    config.lang,
                ))
            }
            _ => None,
        };
        Notifier {
            lang: config.lang,
            link,
            desktop,
            ntfy,
            pending,
        }
    }

    /// Whether no channel is on (`notify = []`): nothing to plan.
    pub fn is_off(&self) -> bool {
        self.desktop.is_none() && self.ntfy.is_none()
    }

    /// Hands `notification` to every channel and returns at once.
    pub fn send(&self, notification: &Notification) {
        let text = message(notification, self.lang);
        if let Some(ntfy) = &self.ntfy {
            ntfy.send(Push {
                title: text.title.clone(),
                body: text.body.clone(),
                priority: if text.urgent { "high" } else { "default" },
                tags: if text.urgent { "warning" } else { "bell" },
                click: Some(self.link.url.clone()),
            });
        }
        if let Some(desktop) = &self.desktop {
            self.pending.add();
            match desktop.try_send(text) {
                Ok(()) => {}
                // A desktop so far behind is not showing anything anyway.
                Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                    tracing::debug!("{}", crate::i18n::words(self.lang).remind.desktop_dropped);
                    self.pending.done();
                }
            }
        }
    }

    /// Waits until what was sent is delivered or given up, at most
    /// `timeout`; tells whether everything is done.
    pub fn flush(&self, timeout: Duration) -> bool {
        self.pending.wait_idle(timeout)
    }
}

/// The desktop's thread: one notification after another. The first failure
/// is one warning; another comes only after the desktop worked again.
fn spawn_desktop(link: Link, pending: Arc<Pending>, lang: Lang) -> Option<SyncSender<Message>> {
    let said = &crate::i18n::words(lang).remind;
    let (queue, messages) = mpsc::sync_channel::<Message>(16);
    let spawned = std::thread::Builder::new()
        .name("suivi-desktop".to_owned())
        .spawn(move || {
            let desktop = Desktop::speaking(lang);
            let mut warned = false;
            for message in messages {
                match desktop.show(&message, Some(&link)) {
                    Ok(()) => warned = false,
                    Err(e) if !warned => {
                        tracing::warn!("{}", (said.desktop_not_shown)(&e.message(lang)));
                        warned = true;
                    }
                    Err(e) => tracing::debug!("{}", e.message(lang)),
                }
                pending.done();
            }
        });
    match spawned {
        Ok(_) => Some(queue),
        Err(e) => {
            tracing::warn!("{}", (said.desktop_no_thread)(&e.to_string()));
            None
        }
    }
}

/// Characters kept as they are in a link's query values, as JavaScript's
/// `encodeURIComponent` does, which is what Obsidian decodes.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The `obsidian://open` link of the vault's Follow-ups page: the vault by
/// its folder's name (what Obsidian calls it), the page by its path inside.
pub fn follow_ups_link(config: &Config, vault: &Path) -> Link {
    let vault_name = vault
        .canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(vault)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let page = crate::i18n::words(config.lang).follow_ups;
    let file = format!("{}/{page}", config.output);
    let label = crate::i18n::words(config.lang).remind.open_follow_ups;
    Link {
        url: format!(
            "obsidian://open?vault={}&file={}",
            utf8_percent_encode(&vault_name, COMPONENT),
            utf8_percent_encode(&file, COMPONENT)
        ),
        label: label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_names_the_vault_and_the_page_encoded() {
        let root = tempfile::tempdir().unwrap();
        let vault = root.path().join("Mes notes & co #1");
        std::fs::create_dir(&vault).unwrap();
        let link = follow_ups_link(&Config::default(), &vault);
        assert_eq!(
            link.url,
            "obsidian://open?vault=Mes%20notes%20%26%20co%20%231&file=Suivi%2FFollow-ups"
        );
        let french = Config {
            lang: Lang::Fr,
            ..Config::default()
        };
        let link = follow_ups_link(&french, &vault);
        assert!(link.url.ends_with("&file=Suivi%2FRelances"), "{}", link.url);
        assert_eq!(link.label, "Ouvrir les relances");
    }

    #[test]
    fn no_channel_is_off_and_sending_is_a_no_op() {
        let vault = tempfile::tempdir().unwrap();
        let config = Config {
            notify: Vec::new(),
            ..Config::default()
        };
        let notifier = Notifier::new(&config, vault.path());
        assert!(notifier.is_off());
        notifier.send(&Notification::Digest(Vec::new()));
        assert!(notifier.flush(Duration::ZERO));
    }

    #[test]
    fn pending_waits_for_the_last_delivery() {
        let pending = Arc::new(Pending::default());
        assert!(pending.wait_idle(Duration::ZERO));
        pending.add();
        assert!(!pending.wait_idle(Duration::from_millis(10)));
        let other = Arc::clone(&pending);
        let worker = std::thread::spawn(move || other.done());
        assert!(pending.wait_idle(Duration::from_secs(10)));
        worker.join().unwrap();
    }
}
