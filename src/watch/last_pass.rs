//! What the watcher keeps of its last pass: the index, the actions and the
//! issues its pages were drawn from, its clock, and how it left each page's
//! file. After an edit the index took in place, the next pass renders only
//! the pages the edit can change; a page whose file no longer holds what
//! the pass left there (edited by hand, deleted) is rendered again.

use std::ops::Range;

use crate::clock::{Clock, clock_changes_pages};
use crate::index::{Index, PersonKey};
use crate::issue::VaultIssue;
use crate::pages::{self, PageKind, PageSet, QuotedBefore, Quotes, WrittenPage};
use crate::pipeline::WriteReport;
use crate::reuse::{Input, LastPages, LeftPages, Refresh, Since};
use crate::rules::{Action, ActionId};
use crate::stamp::Stamp;

use super::state::{Applied, VaultState};

pub struct LastPass {
    pub index: Index,
    pub actions: Vec<Action>,
    pub issues: Vec<VaultIssue>,
    clock: Clock,
    /// The pages written, or found to hold their bytes, and where.
    left: LeftPages,
    /// Where each of `actions` lies in the last Follow-ups page written:
    /// the next pass reads back the items of the actions it shows again
    /// and renders only the others. The page stays in its file rather than
    /// in memory, however large the vault.
    follow_up_items: Option<Vec<Range<usize>>>,
    /// Where each answer's quote lies in the last Questions page written:
    /// the next pass takes from it the quotes of answers it still shows.
    question_quotes: Option<Quotes>,
    /// The pages whose path holds a user's file or a link: never written.
    blocked: PageSet,
    /// Actions ticked on the Follow-ups page that could not be recorded:
    /// their items stay ticked.
    pub ticked: Vec<ActionId>,
    /// The version of the Follow-ups page the next pass may replace: the
    /// one it left, or the one ticks were last read from.
    pub follow_ups_seen: Option<Option<Stamp>>,
}

impl LastPass {
    /// Before the first pass: nothing is left, so every page is rendered.
    pub fn none(index: Index, clock: Clock) -> LastPass {
        LastPass {
            index,
            actions: Vec::new(),
            issues: Vec::new(),
            clock,
            left: LeftPages::default(),
            follow_up_items: None,
            question_quotes: None,
            blocked: PageSet::NONE,
            ticked: Vec::new(),
            follow_ups_seen: None,
        }
    }

    /// The version of the Follow-ups page this pass left, while its file
    /// still holds it; none once it does not (the user may have ticked
    /// items on it) or was never written.
    pub fn follow_ups_left(&mut self) -> Option<Stamp> {
        // Only that page is looked at: every batch asks.
        self.left.still_there(PageKind::FollowUps)
    }

    /// The pages a pass should write but whose files do not hold what the
    /// last pass left there: deleted, edited or replaced since, or never
    /// written (a write that failed). Pages blocked by a user's file are
    /// not among them: those are reported, never written.
    pub fn pages_astray(&mut self) -> PageSet {
        PageSet::ALL
            .without(self.untouched(PageSet::NONE))
            .without(self.blocked)
    }

    /// The pages the next pass may leave as they are, at a clock that
    /// changes no page, when the changes since reach `reach` (beside the
    /// actions and the issues, which the pass compares itself): those whose
    /// files hold what this pass left.
    fn untouched(&mut self, reach: PageSet) -> PageSet {
        self.left.untouched(reach)
    }

    /// The pass after a batch that changed notes: the index brought up to
    /// date, then only the pages and actions the batch can change drawn.
    pub fn after(
        mut self,
        state: &VaultState,
        applied: &Applied,
        clock: Clock,
    ) -> (LastPass, WriteReport) {
        match state.update_index(&mut self.index, applied) {
            Refresh::Refreshed { people, pages } => self.pass(state, pages, Some(&people), clock),
            Refresh::Rebuild { pages } => self.next(state, pages, clock),
        }
    }

    /// The next pass, at `clock`, after changes that reach `reach`: rules
    /// and pages from the index (already brought up to date), the pages
    /// written, and what they left recorded.
    pub fn next(self, state: &VaultState, reach: PageSet, clock: Clock) -> (LastPass, WriteReport) {
        self.pass(state, reach, None, clock)
    }

