//! Notes stage: reading a note's properties by name, each as the type suivi
//! wants, leniently; a property of the wrong shape becomes an issue on its
//! own line and is read as absent.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::properties::{checkbox_value, holds_placeholder, items_of, parse_when, touch};
use super::{Referral, Status, Touch, When};
use crate::config::Lang;
use crate::frontmatter::{Property, Yaml};
use crate::i18n::words;
use crate::issue::VaultIssue;
use crate::names::{LinkTarget, parse_link};

/// The shape a property should have, for messages.
#[derive(Debug, Clone, Copy)]
enum Expected {
    Text,
    Texts,
    Link,
    Links,
    Number,
    Checkbox,
    Referrals,
    Touches,
}

impl Expected {
    fn describe(self, lang: Lang) -> &'static str {
        let kind = match self {
            Expected::Text => 0,
            Expected::Texts => 1,
            Expected::Link => 2,
            Expected::Links => 3,
            Expected::Number => 4,
            Expected::Checkbox => 5,
            Expected::Referrals => 6,
            Expected::Touches => 7,
        };
        words(lang).issues.expected_kinds[kind]
    }
}

/// Reads typed values out of a note's properties, turning each wrong shape
/// into an issue on the property's line.
pub(super) struct Reader<'a> {
    pub(super) path: &'a str,
    pub(super) lang: Lang,
    pub(super) properties: &'a [Property],
    pub(super) issues: &'a mut Vec<VaultIssue>,
}

impl<'a> Reader<'a> {
    pub(super) fn get(&self, key: &str) -> Option<&'a Property> {
        self.properties
            .iter()
            .find(|p| p.key == key)
            .filter(|p| p.value != Yaml::Null && !holds_placeholder(&p.value))
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub(super) fn issue(&mut self, line: usize, message: String, fix: impl Into<String>) {
        self.issues
            .push(VaultIssue::new(self.path, line, message, fix));
    }

    fn wrong(&mut self, property: &Property, expected: Expected, example: &str) {
        let (key, lang) = (&property.key, self.lang);
        let (wanted, found) = (expected.describe(lang), property.value.kind_name(lang));
        let said = &words(lang).issues;
        self.issue(
            property.line,
            (said.wrong_kind)(key, wanted, found),
            (said.wrong_kind_fix)(key, example),
        );
    }

    pub(super) fn text(&mut self, key: &str) -> Option<String> {
        let property = self.get(key)?;
        let text = property.value.as_text();
        if text.is_none() {
            let example = words(self.lang).issues.example_text;
            self.wrong(property, Expected::Text, example);
        }
        text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
    }

    pub(super) fn texts(&mut self, key: &str) -> Vec<String> {
        let Some(property) = self.get(key) else {
            return Vec::new();
        };
        let items: Vec<Option<Cow<str>>> = match &property.value {
            Yaml::Seq(items) => items.iter().map(Yaml::as_text).collect(),
            single => vec![single.as_text()],
        };
        if items.iter().any(Option::is_none) {
            let example = words(self.lang).issues.example_texts;
            self.wrong(property, Expected::Texts, example);
        }
        let texts = (items.iter().flatten())
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        kept_list(items.len(), texts)
    }

