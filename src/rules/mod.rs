//! Rules stage: the index and the day become actions.
//!
//! Each rule is a pure function of the index, the configuration and the
//! clock, in a module of its own named after the action it draws (SPEC 3):
//! `thank_you`, `update`, `nudge`, `driving`, `promise`, `prep`,
//! `close_the_loop`, `opening`. Rule 8 (declined, closed or snoozed people
//! get no action, `paused`) is applied once, to every rule's output, in
//! [`actions`]. `contact` holds what several rules and pages read of a
//! person's history: the last contact, whether you have met.

mod close_the_loop;
mod contact;
mod driving;
mod nudge;
mod opening;
mod paused;
mod prep;
mod promise;
mod thank_you;
mod update;

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use rayon::prelude::*;

use self::close_the_loop::close_the_loop;
pub use self::contact::{has_met, last_contact};
use self::driving::driving;
use self::nudge::nudge;
use self::opening::opening;
pub use self::paused::is_paused;
use self::prep::prep;
use self::promise::promise;
use self::thank_you::thank_you;
use self::update::update;
use crate::clock::Clock;
use crate::config::Rules;
use crate::index::{Conversation, Index, NotePath, People, Person, PersonKey};
use crate::note::When;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionKind {
    ThankYou,
    Update,
    Nudge,
    Driving,
    Promise,
    Prep,
    CloseTheLoop,
    Opening,
}

impl ActionKind {
    /// Every kind, in the order of the rules.
    pub const ALL: [ActionKind; 8] = [
        ActionKind::ThankYou,
        ActionKind::Update,
        ActionKind::Nudge,
        ActionKind::Driving,
        ActionKind::Promise,
        ActionKind::Prep,
        ActionKind::CloseTheLoop,
        ActionKind::Opening,
    ];

    /// The name used in `due --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::ThankYou => "thank-you",
            ActionKind::Update => "update",
            ActionKind::Nudge => "nudge",
            ActionKind::Driving => "driving",
            ActionKind::Promise => "promise",
            ActionKind::Prep => "prep",
            ActionKind::CloseTheLoop => "close-the-loop",
            ActionKind::Opening => "opening",
        }
    }
}

/// What each kind of action knows, for its reason and draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    ThankYou {
        met: NaiveDate,
        subject: Option<String>,
    },
    Update {
        last_contact: NaiveDate,
    },
    Nudge {
        promised: NaiveDate,
    },
    Driving {
        outs: usize,
    },
    Promise {
        task: Arc<str>,
        /// False for a task without a date, due whatever day it is.
        dated: bool,
    },
    Prep {
        when: When,
        /// Everyone met in the conversation, the action's person first.
        panel: People,
        /// Whether the company named has a note; none when no company is.
        company_note: Option<bool>,
        questions: usize,
    },
    CloseTheLoop {
        met: PersonKey,
        on: NaiveDate,
    },
    Opening {
        opening: Option<String>,
        expected: NaiveDate,
    },
}

/// Something to do for someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub kind: ActionKind,
    pub person: PersonKey,
    pub due: NaiveDate,
    pub overdue: bool,
    /// The note the action comes from (vault-relative path).
    pub note: NotePath,
    /// The conversation's referrer, when there is one: "met through".
    pub through: Option<PersonKey>,
    pub detail: Detail,
}

/// An action's identity, the same from pass to pass and machine to
/// machine for the same action, and another when the action changes: its
/// kind, person, note, due date or what it is about (a promise's task, the
/// person met for a close-the-loop). 48 bits of XXH3, whose output is fixed
/// by its specification: a vault's few thousand actions never share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionId(u64);

impl ActionId {
    /// Hex digits of an id: 12, of which `due` shows the first 7.
    const DIGITS: usize = 12;
    const SHORT: usize = 7;

    /// The id written in full, as on the Follow-ups page and in `due --json`.
    pub fn full(self) -> String {
        format!("{:012x}", self.0)
    }

    /// The first digits, as `due` shows them; `done` takes any prefix that
    /// names one action.
    pub fn short(self) -> String {
        self.full()[..Self::SHORT].to_owned()
    }

    /// Reads an id written in full.
    pub fn parse(text: &str) -> Option<ActionId> {
        let digits = text.len() == Self::DIGITS && text.bytes().all(|b| b.is_ascii_hexdigit());
        digits
            .then(|| u64::from_str_radix(&text.to_ascii_lowercase(), 16).ok())
            .flatten()
            .map(ActionId)
    }
}

