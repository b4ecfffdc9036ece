//! What members do (actions), what the trail records (entries), and what the workflow keeps
//! of each assessment (records).

use crate::vocab::named_enum;
use std::fmt;
use std::str::FromStr;

use super::{Timestamp, Who};
use crate::{Id, IdError, Phase};

/// The id of an assessment within an evaluation, such as `framing-1`.
///
/// It follows the rules of [`Id`] (ASCII letters, digits, `.`, `_`, `-`), so that a dossier can
/// use it to name the assessment's file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AssessmentId(Id);

impl AssessmentId {
    /// Checks and wraps an id.
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        Id::new(s).map(Self)
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The id as an [`Id`].
    pub fn as_id(&self) -> &Id {
        &self.0
    }
}

impl From<Id> for AssessmentId {
    fn from(id: Id) -> Self {
        Self(id)
    }
}

impl FromStr for AssessmentId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl fmt::Display for AssessmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

named_enum! {
    /// The kinds of action, as permissions name them.
    pub enum ActionKind {
        /// Start a new assessment, as a draft.
        Start => "start",
        /// Record new content of a draft, or of an assessment sent back for changes.
        Edit => "edit",
        /// Submit an assessment for review.
        Submit => "submit",
        /// Review a submitted assessment: approve it or request changes.
        Review => "review",
        /// Publish an approved assessment.
        Publish => "publish",
        /// Start a correction of a published assessment: a new version that will supersede it.
        Correct => "correct",
    }
}

impl ActionKind {
    /// The past participle, for messages: `started`, `edited`, `submitted`…
    pub fn done(self) -> &'static str {
        match self {
            ActionKind::Start => "started",
            ActionKind::Edit => "edited",
            ActionKind::Submit => "submitted",
            ActionKind::Review => "reviewed",
            ActionKind::Publish => "published",
            ActionKind::Correct => "corrected",
        }
    }
}

named_enum! {
    /// Where an assessment stands.
    ///
    /// A draft is submitted; a submitted assessment is approved or sent back for changes (and
    /// submitted again); an approved one is published; a published one is superseded when a
    /// correction of it is published. See the [module documentation](super) for the diagram.
    pub enum State {
        /// Being written by its author.
        Draft => "draft",
        /// Submitted, waiting for a review.
        Submitted => "submitted",
        /// Sent back to its author by a reviewer.
        ChangesRequested => "changes-requested",
        /// Approved by a reviewer, waiting to be published.
        Approved => "approved",
        /// Published: frozen, part of the public record.
        Published => "published",
        /// Published, then replaced by a published correction; still part of the record.
        Superseded => "superseded",
    }
}

impl State {
    /// How messages say an assessment is in this state: `in draft`, `submitted`, `sent back
    /// for changes`…
    pub fn phrase(self) -> &'static str {
        match self {
            State::Draft => "in draft",
            State::Submitted => "submitted",
            State::ChangesRequested => "sent back for changes",
            State::Approved => "approved",
            State::Published => "published",
            State::Superseded => "superseded",
        }
    }

    /// Whether the assessment is frozen: published, or published then superseded.
    pub fn is_frozen(self) -> bool {
        matches!(self, State::Published | State::Superseded)
    }
}

named_enum! {
    /// A reviewer's decision.
    pub enum Verdict {
        /// The assessment may be published.
        Approve => "approve",
        /// The assessment goes back to its author.
        RequestChanges => "request-changes",
    }
}

/// What a member asks to do.
///
/// Ids of new assessments may be left to the workflow (`None`); the [`TrailEntry`] of the
/// action, returned in the [`Event`], records the id given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Start an assessment at a planned phase, as a draft authored by the actor.
    Start {
        /// The phase.
        phase: Phase,
        /// Its id; `None` for the next free `PHASE-N` (`framing-1`, `framing-2`…).
        id: Option<AssessmentId>,
    },
    /// Record new content of the actor's own draft, or of their assessment sent back for
    /// changes (the state does not change).
    Edit {
        /// The assessment.
        id: AssessmentId,
        /// The hash of its content now, as computed by the caller.
        content_hash: String,
    },
    /// Submit the actor's own assessment for review, with the hash of the content submitted.
    Submit {
        /// The assessment.
        id: AssessmentId,
        /// The hash of the content submitted, as computed by the caller.
        content_hash: String,
    },
    /// Review a submitted assessment.
    Review {
        /// The assessment.
        id: AssessmentId,
        /// Approve, or request changes.
        verdict: Verdict,
        /// The reviewer's comment; required to request changes.
        comment: Option<String>,
        /// The hash of the content reviewed, which must be the content submitted: a review
        /// is of a content, not of a name.
        content_hash: String,
    },
    /// Publish an approved assessment; a correction then supersedes the version it corrects.
    Publish {
        /// The assessment.
        id: AssessmentId,
    },
    /// Start a correction of a published assessment: a new draft, the next version, authored
    /// by the actor, that supersedes the published one once it is itself published.
    Correct {
        /// The published assessment corrected.
        id: AssessmentId,
        /// Why it is corrected; required.
        reason: String,
        /// The new version's id; `None` for `ROOT.vN` (`framing-1.v2`), ROOT being the first
        /// version's id.
        new_id: Option<AssessmentId>,
    },
}

