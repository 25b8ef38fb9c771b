//! Rules stage: the index and the day become actions.
//!
//! Each rule is a pure function of the index, the configuration and the
//! clock. Rule 8 (declined, closed or snoozed people get no action) is applied
//! once, to every rule's output, in [`actions`].

use std::cmp::Ordering;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use chrono::{Days, NaiveDate, NaiveTime};
use foldhash::fast::RandomState;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Rules;
use crate::index::{Conversation, Index, NotePath, People, Person, PersonKey};
use crate::note::{Direction, Status, When};

/// What day and time it is for the rules. The time is `None` when the day
/// was given (`--today`): the day is then taken at its start, so the same
/// notes and day always give the same pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub today: NaiveDate,
    pub now: Option<NaiveTime>,
}

impl Clock {
    pub fn on(today: NaiveDate) -> Clock {
        Clock { today, now: None }
    }

    /// A conversation is past when its day is before today, or it is today
    /// and it has no time (a note without a time is counted as held on its
    /// day: the thank-you is due the next day) or its time has passed.
    pub fn is_past(&self, when: &When) -> bool {
        when.date < self.today
            || (when.date == self.today
                && match (when.time, self.now) {
                    (None, _) => true,
                    (Some(t), Some(now)) => t <= now,
                    (Some(_), None) => false,
                })
    }
}

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

/// The kinds of action drawn from what a conversation says beside who took
/// part, when, with which company, through whom, and its names and tasks:
/// its thank-you, follow-up date, opening and questions. An edit to that
/// alone changes actions of these kinds only, and only for its people.
const DRAWN_FROM_WHAT_IS_SAID: [ActionKind; 5] = [
    ActionKind::ThankYou,
    ActionKind::Update,
    ActionKind::Nudge,
    ActionKind::Prep,
    ActionKind::Opening,
];

/// What [`redraw`] gives.
#[derive(Debug)]
pub struct Redrawn {
    /// The same list [`actions`] gives.
    pub actions: Vec<Action>,
    /// For each action, its position in the list before, when it was kept
    /// (empty when none was).
    pub kept_from: Vec<Option<usize>>,
    /// True when the list differs from the one before.
    pub changed: bool,
}

/// The actions after edits that changed only what conversations with
/// `people` say (see [`DRAWN_FROM_WHAT_IS_SAID`]), from the actions before
/// them at a clock that gives the same: those of `people` of the kinds such
/// edits reach are drawn again, the others kept, for the cost of these
/// people's conversations instead of the whole vault's.
pub fn redraw(
    index: &Index,
    rules: &Rules,
    clock: Clock,
    before: Vec<Action>,
    people: &[PersonKey],
) -> Redrawn {
    let reached =
        |a: &Action| DRAWN_FROM_WHAT_IS_SAID.contains(&a.kind) && people.contains(&a.person);
    let draw = Draw {
        index,
        rules,
        clock,
    };
    let fresh = (people.iter())
        .filter_map(|key| index.person(key))
        .flat_map(|person| drawn_from_what_is_said(draw, person))
        .collect();
    let fresh = sorted(index, clock, fresh);
    let changed = !before.iter().filter(|a| reached(a)).eq(&fresh);
    // Kept and fresh actions differ in kind or person, so they never tie:
    // merging them gives the one order a full sort gives.
    let mut actions = Vec::with_capacity(before.len() + fresh.len());
    let mut kept_from = Vec::with_capacity(before.len() + fresh.len());
    let mut fresh = fresh.into_iter().peekable();
    for (position, action) in before.into_iter().enumerate() {
        if reached(&action) {
            continue;
        }
        while let Some(new) = fresh.next_if(|new| order(new, &action).is_lt()) {
            actions.push(new);
            kept_from.push(None);
        }
        actions.push(action);
        kept_from.push(Some(position));
    }
    for new in fresh {
        actions.push(new);
        kept_from.push(None);
    }
    Redrawn {
        actions,
        kept_from,
        changed,
    }
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
    // reading keys scattered over memory (that made sorting the actions of
    // 100,000 notes 25 times slower than those of 10,000). The position in
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

/// One person's actions of the kinds in [`DRAWN_FROM_WHAT_IS_SAID`]: those
/// of each of their conversations, and the update they are owed.
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

/// True when moving the clock from `from` to `to` can change the pages: a
/// new day, or a conversation of the day whose time has come.
pub fn clock_changes_pages(index: &Index, from: Clock, to: Clock) -> bool {
    !ClockView::of(index, from).holds_for(to)
}

/// All that the rules and pages see of a clock: the day, and for each time
/// written on a conversation of that day, whether it has passed. Two clocks
/// with the same view give the same actions and pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    today: NaiveDate,
    times_of_day: Vec<(NaiveTime, bool)>,
}

impl ClockView {
    pub fn of(index: &Index, clock: Clock) -> ClockView {
        let mut times_of_day: Vec<(NaiveTime, bool)> = index
            .conversations
            .iter()
            .map(|c| c.interview.when)
            .filter(|when| when.date == clock.today)
            .filter_map(|when| Some((when.time?, clock.is_past(&when))))
            .collect();
        times_of_day.sort();
        times_of_day.dedup();
        ClockView {
            today: clock.today,
            times_of_day,
        }
    }

