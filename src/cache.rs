//! Parsed notes kept between runs, so that a pass over an unchanged vault
//! reads file sizes and times instead of parsing every note again.
//!
//! The cache can only save work, never change a result: a note is taken
//! from it only when its file has the same size, modification time, change
//! time and inode as when it was parsed, with the same configuration and
//! the same suivi binary. A file changed less than [`crate::stamp::SETTLE`] before it was
//! looked at is never cached, so a write landing within the file system's
//! clock resolution is not missed. A cache that is missing, unreadable,
//! corrupt or from another binary is ignored whole, and rewritten.

use std::io;
use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::Config;
use crate::note::{BankKeys, Note};
use crate::stamp::Stamp;
use crate::state_file::{with_state, write_state};
use crate::vault::Found;

/// What this file keeps.
const NOTES: &str = "notes";

/// The notes of the last run, sorted by path.
#[derive(Default)]
pub struct Cache {
    notes: Vec<(Stamp, Note)>,
}

/// How many notes the notes file holds in one chunk: its chunks are
/// decoded on every core.
const NOTES_PER_CHUNK: usize = 512;

impl Cache {
    /// The cache of this vault, or an empty one when there is none to
    /// trust, or when its notes kept the answers to other questions.
    pub fn load(root: &Path, config: &Config, bank: &BankKeys) -> Cache {
        let mut notes = with_state(root, NOTES, config, |contents| {
            notes_kept_for(contents, bank)
        })
        .unwrap_or_default();
        // Saved in path order: this only checks it.
        notes.sort_by(|(_, a), (_, b)| a.path.cmp(&b.path));
        Cache { notes }
    }

    /// For each of `found` (sorted by path, with their file versions), the
    /// note parsed from that very version of its file, if kept. The notes
    /// are handed over, not copied: the cache is of no use after a read.
    pub fn take(self, found: &[Found], stamps: &[Option<Stamp>]) -> Vec<Option<Note>> {
        let mut kept = self.notes.into_iter().peekable();
        (found.iter().zip(stamps))
            .map(|(found, stamp)| {
                while kept.next_if(|(_, note)| *note.path < *found.rel).is_some() {}
                kept.next_if(|(kept, note)| *note.path == *found.rel && Some(*kept) == *stamp)
                    .map(|(_, note)| note)
            })
            .collect()
    }

    /// How many notes it holds.
    pub fn kept(&self) -> usize {
        self.notes.len()
    }
}

/// Keeps the parse of every settled note for the next run. Failing to is
/// not an error (a read-only vault, a full disk): the next run parses.
pub fn save<'a>(
    root: &Path,
    config: &Config,
    bank: &BankKeys,
    notes: impl IntoIterator<Item = (Stamp, &'a Note)>,
) {
    let now = SystemTime::now();
    let notes: Vec<(Stamp, &Note)> = notes
        .into_iter()
        .filter(|(stamp, _)| stamp.settled(now))
        .collect();
    if let Err(error) = save_notes(root, config, bank, &notes) {
        tracing::debug!("the notes cache was not saved: {error}");
    }
}

/// Writes the notes file: the questions the notes kept the answers to,
/// then the notes, a chunk at a time, each chunk behind its length.
fn save_notes(
    root: &Path,
    config: &Config,
    bank: &BankKeys,
    notes: &[(Stamp, &Note)],
) -> io::Result<()> {
    write_state(root, NOTES, config, |out| {
        postcard::to_io(bank, &mut *out).map_err(io::Error::other)?;
        for chunk in notes.chunks(NOTES_PER_CHUNK) {
            let bytes = postcard::to_stdvec(chunk).map_err(io::Error::other)?;
            let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
            out.write_all(&len.to_le_bytes())?;
            out.write_all(&bytes)?;
        }
        Ok(())
    })
}

