//! Reuse stage, the pages' files: how the last pass left each page, so
//! that the next one tells, most often without reading it, that the file
//! still holds those bytes (or was edited by hand, deleted, replaced).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::pages::{PageKind, PageSet};
use crate::stamp::Stamp;
use crate::writer::{file_hash, page_hash};

/// The pages of the last pass, each with its file and how it was left.
#[derive(Debug, Default)]
pub struct LeftPages(Vec<(PageKind, PathBuf, LeftPage)>);

impl LeftPages {
    /// The pages not in `reach` whose files still hold what the pass left
    /// there: a next pass at a clock with the same view may leave them.
    pub fn untouched(&mut self, reach: PageSet) -> PageSet {
        // A page the changes reach is rendered again whatever its file
        // holds: it is not read to be told (a large page is megabytes).
        (self.0.iter_mut())
            .filter(|(kind, ..)| !reach.contains(*kind))
            .filter_map(|(kind, path, left)| left.still_there(path).then_some(*kind))
            .collect()
    }

    /// The version the page of `kind` was left with, while its file still
    /// holds it.
    pub fn still_there(&mut self, kind: PageKind) -> Option<Stamp> {
        let (_, path, left) = self.0.iter_mut().find(|(left, ..)| *left == kind)?;
        left.still_there(path).then(|| left.stamp())
    }

    /// The page of `kind`, read back from its file, when the file still
    /// holds what the pass left there.
    pub fn read_back(&self, kind: PageKind) -> Option<Vec<u8>> {
        let (path, left) = self.find(kind)?;
        left.read_back(path)
    }

    /// Where the page of `kind` was left.
    pub fn path(&self, kind: PageKind) -> Option<&Path> {
        self.find(kind).map(|(path, _)| path)
    }

    fn find(&self, kind: PageKind) -> Option<(&Path, &LeftPage)> {
        (self.0.iter())
            .find(|(left, ..)| *left == kind)
            .map(|(_, path, left)| (path.as_path(), left))
    }

    /// These pages after a pass that rendered `rendered`: those it left in
    /// `dir` (each kind, file name and [`page_hash`]) replace theirs; a page
    /// it rendered but left nowhere (a write that failed, a user's file at
    /// its path) is left by none.
    pub fn after(
        self,
        rendered: PageSet,
        dir: Option<&Path>,
        written: &[(PageKind, String, u64)],
    ) -> LeftPages {
        let mut left: Vec<_> = (self.0.into_iter())
            .filter(|(kind, ..)| !rendered.contains(*kind))
            .collect();
        if let Some(dir) = dir {
            for (kind, file_name, hash) in written {
                let path = dir.join(file_name);
                if let Some(stamped) = LeftPage::of(&path, *hash) {
                    left.push((*kind, path, stamped));
                }
            }
        }
        LeftPages(left)
    }
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
    /// The page at `path`, just written with, or found to hold, bytes of
    /// [`page_hash`] `hash`.
    pub fn of(path: &Path, hash: u64) -> Option<LeftPage> {
        let stamp = Stamp::of(path)?;
        Some(LeftPage {
            stamp,
            settled: stamp.settled(SystemTime::now()),
            hash,
        })
    }

    /// The page's bytes, read back from `path`, when the file still holds
    /// the bytes it was left with.
    pub fn read_back(&self, path: &Path) -> Option<Vec<u8>> {
        if Stamp::of(path) != Some(self.stamp) {
            return None;
        }
        let bytes = fs::read(path).ok()?;
        (page_hash(&bytes) == self.hash).then_some(bytes)
    }

    /// The version the file was left with.
    pub fn stamp(&self) -> Stamp {
        self.stamp
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const OURS: &str = "---\ngenerated_by: suivi\nas_of: 2026-11-20\n---\nhello\n";

    #[test]
    fn a_page_left_settles_once_found_whole_after_its_version_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("P.md");
        fs::write(&path, OURS).unwrap();
        let mut left = LeftPage::of(&path, page_hash(OURS.as_bytes())).unwrap();
        assert!(!left.settled);
        assert!(left.still_there(&path));
        assert!(!left.settled, "just written: its version cannot tell yet");

        std::thread::sleep(crate::stamp::SETTLE + Duration::from_millis(100));
        assert!(left.still_there(&path));
        assert!(left.settled);

        fs::write(&path, OURS.replace("hello", "hellO")).unwrap();
        assert!(!left.still_there(&path));
    }
}
