//! The workflow of an evaluation: who may do what to which assessment, and in what order.
//!
//! An [`Evaluation`] names the process evaluated, the grid ([`GridRef`](crate::GridRef): id,
//! version, content hash) and the profile used, the team ([`Member`]s with a name, a
//! [`Role`](crate::Role) and a [`PublicKey`]), the [phases](Phase) planned and the [`Permissions`]. A
//! [`Workflow`] is the state of that evaluation: its assessments ([`AssessmentRecord`]) and the
//! trail of every action accepted ([`TrailEntry`]). It is pure: no I/O, no clock (every action
//! is dated by the caller with a [`Timestamp`]), no randomness, so the same trail always gives
//! the same state.
//!
//! # The life of an assessment
//!
//! ```text
//!  start
//!    │
//!    ▼        submit             approve             publish
//!  draft ───────────────▶ submitted ──────────▶ approved ──────────▶ published ─────▶ superseded
//!  (edit)                  ▲     │                                     │     once its correction
//!                  submit  │     │ request changes (comment)           │     is published
//!                          │     ▼                                     │ correct (reason)
//!                    changes-requested (edit)                          ▼
//!                                                  a new draft, version + 1, by whoever corrects;
//!                                                  both versions stay in the record
//! ```
//!
//! An [`Action`] is applied by a member at a time ([`Workflow::apply`]); it is accepted, and
//! returns the [`Event`] to record, or refused with a [`WorkflowError`] that names the rule,
//! the people involved and who may act instead, and then changes nothing.
//!
//! # The rules
//!
//! 1. **Only members act**, and only in a role allowed to take that action at that phase
//!    ([`Permissions`], configurable per evaluation; by default every role may start an
//!    assessment at any planned phase and review; whoever may start may edit, submit and
//!    correct; whoever may review may publish). Errors: [`WorkflowError::NotAMember`],
//!    [`WorkflowError::RoleMayNot`], [`WorkflowError::PhaseNotPlanned`].
//! 2. **The author writes**: only the author edits and submits their assessment
//!    ([`WorkflowError::NotTheAuthor`]); content is named by a hash given by the caller
//!    ([`WorkflowError::NoContentHash`]).
//! 3. **A reviewer is never the author** ([`WorkflowError::ReviewerIsAuthor`]), and **an
//!    assessment made from an independent role** (evaluator, guarantor, observer, committee,
//!    and participants: every role that is not [a self-assessment
//!    role](crate::Role::is_self_assessment)) **is never reviewed, published nor corrected from a
//!    self-assessment role** (commissioner, process owner, organiser):
//!    [`WorkflowError::IndependenceRule`]. A review covers both verdicts: a self-assessment
//!    role may no more send an independent assessment back than approve it. A review names
//!    the content it reviews, which must be the content submitted
//!    ([`WorkflowError::ContentChanged`]); requesting changes needs a comment
//!    ([`WorkflowError::NoComment`]).
//! 4. **Nothing is published without approval** ([`WorkflowError::NotApproved`]). A published
//!    assessment is **frozen** ([`WorkflowError::Frozen`]): its content, hence its ratings,
//!    changes only through a correction, a new version that supersedes it once published and
//!    gives a reason ([`WorkflowError::NoReason`]); one correction at a time
//!    ([`WorkflowError::CorrectionPending`]). Both versions stay in the record.
//! 5. **The trail is in time order**: an action dated before the last one is refused
//!    ([`WorkflowError::Backdated`]); actions at the same second are fine.
//! 6. An action in the wrong state is refused ([`WorkflowError::WrongState`]), and so is one
//!    on an unknown assessment, or a start with an id already used.
//!
//! Checks run in this order, and the first rule broken is reported: the date, membership,
//! the assessment's existence (or for a start, the phase and the id), its state, the role's
//! permission, the rules on persons (author, reviewer, independence), then the action's own
//! data (hash, comment, reason).
//!
//! # Framing targets flow into later phases
//!
//! The ambition is set at framing (the targets of framing assessments); later phases are read
//! against it. [`Workflow::targets_for`] gives the framing assessments of the public record (the
//! published, current versions) that a later phase compares with, and [`carry_targets`] carries
//! a framing assessment's targets into a later assessment so that its scorecard shows the gap
//! between achievement and ambition, criterion by criterion.
//!
//! # Design choices
//!
//! - **Times** are [`Timestamp`]s, seconds since the Unix epoch in UTC, given by the caller
//!   and written `2024-05-01T14:30:00Z`.
//! - **Ids** of assessments ([`AssessmentId`]) follow the rules of [`Id`](crate::Id), so a
//!   dossier can name files after them. They may be given, or left to the workflow: the next
//!   free `PHASE-N` for a start (`framing-1`), `ROOT.vN` for a correction (`framing-1.v2`,
//!   ROOT being the first version's id). The trail records the id either way, so replaying
//!   never depends on how ids are chosen.
//! - **Versions** count from 1; a correction is the next version of what it corrects, with
//!   `supersedes` pointing back and, once it is published, `superseded_by` pointing forward.
//!   A correction starts as a draft with the content of the version it corrects, by whoever
//!   corrects it (who becomes its author).
//! - **Content** is not the workflow's business: an assessment's ratings live in its content
//!   (a file, for a dossier), named by a hash computed by the caller. A review names the hash
//!   it approves, the approval records it, and a published assessment's hash never changes.
//! - **Permissions** name roles, per action, at every phase or at one phase; the rules on
//!   persons (author, reviewer, independence) hold whatever the permissions.
//! - **The trail is the truth**: the state is what replaying the trail gives
//!   ([`Workflow::replay`]), entry by entry through the same rules. [`Workflow::preview`]
//!   checks an action without applying it, so that a caller can record (and sign) the entry
//!   before applying it.
//!
//! # Example
//!
//! ```
//! use repere_core::{GridRef, Id, Phase, Process, Role};
//! use repere_core::workflow::*;
//!
//! let grid = GridRef { id: Id::new("fr.cndp.debat-public")?, version: "1.0.0".into(), hash: None };
//! let process = Process { name: "Débat public".into(), ..Process::default() };
//! let mut evaluation = Evaluation::new(process, grid, Id::new("default")?);
//! evaluation.members = vec![
//!     Member::new("Alice", Role::Evaluator, PublicKey::new([1; 32])),
//!     Member::new("Bob", Role::Guarantor, PublicKey::new([2; 32])),
//!     Member::new("Carol", Role::Commissioner, PublicKey::new([3; 32])),
//! ];
//! evaluation.phases = vec![Phase::Framing, Phase::Closing];
//! let mut wf = Workflow::new(evaluation.clone())?;
//! let t = |s: &str| s.parse::<Timestamp>().unwrap();
//!
//! // Alice starts a framing assessment and submits it.
//! let started = wf.apply("Alice", Action::Start { phase: Phase::Framing, id: None }, t("2024-05-01T09:00:00Z"))?;
//! let id = started.changes[0].assessment.clone();
//! assert_eq!(id.as_str(), "framing-1");
//! let hash = "sha256:1f2e".to_owned();
//! wf.apply("Alice", Action::Submit { id: id.clone(), content_hash: hash.clone() }, t("2024-05-02T09:00:00Z"))?;
//!
//! // The commissioner may not approve an independent assessment; the guarantor may.
//! let approve = Action::Review { id: id.clone(), verdict: Verdict::Approve, comment: None, content_hash: hash };
//! let refused = wf.apply("Carol", approve.clone(), t("2024-05-03T09:00:00Z")).unwrap_err();
//! assert!(matches!(refused, WorkflowError::IndependenceRule { .. }));
//! assert!(refused.to_string().contains("members who may: Bob (guarantor)"));
//! wf.apply("Bob", approve, t("2024-05-03T10:00:00Z"))?;
//! wf.apply("Bob", Action::Publish { id: id.clone() }, t("2024-05-04T09:00:00Z"))?;
//! assert_eq!(wf.assessment("framing-1").unwrap().state, State::Published);
//!
//! // Its targets are what the closing phase is compared with.
//! assert_eq!(wf.targets_for(Phase::Closing)[0].id, id);
//!
//! // The trail replays to the same state.
//! assert_eq!(Workflow::replay(evaluation, wf.trail())?, wf);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::Phase;

