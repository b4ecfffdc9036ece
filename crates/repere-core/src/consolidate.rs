//! Consolidation: several assessments of the same grid merged criterion by criterion, with
//! divergence flags and the agreement between assessors.

use crate::agreement::{AgreementError, Alpha, MeasurementLevel, RatingTableBuilder};
use crate::{
    Assessment, CriterionStatus, Grid, GridRef, Id, Phase, Problems, Profile, Role, ScaleKind,
    ScoreError, Scorecard, Scorer, Value,
};

/// When ratings count as divergent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ConsolidateOptions {
    /// On ordinal scales, ratings this many levels apart or more are flagged (default 2).
    pub level_gap: usize,
    /// On other scales, scores this far apart or more are flagged (default 0.5).
    pub score_gap: f64,
    /// Mean scores of two roles this far apart or more are flagged (default 0.34, about one
    /// level of a four-level scale).
    pub role_gap: f64,
    /// Criteria whose agreement across processes is below this are flagged (default 0.667,
    /// the conventional floor for tentative conclusions).
    pub min_alpha: f64,
}

impl Default for ConsolidateOptions {
    fn default() -> Self {
        Self {
            level_gap: 2,
            score_gap: 0.5,
            role_gap: 0.34,
            min_alpha: crate::agreement::TENTATIVE_ALPHA,
        }
    }
}

/// One assessment taking part in a consolidation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Member {
    /// The process assessed.
    pub process: String,
    /// The assessor.
    pub assessor: String,
    /// The assessor's role.
    pub role: Role,
    /// The phase.
    pub phase: Phase,
}

/// Why ratings of a criterion are flagged.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Divergence {
    /// On an ordinal scale, ratings `levels_apart` levels apart (of one process).
    LevelSpread {
        /// The process.
        process: String,
        /// The lowest level given.
        lowest: Id,
        /// The highest level given.
        highest: Id,
        /// How many levels apart.
        levels_apart: usize,
    },
    /// On another scale, scores `range` apart (of one process).
    ScoreSpread {
        /// The process.
        process: String,
        /// Highest minus lowest score.
        range: f64,
    },
    /// Two roles' mean scores differ by `gap` (of one process).
    RolesDisagree {
        /// The process.
        process: String,
        /// The role with the lower mean.
        lower: Role,
        /// The role with the higher mean.
        higher: Role,
        /// The difference of the means.
        gap: f64,
    },
    /// Some assessors rate the criterion, others say it does not apply (of one process).
    Applicability {
        /// The process.
        process: String,
        /// How many rated it.
        rated: usize,
        /// How many said not applicable.
        not_applicable: usize,
    },
    /// Across processes, the assessors agree poorly on this criterion: its descriptors may be
    /// applied inconsistently.
    LowAgreement {
        /// Krippendorff's alpha (ordinal) across processes.
        alpha: f64,
    },
}

/// One criterion across the assessments.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CriterionSummary {
    /// The criterion.
    pub id: Id,
    /// Its dimension.
    pub dimension: Id,
    /// Per member (in input order), the score when rated.
    pub scores: Vec<Option<f64>>,
    /// Per member, the label of the rating (level, number, yes/no) when rated.
    pub labels: Vec<Option<String>>,
    /// How many members rated it.
    pub rated: usize,
    /// How many said it does not apply.
    pub not_applicable: usize,
    /// How many did not assess it.
    pub not_assessed: usize,
    /// The median score of the ratings.
    pub median: Option<f64>,
    /// The mean score of the ratings.
    pub mean: Option<f64>,
    /// The lowest score.
    pub min: Option<f64>,
    /// The highest score.
    pub max: Option<f64>,
    /// How many ratings each label got, in scale order for ordinal scales.
    pub distribution: Vec<(String, usize)>,
    /// The mean score per role, in role order.
    pub by_role: Vec<(Role, f64)>,
    /// The agreement across processes (units = processes, raters = assessors), when the
    /// assessments cover several processes.
    pub agreement: Option<Result<Alpha, AgreementError>>,
    /// Why the ratings are flagged.
    pub divergences: Vec<Divergence>,
}

/// Several assessments of the same grid, consolidated.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Consolidation {
    /// The grid.
    pub grid: GridRef,
    /// The assessments, in input order.
    pub members: Vec<Member>,
    /// Each assessment's scorecard, in input order (dimension scores side by side).
    pub scorecards: Vec<Scorecard>,
    /// Per criterion, in grid order.
    pub criteria: Vec<CriterionSummary>,
    /// The processes, in order of first appearance.
    pub processes: Vec<String>,
    /// The assessors' agreement over all ratings (units = process × criterion, raters =
    /// assessors, ordinal level on the normalised scores).
    pub agreement: Result<Alpha, AgreementError>,
}

