//! Batch scoring agrees with the scorer, worked rows by hand, statistics across processes.

use repere_core::batch::stats::{Rank, across, ranks};
use repere_core::batch::{BatchScorer, NOT_APPLICABLE, NOT_ASSESSED, cells_of, row_of};
use repere_core::*;

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn en(s: &str) -> Text {
    Text::new(Lang::en(), s)
}

/// Two dimensions: `a` (three criteria on a 0..4 scale), `b` (a percentage and a 0..4).
fn grid() -> Grid {
    let mut draft = GridDraft::new(id("g"), "1", en("G"), Lang::en());
    let levels = (0..=4)
        .map(|v| Level::new(id(&format!("l{v}")), v, en(&format!("L{v}"))))
        .collect();
    draft
        .scales
        .push(Scale::ordinal(id("five"), en("0-4"), levels));
    draft.scales.push(Scale {
        id: id("pct"),
        label: en("%"),
        kind: ScaleKind::Percentage,
    });
    let mut a = Dimension::new(id("a"), en("A"));
    for c in ["a1", "a2", "a3"] {
        a.criteria.push(Criterion::new(id(c), en(c), id("five")));
    }
    let mut b = Dimension::new(id("b"), en("B"));
    b.criteria
        .push(Criterion::new(id("b1"), en("b1"), id("pct")));
    b.criteria
        .push(Criterion::new(id("b2"), en("b2"), id("five")));
    draft.dimensions.push(a);
    draft.dimensions.push(b);
    Grid::new(draft).unwrap()
}

fn profile(g: &Grid) -> Profile {
    let mut p = Profile::default_for(g);
    p.id = id("p");
    p.weights_source = Some(en("test"));
    p.overall = Aggregation::WeightedMean;
    p.criterion_weights = vec![(id("a1"), 2.0), (id("a2"), 1.0), (id("a3"), 1.0)];
    p.dimension_weights = vec![(id("a"), 3.0), (id("b"), 1.0)];
    p
}

fn assessment(g: &Grid, ratings: &[(&str, Option<RatingValue>)]) -> Assessment {
    let assessor = Assessor {
        name: "X".into(),
        role: Role::Evaluator,
        organisation: None,
    };
    let process = Process {
        name: "P".into(),
        ..Process::default()
    };
    let mut a = Assessment::new(GridRef::to(g), process, Phase::Closing, assessor);
    for (c, v) in ratings {
        if let Some(v) = v {
            a.ratings.push(Rating::new(id(c), v.clone()));
        }
    }
    a
}

fn level(l: &str) -> Option<RatingValue> {
    Some(RatingValue::Rated(Value::Level(id(l))))
}

fn na() -> Option<RatingValue> {
    Some(RatingValue::NotApplicable {
        reason: "n/a".into(),
    })
}

#[test]
fn rows_worked_by_hand() {
    let g = grid();
    let p = profile(&g);
    let batch = BatchScorer::new(&g, &p).unwrap();
    assert_eq!(batch.row_width(), 5);
    let mut out = vec![0.0; 5];
    // a1 = 1 (weight 2), a2 = 0.5 (weight 1), a3 not applicable; b1 = 20 %, b2 not assessed.
    // a = (2 × 1 + 1 × 0.5) / 3 = 0.8333…; b = 0.2; overall = (3 × 0.8333… + 0.2) / 4 = 0.675.
    batch.score_row(&[1.0, 0.5, NOT_APPLICABLE, 0.2, NOT_ASSESSED], &mut out);
    assert!((out[0] - 2.5 / 3.0).abs() < 1e-15);
    assert_eq!(out[1], 0.2);
    assert!((out[2] - 0.675).abs() < 1e-15);
    // Completeness: 3 rated of 4 applicable; weighted: (2 + 1 + 1) / (2 + 1 + 1 + 1).
    assert_eq!(out[3], 0.75);
    assert_eq!(out[4], 0.8);
    // Nothing rated in `b`: no score there, the overall is `a` alone.
    batch.score_row(&[1.0, 1.0, 1.0, NOT_ASSESSED, NOT_APPLICABLE], &mut out);
    assert_eq!(out[1].to_bits(), f64::NAN.to_bits());
    assert_eq!(out[2], 1.0);
    assert_eq!(out[3], 0.75);
    // Nothing applies at all: completeness 1, no score anywhere.
    batch.score_row(&[NOT_APPLICABLE; 5], &mut out);
    assert!(out[0].is_nan() && out[1].is_nan() && out[2].is_nan());
    assert_eq!((out[3], out[4]), (1.0, 1.0));
}

