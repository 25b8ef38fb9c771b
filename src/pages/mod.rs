//! Pages stage: the index and the actions become markdown pages.
//!
//! Rendering is pure and deterministic: the same notes, configuration and
//! day give the same bytes, with every list in an explicit order, so two
//! machines syncing one vault write identical files.

mod calendar;
mod companies;
mod follow_ups;
mod interviews;
pub mod md;
mod people;
mod people_base;
mod questions;
mod vault_issues;

pub use calendar::{calendar, reminders};
pub use follow_ups::ticked;
pub use people_base::MARKER_COMMENT;
pub use questions::{LastPage, QuoteSource, QuotedBefore, Quotes};

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use foldhash::fast::RandomState;

use rayon::prelude::*;

use crate::clock::Clock;
use crate::config::{Config, Lang};
use crate::describe;
use crate::i18n;
use crate::index::Index;
use crate::issue::VaultIssue;
use crate::new_note::safe_file_stem;
use crate::rules::Action;
use md::Place;

/// The front-matter line every generated markdown page starts with; a file
/// at a page's path without it (or, for the People base, without
/// [`MARKER_COMMENT`]) belongs to the user and is never overwritten.
pub const MARKER: &str = "generated_by: suivi";

/// One generated page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub kind: PageKind,
    /// File name inside the output folder.
    pub file_name: String,
    pub content: String,
}

/// The pages, in the order they are rendered: six markdown pages, the
/// calendar and the People base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    FollowUps,
    PeopleToMeet,
    Companies,
    Interviews,
    Questions,
    VaultIssues,
    /// `Follow-ups.ics`: the actions, as the Follow-ups page.
    Calendar,
    /// An Obsidian Bases file, drawn from the configuration alone.
    PeopleBase,
}

impl PageKind {
    pub const ALL: [PageKind; 8] = [
        PageKind::FollowUps,
        PageKind::PeopleToMeet,
        PageKind::Companies,
        PageKind::Interviews,
        PageKind::Questions,
        PageKind::VaultIssues,
        PageKind::Calendar,
        PageKind::PeopleBase,
    ];
}

/// Some of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSet(u16);

impl PageSet {
    pub const NONE: PageSet = PageSet(0);
    pub const ALL: PageSet = PageSet((1 << PageKind::ALL.len()) - 1);

    pub const fn contains(self, kind: PageKind) -> bool {
        self.0 & (1 << kind as u16) != 0
    }

    pub const fn with(self, kind: PageKind) -> PageSet {
        PageSet(self.0 | (1 << kind as u16))
    }

    pub const fn union(self, other: PageSet) -> PageSet {
        PageSet(self.0 | other.0)
    }

    pub const fn without(self, other: PageSet) -> PageSet {
        PageSet(self.0 & !other.0)
    }

    pub const fn intersection(self, other: PageSet) -> PageSet {
        PageSet(self.0 & other.0)
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl FromIterator<PageKind> for PageSet {
    fn from_iter<I: IntoIterator<Item = PageKind>>(kinds: I) -> PageSet {
        kinds.into_iter().fold(PageSet::NONE, PageSet::with)
    }
}

/// What the pages are drawn from.
pub struct Context<'a> {
    /// Where the Questions page reads the answers it quotes.
    quote_source: &'a dyn QuoteSource,
    pub index: &'a Index,
    pub actions: &'a [Action],
    pub config: &'a Config,
    pub clock: Clock,
    shown_before: Option<ShownBefore<'a>>,
    quoted_before: Option<QuotedBefore<'a>>,
    /// Whether the Questions page tells where its quotes lie, for a next
    /// pass to take them.
    records_quotes: bool,
    links: OnceLock<Links<'a>>,
    to_meet: OnceLock<Vec<people::ToMeet>>,
    /// Actions ticked on the page but not recorded: shown ticked.
    ticked: &'a [crate::rules::ActionId],
}

/// A page as a pass wrote it, and where each of its items lies in it.
#[derive(Clone, Copy)]
pub struct WrittenPage<'a> {
    pub content: &'a str,
    pub items: &'a [Range<usize>],
}

