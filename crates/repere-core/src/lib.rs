//! # Repère core
//!
//! The domain model of participation evaluation and its engine, with no I/O and no file
//! format: grids (dimensions, criteria, scales, provenance), profiles (weights, aggregation,
//! gates, bands), assessments (one assessor's ratings of one process at one phase), scoring
//! into a [`Scorecard`] that explains every number, [`compare`] of two scorecards, and
//! inter-rater [`agreement`] statistics.
//!
//! Everything is validated when it is built or checked, and every problem is reported at once
//! with its [`Path`] (for example `dimensions[inclusion].criteria[diversity].scale`).
//!
//! ```
//! use repere_core::*;
//!
//! let id = |s: &str| Id::new(s).unwrap();
//! let fr_en = |fr: &str, en: &str| Text::new(Lang::fr(), fr).with(Lang::en(), en);
//!
//! // A grid with one ternary scale and two criteria.
//! let mut draft = GridDraft::new(id("demo"), "1.0.0", fr_en("Démo", "Demo"), Lang::fr());
//! draft.scales.push(Scale::ordinal(id("ternaire"), fr_en("Ternaire", "Ternary"), vec![
//!     Level::new(id("non"), 0, fr_en("Non respecté", "Not respected")),
//!     Level::new(id("partiel"), 1, fr_en("Partiellement", "Partly")),
//!     Level::new(id("oui"), 2, fr_en("Respecté", "Respected")),
//! ]));
//! let mut dim = Dimension::new(id("garanties"), fr_en("Garanties", "Safeguards"));
//! dim.criteria.push(Criterion::new(id("independance"), fr_en("Indépendance", "Independence"), id("ternaire")));
//! dim.criteria.push(Criterion::new(id("neutralite"), fr_en("Neutralité", "Neutrality"), id("ternaire")));
//! draft.dimensions.push(dim);
//! let grid = Grid::new(draft)?;
//!
//! // One assessment: one criterion respected, the other partly.
//! let assessor = Assessor { name: "Évaluatrice".into(), role: Role::Evaluator, organisation: None };
//! let process = Process { name: "Débat public".into(), ..Process::default() };
//! let mut a = Assessment::new(GridRef::to(&grid), process, Phase::Closing, assessor);
//! a.ratings.push(Rating::new(id("independance"), RatingValue::Rated(Value::Level(id("oui")))));
//! a.ratings.push(Rating::new(id("neutralite"), RatingValue::Rated(Value::Level(id("partiel")))));
//!
//! // The default profile: the mean per dimension, no overall score.
//! let card = score(&grid, None, &a)?;
//! let dim = card.dimension("garanties").unwrap();
//! assert_eq!(dim.score(), Some(0.75)); // (1 + 0.5) / 2
//! assert!(card.overall.is_none());
//! assert_eq!(dim.aggregate.trace.to_string(), "weighted mean = (1 × 1 + 1 × 0.5) / 2 = 0.75");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod agreement;
mod assessment;
mod backing;
pub mod batch;
mod compare;
mod consolidate;
pub mod crosswalk;
mod float;
mod grid;
mod id;
mod problem;
mod profile;
mod scale;
mod score;
pub mod sensitivity;
pub mod survey;
mod text;
mod vocab;
pub mod workflow;

pub use assessment::{Assessment, Assessor, Evidence, GridRef, Process, Rating, RatingValue};
pub use backing::{Backing, Indicator};
pub use compare::{Change, CompareError, Comparison, Delta, compare};
pub use consolidate::{
    ConsolidateError, ConsolidateOptions, Consolidation, CriterionSummary, Divergence, Member,
    consolidate,
};
pub use grid::{Criterion, Dimension, Grid, GridDraft, Source};
pub use id::{Id, IdError, Lang, MAX_ID_LEN, closest};
pub use problem::{
    Entry, ItemKind, Measure, NameOf, Path, Problem, ProblemKind, Problems, Segment,
};
pub use profile::{Aggregation, Band, Cap, Gate, GateTarget, Profile, Threshold};
pub use scale::{Level, Scale, ScaleKind, Value, ValueError, fmt_number};
pub use score::{
    Aggregate, Completeness, CriterionScore, CriterionStatus, DimensionScore, Excluded, Exclusion,
    FiredGate, NextLevel, NoScore, NotApplicableReason, STRENGTH_AT, ScoreError, Scorecard, Scorer,
    TargetGap, Term, Trace, TraceWords, WEAKNESS_AT, score,
};
pub use text::Text;
pub use vocab::{
    Confidence, DataSource, Date, DateError, Iap2Level, Phase, ProcessKind, Provenance, Role,
    UnknownName, Vocabulary,
};
