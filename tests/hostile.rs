//! Hostile input through the real binary, under a memory limit and a
//! deadline: nothing crashes or hangs, every problem is reported with its file
//! and real line, the other notes are still read, no user file changes, and
//! nothing is written outside the output folder. Files too large or too
//! dangerous to keep in git are generated here.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::Duration;

use common::{snapshot, user_files, wait_exit};

const TODAY: &str = "2026-11-22";
const GOOD: &str = "---\ncontact: \"[[Good Person]]\"\ndate: 2026-11-20\n---\n";

/// Runs the binary with at most 2 GiB of address space and 60 seconds.
fn limited(vault: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let (status, out, err) = limited_with(vault, args, "");
    (status.code(), out, err)
}

/// Like `limited`, with more shell limits (`ulimit`, `trap`) set first.
fn limited_with(vault: &Path, args: &[&str], limits: &str) -> (ExitStatus, String, String) {
    // Files, not pipes: a full pipe would block the child while we wait.
    let out_dir = tempfile::tempdir().unwrap();
    let (out, err) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v 2097152; {limits} exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_suivi"))
        .args(args)
        .arg("--vault")
        .arg(vault)
        .args(["--today", TODAY])
        .env("NO_COLOR", "1")
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let status = wait_exit(&mut child, Duration::from_mins(1), || {
        format!("{args:?} on {}", vault.display())
    });
    let read = |path: &Path| String::from_utf8_lossy(&fs::read(path).unwrap()).into_owned();
    (status, read(&out), read(&err))
}

