//! The scorecards of one or more assessments (`repere score`): one JSON shape whatever their
//! number.

use schemars::JsonSchema;
use serde::Serialize;

use super::scorecard::ScorecardDoc;
use crate::ReportLang;
#[cfg(doc)]
use crate::document::RenderError;
use crate::document::{Kind, Report};

/// The scorecards of one or more assessments, in one language (`repere-scorecards/1`).
///
/// Text and Markdown show them one after the other; CSV has one header and the rows of every
/// scorecard; an HTML page holds exactly one ([`RenderError::OnePerPage`] otherwise).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ScorecardSet {
    /// Always `repere-scorecards/1`.
    pub format: String,
    /// The language of the texts.
    pub lang: ReportLang,
    /// The scorecards, in input order.
    pub scorecards: Vec<ScorecardDoc>,
}

impl ScorecardSet {
    /// A set of scorecards, all in `lang`. Scorecards built in another language are kept
    /// in theirs; build them in `lang` for a consistent report.
    pub fn new(scorecards: Vec<ScorecardDoc>, lang: ReportLang) -> Self {
        ScorecardSet {
            format: Kind::Scorecards.format_tag().to_owned(),
            lang,
            scorecards,
        }
    }
}

impl Report for ScorecardSet {
    const KIND: Kind = Kind::Scorecards;

    fn lang(&self) -> ReportLang {
        self.lang
    }
}
