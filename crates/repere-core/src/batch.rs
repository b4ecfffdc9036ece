//! Batch scoring: many assessments of one grid as a dense matrix, scored as the [`Scorer`]
//! scores them, without building a scorecard per assessment.
//!
//! An observatory scores hundreds or millions of assessments on one grid and one profile, and
//! only wants the numbers: each dimension's score, the overall score and the completeness.
//! [`BatchScorer`] takes each assessment as one row of *cells*, one per criterion in grid
//! order ([`Grid::criteria`]): the criterion's normalised score in [0, 1], or
//! [`NOT_ASSESSED`] (NaN), or [`NOT_APPLICABLE`] (−∞). It applies the profile as [`Scorer`]
//! does (rules, weights, minimum completeness, gates) and gives the same numbers bit for bit
//! (a test checks it on random assessments): a weighted mean is computed in one pass over
//! weights rescaled once by a power of two, which is exactly what [`Aggregation::apply`]
//! computes whenever the weights lie within 2^±400 of one another and no score lies below
//! 2^-500 (otherwise the row falls back to [`Aggregation::apply`] itself).
//!
//! What a row does not carry: a phase (a criterion the grid does not rate at some phase is
//! simply a cell the caller marks not applicable) and a band (see [`BatchScorer::band`]).
//!
//! [`stats`] summarises the rows across processes: distributions per criterion and dimension,
//! the criteria weak everywhere, rankings with ties.

pub mod stats;

use crate::profile::WeightScale;
use crate::{
    Aggregation, Cap, CriterionStatus, GateTarget, Grid, Profile, ScoreError, Scorecard, Scorer,
    Threshold, Value, ValueError,
};

/// A cell of a criterion that was not assessed.
pub const NOT_ASSESSED: f64 = f64::NAN;
/// A cell of a criterion that does not apply.
pub const NOT_APPLICABLE: f64 = f64::NEG_INFINITY;

/// Whether a cell holds a score (neither [`NOT_ASSESSED`] nor [`NOT_APPLICABLE`]).
#[inline]
pub fn is_rated(cell: f64) -> bool {
    cell >= 0.0
}

/// The smallest score the one-pass weighted mean is exact for (2^-500).
const TINY_SCORE: f64 = 3.054936363499605e-151;

/// A gate, prepared: which criterion, below what, what it caps and how far.
#[derive(Debug, Clone)]
struct PreparedGate {
    criterion: usize,
    threshold: f64,
    /// `None` for the overall score.
    dimension: Option<usize>,
    cap: f64,
    band_cap: Option<usize>,
}

/// A grid and a profile prepared for scoring rows of cells ([module docs](self)).
///
/// ```
/// # use repere_core::*;
/// # let id = |s: &str| Id::new(s).unwrap();
/// # let en = |s: &str| Text::new(Lang::en(), s);
/// # let mut draft = GridDraft::new(id("demo"), "1", en("Demo"), Lang::en());
/// # draft.scales.push(Scale { id: id("pct"), label: en("%"), kind: ScaleKind::Percentage });
/// # let mut dim = Dimension::new(id("info"), en("Information"));
/// # dim.criteria.push(Criterion::new(id("aware"), en("Awareness"), id("pct")));
/// # dim.criteria.push(Criterion::new(id("access"), en("Access"), id("pct")));
/// # draft.dimensions.push(dim);
/// # let grid = Grid::new(draft)?;
/// use repere_core::batch::{BatchScorer, NOT_ASSESSED};
/// let profile = grid.default_profile();
/// let batch = BatchScorer::new(&grid, &profile)?;
/// let mut out = vec![0.0; batch.row_width()];
/// batch.score_row(&[0.5, NOT_ASSESSED], &mut out);
/// assert_eq!(out[0], 0.5); // the dimension: the mean of what was rated
/// assert!(out[1].is_nan()); // no overall score in the default profile
/// assert_eq!(out[2], 0.5); // completeness: 1 rated of 2
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct BatchScorer<'a> {
    grid: &'a Grid,
    profile: &'a Profile,
    /// Per dimension, the range of its criteria's flat indices.
    spans: Vec<std::ops::Range<usize>>,
    rules: Vec<Aggregation>,
    /// The criteria's weights, as the profile gives them.
    weights: Vec<f64>,
    /// Per dimension, its criteria's weights rescaled by the power of two of their largest.
    scaled: Vec<f64>,
    dim_weights: Vec<f64>,
    dim_scaled: Vec<f64>,
    overall: Aggregation,
    gates: Vec<PreparedGate>,
    min_completeness: f64,
    /// Whether the weights allow the one-pass weighted mean (see the module docs).
    one_pass: bool,
    /// Whether a row is scored in one pass over its cells: one-pass weighted means
    /// everywhere, no gate, no minimum completeness.
    simple: bool,
}

