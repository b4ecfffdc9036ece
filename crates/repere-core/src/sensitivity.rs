//! Sensitivity of scores and ranks to the weights: stochastic multicriteria acceptability
//! analysis (SMAA-2, Lahdelma and Salminen 2001).
//!
//! A profile's weights are one choice among many defensible ones. SMAA replaces that choice by
//! a distribution of weight vectors ([`Draws`]: uniform on the simplex, a Dirichlet
//! distribution around the profile's weights, or vectors given), scores every process with
//! every draw, and reports how often each process takes each rank (the *rank acceptability
//! indices*), the typical weights that make it first (its *central weight vector*), and the
//! range of its overall score and the share of draws in each band.
//!
//! **A draw is a vector of criterion weights.** In a draw each dimension weighs the sum of
//! its criteria's weights, so a draw is the whole weighting of the profile; the profile's
//! rules, gates and minimum completeness stay. The profile's own weights, as one such vector,
//! are [`central_weights`]: each criterion's share of its dimension's weight, times the
//! dimension's share of all.
//!
//! **Ranks.** Rank 1 is the highest overall score; equal scores are ranked in input order
//! (the earlier process first); a process with no overall score in a draw ranks after every
//! process that has one.
//!
//! **Reproducible.** Draws come from ChaCha8 seeded with the seed given, and are computed
//! with `libm`'s portable functions, so a seed gives the same draws on every platform. Scores
//! are summed in criterion order draw by draw, and counts and sums are merged in draw order,
//! so results do not depend on the number of threads.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng as _};

use crate::Aggregation;
use crate::batch::{BatchScorer, is_rated};

/// Weight vectors, one per draw, each with one weight per criterion in grid order.
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    criteria: usize,
    weights: Vec<f64>,
}

/// Why weight vectors were refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DrawsError {
    /// No draw, or no criterion.
    #[error("no weight vector to draw from")]
    Empty,
    /// The weights do not make whole vectors.
    #[error("{len} weights do not make vectors of {criteria}")]
    Ragged {
        /// The number of weights.
        len: usize,
        /// The number of criteria.
        criteria: usize,
    },
    /// A weight is negative, infinite or NaN.
    #[error("draw {draw}, criterion {criterion}: weight {value} is not a finite number ≥ 0")]
    BadWeight {
        /// The draw (from 0).
        draw: usize,
        /// The criterion's flat index.
        criterion: usize,
        /// The weight.
        value: f64,
    },
    /// Every weight of a draw is 0.
    #[error("draw {draw}: every weight is 0")]
    AllZero {
        /// The draw (from 0).
        draw: usize,
    },
    /// A concentration that is not a positive finite number, or central weights that are all
    /// zero.
    #[error("the concentration must be a positive number, around weights not all 0")]
    BadConcentration,
}

impl Draws {
    /// Weight vectors given, `weights` holding the draws one after the other.
    pub fn new(criteria: usize, weights: Vec<f64>) -> Result<Self, DrawsError> {
        if criteria == 0 || weights.is_empty() {
            return Err(DrawsError::Empty);
        }
        if !weights.len().is_multiple_of(criteria) {
            return Err(DrawsError::Ragged {
                len: weights.len(),
                criteria,
            });
        }
        for (d, row) in weights.chunks_exact(criteria).enumerate() {
            if let Some((i, &w)) = row
                .iter()
                .enumerate()
                .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
            {
                return Err(DrawsError::BadWeight {
                    draw: d,
                    criterion: i,
                    value: w,
                });
            }
            if row.iter().all(|w| *w == 0.0) {
                return Err(DrawsError::AllZero { draw: d });
            }
        }
        Ok(Self { criteria, weights })
    }

