//! One pass over a vault: scan → notes → index → rules → pages → writer.
//!
//! [`plan`] reads and renders without writing anything (what `check` and
//! `due` need); [`write`] hands the rendered pages to the writer.

use std::fs;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cache::{self, Cache};
use crate::clock::{Clock, ClockView};
use crate::config::Config;
use crate::done;
use crate::i18n::words;
use crate::index::{self, Index};
use crate::issue::VaultIssue;
use crate::last_build::{self, LastBuild, ReadNotes};
use crate::note::{BankKeys, Note, is_bank_note, parse_note};
use crate::pages::{self, Context, Page, PageKind, PageSet, Parts, Quotes};
use crate::quote_files::QuoteFiles;
use crate::reuse::{self, LastPages, Since};
use crate::rules::{Action, ActionId};
use crate::stamp::Stamp;
pub use crate::summary::Summary;
use crate::vault::{self, Found, Scan, unreadable_issue};
use crate::writer::{self, Blocked, Existing, OutputFolder, PageFile, Written};

/// Everything a pass computed, before any write.
#[derive(Debug)]
pub struct Plan {
    pub index: Index,
    pub actions: Vec<Action>,
    pub notes_read: usize,
    /// Every issue: the notes', the scan's and the output folder's.
    pub issues: Vec<VaultIssue>,
    /// The pages to render when written: every one, but in a watcher's
    /// pass after an edit only those the edit reaches.
    pub pages: PageSet,
    /// Where the pages go, or why they cannot go there.
    pub output: Result<PathBuf, String>,
    /// Pages whose path holds a user's file or a link: not written.
    pub blocked: Vec<String>,
    /// The scan's and the output folder's issues, which the Vault issues
    /// page shows beside the index's.
    extra_issues: Vec<VaultIssue>,
    /// For each action, its position among the last pass's actions, when
    /// the pass redrew only some people's (see [`LastPages::given_to`]).
    kept_from: Vec<Option<usize>>,
    /// Actions ticked on the Follow-ups page but not recorded: their items
    /// are written ticked.
    pub ticked: Vec<ActionId>,
    /// The version of the Follow-ups page its ticks were read from, when
    /// they were: it is replaced only while it still has it.
    pub follow_ups_seen: Option<Option<Stamp>>,
    clock: Clock,
    root: PathBuf,
}

impl Plan {
    /// What a build tells of the vault, beside its pages.
    pub fn summary(&self) -> Summary {
        Summary {
            notes_read: self.notes_read,
            conversations: self.index.conversations.len(),
            people: self.index.people.len(),
            companies: self.index.companies.len(),
            actions: self.actions.len(),
            overdue: self.actions.iter().filter(|a| a.overdue).count(),
            issues: self.issues.clone(),
        }
    }

    /// Frees the plan on another core, for a pass that is done with it:
    /// a large vault's plan is millions of small allocations, which took a
    /// tenth of a one-shot pass to free before it could report.
    pub fn free_aside(self) {
        rayon::spawn(move || drop(self));
    }

    /// What the pages are drawn from, taking what they may from the last
    /// pass's pages, and the answers the Questions page quotes from `quotes`.
    fn context<'a>(
        &'a self,
        config: &'a Config,
        last: LastPages<'a>,
        quotes: &'a QuoteFiles<'a>,
    ) -> Context<'a> {
        let ctx = Context::new(quotes, &self.index, &self.actions, config, self.clock)
            .with_ticked(&self.ticked);
        last.given_to(ctx, &self.kept_from, !self.ticked.is_empty())
    }

    /// The plan's pages rendered in memory: the bytes [`write`] writes.
    pub fn render(&self, config: &Config) -> Vec<Page> {
        let quotes = QuoteFiles::new(&self.root);
        let ctx = self.context(config, LastPages::default(), &quotes);
        pages::render(&ctx, &self.extra_issues, self.pages)
    }
}

/// Reads one note from disk; a file that cannot be read becomes an issue.
pub fn read_note(found: &Found, config: &Config, bank: &BankKeys) -> Note {
    note_from_read(&found.rel, &fs::read(&found.abs), config, bank)
}

