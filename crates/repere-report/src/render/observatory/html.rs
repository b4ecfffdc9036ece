//! The observatory's pages: a batch compared (heatmap, small multiples, ranking) and a
//! sensitivity analysis (acceptability bars, score ranges, tornado chart).
//!
//! Not assessed is never drawn as 0: a heatmap cell without a score is blank and marked, a
//! chart leaves it out and says how many.

use super::{percent, score3, w};
use crate::doc::batch::{BatchDoc, CellDoc, DistributionDoc};
use crate::doc::sensitivity::SensitivityDoc;
use crate::i18n::ReportLang;
use crate::render::html::markup::Html;
use crate::render::html::{page_end, page_start};

/// The most processes drawn in a heatmap or listed in a ranking.
const MAX_ROWS: usize = 500;

/// Extra styles of these pages (constant markup).
const STYLE: &str = "<style>.heat td{padding:0;width:1.1rem;height:1.1rem;border:1px solid #fff;font-size:.6rem;text-align:center}
.heat th{font-size:.7rem;font-weight:400;white-space:nowrap}.heat th.v{writing-mode:vertical-rl;transform:rotate(180deg)}
.heat td.nas{background:#fff;border:1px dashed #9aa1ab;color:#9aa1ab}.heat td.nap{background:#d9dde3;color:#52606d}
.multiples{display:flex;flex-wrap:wrap;gap:.6rem}.multiples figure{margin:0;width:200px;font-size:.75rem}
.illustrative{background:#fff3c4;border:1px solid #e9b949;padding:.4rem .6rem;border-radius:4px}</style>\n";

/// A colour from red (0) through yellow to green (1).
fn colour(x: f64) -> String {
    let x = x.clamp(0.0, 1.0);
    let (r, g, b) = if x < 0.5 {
        let t = x / 0.5;
        (
            214.0 + (247.0 - 214.0) * t,
            69.0 + (201.0 - 69.0) * t,
            65.0 + (72.0 - 65.0) * t,
        )
    } else {
        let t = (x - 0.5) / 0.5;
        (
            247.0 + (49.0 - 247.0) * t,
            201.0 + (163.0 - 201.0) * t,
            72.0 + (84.0 - 72.0) * t,
        )
    };
    format!("#{:02x}{:02x}{:02x}", r as u8, g as u8, b as u8)
}

fn f(x: f64) -> String {
    format!("{x:.1}")
}

fn illustrative(h: &mut Html, lang: ReportLang) {
    h.element(
        "p",
        &[("class", "illustrative")],
        w(
            lang,
            "Données illustratives : des démarches fictives, générées pour la démonstration. Aucune conclusion sur des démarches réelles.",
            "Illustrative data: made-up processes, generated for a demonstration. No conclusion about real processes.",
        ),
    )
    .newline();
}

/// What heads an observatory page.
struct Head<'a> {
    lang: ReportLang,
    /// What the page shows (`Observatory`), before the grid's title.
    what: &'static str,
    grid_title: &'a str,
    grid: &'a str,
    grid_version: &'a str,
    profile: &'a str,
    /// How many of what is `counted` (processes, weight vectors).
    count: usize,
    counted: &'static str,
}

/// The start of an observatory page: its title (`what — grid title`), the style, the heading,
/// the line naming the grid, its version, the profile and the count, and the warning of
/// illustrative data.
fn head(head: Head<'_>, illustrative_data: bool) -> Html {
    let lang = head.lang;
    let title = format!("{} — {}", head.what, head.grid_title);
    let mut h = page_start(&title, lang);
    h.raw_trusted(STYLE);
    h.element("h1", &[], &title).newline();
    h.open("p", &[])
        .text(head.grid)
        .text(" ")
        .text(head.grid_version)
        .text(" · ")
        .fixed(w(lang, "profil", "profile"))
        .text(" ")
        .text(head.profile)
        .text(&format!(" · {} ", head.count))
        .fixed(head.counted)
        .close("p")
        .newline();
    if illustrative_data {
        illustrative(&mut h, lang);
    }
    h
}

/// The batch page.
pub(crate) fn batch(doc: &BatchDoc) -> String {
    let lang = doc.lang;
    let mut h = head(
        Head {
            lang,
            what: w(lang, "Observatoire", "Observatory"),
            grid_title: &doc.grid_title,
            grid: &doc.grid,
            grid_version: &doc.grid_version,
            profile: &doc.profile,
            count: doc.rows.len(),
            counted: w(lang, "démarches", "processes"),
        },
        doc.illustrative,
    );
    if !doc.failures.is_empty() {
        h.element(
            "h2",
            &[],
            w(lang, "Entrées non notées", "Inputs not scored"),
        )
        .newline();
        h.open("ul", &[]);
        for fl in &doc.failures {
            h.open("li", &[])
                .element("code", &[], &fl.source)
                .text(" ")
                .text(fl.message.lines().next().unwrap_or_default())
                .close("li");
        }
        h.close("ul").newline();
    }
    if let Some(a) = &doc.across {
        // Dimensions: small multiples of box plots.
        h.element(
            "h2",
            &[],
            w(
                lang,
                "Dimensions : distribution entre démarches",
                "Dimensions: distribution across processes",
            ),
        )
        .newline();
        h.open("div", &[("class", "multiples")]);
        for d in a.dimensions.iter().chain(a.overall.iter()) {
            h.open("figure", &[]);
            boxplot(&mut h, d.scores.as_ref());
            h.open("figcaption", &[]).text(&d.label);
            if let Some(s) = &d.scores {
                h.text(&format!(
                    " — {} {}",
                    w(lang, "médiane", "median"),
                    score3(Some(s.median), lang)
                ));
            }
            if d.no_score > 0 {
                h.text(&format!(
                    " · {} {}",
                    d.no_score,
                    w(lang, "sans score", "without a score")
                ));
            }
            h.close("figcaption").close("figure");
        }
        h.close("div").newline();
        // Criteria: share at each level, small multiples.
        h.element(
            "h2",
            &[],
            w(
                lang,
                "Critères : part des démarches à chaque niveau",
                "Criteria: share of processes at each level",
            ),
        )
        .newline();
        if a.weak_everywhere.is_empty() {
            h.element(
                "p",
                &[],
                w(
                    lang,
                    "Aucun critère n'est faible partout.",
                    "No criterion is weak everywhere.",
                ),
            );
        } else {
            h.open("p", &[]).open("strong", &[]).fixed(w(
                lang,
                "Faibles partout (trois quarts des démarches à 0,25 ou moins) :",
                "Weak everywhere (three quarters of the processes at 0.25 or less):",
            ));
            h.close("strong");
            for id in &a.weak_everywhere {
                h.text(" ").element("code", &[], id);
            }
            h.close("p");
        }
        h.newline().open("div", &[("class", "multiples")]);
        for c in &a.criteria {
            h.open("figure", &[]);
            levels_bar(&mut h, c);
            h.open("figcaption", &[]).text(&c.label);
            if let Some(s) = &c.scores {
                h.text(&format!(
                    " — {} {}",
                    w(lang, "médiane", "median"),
                    score3(Some(s.median), lang)
                ));
            }
            if c.not_assessed > 0 {
                h.text(&format!(
                    " · {} {}",
                    c.not_assessed,
                    w(lang, "non évalué(s)", "not assessed")
                ));
            }
            if c.not_applicable > 0 {
                h.text(&format!(
                    " · {} {}",
                    c.not_applicable,
                    w(lang, "sans objet", "not applicable")
                ));
            }
            h.close("figcaption").close("figure");
        }
        h.close("div").newline();
        heatmap(&mut h, doc);
        if !a.ranking.is_empty() {
            h.element(
                "h2",
                &[],
                w(lang, "Classement (score global)", "Ranking (overall score)"),
            )
            .newline();
            h.open("table", &[]).open("tr", &[]);
            for head in [
                w(lang, "Rang", "Rank"),
                w(lang, "Démarche", "Process"),
                w(lang, "Score global", "Overall score"),
            ] {
                h.element("th", &[], head);
            }
            h.close("tr").newline();
            for r in a.ranking.iter().take(MAX_ROWS) {
                let rank = match (r.rank, r.tied) {
                    (Some(k), true) => format!("={k}"),
                    (Some(k), false) => k.to_string(),
                    (None, _) => "–".to_owned(),
                };
                h.open("tr", &[])
                    .element("td", &[("class", "num")], &rank)
                    .element("td", &[], &r.assessment)
                    .element("td", &[("class", "num")], &score3(r.score, lang))
                    .close("tr")
                    .newline();
            }
            h.close("table").newline();
            h.element(
                "p",
                &[("class", "hint")],
                w(
                    lang,
                    "« =2 » : ex æquo, même score et même rang. Sans score global : non classé (jamais compté 0).",
                    "“=2”: tied, same score and same rank. Without an overall score: unranked (never counted as 0).",
                ),
            );
        }
    }
    h.open("footer", &[])
        .fixed(w(lang, "Produit par Repère", "Produced by Repère"))
        .close("footer")
        .newline();
    page_end(h)
}

/// A box plot of a distribution on [0, 1], 200 × 40.
fn boxplot(h: &mut Html, d: Option<&DistributionDoc>) {
    h.open(
        "svg",
        &[
            ("width", "200"),
            ("height", "40"),
            ("viewBox", "0 0 200 40"),
            ("role", "img"),
        ],
    );
    h.empty(
        "line",
        &[
            ("x1", "10"),
            ("x2", "190"),
            ("y1", "34"),
            ("y2", "34"),
            ("stroke", "#9aa1ab"),
        ],
    );
    if let Some(d) = d {
        let x = |v: f64| 10.0 + 180.0 * v.clamp(0.0, 1.0);
        h.empty(
            "line",
            &[
                ("x1", &f(x(d.min))),
                ("x2", &f(x(d.max))),
                ("y1", "16"),
                ("y2", "16"),
                ("stroke", "#52606d"),
            ],
        );
        h.empty(
            "rect",
            &[
                ("x", &f(x(d.q1))),
                ("y", "6"),
                ("width", &f((x(d.q3) - x(d.q1)).max(1.0))),
                ("height", "20"),
                ("fill", &colour(d.median)),
                ("stroke", "#1f2933"),
            ],
        );
        h.empty(
            "line",
            &[
                ("x1", &f(x(d.median))),
                ("x2", &f(x(d.median))),
                ("y1", "6"),
                ("y2", "26"),
                ("stroke", "#1f2933"),
                ("stroke-width", "2"),
            ],
        );
    }
    h.close("svg");
}

/// A stacked bar of the share of processes at each level of a criterion, 200 × 24.
fn levels_bar(h: &mut Html, c: &crate::doc::batch::CriterionAcrossDoc) {
    h.open(
        "svg",
        &[
            ("width", "200"),
            ("height", "24"),
            ("viewBox", "0 0 200 24"),
            ("role", "img"),
        ],
    );
    if c.levels.is_empty() {
        boxplot_inline(h, c.scores.as_ref());
    } else {
        let n = c.levels.len().max(2) - 1;
        let mut x = 0.0;
        for (i, l) in c.levels.iter().enumerate() {
            let width = 200.0 * l.share;
            if width > 0.0 {
                h.open(
                    "rect",
                    &[
                        ("x", &f(x)),
                        ("y", "2"),
                        ("width", &f(width)),
                        ("height", "20"),
                        ("fill", &colour(i as f64 / n as f64)),
                    ],
                );
                h.element("title", &[], &format!("{}: {}", l.label, l.count));
                h.close("rect");
            }
            x += width;
        }
    }
    h.close("svg");
}

/// A criterion on a numeric scale: its median as a tick in the bar.
fn boxplot_inline(h: &mut Html, d: Option<&DistributionDoc>) {
    if let Some(d) = d {
        let x = |v: f64| 200.0 * v.clamp(0.0, 1.0);
        h.empty(
            "rect",
            &[
                ("x", &f(x(d.q1))),
                ("y", "4"),
                ("width", &f((x(d.q3) - x(d.q1)).max(1.0))),
                ("height", "16"),
                ("fill", &colour(d.median)),
            ],
        );
    }
}

/// The processes × criteria heatmap.
fn heatmap(h: &mut Html, doc: &BatchDoc) {
    let lang = doc.lang;
    let Some(a) = &doc.across else { return };
    h.element(
        "h2",
        &[],
        w(lang, "Démarches × critères", "Processes × criteria"),
    )
    .newline();
    h.element(
        "p",
        &[("class", "hint")],
        w(
            lang,
            "Couleur : du rouge (0) au vert (1). Case blanche en pointillés : non évalué (jamais compté 0). Case grise « – » : sans objet.",
            "Colour: red (0) to green (1). Dashed white cell: not assessed (never counted as 0). Grey cell “–”: not applicable.",
        ),
    );
    h.open("table", &[("class", "heat")])
        .open("tr", &[])
        .element("th", &[], "");
    for c in &a.criteria {
        h.open("th", &[("class", "v")]).text(&c.id).close("th");
    }
    h.close("tr").newline();
    for p in a.cells.iter().take(MAX_ROWS) {
        h.open("tr", &[]).element("th", &[], &p.assessment);
        for (c, crit) in p.cells.iter().zip(&a.criteria) {
            match c {
                CellDoc::Score(x) => {
                    let style = format!("background:{}", colour(*x));
                    h.open("td", &[("style", &style)])
                        .element(
                            "title",
                            &[],
                            &format!("{}: {}", crit.label, score3(Some(*x), lang)),
                        )
                        .close("td");
                }
                CellDoc::NotAssessed => {
                    h.open("td", &[("class", "nas")])
                        .element("title", &[], w(lang, "non évalué", "not assessed"))
                        .close("td");
                }
                CellDoc::NotApplicable => {
                    h.open("td", &[("class", "nap")]).text("–").close("td");
                }
            }
        }
        h.close("tr").newline();
    }
    h.close("table").newline();
    if doc.rows.len() > MAX_ROWS {
        h.element(
            "p",
            &[("class", "hint")],
            &format!(
                "{} {MAX_ROWS} / {} ({})",
                w(lang, "Premières démarches :", "First processes:"),
                doc.rows.len(),
                w(
                    lang,
                    "toutes dans le JSON et le classeur XLSX",
                    "all in the JSON and the XLSX workbook"
                )
            ),
        );
    }
}

/// The sensitivity page.
pub(crate) fn sensitivity(doc: &SensitivityDoc) -> String {
    let lang = doc.lang;
    let mut h = head(
        Head {
            lang,
            what: w(lang, "Sensibilité aux poids", "Sensitivity to the weights"),
            grid_title: &doc.grid_title,
            grid: &doc.grid,
            grid_version: &doc.grid_version,
            profile: &doc.profile,
            count: doc.draws.count,
            counted: w(lang, "vecteurs de poids", "weight vectors"),
        },
        doc.illustrative,
    );
    h.element(
        "p",
        &[("class", "hint")],
        w(
            lang,
            "Analyse d'acceptabilité stochastique multicritère (SMAA-2, Lahdelma et Salminen 2001) : chaque démarche est notée avec chaque vecteur de poids ; on compte la part des tirages où elle prend chaque rang (rang 1 = meilleur score, ex æquo départagés par l'ordre d'entrée).",
            "Stochastic multicriteria acceptability analysis (SMAA-2, Lahdelma and Salminen 2001): each process is scored with each weight vector; the share of draws in which it takes each rank is counted (rank 1 = highest score, ties broken by input order).",
        ),
    );
    h.element(
        "h2",
        &[],
        w(lang, "Acceptabilité des rangs", "Rank acceptability"),
    )
    .newline();
    h.open("table", &[]).open("tr", &[]);
    for head in [
        w(lang, "Démarche", "Process"),
        w(lang, "Rang espéré", "Expected rank"),
        w(lang, "Rangs (part des tirages)", "Ranks (share of draws)"),
        w(lang, "Score min – max", "Score min – max"),
    ] {
        h.element("th", &[], head);
    }
    h.close("tr").newline();
    let m = doc.processes.len().max(1);
    for p in doc.processes.iter().take(MAX_ROWS) {
        h.open("tr", &[]).element("td", &[], &p.process).element(
            "td",
            &[("class", "num")],
            &score3(Some(p.expected_rank), lang),
        );
        h.open("td", &[]);
        // Stacked bar: rank 1 green to rank M red.
        h.open(
            "svg",
            &[
                ("width", "260"),
                ("height", "16"),
                ("viewBox", "0 0 260 16"),
                ("role", "img"),
            ],
        );
        let mut x = 0.0;
        for (r, a) in p.acceptability.iter().enumerate() {
            if *a > 0.0 {
                let width = 260.0 * a;
                let shade = if m == 1 {
                    1.0
                } else {
                    1.0 - r as f64 / (m - 1) as f64
                };
                h.open(
                    "rect",
                    &[
                        ("x", &f(x)),
                        ("y", "0"),
                        ("width", &f(width)),
                        ("height", "16"),
                        ("fill", &colour(shade)),
                    ],
                );
                h.element(
                    "title",
                    &[],
                    &format!(
                        "{} {}: {}",
                        w(lang, "rang", "rank"),
                        r + 1,
                        percent(*a, lang)
                    ),
                );
                h.close("rect");
                x += width;
            }
        }
        h.close("svg").close("td");
        h.element(
            "td",
            &[("class", "num")],
            &format!(
                "{} – {}",
                score3(p.score_min, lang),
                score3(p.score_max, lang)
            ),
        );
        h.close("tr").newline();
    }
    h.close("table").newline();
    if !doc.bands.is_empty() {
        h.element(
            "h2",
            &[],
            w(
                lang,
                "Probabilité de chaque appréciation",
                "Probability of each band",
            ),
        )
        .newline();
        h.open("table", &[])
            .open("tr", &[])
            .element("th", &[], w(lang, "Démarche", "Process"));
        for b in &doc.bands {
            h.element("th", &[], &b.label);
        }
        h.close("tr").newline();
        for p in doc.processes.iter().take(MAX_ROWS) {
            h.open("tr", &[]).element("td", &[], &p.process);
            for s in &p.bands {
                h.element("td", &[("class", "num")], &percent(*s, lang));
            }
            h.close("tr").newline();
        }
        h.close("table").newline();
    }
    if let Some(single) = &doc.single {
        h.element(
            "h2",
            &[],
            w(
                lang,
                "Un poids à la fois (tornade)",
                "One weight at a time (tornado)",
            ),
        )
        .newline();
        h.element(
            "p",
            &[("class", "hint")],
            &format!(
                "{} {} · {}",
                w(lang, "Score avec les poids du profil :", "Score with the profile's weights:"),
                score3(single.profile_score, lang),
                w(
                    lang,
                    "chaque barre va du score avec le poids du critère à 0 au score avec ce poids doublé.",
                    "each bar runs from the score with the criterion's weight at 0 to the score with it doubled."
                )
            ),
        );
        tornado(&mut h, single);
    }
    h.open("footer", &[])
        .fixed(w(lang, "Produit par Repère", "Produced by Repère"))
        .close("footer")
        .newline();
    page_end(h)
}

/// The tornado chart: one bar per criterion, largest swing first.
fn tornado(h: &mut Html, single: &crate::doc::sensitivity::SingleDoc) {
    let rows: Vec<_> = single.sweep.iter().take(20).collect();
    let height = 20 * rows.len() + 30;
    let hs = height.to_string();
    let vb = format!("0 0 620 {height}");
    h.open(
        "svg",
        &[
            ("width", "620"),
            ("height", &hs),
            ("viewBox", &vb),
            ("role", "img"),
        ],
    );
    let x = |v: f64| 220.0 + 380.0 * v.clamp(0.0, 1.0);
    if let Some(p) = single.profile_score {
        h.empty(
            "line",
            &[
                ("x1", &f(x(p))),
                ("x2", &f(x(p))),
                ("y1", "0"),
                ("y2", &hs),
                ("stroke", "#1f2933"),
                ("stroke-dasharray", "3 2"),
            ],
        );
    }
    for (i, s) in rows.iter().enumerate() {
        let y = 20 * i + 4;
        let label: String = s.label.chars().take(32).collect();
        h.open(
            "text",
            &[
                ("x", "0"),
                ("y", &(y + 12).to_string()),
                ("font-size", "11"),
            ],
        )
        .text(&label)
        .close("text");
        if let (Some(a), Some(b)) = (s.at_zero, s.doubled) {
            let (lo, hi) = (a.min(b), a.max(b));
            h.open(
                "rect",
                &[
                    ("x", &f(x(lo))),
                    ("y", &y.to_string()),
                    ("width", &f((x(hi) - x(lo)).max(1.0))),
                    ("height", "14"),
                    ("fill", "#3e7cb1"),
                ],
            );
            h.element("title", &[], &format!("0 → {a:.3}; ×2 → {b:.3}"));
            h.close("rect");
        }
    }
    h.close("svg").newline();
}
