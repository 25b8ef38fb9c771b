//! Notes stage: one file's bytes become one typed note, a pure function.
//!
//! Properties are read leniently, the way Obsidian users write them: a link
//! or plain text, one value or a list, a date or a datetime. A property of the
//! wrong shape becomes an issue on its own line and is treated as absent; the
//! rest of the note is still read. A front-matter that is not valid YAML makes
//! the whole note unreadable: it is reported and skipped.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::body::{self, Section, Task};
use crate::config::{Config, Lang};
use crate::frontmatter::{self, Property, Yaml};
use crate::issue::{VaultIssue, tr};
use crate::names::{LinkTarget, name_key, nfc, parse_link, parse_note_path, question_key};
use crate::spelling;
use crate::vault::is_under;

/// When a conversation happens: a date, and a time when one is written.
/// A time is read as written, in local time; an offset or zone is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct When {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

/// A name someone gave you (P3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub name: LinkTarget,
    pub company: Option<LinkTarget>,
    pub role: Option<String>,
    pub note: Option<String>,
    pub may_mention: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Out,
    In,
}

/// A message logged on a person note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touch {
    pub date: NaiveDate,
    pub dir: Direction,
    pub channel: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    ToContact,
    Contacted,
    Scheduled,
    Met,
    Declined,
    Closed,
}

impl Status {
    pub const ALL: [(&'static str, Status); 6] = [
        ("to-contact", Status::ToContact),
        ("contacted", Status::Contacted),
        ("scheduled", Status::Scheduled),
        ("met", Status::Met),
        ("declined", Status::Declined),
        ("closed", Status::Closed),
    ];

    /// Reads `to-contact`, `To contact`, `to_contact` alike.
    fn parse(text: &str) -> Option<Status> {
        let wanted = text.trim().to_lowercase().replace([' ', '_'], "-");
        Status::ALL
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, s)| *s)
    }
}

/// One conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interview {
    pub contacts: Vec<LinkTarget>,
    pub when: When,
    pub company: Option<LinkTarget>,
    pub role: Option<String>,
    pub channel: Option<String>,
    pub duration: Option<u32>,
    pub referred_by: Option<LinkTarget>,
    pub topic: Option<String>,
    pub questions: Vec<String>,
    pub referrals: Vec<Referral>,
    pub thank_you_sent: Option<NaiveDate>,
    pub they_follow_up_by: Option<NaiveDate>,
    pub opening: Option<String>,
    pub opening_expected: Option<NaiveDate>,
    /// When you prepared the conversation: no prep action after it.
    pub prepared: Option<NaiveDate>,
    /// The body's first heading, the subject of a thank-you without `topic`.
    pub first_heading: Option<String>,
    /// The sections under headings: every one when parsed, then only those
    /// answering a question of the bank ([`Note::keep_answers`]).
    pub answers: Vec<Answer>,
}

/// A section of an interview, as an answer to the question its heading
/// asks. Its text stays in the file, which the Questions page reads back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The [`question_key`] of the section's heading: once the note is kept
    /// for a bank, the bank's own key, which every answer to that question
    /// shares (a large vault has a quarter million answers to a few dozen
    /// questions).
    pub question: Arc<str>,
    /// Where the section's text lies in the note's file.
    pub span: Range<usize>,
    /// The [`body::text_hash`] of the text: tells a text changed since.
    pub hash: u64,
}

impl Answer {
    fn of(section: Section) -> Answer {
        Answer {
            question: question_key(&section.heading).into(),
            span: section.span,
            hash: section.hash,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.span.is_empty()
    }
}

/// A person note: `People/Name.md`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PersonNote {
    pub aliases: Vec<String>,
    pub company: Option<LinkTarget>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub linkedin: Option<String>,
    pub phone: Option<String>,
    pub status: Option<Status>,
    pub referred_by: Option<LinkTarget>,
    pub may_mention: Option<bool>,
    pub last_contact: Option<NaiveDate>,
    pub cadence_days: Option<u32>,
    pub touches: Vec<Touch>,
    pub snooze_until: Option<NaiveDate>,
}

/// A company note: `Companies/Name.md`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CompanyNote {
    pub target: bool,
    pub website: Option<String>,
    pub industry: Option<String>,
}

/// A daily note (SPEC 2.5): its day, and whom its body may say you met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailyNote {
    pub day: NaiveDate,
    /// Every `[[link]]` of the body outside an open task, each once, in
    /// the order written; the index keeps those that name a person.
    pub links: Vec<LinkTarget>,
}

/// What a person's or company's note is called: its file name. Notes of
/// other kinds need no name: most of a vault keeps none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named {
    /// The file name without `.md`, in NFC.
    pub name: String,
    /// `name_key(name)`, computed once where notes are parsed in parallel,
    /// and shared with the index as the key of the person or company.
    pub key: Arc<str>,
}

/// The properties of notes are shared with the index, which keeps them
/// without copying their text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Kind {
    Interview(Arc<Interview>),
    Person(Named, Arc<PersonNote>),
    Company(Named, Arc<CompanyNote>),
    Daily(Arc<DailyNote>),
    /// Any other note: a vault holds many things suivi leaves alone.
    Other,
}

/// One note, read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Vault-relative path, `/`-separated; shared with the index, its
    /// conversations, promises and actions.
    pub path: Arc<str>,
    pub kind: Kind,
    /// Open tasks, for interviews and person notes.
    pub tasks: Vec<Task>,
    /// List items, for the question bank note only.
    pub bank: Vec<(String, usize)>,
    pub issues: Vec<VaultIssue>,
}