/// Why assessments could not be consolidated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConsolidateError {
    /// Fewer than two assessments.
    #[error("consolidation needs at least two assessments, found {0}")]
    TooFew(usize),
    /// The profile does not fit the grid.
    #[error("the profile does not fit the grid: {0}")]
    Profile(Problems),
    /// An assessment does not fit the grid.
    #[error("assessment {index} ({assessor}) does not fit the grid: {source}")]
    Assessment {
        /// Its position in the input, from 1.
        index: usize,
        /// Its assessor.
        assessor: String,
        /// What is wrong.
        source: ScoreError,
    },
}

/// Consolidates assessments of one grid (of one process, or of several processes each rated
/// by several assessors).
pub fn consolidate(
    grid: &Grid,
    profile: &Profile,
    assessments: &[Assessment],
    opts: &ConsolidateOptions,
) -> Result<Consolidation, ConsolidateError> {
    if assessments.len() < 2 {
        return Err(ConsolidateError::TooFew(assessments.len()));
    }
    let scorer = Scorer::new(grid, profile).map_err(|e| match e {
        ScoreError::Profile(p) | ScoreError::Assessment(p) => ConsolidateError::Profile(p),
    })?;
    let scorecards = assessments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            scorer
                .score(a)
                .map_err(|source| ConsolidateError::Assessment {
                    index: i + 1,
                    assessor: a.assessor.name.clone(),
                    source,
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let members: Vec<Member> = assessments
        .iter()
        .map(|a| Member {
            process: a.process.name.clone(),
            assessor: a.assessor.name.clone(),
            role: a.assessor.role,
            phase: a.phase,
        })
        .collect();
    let mut processes: Vec<String> = Vec::new();
    for m in &members {
        if !processes.contains(&m.process) {
            processes.push(m.process.clone());
        }
    }
    let mut all = RatingTableBuilder::new();
    let mut criteria = Vec::new();
    for (ci, (dim, crit)) in grid.criteria().enumerate() {
        let scale = grid.scale_of(crit);
        let statuses: Vec<&CriterionStatus> =
            scorecards.iter().map(|c| &c.criteria[ci].status).collect();
        let scores: Vec<Option<f64>> = scorecards.iter().map(|c| c.criteria[ci].score()).collect();
        let labels: Vec<Option<String>> = statuses
            .iter()
            .map(|s| match s {
                CriterionStatus::Rated { label, .. } => Some(label.to_string()),
                _ => None,
            })
            .collect();
        let mut rated: Vec<f64> = scores.iter().flatten().copied().collect();
        rated.sort_by(f64::total_cmp);
        let n = rated.len();
        let median = (n > 0).then(|| {
            if n % 2 == 1 {
                rated[n / 2]
            } else {
                (rated[n / 2 - 1] + rated[n / 2]) / 2.0
            }
        });
        let mean = (n > 0).then(|| rated.iter().sum::<f64>() / n as f64);
        let not_applicable = statuses
            .iter()
            .filter(|s| matches!(s, CriterionStatus::NotApplicable { .. }))
            .count();
        let distribution = distribution(scale, &labels, &statuses);
        let mut by_role: Vec<(Role, f64)> = Vec::new();
        for role in Role::ALL {
            let xs: Vec<f64> = members
                .iter()
                .zip(&scores)
                .filter(|(m, _)| m.role == *role)
                .filter_map(|(_, s)| *s)
                .collect();
            if !xs.is_empty() {
                by_role.push((*role, xs.iter().sum::<f64>() / xs.len() as f64));
            }
        }
        let mut divergences = Vec::new();
        for process in &processes {
            let idx: Vec<usize> = (0..members.len())
                .filter(|&i| &members[i].process == process)
                .collect();
            divergences.extend(process_divergences(
                process, &idx, &members, &scores, &statuses, scale, opts,
            ));
        }
        let agreement = (processes.len() >= 2).then(|| {
            let mut b = RatingTableBuilder::new();
            for (m, s) in members.iter().zip(&scores) {
                if let Some(s) = s {
                    b.push(&m.process, &m.assessor, *s)?;
                }
            }
            crate::agreement::krippendorff_alpha(&b.build()?, MeasurementLevel::Ordinal)
        });
        if let Some(Ok(a)) = &agreement
            && a.value < opts.min_alpha
        {
            divergences.push(Divergence::LowAgreement { alpha: a.value });
        }
        for (m, s) in members.iter().zip(&scores) {
            if let Some(s) = s {
                // A member rates a criterion of a process once: no duplicate is possible
                // unless two assessments share process and assessor, reported by `agreement`.
                let unit = format!("{}\u{1f}{}", m.process, crit.id);
                let _ = all.push(&unit, &m.assessor, *s);
            }
        }
        criteria.push(CriterionSummary {
            id: crit.id.clone(),
            dimension: dim.id.clone(),
            rated: n,
            not_applicable,
            not_assessed: members.len() - n - not_applicable,
            median,
            mean,
            min: rated.first().copied(),
            max: rated.last().copied(),
            scores,
            labels,
            distribution,
            by_role,
            agreement,
            divergences,
        });
    }
    let agreement = all
        .build()
        .and_then(|t| crate::agreement::krippendorff_alpha(&t, MeasurementLevel::Ordinal));
    Ok(Consolidation {
        grid: GridRef::to(grid),
        members,
        scorecards,
        criteria,
        processes,
        agreement,
    })
}

fn distribution(
    scale: &crate::Scale,
    labels: &[Option<String>],
    statuses: &[&CriterionStatus],
) -> Vec<(String, usize)> {
    match &scale.kind {
        ScaleKind::Ordinal(levels) => levels
            .iter()
            .map(|l| {
                let count = statuses
                    .iter()
                    .filter(|s| matches!(s, CriterionStatus::Rated { value: Value::Level(id), .. } if *id == l.id))
                    .count();
                (l.id.to_string(), count)
            })
            .collect(),
        _ => {
            let mut out: Vec<(String, usize)> = Vec::new();
            for l in labels.iter().flatten() {
                match out.iter_mut().find(|(x, _)| x == l) {
                    Some((_, c)) => *c += 1,
                    None => out.push((l.clone(), 1)),
                }
            }
            out
        }
    }
}

fn process_divergences(
    process: &str,
    idx: &[usize],
    members: &[Member],
    scores: &[Option<f64>],
    statuses: &[&CriterionStatus],
    scale: &crate::Scale,
    opts: &ConsolidateOptions,
) -> Vec<Divergence> {
    let mut out = Vec::new();
    let rated: Vec<usize> = idx
        .iter()
        .copied()
        .filter(|&i| scores[i].is_some())
        .collect();
    let na = idx
        .iter()
        .filter(|&&i| {
            matches!(
                statuses[i],
                CriterionStatus::NotApplicable {
                    reason: crate::NotApplicableReason::Assessor(_),
                }
            )
        })
        .count();
    if !rated.is_empty() && na > 0 {
        out.push(Divergence::Applicability {
            process: process.to_owned(),
            rated: rated.len(),
            not_applicable: na,
        });
    }
    if rated.len() >= 2 {
        match &scale.kind {
            ScaleKind::Ordinal(_) => {
                let pos = |i: usize| match statuses[i] {
                    CriterionStatus::Rated {
                        value: Value::Level(id),
                        ..
                    } => scale.level(id.as_str()).map(|(p, l)| (p, l.id.clone())),
                    _ => None,
                };
                let levels: Vec<(usize, Id)> = rated.iter().filter_map(|&i| pos(i)).collect();
                if let (Some(lo), Some(hi)) = (
                    levels.iter().min_by_key(|x| x.0),
                    levels.iter().max_by_key(|x| x.0),
                ) && hi.0 - lo.0 >= opts.level_gap
                {
                    out.push(Divergence::LevelSpread {
                        process: process.to_owned(),
                        lowest: lo.1.clone(),
                        highest: hi.1.clone(),
                        levels_apart: hi.0 - lo.0,
                    });
                }
            }
            _ => {
                let xs: Vec<f64> = rated.iter().filter_map(|&i| scores[i]).collect();
                let range = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                    - xs.iter().copied().fold(f64::INFINITY, f64::min);
                if range >= opts.score_gap {
                    out.push(Divergence::ScoreSpread {
                        process: process.to_owned(),
                        range,
                    });
                }
            }
        }
        let mut means: Vec<(Role, f64)> = Vec::new();
        for role in Role::ALL {
            let xs: Vec<f64> = rated
                .iter()
                .filter(|&&i| members[i].role == *role)
                .filter_map(|&i| scores[i])
                .collect();
            if !xs.is_empty() {
                means.push((*role, xs.iter().sum::<f64>() / xs.len() as f64));
            }
        }
        if let (Some(lo), Some(hi)) = (
            means.iter().min_by(|a, b| a.1.total_cmp(&b.1)),
            means.iter().max_by(|a, b| a.1.total_cmp(&b.1)),
        ) && hi.1 - lo.1 >= opts.role_gap
            && lo.0 != hi.0
        {
            out.push(Divergence::RolesDisagree {
                process: process.to_owned(),
                lower: lo.0,
                higher: hi.0,
                gap: hi.1 - lo.1,
            });
        }
    }
    out
}
