//! The renderers, by format: which document renders to which format, and where.
//!
//! | format | file | documents |
//! |---|---|---|
//! | terminal text | [`text`] (one file per document) | scorecard, set, comparison, consolidation, agreement, crosswalk |
//! | Markdown | [`markdown`] | scorecard, set, comparison, consolidation, crosswalk |
//! | HTML | [`html`] (pages, markup builder, SVG charts) | scorecard, set of one, consolidation |
//! | JSON | [`document::json`] | every document, as it is |
//! | CSV | [`csv`] | scorecard, set |
//! | text, Markdown, HTML of a grid | [`grid`] | grid description |
//! | text, CSV of surveys | [`survey`] (its HTML in [`html`]) | survey summary |
//!
//! [`common`] holds what several formats write alike. The `Render` impls below are the one
//! place that maps a document and a format to its renderer.

pub(crate) mod common;
mod csv;
pub(crate) mod grid;
pub(crate) mod html;
mod markdown;
pub(crate) mod observatory;
mod survey;
mod text;

use crate::doc::agreement::AgreementDoc;
use crate::doc::check::CheckDoc;
use crate::doc::comparison::ComparisonDoc;
use crate::doc::consolidation::ConsolidationDoc;
use crate::doc::crosswalk::CrosswalkDoc;
use crate::doc::scorecard::ScorecardDoc;
use crate::doc::set::ScorecardSet;
use crate::doc::survey::SurveySummaryDoc;
use crate::document::{self, private::Render};
use crate::{Format, RenderError, RenderOptions};

/// What `render_to` returns: `None` when the document has no such format.
type Rendered = Option<Result<String, RenderError>>;

impl Render for ScorecardDoc {
    fn render_to(&self, format: Format, options: RenderOptions) -> Rendered {
        Some(Ok(match format {
            Format::Text => text::scorecard(self, options.color),
            Format::Markdown => markdown::scorecard(self),
            Format::Html => html::scorecard(self),
            Format::Json => document::json(self),
            Format::Csv => csv::scorecard(self),
        }))
    }
}

impl Render for ScorecardSet {
    /// Text and Markdown: the scorecards one after the other, a blank line between them;
    /// CSV: one header; HTML: a page holds exactly one scorecard.
    fn render_to(&self, format: Format, options: RenderOptions) -> Rendered {
        let each = |one: &dyn Fn(&ScorecardDoc) -> String| {
            let parts: Vec<String> = self.scorecards.iter().map(one).collect();
            Ok(parts.join("\n"))
        };
        Some(match format {
            Format::Text => each(&|d| text::scorecard(d, options.color)),
            Format::Markdown => each(&markdown::scorecard),
            Format::Html => match self.scorecards.as_slice() {
                [one] => Ok(html::scorecard(one)),
                more => Err(RenderError::OnePerPage { count: more.len() }),
            },
            Format::Json => Ok(document::json(self)),
            Format::Csv => Ok(csv::scorecards(&self.scorecards)),
        })
    }
}

impl Render for ComparisonDoc {
    fn render_to(&self, format: Format, _: RenderOptions) -> Rendered {
        match format {
            Format::Text => Some(Ok(text::comparison(self))),
            Format::Markdown => Some(Ok(markdown::comparison(self))),
            Format::Json => Some(Ok(document::json(self))),
            Format::Html | Format::Csv => None,
        }
    }
}

impl Render for ConsolidationDoc {
    fn render_to(&self, format: Format, _: RenderOptions) -> Rendered {
        match format {
            Format::Text => Some(Ok(text::consolidation(self))),
            Format::Markdown => Some(Ok(markdown::consolidation(self))),
            Format::Html => Some(Ok(html::consolidation(self))),
            Format::Json => Some(Ok(document::json(self))),
            Format::Csv => None,
        }
    }
}

impl Render for AgreementDoc {
    fn render_to(&self, format: Format, _: RenderOptions) -> Rendered {
        match format {
            Format::Text => Some(Ok(text::agreement(self))),
            Format::Json => Some(Ok(document::json(self))),
            Format::Markdown | Format::Html | Format::Csv => None,
        }
    }
}

impl Render for CheckDoc {
    fn render_to(&self, format: Format, _: RenderOptions) -> Rendered {
        match format {
            Format::Json => Some(Ok(document::json(self))),
            Format::Text | Format::Markdown | Format::Html | Format::Csv => None,
        }
    }
}

impl Render for CrosswalkDoc {
    fn render_to(&self, format: Format, _: RenderOptions) -> Rendered {
        match format {
            Format::Text => Some(Ok(text::crosswalk(self))),
            Format::Markdown => Some(Ok(markdown::crosswalk(self))),
            Format::Json => Some(Ok(document::json(self))),
            Format::Html | Format::Csv => None,
        }
    }
}

impl Render for crate::doc::batch::BatchDoc {
    fn render_to(&self, format: Format, _: RenderOptions) -> Rendered {
        match format {
            Format::Csv => Some(Ok(observatory::batch_csv(self))),
            Format::Json => Some(Ok(document::json(self))),
            Format::Html => Some(Ok(observatory::html::batch(self))),
            Format::Text | Format::Markdown => None,
        }
    }
}

impl Render for SurveySummaryDoc {
    fn render_to(&self, format: Format, _: RenderOptions) -> Rendered {
        match format {
            Format::Text => Some(Ok(survey::text(self))),
            Format::Html => Some(Ok(html::survey_summary(self))),
            Format::Json => Some(Ok(document::json(self))),
            Format::Csv => Some(Ok(survey::csv(self))),
            Format::Markdown => None,
        }
    }
}

impl Render for crate::doc::sensitivity::SensitivityDoc {
    fn render_to(&self, format: Format, _: RenderOptions) -> Rendered {
        match format {
            Format::Text => Some(Ok(observatory::sensitivity_text(self))),
            Format::Csv => Some(Ok(observatory::sensitivity_csv(self))),
            Format::Json => Some(Ok(document::json(self))),
            Format::Html => Some(Ok(observatory::html::sensitivity(self))),
            Format::Markdown => None,
        }
    }
}

impl Render for crate::doc::grid::GridDescriptionDoc {
    fn render_to(&self, format: Format, _: RenderOptions) -> Rendered {
        match format {
            Format::Text => Some(Ok(grid::text(self))),
            Format::Markdown => Some(Ok(grid::markdown(self))),
            Format::Html => Some(Ok(grid::html(self))),
            Format::Json => Some(Ok(document::json(self))),
            Format::Csv => None,
        }
    }
}
