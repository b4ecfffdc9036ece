//! The report document: everything a report shows, resolved in one language. Every output
//! format renders this one document, and the JSON output is this document.

use repere_core::{
    Aggregate, Aggregation, Assessment, CriterionStatus, Exclusion, Grid, NoScore, Profile,
    Scorecard, fmt_number,
};
use schemars::JsonSchema;
use serde::Serialize;

use crate::i18n::ReportLang;

/// The version of the JSON report format.
pub const REPORT_FORMAT: &str = "repere-scorecard/1";

/// A scorecard report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ScorecardDoc {
    /// Always `repere-scorecard/1`.
    pub format: String,
    /// The language of labels: `fr` or `en`.
    pub lang: String,
    /// The grid scored against.
    pub grid: GridDoc,
    /// The profile used.
    pub profile: ProfileDoc,
    /// The process assessed.
    pub process: ProcessDoc,
    /// Who assessed, when, at which phase.
    pub assessment: AssessmentDoc,
    /// Completeness over the whole grid.
    pub completeness: CompletenessDoc,
    /// The overall result, when the profile computes one.
    pub overall: Option<AggregateDoc>,
    /// Per dimension, in grid order.
    pub dimensions: Vec<DimensionDoc>,
    /// Per criterion, in grid order.
    pub criteria: Vec<CriterionDoc>,
    /// Criteria scoring at least 0.75, best first.
    pub strengths: Vec<String>,
    /// Criteria scoring at most 0.25, weakest first.
    pub weaknesses: Vec<String>,
}

/// The grid and its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct GridDoc {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its content hash.
    pub hash: String,
    /// Its title.
    pub title: String,
    /// `sourced`, `partial` or `illustrative`.
    pub provenance: String,
    /// Its sources.
    pub sources: Vec<SourceDoc>,
}

/// A source.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct SourceDoc {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its URL.
    pub url: Option<String>,
    /// Its year.
    pub year: Option<i32>,
}

/// The profile.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ProfileDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// How dimensions aggregate criteria (default rule).
    pub dimension_rule: String,
    /// How the overall score aggregates dimensions.
    pub overall: String,
    /// Where its weights come from.
    pub weights_source: Option<String>,
}

/// The process.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ProcessDoc {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: Option<String>,
    /// Who runs it.
    pub organiser: Option<String>,
    /// Who commissioned it.
    pub commissioner: Option<String>,
    /// Where.
    pub territory: Option<String>,
    /// Start date.
    pub start: Option<String>,
    /// End date.
    pub end: Option<String>,
    /// Participants.
    pub participants: Option<u64>,
    /// Claimed IAP2 level.
    pub iap2: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Sources of the facts.
    pub sources: Vec<String>,
}

/// The assessment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentDoc {
    /// The assessor's name.
    pub assessor: String,
    /// The assessor's role.
    pub role: String,
    /// Whether the role assesses its own process.
    pub self_assessment: bool,
    /// The assessor's organisation.
    pub organisation: Option<String>,
    /// The phase.
    pub phase: String,
    /// The date.
    pub date: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// Completeness.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CompletenessDoc {
    /// Criteria rated.
    pub rated: usize,
    /// Criteria applicable.
    pub applicable: usize,
    /// All criteria.
    pub total: usize,
    /// rated / applicable.
    pub ratio: f64,
}

/// A band.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct BandDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its colour.
    pub color: String,
}

/// An aggregated result.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AggregateDoc {
    /// The final score, 0 to 1.
    pub score: Option<f64>,
    /// The band.
    pub band: Option<BandDoc>,
    /// The gates that fired.
    pub gates: Vec<GateDoc>,
    /// How the score was obtained.
    pub trace: TraceDoc,
}

/// A gate that fired.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct GateDoc {
    /// The criterion tested.
    pub criterion: String,
    /// Its label.
    pub criterion_label: String,
    /// Its score.
    pub criterion_score: f64,
    /// The threshold it was below.
    pub threshold: f64,
    /// The cap.
    pub cap: f64,
    /// The band cap.
    pub band_cap: Option<String>,
    /// Whether the cap lowered the score.
    pub binding: bool,
    /// Why the gate exists.
    pub reason: Option<String>,
}

