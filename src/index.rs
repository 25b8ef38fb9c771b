//! Index stage: the notes become people, companies and conversations.
//!
//! A person exists once however they are named: in a person note (by file
//! name or `aliases`), an interview's `contact`, a `referrals` entry or a
//! `referred_by`. Names meet through [`name_key`]. When two person notes claim
//! one name, the note whose path sorts first wins, every time, and the other
//! is reported. The index does not know what day it is: the rules do.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use foldhash::fast::RandomState;
use indexmap::IndexMap;

use crate::body::Task;
use crate::i18n::words;
use crate::issue::VaultIssue;
use crate::lang::Lang;
use crate::names::{LinkTarget, name_key};
use crate::note::{CompanyNote, DailyNote, Interview, Kind, Named, Note, PersonNote};

/// A person's identity: the name key of their canonical name. Shared: a
/// person is named by every conversation, referral, promise and action that
/// concerns them, and a large vault has hundreds of thousands of those.
pub type PersonKey = Arc<str>;
/// A company's identity: the name key of its name.
pub type CompanyKey = Arc<str>;
/// A note's vault-relative path, shared with the note.
pub type NotePath = Arc<str>;
/// The people of one conversation or note, shared by all that concerns
/// them: the names given there, the promises made.
pub type People = Arc<[PersonKey]>;

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Always the name key of `name`: sorting by key sorts by name.
    pub key: PersonKey,
    /// Display name (SPEC 2.4): the person note's file name, else the
    /// spelling of their first `contact` link, else the first spelling not
    /// all lower-case, else the first spelling met.
    pub name: String,
    /// Path of their person note, if they have one.
    pub note: Option<NotePath>,
    /// Their person note's properties (all empty without a note), shared
    /// with the note.
    pub data: Arc<PersonNote>,
    pub company: Option<CompanyKey>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Company {
    pub key: CompanyKey,
    pub name: String,
    pub note: Option<NotePath>,
    /// Shared with the note.
    pub data: Arc<CompanyNote>,
}

/// One conversation, its people resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub path: NotePath,
    pub interview: Arc<Interview>,
    pub contacts: People,
    pub referred_by: Option<PersonKey>,
    pub company: Option<CompanyKey>,
    /// The names given in this conversation: a range of [`Index::referrals`].
    pub referrals: Range<usize>,
}

/// A name given in a conversation (P3).
#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    /// The person named.
    pub person: PersonKey,
    /// Who gave the name: the conversation's contacts.
    pub by: People,
    /// The conversation where the name was given.
    pub path: NotePath,
    pub company: Option<CompanyKey>,
    pub note: Option<String>,
    pub may_mention: Option<bool>,
}

/// An open task and whom it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Promise {
    pub path: NotePath,
    pub people: People,
    pub task: Task,
}

/// The question bank: the list items of one note.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bank {
    pub path: NotePath,
    pub questions: Vec<String>,
}

/// Maps looked up by key thousands of times per pass, and walked in key
/// order: hashed lookups (a sorted tree of strings costs a cache miss per
/// comparison in a large vault), entries sorted by key once built. The
/// hasher is seeded per process, so names chosen to collide cannot slow a
/// pass down.
pub type KeyMap<V> = IndexMap<Arc<str>, V, RandomState>;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Index {
    /// In key order.
    pub people: KeyMap<Person>,
    /// In key order.
    pub companies: KeyMap<Company>,
    /// Sorted by date and time, then path.
    pub conversations: Vec<Conversation>,
    /// Each person's conversations, as positions in `conversations`, in
    /// the same order: the rules ask this for every person.
    pub conversations_with: KeyMap<Vec<usize>>,
    /// In conversation order.
    pub referrals: Vec<Referral>,
    pub promises: Vec<Promise>,
    /// The days each person is linked in a daily note (SPEC 2.5), oldest
    /// first, each once: contacts of unknown direction. Only people the
    /// index knows otherwise: a daily note links many things.
    pub daily_contacts: KeyMap<Vec<NaiveDate>>,
    pub bank: Option<Bank>,
    /// Every issue of the notes and of the index, sorted by file and line.
    pub issues: Vec<VaultIssue>,
}

impl Index {
    pub fn person(&self, key: &str) -> Option<&Person> {
        self.people.get(key)
    }

