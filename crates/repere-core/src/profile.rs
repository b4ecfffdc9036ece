//! Profiles: how a grid is weighed and aggregated, its gates and its bands.

use std::collections::HashSet;
use std::fmt;

use crate::problem::{Entry, ItemKind, Measure, ProblemKind, suggestion};
use crate::{Backing, Grid, Id, Path, Problem, Provenance, ScaleKind, Text};

/// How the scores of a node's children are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aggregation {
    /// No aggregate: the node is reported as a profile of its children.
    None,
    /// Weighted arithmetic mean `Σ wᵢ sᵢ / Σ wᵢ`.
    WeightedMean,
    /// Weighted geometric mean `exp(Σ wᵢ ln sᵢ / Σ wᵢ)`, 0 as soon as a weighted child is 0: a
    /// weak child cannot be fully compensated by strong ones.
    WeightedGeometricMean,
    /// The lowest score among children of positive weight: no compensation at all.
    Minimum,
}

impl Aggregation {
    /// Every aggregation, in order.
    pub const ALL: &'static [Aggregation] = &[
        Aggregation::None,
        Aggregation::WeightedMean,
        Aggregation::WeightedGeometricMean,
        Aggregation::Minimum,
    ];

    /// The stable name used in files: `none`, `weighted-mean`, `weighted-geometric-mean`,
    /// `minimum`.
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::None => "none",
            Aggregation::WeightedMean => "weighted-mean",
            Aggregation::WeightedGeometricMean => "weighted-geometric-mean",
            Aggregation::Minimum => "minimum",
        }
    }

    /// Combines `(score, weight)` pairs; `None` when there is nothing to combine (no pair of
    /// positive weight), when a weight is infinite, or when the rule is [`Aggregation::None`].
    ///
    /// Pairs whose weight is not positive (0, negative or NaN) are left out. Only the ratios of
    /// the weights matter: before anything is summed, the weights are multiplied by the power
    /// of two that brings the largest into `[1, 2)`. This is exact, so weights of any magnitude
    /// give the same result as the same weights scaled to ordinary numbers: `[5e-324, 5e-324]`
    /// weighs like `[1, 1]` (the products `w × s` of such weights would underflow), and
    /// `[1e308, 1e308, 1e308]` like `[1, 1, 1]` (their sum would overflow). A weight more than
    /// 2¹⁰⁷⁴ times smaller than the largest counts as 0.
    ///
    /// ```
    /// use repere_core::Aggregation;
    /// let xs = [(1.0, 1.0), (0.5, 3.0)];
    /// assert_eq!(Aggregation::WeightedMean.apply(&xs), Some(0.625));
    /// assert_eq!(Aggregation::Minimum.apply(&xs), Some(0.5));
    /// // Tiny weights: only their ratio matters.
    /// let tiny = [(1.0, 5e-324), (0.375, 5e-324)];
    /// assert_eq!(Aggregation::WeightedMean.apply(&tiny), Some(0.6875));
    /// ```
    pub fn apply(self, terms: &[(f64, f64)]) -> Option<f64> {
        let live = || terms.iter().filter(|(_, w)| *w > 0.0);
        let scale = WeightScale::of(live().map(|(_, w)| *w))?;
        let total: f64 = live().map(|(_, w)| scale.apply(*w)).sum();
        let value = match self {
            Aggregation::None => return None,
            Aggregation::WeightedMean => {
                live().map(|(s, w)| s * scale.apply(*w)).sum::<f64>() / total
            }
            Aggregation::WeightedGeometricMean => {
                if live().any(|(s, _)| *s <= 0.0) {
                    0.0
                } else {
                    (live().map(|(s, w)| scale.apply(*w) * s.ln()).sum::<f64>() / total).exp()
                }
            }
            Aggregation::Minimum => live().map(|(s, _)| *s).fold(f64::INFINITY, f64::min),
        };
        // Rounding can leave a mean a hair outside the children's range: clamp it back.
        let lo = live().map(|(s, _)| *s).fold(f64::INFINITY, f64::min);
        let hi = live().map(|(s, _)| *s).fold(f64::NEG_INFINITY, f64::max);
        Some(value.clamp(lo, hi))
    }
}

