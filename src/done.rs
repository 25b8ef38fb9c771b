//! What marking an action done records, and where (SPEC 3.1).
//!
//! One table for the page and for the commands: the Follow-ups page says
//! what ticking an item records from [`record_of`], and ticking it, or
//! `suivi done`, records exactly that.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use thiserror::Error;

use crate::config::Config;
use crate::describe;
use crate::editor::journal::Entry;
use crate::editor::{self, Batch, Change, EditError};
use crate::i18n;
use crate::index::{Index, NotePath, PersonKey};
use crate::lang::Lang;
use crate::names::name_key;
use crate::new_note::{self, NewKind, NewNote};
use crate::note::{Direction, Touch};
use crate::rules::{Action, ActionKind, Detail};
use crate::{body, frontmatter};

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
            // Among the person's own conversations: a vault's thousands
            // of thank-yous each look through a few, not through all.
            let panel = (index.conversations_of(&action.person))
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

/// Why an action was not recorded.
#[derive(Debug, Error)]
pub enum DoneError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("{}", self.message(Lang::En))]
    Warning(String),
    #[error("{}", self.message(Lang::En))]
    TaskGone { note: String, task: String },
}

impl DoneError {
    /// Why the action was not recorded, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let said = &i18n::words(lang).errors;
        match self {
            DoneError::Edit(error) => error.message(lang),
            DoneError::Warning(text) => (said.warning_not_task)(text),
            DoneError::TaskGone { note, task } => (said.task_gone)(note, task),
        }
    }
}

/// What was recorded, and in which note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The note's vault-relative path.
    pub note: String,
    /// What it now holds, as written there.
    pub what: String,
}

impl std::fmt::Display for Recorded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.note, self.what)
    }
}

/// Records `action` as done on `today`, in `batch`; tells where.
pub fn record(
    root: &Path,
    config: &Config,
    index: &Index,
    action: &Action,
    today: NaiveDate,
    batch: &Batch,
) -> Result<Recorded, DoneError> {
    let recorded = |note: &str, what: String| Recorded {
        note: note.to_owned(),
        what,
    };
    match record_of(action, index) {
        Record::Property { note, key } => {
            let change = Change::SetProperty {
                key: key.to_owned(),
                value: today.to_string(),
            };
            editor::record(root, config, &note, &change, batch)?;
            Ok(recorded(&note, format!("{key}: {today}")))
        }
        Record::Touch { person, .. } => {
            let touch = Touch {
                date: today,
                dir: Direction::Out,
                channel: None,
                note: Some(describe::touch_note(config.lang, index, action)),
            };
            let note = add_touch(root, config, index, &person, &touch, batch)?;
            Ok(recorded(&note, format!("touches: {}", touch.to_text())))
        }
        Record::Task { note, task } => {
            let open = (index.promises.iter())
                .find(|p| p.path == note && p.task.text == task)
                .ok_or_else(|| DoneError::TaskGone {
                    note: note.to_string(),
                    task: task.to_string(),
                })?;
            let line = current_task_line(root, index, &note, &task, open.task.line);
            let change = Change::TickTask {
                line,
                text: task.to_string(),
                on: today,
            };
            editor::record(root, config, &note, &change, batch)?;
            Ok(recorded(
                &note,
                format!("line {line}: - [x] {task} ✅ {today}"),
            ))
        }
        Record::Nothing => {
            let kind = describe::kind_label(i18n::words(config.lang), action.kind);
            Err(DoneError::Warning(kind.to_owned()))
        }
    }
}

/// The line the open task `task`, seen on `indexed_line` of `note` when the
/// vault was read, is on now: an edit made since in the same batch (the
/// conversation's `thank_you_sent`, another task ticked) may have moved it.
/// The task is found by its text, the same one among equal ones; when the
/// note cannot be read here, the indexed line is given and the editor says
/// why it cannot edit the note.
fn current_task_line(
    root: &Path,
    index: &Index,
    note: &str,
    task: &str,
    indexed_line: usize,
) -> usize {
    let mut lines_seen: Vec<usize> = (index.promises.iter())
        .filter(|p| &*p.path == note && &*p.task.text == task)
        .map(|p| p.task.line)
        .collect();
    lines_seen.sort_unstable();
    lines_seen.dedup();
    let Some(nth) = lines_seen.iter().position(|&l| l == indexed_line) else {
        return indexed_line;
    };
    let Ok(text) = std::fs::read_to_string(root.join(note)) else {
        return indexed_line;
    };
    let split = frontmatter::split(&text);
    let now: Vec<usize> = (body::parse(split.body, split.body_line, false).tasks.iter())
        .filter(|t| &*t.text == task)
        .map(|t| t.line)
        .collect();
    if now.len() == lines_seen.len() {
        now[nth]
    } else {
        indexed_line
    }
}

/// Adds `touch` to the `touches` of `person`'s note, made from the vault's
/// Person template first when they have none; tells the note.
pub fn add_touch(
    root: &Path,
    config: &Config,
    index: &Index,
    person: &str,
    touch: &Touch,
    batch: &Batch,
) -> Result<String, DoneError> {
    let note = person_note(root, config, index, person, touch.date, batch)?;
    let change = Change::AddItem {
        key: "touches".to_owned(),
        item: touch.to_text(),
        map_form: touch.to_map(),
    };
    editor::record(root, config, &note, &change, batch)?;
    Ok(note)
}

/// The vault-relative path of `person`'s note: theirs, or a new one made
/// from the vault's Person template, journaled in `batch` (an undo removes
/// it), its file name made safe from their name.
pub fn person_note(
    root: &Path,
    config: &Config,
    index: &Index,
    person: &str,
    today: NaiveDate,
    batch: &Batch,
) -> Result<String, DoneError> {
    if let Some(note) = index.person(person).and_then(|p| p.note.as_deref()) {
        return Ok(note.to_owned());
    }
    let name = index.person_name(person);
    // A name the file name cannot hold as written (`a|b`, `../x`) stays
    // theirs as an alias, so that the note is found by it next time.
    let stem = new_note::safe_file_stem(name);
    let properties = match serde_json::to_string(name) {
        Ok(quoted) if name_key(&stem) != name_key(name) => {
            vec![("aliases", new_note::Value::Plain(format!("[{quoted}]")))]
        }
        _ => Vec::new(),
    };
    let new = NewNote {
        kind: NewKind::Person,
        title: name.to_owned(),
        date: today,
        properties,
    };
    let (rel, text) = new_note::render(root, config, &new);
    let rel = rel.to_string_lossy().replace('\\', "/");
    // Two actions for one person without a note, done together: the first
    // made the note, which the index read before does not know.
    if created_in(root, batch, &rel) {
        return Ok(rel);
    }
    editor::create(root, config, &rel, &text, batch)?;
    Ok(rel)
}

/// Whether `batch` created the note `rel` (and it is there still).
fn created_in(root: &Path, batch: &Batch, rel: &str) -> bool {
    // The journal is read only when the note is there: rarely.
    root.join(rel).is_file()
        && editor::journal::read(root).is_ok_and(|entries| {
            entries.iter().any(|entry| {
                matches!(entry, Entry::Edit { batch: id, note, before_hash: None, .. }
                    if *id == batch.id && note == rel)
            })
        })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::clock::Clock;
    use crate::config::Rules;
    use crate::rules::actions;

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
