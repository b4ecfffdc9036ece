//! The scorecard as one HTML page.

use super::markup::Html;
use super::svg::{self, Bar, Series};
use super::{link, page_end, page_start};
use crate::doc::scorecard::{AggregateDoc, CriterionDoc, ScorecardDoc, StatusDoc};
use crate::i18n::{Key, colon, label, t};
use crate::render::common::{
    completeness_text, criterion_level, gate_lines, list, measure_line, meta_lines,
    next_descriptor, pct, provenance_tag, raw, signed_points,
};

/// The scorecard as one self-contained HTML page: inline CSS and SVG, no script, nothing
/// fetched.
pub(crate) fn scorecard(doc: &ScorecardDoc) -> String {
    let lang = doc.lang;
    let title = format!("{} — {}", t(lang, Key::Scorecard), doc.process.name);
    let mut h = page_start(&title, lang);
    h.element("h1", &[], &title).newline();
    meta(&mut h, doc);
    charts(&mut h, doc);
    dimensions(&mut h, doc);
    criteria(&mut h, doc);
    gates(&mut h, doc);
    sources(&mut h, doc);
    trace(&mut h, doc);
    h.open("footer", &[]);
    h.fixed(t(lang, Key::ProvenanceNote)).text(" ");
    h.fixed(t(lang, Key::ProvenanceDiffers)).text(" · ");
    h.fixed(t(lang, Key::GeneratedBy)).text(" · ");
    let g = &doc.grid;
    h.text(&g.id)
        .text(" ")
        .text(&g.version)
        .text(" · ")
        .text(&g.hash);
    h.close("footer").newline();
    page_end(h)
}

/// The metadata table, the description and the overall result.
fn meta(h: &mut Html, doc: &ScorecardDoc) {
    let lang = doc.lang;
    h.open("table", &[("class", "meta")]).newline();
    for (k, v) in meta_lines(doc, raw).iter().skip(1) {
        h.open("tr", &[])
            .element("td", &[], k)
            .element("td", &[], v);
        h.close("tr").newline();
    }
    h.open("tr", &[])
        .open("td", &[])
        .fixed(t(lang, Key::Completeness));
    h.close("td");
    h.element("td", &[], &completeness_text(&doc.completeness, lang));
    h.close("tr").newline().close("table").newline();
    if let Some(d) = &doc.process.description {
        h.element("p", &[], d).newline();
    }
    match &doc.overall {
        Some(o) => {
            h.open("p", &[("class", "overall")]);
            h.open("strong", &[])
                .fixed(t(lang, Key::Overall))
                .close("strong");
            h.text(colon(lang)).text(&pct(o.score));
            band(h, o);
            h.close("p").newline();
        }
        None => {
            h.open("p", &[("class", "na")])
                .fixed(t(lang, Key::NoOverall));
            h.close("p").newline();
        }
    }
}

/// ` <span class="band" ...>label</span>` when the aggregate has a band.
fn band(h: &mut Html, a: &AggregateDoc) {
    if let Some(b) = &a.band {
        let style = format!("background:{}", b.color);
        h.text(" ");
        h.element("span", &[("class", "band"), ("style", &style)], &b.label);
    }
}

/// The radar (three dimensions or more) and the bars of the dimensions.
fn charts(h: &mut Html, doc: &ScorecardDoc) {
    let lang = doc.lang;
    h.open("h2", &[])
        .fixed(t(lang, Key::Radar))
        .close("h2")
        .newline();
    h.open("div", &[("class", "charts")]).newline();
    if doc.dimensions.len() >= 3 {
        // An axis without a score says so: it is left out of the outline, never drawn as 0.
        // An incomplete axis gives its completeness (a dimension with 1 of 5 criteria rated
        // is not a full-strength spike).
        let axes: Vec<String> = doc.dimensions.iter().map(|d| axis_label(d, lang)).collect();
        let series = Series {
            name: format!(
                "{} ({})",
                doc.assessment.assessor,
                label(lang, doc.assessment.role)
            ),
            color: svg::PALETTE[0].to_owned(),
            values: doc.dimensions.iter().map(|d| d.aggregate.score).collect(),
            partial: doc.dimensions.iter().map(partial).collect(),
        };
        svg::radar(h, t(lang, Key::Radar), &axes, &[series]);
    }
    let rows: Vec<Bar> = doc
        .dimensions
        .iter()
        .map(|d| {
            let color = d.aggregate.band.as_ref().map(|b| b.color.clone());
            (axis_label(d, lang), d.aggregate.score, color)
        })
        .collect();
    svg::bars(h, t(lang, Key::Dimensions), &rows);
    h.close("div").newline();
    // The legend, where a chart shows a gap or a partial score.
    let explained = doc.dimensions.len() >= 3
        || doc
            .dimensions
            .iter()
            .any(|d| d.aggregate.score.is_none() || partial(d));
    if explained {
        h.open("p", &[("class", "hint legend")])
            .fixed(t(lang, Key::RadarLegend))
            .close("p")
            .newline();
    }
}