impl Action {
    /// The kind of action.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Start { .. } => ActionKind::Start,
            Action::Edit { .. } => ActionKind::Edit,
            Action::Submit { .. } => ActionKind::Submit,
            Action::Review { .. } => ActionKind::Review,
            Action::Publish { .. } => ActionKind::Publish,
            Action::Correct { .. } => ActionKind::Correct,
        }
    }

    /// The assessment acted on (the one corrected, for a correction); `None` for a start.
    pub fn assessment(&self) -> Option<&AssessmentId> {
        match self {
            Action::Start { .. } => None,
            Action::Edit { id, .. }
            | Action::Submit { id, .. }
            | Action::Review { id, .. }
            | Action::Publish { id }
            | Action::Correct { id, .. } => Some(id),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let opt = |id: &Option<AssessmentId>| match id {
            Some(id) => format!(" `{id}`"),
            None => String::new(),
        };
        match self {
            Action::Start { phase, id } => write!(f, "start{} at the {phase} phase", opt(id)),
            Action::Edit { id, content_hash } => write!(f, "edit `{id}` ({content_hash})"),
            Action::Submit { id, content_hash } => write!(f, "submit `{id}` ({content_hash})"),
            Action::Review {
                id,
                verdict,
                comment,
                content_hash,
            } => {
                write!(f, "review `{id}` ({content_hash}): {verdict}")?;
                match comment {
                    Some(c) => write!(f, ", \"{c}\""),
                    None => Ok(()),
                }
            }
            Action::Publish { id } => write!(f, "publish `{id}`"),
            Action::Correct { id, reason, new_id } => {
                write!(f, "correct `{id}`{}: \"{reason}\"", opt(new_id))
            }
        }
    }
}

/// One entry of the trail: who did what, when, in which order.
///
/// The trail is what a dossier records (and signs); replaying it
/// ([`Workflow::replay`](super::Workflow::replay)) rebuilds the workflow. Entries record
/// actions with the ids of new assessments given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailEntry {
    /// The position in the trail, from 1.
    pub seq: u64,
    /// When, as given by the caller.
    pub at: Timestamp,
    /// The member who acted, by name.
    pub actor: String,
    /// What they did, with the ids of new assessments given.
    pub action: Action,
}

impl fmt::Display for TrailEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "#{} {} {}: {}",
            self.seq, self.at, self.actor, self.action
        )
    }
}

/// A change of state of one assessment, caused by an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The assessment.
    pub assessment: AssessmentId,
    /// Its state before; `None` when the action created it.
    pub from: Option<State>,
    /// Its state after (the same as before for an edit).
    pub to: State,
}

/// What an accepted action did: the trail entry to record and the assessments it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The entry to append to the trail.
    pub entry: TrailEntry,
    /// The assessments changed, the one acted on first (publishing a correction also moves
    /// the version it corrects to [`State::Superseded`]).
    pub changes: Vec<Transition>,
}

/// One step in the history of an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The trail entry that made it.
    pub seq: u64,
    /// When.
    pub at: Timestamp,
    /// Who acted.
    pub actor: String,
    /// What they did.
    pub action: ActionKind,
    /// The assessment's state after the step.
    pub state: State,
    /// The review comment or the reason of a correction, if any.
    pub note: Option<String>,
}

/// The approval of an assessment: by whom, when, and of which content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The reviewer who approved.
    pub by: Who,
    /// When.
    pub at: Timestamp,
    /// The hash of the content approved (the content submitted).
    pub content_hash: String,
}

/// What the workflow knows of one assessment (its ratings live in its content, named by
/// `content_hash`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssessmentRecord {
    /// Its id.
    pub id: AssessmentId,
    /// The phase it assesses.
    pub phase: Phase,
    /// Who started it (for a correction, who started the correction), with their role.
    pub author: Who,
    /// Where it stands.
    pub state: State,
    /// Its version: 1, then one more for each correction.
    pub version: u32,
    /// The version it corrects, if it is a correction.
    pub supersedes: Option<AssessmentId>,
    /// Why it corrects that version, if it is a correction.
    pub reason: Option<String>,
    /// The published correction that replaced it, once it is superseded.
    pub superseded_by: Option<AssessmentId>,
    /// The hash of its content, as last recorded by an edit or a submission (a correction
    /// starts with the content of the version it corrects).
    pub content_hash: Option<String>,
    /// Its approval, once approved (cleared when it is submitted again).
    pub approval: Option<Approval>,
    /// Every step that changed it, in trail order.
    pub history: Vec<Step>,
}

/// An action a member may take next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Next {
    /// What they may do.
    pub action: ActionKind,
    /// At which phase.
    pub phase: Phase,
    /// On which assessment; `None` to start one.
    pub assessment: Option<AssessmentId>,
}

impl fmt::Display for Next {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.assessment {
            Some(id) => write!(f, "{} `{id}` ({})", self.action, self.phase),
            None => write!(
                f,
                "{} an assessment at the {} phase",
                self.action, self.phase
            ),
        }
    }
}