#[test]
fn gates_and_minimum_completeness_by_hand() {
    let g = grid();
    let mut p = profile(&g);
    // a1 below level 2 caps dimension `a` at 0.4, and the overall at 0.5.
    for (target, cap) in [
        (GateTarget::Dimension(id("a")), 0.4),
        (GateTarget::Overall, 0.5),
    ] {
        p.gates.push(Gate {
            criterion: id("a1"),
            below: Threshold::Level(id("l2")),
            target,
            cap: Cap::Score(cap),
            reason: en("r"),
            backing: Backing::default(),
        });
    }
    p.min_completeness = 0.5;
    let batch = BatchScorer::new(&g, &p).unwrap();
    let mut out = vec![0.0; 5];
    // a1 = 0.25 (fires), a2 = a3 = 1: a = (0.5 + 2) / 4 = 0.625 → capped 0.4; b: 1 of 2 rated
    // (0.5 ≥ 0.5): b = 1; overall = (3 × 0.4 + 1) / 4 = 0.55 → capped 0.5.
    batch.score_row(&[0.25, 1.0, 1.0, 1.0, NOT_ASSESSED], &mut out);
    assert_eq!(out[0], 0.4);
    assert_eq!(out[1], 1.0);
    assert_eq!(out[2], 0.5);
    // a1 not assessed: the gate cannot fire; `a` has 2 of 3 rated.
    batch.score_row(
        &[NOT_ASSESSED, 1.0, 0.5, NOT_ASSESSED, NOT_ASSESSED],
        &mut out,
    );
    assert_eq!(out[0], 0.75);
    assert!(out[1].is_nan(), "b: 0 of 2 rated is below the minimum");
    assert_eq!(out[2], 0.75);
}

/// A small deterministic generator for the equivalence test.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn batch_rows_equal_the_scorers_bit_for_bit() {
    let g = grid();
    let mut rng = Lcg(7);
    let rules = [
        Aggregation::WeightedMean,
        Aggregation::WeightedGeometricMean,
        Aggregation::Minimum,
        Aggregation::None,
    ];
    for round in 0..400 {
        let mut p = profile(&g);
        p.criterion_weights = ["a1", "a2", "a3", "b1", "b2"]
            .iter()
            .map(|c| {
                (
                    id(c),
                    [0.0, 0.5, 1.0, 1.7, 3.0, 1e-9][rng.below(6) as usize],
                )
            })
            .collect();
        // Every dimension keeps a criterion of positive weight (the profile requires it).
        p.criterion_weights[0].1 = 2.0;
        p.criterion_weights[3].1 = 0.7;
        p.dimension_weights = vec![(id("a"), 0.1 + rng.below(5) as f64), (id("b"), 1.3)];
        p.overall = rules[rng.below(3) as usize];
        if round % 3 == 0 {
            p.dimension_rules = vec![(id("b"), rules[rng.below(3) as usize])];
        }
        p.min_completeness = [0.0, 0.5, 0.7][rng.below(3) as usize];
        if round % 2 == 0 {
            p.gates.push(Gate {
                criterion: id("b2"),
                below: Threshold::Score(0.5),
                target: GateTarget::Overall,
                cap: Cap::Score(0.3),
                reason: en("r"),
                backing: Backing::default(),
            });
        }
        let scorer = Scorer::new(&g, &p).unwrap();
        let batch = BatchScorer::new(&g, &p).unwrap();
        for _ in 0..25 {
            let mut ratings = Vec::new();
            for c in ["a1", "a2", "a3", "b2"] {
                ratings.push((
                    c,
                    match rng.below(7) {
                        0 => None,
                        1 => na(),
                        v => level(&format!("l{}", v - 2)),
                    },
                ));
            }
            ratings.push((
                "b1",
                match rng.below(4) {
                    0 => None,
                    _ => Some(RatingValue::Rated(Value::Number(
                        rng.below(1001) as f64 / 10.0,
                    ))),
                },
            ));
            let a = assessment(&g, &ratings);
            let card = scorer.score(&a).unwrap();
            let cells = cells_of(&card);
            let mut out = vec![0.0; batch.row_width()];
            batch.score_row(&cells, &mut out);
            let expected = row_of(&card);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&out), bits(&expected), "{ratings:?} with {p:?}");
        }
    }
}

#[test]
fn many_rows_on_threads_equal_one_by_one() {
    let g = grid();
    let p = profile(&g);
    let batch = BatchScorer::new(&g, &p).unwrap();
    let mut rng = Lcg(3);
    let cells: Vec<f64> = (0..5 * 3000)
        .map(|_| match rng.below(6) {
            0 => NOT_ASSESSED,
            v => (v - 1) as f64 / 4.0,
        })
        .collect();
    let mut one = vec![0.0; 5 * 3000];
    let mut two = vec![0.0; 5 * 3000];
    batch.score_rows(&cells, &mut one, 1);
    batch.score_rows(&cells, &mut two, 3);
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&one), bits(&two));
}

