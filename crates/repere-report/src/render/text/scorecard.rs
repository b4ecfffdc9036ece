//! The scorecard as terminal text.

use std::fmt::Write as _;

use super::Paint;
use crate::doc::scorecard::{CriterionDoc, ScorecardDoc};
use crate::escape::terminal_safe;
use crate::i18n::{Key, colon, t};
use crate::render::common::{
    Clean, band_text, completeness_text, criterion_level, gate_lines, list, measure_line,
    meta_lines, next_descriptor, provenance_tag, signed_points, text_line,
};

const F: Clean = text_line;

/// The indentation of what is said of a criterion, under its line.
const INDENT: &str = "        ";

/// The scorecard as terminal text; `color` adds ANSI styles.
pub(crate) fn scorecard(doc: &ScorecardDoc, color: bool) -> String {
    let p = Paint { color };
    let mut s = String::new();
    head(&mut s, doc, p);
    dimensions(&mut s, doc, p);
    let _ = writeln!(s, "{}", p.bold(t(doc.lang, Key::Criteria)));
    for d in &doc.dimensions {
        let _ = writeln!(s, "  {}", p.bold(&F(&d.label)));
        for c in doc.criteria.iter().filter(|c| c.dimension == d.id) {
            criterion(&mut s, doc, c, p);
        }
    }
    s.push('\n');
    gates(&mut s, doc, p);
    trace(&mut s, doc, p);
    s
}

/// The title, the metadata (labels aligned) and the overall result.
fn head(s: &mut String, doc: &ScorecardDoc, p: Paint) {
    let lang = doc.lang;
    let title = format!("{} — {}", t(lang, Key::Scorecard), F(&doc.process.name));
    let _ = writeln!(s, "{}", p.bold(&title));
    let meta = meta_lines(doc, F);
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
            let (score, band) = (p.score(o.score), band_text(o, F));
            let col = colon(lang);
            let _ = writeln!(s, "{}{col}{score}{band}", p.bold(t(lang, Key::Overall)));
        }
        None => {
            let _ = writeln!(s, "{}", p.dim(t(lang, Key::NoOverall)));
        }
    }
    s.push('\n');
}

/// The dimensions, each with a bar of 20 cells.
fn dimensions(s: &mut String, doc: &ScorecardDoc, p: Paint) {
    let lang = doc.lang;
    let _ = writeln!(s, "{}", p.bold(t(lang, Key::Dimensions)));
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
            F(&d.label),
            bar,
            p.score_padded(d.aggregate.score, 5),
            band_text(&d.aggregate, F),
            completeness_text(&d.completeness, lang)
        );
    }
    s.push('\n');
}

/// One criterion: its line, then what is said of it, indented.
fn criterion(s: &mut String, doc: &ScorecardDoc, c: &CriterionDoc, p: Paint) {
    let lang = doc.lang;
    let _ = writeln!(
        s,
        "    [{}] {} — {} ({})",
        provenance_tag(c.provenance),
        F(&c.label),
        criterion_level(c, lang, F),
        p.score(c.score)
    );
    if let Some(r) = &c.reason {
        let _ = writeln!(s, "{INDENT}{}", p.dim(&text_lines(r)));
    }
    if let Some(tg) = &c.target {
        let col = colon(lang);
        let _ = writeln!(
            s,
            "{INDENT}{}{col}{} · {}{col}{}",
            t(lang, Key::Target),
            F(&tg.level),
            t(lang, Key::Gap),
            signed_points(tg.gap)
        );
    }
    if let Some(j) = &c.justification {
        let _ = writeln!(s, "{INDENT}{}", p.dim(&text_lines(j)));
    }
    for e in &c.evidence {
        let excerpt = e.excerpt.as_ref().map(|x| format!(" — {}", text_lines(x)));
        let (arrow, reference) = (p.dim("↳"), F(&e.reference));
        let _ = writeln!(
            s,
            "{INDENT}{arrow} {reference}{}",
            excerpt.unwrap_or_default()
        );
    }
    if let Some(m) = measure_line(c, lang, F) {
        let _ = writeln!(s, "{INDENT}{}", p.dim(&m));
    }
    if let Some(n) = &c.next_level {
        let descriptor = next_descriptor(c, F)
            .map(|d| format!(" — {d}"))
            .unwrap_or_default();
        let next = t(lang, Key::NextLevel);
        let col = colon(lang);
        let _ = writeln!(s, "{INDENT}{next}{col}{}{descriptor}", F(&n.label));
    }
}

/// User text that may hold several lines: continuation lines are indented like the first,
/// so they cannot pass for lines of the report.
fn text_lines(s: &str) -> String {
    let safe = terminal_safe(s);
    if safe.contains('\n') {
        safe.replace('\n', &format!("\n{INDENT}"))
    } else {
        safe.into_owned()
    }
}

/// The gates that fired, the strengths and the weaknesses.
fn gates(s: &mut String, doc: &ScorecardDoc, p: Paint) {
    let lang = doc.lang;
    let gates = gate_lines(doc, F);
    let _ = writeln!(s, "{}", p.bold(t(lang, Key::Gates)));
    if gates.is_empty() {
        let _ = writeln!(s, "  {}", t(lang, Key::NoGates));
    }
    for g in gates {
        let _ = writeln!(s, "  {g}");
    }
    let strengths = list(doc, &doc.strengths, F);
    let col = colon(lang);
    let _ = writeln!(s, "{}{col}{strengths}", p.bold(t(lang, Key::Strengths)));
    let weaknesses = list(doc, &doc.weaknesses, F);
    let _ = writeln!(s, "{}{col}{weaknesses}", p.bold(t(lang, Key::Weaknesses)));
    s.push('\n');
}

/// How each score was obtained, and the provenance note.
fn trace(s: &mut String, doc: &ScorecardDoc, p: Paint) {
    let lang = doc.lang;
    let _ = writeln!(s, "{}", p.bold(t(lang, Key::Trace)));
    let col = colon(lang);
    for d in &doc.dimensions {
        let _ = writeln!(s, "  {}{col}{}", F(&d.label), F(&d.aggregate.trace.text));
    }
    if let Some(o) = &doc.overall {
        let _ = writeln!(s, "  {}{col}{}", t(lang, Key::Overall), F(&o.trace.text));
    }
    let _ = writeln!(s, "{}", p.dim(t(lang, Key::ProvenanceNote)));
    let _ = writeln!(s, "{}", p.dim(t(lang, Key::ProvenanceDiffers)));
}
