//! The generated `Cargo.toml` is shared: axumgen owns the entries it writes (the `[package]`
//! fields it sets, each of its dependencies and dev-dependencies), the user owns everything
//! else (dependencies added with `cargo add`, `[features]`, `[profile.*]`, `[lints]`,
//! comments, order, formatting).
//!
//! [`merge`] applies a newly rendered manifest to the one on disk with `toml_edit`, entry by
//! entry: an entry still as axumgen last wrote it is updated (or removed when the spec no
//! longer needs it), a new one is added, and one the user changed is reported by name and
//! restored only with `--force`. Nothing else in the file changes, byte for byte.

use std::collections::BTreeMap;
use toml_edit::{DocumentMut, Item, Table, Value};

/// The tables whose entries axumgen may own.
const OWNED_TABLES: [&str; 3] = ["package", "dependencies", "dev-dependencies"];

/// The owned entries as written: `dependencies.axum` → its value, canonical (independent of
/// formatting, order and inline or long form).
pub type Entries = BTreeMap<String, String>;

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The manifest with every axumgen entry as the spec wants it (the entries in `edited`
    /// restored too: this is what `--force` writes).
    pub text: String,
    /// The entries axumgen writes now, for the project's manifest.
    pub entries: Entries,
    /// axumgen's entries the user changed or removed since axumgen wrote them (or, with no
    /// record of what it wrote, that differ from what it would write), by name.
    pub edited: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("`Cargo.toml` is not valid TOML: {0}")]
    OnDisk(toml_edit::TomlError),
    #[error("the rendered `Cargo.toml` is not valid TOML: {0}")]
    Rendered(toml_edit::TomlError),
    #[error("`Cargo.toml`: `[{0}]` is not a table")]
    NotATable(String),
    #[error("`Cargo.toml` is not UTF-8 text, so it is not TOML; fix or remove it")]
    NotUtf8,
}

/// The entries a rendered manifest owns.
pub fn entries(rendered: &str) -> Result<Entries, MergeError> {
    let doc: DocumentMut = rendered.parse().map_err(MergeError::Rendered)?;
    Ok(owned(&doc))
}

fn owned(doc: &DocumentMut) -> Entries {
    let mut entries = Entries::new();
    for table in OWNED_TABLES {
        if let Some(items) = doc.get(table).and_then(Item::as_table_like) {
            for (key, item) in items.iter() {
                entries.insert(format!("{table}.{key}"), canonical(item));
            }
        }
    }
    entries
}

/// Applies `rendered` (what the spec produces now) to `disk`, given the entries axumgen wrote
/// last time (`None` when there is no record: then an entry that differs is the user's edit).
pub fn merge(disk: &str, rendered: &str, previous: Option<&Entries>) -> Result<Merged, MergeError> {
    let mut doc: DocumentMut = disk.parse().map_err(MergeError::OnDisk)?;
    let wanted: DocumentMut = rendered.parse().map_err(MergeError::Rendered)?;
    let entries = owned(&wanted);
    let mut edited = Vec::new();
    // Entries axumgen wrote and no longer wants: removed if untouched.
    if let Some(previous) = previous {
        for (name, was) in previous {
            if entries.contains_key(name) {
                continue;
            }
            let (table, key) = split(name);
            let Some(items) = doc.get_mut(table).and_then(Item::as_table_like_mut) else {
                continue;
            };
            if items.get(key).map(canonical).as_ref() == Some(was) {
                items.remove(key);
            }
        }
    }
    for table in OWNED_TABLES {
        let Some(wanted_items) = wanted.get(table).and_then(Item::as_table_like) else {
            continue;
        };
        if doc.get(table).is_none() {
            doc.insert(table, Item::Table(Table::new()));
        }
        let items = doc
            .get_mut(table)
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| MergeError::NotATable(table.to_string()))?;
        for (key, item) in wanted_items.iter() {
            let name = format!("{table}.{key}");
            let now = canonical(item);
            let current = items.get(key).map(canonical);
            if current.as_ref() == Some(&now) {
                continue;
            }
            let was = previous.and_then(|previous| previous.get(&name));
            let untouched = match (&current, was) {
                (None, None) => true,
                (Some(current), Some(was)) => current == was,
                _ => false,
            };
            if !untouched {
                edited.push(name);
            }
            replace(items, key, item);
        }
    }
    Ok(Merged {
        text: doc.to_string(),
        entries,
        edited,
    })
}

/// Sets `key` to `item`, keeping the formatting around a value that was already there.
fn replace(items: &mut dyn toml_edit::TableLike, key: &str, item: &Item) {
    let mut item = item.clone();
    if let (Some(old), Some(new)) = (items.get(key).and_then(Item::as_value), item.as_value_mut()) {
        *new.decor_mut() = old.decor().clone();
    }
    match items.get_mut(key) {
        Some(slot) => *slot = item,
        None => {
            items.insert(key, item);
        }
    }
}

fn split(name: &str) -> (&str, &str) {
    OWNED_TABLES
        .iter()
        .find_map(|table| {
            name.strip_prefix(table)
                .and_then(|rest| rest.strip_prefix('.'))
                .map(|key| (*table, key))
        })
        .unwrap_or(("", name))
}

