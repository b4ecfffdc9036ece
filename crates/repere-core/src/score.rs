//! Scoring: from an assessment, a grid and a profile to a scorecard with its trace.

use std::fmt;

use crate::assessment::Given;
use crate::{
    Aggregation, Assessment, Cap, Grid, GridRef, Id, Phase, Problems, Profile, Provenance,
    RatingValue, Role, ScaleKind, Text, Threshold, Value, profile::WeightScale, scale::fmt_number,
};

/// Scores at or above this are listed as strengths.
pub const STRENGTH_AT: f64 = 0.75;
/// Scores at or below this are listed as weaknesses.
pub const WEAKNESS_AT: f64 = 0.25;

/// The computed result of one assessment.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Scorecard {
    /// The grid scored against.
    pub grid: GridRef,
    /// The profile used.
    pub profile: Id,
    /// The assessment's phase.
    pub phase: Phase,
    /// The assessor's role.
    pub role: Role,
    /// Per criterion, in grid order.
    pub criteria: Vec<CriterionScore>,
    /// Per dimension, in grid order.
    pub dimensions: Vec<DimensionScore>,
    /// The overall result, when the profile aggregates dimensions.
    pub overall: Option<Aggregate>,
    /// Completeness over the whole grid.
    pub completeness: Completeness,
    /// Criteria scoring at least [`STRENGTH_AT`], best first.
    pub strengths: Vec<Id>,
    /// Criteria scoring at most [`WEAKNESS_AT`], weakest first.
    pub weaknesses: Vec<Id>,
}

impl Scorecard {
    /// The score of a criterion.
    pub fn criterion(&self, id: &str) -> Option<&CriterionScore> {
        self.criteria.iter().find(|c| c.id.as_str() == id)
    }

    /// The score of a dimension.
    pub fn dimension(&self, id: &str) -> Option<&DimensionScore> {
        self.dimensions.iter().find(|d| d.id.as_str() == id)
    }
}

/// One criterion's result.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CriterionScore {
    /// The criterion.
    pub id: Id,
    /// Its dimension.
    pub dimension: Id,
    /// What the rating was and what it scores.
    pub status: CriterionStatus,
    /// Its weight in the profile.
    pub weight: f64,
    /// The target set at framing and the gap to it.
    pub target: Option<TargetGap>,
    /// The next level up and its descriptor: what would improve the rating.
    pub next_level: Option<NextLevel>,
    /// How well the criterion is backed by the sources.
    pub provenance: Provenance,
}

impl CriterionScore {
    /// The normalised score, when rated.
    pub fn score(&self) -> Option<f64> {
        match self.status {
            CriterionStatus::Rated { score, .. } => Some(score),
            _ => None,
        }
    }
}

/// A criterion's outcome in a scorecard.
#[derive(Debug, Clone, PartialEq)]
pub enum CriterionStatus {
    /// Rated on its scale.
    Rated {
        /// The value given.
        value: Value,
        /// Its normalised score, from 0 to 1.
        score: f64,
        /// The label of the value on its scale, in the grid's default language.
        label: std::sync::Arc<str>,
    },
    /// Not applicable.
    NotApplicable {
        /// Why: the assessor's reason, or that the criterion is not rated at this phase.
        reason: NotApplicableReason,
    },
    /// Applicable but not assessed.
    NotAssessed,
}

/// Why a criterion does not apply to an assessment.
///
/// `Display` gives the assessor's reason as written, or in English that the criterion is not
/// rated at the phase (`not rated at the framing phase`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotApplicableReason {
    /// The assessor rated it not applicable, for this reason (their words).
    Assessor(String),
    /// The grid does not rate the criterion at the assessment's phase
    /// ([`Criterion::phases`](crate::Criterion::phases)).
    Phase(Phase),
}

impl NotApplicableReason {
    /// Whether the criterion does not apply because of the phase rather than the assessor's
    /// say.
    pub fn by_phase(&self) -> bool {
        matches!(self, NotApplicableReason::Phase(_))
    }
}

impl fmt::Display for NotApplicableReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotApplicableReason::Assessor(reason) => f.write_str(reason),
            NotApplicableReason::Phase(phase) => write!(f, "not rated at the {phase} phase"),
        }
    }
}

