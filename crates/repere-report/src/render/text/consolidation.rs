//! The consolidation as terminal text.

use std::fmt::Write as _;

use crate::doc::consolidation::{ConsolidationDoc, CriterionRowDoc, divergence_text};
use crate::i18n::{Key, colon, label, t};
use crate::render::common::{Clean, alpha_text, member_name, pct, provenance_tag, text_line};

const F: Clean = text_line;

/// The consolidation as terminal text.
pub(crate) fn consolidation(doc: &ConsolidationDoc) -> String {
    let lang = doc.lang;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} ({} {})",
        t(lang, Key::Consolidation),
        F(&doc.grid_title),
        F(&doc.grid),
        F(&doc.grid_version)
    );
    let _ = writeln!(s, "{}:", t(lang, Key::Assessments));
    for (i, m) in doc.members.iter().enumerate() {
        let (name, phase) = (member_name(doc, i, F), F(&label(lang, m.phase)));
        let _ = writeln!(s, "  [{}] {name} · {phase}", i + 1);
    }
    let alpha = alpha_text(&doc.agreement, lang, F);
    let _ = writeln!(s, "{}{}{alpha}\n", t(lang, Key::Agreement), colon(lang));
    let _ = writeln!(s, "{}", t(lang, Key::Dimensions));
    for d in &doc.dimensions {
        let cells: Vec<String> = d
            .scores
            .iter()
            .enumerate()
            .map(|(i, x)| format!("[{}] {:>5}", i + 1, pct(*x)))
            .collect();
        let _ = writeln!(s, "  {:<32} {}", F(&d.label), cells.join("  "));
    }
    let _ = writeln!(s, "\n{}", t(lang, Key::Criteria));
    for c in &doc.criteria {
        criterion(&mut s, doc, c);
    }
    let flagged = doc
        .criteria
        .iter()
        .filter(|c| !c.divergences.is_empty())
        .count();
    let _ = writeln!(s, "\n{}{}{flagged}", t(lang, Key::Divergences), colon(lang));
    super::carried(&mut s, &doc.carried, lang);
    s
}

/// One criterion: its summary, each member's rating, its agreement, its divergences.
fn criterion(s: &mut String, doc: &ConsolidationDoc, c: &CriterionRowDoc) {
    let lang = doc.lang;
    let col = colon(lang);
    let _ = writeln!(
        s,
        "  [{}] {} — {}{col}{} · {}{col}{} · {}{col}{}–{}",
        provenance_tag(c.provenance),
        F(&c.label),
        t(lang, Key::Median),
        pct(c.median),
        t(lang, Key::Mean),
        pct(c.mean),
        t(lang, Key::Range),
        pct(c.min),
        pct(c.max)
    );
    let ratings: Vec<String> = c
        .ratings
        .iter()
        .enumerate()
        .map(|(i, r)| format!("[{}] {}", i + 1, F(r.as_deref().unwrap_or("—"))))
        .collect();
    let _ = writeln!(s, "      {}", ratings.join("  "));
    if let Some(a) = &c.agreement {
        let _ = writeln!(s, "      {}", alpha_text(a, lang, F));
    }
    for d in &c.divergences {
        let _ = writeln!(s, "      ⚠ {}", F(&divergence_text(d, lang)));
    }
}
