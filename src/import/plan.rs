//! What an import would change: who is created, which notes gain which
//! empty properties, who is already known and why, and who looks like
//! someone known and is left for the user to decide. Pure: the vault is
//! given as [`Known`] people.
//!
//! A contact is the same person as a known one when it has, first match
//! wins: the same e-mail (case-insensitive), the same `LinkedIn` profile (its
//! URL normalised: see [`linkedin_key`]), the same name, or the name of one
//! of the person's `aliases`. Names are compared through
//! [`name_key`](crate::names::name_key), and so are the file names their
//! notes would get, so `a|b` is found in `People/a b.md`.
//!
//! Contacts of one import that are the same person by those rules (one in
//! `LinkedIn`, one in the address book) become one contact, the first read
//! completed by the others' fields.
//!
//! A contact known by none of those rules, but whose name is close to a
//! known person's at the same company, is held back for review rather than
//! created: see [`close_names`].

use std::collections::{BTreeMap, HashMap};

use super::{Contact, company_value};
use crate::names::name_key;
use crate::new_note::{Value, safe_file_stem};
use crate::note::{Kind, Note};

/// A person of the vault, as an import compares contacts with them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Known {
    /// The person note's vault-relative path.
    pub rel: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub email: Option<String>,
    pub linkedin: Option<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub phone: Option<String>,
}

/// The people of the vault's person notes.
pub fn known_people(notes: &[Note]) -> Vec<Known> {
    notes
        .iter()
        .filter_map(|note| {
            let Kind::Person(named, person) = &note.kind else {
                return None;
            };
            Some(Known {
                rel: note.path.to_string(),
                name: named.name.clone(),
                aliases: person.aliases.clone(),
                email: person.email.clone(),
                linkedin: person.linkedin.clone(),
                company: person.company.as_ref().map(|c| c.name().to_owned()),
                role: person.role.clone(),
                phone: person.phone.clone(),
            })
        })
        .collect()
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportPlan {
    /// New person notes, by name.
    pub create: Vec<Contact>,
    /// Empty properties of existing notes that contacts fill, by note and in
    /// the order of [`super::properties`]; a value is never replaced.
    pub fill: Vec<Fill>,
    /// Contacts that are people of the vault already, by note.
    pub skipped: Vec<Skipped>,
    /// Contacts held back: a close name at the same company is known.
    pub review: Vec<Review>,
    /// Contacts of the import that were the same person as one read before
    /// them, and were merged into it: `(merged, into)`, as read.
    pub merged: Vec<(Contact, Contact)>,
}

/// One empty property of an existing note, and the value it gets.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    pub rel: String,
    pub key: &'static str,
    pub value: Value,
}

/// A contact that is already a person of the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub contact: Contact,
    /// The person note it matches.
    pub rel: String,
    pub why: Match,
}

/// Why a contact is a known person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Email,
    LinkedIn,
    Name,
    /// One of the note's `aliases`, as the note writes it.
    Alias(String),
}

/// A contact left for the user: people of the vault with a close name at
/// its company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub contact: Contact,
    /// `(rel, name)` of each close person, by note.
    pub close: Vec<(String, String)>,
}

/// Plans the import of `contacts` (in the order read, files one after the
/// other) into a vault of `known` people.
pub fn plan(contacts: &[Contact], known: &[Known]) -> ImportPlan {
    let mut known: Vec<&Known> = known.iter().collect();
    known.sort_by(|a, b| a.rel.cmp(&b.rel));
    let index = KnownIndex::new(&known);
    let mut plan = ImportPlan::default();
    let people = merge_same_people(contacts, &mut plan.merged);

    let mut fills: BTreeMap<(String, usize), Value> = BTreeMap::new();
    for contact in people {
        if let Some((found, why)) = index.find(&contact) {
            let person = known[found];
            for (key, value) in missing(person, &contact) {
                if let Some(order) = order_of(key) {
                    fills.entry((person.rel.clone(), order)).or_insert(value);
                }
            }
            plan.skipped.push(Skipped {
                contact,
                rel: person.rel.clone(),
                why,
            });
            continue;
        }
        let close = index.close_at_company(&contact, &known);
        if close.is_empty() {
            plan.create.push(contact);
        } else {
            plan.review.push(Review { contact, close });
        }
    }
    plan.fill = fills
        .into_iter()
        .map(|((rel, order), value)| Fill {
            rel,
            key: FILLED[order],
            value,
        })
        .collect();
    let by_name = |c: &Contact| (name_key(&c.name), c.name.clone(), c.file.clone(), c.line);
    plan.create.sort_by_cached_key(by_name);
    plan.skipped
        .sort_by_cached_key(|s| (s.rel.clone(), by_name(&s.contact)));
    plan.review.sort_by_cached_key(|r| by_name(&r.contact));
    plan
}

