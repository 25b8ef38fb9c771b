//! The People to meet page: names gathered and who can introduce you (P2, P3),
//! with the referral network as a Mermaid flowchart.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use foldhash::fast::RandomState;

use super::md::{self, Place};
use super::{Context, Sink, table};
use crate::index::{CompanyKey, PersonKey};
use crate::note::{Direction, Status, When};
use crate::rules::has_met;

/// Someone not met yet.
pub struct ToMeet {
    pub key: PersonKey,
    /// Everyone who gave their name, or sent you to them.
    pub referrers: BTreeSet<PersonKey>,
    /// Position of the first referral, for ranking.
    first: usize,
    pub company: Option<CompanyKey>,
    notes: Vec<String>,
    may_mention: Option<bool>,
    status: Status,
    /// Their next conversation, when one is booked.
    booked: Option<When>,
}

/// Everyone named in a `referrals` list, or with a person note whose status
/// is to-contact, contacted or scheduled, who has not been met yet; ranked
/// by number of referrers, then earliest referral, then name.
pub fn to_meet<'a>(ctx: &Context<'a>) -> Vec<ToMeet> {
    let index = ctx.index;
    // Each person named is looked at once: None for someone met, or who
    // declined or closed. Only the others are gathered for: most people
    // named in a large vault have been met, and gathering their referrers
    // was most of the work. Ranked in full below: the order found in does
    // not matter.
    let mut found: HashMap<&PersonKey, Option<ToMeet>, RandomState> = HashMap::default();
    let mut entry = |key: &'a PersonKey, first: usize| {
        found.entry(key).or_insert_with(|| {
            let person = index.person(key)?;
            let done = matches!(
                person.data.status,
                Some(Status::Met | Status::Declined | Status::Closed)
            );
            (!done && !has_met(index, key, ctx.clock)).then(|| ToMeet {
                key: key.clone(),
                referrers: BTreeSet::new(),
                first,
                company: None,
                notes: Vec::new(),
                may_mention: None,
                status: Status::ToContact,
                booked: None,
            })
        });
    };
    for (position, referral) in index.referrals.iter().enumerate() {
        entry(&referral.person, position);
    }
    for person in index.people.values() {
        if matches!(
            person.data.status,
            Some(Status::ToContact | Status::Contacted | Status::Scheduled)
        ) {
            entry(&person.key, usize::MAX);
        }
    }
    for referral in &index.referrals {
        if let Some(Some(candidate)) = found.get_mut(&referral.person) {
            candidate.referrers.extend(referral.by.iter().cloned());
            candidate.notes.extend(referral.note.iter().cloned());
            candidate.may_mention = candidate.may_mention.or(referral.may_mention);
            if referral.may_mention == Some(true) {
                candidate.may_mention = Some(true);
            }
        }
    }
    let mut list: Vec<ToMeet> = (found.into_values().flatten())
        .filter_map(|mut candidate| {
            let person = index.person(&candidate.key)?;
            if let Some(referrer) = &person.data.referred_by
                && let Some(referrer) = index.person(referrer.key())
            {
                candidate.referrers.insert(Arc::clone(&referrer.key));
            }
            candidate.referrers.remove(&candidate.key);
            candidate.company.clone_from(&person.company);
            candidate.may_mention = candidate.may_mention.or(person.data.may_mention);
            candidate.booked = (index.conversations_of(&candidate.key))
                .map(|c| c.interview.when)
                .find(|when| !ctx.clock.is_past(when));
            // A note's early stage (the template's `to-contact`) gives way
            // to what the notes show since: a message sent, a meeting booked.
            let derived = derived_status(ctx, &candidate.key, candidate.booked.is_some());
            candidate.status = match person.data.status {
                Some(status) if status > derived => status,
                _ => derived,
            };
            Some(candidate)
        })
        .collect();
    list.sort_by(|a, b| {
        (std::cmp::Reverse(a.referrers.len()), a.first, &a.key).cmp(&(
            std::cmp::Reverse(b.referrers.len()),
            b.first,
            &b.key,
        ))
    });
    list
}

/// Scheduled when a conversation is booked, contacted after a message out,
/// to contact otherwise.
fn derived_status(ctx: &Context, key: &str, planned: bool) -> Status {
    let contacted = ctx
        .index
        .person(key)
        .is_some_and(|p| p.data.touches.iter().any(|t| t.dir == Direction::Out));
    match (planned, contacted) {
        (true, _) => Status::Scheduled,
        (false, true) => Status::Contacted,
        (false, false) => Status::ToContact,
    }
}

pub fn render(ctx: &Context, out: &mut dyn Sink) {
    let w = ctx.words();
    ctx.header(out, w.people_to_meet);
    let list = ctx.to_meet();
    if list.is_empty() {
        out.push_str(&format!("\n{}\n", w.nobody_to_meet));
    } else {
        let rows = list.iter().map(|c| {
            // Keys sort as names do.
            let referrers: Vec<String> = c
                .referrers
                .iter()
                .map(|r| ctx.person_link(r, Place::Cell))
                .collect();
            vec![
                ctx.person_link(&c.key, Place::Cell),
                referrers.join(", "),
                c.company
                    .as_deref()
                    .map_or_else(String::new, |k| ctx.company_link(k, Place::Cell)),
                md::text(&c.notes.join("; ")),
                match c.may_mention {
                    Some(true) => w.yes,
                    Some(false) => w.no,
                    None => w.unknown,
                }
                .to_owned(),
                w.statuses[c.status as usize].to_owned(),
                c.booked.map_or_else(String::new, |when| match when.time {
                    Some(time) => format!("{} {}", when.date, time.format("%H:%M")),
                    None => when.date.to_string(),
                }),
            ]
        });
        out.push_str("\n");
        table(
            out,
            &[
                w.person,
                w.recommended_by,
                w.company,
                w.note,
                w.may_mention,
                w.status,
                w.booked,
            ],
            rows,
        );
    }
    network(ctx, list, out);
}

