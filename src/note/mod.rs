//! Notes stage: the typed notes that one file's bytes become.
//!
//! [`parse_note`] (in `parse`) reads a file into a [`Note`]; `reader` reads
//! its properties by name, `properties` the written forms of their values.
//!
//! Properties are read leniently, the way Obsidian users write them: a link
//! or plain text, one value or a list, a date or a datetime. A property of the
//! wrong shape becomes an issue on its own line and is treated as absent; the
//! rest of the note is still read. A front-matter that is not valid YAML makes
//! the whole note unreadable: it is reported and skipped.

mod parse;
mod properties;
mod reader;

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

pub use self::parse::{is_bank_note, parse_note};
pub use self::properties::{parse_touch, parse_when};
use crate::body::{self, Section, Task};
use crate::issue::VaultIssue;
use crate::names::{LinkTarget, question_key};

/// When a conversation happens: a date, and a time when one is written.
/// A time is read as written, in local time; an offset or zone is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct When {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

/// A name someone gave you (P3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub name: LinkTarget,
    pub company: Option<LinkTarget>,
    pub role: Option<String>,
    pub note: Option<String>,
    pub may_mention: Option<bool>,
}

/// Which way a message went: from you (`out`) or to you (`in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Out,
    In,
}

/// A message logged on a person note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touch {
    pub date: NaiveDate,
    pub dir: Direction,
    pub channel: Option<String>,
    pub note: Option<String>,
}

/// Where you stand with a person: a person note's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    ToContact,
    Contacted,
    Scheduled,
    Met,
    Declined,
    Closed,
}

impl Status {
    pub const ALL: [(&'static str, Status); 6] = [
        ("to-contact", Status::ToContact),
        ("contacted", Status::Contacted),
        ("scheduled", Status::Scheduled),
        ("met", Status::Met),
        ("declined", Status::Declined),
        ("closed", Status::Closed),
    ];

    /// Reads `to-contact`, `To contact`, `to_contact` alike.
    fn parse(text: &str) -> Option<Status> {
        let wanted = text.trim().to_lowercase().replace([' ', '_'], "-");
        Status::ALL
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, s)| *s)
    }
}

/// One conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interview {
    pub contacts: Vec<LinkTarget>,
    pub when: When,
    pub company: Option<LinkTarget>,
    pub role: Option<String>,
    pub channel: Option<String>,
    pub duration: Option<u32>,
    pub referred_by: Option<LinkTarget>,
    pub topic: Option<String>,
    pub questions: Vec<String>,
    pub referrals: Vec<Referral>,
    pub thank_you_sent: Option<NaiveDate>,
    pub they_follow_up_by: Option<NaiveDate>,
    pub opening: Option<String>,
    pub opening_expected: Option<NaiveDate>,
    /// When you prepared the conversation: no prep action after it.
    pub prepared: Option<NaiveDate>,
    /// The body's first heading, the subject of a thank-you without `topic`.
    pub first_heading: Option<String>,
    /// The sections under headings: every one when parsed, then only those
    /// answering a question of the bank ([`Note::keep_answers`]).
    pub answers: Vec<Answer>,
}

/// A section of an interview, as an answer to the question its heading
/// asks. Its text stays in the file (see [`body::read_back`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The [`question_key`] of the section's heading: once the note is kept
    /// for a bank, the bank's own key, which every answer to that question
    /// shares (a vault has many answers to a few dozen questions).
    pub question: Arc<str>,
    /// Where the section's text lies in the note's file.
    pub span: Range<usize>,
    /// The [`body::text_hash`] of the text: tells a text changed since.
    pub hash: u64,
}

impl Answer {
    fn of(section: Section) -> Answer {
        Answer {
            question: question_key(&section.heading).into(),
            span: section.span,
            hash: section.hash,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.span.is_empty()
    }

    /// The answer's text, read back from the note's `file`; none when the
    /// file no longer holds it there.
    pub fn read_text(&self, file: &Path) -> Option<String> {
        body::read_back(file, &self.span, self.hash)
    }
}

/// A person note: `People/Name.md`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PersonNote {
    pub aliases: Vec<String>,
    pub company: Option<LinkTarget>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub linkedin: Option<String>,
    pub phone: Option<String>,
    pub status: Option<Status>,
    pub referred_by: Option<LinkTarget>,
    pub may_mention: Option<bool>,
    pub last_contact: Option<NaiveDate>,
    pub cadence_days: Option<u32>,
    pub touches: Vec<Touch>,
    pub snooze_until: Option<NaiveDate>,
}

/// A company note: `Companies/Name.md`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CompanyNote {
    pub target: bool,
    pub website: Option<String>,
    pub industry: Option<String>,
}

/// A daily note (SPEC 2.5): its day, and whom its body may say you met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailyNote {
    pub day: NaiveDate,
    /// Every `[[link]]` of the body outside an open task, each once, in
    /// the order written; the index keeps those that name a person.
    pub links: Vec<LinkTarget>,
}

/// What a person's or company's note is called: its file name. Notes of
/// other kinds need no name: most of a vault keeps none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named {
    /// The file name without `.md`, in NFC.
    pub name: String,
    /// `name_key(name)`, computed once where notes are parsed in parallel,
    /// and shared with the index as the key of the person or company.
    pub key: Arc<str>,
}

/// The properties of notes are shared with the index, which keeps them
/// without copying their text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Kind {
    Interview(Arc<Interview>),
    Person(Named, Arc<PersonNote>),
    Company(Named, Arc<CompanyNote>),
    Daily(Arc<DailyNote>),
    /// Any other note: a vault holds many things suivi leaves alone.
    Other,
}

