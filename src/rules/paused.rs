//! Rules stage, rule 8 (SPEC 3): declined, closed and snoozed people get no
//! action.

use chrono::NaiveDate;

use crate::index::Person;
use crate::note::Status;

/// Rule 8: declined or closed people, and those snoozed past today.
pub fn is_paused(person: Option<&Person>, today: NaiveDate) -> bool {
    person.is_some_and(|p| {
        matches!(p.data.status, Some(Status::Declined | Status::Closed))
            || p.data.snooze_until.is_some_and(|until| until > today)
    })
}

#[cfg(test)]
mod tests {
    use crate::clock::Clock;
    use crate::config::Rules;
    use crate::rules::actions;
    use crate::rules::test_support::{day, index};

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
}