/// The exact rescaling of a set of weights before they are summed: multiplication by the
/// power of two `2^-e` that brings the largest weight into `[1, 2)`.
///
/// Multiplying by a power of two is exact (a weight more than 2¹⁰⁷⁴ times smaller than the
/// largest becomes 0), so the rescaled weights have the ratios of the weights given, and every
/// sum, product and quotient computed from them is the one computed from the same weights of
/// ordinary magnitude, bit for bit: weights that are all multiplied by one power of two give
/// the same scores, and ordinary weights give the scores they gave before rescaling existed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WeightScale {
    /// `e`: the largest weight lies in `[2^e, 2^(e+1))`.
    exponent: i32,
}

impl WeightScale {
    /// The scale of the positive weights among `weights`; `None` when there is none or one is
    /// infinite (NaN, zero and negative weights are ignored).
    pub(crate) fn of(weights: impl Iterator<Item = f64>) -> Option<Self> {
        let mut largest = 0.0f64;
        for w in weights {
            if w > largest {
                largest = w;
            }
        }
        (largest > 0.0 && largest.is_finite()).then(|| Self {
            exponent: crate::float::exponent(largest),
        })
    }

    /// `w · 2^-e`, exact unless it falls below the smallest subnormal number.
    pub(crate) fn apply(self, w: f64) -> f64 {
        crate::float::scale_by_pow2(w, -self.exponent)
    }
}

impl crate::Vocabulary for Aggregation {
    const ALL: &'static [Self] = Aggregation::ALL;
    const WHAT: &'static str = "Aggregation";
    fn as_str(self) -> &'static str {
        Aggregation::as_str(self)
    }
}

impl fmt::Display for Aggregation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Aggregation {
    type Err = crate::UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| crate::UnknownName {
                found: s.to_owned(),
                expected: Self::ALL.iter().map(|a| a.as_str()).collect(),
            })
    }
}

/// What a gate compares a criterion's rating with.
#[derive(Debug, Clone, PartialEq)]
pub enum Threshold {
    /// A level of the criterion's ordinal scale: the gate fires when the rating is below it.
    Level(Id),
    /// A normalised score in [0, 1]: the gate fires when the criterion's score is below it.
    Score(f64),
}

/// What a gate limits.
#[derive(Debug, Clone, PartialEq)]
pub enum GateTarget {
    /// One dimension's score.
    Dimension(Id),
    /// The overall score.
    Overall,
}

/// How far a gate limits its target.
#[derive(Debug, Clone, PartialEq)]
pub enum Cap {
    /// The target's score cannot exceed this normalised score.
    Score(f64),
    /// The target cannot be in a band above this one: its score is capped at the band's upper
    /// bound and its band at this band.
    Band(Id),
}

/// A gate (or cap): "if independence is below level 1, the dimension cannot exceed 0.5".
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// The criterion whose rating is tested.
    pub criterion: Id,
    /// The gate fires when the criterion is rated below this.
    pub below: Threshold,
    /// What it limits.
    pub target: GateTarget,
    /// How far.
    pub cap: Cap,
    /// Why the gate exists, for reports.
    pub reason: Text,
    /// How the gate (its threshold and cap) is backed; when it says nothing, it inherits the
    /// profile's provenance (see [`Profile::gate_provenance`]).
    pub backing: Backing,
}

/// A band turns a score into a label and a colour. A band covers the scores from its `min` up
/// to the next band's `min` (the last band up to 1 included).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// The band's id.
    pub id: Id,
    /// Its label.
    pub label: Text,
    /// The lowest score in the band; the first band starts at 0.
    pub min: f64,
    /// A colour as `#rrggbb`.
    pub color: String,
}

