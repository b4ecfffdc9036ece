//! The rating table: interned units and raters, values grouped by unit.
//!
//! Building is a single pass over the rows with no allocation per row: identifiers and
//! values are interned on arrival into open-addressing hash tables (identifiers stored end
//! to end in one buffer), and the table is then laid out by unit in linear time (no sort
//! when the rows already come grouped by unit, as files usually do). The hash is fast and
//! not keyed: an input crafted to collide would be slow, not wrong.

use super::parallel::in_parallel;
use super::{AgreementError, Datum, ValueKind};

/// Largest number of rows (identifiers and offsets are stored as `u32`).
const MAX_ROWS: usize = u32::MAX as usize - 1;

/// The odd multiplier of the hash functions (2^64 divided by the golden ratio).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// A fast hash of a short byte string, eight bytes at a time (the `FxHash` scheme). The
/// table index is taken from the high bits, which depend on every input bit.
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(GOLDEN);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(GOLDEN);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(GOLDEN);
    }
    h
}

/// A hash of the bits of a double.
fn hash_bits(bits: u64) -> u64 {
    (bits ^ (bits >> 31)).wrapping_mul(GOLDEN)
}

/// The slots of an open-addressing table (linear probing, load at most 1/2): `0` is an
/// empty slot, `id + 1` holds `id`.
#[derive(Debug, Clone, Default)]
struct Slots {
    slots: Vec<u32>,
    /// `64 − log2(slots.len())`: the index of a hash is `hash >> shift`.
    shift: u32,
}

impl Slots {
    /// Whether one more id (beyond `len`) needs a larger table.
    fn full(&self, len: usize) -> bool {
        (len + 1) * 2 > self.slots.len()
    }

    /// A table of twice the size (at least 16 slots) holding the ids of `hashes`.
    fn grown(&self, hashes: impl Iterator<Item = u64>) -> Self {
        let size = (self.slots.len() * 2).max(16);
        let mut grown = Self {
            slots: vec![0; size],
            shift: 64 - size.trailing_zeros(),
        };
        let mask = size - 1;
        for (id, h) in hashes.enumerate() {
            let mut i = grown.index(h);
            while grown.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            grown.slots[i] = id as u32 + 1;
        }
        grown
    }

    fn index(&self, hash: u64) -> usize {
        (hash >> self.shift) as usize
    }

    /// The id at the first slot from `hash` where `matches(id)` holds, or the empty slot
    /// where a new id goes (`Err`).
    #[inline(always)]
    fn find(&self, hash: u64, mut matches: impl FnMut(usize) -> bool) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = self.index(hash);
        loop {
            match self.slots[i] {
                0 => return Err(i),
                s => {
                    if matches(s as usize - 1) {
                        return Ok(s - 1);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }
}

/// Equality of short strings, inlined (identifiers are short: a call to `memcmp` costs
/// more than the comparison). Strings of 4 to 16 bytes are compared as two overlapping
/// words (the first and the last 4 or 8 bytes), shorter ones byte by byte.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if (8..=16).contains(&n) {
        word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8)
    } else if (4..8).contains(&n) {
        word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4)
    } else if n < 4 {
        let mut different = 0u8;
        for (x, y) in a.iter().zip(b) {
            different |= x ^ y;
        }
        different == 0
    } else {
        a == b
    }
}

/// The `N` bytes of `bytes` from `at` as an integer (`at + N <= bytes.len()`; 0 past the
/// end, never reached by the callers).
#[inline(always)]
fn word<const N: usize>(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    if let Some(part) = bytes.get(at..at + N) {
        w[..N].copy_from_slice(part);
    }
    u64::from_le_bytes(w)
}

/// Strings stored end to end in one buffer, indexed by dense ids.
#[derive(Debug, Clone, Default)]
struct Names {
    text: String,
    /// `ends[id]` is the end of string `id` in `text`.
    ends: Vec<usize>,
}

impl Names {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The string `id` (empty for an unknown id).
    fn get(&self, id: usize) -> &str {
        let start = match id.checked_sub(1) {
            Some(previous) => self.ends.get(previous).copied().unwrap_or_default(),
            None => 0,
        };
        let end = self.ends.get(id).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or_default()
    }

    /// Whether string `id` is `name` (false for an unknown id): the bytes are compared
    /// without the checks of [`get`](Self::get).
    #[inline]
    fn is(&self, id: usize, name: &str) -> bool {
        let Some(&end) = self.ends.get(id) else {
            return false;
        };
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        same_bytes(&self.text.as_bytes()[start..end], name.as_bytes())
    }

    /// Whether the last string is `name` (false when there is none).
    #[inline]
    fn last_is(&self, name: &str) -> bool {
        match self.ends.len() {
            0 => false,
            n => self.is(n - 1, name),
        }
    }

    fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len());
    }

    fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|id| self.get(id))
    }
}

/// Interns strings as dense `u32` ids in order of first appearance.
#[derive(Debug, Clone, Default)]
struct Interner {
    names: Names,
    hashes: Vec<u64>,
    slots: Slots,
}

impl Interner {
    /// The id of `name`, interning it when new. The caller bounds the number of ids.
    fn intern(&mut self, name: &str) -> u32 {
        if self.slots.full(self.names.len()) {
            self.slots = self.slots.grown(self.hashes.iter().copied());
        }
        let hash = hash_bytes(name.as_bytes());
        let (names, hashes) = (&self.names, &self.hashes);
        match self
            .slots
            .find(hash, |id| hashes[id] == hash && names.is(id, name))
        {
            Ok(id) => id,
            Err(slot) => {
                let id = self.names.len() as u32;
                self.names.push(name);
                self.hashes.push(hash);
                self.slots.slots[slot] = id + 1;
                id
            }
        }
    }
}

