//! Sensitivity of scores and ranks to the weights (`repere sensitivity`): SMAA-2.

use schemars::JsonSchema;
use serde::Serialize;

use repere_core::batch::BatchScorer;
use repere_core::sensitivity::{Smaa, Sweep};

use crate::ReportLang;
use crate::doc::batch::ColumnDoc;
use crate::document::{Kind, Report};

/// The rank acceptability of processes under many weight vectors (`repere-sensitivity/1`).
///
/// Formats: text (a summary per process), CSV (`process,expected_rank,rank1,…,rankM`, shares
/// written `%.6f`), JSON, HTML (acceptability bars, score ranges, and for one process its score
/// distribution and a tornado chart of the one-at-a-time sweep).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct SensitivityDoc {
    /// Always `repere-sensitivity/1`.
    pub format: String,
    /// The language of the texts.
    pub lang: ReportLang,
    /// The grid's id.
    pub grid: String,
    /// The grid's version.
    pub grid_version: String,
    /// The grid's title.
    pub grid_title: String,
    /// The profile's id.
    pub profile: String,
    /// Whether the data are illustrative.
    pub illustrative: bool,
    /// Where the weight vectors come from.
    pub draws: DrawsDoc,
    /// The criteria, in grid order (the weights' order).
    pub criteria: Vec<ColumnDoc>,
    /// The profile's bands, lowest first.
    pub bands: Vec<ColumnDoc>,
    /// The profile's weights as one vector of criterion weights (summing to 1).
    pub profile_weights: Vec<f64>,
    /// Per process, in input order.
    pub processes: Vec<ProcessSmaaDoc>,
    /// For a single process: its score's distribution and the one-at-a-time sweep.
    pub single: Option<SingleDoc>,
}

/// Where the weight vectors come from.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DrawsDoc {
    /// How they were obtained.
    pub kind: DrawsKind,
    /// How many.
    pub count: usize,
    /// The seed (drawn vectors).
    pub seed: Option<u64>,
    /// The Dirichlet concentration (around the profile's weights).
    pub concentration: Option<f64>,
    /// The file they were read from.
    pub file: Option<String>,
}

/// How the weight vectors were obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DrawsKind {
    /// Uniformly on the simplex.
    Uniform,
    /// From a Dirichlet distribution around the profile's weights.
    Dirichlet,
    /// Read from a file.
    File,
}

/// One process's results.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ProcessSmaaDoc {
    /// The process (assessment name).
    pub process: String,
    /// Its expected rank: Σ r × acceptability(r).
    pub expected_rank: f64,
    /// Its rank acceptability indices: the share of draws in which it takes rank 1, 2, …
    pub acceptability: Vec<f64>,
    /// Its central weight vector (the mean of the draws that make it first); `null` when no
    /// draw does.
    pub central_weights: Option<Vec<f64>>,
    /// Its lowest overall score over the draws.
    pub score_min: Option<f64>,
    /// Its highest.
    pub score_max: Option<f64>,
    /// Its mean.
    pub score_mean: Option<f64>,
    /// The share of draws in which it has no overall score.
    pub no_score: f64,
    /// The share of draws in which its overall score falls in each band, lowest first.
    pub bands: Vec<f64>,
}

/// One process alone: its score under the draws and as each weight moves.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct SingleDoc {
    /// Its overall score with the profile's weights.
    pub profile_score: Option<f64>,
    /// Quantiles of its score over the draws: 5 %, 25 %, 50 %, 75 %, 95 %.
    pub quantiles: Option<[f64; 5]>,
    /// How many draws gave a score in each tenth of [0, 1] (the last includes 1).
    pub histogram: Vec<u64>,
    /// Each criterion's weight at 0 and doubled, largest swing first.
    pub sweep: Vec<SweepDoc>,
}

/// One bar of the tornado chart.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct SweepDoc {
    /// The criterion's id.
    pub criterion: String,
    /// Its label.
    pub label: String,
    /// The overall score with its weight at 0.
    pub at_zero: Option<f64>,
    /// With its weight doubled.
    pub doubled: Option<f64>,
}