impl Action {
    pub fn id(&self) -> ActionId {
        let due = match &self.detail {
            // An undated promise is due every day: its day is not its own.
            Detail::Promise { dated: false, .. } => String::new(),
            _ => self.due.to_string(),
        };
        let about = match &self.detail {
            Detail::Promise { task, .. } => task.to_string(),
            Detail::CloseTheLoop { met, .. } => met.to_string(),
            _ => String::new(),
        };
        // The path in NFC, as machines that sync a vault may spell its
        // file names in either form.
        let note = crate::names::nfc(&self.note);
        let identity = [self.kind.as_str(), &self.person, &note, &due, &about].join("\u{1f}");
        ActionId(xxhash_rust::xxh3::xxh3_64(identity.as_bytes()) >> 16)
    }
}

/// Every action for the day, without those of declined, closed or snoozed
/// people, sorted: overdue first, then by due date, then by person name.
pub fn actions(index: &Index, rules: &Rules, clock: Clock) -> Vec<Action> {
    let draw = Draw {
        index,
        rules,
        clock,
    };
    // Each rule reads the index only: they are drawn on every core.
    let ((mut all, driving), (promises, loops)) = rayon::join(
        || {
            rayon::join(
                || {
                    (index.people.par_values())
                        .flat_map_iter(|person| drawn_from_what_is_said(draw, person))
                        .collect::<Vec<Action>>()
                },
                || driving(index, rules),
            )
        },
        || {
            rayon::join(
                || promise(index, clock),
                || close_the_loop(index, rules, clock),
            )
        },
    );
    all.extend(driving);
    all.extend(promises);
    all.extend(loops);
    sorted(index, clock, all)
}

/// The actions of `people` that the rules drawn from what conversations
/// say give (each one's thank-you, update, nudge, prep and opening), in
/// [`order`], without those of paused people: those [`actions`] gives of
/// these kinds for them, for the cost of their conversations alone.
pub fn drawn_from_what_is_said_to(
    index: &Index,
    rules: &Rules,
    clock: Clock,
    people: &[PersonKey],
) -> Vec<Action> {
    let draw = Draw {
        index,
        rules,
        clock,
    };
    let drawn = (people.iter())
        .filter_map(|key| index.person(key))
        .flat_map(|person| drawn_from_what_is_said(draw, person))
        .collect();
    sorted(index, clock, drawn)
}

/// The order actions are shown in: overdue first, then by due date, then
/// by person name (a person's key is their name's key).
pub fn order(a: &Action, b: &Action) -> Ordering {
    (!a.overdue, a.due, &a.person, a.kind, &a.note)
        .cmp(&(!b.overdue, b.due, &b.person, b.kind, &b.note))
}

/// The actions to show: without those of paused people (rule 8), in
/// order, each once.
fn sorted(index: &Index, clock: Clock, all: Vec<Action>) -> Vec<Action> {
    // Every action's person is in the index, whose people are in key
    // order: a person's position there orders as their key does, without
    // reading keys scattered over memory, which on a large vault costs more
    // than the comparisons. The position in
    // `all` ends each sort key: equal actions keep their order, as a
    // stable sort would, and fall next to each other to be dropped.
    let mut order: Vec<_> = (all.par_iter().enumerate())
        .filter_map(|(at, action)| {
            let found = index.people.get_full(&action.person);
            if is_paused(found.map(|(_, _, person)| person), clock.today) {
                return None;
            }
            let position = found.map_or(usize::MAX, |(position, _, _)| position);
            let key = (!action.overdue, action.due, position, action.kind);
            Some((key, &*action.note, at))
        })
        .collect();
    order.par_sort_unstable();
    let order: Vec<usize> = order.into_iter().map(|(_, _, at)| at).collect();
    let mut all: Vec<Option<Action>> = all.into_iter().map(Some).collect();
    let mut sorted: Vec<Action> = (order.into_iter())
        .filter_map(|at| all.get_mut(at).and_then(Option::take))
        .collect();
    sorted.dedup();
    sorted
}

/// What the rules of one conversation read.
#[derive(Clone, Copy)]
struct Draw<'a> {
    index: &'a Index,
    rules: &'a Rules,
    clock: Clock,
}

