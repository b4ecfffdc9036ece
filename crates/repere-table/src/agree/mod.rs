//! Rating tables for agreement: a CSV file of `unit,rater,value` rows into a
//! [`RatingTable`].
//!
//! # The CSV file
//!
//! * UTF-8 (a leading byte-order mark is skipped); a file that is not UTF-8 is refused with
//!   the line and column of the first bad byte. Lines end with LF or CRLF, the last one with
//!   or without a line end. Blank lines are skipped.
//! * The first line is a header naming the columns `unit`, `rater` and `value`, in any order
//!   (names compared exactly, blanks around them ignored). **Other columns are ignored**
//!   ([`RatingFile::ignored_columns`] lists them); a column named twice is an error.
//! * One rating per line. A missing rating is an absent line; a line whose `value` is empty
//!   is a missing rating too ([`RatingFile::empty_values`] counts them). A rater who rates a
//!   unit twice is an error naming both lines.
//! * Fields may be quoted as in RFC 4180 (`"a, b"`, `"say ""yes"""`, a quoted field may
//!   span lines). Blanks around a field are ignored.
//! * Values are numbers (`3`, `-0.5`, `1e3`) at every level. At the nominal level, when some
//!   value is not a number, all the values are read as labels and compared as exact strings
//!   (so `1` and `1.0` are then different labels).
//!
//! Every problem is reported at once (the first [`MAX_KEPT`](crate::error::MAX_KEPT) shown,
//! all counted), located at its line and column.
//!
//! # Two readers
//!
//! [`read_ratings`] first tries a fast lane on a file named by a path: the data is cut at
//! changes of unit into one part per thread, each part streamed through a buffer of its own
//! (positioned reads, UTF-8 checked block by block, lines split from 16-byte words, values and
//! raters interned through small caches), the parts built into tables in parallel and joined
//! ([`RatingTableBuilder::build_parts`]). The lane never reports: at the first thing it does
//! not handle (a quote, bytes that are not UTF-8, a bad value, a duplicate…) it gives up, and
//! the thorough reader, built on the [`csv`] crate, reads the file and locates every problem.
//! The lane changes the speed, never the result: tests check that both build the same table.
//!
//! ```
//! use repere_core::agreement::{MeasurementLevel, krippendorff_alpha};
//! let csv = "unit,rater,value\nu1,a,1\nu1,b,1\nu2,a,2\nu2,b,3\nu3,a,3\nu3,b,3\n";
//! let file = repere_table::agree::parse_ratings("r.csv", csv.as_bytes(), MeasurementLevel::Interval)?;
//! assert_eq!(file.table.units(), 3);
//! let alpha = krippendorff_alpha(&file.table, MeasurementLevel::Interval)?;
//! assert!(alpha.value > 0.5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use repere_core::agreement::{AgreementError, MeasurementLevel, RatingTable, RatingTableBuilder};
use repere_fs::Input;

use crate::error::{Problems, TableError, shorten};

pub(crate) mod lane;

/// The largest CSV file read, in bytes (1 GiB): about 60 million ratings.
pub const MAX_CSV_BYTES: u64 = 1 << 30;

/// The required columns.
const COLUMNS: [&str; 3] = ["unit", "rater", "value"];

/// Below this many bytes of data, a file is read by one thread.
const PARALLEL_BYTES: usize = 1 << 20;

/// A rating table read from a file, and what the reader noticed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RatingFile {
    /// The table.
    pub table: RatingTable,
    /// Whether the values were read as labels (nominal level only).
    pub labels: bool,
    /// Data lines whose value is empty (missing ratings).
    pub empty_values: usize,
    /// The columns other than `unit`, `rater` and `value`.
    pub ignored_columns: Vec<String>,
}

/// Reads a rating table from a file or standard input, with at most `threads` threads.
///
/// # Errors
///
/// [`TableError::Read`] when the input cannot be read (no such file, not a regular file,
/// larger than [`MAX_CSV_BYTES`]…), [`TableError::Invalid`] with every problem of the
/// file located.
pub fn read_ratings(
    input: &Input,
    level: MeasurementLevel,
    threads: usize,
) -> Result<RatingFile, TableError> {
    if let Input::Path(path) = input
        && let Some(file) =
            lane::read(path, threads.max(1), lane::BLOCK).and_then(lane::Laned::finish)
    {
        return Ok(file);
    }
    let bytes = repere_fs::read(input, MAX_CSV_BYTES)?;
    parse_ratings(&input.name(), &bytes, level)
}

