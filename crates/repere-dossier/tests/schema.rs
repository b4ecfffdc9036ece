//! The dossier's documents and `evaluation.toml` have JSON Schemas: the ones checked in under
//! `docs/schema/` are those the code generates (`REPERE_BLESS=1` rewrites them), and the
//! documents of a real dossier, tampered with or not, validate against theirs.

mod common;

use std::path::PathBuf;

use common::*;
use repere_dossier::doc::{LogDoc, Output, StatusDoc, VerifyDoc, json, schema};
use repere_dossier::{evaluation_schema, verify};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../docs/schema/{name}.schema.json"))
}

fn generated() -> Vec<(&'static str, String)> {
    let mut all: Vec<(&str, String)> = Output::ALL.iter().map(|o| (o.name(), schema(*o))).collect();
    all.push(("evaluation", evaluation_schema()));
    all
}

#[test]
fn checked_in_schemas_match_the_code() {
    let bless = std::env::var_os("REPERE_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, text) in generated() {
        if bless {
            std::fs::write(path(name), &text).unwrap();
            continue;
        }
        if std::fs::read_to_string(path(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["$id"], format!("urn:repere:schema:{name}:1"));
    }
    assert!(
        stale.is_empty(),
        "stale schemas (REPERE_BLESS=1 cargo test -p repere-dossier --test schema): {stale:?}"
    );
}

fn validate(name: &str, text: &str) -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path(name)).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    validator.iter_errors(&v).map(|e| e.to_string()).collect()
}

#[test]
fn a_real_dossier_validates() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let state = d.state().unwrap();

    let status = json(&StatusDoc::new(&state));
    assert_eq!(validate("dossier-status", &status), Vec::<String>::new());
    let v: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(v["format"], "repere-dossier-status/1");
    assert_eq!(v["assessments"][0]["id"], "framing-1");

    let log = json(&LogDoc::new(&state));
    assert_eq!(validate("dossier-log", &log), Vec::<String>::new());
    let v: serde_json::Value = serde_json::from_str(&log).unwrap();
    assert_eq!(
        v["entries"].as_array().unwrap().len(),
        state.entries().len()
    );
    // Each entry is its trail line, as written.
    let first = std::fs::read_to_string(d.trail_path()).unwrap();
    let first: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert_eq!(v["entries"][0], first);

    let clean = json(&VerifyDoc::new(&verify(d.dir())));
    assert_eq!(validate("dossier-verify", &clean), Vec::<String>::new());
    // A torn last entry: the problem is named with a stable code.
    let mut trail = std::fs::read(d.trail_path()).unwrap();
    trail.pop();
    std::fs::write(d.trail_path(), trail).unwrap();
    let torn = json(&VerifyDoc::new(&verify(d.dir())));
    assert_eq!(validate("dossier-verify", &torn), Vec::<String>::new());
    let v: serde_json::Value = serde_json::from_str(&torn).unwrap();
    assert_eq!(v["intact"], false);
    assert!(
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"] == "torn-entry" && p["file"] == "trail.jsonl"),
        "{v}"
    );

    // evaluation.toml, read as TOML, validates against the evaluation schema; a member
    // without a key does not.
    let text = std::fs::read_to_string(d.evaluation_path()).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    let as_json = serde_json::to_string(&value).unwrap();
    assert_eq!(validate("evaluation", &as_json), Vec::<String>::new());
    let mut broken: serde_json::Value = serde_json::from_str(&as_json).unwrap();
    broken["members"][0].as_object_mut().unwrap().remove("key");
    assert!(!validate("evaluation", &broken.to_string()).is_empty());
}
