//! `suivi import`'s readers on contact files written here: `LinkedIn`'s
//! `Connections.csv`, both Google Contacts CSV headers, vCards 3.0 and 4.0
//! (folded, quoted-printable, Latin-1), and malformed files of each kind.
//! Every person in these files is made up.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a helper is a failed test"
)]

use std::path::{Path, PathBuf};

use suivi::import::{Contact, ContactFile, Format, ImportError, Problem, read};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn read_bytes(name: &str, bytes: &[u8]) -> Result<ContactFile, ImportError> {
    let dir = tempfile::tempdir().unwrap();
    read(&write(dir.path(), name, bytes))
}

/// The contacts as `(name, email, company, role, linkedin, phone, line)`.
type Row<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    usize,
);

fn rows(contacts: &[Contact]) -> Vec<Row<'_>> {
    contacts
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.email.as_deref(),
                c.company.as_deref(),
                c.role.as_deref(),
                c.linkedin.as_deref(),
                c.phone.as_deref(),
                c.line,
            )
        })
        .collect()
}

/// The line and problem of a malformed file.
fn malformed(result: Result<ContactFile, ImportError>) -> (usize, Problem, String) {
    match result {
        Err(error @ ImportError::Malformed { .. }) => {
            let message = error.to_string();
            let ImportError::Malformed { line, problem, .. } = error else {
                unreachable!()
            };
            (line, problem, message)
        }
        other => panic!("expected a malformed file, got {other:?}"),
    }
}

const LINKEDIN: &str = "\u{FEFF}Notes:\r
\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see \"\"some\"\" addresses, see https://www.linkedin.com/psettings/privacy/email\"\r
\r
First Name,Last Name,URL,Email Address,Company,Position,Connected On\r
Zoé,Lefèvre,https://www.linkedin.com/in/zoe-lefevre-0a1b2c,,\"Dupont, Fils & Cie\",Cheffe de projet,12 Mar 2024\r
Hugo,Ng,https://www.linkedin.com/in/hugo-ng,hugo.ng@example.org,\"The \"\"Quoted\"\" Company\",\"Engineer, Platform\",01 Feb 2023\r
  Ana  María ,  de la Cruz\u{7},https://www.linkedin.com/in/ana-de-la-cruz,,Acme,,05 Jan 2022\r
,,https://www.linkedin.com/in/nameless,,Acme,,05 Jan 2022\r
";

#[test]
fn linkedin_connections_with_notes_bom_quotes_and_empty_emails() {
    let file = read_bytes("Connections.csv", LINKEDIN.as_bytes()).unwrap();
    assert_eq!(file.format, Format::LinkedIn);
    assert_eq!(
        rows(&file.contacts),
        vec![
            (
                "Zoé Lefèvre",
                None,
                Some("Dupont, Fils & Cie"),
                Some("Cheffe de projet"),
                Some("https://www.linkedin.com/in/zoe-lefevre-0a1b2c"),
                None,
                5
            ),
            (
                "Hugo Ng",
                Some("hugo.ng@example.org"),
                Some("The \"Quoted\" Company"),
                Some("Engineer, Platform"),
                Some("https://www.linkedin.com/in/hugo-ng"),
                None,
                6
            ),
            (
                "Ana María de la Cruz",
                None,
                Some("Acme"),
                None,
                Some("https://www.linkedin.com/in/ana-de-la-cruz"),
                None,
                7
            ),
        ]
    );
    assert_eq!(file.nameless, vec![8]);
}

#[test]
fn linkedin_connections_of_old_without_urls() {
    let csv = "First Name,Last Name,Email Address,Company,Position,Connected On\nLi,Wei,li@example.cn,Acme,CTO,\"12 Mar 2017\"\n";
    let file = read_bytes("Connections.csv", csv.as_bytes()).unwrap();
    assert_eq!(file.format, Format::LinkedIn);
    assert_eq!(
        rows(&file.contacts),
        vec![(
            "Li Wei",
            Some("li@example.cn"),
            Some("Acme"),
            Some("CTO"),
            None,
            None,
            2
        )]
    );
}