    /// [`LastPass::next`], where with `people`, the changes only changed
    /// what conversations with them say.
    fn pass(
        mut self,
        state: &VaultState,
        reach: PageSet,
        people: Option<&[PersonKey]>,
        clock: Clock,
    ) -> (LastPass, WriteReport) {
        let same_clock = !clock_changes_pages(&self.index, self.clock, clock);
        let reach = if same_clock {
            reach
        } else {
            reach.union(Input::Clock.reads().pages)
        };
        let untouched = self.untouched(reach);
        let LastPass {
            index,
            actions,
            issues,
            left,
            follow_up_items,
            question_quotes,
            ticked,
            follow_ups_seen,
            ..
        } = self;
        let since = Since {
            untouched,
            actions,
            reached: people.filter(|_| same_clock),
            issues: &issues,
        };
        let mut plan = state.plan(index, clock, since);
        plan.ticked = (ticked.into_iter())
            .filter(|id| plan.actions.iter().any(|a| a.id() == *id))
            .collect();
        plan.follow_ups_seen = follow_ups_seen;
        let renders_follow_ups = plan.pages.contains(PageKind::FollowUps);
        let shown_bytes = (follow_up_items.as_ref())
            .filter(|_| renders_follow_ups)
            .and_then(|_| left.read_back(PageKind::FollowUps));
        let shown_before = (shown_bytes.as_deref())
            .and_then(|bytes| simdutf8::basic::from_utf8(bytes).ok())
            .zip(follow_up_items.as_deref())
            .map(|(content, items)| WrittenPage { content, items });
        let renders_questions = plan.pages.contains(PageKind::Questions);
        let questions_page = left.path(PageKind::Questions);
        let last_pages = LastPages {
            follow_ups: shown_before,
            quotes: (question_quotes.as_ref().zip(questions_page))
                .filter(|_| renders_questions)
                .map(|(quotes, page)| QuotedBefore { page, quotes }),
            next_pass: true,
        };
        let mut report = state.write(&plan, last_pages);
        drop(shown_bytes);
        let dir = plan.output.as_deref().ok();
        let left = left.after(plan.pages, dir, &report.left);
        // A Follow-ups page to render that was not (its path holds a
        // user's file) leaves none that shows the actions now.
        let follow_up_items = if renders_follow_ups {
            report.follow_up_items.take()
        } else {
            follow_up_items
        };
        let question_quotes = if renders_questions {
            report.question_quotes.take()
        } else {
            question_quotes
        };
        let blocked = (pages::named(state.config().lang, PageSet::ALL).into_iter())
            .filter(|(_, name)| plan.blocked.contains(name))
            .map(|(kind, _)| kind)
            .collect();
        let last = LastPass {
            ticked: plan.ticked.clone(),
            follow_ups_seen: None,
            blocked,
            index: plan.index,
            actions: plan.actions,
            issues: plan.issues,
            clock,
            left,
            follow_up_items,
            question_quotes,
        };
        (last, report)
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;
    use std::time::Duration;

    use chrono::{NaiveDate, NaiveTime};

    use super::*;
    use crate::config::{Config, Lang};
    use crate::pipeline::{self, CacheUse};
    use crate::reuse::{Reach, table::changes};
    use crate::starter;
    use crate::watch::batch::{self, Presence};

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();

    const fn at(hour: u32) -> Clock {
        Clock {
            today: TODAY,
            now: NaiveTime::from_hms_opt(hour, 0, 0),
        }
    }

    /// The sample vault, with a conversation at noon today.
    fn sample_vault() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        starter::init(dir.path(), Lang::En, true, TODAY).unwrap();
        fs::write(
            dir.path().join("Interviews/2026-11-22 Ana Lima.md"),
            "---\ncontact: \"[[Ana Lima]]\"\ndate: 2026-11-22T12:00\ncompany: Gamma\n\
             questions: [Who else should I talk to?]\n---\n",
        )
        .unwrap();
        dir
    }

