//! Tests of `repere_core::agreement`: published anchors, agreement with the Python
//! `krippendorff` package (stored expectations), hand-worked examples, errors,
//! the bootstrap, property tests and an (ignored) large-table run.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proptest::prelude::*;
use repere_core::agreement::{
    AgreementError, Datum, MAX_RESAMPLES, MeasurementLevel, RatingTable, RatingTableBuilder,
    ValueKind, bootstrap_alpha, bootstrap_alpha_with_progress, fleiss_kappa, gwet_ac1,
    krippendorff_alpha, krippendorff_alpha_parallel,
};

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// Long rows `(unit, rater, value)`.
type Rows = Vec<(String, String, f64)>;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/agreement")
}

fn read_data(name: &str) -> String {
    let path = data_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads a long `unit,rater,value` CSV (header, no quoting).
fn read_long(name: &str) -> Rows {
    read_data(name)
        .lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 3, "{name}: {line}");
            let value = fields[2].parse::<f64>().expect("numeric value");
            (fields[0].to_owned(), fields[1].to_owned(), value)
        })
        .collect()
}

/// Reads the wide Krippendorff (2011) example: `unit,A,B,C,D`, blank = missing.
fn krippendorff_2011_rows() -> Rows {
    let text = read_data("krippendorff_2011_example.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let mut rows = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        for (rater, field) in header.iter().zip(&fields).skip(1) {
            if !field.is_empty() {
                let value = field.parse::<f64>().expect("numeric value");
                rows.push((fields[0].to_owned(), (*rater).to_owned(), value));
            }
        }
    }
    rows
}

fn table_of(rows: &[(String, String, f64)]) -> RatingTable {
    RatingTable::from_rows(rows.iter().map(|(u, r, v)| (u, r, *v))).expect("valid table")
}

fn alpha(table: &RatingTable, level: MeasurementLevel) -> f64 {
    krippendorff_alpha(table, level)
        .expect("alpha defined")
        .value
}

/// Alpha straight from the definition, with a dense V×V coincidence matrix (small inputs).
fn naive_alpha(rows: &[(String, String, f64)], level: MeasurementLevel) -> Option<f64> {
    let mut units: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (u, _, v) in rows {
        units.entry(u).or_default().push(*v);
    }
    units.retain(|_, vs| vs.len() >= 2);
    let mut values: Vec<f64> = units.values().flatten().copied().collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let v = values.len();
    if v < 2 {
        return None;
    }
    let index = |x: f64| values.iter().position(|&y| y == x).expect("known value");
    let mut o = vec![vec![0.0; v]; v];
    for vs in units.values() {
        let m = vs.len() as f64;
        for (i, &a) in vs.iter().enumerate() {
            for (j, &b) in vs.iter().enumerate() {
                if i != j {
                    o[index(a)][index(b)] += 1.0 / (m - 1.0);
                }
            }
        }
    }
    let nc: Vec<f64> = o.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = nc.iter().sum();
    let delta2 = |c: usize, k: usize| -> f64 {
        match level {
            MeasurementLevel::Nominal => f64::from(u8::from(c != k)),
            MeasurementLevel::Ordinal => {
                let (lo, hi) = (c.min(k), c.max(k));
                let between: f64 = nc[lo..=hi].iter().sum();
                (between - (nc[c] + nc[k]) / 2.0).powi(2)
            }
            MeasurementLevel::Interval => (values[c] - values[k]).powi(2),
            MeasurementLevel::Ratio => {
                let s = values[c] + values[k];
                if s == 0.0 {
                    0.0
                } else {
                    ((values[c] - values[k]) / s).powi(2)
                }
            }
        }
    };
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..v {
        for k in 0..v {
            observed += o[c][k] * delta2(c, k);
            expected += nc[c] * nc[k] * delta2(c, k);
        }
    }
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// Rows from per-unit rating lists (`None` = missing), raters named `r0`, `r1`, …
fn rows_from_units(units: &[Vec<Option<f64>>]) -> Rows {
    let mut rows = Vec::new();
    for (u, ratings) in units.iter().enumerate() {
        for (r, value) in ratings.iter().enumerate() {
            if let Some(value) = value {
                rows.push((format!("u{u}"), format!("r{r}"), *value));
            }
        }
    }
    rows
}

/// Fleiss-style count table -> rows: unit `i` gets `counts[i][k]` ratings of category `k`,
/// from raters `r0`, `r1`, … in turn.
fn rows_from_counts(counts: &[&[u32]]) -> Rows {
    let mut rows = Vec::new();
    for (u, row) in counts.iter().enumerate() {
        let mut rater = 0;
        for (category, &count) in row.iter().enumerate() {
            for _ in 0..count {
                rows.push((format!("s{u}"), format!("r{rater}"), category as f64 + 1.0));
                rater += 1;
            }
        }
    }
    rows
}

// ---------------------------------------------------------------------------
// anchors
// ---------------------------------------------------------------------------

/// Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers ×
/// 12 units. Unit 12 has one value (unpairable); n = 40 pairable values with
/// n_1..n_5 = 9, 13, 10, 5, 3. Exact values (rational arithmetic on the definition):
///
/// | level | Σ o δ² | Σ n n δ² | α |
/// |---|---|---|---|
/// | nominal | 8 | 1216 | 1 − 39·8/1216 = 113/152 = 0.743421 |
/// | ordinal | 1891 | 399480 | 108577/133160 = 0.815388 |
/// | interval | 52/3 | 4480 | 951/1120 = 0.849107 |
/// | ratio | 59357/66150 | 4570493/26460 | 18222619/22852465 = 0.797403 |
#[test]
fn krippendorff_2011_anchor() {
    let table = table_of(&krippendorff_2011_rows());
    assert_eq!((table.units(), table.raters(), table.len()), (12, 4, 41));
    let cases = [
        (
            MeasurementLevel::Nominal,
            113.0 / 152.0,
            0.743421,
            8.0,
            1216.0,
        ),
        (
            MeasurementLevel::Ordinal,
            108_577.0 / 133_160.0,
            0.815388,
            1891.0,
            399_480.0,
        ),
        (
            MeasurementLevel::Interval,
            951.0 / 1120.0,
            0.849107,
            52.0 / 3.0,
            4480.0,
        ),
        (
            MeasurementLevel::Ratio,
            18_222_619.0 / 22_852_465.0,
            0.797403,
            59_357.0 / 66_150.0,
            4_570_493.0 / 26_460.0,
        ),
    ];
    for (level, exact, published, sum_o, sum_e) in cases {
        let a = krippendorff_alpha(&table, level).expect("defined");
        assert!(
            (a.value - exact).abs() < 1e-12,
            "{level}: {} vs {exact}",
            a.value
        );
        assert_eq!(
            format!("{:.6}", a.value),
            format!("{published:.6}"),
            "{level}"
        );
        assert_eq!(a.level, level);
        assert_eq!(a.units, 11);
        assert_eq!(a.pairable_values, 40);
        assert_eq!(a.raters, 4);
        assert_eq!(a.distinct_values, 5);
        // D_o = Σ o δ² / n, D_e = Σ n n δ² / (n (n − 1)).
        assert!(
            (a.observed_disagreement - sum_o / 40.0).abs() < 1e-12,
            "{level}"
        );
        assert!(
            (a.expected_disagreement - sum_e / (40.0 * 39.0)).abs() < 1e-12,
            "{level}"
        );
        let ratio = 1.0 - a.observed_disagreement / a.expected_disagreement;
        assert!((ratio - a.value).abs() < 1e-12);
    }
}

/// The same anchor with labels: nominal alpha is unchanged; other levels are refused.
#[test]
fn labels_at_nominal_level() {
    let names = ["one", "two", "three", "four", "five"];
    let rows: Vec<(String, String, String)> = krippendorff_2011_rows()
        .into_iter()
        .map(|(u, r, v)| (u, r, names[v as usize - 1].to_owned()))
        .collect();
    let table = RatingTable::from_rows(rows.iter().map(|(u, r, v)| (u, r, v.as_str())))
        .expect("valid table");
    assert_eq!(table.value_kind(), Some(ValueKind::Label));
    assert!((alpha(&table, MeasurementLevel::Nominal) - 113.0 / 152.0).abs() < 1e-12);
    for level in [
        MeasurementLevel::Ordinal,
        MeasurementLevel::Interval,
        MeasurementLevel::Ratio,
    ] {
        assert_eq!(
            krippendorff_alpha(&table, level),
            Err(AgreementError::LabelsAtNumericLevel { level })
        );
    }
}

/// Random tables (generate.py, seeded) against the Python `krippendorff` 0.9.0 package.
#[test]
fn matches_python_krippendorff_package() {
    let expected = read_data("expected.csv");
    let mut checked = 0;
    let mut tables: BTreeMap<String, (Rows, RatingTable)> = BTreeMap::new();
    for line in expected.lines().skip(1).filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let (dataset, level, want) = (fields[0], fields[1], fields[2]);
        let level: MeasurementLevel = level.parse().expect("level");
        let want: f64 = want.parse().expect("alpha");
        let (rows, table) = tables.entry(dataset.to_owned()).or_insert_with(|| {
            let rows = read_long(&format!("{dataset}.csv"));
            let table = table_of(&rows);
            (rows, table)
        });
        let got = alpha(table, level);
        assert!(
            (got - want).abs() < 1e-9,
            "{dataset} {level}: got {got}, python {want}"
        );
        // And the dense textbook computation agrees too.
        let naive = naive_alpha(rows, level).expect("defined");
        assert!(
            (got - naive).abs() < 1e-9,
            "{dataset} {level}: naive {naive}"
        );
        checked += 1;
    }
    assert_eq!(checked, 24);
    assert_eq!(tables.len(), 7);
}

