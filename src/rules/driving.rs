//! Rules stage, rule 3, second half (SPEC 3, P9): the warning that you are
//! driving the exchange.

use super::{Action, ActionKind, Detail};
use crate::config::Rules;
use crate::index::Index;
use crate::note::Direction;

/// Rule 3, second half (P9): your last touches with someone all went out.
pub(super) fn driving(index: &Index, rules: &Rules) -> Vec<Action> {
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

#[cfg(test)]
mod tests {
    use crate::rules::ActionKind;
    use crate::rules::test_support::{day, index, on};

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
}
