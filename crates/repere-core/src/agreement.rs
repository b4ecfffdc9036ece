//! Inter-rater agreement statistics on a table of `(unit, rater, value)` ratings.
//!
//! Several raters (observers, coders, assessors) rate the same units (processes,
//! criteria, documents…). How far they agree tells how much a score can be trusted.
//! This module computes, from a [`RatingTable`]:
//!
//! * [Krippendorff's alpha](krippendorff_alpha) at the nominal, ordinal, interval and
//!   ratio [`MeasurementLevel`]s, with the quantities that explain it ([`Alpha`]);
//! * a seeded, deterministic [bootstrap confidence interval](bootstrap_alpha) for alpha,
//!   with [progress reports](bootstrap_alpha_with_progress) for long runs;
//! * [Fleiss' kappa](fleiss_kappa) and [Gwet's AC1](gwet_ac1) for nominal ratings.
//!
//! Everything is a pure function of its inputs: no I/O, no global state, no randomness
//! except the explicitly seeded bootstrap.
//!
//! # Input
//!
//! A [`RatingTable`] is built from rows `(unit, rater, value)` where the value is a
//! finite number or a nominal label ([`Datum`]). A missing rating is simply an absent
//! row. Building rejects a unit rated twice by the same rater, non-finite numbers and a
//! mix of numbers and labels. Unit and rater identifiers are interned, so a built table
//! costs 4 bytes per row and 4 per unit, plus each identifier once. Building costs 8 bytes
//! per row (rater and value ids) and 4 per run of consecutive rows of one unit, peaks at
//! about 12 bytes per row when the rows come grouped by unit (as files usually are), 16
//! otherwise, and allocates nothing per row. Rows may be pushed into several
//! [`RatingTableBuilder`]s in parallel (consecutive parts of a file), and the builders
//! [appended](RatingTableBuilder::append) in order or
//! [built on several threads](RatingTableBuilder::build_parts). A reader that meets the
//! same values and raters again and again can intern them once
//! ([`intern_number`](RatingTableBuilder::intern_number),
//! [`intern_rater`](RatingTableBuilder::intern_rater)) and push ids
//! ([`push_interned`](RatingTableBuilder::push_interned)).
//!
//! # Threads
//!
//! Nothing here starts a thread unless asked: [`RatingTableBuilder::build_parts`] and
//! [`krippendorff_alpha_parallel`] take a number of threads, and give the same table and
//! the same alpha, bit for bit, whatever that number.
//!
//! # Krippendorff's alpha
//!
//! For each unit `u` let `m_u` be its number of values; units with `m_u < 2` are
//! *unpairable* and dropped. Let `v_1 < … < v_V` be the distinct pairable values. The
//! coincidence matrix and its marginals are
//!
//! ```text
//! o_ck = Σ_u #{ordered pairs (i, j), i ≠ j, of values of u with value_i = v_c, value_j = v_k} / (m_u − 1)
//! n_c  = Σ_k o_ck            (the number of pairable values equal to v_c)
//! n    = Σ_c n_c             (the number of pairable values)
//! ```
//!
//! and
//!
//! ```text
//! α   = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck
//! D_o = Σ_ck o_ck δ²_ck / n                 (observed disagreement)
//! D_e = Σ_ck n_c n_k δ²_ck / (n (n − 1))    (expected disagreement)
//! ```
//!
//! with the difference function δ² of the level of measurement:
//!
//! | level | δ²_ck |
//! |---|---|
//! | nominal | `0` if `c = k`, else `1` |
//! | ordinal | `(Σ_{g = min(c,k)}^{max(c,k)} n_g − (n_c + n_k) / 2)²` |
//! | interval | `(v_c − v_k)²` |
//! | ratio | `((v_c − v_k) / (v_c + v_k))²`, and `0` when `v_c + v_k = 0` |
//!
//! Alpha is undefined (an error) when fewer than two distinct values are pairable. At
//! the nominal level the categories are the distinct labels (or distinct numbers); the
//! other levels need numbers, and the ratio level numbers `≥ 0` (a negative value is an
//! error, [`AgreementError::NegativeRatioValue`]: use the interval level).
//!
//! ## How it is computed
//!
//! The V×V coincidence matrix is never built, so many distinct values (say a 0–100
//! scale in steps of 0.1) cost nothing extra:
//!
//! * observed disagreement, unit by unit: `Σ_{i≠j} δ²(x_i, x_j) / (m_u − 1)`. Nominal:
//!   `m² − Σ_c m_c²` from the within-unit value counts. Interval:
//!   `Σ_{i≠j} (x_i − x_j)² = 2 m Σ_i (x_i − x̄)²` (a centred two-pass sum, exact in
//!   spirit and free of the cancellation of `m Σx² − (Σx)²`). Ordinal: the ordinal
//!   δ_ck is `r_k − r_c` with the mid-ranks `r_c = Σ_{g<c} n_g + n_c / 2`, so it is the
//!   interval formula applied to mid-ranks. Ratio: a loop over the pairs of distinct
//!   values inside the unit.
//! * expected disagreement, from the marginals `n_c`: nominal `n² − Σ n_c²`;
//!   interval and ordinal `2 n Σ_c n_c (y_c − ȳ)²` (`y` = values or mid-ranks,
//!   `ȳ = Σ n_c y_c / n`); ratio a loop over the pairs of distinct pairable values.
//!
//! Cost: O(rows + V log V) to build the table (values are hashed as they come, only the
//! distinct values are sorted), then O(rows + V) per alpha for the nominal, ordinal and
//! interval levels.
//! The ratio level costs O(Σ_u d_u² + V²) (`d_u` = distinct values in unit `u`), and is
//! refused above [`MAX_RATIO_DISTINCT_VALUES`] distinct pairable values. Sums use
//! compensated (Neumaier) summation, and interval values are rescaled by an exact power of
//! two (the ratio δ² halves both values when their sum would overflow), so large or tiny
//! magnitudes neither overflow nor lose precision; disagreements that a double cannot hold
//! in the units of the data are reported in scaled units ([`Alpha::scale_exponent`]).
//!
//! # Example
//!
//! ```
//! use repere_core::agreement::{AgreementError, MeasurementLevel, RatingTable, krippendorff_alpha};
//!
//! // Two raters, three units; they disagree on unit `u3` only.
//! let table = RatingTable::from_rows([
//!     ("u1", "ann", 1.0),
//!     ("u1", "bob", 1.0),
//!     ("u2", "ann", 2.0),
//!     ("u2", "bob", 2.0),
//!     ("u3", "ann", 3.0),
//!     ("u3", "bob", 2.0),
//! ])?;
//!
//! // n = 6 pairable values, counts n_1 = 2, n_2 = 3, n_3 = 1.
//! // Nominal: observed Σ o δ² = 2, expected Σ n n δ² = 6² − (2² + 3² + 1²) = 22,
//! // α = 1 − 5 · 2 / 22 = 6 / 11.
//! let nominal = krippendorff_alpha(&table, MeasurementLevel::Nominal)?;
//! assert!((nominal.value - 6.0 / 11.0).abs() < 1e-12);
//! assert_eq!(nominal.pairable_values, 6);
//!
//! // Interval: observed 2 · 1² = 2, expected 2 · 6 · Σ n_c (v_c − 11/6)² = 34,
//! // α = 1 − 5 · 2 / 34 = 12 / 17.
//! let interval = krippendorff_alpha(&table, MeasurementLevel::Interval)?;
//! assert!((interval.value - 12.0 / 17.0).abs() < 1e-12);
//! # Ok::<(), AgreementError>(())
//! ```
//!
//! Labels work at the nominal level:
//!
//! ```
//! use repere_core::agreement::{MeasurementLevel, RatingTable, fleiss_kappa, krippendorff_alpha};
//!
//! let table = RatingTable::from_rows([
//!     ("p1", "a", "good"),
//!     ("p1", "b", "good"),
//!     ("p2", "a", "poor"),
//!     ("p2", "b", "fair"),
//! ])?;
//! assert!(krippendorff_alpha(&table, MeasurementLevel::Nominal).is_ok());
//! assert!(krippendorff_alpha(&table, MeasurementLevel::Ordinal).is_err()); // labels are not numbers
//! let kappa = fleiss_kappa(&table)?;
//! assert!(kappa.value < 1.0);
//! # Ok::<(), repere_core::agreement::AgreementError>(())
//! ```