/// Reads a rating table from the bytes of a CSV file shown as `name` (the thorough reader,
/// one thread).
///
/// # Errors
///
/// [`TableError::Invalid`] with every problem of the file located.
pub fn parse_ratings(
    name: &str,
    bytes: &[u8],
    level: MeasurementLevel,
) -> Result<RatingFile, TableError> {
    let text = decode(name, bytes)?;
    if let Some(line) = unclosed_quote(text) {
        let mut problems = Problems::new(name);
        problems.at_line(
            line,
            line_text(text, line),
            0..0,
            format!("a quoted field opened on line {line} is never closed"),
            Some("a quote inside a quoted field is written `\"\"`".to_owned()),
        );
        problems.check()?;
    }
    let mut problems = Problems::new(name);
    let Some((columns, ignored_columns)) = header(text, &mut problems) else {
        return Err(problems.check().err().unwrap_or_else(|| empty_file(name)));
    };
    let mut mode = if level == MeasurementLevel::Nominal {
        Mode::NumbersOrLabels
    } else {
        Mode::Numbers
    };
    let (builder, empty_values) = loop {
        let mut sink = Sink {
            builder: RatingTableBuilder::new(),
            problems: Problems::new(name),
            empty_values: 0,
            mode,
            level,
            columns: &columns,
        };
        let flow = records(text, |line, record| sink.row(text, line, record));
        if matches!(flow, Flow::Labels) {
            mode = Mode::Labels;
            continue;
        }
        sink.problems.check()?;
        break (sink.builder, sink.empty_values);
    };
    if builder.is_empty() {
        let mut problems = Problems::new(name);
        problems.in_file(
            "no ratings: the file has a header but no line with a value",
            None,
        );
        problems.check()?;
    }
    let table = builder.build().map_err(|e| {
        let mut problems = Problems::new(name);
        match &e {
            AgreementError::DuplicateRating {
                unit,
                rater,
                row,
                first_row,
            } => {
                let (line, first_line) = row_lines(text, &columns, *row, *first_row);
                problems.at_line(
                    line,
                    line_text(text, line),
                    0..0,
                    format!(
                        "unit `{}` is rated twice by rater `{}` (first on line {first_line})",
                        shorten(unit),
                        shorten(rater)
                    ),
                    Some("keep one rating per unit and rater".to_owned()),
                );
            }
            other => problems.in_file(describe(other), None),
        }
        problems.check().err().unwrap_or_else(|| empty_file(name))
    })?;
    if table.raters() < 2 {
        let names: Vec<String> = table
            .rater_names()
            .map(|r| format!("`{}`", shorten(r)))
            .collect();
        let mut problems = Problems::new(name);
        problems.in_file(
            format!(
                "agreement needs at least two raters, but the file has {} ({})",
                table.raters(),
                names.join(", ")
            ),
            None,
        );
        problems.check()?;
    }
    Ok(RatingFile {
        table,
        labels: mode == Mode::Labels,
        empty_values,
        ignored_columns,
    })
}

/// A message for an agreement error, in the terms of a rating file.
pub fn describe(e: &AgreementError) -> String {
    match e {
        AgreementError::NoPairableUnits => {
            "no unit is rated by two raters or more, so no two values can be compared and alpha is undefined".to_owned()
        }
        AgreementError::TooFewDistinctValues { found } => format!(
            "alpha is undefined: the pairable values take {found} distinct value{} (at least 2 are needed: with a single value there is no variation to agree on)",
            if *found == 1 { "" } else { "s" }
        ),
        AgreementError::NegativeRatioValue { value, unit } => format!(
            "the ratio level needs values of 0 or more, but unit `{}` has the value {value}; use `--level interval` for values that can be negative",
            shorten(unit)
        ),
        AgreementError::DuplicateRating {
            unit,
            rater,
            row,
            first_row,
        } => format!(
            "row {row}: unit `{}` is rated twice by rater `{}` (first at row {first_row})",
            shorten(unit),
            shorten(rater)
        ),
        AgreementError::NonFiniteValue {
            unit, rater, row, ..
        } => format!(
            "row {row}: the value given to unit `{}` by rater `{}` is not a finite number",
            shorten(unit),
            shorten(rater)
        ),
        AgreementError::MixedValueKinds {
            unit,
            rater,
            row,
            expected,
            found,
        } => format!(
            "row {row}: unit `{}` got a {found} from rater `{}`, but the earlier rows hold {expected}s (a table holds numbers only or labels only)",
            shorten(unit),
            shorten(rater)
        ),
        other => {
            let s = other.to_string();
            let safe: String = s.chars().take(2000).map(|c| if c.is_control() { ' ' } else { c }).collect();
            safe
        }
    }
}