/// One person's actions drawn from what their conversations say: those of
/// each of their conversations, and the update they are owed.
fn drawn_from_what_is_said<'a>(
    draw: Draw<'a>,
    person: &'a Person,
) -> impl Iterator<Item = Action> + 'a {
    (draw.index.conversations_of(&person.key))
        .flat_map(move |conversation| conversation_actions(draw, conversation, &person.key))
        .chain(update(draw, person))
}

/// Rules 1, 3, 5 and 7: what one conversation asks of you toward one of
/// its people.
fn conversation_actions(
    draw: Draw,
    conversation: &Conversation,
    contact: &PersonKey,
) -> impl Iterator<Item = Action> {
    [
        thank_you(draw, conversation, contact),
        nudge(draw, conversation, contact),
        prep(draw, conversation, contact),
        opening(draw, conversation, contact),
    ]
    .into_iter()
    .flatten()
}

/// Where actions in [`order`] split as the Follow-ups page shows them
/// (SPEC 4): overdue; due now (due today or earlier, not overdue); due
/// within `rules.this_week` days; later.
pub fn groups(actions: &[Action], rules: &Rules, clock: Clock) -> [Range<usize>; 4] {
    let week_end = plus_days(clock.today, rules.this_week);
    let overdue = actions.partition_point(|a| a.overdue);
    let due_now = overdue + actions[overdue..].partition_point(|a| a.due <= clock.today);
    let this_week = due_now + actions[due_now..].partition_point(|a| a.due < week_end);
    [
        0..overdue,
        overdue..due_now,
        due_now..this_week,
        this_week..actions.len(),
    ]
}

