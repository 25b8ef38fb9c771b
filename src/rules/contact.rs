//! Rules stage, shared by several rules and pages: when you were last in
//! touch with a person (SPEC 3, rule 2), whether you have met them, and the
//! days daily notes link them (SPEC 2.5).

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::index::{Index, Person};

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

/// The days a daily note links a person, up to today (SPEC 2.5): contacts
/// of unknown direction, counted as a `last_contact` is. A daily note dated
/// later is a plan, not a contact yet.
pub(super) fn daily_contacts<'a>(
    index: &'a Index,
    person: &str,
    clock: Clock,
) -> impl DoubleEndedIterator<Item = NaiveDate> + 'a {
    (index.daily_contacts_of(person).iter())
        .copied()
        .filter(move |day| *day <= clock.today)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::rules::ActionKind;
    use crate::rules::test_support::{day, index, on};

    /// SPEC 2.5: a daily note linking someone is a contact of unknown
    /// direction on its day: it moves the update, the opening and the
    /// close-the-loop, never the thank-you, the nudge nor the warning.
    #[test]
    #[expect(
        clippy::too_many_lines,
        reason = "one table of cases, a row per situation"
    )]
    fn a_daily_note_linking_someone_is_a_contact_of_unknown_direction() {
        const MET: &str = "---\ncontact: Paul\ndate: 2026-11-01\nreferred_by: Zoé\n\
                           they_follow_up_by: 2026-11-05\nopening: data analyst\n\
                           opening_expected: 2026-11-20\n---\n";
        const ZOE: &str = "---\naliases: [Zoé]\n---\n";
        const DRIVING: &str =
            "---\ntouches: [\"2026-11-02 out\", \"2026-11-03 out\", \"2026-11-04 out\"]\n---\n";
        type Row<'a> = (
            &'a str,
            Vec<(String, String)>,
            ActionKind,
            &'a str,
            Vec<(&'a str, &'a str, bool)>,
        );
        let daily = |day: &str, body: &str| (format!("{day}.md"), body.to_owned());
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
