//! The Questions page: what was asked, to whom, the bank questions never
//! asked yet, and the answers gathered under matching interview headings.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::md::{self, Place};
use super::{Context, Sink, in_batches, table};
use crate::body::Section;
use crate::index::{Conversation, PersonKey};
use crate::names::question_key;
use crate::note::Interview;

pub fn render(ctx: &Context, out: &mut dyn Sink) {
    let w = ctx.words();
    ctx.header(out, w.questions);
    // Question key → (spelling, times, people asked); the bank's spelling
    // when the bank has the question, else the first one written.
    let mut asked: BTreeMap<String, (String, usize, BTreeSet<&PersonKey>)> = BTreeMap::new();
    for question in ctx.index.bank.iter().flat_map(|b| &b.questions) {
        asked
            .entry(question_key(question))
            .or_insert_with(|| (question.clone(), 0, BTreeSet::new()));
    }
    for c in &ctx.index.conversations {
        for question in &c.interview.questions {
            let entry = asked
                .entry(question_key(question))
                .or_insert_with(|| (question.clone(), 0, BTreeSet::new()));
            entry.1 += 1;
            entry.2.extend(&c.contacts);
        }
    }
    out.push_str(&format!("\n## {}\n\n", w.asked));
    asked.retain(|_, (_, times, _)| *times > 0);
    // Most asked first; the map's order (by question key) breaks ties.
    let mut rows: Vec<_> = asked.values().collect();
    rows.sort_by_key(|(_, times, _)| std::cmp::Reverse(*times));
    let cells = rows.iter().map(|(question, times, people)| {
        vec![
            md::text(question),
            times.to_string(),
            people
                .iter()
                .map(|k| ctx.person_link(k, Place::Cell))
                .collect::<Vec<_>>()
                .join(", "),
        ]
    });
    table(out, &[w.question, w.times, w.asked_to], cells);
    out.push_str(&format!("\n## {}\n\n", w.bank));
    let Some(bank) = &ctx.index.bank else {
        out.push_str(&format!("{}\n", w.no_bank));
        return;
    };
    out.push_str(&format!(
        "{}\n\n### {}\n\n",
        ctx.note_link(&bank.path, Place::Line),
        w.never_asked
    ));
    let never: Vec<&String> = bank
        .questions
        .iter()
        .filter(|q| !asked.contains_key(&question_key(q)))
        .collect();
    if never.is_empty() {
        out.push_str(&format!("{}\n", w.all_asked));
    }
    for question in never {
        out.push_str(&format!("- {}\n", md::text(question)));
    }
    out.push_str(&format!("\n### {}\n", w.answers));
    // Every section heading keyed once: a bank of twenty questions would
    // otherwise key every heading of the vault twenty times.
    let mut sections_by_key: HashMap<String, Vec<(&Conversation, &Section)>> = HashMap::new();
    for c in ctx.index.conversations.iter().rev() {
        for s in c.interview.sections.iter().filter(|s| !s.is_empty()) {
            sections_by_key
                .entry(question_key(&s.heading))
                .or_default()
                .push((c, s));
        }
    }
    for question in &bank.questions {
        out.push_str(&format!("\n#### {}\n\n", md::text(question)));
        let answered = sections_by_key.get(&question_key(question));
        let answered = answered.map_or(&[][..], Vec::as_slice);
        if answered.is_empty() {
            out.push_str(&format!("{}\n", w.no_answer));
            continue;
        }
        // With a bank, the longest page of a large vault. Answers are apart
        // by a blank line, with none after the last: each answer's last
        // newline waits for the next answer.
        let mut apart = false;
        let render = |_, (c, s): &(&Conversation, &Section)| {
            let mut text = String::new();
            quote(&mut text, ctx, c, s);
            text
        };
        in_batches(answered, render, |text| {
            if apart {
                out.push_str("\n");
            }
            out.push_str(text.strip_suffix('\n').unwrap_or(&text));
            apart = true;
        });
    }
}

/// Whether this page shows what changed between two versions of an
/// interview with the same people: the questions asked, and the answers'
/// texts, wherever they now lie in the file.
pub fn shows_edit(before: &Interview, after: &Interview) -> bool {
    before.questions != after.questions || !answers(before).eq(answers(after))
}

fn answers(interview: &Interview) -> impl Iterator<Item = (&str, u64)> {
    (interview.sections.iter()).map(|s| (s.heading.as_str(), s.hash))
}

/// A section quoted, then a link to its note and a blank line. Its text is
/// read back from the note: were the note changed since it was read, the
/// page says so, and the watcher's next pass, which the change calls for,
/// quotes the new text.
fn quote(out: &mut String, ctx: &Context, conversation: &Conversation, section: &Section) {
    let text = section.read_text(&ctx.root.join(&*conversation.path));
    let text = text.as_deref().unwrap_or(ctx.words().answer_changed);
    for line in text.lines() {
        out.push_str("> ");
        out.push_str(&md::text(line));
        out.push('\n');
    }
    out.push_str("> — ");
    out.push_str(&ctx.note_link(&conversation.path, Place::Line));
    out.push_str("\n\n");
}
