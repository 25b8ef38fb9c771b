//! Read stage, for the Questions page: the answers' bytes read back from
//! their notes, and the last Questions page read forward.
//!
//! Notes keep only where each answer lies and its hash: the answers of a
//! large vault are a hundred megabytes. The page asks for those it quotes
//! as it renders ([`QuoteSource`]) and checks each against its hash.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use crate::pages::{LastPage, QuoteSource};

/// The vault's files, read as the Questions page asks.
#[derive(Debug, Clone, Copy)]
pub struct QuoteFiles<'a> {
    root: &'a Path,
}

impl<'a> QuoteFiles<'a> {
    /// The notes of the vault at `root`, whose paths are vault paths.
    pub fn new(root: &'a Path) -> QuoteFiles<'a> {
        QuoteFiles { root }
    }
}

impl QuoteSource for QuoteFiles<'_> {
    fn note_bytes(&self, note: &str, span: &Range<usize>) -> Option<Vec<u8>> {
        let file = File::open(self.root.join(note)).ok()?;
        let mut bytes = vec![0; span.len()];
        read_exact_at(&file, &mut bytes, u64::try_from(span.start).ok()?).ok()?;
        Some(bytes)
    }

    fn last_page(&self, page: &Path) -> Option<Box<dyn LastPage + '_>> {
        Some(Box::new(PageReader {
            file: BufReader::new(File::open(page).ok()?),
            at: Some(0),
            bytes: Vec::new(),
        }))
    }
}

/// Fills `bytes` from `offset` in `file`, in one call where the system
/// has one: the Questions page reads back every answer it quotes.
#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(not(unix))]
fn read_exact_at(mut file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(bytes)
}

/// The last page's file, read forward as the quotes taken from it come.
struct PageReader {
    file: BufReader<File>,
    /// Where the file is read from next; unknown after a failed read.
    at: Option<u64>,
    /// The last quote's bytes, as read.
    bytes: Vec<u8>,
}

impl LastPage for PageReader {
    fn bytes_at(&mut self, span: &Range<usize>) -> Option<&[u8]> {
        let start = u64::try_from(span.start).ok()?;
        // Forward from where the last quote ended, the buffer is kept.
        match self.at.take() {
            Some(at) => (self.file)
                .seek_relative(i64::try_from(start).ok()? - i64::try_from(at).ok()?)
                .ok()?,
            None => drop(self.file.seek(SeekFrom::Start(start)).ok()?),
        }
        self.bytes.resize(span.len(), 0);
        self.file.read_exact(&mut self.bytes).ok()?;
        self.at = Some(start + u64::try_from(self.bytes.len()).ok()?);
        Some(&self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn a_note_is_read_back_at_a_span_and_not_past_its_end() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("Interviews")).unwrap();
        fs::write(dir.path().join("Interviews/a.md"), "## Why?\nIt pays.\n").unwrap();
        let files = QuoteFiles::new(dir.path());
        assert_eq!(
            files.note_bytes("Interviews/a.md", &(8..16)).as_deref(),
            Some(&b"It pays."[..])
        );
        assert_eq!(files.note_bytes("Interviews/a.md", &(8..40)), None);
        assert_eq!(files.note_bytes("Interviews/b.md", &(0..1)), None);
    }

    #[test]
    fn the_last_page_is_read_at_each_span_asked_forward_or_back() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("Questions.md");
        fs::write(&page, "0123456789").unwrap();
        let files = QuoteFiles::new(dir.path());
        let mut last = files.last_page(&page).unwrap();
        assert_eq!(last.bytes_at(&(2..4)), Some(&b"23"[..]));
        assert_eq!(last.bytes_at(&(6..9)), Some(&b"678"[..]));
        assert_eq!(last.bytes_at(&(0..1)), Some(&b"0"[..]));
        assert_eq!(last.bytes_at(&(8..12)), None);
        assert_eq!(last.bytes_at(&(4..5)), Some(&b"4"[..]));
        assert!(files.last_page(&dir.path().join("gone.md")).is_none());
    }
}