    /// True when `clock` has this view of the same conversations.
    pub fn holds_for(&self, clock: Clock) -> bool {
        clock.today == self.today
            && self.times_of_day.iter().all(|&(time, passed)| {
                let when = When {
                    date: self.today,
                    time: Some(time),
                };
                clock.is_past(&when) == passed
            })
    }
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

/// Rule 8: declined or closed people, and those snoozed past today.
pub fn is_paused(person: Option<&Person>, today: NaiveDate) -> bool {
    person.is_some_and(|p| {
        matches!(p.data.status, Some(Status::Declined | Status::Closed))
            || p.data.snooze_until.is_some_and(|until| until > today)
    })
}

pub fn plus_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(days.into()))
        .unwrap_or(NaiveDate::MAX)
}

fn past(index: &Index, clock: Clock) -> impl Iterator<Item = &Conversation> {
    index
        .conversations
        .iter()
        .filter(move |c| clock.is_past(&c.interview.when))
}

/// Rule 1 (P6): a thank-you to each person met, the day after, unless one
/// went out: `thank_you_sent`, or an `out` touch to them since.
fn thank_you(draw: Draw, conversation: &Conversation, contact: &PersonKey) -> Option<Action> {
    let (rules, clock) = (draw.rules, draw.clock);
    let interview = &conversation.interview;
    if !clock.is_past(&interview.when) || interview.thank_you_sent.is_some() {
        return None;
    }
    let met = interview.when.date;
    // A message sent since counts as the thank-you: a panel's are marked
    // one person at a time.
    let sent_since = draw
        .index
        .person(contact)
        .is_some_and(|p| (p.data.touches.iter()).any(|t| t.dir == Direction::Out && t.date >= met));
    if sent_since {
        return None;
    }
    let subject = (interview.topic.clone()).or_else(|| interview.first_heading.clone());
    Some(Action {
        kind: ActionKind::ThankYou,
        person: Arc::clone(contact),
        due: plus_days(met, rules.thank_you_due),
        overdue: clock.today >= plus_days(met, rules.thank_you_overdue),
        note: Arc::clone(&conversation.path),
        through: conversation.referred_by.clone(),
        detail: Detail::ThankYou { met, subject },
    })
}

/// The days a daily note links a person, up to today (SPEC 2.5): contacts
/// of unknown direction, counted as a `last_contact` is. A daily note dated
/// later is a plan, not a contact yet.
fn daily_contacts<'a>(
    index: &'a Index,
    person: &str,
    clock: Clock,
) -> impl DoubleEndedIterator<Item = NaiveDate> + 'a {
    (index.daily_contacts_of(person).iter())
        .copied()
        .filter(move |day| *day <= clock.today)
}

/// The latest day you were in touch with a person, from past conversations,
/// thank-yous, touches either way, `last_contact` and daily notes.
pub fn last_contact(index: &Index, person: &Person, clock: Clock) -> Option<NaiveDate> {
    let conversations = index
        .conversations_of(&person.key)
        .filter(|c| clock.is_past(&c.interview.when))
        .flat_map(|c| [Some(c.interview.when.date), c.interview.thank_you_sent])
        .flatten();
    let touches = person
        .data
        .touches
        .iter()
        .map(|t| t.date)
        .filter(|d| *d <= clock.today);
    conversations
        .chain(touches)
        .chain(person.data.last_contact)
        .chain(daily_contacts(index, &person.key, clock).next_back())
        .max()
}

/// True once a person has had a past conversation with you.
pub fn has_met(index: &Index, person: &str, clock: Clock) -> bool {
    index
        .conversations_of(person)
        .any(|c| clock.is_past(&c.interview.when))
}

fn upcoming_with<'a>(
    index: &'a Index,
    person: &'a str,
    clock: Clock,
) -> impl Iterator<Item = &'a Conversation> {
    index
        .conversations_of(person)
        .filter(move |c| !clock.is_past(&c.interview.when))
}

/// Rule 2 (P8): keep people you met posted every four to six weeks. No update
/// is asked while another conversation with them is already planned.
fn update(draw: Draw, person: &Person) -> Option<Action> {
    let (index, rules, clock) = (draw.index, draw.rules, draw.clock);
    if !has_met(index, &person.key, clock)
        || upcoming_with(index, &person.key, clock).next().is_some()
    {
        return None;
    }
    let last = last_contact(index, person, clock)?;
    let cadence = person.data.cadence_days.unwrap_or(rules.update_due).max(1);
    let overdue_after =
        u64::from(cadence) * u64::from(rules.update_overdue) / u64::from(rules.update_due);
    let due = plus_days(last, cadence);
    if clock.today < due {
        return None;
    }
    let source = latest_conversation_with(index, &person.key, clock);
    Some(Action {
        kind: ActionKind::Update,
        person: person.key.clone(),
        due,
        overdue: clock.today >= plus_days(last, u32::try_from(overdue_after).unwrap_or(u32::MAX)),
        note: person
            .note
            .clone()
            .or_else(|| source.map(|c| c.path.clone()))
            .unwrap_or_default(),
        through: source.and_then(|c| c.referred_by.clone()),
        detail: Detail::Update { last_contact: last },
    })
}

fn latest_conversation_with<'a>(
    index: &'a Index,
    person: &str,
    clock: Clock,
) -> Option<&'a Conversation> {
    index
        .conversations_of(person)
        .rfind(|c| clock.is_past(&c.interview.when))
}

