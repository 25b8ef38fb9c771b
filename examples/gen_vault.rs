//! Writes a synthetic vault for benchmarks:
//! `cargo run --release --example gen_vault -- DIR --notes N --seed S`.

mod support {
    pub mod generator;
}

use std::path::PathBuf;

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Folder to write the vault into (created; should be empty).
    dir: PathBuf,
    /// How many notes.
    #[arg(long, default_value_t = 10_000)]
    notes: usize,
    /// Seed of the generator: the same seed writes the same vault.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    support::generator::generate(&args.dir, args.notes, args.seed)?;
    println!("{} notes written to {}", args.notes, args.dir.display());
    Ok(())
}
