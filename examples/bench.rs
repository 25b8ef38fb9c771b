//! The project's benchmark: `cargo run --release --example bench -- --sizes 1000,10000`.
//!
//! For each size it generates a vault (seed 1), then measures in this one run:
//! - floor: walking the vault and reading every note, nothing else;
//! - cold build: a full pass with no pages and no notes cache yet;
//! - repeated build: a build over an unchanged vault (pages unchanged);
//! - per edit: the watcher's processing of one edited note, from the batch
//!   to the pages written (the debounce window aside), median and worst of 100:
//!   a property changed (the pages that show it rendered and written again),
//!   and a line typed at the end of a body;
//! - memory: the peak resident memory of a cold build, and the resident
//!   memory of a watcher after its initial build, each in a fresh process.
//!
//! Times are the best of three runs (per-edit: all 100), and each is also
//! given as a ratio to the floor of the same run.

mod support {
    pub mod generator;
}

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clap::Parser;
use suivi::clock::Clock;
use suivi::config::Config;
use suivi::pages::PageSet;
use suivi::pipeline;
use suivi::watch::batch::{self, Presence};
use suivi::watch::last_pass::LastPass;
use suivi::watch::state::VaultState;

#[derive(Parser)]
struct Args {
    /// Vault sizes, in notes.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    sizes: Vec<usize>,
    /// Where to generate the vaults (default: a temporary folder).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Internal: measure the memory of a build of this vault and exit.
    #[arg(long, hide = true)]
    memory_of: Option<PathBuf>,
}

fn clock() -> Clock {
    Clock::on(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(vault) = args.memory_of {
        return memory_of(&vault);
    }
    let temp = tempfile::tempdir()?;
    let work = args.work.unwrap_or_else(|| temp.path().to_path_buf());
    println!(
        "| notes | MB | floor | cold build | repeated build | per edit (median / worst) | per line typed (median / worst) | peak memory (build) | watcher memory |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for &size in &args.sizes {
        let vault = work.join(format!("vault-{size}"));
        if !vault.exists() {
            support::generator::generate(&vault, size, 1)?;
        }
        // Files changed in the last two seconds are never cached, nor a
        // build of them recorded: the vault may have just been generated,
        // or edited by a run before.
        std::thread::sleep(Duration::from_millis(2_100));
        measure(&vault, size)?;
    }
    Ok(())
}

fn best_of(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    (0..runs).map(|_| f()).min().unwrap_or_default()
}

fn floor(vault: &Path, config: &Config) -> (Duration, u64) {
    let pages = vault.join(&config.output);
    let mut bytes = 0;
    let time = best_of(3, || {
        bytes = 0;
        let start = Instant::now();
        let notes = walkdir::WalkDir::new(vault)
            .into_iter()
            .filter_entry(|e| e.path() != pages)
            .flatten();
        for entry in notes {
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
                bytes += std::fs::read(entry.path()).map_or(0, |b| b.len() as u64);
            }
        }
        start.elapsed()
    });
    (time, bytes)
}

fn build(vault: &Path, config: &Config) -> Duration {
    let start = Instant::now();
    let built = pipeline::build(vault, config, clock());
    let took = start.elapsed();
    assert!(built.report.errors.is_empty(), "{:?}", built.report.errors);
    // The pass frees its plan on another core; `suivi build` exits without
    // waiting for that, but the next run here would share the core with it.
    // Every thread of the pool takes this job once done with its own.
    rayon::broadcast(|_| ());
    took
}

fn measure(vault: &Path, size: usize) -> anyhow::Result<()> {
    let config = Config::load(vault)?;
    let (floor, bytes) = floor(vault, &config);
    let cold = best_of(3, || {
        forget(vault, &config);
        build(vault, &config)
    });
    let repeated = best_of(3, || build(vault, &config));
    let (median, worst) = per_edit(vault, &config, |text, i| {
        text.replacen("topic: ", &format!("topic: edit {i} "), 1)
    });
    let (typed_median, typed_worst) = per_edit(vault, &config, |text, i| {
        format!("{text}\nA line typed during call {i}.\n")
    });
    let (peak, watcher) = memory(vault)?;
    let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64();
    #[expect(
        clippy::cast_precision_loss,
        reason = "shown in whole megabytes; f64 holds any byte count below 2^53 exactly"
    )]
    let megabytes = bytes as f64 / 1e6;
    println!(
        "| {size} | {:.0} | {} | {} ({:.1}×) | {} ({:.1}×) | {} / {} | {} / {} | {peak} MB | {watcher} MB |",
        megabytes,
        ms(floor),
        ms(cold),
        ratio(cold),
        ms(repeated),
        ratio(repeated),
        ms(median),
        ms(worst),
        ms(typed_median),
        ms(typed_worst),
    );
    Ok(())
}

/// Removes the pages and suivi's state: the state of a first run.
fn forget(vault: &Path, config: &Config) {
    let _ = std::fs::remove_dir_all(vault.join(&config.output));
    let _ = std::fs::remove_dir_all(vault.join(suivi::state_file::STATE_DIR));
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The watcher's work for one edited note, 100 times over different notes,
/// each edited by `edit` (given its text and the edit's number), then put back.
fn per_edit(
    vault: &Path,
    config: &Config,
    edit: impl Fn(&str, usize) -> String,
) -> (Duration, Duration) {
    let mut state = VaultState::load(vault, config);
    let mut last = LastPass::none(state.index(), clock())
        .next(&state, PageSet::ALL, clock())
        .0;
    let interviews: Vec<String> = state
        .notes
        .keys()
        .filter(|p| p.starts_with("Interviews/"))
        .step_by(7)
        .take(100)
        .map(std::string::ToString::to_string)
        .collect();
    let mut times = Vec::new();
    for (i, rel) in interviews.iter().enumerate() {
        let path = vault.join(rel);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let _ = std::fs::write(&path, edit(&text, i));
        let start = Instant::now();
        let changes = batch::changes([rel.as_str()], false, config, |_| Presence::File);
        // As the watcher does: no pass when the index's notes are unchanged,
        // else the last index refreshed when the edit leaves it valid, and
        // only the pages the edit can change rendered.
        let applied = state.apply(&changes);
        if !applied.is_empty() {
            last = last.after(&state, &applied, clock()).0;
        }
        times.push(start.elapsed());
        let _ = std::fs::write(&path, text);
    }
    times.sort();
    (
        times.get(times.len() / 2).copied().unwrap_or_default(),
        times.last().copied().unwrap_or_default(),
    )
}

/// Runs this benchmark again as a fresh process that only builds, so its
/// memory is the build's alone.
fn memory(vault: &Path) -> anyhow::Result<(u64, u64)> {
    let output = std::process::Command::new(std::env::current_exe()?)
        .arg("--memory-of")
        .arg(vault)
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut numbers = text.split_whitespace().filter_map(|w| w.parse().ok());
    Ok((numbers.next().unwrap_or(0), numbers.next().unwrap_or(0)))
}

fn memory_of(vault: &Path) -> anyhow::Result<()> {
    let config = Config::load(vault)?;
    forget(vault, &config);
    let state = VaultState::load(vault, &config);
    // What a watcher holds after its first pass: its notes and that pass.
    let last = LastPass::none(state.index(), clock()).next(&state, PageSet::ALL, clock());
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    // Peak of the whole build; resident once the watcher holds its notes.
    println!("{} {}", field("VmHWM:"), field("VmRSS:"));
    drop(last);
    Ok(())
}
