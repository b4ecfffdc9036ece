//! The file types: what grid, profile and assessment files contain, exactly as written.
//!
//! These types mirror the files (kebab-case keys, optional fields, plain strings for ids);
//! they are not the domain model. The loaders (such as [`crate::load_grid`]) convert them into
//! `repere_core` types and report every problem with its place in the file. Their doc
//! comments become the descriptions of the published JSON Schemas.

use std::fmt;
use std::marker::PhantomData;

use repere_core::Vocabulary;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::load::{DeIssue, raise};

/// The file format version this crate reads and writes.
pub const FORMAT: u32 = 1;

/// A grid file: dimensions, criteria, scales, sources and (optionally) profiles.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "Repère grid")]
pub struct GridFile {
    /// The kind of file: always `grid`.
    pub kind: GridKind,
    /// The file format version: `1`.
    pub format: u32,
    /// The grid's id: letters, digits, `.`, `_` and `-`, such as `fr.cndp.debat-public`.
    pub id: String,
    /// The grid's version, such as `1.0.0`. Assessments name it.
    pub version: String,
    /// The language every label must be given in and the fallback for lookups, such as `fr`.
    pub default_lang: String,
    /// How well the grid as a whole is backed by its sources: `sourced`, `partial` or
    /// `illustrative`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Named<repere_core::Provenance>>,
    /// The grid's title.
    pub title: LocalText,
    /// What the grid is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalText>,
    /// The sources the grid is drawn from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceEntry>,
    /// The scales criteria are rated on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scales: Vec<ScaleEntry>,
    /// The dimensions and their criteria, in display order.
    #[serde(default)]
    pub dimensions: Vec<DimensionEntry>,
    /// Profiles shipped with the grid; the first is the grid's default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<ProfileBody>,
}

/// The `kind` of a grid file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum GridKind {
    /// A grid.
    #[serde(rename = "grid")]
    Grid,
}

/// A source of the grid.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourceEntry {
    /// The source's id, by which dimensions and criteria cite it.
    pub id: String,
    /// The title or full reference.
    pub title: String,
    /// Where to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The year of publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// What the grid takes from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A rating scale.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScaleEntry {
    /// The scale's id, by which criteria name it.
    pub id: String,
    /// `ordinal` (levels), `range` (a number from `min` to `max`), `percentage` (0 to 100) or
    /// `boolean` (yes or no).
    pub kind: ScaleKindName,
    /// The scale's label: a short name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<LocalText>,
    /// Ordinal scales: the levels, lowest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelEntry>,
    /// Range scales: the lowest value (score 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Range scales: the highest value (score 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Range scales: the unit shown after values, such as `/10`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Boolean scales: the label of yes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yes: Option<LocalText>,
    /// Boolean scales: the label of no.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no: Option<LocalText>,
}

/// The kinds of scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScaleKindName {
    /// Ordered levels.
    Ordinal,
    /// A number in a closed range.
    Range,
    /// A share from 0 to 100.
    Percentage,
    /// Yes or no.
    Boolean,
}

impl ScaleKindName {
    /// Every kind, in order.
    pub const ALL: &'static [ScaleKindName] = &[
        ScaleKindName::Ordinal,
        ScaleKindName::Range,
        ScaleKindName::Percentage,
        ScaleKindName::Boolean,
    ];

    /// The name used in files: `ordinal`, `range`, `percentage` or `boolean`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScaleKindName::Ordinal => "ordinal",
            ScaleKindName::Range => "range",
            ScaleKindName::Percentage => "percentage",
            ScaleKindName::Boolean => "boolean",
        }
    }
}

impl std::str::FromStr for ScaleKindName {
    type Err = repere_core::UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| repere_core::UnknownName {
                found: s.to_owned(),
                expected: Self::ALL.iter().map(|k| k.as_str()).collect(),
            })
    }
}

impl Vocabulary for ScaleKindName {
    const ALL: &'static [Self] = ScaleKindName::ALL;
    const WHAT: &'static str = "ScaleKind";
    fn as_str(self) -> &'static str {
        ScaleKindName::as_str(self)
    }
}

impl<'de> Deserialize<'de> for ScaleKindName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Named::<ScaleKindName>::deserialize(d).map(|n| n.0)
    }
}

