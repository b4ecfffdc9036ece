//! The one entry point of every report: a typed document, rendered to a format.

use std::fmt;

use serde::Serialize;

use crate::{Format, ReportLang};

/// The kinds of report documents, each with a versioned JSON format and a JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// One assessment scored: [`crate::ScorecardDoc`].
    Scorecard,
    /// The scorecards of one or more assessments: [`crate::ScorecardSet`] (`repere score`).
    Scorecards,
    /// Two scorecards compared: [`crate::ComparisonDoc`] (`repere compare`).
    Comparison,
    /// Several assessments consolidated: [`crate::ConsolidationDoc`] (`repere consolidate`).
    Consolidation,
    /// Inter-rater agreement on a table of ratings: [`crate::AgreementDoc`] (`repere agree`).
    Agreement,
    /// Files checked: [`crate::CheckDoc`] (`repere check --format json`).
    Check,
    /// How the criteria of two grids relate: [`crate::CrosswalkDoc`] (`repere crosswalk`).
    Crosswalk,
    /// Survey responses summarised: [`crate::SurveySummaryDoc`] (`repere survey summarize`).
    SurveySummary,
    /// Many processes scored on one grid: [`crate::BatchDoc`] (`repere batch`).
    Batch,
    /// Sensitivity of ranks and scores to the weights: [`crate::SensitivityDoc`]
    /// (`repere sensitivity`).
    Sensitivity,
    /// A grid described for reading, with the provenance of every element:
    /// [`crate::GridDescriptionDoc`] (`repere grid show`).
    GridDescription,
}

impl Kind {
    /// Every kind.
    pub const ALL: &'static [Kind] = &[
        Kind::Scorecard,
        Kind::Scorecards,
        Kind::Comparison,
        Kind::Consolidation,
        Kind::Agreement,
        Kind::Check,
        Kind::Crosswalk,
        Kind::SurveySummary,
        Kind::Batch,
        Kind::Sensitivity,
        Kind::GridDescription,
    ];

    /// The kind's name, as in `repere schema NAME`: `scorecard`, `scorecards`, `comparison`,
    /// `consolidation`, `agreement`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Scorecard => "scorecard",
            Kind::Scorecards => "scorecards",
            Kind::Comparison => "comparison",
            Kind::Consolidation => "consolidation",
            Kind::Agreement => "agreement",
            Kind::Check => "check",
            Kind::Crosswalk => "crosswalk-report",
            Kind::SurveySummary => "survey-summary",
            Kind::Batch => "batch",
            Kind::Sensitivity => "sensitivity",
            Kind::GridDescription => "grid-description",
        }
    }

    /// The value of the JSON output's `format` key, such as `repere-scorecard/1`.
    pub fn format_tag(self) -> &'static str {
        match self {
            Kind::Scorecard => "repere-scorecard/1",
            Kind::Scorecards => "repere-scorecards/1",
            Kind::Comparison => "repere-comparison/1",
            Kind::Consolidation => "repere-consolidation/1",
            Kind::Agreement => "repere-agreement/1",
            Kind::Check => "repere-check/1",
            Kind::Crosswalk => "repere-crosswalk-report/1",
            Kind::SurveySummary => "repere-survey-summary/1",
            Kind::Batch => "repere-batch/1",
            Kind::Sensitivity => "repere-sensitivity/1",
            Kind::GridDescription => "repere-grid-description/1",
        }
    }

    /// The title of its JSON Schema.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Scorecard => "Repère scorecard: one assessment scored against a grid",
            Kind::Scorecards => {
                "Repère scorecards: the scorecards of one or more assessments (repere score)"
            }
            Kind::Comparison => {
                "Repère comparison: two scorecards of one grid side by side (repere compare)"
            }
            Kind::Consolidation => {
                "Repère consolidation: several assessments of one grid merged (repere consolidate)"
            }
            Kind::Agreement => {
                "Repère agreement: Krippendorff's alpha on a table of ratings (repere agree)"
            }
            Kind::Check => "Repère check: files checked, with every problem located (repere check)",
            Kind::Crosswalk => {
                "Repère crosswalk: how the criteria of two grids relate (repere crosswalk)"
            }
            Kind::SurveySummary => {
                "Repère survey summary: answers per process and question, favourable shares with their Wilson 95% interval (repere survey summarize)"
            }
            Kind::Batch => {
                "Repère batch: many processes scored on one grid, and how they compare (repere batch)"
            }
            Kind::Sensitivity => {
                "Repère sensitivity: rank acceptability of processes under many weight vectors, SMAA-2 (repere sensitivity)"
            }
            Kind::GridDescription => {
                "Repère grid description: a grid to read, with the provenance of every element down to its level descriptors, measures, weights, gates and bands (repere grid show)"
            }
        }
    }

    /// The formats documents of this kind render to.
    pub fn formats(self) -> &'static [Format] {
        use Format::{Csv, Html, Json, Markdown, Text};
        match self {
            Kind::Scorecard | Kind::Scorecards => &[Text, Markdown, Html, Json, Csv],
            Kind::Comparison => &[Text, Markdown, Json],
            Kind::Consolidation => &[Text, Markdown, Html, Json],
            Kind::Agreement => &[Text, Json],
            Kind::Check => &[Json],
            Kind::Crosswalk => &[Text, Markdown, Json],
            Kind::SurveySummary => &[Text, Html, Json, Csv],
            Kind::Batch => &[Html, Json, Csv],
            Kind::Sensitivity => &[Text, Html, Json, Csv],
            Kind::GridDescription => &[Text, Markdown, Html, Json],
        }
    }

    /// The `$id` of its JSON Schema: a name, not an address to fetch.
    pub fn schema_id(self) -> String {
        format!("urn:repere:schema:{}:1", self.name())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

/// A name that is not a document kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        write!(
            f,
            "no report document is named `{}`; expected one of {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownKind {}

/// How to render, beyond the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Colours in [`Format::Text`] (ANSI escape codes); ignored by the other formats.
    pub color: bool,
}