/// Reads one note from disk with the version of its file, taken from the
/// open file before it is read: a write after it gives the next run
/// another version.
fn read_stamped_note(found: &Found, config: &Config, bank: &BankKeys) -> (Option<Stamp>, Note) {
    let mut stamp = None;
    let read = fs::File::open(&found.abs).and_then(|mut file| {
        let meta = file.metadata()?;
        stamp = Stamp::of_metadata(&meta);
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    });
    (stamp, note_from_read(&found.rel, &read, config, bank))
}

/// The note for the outcome of reading its file, keeping the sections that
/// answer a question of the bank.
pub fn note_from_read(
    rel: &str,
    read: &io::Result<Vec<u8>>,
    config: &Config,
    bank: &BankKeys,
) -> Note {
    match read {
        Ok(bytes) => {
            let mut note = parse_note(rel, bytes, config);
            note.keep_answers(bank);
            note
        }
        Err(error) => {
            let mut note = Note::empty(rel);
            let reason = error.kind().to_string();
            note.issues
                .push(unreadable_issue(rel, &reason, config.lang));
            note
        }
    }
}

/// Every note of a vault, read.
pub struct VaultRead {
    /// Sorted by path.
    pub notes: Vec<Note>,
    /// The scan's issues: conflict copies, unreadable folders.
    pub issues: Vec<VaultIssue>,
    /// The questions whose answers the notes kept.
    pub bank: BankKeys,
    /// Each note's file version, when it could be had.
    pub(crate) stamps: Versions,
    /// True when the cache no longer holds exactly these notes.
    cache_is_stale: bool,
}

impl VaultRead {
    /// Keeps the notes for the next run, if the cache needs it.
    pub fn update_cache(&self, root: &Path, config: &Config) {
        if self.cache_is_stale {
            let stamped = self.stamps.iter().zip(&self.notes);
            cache::save(
                root,
                config,
                &self.bank,
                stamped.filter_map(|(stamp, note)| stamp.map(|stamp| (stamp, note))),
            );
        }
    }
}

/// Scans and reads every note of the vault, sorted by path.
pub fn read_vault(root: &Path, config: &Config) -> VaultRead {
    read_scanned(root, config, vault::scan(root, config), None)
}

/// The file version of each note of a scan, when it could be had.
type Versions = Vec<Option<Stamp>>;

/// The file version of each note of a scan, looked up on every core.
fn stamps(scan: &Scan) -> Versions {
    scan.notes
        .par_iter()
        .map(|found| Stamp::of(&found.abs))
        .collect()
}

/// Reads the notes of a scan, the question bank first, since each note
/// keeps the answers to its questions. Notes are read and parsed on every
/// core: parsing, not the disk, is the cost of a pass. A note whose file is
/// unchanged since the last run comes from the cache, found by the file
/// versions of the notes (`stamps`, looked up here if not given); with no
/// cache, each note's version is taken from its file as it is read.
fn read_scanned(root: &Path, config: &Config, scan: Scan, stamps: Option<Versions>) -> VaultRead {
    let bank = bank_keys(&scan, config);
    let cache = Cache::load(root, config, &bank);
    let kept = cache.kept();
    let stamps = stamps.or_else(|| (kept > 0).then(|| self::stamps(&scan)));
    let mut from_cache = 0;
    // Unzipped as they come: a large vault's notes are never moved twice.
    let (stamps, notes): (Versions, Vec<Note>) = match &stamps {
        Some(stamps) => {
            let cached = cache.take(&scan.notes, stamps);
            from_cache = cached.iter().filter(|note| note.is_some()).count();
            (scan.notes.par_iter().zip(stamps))
                .zip(cached)
                .map(|((found, &stamp), cached)| {
                    let note = match cached {
                        // Its answers then share the bank's keys again.
                        Some(mut note) => {
                            note.keep_answers(&bank);
                            note
                        }
                        None => read_note(found, config, &bank),
                    };
                    (stamp, note)
                })
                .unzip()
        }
        None => (scan.notes.par_iter())
            .map(|found| read_stamped_note(found, config, &bank))
            .unzip(),
    };
    VaultRead {
        notes,
        issues: scan.issues,
        bank,
        stamps,
        cache_is_stale: from_cache < scan.notes.len() || kept > scan.notes.len(),
    }
}

