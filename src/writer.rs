//! Writer stage: the only code that writes into the vault.
//!
//! It writes only inside the output folder, only files that carry the
//! suivi marker (or do not exist yet), only when the bytes change, and always
//! atomically: a temporary file in the same folder, flushed to disk, then
//! renamed over the page, so a crash or a full disk leaves the previous page
//! whole. It never writes through a symbolic link.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use thiserror::Error;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::cache::Stamp;
use crate::pages::{MARKER, Page};

/// Suffix of the writer's temporary files; leftovers of a crash are removed
/// at the next start. They are hidden files, which the scan never reads.
const TEMP_SUFFIX: &str = ".suivi-tmp";

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{path}: is a symbolic link; suivi never writes through one")]
    Symlink { path: PathBuf },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What the file at a page's path is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Absent,
    /// A page suivi wrote.
    Ours,
    /// A user's file: never touched.
    Foreign,
    /// A symbolic link: never followed.
    Symlink,
}

/// How much of a file tells whether it is a page: the marker is in the
/// first lines of its front-matter.
const HEAD: u64 = 200;
/// How much of a page is read at a time: the pages of a large vault are
/// tens of megabytes, never held twice in memory.
const CHUNK: usize = 64 * 1024;

/// Looks at a page's path without following links, reading only its head.
pub fn existing(path: &Path) -> Result<Existing, WriteError> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Existing::Absent),
        Err(e) => Err(io_error(path)(e)),
        Ok(meta) if meta.file_type().is_symlink() => Ok(Existing::Symlink),
        Ok(meta) if !meta.is_file() => Ok(Existing::Foreign),
        Ok(_) => {
            let mut head = Vec::new();
            (fs::File::open(path).and_then(|file| file.take(HEAD).read_to_end(&mut head)))
                .map_err(io_error(path))?;
            Ok(if is_ours(&head) {
                Existing::Ours
            } else {
                Existing::Foreign
            })
        }
    }
}

/// Hands the file's bytes to `each`, a chunk at a time, until it returns
/// false. Returns whether every chunk was handed.
pub fn read_chunks(path: &Path, mut each: impl FnMut(&[u8]) -> bool) -> io::Result<bool> {
    let mut file = fs::File::open(path)?;
    let mut buffer = vec![0; CHUNK];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Ok(true),
            Ok(read) if !each(&buffer[..read]) => return Ok(false),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Hashes a page's bytes with XXH3, whose output is fixed by its
/// specification and which hashes a page of megabytes in a fraction of a
/// millisecond; a watcher hashes the pages it writes at every pass.
pub fn page_hash(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// The hash of the page at `path`, read a chunk at a time: the hasher
/// gives the same hash for bytes written in pieces as written whole.
pub fn file_hash(path: &Path) -> Option<u64> {
    let mut hasher = Xxh3::new();
    read_chunks(path, |chunk| {
        hasher.update(chunk);
        true
    })
    .ok()?;
    Some(hasher.digest())
}

/// A page as a pass left it on disk: enough to tell at the next pass, most
/// often without reading it, that the file still holds those bytes.
#[derive(Debug, Clone, Copy)]
pub struct LeftPage {
    stamp: Stamp,
    /// The file had not changed for a while when stamped: any later change
    /// gives it another stamp, whatever the file system's clock resolution.
    settled: bool,
    hash: u64,
}

impl LeftPage {
    /// The page at `path`, just written with, or found to hold, `bytes`.
    pub fn of(path: &Path, bytes: &[u8]) -> Option<LeftPage> {
        let stamp = Stamp::of(path)?;
        Some(LeftPage {
            stamp,
            settled: stamp.settled(SystemTime::now()),
            hash: page_hash(bytes),
        })
    }

    /// True when the file at `path` still holds the bytes it was left with:
    /// told by its version alone when that had settled, else by its bytes.
    /// Bytes found the same once the version has settled settle the page:
    /// any change from then on gives the file another version.
    pub fn still_there(&mut self, path: &Path) -> bool {
        let now = SystemTime::now();
        if Stamp::of(path) != Some(self.stamp) {
            return false;
        }
        if self.settled {
            return true;
        }
        let same = file_hash(path) == Some(self.hash);
        self.settled = same && self.stamp.settled(now);
        same
    }
}

/// True when the file holds exactly `expected`.
fn holds(path: &Path, expected: &[u8]) -> io::Result<bool> {
    if fs::metadata(path)?.len() != expected.len() as u64 {
        return Ok(false);
    }
    let mut rest = expected;
    let same = read_chunks(path, |chunk| match rest.strip_prefix(chunk) {
        Some(after) => {
            rest = after;
            true
        }
        None => false,
    })?;
    Ok(same && rest.is_empty())
}

/// A page carries the marker in the first lines of its front-matter.
fn is_ours(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(head);
    head.starts_with("---\n")
        && head
            .lines()
            .skip(1)
            .take_while(|l| *l != "---")
            .any(|l| l == MARKER)
}

/// Checks that the output folder and every folder above it inside the vault
/// are real folders, not links. Returns its path; it may not exist yet.
pub fn output_dir(vault: &Path, output: &str) -> Result<PathBuf, WriteError> {
    let mut dir = vault.to_path_buf();
    for part in output.split('/') {
        dir.push(part);
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(WriteError::Symlink { path: dir });
            }
            _ => {}
        }
    }
    Ok(dir)
}

/// Creates the output folder if needed and removes temporary files left by
/// an interrupted write.
pub fn prepare(dir: &Path) -> Result<(), WriteError> {
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    for entry in fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.')
            && name.ends_with(TEMP_SUFFIX)
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            fs::remove_file(entry.path()).map_err(io_error(&entry.path()))?;
        }
    }
    Ok(())
}

