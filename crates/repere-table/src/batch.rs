//! Wide CSV tables of assessments, read and scored: one row per assessment, one column per
//! criterion.
//!
//! ```text
//! assessment,c01,c02,c03
//! a0000001,3,,na
//! a0000002,partiel,4,1
//! ```
//!
//! The header names the `assessment` column first, then criterion ids of the grid (in any
//! order; a criterion without a column is not assessed in any row; a column that is not a
//! criterion of the grid is an error, with the closest id). A cell is a level id (or a
//! level's value, an integer) on an ordinal scale, a number on a range or percentage scale,
//! `true`/`false` (or `yes`/`no`) on a boolean one; blank means *not assessed* and `na` *not
//! applicable*. The `assessment` cell is the row's name, unique in the file.
//!
//! A row with a problem (a value off its scale, a missing name, a repeated name, a wrong number
//! of fields) is refused with a located error and the others are scored ([`WideBatch::problems`]);
//! a problem of the header refuses the file.
//!
//! **Speed.** A file without a double quote is read by a fast lane: split at line ends into one
//! part per thread, each part parsed and scored on its own thread, with one table lookup per
//! one-byte level cell. A file with quotes is read by the [`csv`] crate (RFC 4180 quoting),
//! row by row, with the same cell rules. Both give the same rows (a test checks it).

use std::collections::HashMap;
use std::ops::Range;

use repere_core::batch::{BatchScorer, CodedScorer, NOT_APPLICABLE, NOT_ASSESSED};
use repere_core::{Grid, ScaleKind};

use crate::error::{Problems, TableError, shorten};

mod stream;

pub use stream::{RowFormat, StreamError, Streamed, stream_wide};

/// How to read a wide table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WideOptions {
    /// Threads for the fast lane (at least 1).
    pub threads: usize,
    /// Whether to keep each row's cells ([`WidePart::cells`]), for statistics or a
    /// sensitivity analysis; scores alone need them only row by row.
    pub keep_cells: bool,
}

impl WideOptions {
    /// Options with `threads` threads, keeping cells or not.
    pub fn new(threads: usize, keep_cells: bool) -> Self {
        Self {
            threads: threads.max(1),
            keep_cells,
        }
    }
}

/// Consecutive rows of a table, read and scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WidePart {
    /// The rows' names, one after the other.
    pub ids: String,
    /// Where each name ends in `ids`.
    pub ends: Vec<usize>,
    /// The scored rows ([`BatchScorer::row_width`] values each, NaN where there is no score).
    pub values: Vec<f64>,
    /// The rows' cells ([`BatchScorer::criteria`] values each), when kept.
    pub cells: Vec<f64>,
    /// Each row's line number in the file.
    pub lines: Vec<usize>,
}

impl WidePart {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The name of row `r`.
    pub fn id(&self, r: usize) -> &str {
        let start = if r == 0 { 0 } else { self.ends[r - 1] };
        &self.ids[start..self.ends[r]]
    }

    /// Scores a row straight into `values`.
    fn push_scored(
        &mut self,
        line: usize,
        id: &str,
        scorer: &BatchScorer<'_>,
        cells: &[f64],
        keep: bool,
    ) {
        self.lines.push(line);
        self.ids.push_str(id);
        self.ends.push(self.ids.len());
        let at = self.values.len();
        self.values.resize(at + scorer.row_width(), 0.0);
        scorer.score_row(cells, &mut self.values[at..]);
        if keep {
            self.cells.extend_from_slice(cells);
        }
    }

    fn push(&mut self, line: usize, id: &str, values: &[f64], cells: Option<&[f64]>) {
        self.lines.push(line);
        self.ids.push_str(id);
        self.ends.push(self.ids.len());
        self.values.extend_from_slice(values);
        if let Some(c) = cells {
            self.cells.extend_from_slice(c);
        }
    }
}

/// A table read and scored.
#[derive(Debug)]
pub struct WideBatch {
    /// The rows scored, in file order.
    pub parts: Vec<WidePart>,
    /// The rows refused, located; `None` when every row was scored.
    pub problems: Option<repere_toml::LoadError>,
    /// How many rows were refused.
    pub refused: usize,
}

impl WideBatch {
    /// The number of rows scored.
    pub fn len(&self) -> usize {
        self.parts.iter().map(WidePart::len).sum()
    }

