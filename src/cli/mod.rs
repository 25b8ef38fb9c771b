//! The command line: arguments become a resolved [`Settings`], then one
//! command runs and returns its exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::clock::Clock;
use crate::config::{self, Config, Lang};
use crate::describe;
use crate::i18n::{self, BuildCounts};
use crate::index::Index;
use crate::issue::VaultIssue;
use crate::new_note::{self, NewKind, NewNote, Value};
use crate::note::Direction;
use crate::pages;
use crate::pages::md;
use crate::pipeline::{self, Built, CacheUse, Plan};
use crate::reuse::LastPages;
use crate::rules::{self, Action};
use crate::starter;
use crate::summary::Summary;

mod import;
mod record;

/// Keeps the follow-ups of informational interviews from a folder of
/// markdown notes.
#[derive(Debug, Parser)]
#[command(name = "suivi", version, about)]
pub struct Cli {
    /// The vault folder (default: the nearest folder holding `.obsidian/` or
    /// `.suivi.toml`, from the current one up).
    #[arg(long, global = true, value_name = "DIR")]
    vault: Option<PathBuf>,
    /// Take this day as today (YYYY-MM-DD), at its start.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_day)]
    today: Option<NaiveDate>,
    /// Print only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print every page written and every issue.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a vault from the starter template; never overwrites a file.
    Init {
        /// Folder of the new vault (created if needed).
        dir: PathBuf,
        #[command(flatten)]
        no_vault: NoVault,
        /// Language of the templates, question bank and pages.
        #[arg(long, value_enum, default_value = "en")]
        lang: Lang,
        /// Add a small sample of people, companies and conversations, dated
        /// from today.
        #[arg(long)]
        sample: bool,
    },
    /// Create a note from the vault's template, properties filled from flags.
    #[command(after_long_help = NEW_EXAMPLES)]
    New {
        #[command(subcommand)]
        kind: NewCommand,
    },
    /// Write a sample vault into DIR if absent, build it, show what is due,
    /// and keep watching it until Ctrl-C.
    Demo {
        /// Folder of the sample vault (written if absent).
        #[arg(default_value = "suivi-demo")]
        dir: PathBuf,
        /// Language of the sample vault and its pages.
        #[arg(long, value_enum, default_value = "en")]
        lang: Lang,
        #[command(flatten)]
        no_vault: NoVault,
    },
    /// Read the vault, write the pages, print a summary.
    Build,
    /// Report vault issues as `file:line: message`; write nothing.
    Check,
    /// Build, then keep the pages current as notes change, until Ctrl-C.
    Watch {
        /// Poll the folder every SECS seconds (default 2) instead of using
        /// the system's notifications: for network drives and WSL.
        #[arg(long, value_name = "SECS", num_args = 0..=1, default_missing_value = "2")]
        poll: Option<f64>,
    },
    /// Record actions as done, in the notes (ids from `due` or `due --json`).
    #[command(after_long_help = DONE_EXAMPLES)]
    Done {
        /// Ids of actions due, in full or their first digits (at least 4).
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Log a message sent to someone or received from them, in the
    /// `touches` of their note (made from the Person template if they have
    /// none).
    #[command(after_long_help = LOG_EXAMPLES)]
    Log {
        /// Who: their name, as any note spells it, or one of their aliases.
        name: String,
        /// You sent the message.
        #[arg(
            long,
            required_unless_present = "received",
            conflicts_with = "received"
        )]
        out: bool,
        /// They sent it.
        #[arg(long = "in", id = "received")]
        received: bool,
        /// How: one word, like email, phone or linkedin.
        #[arg(long)]
        channel: Option<String>,
        /// What it was about, in a few words.
        #[arg(long)]
        note: Option<String>,
        /// When (default: today).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Pause someone's reminders until a day (`snooze_until` in their note).
    Snooze {
        /// Who: their name, as any note spells it, or one of their aliases.
        name: String,
        /// The day reminders come back.
        #[arg(
            long,
            value_name = "DATE",
            required_unless_present = "length",
            conflicts_with = "length"
        )]
        until: Option<String>,
        /// For how long: 10d, 2w, 3m.
        #[arg(long = "for", id = "length", value_name = "LENGTH")]
        length: Option<String>,
    },
    /// Revert the last edit suivi made to your notes (repeat for earlier
    /// ones), while the notes still hold it.
    Undo,
    /// Person notes from a `LinkedIn` `Connections.csv`, vCards or a Google
    /// Contacts CSV, without duplicates: shows what it would do unless
    /// `--apply`.
    Import {
        /// The exported files (`LinkedIn`, Google CSV, .vcf), told apart by
        /// their content.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Write the notes (undo reverts the whole import).
        #[arg(long)]
        apply: bool,
        /// Give the people created this `status` (they get none otherwise).
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
    },
    /// Print the actions due, grouped as on the Follow-ups page.
    #[command(after_long_help = DUE_EXAMPLES)]
    Due {
        /// Print a JSON array, for scripts.
        #[arg(long, conflicts_with = "ics")]
        json: bool,
        /// Print the actions as an iCalendar file (what `Suivi/Follow-ups.ics`
        /// holds), for a calendar app.
        #[arg(long)]
        ics: bool,
    },
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// A conversation: `Interviews/DATE CONTACT.md`.
    Interview {
        /// Who you talk to (repeat for a panel).
        #[arg(long, required = true)]
        contact: Vec<String>,
        /// When: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: today).
        #[arg(long)]
        date: Option<String>,
        /// Their organisation.
        #[arg(long)]
        company: Option<String>,
        /// Their job.
        #[arg(long)]
        role: Option<String>,
        /// The mutual contact who sent you to them.
        #[arg(long, value_name = "NAME")]
        referred_by: Option<String>,
        /// What the conversation is about; the thank-you's subject recalls it.
        #[arg(long)]
        topic: Option<String>,
        /// How you meet: coffee, phone, video, lunch, visit…
        #[arg(long)]
        channel: Option<String>,
    },
    /// A person: `People/NAME.md`.
    Person {
        /// Their name, which becomes the note's file name.
        name: String,
        /// Their organisation.
        #[arg(long)]
        company: Option<String>,
        /// Their job.
        #[arg(long)]
        role: Option<String>,
        /// The mutual contact who gave you their name.
        #[arg(long, value_name = "NAME")]
        referred_by: Option<String>,
        /// Their email address: the drafts' `mailto:` links use it.
        #[arg(long)]
        email: Option<String>,
    },
    /// A company: `Companies/NAME.md`.
    Company {
        /// Its name, which becomes the note's file name.
        name: String,
        /// Its web site.
        #[arg(long)]
        website: Option<String>,
        /// Its industry.
        #[arg(long)]
        industry: Option<String>,
        /// A company you would like to work for.
        #[arg(long)]
        target: bool,
    },
}

