//! Render: the sentences that tell what an action is and why it is there,
//! for the pages, `due`, notifications and the calendar. The rules know
//! actions and the catalogue ([`crate::i18n`]) knows words; this module
//! puts the one into the other.

use crate::i18n::{self, Words, words};
use crate::index::Index;
use crate::lang::Lang;
use crate::rules::{Action, ActionKind, Detail};

/// How names and free text are written in a sentence: links and escaped
/// markdown on a page, plain text in a terminal or JSON.
pub struct Style<'a> {
    pub person: &'a dyn Fn(&str) -> String,
    pub company: &'a dyn Fn(&str) -> String,
    pub text: &'a dyn Fn(&str) -> String,
}

/// The label of a kind of action; `kinds` follows the order of
/// [`ActionKind::ALL`].
pub fn kind_label(words: &Words, kind: ActionKind) -> &'static str {
    let i = ActionKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    words.kinds[i]
}

/// The sentence that says why an action is there, naming the people involved.
pub fn reason(lang: Lang, action: &Action, company: Option<&str>, style: &Style) -> String {
    let said = &words(lang).reasons;
    let p = (style.person)(&action.person);
    let through = (action.through.as_deref())
        .map_or_else(String::new, |r| (said.through)(&(style.person)(r)));
    let at = company.map_or_else(String::new, |c| format!(" ({})", (style.company)(c)));
    let who = format!("{p}{at}");
    match &action.detail {
        Detail::ThankYou { met, .. } => (said.thank_you)(&who, *met, &through),
        Detail::Update { last_contact } => (said.update)(&who, *last_contact),
        Detail::Nudge { promised } => (said.nudge)(&who, *promised),
        Detail::Driving { outs } => (said.driving)(&p, *outs),
        Detail::Promise { task, .. } => (said.promise)(&p, &(style.text)(task)),
        Detail::Prep {
            when,
            panel,
            company_note,
            questions,
        } => {
            let time = when
                .time
                .map_or_else(String::new, |t| t.format(" %H:%M").to_string());
            let met: Vec<String> = panel.iter().map(|k| (style.person)(k)).collect();
            let met = if met.is_empty() {
                p
            } else {
                i18n::and_list(lang, &met)
            };
            let company = match company_note {
                Some(true) => said.prep_reread,
                Some(false) => said.prep_research,
                None => "",
            };
            let who = format!("{met}{at}");
            (said.prep)(&who, when.date, &time, &through, company, *questions)
        }
        Detail::CloseTheLoop { met, on } => (said.close_the_loop)(&(style.person)(met), *on, &p),
        Detail::Opening { opening, expected } => {
            let role = opening.as_deref().map(|o| (style.text)(o));
            (said.opening)(&who, role.as_deref(), *expected)
        }
    }
}

/// [`reason`] as plain text, for a terminal, JSON, a notification or a
/// calendar: names as they are shown, nothing escaped.
pub fn plain_reason(lang: Lang, index: &Index, action: &Action) -> String {
    let person = |key: &str| index.person_name(key).to_owned();
    let company = |key: &str| index.company_name(key).to_owned();
    let text = |t: &str| t.to_owned();
    let style = Style {
        person: &person,
        company: &company,
        text: &text,
    };
    let company_key = (index.person(&action.person)).and_then(|p| p.company.as_deref());
    reason(lang, action, company_key, &style)
}

/// The note of the `out` touch that records `action` as done: what the
/// message was, in the vault's language.
pub fn touch_note(lang: Lang, index: &Index, action: &Action) -> String {
    let w = words(lang);
    let said = &w.reasons;
    match &action.detail {
        Detail::ThankYou { .. } => said.touch_thank_you.to_owned(),
        Detail::Update { .. } => said.touch_update.to_owned(),
        Detail::Nudge { .. } => said.touch_nudge.to_owned(),
        Detail::CloseTheLoop { met, .. } => (said.touch_close_the_loop)(index.person_name(met)),
        Detail::Opening { .. } => said.touch_opening.to_owned(),
        Detail::Driving { .. } | Detail::Promise { .. } | Detail::Prep { .. } => {
            kind_label(w, action.kind).to_lowercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::NaiveDate;

    use super::*;
    use crate::note::When;

    #[test]
    fn a_panels_prep_names_everyone_and_no_company_unless_one_is_named() {
        let when = When {
            date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            time: None,
        };
        let action = |company_note| Action {
            kind: ActionKind::Prep,
            person: Arc::from("Ana Ruiz"),
            due: when.date,
            overdue: false,
            note: Arc::from("a.md"),
            through: None,
            detail: Detail::Prep {
                when,
                panel: Arc::from([Arc::from("Ana Ruiz"), Arc::from("Ben Oko"), Arc::from("Cy")]),
                company_note,
                questions: 2,
            },
        };
        let same = |key: &str| key.to_owned();
        let style = Style {
            person: &same,
            company: &same,
            text: &same,
        };
        assert_eq!(
            reason(Lang::En, &action(None), None, &style),
            "Meeting Ana Ruiz, Ben Oko and Cy on 2026-11-25: 2 question(s) planned; ask who else you should talk to."
        );
        assert_eq!(
            reason(Lang::Fr, &action(Some(false)), Some("Acme"), &style),
            "Entretien avec Ana Ruiz, Ben Oko et Cy (Acme) le 2026-11-25 : renseignez-vous sur l'entreprise (pas encore de note), 2 question(s) prévue(s) ; demandez qui d'autre rencontrer."
        );
    }
}