    /// Whether no row was scored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How a column's cells become scores.
#[derive(Debug, Clone)]
enum Column {
    /// The `assessment` column.
    Name,
    /// A criterion (flat index), the scores of its one-byte cells (NaN: none; ordinal scales
    /// only) and its scale.
    Criterion {
        index: usize,
        byte: Option<Box<[f64; 256]>>,
        cells: CellKind,
    },
}

#[derive(Debug, Clone)]
enum CellKind {
    /// Level ids (and values) with their scores; `byte[b]` the score of the one-byte cell `b`
    /// (NaN: none).
    Ordinal {
        byte: Box<[f64; 256]>,
        ids: Vec<(String, f64)>,
        values: Vec<(i64, f64)>,
    },
    Number {
        min: f64,
        max: f64,
    },
    Boolean,
}

/// A problem of one cell or row: column, span in the line, message, help.
pub(crate) struct RowProblem {
    span: Range<usize>,
    column: Option<String>,
    message: String,
    help: Option<String>,
}

/// The columns of a header, checked against the grid.
pub(crate) struct Layout {
    columns: Vec<Column>,
    names: Vec<String>,
    criteria: usize,
}

/// Reads and scores a wide table (`bytes`, the file shown as `name`).
///
/// ```
/// # use repere_core::*;
/// # let id = |s: &str| Id::new(s).unwrap();
/// # let en = |s: &str| Text::new(Lang::en(), s);
/// # let mut draft = GridDraft::new(id("g"), "1", en("G"), Lang::en());
/// # let lv = |i: &str, v| Level::new(id(i), v, en(i));
/// # draft.scales.push(Scale::ordinal(id("s"), en("s"), vec![lv("no", 0), lv("partly", 1), lv("yes", 2)]));
/// # let mut dim = Dimension::new(id("d"), en("D"));
/// # dim.criteria.push(Criterion::new(id("c1"), en("c1"), id("s")));
/// # dim.criteria.push(Criterion::new(id("c2"), en("c2"), id("s")));
/// # draft.dimensions.push(dim);
/// # let grid = Grid::new(draft)?;
/// use repere_core::batch::BatchScorer;
/// use repere_table::batch::{WideOptions, read_wide};
/// let profile = grid.default_profile();
/// let scorer = BatchScorer::new(&grid, &profile)?;
/// let csv = "assessment,c1,c2\nA,yes,partly\nB,no,\nC,maybe,yes\n";
/// let batch = read_wide("t.csv", csv.as_bytes(), &scorer, WideOptions::new(1, false))?;
/// assert_eq!(batch.len(), 2);
/// assert_eq!(batch.parts[0].values[0], 0.75); // A: (1 + 0.5) / 2
/// let e = batch.problems.unwrap().to_string();
/// assert!(e.starts_with("t.csv:4:3: column `c1`: unknown level `maybe`"), "{e}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_wide(
    name: &str,
    bytes: &[u8],
    scorer: &BatchScorer<'_>,
    options: WideOptions,
) -> Result<WideBatch, TableError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let header = &bytes[..header_end];
    let body = bytes.get(header_end + 1..).unwrap_or(&[]);
    let mut problems = Problems::new(name);
    let header_text = match std::str::from_utf8(header) {
        Ok(h) => h.strip_suffix('\r').unwrap_or(h),
        Err(_) => {
            problems.at_line(1, "", 0..0, "the header is not UTF-8 text", None);
            return Err(problems.check().err().unwrap_or_else(empty_error));
        }
    };
    if header_text.trim().is_empty() {
        problems.in_file(
            "the file is empty: expected a header `assessment,<criterion ids>`",
            None,
        );
        return Err(problems.check().err().unwrap_or_else(empty_error));
    }
    let layout = layout(scorer.grid(), header_text, &mut problems);
    if !problems.is_empty() {
        return Err(problems.check().err().unwrap_or_else(empty_error));
    }
    let quoted = header.contains(&b'"') || body.contains(&b'"');
    let (parts, mut errors) = if quoted {
        thorough(body, &layout, scorer, options)
    } else {
        fast(body, &layout, scorer, options)
    };
    let mut parts = parts;
    duplicates(&mut parts, &mut errors, options);
    errors.sort_by_key(|e| e.0);
    let refused = errors.len();
    for (line, text, p) in errors {
        match p.column {
            Some(c) => problems.in_cell(line, &text, p.span, &c, p.message, p.help),
            None => problems.at_line(line, &text, p.span, p.message, p.help),
        }
    }
    Ok(WideBatch {
        parts,
        problems: problems.into_error(),
        refused,
    })
}

pub(crate) fn empty_error() -> TableError {
    TableError::Invalid(repere_toml::LoadError::from_excerpt(
        "",
        String::new(),
        Vec::new(),
        Vec::new(),
    ))
}

