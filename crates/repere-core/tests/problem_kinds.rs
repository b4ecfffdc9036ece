//! Every kind of validation problem, from one invalid input each: the test matches on the
//! problem's [`ProblemKind`] and its fields (and its path), never on its text.

use repere_core::*;

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn en(s: &str) -> Text {
    Text::new(Lang::en(), s)
}

/// A ternary scale `lmh` (low 1, mid 2, high 3) and a percentage scale `pct`; dimension `d1`
/// with `c1` (lmh) and `c2` (pct), dimension `d2` with `c3` (lmh); one source `s1`.
fn draft() -> GridDraft {
    let mut d = GridDraft::new(id("g"), "1.0.0", en("Grid"), Lang::en());
    d.sources.push(Source {
        id: id("s1"),
        title: "A source".to_owned(),
        url: None,
        year: None,
        note: None,
    });
    d.scales.push(Scale::ordinal(
        id("lmh"),
        en("Low, mid, high"),
        vec![
            Level::new(id("low"), 1, en("Low")),
            Level::new(id("mid"), 2, en("Mid")),
            Level::new(id("high"), 3, en("High")),
        ],
    ));
    d.scales.push(Scale {
        id: id("pct"),
        label: en("Per cent"),
        kind: ScaleKind::Percentage,
    });
    let mut d1 = Dimension::new(id("d1"), en("One"));
    d1.criteria
        .push(Criterion::new(id("c1"), en("C one"), id("lmh")));
    d1.criteria
        .push(Criterion::new(id("c2"), en("C two"), id("pct")));
    let mut d2 = Dimension::new(id("d2"), en("Two"));
    d2.criteria
        .push(Criterion::new(id("c3"), en("C three"), id("lmh")));
    d.dimensions = vec![d1, d2];
    d
}

fn grid() -> Grid {
    Grid::new(draft()).unwrap()
}

/// The single problem of a validation, with its path as text.
fn only(result: Result<(), Problems>) -> (String, ProblemKind) {
    let problems = result.expect_err("the input is invalid").into_vec();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = problems.into_iter().next().unwrap();
    (p.path.to_string(), p.kind)
}

fn grid_problem(change: impl FnOnce(&mut GridDraft)) -> (String, ProblemKind) {
    let mut d = draft();
    change(&mut d);
    only(Grid::new(d).map(drop))
}

fn profile_problem(change: impl FnOnce(&mut Profile)) -> (String, ProblemKind) {
    let g = grid();
    let mut p = Profile::default_for(&g);
    change(&mut p);
    only(p.validate(&g))
}

fn assessment(g: &Grid) -> Assessment {
    let assessor = Assessor {
        name: "A".to_owned(),
        role: Role::Evaluator,
        organisation: None,
    };
    let process = Process {
        name: "P".to_owned(),
        ..Process::default()
    };
    Assessment::new(GridRef::to(g), process, Phase::Closing, assessor)
}

fn assessment_problem(change: impl FnOnce(&mut Assessment)) -> (String, ProblemKind) {
    let g = grid();
    let mut a = assessment(&g);
    change(&mut a);
    only(a.validate(&g))
}

fn rated(criterion: &str, v: Value) -> Rating {
    Rating::new(id(criterion), RatingValue::Rated(v))
}

