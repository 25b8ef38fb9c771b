//! The watcher: a loop around the pipeline that keeps the pages current.
//!
//! It watches the vault folder recursively (never single files: editors save
//! by renaming over them), lets notify-debouncer-full gather a batch until the
//! folder is quiet, turns the batch into index updates by looking at the disk
//! ([`batch`]), re-reads only what changed ([`state`]), and runs the rest of
//! the pipeline from memory. Pages are written only when their bytes change,
//! so the watcher's own writes settle instead of looping. Between batches it
//! checks the clock: a new day (midnight, a resume from suspend, a clock
//! jump), or a conversation's time passing, re-renders the pages.

pub mod batch;
pub mod last_pass;
pub mod lock;
pub mod state;

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};
use tracing::{debug, info, warn};

use crate::config::Config;
use crate::pages::PageSet;
use crate::pipeline::WriteReport;
use crate::rules::{Clock, clock_changes_pages};
use crate::vault::relative;
use batch::Presence;
use last_pass::LastPass;
use lock::Lock;
use state::VaultState;

/// How long the folder must be quiet before a batch is handled.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// How often the clock and the vault folder are checked between batches.
const TICK: Duration = Duration::from_secs(1);

/// How to watch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Poll every this often instead of using the system's notifications
    /// (network filesystems, WSL).
    pub poll: Option<Duration>,
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
    let root = root
        .canonicalize()
        .with_context(|| format!("{}: cannot open the vault", root.display()))?;
    let _lock = Lock::acquire(&root)?;
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    })
    .context("cannot listen for Ctrl-C and SIGTERM")?;
    let started = Instant::now();
    let mut state = VaultState::load(&root, config);
    let mut clock = now();
    let first = LastPass::none(state.index(), clock).next(&state, PageSet::ALL, clock);
    let why = format!("{} notes read", state.notes.len());
    let mut last = logged(first, &why, started);
    let _running = start_watching(&root, tx, options.poll)?;
    info!("watching {} (Ctrl-C to stop)", root.display());
    ready()?;
    loop {
        match rx.recv_timeout(TICK) {
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => {
                info!("stopped");
                return Ok(());
            }
            Ok(Message::Events(result)) => {
                let started = Instant::now();
                ensure_vault(&root)?;
                let changes = changes_of(&root, config, result);
                if changes.is_empty() {
                    debug!("batch ignored: nothing in it is a note");
                    continue;
                }
                debug!(?changes, "batch");
                let applied = state.apply(&changes);
                if applied.is_empty() {
                    debug!("no indexed note changed: no pass");
                    continue;
                }
                clock = now();
                let why = describe(&applied.touched);
                last = logged(last.after(&state, &applied, clock), &why, started);
            }
            Err(RecvTimeoutError::Timeout) => {
                ensure_vault(&root)?;
                let next = now();
                if clock_changes_pages(&last.index, clock, next) {
                    let why = format!("the clock moved to {}", next.today);
                    let again = last.next(&state, PageSet::ALL, next);
                    last = logged(again, &why, Instant::now());
                }
                clock = next;
            }
        }
    }
}

/// Logs one line for a pass: why it ran, which pages it wrote, how long it
/// took.
fn logged((last, report): (LastPass, WriteReport), why: &str, started: Instant) -> LastPass {
    for error in &report.errors {
        warn!("cannot write a page: {error}");
    }
    let written = if report.written.is_empty() {
        "no page changed".to_owned()
    } else {
        format!("wrote {}", report.written.join(", "))
    };
    info!(
        "{why}; {written}; {} action(s), {} issue(s); {} ms",
        last.actions.len(),
        last.issues.len(),
        started.elapsed().as_millis()
    );
    last
}

fn describe(touched: &[String]) -> String {
    match touched {
        [] => "no note changed".to_owned(),
        [one] => format!("changed: {one}"),
        [first, rest @ ..] => format!("changed: {first} and {} more", rest.len()),
    }
}

/// The vault-relative paths of a batch, and whether events were lost.
fn changes_of(root: &Path, config: &Config, result: DebounceEventResult) -> batch::Changes {
    let (paths, rescan) = match result {
        Ok(events) => {
            let rescan = events.iter().any(|e| e.need_rescan());
            let paths: Vec<String> = events
                .iter()
                .filter(|e| changes_content(e.kind))
                .flat_map(|e| e.paths.iter())
                .filter_map(|p| relative(root, p))
                .collect();
            (paths, rescan)
        }
        Err(errors) => {
            for error in errors {
                warn!("watch error, rescanning: {error}");
            }
            (Vec::new(), true)
        }
    };
    batch::changes(paths.iter().map(String::as_str), rescan, config, |rel| {
        presence(&root.join(rel))
    })
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

fn ensure_vault(root: &Path) -> Result<()> {
    if !root.is_dir() {
        bail!("the vault folder {} is gone; stopping", root.display());
    }
    Ok(())
}

fn start_watching(
    root: &Path,
    tx: mpsc::Sender<Message>,
    poll: Option<Duration>,
) -> Result<Running> {
    let handler = {
        let tx = tx.clone();
        move |result| {
            let _ = tx.send(Message::Events(result));
        }
    };
    if let Some(interval) = poll {
        return start_polling(root, tx, interval);
    }
    let mut debouncer = new_debouncer(DEBOUNCE, None, handler).context("cannot start watching")?;
    match debouncer.watch(root, RecursiveMode::Recursive) {
        Ok(()) => Ok(Running::Native(debouncer)),
        Err(error) if matches!(error.kind, notify::ErrorKind::MaxFilesWatch) => {
            warn!(
                "the system's limit of watched folders is reached; polling every 2 s instead. \
                 To watch natively, raise it: sudo sysctl fs.inotify.max_user_watches=524288 \
                 (and add that line to /etc/sysctl.conf to keep it)"
            );
            start_polling(root, tx, Duration::from_secs(2))
        }
        Err(error) => Err(error).with_context(|| format!("cannot watch {}", root.display())),
    }
}

fn start_polling(root: &Path, tx: mpsc::Sender<Message>, interval: Duration) -> Result<Running> {
    let handler = move |result| {
        let _ = tx.send(Message::Events(result));
    };
    let config = notify::Config::default().with_poll_interval(interval);
    let mut debouncer =
        new_debouncer_opt::<_, PollWatcher, NoCache>(DEBOUNCE, None, handler, NoCache, config)
            .context("cannot start polling")?;
    debouncer
        .watch(root, RecursiveMode::Recursive)
        .with_context(|| format!("cannot poll {}", root.display()))?;
    info!("polling every {} s", interval.as_secs_f32());
    Ok(Running::Polling(debouncer))
}
