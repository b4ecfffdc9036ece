//! The comparison document ([`ComparisonDoc`]): two scorecards of the same grid side by
//! side, and its builder.

use repere_core::{Change, Comparison, Delta, Phase, Role};
use schemars::JsonSchema;
use serde::Serialize;

use super::scorecard::{ScorecardDoc, TargetDoc};
use crate::code::Code;
use crate::document::{Kind, Report};
use crate::i18n::ReportLang;

/// A comparison report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ComparisonDoc {
    /// Always `repere-comparison/1`.
    pub format: String,
    /// The language of the texts.
    pub lang: ReportLang,
    /// The grid id.
    pub grid: String,
    /// The grid version.
    pub grid_version: String,
    /// The first assessment.
    pub before: SideDoc,
    /// The second assessment.
    pub after: SideDoc,
    /// The overall scores, when both have one.
    pub overall: Option<DeltaDoc>,
    /// Per dimension.
    pub dimensions: Vec<DeltaDoc>,
    /// Per criterion.
    pub criteria: Vec<DeltaDoc>,
    /// When the second assessment was made on another grid: how it was carried onto the
    /// first one's through a crosswalk, and what was not. Empty otherwise.
    pub carried: Vec<crate::CarriedDoc>,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct SideDoc {
    /// The process.
    pub process: String,
    /// The assessor.
    pub assessor: String,
    /// The role.
    pub role: Code<Role>,
    /// The phase.
    pub phase: Code<Phase>,
    /// The date.
    pub date: Option<String>,
}

/// One compared node.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DeltaDoc {
    /// The criterion or dimension id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The first score.
    pub before: Option<f64>,
    /// The second score.
    pub after: Option<f64>,
    /// after − before.
    pub delta: Option<f64>,
    /// The first level or band.
    pub level_before: Option<String>,
    /// The second level or band.
    pub level_after: Option<String>,
    /// `up`, `down`, `same`, `newly-rated`, `no-longer-rated` or `unrated`.
    pub change: Code<Change>,
    /// For a criterion, the ambition set for it (the target of the second assessment, which
    /// may have been carried over from framing) and the gap of the second score to it.
    pub target: Option<TargetDoc>,
}

impl ComparisonDoc {
    /// Builds the document from the two scorecard documents and their comparison, in the
    /// language of the first.
    pub fn new(before: &ScorecardDoc, after: &ScorecardDoc, cmp: &Comparison) -> Self {
        let side = |d: &ScorecardDoc| SideDoc {
            process: d.process.name.clone(),
            assessor: d.assessment.assessor.clone(),
            role: d.assessment.role,
            phase: d.assessment.phase,
            date: d.assessment.date.clone(),
        };
        let delta = |d: &Delta, label: String| DeltaDoc {
            id: d.id.to_string(),
            label,
            before: d.before,
            after: d.after,
            delta: d.delta,
            level_before: d.label_before.clone(),
            level_after: d.label_after.clone(),
            change: Code(d.change),
            target: None,
        };
        let dim_label = |id: &str| {
            before
                .dimensions
                .iter()
                .find(|d| d.id == id)
                .map_or_else(|| id.to_owned(), |d| d.label.clone())
        };
        ComparisonDoc {
            format: Kind::Comparison.format_tag().to_owned(),
            lang: before.lang,
            grid: before.grid.id.clone(),
            grid_version: before.grid.version.clone(),
            before: side(before),
            after: side(after),
            overall: cmp.overall.as_ref().map(|d| delta(d, "overall".to_owned())),
            dimensions: cmp
                .dimensions
                .iter()
                .map(|d| delta(d, dim_label(d.id.as_str())))
                .collect(),
            criteria: cmp
                .criteria
                .iter()
                .map(|d| DeltaDoc {
                    target: after
                        .criteria
                        .iter()
                        .find(|c| c.id == d.id.as_str())
                        .and_then(|c| c.target.clone()),
                    ..delta(d, before.criterion_label(d.id.as_str()).to_owned())
                })
                .collect(),
            carried: Vec::new(),
        }
    }

    /// The document with the account of the second assessment carried onto the first one's
    /// grid.
    #[must_use]
    pub fn with_carried(mut self, carried: Vec<crate::CarriedDoc>) -> Self {
        self.carried = carried;
        self
    }
}

impl Report for ComparisonDoc {
    const KIND: Kind = Kind::Comparison;

    fn lang(&self) -> ReportLang {
        self.lang
    }
}
