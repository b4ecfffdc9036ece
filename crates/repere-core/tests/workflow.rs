//! The workflow of an evaluation: every rule from one refused action each (matching the error's
//! variant and fields, and checking that its message states the rule), the life of an
//! assessment and its corrections, replaying the trail, what each member may do next, framing
//! targets; then properties on random teams, permissions and sequences of actions.

use std::collections::BTreeMap;

use proptest::prelude::*;
use repere_core::workflow::*;
use repere_core::{Assessment, Assessor, GridRef, Id, Phase, Process, Role, Value};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn aid(s: &str) -> AssessmentId {
    AssessmentId::new(s).unwrap()
}

fn who(name: &str, role: Role) -> Who {
    Who {
        name: name.to_owned(),
        role,
    }
}

fn grid_ref() -> GridRef {
    GridRef {
        id: Id::new("fr.cndp.debat-public").unwrap(),
        version: "1.0.0".to_owned(),
        hash: Some("sha256:00".to_owned()),
    }
}

fn evaluation_of(members: &[(&str, Role)], phases: &[Phase]) -> Evaluation {
    let process = Process {
        name: "Débat public".to_owned(),
        ..Process::default()
    };
    let mut e = Evaluation::new(process, grid_ref(), Id::new("default").unwrap());
    e.members = members
        .iter()
        .enumerate()
        .map(|(i, (n, r))| Member::new(*n, *r, PublicKey::new([i as u8 + 1; 32])))
        .collect();
    e.phases = phases.to_vec();
    e
}

/// Alice (evaluator), Bob (guarantor), Carol (commissioner), Dan (observer); framing and
/// closing planned; default permissions.
fn team() -> Evaluation {
    evaluation_of(
        &[
            ("Alice", Role::Evaluator),
            ("Bob", Role::Guarantor),
            ("Carol", Role::Commissioner),
            ("Dan", Role::Observer),
        ],
        &[Phase::Framing, Phase::Closing],
    )
}

/// A workflow and a clock that moves one minute per action.
struct Run {
    wf: Workflow,
    clock: i64,
}

impl Run {
    fn new(evaluation: Evaluation) -> Self {
        Self {
            wf: Workflow::new(evaluation).unwrap(),
            clock: 1_714_550_400, // 2024-05-01T08:00:00Z
        }
    }

    fn now(&mut self) -> Timestamp {
        self.clock += 60;
        Timestamp(self.clock)
    }

    fn ok(&mut self, actor: &str, action: Action) -> Event {
        let at = self.now();
        match self.wf.apply(actor, action.clone(), at) {
            Ok(e) => e,
            Err(e) => panic!("{actor}: {action} refused: {e}"),
        }
    }

    /// The error of a refused action, checking that it changed nothing.
    fn err(&mut self, actor: &str, action: Action) -> WorkflowError {
        let before = self.wf.clone();
        let at = self.now();
        let e = self
            .wf
            .apply(actor, action.clone(), at)
            .expect_err("the action breaks a rule");
        assert_eq!(self.wf, before, "a refused action changed the workflow");
        e
    }

    fn state(&self, id: &str) -> State {
        self.wf.assessment(id).unwrap().state
    }
}

fn start(phase: Phase) -> Action {
    Action::Start { phase, id: None }
}

fn start_as(phase: Phase, id: &str) -> Action {
    Action::Start {
        phase,
        id: Some(aid(id)),
    }
}

fn edit(id: &str, hash: &str) -> Action {
    Action::Edit {
        id: aid(id),
        content_hash: hash.to_owned(),
    }
}

fn submit(id: &str, hash: &str) -> Action {
    Action::Submit {
        id: aid(id),
        content_hash: hash.to_owned(),
    }
}

fn approve(id: &str, hash: &str) -> Action {
    Action::Review {
        id: aid(id),
        verdict: Verdict::Approve,
        comment: None,
        content_hash: hash.to_owned(),
    }
}

fn send_back(id: &str, hash: &str, comment: Option<&str>) -> Action {
    Action::Review {
        id: aid(id),
        verdict: Verdict::RequestChanges,
        comment: comment.map(str::to_owned),
        content_hash: hash.to_owned(),
    }
}

fn publish(id: &str) -> Action {
    Action::Publish { id: aid(id) }
}

fn correct(id: &str, reason: &str) -> Action {
    Action::Correct {
        id: aid(id),
        reason: reason.to_owned(),
        new_id: None,
    }
}

/// A run where Alice's framing assessment `framing-1` (content `h1`) is published, approved by
/// Bob.
fn published() -> Run {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    r.ok("Alice", submit("framing-1", "h1"));
    r.ok("Bob", approve("framing-1", "h1"));
    r.ok("Bob", publish("framing-1"));
    r
}

// ---------------------------------------------------------------------------------------------
// The life of an assessment
// ---------------------------------------------------------------------------------------------

#[test]
fn an_assessment_goes_from_draft_to_published_through_review() {
    let mut r = Run::new(team());
    let e = r.ok("Alice", start(Phase::Framing));
    assert_eq!(
        e.entry.action,
        start_as(Phase::Framing, "framing-1"),
        "the entry records the id given"
    );
    assert_eq!(
        e.changes,
        vec![Transition {
            assessment: aid("framing-1"),
            from: None,
            to: State::Draft,
        }]
    );
    r.ok("Alice", edit("framing-1", "h0"));
    assert_eq!(r.state("framing-1"), State::Draft);
    r.ok("Alice", submit("framing-1", "h1"));
    assert_eq!(r.state("framing-1"), State::Submitted);
    let e = r.ok(
        "Dan",
        send_back("framing-1", "h1", Some("cite the minutes")),
    );
    assert_eq!(e.changes[0].to, State::ChangesRequested);
    r.ok("Alice", edit("framing-1", "h2"));
    assert_eq!(r.state("framing-1"), State::ChangesRequested);
    r.ok("Alice", submit("framing-1", "h2"));
    r.ok("Bob", approve("framing-1", "h2"));
    r.ok("Bob", publish("framing-1"));

    let a = r.wf.assessment("framing-1").unwrap();
    assert_eq!(a.state, State::Published);
    assert_eq!(a.author, who("Alice", Role::Evaluator));
    assert_eq!((a.version, a.supersedes.clone()), (1, None));
    assert_eq!(a.content_hash.as_deref(), Some("h2"));
    let approval = a.approval.as_ref().unwrap();
    assert_eq!(approval.by, who("Bob", Role::Guarantor));
    assert_eq!(approval.content_hash, "h2");
    let steps: Vec<_> = a.history.iter().map(|s| (s.action, s.state)).collect();
    assert_eq!(
        steps,
        vec![
            (ActionKind::Start, State::Draft),
            (ActionKind::Edit, State::Draft),
            (ActionKind::Submit, State::Submitted),
            (ActionKind::Review, State::ChangesRequested),
            (ActionKind::Edit, State::ChangesRequested),
            (ActionKind::Submit, State::Submitted),
            (ActionKind::Review, State::Approved),
            (ActionKind::Publish, State::Published),
        ]
    );
    assert_eq!(a.history[3].note.as_deref(), Some("cite the minutes"));
    assert_eq!(a.history[3].actor, "Dan");
    assert_eq!(r.wf.trail().len(), 8);
    assert_eq!(r.wf.published(Phase::Framing).len(), 1);
    assert!(r.wf.published(Phase::Closing).is_empty());
}