impl<'a> BatchScorer<'a> {
    /// Checks the profile against the grid and prepares the scoring.
    pub fn new(grid: &'a Grid, profile: &'a Profile) -> Result<Self, ScoreError> {
        // The scorer checks the profile and resolves its weights.
        Scorer::new(grid, profile)?;
        let (weights, dim_weights) = profile.resolved_weights(grid);
        let mut spans = Vec::with_capacity(grid.dimensions().len());
        let mut at = 0;
        for d in grid.dimensions() {
            spans.push(at..at + d.criteria.len());
            at += d.criteria.len();
        }
        let rules = grid
            .dimensions()
            .iter()
            .map(|d| profile.rule_for(&d.id))
            .collect();
        let mut scaled = weights.clone();
        for span in &spans {
            rescale(&mut scaled[span.clone()]);
        }
        let mut dim_scaled = dim_weights.clone();
        rescale(&mut dim_scaled);
        let one_pass = ordinary(&weights) && ordinary(&dim_weights);
        let gates = profile
            .gates
            .iter()
            .filter_map(|g| {
                let (criterion, ..) = grid.locate(g.criterion.as_str(), 0)?;
                let threshold = match &g.below {
                    Threshold::Score(s) => *s,
                    Threshold::Level(l) => grid
                        .scale_at(criterion)
                        .normalise(&Value::Level(l.clone()))
                        .unwrap_or(0.0),
                };
                let dimension = match &g.target {
                    GateTarget::Overall => None,
                    GateTarget::Dimension(d) => {
                        Some(grid.dimensions().iter().position(|x| x.id == *d)?)
                    }
                };
                let (cap, band_cap) = match &g.cap {
                    Cap::Score(c) => (*c, None),
                    Cap::Band(b) => (
                        profile.band_upper(b).unwrap_or(1.0),
                        profile.bands.iter().position(|x| &x.id == b),
                    ),
                };
                Some(PreparedGate {
                    criterion,
                    threshold,
                    dimension,
                    cap,
                    band_cap,
                })
            })
            .collect();
        Ok(Self {
            grid,
            profile,
            spans,
            rules,
            weights,
            scaled,
            dim_weights,
            dim_scaled,
            overall: profile.overall,
            gates,
            min_completeness: profile.min_completeness,
            one_pass,
            simple: false,
        }
        .with_simple())
    }

