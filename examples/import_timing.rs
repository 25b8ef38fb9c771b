//! Times the reading side of `suivi import` on a generated vault:
//! `cargo run --release --example import_timing -- --notes 10000 --connections 5000`.
//!
//! Writes the vault and a `LinkedIn` `Connections.csv` into a temporary
//! folder: a fifth of the connections are people of the vault by name, a
//! tenth by e-mail, a tenth their initial and last name (to review), the
//! others new people at the vault's companies, so the close-name check
//! meets full companies. `--keep DIR` leaves both in DIR, to time the binary:
//! `suivi import DIR/Connections.csv --vault DIR/vault`.

mod support {
    pub mod generator;
}

use std::fmt::Write as _;
use std::time::Instant;

use clap::Parser;
use suivi::config::Config;
use suivi::import::{known_people, plan, read};
use suivi::pipeline::read_vault;

#[derive(Parser)]
struct Args {
    /// Notes of the generated vault (a quarter are person notes).
    #[arg(long, default_value_t = 10_000)]
    notes: usize,
    /// `LinkedIn` connections to import.
    #[arg(long, default_value_t = 5_000)]
    connections: usize,
    /// Write the vault (DIR/vault) and the file (DIR/Connections.csv) here
    /// and keep them, to time the binary on them.
    #[arg(long, value_name = "DIR")]
    keep: Option<std::path::PathBuf>,
}

const FIRST: &[&str] = &["Ana", "Bruno", "Célia", "Dario", "Eun-ji", "Fatou", "Gaël"];
const LAST: &[&str] = &["Abadie", "Brun", "Costa", "Diallo", "Évrard", "Fujita"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let dir = tempfile::tempdir()?;
    let base = args.keep.clone().unwrap_or_else(|| dir.path().to_owned());
    let vault = base.join("vault");
    support::generator::generate(&vault, args.notes, 1)?;
    let config = Config::default();

    let started = Instant::now();
    let notes = read_vault(&vault, &config).notes;
    let known = known_people(&notes);
    let read_vault_time = started.elapsed();

    let mut csv = String::from(
        "Notes:\n\"Some e-mail addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    for i in 0..args.connections {
        let person = &known[i % known.len()];
        let company = person.company.as_deref().unwrap_or("Acme");
        let (first, last, email) = match i % 10 {
            0 | 1 => {
                let (first, last) = person.name.split_once(' ').unwrap_or((&person.name, ""));
                (first.to_owned(), last.to_owned(), String::new())
            }
            2 => (
                "Someone".to_owned(),
                format!("Else {i}"),
                format!("p{i}@example.com"),
            ),
            // "P. Martin 12" for "Paul Martin 12": a close name to review.
            3 => {
                let (first, last) = person.name.split_once(' ').unwrap_or((&person.name, ""));
                let initial: String = first.chars().take(1).collect();
                (format!("{initial}."), last.to_owned(), String::new())
            }
            _ => (
                FIRST[i % FIRST.len()].to_owned(),
                format!("{} {i}", LAST[i % LAST.len()]),
                String::new(),
            ),
        };
        let _ = writeln!(
            csv,
            "{first},{last},https://www.linkedin.com/in/c{i},{email},\"{company}\",Engineer,01 Feb 2024"
        );
    }
    let file = base.join("Connections.csv");
    std::fs::write(&file, csv)?;

    let started = Instant::now();
    let contacts = read(&file)?.contacts;
    let read_time = started.elapsed();
    let started = Instant::now();
    let planned = plan(&contacts, &known);
    let plan_time = started.elapsed();

    println!(
        "vault of {} notes, {} known people: read and indexed in {:.0} ms",
        notes.len(),
        known.len(),
        read_vault_time.as_secs_f64() * 1e3
    );
    println!(
        "{} connections: read in {:.0} ms, planned in {:.0} ms ({} to create, {} known, {} fills, {} to review)",
        contacts.len(),
        read_time.as_secs_f64() * 1e3,
        plan_time.as_secs_f64() * 1e3,
        planned.create.len(),
        planned.skipped.len(),
        planned.fill.len(),
        planned.review.len()
    );
    Ok(())
}
