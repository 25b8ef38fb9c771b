//! The Follow-ups page: every action, grouped Overdue / Due this week / Later.

use rayon::prelude::*;

use super::md::{self, Place};
use super::{Context, i18n};
use crate::rules::{Action, Detail, groups};

pub fn render(ctx: &Context) -> String {
    let w = ctx.words();
    let mut out = ctx.header(w.follow_ups);
    if ctx.actions.is_empty() {
        out.push_str(&format!("\n{}\n", w.nothing_due));
        return out;
    }
    let titles = [w.overdue, w.this_week, w.later];
    for (title, group) in titles
        .into_iter()
        .zip(groups(ctx.actions, &ctx.config.rules, ctx.clock))
    {
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title} ({})\n\n", group.len()));
        // The longest page of a large vault: its items render on every core.
        let items: Vec<String> = group.par_iter().map(|action| item(ctx, action)).collect();
        out.extend(items);
    }
    out
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
