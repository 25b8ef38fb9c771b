//! Rules stage, rule 6 (SPEC 3, P10): telling a referrer you met the person
//! they sent you to.

use std::collections::HashSet;
use std::sync::Arc;

use foldhash::fast::RandomState;

use super::contact::daily_contacts;
use super::{Action, ActionKind, Detail, plus_days};
use crate::clock::Clock;
use crate::config::Rules;
use crate::index::{Conversation, Index, PersonKey};
use crate::note::{Direction, When};

/// Rule 6 (P10): you met someone a contact sent you to; tell the referrer.
/// Once per referrer and person, from the first such meeting; a touch to the
/// referrer or a conversation with them since then closes the loop.
pub(super) fn close_the_loop(index: &Index, rules: &Rules, clock: Clock) -> Vec<Action> {
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

fn past(index: &Index, clock: Clock) -> impl Iterator<Item = &Conversation> {
    index
        .conversations
        .iter()
        .filter(move |c| clock.is_past(&c.interview.when))
}

#[cfg(test)]
mod tests {
    use crate::rules::ActionKind;
    use crate::rules::test_support::{day, index, on};

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
}