const NEW_EXAMPLES: &str = "Examples:
  suivi new interview --contact \"Paul Martin\" --date 2026-11-25T14:30 --company Acme --role \"Data engineer\"
  suivi new interview --contact \"Ana Ruiz\" --contact \"Ben Oko\" --topic \"moving into data\"
  suivi new person \"Marie Curie\" --company Acme --referred-by \"Paul Martin\"
  suivi new company Acme --target --website https://acme.example";

const DUE_EXAMPLES: &str = "Examples:
  suivi due                     what to do, grouped Overdue / Due now / This week / Later
  suivi due --today 2026-12-01  as it will stand on that day
  suivi due --json | jq '.[] | select(.overdue)'";

const DONE_EXAMPLES: &str = "Examples:
  suivi due                     each action shows its id, like 3f2a1b9
  suivi done 3f2a1b9            the thank-you sent: thank_you_sent on the conversation
  suivi done 3f2a 8c01          several at once (enough digits to name one each)
  suivi undo                    changed your mind: the notes as they were";

const LOG_EXAMPLES: &str = "Examples:
  suivi log \"Paul Martin\" --out --channel email --note \"sent my CV\"
  suivi log paul --in --channel phone --date 2026-11-28
  suivi undo                    the touch removed again";

/// `--vault` where it means nothing: a command that takes its folder as
/// DIR. Hidden from the help, and refused with a word on what to give.
#[derive(Debug, clap::Args)]
struct NoVault {
    #[arg(long, hide = true, value_name = "DIR", value_parser = refuse_vault)]
    vault: Option<PathBuf>,
}

