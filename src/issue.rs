//! Vault issues: what suivi found wrong in the notes, with file, line and fix.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::i18n::code;

/// One problem in the vault, reported by `check` and on the Vault issues page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VaultIssue {
    /// Vault-relative path of the file, `/`-separated.
    pub path: String,
    /// 1-based line in that file (1 when the whole file is concerned).
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl VaultIssue {
    pub fn new(
        path: &str,
        line: usize,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        VaultIssue {
            path: path.to_owned(),
            line,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

impl fmt::Display for VaultIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} ({})",
            self.path, self.line, self.message, self.fix
        )
    }
}