// ---------------------------------------------------------------------------
// Fleiss' kappa and Gwet's AC1
// ---------------------------------------------------------------------------

/// Fleiss (1971) as worked on Wikipedia ("Fleiss' kappa"): 10 subjects, 14 raters,
/// 5 categories.
const FLEISS_1971: [&[u32]; 10] = [
    &[0, 0, 0, 0, 14],
    &[0, 2, 6, 4, 2],
    &[0, 0, 3, 5, 6],
    &[0, 3, 9, 2, 0],
    &[2, 2, 8, 1, 1],
    &[7, 7, 0, 0, 0],
    &[3, 2, 6, 3, 0],
    &[2, 5, 3, 2, 2],
    &[6, 5, 2, 1, 0],
    &[0, 2, 2, 3, 7],
];

/// P_i = 1, 23/91, 4/13, 40/91, 30/91, 6/13, 22/91, 16/91, 2/7, 2/7;
/// P̄ = 172/455 = 0.378022; p_j = 1/7, 1/5, 39/140, 3/20, 8/35;
/// P̄_e = Σ p_j² = 417/1960 = 0.212755; κ = (P̄ − P̄_e)/(1 − P̄_e) = 4211/20059 = 0.209931
/// (Wikipedia: 0.378, 0.213, 0.210).
#[test]
fn fleiss_kappa_wikipedia_example() {
    let table = table_of(&rows_from_counts(&FLEISS_1971));
    let k = fleiss_kappa(&table).expect("defined");
    assert!((k.observed_agreement - 172.0 / 455.0).abs() < 1e-12);
    assert!((k.chance_agreement - 417.0 / 1960.0).abs() < 1e-12);
    assert!((k.value - 4211.0 / 20059.0).abs() < 1e-12);
    assert_eq!(format!("{:.3}", k.value), "0.210");
    assert_eq!(
        (k.units, k.units_total, k.categories, k.raters),
        (10, 10, 5, 14)
    );
}

/// AC1 on the same table: p_e = Σ p_j (1 − p_j) / (q − 1) = (1543/1960) / 4 = 1543/7840;
/// AC1 = (172/455 − 1543/7840) / (1 − 1543/7840) = 18469/81861 = 0.225614.
#[test]
fn gwet_ac1_on_fleiss_example() {
    let table = table_of(&rows_from_counts(&FLEISS_1971));
    let ac1 = gwet_ac1(&table).expect("defined");
    assert!((ac1.observed_agreement - 172.0 / 455.0).abs() < 1e-12);
    assert!((ac1.chance_agreement - 1543.0 / 7840.0).abs() < 1e-12);
    assert!((ac1.value - 18469.0 / 81861.0).abs() < 1e-12);
}

/// Variable numbers of raters (Gwet's generalisation), worked by hand:
///
/// ```text
/// unit  ratings     r_i  agreeing pairs Σ r_ik(r_ik − 1)   share of cat. 1 / cat. 2
/// u1    1 1 1        3   6 / 6 = 1                         1    / 0
/// u2    1 2          2   0 / 2 = 0                         1/2  / 1/2
/// u3    2 2 2 1      4   6 / 12 = 1/2                      1/4  / 3/4
/// u4    2            1   (not in p_a)                      0    / 1
/// ```
///
/// p_a = (1 + 0 + 1/2) / 3 = 1/2; π_1 = 7/4 / 4 = 7/16, π_2 = 9/16.
/// Fleiss: p_e = 49/256 + 81/256 = 65/128, κ = (64 − 65)/(128 − 65) = −1/63.
/// AC1 (q = 2): p_e = 2 · 7/16 · 9/16 = 63/128, AC1 = (64 − 63)/(128 − 63) = 1/65.
#[test]
fn fleiss_and_ac1_with_variable_raters() {
    let rows = [
        ("u1", "a", 1),
        ("u1", "b", 1),
        ("u1", "c", 1),
        ("u2", "a", 1),
        ("u2", "b", 2),
        ("u3", "a", 2),
        ("u3", "b", 2),
        ("u3", "c", 2),
        ("u3", "d", 1),
        ("u4", "c", 2),
    ];
    let table = RatingTable::from_rows(rows).expect("valid");
    let k = fleiss_kappa(&table).expect("defined");
    assert!((k.observed_agreement - 0.5).abs() < 1e-15);
    assert!((k.chance_agreement - 65.0 / 128.0).abs() < 1e-15);
    assert!((k.value + 1.0 / 63.0).abs() < 1e-12);
    assert_eq!(
        (k.units, k.units_total, k.categories, k.raters),
        (3, 4, 2, 4)
    );
    let ac1 = gwet_ac1(&table).expect("defined");
    assert!((ac1.chance_agreement - 63.0 / 128.0).abs() < 1e-15);
    assert!((ac1.value - 1.0 / 65.0).abs() < 1e-12);
}