fn refuse_vault(_: &str) -> Result<PathBuf, String> {
    Err("this command takes the vault's folder as DIR, not --vault".to_owned())
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date like 2026-11-20"))
}

/// What a command runs on, resolved from the arguments and the vault.
pub struct Settings {
    pub root: PathBuf,
    pub config: Config,
    /// The day given with `--today`, if any.
    pub today: Option<NaiveDate>,
    pub clock: Clock,
    pub quiet: bool,
    pub verbose: bool,
}

impl Settings {
    fn resolve(cli: &Cli) -> Result<Settings> {
        let root = if let Some(dir) = &cli.vault {
            dir.clone()
        } else {
            let here = std::env::current_dir().context("cannot read the current folder")?;
            config::discover_root(&here).with_context(|| {
                format!(
                    "no vault here: no folder from {} up holds `.obsidian/` or `.suivi.toml`. \
                     Give the vault with --vault DIR, or create one with `suivi init DIR`",
                    here.display()
                )
            })?
        };
        if !root.exists() {
            bail!(
                "{}: the folder does not exist (create a vault there with `suivi init {}`)",
                root.display(),
                root.display()
            );
        }
        if !root.is_dir() {
            bail!(
                "{}: not a folder (give the vault's folder with --vault DIR)",
                root.display()
            );
        }
        let config = Config::load(&root)?;
        Ok(Settings {
            root,
            config,
            today: cli.today,
            clock: clock(cli.today),
            quiet: cli.quiet,
            verbose: cli.verbose,
        })
    }
}

/// The day given, taken at its start, or the local date and time.
fn clock(today: Option<NaiveDate>) -> Clock {
    if let Some(day) = today {
        Clock::on(day)
    } else {
        let now = Local::now().naive_local();
        Clock {
            today: now.date(),
            now: Some(now.time()),
        }
    }
}

/// Exit codes: 0 all well, 1 the vault has issues, 2 usage or I/O error.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        // A reader that stops early (`suivi due | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("suivi: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    let settings = || Settings::resolve(cli);
    let out = &mut std::io::stdout().lock();
    match &cli.command {
        Command::Init {
            dir, lang, sample, ..
        } => init(cli, dir, *lang, *sample),
        Command::Demo { dir, lang, .. } => demo(cli, dir, *lang),
        Command::Build => {
            let s = settings()?;
            let built = pipeline::build(&s.root, &s.config, s.clock);
            report_build(&s, &built, out)
        }
        Command::Check => {
            let s = settings()?;
            let summary = pipeline::summarize(&s.root, &s.config, s.clock);
            check(&s, &summary, out)
        }
        Command::Due { json, ics } => {
            let s = settings()?;
            let plan = pipeline::plan(&s.root, &s.config, s.clock, CacheUse::ReadOnly);
            let format = match (json, ics) {
                (true, _) => DueFormat::Json,
                (_, true) => DueFormat::Ics,
                _ => DueFormat::Terminal,
            };
            let listed = due(&s, &plan, format, out);
            plan.free_aside();
            listed
        }
        Command::Watch { poll } => watch(&settings()?, *poll, || Ok(())),
        Command::Done { ids } => record::done(&settings()?, ids, out),
        Command::Log {
            name,
            out: sent,
            received: _,
            channel,
            note,
            date,
        } => {
            let logged = record::Logged {
                name,
                dir: if *sent { Direction::Out } else { Direction::In },
                channel: channel.as_deref(),
                note: note.as_deref(),
                date: date.as_deref(),
            };
            record::log(&settings()?, &logged, out)
        }
        Command::Snooze {
            name,
            until,
            length,
        } => record::snooze(&settings()?, name, until.as_deref(), length.as_deref(), out),
        Command::Undo => record::undo(&settings()?, out),
        Command::Import {
            files,
            apply,
            status,
        } => import::import(&settings()?, files, *apply, status.as_deref(), out),
        Command::New { kind } => new(&settings()?, kind, out),
    }
}