    /// A link written without quotes, `[[Paul Martin]]`, is a list holding a
    /// list for YAML: read it as the link, and say how to write it.
    fn unquoted_link<'v>(&mut self, property: &Property, value: &'v Yaml) -> Option<&'v str> {
        let Yaml::Seq(outer) = value else { return None };
        let [Yaml::Seq(inner)] = outer.as_slice() else {
            return None;
        };
        let [Yaml::Str(name)] = inner.as_slice() else {
            return None;
        };
        let (key, lang) = (&property.key, self.lang);
        let said = &words(lang).issues;
        self.issue(
            property.line,
            (said.unquoted_link)(key),
            (said.unquoted_link_fix)(key, name),
        );
        Some(name)
    }

    fn link_text<'v>(&mut self, property: &Property, value: &'v Yaml) -> Option<Cow<'v, str>> {
        match value {
            Yaml::Str(_) | Yaml::Int(_) | Yaml::Float(_) => value.as_text(),
            other => self.unquoted_link(property, other).map(Cow::Borrowed),
        }
    }

    pub(super) fn link(&mut self, key: &str) -> Option<LinkTarget> {
        let property = self.get(key)?;
        let text = match items_of(&property.value) {
            [single] => self.link_text(property, single),
            _ => None,
        };
        if text.is_none() {
            self.wrong(property, Expected::Link, "\"[[Name]]\"");
        }
        text.as_deref().and_then(parse_link)
    }

    pub(super) fn links(&mut self, key: &str) -> Vec<LinkTarget> {
        let Some(property) = self.get(key) else {
            return Vec::new();
        };
        let texts: Vec<Option<Cow<str>>> = items_of(&property.value)
            .iter()
            .map(|item| self.link_text(property, item))
            .collect();
        if texts.iter().any(Option::is_none) {
            self.wrong(property, Expected::Links, "[\"[[First]]\", \"[[Second]]\"]");
        }
        kept_list(
            texts.len(),
            texts.iter().flatten().filter_map(|t| parse_link(t)),
        )
    }

    pub(super) fn when(&mut self, key: &str) -> Option<When> {
        let property = self.get(key)?;
        let when = property.value.as_text().as_deref().and_then(parse_when);
        if when.is_none() {
            self.wrong_date(property);
        }
        when
    }

    fn wrong_date(&mut self, property: &Property) {
        let (key, lang) = (&property.key, self.lang);
        let shown = property.value.as_text().map_or_else(
            || property.value.kind_name(lang).to_owned(),
            |t| format!("{t:?}"),
        );
        let shown = clip(&shown, 60);
        let said = &words(lang).issues;
        self.issue(
            property.line,
            (said.not_a_date)(key, &shown),
            (said.not_a_date_fix)(key),
        );
    }

    pub(super) fn date(&mut self, key: &str) -> Option<NaiveDate> {
        self.when(key).map(|w| w.date)
    }

    pub(super) fn number(&mut self, key: &str) -> Option<u32> {
        let property = self.get(key)?;
        let number = match &property.value {
            Yaml::Int(i) => u32::try_from(*i).ok(),
            Yaml::Str(s) => s.trim().parse().ok(),
            _ => None,
        };
        if number.is_none() {
            self.wrong(property, Expected::Number, "30");
        }
        number
    }

    pub(super) fn checkbox(&mut self, key: &str) -> Option<bool> {
        let property = self.get(key)?;
        let value = checkbox_value(&property.value);
        if value.is_none() {
            self.wrong(property, Expected::Checkbox, "true");
        }
        value
    }

    pub(super) fn status(&mut self, key: &str) -> Option<Status> {
        let property = self.get(key)?;
        let text = property.value.as_text().unwrap_or_default();
        let status = Status::parse(&text);
        if status.is_none() {
            let known: Vec<&str> = Status::ALL.iter().map(|(name, _)| *name).collect();
            let (shown, known) = (clip(&text, 60), known.join(", "));
            let said = &words(self.lang).issues;
            self.issue(
                property.line,
                (said.unknown_status)(&shown),
                (said.unknown_status_fix)(&known),
            );
        }
        status
    }

    pub(super) fn referrals(&mut self, key: &str) -> Vec<Referral> {
        let Some(property) = self.get(key) else {
            return Vec::new();
        };
        let items = items_of(&property.value);
        let mut referrals = Vec::with_capacity(items.len());
        for item in items {
            let referral = match item {
                Yaml::Map(entries) => self.referral_map(property, entries),
                other => self
                    .link_text(property, other)
                    .and_then(|t| parse_link(&t))
                    .map(|name| Referral {
                        name,
                        company: None,
                        role: None,
                        note: None,
                        may_mention: None,
                    }),
            };
            match referral {
                Some(referral) => referrals.push(referral),
                None => self.wrong(
                    property,
                    Expected::Referrals,
                    "[\"[[Marie Curie]]\", {name: Paul, company: Acme}]",
                ),
            }
        }
        referrals
    }

    fn referral_map(&mut self, property: &Property, entries: &[(Yaml, Yaml)]) -> Option<Referral> {
        let field = |name: &str| {
            entries
                .iter()
                .find(|(k, _)| k.as_text().as_deref() == Some(name))
                .map(|(_, v)| v)
        };
        let name = field("name").and_then(|v| self.link_text(property, v))?;
        let company = field("company").and_then(|v| self.link_text(property, v));
        Some(Referral {
            name: parse_link(&name)?,
            company: company.as_deref().and_then(parse_link),
            role: field("role").and_then(Yaml::as_text).map(Cow::into_owned),
            note: field("note").and_then(Yaml::as_text).map(Cow::into_owned),
            may_mention: field("may_mention").and_then(checkbox_value),
        })
    }

    pub(super) fn touches(&mut self, key: &str) -> Vec<Touch> {
        let Some(property) = self.get(key) else {
            return Vec::new();
        };
        let Yaml::Seq(items) = &property.value else {
            let example = words(self.lang).issues.example_touches;
            self.wrong(property, Expected::Touches, example);
            return Vec::new();
        };
        let mut touches = Vec::with_capacity(items.len());
        for item in items {
            if let Some(touch) = touch(item) {
                touches.push(touch);
            } else {
                let shown = item
                    .as_text()
                    .map_or_else(String::new, |t| format!(": {:?}", clip(&t, 60)));
                let said = &words(self.lang).issues;
                self.issue(property.line, (said.bad_touch)(&shown), said.bad_touch_fix);
            }
        }
        touches
    }
}

