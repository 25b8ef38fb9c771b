//! Reuse stage: what the watcher's next pass may keep of its last one.
//!
//! Which stages read each input is one table ([`table`]); from it come
//! what an edit reaches, whether the index takes an edited interview in
//! place ([`refresh`]), whose actions are drawn again ([`Since`],
//! [`redraw`]), which pages are left as they are. [`LastPages`] is what the
//! last pages give the next ones (items and quotes read back), and
//! [`LeftPage`] how the last pass left each page's file.
//!
//! Everything here can only save work, never change a result: the tests of
//! `watch::last_pass` compare every reuse with a build.

mod left;
pub mod table;

pub use left::{LeftPage, LeftPages};
pub use table::{Input, Reach, Reads, Rules};

use crate::clock::Clock;
use crate::config;
use crate::index::{Index, PersonKey};
use crate::issue::VaultIssue;
use crate::note::{Kind, Note};
use crate::pages::{Context, PageSet, QuotedBefore, ShownBefore, WrittenPage};
use crate::rules::{self, Action, ActionKind};

/// How the index was brought up to date after a batch of notes edited in
/// place.
#[derive(Debug, PartialEq, Eq)]
pub enum Refresh {
    /// The edited interviews were taken in place: the edits reached
    /// nothing the index or every rule reads.
    Refreshed {
        /// The edited conversations' people, when the edits reached the
        /// rules drawn from what is said: their actions alone may differ.
        people: Vec<PersonKey>,
        /// The pages the edits reach beside those drawn from the actions
        /// and the issues, which the pass compares itself.
        pages: PageSet,
    },
    /// The index must be built again; the pages the edits reach.
    Rebuild { pages: PageSet },
}

/// Takes into `index` the notes of a batch, each as it was and as it is now
/// at its path (none: gone), when what they changed is read neither by the
/// index nor by every rule. Conversations patched before an edit that
/// cannot be are left so: the index is then built again whole.
pub fn refresh<'n>(
    index: &mut Index,
    edits: impl IntoIterator<Item = (&'n Note, Option<&'n Note>)>,
) -> Refresh {
    let mut people = Vec::new();
    let mut reach = Reach::NOTHING;
    let mut in_place = true;
    for (before, after) in edits {
        let Some(after) = after else {
            return Refresh::Rebuild {
                pages: PageSet::ALL,
            };
        };
        let edit = Reach::of_edit(before, after);
        reach = reach.union(edit);
        in_place = in_place && !edit.index && edit.rules < Rules::All;
        if !in_place {
            continue;
        }
        let Kind::Interview(interview) = &after.kind else {
            in_place = false;
            continue;
        };
        match index.replace_interview(&after.path, interview) {
            Some(conversation) if edit.rules == Rules::WhatIsSaid => {
                people.extend_from_slice(&conversation.contacts);
            }
            Some(_) => {}
            None => in_place = false,
        }
    }
    if !in_place {
        return Refresh::Rebuild { pages: reach.pages };
    }
    people.sort_unstable();
    people.dedup();
    // With the people and companies as they were, those pages change only
    // with the actions or the issues they show.
    let pages = (reach.pages)
        .without(table::FROM_THE_ACTIONS)
        .without(table::FROM_THE_ISSUES);
    Refresh::Refreshed { people, pages }
}

/// What the watcher's last pass left, that the next one may keep.
pub struct Since<'a> {
    /// The pages no change since can reach but through the actions (the
    /// Follow-ups page) or the issues (the Vault issues page), and whose
    /// files still hold what the last pass left in them.
    pub untouched: PageSet,
    /// The last pass's actions.
    pub actions: Vec<Action>,
    /// When the changes since only changed what conversations say, at a
    /// clock that gives the same actions: the people whose actions alone
    /// may differ (see [`redraw`]), none when no rule reads what
    /// changed.
    pub reached: Option<&'a [PersonKey]>,
    pub issues: &'a [VaultIssue],
}

impl Since<'_> {
    /// The actions now: drawn again for the people the changes reached
    /// when that is all they can change, else for the whole vault.
    fn redraw(&mut self, index: &Index, rules: &config::Rules, clock: Clock) -> Redrawn {
        let before = std::mem::take(&mut self.actions);
        if let Some(people) = self.reached {
            return redraw(index, rules, clock, before, people);
        }
        let actions = rules::actions(index, rules, clock);
        Redrawn {
            changed: actions != before,
            kept_from: Vec::new(),
            actions,
        }
    }

    /// The pages a pass must render, given whether the actions changed and
    /// its issues.
    fn stale(&self, actions_changed: bool, issues: &[VaultIssue]) -> PageSet {
        let mut stale = PageSet::ALL.without(self.untouched);
        if actions_changed {
            stale = stale.union(table::FROM_THE_ACTIONS);
        }
        if issues != self.issues {
            stale = stale.union(table::FROM_THE_ISSUES);
        }
        stale
    }
}

