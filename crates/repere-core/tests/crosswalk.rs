//! Crosswalks worked by hand: two small grids, `fr` (French practice: three-level scales) and
//! `intl` (an international grid: five-level and percentage scales), their links, what is
//! carried from one to the other, what is not and why, and a comparison across the two.

use repere_core::crosswalk::{
    Crosswalk, CrosswalkProblem, GridKey, Link, NotCarriedReason, Relation, Side,
};
use repere_core::*;

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn en(s: &str) -> Text {
    Text::new(Lang::en(), s)
}

fn ordinal(name: &str, levels: &[&str]) -> Scale {
    Scale::ordinal(
        id(name),
        en(name),
        levels
            .iter()
            .enumerate()
            .map(|(i, l)| Level::new(id(l), i as i64, en(l)))
            .collect(),
    )
}

/// `fr`: independence (3 levels), information (3 levels), diversity (%), deadline (yes/no),
/// follow-up (3 levels).
fn fr() -> Grid {
    let mut d = GridDraft::new(id("fr"), "1.0.0", en("French grid"), Lang::en());
    d.scales = vec![
        ordinal("three", &["non", "partiel", "oui"]),
        Scale {
            id: id("pct"),
            label: en("share"),
            kind: ScaleKind::Percentage,
        },
        Scale {
            id: id("yn"),
            label: en("yes/no"),
            kind: ScaleKind::Boolean {
                yes: en("yes"),
                no: en("no"),
            },
        },
    ];
    let mut dim = Dimension::new(id("garanties"), en("Safeguards"));
    for (c, scale) in [
        ("independance", "three"),
        ("information", "three"),
        ("diversite", "pct"),
        ("delai", "yn"),
        ("suivi", "three"),
    ] {
        dim.criteria.push(Criterion::new(id(c), en(c), id(scale)));
    }
    d.dimensions = vec![dim];
    Grid::new(d).unwrap()
}

/// `intl`: independence (3 levels), information (5 levels), diversity (0–10 range), deadline
/// (yes/no), influence (3 levels), inclusion (5 levels).
fn intl() -> Grid {
    let mut d = GridDraft::new(id("intl"), "2.0.0", en("International grid"), Lang::en());
    d.scales = vec![
        ordinal("three", &["no", "partly", "yes"]),
        ordinal("five", &["0", "1", "2", "3", "4"]),
        Scale {
            id: id("ten"),
            label: en("out of ten"),
            kind: ScaleKind::Range {
                min: 0.0,
                max: 10.0,
                unit: None,
            },
        },
        Scale {
            id: id("yn"),
            label: en("yes/no"),
            kind: ScaleKind::Boolean {
                yes: en("yes"),
                no: en("no"),
            },
        },
    ];
    let mut dim = Dimension::new(id("quality"), en("Quality"));
    for (c, scale) in [
        ("independence", "three"),
        ("information", "five"),
        ("diversity", "ten"),
        ("deadline", "yn"),
        ("influence", "three"),
        ("inclusion", "five"),
    ] {
        dim.criteria.push(Criterion::new(id(c), en(c), id(scale)));
    }
    d.dimensions = vec![dim];
    Grid::new(d).unwrap()
}

fn link(from: &str, to: &str, relation: Relation) -> Link {
    Link {
        from: id(from),
        to: id(to),
        relation,
        provenance: Provenance::Illustrative,
        note: None,
        levels: Vec::new(),
    }
}

fn crosswalk() -> Crosswalk {
    Crosswalk {
        id: id("fr-intl"),
        from: GridKey {
            id: id("fr"),
            version: "1.0.0".into(),
        },
        to: GridKey {
            id: id("intl"),
            version: "2.0.0".into(),
        },
        default_lang: Lang::en(),
        provenance: Provenance::Illustrative,
        sources: vec![],
        links: vec![
            link("independance", "independence", Relation::Equivalent),
            link("information", "information", Relation::Equivalent),
            link("diversite", "diversity", Relation::Equivalent),
            link("delai", "deadline", Relation::Equivalent),
            link("suivi", "influence", Relation::Narrower),
        ],
    }
}

fn rated(grid: &Grid, ratings: &[(&str, RatingValue)]) -> Assessment {
    let who = Assessor {
        name: "Garante".into(),
        role: Role::Guarantor,
        organisation: None,
    };
    let mut a = Assessment::new(
        GridRef::to(grid),
        Process {
            name: "Débat".into(),
            ..Process::default()
        },
        Phase::Closing,
        who,
    );
    for (c, v) in ratings {
        a.ratings.push(Rating::new(id(c), v.clone()));
    }
    a
}

