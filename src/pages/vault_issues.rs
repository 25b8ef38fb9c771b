//! The Vault issues page: every problem found, with file, line and fix.

use super::md::{self, Place};
use super::{Context, Sink, note_link, table};
use crate::issue::VaultIssue;

pub fn render(ctx: &Context, extra: &[VaultIssue], out: &mut dyn Sink) {
    let w = ctx.words();
    ctx.header(out, w.vault_issues);
    let mut issues: Vec<&VaultIssue> = ctx.index.issues.iter().chain(extra).collect();
    issues.sort();
    if issues.is_empty() {
        out.push_str(&format!("\n{}\n", w.no_issues));
        return;
    }
    let rows = issues.iter().map(|issue| {
        vec![
            note_link(&issue.path, Place::Cell),
            issue.line.to_string(),
            md::cell_with_code(&issue.message),
            md::cell_with_code(&issue.fix),
        ]
    });
    out.push_str(&format!("\n{} ({})\n\n", w.vault_issues, issues.len()));
    table(out, &[w.file, w.line, w.problem, w.fix], rows);
}