/// The properties an import fills, in the order of the notes it writes.
const FILLED: [&str; 5] = ["company", "role", "email", "linkedin", "phone"];

fn order_of(key: &str) -> Option<usize> {
    FILLED.iter().position(|k| *k == key)
}

/// The properties the contact has and the person's note lacks.
fn missing(person: &Known, contact: &Contact) -> Vec<(&'static str, Value)> {
    let pairs = [
        ("company", &person.company, &contact.company),
        ("role", &person.role, &contact.role),
        ("email", &person.email, &contact.email),
        ("linkedin", &person.linkedin, &contact.linkedin),
        ("phone", &person.phone, &contact.phone),
    ];
    pairs
        .into_iter()
        .filter(|(_, has, _)| has.is_none())
        .filter_map(|(key, _, value)| {
            let value = value.as_ref()?;
            Some((
                key,
                if key == "company" {
                    company_value(value)
                } else {
                    Value::Text(value.clone())
                },
            ))
        })
        .collect()
}

/// The keys by which a person is recognised.
struct Keys {
    email: Option<String>,
    linkedin: Option<String>,
    /// The name's key, and the key of the file name its note would get.
    names: [String; 2],
}

impl Keys {
    fn of(contact: &Contact) -> Keys {
        Keys {
            email: contact.email.as_deref().and_then(email_key),
            linkedin: contact.linkedin.as_deref().and_then(linkedin_key),
            names: [
                name_key(&contact.name),
                name_key(&safe_file_stem(&contact.name)),
            ],
        }
    }
}

/// Folds the contacts that are one person into the first of them.
fn merge_same_people(contacts: &[Contact], merged: &mut Vec<(Contact, Contact)>) -> Vec<Contact> {
    let mut people: Vec<Contact> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for contact in contacts {
        let all = Keys::all(contact);
        let found = all.iter().find_map(|k| by_key.get(k).copied());
        let at = if let Some(at) = found {
            merged.push((contact.clone(), people[at].clone()));
            complete(&mut people[at], contact);
            at
        } else {
            people.push(contact.clone());
            people.len() - 1
        };
        // The merged contact's other keys find it too: its e-mail from the
        // address book, its profile from LinkedIn.
        for key in all.into_iter().chain(Keys::all(&people[at])) {
            by_key.entry(key).or_insert(at);
        }
    }
    people
}

impl Keys {
    /// Every key of the contact, tagged with its kind, in the order they
    /// are tried: e-mail, profile, names.
    fn all(contact: &Contact) -> Vec<String> {
        let keys = Keys::of(contact);
        [
            keys.email.map(|k| format!("e:{k}")),
            keys.linkedin.map(|k| format!("l:{k}")),
        ]
        .into_iter()
        .flatten()
        .chain(keys.names.iter().map(|k| format!("n:{k}")))
        .collect()
    }
}

/// Fills the contact's empty fields from another reading of the person.
fn complete(contact: &mut Contact, other: &Contact) {
    let fields = [
        (&mut contact.email, &other.email),
        (&mut contact.company, &other.company),
        (&mut contact.role, &other.role),
        (&mut contact.linkedin, &other.linkedin),
        (&mut contact.phone, &other.phone),
    ];
    for (mine, theirs) in fields {
        if mine.is_none() {
            mine.clone_from(theirs);
        }
    }
}

/// The vault's people by each key that recognises them; of two notes with
/// one key, the first by path.
struct KnownIndex {
    email: HashMap<String, usize>,
    linkedin: HashMap<String, usize>,
    name: HashMap<String, usize>,
    alias: HashMap<String, (usize, String)>,
    /// By company key: the people there, with their name and aliases.
    company: HashMap<String, Vec<(usize, Vec<Spelling>)>>,
}