/// Interns finite numbers as dense `u32` ids in order of first appearance.
#[derive(Debug, Clone, Default)]
struct NumberInterner {
    values: Vec<f64>,
    slots: Slots,
}

impl NumberInterner {
    /// The id of `x` (compared bit for bit: the caller turns `-0.0` into `0.0`).
    #[inline]
    fn intern(&mut self, x: f64) -> u32 {
        let bits = x.to_bits();
        if !self.slots.slots.is_empty() {
            let values = &self.values;
            if let Ok(id) = self
                .slots
                .find(hash_bits(bits), |id| values[id].to_bits() == bits)
            {
                return id;
            }
        }
        self.insert(x)
    }

    /// Adds `x`, not interned yet.
    #[cold]
    #[inline(never)]
    fn insert(&mut self, x: f64) -> u32 {
        if self.slots.full(self.values.len()) {
            self.slots = self
                .slots
                .grown(self.values.iter().map(|v| hash_bits(v.to_bits())));
        }
        let bits = x.to_bits();
        let values = &self.values;
        match self
            .slots
            .find(hash_bits(bits), |id| values[id].to_bits() == bits)
        {
            Ok(id) => id,
            Err(slot) => {
                let id = self.values.len() as u32;
                self.values.push(x);
                self.slots.slots[slot] = id + 1;
                id
            }
        }
    }
}

/// The distinct values of the rows, by kind.
#[derive(Debug, Clone, Default)]
enum RawValues {
    /// No row yet.
    #[default]
    Empty,
    /// Finite numbers (`-0.0` stored as `0.0`).
    Numbers(NumberInterner),
    /// Labels.
    Labels(Interner),
}

/// A number interned by a [`RatingTableBuilder`] ([`RatingTableBuilder::intern_number`]),
/// to add rows without parsing or looking up their value again. An id is meaningful only
/// to the builder that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValueId(u32);

/// A rater interned by a [`RatingTableBuilder`] ([`RatingTableBuilder::intern_rater`]).
/// An id is meaningful only to the builder that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RaterId(u32);

