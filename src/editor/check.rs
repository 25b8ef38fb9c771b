//! Note editor, the re-parse check: an edit is written only when the new
//! text reads as the old one plus the one change.
//!
//! Both texts are parsed with the project's own front-matter code (the YAML
//! parser, not the fast reader for flat shapes), so the check does not share
//! the editor's view of the text: a mistake in the line edits shows up as a
//! property or body that differs, and the edit is refused.

use crate::body;
use crate::frontmatter::{self, Property, Split, Yaml};

use super::change::{Change, Refused, wants_map_form};

const BOM: &str = "\u{feff}";

/// Checks that `new` is `old` with `change` made and nothing else: the same
/// properties in the same order but for the one value set, added or
/// extended; the same body (a property change) or the same body but for the
/// ticked line; and at most one line of `old` replaced by a few lines.
pub fn check(old: &str, new: &str, change: &Change) -> Result<(), Refused> {
    if old.starts_with(BOM) != new.starts_with(BOM) {
        return failed("the byte-order mark changed");
    }
    let old_split = frontmatter::split(old);
    let new_split = frontmatter::split(new);
    if old_split.unclosed {
        return Err(Refused::Unclosed);
    }
    if new_split.unclosed {
        return failed("the front-matter is no longer closed");
    }
    let old_properties = properties(&old_split).map_err(|error| Refused::Unparsable {
        line: error.line,
        message: error.message,
    })?;
    let new_properties = properties(&new_split).map_err(|error| Refused::CheckFailed {
        reason: format!("line {}: {}", error.line, error.message),
    })?;
    let (removed, added) = changed_lines(old, new);
    match change {
        Change::SetProperty { key, value } => {
            same_body(&old_split, &new_split)?;
            let present = old_properties.iter().any(|p| p.key == *key);
            lines_changed(
                &removed,
                &added,
                match (old_split.yaml, present) {
                    (None, _) => (0, 3),
                    (Some(_), false) => (0, 1),
                    (Some(_), true) => (1, 1),
                },
            )?;
            changed_property(&old_properties, &new_properties, key, |_, after| {
                after.is_some_and(|a| is_scalar_text(a, value))
            })
        }
        Change::AddItem {
            key,
            item,
            map_form,
        } => {
            same_body(&old_split, &new_split)?;
            let before = old_properties.iter().find(|p| p.key == *key);
            // An item goes on the list's line (flow) or on a line of its own.
            let shape = match (old_split.yaml, before) {
                (None, _) => (0, 4),
                (Some(_), None) => (0, 2),
                (Some(_), Some(_)) if removed.is_empty() => (0, 1),
                (Some(_), Some(_)) => (1, 1),
            };
            lines_changed(&removed, &added, shape)?;
            changed_property(&old_properties, &new_properties, key, |before, after| {
                is_extended(before, after, item, map_form)
            })
        }
        Change::TickTask { line, on, .. } => {
            if old_split.yaml != new_split.yaml || old_properties != new_properties {
                return failed("the properties changed");
            }
            let (Ok([removed]), Ok([added])) = (
                <&[_; 1]>::try_from(&removed[..]),
                <&[_; 1]>::try_from(&added[..]),
            ) else {
                return failed("more than the task's line changed");
            };
            let old_lines: Vec<&str> = old
                .strip_prefix(BOM)
                .unwrap_or(old)
                .split_inclusive('\n')
                .collect();
            if line.checked_sub(1).and_then(|i| old_lines.get(i)) != Some(removed) {
                return failed("another line than the task's changed");
            }
            // Undone by hand, the tick gives back the old line exactly.
            let done = format!(" ✅ {}", on.format("%Y-%m-%d"));
            let unticked = added.replacen(&done, "", 1).replacen("[x]", "[ ]", 1);
            if !added.contains(&done) || unticked != *removed {
                return failed("the task's line is not the old one ticked");
            }
            let old_tasks = body::parse(old_split.body, old_split.body_line, false).tasks;
            let new_tasks = body::parse(new_split.body, new_split.body_line, false).tasks;
            let mut expected = old_tasks.clone();
            expected.retain(|t| t.line != *line);
            if expected.len() + 1 != old_tasks.len() || expected != new_tasks {
                return failed("the open tasks are not the old ones but the ticked one");
            }
            Ok(())
        }
    }
}

fn failed<T>(reason: &str) -> Result<T, Refused> {
    Err(Refused::CheckFailed {
        reason: reason.to_owned(),
    })
}

fn properties(split: &Split<'_>) -> Result<Vec<Property>, frontmatter::YamlError> {
    split.yaml.map_or(Ok(Vec::new()), |yaml| {
        frontmatter::parse_yaml(yaml, split.yaml_line)
    })
}

