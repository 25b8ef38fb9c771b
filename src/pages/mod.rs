//! Pages stage: the index and the actions become markdown pages.
//!
//! Rendering is pure and deterministic: the same notes, configuration and
//! day give the same bytes, with every list in an explicit order, so two
//! machines syncing one vault write identical files.

mod companies;
mod follow_ups;
pub mod i18n;
mod interviews;
pub mod md;
mod people;
mod questions;
mod vault_issues;

use std::collections::HashMap;
use std::sync::OnceLock;

use foldhash::fast::RandomState;

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::index::Index;
use crate::issue::VaultIssue;
use crate::note::Interview;
use crate::rules::{Action, Clock};
use md::Place;

/// The front-matter line every generated page starts with; a file at a
/// page's path without it belongs to the user and is never overwritten.
pub const MARKER: &str = "generated_by: suivi";

/// One generated page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub kind: PageKind,
    /// File name inside the output folder.
    pub file_name: String,
    pub content: String,
}

/// The six pages, in the order they are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    FollowUps,
    PeopleToMeet,
    Companies,
    Interviews,
    Questions,
    VaultIssues,
}

impl PageKind {
    pub const ALL: [PageKind; 6] = [
        PageKind::FollowUps,
        PageKind::PeopleToMeet,
        PageKind::Companies,
        PageKind::Interviews,
        PageKind::Questions,
        PageKind::VaultIssues,
    ];
}

/// Some of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSet(u8);

impl PageSet {
    pub const NONE: PageSet = PageSet(0);
    pub const ALL: PageSet = PageSet((1 << PageKind::ALL.len()) - 1);

    pub fn contains(self, kind: PageKind) -> bool {
        self.0 & (1 << kind as u8) != 0
    }

    pub fn with(self, kind: PageKind) -> PageSet {
        PageSet(self.0 | (1 << kind as u8))
    }

    pub fn union(self, other: PageSet) -> PageSet {
        PageSet(self.0 | other.0)
    }

    pub fn without(self, other: PageSet) -> PageSet {
        PageSet(self.0 & !other.0)
    }
}

impl FromIterator<PageKind> for PageSet {
    fn from_iter<I: IntoIterator<Item = PageKind>>(kinds: I) -> PageSet {
        kinds.into_iter().fold(PageSet::NONE, PageSet::with)
    }
}

/// The pages that show what changed in an interview the index took in
/// place: its people, date, company, referrer, names given, tasks and
/// problems are as they were, so a page changes only through what it shows
/// of the interview itself. The Follow-ups page shows interviews only
/// through the actions, and the Vault issues page through the issues: they
/// change when those do.
pub fn showing_edit(before: &Interview, after: &Interview) -> PageSet {
    let shown = [
        (PageKind::Companies, companies::shows_edit(before, after)),
        (PageKind::Interviews, interviews::shows_edit(before, after)),
        (PageKind::Questions, questions::shows_edit(before, after)),
    ];
    (shown.into_iter())
        .filter_map(|(kind, shows)| shows.then_some(kind))
        .collect()
}

/// What the pages are drawn from.
pub struct Context<'a> {
    pub index: &'a Index,
    pub actions: &'a [Action],
    pub config: &'a Config,
    pub clock: Clock,
    links: OnceLock<Links<'a>>,
    to_meet: OnceLock<Vec<people::ToMeet>>,
}

/// Every person's and company's link, in a line and in a table cell, made
/// once: the pages of a large vault link the same people thousands of times.
struct Links<'a> {
    people: HashMap<&'a str, [String; 2], RandomState>,
    companies: HashMap<&'a str, [String; 2], RandomState>,
}

impl<'a> Context<'a> {
    pub fn new(
        index: &'a Index,
        actions: &'a [Action],
        config: &'a Config,
        clock: Clock,
    ) -> Context<'a> {
        Context {
            index,
            actions,
            config,
            clock,
            links: OnceLock::new(),
            to_meet: OnceLock::new(),
        }
    }

    /// The people to meet, ranked; two pages show them.
    fn to_meet(&self) -> &[people::ToMeet] {
        self.to_meet.get_or_init(|| people::to_meet(self))
    }
}

