//! Assessments: one assessor's ratings of one process against one grid, at one phase.

use std::collections::HashSet;

use crate::problem::{Entry, NameOf, ProblemKind, suggestion};
use crate::{
    Confidence, Date, Grid, Iap2Level, Id, Path, Phase, Problem, Problems, ProcessKind, Role, Value,
};

/// Which grid an assessment was made on.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRef {
    /// The grid's id.
    pub id: Id,
    /// The grid's version.
    pub version: String,
    /// The grid's content hash when the assessment was made, if recorded
    /// ([`Grid::content_hash`]).
    pub hash: Option<String>,
}

impl GridRef {
    /// A reference to this grid, hash included.
    pub fn to(grid: &Grid) -> Self {
        Self {
            id: grid.id().clone(),
            version: grid.version().to_owned(),
            hash: Some(grid.content_hash().to_owned()),
        }
    }
}

/// The participation process being assessed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Process {
    /// Its name.
    pub name: String,
    /// What kind of process it is.
    pub kind: Option<ProcessKind>,
    /// Who runs it (*maître d'ouvrage*, organiser).
    pub organiser: Option<String>,
    /// Who commissioned it.
    pub commissioner: Option<String>,
    /// Where it takes place.
    pub territory: Option<String>,
    /// When it started.
    pub start: Option<Date>,
    /// When it ended.
    pub end: Option<Date>,
    /// How many people took part.
    pub participants: Option<u64>,
    /// The level claimed on the IAP2 spectrum.
    pub iap2: Option<Iap2Level>,
    /// A short description.
    pub description: Option<String>,
    /// Where the facts about the process come from (URLs or references).
    pub sources: Vec<String>,
}

/// Who makes the assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessor {
    /// A name (a person, a firm, "participants' survey").
    pub name: String,
    /// The role, which tells self-assessment from independent assessment.
    pub role: Role,
    /// The organisation the assessor belongs to.
    pub organisation: Option<String>,
}

/// A rating's outcome. *Not applicable* and *not assessed* are never the same as zero.
#[derive(Debug, Clone, PartialEq)]
pub enum RatingValue {
    /// A value on the criterion's scale.
    Rated(Value),
    /// The criterion does not apply to this process; the reason is required.
    NotApplicable {
        /// Why it does not apply.
        reason: String,
    },
    /// The criterion applies but was not assessed (yet).
    NotAssessed,
}

/// A piece of evidence behind a rating.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evidence {
    /// What it is and where to find it: a document, a URL, a survey.
    pub reference: String,
    /// The relevant excerpt or figure.
    pub excerpt: Option<String>,
    /// When it was produced or collected.
    pub date: Option<Date>,
    /// Who collected it.
    pub collected_by: Option<String>,
}

/// One criterion's rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// The criterion rated.
    pub criterion: Id,
    /// The outcome.
    pub value: RatingValue,
    /// Why this rating.
    pub justification: Option<String>,
    /// What backs it.
    pub evidence: Vec<Evidence>,
    /// How sure the assessor is.
    pub confidence: Option<Confidence>,
}

impl Rating {
    /// A rating with a value and nothing else.
    pub fn new(criterion: Id, value: RatingValue) -> Self {
        Self {
            criterion,
            value,
            justification: None,
            evidence: Vec::new(),
            confidence: None,
        }
    }
}

/// One assessor's ratings of one process against one grid, at one phase.
///
/// A criterion of the grid that has no rating counts as *not assessed*.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The grid the ratings refer to.
    pub grid: GridRef,
    /// The process assessed.
    pub process: Process,
    /// The phase at which the assessment is made.
    pub phase: Phase,
    /// Who assesses.
    pub assessor: Assessor,
    /// When the assessment was made.
    pub date: Option<Date>,
    /// The ratings, one per criterion at most.
    pub ratings: Vec<Rating>,
    /// The ambition set at framing: per criterion the value aimed at.
    pub targets: Vec<(Id, Value)>,
    /// Free notes.
    pub notes: Option<String>,
}

impl Assessment {
    /// An assessment with no ratings yet.
    pub fn new(grid: GridRef, process: Process, phase: Phase, assessor: Assessor) -> Self {
        Self {
            grid,
            process,
            phase,
            assessor,
            date: None,
            ratings: Vec::new(),
            targets: Vec::new(),
            notes: None,
        }
    }

    /// The rating of a criterion, if any.
    pub fn rating(&self, criterion: &str) -> Option<&Rating> {
        self.ratings
            .iter()
            .find(|r| r.criterion.as_str() == criterion)
    }

    /// The target of a criterion, if any.
    pub fn target(&self, criterion: &str) -> Option<&Value> {
        self.targets
            .iter()
            .find(|(c, _)| c.as_str() == criterion)
            .map(|(_, v)| v)
    }

    /// Checks the assessment against a grid, reporting every problem at once: another grid or
    /// version or content, unknown criteria (with the closest known id), duplicate ratings,
    /// values off the scale, a *not applicable* without a reason, dates out of order.
    pub fn validate(&self, grid: &Grid) -> Result<(), Problems> {
        Problems::check(self.check(grid).0)
    }

    /// Checks the assessment against a grid: the problems, and per criterion of the grid (in
    /// grid order) its rating and its target, as gathered on the way.
    pub(crate) fn check(&self, grid: &Grid) -> (Vec<Problem>, Vec<Given<'_>>) {
        let mut out = Vec::new();
        self.check_header(grid, &mut out);
        let mut given: Vec<Given<'_>> = vec![Given::default(); grid.criterion_count()];
        self.check_ratings(grid, &mut given, &mut out);
        self.check_targets(grid, &mut given, &mut out);
        (out, given)
    }