    /// `n` vectors drawn uniformly on the simplex (weights ≥ 0 summing to 1; a flat Dirichlet
    /// distribution): the gaps between `criteria − 1` sorted uniform numbers, which needs no
    /// transcendental function, so the draws are the same bit for bit everywhere.
    ///
    /// ```
    /// use repere_core::sensitivity::Draws;
    /// let d = Draws::uniform(4, 3, 42)?;
    /// assert_eq!(d.len(), 3);
    /// assert!(d.draw(0).iter().all(|w| *w >= 0.0));
    /// assert!((d.draw(2).iter().sum::<f64>() - 1.0).abs() < 1e-15);
    /// assert_eq!(d, Draws::uniform(4, 3, 42)?); // same seed, same draws
    /// # Ok::<(), repere_core::sensitivity::DrawsError>(())
    /// ```
    pub fn uniform(criteria: usize, n: usize, seed: u64) -> Result<Self, DrawsError> {
        if criteria == 0 || n == 0 {
            return Err(DrawsError::Empty);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut weights = Vec::with_capacity(criteria * n);
        let mut cuts = vec![0.0; criteria + 1];
        for _ in 0..n {
            cuts[0] = 0.0;
            cuts[criteria] = 1.0;
            for c in &mut cuts[1..criteria] {
                *c = unit(&mut rng);
            }
            cuts[1..criteria].sort_by(f64::total_cmp);
            weights.extend(cuts.windows(2).map(|p| p[1] - p[0]));
        }
        Ok(Self { criteria, weights })
    }

    /// `n` vectors from the Dirichlet distribution around `centre` with total concentration
    /// `concentration`: the parameters are `concentration × centre / Σ centre`, so the draws'
    /// mean is the centre (normalised) and their spread shrinks as the concentration grows (a
    /// concentration equal to the number of criteria around equal weights is the uniform
    /// distribution). A criterion of weight 0 in the centre weighs 0 in every draw.
    ///
    /// Each weight is a Gamma variate (Marsaglia and Tsang's method, with a standard normal
    /// from the polar method) divided by their sum.
    pub fn dirichlet(
        centre: &[f64],
        concentration: f64,
        n: usize,
        seed: u64,
    ) -> Result<Self, DrawsError> {
        let total: f64 = centre.iter().sum();
        if centre.is_empty() || n == 0 {
            return Err(DrawsError::Empty);
        }
        if !(concentration.is_finite() && concentration > 0.0 && total.is_finite() && total > 0.0)
            || centre.iter().any(|w| !(w.is_finite() && *w >= 0.0))
        {
            return Err(DrawsError::BadConcentration);
        }
        let alpha: Vec<f64> = centre.iter().map(|w| concentration * w / total).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let k = centre.len();
        let mut weights = Vec::with_capacity(k * n);
        let mut row = vec![0.0; k];
        let mut d = 0;
        while d < n {
            for (x, a) in row.iter_mut().zip(&alpha) {
                *x = if *a > 0.0 { gamma(&mut rng, *a) } else { 0.0 };
            }
            let sum: f64 = row.iter().sum();
            // All parameters tiny: every variate may underflow; draw again.
            if !(sum > 0.0 && sum.is_finite()) {
                continue;
            }
            weights.extend(row.iter().map(|x| x / sum));
            d += 1;
        }
        Ok(Self {
            criteria: k,
            weights,
        })
    }

    /// The number of draws.
    pub fn len(&self) -> usize {
        self.weights.len() / self.criteria
    }

    /// Whether there is no draw (never, for draws built by this type).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The number of criteria.
    pub fn criteria(&self) -> usize {
        self.criteria
    }

    /// One draw's weights.
    ///
    /// # Panics
    ///
    /// When `d` is not below [`len`](Self::len).
    pub fn draw(&self, d: usize) -> &[f64] {
        &self.weights[d * self.criteria..(d + 1) * self.criteria]
    }

    /// Every weight, draw after draw.
    pub fn as_slice(&self) -> &[f64] {
        &self.weights
    }
}

/// A uniform number in [0, 1), a multiple of 2⁻⁵³.
fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal variate (Marsaglia's polar method).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    loop {
        let u = 2.0 * unit(rng) - 1.0;
        let v = 2.0 * unit(rng) - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * libm::sqrt(-2.0 * libm::log(s) / s);
        }
    }
}