/// The questions of the notes of a scan that may be the question bank.
fn bank_keys(scan: &Scan, config: &Config) -> BankKeys {
    let banks: Vec<Note> = (scan.notes.iter())
        .filter(|found| is_bank_note(&found.rel, config))
        .map(|found| read_note(found, config, &BankKeys::default()))
        .collect();
    BankKeys::of(&banks)
}

/// Whether a pass may rewrite the notes cache: `check` and `due` promise
/// to write nothing at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheUse {
    ReadOnly,
    Update,
}

/// Reads, indexes and applies the rules: all `check` and `due` need, and
/// all [`write`] needs to render the pages. Writes nothing but, with
/// [`CacheUse::Update`], the notes cache, while the index is built.
pub fn plan(root: &Path, config: &Config, clock: Clock, cache_use: CacheUse) -> Plan {
    plan_read(root, config, clock, cache_use, read_vault(root, config))
}

/// [`plan`] for notes read. The notes are dropped once indexed, before the
/// rules draw the actions: what the index did not take of them is a large
/// vault's tens of megabytes.
fn plan_read(
    root: &Path,
    config: &Config,
    clock: Clock,
    cache_use: CacheUse,
    mut read: VaultRead,
) -> Plan {
    let ((), index) = rayon::join(
        || {
            if cache_use == CacheUse::Update {
                read.update_cache(root, config);
            }
        },
        || index::build(&read.notes, config.lang),
    );
    let beside = BesideNotes {
        notes_read: read.notes.len(),
        scan_issues: std::mem::take(&mut read.issues),
        output: look_at_output(root, config),
    };
    drop(read);
    plan_from_index(root, config, clock, index, beside, None)
}

/// What the read stage hands planning beside the index.
pub struct BesideNotes {
    /// How many notes the index was built from.
    pub notes_read: usize,
    /// The scan's issues: conflict copies, unreadable folders.
    pub scan_issues: Vec<VaultIssue>,
    /// The output folder as the writer found it: which pages it may write.
    pub output: OutputFolder,
}

/// The output folder of the vault at `root`, as the writer finds it before
/// a pass.
pub fn look_at_output(root: &Path, config: &Config) -> OutputFolder {
    OutputFolder::look(
        root,
        &config.output,
        pages::file_names(config.lang),
        config.lang,
    )
}

/// The rest of a pass, from an index already built (the watcher keeps it
/// while an edit leaves it valid) and what the read stage found `beside`
/// it: every page, or with `since`, those the changes since the watcher's
/// last pass reach. Reads nothing: the pages whose path the writer found
/// holding a user's file or a link become issues and are left out.
pub fn plan_from_index(
    root: &Path,
    config: &Config,
    clock: Clock,
    index: Index,
    beside: BesideNotes,
    mut since: Option<Since>,
) -> Plan {
    let redrawn = reuse::draw_actions(since.as_mut(), &index, &config.rules, clock);
    let actions = redrawn.actions;
    let BesideNotes {
        notes_read,
        scan_issues: mut extra,
        output,
    } = beside;
    extra.extend(blocked_issues(&output, config));
    let blocked = (output.blocked.into_iter()).map(|(name, _)| name).collect();
    let mut issues: Vec<VaultIssue> = index.issues.iter().chain(&extra).cloned().collect();
    issues.sort();
    let pages = reuse::pages_to_render(since.as_ref(), redrawn.changed, &issues);
    Plan {
        notes_read,
        index,
        actions,
        issues,
        pages,
        output: output.dir,
        blocked,
        extra_issues: extra,
        kept_from: redrawn.kept_from,
        ticked: Vec::new(),
        follow_ups_seen: None,
        clock,
        root: root.to_path_buf(),
    }
}

/// The issue of each page the writer may not write, on line 1 of the file
/// in its way.
fn blocked_issues(output: &OutputFolder, config: &Config) -> Vec<VaultIssue> {
    let said = &words(config.lang).issues;
    (output.blocked.iter())
        .map(|(name, found)| {
            let problem = match found {
                Blocked::Foreign => said.not_a_page,
                Blocked::Symlink => said.symlink_page,
            };
            let rel = format!("{}/{name}", config.output);
            VaultIssue::new(&rel, 1, problem, said.blocked_page_fix)
        })
        .collect()
}

