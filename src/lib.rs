//! # Repère
//!
//! A framework for evaluating public participation: consultations, public debates, citizens'
//! panels, participatory budgets. This facade re-exports the Repère libraries; see the
//! [`core`] crate for the model and the scoring engine.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[doc(inline)]
pub use repere_core as core;
pub use repere_core::*;