/// How to weigh and aggregate a grid. Weights belong to a profile, not to the grid: different
/// kinds of process value different things.
///
/// A criterion or dimension absent from the weight lists weighs 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The profile's id.
    pub id: Id,
    /// A short name.
    pub label: Text,
    /// What the profile is for.
    pub description: Text,
    /// Where the weights come from (a source, a committee's choice); required when any weight
    /// differs from 1, so that no weighting goes unexplained.
    pub weights_source: Option<Text>,
    /// How well the profile is backed by the sources.
    pub provenance: Provenance,
    /// How the weights are backed (besides `weights_source`, which says in words where they
    /// come from); when it says nothing, they inherit the profile's provenance.
    pub weights_backing: Backing,
    /// How the bands (as a set: their bounds and labels) are backed; when it says nothing,
    /// they inherit the profile's provenance.
    pub bands_backing: Backing,
    /// How each dimension combines its criteria, unless overridden.
    pub dimension_rule: Aggregation,
    /// Per-dimension overrides of `dimension_rule`.
    pub dimension_rules: Vec<(Id, Aggregation)>,
    /// How dimensions combine into the overall score.
    pub overall: Aggregation,
    /// Criterion weights within their dimension.
    pub criterion_weights: Vec<(Id, f64)>,
    /// Dimension weights within the overall score.
    pub dimension_weights: Vec<(Id, f64)>,
    /// Gates and caps, applied after aggregation.
    pub gates: Vec<Gate>,
    /// Bands for dimension and overall scores, lowest first; empty for none.
    pub bands: Vec<Band>,
    /// The share of applicable criteria a dimension needs rated to get a score (0 to 1).
    pub min_completeness: f64,
}

impl Profile {
    /// The built-in default profile of a grid: each dimension is the unweighted mean of its
    /// rated criteria; no overall score, no gates, no bands.
    ///
    /// Most sources report a profile per criterion and per dimension rather than one number;
    /// the default follows them. An overall score is always an explicit choice of a profile.
    pub fn default_for(grid: &Grid) -> Self {
        let lang = grid.default_lang().clone();
        let mut label = Text::new(lang, "Default profile (dimension means, no overall score)");
        if grid.default_lang().as_str() != "fr" {
            label.insert(
                crate::Lang::fr(),
                "Profil par défaut (moyennes par dimension, pas de note globale)",
            );
        } else {
            label.insert(
                crate::Lang::en(),
                "Default profile (dimension means, no overall score)",
            );
            label.insert(
                crate::Lang::fr(),
                "Profil par défaut (moyennes par dimension, pas de note globale)",
            );
        }
        Self {
            id: Id::new("default").unwrap_or_else(|_| grid.id().clone()),
            label,
            description: Text::empty(),
            weights_source: None,
            provenance: Provenance::Illustrative,
            weights_backing: Backing::default(),
            bands_backing: Backing::default(),
            dimension_rule: Aggregation::WeightedMean,
            dimension_rules: Vec::new(),
            overall: Aggregation::None,
            criterion_weights: Vec::new(),
            dimension_weights: Vec::new(),
            gates: Vec::new(),
            bands: Vec::new(),
            min_completeness: 0.0,
        }
    }

    /// The rule of a dimension.
    pub fn rule_for(&self, dimension: &Id) -> Aggregation {
        self.dimension_rules
            .iter()
            .find(|(d, _)| d == dimension)
            .map_or(self.dimension_rule, |(_, a)| *a)
    }

    /// The weight of a criterion (1 when not listed).
    pub fn criterion_weight(&self, criterion: &Id) -> f64 {
        self.criterion_weights
            .iter()
            .find(|(c, _)| c == criterion)
            .map_or(1.0, |(_, w)| *w)
    }

    /// The weight of a dimension (1 when not listed).
    pub fn dimension_weight(&self, dimension: &Id) -> f64 {
        self.dimension_weights
            .iter()
            .find(|(d, _)| d == dimension)
            .map_or(1.0, |(_, w)| *w)
    }

    /// The provenance of the weights: their own, or else the profile's (inherited).
    pub fn weights_provenance(&self) -> Provenance {
        self.weights_backing.effective_provenance(self.provenance)
    }