/// What writing the pages did.
#[derive(Debug, Default)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub errors: Vec<String>,
    /// Each page written or found holding its bytes: its kind, file name
    /// and [`writer::page_hash`].
    pub left: Vec<(PageKind, String, u64)>,
    /// Where each action's item lies in the Follow-ups page written, for
    /// the next pass to take those it shows again.
    pub follow_up_items: Option<Vec<Range<usize>>>,
    /// Where each answer's quote lies in the Questions page written, for
    /// the next pass to take those it shows again.
    pub question_quotes: Option<Quotes>,
}

/// Renders the pages of a plan that are free to write into their files,
/// each on its own core where there is one, taking from the `last` pass's
/// pages the items and quotes that read the same.
pub fn write(plan: &Plan, config: &Config, last: LastPages) -> WriteReport {
    let mut report = WriteReport::default();
    let dir = match &plan.output {
        Ok(dir) => dir,
        Err(error) => {
            report.errors.push(error.clone());
            return report;
        }
    };
    if let Err(error) = writer::prepare(dir) {
        report.errors.push(error.message(config.lang));
        return report;
    }
    let quotes = QuoteFiles::new(&plan.root);
    let ctx = plan.context(config, last, &quotes);
    let mut free = pages::named(config.lang, plan.pages);
    free.retain(|(_, name)| !plan.blocked.contains(name));
    let done: Vec<_> = (free.into_par_iter())
        .map(|(kind, file_name)| {
            let seen = plan.follow_ups_seen.filter(|_| kind == PageKind::FollowUps);
            let done = PageFile::open(dir, &file_name, seen).and_then(|mut file| {
                let items = pages::render_page(&ctx, &plan.extra_issues, kind, &mut file);
                Ok((file.finish()?, items))
            });
            (kind, file_name, done)
        })
        .collect();
    for (kind, file_name, done) in done {
        let (finished, items) = match done {
            Ok(done) => done,
            Err(error) => {
                report.errors.push(error.message(config.lang));
                continue;
            }
        };
        match finished.written {
            Written::Written => report.written.push(file_name.clone()),
            Written::Unchanged => report.unchanged.push(file_name.clone()),
        }
        report.left.push((kind, file_name, finished.hash));
        match items {
            Parts::Items(items) => report.follow_up_items = Some(items),
            Parts::Quotes(quotes) => report.question_quotes = Some(quotes),
            Parts::None => {}
        }
    }
    report
}

/// What `build` did.
pub struct Built {
    pub summary: Summary,
    pub report: WriteReport,
    /// The items ticked on the Follow-ups page it replaced, and what became
    /// of each.
    pub ticks: Vec<Tick>,
}

/// An item ticked on the Follow-ups page, and what recording it did.
#[derive(Debug)]
pub struct Tick {
    pub id: ActionId,
    /// Where it was recorded, or why it was not.
    pub recorded: Result<done::Recorded, String>,
}

/// The ticks found on the Follow-ups page and recorded in the notes.
#[derive(Debug, Default)]
pub struct Ticks {
    pub ticks: Vec<Tick>,
    /// The ticked actions that still exist but were not recorded
    /// (`write_notes = false`, a note that may not be edited): their items
    /// stay ticked on the page, so that no tick is lost.
    pub kept: Vec<ActionId>,
}

impl Ticks {
    /// Whether a note was changed: the vault must be read again.
    pub fn recorded_any(&self) -> bool {
        self.ticks.iter().any(|t| t.recorded.is_ok())
    }
}

/// The Follow-ups page as the ticks were read from it.
#[derive(Debug, Default)]
pub struct PageTicks {
    /// The ids ticked on it.
    pub ids: Vec<ActionId>,
    /// The page's version when they were read (none: no page there). The
    /// page is replaced only while it still has that version: a tick saved
    /// since is read at the next pass, never written over.
    pub seen: Option<Stamp>,
}

