//! Many processes scored on one grid (`repere batch`), and how they compare.

use schemars::JsonSchema;
use serde::ser::SerializeSeq as _;
use serde::{Serialize, Serializer};

use repere_core::batch::stats::{Across, Distribution};
use repere_core::batch::{BatchScorer, NOT_APPLICABLE, is_rated};
use repere_core::{Grid, Profile, ScaleKind};

use crate::ReportLang;
use crate::document::{Kind, Report};

/// Many processes scored on one grid and one profile, one row each, in input order
/// (`repere-batch/1`), with, when asked, how they compare ([`AcrossDoc`]).
///
/// Formats: CSV (one row per assessment: `assessment`, one column per dimension, `overall`,
/// `completeness` or `coverage`; scores written `%.6f`, blank where there is none), JSON,
/// HTML (with the comparison: a processes × criteria heatmap, small multiples per dimension,
/// the ranking with ties); JSON Lines ([`BatchDoc::jsonl`]) and XLSX
/// ([`xlsx`](crate::xlsx)) outside [`render`](crate::render).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct BatchDoc {
    /// Always `repere-batch/1`.
    pub format: String,
    /// The language of the texts.
    pub lang: ReportLang,
    /// The grid's id.
    pub grid: String,
    /// The grid's version.
    pub grid_version: String,
    /// The grid's title.
    pub grid_title: String,
    /// The profile's id.
    pub profile: String,
    /// Whether the data are illustrative (made up for a demonstration), not real processes.
    pub illustrative: bool,
    /// Which completeness the CSV's last column holds.
    pub completeness_column: CompletenessColumn,
    /// The dimensions, in grid order: the score columns.
    pub dimensions: Vec<ColumnDoc>,
    /// Whether the profile computes an overall score.
    pub has_overall: bool,
    /// The rows scored, in input order.
    pub rows: BatchRows,
    /// The inputs (files or rows) that could not be scored, with why.
    pub failures: Vec<BatchFailureDoc>,
    /// How the processes compare, when computed.
    pub across: Option<AcrossDoc>,
}

/// Which completeness a CSV's last column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CompletenessColumn {
    /// `completeness`: the share of applicable criteria rated (as scorecards give it).
    Count,
    /// `coverage`: the share of the applicable criteria's weight that is rated.
    Weight,
}

/// A column: an id and its label.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ColumnDoc {
    /// The id.
    pub id: String,
    /// The label in the report's language.
    pub label: String,
}

/// An input that could not be scored.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BatchFailureDoc {
    /// The file (and line, for a row of a table).
    pub source: String,
    /// What went wrong (located diagnostics, rendered without colour).
    pub message: String,
}

/// Consecutive rows: names and scored values, as a reader produces them (no copy).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchRowsPart {
    /// The rows' names, one after the other.
    pub ids: String,
    /// Where each name ends in `ids`.
    pub ends: Vec<usize>,
    /// Per row, one value per dimension, the overall score, the completeness and the weighted
    /// completeness (NaN where there is none), as
    /// [`BatchScorer::score_row`](repere_core::batch::BatchScorer::score_row) writes them.
    pub values: Vec<f64>,
}

impl BatchRowsPart {
    fn id(&self, r: usize) -> &str {
        let start = if r == 0 { 0 } else { self.ends[r - 1] };
        &self.ids[start..self.ends[r]]
    }
}

/// The rows of a batch, kept as their parts; JSON writes them as an array of [`BatchRowDoc`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchRows {
    pub(crate) dimensions: usize,
    pub(crate) parts: Vec<BatchRowsPart>,
}

/// One row, as JSON writes it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BatchRowDoc<'a> {
    /// The assessment's name (a process name, a file, a table's first cell).
    pub assessment: &'a str,
    /// Each dimension's score, in grid order (`null`: no score).
    pub dimensions: Vec<Option<f64>>,
    /// The overall score.
    pub overall: Option<f64>,
    /// The share of applicable criteria rated.
    pub completeness: Option<f64>,
    /// The share of the applicable criteria's weight that is rated.
    pub coverage: Option<f64>,
}

