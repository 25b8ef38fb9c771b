//! Configuration: `.suivi.toml` at the vault root, and finding that root.
//!
//! Every number of the rules lives here with its default, so a user can tune
//! the practice (a 21-day update cadence, say) without touching notes.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Deserializer};

use crate::daily::{self, DailyFormat, DailySetup};

/// The file name of the configuration, at the vault root.
pub const CONFIG_FILE: &str = ".suivi.toml";

pub use crate::lang::Lang;

/// The whole configuration, with defaults for everything a file leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Language of the pages: `en` or `fr`.
    pub lang: Lang,
    /// Folder, relative to the vault root, where the pages are written.
    pub output: String,
    /// Folder of note templates: never read as notes.
    pub templates: String,
    /// The note whose list items form the question bank.
    pub question_bank: String,
    /// Whether suivi may record what the user asked in their notes (ticks,
    /// `done`, `log`, `snooze`, `undo`); when false, ticks are only reported.
    pub write_notes: bool,
    pub folders: Folders,
    pub rules: Rules,
    /// Channels of the watcher's reminders: `desktop`, `ntfy`; none when empty.
    pub notify: Vec<NotifyChannel>,
    /// The time of the day's digest and of the calendar's alarms.
    pub notify_at: NotifyAt,
    /// The ntfy topic's URL, for pushes to a phone.
    pub ntfy: Option<NtfyUrl>,
    /// An ntfy access token, sent as a bearer token.
    pub ntfy_token: Option<Secret>,
    /// Whether daily notes count as contacts (SPEC 2.5).
    pub daily_notes: bool,
    /// The daily notes' folder, over Obsidian's setting; `""` is the root.
    #[serde(deserialize_with = "daily_folder")]
    pub daily_folder: Option<String>,
    /// The daily notes' moment.js format, over Obsidian's setting.
    #[serde(deserialize_with = "daily::format_setting")]
    pub daily_format: Option<DailyFormat>,
    /// Where the daily notes are, from the keys above and Obsidian's
    /// settings (read by [`Config::load`]).
    #[serde(skip)]
    pub daily: DailySetup,
}

/// Folder names that give a note its kind when it has no `type` property.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Folders {
    pub interviews: String,
    pub people: String,
    pub companies: String,
}

/// The numbers of the rules, in days.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Thank-you due this many days after the conversation.
    pub thank_you_due: u32,
    /// Thank-you overdue from this many days after the conversation.
    pub thank_you_overdue: u32,
    /// Update due this many days after the last contact.
    pub update_due: u32,
    /// Update overdue from this many days after the last contact.
    pub update_overdue: u32,
    /// A nudge turns overdue this many days after their promised date passed.
    pub nudge_overdue: u32,
    /// This many `out` touches in a row, and nothing back: you are driving this.
    pub driving_touches: u32,
    /// Prep action for conversations within this many days.
    pub prep_window: u32,
    /// Tell the referrer you met their contact this many days after.
    pub close_the_loop_due: u32,
    /// Ask about an opening expected within this many days, or past.
    pub opening_window: u32,
    /// Actions due within this many days are "due this week".
    pub this_week: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            lang: Lang::En,
            output: "Suivi".to_owned(),
            templates: "Templates".to_owned(),
            question_bank: "Question bank.md".to_owned(),
            write_notes: true,
            folders: Folders::default(),
            rules: Rules::default(),
            notify: vec![NotifyChannel::Desktop],
            notify_at: NotifyAt::default(),
            ntfy: None,
            ntfy_token: None,
            daily_notes: true,
            daily_folder: None,
            daily_format: None,
            daily: DailySetup::default(),
        }
    }
}

impl Default for Folders {
    fn default() -> Self {
        Folders {
            interviews: "Interviews".to_owned(),
            people: "People".to_owned(),
            companies: "Companies".to_owned(),
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            thank_you_due: 1,
            thank_you_overdue: 2,
            update_due: 28,
            update_overdue: 42,
            nudge_overdue: 7,
            driving_touches: 3,
            prep_window: 7,
            close_the_loop_due: 7,
            opening_window: 7,
            this_week: 7,
        }
    }
}

