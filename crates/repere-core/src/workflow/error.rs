//! Why an action is refused, and why a trail does not replay.

use std::fmt;

use super::{ActionKind, AssessmentId, EvaluationError, Roles, State, Timestamp, TrailEntry, Who};
use crate::Phase;

/// Why an action is refused: the rule it breaks, with who and what is involved, and who may
/// act instead.
///
/// `Display` gives the English message: the rule, and who may do it instead;
/// [`WorkflowError::help`] gives a close name when one looks misspelled. A refused action
/// changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WorkflowError {
    /// The action is dated before the last action of the trail.
    Backdated {
        /// Its date.
        at: Timestamp,
        /// The date of the last action.
        last: Timestamp,
    },
    /// The actor is not a member of the team: only members act.
    NotAMember {
        /// The name given.
        name: String,
        /// The members.
        members: Vec<Who>,
        /// The member whose name is closest, if it looks like a misspelling.
        suggestion: Option<String>,
    },
    /// An assessment is started at a phase that is not planned.
    PhaseNotPlanned {
        /// The phase.
        phase: Phase,
        /// The phases planned.
        planned: Vec<Phase>,
    },
    /// An assessment is started (or a correction is) with the id of an existing one.
    DuplicateAssessment {
        /// The id.
        id: AssessmentId,
    },
    /// The action names an assessment that does not exist.
    UnknownAssessment {
        /// The id given.
        id: AssessmentId,
        /// The existing id closest to it, if it looks like a misspelling.
        suggestion: Option<AssessmentId>,
    },
    /// The actor's role may not take this action at this phase.
    RoleMayNot {
        /// The actor.
        actor: Who,
        /// The action.
        action: ActionKind,
        /// The phase.
        phase: Phase,
        /// The roles that may.
        allowed: Roles,
        /// The members who may (on this assessment, when it is about one).
        instead: Vec<Who>,
    },
    /// Only the author edits and submits an assessment.
    NotTheAuthor {
        /// The assessment.
        id: AssessmentId,
        /// The action.
        action: ActionKind,
        /// The actor.
        actor: Who,
        /// The author.
        author: Who,
    },
    /// A reviewer is never the author.
    ReviewerIsAuthor {
        /// The assessment.
        id: AssessmentId,
        /// Its author, who tried to review it.
        author: Who,
        /// The members who may review it.
        instead: Vec<Who>,
    },
    /// An assessment made from an independent role is never reviewed (approved or sent back)
    /// nor corrected from a self-assessment role.
    IndependenceRule {
        /// The assessment.
        id: AssessmentId,
        /// The action.
        action: ActionKind,
        /// Its author, in an independent role.
        author: Who,
        /// The actor, in a self-assessment role.
        actor: Who,
        /// The members who may.
        instead: Vec<Who>,
    },
    /// Nothing is published without approval.
    NotApproved {
        /// The assessment.
        id: AssessmentId,
        /// Where it stands.
        state: State,
        /// The members who may review it.
        reviewers: Vec<Who>,
    },
    /// A published assessment is frozen: it changes only through a correction.
    Frozen {
        /// The assessment.
        id: AssessmentId,
        /// The action refused.
        action: ActionKind,
        /// Published or superseded.
        state: State,
        /// The correction that superseded it, if any.
        superseded_by: Option<AssessmentId>,
    },
    /// The assessment is not in a state where the action applies.
    WrongState {
        /// The assessment.
        id: AssessmentId,
        /// The action.
        action: ActionKind,
        /// Where it stands.
        found: State,
        /// Where it would have to stand.
        expected: Vec<State>,
    },
    /// A review names another content than the one submitted.
    ContentChanged {
        /// The assessment.
        id: AssessmentId,
        /// The hash of the content reviewed.
        reviewed: String,
        /// The hash of the content submitted.
        submitted: Option<String>,
    },
    /// A published assessment already has a correction in progress.
    CorrectionPending {
        /// The published assessment.
        id: AssessmentId,
        /// The correction in progress.
        correction: AssessmentId,
    },
    /// A correction without a reason.
    NoReason {
        /// The assessment corrected.
        id: AssessmentId,
    },
    /// A request for changes without a comment.
    NoComment {
        /// The assessment.
        id: AssessmentId,
    },
    /// An edit or submission without the hash of the content.
    NoContentHash {
        /// The assessment.
        id: AssessmentId,
        /// Edit or submit.
        action: ActionKind,
    },
}

impl WorkflowError {
    /// A suggestion in English when a name looks misspelled.
    pub fn help(&self) -> Option<String> {
        match self {
            WorkflowError::NotAMember {
                suggestion: Some(s),
                ..
            } => Some(format!("a member with a similar name exists: `{s}`")),
            WorkflowError::UnknownAssessment {
                suggestion: Some(s),
                ..
            } => Some(format!("an assessment with a similar id exists: `{s}`")),
            _ => None,
        }
    }
}

