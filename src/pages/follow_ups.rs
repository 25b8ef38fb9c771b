//! The Follow-ups page: every action, grouped Overdue / Due now / This week
//! / Later.

use std::borrow::Cow;
use std::ops::Range;

use super::md::{self, Place};
use super::{Context, Sink, i18n, in_batches};
use crate::rules::{Action, Detail, groups};

/// Renders the page; returns where each action's item lies in it.
pub fn render(ctx: &Context, out: &mut dyn Sink) -> Vec<Range<usize>> {
    let w = ctx.words();
    ctx.header(out, w.follow_ups);
    let mut spans = Vec::with_capacity(ctx.actions.len());
    if ctx.actions.is_empty() {
        let said = if ctx.index.conversations.is_empty() {
            let folders = (&ctx.config.folders.interviews, &ctx.config.templates);
            md::cell_with_code(&i18n::first_steps(ctx.config.lang, folders.0, folders.1))
        } else {
            w.nothing_due.to_owned()
        };
        out.push_str(&format!("\n{said}\n"));
        return spans;
    }
    let titles = [w.overdue, w.due_now, w.this_week, w.later];
    for (title, group) in titles
        .into_iter()
        .zip(groups(ctx.actions, &ctx.config.rules, ctx.clock))
    {
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title} ({})\n\n", group.len()));
        // The items of actions the last pass showed are taken from its page.
        let first = group.start;
        let render = |i: usize, action: &Action| match ctx.shown_before(first + i) {
            Some(item) => Cow::Borrowed(item),
            None => Cow::Owned(item(ctx, action)),
        };
        in_batches(&ctx.actions[group], render, |item| {
            let start = out.bytes_taken();
            out.push_str(&item);
            spans.push(start..out.bytes_taken());
        });
    }
    spans
}

fn item(ctx: &Context, action: &Action) -> String {
    let w = ctx.words();
    let mut out = format!(
        "- **{}** · {} · {} {} · {}\n  {}\n",
        w.kind(action.kind),
        ctx.person_link(&action.person, Place::Line),
        w.due,
        action.due,
        if action.note.is_empty() {
            String::new()
        } else {
            ctx.note_link(&action.note, Place::Line)
        },
        ctx.reason(action, Place::Line),
    );
    if let Detail::ThankYou { met, subject } = &action.detail {
        let name = ctx.index.person_name(&action.person);
        let (subject, body) =
            i18n::thank_you_draft(ctx.config.lang, name, *met, subject.as_deref());
        out.push_str(&format!(
            "\n  > [!note]- {}\n  > **{}** {}\n  >\n  > {}\n\n",
            w.draft,
            w.subject,
            md::text(&subject),
            md::text(&body)
        ));
    }
    out
}
