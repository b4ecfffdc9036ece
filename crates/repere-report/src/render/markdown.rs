//! Markdown: scorecards, comparisons and consolidations.
//!
//! Every user text goes through [`md_text`] (URLs through [`md_link`]); the only HTML is the
//! renderer's own `<br>` between the pieces of evidence of a table cell.

use std::fmt::Write as _;

use super::common::{
    Clean, alpha_text, arrow, band_text, completeness_text, criterion_level, gate_lines,
    level_pair, level_pairs, list, measure_line, member_name, meta_lines, next_descriptor, pct,
    provenance_tag, signed_points,
};
use crate::doc::comparison::{ComparisonDoc, DeltaDoc};
use crate::doc::consolidation::ConsolidationDoc;
use crate::doc::consolidation::divergence_text;
use crate::doc::scorecard::{CriterionDoc, ScorecardDoc};
use crate::escape::{md_link, md_text, terminal_line};
use crate::i18n::{Key, colon, label, t};

const F: Clean = md_text;

// ---------------------------------------------------------------------------------------
// Scorecard

/// The scorecard as Markdown.
pub(crate) fn scorecard(doc: &ScorecardDoc) -> String {
    let mut s = String::new();
    scorecard_head(&mut s, doc);
    scorecard_dimensions(&mut s, doc);
    let _ = writeln!(s, "\n## {}\n", t(doc.lang, Key::Criteria));
    for d in &doc.dimensions {
        scorecard_criteria(&mut s, doc, &d.id, &d.label);
    }
    scorecard_gates(&mut s, doc);
    scorecard_sources(&mut s, doc);
    scorecard_trace(&mut s, doc);
    s
}

/// The title, the metadata, the description and the overall result.
fn scorecard_head(s: &mut String, doc: &ScorecardDoc) {
    let lang = doc.lang;
    let col = colon(lang);
    let _ = writeln!(
        s,
        "# {} — {}\n",
        t(lang, Key::Scorecard),
        F(&doc.process.name)
    );
    for (k, v) in meta_lines(doc, F).iter().skip(1) {
        let _ = writeln!(s, "- **{k}**{col}{v}");
    }
    let _ = writeln!(
        s,
        "- **{}**{col}{}",
        t(lang, Key::Completeness),
        completeness_text(&doc.completeness, lang)
    );
    if let Some(d) = doc.process.description.as_deref().map(F)
        && !d.is_empty()
    {
        let _ = writeln!(s, "\n{d}");
    }
    s.push('\n');
    match &doc.overall {
        Some(o) => {
            let (score, band) = (pct(o.score), band_text(o, F));
            let _ = writeln!(s, "**{}**{col}{score}{band}\n", t(lang, Key::Overall));
        }
        None => {
            let _ = writeln!(s, "_{}_\n", t(lang, Key::NoOverall));
        }
    }
}

/// The dimensions' table.
fn scorecard_dimensions(s: &mut String, doc: &ScorecardDoc) {
    let lang = doc.lang;
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
            F(&d.label),
            provenance_tag(d.provenance),
            pct(d.aggregate.score),
            d.aggregate
                .band
                .as_ref()
                .map_or(String::new(), |b| F(&b.label)),
            completeness_text(&d.completeness, lang)
        );
    }
}

/// The criteria's table of one dimension.
fn scorecard_criteria(s: &mut String, doc: &ScorecardDoc, dimension: &str, title: &str) {
    let lang = doc.lang;
    let _ = writeln!(s, "### {}\n", F(title));
    // The gap column only when the assessment sets targets: no empty column.
    let targets = doc.criteria.iter().any(|c| c.target.is_some());
    let (gap_head, gap_rule) = if targets {
        (format!(" {} |", t(lang, Key::Gap)), "---|")
    } else {
        (String::new(), "")
    };
    let _ = writeln!(
        s,
        "| {} | {} | {} |{gap_head} {} | {} |\n|---|---|---:|{gap_rule}---|---|",
        t(lang, Key::Criterion),
        t(lang, Key::Level),
        t(lang, Key::Score),
        t(lang, Key::Justification),
        t(lang, Key::NextLevel)
    );
    for c in doc.criteria.iter().filter(|c| c.dimension == dimension) {
        scorecard_criterion(s, doc, c, targets);
    }
    s.push('\n');
}