/// The Follow-ups page of a pass with the same people, companies and
/// notes, and which of its actions are among the actions now: their items
/// read the same.
pub struct ShownBefore<'a> {
    pub page: WrittenPage<'a>,
    /// For each action now, its position among the actions then, if any.
    pub kept_from: &'a [Option<usize>],
}

/// Every person's and company's link, in a line and in a table cell, made
/// once: the pages of a large vault link the same people thousands of times.
struct Links<'a> {
    people: HashMap<&'a str, [String; 2], RandomState>,
    companies: HashMap<&'a str, [String; 2], RandomState>,
}

#[derive(Debug, Clone, Copy)]
enum Entity {
    Person,
    Company,
}

impl<'a> Links<'a> {
    fn of(&self, entity: Entity) -> &HashMap<&'a str, [String; 2], RandomState> {
        match entity {
            Entity::Person => &self.people,
            Entity::Company => &self.companies,
        }
    }
}

impl<'a> Context<'a> {
    pub fn new(
        quote_source: &'a dyn QuoteSource,
        index: &'a Index,
        actions: &'a [Action],
        config: &'a Config,
        clock: Clock,
    ) -> Context<'a> {
        Context {
            quote_source,
            index,
            actions,
            config,
            clock,
            shown_before: None,
            quoted_before: None,
            records_quotes: false,
            links: OnceLock::new(),
            to_meet: OnceLock::new(),
            ticked: &[],
        }
    }

    /// This context, where the Follow-ups items of `ticked` are ticked.
    pub fn with_ticked(self, ticked: &'a [crate::rules::ActionId]) -> Context<'a> {
        Context { ticked, ..self }
    }

    /// This context, where the Follow-ups page takes the items of actions
    /// it showed before from that page.
    pub fn showing_before(self, shown_before: ShownBefore<'a>) -> Context<'a> {
        Context {
            shown_before: Some(shown_before),
            ..self
        }
    }

    /// This context, where the Questions page takes the quotes of answers
    /// it showed before from that page.
    pub fn quoting_before(self, quoted_before: QuotedBefore<'a>) -> Context<'a> {
        Context {
            quoted_before: Some(quoted_before),
            ..self
        }
    }

    /// This context, where the Questions page tells where its quotes lie.
    pub fn recording_quotes(self) -> Context<'a> {
        Context {
            records_quotes: true,
            ..self
        }
    }

    /// The Follow-ups item of the action at `at`, as shown before.
    fn shown_before(&self, at: usize) -> Option<&'a str> {
        let before = self.shown_before.as_ref()?;
        let span = before.page.items.get((*before.kept_from.get(at)?)?)?;
        before.page.content.get(span.clone())
    }

    /// The people to meet, ranked; two pages show them.
    fn to_meet(&self) -> &[people::ToMeet] {
        self.to_meet.get_or_init(|| people::to_meet(self))
    }
}

/// The pages' file names, in the order they are rendered.
pub fn file_names(lang: Lang) -> [String; PageKind::ALL.len()] {
    let w = i18n::words(lang);
    let page = |title: &str| format!("{title}.md");
    [
        page(w.follow_ups),
        page(w.people_to_meet),
        page(w.companies),
        page(w.interviews),
        page(w.questions),
        page(w.vault_issues),
        format!("{}.ics", w.follow_ups),
        people_base::file_name(lang),
    ]
}

/// The pages of `which` with their file names, in the order they are
/// rendered.
pub fn named(lang: Lang, which: PageSet) -> Vec<(PageKind, String)> {
    (PageKind::ALL.into_iter())
        .zip(file_names(lang))
        .filter(|(kind, _)| which.contains(*kind))
        .collect()
}

/// Where a page's text goes as it renders: a string, or the writer's
/// file, so that the pages of a large vault, megabytes of text, need not
/// be held whole.
pub trait Sink: Send {
    fn push_str(&mut self, text: &str);
    /// How many bytes it took so far.
    fn bytes_taken(&self) -> usize;
}

impl Sink for String {
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }

    fn bytes_taken(&self) -> usize {
        String::len(self)
    }
}

