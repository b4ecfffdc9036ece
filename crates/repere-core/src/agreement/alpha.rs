//! Krippendorff's alpha without the V×V coincidence matrix.

use super::numeric::{Sum, normalising_exponent, split_pow2};
use super::parallel::{in_parallel, map_range};
use super::table::{Categories, RatingTable};
use super::{AgreementError, MeasurementLevel};

/// The largest number of distinct pairable values accepted at the [`MeasurementLevel::Ratio`]
/// level, whose expected disagreement is a loop over all pairs of distinct values
/// (O(V²): 20,000 values are 2·10⁸ pairs, well under a second).
pub const MAX_RATIO_DISTINCT_VALUES: usize = 20_000;

/// Krippendorff's alpha with the quantities that explain it.
///
/// `value = 1 − observed_disagreement / expected_disagreement`.
///
/// # Units of the disagreements
///
/// At the interval level the disagreements are squared differences of values: for values
/// near ±10³⁰⁸ they are beyond the largest double, and for values near 10⁻³⁰⁰ below the
/// smallest, so in the units of the data they cannot be represented. Alpha itself is computed
/// on the values multiplied by an exact power of two (which changes no alpha) and is right
/// whatever the magnitudes. The two disagreements are given:
///
/// * in the units of the data (squared) whenever both can be represented there without
///   loss: then [`scale_exponent`](Self::scale_exponent) is 0. This is always the case at
///   the nominal, ordinal and ratio levels (whose disagreements do not depend on the
///   magnitude of the values), and at the interval level for values of ordinary magnitude;
/// * otherwise for the values divided by `2^k`, `k` = `scale_exponent`, that is in units of
///   `(2^k)²`: the disagreement in the data's units is `observed_disagreement × 4^k` (a
///   number a double cannot hold, which is why it is given this way).
///
/// Either way both disagreements are finite for every table whose alpha is computed, and 0
/// only when the disagreement is 0 (perfect agreement for the observed one).
///
/// ```
/// use repere_core::agreement::{MeasurementLevel, RatingTable, krippendorff_alpha};
///
/// let rows = [("u1", "a", 1.0), ("u1", "b", 2.0), ("u2", "a", 3.0), ("u2", "b", 3.0)];
/// let ordinary = krippendorff_alpha(&RatingTable::from_rows(rows)?, MeasurementLevel::Interval)?;
/// assert_eq!(ordinary.scale_exponent, 0); // in the data's units
/// assert_eq!(ordinary.observed_disagreement, 0.5); // (2 · 1²) / 4
///
/// // The same values × 10³⁰⁰: the squared differences overflow a double.
/// let huge = RatingTable::from_rows(rows.map(|(u, r, x)| (u, r, x * 1e300)))?;
/// let huge = krippendorff_alpha(&huge, MeasurementLevel::Interval)?;
/// assert!((huge.value - ordinary.value).abs() < 1e-12);
/// assert_eq!(huge.scale_exponent, 999); // 3e300 / 2^999 is in [0.5, 1)
/// assert!(huge.observed_disagreement.is_finite() && huge.expected_disagreement.is_finite());
/// let ratio = 1.0 - huge.observed_disagreement / huge.expected_disagreement;
/// assert!((ratio - huge.value).abs() < 1e-12);
/// # Ok::<(), repere_core::agreement::AgreementError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Alpha {
    /// Alpha: 1 is perfect agreement, 0 agreement at chance level; it can be negative.
    pub value: f64,
    /// The level of measurement used.
    pub level: MeasurementLevel,
    /// The number of pairable units (units with at least two ratings).
    pub units: usize,
    /// `n`, the number of pairable values (ratings in pairable units).
    pub pairable_values: usize,
    /// The number of raters in the table.
    pub raters: usize,
    /// The number of distinct pairable values `V`.
    pub distinct_values: usize,
    /// `D_o = Σ_ck o_ck δ²_ck / n`, the observed disagreement.
    pub observed_disagreement: f64,
    /// `D_e = Σ_ck n_c n_k δ²_ck / (n (n − 1))`, the disagreement expected by chance.
    pub expected_disagreement: f64,
    /// `k`: the disagreements are in units of `(2^k)²`, the units of the data when `k` is 0
    /// (see [Units of the disagreements](Self#units-of-the-disagreements)). Not 0 only at the
    /// interval level, for values whose squared differences a double cannot hold (around
    /// 10¹⁵⁴ and beyond, or differences below about 10⁻¹⁵⁴).
    pub scale_exponent: i32,
}

