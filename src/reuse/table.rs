//! Reuse stage, the table: which stages of a pass read each input — every
//! part of an interview, of any note, and what lies beside the notes — and
//! so what an edit of it reaches.
//!
//! The watcher's decisions are derived from it: whether the index can take
//! an edited interview in place ([`Reach::index`]), which actions are drawn
//! again ([`Reach::rules`]), which pages are rendered again
//! ([`Reach::pages`]). A row that forgets a stage leaves that stage stale
//! after an edit; `watch::last_pass`'s tests walk every row with an edit of
//! the sample vault and compare the pages with a build.

use crate::note::{Answer, Interview, Kind, Note};
use crate::pages::{PageKind, PageSet};

/// What an edit may change, as the table tells it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    // An interview's properties and parts, one per field of `Interview`.
    Contacts,
    When,
    Company,
    Role,
    Channel,
    Duration,
    ReferredBy,
    Topic,
    Questions,
    Referrals,
    ThankYouSent,
    TheyFollowUpBy,
    Opening,
    OpeningExpected,
    Prepared,
    FirstHeading,
    /// Each answer's question and text; where the text lies in its file is
    /// read only to quote it, checked against its hash.
    Answers,
    // Any note's parts.
    Tasks,
    Issues,
    /// The list items of the question bank's note.
    BankItems,
    // Beside the interviews.
    PersonNote,
    CompanyNote,
    DailyNote,
    /// The bank's questions: every interview keeps its answers to them.
    QuestionBank,
    /// `.suivi.toml`: read once when a watcher starts.
    Configuration,
    /// The day, and whether each time written on a conversation of the day
    /// has passed.
    Clock,
}

/// Which of the rules read an input, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rules {
    None,
    /// The rules drawn from what a conversation says beside who took part,
    /// when, with which company and through whom: each person's thank-you,
    /// update, nudge, prep and opening ([`DRAWN_FROM_WHAT_IS_SAID`]). An
    /// edit that reaches only these is drawn again for its people alone.
    ///
    /// [`DRAWN_FROM_WHAT_IS_SAID`]: super::DRAWN_FROM_WHAT_IS_SAID
    WhatIsSaid,
    All,
}

/// The stages that read one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reads {
    /// Whether the index draws from it: an edit of it builds the index
    /// again, and runs every rule.
    pub index: bool,
    pub rules: Rules,
    /// The pages whose bytes it can change, through the actions and issues
    /// too.
    pub pages: PageSet,
}

/// The pages drawn from the actions: a pass renders them again when the
/// actions it draws differ from the last pass's.
pub const FROM_THE_ACTIONS: PageSet = PageSet::NONE
    .with(PageKind::FollowUps)
    .with(PageKind::Calendar);

/// The page drawn from the issues: rendered again when they differ.
pub const FROM_THE_ISSUES: PageSet = PageSet::NONE.with(PageKind::VaultIssues);

/// Every page but the People base, which is drawn from the configuration
/// alone (Obsidian reads the notes it lists).
pub const FROM_THE_NOTES: PageSet = PageSet::ALL.without(PageSet::NONE.with(PageKind::PeopleBase));

const COMPANIES: PageSet = PageSet::NONE.with(PageKind::Companies);
const INTERVIEWS: PageSet = PageSet::NONE.with(PageKind::Interviews);
const QUESTIONS: PageSet = PageSet::NONE.with(PageKind::Questions);

const fn row(index: bool, rules: Rules, pages: PageSet) -> Reads {
    Reads {
        index,
        rules,
        pages,
    }
}

const INDEX: bool = true;
const NO_INDEX: bool = false;

impl Input {
    /// Every input, in the table's order.
    pub const ALL: [Input; 26] = [
        Input::Contacts,
        Input::When,
        Input::Company,
        Input::Role,
        Input::Channel,
        Input::Duration,
        Input::ReferredBy,
        Input::Topic,
        Input::Questions,
        Input::Referrals,
        Input::ThankYouSent,
        Input::TheyFollowUpBy,
        Input::Opening,
        Input::OpeningExpected,
        Input::Prepared,
        Input::FirstHeading,
        Input::Answers,
        Input::Tasks,
        Input::Issues,
        Input::BankItems,
        Input::PersonNote,
        Input::CompanyNote,
        Input::DailyNote,
        Input::QuestionBank,
        Input::Configuration,
        Input::Clock,
    ];

