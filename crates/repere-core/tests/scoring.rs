//! The scoring engine, worked by hand: every aggregation, gates and caps, bands, completeness,
//! phases, targets, improvement hints, strengths and weaknesses, validation of grids, profiles
//! and assessments, and the comparison of two scorecards.
//!
//! Every expected number is computed in the test from the ratings, with the arithmetic in a
//! comment. The fixture grid uses a five-level scale (0 to 4) so that most level scores are
//! exact binary fractions: none = 0, low = 1/4, mid = 2/4, good = 3/4, full = 4/4.

use repere_core::*;

// ---------------------------------------------------------------------------------------------
// Fixture
// ---------------------------------------------------------------------------------------------

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn en(s: &str) -> Text {
    Text::new(Lang::en(), s)
}

fn level(name: &str, value: i64, descriptor: &str) -> Level {
    let mut l = Level::new(id(name), value, en(&capitalise(name)));
    l.descriptor = en(descriptor);
    l
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The scales of the fixture grid.
fn scales() -> Vec<Scale> {
    vec![
        // none 0, low 1, mid 2, good 3, full 4: scores (v − 0) / (4 − 0).
        Scale::ordinal(
            id("five"),
            en("Five levels"),
            vec![
                level("none", 0, "scale: nothing in place"),
                level("low", 1, "scale: a little"),
                level("mid", 2, "scale: half-way"),
                level("good", 3, "scale: mostly in place"),
                level("full", 4, "scale: fully in place"),
            ],
        ),
        // no 1, partly 2, yes 3: scores (v − 1) / (3 − 1) = 0, 0.5, 1.
        Scale::ordinal(
            id("ternary"),
            en("Met / partly / not met"),
            vec![
                level("no", 1, "not met"),
                level("partly", 2, "partly met"),
                level("yes", 3, "met"),
            ],
        ),
        Scale {
            id: id("pct"),
            label: en("Share of respondents"),
            kind: ScaleKind::Percentage,
        },
        Scale {
            id: id("sat"),
            label: en("Mean satisfaction"),
            kind: ScaleKind::Range {
                min: 0.0,
                max: 10.0,
                unit: Some("/10".to_owned()),
            },
        },
        Scale {
            id: id("yn"),
            label: en("Yes / no"),
            kind: ScaleKind::Boolean {
                yes: en("Yes"),
                no: en("No"),
            },
        },
    ]
}

/// Two dimensions:
/// - `safeguards`: `independence` (five, with a rubric for `good`), `neutrality` (five),
///   `deadline` (yes/no);
/// - `inclusion`: `diversity` (percentage), `satisfaction` (range 0-10), `outreach` (ternary,
///   rated only at the framing and monitoring phases).
fn draft() -> GridDraft {
    let mut d = GridDraft::new(id("demo"), "1.0.0", en("Demo grid"), Lang::en());
    d.scales = scales();
    let mut safeguards = Dimension::new(id("safeguards"), en("Safeguards"));
    let mut independence = Criterion::new(id("independence"), en("Independence"), id("five"));
    independence.rubric.push((
        id("good"),
        en("rubric: a guarantor appointed by an independent body"),
    ));
    safeguards.criteria.push(independence);
    safeguards.criteria.push(Criterion::new(
        id("neutrality"),
        en("Neutrality"),
        id("five"),
    ));
    safeguards.criteria.push(Criterion::new(
        id("deadline"),
        en("Report on time"),
        id("yn"),
    ));
    let mut inclusion = Dimension::new(id("inclusion"), en("Inclusion"));
    inclusion
        .criteria
        .push(Criterion::new(id("diversity"), en("Diversity"), id("pct")));
    inclusion.criteria.push(Criterion::new(
        id("satisfaction"),
        en("Satisfaction"),
        id("sat"),
    ));
    let mut outreach = Criterion::new(id("outreach"), en("Outreach"), id("ternary"));
    outreach.phases = vec![Phase::Framing, Phase::Monitoring];
    inclusion.criteria.push(outreach);
    d.dimensions = vec![safeguards, inclusion];
    d
}

fn grid() -> Grid {
    Grid::new(draft()).unwrap()
}

fn lvl(l: &str) -> RatingValue {
    RatingValue::Rated(Value::Level(id(l)))
}

fn num(x: f64) -> RatingValue {
    RatingValue::Rated(Value::Number(x))
}

fn yes_no(b: bool) -> RatingValue {
    RatingValue::Rated(Value::Bool(b))
}

fn na(reason: &str) -> RatingValue {
    RatingValue::NotApplicable {
        reason: reason.to_owned(),
    }
}

fn assessment(grid: &Grid, phase: Phase, ratings: &[(&str, RatingValue)]) -> Assessment {
    let assessor = Assessor {
        name: "Independent evaluator".to_owned(),
        role: Role::Evaluator,
        organisation: None,
    };
    let process = Process {
        name: "Public debate on the bypass".to_owned(),
        ..Process::default()
    };
    let mut a = Assessment::new(GridRef::to(grid), process, phase, assessor);
    for (c, v) in ratings {
        a.ratings.push(Rating::new(id(c), v.clone()));
    }
    a
}

/// The grid's default profile, to adjust per test.
fn profile(grid: &Grid) -> Profile {
    let mut p = Profile::default_for(grid);
    p.id = id("test");
    p.weights_source = Some(en("chosen for the test"));
    p
}

fn bands() -> Vec<Band> {
    let band = |name: &str, min: f64, color: &str| Band {
        id: id(name),
        label: en(&capitalise(name)),
        min,
        color: color.to_owned(),
    };
    vec![
        band("weak", 0.0, "#c62828"),
        band("fair", 0.5, "#f9a825"),
        band("strong", 0.75, "#2e7d32"),
    ]
}

fn gate(criterion: &str, below: Threshold, target: GateTarget, cap: Cap) -> Gate {
    Gate {
        criterion: id(criterion),
        below,
        target,
        cap,
        reason: en("test gate"),
        backing: Backing::default(),
    }
}

fn card(grid: &Grid, profile: &Profile, a: &Assessment) -> Scorecard {
    Scorer::new(grid, profile).unwrap().score(a).unwrap()
}

#[track_caller]
fn close(actual: Option<f64>, expected: f64) {
    let a = actual.unwrap_or_else(|| panic!("expected a score of {expected}, found none"));
    assert!(
        (a - expected).abs() < 1e-12,
        "expected {expected}, found {a}"
    );
}

fn dim_score(card: &Scorecard, d: &str) -> Option<f64> {
    card.dimension(d).unwrap().score()
}

fn paths(p: &Problems) -> Vec<String> {
    p.as_slice().iter().map(|p| p.path.to_string()).collect()
}

#[track_caller]
fn problem<'a>(p: &'a Problems, path: &str) -> &'a Problem {
    p.as_slice()
        .iter()
        .find(|x| x.path.to_string() == path)
        .unwrap_or_else(|| panic!("no problem at `{path}` in {p}"))
}

