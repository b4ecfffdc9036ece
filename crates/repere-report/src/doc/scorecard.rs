//! The scorecard document ([`ScorecardDoc`]): everything a scorecard report shows, resolved in
//! one language, and its builder. Every output format renders this one document, and the
//! JSON output is this document.

use repere_core::{
    Aggregate, Aggregation, Assessment, Confidence, CriterionStatus, Grid, Iap2Level, Phase,
    ProcessKind, Profile, Provenance, Role, ScoreError, Scorecard, Scorer,
};
use schemars::JsonSchema;
use serde::Serialize;

use super::trace::{TraceDoc, trace_doc};
use crate::code::Code;
use crate::doc::grid::{BackingDoc, MeasureDoc};
use crate::document::{Kind, Report};
use crate::i18n::ReportLang;

/// Why a document was not built: its parts do not belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocError {
    /// The scorecard was computed on another grid (or another version or content of it).
    OtherGrid {
        /// The grid the scorecard names: `id version hash`.
        scorecard: String,
        /// The grid given.
        given: String,
    },
    /// The scorecard was computed with another profile.
    OtherProfile {
        /// The profile the scorecard names.
        scorecard: String,
        /// The profile given.
        given: String,
    },
    /// The scorecard is not the assessment's: another phase or role.
    OtherAssessment,
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocError::OtherGrid { scorecard, given } => write!(
                f,
                "the scorecard was computed on grid {scorecard}, not on the grid given ({given})"
            ),
            DocError::OtherProfile { scorecard, given } => write!(
                f,
                "the scorecard was computed with profile `{scorecard}`, not `{given}`"
            ),
            DocError::OtherAssessment => write!(
                f,
                "the scorecard is not the assessment's (another phase or role)"
            ),
        }
    }
}

impl std::error::Error for DocError {}

/// A scorecard report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ScorecardDoc {
    /// Always `repere-scorecard/1`.
    pub format: String,
    /// The language of labels: `fr` or `en`.
    pub lang: ReportLang,
    /// The grid scored against.
    pub grid: GridDoc,
    /// The profile used.
    pub profile: ProfileDoc,
    /// The process assessed.
    pub process: ProcessDoc,
    /// Who assessed, when, at which phase.
    pub assessment: AssessmentDoc,
    /// Completeness over the whole grid.
    pub completeness: CompletenessDoc,
    /// The overall result, when the profile computes one.
    pub overall: Option<AggregateDoc>,
    /// Per dimension, in grid order.
    pub dimensions: Vec<DimensionDoc>,
    /// Per criterion, in grid order.
    pub criteria: Vec<CriterionDoc>,
    /// Criteria scoring at least 0.75, best first.
    pub strengths: Vec<String>,
    /// Criteria scoring at most 0.25, weakest first.
    pub weaknesses: Vec<String>,
}

/// The grid and its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct GridDoc {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its content hash.
    pub hash: String,
    /// Its title.
    pub title: String,
    /// `sourced`, `partial` or `illustrative`.
    pub provenance: Code<Provenance>,
    /// Its sources.
    pub sources: Vec<SourceDoc>,
}

/// A source.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct SourceDoc {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its URL.
    pub url: Option<String>,
    /// Its year.
    pub year: Option<i32>,
}

/// The profile.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ProfileDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// How dimensions aggregate criteria (default rule).
    pub dimension_rule: Code<Aggregation>,
    /// How the overall score aggregates dimensions.
    pub overall: Code<Aggregation>,
    /// Where its weights come from.
    pub weights_source: Option<String>,
    /// How well the profile (its weights, gates and bands) is backed by its sources.
    pub provenance: Code<Provenance>,
    /// How the weights are backed (inheriting the profile's provenance).
    pub weights: BackingDoc,
    /// How the bands are backed (inheriting the profile's provenance), when there are bands.
    pub bands: Option<BackingDoc>,
}

/// The process.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ProcessDoc {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: Option<Code<ProcessKind>>,
    /// Who runs it.
    pub organiser: Option<String>,
    /// Who commissioned it.
    pub commissioner: Option<String>,
    /// Where.
    pub territory: Option<String>,
    /// Start date.
    pub start: Option<String>,
    /// End date.
    pub end: Option<String>,
    /// Participants.
    pub participants: Option<u64>,
    /// Claimed IAP2 level.
    pub iap2: Option<Code<Iap2Level>>,
    /// Description.
    pub description: Option<String>,
    /// Sources of the facts.
    pub sources: Vec<String>,
}