/// The referral network: who gave whose name, and who sent you to whom.
fn network(ctx: &Context, to_meet: &[ToMeet], out: &mut dyn Sink) {
    // People as their positions in the index, which keeps them in name
    // order: a large vault's network has hundreds of thousands of edges,
    // and sorting them by name would compare strings scattered in memory.
    let people = &ctx.index.people;
    let position = |key: &PersonKey| people.get_index_of(key);
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for referral in &ctx.index.referrals {
        for by in referral.by.iter() {
            edges.extend(position(by).zip(position(&referral.person)));
        }
    }
    for conversation in &ctx.index.conversations {
        if let Some(referrer) = &conversation.referred_by {
            for contact in conversation.contacts.iter() {
                edges.extend(position(referrer).zip(position(contact)));
            }
        }
    }
    edges.retain(|(a, b)| a != b);
    if edges.is_empty() {
        return;
    }
    edges.sort_unstable();
    edges.dedup();
    let mut nodes: Vec<usize> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    // A node's id is its rank among the nodes.
    let id = |position: usize| nodes.partition_point(|&p| p < position);
    let pending: HashSet<&PersonKey, RandomState> = to_meet.iter().map(|c| &c.key).collect();
    let w = ctx.words();
    out.push_str(&format!(
        "\n## {}\n\n{}\n\n```mermaid\nflowchart LR\n",
        w.network, w.network_legend
    ));
    let node_people = || nodes.iter().filter_map(|&p| people.get_index(p));
    for (id, (_, person)) in node_people().enumerate() {
        out.push_str(&format!(
            "    p{id}[\"{}\"]\n",
            md::mermaid_label(&person.name)
        ));
    }
    for &(from, to) in &edges {
        out.push_str(&format!("    p{} --> p{}\n", id(from), id(to)));
    }
    let class_of = |pending_wanted: bool| -> Vec<String> {
        (node_people().enumerate())
            .filter(|(_, (key, _))| pending.contains(key) == pending_wanted)
            .map(|(id, _)| format!("p{id}"))
            .collect()
    };
    for (class, members) in [("met", class_of(false)), ("tomeet", class_of(true))] {
        if !members.is_empty() {
            out.push_str(&format!("    class {} {class}\n", members.join(",")));
        }
    }
    out.push_str(
        "    classDef met stroke-width:2px\n    classDef tomeet stroke-dasharray:5 5\n```\n",
    );
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;

    use super::*;
    use crate::clock::Clock;
    use crate::config::Config;
    use crate::index;

    #[test]
    fn people_met_declined_or_closed_are_not_to_meet() {
        let files = [
            (
                "Interviews/a.md",
                "---\ncontact: Paul\ndate: 2026-11-10\nreferrals: [Ana, Bob, Chloé, Dan]\n---\n",
            ),
            (
                "Interviews/b.md",
                "---\ncontact: Zoé\ndate: 2026-11-12\nreferrals: [Ana, Dan]\n---\n",
            ),
            (
                "Interviews/c.md",
                "---\ncontact: Dan\ndate: 2026-11-15\n---\n",
            ),
            ("People/Bob.md", "---\nstatus: declined\n---\n"),
            ("People/Chloé.md", "---\nstatus: closed\n---\n"),
        ];
        let index = index::test_index(&files);
        let config = Config::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let context = Context::new(Path::new("."), &index, &[], &config, Clock::on(today));
        let to_meet = to_meet(&context);
        let listed: Vec<(&str, Vec<&str>)> = (to_meet.iter())
            .map(|c| {
                let by = c.referrers.iter().map(|r| index.person_name(r)).collect();
                (index.person_name(&c.key), by)
            })
            .collect();
        assert_eq!(listed, [("Ana", vec!["Paul", "Zoé"])]);
    }

    #[test]
    fn a_booked_conversation_makes_a_person_scheduled_with_its_date() {
        let files = [
            (
                "Interviews/a.md",
                "---\ncontact: Paul\ndate: 2026-11-10\nreferrals: [Sophie]\n---\n",
            ),
            (
                "Interviews/b.md",
                "---\ncontact: Sophie\ndate: 2026-12-03T10:00\n---\n",
            ),
            (
                "People/Sophie.md",
                "---\nstatus: to-contact\ntouches: [\"2026-11-25 out email: asked for a coffee\"]\n---\n",
            ),
        ];
        let index = index::test_index(&files);
        let config = Config::default();
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let context = Context::new(Path::new("."), &index, &[], &config, Clock::on(today));
        let mut page = String::new();
        render(&context, &mut page);
        assert!(page.contains("| scheduled | 2026-12-03 10:00 |"), "{page}");
    }
}