    /// The same scorer with other criterion weights (in grid order), each dimension weighing
    /// the sum of its criteria's weights: the weighting of one draw of a sensitivity analysis.
    /// The rules, gates and minimum completeness stay the profile's.
    ///
    /// # Panics
    ///
    /// When `criterion_weights` does not hold one weight per criterion (a programming error).
    pub fn with_weights(&self, criterion_weights: &[f64]) -> BatchScorer<'a> {
        assert_eq!(
            criterion_weights.len(),
            self.weights.len(),
            "one weight per criterion"
        );
        let mut next = self.clone();
        next.weights = criterion_weights.to_vec();
        next.dim_weights = self
            .spans
            .iter()
            .map(|s| criterion_weights[s.clone()].iter().sum())
            .collect();
        next.scaled = next.weights.clone();
        for span in &self.spans {
            rescale(&mut next.scaled[span.clone()]);
        }
        next.dim_scaled = next.dim_weights.clone();
        rescale(&mut next.dim_scaled);
        next.one_pass = ordinary(&next.weights) && ordinary(&next.dim_weights);
        next.with_simple()
    }

    /// Per dimension, the range of its criteria's flat indices.
    pub fn spans(&self) -> &[std::ops::Range<usize>] {
        &self.spans
    }

    /// Whether every dimension and the overall score are weighted means (the rule whose
    /// scores a sensitivity analysis computes in bulk).
    pub fn all_weighted_means(&self) -> bool {
        self.overall == Aggregation::WeightedMean
            && self.rules.iter().all(|r| *r == Aggregation::WeightedMean)
    }

    /// The overall rule.
    pub fn overall_rule(&self) -> Aggregation {
        self.overall
    }

    /// The profile's minimum completeness.
    pub fn min_completeness(&self) -> f64 {
        self.min_completeness
    }

    /// The caps the gates put on a row's target (a dimension, or the overall score when
    /// `None`), as (score cap, lowest band cap); gates do not depend on weights.
    pub fn caps(&self, target: Option<usize>, cells: &[f64]) -> (f64, Option<usize>) {
        self.capped(target, f64::INFINITY, cells)
    }

    /// Sets `simple` from the rest.
    fn with_simple(mut self) -> Self {
        self.simple = self.one_pass
            && self.gates.is_empty()
            && self.min_completeness <= 0.0
            && matches!(self.overall, Aggregation::WeightedMean | Aggregation::None)
            && self.rules.iter().all(|r| *r == Aggregation::WeightedMean);
        self
    }

    /// The grid.
    pub fn grid(&self) -> &'a Grid {
        self.grid
    }

    /// The profile.
    pub fn profile(&self) -> &'a Profile {
        self.profile
    }

    /// The number of cells of a row: the grid's criteria.
    pub fn criteria(&self) -> usize {
        self.weights.len()
    }

    /// The number of dimensions.
    pub fn dimensions(&self) -> usize {
        self.spans.len()
    }

    /// The criteria's weights, in grid order, as the profile gives them (1 when not listed).
    pub fn criterion_weights(&self) -> &[f64] {
        &self.weights
    }

    /// The dimensions' weights, in grid order.
    pub fn dimension_weights(&self) -> &[f64] {
        &self.dim_weights
    }

    /// The width of a scored row: one value per dimension, then the overall score, the
    /// completeness (rated / applicable, as [`Completeness::ratio`](crate::Completeness::ratio)),
    /// and the weighted completeness (the share of the applicable criteria's weight that is
    /// rated, 1 when nothing applies).
    pub fn row_width(&self) -> usize {
        self.spans.len() + 3
    }

    /// The cell of a value of the criterion at flat index `criterion`: its normalised score.
    pub fn cell(&self, criterion: usize, value: &Value) -> Result<f64, ValueError> {
        self.grid.scale_at(criterion).normalise(value)
    }

    /// Scores one row of cells into `out` ([`row_width`](Self::row_width) values; NaN where
    /// there is no score).
    ///
    /// # Panics
    ///
    /// When `cells` does not hold [`criteria`](Self::criteria) values or `out`
    /// [`row_width`](Self::row_width): a programming error, not a matter of input.
    pub fn score_row(&self, cells: &[f64], out: &mut [f64]) {
        assert_eq!(cells.len(), self.weights.len(), "one cell per criterion");
        assert_eq!(out.len(), self.row_width(), "one value per column");
        if self.simple && self.score_simple(cells, out) {
            return;
        }
        let nd = self.spans.len();
        let (dims, rest) = out.split_at_mut(nd);
        let mut rated = 0usize;
        let mut applicable = 0usize;
        let mut w_rated = 0.0;
        let mut w_applicable = 0.0;
        for (d, span) in self.spans.iter().enumerate() {
            let slice = &cells[span.clone()];
            let (mut r, mut a) = (0usize, 0usize);
            for (&c, &w) in slice.iter().zip(&self.weights[span.clone()]) {
                if c == NOT_APPLICABLE {
                    continue;
                }
                a += 1;
                let pos = if w > 0.0 { w } else { 0.0 };
                w_applicable += pos;
                if is_rated(c) {
                    r += 1;
                    w_rated += pos;
                }
            }
            rated += r;
            applicable += a;
            let ratio = if a == 0 { 1.0 } else { r as f64 / a as f64 };
            dims[d] = if ratio < self.min_completeness {
                f64::NAN
            } else {
                self.aggregate(
                    self.rules[d],
                    slice,
                    &self.weights[span.clone()],
                    &self.scaled[span.clone()],
                )
            };
            if !dims[d].is_nan() {
                dims[d] = self.capped(Some(d), dims[d], cells).0;
            }
        }
        let raw = self.overall_of(dims);
        let overall = if raw.is_nan() {
            raw
        } else {
            self.capped(None, raw, cells).0
        };
        finish_row(rest, overall, (rated, applicable), (w_rated, w_applicable));
    }

    /// The overall score of a row's dimension scores, before gates: NaN when the profile
    /// computes none.
    #[inline]
    fn overall_of(&self, dims: &[f64]) -> f64 {
        if self.overall == Aggregation::None {
            f64::NAN
        } else {
            self.aggregate(self.overall, dims, &self.dim_weights, &self.dim_scaled)
        }
    }

    /// [`score_row`](Self::score_row) in one pass over the cells, for a simple profile
    /// (`self.simple`); `false` (and `out` to be overwritten) when a score is too small for
    /// the one-pass mean to be exact.
    fn score_simple(&self, cells: &[f64], out: &mut [f64]) -> bool {
        let nd = self.spans.len();
        let (dims, rest) = out.split_at_mut(nd);
        let mut rated = 0usize;
        let mut applicable = 0usize;
        let mut w_rated = 0.0;
        let mut w_applicable = 0.0;
        let mut tiny = false;
        for (d, span) in self.spans.iter().enumerate() {
            let (mut num, mut den) = (0.0, 0.0);
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            let cs = &cells[span.clone()];
            let ws = &self.weights[span.clone()];
            let ss = &self.scaled[span.clone()];
            for ((&c, &w), &sw) in cs.iter().zip(ws).zip(ss) {
                let pos = if w > 0.0 { w } else { 0.0 };
                if c >= 0.0 {
                    rated += 1;
                    applicable += 1;
                    w_applicable += pos;
                    w_rated += pos;
                    if w > 0.0 {
                        num += c * sw;
                        den += sw;
                        // Compare-and-select (both sides are numbers).
                        lo = if c < lo { c } else { lo };
                        hi = if c > hi { c } else { hi };
                        tiny |= c > 0.0 && c < TINY_SCORE;
                    }
                } else if c != NOT_APPLICABLE {
                    applicable += 1;
                    w_applicable += pos;
                }
            }
            dims[d] = if den == 0.0 {
                f64::NAN
            } else {
                (num / den).clamp(lo, hi)
            };
        }
        if tiny {
            return false;
        }
        let overall = self.overall_of(dims);
        finish_row(rest, overall, (rated, applicable), (w_rated, w_applicable));
        true
    }

    /// Scores rows of cells (`cells.len()` a multiple of [`criteria`](Self::criteria)) into
    /// `out` (as many rows of [`row_width`](Self::row_width)), on up to `threads` threads. The
    /// result does not depend on the number of threads.
    ///
    /// # Panics
    ///
    /// When the lengths do not match (a programming error).
    pub fn score_rows(&self, cells: &[f64], out: &mut [f64], threads: usize) {
        let k = self.criteria().max(1);
        let w = self.row_width();
        let rows = cells.len() / k;
        assert_eq!(rows * k, cells.len(), "whole rows of cells");
        assert_eq!(rows * w, out.len(), "one output row per row");
        let threads = threads.clamp(1, 64).min(rows.max(1));
        if threads == 1 || rows < 1024 {
            for (c, o) in cells.chunks_exact(k).zip(out.chunks_exact_mut(w)) {
                self.score_row(c, o);
            }
            return;
        }
        let per = rows.div_ceil(threads);
        std::thread::scope(|s| {
            for (c, o) in cells.chunks(per * k).zip(out.chunks_mut(per * w)) {
                s.spawn(move || {
                    for (c, o) in c.chunks_exact(k).zip(o.chunks_exact_mut(w)) {
                        self.score_row(c, o);
                    }
                });
            }
        });
    }

    /// The scoring of rows whose cells each take one of a few scores, prepared once per
    /// criterion and score: `scores[i]` lists the scores criterion `i` (grid order) may take
    /// (each a rated score, at least 0). A row is then given as one *code* per criterion: 0
    /// for not assessed, `c` (from 1) for the score `scores[i][c − 1]`
    /// ([`CodedScorer::score_codes`]). The rows are scored as [`score_row`](Self::score_row)
    /// scores the same cells, bit for bit, without a multiplication or a branch per cell.
    ///
    /// `None` when the profile is not simple (a rule other than the weighted mean, a gate, a
    /// minimum completeness), when a score is too small for the one-pass mean, or when a
    /// criterion has more than 254 scores or `scores` does not list every criterion.
    pub fn coded(&self, scores: &[Vec<f64>]) -> Option<CodedScorer<'_, 'a>> {
        if !self.simple || scores.len() != self.weights.len() {
            return None;
        }
        let mut entries = Vec::with_capacity(scores.len());
        for (i, list) in scores.iter().enumerate() {
            if list.len() > 254
                || list
                    .iter()
                    .any(|s| !is_rated(*s) || !s.is_finite() || (*s > 0.0 && *s < TINY_SCORE))
            {
                return None;
            }
            let w = self.weights[i];
            let sw = self.scaled[i];
            let pos = if w > 0.0 { w } else { 0.0 };
            let mut row = Vec::with_capacity(list.len() + 1);
            // Not assessed: applicable, nothing rated.
            row.push(CodedEntry {
                product: 0.0,
                weight: 0.0,
                lo: f64::INFINITY,
                hi: f64::NEG_INFINITY,
                rated_weight: 0.0,
            });
            for &s in list {
                row.push(if w > 0.0 {
                    CodedEntry {
                        product: s * sw,
                        weight: sw,
                        lo: s,
                        hi: s,
                        rated_weight: pos,
                    }
                } else {
                    CodedEntry {
                        product: 0.0,
                        weight: 0.0,
                        lo: f64::INFINITY,
                        hi: f64::NEG_INFINITY,
                        rated_weight: pos,
                    }
                });
            }
            entries.push(row.into_boxed_slice());
        }
        let positive: Vec<f64> = self
            .weights
            .iter()
            .map(|w| if *w > 0.0 { *w } else { 0.0 })
            .collect();
        // Every criterion is applicable in a coded row: their weight, summed in grid order.
        let applicable_weight = positive.iter().fold(0.0, |a: f64, w| a + w);
        Some(CodedScorer {
            scorer: self,
            entries,
            applicable_weight,
        })
    }

    /// The band of an overall `score` of a row, lowest band first, as a scorecard gives it:
    /// the band the score falls in, lowered by the band gates that fire on the row.
    pub fn band(&self, cells: &[f64], score: f64) -> Option<usize> {
        if score.is_nan() {
            return None;
        }
        let mut pos = self.profile.bands.iter().rposition(|b| score >= b.min)?;
        if let Some(c) = self.capped(None, score, cells).1 {
            pos = pos.min(c);
        }
        Some(pos)
    }

    /// The gates that fire on a row, for a target (a dimension, or the overall score when
    /// `None`): the score capped and the lowest band cap.
    fn capped(&self, target: Option<usize>, score: f64, cells: &[f64]) -> (f64, Option<usize>) {
        let mut score = score;
        let mut band: Option<usize> = None;
        for g in &self.gates {
            if g.dimension != target {
                continue;
            }
            let cs = cells[g.criterion];
            if !is_rated(cs) || cs >= g.threshold {
                continue;
            }
            if let Some(b) = g.band_cap {
                band = Some(band.map_or(b, |x| x.min(b)));
            }
            score = score.min(g.cap);
        }
        (score, band)
    }

    /// One aggregate of `scores` (NaN or −∞ for the missing ones) with their weights; NaN when
    /// there is none.
    fn aggregate(&self, rule: Aggregation, scores: &[f64], weights: &[f64], scaled: &[f64]) -> f64 {
        match rule {
            Aggregation::None => f64::NAN,
            Aggregation::WeightedMean if self.one_pass => {
                let (mut num, mut den) = (0.0, 0.0);
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                let mut tiny = false;
                for (&s, (&w, &ws)) in scores.iter().zip(weights.iter().zip(scaled)) {
                    if is_rated(s) && w > 0.0 {
                        num += s * ws;
                        den += ws;
                        lo = lo.min(s);
                        hi = hi.max(s);
                        tiny |= s > 0.0 && s < TINY_SCORE;
                    }
                }
                if den == 0.0 {
                    return f64::NAN;
                }
                if tiny {
                    return self.generic(rule, scores, weights);
                }
                (num / den).clamp(lo, hi)
            }
            _ => self.generic(rule, scores, weights),
        }
    }

    /// An aggregate through [`Aggregation::apply`] itself.
    fn generic(&self, rule: Aggregation, scores: &[f64], weights: &[f64]) -> f64 {
        let pairs: Vec<(f64, f64)> = scores
            .iter()
            .zip(weights)
            .filter(|(s, _)| is_rated(**s))
            .map(|(s, w)| (*s, *w))
            .collect();
        rule.apply(&pairs).unwrap_or(f64::NAN)
    }
}

