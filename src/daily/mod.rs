//! Notes stage, daily notes: where they are and which day each one is.
//!
//! Obsidian's core Daily notes plugin names a note by formatting its day
//! with a moment.js format (`YYYY-MM-DD` by default) inside a folder (the
//! vault root by default), both kept in `.obsidian/daily-notes.json`;
//! `.suivi.toml` may override them (`daily_folder`, `daily_format`) or turn
//! daily notes off (`daily_notes = false`). A `/` in the format makes
//! sub-folders: `YYYY/MM/YYYY-MM-DD` puts a day in `2026/11/2026-11-22.md`.
//!
//! A note is a daily note when its path under the folder, without `.md`,
//! is exactly what the format gives for some day (see [`DailyFormat`]).

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use crate::i18n::{code, words};
use crate::issue::VaultIssue;
use crate::lang::Lang;
use crate::names::nfc;

mod format;

pub use format::{DEFAULT_FORMAT, DailyFormat, FormatError};

/// Where Obsidian keeps its Daily notes settings, vault-relative.
pub const OBSIDIAN_SETTINGS: &str = ".obsidian/daily-notes.json";

/// Where the daily notes are, and how they are named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyNotes {
    /// Vault-relative, `/`-separated, without a `/` at either end; empty
    /// for the vault root.
    pub folder: String,
    pub format: DailyFormat,
}

impl DailyNotes {
    /// The day of the note at vault-relative `path` when it is a daily
    /// note. The folder is compared as written, in its case, as suivi
    /// compares its other folders.
    pub fn day_of(&self, path: &str) -> Option<NaiveDate> {
        let under = if self.folder.is_empty() {
            path
        } else {
            path.strip_prefix(self.folder.as_str())?.strip_prefix('/')?
        };
        let cut = under.len().checked_sub(3)?;
        let (name, extension) = (under.get(..cut)?, under.get(cut..)?);
        if !extension.eq_ignore_ascii_case(".md") {
            return None;
        }
        // Names with accents (`février`) may reach suivi decomposed, as
        // some file systems keep them.
        if name.is_ascii() {
            self.format.day_of(name)
        } else {
            self.format.day_of(&nfc(name))
        }
    }
}

/// Where the daily notes are for a configuration, and the issue to report
/// when Obsidian's settings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailySetup {
    /// None when daily notes are off, or their settings cannot be read.
    pub notes: Option<DailyNotes>,
    /// What is wrong with `.obsidian/daily-notes.json`.
    pub issue: Option<VaultIssue>,
}

impl Default for DailySetup {
    fn default() -> Self {
        DailySetup {
            notes: Some(DailyNotes {
                folder: String::new(),
                format: DailyFormat::default(),
            }),
            issue: None,
        }
    }
}

/// The keys of `.obsidian/daily-notes.json` suivi reads; the others
/// (`template`, `autorun`) are left alone.
#[derive(Debug, Default, Deserialize)]
struct ObsidianSettings {
    folder: Option<String>,
    format: Option<String>,
}

/// Reads Obsidian's Daily notes settings in `vault` (absent: none).
pub fn read_obsidian_settings(vault: &Path) -> Option<String> {
    std::fs::read_to_string(vault.join(OBSIDIAN_SETTINGS)).ok()
}

/// What `.suivi.toml` says of daily notes.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a> {
    pub lang: Lang,
    /// `daily_notes`: false turns them off.
    pub daily_notes: bool,
    pub daily_folder: Option<&'a str>,
    pub daily_format: Option<&'a DailyFormat>,
}