#[test]
fn kappa_errors() {
    let one_category = RatingTable::from_rows([("u1", "a", "x"), ("u1", "b", "x")]).unwrap();
    assert_eq!(
        fleiss_kappa(&one_category),
        Err(AgreementError::TooFewDistinctValues { found: 1 })
    );
    assert_eq!(
        gwet_ac1(&one_category),
        Err(AgreementError::TooFewDistinctValues { found: 1 })
    );
    let unpaired = RatingTable::from_rows([("u1", "a", "x"), ("u2", "b", "y")]).unwrap();
    assert_eq!(
        fleiss_kappa(&unpaired),
        Err(AgreementError::NoPairableUnits)
    );
    let single_rater = RatingTable::from_rows([("u1", "a", "x"), ("u2", "a", "y")]).unwrap();
    assert_eq!(
        gwet_ac1(&single_rater),
        Err(AgreementError::TooFewRaters { found: 1 })
    );
}

// ---------------------------------------------------------------------------
// table building and errors
// ---------------------------------------------------------------------------

#[test]
fn duplicate_rating_names_unit_rater_and_rows() {
    let err = RatingTable::from_rows([
        ("u1", "a", 1.0),
        ("u2", "a", 2.0),
        ("u2", "a", 3.0), // duplicate of row 1
        ("u1", "a", 4.0), // duplicate of row 0, later row
    ])
    .unwrap_err();
    assert_eq!(
        err,
        AgreementError::DuplicateRating {
            unit: "u2".to_owned(),
            rater: "a".to_owned(),
            row: 2,
            first_row: 1,
        }
    );
    assert_eq!(
        err.to_string(),
        "row 2: unit `u2` is rated twice by rater `a` (first at row 1)"
    );
}

#[test]
fn non_finite_and_mixed_values_are_rejected() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let err = RatingTable::from_rows([("u1", "a", 1.0), ("u1", "b", bad)]).unwrap_err();
        assert!(matches!(
            err,
            AgreementError::NonFiniteValue { row: 1, ref unit, ref rater, .. }
                if unit == "u1" && rater == "b"
        ));
        assert!(err.to_string().starts_with("row 1: the value `"), "{err}");
    }
    let err = RatingTable::from_rows([
        ("u1", "a", Datum::from(1.0)),
        ("u1", "b", Datum::from("high")),
    ])
    .unwrap_err();
    assert_eq!(
        err,
        AgreementError::MixedValueKinds {
            unit: "u1".to_owned(),
            rater: "b".to_owned(),
            row: 1,
            expected: ValueKind::Number,
            found: ValueKind::Label,
        }
    );
    assert_eq!(
        err.to_string(),
        "row 1: unit `u1` got a label from rater `b`, but the earlier rows hold numbers \
         (a table holds numbers only or labels only)"
    );
}

#[test]
fn builder_rejects_a_row_and_stays_usable() {
    let mut builder = RatingTableBuilder::with_capacity(4);
    builder.push("u1", "a", 1.0).unwrap();
    assert!(builder.push("u1", "b", f64::NAN).is_err());
    assert!(builder.push("u1", "b", "label").is_err());
    builder.push("u1", "b", 2.0).unwrap();
    builder.push("u2", "a", 2.0).unwrap();
    builder.push("u2", "b", 2.0).unwrap();
    assert_eq!(builder.len(), 4);
    let table = builder.build().unwrap();
    assert_eq!(table.unit_names().collect::<Vec<_>>(), ["u1", "u2"]);
    assert_eq!(table.rater_names().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(table.distinct_values(), 2);
}

#[test]
fn negative_zero_is_zero() {
    let table = RatingTable::from_rows([
        ("u1", "a", -0.0),
        ("u1", "b", 0.0),
        ("u2", "a", 1.0),
        ("u2", "b", 1.0),
    ])
    .unwrap();
    assert_eq!(table.distinct_values(), 2);
    assert_eq!(alpha(&table, MeasurementLevel::Nominal), 1.0);
}

#[test]
fn alpha_errors() {
    let empty = RatingTable::from_rows(Vec::<(&str, &str, f64)>::new()).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.value_kind(), None);
    assert_eq!(
        krippendorff_alpha(&empty, MeasurementLevel::Nominal),
        Err(AgreementError::TooFewRaters { found: 0 })
    );
    let one_rater = RatingTable::from_rows([("u1", "a", 1), ("u2", "a", 2)]).unwrap();
    assert_eq!(
        krippendorff_alpha(&one_rater, MeasurementLevel::Interval),
        Err(AgreementError::TooFewRaters { found: 1 })
    );
    let unpaired = RatingTable::from_rows([("u1", "a", 1), ("u2", "b", 2)]).unwrap();
    assert_eq!(
        krippendorff_alpha(&unpaired, MeasurementLevel::Interval),
        Err(AgreementError::NoPairableUnits)
    );
    // Datum 2 is in an unpairable unit: one distinct pairable value.
    let constant =
        RatingTable::from_rows([("u1", "a", 1), ("u1", "b", 1), ("u2", "a", 2)]).unwrap();
    for level in MeasurementLevel::ALL {
        let err = krippendorff_alpha(&constant, level).unwrap_err();
        assert_eq!(err, AgreementError::TooFewDistinctValues { found: 1 });
        assert_eq!(
            err.to_string(),
            "the coefficient is undefined: fewer than two distinct values can be paired (found 1)"
        );
    }
    // Ratio: δ²(−1, 1) would be 0 (nothing could disagree): negative values are refused
    // for what they are, not reported as an undefined alpha.
    let opposite = RatingTable::from_rows([
        ("u1", "a", -1),
        ("u1", "b", 1),
        ("u2", "a", 1),
        ("u2", "b", 1),
    ])
    .unwrap();
    assert_eq!(
        krippendorff_alpha(&opposite, MeasurementLevel::Ratio),
        Err(AgreementError::NegativeRatioValue {
            value: -1.0,
            unit: "u1".to_owned()
        })
    );
    assert!(krippendorff_alpha(&opposite, MeasurementLevel::Interval).is_ok());
}

/// The ratio level is quadratic in the distinct values and refuses too many of them.
#[test]
fn ratio_refuses_too_many_distinct_values() {
    use repere_core::agreement::MAX_RATIO_DISTINCT_VALUES;

    let units = MAX_RATIO_DISTINCT_VALUES / 2 + 1;
    let rows: Rows = (0..units)
        .flat_map(|u| {
            let x = 1.0 + u as f64;
            [
                (format!("u{u}"), "a".to_owned(), x),
                (format!("u{u}"), "b".to_owned(), x + 0.5),
            ]
        })
        .collect();
    let table = table_of(&rows);
    let err = krippendorff_alpha(&table, MeasurementLevel::Ratio).unwrap_err();
    assert_eq!(
        err,
        AgreementError::TooManyDistinctValues {
            level: MeasurementLevel::Ratio,
            found: 2 * units,
            max: MAX_RATIO_DISTINCT_VALUES,
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "the ratio level accepts at most {MAX_RATIO_DISTINCT_VALUES} distinct pairable values, found {}",
            2 * units
        )
    );
    // The other levels do not care.
    assert!(krippendorff_alpha(&table, MeasurementLevel::Interval).is_ok());
    assert!(krippendorff_alpha(&table, MeasurementLevel::Ordinal).is_ok());
}

