//! The consolidation as one HTML page.

use super::markup::Html;
use super::svg::{self, Series};
use super::{page_end, page_start};
use crate::doc::consolidation::{ConsolidationDoc, CriterionRowDoc, divergence_text};
use crate::i18n::{Key, ReportLang, colon, label, t};
use crate::render::common::{alpha_text, member_name, pct, provenance_tag, raw};

/// The consolidation as a self-contained HTML page, with a radar of one polygon per assessor.
pub(crate) fn consolidation(doc: &ConsolidationDoc) -> String {
    let lang = doc.lang;
    let title = format!("{} — {}", t(lang, Key::Consolidation), doc.grid_title);
    let mut h = page_start(&title, lang);
    h.element("h1", &[], &title).newline();
    h.open("p", &[])
        .text(&doc.grid)
        .text(" ")
        .text(&doc.grid_version);
    h.text(" · ")
        .fixed(t(lang, Key::Agreement))
        .text(colon(lang));
    h.element("strong", &[], &alpha_text(&doc.agreement, lang, raw));
    h.close("p").newline();
    h.open("h2", &[])
        .fixed(t(lang, Key::Assessments))
        .close("h2");
    h.newline().open("ol", &[]).newline();
    for (i, m) in doc.members.iter().enumerate() {
        let phase = label(lang, m.phase);
        h.element(
            "li",
            &[],
            &format!("{} · {phase}", member_name(doc, i, raw)),
        );
        h.newline();
    }
    h.close("ol").newline();
    radar(&mut h, doc);
    criteria(&mut h, doc);
    for c in &doc.carried {
        let (head, lines) = crate::render::common::carried_lines(c, lang, raw);
        h.element("h2", &[], &head).newline();
        h.open("ul", &[("class", "carried")]).newline();
        for l in lines {
            h.element("li", &[], &l).newline();
        }
        h.close("ul").newline();
    }
    h.open("footer", &[])
        .fixed(t(lang, Key::ProvenanceNote))
        .text(" · ");
    h.fixed(t(lang, Key::GeneratedBy)).close("footer").newline();
    page_end(h)
}

/// The radar: one polygon per member.
fn radar(h: &mut Html, doc: &ConsolidationDoc) {
    let lang = doc.lang;
    // An axis that no member scored says so; a member without a score on an axis is left out
    // of that member's outline there, never drawn as 0.
    let axes: Vec<String> = doc
        .dimensions
        .iter()
        .map(|d| match d.scores.iter().any(Option::is_some) {
            true => d.label.clone(),
            false => format!("{} ({})", d.label, t(lang, Key::NoScoreShort)),
        })
        .collect();
    let series: Vec<Series> = (0..doc.members.len())
        .map(|i| Series {
            name: format!("[{}] {}", i + 1, member_name(doc, i, raw)),
            color: svg::PALETTE[i % svg::PALETTE.len()].to_owned(),
            values: doc.dimensions.iter().map(|d| d.scores[i]).collect(),
            partial: Vec::new(),
        })
        .collect();
    h.open("h2", &[])
        .fixed(t(lang, Key::Radar))
        .close("h2")
        .newline();
    svg::radar(h, t(lang, Key::Radar), &axes, &series);
}

/// The criteria's table: each member's rating, the median, the distribution, divergences.
fn criteria(h: &mut Html, doc: &ConsolidationDoc) {
    let lang = doc.lang;
    h.open("h2", &[])
        .fixed(t(lang, Key::Criteria))
        .close("h2")
        .newline();
    // The divergences' column only when there are some: no empty column.
    let divergences = doc.criteria.iter().any(|c| !c.divergences.is_empty());
    h.open("table", &[("class", "criteria")])
        .open("thead", &[])
        .open("tr", &[]);
    h.open("th", &[("scope", "col")])
        .fixed(t(lang, Key::Criterion))
        .close("th");
    for i in 1..=doc.members.len() {
        h.element("th", &[("scope", "col")], &format!("[{i}]"));
    }
    for k in [Key::Median, Key::Distribution, Key::Divergences] {
        if k == Key::Divergences && !divergences {
            continue;
        }
        h.open("th", &[("scope", "col")])
            .fixed(t(lang, k))
            .close("th");
    }
    h.close("tr").close("thead").newline();
    for c in &doc.criteria {
        criterion(h, c, lang, divergences);
    }
    h.close("table").newline();
}

/// The row of one criterion.
fn criterion(h: &mut Html, c: &CriterionRowDoc, lang: ReportLang, divergences: bool) {
    h.open("tr", &[("data-criterion", &c.id)]);
    h.open("td", &[]).text(&c.label);
    h.element("span", &[("class", "tag")], provenance_tag(c.provenance));
    h.close("td");
    for r in &c.ratings {
        h.element("td", &[], r.as_deref().unwrap_or("—"));
    }
    h.element("td", &[("class", "num")], &pct(c.median));
    let dist: Vec<String> = c
        .distribution
        .iter()
        .zip(&c.distribution_labels)
        .filter(|((_, n), _)| *n > 0)
        .map(|((_, n), l)| format!("{l}: {n}"))
        .collect();
    h.element("td", &[], &dist.join(", "));
    if divergences {
        h.open("td", &[]);
        for d in &c.divergences {
            h.element("div", &[], &format!("⚠ {}", divergence_text(d, lang)));
        }
        h.close("td");
    }
    h.close("tr").newline();
}
