//! The vault's language: every page, issue, message and notification
//! speaks it.

use serde::Deserialize;

/// Language of the generated pages and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}