#[test]
fn level_names() {
    for level in MeasurementLevel::ALL {
        assert_eq!(level.to_string().parse::<MeasurementLevel>(), Ok(level));
    }
    assert_eq!(
        " Interval ".parse::<MeasurementLevel>(),
        Ok(MeasurementLevel::Interval)
    );
    let err = "cardinal".parse::<MeasurementLevel>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown level of measurement `cardinal` (expected nominal, ordinal, interval or ratio)"
    );
}

/// Extreme magnitudes neither overflow nor lose the result (power-of-two rescaling).
#[test]
fn extreme_magnitudes() {
    let base = [(1.0, 1.0), (2.0, 2.0), (3.0, 2.0), (4.0, 4.0)];
    let rows = |scale: f64| {
        base.iter()
            .enumerate()
            .flat_map(|(u, &(a, b))| {
                [
                    (format!("u{u}"), "a".to_owned(), a * scale),
                    (format!("u{u}"), "b".to_owned(), b * scale),
                ]
            })
            .collect::<Vec<_>>()
    };
    for level in [
        MeasurementLevel::Interval,
        MeasurementLevel::Ratio,
        MeasurementLevel::Ordinal,
    ] {
        let reference = alpha(&table_of(&rows(1.0)), level);
        // 2^-1060: the values are subnormal numbers.
        for scale in [1e300, 1e-300, f64::MIN_POSITIVE / 2f64.powi(38)] {
            let scaled = alpha(&table_of(&rows(scale)), level);
            assert!(
                (scaled - reference).abs() < 1e-12,
                "{level} × {scale}: {scaled} vs {reference}"
            );
        }
    }
    // Large values around a large offset (catastrophic cancellation if done naively).
    let offset: Vec<_> = rows(1.0)
        .into_iter()
        .map(|(u, r, v)| (u, r, v + 1e12))
        .collect();
    let shifted = alpha(&table_of(&offset), MeasurementLevel::Interval);
    let reference = alpha(&table_of(&rows(1.0)), MeasurementLevel::Interval);
    assert!((shifted - reference).abs() < 1e-12);
}

/// `2^k`, exactly, for `k` from -1074 to 1023 (`powi` alone would overflow on the way).
fn pow2(k: i32) -> f64 {
    2f64.powi(k / 2) * 2f64.powi(k - k / 2)
}

/// `rows` with every value multiplied by `factor`.
fn scaled_rows(rows: &[(String, String, f64)], factor: f64) -> Rows {
    rows.iter()
        .map(|(u, r, v)| (u.clone(), r.clone(), v * factor))
        .collect()
}

/// Checks an alpha computed near the limits of doubles against the same table of ordinary
/// magnitude: same alpha (within 1e-12), finite and consistent disagreements, and the
/// parallel computation bit-identical to the sequential one.
fn check_against_reference(rows: &Rows, reference: &Rows, level: MeasurementLevel) -> (i32, i32) {
    let table = table_of(rows);
    let a = krippendorff_alpha(&table, level).unwrap_or_else(|e| panic!("{level}: {e}"));
    let r = krippendorff_alpha(&table_of(reference), level).expect("reference defined");
    assert!((a.value - r.value).abs() < 1e-12, "{level}: {a:?} vs {r:?}");
    assert_eq!(a.distinct_values, r.distinct_values, "{level}");
    for d in [a.observed_disagreement, a.expected_disagreement] {
        assert!(d.is_finite() && d >= 0.0, "{level}: {a:?}");
    }
    assert!(a.expected_disagreement > 0.0, "{level}: {a:?}");
    assert_eq!(
        a.observed_disagreement == 0.0,
        r.observed_disagreement == 0.0,
        "{level}: {a:?}"
    );
    let redone = 1.0 - a.observed_disagreement / a.expected_disagreement;
    assert!((redone - a.value).abs() < 1e-12, "{level}: {a:?}");
    for threads in 1..=4 {
        assert_eq!(
            krippendorff_alpha_parallel(&table, level, threads),
            Ok(a),
            "{level}, {threads} threads"
        );
    }
    (a.scale_exponent, r.scale_exponent)
}

/// Interval values near ±1e308: the squared differences overflow a double, so the
/// disagreements come in scaled units (`scale_exponent`), finite, with alpha unchanged;
/// converted back they are the reference's disagreements times the square of the factor.
#[test]
fn interval_disagreements_near_the_largest_doubles() {
    let reference = krippendorff_2011_rows();
    // 5 × 2^1020 ≈ 5.6e307 is the largest value: 5 · 2^1020 − (−5 · 2^1020) overflows too.
    let factor = pow2(1020);
    let mut huge = scaled_rows(&reference, factor);
    let (k, k0) = check_against_reference(&huge, &reference, MeasurementLevel::Interval);
    assert_eq!(k0, 0);
    // Values 1 to 5 scaled by 2^1020: the largest, 5 · 2^1020, is in [2^1022, 2^1023),
    // brought into [0.5, 1) by 2^-1023.
    assert_eq!(k, 1023);
    let a = krippendorff_alpha(&table_of(&huge), MeasurementLevel::Interval).unwrap();
    let r = krippendorff_alpha(&table_of(&reference), MeasurementLevel::Interval).unwrap();
    // D_data = D_reported · 4^k and D_data = D_reference · factor², so
    // D_reported = D_reference · 2^(2 · 1020 − 2 · 1023) = D_reference / 64, exactly.
    assert_eq!(a.observed_disagreement, r.observed_disagreement / 64.0);
    assert_eq!(a.expected_disagreement, r.expected_disagreement / 64.0);
    // Values of both signs near the limits: differences of ±1.5e308 overflow on their own.
    for row in huge.iter_mut().step_by(3) {
        row.2 = -row.2;
    }
    let mut reference_signed = reference.clone();
    for row in reference_signed.iter_mut().step_by(3) {
        row.2 = -row.2;
    }
    let (k, _) = check_against_reference(&huge, &reference_signed, MeasurementLevel::Interval);
    assert_eq!(k, 1023);
    for level in [MeasurementLevel::Nominal, MeasurementLevel::Ordinal] {
        let (k, _) = check_against_reference(&huge, &reference_signed, level);
        assert_eq!(k, 0, "{level}: no units to scale");
    }
    // f64::MAX and −f64::MAX themselves.
    let extreme = [
        (f64::MAX, -f64::MAX),
        (f64::MAX, f64::MAX),
        (0.0, -f64::MAX),
    ];
    let rows: Rows = extreme
        .iter()
        .enumerate()
        .flat_map(|(u, &(a, b))| {
            [
                (format!("u{u}"), "a".to_owned(), a),
                (format!("u{u}"), "b".to_owned(), b),
            ]
        })
        .collect();
    let reference = scaled_rows(&rows, pow2(-1023));
    let (k, k0) = check_against_reference(&rows, &reference, MeasurementLevel::Interval);
    assert_eq!((k, k0), (1024, 0));
}