/// The assessment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentDoc {
    /// The assessor's name.
    pub assessor: String,
    /// The assessor's role.
    pub role: Code<Role>,
    /// Whether the role assesses its own process.
    pub self_assessment: bool,
    /// The assessor's organisation.
    pub organisation: Option<String>,
    /// The phase.
    pub phase: Code<Phase>,
    /// The date.
    pub date: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// Completeness.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CompletenessDoc {
    /// Criteria rated.
    pub rated: usize,
    /// Criteria applicable.
    pub applicable: usize,
    /// All criteria.
    pub total: usize,
    /// rated / applicable.
    pub ratio: f64,
}

/// A band.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct BandDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its colour.
    pub color: String,
}

/// An aggregated result.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AggregateDoc {
    /// The final score, 0 to 1.
    pub score: Option<f64>,
    /// The band.
    pub band: Option<BandDoc>,
    /// The gates that fired.
    pub gates: Vec<GateDoc>,
    /// How the score was obtained.
    pub trace: TraceDoc,
}

/// A gate that fired.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct GateDoc {
    /// The criterion tested.
    pub criterion: String,
    /// Its label.
    pub criterion_label: String,
    /// Its score.
    pub criterion_score: f64,
    /// The threshold it was below.
    pub threshold: f64,
    /// The cap.
    pub cap: f64,
    /// The band cap.
    pub band_cap: Option<String>,
    /// Whether the cap lowered the score.
    pub binding: bool,
    /// Why the gate exists.
    pub reason: Option<String>,
    /// How the gate is backed (inheriting the profile's provenance).
    pub backing: Option<BackingDoc>,
}

/// The status of a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum StatusDoc {
    /// Rated on its scale.
    Rated,
    /// Not applicable (with a reason).
    NotApplicable,
    /// Not assessed.
    NotAssessed,
}

impl StatusDoc {
    /// The stable name: `rated`, `not-applicable`, `not-assessed`.
    pub fn name(self) -> &'static str {
        match self {
            StatusDoc::Rated => "rated",
            StatusDoc::NotApplicable => "not-applicable",
            StatusDoc::NotAssessed => "not-assessed",
        }
    }
}

/// A dimension's result.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DimensionDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its provenance.
    pub provenance: Code<Provenance>,
    /// Its weight in the overall score.
    pub weight: f64,
    /// Completeness.
    pub completeness: CompletenessDoc,
    /// Its aggregate.
    #[serde(flatten)]
    pub aggregate: AggregateDoc,
}

/// A criterion's result.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CriterionDoc {
    /// Its id.
    pub id: String,
    /// Its dimension.
    pub dimension: String,
    /// Its label.
    pub label: String,
    /// Its provenance: `sourced`, `partial` or `illustrative`.
    pub provenance: Code<Provenance>,
    /// `rated`, `not-applicable` or `not-assessed`.
    pub status: StatusDoc,
    /// The value as written (level id, number, true/false).
    pub value: Option<String>,
    /// The value's label on its scale.
    pub level: Option<String>,
    /// The normalised score.
    pub score: Option<f64>,
    /// Its weight.
    pub weight: f64,
    /// Why not applicable.
    pub reason: Option<String>,
    /// Why this rating.
    pub justification: Option<String>,
    /// The evidence.
    pub evidence: Vec<EvidenceDoc>,
    /// The assessor's confidence.
    pub confidence: Option<Code<Confidence>>,
    /// The target and gap.
    pub target: Option<TargetDoc>,
    /// The next level up.
    pub next_level: Option<NextLevelDoc>,
    /// Its measure, for a counted criterion.
    pub measure: Option<MeasureDoc>,
}

/// A piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct EvidenceDoc {
    /// What and where.
    pub reference: String,
    /// The excerpt.
    pub excerpt: Option<String>,
    /// When.
    pub date: Option<String>,
    /// By whom.
    pub collected_by: Option<String>,
}

/// A target.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct TargetDoc {
    /// The target's label on the scale.
    pub level: String,
    /// Its score.
    pub score: f64,
    /// Achieved minus target.
    pub gap: Option<f64>,
}

