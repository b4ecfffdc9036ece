//! Every JSON output has a JSON Schema: the ones checked in under `docs/schema/` are those the
//! code generates (`REPERE_BLESS=1` rewrites them), each has an `$id` and a title, and real
//! documents of every kind validate against theirs.

use std::path::PathBuf;

use repere_core::agreement::{MeasurementLevel, RatingTable, bootstrap_alpha, krippendorff_alpha};
use repere_core::{ConsolidateOptions, Grid};
use repere_report::{
    AgreementDoc, ComparisonDoc, ConsolidationDoc, Format, Kind, RenderOptions, Report, ReportLang,
    ScorecardDoc, ScorecardSet, TableFacts, render,
};

fn path(kind: Kind) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../docs/schema/{}.schema.json", kind.name()))
}

#[test]
fn checked_in_schemas_match_the_code() {
    let bless = std::env::var_os("REPERE_BLESS").is_some();
    let mut stale = Vec::new();
    for &kind in Kind::ALL {
        let generated = repere_report::schema(kind);
        if bless {
            std::fs::write(path(kind), &generated).unwrap();
            continue;
        }
        if std::fs::read_to_string(path(kind)).ok().as_deref() != Some(generated.as_str()) {
            stale.push(kind.name());
        }
        let v: serde_json::Value = serde_json::from_str(&generated).unwrap();
        assert_eq!(v["$id"], format!("urn:repere:schema:{}:1", kind.name()));
        assert!(
            v["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Repère "))
        );
    }
    assert!(
        stale.is_empty(),
        "stale schemas (REPERE_BLESS=1 cargo test -p repere-report --test schema): {stale:?}"
    );
}

fn example(file: &str) -> (Grid, repere_core::Assessment) {
    let ex = repere_catalog::examples()
        .into_iter()
        .find(|e| e.file == file)
        .unwrap_or_else(|| panic!("{file} ships"));
    let parsed = repere_toml::parse_assessment(ex.file, ex.text).unwrap();
    let grid = repere_catalog::grid_version(parsed.grid_id(), Some(parsed.grid_version())).unwrap();
    let a = parsed.resolve(&grid).unwrap();
    (grid, a)
}

fn validate<D: Report>(doc: &D) {
    let kind = D::KIND;
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path(kind)).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let out = render(doc, Format::Json, RenderOptions::default()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], kind.format_tag());
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{kind}: {errors:?}");
    // The schema is strict enough to catch a wrong type.
    let mut broken = v.clone();
    broken["format"] = serde_json::json!(7);
    assert!(
        !validator.is_valid(&broken),
        "{kind}: a number for `format` is caught"
    );
}

#[test]
fn every_kind_of_output_validates_against_its_schema() {
    let lang = ReportLang::En;
    let docs: Vec<(ScorecardDoc, repere_core::Scorecard)> = [
        "e5-montreuil-bp.g1.framing.toml",
        "e5-montreuil-bp.g1.closing.toml",
    ]
    .iter()
    .map(|f| {
        let (g, a) = example(f);
        let p = g.default_profile();
        let card = repere_core::score(&g, Some(&p), &a).unwrap();
        (ScorecardDoc::new(&g, &p, &a, &card, lang).unwrap(), card)
    })
    .collect();
    validate(&docs[0].0);
    validate(&ScorecardSet::new(
        docs.iter().map(|d| d.0.clone()).collect(),
        lang,
    ));
    let cmp = repere_core::compare(&docs[0].1, &docs[1].1).unwrap();
    validate(&ComparisonDoc::new(&docs[0].0, &docs[1].0, &cmp));

    let members: Vec<_> = [
        "e1-anneau-des-sciences.cpdp.toml",
        "e1-anneau-des-sciences.evaluator.toml",
        "e1-anneau-des-sciences.participants.toml",
    ]
    .iter()
    .map(|f| example(f))
    .collect();
    let grid = members[0].0.clone();
    let p = grid.default_profile();
    let assessments: Vec<_> = members.into_iter().map(|(_, a)| a).collect();
    let c =
        repere_core::consolidate(&grid, &p, &assessments, &ConsolidateOptions::default()).unwrap();
    validate(&ConsolidationDoc::new(&grid, &p, &c, lang));

    let table = RatingTable::from_rows([
        ("u1", "a", 1.0),
        ("u1", "b", 2.0),
        ("u2", "a", 3.0),
        ("u2", "b", 3.0),
        ("u3", "a", 1.0),
        ("u3", "b", 1.0),
    ])
    .unwrap();
    let alpha = krippendorff_alpha(&table, MeasurementLevel::Ordinal).unwrap();
    let ci = bootstrap_alpha(&table, MeasurementLevel::Ordinal, 50, 1, 0.9).unwrap();
    let facts = TableFacts::new(false, 1, vec!["comment".to_owned()]);
    validate(&AgreementDoc::new(
        "t.csv",
        &table,
        &alpha,
        Some(&ci),
        facts,
        lang,
    ));

    // Every catalogue grid's description, with its provenance below the criterion.
    for e in repere_catalog::entries() {
        let g = repere_catalog::grid_version(e.id, Some(e.version)).unwrap();
        validate(&repere_report::GridDescriptionDoc::new(&g, lang));
    }
}