/// Interval values near 1e-300 and subnormal: all distinct values are counted as such, and
/// the disagreements, whose squares underflow in the data's units, come in scaled units,
/// never as a wrong 0.
#[test]
fn interval_disagreements_of_tiny_values() {
    let reference = krippendorff_2011_rows();
    for (factor, expected_k) in [
        // 5e-300 is in [2^-995, 2^-994): brought into [0.5, 1) by 2^994.
        (1e-300, -994),
        // 5 · 2^-1070 = 5 units of 2^-1070, subnormal: brought into [0.5, 1) by 2^1067.
        (pow2(-1070), -1067),
    ] {
        let tiny = scaled_rows(&reference, factor);
        let table = table_of(&tiny);
        assert_eq!(table.distinct_values(), 5, "{factor:e}");
        for level in MeasurementLevel::ALL {
            let (k, _) = check_against_reference(&tiny, &reference, level);
            let want = if level == MeasurementLevel::Interval {
                expected_k
            } else {
                0
            };
            assert_eq!(k, want, "{level} × {factor:e}");
        }
    }
    // The smallest doubles: 0, 5e-324 and 1e-323 are three distinct values.
    let rows = rows_from_units(&[
        vec![Some(0.0), Some(5e-324)],
        vec![Some(1e-323), Some(1e-323)],
        vec![Some(5e-324), Some(5e-324), Some(0.0)],
    ]);
    // In units of the smallest subnormal number 2^-1074: 0, 1 and 2.
    let reference = rows_from_units(&[
        vec![Some(0.0), Some(1.0)],
        vec![Some(2.0), Some(2.0)],
        vec![Some(1.0), Some(1.0), Some(0.0)],
    ]);
    for level in MeasurementLevel::ALL {
        check_against_reference(&rows, &reference, level);
    }
    let a = krippendorff_alpha(&table_of(&rows), MeasurementLevel::Interval).unwrap();
    assert_eq!(a.distinct_values, 3);
    // 1e-323 = 2^-1073 is brought into [0.5, 1) by 2^1072.
    assert!(
        a.observed_disagreement > 0.0 && a.scale_exponent == -1072,
        "{a:?}"
    );
}

/// Values of ordinary magnitude (within ±1e150) are not scaled: `scale_exponent` is 0 and
/// the disagreements are in the data's units, at every level and for every test table.
#[test]
fn ordinary_values_keep_their_units() {
    let mut tables = vec![krippendorff_2011_rows()];
    for name in [
        "few_values",
        "with_zero",
        "many_values",
        "negative",
        "sparse",
        "two_raters",
        "large_offset",
    ] {
        tables.push(read_long(&format!("{name}.csv")));
    }
    for rows in &tables {
        for factor in [1.0, 1e150, 1e-150, -1e150] {
            let rows = scaled_rows(rows, factor);
            let table = table_of(&rows);
            for level in MeasurementLevel::ALL {
                if let Ok(a) = krippendorff_alpha(&table, level) {
                    assert_eq!(a.scale_exponent, 0, "{level} × {factor:e}: {a:?}");
                }
            }
        }
    }
    // In the data's units: the anchor's interval D_o = (52/3) / 40 scales with the square.
    let a = krippendorff_alpha(
        &table_of(&scaled_rows(&krippendorff_2011_rows(), 1e150)),
        MeasurementLevel::Interval,
    )
    .unwrap();
    assert!((a.observed_disagreement / 1e300 - 52.0 / 3.0 / 40.0).abs() < 1e-12);
}

/// The ratio level near the limits: `a + b` overflows for values near 1e308 (both are
/// halved), and tiny values are used as they are (the ratio is scale free): alpha is the
/// one of the same values at an ordinary scale.
#[test]
fn ratio_near_the_limits() {
    let reference = krippendorff_2011_rows();
    let r = krippendorff_alpha(&table_of(&reference), MeasurementLevel::Ratio).unwrap();
    for factor in [f64::MAX / 5.0, 1e308 / 5.0, pow2(1021), 1e-300, pow2(-1070)] {
        let rows = scaled_rows(&reference, factor);
        let (k, _) = check_against_reference(&rows, &reference, MeasurementLevel::Ratio);
        assert_eq!(k, 0, "the ratio δ² has no units");
        let a = krippendorff_alpha(&table_of(&rows), MeasurementLevel::Ratio).unwrap();
        assert!(
            (a.observed_disagreement - r.observed_disagreement).abs() < 1e-12
                && (a.expected_disagreement - r.expected_disagreement).abs() < 1e-12,
            "× {factor:e}: {a:?} vs {r:?}"
        );
        if factor == pow2(1021) || factor == pow2(-1070) {
            // Exact multiples: the same bits as the reference.
            assert_eq!(a.value, r.value, "× {factor:e}");
        }
    }
    // Tiny values next to a huge one in the same table keep their own ratios.
    let unit = pow2(-1064); // 1024 times the smallest subnormal number
    let rows = rows_from_units(&[
        vec![Some(unit), Some(2.0 * unit)],
        vec![Some(3.0 * unit), Some(3.0 * unit)],
        vec![Some(1e308), Some(1e308)],
    ]);
    let reference = rows_from_units(&[
        vec![Some(1.0), Some(2.0)],
        vec![Some(3.0), Some(3.0)],
        vec![Some(1e308), Some(1e308)],
    ]);
    check_against_reference(&rows, &reference, MeasurementLevel::Ratio);
}

/// A negative value at the ratio level is refused with the unit and the value, whether its
/// unit is pairable or not; the interval level takes the same table.
#[test]
fn ratio_refuses_negative_values() {
    let table = RatingTable::from_rows([
        ("p1", "a", 2.0),
        ("p1", "b", 3.0),
        ("p2", "a", 4.0),
        ("p2", "b", -0.5),
        ("p2", "c", -2.0),
        ("p3", "a", -7.0),
        ("p3", "b", 1.0),
    ])
    .unwrap();
    let err = krippendorff_alpha(&table, MeasurementLevel::Ratio).unwrap_err();
    assert_eq!(
        err,
        AgreementError::NegativeRatioValue {
            value: -2.0,
            unit: "p2".to_owned()
        }
    );
    assert_eq!(
        err.to_string(),
        "the ratio level needs values of 0 or more, but unit `p2` has the value `-2`: use the interval level for values that can be negative"
    );
    assert_eq!(
        krippendorff_alpha_parallel(&table, MeasurementLevel::Ratio, 3),
        Err(err.clone())
    );
    assert_eq!(
        bootstrap_alpha(&table, MeasurementLevel::Ratio, 10, 1, 0.95),
        Err(err)
    );
    for level in [
        MeasurementLevel::Nominal,
        MeasurementLevel::Ordinal,
        MeasurementLevel::Interval,
    ] {
        assert!(krippendorff_alpha(&table, level).is_ok(), "{level}");
    }
    // In a unit with a single rating (not pairable), a negative value is refused all the same.
    let lone = RatingTable::from_rows([
        ("u1", "a", 1.0),
        ("u1", "b", 2.0),
        ("u2", "a", 2.0),
        ("u2", "b", 2.0),
        ("u3", "a", -1e-300),
    ])
    .unwrap();
    assert_eq!(
        krippendorff_alpha(&lone, MeasurementLevel::Ratio),
        Err(AgreementError::NegativeRatioValue {
            value: -1e-300,
            unit: "u3".to_owned()
        })
    );
    // Zero (and −0, stored as 0) is a value of the ratio level.
    let zero = RatingTable::from_rows([
        ("u1", "a", -0.0),
        ("u1", "b", 2.0),
        ("u2", "a", 0.0),
        ("u2", "b", 0.0),
    ])
    .unwrap();
    assert!(krippendorff_alpha(&zero, MeasurementLevel::Ratio).is_ok());
}