    /// The provenance of the bands: their own, or else the profile's (inherited).
    pub fn bands_provenance(&self) -> Provenance {
        self.bands_backing.effective_provenance(self.provenance)
    }

    /// The provenance of a gate: its own, or else the profile's (inherited).
    pub fn gate_provenance(&self, gate: &Gate) -> Provenance {
        gate.backing.effective_provenance(self.provenance)
    }

    /// The band a score falls in.
    pub fn band_of(&self, score: f64) -> Option<&Band> {
        self.bands.iter().rev().find(|b| score >= b.min)
    }

    /// The upper bound of a band: the next band's `min`, or 1 for the last.
    pub fn band_upper(&self, band: &Id) -> Option<f64> {
        let i = self.bands.iter().position(|b| &b.id == band)?;
        Some(self.bands.get(i + 1).map_or(1.0, |b| b.min))
    }

    /// Checks the profile against a grid, reporting every problem at once.
    pub fn validate(&self, grid: &Grid) -> Result<(), crate::Problems> {
        let mut problems = Vec::new();
        self.problems_for(grid, &Path::root(), &mut problems);
        crate::Problems::check(problems)
    }

    /// Checks the profile against a grid (which may be being validated), the problems located
    /// under `path`.
    pub(crate) fn problems_for(&self, grid: &Grid, path: &Path, out: &mut Vec<Problem>) {
        for (d, _) in &self.dimension_rules {
            if grid.dimension(d.as_str()).is_none() {
                out.push(unknown_dimension(
                    grid,
                    path.key("dimension-rules").id(d),
                    d,
                ));
            }
        }
        let weights = self.weight_problems(grid, path, out);
        if weights.any_set && self.weights_source.as_ref().is_none_or(Text::is_empty) {
            out.push(Problem::new(
                path.key("weights-source"),
                ProblemKind::WeightsUnsourced,
            ));
        }
        self.aggregation_problems(grid, &weights, path, out);
        if !(0.0..=1.0).contains(&self.min_completeness) {
            out.push(Problem::new(
                path.key("min-completeness"),
                ProblemKind::OutOfRange {
                    what: Measure::Share,
                    value: self.min_completeness,
                    min: 0.0,
                    max: 1.0,
                },
            ));
        }
        self.band_problems(path, out);
        for (i, g) in self.gates.iter().enumerate() {
            self.gate_problems(grid, g, &path.key("gates").index(i), out);
        }
        self.backing_problems(grid, path, out);
    }

    /// The sources cited by the weights, the gates and the bands are sources of the grid.
    fn backing_problems(&self, grid: &Grid, path: &Path, out: &mut Vec<Problem>) {
        let known: Vec<&str> = grid.sources().iter().map(|s| s.id.as_str()).collect();
        let cited = |b: &Backing, p: Path, out: &mut Vec<Problem>| {
            crate::grid::check_cited(&b.sources, &known, &p, out);
        };
        cited(&self.weights_backing, path.key("weights-sources"), out);
        cited(&self.bands_backing, path.key("bands-sources"), out);
        for (i, g) in self.gates.iter().enumerate() {
            cited(&g.backing, path.key("gates").index(i).key("sources"), out);
        }
    }

    /// Problems with the weight lists: unknown or repeated ids, weights that are negative or
    /// not finite. Returns the weights as they apply.
    fn weight_problems(&self, grid: &Grid, path: &Path, out: &mut Vec<Problem>) -> Weights {
        let criteria = WeightList {
            key: "criterion-weights",
            of: ItemKind::Criterion,
            slots: vec![None; grid.criterion_count()],
        }
        .check(&self.criterion_weights, grid, path, out);
        let dimensions = WeightList {
            key: "dimension-weights",
            of: ItemKind::Dimension,
            slots: vec![None; grid.dimensions().len()],
        }
        .check(&self.dimension_weights, grid, path, out);
        Weights {
            any_set: criteria.1 || dimensions.1,
            criteria: criteria.0,
            dimensions: dimensions.0,
        }
    }