impl Note {
    /// A note with nothing read yet: kind Other, no issue.
    pub fn empty(path: &str) -> Note {
        Note {
            path: Arc::from(path),
            kind: Kind::Other,
            tasks: Vec::new(),
            bank: Vec::new(),
            issues: Vec::new(),
        }
    }

    /// The name of a person's or company's note.
    pub fn named(&self) -> Option<&Named> {
        match &self.kind {
            Kind::Person(named, _) | Kind::Company(named, _) => Some(named),
            Kind::Interview(_) | Kind::Daily(_) | Kind::Other => None,
        }
    }

    /// Drops the answers to no question of the bank: no page shows their
    /// text. Kept, typing in the body of a note would call for a pass that
    /// changes nothing. Those kept share the bank's key of their question.
    pub fn keep_answers(&mut self, bank: &BankKeys) {
        let Kind::Interview(interview) = &mut self.kind else {
            return;
        };
        let shared = |a: &Answer| bank.0.get(&*a.question).filter(|_| !a.is_empty());
        let kept_as_they_are = (interview.answers.iter())
            .all(|a| shared(a).is_some_and(|key| Arc::ptr_eq(key, &a.question)));
        if kept_as_they_are {
            return;
        }
        let answers = &mut Arc::make_mut(interview).answers;
        answers.retain_mut(|answer| match shared(answer) {
            Some(key) => {
                answer.question = Arc::clone(key);
                true
            }
            None => false,
        });
        answers.shrink_to_fit();
    }
}

impl Named {
    fn new(name: String, key: String) -> Named {
        Named {
            name,
            key: Arc::from(key),
        }
    }
}

/// The file name without `.md`, in NFC.
fn name_of(path: &str) -> String {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let stem = file_name
        .get(..file_name.len().saturating_sub(3))
        .unwrap_or(file_name);
    nfc(stem)
}

/// The keys of the question bank's questions, from every note that may be
/// the bank: the headings whose sections the notes keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankKeys(BTreeSet<Arc<str>>);

impl BankKeys {
    pub fn of<'a>(notes: impl IntoIterator<Item = &'a Note>) -> BankKeys {
        BankKeys(
            notes
                .into_iter()
                .flat_map(|note| &note.bank)
                .map(|(question, _)| question_key(question).into())
                .collect(),
        )
    }
}

/// True for a note at a path the configuration names as the question bank.
pub fn is_bank_note(path: &str, config: &Config) -> bool {
    is_question_bank(path, &name_key(&name_of(path)), config)
}

/// Parses one note. Never fails: what cannot be read becomes an issue.
pub fn parse_note(path: &str, bytes: &[u8], config: &Config) -> Note {
    let lang = config.lang;
    let mut note = Note::empty(path);
    let text = match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let line = bytes[..error.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            note.issues.push(VaultIssue::new(
                path,
                line,
                tr(
                    lang,
                    "not valid UTF-8 text",
                    "texte qui n'est pas en UTF-8 valide",
                ),
                tr(
                    lang,
                    "save the note as UTF-8 in your editor",
                    "enregistrez la note en UTF-8 dans votre éditeur",
                ),
            ));
            return note;
        }
    };
    if let Some(line) = conflict_marker_line(text) {
        note.issues.push(VaultIssue::new(
            path,
            line,
            tr(
                lang,
                "an unresolved merge conflict (`<<<<<<<` … `>>>>>>>`): the note is not read",
                "un conflit de fusion non résolu (`<<<<<<<` … `>>>>>>>`) : la note n'est pas lue",
            ),
            tr(
                lang,
                "keep one side of the conflict and delete the marker lines",
                "gardez une version et supprimez les lignes de marqueurs",
            ),
        ));
        return note;
    }
    let split = frontmatter::split(text);
    if split.yaml.is_none() && starts_with_blank_then_fence(text) {
        note.issues.push(VaultIssue::new(
            path,
            1,
            tr(
                lang,
                "blank lines before the opening `---`: Obsidian reads no properties here",
                "lignes vides avant le `---` d'ouverture : Obsidian ne lit pas ces propriétés",
            ),
            tr(
                lang,
                "remove the blank lines so that `---` is the first line",
                "supprimez les lignes vides pour que `---` soit la première ligne",
            ),
        ));
    }
    if split.unclosed {
        note.issues.push(VaultIssue::new(
            path,
            1,
            tr(
                lang,
                "the front-matter opened by `---` is never closed",
                "les propriétés ouvertes par `---` ne sont jamais fermées",
            ),
            tr(
                lang,
                "add a `---` line after the last property",
                "ajoutez une ligne `---` après la dernière propriété",
            ),
        ));
    }
    let properties = match split
        .yaml
        .map(|y| frontmatter::parse_properties(y, split.yaml_line))
    {
        None => Vec::new(),
        Some(Ok(properties)) => properties,
        Some(Err(error)) => {
            note.issues.push(VaultIssue::new(
                path,
                error.line,
                tr(lang, format!("the properties cannot be read: {}", error.message), format!("les propriétés sont illisibles : {}", error.message)),
                tr(lang, "fix the YAML between the `---` lines; quote values holding `:`, `#`, `[[` or `{{`", "corrigez le YAML entre les lignes `---` ; mettez entre guillemets les valeurs contenant `:`, `#`, `[[` ou `{{`"),
            ));
            return note;
        }
    };
    let mut reader = Reader {
        path,
        lang,
        properties: &properties,
        issues: &mut note.issues,
    };
    for property in &properties {
        if holds_placeholder(&property.value) {
            let key = &property.key;
            reader.issue(
                property.line,
                tr(
                    lang,
                    format!("`{key}` still holds a template placeholder"),
                    format!("`{key}` contient encore un champ de modèle"),
                ),
                tr(
                    lang,
                    "fill it in, or run the template again from Obsidian",
                    "remplissez-le, ou appliquez à nouveau le modèle dans Obsidian",
                ),
            );
        }
    }
    let kind_name = kind_of(path, &mut reader, config);
    let known = match kind_name {
        Some(KindName::Interview) => spelling::INTERVIEW,
        Some(KindName::Person) => spelling::PERSON,
        Some(KindName::Company) => spelling::COMPANY,
        Some(KindName::Daily(_)) | None => &[],
    };
    for property in &properties {
        if let Some(meant) = spelling::likely_meant(&property.key, known) {
            let issue = spelling::issue(path, property.line, &property.key, meant, lang);
            reader.issues.push(issue);
        }
    }
    let name = name_of(path);
    let key = name_key(&name);
    let is_bank = is_question_bank(path, &key, config);
    let wants_body = kind_name.is_some() || is_bank;
    let wanted = body::Wanted {
        sections: kind_name == Some(KindName::Interview),
        links: matches!(kind_name, Some(KindName::Daily(_))),
    };
    let parsed_body = wants_body.then(|| body::parse_parts(split.body, split.body_line, wanted));
    let (tasks, mut sections, bank, links) = parsed_body
        .map(|b| (b.tasks, b.sections, b.list_items, b.links))
        .unwrap_or_default();
    // The body is the end of the file: its offsets become the file's.
    let body_start = text.len() - split.body.len();
    for section in &mut sections {
        section.span = section.span.start + body_start..section.span.end + body_start;
    }
    if is_bank {
        note.bank = bank;
    }
    note.kind = match kind_name {
        Some(KindName::Interview) => match read_interview(&mut reader, sections) {
            Some(interview) => Kind::Interview(Arc::new(interview)),
            None => Kind::Other,
        },
        Some(KindName::Person) => {
            Kind::Person(Named::new(name, key), Arc::new(read_person(&mut reader)))
        }
        Some(KindName::Company) => {
            Kind::Company(Named::new(name, key), Arc::new(read_company(&mut reader)))
        }
        Some(KindName::Daily(day)) => Kind::Daily(Arc::new(DailyNote {
            day,
            links: met_links(&links),
        })),
        None => Kind::Other,
    };
    if matches!(note.kind, Kind::Interview(_) | Kind::Person(..)) {
        note.tasks = tasks;
    }
    note.issues.sort();
    note
}