// ---------------------------------------------------------------------------
// bootstrap
// ---------------------------------------------------------------------------

#[test]
fn bootstrap_is_deterministic_and_brackets_the_estimate() {
    let table = table_of(&read_long("with_zero.csv"));
    for level in MeasurementLevel::ALL {
        let a = bootstrap_alpha(&table, level, 1000, 2024, 0.95).expect("defined");
        let b = bootstrap_alpha(&table, level, 1000, 2024, 0.95).expect("defined");
        assert_eq!(a, b, "{level}: same seed, same interval");
        let c = bootstrap_alpha(&table, level, 1000, 2025, 0.95).expect("defined");
        assert_ne!(
            (a.lower, a.upper),
            (c.lower, c.upper),
            "{level}: another seed"
        );
        assert_eq!(a.resamples, 1000);
        assert_eq!(a.undefined, 0);
        assert_eq!(a.undefined_share(), 0.0);
        assert_eq!(a.seed, 2024);
        assert_eq!(a.confidence, 0.95);
        assert_eq!(a.estimate, krippendorff_alpha(&table, level).unwrap());
        assert!(
            a.lower < a.estimate.value && a.estimate.value < a.upper,
            "{a:?}"
        );
        // A narrower confidence level gives a nested interval.
        let narrow = bootstrap_alpha(&table, level, 1000, 2024, 0.5).unwrap();
        assert!(a.lower <= narrow.lower && narrow.upper <= a.upper);
    }
}

#[test]
fn bootstrap_reports_undefined_resamples() {
    // Two units in perfect agreement on different values: a resample drawing the same
    // unit twice has a single value (probability 1/2), so alpha is undefined there.
    let table = RatingTable::from_rows([
        ("u1", "a", 1),
        ("u1", "b", 1),
        ("u2", "a", 2),
        ("u2", "b", 2),
    ])
    .unwrap();
    let ci = bootstrap_alpha(&table, MeasurementLevel::Nominal, 2000, 7, 0.9).unwrap();
    assert!((800..1200).contains(&ci.undefined), "{}", ci.undefined);
    assert!((ci.undefined_share() - 0.5).abs() < 0.1);
    assert_eq!((ci.lower, ci.upper), (1.0, 1.0));
    // With one resample, some seed makes every resample undefined.
    let all_undefined = (0..64).any(|seed| {
        bootstrap_alpha(&table, MeasurementLevel::Nominal, 1, seed, 0.9)
            == Err(AgreementError::AllResamplesUndefined { resamples: 1 })
    });
    assert!(all_undefined);
}

#[test]
fn bootstrap_validates_its_arguments() {
    let table = table_of(&krippendorff_2011_rows());
    assert_eq!(
        bootstrap_alpha(&table, MeasurementLevel::Interval, 0, 1, 0.95),
        Err(AgreementError::InvalidResamples {
            resamples: 0,
            max: MAX_RESAMPLES
        })
    );
    assert!(matches!(
        bootstrap_alpha(
            &table,
            MeasurementLevel::Interval,
            MAX_RESAMPLES + 1,
            1,
            0.95
        ),
        Err(AgreementError::InvalidResamples { .. })
    ));
    for confidence in [0.0, 1.0, -0.5, 1.5, f64::NAN, f64::INFINITY] {
        let err =
            bootstrap_alpha(&table, MeasurementLevel::Interval, 10, 1, confidence).unwrap_err();
        assert!(
            matches!(err, AgreementError::InvalidConfidence { .. }),
            "{confidence}"
        );
    }
    assert_eq!(
        bootstrap_alpha(&table, MeasurementLevel::Interval, 0, 1, 0.95)
            .unwrap_err()
            .to_string(),
        format!("the number of resamples must be between 1 and {MAX_RESAMPLES}, got `0`")
    );
}

/// The progress callback observes without changing anything: the same interval, bit for
/// bit, with at most 101 calls, `done` increasing from 0 to the total.
#[test]
fn bootstrap_progress_is_reported_and_changes_nothing() {
    let table = table_of(&read_long("with_zero.csv"));
    for (level, resamples) in [
        (MeasurementLevel::Interval, 1),
        (MeasurementLevel::Nominal, 7),
        (MeasurementLevel::Ordinal, 100),
        (MeasurementLevel::Ratio, 101),
        (MeasurementLevel::Interval, 250),
        (MeasurementLevel::Interval, 3001),
    ] {
        let mut calls = Vec::new();
        let with = bootstrap_alpha_with_progress(&table, level, resamples, 99, 0.9, &mut |d, t| {
            calls.push((d, t));
        })
        .unwrap();
        let without = bootstrap_alpha(&table, level, resamples, 99, 0.9).unwrap();
        assert_eq!(with, without, "{level}, {resamples}");
        assert_eq!(with.lower.to_bits(), without.lower.to_bits());
        assert_eq!(with.upper.to_bits(), without.upper.to_bits());
        assert!(calls.iter().all(|&(_, t)| t == resamples));
        assert_eq!(calls.first(), Some(&(0, resamples)));
        assert_eq!(calls.last(), Some(&(resamples, resamples)));
        assert!(calls.windows(2).all(|w| w[0].0 < w[1].0), "{calls:?}");
        // One call per resample up to 100, then one per hundredth.
        assert_eq!(calls.len(), resamples.min(100) as usize + 1, "{resamples}");
        // Each hundredth is reported as soon as it is reached.
        for &(done, total) in &calls[1..] {
            let before = u64::from(done - 1) * 100 / u64::from(total);
            let now = u64::from(done) * 100 / u64::from(total);
            assert!(total <= 100 || now > before, "{done}/{total}");
        }
    }
    // Refused arguments: no call at all.
    let mut called = false;
    let err = bootstrap_alpha_with_progress(
        &table,
        MeasurementLevel::Interval,
        0,
        1,
        0.95,
        &mut |_, _| {
            called = true;
        },
    );
    assert!(err.is_err() && !called);
}

// ---------------------------------------------------------------------------
// property tests
// ---------------------------------------------------------------------------

/// Per unit: ratings of `raters` raters, each present with probability ~3/4.
fn units_strategy(
    values: impl Strategy<Value = f64> + Clone + 'static,
) -> impl Strategy<Value = Vec<Vec<Option<f64>>>> {
    (2usize..6).prop_flat_map(move |raters| {
        let rating = (values.clone(), 0u8..4).prop_map(|(v, p)| (p > 0).then_some(v));
        prop::collection::vec(prop::collection::vec(rating, raters), 1..25)
    })
}

fn same_result(a: &Result<f64, AgreementError>, b: &Result<f64, AgreementError>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => (x - y).abs() <= 1e-9 * (1.0 + x.abs()),
        (Err(e), Err(f)) => e == f,
        _ => false,
    }
}

