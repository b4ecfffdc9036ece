//! Consolidation reports: several assessors side by side.

use std::fmt::Write as _;

use repere_core::{Consolidation, Divergence, Grid, Profile};
use schemars::JsonSchema;
use serde::Serialize;

use crate::escape::{md_text, terminal_line};
use crate::i18n::{Key, ReportLang, t, vocab};
use crate::model::{pct, provenance_tag};
use crate::render::html_head;
use crate::svg::{self, Series, esc};

/// The version of the JSON consolidation format.
pub const CONSOLIDATION_FORMAT: &str = "repere-consolidation/1";

/// A consolidation report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ConsolidationDoc {
    /// Always `repere-consolidation/1`.
    pub format: String,
    /// The language of labels.
    pub lang: String,
    /// The grid id.
    pub grid: String,
    /// The grid version.
    pub grid_version: String,
    /// The grid title.
    pub grid_title: String,
    /// The profile id.
    pub profile: String,
    /// The processes, in order of first appearance.
    pub processes: Vec<String>,
    /// The assessments, in input order.
    pub members: Vec<MemberDoc>,
    /// The assessors' agreement over all ratings.
    pub agreement: AgreementDoc,
    /// Per dimension, each member's score.
    pub dimensions: Vec<DimensionRowDoc>,
    /// Per criterion.
    pub criteria: Vec<CriterionRowDoc>,
}

/// An assessment of the consolidation.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct MemberDoc {
    /// The process.
    pub process: String,
    /// The assessor.
    pub assessor: String,
    /// The role.
    pub role: String,
    /// The phase.
    pub phase: String,
}

/// Krippendorff's alpha, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AgreementDoc {
    /// Alpha, when defined.
    pub alpha: Option<f64>,
    /// The level of measurement.
    pub level: String,
    /// Pairable units.
    pub units: Option<usize>,
    /// Pairable values.
    pub pairable_values: Option<usize>,
    /// Why alpha is undefined.
    pub undefined: Option<String>,
}

/// A dimension's scores by member.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct DimensionRowDoc {
    /// The dimension id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Per member, the score.
    pub scores: Vec<Option<f64>>,
}

/// A criterion across members.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CriterionRowDoc {
    /// The criterion id.
    pub id: String,
    /// Its dimension.
    pub dimension: String,
    /// Its label.
    pub label: String,
    /// Its provenance.
    pub provenance: String,
    /// Per member, the rating's label.
    pub ratings: Vec<Option<String>>,
    /// Per member, the score.
    pub scores: Vec<Option<f64>>,
    /// How many rated it.
    pub rated: usize,
    /// How many said not applicable.
    pub not_applicable: usize,
    /// How many did not assess it.
    pub not_assessed: usize,
    /// Median score.
    pub median: Option<f64>,
    /// Mean score.
    pub mean: Option<f64>,
    /// Lowest score.
    pub min: Option<f64>,
    /// Highest score.
    pub max: Option<f64>,
    /// Count per label.
    pub distribution: Vec<(String, usize)>,
    /// Mean score per role.
    pub by_role: Vec<(String, f64)>,
    /// Agreement across processes, when several.
    pub agreement: Option<AgreementDoc>,
    /// Divergence flags, in words.
    pub divergences: Vec<String>,
}

fn agreement_doc(
    a: &Result<repere_core::agreement::Alpha, repere_core::agreement::AgreementError>,
) -> AgreementDoc {
    match a {
        Ok(a) => AgreementDoc {
            alpha: Some(a.value),
            level: a.level.to_string(),
            units: Some(a.units),
            pairable_values: Some(a.pairable_values),
            undefined: None,
        },
        Err(e) => AgreementDoc {
            alpha: None,
            level: "ordinal".to_owned(),
            units: None,
            pairable_values: None,
            undefined: Some(e.to_string()),
        },
    }
}