/// Where the parts of a page the next pass may take as they are lie in it.
pub enum Parts {
    /// The Follow-ups page's: each action's item, in the actions' order.
    Items(Vec<Range<usize>>),
    /// The Questions page's: each answer's quote.
    Quotes(Quotes),
    None,
}

/// Renders one page into `out`; tells where its parts lie.
pub fn render_page(
    ctx: &Context,
    extra_issues: &[VaultIssue],
    kind: PageKind,
    out: &mut dyn Sink,
) -> Parts {
    match kind {
        PageKind::FollowUps => return Parts::Items(follow_ups::render(ctx, out)),
        PageKind::Questions => return Parts::Quotes(questions::render(ctx, out)),
        PageKind::PeopleToMeet => people::render(ctx, out),
        PageKind::Companies => companies::render(ctx, out),
        PageKind::Interviews => interviews::render(ctx, out),
        PageKind::VaultIssues => vault_issues::render(ctx, extra_issues, out),
        PageKind::Calendar => calendar::render(ctx, out),
        PageKind::PeopleBase => people_base::render(ctx, out),
    }
    Parts::None
}

/// How many items a page renders at a time: enough to keep every core
/// busy, few enough that the longest pages of a large vault, tens of
/// megabytes, are never held whole, nor leave the memory they took in
/// pieces too small to serve again.
const ITEMS_PER_BATCH: usize = 2048;

/// Renders the items of a long list on every core, a batch at a time, and
/// hands them rendered to `emit` in their order. `render` is given each
/// item's position in `items`.
fn in_batches<T: Sync, R: Send>(
    items: &[T],
    render: impl Fn(usize, &T) -> R + Sync,
    mut emit: impl FnMut(R),
) {
    for (batch, first) in items
        .chunks(ITEMS_PER_BATCH)
        .zip((0..).step_by(ITEMS_PER_BATCH))
    {
        let rendered: Vec<R> = (batch.par_iter().enumerate())
            .map(|(i, item)| render(first + i, item))
            .collect();
        rendered.into_iter().for_each(&mut emit);
    }
}

/// Renders the pages of `which` in memory, each on its own core where
/// there is one.
pub fn render(ctx: &Context, extra_issues: &[VaultIssue], which: PageSet) -> Vec<Page> {
    named(ctx.config.lang, which)
        .into_par_iter()
        .map(|(kind, file_name)| {
            let mut content = String::new();
            render_page(ctx, extra_issues, kind, &mut content);
            Page {
                kind,
                file_name,
                content,
            }
        })
        .collect()
}

impl Context<'_> {
    fn words(&self) -> &'static i18n::Words {
        i18n::words(self.config.lang)
    }

    /// Starts a page: its front-matter, title and "generated" line.
    fn header(&self, out: &mut dyn Sink, title: &str) {
        out.push_str(&format!(
            "---\n{MARKER}\nas_of: {}\n---\n\n# {title}\n\n{}\n",
            self.clock.today,
            self.words().generated
        ));
    }

    /// A person as a link: to their note, or to the note one click creates
    /// in the people folder.
    fn person_link(&self, key: &str, place: Place) -> String {
        self.link_to(Entity::Person, key, place)
    }

    fn company_link(&self, key: &str, place: Place) -> String {
        self.link_to(Entity::Company, key, place)
    }

    fn link_to(&self, entity: Entity, key: &str, place: Place) -> String {
        let link = match self.links() {
            Some(links) => (links.of(entity).get(key)).map(|links| links[place as usize].clone()),
            None => (self.named(entity, key))
                .map(|(name, note, folder)| entity_link(name, note, folder, place)),
        };
        link.unwrap_or_else(|| md::text(key))
    }

    /// A person's or company's name, note and folder.
    fn named(&self, entity: Entity, key: &str) -> Option<(&str, Option<&str>, &str)> {
        let folders = &self.config.folders;
        match entity {
            Entity::Person => (self.index.people.get(key))
                .map(|p| (p.name.as_str(), p.note.as_deref(), folders.people.as_str())),
            Entity::Company => (self.index.companies.get(key)).map(|c| {
                (
                    c.name.as_str(),
                    c.note.as_deref(),
                    folders.companies.as_str(),
                )
            }),
        }
    }

    /// Every link, made once; none when most items come from the last
    /// Follow-ups page: the few links left are then made where needed.
    fn links(&self) -> Option<&Links<'_>> {
        if self.shown_before.is_some() {
            return None;
        }
        Some(self.links.get_or_init(|| Links {
            people: self.all_links(Entity::Person, self.index.people.keys()),
            companies: self.all_links(Entity::Company, self.index.companies.keys()),
        }))
    }

    fn all_links<'k>(
        &self,
        entity: Entity,
        keys: impl Iterator<Item = &'k Arc<str>>,
    ) -> HashMap<&'k str, [String; 2], RandomState> {
        keys.filter_map(|key| {
            let (name, note, folder) = self.named(entity, key)?;
            let both =
                [Place::Line, Place::Cell].map(|place| entity_link(name, note, folder, place));
            Some((&**key, both))
        })
        .collect()
    }

    /// A sentence's names as links, for a page.
    fn reason(&self, action: &Action, place: Place) -> String {
        let person = |key: &str| self.person_link(key, place);
        let company = |key: &str| self.company_link(key, place);
        let style = describe::Style {
            person: &person,
            company: &company,
            text: &md::text,
        };
        let company_key = self
            .index
            .person(&action.person)
            .and_then(|p| p.company.as_deref());
        describe::reason(self.config.lang, action, company_key, &style)
    }
}

