//! `suivi import FILE…`: person notes from exported contacts, without
//! duplicates. A dry run unless `--apply`; an applied import is one batch
//! of the journal, which `suivi undo` reverts at once.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Settings, recorded_code, report_build, terminal_safe};
use crate::editor::{self, Batch, Change};
use crate::import::{self, Contact, ImportPlan, Match};
use crate::new_note::{self, NewKind, NewNote, Value};
use crate::note::Status;
use crate::pipeline;

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
    let mut contacts = Vec::new();
    for file in files {
        let read =
            import::read(file).map_err(|e| anyhow::anyhow!(e.message(settings.config.lang)))?;
        for line in &read.nameless {
            eprintln!(
                "suivi: {}:{line}: a contact without a name, left out",
                file.display()
            );
        }
        contacts.extend(read.contacts);
    }
    let notes = pipeline::read_vault(&settings.root, &settings.config).notes;
    let plan = import::plan(&contacts, &import::known_people(&notes));
    drop(notes);
    show(&plan, apply, out)?;
    if !apply {
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
    let failed = write(settings, &plan, status, &batch);
    let built = pipeline::build(&settings.root, &settings.config, settings.clock);
    report_build(settings, &built, out)?;
    Ok(recorded_code(failed))
}

/// What the import does, or would do.
fn show(plan: &ImportPlan, apply: bool, out: &mut impl Write) -> Result<()> {
    let (create, fill) = if apply {
        ("Created", "Filled")
    } else {
        ("Would create", "Would fill")
    };
    let name = |c: &Contact| terminal_safe(&c.name);
    let place = |c: &Contact| format!("{}:{}", c.file.display(), c.line);
    writeln!(out, "{create} {} person note(s):", plan.create.len())?;
    for contact in &plan.create {
        writeln!(out, "  {}  ({})", name(contact), place(contact))?;
    }
    writeln!(
        out,
        "{fill} {} empty propert(ies) of existing notes:",
        plan.fill.len()
    )?;
    for fill in &plan.fill {
        let value = terminal_safe(&value_text(&fill.value));
        writeln!(
            out,
            "  {}: {} = {value}",
            terminal_safe(&fill.rel),
            fill.key
        )?;
    }
    writeln!(out, "Already known, skipped: {}", plan.skipped.len())?;
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
    if !plan.review.is_empty() {
        writeln!(
            out,
            "Possible duplicates, not created (add the spelling to the note's `aliases`, or create the note yourself):"
        )?;
        for review in &plan.review {
            let close: Vec<String> = (review.close.iter())
                .map(|(rel, known)| format!("{} ({})", terminal_safe(known), terminal_safe(rel)))
                .collect();
            writeln!(out, "  {} ~ {}", name(&review.contact), close.join(", "))?;
        }
    }
    Ok(())
}

/// Writes the plan through the note editor; tells how many writes failed.
fn write(settings: &Settings, plan: &ImportPlan, status: Option<&str>, batch: &Batch) -> usize {
    let (root, config) = (&settings.root, &settings.config);
    let mut failed = 0;
    for contact in &plan.create {
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
        let (rel, text) = new_note::render(root, config, &new);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if let Err(error) = editor::create(root, config, &rel, &text, batch) {
            failed += 1;
            eprintln!("suivi: {}", terminal_safe(&error.to_string()));
        }
    }
    for fill in &plan.fill {
        let change = Change::SetProperty {
            key: fill.key.to_owned(),
            value: value_text(&fill.value),
        };
        if let Err(error) = editor::record(root, config, &fill.rel, &change, batch) {
            failed += 1;
            eprintln!("suivi: {}", terminal_safe(&error.to_string()));
        }
    }
    failed
}

/// A property value as its note holds it: a link as `[[Name]]`.
fn value_text(value: &Value) -> String {
    match value {
        Value::Link(name) => format!("[[{name}]]"),
        Value::Text(text) | Value::Plain(text) => text.clone(),
        Value::Links(names) => names.join(", "),
    }
}