/// Krippendorff's alpha of `table` at `level` (definition in the
/// [module documentation](super)).
///
/// Cost: O(rows + V) for the nominal, ordinal and interval levels; O(Σ_u d_u² + V²) for
/// the ratio level (`d_u` = distinct values within unit `u`).
///
/// ```
/// use repere_core::agreement::{MeasurementLevel, RatingTable, krippendorff_alpha};
///
/// // Perfect agreement on two units.
/// let table = RatingTable::from_rows([("u1", "a", 1), ("u1", "b", 1), ("u2", "a", 4), ("u2", "b", 4)])?;
/// let alpha = krippendorff_alpha(&table, MeasurementLevel::Ordinal)?;
/// assert_eq!(alpha.value, 1.0);
/// assert_eq!((alpha.units, alpha.pairable_values, alpha.distinct_values), (2, 4, 2));
/// # Ok::<(), repere_core::agreement::AgreementError>(())
/// ```
///
/// # Errors
///
/// [`AgreementError::TooFewRaters`] with fewer than two raters,
/// [`AgreementError::LabelsAtNumericLevel`] for labels above the nominal level,
/// [`AgreementError::NoPairableUnits`] when no unit has two ratings,
/// [`AgreementError::TooFewDistinctValues`] with fewer than two distinct pairable values,
/// [`AgreementError::NegativeRatioValue`] for a negative value at the ratio level,
/// [`AgreementError::TooManyDistinctValues`] above [`MAX_RATIO_DISTINCT_VALUES`] at the
/// ratio level.
pub fn krippendorff_alpha(
    table: &RatingTable,
    level: MeasurementLevel,
) -> Result<Alpha, AgreementError> {
    krippendorff_alpha_parallel(table, level, 1)
}

/// [`krippendorff_alpha`] with the per-unit work spread over up to `threads` threads: the
/// same result, bit for bit, whatever the number of threads (sums are taken in unit
/// order).
///
/// ```
/// use repere_core::agreement::{MeasurementLevel, RatingTable, krippendorff_alpha, krippendorff_alpha_parallel};
///
/// let table = RatingTable::from_rows([("u1", "a", 1), ("u1", "b", 2), ("u2", "a", 4), ("u2", "b", 4)])?;
/// for level in [MeasurementLevel::Nominal, MeasurementLevel::Ordinal, MeasurementLevel::Interval, MeasurementLevel::Ratio] {
///     assert_eq!(krippendorff_alpha_parallel(&table, level, 4)?, krippendorff_alpha(&table, level)?);
/// }
/// # Ok::<(), repere_core::agreement::AgreementError>(())
/// ```
///
/// # Errors
///
/// As [`krippendorff_alpha`].
pub fn krippendorff_alpha_parallel(
    table: &RatingTable,
    level: MeasurementLevel,
    threads: usize,
) -> Result<Alpha, AgreementError> {
    let prepared = Prepared::new(table, level, threads)?;
    let outcome = prepared.evaluate(None, &mut Scratch::default())?;
    Ok(alpha_result(table, level, outcome))
}

/// The public result of the evaluation of the full table.
pub(super) fn alpha_result(
    table: &RatingTable,
    level: MeasurementLevel,
    outcome: Outcome,
) -> Alpha {
    Alpha {
        value: outcome.alpha,
        level,
        units: to_usize(outcome.units),
        pairable_values: to_usize(outcome.n),
        raters: table.raters(),
        distinct_values: outcome.distinct,
        observed_disagreement: outcome.observed,
        expected_disagreement: outcome.expected,
        scale_exponent: outcome.scale_exponent,
    }
}

fn to_usize(x: u64) -> usize {
    usize::try_from(x).unwrap_or(usize::MAX)
}

