//! The grid description ([`GridDescriptionDoc`]) as terminal text, Markdown and HTML.
//!
//! The three formats write the same lines: the document is first laid out as blocks (a title,
//! headings, items at a depth, notes) whose text mixes fixed words, tags and user text as it
//! is; each format then makes the whole of each block safe ([`text_line`], [`md_text`],
//! the HTML builder's escaping) and writes it its way.
//!
//! Every element carries its provenance tag: `[S]`, `[M]` or `[I]` for the grid, dimensions
//! and criteria; below the criterion, an element's own tag is written as is and an inherited
//! one is followed by `↑` (`[S↑]`); the sources an element cites itself follow its tag.

use std::fmt::Write as _;

use crate::doc::grid::{BackingDoc, GridDescriptionDoc, ScaleDescDoc, ScaleKindCode};
use crate::escape::md_text;
use crate::i18n::{Key, ReportLang, colon, decimals, label, t};
use crate::render::common::{provenance_tag, text_line};
use crate::render::html::{page_end, page_start};

/// A block of the description.
enum Block {
    Title(String),
    Heading(String),
    Item(usize, String),
    Note(String),
}

/// The tag of an element below the criterion: `[I]`, `[S↑]`, `[M · src1, src2]`.
pub(crate) fn backing_tag(b: &BackingDoc) -> String {
    let mut s = format!("[{}", provenance_tag(b.provenance));
    if !b.own {
        s.push('↑');
    }
    if !b.sources.is_empty() {
        let _ = write!(s, " · {}", b.sources.join(", "));
    }
    s.push(']');
    s
}

/// What a scale takes, in the report's language.
fn scale_kind(sc: &ScaleDescDoc, lang: ReportLang) -> String {
    let fr = lang == ReportLang::Fr;
    match sc.kind {
        ScaleKindCode::Ordinal => if fr { "ordinale" } else { "ordinal" }.to_owned(),
        ScaleKindCode::Range => format!(
            "{} {} {} {}{}",
            if fr { "valeur de" } else { "value from" },
            decimals(lang, &repere_core::fmt_number(sc.min.unwrap_or(0.0))),
            if fr { "à" } else { "to" },
            decimals(lang, &repere_core::fmt_number(sc.max.unwrap_or(0.0))),
            sc.unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default()
        ),
        ScaleKindCode::Percentage => if fr {
            "pourcentage, 0–100"
        } else {
            "percentage, 0–100"
        }
        .to_owned(),
        ScaleKindCode::Boolean => if fr { "oui ou non" } else { "yes or no" }.to_owned(),
    }
}

fn sources_suffix(sources: &[String]) -> String {
    if sources.is_empty() {
        String::new()
    } else {
        format!(" ({})", sources.join(", "))
    }
}

