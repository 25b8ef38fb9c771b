//! The watcher: a loop around the pipeline that keeps the pages current.
//!
//! It watches the vault folder recursively (never single files: editors save
//! by renaming over them), lets notify-debouncer-full gather a batch until the
//! folder is quiet, takes together every batch that queued while it was busy,
//! turns them into index updates by looking at the disk ([`batch`]), re-reads
//! only what changed ([`state`]), and runs the rest of the pipeline from
//! memory. Pages are written only when their bytes change, so the watcher's
//! own writes settle instead of looping. The output folder is watched too: a
//! page deleted or edited by hand is written again, and a write that failed is
//! retried, backing off, until it succeeds. Between batches it checks the
//! clock: a new day (midnight, a resume from suspend, a clock jump), or a
//! conversation's time passing, re-renders the pages.

pub mod batch;
pub mod last_pass;
pub mod lock;
pub mod log;
pub mod state;
mod tell;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};
use tracing::{debug, info, warn};

use crate::clock::{Clock, clock_changes_pages};
use crate::config::Config;
use crate::i18n::{self, WatchWords, words};
use crate::lang::Lang;
use crate::pages::PageSet;
use crate::pipeline::{self, WriteReport};
use crate::vault::{is_under, relative};
use batch::Presence;
use last_pass::LastPass;
use lock::Lock;
use state::VaultState;
use tell::Teller;

/// How long the folder must be quiet before a batch is handled.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// How often the clock and the vault folder are checked between batches.
const TICK: Duration = Duration::from_secs(1);
/// The first wait before a failed write is tried again; it doubles up to
/// [`MAX_RETRY`].
const FIRST_RETRY: Duration = Duration::from_secs(1);
const MAX_RETRY: Duration = Duration::from_mins(1);

/// How to watch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Poll every this often instead of using the system's notifications
    /// (network filesystems, WSL).
    pub poll: Option<Duration>,
    /// Holds each pass this long before it reads the changes, for tests
    /// that need a pass in progress to act during it.
    pub hold_pass: Option<Duration>,
}

enum Message {
    Events(DebounceEventResult),
    Stop,
}

/// The running watcher, kept alive for as long as the loop runs.
#[allow(
    dead_code,
    reason = "held, never read: dropping it stops the watching thread"
)]
enum Running {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Polling(Debouncer<PollWatcher, NoCache>),
}

/// Builds, then keeps the pages current until Ctrl-C or SIGTERM. `now`
/// tells the day and time; it is read after each batch and on each tick.
/// `ready` runs once the watcher is listening and Ctrl-C stops it cleanly.
pub fn run(
    root: &Path,
    config: &Config,
    options: Options,
    now: impl Fn() -> Clock,
    ready: impl FnOnce() -> Result<()>,
) -> Result<()> {
    let root = root.canonicalize().with_context(|| {
        (words(config.lang).watch.cannot_open_vault)(&root.display().to_string())
    })?;
    let _lock = Lock::acquire(&root).map_err(|e| anyhow::anyhow!(e.message(config.lang)))?;
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    })
    .context(words(config.lang).watch.cannot_listen)?;
    let started = Instant::now();
    let clock = now();
    // Ticks left on the page while no watcher ran are recorded first.
    let (ticks, seen) = pipeline::record_page_ticks(&root, config, clock);
    log_ticks(&ticks.ticks, config.lang);
    let state = VaultState::load(&root, config);
    let mut last = LastPass::none(state.index(), clock);
    last.ticked = ticks.kept;
    last.follow_ups_seen = Some(seen);
    let first = last.next(&state, PageSet::ALL, clock);
    let teller = Teller::new(&root, config);
    let mut watcher = Watcher {
        teller,
        output: config.output.clone(),
        root,
        state,
        clock,
        retry: None,
        hold_pass: options.hold_pass,
        last: None,
    };
    let said = &words(config.lang).watch;
    let why = (said.notes_read)(watcher.state.notes.len());
    watcher.done(first, &why, started);
    let _running = start_watching(&watcher.root, tx, options.poll, said)?;
    info!("{}", (said.watching)(&watcher.root.display().to_string()));
    ready()?;
    watcher.run(&rx, now)
}

/// A failed write waiting to be tried again.
#[derive(Debug, Clone, Copy)]
struct Retry {
    at: Instant,
    wait: Duration,
}

/// The watcher between passes.
struct Watcher {
    root: PathBuf,
    /// The output folder, vault-relative.
    output: String,
    state: VaultState,
    clock: Clock,
    retry: Option<Retry>,
    hold_pass: Option<Duration>,
    /// What the last pass left; only ever empty while a pass runs.
    last: Option<LastPass>,
    /// The reminders' channels, unless `notify = []`.
    teller: Option<Teller>,
}

