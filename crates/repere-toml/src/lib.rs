//! # Repère TOML formats
//!
//! Repère keeps its data in three kinds of TOML files, all described in `docs/formats.md`:
//!
//! - a **grid**: dimensions, criteria, rating scales, sources, and profiles shipped with it;
//! - a **profile**: how a grid is weighed and aggregated (weights, rules, gates, bands), in a
//!   file of its own;
//! - an **assessment**: one assessor's ratings of one process, at one phase, on one grid.
//!
//! This crate reads them into the model of [`repere_core`] and writes them back. Reading
//! reports *every* problem of a file at once, each with its place (line, column, key path),
//! what was found and what was expected, and a suggestion when a name looks misspelled; a
//! [`LoadError`] renders them like rustc does.
//!
//! ```
//! use repere_toml::{load_grid, parse_assessment};
//!
//! let grid = load_grid("grid.toml", r#"
//! kind = "grid"
//! format = 1
//! id = "demo"
//! version = "1.0.0"
//! default-lang = "en"
//! title = "Demo grid"
//!
//! [[scales]]
//! id = "lmh"
//! kind = "ordinal"
//! levels = [
//!   { id = "low", value = 1, label = "Low" },
//!   { id = "moderate", value = 2, label = "Moderate" },
//!   { id = "high", value = 3, label = "High" },
//! ]
//!
//! [[dimensions]]
//! id = "acceptance"
//! label = "Acceptance"
//!
//! [[dimensions.criteria]]
//! id = "independence"
//! label = "Independence of the organisers"
//! scale = "lmh"
//!
//! [[dimensions.criteria]]
//! id = "resources"
//! label = "Resources given to participants"
//! scale = "lmh"
//! "#)?;
//!
//! let text = r#"
//! kind = "assessment"
//! format = 1
//! phase = "closing"
//!
//! [grid]
//! id = "demo"
//! version = "1.0.0"
//!
//! [process]
//! name = "Tramway consultation"
//!
//! [assessor]
//! name = "Claire Martin"
//! role = "evaluator"
//!
//! [[ratings]]
//! criterion = "independence"
//! level = "high"
//!
//! [[ratings]]
//! criterion = "resources"
//! level = "moderate"
//! "#;
//! // An assessment names its grid: read it first, find the grid, then check it against it.
//! let parsed = parse_assessment("assessment.toml", text)?;
//! assert_eq!(parsed.grid_id(), "demo");
//! let assessment = parsed.resolve(&grid)?;
//!
//! // Score it with the grid's default profile: the mean of each dimension.
//! let card = repere_core::score(&grid, None, &assessment)?;
//! assert_eq!(card.dimension("acceptance").and_then(|d| d.score()), Some(0.75));
//!
//! // A mistake is reported with its place and a suggestion.
//! let wrong = text.replace(r#"level = "high""#, r#"level = "hihg""#);
//! let error = parse_assessment("assessment.toml", &wrong)?.resolve(&grid).unwrap_err();
//! let rendered = error.render(false);
//! assert!(rendered.contains("unknown level `hihg`, expected one of `low`, `moderate`, `high`"));
//! assert!(rendered.contains("--> assessment.toml:19:9"));
//! assert!(rendered.contains("help: a level with a similar name exists: `high`"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## What is where
//!
//! - **Loading** (the functions at the crate root): [`decode`] checks that bytes are UTF-8
//!   text of at most [`MAX_FILE_BYTES`]; [`load_grid`], [`load_profile`] and
//!   [`load_assessment`] read one kind of file; [`parse_assessment`] reads an assessment
//!   without its grid, so that the grid it names can be found ([`ParsedAssessment::grid_id`])
//!   before [`ParsedAssessment::resolve`]; [`load_any`] reads a file of any kind into a
//!   [`Document`]. Loading goes in three steps, each reporting all its problems: TOML syntax,
//!   then the shape of the file (keys and types, per table), then the meaning (references,
//!   uniqueness, ranges: the checks of [`repere_core`]).
//! - **Diagnostics** ([`diagnostic`]): a [`LoadError`] holds the [`Diagnostic`]s of a file, in
//!   the order of the file; [`LoadError::render`] draws them with their source lines.
//! - **File types** ([`raw`]): what the files contain, exactly as written (kebab-case keys,
//!   optional fields, ids as strings). They derive `serde` and `schemars`, and their doc
//!   comments are the descriptions of the JSON Schemas.
//! - **Conversion** ([`convert`]): from the model to the file types (the normalised form of a
//!   file, every default written out); the other way is part of loading.
//! - **Writing**: [`grid_to_toml`], [`profile_to_toml`] and [`assessment_to_toml`] write the
//!   model as TOML that loads back into the same model; [`template`] writes an assessment
//!   ready to fill in, with each criterion's questions and level descriptors as comments.
//! - **Schemas**: [`schema`] gives the JSON Schema of a [`FileKind`] (its `$id` is
//!   [`schema_id`]). Files written by this crate start with a `#:schema` line pointing to the
//!   schema in a file beside them, `./repere-<kind>.schema.json` ([`schema_file_name`],
//!   [`schema_path_beside`]), so that editors with TOML support (Even Better TOML, taplo)
//!   complete and check them offline; whoever writes such a file to a path writes the schema
//!   there too, as the command line does. A template meant for standard output can leave the
//!   line out ([`SchemaLine::Omit`]).
//!
//! ## Files
//!
//! A file says what it is with `kind = "grid"`, `"profile"` or `"assessment"`, and which
//! version of the format it follows with `format = 1` ([`raw::FORMAT`]); other versions are
//! refused. Files are UTF-8, with or without a byte order mark, with LF or CRLF line ends
//! (read as LF, so that a file means the same whatever the editor that saved it).
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod convert;
pub mod diagnostic;
mod issue;
mod load;
pub mod raw;
mod schema;
pub mod survey;
mod write;

pub use diagnostic::{Diagnostic, LoadError, Severity};
pub use load::{
    Document, FileKind, MAX_FILE_BYTES, ParsedAssessment, check_crosswalk, decode, file_kind,
    load_any, load_assessment, load_crosswalk, load_grid, load_profile, parse_assessment,
};
pub use schema::{schema, schema_id};
pub use survey::load_survey;
pub use write::{
    SchemaLine, TemplateOptions, assessment_to_toml, grid_to_toml, profile_to_toml,
    schema_file_name, schema_path_beside, template,
};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