/// What a case expects of `check`.
#[derive(Clone, Copy)]
enum Expect {
    /// An issue at this file and line.
    Issue(&'static str, usize),
    /// An issue in this file, at the line where a parser budget ran out.
    IssueIn(&'static str),
    /// No issue at all.
    Clean,
    /// The note is read: this name appears on the Interviews page.
    Read(&'static str),
    /// An issue at this line, and the note still read.
    IssueAndRead(&'static str, usize, &'static str),
}

/// Writes the files beside a good note, runs check and build, and checks the
/// outcome, that the good note is read and that no user file changed.
fn case(name: &str, files: &[(&str, &[u8])], expect: Expect) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path();
    fs::create_dir_all(vault.join(".obsidian")).unwrap();
    fs::create_dir_all(vault.join("Interviews")).unwrap();
    fs::write(vault.join("Interviews/good.md"), GOOD).unwrap();
    for (path, bytes) in files {
        let path = vault.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    let before = user_files(vault);
    let (code, check, stderr) = limited(vault, &["check"]);
    assert!(
        matches!(code, Some(0 | 1)),
        "{name}: check exited {code:?}\n{stderr}"
    );
    let (code, _, stderr) = limited(vault, &["build"]);
    assert!(
        matches!(code, Some(0 | 1)),
        "{name}: build exited {code:?}\n{stderr}"
    );
    let interviews = fs::read_to_string(vault.join("Suivi/Interviews.md")).unwrap();
    assert!(
        interviews.contains("Good Person"),
        "{name}: the good note is read\n{check}"
    );
    assert_eq!(user_files(vault), before, "{name}: a user file changed");
    let has_issue = |path: &str, line: usize| {
        check
            .lines()
            .any(|l| l.starts_with(&format!("{path}:{line}: ")))
    };
    match expect {
        Expect::Issue(path, line) => assert!(
            has_issue(path, line),
            "{name}: expected {path}:{line}\n{check}"
        ),
        Expect::IssueIn(path) => {
            let prefix = format!("{path}:");
            assert!(
                check.lines().any(|l| l.starts_with(&prefix)),
                "{name}: expected {path}\n{check}"
            );
        }
        Expect::Clean => assert_eq!(check, "", "{name}"),
        Expect::Read(person) => {
            assert_eq!(check, "", "{name}");
            assert!(
                interviews.contains(person),
                "{name}: {person} read\n{interviews}"
            );
        }
        Expect::IssueAndRead(path, line, person) => {
            assert!(
                has_issue(path, line),
                "{name}: expected {path}:{line}\n{check}"
            );
            assert!(
                interviews.contains(person),
                "{name}: {person} read\n{interviews}"
            );
        }
    }
}

fn note(front_matter: &str) -> Vec<u8> {
    format!("---\n{front_matter}---\nbody\n").into_bytes()
}

#[test]
fn front_matter_that_attacks_the_parser() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        writeln!(
            bomb,
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
        )
        .unwrap();
    }
    case(
        "alias bomb",
        &[("bomb.md", &note(&bomb))],
        Expect::IssueIn("bomb.md"),
    );
    let mut block = String::from("a:\n");
    for depth in 0..3000 {
        block.push_str(&" ".repeat(depth + 1));
        block.push_str("-\n");
    }
    case(
        "block nesting 3,000 deep",
        &[("deep.md", &note(&block))],
        Expect::Issue("deep.md", 2),
    );
    let inline_block = format!("a: {}x\n", "- ".repeat(50_000));
    case(
        "block nesting 50,000 deep",
        &[("deep.md", &note(&inline_block))],
        Expect::Issue("deep.md", 2),
    );
    let flow = format!("a: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
    case(
        "flow nesting 200,000 deep",
        &[("flow.md", &note(&flow))],
        Expect::Issue("flow.md", 2),
    );
    let big = format!("a: \"{}\"\n", "x".repeat(5 * 1024 * 1024));
    case(
        "5 MB of front-matter",
        &[("big.md", &note(&big))],
        Expect::Issue("big.md", 2),
    );
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one case per way of writing front matter wrong"
)]
fn front_matter_written_wrong() {
    case(
        "duplicate keys",
        &[("d.md", &note("contact: A\ndate: 2026-11-20\ncontact: B\n"))],
        Expect::Issue("d.md", 4),
    );
    case(
        "tab indentation",
        &[("t.md", &note("contact:\n\t- A\ndate: 2026-11-20\n"))],
        Expect::Issue("t.md", 3),
    );
    case(
        "key, tab, value",
        &[(
            "Interviews/t.md",
            &note("contact:\tTab Person\ndate: 2026-11-20\n"),
        )],
        Expect::Read("Tab Person"),
    );
    case(
        "a: b: c",
        &[("c.md", &note("contact: a: b\ndate: 2026-11-20\n"))],
        Expect::Issue("c.md", 2),
    );
    case(
        "unclosed fence",
        &[("u.md", b"---\ncontact: A\ndate: 2026-11-20\n")],
        Expect::Issue("u.md", 1),
    );
    case(
        "byte-order mark",
        &[(
            "Interviews/bom.md",
            "\u{feff}---\ncontact: Bom Person\ndate: 2026-11-20\n---\n".as_bytes(),
        )],
        Expect::Read("Bom Person"),
    );
    case(
        "CRLF",
        &[(
            "Interviews/crlf.md",
            b"---\r\ncontact: Crlf Person\r\ndate: 2026-11-20\r\n---\r\n- [ ] x\r\n",
        )],
        Expect::Read("Crlf Person"),
    );
    case(
        "blank line before the fence",
        &[("b.md", b"\n---\ncontact: A\ndate: 2026-11-20\n---\n")],
        Expect::Issue("b.md", 1),
    );
    case(
        "`...` closes the front-matter",
        &[(
            "Interviews/dots.md",
            b"---\ncontact: Dots Person\ndate: 2026-11-20\n...\nbody\n",
        )],
        Expect::Read("Dots Person"),
    );
    case(
        "a second --- block in the body is text",
        &[(
            "Interviews/two.md",
            b"---\ncontact: Two Person\ndate: 2026-11-20\n---\ntext\n---\ncontact: [\n---\n",
        )],
        Expect::Read("Two Person"),
    );
    case("empty file", &[("empty.md", b"")], Expect::Clean);
    case(
        "empty front-matter",
        &[("e.md", b"---\n---\n")],
        Expect::Clean,
    );
    case(
        "invalid UTF-8",
        &[("bin.md", b"---\ncontact: A\n---\n\xff\xfe\n")],
        Expect::Issue("bin.md", 4),
    );
    case(
        "a scalar instead of a map",
        &[("s.md", &note("just text\n"))],
        Expect::Issue("s.md", 2),
    );
    case(
        "a list instead of a map",
        &[("l.md", &note("- a\n- b\n"))],
        Expect::Issue("l.md", 2),
    );
    case(
        "{{date}} placeholder",
        &[("Interviews/p.md", &note("contact: A\ndate: {{date}}\n"))],
        Expect::Issue("Interviews/p.md", 3),
    );
    case(
        "Templater placeholder",
        &[(
            "p.md",
            &note("contact: <% tp.file.title %>\ndate: 2026-11-20\n"),
        )],
        Expect::Issue("p.md", 2),
    );
    case(
        "unquoted [[link]]",
        &[(
            "Interviews/q.md",
            &note("contact: [[Link Person]]\ndate: 2026-11-20\n"),
        )],
        Expect::IssueAndRead("Interviews/q.md", 2, "Link Person"),
    );
    case(
        "tags: #x is a comment",
        &[(
            "Interviews/h.md",
            &note("contact: Hash Person\ndate: 2026-11-20\ntags: #x\n"),
        )],
        Expect::Read("Hash Person"),
    );
    case(
        "NO, 01234, 1.10 and 20 digits stay text",
        &[(
            "Interviews/n.md",
            &note(
                "contact: NO\ndate: 2026-11-20\nrole: 1.10\nchannel: 01234\ntopic: 12345678901234567890123\n",
            ),
        )],
        Expect::Read("[[People/NO\\|NO]]"),
    );
    case(
        "1.10 is not a whole number",
        &[(
            "Interviews/n.md",
            &note("contact: A\ndate: 2026-11-20\nduration: 1.10\n"),
        )],
        Expect::Issue("Interviews/n.md", 4),
    );
    case(
        "dates with an offset or a zone",
        &[
            (
                "Interviews/o.md",
                &note("contact: Offset Person\ndate: 2026-11-20T10:00:00+01:00\n"),
            ),
            (
                "Interviews/z.md",
                &note("contact: Zone Person\ndate: 2026-11-20T10:00[Europe/Paris]\n"),
            ),
        ],
        Expect::Read("Zone Person"),
    );
    case(
        "a non-text key",
        &[("k.md", &note("? [a, b]\n: c\n"))],
        Expect::Issue("k.md", 2),
    );
    case(
        "merge keys",
        &[(
            "Interviews/m.md",
            &note("base: &b {channel: phone}\n<<: *b\ncontact: Merge Person\ndate: 2026-11-20\n"),
        )],
        Expect::Read("Merge Person"),
    );
    case(
        "git conflict markers",
        &[("g.md", b"---\n<<<<<<< HEAD\ncontact: A\n=======\ncontact: B\n>>>>>>> theirs\ndate: 2026-11-20\n---\n")],
        Expect::Issue("g.md", 2),
    );
    case(
        "NUL in a value",
        &[("nul.md", b"---\ncontact: A\0B\ndate: 2026-11-20\n---\n")],
        Expect::Issue("nul.md", 2),
    );
    case(
        "control characters and U+202E",
        &[(
            "Interviews/rlo.md",
            "---\ncontact: \"Evil\u{202e}Person\\u0007\"\ndate: 2026-11-20\n---\n".as_bytes(),
        )],
        Expect::Read("[Evil Person]("),
    );
}

/// Every table row of every page has as many cells as its header, and no
/// line outside a code block starts anything but what suivi wrote.
/// Every line of a calendar is a property or a folded continuation of
/// one, at most 75 octets, ended by CRLF: no value made a line of its own.
fn assert_calendar_is_intact(page: &Path, text: &str) {
    let body = text.strip_suffix("\r\n").unwrap();
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{}: {line:?}", page.display());
        assert!(!line.contains(['\r', '\n']), "{}: {line:?}", page.display());
        let name_end = line.find([':', ';']).unwrap_or(0);
        let is_property =
            name_end > 0 && (line[..name_end].bytes()).all(|b| b.is_ascii_uppercase() || b == b'-');
        assert!(
            is_property || line.starts_with(' '),
            "{}: {line:?}",
            page.display()
        );
    }
    let (begins, ends) = (
        text.matches("BEGIN:VEVENT").count(),
        text.matches("END:VEVENT").count(),
    );
    assert_eq!(begins, ends, "{}", page.display());
}