/// The line of a git conflict marker, when the note holds a whole conflict.
fn conflict_marker_line(text: &str) -> Option<usize> {
    // Nearly every note has no marker: one vectorised search settles it
    // without walking the note line by line.
    if !text.contains("<<<<<<<") {
        return None;
    }
    let mut start = None;
    for (number, line) in (1..).zip(text.lines()) {
        if line.starts_with("<<<<<<< ") || line == "<<<<<<<" {
            start.get_or_insert(number);
        } else if line.starts_with(">>>>>>> ") || line == ">>>>>>>" {
            return start;
        }
    }
    None
}

/// Blank lines, then a `---` line: properties Obsidian does not see.
fn starts_with_blank_then_fence(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let mut blank = false;
    for line in lines.by_ref() {
        if line.trim().is_empty() {
            blank = true;
        } else {
            return blank && line.trim_end() == "---";
        }
    }
    false
}

/// `{{date}}` (Obsidian, Templater) or `<% tp.date.now() %>` (Templater)
/// left in a value: the note was created from a template that did not run.
fn is_placeholder(text: &str) -> bool {
    // Every value of every note is looked at: one pass over its bytes
    // settles the values with neither `{` nor `<`, nearly all of them.
    text.bytes().any(|b| b == b'{' || b == b'<')
        && ((text.contains("{{") && text.contains("}}"))
            || (text.contains("<%") && text.contains("%>")))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KindName {
    Interview,
    Person,
    Company,
    Daily(NaiveDate),
}

/// The links of a daily note's body that may name someone met: outside
/// open tasks, each target once.
fn met_links(links: &[body::Wikilink]) -> Vec<LinkTarget> {
    let mut seen = BTreeSet::new();
    (links.iter())
        .filter(|link| !link.in_open_task)
        .filter_map(|link| parse_link(&format!("[[{}]]", link.target)))
        .filter(|target| seen.insert((target.folder.clone(), target.key().to_owned())))
        .collect()
}

/// The kind, first match wins: `type`, then suivi's folders, then the
/// daily notes' folder and format, then `contact` + `date`. A daily note
/// that names a `contact` and a `date` stays a daily note: the plugin's
/// template often holds such properties, and a day logged is not one
/// conversation; `type: interview` makes it an interview.
fn kind_of(path: &str, reader: &mut Reader, config: &Config) -> Option<KindName> {
    // Other vaults use `type` for their own ends (a list of category links,
    // say): it decides only when it holds one of suivi's kinds, silently.
    let declared = reader
        .get("type")
        .map(|p| items_of(&p.value))
        .unwrap_or_default();
    for value in declared.iter().filter_map(Yaml::as_text) {
        match value.trim().to_lowercase().as_str() {
            "interview" => return Some(KindName::Interview),
            "person" => return Some(KindName::Person),
            "company" => return Some(KindName::Company),
            _ => {}
        }
    }
    let folders = &config.folders;
    let by_folder = [
        (&folders.interviews, KindName::Interview),
        (&folders.people, KindName::Person),
        (&folders.companies, KindName::Company),
    ];
    if let Some((_, kind)) = by_folder.iter().find(|(folder, _)| is_under(path, folder)) {
        return Some(*kind);
    }
    if let Some(day) = (config.daily.notes.as_ref()).and_then(|daily| daily.day_of(path)) {
        return Some(KindName::Daily(day));
    }
    (reader.has("contact") && reader.has("date")).then_some(KindName::Interview)
}

/// True for the note at `path`, whose name has `key`, when the
/// configuration names it as the question bank. Every note is asked: the
/// keys are compared first, and the whole path only when they match.
fn is_question_bank(path: &str, key: &str, config: &Config) -> bool {
    let Some(bank) = parse_note_path(&config.question_bank) else {
        return false;
    };
    key == bank.key()
        && bank.folder.as_ref().is_none_or(|folder| {
            name_key(path) == name_key(&format!("{folder}/{}.md", bank.name()))
        })
}

fn read_interview(r: &mut Reader, sections: Vec<Section>) -> Option<Interview> {
    let contacts = r.links("contact");
    let when = r.when("date");
    if contacts.is_empty() {
        let lang = r.lang;
        r.issue(
            1,
            tr(
                lang,
                "an interview without `contact`: who did you talk to?",
                "un entretien sans `contact` : avec qui avez-vous parlé ?",
            ),
            tr(
                lang,
                "add `contact: \"[[Their Name]]\"`",
                "ajoutez `contact: \"[[Son nom]]\"`",
            ),
        );
    }
    if when.is_none() && !r.has("date") {
        let lang = r.lang;
        r.issue(
            1,
            tr(
                lang,
                "an interview without `date`",
                "un entretien sans `date`",
            ),
            tr(
                lang,
                "add `date: 2026-11-20` (or a datetime `2026-11-20T14:30`)",
                "ajoutez `date: 2026-11-20` (ou avec l'heure `2026-11-20T14:30`)",
            ),
        );
    }
    let when = when?;
    if contacts.is_empty() {
        return None;
    }
    Some(Interview {
        contacts,
        when,
        company: r.link("company"),
        role: r.text("role"),
        channel: r.text("channel"),
        duration: r.number("duration"),
        referred_by: r.link("referred_by"),
        topic: r.text("topic"),
        questions: r.texts("questions"),
        referrals: r.referrals("referrals"),
        thank_you_sent: r.date("thank_you_sent"),
        they_follow_up_by: r.date("they_follow_up_by"),
        opening: r.text("opening"),
        opening_expected: r.date("opening_expected"),
        prepared: r.date("prepared"),
        first_heading: sections.first().map(|s| s.heading.clone()),
        answers: sections.into_iter().map(Answer::of).collect(),
    })
}

fn read_person(r: &mut Reader) -> PersonNote {
    PersonNote {
        aliases: r.texts("aliases"),
        company: r.link("company"),
        role: r.text("role"),
        email: r.text("email"),
        linkedin: r.text("linkedin"),
        phone: r.text("phone"),
        status: r.status("status"),
        referred_by: r.link("referred_by"),
        may_mention: r.checkbox("may_mention"),
        last_contact: r.date("last_contact"),
        cadence_days: r.number("cadence_days"),
        touches: r.touches("touches"),
        snooze_until: r.date("snooze_until"),
    }
}

fn read_company(r: &mut Reader) -> CompanyNote {
    CompanyNote {
        target: r.checkbox("target").unwrap_or(false),
        website: r.text("website"),
        industry: r.text("industry"),
    }
}

/// Parses `2026-11-20`, `2026-11-20T14:30`, `2026-11-20 14:30:00+01:00`,
/// `2026-11-20T14:30[Europe/Paris]`.
pub fn parse_when(text: &str) -> Option<When> {
    let text = text.trim();
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(When { date, time: None });
    }
    let clock = rest.strip_prefix(['T', ' '])?;
    let time = NaiveTime::parse_from_str(clock.get(..5)?, "%H:%M").ok()?;
    let tail = &clock[5..];
    let tail_ok = tail.is_empty() || tail.starts_with([':', '.', 'Z', '+', '-', '[', ' ']);
    tail_ok.then_some(When {
        date,
        time: Some(time),
    })
}