/// A target and the gap to it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetGap {
    /// The value aimed at.
    pub value: Value,
    /// Its normalised score.
    pub score: f64,
    /// Achieved score minus target score, when rated: negative below the ambition.
    pub gap: Option<f64>,
}

/// The next level up on an ordinal scale, as an improvement hint.
#[derive(Debug, Clone, PartialEq)]
pub struct NextLevel {
    /// The level.
    pub level: Id,
    /// Its label.
    pub label: Text,
    /// The criterion's own descriptor of it, or else the scale's.
    pub descriptor: Text,
}

/// How many criteria were rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Completeness {
    /// Criteria rated on their scale.
    pub rated: usize,
    /// Criteria that apply (all but the not-applicable ones).
    pub applicable: usize,
    /// All criteria.
    pub total: usize,
}

impl Completeness {
    /// `rated / applicable`, or 1 when nothing applies.
    pub fn ratio(&self) -> f64 {
        if self.applicable == 0 {
            1.0
        } else {
            self.rated as f64 / self.applicable as f64
        }
    }
}

/// One dimension's result.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DimensionScore {
    /// The dimension.
    pub id: Id,
    /// Its weight in the overall score.
    pub weight: f64,
    /// How many of its criteria were rated.
    pub completeness: Completeness,
    /// Its aggregate (no score when the profile does not aggregate it).
    pub aggregate: Aggregate,
}

impl DimensionScore {
    /// The dimension's score, if the profile aggregates it and enough criteria are rated.
    pub fn score(&self) -> Option<f64> {
        self.aggregate.score
    }
}

/// An aggregated result: a dimension's or the overall one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Aggregate {
    /// The final score, after gates.
    pub score: Option<f64>,
    /// The band the final score falls in (capped by band gates).
    pub band: Option<Id>,
    /// The gates that fired.
    pub gates: Vec<FiredGate>,
    /// How the score was obtained.
    pub trace: Trace,
}

/// A gate that fired.
#[derive(Debug, Clone, PartialEq)]
pub struct FiredGate {
    /// The gate's position in the profile's list.
    pub gate: usize,
    /// The criterion tested.
    pub criterion: Id,
    /// Its score.
    pub criterion_score: f64,
    /// The score it had to reach.
    pub threshold: f64,
    /// The cap on the target's score.
    pub cap: f64,
    /// The band cap, for band gates.
    pub band_cap: Option<Id>,
    /// Whether the cap lowered the score (it may have been below the cap already) or, for a
    /// band cap, the band (a score exactly at the band's upper bound keeps its value but drops
    /// to the capped band).
    pub binding: bool,
}

/// How an aggregate was computed: enough to redo it by hand.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Trace {
    /// The aggregation rule.
    pub rule: Aggregation,
    /// The inputs that entered the computation.
    pub terms: Vec<Term>,
    /// The inputs left out, and why.
    pub excluded: Vec<Excluded>,
    /// The result of the rule, before gates.
    pub raw: Option<f64>,
    /// Why there is no score, when there is none.
    pub no_score: Option<NoScore>,
}

/// One input of an aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The criterion or dimension.
    pub id: Id,
    /// Its score.
    pub score: f64,
    /// Its weight in the profile.
    pub weight: f64,
    /// Its share of the weights that entered: `weight / Σ weights` (renormalised).
    pub share: f64,
}

/// An input left out of an aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct Excluded {
    /// The criterion or dimension.
    pub id: Id,
    /// Why.
    pub why: Exclusion,
}

/// Why an input was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Exclusion {
    /// Not applicable (weights are renormalised over the rest).
    NotApplicable,
    /// Not assessed.
    NotAssessed,
    /// Its weight is 0.
    ZeroWeight,
    /// A dimension with no score.
    NoScore,
}

/// Why an aggregate has no score.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum NoScore {
    /// The profile does not aggregate this node.
    NotAggregated,
    /// No input was rated (or every rated input weighs 0).
    NothingRated,
    /// Fewer criteria were rated than the profile's minimum completeness.
    Incomplete {
        /// The share rated.
        ratio: f64,
        /// The share required.
        required: f64,
    },
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Exclusion::NotApplicable => "not applicable",
            Exclusion::NotAssessed => "not assessed",
            Exclusion::ZeroWeight => "weight 0",
            Exclusion::NoScore => "no score",
        })
    }
}

