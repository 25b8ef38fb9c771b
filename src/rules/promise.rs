//! Rules stage, rule 4 (SPEC 3): every open task is a promise you made.

use std::sync::Arc;

use super::{Action, ActionKind, Detail};
use crate::clock::Clock;
use crate::index::Index;

/// Rule 4: every open task is a promise you made, due on its date if it has
/// one; an undated promise is due today and never overdue.
pub(super) fn promise(index: &Index, clock: Clock) -> Vec<Action> {
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

#[cfg(test)]
mod tests {
    use crate::rules::ActionKind;
    use crate::rules::test_support::{day, index, on};

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
}