fn empty_file(name: &str) -> TableError {
    let mut problems = Problems::new(name);
    problems.in_file(
        "the file is empty; expected a header line naming the columns `unit,rater,value`, then one rating per line",
        None,
    );
    problems
        .into_error()
        .map_or_else(|| unreachable_error(name), TableError::Invalid)
}

/// Never built: `Problems` with one problem always gives an error.
fn unreachable_error(name: &str) -> TableError {
    TableError::Invalid(repere_toml::LoadError::from_excerpt(
        name,
        String::new(),
        Vec::new(),
        vec![repere_toml::Diagnostic::error("the file cannot be read")],
    ))
}

/// The text of a file: UTF-8, without its byte-order mark; a file that is not UTF-8 is
/// refused at the line and column of its first bad byte.
pub(crate) fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, TableError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        // The valid part of the line, then the bad byte shown as one replacement character.
        let valid = String::from_utf8_lossy(&bytes[start..at]).into_owned();
        let shown = format!(
            "{valid}\u{FFFD}{}",
            String::from_utf8_lossy(&bytes[(at + 1).min(end)..end])
        );
        let mut problems = Problems::new(name);
        problems.at_line(
            line,
            &shown,
            valid.len()..valid.len() + '\u{FFFD}'.len_utf8(),
            format!("the file is not valid UTF-8 (byte 0x{:02X})", bytes[at]),
            Some("save it as UTF-8 (for example \"CSV UTF-8\" in a spreadsheet)".to_owned()),
        );
        problems
            .check()
            .err()
            .unwrap_or_else(|| unreachable_error(name))
    })
}

/// The 1-based line of byte offset `at` of `text`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let at = at.min(text.len());
    let at = at
        + bytes[at..]
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count()
}

/// The text of line `number` (1-based) of `text`, without its line end.
pub(crate) fn line_text(text: &str, number: usize) -> &str {
    text.split('\n')
        .nth(number.saturating_sub(1))
        .map_or("", |l| l.strip_suffix('\r').unwrap_or(l))
}

/// The byte range of field `index` in a line without quotes, trimmed; the whole line when
/// the line has quotes (a field's place then depends on the quoting).
pub(crate) fn cell_span(line: &str, index: usize) -> std::ops::Range<usize> {
    if line.contains('"') {
        return 0..line.len();
    }
    let mut start = 0;
    for (i, field) in line.split(',').enumerate() {
        if i == index {
            let lead = field.len() - field.trim_start().len();
            let kept = field.trim();
            return start + lead..start + lead + kept.len();
        }
        start += field.len() + 1;
    }
    0..line.len()
}

/// The positions of the required columns, and the number of fields of a record.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    pub(crate) unit: usize,
    pub(crate) rater: usize,
    pub(crate) value: usize,
    pub(crate) width: usize,
}

impl Columns {
    /// For each column of the header: 0 (ignored) or 1 + its place in
    /// `[unit, rater, value]`.
    pub(crate) fn roles(&self) -> Vec<u8> {
        let mut roles = vec![0u8; self.width];
        for (role, column) in [self.unit, self.rater, self.value].into_iter().enumerate() {
            if let Some(r) = roles.get_mut(column) {
                *r = role as u8 + 1;
            }
        }
        roles
    }
}

