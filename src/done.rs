//! What marking an action done records, and where (SPEC 3.1).
//!
//! One table for the page and for the commands: the Follow-ups page says
//! what ticking an item records from [`record_of`], and ticking it, or
//! `suivi done`, records exactly that.

use std::sync::Arc;

use crate::index::{Index, NotePath, PersonKey};
use crate::rules::{Action, ActionKind, Detail};

/// What is written in the notes when an action is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// `key: <day>` on the conversation's note.
    Property { note: NotePath, key: &'static str },
    /// A message sent to `person`, an `out` touch in their note (made from
    /// the vault's Person template when they have none).
    Touch { person: PersonKey, kind: ActionKind },
    /// The open task ticked in its note, `- [x] … ✅ <day>`.
    Task { note: NotePath, task: Arc<str> },
    /// A warning, not a task: nothing to record.
    Nothing,
}

/// The property a thank-you to one person sets on the conversation.
pub const THANK_YOU_SENT: &str = "thank_you_sent";
/// The property a prepared conversation gets: no prep action after it.
pub const PREPARED: &str = "prepared";

/// What doing `action` records. A thank-you after a conversation with one
/// person is `thank_you_sent` on its note; after a panel, each person's
/// thank-you is a message to them, so the others' stay due.
pub fn record_of(action: &Action, index: &Index) -> Record {
    let touch = || Record::Touch {
        person: Arc::clone(&action.person),
        kind: action.kind,
    };
    match &action.detail {
        Detail::ThankYou { .. } => {
            let panel = (index.conversations.iter())
                .find(|c| c.path == action.note)
                .is_some_and(|c| c.contacts.len() > 1);
            if panel {
                touch()
            } else {
                Record::Property {
                    note: Arc::clone(&action.note),
                    key: THANK_YOU_SENT,
                }
            }
        }
        Detail::Prep { .. } => Record::Property {
            note: Arc::clone(&action.note),
            key: PREPARED,
        },
        Detail::Promise { task, .. } => Record::Task {
            note: Arc::clone(&action.note),
            task: Arc::clone(task),
        },
        Detail::Update { .. }
        | Detail::Nudge { .. }
        | Detail::CloseTheLoop { .. }
        | Detail::Opening { .. } => touch(),
        Detail::Driving { .. } => Record::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::config::Rules;
    use crate::rules::{Clock, actions};

    #[test]
    fn each_kind_records_what_the_spec_says() {
        let index = crate::index::test_index(&[
            (
                "Interviews/one.md",
                "---\ncontact: Paul\ndate: 2026-11-10\nreferred_by: Ana\n---\n- [ ] send the deck\n",
            ),
            (
                "Interviews/panel.md",
                "---\ncontact: [Bob, Zoé]\ndate: 2026-11-12\n---\n",
            ),
            (
                "Interviews/soon.md",
                "---\ncontact: Carl\ndate: 2026-11-16\n---\n",
            ),
        ]);
        let today = NaiveDate::from_ymd_opt(2026, 11, 14).unwrap();
        let all = actions(&index, &Rules::default(), Clock::on(today));
        let records: Vec<(ActionKind, String, Record)> = (all.iter())
            .map(|a| (a.kind, a.person.to_string(), record_of(a, &index)))
            .collect();
        let property = |note: &str, key| Record::Property {
            note: Arc::from(note),
            key,
        };
        let touch = |person: &str, kind| Record::Touch {
            person: Arc::from(person),
            kind,
        };
        for expected in [
            (
                ActionKind::ThankYou,
                "paul",
                property("Interviews/one.md", THANK_YOU_SENT),
            ),
            (
                ActionKind::ThankYou,
                "bob",
                touch("bob", ActionKind::ThankYou),
            ),
            (
                ActionKind::ThankYou,
                "zoe",
                touch("zoe", ActionKind::ThankYou),
            ),
            (
                ActionKind::CloseTheLoop,
                "ana",
                touch("ana", ActionKind::CloseTheLoop),
            ),
            (
                ActionKind::Promise,
                "paul",
                Record::Task {
                    note: Arc::from("Interviews/one.md"),
                    task: Arc::from("send the deck"),
                },
            ),
            (
                ActionKind::Prep,
                "carl",
                property("Interviews/soon.md", PREPARED),
            ),
        ] {
            let (kind, person, record) = expected;
            assert!(
                records.contains(&(kind, person.to_owned(), record.clone())),
                "{kind:?} {person} {record:?} not in {records:#?}"
            );
        }
    }
}