    /// The grid named (id, version, content), the names and the process's dates.
    fn check_header(&self, grid: &Grid, out: &mut Vec<Problem>) {
        let root = Path::root();
        if self.grid.id != *grid.id() {
            out.push(Problem::new(
                root.key("grid").key("id"),
                ProblemKind::OtherGrid {
                    named: self.grid.id.clone(),
                    grid: grid.id().clone(),
                },
            ));
        } else if self.grid.version != grid.version() {
            out.push(Problem::new(
                root.key("grid").key("version"),
                ProblemKind::OtherVersion {
                    grid: grid.id().clone(),
                    named: self.grid.version.clone(),
                    version: grid.version().to_owned(),
                },
            ));
        } else if let Some(h) = &self.grid.hash
            && h != grid.content_hash()
        {
            out.push(Problem::new(
                root.key("grid").key("hash"),
                ProblemKind::GridChanged {
                    grid: grid.id().clone(),
                    version: grid.version().to_owned(),
                    hash: grid.content_hash().to_owned(),
                    recorded: h.clone(),
                },
            ));
        }
        for (name, key, of) in [
            (&self.assessor.name, "assessor", NameOf::Assessor),
            (&self.process.name, "process", NameOf::Process),
        ] {
            if name.trim().is_empty() {
                out.push(Problem::new(
                    root.key(key).key("name"),
                    ProblemKind::EmptyName { of },
                ));
            }
        }
        if let (Some(start), Some(end)) = (self.process.start, self.process.end)
            && end < start
        {
            out.push(Problem::new(
                root.key("process").key("end"),
                ProblemKind::EndsBeforeStart { start, end },
            ));
        }
    }

    /// Each rating: a criterion of the grid, rated once, with a value on its scale or a reason
    /// for not applying. Gathers the ratings and their scores into `given`.
    fn check_ratings<'a>(&'a self, grid: &Grid, given: &mut [Given<'a>], out: &mut Vec<Problem>) {
        let root = Path::root();
        // Unknown criteria met so far (rare), to report duplicates among them too.
        let mut unknown = HashSet::new();
        let mut next = 0;
        for r in &self.ratings {
            // Paths are built only for problems: most ratings have none.
            let p = || root.key("ratings").id(&r.criterion);
            let found = grid.locate(r.criterion.as_str(), next);
            let first = match found {
                Some((i, ..)) => given[i].rating.is_none(),
                None => unknown.insert(&r.criterion),
            };
            if !first {
                out.push(repeated(p(), Entry::Rating, &r.criterion));
            }
            let Some((i, _, scale)) = found else {
                out.push(not_in_grid(grid, p(), &r.criterion));
                continue;
            };
            next = i + 1;
            if first {
                given[i].rating = Some(&r.value);
            }
            match &r.value {
                RatingValue::Rated(v) => match scale.score_of(v) {
                    Ok(scored) => {
                        if first {
                            given[i].scored = Some(scored);
                        }
                    }
                    Err(e) => out.push(Problem::new(p().key("value"), ProblemKind::Value(e))),
                },
                RatingValue::NotApplicable { reason } => {
                    if reason.trim().is_empty() {
                        out.push(Problem::new(p().key("reason"), ProblemKind::NoReason));
                    }
                }
                RatingValue::NotAssessed => {}
            }
        }
    }

    /// Each target: a criterion of the grid, given once, with a value on its scale. Gathers
    /// the targets into `given`.
    fn check_targets<'a>(&'a self, grid: &Grid, given: &mut [Given<'a>], out: &mut Vec<Problem>) {
        let root = Path::root();
        let mut unknown = HashSet::new();
        let mut next = 0;
        for (c, v) in &self.targets {
            let p = || root.key("targets").id(c);
            let found = grid.locate(c.as_str(), next);
            let first = match found {
                Some((i, ..)) => given[i].target.is_none(),
                None => unknown.insert(c),
            };
            if !first {
                out.push(repeated(p(), Entry::Target, c));
            }
            match found {
                None => out.push(not_in_grid(grid, p(), c)),
                Some((i, _, scale)) => {
                    next = i + 1;
                    if first {
                        given[i].target = Some(v);
                    }
                    if let Err(e) = scale.normalise(v) {
                        out.push(Problem::new(p(), ProblemKind::Value(e)));
                    }
                }
            }
        }
    }
}

/// A criterion rated, or given a target, more than once.
fn repeated(path: Path, what: Entry, criterion: &Id) -> Problem {
    Problem::new(
        path,
        ProblemKind::Repeated {
            what,
            id: criterion.clone(),
        },
    )
}

/// A criterion the grid does not have, with the closest one.
fn not_in_grid(grid: &Grid, path: Path, criterion: &Id) -> Problem {
    Problem::new(
        path,
        ProblemKind::NotInGrid {
            grid: grid.id().clone(),
            criterion: criterion.clone(),
            suggestion: suggestion(
                criterion.as_str(),
                grid.criteria().map(|(_, c)| c.id.as_str()),
            ),
        },
    )
}

/// A criterion's rating and target, as given in an assessment, with the rated value's score
/// and, for a level, its position on the scale.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Given<'a> {
    pub(crate) rating: Option<&'a RatingValue>,
    pub(crate) target: Option<&'a Value>,
    pub(crate) scored: Option<(f64, Option<usize>)>,
}
