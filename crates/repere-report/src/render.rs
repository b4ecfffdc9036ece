//! The scorecard report in each output format.

use std::fmt::Write as _;

use crate::escape::{CsvCell, csv_row, md_link, md_text, terminal_line, terminal_safe};
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
        self.score_padded(score, 0)
    }
    /// The score right-aligned in `width` columns, padded before the colour is added.
    fn score_padded(self, score: Option<f64>, width: usize) -> String {
        let text = format!("{:>width$}", pct(score));
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

/// How user text is made safe for one format: [`terminal_line`] for text, [`md_text`] for
/// Markdown, nothing for HTML (whose renderer escapes the whole line with [`esc`]).
type Clean = fn(&str) -> String;

fn text_line(s: &str) -> String {
    terminal_line(s).into_owned()
}

fn raw(s: &str) -> String {
    s.to_owned()
}

/// User text that may hold several lines, for terminal text: continuation lines are indented
/// like the first, so they cannot pass for lines of the report.
fn text_lines(s: &str, indent: &str) -> String {
    let safe = terminal_safe(s);
    if safe.contains('\n') {
        safe.replace('\n', &format!("\n{indent}"))
    } else {
        safe.into_owned()
    }
}

fn meta_lines(doc: &ScorecardDoc, lang: ReportLang, f: Clean) -> Vec<(String, String)> {
    let p = &doc.process;
    let a = &doc.assessment;
    let mut rows = vec![(t(lang, Key::Process).to_owned(), f(&p.name))];
    let mut push = |k: Key, v: Option<String>| {
        if let Some(v) = v {
            rows.push((t(lang, k).to_owned(), v));
        }
    };
    push(Key::Kind, p.kind.as_deref().map(|k| f(&vocab(lang, k))));
    push(Key::Organiser, p.organiser.as_deref().map(f));
    push(Key::Commissioner, p.commissioner.as_deref().map(f));
    push(Key::Territory, p.territory.as_deref().map(f));
    push(
        Key::Period,
        match (&p.start, &p.end) {
            (Some(s), Some(e)) => Some(format!("{} → {}", f(s), f(e))),
            (Some(s), None) => Some(format!("{} →", f(s))),
            (None, Some(e)) => Some(format!("→ {}", f(e))),
            _ => None,
        },
    );
    push(Key::Participants, p.participants.map(|n| n.to_string()));
    push(Key::Iap2, p.iap2.as_deref().map(|k| f(&vocab(lang, k))));
    push(
        Key::Assessor,
        Some(match &a.organisation {
            Some(o) => format!("{} ({})", f(&a.assessor), f(o)),
            None => f(&a.assessor),
        }),
    );
    push(Key::Role, Some(f(&vocab(lang, &a.role))));
    push(Key::Phase, Some(f(&vocab(lang, &a.phase))));
    push(Key::Date, a.date.as_deref().map(f));
    push(
        Key::Grid,
        Some(format!(
            "{} — {} {} [{}]",
            f(&doc.grid.title),
            f(&doc.grid.id),
            f(&doc.grid.version),
            provenance_tag(&doc.grid.provenance)
        )),
    );
    push(
        Key::Profile,
        Some(format!(
            "{} ({})",
            f(&doc.profile.label),
            f(&doc.profile.id)
        )),
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

fn criterion_level(c: &crate::model::CriterionDoc, lang: ReportLang, f: Clean) -> String {
    match c.status.as_str() {
        "rated" => f(c.level.as_deref().unwrap_or_default()),
        "not-applicable" => t(lang, Key::NotApplicable).to_owned(),
        _ => t(lang, Key::NotAssessed).to_owned(),
    }
}

fn gate_line(g: &crate::model::GateDoc, lang: ReportLang, f: Clean) -> String {
    let mut s = format!(
        "{} ({}) {} {}{}",
        f(&g.criterion_label),
        pct(Some(g.criterion_score)),
        t(lang, Key::GateText),
        pct(Some(g.cap)),
        g.band_cap
            .as_ref()
            .map(|b| format!(" [{}]", f(b)))
            .unwrap_or_default()
    );
    if let Some(r) = &g.reason {
        let _ = write!(s, " — {}", f(r));
    }
    if !g.binding {
        s.push_str(match lang {
            ReportLang::Fr => " (sans effet : score déjà inférieur)",
            ReportLang::En => " (no effect: the score was already lower)",
        });
    }
    s
}

fn band_text(a: &AggregateDoc, f: Clean) -> String {
    a.band
        .as_ref()
        .map(|b| format!(" · {}", f(&b.label)))
        .unwrap_or_default()
}

/// The report as terminal text; `color` adds ANSI styles. User text goes through
/// [`terminal_line`] (or [`terminal_safe`] for justifications, reasons and excerpts, whose
/// continuation lines are indented) before any style is added.
pub fn text(doc: &ScorecardDoc, lang: ReportLang, color: bool) -> String {
    let st = Style { color };
    let f: Clean = text_line;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        st.bold(&format!(
            "{} — {}",
            t(lang, Key::Scorecard),
            f(&doc.process.name)
        ))
    );
    let meta = meta_lines(doc, lang, f);
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
                band_text(o, f)
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
            "  {:<dw$}  {}  {}{}  · {}",
            f(&d.label),
            bar,
            st.score_padded(d.aggregate.score, 5),
            band_text(&d.aggregate, f),
            completeness_text(&d.completeness, lang)
        );
    }
    s.push('\n');
    let _ = writeln!(s, "{}", st.bold(t(lang, Key::Criteria)));
    let indent = "        ";
    for d in &doc.dimensions {
        let _ = writeln!(s, "  {}", st.bold(&f(&d.label)));
        for c in doc.criteria.iter().filter(|c| c.dimension == d.id) {
            let _ = writeln!(
                s,
                "    [{}] {} — {} ({})",
                provenance_tag(&c.provenance),
                f(&c.label),
                criterion_level(c, lang, f),
                st.score(c.score)
            );
            if let Some(r) = &c.reason {
                let _ = writeln!(s, "{indent}{}", st.dim(&text_lines(r, indent)));
            }
            if let Some(tg) = &c.target {
                let _ = writeln!(
                    s,
                    "{indent}{}: {} · {}: {}",
                    t(lang, Key::Target),
                    f(&tg.level),
                    t(lang, Key::Gap),
                    signed_points(tg.gap)
                );
            }
            if let Some(j) = &c.justification {
                let _ = writeln!(s, "{indent}{}", st.dim(&text_lines(j, indent)));
            }
            for e in &c.evidence {
                let _ = writeln!(
                    s,
                    "{indent}{} {}{}",
                    st.dim("↳"),
                    f(&e.reference),
                    e.excerpt
                        .as_ref()
                        .map(|x| format!(" — {}", text_lines(x, indent)))
                        .unwrap_or_default()
                );
            }
            if let Some(n) = &c.next_level {
                let _ = writeln!(
                    s,
                    "{indent}{}: {}{}",
                    t(lang, Key::NextLevel),
                    f(&n.label),
                    if n.descriptor.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", f(&n.descriptor))
                    }
                );
            }
        }
    }
    s.push('\n');
    let gates: Vec<String> = all_gates(doc).map(|g| gate_line(g, lang, f)).collect();
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
        list(doc, &doc.strengths, lang, f)
    );
    let _ = writeln!(
        s,
        "{}: {}",
        st.bold(t(lang, Key::Weaknesses)),
        list(doc, &doc.weaknesses, lang, f)
    );
    s.push('\n');
    let _ = writeln!(s, "{}", st.bold(t(lang, Key::Trace)));
    for d in &doc.dimensions {
        let _ = writeln!(s, "  {}: {}", f(&d.label), f(&d.aggregate.trace.text));
    }
    if let Some(o) = &doc.overall {
        let _ = writeln!(s, "  {}: {}", t(lang, Key::Overall), f(&o.trace.text));
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

fn list(doc: &ScorecardDoc, ids: &[String], lang: ReportLang, f: Clean) -> String {
    if ids.is_empty() {
        t(lang, Key::None).to_owned()
    } else {
        ids.iter()
            .map(|i| f(doc.criterion_label(i)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// User text for a Markdown table cell, or anywhere in Markdown: the same as [`md_text`].
pub fn md_cell(s: &str) -> String {
    md_text(s)
}

/// The report as Markdown. Every user text goes through [`md_text`] (URLs through
/// [`md_link`]); the only HTML is the renderer's own `<br>` between the pieces of evidence
/// of a table cell.
pub fn markdown(doc: &ScorecardDoc, lang: ReportLang) -> String {
    let f: Clean = md_text;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — {}\n",
        t(lang, Key::Scorecard),
        f(&doc.process.name)
    );
    for (k, v) in meta_lines(doc, lang, f).iter().skip(1) {
        let _ = writeln!(s, "- **{k}**: {v}");
    }
    let _ = writeln!(
        s,
        "- **{}**: {}",
        t(lang, Key::Completeness),
        completeness_text(&doc.completeness, lang)
    );
    if let Some(d) = doc.process.description.as_deref().map(f)
        && !d.is_empty()
    {
        let _ = writeln!(s, "\n{d}");
    }
    s.push('\n');
    match &doc.overall {
        Some(o) => {
            let _ = writeln!(
                s,
                "**{}**: {}{}\n",
                t(lang, Key::Overall),
                pct(o.score),
                band_text(o, f)
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
            f(&d.label),
            provenance_tag(&d.provenance),
            pct(d.aggregate.score),
            d.aggregate
                .band
                .as_ref()
                .map_or(String::new(), |b| f(&b.label)),
            completeness_text(&d.completeness, lang)
        );
    }
    let _ = writeln!(s, "\n## {}\n", t(lang, Key::Criteria));
    for d in &doc.dimensions {
        let _ = writeln!(s, "### {}\n", f(&d.label));
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
            let mut just = f(c
                .justification
                .as_deref()
                .or(c.reason.as_deref())
                .unwrap_or_default());
            for e in &c.evidence {
                let _ = write!(
                    just,
                    "<br>↳ {}{}",
                    f(&e.reference),
                    e.excerpt
                        .as_ref()
                        .map(|x| format!(" — {}", f(x)))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(
                s,
                "| {} [{}] | {} | {} | {} | {} | {} |",
                f(&c.label),
                provenance_tag(&c.provenance),
                criterion_level(c, lang, f),
                pct(c.score),
                c.target.as_ref().map_or(String::new(), |tg| format!(
                    "{} ({})",
                    signed_points(tg.gap),
                    f(&tg.level)
                )),
                just,
                c.next_level.as_ref().map_or(String::new(), |n| format!(
                    "{}{}",
                    f(&n.label),
                    if n.descriptor.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", f(&n.descriptor))
                    }
                ))
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## {}\n", t(lang, Key::Gates));
    let gates: Vec<String> = all_gates(doc).map(|g| gate_line(g, lang, f)).collect();
    if gates.is_empty() {
        let _ = writeln!(s, "{}", t(lang, Key::NoGates));
    }
    for g in gates {
        let _ = writeln!(s, "- {g}");
    }
    let _ = writeln!(
        s,
        "\n**{}**: {}  ",
        t(lang, Key::Strengths),
        list(doc, &doc.strengths, lang, f)
    );
    let _ = writeln!(
        s,
        "**{}**: {}\n",
        t(lang, Key::Weaknesses),
        list(doc, &doc.weaknesses, lang, f)
    );
    if !doc.grid.sources.is_empty() {
        let _ = writeln!(s, "## {}\n", t(lang, Key::Sources));
        for src in &doc.grid.sources {
            let _ = writeln!(
                s,
                "- {}{}{}",
                f(&src.title),
                src.year.map(|y| format!(" ({y})")).unwrap_or_default(),
                src.url
                    .as_ref()
                    .map(|u| format!(" {}", md_link(u)))
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
            f(&d.label),
            code_span_text(&d.aggregate.trace.text)
        );
    }
    if let Some(o) = &doc.overall {
        let _ = writeln!(
            s,
            "- **{}**: `{}`",
            t(lang, Key::Overall),
            code_span_text(&o.trace.text)
        );
    }
    let _ = writeln!(s, "\n_{}_", t(lang, Key::ProvenanceNote));
    s
}

/// Text for a one-backtick Markdown code span (a trace: numbers and ids): on one line, with no
/// backtick to close the span. Traces never hold one; this only makes sure.
fn code_span_text(s: &str) -> String {
    terminal_line(s).replace('`', "'")
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
    for (k, v) in meta_lines(doc, lang, raw).iter().skip(1) {
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
                esc(&criterion_level(c, lang, raw))
            } else {
                format!(
                    "<span class=\"na\">{}</span>",
                    esc(&criterion_level(c, lang, raw))
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
    let gates: Vec<String> = all_gates(doc).map(|g| gate_line(g, lang, raw)).collect();
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
        esc(&list(doc, &doc.strengths, lang, raw)),
        t(lang, Key::Weaknesses),
        esc(&list(doc, &doc.weaknesses, lang, raw))
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

/// A link when the text is a web address (`http://` or `https://`, with no space, control or
/// bidirectional character; shown, not followed automatically), escaped plain text otherwise:
/// a `javascript:` or `data:` address is never a link.
fn link(s: &str) -> String {
    if (s.starts_with("https://") || s.starts_with("http://"))
        && !s
            .chars()
            .any(|c| c.is_whitespace() || crate::escape::is_unsafe_char(c))
    {
        format!("<a href=\"{}\" rel=\"noreferrer\">{}</a>", esc(s), esc(s))
    } else {
        esc(s)
    }
}

/// A text cell of CSV: unsafe characters replaced, guarded against formulas, quoted when
/// needed (RFC 4180); the same as [`CsvCell::Text`].
pub fn csv_field(s: &str) -> String {
    CsvCell::Text(s).to_field()
}

/// The report as CSV: a header, then one row per criterion. Text cells (ids, names, labels,
/// justifications...) are [`CsvCell::Text`]: guarded against formulas with a leading `'`
/// (see [`crate::escape`]); scores, weights and gaps are numbers, written as they are
/// (`0.500000`, `1`, `-0.250000`).
pub fn csv(doc: &ScorecardDoc) -> String {
    let mut s = String::from(
        "grid,grid_version,process,assessor,role,phase,dimension,criterion,label,provenance,status,value,level,score,weight,target,gap,justification\n",
    );
    let fixed = |x: Option<f64>| x.map_or(CsvCell::Empty, |x| CsvCell::Fixed(x, 6));
    for c in &doc.criteria {
        // A number value (and its label on a range scale without unit) is core's formatting of
        // a number; anything else (a level id, true/false, a label) is text.
        let value = c.value.as_deref().map_or(CsvCell::Empty, number_or_text);
        let level = match (&c.level, &c.value) {
            (Some(l), Some(v)) if l == v => value,
            (l, _) => text_cell(l.as_deref()),
        };
        s.push_str(&csv_row(&[
            CsvCell::Text(&doc.grid.id),
            CsvCell::Text(&doc.grid.version),
            CsvCell::Text(&doc.process.name),
            CsvCell::Text(&doc.assessment.assessor),
            CsvCell::Text(&doc.assessment.role),
            CsvCell::Text(&doc.assessment.phase),
            CsvCell::Text(&c.dimension),
            CsvCell::Text(&c.id),
            CsvCell::Text(&c.label),
            CsvCell::Text(&c.provenance),
            CsvCell::Text(&c.status),
            value,
            level,
            fixed(c.score),
            CsvCell::Number(c.weight),
            text_cell(c.target.as_ref().map(|t| t.level.as_str())),
            fixed(c.target.as_ref().and_then(|t| t.gap)),
            text_cell(c.justification.as_deref().or(c.reason.as_deref())),
        ]));
    }
    s
}

/// A text cell, or an empty one.
fn text_cell(x: Option<&str>) -> CsvCell<'_> {
    x.map_or(CsvCell::Empty, CsvCell::Text)
}

/// A number cell when the text is a number exactly as Rust writes it (so writing it back
/// changes nothing), a text cell otherwise.
fn number_or_text(s: &str) -> CsvCell<'_> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && format!("{x}") == s => CsvCell::Number(x),
        _ => CsvCell::Text(s),
    }
}

/// The report as pretty JSON (the document itself), with a final newline.
pub fn json(doc: &ScorecardDoc) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}
