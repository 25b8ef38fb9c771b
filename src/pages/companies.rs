//! The Companies page: per organisation, who you met and who to meet (P7).

use std::collections::BTreeSet;

use super::md::{self, Place};
use super::{Context, Sink, table};
use crate::index::{CompanyKey, Conversation, Person, PersonKey};
use crate::rules::{has_met, last_contact};

pub fn render(ctx: &Context, out: &mut dyn Sink) {
    let w = ctx.words();
    ctx.header(out, w.companies);
    let index = ctx.index;
    // Everything grouped by company once, so each company costs its own
    // size; companies as their positions in the index, whose order is
    // theirs: no string is compared to place a row.
    let company_count = index.companies.len();
    let at = |company: &Option<CompanyKey>| {
        (company.as_ref()).and_then(|key| index.companies.get_index_of(key))
    };
    let mut pending_at: Vec<Vec<&PersonKey>> = vec![Vec::new(); company_count];
    for candidate in ctx.to_meet() {
        if let Some(company) = at(&candidate.company) {
            pending_at[company].push(&candidate.key);
        }
    }
    let mut conversations_at: Vec<Vec<&Conversation>> = vec![Vec::new(); company_count];
    for conversation in &index.conversations {
        if let Some(company) = at(&conversation.company) {
            conversations_at[company].push(conversation);
        }
    }
    let mut people_at: Vec<Vec<&Person>> = vec![Vec::new(); company_count];
    for person in index.people.values() {
        if let Some(company) = at(&person.company) {
            people_at[company].push(person);
        }
    }
    let mut rows: Vec<(bool, Vec<String>)> = Vec::new();
    let grouped = (conversations_at.into_iter())
        .zip(people_at)
        .zip(pending_at);
    for (company, ((conversations, people), to_meet)) in index.companies.values().zip(grouped) {
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
            vec![
                ctx.company_link(&company.key, Place::Cell),
                if company.data.target { w.yes } else { "" }.to_owned(),
                links(&mut met.iter().copied()),
                links(&mut to_meet.into_iter()),
                conversations.len().to_string(),
                last.map_or_else(String::new, |d| d.to_string()),
                openings.join("; "),
            ],
        ));
    }
    if rows.is_empty() {
        out.push_str(&format!("\n{}\n", w.no_companies));
        return;
    }
    // Rows are in company order: a stable sort keeps it within each group.
    rows.sort_by_key(|(later, _)| *later);
    out.push_str("\n");
    table(
        out,
        &[
            w.company,
            w.target,
            w.met,
            w.to_meet,
            w.conversations,
            w.last_contact,
            w.openings,
        ],
        rows.into_iter().map(|(_, cells)| cells),
    );
}

/// Everyone met at a company: contacts of its past conversations, and people
/// placed there whom you have met.
fn people_met<'a>(
    ctx: &Context,
    conversations: &[&'a Conversation],
    people: &[&'a Person],
) -> BTreeSet<&'a PersonKey> {
    let mut met: BTreeSet<&PersonKey> = conversations
        .iter()
        .filter(|c| ctx.clock.is_past(&c.interview.when))
        .flat_map(|c| c.contacts.iter())
        .collect();
    met.extend(
        people
            .iter()
            .filter(|p| has_met(ctx.index, &p.key, ctx.clock))
            .map(|p| &p.key),
    );
    met
}
