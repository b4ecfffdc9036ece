//! Problems found in a file once its shape is right, each located by a path: the problems of
//! the model ([`ProblemKind`]) and those of the file's form that the model cannot have (it
//! has no keys): keys that conflict, values written in a form that does not fit.
//!
//! Each kind says in what words it is reported and where in the file its caret goes
//! ([`Aim`]); nothing is decided from a message's text.

use repere_core::{Id, Path, Problem, ProblemKind};

use crate::raw::Scalar;

/// A problem located by a path in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    /// Where it is.
    pub(crate) path: Path,
    /// What is wrong.
    pub(crate) kind: IssueKind,
}

/// What is wrong: a problem of the model, or of the file's form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum IssueKind {
    /// A problem the model reports ([`repere_core::Problem`]).
    Model(ProblemKind),
    /// A problem of the file's form.
    File(FileProblem),
}

/// Problems of a file's form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FileProblem {
    /// A key of a scale that its kind does not use (`levels` on a range scale).
    KeyForOtherScaleKind {
        /// The key.
        key: &'static str,
        /// The scale's kind.
        scale_kind: &'static str,
    },
    /// A range scale without `min` or `max`.
    RangeBoundsMissing {
        /// Whether `min` is missing.
        min: bool,
        /// Whether `max` is missing.
        max: bool,
    },
    /// A gate's `below` that is true or false.
    ThresholdIsBoolean,
    /// A gate that caps both a dimension and the overall score.
    GateTargetsBoth,
    /// A gate that caps neither a dimension nor the overall score.
    GateTargetMissing,
    /// A gate without `cap` and `cap-band`, or with both.
    GateCapNotOne,
    /// `measure-provenance` or `measure-sources` without `measure`.
    MeasureBackingAlone,
    /// A rating with more than one of `level`, `value`, `not-applicable` and `not-assessed`.
    SeveralValues {
        /// The criterion rated.
        criterion: Id,
    },
    /// `not-assessed = false`.
    NotAssessedFalse,
    /// A level given for a criterion whose scale has no levels.
    LevelWithoutLevels {
        /// The criterion.
        criterion: Id,
        /// The kind of its scale.
        scale_kind: &'static str,
        /// What the scale takes ([`repere_core::Scale::expects`]).
        expects: &'static str,
    },
    /// A number or true/false given for a criterion rated on an ordinal scale.
    NumberOnOrdinalScale {
        /// The criterion.
        criterion: Id,
        /// Its scale.
        scale: Id,
        /// The scale's levels.
        levels: Vec<Id>,
    },
    /// A level given by a value that no level of the scale has.
    NoLevelOfValue {
        /// The scale.
        scale: Id,
        /// The value given.
        value: i64,
        /// The scale's levels, with their values.
        levels: Vec<(i64, Id)>,
    },
    /// A level id that is not an identifier.
    InvalidLevelId(repere_core::IdError),
    /// A level given as a float or true/false.
    NotALevel {
        /// The value given.
        found: Scalar,
    },
    /// A value given as a string for a scale that takes numbers or true/false.
    NotANumber {
        /// The string given.
        found: String,
    },
    /// A value that is not a finite number.
    NotFinite {
        /// The value given.
        value: f64,
    },
    /// A crosswalk names a grid that is not the one given.
    CrosswalkOtherGrid {
        /// `from` or `to`.
        side: &'static str,
        /// The grid the crosswalk names, `id@version`.
        named: String,
        /// The grid given, `id@version`.
        given: String,
    },
    /// A link of a crosswalk names a criterion its grid does not have.
    CrosswalkUnknownCriterion {
        /// The grid.
        grid: Id,
        /// The criterion named.
        criterion: Id,
        /// A close criterion id.
        suggestion: Option<Id>,
    },
    /// A level correspondence of a crosswalk names a level its criterion's scale does not
    /// have.
    CrosswalkUnknownLevel {
        /// The criterion.
        criterion: Id,
        /// The level named.
        level: Id,
        /// The scale's levels.
        levels: Vec<Id>,
    },
    /// Another problem of a crosswalk against its grids.
    Crosswalk(repere_core::crosswalk::CrosswalkProblem),
    /// Two links of a crosswalk relate the same two criteria.
    CrosswalkDuplicateLink {
        /// The `from` criterion.
        from: Id,
        /// The `to` criterion.
        to: Id,
        /// The first link relating them (0-based, as key paths count).
        first: usize,
    },
}

/// Where a problem's caret goes in the element its path leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aim {
    /// The value.
    Value,
    /// The id naming the element (its key in a table, its `id` or `criterion` in an array of
    /// tables), when the path ends at an element named by an id: the problem is about the
    /// name.
    Name,
    /// The name, at a later occurrence of the element: the problem is about a repeated id,
    /// reported once per repetition.
    LaterName,
}