/// A computation trace.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct TraceDoc {
    /// The rule.
    pub rule: String,
    /// The computation in one line.
    pub text: String,
    /// The inputs.
    pub terms: Vec<TermDoc>,
    /// Inputs left out, and why.
    pub excluded: Vec<ExcludedDoc>,
    /// The rule's result before gates.
    pub raw: Option<f64>,
    /// Why there is no score.
    pub no_score: Option<String>,
}

/// An input of an aggregate.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct TermDoc {
    /// The criterion or dimension.
    pub id: String,
    /// Its score.
    pub score: f64,
    /// Its weight.
    pub weight: f64,
    /// Its renormalised share.
    pub share: f64,
}

/// An input left out.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ExcludedDoc {
    /// The criterion or dimension.
    pub id: String,
    /// Why: `not-applicable`, `not-assessed`, `zero-weight`, `no-score`.
    pub why: String,
}

/// A dimension's result.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DimensionDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its provenance tag.
    pub provenance: String,
    /// Its weight in the overall score.
    pub weight: f64,
    /// Completeness.
    pub completeness: CompletenessDoc,
    /// Its aggregate.
    #[serde(flatten)]
    pub aggregate: AggregateDoc,
}

/// A criterion's result.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CriterionDoc {
    /// Its id.
    pub id: String,
    /// Its dimension.
    pub dimension: String,
    /// Its label.
    pub label: String,
    /// Its provenance: `sourced`, `partial` or `illustrative`.
    pub provenance: String,
    /// `rated`, `not-applicable` or `not-assessed`.
    pub status: String,
    /// The value as written (level id, number, true/false).
    pub value: Option<String>,
    /// The value's label on its scale.
    pub level: Option<String>,
    /// The normalised score.
    pub score: Option<f64>,
    /// Its weight.
    pub weight: f64,
    /// Why not applicable.
    pub reason: Option<String>,
    /// Why this rating.
    pub justification: Option<String>,
    /// The evidence.
    pub evidence: Vec<EvidenceDoc>,
    /// The assessor's confidence.
    pub confidence: Option<String>,
    /// The target and gap.
    pub target: Option<TargetDoc>,
    /// The next level up.
    pub next_level: Option<NextLevelDoc>,
}

/// A piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct EvidenceDoc {
    /// What and where.
    pub reference: String,
    /// The excerpt.
    pub excerpt: Option<String>,
    /// When.
    pub date: Option<String>,
    /// By whom.
    pub collected_by: Option<String>,
}

/// A target.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct TargetDoc {
    /// The target's label on the scale.
    pub level: String,
    /// Its score.
    pub score: f64,
    /// Achieved minus target.
    pub gap: Option<f64>,
}

/// The next level up.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct NextLevelDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// What it takes.
    pub descriptor: String,
}