/// A level of an ordinal scale.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LevelEntry {
    /// The level's id, by which ratings name it.
    pub id: String,
    /// The level's value; values increase strictly from the first level to the last.
    pub value: i64,
    /// The level's label.
    pub label: LocalText,
    /// What the level means in general.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptor: Option<LocalText>,
    /// How the descriptor is backed: `sourced`, `partial` or `illustrative` (the grid's
    /// provenance when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptor_provenance: Option<Named<repere_core::Provenance>>,
    /// The ids of the grid's sources the descriptor comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descriptor_sources: Vec<String>,
}

/// A dimension and its criteria.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DimensionEntry {
    /// The dimension's id.
    pub id: String,
    /// The dimension's label: a short name.
    pub label: LocalText,
    /// What the dimension covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalText>,
    /// How well it is backed by the sources: `sourced`, `partial` or `illustrative`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Named<repere_core::Provenance>>,
    /// The ids of the grid's sources it comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The criteria, in display order.
    #[serde(default)]
    pub criteria: Vec<CriterionEntry>,
}

/// A criterion.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CriterionEntry {
    /// The criterion's id, unique in the grid.
    pub id: String,
    /// The criterion's label: a short name.
    pub label: LocalText,
    /// What the criterion is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalText>,
    /// The guiding questions an assessor answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<LocalText>,
    /// The id of the scale it is rated on.
    pub scale: String,
    /// Descriptors of the scale's levels specific to this criterion, by level id.
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub rubric: OrderedMap<LocalText>,
    /// How the criterion's own descriptors are backed, by level id: `sourced`, `partial` or
    /// `illustrative` (the criterion's provenance when absent). Each level named must have a
    /// descriptor in `rubric`.
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub rubric_provenance: OrderedMap<Named<repere_core::Provenance>>,
    /// The ids of the grid's sources each of the criterion's own descriptors comes from, by
    /// level id.
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub rubric_sources: OrderedMap<Vec<String>>,
    /// For a counted criterion, its measure: what is counted and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<LocalText>,
    /// How the measure is backed: `sourced`, `partial` or `illustrative` (the criterion's
    /// provenance when absent). Needs `measure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure_provenance: Option<Named<repere_core::Provenance>>,
    /// The ids of the grid's sources the measure comes from. Needs `measure`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measure_sources: Vec<String>,
    /// The evidence expected to back a rating.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<LocalText>,
    /// Where the evidence usually comes from: `document`, `observation`, `survey`,
    /// `interview`, `statistics`, `other`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_sources: Vec<Named<repere_core::DataSource>>,
    /// The phases at which it is rated (all when absent): `framing`, `monitoring`, `closing`,
    /// `follow-up`, `impact`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Named<repere_core::Phase>>,
    /// The roles expected to rate it (any when absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Named<repere_core::Role>>,
    /// How well it is backed by the sources: `sourced`, `partial` or `illustrative`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Named<repere_core::Provenance>>,
    /// The ids of the grid's sources it comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// A profile file: weights, aggregation, gates and bands for one grid.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "Repère profile")]
pub struct ProfileFile {
    /// The kind of file: always `profile`.
    pub kind: ProfileKind,
    /// The file format version: `1`.
    pub format: u32,
    /// The id of the grid the profile is for.
    pub grid: String,
    /// The profile itself.
    pub profile: ProfileBody,
}

/// The `kind` of a profile file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ProfileKind {
    /// A profile.
    #[serde(rename = "profile")]
    Profile,
}

/// A profile: how a grid is weighed and aggregated.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProfileBody {
    /// The profile's id.
    pub id: String,
    /// The profile's label: a short name.
    pub label: LocalText,
    /// What the profile is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalText>,
    /// Where the weights come from; required when a weight differs from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights_source: Option<LocalText>,
    /// How well it is backed by the sources: `sourced`, `partial` or `illustrative`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Named<repere_core::Provenance>>,
    /// How the weights are backed: `sourced`, `partial` or `illustrative` (the profile's
    /// provenance when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights_provenance: Option<Named<repere_core::Provenance>>,
    /// The ids of the grid's sources the weights come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights_sources: Vec<String>,
    /// How the bands (as a set) are backed: `sourced`, `partial` or `illustrative` (the
    /// profile's provenance when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands_provenance: Option<Named<repere_core::Provenance>>,
    /// The ids of the grid's sources the bands come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands_sources: Vec<String>,
    /// How each dimension combines its criteria: `none`, `weighted-mean` (default),
    /// `weighted-geometric-mean` or `minimum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension_rule: Option<Named<repere_core::Aggregation>>,
    /// Per-dimension exceptions to `dimension-rule`, by dimension id.
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub dimension_rules: OrderedMap<Named<repere_core::Aggregation>>,
    /// How dimensions combine into an overall score: `none` (default), `weighted-mean`,
    /// `weighted-geometric-mean` or `minimum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<Named<repere_core::Aggregation>>,
    /// Criterion weights within their dimension, by criterion id (1 when absent).
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub criterion_weights: OrderedMap<f64>,
    /// Dimension weights within the overall score, by dimension id (1 when absent).
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub dimension_weights: OrderedMap<f64>,
    /// The share of applicable criteria a dimension needs rated to get a score, from 0
    /// (default) to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_completeness: Option<f64>,
    /// Gates and caps, applied after aggregation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<GateEntry>,
    /// Bands that turn a score into a label and a colour, lowest first; the first starts
    /// at 0.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<BandEntry>,
}