/// Rule 3 (P9): they promised to come back by a date that has passed, and
/// nothing came back since the conversation: a nudge.
fn nudge(draw: Draw, conversation: &Conversation, contact: &PersonKey) -> Option<Action> {
    let (index, rules, clock) = (draw.index, draw.rules, draw.clock);
    let promised = conversation.interview.they_follow_up_by?;
    if promised >= clock.today {
        return None;
    }
    let since = conversation.interview.when;
    // Heard back since the conversation, or nudged them since the promised
    // day (the nudge done): either way nothing to nudge.
    let heard_back = index.person(contact).is_some_and(|p| {
        (p.data.touches.iter()).any(|t| {
            (t.dir == Direction::In && t.date >= since.date)
                || (t.dir == Direction::Out && t.date > promised)
        })
    });
    let met_again = index
        .conversations_of(contact)
        .any(|c| c.interview.when > since);
    if heard_back || met_again {
        return None;
    }
    let due = plus_days(promised, 1);
    Some(Action {
        kind: ActionKind::Nudge,
        person: Arc::clone(contact),
        due,
        overdue: clock.today >= plus_days(due, rules.nudge_overdue),
        note: Arc::clone(&conversation.path),
        through: conversation.referred_by.clone(),
        detail: Detail::Nudge { promised },
    })
}

/// Rule 3, second half (P9): your last touches with someone all went out.
fn driving(index: &Index, rules: &Rules) -> Vec<Action> {
    let wanted = usize::try_from(rules.driving_touches).unwrap_or(usize::MAX);
    let mut actions = Vec::new();
    for person in index.people.values() {
        let mut touches: Vec<_> = person.data.touches.iter().collect();
        touches.sort_by_key(|t| std::cmp::Reverse(t.date));
        let outs = touches
            .iter()
            .take_while(|t| t.dir == Direction::Out)
            .count();
        if outs < wanted {
            continue;
        }
        actions.push(Action {
            kind: ActionKind::Driving,
            person: person.key.clone(),
            due: touches[0].date,
            overdue: false,
            note: person.note.clone().unwrap_or_default(),
            through: None,
            detail: Detail::Driving { outs },
        });
    }
    actions
}

/// Rule 4: every open task is a promise you made, due on its date if it has
/// one; an undated promise is due today and never overdue.
fn promise(index: &Index, clock: Clock) -> Vec<Action> {
    index
        .promises
        .iter()
        .filter_map(|promise| {
            Some(Action {
                kind: ActionKind::Promise,
                person: promise.people.first()?.clone(),
                due: promise.task.due.unwrap_or(clock.today),
                overdue: promise.task.due.is_some_and(|due| clock.today > due),
                note: Arc::clone(&promise.path),
                through: None,
                detail: Detail::Promise {
                    task: Arc::clone(&promise.task.text),
                    dated: promise.task.due.is_some(),
                },
            })
        })
        .collect()
}

/// Rule 5 (P1, P3): prepare conversations of the coming days, once each,
/// with the first person named; the action names the whole panel.
fn prep(draw: Draw, conversation: &Conversation, contact: &PersonKey) -> Option<Action> {
    let (index, rules, clock) = (draw.index, draw.rules, draw.clock);
    let when = conversation.interview.when;
    let horizon = plus_days(clock.today, rules.prep_window);
    if clock.is_past(&when)
        || when.date > horizon
        || conversation.contacts.first()? != contact
        || conversation.interview.prepared.is_some()
    {
        return None;
    }
    let company_note = (conversation.company.as_ref())
        .map(|k| index.companies.get(k).is_some_and(|c| c.note.is_some()));
    Some(Action {
        kind: ActionKind::Prep,
        person: Arc::clone(contact),
        due: when.date,
        overdue: false,
        note: Arc::clone(&conversation.path),
        through: conversation.referred_by.clone(),
        detail: Detail::Prep {
            when,
            panel: Arc::clone(&conversation.contacts),
            company_note,
            questions: conversation.interview.questions.len(),
        },
    })
}

/// Rule 6 (P10): you met someone a contact sent you to; tell the referrer.
/// Once per referrer and person, from the first such meeting; a touch to the
/// referrer or a conversation with them since then closes the loop.
fn close_the_loop(index: &Index, rules: &Rules, clock: Clock) -> Vec<Action> {
    let mut actions: Vec<Action> = Vec::new();
    // (referrer, person met): the first meeting decides, later ones do not.
    let mut loops: HashSet<(&PersonKey, &PersonKey), RandomState> = HashSet::default();
    for conversation in past(index, clock) {
        let met_on = conversation.interview.when.date;
        for contact in conversation.contacts.iter() {
            let referrer = conversation.referred_by.as_ref().or_else(|| {
                index
                    .person(contact)
                    .and_then(|p| p.data.referred_by.as_ref())
                    .and_then(|link| index.person(link.key()))
                    .map(|p| &p.key)
            });
            let Some(referrer) = referrer.filter(|r| *r != contact) else {
                continue;
            };
            if !loops.insert((referrer, contact))
                || told(index, referrer, &conversation.interview.when, clock)
            {
                continue;
            }
            let due = plus_days(met_on, rules.close_the_loop_due);
            actions.push(Action {
                kind: ActionKind::CloseTheLoop,
                person: Arc::clone(referrer),
                due,
                overdue: clock.today > due,
                note: Arc::clone(&conversation.path),
                through: None,
                detail: Detail::CloseTheLoop {
                    met: contact.clone(),
                    on: met_on,
                },
            });
        }
    }
    actions
}