fn assert_pages_are_intact(vault: &Path) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    for page in fs::read_dir(vault.join("Suivi")).unwrap() {
        let page = page.unwrap().path();
        let text = fs::read_to_string(&page).unwrap();
        if page.extension().is_some_and(|e| e == "ics") {
            assert_calendar_is_intact(&page, &text);
            continue;
        }
        let mut cells_in_header = 0;
        let mut cells = 0;
        let mut in_head = false;
        for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::TableHead) => {
                    in_head = true;
                    cells_in_header = 0;
                }
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => cells = 0,
                Event::Start(Tag::TableCell) if in_head => cells_in_header += 1,
                Event::Start(Tag::TableCell) => cells += 1,
                Event::End(TagEnd::TableRow) => {
                    assert_eq!(
                        cells,
                        cells_in_header,
                        "{}: a row lost its shape\n{text}",
                        page.display()
                    );
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    panic!("{}: raw HTML {html:?} reached the page", page.display())
                }
                _ => {}
            }
        }
        assert!(
            !text.contains('\0') && !text.contains('\u{202e}'),
            "{}",
            page.display()
        );
    }
}

#[test]
fn hostile_values_stay_text() {
    let long = "x".repeat(10_000);
    let values = [
        "../../x",
        "/etc/passwd",
        "C:\\\\x",
        "CON",
        "..",
        "a/b",
        "a|b",
        "]]",
        "[[",
        "#tag",
        "^block",
        "<script>alert(1)</script>",
        "`code`",
        "line\\nbreak",
        "tab\\there",
        &long,
    ];
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    fs::create_dir_all(vault.join("Interviews")).unwrap();
    for (i, value) in values.iter().enumerate() {
        let text = format!(
            "---\ncontact: \"{value}\"\ndate: 2026-11-{:02}\ncompany: \"{value}\"\nchannel: \"{value}\"\ntopic: \"{value}\"\n\
             questions: [\"{value}\"]\nreferrals: [{{name: \"{value} {i}\", note: \"{value}\"}}]\nopening: \"{value}\"\nopening_expected: 2026-11-25\n---\n\
             - [ ] promise {value}\n",
            1 + i
        );
        fs::write(vault.join(format!("Interviews/{i}.md")), text).unwrap();
    }
    let before = snapshot(dir.path(), &["v/Suivi", "v/.suivi"]);
    let (code, check, stderr) = limited(&vault, &["build"]);
    assert!(matches!(code, Some(0 | 1)), "{code:?} {stderr}");
    assert_eq!(
        snapshot(dir.path(), &["v/Suivi", "v/.suivi"]),
        before,
        "nothing written but the pages\n{check}"
    );
    let names: Vec<_> = fs::read_dir(vault.join("Suivi"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), suivi::pages::PageKind::ALL.len(), "{names:?}");
    assert_pages_are_intact(&vault);
    let (code, _, _) = limited(&vault, &["due", "--json"]);
    assert_eq!(code, Some(0));
}