/// The columns named by a header, or `None` with the problems pushed.
pub(crate) fn columns_of(
    names: &[String],
    line: usize,
    line_text: &str,
    problems: &mut Problems,
) -> Option<(Columns, Vec<String>)> {
    let mut found = [None::<usize>; 3];
    for (i, name) in names.iter().enumerate() {
        if let Some(k) = COLUMNS.iter().position(|c| c == name) {
            match found[k] {
                Some(first) => problems.at_line(
                    line,
                    line_text,
                    cell_span(line_text, i),
                    format!(
                        "the column `{}` appears twice (columns {} and {})",
                        shorten(name),
                        first + 1,
                        i + 1
                    ),
                    None,
                ),
                None => found[k] = Some(i),
            }
        }
    }
    let mut listed = names
        .iter()
        .take(10)
        .map(|n| format!("`{}`", shorten(n)))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 10 {
        listed.push_str(&format!(" and {} more", names.len() - 10));
    }
    let none_found = found.iter().all(Option::is_none);
    for (k, column) in COLUMNS.iter().enumerate() {
        if found[k].is_none() {
            let unused = names
                .iter()
                .filter(|n| !COLUMNS.contains(&n.as_str()))
                .map(String::as_str);
            let help = match repere_core::closest(column, unused) {
                Some(near) => Some(format!("did you mean `{}`?", shorten(near))),
                None if none_found => Some("the first line must be a header naming the columns, such as `unit,rater,value`; other columns are ignored".to_owned()),
                None => None,
            };
            problems.at_line(
                line,
                line_text,
                0..line_text.len(),
                format!("no column `{column}` in the header (found {listed})"),
                help,
            );
        }
    }
    let [Some(unit), Some(rater), Some(value)] = found else {
        return None;
    };
    if !problems.is_empty() {
        return None;
    }
    let ignored = names
        .iter()
        .filter(|n| !COLUMNS.contains(&n.as_str()))
        .cloned()
        .collect();
    Some((
        Columns {
            unit,
            rater,
            value,
            width: names.len(),
        },
        ignored,
    ))
}

/// The 1-based line of each record the `csv` crate reads, counted from the records' byte
/// offsets (blank lines included), in one pass over the text whatever the number of records.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineCounter {
    /// The byte counted up to.
    byte: usize,
    /// The line at that byte.
    line: usize,
}

impl LineCounter {
    /// A counter at the start of the text.
    pub(crate) fn new() -> Self {
        LineCounter { byte: 0, line: 1 }
    }

    /// The line of a record at `position` (records come in order), and the byte its line
    /// starts at.
    pub(crate) fn line_of(&mut self, position: Option<&csv::Position>, text: &str) -> usize {
        let byte = position
            .map_or(self.byte, |p| p.byte() as usize)
            .clamp(self.byte, text.len());
        // The offset may be that of blank lines skipped before the record.
        let byte = byte
            + text.as_bytes()[byte..]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
        self.line += text.as_bytes()[self.byte..byte]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.byte = byte;
        self.line
    }

    /// The byte the last record's line starts at.
    pub(crate) fn byte(&self) -> usize {
        self.byte
    }
}

/// A reader of `text` on the `csv` crate, as Repère reads CSV: no header handling (the
/// caller reads it), records of any length, blanks around fields trimmed.
pub(crate) fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// The line of a quoted field never closed, if any. The `csv` crate reads such a field to
/// the end of the file; this scan, with the same rules (a quote opens a field only at its
/// start, a doubled quote inside is one quote), finds where it was opened.
pub(crate) fn unclosed_quote(text: &str) -> Option<usize> {
    if !text.contains('"') {
        return None;
    }
    let bytes = text.as_bytes();
    let (mut i, mut line, mut at_start) = (0, 1, true);
    let mut open: Option<usize> = None;
    while let Some(&b) = bytes.get(i) {
        if let Some(opened) = open {
            match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => open = None,
                b'\n' => line += 1,
                _ => {}
            }
            let _ = opened;
        } else {
            match b {
                b'"' if at_start => open = Some(line),
                b',' => at_start = true,
                b'\n' => {
                    line += 1;
                    at_start = true;
                }
                b' ' | b'\t' => {}
                _ => at_start = false,
            }
            if b != b',' && b != b'\n' && b != b' ' && b != b'\t' && b != b'"' {
                at_start = false;
            }
        }
        i += 1;
    }
    open
}

/// Reads the header: the columns, or `None` with the problems pushed.
fn header(text: &str, problems: &mut Problems) -> Option<(Columns, Vec<String>)> {
    let mut reader = csv_reader(text);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return None,
            Ok(true) => {
                if record.len() == 1 && record.get(0).is_some_and(str::is_empty) {
                    continue;
                }
                let line = record
                    .position()
                    .map_or(1, |p| line_of(text, p.byte() as usize));
                let names: Vec<String> = record.iter().map(str::to_owned).collect();
                return columns_of(&names, line, line_text(text, line), problems);
            }
            Err(e) => {
                let line = e.position().map_or(1, |p| line_of(text, p.byte() as usize));
                problems.at_line(
                    line,
                    line_text(text, line),
                    0..0,
                    format!("header: {e}"),
                    None,
                );
                return None;
            }
        }
    }
}

