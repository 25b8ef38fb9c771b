//! A deterministic, realistic vault for benchmarks: interview notes with
//! every property, person and company notes, other notes without
//! front-matter, French and English names with accents, some NFD file names
//! and some CRLF files. The same seed gives the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

const FIRST: &[&str] = &[
    "Paul",
    "Zoé",
    "Mickaël",
    "Hélène",
    "Éric",
    "Anna",
    "James",
    "Chloé",
    "Noël",
    "Béatrice",
    "Olivia",
    "François",
    "Léa",
    "Oscar",
    "Maëlle",
    "David",
    "Inès",
    "Thomas",
    "Aurélie",
    "Sam",
];
const LAST: &[&str] = &[
    "Martin",
    "Roy",
    "Arcos",
    "Dupré",
    "Lefèvre",
    "Smith",
    "Garçon",
    "Nguyen",
    "Müller",
    "O'Brien",
    "Bernard",
    "Dubois",
    "Thévenin",
    "Brown",
    "Lemaître",
    "Chen",
    "Fournier",
    "Wilson",
    "Gauthier",
    "Moreau",
];
const COMPANIES: &[&str] = &[
    "Acme",
    "Beta Labs",
    "Société Générale des Eaux",
    "Orchestre de Lyon",
    "Gamma",
    "Delta Conseil",
    "Épicerie Fine",
    "Northwind",
    "Contoso",
    "Initech",
    "Globex",
    "Umbrella",
    "Hooli",
    "Vandelay",
];
const QUESTIONS: &[&str] = &[
    "Why did you choose this field?",
    "What does a typical day look like?",
    "What would you do differently?",
    "Who else should I talk to?",
    "Which skills matter most?",
    "How is the field coping with change?",
];
const WORDS: &[&str] = &[
    "data",
    "team",
    "project",
    "client",
    "salon",
    "budget",
    "réunion",
    "stratégie",
    "music",
    "product",
    "launch",
    "hiring",
    "roadmap",
    "formation",
    "carrière",
    "mentor",
    "network",
];

/// Writes a vault of `notes` notes into `dir`.
pub fn generate(dir: &Path, notes: usize, seed: u64) -> io::Result<()> {
    let mut rng = fastrand::Rng::with_seed(seed);
    for folder in ["Interviews", "People", "Companies", "Notes", ".obsidian"] {
        fs::create_dir_all(dir.join(folder))?;
    }
    let people_count = (notes / 4).max(1);
    let people: Vec<String> = (0..people_count)
        .map(|i| {
            format!(
                "{} {} {}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len()) % LAST.len()],
                i / (FIRST.len() * LAST.len())
            )
        })
        .map(|n| n.trim_end_matches(" 0").to_owned())
        .collect();
    let companies = (notes / 20).max(1);
    let mut written = 0;
    for (i, name) in people.iter().enumerate() {
        if written == notes {
            return Ok(());
        }
        write_note(
            dir,
            &format!("People/{name}.md"),
            &person(&mut rng, &people, i),
            &mut rng,
        )?;
        written += 1;
    }
    for i in 0..companies.min(notes - written) {
        let name = company_name(i);
        let text = format!(
            "---\ntarget: {}\nindustry: {}\nwebsite: https://example.com/{i}\n---\n# {name}\n\n{}\n",
            rng.bool(),
            WORDS[i % WORDS.len()],
            paragraph(&mut rng, 40)
        );
        write_note(dir, &format!("Companies/{name}.md"), &text, &mut rng)?;
        written += 1;
    }
    if written < notes {
        // Half the questions the interviews ask, and one never asked: the
        // Questions page quotes the answers under the bank's headings.
        let mut bank = String::from("# Question bank\n\n");
        for question in QUESTIONS.iter().step_by(2) {
            let _ = writeln!(bank, "- {question}");
        }
        bank.push_str("- What surprised you most?\n");
        write_note(dir, "Question bank.md", &bank, &mut rng)?;
        written += 1;
    }
    let others = (notes - written) / 8;
    for i in 0..others {
        write_note(
            dir,
            &format!("Notes/Note {i}.md"),
            &format!("# Note {i}\n\n{}\n", paragraph(&mut rng, 150)),
            &mut rng,
        )?;
        written += 1;
    }
    let mut i = 0;
    while written < notes {
        let contact = &people[rng.usize(..people.len())];
        let day = 730 - rng.i64(0..760);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
            - chrono::Duration::days(day);
        let path = format!("Interviews/{date} {contact} {i}.md");
        write_note(
            dir,
            &path,
            &interview(&mut rng, &people, contact, date),
            &mut rng,
        )?;
        written += 1;
        i += 1;
    }
    Ok(())
}

fn company_name(i: usize) -> String {
    let base = COMPANIES[i % COMPANIES.len()];
    match i / COMPANIES.len() {
        0 => base.to_owned(),
        n => format!("{base} {n}"),
    }
}