    /// A person's display name (the key itself if unknown, which cannot
    /// happen for keys the index handed out).
    pub fn person_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.people.get(key).map_or(key, |p| p.name.as_str())
    }

    /// The days a person is linked in a daily note, oldest first.
    pub fn daily_contacts_of(&self, person: &str) -> &[NaiveDate] {
        self.daily_contacts.get(person).map_or(&[], Vec::as_slice)
    }

    /// A person's conversations, oldest first.
    pub fn conversations_of<'a>(
        &'a self,
        person: &str,
    ) -> impl DoubleEndedIterator<Item = &'a Conversation> {
        self.conversations_with
            .get(person)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.conversations.get(i))
    }

    /// Puts the interview at `path`, edited in place, into the index, in
    /// place of the one it had. Only for an edit that left all the index
    /// draws from the note as it was (`reuse::refresh` tells): the index is
    /// then the very one [`build`] would give for the edited notes, at the
    /// cost of a look-up instead of a whole build. Returns the conversation,
    /// or None, changing nothing, when the index has none at that path on
    /// that day.
    pub fn replace_interview(
        &mut self,
        path: &str,
        interview: &Arc<Interview>,
    ) -> Option<&Conversation> {
        // Conversations are sorted by date and time, then path.
        let position = self
            .conversations
            .binary_search_by(|c| (c.interview.when, &*c.path).cmp(&(interview.when, path)));
        let conversation = self.conversations.get_mut(position.ok()?)?;
        conversation.interview = Arc::clone(interview);
        Some(conversation)
    }

    pub fn company_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.companies.get(key).map_or(key, |c| c.name.as_str())
    }
}

/// Which person note owns each name key.
struct Claims<'a> {
    by_key: HashMap<String, &'a Note, RandomState>,
    by_path: HashMap<String, &'a Note, RandomState>,
}

/// Builds the index from notes sorted by path; its own issues are written
/// in `lang`.
pub fn build<'a>(notes: impl IntoIterator<Item = &'a Note>, lang: Lang) -> Index {
    let notes: Vec<&Note> = notes.into_iter().collect();
    let mut index = Index::default();
    for note in &notes {
        index.issues.extend(note.issues.iter().cloned());
    }
    let claims = claim_names(&notes, &mut index.issues, lang);
    let mut builder = Builder {
        index,
        claims: &claims,
        spellings: HashMap::default(),
        no_person_note: Arc::default(),
        no_company_note: Arc::default(),
    };
    for note in &notes {
        match &note.kind {
            Kind::Person(named, data) if claims.owns(note) => {
                builder.add_person_note(note, named, data);
            }
            Kind::Company(named, data) => builder.add_company_note(note, named, data),
            _ => {}
        }
        if !note.bank.is_empty() && builder.index.bank.is_none() {
            builder.index.bank = Some(Bank {
                path: Arc::clone(&note.path),
                questions: note.bank.iter().map(|(q, _)| q.clone()).collect(),
            });
        }
    }
    // Interviews by position in `notes`, added in conversation order.
    let mut interviews: Vec<(usize, &Note, &Arc<Interview>)> = (notes.iter().enumerate())
        .filter_map(|(at, note)| match &note.kind {
            Kind::Interview(interview) => Some((at, *note, interview)),
            _ => None,
        })
        .collect();
    interviews.sort_by(|a, b| (a.2.when, &a.1.path).cmp(&(b.2.when, &b.1.path)));
    // The people of each interview, found once: its promises are theirs.
    let mut people_of: Vec<Option<People>> = vec![None; notes.len()];
    for (at, note, interview) in interviews {
        people_of[at] = Some(builder.add_conversation(note, interview));
    }
    for (note, people) in notes.iter().zip(people_of) {
        builder.add_promises(note, people);
    }
    // Once every person is known: a daily note adds no one.
    for note in &notes {
        if let Kind::Daily(daily) = &note.kind {
            builder.add_daily_contacts(daily);
        }
    }
    let mut index = builder.index;
    for days in index.daily_contacts.values_mut() {
        days.sort_unstable();
        days.dedup();
    }
    index.daily_contacts.sort_unstable_keys();
    index.people.sort_unstable_keys();
    index.companies.sort_unstable_keys();
    index.conversations_with.sort_unstable_keys();
    index.issues.sort();
    index.issues.dedup();
    index
}