/// The kinds of action drawn from what a conversation says beside who took
/// part, when, with which company, through whom, and its names and tasks
/// ([`Rules::WhatIsSaid`] in the table): an edit that reaches no other rule
/// changes actions of these kinds only, and only for its people.
pub const DRAWN_FROM_WHAT_IS_SAID: [ActionKind; 5] = [
    ActionKind::ThankYou,
    ActionKind::Update,
    ActionKind::Nudge,
    ActionKind::Prep,
    ActionKind::Opening,
];

/// What [`redraw`] gives.
#[derive(Debug)]
pub struct Redrawn {
    /// The same list [`rules::actions`] gives.
    pub actions: Vec<Action>,
    /// For each action, its position in the list before, when it was kept
    /// (empty when none was).
    pub kept_from: Vec<Option<usize>>,
    /// True when the list differs from the one before.
    pub changed: bool,
}

/// The actions after edits that reached only the rules drawn from what
/// conversations with `people` say, from the actions before them at a
/// clock that gives the same: those of `people` of these kinds are drawn
/// again, the others kept, for the cost of these people's conversations
/// instead of the whole vault's.
pub fn redraw(
    index: &Index,
    rules: &config::Rules,
    clock: Clock,
    before: Vec<Action>,
    people: &[PersonKey],
) -> Redrawn {
    let reached =
        |a: &Action| DRAWN_FROM_WHAT_IS_SAID.contains(&a.kind) && people.contains(&a.person);
    let fresh = rules::drawn_from_what_is_said_to(index, rules, clock, people);
    let changed = !before.iter().filter(|a| reached(a)).eq(&fresh);
    // Kept and fresh actions differ in kind or person, so they never tie:
    // merging them gives the one order a full sort gives.
    let mut actions = Vec::with_capacity(before.len() + fresh.len());
    let mut kept_from = Vec::with_capacity(before.len() + fresh.len());
    let mut fresh = fresh.into_iter().peekable();
    for (position, action) in before.into_iter().enumerate() {
        if reached(&action) {
            continue;
        }
        while let Some(new) = fresh.next_if(|new| rules::order(new, &action).is_lt()) {
            actions.push(new);
            kept_from.push(None);
        }
        actions.push(action);
        kept_from.push(Some(position));
    }
    for new in fresh {
        actions.push(new);
        kept_from.push(None);
    }
    Redrawn {
        actions,
        kept_from,
        changed,
    }
}

/// The actions of a pass: every rule drawn, or with `since`, only what the
/// changes since the last pass can change (see [`Since::redraw`]).
pub fn draw_actions(
    since: Option<&mut Since>,
    index: &Index,
    rules: &config::Rules,
    clock: Clock,
) -> Redrawn {
    match since {
        Some(since) => since.redraw(index, rules, clock),
        None => Redrawn {
            actions: rules::actions(index, rules, clock),
            kept_from: Vec::new(),
            changed: true,
        },
    }
}

/// The pages a pass renders: every one, or with `since`, those the changes
/// since the last pass reach, given whether the actions changed and the
/// issues now.
pub fn pages_to_render(
    since: Option<&Since>,
    actions_changed: bool,
    issues: &[VaultIssue],
) -> PageSet {
    since.map_or(PageSet::ALL, |since| since.stale(actions_changed, issues))
}

/// What the last pass's pages hold that this pass may take as it is.
#[derive(Clone, Copy, Default)]
pub struct LastPages<'a> {
    /// The last Follow-ups page, read back, with where its items lie.
    pub follow_ups: Option<WrittenPage<'a>>,
    /// The last Questions page's file, and where its quotes lie.
    pub quotes: Option<QuotedBefore<'a>>,
    /// Whether a next pass will take from the pages written now: where the
    /// Questions page's quotes lie is then recorded (a table of one entry
    /// per quote, which a one-shot build need not make).
    pub next_pass: bool,
}

impl<'a> LastPages<'a> {
    /// `ctx`, where the pages take what they may from the last ones: the
    /// Follow-ups items of the actions kept (`kept_from`, each action's
    /// position among the last pass's), the quotes still shown.
    pub fn given_to(
        self,
        mut ctx: Context<'a>,
        kept_from: &'a [Option<usize>],
        any_ticked: bool,
    ) -> Context<'a> {
        // An item kept ticked reads otherwise than the last page's.
        if let Some(page) = self.follow_ups.filter(|_| !any_ticked) {
            ctx = ctx.showing_before(ShownBefore { page, kept_from });
        }
        if let Some(quoted) = self.quotes {
            ctx = ctx.quoting_before(quoted);
        }
        if self.next_pass {
            ctx = ctx.recording_quotes();
        }
        ctx
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::index::{self, test_notes};
    use crate::lang::Lang;