/// A configuration file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads `.suivi.toml` from the vault root, defaults when there is
    /// none, and Obsidian's Daily notes settings.
    pub fn load(vault: &Path) -> Result<Config, ConfigError> {
        let mut config = Config::load_file(vault)?;
        let obsidian = daily::read_obsidian_settings(vault);
        config.daily = daily::setup(&config.daily_keys(), obsidian.as_deref());
        Ok(config)
    }

    fn load_file(vault: &Path) -> Result<Config, ConfigError> {
        let path = vault.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigError {
                    path,
                    line: None,
                    message: format!("cannot be read: {e}"),
                });
            }
        };
        let config = Config::parse(&text).map_err(|(line, message)| ConfigError {
            path: path.clone(),
            line,
            message,
        })?;
        Ok(config)
    }

    /// Parses the text of a configuration file; errors carry the line.
    /// Daily notes are placed as if Obsidian had no settings for them.
    pub fn parse(text: &str) -> Result<Config, (Option<usize>, String)> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start].matches('\n').count() + 1);
            (line, e.message().trim().to_owned())
        })?;
        for (key, folder) in [
            ("output", &config.output),
            ("templates", &config.templates),
            ("folders.interviews", &config.folders.interviews),
            ("folders.people", &config.folders.people),
            ("folders.companies", &config.folders.companies),
        ] {
            if !is_plain_relative(folder) {
                return Err((
                    None,
                    format!(
                        "`{key}` must be a folder inside the vault, like \"Suivi\" (got {folder:?})"
                    ),
                ));
            }
        }
        if config.rules.update_due == 0 || config.rules.driving_touches == 0 {
            return Err((
                None,
                "`rules.update_due` and `rules.driving_touches` must be at least 1".to_owned(),
            ));
        }
        if config.notify.contains(&NotifyChannel::Ntfy) && config.ntfy.is_none() {
            return Err((
                key_line(text, "notify"),
                "`notify` lists \"ntfy\" but no `ntfy` topic URL is set, like ntfy = \"https://ntfy.sh/TOPIC\"".to_owned(),
            ));
        }
        config.daily = daily::setup(&config.daily_keys(), None);
        Ok(config)
    }
}

impl Config {
    /// What this configuration says of daily notes.
    pub fn daily_keys(&self) -> daily::Keys<'_> {
        daily::Keys {
            lang: self.lang,
            daily_notes: self.daily_notes,
            daily_folder: self.daily_folder.as_deref(),
            daily_format: self.daily_format.as_ref(),
        }
    }
}

/// The line of a top-level `key = …`, for an error found after parsing.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|index| index + 1)
}

/// A channel that tells the user of reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotifyChannel {
    /// The desktop's notifications.
    Desktop,
    /// A push to a phone through an ntfy server.
    Ntfy,
}

/// A time of day written `HH:MM`, 24-hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotifyAt(pub chrono::NaiveTime);

impl Default for NotifyAt {
    fn default() -> Self {
        NotifyAt(chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
    }
}

impl<'de> Deserialize<'de> for NotifyAt {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let parsed = match text.split_once(':') {
            Some((h, m)) if h.len() == 2 && m.len() == 2 => h
                .parse()
                .ok()
                .zip(m.parse().ok())
                .and_then(|(h, m)| chrono::NaiveTime::from_hms_opt(h, m, 0)),
            _ => None,
        };
        parsed.map(NotifyAt).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`notify_at` must be a time of day written HH:MM, like \"09:00\" (got {text:?})"
            ))
        })
    }
}

/// An ntfy topic's URL: `http://` or `https://`, with a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NtfyUrl(String);

impl NtfyUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for NtfyUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let valid = (text.starts_with("https://") || text.starts_with("http://"))
            && text
                .parse::<ureq::http::Uri>()
                .is_ok_and(|uri| uri.host().is_some_and(|host| !host.is_empty()));
        if valid {
            Ok(NtfyUrl(text))
        } else {
            Err(serde::de::Error::custom(
                "`ntfy` must be the URL of an ntfy topic, http or https, like \"https://ntfy.sh/TOPIC\"",
            ))
        }
    }
}

/// A value that is never shown: its `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        // The message never quotes the value: it is a secret.
        if !text.is_empty() && text.chars().all(|c| c.is_ascii_graphic()) {
            Ok(Secret(text))
        } else {
            Err(serde::de::Error::custom(
                "`ntfy_token` must be an ntfy access token: printable ASCII, no spaces",
            ))
        }
    }
}

/// Reads `daily_folder`: a folder inside the vault, or `""` for its root;
/// anything else is an error on its line.
fn daily_folder<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let folder = String::deserialize(deserializer)?;
    let trimmed = folder.trim().trim_end_matches('/');
    if trimmed.is_empty() || is_plain_relative(trimmed) {
        return Ok(Some(trimmed.to_owned()));
    }
    Err(serde::de::Error::custom(format!(
        "`daily_folder` must be a folder inside the vault, like \"Journal\", or \"\" for its root (got {folder:?})"
    )))
}

