//! # Repère
//!
//! A framework for evaluating public participation: consultations, public debates, citizens'
//! panels, participatory budgets. This facade re-exports the Repère libraries:
//!
//! - the model and scoring engine ([`core`]; the items most programs start with — [`Grid`],
//!   [`Profile`], [`Assessment`], [`Scorer`], [`score`], [`compare`], [`consolidate`]… — also
//!   at the root of this crate, named explicitly: no glob brings the core's `Path`, `Text`,
//!   `Level` or `Value` into your scope);
//! - the TOML formats, diagnostics, schemas and templates ([`toml`]);
//! - the reports in text, Markdown, HTML, JSON and CSV ([`report`]);
//! - the catalogue of reference grids and example evaluations ([`catalog`]);
//! - safe file handling: bounded reads of regular files, atomic and durable writes that keep
//!   the mode and never replace without intent, locks ([`fs`]);
//! - the CSV inputs — rating tables, survey responses — read with located errors ([`table`]).
//!
//! ```
//! // Load a reference grid and an example evaluation, score it, render a report.
//! let grid = repere::catalog::grid("fr.cndp.debat-public")?;
//! let example = repere::catalog::examples()
//!     .into_iter()
//!     .find(|e| e.file == "e1-anneau-des-sciences.evaluator.toml")
//!     .expect("the example ships with Repère");
//! let assessment = repere::toml::load_assessment(example.file, example.text, &grid)?;
//! let profile = grid.default_profile();
//! let scorer = repere::Scorer::new(&grid, &profile)?;
//! let doc = repere::report::ScorecardDoc::score(&scorer, &assessment, repere::report::ReportLang::En)?;
//! let text = repere::report::render(&doc, repere::report::Format::Markdown, Default::default())?;
//! assert!(text.starts_with("# Scorecard"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[doc(inline)]
pub use repere_catalog as catalog;
#[doc(inline)]
pub use repere_core as core;
/// The items of the core most programs start with; everything else is under [`core`].
pub use repere_core::{
    Assessment, Comparison, ConsolidateOptions, Consolidation, Grid, GridDraft, Lang, Phase,
    Profile, Rating, RatingValue, Role, ScoreError, Scorecard, Scorer, compare, consolidate, score,
};
#[doc(inline)]
pub use repere_fs as fs;
#[doc(inline)]
pub use repere_report as report;
#[doc(inline)]
pub use repere_table as table;
#[doc(inline)]
pub use repere_toml as toml;

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