#[test]
fn a_correction_supersedes_the_published_version_once_published_and_both_stay() {
    let mut r = published();
    let e = r.ok("Dan", correct("framing-1", "the turnout was misreported"));
    assert_eq!(
        e.entry.action,
        Action::Correct {
            id: aid("framing-1"),
            reason: "the turnout was misreported".to_owned(),
            new_id: Some(aid("framing-1.v2")),
        }
    );
    // Until the correction is published, the published version stands.
    assert_eq!(r.state("framing-1"), State::Published);
    assert_eq!(r.wf.published(Phase::Framing)[0].id, aid("framing-1"));
    let c = r.wf.assessment("framing-1.v2").unwrap();
    assert_eq!(c.author, who("Dan", Role::Observer));
    assert_eq!(c.version, 2);
    assert_eq!(c.supersedes, Some(aid("framing-1")));
    assert_eq!(c.reason.as_deref(), Some("the turnout was misreported"));
    assert_eq!(
        c.content_hash.as_deref(),
        Some("h1"),
        "starts from the old content"
    );
    assert_eq!(
        r.wf.correction_of("framing-1").map(|c| c.id.clone()),
        Some(aid("framing-1.v2"))
    );

    r.ok("Dan", submit("framing-1.v2", "h2"));
    r.ok("Alice", approve("framing-1.v2", "h2"));
    let e = r.ok("Alice", publish("framing-1.v2"));
    assert_eq!(
        e.changes,
        vec![
            Transition {
                assessment: aid("framing-1.v2"),
                from: Some(State::Approved),
                to: State::Published,
            },
            Transition {
                assessment: aid("framing-1"),
                from: Some(State::Published),
                to: State::Superseded,
            },
        ]
    );
    let old = r.wf.assessment("framing-1").unwrap();
    assert_eq!(old.state, State::Superseded);
    assert_eq!(old.superseded_by, Some(aid("framing-1.v2")));
    assert_eq!(
        old.content_hash.as_deref(),
        Some("h1"),
        "the old ratings stay"
    );
    assert_eq!(r.wf.assessments().len(), 2);
    assert_eq!(r.wf.published(Phase::Framing)[0].id, aid("framing-1.v2"));
    assert!(r.wf.correction_of("framing-1").is_none());

    // The next correction is named after the first version.
    let e = r.ok("Alice", correct("framing-1.v2", "a typo in a rating"));
    assert_eq!(e.changes[0].assessment, aid("framing-1.v3"));
    assert_eq!(r.wf.assessment("framing-1.v3").unwrap().version, 3);
}

#[test]
fn ids_given_are_kept_and_generated_ids_skip_used_ones() {
    let mut r = Run::new(team());
    r.ok("Alice", start_as(Phase::Framing, "framing-1"));
    let e = r.ok("Bob", start(Phase::Framing));
    assert_eq!(e.changes[0].assessment, aid("framing-2"));
    let e = r.ok("Bob", start(Phase::Closing));
    assert_eq!(e.changes[0].assessment, aid("closing-1"));
    r.ok("Alice", start_as(Phase::Closing, "bilan-cpdp"));
    assert!(r.wf.assessment("bilan-cpdp").is_some());
}

#[test]
fn a_self_assessment_may_be_reviewed_by_any_other_member() {
    let mut r = Run::new(evaluation_of(
        &[
            ("Carol", Role::Commissioner),
            ("Olga", Role::Organiser),
            ("Bob", Role::Guarantor),
        ],
        &[Phase::Closing],
    ));
    r.ok("Carol", start(Phase::Closing));
    r.ok("Carol", submit("closing-1", "h"));
    // Another self-assessment role may review a self-assessment.
    r.ok("Olga", send_back("closing-1", "h", Some("add the survey")));
    r.ok("Carol", submit("closing-1", "h'"));
    // So may an independent role.
    r.ok("Bob", approve("closing-1", "h'"));
    // Whoever may review may publish, the author included.
    r.ok("Carol", publish("closing-1"));
}

// ---------------------------------------------------------------------------------------------
// One refused action per rule
// ---------------------------------------------------------------------------------------------

#[test]
fn actions_are_in_time_order() {
    let mut r = Run::new(team());
    r.wf.apply("Alice", start(Phase::Framing), Timestamp(100))
        .unwrap();
    // The same second is fine.
    r.wf.apply("Alice", start(Phase::Framing), Timestamp(100))
        .unwrap();
    let before = r.wf.clone();
    let e =
        r.wf.apply("Bob", start(Phase::Framing), Timestamp(99))
            .unwrap_err();
    assert_eq!(r.wf, before);
    assert_eq!(
        e,
        WorkflowError::Backdated {
            at: Timestamp(99),
            last: Timestamp(100)
        }
    );
    assert!(e.to_string().contains("time order"), "{e}");
}

