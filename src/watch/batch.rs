//! What a batch of file events means for the index, decided by looking at
//! the disk now rather than trusting the event kinds.
//!
//! Editors save by writing a temporary file and renaming it over the note;
//! sync tools create, rename and delete in bursts; a folder may be renamed
//! with notes inside. Whatever the events said, each path they name is
//! looked at once the batch is complete: a file there is (re)read, a folder
//! there is scanned, nothing there means the note — or every note under that
//! folder — is gone. A lost-events flag means only a full rescan is right.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::vault::{FileClass, classify, is_ignored_folder};

/// What is at a path now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    File,
    Folder,
    Absent,
}

/// The index updates a batch calls for. Paths are vault-relative.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Events were lost: rescan the whole vault.
    pub rescan: bool,
    /// Notes and conflict copies to (re)read.
    pub read: BTreeSet<String>,
    /// Folders that appeared: every note below them is read.
    pub folders: BTreeSet<String>,
    /// Paths now empty: the note, or every note below the folder, is gone.
    pub gone: BTreeSet<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.rescan && self.read.is_empty() && self.folders.is_empty() && self.gone.is_empty()
    }
}

/// Turns the vault-relative paths of a batch into changes. `rescan` is set
/// when the watcher reported lost events; `look` tells what is at a path now.
pub fn changes<'a>(
    paths: impl IntoIterator<Item = &'a str>,
    rescan: bool,
    config: &Config,
    look: impl Fn(&str) -> Presence,
) -> Changes {
    if rescan {
        return Changes {
            rescan: true,
            ..Changes::default()
        };
    }
    let mut changes = Changes::default();
    for rel in paths {
        match look(rel) {
            Presence::File => {
                if classify(rel, config) != FileClass::Ignored {
                    changes.read.insert(rel.to_owned());
                }
            }
            Presence::Folder => {
                if !is_ignored_folder(rel, config) {
                    changes.folders.insert(rel.to_owned());
                }
            }
            // iCloud replaces an evicted note by a `.name.icloud`
            // placeholder: the note still exists, only not on this disk.
            Presence::Absent if look(&icloud_placeholder(rel)) == Presence::File => {}
            Presence::Absent => {
                // A note, a conflict copy, or a folder that held notes: the
                // state removes whatever it has under this path.
                if !is_ignored_folder(rel, config) {
                    changes.gone.insert(rel.to_owned());
                }
            }
        }
    }
    changes
}

/// `Folder/.Name.md.icloud` for `Folder/Name.md`.
fn icloud_placeholder(rel: &str) -> String {
    match rel.rsplit_once('/') {
        Some((folder, name)) => format!("{folder}/.{name}.icloud"),
        None => format!(".{rel}.icloud"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// One case: what is on disk after the batch, the paths the events
    /// named, and the changes expected.
    struct Case {
        name: &'static str,
        disk: &'static [(&'static str, Presence)],
        events: &'static [&'static str],
        read: &'static [&'static str],
        folders: &'static [&'static str],
        gone: &'static [&'static str],
    }

    const CASES: &[Case] = &[
        Case {
            name: "save by rename: temp created, renamed over the note",
            disk: &[("Interviews/a.md", Presence::File)],
            events: &[
                "Interviews/.a.md.swp",
                "Interviews/a.md~",
                "Interviews/a.md",
            ],
            read: &["Interviews/a.md"],
            folders: &[],
            // Nothing is there: the state has no note at that path either.
            gone: &["Interviews/a.md~"],
        },
        Case {
            name: "rename: the old name is gone, the new one read",
            disk: &[("People/New.md", Presence::File)],
            events: &["People/Old.md", "People/New.md"],
            read: &["People/New.md"],
            folders: &[],
            gone: &["People/Old.md"],
        },
        Case {
            name: "created then deleted within the batch: only gone",
            disk: &[],
            events: &["a.md", "a.md"],
            read: &[],
            folders: &[],
            gone: &["a.md"],
        },
        Case {
            name: "folder renamed with notes inside",
            disk: &[("Archive 2025", Presence::Folder)],
            events: &["Interviews 2025", "Archive 2025"],
            read: &[],
            folders: &["Archive 2025"],
            gone: &["Interviews 2025"],
        },
        Case {
            name: "our own pages, hidden folders and templates are ignored",
            disk: &[
                ("Suivi/Follow-ups.md", Presence::File),
                (".obsidian/workspace.json", Presence::File),
                ("Templates/Interview.md", Presence::File),
                (".trash", Presence::Folder),
            ],
            events: &[
                "Suivi/Follow-ups.md",
                "Suivi/.Follow-ups.md.suivi-tmp",
                ".obsidian/workspace.json",
                "Templates/Interview.md",
                ".trash",
            ],
            read: &[],
            folders: &[],
            gone: &[],
        },
        Case {
            name: "sync temporaries and iCloud placeholders are not notes nor deletions",
            disk: &[
                ("~syncthing~a.md.tmp", Presence::File),
                (".a.md.icloud", Presence::File),
            ],
            events: &["~syncthing~a.md.tmp", ".a.md.icloud", ".syncthing.a.md.tmp"],
            read: &[],
            folders: &[],
            gone: &[],
        },
        Case {
            name: "a note evicted by iCloud is not a deletion",
            disk: &[("Interviews/.a.md.icloud", Presence::File)],
            events: &["Interviews/a.md", "Interviews/.a.md.icloud"],
            read: &[],
            folders: &[],
            gone: &[],
        },
        Case {
            name: "a conflict copy is read, to be reported",
            disk: &[("a.sync-conflict-20261120-101010-ABCDEF.md", Presence::File)],
            events: &["a.sync-conflict-20261120-101010-ABCDEF.md"],
            read: &["a.sync-conflict-20261120-101010-ABCDEF.md"],
            folders: &[],
            gone: &[],
        },
        Case {
            name: "an image changed: nothing",
            disk: &[("Attachments/x.png", Presence::File)],
            events: &["Attachments/x.png"],
            read: &[],
            folders: &[],
            gone: &[],
        },
    ];

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn every_case() {
        let config = Config::default();
        for case in CASES {
            let disk: BTreeMap<&str, Presence> = case.disk.iter().copied().collect();
            let got = changes(case.events.iter().copied(), false, &config, |rel| {
                disk.get(rel).copied().unwrap_or(Presence::Absent)
            });
            let want = Changes {
                rescan: false,
                read: set(case.read),
                folders: set(case.folders),
                gone: set(case.gone),
            };
            assert_eq!(got, want, "{}", case.name);
        }
    }

    #[test]
    fn lost_events_mean_a_full_rescan() {
        let got = changes(["a.md"], true, &Config::default(), |_| Presence::File);
        assert!(got.rescan);
        assert!(got.read.is_empty());
    }
}
