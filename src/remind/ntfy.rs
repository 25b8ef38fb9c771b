//! Reminder channel: a push to the user's phone through an ntfy server
//! (ntfy.sh or one of the user's own), with ntfy's publish API: a POST to
//! the topic's URL, the message as the body, `Title`, `Priority`, `Tags`
//! and `Click` headers, and the access token as `Authorization: Bearer`.
//!
//! Pushes go out on a thread of their own, fed through a bounded queue, so
//! a server down or slow never holds up the caller: every request has a
//! timeout, a failed one is retried a few times with a growing pause, and a
//! push that still fails is dropped with a warning, at most one an hour.
//! The token is never in a log line or an error's text, and neither is the
//! topic (which, on a public server, is as good as a password): errors
//! name the server only.

use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine as _;

use super::Pending;
use crate::config::Secret;
use crate::i18n::words;
use crate::lang::Lang;

/// ntfy turns a longer message into an attachment.
const MAX_BODY: usize = 4000;

/// How often, at most, a failure to push is logged.
const WARN_EVERY: Duration = Duration::from_hours(1);

/// One push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Push {
    pub title: String,
    pub body: String,
    /// ntfy's priority name: `default` or `high`.
    pub priority: &'static str,
    /// ntfy's tags, which it shows as emojis: `bell`, `warning`.
    pub tags: &'static str,
    /// The link a tap on the notification opens.
    pub click: Option<String>,
}

/// Where pushes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The topic's URL, `https://ntfy.sh/TOPIC`.
    pub url: String,
    pub token: Option<Secret>,
}

/// Timeouts and retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// To open the connection.
    pub connect_timeout: Duration,
    /// For the whole request, connection included.
    pub timeout: Duration,
    /// Attempts after the first, for a failure that may pass.
    pub retries: u32,
    /// The pause before the first retry; each next one is four times longer.
    pub backoff: Duration,
    /// Pushes waiting at most; more are dropped.
    pub queue: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            connect_timeout: Duration::from_secs(3),
            timeout: Duration::from_secs(5),
            retries: 3,
            backoff: Duration::from_secs(2),
            queue: 32,
        }
    }
}

/// A push that did not go through. The text names the server, never the
/// topic nor the token.
#[derive(Debug, thiserror::Error)]
pub enum NtfyError {
    #[error("{}", self.message(Lang::En))]
    Unreachable { server: String, reason: String },
    #[error("{}", self.message(Lang::En))]
    Refused { server: String, status: u16 },
}

impl NtfyError {
    /// What went wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let said = &words(lang).remind;
        match self {
            NtfyError::Unreachable { server, reason } => (said.ntfy_unreachable)(server, reason),
            NtfyError::Refused { server, status } => (said.ntfy_refused)(server, *status),
        }
    }

    /// Whether trying again later may work: a network failure, a server
    /// error, or "too many requests".
    fn may_pass(&self) -> bool {
        match self {
            NtfyError::Unreachable { .. } => true,
            NtfyError::Refused { status, .. } => *status == 429 || *status >= 500,
        }
    }
}

/// The HTTP client, with the policy's timeouts.
pub fn agent(policy: &Policy) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(policy.connect_timeout))
        .timeout_global(Some(policy.timeout))
        .http_status_as_error(false)
        // A redirect would carry the token elsewhere; ntfy never redirects
        // a publish.
        .max_redirects(0)
        .build()
        .new_agent()
}

/// Sends `push` once, waiting for the answer (within the agent's timeouts).
pub fn publish(agent: &ureq::Agent, server: &Server, push: &Push) -> Result<(), NtfyError> {
    let name = server_name(&server.url);
    let token = server.token.as_ref().map(Secret::expose);
    let unreachable = |reason: String| NtfyError::Unreachable {
        server: name.clone(),
        reason: scrub(&reason, &server.url, token),
    };
    let mut request = agent
        .post(&server.url)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Title", header_text(&push.title))
        .header("Priority", push.priority)
        .header("Tags", push.tags);
    if let Some(click) = &push.click {
        request = request.header("Click", header_text(click));
    }
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let response = request
        .send(cut(&push.body, MAX_BODY))
        .map_err(|e| unreachable(e.to_string()))?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(NtfyError::Refused {
            server: name,
            status,
        })
    }
}

