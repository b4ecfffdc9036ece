//! What several formats write alike: numbers (`42 %`, `+8`), provenance tags, and the phrases
//! built from a document (metadata lines, gate sentences, verdicts, member names...).
//!
//! A phrase takes a [`Clean`] function that makes each piece of user text safe for the
//! format being written, before the pieces are joined: [`text_line`] for terminal text,
//! [`md_text`](crate::md_text) for Markdown, [`raw`] for HTML, whose renderer escapes the
//! whole phrase when it writes it.

use repere_core::agreement::Reliability;
use repere_core::{Change, Provenance};

use crate::code::Code;
use crate::doc::agreement::verdict_short;
use crate::doc::comparison::{DeltaDoc, SideDoc};
use crate::doc::consolidation::{AssessorAgreementDoc, ConsolidationDoc, UndefinedDoc};
use crate::doc::scorecard::{
    AggregateDoc, CompletenessDoc, CriterionDoc, GateDoc, ScorecardDoc, StatusDoc,
};
use crate::escape::terminal_line;
use crate::i18n::{Key, ReportLang, colon, label, t};

/// How user text is made safe for one format: [`text_line`], [`md_text`](crate::md_text) or
/// [`raw`].
pub(crate) type Clean = fn(&str) -> String;

/// User text for one line of terminal text ([`terminal_line`]).
pub(crate) fn text_line(s: &str) -> String {
    terminal_line(s).into_owned()
}

/// User text as it is, for a renderer that escapes the whole phrase afterwards (HTML).
pub(crate) fn raw(s: &str) -> String {
    s.to_owned()
}

/// The one-letter provenance tag: `S` sourced, `M` partly confirmed, `I` illustrative.
pub(crate) fn provenance_tag(p: Code<Provenance>) -> &'static str {
    match p.0 {
        Provenance::Sourced => "S",
        Provenance::Partial => "M",
        _ => "I",
    }
}

/// The tag of an element below the criterion in a scorecard, ` [I]` or ` [M · source]`, when
/// its provenance differs from the enclosing element's (`parent`: the criterion's or the
/// profile's) or it cites sources of its own; empty otherwise (the legend says so).
pub(crate) fn differing_tag(b: &crate::doc::grid::BackingDoc, parent: Code<Provenance>) -> String {
    if b.provenance == parent && b.sources.is_empty() {
        return String::new();
    }
    let mut s = format!(" [{}", provenance_tag(b.provenance));
    if !b.sources.is_empty() {
        s.push_str(" · ");
        s.push_str(&b.sources.join(", "));
    }
    s.push(']');
    s
}

/// A score as a percentage with no decimals, or `—`.
pub(crate) fn pct(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_owned(), |s| format!("{:.0} %", s * 100.0))
}

/// A signed difference of two scores in percentage points (`+12`, `-4`, `±0`), or `—` when
/// there is none, as every report writes it.
///
/// ```
/// assert_eq!(repere_report::signed_points(Some(0.12)), "+12");
/// assert_eq!(repere_report::signed_points(Some(0.001)), "±0");
/// assert_eq!(repere_report::signed_points(None), "—");
/// ```
pub fn signed_points(d: Option<f64>) -> String {
    d.map_or_else(
        || "—".to_owned(),
        |d| {
            let v = (d * 100.0).round();
            if v == 0.0 {
                "±0".to_owned()
            } else {
                format!("{v:+.0}")
            }
        },
    )
}

// ---------------------------------------------------------------------------------------
// Scorecards