    /// The table: which stages read this input.
    #[expect(
        clippy::match_same_arms,
        reason = "the table has one row per input, to be read and changed row by row"
    )]
    pub const fn reads(self) -> Reads {
        use Rules::{All, None, WhatIsSaid};
        let actions = FROM_THE_ACTIONS;
        match self {
            Input::Contacts => row(INDEX, All, FROM_THE_NOTES),
            Input::When => row(INDEX, All, FROM_THE_NOTES),
            Input::Company => row(INDEX, All, FROM_THE_NOTES),
            Input::Role => row(NO_INDEX, None, PageSet::NONE),
            Input::Channel => row(NO_INDEX, None, INTERVIEWS),
            Input::Duration => row(NO_INDEX, None, PageSet::NONE),
            Input::ReferredBy => row(INDEX, All, FROM_THE_NOTES),
            // The thank-you's subject.
            Input::Topic => row(NO_INDEX, WhatIsSaid, actions),
            // The prep's count of questions.
            Input::Questions => row(NO_INDEX, WhatIsSaid, actions.union(QUESTIONS)),
            Input::Referrals => row(INDEX, All, FROM_THE_NOTES),
            // A last contact, on the Companies page and for the update.
            Input::ThankYouSent => row(
                NO_INDEX,
                WhatIsSaid,
                actions.union(COMPANIES).union(INTERVIEWS),
            ),
            Input::TheyFollowUpBy => row(NO_INDEX, WhatIsSaid, actions),
            Input::Opening => row(NO_INDEX, WhatIsSaid, actions.union(COMPANIES)),
            Input::OpeningExpected => row(NO_INDEX, WhatIsSaid, actions.union(COMPANIES)),
            Input::Prepared => row(NO_INDEX, WhatIsSaid, actions),
            // The thank-you's subject when there is no topic.
            Input::FirstHeading => row(NO_INDEX, WhatIsSaid, actions),
            Input::Answers => row(NO_INDEX, None, QUESTIONS),
            // Promises, and the issues of a task's date.
            Input::Tasks => row(INDEX, All, FROM_THE_NOTES),
            Input::Issues => row(INDEX, None, FROM_THE_ISSUES),
            Input::BankItems => row(INDEX, None, QUESTIONS.union(FROM_THE_ISSUES)),
            Input::PersonNote => row(INDEX, All, FROM_THE_NOTES),
            Input::CompanyNote => row(INDEX, All, FROM_THE_NOTES),
            Input::DailyNote => row(INDEX, All, FROM_THE_NOTES),
            Input::QuestionBank => row(INDEX, None, QUESTIONS.union(FROM_THE_ISSUES)),
            Input::Configuration => row(INDEX, All, PageSet::ALL),
            // Each page's date, and what has passed.
            Input::Clock => row(NO_INDEX, All, FROM_THE_NOTES),
        }
    }
}

/// What a change reaches: the union of the rows of the inputs it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    pub index: bool,
    pub rules: Rules,
    pub pages: PageSet,
}

impl Reach {
    pub const NOTHING: Reach = Reach {
        index: false,
        rules: Rules::None,
        pages: PageSet::NONE,
    };

    /// What a change no row describes reaches: everything.
    pub const EVERYTHING: Reach = Reach {
        index: true,
        rules: Rules::All,
        pages: PageSet::ALL,
    };

    pub fn of(inputs: &[Input]) -> Reach {
        (inputs.iter()).fold(Reach::NOTHING, |reach, input| {
            let reads = input.reads();
            reach.union(Reach {
                index: reads.index,
                rules: reads.rules,
                pages: reads.pages,
            })
        })
    }

    pub fn union(self, other: Reach) -> Reach {
        Reach {
            index: self.index || other.index,
            rules: self.rules.max(other.rules),
            pages: self.pages.union(other.pages),
        }
    }

    /// What a note read again at its path reaches: the rows of what
    /// differs in it, or everything when it became a note of another kind.
    pub fn of_edit(before: &Note, after: &Note) -> Reach {
        changes(before, after).map_or(Reach::EVERYTHING, |inputs| Reach::of(&inputs))
    }
}

/// The inputs that differ between two versions of a note at one path; none
/// when it is not the same note (another path, another kind).
pub fn changes(before: &Note, after: &Note) -> Option<Vec<Input>> {
    // Every field named: a new one does not compile until it has a row.
    let Note {
        path,
        kind,
        tasks,
        bank,
        issues,
    } = before;
    if *path != after.path {
        return None;
    }
    let mut changed = Vec::new();
    let note_parts = [
        (Input::Tasks, *tasks != after.tasks),
        (Input::BankItems, *bank != after.bank),
        (Input::Issues, *issues != after.issues),
    ];
    changed.extend(
        note_parts
            .iter()
            .filter(|(_, differs)| *differs)
            .map(|(input, _)| *input),
    );
    let kind_row = match (kind, &after.kind) {
        (Kind::Interview(old), Kind::Interview(new)) => {
            interview_changes(old, new, &mut changed);
            return Some(changed);
        }
        (Kind::Person(old_name, old), Kind::Person(new_name, new)) => {
            (old_name != new_name || old != new).then_some(Input::PersonNote)
        }
        (Kind::Company(old_name, old), Kind::Company(new_name, new)) => {
            (old_name != new_name || old != new).then_some(Input::CompanyNote)
        }
        (Kind::Daily(old), Kind::Daily(new)) => (old != new).then_some(Input::DailyNote),
        (Kind::Other, Kind::Other) => None,
        _ => return None,
    };
    changed.extend(kind_row);
    Some(changed)
}