/// What to do after a row.
enum Flow {
    /// Go on.
    Next,
    /// A value is not a number at the nominal level: read everything again as labels.
    Labels,
}

/// Calls `row` on each data record of `text` (after the header; blank lines skipped) with
/// its line; stops when it says [`Flow::Labels`].
fn records(text: &str, mut row: impl FnMut(usize, &csv::StringRecord) -> Flow) -> Flow {
    let mut reader = csv_reader(text);
    let mut record = csv::StringRecord::new();
    let mut seen_header = false;
    // (byte offset, line of that offset)
    let mut counted = LineCounter::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if record.len() == 1 && record.get(0).is_some_and(str::is_empty) {
                    continue;
                }
                if !seen_header {
                    seen_header = true;
                    continue;
                }
                let line = counted.line_of(record.position(), text);
                if let Flow::Labels = row(line, &record) {
                    return Flow::Labels;
                }
            }
            Err(_) => break,
        }
    }
    Flow::Next
}

/// How the values are read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Numbers; a value that is not one is an error.
    Numbers,
    /// Numbers at the nominal level: the first value that is not a number switches to labels.
    NumbersOrLabels,
    /// Labels.
    Labels,
}

/// Receives the data rows of one pass.
struct Sink<'c> {
    builder: RatingTableBuilder,
    problems: Problems,
    empty_values: usize,
    mode: Mode,
    level: MeasurementLevel,
    columns: &'c Columns,
}

impl Sink<'_> {
    /// Checks one record and adds its rating.
    fn row(&mut self, text: &str, line: usize, record: &csv::StringRecord) -> Flow {
        let columns = self.columns;
        let count = record.len();
        if count != columns.width {
            self.problems.at_line(
                line,
                line_text(text, line),
                0..0,
                format!(
                    "{count} field{}, but the header has {}",
                    if count == 1 { "" } else { "s" },
                    columns.width
                ),
                None,
            );
            return Flow::Next;
        }
        let field = |k: usize| record.get(k).unwrap_or("");
        let (unit, rater, value) = (
            field(columns.unit),
            field(columns.rater),
            field(columns.value),
        );
        if value.is_empty() {
            self.empty_values += 1;
            return Flow::Next;
        }
        if unit.is_empty() || rater.is_empty() {
            let (name, at) = if unit.is_empty() {
                ("unit", columns.unit)
            } else {
                ("rater", columns.rater)
            };
            let l = line_text(text, line);
            self.problems
                .in_cell(line, l, cell_span(l, at), name, "empty identifier", None);
            return Flow::Next;
        }
        let pushed = if self.mode == Mode::Labels {
            self.builder.push(unit, rater, value)
        } else {
            match parse_number(value) {
                Some(x) if x.is_finite() => self.builder.push(unit, rater, x),
                parsed => {
                    if self.mode == Mode::NumbersOrLabels {
                        return Flow::Labels;
                    }
                    let what = if parsed.is_some() {
                        "is not a finite number"
                    } else {
                        "is not a number"
                    };
                    let help = if value.contains(',') {
                        Some("write decimals with a point, not a comma".to_owned())
                    } else {
                        Some("labels are accepted at the nominal level only".to_owned())
                    };
                    let l = line_text(text, line);
                    self.problems.in_cell(
                        line,
                        l,
                        cell_span(l, columns.value),
                        "value",
                        format!(
                            "`{}` {what}; the {} level needs numbers",
                            shorten(value),
                            self.level
                        ),
                        help,
                    );
                    return Flow::Next;
                }
            }
        };
        if let Err(e) = pushed {
            self.problems
                .at_line(line, line_text(text, line), 0..0, describe(&e), None);
        }
        Flow::Next
    }
}

/// The lines of the rows numbered `row` and `first_row` (0-based positions among the rows
/// given to the table builder), found by reading the records again.
fn row_lines(text: &str, columns: &Columns, row: usize, first_row: usize) -> (usize, usize) {
    let (mut line, mut first_line) = (0, 0);
    let mut index = 0usize;
    records(text, |at, record| {
        if record.len() != columns.width || record.get(columns.value).is_none_or(str::is_empty) {
            return Flow::Next;
        }
        if index == first_row {
            first_line = at;
        }
        if index == row {
            line = at;
        }
        index += 1;
        Flow::Next
    });
    (line, first_line)
}

