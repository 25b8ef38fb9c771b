//! Clock, read by the rules and pages stages: what day and time it is, and
//! what of it the rules and pages can see.
//!
//! The clock is read once, at the edge (the command or the watcher's tick),
//! and passed in as a value: the stages after the index never read the time.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::index::Index;
use crate::note::When;

/// What day and time it is for the rules. The time is `None` when the day
/// was given (`--today`): the day is then taken at its start, so the same
/// notes and day always give the same pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The day the rules and pages are drawn for.
    pub today: NaiveDate,
    /// The time of day, when it is known.
    pub now: Option<NaiveTime>,
}

impl Clock {
    /// The start of `today`, with no time known.
    pub fn on(today: NaiveDate) -> Clock {
        Clock { today, now: None }
    }

    /// A conversation is past when its day is before today, or it is today
    /// and it has no time (a note without a time is counted as held on its
    /// day: the thank-you is due the next day) or its time has passed.
    pub fn is_past(&self, when: &When) -> bool {
        when.date < self.today
            || (when.date == self.today
                && match (when.time, self.now) {
                    (None, _) => true,
                    (Some(t), Some(now)) => t <= now,
                    (Some(_), None) => false,
                })
    }
}

/// True when moving the clock from `from` to `to` can change the pages: a
/// new day, or a conversation of the day whose time has come.
pub fn clock_changes_pages(index: &Index, from: Clock, to: Clock) -> bool {
    !ClockView::of(index, from).holds_for(to)
}

/// All that the rules and pages see of a clock: the day, and for each time
/// written on a conversation of that day, whether it has passed. Two clocks
/// with the same view give the same actions and pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    today: NaiveDate,
    times_of_day: Vec<(NaiveTime, bool)>,
}

impl ClockView {
    /// The view `clock` gives of the conversations of `index`.
    pub fn of(index: &Index, clock: Clock) -> ClockView {
        let mut times_of_day: Vec<(NaiveTime, bool)> = index
            .conversations
            .iter()
            .map(|c| c.interview.when)
            .filter(|when| when.date == clock.today)
            .filter_map(|when| Some((when.time?, clock.is_past(&when))))
            .collect();
        times_of_day.sort();
        times_of_day.dedup();
        ClockView {
            today: clock.today,
            times_of_day,
        }
    }

    /// True when `clock` has this view of the same conversations.
    pub fn holds_for(&self, clock: Clock) -> bool {
        clock.today == self.today
            && self.times_of_day.iter().all(|&(time, passed)| {
                let when = When {
                    date: self.today,
                    time: Some(time),
                };
                clock.is_past(&when) == passed
            })
    }
}