/// Whether a dimension's score rests on part of its applicable criteria only.
fn partial(d: &crate::doc::scorecard::DimensionDoc) -> bool {
    d.aggregate.score.is_some() && d.completeness.rated < d.completeness.applicable
}

/// A dimension's label on a chart: with "no score" when it has none, with its completeness
/// (rated/applicable) when some applicable criteria are not rated.
fn axis_label(d: &crate::doc::scorecard::DimensionDoc, lang: crate::ReportLang) -> String {
    match d.aggregate.score {
        None => format!("{} ({})", d.label, t(lang, Key::NoScoreShort)),
        Some(_) if partial(d) => format!(
            "{} ({}/{})",
            d.label, d.completeness.rated, d.completeness.applicable
        ),
        Some(_) => d.label.clone(),
    }
}

/// A table heading `<h2>` and the header row of its table, from fixed labels.
fn table_head(
    h: &mut Html,
    title: Key,
    class: &'static str,
    columns: &[Key],
    lang: crate::ReportLang,
) {
    h.open("h2", &[])
        .fixed(t(lang, title))
        .close("h2")
        .newline();
    h.open("table", &[("class", class)])
        .open("thead", &[])
        .open("tr", &[]);
    for &c in columns {
        h.open("th", &[("scope", "col")])
            .fixed(t(lang, c))
            .close("th");
    }
    h.close("tr").close("thead").newline();
}

/// The dimensions' table.
fn dimensions(h: &mut Html, doc: &ScorecardDoc) {
    let lang = doc.lang;
    // The band column only when the profile gives bands: no empty column.
    let bands = doc.dimensions.iter().any(|d| d.aggregate.band.is_some());
    let mut columns = vec![Key::Dimension, Key::Score];
    if bands {
        columns.push(Key::Band);
    }
    columns.push(Key::Completeness);
    table_head(h, Key::Dimensions, "dimensions", &columns, lang);
    for d in &doc.dimensions {
        h.open("tr", &[]).open("td", &[]).text(&d.label);
        h.element("span", &[("class", "tag")], provenance_tag(d.provenance));
        h.close("td");
        h.element("td", &[("class", "num")], &pct(d.aggregate.score));
        if bands {
            h.open("td", &[]);
            band(h, &d.aggregate);
            h.close("td");
        }
        h.element("td", &[], &completeness_text(&d.completeness, lang));
        h.close("tr").newline();
    }
    h.close("table").newline();
}

/// The criteria's table, by dimension.
/// The gap column is there only when some criterion has a target: no empty column.
fn criteria(h: &mut Html, doc: &ScorecardDoc) {
    let gaps = doc.criteria.iter().any(|c| c.target.is_some());
    let mut columns = vec![Key::Criterion, Key::Level, Key::Score];
    if gaps {
        columns.push(Key::Gap);
    }
    columns.push(Key::Justification);
    table_head(h, Key::Criteria, "criteria", &columns, doc.lang);
    let span = columns.len().to_string();
    for d in &doc.dimensions {
        h.open("tr", &[])
            .element("th", &[("colspan", &span)], &d.label);
        h.close("tr").newline();
        for c in doc.criteria.iter().filter(|c| c.dimension == d.id) {
            criterion(h, doc, c, gaps);
        }
    }
    h.close("table").newline();
}