impl Watcher {
    fn run(&mut self, rx: &Receiver<Message>, now: impl Fn() -> Clock) -> Result<()> {
        loop {
            let timeout = self.next_wake().map_or(TICK, |at| {
                at.saturating_duration_since(Instant::now()).min(TICK)
            });
            let mut stopping = false;
            match rx.recv_timeout(timeout) {
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => stopping = true,
                Ok(Message::Events(first)) => {
                    let started = Instant::now();
                    // Whatever queued while the last pass ran is taken in
                    // this one: under sustained edits the pages catch up
                    // within a pass instead of falling behind.
                    let mut batch = Batch::default();
                    batch.add(&self.root, first, self.said());
                    while let Ok(message) = rx.try_recv() {
                        match message {
                            Message::Events(more) => batch.add(&self.root, more, self.said()),
                            Message::Stop => stopping = true,
                        }
                    }
                    if let Some(hold) = self.hold_pass {
                        debug!("{}", (self.said().holding)(hold.as_millis()));
                        std::thread::sleep(hold);
                    }
                    ensure_vault(&self.root, self.said())?;
                    self.on_batch(&batch, now(), started);
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            ensure_vault(&self.root, self.said())?;
            if stopping {
                if let Some(teller) = &self.teller {
                    teller.finish();
                }
                info!("{}", self.said().stopped);
                return Ok(());
            }
            let clock = now();
            self.on_tick(clock);
            if let Some(teller) = &mut self.teller {
                teller.tell(clock);
            }
        }
    }

    /// The earliest time something is due without any event: a note to
    /// look at again, a write to retry.
    fn next_wake(&self) -> Option<Instant> {
        let retry = self.retry.map(|r| r.at);
        [self.state.next_look(), retry].into_iter().flatten().min()
    }

    /// The log's words, in the vault's language as the configuration
    /// says it now.
    fn said(&self) -> &'static WatchWords {
        &words(self.state.config().lang).watch
    }

    fn last(&mut self) -> LastPass {
        self.last
            .take()
            .unwrap_or_else(|| LastPass::none(self.state.index(), self.clock))
    }

    /// Records a pass's outcome and logs it.
    fn done(&mut self, (last, report): (LastPass, WriteReport), why: &str, started: Instant) {
        log_pass(&report, why, started, self.state.config().lang);
        self.retry = if report.errors.is_empty() {
            None
        } else {
            let wait = self
                .retry
                .map_or(FIRST_RETRY, |r| (r.wait * 2).min(MAX_RETRY));
            info!("{}", (self.said().retry_in)(wait.as_secs()));
            Some(Retry {
                at: Instant::now() + wait,
                wait,
            })
        };
        if let Some(teller) = &mut self.teller {
            teller.actions(&last.index, &last.actions, self.clock);
        }
        self.last = Some(last);
    }

    fn on_batch(&mut self, batch: &Batch, clock: Clock, started: Instant) {
        let config = self.state.config().clone();
        let mut changes = batch::changes(
            batch.paths.iter().map(String::as_str),
            batch.rescan,
            &config,
            |rel| presence(&self.root.join(rel)),
        );
        let pages_touched = batch.paths.iter().any(|rel| self.is_page_path(rel));
        // Before any pass writes the Follow-ups page, its ticks are read;
        // the notes they are recorded in are read again in this pass.
        changes.read.extend(self.record_ticks(clock));
        if changes.is_empty() && !pages_touched {
            debug!("{}", self.said().batch_ignored);
            return;
        }
        debug!(?changes, "{}", self.said().batch);
        let applied = self.state.apply(&changes);
        if !applied.is_empty() {
            self.pass_after(&applied, clock, started);
            return;
        }
        debug!("{}", self.said().no_indexed_note_changed);
        if pages_touched {
            self.repair_pages(clock, started);
        }
    }

    /// Records the items ticked on the Follow-ups page, when it is no longer
    /// what the last pass wrote (a page of ours holds no new tick); returns
    /// the notes changed.
    fn record_ticks(&mut self, clock: Clock) -> Vec<String> {
        let config = self.state.config().clone();
        let Some(last) = self.last.as_mut() else {
            return Vec::new();
        };
        if let Some(left) = last.follow_ups_left() {
            last.follow_ups_seen = Some(Some(left));
            return Vec::new();
        }
        let page = pipeline::ticked_on_page(&self.root, &config);
        last.follow_ups_seen = Some(page.seen);
        let on_page = page.ids;
        // A tick kept because it could not be recorded stays while the
        // user leaves it; the others are new.
        last.ticked.retain(|id| on_page.contains(id));
        let ids: Vec<_> = (on_page.into_iter())
            .filter(|id| !last.ticked.contains(id))
            .collect();
        let ticks = pipeline::record_ticks(
            &self.root,
            &config,
            &last.index,
            &last.actions,
            &ids,
            clock.today,
        );
        log_ticks(&ticks.ticks, config.lang);
        last.ticked.extend(ticks.kept);
        (ticks.ticks.into_iter())
            .filter_map(|tick| tick.recorded.ok())
            .map(|recorded| recorded.note)
            .collect()
    }

    /// Writes again the pages whose files no longer hold what the last
    /// pass left there: deleted, edited or replaced by hand or by another
    /// tool, or never written.
    fn repair_pages(&mut self, clock: Clock, started: Instant) {
        let mut last = self.last();
        let astray = last.pages_astray();
        if astray == PageSet::NONE {
            debug!("{}", self.said().pages_hold);
            self.last = Some(last);
            return;
        }
        let pass = last.next(&self.state, PageSet::NONE, clock);
        self.clock = clock;
        self.done(pass, self.said().page_changed_outside, started);
    }

    /// The pass after notes changed.
    fn pass_after(&mut self, applied: &state::Applied, clock: Clock, started: Instant) {
        let why = describe(&applied.touched, self.said());
        let pass = self.last().after(&self.state, applied, clock);
        self.clock = clock;
        self.done(pass, &why, started);
    }

    fn on_tick(&mut self, clock: Clock) {
        let started = Instant::now();
        let applied = self.state.look_again();
        let moved = (self.last.as_ref())
            .is_some_and(|last| clock_changes_pages(&last.index, self.clock, clock));
        let retry_due = self.retry.is_some_and(|r| r.at <= Instant::now());
        if applied.is_empty() && !moved && !retry_due {
            self.clock = clock;
            return;
        }
        // A pass is due: the page's ticks first, as before every pass.
        let ticked = self.record_ticks(clock);
        let applied = if ticked.is_empty() {
            applied
        } else {
            let changes = batch::Changes {
                read: ticked.into_iter().collect(),
                ..batch::Changes::default()
            };
            applied.and(self.state.apply(&changes))
        };
        if !applied.is_empty() {
            return self.pass_after(&applied, clock, started);
        }
        if moved {
            let why = (self.said().clock_moved)(clock.today);
            let pass = self.last().next(&self.state, PageSet::ALL, clock);
            self.clock = clock;
            return self.done(pass, &why, started);
        }
        self.clock = clock;
        let pass = self.last().next(&self.state, PageSet::NONE, clock);
        self.done(pass, self.said().retrying, started);
    }

    /// True for the output folder and the pages in it; not for the
    /// writer's own hidden temporaries.
    fn is_page_path(&self, rel: &str) -> bool {
        rel == self.output
            || (is_under(rel, &self.output) && !rel.rsplit('/').next().is_some_and(is_hidden))
    }
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// The vault-relative paths of every batch taken together, and whether
/// events were lost.
#[derive(Debug, Default)]
struct Batch {
    paths: Vec<String>,
    rescan: bool,
}

impl Batch {
    fn add(&mut self, root: &Path, result: DebounceEventResult, said: &WatchWords) {
        match result {
            Ok(events) => {
                self.rescan |= events.iter().any(|e| e.need_rescan());
                let paths = (events.iter())
                    .filter(|e| changes_content(e.kind))
                    .flat_map(|e| e.paths.iter())
                    .filter_map(|p| relative(root, p));
                self.paths.extend(paths);
            }
            Err(errors) => {
                for error in errors {
                    warn!("{}", (said.rescan)(&error.to_string()));
                }
                self.rescan = true;
            }
        }
    }
}

/// Logs what became of each tick found on the Follow-ups page.
fn log_ticks(ticks: &[pipeline::Tick], lang: Lang) {
    let said = &words(lang).watch;
    for tick in ticks {
        let id = tick.id.short();
        match &tick.recorded {
            Ok(recorded) => info!("{}", (said.ticked)(&id, &recorded.to_string())),
            Err(why) => warn!("{}", (said.tick_not_recorded)(&id, why)),
        }
    }
}

/// Logs one sentence for a pass: why it ran, which pages it wrote or could
/// not write, how long it took; every decision besides with `-v`.
fn log_pass(report: &WriteReport, why: &str, started: Instant, lang: Lang) {
    let words = &words(lang).watch;
    for error in &report.errors {
        warn!("{}", (words.page_not_written)(error));
    }
    let mut said = Vec::new();
    if !report.written.is_empty() {
        said.push((words.pages_written)(&page_list(&report.written, lang)));
    }
    if !report.errors.is_empty() {
        said.push((words.pages_not_written)(report.errors.len()));
    }
    if said.is_empty() {
        said.push(words.no_page_changed.to_owned());
    }
    let ms = started.elapsed().as_millis();
    let sentence = (words.pass)(why, &said.join("; "), ms);
    if report.errors.is_empty() {
        info!("{sentence}");
    } else {
        warn!("{sentence}");
    }
    if !report.unchanged.is_empty() {
        debug!(
            "{}",
            (words.unchanged_pages)(&page_list(&report.unchanged, lang))
        );
    }
}

/// `Follow-ups, Companies and Interviews`, without `.md`.
fn page_list(files: &[String], lang: Lang) -> String {
    let names: Vec<String> = (files.iter())
        .map(|f| f.strip_suffix(".md").unwrap_or(f).to_owned())
        .collect();
    i18n::and_list(lang, &names)
}

fn describe(touched: &[String], said: &WatchWords) -> String {
    match touched {
        [] => said.no_note_changed.to_owned(),
        [one] => (said.one_changed)(one),
        [first, rest @ ..] => (said.many_changed)(first, rest.len()),
    }
}

/// Opening or reading a file is not a change: suivi reads every note it
/// indexes, and counting those reads would loop forever.
fn changes_content(kind: EventKind) -> bool {
    match kind {
        EventKind::Access(access) => access == AccessKind::Close(AccessMode::Write),
        _ => true,
    }
}

fn presence(path: &Path) -> Presence {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Presence::Folder,
        Ok(meta) if meta.is_file() => Presence::File,
        // A link is never followed, and nothing else is a note.
        Ok(_) | Err(_) => Presence::Absent,
    }
}

fn ensure_vault(root: &Path, said: &WatchWords) -> Result<()> {
    if !root.is_dir() {
        bail!((said.vault_gone)(&root.display().to_string()));
    }
    Ok(())
}

fn start_watching(
    root: &Path,
    tx: mpsc::Sender<Message>,
    poll: Option<Duration>,
    said: &WatchWords,
) -> Result<Running> {
    let handler = {
        let tx = tx.clone();
        move |result| {
            let _ = tx.send(Message::Events(result));
        }
    };
    if let Some(interval) = poll {
        return start_polling(root, tx, interval, said);
    }
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, handler).context(said.cannot_start_watching)?;
    match debouncer.watch(root, RecursiveMode::Recursive) {
        Ok(()) => Ok(Running::Native(debouncer)),
        Err(error) if matches!(error.kind, notify::ErrorKind::MaxFilesWatch) => {
            warn!("{}", said.too_many_folders);
            start_polling(root, tx, Duration::from_secs(2), said)
        }
        Err(error) => Err(error).with_context(|| (said.cannot_watch)(&root.display().to_string())),
    }
}