/// The shape a property should have, for messages.
#[derive(Debug, Clone, Copy)]
enum Expected {
    Text,
    Texts,
    Link,
    Links,
    Number,
    Checkbox,
    Referrals,
    Touches,
}

impl Expected {
    fn describe(self, lang: Lang) -> &'static str {
        let (en, fr) = match self {
            Expected::Text => ("text", "du texte"),
            Expected::Texts => ("a list of text", "une liste de textes"),
            Expected::Link => ("one link", "un lien"),
            Expected::Links => ("a link or a list of links", "un lien ou une liste de liens"),
            Expected::Number => ("a whole number", "un nombre entier"),
            Expected::Checkbox => (
                "a checkbox (true or false)",
                "une case à cocher (true ou false)",
            ),
            Expected::Referrals => (
                "a list of names or of maps with a `name`",
                "une liste de noms ou de dictionnaires avec un `name`",
            ),
            Expected::Touches => ("a list of touches", "une liste d'échanges"),
        };
        if lang == Lang::Fr { fr } else { en }
    }
}

/// Reads typed values out of a note's properties, turning each wrong shape
/// into an issue on the property's line.
struct Reader<'a> {
    path: &'a str,
    lang: Lang,
    properties: &'a [Property],
    issues: &'a mut Vec<VaultIssue>,
}