#[test]
fn statistics_across_processes_by_hand() {
    let g = grid();
    let p = profile(&g);
    let batch = BatchScorer::new(&g, &p).unwrap();
    // Three processes; a3 is 0 or 0.25 everywhere it is rated: weak everywhere.
    let cells = [
        1.0,
        0.5,
        0.0,
        0.2,
        1.0, //
        0.5,
        0.5,
        0.25,
        NOT_ASSESSED,
        NOT_APPLICABLE, //
        0.0,
        0.75,
        0.0,
        0.9,
        0.5,
    ];
    let mut rows = vec![0.0; 15];
    batch.score_rows(&cells, &mut rows, 1);
    let s = across(&batch, &cells, &rows);
    let a1 = &s.criteria[0];
    assert_eq!(a1.levels, vec![1, 0, 1, 0, 1]);
    let d = a1.scores.unwrap();
    assert_eq!(
        (d.n, d.min, d.q1, d.median, d.q3, d.max),
        (3, 0.0, 0.25, 0.5, 0.75, 1.0)
    );
    assert!(!a1.weak_everywhere);
    assert!(s.criteria[2].weak_everywhere);
    assert_eq!(s.criteria[3].not_assessed, 1);
    assert_eq!(s.criteria[4].not_applicable, 1);
    assert_eq!(s.criteria[3].levels, Vec::<usize>::new());
    assert_eq!(s.dimensions[1].no_score, 1);
    assert_eq!(s.overall.no_score, 0);
    assert_eq!(s.overall_ranks.iter().filter(|r| r.is_some()).count(), 3);
}

#[test]
fn ranks_with_ties() {
    let r = ranks(&[0.5, 1.0, 0.5, 0.5, f64::NAN, 0.0]);
    let rank = |rank, tied| Some(Rank { rank, tied });
    assert_eq!(
        r,
        vec![
            rank(2, true),
            rank(1, false),
            rank(2, true),
            rank(2, true),
            None,
            rank(5, false)
        ]
    );
}

#[test]
fn coded_rows_equal_the_cells_rows_bit_for_bit() {
    let g = grid();
    let mut p = profile(&g);
    // A weightless criterion too: rated but counting for nothing.
    p.criterion_weights.push((id("a3"), 0.0));
    p.criterion_weights.swap_remove(2);
    let batch = BatchScorer::new(&g, &p).unwrap();
    // Each criterion's scores: the levels (the percentage takes three values here).
    let scores: Vec<Vec<f64>> = vec![
        vec![0.0, 0.25, 0.5, 0.75, 1.0],
        vec![1.0, 0.75, 0.5, 0.25, 0.0],
        vec![0.0, 0.25, 0.5, 0.75, 1.0],
        vec![0.1, 0.33, 0.9],
        vec![0.0, 0.25, 0.5, 0.75, 1.0],
    ];
    let coded = batch.coded(&scores).expect("a simple profile");
    assert_eq!(coded.codes(3), 4);
    let mut rng = Lcg(5);
    let (mut a, mut b) = (vec![0.0; 5], vec![0.0; 5]);
    for _ in 0..20_000 {
        let codes: Vec<u8> = scores
            .iter()
            .map(|s| rng.below(s.len() as u64 + 1) as u8)
            .collect();
        let cells: Vec<f64> = codes
            .iter()
            .zip(&scores)
            .map(|(c, s)| {
                if *c == 0 {
                    NOT_ASSESSED
                } else {
                    s[*c as usize - 1]
                }
            })
            .collect();
        coded.score_codes(&codes, &mut a);
        batch.score_row(&cells, &mut b);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&b), "{cells:?}");
    }
    // Rows four at a time (and the remainder one by one): the same bits.
    let rows = 1003;
    let codes: Vec<u8> = (0..rows * 5)
        .map(|i| rng.below(scores[i % 5].len() as u64 + 1) as u8)
        .collect();
    let mut many = vec![0.0; rows * 5];
    coded.score_codes_rows(&codes, &mut many);
    for r in 0..rows {
        coded.score_codes(&codes[r * 5..(r + 1) * 5], &mut a);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&many[r * 5..(r + 1) * 5]), bits(&a), "row {r}");
    }
    // Not for a profile with a gate or scores too small for the one-pass mean.
    assert!(batch.coded(&vec![vec![1e-200]; 5]).is_none());
    assert!(batch.coded(&scores[..4]).is_none());
}
