//! # Repère reports
//!
//! Every output of Repère is one typed document, built once in one language from core
//! results, and rendered by one entry point, [`render`], to each format that fits its
//! [`Kind`]: terminal text (plain or coloured), Markdown, one self-contained HTML page
//! (inline CSS and SVG charts, no script, nothing fetched), JSON (the document itself,
//! versioned, with a JSON Schema from [`schema`]) and CSV. Output is deterministic: the same
//! inputs give byte-identical reports.
//!
//! | document | kind | formats |
//! |---|---|---|
//! | [`ScorecardDoc`] | one assessment scored | text, Markdown, HTML, JSON, CSV |
//! | [`ScorecardSet`] | the scorecards of `repere score` | text, Markdown, HTML (one), JSON, CSV |
//! | [`ComparisonDoc`] | two scorecards compared | text, Markdown, JSON |
//! | [`ConsolidationDoc`] | several assessments merged | text, Markdown, HTML, JSON |
//! | [`AgreementDoc`] | Krippendorff's alpha on a table | text, JSON |
//! | [`BatchDoc`] | many processes on one grid, compared | HTML, JSON, CSV (and JSON Lines, XLSX: [`BatchDoc::jsonl`], [`xlsx`]) |
//! | [`SensitivityDoc`] | rank acceptability under many weights (SMAA-2) | text, HTML, JSON, CSV |
//! | [`GridDescriptionDoc`] | a grid to read, provenance down to descriptors, measures, weights, gates, bands | text, Markdown, HTML, JSON |
//!
//! Document fields are typed: vocabulary values are [`Code`]s of the core's enums, statuses
//! and reasons are enums; JSON writes them as their stable kebab-case names.
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
//! - **HTML and SVG**: every text and attribute value escaped (`&`, `<`, `>`, quotes); links
//!   only to `http://` and `https://` addresses;
//! - **CSV**: cells are typed ([`CsvCell`]). **Formula guard:** a text cell whose first
//!   character after any white space or control characters is `=`, `+`, `-` or `@`, or whose
//!   first character is a tab, a carriage return or an apostrophe, is written with one
//!   apostrophe `'` in front, so that a spreadsheet opens it as text, not as a formula; to get
//!   the text back, remove that one leading `'`. Numbers the report computes (scores, weights, gaps such as
//!   `-0.250000`) are written as they are. Control characters in text cells are replaced as
//!   in terminal text (a line break is kept, inside quotes), and fields are quoted per
//!   RFC 4180.
//! - **JSON**: serde_json's string escaping; the JSON output is the document, unchanged.
//!
//! ## Layout
//!
//! One step from a document or a format to its file:
//!
//! - `document.rs`: the entry point: [`render`], [`Report`], [`Kind`], [`RenderOptions`],
//!   [`RenderError`];
//! - `doc/`: the documents, one file each with its parts and its builder (`new`), knowing no
//!   format: `scorecard.rs` ([`ScorecardDoc`]), `trace.rs` (how each number was obtained),
//!   `set.rs` ([`ScorecardSet`]), `comparison.rs` ([`ComparisonDoc`]), `consolidation.rs`
//!   ([`ConsolidationDoc`]), `agreement.rs` ([`AgreementDoc`], the verdicts in words);
//! - `render/`: the renderers, one module per format, each rendering every document that
//!   has the format: `text/` (one file per document, colours), `markdown.rs`, `html/` (the
//!   pages, the escaping markup builder, the SVG charts), `csv.rs`; `common.rs` holds what
//!   several formats write alike (numbers, metadata lines, verdicts...), and `mod.rs` maps
//!   each document and format to its renderer;
//! - [`escape`]: user text made safe for each format; `i18n.rs`: the fixed strings in French
//!   and English; `code.rs`: [`Code`], typed vocabulary values.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod code;
mod doc;
mod document;
pub mod escape;
mod i18n;
mod render;
mod xlsx;

