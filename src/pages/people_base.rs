//! Pages stage: the People base, an Obsidian Bases file (core plugin
//! since Obsidian 1.9) that lists the person notes in a table whose cells
//! edit their flat properties (status, company, last contact, snooze,
//! `may_mention`) in place.
//!
//! A `.base` file is YAML with no markdown front-matter, so it is marked as
//! suivi's by a first-line comment, [`MARKER_COMMENT`]: Bases reads the file
//! as YAML, where a comment is nothing. It is drawn from the configuration
//! and the language alone, never from the notes: Obsidian does the finding
//! and the reading, live, so no edit of a note changes the file, and it
//! carries no `as_of` (it would change every day for nothing).
//!
//! Every text that comes from the configuration (the people, templates and
//! output folders) goes into an expression's string literal, itself inside
//! a YAML double-quoted scalar: both are written by [`quoted`], with the
//! escapes of a JSON string, which YAML's double-quoted scalars share and a
//! JavaScript-like expression reads alike, so no folder name can end a
//! literal or a scalar early. (Obsidian's documentation does not list the
//! escapes of its string literals; folder names with `"`, `\` or control
//! characters are the only ones that need them.)

use std::fmt::Write as _;

use crate::config::{Config, Lang};
use crate::frontmatter::double_quoted as quoted;

use super::{Context, Sink};
use crate::i18n::{self, BaseWords};

/// The first line of the People base: suivi's marker in a YAML file.
pub const MARKER_COMMENT: &str = "# generated_by: suivi";

fn base_words(lang: Lang) -> &'static BaseWords {
    &i18n::words(lang).base
}

/// The People base's file name in the output folder.
pub fn file_name(lang: Lang) -> String {
    format!("{}.base", base_words(lang).title)
}

/// The person notes' statuses the "To contact" view shows: someone still
/// to reach, or reached and not met yet. A filter compares text exactly:
/// these are the spellings the templates write, not the others suivi also
/// reads (`To contact`, `to_contact`).
const TO_CONTACT: [&str; 3] = ["to-contact", "contacted", "scheduled"];

/// Writes the People base.
pub(super) fn render(ctx: &Context, out: &mut dyn Sink) {
    out.push_str(&people_base(ctx.config));
}

/// The People base for a configuration: its bytes depend on nothing else.
fn people_base(config: &Config) -> String {
    let words = i18n::words(config.lang);
    let base = base_words(config.lang);
    let columns = [
        ("file.name", base.name),
        ("note.status", words.status),
        ("note.company", words.company),
        ("note.role", base.role),
        ("note.last_contact", words.last_contact),
        ("note.snooze_until", base.snooze_until),
        ("note.may_mention", words.may_mention),
        ("note.email", base.email),
    ];
    let mut yaml = format!("{MARKER_COMMENT}\n# {}\n", base.generated);
    yaml.push_str(&global_filters(config));
    yaml.push_str("properties:\n");
    for (property, display_name) in columns {
        let _ = writeln!(
            yaml,
            "  {property}:\n    displayName: {}",
            quoted(display_name)
        );
    }
    yaml.push_str("views:\n");
    let mut order = String::new();
    for (property, _) in columns {
        let _ = writeln!(order, "      - {property}");
    }
    let sorted = "    sort:\n      - property: file.name\n        direction: ASC\n";
    let _ = write!(
        yaml,
        "  - type: table\n    name: {}\n    order:\n{order}{sorted}",
        quoted(base.title)
    );
    let mut statuses = String::new();
    for status in TO_CONTACT {
        let filter = format!("note.status == {}", quoted(status));
        let _ = writeln!(statuses, "        - {}", quoted(&filter));
    }
    let _ = write!(
        yaml,
        "  - type: table\n    name: {}\n    filters:\n      or:\n{statuses}    order:\n{order}{sorted}",
        quoted(base.to_contact)
    );
    yaml
}