fn divergence_text(d: &Divergence, lang: ReportLang) -> String {
    let fr = lang == ReportLang::Fr;
    match d {
        Divergence::LevelSpread {
            process,
            lowest,
            highest,
            levels_apart,
        } => {
            if fr {
                format!("{process} : notes à {levels_apart} niveaux d'écart ({lowest} à {highest})")
            } else {
                format!("{process}: ratings {levels_apart} levels apart ({lowest} to {highest})")
            }
        }
        Divergence::ScoreSpread { process, range } => {
            if fr {
                format!(
                    "{process} : scores à {} points d'écart",
                    (range * 100.0).round()
                )
            } else {
                format!("{process}: scores {} points apart", (range * 100.0).round())
            }
        }
        Divergence::RolesDisagree {
            process,
            lower,
            higher,
            gap,
        } => {
            if fr {
                format!(
                    "{process} : {} note plus haut que {} ({} points)",
                    vocab(lang, higher.as_str()),
                    vocab(lang, lower.as_str()),
                    (gap * 100.0).round()
                )
            } else {
                format!(
                    "{process}: {} rate higher than {} ({} points)",
                    vocab(lang, higher.as_str()),
                    vocab(lang, lower.as_str()),
                    (gap * 100.0).round()
                )
            }
        }
        Divergence::Applicability {
            process,
            rated,
            not_applicable,
        } => {
            if fr {
                format!(
                    "{process} : {rated} évaluent le critère, {not_applicable} le jugent sans objet"
                )
            } else {
                format!(
                    "{process}: {rated} rate the criterion, {not_applicable} find it not applicable"
                )
            }
        }
        Divergence::LowAgreement { alpha } => {
            if fr {
                format!(
                    "accord faible entre processus (α = {alpha:.3}) : descripteurs appliqués de façon hétérogène ?"
                )
            } else {
                format!(
                    "low agreement across processes (α = {alpha:.3}): descriptors applied inconsistently?"
                )
            }
        }
        _ => String::new(),
    }
}

impl ConsolidationDoc {
    /// Builds the document.
    pub fn new(grid: &Grid, profile: &Profile, c: &Consolidation, lang: ReportLang) -> Self {
        let l = lang.lang();
        let fb = grid.default_lang();
        ConsolidationDoc {
            format: CONSOLIDATION_FORMAT.to_owned(),
            lang: lang.as_str().to_owned(),
            grid: grid.id().to_string(),
            grid_version: grid.version().to_owned(),
            grid_title: grid.title().get(&l, fb).to_owned(),
            profile: profile.id.to_string(),
            processes: c.processes.clone(),
            members: c
                .members
                .iter()
                .map(|m| MemberDoc {
                    process: m.process.clone(),
                    assessor: m.assessor.clone(),
                    role: m.role.as_str().to_owned(),
                    phase: m.phase.as_str().to_owned(),
                })
                .collect(),
            agreement: agreement_doc(&c.agreement),
            dimensions: grid
                .dimensions()
                .iter()
                .enumerate()
                .map(|(i, d)| DimensionRowDoc {
                    id: d.id.to_string(),
                    label: d.label.get(&l, fb).to_owned(),
                    scores: c
                        .scorecards
                        .iter()
                        .map(|s| s.dimensions[i].score())
                        .collect(),
                })
                .collect(),
            criteria: c
                .criteria
                .iter()
                .enumerate()
                .map(|(ki, k)| {
                    let crit = grid.criterion(k.id.as_str()).map(|(_, x)| x);
                    let ratings = c
                        .scorecards
                        .iter()
                        .map(|card| match (&card.criteria[ki].status, crit) {
                            (repere_core::CriterionStatus::Rated { value, .. }, Some(x)) => {
                                Some(grid.scale_of(x).value_label(value, &l, fb))
                            }
                            _ => None,
                        })
                        .collect();
                    CriterionRowDoc {
                        id: k.id.to_string(),
                        dimension: k.dimension.to_string(),
                        label: crit
                            .map_or_else(|| k.id.to_string(), |x| x.label.get(&l, fb).to_owned()),
                        provenance: crit
                            .map_or("illustrative", |x| x.provenance.as_str())
                            .to_owned(),
                        ratings,
                        scores: k.scores.clone(),
                        rated: k.rated,
                        not_applicable: k.not_applicable,
                        not_assessed: k.not_assessed,
                        median: k.median,
                        mean: k.mean,
                        min: k.min,
                        max: k.max,
                        distribution: k.distribution.clone(),
                        by_role: k
                            .by_role
                            .iter()
                            .map(|(r, m)| (r.as_str().to_owned(), *m))
                            .collect(),
                        agreement: k.agreement.as_ref().map(agreement_doc),
                        divergences: k
                            .divergences
                            .iter()
                            .map(|d| divergence_text(d, lang))
                            .collect(),
                    }
                })
                .collect(),
        }
    }

    /// The name of member `i`, its parts made safe by `f`.
    fn member_name(&self, i: usize, lang: ReportLang, f: Clean) -> String {
        let m = &self.members[i];
        if self.processes.len() > 1 {
            format!(
                "{} — {} ({})",
                f(&m.process),
                f(&m.assessor),
                f(&vocab(lang, &m.role))
            )
        } else {
            format!("{} ({})", f(&m.assessor), f(&vocab(lang, &m.role)))
        }
    }
}

/// How user text is made safe for one format: [`terminal_line`] for text, [`md_text`] for
/// Markdown, nothing for HTML (whose renderer escapes whole strings with [`esc`]).
type Clean = fn(&str) -> String;