#[test]
fn grid_kinds() {
    assert_eq!(
        grid_problem(|d| d.version = "1 0".to_owned()),
        (
            "version".to_owned(),
            ProblemKind::InvalidVersion {
                found: "1 0".to_owned()
            }
        )
    );
    assert_eq!(
        grid_problem(|d| d.dimensions[0].label = Text::new(Lang::fr(), "Un")),
        (
            "dimensions[d1].label".to_owned(),
            ProblemKind::MissingTranslation {
                lang: Lang::en(),
                available: Some(Lang::fr())
            }
        )
    );
    assert_eq!(
        grid_problem(|d| d.dimensions.clear()),
        ("dimensions".to_owned(), ProblemKind::NoDimensions)
    );
    assert_eq!(
        grid_problem(|d| d.dimensions[1].criteria.clear()),
        (
            "dimensions[d2].criteria".to_owned(),
            ProblemKind::NoCriteria {
                dimension: id("d2")
            }
        )
    );
    assert_eq!(
        grid_problem(|d| d.dimensions[1].criteria[0].id = id("c1")),
        (
            "dimensions[d2].criteria[c1]".to_owned(),
            ProblemKind::DuplicateCriterion {
                id: id("c1"),
                dimension: id("d1")
            }
        )
    );
    assert_eq!(
        grid_problem(|d| d.dimensions[0].criteria[0].scale = id("lhm")),
        (
            "dimensions[d1].criteria[c1].scale".to_owned(),
            ProblemKind::UnknownReference {
                what: ItemKind::Scale,
                id: id("lhm"),
                suggestion: Some(id("lmh"))
            }
        )
    );
    assert_eq!(
        grid_problem(|d| d.dimensions[0].sources.push(id("s2"))),
        (
            "dimensions[d1].sources[s2]".to_owned(),
            ProblemKind::UnknownReference {
                what: ItemKind::Source,
                id: id("s2"),
                suggestion: Some(id("s1"))
            }
        )
    );
    assert_eq!(
        grid_problem(|d| d.dimensions[0].criteria[0]
            .rubric
            .push((id("hihg"), en("…")))),
        (
            "dimensions[d1].criteria[c1].rubric[hihg]".to_owned(),
            ProblemKind::UnknownRubricLevel {
                level: id("hihg"),
                scale: id("lmh"),
                suggestion: Some(id("high"))
            }
        )
    );
    assert_eq!(
        grid_problem(|d| {
            let rubric = &mut d.dimensions[0].criteria[0].rubric;
            rubric.push((id("low"), en("…")));
            rubric.push((id("low"), en("…")));
        }),
        (
            "dimensions[d1].criteria[c1].rubric[low]".to_owned(),
            ProblemKind::Repeated {
                what: Entry::Descriptor,
                id: id("low")
            }
        )
    );
}

#[test]
fn duplicate_ids_say_what_is_duplicated() {
    let duplicate =
        |what, at: &str, i: &str| (at.to_owned(), ProblemKind::DuplicateId { what, id: id(i) });
    assert_eq!(
        grid_problem(|d| d.sources.push(d.sources[0].clone())),
        duplicate(ItemKind::Source, "sources[s1]", "s1")
    );
    assert_eq!(
        grid_problem(|d| d.scales.push(d.scales[1].clone())),
        duplicate(ItemKind::Scale, "scales[pct]", "pct")
    );
    assert_eq!(
        grid_problem(|d| d.dimensions[1].id = id("d1")),
        duplicate(ItemKind::Dimension, "dimensions[d1]", "d1")
    );
    assert_eq!(
        grid_problem(|d| {
            let g = Grid::new(draft()).unwrap();
            let p = Profile::default_for(&g);
            d.profiles = vec![p.clone(), p];
        }),
        duplicate(ItemKind::Profile, "profiles[default]", "default")
    );
    assert_eq!(
        profile_problem(|p| {
            let band = Band {
                id: id("b"),
                label: en("B"),
                min: 0.0,
                color: "#2e7d32".to_owned(),
            };
            p.bands = vec![
                band.clone(),
                Band {
                    min: 0.5,
                    ..band.clone()
                },
            ];
        }),
        duplicate(ItemKind::Band, "bands[b]", "b")
    );
}

#[test]
fn scale_kinds() {
    assert_eq!(
        grid_problem(|d| levels_of(d).truncate(1)),
        (
            "scales[lmh].levels".to_owned(),
            ProblemKind::TooFewLevels { found: 1 }
        )
    );
    assert_eq!(
        grid_problem(|d| levels_of(d)[2].value = 2),
        (
            "scales[lmh].levels[high].value".to_owned(),
            ProblemKind::LevelsNotIncreasing {
                value: 2,
                previous: 2,
                position: 3
            }
        )
    );
    assert_eq!(
        grid_problem(|d| levels_of(d)[1].id = id("low")),
        (
            "scales[lmh].levels[low]".to_owned(),
            ProblemKind::DuplicateId {
                what: ItemKind::Level,
                id: id("low")
            }
        )
    );
    let range = |min: f64, max: f64| {
        grid_problem(move |d| {
            d.scales[1].kind = ScaleKind::Range {
                min,
                max,
                unit: None,
            }
        })
    };
    let (at, kind) = range(f64::NEG_INFINITY, 10.0);
    assert_eq!(at, "scales[pct].min");
    let infinite = |x: f64| x == f64::NEG_INFINITY;
    assert!(
        matches!(kind, ProblemKind::RangeNotFinite { min, max } if infinite(min) && max == 10.0),
        "{kind:?}"
    );
    assert_eq!(
        range(5.0, 5.0),
        (
            "scales[pct].max".to_owned(),
            ProblemKind::RangeNotIncreasing { min: 5.0, max: 5.0 }
        )
    );
    assert_eq!(
        range(-1.7e308, 1.7e308),
        (
            "scales[pct].max".to_owned(),
            ProblemKind::RangeTooWide {
                min: -1.7e308,
                max: 1.7e308
            }
        )
    );
}