/// What a cell's code adds to its dimension's sums (see [`BatchScorer::coded`]).
#[derive(Debug, Clone, Copy)]
struct CodedEntry {
    /// The score times the rescaled weight (0 when not rated or weightless).
    product: f64,
    /// The rescaled weight (0 when not rated or weightless).
    weight: f64,
    /// The score for the lowest and highest (±∞ when it does not count).
    lo: f64,
    hi: f64,
    /// The positive part of the weight when rated, 0 otherwise.
    rated_weight: f64,
}

/// A simple profile's scoring of rows of coded cells ([`BatchScorer::coded`]).
///
/// ```
/// # use repere_core::*;
/// # let id = |s: &str| Id::new(s).unwrap();
/// # let en = |s: &str| Text::new(Lang::en(), s);
/// # let mut draft = GridDraft::new(id("g"), "1", en("G"), Lang::en());
/// # let lv = |i: &str, v| Level::new(id(i), v, en(i));
/// # draft.scales.push(Scale::ordinal(id("s"), en("s"), vec![lv("no", 0), lv("partly", 1), lv("yes", 2)]));
/// # let mut dim = Dimension::new(id("d"), en("D"));
/// # dim.criteria.push(Criterion::new(id("c1"), en("c1"), id("s")));
/// # dim.criteria.push(Criterion::new(id("c2"), en("c2"), id("s")));
/// # draft.dimensions.push(dim);
/// # let grid = Grid::new(draft)?;
/// use repere_core::batch::{BatchScorer, NOT_ASSESSED};
/// let profile = grid.default_profile();
/// let batch = BatchScorer::new(&grid, &profile)?;
/// let levels = vec![vec![0.0, 0.5, 1.0]; 2];
/// let coded = batch.coded(&levels).expect("a simple profile");
/// let (mut a, mut b) = (vec![0.0; 4], vec![0.0; 4]);
/// coded.score_codes(&[3, 0], &mut a); // c1 `yes`, c2 not assessed
/// batch.score_row(&[1.0, NOT_ASSESSED], &mut b);
/// assert_eq!(a[0], 1.0);
/// assert_eq!(a[2..], b[2..]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CodedScorer<'s, 'a> {
    scorer: &'s BatchScorer<'a>,
    /// Per criterion, per code: what it adds.
    entries: Vec<Box<[CodedEntry]>>,
    /// The positive parts of the criteria's weights, summed in grid order.
    applicable_weight: f64,
}

