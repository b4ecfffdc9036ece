//! How each number of a scorecard was obtained: the trace of an aggregate, with its
//! computation written out in one line in the report's language.

use repere_core::{Aggregation, Exclusion, NoScore, TraceWords};
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
/// `moyenne pondérée = (1 × 0,5 + 1 × 0,22) / 2 = 0,36`: written by the core
/// ([`repere_core::Trace::text`]) with this language's words.
pub(crate) fn trace_text(tr: &repere_core::Trace, lang: ReportLang) -> String {
    tr.text(match lang {
        ReportLang::Fr => &TraceWords::FRENCH,
        _ => &TraceWords::ENGLISH,
    })
}