/// The pushes' thread and its queue.
#[derive(Debug)]
pub struct NtfySender {
    queue: SyncSender<Push>,
    pending: Arc<Pending>,
    warned: Arc<Mutex<Hourly>>,
    /// The language of its warnings.
    lang: Lang,
}

impl NtfySender {
    /// Starts the thread that sends to `server`. `pending` counts the
    /// pushes queued and not yet done.
    pub fn spawn(server: Server, policy: Policy, pending: Arc<Pending>, lang: Lang) -> NtfySender {
        let said = &words(lang).remind;
        let (queue, pushes) = mpsc::sync_channel::<Push>(policy.queue);
        let warned = Arc::new(Mutex::new(Hourly::default()));
        let sender = NtfySender {
            queue,
            pending: Arc::clone(&pending),
            warned: Arc::clone(&warned),
            lang,
        };
        let spawned = std::thread::Builder::new()
            .name("suivi-ntfy".to_owned())
            .spawn(move || {
                let agent = agent(&policy);
                for push in pushes {
                    if let Err(e) = publish_with_retries(&agent, &server, &policy, &push, lang) {
                        warn_hourly(&warned, &(said.ntfy_missed)(&e.message(lang)));
                    }
                    pending.done();
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("{}", (said.ntfy_no_thread)(&e.to_string()));
        }
        sender
    }

    /// Queues `push` and returns at once. A full queue (the server has been
    /// failing for a while) drops it with a warning.
    pub fn send(&self, push: Push) {
        self.pending.add();
        match self.queue.try_send(push) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                self.pending.done();
                warn_hourly(&self.warned, words(self.lang).remind.ntfy_queued_up);
            }
            Err(TrySendError::Disconnected(_)) => self.pending.done(),
        }
    }
}

fn publish_with_retries(
    agent: &ureq::Agent,
    server: &Server,
    policy: &Policy,
    push: &Push,
    lang: Lang,
) -> Result<(), NtfyError> {
    let mut pause = policy.backoff;
    let mut attempt = 0;
    loop {
        match publish(agent, server, push) {
            Err(e) if e.may_pass() && attempt < policy.retries => {
                let said = &words(lang).remind;
                tracing::debug!(
                    "{}",
                    (said.ntfy_retry)(&e.message(lang), &format!("{pause:?}"))
                );
                std::thread::sleep(pause);
                pause = pause.saturating_mul(4);
                attempt += 1;
            }
            result => return result,
        }
    }
}

fn warn_hourly(warned: &Mutex<Hourly>, message: &str) {
    let allowed = warned
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .allow(Instant::now());
    if allowed {
        tracing::warn!("{message}");
    }
}

/// Lets one warning through an hour.
#[derive(Debug, Default)]
pub(crate) struct Hourly {
    last: Option<Instant>,
}

impl Hourly {
    pub(crate) fn allow(&mut self, now: Instant) -> bool {
        let allowed = self
            .last
            .is_none_or(|last| now.saturating_duration_since(last) >= WARN_EVERY);
        if allowed {
            self.last = Some(now);
        }
        allowed
    }
}

/// `https://ntfy.sh` of `https://ntfy.sh/topic`: the scheme and the host,
/// without user, path or query.
fn server_name(url: &str) -> String {
    match url.parse::<ureq::http::Uri>() {
        Ok(uri) => {
            let scheme = uri.scheme_str().unwrap_or("http");
            let host = uri.host().unwrap_or("?");
            match uri.port_u16() {
                Some(port) => format!("{scheme}://{host}:{port}"),
                None => format!("{scheme}://{host}"),
            }
        }
        Err(_) => "(bad URL)".to_owned(),
    }
}

