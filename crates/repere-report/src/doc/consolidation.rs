//! The consolidation document ([`ConsolidationDoc`]): several assessments of one grid side
//! by side, with the assessors' agreement and the divergences, and its builder.

use repere_core::agreement::{AgreementError, MeasurementLevel};
use repere_core::{
    Consolidation, CriterionSummary, Divergence, Grid, Phase, Profile, Provenance, Role,
};
use schemars::JsonSchema;
use serde::Serialize;

use crate::code::Code;
use crate::document::{Kind, Report};
use crate::i18n::{ReportLang, label};

/// A consolidation report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ConsolidationDoc {
    /// Always `repere-consolidation/1`.
    pub format: String,
    /// The language of labels.
    pub lang: ReportLang,
    /// The grid id.
    pub grid: String,
    /// The grid version.
    pub grid_version: String,
    /// The grid title.
    pub grid_title: String,
    /// The profile id.
    pub profile: String,
    /// The processes, in order of first appearance.
    pub processes: Vec<String>,
    /// The assessments, in input order.
    pub members: Vec<MemberDoc>,
    /// The assessors' agreement over all ratings.
    pub agreement: AssessorAgreementDoc,
    /// Per dimension, each member's score.
    pub dimensions: Vec<DimensionRowDoc>,
    /// Per criterion.
    pub criteria: Vec<CriterionRowDoc>,
    /// The assessments made on another grid and carried onto this one through a crosswalk:
    /// what was carried and what was not. Empty when every assessment is on this grid.
    pub carried: Vec<crate::CarriedDoc>,
}

/// An assessment of the consolidation.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct MemberDoc {
    /// The process.
    pub process: String,
    /// The assessor.
    pub assessor: String,
    /// The role.
    pub role: Code<Role>,
    /// The phase.
    pub phase: Code<Phase>,
}

/// Krippendorff's alpha between assessors, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AssessorAgreementDoc {
    /// Alpha, when defined.
    pub alpha: Option<f64>,
    /// The level of measurement.
    pub level: Code<MeasurementLevel>,
    /// Pairable units.
    pub units: Option<usize>,
    /// Pairable values.
    pub pairable_values: Option<usize>,
    /// Why alpha is undefined.
    pub undefined: Option<UndefinedDoc>,
}

/// Why alpha is undefined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "reason", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum UndefinedDoc {
    /// No unit is rated by two assessors or more.
    NoPairableUnits,
    /// The pairable ratings take fewer than two distinct values: nothing varies.
    TooFewDistinctValues {
        /// How many distinct values there are.
        found: usize,
    },
    /// One assessor rated a unit twice (two assessments under one assessor's name).
    RatedTwice {
        /// The unit (`process / criterion`).
        unit: String,
        /// The assessor.
        rater: String,
    },
    /// Another reason, in the core's words (English).
    Other {
        /// The reason.
        text: String,
    },
}

/// A dimension's scores by member.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DimensionRowDoc {
    /// The dimension id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Per member, the score.
    pub scores: Vec<Option<f64>>,
}

/// A criterion across members.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CriterionRowDoc {
    /// The criterion id.
    pub id: String,
    /// Its dimension.
    pub dimension: String,
    /// Its label.
    pub label: String,
    /// Its provenance.
    pub provenance: Code<Provenance>,
    /// Per member, the rating's label.
    pub ratings: Vec<Option<String>>,
    /// Per member, the score.
    pub scores: Vec<Option<f64>>,
    /// How many rated it.
    pub rated: usize,
    /// How many said not applicable.
    pub not_applicable: usize,
    /// How many did not assess it.
    pub not_assessed: usize,
    /// Median score.
    pub median: Option<f64>,
    /// Mean score.
    pub mean: Option<f64>,
    /// Lowest score.
    pub min: Option<f64>,
    /// Highest score.
    pub max: Option<f64>,
    /// Count per value: a level's id (or the value as written), and how many gave it.
    pub distribution: Vec<(String, usize)>,
    /// The labels of `distribution`'s values, in its order (a level's label, as reports show
    /// it).
    pub distribution_labels: Vec<String>,
    /// Mean score per role.
    pub by_role: Vec<(Code<Role>, f64)>,
    /// Agreement across processes, when several.
    pub agreement: Option<AssessorAgreementDoc>,
    /// Divergence flags, in words.
    pub divergences: Vec<DivergenceDoc>,
}

/// Alpha between assessors as in a document, or why it is undefined.
fn agreement_doc(
    a: &Result<repere_core::agreement::Alpha, AgreementError>,
) -> AssessorAgreementDoc {
    match a {
        Ok(a) => AssessorAgreementDoc {
            alpha: Some(a.value),
            level: Code(a.level),
            units: Some(a.units),
            pairable_values: Some(a.pairable_values),
            undefined: None,
        },
        Err(e) => AssessorAgreementDoc {
            alpha: None,
            level: Code(MeasurementLevel::Ordinal),
            units: None,
            pairable_values: None,
            undefined: Some(match e {
                AgreementError::NoPairableUnits => UndefinedDoc::NoPairableUnits,
                AgreementError::TooFewDistinctValues { found } => {
                    UndefinedDoc::TooFewDistinctValues { found: *found }
                }
                AgreementError::DuplicateRating { unit, rater, .. } => UndefinedDoc::RatedTwice {
                    unit: unit.clone(),
                    rater: rater.clone(),
                },
                other => UndefinedDoc::Other {
                    text: other.to_string(),
                },
            }),
        },
    }
}