/// The next level up.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct NextLevelDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// What it takes.
    pub descriptor: String,
    /// How the descriptor is backed: the criterion's own descriptor inherits the criterion's
    /// provenance, the scale's the grid's.
    pub backing: Option<BackingDoc>,
}

impl ScorecardDoc {
    /// Scores an assessment and builds its document in one step, with the grid and profile of
    /// the scorer (so that they cannot be mixed up).
    ///
    /// ```
    /// use repere_core::Scorer;
    /// use repere_report::{Format, ReportLang, ScorecardDoc, render};
    /// # let grid = repere_catalog::grid("fr.cndp.debat-public")?;
    /// # let example = repere_catalog::examples().into_iter()
    /// #     .find(|e| e.file == "e1-anneau-des-sciences.evaluator.toml").unwrap();
    /// # let assessment = repere_toml::load_assessment(example.file, example.text, &grid)?;
    /// let profile = grid.default_profile();
    /// let doc = ScorecardDoc::score(&Scorer::new(&grid, &profile)?, &assessment, ReportLang::En)?;
    /// let json = render(&doc, Format::Json, Default::default())?;
    /// assert!(json.contains("\"repere-scorecard/1\""));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn score(
        scorer: &Scorer<'_>,
        assessment: &Assessment,
        lang: ReportLang,
    ) -> Result<Self, ScoreError> {
        let card = scorer.score(assessment)?;
        let (grid, profile) = (scorer.grid(), scorer.profile());
        Ok(Self::build(grid, profile, assessment, &card, lang))
    }

    /// Builds the document of a scorecard, checking that the scorecard was computed on this
    /// grid (same id, version and content), with this profile, for this assessment.
    pub fn new(
        grid: &Grid,
        profile: &Profile,
        assessment: &Assessment,
        card: &Scorecard,
        lang: ReportLang,
    ) -> Result<Self, DocError> {
        check_parts(grid, profile, assessment, card)?;
        Ok(Self::build(grid, profile, assessment, card, lang))
    }

    /// Builds the document of parts known to belong together.
    fn build(
        grid: &Grid,
        profile: &Profile,
        assessment: &Assessment,
        card: &Scorecard,
        lang: ReportLang,
    ) -> Self {
        let b = Builder {
            grid,
            profile,
            lang,
            l: lang.lang(),
            fb: grid.default_lang().clone(),
        };
        ScorecardDoc {
            format: Kind::Scorecard.format_tag().to_owned(),
            lang,
            grid: b.grid_doc(),
            profile: b.profile_doc(),
            process: process_doc(&assessment.process),
            assessment: assessment_doc(assessment),
            completeness: completeness(&card.completeness),
            overall: card.overall.as_ref().map(|a| b.aggregate(a)),
            dimensions: card.dimensions.iter().map(|d| b.dimension(d)).collect(),
            criteria: card
                .criteria
                .iter()
                .map(|c| b.criterion(c, assessment))
                .collect(),
            strengths: card.strengths.iter().map(ToString::to_string).collect(),
            weaknesses: card.weaknesses.iter().map(ToString::to_string).collect(),
        }
    }

    /// The label of a criterion by id.
    pub fn criterion_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.criteria
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.label.as_str())
    }
}

impl Report for ScorecardDoc {
    const KIND: Kind = Kind::Scorecard;

    fn lang(&self) -> ReportLang {
        self.lang
    }
}

/// Whether the scorecard was computed on this grid (same id, version and content), with this
/// profile, for this assessment.
fn check_parts(
    grid: &Grid,
    profile: &Profile,
    assessment: &Assessment,
    card: &Scorecard,
) -> Result<(), DocError> {
    let theirs = &card.grid;
    if theirs.id != *grid.id()
        || theirs.version != grid.version()
        || theirs
            .hash
            .as_deref()
            .is_some_and(|h| h != grid.content_hash())
    {
        return Err(DocError::OtherGrid {
            scorecard: format!("`{}` {}", theirs.id, theirs.version),
            given: format!("`{}` {}", grid.id(), grid.version()),
        });
    }
    if card.profile != profile.id {
        return Err(DocError::OtherProfile {
            scorecard: card.profile.to_string(),
            given: profile.id.to_string(),
        });
    }
    if card.phase != assessment.phase || card.role != assessment.assessor.role {
        return Err(DocError::OtherAssessment);
    }
    Ok(())
}