/// Which files are person notes, as suivi tells them (SPEC 2.1): a
/// markdown note whose `type` holds `person`, or one in the people folder
/// or below it whose `type` names no other kind; never a template nor a
/// page. `file.inFolder` takes the sub-folders too, as suivi does, and
/// `list(note.type)` reads a `type` given as text or as a list alike.
fn global_filters(config: &Config) -> String {
    let in_folder = |folder: &str| quoted(&format!("file.inFolder({})", quoted(folder)));
    format!(
        "filters:\n  and:\n    - {md}\n    - not:\n        - {templates}\n        - {output}\n    - or:\n        - {typed}\n        - and:\n            - {people}\n            - {untyped}\n",
        md = quoted(r#"file.ext == "md""#),
        templates = in_folder(&config.templates),
        output = in_folder(&config.output),
        typed = quoted(r#"list(note.type).contains("person")"#),
        people = in_folder(&config.folders.people),
        untyped = quoted(r#"!list(note.type).containsAny("interview", "company")"#),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn parsed(yaml: &str) -> Value {
        serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
    }

    fn in_folder(folder: &str) -> String {
        format!("file.inFolder({})", serde_json::to_string(folder).unwrap())
    }

    /// The base a configuration should give, built apart from the writer
    /// of the file: as Obsidian's parser sees it.
    fn expected(config: &Config, names: [&str; 8], views: [&str; 2]) -> Value {
        let properties = [
            "file.name",
            "note.status",
            "note.company",
            "note.role",
            "note.last_contact",
            "note.snooze_until",
            "note.may_mention",
            "note.email",
        ];
        let sort = json!([{ "property": "file.name", "direction": "ASC" }]);
        json!({
            "filters": { "and": [
                "file.ext == \"md\"",
                { "not": [in_folder(&config.templates), in_folder(&config.output)] },
                { "or": [
                    "list(note.type).contains(\"person\")",
                    { "and": [
                        in_folder(&config.folders.people),
                        "!list(note.type).containsAny(\"interview\", \"company\")",
                    ] },
                ] },
            ] },
            "properties": (properties.iter().zip(names))
                .map(|(property, name)| (property.to_string(), json!({ "displayName": name })))
                .collect::<serde_json::Map<_, _>>(),
            "views": [
                { "type": "table", "name": views[0], "order": properties, "sort": sort },
                {
                    "type": "table",
                    "name": views[1],
                    "filters": { "or": [
                        "note.status == \"to-contact\"",
                        "note.status == \"contacted\"",
                        "note.status == \"scheduled\"",
                    ] },
                    "order": properties,
                    "sort": sort,
                },
            ],
        })
    }

    /// The filters with each `file.inFolder` literal decoded, as JSON.
    fn folders_read(filters: &Value) -> Value {
        match filters {
            Value::String(text) => match (text.strip_prefix("file.inFolder("))
                .and_then(|rest| rest.strip_suffix(')'))
            {
                Some(literal) => {
                    let folder: String =
                        serde_json::from_str(literal).unwrap_or_else(|e| panic!("{literal}: {e}"));
                    json!(format!("in folder {folder}"))
                }
                None => filters.clone(),
            },
            Value::Array(items) => Value::Array(items.iter().map(folders_read).collect()),
            Value::Object(map) => Value::Object(
                (map.iter())
                    .map(|(key, value)| (key.clone(), folders_read(value)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    #[test]
    fn the_base_is_valid_yaml_with_the_columns_and_views_in_the_vaults_language() {
        let en = Config::default();
        let base = people_base(&en);
        assert!(base.starts_with("# generated_by: suivi\n# Generated by suivi"));
        let names = [
            "Name",
            "Status",
            "Company",
            "Role",
            "Last contact",
            "Snoozed until",
            "May mention referrer",
            "Email",
        ];
        assert_eq!(
            parsed(&base),
            expected(&en, names, ["People", "To contact"])
        );
        assert_eq!(people_base(&en), base, "the same bytes every time");
        assert_eq!(file_name(Lang::En), "People.base");

        let fr = Config {
            lang: Lang::Fr,
            ..Config::default()
        };
        let names = [
            "Nom",
            "Statut",
            "Entreprise",
            "Rôle",
            "Dernier contact",
            "En pause jusqu'au",
            "Citer la recommandation",
            "E-mail",
        ];
        let base = people_base(&fr);
        assert!(base.starts_with("# generated_by: suivi\n# Généré par suivi"));
        assert_eq!(
            parsed(&base),
            expected(&fr, names, ["Personnes", "À contacter"])
        );
        assert_eq!(file_name(Lang::Fr), "Personnes.base");
    }

    #[test]
    fn a_hostile_folder_name_stays_one_string_literal_in_one_scalar() {
        let hostile = [
            r#"Pe"ople"#,
            r"Pe\ople",
            "l'équipe",
            "Contacts: 2026",
            "# People",
            r#"a" || true || "\"#,
            r#"x"), file.inFolder("y"#,
            "\"\n- \"injected\"\n#",
            "line\u{2028}separated\u{85}\u{7f}\u{feff}",
            r#"'"\:# all"#,
        ];
        for folder in hostile {
            let config = Config {
                folders: crate::config::Folders {
                    people: folder.to_owned(),
                    ..Default::default()
                },
                templates: format!("T {folder}"),
                output: format!("{folder}/Suivi"),
                ..Config::default()
            };
            let base = people_base(&config);
            let got = parsed(&base);
            let want = expected(&config, [""; 8], ["", ""]);
            assert_eq!(
                folders_read(&got["filters"]),
                folders_read(&want["filters"]),
                "{folder:?}\n{base}"
            );
            let people = &got["filters"]["and"][2]["or"][1]["and"][0];
            assert_eq!(folders_read(people), json!(format!("in folder {folder}")));
            assert_eq!(got["properties"].as_object().unwrap().len(), 8, "{base}");
            assert_eq!(got["views"].as_array().unwrap().len(), 2, "{base}");
            // No line of the file but the comments starts a comment, and
            // none holds a raw line break of the folder name.
            assert_eq!(
                base.lines()
                    .filter(|l| l.trim_start().starts_with('#'))
                    .count(),
                2
            );
            assert!(
                !base.contains('\u{2028}') && !base.contains('\u{85}'),
                "{base}"
            );
        }
    }
}