/// The levels of the draft's first scale.
fn levels_of(d: &mut GridDraft) -> &mut Vec<Level> {
    match &mut d.scales[0].kind {
        ScaleKind::Ordinal(levels) => levels,
        _ => unreachable!("the first scale is ordinal"),
    }
}

#[test]
fn profile_kinds() {
    assert_eq!(
        profile_problem(|p| p.dimension_rules.push((id("d3"), Aggregation::Minimum))),
        (
            "dimension-rules[d3]".to_owned(),
            ProblemKind::UnknownReference {
                what: ItemKind::Dimension,
                id: id("d3"),
                suggestion: Some(id("d1"))
            }
        )
    );
    assert_eq!(
        profile_problem(|p| p.criterion_weights = vec![(id("c4"), 1.0)]),
        (
            "criterion-weights[c4]".to_owned(),
            ProblemKind::UnknownReference {
                what: ItemKind::Criterion,
                id: id("c4"),
                suggestion: Some(id("c1"))
            }
        )
    );
    assert_eq!(
        profile_problem(|p| p.criterion_weights = vec![(id("c1"), 1.0), (id("c1"), 1.0)]),
        (
            "criterion-weights[c1]".to_owned(),
            ProblemKind::Repeated {
                what: Entry::Weight,
                id: id("c1")
            }
        )
    );
    let (at, kind) = profile_problem(|p| p.criterion_weights = vec![(id("c1"), f64::NAN)]);
    assert_eq!(at, "criterion-weights[c1]");
    assert!(
        matches!(kind, ProblemKind::InvalidWeight { weight } if weight.is_nan()),
        "{kind:?}"
    );
    assert_eq!(
        profile_problem(|p| p.criterion_weights = vec![(id("c1"), 2.0)]),
        ("weights-source".to_owned(), ProblemKind::WeightsUnsourced)
    );
    assert_eq!(
        profile_problem(|p| {
            p.criterion_weights = vec![(id("c3"), 0.0)];
            p.weights_source = Some(en("illustrative"));
        }),
        (
            "criterion-weights".to_owned(),
            ProblemKind::CriteriaWeighZero {
                dimension: id("d2")
            }
        )
    );
    assert_eq!(
        profile_problem(|p| {
            p.overall = Aggregation::WeightedMean;
            p.dimension_weights = vec![(id("d1"), 0.0), (id("d2"), 0.0)];
            p.weights_source = Some(en("illustrative"));
        }),
        (
            "dimension-weights".to_owned(),
            ProblemKind::DimensionsWeighZero
        )
    );
    assert_eq!(
        profile_problem(|p| {
            p.overall = Aggregation::WeightedMean;
            p.dimension_rules = vec![(id("d2"), Aggregation::None)];
        }),
        (
            "overall".to_owned(),
            ProblemKind::DimensionNotAggregated {
                dimension: id("d2")
            }
        )
    );
    assert_eq!(
        profile_problem(|p| p.min_completeness = 80.0),
        (
            "min-completeness".to_owned(),
            ProblemKind::OutOfRange {
                what: Measure::Share,
                value: 80.0,
                min: 0.0,
                max: 1.0
            }
        )
    );
}

fn band(name: &str, min: f64, color: &str) -> Band {
    Band {
        id: id(name),
        label: en(name),
        min,
        color: color.to_owned(),
    }
}

#[test]
fn band_kinds() {
    assert_eq!(
        profile_problem(|p| p.bands = vec![band("weak", 0.2, "#000000")]),
        (
            "bands[weak].min".to_owned(),
            ProblemKind::FirstBandAboveZero { min: 0.2 }
        )
    );
    assert_eq!(
        profile_problem(|p| p.bands = vec![
            band("weak", 0.0, "#000000"),
            band("fair", 0.5, "#000000"),
            band("strong", 0.4, "#000000"),
        ]),
        (
            "bands[strong].min".to_owned(),
            ProblemKind::BandsNotIncreasing {
                min: 0.4,
                previous: 0.5
            }
        )
    );
    assert_eq!(
        profile_problem(
            |p| p.bands = vec![band("weak", 0.0, "#000000"), band("fair", 1.5, "#000000"),]
        ),
        (
            "bands[fair].min".to_owned(),
            ProblemKind::OutOfRange {
                what: Measure::Score,
                value: 1.5,
                min: 0.0,
                max: 1.0
            }
        )
    );
    assert_eq!(
        profile_problem(|p| p.bands = vec![band("weak", 0.0, "yellow")]),
        (
            "bands[weak].color".to_owned(),
            ProblemKind::InvalidColor {
                found: "yellow".to_owned()
            }
        )
    );
}

