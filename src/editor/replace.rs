//! Note editor, the atomic replace: new bytes go to a flushed hidden file
//! beside the note, the note is read again, and the new file takes its place
//! only if the note still holds the bytes the edit was made from. What the
//! swap took out is read back, so a program that saved meanwhile is seen.
//!
//! A note changed within the last [`QUIET`] is not replaced yet: a program
//! saving in place truncates the note, then writes it, and between the two a
//! reader sees an empty or partial note that it cannot tell from a finished
//! one. Once the note has been left alone that long, any save that begins
//! gives it a later modification time, even where file times are coarse, so
//! comparing times before and after the swap sees a save that bytes alone
//! would not (an empty note truncated again).

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::{EditError, MAX_ATTEMPTS, io_error};

/// How long a note must have been left alone before it is replaced.
pub const QUIET: Duration = Duration::from_millis(100);

/// What tells one version of a file from the next without reading it: the
/// modification time, which a rename leaves alone (unlike the change time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Version {
    inode: u64,
    len: u64,
    modified: Option<SystemTime>,
}

impl Version {
    pub(super) fn of(file: &File) -> io::Result<Version> {
        let meta = file.metadata()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Ok(Version {
            inode,
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }

    /// How much longer to wait before the file counts as left alone.
    fn wait(&self, now: SystemTime) -> Option<Duration> {
        let modified = self.modified?;
        match now.duration_since(modified) {
            Ok(age) => QUIET.checked_sub(age).filter(|wait| !wait.is_zero()),
            // A time a little ahead of this clock is a write just made.
            Err(ahead) => (ahead.duration() < QUIET).then_some(QUIET),
        }
    }
}

/// Waits until the file at `path` has been left alone for [`QUIET`];
/// true when it had not been.
pub(super) fn waited_for_quiet(path: &Path) -> bool {
    let wait = File::open(path)
        .and_then(|file| Version::of(&file))
        .ok()
        .and_then(|version| version.wait(SystemTime::now()));
    if let Some(wait) = wait {
        std::thread::sleep(wait);
    }
    wait.is_some()
}

/// A file's bytes from its start, and its version taken before reading them.
pub(super) fn read_whole(file: &mut File) -> io::Result<(Vec<u8>, Version)> {
    let version = Version::of(file)?;
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0))?;
    file.read_to_end(&mut bytes)?;
    Ok((bytes, version))
}

/// How an atomic replace went.
pub(super) enum Replaced {
    Done,
    /// The note no longer held the expected bytes: nothing was written.
    Changed(Vec<u8>),
    /// Written, but a program wrote the note between the last check and the
    /// swap: its text is in the file replaced, `file`, kept open because a
    /// write it started may still land there.
    Hid {
        file: File,
        theirs: Vec<u8>,
        version: Version,
    },
    /// The note kept being changed: it was never left alone for [`QUIET`].
    Busy,
}

/// A hidden name beside `path` for a temporary file: the scan never reads
/// hidden files.
pub(super) fn temp_path(path: &Path) -> Result<PathBuf, EditError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().ok_or_else(|| EditError::BadPath {
        rel: name.clone(),
        reason: "no folder".to_owned(),
    })?;
    let suffix = format!(".{}.suivi-edit", std::process::id());
    // A file name is at most 255 bytes: a note's name near that length is
    // cut, on a character boundary, for its temporary's.
    let room = MAX_NAME_BYTES - 1 - suffix.len();
    let mut cut = name.len().min(room);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    Ok(dir.join(format!(".{}{suffix}", &name[..cut])))
}

/// The longest file name most file systems take, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// A new file at `temp` holding `bytes`, flushed to disk.
fn write_temp(temp: &Path, bytes: &[u8], like: Option<&Path>) -> Result<(), EditError> {
    let open = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)
    };
    let mut file = match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            // Left by an interrupted edit of this process id: ours to remove.
            fs::remove_file(temp).and_then(|()| open())
        }
        other => other,
    }
    .map_err(io_error(temp))?;
    let written = file.write_all(bytes).and_then(|()| {
        if let Some(like) = like {
            fs::set_permissions(temp, fs::metadata(like)?.permissions())?;
        }
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = fs::remove_file(temp);
        return Err(io_error(temp)(e));
    }
    Ok(())
}