/// The ids ticked on the Follow-ups page in the output folder, as the user
/// left it; none when the page is not there or not suivi's.
pub fn ticked_on_page(root: &Path, config: &Config) -> PageTicks {
    let Ok(dir) = writer::output_dir(root, &config.output) else {
        return PageTicks::default();
    };
    let page = dir.join(&pages::file_names(config.lang)[0]);
    let seen = Stamp::of(&page);
    if !matches!(writer::existing(&page), Ok(Existing::Ours)) {
        return PageTicks {
            ids: Vec::new(),
            seen,
        };
    }
    let ids = fs::read_to_string(&page).map_or_else(|_| Vec::new(), |text| pages::ticked(&text));
    PageTicks { ids, seen }
}

/// Records the actions `ids` names, among those of `index`, as done on
/// `today`, in one batch of the journal. An id no action has any more is
/// reported, not applied.
pub fn record_ticks(
    root: &Path,
    config: &Config,
    index: &Index,
    actions: &[Action],
    ids: &[ActionId],
    today: chrono::NaiveDate,
) -> Ticks {
    let mut ticks = Ticks::default();
    if ids.is_empty() {
        return ticks;
    }
    let batch = crate::editor::Batch::new("ticks on the Follow-ups page");
    let by_id: std::collections::HashMap<ActionId, &Action> =
        (actions.iter()).map(|a| (a.id(), a)).collect();
    for &id in ids {
        let Some(&action) = by_id.get(&id) else {
            ticks.ticks.push(Tick {
                id,
                recorded: Err(crate::i18n::words(config.lang).tick_gone.to_owned()),
            });
            continue;
        };
        let recorded = done::record(root, config, index, action, today, &batch);
        if recorded.is_err() {
            ticks.kept.push(id);
        }
        ticks.ticks.push(Tick {
            id,
            recorded: recorded.map_err(|e| e.message(config.lang)),
        });
    }
    ticks
}

/// The ticks of the Follow-ups page, recorded: read from the page, the
/// actions drawn to tell what each names.
pub fn record_page_ticks(root: &Path, config: &Config, clock: Clock) -> (Ticks, Option<Stamp>) {
    let PageTicks { ids, seen } = ticked_on_page(root, config);
    if ids.is_empty() {
        return (Ticks::default(), seen);
    }
    let plan = plan(root, config, clock, CacheUse::ReadOnly);
    let ticks = record_ticks(root, config, &plan.index, &plan.actions, &ids, clock.today);
    plan.free_aside();
    (ticks, seen)
}

/// Reads the vault, renders the pages and writes those that changed. When
/// nothing the pages depend on changed since the last build, and the pages
/// are still the ones it wrote, that is all known without reading a note.
///
/// Items the user ticked on the Follow-ups page are recorded in the notes
/// first, so that the page written no longer shows them: a page that still
/// holds what the last build wrote has none.
pub fn build(root: &Path, config: &Config, clock: Clock) -> Built {
    let (scan, stamps) = match recorded(root, config, clock) {
        Ok(summary) => {
            return Built {
                summary,
                report: unchanged_pages(root, config),
                ticks: Vec::new(),
            };
        }
        Err(unrecorded) => unrecorded,
    };
    let (ticks, seen) = record_page_ticks(root, config, clock);
    let (scan, stamps) = if ticks.recorded_any() {
        (vault::scan(root, config), None)
    } else {
        (scan, stamps)
    };
    let read = read_scanned(root, config, scan, stamps);
    let recorded = ReadNotes::of(
        read.notes.iter().map(|n| &*n.path),
        &read.stamps,
        &read.issues,
    );
    let mut plan = plan_read(root, config, clock, CacheUse::Update, read);
    plan.ticked = ticks.kept;
    plan.follow_ups_seen = Some(seen);
    let report = write(&plan, config, LastPages::default());
    let summary = plan.summary();
    if report.errors.is_empty() && plan.blocked.is_empty() && plan.ticked.is_empty() {
        let view = ClockView::of(&plan.index, clock);
        last_build::record(root, config, view, recorded, &report.left, &summary);
    }
    plan.free_aside();
    Built {
        summary,
        report,
        ticks: ticks.ticks,
    }
}

