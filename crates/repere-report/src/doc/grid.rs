//! The grid description ([`GridDescriptionDoc`]): a grid to read, with the provenance of every
//! element down to the level descriptors, the measures and the profiles' weights, gates and
//! bands (`repere show`).

use repere_core::{
    Backing, Cap, GateTarget, Grid, Phase, Profile, Provenance, Role, ScaleKind, Text, Threshold,
};
use schemars::JsonSchema;
use serde::Serialize;

use crate::code::Code;
use crate::doc::scorecard::SourceDoc;
use crate::document::{Kind, Report};
use crate::i18n::ReportLang;

/// A grid described for reading (`repere-grid-description/1`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct GridDescriptionDoc {
    /// Always `repere-grid-description/1`.
    pub format: String,
    /// The language of the texts.
    pub lang: ReportLang,
    /// The grid's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its content hash.
    pub hash: String,
    /// Its title.
    pub title: String,
    /// What it is for.
    pub description: Option<String>,
    /// How well the grid as a whole is backed: `sourced`, `partial` or `illustrative`.
    pub provenance: Code<Provenance>,
    /// Its scales.
    pub scales: Vec<ScaleDescDoc>,
    /// Its dimensions and criteria.
    pub dimensions: Vec<DimensionDescDoc>,
    /// Its profiles.
    pub profiles: Vec<ProfileDescDoc>,
    /// Its sources.
    pub sources: Vec<SourceDoc>,
}

/// How an element below the criterion is backed, as it holds.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct BackingDoc {
    /// The provenance that holds: the element's own, or the enclosing element's.
    pub provenance: Code<Provenance>,
    /// Whether the element gives its own provenance (`false`: inherited from the criterion,
    /// the grid or the profile).
    pub own: bool,
    /// The ids of the grid sources the element itself cites.
    pub sources: Vec<String>,
}

impl BackingDoc {
    /// The backing of an element whose enclosing element has provenance `inherited`.
    pub(crate) fn new(b: &Backing, inherited: Provenance) -> Self {
        Self {
            provenance: Code(b.effective_provenance(inherited)),
            own: b.provenance.is_some(),
            sources: b.sources.iter().map(ToString::to_string).collect(),
        }
    }
}

/// A scale.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ScaleDescDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The kind of scale (a code; reports word it in their language).
    pub kind: ScaleKindCode,
    /// A range scale's lowest value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// A range scale's highest value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// A range scale's unit, shown after values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Its levels, lowest first (ordinal scales).
    pub levels: Vec<LevelDescDoc>,
}

/// The kinds of scales, as codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScaleKindCode {
    /// Ordered levels.
    Ordinal,
    /// A number in a closed range (`min`, `max`, `unit`).
    Range,
    /// A share from 0 to 100 per cent.
    Percentage,
    /// Yes or no.
    Boolean,
}

/// A level of an ordinal scale.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct LevelDescDoc {
    /// Its id.
    pub id: String,
    /// Its value.
    pub value: i64,
    /// Its label.
    pub label: String,
    /// Its descriptor, if any.
    pub descriptor: Option<String>,
    /// How the descriptor is backed (inheriting the grid's provenance), when there is one.
    pub backing: Option<BackingDoc>,
}

/// A dimension.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DimensionDescDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// What it covers.
    pub description: Option<String>,
    /// Its provenance.
    pub provenance: Code<Provenance>,
    /// The ids of the sources it cites.
    pub sources: Vec<String>,
    /// Its criteria.
    pub criteria: Vec<CriterionDescDoc>,
}

/// A criterion.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CriterionDescDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// What it is about.
    pub description: Option<String>,
    /// The id of its scale.
    pub scale: String,
    /// Its provenance.
    pub provenance: Code<Provenance>,
    /// The ids of the sources it cites.
    pub sources: Vec<String>,
    /// Its guiding questions.
    pub questions: Vec<String>,
    /// The phases at which it is rated (empty: every phase).
    pub phases: Vec<Code<Phase>>,
    /// The roles expected to rate it (empty: any role).
    pub roles: Vec<Code<Role>>,
    /// Its measure, for a counted criterion.
    pub measure: Option<MeasureDoc>,
    /// Its own level descriptors.
    pub rubric: Vec<RubricEntryDoc>,
}

/// A criterion's measure.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct MeasureDoc {
    /// What is counted and how.
    pub description: String,
    /// How it is backed (inheriting the criterion's provenance).
    pub backing: BackingDoc,
}

/// A criterion's own descriptor of a level.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct RubricEntryDoc {
    /// The level's id.
    pub level: String,
    /// The level's label.
    pub level_label: String,
    /// The descriptor.
    pub descriptor: String,
    /// How it is backed (inheriting the criterion's provenance).
    pub backing: BackingDoc,
}

/// A profile.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ProfileDescDoc {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its own provenance.
    pub provenance: Code<Provenance>,
    /// Where its weights come from, in words.
    pub weights_source: Option<String>,
    /// How the weights are backed (inheriting the profile's provenance).
    pub weights: BackingDoc,
    /// The weights that are not 1, as `id = weight`.
    pub weights_set: Vec<String>,
    /// Its gates.
    pub gates: Vec<GateDescDoc>,
    /// How the bands are backed (inheriting the profile's provenance), when there are bands.
    pub bands_backing: Option<BackingDoc>,
    /// Its bands, lowest first, as `label ≥ min`.
    pub bands: Vec<String>,
}

/// A gate.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct GateDescDoc {
    /// The criterion tested.
    pub criterion: String,
    /// The threshold: a level id or a score.
    pub below: String,
    /// What it caps: a dimension id, or `overall`.
    pub target: String,
    /// How far: a score, or a band id.
    pub cap: String,
    /// Why it exists.
    pub reason: Option<String>,
    /// How it is backed (inheriting the profile's provenance).
    pub backing: BackingDoc,
}