/// The six pages' file names, in the order they are rendered.
pub fn file_names(lang: Lang) -> [String; 6] {
    let w = i18n::words(lang);
    [
        w.follow_ups,
        w.people_to_meet,
        w.companies,
        w.interviews,
        w.questions,
        w.vault_issues,
    ]
    .map(|title| format!("{title}.md"))
}

/// Renders the pages of `which`, each on its own core where there is one:
/// the pages of a large vault are megabytes of text.
pub fn render(ctx: &Context, extra_issues: &[VaultIssue], which: PageSet) -> Vec<Page> {
    type Renderer<'r> = &'r (dyn Fn() -> String + Sync);
    let renderers: [Renderer; 6] = [
        &|| follow_ups::render(ctx),
        &|| people::render(ctx),
        &|| companies::render(ctx),
        &|| interviews::render(ctx),
        &|| questions::render(ctx),
        &|| vault_issues::render(ctx, extra_issues),
    ];
    let chosen: Vec<(PageKind, String, Renderer)> = (PageKind::ALL.into_iter())
        .zip(file_names(ctx.config.lang))
        .zip(renderers)
        .filter(|((kind, _), _)| which.contains(*kind))
        .map(|((kind, file_name), render)| (kind, file_name, render))
        .collect();
    chosen
        .into_par_iter()
        .map(|(kind, file_name, render)| Page {
            kind,
            file_name,
            content: render(),
        })
        .collect()
}

impl Context<'_> {
    fn words(&self) -> &'static i18n::Words {
        i18n::words(self.config.lang)
    }

    /// The page's front-matter, title and "generated" line.
    fn header(&self, title: &str) -> String {
        format!(
            "---\n{MARKER}\nas_of: {}\n---\n\n# {title}\n\n{}\n",
            self.clock.today,
            self.words().generated
        )
    }

    /// A person as a link: to their note, or to the note one click creates
    /// in the people folder.
    fn person_link(&self, key: &str, place: Place) -> String {
        match self.links().people.get(key) {
            Some(links) => links[place as usize].clone(),
            None => md::text(key),
        }
    }

    fn company_link(&self, key: &str, place: Place) -> String {
        match self.links().companies.get(key) {
            Some(links) => links[place as usize].clone(),
            None => md::text(key),
        }
    }

    fn links(&self) -> &Links<'_> {
        self.links.get_or_init(|| {
            let folders = &self.config.folders;
            let both = |name: &str, note: Option<&str>, folder: &str| {
                [Place::Line, Place::Cell].map(|place| self.entity_link(name, note, folder, place))
            };
            Links {
                people: (self.index.people.iter())
                    .map(|(key, p)| {
                        (
                            key.as_str(),
                            both(&p.name, p.note.as_deref(), &folders.people),
                        )
                    })
                    .collect(),
                companies: (self.index.companies.iter())
                    .map(|(key, c)| {
                        let links = both(&c.name, c.note.as_deref(), &folders.companies);
                        (key.as_str(), links)
                    })
                    .collect(),
            }
        })
    }

    /// A link to a person's or company's note, or to where one click creates it.
    fn entity_link(&self, name: &str, note: Option<&str>, folder: &str, place: Place) -> String {
        match note {
            Some(path) => md::link(without_md(path), name, place),
            None => md::link(&format!("{folder}/{name}"), name, place),
        }
    }

    /// A link naming exactly one note: its full vault path.
    fn note_link(&self, path: &str, place: Place) -> String {
        let target = without_md(path);
        let label = target.rsplit('/').next().unwrap_or(target);
        md::link(target, label, place)
    }

    /// A sentence's names as links, for a page.
    fn reason(&self, action: &Action, place: Place) -> String {
        let person = |key: &str| self.person_link(key, place);
        let company = |key: &str| self.company_link(key, place);
        let style = i18n::Style {
            person: &person,
            company: &company,
            text: &md::text,
        };
        let company_key = self
            .index
            .person(&action.person)
            .and_then(|p| p.company.as_deref());
        i18n::reason(self.config.lang, action, company_key, &style)
    }
}

fn without_md(path: &str) -> &str {
    path.strip_suffix(".md").unwrap_or(path)
}

/// A markdown table; cells must already be escaped.
fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        headers.join(" | "),
        " --- |".repeat(headers.len())
    );
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}
