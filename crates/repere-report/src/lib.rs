//! # Repère reports
//!
//! Turns scorecards into documents: terminal text (plain or coloured), Markdown, one
//! self-contained HTML page (inline CSS and SVG charts, no script, nothing fetched), JSON
//! (versioned, with a JSON Schema) and CSV (one row per criterion), in French or English.
//! Output is deterministic: the same inputs give byte-identical reports.
//!
//! Every format renders one [`ScorecardDoc`], built once from the grid, the profile, the
//! assessment and its scorecard.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod compare;
pub mod consolidation;
pub mod i18n;
pub mod model;
pub mod render;
pub mod svg;

pub use i18n::ReportLang;
pub use model::{REPORT_FORMAT, ScorecardDoc};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Terminal text.
    Text,
    /// Markdown.
    Markdown,
    /// A self-contained HTML page.
    Html,
    /// JSON (`repere-scorecard/1`).
    Json,
    /// CSV, one row per criterion.
    Csv,
}

impl Format {
    /// Every format.
    pub const ALL: &'static [Format] = &[
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Json,
        Format::Csv,
    ];

    /// The format's name: `text`, `markdown`, `html`, `json`, `csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

/// Renders a scorecard document in a format; `color` only affects [`Format::Text`].
pub fn render(doc: &ScorecardDoc, format: Format, lang: ReportLang, color: bool) -> String {
    match format {
        Format::Text => render::text(doc, lang, color),
        Format::Markdown => render::markdown(doc, lang),
        Format::Html => render::html(doc, lang),
        Format::Json => render::json(doc),
        Format::Csv => render::csv(doc),
    }
}

/// The JSON Schema of the JSON report, pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ScorecardDoc);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
