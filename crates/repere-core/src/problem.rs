//! Validation problems, each located by a path in the grid, profile or assessment.

use std::fmt;

use crate::{Date, Id, IdError, Lang, ValueError};

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Segment {
    /// A named field, such as `scale`.
    Key(&'static str),
    /// An element of a list of identified items, named by its id, such as `[inclusion]`.
    Id(String),
    /// An element of a list by position, such as `[2]`.
    Index(usize),
}

/// Where a problem is, for example `dimensions[inclusion].criteria[diversity].scale`.
///
/// Elements of identified lists are named by their id, so that a loader can find the item in
/// its source file and a person can find it in the grid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(Vec<Segment>);

impl Path {
    /// The empty path (the document itself).
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path followed by a field.
    #[must_use]
    pub fn key(&self, key: &'static str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Key(key));
        p
    }

    /// This path followed by an identified element.
    #[must_use]
    pub fn id(&self, id: impl fmt::Display) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Id(id.to_string()));
        p
    }

    /// This path followed by an element by position.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    /// This path followed by the steps of `other`.
    #[must_use]
    pub fn join(&self, other: &Path) -> Self {
        let mut p = self.clone();
        p.0.extend(other.0.iter().cloned());
        p
    }

    /// The steps of the path.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Id(id) => write!(f, "[{id}]")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One validation problem: where it is and what is wrong.
///
/// What is wrong is a [`ProblemKind`], with the ids and numbers involved as fields, so that a
/// program can tell problems apart (and word them in its own language) without reading text.
/// [`Problem::message`] and [`Problem::help`] give the English wording.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where the problem is.
    pub path: Path,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem of this kind at `path`.
    pub fn new(path: Path, kind: ProblemKind) -> Self {
        Self { path, kind }
    }

    /// What is wrong, in English: what was found and what was expected.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// A suggestion in English, such as a close known name (`did you mean`), when there is an
    /// obvious one.
    pub fn help(&self) -> Option<String> {
        self.kind.help()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)?;
        if let Some(h) = self.kind.help() {
            write!(f, " (help: {h})")?;
        }
        Ok(())
    }
}

/// The kinds of identified items of grids and profiles, as named in problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ItemKind {
    /// A source of the grid.
    Source,
    /// A scale of the grid.
    Scale,
    /// A level of an ordinal scale.
    Level,
    /// A dimension of the grid.
    Dimension,
    /// A criterion of the grid.
    Criterion,
    /// A profile of the grid.
    Profile,
    /// A band of a profile.
    Band,
    /// A question of a survey.
    Question,
}