/// The header's columns, checked against the grid.
pub(crate) fn layout(grid: &Grid, header: &str, problems: &mut Problems) -> Layout {
    let mut columns = Vec::new();
    let mut names = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut at = 0;
    let ids: Vec<&str> = grid.criteria().map(|(_, c)| c.id.as_str()).collect();
    for (k, raw) in header.split(',').enumerate() {
        let span = at..at + raw.len();
        at += raw.len() + 1;
        // Ids hold no comma nor quote: a quoted name is the name.
        let field = raw.trim();
        let field = field
            .strip_prefix('"')
            .and_then(|f| f.strip_suffix('"'))
            .unwrap_or(field);
        names.push(field.to_owned());
        if k == 0 {
            if field != "assessment" {
                problems.at_line(
                    1,
                    header,
                    span,
                    format!(
                        "the first column is `{}`, expected `assessment`",
                        shorten(field)
                    ),
                    Some("the header is `assessment,<criterion ids>`".to_owned()),
                );
            }
            columns.push(Column::Name);
            continue;
        }
        if let Some(first) = seen.insert(field, k) {
            problems.at_line(
                1,
                header,
                span,
                format!(
                    "column `{}` is repeated (column {} too)",
                    shorten(field),
                    first + 1
                ),
                None,
            );
            continue;
        }
        match ids.iter().position(|c| *c == field) {
            Some(index) => {
                let (_, crit) = grid.criteria().nth(index).unwrap_or_else(|| unreachable!());
                let cells = cell_kind(&grid.scale_of(crit).kind);
                let byte = match &cells {
                    CellKind::Ordinal { byte, .. } => Some(byte.clone()),
                    _ => None,
                };
                columns.push(Column::Criterion { index, byte, cells });
            }
            None => {
                let help = repere_core::closest(field, ids.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                problems.at_line(
                    1,
                    header,
                    span,
                    format!(
                        "`{}` is not a criterion of grid `{}`",
                        shorten(field),
                        grid.id()
                    ),
                    help,
                );
            }
        }
    }
    Layout {
        columns,
        names,
        criteria: ids.len(),
    }
}

fn cell_kind(kind: &ScaleKind) -> CellKind {
    match kind {
        ScaleKind::Ordinal(levels) => {
            let lo = levels.first().map_or(0, |l| l.value);
            let hi = levels.last().map_or(1, |l| l.value);
            let span = if hi > lo {
                (i128::from(hi) - i128::from(lo)) as f64
            } else {
                1.0
            };
            let score = |v: i64| (i128::from(v) - i128::from(lo)) as f64 / span;
            let mut byte = Box::new([f64::NAN; 256]);
            let ids: Vec<(String, f64)> = levels
                .iter()
                .map(|l| (l.id.as_str().to_owned(), score(l.value)))
                .collect();
            let values: Vec<(i64, f64)> =
                levels.iter().map(|l| (l.value, score(l.value))).collect();
            // One-byte cells: a level value from 0 to 9 first, a level id over it.
            for (v, s) in &values {
                if (0..=9).contains(v) {
                    byte[b'0' as usize + *v as usize] = *s;
                }
            }
            for (id, s) in &ids {
                if id.len() == 1 {
                    byte[id.as_bytes()[0] as usize] = *s;
                }
            }
            CellKind::Ordinal { byte, ids, values }
        }
        ScaleKind::Range { min, max, .. } => CellKind::Number {
            min: *min,
            max: *max,
        },
        ScaleKind::Percentage => CellKind::Number {
            min: 0.0,
            max: 100.0,
        },
        ScaleKind::Boolean { .. } => CellKind::Boolean,
    }
}

impl CellKind {
    /// The score of a non-empty cell other than `na`.
    fn score(&self, cell: &[u8]) -> Result<f64, (String, Option<String>)> {
        match self {
            CellKind::Ordinal { byte, ids, values } => {
                if cell.len() == 1 {
                    let s = byte[cell[0] as usize];
                    if !s.is_nan() {
                        return Ok(s);
                    }
                }
                let text = String::from_utf8_lossy(cell);
                let text = text.trim();
                if let Some((_, s)) = ids.iter().find(|(id, _)| id == text) {
                    return Ok(*s);
                }
                if let Ok(v) = text.parse::<i64>()
                    && let Some((_, s)) = values.iter().find(|(x, _)| *x == v)
                {
                    return Ok(*s);
                }
                let expected: Vec<String> = ids.iter().map(|(i, _)| format!("`{i}`")).collect();
                let help = repere_core::closest(text, ids.iter().map(|(i, _)| i.as_str()))
                    .map(|s| format!("did you mean `{s}`?"));
                Err((
                    format!(
                        "unknown level `{}`, expected one of {} (or a level's value, blank, `na`)",
                        shorten(text),
                        expected.join(", ")
                    ),
                    help,
                ))
            }
            CellKind::Number { min, max } => {
                let text = String::from_utf8_lossy(cell);
                let text = text.trim();
                match text.parse::<f64>() {
                    Ok(x) if x.is_finite() && *min <= x && x <= *max => Ok((x - min) / (max - min)),
                    Ok(x) if x.is_finite() => Err((
                        format!(
                            "`{}` is outside the scale, expected a number from {min} to {max}",
                            shorten(text)
                        ),
                        None,
                    )),
                    _ => Err((
                        format!(
                            "`{}` is not a number, expected a number from {min} to {max}",
                            shorten(text)
                        ),
                        None,
                    )),
                }
            }
            CellKind::Boolean => match String::from_utf8_lossy(cell).trim() {
                "true" | "yes" => Ok(1.0),
                "false" | "no" => Ok(0.0),
                other => Err((
                    format!(
                        "`{}` is not a yes/no value, expected `true` or `false`",
                        shorten(other)
                    ),
                    None,
                )),
            },
        }
    }
}

/// Parses the fields of one row (with their spans in the line) into its name and cells.
fn parse_row<'f>(
    layout: &Layout,
    fields: impl Iterator<Item = (&'f [u8], Range<usize>)>,
    line_len: usize,
    cells: &mut [f64],
) -> Result<&'f str, RowProblem> {
    cells.fill(NOT_ASSESSED);
    let mut name: &[u8] = &[];
    let mut n = 0;
    for (k, (field, span)) in fields.enumerate() {
        n += 1;
        let Some(column) = layout.columns.get(k) else {
            continue;
        };
        match column {
            Column::Name => name = field,
            Column::Criterion {
                index,
                byte,
                cells: kind,
            } => {
                if let (1, Some(table)) = (field.len(), byte) {
                    let s = table[field[0] as usize];
                    if !s.is_nan() {
                        cells[*index] = s;
                        continue;
                    }
                }
                if field.is_empty() {
                    cells[*index] = NOT_ASSESSED;
                    continue;
                }
                let trimmed = field.trim_ascii();
                cells[*index] = if trimmed.is_empty() {
                    NOT_ASSESSED
                } else if trimmed == b"na" {
                    NOT_APPLICABLE
                } else {
                    kind.score(field).map_err(|(message, help)| RowProblem {
                        span: span.clone(),
                        column: Some(layout.names[k].clone()),
                        message,
                        help,
                    })?
                };
            }
        }
    }
    if n != layout.columns.len() {
        return Err(RowProblem {
            span: 0..line_len,
            column: None,
            message: format!(
                "{n} fields, expected {} (as in the header)",
                layout.columns.len()
            ),
            help: None,
        });
    }
    if name.trim_ascii().is_empty() {
        return Err(RowProblem {
            span: 0..0,
            column: Some("assessment".to_owned()),
            message: "the assessment has no name".to_owned(),
            help: None,
        });
    }
    std::str::from_utf8(name).map_err(|_| RowProblem {
        span: 0..name.len(),
        column: Some("assessment".to_owned()),
        message: "the name is not UTF-8 text".to_owned(),
        help: None,
    })
}