fn gate(criterion: &str, below: Threshold, target: GateTarget, cap: Cap) -> Gate {
    Gate {
        criterion: id(criterion),
        below,
        target,
        cap,
        reason: Text::empty(),
        backing: Backing::default(),
    }
}

#[test]
fn gate_kinds() {
    let on_d1 = || GateTarget::Dimension(id("d1"));
    assert_eq!(
        profile_problem(|p| p.gates = vec![gate(
            "c1",
            Threshold::Level(id("hihg")),
            on_d1(),
            Cap::Score(0.5)
        )]),
        (
            "gates[0].below".to_owned(),
            ProblemKind::UnknownThresholdLevel {
                level: id("hihg"),
                scale: id("lmh"),
                criterion: id("c1"),
                suggestion: Some(id("high"))
            }
        )
    );
    assert_eq!(
        profile_problem(|p| p.gates = vec![gate(
            "c2",
            Threshold::Level(id("high")),
            on_d1(),
            Cap::Score(0.5)
        )]),
        (
            "gates[0].below".to_owned(),
            ProblemKind::ThresholdWithoutLevels {
                criterion: id("c2"),
                scale_kind: "percentage"
            }
        )
    );
    assert_eq!(
        profile_problem(|p| p.gates = vec![gate(
            "c1",
            Threshold::Score(0.5),
            GateTarget::Overall,
            Cap::Score(0.5)
        )]),
        ("gates[0].target".to_owned(), ProblemKind::NoOverallScore)
    );
    assert_eq!(
        profile_problem(
            |p| p.gates = vec![gate("c1", Threshold::Score(0.5), on_d1(), Cap::Score(1.5))]
        ),
        (
            "gates[0].cap".to_owned(),
            ProblemKind::OutOfRange {
                what: Measure::Score,
                value: 1.5,
                min: 0.0,
                max: 1.0
            }
        )
    );
    assert_eq!(
        profile_problem(|p| p.gates = vec![gate(
            "c1",
            Threshold::Score(0.5),
            on_d1(),
            Cap::Band(id("weak"))
        )]),
        (
            "gates[0].cap-band".to_owned(),
            ProblemKind::UnknownReference {
                what: ItemKind::Band,
                id: id("weak"),
                suggestion: None
            }
        )
    );
}

#[test]
fn assessment_kinds() {
    let g = grid();
    assert_eq!(
        assessment_problem(|a| a.grid.id = id("other")),
        (
            "grid.id".to_owned(),
            ProblemKind::OtherGrid {
                named: id("other"),
                grid: id("g")
            }
        )
    );
    assert_eq!(
        assessment_problem(|a| a.grid.version = "2.0.0".to_owned()),
        (
            "grid.version".to_owned(),
            ProblemKind::OtherVersion {
                grid: id("g"),
                named: "2.0.0".to_owned(),
                version: "1.0.0".to_owned()
            }
        )
    );
    let recorded = format!("sha256:{}", "0".repeat(64));
    assert_eq!(
        assessment_problem(|a| a.grid.hash = Some(recorded.clone())),
        (
            "grid.hash".to_owned(),
            ProblemKind::GridChanged {
                grid: id("g"),
                version: "1.0.0".to_owned(),
                hash: g.content_hash().to_owned(),
                recorded
            }
        )
    );
    assert_eq!(
        assessment_problem(|a| a.assessor.name = " ".to_owned()),
        (
            "assessor.name".to_owned(),
            ProblemKind::EmptyName {
                of: NameOf::Assessor
            }
        )
    );
    assert_eq!(
        assessment_problem(|a| a.process.name = String::new()),
        (
            "process.name".to_owned(),
            ProblemKind::EmptyName {
                of: NameOf::Process
            }
        )
    );
    let (start, end) = (
        "2024-05-01".parse::<Date>().unwrap(),
        "2024-03-31".parse::<Date>().unwrap(),
    );
    assert_eq!(
        assessment_problem(|a| {
            a.process.start = Some(start);
            a.process.end = Some(end);
        }),
        (
            "process.end".to_owned(),
            ProblemKind::EndsBeforeStart { start, end }
        )
    );
}

