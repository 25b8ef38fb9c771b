//! `suivi import FILE…`: person notes from exported contacts, without
//! duplicates. A dry run unless `--apply`; an applied import is one batch
//! of the journal, which `suivi undo` reverts at once.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Settings, recorded_code, report_build, terminal_safe};
use crate::config::Lang;
use crate::editor::{self, Batch, Change};
use crate::i18n::words;
use crate::import::{self, Contact, Fill};
use crate::issue::VaultIssue;
use crate::new_note::{self, NewKind, NewNote, Value};
use crate::note::Status;
use crate::pipeline;
use crate::watch::lock::Lock;

mod report;

/// `suivi import FILE… [--apply] [--status S]`: exit 0 when all was written
/// (or shown), 2 for a file that cannot be read, a refused argument, or a
/// write that failed.
pub fn import(
    settings: &Settings,
    files: &[PathBuf],
    apply: bool,
    status: Option<&str>,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let lang = settings.config.lang;
    if let Some(status) = status
        && !Status::ALL.iter().any(|(name, _)| *name == status)
    {
        let known: Vec<&str> = Status::ALL.iter().map(|(name, _)| *name).collect();
        let known = known.join(", ");
        bail!((words(lang).import.bad_status)(status, &known));
    }
    let contacts = read_files(files, lang)?;
    if apply && !settings.config.write_notes {
        bail!(words(lang).import.write_notes_off);
    }
    let notes = pipeline::read_vault(&settings.root, &settings.config).notes;
    let plan = import::plan(&contacts, &import::known_people(&notes));
    // The note editor does not touch a note with a vault issue: its empty
    // properties wait until the issue is fixed, and the user is told which.
    let filled: BTreeSet<&str> = plan.fill.iter().map(|f| f.rel.as_str()).collect();
    let issues: BTreeMap<String, VaultIssue> = (notes.into_iter())
        .filter(|note| filled.contains(&*note.path))
        .filter_map(|note| Some((note.path.to_string(), note.issues.into_iter().next()?)))
        .collect();
    // A file of the new note's name that is not a person note (a company
    // note in `People/`, a page without a type) is never written over.
    let (taken, mut notes): (Vec<NewPerson>, Vec<NewPerson>) = (plan.create.iter())
        .map(|contact| NewPerson::render(settings, contact, status))
        .partition(|note| settings.root.join(&note.rel).symlink_metadata().is_ok());
    let (held, mut to_fill): (Vec<&Fill>, Vec<&Fill>) =
        plan.fill.iter().partition(|f| issues.contains_key(&f.rel));
    let mut failed = 0;
    if apply {
        let names: Vec<String> = (files.iter())
            .filter_map(|f| f.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        let batch = Batch::new(format!("import {}", names.join(" ")));
        let before = notes.len() + to_fill.len();
        notes.retain(|note| note.write(settings, &batch));
        to_fill.retain(|fill| write_fill(settings, fill, &batch));
        failed = before - notes.len() - to_fill.len();
    }
    if !settings.quiet {
        let report = report::Report {
            plan: &plan,
            notes: &notes,
            fills: &to_fill,
            held: &held,
            issues: &issues,
            taken: &taken,
            applied: apply,
            lang,
        };
        report.write(out)?;
        if !apply {
            let said = report::nothing_written(lang, notes.len(), to_fill.len());
            writeln!(out, "{said}")?;
        }
    }
    if !apply {
        return Ok(ExitCode::SUCCESS);
    }
    if failed > 0 {
        eprintln!("suivi: {}", report::not_written(lang, failed));
    }
    if Lock::is_held(&settings.root) {
        if !settings.quiet {
            writeln!(out, "{}", words(lang).cli.watch_updates)?;
        }
    } else {
        let built = pipeline::build(&settings.root, &settings.config, settings.clock);
        report_build(settings, &built, out)?;
    }
    Ok(recorded_code(failed))
}

/// The contacts of every file, in order. Every file is read before
/// anything is said or written: one malformed file stops the whole import.
fn read_files(files: &[PathBuf], lang: Lang) -> Result<Vec<Contact>> {
    let mut contacts = Vec::new();
    let mut nameless = Vec::new();
    for file in files {
        let read = import::read(file).map_err(|e| anyhow::anyhow!(e.message(lang)))?;
        nameless.extend(read.nameless.iter().map(|line| (file, *line)));
        contacts.extend(read.contacts);
    }
    for (file, line) in nameless {
        let place = format!("{}:{line}", file.display());
        eprintln!("suivi: {}", report::nameless(lang, &place));
    }
    Ok(contacts)
}

/// A person note the import creates, rendered from the vault's template.
struct NewPerson<'a> {
    contact: &'a Contact,
    /// Vault-relative, `/`-separated.
    rel: String,
    text: String,
}

impl<'a> NewPerson<'a> {
    fn render(settings: &Settings, contact: &'a Contact, status: Option<&str>) -> Self {
        let mut properties = import::properties(contact, status);
        // Contacts, not people to meet: the template's own status goes.
        if status.is_none() {
            properties.push(("status", Value::Plain(String::new())));
        }
        let new = NewNote {
            kind: NewKind::Person,
            title: contact.name.clone(),
            date: settings.clock.today,
            properties,
        };
        let (rel, text) = new_note::render(&settings.root, &settings.config, &new);
        let rel = rel.to_string_lossy().replace('\\', "/");
        NewPerson { contact, rel, text }
    }

    /// Creates the note through the note editor; false (and said) if it
    /// could not be.
    fn write(&self, settings: &Settings, batch: &Batch) -> bool {
        let created = editor::create(
            &settings.root,
            &settings.config,
            &self.rel,
            &self.text,
            batch,
        );
        if let Err(error) = &created {
            let who = terminal_safe(&self.contact.name);
            let not = words(settings.config.lang).import.not_created;
            eprintln!(
                "suivi: {who}: {not}: {}",
                terminal_safe(&error.message(settings.config.lang))
            );
        }
        created.is_ok()
    }
}

/// Fills one empty property through the note editor; false (and said) if
/// it could not be.
fn write_fill(settings: &Settings, fill: &Fill, batch: &Batch) -> bool {
    let change = Change::SetProperty {
        key: fill.key.to_owned(),
        value: value_text(&fill.value),
    };
    let recorded = editor::record(&settings.root, &settings.config, &fill.rel, &change, batch);
    if let Err(error) = &recorded {
        let not = words(settings.config.lang).import.not_filled;
        eprintln!(
            "suivi: {}: `{}` {not}: {}",
            terminal_safe(&fill.rel),
            fill.key,
            terminal_safe(&error.message(settings.config.lang))
        );
    }
    recorded.is_ok()
}

/// A property value as its note holds it: a link as `[[Name]]`.
fn value_text(value: &Value) -> String {
    match value {
        Value::Link(name) => format!("[[{name}]]"),
        Value::Text(text) | Value::Plain(text) => text.clone(),
        Value::Links(names) => names.join(", "),
    }
}