/// Adds to `changed` the fields that differ between two versions of an
/// interview.
fn interview_changes(before: &Interview, after: &Interview, changed: &mut Vec<Input>) {
    // Every field named: a new one does not compile until it has a row.
    let Interview {
        contacts,
        when,
        company,
        role,
        channel,
        duration,
        referred_by,
        topic,
        questions,
        referrals,
        thank_you_sent,
        they_follow_up_by,
        opening,
        opening_expected,
        prepared,
        first_heading,
        answers,
    } = before;
    let fields = [
        (Input::Contacts, *contacts != after.contacts),
        (Input::When, *when != after.when),
        (Input::Company, *company != after.company),
        (Input::Role, *role != after.role),
        (Input::Channel, *channel != after.channel),
        (Input::Duration, *duration != after.duration),
        (Input::ReferredBy, *referred_by != after.referred_by),
        (Input::Topic, *topic != after.topic),
        (Input::Questions, *questions != after.questions),
        (Input::Referrals, *referrals != after.referrals),
        (Input::ThankYouSent, *thank_you_sent != after.thank_you_sent),
        (
            Input::TheyFollowUpBy,
            *they_follow_up_by != after.they_follow_up_by,
        ),
        (Input::Opening, *opening != after.opening),
        (
            Input::OpeningExpected,
            *opening_expected != after.opening_expected,
        ),
        (Input::Prepared, *prepared != after.prepared),
        (Input::FirstHeading, *first_heading != after.first_heading),
        (
            Input::Answers,
            !answer_texts(answers).eq(answer_texts(&after.answers)),
        ),
    ];
    changed.extend(
        fields
            .iter()
            .filter(|(_, differs)| *differs)
            .map(|(input, _)| *input),
    );
}

/// Each answer's question and the hash of its text, wherever it lies.
fn answer_texts(answers: &[Answer]) -> impl Iterator<Item = (&str, u64)> {
    answers.iter().map(|answer| {
        let Answer {
            question,
            span: _,
            hash,
        } = answer;
        (&**question, *hash)
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::NaiveDate;

    use super::*;
    use crate::names::parse_link;
    use crate::note::{Referral, When};

    /// An interview, and one that differs from it in every field: written
    /// out whole, so that a new field does not compile until it is here.
    fn two_interviews() -> (Interview, Interview) {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let link = |name: &str| parse_link(name).unwrap();
        let interview = |n: u32| Interview {
            contacts: vec![link(&format!("Ana {n}"))],
            when: When {
                date: day(n),
                time: None,
            },
            company: Some(link(&format!("Acme {n}"))),
            role: Some(format!("role {n}")),
            channel: Some(format!("channel {n}")),
            duration: Some(n),
            referred_by: Some(link(&format!("Zoé {n}"))),
            topic: Some(format!("topic {n}")),
            questions: vec![format!("question {n}")],
            referrals: vec![Referral {
                name: link(&format!("Marc {n}")),
                company: None,
                role: None,
                note: None,
                may_mention: None,
            }],
            thank_you_sent: Some(day(n)),
            they_follow_up_by: Some(day(n)),
            opening: Some(format!("opening {n}")),
            opening_expected: Some(day(n)),
            prepared: Some(day(n)),
            first_heading: Some(format!("heading {n}")),
            answers: vec![Answer {
                question: Arc::from(format!("question {n}")),
                span: 0..n as usize,
                hash: u64::from(n),
            }],
        };
        (interview(1), interview(2))
    }

    #[test]
    fn every_field_of_an_interview_is_an_input_of_the_table() {
        let (before, after) = two_interviews();
        let mut changed = Vec::new();
        interview_changes(&before, &after, &mut changed);
        // One input per field: none is left out of the comparison.
        assert_eq!(changed.len(), 17);
        for input in changed {
            assert!(
                Input::ALL.contains(&input),
                "{input:?} is not in Input::ALL"
            );
        }
    }

    #[test]
    fn an_answer_moved_in_its_file_changes_no_input() {
        let (before, _) = two_interviews();
        let mut moved = before.clone();
        moved.answers[0].span = 10..11;
        let mut changed = Vec::new();
        interview_changes(&before, &moved, &mut changed);
        assert_eq!(changed, []);
    }

    #[test]
    fn every_input_is_listed_once() {
        let mut sorted = Input::ALL.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), Input::ALL.len());
    }

    #[test]
    fn a_page_drawn_from_the_actions_is_reached_only_through_the_rules() {
        for input in Input::ALL {
            let reads = input.reads();
            let through_actions = !reads.pages.intersection(FROM_THE_ACTIONS).is_empty();
            assert_eq!(
                through_actions,
                reads.rules != Rules::None,
                "{input:?}: the pass renders the Follow-ups page and the calendar again \
                 only when the actions it draws differ"
            );
        }
    }
}