impl Trace {
    /// The unit in which the trace's text shows the weights: 1 (the weights as given), or the
    /// largest weight when the weights are too small or too large to show with three decimals
    /// (the largest below 0.001 or from 10¹⁵ on, such as `5e-324` or `1e308`), in which case
    /// the text shows every weight divided by it, after `(weights ÷ …)`.
    ///
    /// Only the ratios of weights matter (see [`Aggregation::apply`]): a text that divides
    /// them by the largest can still be redone by hand, where the weights as given would show
    /// as 0, or their sum as infinite. The [`Term::weight`]s are always the profile's.
    ///
    /// The unit is 1 for the minimum and when there are no terms.
    pub fn weight_unit(&self) -> f64 {
        if !matches!(
            self.rule,
            Aggregation::WeightedMean | Aggregation::WeightedGeometricMean
        ) {
            return 1.0;
        }
        let largest = self.terms.iter().map(|t| t.weight).fold(0.0, f64::max);
        if largest > 0.0 && largest.is_finite() && !(1e-3..1e15).contains(&largest) {
            largest
        } else {
            1.0
        }
    }
}

/// The words a trace's text is written with. The core writes English
/// ([`TraceWords::ENGLISH`], used by `Display`); a report passes the words of its language, so
/// that the computation is written out in one place only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TraceWords<'a> {
    /// The names of the rules: no aggregation, weighted mean, weighted geometric mean,
    /// minimum.
    pub rules: [&'a str; 4],
    /// `weights`, as in `(weights ÷ 5e-324)`.
    pub weights: &'a str,
    /// Between the parts of the line: `; `.
    pub separator: &'a str,
    /// Between the scores of a minimum: `, `.
    pub list_separator: &'a str,
    /// `nothing rated`.
    pub nothing_rated: &'a str,
    /// `no score: rated / required`, followed by the two percentages.
    pub rated_required: &'a str,
    /// `excluded:`.
    pub excluded: &'a str,
    /// Why an input is left out: not applicable, not assessed, weight 0, no score.
    pub exclusions: [&'a str; 4],
    /// Whether numbers are written with a decimal comma (`0,5`).
    pub decimal_comma: bool,
}

impl TraceWords<'static> {
    /// English.
    pub const ENGLISH: Self = Self {
        rules: [
            "no aggregation",
            "weighted mean",
            "weighted geometric mean",
            "minimum",
        ],
        weights: "weights",
        separator: "; ",
        list_separator: ", ",
        nothing_rated: "nothing rated",
        rated_required: "no score: rated / required",
        excluded: "excluded:",
        exclusions: ["not applicable", "not assessed", "weight 0", "no score"],
        decimal_comma: false,
    };

    /// French.
    pub const FRENCH: Self = Self {
        rules: [
            "pas d'agrégation",
            "moyenne pondérée",
            "moyenne géométrique pondérée",
            "minimum",
        ],
        weights: "poids",
        separator: " ; ",
        list_separator: " ; ",
        nothing_rated: "rien de noté",
        rated_required: "pas de score : notés / requis",
        excluded: "exclus :",
        exclusions: ["sans objet", "non évalué", "poids nul", "pas de score"],
        decimal_comma: true,
    };
}