/// A full set of ratings at the closing phase (outreach is not rated at closing).
fn typical(grid: &Grid) -> Assessment {
    assessment(
        grid,
        Phase::Closing,
        &[
            ("independence", lvl("good")), // 3/4 = 0.75
            ("neutrality", lvl("mid")),    // 2/4 = 0.5
            ("deadline", yes_no(true)),    // 1
            ("diversity", num(40.0)),      // 40/100 = 0.4
            ("satisfaction", num(7.5)),    // (7.5 − 0)/(10 − 0) = 0.75
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Normalisation per scale kind
// ---------------------------------------------------------------------------------------------

#[test]
fn every_scale_kind_normalises_to_the_unit_interval() {
    let g = grid();
    let s = |name: &str| g.scale(name).unwrap();
    // ordinal: (v − v_min) / (v_max − v_min)
    assert_eq!(s("five").normalise(&Value::Level(id("none"))), Ok(0.0));
    assert_eq!(s("five").normalise(&Value::Level(id("good"))), Ok(0.75)); // (3 − 0)/4
    assert_eq!(s("ternary").normalise(&Value::Level(id("no"))), Ok(0.0)); // (1 − 1)/2
    assert_eq!(s("ternary").normalise(&Value::Level(id("partly"))), Ok(0.5)); // (2 − 1)/2
    // range: (x − min) / (max − min)
    assert_eq!(s("sat").normalise(&Value::Number(2.5)), Ok(0.25)); // 2.5/10
    assert_eq!(s("sat").normalise(&Value::Number(10.0)), Ok(1.0));
    // percentage: x / 100
    assert_eq!(s("pct").normalise(&Value::Number(50.0)), Ok(0.5));
    assert_eq!(s("pct").normalise(&Value::Number(0.0)), Ok(0.0));
    // boolean: yes 1, no 0
    assert_eq!(s("yn").normalise(&Value::Bool(true)), Ok(1.0));
    assert_eq!(s("yn").normalise(&Value::Bool(false)), Ok(0.0));
}

#[test]
fn ordinal_levels_at_the_ends_of_the_integer_range_do_not_overflow() {
    // (v − v_min) / (v_max − v_min) with v_min = i64::MIN and v_max = i64::MAX: the
    // subtraction does not fit an i64, the scores are still 0, 1/2 and 1.
    let s = Scale::ordinal(
        id("wide"),
        en("Wide"),
        vec![
            level("bottom", i64::MIN, "lowest"),
            level("middle", 0, "middle"),
            level("top", i64::MAX, "highest"),
        ],
    );
    assert_eq!(s.normalise(&Value::Level(id("bottom"))), Ok(0.0));
    assert_eq!(s.normalise(&Value::Level(id("top"))), Ok(1.0));
    // (0 − (−2⁶³)) / (2⁶³ − 1 − (−2⁶³)) = 2⁶³ / (2⁶⁴ − 1), which is 0.5 in f64.
    assert_eq!(s.normalise(&Value::Level(id("middle"))), Ok(0.5));
}

// ---------------------------------------------------------------------------------------------
// Aggregations
// ---------------------------------------------------------------------------------------------

#[test]
fn the_default_profile_is_the_unweighted_mean_per_dimension_and_no_overall() {
    let g = grid();
    let c = score(&g, None, &typical(&g)).unwrap();
    assert_eq!(c.profile.as_str(), "default");
    // safeguards: (0.75 + 0.5 + 1) / 3 = 2.25 / 3 = 0.75
    close(dim_score(&c, "safeguards"), 0.75);
    // inclusion: outreach is not rated at closing; (0.4 + 0.75) / 2 = 1.15 / 2 = 0.575
    close(dim_score(&c, "inclusion"), 0.575);
    assert!(c.overall.is_none());
    let d = c.dimension("safeguards").unwrap();
    assert_eq!(d.aggregate.trace.rule, Aggregation::WeightedMean);
    assert_eq!(
        d.aggregate.trace.to_string(),
        "weighted mean = (1 × 0.75 + 1 × 0.5 + 1 × 1) / 3 = 0.75"
    );
}

#[test]
fn weighted_mean_uses_the_profile_weights_and_the_overall_weights() {
    let g = grid();
    let mut p = profile(&g);
    p.criterion_weights = vec![(id("independence"), 2.0)];
    p.dimension_weights = vec![(id("safeguards"), 3.0)];
    p.overall = Aggregation::WeightedMean;
    let mut a = typical(&g);
    a.ratings[2].value = yes_no(false); // deadline: 0
    let c = card(&g, &p, &a);
    // safeguards: (2 × 0.75 + 1 × 0.5 + 1 × 0) / (2 + 1 + 1) = 2 / 4 = 0.5
    close(dim_score(&c, "safeguards"), 0.5);
    let trace = &c.dimension("safeguards").unwrap().aggregate.trace;
    assert_eq!(
        trace.to_string(),
        "weighted mean = (2 × 0.75 + 1 × 0.5 + 1 × 0) / 4 = 0.5"
    );
    // shares: 2/4, 1/4, 1/4
    let shares: Vec<f64> = trace.terms.iter().map(|t| t.share).collect();
    assert_eq!(shares, vec![0.5, 0.25, 0.25]);
    // inclusion: (0.4 + 0.75) / 2 = 0.575
    close(dim_score(&c, "inclusion"), 0.575);
    // overall: (3 × 0.5 + 1 × 0.575) / (3 + 1) = 2.075 / 4 = 0.51875
    close(c.overall.as_ref().unwrap().score, 0.51875);
    assert_eq!(c.dimension("safeguards").unwrap().weight, 3.0);
    assert_eq!(c.criterion("independence").unwrap().weight, 2.0);
}

#[test]
fn weighted_geometric_mean_penalises_imbalance_and_is_nullified_by_a_zero() {
    let g = grid();
    let mut p = profile(&g);
    p.dimension_rule = Aggregation::WeightedGeometricMean;
    p.criterion_weights = vec![(id("independence"), 2.0)];
    let c = card(&g, &p, &typical(&g));
    // safeguards: exp((2 ln 0.75 + 1 ln 0.5 + 1 ln 1) / 4) = (0.75² × 0.5 × 1)^(1/4)
    //           = 0.28125^(1/4) = √√0.28125 ≈ 0.7282
    let expected = 0.28125f64.sqrt().sqrt();
    close(dim_score(&c, "safeguards"), expected);
    // below the arithmetic mean (2 × 0.75 + 0.5 + 1) / 4 = 3 / 4 = 0.75
    assert!(expected < 0.75);
    // inclusion: (0.4 × 0.75)^(1/2) = √0.3 ≈ 0.5477
    close(dim_score(&c, "inclusion"), 0.3f64.sqrt());

    // A zero on a weighted criterion makes the geometric mean 0.
    let mut a = typical(&g);
    a.ratings[2].value = yes_no(false);
    let c = card(&g, &p, &a);
    close(dim_score(&c, "safeguards"), 0.0);
}

#[test]
fn minimum_ignores_zero_weights() {
    let g = grid();
    let mut p = profile(&g);
    p.dimension_rule = Aggregation::Minimum;
    p.criterion_weights = vec![(id("deadline"), 0.0)];
    let mut a = typical(&g);
    a.ratings[2].value = yes_no(false); // 0, but weighs 0
    let c = card(&g, &p, &a);
    // safeguards: min(0.75, 0.5) = 0.5; deadline (0) is left out because it weighs 0
    close(dim_score(&c, "safeguards"), 0.5);
    let trace = &c.dimension("safeguards").unwrap().aggregate.trace;
    assert_eq!(
        trace.to_string(),
        "minimum = min(0.75, 0.5) = 0.5; excluded: deadline (weight 0)"
    );
    assert_eq!(trace.excluded[0].why, Exclusion::ZeroWeight);
    // inclusion: min(0.4, 0.75) = 0.4
    close(dim_score(&c, "inclusion"), 0.4);
}

#[test]
fn no_aggregation_keeps_the_criteria_and_gives_no_dimension_score() {
    let g = grid();
    let mut p = profile(&g);
    p.dimension_rule = Aggregation::None;
    p.dimension_rules = vec![(id("inclusion"), Aggregation::Minimum)];
    let c = card(&g, &p, &typical(&g));
    let s = c.dimension("safeguards").unwrap();
    assert_eq!(s.score(), None);
    assert_eq!(s.aggregate.trace.no_score, Some(NoScore::NotAggregated));
    assert_eq!(s.aggregate.trace.to_string(), "no aggregation");
    // the criteria are still scored
    close(c.criterion("independence").unwrap().score(), 0.75);
    // the override applies to inclusion: min(0.4, 0.75) = 0.4
    close(dim_score(&c, "inclusion"), 0.4);
}

#[test]
fn aggregations_directly() {
    // scores 0.2 (weight 1) and 0.8 (weight 3)
    let xs = [(0.2, 1.0), (0.8, 3.0)];
    // mean: (1 × 0.2 + 3 × 0.8) / 4 = 2.6 / 4 = 0.65
    close(Aggregation::WeightedMean.apply(&xs), 0.65);
    // geometric: (0.2 × 0.8³)^(1/4) = (0.2 × 0.512)^(1/4) = 0.1024^(1/4) ≈ 0.5657
    close(
        Aggregation::WeightedGeometricMean.apply(&xs),
        0.1024f64.sqrt().sqrt(),
    );
    assert_eq!(Aggregation::Minimum.apply(&xs), Some(0.2));
    assert_eq!(Aggregation::None.apply(&xs), None);
    // nothing of positive weight: nothing to combine
    assert_eq!(Aggregation::WeightedMean.apply(&[(0.5, 0.0)]), None);
    assert_eq!(Aggregation::Minimum.apply(&[]), None);
}

// ---------------------------------------------------------------------------------------------
// Weights of any magnitude
// ---------------------------------------------------------------------------------------------

/// Inclusion rated so that its equal-weight mean is exact: diversity 100 % (score 1) and
/// satisfaction 3.75/10 (score 0.375): (1 + 0.375) / 2 = 0.6875; outreach is not rated at the
/// closing phase. Safeguards: 0.75, 0.5 and 1 (mean 0.75).
fn inclusion_case(g: &Grid) -> Assessment {
    let mut a = typical(g);
    a.ratings[3].value = num(100.0);
    a.ratings[4].value = num(3.75);
    a
}

/// A profile aggregating with `rule` everywhere (the inclusion rule set as an override of
/// the dimension rule, the overall score too), with these criterion and dimension weights.
fn weighted(
    g: &Grid,
    rule: Aggregation,
    criteria: &[(&str, f64)],
    dims: &[(&str, f64)],
) -> Profile {
    let mut p = profile(g);
    p.dimension_rule = Aggregation::Minimum;
    p.dimension_rules = vec![(id("inclusion"), rule), (id("safeguards"), rule)];
    p.overall = rule;
    p.criterion_weights = criteria.iter().map(|(c, w)| (id(c), *w)).collect();
    p.dimension_weights = dims.iter().map(|(d, w)| (id(d), *w)).collect();
    p
}

/// Every score of a scorecard: criteria, dimensions, overall.
fn all_scores(c: &Scorecard) -> Vec<Option<f64>> {
    c.criteria
        .iter()
        .map(CriterionScore::score)
        .chain(c.dimensions.iter().map(DimensionScore::score))
        .chain([c.overall.as_ref().and_then(|o| o.score)])
        .collect()
}

/// The case of the issue: weights of 5e-324 (the smallest double) gave 0.5, because
/// 0.375 × 5e-324 underflows to 0. Rescaled, they weigh exactly like 1 and 1.
#[test]
fn subnormal_weights_weigh_like_equal_weights() {
    let g = grid();
    let a = inclusion_case(&g);
    let tiny = 5e-324;
    for rule in [
        Aggregation::WeightedMean,
        Aggregation::WeightedGeometricMean,
    ] {
        let ones = weighted(&g, rule, &[], &[]);
        let p = weighted(
            &g,
            rule,
            &[
                ("independence", tiny),
                ("neutrality", tiny),
                ("deadline", tiny),
                ("diversity", tiny),
                ("satisfaction", tiny),
            ],
            &[("safeguards", tiny), ("inclusion", tiny)],
        );
        assert_eq!(p.validate(&g), Ok(()));
        let (c, c1) = (card(&g, &p, &a), card(&g, &ones, &a));
        // Exactly the scores of equal weights, bit for bit.
        assert_eq!(all_scores(&c), all_scores(&c1), "{rule}");
        let inclusion = c.dimension("inclusion").unwrap();
        let trace = &inclusion.aggregate.trace;
        // The trace keeps the profile's weights; the shares are 1/2 each.
        assert_eq!(
            trace
                .terms
                .iter()
                .map(|t| (t.weight, t.share))
                .collect::<Vec<_>>(),
            [(tiny, 0.5), (tiny, 0.5)]
        );
        assert_eq!(c.criterion("diversity").unwrap().weight, tiny);
        assert_eq!(inclusion.weight, tiny);
        assert_eq!(trace.weight_unit(), tiny);
        if rule == Aggregation::WeightedMean {
            assert_eq!(inclusion.score(), Some(0.6875));
            // Shown divided by the largest weight, so that it can be redone by hand.
            assert_eq!(
                trace.to_string(),
                "weighted mean (weights ÷ 5e-324) = (1 × 1 + 1 × 0.375) / 2 = 0.688; excluded: outreach (not applicable)"
            );
        } else {
            // √(1 × 0.375) ≈ 0.612
            close(inclusion.score(), 0.375f64.sqrt());
            assert_eq!(
                trace.to_string(),
                "weighted geometric mean (weights ÷ 5e-324) = (1^1 × 0.375^1)^(1/2) = 0.612; excluded: outreach (not applicable)"
            );
        }
    }
    // Directly.
    let xs = [(1.0, tiny), (0.375, tiny)];
    assert_eq!(Aggregation::WeightedMean.apply(&xs), Some(0.6875));
    assert_eq!(
        Aggregation::WeightedGeometricMean.apply(&xs),
        Aggregation::WeightedGeometricMean.apply(&[(1.0, 1.0), (0.375, 1.0)])
    );
}

/// Weights of 1e308 (and the largest double) weigh like 1: their sum overflows, the sum of
/// the rescaled weights does not.
#[test]
fn huge_weights_weigh_like_equal_weights() {
    let g = grid();
    let a = inclusion_case(&g);
    let huge = 1e308;
    for rule in [
        Aggregation::WeightedMean,
        Aggregation::WeightedGeometricMean,
    ] {
        let ones = weighted(&g, rule, &[], &[]);
        let p = weighted(
            &g,
            rule,
            &[
                ("independence", huge),
                ("neutrality", huge),
                ("deadline", huge),
                ("diversity", huge),
                ("satisfaction", huge),
            ],
            &[("safeguards", f64::MAX), ("inclusion", f64::MAX)],
        );
        assert_eq!(p.validate(&g), Ok(()));
        let (c, c1) = (card(&g, &p, &a), card(&g, &ones, &a));
        for (x, y) in all_scores(&c).into_iter().zip(all_scores(&c1)) {
            match (x, y) {
                (Some(x), Some(y)) => assert!((x - y).abs() < 1e-15, "{rule}: {x} vs {y}"),
                _ => assert_eq!(x, y),
            }
        }
        // [1e308, 1e308, 1e308] like [1, 1, 1]: (0.75 + 0.5 + 1) / 3 = 0.75.
        let safeguards = &c.dimension("safeguards").unwrap().aggregate.trace;
        for t in &safeguards.terms {
            assert_eq!(t.weight, huge);
            assert!((t.share - 1.0 / 3.0).abs() < 1e-15);
        }
        if rule == Aggregation::WeightedMean {
            close(dim_score(&c, "safeguards"), 0.75);
            close(dim_score(&c, "inclusion"), 0.6875);
            assert_eq!(
                safeguards.to_string(),
                "weighted mean (weights ÷ 1e308) = (1 × 0.75 + 1 × 0.5 + 1 × 1) / 3 = 0.75"
            );
            let overall = &c.overall.as_ref().unwrap().trace;
            assert_eq!(overall.weight_unit(), f64::MAX);
            assert!(
                overall
                    .to_string()
                    .starts_with("weighted mean (weights ÷ 1.7976931348623157e308) = (1 × 0.75 + 1 × 0.688) / 2 = 0.719"),
                "{overall}"
            );
        }
    }
    let xs = [(1.0, huge), (0.375, huge), (0.5, huge)];
    close(Aggregation::WeightedMean.apply(&xs), 1.875 / 3.0);
    close(
        Aggregation::WeightedGeometricMean.apply(&xs),
        Aggregation::WeightedGeometricMean
            .apply(&[(1.0, 1.0), (0.375, 1.0), (0.5, 1.0)])
            .unwrap(),
    );
}

/// A weight 2^1074 times smaller than another counts as (almost exactly) 0 next to it, in
/// either rule; so does a weight of 1 next to 1e308.
#[test]
fn a_tiny_weight_next_to_an_ordinary_one_counts_as_nothing() {
    let g = grid();
    let a = inclusion_case(&g);
    for (big, small) in [(1.0, 5e-324), (1e308, 1.0), (f64::MAX, 5e-324)] {
        for rule in [
            Aggregation::WeightedMean,
            Aggregation::WeightedGeometricMean,
        ] {
            // diversity (score 1) weighs `big`, satisfaction (0.375) `small`.
            let p = weighted(
                &g,
                rule,
                &[("diversity", big), ("satisfaction", small)],
                &[("safeguards", small), ("inclusion", big)],
            );
            let c = card(&g, &p, &a);
            close(dim_score(&c, "inclusion"), 1.0);
            let terms = &c.dimension("inclusion").unwrap().aggregate.trace.terms;
            assert_eq!(terms.len(), 2, "the tiny weight is a term, not excluded");
            assert!(
                terms[0].share == 1.0 && terms[1].share < 1e-300,
                "{terms:?}"
            );
            // Overall: inclusion alone counts.
            close(
                c.overall.as_ref().unwrap().score,
                dim_score(&c, "inclusion").unwrap(),
            );
        }
        // Directly, with a zero score on the tiny weight: the mean ignores it, the geometric
        // mean is still 0 (0 to any positive power is 0).
        let xs = [(0.8, big), (0.0, small)];
        close(Aggregation::WeightedMean.apply(&xs), 0.8);
        assert_eq!(Aggregation::WeightedGeometricMean.apply(&xs), Some(0.0));
    }
    // Infinite or NaN weights cannot come from a valid profile; given directly, an infinite
    // weight gives no result and a NaN weight is left out like 0.
    assert_eq!(
        Aggregation::WeightedMean.apply(&[(0.5, f64::INFINITY), (1.0, 1.0)]),
        None
    );
    assert_eq!(
        Aggregation::WeightedMean.apply(&[(0.5, f64::NAN), (1.0, 1.0)]),
        Some(1.0)
    );
}

/// Weights that cannot be computed with are refused at validation, each at its path:
/// infinite, NaN, negative. (Tiny and huge finite weights are accepted: see above.)
#[test]
fn weights_that_cannot_be_computed_with_are_refused_at_their_path() {
    let g = grid();
    let mut p = profile(&g);
    p.overall = Aggregation::WeightedMean;
    p.criterion_weights = vec![
        (id("independence"), f64::INFINITY),
        (id("diversity"), f64::NEG_INFINITY),
        (id("satisfaction"), -5e-324),
    ];
    p.dimension_weights = vec![(id("inclusion"), f64::NAN)];
    let problems = p.validate(&g).unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "criterion-weights[independence]",
            "criterion-weights[diversity]",
            "criterion-weights[satisfaction]",
            "dimension-weights[inclusion]",
        ],
        "{problems}"
    );
    assert_eq!(
        problem(&problems, "criterion-weights[independence]").message(),
        "weights must be finite and non-negative, found inf"
    );
}

// ---------------------------------------------------------------------------------------------
// Not applicable, not assessed, completeness, phases
// ---------------------------------------------------------------------------------------------

#[test]
fn not_applicable_and_not_assessed_are_left_out_and_weights_renormalised() {
    let g = grid();
    let mut p = profile(&g);
    p.criterion_weights = vec![(id("independence"), 3.0)];
    let a = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("low")), // 0.25
            ("neutrality", RatingValue::NotAssessed),
            ("deadline", na("no report is due for this process")),
            ("diversity", num(40.0)),
        ],
    );
    let c = card(&g, &p, &a);
    // only independence enters: 3 × 0.25 / 3 = 0.25, not (3 × 0.25 + 0 + 0) / 5 = 0.15
    close(dim_score(&c, "safeguards"), 0.25);
    let d = c.dimension("safeguards").unwrap();
    assert_eq!(d.aggregate.trace.terms.len(), 1);
    assert_eq!(d.aggregate.trace.terms[0].share, 1.0);
    assert_eq!(
        d.aggregate.trace.to_string(),
        "weighted mean = (3 × 0.25) / 3 = 0.25; excluded: neutrality (not assessed), deadline (not applicable)"
    );
    // 1 rated out of 2 applicable (deadline does not apply), 3 in all
    assert_eq!(
        d.completeness,
        Completeness {
            rated: 1,
            applicable: 2,
            total: 3
        }
    );
    assert_eq!(d.completeness.ratio(), 0.5);
    // the whole grid: rated independence, diversity; not applicable deadline, outreach (phase)
    assert_eq!(
        c.completeness,
        Completeness {
            rated: 2,
            applicable: 4,
            total: 6
        }
    );
    // A rating of 0 is not the same as not assessed: (3 × 0.25 + 1 × 0) / 4 = 0.1875
    let mut a0 = a.clone();
    a0.ratings[1].value = lvl("none");
    close(dim_score(&card(&g, &p, &a0), "safeguards"), 0.1875);
}