/// The row of one criterion; `targets`: whether the table has a gap column.
fn scorecard_criterion(s: &mut String, doc: &ScorecardDoc, c: &CriterionDoc, targets: bool) {
    let mut just = F(c
        .justification
        .as_deref()
        .or(c.reason.as_deref())
        .unwrap_or_default());
    for e in &c.evidence {
        let excerpt = e.excerpt.as_ref().map(|x| format!(" — {}", F(x)));
        let _ = write!(
            just,
            "<br>↳ {}{}",
            F(&e.reference),
            excerpt.unwrap_or_default()
        );
    }
    let gap = match (&c.target, targets) {
        (Some(tg), _) => format!(" {} ({}) |", signed_points(tg.gap), F(&tg.level)),
        (None, true) => " |".to_owned(),
        (None, false) => String::new(),
    };
    if let Some(m) = measure_line(c, doc.lang, F) {
        let _ = write!(just, "<br>{m}");
    }
    let next = c
        .next_level
        .as_ref()
        .map_or(String::new(), |n| match next_descriptor(c, F) {
            None => F(&n.label),
            Some(d) => format!("{}{}{d}", F(&n.label), colon(doc.lang)),
        });
    let _ = writeln!(
        s,
        "| {} [{}] | {} | {} |{gap} {just} | {next} |",
        F(&c.label),
        provenance_tag(c.provenance),
        criterion_level(c, doc.lang, F),
        pct(c.score),
    );
}

/// The gates that fired, the strengths and the weaknesses.
fn scorecard_gates(s: &mut String, doc: &ScorecardDoc) {
    let lang = doc.lang;
    let col = colon(lang);
    let _ = writeln!(s, "## {}\n", t(lang, Key::Gates));
    let gates = gate_lines(doc, F);
    if gates.is_empty() {
        let _ = writeln!(s, "{}", t(lang, Key::NoGates));
    }
    for g in gates {
        let _ = writeln!(s, "- {g}");
    }
    let _ = writeln!(
        s,
        "\n**{}**{col}{}  ",
        t(lang, Key::Strengths),
        list(doc, &doc.strengths, F)
    );
    let _ = writeln!(
        s,
        "**{}**{col}{}\n",
        t(lang, Key::Weaknesses),
        list(doc, &doc.weaknesses, F)
    );
}

/// The grid's sources, when it has any.
fn scorecard_sources(s: &mut String, doc: &ScorecardDoc) {
    if doc.grid.sources.is_empty() {
        return;
    }
    let _ = writeln!(s, "## {}\n", t(doc.lang, Key::Sources));
    for src in &doc.grid.sources {
        let _ = writeln!(
            s,
            "- {}{}{}",
            F(&src.title),
            src.year.map(|y| format!(" ({y})")).unwrap_or_default(),
            src.url
                .as_ref()
                .map(|u| format!(" {}", md_link(u)))
                .unwrap_or_default()
        );
    }
    s.push('\n');
}

/// How each score was obtained, and the provenance note.
fn scorecard_trace(s: &mut String, doc: &ScorecardDoc) {
    let lang = doc.lang;
    let col = colon(lang);
    let _ = writeln!(s, "## {}\n", t(lang, Key::Trace));
    for d in &doc.dimensions {
        let trace = code_span_text(&d.aggregate.trace.text);
        let _ = writeln!(s, "- **{}**{col}`{trace}`", F(&d.label));
    }
    if let Some(o) = &doc.overall {
        let trace = code_span_text(&o.trace.text);
        let _ = writeln!(s, "- **{}**{col}`{trace}`", t(lang, Key::Overall));
    }
    let _ = writeln!(
        s,
        "\n_{} {}_",
        t(lang, Key::ProvenanceNote),
        t(lang, Key::ProvenanceDiffers)
    );
}

/// Text for a one-backtick Markdown code span (a trace: numbers and ids): on one line, with no
/// backtick to close the span. Traces never hold one; this only makes sure.
fn code_span_text(s: &str) -> String {
    terminal_line(s).replace('`', "'")
}

