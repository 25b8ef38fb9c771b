//! Any bytes as a note, through the whole pipeline but the disk: parse,
//! index, rules and pages must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use suivi::config::Config;
use suivi::pages::{self, Context};
use suivi::rules::{self, Clock};

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    let note = suivi::note::parse_note("Interviews/fuzz.md", data, &config);
    let index = suivi::index::build([&note], config.lang);
    let clock = Clock::on(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default());
    let actions = rules::actions(&index, &config.rules, clock);
    let ctx = Context::new(std::path::Path::new("."), &index, &actions, &config, clock);
    let _ = pages::render(&ctx, &[], pages::PageSet::ALL);
});
