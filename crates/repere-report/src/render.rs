//! The scorecard report in each output format.

use std::fmt::Write as _;

use crate::i18n::{Key, ReportLang, t, vocab};
use crate::model::{AggregateDoc, ScorecardDoc, pct, provenance_tag, signed_points};
use crate::svg::{self, Series, esc};

/// Terminal styling: bold and colours, or plain text.
#[derive(Debug, Clone, Copy)]
struct Style {
    color: bool,
}

impl Style {
    fn bold(self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn dim(self, s: &str) -> String {
        if self.color {
            format!("\x1b[2m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn score(self, score: Option<f64>) -> String {
        let text = pct(score);
        match (self.color, score) {
            (true, Some(s)) => {
                let code = if s >= 0.75 {
                    "32"
                } else if s >= 0.5 {
                    "36"
                } else if s > 0.25 {
                    "33"
                } else {
                    "31"
                };
                format!("\x1b[{code}m{text}\x1b[0m")
            }
            _ => text,
        }
    }
}

fn meta_lines(doc: &ScorecardDoc, lang: ReportLang) -> Vec<(String, String)> {
    let p = &doc.process;
    let a = &doc.assessment;
    let mut rows = vec![(t(lang, Key::Process).to_owned(), p.name.clone())];
    let mut push = |k: Key, v: Option<String>| {
        if let Some(v) = v {
            rows.push((t(lang, k).to_owned(), v));
        }
    };
    push(Key::Kind, p.kind.as_deref().map(|k| vocab(lang, k)));
    push(Key::Organiser, p.organiser.clone());
    push(Key::Commissioner, p.commissioner.clone());
    push(Key::Territory, p.territory.clone());
    push(
        Key::Period,
        match (&p.start, &p.end) {
            (Some(s), Some(e)) => Some(format!("{s} → {e}")),
            (Some(s), None) => Some(format!("{s} →")),
            (None, Some(e)) => Some(format!("→ {e}")),
            _ => None,
        },
    );
    push(Key::Participants, p.participants.map(|n| n.to_string()));
    push(Key::Iap2, p.iap2.as_deref().map(|k| vocab(lang, k)));
    push(
        Key::Assessor,
        Some(match &a.organisation {
            Some(o) => format!("{} ({o})", a.assessor),
            None => a.assessor.clone(),
        }),
    );
    push(Key::Role, Some(vocab(lang, &a.role)));
    push(Key::Phase, Some(vocab(lang, &a.phase)));
    push(Key::Date, a.date.clone());
    push(
        Key::Grid,
        Some(format!(
            "{} — {} {} [{}]",
            doc.grid.title,
            doc.grid.id,
            doc.grid.version,
            provenance_tag(&doc.grid.provenance)
        )),
    );
    push(
        Key::Profile,
        Some(format!("{} ({})", doc.profile.label, doc.profile.id)),
    );
    rows
}

fn completeness_text(c: &crate::model::CompletenessDoc, lang: ReportLang) -> String {
    let mut s = format!("{}/{} {}", c.rated, c.applicable, t(lang, Key::Rated));
    if c.total > c.applicable {
        s.push_str(&format!(
            ", {} {}",
            c.total - c.applicable,
            t(lang, Key::NotApplicable).to_lowercase()
        ));
    }
    s
}

fn criterion_level(c: &crate::model::CriterionDoc, lang: ReportLang) -> String {
    match c.status.as_str() {
        "rated" => c.level.clone().unwrap_or_default(),
        "not-applicable" => t(lang, Key::NotApplicable).to_owned(),
        _ => t(lang, Key::NotAssessed).to_owned(),
    }
}

fn gate_line(g: &crate::model::GateDoc, lang: ReportLang) -> String {
    let mut s = format!(
        "{} ({}) {} {}{}",
        g.criterion_label,
        pct(Some(g.criterion_score)),
        t(lang, Key::GateText),
        pct(Some(g.cap)),
        g.band_cap
            .as_ref()
            .map(|b| format!(" [{b}]"))
            .unwrap_or_default()
    );
    if let Some(r) = &g.reason {
        let _ = write!(s, " — {r}");
    }
    if !g.binding {
        s.push_str(match lang {
            ReportLang::Fr => " (sans effet : score déjà inférieur)",
            ReportLang::En => " (no effect: the score was already lower)",
        });
    }
    s
}

fn band_text(a: &AggregateDoc) -> String {
    a.band
        .as_ref()
        .map(|b| format!(" · {}", b.label))
        .unwrap_or_default()
}

/// The report as terminal text; `color` adds ANSI styles.
pub fn text(doc: &ScorecardDoc, lang: ReportLang, color: bool) -> String {
    let st = Style { color };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        st.bold(&format!(
            "{} — {}",
            t(lang, Key::Scorecard),
            doc.process.name
        ))
    );
    let meta = meta_lines(doc, lang);
    let w = meta
        .iter()
        .map(|(k, _)| k.chars().count())
        .chain([t(lang, Key::Completeness).chars().count()])
        .max()
        .unwrap_or(0);
    for (k, v) in meta.iter().skip(1) {
        let _ = writeln!(s, "  {k:<w$}  {v}");
    }
    let _ = writeln!(
        s,
        "  {:<w$}  {}",
        t(lang, Key::Completeness),
        completeness_text(&doc.completeness, lang)
    );
    s.push('\n');
    match &doc.overall {
        Some(o) => {
            let _ = writeln!(
                s,
                "{}: {}{}",
                st.bold(t(lang, Key::Overall)),
                st.score(o.score),
                band_text(o)
            );
        }
        None => {
            let _ = writeln!(s, "{}", st.dim(t(lang, Key::NoOverall)));
        }
    }
    s.push('\n');
    let _ = writeln!(s, "{}", st.bold(t(lang, Key::Dimensions)));
    let dw = doc
        .dimensions
        .iter()
        .map(|d| d.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for d in &doc.dimensions {
        let filled = d.aggregate.score.map_or(0, |x| (x * 20.0).round() as usize);
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(20 - filled.min(20)));
        let _ = writeln!(
            s,
            "  {:<dw$}  {}  {:>5}{}  · {}",
            d.label,
            bar,
            st.score(d.aggregate.score),
            band_text(&d.aggregate),
            completeness_text(&d.completeness, lang)
        );
    }
    s.push('\n');
    let _ = writeln!(s, "{}", st.bold(t(lang, Key::Criteria)));
    for d in &doc.dimensions {
        let _ = writeln!(s, "  {}", st.bold(&d.label));
        for c in doc.criteria.iter().filter(|c| c.dimension == d.id) {
            let _ = writeln!(
                s,
                "    [{}] {} — {} ({})",
                provenance_tag(&c.provenance),
                c.label,
                criterion_level(c, lang),
                st.score(c.score)
            );
            if let Some(r) = &c.reason {
                let _ = writeln!(s, "        {}", st.dim(r));
            }
            if let Some(tg) = &c.target {
                let _ = writeln!(
                    s,
                    "        {}: {} · {}: {}",
                    t(lang, Key::Target),
                    tg.level,
                    t(lang, Key::Gap),
                    signed_points(tg.gap)
                );
            }
            if let Some(j) = &c.justification {
                let _ = writeln!(s, "        {}", st.dim(j));
            }
            for e in &c.evidence {
                let _ = writeln!(
                    s,
                    "        {} {}{}",
                    st.dim("↳"),
                    e.reference,
                    e.excerpt
                        .as_ref()
                        .map(|x| format!(" — {x}"))
                        .unwrap_or_default()
                );
            }
            if let Some(n) = &c.next_level {
                let _ = writeln!(
                    s,
                    "        {}: {}{}",
                    t(lang, Key::NextLevel),
                    n.label,
                    if n.descriptor.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", n.descriptor)
                    }
                );
            }
        }
    }
    s.push('\n');
    let gates: Vec<String> = all_gates(doc).map(|g| gate_line(g, lang)).collect();
    let _ = writeln!(s, "{}", st.bold(t(lang, Key::Gates)));
    if gates.is_empty() {
        let _ = writeln!(s, "  {}", t(lang, Key::NoGates));
    }
    for g in gates {
        let _ = writeln!(s, "  {g}");
    }
    let _ = writeln!(
        s,
        "{}: {}",
        st.bold(t(lang, Key::Strengths)),
        list(doc, &doc.strengths, lang)
    );
    let _ = writeln!(
        s,
        "{}: {}",
        st.bold(t(lang, Key::Weaknesses)),
        list(doc, &doc.weaknesses, lang)
    );
    s.push('\n');
    let _ = writeln!(s, "{}", st.bold(t(lang, Key::Trace)));
    for d in &doc.dimensions {
        let _ = writeln!(s, "  {}: {}", d.label, d.aggregate.trace.text);
    }
    if let Some(o) = &doc.overall {
        let _ = writeln!(s, "  {}: {}", t(lang, Key::Overall), o.trace.text);
    }
    let _ = writeln!(s, "{}", st.dim(t(lang, Key::ProvenanceNote)));
    s
}

fn all_gates(doc: &ScorecardDoc) -> impl Iterator<Item = &crate::model::GateDoc> {
    doc.dimensions
        .iter()
        .flat_map(|d| d.aggregate.gates.iter())
        .chain(doc.overall.iter().flat_map(|o| o.gates.iter()))
}

fn list(doc: &ScorecardDoc, ids: &[String], lang: ReportLang) -> String {
    if ids.is_empty() {
        t(lang, Key::None).to_owned()
    } else {
        ids.iter()
            .map(|i| doc.criterion_label(i))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Escapes text for a Markdown table cell.
pub fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown.
pub fn markdown(doc: &ScorecardDoc, lang: ReportLang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — {}\n",
        t(lang, Key::Scorecard),
        md_cell(&doc.process.name)
    );
    for (k, v) in meta_lines(doc, lang).iter().skip(1) {
        let _ = writeln!(s, "- **{k}**: {}", md_cell(v));
    }
    let _ = writeln!(
        s,
        "- **{}**: {}",
        t(lang, Key::Completeness),
        completeness_text(&doc.completeness, lang)
    );
    if let Some(d) = &doc.process.description {
        let _ = writeln!(s, "\n{}", md_cell(d));
    }
    s.push('\n');
    match &doc.overall {
        Some(o) => {
            let _ = writeln!(
                s,
                "**{}**: {}{}\n",
                t(lang, Key::Overall),
                pct(o.score),
                band_text(o)
            );
        }
        None => {
            let _ = writeln!(s, "_{}_\n", t(lang, Key::NoOverall));
        }
    }
    let _ = writeln!(s, "## {}\n", t(lang, Key::Dimensions));
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} |\n|---|---:|---|---|",
        t(lang, Key::Dimension),
        t(lang, Key::Score),
        t(lang, Key::Band),
        t(lang, Key::Completeness)
    );
    for d in &doc.dimensions {
        let _ = writeln!(
            s,
            "| {} [{}] | {} | {} | {} |",
            md_cell(&d.label),
            provenance_tag(&d.provenance),
            pct(d.aggregate.score),
            d.aggregate
                .band
                .as_ref()
                .map_or(String::new(), |b| md_cell(&b.label)),
            completeness_text(&d.completeness, lang)
        );
    }
    let _ = writeln!(s, "\n## {}\n", t(lang, Key::Criteria));
    for d in &doc.dimensions {
        let _ = writeln!(s, "### {}\n", md_cell(&d.label));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |\n|---|---|---:|---|---|---|",
            t(lang, Key::Criterion),
            t(lang, Key::Level),
            t(lang, Key::Score),
            t(lang, Key::Gap),
            t(lang, Key::Justification),
            t(lang, Key::NextLevel)
        );
        for c in doc.criteria.iter().filter(|c| c.dimension == d.id) {
            let mut just = c
                .justification
                .clone()
                .or_else(|| c.reason.clone())
                .unwrap_or_default();
            for e in &c.evidence {
                let _ = write!(
                    just,
                    "<br>↳ {}{}",
                    e.reference,
                    e.excerpt
                        .as_ref()
                        .map(|x| format!(" — {x}"))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(
                s,
                "| {} [{}] | {} | {} | {} | {} | {} |",
                md_cell(&c.label),
                provenance_tag(&c.provenance),
                md_cell(&criterion_level(c, lang)),
                pct(c.score),
                c.target.as_ref().map_or(String::new(), |tg| format!(
                    "{} ({})",
                    signed_points(tg.gap),
                    md_cell(&tg.level)
                )),
                md_cell(&just),
                c.next_level
                    .as_ref()
                    .map_or(String::new(), |n| md_cell(&format!(
                        "{}{}",
                        n.label,
                        if n.descriptor.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", n.descriptor)
                        }
                    )))
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## {}\n", t(lang, Key::Gates));
    let gates: Vec<String> = all_gates(doc).map(|g| gate_line(g, lang)).collect();
    if gates.is_empty() {
        let _ = writeln!(s, "{}", t(lang, Key::NoGates));
    }
    for g in gates {
        let _ = writeln!(s, "- {}", md_cell(&g));
    }
    let _ = writeln!(
        s,
        "\n**{}**: {}  ",
        t(lang, Key::Strengths),
        list(doc, &doc.strengths, lang)
    );
    let _ = writeln!(
        s,
        "**{}**: {}\n",
        t(lang, Key::Weaknesses),
        list(doc, &doc.weaknesses, lang)
    );
    if !doc.grid.sources.is_empty() {
        let _ = writeln!(s, "## {}\n", t(lang, Key::Sources));
        for src in &doc.grid.sources {
            let _ = writeln!(
                s,
                "- {}{}{}",
                md_cell(&src.title),
                src.year.map(|y| format!(" ({y})")).unwrap_or_default(),
                src.url
                    .as_ref()
                    .map(|u| format!(" <{u}>"))
                    .unwrap_or_default()
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## {}\n", t(lang, Key::Trace));
    for d in &doc.dimensions {
        let _ = writeln!(
            s,
            "- **{}**: `{}`",
            md_cell(&d.label),
            d.aggregate.trace.text
        );
    }
    if let Some(o) = &doc.overall {
        let _ = writeln!(s, "- **{}**: `{}`", t(lang, Key::Overall), o.trace.text);
    }
    let _ = writeln!(s, "\n_{}_", t(lang, Key::ProvenanceNote));
    s
}

/// The stylesheet of HTML reports.
pub const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2933;max-width:1100px;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:2px solid #e4e7eb;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d9dde3;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f5f7}td.num{text-align:right;white-space:nowrap}.meta td:first-child{font-weight:600;width:14rem}
.tag{display:inline-block;font-size:.75rem;border-radius:3px;padding:0 .3rem;margin-left:.3rem;border:1px solid #9aa1ab;color:#52606d}
.na{color:#7b8794;font-style:italic}.hint{color:#52606d;font-size:.9rem}.ev{font-size:.85rem;color:#52606d}
.charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.band{display:inline-block;padding:0 .4rem;border-radius:3px;color:#fff}
.overall{font-size:1.3rem;margin:1rem 0}code{font-size:.85rem}footer{margin-top:2rem;color:#7b8794;font-size:.8rem}";

/// Opens a self-contained HTML page.
pub fn html_head(title: &str, lang: ReportLang) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n",
        lang.as_str(),
        esc(title)
    )
}

fn band_html(a: &AggregateDoc) -> String {
    a.band.as_ref().map_or(String::new(), |b| {
        format!(
            " <span class=\"band\" style=\"background:{}\">{}</span>",
            esc(&b.color),
            esc(&b.label)
        )
    })
}

/// The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched.
pub fn html(doc: &ScorecardDoc, lang: ReportLang) -> String {
    let title = format!("{} — {}", t(lang, Key::Scorecard), doc.process.name);
    let mut s = html_head(&title, lang);
    let _ = writeln!(s, "<h1>{}</h1>", esc(&title));
    s.push_str("<table class=\"meta\">\n");
    for (k, v) in meta_lines(doc, lang).iter().skip(1) {
        let _ = writeln!(s, "<tr><td>{}</td><td>{}</td></tr>", esc(k), esc(v));
    }
    let _ = writeln!(
        s,
        "<tr><td>{}</td><td>{}</td></tr>\n</table>",
        t(lang, Key::Completeness),
        esc(&completeness_text(&doc.completeness, lang))
    );
    if let Some(d) = &doc.process.description {
        let _ = writeln!(s, "<p>{}</p>", esc(d));
    }
    match &doc.overall {
        Some(o) => {
            let _ = writeln!(
                s,
                "<p class=\"overall\"><strong>{}</strong>: {}{}</p>",
                t(lang, Key::Overall),
                pct(o.score),
                band_html(o)
            );
        }
        None => {
            let _ = writeln!(s, "<p class=\"na\">{}</p>", t(lang, Key::NoOverall));
        }
    }
    let _ = writeln!(
        s,
        "<h2>{}</h2>\n<div class=\"charts\">",
        t(lang, Key::Radar)
    );
    if doc.dimensions.len() >= 3 {
        let axes: Vec<String> = doc.dimensions.iter().map(|d| d.label.clone()).collect();
        let series = Series {
            name: format!(
                "{} ({})",
                doc.assessment.assessor,
                vocab(lang, &doc.assessment.role)
            ),
            color: svg::PALETTE[0].to_owned(),
            values: doc.dimensions.iter().map(|d| d.aggregate.score).collect(),
        };
        s.push_str(&svg::radar(t(lang, Key::Radar), &axes, &[series]));
    }
    let rows: Vec<(String, Option<f64>, Option<String>)> = doc
        .dimensions
        .iter()
        .map(|d| {
            (
                d.label.clone(),
                d.aggregate.score,
                d.aggregate.band.as_ref().map(|b| b.color.clone()),
            )
        })
        .collect();
    s.push_str(&svg::bars(t(lang, Key::Dimensions), &rows));
    s.push_str("</div>\n");
    let _ = writeln!(
        s,
        "<h2>{}</h2>\n<table class=\"dimensions\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t(lang, Key::Dimensions),
        t(lang, Key::Dimension),
        t(lang, Key::Score),
        t(lang, Key::Band),
        t(lang, Key::Completeness)
    );
    for d in &doc.dimensions {
        let _ = writeln!(
            s,
            "<tr><td>{}<span class=\"tag\">{}</span></td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.label),
            provenance_tag(&d.provenance),
            pct(d.aggregate.score),
            band_html(&d.aggregate),
            esc(&completeness_text(&d.completeness, lang))
        );
    }
    s.push_str("</table>\n");
    let _ = writeln!(
        s,
        "<h2>{}</h2>\n<table class=\"criteria\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t(lang, Key::Criteria),
        t(lang, Key::Criterion),
        t(lang, Key::Level),
        t(lang, Key::Score),
        t(lang, Key::Gap),
        t(lang, Key::Justification)
    );
    for d in &doc.dimensions {
        let _ = writeln!(s, "<tr><th colspan=\"5\">{}</th></tr>", esc(&d.label));
        for c in doc.criteria.iter().filter(|c| c.dimension == d.id) {
            let level = if c.status == "rated" {
                esc(&criterion_level(c, lang))
            } else {
                format!(
                    "<span class=\"na\">{}</span>",
                    esc(&criterion_level(c, lang))
                )
            };
            let mut just = esc(c
                .justification
                .as_deref()
                .or(c.reason.as_deref())
                .unwrap_or(""));
            for e in &c.evidence {
                let _ = write!(
                    just,
                    "<div class=\"ev\">↳ {}{}</div>",
                    link(&e.reference),
                    e.excerpt
                        .as_ref()
                        .map(|x| format!(" — {}", esc(x)))
                        .unwrap_or_default()
                );
            }
            if let Some(n) = &c.next_level {
                let _ = write!(
                    just,
                    "<div class=\"hint\">{}: <strong>{}</strong>{}</div>",
                    t(lang, Key::NextLevel),
                    esc(&n.label),
                    if n.descriptor.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", esc(&n.descriptor))
                    }
                );
            }
            let _ = writeln!(
                s,
                "<tr data-criterion=\"{}\"><td>{}<span class=\"tag\" title=\"{}\">{}</span></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&c.id),
                esc(&c.label),
                esc(&c.provenance),
                provenance_tag(&c.provenance),
                level,
                pct(c.score),
                c.target.as_ref().map_or(String::new(), |tg| format!(
                    "{} <span class=\"hint\">({})</span>",
                    signed_points(tg.gap),
                    esc(&tg.level)
                )),
                just
            );
        }
    }
    s.push_str("</table>\n");
    let _ = writeln!(s, "<h2>{}</h2>", t(lang, Key::Gates));
    let gates: Vec<String> = all_gates(doc).map(|g| gate_line(g, lang)).collect();
    if gates.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", t(lang, Key::NoGates));
    } else {
        s.push_str("<ul>");
        for g in gates {
            let _ = write!(s, "<li>{}</li>", esc(&g));
        }
        s.push_str("</ul>\n");
    }
    let _ = writeln!(
        s,
        "<p><strong>{}</strong>: {}<br><strong>{}</strong>: {}</p>",
        t(lang, Key::Strengths),
        esc(&list(doc, &doc.strengths, lang)),
        t(lang, Key::Weaknesses),
        esc(&list(doc, &doc.weaknesses, lang))
    );
    if !doc.grid.sources.is_empty() {
        let _ = writeln!(s, "<h2>{}</h2>\n<ul>", t(lang, Key::Sources));
        for src in &doc.grid.sources {
            let _ = writeln!(
                s,
                "<li>{}{}{}</li>",
                esc(&src.title),
                src.year.map(|y| format!(" ({y})")).unwrap_or_default(),
                src.url
                    .as_ref()
                    .map(|u| format!(" — {}", link(u)))
                    .unwrap_or_default()
            );
        }
        s.push_str("</ul>\n");
    }
    let _ = writeln!(s, "<h2>{}</h2>\n<ul class=\"trace\">", t(lang, Key::Trace));
    for d in &doc.dimensions {
        let _ = writeln!(
            s,
            "<li><strong>{}</strong>: <code>{}</code></li>",
            esc(&d.label),
            esc(&d.aggregate.trace.text)
        );
    }
    if let Some(o) = &doc.overall {
        let _ = writeln!(
            s,
            "<li><strong>{}</strong>: <code>{}</code></li>",
            t(lang, Key::Overall),
            esc(&o.trace.text)
        );
    }
    let _ = writeln!(
        s,
        "</ul>\n<footer>{} · {} · {} {} · {}</footer>\n</body>\n</html>",
        t(lang, Key::ProvenanceNote),
        t(lang, Key::GeneratedBy),
        esc(&doc.grid.id),
        esc(&doc.grid.version),
        esc(&doc.grid.hash)
    );
    s
}

/// A link when the text is a web address (shown, not followed automatically), plain text
/// otherwise.
fn link(s: &str) -> String {
    if (s.starts_with("https://") || s.starts_with("http://")) && !s.contains(char::is_whitespace) {
        format!("<a href=\"{}\" rel=\"noreferrer\">{}</a>", esc(s), esc(s))
    } else {
        esc(s)
    }
}

/// Quotes a CSV field when needed (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The report as CSV: a header, then one row per criterion.
pub fn csv(doc: &ScorecardDoc) -> String {
    let mut s = String::from(
        "grid,grid_version,process,assessor,role,phase,dimension,criterion,label,provenance,status,value,level,score,weight,target,gap,justification\n",
    );
    let num = |x: Option<f64>| x.map_or_else(String::new, |x| format!("{x:.6}"));
    for c in &doc.criteria {
        let fields = [
            doc.grid.id.clone(),
            doc.grid.version.clone(),
            doc.process.name.clone(),
            doc.assessment.assessor.clone(),
            doc.assessment.role.clone(),
            doc.assessment.phase.clone(),
            c.dimension.clone(),
            c.id.clone(),
            c.label.clone(),
            c.provenance.clone(),
            c.status.clone(),
            c.value.clone().unwrap_or_default(),
            c.level.clone().unwrap_or_default(),
            num(c.score),
            format!("{}", c.weight),
            c.target
                .as_ref()
                .map(|t| t.level.clone())
                .unwrap_or_default(),
            num(c.target.as_ref().and_then(|t| t.gap)),
            c.justification
                .clone()
                .or_else(|| c.reason.clone())
                .unwrap_or_default(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        s.push_str(&row.join(","));
        s.push('\n');
    }
    s
}

/// The report as pretty JSON (the document itself), with a final newline.
pub fn json(doc: &ScorecardDoc) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}