/// What a build would report, without writing anything (`check`): the
/// last build's summary when it still holds, else a read-only pass.
pub fn summarize(root: &Path, config: &Config, clock: Clock) -> Summary {
    recorded(root, config, clock).unwrap_or_else(|(scan, stamps)| {
        let read = read_scanned(root, config, scan, stamps);
        let plan = plan_read(root, config, clock, CacheUse::ReadOnly, read);
        let summary = plan.summary();
        plan.free_aside();
        summary
    })
}

/// The last build's summary if it still holds, else the vault's notes to
/// be read, with their file versions when the record needed them.
fn recorded(
    root: &Path,
    config: &Config,
    clock: Clock,
) -> Result<Summary, (Scan, Option<Versions>)> {
    let scan = vault::scan(root, config);
    let Some(last_build) = LastBuild::load(root, config) else {
        return Err((scan, None));
    };
    let stamps = stamps(&scan);
    (last_build.unchanged(root, config, clock, &scan, &stamps)).ok_or((scan, Some(stamps)))
}

/// The report of a build that found every page up to date. It still
/// clears the temporaries an interrupted write left.
fn unchanged_pages(root: &Path, config: &Config) -> WriteReport {
    let mut report = WriteReport::default();
    match writer::output_dir(root, &config.output).and_then(|dir| writer::prepare(&dir)) {
        Ok(()) => report.unchanged = pages::file_names(config.lang).into(),
        Err(error) => report.errors.push(error.message(config.lang)),
    }
    report
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::i18n;
    use crate::lang::Lang;
    use crate::pages::md;
    use crate::starter;

    #[test]
    fn a_pass_writes_the_pages_it_renders_in_memory_but_over_a_users_file() {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        starter::init(dir.path(), Lang::En, true, today).unwrap();
        // A user's file where a page goes, and a page left by an older pass.
        let out = dir.path().join("Suivi");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("Questions.md"), "my own notes\n").unwrap();
        fs::write(
            out.join("Companies.md"),
            "---\ngenerated_by: suivi\n---\nold\n",
        )
        .unwrap();
        let config = Config::load(dir.path()).unwrap();
        let plan = plan(dir.path(), &config, Clock::on(today), CacheUse::ReadOnly);
        assert_eq!(plan.blocked, ["Questions.md"]);
        assert!(plan.issues.iter().any(|i| i.path == "Suivi/Questions.md"));

        let report = write(&plan, &config, LastPages::default());
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.written.len(), PageKind::ALL.len() - 1);
        for page in plan.render(&config) {
            let on_disk = fs::read_to_string(out.join(&page.file_name)).unwrap();
            if page.file_name == "Questions.md" {
                assert_eq!(on_disk, "my own notes\n");
            } else {
                assert!(on_disk == page.content, "{}", page.file_name);
            }
        }
        let again = write(&plan, &config, LastPages::default());
        assert!(again.written.is_empty());
        assert_eq!(again.unchanged, report.written);
        assert_eq!(again.left, report.left);
    }

    #[test]
    fn an_answer_changed_since_it_was_read_is_quoted_once_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        starter::init(dir.path(), Lang::En, true, today).unwrap();
        let config = Config::load(dir.path()).unwrap();
        let questions = || fs::read_to_string(dir.path().join("Suivi/Questions.md")).unwrap();
        let pass = || plan(dir.path(), &config, Clock::on(today), CacheUse::ReadOnly);
        let read = pass();
        let (path, span) = (read.index.conversations.iter())
            .find_map(|c| Some((c.path.clone(), c.interview.answers.first()?.span.clone())))
            .expect("the sample vault answers a question of its bank");
        let file = dir.path().join(&*path);
        let text = fs::read_to_string(&file).unwrap();
        let answer = text[span.clone()].lines().next().unwrap().to_owned();
        write(&read, &config, LastPages::default());
        assert!(questions().contains(&answer));

        let changed = format!("{}A new answer.{}", &text[..span.start], &text[span.end..]);
        fs::write(&file, &changed).unwrap();
        write(&read, &config, LastPages::default());
        let changed_since = md::text(i18n::words(Lang::En).answer_changed);
        assert!(questions().contains(&changed_since) && !questions().contains(&answer));

        write(&pass(), &config, LastPages::default());
        assert!(questions().contains("> A new answer.") && !questions().contains(&changed_since));
    }
}
