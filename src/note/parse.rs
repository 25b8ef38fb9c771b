//! Notes stage: one file's bytes become one typed note, a pure function.
//!
//! The steps, in order: the text must be UTF-8 and hold no merge conflict;
//! the front-matter's fences and YAML are checked; the note's kind is
//! decided; its properties are read through the [`Reader`] and the parts of
//! its body its kind needs are parsed. A front-matter that is not valid YAML
//! makes the whole note unreadable: it is reported and skipped.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;

use super::properties::{holds_placeholder, items_of};
use super::reader::Reader;
use super::{Answer, CompanyNote, DailyNote, Interview, Kind, Named, Note, PersonNote};
use crate::body::{self, Body, Section};
use crate::config::{Config, Lang};
use crate::frontmatter::{self, Property, Split, Yaml};
use crate::i18n::words;
use crate::issue::VaultIssue;
use crate::names::{LinkTarget, name_key, nfc, parse_link, parse_note_path};
use crate::spelling;
use crate::vault::is_under;

/// Parses one note. Never fails: what cannot be read becomes an issue.
pub fn parse_note(path: &str, bytes: &[u8], config: &Config) -> Note {
    let lang = config.lang;
    let mut note = Note::empty(path);
    let text = match utf8_text(path, bytes, lang) {
        Ok(text) => text,
        Err(issue) => {
            note.issues.push(issue);
            return note;
        }
    };
    if let Some(issue) = conflict_issue(path, text, lang) {
        note.issues.push(issue);
        return note;
    }
    let split = frontmatter::split(text);
    note.issues.extend(fence_issues(path, text, &split, lang));
    let properties = match read_properties(path, &split, lang) {
        Ok(properties) => properties,
        Err(issue) => {
            note.issues.push(issue);
            return note;
        }
    };
    let mut reader = Reader {
        path,
        lang,
        properties: &properties,
        issues: &mut note.issues,
    };
    placeholder_issues(&mut reader, &properties);
    let kind_name = kind_of(path, &mut reader, config);
    spelling_issues(&mut reader, &properties, kind_name);
    let name = name_of(path);
    let key = name_key(&name);
    let is_bank = is_question_bank(path, &key, config);
    let body = read_body(text, &split, kind_name, is_bank);
    if is_bank {
        note.bank = body.list_items;
    }
    note.kind = read_kind(
        &mut reader,
        kind_name,
        (name, key),
        body.sections,
        &body.links,
    );
    if matches!(note.kind, Kind::Interview(_) | Kind::Person(..)) {
        note.tasks = body.tasks;
    }
    note.issues.sort();
    note
}

/// The note's text, or the issue naming the line of its first byte that is
/// not UTF-8.
fn utf8_text<'b>(path: &str, bytes: &'b [u8], lang: Lang) -> Result<&'b str, VaultIssue> {
    simdutf8::compat::from_utf8(bytes).map_err(|error| {
        let line = memchr::memchr_iter(b'\n', &bytes[..error.valid_up_to()]).count() + 1;
        let said = &words(lang).issues;
        VaultIssue::new(path, line, said.not_utf8, said.not_utf8_fix)
    })
}

/// The issue of a note holding a whole merge conflict: such a note is not read.
fn conflict_issue(path: &str, text: &str, lang: Lang) -> Option<VaultIssue> {
    let line = conflict_marker_line(text)?;
    let said = &words(lang).issues;
    Some(VaultIssue::new(
        path,
        line,
        said.merge_conflict,
        said.merge_conflict_fix,
    ))
}

/// The issues of front-matter fences Obsidian does not read as such: after
/// blank lines, or never closed.
fn fence_issues(path: &str, text: &str, split: &Split, lang: Lang) -> Vec<VaultIssue> {
    let said = &words(lang).issues;
    let mut issues = Vec::new();
    if split.yaml.is_none() && starts_with_blank_then_fence(text) {
        issues.push(VaultIssue::new(
            path,
            1,
            said.blank_before_fence,
            said.blank_before_fence_fix,
        ));
    }
    if split.unclosed {
        issues.push(VaultIssue::new(
            path,
            1,
            said.fence_unclosed,
            said.fence_unclosed_fix,
        ));
    }
    issues
}

/// The front-matter's properties (none without one), or the issue that
/// makes the whole note unreadable: YAML that does not parse.
fn read_properties(path: &str, split: &Split, lang: Lang) -> Result<Vec<Property>, VaultIssue> {
    match split
        .yaml
        .map(|y| frontmatter::parse_properties(y, split.yaml_line))
    {
        None => Ok(Vec::new()),
        Some(Ok(properties)) => Ok(properties),
        Some(Err(error)) => Err(VaultIssue::new(
            path,
            error.line,
            (words(lang).issues.yaml_unreadable)(&error.message),
            words(lang).issues.yaml_fix,
        )),
    }
}