fn claim_names<'a>(notes: &[&'a Note], issues: &mut Vec<VaultIssue>, lang: Lang) -> Claims<'a> {
    let mut claims = Claims {
        by_key: HashMap::default(),
        by_path: HashMap::default(),
    };
    for note in notes {
        let Kind::Person(named, person) = &note.kind else {
            continue;
        };
        claims.by_path.insert(name_key(&note.path), note);
        for name in std::iter::once(&named.name).chain(&person.aliases) {
            let key = name_key(name);
            match claims.by_key.get(&key) {
                Some(owner) if !std::ptr::eq(*owner, *note) => issues.push(VaultIssue::new(
                    &note.path,
                    1,
                    (words(lang).issues.name_taken)(name, &owner.path),
                    words(lang).issues.name_taken_fix,
                )),
                Some(_) => {}
                None => {
                    claims.by_key.insert(key, note);
                }
            }
        }
    }
    claims
}

impl Claims<'_> {
    /// True when this person note won its own file name. Notes are told
    /// apart by address: each reaches the index once, by reference, and
    /// comparing their long, alike paths was a measurable cost.
    fn owns(&self, note: &Note) -> bool {
        (note.named())
            .and_then(|named| self.by_key.get(&*named.key))
            .is_some_and(|owner| std::ptr::eq(*owner, note))
    }

    /// The person note a link names: by path when the link gives folders,
    /// else by file name or alias.
    fn resolve(&self, link: &LinkTarget) -> Option<&Note> {
        let by_path = link.folder.as_ref().and_then(|folder| {
            self.by_path
                .get(&name_key(&format!("{folder}/{}.md", link.name())))
                .copied()
        });
        by_path
            .or_else(|| self.by_key.get(link.key()).copied())
            .filter(|note| self.owns(note))
    }
}

struct Builder<'a> {
    index: Index,
    claims: &'a Claims<'a>,
    /// How good the spelling each person without a note is shown by is:
    /// a later mention replaces it only with a better one.
    spellings: HashMap<PersonKey, Spelling, RandomState>,
    /// The properties of every person without a note: empty, and shared.
    no_person_note: Arc<PersonNote>,
    /// Likewise for companies.
    no_company_note: Arc<CompanyNote>,
}

