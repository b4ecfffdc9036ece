//! The documents: one typed value per report, built once in one language from core results.
//!
//! Each file holds one document, its parts, its builder (`new`) and its [`Report`](crate::Report)
//! impl; none of them knows any output format (the renderers are in [`crate::render`]).

pub(crate) mod agreement;
pub(crate) mod batch;
pub(crate) mod check;
pub(crate) mod comparison;
pub(crate) mod consolidation;
pub(crate) mod crosswalk;
pub(crate) mod grid;
pub(crate) mod scorecard;
pub(crate) mod sensitivity;
pub(crate) mod set;
pub(crate) mod survey;
pub(crate) mod trace;