// ---------------------------------------------------------------------------------------
// Comparison

/// The comparison as Markdown.
pub(crate) fn comparison(doc: &ComparisonDoc) -> String {
    let lang = doc.lang;
    let col = colon(lang);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — {} {}\n",
        t(lang, Key::Comparison),
        F(&doc.grid),
        F(&doc.grid_version)
    );
    let before = super::common::side_line(&doc.before, lang, F);
    let _ = writeln!(s, "- **{}**{col}{before}", t(lang, Key::Before));
    let after = super::common::side_line(&doc.after, lang, F);
    let _ = writeln!(s, "- **{}**{col}{after}\n", t(lang, Key::After));
    if let Some(o) = &doc.overall {
        let _ = writeln!(
            s,
            "**{}**{col}{} → {} ({})\n",
            t(lang, Key::Overall),
            pct(o.before),
            pct(o.after),
            signed_points(o.delta)
        );
    }
    comparison_table(
        &mut s,
        doc,
        Key::Dimensions,
        Key::Dimension,
        &doc.dimensions,
    );
    comparison_table(&mut s, doc, Key::Criteria, Key::Criterion, &doc.criteria);
    carried_section(&mut s, &doc.carried, lang);
    s
}

/// The table of the dimensions or of the criteria; a column of targets when a row has one.
fn comparison_table(s: &mut String, doc: &ComparisonDoc, title: Key, what: Key, rows: &[DeltaDoc]) {
    let lang = doc.lang;
    let targets = rows.iter().any(|d| d.target.is_some());
    let (target_head, target_rule) = if targets {
        (format!(" {} |", t(lang, Key::Gap)), "---|")
    } else {
        (String::new(), "")
    };
    let _ = writeln!(
        s,
        "## {}\n\n| | {} | {} | {} | Δ | {} |{target_head}\n|---|---|---:|---:|---:|---|{target_rule}",
        t(lang, title),
        t(lang, what),
        t(lang, Key::Before),
        t(lang, Key::After),
        t(lang, Key::Level)
    );
    for d in rows {
        let target = match (&d.target, targets) {
            (Some(tg), _) => format!(" {} ({}) |", signed_points(tg.gap), F(&tg.level)),
            (None, true) => " |".to_owned(),
            (None, false) => String::new(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |{target}",
            arrow(d.change),
            F(&d.label),
            pct(d.before),
            pct(d.after),
            signed_points(d.delta),
            level_pair(d, F)
        );
    }
    s.push('\n');
}

// ---------------------------------------------------------------------------------------
// Consolidation

/// The consolidation as Markdown.
pub(crate) fn consolidation(doc: &ConsolidationDoc) -> String {
    let lang = doc.lang;
    let col = colon(lang);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — {}\n",
        t(lang, Key::Consolidation),
        F(&doc.grid_title)
    );
    let (grid, version) = (F(&doc.grid), F(&doc.grid_version));
    let _ = writeln!(s, "- **{}**{col}{grid} {version}", t(lang, Key::Grid));
    let alpha = alpha_text(&doc.agreement, lang, F);
    let _ = writeln!(s, "- **{}**{col}{alpha}\n", t(lang, Key::Agreement));
    let _ = writeln!(s, "## {}\n", t(lang, Key::Assessments));
    for (i, m) in doc.members.iter().enumerate() {
        let (name, phase) = (member_name(doc, i, F), F(&label(lang, m.phase)));
        let _ = writeln!(s, "{}. {name} · {phase}", i + 1);
    }
    let head: Vec<String> = (1..=doc.members.len()).map(|i| format!("[{i}]")).collect();
    let _ = writeln!(
        s,
        "\n## {}\n\n| {} | {} |\n|---|{}",
        t(lang, Key::Dimensions),
        t(lang, Key::Dimension),
        head.join(" | "),
        "---:|".repeat(doc.members.len())
    );
    for d in &doc.dimensions {
        let cells: Vec<String> = d.scores.iter().map(|x| pct(*x)).collect();
        let _ = writeln!(s, "| {} | {} |", F(&d.label), cells.join(" | "));
    }
    consolidation_criteria(&mut s, doc, &head);
    carried_section(&mut s, &doc.carried, lang);
    s
}