#[test]
fn a_dimension_with_nothing_rated_has_no_score_and_is_left_out_of_the_overall() {
    let g = grid();
    let mut p = profile(&g);
    p.overall = Aggregation::WeightedMean;
    let a = assessment(
        &g,
        Phase::Closing,
        &[("diversity", num(40.0)), ("satisfaction", num(6.0))],
    );
    let c = card(&g, &p, &a);
    let s = c.dimension("safeguards").unwrap();
    assert_eq!(s.score(), None);
    assert_eq!(s.aggregate.trace.no_score, Some(NoScore::NothingRated));
    // overall = inclusion alone: (0.4 + 0.6) / 2 = 0.5
    let overall = c.overall.as_ref().unwrap();
    close(overall.score, 0.5);
    assert_eq!(overall.trace.excluded[0].id.as_str(), "safeguards");
    assert_eq!(overall.trace.excluded[0].why, Exclusion::NoScore);
}

#[test]
fn min_completeness_withholds_the_score_of_a_dimension_rated_too_little() {
    let g = grid();
    let mut p = profile(&g);
    p.min_completeness = 0.75;
    p.overall = Aggregation::WeightedMean;
    let a = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("good")),
            ("deadline", yes_no(true)),
            // neutrality not rated: 2 of 3 applicable, 2/3 ≈ 0.667 < 0.75
            ("diversity", num(40.0)),
            ("satisfaction", num(8.0)),
            // inclusion: outreach does not apply at closing, 2 of 2 rated = 1 ≥ 0.75
        ],
    );
    let c = card(&g, &p, &a);
    let s = c.dimension("safeguards").unwrap();
    assert_eq!(s.score(), None);
    let Some(NoScore::Incomplete { ratio, required }) = s.aggregate.trace.no_score else {
        panic!("expected an incomplete dimension, found {:?}", s.aggregate);
    };
    close(Some(ratio), 2.0 / 3.0);
    assert_eq!(required, 0.75);
    assert!(
        s.aggregate
            .trace
            .to_string()
            .contains("no score: rated / required 67 % / 75 %"),
        "{}",
        s.aggregate.trace
    );
    // inclusion: (0.4 + 0.8) / 2 = 0.6, and the overall is inclusion alone
    close(dim_score(&c, "inclusion"), 0.6);
    close(c.overall.as_ref().unwrap().score, 0.6);

    // Declaring neutrality not applicable (with a reason) makes safeguards complete:
    // 2 rated of 2 applicable = 1 ≥ 0.75; (0.75 + 1) / 2 = 0.875
    let mut a2 = a.clone();
    a2.ratings
        .push(Rating::new(id("neutrality"), na("no contested options")));
    close(dim_score(&card(&g, &p, &a2), "safeguards"), 0.875);

    // Exactly at the minimum is enough: with a minimum of 2/3, safeguards (2 of 3 rated,
    // 2/3 ≥ 2/3) gets its score (0.75 + 1) / 2 = 0.875.
    let mut p3 = profile(&g);
    p3.min_completeness = 2.0 / 3.0;
    close(dim_score(&card(&g, &p3, &a), "safeguards"), 0.875);
}