impl ScorecardDoc {
    /// Builds the document of a scorecard.
    pub fn new(
        grid: &Grid,
        profile: &Profile,
        assessment: &Assessment,
        card: &Scorecard,
        lang: ReportLang,
    ) -> Self {
        let l = lang.lang();
        let fb = grid.default_lang().clone();
        let text = |t: &repere_core::Text| t.get(&l, &fb).to_owned();
        let opt_text = |t: &repere_core::Text| (!t.is_empty()).then(|| t.get(&l, &fb).to_owned());
        let band_doc = |id: &Option<repere_core::Id>| {
            id.as_ref()
                .and_then(|id| profile.bands.iter().find(|b| &b.id == id))
                .map(|b| BandDoc {
                    id: b.id.to_string(),
                    label: text(&b.label),
                    color: b.color.clone(),
                })
        };
        let crit_label = |id: &repere_core::Id| {
            grid.criterion(id.as_str())
                .map_or_else(|| id.to_string(), |(_, c)| text(&c.label))
        };
        let aggregate = |a: &Aggregate| AggregateDoc {
            score: a.score,
            band: band_doc(&a.band),
            gates: a
                .gates
                .iter()
                .map(|g| GateDoc {
                    criterion: g.criterion.to_string(),
                    criterion_label: crit_label(&g.criterion),
                    criterion_score: g.criterion_score,
                    threshold: g.threshold,
                    cap: g.cap,
                    band_cap: g.band_cap.as_ref().map(ToString::to_string),
                    binding: g.binding,
                    reason: profile.gates.get(g.gate).and_then(|x| opt_text(&x.reason)),
                })
                .collect(),
            trace: TraceDoc {
                rule: a.trace.rule.as_str().to_owned(),
                text: trace_text(&a.trace, lang),
                terms: a
                    .trace
                    .terms
                    .iter()
                    .map(|t| TermDoc {
                        id: t.id.to_string(),
                        score: t.score,
                        weight: t.weight,
                        share: t.share,
                    })
                    .collect(),
                excluded: a
                    .trace
                    .excluded
                    .iter()
                    .map(|e| ExcludedDoc {
                        id: e.id.to_string(),
                        why: match e.why {
                            Exclusion::NotApplicable => "not-applicable",
                            Exclusion::NotAssessed => "not-assessed",
                            Exclusion::ZeroWeight => "zero-weight",
                            _ => "no-score",
                        }
                        .to_owned(),
                    })
                    .collect(),
                raw: a.trace.raw,
                no_score: a.trace.no_score.map(|n| match n {
                    NoScore::NotAggregated => "not-aggregated".to_owned(),
                    NoScore::NothingRated => "nothing-rated".to_owned(),
                    NoScore::Incomplete { ratio, required } => {
                        format!(
                            "incomplete: {} rated, {} required",
                            fmt_number(ratio),
                            fmt_number(required)
                        )
                    }
                    _ => "no-score".to_owned(),
                }),
            },
        };
        let completeness = |c: &repere_core::Completeness| CompletenessDoc {
            rated: c.rated,
            applicable: c.applicable,
            total: c.total,
            ratio: c.ratio(),
        };
        let g = grid.draft();
        let p = &assessment.process;
        ScorecardDoc {
            format: REPORT_FORMAT.to_owned(),
            lang: lang.as_str().to_owned(),
            grid: GridDoc {
                id: g.id.to_string(),
                version: g.version.clone(),
                hash: grid.content_hash().to_owned(),
                title: text(&g.title),
                provenance: g.provenance.as_str().to_owned(),
                sources: g
                    .sources
                    .iter()
                    .map(|s| SourceDoc {
                        id: s.id.to_string(),
                        title: s.title.clone(),
                        url: s.url.clone(),
                        year: s.year,
                    })
                    .collect(),
            },
            profile: ProfileDoc {
                id: profile.id.to_string(),
                label: text(&profile.label),
                dimension_rule: profile.dimension_rule.as_str().to_owned(),
                overall: profile.overall.as_str().to_owned(),
                weights_source: profile.weights_source.as_ref().and_then(opt_text),
            },
            process: ProcessDoc {
                name: p.name.clone(),
                kind: p.kind.map(|k| k.as_str().to_owned()),
                organiser: p.organiser.clone(),
                commissioner: p.commissioner.clone(),
                territory: p.territory.clone(),
                start: p.start.map(|d| d.to_string()),
                end: p.end.map(|d| d.to_string()),
                participants: p.participants,
                iap2: p.iap2.map(|k| k.as_str().to_owned()),
                description: p.description.clone(),
                sources: p.sources.clone(),
            },
            assessment: AssessmentDoc {
                assessor: assessment.assessor.name.clone(),
                role: assessment.assessor.role.as_str().to_owned(),
                self_assessment: assessment.assessor.role.is_self_assessment(),
                organisation: assessment.assessor.organisation.clone(),
                phase: assessment.phase.as_str().to_owned(),
                date: assessment.date.map(|d| d.to_string()),
                notes: assessment.notes.clone(),
            },
            completeness: completeness(&card.completeness),
            overall: card.overall.as_ref().map(aggregate),
            dimensions: card
                .dimensions
                .iter()
                .map(|d| {
                    let dim = grid.dimension(d.id.as_str());
                    DimensionDoc {
                        id: d.id.to_string(),
                        label: dim.map_or_else(|| d.id.to_string(), |x| text(&x.label)),
                        provenance: dim
                            .map_or("illustrative", |x| x.provenance.as_str())
                            .to_owned(),
                        weight: d.weight,
                        completeness: completeness(&d.completeness),
                        aggregate: aggregate(&d.aggregate),
                    }
                })
                .collect(),
            criteria: card
                .criteria
                .iter()
                .map(|c| {
                    let crit = grid.criterion(c.id.as_str()).map(|(_, k)| k);
                    let rating = assessment.rating(c.id.as_str());
                    let scale = crit.map(|k| grid.scale_of(k));
                    let (status, value, level, score, reason) = match &c.status {
                        CriterionStatus::Rated { value, score, .. } => (
                            "rated",
                            Some(value.to_string()),
                            scale.map(|s| s.value_label(value, &l, &fb)),
                            Some(*score),
                            None,
                        ),
                        CriterionStatus::NotApplicable { reason, .. } => {
                            ("not-applicable", None, None, None, Some(reason.clone()))
                        }
                        _ => ("not-assessed", None, None, None, None),
                    };
                    CriterionDoc {
                        id: c.id.to_string(),
                        dimension: c.dimension.to_string(),
                        label: crit.map_or_else(|| c.id.to_string(), |k| text(&k.label)),
                        provenance: c.provenance.as_str().to_owned(),
                        status: status.to_owned(),
                        value,
                        level,
                        score,
                        weight: c.weight,
                        reason,
                        justification: rating.and_then(|r| r.justification.clone()),
                        evidence: rating
                            .map(|r| {
                                r.evidence
                                    .iter()
                                    .map(|e| EvidenceDoc {
                                        reference: e.reference.clone(),
                                        excerpt: e.excerpt.clone(),
                                        date: e.date.map(|d| d.to_string()),
                                        collected_by: e.collected_by.clone(),
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                        confidence: rating
                            .and_then(|r| r.confidence)
                            .map(|x| x.as_str().to_owned()),
                        target: c.target.as_ref().map(|t| TargetDoc {
                            level: scale.map_or_else(
                                || t.value.to_string(),
                                |s| s.value_label(&t.value, &l, &fb),
                            ),
                            score: t.score,
                            gap: t.gap,
                        }),
                        next_level: c.next_level.as_ref().map(|n| NextLevelDoc {
                            id: n.level.to_string(),
                            label: text(&n.label),
                            descriptor: text(&n.descriptor),
                        }),
                    }
                })
                .collect(),
            strengths: card.strengths.iter().map(ToString::to_string).collect(),
            weaknesses: card.weaknesses.iter().map(ToString::to_string).collect(),
        }
    }

    /// The label of a criterion by id.
    pub fn criterion_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.criteria
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.label.as_str())
    }
}

/// The one-letter provenance tag of a provenance name.
pub fn provenance_tag(p: &str) -> &'static str {
    match p {
        "sourced" => "S",
        "partial" => "M",
        _ => "I",
    }
}

/// A score as a percentage with no decimals, or `—`.
pub fn pct(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_owned(), |s| format!("{:.0} %", s * 100.0))
}

