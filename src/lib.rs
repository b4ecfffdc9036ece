//! # Repère
//!
//! A framework for evaluating public participation: consultations, public debates, citizens'
//! panels, participatory budgets. This facade re-exports the Repère libraries: the model and
//! scoring engine ([`core`], also re-exported at the root) and the TOML formats ([`toml`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[doc(inline)]
pub use repere_core as core;
pub use repere_core::*;
#[doc(inline)]
pub use repere_toml as toml;