impl Issue {
    /// A problem of the file's form at `path`.
    pub(crate) fn file(path: Path, problem: FileProblem) -> Self {
        Self {
            path,
            kind: IssueKind::File(problem),
        }
    }

    /// A problem of the model at `path`.
    pub(crate) fn model(path: Path, kind: ProblemKind) -> Self {
        Self {
            path,
            kind: IssueKind::Model(kind),
        }
    }

    /// The message, in English.
    pub(crate) fn message(&self) -> String {
        match &self.kind {
            IssueKind::Model(k) => k.to_string(),
            IssueKind::File(f) => f.message(),
        }
    }

    /// A suggestion, in English.
    pub(crate) fn help(&self) -> Option<String> {
        match &self.kind {
            IssueKind::Model(k) => k.help(),
            IssueKind::File(f) => f.help(),
        }
    }

    /// Where the caret goes.
    pub(crate) fn aim(&self) -> Aim {
        match &self.kind {
            IssueKind::Model(
                ProblemKind::DuplicateId { .. }
                | ProblemKind::DuplicateCriterion { .. }
                | ProblemKind::Repeated { .. },
            ) => Aim::LaterName,
            IssueKind::Model(
                ProblemKind::InvalidId(_)
                | ProblemKind::UnknownReference { .. }
                | ProblemKind::UnknownRubricLevel { .. }
                | ProblemKind::BackingWithoutDescriptor { .. }
                | ProblemKind::NotInGrid { .. },
            )
            | IssueKind::File(FileProblem::SeveralValues { .. }) => Aim::Name,
            _ => Aim::Value,
        }
    }
}

impl From<Problem> for Issue {
    fn from(p: Problem) -> Self {
        Self::model(p.path, p.kind)
    }
}