/// A signed difference in percentage points, or `—`.
pub fn signed_points(d: Option<f64>) -> String {
    d.map_or_else(
        || "—".to_owned(),
        |d| {
            let v = (d * 100.0).round();
            if v == 0.0 {
                "±0".to_owned()
            } else {
                format!("{v:+.0}")
            }
        },
    )
}

/// The computation of an aggregate in one line, in the report's language, such as
/// `moyenne pondérée = (1 × 0,5 + 1 × 0,22) / 2 = 0,36`.
pub fn trace_text(tr: &repere_core::Trace, lang: ReportLang) -> String {
    let fr = lang == ReportLang::Fr;
    let n = |x: f64| {
        let s = fmt_number(x);
        if fr { s.replace('.', ",") } else { s }
    };
    let name = match (tr.rule, fr) {
        (Aggregation::None, true) => "pas d'agrégation",
        (Aggregation::None, false) => "no aggregation",
        (Aggregation::WeightedMean, true) => "moyenne pondérée",
        (Aggregation::WeightedMean, false) => "weighted mean",
        (Aggregation::WeightedGeometricMean, true) => "moyenne géométrique pondérée",
        (Aggregation::WeightedGeometricMean, false) => "weighted geometric mean",
        (Aggregation::Minimum, _) => "minimum",
    };
    // Weights too small or too large to show are shown divided by the largest
    // (`Trace::weight_unit`): `5e-324` would print as 0, the sum of three `1e308` as infinite.
    let unit = tr.weight_unit();
    let weight = |t: &repere_core::Term| {
        if unit == 1.0 {
            t.weight
        } else {
            t.weight / unit
        }
    };
    let total: f64 = tr.terms.iter().map(weight).sum();
    let name = if unit == 1.0 {
        name.to_owned()
    } else if fr {
        format!("{name} (poids ÷ {unit:e})")
    } else {
        format!("{name} (weights ÷ {unit:e})")
    };
    let sep = if fr { " ; " } else { "; " };
    let mut s = match (tr.rule, tr.raw) {
        (Aggregation::WeightedMean, Some(r)) => {
            let parts: Vec<String> = tr
                .terms
                .iter()
                .map(|t| format!("{} × {}", n(weight(t)), n(t.score)))
                .collect();
            format!("{name} = ({}) / {} = {}", parts.join(" + "), n(total), n(r))
        }
        (Aggregation::WeightedGeometricMean, Some(r)) => {
            let parts: Vec<String> = tr
                .terms
                .iter()
                .map(|t| format!("{}^{}", n(t.score), n(weight(t))))
                .collect();
            format!(
                "{name} = ({})^(1/{}) = {}",
                parts.join(" × "),
                n(total),
                n(r)
            )
        }
        (Aggregation::Minimum, Some(r)) => {
            let parts: Vec<String> = tr.terms.iter().map(|t| n(t.score)).collect();
            format!(
                "{name} = min({}) = {}",
                parts.join(if fr { " ; " } else { ", " }),
                n(r)
            )
        }
        _ => name.to_owned(),
    };
    match tr.no_score {
        Some(NoScore::NothingRated) => s.push_str(if fr {
            " ; rien de noté"
        } else {
            "; nothing rated"
        }),
        Some(NoScore::Incomplete { ratio, required }) => s.push_str(&format!(
            "{sep}{} {:.0} % / {:.0} %",
            if fr {
                "pas de score : notés / requis"
            } else {
                "no score: rated / required"
            },
            ratio * 100.0,
            required * 100.0
        )),
        _ => {}
    }
    if !tr.excluded.is_empty() {
        let parts: Vec<String> = tr
            .excluded
            .iter()
            .map(|e| {
                let why = match (e.why, fr) {
                    (Exclusion::NotApplicable, true) => "sans objet",
                    (Exclusion::NotAssessed, true) => "non évalué",
                    (Exclusion::ZeroWeight, true) => "poids nul",
                    (_, true) => "pas de score",
                    (Exclusion::NotApplicable, false) => "not applicable",
                    (Exclusion::NotAssessed, false) => "not assessed",
                    (Exclusion::ZeroWeight, false) => "weight 0",
                    (_, false) => "no score",
                };
                format!("{} ({why})", e.id)
            })
            .collect();
        s.push_str(&format!(
            "{sep}{} {}",
            if fr { "exclus :" } else { "excluded:" },
            parts.join(", ")
        ));
    }
    s
}