    /// Problems that make an aggregate impossible: a dimension whose criteria all weigh 0, an
    /// overall score over dimensions without scores or all weighing 0.
    ///
    /// Any finite non-negative weights can be aggregated, whatever their magnitude:
    /// aggregation rescales them exactly before summing ([`WeightScale`]), so no sum of
    /// weights can overflow (`1e308` three times) or products underflow (`5e-324`).
    fn aggregation_problems(
        &self,
        grid: &Grid,
        weights: &Weights,
        path: &Path,
        out: &mut Vec<Problem>,
    ) {
        let mut offset = 0;
        for dim in grid.dimensions() {
            let criteria = &weights.criteria[offset..offset + dim.criteria.len()];
            offset += dim.criteria.len();
            let rule = self.rule_for(&dim.id);
            if rule != Aggregation::None && criteria.iter().all(|w| *w == 0.0) {
                out.push(Problem::new(
                    path.key("criterion-weights"),
                    ProblemKind::CriteriaWeighZero {
                        dimension: dim.id.clone(),
                    },
                ));
            }
            if self.overall != Aggregation::None && rule == Aggregation::None {
                out.push(Problem::new(
                    path.key("overall"),
                    ProblemKind::DimensionNotAggregated {
                        dimension: dim.id.clone(),
                    },
                ));
            }
        }
        if self.overall != Aggregation::None && weights.dimensions.iter().all(|w| *w == 0.0) {
            out.push(Problem::new(
                path.key("dimension-weights"),
                ProblemKind::DimensionsWeighZero,
            ));
        }
    }

    /// Problems with one gate (at `gp`): its criterion, threshold, target and cap.
    fn gate_problems(&self, grid: &Grid, g: &Gate, gp: &Path, out: &mut Vec<Problem>) {
        match grid.criterion(g.criterion.as_str()) {
            None => out.push(unknown_criterion(grid, gp.key("criterion"), &g.criterion)),
            Some((_, c)) => threshold_problems(grid, c, &g.below, gp, out),
        }
        match &g.target {
            GateTarget::Dimension(d) => {
                if grid.dimension(d.as_str()).is_none() {
                    out.push(unknown_dimension(grid, gp.key("dimension"), d));
                }
            }
            GateTarget::Overall => {
                if self.overall == Aggregation::None {
                    out.push(Problem::new(gp.key("target"), ProblemKind::NoOverallScore));
                }
            }
        }
        match &g.cap {
            Cap::Score(s) => check_unit(*s, gp.key("cap"), out),
            Cap::Band(b) => {
                if !self.bands.iter().any(|x| &x.id == b) {
                    out.push(Problem::new(
                        gp.key("cap-band"),
                        ProblemKind::UnknownReference {
                            what: ItemKind::Band,
                            id: b.clone(),
                            suggestion: suggestion(
                                b.as_str(),
                                self.bands.iter().map(|b| b.id.as_str()),
                            ),
                        },
                    ));
                }
            }
        }
    }

    fn band_problems(&self, path: &Path, out: &mut Vec<Problem>) {
        for (i, b) in self.bands.iter().enumerate() {
            let bp = path.key("bands").id(&b.id);
            if self.bands[..i].iter().any(|o| o.id == b.id) {
                out.push(Problem::new(
                    bp.clone(),
                    ProblemKind::DuplicateId {
                        what: ItemKind::Band,
                        id: b.id.clone(),
                    },
                ));
            }
            if i == 0 && b.min != 0.0 {
                out.push(Problem::new(
                    bp.key("min"),
                    ProblemKind::FirstBandAboveZero { min: b.min },
                ));
            }
            if !(0.0..=1.0).contains(&b.min) {
                out.push(Problem::new(
                    bp.key("min"),
                    ProblemKind::OutOfRange {
                        what: Measure::Score,
                        value: b.min,
                        min: 0.0,
                        max: 1.0,
                    },
                ));
            } else if i > 0 && b.min <= self.bands[i - 1].min {
                out.push(Problem::new(
                    bp.key("min"),
                    ProblemKind::BandsNotIncreasing {
                        min: b.min,
                        previous: self.bands[i - 1].min,
                    },
                ));
            }
            let c = b.color.as_bytes();
            if c.len() != 7 || c[0] != b'#' || !c[1..].iter().all(u8::is_ascii_hexdigit) {
                out.push(Problem::new(
                    bp.key("color"),
                    ProblemKind::InvalidColor {
                        found: b.color.clone(),
                    },
                ));
            }
        }
    }
}

