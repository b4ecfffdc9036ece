//! Scoring benchmarks: one assessment of a 40-criterion grid (6 dimensions) and of a
//! 1,000-criterion grid (25 dimensions), with a profile that weighs every criterion and every
//! dimension, takes the weighted mean per dimension and overall, and has a gate.
//!
//! `scorer-new` measures [`Scorer::new`] (checking the profile against the grid and preparing
//! the lookups); `score` measures [`Scorer::score`] (validating the assessment, then scoring).
//!
//! Run with `cargo bench --bench scoring`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion as Bench, Throughput, criterion_group, criterion_main};
use repere::core::*;

fn id(s: impl Into<String>) -> Id {
    Id::new(s).expect("a valid id")
}

fn en(s: &str) -> Text {
    Text::new(Lang::en(), s).with(Lang::fr(), s)
}

/// A grid of `criteria` criteria spread over `dimensions` dimensions, on a five-level scale,
/// a percentage and a yes/no scale, with a profile and an assessment that rates 90 % of them
/// (the rest are not applicable or not assessed) and sets a few targets.
fn fixture(criteria: usize, dimensions: usize) -> (Grid, Profile, Assessment) {
    let mut draft = GridDraft::new(id("bench"), "1.0.0", en("Benchmark grid"), Lang::en());
    let levels = ["none", "low", "mid", "good", "full"];
    draft.scales.push(Scale::ordinal(
        id("five"),
        en("Five levels"),
        levels
            .iter()
            .zip(0..)
            .map(|(l, v)| {
                let mut level = Level::new(id(*l), v, en(l));
                level.descriptor = en("what this level means");
                level
            })
            .collect(),
    ));
    draft.scales.push(Scale {
        id: id("pct"),
        label: en("Percentage"),
        kind: ScaleKind::Percentage,
    });
    draft.scales.push(Scale {
        id: id("yn"),
        label: en("Yes / no"),
        kind: ScaleKind::Boolean {
            yes: en("yes"),
            no: en("no"),
        },
    });
    for d in 0..dimensions {
        draft
            .dimensions
            .push(Dimension::new(id(format!("d{d}")), en("Dimension")));
    }
    for c in 0..criteria {
        let scale = match c % 5 {
            3 => "pct",
            4 => "yn",
            _ => "five",
        };
        let mut crit = Criterion::new(id(format!("c{c}")), en("Criterion"), id(scale));
        if scale == "five" {
            crit.rubric
                .push((id("good"), en("what `good` means for this criterion")));
        }
        draft.dimensions[c * dimensions / criteria]
            .criteria
            .push(crit);
    }
    let grid = Grid::new(draft).expect("a valid grid");

    let mut profile = Profile::default_for(&grid);
    profile.id = id("bench");
    profile.weights_source = Some(en("benchmark"));
    profile.overall = Aggregation::WeightedMean;
    profile.criterion_weights = (0..criteria)
        .map(|c| (id(format!("c{c}")), 1.0 + (c % 3) as f64))
        .collect();
    profile.dimension_weights = (0..dimensions)
        .map(|d| (id(format!("d{d}")), 1.0 + (d % 2) as f64))
        .collect();
    profile.bands = vec![
        Band {
            id: id("weak"),
            label: en("Weak"),
            min: 0.0,
            color: "#c62828".to_owned(),
        },
        Band {
            id: id("strong"),
            label: en("Strong"),
            min: 0.6,
            color: "#2e7d32".to_owned(),
        },
    ];
    profile.gates = vec![Gate {
        criterion: id("c0"),
        below: Threshold::Level(id("mid")),
        target: GateTarget::Overall,
        cap: Cap::Band(id("weak")),
        reason: en("benchmark gate"),
        backing: Backing::default(),
    }];

    let assessor = Assessor {
        name: "Benchmark".to_owned(),
        role: Role::Evaluator,
        organisation: None,
    };
    let process = Process {
        name: "Benchmark process".to_owned(),
        ..Process::default()
    };
    let mut a = Assessment::new(GridRef::to(&grid), process, Phase::Closing, assessor);
    for c in 0..criteria {
        let value = match (c % 20, c % 5) {
            (7, _) => RatingValue::NotApplicable {
                reason: "does not apply".to_owned(),
            },
            (13, _) => RatingValue::NotAssessed,
            (_, 3) => RatingValue::Rated(Value::Number((c * 7 % 101) as f64)),
            (_, 4) => RatingValue::Rated(Value::Bool(c % 3 != 0)),
            _ => RatingValue::Rated(Value::Level(id(levels[c * 3 % 5]))),
        };
        a.ratings.push(Rating::new(id(format!("c{c}")), value));
        if c % 10 == 0 {
            a.targets
                .push((id(format!("c{c}")), Value::Level(id("full"))));
        }
    }
    (grid, profile, a)
}

fn scoring(c: &mut Bench) {
    let sizes = [(40, 6), (1_000, 25)];
    let fixtures: Vec<_> = sizes.iter().map(|&(n, d)| (n, fixture(n, d))).collect();

    let mut group = c.benchmark_group("score");
    for (n, (grid, profile, a)) in &fixtures {
        let scorer = Scorer::new(grid, profile).expect("a valid profile");
        // Sanity: the fixture scores.
        let card = scorer.score(a).expect("a valid assessment");
        assert!(card.overall.as_ref().and_then(|o| o.score).is_some());
        group.throughput(Throughput::Elements(*n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), a, |b, a| {
            b.iter(|| scorer.score(black_box(a)).expect("scores"));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("scorer-new");
    for (n, (grid, profile, _)) in &fixtures {
        group.throughput(Throughput::Elements(*n as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(n),
            &(grid, profile),
            |b, (grid, profile)| {
                b.iter(|| Scorer::new(black_box(grid), black_box(profile)).expect("valid"));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, scoring);
criterion_main!(benches);
