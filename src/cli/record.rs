//! The commands that record what the user did in their notes: `done`,
//! `log`, `snooze`, `undo`. Every note is changed through the note editor
//! ([`crate::editor`]), one change each, journaled; then the pages are
//! brought up to date, unless a watcher keeps the vault and does it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use chrono::{Days, Months, NaiveDate};

use super::{Settings, recorded_code, report_build, terminal_safe};
use crate::done::{self, DoneError};
use crate::editor::{self, Batch, Change};
use crate::i18n::{self, CliWords};
use crate::index::{Index, PersonKey};
use crate::lang::Lang;
use crate::names::name_key;
use crate::note::{Direction, Touch};
use crate::pipeline::{self, CacheUse, Plan};
use crate::rules::Action;
use crate::watch::lock::Lock;

/// How many of the notes an undo restored it names.
const NAMED: usize = 5;

/// How many hex digits an id given to `done` needs at least.
const MIN_ID_DIGITS: usize = 4;

/// `suivi done ID…`: records each action as SPEC 3.1 says.
pub fn done(settings: &Settings, ids: &[String], out: &mut impl Write) -> Result<ExitCode> {
    let plan = plan(settings);
    let said = &i18n::words(settings.config.lang).cli;
    let mut chosen = Vec::new();
    for id in ids {
        chosen.push(find_action(&plan, id, said)?);
    }
    let batch = Batch::new(format!("done {}", ids.join(" ")));
    let today = settings.clock.today;
    let mut failed = 0;
    for action in chosen {
        let id = action.id().short();
        match done::record(
            &settings.root,
            &settings.config,
            &plan.index,
            action,
            today,
            &batch,
        ) {
            Ok(what) => {
                let what = terminal_safe(&what.to_string());
                writeln!(out, "{}", (said.recorded_id)(&id, &what))?;
            }
            Err(error) => {
                failed += 1;
                let why = terminal_safe(&error.message(settings.config.lang));
                eprintln!("suivi: {}", (said.not_recorded_id)(&id, &why));
            }
        }
    }
    finish(settings, failed, out)
}

/// The action `given` names: its id in full, or the first digits of one
/// id only.
fn find_action<'a>(plan: &'a Plan, given: &str, said: &CliWords) -> Result<&'a Action> {
    let wanted = given.trim().to_ascii_lowercase();
    if wanted.len() < MIN_ID_DIGITS || !wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!((said.not_an_id)(given, MIN_ID_DIGITS));
    }
    let found: Vec<&Action> = (plan.actions.iter())
        .filter(|a| a.id().full().starts_with(&wanted))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => bail!((said.no_such_id)(given)),
        many => {
            let ids: Vec<String> = many.iter().map(|a| a.id().full()).collect();
            bail!((said.ambiguous_id)(given, many.len(), &ids.join(", ")))
        }
    }
}

/// What `log` is told of the message.
pub struct Logged<'a> {
    pub name: &'a str,
    pub dir: Direction,
    pub channel: Option<&'a str>,
    pub note: Option<&'a str>,
    /// When, as given: read once the vault's language is known, to say
    /// in it what is wrong with it.
    pub date: Option<&'a str>,
}

/// `suivi log NAME --out|--in`: a touch in the person's note.
pub fn log(settings: &Settings, logged: &Logged, out: &mut impl Write) -> Result<ExitCode> {
    let said = &i18n::words(settings.config.lang).cli;
    if let Some(channel) = logged.channel
        && (channel.is_empty() || channel.contains(|c: char| c.is_whitespace() || c == ':'))
    {
        bail!((said.bad_channel)(channel));
    }
    let date = match logged.date {
        Some(text) => day(text).ok_or_else(|| anyhow!((said.bad_day)(text)))?,
        None => settings.clock.today,
    };
    let note = logged.note.map(one_line);
    let plan = plan(settings);
    let person = resolve_person(&plan.index, logged.name, said)?;
    let touch = Touch {
        date,
        dir: logged.dir,
        channel: logged.channel.map(str::to_owned),
        note: note.filter(|n| !n.is_empty()),
    };
    let batch = Batch::new(format!("log {}", logged.name));
    let recorded = done::add_touch(
        &settings.root,
        &settings.config,
        &plan.index,
        &person,
        &touch,
        &batch,
    );
    let failed = report(
        settings.config.lang,
        out,
        recorded.map(|note| format!("{note}: touches: {}", touch.to_text())),
    )?;
    finish(settings, failed, out)
}

/// `suivi snooze NAME --until DATE | --for 2w`: `snooze_until` on their note.
pub fn snooze(
    settings: &Settings,
    name: &str,
    until: Option<&str>,
    length: Option<&str>,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let today = settings.clock.today;
    let said = &i18n::words(settings.config.lang).cli;
    let until = match (until, length) {
        (Some(text), _) => day(text).ok_or_else(|| anyhow!((said.bad_day)(text)))?,
        (None, Some(length)) => {
            after(today, length).ok_or_else(|| anyhow!((said.bad_length)(length.trim())))?
        }
        (None, None) => bail!(said.until_or_for),
    };
    let plan = plan(settings);
    let person = resolve_person(&plan.index, name, said)?;
    let batch = Batch::new(format!("snooze {name}"));
    let (root, config) = (&settings.root, &settings.config);
    let recorded =
        done::person_note(root, config, &plan.index, &person, today, &batch).and_then(|note| {
            let change = Change::SetProperty {
                key: "snooze_until".to_owned(),
                value: until.to_string(),
            };
            editor::record(root, config, &note, &change, &batch)?;
            Ok(format!("{note}: snooze_until: {until}"))
        });
    let failed = report(settings.config.lang, out, recorded)?;
    finish(settings, failed, out)
}