impl ItemKind {
    /// The item's name in English messages: `source`, `scale`, `level`, `dimension`,
    /// `criterion`, `profile`, `band`.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Source => "source",
            ItemKind::Scale => "scale",
            ItemKind::Level => "level",
            ItemKind::Dimension => "dimension",
            ItemKind::Criterion => "criterion",
            ItemKind::Profile => "profile",
            ItemKind::Band => "band",
            ItemKind::Question => "question",
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Entries about an item that may be given once only (see [`ProblemKind::Repeated`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Entry {
    /// A criterion's own descriptor of a level (its rubric), by level id.
    Descriptor,
    /// A criterion or dimension weight of a profile, by criterion or dimension id.
    Weight,
    /// An assessment's rating of a criterion, by criterion id.
    Rating,
    /// An assessment's target for a criterion, by criterion id.
    Target,
}

/// What a number that must lie in a range measures (see [`ProblemKind::OutOfRange`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Measure {
    /// A share, such as a profile's minimum completeness.
    Share,
    /// A normalised score, such as a gate's threshold or cap or a band's `min`.
    Score,
}

/// Whose name must not be empty (see [`ProblemKind::EmptyName`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NameOf {
    /// The assessor's.
    Assessor,
    /// The assessed process's.
    Process,
}

/// What is wrong, with what was found: the kinds of problems validation reports.
///
/// `Display` gives the English message; [`ProblemKind::help`] the English suggestion, if any.
/// Ids are those of the grid, profile or assessment validated; suggestions are the closest
/// known id (see [`closest`](crate::closest)) when the given one looks misspelled. Numbers
/// compare as `f64` does: a problem that reports a NaN is not equal to itself.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A text that must be an identifier or a language tag is not one.
    InvalidId(IdError),
    /// Two items of one kind have the same id; reported at the later one.
    DuplicateId {
        /// The kind of items.
        what: ItemKind,
        /// The repeated id.
        id: Id,
    },
    /// Two criteria have the same id (criterion ids are unique in the whole grid); reported at
    /// the later one.
    DuplicateCriterion {
        /// The repeated id.
        id: Id,
        /// The dimension of the first criterion with this id.
        dimension: Id,
    },
    /// Something said about an item more than once; reported at the later statement.
    Repeated {
        /// What was repeated.
        what: Entry,
        /// The item it is about (a level, a criterion, a dimension).
        id: Id,
    },
    /// A reference to an item that does not exist.
    UnknownReference {
        /// The kind of item referred to.
        what: ItemKind,
        /// The id given.
        id: Id,
        /// The closest existing id, if the given one looks misspelled.
        suggestion: Option<Id>,
    },
    /// A criterion's rubric describes a level that its scale does not have.
    UnknownRubricLevel {
        /// The level named.
        level: Id,
        /// The criterion's scale.
        scale: Id,
        /// The closest level of the scale, if the given one looks misspelled.
        suggestion: Option<Id>,
    },
    /// A criterion gives the provenance or sources of a level descriptor that its rubric does
    /// not have (a scale's descriptor is backed on the scale's level).
    BackingWithoutDescriptor {
        /// The level named.
        level: Id,
        /// The criterion.
        criterion: Id,
        /// The closest level the rubric describes, if the given one looks misspelled.
        suggestion: Option<Id>,
    },
    /// A gate's threshold names a level that its criterion's scale does not have.
    UnknownThresholdLevel {
        /// The level named.
        level: Id,
        /// The criterion's scale.
        scale: Id,
        /// The criterion the gate tests.
        criterion: Id,
        /// The closest level of the scale, if the given one looks misspelled.
        suggestion: Option<Id>,
    },
    /// An assessment rates, or sets a target for, a criterion that its grid does not have.
    NotInGrid {
        /// The grid.
        grid: Id,
        /// The criterion named.
        criterion: Id,
        /// The closest criterion of the grid, if the given one looks misspelled.
        suggestion: Option<Id>,
    },
    /// A grid version that is empty, too long or contains spaces.
    InvalidVersion {
        /// The version given.
        found: String,
    },
    /// A text of the grid has no version in the grid's default language.
    MissingTranslation {
        /// The grid's default language.
        lang: Lang,
        /// A language the text does exist in, if any.
        available: Option<Lang>,
    },
    /// A grid without dimensions.
    NoDimensions,
    /// A dimension without criteria.
    NoCriteria {
        /// The dimension.
        dimension: Id,
    },
    /// An ordinal scale with fewer than two levels.
    TooFewLevels {
        /// How many levels it has.
        found: usize,
    },
    /// A level whose value is not greater than the value of the level before it.
    LevelsNotIncreasing {
        /// The level's value.
        value: i64,
        /// The value of the level before it.
        previous: i64,
        /// The level's position in the scale, from 1.
        position: usize,
    },
    /// A range scale with a bound that is not a finite number.
    RangeNotFinite {
        /// The lowest value given.
        min: f64,
        /// The highest value given.
        max: f64,
    },
    /// A range scale whose `max` is not greater than its `min`.
    RangeNotIncreasing {
        /// The lowest value given.
        min: f64,
        /// The highest value given.
        max: f64,
    },
    /// A range scale so wide that `max − min` is not a finite number.
    RangeTooWide {
        /// The lowest value given.
        min: f64,
        /// The highest value given.
        max: f64,
    },
    /// A weight that is negative or not a finite number.
    InvalidWeight {
        /// The weight given.
        weight: f64,
    },
    /// A profile that sets weights without saying where they come from.
    WeightsUnsourced,
    /// Every criterion of an aggregated dimension weighs 0.
    CriteriaWeighZero {
        /// The dimension.
        dimension: Id,
    },
    /// Every dimension weighs 0 while the profile computes an overall score.
    DimensionsWeighZero,
    /// The profile computes an overall score, but a dimension has no score (its rule is
    /// [`Aggregation::None`](crate::Aggregation::None)).
    DimensionNotAggregated {
        /// The dimension.
        dimension: Id,
    },
    /// A number outside the range it must lie in.
    OutOfRange {
        /// What the number measures.
        what: Measure,
        /// The number given.
        value: f64,
        /// The lowest accepted value.
        min: f64,
        /// The highest accepted value.
        max: f64,
    },
    /// A profile's first band does not start at 0.
    FirstBandAboveZero {
        /// The band's `min`.
        min: f64,
    },
    /// A band whose `min` is not greater than the `min` of the band before it.
    BandsNotIncreasing {
        /// The band's `min`.
        min: f64,
        /// The `min` of the band before it.
        previous: f64,
    },
    /// A colour that is not `#rrggbb`.
    InvalidColor {
        /// The colour given.
        found: String,
    },
    /// A gate's threshold is a level, but its criterion's scale has no levels.
    ThresholdWithoutLevels {
        /// The criterion the gate tests.
        criterion: Id,
        /// The kind of its scale ([`Scale::kind_name`](crate::Scale::kind_name)).
        scale_kind: &'static str,
    },
    /// A gate caps the overall score, but the profile computes none.
    NoOverallScore,
    /// An assessment names another grid than the one it is checked against.
    OtherGrid {
        /// The grid the assessment names.
        named: Id,
        /// The grid it is checked against.
        grid: Id,
    },
    /// An assessment names another version of the grid it is checked against.
    OtherVersion {
        /// The grid.
        grid: Id,
        /// The version the assessment names.
        named: String,
        /// The grid's version.
        version: String,
    },
    /// An assessment records another content hash than the grid's: the grid changed since.
    GridChanged {
        /// The grid.
        grid: Id,
        /// Its version.
        version: String,
        /// Its content hash now.
        hash: String,
        /// The content hash the assessment recorded.
        recorded: String,
    },
    /// A name that must not be empty is empty.
    EmptyName {
        /// Whose name.
        of: NameOf,
    },
    /// A process that ends before it starts.
    EndsBeforeStart {
        /// When it starts.
        start: Date,
        /// When it ends.
        end: Date,
    },
    /// A rated value or a target that does not fit the criterion's scale.
    Value(ValueError),
    /// A criterion rated not applicable without a reason.
    NoReason,
    /// A survey question's answer scale has too few or too many points, or labels that do
    /// not match its points.
    BadAnswerScale {
        /// The question.
        question: Id,
    },
    /// A survey question counts as favourable an answer its scale does not have.
    AnswerOutsideScale {
        /// The question.
        question: Id,
        /// The answer given.
        answer: u32,
        /// The lowest answer of the scale.
        min: u32,
        /// The highest.
        max: u32,
    },
    /// A survey's thresholds into levels must start at 0 and increase, within 0 to 100.
    ThresholdsNotIncreasing {
        /// The threshold.
        value: f64,
        /// The one before it, if any.
        previous: Option<f64>,
    },
}

