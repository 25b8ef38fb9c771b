//! Notes stage, daily notes: the moment.js formats that name them.
//!
//! A note is named by formatting its day; it is read back with the format,
//! then the day found is formatted again and must give the same text, so
//! `2026-11-31`, `2026-1-05` for `YYYY-MM-DD` or the wrong weekday name do
//! not name a day. Month and weekday names are read in English and in
//! French, moment.js's words for each: Obsidian writes them in the language
//! of its interface.

use crate::i18n::{MONTHS, words};
use crate::lang::Lang;
use chrono::{Datelike, NaiveDate};

/// The format Obsidian uses when none is set.
pub const DEFAULT_FORMAT: &str = "YYYY-MM-DD";

/// The words moment.js writes for days in one language.
struct Locale {
    months: [&'static str; 12],
    months_short: [&'static str; 12],
    /// From Sunday, as moment.js counts.
    weekdays: [&'static str; 7],
    weekdays_short: [&'static str; 7],
    weekdays_min: [&'static str; 7],
    /// What `Do` writes after the day's number.
    ordinal: fn(u32) -> &'static str,
}

const ENGLISH: Locale = Locale {
    months: MONTHS[0],
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    weekdays: [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ],
    weekdays_short: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    weekdays_min: ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"],
    ordinal: |day| match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    },
};

/// moment.js's `fr` locale.
const FRENCH: Locale = Locale {
    months: MONTHS[1],
    months_short: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    weekdays: [
        "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    ],
    weekdays_short: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    weekdays_min: ["di", "lu", "ma", "me", "je", "ve", "sa"],
    ordinal: |day| if day == 1 { "er" } else { "" },
};

const LOCALES: [&Locale; 2] = [&ENGLISH, &FRENCH];

/// One part of a format: text written as is, or a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// `YYYY`: 2026.
    Year,
    /// `YY`: 26, read as 2000–2068 or 1969–1999 as moment.js does.
    ShortYear,
    /// `MM`: 01–12.
    Month2,
    /// `M`: 1–12.
    Month,
    /// `MMM`: Jan–Dec.
    MonthShort,
    /// `MMMM`: January–December.
    MonthLong,
    /// `DD`: 01–31.
    Day2,
    /// `D`: 1–31.
    Day,
    /// `Do`: 1st–31st.
    DayOrdinal,
    /// `dd`: Su–Sa.
    WeekdayMin,
    /// `ddd`: Sun–Sat.
    WeekdayShort,
    /// `dddd`: Sunday–Saturday.
    WeekdayLong,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Token(Token),
}

/// A daily note format that suivi reads: moment.js tokens of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyFormat {
    pieces: Vec<Piece>,
    /// The format as written, for messages.
    written: String,
}

/// Why a format cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("{}", self.message(Lang::En))]
    Unsupported { token: String, reason: Unread },
    #[error("{}", self.message(Lang::En))]
    NoDay,
}

/// What a token suivi does not read names, in the order of the
/// catalogue's `daily_unread`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    AnyWidthYear,
    PaddedYear,
    OrdinalMonth,
    DayOfYear,
    WeekdayNumber,
    Week,
    Quarter,
    Time,
    Timestamp,
    TimeZone,
    Locale,
    Era,
}

impl FormatError {
    /// Why the format cannot be read, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let said = &words(lang).issues;
        match self {
            FormatError::Unsupported { token, reason } => {
                (said.daily_token)(token, said.daily_unread[*reason as usize])
            }
            FormatError::NoDay => said.daily_no_day.to_owned(),
        }
    }
}