/// The result of one evaluation (point estimate or bootstrap resample).
#[derive(Debug, Clone, Copy)]
pub(super) struct Outcome {
    pub(super) alpha: f64,
    pub(super) observed: f64,
    pub(super) expected: f64,
    pub(super) n: u64,
    pub(super) distinct: usize,
    pub(super) units: u64,
    /// The units of `observed` and `expected`: `(2^scale_exponent)²`.
    pub(super) scale_exponent: i32,
}

/// Reusable buffers of [`Prepared::evaluate`].
#[derive(Debug, Default)]
pub(super) struct Scratch {
    counts: Vec<u64>,
    ranks: Vec<f64>,
    present: Vec<(f64, f64)>,
}

/// A table prepared for one level: the pairable units, the (rescaled) values and the
/// per-unit observed terms that do not depend on the marginals.
#[derive(Debug)]
pub(super) struct Prepared<'t> {
    table: &'t RatingTable,
    level: MeasurementLevel,
    /// Indices of the units with at least two ratings.
    pairable: Vec<u32>,
    /// Category values: rescaled by a power of two at the interval level, as they are at
    /// the ratio level (whose metric is scale free), else empty.
    values: Vec<f64>,
    /// `k`, the values multiplied by `2^k` at the interval level (0 otherwise)...
    exponent: i32,
    /// ... as two normal factors `(a, b)`, `a · b = 2^k` ((1, 1) when not rescaled).
    factors: (f64, f64),
    /// For each pairable unit, `Σ_{i≠j} δ²(x_i, x_j) / (m_u − 1)` (nominal, interval,
    /// ratio); empty at the ordinal level, whose metric depends on the marginals.
    unit_terms: Vec<f64>,
    /// The threads the per-unit work of the point estimate may use.
    threads: usize,
}

impl<'t> Prepared<'t> {
    /// Checks the table against the level and precomputes what does not depend on which
    /// units are drawn.
    pub(super) fn new(
        table: &'t RatingTable,
        level: MeasurementLevel,
        threads: usize,
    ) -> Result<Self, AgreementError> {
        if table.raters() < 2 {
            return Err(AgreementError::TooFewRaters {
                found: table.raters(),
            });
        }
        let (values, exponent) = match (level, table.categories()) {
            (MeasurementLevel::Nominal, _) => (Vec::new(), 0),
            (_, Categories::Labels(_)) => {
                return Err(AgreementError::LabelsAtNumericLevel { level });
            }
            (MeasurementLevel::Ordinal, Categories::Numbers(_)) => (Vec::new(), 0),
            (MeasurementLevel::Interval, Categories::Numbers(xs)) => rescaled(xs),
            (MeasurementLevel::Ratio, Categories::Numbers(xs)) => {
                // Sorted: the first value is the smallest.
                if xs.first().is_some_and(|&x| x < 0.0) {
                    return Err(first_negative(table, xs));
                }
                (xs.clone(), 0)
            }
        };
        let factors = split_pow2(exponent);
        let pairable: Vec<u32> = table
            .unit_sizes()
            .enumerate()
            .filter(|&(_, m)| m >= 2)
            .map(|(u, _)| u32::try_from(u).unwrap_or(u32::MAX))
            .collect();
        if pairable.is_empty() {
            return Err(AgreementError::NoPairableUnits);
        }
        if level == MeasurementLevel::Ratio {
            let mut present = vec![false; table.distinct_values()];
            for &u in &pairable {
                for &c in table.unit_codes(u as usize) {
                    present[c as usize] = true;
                }
            }
            let found = present.iter().filter(|&&p| p).count();
            if found > MAX_RATIO_DISTINCT_VALUES {
                return Err(AgreementError::TooManyDistinctValues {
                    level,
                    found,
                    max: MAX_RATIO_DISTINCT_VALUES,
                });
            }
        }
        let codes = |i: usize| table.unit_codes(pairable[i] as usize);
        let units = pairable.len();
        let unit_terms = match level {
            MeasurementLevel::Ordinal => Vec::new(),
            MeasurementLevel::Nominal => {
                map_range(units, threads, |i, runs| nominal_term(codes(i), runs))
            }
            MeasurementLevel::Interval => map_range(units, threads, |i, _: &mut ()| {
                squared_deviation_term(codes(i), &values)
            }),
            MeasurementLevel::Ratio => map_range(units, threads, |i, runs| {
                ratio_term(codes(i), &values, runs)
            }),
        };
        Ok(Self {
            table,
            level,
            pairable,
            values,
            exponent,
            factors,
            unit_terms,
            threads: threads.max(1),
        })
    }