impl CodedScorer<'_, '_> {
    /// The number of codes criterion `i` takes (its scores and 0).
    pub fn codes(&self, i: usize) -> usize {
        self.entries.get(i).map_or(0, |e| e.len())
    }

    /// Scores one row of codes (one per criterion, grid order) into `out`
    /// ([`BatchScorer::row_width`] values), as [`BatchScorer::score_row`] scores its cells.
    ///
    /// # Panics
    ///
    /// When the lengths do not match or a code is out of its criterion's range (a programming
    /// error: the caller builds the codes).
    pub fn score_codes(&self, codes: &[u8], out: &mut [f64]) {
        let s = self.scorer;
        assert_eq!(codes.len(), self.entries.len(), "one code per criterion");
        assert_eq!(out.len(), s.row_width(), "one value per column");
        let nd = s.spans.len();
        let (dims, rest) = out.split_at_mut(nd);
        let mut rated = 0usize;
        let mut w_rated = 0.0;
        let w_applicable = self.applicable_weight;
        for (d, span) in s.spans.iter().enumerate() {
            let (mut num, mut den) = (0.0, 0.0);
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for i in span.clone() {
                let code = codes[i];
                let e = &self.entries[i][usize::from(code)];
                rated += usize::from(code != 0);
                w_rated += e.rated_weight;
                num += e.product;
                den += e.weight;
                lo = if e.lo < lo { e.lo } else { lo };
                hi = if e.hi > hi { e.hi } else { hi };
            }
            dims[d] = if den == 0.0 {
                f64::NAN
            } else {
                (num / den).clamp(lo, hi)
            };
        }
        let overall = s.overall_of(dims);
        finish_row(rest, overall, (rated, codes.len()), (w_rated, w_applicable));
    }