/// A refused row: its line number, its text, its problem.
pub(crate) type Refused = (usize, String, RowProblem);

/// The fast lane: no quotes, so a field is what lies between commas.
fn fast(
    body: &[u8],
    layout: &Layout,
    scorer: &BatchScorer<'_>,
    options: WideOptions,
) -> (Vec<WidePart>, Vec<Refused>) {
    // Parts end at line ends.
    let threads = if body.len() < 1 << 16 {
        1
    } else {
        options.threads.clamp(1, 64)
    };
    let mut bounds = vec![0];
    for t in 1..threads {
        let guess = body.len() * t / threads;
        let prev = *bounds.last().unwrap_or(&0);
        let at = body[guess.max(prev)..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |p| guess.max(prev) + p + 1);
        bounds.push(at);
    }
    bounds.push(body.len());
    let chunks: Vec<&[u8]> = bounds.windows(2).map(|w| &body[w[0]..w[1]]).collect();
    let quick = Quick::new(layout, scorer);
    let results: Vec<(WidePart, Vec<Refused>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                let quick = &quick;
                s.spawn(move || fast_part(chunk, layout, quick, scorer, options))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    // Line numbers: the header is line 1; each part's lines follow the previous part's.
    let mut parts = Vec::with_capacity(results.len());
    let mut refused = Vec::new();
    let mut first_line = 2;
    for (mut part, errors, lines) in results {
        for l in &mut part.lines {
            *l += first_line;
        }
        refused.extend(
            errors
                .into_iter()
                .map(|(l, text, p)| (first_line + l, text, p)),
        );
        first_line += lines;
        parts.push(part);
    }
    (parts, refused)
}

/// The quick path of the fast lane, prepared once per table: the name first, then ordinal
/// criteria only, each one-byte cell looked up in its column's table.
pub(crate) struct Quick<'l, 's, 'a> {
    /// Per column after the name: the criterion's flat index and its byte table.
    tables: Option<Vec<(usize, &'l [f64; 256])>>,
    /// Whether every criterion of the grid has a column.
    every_criterion: bool,
    /// With a simple profile and every criterion a column: per column, the criterion's index
    /// and each byte's code (0xFF: none), and the scorer of codes.
    coded: Option<(Vec<CodeTable>, CodedScorer<'s, 'a>)>,
}

/// A column's criterion (flat index) and each byte's code (0xFF: none).
type CodeTable = (usize, [u8; 256]);

impl<'l, 's, 'a> Quick<'l, 's, 'a> {
    /// The quick path of a layout, for a scorer.
    pub(crate) fn new(layout: &'l Layout, scorer: &'s BatchScorer<'a>) -> Self {
        let tables: Option<Vec<(usize, &[f64; 256])>> = match layout.columns.split_first() {
            Some((Column::Name, rest)) => rest
                .iter()
                .map(|c| match c {
                    Column::Criterion {
                        index,
                        byte: Some(t),
                        ..
                    } => Some((*index, &**t)),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        let every_criterion = tables.as_ref().is_some_and(|t| t.len() == layout.criteria);
        let coded = tables.as_ref().filter(|_| every_criterion).and_then(|t| {
            // Each criterion's distinct scores, in the order of the bytes that give them.
            let mut scores = vec![Vec::new(); layout.criteria];
            let mut codes = Vec::with_capacity(t.len());
            for (index, table) in t {
                let list: &mut Vec<f64> = &mut scores[*index];
                let mut code = [0xFFu8; 256];
                for (b, s) in table.iter().enumerate() {
                    if s.is_nan() {
                        continue;
                    }
                    let at = match list.iter().position(|x| x.to_bits() == s.to_bits()) {
                        Some(at) => at,
                        None => {
                            list.push(*s);
                            list.len() - 1
                        }
                    };
                    code[b] = u8::try_from(at + 1).ok().filter(|c| *c != 0xFF)?;
                }
                codes.push((*index, code));
            }
            Some((codes, scorer.coded(&scores)?))
        });
        Self {
            tables,
            every_criterion,
            coded,
        }
    }
}

/// One part of the fast lane: its rows, its refused rows (line numbers from 0 in the part),
/// and its number of lines.
pub(crate) fn fast_part(
    chunk: &[u8],
    layout: &Layout,
    quick: &Quick<'_, '_, '_>,
    scorer: &BatchScorer<'_>,
    options: WideOptions,
) -> (WidePart, Vec<Refused>, usize) {
    fast_part_into(chunk, layout, quick, scorer, options, WidePart::default())
}

/// [`fast_part`] into a part whose vectors are reused (their rows cleared first).
pub(crate) fn fast_part_into(
    chunk: &[u8],
    layout: &Layout,
    quick: &Quick<'_, '_, '_>,
    scorer: &BatchScorer<'_>,
    options: WideOptions,
    mut part: WidePart,
) -> (WidePart, Vec<Refused>, usize) {
    part.ids.clear();
    part.ends.clear();
    part.values.clear();
    part.cells.clear();
    part.lines.clear();
    // At most one row per `columns` bytes (a name and a comma per cell): reserved, not
    // touched, so the upper bound costs no memory, and no vector is moved while it grows.
    let estimate = chunk.len() / layout.columns.len().max(1) + 1;
    part.ends.reserve(estimate);
    part.values.reserve(estimate * scorer.row_width());
    part.ids.reserve(estimate * 9);
    if options.keep_cells {
        part.cells.reserve(estimate * layout.criteria);
    }
    let mut refused = Vec::new();
    let mut cells = vec![NOT_ASSESSED; layout.criteria];
    let mut out = vec![0.0; scorer.row_width()];
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(layout.columns.len() + 1);
    let mut lines = 0;
    let coded = quick.coded.as_ref().filter(|_| !options.keep_cells);
    // Rows of the coded lane waiting to be scored two at a time: their codes, their places.
    const WAITING: usize = 2;
    let k = layout.criteria;
    let w = scorer.row_width();
    let mut waiting_codes = vec![0u8; WAITING * k];
    let mut waiting_rows: Vec<usize> = Vec::with_capacity(WAITING);
    let mut waiting_out = vec![0.0; WAITING * w];
    let nan_row = vec![f64::NAN; w];
    let mut rest = chunk;
    while !rest.is_empty() {
        if let Some((tables, scorer)) = coded {
            let n = waiting_rows.len();
            if let Some((name, used)) =
                quick_line(rest, tables, &mut waiting_codes[n * k..(n + 1) * k])
                && let Some(name) = std::str::from_utf8(name)
                    .ok()
                    .filter(|n| !n.trim().is_empty())
            {
                waiting_rows.push(part.len());
                part.push(lines, name, &nan_row, None);
                if waiting_rows.len() == WAITING {
                    scorer.score_codes_rows(&waiting_codes, &mut waiting_out);
                    for (q, r) in waiting_rows.drain(..).enumerate() {
                        part.values[r * w..(r + 1) * w]
                            .copy_from_slice(&waiting_out[q * w..(q + 1) * w]);
                    }
                }
                lines += 1;
                rest = &rest[used..];
                continue;
            }
        }
        let end = rest.iter().position(|&b| b == b'\n');
        let (line, next) = match end {
            Some(e) => (&rest[..e], &rest[e + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        let number = lines;
        lines += 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        if coded.is_some() {
            // The quick lane refused the line: the general parser reads it.
        } else if let Some(t) = &quick.tables {
            if !quick.every_criterion {
                cells.fill(NOT_ASSESSED);
            }
            if let Some(name) = quick_row(line, t, &mut cells)
                .and_then(|n| std::str::from_utf8(n).ok())
                .filter(|n| !n.trim().is_empty())
            {
                part.push_scored(number, name, scorer, &cells, options.keep_cells);
                continue;
            }
        }
        spans.clear();
        let mut start = 0;
        for (i, &b) in line.iter().enumerate() {
            if b == b',' {
                spans.push((start, i));
                start = i + 1;
            }
        }
        spans.push((start, line.len()));
        let fields = spans.iter().map(|&(a, b)| (&line[a..b], a..b));
        match parse_row(layout, fields, line.len(), &mut cells) {
            Ok(name) => {
                scorer.score_row(&cells, &mut out);
                part.push(number, name, &out, options.keep_cells.then_some(&cells[..]));
            }
            Err(p) => refused.push((number, String::from_utf8_lossy(line).into_owned(), p)),
        }
    }
    if let Some((_, scorer)) = coded {
        for (q, r) in waiting_rows.drain(..).enumerate() {
            scorer.score_codes(
                &waiting_codes[q * k..(q + 1) * k],
                &mut part.values[r * w..(r + 1) * w],
            );
        }
    }
    (part, refused, lines)
}

/// [`quick_row`] giving codes ([`Quick`]), read from the start of `bytes` up to and with its
/// line end (`\n`, `\r\n`, or the end of `bytes`): the row's name and the bytes used, or
/// `None` at the first thing it does not handle (the general parser then reads the line).
fn quick_line<'l>(
    bytes: &'l [u8],
    tables: &[CodeTable],
    codes: &mut [u8],
) -> Option<(&'l [u8], usize)> {
    let comma = bytes.iter().position(|&b| b == b',' || b == b'\n')?;
    if bytes[comma] != b',' {
        return None;
    }
    let n = bytes.len();
    let mut pos = comma + 1;
    let last = tables.len().checked_sub(1)?;
    for (k, (index, table)) in tables.iter().enumerate() {
        let mut code = 0;
        if let Some(&b) = bytes.get(pos)
            && !matches!(b, b',' | b'\n' | b'\r')
        {
            code = table[usize::from(b)];
            if code == 0xFF {
                return None;
            }
            pos += 1;
        }
        codes[*index] = code;
        if k == last {
            return match bytes.get(pos..(pos + 2).min(n)) {
                None | Some([]) => Some((&bytes[..comma], n)),
                Some([b'\n', ..]) => Some((&bytes[..comma], pos + 1)),
                Some([b'\r', b'\n']) => Some((&bytes[..comma], pos + 2)),
                Some([b'\r']) => Some((&bytes[..comma], n)),
                _ => None,
            };
        }
        if bytes.get(pos) != Some(&b',') {
            return None;
        }
        pos += 1;
    }
    None
}

/// A row of one-byte level cells (or empty ones), parsed without splitting it first: its name,
/// or `None` at the first thing it does not handle (the general parser then reads the row and
/// says what is wrong, if anything).
fn quick_row<'l>(
    line: &'l [u8],
    tables: &[(usize, &[f64; 256])],
    cells: &mut [f64],
) -> Option<&'l [u8]> {
    let comma = line.iter().position(|&b| b == b',')?;
    let n = line.len();
    let mut pos = comma + 1;
    for (k, (index, table)) in tables.iter().enumerate() {
        if pos < n && line[pos] != b',' {
            let end = pos + 1;
            if end != n && line[end] != b',' {
                return None;
            }
            let s = table[line[pos] as usize];
            if s.is_nan() {
                return None;
            }
            cells[*index] = s;
            pos = end;
        } else {
            cells[*index] = NOT_ASSESSED;
        }
        if k + 1 == tables.len() {
            if pos != n {
                return None;
            }
        } else {
            if pos >= n || line[pos] != b',' {
                return None;
            }
            pos += 1;
        }
    }
    Some(&line[..comma])
}

/// The thorough lane: RFC 4180 quoting, through the `csv` crate.
pub(crate) fn thorough(
    body: &[u8],
    layout: &Layout,
    scorer: &BatchScorer<'_>,
    options: WideOptions,
) -> (Vec<WidePart>, Vec<Refused>) {
    let mut part = WidePart::default();
    let mut refused = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut record = csv::ByteRecord::new();
    let mut cells = vec![NOT_ASSESSED; layout.criteria];
    let mut out = vec![0.0; scorer.row_width()];
    loop {
        let pos = reader.position().clone();
        let line_no = pos.line() as usize + 1;
        let at = pos.byte() as usize;
        let line_end = body[at.min(body.len())..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |p| at + p);
        let line_text = || {
            String::from_utf8_lossy(&body[at.min(body.len())..line_end])
                .trim_end_matches('\r')
                .to_owned()
        };
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                refused.push((
                    line_no,
                    line_text(),
                    RowProblem {
                        span: 0..0,
                        column: None,
                        message: format!("not a CSV row: {e}"),
                        help: None,
                    },
                ));
                continue;
            }
        }
        if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
            continue;
        }
        // Spans: a field's place in the line is found by its text when it is unquoted.
        let text = line_text();
        let mut from = 0;
        let fields = record.iter().map(|f| {
            let span = match text.as_bytes()[from.min(text.len())..]
                .windows(f.len().max(1))
                .position(|w| w == f)
            {
                Some(p) if !f.is_empty() => from + p..from + p + f.len(),
                _ => 0..0,
            };
            if span.end > 0 {
                from = span.end;
            }
            (f, span)
        });
        match parse_row(layout, fields, text.len(), &mut cells) {
            Ok(name) => {
                scorer.score_row(&cells, &mut out);
                part.push(
                    line_no,
                    name,
                    &out,
                    options.keep_cells.then_some(&cells[..]),
                );
            }
            Err(p) => refused.push((line_no, text, p)),
        }
    }
    (vec![part], refused)
}

/// Refuses the rows whose name was seen before (the first is kept). Names in increasing order
/// (as generated files often are) are checked without a hash table.
fn duplicates(parts: &mut [WidePart], refused: &mut Vec<Refused>, options: WideOptions) {
    let mut increasing = true;
    let mut last: Option<&str> = None;
    'outer: for p in parts.iter() {
        for r in 0..p.len() {
            let id = p.id(r);
            if last.is_some_and(|l| l >= id) {
                increasing = false;
                break 'outer;
            }
            last = Some(id);
        }
    }
    if increasing {
        return;
    }
    let mut seen: HashMap<String, ()> = HashMap::new();
    let width = if parts.iter().any(|p| !p.is_empty()) {
        parts
            .iter()
            .find(|p| !p.is_empty())
            .map_or(0, |p| p.values.len() / p.len())
    } else {
        0
    };
    for p in parts.iter_mut() {
        let cells_width = if p.is_empty() || !options.keep_cells {
            0
        } else {
            p.cells.len() / p.len()
        };
        let mut kept = WidePart::default();
        let mut any = false;
        for r in 0..p.len() {
            let id = p.id(r).to_owned();
            if seen.insert(id.clone(), ()).is_some() {
                any = true;
                refused.push((
                    p.lines[r],
                    id.clone(),
                    RowProblem {
                        span: 0..id.len(),
                        column: Some("assessment".to_owned()),
                        message: format!("the assessment `{}` is named twice", shorten(&id)),
                        help: Some(
                            "each row names one assessment; rename or remove one".to_owned(),
                        ),
                    },
                ));
                continue;
            }
            let cells = (cells_width > 0).then(|| &p.cells[r * cells_width..(r + 1) * cells_width]);
            kept.push(
                p.lines[r],
                &id,
                &p.values[r * width..(r + 1) * width],
                cells,
            );
        }
        if any {
            *p = kept;
        }
    }
}