impl GridDescriptionDoc {
    /// Describes a grid in a language.
    pub fn new(grid: &Grid, lang: ReportLang) -> Self {
        let l = lang.lang();
        let fb = grid.default_lang();
        let get = |t: &Text| t.get(&l, fb).to_owned();
        let opt = |t: &Text| (!t.is_empty()).then(|| get(t));
        let ids = |v: &[repere_core::Id]| v.iter().map(ToString::to_string).collect();
        let g = grid.draft();
        let scales = grid
            .scales()
            .iter()
            .map(|s| ScaleDescDoc {
                id: s.id.to_string(),
                label: get(&s.label),
                kind: match &s.kind {
                    ScaleKind::Ordinal(_) => ScaleKindCode::Ordinal,
                    ScaleKind::Range { .. } => ScaleKindCode::Range,
                    ScaleKind::Percentage => ScaleKindCode::Percentage,
                    ScaleKind::Boolean { .. } => ScaleKindCode::Boolean,
                },
                min: match &s.kind {
                    ScaleKind::Range { min, .. } => Some(*min),
                    _ => None,
                },
                max: match &s.kind {
                    ScaleKind::Range { max, .. } => Some(*max),
                    _ => None,
                },
                unit: match &s.kind {
                    ScaleKind::Range { unit, .. } => unit.clone(),
                    _ => None,
                },
                levels: s
                    .levels()
                    .iter()
                    .map(|lv| LevelDescDoc {
                        id: lv.id.to_string(),
                        value: lv.value,
                        label: get(&lv.label),
                        descriptor: opt(&lv.descriptor),
                        backing: (!lv.descriptor.is_empty())
                            .then(|| BackingDoc::new(&lv.descriptor_backing, g.provenance)),
                    })
                    .collect(),
            })
            .collect();
        let dimensions = grid
            .dimensions()
            .iter()
            .map(|d| DimensionDescDoc {
                id: d.id.to_string(),
                label: get(&d.label),
                description: opt(&d.description),
                provenance: Code(d.provenance),
                sources: ids(&d.sources),
                criteria: d
                    .criteria
                    .iter()
                    .map(|c| {
                        let scale = grid.scale_of(c);
                        CriterionDescDoc {
                            id: c.id.to_string(),
                            label: get(&c.label),
                            description: opt(&c.description),
                            scale: c.scale.to_string(),
                            provenance: Code(c.provenance),
                            sources: ids(&c.sources),
                            questions: c.questions.iter().map(get).collect(),
                            phases: c.phases.iter().copied().map(Code).collect(),
                            roles: c.roles.iter().copied().map(Code).collect(),
                            measure: c.measure.as_ref().map(|m| MeasureDoc {
                                description: get(&m.description),
                                backing: BackingDoc::new(&m.backing, c.provenance),
                            }),
                            rubric: c
                                .rubric
                                .iter()
                                .map(|(level, t)| RubricEntryDoc {
                                    level: level.to_string(),
                                    level_label: scale.level(level.as_str()).map_or_else(
                                        || level.to_string(),
                                        |(_, lv)| get(&lv.label),
                                    ),
                                    descriptor: get(t),
                                    backing: BackingDoc::new(
                                        c.descriptor_backing(level),
                                        c.provenance,
                                    ),
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect();
        GridDescriptionDoc {
            format: Kind::GridDescription.format_tag().to_owned(),
            lang,
            id: grid.id().to_string(),
            version: grid.version().to_owned(),
            hash: grid.content_hash().to_owned(),
            title: get(grid.title()),
            description: opt(&g.description),
            provenance: Code(g.provenance),
            scales,
            dimensions,
            profiles: grid.profiles().iter().map(|p| profile(p, &get)).collect(),
            sources: grid
                .sources()
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
}

fn profile(p: &Profile, get: &dyn Fn(&Text) -> String) -> ProfileDescDoc {
    let num = |x: f64| repere_core::fmt_number(x);
    let weights_set = p
        .criterion_weights
        .iter()
        .chain(&p.dimension_weights)
        .filter(|(_, w)| *w != 1.0)
        .map(|(id, w)| format!("{id} = {}", num(*w)))
        .collect();
    ProfileDescDoc {
        id: p.id.to_string(),
        label: get(&p.label),
        provenance: Code(p.provenance),
        weights_source: p.weights_source.as_ref().map(get),
        weights: BackingDoc::new(&p.weights_backing, p.provenance),
        weights_set,
        gates: p
            .gates
            .iter()
            .map(|g| GateDescDoc {
                criterion: g.criterion.to_string(),
                below: match &g.below {
                    Threshold::Level(l) => l.to_string(),
                    Threshold::Score(s) => num(*s),
                },
                target: match &g.target {
                    GateTarget::Dimension(d) => d.to_string(),
                    GateTarget::Overall => "overall".to_owned(),
                },
                cap: match &g.cap {
                    Cap::Score(s) => num(*s),
                    Cap::Band(b) => b.to_string(),
                },
                reason: (!g.reason.is_empty()).then(|| get(&g.reason)),
                backing: BackingDoc::new(&g.backing, p.provenance),
            })
            .collect(),
        bands_backing: (!p.bands.is_empty())
            .then(|| BackingDoc::new(&p.bands_backing, p.provenance)),
        bands: p
            .bands
            .iter()
            .map(|b| format!("{} ≥ {}", get(&b.label), num(b.min)))
            .collect(),
    }
}

impl Report for GridDescriptionDoc {
    const KIND: Kind = Kind::GridDescription;

    fn lang(&self) -> ReportLang {
        self.lang
    }
}
