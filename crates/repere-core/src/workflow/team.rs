//! The evaluation and its team: members, their keys and roles, and what each role may do.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::ActionKind;
use crate::{GridRef, Id, Phase, Process, Role};

/// A member's public signing key: 32 bytes, opaque to the core.
///
/// The core only carries it (a signed trail checks signatures with it); it is written as 64
/// lower-case hexadecimal digits.
///
/// ```
/// use repere_core::workflow::PublicKey;
/// let key = PublicKey::new([0xab; 32]);
/// let text = key.to_string();
/// assert_eq!(text.len(), 64);
/// assert_eq!(text.parse::<PublicKey>(), Ok(key));
/// assert!("abc".parse::<PublicKey>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    /// A key from its bytes.
    pub const fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The key's bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

/// Why a text is not a [`PublicKey`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a public key: expected 64 hexadecimal digits (32 bytes)")]
pub struct KeyError(pub String);

impl FromStr for PublicKey {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        if b.len() != 64 || !b.iter().all(u8::is_ascii_hexdigit) {
            return Err(KeyError(s.to_owned()));
        }
        let mut out = [0u8; 32];
        for (i, pair) in b.chunks_exact(2).enumerate() {
            let hex = std::str::from_utf8(pair).map_err(|_| KeyError(s.to_owned()))?;
            out[i] = u8::from_str_radix(hex, 16).map_err(|_| KeyError(s.to_owned()))?;
        }
        Ok(Self(out))
    }
}

/// A member of the evaluation team: a name, a role and a public key.
///
/// Names identify members in actions and in the trail; they are unique within an evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The member's name, as actions name them.
    pub name: String,
    /// The role the member acts in.
    pub role: Role,
    /// The member's public signing key.
    pub key: PublicKey,
}

impl Member {
    /// A member.
    pub fn new(name: impl Into<String>, role: Role, key: PublicKey) -> Self {
        Self {
            name: name.into(),
            role,
            key,
        }
    }

    /// The member's name and role, as messages show them.
    pub fn who(&self) -> Who {
        Who {
            name: self.name.clone(),
            role: self.role,
        }
    }
}

/// A member's name and role, shown as `Alice (guarantor)` in messages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Who {
    /// The member's name.
    pub name: String,
    /// The member's role.
    pub role: Role,
}

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.role)
    }
}

/// Whether a role assesses independently of the process: every role that is not a
/// self-assessment role ([`Role::is_self_assessment`]), participants included.
pub fn is_independent(role: Role) -> bool {
    !role.is_self_assessment()
}

/// A set of roles.
///
/// ```
/// use repere_core::Role;
/// use repere_core::workflow::Roles;
/// let third_parties: Roles = [Role::Guarantor, Role::Committee].into_iter().collect();
/// assert!(third_parties.contains(Role::Guarantor));
/// assert!(!third_parties.contains(Role::Organiser));
/// assert_eq!(third_parties.to_string(), "guarantor, committee");
/// assert!(Roles::ALL.contains(Role::Participant));
/// assert_eq!(Roles::SELF_ASSESSMENT.to_string(), "commissioner, process-owner, organiser");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Roles(u16);

impl Roles {
    /// No role.
    pub const NONE: Roles = Roles(0);
    /// Every role.
    pub const ALL: Roles = Roles((1 << Role::ALL.len()) - 1);
    /// The self-assessment roles: commissioner, process owner, organiser.
    pub const SELF_ASSESSMENT: Roles = Roles(
        Self::bit(Role::Commissioner) | Self::bit(Role::ProcessOwner) | Self::bit(Role::Organiser),
    );
    /// The independent roles: every role that is not a self-assessment role.
    pub const INDEPENDENT: Roles = Roles(Self::ALL.0 & !Self::SELF_ASSESSMENT.0);

    const fn bit(role: Role) -> u16 {
        1 << role as u16
    }

    /// The set holding one role.
    pub const fn only(role: Role) -> Self {
        Self(Self::bit(role))
    }

    /// Whether the set holds a role.
    pub fn contains(self, role: Role) -> bool {
        self.0 & Self::bit(role) != 0
    }

    /// This set with a role added.
    #[must_use]
    pub fn with(self, role: Role) -> Self {
        Self(self.0 | Self::bit(role))
    }