mod action;
mod error;
mod targets;
mod team;
mod time;

pub use action::{
    Action, ActionKind, Approval, AssessmentId, AssessmentRecord, Event, Next, State, Step,
    TrailEntry, Transition, Verdict,
};
pub use error::{ReplayError, WorkflowError};
pub use targets::{TargetFlowError, carry_targets};
pub use team::{
    Evaluation, EvaluationError, EvaluationProblem, KeyError, Member, Permissions, PublicKey,
    Roles, Who, is_independent,
};
pub use time::{Timestamp, TimestampError};

/// The state of an evaluation's workflow: its assessments and the trail of every action.
///
/// Built empty from an [`Evaluation`] ([`Workflow::new`]), changed only by accepted actions
/// ([`Workflow::apply`]), rebuilt from a trail ([`Workflow::replay`]). Two workflows are equal
/// when their evaluations, assessments and trails are.
#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    evaluation: Evaluation,
    assessments: Vec<AssessmentRecord>,
    trail: Vec<TrailEntry>,
}

/// The records an accepted action writes: a replacement of an existing record (by position)
/// or a new one.
struct Plan(Vec<(Option<usize>, AssessmentRecord)>);

/// A rule on persons broken by a member acting on an assessment.
enum Breach {
    NotTheAuthor,
    ReviewerIsAuthor,
    Independence,
}