impl KnownIndex {
    fn new(known: &[&Known]) -> KnownIndex {
        let mut index = KnownIndex {
            email: HashMap::new(),
            linkedin: HashMap::new(),
            name: HashMap::new(),
            alias: HashMap::new(),
            company: HashMap::new(),
        };
        for (at, person) in known.iter().enumerate() {
            if let Some(key) = person.email.as_deref().and_then(email_key) {
                index.email.entry(key).or_insert(at);
            }
            if let Some(key) = person.linkedin.as_deref().and_then(linkedin_key) {
                index.linkedin.entry(key).or_insert(at);
            }
            index.name.entry(name_key(&person.name)).or_insert(at);
            let mut names = vec![Spelling::of(name_key(&person.name))];
            for alias in &person.aliases {
                let key = name_key(alias);
                index
                    .alias
                    .entry(key.clone())
                    .or_insert((at, alias.clone()));
                names.push(Spelling::of(key));
            }
            if let Some(company) = &person.company {
                let key = name_key(company);
                if !key.is_empty() {
                    index.company.entry(key).or_default().push((at, names));
                }
            }
        }
        index
    }

    /// The known person the contact is, and why.
    fn find(&self, contact: &Contact) -> Option<(usize, Match)> {
        let keys = Keys::of(contact);
        if let Some(&at) = keys.email.as_ref().and_then(|k| self.email.get(k)) {
            return Some((at, Match::Email));
        }
        if let Some(&at) = keys.linkedin.as_ref().and_then(|k| self.linkedin.get(k)) {
            return Some((at, Match::LinkedIn));
        }
        if let Some(&at) = keys.names.iter().find_map(|k| self.name.get(k)) {
            return Some((at, Match::Name));
        }
        let (at, alias) = keys.names.iter().find_map(|k| self.alias.get(k))?;
        Some((*at, Match::Alias(alias.clone())))
    }

    /// The people at the contact's company whose name or an alias is close
    /// to the contact's name.
    fn close_at_company(&self, contact: &Contact, known: &[&Known]) -> Vec<(String, String)> {
        let Some(company) = contact.company.as_deref() else {
            return Vec::new();
        };
        let Some(colleagues) = self.company.get(&name_key(company)) else {
            return Vec::new();
        };
        let spelling = Spelling::of(name_key(&contact.name));
        colleagues
            .iter()
            .filter(|(_, names)| names.iter().any(|n| spelling.is_close_to(n)))
            .map(|(at, _)| (known[*at].rel.clone(), known[*at].name.clone()))
            .collect()
    }
}

/// Whether two name keys may name one person: different, and, words
/// being cut at spaces and hyphens,
/// - at most two edits apart (`jean martin`, `jan martin`; `jean-paul` and
///   `jean paul`), or
/// - the same words in another order (`martin jean`), or
/// - the same first and last words, one with middle names the other lacks
///   (`jean paul martin`, `jean-paul martin`, `jean martin`), or
/// - the same last word, and one first word the other's initial
///   (`j. martin`, `jean martin`).
pub fn close_names(a: &str, b: &str) -> bool {
    Spelling::of(a.to_owned()).is_close_to(&Spelling::of(b.to_owned()))
}

/// A name key and what comparing it needs, computed once: a contact is
/// compared with everyone at its company.
struct Spelling {
    key: String,
    length: usize,
    /// The characters, through a 64-bit set: see `within_two_edits`.
    characters: u64,
    words: Vec<String>,
    sorted_words: Vec<String>,
}

impl Spelling {
    fn of(key: String) -> Spelling {
        let words: Vec<String> = (key.split([' ', '-']))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let mut sorted_words = words.clone();
        sorted_words.sort_unstable();
        Spelling {
            length: key.chars().count(),
            characters: (key.chars()).fold(0, |set, c| set | 1 << (u32::from(c) % 64)),
            key,
            words,
            sorted_words,
        }
    }

    fn is_close_to(&self, other: &Spelling) -> bool {
        if self.key == other.key || self.key.is_empty() || other.key.is_empty() {
            return false;
        }
        if self.within_two_edits(other) || self.sorted_words == other.sorted_words {
            return true;
        }
        let (Some((first_a, last_a)), Some((first_b, last_b))) = (self.ends(), other.ends()) else {
            return false;
        };
        if last_a != last_b {
            return false;
        }
        if first_a == first_b {
            return self.words.len() != other.words.len();
        }
        let initial = |short: &str, long: &str| {
            let short = short.trim_end_matches('.');
            short.chars().count() == 1 && long.starts_with(short)
        };
        initial(first_a, first_b) || initial(first_b, first_a)
    }

