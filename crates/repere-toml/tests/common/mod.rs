//! Helpers shared by the schema and documentation tests: TOML as JSON, and the checked-in
//! JSON Schemas.
#![allow(dead_code, reason = "each test file uses a part of the helpers")]

use std::path::PathBuf;

use repere_toml::FileKind;

/// The environment variable that makes tests rewrite their expected files.
pub(crate) const BLESS_VAR: &str = "REPERE_BLESS";

/// Whether expected files are to be rewritten.
pub(crate) fn bless() -> bool {
    std::env::var_os(BLESS_VAR).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The workspace's root directory.
pub(crate) fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The checked-in schema of a file kind.
pub(crate) fn schema_path(kind: FileKind) -> PathBuf {
    workspace().join(format!("docs/schema/{}.schema.json", kind.as_str()))
}

/// A validator for the checked-in schema of a file kind, checking `format`s (dates) too.
pub(crate) fn validator(kind: FileKind) -> jsonschema::Validator {
    let path = schema_path(kind);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let schema: serde_json::Value = serde_json::from_str(&text).expect("a schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{} is not a valid schema: {e}", path.display()))
}

/// A TOML document as the JSON an editor's schema support validates: dates as strings.
pub(crate) fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        // NaN and infinities have no JSON form: null, which no schema type accepts as a number.
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// The kind a document says it is.
pub(crate) fn kind_of(v: &toml::Value) -> Option<FileKind> {
    match v.get("kind")?.as_str()? {
        "grid" => Some(FileKind::Grid),
        "profile" => Some(FileKind::Profile),
        "assessment" => Some(FileKind::Assessment),
        "crosswalk" => Some(FileKind::Crosswalk),
        "survey" => Some(FileKind::Survey),
        _ => None,
    }
}

/// Every file kind.
pub(crate) const KINDS: [FileKind; 5] = [
    FileKind::Grid,
    FileKind::Profile,
    FileKind::Assessment,
    FileKind::Crosswalk,
    FileKind::Survey,
];