    /// Scores rows of codes (`codes` holding whole rows, one code per criterion each) into
    /// `out` (as many rows of [`BatchScorer::row_width`] values), as
    /// [`score_codes`](Self::score_codes) scores each, bit for bit: two rows at a time, their
    /// sums interleaved (each row's still in criterion order), so that the sums' latencies
    /// overlap.
    ///
    /// # Panics
    ///
    /// As [`score_codes`](Self::score_codes), or when the lengths do not make whole rows.
    pub fn score_codes_rows(&self, codes: &[u8], out: &mut [f64]) {
        const R: usize = 2;
        let k = self.entries.len().max(1);
        let w = self.scorer.row_width();
        let rows = codes.len() / k;
        assert_eq!(rows * k, codes.len(), "whole rows of codes");
        assert_eq!(rows * w, out.len(), "one output row per row");
        let s = self.scorer;
        let nd = s.spans.len();
        let mut r = 0;
        while r + R <= rows {
            let c = &codes[r * k..(r + R) * k];
            let o = &mut out[r * w..(r + R) * w];
            let mut rated = [0usize; R];
            let mut w_rated = [0.0; R];
            let w_applicable = self.applicable_weight;
            for (d, span) in s.spans.iter().enumerate() {
                let mut num = [0.0; R];
                let mut den = [0.0; R];
                let mut lo = [f64::INFINITY; R];
                let mut hi = [f64::NEG_INFINITY; R];
                for i in span.clone() {
                    let table = &self.entries[i];
                    for q in 0..R {
                        let code = c[q * k + i];
                        let e = &table[usize::from(code)];
                        rated[q] += usize::from(code != 0);
                        w_rated[q] += e.rated_weight;
                        num[q] += e.product;
                        den[q] += e.weight;
                        lo[q] = if e.lo < lo[q] { e.lo } else { lo[q] };
                        hi[q] = if e.hi > hi[q] { e.hi } else { hi[q] };
                    }
                }
                for q in 0..R {
                    o[q * w + d] = if den[q] == 0.0 {
                        f64::NAN
                    } else {
                        (num[q] / den[q]).clamp(lo[q], hi[q])
                    };
                }
            }
            for q in 0..R {
                let (dims, rest) = o[q * w..(q + 1) * w].split_at_mut(nd);
                let overall = s.overall_of(dims);
                let counts = (rated[q], self.entries.len());
                finish_row(rest, overall, counts, (w_rated[q], w_applicable));
            }
            r += R;
        }
        for r in r..rows {
            self.score_codes(&codes[r * k..(r + 1) * k], &mut out[r * w..(r + 1) * w]);
        }
    }
}

