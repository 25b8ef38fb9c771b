//! The real `suivi watch` for the tests: started on a vault, its log in a
//! file of its own, stopped with SIGTERM, killed if a test fails first.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use super::{wait_exit, wait_for};

/// How long any wait on the watcher may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(30);

pub struct Watcher {
    pub child: Child,
    pub log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Watcher {
    /// `suivi watch ARGS --vault VAULT` with `env`, once it watches.
    pub fn spawn(vault: &Path, args: &[&str], env: &[(&str, &str)]) -> Watcher {
        let log_dir = tempfile::tempdir().unwrap();
        let log = log_dir.path().join("watch.log");
        let child = Command::new(env!("CARGO_BIN_EXE_suivi"))
            .arg("watch")
            .args(args)
            .arg("--vault")
            .arg(vault)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .envs(env.iter().copied())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let watcher = Watcher {
            child,
            log,
            _log_dir: log_dir,
        };
        watcher.wait_log("watching");
        watcher
    }

    pub fn log(&self) -> String {
        read_log(&self.log)
    }

    pub fn wait_log(&self, needle: &str) {
        wait_for(
            &format!("log line {needle:?}"),
            DEADLINE,
            || self.log().contains(needle),
            || self.log(),
        );
    }

    /// How many passes the log tells of: each ends its sentence with its
    /// time.
    pub fn passes(&self) -> usize {
        passes(&self.log())
    }

    /// Stops the watcher with SIGTERM; fails the test if it does not exit.
    pub fn terminate(self) -> ExitStatus {
        self.stop().0
    }

    /// [`Watcher::terminate`], and the whole log it left.
    pub fn stop(mut self) -> (ExitStatus, String) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let log = self.log.clone();
        let status = wait_exit(&mut self.child, DEADLINE, || read_log(&log));
        (status, self.log())
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn read_log(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

/// How many passes a log tells of.
pub fn passes(log: &str) -> usize {
    log.lines().filter(|l| l.ends_with(" ms)")).count()
}