/// The criteria's table; `head` names the members' columns.
fn consolidation_criteria(s: &mut String, doc: &ConsolidationDoc, head: &[String]) {
    let lang = doc.lang;
    let _ = writeln!(
        s,
        "\n## {}\n\n| {} | {} | {} | {} | {} |\n|---|{}---:|---|---|",
        t(lang, Key::Criteria),
        t(lang, Key::Criterion),
        head.join(" | "),
        t(lang, Key::Median),
        t(lang, Key::Distribution),
        t(lang, Key::Divergences),
        "---|".repeat(doc.members.len())
    );
    for c in &doc.criteria {
        let cells: Vec<String> = c
            .ratings
            .iter()
            .map(|r| F(r.as_deref().unwrap_or("—")))
            .collect();
        let dist: Vec<String> = c
            .distribution
            .iter()
            .zip(&c.distribution_labels)
            .filter(|((_, n), _)| *n > 0)
            .map(|((_, n), l)| format!("{}: {n}", F(l)))
            .collect();
        let div: Vec<String> = c
            .divergences
            .iter()
            .map(|d| F(&divergence_text(d, lang)))
            .collect();
        let _ = writeln!(
            s,
            "| {} [{}] | {} | {} | {} | {} |",
            F(&c.label),
            provenance_tag(c.provenance),
            cells.join(" | "),
            pct(c.median),
            dist.join(", "),
            div.join("; ")
        );
    }
}

// ---------------------------------------------------------------------------------------
// Crosswalk

/// The crosswalk as Markdown: a table of the links, then the criteria without a counterpart
/// and the sources.
pub(crate) fn crosswalk(doc: &crate::doc::crosswalk::CrosswalkDoc) -> String {
    use crate::render::common::criterion_ref;
    let lang = doc.lang;
    let col = colon(lang);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — {} [{}]\n",
        t(lang, Key::Crosswalk),
        F(&doc.id),
        provenance_tag(doc.provenance)
    );
    for side in [&doc.from, &doc.to] {
        let _ = writeln!(
            s,
            "- **{} {}**{col}{}",
            F(&side.id),
            F(&side.version),
            F(&side.title)
        );
    }
    let _ = writeln!(
        s,
        "\n| {} | {} | {} | | |\n|---|---|---|---|---|",
        F(&doc.from.id),
        t(lang, Key::Relation),
        F(&doc.to.id)
    );
    for l in &doc.links {
        let mut note = l.note.as_deref().map(F).unwrap_or_default();
        if !l.levels.is_empty() {
            let _ = write!(
                note,
                "<br>{}{}{}",
                t(lang, Key::Levels),
                colon(lang),
                level_pairs(&l.levels, F)
            );
        }
        let relation = if l.carries {
            format!(
                "**{}** ({})",
                label(lang, l.relation),
                t(lang, Key::Carries)
            )
        } else {
            label(lang, l.relation)
        };
        let _ = writeln!(
            s,
            "| {} | {relation} | {} | [{}] | {note} |",
            criterion_ref(&l.from, F),
            criterion_ref(&l.to, F),
            provenance_tag(l.provenance)
        );
    }
    for side in [&doc.from, &doc.to] {
        if side.unlinked.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n## {} ({})\n", t(lang, Key::Unlinked), F(&side.id));
        for c in &side.unlinked {
            let _ = writeln!(s, "- {}", criterion_ref(c, F));
        }
    }
    if !doc.sources.is_empty() {
        let _ = writeln!(s, "\n## {}\n", t(lang, Key::Sources));
        for src in &doc.sources {
            let _ = writeln!(s, "- {}", F(src));
        }
    }
    s
}

/// An assessment carried onto another grid, as a Markdown section.
pub(crate) fn carried_section(
    s: &mut String,
    carried: &[crate::CarriedDoc],
    lang: crate::ReportLang,
) {
    for c in carried {
        let (head, lines) = crate::render::common::carried_lines(c, lang, F);
        let _ = writeln!(s, "## {head}\n");
        for l in lines {
            let _ = writeln!(s, "- {l}");
        }
        s.push('\n');
    }
}