fn alpha_result(
    rows: &[(String, String, f64)],
    level: MeasurementLevel,
) -> Result<f64, AgreementError> {
    krippendorff_alpha(&table_of(rows), level).map(|a| a.value)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Every rater gives the unit's value; at least two units with two ratings and
    /// different values: alpha is exactly 1 at every level.
    #[test]
    fn perfect_agreement_gives_one(
        values in prop::collection::vec(1u32..40, 2..20),
        raters in 2usize..6,
        missing in prop::collection::vec(0usize..6, 20),
    ) {
        prop_assume!(values.iter().any(|&v| v != values[0]));
        let mut rows = Vec::new();
        for (u, &v) in values.iter().enumerate() {
            for r in 0..raters {
                // Drop at most one rater per unit (keep >= 2 ratings when raters >= 3).
                if raters >= 3 && missing[u] == r {
                    continue;
                }
                rows.push((format!("u{u}"), format!("r{r}"), f64::from(v) / 4.0));
            }
        }
        let table = table_of(&rows);
        for level in MeasurementLevel::ALL {
            let a = krippendorff_alpha(&table, level).unwrap();
            prop_assert_eq!(a.value, 1.0, "{}", level);
            prop_assert_eq!(a.observed_disagreement, 0.0);
        }
        prop_assert!((fleiss_kappa(&table).unwrap().value - 1.0).abs() < 1e-12);
        prop_assert!((gwet_ac1(&table).unwrap().value - 1.0).abs() < 1e-12);
    }

    /// Renaming units and raters and shuffling the rows change nothing.
    #[test]
    fn invariant_under_renaming_and_reordering(
        (rows, shuffled) in units_strategy((0u32..6).prop_map(f64::from))
            .prop_map(|units| rows_from_units(&units))
            .prop_flat_map(|rows| (Just(rows.clone()), Just(rows).prop_shuffle())),
    ) {
        let renamed: Vec<_> = shuffled
            .iter()
            .map(|(u, r, v)| (format!("unit-{}", u.chars().rev().collect::<String>()), format!("{r}!"), *v))
            .collect();
        for level in MeasurementLevel::ALL {
            let a = alpha_result(&rows, level);
            prop_assert!(same_result(&a, &alpha_result(&shuffled, level)), "{}", level);
            prop_assert!(same_result(&a, &alpha_result(&renamed, level)), "{}", level);
        }
        let k = |rows: &[(String, String, f64)]| fleiss_kappa(&table_of(rows)).map(|k| k.value);
        prop_assert!(same_result(&k(&rows), &k(&renamed)));
        let g = |rows: &[(String, String, f64)]| gwet_ac1(&table_of(rows)).map(|k| k.value);
        prop_assert!(same_result(&g(&rows), &g(&renamed)));
    }

    /// The fast computation equals the dense textbook definition.
    #[test]
    fn equals_the_definition(
        units in units_strategy((-8i32..9).prop_map(|v| f64::from(v) * 0.5)),
    ) {
        let rows = rows_from_units(&units);
        for level in MeasurementLevel::ALL {
            let fast = alpha_result(&rows, level);
            if level == MeasurementLevel::Ratio && rows.iter().any(|(_, _, v)| *v < 0.0) {
                // The ratio level refuses negative values (once there are two raters); the
                // definition is checked on their magnitudes below.
                match alpha_result(&rows, MeasurementLevel::Interval) {
                    Err(e @ AgreementError::TooFewRaters { .. }) => prop_assert_eq!(fast, Err(e)),
                    _ => prop_assert!(
                        matches!(fast, Err(AgreementError::NegativeRatioValue { .. })),
                        "{:?}",
                        fast
                    ),
                }
                continue;
            }
            match naive_alpha(&rows, level) {
                Some(naive) => {
                    let fast = fast.unwrap();
                    prop_assert!((fast - naive).abs() < 1e-9, "{}: {} vs {}", level, fast, naive);
                }
                None => prop_assert!(fast.is_err()),
            }
        }
        // The ratio level on the magnitudes of the same values (0 included).
        let magnitudes: Rows = rows.iter().map(|(u, r, v)| (u.clone(), r.clone(), v.abs())).collect();
        let fast = alpha_result(&magnitudes, MeasurementLevel::Ratio);
        match naive_alpha(&magnitudes, MeasurementLevel::Ratio) {
            Some(naive) => {
                let fast = fast.unwrap();
                prop_assert!((fast - naive).abs() < 1e-9, "ratio: {} vs {}", fast, naive);
            }
            None => prop_assert!(fast.is_err()),
        }
    }

    /// Interval alpha is unchanged by adding a constant to every value.
    #[test]
    fn interval_is_shift_invariant(
        units in units_strategy((0u32..50).prop_map(|v| f64::from(v) * 0.25)),
        shift in -1.0e6f64..1.0e6,
    ) {
        let rows = rows_from_units(&units);
        let moved: Vec<_> = rows.iter().map(|(u, r, v)| (u.clone(), r.clone(), v + shift)).collect();
        prop_assert!(same_result(
            &alpha_result(&rows, MeasurementLevel::Interval),
            &alpha_result(&moved, MeasurementLevel::Interval)
        ));
    }

    /// Ratio alpha is unchanged by multiplying every value by a positive constant.
    #[test]
    fn ratio_is_scale_invariant(
        units in units_strategy((1u32..50).prop_map(f64::from)),
        factor in 1.0e-3f64..1.0e3,
    ) {
        let rows = rows_from_units(&units);
        let scaled: Vec<_> = rows.iter().map(|(u, r, v)| (u.clone(), r.clone(), v * factor)).collect();
        prop_assert!(same_result(
            &alpha_result(&rows, MeasurementLevel::Ratio),
            &alpha_result(&scaled, MeasurementLevel::Ratio)
        ));
    }

    /// Cutting the rows into parts built on several threads
    /// ([`RatingTableBuilder::build_parts`]) and spreading alpha over threads
    /// ([`krippendorff_alpha_parallel`]) give exactly the sequential results, whether the
    /// parts hold separate units (rows grouped by unit) or not (rows shuffled).
    #[test]
    fn parallel_equals_sequential(
        (rows, shuffled) in units_strategy((0u32..12).prop_map(|v| f64::from(v) * 0.5))
            .prop_map(|units| rows_from_units(&units))
            .prop_flat_map(|rows| (Just(rows.clone()), Just(rows).prop_shuffle())),
        cuts in prop::collection::vec(0usize..100, 0..4),
        threads in 1usize..4,
    ) {
        for rows in [&rows, &shuffled] {
            let whole = RatingTable::from_rows(rows.iter().map(|(u, r, v)| (u, r, *v)));
            let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(rows.len())).collect();
            cuts.sort_unstable();
            let mut parts = vec![RatingTableBuilder::new(); cuts.len() + 1];
            for (i, (u, r, v)) in rows.iter().enumerate() {
                parts[cuts.iter().filter(|&&c| i >= c).count()].push(u, r, *v).unwrap();
            }
            let joined = RatingTableBuilder::build_parts(parts, threads);
            match (&whole, &joined) {
                (Ok(whole), Ok(joined)) => {
                    prop_assert_eq!(whole.units(), joined.units());
                    prop_assert!(whole.unit_names().eq(joined.unit_names()));
                    prop_assert!(whole.rater_names().eq(joined.rater_names()));
                    for level in MeasurementLevel::ALL {
                        let one = krippendorff_alpha(whole, level);
                        prop_assert_eq!(&one, &krippendorff_alpha(joined, level));
                        prop_assert_eq!(&one, &krippendorff_alpha_parallel(whole, level, threads));
                    }
                }
                (whole, joined) => prop_assert_eq!(whole.as_ref().err(), joined.as_ref().err()),
            }
        }
    }

    /// Arbitrary rows (duplicates, non-finite numbers, labels) never panic.
    #[test]
    fn never_panics(
        rows in prop::collection::vec(
            (0u8..6, 0u8..4, prop_oneof![
                any::<f64>().prop_map(Datum::Number),
                (0u8..3).prop_map(|l| Datum::Label(format!("l{l}"))),
            ]),
            0..30,
        ),
        resamples in 1u32..20,
    ) {
        let rows = rows.into_iter().map(|(u, r, v)| (format!("u{u}"), format!("r{r}"), v));
        if let Ok(table) = RatingTable::from_rows(rows) {
            for level in MeasurementLevel::ALL {
                if let Ok(a) = krippendorff_alpha(&table, level) {
                    prop_assert!(a.value.is_finite() && a.value <= 1.0);
                }
                let _ = bootstrap_alpha(&table, level, resamples, 3, 0.9);
            }
            let _ = fleiss_kappa(&table);
            let _ = gwet_ac1(&table);
        }
    }
}