/// An issue for each property still holding a template's placeholder.
fn placeholder_issues(reader: &mut Reader, properties: &[Property]) {
    let said = &words(reader.lang).issues;
    for property in properties {
        if holds_placeholder(&property.value) {
            let message = (said.placeholder)(&property.key);
            reader.issue(property.line, message, said.placeholder_fix);
        }
    }
}

/// An issue for each property that looks like a misspelling of one the
/// note's kind reads.
fn spelling_issues(reader: &mut Reader, properties: &[Property], kind_name: Option<KindName>) {
    let known = match kind_name {
        Some(KindName::Interview) => spelling::INTERVIEW,
        Some(KindName::Person) => spelling::PERSON,
        Some(KindName::Company) => spelling::COMPANY,
        Some(KindName::Daily(_)) | None => &[],
    };
    for property in properties {
        if let Some(meant) = spelling::likely_meant(&property.key, known) {
            let issue = spelling::issue(
                reader.path,
                property.line,
                &property.key,
                meant,
                reader.lang,
            );
            reader.issues.push(issue);
        }
    }
}

/// The parts of the body the note's kind reads (none for other notes),
/// its sections' spans as offsets in the whole file.
fn read_body(text: &str, split: &Split, kind_name: Option<KindName>, is_bank: bool) -> Body {
    let wants_body = kind_name.is_some() || is_bank;
    let wanted = body::Wanted {
        sections: kind_name == Some(KindName::Interview),
        links: matches!(kind_name, Some(KindName::Daily(_))),
    };
    let mut parsed = if wants_body {
        body::parse_parts(split.body, split.body_line, wanted)
    } else {
        Body::default()
    };
    // The body is the end of the file: its offsets become the file's.
    let body_start = text.len() - split.body.len();
    for section in &mut parsed.sections {
        section.span = section.span.start + body_start..section.span.end + body_start;
    }
    parsed
}

/// The note's kind with its properties read; an interview missing its
/// `contact` or `date` is none of suivi's.
fn read_kind(
    reader: &mut Reader,
    kind_name: Option<KindName>,
    (name, key): (String, String),
    sections: Vec<Section>,
    links: &[body::Wikilink],
) -> Kind {
    match kind_name {
        Some(KindName::Interview) => match read_interview(reader, sections) {
            Some(interview) => Kind::Interview(Arc::new(interview)),
            None => Kind::Other,
        },
        Some(KindName::Person) => {
            Kind::Person(Named::new(name, key), Arc::new(read_person(reader)))
        }
        Some(KindName::Company) => {
            Kind::Company(Named::new(name, key), Arc::new(read_company(reader)))
        }
        Some(KindName::Daily(day)) => Kind::Daily(Arc::new(DailyNote {
            day,
            links: met_links(links),
        })),
        None => Kind::Other,
    }
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

/// Which of suivi's kinds a note is, decided before its properties are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KindName {
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

/// An interview's properties (SPEC 2.2); none without its `contact` or
/// `date`, each reported.
fn read_interview(r: &mut Reader, sections: Vec<Section>) -> Option<Interview> {
    let contacts = r.links("contact");
    let when = r.when("date");
    let said = &words(r.lang).issues;
    if contacts.is_empty() {
        r.issue(1, said.no_contact.to_owned(), said.no_contact_fix);
    }
    if when.is_none() && !r.has("date") {
        r.issue(1, said.no_date.to_owned(), said.no_date_fix);
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

/// A person note's properties (SPEC 2.2).
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

/// A company note's properties (SPEC 2.2).
fn read_company(r: &mut Reader) -> CompanyNote {
    CompanyNote {
        target: r.checkbox("target").unwrap_or(false),
        website: r.text("website"),
        industry: r.text("industry"),
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

/// True for a note at a path the configuration names as the question bank.
pub fn is_bank_note(path: &str, config: &Config) -> bool {
    is_question_bank(path, &name_key(&name_of(path)), config)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{interview, parse};
    use super::*;
    use crate::note::parse_when;

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
        let names: Vec<_> = i.contacts.iter().map(LinkTarget::name).collect();
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
    fn an_interview_missing_contact_or_date_is_reported_and_not_indexed() {
        let note = parse("Interviews/a.md", "---\ncompany: Acme\n---\n");
        assert!(matches!(note.kind, Kind::Other));
        assert_eq!(note.issues.len(), 2);
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
}