    #[test]
    fn an_edit_the_index_does_not_draw_from_refreshes_it_as_a_build_would() {
        const BEFORE: &str = "---\ncontact: Paul\ndate: 2026-11-02\ntopic: data\n\
                              referrals: [Zoé]\n---\n## Advice\nApply early.\n- [ ] send CV\n";
        let vault = |edited: &str| -> Vec<Note> {
            test_notes(&[
                (
                    "Interviews/a.md",
                    "---\ncontact: Ana\ndate: 2026-11-02\n---\n",
                ),
                ("Interviews/b.md", edited),
                (
                    "Interviews/c.md",
                    "---\ncontact: Paul\ndate: 2026-11-02\n---\n",
                ),
                ("People/Paul.md", "---\nstatus: met\n---\n"),
            ])
        };
        let before = vault(BEFORE);
        for (edit, refreshed) in [
            (BEFORE.replace("topic: data", "topic: the data team"), true),
            (
                BEFORE.replace("Apply early.", "Apply early, and twice."),
                true,
            ),
            (BEFORE.replace("contact: Paul", "contact: Paula"), false),
            (BEFORE.replace("2026-11-02", "2026-11-03"), false),
            (BEFORE.replace("[Zoé]", "[Zoé, Max]"), false),
            (BEFORE.replace("send CV", "send the CV"), false),
            (format!("{BEFORE}- [ ] call back\n"), false),
        ] {
            let after = vault(&edit);
            let mut index = index::build(&before, Lang::En);
            let refresh = refresh(&mut index, [(&before[1], Some(&after[1]))]);
            assert_eq!(
                matches!(refresh, Refresh::Refreshed { .. }),
                refreshed,
                "{edit}"
            );
            if refreshed {
                assert_eq!(index, index::build(&after, Lang::En), "{edit}");
            } else {
                assert_eq!(index, index::build(&before, Lang::En), "{edit}");
            }
        }
    }

    /// Each edit the index takes in place, to a panel's conversation: the
    /// actions redrawn for its people are the actions drawn whole, and
    /// each kept action is the one at its recorded position before.
    #[test]
    fn redrawing_for_the_people_of_an_edit_gives_every_action() {
        const PANEL: &str = "---\ncontact: [Paul, Zoé]\ndate: 2026-10-01\nreferred_by: Ana\n---\n";
        let files = |panel: &str| {
            [
                ("Interviews/panel.md", panel.to_owned()),
                (
                    "Interviews/later.md",
                    "---\ncontact: Paul\ndate: 2026-11-30\nquestions: [Pay?]\n---\n- [ ] send the deck\n"
                        .to_owned(),
                ),
                (
                    "Interviews/ana.md",
                    "---\ncontact: Ana\ndate: 2026-09-01\nthey_follow_up_by: 2026-09-10\n---\n".to_owned(),
                ),
                ("People/Zoé.md", "---\ncadence_days: 20\n---\n".to_owned()),
            ]
        };
        let notes = |panel: &str| test_notes(&files(panel));
        let rules = config::Rules::default();
        let clock = Clock::on(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        let plain = notes(PANEL);
        for edit in [
            "topic: a talk\n",
            "thank_you_sent: 2026-10-02\n",
            "they_follow_up_by: 2026-10-15\n",
            "opening_expected: 2026-11-20\nopening: Analyst\n",
            "questions: [Pay?, Hours?]\n",
            "channel: phone\n",
        ] {
            let edited = notes(&PANEL.replacen("---\n", &format!("---\n{edit}"), 1));
            // The edit, then the edit undone.
            for (from, to) in [(&plain, &edited), (&edited, &plain)] {
                let mut index = index::build(from, crate::config::Lang::En);
                let before = rules::actions(&index, &rules, clock);
                let people = match refresh(&mut index, [(&from[2], Some(&to[2]))]) {
                    Refresh::Refreshed { people, .. } => people,
                    rebuild @ Refresh::Rebuild { .. } => panic!("{edit}: {rebuild:?}"),
                };
                let whole = rules::actions(&index, &rules, clock);
                let redrawn = redraw(&index, &rules, clock, before.clone(), &people);
                assert_eq!(redrawn.actions, whole, "{edit}");
                assert_eq!(redrawn.changed, whole != before, "{edit}");
                assert_eq!(redrawn.kept_from.len(), whole.len());
                for (from, now) in redrawn.kept_from.iter().zip(&whole) {
                    match from {
                        Some(at) => assert_eq!(&before[*at], now, "{edit}"),
                        // Only the actions of the conversation's people are drawn again.
                        None => assert!(people.contains(&now.person), "{edit}: {now:?}"),
                    }
                }
                let others = whole.iter().filter(|a| !people.contains(&a.person));
                assert!(others.count() > 0);
            }
        }
    }
}