impl RenderOptions {
    /// Options with colours on or off.
    pub fn color(color: bool) -> Self {
        Self { color }
    }
}

/// Why a document could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RenderError {
    /// Documents of this kind do not render to this format.
    Unsupported {
        /// The document's kind.
        kind: Kind,
        /// The format asked for.
        format: Format,
    },
    /// An HTML page holds one scorecard; the set has another number.
    OnePerPage {
        /// How many scorecards the set holds.
        count: usize,
    },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Unsupported { kind, format } => {
                let formats: Vec<&str> = kind.formats().iter().map(|f| f.as_str()).collect();
                write!(
                    f,
                    "a {kind} report has no {} format; its formats: {}",
                    format.as_str(),
                    formats.join(", ")
                )
            }
            RenderError::OnePerPage { count } => write!(
                f,
                "an HTML report holds one scorecard, not {count}: render them one at a time, or consolidate them"
            ),
        }
    }
}

impl std::error::Error for RenderError {}

/// A report document: one of this crate's documents, built once in one language from core
/// results, and rendered by [`render`] to any of its kind's formats. The JSON output is the
/// document itself.
pub trait Report: Serialize + private::Render {
    /// The document's kind.
    const KIND: Kind;

    /// The language its texts were resolved in.
    fn lang(&self) -> ReportLang;
}

pub(crate) mod private {
    use crate::{Format, RenderError, RenderOptions};

    /// Rendering, sealed: only this crate's documents are reports.
    pub trait Render {
        /// Renders to `format`; `None` when the kind has no such format.
        fn render_to(
            &self,
            format: Format,
            options: RenderOptions,
        ) -> Option<Result<String, RenderError>>;
    }
}

/// Renders a document in a format: the one entry point of every report.
///
/// ```
/// # let grid = repere_catalog::grid("fr.cndp.debat-public")?;
/// # let example = repere_catalog::examples().into_iter()
/// #     .find(|e| e.file == "e1-anneau-des-sciences.evaluator.toml").unwrap();
/// # let assessment = repere_toml::load_assessment(example.file, example.text, &grid)?;
/// use repere_report::{Format, RenderOptions, ReportLang, ScorecardDoc, render};
/// let profile = grid.default_profile();
/// let card = repere_core::score(&grid, Some(&profile), &assessment)?;
/// let doc = ScorecardDoc::new(&grid, &profile, &assessment, &card, ReportLang::En)?;
/// let md = render(&doc, Format::Markdown, RenderOptions::default())?;
/// assert!(md.starts_with("# Scorecard"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render<R: Report>(
    doc: &R,
    format: Format,
    options: RenderOptions,
) -> Result<String, RenderError> {
    doc.render_to(format, options)
        .unwrap_or(Err(RenderError::Unsupported {
            kind: R::KIND,
            format,
        }))
}

/// Pretty JSON of a document, with a final newline.
pub(crate) fn json<T: Serialize>(doc: &T) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}
