//! Render stage: `Follow-ups.ics`, the reminders as an iCalendar file
//! (RFC 5545) that a calendar app imports or subscribes to.
//!
//! Written by hand rather than with the `icalendar` crate: that crate stamps
//! every component it writes without a `DTSTAMP` or `UID` with the clock and
//! a random UUID (its alarms included), and passes carriage returns and other
//! control characters into TEXT values, where RFC 5545 forbids them. Here the
//! bytes depend only on the input: no clock, sorted events, fixed order of
//! properties, so two machines syncing a vault write the same file.
//!
//! The alarm is `TRIGGER:PT9H`-style, a duration from the start of the
//! all-day event: an absolute `TRIGGER;VALUE=DATE-TIME` must be in UTC
//! (RFC 5545 3.8.6.3), which would tie the file to one time zone, while a
//! duration from a date's start rings at that local time wherever the user
//! is. It is also the form Apple Calendar writes for its own all-day alarms,
//! and Thunderbird reads it the same way. Google Calendar ignores alarms of
//! imported and subscribed calendars and applies its own default
//! notifications.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveTime, Timelike};

use super::Reminder;

/// The line that marks the file as written by suivi, within its first 200
/// bytes, as `generated_by: suivi` marks a page: a file at the calendar's
/// path without it belongs to the user and is never overwritten.
pub const ICS_MARKER: &str = "X-GENERATED-BY:suivi";

/// The longest content line, in octets, before folding (RFC 5545 3.1).
const LINE_LIMIT: usize = 75;

/// The calendar of `reminders`: one all-day event per reminder on its due
/// day, with an alarm at `alarm_at` that day. `as_of` is the only time stamp;
/// `name` is the calendar's display name.
pub fn calendar(
    reminders: &[Reminder],
    as_of: NaiveDate,
    alarm_at: NaiveTime,
    name: &str,
) -> String {
    let mut events: Vec<&Reminder> = reminders.iter().collect();
    events.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
    let mut out = String::new();
    write_calendar(
        events.into_iter().cloned(),
        as_of,
        alarm_at,
        name,
        &mut |part| {
            out.push_str(part);
        },
    );
    out
}

/// [`calendar`], handed to `out` one event at a time, so that a large
/// vault's calendar is never held whole: `reminders` come in the order of
/// the file, by due day then id.
pub fn write_calendar(
    reminders: impl IntoIterator<Item = Reminder>,
    as_of: NaiveDate,
    alarm_at: NaiveTime,
    name: &str,
    out: &mut dyn FnMut(&str),
) {
    let mut lines = Lines::default();
    lines.line("BEGIN:VCALENDAR");
    lines.line("VERSION:2.0");
    lines.line(ICS_MARKER);
    lines.line("PRODID:-//suivi//Follow-ups//EN");
    lines.line("CALSCALE:GREGORIAN");
    lines.line("METHOD:PUBLISH");
    lines.text("X-WR-CALNAME", name);
    out(&lines.0);

    let stamp = format!("DTSTAMP:{}T000000Z", date(as_of));
    let trigger = format!("TRIGGER:{}", duration_from_midnight(alarm_at));
    // A UID names one event: should two reminders share an id, the first
    // (in the file's order) stands.
    let mut seen = BTreeSet::new();
    for reminder in reminders {
        if !seen.insert(reminder.id.clone()) {
            continue;
        }
        let mut lines = Lines::default();
        lines.line("BEGIN:VEVENT");
        lines.line(&format!("UID:{}@suivi", clean_uid(&reminder.id)));
        lines.line(&stamp);
        lines.line(&format!("DTSTART;VALUE=DATE:{}", date(reminder.due)));
        let end = reminder.due.succ_opt().unwrap_or(reminder.due);
        lines.line(&format!("DTEND;VALUE=DATE:{}", date(end)));
        lines.text("SUMMARY", &reminder.title);
        lines.text("DESCRIPTION", &reminder.body);
        // A reminder takes no time: it never shows the user as busy.
        lines.line("TRANSP:TRANSPARENT");
        lines.line("BEGIN:VALARM");
        lines.line("ACTION:DISPLAY");
        lines.text("DESCRIPTION", &reminder.title);
        lines.line(&trigger);
        lines.line("END:VALARM");
        lines.line("END:VEVENT");
        out(&lines.0);
    }
    out("END:VCALENDAR\r\n");
}

/// Whether the head of a file (its first bytes) carries [`ICS_MARKER`] on a
/// line of its own.
pub fn carries_marker(head: &[u8]) -> bool {
    String::from_utf8_lossy(head)
        .split("\r\n")
        .any(|line| line == ICS_MARKER)
}

/// The calendar's text, one folded content line at a time.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, line: &str) {
        fold(line, &mut self.0);
    }

    fn text(&mut self, property: &str, value: &str) {
        self.line(&format!("{property}:{}", escape_text(value)));
    }
}

/// A date as iCalendar writes it: `20261120`.
fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// The time of day as a duration from midnight: `PT9H`, `PT9H30M`, `PT0S`.
fn duration_from_midnight(at: NaiveTime) -> String {
    let (hours, minutes) = (at.hour(), at.minute());
    let mut out = String::from("PT");
    if hours > 0 {
        let _ = write!(out, "{hours}H");
    }
    if minutes > 0 {
        let _ = write!(out, "{minutes}M");
    }
    if hours == 0 && minutes == 0 {
        out.push_str("0S");
    }
    out
}