    /// The number of pairable units.
    pub(super) fn pairable_units(&self) -> usize {
        self.pairable.len()
    }

    /// Alpha over the pairable units, unit `pairable[i]` counted `weights[i]` times
    /// (once each without weights). `weights`, when given, has one entry per pairable unit.
    pub(super) fn evaluate(
        &self,
        weights: Option<&[u32]>,
        scratch: &mut Scratch,
    ) -> Result<Outcome, AgreementError> {
        let table = self.table;
        let weight =
            |i: usize| -> u64 { weights.map_or(1, |w| w.get(i).copied().map_or(0, u64::from)) };
        let counts = &mut scratch.counts;
        counts.clear();
        counts.resize(table.distinct_values(), 0);
        let (mut n, mut units) = (0u64, 0u64);
        let mut observed = Sum::default();
        if weights.is_none() && self.threads > 1 {
            // Integer counts, exact in any order: counted by ranges of units.
            let threads = self.threads;
            let ranges: Vec<&[u32]> = (0..threads)
                .map(|k| {
                    let len = self.pairable.len();
                    &self.pairable[len * k / threads..len * (k + 1) / threads]
                })
                .collect();
            let distinct = table.distinct_values();
            for (partial, rows) in in_parallel(ranges, threads, |units| {
                let mut partial = vec![0u64; distinct];
                let mut rows = 0u64;
                for &u in units {
                    let codes = table.unit_codes(u as usize);
                    rows += codes.len() as u64;
                    for &c in codes {
                        partial[c as usize] += 1;
                    }
                }
                (partial, rows)
            }) {
                for (total, k) in counts.iter_mut().zip(partial) {
                    *total += k;
                }
                n += rows;
            }
            units = self.pairable.len() as u64;
            for &term in &self.unit_terms {
                observed.add(term);
            }
        } else {
            for (i, &u) in self.pairable.iter().enumerate() {
                let w = weight(i);
                if w == 0 {
                    continue;
                }
                let codes = table.unit_codes(u as usize);
                units += w;
                n += w * codes.len() as u64;
                for &c in codes {
                    counts[c as usize] += w;
                }
                if let Some(&term) = self.unit_terms.get(i) {
                    observed.add(w as f64 * term);
                }
            }
        }
        let distinct = counts.iter().filter(|&&c| c > 0).count();
        if distinct < 2 {
            return Err(AgreementError::TooFewDistinctValues { found: distinct });
        }

        let (observed, expected) = match self.level {
            MeasurementLevel::Nominal => {
                let same: u128 = counts.iter().map(|&c| u128::from(c) * u128::from(c)).sum();
                let n2 = u128::from(n) * u128::from(n);
                (observed.value(), (n2 - same) as f64)
            }
            MeasurementLevel::Interval => (observed.value(), spread(&self.values, counts, n)),
            MeasurementLevel::Ordinal => {
                // Mid-ranks r_c = Σ_{g<c} n_g + n_c / 2: the ordinal δ_ck is r_k − r_c.
                let ranks = &mut scratch.ranks;
                ranks.clear();
                let mut below = 0u64;
                for &c in counts.iter() {
                    ranks.push(below as f64 + c as f64 / 2.0);
                    below += c;
                }
                let mut observed = Sum::default();
                if weights.is_none() && self.threads > 1 {
                    let pairable = &self.pairable;
                    let ranks = &*ranks;
                    let terms = map_range(pairable.len(), self.threads, |i, _: &mut ()| {
                        squared_deviation_term(table.unit_codes(pairable[i] as usize), ranks)
                    });
                    for term in terms {
                        observed.add(term);
                    }
                } else {
                    for (i, &u) in self.pairable.iter().enumerate() {
                        let w = weight(i);
                        if w > 0 {
                            let codes = table.unit_codes(u as usize);
                            observed.add(w as f64 * squared_deviation_term(codes, ranks));
                        }
                    }
                }
                (observed.value(), spread(ranks, counts, n))
            }
            MeasurementLevel::Ratio => (
                observed.value(),
                ratio_expected(&self.values, counts, &mut scratch.present),
            ),
        };
        if expected == 0.0 {
            return Err(AgreementError::ZeroExpectedDisagreement);
        }
        let n_f = n as f64;
        let alpha = 1.0 - (n_f - 1.0) * observed / expected;
        if !alpha.is_finite() {
            return Err(AgreementError::NonFiniteResult);
        }
        let (observed, expected, scale_exponent) =
            self.in_data_units(observed / n_f, expected / (n_f * (n_f - 1.0)));
        Ok(Outcome {
            alpha,
            observed,
            expected,
            n,
            distinct,
            units,
            scale_exponent,
        })
    }