/// The metadata of a scorecard as (label, value) rows, the process name first.
pub(crate) fn meta_lines(doc: &ScorecardDoc, f: Clean) -> Vec<(String, String)> {
    let (lang, p, a) = (doc.lang, &doc.process, &doc.assessment);
    let mut rows = vec![(t(lang, Key::Process).to_owned(), f(&p.name))];
    let mut push = |k: Key, v: Option<String>| {
        if let Some(v) = v {
            rows.push((t(lang, k).to_owned(), v));
        }
    };
    push(Key::Kind, p.kind.map(|k| f(&label(lang, k))));
    push(Key::Organiser, p.organiser.as_deref().map(f));
    push(Key::Commissioner, p.commissioner.as_deref().map(f));
    push(Key::Territory, p.territory.as_deref().map(f));
    push(Key::Period, period(p.start.as_deref(), p.end.as_deref(), f));
    push(Key::Participants, p.participants.map(|n| n.to_string()));
    push(Key::Iap2, p.iap2.map(|k| f(&label(lang, k))));
    push(
        Key::Assessor,
        Some(match &a.organisation {
            Some(o) => format!("{} ({})", f(&a.assessor), f(o)),
            None => f(&a.assessor),
        }),
    );
    push(Key::Role, Some(f(&label(lang, a.role))));
    push(Key::Phase, Some(f(&label(lang, a.phase))));
    push(Key::Date, a.date.as_deref().map(f));
    let g = &doc.grid;
    let grid = format!(
        "{} — {} {} [{}]",
        f(&g.title),
        f(&g.id),
        f(&g.version),
        provenance_tag(g.provenance)
    );
    push(Key::Grid, Some(grid));
    // The profile's label; its id only when it has no label of its own.
    let profile = if doc.profile.label.trim().is_empty() {
        f(&doc.profile.id)
    } else {
        f(&doc.profile.label)
    };
    push(
        Key::Profile,
        Some(format!(
            "{profile} [{}]",
            provenance_tag(doc.profile.provenance)
        )),
    );
    // Where the weights come from: the reader weighs the overall score by it.
    let weights_tag = differing_tag(&doc.profile.weights, doc.profile.provenance);
    push(
        Key::WeightsSource,
        match doc.profile.weights_source.as_deref() {
            Some(w) => Some(format!("{}{}", f(w), f(&weights_tag))),
            None if !weights_tag.is_empty() => Some(f(weights_tag.trim_start())),
            None => None,
        },
    );
    // The bands' provenance, where it differs from the profile's.
    if let Some(b) = &doc.profile.bands {
        let tag = differing_tag(b, doc.profile.provenance);
        if !tag.is_empty() {
            push(Key::Bands, Some(f(tag.trim_start())));
        }
    }
    rows
}

/// A period: `start → end`, `start →` or `→ end`.
fn period(start: Option<&str>, end: Option<&str>, f: Clean) -> Option<String> {
    match (start, end) {
        (Some(s), Some(e)) => Some(format!("{} → {}", f(s), f(e))),
        (Some(s), None) => Some(format!("{} →", f(s))),
        (None, Some(e)) => Some(format!("→ {}", f(e))),
        _ => None,
    }
}

/// `3/4 rated, 1 not applicable`.
pub(crate) fn completeness_text(c: &CompletenessDoc, lang: ReportLang) -> String {
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

/// The level of a criterion, or why it has none.
pub(crate) fn criterion_level(c: &CriterionDoc, lang: ReportLang, f: Clean) -> String {
    match c.status {
        StatusDoc::Rated => f(c.level.as_deref().unwrap_or_default()),
        StatusDoc::NotApplicable => t(lang, Key::NotApplicable).to_owned(),
        _ => t(lang, Key::NotAssessed).to_owned(),
    }
}

/// A gate that fired, in one sentence.
pub(crate) fn gate_line(g: &GateDoc, lang: ReportLang, f: Clean) -> String {
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
        s.push_str(&format!(" — {}", f(r)));
    }
    if !g.binding {
        s.push_str(match lang {
            ReportLang::Fr => " (sans effet : score déjà inférieur)",
            ReportLang::En => " (no effect: the score was already lower)",
        });
    }
    s
}

/// ` · band` when the aggregate has a band.
pub(crate) fn band_text(a: &AggregateDoc, f: Clean) -> String {
    a.band
        .as_ref()
        .map(|b| format!(" · {}", f(&b.label)))
        .unwrap_or_default()
}