/// Reads weight vectors from a CSV table whose header names criteria of the grid (every one
/// of them, in any order) and whose rows are draws, one weight per cell (a number ≥ 0; a row
/// not all 0). The weights come back in grid order, draw after draw
/// ([`repere_core::sensitivity::Draws`]). Every problem is located; any problem refuses the
/// file (a sensitivity analysis on part of the draws would not be the one asked for).
///
/// ```
/// # use repere_core::*;
/// # let id = |s: &str| Id::new(s).unwrap();
/// # let en = |s: &str| Text::new(Lang::en(), s);
/// # let mut draft = GridDraft::new(id("g"), "1", en("G"), Lang::en());
/// # draft.scales.push(Scale { id: id("pct"), label: en("%"), kind: ScaleKind::Percentage });
/// # let mut dim = Dimension::new(id("d"), en("D"));
/// # dim.criteria.push(Criterion::new(id("c1"), en("c1"), id("pct")));
/// # dim.criteria.push(Criterion::new(id("c2"), en("c2"), id("pct")));
/// # draft.dimensions.push(dim);
/// # let grid = Grid::new(draft)?;
/// let draws = repere_table::batch::read_weights("w.csv", b"c2,c1\n0.25,0.75\n1,0\n", &grid)?;
/// assert_eq!(draws.draw(0), &[0.75, 0.25]);
/// let e = repere_table::batch::read_weights("w.csv", b"c2,c1\n0.5,x\n", &grid).unwrap_err();
/// assert!(e.to_string().starts_with("w.csv:2:5: column `c1`: `x` is not a number"), "{e}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_weights(
    name: &str,
    bytes: &[u8],
    grid: &Grid,
) -> Result<repere_core::sensitivity::Draws, TableError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut problems = Problems::new(name);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            problems.in_file(
                format!("the file is not UTF-8 text (byte {})", e.valid_up_to()),
                None,
            );
            return Err(problems.check().err().unwrap_or_else(empty_error));
        }
    };
    let mut lines = text.split('\n');
    let header = lines.next().unwrap_or_default();
    let header = header.strip_suffix('\r').unwrap_or(header);
    let ids: Vec<&str> = grid.criteria().map(|(_, c)| c.id.as_str()).collect();
    let k = ids.len();
    let mut slots: Vec<usize> = Vec::new();
    let mut seen = vec![false; k];
    let mut at = 0;
    for raw in header.split(',') {
        let span = at..at + raw.len();
        at += raw.len() + 1;
        let field = raw.trim();
        match ids.iter().position(|c| *c == field) {
            Some(i) if seen[i] => {
                problems.at_line(
                    1,
                    header,
                    span,
                    format!("column `{}` is repeated", shorten(field)),
                    None,
                );
            }
            Some(i) => {
                seen[i] = true;
                slots.push(i);
            }
            None => {
                let help = repere_core::closest(field, ids.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                problems.at_line(
                    1,
                    header,
                    span,
                    format!(
                        "`{}` is not a criterion of grid `{}`",
                        shorten(field),
                        grid.id()
                    ),
                    help,
                );
            }
        }
    }
    let missing: Vec<&str> = ids
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(c, _)| *c)
        .collect();
    if !missing.is_empty() && problems.is_empty() {
        let list: Vec<String> = missing.iter().take(10).map(|c| format!("`{c}`")).collect();
        problems.at_line(
            1,
            header,
            0..header.len(),
            format!(
                "{} criteria of the grid have no column: {}{}",
                missing.len(),
                list.join(", "),
                if missing.len() > 10 { ", …" } else { "" }
            ),
            Some(
                "the header names every criterion of the grid, one weight vector per row"
                    .to_owned(),
            ),
        );
    }
    if !problems.is_empty() {
        return Err(problems.check().err().unwrap_or_else(empty_error));
    }
    // A clean file (every row whole, every weight a number ≥ 0, no row all 0) is read on
    // several threads; any problem, and the rows are read again one by one to locate it.
    let body = text.find('\n').map_or("", |h| &text[h + 1..]);
    let threads = if body.len() < 1 << 20 {
        1
    } else {
        std::thread::available_parallelism().map_or(1, usize::from)
    };
    if let Some(weights) = clean_weights(body, &slots, k, threads)
        && !weights.is_empty()
    {
        return repere_core::sensitivity::Draws::new(k, weights).map_err(|e| {
            let mut p = Problems::new(name);
            p.in_file(e.to_string(), None);
            p.check().err().unwrap_or_else(empty_error)
        });
    }
    let mut weights = Vec::with_capacity(text.len() / 8);
    let mut row = vec![0.0; k];
    for (n, line) in lines.enumerate() {
        let number = n + 2;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let mut at = 0;
        let mut count = 0;
        let mut ok = true;
        for (c, raw) in line.split(',').enumerate() {
            count += 1;
            let span = at..at + raw.len();
            at += raw.len() + 1;
            let Some(&slot) = slots.get(c) else { continue };
            match raw.trim().parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => row[slot] = x,
                _ => {
                    ok = false;
                    problems.in_cell(
                        number,
                        line,
                        span,
                        ids[slot],
                        format!("`{}` is not a number ≥ 0", shorten(raw.trim())),
                        None,
                    );
                }
            }
        }
        if count != slots.len() {
            problems.at_line(
                number,
                line,
                0..line.len(),
                format!(
                    "{count} fields, expected {} (as in the header)",
                    slots.len()
                ),
                None,
            );
            continue;
        }
        if ok && row.iter().all(|x| *x == 0.0) {
            problems.at_line(
                number,
                line,
                0..line.len(),
                "every weight of the row is 0",
                None,
            );
            continue;
        }
        if ok {
            weights.extend_from_slice(&row);
        }
    }
    if weights.is_empty() && problems.is_empty() {
        problems.in_file(
            "the file has no weight vector: expected one row per draw",
            None,
        );
    }
    problems.check()?;
    repere_core::sensitivity::Draws::new(k, weights).map_err(|e| {
        let mut p = Problems::new(name);
        p.in_file(e.to_string(), None);
        p.check().err().unwrap_or_else(empty_error)
    })
}