impl FileProblem {
    fn message(&self) -> String {
        match self {
            FileProblem::KeyForOtherScaleKind { key, scale_kind } => {
                format!("`{key}` does not apply to a scale of kind `{scale_kind}`")
            }
            FileProblem::RangeBoundsMissing { min, max } => {
                let missing = match (min, max) {
                    (true, true) => "`min` and `max`",
                    (true, false) => "`min`",
                    _ => "`max`",
                };
                format!("a range scale needs `min` and `max`: {missing} is missing")
            }
            FileProblem::ThresholdIsBoolean => {
                "expected a level id (string) or a score from 0 to 1, found a boolean".to_owned()
            }
            FileProblem::GateTargetsBoth => {
                "a gate caps either one dimension or the overall score, not both".to_owned()
            }
            FileProblem::GateTargetMissing => "the gate says nothing to cap".to_owned(),
            FileProblem::GateCapNotOne => {
                "a gate needs exactly one of `cap` and `cap-band`".to_owned()
            }
            FileProblem::MeasureBackingAlone => {
                "the provenance or sources of a measure are given, but the criterion has no `measure`"
                    .to_owned()
            }
            FileProblem::SeveralValues { criterion } => format!(
                "criterion `{criterion}` has more than one of `level`, `value`, `not-applicable` and `not-assessed`"
            ),
            FileProblem::NotAssessedFalse => "`not-assessed = false` says nothing".to_owned(),
            FileProblem::LevelWithoutLevels {
                criterion,
                scale_kind,
                ..
            } => format!(
                "criterion `{criterion}` is rated on a {scale_kind} scale, which has no levels"
            ),
            FileProblem::NumberOnOrdinalScale {
                criterion, scale, ..
            } => format!("criterion `{criterion}` is rated on ordinal scale `{scale}`"),
            FileProblem::NoLevelOfValue {
                scale,
                value,
                levels,
            } => {
                let values: Vec<String> = levels
                    .iter()
                    .map(|(v, id)| format!("{v} (`{id}`)"))
                    .collect();
                format!(
                    "scale `{scale}` has no level of value {value}, expected one of {}",
                    values.join(", ")
                )
            }
            FileProblem::InvalidLevelId(e) => e.to_string(),
            FileProblem::NotALevel { found } => {
                let found = match found {
                    Scalar::Str(s) => format!("the string `{s}`"),
                    Scalar::Int(n) => format!("the integer `{n}`"),
                    Scalar::Float(x) => format!("the number `{x}`"),
                    Scalar::Bool(b) => format!("the boolean `{b}`"),
                };
                format!("expected a level id such as `level = \"2\"`, found {found}")
            }
            FileProblem::NotANumber { found } => {
                format!("expected a number or true/false, found the string `{found}`")
            }
            FileProblem::NotFinite { value } => {
                format!("expected a finite number, found `{value}`")
            }
            FileProblem::CrosswalkOtherGrid { side, named, given } => {
                format!(
                    "the crosswalk's `{side}` grid is `{named}`, but the grid given is `{given}`"
                )
            }
            FileProblem::CrosswalkUnknownCriterion {
                grid, criterion, ..
            } => format!("grid `{grid}` has no criterion `{criterion}`"),
            FileProblem::CrosswalkDuplicateLink { from, to, first } => {
                format!("`{from}` and `{to}` are related again (first at `links[{first}]`)")
            }
            FileProblem::CrosswalkUnknownLevel {
                criterion, level, ..
            } => format!("the scale of `{criterion}` has no level `{level}`"),
            FileProblem::Crosswalk(p) => p.to_string(),
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            FileProblem::RangeBoundsMissing { .. } => "for example `min = 0` and `max = 10`".into(),
            FileProblem::GateTargetMissing => {
                "add `dimension = \"<dimension id>\"` or `overall = true`".into()
            }
            FileProblem::GateCapNotOne => {
                "`cap = 0.5` caps the score; `cap-band = \"<band id>\"` caps the band".into()
            }
            FileProblem::MeasureBackingAlone => {
                "add `measure = { fr = \"…\", en = \"…\" }`: what is counted and how".into()
            }
            FileProblem::SeveralValues { .. } => "keep the one that says what the rating is".into(),
            FileProblem::NotAssessedFalse => {
                "rate the criterion with `level` or `value`, or remove the key".into()
            }
            FileProblem::LevelWithoutLevels { expects, .. } => {
                format!("write `value = …`: {expects}")
            }
            FileProblem::NumberOnOrdinalScale { levels, .. } => format!(
                "write `level = \"…\"` with one of {}",
                levels
                    .iter()
                    .map(|l| format!("`{l}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FileProblem::CrosswalkUnknownCriterion {
                suggestion: Some(s),
                ..
            } => format!("did you mean `{s}`?"),
            FileProblem::CrosswalkDuplicateLink { .. } => {
                "keep one link per pair of criteria".into()
            }
            FileProblem::CrosswalkUnknownLevel { levels, .. } => format!(
                "its levels are {}",
                levels
                    .iter()
                    .map(|l| format!("`{l}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    //! Every problem of a file's form, from one invalid input each, matched on its kind.

    use repere_core::{Id, IdError, ProblemKind};

    use super::{FileProblem, Issue, IssueKind};
    use crate::convert::{assessment_from_raw, grid_from_raw};
    use crate::raw::{AssessmentFile, GridFile, Scalar};

    const GRID: &str = r#"
kind = "grid"
format = 1
id = "g"
version = "1"
default-lang = "en"
title = "G"

[[scales]]
id = "lmh"
kind = "ordinal"
levels = [
  { id = "low", value = 1, label = "Low" },
  { id = "high", value = 3, label = "High" },
]

[[scales]]
id = "pct"
kind = "percentage"

[[dimensions]]
id = "d"
label = "D"

[[dimensions.criteria]]
id = "c1"
label = "C1"
scale = "lmh"

[[dimensions.criteria]]
id = "c2"
label = "C2"
scale = "pct"
"#;

    fn id(s: &str) -> Id {
        Id::new(s).unwrap()
    }

    /// The problems of the grid file with `more` appended.
    fn grid_issues(more: &str) -> Vec<Issue> {
        let file: GridFile = toml::from_str(&format!("{GRID}{more}")).unwrap();
        grid_from_raw(file).1
    }

    /// The problems of an assessment of the grid with these ratings and targets.
    fn assessment_issues(more: &str) -> Vec<Issue> {
        let grid = crate::load_grid("g.toml", GRID).unwrap();
        let text = format!(
            "kind = \"assessment\"\nformat = 1\nphase = \"closing\"\n[grid]\nid = \"g\"\nversion = \"1\"\n[process]\nname = \"P\"\n[assessor]\nname = \"A\"\nrole = \"observer\"\n{more}"
        );
        let file: AssessmentFile = toml::from_str(&text).unwrap();
        assessment_from_raw(&file, &grid).1
    }

    fn only(issues: Vec<Issue>) -> (String, IssueKind) {
        assert_eq!(issues.len(), 1, "{issues:?}");
        let i = issues.into_iter().next().unwrap();
        (i.path.to_string(), i.kind)
    }

    fn file(at: &str, p: FileProblem) -> (String, IssueKind) {
        (at.to_owned(), IssueKind::File(p))
    }

    #[test]
    fn grid_form_kinds() {
        assert_eq!(
            only(grid_issues(
                "[[scales]]\nid = \"r\"\nkind = \"range\"\nmin = 0\nmax = 1\nlevels = []\nunit = \"x\"\nyes = \"Y\"\n"
            )),
            file(
                "scales[2].yes",
                FileProblem::KeyForOtherScaleKind {
                    key: "yes",
                    scale_kind: "range"
                }
            )
        );
        assert_eq!(
            only(grid_issues(
                "[[scales]]\nid = \"r\"\nkind = \"range\"\nmax = 1\n"
            )),
            file(
                "scales[2]",
                FileProblem::RangeBoundsMissing {
                    min: true,
                    max: false
                }
            )
        );
        assert_eq!(
            only(grid_issues(
                "[[scales]]\nid = \"1x!\"\nkind = \"percentage\"\n"
            )),
            (
                "scales[2].id".to_owned(),
                IssueKind::Model(ProblemKind::InvalidId(IdError::BadChar {
                    id: "1x!".to_owned(),
                    ch: '!'
                }))
            )
        );
    }

    fn profile(gate: &str) -> String {
        format!("[[profiles]]\nid = \"p\"\nlabel = \"P\"\n[[profiles.gates]]\n{gate}\n")
    }

    #[test]
    fn gate_form_kinds() {
        assert_eq!(
            only(grid_issues(&profile(
                "criterion = \"c1\"\nbelow = true\ndimension = \"d\"\ncap = 0.5"
            ))),
            file(
                "profiles[0].gates[0].below",
                FileProblem::ThresholdIsBoolean
            )
        );
        assert_eq!(
            only(grid_issues(&profile(
                "criterion = \"c1\"\nbelow = 0.5\ndimension = \"d\"\noverall = true\ncap = 0.5"
            ))),
            file("profiles[0].gates[0].overall", FileProblem::GateTargetsBoth)
        );
        assert_eq!(
            only(grid_issues(&profile(
                "criterion = \"c1\"\nbelow = 0.5\ncap = 0.5"
            ))),
            file("profiles[0].gates[0]", FileProblem::GateTargetMissing)
        );
        assert_eq!(
            only(grid_issues(&profile(
                "criterion = \"c1\"\nbelow = 0.5\ndimension = \"d\""
            ))),
            file("profiles[0].gates[0]", FileProblem::GateCapNotOne)
        );
    }

    fn rating(criterion: &str, rest: &str) -> String {
        format!("[[ratings]]\ncriterion = \"{criterion}\"\n{rest}\n")
    }

    #[test]
    fn rating_form_kinds() {
        assert_eq!(
            only(assessment_issues(&rating(
                "c1",
                "level = \"low\"\nnot-assessed = true"
            ))),
            file(
                "ratings[c1]",
                FileProblem::SeveralValues {
                    criterion: id("c1")
                }
            )
        );
        assert_eq!(
            only(assessment_issues(&rating("c1", "not-assessed = false"))),
            file("ratings[c1].not-assessed", FileProblem::NotAssessedFalse)
        );
        assert_eq!(
            only(assessment_issues(&rating("c2", "level = \"low\""))),
            file(
                "ratings[c2].value",
                FileProblem::LevelWithoutLevels {
                    criterion: id("c2"),
                    scale_kind: "percentage",
                    expects: "a number from 0 to 100"
                }
            )
        );
        assert_eq!(
            only(assessment_issues(&rating("c1", "value = 2"))),
            file(
                "ratings[c1].value",
                FileProblem::NumberOnOrdinalScale {
                    criterion: id("c1"),
                    scale: id("lmh"),
                    levels: vec![id("low"), id("high")]
                }
            )
        );
        assert_eq!(
            only(assessment_issues(&rating("c1", "level = 2"))),
            file(
                "ratings[c1].value",
                FileProblem::NoLevelOfValue {
                    scale: id("lmh"),
                    value: 2,
                    levels: vec![(1, id("low")), (3, id("high"))]
                }
            )
        );
        assert_eq!(
            only(assessment_issues(&rating("c1", "level = \"a b\""))),
            file(
                "ratings[c1].value",
                FileProblem::InvalidLevelId(IdError::BadChar {
                    id: "a b".to_owned(),
                    ch: ' '
                })
            )
        );
        assert_eq!(
            only(assessment_issues(&rating("c1", "level = 1.5"))),
            file(
                "ratings[c1].value",
                FileProblem::NotALevel {
                    found: Scalar::Float(1.5)
                }
            )
        );
        assert_eq!(
            only(assessment_issues(&rating("c2", "value = \"12\""))),
            file(
                "ratings[c2].value",
                FileProblem::NotANumber {
                    found: "12".to_owned()
                }
            )
        );
        let (at, kind) = only(assessment_issues("[targets]\nc2 = nan\n"));
        assert_eq!(at, "targets[c2]");
        assert!(
            matches!(kind, IssueKind::File(FileProblem::NotFinite { value }) if value.is_nan()),
            "{kind:?}"
        );
    }
}
