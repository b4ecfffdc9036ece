//! Properties of the scoring engine on random grids, profiles and assessments.
//!
//! A [`Spec`] describes a grid (1 to 4 dimensions of 1 to 5 criteria, each on its own scale:
//! ordinal with 2 to 6 levels, including levels at the ends of the `i64` range, range,
//! percentage or boolean, some restricted to phases), a profile (rules, weights including
//! zeros, gates on levels or scores capping dimensions or the overall score by score or by
//! band, bands, a minimum completeness) and an assessment (each criterion rated, not
//! applicable, not assessed or absent, with optional targets). [`build`] turns it into a valid
//! grid, profile and assessment.
//!
//! Ratings are given as a position in `[0, 1]` on the criterion's scale, which maps
//! monotonically to a value of the scale: raising the position never lowers the value.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::sample::Index;
use repere_core::*;

// ---------------------------------------------------------------------------------------------
// Specs and their strategies
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Kind {
    /// Level values, strictly increasing.
    Ordinal(Vec<i64>),
    Range(f64, f64),
    Percentage,
    Boolean,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum R {
    /// A position in `[0, 1]` on the scale.
    Rated(f64),
    Na,
    NotAssessed,
    /// No rating at all (not assessed, or not applicable by phase).
    Absent,
}

#[derive(Debug, Clone)]
struct Crit {
    kind: Kind,
    phases: Vec<Phase>,
    rating: R,
    weight: f64,
    target: Option<f64>,
}

#[derive(Debug, Clone)]
struct Dim {
    criteria: Vec<Crit>,
    weight: f64,
    rule: Option<Aggregation>,
}

#[derive(Debug, Clone)]
enum Below {
    Score(f64),
    /// A level of an ordinal scale (modulo the number of levels); a score of `n / 5` on
    /// other scales.
    Level(usize),
}

#[derive(Debug, Clone)]
enum CapSpec {
    Score(f64),
    /// A band (modulo the number of bands); a score cap of 0.5 when there are no bands.
    Band(usize),
}

#[derive(Debug, Clone)]
struct GateSpec {
    criterion: Index,
    below: Below,
    /// A dimension, or the overall score (a dimension when there is none).
    target: Option<Index>,
    cap: CapSpec,
}

#[derive(Debug, Clone)]
struct Spec {
    dims: Vec<Dim>,
    rule: Aggregation,
    overall: Aggregation,
    gates: Vec<GateSpec>,
    /// Band minimums after the first band's 0.
    bands: Vec<f64>,
    min_completeness: f64,
    phase: Phase,
}

const MONOTONE: [Aggregation; 3] = [
    Aggregation::WeightedMean,
    Aggregation::WeightedGeometricMean,
    Aggregation::Minimum,
];

fn rule(any: bool) -> BoxedStrategy<Aggregation> {
    if any {
        prop::sample::select(Aggregation::ALL.to_vec()).boxed()
    } else {
        prop::sample::select(MONOTONE.to_vec()).boxed()
    }
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        3 => prop::collection::btree_set(-3i64..12, 2..=6)
            .prop_map(|s| Kind::Ordinal(s.into_iter().collect())),
        1 => prop::collection::btree_set(
            prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(0i64), any::<i64>()],
            2..=6
        )
        .prop_map(|s| Kind::Ordinal(s.into_iter().collect())),
        2 => (-1e6..1e6f64, 1e-3..1e6f64).prop_map(|(min, width)| Kind::Range(min, min + width)),
        2 => Just(Kind::Percentage),
        2 => Just(Kind::Boolean),
    ]
}

fn rating() -> impl Strategy<Value = R> {
    prop_oneof![
        6 => prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64].prop_map(R::Rated),
        1 => Just(R::Na),
        1 => Just(R::NotAssessed),
        1 => Just(R::Absent),
    ]
}

fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 2 => Just(1.0), 4 => 0.01..10.0f64]
}

fn crit() -> impl Strategy<Value = Crit> {
    (
        kind(),
        prop_oneof![
            4 => Just(Vec::new()),
            1 => prop::sample::subsequence(Phase::ALL.to_vec(), 1..=3),
        ],
        rating(),
        weight(),
        prop::option::weighted(0.3, 0.0..=1.0f64),
    )
        .prop_map(|(kind, phases, rating, weight, target)| Crit {
            kind,
            phases,
            rating,
            weight,
            target,
        })
}