#[test]
fn a_criterion_outside_its_phases_is_not_applicable_by_phase() {
    let g = grid();
    let ratings = [("diversity", num(40.0)), ("satisfaction", num(6.0))];
    // At closing, outreach (framing and monitoring only) is not applicable.
    let c = card(&g, &profile(&g), &assessment(&g, Phase::Closing, &ratings));
    let CriterionStatus::NotApplicable { reason } = &c.criterion("outreach").unwrap().status else {
        panic!("outreach should be not applicable at closing");
    };
    assert_eq!(*reason, NotApplicableReason::Phase(Phase::Closing));
    assert!(reason.by_phase());
    assert_eq!(reason.to_string(), "not rated at the closing phase");
    let inc = c.dimension("inclusion").unwrap();
    assert_eq!(
        inc.completeness,
        Completeness {
            rated: 2,
            applicable: 2,
            total: 3
        }
    );
    // (0.4 + 0.6) / 2 = 0.5
    close(inc.score(), 0.5);
    assert!(
        inc.aggregate
            .trace
            .to_string()
            .ends_with("excluded: outreach (not applicable)")
    );

    // At framing the same missing rating is *not assessed*: it applies.
    let c = card(&g, &profile(&g), &assessment(&g, Phase::Framing, &ratings));
    assert_eq!(
        c.criterion("outreach").unwrap().status,
        CriterionStatus::NotAssessed
    );
    assert_eq!(c.dimension("inclusion").unwrap().completeness.applicable, 3);

    // An explicit "not assessed" at closing is still not applicable by phase; an explicit
    // "not applicable" keeps the assessor's reason.
    let mut a = assessment(&g, Phase::Closing, &ratings);
    a.ratings
        .push(Rating::new(id("outreach"), RatingValue::NotAssessed));
    let c = card(&g, &profile(&g), &a);
    assert!(matches!(
        c.criterion("outreach").unwrap().status,
        CriterionStatus::NotApplicable {
            reason: NotApplicableReason::Phase(Phase::Closing)
        }
    ));
    let mut a = assessment(&g, Phase::Framing, &ratings);
    a.ratings.push(Rating::new(
        id("outreach"),
        na("the process is online only"),
    ));
    let c = card(&g, &profile(&g), &a);
    assert_eq!(
        c.criterion("outreach").unwrap().status,
        CriterionStatus::NotApplicable {
            reason: NotApplicableReason::Assessor("the process is online only".to_owned()),
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Gates and caps
// ---------------------------------------------------------------------------------------------

/// "If independence is below `mid`, safeguards cannot exceed 0.25."
fn independence_gate(cap: Cap) -> Gate {
    gate(
        "independence",
        Threshold::Level(id("mid")),
        GateTarget::Dimension(id("safeguards")),
        cap,
    )
}

#[test]
fn a_level_threshold_gate_caps_its_dimension() {
    let g = grid();
    let mut p = profile(&g);
    p.gates = vec![independence_gate(Cap::Score(0.25))];
    let a = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("low")), // 0.25 < mid = 2/4 = 0.5: fires
            ("neutrality", lvl("full")),  // 1
            ("deadline", yes_no(true)),   // 1
        ],
    );
    let c = card(&g, &p, &a);
    let agg = &c.dimension("safeguards").unwrap().aggregate;
    // raw: (0.25 + 1 + 1) / 3 = 2.25 / 3 = 0.75; capped: min(0.75, 0.25) = 0.25
    close(agg.trace.raw, 0.75);
    close(agg.score, 0.25);
    assert_eq!(
        agg.gates,
        vec![FiredGate {
            gate: 0,
            criterion: id("independence"),
            criterion_score: 0.25,
            threshold: 0.5,
            cap: 0.25,
            band_cap: None,
            binding: true,
        }]
    );

    // Rated exactly at the threshold level, the gate does not fire ("below" is strict):
    // (0.5 + 1 + 1) / 3 = 2.5 / 3 ≈ 0.8333
    let mut a2 = a.clone();
    a2.ratings[0].value = lvl("mid");
    let c = card(&g, &p, &a2);
    let agg = &c.dimension("safeguards").unwrap().aggregate;
    assert!(agg.gates.is_empty());
    close(agg.score, 2.5 / 3.0);
}

#[test]
fn a_score_threshold_gate_fires_strictly_below_the_threshold() {
    let g = grid();
    let mut p = profile(&g);
    p.gates = vec![gate(
        "diversity",
        Threshold::Score(0.5),
        GateTarget::Dimension(id("inclusion")),
        Cap::Score(0.3),
    )];
    let rate = |share: f64| {
        assessment(
            &g,
            Phase::Closing,
            &[("diversity", num(share)), ("satisfaction", num(9.0))],
        )
    };
    // 40 % → 0.4 < 0.5: fires. raw (0.4 + 0.9) / 2 = 0.65, capped at 0.3
    let c = card(&g, &p, &rate(40.0));
    let agg = &c.dimension("inclusion").unwrap().aggregate;
    close(agg.trace.raw, 0.65);
    close(agg.score, 0.3);
    assert_eq!(agg.gates.len(), 1);
    assert_eq!(agg.gates[0].threshold, 0.5);
    close(Some(agg.gates[0].criterion_score), 0.4);
    // 50 % → 0.5, not below 0.5: (0.5 + 0.9) / 2 = 0.7, uncapped
    let c = card(&g, &p, &rate(50.0));
    let agg = &c.dimension("inclusion").unwrap().aggregate;
    assert!(agg.gates.is_empty());
    close(agg.score, 0.7);
}