/// A value written the same way whatever its formatting: keys sorted, inline and long tables
/// alike, strings and numbers by their value.
fn canonical(item: &Item) -> String {
    match item {
        Item::None => String::new(),
        Item::Value(value) => canonical_value(value),
        Item::Table(table) => table_of(table.iter().map(|(k, v)| (k, canonical(v)))),
        Item::ArrayOfTables(tables) => format!(
            "[{}]",
            tables
                .iter()
                .map(|t| table_of(t.iter().map(|(k, v)| (k, canonical(v)))))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

fn canonical_value(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{:?}", text.value()),
        Value::Integer(number) => number.value().to_string(),
        Value::Float(number) => number.value().to_string(),
        Value::Boolean(flag) => flag.value().to_string(),
        Value::Datetime(datetime) => datetime.value().to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(canonical_value)
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::InlineTable(table) => table_of(table.iter().map(|(k, v)| (k, canonical_value(v)))),
    }
}

fn table_of<'a>(entries: impl Iterator<Item = (&'a str, String)>) -> String {
    let sorted: BTreeMap<&str, String> = entries.collect();
    let fields: Vec<String> = sorted
        .into_iter()
        .map(|(key, value)| format!("{key:?}={value}"))
        .collect();
    format!("{{{}}}", fields.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RENDERED: &str = r#"# @generated by axumgen
[package]
name = "demo"
version = "0.1.0"
edition = "2024"

[dependencies]
axum = "0.8.9"
tokio = { version = "1.47", features = ["macros", "rt-multi-thread"] }
serde = { version = "1.0.219", features = ["derive"] }

[dev-dependencies]
tower = { version = "0.5.2", features = ["util"] }
"#;

    fn written() -> Entries {
        entries(RENDERED).expect("valid")
    }

    #[test]
    fn the_owned_entries_are_each_package_field_and_each_dependency() {
        let written = written();
        let names: Vec<&str> = written.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "dependencies.axum",
                "dependencies.serde",
                "dependencies.tokio",
                "dev-dependencies.tower",
                "package.edition",
                "package.name",
                "package.version",
            ]
        );
    }

    #[test]
    fn formatting_and_form_do_not_change_a_value() {
        let long = "[dependencies.tokio]\nfeatures = [ \"macros\",\"rt-multi-thread\" ]\nversion = '1.47'\n";
        let doc: DocumentMut = long.parse().expect("valid");
        assert_eq!(
            canonical(&doc["dependencies"]["tokio"]),
            written()["dependencies.tokio"]
        );
    }

    #[test]
    fn the_users_own_entries_and_formatting_survive_byte_for_byte() {
        let disk = RENDERED.replace(
            "[dev-dependencies]",
            "# my database\nsqlx = { version = \"0.8\", features = [\"sqlite\"] }   # pinned\n\n[features]\nfast = []\n\n[dev-dependencies]",
        ) + "\n[profile.release]\nlto = true\n";
        let rendered = RENDERED.replace("axum = \"0.8.9\"", "axum = \"0.8.10\"");
        let merged = merge(&disk, &rendered, Some(&written())).expect("merged");
        assert!(merged.edited.is_empty());
        assert_eq!(
            merged.text,
            disk.replace("axum = \"0.8.9\"", "axum = \"0.8.10\"")
        );
    }

    #[test]
    fn entries_the_spec_no_longer_needs_go_and_new_ones_come() {
        let rendered = RENDERED
            .replace(
                "serde = { version = \"1.0.219\", features = [\"derive\"] }\n",
                "",
            )
            .replace(
                "[dev-dependencies]",
                "regex = \"1.11\"\n\n[dev-dependencies]",
            );
        let merged = merge(RENDERED, &rendered, Some(&written())).expect("merged");
        assert!(merged.edited.is_empty());
        assert!(!merged.text.contains("serde"));
        assert!(merged.text.contains("regex = \"1.11\""));
        assert_eq!(merged.entries, entries(&rendered).expect("valid"));
    }

    #[test]
    fn an_edited_entry_is_reported_by_name_and_restored_alone() {
        let disk = RENDERED
            .replace("axum = \"0.8.9\"", "axum = \"0.8.1\"")
            .replace("[dev-dependencies]", "uuid = \"1\"\n\n[dev-dependencies]");
        let merged = merge(&disk, RENDERED, Some(&written())).expect("merged");
        assert_eq!(merged.edited, ["dependencies.axum"]);
        assert_eq!(
            merged.text,
            disk.replace("axum = \"0.8.1\"", "axum = \"0.8.9\"")
        );
    }

    #[test]
    fn a_removed_entry_is_an_edit_and_an_entry_the_user_took_over_is_left() {
        let disk = RENDERED.replace("axum = \"0.8.9\"\n", "");
        let merged = merge(&disk, RENDERED, Some(&written())).expect("merged");
        assert_eq!(merged.edited, ["dependencies.axum"]);
        // serde edited by the user, then no longer needed by the spec: it stays theirs.
        let disk = RENDERED.replace(
            "features = [\"derive\"] }",
            "features = [\"derive\", \"rc\"] }",
        );
        let rendered = RENDERED.replace(
            "serde = { version = \"1.0.219\", features = [\"derive\"] }\n",
            "",
        );
        let merged = merge(&disk, &rendered, Some(&written())).expect("merged");
        assert!(merged.edited.is_empty());
        assert!(merged.text.contains("\"rc\""));
    }

    #[test]
    fn without_a_record_only_a_different_value_is_an_edit() {
        let disk = RENDERED.replace("axum = \"0.8.9\"", "axum = \"0.7\"");
        let merged = merge(&disk, RENDERED, None).expect("merged");
        assert_eq!(merged.edited, ["dependencies.axum"]);
        let merged = merge(RENDERED, RENDERED, None).expect("merged");
        assert!(merged.edited.is_empty());
        assert_eq!(merged.text, RENDERED);
    }

    #[test]
    fn a_manifest_that_is_not_toml_is_an_error_not_a_panic() {
        assert!(matches!(
            merge("[dependencies\n", RENDERED, None),
            Err(MergeError::OnDisk(_))
        ));
        assert!(matches!(
            merge("dependencies = 3\n", RENDERED, None),
            Err(MergeError::NotATable(_))
        ));
    }
}