/// An error's text with the topic's URL and the token taken out, should
/// the HTTP library ever quote them.
fn scrub(text: &str, url: &str, token: Option<&str>) -> String {
    let mut text = text.replace(url, "(the topic URL)");
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        text = text.replace(token, "***");
    }
    text
}

/// A header's value: ASCII as it is; otherwise RFC 2047 encoded words,
/// which ntfy decodes (HTTP headers carry no UTF-8 of their own). A value
/// that looks like an encoded word is encoded too, so it shows as written.
fn header_text(text: &str) -> String {
    let plain = text.chars().all(|c| c == ' ' || c.is_ascii_graphic());
    if plain && !text.contains("=?") {
        return text.to_owned();
    }
    // Each encoded word is at most 75 characters: 45 octets of text make
    // 60 of base64, plus the 12 of `=?UTF-8?B?` and `?=`.
    let mut words = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(45);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (word, tail) = rest.split_at(cut);
        words.push(format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(word)
        ));
        rest = tail;
    }
    words.join(" ")
}

/// `text` cut to at most `limit` octets, on a character's boundary.
fn cut(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_headers_are_left_as_they_are() {
        assert_eq!(
            header_text("suivi: 3 follow-ups due"),
            "suivi: 3 follow-ups due"
        );
    }

    #[test]
    fn other_headers_are_encoded_words_of_at_most_75_characters() {
        let title = "Remerciement · Mickaël Arcos 😀 ".repeat(5);
        let encoded = header_text(&title);
        assert!(encoded.is_ascii());
        let mut decoded = Vec::new();
        for word in encoded.split(' ') {
            assert!(word.len() <= 75, "{word}");
            let inner = word
                .strip_prefix("=?UTF-8?B?")
                .unwrap()
                .strip_suffix("?=")
                .unwrap();
            decoded.extend(
                base64::engine::general_purpose::STANDARD
                    .decode(inner)
                    .unwrap(),
            );
        }
        assert_eq!(String::from_utf8(decoded).unwrap(), title);
        assert!(header_text("=?UTF-8?B?x?=").starts_with("=?UTF-8?B?PT9"));
    }

    #[test]
    fn errors_name_the_server_only() {
        assert_eq!(
            server_name("https://ntfy.sh/secret-topic"),
            "https://ntfy.sh"
        );
        assert_eq!(
            server_name("http://user:pw@127.0.0.1:8080/t?x=1"),
            "http://127.0.0.1:8080"
        );
        let text = scrub(
            "bad uri: https://ntfy.sh/topic tk_abc",
            "https://ntfy.sh/topic",
            Some("tk_abc"),
        );
        assert_eq!(text, "bad uri: (the topic URL) ***");
    }

    #[test]
    fn only_failures_that_may_pass_are_retried() {
        let refused = |status| NtfyError::Refused {
            server: String::new(),
            status,
        };
        assert!(refused(503).may_pass());
        assert!(refused(429).may_pass());
        assert!(!refused(401).may_pass());
        assert!(!refused(413).may_pass());
    }

    #[test]
    fn one_warning_an_hour() {
        let mut hourly = Hourly::default();
        let start = Instant::now();
        assert!(hourly.allow(start));
        assert!(!hourly.allow(start + Duration::from_mins(1)));
        assert!(!hourly.allow(start + Duration::from_secs(3599)));
        assert!(hourly.allow(start + Duration::from_hours(1)));
        assert!(!hourly.allow(start + Duration::from_secs(3700)));
    }

    #[test]
    fn a_long_body_is_cut_on_a_character() {
        let body = "é".repeat(3000);
        let short = cut(&body, MAX_BODY);
        assert_eq!(short.len(), MAX_BODY);
        assert_eq!(cut("abc", 10), "abc");
        assert_eq!(cut("aé", 2), "a");
    }
}
