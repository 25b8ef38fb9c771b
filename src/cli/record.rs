//! The commands that record what the user did in their notes: `done`,
//! `log`, `snooze`, `undo`. Every note is changed through the note editor
//! ([`crate::editor`]), one change each, journaled; then the pages are
//! brought up to date, unless a watcher keeps the vault and does it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::{Days, Months, NaiveDate};

use super::{Settings, recorded_code, report_build, terminal_safe};
use crate::done::{self, DoneError};
use crate::editor::{self, Batch, Change};
use crate::i18n;
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
    let mut chosen = Vec::new();
    for id in ids {
        chosen.push(find_action(&plan, id)?);
    }
    let batch = Batch::new(format!("done {}", ids.join(" ")));
    let (today, lang) = (settings.clock.today, settings.config.lang);
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
                writeln!(out, "{}", i18n::recorded_line(lang, Some(&id), &what))?;
            }
            Err(error) => {
                failed += 1;
                let why = terminal_safe(&error.to_string());
                eprintln!("suivi: {}", i18n::not_recorded_line(lang, Some(&id), &why));
            }
        }
    }
    finish(settings, failed, out)
}

/// The action `given` names: its id in full, or the first digits of one
/// id only.
fn find_action<'a>(plan: &'a Plan, given: &str) -> Result<&'a Action> {
    let wanted = given.trim().to_ascii_lowercase();
    if wanted.len() < MIN_ID_DIGITS || !wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!(
            "{given:?} is not an action id: give at least {MIN_ID_DIGITS} of the hex digits `suivi due` shows"
        );
    }
    let found: Vec<&Action> = (plan.actions.iter())
        .filter(|a| a.id().full().starts_with(&wanted))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => bail!("no action due has the id {given}: run `suivi due` to see them"),
        many => {
            let ids: Vec<String> = many.iter().map(|a| a.id().full()).collect();
            bail!(
                "{given} names {} actions ({}): give more digits",
                many.len(),
                ids.join(", ")
            )
        }
    }
}

/// What `log` is told of the message.
pub struct Logged<'a> {
    pub name: &'a str,
    pub dir: Direction,
    pub channel: Option<&'a str>,
    pub note: Option<&'a str>,
    pub date: Option<NaiveDate>,
}

/// `suivi log NAME --out|--in`: a touch in the person's note.
pub fn log(settings: &Settings, logged: &Logged, out: &mut impl Write) -> Result<ExitCode> {
    if let Some(channel) = logged.channel
        && (channel.is_empty() || channel.contains(|c: char| c.is_whitespace() || c == ':'))
    {
        bail!("--channel takes one word, like email, phone or linkedin (got {channel:?})");
    }
    let note = logged.note.map(one_line);
    let plan = plan(settings);
    let person = resolve_person(&plan.index, logged.name)?;
    let touch = Touch {
        date: logged.date.unwrap_or(settings.clock.today),
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
    until: Option<NaiveDate>,
    length: Option<&str>,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let today = settings.clock.today;
    let until = match (until, length) {
        (Some(day), _) => day,
        (None, Some(length)) => after(today, length)?,
        (None, None) => bail!("give --until DATE or --for a length like 2w"),
    };
    let plan = plan(settings);
    let person = resolve_person(&plan.index, name)?;
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
    let undone = editor::undo(&settings.root, &settings.config)?;
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
    let lang = settings.config.lang;
    let said = i18n::undone_line(lang, &description, &named, more);
    writeln!(out, "{said}")?;
    finish(settings, 0, out)
}

fn report(lang: Lang, out: &mut impl Write, recorded: Result<String, DoneError>) -> Result<usize> {
    match recorded {
        Ok(what) => {
            let what = terminal_safe(&what);
            writeln!(out, "{}", i18n::recorded_line(lang, None, &what))?;
            Ok(0)
        }
        Err(error) => {
            let why = terminal_safe(&error.to_string());
            eprintln!("suivi: {}", i18n::not_recorded_line(lang, None, &why));
            Ok(1)
        }
    }
}

/// Brings the pages up to date after edits, unless a watcher keeps the
/// vault (it sees the edits itself); exit 2 when something was not recorded.
fn finish(settings: &Settings, failed: usize, out: &mut impl Write) -> Result<ExitCode> {
    if Lock::is_held(&settings.root) {
        if !settings.quiet {
            writeln!(out, "{}", i18n::watch_updates(settings.config.lang))?;
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
fn resolve_person(index: &Index, name: &str) -> Result<PersonKey> {
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
        bail!(
            "no one is called {name:?} in this vault; for someone new: suivi new person {:?}",
            name
        );
    }
    let close: Vec<String> = close.iter().map(|n| terminal_safe(n)).collect();
    bail!(
        "no one is called {name:?} in this vault; did you mean: {}?",
        close.join(", ")
    )
}

/// A length like `10d`, `2w` or `3m` (months) after `day`.
fn after(day: NaiveDate, length: &str) -> Result<NaiveDate> {
    let length = length.trim();
    let (count, unit) = length.split_at(length.len().saturating_sub(1));
    let count: u32 = count
        .parse()
        .map_err(|_| anyhow::anyhow!("--for takes a length like 10d, 2w or 3m (got {length:?})"))?;
    let later = match unit {
        "d" => day.checked_add_days(Days::new(count.into())),
        "w" => day.checked_add_days(Days::new(u64::from(count) * 7)),
        "m" => day.checked_add_months(Months::new(count)),
        _ => None,
    };
    later.ok_or_else(|| anyhow::anyhow!("--for takes a length like 10d, 2w or 3m (got {length:?})"))
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
        let on = |text: &str| after(day, text).map(|d| d.to_string()).ok();
        assert_eq!(on("10d").as_deref(), Some("2026-02-10"));
        assert_eq!(on("2w").as_deref(), Some("2026-02-14"));
        assert_eq!(on("1m").as_deref(), Some("2026-02-28"));
        for wrong in ["", "w", "2", "2y", "-1d", "1.5w", "2 w"] {
            assert_eq!(on(wrong), None, "{wrong}");
        }
    }
}
