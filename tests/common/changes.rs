//! The note editor's changes, written short for the tests.

use suivi::editor::Change;

/// `key: value` set.
pub fn set(key: &str, value: &str) -> Change {
    Change::SetProperty {
        key: key.into(),
        value: value.into(),
    }
}

/// `item` added to the list `key`, as text.
pub fn add(key: &str, item: &str) -> Change {
    Change::AddItem {
        key: key.into(),
        item: item.into(),
        map_form: Vec::new(),
    }
}
