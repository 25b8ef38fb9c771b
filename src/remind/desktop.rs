//! Reminder channel: desktop notifications. On Linux and the BSDs through
//! the session bus's `org.freedesktop.Notifications` (notify-rust over
//! zbus, pure Rust: nothing needs libdbus); on macOS through the
//! notification centre (notify-rust's backend there).
//!
//! Showing blocks for a few D-Bus round trips, so the caller runs it off
//! the watcher's pass (the [`Notifier`](super::Notifier) has a thread for
//! it). Where the D-Bus server supports actions, a click on the
//! notification opens the Follow-ups page: a thread waits for that click,
//! and the number of such threads alive at once is bounded, since a server
//! may never say that a notification was closed. On macOS a click brings
//! the notification centre's own behaviour, nothing more.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use super::message::Message;
use crate::i18n::words;
use crate::lang::Lang;

/// Click listeners alive at once, at most; a notification shown while all
/// are taken has no click action.
#[cfg(all(unix, not(target_os = "macos")))]
const MAX_LISTENERS: usize = 8;

/// The program that opens a link in the user's session.
#[cfg(all(unix, not(target_os = "macos")))]
const OPENER: &str = "xdg-open";

/// A desktop notification could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum DesktopError {
    /// No notification service: no session bus, nothing serving
    /// notifications on it, or a server that failed the call.
    #[error("{}", self.message(Lang::En))]
    Unavailable { reason: String },
}

impl DesktopError {
    /// What went wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DesktopError::Unavailable { reason } => {
                (words(lang).remind.desktop_unavailable)(reason)
            }
        }
    }
}

/// Where a click on a notification leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// An `obsidian://open?…` link, percent-encoded.
    pub url: String,
    /// The action's label, where the desktop shows one.
    pub label: String,
}

/// The desktop's notifications.
#[derive(Debug, Default)]
pub struct Desktop {
    /// Click listeners alive.
    #[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
    listeners: Arc<AtomicUsize>,
    /// The language of its warnings.
    lang: Lang,
}

impl Desktop {
    pub fn new() -> Desktop {
        Desktop::default()
    }

    /// The desktop's notifications, their warnings in `lang`.
    pub fn speaking(lang: Lang) -> Desktop {
        Desktop {
            lang,
            ..Desktop::default()
        }
    }

    /// Shows `message`; a click on it opens `link` where the desktop
    /// supports actions. Returns once the server took the notification, not
    /// when it is clicked.
    pub fn show(&self, message: &Message, link: Option<&Link>) -> Result<(), DesktopError> {
        self.show_on_platform(message, link)
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    fn show_on_platform(&self, message: &Message, link: Option<&Link>) -> Result<(), DesktopError> {
        let capabilities = notify_rust::get_capabilities().map_err(unavailable)?;
        let has = |name: &str| capabilities.iter().any(|c| c == name);
        let body = if has("body-markup") {
            escape_markup(&message.body)
        } else {
            message.body.clone()
        };
        let mut notification = notify_rust::Notification::new();
        notification
            .appname("suivi")
            .summary(&message.title)
            .body(&body);
        let listener = match link {
            Some(link) if has("actions") => self.claim_listener().map(|slot| (slot, link.clone())),
            _ => None,
        };
        if let Some((_, link)) = &listener {
            // "default" is the action a click on the notification itself runs.
            notification.action("default", &link.label);
        }
        let handle = notification.show().map_err(unavailable)?;
        if let Some((slot, link)) = listener {
            let lang = self.lang;
            let spawned = std::thread::Builder::new()
                .name("suivi-click".to_owned())
                .spawn(move || {
                    let _slot = slot;
                    handle.wait_for_action(|action| {
                        if action == "default" {
                            open(&link.url, lang);
                        }
                    });
                });
            if let Err(e) = spawned {
                let said = &words(self.lang).remind;
                tracing::warn!("{}", (said.no_click_thread)(&e.to_string()));
            }
        }
        Ok(())
    }

    #[cfg(not(all(unix, not(target_os = "macos"))))]
    fn show_on_platform(
        &self,
        message: &Message,
        _link: Option<&Link>,
    ) -> Result<(), DesktopError> {
        notify_rust::Notification::new()
            .appname("suivi")
            .summary(&message.title)
            .body(&message.body)
            .show()
            .map(drop)
            .map_err(unavailable)
    }

    /// A listener's place, if one is free; freed when dropped.
    #[cfg(all(unix, not(target_os = "macos")))]
    fn claim_listener(&self) -> Option<ListenerSlot> {
        let taken = self
            .listeners
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let slot = ListenerSlot(Arc::clone(&self.listeners));
        (taken < MAX_LISTENERS).then_some(slot)
    }
}

/// One click listener counted alive; dropping it (even on a panic inside
/// the library) gives the place back.
#[cfg(all(unix, not(target_os = "macos")))]
struct ListenerSlot(Arc<AtomicUsize>);

#[cfg(all(unix, not(target_os = "macos")))]
impl Drop for ListenerSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[expect(
    clippy::needless_pass_by_value,
    reason = "given to `map_err`, which hands the error over by value"
)]
fn unavailable(error: notify_rust::error::Error) -> DesktopError {
    DesktopError::Unavailable {
        reason: error.to_string(),
    }
}

/// Opens `url` in the user's session; the link is one argument, never
/// through a shell.
#[cfg(all(unix, not(target_os = "macos")))]
fn open(url: &str, lang: Lang) {
    let status = std::process::Command::new(OPENER)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => {
            let said = &words(lang).remind;
            tracing::warn!("{}", (said.opener_failed)(OPENER, &status.to_string()));
        }
        Err(e) => {
            let said = &words(lang).remind;
            tracing::warn!("{}", (said.opener_not_run)(OPENER, &e.to_string()));
        }
    }
}

/// The body for a server that reads markup: the text stays text.
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
pub(crate) fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape_markup("Ty <b>bold</b> & co"),
            "Ty &lt;b&gt;bold&lt;/b&gt; &amp; co"
        );
    }

    #[test]
    #[cfg(all(unix, not(target_os = "macos")))]
    fn listeners_are_bounded_and_given_back() {
        let desktop = Desktop::new();
        let slots: Vec<_> = (0..MAX_LISTENERS)
            .map(|_| desktop.claim_listener().unwrap())
            .collect();
        assert!(desktop.claim_listener().is_none());
        drop(slots);
        assert!(desktop.claim_listener().is_some());
        assert_eq!(
            desktop.listeners.load(std::sync::atomic::Ordering::SeqCst),
            0
        );
    }
}