impl Trace {
    /// The computation in one line, in the words given, such as
    /// `weighted mean = (1 × 0.667 + 2 × 1) / 3 = 0.889; excluded: c3 (not applicable)`.
    /// Weights too small or too large to show are shown divided by the largest
    /// ([`Trace::weight_unit`]), such as
    /// `weighted mean (weights ÷ 5e-324) = (1 × 1 + 1 × 0.375) / 2 = 0.688`.
    pub fn text(&self, words: &TraceWords<'_>) -> String {
        let mut s = self.computation(words);
        match self.no_score {
            Some(NoScore::NothingRated) => {
                s.push_str(words.separator);
                s.push_str(words.nothing_rated);
            }
            Some(NoScore::Incomplete { ratio, required }) => s.push_str(&format!(
                "{}{} {:.0} % / {:.0} %",
                words.separator,
                words.rated_required,
                ratio * 100.0,
                required * 100.0
            )),
            _ => {}
        }
        if !self.excluded.is_empty() {
            let parts: Vec<String> = self
                .excluded
                .iter()
                .map(|e| {
                    let why = match e.why {
                        Exclusion::NotApplicable => words.exclusions[0],
                        Exclusion::NotAssessed => words.exclusions[1],
                        Exclusion::ZeroWeight => words.exclusions[2],
                        Exclusion::NoScore => words.exclusions[3],
                    };
                    format!("{} ({why})", e.id)
                })
                .collect();
            s.push_str(&format!(
                "{}{} {}",
                words.separator,
                words.excluded,
                parts.join(", ")
            ));
        }
        s
    }

    /// The rule and its computation, without what was left out.
    fn computation(&self, words: &TraceWords<'_>) -> String {
        let n = |x: f64| {
            let s = fmt_number(x);
            if words.decimal_comma {
                s.replace('.', ",")
            } else {
                s
            }
        };
        let name = words.rules[match self.rule {
            Aggregation::None => 0,
            Aggregation::WeightedMean => 1,
            Aggregation::WeightedGeometricMean => 2,
            Aggregation::Minimum => 3,
        }];
        // Weights too small or too large to show are shown divided by the largest.
        let unit = self.weight_unit();
        let weight = |t: &Term| {
            if unit == 1.0 {
                t.weight
            } else {
                t.weight / unit
            }
        };
        let total: f64 = self.terms.iter().map(weight).sum();
        let name = if unit == 1.0 {
            name.to_owned()
        } else {
            format!("{name} ({} ÷ {unit:e})", words.weights)
        };
        let terms = |term: &dyn Fn(&Term) -> String, sep: &str| {
            self.terms.iter().map(term).collect::<Vec<_>>().join(sep)
        };
        match (self.rule, self.raw) {
            (Aggregation::WeightedMean, Some(r)) => {
                let parts = terms(&|t| format!("{} × {}", n(weight(t)), n(t.score)), " + ");
                format!("{name} = ({parts}) / {} = {}", n(total), n(r))
            }
            (Aggregation::WeightedGeometricMean, Some(r)) => {
                let parts = terms(&|t| format!("{}^{}", n(t.score), n(weight(t))), " × ");
                format!("{name} = ({parts})^(1/{}) = {}", n(total), n(r))
            }
            (Aggregation::Minimum, Some(r)) => {
                let parts = terms(&|t| n(t.score), words.list_separator);
                format!("{name} = min({parts}) = {}", n(r))
            }
            _ => name,
        }
    }
}

impl fmt::Display for Trace {
    /// The computation in one line, in English ([`Trace::text`] with
    /// [`TraceWords::ENGLISH`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(&TraceWords::ENGLISH))
    }
}

/// Why an assessment could not be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScoreError {
    /// The profile does not fit the grid.
    #[error("the profile does not fit the grid: {0}")]
    Profile(Problems),
    /// The assessment does not fit the grid.
    #[error("the assessment does not fit the grid: {0}")]
    Assessment(Problems),
}

