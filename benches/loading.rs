//! Loading benchmarks: reading and validating grids of 40 and 1,000 criteria, and an assessment
//! of the 40-criterion grid (parsing, checking against the grid).
//!
//! The files are written in code with `repere::toml::grid_to_toml` and
//! `assessment_to_toml`, from models shaped like real grids: two-language labels, questions,
//! rubrics, several kinds of scales, a profile with weights, gates and bands.
//!
//! Run with `cargo bench --bench loading`; `cargo test --benches` only checks that they run.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use repere::core::{
    Aggregation, Assessment, Assessor, Backing, Band, Cap, Criterion as GridCriterion, DataSource,
    Dimension, Evidence, Gate, GateTarget, Grid, GridDraft, GridRef, Id, Lang, Level, Phase,
    Process, Profile, Provenance, Rating, RatingValue, Role, Scale, ScaleKind, Text, Threshold,
    Value,
};

fn id(s: &str) -> Id {
    Id::new(s).expect("a valid id")
}

fn fr_en(fr: &str, en: &str) -> Text {
    Text::new(Lang::fr(), fr).with(Lang::en(), en)
}

/// A grid of `dimensions × per_dimension` criteria.
fn grid(dimensions: usize, per_dimension: usize) -> Grid {
    let mut draft = GridDraft::new(
        id("bench.grid"),
        "1.0.0",
        fr_en("Grille de mesure", "Benchmark grid"),
        Lang::fr(),
    );
    draft.description = fr_en(
        "Une grille de la taille des grilles réelles.",
        "A grid the size of real ones.",
    );
    let mut levels = Vec::new();
    for (i, (fr, en)) in [
        ("Absent", "Absent"),
        ("Émergent", "Emerging"),
        ("Établi", "Established"),
        ("Exemplaire", "Exemplary"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut l = Level::new(id(&format!("n{i}")), i as i64, fr_en(fr, en));
        l.descriptor = fr_en(&format!("Niveau {fr}."), &format!("Level {en}."));
        levels.push(l);
    }
    draft.scales = vec![
        Scale::ordinal(id("quatre"), fr_en("Quatre niveaux", "Four levels"), levels),
        Scale {
            id: id("pct"),
            label: fr_en("Pourcentage", "Percentage"),
            kind: ScaleKind::Percentage,
        },
        Scale {
            id: id("oui-non"),
            label: fr_en("Oui ou non", "Yes or no"),
            kind: ScaleKind::Boolean {
                yes: fr_en("Oui", "Yes"),
                no: fr_en("Non", "No"),
            },
        },
        Scale {
            id: id("note"),
            label: fr_en("Note sur 10", "Mark out of 10"),
            kind: ScaleKind::Range {
                min: 0.0,
                max: 10.0,
                unit: Some("/10".to_owned()),
            },
        },
    ];
    let scales = ["quatre", "quatre", "pct", "oui-non", "note"];
    for d in 0..dimensions {
        let mut dim = Dimension::new(
            id(&format!("d{d}")),
            fr_en(&format!("Dimension {d}"), &format!("Dimension {d}")),
        );
        dim.description = fr_en("Ce que couvre la dimension.", "What the dimension covers.");
        dim.provenance = Provenance::Partial;
        for c in 0..per_dimension {
            let n = d * per_dimension + c;
            let scale = scales[n % scales.len()];
            let mut crit = GridCriterion::new(
                id(&format!("c{n}")),
                fr_en(&format!("Critère {n}"), &format!("Criterion {n}")),
                id(scale),
            );
            crit.description = fr_en(
                "Ce que le critère juge, en une phrase ou deux.",
                "What the criterion judges, in a sentence or two.",
            );
            crit.questions = vec![
                fr_en("La démarche fait-elle ceci ?", "Does the process do this?"),
                fr_en("Comment le sait-on ?", "How do we know?"),
            ];
            if scale == "quatre" {
                crit.rubric = vec![
                    (id("n0"), fr_en("Rien n'est fait.", "Nothing is done.")),
                    (id("n3"), fr_en("Tout est fait.", "Everything is done.")),
                ];
            }
            crit.evidence = vec![fr_en("Compte rendu", "Minutes")];
            crit.data_sources = vec![DataSource::Document, DataSource::Interview];
            crit.phases = vec![Phase::Monitoring, Phase::Closing];
            crit.roles = vec![Role::Evaluator, Role::Guarantor];
            dim.criteria.push(crit);
        }
        draft.dimensions.push(dim);
    }
    draft.profiles = vec![Profile {
        id: id("pondere"),
        label: fr_en("Pondéré", "Weighted"),
        description: Text::empty(),
        weights_source: Some(fr_en("Illustratif", "Illustrative")),
        provenance: Provenance::Illustrative,
        weights_backing: Backing::default(),
        bands_backing: Backing::default(),
        dimension_rule: Aggregation::WeightedMean,
        dimension_rules: vec![(id("d0"), Aggregation::Minimum)],
        overall: Aggregation::WeightedGeometricMean,
        criterion_weights: vec![(id("c0"), 2.0), (id("c1"), 0.5)],
        dimension_weights: vec![(id("d0"), 2.0)],
        gates: vec![Gate {
            criterion: id("c0"),
            below: Threshold::Level(id("n2")),
            target: GateTarget::Overall,
            cap: Cap::Band(id("moyen")),
            reason: fr_en("Le critère 0 conditionne tout.", "Criterion 0 comes first."),
            backing: Backing::default(),
        }],
        bands: vec![
            Band {
                id: id("faible"),
                label: fr_en("Faible", "Weak"),
                min: 0.0,
                color: "#c62828".to_owned(),
            },
            Band {
                id: id("moyen"),
                label: fr_en("Moyen", "Fair"),
                min: 0.4,
                color: "#f9a825".to_owned(),
            },
            Band {
                id: id("bon"),
                label: fr_en("Bon", "Good"),
                min: 0.7,
                color: "#2e7d32".to_owned(),
            },
        ],
        min_completeness: 0.5,
    }];
    Grid::new(draft).expect("the benchmark grid is valid")
}

/// An assessment rating every criterion of the grid, with a justification and evidence.
fn assessment(grid: &Grid) -> Assessment {
    let assessor = Assessor {
        name: "Claire Martin".to_owned(),
        role: Role::Guarantor,
        organisation: Some("CNDP".to_owned()),
    };
    let process = Process {
        name: "Concertation préalable du tramway".to_owned(),
        organiser: Some("SYTRAL Mobilités".to_owned()),
        participants: Some(1840),
        ..Process::default()
    };
    let mut a = Assessment::new(GridRef::to(grid), process, Phase::Closing, assessor);
    for (i, (_, c)) in grid.criteria().enumerate() {
        let value = match &grid.scale_of(c).kind {
            ScaleKind::Ordinal(levels) => Value::Level(levels[i % levels.len()].id.clone()),
            ScaleKind::Percentage => Value::Number(37.5),
            ScaleKind::Boolean { .. } => Value::Bool(i % 2 == 0),
            ScaleKind::Range { .. } => Value::Number(6.5),
        };
        let mut r = Rating::new(c.id.clone(), RatingValue::Rated(value));
        r.justification = Some("D'après le rapport de la garante, pages 12 à 14.".to_owned());
        r.evidence = vec![Evidence {
            reference: "Rapport de la garante".to_owned(),
            excerpt: Some("La démarche a permis…".to_owned()),
            ..Evidence::default()
        }];
        a.ratings.push(r);
    }
    a
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_grid");
    for (dimensions, per_dimension) in [(8, 5), (40, 25)] {
        let grid = grid(dimensions, per_dimension);
        let text = repere::toml::grid_to_toml(&grid);
        let n = dimensions * per_dimension;
        // The text must load back into the same grid, or the benchmark measures an error.
        assert_eq!(
            repere::toml::load_grid("bench.toml", &text).expect("loads"),
            grid
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("criteria", n), &text, |b, text| {
            b.iter(|| repere::toml::load_grid("bench.toml", black_box(text)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("load_assessment");
    let grid = grid(8, 5);
    let a = assessment(&grid);
    let text = repere::toml::assessment_to_toml(&a);
    assert_eq!(
        repere::toml::load_assessment("bench.toml", &text, &grid).expect("loads"),
        a
    );
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("criteria", grid.criteria().count()),
        &text,
        |b, text| {
            b.iter(|| {
                repere::toml::parse_assessment("bench.toml", black_box(text))
                    .and_then(|p| p.resolve(&grid))
            })
        },
    );
    group.finish();
}

criterion_group!(benches, loading);
criterion_main!(benches);
