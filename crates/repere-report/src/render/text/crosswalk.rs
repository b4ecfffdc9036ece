//! The crosswalk as terminal text.

use std::fmt::Write as _;

use crate::doc::crosswalk::CrosswalkDoc;
use crate::i18n::{Key, colon, label, t};
use crate::render::common::{Clean, criterion_ref, level_pairs, provenance_tag, text_line};

const F: Clean = text_line;

/// The crosswalk as terminal text: one line per link (relation, criteria, provenance), its
/// note and level correspondences indented, then the criteria of each grid without a
/// counterpart, and the sources.
pub(crate) fn crosswalk(doc: &CrosswalkDoc) -> String {
    let lang = doc.lang;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} [{}]",
        t(lang, Key::Crosswalk),
        F(&doc.id),
        provenance_tag(doc.provenance)
    );
    for side in [&doc.from, &doc.to] {
        let _ = writeln!(
            s,
            "  {} {} — {}",
            F(&side.id),
            F(&side.version),
            F(&side.title)
        );
    }
    s.push('\n');
    for l in &doc.links {
        let carries = if l.carries {
            format!(" — {}", t(lang, Key::Carries))
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "{} → {}  [{}] {}{carries}",
            criterion_ref(&l.from, F),
            criterion_ref(&l.to, F),
            provenance_tag(l.provenance),
            label(lang, l.relation),
        );
        if let Some(n) = &l.note {
            let _ = writeln!(s, "    {}", F(n));
        }
        if !l.levels.is_empty() {
            let _ = writeln!(
                s,
                "    {}{}{}",
                t(lang, Key::Levels),
                colon(lang),
                level_pairs(&l.levels, F)
            );
        }
    }
    for side in [&doc.from, &doc.to] {
        if side.unlinked.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{} ({}):", t(lang, Key::Unlinked), F(&side.id));
        for c in &side.unlinked {
            let _ = writeln!(s, "  {}", criterion_ref(c, F));
        }
    }
    if !doc.sources.is_empty() {
        let _ = writeln!(s, "\n{}:", t(lang, Key::Sources));
        for src in &doc.sources {
            let _ = writeln!(s, "  {}", F(src));
        }
    }
    s
}
