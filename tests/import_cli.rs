//! `suivi import` through the real binary, on contact files written here
//! (`LinkedIn`, vCards 2.1/3.0/4.0, a Google CSV) and temporary vaults made by
//! `suivi init --sample` or holding the starter's Person template: what a
//! dry run and `--apply` write, that a second import adds nothing, that a
//! value of a note is never replaced, that `undo` restores every byte, that
//! hostile names stay in `People/`, and that a malformed file writes
//! nothing. Every person in these files is made up.

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
use std::process::Output;

use common::{snapshot, stderr, stdout, suivi, user_files, vault};
use suivi::config::Lang;
use suivi::starter::note_template;

const TODAY: &str = "2026-12-01";

/// `LinkedIn`'s export: `Notes:` lines above the header, commas and doubled
/// quotes in quoted fields, empty e-mails.
const LINKEDIN: &str = "Notes:\n\
\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\
\n\
First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
Élodie,Lefèvre,https://www.linkedin.com/in/elodie-lefevre,,\"Dupont, Fils & Cie\",\"Responsable \"\"data\"\"\",12 Mar 2024\n\
Paul,Martin,https://www.linkedin.com/in/paulmartin,,Acme,Staff engineer,01 Jan 2023\n\
Jean,Dupont,https://fr.linkedin.com/in/jdupont/,jean@beta.example,Beta Labs,CTO,02 Feb 2022\n\
,,,,Nobody Inc,,04 Apr 2024\n\
Karim,Haddad,,,\"Café \"\"Le Nord\"\", SA\",Barista,05 May 2025\n";

/// An old phone's vCard 2.1 (quoted-printable Latin-1, a soft break), a
/// folded 3.0 card and a 4.0 card with URI values.
const VCARDS: &[u8] = b"BEGIN:VCARD\r\n\
VERSION:2.1\r\n\
N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Fran=E7ois;Ren=E9e;;;\r\n\
FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ren=E9e Fran=E7ois\r\n\
ORG;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Caf=C3=A9 =\r\n\
de la Gare\r\n\
TEL;CELL:+33 6 12 34 56 78\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:3.0\r\n\
FN:Marie-Claire\r\n  d'Arcy\r\n\
N:d'Arcy;Marie-Claire;;;\r\n\
EMAIL;TYPE=INTERNET:mc@example.org\r\n\
ORG:Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale\\, Paris;IT\r\n\
TITLE:Head of \r\n data\r\n\
URL:https://www.linkedin.com/in/mcdarcy\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:4.0\r\n\
FN:Tom\xC3\xA1s \xC3\x98rsted\r\n\
EMAIL:mailto:tomas@example.dk\r\n\
TEL;VALUE=uri:tel:+45-1234-5678\r\n\
TITLE:Analyst\r\n\
END:VCARD\r\n";

/// Google Contacts' "Google CSV", several e-mails in one cell.
const GOOGLE: &str = "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Website 1 - Label,Website 1 - Value\n\
Søren,,Kierkegaard,,,,,,,,Nordisk Filosofi,Philosopher,,,,,* myContacts,* Work,soren@example.dk ::: s2@example.dk,Mobile,+45 12 34 56 78,Profile,https://dk.linkedin.com/in/soren\n";

/// The contact files of an import, in a folder of their own.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        Files {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    /// The three sample files.
    fn samples(&self) -> Vec<PathBuf> {
        vec![
            self.write("Connections.csv", LINKEDIN),
            self.write("contacts.vcf", VCARDS),
            self.write("google.csv", GOOGLE),
        ]
    }
}

