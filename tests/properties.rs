//! Properties over arbitrary input: the note parser never panics, whatever
//! the bytes, and every line it reports is a line of the file; escaping and
//! name keys hold their promises for any text.

use proptest::prelude::*;
use suivi::config::Config;
use suivi::names::name_key;
use suivi::note::parse_note;
use suivi::pages::md;

/// Text shaped like front-matter: fences, keys, lists, flow collections,
/// quotes, anchors, tabs and line endings in any order.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_owned()),
        Just("...\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("  ".to_owned()),
        Just("\t".to_owned()),
        Just("- ".to_owned()),
        Just("? ".to_owned()),
        Just(": ".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("<<: ".to_owned()),
        Just("[[".to_owned()),
        Just("]]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("#".to_owned()),
        Just("|".to_owned()),
        Just("- [ ] ".to_owned()),
        Just("📅 2026-12-01".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("{{date}}".to_owned()),
        prop::sample::select(vec![
            "contact",
            "date",
            "company",
            "referrals",
            "touches",
            "type",
            "status",
            "questions",
            "aliases",
            "thank_you_sent",
            "they_follow_up_by",
            "opening_expected",
            "may_mention",
            "duration",
        ])
        .prop_map(|k| format!("{k}:")),
        "[a-zA-Zé0-9 ._/-]{0,12}",
        "2026-1[0-2]-[0-3][0-9](T[0-2][0-9]:[0-5][0-9])?",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

fn assert_lines_in_file(bytes: &[u8], issues: &[suivi::issue::VaultIssue]) {
    let lines = bytes.split(|&b| b == b'\n').count().max(1);
    for issue in issues {
        assert!(
            issue.line >= 1 && issue.line <= lines,
            "line {} of {lines}: {issue:?}",
            issue.line
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_bytes_parse_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let note = parse_note("Interviews/x.md", &bytes, &Config::default());
        assert_lines_in_file(&bytes, &note.issues);
    }

    #[test]
    fn yaml_shaped_text_parses_without_panic(text in yamlish()) {
        let with_fence = format!("---\n{text}");
        for candidate in [&text, &with_fence] {
            let note = parse_note("Interviews/x.md", candidate.as_bytes(), &Config::default());
            assert_lines_in_file(candidate.as_bytes(), &note.issues);
            let index = suivi::index::build([&note], suivi::config::Lang::En);
            let clock = suivi::clock::Clock::on(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default());
            let _ = suivi::rules::actions(&index, &Config::default().rules, clock);
        }
    }

    #[test]
    fn escaped_text_is_one_line_with_every_special_escaped(text in any::<String>()) {
        let safe = md::text(&text);
        prop_assert!(!safe.contains('\n') && !safe.contains('\r'));
        for special in ['|', '[', ']', '<', '>', '#', '`'] {
            for (i, _) in safe.match_indices(special) {
                prop_assert!(safe[..i].ends_with('\\'), "{:?} -> {:?}", text, safe);
            }
        }
    }

    #[test]
    fn name_keys_are_stable(name in any::<String>()) {
        let key = name_key(&name);
        prop_assert_eq!(name_key(&key), key.clone());
        prop_assert_eq!(name_key(&name.to_uppercase()), name_key(&name.to_lowercase()));
    }
}