impl DailyFormat {
    /// Reads a moment.js format. Supported: `YYYY`, `YY`, `M`, `MM`,
    /// `MMM`, `MMMM`, `D`, `DD`, `Do`, `dd`, `ddd`, `dddd`, text in
    /// `[brackets]` or after `\`, and any character that is not a moment.js
    /// token letter. Refused, with the reason: weeks, quarters, days of the
    /// year, times, time zones, timestamps and locale formats (`L`, `LL`).
    pub fn parse(format: &str) -> Result<DailyFormat, FormatError> {
        let chars: Vec<char> = format.chars().collect();
        let mut pieces: Vec<Piece> = Vec::new();
        let text = |pieces: &mut Vec<Piece>, c: &str| match pieces.last_mut() {
            Some(Piece::Text(t)) => t.push_str(c),
            _ => pieces.push(Piece::Text(c.to_owned())),
        };
        let mut at = 0;
        while let Some(&c) = chars.get(at) {
            if c == '['
                && let Some(close) = chars[at + 1..].iter().position(|&c| c == ']')
            {
                let inside: String = chars[at + 1..at + 1 + close].iter().collect();
                text(&mut pieces, &inside);
                at += close + 2;
                continue;
            }
            if c == '\\'
                && let Some(&next) = chars.get(at + 1)
            {
                text(&mut pieces, &next.to_string());
                at += 2;
                continue;
            }
            let run = chars[at..].iter().take_while(|&&d| d == c).count();
            let ordinal = chars.get(at + run) == Some(&'o');
            let Some((token, used)) = token_at(c, run, ordinal)? else {
                text(&mut pieces, &c.to_string());
                at += 1;
                continue;
            };
            pieces.push(Piece::Token(token));
            at += used;
        }
        let has = |wanted: &[Token]| {
            (pieces.iter()).any(|p| matches!(p, Piece::Token(t) if wanted.contains(t)))
        };
        let names_a_day = has(&[Token::Year, Token::ShortYear])
            && has(&[
                Token::Month,
                Token::Month2,
                Token::MonthShort,
                Token::MonthLong,
            ])
            && has(&[Token::Day, Token::Day2, Token::DayOrdinal]);
        if !names_a_day {
            return Err(FormatError::NoDay);
        }
        Ok(DailyFormat {
            pieces,
            written: format.to_owned(),
        })
    }

    /// The format as written.
    pub fn as_str(&self) -> &str {
        &self.written
    }

    /// The name the format gives a day, in English.
    pub fn format(&self, day: NaiveDate) -> String {
        self.format_in(&ENGLISH, day)
    }

    fn format_in(&self, locale: &Locale, day: NaiveDate) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Token(token) => out.push_str(&written(locale, *token, day)),
            }
        }
        out
    }

    /// The day whose name is exactly `name`, in English or in French.
    pub fn day_of(&self, name: &str) -> Option<NaiveDate> {
        let reading = |locale| Reading {
            format: self,
            locale,
            whole: name,
        };
        (LOCALES.into_iter())
            .find_map(|locale| reading(locale).read(&self.pieces, name, Fields::default()))
    }
}

/// A name being read with a format, in one language.
struct Reading<'a> {
    format: &'a DailyFormat,
    locale: &'a Locale,
    whole: &'a str,
}

impl Reading<'_> {
    /// Reads what is left of the name, `rest`, with `pieces`, trying each
    /// way a token of varying width may read, until a day formats back to
    /// the whole name.
    fn read(&self, pieces: &[Piece], rest: &str, fields: Fields) -> Option<NaiveDate> {
        let Some((piece, next)) = pieces.split_first() else {
            if !rest.is_empty() {
                return None;
            }
            let day = NaiveDate::from_ymd_opt(fields.year?, fields.month?, fields.day?)?;
            return (self.format.format_in(self.locale, day) == self.whole).then_some(day);
        };
        match piece {
            Piece::Text(text) => self.read(next, rest.strip_prefix(text.as_str())?, fields),
            Piece::Token(token) => {
                (candidates(self.locale, *token, rest).into_iter()).find_map(|(used, value)| {
                    let fields = fields.with(*token, value)?;
                    self.read(next, rest.get(used..)?, fields)
                })
            }
        }
    }
}

