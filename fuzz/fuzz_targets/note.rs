//! Any bytes as a note, through the whole pipeline but the disk: parse,
//! index, rules and pages must never panic.
#![no_main]

use std::ops::Range;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use suivi::clock::Clock;
use suivi::config::Config;
use suivi::pages::{self, Context, LastPage, QuoteSource};
use suivi::rules;

const PATH: &str = "Interviews/fuzz.md";

/// The note's bytes, which the Questions page quotes from.
struct Note<'a>(&'a [u8]);

impl QuoteSource for Note<'_> {
    fn note_bytes(&self, note: &str, span: &Range<usize>) -> Option<Vec<u8>> {
        if note != PATH {
            return None;
        }
        self.0.get(span.clone()).map(<[u8]>::to_vec)
    }

    fn last_page(&self, _: &Path) -> Option<Box<dyn LastPage + '_>> {
        None
    }
}

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    let note = suivi::note::parse_note(PATH, data, &config);
    let index = suivi::index::build([&note], config.lang);
    let clock = Clock::on(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default());
    let actions = rules::actions(&index, &config.rules, clock);
    let quotes = Note(data);
    let ctx = Context::new(&quotes, &index, &actions, &config, clock);
    let _ = pages::render(&ctx, &[], pages::PageSet::ALL);
});