/// A gate: if a criterion is rated below a threshold, a dimension or the overall score is
/// capped.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GateEntry {
    /// The criterion tested.
    pub criterion: String,
    /// The threshold: a level id of the criterion's scale, or a score from 0 to 1.
    pub below: Scalar,
    /// The dimension capped; give this or `overall = true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// Caps the overall score; give this or `dimension`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<bool>,
    /// The highest score the target may keep, from 0 to 1; give this or `cap-band`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<f64>,
    /// The highest band the target may reach; give this or `cap`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_band: Option<String>,
    /// Why the gate exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<LocalText>,
    /// How the gate is backed: `sourced`, `partial` or `illustrative` (the profile's
    /// provenance when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Named<repere_core::Provenance>>,
    /// The ids of the grid's sources the gate comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// A band.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BandEntry {
    /// The band's id.
    pub id: String,
    /// The band's label, such as "Good".
    pub label: LocalText,
    /// The lowest score in the band, from 0 to 1.
    pub min: f64,
    /// The band's colour, `#rrggbb`.
    pub color: String,
}

/// An assessment file: one assessor's ratings of one process at one phase.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "Repère assessment")]
pub struct AssessmentFile {
    /// The kind of file: always `assessment`.
    pub kind: AssessmentKind,
    /// The file format version: `1`.
    pub format: u32,
    /// The grid the ratings refer to.
    pub grid: GridRefEntry,
    /// The phase: `framing`, `monitoring`, `closing`, `follow-up` or `impact`.
    pub phase: Named<repere_core::Phase>,
    /// When the assessment was made, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<FileDate>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The process assessed.
    pub process: ProcessEntry,
    /// Who assesses.
    pub assessor: AssessorEntry,
    /// The ambition set at framing: per criterion id, a level id, a number or true/false.
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub targets: OrderedMap<Scalar>,
    /// The ratings, one per criterion at most; a criterion without one is not assessed.
    #[serde(default)]
    pub ratings: Vec<RatingEntry>,
}

/// The `kind` of an assessment file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum AssessmentKind {
    /// An assessment.
    #[serde(rename = "assessment")]
    Assessment,
}

/// The grid an assessment refers to.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GridRefEntry {
    /// The grid's id.
    pub id: String,
    /// The grid's version.
    pub version: String,
    /// The grid's content hash (`sha256:…`) when the assessment was made; a changed grid is
    /// then detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// The process assessed.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProcessEntry {
    /// The process's name.
    pub name: String,
    /// The kind of process: `public-debate`, `concertation`, `consultation`, `citizens-panel`,
    /// `participatory-budget`, `public-meeting` or `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Named<repere_core::ProcessKind>>,
    /// Who runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organiser: Option<String>,
    /// Who commissioned it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissioner: Option<String>,
    /// Where it takes place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<String>,
    /// When it started, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<FileDate>,
    /// When it ended, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<FileDate>,
    /// How many people took part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<u64>,
    /// The level claimed on the IAP2 spectrum: `inform`, `consult`, `involve`,
    /// `collaborate` or `empower`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iap2: Option<Named<repere_core::Iap2Level>>,
    /// A short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the facts about the process come from (URLs or references).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// Who assesses.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AssessorEntry {
    /// A name: a person, a firm, "participants' survey".
    pub name: String,
    /// The role: `commissioner`, `process-owner`, `organiser`, `evaluator`, `guarantor`,
    /// `observer`, `participant` or `committee`.
    pub role: Named<repere_core::Role>,
    /// The organisation the assessor belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