    /// Sets a front-matter property, replacing its lines if it has one.
    fn set(text: &str, key: &str, value: &str) -> String {
        let line = format!("{key}: {value}\n");
        let prefix = format!("{key}:");
        match text.lines().position(|l| l.starts_with(&prefix)) {
            Some(_) => remove(text, key).replacen("---\n", &format!("---\n{line}"), 1),
            None => text.replacen("---\n", &format!("---\n{line}"), 1),
        }
    }

    /// Removes a front-matter property: its line, and the indented lines
    /// of its list or map below it.
    fn remove(text: &str, key: &str) -> String {
        let prefix = format!("{key}:");
        let mut inside = false;
        (text.lines())
            .filter(|l| {
                if l.starts_with(&prefix) {
                    inside = true;
                    return false;
                }
                inside = inside && (l.starts_with(' ') || l.starts_with('-'));
                !inside
            })
            .flat_map(|l| [l, "\n"])
            .collect()
    }

    /// A note's new text, from its text.
    type TextEdit = fn(&str) -> String;

    /// How an input of the table is edited in the sample vault.
    enum Change {
        /// Each interview's text, edited.
        Interviews(TextEdit),
        /// The text of the note at a path (empty when there is none),
        /// edited.
        Note(&'static str, TextEdit),
        /// `.suivi.toml`, edited: a watcher reads it once, as it starts.
        Configuration(TextEdit),
        /// The clock moved.
        Clock(Clock),
    }

    /// Edits of every input of the table, keyed by the input: a row with
    /// no edit fails `every_input_of_the_table_has_an_edit`.
    const EDITS: &[(Input, Change)] = &[
        (
            Input::Contacts,
            Change::Interviews(|t| set(t, "contact", "\"[[Ada Byron]]\"")),
        ),
        (
            Input::When,
            Change::Interviews(|t| set(t, "date", "2026-11-02")),
        ),
        (
            Input::Company,
            Change::Interviews(|t| set(t, "company", "Beta Labs")),
        ),
        (
            Input::Company,
            Change::Interviews(|t| set(t, "company", "Omega")),
        ),
        (
            Input::Role,
            Change::Interviews(|t| set(t, "role", "Head of data")),
        ),
        (
            Input::Channel,
            Change::Interviews(|t| set(t, "channel", "phone")),
        ),
        (
            Input::Duration,
            Change::Interviews(|t| set(t, "duration", "55")),
        ),
        (
            Input::ReferredBy,
            Change::Interviews(|t| set(t, "referred_by", "\"[[Jean Dupont]]\"")),
        ),
        (
            Input::Topic,
            Change::Interviews(|t| set(t, "topic", "a new topic")),
        ),
        (Input::Topic, Change::Interviews(|t| remove(t, "topic"))),
        (
            Input::Questions,
            Change::Interviews(|t| set(t, "questions", "[What made you choose this field?, Pay?]")),
        ),
        (
            Input::Referrals,
            Change::Interviews(|t| set(t, "referrals", "[Ada Byron]")),
        ),
        (
            Input::ThankYouSent,
            Change::Interviews(|t| set(t, "thank_you_sent", "2026-11-21")),
        ),
        (
            Input::ThankYouSent,
            Change::Interviews(|t| remove(t, "thank_you_sent")),
        ),
        (
            Input::TheyFollowUpBy,
            Change::Interviews(|t| set(t, "they_follow_up_by", "2026-11-20")),
        ),
        (
            Input::Opening,
            Change::Interviews(|t| set(t, "opening", "Data analyst")),
        ),
        (
            Input::OpeningExpected,
            Change::Interviews(|t| set(t, "opening_expected", "2026-11-25")),
        ),
        (
            Input::Prepared,
            Change::Interviews(|t| set(t, "prepared", "2026-11-21")),
        ),
        (
            Input::FirstHeading,
            Change::Interviews(|t| {
                let end = t.find("\n---\n").map_or(0, |at| at + 5);
                format!("{}# Notes\n{}", &t[..end], &t[end..])
            }),
        ),
        (
            Input::Answers,
            Change::Interviews(|t| {
                format!("{t}\n## What made you choose this field?\n\nChance, mostly.\n")
            }),
        ),
        (
            Input::Tasks,
            Change::Interviews(|t| t.replace("- [ ]", "- [x]")),
        ),
        (
            Input::Tasks,
            Change::Interviews(|t| format!("{t}\n- [ ] call back 📅 2026-11-24\n")),
        ),
        (
            Input::Issues,
            Change::Interviews(|t| set(t, "duration", "an hour or so")),
        ),
        (
            Input::BankItems,
            Change::Note("Question bank.md", |t| {
                t.replace(
                    "- Who else should I talk to?",
                    "- Who else should I talk to, and why?",
                )
            }),
        ),
        (
            Input::QuestionBank,
            Change::Note("Question bank.md", |t| {
                format!("{t}\n- Who else should I talk to?\n- How did you start?\n")
            }),
        ),
        (
            Input::PersonNote,
            Change::Note("People/Zoé Roy.md", |t| set(t, "role", "CTO")),
        ),
        (
            Input::PersonNote,
            Change::Note("People/Paul Martin.md", |t| set(t, "status", "paused")),
        ),
        (
            Input::CompanyNote,
            Change::Note("Companies/Delta.md", |t| set(t, "target", "true")),
        ),
        (
            Input::DailyNote,
            Change::Note("Journal/2026-11-20.md", |t| {
                format!("{t}Coffee with [[Zoé Roy]] and [[Jean Dupont]].\n")
            }),
        ),
        (
            Input::Configuration,
            Change::Configuration(|t| t.replace("update_due = 28", "update_due = 5")),
        ),
        (Input::Clock, Change::Clock(at(13))),
        (
            Input::Clock,
            Change::Clock(Clock {
                today: TODAY.succ_opt().unwrap(),
                now: NaiveTime::from_hms_opt(11, 0, 0),
            }),
        ),
    ];