/// A link to a person's or company's note, or to where one click
/// creates it: the file `suivi new` would make for that name, shown by the
/// name whole.
fn entity_link(name: &str, note: Option<&str>, folder: &str, place: Place) -> String {
    match note {
        Some(path) => md::link(without_md(path), name, place),
        None => md::link(&format!("{folder}/{}", safe_file_stem(name)), name, place),
    }
}

/// A link naming exactly one note: its full vault path.
fn note_link(path: &str, place: Place) -> String {
    let target = without_md(path);
    let label = target.rsplit('/').next().unwrap_or(target);
    md::link(target, label, place)
}

fn without_md(path: &str) -> &str {
    path.strip_suffix(".md").unwrap_or(path)
}

/// A markdown table, a row at a time; cells must already be escaped.
fn table(out: &mut dyn Sink, headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) {
    out.push_str(&format!(
        "| {} |\n|{}\n",
        headers.join(" | "),
        " --- |".repeat(headers.len())
    ));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Notes' texts by vault path, and the last Questions page, given in
    /// memory: what the pages' tests quote from.
    #[derive(Default)]
    pub(super) struct InMemory {
        notes: HashMap<String, String>,
        last_page: Option<String>,
    }

    impl InMemory {
        /// The notes of `files` (path, text) as they are.
        pub(super) fn of(files: &[(&str, &str)]) -> InMemory {
            let notes = (files.iter())
                .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
                .collect();
            InMemory {
                notes,
                last_page: None,
            }
        }

        /// These notes, where the note at `path` now reads `text`.
        pub(super) fn with(mut self, path: &str, text: &str) -> InMemory {
            self.notes.insert(path.to_owned(), text.to_owned());
            self
        }

        /// These notes, and a last Questions page that reads `page`.
        pub(super) fn last_page(self, page: String) -> InMemory {
            InMemory {
                last_page: Some(page),
                ..self
            }
        }
    }

    impl QuoteSource for InMemory {
        fn note_bytes(&self, note: &str, span: &Range<usize>) -> Option<Vec<u8>> {
            let bytes = self.notes.get(note)?.as_bytes();
            bytes.get(span.clone()).map(<[u8]>::to_vec)
        }

        fn last_page(&self, _: &Path) -> Option<Box<dyn LastPage + '_>> {
            let page = self.last_page.as_deref()?;
            Some(Box::new(page.as_bytes()))
        }
    }

    #[test]
    fn items_rendered_in_batches_come_out_in_order_with_their_positions() {
        let items: Vec<usize> = (0..ITEMS_PER_BATCH * 2 + 7).rev().collect();
        let mut emitted = Vec::new();
        in_batches(&items, |at, item| (at, *item), |pair| emitted.push(pair));
        let expected: Vec<(usize, usize)> = items.iter().copied().enumerate().collect();
        assert_eq!(emitted, expected);
    }
}