/// `suivi undo`: the last batch of edits, reverted.
pub fn undo(settings: &Settings, out: &mut impl Write) -> Result<ExitCode> {
    let lang = settings.config.lang;
    let undone =
        editor::undo(&settings.root, &settings.config).map_err(|e| anyhow!(e.message(lang)))?;
    // An import reverts thousands of notes: the first few are named.
    let named: Vec<&str> = undone
        .notes
        .iter()
        .take(NAMED)
        .map(String::as_str)
        .collect();
    let more = undone.notes.len().saturating_sub(NAMED);
    let description = terminal_safe(&undone.batch.description);
    let named = terminal_safe(&named.join(", "));
    let said = &i18n::words(settings.config.lang).cli;
    let said = (said.undone)(&description, &named, more);
    writeln!(out, "{said}")?;
    finish(settings, 0, out)
}

fn report(lang: Lang, out: &mut impl Write, recorded: Result<String, DoneError>) -> Result<usize> {
    let said = &i18n::words(lang).cli;
    match recorded {
        Ok(what) => {
            let what = terminal_safe(&what);
            writeln!(out, "{}", (said.recorded)(&what))?;
            Ok(0)
        }
        Err(error) => {
            let why = terminal_safe(&error.message(lang));
            eprintln!("suivi: {}", (said.not_recorded)(&why));
            Ok(1)
        }
    }
}

/// Brings the pages up to date after edits, unless a watcher keeps the
/// vault (it sees the edits itself); exit 2 when something was not recorded.
fn finish(settings: &Settings, failed: usize, out: &mut impl Write) -> Result<ExitCode> {
    if Lock::is_held(&settings.root) {
        if !settings.quiet {
            writeln!(
                out,
                "{}",
                i18n::words(settings.config.lang).cli.watch_updates
            )?;
        }
    } else {
        let built = pipeline::build(&settings.root, &settings.config, settings.clock);
        report_build(settings, &built, out)?;
    }
    Ok(recorded_code(failed))
}

fn plan(settings: &Settings) -> Plan {
    pipeline::plan(
        &settings.root,
        &settings.config,
        settings.clock,
        CacheUse::ReadOnly,
    )
}

/// The person `name` names, as every page does: by file name or spelling,
/// case and accents folded, or by one of their `aliases`. An unknown or
/// ambiguous name is an error listing the likely ones.
fn resolve_person(index: &Index, name: &str, said: &CliWords) -> Result<PersonKey> {
    let key = name_key(name);
    if let Some(person) = index.person(&key) {
        return Ok(person.key.clone());
    }
    let by_alias: Vec<&PersonKey> = (index.people.values())
        .filter(|p| p.data.aliases.iter().any(|a| name_key(a) == key))
        .map(|p| &p.key)
        .collect();
    if let [one] = by_alias.as_slice() {
        return Ok((*one).clone());
    }
    let words: Vec<&str> = key.split(' ').collect();
    let mut close: Vec<&str> = (index.people.values())
        .filter(|p| {
            words
                .iter()
                .all(|w| p.key.split(' ').any(|k| k.starts_with(w)))
                || strsim::levenshtein(&p.key, &key) <= 2
                || by_alias.contains(&&p.key)
        })
        .map(|p| p.name.as_str())
        .collect();
    close.truncate(8);
    if close.is_empty() {
        bail!((said.nobody_new)(name));
    }
    let close: Vec<String> = close.iter().map(|n| terminal_safe(n)).collect();
    bail!((said.nobody_close)(name, &close.join(", ")))
}

/// A length like `10d`, `2w` or `3m` (months) after `day`; none for
/// anything else.
fn after(day: NaiveDate, length: &str) -> Option<NaiveDate> {
    let length = length.trim();
    let (count, unit) = length.split_at(length.len().saturating_sub(1));
    let count: u32 = count.parse().ok()?;
    match unit {
        "d" => day.checked_add_days(Days::new(count.into())),
        "w" => day.checked_add_days(Days::new(u64::from(count) * 7)),
        "m" => day.checked_add_months(Months::new(count)),
        _ => None,
    }
}

/// A day written like 2026-11-20.
fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// A note given on the command line, kept to one line of text.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_of_a_snooze() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let on = |text: &str| after(day, text).map(|d| d.to_string());
        assert_eq!(on("10d").as_deref(), Some("2026-02-10"));
        assert_eq!(on("2w").as_deref(), Some("2026-02-14"));
        assert_eq!(on("1m").as_deref(), Some("2026-02-28"));
        for wrong in ["", "w", "2", "2y", "-1d", "1.5w", "2 w"] {
            assert_eq!(on(wrong), None, "{wrong}");
        }
    }
}
