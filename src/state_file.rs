//! The format of suivi's state files, `.suivi/KIND-HOST.cache` (the notes
//! cache and the build record): a CRC32 of the payload, then a header
//! saying who made the file (the format, this build of suivi, the whole
//! configuration), then postcard. A file that fails any of it is ignored
//! whole.

use std::fs;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::atomic;
use crate::config::Config;
use crate::stamp::Stamp;

/// Folder of suivi's own state, hidden so it is never read as notes.
pub const STATE_DIR: &str = ".suivi";
/// Raised whenever the layout of a stored type (a note, the build record)
/// changes.
const FORMAT: u32 = 9;

/// A state file of this machine: `.suivi/KIND-HOST.cache`. One per host: a
/// synced vault carries the other machines' files too, and each would find
/// the other's file versions (inodes, change times) foreign and throw the
/// whole file away.
pub(crate) fn file_name(kind: &str) -> String {
    let host = gethostname::gethostname();
    let host: String = host
        .to_string_lossy()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    format!("{kind}-{host}.cache")
}

/// What a state file holds before its contents: a file of another format,
/// binary or configuration is not read further.
#[derive(Serialize, Deserialize, PartialEq)]
struct Header {
    format: u32,
    made_by: String,
}

impl Header {
    fn current(config: &Config) -> Header {
        Header {
            format: FORMAT,
            made_by: made_by(config),
        }
    }
}

/// The contents of a state file written by [`save_state`] for the same
/// configuration and binary, or nothing when it is missing, damaged or
/// foreign.
pub(crate) fn load_state<T: DeserializeOwned>(
    root: &Path,
    kind: &str,
    config: &Config,
) -> Option<T> {
    with_state(root, kind, config, |contents| {
        postcard::from_bytes(contents).ok()
    })
}

/// Hands what a state file holds after its header to `read`, when the
/// file was written by [`write_state`] for the same configuration and
/// binary and is whole.
pub(crate) fn with_state<T>(
    root: &Path,
    kind: &str,
    config: &Config,
    read: impl FnOnce(&[u8]) -> Option<T>,
) -> Option<T> {
    let bytes = fs::read(root.join(STATE_DIR).join(file_name(kind))).ok()?;
    // A flipped bit could still decode, as another note: check first.
    let (checksum, payload) = bytes.split_first_chunk::<4>()?;
    if u32::from_le_bytes(*checksum) != crc32fast::hash(payload) {
        return None;
    }
    let (header, contents) = postcard::take_from_bytes::<Header>(payload).ok()?;
    if header != Header::current(config) {
        return None;
    }
    read(contents)
}

/// Writes a state file whole, behind a checksum.
pub(crate) fn save_state<T: Serialize + ?Sized>(
    root: &Path,
    kind: &str,
    config: &Config,
    contents: &T,
) -> io::Result<()> {
    write_state(root, kind, config, |out| {
        postcard::to_io(contents, out)
            .map(drop)
            .map_err(io::Error::other)
    })
}

/// Writes a state file whole: a checksum, a header, then what `fill`
/// writes.
pub(crate) fn write_state(
    root: &Path,
    kind: &str,
    config: &Config,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = root.join(STATE_DIR);
    // Never through a link: the state folder is ours, inside the vault.
    match fs::symlink_metadata(&dir) {
        Ok(meta) if !meta.is_dir() => return Err(io::ErrorKind::AlreadyExists.into()),
        Ok(_) => {}
        Err(_) => fs::create_dir(&dir)?,
    }
    let name = file_name(kind);
    atomic::replace_whole(
        &dir.join(&name),
        &dir.join(format!(".{name}.tmp")),
        |file| {
            // Streamed, not built in memory: the cache of a large vault is as
            // big as its notes. The checksum goes in front once the payload is
            // written. No fsync: a file torn by a crash fails its checksum.
            let mut out = Checksummed {
                inner: BufWriter::new(file),
                hasher: crc32fast::Hasher::new(),
            };
            out.inner.write_all(&[0; 4])?;
            postcard::to_io(&Header::current(config), &mut out).map_err(io::Error::other)?;
            fill(&mut out)?;
            let written = out
                .inner
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?;
            written.seek(SeekFrom::Start(0))?;
            written.write_all(&out.hasher.finalize().to_le_bytes())
        },
    )
}

/// A writer that hashes what goes through it.
struct Checksummed<W> {
    inner: W,
    hasher: crc32fast::Hasher,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.hasher.update(bytes.get(..written).unwrap_or_default());
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Who made a state file: this build of suivi (its version, and the size
/// and time of its executable, which change with every rebuild) and the
/// whole configuration, since folders and language decide what a note is.
fn made_by(config: &Config) -> String {
    let executable = std::env::current_exe()
        .ok()
        .and_then(|path| Stamp::of(&path))
        .map(|stamp| (stamp.len, stamp.modified_ns));
    format!("{} {executable:?} {config:?}", env!("CARGO_PKG_VERSION"))
}