#[test]
fn only_members_act() {
    let mut r = Run::new(team());
    let e = r.err("Alcie", start(Phase::Framing));
    let WorkflowError::NotAMember {
        name,
        members,
        suggestion,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(name, "Alcie");
    assert_eq!(members.len(), 4);
    assert_eq!(suggestion.as_deref(), Some("Alice"));
    let msg = e.to_string();
    assert!(msg.contains("only members act"), "{msg}");
    assert!(msg.contains("Alice (evaluator), Bob (guarantor)"), "{msg}");
    assert_eq!(
        e.help().as_deref(),
        Some("a member with a similar name exists: `Alice`")
    );
}

#[test]
fn assessments_are_started_at_planned_phases() {
    let mut r = Run::new(team());
    let e = r.err("Alice", start(Phase::Impact));
    assert_eq!(
        e,
        WorkflowError::PhaseNotPlanned {
            phase: Phase::Impact,
            planned: vec![Phase::Framing, Phase::Closing],
        }
    );
    assert!(e.to_string().contains("impact phase is not planned"), "{e}");
    assert!(e.to_string().contains("(framing, closing)"), "{e}");
}

#[test]
fn ids_are_unique() {
    let mut r = published();
    let e = r.err("Bob", start_as(Phase::Closing, "framing-1"));
    assert_eq!(
        e,
        WorkflowError::DuplicateAssessment {
            id: aid("framing-1")
        }
    );
    assert!(e.to_string().contains("already exists"), "{e}");
    let e = r.err(
        "Bob",
        Action::Correct {
            id: aid("framing-1"),
            reason: "r".to_owned(),
            new_id: Some(aid("framing-1")),
        },
    );
    assert!(
        matches!(e, WorkflowError::DuplicateAssessment { .. }),
        "{e:?}"
    );
}

#[test]
fn unknown_assessments_are_refused_with_the_closest_id() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    let e = r.err("Alice", submit("framing-2", "h"));
    assert_eq!(
        e,
        WorkflowError::UnknownAssessment {
            id: aid("framing-2"),
            suggestion: Some(aid("framing-1")),
        }
    );
    assert!(e.to_string().contains("no assessment `framing-2`"), "{e}");
    assert_eq!(
        e.help().as_deref(),
        Some("an assessment with a similar id exists: `framing-1`")
    );
}

#[test]
fn a_role_acts_only_where_the_evaluation_allows_it() {
    let mut ev = team();
    ev.permissions.allow(
        ActionKind::Review,
        [Role::Guarantor, Role::Committee].into_iter().collect(),
    );
    ev.permissions.allow_at(
        ActionKind::Start,
        Phase::Framing,
        Roles::only(Role::Evaluator),
    );
    let mut r = Run::new(ev);

    let e = r.err("Bob", start(Phase::Framing));
    assert_eq!(
        e,
        WorkflowError::RoleMayNot {
            actor: who("Bob", Role::Guarantor),
            action: ActionKind::Start,
            phase: Phase::Framing,
            allowed: Roles::only(Role::Evaluator),
            instead: vec![who("Alice", Role::Evaluator)],
        }
    );
    let msg = e.to_string();
    assert!(
        msg.contains("Bob (guarantor) may not start at the framing phase"),
        "{msg}"
    );
    assert!(msg.contains("members who may: Alice (evaluator)"), "{msg}");
    // At another phase the default holds.
    r.ok("Bob", start(Phase::Closing));

    r.ok("Alice", start(Phase::Framing));
    r.ok("Alice", submit("framing-1", "h"));
    let e = r.err("Dan", approve("framing-1", "h"));
    let WorkflowError::RoleMayNot {
        action, instead, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*action, ActionKind::Review);
    assert_eq!(instead, &vec![who("Bob", Role::Guarantor)]);
    r.ok("Bob", approve("framing-1", "h"));
    // Whoever may review may publish: the observer may not.
    let e = r.err("Dan", publish("framing-1"));
    assert!(
        matches!(&e, WorkflowError::RoleMayNot { action: ActionKind::Publish, allowed, .. }
            if allowed.to_string() == "guarantor, committee"),
        "{e:?}"
    );
    r.ok("Bob", publish("framing-1"));
}

#[test]
fn only_the_author_edits_and_submits() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    for action in [edit("framing-1", "h"), submit("framing-1", "h")] {
        let kind = action.kind();
        let e = r.err("Bob", action);
        assert_eq!(
            e,
            WorkflowError::NotTheAuthor {
                id: aid("framing-1"),
                action: kind,
                actor: who("Bob", Role::Guarantor),
                author: who("Alice", Role::Evaluator),
            }
        );
        assert!(
            e.to_string()
                .contains("only its author, Alice (evaluator), edits and submits it"),
            "{e}"
        );
    }
}

#[test]
fn the_author_never_reviews_their_own_assessment() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    r.ok("Alice", submit("framing-1", "h"));
    for action in [
        approve("framing-1", "h"),
        send_back("framing-1", "h", Some("x")),
    ] {
        let e = r.err("Alice", action);
        // Carol (commissioner) is left out by the independence rule.
        assert_eq!(
            e,
            WorkflowError::ReviewerIsAuthor {
                id: aid("framing-1"),
                author: who("Alice", Role::Evaluator),
                instead: vec![who("Bob", Role::Guarantor), who("Dan", Role::Observer)],
            }
        );
        let msg = e.to_string();
        assert!(
            msg.contains("the author may not approve their own assessment"),
            "{msg}"
        );
        assert!(msg.contains("Bob (guarantor), Dan (observer)"), "{msg}");
    }
}

#[test]
fn a_self_assessment_role_never_reviews_nor_corrects_an_independent_assessment() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    r.ok("Alice", submit("framing-1", "h"));
    for action in [
        approve("framing-1", "h"),
        send_back("framing-1", "h", Some("x")),
    ] {
        let e = r.err("Carol", action);
        assert_eq!(
            e,
            WorkflowError::IndependenceRule {
                id: aid("framing-1"),
                action: ActionKind::Review,
                author: who("Alice", Role::Evaluator),
                actor: who("Carol", Role::Commissioner),
                instead: vec![who("Bob", Role::Guarantor), who("Dan", Role::Observer)],
            }
        );
        let msg = e.to_string();
        assert!(
            msg.contains("an independent assessment is never approved or sent back from a self-assessment role"),
            "{msg}"
        );
    }
    r.ok("Bob", approve("framing-1", "h"));
    // Whoever may review may publish: not a self-assessment role, for an independent
    // assessment (which it could otherwise hold back or time).
    let e = r.err("Carol", publish("framing-1"));
    let WorkflowError::IndependenceRule { action, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*action, ActionKind::Publish);
    assert!(e.to_string().contains("never published"), "{e}");
    r.ok("Bob", publish("framing-1"));
    let e = r.err("Carol", correct("framing-1", "we disagree"));
    let WorkflowError::IndependenceRule {
        action, instead, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*action, ActionKind::Correct);
    assert_eq!(instead.len(), 3, "Alice, Bob and Dan may correct it");
    assert!(e.to_string().contains("never corrected"), "{e}");

    // Participants assess independently too.
    let mut r = Run::new(evaluation_of(
        &[("Pat", Role::Participant), ("Olga", Role::Organiser)],
        &[Phase::Closing],
    ));
    r.ok("Pat", start(Phase::Closing));
    r.ok("Pat", submit("closing-1", "h"));
    let e = r.err("Olga", approve("closing-1", "h"));
    assert!(matches!(e, WorkflowError::IndependenceRule { .. }), "{e:?}");
}