impl Builder<'_> {
    fn add_person_note(&mut self, note: &Note, named: &Named, data: &Arc<PersonNote>) {
        let key = Arc::clone(&named.key);
        let company = data.company.as_ref().map(|c| self.company(c));
        self.index.people.insert(
            Arc::clone(&key),
            Person {
                key,
                name: named.name.clone(),
                note: Some(Arc::clone(&note.path)),
                data: Arc::clone(data),
                company,
            },
        );
    }

    fn add_company_note(&mut self, note: &Note, named: &Named, data: &Arc<CompanyNote>) {
        let key = Arc::clone(&named.key);
        let company = (self.index.companies.entry(Arc::clone(&key))).or_insert(Company {
            key,
            name: named.name.clone(),
            note: None,
            data: Arc::clone(data),
        });
        if company.note.is_none() {
            company.name.clone_from(&named.name);
            company.note = Some(Arc::clone(&note.path));
            company.data = Arc::clone(data);
        }
    }

    /// The person a link names, created on first mention. Every mention
    /// shares the key the person was created with; a mention as a
    /// `contact`, or one not all lower-case, may give a better spelling.
    fn person(&mut self, link: &LinkTarget, role: Mention) -> PersonKey {
        if let Some(named) = self.claims.resolve(link).and_then(Note::named) {
            return Arc::clone(&named.key);
        }
        let no_note = &self.no_person_note;
        let key = shared_key(&mut self.index.people, link.key(), |key| Person {
            key: Arc::clone(key),
            name: link.name().to_owned(),
            note: None,
            data: Arc::clone(no_note),
            company: None,
        });
        let spelling = Spelling::of(link.name(), role);
        match self.spellings.get_mut(&key) {
            None => {
                self.spellings.insert(Arc::clone(&key), spelling);
            }
            Some(shown) if spelling < *shown => {
                *shown = spelling;
                if let Some(person) = self.index.people.get_mut(&key) {
                    link.name().clone_into(&mut person.name);
                }
            }
            Some(_) => {}
        }
        key
    }

    /// The company a link names, created on first mention.
    fn company(&mut self, link: &LinkTarget) -> CompanyKey {
        let no_note = &self.no_company_note;
        shared_key(&mut self.index.companies, link.key(), |key| Company {
            key: Arc::clone(key),
            name: link.name().to_owned(),
            note: None,
            data: Arc::clone(no_note),
        })
    }

    /// Gives a person without a company of their own this one.
    fn place(&mut self, person: &str, company: Option<&CompanyKey>) {
        if let (Some(person), Some(company)) = (self.index.people.get_mut(person), company) {
            person.company.get_or_insert_with(|| company.clone());
        }
    }

    /// Adds the conversation of an interview; returns its people.
    fn add_conversation(&mut self, note: &Note, interview: &Arc<Interview>) -> People {
        let contacts: People = (interview.contacts.iter())
            .map(|c| self.person(c, Mention::Contact))
            .collect();
        let company = interview.company.as_ref().map(|c| self.company(c));
        let referred_by = (interview.referred_by.as_ref()).map(|r| self.person(r, Mention::Other));
        for contact in contacts.iter() {
            self.place(contact, company.as_ref());
        }
        let first_referral = self.index.referrals.len();
        for referral in &interview.referrals {
            let person = self.person(&referral.name, Mention::Other);
            let referral_company = referral.company.as_ref().map(|c| self.company(c));
            self.place(&person, referral_company.as_ref());
            self.index.referrals.push(Referral {
                person,
                by: Arc::clone(&contacts),
                path: Arc::clone(&note.path),
                company: referral_company,
                note: referral.note.clone(),
                may_mention: referral.may_mention,
            });
        }
        let position = self.index.conversations.len();
        for contact in contacts.iter() {
            let list = self
                .index
                .conversations_with
                .entry(contact.clone())
                .or_default();
            if list.last() != Some(&position) {
                list.push(position);
            }
        }
        self.index.conversations.push(Conversation {
            path: Arc::clone(&note.path),
            interview: Arc::clone(interview),
            contacts: Arc::clone(&contacts),
            referred_by,
            company,
            referrals: first_referral..self.index.referrals.len(),
        });
        contacts
    }

    /// Adds a note's open tasks: promises to the people of its interview,
    /// `interview_people`, or to the person of a person note.
    fn add_promises(&mut self, note: &Note, interview_people: Option<People>) {
        if note.tasks.is_empty() {
            return;
        }
        let people: People = match (&note.kind, interview_people) {
            (Kind::Interview(_), Some(people)) => people,
            (Kind::Person(named, _), _) if self.claims.owns(note) => {
                Arc::new([Arc::clone(&named.key)])
            }
            _ => return,
        };
        for task in &note.tasks {
            self.index.promises.push(Promise {
                path: Arc::clone(&note.path),
                people: Arc::clone(&people),
                task: task.clone(),
            });
        }
    }
}

impl Builder<'_> {
    /// Records the day of a daily note for each person it links: by their
    /// person note (file name, alias, or path when the link gives folders),
    /// else by a name the index knows from an interview or a referral.
    fn add_daily_contacts(&mut self, daily: &DailyNote) {
        for link in &daily.links {
            let owner = self.claims.resolve(link).and_then(Note::named);
            let key = match owner {
                Some(named) => Arc::clone(&named.key),
                None => match self.index.people.get_key_value(link.key()) {
                    Some((key, _)) => Arc::clone(key),
                    None => continue,
                },
            };
            self.index
                .daily_contacts
                .entry(key)
                .or_default()
                .push(daily.day);
        }
    }
}

/// Where a person without a note is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mention {
    /// In an interview's `contact`.
    Contact,
    /// In a `referrals` entry or a `referred_by`.
    Other,
}

/// How a spelling ranks for display, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Spelling {
    Contact,
    NotAllLowerCase,
    LowerCase,
}

impl Spelling {
    fn of(name: &str, mention: Mention) -> Spelling {
        match mention {
            Mention::Contact => Spelling::Contact,
            Mention::Other if name.chars().any(char::is_uppercase) => Spelling::NotAllLowerCase,
            Mention::Other => Spelling::LowerCase,
        }
    }
}

/// The key `map` holds for `key`, shared; on first mention, the entry
/// `new` makes for it.
fn shared_key<V>(map: &mut KeyMap<V>, key: &str, new: impl FnOnce(&Arc<str>) -> V) -> Arc<str> {
    if let Some((shared, _)) = map.get_key_value(key) {
        return Arc::clone(shared);
    }
    let shared: Arc<str> = Arc::from(key);
    map.insert(Arc::clone(&shared), new(&shared));
    shared
}