#[cfg(unix)]
#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one case per kind of file that is not a plain note"
)]
fn files_that_are_not_plain_notes() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.md"),
        "---\ncontact: Outside Person\ndate: 2026-11-20\n---\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path();
    fs::create_dir_all(vault.join("Interviews")).unwrap();
    fs::write(vault.join("Interviews/good.md"), GOOD).unwrap();
    symlink(
        outside.path().join("secret.md"),
        vault.join("Interviews/link.md"),
    )
    .unwrap();
    symlink(outside.path(), vault.join("Interviews/linked folder")).unwrap();
    symlink(vault.join("nowhere.md"), vault.join("dangling.md")).unwrap();
    symlink(vault, vault.join("loop")).unwrap();
    fs::write(
        vault.join("Interviews/binary.md"),
        [0u8, 159, 146, 150, 255, 0, 1, 2],
    )
    .unwrap();
    fs::write(
        vault.join("Interviews/2026-11-20 🎉 Émoji.md"),
        "---\ncontact: Emoji 🎉 Person\ndate: 2026-11-20\n---\n",
    )
    .unwrap();
    fs::write(
        vault.join("Interviews/שלום.md"),
        "---\ncontact: Rtl שלום\ndate: 2026-11-20\n---\n",
    )
    .unwrap();
    let long_name = format!("{}.md", "a".repeat(252));
    fs::write(
        vault.join("Interviews").join(long_name),
        "---\ncontact: Long Name Person\ndate: 2026-11-20\n---\n",
    )
    .unwrap();
    fs::create_dir_all(vault.join("People")).unwrap();
    fs::write(vault.join("People/Zoé.md"), "---\nrole: nfc\n---\n").unwrap();
    fs::write(vault.join("People/Zoe\u{301}.md"), "---\nrole: nfd\n---\n").unwrap();
    fs::write(vault.join("People/Case.md"), "").unwrap();
    fs::write(vault.join("People/case.md"), "").unwrap();
    for temp in [
        "a.md~",
        ".a.md.swp",
        "#a.md#",
        ".#a.md",
        "a.md.tmp",
        "~syncthing~a.md.tmp",
        ".syncthing.a.md.tmp",
        "a.md.crdownload",
        "4913",
        "a.md___jb_tmp___",
    ] {
        fs::write(
            vault.join("Interviews").join(temp),
            "---\ncontact: Temporary Person\ndate: 2026-11-20\n---\n",
        )
        .unwrap();
    }
    fs::write(
        vault.join("Interviews/good.sync-conflict-20261120-101010-ABCDEF.md"),
        GOOD,
    )
    .unwrap();
    fs::write(
        vault.join("Interviews/good (conflicted copy 2026-11-20).md"),
        GOOD,
    )
    .unwrap();
    fs::write(vault.join("Interviews/.gone.md.icloud"), "placeholder").unwrap();
    let huge = format!(
        "---\ncontact: Huge Person\ndate: 2026-11-20\n---\n{}",
        "word and [[link]] - [ ] task\n".repeat(50 * 1024 * 1024 / 29)
    );
    fs::write(vault.join("Interviews/huge.md"), huge).unwrap();

    let before = user_files(vault);
    let (code, check, stderr) = limited(vault, &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    let (code, _, stderr) = limited(vault, &["build"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(user_files(vault), before);
    let interviews = fs::read_to_string(vault.join("Suivi/Interviews.md")).unwrap();
    for read in [
        "Good Person",
        "Emoji 🎉 Person",
        "Rtl שלום",
        "Long Name Person",
        "Huge Person",
    ] {
        assert!(interviews.contains(read), "{read} is read\n{check}");
    }
    for not_read in ["Outside Person", "Temporary Person"] {
        assert!(!interviews.contains(not_read), "{not_read} is not read");
    }
    for reported in [
        "Interviews/binary.md:1: not valid UTF-8",
        "Interviews/good.sync-conflict-20261120-101010-ABCDEF.md:1: a sync conflict copy",
        "Interviews/good (conflicted copy 2026-11-20).md:1: a sync conflict copy",
        "People/case.md:1: \"case\" is also the name of People/Case.md",
    ] {
        assert!(check.contains(reported), "expected {reported:?}\n{check}");
    }
    assert!(
        check
            .lines()
            .any(|l| l.starts_with("People/Zo") && l.contains("is also the name of")),
        "{check}"
    );
}

#[cfg(unix)]
#[test]
fn outputs_that_cannot_be_written() {
    use std::os::unix::fs::symlink;
    // A link at a page's path: refused, reported, nothing written through it.
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path();
    fs::create_dir_all(vault.join("Interviews")).unwrap();
    fs::write(vault.join("Interviews/good.md"), GOOD).unwrap();
    fs::create_dir_all(vault.join("Suivi")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("Companies.md");
    fs::write(&target, "---\ngenerated_by: suivi\n---\nold\n").unwrap();
    symlink(&target, vault.join("Suivi/Companies.md")).unwrap();
    let (code, check, _) = limited(vault, &["build"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "---\ngenerated_by: suivi\n---\nold\n"
    );
    let issues = fs::read_to_string(vault.join("Suivi/Vault issues.md")).unwrap();
    assert!(issues.contains("symbolic link"), "{issues}\n{check}");

    // An output folder that cannot be created: a clear error, exit 2.
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path();
    fs::write(vault.join("good.md"), GOOD).unwrap();
    fs::write(vault.join("Suivi"), "a file where the folder should be").unwrap();
    let (code, _, stderr) = limited(vault, &["build"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("Suivi"), "{stderr}");
    assert_eq!(
        fs::read_to_string(vault.join("Suivi")).unwrap(),
        "a file where the folder should be"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_note_is_reported_and_the_rest_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path();
    fs::create_dir_all(vault.join("Interviews")).unwrap();
    fs::write(vault.join("Interviews/good.md"), GOOD).unwrap();
    let locked = vault.join("Interviews/locked.md");
    fs::write(&locked, GOOD.replace("Good Person", "Locked Person")).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        // Running as root: permissions are not enforced, there is no
        // unreadable file to make.
        eprintln!("skipped: this user can read a file with mode 000");
        return;
    }
    let (code, check, _) = limited(vault, &["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        check.trim(),
        "Interviews/locked.md:1: cannot be read: permission denied"
    );
    let (code, _, _) = limited(vault, &["build"]);
    assert_eq!(code, Some(1));
    let interviews = fs::read_to_string(vault.join("Suivi/Interviews.md")).unwrap();
    assert!(interviews.contains("Good Person"));
}

/// A vault built once, then grown so that its next pages are larger than
/// the file-size limit the interrupted runs get.
fn vault_outgrowing_its_pages() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path();
    fs::create_dir_all(vault.join("Interviews")).unwrap();
    fs::write(vault.join("Interviews/good.md"), GOOD).unwrap();
    // A file where suivi keeps its notes cache: no cache is written, so the
    // limit falls on a page, whatever the age of the notes.
    fs::write(vault.join(".suivi"), "").unwrap();
    assert_eq!(limited(vault, &["build"]).0, Some(0));
    for n in 0..600 {
        let text = GOOD.replace(
            "Good Person",
            &format!("Person number {n} with a long name"),
        );
        fs::write(vault.join(format!("Interviews/{n}.md")), text).unwrap();
    }
    dir
}

/// What a complete build of this vault writes, made in a copy of it.
fn complete_pages(vault: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let copy = tempfile::tempdir().unwrap();
    common::copy_tree(vault, copy.path());
    assert_eq!(limited(copy.path(), &["build"]).0, Some(0));
    snapshot(&copy.path().join("Suivi"), &[])
}

/// Every page is either what it was before or what a complete build
/// writes: never a part of either.
fn assert_each_page_whole(
    vault: &Path,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) {
    for (name, bytes) in snapshot(&vault.join("Suivi"), &[]) {
        if name.to_string_lossy().ends_with(".suivi-tmp") {
            continue;
        }
        assert!(
            before.get(&name) == Some(&bytes) || after.get(&name) == Some(&bytes),
            "{} is neither the old page nor the new one",
            name.display()
        );
    }
}

// A file-size limit stands in for a full disk: past it, a write fails
// (EFBIG) when the signal is ignored, or kills the process (a crash in
// the middle of a write) when it is not.
const FILE_SIZE_LIMIT: &str = "ulimit -c 0; ulimit -f 16;";

/// A build of a vault that outgrew its pages, run under `limits`; every
/// page must come out of it whole.
struct Interrupted {
    dir: tempfile::TempDir,
    /// The pages a complete build writes.
    after: BTreeMap<PathBuf, Vec<u8>>,
    status: ExitStatus,
    stderr: String,
}

fn build_interrupted(limits: &str) -> Interrupted {
    let dir = vault_outgrowing_its_pages();
    let before = snapshot(&dir.path().join("Suivi"), &[]);
    let after = complete_pages(dir.path());
    assert_ne!(before, after);
    let (status, _, stderr) = limited_with(dir.path(), &["build"], limits);
    assert_each_page_whole(dir.path(), &before, &after);
    Interrupted {
        dir,
        after,
        status,
        stderr,
    }
}

/// The writer's temporary files left in the output folder.
fn temporaries(vault: &Path) -> Vec<PathBuf> {
    snapshot(&vault.join("Suivi"), &[])
        .into_keys()
        .filter(|name| name.to_string_lossy().ends_with(".suivi-tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_crash_in_the_middle_of_a_write_leaves_every_page_whole() {
    use std::os::unix::process::ExitStatusExt;
    let run = build_interrupted(FILE_SIZE_LIMIT);
    let vault = run.dir.path();
    assert_eq!(
        run.status.signal(),
        Some(25),
        "killed by SIGXFSZ: {:?}",
        run.status
    );
    assert!(
        !temporaries(vault).is_empty(),
        "the crash came in the middle of a write"
    );
    // The next run cleans what the crash left and completes the pages.
    assert_eq!(limited(vault, &["build"]).0, Some(0));
    assert_eq!(snapshot(&vault.join("Suivi"), &[]), run.after);
}

#[cfg(unix)]
#[test]
fn a_full_disk_is_a_clear_error_and_leaves_every_page_whole() {
    let run = build_interrupted(&format!("trap '' XFSZ; {FILE_SIZE_LIMIT}"));
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("Suivi/Interviews.md"), "{}", run.stderr);
    assert_eq!(temporaries(run.dir.path()), Vec::<PathBuf>::new());
}

#[test]
fn plain_text_names_are_shown_whole_and_linked_to_the_note_one_click_creates() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path();
    fs::create_dir_all(vault.join("Interviews")).unwrap();
    fs::write(
        vault.join("Interviews/a.md"),
        "---\ncontact: \"Jo Smith / Acme\"\ndate: 2026-11-20\n\
         referrals: [\"Lou (HR/Recruiting)\", \"Ty <script>x</script>\", \"a|b\", \"[x]\"]\n---\n",
    )
    .unwrap();
    let (code, _, stderr) = limited(vault, &["build"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_pages_are_intact(vault);
    let people = fs::read_to_string(vault.join("Suivi/People to meet.md")).unwrap();
    for link in [
        "[[People/Lou (HR Recruiting)\\|Lou (HR/Recruiting)]]",
        "[Ty \\<script\\>x\\</script\\>](People/Ty%20script%20x%20script.md)",
        "[a\\|b](People/a%20b.md)",
        "[\\[x\\]](People/x.md)",
        "[[People/Jo Smith Acme\\|Jo Smith / Acme]]",
    ] {
        assert!(people.contains(link), "{link} in\n{people}");
    }
    let (_, due, _) = limited(vault, &["due", "--json"]);
    assert!(due.contains("\"person\": \"Jo Smith / Acme\""), "{due}");
}