    /// This set with a role removed.
    #[must_use]
    pub fn without(self, role: Role) -> Self {
        Self(self.0 & !Self::bit(role))
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The roles of the set, in the order of [`Role::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.iter().copied().filter(move |r| self.contains(*r))
    }
}

impl FromIterator<Role> for Roles {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        iter.into_iter().fold(Roles::NONE, Roles::with)
    }
}

impl fmt::Display for Roles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("no role");
        }
        for (i, r) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(r.as_str())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Roles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Which roles may take each kind of action, per phase.
///
/// A permission is looked up from the most specific rule to the default:
///
/// 1. a rule for the action at the phase ([`Permissions::allow_at`]);
/// 2. a rule for the action at every phase ([`Permissions::allow`]);
/// 3. the default: every role may [start](ActionKind::Start) and
///    [review](ActionKind::Review); whoever may start may also
///    [edit](ActionKind::Edit), [submit](ActionKind::Submit) and
///    [correct](ActionKind::Correct); whoever may review may [publish](ActionKind::Publish).
///
/// The default follows the rule it derives from: restricting reviews restricts publication
/// too, unless publication has its own rule. Permissions name roles; the rules on persons (the
/// author edits and submits, a reviewer is never the author, independence) apply on top of
/// them and cannot be configured away.
///
/// ```
/// use repere_core::{Phase, Role};
/// use repere_core::workflow::{ActionKind, Permissions, Roles};
/// let mut p = Permissions::default();
/// p.allow(ActionKind::Review, [Role::Guarantor, Role::Committee].into_iter().collect());
/// p.allow_at(ActionKind::Start, Phase::Framing, Roles::only(Role::Commissioner));
/// // Publication follows review; editing follows starting.
/// assert_eq!(p.allowed(ActionKind::Publish, Phase::Closing).to_string(), "guarantor, committee");
/// assert_eq!(p.allowed(ActionKind::Edit, Phase::Framing), Roles::only(Role::Commissioner));
/// assert_eq!(p.allowed(ActionKind::Start, Phase::Closing), Roles::ALL);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permissions {
    every_phase: BTreeMap<ActionKind, Roles>,
    at_phase: BTreeMap<(ActionKind, Phase), Roles>,
}

impl Permissions {
    /// Allows an action to these roles only, at every phase (rules for one phase still win).
    pub fn allow(&mut self, action: ActionKind, roles: Roles) -> &mut Self {
        self.every_phase.insert(action, roles);
        self
    }

    /// Allows an action to these roles only, at one phase.
    pub fn allow_at(&mut self, action: ActionKind, phase: Phase, roles: Roles) -> &mut Self {
        self.at_phase.insert((action, phase), roles);
        self
    }

    /// The roles that may take an action at a phase.
    pub fn allowed(&self, action: ActionKind, phase: Phase) -> Roles {
        if let Some(r) = self.at_phase.get(&(action, phase)) {
            return *r;
        }
        if let Some(r) = self.every_phase.get(&action) {
            return *r;
        }
        match action {
            ActionKind::Start | ActionKind::Review => Roles::ALL,
            ActionKind::Edit | ActionKind::Submit | ActionKind::Correct => {
                self.allowed(ActionKind::Start, phase)
            }
            ActionKind::Publish => self.allowed(ActionKind::Review, phase),
        }
    }

    /// Whether a role may take an action at a phase.
    pub fn may(&self, role: Role, action: ActionKind, phase: Phase) -> bool {
        self.allowed(action, phase).contains(role)
    }

    /// The rules set, for writing them down: the action, the phase (`None` for every phase)
    /// and the roles, rules for every phase first, each in order of action and phase.
    pub fn rules(&self) -> Vec<(ActionKind, Option<Phase>, Roles)> {
        let every = self.every_phase.iter().map(|(a, r)| (*a, None, *r));
        let at = self.at_phase.iter().map(|((a, p), r)| (*a, Some(*p), *r));
        every.chain(at).collect()
    }
}

/// An evaluation of one participation process: what is evaluated, against which grid and
/// profile, by whom, at which phases, and who may do what.
///
/// Plain data, checked by [`Evaluation::validate`] (and by
/// [`Workflow::new`](super::Workflow::new)).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The process evaluated.
    pub process: Process,
    /// The grid its assessments are made on (id, version, content hash).
    pub grid: GridRef,
    /// The profile their scores are read through.
    pub profile: Id,
    /// The team: only members act.
    pub members: Vec<Member>,
    /// The phases at which the process is to be assessed.
    pub phases: Vec<Phase>,
    /// Which roles may take which actions.
    pub permissions: Permissions,
}

impl Evaluation {
    /// An evaluation with no members and no phases yet, and the default permissions.
    pub fn new(process: Process, grid: GridRef, profile: Id) -> Self {
        Self {
            process,
            grid,
            profile,
            members: Vec::new(),
            phases: Vec::new(),
            permissions: Permissions::default(),
        }
    }

