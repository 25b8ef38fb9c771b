//! The watcher's log, written for a person reading it: the local time, then
//! one sentence; warnings and errors say so first, in colour on a terminal.

use std::fmt;

use chrono::Local;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

use crate::i18n::{WatchWords, words};
use crate::lang::Lang;

/// Sends the log to standard error: `level` and above, coloured when
/// `ansi`, its labels in `lang`.
pub fn init(level: Level, ansi: bool, lang: Lang) {
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .event_format(Human {
            said: &words(lang).watch,
        })
        .init();
}

/// `10:42:03  Interviews/a.md changed: Follow-ups written (3 ms)`.
struct Human {
    said: &'static WatchWords,
}

impl<S, N> FormatEvent<S, N> for Human
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let ansi = writer.has_ansi_escapes();
        write!(writer, "{}  ", Local::now().format("%H:%M:%S"))?;
        let (label, colour) = match *event.metadata().level() {
            Level::ERROR => (self.said.error, "1;31"),
            Level::WARN => (self.said.warning, "1;33"),
            _ => ("", ""),
        };
        if !label.is_empty() {
            if ansi {
                write!(writer, "\x1b[{colour}m{label}\x1b[0m")?;
            } else {
                write!(writer, "{label}")?;
            }
        }
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}
