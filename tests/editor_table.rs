//! The note editor's table: front-matter and body shapes × changes, each
//! with the exact text expected, the lines the diff must show, and the
//! re-parse check run again on the result; then the shapes it refuses.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

mod common;

use chrono::NaiveDate;
use common::changes::{add, set};
use suivi::editor::{Change, Refused, apply, changed_lines, check};

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn touch() -> Change {
    Change::AddItem {
        key: "touches".into(),
        item: "2026-12-01 out email".into(),
        map_form: vec![
            ("date".into(), "2026-12-01".into()),
            ("dir".into(), "out".into()),
            ("channel".into(), "email".into()),
        ],
    }
}

fn tick(line: usize, text: &str) -> Change {
    Change::TickTask {
        line,
        text: text.into(),
        on: on(),
    }
}

/// One shape: the note, the change, the whole text expected, and the diff:
/// the line removed (if any) and the lines added.
struct Case {
    name: &'static str,
    note: &'static str,
    change: Change,
    expected: &'static str,
    removed: &'static [&'static str],
    added: &'static [&'static str],
}

#[expect(
    clippy::too_many_lines,
    reason = "the table of cases, one entry per edit"
)]
fn cases() -> Vec<Case> {
    vec![
        // No front-matter at all: one is created at the top, after any BOM.
        Case {
            name: "no front-matter, set",
            note: "# Title\nBody\n",
            change: set("prepared", "2026-12-01"),
            expected: "---\nprepared: 2026-12-01\n---\n# Title\nBody\n",
            removed: &[],
            added: &["---\n", "prepared: 2026-12-01\n", "---\n"],
        },
        Case {
            name: "empty note, set",
            note: "",
            change: set("prepared", "2026-12-01"),
            expected: "---\nprepared: 2026-12-01\n---\n",
            removed: &[],
            added: &["---\n", "prepared: 2026-12-01\n", "---\n"],
        },
        Case {
            name: "no front-matter, CRLF",
            note: "# T\r\nx\r\n",
            change: set("snooze_until", "2027-01-04"),
            expected: "---\r\nsnooze_until: 2027-01-04\r\n---\r\n# T\r\nx\r\n",
            removed: &[],
            added: &["---\r\n", "snooze_until: 2027-01-04\r\n", "---\r\n"],
        },
        Case {
            name: "no front-matter, BOM",
            note: "\u{feff}# T\nx",
            change: set("prepared", "2026-12-01"),
            expected: "\u{feff}---\nprepared: 2026-12-01\n---\n# T\nx",
            removed: &[],
            added: &["---\n", "prepared: 2026-12-01\n", "---\n"],
        },
        Case {
            name: "no front-matter, add to an absent list",
            note: "Body\n",
            change: touch(),
            expected: "---\ntouches:\n  - 2026-12-01 out email\n---\nBody\n",
            removed: &[],
            added: &["---\n", "touches:\n", "  - 2026-12-01 out email\n", "---\n"],
        },
        // Empty front-matter.
        Case {
            name: "empty front-matter, set",
            note: "---\n---\nBody\n",
            change: set("prepared", "2026-12-01"),
            expected: "---\nprepared: 2026-12-01\n---\nBody\n",
            removed: &[],
            added: &["prepared: 2026-12-01\n"],
        },
        Case {
            name: "empty front-matter, add",
            note: "---\n---\n",
            change: add("aliases", "Jo"),
            expected: "---\naliases:\n  - Jo\n---\n",
            removed: &[],
            added: &["aliases:\n", "  - Jo\n"],
        },
        // The key absent, present, empty.
        Case {
            name: "key absent: added last",
            note: "---\ncontact: \"[[Ann Lee]]\"\ndate: 2026-11-20\n---\nBody\n",
            change: set("thank_you_sent", "2026-12-01"),
            expected: "---\ncontact: \"[[Ann Lee]]\"\ndate: 2026-11-20\nthank_you_sent: 2026-12-01\n---\nBody\n",
            removed: &[],
            added: &["thank_you_sent: 2026-12-01\n"],
        },
        Case {
            name: "key present, plain",
            note: "---\nsnooze_until: 2026-11-01\nstatus: met\n---\n",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\nsnooze_until: 2026-12-15\nstatus: met\n---\n",
            removed: &["snooze_until: 2026-11-01\n"],
            added: &["snooze_until: 2026-12-15\n"],
        },
        Case {
            name: "key present, empty",
            note: "---\nthank_you_sent:\ntopic: design\n---\n",
            change: set("thank_you_sent", "2026-12-01"),
            expected: "---\nthank_you_sent: 2026-12-01\ntopic: design\n---\n",
            removed: &["thank_you_sent:\n"],
            added: &["thank_you_sent: 2026-12-01\n"],
        },
        Case {
            name: "key present, empty with a trailing space",
            note: "---\nthank_you_sent: \n---\n",
            change: set("thank_you_sent", "2026-12-01"),
            expected: "---\nthank_you_sent: 2026-12-01\n---\n",
            removed: &["thank_you_sent: \n"],
            added: &["thank_you_sent: 2026-12-01\n"],
        },
        Case {
            name: "key present, empty, then a comment",
            note: "---\nthank_you_sent: # fill me\n---\n",
            change: set("thank_you_sent", "2026-12-01"),
            expected: "---\nthank_you_sent: 2026-12-01 # fill me\n---\n",
            removed: &["thank_you_sent: # fill me\n"],
            added: &["thank_you_sent: 2026-12-01 # fill me\n"],
        },
        Case {
            name: "key present, null",
            note: "---\nprepared: null\n---\n",
            change: set("prepared", "2026-12-01"),
            expected: "---\nprepared: 2026-12-01\n---\n",
            removed: &["prepared: null\n"],
            added: &["prepared: 2026-12-01\n"],
        },
        // Comments after values and between keys.
        Case {
            name: "comment after the value",
            note: "---\nsnooze_until: 2026-11-01   # after the holidays\n---\n",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\nsnooze_until: 2026-12-15   # after the holidays\n---\n",
            removed: &["snooze_until: 2026-11-01   # after the holidays\n"],
            added: &["snooze_until: 2026-12-15   # after the holidays\n"],
        },
        Case {
            name: "comments between keys",
            note: "---\n# who\nstatus: met\n\n# when\nsnooze_until: 2026-11-01\n# end\n---\n",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\n# who\nstatus: met\n\n# when\nsnooze_until: 2026-12-15\n# end\n---\n",
            removed: &["snooze_until: 2026-11-01\n"],
            added: &["snooze_until: 2026-12-15\n"],
        },
        Case {
            name: "comment last, key absent",
            note: "---\nstatus: met\n# the end\n---\n",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\nstatus: met\n# the end\nsnooze_until: 2026-12-15\n---\n",
            removed: &[],
            added: &["snooze_until: 2026-12-15\n"],
        },
        // Quoting: kept on the value replaced, chosen for a new value.
        Case {
            name: "double-quoted value keeps its quotes",
            note: "---\nsnooze_until: \"2026-11-01\"\n---\n",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\nsnooze_until: \"2026-12-15\"\n---\n",
            removed: &["snooze_until: \"2026-11-01\"\n"],
            added: &["snooze_until: \"2026-12-15\"\n"],
        },
        Case {
            name: "single-quoted value keeps its quotes",
            note: "---\nrole: 'Data analyst'\n---\n",
            change: set("role", "Lead's analyst"),
            expected: "---\nrole: 'Lead''s analyst'\n---\n",
            removed: &["role: 'Data analyst'\n"],
            added: &["role: 'Lead''s analyst'\n"],
        },
        Case {
            name: "other values keep their quotes",
            note: "---\ncontact: '[[Ann]]'\ncompany: \"Acme\"\nrole: x\n---\n",
            change: set("role", "CTO"),
            expected: "---\ncontact: '[[Ann]]'\ncompany: \"Acme\"\nrole: CTO\n---\n",
            removed: &["role: x\n"],
            added: &["role: CTO\n"],
        },
        Case {
            name: "a value YAML would misread is quoted",
            note: "---\na: 1\n---\n",
            change: set("topic", "Design: a talk #1"),
            expected: "---\na: 1\ntopic: \"Design: a talk #1\"\n---\n",
            removed: &[],
            added: &["topic: \"Design: a talk #1\"\n"],
        },
        Case {
            name: "a link value is quoted",
            note: "---\na: 1\n---\n",
            change: set("referred_by", "[[Ann]]"),
            expected: "---\na: 1\nreferred_by: \"[[Ann]]\"\n---\n",
            removed: &[],
            added: &["referred_by: \"[[Ann]]\"\n"],
        },
        Case {
            name: "quotes, backslashes and a line break are escaped",
            note: "---\na: 1\n---\n",
            change: set("topic", "say \"hi\" \\o/\nbye"),
            expected: "---\na: 1\ntopic: \"say \\\"hi\\\" \\\\o/\\nbye\"\n---\n",
            removed: &[],
            added: &["topic: \"say \\\"hi\\\" \\\\o/\\nbye\"\n"],
        },
        Case {
            name: "a quoted key",
            note: "---\n\"status\": to-contact\n---\n",
            change: set("status", "met"),
            expected: "---\n\"status\": met\n---\n",
            removed: &["\"status\": to-contact\n"],
            added: &["\"status\": met\n"],
        },
        // Line endings, BOM, the fences.
        Case {
            name: "CRLF, key absent",
            note: "---\r\nstatus: met\r\n---\r\nbody\r\n",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\r\nstatus: met\r\nsnooze_until: 2026-12-15\r\n---\r\nbody\r\n",
            removed: &[],
            added: &["snooze_until: 2026-12-15\r\n"],
        },
        Case {
            name: "CRLF, key present",
            note: "---\r\nsnooze_until: 2026-11-01\r\n---\r\n",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\r\nsnooze_until: 2026-12-15\r\n---\r\n",
            removed: &["snooze_until: 2026-11-01\r\n"],
            added: &["snooze_until: 2026-12-15\r\n"],
        },
        Case {
            name: "BOM and front-matter",
            note: "\u{feff}---\nstatus: met\n---\n",
            change: set("snooze_until", "2026-12-15"),
            expected: "\u{feff}---\nstatus: met\nsnooze_until: 2026-12-15\n---\n",
            removed: &[],
            added: &["snooze_until: 2026-12-15\n"],
        },
        Case {
            name: "closing fence without a newline, last property before it",
            note: "---\nstatus: met\n---",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\nstatus: met\nsnooze_until: 2026-12-15\n---",
            removed: &[],
            added: &["snooze_until: 2026-12-15\n"],
        },
        Case {
            name: "last property replaced before a closing fence without a newline",
            note: "---\nsnooze_until: 2026-11-01\n---",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\nsnooze_until: 2026-12-15\n---",
            removed: &["snooze_until: 2026-11-01\n"],
            added: &["snooze_until: 2026-12-15\n"],
        },
        Case {
            name: "closing `...` fence",
            note: "---\nstatus: met\n...\nbody\n",
            change: set("snooze_until", "2026-12-15"),
            expected: "---\nstatus: met\nsnooze_until: 2026-12-15\n...\nbody\n",
            removed: &[],
            added: &["snooze_until: 2026-12-15\n"],
        },
        Case {
            name: "tabs and `---` in the body",
            note: "---\nstatus: met\n---\n\tindented\n---\nnot: yaml\n---\n",
            change: set("status", "closed"),
            expected: "---\nstatus: closed\n---\n\tindented\n---\nnot: yaml\n---\n",
            removed: &["status: met\n"],
            added: &["status: closed\n"],
        },
        // Lists: flow.
        Case {
            name: "flow list empty",
            note: "---\ntouches: []\n---\n",
            change: touch(),
            expected: "---\ntouches: [2026-12-01 out email]\n---\n",
            removed: &["touches: []\n"],
            added: &["touches: [2026-12-01 out email]\n"],
        },
        Case {
            name: "flow list",
            note: "---\ntags: [a, b]\n---\n",
            change: add("tags", "c"),
            expected: "---\ntags: [a, b, c]\n---\n",
            removed: &["tags: [a, b]\n"],
            added: &["tags: [a, b, c]\n"],
        },
        Case {
            name: "flow list with a comment after it",
            note: "---\naliases: [Jo, Joe] # nicknames\n---\n",
            change: add("aliases", "Jojo"),
            expected: "---\naliases: [Jo, Joe, Jojo] # nicknames\n---\n",
            removed: &["aliases: [Jo, Joe] # nicknames\n"],
            added: &["aliases: [Jo, Joe, Jojo] # nicknames\n"],
        },
        Case {
            name: "flow list of quoted items, an item needing quotes",
            note: "---\ncontact: [\"[[Ann]]\", 'O''Neil, Pat']\n---\n",
            change: add("contact", "[[Bob]]"),
            expected: "---\ncontact: [\"[[Ann]]\", 'O''Neil, Pat', \"[[Bob]]\"]\n---\n",
            removed: &["contact: [\"[[Ann]]\", 'O''Neil, Pat']\n"],
            added: &["contact: [\"[[Ann]]\", 'O''Neil, Pat', \"[[Bob]]\"]\n"],
        },
        Case {
            name: "flow list, text with a colon is quoted",
            note: "---\ntouches: [2026-11-01 out]\n---\n",
            change: add("touches", "2026-12-01 out email: sent my CV"),
            expected: "---\ntouches: [2026-11-01 out, \"2026-12-01 out email: sent my CV\"]\n---\n",
            removed: &["touches: [2026-11-01 out]\n"],
            added: &["touches: [2026-11-01 out, \"2026-12-01 out email: sent my CV\"]\n"],
        },
        Case {
            name: "flow list of maps gets a map",
            note: "---\ntouches: [{date: 2026-11-01, dir: in}]\n---\n",
            change: touch(),
            expected: "---\ntouches: [{date: 2026-11-01, dir: in}, {date: 2026-12-01, dir: out, channel: email}]\n---\n",
            removed: &["touches: [{date: 2026-11-01, dir: in}]\n"],
            added: &[
                "touches: [{date: 2026-11-01, dir: in}, {date: 2026-12-01, dir: out, channel: email}]\n",
            ],
        },
        // Lists: block.
        Case {
            name: "block list of text, indented",
            note: "---\ntouches:\n  - 2026-11-01 out email\n  - 2026-11-03 in\nstatus: met\n---\n",
            change: touch(),
            expected: "---\ntouches:\n  - 2026-11-01 out email\n  - 2026-11-03 in\n  - 2026-12-01 out email\nstatus: met\n---\n",
            removed: &[],
            added: &["  - 2026-12-01 out email\n"],
        },
        Case {
            name: "block list at column 0, last before the fence",
            note: "---\naliases:\n- Jo\n- Joe\n---\n",
            change: add("aliases", "Jojo"),
            expected: "---\naliases:\n- Jo\n- Joe\n- Jojo\n---\n",
            removed: &[],
            added: &["- Jojo\n"],
        },
        Case {
            name: "block list with comments inside and after",
            note: "---\ntags:\n  - a\n  # between\n  - b\n# after\nx: 1\n---\n",
            change: add("tags", "c"),
            expected: "---\ntags:\n  - a\n  # between\n  - b\n  - c\n# after\nx: 1\n---\n",
            removed: &[],
            added: &["  - c\n"],
        },
        Case {
            name: "block list, CRLF",
            note: "---\r\ntags:\r\n    - a\r\n---\r\n",
            change: add("tags", "b"),
            expected: "---\r\ntags:\r\n    - a\r\n    - b\r\n---\r\n",
            removed: &[],
            added: &["    - b\r\n"],
        },
        Case {
            name: "block list of maps gets a flow map",
            note: "---\ntouches:\n  - date: 2026-11-01\n    dir: out\n    channel: email\n---\n",
            change: touch(),
            expected: "---\ntouches:\n  - date: 2026-11-01\n    dir: out\n    channel: email\n  - {date: 2026-12-01, dir: out, channel: email}\n---\n",
            removed: &[],
            added: &["  - {date: 2026-12-01, dir: out, channel: email}\n"],
        },
        Case {
            name: "block list of flow maps",
            note: "---\ntouches:\n- {date: 2026-11-01, dir: in}\n---\n",
            change: touch(),
            expected: "---\ntouches:\n- {date: 2026-11-01, dir: in}\n- {date: 2026-12-01, dir: out, channel: email}\n---\n",
            removed: &[],
            added: &["- {date: 2026-12-01, dir: out, channel: email}\n"],
        },
        Case {
            name: "block list of text stays text though a map form is given",
            note: "---\ntouches:\n  - 2026-11-01 in\n---\n",
            change: touch(),
            expected: "---\ntouches:\n  - 2026-11-01 in\n  - 2026-12-01 out email\n---\n",
            removed: &[],
            added: &["  - 2026-12-01 out email\n"],
        },
        Case {
            name: "block list, an item needing quotes",
            note: "---\ncontact:\n  - \"[[Ann]]\"\n---\n",
            change: add("contact", "[[Bob]]"),
            expected: "---\ncontact:\n  - \"[[Ann]]\"\n  - \"[[Bob]]\"\n---\n",
            removed: &[],
            added: &["  - \"[[Bob]]\"\n"],
        },
        Case {
            name: "list key empty",
            note: "---\ntouches:\nstatus: met\n---\n",
            change: touch(),
            expected: "---\ntouches:\n  - 2026-12-01 out email\nstatus: met\n---\n",
            removed: &[],
            added: &["  - 2026-12-01 out email\n"],
        },
        Case {
            name: "list key empty, then a comment",
            note: "---\ntouches: # the log\n# more\n---\n",
            change: touch(),
            expected: "---\ntouches: # the log\n  - 2026-12-01 out email\n# more\n---\n",
            removed: &[],
            added: &["  - 2026-12-01 out email\n"],
        },
        Case {
            name: "list key absent, CRLF",
            note: "---\r\nstatus: met\r\n---\r\n",
            change: touch(),
            expected: "---\r\nstatus: met\r\ntouches:\r\n  - 2026-12-01 out email\r\n---\r\n",
            removed: &[],
            added: &["touches:\r\n", "  - 2026-12-01 out email\r\n"],
        },
        Case {
            name: "key absent after a last block list",
            note: "---\ntags:\n  - a\n---\n",
            change: set("status", "met"),
            expected: "---\ntags:\n  - a\nstatus: met\n---\n",
            removed: &[],
            added: &["status: met\n"],
        },
        // Tasks, every bullet form.
        Case {
            name: "task with a dash",
            note: "---\ntype: interview\n---\n- [ ] send CV\n",
            change: tick(4, "send CV"),
            expected: "---\ntype: interview\n---\n- [x] send CV ✅ 2026-12-01\n",
            removed: &["- [ ] send CV\n"],
            added: &["- [x] send CV ✅ 2026-12-01\n"],
        },
        Case {
            name: "task with a star, indented, with a due date",
            note: "Notes\n\n  * [ ] call Ann 📅 2026-12-03\n\nend\n",
            change: tick(3, "call Ann"),
            expected: "Notes\n\n  * [x] call Ann 📅 2026-12-03 ✅ 2026-12-01\n\nend\n",
            removed: &["  * [ ] call Ann 📅 2026-12-03\n"],
            added: &["  * [x] call Ann 📅 2026-12-03 ✅ 2026-12-01\n"],
        },
        Case {
            name: "task with a plus, no final newline",
            note: "+ [ ] read the report",
            change: tick(1, "read the report"),
            expected: "+ [x] read the report ✅ 2026-12-01",
            removed: &["+ [ ] read the report"],
            added: &["+ [x] read the report ✅ 2026-12-01"],
        },
        Case {
            name: "numbered task with a dot",
            note: "1. [ ] send thanks\n2. [ ] other\n",
            change: tick(1, "send thanks"),
            expected: "1. [x] send thanks ✅ 2026-12-01\n2. [ ] other\n",
            removed: &["1. [ ] send thanks\n"],
            added: &["1. [x] send thanks ✅ 2026-12-01\n"],
        },
        Case {
            name: "numbered task with a parenthesis",
            note: "1) [ ] first\n2) [ ] second\n",
            change: tick(2, "second"),
            expected: "1) [ ] first\n2) [x] second ✅ 2026-12-01\n",
            removed: &["2) [ ] second\n"],
            added: &["2) [x] second ✅ 2026-12-01\n"],
        },
        Case {
            name: "task, CRLF",
            note: "---\r\na: 1\r\n---\r\n- [ ] x\r\n- [ ] y\r\n",
            change: tick(5, "y"),
            expected: "---\r\na: 1\r\n---\r\n- [ ] x\r\n- [x] y ✅ 2026-12-01\r\n",
            removed: &["- [ ] y\r\n"],
            added: &["- [x] y ✅ 2026-12-01\r\n"],
        },
        Case {
            name: "task with a block id",
            note: "- [ ] send CV ^abc-1\n",
            change: tick(1, "send CV ^abc-1"),
            expected: "- [x] send CV ✅ 2026-12-01 ^abc-1\n",
            removed: &["- [ ] send CV ^abc-1\n"],
            added: &["- [x] send CV ✅ 2026-12-01 ^abc-1\n"],
        },
        Case {
            name: "task in a quote",
            note: "> - [ ] quoted task\n",
            change: tick(1, "quoted task"),
            expected: "> - [x] quoted task ✅ 2026-12-01\n",
            removed: &["> - [ ] quoted task\n"],
            added: &["> - [x] quoted task ✅ 2026-12-01\n"],
        },
        Case {
            name: "nested task",
            note: "- [ ] parent\n    - [ ] child\n",
            change: tick(2, "child"),
            expected: "- [ ] parent\n    - [x] child ✅ 2026-12-01\n",
            removed: &["    - [ ] child\n"],
            added: &["    - [x] child ✅ 2026-12-01\n"],
        },
        Case {
            name: "task with trailing spaces and a tab in the body",
            note: "\tcode\n- [ ] x  \n",
            change: tick(2, "x"),
            expected: "\tcode\n- [x] x ✅ 2026-12-01  \n",
            removed: &["- [ ] x  \n"],
            added: &["- [x] x ✅ 2026-12-01  \n"],
        },
        Case {
            name: "task on the first line after a BOM",
            note: "\u{feff}- [ ] x\n",
            change: tick(1, "x"),
            expected: "\u{feff}- [x] x ✅ 2026-12-01\n",
            removed: &["- [ ] x\n"],
            added: &["- [x] x ✅ 2026-12-01\n"],
        },
        Case {
            name: "task with a Dataview date, named as the parser reads it",
            note: "- [ ] call [due:: 2026-12-03] back\n",
            change: tick(1, "call back"),
            expected: "- [x] call [due:: 2026-12-03] back ✅ 2026-12-01\n",
            removed: &["- [ ] call [due:: 2026-12-03] back\n"],
            added: &["- [x] call [due:: 2026-12-03] back ✅ 2026-12-01\n"],
        },
    ]
}

