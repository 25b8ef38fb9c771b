//! What `suivi import` says: the plan on a dry run, what was done with
//! `--apply`, in the vault's language. Every name and value comes from a
//! contact file or a note and is made terminal-safe here.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use anyhow::Result;

use super::{NewPerson, value_text};
use crate::cli::terminal_safe;
use crate::config::Lang;
use crate::i18n::{ImportWords, words};
use crate::import::{Contact, Fill, ImportPlan, Match};
use crate::issue::VaultIssue;

/// Everything an import shows, sorted as the plan is.
pub(super) struct Report<'a> {
    pub plan: &'a ImportPlan,
    /// The notes created, or to create.
    pub notes: &'a [NewPerson<'a>],
    /// The properties filled, or to fill.
    pub fills: &'a [&'a Fill],
    /// Fills held back: their note has a vault issue.
    pub held: &'a [&'a Fill],
    pub issues: &'a BTreeMap<String, VaultIssue>,
    /// New notes whose file name is taken by a file that is not a person note.
    pub taken: &'a [NewPerson<'a>],
    pub applied: bool,
    pub lang: Lang,
}

impl Report<'_> {
    pub fn write(&self, out: &mut impl Write) -> Result<()> {
        self.created(out)?;
        self.filled(out)?;
        self.skipped(out)?;
        self.merged(out)?;
        self.review(out)?;
        self.held(out)?;
        self.taken(out)?;
        Ok(())
    }

    fn said(&self) -> &'static ImportWords {
        &words(self.lang).import
    }

    fn created(&self, out: &mut impl Write) -> Result<()> {
        let n = self.notes.len();
        let heading = (self.said().created)(self.applied, n);
        writeln!(out, "{heading}{}", self.colon(n))?;
        for note in self.notes {
            writeln!(out, "  {}", new_note_line(note))?;
        }
        Ok(())
    }

    fn filled(&self, out: &mut impl Write) -> Result<()> {
        let n = self.fills.len();
        let notes = (self.fills.iter())
            .map(|f| f.rel.as_str())
            .collect::<BTreeSet<_>>()
            .len();
        let heading = (self.said().filled)(self.applied, n, notes);
        writeln!(out, "{heading}{}", self.colon(n))?;
        for fill in self.fills {
            let value = terminal_safe(&value_text(&fill.value));
            writeln!(
                out,
                "  {}: {} = {value}",
                terminal_safe(&fill.rel),
                fill.key
            )?;
        }
        Ok(())
    }

    fn skipped(&self, out: &mut impl Write) -> Result<()> {
        let n = self.plan.skipped.len();
        let heading = (self.said().skipped)(n);
        writeln!(out, "{heading}{}", self.colon(n))?;
        for skipped in &self.plan.skipped {
            let why = match &skipped.why {
                Match::Email => self.said().same_email.to_owned(),
                Match::LinkedIn => self.said().same_linkedin.to_owned(),
                Match::Name => self.said().same_name.to_owned(),
                Match::Alias(alias) => format!("alias {:?}", terminal_safe(alias)),
            };
            let (who, rel) = (name(&skipped.contact), terminal_safe(&skipped.rel));
            writeln!(out, "  {who} → {rel} ({why})")?;
        }
        Ok(())
    }

    fn merged(&self, out: &mut impl Write) -> Result<()> {
        if self.plan.merged.is_empty() {
            return Ok(());
        }
        writeln!(out, "{}", self.said().merged)?;
        let same = self.said().same_as;
        for (merged, into) in &self.plan.merged {
            writeln!(
                out,
                "  {} ({}), {same} {} ({})",
                name(merged),
                place(merged),
                name(into),
                place(into)
            )?;
        }
        Ok(())
    }

    fn review(&self, out: &mut impl Write) -> Result<()> {
        if self.plan.review.is_empty() {
            return Ok(());
        }
        writeln!(out, "{}", self.said().review)?;
        for review in &self.plan.review {
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
        Ok(())
    }

    /// Each held note once, its issue and the properties waiting for its fix.
    fn held(&self, out: &mut impl Write) -> Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        writeln!(out, "{}", self.said().held)?;
        let waiting = self.said().waiting;
        for (rel, issue) in self.issues {
            let keys: Vec<&str> = (self.held.iter())
                .filter(|f| f.rel == *rel)
                .map(|f| f.key)
                .collect();
            writeln!(
                out,
                "  {}:{}: {} ({waiting} {})",
                terminal_safe(rel),
                issue.line,
                terminal_safe(&issue.message),
                keys.join(", ")
            )?;
        }
        Ok(())
    }

    fn taken(&self, out: &mut impl Write) -> Result<()> {
        if self.taken.is_empty() {
            return Ok(());
        }
        writeln!(out, "{}", self.said().taken)?;
        for note in self.taken {
            writeln!(out, "  {}", new_note_line(note))?;
        }
        Ok(())
    }

    /// A colon when a list follows, else a full stop.
    fn colon(&self, n: usize) -> &'static str {
        if n == 0 { "." } else { self.said().colon }
    }
}

/// What the dry run ends with: the counts again, below a long listing.
pub(super) fn nothing_written(lang: Lang, notes: usize, fills: usize) -> String {
    (words(lang).import.nothing_written)(notes, fills)
}

/// After an `--apply` that some writes failed.
pub(super) fn not_written(lang: Lang, failed: usize) -> String {
    (words(lang).import.not_written)(failed)
}

/// An entry of a file that names nobody.
pub(super) fn nameless(lang: Lang, place: &str) -> String {
    let said = words(lang).import.nameless;
    format!("{}: {said}", terminal_safe(place))
}

/// `Name  → People/Name.md  (file:line)`.
fn new_note_line(note: &NewPerson) -> String {
    format!(
        "{}  → {}  ({})",
        name(note.contact),
        terminal_safe(&note.rel),
        place(note.contact)
    )
}

fn name(contact: &Contact) -> String {
    terminal_safe(&contact.name)
}

fn place(contact: &Contact) -> String {
    terminal_safe(&format!("{}:{}", contact.file.display(), contact.line))
}