/// What building a scorecard document needs: the grid and profile, and the language.
struct Builder<'a> {
    grid: &'a Grid,
    profile: &'a Profile,
    lang: ReportLang,
    l: repere_core::Lang,
    fb: repere_core::Lang,
}

impl Builder<'_> {
    fn text(&self, t: &repere_core::Text) -> String {
        t.get(&self.l, &self.fb).to_owned()
    }

    fn opt_text(&self, t: &repere_core::Text) -> Option<String> {
        (!t.is_empty()).then(|| self.text(t))
    }

    fn grid_doc(&self) -> GridDoc {
        let g = self.grid.draft();
        GridDoc {
            id: g.id.to_string(),
            version: g.version.clone(),
            hash: self.grid.content_hash().to_owned(),
            title: self.text(&g.title),
            provenance: Code(g.provenance),
            sources: g
                .sources
                .iter()
                .map(|s| SourceDoc {
                    id: s.id.to_string(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                    year: s.year,
                })
                .collect(),
        }
    }

    fn profile_doc(&self) -> ProfileDoc {
        let p = self.profile;
        ProfileDoc {
            id: p.id.to_string(),
            label: self.text(&p.label),
            dimension_rule: Code(p.dimension_rule),
            overall: Code(p.overall),
            weights_source: p.weights_source.as_ref().and_then(|t| self.opt_text(t)),
            provenance: Code(p.provenance),
            weights: BackingDoc::new(&p.weights_backing, p.provenance),
            bands: (!p.bands.is_empty()).then(|| BackingDoc::new(&p.bands_backing, p.provenance)),
        }
    }

    fn band(&self, id: Option<&repere_core::Id>) -> Option<BandDoc> {
        let b = self.profile.bands.iter().find(|b| Some(&b.id) == id)?;
        Some(BandDoc {
            id: b.id.to_string(),
            label: self.text(&b.label),
            color: b.color.clone(),
        })
    }

    fn criterion_label(&self, id: &repere_core::Id) -> String {
        self.grid
            .criterion(id.as_str())
            .map_or_else(|| id.to_string(), |(_, c)| self.text(&c.label))
    }

    fn gate(&self, g: &repere_core::FiredGate) -> GateDoc {
        GateDoc {
            criterion: g.criterion.to_string(),
            criterion_label: self.criterion_label(&g.criterion),
            criterion_score: g.criterion_score,
            threshold: g.threshold,
            cap: g.cap,
            band_cap: g.band_cap.as_ref().map(ToString::to_string),
            binding: g.binding,
            reason: self
                .profile
                .gates
                .get(g.gate)
                .and_then(|x| self.opt_text(&x.reason)),
            backing: self
                .profile
                .gates
                .get(g.gate)
                .map(|x| BackingDoc::new(&x.backing, self.profile.provenance)),
        }
    }

    fn aggregate(&self, a: &Aggregate) -> AggregateDoc {
        AggregateDoc {
            score: a.score,
            band: self.band(a.band.as_ref()),
            gates: a.gates.iter().map(|g| self.gate(g)).collect(),
            trace: trace_doc(&a.trace, self.lang),
        }
    }

    fn dimension(&self, d: &repere_core::DimensionScore) -> DimensionDoc {
        let dim = self.grid.dimension(d.id.as_str());
        DimensionDoc {
            id: d.id.to_string(),
            label: dim.map_or_else(|| d.id.to_string(), |x| self.text(&x.label)),
            provenance: Code(dim.map_or(Provenance::Illustrative, |x| x.provenance)),
            weight: d.weight,
            completeness: completeness(&d.completeness),
            aggregate: self.aggregate(&d.aggregate),
        }
    }

    fn criterion(&self, c: &repere_core::CriterionScore, assessment: &Assessment) -> CriterionDoc {
        let (l, fb) = (&self.l, &self.fb);
        let crit = self.grid.criterion(c.id.as_str()).map(|(_, k)| k);
        let rating = assessment.rating(c.id.as_str());
        let scale = crit.map(|k| self.grid.scale_of(k));
        let (status, value, level, score, reason) = match &c.status {
            CriterionStatus::Rated { value, score, .. } => (
                StatusDoc::Rated,
                Some(value.to_string()),
                scale.map(|s| number_label(self.lang, value, s.value_label(value, l, fb))),
                Some(*score),
                None,
            ),
            CriterionStatus::NotApplicable { reason, .. } => (
                StatusDoc::NotApplicable,
                None,
                None,
                None,
                Some(not_applicable_text(reason, self.lang)),
            ),
            _ => (StatusDoc::NotAssessed, None, None, None, None),
        };
        CriterionDoc {
            id: c.id.to_string(),
            dimension: c.dimension.to_string(),
            label: crit.map_or_else(|| c.id.to_string(), |k| self.text(&k.label)),
            provenance: Code(c.provenance),
            status,
            value,
            level,
            score,
            weight: c.weight,
            reason,
            justification: rating.and_then(|r| r.justification.clone()),
            evidence: rating
                .map(|r| r.evidence.iter().map(evidence_doc).collect())
                .unwrap_or_default(),
            confidence: rating.and_then(|r| r.confidence).map(Code),
            target: c.target.as_ref().map(|t| TargetDoc {
                level: scale
                    .map_or_else(|| t.value.to_string(), |s| s.value_label(&t.value, l, fb)),
                score: t.score,
                gap: t.gap,
            }),
            next_level: c.next_level.as_ref().map(|n| NextLevelDoc {
                id: n.level.to_string(),
                label: self.text(&n.label),
                descriptor: self.text(&n.descriptor),
                backing: crit.and_then(|k| {
                    let (_, b, _) = self.grid.descriptor_of(k, &n.level)?;
                    let inherited = if k.rubric_for(&n.level).is_some() {
                        k.provenance
                    } else {
                        self.grid.draft().provenance
                    };
                    Some(BackingDoc::new(b, inherited))
                }),
            }),
            measure: crit.and_then(|k| {
                let m = k.measure.as_ref()?;
                Some(MeasureDoc {
                    description: self.text(&m.description),
                    backing: BackingDoc::new(&m.backing, k.provenance),
                })
            }),
        }
    }
}