fn num(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

impl SensitivityDoc {
    /// The document of an analysis run with `scorer`: `names` are the processes in order,
    /// `profile_weights` the profile's weights as one vector
    /// ([`central_weights`](repere_core::sensitivity::central_weights)), `sweep` and
    /// `profile_score` for a single process.
    #[expect(clippy::too_many_arguments, reason = "one builder, every part named")]
    pub fn new(
        scorer: &BatchScorer<'_>,
        lang: ReportLang,
        draws: DrawsDoc,
        names: &[&str],
        smaa: &Smaa,
        profile_weights: Vec<f64>,
        sweep: Option<(&[Sweep], f64)>,
        illustrative: bool,
    ) -> Self {
        let grid = scorer.grid();
        let l = lang.lang();
        let fb = grid.default_lang();
        let criteria: Vec<ColumnDoc> = grid
            .criteria()
            .map(|(_, c)| ColumnDoc {
                id: c.id.to_string(),
                label: c.label.get(&l, fb).to_owned(),
            })
            .collect();
        let m = smaa.processes;
        let processes = (0..m)
            .map(|j| {
                let central = smaa.central_weights(j);
                ProcessSmaaDoc {
                    process: names.get(j).copied().unwrap_or_default().to_owned(),
                    expected_rank: smaa.expected_rank(j),
                    acceptability: (1..=m).map(|r| smaa.acceptability(j, r)).collect(),
                    central_weights: (!central.iter().any(|x| x.is_nan()))
                        .then(|| central.to_vec()),
                    score_min: num(smaa.score_min[j]),
                    score_max: num(smaa.score_max[j]),
                    score_mean: num(smaa.score_mean[j]),
                    no_score: smaa.no_score[j] as f64 / smaa.draws as f64,
                    bands: (0..smaa.bands).map(|b| smaa.band_share(j, b)).collect(),
                }
            })
            .collect();
        let single = sweep.map(|(sweep, profile_score)| {
            let mut s: Vec<f64> = smaa
                .scores
                .iter()
                .copied()
                .filter(|x| !x.is_nan())
                .collect();
            s.sort_by(f64::total_cmp);
            let q = |p: f64| {
                let pos = p * (s.len() - 1) as f64;
                let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
                s[lo] + (s[hi] - s[lo]) * (pos - lo as f64)
            };
            let mut histogram = vec![0u64; 10];
            for x in &s {
                histogram[((x * 10.0).floor() as usize).min(9)] += 1;
            }
            SingleDoc {
                profile_score: num(profile_score),
                quantiles: (!s.is_empty()).then(|| [q(0.05), q(0.25), q(0.5), q(0.75), q(0.95)]),
                histogram,
                sweep: sweep
                    .iter()
                    .map(|w| SweepDoc {
                        criterion: criteria[w.criterion].id.clone(),
                        label: criteria[w.criterion].label.clone(),
                        at_zero: num(w.at_zero),
                        doubled: num(w.doubled),
                    })
                    .collect(),
            }
        });
        SensitivityDoc {
            format: Kind::Sensitivity.format_tag().to_owned(),
            lang,
            grid: grid.id().to_string(),
            grid_version: grid.version().to_owned(),
            grid_title: grid.title().get(&l, fb).to_owned(),
            profile: scorer.profile().id.to_string(),
            illustrative,
            draws,
            criteria,
            bands: scorer
                .profile()
                .bands
                .iter()
                .map(|b| ColumnDoc {
                    id: b.id.to_string(),
                    label: b.label.get(&l, fb).to_owned(),
                })
                .collect(),
            profile_weights,
            processes,
            single,
        }
    }
}

impl Report for SensitivityDoc {
    const KIND: Kind = Kind::Sensitivity;

    fn lang(&self) -> ReportLang {
        self.lang
    }
}
