//! Rules stage, rule 2 (SPEC 3, P8): the update owed to people met, every few
//! weeks.

use super::contact::{has_met, last_contact};
use super::{Action, ActionKind, Detail, Draw, plus_days};
use crate::clock::Clock;
use crate::index::{Conversation, Index, Person};

/// Rule 2 (P8): keep people you met posted every four to six weeks. No update
/// is asked while another conversation with them is already planned.
pub(super) fn update(draw: Draw, person: &Person) -> Option<Action> {
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

fn upcoming_with<'a>(
    index: &'a Index,
    person: &'a str,
    clock: Clock,
) -> impl Iterator<Item = &'a Conversation> {
    index
        .conversations_of(person)
        .filter(move |c| !clock.is_past(&c.interview.when))
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

#[cfg(test)]
mod tests {
    use crate::rules::ActionKind;
    use crate::rules::test_support::{day, index, on};

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
}