/// `Alice (guarantor), Bob (evaluator)`, or `none`.
fn list(who: &[Who]) -> String {
    if who.is_empty() {
        return "none".to_owned();
    }
    who.iter()
        .map(Who::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `framing, closing`, or `none`.
fn phases(phases: &[Phase]) -> String {
    if phases.is_empty() {
        return "none".to_owned();
    }
    phases
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for WorkflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkflowError::Backdated { at, last } => write!(
                f,
                "the action is dated {at}, before the last action of the trail ({last}): the trail is in time order"
            ),
            WorkflowError::NotAMember { name, members, .. } => write!(
                f,
                "`{name}` is not a member of the evaluation team: only members act; the members are {}",
                list(members)
            ),
            WorkflowError::PhaseNotPlanned { phase, planned } => write!(
                f,
                "the {phase} phase is not planned in this evaluation: assessments are started at a planned phase ({})",
                phases(planned)
            ),
            WorkflowError::DuplicateAssessment { id } => write!(
                f,
                "assessment `{id}` already exists: give the new assessment another id"
            ),
            WorkflowError::UnknownAssessment { id, .. } => {
                write!(f, "there is no assessment `{id}` in this evaluation")
            }
            WorkflowError::RoleMayNot {
                actor,
                action,
                phase,
                allowed,
                instead,
            } => write!(
                f,
                "{actor} may not {action} at the {phase} phase: in this evaluation only these roles may: {allowed}; members who may: {}",
                list(instead)
            ),
            WorkflowError::NotTheAuthor {
                id,
                action,
                actor,
                author,
            } => write!(
                f,
                "{actor} may not {action} assessment `{id}`: only its author, {author}, edits and submits it"
            ),
            WorkflowError::ReviewerIsAuthor {
                id,
                author,
                instead,
            } => write!(
                f,
                "{author} may not review assessment `{id}`: the author may not approve their own assessment (a reviewer is never the author); members who may review it: {}",
                list(instead)
            ),
            WorkflowError::IndependenceRule {
                id,
                action,
                author,
                actor,
                instead,
            } => write!(
                f,
                "{actor} may not {action} assessment `{id}`: it was made by {author}, an independent role, and an independent assessment is never {} from a self-assessment role (commissioner, process-owner, organiser); members who may: {}",
                if *action == ActionKind::Review {
                    "approved or sent back"
                } else {
                    action.done()
                },
                list(instead)
            ),
            WorkflowError::NotApproved {
                id,
                state,
                reviewers,
            } => write!(
                f,
                "assessment `{id}` is {}, not approved: nothing is published without approval; it must be submitted and approved by a reviewer first (members who may review it: {})",
                state.phrase(),
                list(reviewers)
            ),
            WorkflowError::Frozen {
                id,
                action,
                state,
                superseded_by,
            } => {
                write!(f, "assessment `{id}` is {}", state.phrase())?;
                if let Some(by) = superseded_by {
                    write!(f, " by `{by}`")?;
                }
                write!(
                    f,
                    " and frozen: it cannot be {}; its ratings change only through a correction, a new version that supersedes it and gives a reason",
                    action.done()
                )
            }
            WorkflowError::WrongState {
                id,
                action,
                found,
                expected,
            } => write!(
                f,
                "assessment `{id}` is {}: it can be {} only when it is {}",
                found.phrase(),
                action.done(),
                expected
                    .iter()
                    .map(|s| s.phrase())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            WorkflowError::ContentChanged {
                id,
                reviewed,
                submitted,
            } => write!(
                f,
                "the content reviewed ({reviewed}) is not the content submitted for assessment `{id}` ({}): a review is of the content submitted",
                submitted.as_deref().unwrap_or("none")
            ),
            WorkflowError::CorrectionPending { id, correction } => write!(
                f,
                "assessment `{id}` already has a correction in progress, `{correction}`: one correction at a time; finish that one"
            ),
            WorkflowError::NoReason { id } => write!(
                f,
                "a correction of assessment `{id}` must give a reason: the record says why a published assessment was replaced"
            ),
            WorkflowError::NoComment { id } => write!(
                f,
                "requesting changes to assessment `{id}` needs a comment saying which changes"
            ),
            WorkflowError::NoContentHash { id, action } => write!(
                f,
                "assessment `{id}` cannot be {} without the hash of its content",
                action.done()
            ),
        }
    }
}

impl std::error::Error for WorkflowError {}

/// Why a trail does not replay.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReplayError {
    /// The evaluation itself is invalid.
    Evaluation(EvaluationError),
    /// An entry is not numbered as its position says: one is missing, repeated or moved.
    OutOfSequence {
        /// The number expected (its position, from 1).
        expected: u64,
        /// The number recorded.
        found: u64,
    },
    /// An entry is refused by the rules.
    Refused {
        /// The entry's number.
        seq: u64,
        /// Why.
        error: WorkflowError,
    },
    /// An entry replays into another entry than the one recorded (an id of a new assessment
    /// was not recorded).
    Diverged {
        /// The entry recorded.
        recorded: Box<TrailEntry>,
        /// The entry the replay gives.
        replayed: Box<TrailEntry>,
    },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Evaluation(e) => write!(f, "{e}"),
            ReplayError::OutOfSequence { expected, found } => write!(
                f,
                "trail entry {expected} is numbered {found}: an entry is missing, repeated or out of order"
            ),
            ReplayError::Refused { seq, error } => {
                write!(f, "trail entry {seq} does not replay: {error}")
            }
            ReplayError::Diverged { recorded, replayed } => write!(
                f,
                "trail entry {} replays differently: recorded `{recorded}`, replayed `{replayed}`",
                recorded.seq
            ),
        }
    }
}

impl std::error::Error for ReplayError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReplayError::Evaluation(e) => Some(e),
            ReplayError::Refused { error, .. } => Some(error),
            _ => None,
        }
    }
}
