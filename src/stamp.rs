//! A file's version: what tells, without reading it, that a file is the
//! one seen before (its length, modification and change times, inode).

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// How long a file must have been left alone before its version vouches
/// for its bytes: a file changed within the file system's clock resolution
/// of a read may change again with the same version.
pub const SETTLE: Duration = Duration::from_secs(2);

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub(crate) len: u64,
    pub(crate) modified_ns: i128,
    pub(crate) changed_ns: i128,
    pub(crate) inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path`, if it can be had. Taken before the
    /// file is read, so a write after it gives the next run another stamp.
    pub fn of(path: &Path) -> Option<Stamp> {
        Stamp::of_metadata(&fs::metadata(path).ok()?)
    }

    /// The stamp of a file from its metadata (of an open file, say).
    pub fn of_metadata(meta: &fs::Metadata) -> Option<Stamp> {
        let modified_ns = nanos(meta.modified().ok()?);
        #[cfg(unix)]
        let (changed_ns, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed_ns, inode) = (modified_ns, 0);
        Some(Stamp {
            len: meta.len(),
            modified_ns,
            changed_ns,
            inode,
        })
    }

    /// True when the file was last changed long enough before `now`.
    pub fn settled(&self, now: SystemTime) -> bool {
        let latest = self.modified_ns.max(self.changed_ns);
        nanos(now) - latest > SETTLE.as_nanos().cast_signed()
    }
}

/// Nanoseconds from the epoch, negative before it. A `Duration`'s
/// nanoseconds need at most 94 bits, so the signed cast never wraps.
fn nanos(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos().cast_signed(),
        Err(before) => -before.duration().as_nanos().cast_signed(),
    }
}