/// `days` after `date`, or the last day there is when that is past it.
pub fn plus_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(days.into()))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod test_support {
    use chrono::NaiveDate;

    use super::{ActionKind, actions};
    use crate::clock::Clock;
    use crate::config::Rules;
    use crate::index::Index;

    pub(super) fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub(super) fn index(files: &[(&str, &str)]) -> Index {
        let index = crate::index::test_index(files);
        assert!(index.issues.is_empty(), "{:?}", index.issues);
        index
    }

    /// (kind, person, due, overdue) of the actions of one kind on a day.
    pub(super) fn on(
        index: &Index,
        kind: ActionKind,
        today: &str,
    ) -> Vec<(String, NaiveDate, bool)> {
        actions(index, &Rules::default(), Clock::on(day(today)))
            .into_iter()
            .filter(|a| a.kind == kind)
            .map(|a| (a.person.to_string(), a.due, a.overdue))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use super::test_support::{day, index};
    use super::*;

    #[test]
    fn actions_come_in_order_each_once() {
        // Written twice, a promise is still one action.
        const PROMISE: &str = "- [ ] send the deck 📅 2026-11-12\n";
        let met = |who: &str| {
            format!("---\ncontact: \"[[{who}]]\"\ndate: 2026-11-10\n---\n{PROMISE}{PROMISE}")
        };
        // Met in an order that is not the order of their names.
        let notes = [("Zoé", "1"), ("anna", "2"), ("Émile", "3"), ("Bob", "4")]
            .map(|(who, file)| (format!("Interviews/{file}.md"), met(who)));
        let files: Vec<(&str, &str)> = notes
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let idx = index(&files);
        let all = actions(&idx, &Rules::default(), Clock::on(day("2026-11-20")));
        assert!(
            all.windows(2).all(|w| order(&w[0], &w[1]).is_lt()),
            "{all:#?}"
        );
        let thanked: Vec<&str> = (all.iter())
            .filter(|a| a.kind == ActionKind::ThankYou)
            .map(|a| idx.person_name(&a.person))
            .collect();
        assert_eq!(thanked, ["anna", "Bob", "Émile", "Zoé"]);
    }

    #[test]
    fn an_action_keeps_its_id_until_it_changes() {
        let note = |promise: &str| {
            format!(
                "---\ncontact: Paul\ndate: 2026-11-10\n---\n- [ ] {promise}\n- [ ] read the book\n"
            )
        };
        let ids = |text: &str, today: &str| -> Vec<(ActionKind, ActionId)> {
            let idx = index(&[("Interviews/a.md", text)]);
            let all = actions(&idx, &Rules::default(), Clock::on(day(today)));
            all.iter().map(|a| (a.kind, a.id())).collect()
        };
        let first = ids(&note("send the deck 📅 2026-11-20"), "2026-11-12");
        let kinds: Vec<ActionKind> = first.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(
            kinds,
            [
                ActionKind::ThankYou,
                ActionKind::Promise,
                ActionKind::Promise
            ]
        );
        // A later day keeps every id, the undated promise's too.
        let later = ids(&note("send the deck 📅 2026-11-20"), "2026-11-14");
        let sorted = |mut v: Vec<(ActionKind, ActionId)>| {
            v.sort();
            v
        };
        assert_eq!(sorted(later), sorted(first.clone()));
        // Another due date is another action; the others keep theirs.
        let moved = ids(&note("send the deck 📅 2026-11-21"), "2026-11-12");
        let kept: Vec<_> = moved.iter().filter(|id| first.contains(id)).collect();
        assert_eq!(kept.len(), 2, "{moved:?} {first:?}");
        let unique: std::collections::BTreeSet<_> = first.iter().map(|(_, id)| *id).collect();
        assert_eq!(unique.len(), first.len());
        // Fixed by the id's definition: a page written by one version or
        // machine names the actions of another.
        assert_eq!(first[0].1.full().len(), 12);
        assert_eq!(ActionId::parse(&first[0].1.full()), Some(first[0].1));
        assert_eq!(first[0].1.full(), "ef1e931dcb47");
        assert!(ActionId::parse("12345").is_none() && ActionId::parse("zzzzzzzzzzzz").is_none());
    }

    #[test]
    fn a_conversation_today_is_past_once_its_time_has_passed() {
        let idx = index(&[(
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: 2026-11-10T14:30\n---\n",
        )]);
        let at = |h: u32, m: u32| Clock {
            today: day("2026-11-10"),
            now: NaiveTime::from_hms_opt(h, m, 0),
        };
        let kinds = |clock| -> Vec<ActionKind> {
            actions(&idx, &Rules::default(), clock)
                .iter()
                .map(|a| a.kind)
                .collect()
        };
        assert_eq!(kinds(at(14, 29)), [ActionKind::Prep]);
        assert_eq!(kinds(at(14, 30)), [ActionKind::ThankYou]);
    }

    #[test]
    fn a_date_only_conversation_is_past_on_its_own_day_even_with_the_time_known() {
        let idx = index(&[(
            "Interviews/a.md",
            "---\ncontact: Sophie\ndate: 2026-11-30\nreferred_by: Zoé\n---\n",
        )]);
        let evening = Clock {
            today: day("2026-11-30"),
            now: NaiveTime::from_hms_opt(20, 0, 0),
        };
        for clock in [evening, Clock::on(day("2026-11-30"))] {
            let kinds: Vec<(ActionKind, NaiveDate)> = (actions(&idx, &Rules::default(), clock))
                .iter()
                .map(|a| (a.kind, a.due))
                .collect();
            assert_eq!(
                kinds,
                [
                    (ActionKind::ThankYou, day("2026-12-01")),
                    (ActionKind::CloseTheLoop, day("2026-12-07"))
                ],
                "{clock:?}"
            );
        }
    }

    #[test]
    fn groups_are_overdue_due_now_this_week_and_later() {
        let action = |due: &str, overdue: bool| Action {
            kind: ActionKind::Promise,
            person: Arc::from("paul"),
            due: day(due),
            overdue,
            note: Arc::from("a.md"),
            through: None,
            detail: Detail::Promise {
                task: Arc::from("x"),
                dated: true,
            },
        };
        let list = [
            action("2026-11-20", true),
            action("2026-11-22", false),
            action("2026-12-01", false),
            action("2026-12-02", false),
            action("2026-12-07", false),
            action("2026-12-08", false),
        ];
        let groups = groups(&list, &Rules::default(), Clock::on(day("2026-12-01")));
        assert_eq!(groups, [0..1, 1..3, 3..5, 5..6]);
    }

    #[test]
    fn actions_sort_overdue_first_then_due_then_name() {
        let idx = index(&[
            (
                "Interviews/a.md",
                "---\ncontact: Zoé\ndate: 2026-11-01\n---\n",
            ),
            (
                "Interviews/b.md",
                "---\ncontact: [Bob, Anna]\ndate: 2026-11-09\n---\n",
            ),
            (
                "Interviews/c.md",
                "---\ncontact: Carl\ndate: 2026-11-12\n---\n",
            ),
        ]);
        let order: Vec<_> = actions(&idx, &Rules::default(), Clock::on(day("2026-11-10")))
            .into_iter()
            .map(|a| a.person.to_string())
            .collect();
        assert_eq!(order, ["zoe", "anna", "bob", "carl"]);
    }
}