/// Every gate that fired: the dimensions', then the overall result's.
pub(crate) fn all_gates(doc: &ScorecardDoc) -> impl Iterator<Item = &GateDoc> {
    doc.dimensions
        .iter()
        .flat_map(|d| d.aggregate.gates.iter())
        .chain(doc.overall.iter().flat_map(|o| o.gates.iter()))
}

/// The gate sentences of a scorecard.
pub(crate) fn gate_lines(doc: &ScorecardDoc, f: Clean) -> Vec<String> {
    all_gates(doc)
        .map(|g| {
            let tag = g
                .backing
                .as_ref()
                .map(|b| differing_tag(b, doc.profile.provenance))
                .unwrap_or_default();
            format!("{}{}", gate_line(g, doc.lang, f), f(&tag))
        })
        .collect()
}

/// Criteria by label (strengths or weaknesses), or `none`.
pub(crate) fn list(doc: &ScorecardDoc, ids: &[String], f: Clean) -> String {
    if ids.is_empty() {
        t(doc.lang, Key::None).to_owned()
    } else {
        ids.iter()
            .map(|i| f(doc.criterion_label(i)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

// ---------------------------------------------------------------------------------------
// Comparisons

/// The change of a compared node as one character: `↑`, `↓`, `=`, `+`, `−`.
pub(crate) fn arrow(change: Code<Change>) -> &'static str {
    match change.0 {
        Change::Up => "↑",
        Change::Down => "↓",
        Change::Same => "=",
        Change::NewlyRated => "+",
        Change::NoLongerRated => "−",
        _ => " ",
    }
}

/// One side of a comparison: `process — assessor (role), phase, date`.
pub(crate) fn side_line(s: &SideDoc, lang: ReportLang, f: Clean) -> String {
    format!(
        "{} — {} ({}), {}{}",
        f(&s.process),
        f(&s.assessor),
        label(lang, s.role),
        label(lang, s.phase),
        s.date
            .as_ref()
            .map(|d| format!(", {}", f(d)))
            .unwrap_or_default()
    )
}

/// The levels before and after: `a → b`, or `a` when it did not change.
pub(crate) fn level_pair(d: &DeltaDoc, f: Clean) -> String {
    match (&d.level_before, &d.level_after) {
        (Some(a), Some(b)) if a != b => format!("{} → {}", f(a), f(b)),
        (Some(a), Some(_)) => f(a),
        (None, Some(b)) => format!("— → {}", f(b)),
        (Some(a), None) => format!("{} → —", f(a)),
        (None, None) => String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Consolidations

/// The name of member `i`: `process — assessor (role)` when there are several processes,
/// `assessor (role)` otherwise.
pub(crate) fn member_name(doc: &ConsolidationDoc, i: usize, f: Clean) -> String {
    let (m, lang) = (&doc.members[i], doc.lang);
    if doc.processes.len() > 1 {
        format!(
            "{} — {} ({})",
            f(&m.process),
            f(&m.assessor),
            f(&label(lang, m.role))
        )
    } else {
        format!("{} ({})", f(&m.assessor), f(&label(lang, m.role)))
    }
}

/// Alpha and its verdict, or why it is undefined.
pub(crate) fn alpha_text(a: &AssessorAgreementDoc, lang: ReportLang, f: Clean) -> String {
    match (a.alpha, &a.undefined) {
        (Some(x), _) => {
            let verdict = verdict_short(Reliability::of(x), lang);
            format!(
                "α ({}) = {} — {verdict}",
                a.level.name(),
                crate::i18n::decimals(lang, &format!("{x:.3}"))
            )
        }
        (None, Some(why)) => format!("α: {}", undefined_text(why, lang, f)),
        _ => "α: —".to_owned(),
    }
}

/// Why alpha is undefined, in words.
fn undefined_text(u: &UndefinedDoc, lang: ReportLang, f: Clean) -> String {
    let fr = lang == ReportLang::Fr;
    match u {
        UndefinedDoc::NoPairableUnits if fr => {
            "aucune unité n'est notée par deux évaluateurs ou plus".to_owned()
        }
        UndefinedDoc::NoPairableUnits => "no unit is rated by two assessors or more".to_owned(),
        UndefinedDoc::TooFewDistinctValues { found } if fr => {
            format!("les notes appariables prennent {found} valeur(s) distincte(s) : rien ne varie")
        }
        UndefinedDoc::TooFewDistinctValues { found } => {
            format!("the pairable ratings take {found} distinct value(s): nothing varies")
        }
        UndefinedDoc::RatedTwice { unit, rater } if fr => format!(
            "l'évaluateur {} note deux fois {} (deux évaluations sous un même nom ?)",
            f(rater),
            f(unit)
        ),
        UndefinedDoc::RatedTwice { unit, rater } => format!(
            "assessor {} rates {} twice (two assessments under one name?)",
            f(rater),
            f(unit)
        ),
        UndefinedDoc::Other { text } => f(text),
    }
}

// ---------------------------------------------------------------------------------------
// Crosswalks

/// A criterion as `label (id)`.
pub(crate) fn criterion_ref(c: &crate::CriterionRef, f: Clean) -> String {
    format!("{} ({})", f(&c.label), f(&c.id))
}

/// The lines of an assessment carried onto another grid: a heading line, then one line per
/// criterion carried and per rating not carried, with its reason.
pub(crate) fn carried_lines(
    c: &crate::CarriedDoc,
    lang: ReportLang,
    f: Clean,
) -> (String, Vec<String>) {
    let col = colon(lang);
    let head = format!(
        "{} — {}{col}{} → {} ({} {}); {}{col}{}",
        t(lang, Key::CarriedAcross),
        f(&c.assessor),
        f(&c.from_grid),
        f(&c.to_grid),
        t(lang, Key::Via),
        f(&c.crosswalk),
        t(lang, Key::CarriedCount),
        c.carried.len()
    );
    let mut lines: Vec<String> = c
        .carried
        .iter()
        .map(|l| {
            format!(
                "= {} → {}",
                criterion_ref(&l.from, f),
                criterion_ref(&l.to, f)
            )
        })
        .collect();
    for n in &c.not_carried {
        let linked = n
            .linked_to
            .as_ref()
            .map(|t| format!(" → {}", criterion_ref(t, f)))
            .unwrap_or_default();
        let relation = n
            .relation
            .map(|r| format!(" ({})", label(lang, r)))
            .unwrap_or_default();
        lines.push(format!(
            "× {}{linked} — {}{col}{}{relation}",
            criterion_ref(&n.criterion, f),
            t(lang, Key::NotCarried),
            label(lang, n.reason)
        ));
    }
    (head, lines)
}

/// A link's level correspondences: `a → b, c → d`.
pub(crate) fn level_pairs(levels: &[(String, String)], f: Clean) -> String {
    let pairs: Vec<String> = levels
        .iter()
        .map(|(a, b)| format!("{} → {}", f(a), f(b)))
        .collect();
    pairs.join(", ")
}

/// The measure of a criterion, with its tag where it differs from the criterion's:
/// `Mesure [I] : …`.
pub(crate) fn measure_line(c: &CriterionDoc, lang: ReportLang, f: Clean) -> Option<String> {
    let m = c.measure.as_ref()?;
    Some(format!(
        "{}{}{}{}",
        t(lang, Key::Measure),
        f(&differing_tag(&m.backing, c.provenance)),
        colon(lang),
        f(&m.description)
    ))
}

/// The next level's descriptor, with its tag where it differs from the criterion's.
pub(crate) fn next_descriptor(c: &CriterionDoc, f: Clean) -> Option<String> {
    let n = c.next_level.as_ref()?;
    if n.descriptor.is_empty() {
        return None;
    }
    let tag = n
        .backing
        .as_ref()
        .map(|b| differing_tag(b, c.provenance))
        .unwrap_or_default();
    Some(format!("{}{}", f(&n.descriptor), f(&tag)))
}
