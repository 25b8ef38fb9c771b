//! `Follow-ups.ics`: the actions as a calendar, one all-day event each on
//! its due day, with an alarm at `notify_at` (SPEC 4), for a calendar app to
//! import or subscribe to. Its `UID`s are the actions' ids, so an app that
//! reads it again updates the events instead of doubling them.

use chrono::{NaiveDate, NaiveDateTime};

use super::{Context, Sink};
use crate::config::{Config, Lang};
use crate::describe;
use crate::i18n;
use crate::index::Index;
use crate::remind::{Reminder, ics};
use crate::rules::{Action, ActionId, Detail};

/// Renders the calendar, an event at a time: a large vault's calendar is
/// megabytes, never held whole.
pub fn render(ctx: &Context, out: &mut dyn Sink) {
    write(
        ctx.index,
        ctx.actions,
        ctx.config,
        ctx.clock.today,
        &mut |part| {
            out.push_str(part);
        },
    );
}

/// The calendar of `actions` as of `today`, for `due --ics`.
pub fn calendar(index: &Index, actions: &[Action], config: &Config, today: NaiveDate) -> String {
    let mut text = String::new();
    write(index, actions, config, today, &mut |part| {
        text.push_str(part);
    });
    text
}

/// The calendar handed to `out` a part at a time, its events in the file's
/// order (due day, then id), each made as it is written.
fn write(
    index: &Index,
    actions: &[Action],
    config: &Config,
    today: NaiveDate,
    out: &mut dyn FnMut(&str),
) {
    let mut order: Vec<(NaiveDate, ActionId, &Action)> =
        (actions.iter()).map(|a| (a.due, a.id(), a)).collect();
    order.sort_by_key(|(due, id, _)| (*due, *id));
    let name = format!("suivi: {}", i18n::words(config.lang).follow_ups);
    let events = (order.into_iter()).map(|(_, _, action)| reminder(index, action, config.lang));
    ics::write_calendar(events, today, config.notify_at.0, &name, out);
}

/// The actions as the reminders see them: what to do and for whom, why,
/// when, in plain text.
pub fn reminders<'a>(
    index: &Index,
    actions: impl IntoIterator<Item = &'a Action>,
    lang: Lang,
) -> Vec<Reminder> {
    (actions.into_iter())
        .map(|action| reminder(index, action, lang))
        .collect()
}

fn reminder(index: &Index, action: &Action, lang: Lang) -> Reminder {
    let words = i18n::words(lang);
    Reminder {
        id: action.id().full(),
        title: format!(
            "{} · {}",
            describe::kind_label(words, action.kind),
            index.person_name(&action.person)
        ),
        body: describe::plain_reason(lang, index, action),
        due: action.due,
        overdue: action.overdue,
        due_at: became_due_at(index, action),
    }
}

/// When a thank-you became due during the day: its conversation's time.
fn became_due_at(index: &Index, action: &Action) -> Option<NaiveDateTime> {
    let Detail::ThankYou { met, .. } = &action.detail else {
        return None;
    };
    let conversation = (index.conversations_of(&action.person)).find(|c| c.path == action.note)?;
    let time = conversation.interview.when.time?;
    Some(met.and_time(time))
}