/// The token a run of `run` letters `c` starts with, and how many
/// characters it takes; none for a character written as is.
fn token_at(c: char, run: usize, ordinal: bool) -> Result<Option<(Token, usize)>, FormatError> {
    let unsupported =
        |token: String, reason: Unread| Err(FormatError::Unsupported { token, reason });
    let letters = |n: usize| c.to_string().repeat(n);
    Ok(Some(match c {
        'Y' => match run {
            4 => (Token::Year, 4),
            2 | 3 => (Token::ShortYear, 2),
            1 => return unsupported(letters(1), Unread::AnyWidthYear),
            _ => return unsupported(letters(run.min(6)), Unread::PaddedYear),
        },
        'M' if run == 1 && ordinal => return unsupported("Mo".into(), Unread::OrdinalMonth),
        'M' => match run {
            1 => (Token::Month, 1),
            2 => (Token::Month2, 2),
            3 => (Token::MonthShort, 3),
            _ => (Token::MonthLong, 4),
        },
        'D' if run == 1 && ordinal => (Token::DayOrdinal, 2),
        'D' => match run {
            1 => (Token::Day, 1),
            2 => (Token::Day2, 2),
            _ => return unsupported(letters(run.min(4)), Unread::DayOfYear),
        },
        'd' if run == 1 => {
            let token = if ordinal { "do" } else { "d" };
            return unsupported(token.into(), Unread::WeekdayNumber);
        }
        'd' => match run {
            2 => (Token::WeekdayMin, 2),
            3 => (Token::WeekdayShort, 3),
            _ => (Token::WeekdayLong, 4),
        },
        'w' | 'W' | 'g' | 'G' => return unsupported(letters(run.min(4)), Unread::Week),
        'Q' => return unsupported("Q".into(), Unread::Quarter),
        'e' | 'E' => return unsupported(letters(1), Unread::WeekdayNumber),
        'H' | 'h' | 'k' | 'm' | 's' | 'S' | 'a' | 'A' => {
            return unsupported(letters(run.min(2)), Unread::Time);
        }
        'X' | 'x' => return unsupported(letters(1), Unread::Timestamp),
        'Z' | 'z' => return unsupported(letters(run.min(2)), Unread::TimeZone),
        'L' | 'l' => {
            return unsupported(letters(run.min(4)), Unread::Locale);
        }
        'N' | 'y' => return unsupported(letters(run.min(4)), Unread::Era),
        _ => return Ok(None),
    }))
}

/// What a day gives for a token.
fn written(locale: &Locale, token: Token, day: NaiveDate) -> String {
    let month = day.month0() as usize;
    let weekday = day.weekday().num_days_from_sunday() as usize;
    match token {
        Token::Year => format!("{:04}", day.year()),
        Token::ShortYear => format!("{:02}", day.year().rem_euclid(100)),
        Token::Month2 => format!("{:02}", day.month()),
        Token::Month => day.month().to_string(),
        Token::MonthShort => locale.months_short[month].to_owned(),
        Token::MonthLong => locale.months[month].to_owned(),
        Token::Day2 => format!("{:02}", day.day()),
        Token::Day => day.day().to_string(),
        Token::DayOrdinal => format!("{}{}", day.day(), (locale.ordinal)(day.day())),
        Token::WeekdayMin => locale.weekdays_min[weekday].to_owned(),
        Token::WeekdayShort => locale.weekdays_short[weekday].to_owned(),
        Token::WeekdayLong => locale.weekdays[weekday].to_owned(),
    }
}

