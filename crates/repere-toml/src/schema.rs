//! JSON Schemas of the file kinds, generated from the file types.
//!
//! The schemas (draft 2020-12) describe what the loader accepts *in shape*: keys, types,
//! names from closed vocabularies. What depends on the rest of the file (an id used twice, a
//! scale that does not exist, a value off its scale) is checked by the loader only.
//!
//! Each schema has an `$id` that names it without pretending to be an address
//! ([`schema_id`]: `urn:repere:schema:assessment:1`) and a `title` saying what file it
//! describes. They are checked in under `docs/schema/`, printed by `repere schema`, and
//! written beside the TOML files the command line writes, where the files' `#:schema` line
//! points ([`crate::schema_file_name`]), so that editors check files offline.

use serde_json::Value;

use crate::load::FileKind;
use crate::raw::{AssessmentFile, CrosswalkFile, GridFile, ProfileFile};

/// The JSON Schema (draft 2020-12) of a file kind, pretty-printed, with a final newline.
///
/// ```
/// use repere_toml::{FileKind, schema};
/// let grid: serde_json::Value = serde_json::from_str(&schema(FileKind::Grid))?;
/// assert_eq!(grid["$id"], "urn:repere:schema:grid:1");
/// assert_eq!(grid["title"], "Repère grid file (format 1)");
/// assert_eq!(grid["required"][0], "kind");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn schema(kind: FileKind) -> String {
    let schema = match kind {
        FileKind::Grid => schemars::schema_for!(GridFile),
        FileKind::Profile => schemars::schema_for!(ProfileFile),
        FileKind::Assessment => schemars::schema_for!(AssessmentFile),
        FileKind::Crosswalk => schemars::schema_for!(CrosswalkFile),
        FileKind::Survey => schemars::schema_for!(crate::survey::SurveyFile),
    };
    let mut value = Value::from(schema);
    without_null(&mut value);
    if let Value::Object(map) = &mut value {
        map.insert("$id".to_owned(), schema_id(kind).into());
        map.insert("title".to_owned(), title(kind).into());
    }
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// The `$id` of the schema of a file kind: `urn:repere:schema:<kind>:<format>`, a name that
/// identifies the schema (and the format version it describes) and that no one will try to
/// fetch.
pub fn schema_id(kind: FileKind) -> String {
    format!("urn:repere:schema:{}:{}", kind.as_str(), crate::raw::FORMAT)
}

/// The schema's title, as editors show it: `Repère assessment file (format 1)`. What the file
/// holds is the schema's `description`.
fn title(kind: FileKind) -> String {
    format!(
        "Repère {} file (format {})",
        kind.as_str(),
        crate::raw::FORMAT
    )
}

/// Removes `null` from the types schemars gives optional keys: TOML has no null, an optional
/// key is one that may be left out.
fn without_null(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".to_owned(), only);
                }
            }
            if let Some(Value::Array(branches)) = map.get("anyOf") {
                let is_null = |b: &Value| b.get("type").is_some_and(|t| t == "null");
                if branches.iter().any(is_null) {
                    let rest: Vec<Value> =
                        branches.iter().filter(|b| !is_null(b)).cloned().collect();
                    map.remove("anyOf");
                    match <[Value; 1]>::try_from(rest) {
                        Ok([Value::Object(only)]) => {
                            for (k, v) in only {
                                map.entry(k).or_insert(v);
                            }
                        }
                        Ok([other]) => {
                            map.insert("allOf".to_owned(), Value::Array(vec![other]));
                        }
                        Err(rest) => {
                            map.insert("anyOf".to_owned(), Value::Array(rest));
                        }
                    }
                }
            }
            map.values_mut().for_each(without_null);
        }
        Value::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}