/// The weights of a profile as they apply to a grid: per criterion in grid order and per
/// dimension, as listed (the first of duplicates) or 1.
struct Weights {
    criteria: Vec<f64>,
    dimensions: Vec<f64>,
    /// Whether any weight differs from 1.
    any_set: bool,
}

/// One weight list of a profile being checked: each listed weight goes to its criterion's
/// position (in grid order) or its dimension's; the first of duplicates wins, as in
/// [`Profile::criterion_weight`].
struct WeightList {
    /// The list's key.
    key: &'static str,
    /// What it weighs: criteria or dimensions.
    of: ItemKind,
    /// Per criterion or dimension, its weight once listed.
    slots: Vec<Option<f64>>,
}

impl WeightList {
    /// Problems with the list: unknown or repeated ids, weights negative or not finite.
    /// Returns the weights (1 when not listed) and whether any differs from 1.
    fn check(
        mut self,
        list: &[(Id, f64)],
        grid: &Grid,
        path: &Path,
        out: &mut Vec<Problem>,
    ) -> (Vec<f64>, bool) {
        let mut any_set = false;
        let mut unknown = HashSet::new();
        let mut next = 0;
        for (id, w) in list {
            // Paths are built only for problems: most weights have none.
            let p = || path.key(self.key).id(id);
            let index = match self.of {
                ItemKind::Dimension => grid.dimensions().iter().position(|d| d.id == *id),
                _ => grid.criterion_index(id.as_str(), next),
            };
            let first = match index {
                None => {
                    out.push(match self.of {
                        ItemKind::Dimension => unknown_dimension(grid, p(), id),
                        _ => unknown_criterion(grid, p(), id),
                    });
                    unknown.insert(id.as_str())
                }
                Some(i) => {
                    next = i + 1;
                    let first = self.slots[i].is_none();
                    if first {
                        self.slots[i] = Some(*w);
                    }
                    first
                }
            };
            if !first {
                out.push(Problem::new(
                    p(),
                    ProblemKind::Repeated {
                        what: Entry::Weight,
                        id: id.clone(),
                    },
                ));
            }
            if !w.is_finite() || *w < 0.0 {
                out.push(Problem::new(p(), ProblemKind::InvalidWeight { weight: *w }));
            } else if *w != 1.0 {
                any_set = true;
            }
        }
        let weights = self.slots.into_iter().map(|w| w.unwrap_or(1.0)).collect();
        (weights, any_set)
    }
}

/// A gate's threshold against its criterion `c`: a level of its scale, or a score from 0 to 1.
fn threshold_problems(
    grid: &Grid,
    c: &crate::Criterion,
    below: &Threshold,
    gp: &Path,
    out: &mut Vec<Problem>,
) {
    // In a grid being validated, the criterion's scale may be unknown: the grid reports it,
    // and the level cannot be checked.
    match (below, grid.scale(c.scale.as_str())) {
        (Threshold::Level(_), None) => {}
        (Threshold::Level(l), Some(scale)) => {
            if !matches!(scale.kind, ScaleKind::Ordinal(_)) {
                out.push(Problem::new(
                    gp.key("below"),
                    ProblemKind::ThresholdWithoutLevels {
                        criterion: c.id.clone(),
                        scale_kind: scale.kind_name(),
                    },
                ));
            } else if scale.level(l.as_str()).is_none() {
                out.push(Problem::new(
                    gp.key("below"),
                    ProblemKind::UnknownThresholdLevel {
                        level: l.clone(),
                        scale: scale.id.clone(),
                        criterion: c.id.clone(),
                        suggestion: suggestion(
                            l.as_str(),
                            scale.levels().iter().map(|l| l.id.as_str()),
                        ),
                    },
                ));
            }
        }
        (Threshold::Score(s), _) => check_unit(*s, gp.key("below"), out),
    }
}