fn level(l: &str) -> RatingValue {
    RatingValue::Rated(Value::Level(id(l)))
}

#[test]
fn equivalent_criteria_are_carried_and_the_rest_is_said() {
    let (fr, intl) = (fr(), intl());
    let cw = crosswalk();
    cw.validate(&fr, &intl).unwrap();
    let mut a = rated(
        &fr,
        &[
            ("independance", level("partiel")),
            ("information", level("oui")),
            ("diversite", RatingValue::Rated(Value::Number(35.0))),
            ("delai", RatingValue::Rated(Value::Bool(true))),
            ("suivi", level("oui")),
        ],
    );
    a.ratings[0].justification = Some("Garant nommé tard.".into());
    a.targets
        .push((id("independance"), Value::Level(id("oui"))));
    let c = cw.carry(&fr, &intl, &a);
    let carried = &c.assessment;
    assert_eq!(carried.grid.id, id("intl"));
    carried.validate(&intl).unwrap();
    let value = |crit: &str| {
        carried
            .ratings
            .iter()
            .find(|r| r.criterion.as_str() == crit)
            .map(|r| r.value.clone())
    };
    // Three levels to three levels: by rank (partiel is the 2nd of 3 → partly).
    assert_eq!(value("independence"), Some(level("partly")));
    // 35 % → 0.35 of the 0–10 range = 3.5.
    assert_eq!(
        value("diversity"),
        Some(RatingValue::Rated(Value::Number(3.5)))
    );
    assert_eq!(
        value("deadline"),
        Some(RatingValue::Rated(Value::Bool(true)))
    );
    // Three levels against five, and the crosswalk gives no correspondence: not carried.
    assert_eq!(value("information"), None);
    // The target is carried like the rating.
    assert_eq!(
        carried.target("independence"),
        Some(&Value::Level(id("yes")))
    );
    // Follow-up is narrower than influence: never carried.
    assert_eq!(value("influence"), None);
    assert_eq!(c.not_carried.len(), 2);
    assert_eq!(c.not_carried[0].criterion, id("information"));
    assert_eq!(c.not_carried[0].reason, NotCarriedReason::ScalesDiffer);
    assert_eq!(c.not_carried[1].criterion, id("suivi"));
    assert_eq!(
        c.not_carried[1].reason,
        NotCarriedReason::NotEquivalent {
            relation: Relation::Narrower
        }
    );
    assert_eq!(c.not_carried[1].reason.code(), "not-equivalent");
    // What the international grid received nothing for.
    assert_eq!(
        c.no_counterpart,
        vec![id("information"), id("influence"), id("inclusion")]
    );
    // The justification says where the rating comes from.
    let j = carried.ratings[0].justification.as_deref().unwrap();
    assert_eq!(j, "[fr › independance] Garant nommé tard.");
}

#[test]
fn levels_of_scales_of_different_sizes_are_carried_only_as_the_crosswalk_says() {
    let (fr, intl) = (fr(), intl());
    let mut cw = crosswalk();
    // Three levels against five, no correspondence given: `oui` (top of three) is not taken
    // for `4` (top of five), nor `partiel` for `2`.
    let a = rated(
        &fr,
        &[
            ("information", level("partiel")),
            ("independance", level("oui")),
        ],
    );
    let c = cw.carry(&fr, &intl, &a);
    assert_eq!(c.carried, vec![(id("independance"), id("independence"))]);
    assert_eq!(c.not_carried[0].criterion, id("information"));
    assert_eq!(c.not_carried[0].reason, NotCarriedReason::ScalesDiffer);
    // The crosswalk says which level is which: non → 0, partiel → 2, oui → 3.
    cw.links[1].levels = vec![
        (id("non"), id("0")),
        (id("partiel"), id("2")),
        (id("oui"), id("3")),
    ];
    cw.validate(&fr, &intl).unwrap();
    let c = cw.carry(&fr, &intl, &a);
    let info = c
        .assessment
        .ratings
        .iter()
        .find(|r| r.criterion.as_str() == "information")
        .unwrap();
    assert_eq!(info.value, level("2"));
    // Read back from `intl`: 3 → oui, 2 → partiel; 1 and 4 have no correspondence.
    let back = cw.reversed();
    let b = rated(
        &intl,
        &[("information", level("1")), ("influence", level("yes"))],
    );
    let c = back.carry(&intl, &fr, &b);
    assert!(c.assessment.ratings.is_empty());
    assert_eq!(c.not_carried[0].reason, NotCarriedReason::ScalesDiffer);
    // Read from the other side, narrower is broader.
    assert_eq!(
        c.not_carried[1].reason,
        NotCarriedReason::NotEquivalent {
            relation: Relation::Broader
        }
    );
    let b = rated(&intl, &[("information", level("3"))]);
    assert_eq!(
        back.carry(&intl, &fr, &b).assessment.ratings[0].value,
        level("oui")
    );
    // A level the scale does not have is named.
    cw.links[1].levels.push((id("peut-etre"), id("9")));
    let problems = cw.validate(&fr, &intl).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(matches!(
        &problems[0],
        CrosswalkProblem::UnknownLevel { side: Side::From, level, .. } if level.as_str() == "peut-etre"
    ));
}