    /// The disagreements computed on the rescaled values, back in the units of the data
    /// (interval δ² scales with the square of the values; the factors are 1 at the other
    /// levels) with the exponent 0 when both can be represented there exactly; else as they
    /// are, with the exponent `−k` of their units `(2^−k)²`.
    fn in_data_units(&self, observed: f64, expected: f64) -> (f64, f64, i32) {
        if self.exponent == 0 {
            return (observed, expected, 0);
        }
        let (a, b) = self.factors;
        let unscale = |x: f64| x / a / a / b / b;
        // Exact unless it overflows or leaves the normal range (a power of two at a time).
        let exact = |scaled: f64, x: f64| {
            x.is_finite() && (x == 0.0) == (scaled == 0.0) && (x == 0.0 || x.is_normal())
        };
        let (o, e) = (unscale(observed), unscale(expected));
        if exact(observed, o) && exact(expected, e) {
            (o, e, 0)
        } else {
            (observed, expected, -self.exponent)
        }
    }
}

/// The values multiplied by the power of two `2^k` (as two factors `a · b`) that brings the
/// largest magnitude into `[0.5, 1)`, and `k`. Exact (a value more than 2¹⁰⁷⁴ times
/// smaller than the largest may round, negligibly), and interval alpha is scale invariant,
/// so alpha is unchanged while no difference, square or sum can overflow or underflow.
fn rescaled(xs: &[f64]) -> (Vec<f64>, i32) {
    let max_abs = xs.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let k = normalising_exponent(max_abs);
    let (a, b) = split_pow2(k);
    (xs.iter().map(|&x| x * a * b).collect(), k)
}

/// The error for a ratio-level table holding a negative value (`xs`, its sorted values,
/// start with one): the first unit, in table order, with a negative value, and its smallest.
#[cold]
fn first_negative(table: &RatingTable, xs: &[f64]) -> AgreementError {
    let value = |c: u32| xs.get(c as usize).copied().unwrap_or_default();
    let found = table.unit_names().enumerate().find_map(|(u, name)| {
        // A unit's codes are sorted: its first value is its smallest.
        let smallest = value(*table.unit_codes(u).first()?);
        (smallest < 0.0).then(|| (name.to_owned(), smallest))
    });
    let (unit, value) =
        found.unwrap_or_else(|| (String::new(), xs.first().copied().unwrap_or_default()));
    AgreementError::NegativeRatioValue { value, unit }
}

/// Fills `runs` with the `(code, count)` runs of the sorted `codes`.
pub(super) fn collect_runs(codes: &[u32], runs: &mut Vec<(u32, u64)>) {
    runs.clear();
    for &c in codes {
        match runs.last_mut() {
            Some((last, count)) if *last == c => *count += 1,
            _ => runs.push((c, 1)),
        }
    }
}

/// Nominal `Σ_{i≠j} [x_i ≠ x_j] / (m − 1) = (m² − Σ_c m_c²) / (m − 1)` for one unit.
fn nominal_term(codes: &[u32], runs: &mut Vec<(u32, u64)>) -> f64 {
    collect_runs(codes, runs);
    let m = codes.len() as u128;
    let same: u128 = runs
        .iter()
        .map(|&(_, k)| u128::from(k) * u128::from(k))
        .sum();
    (m * m - same) as f64 / (m as f64 - 1.0)
}

