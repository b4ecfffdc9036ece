//! Crosswalks between grids: which criteria of one grid correspond to which of another, and
//! how an assessment made on one grid is carried onto the other.
//!
//! A [`Crosswalk`] relates criteria of grid `from` to criteria of grid `to`, each [`Link`] with
//! a [`Relation`] (read "the `from` criterion is *equivalent* to / *broader* than / *narrower*
//! than / *related* to the `to` criterion"), its provenance and a note. Only *equivalent*
//! links carry a rating: a broader, narrower or related criterion does not measure the same
//! thing, and a rating carried over it would say more than the assessor said.
//!
//! [`Crosswalk::carry`] carries an assessment made on one grid onto the other (in either
//! direction) and reports, criterion by criterion, what was carried and what could not be
//! ([`NotCarried`], with a coded [`NotCarriedReason`]). The carried assessment is an ordinary
//! assessment of the other grid, which can then be scored, compared or consolidated with the
//! assessments made on it; a criterion with nothing carried is *not assessed*, never zero.
//!
//! ```
//! use repere_core::crosswalk::{Crosswalk, GridKey, Link, Relation};
//! use repere_core::{Id, Lang, Provenance};
//! let id = |s: &str| Id::new(s).unwrap();
//! let cw = Crosswalk {
//!     id: id("a-b"),
//!     from: GridKey { id: id("a"), version: "1".into() },
//!     to: GridKey { id: id("b"), version: "2".into() },
//!     default_lang: Lang::en(),
//!     provenance: Provenance::Illustrative,
//!     sources: Vec::new(),
//!     links: vec![Link {
//!         from: id("independance"),
//!         to: id("independence"),
//!         relation: Relation::Equivalent,
//!         provenance: Provenance::Illustrative,
//!         note: None,
//!         levels: Vec::new(),
//!     }],
//! };
//! let back = cw.reversed();
//! assert_eq!(back.from.id, id("b"));
//! assert_eq!(back.links[0].from, id("independence"));
//! ```

use crate::vocab::named_enum;
use crate::{
    Assessment, Grid, GridRef, Id, Lang, Provenance, Rating, RatingValue, Scale, ScaleKind, Text,
    Value, closest,
};

named_enum! {
    /// How a criterion of the `from` grid relates to a criterion of the `to` grid.
    pub enum Relation {
        /// They assess the same thing: a rating of one is a rating of the other.
        Equivalent => "equivalent",
        /// The `from` criterion covers more than the `to` criterion.
        Broader => "broader",
        /// The `from` criterion covers less than the `to` criterion.
        Narrower => "narrower",
        /// They overlap without one containing the other.
        Related => "related",
    }
}

impl Relation {
    /// The relation read from the other side: broader becomes narrower and back.
    pub fn reversed(self) -> Relation {
        match self {
            Relation::Broader => Relation::Narrower,
            Relation::Narrower => Relation::Broader,
            other => other,
        }
    }
}

/// A grid named by id and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridKey {
    /// The grid's id.
    pub id: Id,
    /// The grid's version.
    pub version: String,
}

impl GridKey {
    /// Whether `grid` is this grid.
    pub fn is(&self, grid: &Grid) -> bool {
        grid.id() == &self.id && grid.version() == self.version
    }
}

/// One correspondence between a criterion of each grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The criterion of the `from` grid.
    pub from: Id,
    /// The criterion of the `to` grid.
    pub to: Id,
    /// How `from` relates to `to`.
    pub relation: Relation,
    /// Where the correspondence comes from: a source that relates the two, or ours.
    pub provenance: Provenance,
    /// Why they correspond, or what differs.
    pub note: Option<Text>,
    /// For two criteria on ordinal scales with different levels: which level of `from`
    /// corresponds to which level of `to` (a level left out is not carried). Empty when the
    /// scales have as many levels, which then correspond by rank.
    pub levels: Vec<(Id, Id)>,
}

/// The correspondences between the criteria of two grids.
#[derive(Debug, Clone, PartialEq)]
pub struct Crosswalk {
    /// Its id.
    pub id: Id,
    /// One grid.
    pub from: GridKey,
    /// The other grid.
    pub to: GridKey,
    /// The language of its texts when a text gives no language.
    pub default_lang: Lang,
    /// Where the crosswalk as a whole comes from.
    pub provenance: Provenance,
    /// Its sources (citations or addresses).
    pub sources: Vec<String>,
    /// The correspondences.
    pub links: Vec<Link>,
}