#[test]
fn ambiguous_equivalences_carry_nothing() {
    let (fr, intl) = (fr(), intl());
    let mut cw = crosswalk();
    // Independence is equivalent to two criteria: which one it rates is not known.
    cw.links
        .push(link("independance", "inclusion", Relation::Equivalent));
    // Two French criteria equivalent to one international criterion.
    cw.links
        .push(link("suivi", "information", Relation::Equivalent));
    let a = rated(
        &fr,
        &[
            ("independance", level("oui")),
            ("information", level("oui")),
            ("suivi", level("oui")),
        ],
    );
    let c = cw.carry(&fr, &intl, &a);
    assert!(
        c.assessment.ratings.is_empty(),
        "{:?}",
        c.assessment.ratings
    );
    let reasons: Vec<&str> = c.not_carried.iter().map(|n| n.reason.code()).collect();
    assert_eq!(
        reasons,
        [
            "several-equivalents",
            "shared-equivalent",
            "shared-equivalent"
        ]
    );
}

#[test]
fn validation_names_every_problem_with_suggestions() {
    let (fr, intl) = (fr(), intl());
    let mut cw = crosswalk();
    cw.links
        .push(link("independence", "independance", Relation::Related));
    cw.links
        .push(link("independance", "independence", Relation::Related));
    let problems = cw.validate(&fr, &intl).unwrap_err();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(matches!(
        &problems[0],
        CrosswalkProblem::UnknownCriterion { link: 5, side: Side::From, suggestion: Some(s), .. } if s.as_str() == "independance"
    ));
    assert!(matches!(
        &problems[1],
        CrosswalkProblem::UnknownCriterion { link: 5, side: Side::To, suggestion: Some(s), .. } if s.as_str() == "independence"
    ));
    assert!(matches!(
        &problems[2],
        CrosswalkProblem::DuplicateLink {
            link: 6,
            first: 0,
            ..
        }
    ));
    // The grids in the wrong order.
    let problems = cw.validate(&intl, &fr).unwrap_err();
    assert_eq!(problems.len(), 2);
    assert!(cw.relates(&intl, &fr));
    assert_eq!(cw.oriented(&intl, &fr).unwrap().from.id, id("intl"));
}

#[test]
fn carried_then_scored_and_compared_on_one_grid() {
    // An assessment on `fr` carried onto `intl`, compared with one made on `intl`: the
    // comparison covers the carried criteria; the others are `unrated` on the carried side,
    // never zero.
    let (fr, intl) = (fr(), intl());
    let cw = crosswalk();
    let a = rated(
        &fr,
        &[
            ("independance", level("partiel")),
            ("diversite", RatingValue::Rated(Value::Number(40.0))),
        ],
    );
    let b = rated(
        &intl,
        &[
            ("independence", level("yes")),
            ("diversity", RatingValue::Rated(Value::Number(6.0))),
            ("influence", level("partly")),
        ],
    );
    let carried = cw.carry(&fr, &intl, &a).assessment;
    let p = intl.default_profile();
    let ca = score(&intl, Some(&p), &carried).unwrap();
    let cb = score(&intl, Some(&p), &b).unwrap();
    let cmp = compare(&ca, &cb).unwrap();
    let delta = |c: &str| cmp.criteria.iter().find(|d| d.id.as_str() == c).unwrap();
    // independence: 0.5 → 1; diversity: 4/10 → 6/10.
    assert_eq!(delta("independence").delta, Some(0.5));
    assert!((delta("diversity").delta.unwrap() - 0.2).abs() < 1e-12);
    assert_eq!(delta("influence").change, Change::NewlyRated);
    assert_eq!(delta("inclusion").change, Change::Unrated);
}