/// The row of one criterion.
fn criterion(h: &mut Html, doc: &ScorecardDoc, c: &CriterionDoc, gaps: bool) {
    let lang = doc.lang;
    h.open("tr", &[("data-criterion", &c.id)]);
    h.open("td", &[]).text(&c.label);
    let tag = [("class", "tag"), ("title", c.provenance.name())];
    h.element("span", &tag, provenance_tag(c.provenance));
    h.close("td").open("td", &[]);
    let level = criterion_level(c, lang, raw);
    if c.status == StatusDoc::Rated {
        h.text(&level);
    } else {
        h.element("span", &[("class", "na")], &level);
    }
    h.close("td");
    h.element("td", &[("class", "num")], &pct(c.score));
    if gaps {
        h.open("td", &[("class", "num")]);
        if let Some(tg) = &c.target {
            h.text(&signed_points(tg.gap)).text(" ");
            h.element("span", &[("class", "hint")], &format!("({})", tg.level));
        }
        h.close("td");
    }
    h.open("td", &[]);
    justification(h, doc, c);
    h.close("td").close("tr").newline();
}

/// The justification (or the reason), the evidence and the next level of a criterion.
fn justification(h: &mut Html, doc: &ScorecardDoc, c: &CriterionDoc) {
    h.text(
        c.justification
            .as_deref()
            .or(c.reason.as_deref())
            .unwrap_or(""),
    );
    for e in &c.evidence {
        h.open("div", &[("class", "ev")]).text("↳ ");
        link(h, &e.reference);
        if let Some(x) = &e.excerpt {
            h.text(" — ").text(x);
        }
        h.close("div");
    }
    if let Some(m) = measure_line(c, doc.lang, raw) {
        h.element("div", &[("class", "hint")], &m);
    }
    if let Some(n) = &c.next_level {
        h.open("div", &[("class", "hint")]);
        h.fixed(t(doc.lang, Key::NextLevel)).text(colon(doc.lang));
        h.element("strong", &[], &n.label);
        if let Some(d) = next_descriptor(c, raw) {
            h.text(" — ").text(&d);
        }
        h.close("div");
    }
}

/// The gates that fired, the strengths and the weaknesses.
fn gates(h: &mut Html, doc: &ScorecardDoc) {
    let lang = doc.lang;
    h.open("h2", &[])
        .fixed(t(lang, Key::Gates))
        .close("h2")
        .newline();
    let gates = gate_lines(doc, raw);
    if gates.is_empty() {
        h.open("p", &[])
            .fixed(t(lang, Key::NoGates))
            .close("p")
            .newline();
    } else {
        h.open("ul", &[]);
        for g in &gates {
            h.element("li", &[], g);
        }
        h.close("ul").newline();
    }
    h.open("p", &[]);
    h.open("strong", &[])
        .fixed(t(lang, Key::Strengths))
        .close("strong");
    h.text(colon(lang)).text(&list(doc, &doc.strengths, raw));
    h.void("br", &[]);
    h.open("strong", &[])
        .fixed(t(lang, Key::Weaknesses))
        .close("strong");
    h.text(colon(lang)).text(&list(doc, &doc.weaknesses, raw));
    h.close("p").newline();
}

/// The grid's sources, when it has any.
fn sources(h: &mut Html, doc: &ScorecardDoc) {
    if doc.grid.sources.is_empty() {
        return;
    }
    h.open("h2", &[])
        .fixed(t(doc.lang, Key::Sources))
        .close("h2");
    h.newline().open("ul", &[]).newline();
    for src in &doc.grid.sources {
        h.open("li", &[]).text(&src.title);
        if let Some(y) = src.year {
            h.text(&format!(" ({y})"));
        }
        if let Some(u) = &src.url {
            h.text(" — ");
            link(h, u);
        }
        h.close("li").newline();
    }
    h.close("ul").newline();
}

/// How each score was obtained.
fn trace(h: &mut Html, doc: &ScorecardDoc) {
    let lang = doc.lang;
    h.open("h2", &[])
        .fixed(t(lang, Key::Trace))
        .close("h2")
        .newline();
    h.open("ul", &[("class", "trace")]).newline();
    for d in &doc.dimensions {
        h.open("li", &[])
            .element("strong", &[], &d.label)
            .text(colon(lang));
        h.element("code", &[], &d.aggregate.trace.text);
        h.close("li").newline();
    }
    if let Some(o) = &doc.overall {
        h.open("li", &[]);
        h.open("strong", &[])
            .fixed(t(lang, Key::Overall))
            .close("strong");
        h.text(colon(lang)).element("code", &[], &o.trace.text);
        h.close("li").newline();
    }
    h.close("ul").newline();
}