/// An action id as a UID's left part: ids are short hex, but whatever else
/// comes in cannot break the line or the `@suivi` suffix.
fn clean_uid(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped,
/// a line break written `\n`; a CRLF counts as one line break, a tab as a
/// space, and other control characters are dropped, as the grammar allows
/// none of them.
pub(crate) fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded (RFC 5545 3.1): at most 75 octets a line, each
/// continuation starting with a space, never inside a UTF-8 character;
/// every line ends with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    // The first line has the whole limit; continuations lose one octet to
    // their leading space.
    let mut room = LINE_LIMIT;
    loop {
        if rest.len() <= room {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        out.push_str(head);
        out.push_str("\r\n ");
        rest = tail;
        room = LINE_LIMIT - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reminder(id: &str, due: &str, title: &str) -> Reminder {
        Reminder {
            id: id.to_owned(),
            title: title.to_owned(),
            body: format!("Body of {title}"),
            due: due.parse().unwrap(),
            overdue: false,
            due_at: None,
        }
    }

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold(line, &mut out);
        out
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn short_lines_are_left_whole() {
        assert_eq!(folded("SUMMARY:hello"), "SUMMARY:hello\r\n");
        let exact = "X".repeat(75);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_with_a_leading_space() {
        let line = format!("DESCRIPTION:{}", "a".repeat(300));
        let out = folded(&line);
        let lines: Vec<&str> = out.strip_suffix("\r\n").unwrap().split("\r\n").collect();
        assert_eq!(lines[0].len(), 75);
        for continuation in &lines[1..] {
            assert!(continuation.starts_with(' '), "{continuation:?}");
            assert!(continuation.len() <= 75);
        }
        assert_eq!(lines[1].len(), 75);
        assert_eq!(unfold(&out), format!("{line}\r\n"));
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        // Accents (2 octets), CJK (3), emoji (4), at every offset.
        for pad in 0..8 {
            let line = format!("SUMMARY:{}{}", "x".repeat(pad), "é漢😀".repeat(40));
            let out = folded(&line);
            for piece in out.split("\r\n") {
                assert!(piece.len() <= 75, "{} octets: {piece:?}", piece.len());
            }
            // Each piece is valid UTF-8 by construction (a &str); the
            // unfolded text is the line itself.
            assert_eq!(unfold(&out), format!("{line}\r\n"));
            assert!(!out.replace("\r\n", "").contains('\r'));
        }
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("one\ntwo\r\nthree"), r"one\ntwo\nthree");
        assert_eq!(escape_text("bell\u{7}\rcr\ttab\u{0}"), "bellcr tab");
        assert_eq!(escape_text("Mickaël: ok"), "Mickaël: ok");
    }

    #[test]
    fn the_alarm_is_a_duration_from_the_days_start() {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(duration_from_midnight(at(9, 0)), "PT9H");
        assert_eq!(duration_from_midnight(at(9, 30)), "PT9H30M");
        assert_eq!(duration_from_midnight(at(0, 45)), "PT45M");
        assert_eq!(duration_from_midnight(at(0, 0)), "PT0S");
    }

    #[test]
    fn a_calendar_has_one_event_per_reminder_on_its_day() {
        let reminders = [
            reminder("b2", "2026-11-22", "Update · Ann"),
            reminder("a1", "2026-11-21", "Thank-you · Paul Martin"),
        ];
        let as_of = "2026-11-20".parse().unwrap();
        let at = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let ics = calendar(&reminders, as_of, at, "suivi");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-GENERATED-BY:suivi\r\n"));
        assert!(carries_marker(&ics.as_bytes()[..200]));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        let first = ics.find("UID:a1@suivi").unwrap();
        let second = ics.find("UID:b2@suivi").unwrap();
        assert!(first < second, "sorted by day");
        assert!(ics.contains(
            "UID:a1@suivi\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;VALUE=DATE:20261121\r\nDTEND;VALUE=DATE:20261122\r\n"
        ));
        assert!(ics.contains("SUMMARY:Thank-you · Paul Martin\r\n"));
        assert_eq!(ics.matches("TRIGGER:PT9H\r\n").count(), 2);
        assert_eq!(ics.matches("BEGIN:VALARM").count(), 2);
        assert_eq!(calendar(&reminders, as_of, at, "suivi"), ics);
    }

    #[test]
    fn a_shared_id_makes_one_event_and_a_hostile_id_stays_on_its_line() {
        let reminders = [
            reminder("a1", "2026-11-21", "one"),
            reminder("a1", "2026-11-23", "two"),
            reminder("x\r\nEND:VCALENDAR@b", "2026-11-21", "three"),
        ];
        let ics = calendar(
            &reminders,
            "2026-11-20".parse().unwrap(),
            NaiveTime::MIN,
            "suivi",
        );
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert!(ics.contains("UID:xENDVCALENDARb@suivi\r\n"));
        assert_eq!(ics.matches("END:VCALENDAR\r\n").count(), 1);
    }

    #[test]
    fn a_file_without_the_marker_is_not_ours() {
        assert!(!carries_marker(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(!carries_marker(b"---\ngenerated_by: suivi\n---\n"));
    }
}
