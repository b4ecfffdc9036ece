//! The rating table: interned units and raters, values grouped by unit.

use std::collections::HashMap;

use super::{AgreementError, Value, ValueKind};

/// Largest number of rows (identifiers and offsets are stored as `u32`).
const MAX_ROWS: usize = u32::MAX as usize - 1;

/// Interns strings as dense `u32` ids in order of first appearance.
#[derive(Debug, Clone, Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
}

impl Interner {
    /// The id of `name`, interning it when new. The caller bounds the number of ids.
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.insert(name.into(), id);
        id
    }

    /// The names, indexed by id.
    fn into_names(self) -> Vec<Box<str>> {
        let mut names: Vec<Box<str>> = vec![Box::default(); self.ids.len()];
        for (name, id) in self.ids {
            if let Some(slot) = names.get_mut(id as usize) {
                *slot = name;
            }
        }
        names
    }
}

/// The values of the rows, by kind.
#[derive(Debug, Clone, Default)]
enum RawValues {
    /// No row yet.
    #[default]
    Empty,
    /// Finite numbers (`-0.0` stored as `0.0`).
    Numbers(Vec<f64>),
    /// Label ids into the interner.
    Labels { ids: Vec<u32>, labels: Interner },
}

/// Incremental builder of a [`RatingTable`], for rows that arrive one by one (for example
/// from a file reader).
///
/// [`push`](Self::push) checks each row as it comes (finite number, no mix of numbers and
/// labels); [`build`](Self::build) checks that no rater rated a unit twice.
///
/// ```
/// use repere_core::agreement::{RatingTableBuilder, Level, krippendorff_alpha};
///
/// let mut builder = RatingTableBuilder::new();
/// for (unit, rater, value) in [("u1", "a", 2.0), ("u1", "b", 2.0), ("u2", "a", 1.0), ("u2", "b", 3.0)] {
///     builder.push(unit, rater, value)?;
/// }
/// let table = builder.build()?;
/// assert_eq!((table.units(), table.raters(), table.len()), (2, 2, 4));
/// let alpha = krippendorff_alpha(&table, Level::Interval)?;
/// assert!(alpha.value < 1.0);
/// # Ok::<(), repere_core::agreement::AgreementError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct RatingTableBuilder {
    units: Interner,
    raters: Interner,
    row_units: Vec<u32>,
    row_raters: Vec<u32>,
    values: RawValues,
    /// The last unit seen (rows usually come grouped by unit: skip the hash lookup).
    last_unit: Option<(String, u32)>,
}

impl RatingTableBuilder {
    /// An empty builder.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder with room for `rows` rows.
    #[must_use]
    pub fn with_capacity(rows: usize) -> Self {
        let rows = rows.min(MAX_ROWS);
        Self {
            row_units: Vec::with_capacity(rows),
            row_raters: Vec::with_capacity(rows),
            ..Self::default()
        }
    }

