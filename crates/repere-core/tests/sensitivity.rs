//! SMAA-2: the Dirichlet sampler's moments and seeds, acceptability by hand, ties.

use repere_core::batch::{BatchScorer, NOT_ASSESSED};
use repere_core::sensitivity::{Draws, MAX_PROCESSES, SmaaError, central_weights, smaa, sweep};
use repere_core::*;

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn en(s: &str) -> Text {
    Text::new(Lang::en(), s)
}

/// One dimension of `k` criteria on a percentage scale, overall = the dimension.
fn grid(k: usize) -> (Grid, Profile) {
    let mut draft = GridDraft::new(id("g"), "1", en("G"), Lang::en());
    draft.scales.push(Scale {
        id: id("pct"),
        label: en("%"),
        kind: ScaleKind::Percentage,
    });
    let mut d = Dimension::new(id("all"), en("All"));
    for i in 0..k {
        let c = format!("c{i}");
        d.criteria.push(Criterion::new(id(&c), en(&c), id("pct")));
    }
    draft.dimensions.push(d);
    let g = Grid::new(draft).unwrap();
    let mut p = Profile::default_for(&g);
    p.overall = Aggregation::WeightedMean;
    p.bands = vec![
        Band {
            id: id("low"),
            label: en("low"),
            min: 0.0,
            color: "#000000".into(),
        },
        Band {
            id: id("high"),
            label: en("high"),
            min: 0.5,
            color: "#ffffff".into(),
        },
    ];
    (g, p)
}

fn moments(d: &Draws, i: usize) -> (f64, f64) {
    let n = d.len() as f64;
    let mean = (0..d.len()).map(|t| d.draw(t)[i]).sum::<f64>() / n;
    let var = (0..d.len())
        .map(|t| (d.draw(t)[i] - mean).powi(2))
        .sum::<f64>()
        / (n - 1.0);
    (mean, var)
}

