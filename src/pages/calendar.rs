//! `Follow-ups.ics`: the actions as a calendar, one all-day event each on
//! its due day, with an alarm at `notify_at` (SPEC 4), for a calendar app to
//! import or subscribe to. Its `UID`s are the actions' ids, so an app that
//! reads it again updates the events instead of doubling them.

use chrono::{NaiveDate, NaiveDateTime};

use super::{Context, Sink};
use crate::config::{Config, Lang};
use crate::i18n;
use crate::index::Index;
use crate::remind::{Reminder, ics};
use crate::rules::{Action, Detail};

/// Renders the calendar.
pub fn render(ctx: &Context, out: &mut dyn Sink) {
    out.push_str(&calendar(
        ctx.index,
        ctx.actions,
        ctx.config,
        ctx.clock.today,
    ));
}

/// The calendar of `actions` as of `today`: the page, and `due --ics`.
pub fn calendar(index: &Index, actions: &[Action], config: &Config, today: NaiveDate) -> String {
    let reminders = reminders(index, actions, config.lang);
    let name = format!("suivi: {}", i18n::words(config.lang).follow_ups);
    ics::calendar(&reminders, today, config.notify_at.0, &name)
}

/// The actions as the reminders see them: what to do and for whom, why,
/// when, in plain text.
pub fn reminders(index: &Index, actions: &[Action], lang: Lang) -> Vec<Reminder> {
    let words = i18n::words(lang);
    (actions.iter())
        .map(|action| Reminder {
            id: action.id().full(),
            title: format!(
                "{} · {}",
                words.kind(action.kind),
                index.person_name(&action.person)
            ),
            body: i18n::plain_reason(lang, index, action),
            due: action.due,
            overdue: action.overdue,
            due_at: became_due_at(index, action),
        })
        .collect()
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