/// The year, month and day read so far.
#[derive(Debug, Clone, Copy, Default)]
struct Fields {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

impl Fields {
    /// With a token's value; none when a field read twice disagrees
    /// (`YYYY/YYYY-MM-DD` with two years).
    fn with(self, token: Token, value: Value) -> Option<Fields> {
        /// `value`, unless the field already holds another one.
        fn agreed<T: PartialEq>(slot: Option<T>, value: T) -> Option<T> {
            match slot {
                Some(old) if old != value => None,
                _ => Some(value),
            }
        }
        let mut fields = self;
        match (token, value) {
            (Token::Year | Token::ShortYear, Value::Number(n)) => {
                fields.year = Some(agreed(fields.year, i32::try_from(n).ok()?)?);
            }
            (
                Token::Month | Token::Month2 | Token::MonthShort | Token::MonthLong,
                Value::Number(n),
            ) => {
                fields.month = Some(agreed(fields.month, n)?);
            }
            (Token::Day | Token::Day2 | Token::DayOrdinal, Value::Number(n)) => {
                fields.day = Some(agreed(fields.day, n)?);
            }
            // A weekday is checked when the day is formatted back.
            (_, Value::Weekday) => {}
            _ => return None,
        }
        Some(fields)
    }
}

#[derive(Debug, Clone, Copy)]
enum Value {
    Number(u32),
    Weekday,
}

/// The ways `token` may read the start of `name`, in `locale`: how many
/// bytes, and the value read.
fn candidates(locale: &Locale, token: Token, name: &str) -> Vec<(usize, Value)> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    let number = |width: usize| -> Option<(usize, Value)> {
        (digits >= width)
            .then(|| name[..width].parse().ok())
            .flatten()
            .map(|n| (width, Value::Number(n)))
    };
    let names = |list: &[&str], value: &dyn Fn(u32) -> Value| {
        (1..)
            .zip(list)
            .filter(|(_, written)| name.starts_with(**written))
            .map(|(n, written)| (written.len(), value(n)))
            .collect::<Vec<_>>()
    };
    let weekday = |_| Value::Weekday;
    match token {
        Token::Year => number(4).into_iter().collect(),
        Token::ShortYear => number(2)
            .map(|(used, value)| match value {
                Value::Number(yy) if yy <= 68 => (used, Value::Number(2000 + yy)),
                Value::Number(yy) => (used, Value::Number(1900 + yy)),
                other @ Value::Weekday => (used, other),
            })
            .into_iter()
            .collect(),
        Token::Month2 | Token::Day2 => number(2).into_iter().collect(),
        Token::Month | Token::Day => [number(2), number(1)].into_iter().flatten().collect(),
        Token::DayOrdinal => [number(2), number(1)]
            .into_iter()
            .flatten()
            .filter_map(|(used, value)| {
                let Value::Number(day) = value else {
                    return None;
                };
                let suffix = (locale.ordinal)(day);
                name.get(used..)?
                    .starts_with(suffix)
                    .then_some((used + suffix.len(), value))
            })
            .collect(),
        Token::MonthShort => names(&locale.months_short, &Value::Number),
        Token::MonthLong => names(&locale.months, &Value::Number),
        Token::WeekdayMin => names(&locale.weekdays_min, &weekday),
        Token::WeekdayShort => names(&locale.weekdays_short, &weekday),
        Token::WeekdayLong => names(&locale.weekdays, &weekday),
    }
}

impl Default for DailyFormat {
    /// Obsidian's default, [`DEFAULT_FORMAT`].
    fn default() -> Self {
        DailyFormat {
            pieces: vec![
                Piece::Token(Token::Year),
                Piece::Text("-".into()),
                Piece::Token(Token::Month2),
                Piece::Text("-".into()),
                Piece::Token(Token::Day2),
            ],
            written: DEFAULT_FORMAT.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn formats_naming_no_single_day_are_refused_with_their_reason() {
        for (format, token) in [
            ("[Week] ww", Some("ww")),
            ("gggg-[W]ww", Some("gggg")),
            ("YYYY-MM-DD HH:mm", Some("HH")),
            ("YYYY-[Q]Q", Some("Q")),
            ("YYYY-DDDD", Some("DDDD")),
            ("LL", Some("LL")),
            ("YYYY-MM", None),
            ("MM-DD", None),
        ] {
            let error = DailyFormat::parse(format).unwrap_err();
            match token {
                Some(token) => assert!(
                    matches!(&error, FormatError::Unsupported { token: t, .. } if t == token),
                    "{format}: {error}"
                ),
                None => assert_eq!(error, FormatError::NoDay, "{format}"),
            }
        }
        let week = DailyFormat::parse("[Week] ww").unwrap_err().to_string();
        assert!(week.contains("names a week, not a day"), "{week}");
    }

    #[test]
    fn a_day_formats_as_obsidian_names_it() {
        let format = DailyFormat::parse("YYYY/MM/YYYY-MM-DD").unwrap();
        assert_eq!(format.format(day("2026-11-22")), "2026/11/2026-11-22");
        let format = DailyFormat::parse("[Week of] dddd Do MMM YY").unwrap();
        assert_eq!(
            format.format(day("2026-12-01")),
            "Week of Tuesday 1st Dec 26"
        );
        assert_eq!(
            DailyFormat::parse(DEFAULT_FORMAT).unwrap(),
            DailyFormat::default()
        );
    }
}