/// A path made only of ordinary names, none hidden: it cannot leave the vault
/// nor land in a folder suivi never reads.
fn is_plain_relative(folder: &str) -> bool {
    let path = Path::new(folder);
    !folder.is_empty()
        && !folder.contains('\\')
        && path.components().all(|c| match c {
            Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
            _ => false,
        })
}

/// The vault root for a command run in `start`: the nearest folder, `start`
/// included, holding `.obsidian/` or `.suivi.toml`; none when no folder up
/// the tree does: a random folder (a home folder) is never taken for a vault.
pub fn discover_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".obsidian").is_dir() || dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn values_override_defaults() {
        let config = Config::parse("lang = \"fr\"\n[rules]\nupdate_due = 21\n").unwrap();
        assert_eq!(config.lang, Lang::Fr);
        assert_eq!(config.rules.update_due, 21);
        assert_eq!(config.rules.update_overdue, 42);
    }

    #[test]
    fn notes_are_written_unless_turned_off() {
        assert!(Config::default().write_notes);
        assert!(!Config::parse("write_notes = false\n").unwrap().write_notes);
    }

    #[test]
    fn unknown_key_names_its_line() {
        let (line, message) = Config::parse("lang = \"en\"\n\nupdate_dew = 3\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("update_dew"), "{message}");
    }

    #[test]
    fn wrong_type_names_its_line() {
        let (line, _) = Config::parse("[rules]\nupdate_due = \"soon\"\n").unwrap_err();
        assert_eq!(line, Some(2));
    }

    #[test]
    fn output_cannot_leave_the_vault() {
        for bad in ["../x", "/etc", "", ".hidden", "a/../../b", "C:\\x"] {
            let text = format!("output = {bad:?}\n");
            assert!(Config::parse(&text).is_err(), "{bad}");
        }
        assert!(Config::parse("output = \"Generated/Suivi\"\n").is_ok());
    }

    #[test]
    fn reminder_keys_have_defaults_and_read_their_values() {
        let config = Config::default();
        assert_eq!(config.notify, [NotifyChannel::Desktop]);
        assert_eq!(
            config.notify_at.0,
            chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap()
        );
        let text = "notify = [\"desktop\", \"ntfy\"]\nnotify_at = \"07:45\"\nntfy = \"https://ntfy.sh/suivi-x1\"\nntfy_token = \"tk_abc123\"\n";
        let config = Config::parse(text).unwrap();
        assert_eq!(config.notify, [NotifyChannel::Desktop, NotifyChannel::Ntfy]);
        assert_eq!(
            config.notify_at.0,
            chrono::NaiveTime::from_hms_opt(7, 45, 0).unwrap()
        );
        assert_eq!(
            config.ntfy.as_ref().unwrap().as_str(),
            "https://ntfy.sh/suivi-x1"
        );
        assert_eq!(config.ntfy_token.as_ref().unwrap().expose(), "tk_abc123");
        // The configuration's debug text goes into the cache's header, in
        // the vault: the token must not.
        assert!(!format!("{config:?}").contains("tk_abc123"));
        assert!(Config::parse("notify = []\n").unwrap().notify.is_empty());
    }

    #[test]
    fn bad_reminder_keys_name_their_line() {
        let cases = [
            (
                "lang = \"en\"\nnotify = [\"desktop\", \"pigeon\"]\n",
                2,
                "pigeon",
            ),
            ("\nnotify_at = \"9h\"\n", 2, "HH:MM"),
            ("notify_at = \"25:00\"\n", 1, "HH:MM"),
            ("notify_at = \"9:00\"\n", 1, "HH:MM"),
            ("\n\nntfy = \"ftp://ntfy.sh/x\"\n", 3, "http"),
            ("ntfy = \"https://\"\n", 1, "http"),
            ("ntfy = \"ntfy.sh/topic\"\n", 1, "http"),
            (
                "ntfy = \"https://ntfy.sh/x\"\nntfy_token = \"tk bad\"\n",
                2,
                "ntfy_token",
            ),
            ("lang = \"en\"\nnotify = [\"ntfy\"]\n", 2, "ntfy"),
        ];
        for (text, line, word) in cases {
            let (at, message) = Config::parse(text).unwrap_err();
            assert_eq!(at, Some(line), "{text:?}: {message}");
            assert!(message.contains(word), "{text:?}: {message}");
            assert!(!message.contains("tk bad"), "{message}");
        }
    }

    #[test]
    fn root_is_the_nearest_marked_folder() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("a/b");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::create_dir(dir.path().join("a/.obsidian")).unwrap();
        assert_eq!(discover_root(&inner), Some(dir.path().join("a")));
        let bare = tempfile::tempdir().unwrap();
        assert_eq!(discover_root(bare.path()), None);
    }
}
