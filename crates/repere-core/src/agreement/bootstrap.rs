//! Seeded bootstrap confidence interval for Krippendorff's alpha.

use super::alpha::{Alpha, Prepared, Scratch, alpha_result};
use super::table::RatingTable;
use super::{AgreementError, MeasurementLevel};

/// The largest number of bootstrap resamples accepted by [`bootstrap_alpha`].
pub const MAX_RESAMPLES: u32 = 100_000;

/// A bootstrap percentile confidence interval for Krippendorff's alpha.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct BootstrapInterval {
    /// The point estimate on the full table.
    pub estimate: Alpha,
    /// The lower bound: the `(1 − confidence) / 2` quantile of the defined resampled alphas.
    pub lower: f64,
    /// The upper bound: the `(1 + confidence) / 2` quantile of the defined resampled alphas.
    pub upper: f64,
    /// The confidence level asked for (e.g. 0.95).
    pub confidence: f64,
    /// The number of resamples drawn.
    pub resamples: u32,
    /// The number of resamples whose alpha was undefined (fewer than two distinct
    /// pairable values, or no expected disagreement); they are left out of the quantiles.
    pub undefined: u32,
    /// The seed used.
    pub seed: u64,
}

impl BootstrapInterval {
    /// The share of the resamples whose alpha was undefined, in `[0, 1)`.
    #[must_use]
    pub fn undefined_share(&self) -> f64 {
        f64::from(self.undefined) / f64::from(self.resamples)
    }
}

/// A bootstrap percentile confidence interval for Krippendorff's alpha, resampling units.
///
/// Method: let `P` be the pairable units (two ratings or more). Each resample draws `P`
/// units uniformly with replacement from them (a unit drawn twice counts twice, with
/// all its ratings) and computes alpha on that multiset exactly as
/// [`krippendorff_alpha`](super::krippendorff_alpha) does, the marginals `n_c` and, at the ordinal level, the
/// ranks included. This is the cluster (unit) bootstrap: it keeps the ratings of a unit
/// together, unlike Krippendorff's own algorithm, which resamples pairable values. The
/// interval is the percentile interval: the `(1 − confidence) / 2` and
/// `(1 + confidence) / 2` quantiles of the defined resampled alphas, with linear
/// interpolation between order statistics (the "type 7" rule, numpy's default).
/// Resamples where alpha is undefined are counted in
/// [`BootstrapInterval::undefined`] and left out.
///
/// Randomness: a SplitMix64 generator seeded with `seed` (implemented here, so the same
/// seed gives the same interval on every platform and version), with unbiased bounded
/// draws by Lemire's multiply-and-reject method.
///
/// Cost: `resamples` evaluations of alpha, each O(rows + V) (plus O(V²) at the ratio
/// level); `resamples` is limited to [`MAX_RESAMPLES`].
///
/// ```
/// use repere_core::agreement::{MeasurementLevel, RatingTable, bootstrap_alpha};
///
/// let rows = (0..40).flat_map(|u| {
///     let unit = format!("u{u}");
///     let truth = f64::from(u % 5);
///     [("a", truth), ("b", truth + f64::from(u % 2)), ("c", truth)]
///         .map(move |(rater, value)| (unit.clone(), rater, value))
/// });
/// let table = RatingTable::from_rows(rows)?;
/// let ci = bootstrap_alpha(&table, MeasurementLevel::Interval, 500, 42, 0.95)?;
/// assert!(ci.lower <= ci.estimate.value && ci.estimate.value <= ci.upper);
/// assert_eq!(ci, bootstrap_alpha(&table, MeasurementLevel::Interval, 500, 42, 0.95)?); // deterministic
/// # Ok::<(), repere_core::agreement::AgreementError>(())
/// ```
///
/// # Errors
///
/// [`AgreementError::InvalidResamples`] when `resamples` is 0 or above [`MAX_RESAMPLES`],
/// [`AgreementError::InvalidConfidence`] unless `0 < confidence < 1`, the errors of
/// [`krippendorff_alpha`](super::krippendorff_alpha) for the point estimate, and
/// [`AgreementError::AllResamplesUndefined`] when no resample gives a defined alpha.
pub fn bootstrap_alpha(
    table: &RatingTable,
    level: MeasurementLevel,
    resamples: u32,
    seed: u64,
    confidence: f64,
) -> Result<BootstrapInterval, AgreementError> {
    bootstrap_alpha_with_progress(table, level, resamples, seed, confidence, &mut |_, _| {})
}

/// The most calls of the progress callback of [`bootstrap_alpha_with_progress`] in one run.
const PROGRESS_STEPS: u64 = 100;

