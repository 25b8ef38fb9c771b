//! What the watcher keeps of its last pass: the index, the actions and the
//! issues its pages were drawn from, its clock, and how it left each page's
//! file. After an edit the index took in place, the next pass renders only
//! the pages the edit can change; a page whose file no longer holds what
//! the pass left there (edited by hand, deleted) is rendered again.

use std::ops::Range;
use std::path::PathBuf;

use crate::clock::{Clock, clock_changes_pages};
use crate::index::{Index, PersonKey};
use crate::issue::VaultIssue;
use crate::pages::{self, PageKind, PageSet, QuotedBefore, Quotes, WrittenPage};
use crate::pipeline::{LastPages, Since, WriteReport};
use crate::rules::{Action, ActionId};
use crate::stamp::Stamp;
use crate::writer::LeftPage;

use super::state::{Applied, VaultState};

pub struct LastPass {
    pub index: Index,
    pub actions: Vec<Action>,
    pub issues: Vec<VaultIssue>,
    clock: Clock,
    /// The pages written, or found to hold their bytes, and where.
    left: Vec<(PageKind, PathBuf, LeftPage)>,
    /// Where each of `actions` lies in the last Follow-ups page written:
    /// the next pass reads back the items of the actions it shows again
    /// and renders only the others. The page stays in its file: at 100,000
    /// notes it is tens of megabytes.
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
            left: Vec::new(),
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
        let (_, path, left) =
            (self.left.iter_mut()).find(|(kind, ..)| *kind == PageKind::FollowUps)?;
        left.still_there(path).then(|| left.stamp())
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
        // A page the changes reach is rendered again whatever its file
        // holds: it is not read to be told (a large page is megabytes).
        (self.left.iter_mut())
            .filter(|(kind, ..)| !reach.contains(*kind))
            .filter_map(|(kind, path, left)| left.still_there(path).then_some(*kind))
            .collect()
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
            Some(people) => self.pass(state, state.pages_showing(applied), Some(&people), clock),
            None => self.next(state, PageSet::ALL, clock),
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
        let untouched = if same_clock {
            self.untouched(reach)
        } else {
            PageSet::NONE
        };
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
            .and_then(|_| read_back(&left, PageKind::FollowUps));
        let shown_before = (shown_bytes.as_deref())
            .and_then(|bytes| simdutf8::basic::from_utf8(bytes).ok())
            .zip(follow_up_items.as_deref())
            .map(|(content, items)| WrittenPage { content, items });
        let renders_questions = plan.pages.contains(PageKind::Questions);
        let questions_page = left_page(&left, PageKind::Questions).map(|(_, path, _)| path);
        let last_pages = LastPages {
            follow_ups: shown_before,
            quotes: (question_quotes.as_ref().zip(questions_page))
                .filter(|_| renders_questions)
                .map(|(quotes, page)| QuotedBefore { page, quotes }),
            next_pass: true,
        };
        let mut report = state.write(&plan, last_pages);
        drop(shown_bytes);
        let mut left: Vec<_> = (left.into_iter())
            .filter(|(kind, ..)| !plan.pages.contains(*kind))
            .collect();
        if let Ok(dir) = &plan.output {
            for (kind, file_name, hash) in &report.left {
                let path = dir.join(file_name);
                if let Some(stamped) = LeftPage::of(&path, *hash) {
                    left.push((*kind, path, stamped));
                }
            }
        }
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

/// The last page of `kind`, read back from its file, when the file still
/// holds what the last pass left there.
fn read_back(left: &[(PageKind, PathBuf, LeftPage)], kind: PageKind) -> Option<Vec<u8>> {
    let (_, path, left) = left_page(left, kind)?;
    left.read_back(path)
}

/// How the last pass left the page of `kind`, and where.
fn left_page(
    left: &[(PageKind, PathBuf, LeftPage)],
    kind: PageKind,
) -> Option<&(PageKind, PathBuf, LeftPage)> {
    left.iter().find(|(left_kind, ..)| *left_kind == kind)
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
    use crate::starter;
    use crate::watch::batch::{self, Presence};

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();

    fn at(hour: u32) -> Clock {
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

    /// Sets a front-matter property, replacing its line if it has one.
    fn set(text: &str, key: &str, value: &str) -> String {
        let line = format!("{key}: {value}\n");
        let prefix = format!("{key}:");
        match text.lines().position(|l| l.starts_with(&prefix)) {
            Some(at) => (text.lines().enumerate())
                .map(|(i, l)| {
                    if i == at {
                        line.clone()
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect(),
            None => text.replacen("---\n", &format!("---\n{line}"), 1),
        }
    }

    fn remove(text: &str, key: &str) -> String {
        let prefix = format!("{key}:");
        (text.lines())
            .filter(|l| !l.starts_with(&prefix))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    type Edit = (&'static str, fn(&str) -> String);

    /// Edits of every property and part of an interview: most leave the
    /// index as it is, some do not.
    const EDITS: &[Edit] = &[
        ("topic", |t| set(t, "topic", "a new topic")),
        ("no topic", |t| remove(t, "topic")),
        ("role", |t| set(t, "role", "Head of data")),
        ("channel", |t| set(t, "channel", "phone")),
        ("duration", |t| set(t, "duration", "55")),
        ("thank-you sent", |t| set(t, "thank_you_sent", "2026-11-21")),
        ("no thank-you", |t| remove(t, "thank_you_sent")),
        ("follow-up promised", |t| {
            set(t, "they_follow_up_by", "2026-11-20")
        }),
        ("opening", |t| set(t, "opening", "Data analyst")),
        ("prepared", |t| set(t, "prepared", "2026-11-21")),
        ("opening expected", |t| {
            set(t, "opening_expected", "2026-11-25")
        }),
        ("questions", |t| {
            set(t, "questions", "[What made you choose this field?, Pay?]")
        }),
        ("first heading", |t| {
            let end = t.find("\n---\n").map_or(0, |at| at + 5);
            format!("{}# Notes\n{}", &t[..end], &t[end..])
        }),
        ("an answer", |t| {
            format!("{t}\n## What made you choose this field?\n\nChance, mostly.\n")
        }),
        ("a task ticked", |t| t.replace("- [ ]", "- [x]")),
        ("another company", |t| set(t, "company", "Beta Labs")),
        ("another date", |t| set(t, "date", "2026-11-02")),
    ];

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
        let page = read_back(&last.left, PageKind::FollowUps).unwrap();
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
        assert!(read_back(&last.left, PageKind::FollowUps).is_none());
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
        let plan = pipeline::plan(vault, config, clock, CacheUse::ReadOnly);
        for page in &plan.render(config) {
            let on_disk = fs::read_to_string(vault.join("Suivi").join(&page.file_name)).unwrap();
            assert!(
                on_disk == page.content,
                "{what}: {} is not what a build writes",
                page.file_name
            );
        }
    }

    #[test]
    fn a_pass_after_any_edit_leaves_the_pages_a_build_writes() {
        let dir = sample_vault();
        let vault = dir.path();
        let (config, mut state, mut last) = first_pass(vault);
        let interviews: Vec<String> = (state.notes.keys())
            .filter(|p| p.starts_with("Interviews/"))
            .map(|p| p.to_string())
            .collect();
        assert_eq!(interviews.len(), 6);
        let mut passes_rendering_fewer_pages = 0;
        let mut passes_leaving_the_base = 0;
        let base = "People.base".to_owned();
        for rel in &interviews {
            let original = fs::read_to_string(vault.join(rel)).unwrap();
            for (name, change) in EDITS {
                for text in [change(&original), original.clone()] {
                    let report;
                    (last, report) = edit(vault, &config, &mut state, last, rel, &text, at(11));
                    let rendered = report.written.len() + report.unchanged.len();
                    passes_rendering_fewer_pages += usize::from(rendered < PageKind::ALL.len());
                    // The People base shows no note: an edit never changes it.
                    assert!(!report.written.contains(&base), "{rel}, {name}");
                    passes_leaving_the_base += usize::from(!report.unchanged.contains(&base));
                    assert_pages_of_a_build(vault, &config, at(11), &format!("{rel}, {name}"));
                }
            }
        }
        // Most edits leave some pages alone: the test checks what they skip.
        assert!(passes_rendering_fewer_pages > interviews.len() * EDITS.len());
        assert!(passes_leaving_the_base > interviews.len() * EDITS.len());

        // Noon passes: an edit then also brings the pages to the new time.
        let rel = "Interviews/2026-11-22 Ana Lima.md";
        let text = set(&fs::read_to_string(vault.join(rel)).unwrap(), "topic", "x");
        let (_, report) = edit(vault, &config, &mut state, last, rel, &text, at(13));
        assert_eq!(
            report.written.len() + report.unchanged.len(),
            PageKind::ALL.len()
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
                (last, report) = match text {
                    Some(text) => edit(vault, &config, &mut state, last, rel, text, at(11)),
                    None => {
                        fs::remove_file(vault.join(rel)).unwrap();
                        let changes = batch::changes([rel], false, &config, |_| Presence::Absent);
                        let applied = state.apply(&changes);
                        last.after(&state, &applied, at(11))
                    }
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