impl<'a> Reader<'a> {
    fn get(&self, key: &str) -> Option<&'a Property> {
        self.properties
            .iter()
            .find(|p| p.key == key)
            .filter(|p| p.value != Yaml::Null && !holds_placeholder(&p.value))
    }

    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn issue(&mut self, line: usize, message: String, fix: impl Into<String>) {
        self.issues
            .push(VaultIssue::new(self.path, line, message, fix));
    }

    fn wrong(&mut self, property: &Property, expected: Expected, example: &str) {
        let (key, lang) = (&property.key, self.lang);
        let (wanted, found) = (expected.describe(lang), property.value.kind_name(lang));
        self.issue(
            property.line,
            tr(
                lang,
                format!("`{key}` should be {wanted}, not {found}"),
                format!("`{key}` devrait être {wanted}, pas {found}"),
            ),
            tr(
                lang,
                format!("write it like `{key}: {example}`"),
                format!("écrivez-la comme `{key}: {example}`"),
            ),
        );
    }

    fn text(&mut self, key: &str) -> Option<String> {
        let property = self.get(key)?;
        let text = property.value.as_text();
        if text.is_none() {
            self.wrong(property, Expected::Text, "some text");
        }
        text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
    }

    fn texts(&mut self, key: &str) -> Vec<String> {
        let Some(property) = self.get(key) else {
            return Vec::new();
        };
        let items: Vec<Option<Cow<str>>> = match &property.value {
            Yaml::Seq(items) => items.iter().map(Yaml::as_text).collect(),
            single => vec![single.as_text()],
        };
        if items.iter().any(Option::is_none) {
            self.wrong(property, Expected::Texts, "[first, second]");
        }
        let texts = (items.iter().flatten())
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        kept_list(items.len(), texts)
    }

    /// A link written without quotes, `[[Paul Martin]]`, is a list holding a
    /// list for YAML: read it as the link, and say how to write it.
    fn unquoted_link<'v>(&mut self, property: &Property, value: &'v Yaml) -> Option<&'v str> {
        let Yaml::Seq(outer) = value else { return None };
        let [Yaml::Seq(inner)] = outer.as_slice() else {
            return None;
        };
        let [Yaml::Str(name)] = inner.as_slice() else {
            return None;
        };
        let (key, lang) = (&property.key, self.lang);
        self.issue(
            property.line,
            tr(lang, format!("`{key}` has a link without quotes, which YAML reads as a nested list"), format!("`{key}` contient un lien sans guillemets, que YAML lit comme une liste imbriquée")),
            tr(lang, format!("write it in quotes: `{key}: \"[[{name}]]\"`"), format!("mettez-le entre guillemets : `{key}: \"[[{name}]]\"`")),
        );
        Some(name)
    }

    fn link_text<'v>(&mut self, property: &Property, value: &'v Yaml) -> Option<Cow<'v, str>> {
        match value {
            Yaml::Str(_) | Yaml::Int(_) | Yaml::Float(_) => value.as_text(),
            other => self.unquoted_link(property, other).map(Cow::Borrowed),
        }
    }

    fn link(&mut self, key: &str) -> Option<LinkTarget> {
        let property = self.get(key)?;
        let text = match items_of(&property.value) {
            [single] => self.link_text(property, single),
            _ => None,
        };
        if text.is_none() {
            self.wrong(property, Expected::Link, "\"[[Name]]\"");
        }
        text.as_deref().and_then(parse_link)
    }

    fn links(&mut self, key: &str) -> Vec<LinkTarget> {
        let Some(property) = self.get(key) else {
            return Vec::new();
        };
        let texts: Vec<Option<Cow<str>>> = items_of(&property.value)
            .iter()
            .map(|item| self.link_text(property, item))
            .collect();
        if texts.iter().any(Option::is_none) {
            self.wrong(property, Expected::Links, "[\"[[First]]\", \"[[Second]]\"]");
        }
        kept_list(
            texts.len(),
            texts.iter().flatten().filter_map(|t| parse_link(t)),
        )
    }

    fn when(&mut self, key: &str) -> Option<When> {
        let property = self.get(key)?;
        let when = property.value.as_text().as_deref().and_then(parse_when);
        if when.is_none() {
            self.wrong_date(property);
        }
        when
    }

    fn wrong_date(&mut self, property: &Property) {
        let (key, lang) = (&property.key, self.lang);
        let shown = property.value.as_text().map_or_else(
            || property.value.kind_name(lang).to_owned(),
            |t| format!("{t:?}"),
        );
        let shown = clip(&shown, 60);
        self.issue(
            property.line,
            tr(
                lang,
                format!("`{key}` is not a date: {shown}"),
                format!("`{key}` n'est pas une date : {shown}"),
            ),
            tr(
                lang,
                format!("write a date like `{key}: 2026-11-20`"),
                format!("écrivez une date comme `{key}: 2026-11-20`"),
            ),
        );
    }

    fn date(&mut self, key: &str) -> Option<NaiveDate> {
        self.when(key).map(|w| w.date)
    }

    fn number(&mut self, key: &str) -> Option<u32> {
        let property = self.get(key)?;
        let number = match &property.value {
            Yaml::Int(i) => u32::try_from(*i).ok(),
            Yaml::Str(s) => s.trim().parse().ok(),
            _ => None,
        };
        if number.is_none() {
            self.wrong(property, Expected::Number, "30");
        }
        number
    }

    fn checkbox(&mut self, key: &str) -> Option<bool> {
        let property = self.get(key)?;
        let value = checkbox_value(&property.value);
        if value.is_none() {
            self.wrong(property, Expected::Checkbox, "true");
        }
        value
    }

    fn status(&mut self, key: &str) -> Option<Status> {
        let property = self.get(key)?;
        let text = property.value.as_text().unwrap_or_default();
        let status = Status::parse(&text);
        if status.is_none() {
            let known: Vec<&str> = Status::ALL.iter().map(|(name, _)| *name).collect();
            let (shown, known) = (clip(&text, 60), known.join(", "));
            self.issue(
                property.line,
                tr(
                    self.lang,
                    format!("unknown `status`: {shown:?}"),
                    format!("`status` inconnu : {shown:?}"),
                ),
                tr(
                    self.lang,
                    format!("use one of: {known}"),
                    format!("utilisez l'un de : {known}"),
                ),
            );
        }
        status
    }

    fn referrals(&mut self, key: &str) -> Vec<Referral> {
        let Some(property) = self.get(key) else {
            return Vec::new();
        };
        let items = items_of(&property.value);
        let mut referrals = Vec::with_capacity(items.len());
        for item in items {
            let referral = match item {
                Yaml::Map(entries) => self.referral_map(property, entries),
                other => self
                    .link_text(property, other)
                    .and_then(|t| parse_link(&t))
                    .map(|name| Referral {
                        name,
                        company: None,
                        role: None,
                        note: None,
                        may_mention: None,
                    }),
            };
            match referral {
                Some(referral) => referrals.push(referral),
                None => self.wrong(
                    property,
                    Expected::Referrals,
                    "[\"[[Marie Curie]]\", {name: Paul, company: Acme}]",
                ),
            }
        }
        referrals
    }

    fn referral_map(&mut self, property: &Property, entries: &[(Yaml, Yaml)]) -> Option<Referral> {
        let field = |name: &str| {
            entries
                .iter()
                .find(|(k, _)| k.as_text().as_deref() == Some(name))
                .map(|(_, v)| v)
        };
        let name = field("name").and_then(|v| self.link_text(property, v))?;
        let company = field("company").and_then(|v| self.link_text(property, v));
        Some(Referral {
            name: parse_link(&name)?,
            company: company.as_deref().and_then(parse_link),
            role: field("role").and_then(Yaml::as_text).map(Cow::into_owned),
            note: field("note").and_then(Yaml::as_text).map(Cow::into_owned),
            may_mention: field("may_mention").and_then(checkbox_value),
        })
    }

    fn touches(&mut self, key: &str) -> Vec<Touch> {
        let Some(property) = self.get(key) else {
            return Vec::new();
        };
        let Yaml::Seq(items) = &property.value else {
            self.wrong(
                property,
                Expected::Touches,
                "[\"2026-11-20 out email: sent my CV\"]",
            );
            return Vec::new();
        };
        let mut touches = Vec::with_capacity(items.len());
        for item in items {
            match touch(item) {
                Some(touch) => touches.push(touch),
                None => {
                    let shown = item
                        .as_text()
                        .map_or_else(String::new, |t| format!(": {:?}", clip(&t, 60)));
                    self.issue(
                        property.line,
                        tr(self.lang, format!("a `touches` entry is not a date, `out` or `in`, a channel and a note{shown}"), format!("une entrée de `touches` n'est pas une date, `out` ou `in`, un canal et une note{shown}")),
                        tr(self.lang, "write entries like `- \"2026-11-20 out email: sent my CV\"` (channel and note optional)", "écrivez les entrées comme `- \"2026-11-20 out email: envoyé mon CV\"` (canal et note facultatifs)"),
                    );
                }
            }
        }
        touches
    }
}

