//! Comparison reports: two scorecards of the same grid side by side.

use std::fmt::Write as _;

use repere_core::{Comparison, Delta};
use schemars::JsonSchema;
use serde::Serialize;

use crate::escape::{md_text, terminal_line};
use crate::i18n::{Key, ReportLang, t};
use crate::model::{ScorecardDoc, pct, signed_points};

/// The version of the JSON comparison format.
pub const COMPARISON_FORMAT: &str = "repere-comparison/1";

/// A comparison report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ComparisonDoc {
    /// Always `repere-comparison/1`.
    pub format: String,
    /// The grid id.
    pub grid: String,
    /// The grid version.
    pub grid_version: String,
    /// The first assessment.
    pub before: SideDoc,
    /// The second assessment.
    pub after: SideDoc,
    /// The overall scores, when both have one.
    pub overall: Option<DeltaDoc>,
    /// Per dimension.
    pub dimensions: Vec<DeltaDoc>,
    /// Per criterion.
    pub criteria: Vec<DeltaDoc>,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct SideDoc {
    /// The process.
    pub process: String,
    /// The assessor.
    pub assessor: String,
    /// The role.
    pub role: String,
    /// The phase.
    pub phase: String,
    /// The date.
    pub date: Option<String>,
}

/// One compared node.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DeltaDoc {
    /// The criterion or dimension id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The first score.
    pub before: Option<f64>,
    /// The second score.
    pub after: Option<f64>,
    /// after − before.
    pub delta: Option<f64>,
    /// The first level or band.
    pub level_before: Option<String>,
    /// The second level or band.
    pub level_after: Option<String>,
    /// `up`, `down`, `same`, `newly-rated`, `no-longer-rated` or `unrated`.
    pub change: String,
}

impl ComparisonDoc {
    /// Builds the document from the two scorecard documents and their comparison.
    pub fn new(before: &ScorecardDoc, after: &ScorecardDoc, cmp: &Comparison) -> Self {
        let side = |d: &ScorecardDoc| SideDoc {
            process: d.process.name.clone(),
            assessor: d.assessment.assessor.clone(),
            role: d.assessment.role.clone(),
            phase: d.assessment.phase.clone(),
            date: d.assessment.date.clone(),
        };
        let delta = |d: &Delta, label: String| DeltaDoc {
            id: d.id.to_string(),
            label,
            before: d.before,
            after: d.after,
            delta: d.delta,
            level_before: d.label_before.clone(),
            level_after: d.label_after.clone(),
            change: d.change.as_str().to_owned(),
        };
        let dim_label = |id: &str| {
            before
                .dimensions
                .iter()
                .find(|d| d.id == id)
                .map_or_else(|| id.to_owned(), |d| d.label.clone())
        };
        ComparisonDoc {
            format: COMPARISON_FORMAT.to_owned(),
            grid: before.grid.id.clone(),
            grid_version: before.grid.version.clone(),
            before: side(before),
            after: side(after),
            overall: cmp.overall.as_ref().map(|d| delta(d, "overall".to_owned())),
            dimensions: cmp
                .dimensions
                .iter()
                .map(|d| delta(d, dim_label(d.id.as_str())))
                .collect(),
            criteria: cmp
                .criteria
                .iter()
                .map(|d| delta(d, before.criterion_label(d.id.as_str()).to_owned()))
                .collect(),
        }
    }
}

fn arrow(change: &str) -> &'static str {
    match change {
        "up" => "↑",
        "down" => "↓",
        "same" => "=",
        "newly-rated" => "+",
        "no-longer-rated" => "−",
        _ => " ",
    }
}

/// How user text is made safe for one format.
type Clean = fn(&str) -> String;

fn text_line(s: &str) -> String {
    terminal_line(s).into_owned()
}

fn side_line(s: &SideDoc, f: Clean) -> String {
    format!(
        "{} — {} ({}), {}{}",
        f(&s.process),
        f(&s.assessor),
        f(&s.role),
        f(&s.phase),
        s.date
            .as_ref()
            .map(|d| format!(", {}", f(d)))
            .unwrap_or_default()
    )
}

