//! The JSON Schemas checked in under `docs/schema/` are those the code generates
//! (`REPERE_BLESS=1` rewrites them), and they agree with the loader: every valid fixture
//! validates against its schema, and every fixture whose shape the loader rejects does not.

mod common;

use std::fs;
use std::path::Path;

use common::{KINDS, bless, kind_of, schema_path, toml_to_json, validator};
use repere_toml::FileKind;
use repere_toml::raw::{AssessmentFile, CrosswalkFile, GridFile, ProfileFile};

#[test]
fn checked_in_schemas_match_the_code() {
    let mut stale = Vec::new();
    for kind in KINDS {
        let path = schema_path(kind);
        let generated = repere_toml::schema(kind);
        if bless() {
            fs::write(&path, &generated).expect("write schema");
            continue;
        }
        if fs::read_to_string(&path).ok().as_deref() != Some(generated.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale schemas (REPERE_BLESS=1 cargo test -p repere-toml --test schema to update): {stale:?}"
    );
}

#[test]
fn schemas_name_themselves_and_written_files_point_beside_them() {
    for kind in KINDS {
        let schema: serde_json::Value =
            serde_json::from_str(&repere_toml::schema(kind)).expect("JSON");
        // An id that names the schema without pretending to be an address to fetch.
        let id = schema["$id"].as_str().expect("an $id");
        assert_eq!(id, format!("urn:repere:schema:{}:1", kind.as_str()));
        assert_eq!(id, repere_toml::schema_id(kind));
        assert_eq!(
            schema["title"].as_str(),
            Some(format!("Repère {} file (format 1)", kind.as_str()).as_str())
        );
        assert_eq!(
            schema["$schema"].as_str(),
            Some("https://json-schema.org/draft/2020-12/schema")
        );
        // Every property of every object is described, for editors' hovers.
        let mut undescribed = Vec::new();
        described(&schema, "#", &mut undescribed);
        assert!(undescribed.is_empty(), "{kind:?}: {undescribed:?}");
        assert_eq!(
            repere_toml::schema_file_name(kind),
            format!("repere-{}.schema.json", kind.as_str())
        );
    }
    let grid = repere_toml::load_grid("small", include_str!("fixtures/valid/small-grid.toml"))
        .expect("loads");
    assert!(repere_toml::grid_to_toml(&grid).starts_with("#:schema ./repere-grid.schema.json\n"));
    let profile = grid.profiles().first().expect("a profile");
    assert!(
        repere_toml::profile_to_toml(profile, &grid)
            .starts_with("#:schema ./repere-profile.schema.json\n")
    );
    let opts = repere_toml::TemplateOptions::new(
        repere_core::Phase::Closing,
        repere_core::Role::Evaluator,
        repere_core::Lang::en(),
    );
    let template = repere_toml::template(&grid, &opts);
    assert!(template.starts_with("#:schema ./repere-assessment.schema.json\n# Assessment on grid"));
    let printed =
        repere_toml::template(&grid, &opts.with_schema_line(repere_toml::SchemaLine::Omit));
    assert_eq!(
        printed,
        template.trim_start_matches("#:schema ./repere-assessment.schema.json\n")
    );
}

/// Collects the properties without a description.
fn described(schema: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                for (name, prop) in props {
                    if prop.get("description").is_none() {
                        out.push(format!("{at}/properties/{name}"));
                    }
                }
            }
            for (k, v) in map {
                described(v, &format!("{at}/{k}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                described(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn fixture_files(dir: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| {
            let bytes = fs::read(&p).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, text.trim_start_matches('\u{feff}').to_owned()))
        })
        .collect();
    files.sort();
    files
}

fn errors(kind: FileKind, json: &serde_json::Value) -> Vec<String> {
    validator(kind)
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn valid_fixtures_validate_against_their_schema() {
    let files = fixture_files("valid");
    assert!(files.len() >= 6);
    for (name, text) in files {
        let value: toml::Value = toml::from_str(&text).expect("TOML");
        let kind = kind_of(&value).expect("a kind");
        let errors = errors(kind, &toml_to_json(&value));
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

/// Whether the file types accept the document (its shape is right).
fn shape_ok(kind: FileKind, text: &str) -> bool {
    match kind {
        FileKind::Grid => toml::from_str::<GridFile>(text).is_ok(),
        FileKind::Profile => toml::from_str::<ProfileFile>(text).is_ok(),
        FileKind::Assessment => toml::from_str::<AssessmentFile>(text).is_ok(),
        FileKind::Crosswalk => toml::from_str::<CrosswalkFile>(text).is_ok(),
        FileKind::Survey => toml::from_str::<repere_toml::survey::SurveyFile>(text).is_ok(),
        _ => unreachable!("five kinds"),
    }
}

#[test]
fn fixtures_of_the_wrong_shape_do_not_validate() {
    let mut rejected = Vec::new();
    for (name, text) in fixture_files("invalid") {
        let Ok(value) = toml::from_str::<toml::Value>(&text) else {
            continue; // not TOML: nothing to validate
        };
        let json = toml_to_json(&value);
        match kind_of(&value) {
            Some(kind) => {
                if !shape_ok(kind, &text) {
                    assert!(
                        !errors(kind, &json).is_empty(),
                        "{name}: the loader rejects its shape, the schema accepts it"
                    );
                    rejected.push(name);
                }
            }
            None => {
                for kind in KINDS {
                    assert!(
                        !errors(kind, &json).is_empty(),
                        "{name}: {kind:?} accepts it"
                    );
                }
                rejected.push(name);
            }
        }
    }
    assert!(
        rejected.len() >= 15,
        "only {} rejected: {rejected:?}",
        rejected.len()
    );
}

#[test]
fn the_schema_is_no_looser_than_the_loader() {
    // Whatever validates has a shape the file types accept.
    for (name, text) in fixture_files("invalid")
        .into_iter()
        .chain(fixture_files("valid"))
    {
        let Ok(value) = toml::from_str::<toml::Value>(&text) else {
            continue;
        };
        let Some(kind) = kind_of(&value) else {
            continue;
        };
        if errors(kind, &toml_to_json(&value)).is_empty() {
            assert!(
                shape_ok(kind, &text),
                "{name}: the schema accepts it, the loader does not"
            );
        }
    }
}