/// The notes of a notes file's contents, if they kept the answers to the
/// questions of `bank`, their chunks decoded on every core.
fn notes_kept_for(contents: &[u8], bank: &BankKeys) -> Option<Vec<(Stamp, Note)>> {
    let (kept_for, mut rest) = postcard::take_from_bytes::<BankKeys>(contents).ok()?;
    if kept_for != *bank {
        return None;
    }
    let mut chunks = Vec::new();
    while let Some((len, after)) = rest.split_first_chunk::<4>() {
        let (chunk, after) =
            after.split_at_checked(usize::try_from(u32::from_le_bytes(*len)).ok()?)?;
        chunks.push(chunk);
        rest = after;
    }
    if !rest.is_empty() {
        return None;
    }
    let decoded: Option<Vec<Vec<(Stamp, Note)>>> = (chunks.par_iter())
        .map(|chunk| postcard::from_bytes(chunk).ok())
        .collect();
    Some(decoded?.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::note::parse_note;
    use crate::pipeline::{CacheUse, plan, read_vault};
    use crate::state_file::{STATE_DIR, file_name};

    const INTERVIEW: &str = "---\ncontact: \"[[Paul Martin]]\"\ndate: 2026-11-20\n---\n";

    fn vault_with_one_note() -> (tempfile::TempDir, Stamp) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("Interviews")).unwrap();
        let path = dir.path().join("Interviews/a.md");
        fs::write(&path, INTERVIEW).unwrap();
        let stamp = Stamp::of(&path).unwrap();
        (dir, stamp)
    }

    /// Writes a cache holding `note` for the file's current stamp, as if
    /// the note had been parsed so by an earlier run.
    fn forge(root: &Path, config: &Config, stamp: Stamp, note: &Note) {
        save_notes(root, config, &BankKeys::default(), &[(stamp, note)]).unwrap();
    }

    /// The note as if its file had named someone else when it was parsed.
    fn parsed_otherwise(config: &Config) -> Note {
        let other = INTERVIEW.replace("Paul Martin", "Cached Name");
        parse_note("Interviews/a.md", other.as_bytes(), config)
    }

    /// The contact of the vault's one note, as a pass reads it.
    fn contact_read(root: &Path) -> String {
        let notes = read_vault(root, &Config::default()).notes;
        match &notes[0].kind {
            crate::note::Kind::Interview(interview) => interview.contacts[0].name().to_owned(),
            other => panic!("not an interview: {other:?}"),
        }
    }

    #[test]
    fn a_note_comes_from_the_cache_only_for_the_same_file_version() {
        let (dir, stamp) = vault_with_one_note();
        let config = Config::default();
        let cached = parsed_otherwise(&config);
        forge(dir.path(), &config, stamp, &cached);

        assert_eq!(contact_read(dir.path()), "Cached Name");

        let changed = Stamp {
            changed_ns: stamp.changed_ns + 1,
            ..stamp
        };
        forge(dir.path(), &config, changed, &cached);
        assert_eq!(contact_read(dir.path()), "Paul Martin");
    }

    #[test]
    fn a_read_takes_each_note_kept_for_the_same_path_and_version_only() {
        let config = Config::default();
        let note = |path: &str| parse_note(path, INTERVIEW.as_bytes(), &config);
        let stamp = |len| Stamp {
            len,
            modified_ns: 1,
            changed_ns: 1,
            inode: 1,
        };
        let cache = Cache {
            notes: ["a.md", "b.md", "d.md"]
                .map(|path| (stamp(1), note(path)))
                .into(),
        };
        let found = ["a.md", "c.md", "d.md", "e.md"].map(|rel| Found {
            rel: rel.into(),
            abs: rel.into(),
        });
        let now = [Some(stamp(1)), Some(stamp(1)), Some(stamp(2)), None];
        assert_eq!(
            cache.take(&found, &now),
            [Some(note("a.md")), None, None, None]
        );
    }

    #[test]
    fn notes_come_back_whole_and_in_order_across_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default();
        let notes: Vec<Note> = (0..NOTES_PER_CHUNK * 2 + 3)
            .map(|i| {
                parse_note(
                    &format!("Interviews/{i:05}.md"),
                    INTERVIEW.as_bytes(),
                    &config,
                )
            })
            .collect();
        let stamp = Stamp {
            len: 1,
            modified_ns: 1,
            changed_ns: 1,
            inode: 1,
        };
        let kept: Vec<(Stamp, &Note)> = notes.iter().map(|note| (stamp, note)).collect();
        save_notes(dir.path(), &config, &BankKeys::default(), &kept).unwrap();
        let cache = Cache::load(dir.path(), &config, &BankKeys::default());
        assert!(cache.notes.iter().map(|(_, note)| note).eq(&notes));
    }

    #[test]
    fn a_chunk_cut_short_gives_no_notes() {
        let bank = BankKeys::default();
        let mut contents = postcard::to_stdvec(&bank).unwrap();
        contents.extend(100u32.to_le_bytes());
        contents.extend([0; 10]);
        assert_eq!(notes_kept_for(&contents, &bank), None);
    }

    #[test]
    fn without_a_cache_each_version_is_taken_from_the_file_read() {
        let (dir, stamp) = vault_with_one_note();
        let read = read_vault(dir.path(), &Config::default());
        assert_eq!(read.stamps, [Some(stamp)]);
    }

    #[test]
    fn a_cache_of_another_configuration_or_a_corrupt_one_is_ignored() {
        let (dir, stamp) = vault_with_one_note();
        let config = Config::default();
        let cached = parsed_otherwise(&config);
        let french = Config {
            lang: crate::config::Lang::Fr,
            ..Config::default()
        };
        forge(dir.path(), &french, stamp, &cached);
        assert_eq!(
            Cache::load(dir.path(), &config, &BankKeys::default()).kept(),
            0
        );

        forge(dir.path(), &config, stamp, &cached);
        let file = dir.path().join(STATE_DIR).join(file_name(NOTES));
        let bytes = fs::read(&file).unwrap();
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        fs::write(&file, flipped).unwrap();
        assert_eq!(
            Cache::load(dir.path(), &config, &BankKeys::default()).kept(),
            0
        );
        fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        assert_eq!(
            Cache::load(dir.path(), &config, &BankKeys::default()).kept(),
            0
        );
        assert_eq!(contact_read(dir.path()), "Paul Martin");
    }

    #[test]
    fn a_daily_note_comes_back_whole_and_only_for_the_same_daily_notes_settings() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default();
        let daily = parse_note("2026-11-20.md", b"Met [[Paul|P.]].\n", &config);
        assert!(
            matches!(daily.kind, crate::note::Kind::Daily(_)),
            "{daily:?}"
        );
        let stamp = Stamp {
            len: 1,
            modified_ns: 1,
            changed_ns: 1,
            inode: 1,
        };
        save_notes(
            dir.path(),
            &config,
            &BankKeys::default(),
            &[(stamp, &daily)],
        )
        .unwrap();
        let cache = Cache::load(dir.path(), &config, &BankKeys::default());
        assert!(cache.notes.iter().map(|(_, note)| note).eq([&daily]));
        // Where daily notes are decides what a note is.
        for other in ["daily_notes = false\n", "daily_folder = \"Journal\"\n"] {
            let other = Config::parse(other).unwrap();
            let kept = Cache::load(dir.path(), &other, &BankKeys::default()).kept();
            assert_eq!(kept, 0, "{other:?}");
        }
        let obsidian =
            crate::daily::setup(&config.daily_keys(), Some(r#"{"format": "DD-MM-YYYY"}"#));
        let other = Config {
            daily: obsidian,
            ..Config::default()
        };
        assert_eq!(
            Cache::load(dir.path(), &other, &BankKeys::default()).kept(),
            0
        );
    }

    #[test]
    fn a_cache_kept_for_other_questions_is_ignored() {
        let (dir, stamp) = vault_with_one_note();
        let config = Config::default();
        let bank = parse_note("Question bank.md", b"- Who else?\n", &config);
        let asked = BankKeys::of([&bank]);
        assert_ne!(asked, BankKeys::default());
        let note = parse_note("Interviews/a.md", INTERVIEW.as_bytes(), &config);
        save_notes(dir.path(), &config, &asked, &[(stamp, &note)]).unwrap();
        assert_eq!(
            Cache::load(dir.path(), &config, &BankKeys::default()).kept(),
            0
        );
        assert_eq!(Cache::load(dir.path(), &config, &asked).kept(), 1);
    }

    #[test]
    fn only_settled_files_are_kept() {
        let (dir, stamp) = vault_with_one_note();
        let config = Config::default();
        let note = parse_note("Interviews/a.md", INTERVIEW.as_bytes(), &config);
        save(dir.path(), &config, &BankKeys::default(), [(stamp, &note)]);
        assert_eq!(
            Cache::load(dir.path(), &config, &BankKeys::default()).kept(),
            0
        );

        let old = Stamp {
            modified_ns: stamp.modified_ns - 10_000_000_000,
            changed_ns: stamp.changed_ns - 10_000_000_000,
            ..stamp
        };
        save(dir.path(), &config, &BankKeys::default(), [(old, &note)]);
        let found = [Found {
            rel: "Interviews/a.md".into(),
            abs: dir.path().join("Interviews/a.md"),
        }];
        let load = || Cache::load(dir.path(), &config, &BankKeys::default());
        assert_eq!(load().take(&found, &[Some(old)]), [Some(note)]);
        assert_eq!(load().take(&found, &[Some(stamp)]), [None]);
    }

    #[test]
    fn a_read_only_pass_writes_no_cache() {
        let (dir, _) = vault_with_one_note();
        let clock = crate::clock::Clock::on(chrono::NaiveDate::default());
        plan(dir.path(), &Config::default(), clock, CacheUse::ReadOnly);
        assert!(!dir.path().join(STATE_DIR).exists());
        plan(dir.path(), &Config::default(), clock, CacheUse::Update);
        assert!(dir.path().join(STATE_DIR).join(file_name(NOTES)).exists());
    }
}
