//! `suivi import FILE…`: person notes from exported contacts, without
//! duplicates. A dry run unless `--apply`; an applied import is one batch
//! of the journal, which `suivi undo` reverts at once.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Settings, report_build, terminal_safe};
use crate::editor::{self, Batch, Change};
use crate::import::{self, Contact, Fill, ImportPlan, Match};
use crate::issue::VaultIssue;
use crate::new_note::{self, NewKind, NewNote, Value};
use crate::note::Status;
use crate::pipeline;
use crate::watch::lock::Lock;

pub fn import(
    settings: &Settings,
    files: &[PathBuf],
    apply: bool,
    status: Option<&str>,
    out: &mut impl Write,
) -> Result<ExitCode> {
    if let Some(status) = status
        && !Status::ALL.iter().any(|(name, _)| *name == status)
    {
        let known: Vec<&str> = Status::ALL.iter().map(|(name, _)| *name).collect();
        bail!("--status {status:?}: use one of {}", known.join(", "));
    }
    // Every file is read before anything is said or written: one malformed
    // file stops the whole import.
    let mut contacts = Vec::new();
    let mut nameless = Vec::new();
    for file in files {
        let read =
            import::read(file).map_err(|e| anyhow::anyhow!(e.message(settings.config.lang)))?;
        nameless.extend(read.nameless.iter().map(|line| (file, *line)));
        contacts.extend(read.contacts);
    }
    for (file, line) in nameless {
        eprintln!(
            "suivi: {}:{line}: a contact without a name, left out",
            file.display()
        );
    }
    if apply && !settings.config.write_notes {
        bail!(
            "`write_notes = false` in .suivi.toml: suivi writes no note; set it to true to import, or run without --apply to see what it would do"
        );
    }
    let notes = pipeline::read_vault(&settings.root, &settings.config).notes;
    let plan = import::plan(&contacts, &import::known_people(&notes));
    // The note editor does not touch a note with a vault issue: its empty
    // properties wait until the issue is fixed, and the user is told which.
    let filled: BTreeSet<&str> = plan.fill.iter().map(|f| f.rel.as_str()).collect();
    let blocked: BTreeMap<String, VaultIssue> = (notes.into_iter())
        .filter(|note| filled.contains(&*note.path))
        .filter_map(|note| Some((note.path.to_string(), note.issues.into_iter().next()?)))
        .collect();
    // A file of the new note's name that is not a person note (a company
    // note in `People/`, a page without a type) is never written over.
    let (taken, mut notes): (Vec<NewPerson>, Vec<NewPerson>) = (plan.create.iter())
        .map(|contact| NewPerson::render(settings, contact, status))
        .partition(|note| settings.root.join(&note.rel).symlink_metadata().is_ok());
    let (held, mut fills): (Vec<&Fill>, Vec<&Fill>) =
        plan.fill.iter().partition(|f| blocked.contains_key(&f.rel));
    let held = Held {
        fills: held,
        issues: &blocked,
    };
    if !apply {
        show(&plan, &notes, &fills, false, out)?;
        held.show(out)?;
        show_taken(&taken, out)?;
        writeln!(
            out,
            "Nothing written: run again with --apply to write this."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let names: Vec<String> = (files.iter())
        .filter_map(|f| f.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    let batch = Batch::new(format!("import {}", names.join(" ")));
    let before = notes.len() + fills.len();
    notes.retain(|note| note.write(settings, &batch));
    fills.retain(|fill| write_fill(settings, fill, &batch));
    let failed = before - notes.len() - fills.len();
    show(&plan, &notes, &fills, true, out)?;
    held.show(out)?;
    show_taken(&taken, out)?;
    if failed > 0 {
        writeln!(
            out,
            "{} not written (see above); `suivi undo` removes what was.",
            count(failed, "change", "changes")
        )?;
    }
    if Lock::is_held(&settings.root) {
        if !settings.quiet {
            writeln!(out, "suivi watch is running: it updates the pages.")?;
        }
    } else {
        let built = pipeline::build(&settings.root, &settings.config, settings.clock);
        report_build(settings, &built, out)?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Empty properties not filled, their note having a vault issue.
struct Held<'a> {
    fills: Vec<&'a Fill>,
    issues: &'a BTreeMap<String, VaultIssue>,
}

impl Held<'_> {
    /// Each note once, its issue and the properties that wait for its fix.
    fn show(&self, out: &mut impl Write) -> Result<()> {
        if self.fills.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "Not filled: these notes have a vault issue, which suivi does not edit around; fix it, then import again:"
        )?;
        for (rel, issue) in self.issues {
            let keys: Vec<&str> = (self.fills.iter())
                .filter(|f| f.rel == *rel)
                .map(|f| f.key)
                .collect();
            writeln!(
                out,
                "  {}:{}: {} (waiting: {})",
                terminal_safe(rel),
                issue.line,
                terminal_safe(&issue.message),
                keys.join(", ")
            )?;
        }
        Ok(())
    }
}

/// The contacts whose note would take the name of a file that is there.
fn show_taken(taken: &[NewPerson], out: &mut impl Write) -> Result<()> {
    if taken.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "Not created: a file of that name is there and is not a person note (rename it, or give it `type: person`, then import again):"
    )?;
    for note in taken {
        let contact = note.contact;
        writeln!(
            out,
            "  {}  → {}  ({}:{})",
            terminal_safe(&contact.name),
            terminal_safe(&note.rel),
            terminal_safe(&contact.file.display().to_string()),
            contact.line
        )?;
    }
    Ok(())
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
            eprintln!(
                "suivi: {who}: not created: {}",
                terminal_safe(&error.to_string())
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
        eprintln!(
            "suivi: {}: `{}` not filled: {}",
            terminal_safe(&fill.rel),
            fill.key,
            terminal_safe(&error.to_string())
        );
    }
    recorded.is_ok()
}

/// What the import does, or would do.
fn show(
    plan: &ImportPlan,
    notes: &[NewPerson],
    fills: &[&Fill],
    applied: bool,
    out: &mut impl Write,
) -> Result<()> {
    let (create, fill) = if applied {
        ("Created", "Filled")
    } else {
        ("Would create", "Would fill")
    };
    let name = |c: &Contact| terminal_safe(&c.name);
    let place = |c: &Contact| terminal_safe(&format!("{}:{}", c.file.display(), c.line));
    writeln!(
        out,
        "{create} {}{}",
        count(notes.len(), "person note", "person notes"),
        colon(notes.len())
    )?;
    for note in notes {
        let contact = note.contact;
        let rel = terminal_safe(&note.rel);
        writeln!(out, "  {}  → {rel}  ({})", name(contact), place(contact))?;
    }
    let touched: BTreeSet<&str> = fills.iter().map(|f| f.rel.as_str()).collect();
    writeln!(
        out,
        "{fill} {} in {}{}",
        count(fills.len(), "empty property", "empty properties"),
        count(touched.len(), "existing note", "existing notes"),
        colon(fills.len())
    )?;
    for fill in fills {
        let value = terminal_safe(&value_text(&fill.value));
        writeln!(
            out,
            "  {}: {} = {value}",
            terminal_safe(&fill.rel),
            fill.key
        )?;
    }
    writeln!(
        out,
        "{} already in the vault, left as they are{}",
        count(plan.skipped.len(), "contact", "contacts"),
        colon(plan.skipped.len())
    )?;
    for skipped in &plan.skipped {
        let why = match &skipped.why {
            Match::Email => "same e-mail".to_owned(),
            Match::LinkedIn => "same LinkedIn profile".to_owned(),
            Match::Name => "same name".to_owned(),
            Match::Alias(alias) => format!("alias {:?}", terminal_safe(alias)),
        };
        let (who, rel) = (name(&skipped.contact), terminal_safe(&skipped.rel));
        writeln!(out, "  {who} → {rel} ({why})")?;
    }
    if !plan.merged.is_empty() {
        writeln!(out, "One person in two entries, taken once:")?;
        for (merged, into) in &plan.merged {
            writeln!(
                out,
                "  {} ({}), same as {} ({})",
                name(merged),
                place(merged),
                name(into),
                place(into)
            )?;
        }
    }
    if !plan.review.is_empty() {
        writeln!(
            out,
            "Possible duplicates, not created (add the spelling to the note's `aliases`, or create the note yourself):"
        )?;
        for review in &plan.review {
            let close: Vec<String> = (review.close.iter())
                .map(|(rel, known)| format!("{} ({})", terminal_safe(known), terminal_safe(rel)))
                .collect();
            writeln!(
                out,
                "  {} ~ {}  ({})",
                name(&review.contact),
                close.join(", "),
                place(&review.contact)
            )?;
        }
    }
    Ok(())
}

/// `1 note`, `2 notes`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A colon when a list follows, else a full stop.
fn colon(n: usize) -> &'static str {
    if n == 0 { "." } else { ":" }
}

/// A property value as its note holds it: a link as `[[Name]]`.
fn value_text(value: &Value) -> String {
    match value {
        Value::Link(name) => format!("[[{name}]]"),
        Value::Text(text) | Value::Plain(text) => text.clone(),
        Value::Links(names) => names.join(", "),
    }
}