/// One note, read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Vault-relative path, `/`-separated; shared with the index, its
    /// conversations, promises and actions.
    pub path: Arc<str>,
    pub kind: Kind,
    /// Open tasks, for interviews and person notes.
    pub tasks: Vec<Task>,
    /// List items, for the question bank note only.
    pub bank: Vec<(String, usize)>,
    pub issues: Vec<VaultIssue>,
}

impl Note {
    /// A note with nothing read yet: kind Other, no issue.
    pub fn empty(path: &str) -> Note {
        Note {
            path: Arc::from(path),
            kind: Kind::Other,
            tasks: Vec::new(),
            bank: Vec::new(),
            issues: Vec::new(),
        }
    }

    /// The name of a person's or company's note.
    pub fn named(&self) -> Option<&Named> {
        match &self.kind {
            Kind::Person(named, _) | Kind::Company(named, _) => Some(named),
            Kind::Interview(_) | Kind::Daily(_) | Kind::Other => None,
        }
    }

    /// Drops the answers to no question of the bank: no page shows their
    /// text. Kept, typing in the body of a note would call for a pass that
    /// changes nothing. Those kept share the bank's key of their question.
    pub fn keep_answers(&mut self, bank: &BankKeys) {
        let Kind::Interview(interview) = &mut self.kind else {
            return;
        };
        let shared = |a: &Answer| bank.0.get(&*a.question).filter(|_| !a.is_empty());
        let kept_as_they_are = (interview.answers.iter())
            .all(|a| shared(a).is_some_and(|key| Arc::ptr_eq(key, &a.question)));
        if kept_as_they_are {
            return;
        }
        let answers = &mut Arc::make_mut(interview).answers;
        answers.retain_mut(|answer| match shared(answer) {
            Some(key) => {
                answer.question = Arc::clone(key);
                true
            }
            None => false,
        });
        answers.shrink_to_fit();
    }
}

impl Named {
    fn new(name: String, key: String) -> Named {
        Named {
            name,
            key: Arc::from(key),
        }
    }
}

/// The keys of the question bank's questions, from every note that may be
/// the bank: the headings whose sections the notes keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankKeys(BTreeSet<Arc<str>>);

impl BankKeys {
    pub fn of<'a>(notes: impl IntoIterator<Item = &'a Note>) -> BankKeys {
        BankKeys(
            notes
                .into_iter()
                .flat_map(|note| &note.bank)
                .map(|(question, _)| question_key(question).into())
                .collect(),
        )
    }
}

impl Direction {
    /// How a touch writes it: `out` or `in`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
        }
    }
}

impl Touch {
    /// The text form of the touch, as `touches` holds it.
    pub fn to_text(&self) -> String {
        let mut text = format!("{} {}", self.date, self.dir.as_str());
        if let Some(channel) = &self.channel {
            text.push(' ');
            text.push_str(channel);
        }
        if let Some(note) = &self.note {
            text.push_str(": ");
            text.push_str(note);
        }
        text
    }

    /// The map form of the touch, `{date, dir, channel, note}`, for a list
    /// that holds only maps.
    pub fn to_map(&self) -> Vec<(String, String)> {
        let fields = [
            ("date", Some(self.date.to_string())),
            ("dir", Some(self.dir.as_str().to_owned())),
            ("channel", self.channel.clone()),
            ("note", self.note.clone()),
        ];
        (fields.into_iter())
            .filter_map(|(key, value)| Some((key.to_owned(), value?)))
            .collect()
    }
}

#[cfg(test)]
mod test_support {
    use super::{Interview, Kind, Note, parse_note};
    use crate::config::Config;

    pub(super) fn parse(path: &str, text: &str) -> Note {
        parse_note(path, text.as_bytes(), &Config::default())
    }

    pub(super) fn interview(note: &Note) -> &Interview {
        match &note.kind {
            Kind::Interview(i) => i,
            other => panic!("not an interview: {other:?} {:?}", note.issues),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{interview, parse};
    use super::*;

    #[test]
    fn an_interview_keeps_the_sections_a_bank_question_asks_about() {
        let bank = parse(
            "Question bank.md",
            "- What does a typical day look like?\n- Pay?\n",
        );
        let bank = BankKeys::of([&bank]);
        let text = "\u{feff}---\r\ncontact: Paul\r\ndate: 2026-11-20\r\n---\r\n# Call with Paul\r\n\
             ## What does a typical day look like ?\r\nMeetings.\r\n## Pay\r\n\r\n## Office\r\nOpen plan.\r\n";
        let mut note = parse("Interviews/a.md", text);
        assert_eq!(interview(&note).answers.len(), 4);
        note.keep_answers(&bank);
        // Where the text lies in the file, byte order mark and all.
        let kept: Vec<_> = (interview(&note).answers.iter())
            .map(|a| (&*a.question, &text[a.span.clone()]))
            .collect();
        let question = question_key("What does a typical day look like?");
        assert_eq!(kept, [(question.as_str(), "Meetings.")]);
        // Every answer kept shares the bank's key of its question.
        let shared = bank.0.get(question.as_str()).unwrap();
        assert!(Arc::ptr_eq(&interview(&note).answers[0].question, shared));
        assert_eq!(
            interview(&note).first_heading.as_deref(),
            Some("Call with Paul")
        );
    }
}