/// A grid and a profile checked against each other once, ready to score many assessments.
///
/// ```
/// # use repere_core::*;
/// # let id = |s: &str| Id::new(s).unwrap();
/// # let en = |s: &str| Text::new(Lang::en(), s);
/// # let mut draft = GridDraft::new(id("demo"), "1", en("Demo"), Lang::en());
/// # draft.scales.push(Scale { id: id("pct"), label: en("%"), kind: ScaleKind::Percentage });
/// # let mut dim = Dimension::new(id("info"), en("Information"));
/// # dim.criteria.push(Criterion::new(id("aware"), en("Awareness"), id("pct")));
/// # draft.dimensions.push(dim);
/// # let grid = Grid::new(draft)?;
/// let profile = grid.default_profile();
/// let scorer = Scorer::new(&grid, &profile)?;
/// let assessor = Assessor { name: "CPDP".into(), role: Role::Guarantor, organisation: None };
/// let mut a = Assessment::new(GridRef::to(&grid), Process::default(), Phase::Closing, assessor);
/// a.process.name = "Public debate".into();
/// a.ratings.push(Rating::new(id("aware"), RatingValue::Rated(Value::Number(22.0))));
/// let card = scorer.score(&a)?;
/// assert_eq!(card.dimension("info").unwrap().score(), Some(0.22));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scorer<'a> {
    grid: &'a Grid,
    profile: &'a Profile,
    /// Flat criterion index of each dimension's first criterion.
    offsets: Vec<usize>,
    weights: Vec<f64>,
    rules: Vec<Aggregation>,
    dim_weights: Vec<f64>,
    /// Per gate, the threshold as a normalised score.
    thresholds: Vec<f64>,
    /// Per gate, the flat index of its criterion.
    gate_criteria: Vec<Option<usize>>,
    /// Per criterion, the labels of its scale's levels in the default language (shared by the
    /// criteria of one scale), so that scoring a level allocates nothing.
    level_labels: Vec<std::sync::Arc<[std::sync::Arc<str>]>>,
}

impl<'a> Scorer<'a> {
    /// Checks the profile against the grid and prepares the scoring; a profile that does not
    /// fit the grid is [`ScoreError::Profile`], the same error type as [`Scorer::score`]'s.
    pub fn new(grid: &'a Grid, profile: &'a Profile) -> Result<Self, ScoreError> {
        profile.validate(grid).map_err(ScoreError::Profile)?;
        let (weights, dim_weights) = profile.resolved_weights(grid);
        let mut offsets = Vec::with_capacity(grid.dimensions().len());
        let mut offset = 0;
        for d in grid.dimensions() {
            offsets.push(offset);
            offset += d.criteria.len();
        }
        let rules = grid
            .dimensions()
            .iter()
            .map(|d| profile.rule_for(&d.id))
            .collect();
        let lang = grid.default_lang();
        let mut by_scale: Vec<(&Id, std::sync::Arc<[std::sync::Arc<str>]>)> = Vec::new();
        let level_labels = grid
            .criteria()
            .map(|(_, c)| {
                if let Some((_, labels)) = by_scale.iter().find(|(id, _)| **id == c.scale) {
                    return labels.clone();
                }
                let labels: std::sync::Arc<[std::sync::Arc<str>]> = grid
                    .scale_of(c)
                    .levels()
                    .iter()
                    .map(|l| std::sync::Arc::from(l.label.get(lang, lang)))
                    .collect();
                by_scale.push((&c.scale, labels.clone()));
                labels
            })
            .collect();
        let thresholds = profile
            .gates
            .iter()
            .map(|g| match &g.below {
                Threshold::Score(s) => *s,
                Threshold::Level(l) => grid
                    .criterion(g.criterion.as_str())
                    .and_then(|(_, c)| grid.scale_of(c).normalise(&Value::Level(l.clone())).ok())
                    .unwrap_or(0.0),
            })
            .collect();
        let gate_criteria = profile
            .gates
            .iter()
            .map(|g| grid.locate(g.criterion.as_str(), 0).map(|(i, ..)| i))
            .collect();
        Ok(Self {
            grid,
            profile,
            offsets,
            weights,
            rules,
            dim_weights,
            thresholds,
            gate_criteria,
            level_labels,
        })
    }