pub use code::{Code, Named};
pub use doc::agreement::{
    AgreementDoc, InterpretationDoc, IntervalDoc, TableFacts, ThresholdsDoc, UnitsDoc,
    ValueKindDoc, verdict_short, verdict_text,
};
pub use doc::batch::{
    AcrossDoc, BatchDoc, BatchFailureDoc, BatchRowDoc, BatchRows, BatchRowsPart, CellDoc,
    ColumnDoc, CompletenessColumn, CriterionAcrossDoc, DimensionAcrossDoc, DistributionDoc,
    LevelShareDoc, ProcessCellsDoc, RankDoc,
};
pub use doc::check::{CheckDoc, CheckedFileDoc, FileKindDoc, ProblemDoc, SeverityDoc};
pub use doc::comparison::{ComparisonDoc, DeltaDoc, SideDoc};
pub use doc::consolidation::{
    AssessorAgreementDoc, ConsolidationDoc, CriterionRowDoc, DimensionRowDoc, DivergenceDoc,
    MemberDoc, UndefinedDoc,
};
pub use doc::crosswalk::{
    CarriedDoc, CarriedLink, CarryReason, CriterionRef, CrosswalkDoc, GridSideDoc, LinkDoc,
    NotCarriedDoc,
};
pub use doc::grid::{
    BackingDoc, CriterionDescDoc, DimensionDescDoc, GateDescDoc, GridDescriptionDoc, LevelDescDoc,
    MeasureDoc, ProfileDescDoc, RubricEntryDoc, ScaleDescDoc, ScaleKindCode,
};
pub use doc::scorecard::{
    AggregateDoc, AssessmentDoc, BandDoc, CompletenessDoc, CriterionDoc, DimensionDoc, DocError,
    EvidenceDoc, GateDoc, GridDoc, NextLevelDoc, ProcessDoc, ProfileDoc, ScorecardDoc, SourceDoc,
    StatusDoc, TargetDoc,
};
pub use doc::sensitivity::{
    DrawsDoc, DrawsKind, ProcessSmaaDoc, SensitivityDoc, SingleDoc, SweepDoc,
};
pub use doc::set::ScorecardSet;
pub use doc::survey::{AnswerDoc, ProcessRowDoc, QuestionRowDoc, SurveySummaryDoc};
pub use doc::trace::{ExcludedDoc, ExclusionDoc, NoScoreDoc, TermDoc, TraceDoc};
pub use document::{Kind, RenderError, RenderOptions, Report, UnknownKind, render};
pub use escape::{CsvCell, is_unsafe_char, md_link, md_text, terminal_line, terminal_safe};
pub use i18n::{ReportLang, vocabulary_label};
pub use render::common::signed_points;
pub use render::observatory::{batch_csv_row, fixed6};
pub use xlsx::{XlsxError, xlsx};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Terminal text.
    Text,
    /// Markdown.
    Markdown,
    /// A self-contained HTML page.
    Html,
    /// JSON: the document itself, versioned, with a JSON Schema ([`schema`]).
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

/// The JSON Schema (draft 2020-12) of a document kind's JSON output, pretty-printed, with its
/// `$id` ([`Kind::schema_id`]) and a title users understand ([`Kind::title`]).
pub fn schema(kind: Kind) -> String {
    let mut schema = match kind {
        Kind::Scorecard => schemars::schema_for!(ScorecardDoc),
        Kind::Scorecards => schemars::schema_for!(ScorecardSet),
        Kind::Comparison => schemars::schema_for!(ComparisonDoc),
        Kind::Consolidation => schemars::schema_for!(ConsolidationDoc),
        Kind::Agreement => schemars::schema_for!(AgreementDoc),
        Kind::Check => schemars::schema_for!(CheckDoc),
        Kind::Crosswalk => schemars::schema_for!(CrosswalkDoc),
        Kind::SurveySummary => schemars::schema_for!(SurveySummaryDoc),
        Kind::Batch => schemars::schema_for!(BatchDoc),
        Kind::Sensitivity => schemars::schema_for!(SensitivityDoc),
        Kind::GridDescription => schemars::schema_for!(GridDescriptionDoc),
    };
    schema.insert("$id".to_owned(), kind.schema_id().into());
    schema.insert("title".to_owned(), kind.title().into());
    document::json(&schema)
}