/// Incremental builder of a [`RatingTable`], for rows that arrive one by one (for example
/// from a file reader).
///
/// [`push`](Self::push) checks each row as it comes (finite number, no mix of numbers and
/// labels); [`build`](Self::build) checks that no rater rated a unit twice.
///
/// Each row costs 12 bytes while building (unit, rater and value ids), plus each distinct
/// identifier and value once; `push` allocates nothing per row (numbers; a label passed as
/// `&str` is converted to a [`Datum`] first). Rows grouped by unit (all the rows of a unit
/// together, as files usually are) are the fastest: the previous unit is recognised
/// without hashing, and [`build`](Self::build) needs no reordering.
///
/// ```
/// use repere_core::agreement::{RatingTableBuilder, MeasurementLevel, krippendorff_alpha};
///
/// let mut builder = RatingTableBuilder::new();
/// for (unit, rater, value) in [("u1", "a", 2.0), ("u1", "b", 2.0), ("u2", "a", 1.0), ("u2", "b", 3.0)] {
///     builder.push(unit, rater, value)?;
/// }
/// let table = builder.build()?;
/// assert_eq!((table.units(), table.raters(), table.len()), (2, 2, 4));
/// let alpha = krippendorff_alpha(&table, MeasurementLevel::Interval)?;
/// assert!(alpha.value < 1.0);
/// # Ok::<(), repere_core::agreement::AgreementError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct RatingTableBuilder {
    /// The unit of each run of consecutive rows with the same unit, in input order; a
    /// unit that comes back after other units starts a new run (runs are merged into
    /// units by [`build`](Self::build)).
    runs: Names,
    raters: Interner,
    /// The first row of each run (rows are not given a unit each: a file of 200,000 units
    /// of 10 ratings stores 200,000 run starts, not 2 million unit ids).
    run_starts: Vec<u32>,
    row_raters: Vec<u32>,
    /// Datum ids (into `values`, in order of first appearance).
    row_values: Vec<u32>,
    values: RawValues,
    /// The rater of the last row (the next row's rater is often the next rater).
    last_rater: u32,
    /// Whether some run name is not greater than the one before (the runs are then not
    /// known to be distinct units without interning them).
    runs_unordered: bool,
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
            row_raters: Vec::with_capacity(rows),
            row_values: Vec::with_capacity(rows),
            ..Self::default()
        }
    }

    /// The number of rows accepted so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.row_raters.len()
    }

    /// Whether no row was accepted yet.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.row_raters.is_empty()
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
    #[inline]
    pub fn push(
        &mut self,
        unit: &str,
        rater: &str,
        value: impl Into<Datum>,
    ) -> Result<(), AgreementError> {
        let value = value.into();
        // The common case first: a finite number into a table of numbers.
        if let (RawValues::Numbers(numbers), Datum::Number(x)) = (&mut self.values, &value)
            && x.is_finite()
            && self.row_raters.len() < MAX_ROWS
        {
            let value_id = numbers.intern(x + 0.0);
            self.record(unit, rater, value_id);
            return Ok(());
        }
        self.push_value(unit, rater, value)
    }

    /// [`push`](Self::push) with every check.
    #[inline(never)]
    fn push_value(&mut self, unit: &str, rater: &str, value: Datum) -> Result<(), AgreementError> {
        let row = self.row_raters.len();
        if row >= MAX_ROWS {
            return Err(AgreementError::TooManyRows { max: MAX_ROWS });
        }
        let expected = match &self.values {
            RawValues::Empty => None,
            RawValues::Numbers(_) => Some(ValueKind::Number),
            RawValues::Labels(_) => Some(ValueKind::Label),
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
        if let Datum::Number(x) = value
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
        let value_id = match (&mut self.values, value) {
            (RawValues::Numbers(numbers), Datum::Number(x)) => numbers.intern(x + 0.0),
            (RawValues::Labels(labels), Datum::Label(s)) => labels.intern(&s),
            (values, Datum::Number(x)) => {
                let mut numbers = NumberInterner::default();
                let id = numbers.intern(x + 0.0);
                *values = RawValues::Numbers(numbers);
                id
            }
            (values, Datum::Label(s)) => {
                let mut labels = Interner::default();
                let id = labels.intern(&s);
                *values = RawValues::Labels(labels);
                id
            }
        };
        self.record(unit, rater, value_id);
        Ok(())
    }

    /// Interns the number `x` for [`push_interned`](Self::push_interned): `None` when `x`
    /// is not finite or the builder holds labels. `-0.0` is the same value as `0.0`. A value
    /// interned and never used in a row still counts in
    /// [`RatingTable::distinct_values`] (not in alpha, which counts pairable values).
    ///
    /// A reader that sees the same few values again and again (the points of a scale) can
    /// keep the id of each value text and skip both the number parsing and the lookup of
    /// [`push`](Self::push); see [`push_interned`](Self::push_interned).
    pub fn intern_number(&mut self, x: f64) -> Option<ValueId> {
        if !x.is_finite() {
            return None;
        }
        match &mut self.values {
            RawValues::Numbers(numbers) => Some(ValueId(numbers.intern(x + 0.0))),
            RawValues::Labels(_) => None,
            values @ RawValues::Empty => {
                let mut numbers = NumberInterner::default();
                let id = numbers.intern(x + 0.0);
                *values = RawValues::Numbers(numbers);
                Some(ValueId(id))
            }
        }
    }

    /// Interns the rater `name` for [`push_interned`](Self::push_interned). A rater
    /// interned and never used in a row still counts in [`RatingTable::raters`].
    pub fn intern_rater(&mut self, name: &str) -> RaterId {
        RaterId(self.raters.intern(name))
    }

    /// Adds the rating `value` of `unit` by `rater`, both interned by this builder
    /// ([`intern_number`](Self::intern_number), [`intern_rater`](Self::intern_rater)).
    ///
    /// ```
    /// use repere_core::agreement::RatingTableBuilder;
    ///
    /// let mut builder = RatingTableBuilder::new();
    /// let (a, b) = (builder.intern_rater("a"), builder.intern_rater("b"));
    /// let three = builder.intern_number(3.0).expect("a finite number");
    /// builder.push_interned("u1", a, three)?;
    /// builder.push_interned("u1", b, three)?;
    /// builder.push("u2", "a", 3.0)?; // mixes freely with `push`
    /// assert_eq!(builder.intern_number(3.0), Some(three));
    /// assert_eq!(builder.intern_number(f64::NAN), None);
    /// let table = builder.build()?;
    /// assert_eq!((table.units(), table.raters(), table.distinct_values()), (2, 2, 1));
    /// # Ok::<(), repere_core::agreement::AgreementError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AgreementError::ForeignId`] for an id this builder did not make,
    /// [`AgreementError::TooManyRows`] beyond `u32::MAX − 1` rows. A rejected row leaves
    /// the builder unchanged.
    #[inline(always)]
    pub fn push_interned(
        &mut self,
        unit: &str,
        rater: RaterId,
        value: ValueId,
    ) -> Result<(), AgreementError> {
        let values = match &self.values {
            RawValues::Numbers(numbers) => numbers.values.len(),
            RawValues::Empty | RawValues::Labels(_) => 0,
        };
        let row = self.row_raters.len();
        if value.0 as usize >= values || rater.0 as usize >= self.raters.names.len() {
            return Err(AgreementError::ForeignId { row });
        }
        if row >= MAX_ROWS {
            return Err(AgreementError::TooManyRows { max: MAX_ROWS });
        }
        self.record_ids(unit, rater.0, value.0);
        Ok(())
    }

    /// Records a valid row.
    #[inline(always)]
    fn record(&mut self, unit: &str, rater: &str, value_id: u32) {
        // Files often list the raters of a unit in the same order: try the rater after the
        // last one before hashing.
        let next = match self.last_rater as usize + 1 {
            n if n < self.raters.names.len() => n,
            _ => 0,
        };
        let rater_id = if self.raters.names.is(next, rater) {
            next as u32
        } else {
            self.raters.intern(rater)
        };
        self.last_rater = rater_id;
        self.record_ids(unit, rater_id, value_id);
    }

    /// Records a valid row of interned rater and value. Rows usually come grouped by unit:
    /// a unit is hashed only when building, and not at all when the runs come sorted.
    #[inline(always)]
    fn record_ids(&mut self, unit: &str, rater_id: u32, value_id: u32) {
        if !self.runs.last_is(unit) {
            if let Some(last) = self.runs.len().checked_sub(1)
                && self.runs.get(last) > unit
            {
                self.runs_unordered = true;
            }
            self.runs.push(unit);
            self.run_starts.push(self.row_raters.len() as u32);
        }
        self.row_raters.push(rater_id);
        self.row_values.push(value_id);
    }

    /// Appends the rows of `other` after the rows of `self`, as if they had been pushed to
    /// `self` in that order: for builders filled in parallel from consecutive parts of
    /// the input. Row numbers in later errors are positions in the combined sequence.
    ///
    /// Cost: O(rows of `other` + its distinct identifiers and values).
    ///
    /// ```
    /// use repere_core::agreement::{RatingTable, RatingTableBuilder};
    ///
    /// let mut first = RatingTableBuilder::new();
    /// first.push("u1", "a", 1.0)?;
    /// first.push("u1", "b", 2.0)?;
    /// let mut second = RatingTableBuilder::new();
    /// second.push("u1", "c", 2.0)?; // the same unit goes on
    /// second.push("u2", "a", 3.0)?;
    /// first.append(second)?;
    /// let table = first.build()?;
    /// assert_eq!((table.units(), table.raters(), table.len()), (2, 3, 4));
    /// # Ok::<(), repere_core::agreement::AgreementError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AgreementError::MixedValueKinds`] when one builder holds numbers and the other
    /// labels, [`AgreementError::TooManyRows`] when the rows would exceed `u32::MAX − 1`.
    /// On error `self` is unchanged.
    pub fn append(&mut self, other: RatingTableBuilder) -> Result<(), AgreementError> {
        if other.is_empty() {
            return Ok(());
        }
        let row = self.len();
        if row + other.len() > MAX_ROWS {
            return Err(AgreementError::TooManyRows { max: MAX_ROWS });
        }
        let kind = |values: &RawValues| match values {
            RawValues::Empty => None,
            RawValues::Numbers(_) => Some(ValueKind::Number),
            RawValues::Labels(_) => Some(ValueKind::Label),
        };
        if let (Some(expected), Some(found)) = (kind(&self.values), kind(&other.values))
            && expected != found
        {
            let rater = other.row_raters.first().copied().unwrap_or_default();
            return Err(AgreementError::MixedValueKinds {
                unit: other.runs.get(0).to_owned(),
                rater: other.raters.names.get(rater as usize).to_owned(),
                row,
                expected,
                found,
            });
        }
        // Datum ids of `other` → ids of `self` (`None`: the same ids).
        let value_map: Option<Vec<u32>> = match (&mut self.values, other.values) {
            (RawValues::Numbers(mine), RawValues::Numbers(theirs)) => {
                Some(theirs.values.iter().map(|&x| mine.intern(x)).collect())
            }
            (RawValues::Labels(mine), RawValues::Labels(theirs)) => {
                Some(theirs.names.iter().map(|name| mine.intern(name)).collect())
            }
            (mine, theirs) => {
                // `self` has no row yet (kinds were checked above).
                *mine = theirs;
                None
            }
        };
        let rater_map: Vec<u32> = other
            .raters
            .names
            .iter()
            .map(|name| self.raters.intern(name))
            .collect();
        // Runs: the first run of `other` continues the last run of `self` when they name the
        // same unit.
        let ordered = match self.runs.len().checked_sub(1) {
            Some(last) => self.runs.get(last) <= other.runs.get(0),
            None => true,
        };
        self.runs_unordered |= other.runs_unordered || !ordered;
        let joined = self
            .runs
            .len()
            .checked_sub(1)
            .is_some_and(|last| self.runs.get(last) == other.runs.get(0));
        for run in usize::from(joined)..other.runs.len() {
            self.runs.push(other.runs.get(run));
        }
        let shift = row as u32;
        self.run_starts.extend(
            other.run_starts[usize::from(joined)..]
                .iter()
                .map(|&start| start + shift),
        );
        self.row_raters
            .extend(other.row_raters.iter().map(|&r| rater_map[r as usize]));
        match value_map {
            Some(map) => self
                .row_values
                .extend(other.row_values.iter().map(|&v| map[v as usize])),
            None => self.row_values.extend_from_slice(&other.row_values),
        }
        self.last_rater = rater_map[other.last_rater as usize];
        Ok(())
    }

    /// Builds one table from builders filled from consecutive parts of the input, in
    /// order, with up to `threads` threads: the same table, and the same errors, as
    /// [`append`](Self::append)ing them in order and calling [`build`](Self::build).
    ///
    /// When no unit has rows in two parts (as when a file grouped by unit is cut between
    /// units), each part is built on its own thread and the parts are then joined:
    /// duplicates checked, values ranked and sorted within units part by part. Otherwise the
    /// parts are appended and built on one thread.
    ///
    /// ```
    /// use repere_core::agreement::{RatingTableBuilder, krippendorff_alpha, MeasurementLevel};
    ///
    /// let rows = [("u1", "a", 1.0), ("u1", "b", 2.0), ("u2", "a", 3.0), ("u2", "b", 3.0)];
    /// let mut parts = vec![RatingTableBuilder::new(), RatingTableBuilder::new()];
    /// for (i, &(unit, rater, value)) in rows.iter().enumerate() {
    ///     parts[i / 2].push(unit, rater, value)?;
    /// }
    /// let table = RatingTableBuilder::build_parts(parts, 2)?;
    /// assert_eq!((table.units(), table.raters(), table.len()), (2, 2, 4));
    /// # Ok::<(), repere_core::agreement::AgreementError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`append`](Self::append) and [`build`](Self::build); row numbers are positions
    /// in the parts taken in order.
    pub fn build_parts(
        parts: Vec<RatingTableBuilder>,
        threads: usize,
    ) -> Result<RatingTable, AgreementError> {
        // Parts with nothing at all change nothing; a part with interned raters or values
        // but no rows goes the sequential way, which keeps them as `append` does.
        let mut parts: Vec<RatingTableBuilder> = parts
            .into_iter()
            .filter(|p| {
                !(p.is_empty() && p.raters.names.len() == 0 && matches!(p.values, RawValues::Empty))
            })
            .collect();
        let rows: usize = parts.iter().map(Self::len).sum();
        if parts.len() > 1
            && threads > 1
            && rows <= MAX_ROWS
            && !parts.iter().any(Self::is_empty)
            && separate_units(&parts)
        {
            let kinds = parts.iter().map(|p| match p.values {
                RawValues::Labels(_) => Some(ValueKind::Label),
                RawValues::Numbers(_) => Some(ValueKind::Number),
                RawValues::Empty => None,
            });
            let mut kinds = kinds.flatten();
            let first = kinds.next();
            if kinds.all(|k| Some(k) == first) {
                let firsts: Vec<usize> = parts
                    .iter()
                    .scan(0, |row, p| {
                        let first = *row;
                        *row += p.len();
                        Some(first)
                    })
                    .collect();
                let built = in_parallel(parts, threads, RatingTableBuilder::build);
                let mut tables = Vec::with_capacity(built.len());
                for (result, first_row) in built.into_iter().zip(firsts) {
                    match result {
                        Ok(table) => tables.push(table),
                        Err(AgreementError::DuplicateRating {
                            unit,
                            rater,
                            row,
                            first_row: first,
                        }) => {
                            return Err(AgreementError::DuplicateRating {
                                unit,
                                rater,
                                row: row + first_row,
                                first_row: first + first_row,
                            });
                        }
                        Err(other) => return Err(other),
                    }
                }
                return Ok(RatingTable::join(tables, threads));
            }
        }
        let mut whole = if parts.is_empty() {
            Self::new()
        } else {
            parts.remove(0)
        };
        for part in parts {
            whole.append(part)?;
        }
        whole.build()
    }

    /// Finishes the table.
    ///
    /// Cost: O(rows + V log V) time (V = distinct values) and O(rows) memory; rows that
    /// come grouped by unit are not reordered.
    ///
    /// # Errors
    ///
    /// [`AgreementError::DuplicateRating`] when a rater rated a unit twice; when there
    /// are several such rows, the error names the earliest duplicate row.
    pub fn build(self) -> Result<RatingTable, AgreementError> {
        let Self {
            runs,
            run_starts,
            raters,
            row_raters,
            row_values,
            values,
            last_rater: _,
            runs_unordered,
        } = self;
        let rater_names = raters.names;
        let rows = row_raters.len();
        let run_end = |i: usize| run_starts.get(i + 1).map_or(rows, |&s| s as usize);

        // Units from runs: when the run names are strictly increasing (rows grouped by unit,
        // units sorted, as generated files are) every run is a distinct unit; otherwise the
        // runs are interned, in order of first appearance.
        let sorted = !runs_unordered;
        let (unit_names, unit_of_run) = if sorted {
            (runs, None)
        } else {
            let mut units = Interner::default();
            let unit_of_run: Vec<u32> = runs.iter().map(|name| units.intern(name)).collect();
            if unit_of_run.len() == units.names.len() {
                // Every run is a distinct unit: unit ids are run ids.
                (units.names, None)
            } else {
                (units.names, Some(unit_of_run))
            }
        };
        let units = unit_names.len();

        // Offsets of the units; when a unit comes in several runs, `perm` lists the rows
        // unit by unit (a stable counting sort of the runs: input order within a unit).
        let (offsets, perm) = match &unit_of_run {
            None => {
                let mut offsets = run_starts.clone();
                offsets.push(rows as u32);
                (offsets, None)
            }
            Some(unit_of_run) => {
                let mut offsets = vec![0u32; units + 1];
                for (run, &u) in unit_of_run.iter().enumerate() {
                    offsets[u as usize + 1] += (run_end(run) - run_starts[run] as usize) as u32;
                }
                for i in 1..offsets.len() {
                    offsets[i] += offsets[i - 1];
                }
                let mut next: Vec<u32> = offsets[..units].to_vec();
                let mut perm = vec![0u32; rows];
                for (run, &u) in unit_of_run.iter().enumerate() {
                    for row in run_starts[run] as usize..run_end(run) {
                        let slot = &mut next[u as usize];
                        perm[*slot as usize] = row as u32;
                        *slot += 1;
                    }
                }
                (offsets, Some(perm))
            }
        };
        drop(unit_of_run);
        drop(run_starts);

        // Category codes: ranks of the distinct values once sorted.
        let (categories, order) = match values {
            RawValues::Empty => (Categories::Numbers(Vec::new()), Vec::new()),
            RawValues::Numbers(numbers) => {
                let xs = numbers.values;
                let mut order: Vec<u32> = (0..xs.len() as u32).collect();
                order.sort_unstable_by(|&a, &b| xs[a as usize].total_cmp(&xs[b as usize]));
                let sorted = order.iter().map(|&id| xs[id as usize]).collect();
                (Categories::Numbers(sorted), order)
            }
            RawValues::Labels(labels) => {
                let names = labels.names;
                let mut order: Vec<u32> = (0..names.len() as u32).collect();
                order.sort_unstable_by(|&a, &b| names.get(a as usize).cmp(names.get(b as usize)));
                let sorted = order
                    .iter()
                    .map(|&id| names.get(id as usize).into())
                    .collect();
                (Categories::Labels(sorted), order)
            }
        };
        let mut rank = vec![0u32; order.len()];
        for (position, &id) in order.iter().enumerate() {
            rank[id as usize] = position as u32;
        }
        drop(order);

        // One pass unit by unit: duplicates (the last unit in which each rater was seen, and
        // the row), codes, codes sorted within the unit.
        let mut codes = match &perm {
            None => row_values,
            Some(perm) => perm.iter().map(|&row| row_values[row as usize]).collect(),
        };
        let row_at = |slot: usize| -> usize { perm.as_ref().map_or(slot, |p| p[slot] as usize) };
        let mut seen_unit = vec![u32::MAX; rater_names.len()];
        let mut seen_row = vec![0u32; rater_names.len()];
        let mut duplicate: Option<(u32, u32, u32, u32)> = None; // (row, first_row, unit, rater)
        for (u, window) in offsets.windows(2).enumerate() {
            let unit = u as u32;
            let (start, end) = (window[0] as usize, window[1] as usize);
            for slot in start..end {
                let row = row_at(slot);
                let r = row_raters[row] as usize;
                if seen_unit[r] == unit {
                    if duplicate.is_none_or(|(best, ..)| (row as u32) < best) {
                        duplicate = Some((row as u32, seen_row[r], unit, r as u32));
                    }
                } else {
                    seen_unit[r] = unit;
                    seen_row[r] = row as u32;
                }
                codes[slot] = rank[codes[slot] as usize];
            }
            // For short slices of `u32` the standard unstable sort uses a branchless sorting
            // network: much faster here than an insertion sort.
            codes[start..end].sort_unstable();
        }
        if let Some((row, first_row, unit, rater)) = duplicate {
            return Err(AgreementError::DuplicateRating {
                unit: unit_names.get(unit as usize).to_owned(),
                rater: rater_names.get(rater as usize).to_owned(),
                row: row as usize,
                first_row: first_row as usize,
            });
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

/// Whether no unit has rows in two of `parts`: the run names of each part are strictly
/// increasing and each part's last unit comes before the next part's first (checked
/// without hashing), or else no name is found in two parts (checked by interning).
fn separate_units(parts: &[RatingTableBuilder]) -> bool {
    let ordered = parts.windows(2).all(|w| {
        let last = w[0].runs.len().checked_sub(1).map(|i| w[0].runs.get(i));
        last.is_some_and(|last| last < w[1].runs.get(0))
    });
    if ordered && parts.iter().all(|p| !p.runs_unordered) {
        return true;
    }
    let mut names = Interner::default();
    let mut owner: Vec<usize> = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        for name in part.runs.iter() {
            let id = names.intern(name) as usize;
            if id == owner.len() {
                owner.push(k);
            } else if owner[id] != k {
                return false;
            }
        }
    }
    true
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
    unit_names: Names,
    rater_names: Names,
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
        V: Into<Datum>,
    {
        let rows = rows.into_iter();
        let mut builder = RatingTableBuilder::with_capacity(rows.size_hint().0);
        for (unit, rater, value) in rows {
            builder.push(unit.as_ref(), rater.as_ref(), value)?;
        }
        builder.build()
    }

    /// Joins tables of disjoint units, in order: raters and values are merged (in order
    /// of first appearance, and sorted), codes renumbered (on up to `threads` threads).
    fn join(mut tables: Vec<RatingTable>, threads: usize) -> RatingTable {
        let mut raters = Interner::default();
        for table in &tables {
            for name in table.rater_names.iter() {
                raters.intern(name);
            }
        }
        // The merged sorted values, and each table's codes → merged codes.
        let (categories, maps) = match tables.first().map(|t| &t.categories) {
            Some(Categories::Labels(_)) => {
                let mut all: Vec<&str> = tables
                    .iter()
                    .filter_map(|t| match &t.categories {
                        Categories::Labels(labels) => Some(labels.iter().map(|l| &**l)),
                        Categories::Numbers(_) => None,
                    })
                    .flatten()
                    .collect();
                all.sort_unstable();
                all.dedup();
                let maps = tables
                    .iter()
                    .map(|t| match &t.categories {
                        Categories::Labels(labels) => labels
                            .iter()
                            .map(|l| all.binary_search(&&**l).unwrap_or_default() as u32)
                            .collect(),
                        Categories::Numbers(_) => Vec::new(),
                    })
                    .collect::<Vec<Vec<u32>>>();
                let all = all.into_iter().map(Box::from).collect();
                (Categories::Labels(all), maps)
            }
            _ => {
                let mut all: Vec<f64> = tables
                    .iter()
                    .filter_map(|t| match &t.categories {
                        Categories::Numbers(xs) => Some(xs.iter().copied()),
                        Categories::Labels(_) => None,
                    })
                    .flatten()
                    .collect();
                all.sort_unstable_by(f64::total_cmp);
                all.dedup_by(|a, b| a.to_bits() == b.to_bits());
                let maps = tables
                    .iter()
                    .map(|t| match &t.categories {
                        Categories::Numbers(xs) => xs
                            .iter()
                            .map(|x| {
                                all.binary_search_by(|y| y.total_cmp(x)).unwrap_or_default() as u32
                            })
                            .collect(),
                        Categories::Labels(_) => Vec::new(),
                    })
                    .collect::<Vec<Vec<u32>>>();
                (Categories::Numbers(all), maps)
            }
        };
        // Unit names and offsets: the first table's, extended by the others'.
        let (mut unit_names, mut offsets) = match tables.first_mut() {
            Some(first) => (
                std::mem::take(&mut first.unit_names),
                std::mem::take(&mut first.offsets),
            ),
            None => (Names::default(), Vec::new()),
        };
        offsets.pop();
        let mut rows = tables.first().map_or(0, |t| t.codes.len() as u32);
        for table in tables.iter().skip(1) {
            let text = unit_names.text.len();
            unit_names.text.push_str(&table.unit_names.text);
            unit_names
                .ends
                .extend(table.unit_names.ends.iter().map(|&end| end + text));
            let units = table.offsets.len().saturating_sub(1);
            offsets.extend(table.offsets[..units].iter().map(|&o| o + rows));
            rows += table.codes.len() as u32;
        }
        offsets.push(rows);
        // Codes renumbered into one vector, each table's slice filled by one thread.
        let mut codes = vec![0u32; rows as usize];
        let mut slices = Vec::with_capacity(tables.len());
        let mut rest: &mut [u32] = &mut codes;
        for (table, map) in tables.iter().zip(&maps) {
            let (mine, after) = rest.split_at_mut(table.codes.len());
            slices.push((mine, &table.codes, map));
            rest = after;
        }
        in_parallel(slices, threads, |(out, codes, map)| {
            for (o, &c) in out.iter_mut().zip(codes.iter()) {
                *o = map[c as usize];
            }
        });
        RatingTable {
            unit_names,
            rater_names: raters.names,
            offsets,
            codes,
            categories,
        }
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
        self.unit_names.iter()
    }

    /// The rater identifiers, in order of first appearance.
    pub fn rater_names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.rater_names.iter()
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

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (&'static str, &'static str, f64);

    fn build(rows: &[Row]) -> Result<RatingTable, AgreementError> {
        RatingTable::from_rows(rows.iter().copied())
    }

    /// The table as `(unit, sorted values)` in unit order, with the rater names.
    fn layout(table: &RatingTable) -> (Vec<(String, Vec<f64>)>, Vec<String>) {
        let Categories::Numbers(values) = table.categories() else {
            panic!("numbers expected");
        };
        let units = table
            .unit_names()
            .enumerate()
            .map(|(u, name)| {
                let codes = table.unit_codes(u);
                (
                    name.to_owned(),
                    codes.iter().map(|&c| values[c as usize]).collect(),
                )
            })
            .collect();
        (units, table.rater_names().map(str::to_owned).collect())
    }

    /// Pushes `rows` into one builder, and into builders of every split in two, appended.
    fn all_ways(rows: &[Row]) -> Vec<Result<RatingTable, AgreementError>> {
        let mut out = vec![build(rows)];
        for cut in 0..=rows.len() {
            let mut first = RatingTableBuilder::new();
            let mut second = RatingTableBuilder::new();
            for &(u, r, v) in &rows[..cut] {
                first.push(u, r, v).unwrap();
            }
            for &(u, r, v) in &rows[cut..] {
                second.push(u, r, v).unwrap();
            }
            let parts = vec![first.clone(), second.clone()];
            out.push(RatingTableBuilder::build_parts(parts, 2));
            out.push(first.append(second).and_then(|()| first.build()));
        }
        // Three parts, one row each at the start.
        if rows.len() >= 3 {
            let mut parts = vec![RatingTableBuilder::new(); 3];
            for (i, &(u, r, v)) in rows.iter().enumerate() {
                parts[i.min(2)].push(u, r, v).unwrap();
            }
            out.push(RatingTableBuilder::build_parts(parts, 2));
        }
        out
    }

    #[test]
    fn parts_of_separate_units_join_like_one_build() {
        // 30 units, raters a–e (some missing), values that differ from part to part,
        // listed unit by unit, then the same rows listed by rater (units in every part).
        let mut by_unit = Vec::new();
        for u in 0..30u32 {
            for (k, r) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
                if !(u + k as u32).is_multiple_of(4) {
                    let value = f64::from((u * 7 + k as u32 * 3) % 11) - 5.0 + f64::from(u / 10);
                    by_unit.push((format!("u{u:02}"), r, value));
                }
            }
        }
        let mut by_rater = by_unit.clone();
        by_rater.sort_by(|a, b| a.1.cmp(b.1));
        for rows in [&by_unit, &by_rater] {
            let whole = RatingTable::from_rows(rows.iter().map(|(u, r, v)| (u, r, *v))).unwrap();
            for cuts in [vec![40], vec![10, 50, 90], vec![3, 4, 100]] {
                let mut parts = vec![RatingTableBuilder::new(); cuts.len() + 1];
                for (i, (u, r, v)) in rows.iter().enumerate() {
                    let part = cuts.iter().filter(|&&c| i >= c).count();
                    parts[part].push(u, r, *v).unwrap();
                }
                for threads in [1, 2, 3] {
                    let joined = RatingTableBuilder::build_parts(parts.clone(), threads).unwrap();
                    assert_eq!(layout(&joined), layout(&whole), "{cuts:?} {threads}");
                    assert_eq!(joined.distinct_values(), whole.distinct_values());
                    assert_eq!(joined.offsets, whole.offsets);
                    assert_eq!(joined.codes, whole.codes);
                }
            }
        }
        // Labels, and a duplicate found in the second part with its row in the whole.
        let labels = [
            ("u1", "a", "yes"),
            ("u1", "b", "no"),
            ("u2", "a", "maybe"),
            ("u2", "b", "yes"),
        ];
        let mut parts = vec![RatingTableBuilder::new(), RatingTableBuilder::new()];
        for (i, &(u, r, v)) in labels.iter().enumerate() {
            parts[i / 2].push(u, r, v).unwrap();
        }
        let joined = RatingTableBuilder::build_parts(parts.clone(), 2).unwrap();
        let whole = RatingTable::from_rows(labels).unwrap();
        assert_eq!(joined.codes, whole.codes);
        assert!(matches!(joined.categories(), Categories::Labels(l) if l.len() == 3));
        // A part with an interned rater but no row keeps its rater, as `append` does.
        let mut interned = RatingTableBuilder::new();
        interned.intern_rater("z");
        let joined = RatingTableBuilder::build_parts(vec![interned, parts[1].clone()], 2).unwrap();
        assert_eq!(joined.rater_names().collect::<Vec<_>>(), ["z", "a", "b"]);
        parts[1].push("u3", "a", "no").unwrap();
        parts[1].push("u3", "a", "yes").unwrap();
        assert!(matches!(
            RatingTableBuilder::build_parts(parts, 2),
            Err(AgreementError::DuplicateRating {
                row: 5,
                first_row: 4,
                ..
            })
        ));
    }

    #[test]
    fn units_that_come_back_are_one_unit() {
        let rows = [
            ("u2", "a", 1.0),
            ("u1", "a", 2.0),
            ("u2", "b", 3.0),
            ("u1", "b", 2.0),
            ("u3", "a", 5.0),
        ];
        for table in all_ways(&rows) {
            let table = table.unwrap();
            let (units, raters) = layout(&table);
            assert_eq!(
                units,
                [
                    ("u2".to_owned(), vec![1.0, 3.0]),
                    ("u1".to_owned(), vec![2.0, 2.0]),
                    ("u3".to_owned(), vec![5.0]),
                ]
            );
            assert_eq!(raters, ["a", "b"]);
            assert_eq!(table.len(), 5);
        }
    }

    #[test]
    fn sorted_and_unsorted_runs_agree() {
        // Sorted units (no hashing of units), unsorted but distinct, and repeated.
        let sorted = [
            ("a", "x", 1.0),
            ("a", "y", 2.0),
            ("b", "x", 3.0),
            ("b", "y", 3.0),
        ];
        let unsorted = [
            ("b", "x", 3.0),
            ("b", "y", 3.0),
            ("a", "x", 1.0),
            ("a", "y", 2.0),
        ];
        let repeated = [
            ("a", "x", 1.0),
            ("b", "x", 3.0),
            ("a", "y", 2.0),
            ("b", "y", 3.0),
        ];
        let (s, _) = layout(&build(&sorted).unwrap());
        let (mut u, _) = layout(&build(&unsorted).unwrap());
        let (r, _) = layout(&build(&repeated).unwrap());
        u.reverse();
        assert_eq!(s, u);
        assert_eq!(s, r);
    }

    #[test]
    fn duplicates_are_found_across_runs_and_appends() {
        let cases: [(&[Row], (usize, usize)); 3] = [
            (&[("u1", "a", 1.0), ("u1", "a", 2.0)], (1, 0)),
            (
                &[("u1", "a", 1.0), ("u2", "a", 2.0), ("u1", "a", 3.0)],
                (2, 0),
            ),
            (
                &[
                    ("u1", "a", 1.0),
                    ("u1", "b", 1.0),
                    ("u2", "a", 2.0),
                    ("u2", "a", 2.0),
                    ("u1", "b", 3.0),
                ],
                (3, 2),
            ),
        ];
        for (rows, (row, first_row)) in cases {
            for result in all_ways(rows) {
                match result {
                    Err(AgreementError::DuplicateRating {
                        row: got,
                        first_row: got_first,
                        ..
                    }) => assert_eq!((got, got_first), (row, first_row), "{rows:?}"),
                    other => panic!("{rows:?}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn append_checks_the_kinds_and_keeps_self() {
        let mut numbers = RatingTableBuilder::new();
        numbers.push("u1", "a", 1.0).unwrap();
        let mut labels = RatingTableBuilder::new();
        labels.push("u1", "b", "yes").unwrap();
        let err = numbers.append(labels).unwrap_err();
        assert!(matches!(
            err,
            AgreementError::MixedValueKinds { row: 1, ref unit, ref rater, .. }
                if unit == "u1" && rater == "b"
        ));
        assert_eq!(numbers.len(), 1);
        numbers.append(RatingTableBuilder::new()).unwrap();
        let mut empty = RatingTableBuilder::new();
        empty.append(numbers).unwrap();
        assert_eq!(empty.build().unwrap().len(), 1);
    }

    #[test]
    fn names_and_hashes() {
        let mut interner = Interner::default();
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(interner.intern(w) as usize, i);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(interner.intern(w) as usize, i);
            assert!(interner.names.is(i, w));
        }
        assert_eq!(interner.intern(""), 1000);
        assert!(interner.names.is(1000, ""));
        assert!(!interner.names.is(1001, ""));
        assert!(interner.names.last_is(""));
        let mut numbers = NumberInterner::default();
        for i in 0..1000 {
            assert_eq!(numbers.intern(f64::from(i) / 10.0), i as u32);
        }
        assert_eq!(numbers.intern(0.5), 5);
        assert!(same_bytes(b"abc", b"abc") && !same_bytes(b"abc", b"abd"));
        let long = "x".repeat(40);
        assert!(same_bytes(long.as_bytes(), long.as_bytes()));
    }
}