#[test]
fn rating_kinds() {
    assert_eq!(
        assessment_problem(|a| a.ratings.push(rated("c5", Value::Number(1.0)))),
        (
            "ratings[c5]".to_owned(),
            ProblemKind::NotInGrid {
                grid: id("g"),
                criterion: id("c5"),
                suggestion: Some(id("c1"))
            }
        )
    );
    assert_eq!(
        assessment_problem(|a| {
            a.ratings.push(rated("c2", Value::Number(1.0)));
            a.ratings.push(rated("c2", Value::Number(2.0)));
        }),
        (
            "ratings[c2]".to_owned(),
            ProblemKind::Repeated {
                what: Entry::Rating,
                id: id("c2")
            }
        )
    );
    assert_eq!(
        assessment_problem(|a| {
            a.targets.push((id("c2"), Value::Number(1.0)));
            a.targets.push((id("c2"), Value::Number(2.0)));
        }),
        (
            "targets[c2]".to_owned(),
            ProblemKind::Repeated {
                what: Entry::Target,
                id: id("c2")
            }
        )
    );
    assert_eq!(
        assessment_problem(|a| a.ratings.push(Rating::new(
            id("c1"),
            RatingValue::NotApplicable {
                reason: " ".to_owned()
            }
        ))),
        ("ratings[c1].reason".to_owned(), ProblemKind::NoReason)
    );
    assert_eq!(
        assessment_problem(|a| a.ratings.push(rated("c2", Value::Number(120.0)))),
        (
            "ratings[c2].value".to_owned(),
            ProblemKind::Value(ValueError::OutOfRange {
                found: 120.0,
                min: 0.0,
                max: 100.0
            })
        )
    );
    assert_eq!(
        assessment_problem(|a| a.ratings.push(rated("c1", Value::Level(id("hihg"))))),
        (
            "ratings[c1].value".to_owned(),
            ProblemKind::Value(ValueError::UnknownLevel {
                found: "hihg".to_owned(),
                expected: "`low`, `mid`, `high`".to_owned(),
                suggestion: Some(id("high"))
            })
        )
    );
    assert_eq!(
        assessment_problem(|a| a.targets.push((id("c1"), Value::Bool(true)))),
        (
            "targets[c1]".to_owned(),
            ProblemKind::Value(ValueError::WrongKind {
                found: "yes/no value",
                scale: "ordinal",
                expected: "a level id"
            })
        )
    );
}

/// The English wording and the suggestion come from the kind.
#[test]
fn messages_and_help_come_from_the_kind() {
    let p = Problem::new(
        Path::root().key("scale"),
        ProblemKind::UnknownReference {
            what: ItemKind::Scale,
            id: id("lhm"),
            suggestion: Some(id("lmh")),
        },
    );
    assert_eq!(p.message(), "unknown scale `lhm`");
    assert_eq!(
        p.help().as_deref(),
        Some("a scale with a similar name exists: `lmh`")
    );
    assert_eq!(
        p.to_string(),
        "scale: unknown scale `lhm` (help: a scale with a similar name exists: `lmh`)"
    );
}

/// Why a criterion is not applicable is a code, with the assessor's words when they gave it.
#[test]
fn not_applicable_reasons_are_codes() {
    let mut d = draft();
    d.dimensions[1].criteria[0].phases = vec![Phase::Framing];
    let g = Grid::new(d).unwrap();
    let mut a = assessment(&g);
    a.ratings.push(Rating::new(
        id("c1"),
        RatingValue::NotApplicable {
            reason: "online only".to_owned(),
        },
    ));
    let card = score(&g, None, &a).unwrap();
    assert_eq!(
        card.criterion("c1").unwrap().status,
        CriterionStatus::NotApplicable {
            reason: NotApplicableReason::Assessor("online only".to_owned())
        }
    );
    assert_eq!(
        card.criterion("c3").unwrap().status,
        CriterionStatus::NotApplicable {
            reason: NotApplicableReason::Phase(Phase::Closing)
        }
    );
    let trace = &card.dimension("d2").unwrap().aggregate.trace;
    assert_eq!(trace.no_score, Some(NoScore::NothingRated));
    assert_eq!(trace.excluded[0].why, Exclusion::NotApplicable);
}