    /// The grid it scores against.
    pub fn grid(&self) -> &'a Grid {
        self.grid
    }

    /// The profile it scores with.
    pub fn profile(&self) -> &'a Profile {
        self.profile
    }

    /// Scores an assessment, after checking it against the grid.
    pub fn score(&self, assessment: &Assessment) -> Result<Scorecard, ScoreError> {
        // One pass checks the assessment and gathers each criterion's rating and target.
        let (problems, given) = assessment.check(self.grid);
        Problems::check(problems).map_err(ScoreError::Assessment)?;
        Ok(self.score_valid(assessment, &given))
    }

    fn score_valid(&self, a: &Assessment, given: &[Given<'_>]) -> Scorecard {
        let mut criteria = Vec::with_capacity(self.weights.len());
        criteria.extend(
            self.grid
                .criteria()
                .zip(given)
                .enumerate()
                .map(|(i, ((dim, crit), given))| {
                    self.criterion_score(i, dim, crit, given, a.phase)
                }),
        );
        // Scratch space for the (score, weight) pairs of each aggregate.
        let mut pairs = Vec::new();
        let dimensions = self.dimension_scores(&criteria, &mut pairs);
        let overall = self.overall_score(&dimensions, &criteria, &mut pairs);
        let (strengths, weaknesses) = strengths_and_weaknesses(&criteria);
        Scorecard {
            grid: GridRef::to(self.grid),
            profile: self.profile.id.clone(),
            phase: a.phase,
            role: a.assessor.role,
            completeness: completeness(&criteria),
            strengths,
            weaknesses,
            criteria,
            dimensions,
            overall,
        }
    }

    /// The result of the criterion at flat index `i`, from its rating and target as given.
    fn criterion_score(
        &self,
        i: usize,
        dim: &crate::Dimension,
        crit: &crate::Criterion,
        given: &Given<'_>,
        phase: Phase,
    ) -> CriterionScore {
        let (status, next) = self.status(i, crit, given, phase);
        let score = match &status {
            CriterionStatus::Rated { score, .. } => Some(*score),
            _ => None,
        };
        let scale = self.grid.scale_at(i);
        let target = given.target.and_then(|v| {
            let t = scale.normalise(v).ok()?;
            Some(TargetGap {
                value: v.clone(),
                score: t,
                gap: score.map(|s| s - t),
            })
        });
        let next_level = next.map(|next| NextLevel {
            level: next.id.clone(),
            label: next.label.clone(),
            descriptor: crit
                .rubric_for(&next.id)
                .unwrap_or(&next.descriptor)
                .clone(),
        });
        CriterionScore {
            id: crit.id.clone(),
            dimension: dim.id.clone(),
            status,
            weight: self.weights[i],
            target,
            next_level,
            provenance: crit.provenance,
        }
    }

    /// The status of the criterion at flat index `i` and, when rated on an ordinal scale, the
    /// level above its rating.
    fn status<'s>(
        &'s self,
        i: usize,
        crit: &crate::Criterion,
        given: &Given<'_>,
        phase: Phase,
    ) -> (CriterionStatus, Option<&'s crate::Level>) {
        match given.rating {
            Some(RatingValue::Rated(v)) => {
                let scale = self.grid.scale_at(i);
                let lang = self.grid.default_lang();
                // Validation gave the score and, for a level, its position: the label and the
                // next level follow without another lookup.
                let (score, pos) = given.scored.unwrap_or((0.0, None));
                let (label, next) = match (&scale.kind, pos) {
                    (ScaleKind::Ordinal(levels), Some(pos)) => {
                        (self.level_labels[i][pos].clone(), levels.get(pos + 1))
                    }
                    _ => (scale.value_label(v, lang, lang).into(), None),
                };
                let value = v.clone();
                (
                    CriterionStatus::Rated {
                        value,
                        score,
                        label,
                    },
                    next,
                )
            }
            Some(RatingValue::NotApplicable { reason }) => (
                CriterionStatus::NotApplicable {
                    reason: NotApplicableReason::Assessor(reason.clone()),
                },
                None,
            ),
            _ if !crit.applies_at(phase) => (
                CriterionStatus::NotApplicable {
                    reason: NotApplicableReason::Phase(phase),
                },
                None,
            ),
            _ => (CriterionStatus::NotAssessed, None),
        }
    }

    /// Each dimension's result, from its criteria's.
    fn dimension_scores(
        &self,
        criteria: &[CriterionScore],
        pairs: &mut Vec<(f64, f64)>,
    ) -> Vec<DimensionScore> {
        let mut dimensions = Vec::with_capacity(self.grid.dimensions().len());
        for (d, dim) in self.grid.dimensions().iter().enumerate() {
            let span = self.offsets[d]..self.offsets[d] + dim.criteria.len();
            let slice = &criteria[span.clone()];
            let completeness = completeness(slice);
            let (terms, excluded) = criterion_terms(slice, &self.weights[span]);
            let required = self.profile.min_completeness;
            let blocked = (completeness.ratio() < required).then_some(NoScore::Incomplete {
                ratio: completeness.ratio(),
                required,
            });
            let aggregate = self.aggregate(
                self.rules[d],
                terms,
                excluded,
                blocked,
                |g| matches!(&g.target, crate::GateTarget::Dimension(t) if *t == dim.id),
                criteria,
                pairs,
            );
            dimensions.push(DimensionScore {
                id: dim.id.clone(),
                weight: self.dim_weights[d],
                completeness,
                aggregate,
            });
        }
        dimensions
    }

    /// The overall result, when the profile aggregates dimensions.
    fn overall_score(
        &self,
        dimensions: &[DimensionScore],
        criteria: &[CriterionScore],
        pairs: &mut Vec<(f64, f64)>,
    ) -> Option<Aggregate> {
        if self.profile.overall == Aggregation::None {
            return None;
        }
        let mut terms = Vec::with_capacity(dimensions.len());
        let mut excluded = Vec::new();
        for (dim, w) in dimensions.iter().zip(&self.dim_weights) {
            match (dim.score(), *w > 0.0) {
                (Some(s), true) => terms.push(term(&dim.id, s, *w)),
                (Some(_), false) => excluded.push(Excluded {
                    id: dim.id.clone(),
                    why: Exclusion::ZeroWeight,
                }),
                (None, _) => excluded.push(Excluded {
                    id: dim.id.clone(),
                    why: Exclusion::NoScore,
                }),
            }
        }
        Some(self.aggregate(
            self.profile.overall,
            terms,
            excluded,
            None,
            |g| matches!(g.target, crate::GateTarget::Overall),
            criteria,
            pairs,
        ))
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one private helper for dimensions and the overall score"
    )]
    fn aggregate(
        &self,
        rule: Aggregation,
        mut terms: Vec<Term>,
        excluded: Vec<Excluded>,
        blocked: Option<NoScore>,
        targets_me: impl Fn(&crate::Gate) -> bool,
        criteria: &[CriterionScore],
        pairs: &mut Vec<(f64, f64)>,
    ) -> Aggregate {
        pairs.clear();
        pairs.extend(terms.iter().map(|t| (t.score, t.weight)));
        let raw = if rule == Aggregation::None || blocked.is_some() {
            None
        } else {
            rule.apply(pairs)
        };
        let no_score = match (rule, blocked, raw) {
            (Aggregation::None, _, _) => Some(NoScore::NotAggregated),
            (_, Some(b), _) => Some(b),
            (_, None, None) => Some(NoScore::NothingRated),
            _ => None,
        };
        // Shares from the weights rescaled as the rule rescales them: exact ratios, whatever
        // the magnitude of the weights (terms all weigh more than 0).
        if let Some(scale) = WeightScale::of(terms.iter().map(|t| t.weight)) {
            let total: f64 = terms.iter().map(|t| scale.apply(t.weight)).sum();
            for t in &mut terms {
                t.share = scale.apply(t.weight) / total;
            }
        }
        let trace = Trace {
            rule,
            terms,
            excluded,
            raw,
            no_score,
        };
        let mut score = raw;
        let mut band_cap: Option<usize> = None;
        let mut gates = Vec::new();
        if let Some(raw) = raw {
            for (gi, gate) in self.profile.gates.iter().enumerate() {
                if !targets_me(gate) {
                    continue;
                }
                let Some(cs) = self.gate_criteria[gi].and_then(|i| criteria[i].score()) else {
                    continue;
                };
                let threshold = self.thresholds[gi];
                if cs >= threshold {
                    continue;
                }
                let current = score.unwrap_or(raw);
                let (cap, band, binding) = match &gate.cap {
                    Cap::Score(c) => (*c, None, current > *c),
                    Cap::Band(b) => {
                        let pos = self.profile.bands.iter().position(|x| &x.id == b);
                        if let Some(p) = pos {
                            band_cap = Some(band_cap.map_or(p, |q: usize| q.min(p)));
                        }
                        let cap = self.profile.band_upper(b).unwrap_or(1.0);
                        // A score exactly at the cap (the next band's `min`) is not lowered,
                        // but its band is: the gate binds unless the band is the last one.
                        let below_last = pos.is_some_and(|p| p + 1 < self.profile.bands.len());
                        (
                            cap,
                            Some(b.clone()),
                            current > cap || (below_last && current >= cap),
                        )
                    }
                };
                gates.push(FiredGate {
                    gate: gi,
                    criterion: gate.criterion.clone(),
                    criterion_score: cs,
                    threshold,
                    cap,
                    band_cap: band,
                    binding,
                });
                score = Some(current.min(cap));
            }
        }
        let band = score.and_then(|s| {
            let mut pos = self.profile.bands.iter().rposition(|b| s >= b.min)?;
            if let Some(c) = band_cap {
                pos = pos.min(c);
            }
            Some(self.profile.bands[pos].id.clone())
        });
        Aggregate {
            score,
            band,
            gates,
            trace,
        }
    }
}