    /// The number of rows accepted so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.row_units.len()
    }

    /// Whether no row was accepted yet.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.row_units.is_empty()
    }

    /// Adds the rating `value` of `unit` by `rater`.
    ///
    /// The row number in errors is the number of rows accepted before this one.
    ///
    /// # Errors
    ///
    /// [`AgreementError::NonFiniteValue`] for a NaN or infinite number,
    /// [`AgreementError::MixedValueKinds`] when a label follows numbers or the reverse,
    /// [`AgreementError::TooManyRows`] beyond `u32::MAX − 1` rows. A rejected row
    /// leaves the builder unchanged.
    pub fn push(
        &mut self,
        unit: &str,
        rater: &str,
        value: impl Into<Value>,
    ) -> Result<(), AgreementError> {
        let row = self.row_units.len();
        let value = value.into();
        if row >= MAX_ROWS {
            return Err(AgreementError::TooManyRows { max: MAX_ROWS });
        }
        let expected = match &self.values {
            RawValues::Empty => None,
            RawValues::Numbers(_) => Some(ValueKind::Number),
            RawValues::Labels { .. } => Some(ValueKind::Label),
        };
        if let Some(expected) = expected
            && expected != value.kind()
        {
            return Err(AgreementError::MixedValueKinds {
                unit: unit.to_owned(),
                rater: rater.to_owned(),
                row,
                expected,
                found: value.kind(),
            });
        }
        if let Value::Number(x) = value
            && !x.is_finite()
        {
            return Err(AgreementError::NonFiniteValue {
                unit: unit.to_owned(),
                rater: rater.to_owned(),
                row,
                value: x,
            });
        }
        // The row is valid: record it.
        match (&mut self.values, value) {
            (RawValues::Numbers(xs), Value::Number(x)) => xs.push(x + 0.0),
            (RawValues::Labels { ids, labels }, Value::Label(s)) => ids.push(labels.intern(&s)),
            (values, Value::Number(x)) => *values = RawValues::Numbers(vec![x + 0.0]),
            (values, Value::Label(s)) => {
                let mut labels = Interner::default();
                let id = labels.intern(&s);
                *values = RawValues::Labels {
                    ids: vec![id],
                    labels,
                };
            }
        }
        let unit_id = match &mut self.last_unit {
            Some((name, id)) if name == unit => *id,
            last => {
                let id = self.units.intern(unit);
                match last {
                    Some((name, last_id)) => {
                        name.clear();
                        name.push_str(unit);
                        *last_id = id;
                    }
                    None => *last = Some((unit.to_owned(), id)),
                }
                id
            }
        };
        self.row_units.push(unit_id);
        self.row_raters.push(self.raters.intern(rater));
        Ok(())
    }

    /// Finishes the table.
    ///
    /// Cost: O(rows · log V) time (V = distinct values) and O(rows) memory.
    ///
    /// # Errors
    ///
    /// [`AgreementError::DuplicateRating`] when a rater rated a unit twice; when there
    /// are several such rows, the error names the earliest duplicate row.
    pub fn build(self) -> Result<RatingTable, AgreementError> {
        let unit_names = self.units.into_names();
        let rater_names = self.raters.into_names();
        let rows = self.row_units.len();

        // Counting sort of the rows by unit (stable: input order within a unit).
        let mut offsets = vec![0u32; unit_names.len() + 1];
        for &u in &self.row_units {
            if let Some(slot) = offsets.get_mut(u as usize + 1) {
                *slot += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut next: Vec<u32> = offsets[..unit_names.len()].to_vec();
        let mut perm = vec![0u32; rows];
        for (row, &u) in self.row_units.iter().enumerate() {
            let slot = &mut next[u as usize];
            perm[*slot as usize] = row as u32;
            *slot += 1;
        }
        drop(next);

        // Duplicates: the last unit (and row) in which each rater was seen.
        let mut seen_unit = vec![u32::MAX; rater_names.len()];
        let mut seen_row = vec![0u32; rater_names.len()];
        let mut duplicate: Option<(u32, u32, u32, u32)> = None; // (row, first_row, unit, rater)
        for (u, window) in offsets.windows(2).enumerate() {
            let unit = u as u32;
            for &row in &perm[window[0] as usize..window[1] as usize] {
                let r = self.row_raters[row as usize] as usize;
                if seen_unit[r] == unit {
                    if duplicate.is_none_or(|(best, ..)| row < best) {
                        duplicate = Some((row, seen_row[r], unit, r as u32));
                    }
                } else {
                    seen_unit[r] = unit;
                    seen_row[r] = row;
                }
            }
        }
        if let Some((row, first_row, unit, rater)) = duplicate {
            return Err(AgreementError::DuplicateRating {
                unit: unit_names[unit as usize].to_string(),
                rater: rater_names[rater as usize].to_string(),
                row: row as usize,
                first_row: first_row as usize,
            });
        }
        drop(seen_unit);
        drop(seen_row);
        drop(self.row_units);
        drop(self.row_raters);

        // Category codes: indices into the sorted distinct values.
        let (categories, row_codes) = match self.values {
            RawValues::Empty => (Categories::Numbers(Vec::new()), Vec::new()),
            RawValues::Numbers(xs) => {
                let mut distinct = xs.clone();
                distinct.sort_unstable_by(f64::total_cmp);
                distinct.dedup();
                let codes = xs
                    .iter()
                    .map(|x| {
                        distinct
                            .binary_search_by(|probe| probe.total_cmp(x))
                            .unwrap_or_default() as u32
                    })
                    .collect::<Vec<u32>>();
                (Categories::Numbers(distinct), codes)
            }
            RawValues::Labels { ids, labels } => {
                let names = labels.into_names();
                let mut order: Vec<u32> = (0..names.len() as u32).collect();
                order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
                let mut rank = vec![0u32; names.len()];
                for (position, &id) in order.iter().enumerate() {
                    rank[id as usize] = position as u32;
                }
                let sorted: Vec<Box<str>> =
                    order.iter().map(|&id| names[id as usize].clone()).collect();
                let codes = ids.iter().map(|&id| rank[id as usize]).collect();
                (Categories::Labels(sorted), codes)
            }
        };

        // Codes grouped by unit, sorted within each unit.
        let mut codes: Vec<u32> = perm.iter().map(|&row| row_codes[row as usize]).collect();
        drop(perm);
        drop(row_codes);
        for window in offsets.windows(2) {
            codes[window[0] as usize..window[1] as usize].sort_unstable();
        }

        Ok(RatingTable {
            unit_names,
            rater_names,
            offsets,
            codes,
            categories,
        })
    }
}

/// The distinct values of a table, sorted (numbers ascending, labels by byte order).
#[derive(Debug, Clone)]
pub(super) enum Categories {
    /// Distinct numbers.
    Numbers(Vec<f64>),
    /// Distinct labels.
    Labels(Vec<Box<str>>),
}

/// Ratings of units by raters, ready for the agreement statistics.
///
/// Build it with [`RatingTable::from_rows`] or a [`RatingTableBuilder`]. Unit and rater
/// identifiers are interned; values are stored as indices into the sorted distinct
/// values and grouped by unit, so the built table takes 4 bytes per row and 4 per unit,
/// plus each identifier once.
#[derive(Debug, Clone)]
pub struct RatingTable {
    unit_names: Vec<Box<str>>,
    rater_names: Vec<Box<str>>,
    /// Unit `u` holds `codes[offsets[u]..offsets[u + 1]]`.
    offsets: Vec<u32>,
    /// Category codes of the ratings, grouped by unit and sorted within each unit.
    codes: Vec<u32>,
    categories: Categories,
}

impl RatingTable {
    /// Builds a table from rows `(unit, rater, value)`; a missing rating is an absent row.
    ///
    /// Row numbers in errors are 0-based positions in `rows`.
    ///
    /// ```
    /// use repere_core::agreement::RatingTable;
    ///
    /// let table = RatingTable::from_rows([("u1", "a", 1), ("u1", "b", 2), ("u2", "a", 2)])?;
    /// assert_eq!((table.units(), table.raters(), table.distinct_values()), (2, 2, 2));
    ///
    /// let err = RatingTable::from_rows([("u1", "a", 1), ("u1", "a", 2)]).unwrap_err();
    /// assert_eq!(err.to_string(), "row 1: unit `u1` is rated twice by rater `a` (first at row 0)");
    /// # Ok::<(), repere_core::agreement::AgreementError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`RatingTableBuilder::push`] and [`RatingTableBuilder::build`]: duplicate
    /// `(unit, rater)`, non-finite number, numbers mixed with labels, too many rows.
    pub fn from_rows<I, U, R, V>(rows: I) -> Result<Self, AgreementError>
    where
        I: IntoIterator<Item = (U, R, V)>,
        U: AsRef<str>,
        R: AsRef<str>,
        V: Into<Value>,
    {
        let rows = rows.into_iter();
        let mut builder = RatingTableBuilder::with_capacity(rows.size_hint().0);
        for (unit, rater, value) in rows {
            builder.push(unit.as_ref(), rater.as_ref(), value)?;
        }
        builder.build()
    }

    /// The number of units (each has at least one rating).
    #[must_use]
    pub fn units(&self) -> usize {
        self.unit_names.len()
    }

    /// The number of raters.
    #[must_use]
    pub fn raters(&self) -> usize {
        self.rater_names.len()
    }

    /// The number of ratings (rows).
    #[must_use]
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the table has no rating.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The number of distinct values in the table (pairable or not).
    #[must_use]
    pub fn distinct_values(&self) -> usize {
        match &self.categories {
            Categories::Numbers(xs) => xs.len(),
            Categories::Labels(labels) => labels.len(),
        }
    }

    /// The kind of the values, `None` for an empty table.
    #[must_use]
    pub fn value_kind(&self) -> Option<ValueKind> {
        match &self.categories {
            Categories::Numbers(xs) if xs.is_empty() => None,
            Categories::Numbers(_) => Some(ValueKind::Number),
            Categories::Labels(_) => Some(ValueKind::Label),
        }
    }

    /// The unit identifiers, in order of first appearance.
    pub fn unit_names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.unit_names.iter().map(|name| &**name)
    }

    /// The rater identifiers, in order of first appearance.
    pub fn rater_names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.rater_names.iter().map(|name| &**name)
    }

    /// The category codes of unit `u`, sorted (empty for an unknown unit).
    pub(super) fn unit_codes(&self, u: usize) -> &[u32] {
        match (self.offsets.get(u), self.offsets.get(u + 1)) {
            (Some(&start), Some(&end)) => self
                .codes
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }

    /// The number of ratings of every unit, in unit order.
    pub(super) fn unit_sizes(&self) -> impl Iterator<Item = usize> + '_ {
        self.offsets.windows(2).map(|w| (w[1] - w[0]) as usize)
    }

    /// The sorted distinct values.
    pub(super) fn categories(&self) -> &Categories {
        &self.categories
    }
}
