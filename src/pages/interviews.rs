//! The Interviews page: every conversation, upcoming first, with totals per
//! month and the names gathered in each.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Timelike};

use super::md::{self, Place};
use super::{Context, Sink, note_link, table};
use crate::index::Conversation;

pub fn render(ctx: &Context, out: &mut dyn Sink) {
    let w = ctx.words();
    ctx.header(out, w.interviews);
    let conversations = &ctx.index.conversations;
    if conversations.is_empty() {
        out.push_str(&format!("\n{}\n", w.no_interviews));
        return;
    }
    let (past, upcoming): (Vec<&Conversation>, Vec<&Conversation>) = conversations
        .iter()
        .partition(|c| ctx.clock.is_past(&c.interview.when));
    for (title, list) in [
        (w.upcoming, upcoming),
        (w.past, past.into_iter().rev().collect()),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title} ({})\n\n", list.len()));
        table(
            out,
            &[w.date, w.contact, w.company, w.channel, w.thank_you, w.note],
            list.iter().map(|c| row(ctx, c)),
        );
    }
    // Months as their first day: each is written out once, not once per
    // conversation.
    let mut per_month: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for c in conversations {
        let date = c.interview.when.date;
        *per_month
            .entry(date.with_day(1).unwrap_or(date))
            .or_default() += 1;
    }
    let months = (per_month.into_iter().rev())
        .map(|(month, n)| vec![month.format("%Y-%m").to_string(), n.to_string()]);
    out.push_str(&format!("\n## {}\n\n", w.per_month));
    table(out, &[w.month, w.conversations], months);
    let mut gathered = (conversations.iter().rev())
        .filter_map(|c| {
            let names: Vec<String> = ctx
                .index
                .referrals
                .get(c.referrals.clone())
                .unwrap_or_default()
                .iter()
                .map(|r| ctx.person_link(&r.person, Place::Line))
                .collect();
            (!names.is_empty()).then(|| {
                format!(
                    "- {}: {}\n",
                    note_link(&c.path, Place::Line),
                    names.join(", ")
                )
            })
        })
        .peekable();
    if gathered.peek().is_some() {
        out.push_str(&format!("\n## {}\n\n", w.referrals_gathered));
        for line in gathered {
            out.push_str(&line);
        }
    }
}

fn row(ctx: &Context, c: &Conversation) -> Vec<String> {
    let w = ctx.words();
    let i = &c.interview;
    let when = match i.when.time {
        Some(t) => format!("{} {:02}:{:02}", i.when.date, t.hour(), t.minute()),
        None => i.when.date.to_string(),
    };
    let thank_you = match (i.thank_you_sent, ctx.clock.is_past(&i.when)) {
        (Some(sent), _) => sent.to_string(),
        (None, true) => w.not_sent.to_owned(),
        (None, false) => String::new(),
    };
    vec![
        when,
        c.contacts
            .iter()
            .map(|k| ctx.person_link(k, Place::Cell))
            .collect::<Vec<_>>()
            .join(", "),
        c.company
            .as_deref()
            .map_or_else(String::new, |k| ctx.company_link(k, Place::Cell)),
        i.channel.as_deref().map_or_else(String::new, md::text),
        thank_you,
        note_link(&c.path, Place::Cell),
    ]
}
