//! # repere-table
//!
//! The tabular data of Repère: the CSV files it reads, for programs that link the crates as
//! well as for the command line.
//!
//! - [`batch`]: wide tables of assessments (`assessment,<criterion ids>`), read and scored
//!   with a [`repere_core::batch::BatchScorer`]: [`read_wide`].
//! - [`error`]: the errors of a table: [`TableError`] (the file could not be read, or its
//!   content is wrong) and [`Problems`], which locates each problem at a file's line and
//!   column name and turns them into a [`repere_toml::LoadError`], rendered like the
//!   diagnostics of the TOML files.
//! - [`agree`]: rating tables (`unit,rater,value`) for agreement statistics, read by a fast
//!   lane when the file is clean and by a thorough reader otherwise.
//! - [`survey`]: survey responses, long or wide, counted by process and question.
//!
//! Every file is read through [`repere_fs`] (regular files or standard input, bounded reads);
//! the thorough readers are built on the [`csv`] crate (RFC 4180: quoted fields, doubled
//! quotes, fields spanning lines).
#![forbid(unsafe_code)]

pub mod agree;
pub mod batch;
pub mod error;
pub mod survey;

pub use batch::{WideBatch, WideOptions, WidePart, read_weights, read_wide};
pub use error::{Problems, TableError};