/// Where the daily notes are: `.suivi.toml`'s `daily_folder` and
/// `daily_format` first, then Obsidian's settings (the text of
/// `.obsidian/daily-notes.json`, when there is one), then Obsidian's
/// defaults. Obsidian settings that cannot be used turn daily notes off
/// and are reported.
pub fn setup(config: &Keys, obsidian: Option<&str>) -> DailySetup {
    if !config.daily_notes {
        return DailySetup {
            notes: None,
            issue: None,
        };
    }
    let lang = config.lang;
    let settings = match obsidian.map(serde_json::from_str::<ObsidianSettings>) {
        None => ObsidianSettings::default(),
        Some(Ok(settings)) => settings,
        Some(Err(error)) => {
            let message = (words(lang).issues.daily_settings)(&error.to_string());
            return off(error.line().max(1), message, lang);
        }
    };
    let folder = (config.daily_folder.map(str::to_owned))
        .or(settings.folder)
        .unwrap_or_default()
        .trim()
        .trim_matches('/')
        .to_owned();
    let format = match (
        config.daily_format,
        settings.format.as_deref().map(str::trim),
    ) {
        (Some(format), _) => format.clone(),
        (None, None | Some("")) => DailyFormat::default(),
        (None, Some(written)) => match DailyFormat::parse(written) {
            Ok(format) => format,
            Err(error) => {
                let line = obsidian
                    .and_then(|text| text.lines().position(|l| l.contains("\"format\"")))
                    .map_or(1, |at| at + 1);
                let said = &words(lang).issues;
                let message = (said.daily_format)(&code(written), &error.message(lang));
                return off(line, message, lang);
            }
        },
    };
    DailySetup {
        notes: Some(DailyNotes { folder, format }),
        issue: None,
    }
}

fn off(line: usize, message: String, lang: Lang) -> DailySetup {
    let fix = words(lang).issues.daily_fix;
    DailySetup {
        notes: None,
        issue: Some(VaultIssue::new(OBSIDIAN_SETTINGS, line, message, fix)),
    }
}