fn num(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

impl BatchRows {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.ends.len()).sum()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The parts.
    pub fn parts(&self) -> &[BatchRowsPart] {
        &self.parts
    }

    /// The values per row: dimensions, overall, completeness, coverage.
    pub fn width(&self) -> usize {
        self.dimensions + 3
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl Iterator<Item = BatchRowDoc<'_>> {
        let w = self.width();
        let nd = self.dimensions;
        self.parts.iter().flat_map(move |p| {
            (0..p.ends.len()).map(move |r| {
                let v = &p.values[r * w..(r + 1) * w];
                BatchRowDoc {
                    assessment: p.id(r),
                    dimensions: v[..nd].iter().map(|x| num(*x)).collect(),
                    overall: num(v[nd]),
                    completeness: num(v[nd + 1]),
                    coverage: num(v[nd + 2]),
                }
            })
        })
    }
}

impl Serialize for BatchRows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for row in self.iter() {
            seq.serialize_element(&row)?;
        }
        seq.end()
    }
}

impl JsonSchema for BatchRows {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BatchRows".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<BatchRowDoc<'static>>>::json_schema(generator)
    }
}

impl BatchDoc {
    /// The rows of a batch scored with `scorer`, in `lang`. `parts` hold the values
    /// [`BatchScorer::score_row`] writes.
    pub fn new(
        scorer: &BatchScorer<'_>,
        lang: ReportLang,
        completeness_column: CompletenessColumn,
        parts: Vec<BatchRowsPart>,
        failures: Vec<BatchFailureDoc>,
    ) -> Self {
        let grid = scorer.grid();
        let l = lang.lang();
        let fallback = grid.default_lang();
        BatchDoc {
            format: Kind::Batch.format_tag().to_owned(),
            lang,
            grid: grid.id().to_string(),
            grid_version: grid.version().to_owned(),
            grid_title: grid.title().get(&l, fallback).to_owned(),
            profile: scorer.profile().id.to_string(),
            illustrative: false,
            completeness_column,
            dimensions: grid
                .dimensions()
                .iter()
                .map(|d| ColumnDoc {
                    id: d.id.to_string(),
                    label: d.label.get(&l, fallback).to_owned(),
                })
                .collect(),
            has_overall: scorer.profile().overall != repere_core::Aggregation::None,
            rows: BatchRows {
                dimensions: grid.dimensions().len(),
                parts,
            },
            failures,
            across: None,
        }
    }

    /// The rows as JSON Lines: one JSON object per row ([`BatchRowDoc`]), nothing else.
    pub fn jsonl(&self) -> String {
        let mut out = String::with_capacity(self.rows.len() * 120);
        for row in self.rows.iter() {
            out.push_str(&serde_json::to_string(&row).unwrap_or_default());
            out.push('\n');
        }
        out
    }
}

impl Report for BatchDoc {
    const KIND: Kind = Kind::Batch;

    fn lang(&self) -> ReportLang {
        self.lang
    }
}

/// How processes compare: distributions per criterion and dimension, the criteria weak
/// everywhere, the ranking with ties, and the cells for a heatmap.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AcrossDoc {
    /// Per criterion, in grid order.
    pub criteria: Vec<CriterionAcrossDoc>,
    /// Per dimension, in grid order.
    pub dimensions: Vec<DimensionAcrossDoc>,
    /// The overall score, when the profile computes one.
    pub overall: Option<DimensionAcrossDoc>,
    /// The criteria weak everywhere (ids): three quarters of the processes that rate them
    /// score them at most 0.25.
    pub weak_everywhere: Vec<String>,
    /// The processes ranked by overall score, best first; equal scores share a rank; those
    /// without an overall score last, unranked.
    pub ranking: Vec<RankDoc>,
    /// The first processes (in input order, at most [`AcrossDoc::MAX_CELLS`]), their names
    /// and each criterion's cell, for a heatmap.
    pub cells: Vec<ProcessCellsDoc>,
}