/// A term of an aggregate, its share to be set once the total weight is known.
fn term(id: &Id, score: f64, weight: f64) -> Term {
    Term {
        id: id.clone(),
        score,
        weight,
        share: 0.0,
    }
}

/// The terms of a dimension's aggregate (its rated criteria of positive weight) and the
/// criteria left out, with why.
fn criterion_terms(criteria: &[CriterionScore], weights: &[f64]) -> (Vec<Term>, Vec<Excluded>) {
    let mut terms = Vec::with_capacity(criteria.len());
    let mut excluded = Vec::new();
    for (c, w) in criteria.iter().zip(weights) {
        let why = match (&c.status, *w > 0.0) {
            (CriterionStatus::Rated { score, .. }, true) => {
                terms.push(term(&c.id, *score, *w));
                continue;
            }
            (CriterionStatus::Rated { .. }, false) => Exclusion::ZeroWeight,
            (CriterionStatus::NotApplicable { .. }, _) => Exclusion::NotApplicable,
            (CriterionStatus::NotAssessed, _) => Exclusion::NotAssessed,
        };
        excluded.push(Excluded {
            id: c.id.clone(),
            why,
        });
    }
    (terms, excluded)
}

/// The criteria scoring at least [`STRENGTH_AT`], best first, and at most [`WEAKNESS_AT`],
/// weakest first (ties in grid order).
fn strengths_and_weaknesses(criteria: &[CriterionScore]) -> (Vec<Id>, Vec<Id>) {
    let mut strengths: Vec<(f64, usize)> = Vec::with_capacity(criteria.len());
    let mut weaknesses: Vec<(f64, usize)> = Vec::with_capacity(criteria.len());
    for (i, c) in criteria.iter().enumerate() {
        if let Some(s) = c.score() {
            if s >= STRENGTH_AT {
                strengths.push((s, i));
            }
            if s <= WEAKNESS_AT {
                weaknesses.push((s, i));
            }
        }
    }
    // The positions make every key distinct: an unstable sort gives the one order.
    strengths.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    weaknesses.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let ids = |v: Vec<(f64, usize)>| v.iter().map(|&(_, i)| criteria[i].id.clone()).collect();
    (ids(strengths), ids(weaknesses))
}

fn completeness(criteria: &[CriterionScore]) -> Completeness {
    let mut c = Completeness {
        total: criteria.len(),
        ..Completeness::default()
    };
    for k in criteria {
        match k.status {
            CriterionStatus::Rated { .. } => {
                c.rated += 1;
                c.applicable += 1;
            }
            CriterionStatus::NotAssessed => c.applicable += 1,
            CriterionStatus::NotApplicable { .. } => {}
        }
    }
    c
}

/// Scores an assessment with a profile, or with the grid's default profile when `profile` is
/// `None`.
pub fn score(
    grid: &Grid,
    profile: Option<&Profile>,
    assessment: &Assessment,
) -> Result<Scorecard, ScoreError> {
    let default;
    let profile = match profile {
        Some(p) => p,
        None => {
            default = grid.default_profile();
            &default
        }
    };
    Scorer::new(grid, profile)?.score(assessment)
}