mod alpha;
mod bootstrap;
mod kappa;
mod numeric;
mod parallel;
mod table;

use std::fmt;
use std::str::FromStr;

pub use alpha::{
    Alpha, MAX_RATIO_DISTINCT_VALUES, krippendorff_alpha, krippendorff_alpha_parallel,
};
pub use bootstrap::{
    BootstrapInterval, MAX_RESAMPLES, bootstrap_alpha, bootstrap_alpha_with_progress,
};
pub use kappa::{ChanceCorrected, fleiss_kappa, gwet_ac1};
pub use table::{RaterId, RatingTable, RatingTableBuilder, ValueId};

/// Level of measurement of the ratings: chooses the difference function of
/// Krippendorff's alpha (see the [module documentation](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeasurementLevel {
    /// Unordered categories: any two different values disagree equally.
    Nominal,
    /// Ordered categories: disagreement grows with the number of pairable values ranked
    /// between the two values.
    Ordinal,
    /// Numbers whose differences are meaningful: squared difference.
    Interval,
    /// Numbers with a meaningful zero: squared relative difference.
    Ratio,
}

impl MeasurementLevel {
    /// All levels, from the weakest to the strongest.
    pub const ALL: [Self; 4] = [Self::Nominal, Self::Ordinal, Self::Interval, Self::Ratio];

