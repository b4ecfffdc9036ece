//! Statistics across processes: each criterion's and dimension's distribution, the criteria
//! weak everywhere, rankings with ties.

use super::{BatchScorer, NOT_APPLICABLE, is_rated};
use crate::WEAKNESS_AT;

/// Quartiles and extremes of a set of scores (linear interpolation between order statistics,
/// as the usual "type 7" definition: the quantile p of n sorted values is at position
/// p·(n − 1)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Distribution {
    /// How many scores.
    pub n: usize,
    /// The lowest.
    pub min: f64,
    /// The first quartile.
    pub q1: f64,
    /// The median.
    pub median: f64,
    /// The third quartile.
    pub q3: f64,
    /// The highest.
    pub max: f64,
    /// The mean.
    pub mean: f64,
}

impl Distribution {
    /// The distribution of the scores (NaN values left out); `None` when there is none.
    ///
    /// ```
    /// use repere_core::batch::stats::Distribution;
    /// let d = Distribution::of(&[0.0, 0.25, 0.5, 1.0, f64::NAN]).unwrap();
    /// assert_eq!((d.n, d.q1, d.median, d.q3), (4, 0.1875, 0.375, 0.625));
    /// ```
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let pos = p * (v.len() - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = pos.ceil() as usize;
            let f = pos - lo as f64;
            if lo == hi {
                v[lo]
            } else {
                v[lo] + (v[hi] - v[lo]) * f
            }
        };
        Some(Self {
            n: v.len(),
            min: v[0],
            q1: q(0.25),
            median: q(0.5),
            q3: q(0.75),
            max: v[v.len() - 1],
            mean: v.iter().sum::<f64>() / v.len() as f64,
        })
    }
}

/// One criterion across processes.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionAcross {
    /// The criterion's flat index in the grid.
    pub criterion: usize,
    /// The distribution of its scores among the processes that rated it.
    pub scores: Option<Distribution>,
    /// Processes that rated it not applicable.
    pub not_applicable: usize,
    /// Processes that did not assess it.
    pub not_assessed: usize,
    /// On an ordinal scale, how many processes rated it at each level, lowest first (empty for
    /// other scales).
    pub levels: Vec<usize>,
    /// Whether it is weak everywhere ([`weak_everywhere`]).
    pub weak_everywhere: bool,
}

/// One dimension (or the overall score) across processes.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionAcross {
    /// The distribution of its scores among the processes that have one.
    pub scores: Option<Distribution>,
    /// Processes without a score.
    pub no_score: usize,
}

/// Whether a criterion is weak everywhere: rated by at least one process, and three quarters
/// of the processes that rated it score it at most [`WEAKNESS_AT`] (its third quartile is at
/// most that).
pub fn weak_everywhere(scores: Option<&Distribution>) -> bool {
    scores.is_some_and(|d| d.q3 <= WEAKNESS_AT)
}

/// The rows of a batch summarised across processes.
#[derive(Debug, Clone, PartialEq)]
pub struct Across {
    /// Per criterion, in grid order.
    pub criteria: Vec<CriterionAcross>,
    /// Per dimension, in grid order.
    pub dimensions: Vec<DimensionAcross>,
    /// The overall score.
    pub overall: DimensionAcross,
    /// The rank of each process by its overall score ([`ranks`]).
    pub overall_ranks: Vec<Option<Rank>>,
}

/// Summarises a batch: `cells` are the rows' cells (as [`BatchScorer::score_row`] takes
/// them), `rows` their scored rows (as it writes them).
///
/// # Panics
///
/// When the lengths are not whole rows of the scorer (a programming error).
pub fn across(scorer: &BatchScorer<'_>, cells: &[f64], rows: &[f64]) -> Across {
    let k = scorer.criteria();
    let w = scorer.row_width();
    let n = cells.len().checked_div(k).unwrap_or(0);
    assert_eq!(n * k, cells.len(), "whole rows of cells");
    assert_eq!(n * w, rows.len(), "one scored row per row of cells");
    let grid = scorer.grid();
    let mut criteria = Vec::with_capacity(k);
    let mut column = Vec::with_capacity(n);
    for (i, (_, c)) in grid.criteria().enumerate() {
        column.clear();
        let (mut na, mut missing) = (0, 0);
        let levels: Vec<f64> = match &grid.scale_of(c).kind {
            crate::ScaleKind::Ordinal(ls) => ls
                .iter()
                .map(|l| {
                    grid.scale_of(c)
                        .normalise(&crate::Value::Level(l.id.clone()))
                })
                .map(|r| r.unwrap_or(f64::NAN))
                .collect(),
            _ => Vec::new(),
        };
        let mut counts = vec![0usize; levels.len()];
        for r in 0..n {
            let x = cells[r * k + i];
            if x == NOT_APPLICABLE {
                na += 1;
            } else if is_rated(x) {
                column.push(x);
                if let Some(p) = levels.iter().position(|l| *l == x) {
                    counts[p] += 1;
                }
            } else {
                missing += 1;
            }
        }
        let scores = Distribution::of(&column);
        criteria.push(CriterionAcross {
            criterion: i,
            weak_everywhere: weak_everywhere(scores.as_ref()),
            scores,
            not_applicable: na,
            not_assessed: missing,
            levels: counts,
        });
    }
    let col = |j: usize| -> Vec<f64> { (0..n).map(|r| rows[r * w + j]).collect() };
    let summary = |v: &[f64]| DimensionAcross {
        scores: Distribution::of(v),
        no_score: v.iter().filter(|x| x.is_nan()).count(),
    };
    let dimensions = (0..scorer.dimensions()).map(|d| summary(&col(d))).collect();
    let overall_scores = col(scorer.dimensions());
    Across {
        criteria,
        dimensions,
        overall: summary(&overall_scores),
        overall_ranks: ranks(&overall_scores),
    }
}

/// A rank among processes: 1 is the highest score; processes with equal scores share the
/// best of their places ("1, 2, 2, 4").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    /// The rank.
    pub rank: usize,
    /// Whether another process has the same score.
    pub tied: bool,
}

/// The ranks of scores, highest first, equal scores tied at the best of their places; NaN
/// (no score) has no rank.
///
/// ```
/// use repere_core::batch::stats::{Rank, ranks};
/// let r = ranks(&[0.5, 0.75, 0.5, f64::NAN, 0.25]);
/// assert_eq!(r[1], Some(Rank { rank: 1, tied: false }));
/// assert_eq!(r[0], Some(Rank { rank: 2, tied: true }));
/// assert_eq!(r[2], Some(Rank { rank: 2, tied: true }));
/// assert_eq!(r[3], None);
/// assert_eq!(r[4], Some(Rank { rank: 4, tied: false }));
/// ```
pub fn ranks(scores: &[f64]) -> Vec<Option<Rank>> {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| !scores[i].is_nan()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut out = vec![None; scores.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && scores[order[end]] == scores[order[start]] {
            end += 1;
        }
        for &i in &order[start..end] {
            out[i] = Some(Rank {
                rank: start + 1,
                tied: end - start > 1,
            });
        }
        start = end;
    }
    out
}
