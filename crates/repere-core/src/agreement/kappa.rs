//! Fleiss' kappa and Gwet's AC1 for nominal ratings.

use super::AgreementError;
use super::alpha::collect_runs;
use super::numeric::Sum;
use super::table::RatingTable;

/// A chance-corrected agreement coefficient `(p_a − p_e) / (1 − p_e)` with its parts.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ChanceCorrected {
    /// The coefficient: 1 is perfect agreement, 0 agreement at chance level.
    pub value: f64,
    /// `p_a`, the observed agreement.
    pub observed_agreement: f64,
    /// `p_e`, the agreement expected by chance.
    pub chance_agreement: f64,
    /// The number of units with at least two ratings (those that enter `p_a`).
    pub units: usize,
    /// The number of units with at least one rating (those that enter `π_k`).
    pub units_total: usize,
    /// `q`, the number of categories: the distinct values of the table.
    pub categories: usize,
    /// The number of raters in the table.
    pub raters: usize,
}

/// The tallies shared by Fleiss' kappa and Gwet's AC1.
struct Tallies {
    /// `p_a`.
    observed: f64,
    /// `π_k` for every category.
    shares: Vec<f64>,
    units: usize,
    units_total: usize,
    categories: usize,
    raters: usize,
}

impl Tallies {
    fn of(table: &RatingTable) -> Result<Self, AgreementError> {
        if table.raters() < 2 {
            return Err(AgreementError::TooFewRaters {
                found: table.raters(),
            });
        }
        let categories = table.distinct_values();
        let mut shares = vec![Sum::default(); categories];
        let mut observed = Sum::default();
        let mut units = 0usize;
        let mut runs = Vec::new();
        for u in 0..table.units() {
            let codes = table.unit_codes(u);
            let m = codes.len() as u128;
            if m == 0 {
                continue;
            }
            collect_runs(codes, &mut runs);
            if m >= 2 {
                let agreeing: u128 = runs
                    .iter()
                    .map(|&(_, k)| u128::from(k) * u128::from(k.saturating_sub(1)))
                    .sum();
                observed.add(agreeing as f64 / (m * (m - 1)) as f64);
                units += 1;
            }
            for &(c, k) in &runs {
                if let Some(share) = shares.get_mut(c as usize) {
                    share.add(k as f64 / m as f64);
                }
            }
        }
        if units == 0 {
            return Err(AgreementError::NoPairableUnits);
        }
        if categories < 2 {
            return Err(AgreementError::TooFewDistinctValues { found: categories });
        }
        let units_total = table.units();
        Ok(Self {
            observed: observed.value() / units as f64,
            shares: shares
                .iter()
                .map(|s| s.value() / units_total as f64)
                .collect(),
            units,
            units_total,
            categories,
            raters: table.raters(),
        })
    }

    fn finish(self, chance: f64) -> Result<ChanceCorrected, AgreementError> {
        let value = (self.observed - chance) / (1.0 - chance);
        if !value.is_finite() {
            return Err(AgreementError::NonFiniteResult);
        }
        Ok(ChanceCorrected {
            value,
            observed_agreement: self.observed,
            chance_agreement: chance,
            units: self.units,
            units_total: self.units_total,
            categories: self.categories,
            raters: self.raters,
        })
    }
}

/// Fleiss' kappa for nominal ratings, generalised to a variable number of raters per
/// unit as in Gwet (2014, *Handbook of Inter-Rater Reliability*, ch. 2; the `irrCAC`
/// `fleiss.kappa.raw` computation).
///
/// With `r_ik` the number of ratings of unit `i` in category `k` and `r_i = Σ_k r_ik`:
///
/// ```text
/// p_a = mean over units with r_i ≥ 2 of Σ_k r_ik (r_ik − 1) / (r_i (r_i − 1))
/// π_k = mean over all units (r_i ≥ 1) of r_ik / r_i
/// p_e = Σ_k π_k²
/// κ   = (p_a − p_e) / (1 − p_e)
/// ```
///
/// With the same number of raters for every unit this is Fleiss' (1971) kappa.
/// Categories are the distinct values of the table (labels or numbers).
///
/// ```
/// use repere_core::agreement::{RatingTable, fleiss_kappa};
///
/// let table = RatingTable::from_rows([
///     ("u1", "a", "yes"), ("u1", "b", "yes"), ("u1", "c", "yes"),
///     ("u2", "a", "no"), ("u2", "b", "no"), ("u2", "c", "yes"),
/// ])?;
/// // p_a = (1 + 1/3) / 2 = 2/3; π_yes = (1 + 1/3) / 2 = 2/3, π_no = 1/3; p_e = 5/9.
/// let kappa = fleiss_kappa(&table)?;
/// assert!((kappa.value - 0.25).abs() < 1e-12);
/// # Ok::<(), repere_core::agreement::AgreementError>(())
/// ```
///
/// # Errors
///
/// [`AgreementError::TooFewRaters`], [`AgreementError::NoPairableUnits`] when no unit has
/// two ratings, [`AgreementError::TooFewDistinctValues`] with a single category.
pub fn fleiss_kappa(table: &RatingTable) -> Result<ChanceCorrected, AgreementError> {
    let tallies = Tallies::of(table)?;
    let mut chance = Sum::default();
    for &p in &tallies.shares {
        chance.add(p * p);
    }
    tallies.finish(chance.value())
}

/// Gwet's AC1 for nominal ratings (Gwet 2008; 2014, ch. 4), with any number of raters per
/// unit.
///
/// `p_a` and `π_k` as for [`fleiss_kappa`]; the chance agreement is
///
/// ```text
/// p_e = Σ_k π_k (1 − π_k) / (q − 1)
/// AC1 = (p_a − p_e) / (1 − p_e)
/// ```
///
/// where `q` is the number of categories: the distinct values of the table. (Categories
/// that nobody used do not count; a scale with unused categories gives a smaller `q`
/// than the scale's own.)
///
/// ```
/// use repere_core::agreement::{RatingTable, gwet_ac1};
///
/// let table = RatingTable::from_rows([
///     ("u1", "a", "yes"), ("u1", "b", "yes"), ("u1", "c", "yes"),
///     ("u2", "a", "no"), ("u2", "b", "no"), ("u2", "c", "yes"),
/// ])?;
/// // p_a = 2/3; π = (2/3, 1/3), q = 2: p_e = 2 · (2/3)(1/3) = 4/9; AC1 = (2/9) / (5/9).
/// let ac1 = gwet_ac1(&table)?;
/// assert!((ac1.value - 0.4).abs() < 1e-12);
/// # Ok::<(), repere_core::agreement::AgreementError>(())
/// ```
///
/// # Errors
///
/// As [`fleiss_kappa`].
pub fn gwet_ac1(table: &RatingTable) -> Result<ChanceCorrected, AgreementError> {
    let tallies = Tallies::of(table)?;
    let mut chance = Sum::default();
    for &p in &tallies.shares {
        chance.add(p * (1.0 - p));
    }
    let q = tallies.categories as f64;
    tallies.finish(chance.value() / (q - 1.0))
}