// ---------------------------------------------------------------------------
// size
// ---------------------------------------------------------------------------

/// 200,000 units × 10 raters (≈10% missing), one-decimal values in [0, 100]
/// (1,001 distinct values), like `rel_interval_large.csv` of the perf workload R1.
/// Not a timing assert: run with
/// `cargo test --release -p repere-core --test agreement -- --ignored --nocapture`
/// to see the timings.
#[test]
#[ignore = "large: 1.8 million rows"]
fn large_table_200k_units_10_raters() {
    use std::time::Instant;

    let mut state = 20_240_601u64;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let unit_names: Vec<String> = (1..=200_000).map(|u| format!("u{u:06}")).collect();
    let rater_names: Vec<String> = (1..=10).map(|r| format!("r{r:02}")).collect();
    let mut rows: Vec<(usize, usize, f64)> = Vec::with_capacity(2_000_000);
    for u in 0..unit_names.len() {
        let truth = (next() % 1001) as f64;
        for r in 0..rater_names.len() {
            if next().is_multiple_of(10) {
                continue; // missing
            }
            let noise = (next() % 161) as f64 - 80.0; // ±8.0 in tenths
            let tenths = (truth + noise).clamp(0.0, 1000.0);
            rows.push((u, r, tenths / 10.0));
        }
    }
    // Make sure every one of the 1,001 values occurs.
    for (i, row) in rows.iter_mut().take(1001).enumerate() {
        row.2 = i as f64 / 10.0;
    }

    let start = Instant::now();
    let table = RatingTable::from_rows(
        rows.iter()
            .map(|&(u, r, v)| (unit_names[u].as_str(), rater_names[r].as_str(), v)),
    )
    .expect("valid");
    let build = start.elapsed();
    assert_eq!(table.units(), 200_000);
    assert_eq!(table.raters(), 10);
    assert_eq!(table.distinct_values(), 1001);
    eprintln!("rows: {}, build: {build:?}", table.len());
    for level in MeasurementLevel::ALL {
        let start = Instant::now();
        let a = krippendorff_alpha(&table, level).expect("defined");
        let took = start.elapsed();
        eprintln!("{level}: alpha = {:.6} in {took:?}", a.value);
        assert_eq!(a.distinct_values, 1001);
        // One-decimal values: raters rarely agree exactly, so nominal alpha is near 0.
        let plausible = if level == MeasurementLevel::Nominal {
            -0.1..0.2
        } else {
            0.5..1.0
        };
        assert!(plausible.contains(&a.value), "{a:?}");
    }
    let start = Instant::now();
    let ci = bootstrap_alpha(&table, MeasurementLevel::Interval, 20, 1, 0.95).expect("defined");
    eprintln!(
        "bootstrap interval, 20 resamples: [{:.6}, {:.6}] in {:?}",
        ci.lower,
        ci.upper,
        start.elapsed()
    );
}

/// Cross-check with the perf workload R1 (`/work/shared/perf`): when its generated files
/// exist (`gen.py --only rel`, in `$REPERE_PERF_DIR` or `/tmp/repere-perf`), the alphas
/// must match the values recorded by the Python peers, to 6 decimals. Skipped when the
/// files are absent. Run with `-- --ignored --nocapture` (release mode advised).
#[test]
#[ignore = "needs the generated perf files"]
fn perf_workload_r1_values() {
    use std::time::Instant;

    let dir = PathBuf::from(
        std::env::var("REPERE_PERF_DIR").unwrap_or_else(|_| "/tmp/repere-perf".to_owned()),
    );
    // (file, level, alpha recorded in shared/perf/README.md)
    let cases = [
        (
            "rel_ordinal_large.csv",
            MeasurementLevel::Nominal,
            "0.428193",
        ),
        (
            "rel_ordinal_large.csv",
            MeasurementLevel::Ordinal,
            "0.743546",
        ),
        (
            "rel_ordinal_large.csv",
            MeasurementLevel::Interval,
            "0.741947",
        ),
        (
            "rel_interval_small.csv",
            MeasurementLevel::Interval,
            "0.928418",
        ),
        (
            "rel_interval_medium.csv",
            MeasurementLevel::Interval,
            "0.929116",
        ),
        (
            "rel_interval_large.csv",
            MeasurementLevel::Interval,
            "0.926030",
        ),
        (
            "rel_interval_large.csv",
            MeasurementLevel::Ordinal,
            "0.927798",
        ),
    ];
    let mut tables: BTreeMap<&str, RatingTable> = BTreeMap::new();
    for (file, level, want) in cases {
        let path = dir.join(file);
        if !path.exists() {
            eprintln!("skipped: {} is absent", path.display());
            return;
        }
        let table = tables.entry(file).or_insert_with(|| {
            let start = Instant::now();
            let text = std::fs::read_to_string(&path).expect("readable");
            let mut builder = RatingTableBuilder::new();
            for line in text.lines().skip(1) {
                let mut fields = line.split(',');
                let (Some(unit), Some(rater), Some(value)) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    panic!("bad line {line:?}");
                };
                let value: f64 = value.parse().expect("number");
                builder.push(unit, rater, value).expect("valid row");
            }
            let table = builder.build().expect("valid table");
            eprintln!(
                "{file}: {} rows, read + build {:?}",
                table.len(),
                start.elapsed()
            );
            table
        });
        let start = Instant::now();
        let a = krippendorff_alpha(table, level).expect("defined");
        eprintln!("{file} {level}: {:.6} in {:?}", a.value, start.elapsed());
        assert_eq!(format!("{:.6}", a.value), want, "{file} {level}");
    }
}