fn holds_placeholder(value: &Yaml) -> bool {
    match value {
        Yaml::Str(text) => is_placeholder(text),
        Yaml::Seq(items) => items.iter().any(holds_placeholder),
        // `date: {{date}}` unquoted is a map whose key is a map.
        Yaml::Map(entries) => entries.iter().any(|(k, v)| {
            matches!(k, Yaml::Map(_)) && *v == Yaml::Null
                || holds_placeholder(k)
                || holds_placeholder(v)
        }),
        _ => false,
    }
}

/// What a list property's items give, in a vector with room for as many
/// as it has items. A note's lists are kept for the whole pass, and a vector
/// grown one item at a time has room for four: most of it unused.
fn kept_list<T>(items: usize, values: impl Iterator<Item = T>) -> Vec<T> {
    let mut list = Vec::with_capacity(items);
    list.extend(values);
    list
}

/// The values of a property that may hold one value or a list of them.
fn items_of(value: &Yaml) -> &[Yaml] {
    match value {
        Yaml::Seq(items) if !is_unquoted_link(value) => items,
        single => std::slice::from_ref(single),
    }
}

/// `[[Name]]` without quotes: a list holding a list holding one text.
fn is_unquoted_link(value: &Yaml) -> bool {
    let Yaml::Seq(outer) = value else {
        return false;
    };
    matches!(outer.as_slice(), [Yaml::Seq(inner)] if matches!(inner.as_slice(), [Yaml::Str(_)]))
}

/// A touch written as text, `2026-11-22 out email: sent my CV` (what
/// Obsidian's property editor can edit), or as a map `{date, dir, channel,
/// note}`.
fn touch(item: &Yaml) -> Option<Touch> {
    let Yaml::Map(entries) = item else {
        return parse_touch(&item.as_text()?);
    };
    // `- 2026-11-22 out email: sent my CV` unquoted is, for YAML, a map of
    // one entry: the text before the colon to the note.
    if let [(key, note)] = entries.as_slice()
        && let Some(touch) = parse_touch(&format!("{}: {}", key.as_text()?, note.as_text()?))
    {
        return Some(touch);
    }
    let field = |name: &str| {
        entries
            .iter()
            .find(|(k, _)| k.as_text().as_deref() == Some(name))
            .and_then(|(_, v)| v.as_text())
    };
    Some(Touch {
        date: parse_when(&field("date")?)?.date,
        dir: direction(&field("dir")?)?,
        channel: field("channel").map(Cow::into_owned),
        note: field("note").map(Cow::into_owned),
    })
}

