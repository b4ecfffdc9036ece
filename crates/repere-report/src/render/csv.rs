//! CSV: one row per criterion of a scorecard, or of every scorecard of a set under one
//! header. Records are written by the `csv` crate ([`CsvRecords`]); cells are typed
//! ([`CsvCell`]), so text is guarded against formulas and numbers are not.

use crate::doc::scorecard::{CriterionDoc, ScorecardDoc};
use crate::escape::{CsvCell, CsvRecords};

/// The columns.
const HEADER: [&str; 18] = [
    "grid",
    "grid_version",
    "process",
    "assessor",
    "role",
    "phase",
    "dimension",
    "criterion",
    "label",
    "provenance",
    "status",
    "value",
    "level",
    "score",
    "weight",
    "target",
    "gap",
    "justification",
];

/// The scorecard as CSV: a header, then one row per criterion. Text cells (ids, names,
/// labels, justifications...) are [`CsvCell::Text`]: guarded against formulas with a leading
/// `'` (see [`crate::escape`]); scores, weights and gaps are numbers, written as they are
/// (`0.500000`, `1`, `-0.250000`).
pub(crate) fn scorecard(doc: &ScorecardDoc) -> String {
    scorecards(std::slice::from_ref(doc))
}

/// Scorecards as CSV: one header, then the rows of each in turn; nothing at all for none.
pub(crate) fn scorecards(docs: &[ScorecardDoc]) -> String {
    if docs.is_empty() {
        return String::new();
    }
    let mut out = CsvRecords::new();
    out.record(&HEADER.map(CsvCell::Text));
    for doc in docs {
        for c in &doc.criteria {
            out.record(&row(doc, c));
        }
    }
    out.finish()
}

/// The row of one criterion.
fn row<'a>(doc: &'a ScorecardDoc, c: &'a CriterionDoc) -> [CsvCell<'a>; 18] {
    let fixed = |x: Option<f64>| x.map_or(CsvCell::Empty, |x| CsvCell::Fixed(x, 6));
    // A number value (and its label on a range scale without unit) is core's formatting of
    // a number; anything else (a level id, true/false, a label) is text.
    let value = c.value.as_deref().map_or(CsvCell::Empty, number_or_text);
    let level = match (&c.level, &c.value) {
        (Some(l), Some(v)) if l == v => value,
        (l, _) => text_cell(l.as_deref()),
    };
    [
        CsvCell::Text(&doc.grid.id),
        CsvCell::Text(&doc.grid.version),
        CsvCell::Text(&doc.process.name),
        CsvCell::Text(&doc.assessment.assessor),
        CsvCell::Text(doc.assessment.role.name()),
        CsvCell::Text(doc.assessment.phase.name()),
        CsvCell::Text(&c.dimension),
        CsvCell::Text(&c.id),
        CsvCell::Text(&c.label),
        CsvCell::Text(c.provenance.name()),
        CsvCell::Text(c.status.name()),
        value,
        level,
        fixed(c.score),
        CsvCell::Number(c.weight),
        text_cell(c.target.as_ref().map(|t| t.level.as_str())),
        fixed(c.target.as_ref().and_then(|t| t.gap)),
        text_cell(c.justification.as_deref().or(c.reason.as_deref())),
    ]
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