    /// The lower-case name of the level (`nominal`, `ordinal`, `interval`, `ratio`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Nominal => "nominal",
            Self::Ordinal => "ordinal",
            Self::Interval => "interval",
            Self::Ratio => "ratio",
        }
    }
}

/// Krippendorff's conventional threshold for reliable data: α ≥ 0.800.
pub const RELIABLE_ALPHA: f64 = 0.800;

/// Krippendorff's conventional threshold for tentative conclusions: 0.667 ≤ α < 0.800.
pub const TENTATIVE_ALPHA: f64 = 0.667;

/// What Krippendorff's conventional thresholds ([`RELIABLE_ALPHA`], [`TENTATIVE_ALPHA`]) say
/// of an alpha: conventions, not a statistical test.
///
/// ```
/// use repere_core::agreement::Reliability;
/// assert_eq!(Reliability::of(0.81), Reliability::Reliable);
/// assert_eq!(Reliability::of(0.7), Reliability::Tentative);
/// assert_eq!(Reliability::of(0.5), Reliability::Unreliable);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reliability {
    /// α ≥ 0.800: reliable.
    Reliable,
    /// 0.667 ≤ α < 0.800: good enough for tentative conclusions only.
    Tentative,
    /// α < 0.667: not reliable.
    Unreliable,
}

impl Reliability {
    /// Every verdict, from the best.
    pub const ALL: [Self; 3] = [Self::Reliable, Self::Tentative, Self::Unreliable];

    /// The verdict on an alpha.
    pub fn of(alpha: f64) -> Self {
        if alpha >= RELIABLE_ALPHA {
            Self::Reliable
        } else if alpha >= TENTATIVE_ALPHA {
            Self::Tentative
        } else {
            Self::Unreliable
        }
    }

    /// A stable name: `reliable`, `tentative`, `unreliable`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Reliable => "reliable",
            Self::Tentative => "tentative",
            Self::Unreliable => "unreliable",
        }
    }
}

impl fmt::Display for MeasurementLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for MeasurementLevel {
    type Err = AgreementError;

    /// Parses a level name (case-insensitive, surrounding blanks ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim();
        Self::ALL
            .into_iter()
            .find(|level| level.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| AgreementError::UnknownLevel { name: s.to_owned() })
    }
}

/// One rating: a finite number or a nominal label.
///
/// Conversions exist from `f64`, `i32`, `u32`, `&str` and `String`, so rows can be
/// written as `("unit", "rater", 3.5)` or `("unit", "rater", "yes")`.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    /// A number (must be finite to enter a [`RatingTable`]).
    Number(f64),
    /// A nominal label (compared as an exact string).
    Label(String),
}

impl Datum {
    /// Whether this is a number or a label.
    #[must_use]
    pub const fn kind(&self) -> ValueKind {
        match self {
            Self::Number(_) => ValueKind::Number,
            Self::Label(_) => ValueKind::Label,
        }
    }
}

impl From<f64> for Datum {
    fn from(x: f64) -> Self {
        Self::Number(x)
    }
}

impl From<i32> for Datum {
    fn from(x: i32) -> Self {
        Self::Number(f64::from(x))
    }
}

impl From<u32> for Datum {
    fn from(x: u32) -> Self {
        Self::Number(f64::from(x))
    }
}

impl From<&str> for Datum {
    fn from(s: &str) -> Self {
        Self::Label(s.to_owned())
    }
}

impl From<String> for Datum {
    fn from(s: String) -> Self {
        Self::Label(s)
    }
}

/// The kind of the values of a table: numbers or labels (a table never mixes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// Finite numbers.
    Number,
    /// Nominal labels.
    Label,
}

impl fmt::Display for ValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Number => "number",
            Self::Label => "label",
        })
    }
}

