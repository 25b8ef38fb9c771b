//! Rules stage, rule 3 (SPEC 3, P9): the nudge when someone's promised answer
//! is late.

use std::sync::Arc;

use super::{Action, ActionKind, Detail, Draw, plus_days};
use crate::index::{Conversation, PersonKey};
use crate::note::Direction;

/// Rule 3 (P9): they promised to come back by a date that has passed, and
/// nothing came back since the conversation: a nudge.
pub(super) fn nudge(
    draw: Draw,
    conversation: &Conversation,
    contact: &PersonKey,
) -> Option<Action> {
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

#[cfg(test)]
mod tests {
    use crate::rules::ActionKind;
    use crate::rules::test_support::{day, index, on};

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
}