/// [`bootstrap_alpha`], reporting its progress to `progress(done, total)`, where `done`
/// resamples of `total` (= `resamples`) are drawn and evaluated.
///
/// `progress` is called with `(0, total)` once the arguments are checked and the point
/// estimate computed, then each time another hundredth of the resamples is done (after
/// every resample when there are at most 100), the last call being `(total, total)`: at
/// most 101 calls, whatever the number of resamples, with `done` increasing. It is not called
/// when the arguments or the point estimate are refused. The callback only observes: the
/// interval is the same, bit for bit, as that of [`bootstrap_alpha`] (which is this function
/// with a callback that does nothing).
///
/// Core does no I/O: the callback is how a caller shows progress (a bar, a percentage).
///
/// ```
/// use repere_core::agreement::{MeasurementLevel, RatingTable, bootstrap_alpha, bootstrap_alpha_with_progress};
///
/// let rows = (0..30).flat_map(|u| {
///     let unit = format!("u{u}");
///     let truth = f64::from(u % 4);
///     [("a", truth), ("b", truth + f64::from(u % 3 == 0)), ("c", truth)]
///         .map(move |(rater, value)| (unit.clone(), rater, value))
/// });
/// let table = RatingTable::from_rows(rows)?;
/// let mut seen = Vec::new();
/// let ci = bootstrap_alpha_with_progress(&table, MeasurementLevel::Interval, 1000, 7, 0.95, &mut |done, total| {
///     seen.push((done, total));
/// })?;
/// assert_eq!(seen.first(), Some(&(0, 1000)));
/// assert_eq!(seen.last(), Some(&(1000, 1000)));
/// assert_eq!(seen.len(), 101); // 0, 10, 20, …, 1000
/// assert_eq!(ci, bootstrap_alpha(&table, MeasurementLevel::Interval, 1000, 7, 0.95)?);
/// # Ok::<(), repere_core::agreement::AgreementError>(())
/// ```
///
/// # Errors
///
/// As [`bootstrap_alpha`].
pub fn bootstrap_alpha_with_progress(
    table: &RatingTable,
    level: MeasurementLevel,
    resamples: u32,
    seed: u64,
    confidence: f64,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<BootstrapInterval, AgreementError> {
    if resamples == 0 || resamples > MAX_RESAMPLES {
        return Err(AgreementError::InvalidResamples {
            resamples,
            max: MAX_RESAMPLES,
        });
    }
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(AgreementError::InvalidConfidence { confidence });
    }
    let prepared = Prepared::new(table, level, 1)?;
    let mut scratch = Scratch::default();
    let estimate = alpha_result(table, level, prepared.evaluate(None, &mut scratch)?);
    let units = prepared.pairable_units();
    let bound = units as u64;
    let mut rng = SplitMix64::new(seed);
    let mut weights = vec![0u32; units];
    let mut alphas = Vec::with_capacity(resamples as usize);
    let mut undefined = 0u32;
    progress(0, resamples);
    // The next hundredth of the resamples to report (1 to 100).
    let mut step = 1u64;
    for done in 1..=resamples {
        weights.fill(0);
        for _ in 0..units {
            let drawn = rng.below(bound) as usize;
            if let Some(w) = weights.get_mut(drawn) {
                *w += 1;
            }
        }
        match prepared.evaluate(Some(&weights), &mut scratch) {
            Ok(outcome) => alphas.push(outcome.alpha),
            Err(_) => undefined += 1,
        }
        // Report when `done` reaches `step` hundredths: done ≥ ⌈step · total / 100⌉.
        if u64::from(done) * PROGRESS_STEPS >= step * u64::from(resamples) {
            progress(done, resamples);
            step = u64::from(done) * PROGRESS_STEPS / u64::from(resamples) + 1;
        }
    }
    if alphas.is_empty() {
        return Err(AgreementError::AllResamplesUndefined { resamples });
    }
    alphas.sort_unstable_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    Ok(BootstrapInterval {
        estimate,
        lower: quantile(&alphas, tail),
        upper: quantile(&alphas, 1.0 - tail),
        confidence,
        resamples,
        undefined,
        seed,
    })
}

/// The `p` quantile of the sorted, non-empty `xs` by linear interpolation between order
/// statistics: position `h = (len − 1) p`.
fn quantile(xs: &[f64], p: f64) -> f64 {
    let last = xs.len().saturating_sub(1);
    let h = last as f64 * p.clamp(0.0, 1.0);
    let below = (h.floor() as usize).min(last);
    let above = (below + 1).min(last);
    let (a, b) = (xs[below], xs[above]);
    a + (h - below as f64) * (b - a)
}

/// SplitMix64 (Steele, Lea and Flood, 2014; Vigna's reference constants): a 64-bit
/// state advanced by the golden-ratio increment `0x9E37_79B9_7F4A_7C15`, each output
/// a bijective mix of the state. Small, fast and good enough for resampling; written
/// out here so that results never depend on an external crate's version.
#[derive(Debug, Clone)]
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    const fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform draw from `0..bound` (`bound > 0`), without modulo bias (Lemire 2019).
    fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        let mut product = u128::from(self.next_u64()) * u128::from(bound);
        let mut low = product as u64;
        if low < bound {
            let threshold = bound.wrapping_neg() % bound;
            while low < threshold {
                product = u128::from(self.next_u64()) * u128::from(bound);
                low = product as u64;
            }
        }
        (product >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_outputs() {
        // First outputs for seed 1234567 of Vigna's reference splitmix64.c.
        let mut rng = SplitMix64::new(1_234_567);
        let got: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            got,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821,
            ]
        );
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = SplitMix64::new(7);
        for bound in [1u64, 2, 3, 10, 1 << 40, u64::MAX] {
            for _ in 0..1000 {
                assert!(rng.below(bound) < bound);
            }
        }
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn quantile_interpolates() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&xs, 0.0), 1.0);
        assert_eq!(quantile(&xs, 1.0), 5.0);
        assert_eq!(quantile(&xs, 0.5), 3.0);
        assert!((quantile(&xs, 0.1) - 1.4).abs() < 1e-12);
        assert_eq!(quantile(&[7.0], 0.3), 7.0);
    }
}