impl Workflow {
    /// An evaluation's workflow, with no assessments yet; refused when the evaluation is
    /// invalid ([`Evaluation::validate`]).
    pub fn new(evaluation: Evaluation) -> Result<Self, EvaluationError> {
        evaluation.validate()?;
        Ok(Self {
            evaluation,
            assessments: Vec::new(),
            trail: Vec::new(),
        })
    }

    /// Rebuilds a workflow from its trail, entry by entry through the same rules as
    /// [`Workflow::apply`]: each entry must be numbered by its position, be accepted, and
    /// replay into the same entry (with the same ids of new assessments).
    pub fn replay<'a>(
        evaluation: Evaluation,
        trail: impl IntoIterator<Item = &'a TrailEntry>,
    ) -> Result<Self, ReplayError> {
        let mut wf = Self::new(evaluation).map_err(ReplayError::Evaluation)?;
        for (i, entry) in trail.into_iter().enumerate() {
            let expected = i as u64 + 1;
            if entry.seq != expected {
                return Err(ReplayError::OutOfSequence {
                    expected,
                    found: entry.seq,
                });
            }
            let (event, plan) = wf
                .check(&entry.actor, entry.action.clone(), entry.at)
                .map_err(|error| ReplayError::Refused {
                    seq: entry.seq,
                    error,
                })?;
            if event.entry != *entry {
                return Err(ReplayError::Diverged {
                    recorded: Box::new(entry.clone()),
                    replayed: Box::new(event.entry),
                });
            }
            wf.commit(event.entry, plan);
        }
        Ok(wf)
    }

    /// The evaluation.
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// Every assessment, in the order they were started.
    pub fn assessments(&self) -> &[AssessmentRecord] {
        &self.assessments
    }

    /// The assessment with this id.
    pub fn assessment(&self, id: &str) -> Option<&AssessmentRecord> {
        self.assessments.iter().find(|a| a.id.as_str() == id)
    }

    /// The correction in progress of a published assessment, if any.
    pub fn correction_of(&self, id: &str) -> Option<&AssessmentRecord> {
        self.assessments.iter().find(|a| {
            a.supersedes.as_ref().is_some_and(|s| s.as_str() == id) && a.state != State::Published
        })
    }

    /// The trail: every action accepted, in order.
    pub fn trail(&self) -> &[TrailEntry] {
        &self.trail
    }

    /// The date of the last action, if any.
    pub fn last_time(&self) -> Option<Timestamp> {
        self.trail.last().map(|e| e.at)
    }

    /// Checks an action without applying it: the event it would make, or why it is refused.
    pub fn preview(
        &self,
        actor: &str,
        action: Action,
        at: Timestamp,
    ) -> Result<Event, WorkflowError> {
        self.check(actor, action, at).map(|(event, _)| event)
    }

    /// Applies an action by a member at a time: the event to record (the trail entry and the
    /// assessments changed), or why it is refused, in which case nothing changes.
    pub fn apply(
        &mut self,
        actor: &str,
        action: Action,
        at: Timestamp,
    ) -> Result<Event, WorkflowError> {
        let (event, plan) = self.check(actor, action, at)?;
        self.commit(event.entry.clone(), plan);
        Ok(event)
    }

    /// What a member may do next: start an assessment at each planned phase where they may,
    /// and each action they may take on an assessment as it stands. Every action listed would
    /// be accepted now (given a hash, comment or reason where one is needed); a name that is
    /// not a member's gets nothing.
    pub fn what_next(&self, member: &str) -> Vec<Next> {
        let mut out = Vec::new();
        if self.evaluation.member(member).is_none() {
            return out;
        }
        let at = self.last_time().unwrap_or(Timestamp(i64::MIN));
        for &phase in &self.evaluation.phases {
            let start = Action::Start { phase, id: None };
            if self.check(member, start, at).is_ok() {
                out.push(Next {
                    action: ActionKind::Start,
                    phase,
                    assessment: None,
                });
            }
        }
        for rec in &self.assessments {
            let id = &rec.id;
            let hash = rec.content_hash.clone().unwrap_or_else(|| "-".to_owned());
            let candidates = [
                Action::Edit {
                    id: id.clone(),
                    content_hash: hash.clone(),
                },
                Action::Submit {
                    id: id.clone(),
                    content_hash: hash.clone(),
                },
                Action::Review {
                    id: id.clone(),
                    verdict: Verdict::Approve,
                    comment: None,
                    content_hash: hash,
                },
                Action::Publish { id: id.clone() },
                Action::Correct {
                    id: id.clone(),
                    reason: "-".to_owned(),
                    new_id: None,
                },
            ];
            for action in candidates {
                let kind = action.kind();
                if self.check(member, action, at).is_ok() {
                    out.push(Next {
                        action: kind,
                        phase: rec.phase,
                        assessment: Some(id.clone()),
                    });
                }
            }
        }
        out
    }

    /// The published assessments at a phase: the public record, current versions only (a
    /// superseded version is replaced by its correction).
    pub fn published(&self, phase: Phase) -> Vec<&AssessmentRecord> {
        self.assessments
            .iter()
            .filter(|a| a.phase == phase && a.state == State::Published)
            .collect()
    }

    /// The approved assessments at a phase: current versions that a reviewer approved,
    /// published or not yet (a superseded version is replaced by its correction, and an
    /// assessment sent back or submitted again is no longer approved). These are what a
    /// consolidation of the phase works on.
    pub fn approved(&self, phase: Phase) -> Vec<&AssessmentRecord> {
        self.assessments
            .iter()
            .filter(|a| a.phase == phase && matches!(a.state, State::Approved | State::Published))
            .collect()
    }

    /// The framing assessments a phase is compared with: the published framing assessments
    /// (current versions), whose targets set the ambition; none for the framing phase itself.
    /// Use [`carry_targets`] to carry their targets into an assessment of the phase.
    pub fn targets_for(&self, phase: Phase) -> Vec<&AssessmentRecord> {
        if phase == Phase::Framing {
            return Vec::new();
        }
        self.published(Phase::Framing)
    }

    /// The members who may take an action on an assessment (or, for a start, at a phase), by
    /// role and by the rules on persons, whatever its state.
    fn eligible(
        &self,
        action: ActionKind,
        phase: Phase,
        rec: Option<&AssessmentRecord>,
    ) -> Vec<Who> {
        self.evaluation
            .members
            .iter()
            .filter(|m| {
                self.evaluation.permissions.may(m.role, action, phase)
                    && breach(m, action, rec).is_none()
            })
            .map(Member::who)
            .collect()
    }

    /// The member acting, or why they may not.
    fn member(&self, name: &str) -> Result<&Member, WorkflowError> {
        self.evaluation
            .member(name)
            .ok_or_else(|| WorkflowError::NotAMember {
                name: name.to_owned(),
                members: self.evaluation.members.iter().map(Member::who).collect(),
                suggestion: crate::closest(
                    name,
                    self.evaluation.members.iter().map(|m| m.name.as_str()),
                )
                .map(str::to_owned),
            })
    }

    /// The position and record of an assessment, or why there is none.
    fn record(&self, id: &AssessmentId) -> Result<(usize, &AssessmentRecord), WorkflowError> {
        self.assessments
            .iter()
            .enumerate()
            .find(|(_, a)| a.id == *id)
            .ok_or_else(|| WorkflowError::UnknownAssessment {
                id: id.clone(),
                suggestion: crate::closest(
                    id.as_str(),
                    self.assessments.iter().map(|a| a.id.as_str()),
                )
                .and_then(|s| AssessmentId::new(s).ok()),
            })
    }

    /// Checks that a member's role may take an action at a phase, then the rules on persons.
    fn permit(
        &self,
        m: &Member,
        action: ActionKind,
        phase: Phase,
        rec: Option<&AssessmentRecord>,
    ) -> Result<(), WorkflowError> {
        let allowed = self.evaluation.permissions.allowed(action, phase);
        if !allowed.contains(m.role) {
            return Err(WorkflowError::RoleMayNot {
                actor: m.who(),
                action,
                phase,
                allowed,
                instead: self.eligible(action, phase, rec),
            });
        }
        let (Some(rec), Some(b)) = (rec, breach(m, action, rec)) else {
            return Ok(());
        };
        let id = rec.id.clone();
        Err(match b {
            Breach::NotTheAuthor => WorkflowError::NotTheAuthor {
                id,
                action,
                actor: m.who(),
                author: rec.author.clone(),
            },
            Breach::ReviewerIsAuthor => WorkflowError::ReviewerIsAuthor {
                id,
                author: rec.author.clone(),
                instead: self.eligible(action, phase, Some(rec)),
            },
            Breach::Independence => WorkflowError::IndependenceRule {
                id,
                action,
                author: rec.author.clone(),
                actor: m.who(),
                instead: self.eligible(action, phase, Some(rec)),
            },
        })
    }

    /// An id not used yet: `preferred` when it is valid and free, else the next free
    /// `PHASE-N`.
    fn fresh(&self, preferred: Option<String>, phase: Phase) -> AssessmentId {
        let free = |id: &AssessmentId| self.assessment(id.as_str()).is_none();
        if let Some(id) = preferred.and_then(|p| AssessmentId::new(p).ok())
            && free(&id)
        {
            return id;
        }
        let mut n = 1u64;
        loop {
            if let Ok(id) = AssessmentId::new(format!("{phase}-{n}"))
                && free(&id)
            {
                return id;
            }
            n += 1;
        }
    }

    /// The first version of the assessment a record corrects, or the record itself.
    fn root<'a>(&'a self, mut rec: &'a AssessmentRecord) -> &'a AssessmentRecord {
        while let Some(prev) = rec
            .supersedes
            .as_ref()
            .and_then(|p| self.assessment(p.as_str()))
        {
            rec = prev;
        }
        rec
    }

    /// Checks an action: the event it makes and the records it writes, or why it is refused.
    fn check(
        &self,
        actor: &str,
        action: Action,
        at: Timestamp,
    ) -> Result<(Event, Plan), WorkflowError> {
        if let Some(last) = self.last_time()
            && at < last
        {
            return Err(WorkflowError::Backdated { at, last });
        }
        let m = self.member(actor)?;
        let seq = self.trail.len() as u64 + 1;
        let kind = action.kind();
        let step = |state: State, note: Option<String>| Step {
            seq,
            at,
            actor: m.name.clone(),
            action: kind,
            state,
            note,
        };
        let wrong = |rec: &AssessmentRecord, expected: Vec<State>| WorkflowError::WrongState {
            id: rec.id.clone(),
            action: kind,
            found: rec.state,
            expected,
        };
        let frozen = |rec: &AssessmentRecord| WorkflowError::Frozen {
            id: rec.id.clone(),
            action: kind,
            state: rec.state,
            superseded_by: rec.superseded_by.clone(),
        };
        let no_hash = |id: &AssessmentId, hash: &str| {
            if hash.trim().is_empty() {
                Err(WorkflowError::NoContentHash {
                    id: id.clone(),
                    action: kind,
                })
            } else {
                Ok(())
            }
        };
        let mut plan = Vec::new();
        let action = match action {
            Action::Start { phase, id } => {
                if !self.evaluation.phases.contains(&phase) {
                    return Err(WorkflowError::PhaseNotPlanned {
                        phase,
                        planned: self.evaluation.phases.clone(),
                    });
                }
                if let Some(id) = &id
                    && self.assessment(id.as_str()).is_some()
                {
                    return Err(WorkflowError::DuplicateAssessment { id: id.clone() });
                }
                self.permit(m, kind, phase, None)?;
                let id = id.unwrap_or_else(|| self.fresh(None, phase));
                plan.push((
                    None,
                    AssessmentRecord {
                        id: id.clone(),
                        phase,
                        author: m.who(),
                        state: State::Draft,
                        version: 1,
                        supersedes: None,
                        reason: None,
                        superseded_by: None,
                        content_hash: None,
                        approval: None,
                        history: vec![step(State::Draft, None)],
                    },
                ));
                Action::Start {
                    phase,
                    id: Some(id),
                }
            }
            Action::Edit {
                ref id,
                ref content_hash,
            }
            | Action::Submit {
                ref id,
                ref content_hash,
            } => {
                let (i, rec) = self.record(id)?;
                if rec.state.is_frozen() {
                    return Err(frozen(rec));
                }
                if !matches!(rec.state, State::Draft | State::ChangesRequested) {
                    return Err(wrong(rec, vec![State::Draft, State::ChangesRequested]));
                }
                self.permit(m, kind, rec.phase, Some(rec))?;
                no_hash(id, content_hash)?;
                let mut new = rec.clone();
                new.content_hash = Some(content_hash.clone());
                if kind == ActionKind::Submit {
                    new.state = State::Submitted;
                    new.approval = None;
                }
                new.history.push(step(new.state, None));
                plan.push((Some(i), new));
                action
            }
            Action::Review {
                ref id,
                verdict,
                ref comment,
                ref content_hash,
            } => {
                let (i, rec) = self.record(id)?;
                if rec.state.is_frozen() {
                    return Err(frozen(rec));
                }
                if rec.state != State::Submitted {
                    return Err(wrong(rec, vec![State::Submitted]));
                }
                self.permit(m, kind, rec.phase, Some(rec))?;
                if rec.content_hash.as_deref() != Some(content_hash.as_str()) {
                    return Err(WorkflowError::ContentChanged {
                        id: id.clone(),
                        reviewed: content_hash.clone(),
                        submitted: rec.content_hash.clone(),
                    });
                }
                let comment = comment.as_ref().filter(|c| !c.trim().is_empty()).cloned();
                let mut new = rec.clone();
                match verdict {
                    Verdict::Approve => {
                        new.state = State::Approved;
                        new.approval = Some(Approval {
                            by: m.who(),
                            at,
                            content_hash: content_hash.clone(),
                        });
                    }
                    Verdict::RequestChanges => {
                        if comment.is_none() {
                            return Err(WorkflowError::NoComment { id: id.clone() });
                        }
                        new.state = State::ChangesRequested;
                    }
                }
                new.history.push(step(new.state, comment));
                plan.push((Some(i), new));
                action
            }
            Action::Publish { ref id } => {
                let (i, rec) = self.record(id)?;
                match rec.state {
                    State::Approved => {}
                    State::Published | State::Superseded => {
                        return Err(wrong(rec, vec![State::Approved]));
                    }
                    state => {
                        return Err(WorkflowError::NotApproved {
                            id: id.clone(),
                            state,
                            reviewers: self.eligible(ActionKind::Review, rec.phase, Some(rec)),
                        });
                    }
                }
                self.permit(m, kind, rec.phase, Some(rec))?;
                let mut new = rec.clone();
                new.state = State::Published;
                new.history.push(step(State::Published, None));
                plan.push((Some(i), new));
                if let Some(old_id) = &rec.supersedes
                    && let Ok((j, old)) = self.record(old_id)
                {
                    let mut old = old.clone();
                    old.state = State::Superseded;
                    old.superseded_by = Some(id.clone());
                    old.history.push(step(State::Superseded, None));
                    plan.push((Some(j), old));
                }
                action
            }
            Action::Correct { id, reason, new_id } => {
                let (_, rec) = self.record(&id)?;
                if rec.state != State::Published {
                    return Err(wrong(rec, vec![State::Published]));
                }
                if let Some(c) = self.correction_of(id.as_str()) {
                    return Err(WorkflowError::CorrectionPending {
                        id,
                        correction: c.id.clone(),
                    });
                }
                if let Some(n) = &new_id
                    && self.assessment(n.as_str()).is_some()
                {
                    return Err(WorkflowError::DuplicateAssessment { id: n.clone() });
                }
                self.permit(m, kind, rec.phase, Some(rec))?;
                if reason.trim().is_empty() {
                    return Err(WorkflowError::NoReason { id });
                }
                let version = rec.version.saturating_add(1);
                let new_id = new_id.unwrap_or_else(|| {
                    let root = self.root(rec);
                    self.fresh(Some(format!("{}.v{version}", root.id)), rec.phase)
                });
                plan.push((
                    None,
                    AssessmentRecord {
                        id: new_id.clone(),
                        phase: rec.phase,
                        author: m.who(),
                        state: State::Draft,
                        version,
                        supersedes: Some(id.clone()),
                        reason: Some(reason.clone()),
                        superseded_by: None,
                        content_hash: rec.content_hash.clone(),
                        approval: None,
                        history: vec![step(State::Draft, Some(reason.clone()))],
                    },
                ));
                Action::Correct {
                    id,
                    reason,
                    new_id: Some(new_id),
                }
            }
        };
        let changes = plan
            .iter()
            .map(|(i, new)| Transition {
                assessment: new.id.clone(),
                from: i.map(|i| self.assessments[i].state),
                to: new.state,
            })
            .collect();
        let entry = TrailEntry {
            seq,
            at,
            actor: m.name.clone(),
            action,
        };
        Ok((Event { entry, changes }, Plan(plan)))
    }

    /// Writes what a checked action planned and appends its entry to the trail.
    fn commit(&mut self, entry: TrailEntry, plan: Plan) {
        for (i, rec) in plan.0 {
            match i {
                Some(i) => self.assessments[i] = rec,
                None => self.assessments.push(rec),
            }
        }
        self.trail.push(entry);
    }
}

/// The rule on persons a member would break by taking an action on an assessment, if any:
/// only the author edits and submits; a reviewer is never the author; an assessment made from
/// an independent role is never reviewed, published nor corrected from a self-assessment role.
fn breach(m: &Member, action: ActionKind, rec: Option<&AssessmentRecord>) -> Option<Breach> {
    let rec = rec?;
    let is_author = m.name == rec.author.name;
    let independence = is_independent(rec.author.role) && !is_independent(m.role);
    match action {
        ActionKind::Edit | ActionKind::Submit if !is_author => Some(Breach::NotTheAuthor),
        ActionKind::Review if is_author => Some(Breach::ReviewerIsAuthor),
        ActionKind::Review | ActionKind::Publish | ActionKind::Correct if independence => {
            Some(Breach::Independence)
        }
        _ => None,
    }
}