/// The last values of an output row: the overall score, then the share of applicable
/// criteria rated (`(rated, applicable)`, 1 when none applies) and the share of their weight
/// rated (`(rated, applicable)` weights, 1 when no weight applies).
#[inline]
fn finish_row(rest: &mut [f64], overall: f64, counts: (usize, usize), weights: (f64, f64)) {
    let ((rated, applicable), (w_rated, w_applicable)) = (counts, weights);
    rest[0] = overall;
    rest[1] = if applicable == 0 {
        1.0
    } else {
        rated as f64 / applicable as f64
    };
    rest[2] = if w_applicable > 0.0 {
        w_rated / w_applicable
    } else {
        1.0
    };
}

/// Whether weights allow the one-pass weighted mean: finite, within 2^±400 of one another.
fn ordinary(ws: &[f64]) -> bool {
    let largest = ws.iter().copied().filter(|w| *w > 0.0).fold(0.0, f64::max);
    largest.is_finite()
        && largest <= 2f64.powi(400)
        && ws
            .iter()
            .filter(|w| **w > 0.0)
            .all(|w| *w >= largest * 2f64.powi(-400))
}

/// Rescales weights by the power of two that brings their largest positive one into [1, 2).
fn rescale(ws: &mut [f64]) {
    if let Some(scale) = WeightScale::of(ws.iter().copied()) {
        for w in ws.iter_mut() {
            *w = scale.apply(*w);
        }
    }
}