/// Why a rating table could not be built or an agreement statistic computed.
///
/// Row numbers are 0-based positions in the input sequence of rows.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AgreementError {
    /// The same rater rated the same unit twice.
    #[error(
        "row {row}: unit `{unit}` is rated twice by rater `{rater}` (first at row {first_row})"
    )]
    DuplicateRating {
        /// The unit.
        unit: String,
        /// The rater.
        rater: String,
        /// The row holding the second rating.
        row: usize,
        /// The row holding the first rating.
        first_row: usize,
    },
    /// A number is NaN or infinite.
    #[error(
        "row {row}: the value `{value}` given to unit `{unit}` by rater `{rater}` is not a finite number"
    )]
    NonFiniteValue {
        /// The unit.
        unit: String,
        /// The rater.
        rater: String,
        /// The row.
        row: usize,
        /// The offending value.
        value: f64,
    },
    /// Numbers and labels are mixed in one table.
    #[error(
        "row {row}: unit `{unit}` got a {found} from rater `{rater}`, but the earlier rows hold {expected}s (a table holds numbers only or labels only)"
    )]
    MixedValueKinds {
        /// The unit.
        unit: String,
        /// The rater.
        rater: String,
        /// The row.
        row: usize,
        /// The kind of the earlier rows.
        expected: ValueKind,
        /// The kind of this row.
        found: ValueKind,
    },
    /// The table has more rows than it can index.
    #[error("too many rows: a rating table holds at most {max} rows")]
    TooManyRows {
        /// The largest number of rows.
        max: usize,
    },
    /// A [`ValueId`] or [`RaterId`] given to a builder that did not make it.
    #[error("row {row}: a value or rater id that this table builder did not make")]
    ForeignId {
        /// The row.
        row: usize,
    },
    /// Agreement needs at least two raters in the table.
    #[error("at least two raters are needed, found {found}")]
    TooFewRaters {
        /// The number of raters in the table.
        found: usize,
    },
    /// An ordinal, interval or ratio alpha was asked of a table of labels.
    #[error("the {level} level needs numeric values, but the table holds labels")]
    LabelsAtNumericLevel {
        /// The level asked for.
        level: MeasurementLevel,
    },
    /// No unit has two or more ratings.
    #[error("no unit has two or more ratings, so no values can be paired")]
    NoPairableUnits,
    /// Fewer than two distinct values: agreement is undefined.
    #[error(
        "the coefficient is undefined: fewer than two distinct values can be paired (found {found})"
    )]
    TooFewDistinctValues {
        /// The number of distinct pairable values (or of categories).
        found: usize,
    },
    /// The expected disagreement is zero: alpha is undefined. Two distinct pairable values
    /// or more always disagree at every level (the ratio level refusing negative values,
    /// [`AgreementError::NegativeRatioValue`]), so this is a safeguard against dividing by
    /// zero rather than an outcome to expect.
    #[error("alpha is undefined: the expected disagreement is zero")]
    ZeroExpectedDisagreement,
    /// A negative value at the ratio level, whose difference function
    /// `((a − b) / (a + b))²` measures differences relative to a true zero and is meaningless
    /// for negative values (it is 0 for `x` and `−x`). The first unit, in table order, holding
    /// a negative rating, pairable or not, with its smallest value. The table does not keep
    /// which rater gave which value, hence no rater here.
    #[error(
        "the ratio level needs values of 0 or more, but unit `{unit}` has the value `{value}`: use the interval level for values that can be negative"
    )]
    NegativeRatioValue {
        /// The negative value (the smallest of the unit).
        value: f64,
        /// The unit.
        unit: String,
    },
    /// The ratio level is quadratic in the number of distinct values and refuses more
    /// than [`MAX_RATIO_DISTINCT_VALUES`].
    #[error("the {level} level accepts at most {max} distinct pairable values, found {found}")]
    TooManyDistinctValues {
        /// The level asked for.
        level: MeasurementLevel,
        /// The number of distinct pairable values.
        found: usize,
        /// The limit.
        max: usize,
    },
    /// The computation did not give a finite number.
    #[error("the coefficient is not a finite number")]
    NonFiniteResult,
    /// The number of bootstrap resamples is 0 or above [`MAX_RESAMPLES`].
    #[error("the number of resamples must be between 1 and {max}, got `{resamples}`")]
    InvalidResamples {
        /// The number asked for.
        resamples: u32,
        /// The limit.
        max: u32,
    },
    /// The confidence level is not strictly between 0 and 1.
    #[error("the confidence level must be strictly between 0 and 1, got `{confidence}`")]
    InvalidConfidence {
        /// The confidence level asked for.
        confidence: f64,
    },
    /// Every bootstrap resample gave an undefined alpha.
    #[error("all {resamples} bootstrap resamples gave an undefined alpha")]
    AllResamplesUndefined {
        /// The number of resamples.
        resamples: u32,
    },
    /// A level name could not be parsed.
    #[error("unknown level of measurement `{name}` (expected nominal, ordinal, interval or ratio)")]
    UnknownLevel {
        /// The name given.
        name: String,
    },
}
