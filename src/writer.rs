//! Writer stage: the only code that writes into the output folder.
//!
//! It writes only inside the output folder, only files that carry the
//! suivi marker (or do not exist yet), only when the bytes change, and always
//! atomically: a temporary file in the same folder, flushed to disk, then
//! renamed over the page, so a crash or a full disk leaves the previous page
//! whole. It never writes through a symbolic link.

use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::atomic::create_temp;
use crate::i18n::words;
use crate::lang::Lang;
use crate::pages::{MARKER, MARKER_COMMENT, Sink};
use crate::stamp::Stamp;

/// Suffix of the writer's temporary files; leftovers of a crash are removed
/// at the next start. They are hidden files, which the scan never reads.
const TEMP_SUFFIX: &str = ".suivi-tmp";

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{}", self.message(Lang::En))]
    Symlink { path: PathBuf },
    #[error("{}", self.message(Lang::En))]
    ChangedMeanwhile { path: PathBuf },
    #[error("{}", self.message(Lang::En))]
    Io { path: PathBuf, source: io::Error },
}

impl WriteError {
    /// Why the page was not written, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let said = &words(lang).errors;
        match self {
            WriteError::Symlink { path } => (said.page_symlink)(&path.display().to_string()),
            WriteError::ChangedMeanwhile { path } => {
                (said.page_changed_meanwhile)(&path.display().to_string())
            }
            WriteError::Io { path, source } => format!("{}: {source}", path.display()),
        }
    }
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
            Ok(if is_ours(path, &head) {
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

/// A page carries the marker in the first lines of its front-matter; the
/// calendar in a property line of its own; a YAML file (the People base),
/// which has neither, as its first line, a comment.
fn is_ours(path: &Path, head: &[u8]) -> bool {
    if path.extension().is_some_and(|ext| ext == "ics") {
        return crate::remind::ics::carries_marker(head);
    }
    let head = String::from_utf8_lossy(head);
    if path.extension().is_some_and(|ext| ext == "base") {
        return head.lines().next() == Some(MARKER_COMMENT);
    }
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

/// The output folder as the writer finds it before a pass: where the
/// pages go, and which of their paths it may not write. Looked at while
/// the vault is read, so that planning, which reports those paths as
/// issues and leaves their pages out, reads nothing itself.
#[derive(Debug, Clone)]
pub struct OutputFolder {
    /// Where the pages go, or why they cannot go there.
    pub dir: Result<PathBuf, String>,
    /// The pages, by file name, whose path holds what the writer never
    /// replaces. A path that cannot be looked at is not among them: the
    /// write tells its error.
    pub blocked: Vec<(String, Blocked)>,
}

/// What holds a page's path that the writer never replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    /// A user's file (or folder).
    Foreign,
    /// A symbolic link.
    Symlink,
}

impl OutputFolder {
    /// The output folder `output` of the vault at `root`, and the path of
    /// each page of `file_names` in it; why it cannot be written, said in
    /// `lang`.
    pub fn look(
        root: &Path,
        output: &str,
        file_names: impl IntoIterator<Item = String>,
        lang: Lang,
    ) -> OutputFolder {
        let dir = output_dir(root, output).map_err(|e| e.message(lang));
        let blocked = match &dir {
            Ok(dir) => (file_names.into_iter())
                .filter_map(|name| match existing(&dir.join(&name)) {
                    Ok(Existing::Foreign) => Some((name, Blocked::Foreign)),
                    Ok(Existing::Symlink) => Some((name, Blocked::Symlink)),
                    Ok(Existing::Absent | Existing::Ours) | Err(_) => None,
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        OutputFolder { dir, blocked }
    }
}

/// Creates the output folder if needed and removes temporary files left by
/// an interrupted write. Only the output folder itself is ever created: a
/// vault folder removed while a pass runs, or a folder above the output
/// folder that is missing, is an error, never made anew.
pub fn prepare(dir: &Path) -> Result<(), WriteError> {
    match fs::create_dir(dir) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(io_error(dir)(e)),
        _ => {}
    }
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

/// A page written as it renders, never held whole: its bytes are compared
/// with the page on disk as they come, and only from the first difference
/// on written, into a temporary file beside it that replaces the page once
/// whole and flushed to disk. A page whose bytes are all the same is left
/// as it is.
pub struct PageFile {
    dir: PathBuf,
    path: PathBuf,
    temp: PathBuf,
    /// The version of the page found when it was opened: one found
    /// otherwise when it is to be replaced was changed meanwhile (a tick
    /// saved from Obsidian), and is kept.
    found: Option<Stamp>,
    hasher: Xxh3,
    taken: usize,
    state: State,
}

enum State {
    /// Every byte so far is the page's on disk.
    Same(BufReader<fs::File>),
    /// From the first difference on: the new page, beside the old one.
    Differs(BufWriter<fs::File>),
    /// The first error met; what follows is not written.
    Failed(io::Error),
}

/// What writing one page did.
#[derive(Debug)]
pub struct Finished {
    pub written: Written,
    /// The page's bytes' [`page_hash`].
    pub hash: u64,
}

impl PageFile {
    /// Starts the page `file_name` of the output folder `dir`. The caller
    /// has checked ownership; this checks again, and again right before
    /// the page is replaced, so a user's file put there in between is
    /// never replaced.
    /// With `seen`, the page is written only if its file still has that
    /// version (none: no file), the one its ticks were read from.
    pub fn open(
        dir: &Path,
        file_name: &str,
        seen: Option<Option<Stamp>>,
    ) -> Result<PageFile, WriteError> {
        let path = dir.join(file_name);
        let temp = dir.join(format!(".{file_name}{TEMP_SUFFIX}"));
        let found = Stamp::of(&path);
        if seen.is_some_and(|seen| seen != found) {
            return Err(WriteError::ChangedMeanwhile { path });
        }
        let state = if writable(&path)? {
            State::Same(BufReader::with_capacity(
                CHUNK,
                fs::File::open(&path).map_err(io_error(&path))?,
            ))
        } else {
            State::Differs(BufWriter::with_capacity(
                CHUNK,
                create_temp(&temp).map_err(io_error(&path))?,
            ))
        };
        Ok(PageFile {
            dir: dir.to_path_buf(),
            path,
            temp,
            found,
            hasher: Xxh3::new(),
            taken: 0,
            state,
        })
    }

    /// Takes the next bytes of the page.
    fn take(&mut self, bytes: &[u8]) {
        let state = std::mem::replace(&mut self.state, State::Failed(interrupted()));
        self.state = self.step(state, bytes).unwrap_or_else(State::Failed);
    }

    fn step(&self, state: State, bytes: &[u8]) -> io::Result<State> {
        Ok(match state {
            State::Same(mut old) => {
                if next_bytes_are(&mut old, bytes)? {
                    State::Same(old)
                } else {
                    let mut new = self.copy_same(old)?;
                    new.write_all(bytes)?;
                    State::Differs(new)
                }
            }
            State::Differs(mut new) => {
                new.write_all(bytes)?;
                State::Differs(new)
            }
            failed @ State::Failed(_) => failed,
        })
    }

    /// Starts the new page at the first difference: the bytes found the
    /// same so far are copied from the old page, through the handle that
    /// read them.
    fn copy_same(&self, old: BufReader<fs::File>) -> io::Result<BufWriter<fs::File>> {
        let mut old = old.into_inner();
        old.seek(SeekFrom::Start(0))?;
        let mut new = BufWriter::with_capacity(CHUNK, create_temp(&self.temp)?);
        let same = u64::try_from(self.taken).unwrap_or(u64::MAX);
        if io::copy(&mut old.take(same), &mut new)? != same {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the page changed while it was compared",
            ));
        }
        Ok(new)
    }

    /// Ends the page: leaves it as it was if every byte is the same, else
    /// puts the new page in its place. On any failure the page is left as
    /// it was and no temporary file remains.
    pub fn finish(mut self) -> Result<Finished, WriteError> {
        let state = std::mem::replace(&mut self.state, State::Failed(interrupted()));
        let written = self.put_in_place(state);
        if written.is_err() {
            let _ = fs::remove_file(&self.temp);
        }
        Ok(Finished {
            written: written?,
            hash: self.hasher.digest(),
        })
    }

    fn put_in_place(&self, state: State) -> Result<Written, WriteError> {
        if !self.flushed(state).map_err(io_error(&self.path))? {
            return Ok(Written::Unchanged);
        }
        writable(&self.path)?;
        if Stamp::of(&self.path) != self.found {
            return Err(WriteError::ChangedMeanwhile {
                path: self.path.clone(),
            });
        }
        fs::rename(&self.temp, &self.path).map_err(io_error(&self.path))?;
        sync_dir(&self.dir);
        Ok(Written::Written)
    }

    /// Flushes the new page to disk; false when there is none, every byte
    /// being the same.
    fn flushed(&self, state: State) -> io::Result<bool> {
        let mut new = match state {
            State::Same(mut old) => {
                if old.fill_buf()?.is_empty() {
                    return Ok(false);
                }
                self.copy_same(old)?
            }
            State::Differs(new) => new,
            State::Failed(error) => return Err(error),
        };
        new.flush()?;
        new.get_ref().sync_all()?;
        Ok(true)
    }
}

impl Sink for PageFile {
    fn push_str(&mut self, text: &str) {
        self.hasher.update(text.as_bytes());
        self.take(text.as_bytes());
        self.taken += text.len();
    }

    fn bytes_taken(&self) -> usize {
        self.taken
    }
}

/// True when the old page's next bytes are `bytes`; reads past them
/// either way.
fn next_bytes_are(old: &mut BufReader<fs::File>, mut bytes: &[u8]) -> io::Result<bool> {
    while !bytes.is_empty() {
        let buffer = old.fill_buf()?;
        let n = buffer.len().min(bytes.len());
        if n == 0 || buffer[..n] != bytes[..n] {
            return Ok(false);
        }
        old.consume(n);
        bytes = &bytes[n..];
    }
    Ok(true)
}

/// Whether a page may be written at `path`: an error for a user's file or
/// a link; else true when a page is there, false when nothing is.
fn writable(path: &Path) -> Result<bool, WriteError> {
    match existing(path)? {
        Existing::Ours => Ok(true),
        Existing::Absent => Ok(false),
        Existing::Symlink => Err(WriteError::Symlink {
            path: path.to_path_buf(),
        }),
        Existing::Foreign => Err(WriteError::Io {
            path: path.to_path_buf(),
            source: io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a file that is not a suivi page",
            ),
        }),
    }
}

fn interrupted() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "the page was left half written")
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

    use super::*;

    const OURS: &str = "---\ngenerated_by: suivi\nas_of: 2026-11-20\n---\nhello\n";

    /// Writes `content` as the page `P.md`, handed over `piece` characters
    /// at a time, as a page renders.
    fn write_in_pieces(dir: &Path, content: &str, piece: usize) -> Result<Written, WriteError> {
        let mut file = PageFile::open(dir, "P.md", None)?;
        let chars: Vec<char> = content.chars().collect();
        for piece in chars.chunks(piece) {
            file.push_str(&piece.iter().collect::<String>());
        }
        assert_eq!(file.bytes_taken(), content.len());
        let finished = file.finish()?;
        assert_eq!(finished.hash, page_hash(content.as_bytes()));
        Ok(finished.written)
    }

    fn write_page(dir: &Path, content: &str) -> Result<Written, WriteError> {
        write_in_pieces(dir, content, 7)
    }

    fn file_names(dir: &Path) -> Vec<std::ffi::OsString> {
        let names = fs::read_dir(dir).unwrap();
        names.map(|e| e.unwrap().file_name()).collect()
    }

    /// Writes `first` twice, then `changed`: written, left alone, written
    /// again, and the page then holds `changed`.
    fn assert_writes_only_changes(dir: &Path, first: &str, changed: &str) {
        assert_eq!(write_page(dir, first).unwrap(), Written::Written);
        assert_eq!(write_page(dir, first).unwrap(), Written::Unchanged);
        assert_eq!(write_page(dir, changed).unwrap(), Written::Written);
        assert_eq!(fs::read_to_string(dir.join("P.md")).unwrap(), changed);
    }

    #[test]
    fn a_page_differing_anywhere_is_written_whole_whatever_its_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let page = format!("{OURS}{}", "une ligne de la page, écrite\n".repeat(5_000));
        let middle = page.len() / 2;
        let variants = [
            page.replacen("hello", "hellO", 1),
            format!("{}X{}", &page[..middle], &page[middle + 1..]),
            format!("{}!\n", &page[..page.len() - 2]),
            page[..middle].to_owned(),
            format!("{page}one more line\n"),
        ];
        for piece in [1, 7, 4096, CHUNK + 3, page.len() + 1] {
            for variant in &variants {
                assert_eq!(
                    write_in_pieces(dir.path(), &page, piece).unwrap(),
                    Written::Written
                );
                assert_eq!(
                    write_in_pieces(dir.path(), &page, piece).unwrap(),
                    Written::Unchanged
                );
                assert_eq!(
                    write_in_pieces(dir.path(), variant, piece).unwrap(),
                    Written::Written
                );
                assert_eq!(
                    &fs::read_to_string(dir.path().join("P.md")).unwrap(),
                    variant
                );
                assert_eq!(file_names(dir.path()), ["P.md"]);
            }
        }
    }

    #[test]
    fn a_users_file_put_where_a_page_renders_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = PageFile::open(dir.path(), "P.md", None).unwrap();
        file.push_str(OURS);
        fs::write(dir.path().join("P.md"), "my own notes").unwrap();
        assert!(file.finish().is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join("P.md")).unwrap(),
            "my own notes"
        );
        assert_eq!(file_names(dir.path()), ["P.md"]);
    }

    #[test]
    fn a_page_changed_while_it_is_written_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        write_page(dir.path(), OURS).unwrap();
        let mut file = PageFile::open(dir.path(), "P.md", None).unwrap();
        file.push_str(&OURS.replace("hello", "bye"));
        // Ticked in Obsidian meanwhile: still a page of ours.
        let ticked = OURS.replace("hello", "- [x] hello");
        fs::write(dir.path().join("P.md"), &ticked).unwrap();
        assert!(matches!(
            file.finish(),
            Err(WriteError::ChangedMeanwhile { .. })
        ));
        assert_eq!(fs::read_to_string(dir.path().join("P.md")).unwrap(), ticked);
        assert_eq!(file_names(dir.path()), ["P.md"]);
    }

    #[test]
    fn writes_then_leaves_equal_bytes_alone() {
        let dir = tempfile::tempdir().unwrap();
        assert_writes_only_changes(dir.path(), OURS, &OURS.replace("hello", "bye"));
        assert_eq!(file_names(dir.path()), ["P.md"]);
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
        assert!(write_page(dir.path(), OURS).is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join("P.md")).unwrap(),
            "my own notes"
        );
    }

    #[test]
    fn a_yaml_page_is_told_by_its_first_line_comment_and_a_users_base_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("People.base");
        let ours = "# generated_by: suivi\n# a line\nviews: []\n";
        let users = [
            "views:\n  - type: table\n    name: Mine\n",
            "# my base\n# generated_by: suivi\nviews: []\n",
            "#generated_by: suivi\nviews: []\n",
            OURS,
        ];
        for user in users {
            fs::write(&base, user).unwrap();
            assert_eq!(existing(&base).unwrap(), Existing::Foreign, "{user:?}");
            assert!(matches!(
                PageFile::open(dir.path(), "People.base", None),
                Err(WriteError::Io { .. })
            ));
            assert_eq!(fs::read_to_string(&base).unwrap(), user);
        }
        fs::remove_file(&base).unwrap();
        let write = |content: &str| {
            let mut file = PageFile::open(dir.path(), "People.base", None).unwrap();
            file.push_str(content);
            file.finish().unwrap().written
        };
        assert_eq!(write(ours), Written::Written);
        assert_eq!(existing(&base).unwrap(), Existing::Ours);
        assert_eq!(write(ours), Written::Unchanged);
        assert_eq!(write(&ours.replace("[]", "[ ]")), Written::Written);
        // The comment marks a YAML file only: a markdown page starting
        // with it is a heading of the user's.
        let page = dir.path().join("P.md");
        fs::write(&page, ours).unwrap();
        assert_eq!(existing(&page).unwrap(), Existing::Foreign);
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
            write_page(dir.path(), "---\ngenerated_by: suivi\n---\nx"),
            Err(WriteError::Symlink { .. })
        ));
        assert_eq!(fs::read_to_string(&target).unwrap(), OURS);
        std::os::unix::fs::symlink(outside.path(), dir.path().join("Out")).unwrap();
        assert!(output_dir(dir.path(), "Out").is_err());
    }

    #[test]
    fn the_output_folder_tells_the_pages_blocked_by_a_users_file_or_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("Out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("Mine.md"), "my own notes").unwrap();
        fs::write(out.join("Ours.md"), OURS).unwrap();
        fs::create_dir(out.join("Folder.md")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(out.join("Ours.md"), out.join("Link.md")).unwrap();
        let names = ["Mine.md", "Ours.md", "Absent.md", "Folder.md", "Link.md"];
        let found = OutputFolder::look(dir.path(), "Out", names.map(String::from), Lang::En);
        assert_eq!(found.dir.unwrap(), out);
        let mut expected = vec![
            ("Mine.md".to_owned(), Blocked::Foreign),
            ("Folder.md".to_owned(), Blocked::Foreign),
        ];
        if cfg!(unix) {
            expected.push(("Link.md".to_owned(), Blocked::Symlink));
        }
        assert_eq!(found.blocked, expected);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&out, dir.path().join("Linked")).unwrap();
            let through_link =
                OutputFolder::look(dir.path(), "Linked", names.map(String::from), Lang::En);
            assert!(through_link.dir.is_err() && through_link.blocked.is_empty());
        }
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
    fn only_the_output_folder_itself_is_ever_created() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        fs::create_dir(&vault).unwrap();
        prepare(&vault.join("Suivi")).unwrap();
        assert!(vault.join("Suivi").is_dir());
        fs::remove_dir_all(&vault).unwrap();
        assert!(prepare(&vault.join("Suivi")).is_err());
        assert!(prepare(&vault.join("Notes/Suivi")).is_err());
        assert!(!vault.exists(), "the removed vault was made anew");
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
}