/// What a list property's items give, in a vector with room for as many
/// as it has items. A note's lists are kept for the whole pass, and a vector
/// grown one item at a time has room for four: most of it unused.
fn kept_list<T>(items: usize, values: impl Iterator<Item = T>) -> Vec<T> {
    let mut list = Vec::with_capacity(items);
    list.extend(values);
    list
}

/// At most `max` characters of a user's value, for a message.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{interview, parse};
    use crate::note::{Kind, Status};

    #[test]
    fn a_wrong_value_is_an_issue_on_its_line_and_the_rest_is_read() {
        let note = parse(
            "Interviews/a.md",
            "---\ncontact: Paul\ndate: 2026-11-20\nthank_you_sent: next week\nstatus: x\nduration: long\n---\n",
        );
        let i = interview(&note);
        assert_eq!(i.thank_you_sent, None);
        let lines: Vec<_> = note.issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, [4, 6]);
        assert!(note.issues[0].message.contains("thank_you_sent"));
    }

    #[test]
    fn unquoted_links_are_read_with_a_warning() {
        let note = parse(
            "Interviews/a.md",
            "---\ncontact: [[Paul Martin]]\ndate: 2026-11-20\nreferred_by: [[Zoé]]\n---\n",
        );
        let i = interview(&note);
        assert_eq!(i.contacts[0].name(), "Paul Martin");
        assert_eq!(i.referred_by.as_ref().unwrap().name(), "Zoé");
        assert_eq!(note.issues.len(), 2);
        assert_eq!(note.issues[1].line, 4);
    }

    #[test]
    fn person_touches_and_status() {
        let note = parse(
            "People/Zoé Roy.md",
            "---\nstatus: To contact\ntouches:\n  - {date: 2026-11-01, dir: out}\n  - {date: 2026-11-02, dir: sideways}\n---\n",
        );
        let Kind::Person(named, p) = &note.kind else {
            panic!()
        };
        assert_eq!(p.status, Some(Status::ToContact));
        assert_eq!(p.touches.len(), 1);
        assert_eq!(note.issues.len(), 1);
        assert_eq!(named.name, "Zoé Roy");
    }
}