fn text_line(s: &str) -> String {
    terminal_line(s).into_owned()
}

fn raw(s: &str) -> String {
    s.to_owned()
}

fn alpha_text(a: &AgreementDoc, lang: ReportLang, f: Clean) -> String {
    match (a.alpha, &a.undefined) {
        (Some(x), _) => {
            let verdict = if x >= 0.8 {
                if lang == ReportLang::Fr {
                    "fiable"
                } else {
                    "reliable"
                }
            } else if x >= 0.667 {
                if lang == ReportLang::Fr {
                    "conclusions provisoires seulement"
                } else {
                    "tentative conclusions only"
                }
            } else if lang == ReportLang::Fr {
                "accord insuffisant"
            } else {
                "insufficient agreement"
            };
            format!("α ({}) = {x:.3} — {verdict}", f(&a.level))
        }
        (None, Some(why)) => format!("α: {}", f(why)),
        _ => "α: —".to_owned(),
    }
}

/// The consolidation as terminal text; user text goes through [`terminal_line`].
pub fn text(doc: &ConsolidationDoc, lang: ReportLang) -> String {
    let f: Clean = text_line;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} ({} {})",
        t(lang, Key::Consolidation),
        f(&doc.grid_title),
        f(&doc.grid),
        f(&doc.grid_version)
    );
    let _ = writeln!(s, "{}:", t(lang, Key::Assessments));
    for (i, _) in doc.members.iter().enumerate() {
        let _ = writeln!(
            s,
            "  [{}] {} · {}",
            i + 1,
            doc.member_name(i, lang, f),
            f(&vocab(lang, &doc.members[i].phase))
        );
    }
    let _ = writeln!(
        s,
        "{}: {}\n",
        t(lang, Key::Agreement),
        alpha_text(&doc.agreement, lang, f)
    );
    let _ = writeln!(s, "{}", t(lang, Key::Dimensions));
    for d in &doc.dimensions {
        let cells: Vec<String> = d
            .scores
            .iter()
            .enumerate()
            .map(|(i, x)| format!("[{}] {:>5}", i + 1, pct(*x)))
            .collect();
        let _ = writeln!(s, "  {:<32} {}", f(&d.label), cells.join("  "));
    }
    let _ = writeln!(s, "\n{}", t(lang, Key::Criteria));
    for c in &doc.criteria {
        let ratings: Vec<String> = c
            .ratings
            .iter()
            .enumerate()
            .map(|(i, r)| format!("[{}] {}", i + 1, f(r.as_deref().unwrap_or("—"))))
            .collect();
        let _ = writeln!(
            s,
            "  [{}] {} — {}: {} · {}: {} · {}: {}–{}",
            provenance_tag(&c.provenance),
            f(&c.label),
            t(lang, Key::Median),
            pct(c.median),
            t(lang, Key::Mean),
            pct(c.mean),
            t(lang, Key::Range),
            pct(c.min),
            pct(c.max)
        );
        let _ = writeln!(s, "      {}", ratings.join("  "));
        if let Some(a) = &c.agreement {
            let _ = writeln!(s, "      {}", alpha_text(a, lang, f));
        }
        for d in &c.divergences {
            let _ = writeln!(s, "      ⚠ {}", f(d));
        }
    }
    let flagged = doc
        .criteria
        .iter()
        .filter(|c| !c.divergences.is_empty())
        .count();
    let _ = writeln!(s, "\n{}: {flagged}", t(lang, Key::Divergences));
    s
}