/// The notes of some files (path → text), read with the default settings
/// and sorted by path as a build wants them.
#[cfg(test)]
pub(crate) fn test_notes(files: &[(impl AsRef<str>, impl AsRef<str>)]) -> Vec<Note> {
    let config = crate::config::Config::default();
    let mut notes: Vec<Note> = (files.iter())
        .map(|(path, text)| {
            crate::note::parse_note(path.as_ref(), text.as_ref().as_bytes(), &config)
        })
        .collect();
    notes.sort_by(|a, b| a.path.cmp(&b.path));
    notes
}

/// The index of some files (path → text), its issues in English.
#[cfg(test)]
pub(crate) fn test_index(files: &[(impl AsRef<str>, impl AsRef<str>)]) -> Index {
    build(&test_notes(files), Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_person_across_note_contact_referral_and_referrer() {
        let index = test_index(&[
            ("People/Mickaël Arcos.md", "---\naliases: [Mika]\n---\n"),
            (
                "Interviews/a.md",
                "---\ncontact: \"[[mickael  arcos]]\"\ndate: 2026-11-01\nreferred_by: Mika\n\
                 referrals: [\"[[People/Mickaël Arcos]]\"]\n---\n",
            ),
        ]);
        assert_eq!(index.people.len(), 1, "{:?}", index.people.keys());
        let person = index.people.values().next().unwrap();
        assert_eq!(person.name, "Mickaël Arcos");
        assert_eq!(
            *index.conversations[0].contacts,
            *std::slice::from_ref(&person.key)
        );
        assert_eq!(
            index.conversations[0].referred_by.as_ref(),
            Some(&person.key)
        );
        assert_eq!(index.referrals[0].person, person.key);
    }

    #[test]
    fn two_notes_claiming_one_name_are_reported_and_the_first_path_wins() {
        let index = test_index(&[
            ("People/b/Paul Martin.md", "---\nrole: b\n---\n"),
            ("People/a/paul martin.md", "---\nrole: a\n---\n"),
            (
                "Interviews/x.md",
                "---\ncontact: Paul Martin\ndate: 2026-11-01\n---\n",
            ),
        ]);
        let paul = index.people.values().next().unwrap();
        assert_eq!(paul.note.as_deref(), Some("People/a/paul martin.md"));
        assert_eq!(index.people.len(), 1);
        assert_eq!(index.issues.len(), 1);
        assert_eq!(index.issues[0].path, "People/b/Paul Martin.md");
    }

    #[test]
    fn a_person_is_shown_by_note_then_first_contact_then_a_capitalised_spelling() {
        let name = |files: &[(&str, &str)], key: &str| test_index(files).people[key].name.clone();
        let referral = (
            "Interviews/1.md",
            "---\ncontact: Ana\ndate: 2026-11-01\nreferrals: [marc dupuis]\n---\n",
        );
        let met = (
            "Interviews/2.md",
            "---\ncontact: \"[[Marc Dupuis]]\"\ndate: 2026-11-20\n---\n",
        );
        assert_eq!(name(&[referral, met], "marc dupuis"), "Marc Dupuis");
        let capitalised = (
            "Interviews/3.md",
            "---\ncontact: Bo\ndate: 2026-11-21\nreferred_by: Marc DUPUIS\n---\n",
        );
        assert_eq!(name(&[referral, capitalised], "marc dupuis"), "Marc DUPUIS");
        let note = ("People/marc Dupuis.md", "");
        assert_eq!(name(&[referral, met, note], "marc dupuis"), "marc Dupuis");
        assert_eq!(name(&[referral], "marc dupuis"), "marc dupuis");
    }

    #[test]
    fn people_take_the_company_of_their_conversation() {
        let index = test_index(&[(
            "Interviews/x.md",
            "---\ncontact: Paul\ndate: 2026-11-01\ncompany: \"[[Acme]]\"\n\
             referrals: [{name: Zoé, company: Beta}]\n---\n- [ ] send deck\n",
        )]);
        assert_eq!(index.people["paul"].company.as_deref(), Some("acme"));
        assert_eq!(index.people["zoe"].company.as_deref(), Some("beta"));
        assert_eq!(*index.promises[0].people, [Arc::from("paul")]);
        assert_eq!(index.companies.len(), 2);
    }
}