#[test]
fn nothing_is_published_without_approval() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    let check = |r: &mut Run, state: State| {
        let e = r.err("Bob", publish("framing-1"));
        assert_eq!(
            e,
            WorkflowError::NotApproved {
                id: aid("framing-1"),
                state,
                reviewers: vec![who("Bob", Role::Guarantor), who("Dan", Role::Observer)],
            }
        );
        assert!(
            e.to_string()
                .contains("nothing is published without approval"),
            "{e}"
        );
    };
    check(&mut r, State::Draft);
    r.ok("Alice", submit("framing-1", "h"));
    check(&mut r, State::Submitted);
    r.ok("Bob", send_back("framing-1", "h", Some("x")));
    check(&mut r, State::ChangesRequested);
}

#[test]
fn a_published_assessment_is_frozen() {
    let mut r = published();
    for action in [
        edit("framing-1", "h2"),
        submit("framing-1", "h2"),
        approve("framing-1", "h1"),
    ] {
        let kind = action.kind();
        let e = r.err("Alice", action);
        assert_eq!(
            e,
            WorkflowError::Frozen {
                id: aid("framing-1"),
                action: kind,
                state: State::Published,
                superseded_by: None,
            }
        );
        let msg = e.to_string();
        assert!(msg.contains("is published and frozen"), "{msg}");
        assert!(msg.contains("only through a correction"), "{msg}");
    }
    // Superseded, it stays frozen.
    r.ok("Alice", correct("framing-1", "wrong date"));
    r.ok("Alice", submit("framing-1.v2", "h2"));
    r.ok("Bob", approve("framing-1.v2", "h2"));
    r.ok("Bob", publish("framing-1.v2"));
    let e = r.err("Alice", edit("framing-1", "h3"));
    assert_eq!(
        e,
        WorkflowError::Frozen {
            id: aid("framing-1"),
            action: ActionKind::Edit,
            state: State::Superseded,
            superseded_by: Some(aid("framing-1.v2")),
        }
    );
    assert!(
        e.to_string()
            .contains("is superseded by `framing-1.v2` and frozen"),
        "{e}"
    );
}

