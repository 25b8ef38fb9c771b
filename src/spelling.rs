//! Notes stage, a check on property names: one close to a name suivi reads
//! is most likely that name misspelled (`thank_you_snet`), which would
//! otherwise leave a reminder on forever without a word.
//!
//! A vault holds many properties of its own: a name far from every known
//! one is left alone, and so is any name suivi reads for some kind of note.

use crate::i18n::{code, words};
use crate::issue::VaultIssue;
use crate::lang::Lang;

/// The properties an interview note may have (SPEC 2.2, 3.1).
pub const INTERVIEW: &[&str] = &[
    "type",
    "contact",
    "date",
    "company",
    "role",
    "channel",
    "duration",
    "referred_by",
    "topic",
    "questions",
    "referrals",
    "thank_you_sent",
    "they_follow_up_by",
    "opening",
    "opening_expected",
    "prepared",
    "tags",
];

/// The properties a person note may have.
pub const PERSON: &[&str] = &[
    "type",
    "aliases",
    "company",
    "role",
    "email",
    "linkedin",
    "phone",
    "status",
    "referred_by",
    "may_mention",
    "last_contact",
    "cadence_days",
    "touches",
    "snooze_until",
    "tags",
];

/// The properties a company note may have.
pub const COMPANY: &[&str] = &["type", "aliases", "target", "website", "industry", "tags"];

/// The known name `name` most likely misspells, if any: the same name but
/// for case and `-`, `_` or space, or within a small edit distance (one edit
/// for short names, where two would reach unrelated words).
pub fn likely_meant(name: &str, known: &[&'static str]) -> Option<&'static str> {
    let all = [INTERVIEW, PERSON, COMPANY];
    if all.iter().any(|names| names.contains(&name)) {
        return None;
    }
    let folded = fold(name);
    let mut best: Option<(usize, &'static str)> = None;
    for &candidate in known {
        let distance = strsim::osa_distance(&folded, candidate);
        let allowed = if candidate.len() <= 5 { 1 } else { 2 };
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Lower case, with `-` and spaces as `_`.
fn fold(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The issue for a property named `name` on `line` that likely means `meant`.
pub fn issue(path: &str, line: usize, name: &str, meant: &str, lang: Lang) -> VaultIssue {
    let (name, meant) = (code(name), code(meant));
    let said = &words(lang).issues;
    VaultIssue::new(
        path,
        line,
        (said.misspelt)(&name, &meant),
        (said.misspelt_fix)(&meant),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_close_to_a_known_one_are_taken_for_it() {
        for (name, known, meant) in [
            ("thank_you_snet", INTERVIEW, Some("thank_you_sent")),
            ("Thank-You-Sent", INTERVIEW, Some("thank_you_sent")),
            ("thank you sent", INTERVIEW, Some("thank_you_sent")),
            ("refered_by", INTERVIEW, Some("referred_by")),
            ("contacts", INTERVIEW, Some("contact")),
            ("Date", INTERVIEW, Some("date")),
            ("snoozed_until", PERSON, Some("snooze_until")),
            ("staus", PERSON, Some("status")),
            ("targte", COMPANY, Some("target")),
            // Far from every known name, or known: silent.
            ("thank_you_sent", INTERVIEW, None),
            ("mood", INTERVIEW, None),
            ("time", INTERVIEW, None),
            ("created", INTERVIEW, None),
            ("cssclasses", PERSON, None),
            ("email", INTERVIEW, None),
            ("rating", COMPANY, None),
        ] {
            assert_eq!(likely_meant(name, known), meant, "{name}");
        }
    }

    #[test]
    fn the_issue_says_what_was_meant_in_both_languages() {
        let en = issue("a.md", 4, "thank_you_snet", "thank_you_sent", Lang::En);
        assert_eq!(
            en.message,
            "suivi does not read the property `thank_you_snet`: did you mean `thank_you_sent`?"
        );
        let fr = issue("a.md", 4, "thank_you_snet", "thank_you_sent", Lang::Fr);
        assert!(
            fr.message.contains("vouliez-vous dire `thank_you_sent`"),
            "{}",
            fr.message
        );
    }
}
