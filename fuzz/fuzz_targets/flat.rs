//! Any text as a front-matter: whatever the fast reader accepts, it must
//! read exactly as the YAML parser does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use suivi::frontmatter::{flat, parse_yaml};

fuzz_target!(|yaml: &str| {
    if let Some(fast) = flat::parse(yaml, 2) {
        assert_eq!(Ok(fast), parse_yaml(yaml, 2), "{yaml:?}");
    }
});