/// Something wrong in a crosswalk, checked against its two grids.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CrosswalkProblem {
    /// A grid is not the one the crosswalk names.
    #[error(
        "the crosswalk is for grid `{expected}` version `{expected_version}`, not `{found}` version `{found_version}`"
    )]
    OtherGrid {
        /// `from` or `to`.
        side: Side,
        /// The grid named.
        expected: Id,
        /// Its version.
        expected_version: String,
        /// The grid given.
        found: Id,
        /// Its version.
        found_version: String,
    },
    /// A link names a criterion its grid does not have.
    #[error("link {link}: grid `{grid}` has no criterion `{criterion}`{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownCriterion {
        /// The link (0-based).
        link: usize,
        /// `from` or `to`.
        side: Side,
        /// The grid.
        grid: Id,
        /// The criterion named.
        criterion: Id,
        /// A close criterion id.
        suggestion: Option<Id>,
    },
    /// A link's level correspondence names a level the criterion's scale does not have.
    #[error("link {link}: the scale of `{criterion}` has no level `{level}`")]
    UnknownLevel {
        /// The link (0-based).
        link: usize,
        /// `from` or `to`.
        side: Side,
        /// The criterion.
        criterion: Id,
        /// The level named.
        level: Id,
    },
    /// Two links relate the same two criteria.
    #[error("link {link} relates `{from}` and `{to}` again (first in link {first})")]
    DuplicateLink {
        /// The link (0-based).
        link: usize,
        /// The first link relating them.
        first: usize,
        /// The `from` criterion.
        from: Id,
        /// The `to` criterion.
        to: Id,
    },
}

named_enum! {
    /// A side of a crosswalk.
    pub enum Side {
        /// The `from` grid.
        From => "from",
        /// The `to` grid.
        To => "to",
    }
}

impl Crosswalk {
    /// The crosswalk read from the other side: `to` becomes `from`, and each relation is
    /// reversed.
    pub fn reversed(&self) -> Crosswalk {
        Crosswalk {
            id: self.id.clone(),
            from: self.to.clone(),
            to: self.from.clone(),
            default_lang: self.default_lang.clone(),
            provenance: self.provenance,
            sources: self.sources.clone(),
            links: self
                .links
                .iter()
                .map(|l| Link {
                    from: l.to.clone(),
                    to: l.from.clone(),
                    relation: l.relation.reversed(),
                    provenance: l.provenance,
                    note: l.note.clone(),
                    levels: l
                        .levels
                        .iter()
                        .map(|(a, b)| (b.clone(), a.clone()))
                        .collect(),
                })
                .collect(),
        }
    }

    /// Whether it relates these two grids, in either direction.
    pub fn relates(&self, a: &Grid, b: &Grid) -> bool {
        (self.from.is(a) && self.to.is(b)) || (self.from.is(b) && self.to.is(a))
    }

    /// This crosswalk oriented from grid `from` (reversed if needed), when it relates the two.
    pub fn oriented(&self, from: &Grid, to: &Grid) -> Option<Crosswalk> {
        if self.from.is(from) && self.to.is(to) {
            Some(self.clone())
        } else if self.from.is(to) && self.to.is(from) {
            Some(self.reversed())
        } else {
            None
        }
    }