fn blocks(doc: &GridDescriptionDoc) -> Vec<Block> {
    let lang = doc.lang;
    let mut out = vec![Block::Title(format!(
        "{} — {} {} [{}]",
        doc.title,
        doc.id,
        doc.version,
        provenance_tag(doc.provenance)
    ))];
    if let Some(d) = &doc.description {
        out.push(Block::Note(d.clone()));
    }
    out.push(Block::Note(format!(
        "{}{}{}",
        t(lang, Key::Hash),
        colon(lang),
        doc.hash
    )));
    out.push(Block::Note(t(lang, Key::ProvenanceNote).to_owned()));
    out.push(Block::Note(t(lang, Key::ProvenanceBelow).to_owned()));
    out.push(Block::Heading(t(lang, Key::Scales).to_owned()));
    for sc in &doc.scales {
        out.push(Block::Item(
            0,
            format!("{} — {} ({})", sc.id, sc.label, scale_kind(sc, lang)),
        ));
        for lv in &sc.levels {
            let mut line = format!("{} = {}: {}", lv.id, lv.value, lv.label);
            if let (Some(d), Some(b)) = (&lv.descriptor, &lv.backing) {
                let _ = write!(line, " — {} {d}", backing_tag(b));
            }
            out.push(Block::Item(1, line));
        }
    }
    out.push(Block::Heading(t(lang, Key::DimensionsCriteria).to_owned()));
    for d in &doc.dimensions {
        out.push(Block::Item(
            0,
            format!(
                "{} — {} [{}]{}",
                d.id,
                d.label,
                provenance_tag(d.provenance),
                sources_suffix(&d.sources)
            ),
        ));
        for c in &d.criteria {
            out.push(Block::Item(
                1,
                format!(
                    "{} — {} [{}]{} ({} {})",
                    c.id,
                    c.label,
                    provenance_tag(c.provenance),
                    sources_suffix(&c.sources),
                    t(lang, Key::Scale),
                    c.scale
                ),
            ));
            if let Some(desc) = &c.description {
                out.push(Block::Item(2, desc.clone()));
            }
            for q in &c.questions {
                out.push(Block::Item(2, format!("? {q}")));
            }
            if !c.phases.is_empty() {
                let p: Vec<String> = c.phases.iter().map(|x| label(lang, *x)).collect();
                out.push(Block::Item(
                    2,
                    format!("{}{}{}", t(lang, Key::Phase), colon(lang), p.join(", ")),
                ));
            }
            if !c.roles.is_empty() {
                let r: Vec<String> = c.roles.iter().map(|x| label(lang, *x)).collect();
                out.push(Block::Item(
                    2,
                    format!("{}{}{}", t(lang, Key::Role), colon(lang), r.join(", ")),
                ));
            }
            if let Some(m) = &c.measure {
                out.push(Block::Item(
                    2,
                    format!(
                        "{} {}{}{}",
                        t(lang, Key::Measure),
                        backing_tag(&m.backing),
                        colon(lang),
                        m.description
                    ),
                ));
            }
            for r in &c.rubric {
                out.push(Block::Item(
                    2,
                    format!(
                        "{} ({}) {}{}{}",
                        r.level_label,
                        r.level,
                        backing_tag(&r.backing),
                        colon(lang),
                        r.descriptor
                    ),
                ));
            }
        }
    }
    if !doc.profiles.is_empty() {
        out.push(Block::Heading(t(lang, Key::Profiles).to_owned()));
    }
    for p in &doc.profiles {
        out.push(Block::Item(
            0,
            format!("{} — {} [{}]", p.id, p.label, provenance_tag(p.provenance)),
        ));
        // The weights' line when the profile says anything of them.
        if !p.weights_set.is_empty() || p.weights_source.is_some() || p.weights.own {
            let mut weights = format!(
                "{} {}",
                t(lang, Key::WeightsSource),
                backing_tag(&p.weights)
            );
            if !p.weights_set.is_empty() {
                let _ = write!(weights, "{}{}", colon(lang), p.weights_set.join(", "));
            }
            if let Some(w) = &p.weights_source {
                let _ = write!(weights, " — {w}");
            }
            out.push(Block::Item(1, weights));
        }
        for g in &p.gates {
            let target = if g.target == "overall" {
                t(lang, Key::OverallScore).to_owned()
            } else {
                g.target.clone()
            };
            let mut line = format!(
                "{} {}{}{} {} {} → {} {target} {} {}",
                t(lang, Key::GateRule),
                backing_tag(&g.backing),
                colon(lang),
                g.criterion,
                t(lang, Key::Below),
                decimals(lang, &g.below),
                t(lang, Key::CapsAt),
                t(lang, Key::At),
                decimals(lang, &g.cap)
            );
            if let Some(r) = &g.reason {
                let _ = write!(line, " — {r}");
            }
            out.push(Block::Item(1, line));
        }
        if let Some(b) = &p.bands_backing {
            out.push(Block::Item(
                1,
                format!(
                    "{} {}{}{}",
                    t(lang, Key::Bands),
                    backing_tag(b),
                    colon(lang),
                    p.bands.join(", ")
                ),
            ));
        }
    }
    if !doc.sources.is_empty() {
        out.push(Block::Heading(t(lang, Key::Sources).to_owned()));
        for s in &doc.sources {
            let mut line = format!("[{}] {}", s.id, s.title);
            if let Some(y) = s.year {
                let _ = write!(line, " ({y})");
            }
            if let Some(u) = &s.url {
                let _ = write!(line, " <{u}>");
            }
            out.push(Block::Item(0, line));
        }
    }
    out
}

/// The description as terminal text.
pub(crate) fn text(doc: &GridDescriptionDoc) -> String {
    let mut s = String::new();
    let colon = colon(doc.lang).trim_end();
    for b in blocks(doc) {
        match b {
            Block::Title(x) | Block::Note(x) => {
                let _ = writeln!(s, "{}", text_line(&x));
            }
            Block::Heading(x) => {
                let _ = writeln!(s, "\n{}{colon}", text_line(&x));
            }
            Block::Item(depth, x) => {
                let _ = writeln!(s, "{}{}", "  ".repeat(depth + 1), text_line(&x));
            }
        }
    }
    s
}

/// The description as Markdown.
pub(crate) fn markdown(doc: &GridDescriptionDoc) -> String {
    let mut s = String::new();
    for b in blocks(doc) {
        match b {
            Block::Title(x) => {
                let _ = writeln!(s, "# {}\n", md_text(&x));
            }
            Block::Note(x) => {
                let _ = writeln!(s, "{}\n", md_text(&x));
            }
            Block::Heading(x) => {
                let _ = writeln!(s, "\n## {}\n", md_text(&x));
            }
            Block::Item(depth, x) => {
                let _ = writeln!(s, "{}- {}", "  ".repeat(depth), md_text(&x));
            }
        }
    }
    s
}

/// The description as one self-contained HTML page.
pub(crate) fn html(doc: &GridDescriptionDoc) -> String {
    let mut h = page_start(&doc.title, doc.lang);
    h.open("main", &[]).newline();
    for b in blocks(doc) {
        match b {
            Block::Title(x) => {
                h.element("h1", &[], &x).newline();
            }
            Block::Heading(x) => {
                h.element("h2", &[], &x).newline();
            }
            Block::Note(x) => {
                h.element("p", &[], &x).newline();
            }
            Block::Item(depth, x) => {
                let style = format!("margin:.15rem 0 .15rem {}rem", depth as f64 * 1.5);
                h.element("p", &[("style", &style)], &x).newline();
            }
        }
    }
    h.close("main").newline();
    page_end(h)
}