/// The consolidation as Markdown; user text goes through [`md_text`].
pub fn markdown(doc: &ConsolidationDoc, lang: ReportLang) -> String {
    let f: Clean = md_text;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — {}\n",
        t(lang, Key::Consolidation),
        f(&doc.grid_title)
    );
    let _ = writeln!(
        s,
        "- **{}**: {} {}",
        t(lang, Key::Grid),
        f(&doc.grid),
        f(&doc.grid_version)
    );
    let _ = writeln!(
        s,
        "- **{}**: {}\n",
        t(lang, Key::Agreement),
        alpha_text(&doc.agreement, lang, f)
    );
    let _ = writeln!(s, "## {}\n", t(lang, Key::Assessments));
    for (i, m) in doc.members.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. {} · {}",
            i + 1,
            doc.member_name(i, lang, f),
            f(&vocab(lang, &m.phase))
        );
    }
    let head: Vec<String> = (1..=doc.members.len()).map(|i| format!("[{i}]")).collect();
    let _ = writeln!(
        s,
        "\n## {}\n\n| {} | {} |\n|---|{}",
        t(lang, Key::Dimensions),
        t(lang, Key::Dimension),
        head.join(" | "),
        "---:|".repeat(doc.members.len())
    );
    for d in &doc.dimensions {
        let cells: Vec<String> = d.scores.iter().map(|x| pct(*x)).collect();
        let _ = writeln!(s, "| {} | {} |", f(&d.label), cells.join(" | "));
    }
    let _ = writeln!(
        s,
        "\n## {}\n\n| {} | {} | {} | {} | {} |\n|---|{}---:|---|---|",
        t(lang, Key::Criteria),
        t(lang, Key::Criterion),
        head.join(" | "),
        t(lang, Key::Median),
        t(lang, Key::Distribution),
        t(lang, Key::Divergences),
        "---|".repeat(doc.members.len())
    );
    for c in &doc.criteria {
        let cells: Vec<String> = c
            .ratings
            .iter()
            .map(|r| f(r.as_deref().unwrap_or("—")))
            .collect();
        let dist: Vec<String> = c
            .distribution
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| format!("{}: {n}", f(l)))
            .collect();
        let div: Vec<String> = c.divergences.iter().map(|d| f(d)).collect();
        let _ = writeln!(
            s,
            "| {} [{}] | {} | {} | {} | {} |",
            f(&c.label),
            provenance_tag(&c.provenance),
            cells.join(" | "),
            pct(c.median),
            dist.join(", "),
            div.join("; ")
        );
    }
    s
}

/// The consolidation as a self-contained HTML page, with a radar of one polygon per assessor.
pub fn html(doc: &ConsolidationDoc, lang: ReportLang) -> String {
    let title = format!("{} — {}", t(lang, Key::Consolidation), doc.grid_title);
    let mut s = html_head(&title, lang);
    let _ = writeln!(s, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        s,
        "<p>{} {} · {}: <strong>{}</strong></p>",
        esc(&doc.grid),
        esc(&doc.grid_version),
        t(lang, Key::Agreement),
        esc(&alpha_text(&doc.agreement, lang, raw))
    );
    let _ = writeln!(s, "<h2>{}</h2>\n<ol>", t(lang, Key::Assessments));
    for (i, m) in doc.members.iter().enumerate() {
        let _ = writeln!(
            s,
            "<li>{} · {}</li>",
            esc(&doc.member_name(i, lang, raw)),
            esc(&vocab(lang, &m.phase))
        );
    }
    s.push_str("</ol>\n");
    let axes: Vec<String> = doc.dimensions.iter().map(|d| d.label.clone()).collect();
    let series: Vec<Series> = (0..doc.members.len())
        .map(|i| Series {
            name: format!("[{}] {}", i + 1, doc.member_name(i, lang, raw)),
            color: svg::PALETTE[i % svg::PALETTE.len()].to_owned(),
            values: doc.dimensions.iter().map(|d| d.scores[i]).collect(),
        })
        .collect();
    let _ = writeln!(s, "<h2>{}</h2>", t(lang, Key::Radar));
    s.push_str(&svg::radar(t(lang, Key::Radar), &axes, &series));
    let head: String = (1..=doc.members.len())
        .map(|i| format!("<th>[{i}]</th>"))
        .collect();
    let _ = writeln!(
        s,
        "<h2>{}</h2>\n<table class=\"criteria\"><tr><th>{}</th>{head}<th>{}</th><th>{}</th><th>{}</th></tr>",
        t(lang, Key::Criteria),
        t(lang, Key::Criterion),
        t(lang, Key::Median),
        t(lang, Key::Distribution),
        t(lang, Key::Divergences)
    );
    for c in &doc.criteria {
        let cells: String = c
            .ratings
            .iter()
            .map(|r| format!("<td>{}</td>", esc(r.as_deref().unwrap_or("—"))))
            .collect();
        let dist: Vec<String> = c
            .distribution
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| format!("{l}: {n}"))
            .collect();
        let div: String = c
            .divergences
            .iter()
            .map(|d| format!("<div>⚠ {}</div>", esc(d)))
            .collect();
        let _ = writeln!(
            s,
            "<tr data-criterion=\"{}\"><td>{}<span class=\"tag\">{}</span></td>{cells}<td class=\"num\">{}</td><td>{}</td><td>{div}</td></tr>",
            esc(&c.id),
            esc(&c.label),
            provenance_tag(&c.provenance),
            pct(c.median),
            esc(&dist.join(", "))
        );
    }
    let _ = writeln!(
        s,
        "</table>\n<footer>{} · {}</footer>\n</body>\n</html>",
        t(lang, Key::ProvenanceNote),
        t(lang, Key::GeneratedBy)
    );
    s
}

/// The consolidation as pretty JSON.
pub fn json(doc: &ConsolidationDoc) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}
