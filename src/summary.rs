//! What a pass tells of the vault beside its pages: the counts a build
//! prints, and every issue. Kept by the build record, so that an unchanged
//! vault's build and check answer without reading a note.

use serde::{Deserialize, Serialize};

use crate::issue::VaultIssue;

/// What a build tells of the vault, beside its pages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub notes_read: usize,
    pub conversations: usize,
    pub people: usize,
    pub companies: usize,
    pub actions: usize,
    pub overdue: usize,
    pub issues: Vec<VaultIssue>,
}