fn start_polling(
    root: &Path,
    tx: mpsc::Sender<Message>,
    interval: Duration,
    said: &WatchWords,
) -> Result<Running> {
    let handler = move |result| {
        let _ = tx.send(Message::Events(result));
    };
    let config = notify::Config::default().with_poll_interval(interval);
    let mut debouncer =
        new_debouncer_opt::<_, PollWatcher, NoCache>(DEBOUNCE, None, handler, NoCache, config)
            .context(said.cannot_start_polling)?;
    debouncer
        .watch(root, RecursiveMode::Recursive)
        .with_context(|| (said.cannot_poll)(&root.display().to_string()))?;
    info!("{}", (said.polling)(interval.as_secs_f32()));
    Ok(Running::Polling(debouncer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_listed_as_a_sentence() {
        let files =
            |names: &[&str]| -> Vec<String> { names.iter().map(|n| format!("{n}.md")).collect() };
        assert_eq!(page_list(&files(&[]), Lang::En), "");
        assert_eq!(page_list(&files(&["Follow-ups"]), Lang::En), "Follow-ups");
        assert_eq!(
            page_list(&files(&["Follow-ups", "Companies", "Interviews"]), Lang::En),
            "Follow-ups, Companies and Interviews"
        );
        assert_eq!(
            page_list(&files(&["Relances", "Entretiens"]), Lang::Fr),
            "Relances et Entretiens"
        );
    }
}