/// A criterion across processes.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CriterionAcrossDoc {
    /// The criterion's id.
    pub id: String,
    /// Its dimension's id.
    pub dimension: String,
    /// Its label.
    pub label: String,
    /// The distribution of its scores among the processes that rated it.
    pub scores: Option<DistributionDoc>,
    /// Processes that rated it not applicable.
    pub not_applicable: usize,
    /// Processes that did not assess it.
    pub not_assessed: usize,
    /// On an ordinal scale, each level with how many processes rated it so, lowest first.
    pub levels: Vec<LevelShareDoc>,
    /// Whether it is weak everywhere.
    pub weak_everywhere: bool,
}

/// A level and how many processes rated a criterion at it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LevelShareDoc {
    /// The level's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// How many processes.
    pub count: usize,
    /// Their share of the processes that rated the criterion.
    pub share: f64,
}

/// A dimension (or the overall score) across processes.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DimensionAcrossDoc {
    /// The dimension's id (`overall` for the overall score).
    pub id: String,
    /// Its label.
    pub label: String,
    /// The distribution of its scores.
    pub scores: Option<DistributionDoc>,
    /// Processes without a score.
    pub no_score: usize,
}

/// Quartiles and extremes (type 7 quantiles).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct DistributionDoc {
    /// How many scores.
    pub n: usize,
    /// The lowest.
    pub min: f64,
    /// The first quartile.
    pub q1: f64,
    /// The median.
    pub median: f64,
    /// The third quartile.
    pub q3: f64,
    /// The highest.
    pub max: f64,
    /// The mean.
    pub mean: f64,
}

impl From<&Distribution> for DistributionDoc {
    fn from(d: &Distribution) -> Self {
        DistributionDoc {
            n: d.n,
            min: d.min,
            q1: d.q1,
            median: d.median,
            q3: d.q3,
            max: d.max,
            mean: d.mean,
        }
    }
}

/// A process's place in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RankDoc {
    /// The process (assessment name).
    pub assessment: String,
    /// Its overall score.
    pub score: Option<f64>,
    /// Its rank (1 = highest); `null` without a score.
    pub rank: Option<usize>,
    /// Whether another process has the same score (and rank).
    pub tied: bool,
}

/// One process's cells.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ProcessCellsDoc {
    /// The process (assessment name).
    pub assessment: String,
    /// Each criterion's cell, in grid order.
    pub cells: Vec<CellDoc>,
}

/// A criterion's cell: a score, or why there is none (never a 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellDoc {
    /// The normalised score.
    Score(f64),
    /// Not applicable (`"na"` in JSON).
    NotApplicable,
    /// Not assessed (`null` in JSON).
    NotAssessed,
}

impl Serialize for CellDoc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            CellDoc::Score(x) => s.serialize_f64(*x),
            CellDoc::NotApplicable => s.serialize_str("na"),
            CellDoc::NotAssessed => s.serialize_none(),
        }
    }
}

impl JsonSchema for CellDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CellDoc".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A criterion's normalised score, \"na\" (not applicable) or null (not assessed).",
            "anyOf": [
                { "type": "number", "minimum": 0, "maximum": 1 },
                { "const": "na" },
                { "type": "null" }
            ]
        })
    }
}

impl CellDoc {
    /// The cell of a matrix value.
    pub fn of(x: f64) -> Self {
        if x == NOT_APPLICABLE {
            CellDoc::NotApplicable
        } else if is_rated(x) {
            CellDoc::Score(x)
        } else {
            CellDoc::NotAssessed
        }
    }
}