#[test]
fn a_gate_on_a_criterion_not_rated_does_not_fire() {
    let g = grid();
    let mut p = profile(&g);
    p.gates = vec![independence_gate(Cap::Score(0.25))];
    for independence in [
        RatingValue::NotAssessed,
        na("no guarantor for this process"),
    ] {
        let a = assessment(
            &g,
            Phase::Closing,
            &[
                ("independence", independence),
                ("neutrality", lvl("good")), // 0.75
                ("deadline", yes_no(true)),  // 1
            ],
        );
        let c = card(&g, &p, &a);
        let agg = &c.dimension("safeguards").unwrap().aggregate;
        assert!(agg.gates.is_empty());
        // (0.75 + 1) / 2 = 0.875, above the cap 0.25 and untouched
        close(agg.score, 0.875);
    }
}

#[test]
fn a_gate_can_fire_without_binding() {
    let g = grid();
    let mut p = profile(&g);
    p.gates = vec![independence_gate(Cap::Score(0.25))];
    let a = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("none")), // 0 < 0.5: fires
            ("neutrality", lvl("low")),    // 0.25
            ("deadline", yes_no(false)),   // 0
        ],
    );
    let c = card(&g, &p, &a);
    let agg = &c.dimension("safeguards").unwrap().aggregate;
    // raw: (0 + 0.25 + 0) / 3 = 0.25 / 3 ≈ 0.0833, already below the cap 0.25
    close(agg.score, 0.25 / 3.0);
    assert_eq!(agg.score, agg.trace.raw);
    assert_eq!(agg.gates.len(), 1);
    assert!(!agg.gates[0].binding);
}

#[test]
fn dimension_gates_and_overall_gates_cap_their_own_target() {
    let g = grid();
    let mut p = profile(&g);
    p.overall = Aggregation::WeightedMean;
    p.gates = vec![
        independence_gate(Cap::Score(0.25)),
        // "if the report is late, the overall score cannot exceed 0.4"
        gate(
            "deadline",
            Threshold::Score(1.0),
            GateTarget::Overall,
            Cap::Score(0.4),
        ),
    ];
    let a = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("low")), // 0.25: gate 0 fires
            ("neutrality", lvl("full")),  // 1
            ("deadline", yes_no(false)),  // 0 < 1: gate 1 fires
            ("diversity", num(80.0)),     // 0.8
            ("satisfaction", num(10.0)),  // 1
        ],
    );
    let c = card(&g, &p, &a);
    let s = &c.dimension("safeguards").unwrap().aggregate;
    // safeguards raw: (0.25 + 1 + 0) / 3 = 1.25 / 3 ≈ 0.4167, capped at 0.25 by gate 0 only
    close(s.trace.raw, 1.25 / 3.0);
    close(s.score, 0.25);
    assert_eq!(s.gates.iter().map(|g| g.gate).collect::<Vec<_>>(), vec![0]);
    // inclusion: (0.8 + 1) / 2 = 0.9, no gate
    let i = &c.dimension("inclusion").unwrap().aggregate;
    close(i.score, 0.9);
    assert!(i.gates.is_empty());
    // overall raw from the capped dimension: (0.25 + 0.9) / 2 = 0.575, capped at 0.4 by gate 1
    let o = c.overall.as_ref().unwrap();
    close(o.trace.raw, 0.575);
    close(o.score, 0.4);
    assert_eq!(o.gates.iter().map(|g| g.gate).collect::<Vec<_>>(), vec![1]);
    assert!(o.gates[0].binding);
}

#[test]
fn several_gates_on_one_target_apply_the_lowest_cap() {
    let g = grid();
    let mut p = profile(&g);
    p.gates = vec![
        independence_gate(Cap::Score(0.6)),
        gate(
            "deadline",
            Threshold::Score(0.5),
            GateTarget::Dimension(id("safeguards")),
            Cap::Score(0.4),
        ),
    ];
    let a = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("low")), // 0.25: fires
            ("neutrality", lvl("full")),  // 1
            ("deadline", yes_no(false)),  // 0: fires
        ],
    );
    let c = card(&g, &p, &a);
    let s = &c.dimension("safeguards").unwrap().aggregate;
    // raw (0.25 + 1 + 0) / 3 ≈ 0.4167; gate 0: min(0.4167, 0.6) = 0.4167, not binding;
    // gate 1: min(0.4167, 0.4) = 0.4, binding
    close(s.score, 0.4);
    assert_eq!(
        s.gates.iter().map(|g| g.binding).collect::<Vec<_>>(),
        vec![false, true]
    );
}

#[test]
fn a_band_cap_limits_the_score_to_the_band_and_the_band_itself() {
    let g = grid();
    let mut p = profile(&g);
    p.bands = bands(); // weak [0, 0.5), fair [0.5, 0.75), strong [0.75, 1]
    p.gates = vec![independence_gate(Cap::Band(id("fair")))];
    p.criterion_weights = vec![(id("neutrality"), 2.0)];
    let a = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("low")), // 0.25: fires
            ("neutrality", lvl("full")),  // 1, weight 2
            ("deadline", yes_no(true)),   // 1
        ],
    );
    let c = card(&g, &p, &a);
    let s = &c.dimension("safeguards").unwrap().aggregate;
    // raw: (0.25 + 2 × 1 + 1) / 4 = 3.25 / 4 = 0.8125 (strong); the cap is fair's upper
    // bound, strong's min 0.75; the score is capped at 0.75 and the band at fair.
    close(s.trace.raw, 0.8125);
    close(s.score, 0.75);
    assert_eq!(s.band.as_ref().map(Id::as_str), Some("fair"));
    assert_eq!(s.gates.len(), 1);
    assert_eq!(s.gates[0].cap, 0.75);
    assert_eq!(s.gates[0].band_cap, Some(id("fair")));
    assert!(s.gates[0].binding);
}

#[test]
fn a_band_cap_that_only_lowers_the_band_is_binding() {
    let g = grid();
    let mut p = profile(&g);
    p.bands = bands();
    p.gates = vec![independence_gate(Cap::Band(id("fair")))];
    let a = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("low")), // 0.25: fires
            ("neutrality", lvl("full")),  // 1
            ("deadline", yes_no(true)),   // 1
        ],
    );
    let c = card(&g, &p, &a);
    let s = &c.dimension("safeguards").unwrap().aggregate;
    // raw: (0.25 + 1 + 1) / 3 = 2.25 / 3 = 0.75, exactly the cap: the score is not lowered
    // but its band is (strong → fair), so the gate binds.
    assert_eq!(s.trace.raw, Some(0.75));
    assert_eq!(s.score, Some(0.75));
    assert_eq!(s.band.as_ref().map(Id::as_str), Some("fair"));
    assert!(s.gates[0].binding, "{:?}", s.gates[0]);

    // A band cap at the top band can never bind: the cap is 1 and the band is unchanged.
    p.gates = vec![independence_gate(Cap::Band(id("strong")))];
    let c = card(&g, &p, &a);
    let s = &c.dimension("safeguards").unwrap().aggregate;
    assert_eq!(s.gates[0].cap, 1.0);
    assert!(!s.gates[0].binding);
    assert_eq!(s.band.as_ref().map(Id::as_str), Some("strong"));
}

// ---------------------------------------------------------------------------------------------
// Bands
// ---------------------------------------------------------------------------------------------

#[test]
fn a_score_at_a_band_minimum_is_in_that_band_and_the_last_band_includes_one() {
    let g = grid();
    let mut p = profile(&g);
    p.bands = bands();
    let band = |s: f64| p.band_of(s).map(|b| b.id.as_str().to_owned());
    assert_eq!(band(0.0).as_deref(), Some("weak"));
    assert_eq!(band(0.4999).as_deref(), Some("weak"));
    assert_eq!(band(0.5).as_deref(), Some("fair"));
    assert_eq!(band(0.7499).as_deref(), Some("fair"));
    assert_eq!(band(0.75).as_deref(), Some("strong"));
    assert_eq!(band(1.0).as_deref(), Some("strong"));
    assert_eq!(p.band_upper(&id("weak")), Some(0.5));
    assert_eq!(p.band_upper(&id("strong")), Some(1.0));

    // Through scoring, with deadline weighing 0:
    p.criterion_weights = vec![(id("deadline"), 0.0)];
    let rate = |i: &str, n: &str| {
        assessment(
            &g,
            Phase::Closing,
            &[
                ("independence", lvl(i)),
                ("neutrality", lvl(n)),
                ("deadline", yes_no(false)),
            ],
        )
    };
    let band_of = |a: &Assessment| {
        let c = card(&g, &p, a);
        let s = c.dimension("safeguards").unwrap();
        (s.score(), s.aggregate.band.clone())
    };
    // (0.5 + 0.5) / 2 = 0.5: fair, exactly at its minimum
    assert_eq!(band_of(&rate("mid", "mid")), (Some(0.5), Some(id("fair"))));
    // (0.25 + 0.5) / 2 = 0.375: weak
    assert_eq!(
        band_of(&rate("low", "mid")),
        (Some(0.375), Some(id("weak")))
    );
    // (1 + 1) / 2 = 1: strong, the last band includes 1
    assert_eq!(
        band_of(&rate("full", "full")),
        (Some(1.0), Some(id("strong")))
    );
    // (0.75 + 0.75) / 2 = 0.75: strong
    assert_eq!(
        band_of(&rate("good", "good")),
        (Some(0.75), Some(id("strong")))
    );
}

