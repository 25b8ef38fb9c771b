//! One watcher per vault: a lock file under `.suivi/` naming its holder.
//!
//! Two watchers on one vault (a second terminal, a service started twice, two
//! machines on a synced vault) would race on every page. The lock is created
//! atomically; a second watcher reads who holds it and refuses. A lock left
//! by a process that no longer runs on this host is taken over.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::cache::STATE_DIR;

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

    /// True when the holder surely runs no more: same host, no such process.
    /// On another host, or where processes cannot be listed, it is presumed
    /// alive: refusing wrongly is safer than two writers.
    fn is_gone(&self) -> bool {
        self.host == Holder::current().host
            && Path::new("/proc/self").exists()
            && !Path::new(&format!("/proc/{}", self.pid)).exists()
    }
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another suivi watch (pid {}, host {}) already keeps this vault; stop it first, or remove {} if it no longer runs",
        .holder.pid, .holder.host, .path.display()
    )]
    Held { holder: Holder, path: PathBuf },
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// The vault's lock, released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    pub fn acquire(vault: &Path) -> Result<Lock, LockError> {
        let dir = vault.join(STATE_DIR);
        let path = dir.join("watch.lock");
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&dir).map_err(io)?;
        // Two tries: the second after removing a stale lock.
        for _ in 0..2 {
            match create(&path) {
                Ok(()) => return Ok(Lock { path }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(e)),
            }
            let text = fs::read_to_string(&path).unwrap_or_default();
            match Holder::parse(&text) {
                Some(holder) if !holder.is_gone() => {
                    return Err(LockError::Held { holder, path });
                }
                // A dead holder, or a lock cut short by a crash while written.
                _ => fs::remove_file(&path).map_err(io)?,
            }
        }
        Err(io(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the lock keeps reappearing: another watcher is starting",
        )))
    }
}

fn create(path: &Path) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let holder = Holder::current();
    writeln!(file, "{} {}", holder.pid, holder.host)?;
    file.sync_all()
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(Lock::acquire(vault.path()).is_ok());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_stale_lock_is_taken_over() {
        let vault = tempfile::tempdir().unwrap();
        let dir = vault.path().join(STATE_DIR);
        fs::create_dir_all(&dir).unwrap();
        let host = Holder::current().host;
        // Pids above the kernel's maximum never run.
        fs::write(dir.join("watch.lock"), format!("4194305 {host}\n")).unwrap();
        assert!(Lock::acquire(vault.path()).is_ok());
        fs::write(dir.join("watch.lock"), "garbage").unwrap();
        assert!(Lock::acquire(vault.path()).is_ok());
    }

    #[test]
    fn a_lock_from_another_host_is_respected() {
        let vault = tempfile::tempdir().unwrap();
        let dir = vault.path().join(STATE_DIR);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("watch.lock"), "4194305 some-other-laptop\n").unwrap();
        let err = Lock::acquire(vault.path()).unwrap_err();
        assert!(err.to_string().contains("some-other-laptop"));
    }
}
