//! One watcher per vault: `.suivi/watch.lock`, held with an advisory lock
//! for the life of the process and naming its holder.
//!
//! Two watchers on one vault (a second terminal, a service started twice, two
//! machines on a synced vault) would race on every page. On one machine the
//! operating system decides: the file is locked with `flock` (`LockFileEx` on
//! Windows), which exactly one process gets, which no crash can leave behind
//! (the system releases it with the process), and which does not depend on
//! what the file holds, so a lock caught between its creation and the writing
//! of its holder, or one naming a pid that a reboot gave to another program,
//! never lets a second watcher in. Across machines an advisory lock does not
//! travel, but the file's text does: it names the holder's pid and host, and
//! a lock naming another host is respected. The holder removes the file when
//! it stops, and only while it still holds that very file.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::i18n::words;
use crate::lang::Lang;
use crate::state_file::STATE_DIR;

/// The holder of a vault's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
}

impl Holder {
    fn current() -> Holder {
        Holder {
            pid: std::process::id(),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
        }
    }

    fn parse(text: &str) -> Option<Holder> {
        let mut words = text.split_whitespace();
        let pid = words.next()?.parse().ok()?;
        let host = words.next().unwrap_or_default().to_owned();
        Some(Holder { pid, host })
    }
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{}", self.message(Lang::En))]
    Held { holder: Holder },
    #[error("{}", self.message(Lang::En))]
    Starting,
    #[error("{}", self.message(Lang::En))]
    OtherHost { holder: Holder, path: PathBuf },
    #[error("{}", self.message(Lang::En))]
    Io { path: PathBuf, source: io::Error },
}

impl LockError {
    /// Why the watcher cannot keep the vault, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let said = &words(lang).errors;
        match self {
            LockError::Held { holder } => (said.lock_held)(holder.pid, &holder.host),
            LockError::Starting => said.lock_starting.to_owned(),
            LockError::OtherHost { holder, path } => {
                (said.lock_other_host)(&path.display().to_string(), holder.pid, &holder.host)
            }
            LockError::Io { path, source } => format!("{}: {source}", path.display()),
        }
    }
}

/// The vault's lock, released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    /// The locked file: the advisory lock lasts as long as this handle.
    file: fs::File,
}

/// How many times the lock is tried when its file is replaced under us.
const TRIES: usize = 5;

impl Lock {
    pub fn acquire(vault: &Path) -> Result<Lock, LockError> {
        let dir = vault.join(STATE_DIR);
        let path = dir.join("watch.lock");
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        match fs::create_dir(&dir) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(io(e)),
            _ => {}
        }
        for _ in 0..TRIES {
            let mut file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(match Holder::parse(&read_all(&mut file)) {
                        Some(holder) => LockError::Held { holder },
                        None => LockError::Starting,
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(io(e)),
            }
            // The holder before us may have removed the file between our
            // opening and our locking it: a lock on a file no longer at the
            // path keeps nobody out. Try again on the file there now.
            if !is_at(&file, &path) {
                continue;
            }
            let me = Holder::current();
            match Holder::parse(&read_all(&mut file)) {
                // On this host, the holder would still hold the file: what
                // it names ran once and is gone, whatever now has its pid.
                Some(holder) if holder.host != me.host => {
                    return Err(LockError::OtherHost { holder, path });
                }
                _ => {}
            }
            name_holder(&mut file, &me).map_err(io)?;
            return Ok(Lock { path, file });
        }
        Err(io(io::Error::other(
            "the lock file keeps being replaced: another watcher is starting",
        )))
    }
}

impl Lock {
    /// Whether a watcher keeps the vault now: one of this machine holding
    /// the lock, or one of another machine that the lock names.
    pub fn is_held(vault: &Path) -> bool {
        let path = vault.join(STATE_DIR).join("watch.lock");
        let Ok(mut file) = fs::OpenOptions::new().read(true).write(true).open(&path) else {
            return false;
        };
        match file.try_lock() {
            Err(fs::TryLockError::WouldBlock) => true,
            Err(fs::TryLockError::Error(_)) => false,
            Ok(()) => Holder::parse(&read_all(&mut file))
                .is_some_and(|holder| holder.host != Holder::current().host),
        }
    }
}