// ---------------------------------------------------------------------------------------------
// Targets, hints, strengths and weaknesses
// ---------------------------------------------------------------------------------------------

#[test]
fn the_gap_is_the_score_minus_the_target_score() {
    let g = grid();
    let mut a = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("mid")), // 0.5
            ("diversity", num(75.0)),     // 0.75
            ("deadline", yes_no(true)),   // 1
        ],
    );
    a.targets = vec![
        (id("independence"), Value::Level(id("full"))), // 1
        (id("diversity"), Value::Number(60.0)),         // 0.6
        (id("neutrality"), Value::Level(id("good"))),   // 0.75, not rated
        (id("deadline"), Value::Bool(true)),            // 1
    ];
    let c = card(&g, &profile(&g), &a);
    let t = |k: &str| c.criterion(k).unwrap().target.clone().unwrap();
    // independence: 0.5 − 1 = −0.5
    assert_eq!(t("independence").score, 1.0);
    assert_eq!(t("independence").gap, Some(-0.5));
    // diversity: 0.75 − 0.6 = 0.15 (above the ambition)
    close(Some(t("diversity").score), 0.6);
    close(t("diversity").gap, 0.15);
    // neutrality: a target but no rating, so no gap
    assert_eq!(t("neutrality").score, 0.75);
    assert_eq!(t("neutrality").gap, None);
    // deadline: 1 − 1 = 0
    assert_eq!(t("deadline").gap, Some(0.0));
    // no target, no gap
    assert!(c.criterion("satisfaction").unwrap().target.is_none());
}

#[test]
fn the_next_level_hint_prefers_the_criterion_rubric() {
    let g = grid();
    let a = assessment(
        &g,
        Phase::Framing,
        &[
            ("independence", lvl("mid")),
            ("neutrality", lvl("mid")),
            ("outreach", lvl("yes")),
            ("diversity", num(10.0)),
        ],
    );
    let c = card(&g, &profile(&g), &a);
    // independence has its own descriptor of `good`
    let next = c
        .criterion("independence")
        .unwrap()
        .next_level
        .clone()
        .unwrap();
    assert_eq!(next.level.as_str(), "good");
    assert_eq!(next.label, en("Good"));
    assert_eq!(
        next.descriptor,
        en("rubric: a guarantor appointed by an independent body")
    );
    // neutrality has none: the scale's descriptor
    let next = c
        .criterion("neutrality")
        .unwrap()
        .next_level
        .clone()
        .unwrap();
    assert_eq!(next.level.as_str(), "good");
    assert_eq!(next.descriptor, en("scale: mostly in place"));
    // the top level has no next level; non-ordinal and unrated criteria have no hint
    assert!(c.criterion("outreach").unwrap().next_level.is_none());
    assert!(c.criterion("diversity").unwrap().next_level.is_none());
    assert!(c.criterion("deadline").unwrap().next_level.is_none());
}

#[test]
fn strengths_and_weaknesses_use_inclusive_thresholds_and_are_sorted() {
    let g = grid();
    let a = assessment(
        &g,
        Phase::Framing,
        &[
            ("independence", lvl("full")), // 1
            ("neutrality", lvl("good")),   // 0.75 = STRENGTH_AT: a strength
            ("deadline", yes_no(false)),   // 0
            ("diversity", num(25.0)),      // 0.25 = WEAKNESS_AT: a weakness
            ("satisfaction", num(10.0)),   // 1
            ("outreach", lvl("partly")),   // 0.5: neither
        ],
    );
    let c = card(&g, &profile(&g), &a);
    let ids = |v: &[Id]| v.iter().map(|i| i.as_str().to_owned()).collect::<Vec<_>>();
    // best first, ties in grid order
    assert_eq!(
        ids(&c.strengths),
        ["independence", "satisfaction", "neutrality"]
    );
    // weakest first
    assert_eq!(ids(&c.weaknesses), ["deadline", "diversity"]);
    assert_eq!((STRENGTH_AT, WEAKNESS_AT), (0.75, 0.25));
}

// ---------------------------------------------------------------------------------------------
// Validation: grids
// ---------------------------------------------------------------------------------------------

#[test]
fn a_grid_reports_every_problem_at_once_with_its_path() {
    let mut d = GridDraft::new(id("demo"), "1.0.0", en("Demo"), Lang::en());
    let mut s = scales();
    s.push(Scale {
        id: id("percentage"),
        label: en("Percentage"),
        kind: ScaleKind::Percentage,
    });
    s.push(Scale::ordinal(
        id("bad-levels"),
        en("Bad levels"),
        vec![level("a", 0, "a"), level("b", 2, "b"), level("c", 2, "c")],
    ));
    s.push(Scale {
        id: id("bad-range"),
        label: en("Empty range"),
        kind: ScaleKind::Range {
            min: 5.0,
            max: 5.0,
            unit: None,
        },
    });
    s.push(Scale {
        id: id("nan-range"),
        label: en("Not a number"),
        kind: ScaleKind::Range {
            min: f64::NAN,
            max: 10.0,
            unit: None,
        },
    });
    s.push(Scale {
        id: id("five"),
        label: en("Again"),
        kind: ScaleKind::Percentage,
    });
    d.scales = s;
    let mut inclusion = Dimension::new(id("inclusion"), en("Inclusion"));
    inclusion.criteria.push(Criterion::new(
        id("diversity"),
        en("Diversity"),
        id("percentag"),
    ));
    inclusion.criteria.push(Criterion::new(
        id("respect"),
        Text::new(Lang::fr(), "Respect"),
        id("five"),
    ));
    let mut safeguards = Dimension::new(id("safeguards"), en("Safeguards"));
    safeguards.criteria.push(Criterion::new(
        id("diversity"),
        en("Diversity again"),
        id("five"),
    ));
    let mut again = Dimension::new(id("inclusion"), en("Inclusion again"));
    again
        .criteria
        .push(Criterion::new(id("other"), en("Other"), id("five")));
    d.dimensions = vec![inclusion, safeguards, again];

    let problems = Grid::new(d).unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "scales[bad-levels].levels[c].value",
            "scales[bad-range].max",
            "scales[nan-range].min",
            "scales[five]",
            "dimensions[inclusion].criteria[diversity].scale",
            "dimensions[inclusion].criteria[respect].label",
            "dimensions[safeguards].criteria[diversity]",
            "dimensions[inclusion]",
        ],
        "{problems}"
    );
    let p = |path| problem(&problems, path);
    assert!(
        p("scales[bad-levels].levels[c].value")
            .message()
            .contains("increase strictly")
    );
    assert!(
        p("scales[bad-range].max")
            .message()
            .contains("greater than")
    );
    assert!(p("scales[nan-range].min").message().contains("finite"));
    assert!(p("scales[five]").message().contains("duplicate scale id"));
    let unknown = p("dimensions[inclusion].criteria[diversity].scale");
    assert_eq!(unknown.message(), "unknown scale `percentag`");
    assert_eq!(
        unknown.help().as_deref(),
        Some("a scale with a similar name exists: `percentage`")
    );
    let label = p("dimensions[inclusion].criteria[respect].label");
    assert!(label.message().contains("default language `en`"));
    assert_eq!(
        label.help().as_deref(),
        Some("the text exists in `fr`; add its `en` version")
    );
    assert!(
        p("dimensions[safeguards].criteria[diversity]")
            .message()
            .contains("already used in dimension `inclusion`")
    );
    assert!(
        p("dimensions[inclusion]")
            .message()
            .contains("duplicate dimension id")
    );
    assert!(problems.to_string().starts_with("8 problems\n"));
}

#[test]
fn a_range_too_wide_for_floating_point_is_rejected() {
    // max − min = 2e308 is not a finite number: the scores would be NaN.
    let mut d = draft();
    d.scales.push(Scale {
        id: id("huge"),
        label: en("Huge"),
        kind: ScaleKind::Range {
            min: -1e308,
            max: 1e308,
            unit: None,
        },
    });
    d.scales.push(Scale {
        id: id("infinite"),
        label: en("Infinite"),
        kind: ScaleKind::Range {
            min: 0.0,
            max: f64::INFINITY,
            unit: None,
        },
    });
    let problems = Grid::new(d).unwrap_err();
    assert_eq!(
        paths(&problems),
        ["scales[huge].max", "scales[infinite].min"],
        "{problems}"
    );
}

// ---------------------------------------------------------------------------------------------
// Validation: profiles
// ---------------------------------------------------------------------------------------------