/// The rows of a clean weights file (see [`read_weights`]), read in `threads` parts cut at line
/// ends, in file order; `None` at the first problem of any kind (the caller then locates it).
fn clean_weights(body: &str, slots: &[usize], k: usize, threads: usize) -> Option<Vec<f64>> {
    let bytes = body.as_bytes();
    let threads = threads.clamp(1, 16);
    let mut bounds = vec![0];
    for t in 1..threads {
        let prev = *bounds.last().unwrap_or(&0);
        let guess = (bytes.len() * t / threads).max(prev);
        let at = bytes[guess..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| guess + p + 1);
        bounds.push(at);
    }
    bounds.push(bytes.len());
    // Cuts fall after a line end (ASCII): each part is text.
    let parts: Vec<&str> = bounds.windows(2).map(|w| &body[w[0]..w[1]]).collect();
    let read: Vec<Option<Vec<f64>>> = if parts.len() == 1 {
        vec![clean_weight_rows(parts[0], slots, k)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = parts
                .iter()
                .map(|p| s.spawn(move || clean_weight_rows(p, slots, k)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(None))
                .collect()
        })
    };
    let mut weights = Vec::with_capacity(read.iter().flatten().map(Vec::len).sum());
    for r in read {
        weights.extend_from_slice(&r?);
    }
    Some(weights)
}

/// The rows of one part of a clean weights file, or `None` at its first problem.
fn clean_weight_rows(text: &str, slots: &[usize], k: usize) -> Option<Vec<f64>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 16);
    let mut row = vec![0.0; k];
    let (mut start, mut field) = (0, 0);
    for i in 0..=bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b'\n');
        if b != b',' && b != b'\n' {
            continue;
        }
        // Delimiters are ASCII: the slice is text.
        let mut raw = &text[start..i];
        start = i + 1;
        if b == b'\n' {
            raw = raw.strip_suffix('\r').unwrap_or(raw);
            if field == 0 && raw.trim().is_empty() {
                continue;
            }
        }
        let x = raw
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)?;
        row[*slots.get(field)?] = x;
        field += 1;
        if b == b'\n' {
            if field != slots.len() || row.iter().all(|x| *x == 0.0) {
                return None;
            }
            out.extend_from_slice(&row);
            field = 0;
        }
    }
    Some(out)
}