#[test]
fn uniform_draws_have_the_flat_dirichlet_moments() {
    // Dirichlet(1, 1, 1, 1): mean 1/4, variance (1 × 3) / (16 × 5) = 0.0375.
    let d = Draws::uniform(4, 200_000, 11).unwrap();
    for i in 0..4 {
        let (mean, var) = moments(&d, i);
        assert!((mean - 0.25).abs() < 0.002, "{mean}");
        assert!((var - 0.0375).abs() < 0.001, "{var}");
    }
    for t in 0..100 {
        assert!((d.draw(t).iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }
}

#[test]
fn dirichlet_draws_have_their_moments() {
    // Centre (1, 2, 5) with concentration 16: α = (2, 4, 10), α₀ = 16;
    // mean αᵢ/α₀, variance αᵢ(α₀ − αᵢ) / (α₀²(α₀ + 1)).
    let d = Draws::dirichlet(&[1.0, 2.0, 5.0], 16.0, 200_000, 5).unwrap();
    for (i, a) in [2.0, 4.0, 10.0].into_iter().enumerate() {
        let (mean, var) = moments(&d, i);
        let m = a / 16.0;
        let v = a * (16.0 - a) / (256.0 * 17.0);
        assert!((mean - m).abs() < 0.002, "{i}: {mean} vs {m}");
        assert!((var - v).abs() < 0.05 * v, "{i}: {var} vs {v}");
    }
    // Small parameters (below 1) too: α = (0.3, 0.7).
    let d = Draws::dirichlet(&[3.0, 7.0], 1.0, 100_000, 9).unwrap();
    let (mean, var) = moments(&d, 0);
    assert!((mean - 0.3).abs() < 0.003, "{mean}");
    assert!((var - 0.3 * 0.7 / 2.0).abs() < 0.003, "{var}");
    // A criterion of weight 0 stays at 0.
    let d = Draws::dirichlet(&[1.0, 0.0, 1.0], 4.0, 100, 1).unwrap();
    assert!((0..100).all(|t| d.draw(t)[1] == 0.0));
}

#[test]
fn a_seed_gives_the_same_draws_and_another_seed_others() {
    let a = Draws::dirichlet(&[1.0, 2.0, 3.0], 6.0, 50, 42).unwrap();
    let b = Draws::dirichlet(&[1.0, 2.0, 3.0], 6.0, 50, 42).unwrap();
    let c = Draws::dirichlet(&[1.0, 2.0, 3.0], 6.0, 50, 43).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    // The first uniform draw of seed 1, pinned: a change of generator or method shows here.
    let u = Draws::uniform(3, 1, 1).unwrap();
    let pinned: Vec<String> = u.draw(0).iter().map(|w| format!("{w:.12}")).collect();
    assert_eq!(pinned, PINNED_UNIFORM);
}

const PINNED_UNIFORM: [&str; 3] = ["0.080383708930", "0.322101954735", "0.597514336335"];

#[test]
fn acceptability_by_hand_with_ties() {
    let (g, p) = grid(2);
    let batch = BatchScorer::new(&g, &p).unwrap();
    // Processes: A = (1, 0), B = (0, 1), C = (0.5, 0.5), D = (1, 0) (the same as A).
    let cells = [1.0, 0.0, 0.0, 1.0, 0.5, 0.5, 1.0, 0.0];
    // Draw 1 (0.75, 0.25): A = D = 0.75, C = 0.5, B = 0.25 → A 1st, D 2nd (tie: input order).
    // Draw 2 (0.25, 0.75): B 1st, C 2nd, A 3rd, D 4th.
    let draws = Draws::new(2, vec![0.75, 0.25, 0.25, 0.75]).unwrap();
    let r = smaa(&batch, &cells, &draws, 1).unwrap();
    assert_eq!(
        r.rank_counts,
        vec![1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1]
    );
    assert_eq!(r.expected_rank(0), 2.0);
    assert_eq!(r.expected_rank(1), 2.5);
    assert_eq!(r.expected_rank(2), 2.5);
    assert_eq!(r.expected_rank(3), 3.0);
    assert_eq!(r.central_weights(0), &[0.75, 0.25]);
    assert_eq!(r.central_weights(1), &[0.25, 0.75]);
    assert!(r.central_weights(3)[0].is_nan());
    assert_eq!(
        (r.score_min[0], r.score_max[0], r.score_mean[0]),
        (0.25, 0.75, 0.5)
    );
    // Bands: A is high (0.75) once and low (0.25) once.
    assert_eq!((r.band_share(0, 0), r.band_share(0, 1)), (0.5, 0.5));
    assert_eq!(r.band_share(2, 1), 1.0);
}

#[test]
fn acceptability_rows_and_columns_sum_to_one_whatever_the_threads() {
    let (g, p) = grid(5);
    let batch = BatchScorer::new(&g, &p).unwrap();
    let mut cells = Vec::new();
    let mut x = 1u64;
    for _ in 0..37 {
        for _ in 0..5 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            cells.push(if x >> 61 == 0 {
                NOT_ASSESSED
            } else {
                ((x >> 33) % 5) as f64 / 4.0
            });
        }
    }
    let draws = Draws::uniform(5, 1000, 3).unwrap();
    let one = smaa(&batch, &cells, &draws, 1).unwrap();
    let three = smaa(&batch, &cells, &draws, 3).unwrap();
    assert_eq!(format!("{one:?}"), format!("{three:?}"));
    let m = one.processes;
    for j in 0..m {
        let row: f64 = (1..=m).map(|r| one.acceptability(j, r)).sum();
        assert!((row - 1.0).abs() < 1e-12, "row {j}: {row}");
        let total: u64 = (0..m).map(|r| one.rank_counts[j * m + r]).sum();
        assert_eq!(total, 1000);
    }
    for r in 0..m {
        let col: u64 = (0..m).map(|j| one.rank_counts[j * m + r]).sum();
        assert_eq!(col, 1000, "each rank is taken once per draw");
    }
}

#[test]
fn bulk_scores_equal_the_batch_scorers() {
    // Two dimensions, weighted means: the bulk path against the scorer with each draw's weights.
    let (g1, _) = grid(4);
    let mut draft = g1.draft().clone();
    let second = draft.dimensions[0].criteria.split_off(2);
    let mut d2 = Dimension::new(id("two"), en("Two"));
    d2.criteria = second;
    draft.dimensions.push(d2);
    let g = Grid::new(draft).unwrap();
    let mut p = Profile::default_for(&g);
    p.overall = Aggregation::WeightedMean;
    let batch = BatchScorer::new(&g, &p).unwrap();
    let cells = [
        0.1,
        0.9,
        NOT_ASSESSED,
        0.4, //
        0.3,
        NOT_ASSESSED,
        NOT_ASSESSED,
        NOT_ASSESSED, //
        0.7,
        0.2,
        0.6,
        0.5,
    ];
    let draws = Draws::uniform(4, 200, 8).unwrap();
    let r = smaa(&batch, &cells, &draws, 2).unwrap();
    let mut row = vec![0.0; batch.row_width()];
    for j in 0..3 {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for t in 0..200 {
            batch
                .with_weights(draws.draw(t))
                .score_row(&cells[j * 4..j * 4 + 4], &mut row);
            lo = lo.min(row[2]);
            hi = hi.max(row[2]);
        }
        assert_eq!((r.score_min[j], r.score_max[j]), (lo, hi));
    }
}

#[test]
fn central_weights_and_the_sweep() {
    let (g, mut p) = grid(3);
    p.criterion_weights = vec![(id("c0"), 2.0), (id("c1"), 1.0), (id("c2"), 1.0)];
    p.weights_source = Some(en("t"));
    let batch = BatchScorer::new(&g, &p).unwrap();
    assert_eq!(central_weights(&batch), vec![0.5, 0.25, 0.25]);
    // Scores (1, 0, 0.5): profile score (2 + 0.5) / 4 = 0.625.
    // c0 at 0: 0.5 / 2 = 0.25; doubled: (4 + 0.5) / 6 = 0.75 → swing 0.5, first.
    let s = sweep(&batch, &[1.0, 0.0, 0.5]);
    assert_eq!(s[0].criterion, 0);
    assert_eq!(s[0].at_zero, 0.25);
    assert_eq!(s[0].doubled, 0.75);
}

#[test]
fn too_many_processes_are_refused() {
    let (g, p) = grid(1);
    let batch = BatchScorer::new(&g, &p).unwrap();
    let draws = Draws::uniform(1, 2, 1).unwrap();
    let cells = vec![0.5; MAX_PROCESSES + 1];
    assert!(matches!(
        smaa(&batch, &cells, &draws, 1),
        Err(SmaaError::TooManyProcesses { found: 2001 })
    ));
    assert!(smaa(&batch, &cells[..2000], &draws, 1).is_ok());
}

#[test]
fn one_dimension_with_gates_equals_the_batch_scorer_draw_by_draw() {
    // One dimension (the M1 shape), a gate on the dimension and one on the overall score:
    // each draw's overall score, bit for bit, as the scorer gives it with the draw's weights.
    let (g, mut p) = grid(5);
    for (target, cap) in [
        (GateTarget::Dimension(id("all")), 0.45),
        (GateTarget::Overall, 0.4),
    ] {
        p.gates.push(Gate {
            criterion: id("c0"),
            below: Threshold::Score(0.3),
            target,
            cap: Cap::Score(cap),
            reason: en("r"),
            backing: Backing::default(),
        });
    }
    let batch = BatchScorer::new(&g, &p).unwrap();
    let draws = Draws::uniform(5, 300, 11).unwrap();
    let mut row = vec![0.0; batch.row_width()];
    for cells in [
        [0.2, 0.9, NOT_ASSESSED, 0.4, 0.8],
        [0.5, 0.9, 0.7, NOT_ASSESSED, 0.8],
        [NOT_ASSESSED; 5],
        [0.1, f64::NEG_INFINITY, 0.3, 0.35, 1.0],
    ] {
        let r = smaa(&batch, &cells, &draws, 2).unwrap();
        assert_eq!(r.scores.len(), 300);
        for t in 0..300 {
            batch
                .with_weights(draws.draw(t))
                .score_row(&cells, &mut row);
            assert_eq!(
                r.scores[t].to_bits(),
                row[1].to_bits(),
                "{cells:?} draw {t}"
            );
        }
    }
}

/// The rank counts of a naive analysis: each draw's scores from the batch scorer, sorted by
/// score (highest first, no score last), ties by input order.
fn naive_rank_counts(batch: &BatchScorer<'_>, cells: &[f64], draws: &Draws) -> Vec<u64> {
    let k = batch.criteria();
    let m = cells.len() / k;
    let mut counts = vec![0u64; m * m];
    let mut row = vec![0.0; batch.row_width()];
    let overall = batch.dimensions();
    for t in 0..draws.len() {
        let scorer = batch.with_weights(draws.draw(t));
        let scores: Vec<f64> = (0..m)
            .map(|j| {
                scorer.score_row(&cells[j * k..(j + 1) * k], &mut row);
                row[overall]
            })
            .collect();
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_by(|&a, &b| match (scores[a].is_nan(), scores[b].is_nan()) {
            (false, false) => scores[b].total_cmp(&scores[a]).then(a.cmp(&b)),
            (x, y) => x.cmp(&y).then(a.cmp(&b)),
        });
        for (rank, j) in order.into_iter().enumerate() {
            counts[j * m + rank] += 1;
        }
    }
    counts
}

#[test]
fn ranks_equal_a_naive_sort_with_ties_near_ties_and_no_scores() {
    // 300 processes on 3 criteria: few distinct scores (many exact ties), pairs that differ
    // in their last bits (near ties, in one bucket of the ranking), and processes with no
    // score at all.
    let (g, p) = grid(3);
    let batch = BatchScorer::new(&g, &p).unwrap();
    let mut cells = Vec::new();
    let mut x = 7u64;
    for j in 0..300 {
        for _ in 0..3 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let level = ((x >> 33) % 5) as f64 / 4.0;
            cells.push(match j % 10 {
                0 => NOT_ASSESSED,
                1 => f64::from_bits(level.to_bits() + (x >> 62)),
                _ => level,
            });
        }
    }
    let draws = Draws::uniform(3, 400, 11).unwrap();
    let expected = naive_rank_counts(&batch, &cells, &draws);
    for threads in [1, 2] {
        let r = smaa(&batch, &cells, &draws, threads).unwrap();
        assert_eq!(r.rank_counts, expected, "{threads} thread(s)");
    }
}

#[test]
fn rank_counts_hold_more_draws_than_a_u16_per_thread() {
    // 70,000 draws on one thread: more than a 16-bit count holds.
    let (g, p) = grid(2);
    let batch = BatchScorer::new(&g, &p).unwrap();
    let cells = [1.0, 0.0, 0.0, 1.0, 0.5, 0.5];
    let draws = Draws::uniform(2, 70_000, 5).unwrap();
    let r = smaa(&batch, &cells, &draws, 1).unwrap();
    let expected = naive_rank_counts(&batch, &cells, &draws);
    assert_eq!(r.rank_counts, expected);
    assert_eq!(r.rank_counts.iter().sum::<u64>(), 3 * 70_000);
}