    #[test]
    fn every_input_of_the_table_has_an_edit() {
        for input in Input::ALL {
            assert!(
                EDITS.iter().any(|(edited, _)| *edited == input),
                "{input:?} has no edit in EDITS"
            );
        }
    }

    /// A watcher's configuration, notes and first pass, at 11:00.
    fn first_pass(vault: &Path) -> (Config, VaultState, LastPass) {
        let config = Config::load(vault).unwrap();
        let state = VaultState::load(vault, &config);
        let last = LastPass::none(state.index(), at(11));
        let (last, _) = last.next(&state, PageSet::ALL, at(11));
        (config, state, last)
    }

    #[test]
    fn the_last_follow_ups_page_is_read_back_only_while_its_file_holds_it() {
        let dir = sample_vault();
        let (config, _, last) = first_pass(dir.path());
        let items = last.follow_up_items.clone().unwrap();
        assert_eq!(items.len(), last.actions.len());
        let page = last.left.read_back(PageKind::FollowUps).unwrap();
        let file = dir.path().join(&config.output).join("Follow-ups.md");
        assert_eq!(page, fs::read(&file).unwrap());
        let content = String::from_utf8(page).unwrap();
        for item in &items {
            let item = &content[item.clone()];
            assert!(
                item.starts_with("- [ ] **") || item.starts_with("- **"),
                "{item}"
            );
        }
        fs::write(&file, content.replace("**", "*")).unwrap();
        assert!(last.left.read_back(PageKind::FollowUps).is_none());
    }

    /// Applies a note's new text as the watcher does, and runs the pass.
    fn edit(
        vault: &Path,
        config: &Config,
        state: &mut VaultState,
        last: LastPass,
        rel: &str,
        text: &str,
        clock: Clock,
    ) -> (LastPass, WriteReport) {
        fs::write(vault.join(rel), text).unwrap();
        // Written a while ago: a note that does not read is then taken as
        // it is, not awaited as one still being written.
        let file = fs::File::options()
            .write(true)
            .open(vault.join(rel))
            .unwrap();
        let a_while_ago = std::time::SystemTime::now() - Duration::from_secs(10);
        file.set_modified(a_while_ago).unwrap();
        let changes = batch::changes([rel], false, config, |_| Presence::File);
        let applied = state.apply(&changes);
        last.after(state, &applied, clock)
    }

