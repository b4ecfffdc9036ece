//! The comparison as terminal text.

use std::fmt::Write as _;

use crate::doc::comparison::ComparisonDoc;
use crate::i18n::{Key, colon, t};
use crate::render::common::{Clean, arrow, level_pair, pct, side_line, signed_points, text_line};

const F: Clean = text_line;

/// The comparison as terminal text.
pub(crate) fn comparison(doc: &ComparisonDoc) -> String {
    let lang = doc.lang;
    let mut s = String::new();
    let (grid, version) = (F(&doc.grid), F(&doc.grid_version));
    let _ = writeln!(s, "{} — {grid} {version}", t(lang, Key::Comparison));
    let before = side_line(&doc.before, lang, F);
    let col = colon(lang);
    let _ = writeln!(s, "  {}{col}{before}", t(lang, Key::Before));
    let after = side_line(&doc.after, lang, F);
    let _ = writeln!(s, "  {}{col}{after}\n", t(lang, Key::After));
    if let Some(o) = &doc.overall {
        let _ = writeln!(
            s,
            "{}{col}{} → {} ({})\n",
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
            let target = d.target.as_ref().map_or(String::new(), |tg| {
                format!(
                    "  ({} {}, {} {})",
                    t(lang, Key::Target).to_lowercase(),
                    F(&tg.level),
                    t(lang, Key::Gap).to_lowercase(),
                    signed_points(tg.gap)
                )
            });
            let line = format!(
                "  {} {:<w$}  {:>5} → {:<5}  {:>4}  {}{target}",
                arrow(d.change),
                F(&d.label),
                pct(d.before),
                pct(d.after),
                signed_points(d.delta),
                level_pair(d, F)
            );
            let _ = writeln!(s, "{}", line.trim_end());
        }
        s.push('\n');
    }
    let changes = doc
        .criteria
        .iter()
        .filter(|d| d.level_before != d.level_after)
        .count();
    let _ = writeln!(s, "{}{}{changes}", t(lang, Key::LevelChanges), colon(lang));
    super::carried(&mut s, &doc.carried, lang);
    s
}