/// A Gamma(shape, 1) variate (Marsaglia and Tsang 2000; for a shape below 1, the variate of
/// shape + 1 times U^(1/shape)).
fn gamma(rng: &mut ChaCha8Rng, shape: f64) -> f64 {
    if shape < 1.0 {
        let g = gamma(rng, shape + 1.0);
        let u = loop {
            let u = unit(rng);
            if u > 0.0 {
                break u;
            }
        };
        return g * libm::pow(u, 1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = normal(rng);
        let t = 1.0 + c * x;
        if t <= 0.0 {
            continue;
        }
        let v = t * t * t;
        let u = unit(rng);
        if u < 1.0 - 0.0331 * x * x * x * x {
            return d * v;
        }
        if u > 0.0 && libm::log(u) < 0.5 * x * x + d * (1.0 - v + libm::log(v)) {
            return d * v;
        }
    }
}

/// The profile's weights as one vector of criterion weights (in grid order, summing to 1):
/// each criterion's share of its dimension's positive weights, times its dimension's share of
/// the positive dimension weights. With an overall score that is a weighted mean of
/// dimensions that are weighted means, scoring with this vector ([`BatchScorer::with_weights`])
/// gives the profile's scores for assessments that rate every criterion.
pub fn central_weights(scorer: &BatchScorer<'_>) -> Vec<f64> {
    let cw = scorer.criterion_weights();
    let dw = scorer.dimension_weights();
    let pos = |w: f64| if w > 0.0 { w } else { 0.0 };
    let dim_total: f64 = dw.iter().map(|w| pos(*w)).sum();
    let mut out = vec![0.0; cw.len()];
    for (d, span) in scorer.spans().iter().enumerate() {
        let within: f64 = cw[span.clone()].iter().map(|w| pos(*w)).sum();
        if within > 0.0 && dim_total > 0.0 {
            for i in span.clone() {
                out[i] = pos(cw[i]) / within * (pos(dw[d]) / dim_total);
            }
        }
    }
    out
}

/// Why an analysis could not be run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SmaaError {
    /// The profile computes no overall score: there is nothing to rank.
    #[error("the profile computes no overall score (its `overall` rule is `none`)")]
    NoOverall,
    /// The draws do not have one weight per criterion of the grid.
    #[error("the weight vectors have {found} weights, the grid has {expected} criteria")]
    Criteria {
        /// Weights per draw.
        found: usize,
        /// Criteria of the grid.
        expected: usize,
    },
    /// No process.
    #[error("no process to rank")]
    NoProcess,
    /// More processes than [`MAX_PROCESSES`]: the acceptability matrix grows as their square.
    #[error(
        "{found} processes: an analysis ranks at most {MAX_PROCESSES} (its acceptability table grows as their square)"
    )]
    TooManyProcesses {
        /// How many were given.
        found: usize,
    },
}

/// The most processes an analysis ranks: the acceptability table holds one count per process
/// and rank (4 million at this size, a few tens of MB per thread).
pub const MAX_PROCESSES: usize = 2000;

/// The result of an analysis ([module docs](self)).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Smaa {
    /// The number of processes.
    pub processes: usize,
    /// The number of draws.
    pub draws: usize,
    /// The number of criteria.
    pub criteria: usize,
    /// `rank_counts[j × processes + r]`: in how many draws process `j` took rank `r + 1`.
    pub rank_counts: Vec<u64>,
    /// Per process, the mean of the draws in which it ranks first (`criteria` weights each;
    /// NaN when it never does): its central weight vector.
    pub central: Vec<f64>,
    /// Per process, its lowest overall score over the draws (NaN when it never has one).
    pub score_min: Vec<f64>,
    /// Per process, its highest overall score.
    pub score_max: Vec<f64>,
    /// Per process, its mean overall score over the draws where it has one.
    pub score_mean: Vec<f64>,
    /// Per process, in how many draws it had no overall score.
    pub no_score: Vec<u64>,
    /// `band_counts[j × bands + b]`: in how many draws process `j`'s overall score fell in band
    /// `b` (the profile's bands, lowest first).
    pub band_counts: Vec<u64>,
    /// The number of bands of the profile.
    pub bands: usize,
    /// With one process, its overall score in each draw (empty otherwise).
    pub scores: Vec<f64>,
}

impl Smaa {
    /// The rank acceptability index of process `j` for rank `r` (from 1): the share of draws
    /// in which it takes that rank.
    pub fn acceptability(&self, j: usize, r: usize) -> f64 {
        self.rank_counts[j * self.processes + (r - 1)] as f64 / self.draws as f64
    }

    /// The expected rank of process `j`: Σ r × acceptability(j, r).
    pub fn expected_rank(&self, j: usize) -> f64 {
        let row = &self.rank_counts[j * self.processes..(j + 1) * self.processes];
        let total: u128 = row
            .iter()
            .enumerate()
            .map(|(r, c)| (r as u128 + 1) * u128::from(*c))
            .sum();
        total as f64 / self.draws as f64
    }

    /// Process `j`'s central weight vector (NaN weights when it never ranks first).
    pub fn central_weights(&self, j: usize) -> &[f64] {
        &self.central[j * self.criteria..(j + 1) * self.criteria]
    }

    /// The share of draws in which process `j`'s overall score falls in band `b`.
    pub fn band_share(&self, j: usize, b: usize) -> f64 {
        self.band_counts[j * self.bands + b] as f64 / self.draws as f64
    }
}

/// Draws per block: the unit of work of a thread, and of the order in which sums are merged.
const BLOCK: usize = 64;