/// `Σ_{i≠j} (y_i − y_j)² / (m − 1) = 2 m Σ_i (y_i − ȳ)² / (m − 1)` for one unit whose
/// sorted codes are `codes` and values `y[code]` (a corrected two-pass sum; 0 at once when
/// all the values are equal, the first and last of the sorted codes being the same).
fn squared_deviation_term(codes: &[u32], y: &[f64]) -> f64 {
    let (Some(&first), Some(&last)) = (codes.first(), codes.last()) else {
        return 0.0;
    };
    if first == last {
        return 0.0;
    }
    let value = |c: u32| y.get(c as usize).copied().unwrap_or_default();
    let m = codes.len() as f64;
    let mean = codes.iter().map(|&c| value(c)).sum::<f64>() / m;
    let (mut squares, mut deviations) = (0.0, 0.0);
    for &c in codes {
        let d = value(c) - mean;
        squares += d * d;
        deviations += d;
    }
    let squares = (squares - deviations * deviations / m).max(0.0);
    2.0 * m * squares / (m - 1.0)
}

/// Ratio δ² `((a − b) / (a + b))²` of two values `≥ 0` (0 when both are 0). Values that
/// are not rescaled: `a − b` cannot overflow, and when `a + b` does, both are halved first
/// (exactly, at that magnitude), which changes no ratio.
fn ratio_delta2(a: f64, b: f64) -> f64 {
    let (mut d, mut s) = (a - b, a + b);
    if s.is_infinite() {
        (d, s) = (a / 2.0 - b / 2.0, a / 2.0 + b / 2.0);
    }
    if s == 0.0 {
        0.0
    } else {
        let r = d / s;
        r * r
    }
}

/// Ratio `Σ_{i≠j} δ²(x_i, x_j) / (m − 1)` for one unit, over pairs of distinct values.
fn ratio_term(codes: &[u32], y: &[f64], runs: &mut Vec<(u32, u64)>) -> f64 {
    collect_runs(codes, runs);
    if runs.len() < 2 {
        return 0.0;
    }
    let mut total = Sum::default();
    for (i, &(a, ka)) in runs.iter().enumerate() {
        for &(b, kb) in &runs[i + 1..] {
            total.add(2.0 * (ka as f64) * (kb as f64) * ratio_delta2(y[a as usize], y[b as usize]));
        }
    }
    total.value() / (codes.len() as f64 - 1.0)
}

/// `Σ_ck n_c n_k (y_c − y_k)² = 2 n Σ_c n_c (y_c − ȳ)²` with `ȳ = Σ_c n_c y_c / n`.
fn spread(y: &[f64], counts: &[u64], n: u64) -> f64 {
    let n = n as f64;
    let mut sum = Sum::default();
    for (&yc, &k) in y.iter().zip(counts) {
        if k > 0 {
            sum.add(k as f64 * yc);
        }
    }
    let mean = sum.value() / n;
    let (mut squares, mut deviations) = (Sum::default(), Sum::default());
    for (&yc, &k) in y.iter().zip(counts) {
        if k > 0 {
            let d = yc - mean;
            squares.add(k as f64 * d * d);
            deviations.add(k as f64 * d);
        }
    }
    let deviations = deviations.value();
    let squares = (squares.value() - deviations * deviations / n).max(0.0);
    2.0 * n * squares
}

/// Ratio `Σ_ck n_c n_k δ²_ck` over the pairs of distinct pairable values: O(V²).
fn ratio_expected(y: &[f64], counts: &[u64], present: &mut Vec<(f64, f64)>) -> f64 {
    present.clear();
    present.extend(
        y.iter()
            .zip(counts)
            .filter(|&(_, &k)| k > 0)
            .map(|(&yc, &k)| (yc, k as f64)),
    );
    let mut total = Sum::default();
    for (i, &(a, ka)) in present.iter().enumerate() {
        let mut row = Sum::default();
        for &(b, kb) in &present[i + 1..] {
            row.add(kb * ratio_delta2(a, b));
        }
        total.add(2.0 * ka * row.value());
    }
    total.value()
}