#[test]
fn a_connections_file_saved_again_by_a_french_spreadsheet() {
    // Semicolons, Windows-1252, CRLF: Excel's "CSV (point-virgule)".
    let csv = b"First Name;Last Name;URL;Email Address;Company;Position;Connected On\r\nRen\xE9e;Fa\xFCre;;;\"Caf\xE9; Bar\";G\xE9rante;12 Mar 2024\r\n";
    let file = read_bytes("Connections.csv", csv).unwrap();
    assert_eq!(file.format, Format::LinkedIn);
    assert_eq!(
        rows(&file.contacts),
        vec![(
            "Renée Faüre",
            None,
            Some("Café; Bar"),
            Some("Gérante"),
            None,
            None,
            2
        )]
    );
}

#[test]
fn google_csv_of_today() {
    let csv = "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Website 1 - Label,Website 1 - Value,Website 2 - Label,Website 2 - Value\n\
Élise,Marie,Durand,,,,,,,,\"Société Générale, Paris\",Analyste,,,,,* myContacts,* Work,elise@example.fr ::: e.durand@example.com,,,Mobile,+33 6 12 34 56 78,Blog,https://elise.example.fr,Profile,https://fr.linkedin.com/in/elise-durand/\n\
,,,,,,,,Bob,,,,,,,,* myContacts,,,,,Mobile,+1 555 0100,,,,\n\
,,,,,,,,,,,,,,,,* myContacts,,,,,Mobile,+1 555 0199,,,,\n";
    let file = read_bytes("contacts.csv", csv.as_bytes()).unwrap();
    assert_eq!(file.format, Format::GoogleCsv);
    assert_eq!(
        rows(&file.contacts),
        vec![
            (
                "Élise Marie Durand",
                Some("elise@example.fr"),
                Some("Société Générale, Paris"),
                Some("Analyste"),
                Some("https://fr.linkedin.com/in/elise-durand/"),
                Some("+33 6 12 34 56 78"),
                2
            ),
            ("Bob", None, None, None, None, Some("+1 555 0100"), 3),
        ]
    );
    assert_eq!(file.nameless, vec![4]);
}

#[test]
fn google_csv_of_old() {
    let csv = "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,Organization 1 - Title\n\
Jürgen Groß,Jürgen,,Groß,,,,,,,,,,,,,,,,,,,,,,,* My Contacts,* Work,JG@Example.DE,Mobile,+49 30 1234,,\"Müller, Schmidt GmbH\",,Leiter\n\
,Kim,,Sato,,,,,,,,,,,,,,,,,,,,,,,* My Contacts,,,,,,,,\n";
    let file = read_bytes("google.csv", csv.as_bytes()).unwrap();
    assert_eq!(file.format, Format::GoogleCsv);
    assert_eq!(
        rows(&file.contacts),
        vec![
            (
                "Jürgen Groß",
                Some("JG@Example.DE"),
                Some("Müller, Schmidt GmbH"),
                Some("Leiter"),
                None,
                Some("+49 30 1234"),
                2
            ),
            ("Kim Sato", None, None, None, None, None, 3),
        ]
    );
}

#[test]
fn vcards_3_and_4_folded_grouped_escaped() {
    let vcf = "BEGIN:VCARD\r
VERSION:3.0\r
N:Lefèvre;Zoé;;;\r
FN:Zoé Lefèvre\r
ORG:Dupont\\, Fils & Cie;Ventes\r
TITLE:Cheffe de\r
  projet\r
item1.EMAIL;TYPE=INTERNET:zoe@example.fr\r
item1.X-ABLabel:_$!<Work>!$_\r
EMAIL;TYPE=HOME:zoe.home@example.fr\r
TEL;TYPE=CELL:+33 6 00 00 00 01\r
item2.URL:https://www.linkedin.com/in/zoe-lefevre-0a1b2c\r
PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR\r
 oeHx4dGhwcICQuJyAiLCMcHCg3KSwwMTQ0NB8nOT04MjwuMzQy\r
END:VCARD\r
\r
BEGIN:VCARD\n\
VERSION:4.0\n\
N:Ng;Hugo;;;\n\
EMAIL;TYPE=\"work,pref\":hugo@example.org\n\
TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-555-0101\n\
URL:https://example.org/hugo\n\
X-SOCIALPROFILE;TYPE=linkedin:https://linkedin.com/in/hugo-ng\n\
NOTE:Met at a fair\\; liked\\, a lot\\nsecond line\n\
END:VCARD\n\
BEGIN:VCARD\n\
VERSION:4.0\n\
TEL:+1-555-0102\n\
END:VCARD\n";
    let file = read_bytes("contacts.vcf", vcf.as_bytes()).unwrap();
    assert_eq!(file.format, Format::VCard);
    assert_eq!(
        rows(&file.contacts),
        vec![
            (
                "Zoé Lefèvre",
                Some("zoe@example.fr"),
                Some("Dupont, Fils & Cie"),
                Some("Cheffe de projet"),
                Some("https://www.linkedin.com/in/zoe-lefevre-0a1b2c"),
                Some("+33 6 00 00 00 01"),
                1
            ),
            (
                "Hugo Ng",
                Some("hugo@example.org"),
                None,
                None,
                Some("https://linkedin.com/in/hugo-ng"),
                Some("+1-555-0101"),
                17
            ),
        ]
    );
    assert_eq!(file.nameless, vec![26]);
}

