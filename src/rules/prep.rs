//! Rules stage, rule 5 (SPEC 3, P1, P3): preparing the conversations of the
//! coming days.

use std::sync::Arc;

use super::{Action, ActionKind, Detail, Draw, plus_days};
use crate::index::{Conversation, PersonKey};

/// Rule 5 (P1, P3): prepare conversations of the coming days, once each,
/// with the first person named; the action names the whole panel.
pub(super) fn prep(draw: Draw, conversation: &Conversation, contact: &PersonKey) -> Option<Action> {
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::clock::Clock;
    use crate::config::Rules;
    use crate::rules::test_support::{day, index, on};
    use crate::rules::{ActionKind, Detail, actions};

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
}