/// The cells of a scorecard's criteria, in grid order: the score of a rated criterion,
/// [`NOT_APPLICABLE`] or [`NOT_ASSESSED`].
pub fn cells_of(card: &Scorecard) -> Vec<f64> {
    card.criteria
        .iter()
        .map(|c| match c.status {
            CriterionStatus::Rated { score, .. } => score,
            CriterionStatus::NotApplicable { .. } => NOT_APPLICABLE,
            CriterionStatus::NotAssessed => NOT_ASSESSED,
        })
        .collect()
}

/// The row of a scorecard, as [`BatchScorer::score_row`] writes it: each dimension's score,
/// the overall score, the completeness and the weighted completeness (NaN where there is no
/// score).
pub fn row_of(card: &Scorecard) -> Vec<f64> {
    let mut row: Vec<f64> = card
        .dimensions
        .iter()
        .map(|d| d.score().unwrap_or(f64::NAN))
        .collect();
    row.push(
        card.overall
            .as_ref()
            .and_then(|o| o.score)
            .unwrap_or(f64::NAN),
    );
    row.push(card.completeness.ratio());
    let (mut rated, mut applicable) = (0.0, 0.0);
    for c in &card.criteria {
        let w = if c.weight > 0.0 { c.weight } else { 0.0 };
        match c.status {
            CriterionStatus::Rated { .. } => {
                rated += w;
                applicable += w;
            }
            CriterionStatus::NotAssessed => applicable += w,
            CriterionStatus::NotApplicable { .. } => {}
        }
    }
    row.push(if applicable > 0.0 {
        rated / applicable
    } else {
        1.0
    });
    row
}