/// One criterion's rating. Give at most one of `level`, `value`, `not-applicable` and
/// `not-assessed`; with none, the criterion is not assessed.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RatingEntry {
    /// The criterion rated.
    pub criterion: String,
    /// Ordinal scales: the level, by id (or by its integer value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Scalar>,
    /// Range and percentage scales: a number; boolean scales: true or false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Scalar>,
    /// The criterion does not apply: the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    /// The criterion applies but was not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_assessed: Option<bool>,
    /// Why this rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// How sure the assessor is: `low`, `medium` or `high`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Named<repere_core::Confidence>>,
    /// What backs the rating.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceEntry>,
}

/// A piece of evidence.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EvidenceEntry {
    /// What it is and where to find it: a document, a URL, a survey.
    pub reference: String,
    /// The relevant excerpt or figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// When it was produced or collected, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<FileDate>,
    /// Who collected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_by: Option<String>,
}

/// A text in one language (a plain string, in the grid's default language) or in several
/// (a table by language tag: `{ fr = "…", en = "…" }`).
#[derive(Debug, Clone, PartialEq)]
pub enum LocalText {
    /// A string in the default language.
    Plain(String),
    /// Strings by language tag, in file order.
    ByLang(Vec<(String, String)>),
}

impl<'de> Deserialize<'de> for LocalText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LocalText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    r#"a text, or a table of texts by language such as { fr = "…", en = "…" }"#,
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LocalText, E> {
                Ok(LocalText::Plain(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LocalText, A::Error> {
                Ok(LocalText::ByLang(collect_map::<String, A>(map)?))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for LocalText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LocalText::Plain(t) => s.serialize_str(t),
            LocalText::ByLang(entries) => serialize_pairs(entries, s),
        }
    }
}

impl JsonSchema for LocalText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LocalText".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text in the default language, or a table of texts by language tag such as { fr = \"…\", en = \"…\" }.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "propertyNames": { "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$" },
                    "additionalProperties": { "type": "string" },
                    "minProperties": 1
                }
            ]
        })
    }
}

/// A table whose keys are ids (criteria, dimensions, levels), kept in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> OrderedMap<V> {
    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table keyed by id")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OrderedMap<V>, A::Error> {
                Ok(OrderedMap(collect_map(map)?))
            }
        }
        d.deserialize_map(Vis(PhantomData))
    }
}

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_pairs(&self.0, s)
    }
}

impl<V: JsonSchema> JsonSchema for OrderedMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let inner = g.subschema_for::<V>();
        json_schema!({
            "type": "object",
            "additionalProperties": inner
        })
    }
}

fn collect_map<'de, V: Deserialize<'de>, A: MapAccess<'de>>(
    mut map: A,
) -> Result<Vec<(String, V)>, A::Error> {
    let mut out: Vec<(String, V)> = Vec::new();
    while let Some((k, v)) = map.next_entry::<String, V>()? {
        out.push((k, v));
    }
    Ok(out)
}

fn serialize_pairs<V: Serialize, S: Serializer>(
    pairs: &[(String, V)],
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// A value that may be a string (a level id), an integer, a number or true/false.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A string, such as a level id.
    Str(String),
    /// An integer, such as a level value.
    Int(i64),
    /// A number.
    Float(f64),
    /// True or false.
    Bool(bool),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a level id (string), a number or true/false")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                i64::try_from(v)
                    .map(Scalar::Int)
                    .map_err(|_| raise(DeIssue::IntegerTooLarge { value: v }))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Scalar {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Scalar::Str(v) => s.serialize_str(v),
            Scalar::Int(v) => s.serialize_i64(*v),
            Scalar::Float(v) => s.serialize_f64(*v),
            Scalar::Bool(v) => s.serialize_bool(*v),
        }
    }
}

impl JsonSchema for Scalar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scalar".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A level id (string), a number or true/false.",
            "type": ["string", "number", "boolean"]
        })
    }
}