    /// Every page on disk is the page a build from scratch renders now.
    fn assert_pages_of_a_build(vault: &Path, config: &Config, clock: Clock, what: &str) {
        for (kind, content) in pages_of_a_build(vault, config, clock) {
            let name = &pages::file_names(config.lang)[kind as usize];
            let on_disk = fs::read_to_string(vault.join("Suivi").join(name)).unwrap();
            assert!(
                on_disk == content,
                "{what}: {name} is not what a build writes"
            );
        }
    }

    /// The pages a build from scratch renders now.
    fn pages_of_a_build(vault: &Path, config: &Config, clock: Clock) -> Vec<(PageKind, String)> {
        let plan = pipeline::plan(vault, config, clock, CacheUse::ReadOnly);
        let pages = plan.render(config);
        pages
            .into_iter()
            .map(|page| (page.kind, page.content))
            .collect()
    }

    /// The pages whose bytes differ between two builds.
    fn differing(before: &[(PageKind, String)], after: &[(PageKind, String)]) -> PageSet {
        (before.iter().zip(after))
            .filter(|(before, after)| before != after)
            .map(|((kind, _), _)| *kind)
            .collect()
    }

    /// The watcher's state after an edit of one note: the pass that
    /// follows it, what the table says the edit reached, and the inputs
    /// the edit changed in the note.
    struct Edited {
        last: LastPass,
        report: WriteReport,
        reach: Reach,
        changed: Vec<Input>,
    }

    /// Edits the note at `rel` (none: deletes it) as the watcher sees it.
    fn edit_note(
        vault: &Path,
        config: &Config,
        state: &mut VaultState,
        last: LastPass,
        rel: &str,
        text: Option<&str>,
    ) -> Edited {
        let before = state.notes.get(rel).cloned();
        let (last, report) = if let Some(text) = text {
            edit(vault, config, state, last, rel, text, at(11))
        } else {
            fs::remove_file(vault.join(rel)).unwrap();
            let changes = batch::changes([rel], false, config, |_| Presence::Absent);
            let applied = state.apply(&changes);
            last.after(state, &applied, at(11))
        };
        let (reach, changed) = match (&before, state.notes.get(rel)) {
            (Some(before), Some(after)) => (
                Reach::of_edit(before, after),
                changes(before, after).unwrap_or_default(),
            ),
            _ => (Reach::EVERYTHING, Vec::new()),
        };
        Edited {
            last,
            report,
            reach,
            changed,
        }
    }

