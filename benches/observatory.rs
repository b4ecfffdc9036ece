//! Observatory benchmarks: batch scoring of a dense matrix (the S1 shape: 40 criteria in 6
//! dimensions, weighted means, 5 % not assessed) and SMAA-2 rank acceptability (the M1 shape:
//! 40 criteria in one dimension, 500 processes, uniform weight draws).
//!
//! `batch/rows` scores 100,000 rows on one thread and on two, `batch/coded-rows` the same rows
//! as one-byte codes (the coded lane of `repere batch` on wide tables); `smaa/draws` runs 1,000
//! draws over 500 processes. The whole-process comparisons with the Python peers are in
//! `docs/benchmarks.md`.
//!
//! Run with `cargo bench --bench observatory`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion as Bench, Throughput, criterion_group, criterion_main};
use repere::core::batch::{BatchScorer, NOT_ASSESSED};
use repere::core::sensitivity::{Draws, smaa};
use repere::core::*;

fn id(s: impl Into<String>) -> Id {
    Id::new(s).expect("a valid id")
}

/// 40 criteria on a 0..4 scale in `dimensions` dimensions, weights 0.5 to 3, weighted means.
fn grid(dimensions: usize) -> (Grid, Profile) {
    let en = |s: &str| Text::new(Lang::en(), s);
    let mut draft = GridDraft::new(id("bench"), "1.0.0", en("Bench"), Lang::en());
    draft.scales.push(Scale::ordinal(
        id("levels"),
        en("0-4"),
        (0..5)
            .map(|v| Level::new(id(format!("{v}")), v, en("level")))
            .collect(),
    ));
    for d in 0..dimensions {
        draft
            .dimensions
            .push(Dimension::new(id(format!("d{d}")), en("dimension")));
    }
    for c in 0..40 {
        let d = c * dimensions / 40;
        draft.dimensions[d].criteria.push(Criterion::new(
            id(format!("c{c:02}")),
            en("criterion"),
            id("levels"),
        ));
    }
    let g = Grid::new(draft).expect("a valid grid");
    let mut p = Profile::default_for(&g);
    p.overall = Aggregation::WeightedMean;
    p.weights_source = Some(en("bench"));
    p.criterion_weights = (0..40)
        .map(|c| (id(format!("c{c:02}")), 0.5 + (c % 6) as f64 * 0.5))
        .collect();
    (g, p)
}

/// `rows` rows of cells: levels / 4, 5 % not assessed, from a fixed generator.
fn cells(rows: usize) -> Vec<f64> {
    let mut x = 7u64;
    (0..rows * 40)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let r = (x >> 33) % 100;
            if r < 5 {
                NOT_ASSESSED
            } else {
                (r % 5) as f64 / 4.0
            }
        })
        .collect()
}

fn batch(c: &mut Bench) {
    let (g, p) = grid(6);
    let scorer = BatchScorer::new(&g, &p).expect("the profile fits");
    let rows = 100_000;
    let input = cells(rows);
    let mut out = vec![0.0; rows * scorer.row_width()];
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(rows as u64));
    for threads in [1, 2] {
        group.bench_with_input(BenchmarkId::new("rows", threads), &threads, |b, &t| {
            b.iter(|| scorer.score_rows(black_box(&input), &mut out, t));
        });
    }
    // The same rows as codes (0 not assessed, 1 + level), scored from the prepared tables of
    // the wide-table reader's coded lane, one thread.
    let levels: Vec<f64> = (0..5).map(|l| l as f64 / 4.0).collect();
    let coded = scorer
        .coded(&vec![levels; 40])
        .expect("a weighted-mean profile");
    let codes: Vec<u8> = input
        .iter()
        .map(|c| if c.is_nan() { 0 } else { (c * 4.0) as u8 + 1 })
        .collect();
    group.bench_function("coded-rows", |b| {
        b.iter(|| coded.score_codes_rows(black_box(&codes), &mut out));
    });
    group.finish();
}

fn sensitivity(c: &mut Bench) {
    let (g, p) = grid(1);
    let scorer = BatchScorer::new(&g, &p).expect("the profile fits");
    let input = cells(500);
    let draws = Draws::uniform(40, 1000, 1).expect("draws");
    let mut group = c.benchmark_group("smaa");
    group.sample_size(20);
    group.throughput(Throughput::Elements(1000));
    for threads in [1, 2] {
        group.bench_with_input(BenchmarkId::new("draws", threads), &threads, |b, &t| {
            b.iter(|| smaa(&scorer, black_box(&input), &draws, t).expect("runs"));
        });
    }
    group.bench_function("uniform-draws-10000", |b| {
        b.iter(|| Draws::uniform(40, black_box(10_000), 1).expect("draws"));
    });
    group.bench_function("dirichlet-draws-10000", |b| {
        let centre = vec![1.0; 40];
        b.iter(|| Draws::dirichlet(&centre, 40.0, black_box(10_000), 1).expect("draws"));
    });
    group.finish();
}

criterion_group!(benches, batch, sensitivity);
criterion_main!(benches);
