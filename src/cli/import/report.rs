//! What `suivi import` says: the plan on a dry run, what was done with
//! `--apply`, in the vault's language. Every name and value comes from a
//! contact file or a note and is made terminal-safe here.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use anyhow::Result;

use super::{NewPerson, value_text};
use crate::cli::terminal_safe;
use crate::config::Lang;
use crate::import::{Contact, Fill, ImportPlan, Match};
use crate::issue::{VaultIssue, tr};

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

    fn tr(&self, en: impl Into<String>, fr: impl Into<String>) -> String {
        tr(self.lang, en, fr)
    }

    fn created(&self, out: &mut impl Write) -> Result<()> {
        let n = self.notes.len();
        let heading = match (self.applied, self.lang) {
            (true, Lang::En) => format!("Created {}", count(n, "person note", "person notes")),
            (false, Lang::En) => {
                format!("Would create {}", count(n, "person note", "person notes"))
            }
            (true, Lang::Fr) => format!("Notes de personne créées ({n})"),
            (false, Lang::Fr) => format!("Notes de personne à créer ({n})"),
        };
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
        let heading = match (self.applied, self.lang) {
            (applied, Lang::En) => format!(
                "{} {} in {}",
                if applied { "Filled" } else { "Would fill" },
                count(n, "empty property", "empty properties"),
                count(notes, "existing note", "existing notes"),
            ),
            (applied, Lang::Fr) => format!(
                "Propriétés vides {} ({n}, dans {notes} note(s) existante(s))",
                if applied { "remplies" } else { "à remplir" },
            ),
        };
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
        let heading = match self.lang {
            Lang::En => format!(
                "{} already in the vault, left as they are",
                count(n, "contact", "contacts")
            ),
            Lang::Fr => format!("Déjà dans le coffre, laissés tels quels ({n})"),
        };
        writeln!(out, "{heading}{}", self.colon(n))?;
        for skipped in &self.plan.skipped {
            let why = match &skipped.why {
                Match::Email => self.tr("same e-mail", "même e-mail"),
                Match::LinkedIn => self.tr("same LinkedIn profile", "même profil LinkedIn"),
                Match::Name => self.tr("same name", "même nom"),
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
        let heading = self.tr(
            "One person in two entries, taken once:",
            "Une même personne dans deux entrées, prise une fois :",
        );
        writeln!(out, "{heading}")?;
        let same = self.tr("same as", "la même que");
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
        let heading = self.tr(
            "Possible duplicates, not created (add the spelling to the note's `aliases`, or create the note yourself):",
            "Doublons possibles, non créés (ajoutez cette graphie aux `aliases` de la note, ou créez la note vous-même) :",
        );
        writeln!(out, "{heading}")?;
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
        let heading = self.tr(
            "Not filled: these notes have a vault issue, which suivi does not edit around; fix it, then import again:",
            "Non remplies : ces notes ont un problème, que suivi ne contourne pas ; corrigez-le, puis importez de nouveau :",
        );
        writeln!(out, "{heading}")?;
        let waiting = self.tr("waiting:", "en attente :");
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
        let heading = self.tr(
            "Not created: a file of that name is there and is not a person note (rename it, or give it `type: person`, then import again):",
            "Non créées : un fichier de ce nom existe et n'est pas une note de personne (renommez-le, ou donnez-lui `type: person`, puis importez de nouveau) :",
        );
        writeln!(out, "{heading}")?;
        for note in self.taken {
            writeln!(out, "  {}", new_note_line(note))?;
        }
        Ok(())
    }

    /// A colon when a list follows, else a full stop; French puts a space
    /// before the colon.
    fn colon(&self, n: usize) -> &'static str {
        match (n, self.lang) {
            (0, _) => ".",
            (_, Lang::En) => ":",
            (_, Lang::Fr) => " :",
        }
    }
}

/// What the dry run ends with: the counts again, below a long listing.
pub(super) fn nothing_written(lang: Lang, notes: usize, fills: usize) -> String {
    match lang {
        Lang::En => format!(
            "Nothing written ({} to create, {} to fill): run again with --apply to write this.",
            count(notes, "note", "notes"),
            count(fills, "property", "properties")
        ),
        Lang::Fr => format!(
            "Rien n'est écrit ({notes} note(s) à créer, {fills} propriété(s) à remplir) : relancez avec --apply pour l'écrire."
        ),
    }
}

/// After an `--apply` that some writes failed.
pub(super) fn not_written(lang: Lang, failed: usize) -> String {
    match lang {
        Lang::En => format!(
            "{} not written (see above); `suivi undo` removes what was.",
            count(failed, "change", "changes")
        ),
        Lang::Fr => format!(
            "{failed} modification(s) non écrite(s) (voir plus haut) ; `suivi undo` retire ce qui l'a été."
        ),
    }
}

/// An entry of a file that names nobody.
pub(super) fn nameless(lang: Lang, place: &str) -> String {
    let said = tr(
        lang,
        "a contact without a name, left out",
        "un contact sans nom, laissé de côté",
    );
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

/// `1 note`, `2 notes`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