    /// For each edit of [`EDITS`], and once more as it is put back: the
    /// watcher's pass leaves on disk the pages a build writes, and the
    /// pages a build changes are among those the table says the edit
    /// reaches.
    #[test]
    fn a_pass_after_any_edit_leaves_the_pages_a_build_writes() {
        let dir = sample_vault();
        let vault = dir.path();
        let (mut config, mut state, mut last) = first_pass(vault);
        let interviews: Vec<String> = (state.notes.keys())
            .filter(|p| p.starts_with("Interviews/"))
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(interviews.len(), 6);
        let mut interview_passes = 0;
        let mut passes_rendering_fewer_pages = 0;
        let mut passes_leaving_the_base = 0;
        let base = "People.base".to_owned();
        for (input, change) in EDITS {
            let notes: Vec<(String, TextEdit)> = match change {
                Change::Interviews(edit) => (interviews.iter())
                    .map(|rel| (rel.clone(), *edit))
                    .collect(),
                Change::Note(rel, edit) => vec![(rel.to_string(), *edit)],
                Change::Configuration(edit) => {
                    let file = vault.join(".suivi.toml");
                    let original = fs::read_to_string(&file).unwrap();
                    let before = pages_of_a_build(vault, &config, at(11));
                    let mut edited = None;
                    assert_ne!(edit(&original), original, "{input:?}");
                    for text in [edit(&original), original.clone()] {
                        fs::write(&file, &text).unwrap();
                        (config, state, last) = first_pass(vault);
                        assert_pages_of_a_build(vault, &config, at(11), &format!("{input:?}"));
                        edited.get_or_insert_with(|| pages_of_a_build(vault, &config, at(11)));
                    }
                    let changed = differing(&before, &edited.unwrap());
                    assert!(!changed.is_empty(), "{input:?}: the edit changes no page");
                    assert_eq!(changed.without(input.reads().pages), PageSet::NONE);
                    continue;
                }
                Change::Clock(clock) => {
                    let before = pages_of_a_build(vault, &config, at(11));
                    (last, _) = last.next(&state, PageSet::NONE, *clock);
                    assert_pages_of_a_build(vault, &config, *clock, &format!("{clock:?}"));
                    let changed = differing(&before, &pages_of_a_build(vault, &config, *clock));
                    assert!(!changed.is_empty(), "{clock:?}: the clock changes no page");
                    assert_eq!(
                        changed.without(input.reads().pages),
                        PageSet::NONE,
                        "{clock:?}"
                    );
                    (last, _) = last.next(&state, PageSet::NONE, at(11));
                    assert_pages_of_a_build(vault, &config, at(11), "the clock put back");
                    continue;
                }
            };
            let mut changed_the_input = false;
            for (rel, change) in notes {
                let original = fs::read_to_string(vault.join(&rel)).ok();
                let edited = change(original.as_deref().unwrap_or_default());
                for text in [Some(edited.as_str()), original.as_deref()] {
                    let what = format!("{rel}, {input:?}");
                    let before = pages_of_a_build(vault, &config, at(11));
                    let edited = edit_note(vault, &config, &mut state, last, &rel, text);
                    last = edited.last;
                    let report = edited.report;
                    assert!(report.errors.is_empty(), "{what}: {:?}", report.errors);
                    assert_pages_of_a_build(vault, &config, at(11), &what);
                    let changed = differing(&before, &pages_of_a_build(vault, &config, at(11)));
                    // What the edit changed, and its key: the bank's
                    // questions are not a part of one note.
                    let reached = Reach::of(&[*input]).union(edited.reach).pages;
                    assert_eq!(
                        changed.without(reached),
                        PageSet::NONE,
                        "{what}: a build changes pages the table does not say {:?} reaches",
                        edited.changed
                    );
                    changed_the_input |= edited.changed.contains(input);
                    // The People base shows no note: an edit never changes it.
                    assert!(!report.written.contains(&base), "{what}");
                    if rel.starts_with("Interviews/") {
                        interview_passes += 1;
                        let rendered = report.written.len() + report.unchanged.len();
                        passes_rendering_fewer_pages += usize::from(rendered < PageKind::ALL.len());
                        passes_leaving_the_base += usize::from(!report.unchanged.contains(&base));
                    }
                }
            }
            if *input != Input::QuestionBank {
                assert!(changed_the_input, "no edit of {input:?} changes it");
            }
        }
        // Most edits leave some pages alone: the test checks what they skip.
        assert!(passes_rendering_fewer_pages > interview_passes / 2);
        assert!(passes_leaving_the_base > interview_passes / 2);

        // Noon passes: an edit then also brings the pages to the new time,
        // every one but the People base, which reads no clock.
        let rel = "Interviews/2026-11-22 Ana Lima.md";
        let text = set(&fs::read_to_string(vault.join(rel)).unwrap(), "topic", "x");
        let (_, report) = edit(vault, &config, &mut state, last, rel, &text, at(13));
        assert_eq!(
            report.written.len() + report.unchanged.len(),
            PageKind::ALL.len() - 1
        );
        assert_pages_of_a_build(vault, &config, at(13), "noon passed");
    }

    /// The text of a daily note of the sample vault, each giving the pages
    /// a build gives: `None` deletes it.
    const DAILY_EDITS: &[(&str, Option<&str>)] = &[
        ("a person met", Some("Coffee with [[Sophie Laurent]].\n")),
        (
            "in an open task",
            Some("- [ ] write to [[Sophie Laurent]]\n"),
        ),
        (
            "in a done task",
            Some("- [x] wrote to [[Sophie Laurent]]\n"),
        ),
        (
            "the referrer",
            Some("Told [[Zoé Roy]] how it went with Paul.\n"),
        ),
        ("by an alias", Some("## Called [[Zoe Roy|Zoé]]\n")),
        ("an embed", Some("![[Sophie Laurent]]\n")),
        ("no one known", Some("[[Nobody]] at [[Acme]]\n")),
        (
            "contact and date",
            Some("---\ncontact: Karim Benali\ndate: 2026-11-21\n---\n"),
        ),
        ("deleted", None),
        ("again", Some("[[Sophie Laurent]], [[Zoé Roy]]\n")),
    ];