#[test]
fn actions_apply_in_their_states() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    let e = r.err("Bob", approve("framing-1", "h"));
    assert_eq!(
        e,
        WorkflowError::WrongState {
            id: aid("framing-1"),
            action: ActionKind::Review,
            found: State::Draft,
            expected: vec![State::Submitted],
        }
    );
    assert!(
        e.to_string()
            .contains("is in draft: it can be reviewed only when it is submitted"),
        "{e}"
    );
    let e = r.err("Alice", correct("framing-1", "r"));
    assert!(
        matches!(&e, WorkflowError::WrongState { found: State::Draft, expected, .. } if expected == &vec![State::Published]),
        "{e:?}"
    );
    r.ok("Alice", submit("framing-1", "h"));
    r.ok("Bob", approve("framing-1", "h"));
    let e = r.err("Alice", submit("framing-1", "h"));
    assert_eq!(
        e,
        WorkflowError::WrongState {
            id: aid("framing-1"),
            action: ActionKind::Submit,
            found: State::Approved,
            expected: vec![State::Draft, State::ChangesRequested],
        }
    );
    assert!(
        e.to_string()
            .contains("only when it is in draft or sent back for changes"),
        "{e}"
    );
    r.ok("Bob", publish("framing-1"));
    let e = r.err("Bob", publish("framing-1"));
    assert!(
        matches!(
            &e,
            WorkflowError::WrongState {
                found: State::Published,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn a_review_is_of_the_content_submitted() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    r.ok("Alice", submit("framing-1", "h1"));
    let e = r.err("Bob", approve("framing-1", "h0"));
    assert_eq!(
        e,
        WorkflowError::ContentChanged {
            id: aid("framing-1"),
            reviewed: "h0".to_owned(),
            submitted: Some("h1".to_owned()),
        }
    );
    assert!(
        e.to_string().contains("is not the content submitted"),
        "{e}"
    );
}

#[test]
fn one_correction_at_a_time_with_a_reason() {
    let mut r = published();
    let e = r.err("Alice", correct("framing-1", "  "));
    assert_eq!(
        e,
        WorkflowError::NoReason {
            id: aid("framing-1")
        }
    );
    assert!(e.to_string().contains("must give a reason"), "{e}");
    r.ok("Alice", correct("framing-1", "a wrong figure"));
    let e = r.err("Bob", correct("framing-1", "another one"));
    assert_eq!(
        e,
        WorkflowError::CorrectionPending {
            id: aid("framing-1"),
            correction: aid("framing-1.v2"),
        }
    );
    assert!(e.to_string().contains("one correction at a time"), "{e}");
}

#[test]
fn requesting_changes_says_which() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    r.ok("Alice", submit("framing-1", "h"));
    for comment in [None, Some(" ")] {
        let e = r.err("Bob", send_back("framing-1", "h", comment));
        assert_eq!(
            e,
            WorkflowError::NoComment {
                id: aid("framing-1")
            }
        );
        assert!(e.to_string().contains("needs a comment"), "{e}");
    }
}

#[test]
fn content_is_named_by_a_hash() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    for action in [edit("framing-1", ""), submit("framing-1", " ")] {
        let kind = action.kind();
        let e = r.err("Alice", action);
        assert_eq!(
            e,
            WorkflowError::NoContentHash {
                id: aid("framing-1"),
                action: kind,
            }
        );
        assert!(
            e.to_string().contains("without the hash of its content"),
            "{e}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The evaluation, permissions, replay, what next, targets
// ---------------------------------------------------------------------------------------------

#[test]
fn an_invalid_evaluation_is_refused_with_every_problem() {
    let mut ev = evaluation_of(
        &[
            ("Alice", Role::Evaluator),
            ("Alice", Role::Guarantor),
            (" ", Role::Observer),
        ],
        &[Phase::Framing, Phase::Framing],
    );
    ev.members[1].key = ev.members[0].key;
    ev.process.name = String::new();
    let e = Workflow::new(ev).unwrap_err();
    assert_eq!(
        e.problems(),
        &[
            EvaluationProblem::NoProcessName,
            EvaluationProblem::DuplicateName {
                name: "Alice".to_owned()
            },
            EvaluationProblem::DuplicateKey {
                first: "Alice".to_owned(),
                second: "Alice".to_owned()
            },
            EvaluationProblem::EmptyName { position: 3 },
            EvaluationProblem::DuplicatePhase {
                phase: Phase::Framing
            },
        ]
    );
    assert!(
        e.to_string().starts_with("the evaluation has 5 problems"),
        "{e}"
    );
    let empty = evaluation_of(&[], &[]);
    assert_eq!(
        empty.validate().unwrap_err().problems(),
        &[EvaluationProblem::NoMembers, EvaluationProblem::NoPhases]
    );
}

#[test]
fn members_are_found_by_name_and_key() {
    let ev = team();
    assert_eq!(ev.member("Bob").unwrap().role, Role::Guarantor);
    assert_eq!(
        ev.member_by_key(&PublicKey::new([3; 32])).unwrap().name,
        "Carol"
    );
    assert!(ev.member_by_key(&PublicKey::new([9; 32])).is_none());
}

#[test]
fn permissions_fall_back_from_phase_to_action_to_default() {
    let mut p = Permissions::default();
    for k in ActionKind::ALL {
        for ph in Phase::ALL {
            assert_eq!(p.allowed(*k, *ph), Roles::ALL);
        }
    }
    p.allow(ActionKind::Review, Roles::INDEPENDENT);
    p.allow_at(
        ActionKind::Review,
        Phase::Impact,
        Roles::only(Role::Committee),
    );
    p.allow(ActionKind::Start, Roles::only(Role::Evaluator));
    p.allow_at(ActionKind::Submit, Phase::Closing, Roles::NONE);
    assert_eq!(
        p.allowed(ActionKind::Publish, Phase::Framing),
        Roles::INDEPENDENT
    );
    assert_eq!(
        p.allowed(ActionKind::Publish, Phase::Impact),
        Roles::only(Role::Committee)
    );
    assert_eq!(
        p.allowed(ActionKind::Correct, Phase::Framing),
        Roles::only(Role::Evaluator)
    );
    assert_eq!(p.allowed(ActionKind::Submit, Phase::Closing), Roles::NONE);
    assert_eq!(
        p.allowed(ActionKind::Submit, Phase::Framing),
        Roles::only(Role::Evaluator)
    );
    assert!(p.may(Role::Committee, ActionKind::Review, Phase::Impact));
    assert!(!p.may(Role::Guarantor, ActionKind::Review, Phase::Impact));
    assert_eq!(p.rules().len(), 4);
    assert_eq!(
        p.rules()[0],
        (ActionKind::Start, None, Roles::only(Role::Evaluator))
    );
    assert_eq!(Roles::NONE.to_string(), "no role");
    assert_eq!(
        Roles::INDEPENDENT.iter().collect::<Vec<_>>(),
        vec![
            Role::Evaluator,
            Role::Guarantor,
            Role::Observer,
            Role::Participant,
            Role::Committee
        ]
    );
}

#[test]
fn names_round_trip() {
    for k in ActionKind::ALL {
        assert_eq!(k.as_str().parse::<ActionKind>(), Ok(*k));
    }
    for s in State::ALL {
        assert_eq!(s.to_string().parse::<State>(), Ok(*s));
    }
    for v in Verdict::ALL {
        assert_eq!(v.as_str().parse::<Verdict>(), Ok(*v));
    }
    let e = "aproved".parse::<State>().unwrap_err();
    assert_eq!(e.suggestion(), Some("approved"));
    assert_eq!(<State as repere_core::Vocabulary>::WHAT, "State");
    assert_eq!(
        <ActionKind as repere_core::Vocabulary>::ALL.len(),
        ActionKind::ALL.len()
    );
}

#[test]
fn the_trail_replays_to_the_same_state() {
    let mut r = published();
    r.ok("Alice", correct("framing-1", "a wrong figure"));
    r.ok("Dan", start(Phase::Closing));
    let ev = r.wf.evaluation().clone();
    let replayed = Workflow::replay(ev.clone(), r.wf.trail()).unwrap();
    assert_eq!(replayed, r.wf);
    assert_eq!(
        r.wf.trail()[0].to_string(),
        "#1 2024-05-01T08:01:00Z Alice: start `framing-1` at the framing phase"
    );
}

#[test]
fn a_tampered_trail_does_not_replay() {
    let r = published();
    let ev = r.wf.evaluation().clone();
    let trail = r.wf.trail().to_vec();

    // A missing entry.
    let mut t = trail.clone();
    t.remove(1);
    let e = Workflow::replay(ev.clone(), &t).unwrap_err();
    assert_eq!(
        e,
        ReplayError::OutOfSequence {
            expected: 2,
            found: 3
        }
    );
    assert!(
        e.to_string().contains("missing, repeated or out of order"),
        "{e}"
    );

    // The approval signed by the author instead.
    let mut t = trail.clone();
    t[2].actor = "Alice".to_owned();
    let e = Workflow::replay(ev.clone(), &t).unwrap_err();
    assert!(
        matches!(
            &e,
            ReplayError::Refused {
                seq: 3,
                error: WorkflowError::ReviewerIsAuthor { .. }
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string().starts_with("trail entry 3 does not replay: "),
        "{e}"
    );

    // Publication moved before approval.
    let mut t = trail.clone();
    t.swap(2, 3);
    t[2].seq = 3;
    t[3].seq = 4;
    let e = Workflow::replay(ev.clone(), &t).unwrap_err();
    assert!(
        matches!(
            &e,
            ReplayError::Refused {
                seq: 3,
                error: WorkflowError::NotApproved { .. }
            }
        ),
        "{e:?}"
    );

    // A start whose id was not recorded.
    let mut t = trail.clone();
    t[0].action = start(Phase::Framing);
    let e = Workflow::replay(ev.clone(), &t).unwrap_err();
    assert!(matches!(&e, ReplayError::Diverged { .. }), "{e:?}");
    assert!(e.to_string().contains("replays differently"), "{e}");

    // Another team.
    let mut other = ev.clone();
    other.members.retain(|m| m.name != "Bob");
    let e = Workflow::replay(other, &trail).unwrap_err();
    assert!(
        matches!(
            &e,
            ReplayError::Refused {
                seq: 3,
                error: WorkflowError::NotAMember { .. }
            }
        ),
        "{e:?}"
    );

    // An invalid evaluation.
    let mut bad = ev;
    bad.phases.clear();
    assert!(matches!(
        Workflow::replay(bad, &trail),
        Err(ReplayError::Evaluation(_))
    ));
}

#[test]
fn preview_checks_without_applying() {
    let r = Run::new(team());
    let event =
        r.wf.preview("Alice", start(Phase::Framing), Timestamp(5))
            .unwrap();
    assert_eq!(event.entry.seq, 1);
    assert!(r.wf.trail().is_empty());
    let mut wf = r.wf.clone();
    assert_eq!(
        wf.apply("Alice", start(Phase::Framing), Timestamp(5))
            .unwrap(),
        event
    );
}

#[test]
fn what_next_lists_what_each_member_may_do() {
    let mut r = Run::new(team());
    r.ok("Alice", start(Phase::Framing));
    r.ok("Alice", submit("framing-1", "h"));
    r.ok("Carol", start(Phase::Closing));
    let on = |r: &Run, who: &str| -> Vec<(ActionKind, Option<String>)> {
        r.wf.what_next(who)
            .into_iter()
            .filter(|n| n.assessment.is_some())
            .map(|n| (n.action, n.assessment.map(|a| a.to_string())))
            .collect()
    };
    assert_eq!(
        on(&r, "Bob"),
        vec![(ActionKind::Review, Some("framing-1".to_owned()))]
    );
    // The commissioner may not review the evaluator's assessment, and edits her own.
    assert_eq!(
        on(&r, "Carol"),
        vec![
            (ActionKind::Edit, Some("closing-1".to_owned())),
            (ActionKind::Submit, Some("closing-1".to_owned())),
        ]
    );
    assert!(on(&r, "Alice").is_empty());
    let starts: Vec<_> =
        r.wf.what_next("Alice")
            .into_iter()
            .filter(|n| n.assessment.is_none())
            .map(|n| n.phase)
            .collect();
    assert_eq!(starts, vec![Phase::Framing, Phase::Closing]);
    assert!(r.wf.what_next("Zed").is_empty());
    assert_eq!(
        r.wf.what_next("Bob")[2].to_string(),
        "review `framing-1` (framing)"
    );
}

#[test]
fn framing_targets_flow_into_later_phases() {
    let mut r = Run::new(team());
    assert!(r.wf.targets_for(Phase::Closing).is_empty());
    r.ok("Alice", start(Phase::Framing));
    r.ok("Alice", submit("framing-1", "h1"));
    r.ok("Bob", approve("framing-1", "h1"));
    assert!(
        r.wf.targets_for(Phase::Closing).is_empty(),
        "only the public record sets the ambition"
    );
    r.ok("Bob", publish("framing-1"));
    let ids = |r: &Run, p| -> Vec<String> {
        r.wf.targets_for(p)
            .iter()
            .map(|a| a.id.to_string())
            .collect()
    };
    assert_eq!(ids(&r, Phase::Closing), vec!["framing-1"]);
    assert!(ids(&r, Phase::Framing).is_empty());
    r.ok("Alice", correct("framing-1", "a wrong target"));
    r.ok("Alice", submit("framing-1.v2", "h2"));
    r.ok("Bob", approve("framing-1.v2", "h2"));
    r.ok("Bob", publish("framing-1.v2"));
    assert_eq!(ids(&r, Phase::Monitoring), vec!["framing-1.v2"]);

    // Carrying the targets into a closing assessment.
    let id = |s: &str| Id::new(s).unwrap();
    let assessor = Assessor {
        name: "Alice".to_owned(),
        role: Role::Evaluator,
        organisation: None,
    };
    let mut framing = Assessment::new(
        grid_ref(),
        Process::default(),
        Phase::Framing,
        assessor.clone(),
    );
    framing.targets = vec![
        (id("access"), Value::Number(80.0)),
        (id("response"), Value::Bool(true)),
    ];
    let mut closing = Assessment::new(grid_ref(), Process::default(), Phase::Closing, assessor);
    closing.targets = vec![(id("response"), Value::Bool(false))];
    assert_eq!(
        carry_targets(&framing, &mut closing).unwrap(),
        vec![id("access")]
    );
    assert_eq!(closing.target("access"), Some(&Value::Number(80.0)));
    assert_eq!(
        closing.target("response"),
        Some(&Value::Bool(false)),
        "a later target is kept"
    );

    assert_eq!(
        carry_targets(&closing.clone(), &mut closing),
        Err(TargetFlowError::NotFraming {
            phase: Phase::Closing
        })
    );
    let mut other = framing.clone();
    assert_eq!(
        carry_targets(&framing, &mut other),
        Err(TargetFlowError::NotLater)
    );
    let mut elsewhere = closing.clone();
    elsewhere.grid.version = "2.0.0".to_owned();
    let e = carry_targets(&framing, &mut elsewhere).unwrap_err();
    assert!(matches!(e, TargetFlowError::OtherGrid { .. }), "{e:?}");
    assert!(e.to_string().contains("same grid"), "{e}");
    elsewhere.grid = grid_ref();
    elsewhere.grid.hash = Some("sha256:ff".to_owned());
    let e = carry_targets(&framing, &mut elsewhere).unwrap_err();
    assert!(e.to_string().contains("another content hash"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// One step of a random run.
#[derive(Debug, Clone)]
struct Op {
    /// The actor: a member by position (modulo the team), or a stranger.
    actor: usize,
    stranger: bool,
    /// Follow one of the actor's `what_next` suggestions, or try a raw action.
    guided: bool,
    /// The kind of raw action (0 to 6).
    kind: u8,
    /// Picks the assessment, the phase, or the suggestion.
    pick: usize,
    /// Picks a content hash among a few.
    hash: u8,
    /// Whether to use the right hash, give a comment or reason, give an id.
    flag: bool,
    /// Seconds since the last step (negative: backdated).
    dt: i64,
}

fn op() -> impl Strategy<Value = Op> {
    (
        0..8usize,
        prop::bool::weighted(0.05),
        prop::bool::weighted(0.6),
        0..7u8,
        0..64usize,
        0..3u8,
        prop::bool::weighted(0.8),
        prop_oneof![9 => 0..100i64, 1 => -50..0i64],
    )
        .prop_map(|(actor, stranger, guided, kind, pick, hash, flag, dt)| Op {
            actor,
            stranger,
            guided,
            kind,
            pick,
            hash,
            flag,
            dt,
        })
}

/// A random team (2 to 5 members of any roles), planned phases, permissions and run.
#[derive(Debug, Clone)]
struct Case {
    roles: Vec<Role>,
    phases: Vec<Phase>,
    /// Rules: action, phase (or every phase), roles.
    rules: Vec<(usize, Option<usize>, u16)>,
    ops: Vec<Op>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(prop::sample::select(Role::ALL.to_vec()), 2..=5),
        prop::sample::subsequence(Phase::ALL.to_vec(), 1..=Phase::ALL.len()),
        prop::collection::vec(
            (
                0..ActionKind::ALL.len(),
                prop::option::of(0..Phase::ALL.len()),
                0..256u16,
            ),
            0..3,
        ),
        prop::collection::vec(op(), 1..80),
    )
        .prop_map(|(roles, phases, rules, ops)| Case {
            roles,
            phases,
            rules,
            ops,
        })
}

fn name(i: usize) -> String {
    format!("m{i}")
}

fn case_evaluation(c: &Case) -> Evaluation {
    let members: Vec<(String, Role)> = c
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (name(i), *r))
        .collect();
    let refs: Vec<(&str, Role)> = members.iter().map(|(n, r)| (n.as_str(), *r)).collect();
    let mut ev = evaluation_of(&refs, &c.phases);
    for &(k, p, bits) in &c.rules {
        let roles: Roles = Role::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, r)| *r)
            .collect();
        match p {
            Some(p) => ev
                .permissions
                .allow_at(ActionKind::ALL[k], Phase::ALL[p], roles),
            None => ev.permissions.allow(ActionKind::ALL[k], roles),
        };
    }
    ev
}

const HASHES: [&str; 3] = ["sha256:aa", "sha256:bb", "sha256:cc"];

/// The concrete action of a step, given the workflow as it stands.
fn action_of(wf: &Workflow, actor: &str, op: &Op) -> Action {
    let records = wf.assessments();
    let target = || -> AssessmentId {
        if records.is_empty() || !op.flag && op.pick.is_multiple_of(5) {
            aid("nowhere-1")
        } else {
            records[op.pick % records.len()].id.clone()
        }
    };
    let hash_of = |id: &AssessmentId| -> String {
        match wf
            .assessment(id.as_str())
            .and_then(|a| a.content_hash.clone())
        {
            Some(h) if op.flag => h,
            _ => HASHES[op.hash as usize].to_owned(),
        }
    };
    let text = |s: &str| {
        if op.flag {
            s.to_owned()
        } else {
            " ".to_owned()
        }
    };
    if op.guided {
        let mut next = wf.what_next(actor);
        // Mostly move existing assessments on rather than start new ones.
        if !op.pick.is_multiple_of(4) && next.iter().any(|n| n.assessment.is_some()) {
            next.retain(|n| n.assessment.is_some());
        }
        if !next.is_empty() {
            let n = &next[op.pick % next.len()];
            let id = n.assessment.clone();
            return match (n.action, id) {
                (ActionKind::Start, _) => Action::Start {
                    phase: n.phase,
                    id: None,
                },
                (ActionKind::Edit, Some(id)) => Action::Edit {
                    id,
                    content_hash: HASHES[op.hash as usize].to_owned(),
                },
                (ActionKind::Submit, Some(id)) => Action::Submit {
                    id,
                    content_hash: HASHES[op.hash as usize].to_owned(),
                },
                (ActionKind::Review, Some(id)) => Action::Review {
                    content_hash: wf
                        .assessment(id.as_str())
                        .unwrap()
                        .content_hash
                        .clone()
                        .unwrap(),
                    id,
                    verdict: if op.hash == 0 {
                        Verdict::RequestChanges
                    } else {
                        Verdict::Approve
                    },
                    comment: Some("see the minutes".to_owned()),
                },
                (ActionKind::Publish, Some(id)) => Action::Publish { id },
                (ActionKind::Correct, Some(id)) => Action::Correct {
                    id,
                    reason: "a figure was wrong".to_owned(),
                    new_id: None,
                },
                (kind, None) => panic!("{kind} without an assessment"),
            };
        }
    }
    match op.kind {
        0 => Action::Start {
            phase: Phase::ALL[op.pick % Phase::ALL.len()],
            id: (!op.flag && !records.is_empty()).then(target),
        },
        1 => Action::Edit {
            id: target(),
            content_hash: HASHES[op.hash as usize].to_owned(),
        },
        2 => Action::Submit {
            id: target(),
            content_hash: if op.hash == 0 && !op.flag {
                String::new()
            } else {
                HASHES[op.hash as usize].to_owned()
            },
        },
        3 | 4 => {
            let id = target();
            Action::Review {
                content_hash: hash_of(&id),
                id,
                verdict: if op.kind == 3 {
                    Verdict::Approve
                } else {
                    Verdict::RequestChanges
                },
                comment: op.flag.then(|| "see the minutes".to_owned()),
            }
        }
        5 => Action::Publish { id: target() },
        _ => Action::Correct {
            id: target(),
            reason: text("a figure was wrong"),
            new_id: None,
        },
    }
}

/// Whether a record may go from one state to another in one action.
fn allowed_move(from: Option<State>, to: State) -> bool {
    use State::*;
    matches!(
        (from, to),
        (None, Draft)
            | (Some(Draft), Draft | Submitted)
            | (Some(ChangesRequested), ChangesRequested | Submitted)
            | (Some(Submitted), Approved | ChangesRequested)
            | (Some(Approved), Published)
            | (Some(Published), Superseded)
    )
}

/// The invariants of a workflow's state, whatever happened before.
fn check_state(wf: &Workflow) -> Result<(), TestCaseError> {
    for a in wf.assessments() {
        if let Some(ap) = &a.approval {
            prop_assert_ne!(
                &ap.by.name,
                &a.author.name,
                "{} approved by its author",
                a.id
            );
            prop_assert!(
                !(is_independent(a.author.role) && ap.by.role.is_self_assessment()),
                "{}: independent assessment approved by {}",
                a.id,
                ap.by
            );
        }
        if matches!(
            a.state,
            State::Approved | State::Published | State::Superseded
        ) {
            let ap = a.approval.as_ref();
            prop_assert!(ap.is_some(), "{} is {} without approval", a.id, a.state);
            prop_assert_eq!(
                Some(&ap.unwrap().content_hash),
                a.content_hash.as_ref(),
                "{} was approved with another content",
                &a.id
            );
        }
        if a.state == State::Superseded {
            let by = a
                .superseded_by
                .as_ref()
                .and_then(|b| wf.assessment(b.as_str()));
            prop_assert!(
                by.is_some_and(|b| b.state.is_frozen() && b.supersedes.as_ref() == Some(&a.id)),
                "{} superseded by nothing published",
                a.id
            );
        }
        if let Some(old) = &a.supersedes {
            let old = wf.assessment(old.as_str()).unwrap();
            prop_assert!(old.state.is_frozen());
            prop_assert_eq!(a.version, old.version + 1);
            prop_assert!(a.reason.as_ref().is_some_and(|r| !r.trim().is_empty()));
        }
        let pending = wf
            .assessments()
            .iter()
            .filter(|c| c.supersedes.as_ref() == Some(&a.id) && !c.state.is_frozen())
            .count();
        prop_assert!(
            pending <= 1,
            "{} has {} corrections in progress",
            a.id,
            pending
        );
    }
    Ok(())
}

/// Runs a case, checking the invariants at every step; returns the final workflow.
fn run(c: &Case) -> Result<Workflow, TestCaseError> {
    let ev = case_evaluation(c);
    let mut wf = Workflow::new(ev.clone()).unwrap();
    let mut clock = 1_700_000_000i64;
    // The content of every assessment at its publication.
    let mut frozen: BTreeMap<AssessmentId, Option<String>> = BTreeMap::new();
    for op in &c.ops {
        let actor = if op.stranger {
            "stranger".to_owned()
        } else {
            name(op.actor % c.roles.len())
        };
        let action = action_of(&wf, &actor, op);
        clock += op.dt;
        let before = wf.clone();
        match wf.apply(&actor, action.clone(), Timestamp(clock)) {
            Err(e) => {
                prop_assert_eq!(&wf, &before, "refused ({}) but changed", e);
                // A refusal always has a message.
                prop_assert!(!e.to_string().is_empty());
            }
            Ok(event) => {
                prop_assert_eq!(wf.trail().last(), Some(&event.entry));
                prop_assert!(!op.stranger, "a stranger acted");
                let m = ev.member(&actor).unwrap();
                prop_assert!(
                    ev.permissions.may(m.role, action.kind(), {
                        let id = event.changes[0].assessment.as_str();
                        wf.assessment(id).unwrap().phase
                    }),
                    "{} acted without permission",
                    actor
                );
                for t in &event.changes {
                    prop_assert!(
                        allowed_move(t.from, t.to),
                        "{}: {:?} -> {}",
                        t.assessment,
                        t.from,
                        t.to
                    );
                    let rec = wf.assessment(t.assessment.as_str()).unwrap();
                    prop_assert_eq!(rec.state, t.to);
                }
                if let Action::Review { id, .. } = &event.entry.action {
                    let rec = wf.assessment(id.as_str()).unwrap();
                    prop_assert_ne!(&rec.author.name, &actor, "an author reviewed their own");
                }
                if let Action::Publish { id } = &event.entry.action {
                    prop_assert_eq!(
                        before.assessment(id.as_str()).unwrap().state,
                        State::Approved,
                        "published without approval"
                    );
                }
            }
        }
        // A published assessment keeps its content and stays in the record, frozen.
        for a in wf.assessments() {
            if let Some(h) = frozen.get(&a.id) {
                prop_assert_eq!(h, &a.content_hash, "the ratings of {} changed", &a.id);
                prop_assert!(a.state.is_frozen(), "{} thawed", a.id);
            } else if a.state.is_frozen() {
                frozen.insert(a.id.clone(), a.content_hash.clone());
            }
        }
        prop_assert!(frozen.keys().all(|id| wf.assessment(id.as_str()).is_some()));
        check_state(&wf)?;
    }
    Ok(wf)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// No sequence of actions by random members lets an author approve their own assessment,
    /// an independent assessment be approved from a self-assessment role, anything be
    /// published without approval, or a published assessment's content change; a refused
    /// action changes nothing; and the trail replays to the same state.
    #[test]
    fn random_runs_keep_the_rules_and_replay(c in case()) {
        let wf = run(&c)?;
        let replayed = Workflow::replay(wf.evaluation().clone(), wf.trail());
        prop_assert_eq!(replayed.as_ref(), Ok(&wf));
        // Replaying a prefix gives the state at that point, and the rest applies on top.
        let half = wf.trail().len() / 2;
        let mut partial = Workflow::replay(wf.evaluation().clone(), &wf.trail()[..half]).unwrap();
        for e in &wf.trail()[half..] {
            partial.apply(&e.actor, e.action.clone(), e.at).unwrap();
        }
        prop_assert_eq!(&partial, &wf);
    }

    /// Every action `what_next` suggests is accepted, and nothing it leaves out of the
    /// actions on assessments is.
    #[test]
    fn what_next_is_what_apply_accepts(c in case()) {
        let wf = run(&c)?;
        let at = wf.last_time().unwrap_or(Timestamp(0));
        for m in &wf.evaluation().members {
            let next = wf.what_next(&m.name);
            for rec in wf.assessments() {
                let hash = rec.content_hash.clone().unwrap_or_else(|| "sha256:new".to_owned());
                for action in [
                    Action::Edit { id: rec.id.clone(), content_hash: hash.clone() },
                    Action::Submit { id: rec.id.clone(), content_hash: hash.clone() },
                    Action::Review { id: rec.id.clone(), verdict: Verdict::Approve, comment: None, content_hash: hash.clone() },
                    Action::Review { id: rec.id.clone(), verdict: Verdict::RequestChanges, comment: Some("c".to_owned()), content_hash: hash.clone() },
                    Action::Publish { id: rec.id.clone() },
                    Action::Correct { id: rec.id.clone(), reason: "r".to_owned(), new_id: None },
                ] {
                    let listed = next.iter().any(|n| n.action == action.kind() && n.assessment.as_ref() == Some(&rec.id));
                    let accepted = wf.preview(&m.name, action.clone(), at).is_ok();
                    prop_assert_eq!(listed, accepted, "{}: {}", m.name, action);
                }
            }
            for &phase in &wf.evaluation().phases {
                let listed = next.iter().any(|n| n.action == ActionKind::Start && n.phase == phase);
                let accepted = wf.preview(&m.name, Action::Start { phase, id: None }, at).is_ok();
                prop_assert_eq!(listed, accepted);
            }
        }
    }

    /// Timestamps written and read back are the same.
    #[test]
    fn timestamps_round_trip(s in -30_610_224_000i64..253_402_300_799) {
        let t = Timestamp(s);
        prop_assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
    }

    /// Public keys written and read back are the same.
    #[test]
    fn keys_round_trip(bytes in prop::array::uniform32(any::<u8>())) {
        let k = PublicKey::new(bytes);
        prop_assert_eq!(k.to_string().parse::<PublicKey>(), Ok(k));
        prop_assert_eq!(k.to_string().to_uppercase().parse::<PublicKey>(), Ok(k));
    }
}

/// The random runs reach every state, published corrections included, and break rules too:
/// the properties above are not vacuous.
#[test]
fn random_runs_reach_every_state() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let mut seen = BTreeMap::new();
    let mut refusals = 0usize;
    for _ in 0..200 {
        let c = strategy.new_tree(&mut runner).unwrap().current();
        let wf = run(&c).unwrap();
        refusals += c.ops.len() - wf.trail().len();
        for a in wf.assessments() {
            *seen.entry(a.state).or_insert(0usize) += 1;
        }
    }
    for s in State::ALL {
        // The runner is deterministic: these counts do not change from run to run.
        assert!(
            seen.get(s).copied().unwrap_or(0) >= 10,
            "{s} rarely reached: {seen:?}"
        );
    }
    assert!(refusals > 0);
}