#[test]
fn every_shape_gets_exactly_its_change() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} shapes", cases.len());
    for case in &cases {
        let name = case.name;
        let new = apply(case.note, &case.change).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(new, case.expected, "{name}");
        let (removed, added) = changed_lines(case.note, &new);
        assert_eq!(removed, case.removed, "{name}: lines removed");
        assert_eq!(added, case.added, "{name}: lines added");
        check(case.note, &new, &case.change).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    println!("{} shapes", cases.len());
}

#[test]
fn the_check_refuses_any_other_difference() {
    // Each expected text, spoiled in one more place, fails the check.
    for case in cases() {
        let spoiled = [
            case.expected.replacen("met", "mat", 1),
            format!("{}extra\n", case.expected),
            case.expected.replacen('\n', "\n\n", 1),
        ];
        for spoiled in spoiled.iter().filter(|s| **s != case.expected) {
            assert!(
                check(case.note, spoiled, &case.change).is_err(),
                "{}: {spoiled:?}",
                case.name
            );
        }
    }
    // A change not asked for: the value set to something else.
    let note = "---\nstatus: met\n---\n";
    assert!(
        check(
            note,
            "---\nstatus: closed\n---\n",
            &set("status", "declined")
        )
        .is_err()
    );
    assert!(check(note, "---\nstatus: met\nx: 1\n---\n", &set("y", "1")).is_err());
    let reordered = "---\nb: 1\na: 2\n---\n";
    assert!(check("---\na: 2\nb: 1\n---\n", reordered, &set("a", "2")).is_err());
}

