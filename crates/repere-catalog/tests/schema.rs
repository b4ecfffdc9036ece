//! Every catalogue grid and every example evaluation validates against the published JSON
//! Schemas (`docs/schema/`), read as an editor with TOML support reads them.

use std::path::PathBuf;

fn validator(kind: &str) -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../docs/schema/{kind}.schema.json"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// TOML as JSON: dates become strings, as editors' schema support treats them.
fn json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(json).collect()),
        toml::Value::Table(t) => J::Object(t.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
    }
}

fn check(v: &jsonschema::Validator, name: &str, text: &str) {
    let doc: toml::Value = toml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let errors: Vec<String> = v
        .iter_errors(&json(&doc))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} does not match its schema: {errors:#?}"
    );
}

#[test]
fn catalogue_grids_match_the_grid_schema() {
    let v = validator("grid");
    let entries = repere_catalog::entries();
    assert!(!entries.is_empty());
    for e in entries {
        check(&v, e.file, e.text);
    }
    // The check can fail: a misspelled key is caught by the schema too.
    let bad = repere_catalog::entries()[0]
        .text
        .replacen("default-lang", "default-language", 1);
    let doc: toml::Value = toml::from_str(&bad).unwrap();
    assert!(!v.is_valid(&json(&doc)));
}

#[test]
fn example_evaluations_match_the_assessment_schema() {
    let v = validator("assessment");
    for ex in repere_catalog::examples() {
        check(&v, ex.file, ex.text);
    }
}