    /// Whether the keys are at most two edits apart. Most pairs of names
    /// are far apart, so two cheap necessary conditions come first: lengths
    /// within two, and at most two characters of each that the other lacks
    /// (an edit takes away at most one and brings at most one), counted
    /// through the 64-bit sets, where a collision only lets more pairs
    /// through to the exact count.
    fn within_two_edits(&self, other: &Spelling) -> bool {
        self.length.abs_diff(other.length) <= 2
            && (self.characters & !other.characters).count_ones() <= 2
            && (other.characters & !self.characters).count_ones() <= 2
            && strsim::levenshtein(&self.key, &other.key) <= 2
    }

    /// The first and last words of a name of two words or more.
    fn ends(&self) -> Option<(&str, &str)> {
        match self.words.as_slice() {
            [first, .., last] => Some((first, last)),
            _ => None,
        }
    }
}

/// An e-mail address as compared: trimmed, lower-cased, without `mailto:`.
fn email_key(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let email = email.strip_prefix("mailto:").unwrap_or(&email).trim();
    (!email.is_empty()).then(|| email.to_owned())
}

/// A `LinkedIn` profile URL as compared, `linkedin.com/in/jean-martin`: no
/// scheme, no `www.` or country subdomain (`fr.`), no query, fragment or
/// trailing slash, lower case (`LinkedIn`'s paths ignore case). `None` when
/// the URL is not a `LinkedIn` page.
pub(crate) fn linkedin_key(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_lowercase();
    let rest = ["https://", "http://", "//"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .unwrap_or(&lower);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_prefix("www.").unwrap_or(host);
    let host = match host.split_once('.') {
        Some((sub, domain)) if sub.len() == 2 && domain == "linkedin.com" => domain,
        _ => host,
    };
    if host != "linkedin.com" {
        return None;
    }
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    if path.is_empty() {
        return None;
    }
    Some(format!("linkedin.com/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkedin_urls_in_every_form_share_a_key() {
        for url in [
            "https://www.linkedin.com/in/jean-martin",
            "http://linkedin.com/in/jean-martin/",
            "HTTPS://WWW.LinkedIn.com/in/Jean-Martin?originalSubdomain=fr",
            "https://fr.linkedin.com/in/jean-martin#about",
            "www.linkedin.com/in/jean-martin",
        ] {
            assert_eq!(
                linkedin_key(url).as_deref(),
                Some("linkedin.com/in/jean-martin"),
                "{url}"
            );
        }
        assert_eq!(linkedin_key("https://example.com/in/jean-martin"), None);
        assert_eq!(linkedin_key("https://notlinkedin.com/in/x"), None);
        assert_eq!(linkedin_key("https://www.linkedin.com/"), None);
    }

    #[test]
    fn the_cheap_checks_never_turn_away_a_near_name() {
        let mut rng = fastrand::Rng::with_seed(7);
        let alphabet: Vec<char> = "abcé ü-ßxyz".chars().collect();
        let word = |rng: &mut fastrand::Rng, len: usize| -> String {
            (0..len)
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect()
        };
        for _ in 0..5_000 {
            let len = rng.usize(0..9);
            let a = word(&mut rng, len);
            let mut b: Vec<char> = a.chars().collect();
            for _ in 0..rng.usize(0..4) {
                let at = rng.usize(0..=b.len());
                match rng.usize(0..3) {
                    0 => b.insert(at, alphabet[rng.usize(..alphabet.len())]),
                    1 if at < b.len() => drop(b.remove(at)),
                    _ if at < b.len() => b[at] = alphabet[rng.usize(..alphabet.len())],
                    _ => {}
                }
            }
            let b: String = b.into_iter().collect();
            assert_eq!(
                Spelling::of(a.clone()).within_two_edits(&Spelling::of(b.clone())),
                strsim::levenshtein(&a, &b) <= 2,
                "{a:?} / {b:?}"
            );
        }
    }

    #[test]
    fn close_names_are_near_spellings_of_one_name() {
        for (a, b, close) in [
            ("jean martin", "jan martin", true),
            ("jean-paul martin", "jean paul martin", true),
            ("martin jean", "jean martin", true),
            ("jean paul martin", "jean martin", true),
            ("j. martin", "jean martin", true),
            ("j martin", "jean martin", true),
            ("jean martin", "jean martin", false),
            ("jean martin", "paul durand", false),
            ("jean martin", "jeanne martinez", false),
            ("j. durand", "jean martin", false),
        ] {
            assert_eq!(close_names(a, b), close, "{a} / {b}");
        }
    }
}