/// A divergence between assessors of one criterion (or, across processes, a low agreement).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DivergenceDoc {
    /// On an ordinal scale, ratings this many levels apart (of one process).
    LevelSpread {
        /// The process.
        process: String,
        /// The lowest level given (its id).
        lowest: String,
        /// The highest level given (its id).
        highest: String,
        /// The lowest level's label.
        #[serde(rename = "lowest-label")]
        lowest_label: String,
        /// The highest level's label.
        #[serde(rename = "highest-label")]
        highest_label: String,
        /// How many levels apart.
        #[serde(rename = "levels-apart")]
        levels_apart: usize,
    },
    /// On another scale, scores this far apart (of one process).
    ScoreSpread {
        /// The process.
        process: String,
        /// Highest minus lowest score.
        range: f64,
    },
    /// Two roles' mean scores differ (of one process).
    RolesDisagree {
        /// The process.
        process: String,
        /// The role with the lower mean.
        lower: Code<Role>,
        /// The role with the higher mean.
        higher: Code<Role>,
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
        #[serde(rename = "not-applicable")]
        not_applicable: usize,
    },
    /// Across processes, the assessors agree poorly on this criterion.
    LowAgreement {
        /// Krippendorff's alpha across processes.
        alpha: f64,
    },
}

impl DivergenceDoc {
    /// The document of a divergence; `level` gives a level's label from its id.
    fn of(d: &Divergence, level: &dyn Fn(&str) -> String) -> Option<Self> {
        Some(match d {
            Divergence::LevelSpread {
                process,
                lowest,
                highest,
                levels_apart,
            } => DivergenceDoc::LevelSpread {
                process: process.clone(),
                lowest: lowest.to_string(),
                highest: highest.to_string(),
                lowest_label: level(lowest.as_str()),
                highest_label: level(highest.as_str()),
                levels_apart: *levels_apart,
            },
            Divergence::ScoreSpread { process, range } => DivergenceDoc::ScoreSpread {
                process: process.clone(),
                range: *range,
            },
            Divergence::RolesDisagree {
                process,
                lower,
                higher,
                gap,
            } => DivergenceDoc::RolesDisagree {
                process: process.clone(),
                lower: Code(*lower),
                higher: Code(*higher),
                gap: *gap,
            },
            Divergence::Applicability {
                process,
                rated,
                not_applicable,
            } => DivergenceDoc::Applicability {
                process: process.clone(),
                rated: *rated,
                not_applicable: *not_applicable,
            },
            Divergence::LowAgreement { alpha } => DivergenceDoc::LowAgreement { alpha: *alpha },
            _ => return None,
        })
    }
}

/// A divergence flag in words, in the report's language.
pub(crate) fn divergence_text(d: &DivergenceDoc, lang: ReportLang) -> String {
    match lang {
        ReportLang::Fr => divergence_fr(d),
        _ => divergence_en(d),
    }
}

fn divergence_fr(d: &DivergenceDoc) -> String {
    let lang = ReportLang::Fr;
    match d {
        DivergenceDoc::LevelSpread {
            process,
            lowest_label: lowest,
            highest_label: highest,
            levels_apart,
            ..
        } => format!("{process} : notes à {levels_apart} niveaux d'écart ({lowest} à {highest})"),
        DivergenceDoc::ScoreSpread { process, range } => format!(
            "{process} : scores à {} points d'écart",
            (range * 100.0).round()
        ),
        DivergenceDoc::RolesDisagree {
            process,
            lower,
            higher,
            gap,
        } => format!(
            "{process} : {} note plus haut que {} ({} points)",
            label(lang, *higher),
            label(lang, *lower),
            (gap * 100.0).round()
        ),
        DivergenceDoc::Applicability {
            process,
            rated,
            not_applicable,
        } => format!(
            "{process} : {rated} évaluent le critère, {not_applicable} le jugent sans objet"
        ),
        DivergenceDoc::LowAgreement { alpha } => format!(
            "accord faible entre processus (α = {}) : descripteurs appliqués de façon hétérogène ?",
            crate::i18n::decimals(lang, &format!("{alpha:.3}"))
        ),
    }
}

