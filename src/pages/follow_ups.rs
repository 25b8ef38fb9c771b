//! The Follow-ups page: every action, grouped Overdue / Due now / This week
//! / Later.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use super::md::{self, Place};
use super::{Context, Sink, in_batches, note_link};
use crate::describe;
use crate::done::{Record, THANK_YOU_SENT, record_of};
use crate::i18n;
use crate::rules::{Action, ActionId, Detail, groups};

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

/// The hidden mark that names an item's action on the page: an Obsidian
/// comment, which reading view does not show.
pub fn id_mark(id: ActionId) -> String {
    format!("%%suivi {}%%", id.full())
}

fn item(ctx: &Context, action: &Action) -> String {
    let w = ctx.words();
    let record = record_of(action, ctx.index);
    let id = action.id();
    let task = match record {
        Record::Nothing => "",
        _ if ctx.ticked.contains(&id) => "[x] ",
        _ => "[ ] ",
    };
    let mut out = format!(
        "- {task}**{}** · {} · {} {} · {} {}\n  {}\n",
        describe::kind_label(w, action.kind),
        ctx.person_link(&action.person, Place::Line),
        w.due,
        action.due,
        if action.note.is_empty() {
            String::new()
        } else {
            note_link(&action.note, Place::Line)
        },
        id_mark(id),
        ctx.reason(action, Place::Line),
    );
    let records = match &record {
        Record::Property { key, .. } => {
            let words = if *key == THANK_YOU_SENT {
                w.tick_records_sent
            } else {
                w.tick_records_property
            };
            Some(words.replace("{key}", key))
        }
        Record::Touch { person, .. } => {
            let name = md::text(ctx.index.person_name(person));
            Some(w.tick_records_touch.replace("{person}", &name))
        }
        Record::Task { .. } => Some(w.tick_records_task.to_owned()),
        Record::Nothing => None,
    };
    if let Some(records) = records {
        let _ = writeln!(out, "  *{records}*");
    }
    if let Some((subject, body)) = draft(ctx, action) {
        let _ = writeln!(
            out,
            "\n  > [!note]- {}\n  > **{}** {}\n  >\n  > {}",
            w.draft,
            w.subject,
            md::text(&subject),
            md::text(&body)
        );
        let email = (ctx.index.person(&action.person)).and_then(|p| p.data.email.as_deref());
        if let Some(mailto) = email.and_then(|email| md::mailto(email, &subject, &body)) {
            let _ = writeln!(out, "  >\n  > [{}]({mailto})", w.write_mail);
        }
        out.push('\n');
    }
    out
}

/// The draft of a message for the actions that call for one: a subject
/// and a body, plain text.
fn draft(ctx: &Context, action: &Action) -> Option<(String, String)> {
    let lang = ctx.config.lang;
    let name = ctx.index.person_name(&action.person);
    Some(match &action.detail {
        Detail::ThankYou { met, subject } => {
            i18n::thank_you_draft(lang, name, *met, subject.as_deref())
        }
        Detail::Update { last_contact } => i18n::update_draft(lang, name, *last_contact),
        Detail::CloseTheLoop { met, on } => {
            i18n::close_the_loop_draft(lang, name, ctx.index.person_name(met), *on)
        }
        _ => return None,
    })
}

/// The actions whose items are ticked on a Follow-ups page, as the user
/// left it (in Obsidian, another editor or a synced phone): `- [x]` or
/// `- [X]` items that carry an action's mark. Other task states (`[/]`,
/// `[-]`) are not done.
pub fn ticked(page: &str) -> Vec<ActionId> {
    let mut ids: Vec<ActionId> = (page.lines())
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("- [")?;
            let rest = rest.strip_prefix(['x', 'X'])?.strip_prefix(']')?;
            let mark = rest.rsplit_once("%%suivi ")?.1;
            ActionId::parse(mark.get(..12)?).filter(|_| mark[12..].starts_with("%%"))
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::clock::Clock;
    use crate::config::Config;
    use crate::pages::Context;
    use crate::pages::tests::InMemory;
    use crate::rules;

    #[test]
    fn an_item_ticked_anywhere_on_the_page_names_its_action() {
        let index = crate::index::test_index(&[
            (
                "Interviews/a.md",
                "---\ncontact: Paul\ndate: 2026-11-10\n---\n- [ ] send the deck\n",
            ),
            (
                "People/Zoé.md",
                "---\ntouches: [2026-11-01 out, 2026-11-02 out, 2026-11-03 out]\n---\n",
            ),
        ]);
        let config = Config::default();
        let clock = Clock::on(NaiveDate::from_ymd_opt(2026, 11, 12).unwrap());
        let actions = rules::actions(&index, &config.rules, clock);
        let notes = InMemory::default();
        let ctx = Context::new(&notes, &index, &actions, &config, clock);
        let mut page = String::new();
        render(&ctx, &mut page);
        assert!(ticked(&page).is_empty(), "{page}");
        // The driving warning has no box to tick.
        let boxes = page.lines().filter(|l| l.starts_with("- [ ] ")).count();
        assert_eq!(boxes, actions.len() - 1, "{page}");
        // Ticked in Obsidian, with the Tasks plugin's done date, or by hand.
        let ticked_page = page
            .replacen("- [ ] ", "- [x] ", 1)
            .replacen("- [ ] ", "- [X] ", 1)
            .replace("%%\n", "%% ✅ 2026-11-12\n");
        let mut expected: Vec<ActionId> = (actions.iter())
            .filter(|a| a.kind != rules::ActionKind::Driving)
            .map(Action::id)
            .collect();
        expected.sort_unstable();
        assert_eq!(ticked(&ticked_page), expected, "{ticked_page}");
        for not_done in ["- [/] ", "- [-] ", "- [ ]x "] {
            assert!(ticked(&page.replacen("- [ ] ", not_done, 1)).is_empty());
        }
        assert!(
            ticked("- [x] **Promise** %%suivi 12345%%\n- [x] %%suivi zzzzzzzzzzzz%%").is_empty()
        );
    }
}