/// `suivi import FILES… EXTRA…` on `vault`.
fn import(vault: &Path, files: &[PathBuf], extra: &[&str]) -> Output {
    let mut args = vec!["import"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(extra);
    suivi(vault, TODAY, &args)
}

fn ok(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

/// A vault made by the real `suivi init --sample`.
fn sample_vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let init = assert_cmd::Command::cargo_bin("suivi")
        .unwrap()
        .args(["init", "--sample"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    dir
}

/// A vault with the starter's Person template and these notes.
fn template_vault(notes: &[(&str, &str)]) -> tempfile::TempDir {
    let template = note_template(Lang::En, "Person").unwrap();
    let mut files = vec![("Templates/Person.md", template)];
    files.extend_from_slice(notes);
    vault(&files)
}

/// Every file of the vault but suivi's caches, which any pass may rewrite:
/// the notes, the pages, the journal.
fn all_but_caches(vault: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = snapshot(vault, &[]);
    files
        .retain(|rel, _| !(rel.starts_with(".suivi") && rel.to_string_lossy().ends_with(".cache")));
    files
}

fn read(vault: &Path, rel: &str) -> String {
    fs::read_to_string(vault.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The value of `key` in a note's front-matter, a double-quoted one
/// unquoted: `Some("")` when the key is there with no value.
fn property(text: &str, key: &str) -> Option<String> {
    let front = text.strip_prefix("---\n")?.split("\n---\n").next()?;
    let value = front
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))?
        .trim();
    Some(
        match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
            None => value.to_owned(),
        },
    )
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_it_would_do() {
    let vault = sample_vault();
    // Caches and pages exist, as in a vault in use: they must not move either.
    ok(&suivi(vault.path(), TODAY, &["build"]));
    let before = snapshot(vault.path(), &[]);
    let files = Files::new();
    let out = ok(&import(vault.path(), &files.samples(), &[]));
    assert_eq!(snapshot(vault.path(), &[]), before, "{out}");
    for line in [
        "Would create 6 person notes:",
        "  Élodie Lefèvre  → People/Élodie Lefèvre.md  (",
        "Connections.csv:5)",
        "  Renée François  → People/Renée François.md  (",
        "contacts.vcf:1)",
        "  Søren Kierkegaard  → People/Søren Kierkegaard.md  (",
        "google.csv:2)",
        "Would fill 3 empty properties in 2 existing notes:",
        "  People/Jean Dupont.md: email = jean@beta.example",
        "  People/Paul Martin.md: linkedin = https://www.linkedin.com/in/paulmartin",
        "2 contacts already in the vault, left as they are:",
        "  Jean Dupont → People/Jean Dupont.md (same name)",
        "Nothing written (6 notes to create, 3 properties to fill): run again with --apply to write this.",
    ] {
        assert!(out.contains(line), "{line:?} missing from\n{out}");
    }
}

#[test]
fn apply_creates_the_notes_with_their_properties_and_no_status() {
    let vault = template_vault(&[]);
    let files = Files::new();
    let out = ok(&import(vault.path(), &files.samples(), &["--apply"]));
    assert!(out.contains("Created 8 person notes:"), "{out}");

    let elodie = read(vault.path(), "People/Élodie Lefèvre.md");
    assert_eq!(property(&elodie, "type").as_deref(), Some("person"));
    assert_eq!(
        property(&elodie, "company").as_deref(),
        Some("[[Dupont, Fils & Cie]]")
    );
    assert_eq!(
        property(&elodie, "role").as_deref(),
        Some("Responsable \"data\"")
    );
    assert_eq!(
        property(&elodie, "linkedin").as_deref(),
        Some("https://www.linkedin.com/in/elodie-lefevre")
    );
    assert_eq!(
        property(&elodie, "email").as_deref(),
        Some(""),
        "no e-mail in the file"
    );
    // A contact, not someone to meet: the template's `to-contact` is gone.
    assert_eq!(property(&elodie, "status").as_deref(), Some(""));
    assert!(
        elodie.ends_with("## Who they are\n\n## How we met\n"),
        "{elodie}"
    );

    let renee = read(vault.path(), "People/Renée François.md");
    assert_eq!(
        property(&renee, "company").as_deref(),
        Some("[[Café de la Gare]]")
    );
    assert_eq!(
        property(&renee, "phone").as_deref(),
        Some("+33 6 12 34 56 78")
    );
    let marie = read(vault.path(), "People/Marie-Claire d'Arcy.md");
    assert_eq!(
        property(&marie, "company").as_deref(),
        Some("[[Société Générale, Paris]]")
    );
    assert_eq!(property(&marie, "role").as_deref(), Some("Head of data"));
    assert_eq!(property(&marie, "email").as_deref(), Some("mc@example.org"));
    let tomas = read(vault.path(), "People/Tomás Ørsted.md");
    assert_eq!(
        property(&tomas, "email").as_deref(),
        Some("tomas@example.dk")
    );
    assert_eq!(property(&tomas, "phone").as_deref(), Some("+45-1234-5678"));
    let soren = read(vault.path(), "People/Søren Kierkegaard.md");
    assert_eq!(
        property(&soren, "email").as_deref(),
        Some("soren@example.dk")
    );
    assert_eq!(
        property(&soren, "linkedin").as_deref(),
        Some("https://dk.linkedin.com/in/soren")
    );
    // No note can be named `Café "Le Nord", SA`: a link to it would lead nowhere.
    let karim = read(vault.path(), "People/Karim Haddad.md");
    assert_eq!(
        property(&karim, "company").as_deref(),
        Some("Café \"Le Nord\", SA")
    );

    // The notes are people of the vault: the next build reads them as such.
    let check = suivi(vault.path(), TODAY, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn status_is_given_only_when_asked_and_a_bogus_one_is_refused() {
    let vault = template_vault(&[]);
    let files = Files::new();
    let csv = files.write("Connections.csv", LINKEDIN);
    let before = snapshot(vault.path(), &[]);
    let bogus = import(
        vault.path(),
        std::slice::from_ref(&csv),
        &["--apply", "--status", "bogus"],
    );
    assert_eq!(bogus.status.code(), Some(2));
    assert!(
        stderr(&bogus).contains("--status \"bogus\": use one of to-contact, contacted"),
        "{}",
        stderr(&bogus)
    );
    assert_eq!(snapshot(vault.path(), &[]), before);

    ok(&import(
        vault.path(),
        &[csv],
        &["--apply", "--status", "to-contact"],
    ));
    let elodie = read(vault.path(), "People/Élodie Lefèvre.md");
    assert_eq!(property(&elodie, "status").as_deref(), Some("to-contact"));
}

#[test]
fn a_second_apply_creates_none_and_changes_no_byte() {
    let vault = sample_vault();
    let files = Files::new();
    let given = files.samples();
    ok(&import(vault.path(), &given, &["--apply"]));
    let after_first = all_but_caches(vault.path());
    let again = ok(&import(vault.path(), &given, &["--apply"]));
    assert!(again.contains("Created 0 person notes."), "{again}");
    assert!(
        again.contains("Filled 0 empty properties in 0 existing notes."),
        "{again}"
    );
    assert!(
        again.contains("  Élodie Lefèvre → People/Élodie Lefèvre.md (same LinkedIn profile)"),
        "{again}"
    );
    assert_eq!(all_but_caches(vault.path()), after_first, "{again}");
}

#[test]
fn an_existing_notes_values_are_never_changed_only_its_empty_ones_filled() {
    let paul = "---\ntype: person\ncompany: \"[[Acme]]\"\nrole: Data engineering lead\nemail: \nstatus: met\n---\nMet at the meetup.\n";
    // Known by e-mail under another spelling of the name.
    let jean =
        "---\ntype: person\naliases: [JD]\nemail: jean@beta.example\nphone: \"+33 1 00\"\n---\n";
    let vault = template_vault(&[
        ("People/Paul Martin.md", paul),
        ("People/J. Dupont.md", jean),
    ]);
    let files = Files::new();
    let vcf = files.write(
        "paul.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:paul MARTIN\nORG:Globex\nTITLE:Intern\nEMAIL:paul@acme.example\nTEL:+33 6 99\nEND:VCARD\n",
    );
    let csv = files.write("Connections.csv", LINKEDIN);
    let out = ok(&import(vault.path(), &[vcf, csv], &["--apply"]));
    assert!(
        !vault.path().join("People/Jean Dupont.md").exists(),
        "{out}"
    );

    let paul_after = read(vault.path(), "People/Paul Martin.md");
    assert_eq!(
        property(&paul_after, "company").as_deref(),
        Some("[[Acme]]")
    );
    assert_eq!(
        property(&paul_after, "role").as_deref(),
        Some("Data engineering lead")
    );
    assert_eq!(property(&paul_after, "status").as_deref(), Some("met"));
    assert_eq!(
        property(&paul_after, "email").as_deref(),
        Some("paul@acme.example")
    );
    assert_eq!(property(&paul_after, "phone").as_deref(), Some("+33 6 99"));
    assert!(
        paul_after.ends_with("---\nMet at the meetup.\n"),
        "{paul_after}"
    );

    let jean_after = read(vault.path(), "People/J. Dupont.md");
    assert_eq!(property(&jean_after, "phone").as_deref(), Some("+33 1 00"));
    assert_eq!(
        property(&jean_after, "email").as_deref(),
        Some("jean@beta.example")
    );
    assert_eq!(property(&jean_after, "aliases").as_deref(), Some("[JD]"));
    assert_eq!(
        property(&jean_after, "company").as_deref(),
        Some("[[Beta Labs]]")
    );
    assert_eq!(property(&jean_after, "role").as_deref(), Some("CTO"));
    assert!(
        out.contains("  Jean Dupont → People/J. Dupont.md (same e-mail)"),
        "{out}"
    );
}

#[test]
fn undo_after_apply_restores_every_byte_of_the_vault() {
    let vault = sample_vault();
    let before = user_files(vault.path());
    let files = Files::new();
    let applied = ok(&import(vault.path(), &files.samples(), &["--apply"]));
    let applied_files = user_files(vault.path());
    assert_ne!(applied_files, before, "{applied}");
    let undone = ok(&suivi(vault.path(), TODAY, &["undo"]));
    assert!(
        undone.contains("undone: import Connections.csv contacts.vcf google.csv"),
        "{undone}"
    );
    // The notes restored are named five at most, then counted.
    let after_apply = &applied_files;
    let restored = (after_apply.iter())
        .filter(|(rel, bytes)| before.get(*rel) != Some(*bytes))
        .count();
    let first = undone.lines().next().unwrap_or_default();
    assert_eq!(first.matches(".md").count(), restored.min(5), "{first}");
    assert!(
        restored > 5,
        "the sample files change more notes than are named"
    );
    assert!(
        first.ends_with(&format!(" and {} more)", restored - 5)),
        "{first}"
    );
    assert_eq!(user_files(vault.path()), before, "{undone}");
}

/// The vault's files that are neither suivi's pages nor its state.
fn notes_made(vault: &Path) -> Vec<PathBuf> {
    user_files(vault)
        .into_keys()
        .filter(|rel| !rel.starts_with("Templates"))
        .collect()
}

#[test]
fn hostile_names_never_make_a_path_outside_people_nor_a_hidden_file() {
    let vault = template_vault(&[]);
    let files = Files::new();
    let names = [
        "../x",
        "../../etc/passwd",
        "CON",
        "a|b",
        "a/b/c",
        "/abs",
        "a\\b\\c\\d",
        ".hidden",
        "..",
        "x\u{202E}gpj.md",
        "[[Link]] #tag ^block",
    ];
    let mut csv =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for name in names {
        writeln!(csv, "\"{name}\",,,,,,01 Jan 2024").unwrap();
    }
    let csv = files.write("Connections.csv", csv);
    let out = ok(&import(
        vault.path(),
        std::slice::from_ref(&csv),
        &["--apply"],
    ));
    let made = notes_made(vault.path());
    assert_eq!(made.len(), names.len(), "{made:?}\n{out}");
    for rel in &made {
        assert_eq!(rel.parent(), Some(Path::new("People")), "{rel:?}");
        let name = rel.file_name().unwrap().to_str().unwrap();
        assert!(!name.starts_with('.'), "{rel:?}");
        assert_eq!(rel.extension(), Some("md".as_ref()), "{rel:?}");
    }
    for expected in [
        "People/x.md",
        "People/CON_.md",
        "People/a b.md",
        "People/a b c.md",
        "People/hidden.md",
    ] {
        assert!(
            made.contains(&PathBuf::from(expected)),
            "{expected}: {made:?}"
        );
    }
    assert!(!files.dir.path().join("x.md").exists());
    // Found again by the names they were given.
    let again = ok(&import(vault.path(), &[csv], &["--apply"]));
    assert!(again.contains("Created 0 person notes."), "{again}");
}

#[test]
fn a_300_byte_name_leaves_no_stray_file() {
    let vault = template_vault(&[]);
    let files = Files::new();
    let long = "é".repeat(150);
    let csv = files.write(
        "Connections.csv",
        format!(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n{long},,,,,,x\n"
        ),
    );
    import(vault.path(), &[csv], &["--apply"]);
    for rel in notes_made(vault.path()) {
        assert_eq!(rel.parent(), Some(Path::new("People")), "{rel:?}");
        let name = rel.file_name().unwrap().to_str().unwrap();
        assert!(!name.starts_with('.') && name.len() <= 255, "{rel:?}");
    }
}

#[test]
fn a_300_byte_name_gets_a_note_cut_to_a_file_name() {
    let vault = template_vault(&[]);
    let files = Files::new();
    let long = "é".repeat(150);
    let csv = files.write(
        "Connections.csv",
        format!(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n{long},,,,,,x\n"
        ),
    );
    ok(&import(vault.path(), &[csv], &["--apply"]));
    let made = notes_made(vault.path());
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(made[0].file_name().unwrap().len() <= 255);
}

#[test]
fn a_malformed_file_is_an_error_naming_its_line_and_nothing_is_written() {
    let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
    let google = GOOGLE.lines().next().unwrap();
    let malformed: [(&str, String, usize, &str); 6] = [
        (
            "open-quote.csv",
            format!("{header}Ana,Brun,,,Acme,CTO,x\nBob,\"Open quote,,,,,x\nCara,Dias,,,,,x\n"),
            3,
            "this quote is never closed",
        ),
        (
            "short-row.csv",
            format!("{header}Ana,Brun,,,Acme,CTO,x\nBob,Costa\n"),
            3,
            "this row has 2 fields where the header has 7",
        ),
        (
            "google-row.csv",
            format!("{google}\nA,,B\n"),
            2,
            "this row has 3 fields where the header has 23",
        ),
        (
            "unclosed.vcf",
            "BEGIN:VCARD\nFN:Ana Brun\nEND:VCARD\nBEGIN:VCARD\nFN:Bob\nBEGIN:VCARD\nFN:Cara\nEND:VCARD\n".to_owned(),
            4,
            "this card has no END:VCARD",
        ),
        (
            "end.vcf",
            "BEGIN:VCARD\nFN:Ana Brun\nEND:VCARD\nEND:VCARD\n".to_owned(),
            4,
            "END:VCARD without a BEGIN:VCARD before it",
        ),
        (
            "notes.txt",
            "Name;Phone\nAna;+33\n".to_owned(),
            1,
            "not a contact file suivi knows",
        ),
    ];
    for (name, text, line, problem) in malformed {
        let vault = sample_vault();
        let files = Files::new();
        let good = files.samples();
        let bad = files.write(name, text);
        let before = snapshot(vault.path(), &[]);
        // The bad file last: the good ones before it are read and planned, never written.
        let mut given = good.clone();
        given.push(bad.clone());
        for args in [given, vec![bad.clone(), good[0].clone()]] {
            let out = import(vault.path(), &args, &["--apply"]);
            assert_eq!(out.status.code(), Some(2), "{name}: {}", stdout(&out));
            let said = format!("suivi: {}:{line}: {problem}", bad.display());
            assert!(
                stderr(&out).contains(&said),
                "{name}: {said:?} not in\n{}",
                stderr(&out)
            );
            assert_eq!(stdout(&out), "", "{name}");
            assert_eq!(snapshot(vault.path(), &[]), before, "{name}");
        }
    }
}

#[test]
fn a_contact_without_a_name_is_reported_with_its_line() {
    let vault = template_vault(&[]);
    let files = Files::new();
    let csv = files.write("Connections.csv", LINKEDIN);
    let vcf = files.write(
        "phone.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Brun\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nTEL:+33 6 00\nEND:VCARD\n",
    );
    let out = import(vault.path(), &[csv.clone(), vcf.clone()], &[]);
    assert_eq!(out.status.code(), Some(0));
    let said = stderr(&out);
    for line in [
        format!(
            "suivi: {}:8: a contact without a name, left out",
            csv.display()
        ),
        format!(
            "suivi: {}:5: a contact without a name, left out",
            vcf.display()
        ),
    ] {
        assert!(said.contains(&line), "{line:?} not in\n{said}");
    }
}

#[test]
fn a_french_vault_gets_its_errors_in_french() {
    let vault = tempfile::tempdir().unwrap();
    let init = assert_cmd::Command::cargo_bin("suivi")
        .unwrap()
        .args(["init", "--lang", "fr"])
        .arg(vault.path())
        .output()
        .unwrap();
    assert!(init.status.success());
    let files = Files::new();
    let bad = files.write("unclosed.vcf", "BEGIN:VCARD\nFN:Ana Brun\n");
    let out = import(vault.path(), std::slice::from_ref(&bad), &[]);
    assert_eq!(out.status.code(), Some(2));
    let said = format!("{}:1: cette carte n'a pas de END:VCARD", bad.display());
    assert!(stderr(&out).contains(&said), "{}", stderr(&out));
}

#[test]
fn with_a_watcher_running_the_pages_are_left_to_it() {
    let vault = sample_vault();
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("watch.log");
    let watcher = std::process::Command::new(env!("CARGO_BIN_EXE_suivi"))
        .args(["watch", "--today", TODAY, "--vault"])
        .arg(vault.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let watcher = KillOnDrop(watcher);
    let read_log = || fs::read_to_string(&log).unwrap_or_default();
    common::wait_for(
        "the watcher",
        std::time::Duration::from_secs(30),
        || read_log().contains("watching"),
        read_log,
    );
    let files = Files::new();
    let out = import(vault.path(), &files.samples(), &["--apply"]);
    drop(watcher);
    let said = ok(&out);
    assert!(
        said.contains("suivi watch is running: it updates the pages."),
        "{said}"
    );
    assert!(!said.contains("Pages:"), "{said}");
    assert!(vault.path().join("People/Élodie Lefèvre.md").exists());
}

/// A child process killed when the test ends, failed or not.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_note_with_a_vault_issue_is_named_and_left_as_it_is() {
    // `phone` as a list: the note editor edits no note with an issue.
    let broken = "---\ntype: person\nrole: \nphone: []\n---\n";
    let vault = template_vault(&[("People/Paul Martin.md", broken)]);
    let files = Files::new();
    let csv = files.write("Connections.csv", LINKEDIN);
    let dry = ok(&import(vault.path(), std::slice::from_ref(&csv), &[]));
    let said = "  People/Paul Martin.md:4: `phone` should be text, not a list (waiting: company, role, linkedin)";
    assert!(dry.contains(said), "{dry}");
    let applied = ok(&import(vault.path(), &[csv], &["--apply"]));
    assert!(applied.contains(said), "{applied}");
    assert_eq!(read(vault.path(), "People/Paul Martin.md"), broken);
    assert!(vault.path().join("People/Élodie Lefèvre.md").exists());
}

#[test]
fn a_vault_that_forbids_edits_refuses_apply_and_still_shows_a_dry_run() {
    let vault = template_vault(&[(".suivi.toml", "write_notes = false\n")]);
    let files = Files::new();
    let csv = files.write("Connections.csv", LINKEDIN);
    let before = snapshot(vault.path(), &[]);
    let refused = import(vault.path(), std::slice::from_ref(&csv), &["--apply"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("`write_notes = false`"),
        "{}",
        stderr(&refused)
    );
    let dry = ok(&import(vault.path(), &[csv], &[]));
    assert!(dry.contains("Would create 4 person notes:"), "{dry}");
    assert_eq!(snapshot(vault.path(), &[]), before);
}

#[test]
fn a_file_of_the_new_notes_name_is_never_written_over() {
    let company = "---\ntype: company\n---\nA company note in the wrong folder.\n";
    let vault = template_vault(&[("People/Acme.md", company)]);
    let files = Files::new();
    let csv = files.write(
        "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAcme,,,,,,x\nAna,Brun,,,,,x\n",
    );
    let dry = ok(&import(vault.path(), std::slice::from_ref(&csv), &[]));
    let said = "Not created: a file of that name is there and is not a person note";
    assert!(dry.contains(said), "{dry}");
    assert!(
        dry.contains("Would create 1 person note:\n  Ana Brun  → People/Ana Brun.md"),
        "{dry}"
    );
    let applied = ok(&import(vault.path(), &[csv], &["--apply"]));
    assert!(applied.contains(said), "{applied}");
    assert_eq!(read(vault.path(), "People/Acme.md"), company);
    assert!(vault.path().join("People/Ana Brun.md").exists());
}

#[test]
fn a_french_vault_is_told_in_french() {
    let vault = tempfile::tempdir().unwrap();
    let init = assert_cmd::Command::cargo_bin("suivi")
        .unwrap()
        .args(["init", "--sample", "--lang", "fr"])
        .arg(vault.path())
        .output()
        .unwrap();
    assert!(init.status.success());
    let files = Files::new();
    let csv = files.write("Connections.csv", LINKEDIN);
    let dry = import(vault.path(), std::slice::from_ref(&csv), &[]);
    let said = ok(&dry);
    for line in [
        "Notes de personne à créer (2) :",
        "Propriétés vides à remplir (3, dans 2 note(s) existante(s)) :",
        "Déjà dans le coffre, laissés tels quels (2) :",
        "  Jean Dupont → People/Jean Dupont.md (même nom)",
        "Rien n'est écrit (2 note(s) à créer, 3 propriété(s) à remplir) : relancez avec --apply pour l'écrire.",
    ] {
        assert!(said.contains(line), "{line:?} missing from\n{said}");
    }
    assert!(
        stderr(&dry).contains(":8: un contact sans nom, laissé de côté"),
        "{}",
        stderr(&dry)
    );
    let applied = ok(&import(vault.path(), &[csv], &["--apply"]));
    assert!(
        applied.contains("Notes de personne créées (2) :"),
        "{applied}"
    );
}

#[test]
fn quiet_prints_only_errors() {
    let vault = template_vault(&[]);
    let files = Files::new();
    let given = files.samples();
    let dry = import(vault.path(), &given, &["-q"]);
    assert_eq!(stdout(&dry), "");
    let applied = import(vault.path(), &given, &["--apply", "-q"]);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    assert_eq!(stdout(&applied), "");
    assert!(stderr(&applied).contains("a contact without a name"));
    assert!(vault.path().join("People/Élodie Lefèvre.md").exists());
}