/// Writes a note; one in twenty file names in NFD, one in thirty files CRLF.
fn write_note(dir: &Path, rel: &str, text: &str, rng: &mut fastrand::Rng) -> io::Result<()> {
    let rel: String = if rng.usize(..20) == 0 {
        rel.nfd().collect()
    } else {
        rel.to_owned()
    };
    let text = if rng.usize(..30) == 0 {
        text.replace('\n', "\r\n")
    } else {
        text.to_owned()
    };
    fs::write(dir.join(rel), text)
}

fn paragraph(rng: &mut fastrand::Rng, words: usize) -> String {
    let mut out = String::new();
    for w in 0..words {
        if w > 0 {
            out.push(if w % 14 == 0 { '\n' } else { ' ' });
        }
        out.push_str(WORDS[rng.usize(..WORDS.len())]);
    }
    out
}

fn person(rng: &mut fastrand::Rng, people: &[String], i: usize) -> String {
    let status = [
        "to-contact",
        "contacted",
        "scheduled",
        "met",
        "met",
        "met",
        "declined",
    ][rng.usize(..7)];
    let mut text = format!(
        "---\naliases: [\"{}\"]\ncompany: \"[[{}]]\"\nrole: {}\nemail: p{i}@example.com\nstatus: {status}\nmay_mention: {}\ncadence_days: {}\n",
        people[i].split(' ').next().unwrap_or_default().to_owned() + &format!(" {i}"),
        company_name(rng.usize(..14)),
        WORDS[rng.usize(..WORDS.len())],
        rng.bool(),
        [21, 28, 35][rng.usize(..3)],
    );
    if rng.bool() {
        let _ = writeln!(
            text,
            "referred_by: \"[[{}]]\"",
            people[rng.usize(..people.len())]
        );
    }
    text.push_str("touches:\n");
    for t in 0..rng.usize(0..5) {
        let _ = writeln!(
            text,
            "  - {{date: 2026-{:02}-{:02}, dir: {}, channel: email}}",
            1 + (t * 2 + i) % 11,
            1 + rng.usize(..28),
            if rng.bool() { "out" } else { "in" }
        );
    }
    text.push_str("---\n");
    let _ = write!(
        text,
        "# Notes\n\n{}\n\n- [ ] send them news 📅 2026-12-{:02}\n",
        paragraph(rng, 60),
        1 + rng.usize(..28)
    );
    text
}

fn interview(
    rng: &mut fastrand::Rng,
    people: &[String],
    contact: &str,
    date: chrono::NaiveDate,
) -> String {
    let company = company_name(rng.usize(..14));
    let referrer = &people[rng.usize(..people.len())];
    let mut text = format!(
        "---\ncontact: \"[[{contact}]]\"\ndate: {date}T{:02}:30\ncompany: \"[[{company}]]\"\nrole: {}\nchannel: {}\nduration: {}\nreferred_by: \"[[{referrer}]]\"\ntopic: {} and {}\n",
        9 + rng.usize(..9),
        WORDS[rng.usize(..WORDS.len())],
        ["coffee", "phone", "video", "lunch"][rng.usize(..4)],
        20 + rng.usize(..70),
        WORDS[rng.usize(..WORDS.len())],
        WORDS[rng.usize(..WORDS.len())],
    );
    text.push_str("questions:\n");
    for q in 0..rng.usize(1..5) {
        let _ = writeln!(
            text,
            "  - {}",
            QUESTIONS[(q + rng.usize(..6)) % QUESTIONS.len()]
        );
    }
    text.push_str("referrals:\n");
    for _ in 0..rng.usize(0..3) {
        let _ = writeln!(
            text,
            "  - name: \"[[{}]]\"\n    company: {}\n    note: {}",
            people[rng.usize(..people.len())],
            company_name(rng.usize(..14)),
            WORDS[rng.usize(..WORDS.len())]
        );
    }
    if rng.bool() {
        let _ = writeln!(text, "thank_you_sent: {}", date + chrono::Duration::days(1));
    }
    if rng.usize(..5) == 0 {
        let _ = writeln!(
            text,
            "they_follow_up_by: {}\nopening: junior {}\nopening_expected: {}",
            date + chrono::Duration::days(10),
            WORDS[rng.usize(..WORDS.len())],
            date + chrono::Duration::days(30)
        );
    }
    text.push_str("tags: [interview]\n---\n");
    let sections = rng.usize(2..7);
    for s in 0..sections {
        let heading = QUESTIONS[(s + rng.usize(..6)) % QUESTIONS.len()];
        let words = 40 + rng.usize(..120);
        let _ = write!(text, "\n## {heading}\n\n{}\n", paragraph(rng, words));
        if rng.usize(..3) == 0 {
            let _ = writeln!(
                text,
                "\nSee [[{}]] and [[{company}]].",
                people[rng.usize(..people.len())]
            );
        }
    }
    let _ = write!(
        text,
        "\n- [ ] follow up on the {} [due:: 2026-12-{:02}]\n- [x] thank them\n",
        WORDS[rng.usize(..WORDS.len())],
        1 + rng.usize(..28)
    );
    text
}