    /// Checks the crosswalk against its two grids: the grids are the ones it names, every
    /// criterion a link names exists (with the closest id suggested), no two links relate the
    /// same two criteria. Every problem is returned.
    pub fn validate(&self, from: &Grid, to: &Grid) -> Result<(), Vec<CrosswalkProblem>> {
        let mut problems = Vec::new();
        for (side, key, grid) in [(Side::From, &self.from, from), (Side::To, &self.to, to)] {
            if !key.is(grid) {
                problems.push(CrosswalkProblem::OtherGrid {
                    side,
                    expected: key.id.clone(),
                    expected_version: key.version.clone(),
                    found: grid.id().clone(),
                    found_version: grid.version().to_owned(),
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut seen: Vec<(&Id, &Id, usize)> = Vec::new();
        for (i, link) in self.links.iter().enumerate() {
            for (side, grid, criterion) in
                [(Side::From, from, &link.from), (Side::To, to, &link.to)]
            {
                if grid.criterion(criterion.as_str()).is_none() {
                    let ids: Vec<&str> = grid.criteria().map(|(_, c)| c.id.as_str()).collect();
                    problems.push(CrosswalkProblem::UnknownCriterion {
                        link: i,
                        side,
                        grid: grid.id().clone(),
                        criterion: criterion.clone(),
                        suggestion: closest(criterion.as_str(), ids.iter().copied())
                            .and_then(|s| Id::new(s).ok()),
                    });
                }
            }
            for (a, b) in &link.levels {
                for (side, grid, criterion, level) in [
                    (Side::From, from, &link.from, a),
                    (Side::To, to, &link.to, b),
                ] {
                    let Some((_, c)) = grid.criterion(criterion.as_str()) else {
                        continue;
                    };
                    if grid.scale_of(c).level(level.as_str()).is_none() {
                        problems.push(CrosswalkProblem::UnknownLevel {
                            link: i,
                            side,
                            criterion: criterion.clone(),
                            level: level.clone(),
                        });
                    }
                }
            }
            match seen
                .iter()
                .find(|(f, t, _)| *f == &link.from && *t == &link.to)
            {
                Some((_, _, first)) => problems.push(CrosswalkProblem::DuplicateLink {
                    link: i,
                    first: *first,
                    from: link.from.clone(),
                    to: link.to.clone(),
                }),
                None => seen.push((&link.from, &link.to, i)),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Carries an assessment made on grid `from` onto grid `to`, through the equivalent links
    /// (the crosswalk must be oriented from `from`: see [`Crosswalk::oriented`]).
    ///
    /// A rating is carried when its criterion has exactly one equivalent criterion in `to`, and
    /// that criterion has exactly one equivalent in `from`, and the value fits the other scale:
    ///
    /// - *not applicable* is carried with its reason;
    /// - a level of an ordinal scale goes to the level the link's `levels` names for it, or,
    ///   when the link names none and both scales have as many levels, to the level of the same
    ///   rank; otherwise it is not carried ([`NotCarriedReason::ScalesDiffer`]): Repère does not
    ///   round a judgement onto another scale (a top level "respected" is not "exceeded");
    /// - a number on a range or percentage scale goes to the number with the same normalised
    ///   score on the other range or percentage scale;
    /// - yes or no goes to yes or no.
    ///
    /// Justification, evidence and confidence are carried with the rating, and the
    /// justification says where it comes from. Targets are carried by the same rules.
    /// Every other criterion of `to` stays *not assessed*.
    pub fn carry(&self, from: &Grid, to: &Grid, assessment: &Assessment) -> Carried {
        let mut carried = Assessment::new(
            GridRef::to(to),
            assessment.process.clone(),
            assessment.phase,
            assessment.assessor.clone(),
        );
        carried.date = assessment.date;
        carried.notes = assessment.notes.clone();
        let mut out = Carried {
            crosswalk: self.id.clone(),
            assessment: carried,
            carried: Vec::new(),
            not_carried: Vec::new(),
            no_counterpart: Vec::new(),
        };
        let equivalents_of_from = |c: &Id| {
            self.links
                .iter()
                .filter(|l| &l.from == c && l.relation == Relation::Equivalent)
                .collect::<Vec<_>>()
        };
        let equivalents_of_to = |c: &Id| {
            self.links
                .iter()
                .filter(|l| &l.to == c && l.relation == Relation::Equivalent)
                .count()
        };
        for rating in &assessment.ratings {
            if matches!(rating.value, RatingValue::NotAssessed) {
                continue;
            }
            let c = &rating.criterion;
            let equivalents = equivalents_of_from(c);
            let reason = match equivalents.as_slice() {
                [] => Some(
                    match self.links.iter().find(|l| &l.from == c).map(|l| l.relation) {
                        Some(relation) => NotCarriedReason::NotEquivalent { relation },
                        None => NotCarriedReason::NoLink,
                    },
                ),
                [_, _, ..] => Some(NotCarriedReason::SeveralEquivalents {
                    count: equivalents.len(),
                }),
                [link] => match equivalents_of_to(&link.to) {
                    1 => None,
                    count => Some(NotCarriedReason::SharedEquivalent { count }),
                },
            };
            if let Some(reason) = reason {
                out.not_carried.push(NotCarried {
                    criterion: c.clone(),
                    to: equivalents.first().map(|l| l.to.clone()).or_else(|| {
                        self.links
                            .iter()
                            .find(|l| &l.from == c)
                            .map(|l| l.to.clone())
                    }),
                    reason,
                });
                continue;
            }
            let link = equivalents[0];
            let value = match &rating.value {
                RatingValue::NotApplicable { reason } => Some(RatingValue::NotApplicable {
                    reason: reason.clone(),
                }),
                RatingValue::Rated(v) => carry_value(from, to, link, v).map(RatingValue::Rated),
                RatingValue::NotAssessed => None,
            };
            let Some(value) = value else {
                out.not_carried.push(NotCarried {
                    criterion: c.clone(),
                    to: Some(link.to.clone()),
                    reason: NotCarriedReason::ScalesDiffer,
                });
                continue;
            };
            let from_note = format!("[{} › {c}] ", from.id());
            out.assessment.ratings.push(Rating {
                criterion: link.to.clone(),
                value,
                justification: Some(match &rating.justification {
                    Some(j) => format!("{from_note}{j}"),
                    None => from_note.trim_end().to_owned(),
                }),
                evidence: rating.evidence.clone(),
                confidence: rating.confidence,
            });
            out.carried.push((c.clone(), link.to.clone()));
        }
        for (c, target) in &assessment.targets {
            if let [link] = equivalents_of_from(c).as_slice()
                && equivalents_of_to(&link.to) == 1
                && let Some(v) = carry_value(from, to, link, target)
            {
                out.assessment.targets.push((link.to.clone(), v));
            }
        }
        out.no_counterpart = to
            .criteria()
            .map(|(_, c)| c.id.clone())
            .filter(|id| !out.carried.iter().any(|(_, t)| t == id))
            .collect();
        out
    }
}

/// A value of the link's `from` criterion on the scale of its `to` criterion, when it fits.
fn carry_value(from: &Grid, to: &Grid, link: &Link, v: &Value) -> Option<Value> {
    let (_, fc) = from.criterion(link.from.as_str())?;
    let (_, tc) = to.criterion(link.to.as_str())?;
    let (fs, ts): (&Scale, &Scale) = (from.scale_of(fc), to.scale_of(tc));
    match (&fs.kind, &ts.kind, v) {
        (ScaleKind::Ordinal(_), ScaleKind::Ordinal(tl), Value::Level(id))
            if !link.levels.is_empty() =>
        {
            let (_, target) = link.levels.iter().find(|(a, _)| a == id)?;
            tl.iter()
                .any(|l| &l.id == target)
                .then(|| Value::Level(target.clone()))
        }
        (ScaleKind::Ordinal(fl), ScaleKind::Ordinal(tl), Value::Level(id)) => {
            let rank = fl.iter().position(|l| &l.id == id)?;
            (fl.len() == tl.len()).then(|| Value::Level(tl[rank].id.clone()))
        }
        (
            ScaleKind::Range { .. } | ScaleKind::Percentage,
            ScaleKind::Range { .. } | ScaleKind::Percentage,
            Value::Number(_),
        ) => {
            let score = fs.normalise(v).ok()?;
            let (lo, hi) = match &ts.kind {
                ScaleKind::Range { min, max, .. } => (*min, *max),
                _ => (0.0, 100.0),
            };
            Some(Value::Number(lo + score * (hi - lo)))
        }
        (ScaleKind::Boolean { .. }, ScaleKind::Boolean { .. }, Value::Bool(b)) => {
            Some(Value::Bool(*b))
        }
        _ => None,
    }
}

/// An assessment carried onto another grid, and what could not be.
#[derive(Debug, Clone, PartialEq)]
pub struct Carried {
    /// The crosswalk used.
    pub crosswalk: Id,
    /// The assessment on the other grid: the ratings carried, every other criterion not
    /// assessed.
    pub assessment: Assessment,
    /// The criteria carried: (criterion of the first grid, criterion of the other).
    pub carried: Vec<(Id, Id)>,
    /// The ratings that could not be carried, and why.
    pub not_carried: Vec<NotCarried>,
    /// The criteria of the other grid that received nothing, in its order.
    pub no_counterpart: Vec<Id>,
}

/// A rating that could not be carried onto the other grid.
#[derive(Debug, Clone, PartialEq)]
pub struct NotCarried {
    /// The criterion of the first grid.
    pub criterion: Id,
    /// The criterion of the other grid it is linked to, if any.
    pub to: Option<Id>,
    /// Why it was not carried.
    pub reason: NotCarriedReason,
}

/// Why a rating was not carried onto another grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotCarriedReason {
    /// No link names the criterion.
    NoLink,
    /// Its links are broader, narrower or related, not equivalent.
    NotEquivalent {
        /// The relation of its first link.
        relation: Relation,
    },
    /// It has several equivalent criteria in the other grid: which one it rates is not known.
    SeveralEquivalents {
        /// How many.
        count: usize,
    },
    /// Its equivalent criterion has several equivalents in the first grid: carrying one of
    /// them would hide the others.
    SharedEquivalent {
        /// How many criteria of the first grid are equivalent to it.
        count: usize,
    },
    /// The value does not fit the other criterion's scale without a judgement of ours (levels
    /// of different scales, a level onto a number).
    ScalesDiffer,
}

impl NotCarriedReason {
    /// A stable code: `no-link`, `not-equivalent`, `several-equivalents`,
    /// `shared-equivalent`, `scales-differ`.
    pub fn code(self) -> &'static str {
        match self {
            NotCarriedReason::NoLink => "no-link",
            NotCarriedReason::NotEquivalent { .. } => "not-equivalent",
            NotCarriedReason::SeveralEquivalents { .. } => "several-equivalents",
            NotCarriedReason::SharedEquivalent { .. } => "shared-equivalent",
            NotCarriedReason::ScalesDiffer => "scales-differ",
        }
    }
}
