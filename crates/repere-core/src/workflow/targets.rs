//! Framing targets flowing into later phases: the ambition set at framing, carried into the
//! assessments of later phases so that their scorecards show achievement against it.

use std::fmt;

use crate::{Assessment, GridRef, Id, Phase};

/// Why framing targets cannot be carried into an assessment.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TargetFlowError {
    /// The assessment the targets would come from is not a framing assessment.
    NotFraming {
        /// Its phase.
        phase: Phase,
    },
    /// The assessment the targets would go to is itself a framing assessment.
    NotLater,
    /// The two assessments are not made on the same grid (id, version and, when both record
    /// one, content hash): their criteria cannot be paired.
    OtherGrid {
        /// The framing assessment's grid.
        framing: Box<GridRef>,
        /// The later assessment's grid.
        later: Box<GridRef>,
    },
}

impl fmt::Display for TargetFlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetFlowError::NotFraming { phase } => write!(
                f,
                "targets flow from the framing phase, and this assessment is at the {phase} phase"
            ),
            TargetFlowError::NotLater => f.write_str(
                "targets flow from framing into later phases, and this assessment is at the framing phase",
            ),
            TargetFlowError::OtherGrid { framing, later } => write!(
                f,
                "the framing assessment is on grid `{}` version `{}` and the later one on grid `{}` version `{}`{}: targets flow only between assessments of the same grid",
                framing.id,
                framing.version,
                later.id,
                later.version,
                if framing.id == later.id && framing.version == later.version {
                    " with another content hash"
                } else {
                    ""
                }
            ),
        }
    }
}

impl std::error::Error for TargetFlowError {}

/// Carries the targets of a framing assessment into an assessment of a later phase, so that
/// scoring it gives, per criterion, the gap between achievement and the ambition set at
/// framing.
///
/// A criterion that already has a target in `later` keeps it; the others get the framing
/// target. Returns the criteria whose target was carried, in the framing assessment's order.
/// With several framing assessments, call it once for each, in order of precedence. The
/// framing assessments to use are those of the public record,
/// [`Workflow::targets_for`](super::Workflow::targets_for).
///
/// ```
/// use repere_core::*;
/// use repere_core::workflow::carry_targets;
/// let grid = GridRef { id: Id::new("g").unwrap(), version: "1".into(), hash: None };
/// let who = Assessor { name: "CPDP".into(), role: Role::Guarantor, organisation: None };
/// let mut framing = Assessment::new(grid.clone(), Process::default(), Phase::Framing, who.clone());
/// framing.targets.push((Id::new("access").unwrap(), Value::Number(80.0)));
/// let mut closing = Assessment::new(grid, Process::default(), Phase::Closing, who);
/// assert_eq!(carry_targets(&framing, &mut closing)?, vec![Id::new("access").unwrap()]);
/// assert_eq!(closing.target("access"), Some(&Value::Number(80.0)));
/// # Ok::<(), repere_core::workflow::TargetFlowError>(())
/// ```
pub fn carry_targets(
    framing: &Assessment,
    later: &mut Assessment,
) -> Result<Vec<Id>, TargetFlowError> {
    if framing.phase != Phase::Framing {
        return Err(TargetFlowError::NotFraming {
            phase: framing.phase,
        });
    }
    if later.phase == Phase::Framing {
        return Err(TargetFlowError::NotLater);
    }
    let (a, b) = (&framing.grid, &later.grid);
    let same_hash = match (&a.hash, &b.hash) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    if a.id != b.id || a.version != b.version || !same_hash {
        return Err(TargetFlowError::OtherGrid {
            framing: Box::new(a.clone()),
            later: Box::new(b.clone()),
        });
    }
    let mut carried = Vec::new();
    for (criterion, value) in &framing.targets {
        if later.target(criterion.as_str()).is_none() {
            later.targets.push((criterion.clone(), value.clone()));
            carried.push(criterion.clone());
        }
    }
    Ok(carried)
}