/// Replaces the note at `path` with `new` when it still holds `expected`:
/// the new bytes are written and flushed to a temporary file first, so the
/// time between reading the note again and the swap is as short as it can
/// be. Where the system can, the temporary file and the note are exchanged
/// in one step, and the file taken out is read: if another program saved in
/// between, in place or by renaming its own file over the note, its text is
/// there, and is handed back rather than lost.
pub(super) fn replace(
    path: &Path,
    rel: &str,
    expected: &[u8],
    new: &[u8],
) -> Result<Replaced, EditError> {
    let temp = temp_path(path)?;
    write_temp(&temp, new, Some(path))?;
    let discard = |error: EditError| {
        let _ = fs::remove_file(&temp);
        error
    };
    let mut waits = 0;
    let (current, seen) = loop {
        let mut current = File::open(path).map_err(io_error(path)).map_err(discard)?;
        let (now, seen) = read_whole(&mut current)
            .map_err(io_error(path))
            .map_err(discard)?;
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return Err(discard(EditError::Symlink {
                rel: rel.to_owned(),
                link: rel.to_owned(),
            }));
        }
        if now != expected {
            let _ = fs::remove_file(&temp);
            return Ok(Replaced::Changed(now));
        }
        match seen.wait(SystemTime::now()) {
            None => break (current, seen),
            Some(_) if waits == MAX_ATTEMPTS => {
                let _ = fs::remove_file(&temp);
                return Ok(Replaced::Busy);
            }
            // Bounded: at most MAX_ATTEMPTS waits of at most QUIET each.
            Some(wait) => {
                waits += 1;
                std::thread::sleep(wait);
            }
        }
    };
    let mut replaced = match exchange(&temp, path) {
        Ok(true) => {
            // The note taken out now has the temporary name.
            let taken_out = File::open(&temp).map_err(io_error(&temp));
            let _ = fs::remove_file(&temp);
            taken_out?
        }
        Ok(false) => {
            fs::rename(&temp, path)
                .map_err(io_error(path))
                .map_err(discard)?;
            // A program that opened the note before the rename writes into
            // the file replaced, which `current` still reads.
            current
        }
        Err(error) => return Err(discard(io_error(path)(error))),
    };
    sync_folder(path)?;
    let (after, version) = read_whole(&mut replaced).map_err(io_error(path))?;
    if after != expected || version != seen {
        return Ok(Replaced::Hid {
            file: replaced,
            theirs: after,
            version,
        });
    }
    Ok(Replaced::Done)
}

/// Exchanges the files at `a` and `b` in one step; false where the system
/// or the file system cannot, and the caller renames instead.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    // Some systems spell "not supported" two ways, others one.
    let unsupported = [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP];
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(errno) if unsupported.contains(&errno) => Ok(false),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// A file an earlier attempt took out of the note's place, with what it
/// held when last looked at.
pub(super) struct TakenOut {
    pub(super) file: File,
    pub(super) bytes: Vec<u8>,
    pub(super) version: Version,
}

/// The newest text written into a file an earlier attempt took out, if any
/// was written since it was last looked at.
pub(super) fn changed_since(taken_out: &mut [TakenOut]) -> Option<Vec<u8>> {
    let mut newest = None;
    for earlier in taken_out.iter_mut() {
        if let Ok((bytes, version)) = read_whole(&mut earlier.file)
            && (bytes != earlier.bytes || version != earlier.version)
        {
            earlier.bytes.clone_from(&bytes);
            earlier.version = version;
            newest = Some(bytes);
        }
    }
    newest
}

/// Writes a new note, never over a file: linked into place from a flushed
/// temporary file, so it appears whole; where links are not supported,
/// created exclusively and written.
pub(super) fn create_new(path: &Path, rel: &str, bytes: &[u8]) -> Result<(), EditError> {
    let temp = temp_path(path)?;
    write_temp(&temp, bytes, None)?;
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => sync_folder(path),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(EditError::Exists {
            rel: rel.to_owned(),
        }),
        Err(_) => {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| match e.kind() {
                    io::ErrorKind::AlreadyExists => EditError::Exists {
                        rel: rel.to_owned(),
                    },
                    _ => io_error(path)(e),
                })?;
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(io_error(path))?;
            sync_folder(path)
        }
    }
}

/// Flushes the folder holding `path`, so the rename itself survives a crash.
pub(super) fn sync_folder(path: &Path) -> Result<(), EditError> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error(dir))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
