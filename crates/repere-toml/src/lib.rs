//! Repère TOML formats (being written).
#![forbid(unsafe_code)]
#![warn(missing_docs)]
pub mod convert;
pub mod diagnostic;
mod load;
pub mod raw;
mod schema;
mod write;

pub use diagnostic::{Diagnostic, LoadError, Severity};
pub use load::*;
pub use schema::schema;
pub use write::{
    SCHEMA_BASE, TemplateOptions, assessment_to_toml, grid_to_toml, profile_to_toml, template,
};