fn same_body(old: &Split<'_>, new: &Split<'_>) -> Result<(), Refused> {
    if old.body == new.body {
        Ok(())
    } else {
        failed("the body changed")
    }
}

fn lines_changed(removed: &[&str], added: &[&str], shape: (usize, usize)) -> Result<(), Refused> {
    // Nothing changed: the note already held the change, which the
    // property check still requires.
    let unchanged = removed.is_empty() && added.is_empty();
    if unchanged || (removed.len(), added.len()) == shape {
        Ok(())
    } else {
        failed("more lines changed than the one change needs")
    }
}

/// The lines of `old` that `new` replaces, and the lines it puts instead:
/// what is left once the lines both start and end with are taken away.
/// Lines keep their line endings; a byte-order mark is not part of a line.
pub fn changed_lines<'a>(old: &'a str, new: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let old_lines: Vec<&str> = old
        .strip_prefix(BOM)
        .unwrap_or(old)
        .split_inclusive('\n')
        .collect();
    let new_lines: Vec<&str> = new
        .strip_prefix(BOM)
        .unwrap_or(new)
        .split_inclusive('\n')
        .collect();
    let prefix = old_lines
        .iter()
        .zip(&new_lines)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old_lines[prefix..]
        .iter()
        .rev()
        .zip(new_lines[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (
        old_lines[prefix..old_lines.len() - suffix].to_vec(),
        new_lines[prefix..new_lines.len() - suffix].to_vec(),
    )
}

/// The properties of `new` are those of `old`, in order, but for `key`,
/// which may be added last, and whose value before and after `accept` judges.
fn changed_property(
    old: &[Property],
    new: &[Property],
    key: &str,
    accept: impl Fn(Option<&Yaml>, Option<&Yaml>) -> bool,
) -> Result<(), Refused> {
    let mut expected_keys: Vec<&str> = old.iter().map(|p| p.key.as_str()).collect();
    if !expected_keys.contains(&key) {
        expected_keys.push(key);
    }
    let new_keys: Vec<&str> = new.iter().map(|p| p.key.as_str()).collect();
    if new_keys != expected_keys {
        return failed("the property names or their order changed");
    }
    for property in new.iter().filter(|p| p.key != key) {
        let before = old.iter().find(|p| p.key == property.key);
        if !before.is_some_and(|b| same_value(&b.value, &property.value)) {
            return Err(Refused::CheckFailed {
                reason: format!("`{}` changed", property.key),
            });
        }
    }
    let before = old.iter().find(|p| p.key == key).map(|p| &p.value);
    let after = new.iter().find(|p| p.key == key).map(|p| &p.value);
    if accept(before, after) {
        Ok(())
    } else {
        Err(Refused::CheckFailed {
            reason: format!("`{key}` does not hold the value asked for"),
        })
    }
}

/// Equal values; a NaN is the same as a NaN written the same way.
#[expect(
    clippy::float_cmp,
    reason = "a number must come back exactly as it was written: a margin would pass a changed value"
)]
fn same_value(a: &Yaml, b: &Yaml) -> bool {
    match (a, b) {
        (Yaml::Float(x), Yaml::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Yaml::Seq(x), Yaml::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Yaml::Map(x), Yaml::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| same_value(ka, kb) && same_value(va, vb))
        }
        _ => a == b,
    }
}

fn is_scalar_text(value: &Yaml, text: &str) -> bool {
    !matches!(value, Yaml::Seq(_) | Yaml::Map(_) | Yaml::Null)
        && value.as_text().is_some_and(|t| t == text)
}

/// `after` is the list `before` (absent or empty counts as no items) with
/// one item more at its end: `item` as text, or `map_form` as a map when
/// the list held only maps.
fn is_extended(
    before: Option<&Yaml>,
    after: Option<&Yaml>,
    item: &str,
    map_form: &[(String, String)],
) -> bool {
    let old_items: &[Yaml] = match before {
        None | Some(Yaml::Null) => &[],
        Some(Yaml::Seq(items)) => items,
        Some(_) => return false,
    };
    let Some(Yaml::Seq(new_items)) = after else {
        return false;
    };
    let Some((last, kept)) = new_items.split_last() else {
        return false;
    };
    if kept.len() != old_items.len() || !kept.iter().zip(old_items).all(|(a, b)| same_value(a, b)) {
        return false;
    }
    if before.is_some_and(|b| wants_map_form(b, map_form)) {
        let Yaml::Map(entries) = last else {
            return false;
        };
        entries.len() == map_form.len()
            && entries
                .iter()
                .zip(map_form)
                .all(|((k, v), (ek, ev))| is_scalar_text(k, ek) && is_scalar_text(v, ev))
    } else {
        is_scalar_text(last, item)
    }
}