    #[test]
    fn a_pass_after_a_daily_note_edit_leaves_the_pages_a_build_writes() {
        let dir = sample_vault();
        let vault = dir.path();
        fs::write(
            vault.join(".obsidian/daily-notes.json"),
            r#"{"folder": "Journal", "format": "YYYY/MM/YYYY-MM-DD"}"#,
        )
        .unwrap();
        let (config, mut state, mut last) = first_pass(vault);
        let follow_ups = || fs::read_to_string(vault.join("Suivi/Follow-ups.md")).unwrap();
        let before = follow_ups();
        let mut follow_ups_changed = 0;
        for rel in [
            "Journal/2026/11/2026-11-21.md",
            "Journal/2026/11/2026-11-30.md",
        ] {
            fs::create_dir_all(vault.join(rel).parent().unwrap()).unwrap();
            for (what, text) in DAILY_EDITS {
                let report;
                (last, report) = if let Some(text) = text {
                    edit(vault, &config, &mut state, last, rel, text, at(11))
                } else {
                    fs::remove_file(vault.join(rel)).unwrap();
                    let changes = batch::changes([rel], false, &config, |_| Presence::Absent);
                    let applied = state.apply(&changes);
                    last.after(&state, &applied, at(11))
                };
                assert!(
                    report.errors.is_empty(),
                    "{rel}, {what}: {:?}",
                    report.errors
                );
                assert_pages_of_a_build(vault, &config, at(11), &format!("{rel}, {what}"));
                follow_ups_changed += usize::from(follow_ups() != before);
            }
        }
        // The day's note moved actions; one dated later, a plan, none.
        assert!(follow_ups_changed >= 4, "{follow_ups_changed}");
        fs::remove_file(vault.join("Journal/2026/11/2026-11-21.md")).unwrap();
        let changes = batch::changes(["Journal/2026/11/2026-11-21.md"], false, &config, |_| {
            Presence::Absent
        });
        let applied = state.apply(&changes);
        last.after(&state, &applied, at(11));
        assert_eq!(follow_ups(), before, "a plan moves nothing");
    }

    #[test]
    fn a_page_edited_by_hand_is_put_back_by_the_next_pass() {
        let dir = sample_vault();
        let vault = dir.path();
        let (config, mut state, mut last) = first_pass(vault);
        let rel = "Interviews/2026-11-22 Ana Lima.md";
        let original = fs::read_to_string(vault.join(rel)).unwrap();
        let people = vault.join("Suivi/People to meet.md");
        let companies = vault.join("Suivi/Companies.md");
        let mut topic = 0;
        let mut edit_a_topic = |state: &mut VaultState, last: LastPass| {
            topic += 1;
            let text = set(&original, "topic", &format!("topic {topic}"));
            let (last, report) = edit(vault, &config, state, last, rel, &text, at(11));
            assert!(report.written.contains(&"People to meet.md".to_owned()));
            last
        };
        // Right after it was written (on a file system with a coarse clock,
        // its version may not tell yet), with as many bytes; and deleted.
        let page = fs::read_to_string(&people).unwrap();
        fs::write(
            &people,
            page.replacen("# People to meet", "# People to meeT", 1),
        )
        .unwrap();
        fs::remove_file(&companies).unwrap();
        last = edit_a_topic(&mut state, last);
        assert_pages_of_a_build(vault, &config, at(11), "just written");

        // Once the pages settled, their versions tell.
        std::thread::sleep(Duration::from_millis(2100));
        last = last.next(&state, PageSet::ALL, at(11)).0;
        fs::write(&people, format!("{page}A line of mine.\n")).unwrap();
        last = edit_a_topic(&mut state, last);
        assert_pages_of_a_build(vault, &config, at(11), "settled");

        // A page left alone is not rendered again.
        let (_, report) = edit(vault, &config, &mut state, last, rel, &original, at(11));
        let people = "People to meet.md".to_owned();
        assert!(!report.written.contains(&people) && !report.unchanged.contains(&people));
    }
}
