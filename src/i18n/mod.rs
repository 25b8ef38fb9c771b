//! The catalogue of user-facing words: every text suivi shows a person, in
//! English ([`en`]) and in French ([`fr`]), one [`Words`] per language.
//! Pages, vault issues, command output, the watcher's log and
//! notifications all take their words from [`words`]. A leaf module: it
//! knows languages and dates, not notes, rules or the index.
//!
//! Fixed texts are `&'static str` fields; a sentence made with values is a
//! `fn` field that takes them, written in each language's file. See
//! `docs/words.md`.

use chrono::{Datelike, NaiveDate};

use crate::lang::Lang;

mod en;
mod fr;

/// Every fixed text of the pages, for one language.
pub struct Words {
    pub follow_ups: &'static str,
    pub people_to_meet: &'static str,
    pub companies: &'static str,
    pub interviews: &'static str,
    pub questions: &'static str,
    pub vault_issues: &'static str,
    pub generated: &'static str,
    pub overdue: &'static str,
    pub due_now: &'static str,
    pub this_week: &'static str,
    pub later: &'static str,
    pub nothing_due: &'static str,
    pub due: &'static str,
    pub draft: &'static str,
    pub subject: &'static str,
    pub person: &'static str,
    pub recommended_by: &'static str,
    pub company: &'static str,
    pub note: &'static str,
    pub may_mention: &'static str,
    pub status: &'static str,
    pub booked: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub unknown: &'static str,
    pub nobody_to_meet: &'static str,
    pub network: &'static str,
    pub network_legend: &'static str,
    pub target: &'static str,
    pub met: &'static str,
    pub to_meet: &'static str,
    pub conversations: &'static str,
    pub last_contact: &'static str,
    pub openings: &'static str,
    pub no_companies: &'static str,
    pub upcoming: &'static str,
    pub past: &'static str,
    pub date: &'static str,
    pub contact: &'static str,
    pub channel: &'static str,
    pub thank_you: &'static str,
    pub not_sent: &'static str,
    pub per_month: &'static str,
    pub month: &'static str,
    pub referrals_gathered: &'static str,
    pub no_interviews: &'static str,
    pub asked: &'static str,
    pub question: &'static str,
    pub times: &'static str,
    pub asked_to: &'static str,
    pub bank: &'static str,
    pub never_asked: &'static str,
    pub all_asked: &'static str,
    pub answers: &'static str,
    pub no_bank: &'static str,
    pub no_answer: &'static str,
    pub answer_changed: &'static str,
    pub file: &'static str,
    pub line: &'static str,
    pub problem: &'static str,
    pub fix: &'static str,
    pub no_issues: &'static str,
    pub statuses: [&'static str; 6],
    /// The label of each kind of action, in the order of
    /// `ActionKind::ALL`.
    pub kinds: [&'static str; 8],
    /// What ticking an item records, per kind of record (`done::Record`): a
    /// property on the conversation, a message in a person's note, the
    /// task ticked.
    pub tick_records_property: &'static str,
    /// The same, for the thank-you: once the message is sent.
    pub tick_records_sent: &'static str,
    pub tick_records_touch: &'static str,
    pub tick_records_task: &'static str,
    /// A tick on an item whose action is no longer due.
    pub tick_gone: &'static str,
    /// The link that opens a draft in the mail app.
    pub write_mail: &'static str,
    /// What an empty Follow-ups page and `due` say before any conversation
    /// is noted, given the interviews' folder and the template, as code.
    pub first_steps: fn(folder: &str, template: &str) -> String,
    pub base: BaseWords,
    pub reasons: Reasons,
    pub drafts: Drafts,
    pub issues: Issues,
    pub cli: CliWords,
    pub import: ImportWords,
    pub watch: WatchWords,
    pub remind: RemindWords,
    pub errors: ErrorWords,
}

/// The People base's own words.
pub struct BaseWords {
    /// The file's name, without `.base`.
    pub title: &'static str,
    pub generated: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub snooze_until: &'static str,
    pub email: &'static str,
    pub to_contact: &'static str,
}

/// The sentences that say why an action is there. Names and free text come
/// already written as the caller shows them (links on a page, plain in a
/// terminal); `who` is a person with their company, like `Ana (Acme)`.
pub struct Reasons {
    /// ` through Ana`: who sent you to them, after a name.
    pub through: fn(referrer: &str) -> String,
    pub thank_you: fn(who: &str, met: NaiveDate, through: &str) -> String,
    pub update: fn(who: &str, last_contact: NaiveDate) -> String,
    pub nudge: fn(who: &str, promised: NaiveDate) -> String,
    pub driving: fn(person: &str, outs: usize) -> String,
    pub promise: fn(person: &str, task: &str) -> String,
    /// What to do about the company before a meeting: its note exists.
    pub prep_reread: &'static str,
    /// The same when the company has no note yet.
    pub prep_research: &'static str,
    /// `company` is [`Reasons::prep_reread`], [`Reasons::prep_research`] or
    /// empty; `time` is empty or ` 14:30`.
    pub prep: fn(
        who: &str,
        day: NaiveDate,
        time: &str,
        through: &str,
        company: &str,
        questions: usize,
    ) -> String,
    pub close_the_loop: fn(met: &str, on: NaiveDate, referrer: &str) -> String,
    pub opening: fn(who: &str, role: Option<&str>, expected: NaiveDate) -> String,
    /// The word joining the last two names of a list.
    pub and: &'static str,
    /// The note of the `out` touch that records an action as done.
    pub touch_thank_you: &'static str,
    pub touch_update: &'static str,
    pub touch_nudge: &'static str,
    pub touch_close_the_loop: fn(met: &str) -> String,
    pub touch_opening: &'static str,
}

/// The drafts of messages: plain text, which the caller escapes.
pub struct Drafts {
    /// The greeting's word, before a first name.
    pub hello: &'static str,
    /// A day as a letter writes it.
    pub written_date: fn(NaiveDate) -> String,
    /// Subject and body of a thank-you, given the greeting, the day
    /// written out and the conversation's topic.
    pub thank_you: fn(hello: &str, on: &str, topic: Option<&str>) -> (String, String),
    pub update: fn(hello: &str, on: &str) -> (String, String),
    pub close_the_loop: fn(hello: &str, met: &str, on: &str) -> (String, String),
}

/// The messages and fixes of vault issues. Values that come from a note
/// are passed as code spans already ([`code`]).
pub struct Issues {
    pub conflict_copy: &'static str,
    pub conflict_copy_fix: &'static str,
    pub unreadable: fn(reason: &str) -> String,
    pub unreadable_fix: &'static str,
    pub misspelt: fn(name: &str, meant: &str) -> String,
    pub misspelt_fix: fn(meant: &str) -> String,
    pub not_a_page: &'static str,
    pub symlink_page: &'static str,
    pub blocked_page_fix: &'static str,
    pub daily_settings: fn(error: &str) -> String,
    pub daily_format: fn(format: &str, error: &str) -> String,
    pub daily_fix: &'static str,
    /// A daily note format's token suivi does not read, and what it names.
    pub daily_token: fn(token: &str, names: &str) -> String,
    /// What each unread token names, in the order of `daily::format::Unread`.
    pub daily_unread: [&'static str; 12],
    pub daily_no_day: &'static str,
    pub name_taken: fn(name: &str, owner: &str) -> String,
    pub name_taken_fix: &'static str,
    /// What a property's value is, in a message about its type: nothing,
    /// a checkbox, a number, text, a list, a map.
    pub value_kinds: [&'static str; 6],
    pub not_utf8: &'static str,
    pub not_utf8_fix: &'static str,
    pub merge_conflict: &'static str,
    pub merge_conflict_fix: &'static str,
    pub blank_before_fence: &'static str,
    pub blank_before_fence_fix: &'static str,
    pub fence_unclosed: &'static str,
    pub fence_unclosed_fix: &'static str,
    pub yaml_unreadable: fn(message: &str) -> String,
    pub yaml_fix: &'static str,
    pub placeholder: fn(key: &str) -> String,
    pub placeholder_fix: &'static str,
    pub no_contact: &'static str,
    pub no_contact_fix: &'static str,
    pub no_date: &'static str,
    pub no_date_fix: &'static str,
    /// What a property should hold, in a message about its type: text, a
    /// list of text, one link, links, a whole number, a checkbox,
    /// referrals, touches.
    pub expected_kinds: [&'static str; 8],
    pub wrong_kind: fn(key: &str, wanted: &str, found: &str) -> String,
    pub wrong_kind_fix: fn(key: &str, example: &str) -> String,
    /// The examples of a fix: some text, a list of text, a list of touches.
    pub example_text: &'static str,
    pub example_texts: &'static str,
    pub example_touches: &'static str,
    pub unquoted_link: fn(key: &str) -> String,
    pub unquoted_link_fix: fn(key: &str, name: &str) -> String,
    pub not_a_date: fn(key: &str, shown: &str) -> String,
    pub not_a_date_fix: fn(key: &str) -> String,
    pub unknown_status: fn(shown: &str) -> String,
    pub unknown_status_fix: fn(known: &str) -> String,
    pub bad_touch: fn(shown: &str) -> String,
    pub bad_touch_fix: &'static str,
}

/// What the commands print: summaries, outcomes and errors.
pub struct CliWords {
    pub build_summary: fn(&BuildCounts) -> String,
    pub issues_hint: fn(issues: usize, page: &str) -> String,
    pub check_summary: fn(issues: usize, notes: usize) -> String,
    pub tick_recorded: fn(id: &str, what: &str) -> String,
    pub tick_not_recorded: fn(id: &str, why: &str) -> String,
    pub recorded_id: fn(id: &str, what: &str) -> String,
    pub recorded: fn(what: &str) -> String,
    pub not_recorded_id: fn(id: &str, why: &str) -> String,
    pub not_recorded: fn(why: &str) -> String,
    pub undone: fn(description: &str, named: &str, more: usize) -> String,
    /// Said instead of rebuilding the pages when a watcher keeps the vault.
    pub watch_updates: &'static str,
    pub page_written: fn(path: &str) -> String,
    pub page_not_written: fn(error: &str) -> String,
    pub cannot_write_vault: fn(dir: &str) -> String,
    pub cannot_write_sample: fn(dir: &str) -> String,
    pub init_written: fn(files: usize, dir: &str) -> String,
    pub init_skipped: fn(file: &str) -> String,
    pub init_next: fn(dir: &str) -> String,
    pub demo_reused: fn(dir: &str) -> String,
    pub demo_wrote: fn(dir: &str) -> String,
    pub demo_pages: fn(dir: &str) -> String,
    pub demo_watching: fn(dir: &str) -> String,
    pub bad_when: fn(given: &str) -> String,
    pub not_an_id: fn(given: &str, digits: usize) -> String,
    pub no_such_id: fn(given: &str) -> String,
    pub ambiguous_id: fn(given: &str, count: usize, ids: &str) -> String,
    pub bad_channel: fn(given: &str) -> String,
    pub until_or_for: &'static str,
    pub nobody_new: fn(name: &str) -> String,
    pub nobody_close: fn(name: &str, close: &str) -> String,
    pub bad_length: fn(given: &str) -> String,
    pub bad_day: fn(given: &str) -> String,
    pub bad_poll: &'static str,
}

/// The counts `build` ends with.
pub struct BuildCounts<'a> {
    pub notes: usize,
    pub conversations: usize,
    pub people: usize,
    pub companies: usize,
    pub actions: usize,
    pub overdue: usize,
    pub written: usize,
    pub unchanged: usize,
    pub output: &'a str,
}

/// What `suivi import` says.
pub struct ImportWords {
    pub created: fn(applied: bool, notes: usize) -> String,
    pub filled: fn(applied: bool, properties: usize, notes: usize) -> String,
    pub skipped: fn(contacts: usize) -> String,
    pub same_email: &'static str,
    pub same_linkedin: &'static str,
    pub same_name: &'static str,
    pub merged: &'static str,
    pub same_as: &'static str,
    pub review: &'static str,
    pub held: &'static str,
    pub waiting: &'static str,
    pub taken: &'static str,
    /// What a heading ends with when a list follows.
    pub colon: &'static str,
    pub nothing_written: fn(notes: usize, fills: usize) -> String,
    pub not_written: fn(failed: usize) -> String,
    pub nameless: &'static str,
    pub not_created: &'static str,
    pub not_filled: &'static str,
    pub bad_status: fn(given: &str, known: &str) -> String,
    pub write_notes_off: &'static str,
    pub unterminated_quote: &'static str,
    pub field_count: fn(expected: usize, found: usize) -> String,
    pub unknown_format: &'static str,
    pub unclosed_card: &'static str,
    pub end_without_begin: &'static str,
    pub outside_card: &'static str,
}

/// The watcher's log: labels and sentences.
pub struct WatchWords {
    pub error: &'static str,
    pub warning: &'static str,
    pub watching: fn(dir: &str) -> String,
    pub stopped: &'static str,
    pub notes_read: fn(notes: usize) -> String,
    pub no_note_changed: &'static str,
    pub one_changed: fn(note: &str) -> String,
    pub many_changed: fn(first: &str, more: usize) -> String,
    /// `pages` is a list made with [`Reasons::and`].
    pub pages_written: fn(pages: &str) -> String,
    pub pages_not_written: fn(count: usize) -> String,
    pub no_page_changed: &'static str,
    /// The sentence of one pass: why it ran, what it did, how long it took.
    pub pass: fn(why: &str, did: &str, ms: u128) -> String,
    pub retry_in: fn(secs: u64) -> String,
    pub ticked: fn(id: &str, recorded: &str) -> String,
    pub tick_not_recorded: fn(id: &str, why: &str) -> String,
    pub page_not_written: fn(error: &str) -> String,
    pub rescan: fn(error: &str) -> String,
    pub polling: fn(secs: f32) -> String,
    pub too_many_folders: &'static str,
    pub vault_gone: fn(dir: &str) -> String,
    pub told_digest: fn(actions: usize) -> String,
    pub told: fn(title: &str) -> String,
    pub not_saved: fn(error: &str) -> String,
    pub page_changed_outside: &'static str,
    pub clock_moved: fn(today: NaiveDate) -> String,
    pub retrying: &'static str,
    /// What `-v` adds: every decision of a pass.
    pub holding: fn(ms: u128) -> String,
    pub batch_ignored: &'static str,
    pub batch: &'static str,
    pub no_indexed_note_changed: &'static str,
    pub pages_hold: &'static str,
    pub unchanged_pages: fn(pages: &str) -> String,
    pub refreshed: &'static str,
    pub still_changing: fn(note: &str) -> String,
    pub no_reminders: &'static str,
    pub nothing_new: &'static str,
    pub still_sending: &'static str,
    pub cannot_open_vault: fn(dir: &str) -> String,
    pub cannot_listen: &'static str,
    pub cannot_start_watching: &'static str,
    pub cannot_watch: fn(dir: &str) -> String,
    pub cannot_start_polling: &'static str,
    pub cannot_poll: fn(dir: &str) -> String,
}

/// Why a note was not edited or created, a page not written, a watcher not
/// started: each names the file and says what to do.
pub struct ErrorWords {
    pub writes_off: fn(rel: &str) -> String,
    pub bad_path: fn(rel: &str, reason: &str) -> String,
    pub symlink_note: fn(rel: &str, link: &str) -> String,
    pub not_a_file: fn(rel: &str) -> String,
    pub no_such_note: fn(rel: &str) -> String,
    pub note_exists: fn(rel: &str) -> String,
    pub not_utf8: fn(rel: &str) -> String,
    pub note_has_issue: fn(rel: &str, line: usize, message: &str, fix: &str) -> String,
    pub keeps_changing: fn(rel: &str, attempts: usize) -> String,
    pub nothing_to_undo: &'static str,
    pub changed_since: fn(description: &str, notes: &str) -> String,
    pub journal_link: fn(path: &str) -> String,
    pub journal: fn(path: &str, line: usize, message: &str) -> String,
    pub duplicate_key: fn(key: &str, first: usize, second: usize) -> String,
    pub unclosed: &'static str,
    pub unparsable: fn(line: usize, message: &str) -> String,
    pub block_scalar: fn(key: &str, line: usize) -> String,
    pub multi_line: fn(key: &str, line: usize) -> String,
    pub anchor_or_tag: fn(key: &str, line: usize) -> String,
    pub not_a_scalar: fn(key: &str, line: usize) -> String,
    pub not_a_list: fn(key: &str, line: usize) -> String,
    pub complex: fn(key: &str, line: usize) -> String,
    pub invalid_key: fn(key: &str) -> String,
    pub task_missing: fn(line: usize) -> String,
    pub task_changed: fn(line: usize, found: &str, expected: &str) -> String,
    pub check_failed: fn(reason: &str) -> String,
    pub warning_not_task: fn(text: &str) -> String,
    pub task_gone: fn(note: &str, task: &str) -> String,
    pub new_exists: fn(path: &str) -> String,
    pub lock_held: fn(pid: u32, host: &str) -> String,
    pub lock_starting: &'static str,
    pub lock_other_host: fn(path: &str, pid: u32, host: &str) -> String,
    pub page_symlink: fn(path: &str) -> String,
    pub page_changed_meanwhile: fn(path: &str) -> String,
}

/// Reminders' notifications.
pub struct RemindWords {
    pub overdue: fn(title: &str) -> String,
    pub more: fn(more: usize) -> String,
    pub digest_title: fn(count: usize, overdue: usize) -> String,
    pub open_follow_ups: &'static str,
    pub desktop_unavailable: fn(reason: &str) -> String,
    pub desktop_not_shown: fn(error: &str) -> String,
    pub desktop_no_thread: fn(error: &str) -> String,
    pub desktop_dropped: &'static str,
    pub no_click_thread: fn(error: &str) -> String,
    pub opener_failed: fn(opener: &str, status: &str) -> String,
    pub opener_not_run: fn(opener: &str, error: &str) -> String,
    pub ntfy_unreachable: fn(server: &str, reason: &str) -> String,
    pub ntfy_refused: fn(server: &str, status: u16) -> String,
    pub ntfy_missed: fn(error: &str) -> String,
    pub ntfy_queued_up: &'static str,
    pub ntfy_no_thread: fn(error: &str) -> String,
    pub ntfy_retry: fn(error: &str, pause: &str) -> String,
    pub sent_unwritable: fn(path: &str, error: &str) -> String,
    pub sent_unreadable: fn(path: &str, error: &str) -> String,
    pub sent_damaged: fn(path: &str, error: &str) -> String,
}

/// The words of `lang`.
pub const fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &en::WORDS,
        Lang::Fr => &fr::WORDS,
    }
}

/// `text` as a `CommonMark` code span for an issue's message or fix: fenced
/// with more backticks than any run inside it, and padded with a space
/// when it starts or ends with one, so any value shows whole as code.
pub fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// What an empty Follow-ups page and `due` say before any conversation is
/// noted: the command, or the template, that makes the first one.
pub fn first_steps(lang: Lang, interviews: &str, templates: &str) -> String {
    let template = code(&format!("{templates}/Interview.md"));
    let folder = code(&format!("{interviews}/"));
    (words(lang).first_steps)(&folder, &template)
}

/// `A`, `A and B`, `A, B and C`, with the language's `and`.
pub fn and_list(lang: Lang, items: &[String]) -> String {
    let and = words(lang).reasons.and;
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A thank-you draft: a subject recalling the conversation (P6), then a
/// short body, written as people write (a date in words, the topic quoted
/// in French, one kind of apostrophe). Both are plain text; the caller
/// escapes them.
pub fn thank_you_draft(
    lang: Lang,
    name: &str,
    met: NaiveDate,
    subject: Option<&str>,
) -> (String, String) {
    let drafts = &words(lang).drafts;
    let on = (drafts.written_date)(met);
    let (subject, body) = (drafts.thank_you)(&greeting(lang, name), &on, subject);
    (one_apostrophe(&subject), one_apostrophe(&body))
}

/// An update draft (P8): where your search stands, some weeks after the
/// last contact. Plain text; the caller escapes it.
pub fn update_draft(lang: Lang, name: &str, last_contact: NaiveDate) -> (String, String) {
    let drafts = &words(lang).drafts;
    let on = (drafts.written_date)(last_contact);
    let (subject, body) = (drafts.update)(&greeting(lang, name), &on);
    (one_apostrophe(&subject), one_apostrophe(&body))
}

/// A close-the-loop draft (P10): the referrer hears that you met the
/// person they sent you to. Plain text; the caller escapes it.
pub fn close_the_loop_draft(lang: Lang, name: &str, met: &str, on: NaiveDate) -> (String, String) {
    let drafts = &words(lang).drafts;
    let on = (drafts.written_date)(on);
    let (subject, body) = (drafts.close_the_loop)(&greeting(lang, name), met, &on);
    (one_apostrophe(&subject), one_apostrophe(&body))
}

/// `Hello Jo,` from the first word of a name, without the punctuation a
/// name may end a word with (`Smith, Jo` greets `Smith`); `Hello,` when no
/// word is left.
fn greeting(lang: Lang, name: &str) -> String {
    let first = name
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|word| !word.is_empty());
    let hello = words(lang).drafts.hello;
    match first {
        Some(first) => format!("{hello} {first},"),
        None => format!("{hello},"),
    }
}

/// The months' names, in English and in French: as a letter writes them,
/// and as moment.js writes them in daily notes' names.
pub const MONTHS: [[&str; 12]; 2] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
];

/// The name of `date`'s month in a row of [`MONTHS`].
fn month_name(names: &[&'static str; 12], date: NaiveDate) -> &'static str {
    let month = usize::try_from(date.month0()).unwrap_or(0);
    names[month % 12]
}

/// A day as a letter writes it: `30 November 2026`, `30 novembre 2026`,
/// `1er décembre 2026`.
pub fn written_date(lang: Lang, date: NaiveDate) -> String {
    (words(lang).drafts.written_date)(date)
}

/// A draft's apostrophes in the one style suivi writes both languages in,
/// straight, whatever the note's topic used.
fn one_apostrophe(text: &str) -> String {
    text.replace('’', "'")
}

/// A subject line starts with a capital, whatever the note's `topic` does.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_read_as_people_write_them() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let topic = Some("passer de l’enseignement au data engineering");
        let (subject, body) = thank_you_draft(Lang::Fr, "Sophie Martin", day, topic);
        assert_eq!(
            subject,
            "Passer de l'enseignement au data engineering : merci pour votre temps"
        );
        assert!(
            body.starts_with(
                "Bonjour Sophie, merci pour notre échange du 30 novembre 2026 sur « passer de l'enseignement au data engineering »."
            ),
            "{body}"
        );
        assert!(!body.contains('’'), "{body}");
        let (_, body) = thank_you_draft(Lang::En, "Smith, Jo; \\x", day, Some("data’s future"));
        assert!(
            body.starts_with(
                "Hello Smith, thank you for our conversation on 30 November 2026 about data's future."
            ),
            "{body}"
        );
        let (subject, body) = thank_you_draft(Lang::En, "!!", day, None);
        assert_eq!(subject, "Our conversation of 30 November 2026: thank you");
        assert!(body.starts_with("Hello, thank you"), "{body}");
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(written_date(Lang::Fr, first), "1er décembre 2026");
    }
}