/// Reads `DATE out|in [CHANNEL][: NOTE]`.
pub fn parse_touch(text: &str) -> Option<Touch> {
    let (date, rest) = text.trim().split_once(char::is_whitespace)?;
    let date = parse_when(date)?.date;
    let (head, note) = match rest.split_once(':') {
        Some((head, note)) => (head, Some(note.trim()).filter(|n| !n.is_empty())),
        None => (rest, None),
    };
    let mut words = head.split_whitespace();
    let dir = direction(words.next()?)?;
    let channel = words.next().map(str::to_owned);
    if words.next().is_some() {
        return None;
    }
    Some(Touch {
        date,
        dir,
        channel,
        note: note.map(str::to_owned),
    })
}

fn direction(text: &str) -> Option<Direction> {
    let text = text.trim().to_lowercase();
    [Direction::Out, Direction::In]
        .into_iter()
        .find(|dir| dir.as_str() == text)
}

impl Direction {
    /// How a touch writes it: `out` or `in`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
        }
    }
}

impl Touch {
    /// The text form of the touch, as `touches` holds it.
    pub fn to_text(&self) -> String {
        let mut text = format!("{} {}", self.date, self.dir.as_str());
        if let Some(channel) = &self.channel {
            text.push(' ');
            text.push_str(channel);
        }
        if let Some(note) = &self.note {
            text.push_str(": ");
            text.push_str(note);
        }
        text
    }

    /// The map form of the touch, `{date, dir, channel, note}`, for a list
    /// that holds only maps.
    pub fn to_map(&self) -> Vec<(String, String)> {
        let fields = [
            ("date", Some(self.date.to_string())),
            ("dir", Some(self.dir.as_str().to_owned())),
            ("channel", self.channel.clone()),
            ("note", self.note.clone()),
        ];
        (fields.into_iter())
            .filter_map(|(key, value)| Some((key.to_owned(), value?)))
            .collect()
    }
}

