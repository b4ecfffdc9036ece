//! How each number of a scorecard was obtained: the trace of an aggregate, with its
//! computation written out in one line in the report's language.

use repere_core::{Aggregation, Exclusion, NoScore, fmt_number};
use schemars::JsonSchema;
use serde::Serialize;

use crate::code::Code;
use crate::i18n::ReportLang;

/// A computation trace.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct TraceDoc {
    /// The rule.
    pub rule: Code<Aggregation>,
    /// The computation in one line.
    pub text: String,
    /// The inputs.
    pub terms: Vec<TermDoc>,
    /// Inputs left out, and why.
    pub excluded: Vec<ExcludedDoc>,
    /// The rule's result before gates.
    pub raw: Option<f64>,
    /// Why there is no score.
    pub no_score: Option<NoScoreDoc>,
}

/// Why an aggregate has no score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "reason", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NoScoreDoc {
    /// The profile does not aggregate this node.
    NotAggregated,
    /// Nothing was rated (or every rated input weighs 0).
    NothingRated,
    /// Fewer criteria were rated than the profile requires.
    Incomplete {
        /// The share rated.
        ratio: f64,
        /// The share required.
        required: f64,
    },
}

/// Why an input was left out of an aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ExclusionDoc {
    /// Not applicable.
    NotApplicable,
    /// Not assessed.
    NotAssessed,
    /// Its weight is 0.
    ZeroWeight,
    /// A dimension without a score.
    NoScore,
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
    /// Why.
    pub why: ExclusionDoc,
}

/// The trace of an aggregate, with its text in the report's language.
pub(crate) fn trace_doc(tr: &repere_core::Trace, lang: ReportLang) -> TraceDoc {
    TraceDoc {
        rule: Code(tr.rule),
        text: trace_text(tr, lang),
        terms: tr
            .terms
            .iter()
            .map(|t| TermDoc {
                id: t.id.to_string(),
                score: t.score,
                weight: t.weight,
                share: t.share,
            })
            .collect(),
        excluded: tr
            .excluded
            .iter()
            .map(|e| ExcludedDoc {
                id: e.id.to_string(),
                why: match e.why {
                    Exclusion::NotApplicable => ExclusionDoc::NotApplicable,
                    Exclusion::NotAssessed => ExclusionDoc::NotAssessed,
                    Exclusion::ZeroWeight => ExclusionDoc::ZeroWeight,
                    _ => ExclusionDoc::NoScore,
                },
            })
            .collect(),
        raw: tr.raw,
        no_score: tr.no_score.map(|n| match n {
            NoScore::NotAggregated => NoScoreDoc::NotAggregated,
            NoScore::Incomplete { ratio, required } => NoScoreDoc::Incomplete { ratio, required },
            _ => NoScoreDoc::NothingRated,
        }),
    }
}

/// The computation of an aggregate in one line, in the report's language, such as
/// `moyenne pondérée = (1 × 0,5 + 1 × 0,22) / 2 = 0,36`.
pub(crate) fn trace_text(tr: &repere_core::Trace, lang: ReportLang) -> String {
    let fr = lang == ReportLang::Fr;
    let sep = if fr { " ; " } else { "; " };
    let mut s = computation(tr, fr);
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
        s.push_str(&format!(
            "{sep}{} {}",
            if fr { "exclus :" } else { "excluded:" },
            excluded_text(&tr.excluded, fr)
        ));
    }
    s
}

/// The name of an aggregation rule.
fn rule_name(rule: Aggregation, fr: bool) -> &'static str {
    match (rule, fr) {
        (Aggregation::None, true) => "pas d'agrégation",
        (Aggregation::None, false) => "no aggregation",
        (Aggregation::WeightedMean, true) => "moyenne pondérée",
        (Aggregation::WeightedMean, false) => "weighted mean",
        (Aggregation::WeightedGeometricMean, true) => "moyenne géométrique pondérée",
        (Aggregation::WeightedGeometricMean, false) => "weighted geometric mean",
        (Aggregation::Minimum, _) => "minimum",
    }
}

/// The rule and, when it gave a result, its computation: `rule = (terms) = result`.
fn computation(tr: &repere_core::Trace, fr: bool) -> String {
    let n = |x: f64| {
        let s = fmt_number(x);
        if fr { s.replace('.', ",") } else { s }
    };
    let name = rule_name(tr.rule, fr);
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
    let terms = |term: &dyn Fn(&repere_core::Term) -> String, sep: &str| {
        tr.terms.iter().map(term).collect::<Vec<_>>().join(sep)
    };
    match (tr.rule, tr.raw) {
        (Aggregation::WeightedMean, Some(r)) => {
            let parts = terms(&|t| format!("{} × {}", n(weight(t)), n(t.score)), " + ");
            format!("{name} = ({parts}) / {} = {}", n(total), n(r))
        }
        (Aggregation::WeightedGeometricMean, Some(r)) => {
            let parts = terms(&|t| format!("{}^{}", n(t.score), n(weight(t))), " × ");
            format!("{name} = ({parts})^(1/{}) = {}", n(total), n(r))
        }
        (Aggregation::Minimum, Some(r)) => {
            let parts = terms(&|t| n(t.score), if fr { " ; " } else { ", " });
            format!("{name} = min({parts}) = {}", n(r))
        }
        _ => name,
    }
}

/// The inputs left out, and why: `c2 (not applicable), c5 (weight 0)`.
fn excluded_text(excluded: &[repere_core::Excluded], fr: bool) -> String {
    let parts: Vec<String> = excluded
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
    parts.join(", ")
}