fn level_pair(d: &DeltaDoc, f: Clean) -> String {
    match (&d.level_before, &d.level_after) {
        (Some(a), Some(b)) if a != b => format!("{} → {}", f(a), f(b)),
        (Some(a), Some(_)) => f(a),
        (None, Some(b)) => format!("— → {}", f(b)),
        (Some(a), None) => format!("{} → —", f(a)),
        (None, None) => String::new(),
    }
}

/// The comparison as terminal text; user text goes through [`terminal_line`].
pub fn text(doc: &ComparisonDoc, lang: ReportLang) -> String {
    let f: Clean = text_line;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} {}",
        t(lang, Key::Comparison),
        f(&doc.grid),
        f(&doc.grid_version)
    );
    let _ = writeln!(
        s,
        "  {}: {}",
        t(lang, Key::Before),
        side_line(&doc.before, f)
    );
    let _ = writeln!(
        s,
        "  {}: {}\n",
        t(lang, Key::After),
        side_line(&doc.after, f)
    );
    if let Some(o) = &doc.overall {
        let _ = writeln!(
            s,
            "{}: {} → {} ({})\n",
            t(lang, Key::Overall),
            pct(o.before),
            pct(o.after),
            signed_points(o.delta)
        );
    }
    let w = doc
        .criteria
        .iter()
        .chain(&doc.dimensions)
        .map(|d| d.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(44);
    for (title, rows) in [
        (Key::Dimensions, &doc.dimensions),
        (Key::Criteria, &doc.criteria),
    ] {
        let _ = writeln!(s, "{}", t(lang, title));
        for d in rows {
            let _ = writeln!(
                s,
                "  {} {:<w$}  {:>5} → {:<5}  {:>4}  {}",
                arrow(&d.change),
                f(&d.label),
                pct(d.before),
                pct(d.after),
                signed_points(d.delta),
                level_pair(d, f)
            );
        }
        s.push('\n');
    }
    let changes: Vec<&DeltaDoc> = doc
        .criteria
        .iter()
        .filter(|d| d.level_before != d.level_after)
        .collect();
    let _ = writeln!(s, "{}: {}", t(lang, Key::LevelChanges), changes.len());
    s
}

/// The comparison as Markdown; user text goes through [`md_text`].
pub fn markdown(doc: &ComparisonDoc, lang: ReportLang) -> String {
    let f: Clean = md_text;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — {} {}\n",
        t(lang, Key::Comparison),
        f(&doc.grid),
        f(&doc.grid_version)
    );
    let _ = writeln!(
        s,
        "- **{}**: {}",
        t(lang, Key::Before),
        side_line(&doc.before, f)
    );
    let _ = writeln!(
        s,
        "- **{}**: {}\n",
        t(lang, Key::After),
        side_line(&doc.after, f)
    );
    if let Some(o) = &doc.overall {
        let _ = writeln!(
            s,
            "**{}**: {} → {} ({})\n",
            t(lang, Key::Overall),
            pct(o.before),
            pct(o.after),
            signed_points(o.delta)
        );
    }
    for (title, rows) in [
        (Key::Dimensions, &doc.dimensions),
        (Key::Criteria, &doc.criteria),
    ] {
        let _ = writeln!(
            s,
            "## {}\n\n| | {} | {} | {} | Δ | {} |\n|---|---|---:|---:|---:|---|",
            t(lang, title),
            t(
                lang,
                if title == Key::Dimensions {
                    Key::Dimension
                } else {
                    Key::Criterion
                }
            ),
            t(lang, Key::Before),
            t(lang, Key::After),
            t(lang, Key::Level)
        );
        for d in rows {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                arrow(&d.change),
                f(&d.label),
                pct(d.before),
                pct(d.after),
                signed_points(d.delta),
                level_pair(d, f)
            );
        }
        s.push('\n');
    }
    s
}

/// The comparison as pretty JSON.
pub fn json(doc: &ComparisonDoc) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}