impl ProblemKind {
    /// A suggestion in English, when there is an obvious one: a close known name, or what to
    /// do.
    pub fn help(&self) -> Option<String> {
        let similar = |what: &str, s: &Option<Id>| {
            s.as_ref()
                .map(|s| format!("a {what} with a similar name exists: `{s}`"))
        };
        match self {
            ProblemKind::UnknownReference {
                what, suggestion, ..
            } => similar(what.as_str(), suggestion),
            ProblemKind::UnknownRubricLevel { suggestion, .. }
            | ProblemKind::BackingWithoutDescriptor { suggestion, .. }
            | ProblemKind::UnknownThresholdLevel { suggestion, .. } => similar("level", suggestion),
            ProblemKind::NotInGrid { suggestion, .. } => similar("criterion", suggestion),
            ProblemKind::Value(ValueError::UnknownLevel { suggestion, .. }) => {
                similar("level", suggestion)
            }
            ProblemKind::MissingTranslation {
                lang,
                available: Some(other),
            } => Some(format!(
                "the text exists in `{other}`; add its `{lang}` version"
            )),
            ProblemKind::LevelsNotIncreasing { position, .. } => Some(format!(
                "list levels lowest first; level {position} is out of order"
            )),
            ProblemKind::WeightsUnsourced => Some(
                "add `weights-source`: a source, a committee decision, or \"illustrative\""
                    .to_owned(),
            ),
            ProblemKind::DimensionNotAggregated { .. } => {
                Some("give every dimension an aggregation, or set `overall = \"none\"`".to_owned())
            }
            ProblemKind::GridChanged { .. } => Some(
                "check the ratings against the grid as it is now, then update or remove `hash`"
                    .to_owned(),
            ),
            ProblemKind::NoReason => {
                Some("say why the criterion does not apply to this process".to_owned())
            }
            ProblemKind::BadAnswerScale { .. } => Some(
                "a Likert scale has 2 to 11 points (and one label per point, or none); a choice has 2 options or more".to_owned(),
            ),
            ProblemKind::ThresholdsNotIncreasing { .. } => Some(
                "list thresholds lowest first, the first `at-least = 0`, in percent".to_owned(),
            ),
            _ => None,
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::InvalidId(e) => write!(f, "{e}"),
            ProblemKind::DuplicateId { what, id } => write!(f, "duplicate {what} id `{id}`"),
            ProblemKind::DuplicateCriterion { id, dimension } => write!(
                f,
                "duplicate criterion id `{id}`: it is already used in dimension `{dimension}`"
            ),
            ProblemKind::Repeated { what, id } => match what {
                Entry::Descriptor => write!(f, "level `{id}` is described twice"),
                Entry::Weight => write!(f, "`{id}` is weighted twice"),
                Entry::Rating => write!(f, "criterion `{id}` is rated twice"),
                Entry::Target => write!(f, "criterion `{id}` has two targets"),
            },
            ProblemKind::UnknownReference { what, id, .. } => write!(f, "unknown {what} `{id}`"),
            ProblemKind::UnknownRubricLevel { level, scale, .. } => write!(
                f,
                "the rubric names level `{level}`, which scale `{scale}` does not have"
            ),
            ProblemKind::BackingWithoutDescriptor {
                level, criterion, ..
            } => write!(
                f,
                "the provenance of level `{level}`'s descriptor is given, but criterion \
                 `{criterion}` has no descriptor of its own for that level"
            ),
            ProblemKind::UnknownThresholdLevel {
                level,
                scale,
                criterion,
                ..
            } => write!(
                f,
                "scale `{scale}` of criterion `{criterion}` has no level `{level}`"
            ),
            ProblemKind::NotInGrid {
                grid, criterion, ..
            } => write!(f, "grid `{grid}` has no criterion `{criterion}`"),
            ProblemKind::InvalidVersion { found } => write!(
                f,
                "`{found}` is not a version: expected a short version without spaces, such as `1.0.0`"
            ),
            ProblemKind::MissingTranslation { lang, .. } => write!(
                f,
                "a text in the grid's default language `{lang}` is required"
            ),
            ProblemKind::NoDimensions => f.write_str("a grid needs at least one dimension"),
            ProblemKind::NoCriteria { dimension } => {
                write!(f, "dimension `{dimension}` has no criteria")
            }
            ProblemKind::TooFewLevels { found } => write!(
                f,
                "an ordinal scale needs at least two levels, found {found}"
            ),
            ProblemKind::LevelsNotIncreasing {
                value, previous, ..
            } => write!(
                f,
                "level values must increase strictly from the lowest level, found {value} after {previous}"
            ),
            ProblemKind::RangeNotFinite { min, max } => write!(
                f,
                "range bounds must be finite numbers, found {min} and {max}"
            ),
            ProblemKind::RangeNotIncreasing { min, max } => write!(
                f,
                "`max` must be greater than `min`, found min = {min} and max = {max}"
            ),
            ProblemKind::RangeTooWide { min, max } => write!(
                f,
                "the range from {min} to {max} is too wide: `max − min` must be a finite number"
            ),
            ProblemKind::InvalidWeight { weight } => {
                write!(f, "weights must be finite and non-negative, found {weight}")
            }
            ProblemKind::WeightsUnsourced => {
                f.write_str("the profile sets weights but does not say where they come from")
            }
            ProblemKind::CriteriaWeighZero { dimension } => write!(
                f,
                "every criterion of dimension `{dimension}` weighs 0: it cannot be aggregated"
            ),
            ProblemKind::DimensionsWeighZero => {
                f.write_str("every dimension weighs 0: the overall score cannot be aggregated")
            }
            ProblemKind::DimensionNotAggregated { dimension } => write!(
                f,
                "the overall score aggregates dimensions, but dimension `{dimension}` has no score (rule `none`)"
            ),
            ProblemKind::OutOfRange {
                what,
                value,
                min,
                max,
            } => {
                let what = match what {
                    Measure::Share => "share",
                    Measure::Score => "score",
                };
                write!(f, "expected a {what} from {min} to {max}, found {value}")
            }
            ProblemKind::FirstBandAboveZero { min } => write!(
                f,
                "the first band must start at 0 so that every score has a band, found {min}"
            ),
            ProblemKind::BandsNotIncreasing { min, previous } => write!(
                f,
                "bands must be listed lowest first with increasing `min`, found {min} after {previous}"
            ),
            ProblemKind::InvalidColor { found } => write!(
                f,
                "`{found}` is not a colour: expected `#rrggbb`, such as `#2e7d32`"
            ),
            ProblemKind::ThresholdWithoutLevels {
                criterion,
                scale_kind,
            } => write!(
                f,
                "criterion `{criterion}` is rated on a {scale_kind} scale, which has no levels: give `below` as a score from 0 to 1"
            ),
            ProblemKind::NoOverallScore => {
                f.write_str("the gate caps the overall score, but the profile computes none")
            }
            ProblemKind::OtherGrid { named, grid } => {
                write!(f, "the assessment is for grid `{named}`, not `{grid}`")
            }
            ProblemKind::OtherVersion {
                grid,
                named,
                version,
            } => write!(
                f,
                "the assessment is for version `{named}` of grid `{grid}`, not version `{version}`"
            ),
            ProblemKind::GridChanged {
                grid,
                version,
                hash,
                recorded,
            } => write!(
                f,
                "grid `{grid}` version `{version}` has changed since the assessment was made: its content hash is `{hash}`, the assessment recorded `{recorded}`"
            ),
            ProblemKind::EmptyName { of } => f.write_str(match of {
                NameOf::Assessor => "the assessor's name is empty",
                NameOf::Process => "the process's name is empty",
            }),
            ProblemKind::EndsBeforeStart { start, end } => {
                write!(f, "the process ends ({end}) before it starts ({start})")
            }
            ProblemKind::Value(e) => write!(f, "{e}"),
            ProblemKind::NoReason => f.write_str("a criterion rated not applicable needs a reason"),
            ProblemKind::BadAnswerScale { question } => {
                write!(
                    f,
                    "question `{question}` has an answer scale that cannot be used"
                )
            }
            ProblemKind::AnswerOutsideScale {
                question,
                answer,
                min,
                max,
            } => write!(
                f,
                "question `{question}` counts answer {answer} favourable, but its answers go from {min} to {max}"
            ),
            ProblemKind::ThresholdsNotIncreasing { value, previous } => match previous {
                Some(p) => write!(
                    f,
                    "thresholds must increase from 0 to 100 (percent), found {value} after {p}"
                ),
                None => write!(f, "the first threshold must be 0 (percent), found {value}"),
            },
        }
    }
}

/// The id among `known` closest to `name`, when `name` looks like a misspelling of it.
pub(crate) fn suggestion<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<Id> {
    crate::closest(name, known).and_then(|s| Id::new(s).ok())
}

/// All the problems found while validating something; never empty.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// `Ok(())` when `problems` is empty, the problems otherwise.
    pub fn check(problems: Vec<Problem>) -> Result<(), Problems> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Problems(problems))
        }
    }

    /// The problems, in the order they were found.
    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }

    /// The problems, owned.
    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} problem{}", if n == 1 { "" } else { "s" })?;
        for p in &self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_the_grid() {
        let p = Path::root()
            .key("dimensions")
            .id("inclusion")
            .key("criteria")
            .id("diversity")
            .key("scale");
        assert_eq!(
            p.to_string(),
            "dimensions[inclusion].criteria[diversity].scale"
        );
        assert_eq!(Path::root().key("bands").index(2).to_string(), "bands[2]");
    }
}