/// Powers of ten that are exact doubles.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Parses a number. Fast path for `[-]digits[.digits]` with at most 15 digits: the mantissa
/// and `10^k` are exact doubles, so their quotient is the correctly rounded value, the
/// same as `str::parse`, which handles everything else (exponents, `+`, `.5`…).
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0usize;
    let mut decimals: Option<usize> = None;
    let mut fast = !digits.is_empty() && digits.len() <= 16;
    if fast {
        for (i, &c) in digits.iter().enumerate() {
            match c {
                b'0'..=b'9' => {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    count += 1;
                }
                b'.' if decimals.is_none() && i > 0 && i + 1 < digits.len() => {
                    decimals = Some(digits.len() - i - 1);
                }
                _ => {
                    fast = false;
                    break;
                }
            }
        }
    }
    if fast && count <= 15 {
        let k = decimals.unwrap_or(0);
        let x = if k == 0 {
            mantissa as f64
        } else {
            mantissa as f64 / POW10[k]
        };
        return Some(if negative { -x } else { x });
    }
    s.parse::<f64>().ok()
}

/// `f` on every item: the first on the calling thread, each other on a thread of its own;
/// the results in the order of the items.
pub(crate) fn on_threads<T: Copy + Send, R: Send>(
    items: &[T],
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let f = &f;
    match items.split_first() {
        None => Vec::new(),
        Some((&first, [])) => vec![f(first)],
        Some((&first, rest)) => std::thread::scope(|scope| {
            let handles: Vec<_> = rest
                .iter()
                .map(|&item| scope.spawn(move || f(item)))
                .collect();
            let mut results = vec![f(first)];
            for handle in handles {
                match handle.join() {
                    Ok(result) => results.push(result),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            results
        }),
    }
}

/// The bytes of `word` equal to `byte`: the high bit of each such byte set, exactly (no
/// false positives, unlike the shorter "has a zero byte" test).
#[inline(always)]
pub(crate) fn byte_mask(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_number_path_matches_std() {
        for s in [
            "0",
            "1",
            "-1",
            "94.4",
            "100.0",
            "0.1",
            "-0.0",
            "123456789012345",
            "0.000000000000001",
            "12.5",
            "99.95",
            "1234567.890123",
            "3.14159265358979",
            "1e3",
            "+2",
            ".5",
            "5.",
            "1234567890123456789",
            "inf",
        ] {
            assert_eq!(
                parse_number(s).map(f64::to_bits),
                s.parse::<f64>().ok().map(f64::to_bits),
                "{s}"
            );
        }
        for s in ["", "-", ".", "1.2.3", "abc", "1,5", "--1"] {
            assert_eq!(parse_number(s), None, "{s}");
        }
    }

    #[test]
    fn quoted_fields_are_read() {
        let text = "value,\"comment\",unit,rater\r\n1,\"a, \"\"b\"\"\nc\", u1 ,\"a\"\r\n\r\n2,,u1,b\r\n3,x,u2,a\r\n3,y,u2,b";
        let file = parse_ratings("q.csv", text.as_bytes(), MeasurementLevel::Interval).unwrap();
        assert_eq!(file.table.units(), 2);
        assert_eq!(file.table.len(), 4);
        assert_eq!(file.ignored_columns, ["comment"]);
    }

    #[test]
    fn problems_are_located_at_their_line_and_column() {
        let text = "unit,rater,value\nu1,a,1\nu1,b,high\nu2,a,2,9\nu2,,3\n";
        let Err(TableError::Invalid(e)) =
            parse_ratings("t.csv", text.as_bytes(), MeasurementLevel::Interval)
        else {
            panic!("refused");
        };
        let shown = e.to_string();
        assert!(
            shown.contains("t.csv:3:6: column `value`: `high` is not a number"),
            "{shown}"
        );
        assert!(
            shown.contains("t.csv:4:1: 4 fields, but the header has 3"),
            "{shown}"
        );
        assert!(
            shown.contains("t.csv:5:4: column `rater`: empty identifier"),
            "{shown}"
        );
    }

    #[test]
    fn duplicates_name_both_lines() {
        let text = "unit,rater,value\nu1,a,1\nu1,b,2\n\nu1,a,3\n";
        let Err(TableError::Invalid(e)) =
            parse_ratings("d.csv", text.as_bytes(), MeasurementLevel::Interval)
        else {
            panic!("refused");
        };
        assert!(
            e.to_string()
                .contains("d.csv:5:1: unit `u1` is rated twice by rater `a` (first on line 2)"),
            "{e}"
        );
    }
}