impl AcrossDoc {
    /// The most processes whose cells the document keeps (a heatmap shows fewer; the
    /// statistics cover every process).
    pub const MAX_CELLS: usize = 1000;

    /// The comparison of processes: `ids` their names in order, `cells` their cells and
    /// `across` the statistics computed from them ([`repere_core::batch::stats::across`]).
    pub fn new(
        scorer: &BatchScorer<'_>,
        lang: ReportLang,
        ids: &[&str],
        cells: &[f64],
        rows: &[f64],
        across: &Across,
    ) -> Self {
        let grid: &Grid = scorer.grid();
        let profile: &Profile = scorer.profile();
        let l = lang.lang();
        let fb = grid.default_lang();
        let k = scorer.criteria();
        let criteria: Vec<CriterionAcrossDoc> = grid
            .criteria()
            .zip(&across.criteria)
            .map(|((d, c), a)| {
                let rated: usize = a.scores.map_or(0, |s| s.n);
                let levels = match &grid.scale_of(c).kind {
                    ScaleKind::Ordinal(ls) => ls
                        .iter()
                        .zip(&a.levels)
                        .map(|(lv, n)| LevelShareDoc {
                            id: lv.id.to_string(),
                            label: lv.label.get(&l, fb).to_owned(),
                            count: *n,
                            share: if rated == 0 {
                                0.0
                            } else {
                                *n as f64 / rated as f64
                            },
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                CriterionAcrossDoc {
                    id: c.id.to_string(),
                    dimension: d.id.to_string(),
                    label: c.label.get(&l, fb).to_owned(),
                    scores: a.scores.as_ref().map(DistributionDoc::from),
                    not_applicable: a.not_applicable,
                    not_assessed: a.not_assessed,
                    levels,
                    weak_everywhere: a.weak_everywhere,
                }
            })
            .collect();
        let dimensions = grid
            .dimensions()
            .iter()
            .zip(&across.dimensions)
            .map(|(d, a)| DimensionAcrossDoc {
                id: d.id.to_string(),
                label: d.label.get(&l, fb).to_owned(),
                scores: a.scores.as_ref().map(DistributionDoc::from),
                no_score: a.no_score,
            })
            .collect();
        let overall =
            (profile.overall != repere_core::Aggregation::None).then(|| DimensionAcrossDoc {
                id: "overall".to_owned(),
                label: match lang {
                    ReportLang::Fr => "Résultat global".to_owned(),
                    _ => "Overall result".to_owned(),
                },
                scores: across.overall.scores.as_ref().map(DistributionDoc::from),
                no_score: across.overall.no_score,
            });
        let w = scorer.row_width();
        let nd = scorer.dimensions();
        let mut ranking: Vec<RankDoc> = ids
            .iter()
            .enumerate()
            .map(|(j, id)| {
                let r = across.overall_ranks.get(j).copied().flatten();
                RankDoc {
                    assessment: (*id).to_owned(),
                    score: num(rows[j * w + nd]),
                    rank: r.map(|r| r.rank),
                    tied: r.is_some_and(|r| r.tied),
                }
            })
            .collect();
        if overall.is_some() {
            // Stable: equal ranks keep input order; unranked last.
            ranking.sort_by_key(|r| r.rank.unwrap_or(usize::MAX));
        } else {
            ranking.clear();
        }
        AcrossDoc {
            weak_everywhere: criteria
                .iter()
                .filter(|c| c.weak_everywhere)
                .map(|c| c.id.clone())
                .collect(),
            criteria,
            dimensions,
            overall,
            ranking,
            cells: ids
                .iter()
                .take(Self::MAX_CELLS)
                .enumerate()
                .map(|(j, id)| ProcessCellsDoc {
                    assessment: (*id).to_owned(),
                    cells: cells[j * k..(j + 1) * k]
                        .iter()
                        .map(|x| CellDoc::of(*x))
                        .collect(),
                })
                .collect(),
        }
    }
}