fn dim(any_rule: bool) -> impl Strategy<Value = Dim> {
    (
        prop::collection::vec(crit(), 1..=5),
        weight(),
        prop::option::weighted(0.3, rule(any_rule)),
    )
        .prop_map(|(criteria, weight, rule)| Dim {
            criteria,
            weight,
            rule,
        })
}

fn gate() -> impl Strategy<Value = GateSpec> {
    (
        any::<Index>(),
        prop_oneof![
            (0.0..=1.0f64).prop_map(Below::Score),
            (0usize..6).prop_map(Below::Level)
        ],
        prop::option::weighted(0.7, any::<Index>()),
        prop_oneof![
            (0.0..=1.0f64).prop_map(CapSpec::Score),
            (0usize..4).prop_map(CapSpec::Band)
        ],
    )
        .prop_map(|(criterion, below, target, cap)| GateSpec {
            criterion,
            below,
            target,
            cap,
        })
}

/// Random specs; `any_rule` admits `none` among the rules, `gates` admits gates.
fn spec(any_rule: bool, gates: bool) -> impl Strategy<Value = Spec> {
    let gates = if gates {
        prop::collection::vec(gate(), 0..=3).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    (
        prop::collection::vec(dim(any_rule), 1..=4),
        rule(any_rule),
        rule(true),
        gates,
        prop_oneof![
            Just(Vec::new()),
            prop::collection::vec(0.01..=1.0f64, 1..=3)
        ],
        prop_oneof![3 => Just(0.0), 1 => 0.0..=1.0f64],
        prop::sample::select(Phase::ALL.to_vec()),
    )
        .prop_map(
            |(dims, rule, overall, gates, bands, min_completeness, phase)| Spec {
                dims,
                rule,
                overall,
                gates,
                bands,
                min_completeness,
                phase,
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

fn id(s: impl Into<String>) -> Id {
    Id::new(s).unwrap()
}

fn en(s: &str) -> Text {
    Text::new(Lang::en(), s)
}

fn level_id(i: usize) -> Id {
    id(format!("l{i}"))
}

/// The value at `pos` in `[0, 1]` on a scale, monotone in `pos`.
fn value(kind: &Kind, pos: f64) -> Value {
    match kind {
        Kind::Ordinal(v) => Value::Level(level_id((pos * (v.len() - 1) as f64).round() as usize)),
        Kind::Range(min, max) => Value::Number((min + pos * (max - min)).min(*max)),
        Kind::Percentage => Value::Number(pos * 100.0),
        Kind::Boolean => Value::Bool(pos >= 0.5),
    }
}

fn scale(name: Id, kind: &Kind) -> Scale {
    let kind = match kind {
        Kind::Ordinal(values) => ScaleKind::Ordinal(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| Level::new(level_id(i), *v, en(&format!("level {i}"))))
                .collect(),
        ),
        Kind::Range(min, max) => ScaleKind::Range {
            min: *min,
            max: *max,
            unit: None,
        },
        Kind::Percentage => ScaleKind::Percentage,
        Kind::Boolean => ScaleKind::Boolean {
            yes: en("yes"),
            no: en("no"),
        },
    };
    Scale {
        id: name,
        label: en("scale"),
        kind,
    }
}

#[derive(Debug, Clone)]
struct Built {
    grid: Grid,
    profile: Profile,
    assessment: Assessment,
}

/// Turns a spec into a valid grid, profile and assessment: the criteria are `c0`, `c1`... in
/// order, the dimensions `d0`, `d1`...; weights that would leave nothing to aggregate are
/// raised to 1.
fn build(spec: &Spec) -> Built {
    let mut draft = GridDraft::new(id("prop"), "1", en("Property grid"), Lang::en());
    let mut criterion_weights = Vec::new();
    let mut dimension_weights = Vec::new();
    let mut dimension_rules = Vec::new();
    let mut flat: Vec<(Id, &Crit)> = Vec::new();
    for (d, dim) in spec.dims.iter().enumerate() {
        let did = id(format!("d{d}"));
        let mut rule = dim.rule.unwrap_or(spec.rule);
        if spec.overall != Aggregation::None && rule == Aggregation::None {
            rule = Aggregation::WeightedMean;
        }
        if rule != spec.rule {
            dimension_rules.push((did.clone(), rule));
        }
        let mut dimension = Dimension::new(did.clone(), en("dimension"));
        let all_zero = dim.criteria.iter().all(|c| c.weight == 0.0);
        for (k, c) in dim.criteria.iter().enumerate() {
            let cid = id(format!("c{}", flat.len()));
            let sid = id(format!("s{}", flat.len()));
            draft.scales.push(scale(sid.clone(), &c.kind));
            let mut criterion = Criterion::new(cid.clone(), en("criterion"), sid);
            criterion.phases = c.phases.clone();
            dimension.criteria.push(criterion);
            let w = if all_zero && k == 0 && rule != Aggregation::None {
                1.0
            } else {
                c.weight
            };
            criterion_weights.push((cid.clone(), w));
            flat.push((cid, c));
        }
        draft.dimensions.push(dimension);
        dimension_weights.push((did, dim.weight));
    }
    if spec.overall != Aggregation::None && dimension_weights.iter().all(|(_, w)| *w == 0.0) {
        dimension_weights[0].1 = 1.0;
    }
    let grid = Grid::new(draft).unwrap();

    let bands: Vec<Band> = {
        let mut mins = spec.bands.clone();
        if !mins.is_empty() {
            mins.push(0.0);
        }
        mins.sort_by(f64::total_cmp);
        mins.dedup();
        mins.iter()
            .enumerate()
            .map(|(i, min)| Band {
                id: id(format!("b{i}")),
                label: en("band"),
                min: *min,
                color: "#336699".to_owned(),
            })
            .collect()
    };
    let ndims = spec.dims.len();
    let gates = spec
        .gates
        .iter()
        .map(|g| {
            let (cid, c) = &flat[g.criterion.index(flat.len())];
            let below = match (&g.below, &c.kind) {
                (Below::Level(j), Kind::Ordinal(v)) => Threshold::Level(level_id(j % v.len())),
                (Below::Level(j), _) => Threshold::Score((*j % 6) as f64 / 5.0),
                (Below::Score(t), _) => Threshold::Score(*t),
            };
            let target = match &g.target {
                Some(ix) => GateTarget::Dimension(id(format!("d{}", ix.index(ndims)))),
                None if spec.overall != Aggregation::None => GateTarget::Overall,
                None => GateTarget::Dimension(id("d0")),
            };
            let cap = match &g.cap {
                CapSpec::Score(c) => Cap::Score(*c),
                CapSpec::Band(j) if !bands.is_empty() => {
                    Cap::Band(bands[j % bands.len()].id.clone())
                }
                CapSpec::Band(_) => Cap::Score(0.5),
            };
            Gate {
                criterion: cid.clone(),
                below,
                target,
                cap,
                reason: en("gate"),
                backing: Backing::default(),
            }
        })
        .collect();
    let profile = Profile {
        id: id("p"),
        label: en("Random profile"),
        description: Text::empty(),
        weights_source: Some(en("random")),
        weights_backing: Backing::default(),
        bands_backing: Backing::default(),
        provenance: Provenance::Illustrative,
        dimension_rule: if spec.overall != Aggregation::None && spec.rule == Aggregation::None {
            Aggregation::WeightedMean
        } else {
            spec.rule
        },
        dimension_rules,
        overall: spec.overall,
        criterion_weights,
        dimension_weights,
        gates,
        bands,
        min_completeness: spec.min_completeness,
    };

    let assessor = Assessor {
        name: "Property".to_owned(),
        role: Role::Evaluator,
        organisation: None,
    };
    let process = Process {
        name: "Random process".to_owned(),
        ..Process::default()
    };
    let mut assessment = Assessment::new(GridRef::to(&grid), process, spec.phase, assessor);
    for (cid, c) in &flat {
        if let Some(t) = c.target {
            assessment.targets.push((cid.clone(), value(&c.kind, t)));
        }
        let rating = match c.rating {
            R::Rated(pos) => RatingValue::Rated(value(&c.kind, pos)),
            R::Na => RatingValue::NotApplicable {
                reason: "does not apply".to_owned(),
            },
            R::NotAssessed => RatingValue::NotAssessed,
            R::Absent => continue,
        };
        assessment.ratings.push(Rating::new(cid.clone(), rating));
    }
    Built {
        grid,
        profile,
        assessment,
    }
}

fn run(b: &Built) -> Scorecard {
    Scorer::new(&b.grid, &b.profile)
        .unwrap_or_else(|e| panic!("invalid profile: {e}"))
        .score(&b.assessment)
        .unwrap_or_else(|e| panic!("invalid assessment: {e}"))
}

/// Every score of a scorecard by node: `c:<id>`, `d:<id>` and `overall`.
fn scores(card: &Scorecard) -> BTreeMap<String, Option<f64>> {
    let mut m = BTreeMap::new();
    for c in &card.criteria {
        m.insert(format!("c:{}", c.id), c.score());
    }
    for d in &card.dimensions {
        m.insert(format!("d:{}", d.id), d.score());
    }
    if let Some(o) = &card.overall {
        m.insert("overall".to_owned(), o.score);
    }
    m
}

/// The gates that fired, by node.
fn fired(card: &Scorecard) -> BTreeMap<String, Vec<usize>> {
    let mut m = BTreeMap::new();
    for d in &card.dimensions {
        m.insert(
            format!("d:{}", d.id),
            d.aggregate.gates.iter().map(|g| g.gate).collect(),
        );
    }
    if let Some(o) = &card.overall {
        m.insert(
            "overall".to_owned(),
            o.gates.iter().map(|g| g.gate).collect(),
        );
    }
    m
}

fn same_scores(
    a: &BTreeMap<String, Option<f64>>,
    b: &BTreeMap<String, Option<f64>>,
    tolerance: f64,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, x) in a {
        let y = b[k];
        match (x, y) {
            (Some(x), Some(y)) => prop_assert!(
                (x - y).abs() <= tolerance,
                "{}: {} and {} differ by more than {}",
                k,
                x,
                y,
                tolerance
            ),
            _ => prop_assert_eq!(*x, y, "{} is scored in one case only", k),
        }
    }
    Ok(())
}

fn in_unit(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

/// A permutation of `0..n` from a seed (Fisher–Yates with a xorshift generator).
fn permutation(n: usize, mut seed: u64) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    seed |= 1;
    for i in (1..n).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        p.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    p
}

fn permute<T: Clone>(v: &[T], seed: u64) -> Vec<T> {
    permutation(v.len(), seed)
        .into_iter()
        .map(|i| v[i].clone())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every score (criterion, dimension raw and final, overall raw and final), every share
    /// and every gate figure is within [0, 1]; a band is given exactly when there are bands
    /// and a score.
    #[test]
    fn every_score_is_within_the_unit_interval(spec in spec(true, true)) {
        let b = build(&spec);
        let card = run(&b);
        for c in &card.criteria {
            if let Some(s) = c.score() {
                prop_assert!(in_unit(s), "criterion {} scores {}", c.id, s);
            }
            if let Some(t) = &c.target {
                prop_assert!(in_unit(t.score));
                if let Some(g) = t.gap {
                    prop_assert!((-1.0..=1.0).contains(&g));
                }
            }
        }
        let aggregates = card
            .dimensions
            .iter()
            .map(|d| &d.aggregate)
            .chain(card.overall.as_ref());
        for a in aggregates {
            for x in a.score.iter().chain(a.trace.raw.iter()) {
                prop_assert!(in_unit(*x), "aggregate {:?}", a);
            }
            for t in &a.trace.terms {
                prop_assert!(in_unit(t.score) && in_unit(t.share) && t.weight > 0.0);
            }
            for g in &a.gates {
                prop_assert!(in_unit(g.criterion_score) && in_unit(g.threshold) && in_unit(g.cap));
                prop_assert!(g.criterion_score < g.threshold);
            }
            if let (Some(s), Some(r)) = (a.score, a.trace.raw) {
                prop_assert!(s <= r);
            }
            prop_assert_eq!(a.band.is_some(), a.score.is_some() && !b.profile.bands.is_empty());
        }
        let c = card.completeness;
        prop_assert!(c.rated <= c.applicable && c.applicable <= c.total);
        prop_assert!(in_unit(c.ratio()));
    }

    /// Raising one rating never lowers a dimension or the overall score, without gates.
    #[test]
    fn raising_a_rating_never_lowers_an_aggregate(
        spec in spec(false, false),
        which in any::<Index>(),
        by in 0.0..=1.0f64,
    ) {
        check_monotone(spec, which, by)?;
    }

    /// Raising one rating never lowers a dimension or the overall score, with gates (a raised
    /// rating may stop a gate from firing, never make one fire).
    #[test]
    fn raising_a_rating_never_lowers_an_aggregate_with_gates(
        spec in spec(false, true),
        which in any::<Index>(),
        by in 0.0..=1.0f64,
    ) {
        check_monotone(spec, which, by)?;
    }

    /// Reordering the criteria within each dimension and the dimensions changes no score and
    /// no fired gate.
    #[test]
    fn reordering_changes_no_score(spec in spec(true, true), seed in any::<u64>()) {
        let b = build(&spec);
        let card = run(&b);
        let mut draft = b.grid.clone().into_draft();
        for (i, d) in draft.dimensions.iter_mut().enumerate() {
            d.criteria = permute(&d.criteria, seed.wrapping_add(i as u64));
        }
        draft.dimensions = permute(&draft.dimensions, seed.rotate_left(17));
        let grid = Grid::new(draft).unwrap();
        let mut assessment = b.assessment.clone();
        assessment.grid = GridRef::to(&grid);
        let shuffled = run(&Built { grid, profile: b.profile.clone(), assessment });
        same_scores(&scores(&card), &scores(&shuffled), 1e-12)?;
        prop_assert_eq!(fired(&card), fired(&shuffled));
    }

    /// Multiplying every weight by the same positive factor changes no score.
    #[test]
    fn scaling_the_weights_changes_no_score(
        spec in spec(true, true),
        factor in prop_oneof![1e-3..1.0f64, 1.0..1e3f64],
    ) {
        let b = build(&spec);
        let card = run(&b);
        let mut scaled = b.clone();
        for (_, w) in scaled
            .profile
            .criterion_weights
            .iter_mut()
            .chain(scaled.profile.dimension_weights.iter_mut())
        {
            *w *= factor;
        }
        same_scores(&scores(&card), &scores(&run(&scaled)), 1e-12)?;
    }

    /// Multiplying every weight by the same power of two `2^k`, from the subnormal range
    /// (`k = -1070`: weights of a few times 5e-324) to the edge of overflow (`k = 1020`),
    /// changes no score, no share and no fired gate. The weights are first rounded up to
    /// sixteenths (at most 10), so that the scaled weights are exactly representable: their
    /// products and sums would underflow or overflow if aggregation did not rescale them.
    #[test]
    fn scaling_the_weights_by_any_power_of_two_changes_no_score(
        spec in spec(true, true),
        k in prop_oneof![-1070i32..=-1000, -1000i32..1000, 1000i32..=1020],
    ) {
        let mut b = build(&spec);
        for w in profile_weights(&mut b.profile) {
            *w = (*w * 16.0).ceil() / 16.0;
        }
        let card = run(&b);
        let mut scaled = b.clone();
        // 2^k in two exact steps (2^-1070 is subnormal, 2^1070 would overflow).
        let (k1, k2) = (k / 2, k - k / 2);
        for w in profile_weights(&mut scaled.profile) {
            let x = *w * 2f64.powi(k1) * 2f64.powi(k2);
            prop_assert!(x.is_finite() && (x > 0.0) == (*w > 0.0), "{} × 2^{}", w, k);
            *w = x;
        }
        let scaled_card = run(&scaled);
        same_scores(&scores(&card), &scores(&scaled_card), 1e-12)?;
        prop_assert_eq!(fired(&card), fired(&scaled_card));
        let aggregates = |c: &Scorecard| -> Vec<Vec<f64>> {
            c.dimensions
                .iter()
                .map(|d| &d.aggregate)
                .chain(c.overall.as_ref())
                .map(|a| a.trace.terms.iter().map(|t| t.share).collect())
                .collect()
        };
        let (shares, scaled_shares) = (aggregates(&card), aggregates(&scaled_card));
        prop_assert_eq!(shares.len(), scaled_shares.len());
        for (x, y) in shares.iter().flatten().zip(scaled_shares.iter().flatten()) {
            prop_assert!((x - y).abs() <= 1e-12, "share {} vs {}", x, y);
        }
    }

    /// Rating a criterion not applicable gives the same scores as removing it from the grid
    /// (with its weight, its gates, its rating and its target).
    #[test]
    fn not_applicable_equals_removed(spec in spec(true, true), which in any::<Index>()) {
        let b = build(&spec);
        // Only a criterion whose dimension keeps at least one criterion can be removed.
        let removable: Vec<Id> = b
            .grid
            .dimensions()
            .iter()
            .filter(|d| d.criteria.len() > 1)
            .flat_map(|d| d.criteria.iter().map(|c| c.id.clone()))
            .collect();
        prop_assume!(!removable.is_empty());
        let k = removable[which.index(removable.len())].clone();

        let mut na = b.clone();
        na.assessment.ratings.retain(|r| r.criterion != k);
        na.assessment.ratings.push(Rating::new(
            k.clone(),
            RatingValue::NotApplicable { reason: "does not apply here".to_owned() },
        ));
        let with_na = run(&na);

        let mut draft = b.grid.clone().into_draft();
        for d in &mut draft.dimensions {
            d.criteria.retain(|c| c.id != k);
        }
        let grid = Grid::new(draft).unwrap();
        let mut profile = b.profile.clone();
        profile.criterion_weights.retain(|(c, _)| *c != k);
        profile.gates.retain(|g| g.criterion != k);
        let scorer = Scorer::new(&grid, &profile);
        // Removing the only weighted criterion of a dimension leaves it unaggregatable.
        prop_assume!(scorer.is_ok());
        let mut assessment = b.assessment.clone();
        assessment.grid = GridRef::to(&grid);
        assessment.ratings.retain(|r| r.criterion != k);
        assessment.targets.retain(|(c, _)| *c != k);
        let removed = scorer.unwrap().score(&assessment).unwrap();

        let mut expected = scores(&with_na);
        expected.remove(&format!("c:{k}"));
        same_scores(&expected, &scores(&removed), 0.0)?;
        for (x, y) in with_na.dimensions.iter().zip(&removed.dimensions) {
            prop_assert_eq!(x.completeness.rated, y.completeness.rated);
            prop_assert_eq!(x.completeness.applicable, y.completeness.applicable);
        }
        prop_assert_eq!(&with_na.strengths, &removed.strengths);
        prop_assert_eq!(&with_na.weaknesses, &removed.weaknesses);
    }

    /// When every rated criterion has the same score, every aggregate is exactly that score.
    #[test]
    fn identical_ratings_aggregate_to_that_rating(
        mut spec in spec(false, false),
        kind in kind(),
        pos in 0.0..=1.0f64,
    ) {
        spec.min_completeness = 0.0;
        for d in &mut spec.dims {
            for c in &mut d.criteria {
                c.kind = kind.clone();
                if let R::Rated(_) = c.rating {
                    c.rating = R::Rated(pos);
                }
            }
        }
        let b = build(&spec);
        let s = b.grid.scales()[0].normalise(&value(&kind, pos)).unwrap();
        let card = run(&b);
        let mut any_dimension = false;
        for (d, dim) in card.dimensions.iter().enumerate() {
            let weighted_rated = b.grid.dimensions()[d].criteria.iter().any(|c| {
                card.criterion(c.id.as_str()).unwrap().score().is_some()
                    && b.profile.criterion_weight(&c.id) > 0.0
            });
            if weighted_rated {
                prop_assert_eq!(dim.score(), Some(s), "dimension {}", dim.id);
                any_dimension |= dim.weight > 0.0;
            } else {
                prop_assert_eq!(dim.score(), None);
            }
        }
        if let Some(o) = &card.overall {
            prop_assert_eq!(o.score, any_dimension.then_some(s));
        }
    }
}

/// Every weight a profile lists, criteria then dimensions.
fn profile_weights(p: &mut Profile) -> impl Iterator<Item = &mut f64> {
    p.criterion_weights
        .iter_mut()
        .chain(p.dimension_weights.iter_mut())
        .map(|(_, w)| w)
}

fn check_monotone(spec: Spec, which: Index, by: f64) -> Result<(), TestCaseError> {
    let rated: Vec<(usize, usize)> = spec
        .dims
        .iter()
        .enumerate()
        .flat_map(|(d, dim)| {
            dim.criteria
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c.rating, R::Rated(_)))
                .map(move |(k, _)| (d, k))
        })
        .collect();
    prop_assume!(!rated.is_empty());
    let (d, k) = rated[which.index(rated.len())];
    let before = run(&build(&spec));
    let mut raised = spec.clone();
    let R::Rated(pos) = raised.dims[d].criteria[k].rating else {
        unreachable!("chosen among rated criteria")
    };
    raised.dims[d].criteria[k].rating = R::Rated(pos + (1.0 - pos) * by);
    let after = run(&build(&raised));

    let (sb, sa) = (scores(&before), scores(&after));
    for (node, old) in &sb {
        let new = sa[node];
        match (old, new) {
            (Some(old), Some(new)) => prop_assert!(
                new >= old - 1e-12,
                "{} fell from {} to {} when c{} was raised",
                node,
                old,
                new,
                spec.dims[..d]
                    .iter()
                    .map(|x| x.criteria.len())
                    .sum::<usize>()
                    + k
            ),
            // Raising a rating changes no completeness: what was scored stays scored.
            _ => prop_assert_eq!(old.is_some(), new.is_some(), "{}", node),
        }
    }
    Ok(())
}