fn evidence_doc(e: &repere_core::Evidence) -> EvidenceDoc {
    EvidenceDoc {
        reference: e.reference.clone(),
        excerpt: e.excerpt.clone(),
        date: e.date.map(|d| d.to_string()),
        collected_by: e.collected_by.clone(),
    }
}

fn completeness(c: &repere_core::Completeness) -> CompletenessDoc {
    CompletenessDoc {
        rated: c.rated,
        applicable: c.applicable,
        total: c.total,
        ratio: c.ratio(),
    }
}

fn process_doc(p: &repere_core::Process) -> ProcessDoc {
    ProcessDoc {
        name: p.name.clone(),
        kind: p.kind.map(Code),
        organiser: p.organiser.clone(),
        commissioner: p.commissioner.clone(),
        territory: p.territory.clone(),
        start: p.start.map(|d| d.to_string()),
        end: p.end.map(|d| d.to_string()),
        participants: p.participants,
        iap2: p.iap2.map(Code),
        description: p.description.clone(),
        sources: p.sources.clone(),
    }
}

fn assessment_doc(a: &Assessment) -> AssessmentDoc {
    AssessmentDoc {
        assessor: a.assessor.name.clone(),
        role: Code(a.assessor.role),
        self_assessment: a.assessor.role.is_self_assessment(),
        organisation: a.assessor.organisation.clone(),
        phase: Code(a.phase),
        date: a.date.map(|d| d.to_string()),
        notes: a.notes.clone(),
    }
}

/// A value's label with the language's decimal mark in its number: only the number the
/// label starts with changes, never the unit (user text) after it.
fn number_label(lang: ReportLang, value: &repere_core::Value, label: String) -> String {
    let repere_core::Value::Number(x) = value else {
        return label;
    };
    let number = repere_core::fmt_number(*x);
    match label.strip_prefix(&number) {
        Some(rest) => format!("{}{rest}", crate::i18n::decimals(lang, &number)),
        None => label,
    }
}

/// Why a criterion is not applicable, in the report's language: the assessor's words, or the
/// phase at which the grid does not rate it.
fn not_applicable_text(reason: &repere_core::NotApplicableReason, lang: ReportLang) -> String {
    match (reason, lang) {
        (repere_core::NotApplicableReason::Phase(p), ReportLang::Fr) => format!(
            "non évalué à la phase « {} »",
            crate::i18n::label(lang, Code(*p))
        ),
        (repere_core::NotApplicableReason::Phase(p), _) => {
            format!("not rated at the {} phase", p.as_str())
        }
        (other, _) => other.to_string(),
    }
}