/// True when you reached the referrer after a meeting: an `out` touch, a
/// `last_contact` or a daily note linking them from that day on, or a past
/// conversation with them after it.
fn told(index: &Index, referrer: &str, after: &When, clock: Clock) -> bool {
    let touched = index.person(referrer).is_some_and(|p| {
        let out = (p.data.touches.iter()).any(|t| t.dir == Direction::Out && t.date >= after.date);
        // A contact logged by hand, of unknown direction, tells them too.
        out || p.data.last_contact.is_some_and(|day| day >= after.date)
    });
    let in_a_daily_note = daily_contacts(index, referrer, clock)
        .next_back()
        .is_some_and(|day| day >= after.date);
    touched
        || in_a_daily_note
        || index
            .conversations_of(referrer)
            .any(|c| c.interview.when > *after && clock.is_past(&c.interview.when))
}

/// Rule 7 (P4): a role was expected to open about now; ask about it, unless
/// you have been in touch with that person since the conversation.
fn opening(draw: Draw, conversation: &Conversation, contact: &PersonKey) -> Option<Action> {
    let (index, rules, clock) = (draw.index, draw.rules, draw.clock);
    let since = conversation.interview.when;
    let expected = conversation.interview.opening_expected?;
    if !clock.is_past(&since) || expected > plus_days(clock.today, rules.opening_window) {
        return None;
    }
    let touched = index.person(contact).is_some_and(|p| {
        (p.data.touches.iter()).any(|t| t.date > since.date)
            || p.data.last_contact.is_some_and(|day| day > since.date)
    }) || (daily_contacts(index, contact, clock).next_back())
        .is_some_and(|day| day > since.date);
    let met_again = index
        .conversations_of(contact)
        .any(|c| c.interview.when > since && clock.is_past(&c.interview.when));
    if touched || met_again {
        return None;
    }
    Some(Action {
        kind: ActionKind::Opening,
        person: Arc::clone(contact),
        due: expected,
        overdue: clock.today > expected,
        note: Arc::clone(&conversation.path),
        through: conversation.referred_by.clone(),
        detail: Detail::Opening {
            opening: conversation.interview.opening.clone(),
            expected,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn index(files: &[(&str, &str)]) -> Index {
        let index = crate::index::test_index(files);
        assert!(index.issues.is_empty(), "{:?}", index.issues);
        index
    }

    /// (kind, person, due, overdue) of the actions of one kind on a day.
    fn on(index: &Index, kind: ActionKind, today: &str) -> Vec<(String, NaiveDate, bool)> {
        actions(index, &Rules::default(), Clock::on(day(today)))
            .into_iter()
            .filter(|a| a.kind == kind)
            .map(|a| (a.person.to_string(), a.due, a.overdue))
            .collect()
    }

    const MET: &str = "---\ncontact: [Paul, Zoé]\ndate: 2026-11-10\ntopic: data teams\n---\n";

    #[test]
    fn actions_come_in_order_each_once() {
        let met = |who: &str| {
            format!("---\ncontact: \"[[{who}]]\"\ndate: 2026-11-10\n---\n{PROMISE}{PROMISE}")
        };
        // Written twice, a promise is still one action.
        const PROMISE: &str = "- [ ] send the deck 📅 2026-11-12\n";
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
    fn thank_you_boundaries_and_panel() {
        let idx = index(&[("Interviews/a.md", MET)]);
        assert!(on(&idx, ActionKind::ThankYou, "2026-11-09").is_empty());
        assert_eq!(
            on(&idx, ActionKind::ThankYou, "2026-11-10"),
            [
                ("paul".into(), day("2026-11-11"), false),
                ("zoe".into(), day("2026-11-11"), false)
            ]
        );
        assert_eq!(
            on(&idx, ActionKind::ThankYou, "2026-11-11"),
            [
                ("paul".into(), day("2026-11-11"), false),
                ("zoe".into(), day("2026-11-11"), false)
            ]
        );
        assert!(
            on(&idx, ActionKind::ThankYou, "2026-11-12")
                .iter()
                .all(|a| a.2)
        );
        let sent = index(&[(
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: 2026-11-10\nthank_you_sent: 2026-11-10\n---\n",
        )]);
        assert!(on(&sent, ActionKind::ThankYou, "2026-11-12").is_empty());
    }

    #[test]
    fn a_message_sent_since_is_the_thank_you_one_person_at_a_time() {
        let panel = ("Interviews/a.md", MET);
        let idx = index(&[panel]);
        assert_eq!(on(&idx, ActionKind::ThankYou, "2026-11-12").len(), 2);
        for (touch, left) in [
            ("2026-11-10 out email", vec!["zoe"]),
            ("2026-11-11 out", vec!["zoe"]),
            ("2026-11-09 out", vec!["paul", "zoe"]),
            ("2026-11-11 in", vec!["paul", "zoe"]),
        ] {
            let person = format!("---\ntouches: [\"{touch}\"]\n---\n");
            let idx = index(&[panel, ("People/Paul.md", &person)]);
            let due: Vec<String> = (on(&idx, ActionKind::ThankYou, "2026-11-12").into_iter())
                .map(|(who, ..)| who)
                .collect();
            assert_eq!(due, left, "{touch}");
        }
    }

    #[test]
    fn a_prepared_conversation_asks_for_no_prep() {
        let note =
            |prepared: &str| format!("---\ncontact: Paul\ndate: 2026-11-20\n{prepared}---\n");
        let unprepared = index(&[("Interviews/a.md", &note(""))]);
        assert_eq!(on(&unprepared, ActionKind::Prep, "2026-11-18").len(), 1);
        let prepared = index(&[("Interviews/a.md", &note("prepared: 2026-11-18\n"))]);
        assert!(on(&prepared, ActionKind::Prep, "2026-11-18").is_empty());
    }

    #[test]
    fn a_last_contact_with_the_referrer_closes_the_loop() {
        let met = "---\ncontact: Paul\ndate: 2026-11-01\nthank_you_sent: 2026-11-01\nreferred_by: Zoé\n---\n";
        for (last, open) in [
            ("2026-10-30", true),
            ("2026-11-01", false),
            ("2026-11-05", false),
        ] {
            let zoe = format!("---\nlast_contact: {last}\n---\n");
            let idx = index(&[("Interviews/a.md", met), ("People/Zoé.md", &zoe)]);
            assert_eq!(
                !on(&idx, ActionKind::CloseTheLoop, "2026-11-09").is_empty(),
                open,
                "{last}"
            );
        }
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
    fn update_boundaries_and_cadence() {
        let idx = index(&[(
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: 2026-10-01\nthank_you_sent: 2026-10-02\n---\n",
        )]);
        assert!(on(&idx, ActionKind::Update, "2026-10-29").is_empty());
        assert_eq!(
            on(&idx, ActionKind::Update, "2026-10-30"),
            [("paul".into(), day("2026-10-30"), false)]
        );
        assert_eq!(
            on(&idx, ActionKind::Update, "2026-11-12"),
            [("paul".into(), day("2026-10-30"), false)]
        );
        assert_eq!(
            on(&idx, ActionKind::Update, "2026-11-13"),
            [("paul".into(), day("2026-10-30"), true)]
        );
        let cadenced = index(&[
            (
                "Interviews/a.md",
                "---\ncontact: Paul\ndate: 2026-10-01\nthank_you_sent: 2026-10-01\n---\n",
            ),
            (
                "People/Paul.md",
                "---\ncadence_days: 10\ntouches: [{date: 2026-10-05, dir: in}]\n---\n",
            ),
        ]);
        assert!(on(&cadenced, ActionKind::Update, "2026-10-14").is_empty());
        assert_eq!(
            on(&cadenced, ActionKind::Update, "2026-10-15"),
            [("paul".into(), day("2026-10-15"), false)]
        );
        assert_eq!(
            on(&cadenced, ActionKind::Update, "2026-10-20"),
            [("paul".into(), day("2026-10-15"), true)]
        );
    }

    #[test]
    fn nudge_boundaries_and_what_cancels_it() {
        let promise = "---\ncontact: Paul\ndate: 2026-11-01\nthank_you_sent: 2026-11-01\nthey_follow_up_by: 2026-11-05\n---\n";
        let idx = index(&[("Interviews/a.md", promise)]);
        assert!(on(&idx, ActionKind::Nudge, "2026-11-05").is_empty());
        assert_eq!(
            on(&idx, ActionKind::Nudge, "2026-11-06"),
            [("paul".into(), day("2026-11-06"), false)]
        );
        assert_eq!(
            on(&idx, ActionKind::Nudge, "2026-11-13"),
            [("paul".into(), day("2026-11-06"), true)]
        );
        let answered = index(&[
            ("Interviews/a.md", promise),
            (
                "People/Paul.md",
                "---\ntouches: [{date: 2026-11-04, dir: in}]\n---\n",
            ),
        ]);
        assert!(on(&answered, ActionKind::Nudge, "2026-11-10").is_empty());
        // Nudged after the promised day: done; a message before it is not a nudge.
        for (touch, due) in [("2026-11-07 out", false), ("2026-11-05 out", true)] {
            let person = format!("---\ntouches: [\"{touch}\"]\n---\n");
            let idx = index(&[("Interviews/a.md", promise), ("People/Paul.md", &person)]);
            assert_eq!(
                !on(&idx, ActionKind::Nudge, "2026-11-10").is_empty(),
                due,
                "{touch}"
            );
        }
    }

    #[test]
    fn driving_needs_the_last_three_touches_out() {
        let three = "---\ntouches:\n  - {date: 2026-11-01, dir: in}\n  - {date: 2026-11-02, dir: out}\n  - {date: 2026-11-03, dir: out}\n  - {date: 2026-11-04, dir: out}\n---\n";
        let idx = index(&[("People/Paul.md", three)]);
        assert_eq!(
            on(&idx, ActionKind::Driving, "2026-11-10"),
            [("paul".into(), day("2026-11-04"), false)]
        );
        let two = three.replace("2026-11-02, dir: out", "2026-11-02, dir: in");
        let idx = index(&[("People/Paul.md", &two)]);
        assert!(on(&idx, ActionKind::Driving, "2026-11-10").is_empty());
    }

    #[test]
    fn promise_dated_and_undated() {
        let idx = index(&[(
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: 2026-11-01\nthank_you_sent: 2026-11-01\n---\n- [ ] send deck 📅 2026-11-05\n- [ ] read book\n- [x] done\n",
        )]);
        assert_eq!(
            on(&idx, ActionKind::Promise, "2026-11-05"),
            [
                ("paul".into(), day("2026-11-05"), false),
                ("paul".into(), day("2026-11-05"), false)
            ]
        );
        assert_eq!(
            on(&idx, ActionKind::Promise, "2026-11-06"),
            [
                ("paul".into(), day("2026-11-05"), true),
                ("paul".into(), day("2026-11-06"), false)
            ]
        );
    }

    #[test]
    fn prep_window() {
        let idx = index(&[(
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: 2026-11-20\n---\n",
        )]);
        assert!(on(&idx, ActionKind::Prep, "2026-11-12").is_empty());
        assert_eq!(
            on(&idx, ActionKind::Prep, "2026-11-13"),
            [("paul".into(), day("2026-11-20"), false)]
        );
        assert_eq!(
            on(&idx, ActionKind::Prep, "2026-11-19"),
            [("paul".into(), day("2026-11-20"), false)]
        );
        // A conversation without a time is held on its day: no prep then.
        assert!(on(&idx, ActionKind::Prep, "2026-11-20").is_empty());
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
    fn a_panels_prep_names_everyone_and_a_company_only_when_named() {
        let idx = index(&[
            (
                "Interviews/a.md",
                "---\ncontact: [\"[[Ana Ruiz]]\", \"[[Ben Oko]]\"]\ndate: 2026-11-25\n---\n",
            ),
            (
                "Interviews/b.md",
                "---\ncontact: Cy\ndate: 2026-11-26\ncompany: Acme\n---\n",
            ),
        ]);
        let preps: Vec<Detail> = (actions(&idx, &Rules::default(), Clock::on(day("2026-11-22"))))
            .into_iter()
            .filter(|a| a.kind == ActionKind::Prep)
            .map(|a| a.detail)
            .collect();
        let [
            Detail::Prep {
                panel,
                company_note: None,
                ..
            },
            Detail::Prep {
                company_note: Some(false),
                ..
            },
        ] = preps.as_slice()
        else {
            panic!("{preps:?}")
        };
        assert_eq!(**panel, [Arc::from("ana ruiz"), Arc::from("ben oko")]);
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
    fn close_the_loop_boundaries_and_touch() {
        let met = "---\ncontact: Paul\ndate: 2026-11-01\nthank_you_sent: 2026-11-01\nreferred_by: Zoé\n---\n";
        let idx = index(&[("Interviews/a.md", met)]);
        assert_eq!(
            on(&idx, ActionKind::CloseTheLoop, "2026-11-02"),
            [("zoe".into(), day("2026-11-08"), false)]
        );
        assert_eq!(
            on(&idx, ActionKind::CloseTheLoop, "2026-11-08"),
            [("zoe".into(), day("2026-11-08"), false)]
        );
        assert_eq!(
            on(&idx, ActionKind::CloseTheLoop, "2026-11-09"),
            [("zoe".into(), day("2026-11-08"), true)]
        );
        let told = index(&[
            ("Interviews/a.md", met),
            (
                "People/Zoé.md",
                "---\ntouches: [{date: 2026-11-03, dir: out}]\n---\n",
            ),
        ]);
        assert!(on(&told, ActionKind::CloseTheLoop, "2026-11-09").is_empty());
    }

    #[test]
    fn opening_window_and_contact_since() {
        let note = "---\ncontact: Paul\ndate: 2026-11-01\nthank_you_sent: 2026-11-01\nopening: data analyst\nopening_expected: 2026-11-20\n---\n";
        let idx = index(&[("Interviews/a.md", note)]);
        assert!(on(&idx, ActionKind::Opening, "2026-11-12").is_empty());
        assert_eq!(
            on(&idx, ActionKind::Opening, "2026-11-13"),
            [("paul".into(), day("2026-11-20"), false)]
        );
        assert_eq!(
            on(&idx, ActionKind::Opening, "2026-11-21"),
            [("paul".into(), day("2026-11-20"), true)]
        );
        let touched = index(&[
            ("Interviews/a.md", note),
            (
                "People/Paul.md",
                "---\ntouches: [{date: 2026-11-10, dir: out}]\n---\n",
            ),
        ]);
        assert!(on(&touched, ActionKind::Opening, "2026-11-21").is_empty());
    }

    #[test]
    fn declined_closed_and_snoozed_people_get_nothing() {
        for (person, today, expected) in [
            ("status: declined", "2026-11-12", 0),
            ("status: closed", "2026-11-12", 0),
            ("snooze_until: 2026-11-13", "2026-11-12", 0),
            ("snooze_until: 2026-11-12", "2026-11-12", 1),
            ("status: met", "2026-11-12", 1),
        ] {
            let idx = index(&[
                (
                    "Interviews/a.md",
                    "---\ncontact: Paul\ndate: 2026-11-10\n---\n",
                ),
                ("People/Paul.md", &format!("---\n{person}\n---\n")),
            ]);
            let all = actions(&idx, &Rules::default(), Clock::on(day(today)));
            assert_eq!(all.len(), expected, "{person}: {all:?}");
        }
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

    /// Each edit the index takes in place, to a panel's conversation: the
    /// actions redrawn for its people are the actions drawn whole, and
    /// each kept action is the one at its recorded position before.
    #[test]
    fn redrawing_for_the_people_of_an_edit_gives_every_action() {
        const PANEL: &str = "---\ncontact: [Paul, Zoé]\ndate: 2026-10-01\nreferred_by: Ana\n---\n";
        let files = |panel: &str| {
            [
                ("Interviews/panel.md", panel.to_owned()),
                (
                    "Interviews/later.md",
                    "---\ncontact: Paul\ndate: 2026-11-30\nquestions: [Pay?]\n---\n- [ ] send the deck\n"
                        .to_owned(),
                ),
                (
                    "Interviews/ana.md",
                    "---\ncontact: Ana\ndate: 2026-09-01\nthey_follow_up_by: 2026-09-10\n---\n".to_owned(),
                ),
                ("People/Zoé.md", "---\ncadence_days: 20\n---\n".to_owned()),
            ]
        };
        let notes = |panel: &str| crate::index::test_notes(&files(panel));
        let rules = Rules::default();
        let clock = Clock::on(day("2026-11-25"));
        let plain = notes(PANEL);
        for edit in [
            "topic: a talk\n",
            "thank_you_sent: 2026-10-02\n",
            "they_follow_up_by: 2026-10-15\n",
            "opening_expected: 2026-11-20\nopening: Analyst\n",
            "questions: [Pay?, Hours?]\n",
            "channel: phone\n",
        ] {
            let edited = notes(&PANEL.replacen("---\n", &format!("---\n{edit}"), 1));
            // The edit, then the edit undone.
            for (from, to) in [(&plain, &edited), (&edited, &plain)] {
                let mut index = crate::index::build(from, crate::config::Lang::En);
                let before = actions(&index, &rules, clock);
                let people = match crate::reuse::refresh(&mut index, [(&from[2], Some(&to[2]))]) {
                    crate::reuse::Refresh::Refreshed { people, .. } => people,
                    rebuild => panic!("{edit}: {rebuild:?}"),
                };
                let whole = actions(&index, &rules, clock);
                let redrawn = redraw(&index, &rules, clock, before.clone(), &people);
                assert_eq!(redrawn.actions, whole, "{edit}");
                assert_eq!(redrawn.changed, whole != before, "{edit}");
                assert_eq!(redrawn.kept_from.len(), whole.len());
                for (from, now) in redrawn.kept_from.iter().zip(&whole) {
                    match from {
                        Some(at) => assert_eq!(&before[*at], now, "{edit}"),
                        // Only the actions of the conversation's people are drawn again.
                        None => assert!(people.contains(&now.person), "{edit}: {now:?}"),
                    }
                }
                let others = whole.iter().filter(|a| !people.contains(&a.person));
                assert!(others.count() > 0);
            }
        }
    }

    /// SPEC 2.5: a daily note linking someone is a contact of unknown
    /// direction on its day: it moves the update, the opening and the
    /// close-the-loop, never the thank-you, the nudge nor the warning.
    #[test]
    fn a_daily_note_linking_someone_is_a_contact_of_unknown_direction() {
        const MET: &str = "---\ncontact: Paul\ndate: 2026-11-01\nreferred_by: Zoé\n\
                           they_follow_up_by: 2026-11-05\nopening: data analyst\n\
                           opening_expected: 2026-11-20\n---\n";
        const ZOE: &str = "---\naliases: [Zoé]\n---\n";
        const DRIVING: &str =
            "---\ntouches: [\"2026-11-02 out\", \"2026-11-03 out\", \"2026-11-04 out\"]\n---\n";
        let daily = |day: &str, body: &str| (format!("{day}.md"), body.to_owned());
        type Row<'a> = (
            &'a str,
            Vec<(String, String)>,
            ActionKind,
            &'a str,
            Vec<(&'a str, &'a str, bool)>,
        );
        let rows: Vec<Row> = vec![
            (
                "no daily note",
                vec![],
                ActionKind::Update,
                "2026-12-10",
                vec![("paul", "2026-11-29", false)],
            ),
            (
                "moves the update",
                vec![daily("2026-11-20", "Lunch with [[Paul]].\n")],
                ActionKind::Update,
                "2026-12-10",
                vec![],
            ),
            (
                "a plan is no contact yet",
                vec![daily("2026-12-20", "Call [[Paul]]\n")],
                ActionKind::Update,
                "2026-12-10",
                vec![("paul", "2026-11-29", false)],
            ),
            (
                "today's note counts",
                vec![daily("2026-12-10", "[[Paul]]\n")],
                ActionKind::Update,
                "2026-12-10",
                vec![],
            ),
            (
                "an open task is a promise",
                vec![daily("2026-11-20", "- [ ] write to [[Paul]]\n")],
                ActionKind::Update,
                "2026-12-10",
                vec![("paul", "2026-11-29", false)],
            ),
            (
                "a done task counts",
                vec![daily("2026-11-20", "- [x] wrote to [[Paul]]\n")],
                ActionKind::Update,
                "2026-12-10",
                vec![],
            ),
            (
                "a heading counts",
                vec![daily("2026-11-20", "## [[Paul|P.]]\n")],
                ActionKind::Update,
                "2026-12-10",
                vec![],
            ),
            (
                "an embed does not",
                vec![daily("2026-11-20", "![[Paul]]\n")],
                ActionKind::Update,
                "2026-12-10",
                vec![("paul", "2026-11-29", false)],
            ),
            (
                "nor a note outside the folder",
                vec![("Notes/2026-11-20.md".into(), "[[Paul]]\n".into())],
                ActionKind::Update,
                "2026-12-10",
                vec![("paul", "2026-11-29", false)],
            ),
            (
                "no close-the-loop",
                vec![],
                ActionKind::CloseTheLoop,
                "2026-11-09",
                vec![("zoe durand", "2026-11-08", true)],
            ),
            (
                "closes the loop, by alias and folded accents",
                vec![daily("2026-11-03", "Told [[zoe]] about it.\n")],
                ActionKind::CloseTheLoop,
                "2026-11-09",
                vec![],
            ),
            (
                "by path and heading",
                vec![daily("2026-11-03", "[[People/Zoé Durand#Notes|her]]\n")],
                ActionKind::CloseTheLoop,
                "2026-11-09",
                vec![],
            ),
            (
                "not from before the meeting",
                vec![daily("2026-10-30", "[[Zoé]]\n")],
                ActionKind::CloseTheLoop,
                "2026-11-09",
                vec![("zoe durand", "2026-11-08", true)],
            ),
            (
                "not from a plan",
                vec![daily("2026-11-12", "[[Zoé]]\n")],
                ActionKind::CloseTheLoop,
                "2026-11-09",
                vec![("zoe durand", "2026-11-08", true)],
            ),
            (
                "not from an open task",
                vec![daily("2026-11-03", "- [ ] tell [[Zoé]]\n")],
                ActionKind::CloseTheLoop,
                "2026-11-09",
                vec![("zoe durand", "2026-11-08", true)],
            ),
            (
                "no opening asked",
                vec![],
                ActionKind::Opening,
                "2026-11-21",
                vec![("paul", "2026-11-20", true)],
            ),
            (
                "moves the opening",
                vec![daily("2026-11-10", "[[Paul]]\n")],
                ActionKind::Opening,
                "2026-11-21",
                vec![],
            ),
            (
                "not on the conversation's day",
                vec![daily("2026-11-01", "[[Paul]]\n")],
                ActionKind::Opening,
                "2026-11-21",
                vec![("paul", "2026-11-20", true)],
            ),
            (
                "is no thank-you",
                vec![daily("2026-11-02", "Thanked [[Paul]]\n")],
                ActionKind::ThankYou,
                "2026-11-03",
                vec![("paul", "2026-11-02", true)],
            ),
            (
                "is no answer",
                vec![daily("2026-11-07", "[[Paul]] called\n")],
                ActionKind::Nudge,
                "2026-11-10",
                vec![("paul", "2026-11-06", false)],
            ),
            (
                "a daily note with contact and date is no conversation",
                vec![daily(
                    "2026-11-07",
                    "---\ncontact: Paul\ndate: 2026-11-07\n---\n",
                )],
                ActionKind::Nudge,
                "2026-11-10",
                vec![("paul", "2026-11-06", false)],
            ),
            (
                "unless its type says so",
                vec![daily(
                    "2026-11-07",
                    "---\ntype: interview\ncontact: Paul\ndate: 2026-11-07\n---\n",
                )],
                ActionKind::Nudge,
                "2026-11-10",
                vec![],
            ),
            (
                "is no answer to driving",
                vec![
                    ("People/Paul.md".into(), DRIVING.into()),
                    daily("2026-11-05", "[[Paul]]\n"),
                ],
                ActionKind::Driving,
                "2026-11-10",
                vec![("paul", "2026-11-04", false)],
            ),
        ];
        for (what, extra, kind, today, expected) in rows {
            let mut files = vec![
                ("Interviews/a.md".to_owned(), MET.to_owned()),
                ("People/Zoé Durand.md".to_owned(), ZOE.to_owned()),
            ];
            files.extend(extra);
            let files: Vec<(&str, &str)> = files
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect();
            let idx = index(&files);
            let expected: Vec<(String, NaiveDate, bool)> = (expected.into_iter())
                .map(|(person, due, overdue)| (person.to_owned(), day(due), overdue))
                .collect();
            assert_eq!(on(&idx, kind, today), expected, "{what}");
        }
    }

    #[test]
    fn only_people_the_index_knows_are_contacts_of_a_daily_note() {
        let idx = index(&[
            (
                "Interviews/a.md",
                "---\ncontact: Paul\ndate: 2026-11-01\n---\n",
            ),
            ("People/Ana.md", ""),
            (
                "2026-11-20.md",
                "[[Paul]], [[Ana]], [[paul]] at [[Acme]] about [[Some project]]; [[2026-11-19]]\n",
            ),
        ]);
        let keys: Vec<&str> = idx.daily_contacts.keys().map(|k| &**k).collect();
        assert_eq!(keys, ["ana", "paul"]);
        assert_eq!(idx.daily_contacts_of("paul"), [day("2026-11-20")]);
        assert_eq!(idx.people.len(), 2);
    }
}