#[test]
fn vcards_from_old_phones_quoted_printable_latin1_and_utf8() {
    let mut vcf: Vec<u8> = Vec::new();
    // vCard 2.1 from a phone: quoted-printable UTF-8 with a soft line break.
    vcf.extend_from_slice(
        b"BEGIN:VCARD\r\n\
VERSION:2.1\r\n\
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Dupr=C3=A9;=C3=89lise;;;\r\n\
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=89lise Dupr=C3=A9 de la Fontaine-Saint-=\r\n\
Germain\r\n\
ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 du Commerce\\;Bar;Salle\r\n\
TEL;CELL;PREF:+33600000002\r\n\
EMAIL;INTERNET:elise@example.fr\r\n\
END:VCARD\r\n",
    );
    // Latin-1, quoted-printable, and a bare QUOTED-PRINTABLE parameter.
    vcf.extend_from_slice(
        b"BEGIN:VCARD\r\n\
VERSION:2.1\r\n\
FN;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Fran=E7ois M=FCller\r\n\
TITLE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Directeur g=E9n=E9ral\r\n\
END:VCARD\r\n",
    );
    // Latin-1 as raw bytes, with and without a CHARSET parameter.
    vcf.extend_from_slice(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN;CHARSET=ISO-8859-1:Ren\xE9e Faure\r\nORG:Soci\xE9t\xE9\r\nEND:VCARD\r\n");
    // Only N, in 3.0.
    vcf.extend_from_slice(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Chidi;Emeka;Dr.;\r\nEND:VCARD\r\n",
    );
    let file = read_bytes("phone.vcf", &vcf).unwrap();
    assert_eq!(
        rows(&file.contacts),
        vec![
            (
                "Élise Dupré de la Fontaine-Saint-Germain",
                Some("elise@example.fr"),
                Some("Café du Commerce;Bar"),
                None,
                None,
                Some("+33600000002"),
                1
            ),
            (
                "François Müller",
                None,
                None,
                Some("Directeur général"),
                None,
                None,
                10
            ),
            ("Renée Faure", None, Some("Société"), None, None, None, 15),
            ("Chidi Emeka Okafor", None, None, None, None, None, 20),
        ]
    );
}

#[test]
fn hostile_names_are_cleaned_but_keep_their_letters() {
    let vcf = "BEGIN:VCARD\nVERSION:4.0\nFN:\u{202E}Eve\u{200B}  \u{0}Smith\\n  ../x\nEND:VCARD\n\
BEGIN:VCARD\nVERSION:4.0\nFN:  \u{7}\u{202A}  \nEND:VCARD\n\
BEGIN:VCARD\nVERSION:4.0\nFN:Ann\nEMAIL:mailto:\nTEL;VALUE=uri:tel: \nEND:VCARD\n";
    let file = read_bytes("x.vcf", vcf.as_bytes()).unwrap();
    assert_eq!(file.contacts[0].name, "Eve Smith ../x");
    assert_eq!(
        rows(&file.contacts[1..]),
        vec![("Ann", None, None, None, None, None, 9)]
    );
    assert_eq!(file.nameless, vec![5]);
}

#[test]
fn the_format_comes_from_the_content_not_the_name() {
    let vcf = "\u{FEFF}\n\nbegin:vcard\nversion:3.0\nfn:Lin Wu\nend:vcard\n";
    let file = read_bytes("export.csv", vcf.as_bytes()).unwrap();
    assert_eq!(file.format, Format::VCard);
    assert_eq!(file.contacts[0].name, "Lin Wu");
    let file = read_bytes("contacts.vcf", LINKEDIN.as_bytes()).unwrap();
    assert_eq!(file.format, Format::LinkedIn);
}

#[test]
fn malformed_files_name_their_line_and_return_nothing() {
    let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
    let cases: Vec<(&str, String, usize, Problem)> = vec![
        (
            "unterminated.csv",
            format!(
                "Notes:\n\"a note, with \"\"quotes\"\"\"\n\n{header}A,B,u,,C,D,E\nF,G,u,,\"Open, Inc,P,Q\nH,I,u,,J,K,L\n"
            ),
            6,
            Problem::UnterminatedQuote,
        ),
        (
            "short-row.csv",
            format!("{header}A,B,u,,C,D,E\nF,G,u,,C\n"),
            3,
            Problem::FieldCount {
                expected: 7,
                found: 5,
            },
        ),
        (
            "short-row-crlf.csv",
            format!(
                "Notes:\r\nx\r\n\r\n{header}A,B,u,,C,D,E\r\nA,B,u,,C,D,E\r\nF,G,u,,C,D,E,X\r\n"
            )
            .replace("On\n", "On\r\n"),
            7,
            Problem::FieldCount {
                expected: 7,
                found: 8,
            },
        ),
        (
            "unknown.csv",
            "\nName,Mail,Org\nA,b@example.org,C\n".to_owned(),
            2,
            Problem::UnknownFormat,
        ),
        (
            "open.vcf",
            "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:B\n"
                .to_owned(),
            5,
            Problem::UnclosedCard,
        ),
        (
            "nested.vcf",
            "BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n".to_owned(),
            1,
            Problem::UnclosedCard,
        ),
        (
            "stray-end.vcf",
            "BEGIN:VCARD\nFN:A\nEND:VCARD\nEND:VCARD\n".to_owned(),
            4,
            Problem::EndWithoutBegin,
        ),
        (
            "outside.vcf",
            "BEGIN:VCARD\nFN:A\nEND:VCARD\nFN:B\n".to_owned(),
            4,
            Problem::OutsideCard,
        ),
    ];
    for (name, text, line, problem) in cases {
        let (found_line, found, message) = malformed(read_bytes(name, text.as_bytes()));
        assert_eq!((found_line, &found), (line, &problem), "{name}");
        assert!(
            message.contains(&format!("{name}:{line}: ")),
            "{name}: {message}"
        );
    }
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let error = read(&dir.path().join("nowhere.vcf")).unwrap_err();
    assert!(matches!(error, ImportError::Io { .. }));
    assert!(error.to_string().contains("nowhere.vcf"), "{error}");
}

/// Pieces that matter to the readers, in any order: no file makes them
/// panic, and a file read is all or nothing.
const PIECES: &[&[u8]] = &[
    b"BEGIN:VCARD",
    b"END:VCARD",
    b"\r\n",
    b"\n",
    b" ",
    b"\t",
    b"=",
    b"=C3",
    b"=\r\n",
    b";",
    b":",
    b",",
    b"\"",
    b"\"\"",
    b"\\",
    b"FN",
    b"N",
    b"ORG;CHARSET=ISO-8859-1",
    b"item1.",
    b";ENCODING=QUOTED-PRINTABLE",
    b"\xE9",
    b"\xC3\xA9",
    b"\xFF",
    b"\0",
    b"Notes:",
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    b"First Name,Middle Name,Last Name",
    b"\xEF\xBB\xBF",
    b"https://linkedin.com/in/x",
];

proptest::proptest! {
    #[test]
    fn no_file_makes_a_reader_panic(picks in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let bytes: Vec<u8> = picks.iter().flat_map(|&i| PIECES[i].iter().copied()).collect();
        if let Ok(file) = read_bytes("any", &bytes) {
            for contact in &file.contacts {
                proptest::prop_assert!(!contact.name.is_empty());
                proptest::prop_assert!(!contact.name.chars().any(char::is_control));
            }
        }
    }
}
