//! Rules stage, rule 7 (SPEC 3, P4): asking about a role expected to open about
//! now.

use std::sync::Arc;

use super::contact::daily_contacts;
use super::{Action, ActionKind, Detail, Draw, plus_days};
use crate::index::{Conversation, PersonKey};

/// Rule 7 (P4): a role was expected to open about now; ask about it, unless
/// you have been in touch with that person since the conversation.
pub(super) fn opening(
    draw: Draw,
    conversation: &Conversation,
    contact: &PersonKey,
) -> Option<Action> {
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
    use crate::rules::ActionKind;
    use crate::rules::test_support::{day, index, on};

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
}
