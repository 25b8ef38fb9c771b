//! The Companies page: per organisation, who you met and who to meet (P7).

use std::collections::{BTreeMap, BTreeSet};

use super::md::{self, Place};
use super::{Context, table};
use crate::index::{CompanyKey, Conversation, Person, PersonKey};
use crate::note::Interview;
use crate::rules::{has_met, last_contact};

pub fn render(ctx: &Context) -> String {
    let w = ctx.words();
    let mut out = ctx.header(w.companies);
    let index = ctx.index;
    // Everything grouped by company once, so each company costs its own size.
    let mut pending_at: BTreeMap<&CompanyKey, Vec<&PersonKey>> = BTreeMap::new();
    for candidate in ctx.to_meet() {
        if let Some(company) = &candidate.company {
            pending_at.entry(company).or_default().push(&candidate.key);
        }
    }
    let mut conversations_at: BTreeMap<&CompanyKey, Vec<&Conversation>> = BTreeMap::new();
    for conversation in &index.conversations {
        if let Some(company) = &conversation.company {
            conversations_at
                .entry(company)
                .or_default()
                .push(conversation);
        }
    }
    let mut people_at: BTreeMap<&CompanyKey, Vec<&Person>> = BTreeMap::new();
    for person in index.people.values() {
        if let Some(company) = &person.company {
            people_at.entry(company).or_default().push(person);
        }
    }
    let mut rows: Vec<(bool, String, Vec<String>)> = Vec::new();
    for company in index.companies.values() {
        let conversations = conversations_at.remove(&company.key).unwrap_or_default();
        let people = people_at.remove(&company.key).unwrap_or_default();
        let to_meet = pending_at.remove(&company.key).unwrap_or_default();
        let met = people_met(ctx, &conversations, &people);
        let last = met
            .iter()
            .filter_map(|k| index.person(k))
            .filter_map(|p| last_contact(index, p, ctx.clock))
            .max();
        let openings: Vec<String> = conversations
            .iter()
            .filter_map(|c| {
                let i = &c.interview;
                match (&i.opening, i.opening_expected) {
                    (Some(o), Some(d)) => Some(format!("{} ({d})", md::text(o))),
                    (Some(o), None) => Some(md::text(o)),
                    (None, Some(d)) => Some(d.to_string()),
                    (None, None) => None,
                }
            })
            .collect();
        let links = |keys: &mut dyn Iterator<Item = &PersonKey>| -> String {
            let mut keys: Vec<&PersonKey> = keys.collect();
            keys.sort();
            keys.iter()
                .map(|k| ctx.person_link(k, Place::Cell))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let target_first = company.data.target && met.is_empty();
        rows.push((
            !target_first,
            company.key.clone(),
            vec![
                ctx.company_link(&company.key, Place::Cell),
                if company.data.target { w.yes } else { "" }.to_owned(),
                links(&mut met.iter()),
                links(&mut to_meet.into_iter()),
                conversations.len().to_string(),
                last.map_or_else(String::new, |d| d.to_string()),
                openings.join("; "),
            ],
        ));
    }
    if rows.is_empty() {
        out.push_str(&format!("\n{}\n", w.no_companies));
        return out;
    }
    rows.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let cells: Vec<Vec<String>> = rows.into_iter().map(|(_, _, cells)| cells).collect();
    out.push('\n');
    out.push_str(&table(
        &[
            w.company,
            w.target,
            w.met,
            w.to_meet,
            w.conversations,
            w.last_contact,
            w.openings,
        ],
        &cells,
    ));
    out
}

/// Whether this page shows what changed between two versions of an
/// interview with the same people, date and company: the openings, and the
/// thank-you date (a last contact).
pub fn shows_edit(before: &Interview, after: &Interview) -> bool {
    (
        &before.opening,
        before.opening_expected,
        before.thank_you_sent,
    ) != (&after.opening, after.opening_expected, after.thank_you_sent)
}

/// Everyone met at a company: contacts of its past conversations, and people
/// placed there whom you have met.
fn people_met(
    ctx: &Context,
    conversations: &[&Conversation],
    people: &[&Person],
) -> BTreeSet<PersonKey> {
    let mut met: BTreeSet<PersonKey> = conversations
        .iter()
        .filter(|c| ctx.clock.is_past(&c.interview.when))
        .flat_map(|c| c.contacts.iter().cloned())
        .collect();
    met.extend(
        people
            .iter()
            .filter(|p| has_met(ctx.index, &p.key, ctx.clock))
            .map(|p| p.key.clone()),
    );
    met
}