fn read_all(file: &mut fs::File) -> String {
    let mut text = String::new();
    let read = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.read_to_string(&mut text));
    if read.is_err() {
        text.clear();
    }
    text
}

fn name_holder(file: &mut fs::File, holder: &Holder) -> io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    writeln!(file, "{} {}", holder.pid, holder.host)?;
    file.sync_all()
}

/// True when `file` is the file at `path` now.
#[cfg(unix)]
fn is_at(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so it is the one at its path.
#[cfg(not(unix))]
fn is_at(_file: &fs::File, _path: &Path) -> bool {
    true
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so no other watcher can be holding it:
        // one that opens the path afterwards creates a new file.
        if is_at(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock_file(vault: &Path) -> PathBuf {
        vault.join(STATE_DIR).join("watch.lock")
    }

    #[test]
    fn a_second_lock_is_refused_naming_the_first() {
        let vault = tempfile::tempdir().unwrap();
        let first = Lock::acquire(vault.path()).unwrap();
        let err = Lock::acquire(vault.path()).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(&std::process::id().to_string()),
            "{message}"
        );
        drop(first);
        assert!(!lock_file(vault.path()).exists());
        assert!(Lock::acquire(vault.path()).is_ok());
    }

    #[test]
    fn a_held_lock_is_refused_whatever_its_file_holds() {
        let vault = tempfile::tempdir().unwrap();
        let _first = Lock::acquire(vault.path()).unwrap();
        // As if the holder had just created the file and not yet named
        // itself, or its text had been lost.
        fs::write(lock_file(vault.path()), "").unwrap();
        assert!(matches!(
            Lock::acquire(vault.path()),
            Err(LockError::Starting)
        ));
        fs::write(lock_file(vault.path()), "garbage").unwrap();
        assert!(Lock::acquire(vault.path()).is_err());
    }

    #[test]
    fn a_lock_left_by_a_process_of_this_host_is_taken_over() {
        let vault = tempfile::tempdir().unwrap();
        fs::create_dir_all(vault.path().join(STATE_DIR)).unwrap();
        let host = Holder::current().host;
        // A pid that runs (this very process: as after a reboot gave the
        // dead holder's pid to another program), an empty file, garbage.
        for text in [format!("{} {host}\n", std::process::id()), String::new()] {
            fs::write(lock_file(vault.path()), &text).unwrap();
            let lock = Lock::acquire(vault.path()).unwrap();
            let named = fs::read_to_string(lock_file(vault.path())).unwrap();
            assert_eq!(Holder::parse(&named), Some(Holder::current()));
            drop(lock);
        }
    }

    #[test]
    fn a_lock_from_another_host_is_respected() {
        let vault = tempfile::tempdir().unwrap();
        fs::create_dir_all(vault.path().join(STATE_DIR)).unwrap();
        fs::write(lock_file(vault.path()), "4194305 some-other-laptop\n").unwrap();
        let err = Lock::acquire(vault.path()).unwrap_err();
        assert!(err.to_string().contains("some-other-laptop"));
        // Refusing leaves the other machine's file as it was.
        assert_eq!(
            fs::read_to_string(lock_file(vault.path())).unwrap(),
            "4194305 some-other-laptop\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_holder_whose_file_was_replaced_leaves_the_new_one_alone() {
        let vault = tempfile::tempdir().unwrap();
        let first = Lock::acquire(vault.path()).unwrap();
        let path = lock_file(vault.path());
        fs::remove_file(&path).unwrap();
        let second = Lock::acquire(vault.path()).unwrap();
        drop(first);
        assert!(path.exists(), "the first holder removed the second's lock");
        assert!(Lock::acquire(vault.path()).is_err());
        drop(second);
        assert!(!path.exists());
    }
}