/// An unknown dimension of `grid`, with the closest one.
fn unknown_dimension(grid: &Grid, path: Path, id: &Id) -> Problem {
    Problem::new(
        path,
        ProblemKind::UnknownReference {
            what: ItemKind::Dimension,
            id: id.clone(),
            suggestion: suggestion(id.as_str(), grid.dimensions().iter().map(|d| d.id.as_str())),
        },
    )
}

/// An unknown criterion of `grid`, with the closest one.
fn unknown_criterion(grid: &Grid, path: Path, id: &Id) -> Problem {
    Problem::new(
        path,
        ProblemKind::UnknownReference {
            what: ItemKind::Criterion,
            id: id.clone(),
            suggestion: suggestion(id.as_str(), grid.criteria().map(|(_, c)| c.id.as_str())),
        },
    )
}

impl Profile {
    /// The weight of every criterion of a grid, in grid order, and of every dimension: as
    /// listed (the first of duplicates, as [`Profile::criterion_weight`]), or 1.
    pub(crate) fn resolved_weights(&self, grid: &Grid) -> (Vec<f64>, Vec<f64>) {
        let mut criteria = vec![None; grid.criterion_count()];
        let mut next = 0;
        for (id, w) in &self.criterion_weights {
            if let Some(i) = grid.criterion_index(id.as_str(), next) {
                criteria[i].get_or_insert(*w);
                next = i + 1;
            }
        }
        let mut dimensions = vec![None; grid.dimensions().len()];
        for (id, w) in &self.dimension_weights {
            if let Some(i) = grid.dimensions().iter().position(|d| d.id == *id) {
                dimensions[i].get_or_insert(*w);
            }
        }
        let or_one = |ws: Vec<Option<f64>>| ws.into_iter().map(|w| w.unwrap_or(1.0)).collect();
        (or_one(criteria), or_one(dimensions))
    }
}

fn check_unit(x: f64, path: Path, out: &mut Vec<Problem>) {
    if !(x.is_finite() && (0.0..=1.0).contains(&x)) {
        out.push(Problem::new(
            path,
            ProblemKind::OutOfRange {
                what: Measure::Score,
                value: x,
                min: 0.0,
                max: 1.0,
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregations_by_hand() {
        // (0.2 × 1 + 0.8 × 3) / 4 = 2.6 / 4 = 0.65
        let xs = [(0.2, 1.0), (0.8, 3.0)];
        assert!((Aggregation::WeightedMean.apply(&xs).unwrap() - 0.65).abs() < 1e-12);
        // exp((ln 0.2 + 3 ln 0.8) / 4) = (0.2 × 0.512)^(1/4) = 0.1024^(0.25) = 0.5657
        let g = Aggregation::WeightedGeometricMean.apply(&xs).unwrap();
        assert!((g - 0.1024f64.powf(0.25)).abs() < 1e-12);
        assert_eq!(Aggregation::Minimum.apply(&xs), Some(0.2));
        assert_eq!(Aggregation::None.apply(&xs), None);
        // zero weights are ignored, a zero score nullifies the geometric mean
        assert_eq!(
            Aggregation::Minimum.apply(&[(0.0, 0.0), (0.5, 1.0)]),
            Some(0.5)
        );
        assert_eq!(
            Aggregation::WeightedGeometricMean.apply(&[(0.0, 1.0), (1.0, 1.0)]),
            Some(0.0)
        );
        assert_eq!(Aggregation::WeightedMean.apply(&[(0.3, 0.0)]), None);
        assert_eq!(Aggregation::WeightedMean.apply(&[]), None);
    }
}