/// What happened to one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Written,
    Unchanged,
}

/// Writes a page if its bytes differ from what is there. The caller has
/// checked ownership; this checks again right before writing, so a user's
/// file created in between is still never replaced.
pub fn write_page(dir: &Path, page: &Page) -> Result<Written, WriteError> {
    let path = dir.join(&page.file_name);
    match existing(&path)? {
        Existing::Ours => {
            if holds(&path, page.content.as_bytes()).map_err(io_error(&path))? {
                return Ok(Written::Unchanged);
            }
        }
        Existing::Absent => {}
        Existing::Symlink => return Err(WriteError::Symlink { path }),
        Existing::Foreign => {
            return Err(WriteError::Io {
                path,
                source: io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "a file that is not a suivi page",
                ),
            });
        }
    }
    let temp = dir.join(format!(".{}{TEMP_SUFFIX}", page.file_name));
    let bytes = page.content.as_bytes();
    replace_whole(&path, &temp, |file| {
        file.write_all(bytes)?;
        file.sync_all()
    })
    // Errors name the page, not the temporary file the user never sees.
    .map_err(io_error(&path))?;
    sync_dir(dir);
    Ok(Written::Written)
}

/// Replaces the file at `path` whole: `fill` writes a new file at `temp`
/// (beside it), which is then renamed over it. On any failure the
/// temporary file is removed and `path` is left as it was.
pub fn replace_whole(
    path: &Path,
    temp: &Path,
    fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    let result = write_new(temp, fill).and_then(|()| fs::rename(temp, path));
    if result.is_err() {
        let _ = fs::remove_file(temp);
    }
    result
}

fn write_new(temp: &Path, fill: impl FnOnce(&mut fs::File) -> io::Result<()>) -> io::Result<()> {
    // A leftover of a crash is ours to replace: only suivi uses this name.
    match fs::remove_file(temp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)?;
    fill(&mut file)
}

/// Makes the rename itself durable where the platform allows it; a failure
/// here loses nothing (the page is already whole), so it is not an error.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::pages::PageKind;

    fn page(content: &str) -> Page {
        Page {
            kind: PageKind::FollowUps,
            file_name: "P.md".into(),
            content: content.into(),
            items: Vec::new(),
        }
    }

    const OURS: &str = "---\ngenerated_by: suivi\nas_of: 2026-11-20\n---\nhello\n";

    /// Writes `first` twice, then `changed`: written, left alone, written
    /// again, and the page then holds `changed`.
    fn assert_writes_only_changes(dir: &Path, first: &str, changed: &str) {
        assert_eq!(write_page(dir, &page(first)).unwrap(), Written::Written);
        assert_eq!(write_page(dir, &page(first)).unwrap(), Written::Unchanged);
        assert_eq!(write_page(dir, &page(changed)).unwrap(), Written::Written);
        assert_eq!(fs::read_to_string(dir.join("P.md")).unwrap(), changed);
    }

    #[test]
    fn writes_then_leaves_equal_bytes_alone() {
        let dir = tempfile::tempdir().unwrap();
        assert_writes_only_changes(dir.path(), OURS, &OURS.replace("hello", "bye"));
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["P.md"]);
    }

    #[test]
    fn a_change_at_the_end_of_a_long_page_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let long = format!("{OURS}{}", "a line of the page\n".repeat(20_000));
        // As long as the page: only the bytes tell them apart.
        let changed = format!("{}!\n", &long[..long.len() - 2]);
        assert_writes_only_changes(dir.path(), &long, &changed);
    }

    #[test]
    fn never_replaces_a_users_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("P.md"), "my own notes").unwrap();
        assert!(write_page(dir.path(), &page(OURS)).is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join("P.md")).unwrap(),
            "my own notes"
        );
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("target.md");
        fs::write(&target, OURS).unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("P.md")).unwrap();
        assert!(matches!(
            write_page(dir.path(), &page("---\ngenerated_by: suivi\n---\nx")),
            Err(WriteError::Symlink { .. })
        ));
        assert_eq!(fs::read_to_string(&target).unwrap(), OURS);
        std::os::unix::fs::symlink(outside.path(), dir.path().join("Out")).unwrap();
        assert!(output_dir(dir.path(), "Out").is_err());
    }

    #[test]
    fn leftover_temporaries_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".P.md.suivi-tmp"), "half").unwrap();
        fs::write(dir.path().join(".keep"), "user").unwrap();
        prepare(dir.path()).unwrap();
        assert!(!dir.path().join(".P.md.suivi-tmp").exists());
        assert!(dir.path().join(".keep").exists());
    }

    #[test]
    fn a_page_read_in_chunks_hashes_as_it_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("P.md");
        // Several chunks, the last one partial, none aligned on the hasher's words.
        let page: Vec<u8> = (0..200_003u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &page).unwrap();
        assert_eq!(file_hash(&path), Some(page_hash(&page)));
        fs::write(&path, &page[1..]).unwrap();
        assert_ne!(file_hash(&path), Some(page_hash(&page)));
    }

    #[test]
    fn a_page_left_settles_once_found_whole_after_its_version_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("P.md");
        fs::write(&path, OURS).unwrap();
        let mut left = LeftPage::of(&path, OURS.as_bytes()).unwrap();
        assert!(!left.settled);
        assert!(left.still_there(&path));
        assert!(!left.settled, "just written: its version cannot tell yet");

        std::thread::sleep(crate::cache::SETTLE + Duration::from_millis(100));
        assert!(left.still_there(&path));
        assert!(left.settled);

        fs::write(&path, OURS.replace("hello", "hellO")).unwrap();
        assert!(!left.still_there(&path));
    }
}