fn checkbox_value(value: &Yaml) -> Option<bool> {
    match value {
        Yaml::Bool(b) => Some(*b),
        Yaml::Str(s) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "on" | "oui" => Some(true),
            "false" | "no" | "n" | "off" | "non" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// At most `max` characters of a user's value, for a message.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str, text: &str) -> Note {
        parse_note(path, text.as_bytes(), &Config::default())
    }

    fn interview(note: &Note) -> &Interview {
        match &note.kind {
            Kind::Interview(i) => i,
            other => panic!("not an interview: {other:?} {:?}", note.issues),
        }
    }

    #[test]
    fn an_interview_keeps_the_sections_a_bank_question_asks_about() {
        let bank = parse(
            "Question bank.md",
            "- What does a typical day look like?\n- Pay?\n",
        );
        let bank = BankKeys::of([&bank]);
        let text = "\u{feff}---\r\ncontact: Paul\r\ndate: 2026-11-20\r\n---\r\n# Call with Paul\r\n\
             ## What does a typical day look like ?\r\nMeetings.\r\n## Pay\r\n\r\n## Office\r\nOpen plan.\r\n";
        let mut note = parse("Interviews/a.md", text);
        assert_eq!(interview(&note).answers.len(), 4);
        note.keep_answers(&bank);
        // Where the text lies in the file, byte order mark and all.
        let kept: Vec<_> = (interview(&note).answers.iter())
            .map(|a| (&*a.question, &text[a.span.clone()]))
            .collect();
        let question = question_key("What does a typical day look like?");
        assert_eq!(kept, [(question.as_str(), "Meetings.")]);
        // Every answer kept shares the bank's key of its question.
        let shared = bank.0.get(question.as_str()).unwrap();
        assert!(Arc::ptr_eq(&interview(&note).answers[0].question, shared));
        assert_eq!(
            interview(&note).first_heading.as_deref(),
            Some("Call with Paul")
        );
    }

    #[test]
    fn an_interview_with_every_form_of_value() {
        let note = parse(
            "Interviews/2026-11-20 Paul Martin.md",
            "---\ncontact:\n  - \"[[Paul Martin]]\"\n  - Zoé Roy\ndate: 2026-11-20T14:30\ncompany: \"[[Acme]]\"\n\
             referrals:\n  - \"[[Marie Curie]]\"\n  - {name: Jean Dupont, company: Beta, may_mention: true}\n\
             thank_you_sent: 2026-11-21\nduration: 45\n---\n# Notes\n- [ ] send the deck 📅 2026-11-30\n",
        );
        assert!(note.issues.is_empty(), "{:?}", note.issues);
        let i = interview(&note);
        let names: Vec<_> = i.contacts.iter().map(|c| c.name()).collect();
        assert_eq!(names, ["Paul Martin", "Zoé Roy"]);
        assert_eq!(i.when, parse_when("2026-11-20T14:30").unwrap());
        assert_eq!(i.company.as_ref().unwrap().name(), "Acme");
        assert_eq!(i.referrals.len(), 2);
        assert_eq!(i.referrals[1].may_mention, Some(true));
        assert_eq!(i.referrals[1].company.as_ref().unwrap().name(), "Beta");
        assert_eq!(i.duration, Some(45));
        assert_eq!(note.tasks[0].line, 14);
    }

    #[test]
    fn kind_comes_from_type_then_folder_then_contact_and_date() {
        let typed = parse("x.md", "---\ntype: person\n---\n");
        assert!(matches!(typed.kind, Kind::Person(..)));
        let foreign = parse("x.md", "---\ntype:\n  - \"[[Books]]\"\n---\n");
        assert!(matches!(foreign.kind, Kind::Other));
        assert!(foreign.issues.is_empty(), "{:?}", foreign.issues);
        let foldered = parse("Companies/Acme.md", "");
        assert!(matches!(foldered.kind, Kind::Company(..)));
        let guessed = parse("Daily/x.md", "---\ncontact: Paul\ndate: 2026-01-02\n---\n");
        assert!(matches!(guessed.kind, Kind::Interview(_)));
        let other = parse("Daily/y.md", "---\ndate: 2026-01-02\n---\n");
        assert!(matches!(other.kind, Kind::Other));
        assert!(other.issues.is_empty());
    }

    #[test]
    fn a_wrong_value_is_an_issue_on_its_line_and_the_rest_is_read() {
        let note = parse(
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: 2026-11-20\nthank_you_sent: next week\nstatus: x\nduration: long\n---\n",
        );
        let i = interview(&note);
        assert_eq!(i.thank_you_sent, None);
        let lines: Vec<_> = note.issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, [4, 6]);
        assert!(note.issues[0].message.contains("thank_you_sent"));
    }

    #[test]
    fn an_interview_missing_contact_or_date_is_reported_and_not_indexed() {
        let note = parse("Interviews/a.md", "---\ncompany: Acme\n---\n");
        assert!(matches!(note.kind, Kind::Other));
        assert_eq!(note.issues.len(), 2);
    }

    #[test]
    fn unquoted_links_are_read_with_a_warning() {
        let note = parse(
            "Interviews/a.md",
            "---\ncontact: [[Paul Martin]]\ndate: 2026-11-20\nreferred_by: [[Zoé]]\n---\n",
        );
        let i = interview(&note);
        assert_eq!(i.contacts[0].name(), "Paul Martin");
        assert_eq!(i.referred_by.as_ref().unwrap().name(), "Zoé");
        assert_eq!(note.issues.len(), 2);
        assert_eq!(note.issues[1].line, 4);
    }

    #[test]
    fn bad_yaml_skips_the_note_with_its_file_line() {
        let note = parse(
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: [2026\n---\nbody\n",
        );
        assert!(matches!(note.kind, Kind::Other));
        assert_eq!(note.issues.len(), 1);
        assert!(note.issues[0].line >= 3, "{:?}", note.issues);
    }

    #[test]
    fn a_misspelled_property_is_reported_on_its_line() {
        let note = parse(
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: 2026-11-20\nthank_you_snet: 2026-11-21\nmood: good\n---\n",
        );
        let found: Vec<_> = (note.issues.iter())
            .map(|i| (i.line, i.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                4,
                "suivi does not read the property `thank_you_snet`: did you mean `thank_you_sent`?"
            )]
        );
        let other = parse("Daily/x.md", "---\nthank_you_snet: 2026-11-21\n---\n");
        assert!(other.issues.is_empty(), "{:?}", other.issues);
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let note = parse_note("a.md", b"ok\nok\n\xff\n", &Config::default());
        assert_eq!(note.issues[0].line, 3);
    }

    #[test]
    fn person_touches_and_status() {
        let note = parse(
            "People/Zoé Roy.md",
            "---\nstatus: To contact\ntouches:\n  - {date: 2026-11-01, dir: out}\n  - {date: 2026-11-02, dir: sideways}\n---\n",
        );
        let Kind::Person(named, p) = &note.kind else {
            panic!()
        };
        assert_eq!(p.status, Some(Status::ToContact));
        assert_eq!(p.touches.len(), 1);
        assert_eq!(note.issues.len(), 1);
        assert_eq!(named.name, "Zoé Roy");
    }

    #[test]
    fn touches_as_text_and_as_maps() {
        let note = parse(
            "People/Ana.md",
            "---\ntouches:\n  - 2026-11-22 out email: sent my CV\n  - \"2026-11-23 in\"\n  - \"2026-11-24T09:30 out phone: a call: short\"\n  - {date: 2026-11-25, dir: in, channel: linkedin}\n  - 2026-11-26 sideways\n  - out 2026-11-27\n  - 2026-11-28 out two words channel\n---\n",
        );
        let Kind::Person(_, p) = &note.kind else {
            panic!()
        };
        let texts: Vec<String> = p.touches.iter().map(Touch::to_text).collect();
        assert_eq!(
            texts,
            [
                "2026-11-22 out email: sent my CV",
                "2026-11-23 in",
                "2026-11-24 out phone: a call: short",
                "2026-11-25 in linkedin",
            ]
        );
        assert_eq!(note.issues.len(), 3, "{:?}", note.issues);
        assert!(note.issues.iter().all(|i| i.line == 2));
        for text in &texts {
            assert_eq!(parse_touch(text).map(|t| t.to_text()).as_ref(), Some(text));
        }
    }

    #[test]
    fn datetimes_in_every_written_form() {
        for text in [
            "2026-11-20",
            "2026-11-20T14:30",
            "2026-11-20 14:30:00",
            "2026-11-20T14:30:00+01:00",
            "2026-11-20T14:30[Europe/Paris]",
        ] {
            assert!(parse_when(text).is_some(), "{text}");
        }
        for text in ["20/11/2026", "2026-13-01", "{{date}}", "2026-11-20x", ""] {
            assert!(parse_when(text).is_none(), "{text}");
        }
    }
}