/// A crosswalk file: which criteria of one grid correspond to which of another.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "Repère crosswalk")]
pub struct CrosswalkFile {
    /// The kind of file: always `crosswalk`.
    pub kind: CrosswalkKind,
    /// The file format version: `1`.
    pub format: u32,
    /// The crosswalk's id.
    pub id: String,
    /// The language of its texts written as plain strings (`fr`, `en`…); a text may also
    /// give every language: `{ fr = "…", en = "…" }`.
    pub default_lang: String,
    /// Where the crosswalk as a whole comes from: `sourced` (a source relates the two grids),
    /// `partial` or `illustrative` (a correspondence of ours).
    pub provenance: Named<repere_core::Provenance>,
    /// Its sources: citations or addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// One grid (the `from` side of each link).
    pub from: CrosswalkGridEntry,
    /// The other grid (the `to` side of each link).
    pub to: CrosswalkGridEntry,
    /// The correspondences, each between a criterion of each grid.
    #[serde(default)]
    pub links: Vec<LinkEntry>,
}

/// The `kind` of a crosswalk file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum CrosswalkKind {
    /// A crosswalk.
    #[serde(rename = "crosswalk")]
    Crosswalk,
}

/// A grid a crosswalk relates.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CrosswalkGridEntry {
    /// The grid's id.
    pub grid: String,
    /// The grid's version.
    pub version: String,
}

/// One correspondence between a criterion of each grid.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinkEntry {
    /// The criterion of the `from` grid.
    pub from: String,
    /// The criterion of the `to` grid.
    pub to: String,
    /// How `from` relates to `to`: `equivalent` (a rating of one is a rating of the other),
    /// `broader` (`from` covers more), `narrower` (`from` covers less) or `related`. Only
    /// equivalent links carry ratings.
    pub relation: Named<repere_core::crosswalk::Relation>,
    /// Where this correspondence comes from; the crosswalk's provenance when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Named<repere_core::Provenance>>,
    /// Why they correspond, or what differs, best in French and English:
    /// `{ fr = "…", en = "…" }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<LocalText>,
    /// For criteria on ordinal scales with different levels: which level of `from`
    /// corresponds to which level of `to`, as `{ "partiel" = "partly-met", … }`. A level left
    /// out is not carried. Without it, levels correspond by rank when the scales have as many
    /// levels, and are not carried otherwise.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub levels: std::collections::BTreeMap<String, String>,
}

/// A name from a closed vocabulary (a phase, a role, a provenance...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named<T>(pub T);

impl<'de, T: Vocabulary> Deserialize<'de> for Named<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<T: Vocabulary> Visitor<'_> for V<T> {
            type Value = Named<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let names: Vec<String> =
                    T::ALL.iter().map(|v| format!("`{}`", v.as_str())).collect();
                write!(f, "one of {}", names.join(", "))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Named<T>, E> {
                v.parse::<T>().map(Named).map_err(|e| {
                    // Names are short: a long one is no misspelling (and measuring its
                    // distance to each name would be slow).
                    let suggestion = (v.len() <= 64).then(|| e.suggestion()).flatten();
                    raise(DeIssue::UnknownName {
                        what: T::WHAT,
                        found: e.found,
                        expected: e.expected,
                        suggestion,
                    })
                })
            }
        }
        // What the visitor expects is said by `expecting` (the names), not by the method.
        d.deserialize_any(V(PhantomData))
    }
}

impl<T: Vocabulary> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

impl<T: Vocabulary> JsonSchema for Named<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::WHAT.into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = T::ALL.iter().map(|v| v.as_str()).collect();
        json_schema!({ "type": "string", "enum": names })
    }
}

/// A date, written as a TOML local date (`2020-11-16`) or a string (`"2020-11-16"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileDate(pub repere_core::Date);

impl<'de> Deserialize<'de> for FileDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FileDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date such as 2020-11-16")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FileDate, E> {
                v.parse()
                    .map(FileDate)
                    .map_err(|e| raise(DeIssue::NotADate(e)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FileDate, A::Error> {
                let dt =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (dt.date, dt.time, dt.offset) {
                    (Some(d), None, None) => repere_core::Date::new(d.year, d.month, d.day)
                        .map(FileDate)
                        .map_err(|e| raise(DeIssue::NotADate(e))),
                    _ => Err(raise(DeIssue::DateWithTime {
                        found: dt.to_string(),
                    })),
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<FileDate, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for FileDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let dt = toml::value::Datetime {
            date: Some(toml::value::Date {
                year: d.year(),
                month: d.month(),
                day: d.day(),
            }),
            time: None,
            offset: None,
        };
        dt.serialize(s)
    }
}

impl JsonSchema for FileDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}