fn divergence_en(d: &DivergenceDoc) -> String {
    let lang = ReportLang::En;
    match d {
        DivergenceDoc::LevelSpread {
            process,
            lowest_label: lowest,
            highest_label: highest,
            levels_apart,
            ..
        } => format!("{process}: ratings {levels_apart} levels apart ({lowest} to {highest})"),
        DivergenceDoc::ScoreSpread { process, range } => {
            format!("{process}: scores {} points apart", (range * 100.0).round())
        }
        DivergenceDoc::RolesDisagree {
            process,
            lower,
            higher,
            gap,
        } => format!(
            "{process}: {} rate higher than {} ({} points)",
            label(lang, *higher),
            label(lang, *lower),
            (gap * 100.0).round()
        ),
        DivergenceDoc::Applicability {
            process,
            rated,
            not_applicable,
        } => format!(
            "{process}: {rated} rate the criterion, {not_applicable} find it not applicable"
        ),
        DivergenceDoc::LowAgreement { alpha } => format!(
            "low agreement across processes (α = {alpha:.3}): descriptors applied inconsistently?"
        ),
    }
}

impl ConsolidationDoc {
    /// Builds the document.
    pub fn new(grid: &Grid, profile: &Profile, c: &Consolidation, lang: ReportLang) -> Self {
        let b = Builder {
            grid,
            c,
            l: lang.lang(),
        };
        let fb = grid.default_lang();
        ConsolidationDoc {
            format: Kind::Consolidation.format_tag().to_owned(),
            lang,
            grid: grid.id().to_string(),
            grid_version: grid.version().to_owned(),
            grid_title: grid.title().get(&b.l, fb).to_owned(),
            profile: profile.id.to_string(),
            processes: c.processes.clone(),
            members: c
                .members
                .iter()
                .map(|m| MemberDoc {
                    process: m.process.clone(),
                    assessor: m.assessor.clone(),
                    role: Code(m.role),
                    phase: Code(m.phase),
                })
                .collect(),
            agreement: agreement_doc(&c.agreement),
            dimensions: b.dimensions(),
            criteria: c
                .criteria
                .iter()
                .enumerate()
                .map(|(ki, k)| b.criterion(ki, k))
                .collect(),
            carried: Vec::new(),
        }
    }

    /// The document with the accounts of the assessments carried onto its grid from another.
    #[must_use]
    pub fn with_carried(mut self, carried: Vec<crate::CarriedDoc>) -> Self {
        self.carried = carried;
        self
    }
}

impl Report for ConsolidationDoc {
    const KIND: Kind = Kind::Consolidation;

    fn lang(&self) -> ReportLang {
        self.lang
    }
}

/// What building a consolidation document needs: the grid, the consolidation, the language of
/// its labels.
struct Builder<'a> {
    grid: &'a Grid,
    c: &'a Consolidation,
    l: repere_core::Lang,
}

impl Builder<'_> {
    fn dimensions(&self) -> Vec<DimensionRowDoc> {
        let fb = self.grid.default_lang();
        self.grid
            .dimensions()
            .iter()
            .enumerate()
            .map(|(i, d)| DimensionRowDoc {
                id: d.id.to_string(),
                label: d.label.get(&self.l, fb).to_owned(),
                scores: self
                    .c
                    .scorecards
                    .iter()
                    .map(|s| s.dimensions[i].score())
                    .collect(),
            })
            .collect()
    }

    /// The row of criterion `k`, the `ki`-th of the consolidation.
    fn criterion(&self, ki: usize, k: &CriterionSummary) -> CriterionRowDoc {
        let (grid, l, fb) = (self.grid, &self.l, self.grid.default_lang());
        let crit = grid.criterion(k.id.as_str()).map(|(_, x)| x);
        let ratings = self
            .c
            .scorecards
            .iter()
            .map(|card| match (&card.criteria[ki].status, crit) {
                (repere_core::CriterionStatus::Rated { value, .. }, Some(x)) => {
                    Some(grid.scale_of(x).value_label(value, l, fb))
                }
                _ => None,
            })
            .collect();
        // A level's label from its id (values of other scales are labels already).
        let level_label = |v: &str| -> String {
            crit.map(|x| grid.scale_of(x))
                .and_then(|s| s.level(v))
                .map_or_else(|| v.to_owned(), |(_, lv)| lv.label.get(l, fb).to_owned())
        };
        CriterionRowDoc {
            id: k.id.to_string(),
            dimension: k.dimension.to_string(),
            label: crit.map_or_else(|| k.id.to_string(), |x| x.label.get(l, fb).to_owned()),
            provenance: Code(crit.map_or(Provenance::Illustrative, |x| x.provenance)),
            ratings,
            scores: k.scores.clone(),
            rated: k.rated,
            not_applicable: k.not_applicable,
            not_assessed: k.not_assessed,
            median: k.median,
            mean: k.mean,
            min: k.min,
            max: k.max,
            distribution: k.distribution.clone(),
            // Labels beside the ids: reports show the labels, as the ratings are shown.
            distribution_labels: k.distribution.iter().map(|(v, _)| level_label(v)).collect(),
            by_role: k.by_role.iter().map(|(r, m)| (Code(*r), *m)).collect(),
            agreement: k.agreement.as_ref().map(agreement_doc),
            divergences: k
                .divergences
                .iter()
                .filter_map(|d| DivergenceDoc::of(d, &level_label))
                .collect(),
        }
    }
}
