//! Rules stage, rule 1 (SPEC 3, P6): the thank-you owed to each person met.

use std::sync::Arc;

use super::{Action, ActionKind, Detail, Draw, plus_days};
use crate::index::{Conversation, PersonKey};
use crate::note::Direction;

/// Rule 1 (P6): a thank-you to each person met, the day after, unless one
/// went out: `thank_you_sent`, or an `out` touch to them since.
pub(super) fn thank_you(
    draw: Draw,
    conversation: &Conversation,
    contact: &PersonKey,
) -> Option<Action> {
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

#[cfg(test)]
mod tests {
    use crate::rules::ActionKind;
    use crate::rules::test_support::{day, index, on};

    const MET: &str = "---\ncontact: [Paul, Zoé]\ndate: 2026-11-10\ntopic: data teams\n---\n";

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
}