fn refused(note: &str, change: &Change) -> Refused {
    match apply(note, change) {
        Ok(new) => panic!("{note:?} edited into {new:?}"),
        Err(refused) => refused,
    }
}

#[test]
fn shapes_it_does_not_guess_at_are_refused() {
    use Refused::*;
    type Expected = fn(&Refused) -> bool;
    let cases: Vec<(&str, Change, Expected)> = vec![
        ("---\na: 1\nb: 2\na: 3\n---\n", set("a", "4"), |r| {
            matches!(
                r,
                DuplicateKey {
                    first: 2,
                    second: 4,
                    ..
                }
            )
        }),
        ("---\nnote: |\n  one\n  two\n---\n", set("note", "x"), |r| {
            matches!(r, BlockScalar { line: 2, .. })
        }),
        ("---\nnote: >-\n  one\n---\n", add("note", "x"), |r| {
            matches!(r, BlockScalar { .. })
        }),
        ("---\ntopic: one\n  two\n---\n", set("topic", "x"), |r| {
            matches!(r, MultiLine { line: 2, .. })
        }),
        (
            "---\ntopic: \"one\n  two\"\n---\n",
            set("topic", "x"),
            |r| matches!(r, MultiLine { .. }),
        ),
        ("---\ntags: [a,\n  b]\n---\n", add("tags", "c"), |r| {
            matches!(r, MultiLine { .. })
        }),
        (
            "---\nopening:\n  role: x\n---\n",
            set("opening", "y"),
            |r| matches!(r, NotAScalar { .. }),
        ),
        ("---\ntags: [a]\n---\n", set("tags", "b"), |r| {
            matches!(r, NotAScalar { .. })
        }),
        ("---\ntags: a\n---\n", add("tags", "b"), |r| {
            matches!(r, NotAList { .. })
        }),
        ("---\ntouches:\n  a: 1\n---\n", touch(), |r| {
            matches!(r, Complex { .. })
        }),
        ("---\nx: {a: 1}\n---\n", set("x", "b"), |r| {
            matches!(r, Complex { .. })
        }),
        ("---\n  a: 1\n  b: 2\n---\n", set("a", "3"), |r| {
            matches!(r, Complex { .. })
        }),
        ("---\na: &x 1\nb: *x\n---\n", set("a", "2"), |r| {
            matches!(r, AnchorOrTag { .. })
        }),
        ("---\na: &x 1\nb: *x\n---\n", set("b", "2"), |r| {
            matches!(r, AnchorOrTag { .. })
        }),
        ("---\na: !!str 1\n---\n", set("a", "2"), |r| {
            matches!(r, AnchorOrTag { .. })
        }),
        ("---\na: [1\n---\n", set("b", "2"), |r| {
            matches!(r, Unparsable { .. })
        }),
        ("---\na: 1\nno end\n", set("b", "2"), |r| {
            matches!(r, Unclosed)
        }),
        ("---\na: 1\n", tick(3, "x"), |r| matches!(r, Unclosed)),
        ("- [ ] send CV\n", tick(1, "call Ann"), |r| {
            matches!(r, TaskChanged { line: 1, .. })
        }),
        ("- [x] done\n", tick(1, "done"), |r| {
            matches!(r, TaskMissing { line: 1 })
        }),
        ("- [ ] x\n", tick(7, "x"), |r| {
            matches!(r, TaskMissing { line: 7 })
        }),
        ("---\na: \"- [ ] x\"\n---\n", tick(2, "x"), |r| {
            matches!(r, TaskMissing { .. })
        }),
        ("---\n---\n", set("a b", "x"), |r| {
            matches!(r, InvalidKey { .. })
        }),
        ("---\n---\n", set("a:\n  b", "x"), |r| {
            matches!(r, InvalidKey { .. })
        }),
    ];
    for (note, change, expected) in &cases {
        let refusal = refused(note, change);
        assert!(expected(&refusal), "{note:?} {change:?}: {refusal:?}");
        assert!(!refusal.to_string().is_empty());
    }
}