    /// The member with this name.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }

    /// The member with this key.
    pub fn member_by_key(&self, key: &PublicKey) -> Option<&Member> {
        self.members.iter().find(|m| m.key == *key)
    }

    /// Checks the evaluation, reporting every problem at once: a process without a name, no
    /// members, a member without a name, two members with one name or one key, no phases, a
    /// phase planned twice.
    pub fn validate(&self) -> Result<(), EvaluationError> {
        let mut out = Vec::new();
        if self.process.name.trim().is_empty() {
            out.push(EvaluationProblem::NoProcessName);
        }
        if self.members.is_empty() {
            out.push(EvaluationProblem::NoMembers);
        }
        for (i, m) in self.members.iter().enumerate() {
            let before = &self.members[..i];
            if m.name.trim().is_empty() {
                out.push(EvaluationProblem::EmptyName { position: i + 1 });
            } else if before.iter().any(|o| o.name == m.name) {
                out.push(EvaluationProblem::DuplicateName {
                    name: m.name.clone(),
                });
            }
            if let Some(o) = before.iter().find(|o| o.key == m.key) {
                out.push(EvaluationProblem::DuplicateKey {
                    first: o.name.clone(),
                    second: m.name.clone(),
                });
            }
        }
        if self.phases.is_empty() {
            out.push(EvaluationProblem::NoPhases);
        }
        for (i, p) in self.phases.iter().enumerate() {
            if self.phases[..i].contains(p) {
                out.push(EvaluationProblem::DuplicatePhase { phase: *p });
            }
        }
        if out.is_empty() {
            Ok(())
        } else {
            Err(EvaluationError(out))
        }
    }
}

/// One problem of an [`Evaluation`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvaluationProblem {
    /// The process evaluated has no name.
    NoProcessName,
    /// The team has no members.
    NoMembers,
    /// A member has an empty name.
    EmptyName {
        /// The member's position in the team, from 1.
        position: usize,
    },
    /// Two members have one name.
    DuplicateName {
        /// The name.
        name: String,
    },
    /// Two members have one key.
    DuplicateKey {
        /// The first member with the key.
        first: String,
        /// The second one.
        second: String,
    },
    /// No phase is planned.
    NoPhases,
    /// A phase is planned twice.
    DuplicatePhase {
        /// The phase.
        phase: Phase,
    },
}

impl fmt::Display for EvaluationProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvaluationProblem::NoProcessName => f.write_str("the process evaluated needs a name"),
            EvaluationProblem::NoMembers => f.write_str("the team needs at least one member"),
            EvaluationProblem::EmptyName { position } => {
                write!(f, "member {position} of the team has an empty name")
            }
            EvaluationProblem::DuplicateName { name } => write!(
                f,
                "two members are named `{name}`: names identify members and must be unique"
            ),
            EvaluationProblem::DuplicateKey { first, second } => write!(
                f,
                "`{first}` and `{second}` have the same public key: each member signs with their own"
            ),
            EvaluationProblem::NoPhases => {
                f.write_str("the evaluation needs at least one planned phase")
            }
            EvaluationProblem::DuplicatePhase { phase } => {
                write!(f, "the {phase} phase is planned twice")
            }
        }
    }
}

/// Every problem of an invalid [`Evaluation`]; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct EvaluationError(Vec<EvaluationProblem>);

impl EvaluationError {
    /// The problems, in the order they were found.
    pub fn problems(&self) -> &[EvaluationProblem] {
        &self.0
    }
}

impl fmt::Display for EvaluationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "the evaluation has {n} problem{}",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}