#[test]
fn a_profile_reports_every_problem_at_once_with_suggestions() {
    let g = grid();
    let mut p = profile(&g);
    p.weights_source = None;
    p.criterion_weights = vec![
        (id("independence"), -1.0),
        (id("neutrality"), f64::NAN),
        (id("independance"), 2.0),
    ];
    p.dimension_weights = vec![(id("inclusoin"), 1.0)];
    let mut b = bands();
    b[1].color = "yellow".to_owned();
    b[2].min = 0.4;
    p.bands = b;

    let problems = p.validate(&g).unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "criterion-weights[independence]",
            "criterion-weights[neutrality]",
            "criterion-weights[independance]",
            "dimension-weights[inclusoin]",
            "weights-source",
            "bands[fair].color",
            "bands[strong].min",
        ],
        "{problems}"
    );
    let p_ = |path| problem(&problems, path);
    assert_eq!(
        p_("criterion-weights[independence]").message(),
        "weights must be finite and non-negative, found -1"
    );
    assert_eq!(
        p_("criterion-weights[neutrality]").message(),
        "weights must be finite and non-negative, found NaN"
    );
    assert_eq!(
        p_("criterion-weights[independance]").help().as_deref(),
        Some("a criterion with a similar name exists: `independence`")
    );
    assert_eq!(
        p_("dimension-weights[inclusoin]").help().as_deref(),
        Some("a dimension with a similar name exists: `inclusion`")
    );
    assert!(p_("bands[fair].color").message().contains("`#rrggbb`"));
    assert!(
        p_("bands[strong].min")
            .message()
            .contains("increasing `min`")
    );
    // Scoring refuses the profile with the same problems (compared as text: a problem that
    // reports a NaN weight is not equal to itself, as NaN is not).
    let ScoreError::Profile(refused_early) = Scorer::new(&g, &p).unwrap_err() else {
        panic!("a profile error");
    };
    assert_eq!(refused_early.to_string(), problems.to_string());
    let a = typical(&g);
    let ScoreError::Profile(refused) = score(&g, Some(&p), &a).unwrap_err() else {
        panic!("the profile is refused");
    };
    assert_eq!(refused.to_string(), problems.to_string());
}

#[test]
fn a_profile_whose_weights_are_all_zero_cannot_aggregate() {
    let g = grid();
    let mut p = profile(&g);
    p.overall = Aggregation::WeightedMean;
    p.criterion_weights = vec![
        (id("independence"), 0.0),
        (id("neutrality"), 0.0),
        (id("deadline"), 0.0),
    ];
    p.dimension_weights = vec![(id("safeguards"), 0.0), (id("inclusion"), 0.0)];
    let problems = p.validate(&g).unwrap_err();
    assert_eq!(
        paths(&problems),
        ["criterion-weights", "dimension-weights"],
        "{problems}"
    );
    assert!(
        problems.as_slice()[0]
            .message()
            .contains("every criterion of dimension `safeguards` weighs 0")
    );
    assert!(
        problems.as_slice()[1]
            .message()
            .contains("every dimension weighs 0")
    );
    // With no aggregation at all, zero weights are harmless.
    p.dimension_rule = Aggregation::None;
    p.overall = Aggregation::None;
    assert!(p.validate(&g).is_ok());
}

/// Weights are relative: any finite non-negative weights can be aggregated, even those whose
/// sum overflows (1e308 + 1e308) or whose products underflow (5e-324 × 0.375), since the
/// weights are rescaled exactly before summing. Nothing is refused for their magnitude.
#[test]
fn weights_whose_sum_would_overflow_are_accepted() {
    let g = grid();
    let mut p = profile(&g);
    p.overall = Aggregation::WeightedMean;
    p.criterion_weights = vec![(id("diversity"), 1e308), (id("satisfaction"), 1e308)];
    p.dimension_weights = vec![(id("safeguards"), f64::MAX), (id("inclusion"), f64::MAX)];
    assert_eq!(p.validate(&g), Ok(()));
    let c = card(&g, &p, &typical(&g));
    // inclusion: (0.4 + 0.75) / 2 = 0.575; safeguards: (0.75 + 0.5 + 1) / 3 = 0.75;
    // overall: (0.75 + 0.575) / 2 = 0.6625.
    close(dim_score(&c, "inclusion"), 0.575);
    close(dim_score(&c, "safeguards"), 0.75);
    close(c.overall.as_ref().unwrap().score, 0.6625);
}

#[test]
fn a_profile_reports_bad_gates_and_bands() {
    let g = grid();
    let mut p = profile(&g);
    let mut b = bands();
    b[0].min = 0.1;
    p.bands = b;
    p.gates = vec![
        gate(
            "independance",
            Threshold::Score(0.5),
            GateTarget::Dimension(id("safeguards")),
            Cap::Score(0.5),
        ),
        gate(
            "diversity",
            Threshold::Level(id("mid")),
            GateTarget::Dimension(id("inclusoin")),
            Cap::Band(id("fiar")),
        ),
        gate(
            "independence",
            Threshold::Level(id("goood")),
            GateTarget::Overall,
            Cap::Score(1.5),
        ),
    ];
    let problems = p.validate(&g).unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "bands[weak].min",
            "gates[0].criterion",
            "gates[1].below",
            "gates[1].dimension",
            "gates[1].cap-band",
            "gates[2].below",
            "gates[2].target",
            "gates[2].cap",
        ],
        "{problems}"
    );
    let p_ = |path| problem(&problems, path);
    assert!(p_("bands[weak].min").message().contains("must start at 0"));
    assert_eq!(
        p_("gates[0].criterion").help().as_deref(),
        Some("a criterion with a similar name exists: `independence`")
    );
    assert!(p_("gates[1].below").message().contains("percentage scale"));
    assert_eq!(
        p_("gates[1].cap-band").help().as_deref(),
        Some("a band with a similar name exists: `fair`")
    );
    assert_eq!(
        p_("gates[2].below").help().as_deref(),
        Some("a level with a similar name exists: `good`")
    );
    assert!(p_("gates[2].target").message().contains("computes none"));
    assert!(
        p_("gates[2].cap")
            .message()
            .contains("from 0 to 1, found 1.5")
    );
}

// ---------------------------------------------------------------------------------------------
// Validation: assessments
// ---------------------------------------------------------------------------------------------

#[test]
fn an_assessment_reports_every_problem_at_once_with_suggestions() {
    let g = grid();
    let a = assessment(
        &g,
        Phase::Framing,
        &[
            ("independance", lvl("good")),
            ("diversity", num(140.0)),
            ("deadline", num(1.0)),
            ("neutrality", lvl("goood")),
            ("satisfaction", na("  ")),
            ("outreach", lvl("yes")),
            ("outreach", lvl("no")),
        ],
    );
    let problems = a.validate(&g).unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "ratings[independance]",
            "ratings[diversity].value",
            "ratings[deadline].value",
            "ratings[neutrality].value",
            "ratings[satisfaction].reason",
            "ratings[outreach]",
        ],
        "{problems}"
    );
    let p = |path| problem(&problems, path);
    let unknown = p("ratings[independance]");
    assert_eq!(
        unknown.message(),
        "grid `demo` has no criterion `independance`"
    );
    assert_eq!(
        unknown.help().as_deref(),
        Some("a criterion with a similar name exists: `independence`")
    );
    assert_eq!(
        p("ratings[diversity].value").message(),
        "`140` is outside the scale, expected a number from 0 to 100"
    );
    assert_eq!(
        p("ratings[deadline].value").message(),
        "a number does not fit a boolean scale, expected true or false"
    );
    assert_eq!(
        p("ratings[neutrality].value").help().as_deref(),
        Some("a level with a similar name exists: `good`")
    );
    assert!(
        p("ratings[satisfaction].reason")
            .message()
            .contains("needs a reason")
    );
    assert_eq!(
        p("ratings[outreach]").message(),
        "criterion `outreach` is rated twice"
    );
    // Scoring refuses it with the same problems.
    assert_eq!(
        score(&g, None, &a).unwrap_err(),
        ScoreError::Assessment(problems)
    );
}

#[test]
fn targets_are_validated_like_ratings() {
    let g = grid();
    let mut a = typical(&g);
    a.targets = vec![
        (id("diversity"), Value::Number(-5.0)),
        (id("diversty"), Value::Number(50.0)),
        (id("diversity"), Value::Number(50.0)),
    ];
    let problems = a.validate(&g).unwrap_err();
    assert_eq!(
        paths(&problems),
        [
            "targets[diversity]",
            "targets[diversty]",
            "targets[diversity]"
        ],
        "{problems}"
    );
    assert!(
        problems.as_slice()[1]
            .help()
            .as_deref()
            .unwrap()
            .contains("`diversity`")
    );
    assert!(problems.as_slice()[2].message().contains("two targets"));
}

#[test]
fn an_assessment_of_another_grid_version_or_content_is_refused() {
    let g = grid();
    let a = typical(&g);
    assert!(a.validate(&g).is_ok());

    let mut other = a.clone();
    other.grid.id = id("other");
    let p = other.validate(&g).unwrap_err();
    assert_eq!(paths(&p), ["grid.id"]);
    assert_eq!(
        p.as_slice()[0].message(),
        "the assessment is for grid `other`, not `demo`"
    );

    let mut other = a.clone();
    other.grid.version = "0.9.0".to_owned();
    let p = other.validate(&g).unwrap_err();
    assert_eq!(paths(&p), ["grid.version"]);

    // Same id and version, another content: a label changed after the assessment.
    let mut changed = draft();
    changed.dimensions[0].label = en("Guarantees");
    let g2 = Grid::new(changed).unwrap();
    assert_ne!(g.content_hash(), g2.content_hash());
    let p = a.validate(&g2).unwrap_err();
    assert_eq!(paths(&p), ["grid.hash"]);
    assert!(p.as_slice()[0].message().contains("has changed"));
    assert!(p.as_slice()[0].help().is_some());
    assert!(matches!(
        score(&g2, None, &a),
        Err(ScoreError::Assessment(_))
    ));

    // Without a recorded hash, only id and version are checked.
    let mut unhashed = a.clone();
    unhashed.grid.hash = None;
    assert!(unhashed.validate(&g2).is_ok());
}