/// Draws whose sums are kept in registers together.
const LANES: usize = 8;

/// What one block of draws gives (its rank and band counts go to its thread's totals).
struct BlockResult {
    /// The process ranked first in each draw of the block (`usize::MAX`: none had a score).
    winners: Vec<usize>,
    score_min: Vec<f64>,
    score_max: Vec<f64>,
    score_sum: Vec<f64>,
    no_score: Vec<u64>,
    /// With one process, its scores.
    scores: Vec<f64>,
}

/// Runs the analysis: the processes' cells (`cells`, one row of [`BatchScorer::criteria`]
/// cells per process), scored with each draw, on up to `threads` threads (the result does not
/// depend on their number).
pub fn smaa(
    scorer: &BatchScorer<'_>,
    cells: &[f64],
    draws: &Draws,
    threads: usize,
) -> Result<Smaa, SmaaError> {
    let k = scorer.criteria();
    if scorer.overall_rule() == Aggregation::None {
        return Err(SmaaError::NoOverall);
    }
    if draws.criteria() != k {
        return Err(SmaaError::Criteria {
            found: draws.criteria(),
            expected: k,
        });
    }
    let m = cells.len().checked_div(k).unwrap_or(0);
    if m == 0 || m * k != cells.len() {
        return Err(SmaaError::NoProcess);
    }
    if m > MAX_PROCESSES {
        return Err(SmaaError::TooManyProcesses { found: m });
    }
    let plan = Plan::new(scorer, cells);
    let n = draws.len();
    let blocks = n.div_ceil(BLOCK);
    let threads = threads.clamp(1, 64).min(blocks);
    let mut results: Vec<Option<BlockResult>> = (0..blocks).map(|_| None).collect();
    let per = blocks.div_ceil(threads);
    let bands_n = scorer.profile().bands.len();
    // Counts are integers: each thread sums its own, in any order. Float sums and the draws'
    // winners stay per block, merged below in draw order.
    // u32 counts (draws are at most 2³² − 1 per thread's share): half the cache of u64.
    let counts: Vec<(Vec<u32>, Vec<u32>)> = std::thread::scope(|s| {
        let handles: Vec<_> = results
            .chunks_mut(per)
            .enumerate()
            .map(|(t, slot)| {
                let plan = &plan;
                s.spawn(move || {
                    let mut ranks = vec![0u32; m * m];
                    // Counted first in u16 (half the cache), added to `ranks` before they
                    // could overflow.
                    let mut recent = vec![0u16; m * m];
                    let mut pending = 0usize;
                    let mut bands = vec![0u32; m * bands_n];
                    for (b, r) in slot.iter_mut().enumerate() {
                        let first = (t * per + b) * BLOCK;
                        let last = (first + BLOCK).min(n);
                        if pending + (last - first) > usize::from(u16::MAX) {
                            flush_counts(&mut recent, &mut ranks);
                            pending = 0;
                        }
                        pending += last - first;
                        *r = Some(plan.block(draws, first..last, &mut recent, &mut bands));
                    }
                    flush_counts(&mut recent, &mut ranks);
                    (ranks, bands)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let bands = scorer.profile().bands.len();
    let mut out = Smaa {
        processes: m,
        draws: n,
        criteria: k,
        rank_counts: vec![0; m * m],
        central: vec![0.0; m * k],
        score_min: vec![f64::NAN; m],
        score_max: vec![f64::NAN; m],
        score_mean: vec![0.0; m],
        no_score: vec![0; m],
        band_counts: vec![0; m * bands],
        bands,
        scores: Vec::new(),
    };
    for (ranks, bands) in &counts {
        for (a, b) in out.rank_counts.iter_mut().zip(ranks) {
            *a += u64::from(*b);
        }
        for (a, b) in out.band_counts.iter_mut().zip(bands) {
            *a += u64::from(*b);
        }
    }
    let mut wins = vec![0u64; m];
    let mut d = 0;
    for r in results.into_iter().flatten() {
        for j in 0..m {
            out.score_min[j] = out.score_min[j].min(r.score_min[j]);
            out.score_max[j] = out.score_max[j].max(r.score_max[j]);
            out.score_mean[j] += r.score_sum[j];
            out.no_score[j] += r.no_score[j];
        }
        for &w in &r.winners {
            if w < m {
                wins[w] += 1;
                for (c, x) in out.central[w * k..(w + 1) * k]
                    .iter_mut()
                    .zip(draws.draw(d))
                {
                    *c += x;
                }
            }
            d += 1;
        }
        out.scores.extend(r.scores);
    }
    #[expect(clippy::needless_range_loop, reason = "several per-process vectors")]
    for j in 0..m {
        let had = n as u64 - out.no_score[j];
        out.score_mean[j] = if had == 0 {
            f64::NAN
        } else {
            out.score_mean[j] / had as f64
        };
        for c in &mut out.central[j * k..(j + 1) * k] {
            *c = if wins[j] == 0 {
                f64::NAN
            } else {
                *c / wins[j] as f64
            };
        }
    }
    Ok(out)
}

/// [`Plan::bulk_scores`] as a task for [`pulp::Arch::dispatch`], compiled for each instruction
/// set it chooses from.
struct Bulk<'b, 's, 'a> {
    plan: &'b Plan<'s, 'a>,
    draws: &'b Draws,
    range: std::ops::Range<usize>,
    scores: &'b mut [f64],
}

impl pulp::WithSimd for Bulk<'_, '_, '_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        self.plan.bulk_scores(self.draws, self.range, self.scores);
    }
}

/// The processes prepared for scoring with many weight vectors.
struct Plan<'s, 'a> {
    scorer: &'s BatchScorer<'a>,
    cells: &'s [f64],
    m: usize,
    k: usize,
    /// Whether the scores are computed in bulk (every rule a weighted mean).
    bulk: bool,
    /// Per process and dimension: blocked by the minimum completeness.
    blocked: Vec<bool>,
    /// Per process and dimension: the lowest and highest rated score (for the clamp).
    lo: Vec<f64>,
    hi: Vec<f64>,
    /// Per process and dimension, then the overall score: the gates' cap.
    caps: Vec<f64>,
    /// Per process: the lowest band its overall gates allow.
    band_caps: Vec<Option<usize>>,
}

impl<'s, 'a> Plan<'s, 'a> {
    fn new(scorer: &'s BatchScorer<'a>, cells: &'s [f64]) -> Self {
        let k = scorer.criteria();
        let m = cells.len() / k;
        let nd = scorer.dimensions();
        let mut blocked = vec![false; m * nd];
        let mut lo = vec![f64::INFINITY; m * nd];
        let mut hi = vec![f64::NEG_INFINITY; m * nd];
        let mut caps = vec![f64::INFINITY; m * (nd + 1)];
        let mut band_caps = vec![None; m];
        for j in 0..m {
            let row = &cells[j * k..(j + 1) * k];
            for (d, span) in scorer.spans().iter().enumerate() {
                let (mut r, mut a) = (0usize, 0usize);
                for &c in &row[span.clone()] {
                    if c == crate::batch::NOT_APPLICABLE {
                        continue;
                    }
                    a += 1;
                    if is_rated(c) {
                        r += 1;
                        lo[j * nd + d] = lo[j * nd + d].min(c);
                        hi[j * nd + d] = hi[j * nd + d].max(c);
                    }
                }
                let ratio = if a == 0 { 1.0 } else { r as f64 / a as f64 };
                blocked[j * nd + d] = ratio < scorer.min_completeness();
                caps[j * (nd + 1) + d] = scorer.caps(Some(d), row).0;
            }
            let (cap, band) = scorer.caps(None, row);
            caps[j * (nd + 1) + nd] = cap;
            band_caps[j] = band;
        }
        Self {
            scorer,
            cells,
            m,
            k,
            bulk: scorer.all_weighted_means(),
            blocked,
            lo,
            hi,
            caps,
            band_caps,
        }
    }

    /// The overall scores of every process for the draws `range`: `scores[j × len + t]`.
    fn scores(&self, draws: &Draws, range: std::ops::Range<usize>) -> Vec<f64> {
        let len = range.len();
        let (m, k) = (self.m, self.k);
        let mut scores = vec![f64::NAN; m * len];
        if !self.bulk {
            let mut row = vec![0.0; self.scorer.row_width()];
            let nd = self.scorer.dimensions();
            for (t, d) in range.enumerate() {
                let s = self.scorer.with_weights(draws.draw(d));
                for j in 0..m {
                    s.score_row(&self.cells[j * k..(j + 1) * k], &mut row);
                    scores[j * len + t] = row[nd];
                }
            }
            return scores;
        }
        // The sums below in 256-bit vectors (AVX2) when the processor has them, chosen when it
        // runs: the same additions and products in the same order (never fused), so the same
        // bits on any processor.
        pulp::Arch::new().dispatch(Bulk {
            plan: self,
            draws,
            range,
            scores: &mut scores,
        });
        scores
    }

    /// [`scores`](Self::scores) when every rule is a weighted mean, into `scores` (NaN).
    #[inline(always)]
    fn bulk_scores(&self, draws: &Draws, range: std::ops::Range<usize>, scores: &mut [f64]) {
        let len = range.len();
        let (m, k) = (self.m, self.k);
        // Weights transposed: wt[i × len + t], so that the inner loops run over draws.
        let mut wt = vec![0.0; k * len];
        for (t, d) in range.clone().enumerate() {
            for (i, w) in draws.draw(d).iter().enumerate() {
                wt[i * len + t] = *w;
            }
        }
        let spans = self.scorer.spans();
        let nd = spans.len();
        // Each dimension's weight in each draw: the sum of its criteria's, in criterion order;
        // and the partial sums on the way (`before[i × len + t]`: the weights of the criteria
        // of i's dimension before i), which are a process's denominator up to its first
        // criterion not rated: the same additions in the same order.
        let mut dw = vec![0.0; nd * len];
        let mut before = vec![0.0; k * len];
        for (d, span) in spans.iter().enumerate() {
            let acc = &mut dw[d * len..(d + 1) * len];
            for i in span.clone() {
                before[i * len..(i + 1) * len].copy_from_slice(acc);
                for (a, w) in acc.iter_mut().zip(&wt[i * len..(i + 1) * len]) {
                    *a += w;
                }
            }
        }
        let mut num = vec![0.0; len];
        let mut den = vec![0.0; len];
        let mut onum = vec![0.0; len];
        let mut oden = vec![0.0; len];
        let mut olo = vec![0.0; len];
        let mut ohi = vec![0.0; len];
        for j in 0..m {
            let row = &self.cells[j * k..(j + 1) * k];
            onum.fill(0.0);
            oden.fill(0.0);
            olo.fill(f64::INFINITY);
            ohi.fill(f64::NEG_INFINITY);
            for (d, span) in spans.iter().enumerate() {
                if self.blocked[j * nd + d] {
                    continue;
                }
                if !span.clone().any(|i| is_rated(row[i])) {
                    continue;
                }
                // Lanes of LANES draws, their sums kept in registers across the criteria; each
                // draw's sums still run in criterion order. A weight of 0 leaves the sums as
                // they are, as leaving the criterion out does.
                // Up to the first criterion not rated, the denominator is the dimension's
                // partial sum (all of it when every criterion is rated).
                let first = span
                    .clone()
                    .find(|&i| !is_rated(row[i]))
                    .unwrap_or(span.end);
                let head = |t: usize| {
                    if first == span.end {
                        dw[d * len + t]
                    } else {
                        before[first * len + t]
                    }
                };
                let mut t0 = 0;
                while t0 + LANES <= len {
                    let mut n = [0.0; LANES];
                    let mut e = [0.0; LANES];
                    for (q, x) in e.iter_mut().enumerate() {
                        *x = head(t0 + q);
                    }
                    for i in span.start..first {
                        let x = row[i];
                        let w: &[f64; LANES] = wt[i * len + t0..i * len + t0 + LANES]
                            .try_into()
                            .unwrap_or(&[0.0; LANES]);
                        for q in 0..LANES {
                            n[q] += x * w[q];
                        }
                    }
                    for i in first..span.end {
                        let x = row[i];
                        if !is_rated(x) {
                            continue;
                        }
                        let w: &[f64; LANES] = wt[i * len + t0..i * len + t0 + LANES]
                            .try_into()
                            .unwrap_or(&[0.0; LANES]);
                        for q in 0..LANES {
                            n[q] += x * w[q];
                            e[q] += w[q];
                        }
                    }
                    num[t0..t0 + LANES].copy_from_slice(&n);
                    den[t0..t0 + LANES].copy_from_slice(&e);
                    t0 += LANES;
                }
                for t in t0..len {
                    let (mut n, mut e) = (0.0, head(t));
                    for i in span.start..first {
                        n += row[i] * wt[i * len + t];
                    }
                    for i in first..span.end {
                        let x = row[i];
                        if is_rated(x) {
                            n += x * wt[i * len + t];
                            e += wt[i * len + t];
                        }
                    }
                    num[t] = n;
                    den[t] = e;
                }
                let (lo, hi) = (self.lo[j * nd + d], self.hi[j * nd + d]);
                let cap = self.caps[j * (nd + 1) + d];
                let dwd = &dw[d * len..(d + 1) * len];
                if nd == 1 {
                    // One dimension: the overall score is its score (the weighted mean of one
                    // score, clamped to it), capped by the overall gates.
                    let overall_cap = self.caps[j * (nd + 1) + nd];
                    let out = &mut scores[j * len..(j + 1) * len];
                    for t in 0..len {
                        if den[t] > 0.0 && dwd[t] > 0.0 {
                            out[t] = (num[t] / den[t]).clamp(lo, hi).min(cap).min(overall_cap);
                        }
                    }
                    continue;
                }
                for t in 0..len {
                    if den[t] > 0.0 {
                        let s = (num[t] / den[t]).clamp(lo, hi).min(cap);
                        let wd = dwd[t];
                        if wd > 0.0 {
                            onum[t] += s * wd;
                            oden[t] += wd;
                            olo[t] = olo[t].min(s);
                            ohi[t] = ohi[t].max(s);
                        }
                    }
                }
            }
            if nd == 1 {
                continue;
            }
            let cap = self.caps[j * (nd + 1) + nd];
            for t in 0..len {
                if oden[t] > 0.0 {
                    scores[j * len + t] = (onum[t] / oden[t]).clamp(olo[t], ohi[t]).min(cap);
                }
            }
        }
    }

    /// Scores and ranks the processes for the draws `range`.
    fn block(
        &self,
        draws: &Draws,
        range: std::ops::Range<usize>,
        rank_counts: &mut [u16],
        band_counts: &mut [u32],
    ) -> BlockResult {
        let len = range.len();
        let m = self.m;
        let scores = self.scores(draws, range);
        let bands = self.scorer.profile().bands.len();
        let mut r = BlockResult {
            winners: Vec::with_capacity(len),
            score_min: vec![f64::NAN; m],
            score_max: vec![f64::NAN; m],
            score_sum: vec![0.0; m],
            no_score: vec![0; m],
            scores: Vec::new(),
        };
        let profile = self.scorer.profile();
        for j in 0..m {
            let (mut lo, mut hi, mut sum, mut none) =
                (f64::INFINITY, f64::NEG_INFINITY, r.score_sum[j], 0u64);
            for &s in &scores[j * len..(j + 1) * len] {
                if s.is_nan() {
                    none += 1;
                    continue;
                }
                lo = if s < lo { s } else { lo };
                hi = if s > hi { s } else { hi };
                sum += s;
                if bands > 0
                    && let Some(mut b) = profile.bands.iter().rposition(|x| s >= x.min)
                {
                    if let Some(c) = self.band_caps[j] {
                        b = b.min(c);
                    }
                    band_counts[j * bands + b] += 1;
                }
            }
            r.no_score[j] += none;
            r.score_sum[j] = sum;
            if lo <= hi {
                r.score_min[j] = r.score_min[j].min(lo);
                r.score_max[j] = r.score_max[j].max(hi);
            }
        }
        if m == 1 {
            r.scores.clone_from(&scores);
        }
        // Ranking, draw by draw, scores descending then processes ascending. Each score falls
        // in one of 65,535 buckets spread evenly over the draw's range of scores (a bucket is
        // monotone in the score), no score in the last: a key holds the bucket, highest score
        // first, above the process's index; a stable radix sort on the bucket keeps equal
        // keys in process order, and runs of one bucket are then ordered exactly.
        let mut by_draw = vec![0.0; m * len];
        for j in 0..m {
            for (t, &s) in scores[j * len..(j + 1) * len].iter().enumerate() {
                by_draw[t * m + j] = s;
            }
        }
        let mut keys: Vec<u32> = Vec::with_capacity(m);
        let mut spare: Vec<u32> = vec![0; m];
        let mut order: Vec<usize> = Vec::with_capacity(m);
        // Each process's rank in each draw of the block (ranks < MAX_PROCESSES < 2¹⁶), by
        // draw, counted process by process after the block: one process's counts stay in
        // cache.
        let mut places = vec![0u16; m * len];
        for t in 0..len {
            let draw = &by_draw[t * m..(t + 1) * m];
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for &s in draw {
                // NaN (no score) leaves both as they are.
                lo = lo.min(s);
                hi = hi.max(s);
            }
            let scale = if hi > lo {
                f64::from(LAST_BUCKET) / (hi - lo)
            } else {
                0.0
            };
            // A range too wide or too narrow for the scale: one bucket, ordered exactly.
            let scale = if scale.is_finite() { scale } else { 0.0 };
            keys.clear();
            keys.extend(draw.iter().enumerate().map(|(j, &s)| {
                let bucket = if s.is_nan() {
                    NO_SCORE_BUCKET
                } else {
                    // `as` saturates: a product rounded above the last bucket stays in it.
                    LAST_BUCKET - (((s - lo) * scale) as u32).min(LAST_BUCKET)
                };
                (bucket << 16) | j as u32
            }));
            radix_sort_buckets(&mut keys, &mut spare);
            order.clear();
            order.extend(keys.iter().map(|key| (key & 0xFFFF) as usize));
            // Exact order within runs of one bucket.
            let mut start = 0;
            while start < m {
                let bucket = keys[start] >> 16;
                let mut end = start + 1;
                while end < m && keys[end] >> 16 == bucket {
                    end += 1;
                }
                if end - start > 1 && bucket != NO_SCORE_BUCKET {
                    order[start..end].sort_by(|&a, &b| draw[b].total_cmp(&draw[a]).then(a.cmp(&b)));
                }
                start = end;
            }
            let places = &mut places[t * m..(t + 1) * m];
            for (rank, &j) in order.iter().enumerate() {
                places[j] = rank as u16;
            }
            let first = order[0];
            r.winners.push(if draw[first].is_nan() {
                usize::MAX
            } else {
                first
            });
        }
        for (j, row) in rank_counts.chunks_exact_mut(m).enumerate().take(m) {
            for t in 0..len {
                row[usize::from(places[t * m + j])] += 1;
            }
        }
        r
    }
}

/// The bucket of the highest scores ([`Plan::block`]'s ranking); the lowest are in 0.
const LAST_BUCKET: u32 = 0xFFFE;

/// The bucket of processes with no score, after every score.
const NO_SCORE_BUCKET: u32 = 0xFFFF;

/// Adds the counts of `recent` to `total` and sets them to 0.
fn flush_counts(recent: &mut [u16], total: &mut [u32]) {
    for (t, r) in total.iter_mut().zip(recent.iter_mut()) {
        *t += u32::from(*r);
        *r = 0;
    }
}

/// Sorts keys by their upper 16 bits, stably (least significant byte first, a byte that is
/// the same in every key skipped); `spare` is scratch room of the same length.
fn radix_sort_buckets(keys: &mut Vec<u32>, spare: &mut Vec<u32>) {
    let n = keys.len();
    spare.resize(n, 0);
    let mut counts = [[0usize; 256]; 2];
    for k in keys.iter() {
        counts[0][((k >> 16) & 0xFF) as usize] += 1;
        counts[1][(k >> 24) as usize] += 1;
    }
    for (counts, shift) in counts.iter_mut().zip([16u32, 24]) {
        if counts.contains(&n) {
            continue;
        }
        let mut at = 0;
        for c in counts.iter_mut() {
            let here = *c;
            *c = at;
            at += here;
        }
        for k in keys.iter() {
            let digit = ((k >> shift) & 0xFF) as usize;
            spare[counts[digit]] = *k;
            counts[digit] += 1;
        }
        std::mem::swap(keys, spare);
    }
}

/// A one-at-a-time sweep of one criterion's weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sweep {
    /// The criterion's flat index.
    pub criterion: usize,
    /// The overall score with this criterion's weight at 0 (the others as in the profile).
    pub at_zero: f64,
    /// The overall score with its weight doubled.
    pub doubled: f64,
}

/// The overall score of one row of cells as each criterion's weight goes to 0 and to twice
/// its value, the others staying the profile's (in the form of [`central_weights`]): the bars
/// of a tornado chart, largest swing first (ties in grid order). NaN where there is no score.
pub fn sweep(scorer: &BatchScorer<'_>, cells: &[f64]) -> Vec<Sweep> {
    let centre = central_weights(scorer);
    let nd = scorer.dimensions();
    let mut row = vec![0.0; scorer.row_width()];
    let mut score = |w: &[f64]| {
        scorer.with_weights(w).score_row(cells, &mut row);
        row[nd]
    };
    let mut out: Vec<Sweep> = (0..centre.len())
        .map(|i| {
            let mut w = centre.clone();
            w[i] = 0.0;
            let at_zero = if w.iter().any(|x| *x > 0.0) {
                score(&w)
            } else {
                f64::NAN
            };
            w[i] = 2.0 * centre[i];
            let doubled = score(&w);
            Sweep {
                criterion: i,
                at_zero,
                doubled,
            }
        })
        .collect();
    let swing = |s: &Sweep| {
        let d = (s.doubled - s.at_zero).abs();
        if d.is_nan() { 0.0 } else { d }
    };
    out.sort_by(|a, b| {
        swing(b)
            .total_cmp(&swing(a))
            .then(a.criterion.cmp(&b.criterion))
    });
    out
}
