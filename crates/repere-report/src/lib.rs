//! # Repère reports
//!
//! Turns scorecards into documents: terminal text (plain or coloured), Markdown, one
//! self-contained HTML page (inline CSS and SVG charts, no script, nothing fetched), JSON
//! (versioned, with a JSON Schema) and CSV (one row per criterion), in French or English.
//! Output is deterministic: the same inputs give byte-identical reports.
//!
//! Every format renders one [`ScorecardDoc`], built once from the grid, the profile, the
//! assessment and its scorecard.
//!
//! ## User text is data
//!
//! Everything that comes from users' files (names, organisations, justifications, reasons,
//! evidence, labels and descriptions, source titles and URLs, versions...) is shown, never
//! interpreted, in every format of every report (scorecards, comparisons, consolidations);
//! [`escape`] has one function per format, and its docs give the rules:
//!
//! - **terminal text**: control characters (C0 but `\n` where a text may hold several lines,
//!   DEL, C1) and bidirectional overrides and isolates become spaces ([`terminal_safe`],
//!   [`terminal_line`]), so an escape sequence cannot retitle or clear a terminal; colours
//!   are added after;
//! - **Markdown**: [`md_text`] escapes HTML (`<`, `>`, `&`) and the characters that would
//!   make code, emphasis, links, table cells or new blocks; a URL is a link only when it is
//!   `http://`, `https://` or `mailto:` ([`md_link`]);
//! - **HTML and SVG**: [`svg::esc`] for text and attribute values; links only to `http://`
//!   and `https://` addresses;
//! - **CSV**: cells are typed ([`CsvCell`]). **Formula guard:** a text cell whose first
//!   character after any white space or control characters is `=`, `+`, `-` or `@`, or whose
//!   first character is a tab, a carriage return or an apostrophe, is written with one
//!   apostrophe `'` in front, so that a spreadsheet opens it as text, not as a formula; to get
//!   the text back, remove that one leading `'`. Numbers the report computes (scores, weights, gaps such as
//!   `-0.250000`) are written as they are. Control characters in text cells are replaced as
//!   in terminal text (a line break is kept, inside quotes), and fields are quoted per
//!   RFC 4180.
//! - **JSON**: serde_json's string escaping; the JSON output is the document, unchanged.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod compare;
pub mod consolidation;
pub mod escape;
pub mod i18n;
pub mod model;
pub mod render;
pub mod svg;

pub use escape::{CsvCell, is_unsafe_char, md_link, md_text, terminal_line, terminal_safe};
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