#[test]
fn an_assessment_without_names_is_refused() {
    let g = grid();
    let mut a = typical(&g);
    a.assessor.name = " ".to_owned();
    a.process.name = String::new();
    a.process.start = Some("2024-05-01".parse().unwrap());
    a.process.end = Some("2024-04-01".parse().unwrap());
    let p = a.validate(&g).unwrap_err();
    assert_eq!(
        paths(&p),
        ["assessor.name", "process.name", "process.end"],
        "{p}"
    );
}

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

#[test]
fn compare_gives_deltas_and_level_changes() {
    let g = grid();
    let mut p = profile(&g);
    p.overall = Aggregation::WeightedMean;
    let before = assessment(
        &g,
        Phase::Framing,
        &[
            ("independence", lvl("low")), // 0.25
            ("neutrality", lvl("mid")),   // 0.5
            ("deadline", yes_no(false)),  // 0
            ("diversity", num(30.0)),     // 0.3
            ("outreach", lvl("partly")),  // 0.5
        ],
    );
    let after = assessment(
        &g,
        Phase::Closing,
        &[
            ("independence", lvl("good")), // 0.75
            ("neutrality", lvl("mid")),    // 0.5
            ("deadline", yes_no(true)),    // 1
            ("diversity", num(45.0)),      // 0.45
            ("satisfaction", num(6.0)),    // 0.6
                                           // outreach: not applicable at closing
        ],
    );
    let cmp = compare(&card(&g, &p, &before), &card(&g, &p, &after)).unwrap();
    let d = |k: &str| cmp.criteria.iter().find(|d| d.id.as_str() == k).unwrap();

    // independence: 0.75 − 0.25 = 0.5, Low → Good
    assert_eq!(d("independence").delta, Some(0.5));
    assert_eq!(d("independence").change, Change::Up);
    assert_eq!(d("independence").label_before.as_deref(), Some("Low"));
    assert_eq!(d("independence").label_after.as_deref(), Some("Good"));
    // neutrality: 0.5 − 0.5 = 0
    assert_eq!(d("neutrality").delta, Some(0.0));
    assert_eq!(d("neutrality").change, Change::Same);
    // deadline: 1 − 0 = 1, No → Yes
    assert_eq!(d("deadline").delta, Some(1.0));
    assert_eq!(d("deadline").label_before.as_deref(), Some("No"));
    assert_eq!(d("deadline").label_after.as_deref(), Some("Yes"));
    // diversity: 0.45 − 0.3 = 0.15, "30 %" → "45 %"
    close(d("diversity").delta, 0.15);
    assert_eq!(d("diversity").label_after.as_deref(), Some("45 %"));
    // satisfaction newly rated, outreach no longer rated
    assert_eq!(d("satisfaction").change, Change::NewlyRated);
    assert_eq!(d("satisfaction").delta, None);
    assert_eq!(d("outreach").change, Change::NoLongerRated);

    let level_changes: Vec<&str> = cmp.level_changes().map(|d| d.id.as_str()).collect();
    assert_eq!(
        level_changes,
        [
            "independence",
            "deadline",
            "diversity",
            "satisfaction",
            "outreach"
        ]
    );

    // safeguards: before (0.25 + 0.5 + 0) / 3 = 0.25, after (0.75 + 0.5 + 1) / 3 = 0.75
    let s = &cmp.dimensions[0];
    assert_eq!(s.id.as_str(), "safeguards");
    close(s.before, 0.25);
    close(s.after, 0.75);
    close(s.delta, 0.5);
    // inclusion: before (0.3 + 0.5) / 2 = 0.4, after (0.45 + 0.6) / 2 = 0.525; +0.125
    let i = &cmp.dimensions[1];
    close(i.before, 0.4);
    close(i.after, 0.525);
    close(i.delta, 0.125);
    // overall: before (0.25 + 0.4) / 2 = 0.325, after (0.75 + 0.525) / 2 = 0.6375; +0.3125
    let o = cmp.overall.as_ref().unwrap();
    close(o.before, 0.325);
    close(o.after, 0.6375);
    close(o.delta, 0.3125);
    assert_eq!(o.change, Change::Up);
}

#[test]
fn compare_refuses_scorecards_of_different_grids() {
    let g = grid();
    let c1 = score(&g, None, &typical(&g)).unwrap();

    let mut v2 = draft();
    v2.version = "2.0.0".to_owned();
    let g2 = Grid::new(v2).unwrap();
    let c2 = score(&g2, None, &typical(&g2)).unwrap();
    assert_eq!(
        compare(&c1, &c2),
        Err(CompareError::DifferentGrids(
            "demo@1.0.0".to_owned(),
            "demo@2.0.0".to_owned()
        ))
    );

    // Same id and version, different content (the criteria reordered): comparing position
    // by position would pair different criteria, so it is refused too.
    let mut shuffled = draft();
    shuffled.dimensions[0].criteria.reverse();
    let g3 = Grid::new(shuffled).unwrap();
    let c3 = score(&g3, None, &typical(&g3)).unwrap();
    let err = compare(&c1, &c3).unwrap_err();
    assert!(matches!(err, CompareError::DifferentGrids(..)));
    assert!(err.to_string().contains("sha256:"), "{err}");
}

#[test]
fn a_grid_profile_gating_a_criterion_with_an_unknown_scale_reports_it() {
    // The gate's criterion has no scale to check the gate's level against: the grid reports
    // the unknown scale (and does not panic looking it up).
    let mut d = draft();
    d.dimensions[0].criteria[0].scale = id("fiv");
    let g = grid();
    let mut p = profile(&g);
    p.gates = vec![independence_gate(Cap::Score(0.5))];
    d.profiles.push(p);
    let problems = Grid::new(d).unwrap_err();
    assert_eq!(
        paths(&problems),
        ["dimensions[safeguards].criteria[independence].scale"],
        "{problems}"
    );
    assert_eq!(
        problems.as_slice()[0].help().as_deref(),
        Some("a scale with a similar name exists: `five`")
    );
}

#[test]
fn numbers_in_labels_and_traces_have_at_most_three_decimals() {
    assert_eq!(fmt_number(38.0), "38");
    assert_eq!(fmt_number(-12.0), "-12");
    assert_eq!(fmt_number(-0.0), "-0"); // as `{:.0}` writes it
    assert_eq!(fmt_number(2.5), "2.5");
    assert_eq!(fmt_number(2.0 / 3.0), "0.667"); // 0.6666… rounded to 3 decimals
    assert_eq!(fmt_number(0.1 + 0.2), "0.3"); // 0.30000000000000004 → "0.300" → "0.3"
    assert_eq!(fmt_number(1e20), "100000000000000000000");
    let g = grid();
    let label = |scale: &str, v: Value| {
        g.scale(scale)
            .unwrap()
            .value_label(&v, &Lang::en(), &Lang::en())
    };
    assert_eq!(label("pct", Value::Number(45.0)), "45 %");
    assert_eq!(label("sat", Value::Number(7.25)), "7.25 /10");
    assert_eq!(label("yn", Value::Bool(false)), "No");
    assert_eq!(label("five", Value::Level(id("mid"))), "Mid");
}

#[test]
fn compare_refuses_scorecards_of_different_profiles() {
    use repere_core::*;
    let id = |s: &str| Id::new(s).unwrap();
    let en = |s: &str| Text::new(Lang::en(), s);
    let mut draft = GridDraft::new(id("g"), "1", en("G"), Lang::en());
    draft.scales.push(Scale {
        id: id("pct"),
        label: en("%"),
        kind: ScaleKind::Percentage,
    });
    let mut dim = Dimension::new(id("d"), en("D"));
    dim.criteria
        .push(Criterion::new(id("c"), en("C"), id("pct")));
    draft.dimensions.push(dim);
    let grid = Grid::new(draft).unwrap();
    let assessor = Assessor {
        name: "A".into(),
        role: Role::Evaluator,
        organisation: None,
    };
    let mut a = Assessment::new(
        GridRef::to(&grid),
        Process {
            name: "P".into(),
            ..Process::default()
        },
        Phase::Closing,
        assessor,
    );
    a.ratings.push(Rating::new(
        id("c"),
        RatingValue::Rated(Value::Number(50.0)),
    ));
    let default = grid.default_profile();
    let mut other = default.clone();
    other.id = id("other");
    let one = score(&grid, Some(&default), &a).unwrap();
    let two = score(&grid, Some(&other), &a).unwrap();
    assert!(matches!(
        compare(&one, &two),
        Err(CompareError::DifferentProfiles(..))
    ));
    assert!(compare(&one, &one).is_ok());
}
