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

use crate::config;
use crate::index::{Index, PersonKey};
use crate::issue::VaultIssue;
use crate::note::{Kind, Note};
use crate::pages::{Context, PageSet, QuotedBefore, ShownBefore, WrittenPage};
use crate::rules::{self, Action, Clock, Redrawn};

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
    /// may differ (see [`rules::redraw`]), none when no rule reads what
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
            return rules::redraw(index, rules, clock, before, people);
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
    /// Questions page's quotes lie is then recorded (at 100,000 notes, a
    /// table of a quarter million quotes).
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
}