fn init(cli: &Cli, dir: &Path, lang: Lang, sample: bool) -> Result<ExitCode> {
    let today = clock(cli.today).today;
    let report = starter::init(dir, lang, sample, today)
        .with_context(|| (i18n::words(lang).cli.cannot_write_vault)(&dir.display().to_string()))?;
    if !cli.quiet {
        let said = &i18n::words(lang).cli;
        let shown = dir.display().to_string();
        println!("{}", (said.init_written)(report.written.len(), &shown));
        for skipped in &report.skipped {
            println!("{}", (said.init_skipped)(&skipped.display().to_string()));
        }
        println!("{}", (said.init_next)(&shown));
    }
    Ok(ExitCode::SUCCESS)
}

fn demo(cli: &Cli, dir: &Path, lang: Lang) -> Result<ExitCode> {
    let today = clock(cli.today).today;
    let shown = dir.display().to_string();
    if dir.exists() {
        let config = Config::load(dir)?;
        println!("{}", (i18n::words(config.lang).cli.demo_reused)(&shown));
    } else {
        starter::init(dir, lang, true, today)
            .with_context(|| (i18n::words(lang).cli.cannot_write_sample)(&shown))?;
        println!("{}", (i18n::words(lang).cli.demo_wrote)(&shown));
    }
    let config = Config::load(dir)?;
    let said = &i18n::words(config.lang).cli;
    let settings = Settings {
        root: dir.to_path_buf(),
        today: cli.today,
        clock: clock(cli.today),
        config,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let plan = pipeline::plan(
        &settings.root,
        &settings.config,
        settings.clock,
        CacheUse::Update,
    );
    let built = Built {
        summary: plan.summary(),
        report: pipeline::write(&plan, &settings.config, LastPages::default()),
        ticks: Vec::new(),
    };
    let out = &mut std::io::stdout().lock();
    report_build(&settings, &built, out)?;
    let pages = dir.join(&settings.config.output).display().to_string();
    writeln!(out, "{}", (said.demo_pages)(&pages))?;
    for (_, file_name, _) in &built.report.left {
        writeln!(out, "  {file_name}")?;
    }
    writeln!(out)?;
    print_due(&settings, &plan, out)?;
    out.flush()?;
    // Said only once the watcher listens: a Ctrl-C before that would not
    // stop it cleanly.
    watch(&settings, None, || {
        let out = &mut std::io::stdout().lock();
        writeln!(out, "{}", (said.demo_watching)(&shown))?;
        Ok(out.flush()?)
    })
}

fn new(settings: &Settings, kind: &NewCommand, out: &mut impl Write) -> Result<ExitCode> {
    let today = settings.clock.today;
    let text = |v: &Option<String>| v.clone().map(Value::Text);
    let link = |v: &Option<String>| v.clone().map(Value::Link);
    let (kind, title, date, properties) = match kind {
        NewCommand::Interview {
            contact,
            date,
            company,
            role,
            referred_by,
            topic,
            channel,
        } => {
            let when = match date {
                Some(text) => crate::note::parse_when(text)
                    .with_context(|| (i18n::words(settings.config.lang).cli.bad_when)(text))?,
                None => crate::note::When {
                    date: today,
                    time: None,
                },
            };
            let written = date.clone().unwrap_or_else(|| today.to_string());
            let title = format!("{} {}", when.date, contact.join(", "));
            let properties = vec![
                ("contact", Some(Value::Links(contact.clone()))),
                ("date", Some(Value::Plain(written))),
                ("company", link(company)),
                ("role", text(role)),
                ("referred_by", link(referred_by)),
                ("topic", text(topic)),
                ("channel", text(channel)),
            ];
            (NewKind::Interview, title, when.date, properties)
        }
        NewCommand::Person {
            name,
            company,
            role,
            referred_by,
            email,
        } => (
            NewKind::Person,
            name.clone(),
            today,
            vec![
                ("company", link(company)),
                ("role", text(role)),
                ("referred_by", link(referred_by)),
                ("email", text(email)),
            ],
        ),
        NewCommand::Company {
            name,
            website,
            industry,
            target,
        } => (
            NewKind::Company,
            name.clone(),
            today,
            vec![
                ("website", text(website)),
                ("industry", text(industry)),
                ("target", Some(Value::Plain(target.to_string()))),
            ],
        ),
    };
    let note = NewNote {
        kind,
        title,
        date,
        properties: properties
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect(),
    };
    let rel = new_note::create(&settings.root, &settings.config, &note)
        .map_err(|e| anyhow::anyhow!(e.message(settings.config.lang)))?;
    writeln!(out, "{}", rel.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Each issue as `file:line: message`.
fn print_issues(issues: &[VaultIssue], out: &mut impl Write) -> Result<()> {
    for issue in issues {
        let (path, message) = (terminal_safe(&issue.path), terminal_safe(&issue.message));
        writeln!(out, "{path}:{}: {message}", issue.line)?;
    }
    Ok(())
}

fn check(settings: &Settings, summary: &Summary, out: &mut impl Write) -> Result<ExitCode> {
    print_issues(&summary.issues, out)?;
    if !settings.quiet {
        let lang = settings.config.lang;
        let said = (i18n::words(lang).cli.check_summary)(summary.issues.len(), summary.notes_read);
        eprintln!("{said}");
    }
    Ok(issues_code(&summary.issues))
}

/// How `due` prints the actions.
#[derive(Clone, Copy)]
enum DueFormat {
    Terminal,
    Json,
    Ics,
}

fn due(
    settings: &Settings,
    plan: &Plan,
    format: DueFormat,
    out: &mut impl Write,
) -> Result<ExitCode> {
    match format {
        DueFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &json_actions(settings, plan))?;
            writeln!(out)?;
        }
        DueFormat::Ics => {
            let today = settings.clock.today;
            let calendar = pages::calendar(&plan.index, &plan.actions, &settings.config, today);
            out.write_all(calendar.as_bytes())?;
        }
        DueFormat::Terminal => print_due(settings, plan, out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn watch(
    settings: &Settings,
    poll: Option<f64>,
    ready: impl FnOnce() -> Result<()>,
) -> Result<ExitCode> {
    let level = match (settings.quiet, settings.verbose) {
        (true, _) => tracing::Level::WARN,
        (false, true) => tracing::Level::DEBUG,
        (false, false) => tracing::Level::INFO,
    };
    crate::watch::log::init(
        level,
        std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        settings.config.lang,
    );
    let poll = match poll {
        Some(secs) if !(0.05..=3600.0).contains(&secs) => {
            bail!(i18n::words(settings.config.lang).cli.bad_poll)
        }
        Some(secs) => Some(std::time::Duration::from_secs_f64(secs)),
        None => None,
    };
    let today = settings.today;
    crate::watch::run(
        &settings.root,
        &settings.config,
        crate::watch::Options {
            poll,
            hold_pass: held_pass(),
        },
        || clock(today),
        ready,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `SUIVI_HOLD_PASS_MS`: how long each of the watcher's passes waits before
/// it reads the changes, so that a test can act while a pass is running.
fn held_pass() -> Option<std::time::Duration> {
    let ms = std::env::var("SUIVI_HOLD_PASS_MS").ok()?.parse().ok()?;
    Some(std::time::Duration::from_millis(ms))
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// 0 when every note was recorded, 2 when one was not.
fn recorded_code(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

fn issues_code(issues: &[VaultIssue]) -> ExitCode {
    if issues.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn report_build(settings: &Settings, built: &Built, out: &mut impl Write) -> Result<ExitCode> {
    let Built {
        summary,
        report,
        ticks,
    } = built;
    let lang = settings.config.lang;
    let said = &i18n::words(lang).cli;
    for tick in ticks {
        let id = tick.id.short();
        match &tick.recorded {
            Ok(what) => {
                let what = terminal_safe(&what.to_string());
                writeln!(out, "{}", (said.tick_recorded)(&id, &what))?;
            }
            Err(why) => {
                let why = terminal_safe(why);
                eprintln!("suivi: {}", (said.tick_not_recorded)(&id, &why));
            }
        }
    }
    for error in &report.errors {
        eprintln!("suivi: {}", (said.page_not_written)(&terminal_safe(error)));
    }
    if settings.verbose {
        for page in &report.written {
            let path = format!("{}/{page}", settings.config.output);
            writeln!(out, "{}", (said.page_written)(&path))?;
        }
        print_issues(&summary.issues, out)?;
    }
    if !settings.quiet {
        let output = &settings.config.output;
        let (written, unchanged) = (report.written.len(), report.unchanged.len());
        let counts = BuildCounts {
            notes: summary.notes_read,
            conversations: summary.conversations,
            people: summary.people,
            companies: summary.companies,
            actions: summary.actions,
            overdue: summary.overdue,
            written,
            unchanged,
            output,
        };
        writeln!(out, "{}", (said.build_summary)(&counts))?;
        if !summary.issues.is_empty() {
            let page = format!("{output}/{}.md", i18n::words(lang).vault_issues);
            writeln!(out, "{}", (said.issues_hint)(summary.issues.len(), &page))?;
        }
        // A page not written is named here, not left to the issues page.
        let in_output = format!("{}/", settings.config.output);
        let blocked = (summary.issues.iter()).filter(|i| i.path.starts_with(&in_output));
        for issue in blocked {
            let (path, message) = (terminal_safe(&issue.path), terminal_safe(&issue.message));
            writeln!(out, "{path}: {message}")?;
        }
    }
    if !report.errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    Ok(issues_code(&summary.issues))
}

/// Removes what could drive a terminal (escape sequences, bidi overrides)
/// from text that comes from notes.
fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || md::is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn plain_reason(settings: &Settings, index: &Index, action: &Action) -> String {
    describe::plain_reason(settings.config.lang, index, action)
}

#[derive(Serialize)]
struct JsonAction<'a> {
    id: String,
    kind: &'static str,
    person: &'a str,
    due: String,
    overdue: bool,
    note: &'a str,
    reason: String,
    through: Option<&'a str>,
}

fn json_actions<'a>(settings: &Settings, plan: &'a Plan) -> Vec<JsonAction<'a>> {
    plan.actions
        .iter()
        .map(|action| JsonAction {
            id: action.id().full(),
            kind: action.kind.as_str(),
            person: plan.index.person_name(&action.person),
            due: action.due.to_string(),
            overdue: action.overdue,
            note: &action.note,
            reason: plain_reason(settings, &plan.index, action),
            through: action.through.as_deref().map(|k| plan.index.person_name(k)),
        })
        .collect()
}

fn print_due(settings: &Settings, plan: &Plan, out: &mut impl Write) -> Result<()> {
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let w = i18n::words(settings.config.lang);
    if plan.actions.is_empty() {
        if plan.index.conversations.is_empty() {
            let config = &settings.config;
            let said =
                i18n::first_steps(config.lang, &config.folders.interviews, &config.templates);
            writeln!(out, "{}", terminal_safe(&said))?;
        } else {
            writeln!(out, "{}", w.nothing_due)?;
        }
        return Ok(());
    }
    let titles = [
        (w.overdue, "1;31"),
        (w.due_now, "1;33"),
        (w.this_week, "1"),
        (w.later, "1"),
    ];
    for ((title, code), group) in titles.into_iter().zip(rules::groups(
        &plan.actions,
        &settings.config.rules,
        settings.clock,
    )) {
        let group = &plan.actions[group];
        if group.is_empty() {
            continue;
        }
        writeln!(
            out,
            "{}",
            paint(code, &format!("{title} ({})", group.len()))
        )?;
        for action in group {
            writeln!(
                out,
                "  {}  {}  {} · {}\n      {}\n      {}",
                paint("2", &action.id().short()),
                action.due,
                describe::kind_label(w, action.kind),
                paint("1", &terminal_safe(plan.index.person_name(&action.person))),
                terminal_safe(&plain_reason(settings, &plan.index, action)),
                paint("2", &terminal_safe(&action.note)),
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Every flag and argument of every command, for `--help`.
    #[test]
    fn help_describes_every_flag() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !builtin && !arg.is_hide_set() && arg.get_help().is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut command = Cli::command();
        command.build();
        let mut missing = Vec::new();
        walk(&command, "suivi", &mut missing);
        assert_eq!(missing, Vec::<String>::new());
    }
}