/// Reads `daily_format` in `.suivi.toml`: a format suivi cannot read is an
/// error on its line.
pub fn format_setting<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DailyFormat>, D::Error> {
    let written = String::deserialize(deserializer)?;
    DailyFormat::parse(written.trim())
        .map(Some)
        .map_err(|error| serde::de::Error::custom(format!("`daily_format` {written:?}: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Formats × folders × paths → the day, or none.
    #[test]
    #[expect(clippy::too_many_lines, reason = "one table of cases, a row per path")]
    fn a_daily_note_is_a_path_the_format_gives_for_its_day() {
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            ("", "YYYY-MM-DD", "2026-11-22.md", Some("2026-11-22")),
            ("", "YYYY-MM-DD", "2026-11-22.MD", Some("2026-11-22")),
            ("", "YYYY-MM-DD", "Journal/2026-11-22.md", None),
            ("", "YYYY-MM-DD", "2026-11-22 notes.md", None),
            ("", "YYYY-MM-DD", "2026-11-31.md", None),
            ("", "YYYY-MM-DD", "2026-1-22.md", None),
            ("", "YYYY-MM-DD", "2026-11-22.txt", None),
            ("", "YYYY-MM-DD", "2026-11-22", None),
            (
                "Journal",
                "YYYY-MM-DD",
                "Journal/2026-11-22.md",
                Some("2026-11-22"),
            ),
            ("Journal", "YYYY-MM-DD", "journal/2026-11-22.md", None),
            ("Journal", "YYYY-MM-DD", "2026-11-22.md", None),
            ("Journal", "YYYY-MM-DD", "Journal/old/2026-11-22.md", None),
            ("Journal", "YYYY-MM-DD", "Journalx/2026-11-22.md", None),
            (
                "Journal/Daily",
                "YYYY-MM-DD",
                "Journal/Daily/2026-11-22.md",
                Some("2026-11-22"),
            ),
            ("", "DD-MM-YYYY", "22-11-2026.md", Some("2026-11-22")),
            ("", "DD-MM-YYYY", "2026-11-22.md", None),
            ("", "DD-MM-YYYY", "31-02-2026.md", None),
            ("", "YYYY/MM/DD", "2026/11/22.md", Some("2026-11-22")),
            ("", "YYYY/MM/DD", "2026/11/22/x.md", None),
            (
                "Journal",
                "YYYY/MM/YYYY-MM-DD",
                "Journal/2026/11/2026-11-22.md",
                Some("2026-11-22"),
            ),
            // Almost: the month folder disagrees with the note's own date.
            (
                "Journal",
                "YYYY/MM/YYYY-MM-DD",
                "Journal/2026/10/2026-11-22.md",
                None,
            ),
            (
                "Journal",
                "YYYY/MM/YYYY-MM-DD",
                "Journal/2026/11/2026-11-22 bis.md",
                None,
            ),
            (
                "Journal",
                "YYYY/MM/YYYY-MM-DD",
                "Journal/2026-11-22.md",
                None,
            ),
            ("", "D MMMM YYYY", "5 November 2026.md", Some("2026-11-05")),
            ("", "D MMMM YYYY", "05 November 2026.md", None),
            ("", "D MMMM YYYY", "5 november 2026.md", None),
            ("", "MMM D, YYYY", "Nov 5, 2026.md", Some("2026-11-05")),
            ("", "M/D/YY", "11/5/26.md", Some("2026-11-05")),
            (
                "",
                "YYYY-MM-DD ddd",
                "2026-11-22 Sun.md",
                Some("2026-11-22"),
            ),
            ("", "YYYY-MM-DD ddd", "2026-11-22 Mon.md", None),
            (
                "",
                "dddd, MMMM Do YYYY",
                "Sunday, November 22nd 2026.md",
                Some("2026-11-22"),
            ),
            (
                "",
                "dddd, MMMM Do YYYY",
                "Sunday, November 22th 2026.md",
                None,
            ),
            ("", "dd DD.MM.YYYY", "Su 22.11.2026.md", Some("2026-11-22")),
            (
                "",
                "[Daily] YYYY-MM-DD",
                "Daily 2026-11-22.md",
                Some("2026-11-22"),
            ),
            ("", "[Daily] YYYY-MM-DD", "daily 2026-11-22.md", None),
            (
                "Logs",
                "YYYY/MM-MMMM/YYYY-MM-DD-ddd",
                "Logs/2025/07-July/2025-07-17-Thu.md",
                Some("2025-07-17"),
            ),
            ("", "YYYYMMDD", "20261122.md", Some("2026-11-22")),
            // Obsidian in French writes moment.js's French words.
            (
                "",
                "dddd D MMMM YYYY",
                "dimanche 22 novembre 2026.md",
                Some("2026-11-22"),
            ),
            ("", "dddd D MMMM YYYY", "lundi 22 novembre 2026.md", None),
            (
                "",
                "D MMMM YYYY",
                "3 fe\u{301}vrier 2026.md",
                Some("2026-02-03"),
            ),
            ("", "Do MMM YYYY", "1er déc. 2026.md", Some("2026-12-01")),
            ("", "Do MMM YYYY", "2 déc. 2026.md", Some("2026-12-02")),
            ("", "Do MMM YYYY", "2nd Dec 2026.md", Some("2026-12-02")),
            ("", "Do MMM YYYY", "2nd déc. 2026.md", None),
        ];
        for (folder, format, path, expected) in cases {
            let notes = DailyNotes {
                folder: (*folder).to_owned(),
                format: DailyFormat::parse(format).unwrap(),
            };
            assert_eq!(
                notes.day_of(path),
                expected.map(day),
                "{folder:?} {format:?} {path:?}"
            );
        }
    }

    fn config(toml: &str) -> Config {
        Config::parse(toml).unwrap()
    }

    #[test]
    fn settings_come_from_suivi_then_obsidian_then_its_defaults() {
        let folder_and_format = |setup: DailySetup| {
            let notes = setup.notes.unwrap();
            (notes.folder, notes.format.as_str().to_owned())
        };
        let obsidian = r#"{"folder":"Journal/","format":"YYYY/MM/YYYY-MM-DD","template":"T"}"#;
        assert_eq!(
            folder_and_format(setup(&config("").daily_keys(), None)),
            (String::new(), "YYYY-MM-DD".to_owned())
        );
        assert_eq!(
            folder_and_format(setup(&config("").daily_keys(), Some("{}"))),
            (String::new(), "YYYY-MM-DD".to_owned())
        );
        assert_eq!(
            folder_and_format(setup(
                &config("").daily_keys(),
                Some(r#"{"folder":"Daily"}"#)
            )),
            ("Daily".to_owned(), "YYYY-MM-DD".to_owned())
        );
        assert_eq!(
            folder_and_format(setup(&config("").daily_keys(), Some(obsidian))),
            ("Journal".to_owned(), "YYYY/MM/YYYY-MM-DD".to_owned())
        );
        let mine = config("daily_folder = \"Days\"\ndaily_format = \"DD-MM-YYYY\"\n");
        assert_eq!(
            folder_and_format(setup(&mine.daily_keys(), Some(obsidian))),
            ("Days".to_owned(), "DD-MM-YYYY".to_owned())
        );
        let off = setup(
            &config("daily_notes = false\n").daily_keys(),
            Some(obsidian),
        );
        assert_eq!(
            off,
            DailySetup {
                notes: None,
                issue: None
            }
        );
    }

    #[test]
    fn obsidian_settings_suivi_cannot_use_are_reported_and_turn_daily_notes_off() {
        let weekly = "{\n  \"folder\": \"Weeks\",\n  \"format\": \"[Week] ww\"\n}";
        let setup_of = |text: &str| setup(&config("").daily_keys(), Some(text));
        let issue = setup_of(weekly).issue.unwrap();
        assert_eq!((issue.path.as_str(), issue.line), (OBSIDIAN_SETTINGS, 3));
        assert!(issue.message.contains("week"), "{}", issue.message);
        assert!(setup_of(weekly).notes.is_none());
        let broken = setup_of("{\"folder\": ");
        assert!(broken.notes.is_none() && broken.issue.is_some());
        // Set in .suivi.toml, the format Obsidian's file holds is not read.
        let mine = setup(
            &config("daily_format = \"YYYY-MM-DD\"\n").daily_keys(),
            Some(weekly),
        );
        assert_eq!(mine.issue, None);
        assert_eq!(mine.notes.unwrap().folder, "Weeks");
    }

    #[test]
    fn a_daily_format_suivi_cannot_read_is_an_error_on_its_line() {
        let (line, message) =
            Config::parse("lang = \"en\"\ndaily_format = \"[Week] ww\"\n").unwrap_err();
        assert_eq!(line, Some(2));
        assert!(message.contains("names a week"), "{message}");
        let (line, _) = Config::parse("\n\ndaily_notes = \"no\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        let (line, _) = Config::parse("daily_folder = \"../x\"\n").unwrap_err();
        assert_eq!(line, Some(1));
    }

    /// Kinds, first match wins: `type`, suivi's folders, the daily notes'
    /// folder and format, then `contact` + `date`.
    #[test]
    fn a_daily_note_is_a_kind_after_type_and_suivis_folders_before_contact_and_date() {
        use crate::note::{Kind, parse_note};
        let with_contact = "---\ncontact: Paul\ndate: 2026-11-20\n---\nMet [[Paul]].\n";
        let typed = "---\ntype: interview\ncontact: Paul\ndate: 2026-11-20\n---\n";
        let person = "---\ntype: person\n---\n[[Paul]]\n";
        let config = config("daily_folder = \"Interviews\"\n");
        for (path, text, config, kind) in [
            ("2026-11-20.md", with_contact, &Config::default(), "daily"),
            ("2026-11-20.md", typed, &Config::default(), "interview"),
            ("2026-11-20.md", person, &Config::default(), "person"),
            (
                "Interviews/2026-11-20.md",
                with_contact,
                &config,
                "interview",
            ),
            (
                "Notes/2026-11-20.md",
                with_contact,
                &Config::default(),
                "interview",
            ),
            (
                "2026-11-20.md",
                with_contact,
                &Config::parse("daily_notes = false").unwrap(),
                "interview",
            ),
        ] {
            let note = parse_note(path, text.as_bytes(), config);
            let found = match &note.kind {
                Kind::Daily(daily) => {
                    assert_eq!(daily.day, day("2026-11-20"));
                    assert_eq!(daily.links.len(), 1);
                    "daily"
                }
                Kind::Interview(_) => "interview",
                Kind::Person(..) => "person",
                Kind::Company(..) | Kind::Other => "other",
            };
            assert_eq!(found, kind, "{path} {text:?}");
            assert!(note.issues.is_empty(), "{:?}", note.issues);
        }
    }

    #[test]
    fn a_daily_note_keeps_each_link_outside_open_tasks_once() {
        let text = "- [ ] call [[Ana]]\n- [x] called [[Bo]]\n[[bo]] [[Bo|Bob]] [[People/Bo]] ![[Cy]] [[#Today]]\n";
        let note = crate::note::parse_note("2026-11-20.md", text.as_bytes(), &Config::default());
        let crate::note::Kind::Daily(daily) = &note.kind else {
            panic!("{note:?}");
        };
        let links: Vec<(Option<&str>, &str)> = (daily.links.iter())
            .map(|l| (l.folder.as_deref(), l.name()))
            .collect();
        assert_eq!(links, [(None, "Bo"), (Some("People"), "Bo")]);
        // A daily note's open tasks are not promises.
        assert!(note.tasks.is_empty());
    }
}
