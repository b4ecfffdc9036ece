//! `repere agree`: Krippendorff's alpha on a CSV table of ratings.
//!
//! # The CSV file
//!
//! * UTF-8 (a leading byte-order mark is skipped); a file that is not UTF-8 is refused with
//!   the line and column of the first bad byte. Lines end with LF or CRLF, the last one with
//!   or without a line end. Blank lines are skipped.
//! * The first line is a header naming the columns `unit`, `rater` and `value`, in any order
//!   (names compared exactly, blanks around them ignored). **Other columns are ignored** (the
//!   output lists them), so a file with, say, a `comment` column works as it is; a column
//!   named twice is an error.
//! * One rating per line. A missing rating is an absent line; a line whose `value` is empty is
//!   a missing rating too (the output counts them). A rater who rates a unit twice is an
//!   error naming both lines.
//! * Fields may be quoted as in RFC 4180: `"a, b"`, `"say ""yes"""`, a quoted field may span
//!   lines. Blanks (spaces, tabs) around an unquoted field are ignored; a `"` inside an
//!   unquoted field is an error.
//! * Values are numbers (`3`, `-0.5`, `1e3`, with a decimal point) at every level. At the
//!   nominal level, when some value is not a number, all the values are read as labels and
//!   compared as exact strings (so `1` and `1.0` are then different labels).
//!
//! Every problem found while reading is reported, located as `file:line:` (the first 20 of
//! them), and the command exits with code 1.
//!
//! # Speed
//!
//! A clean file of numbers (the common case) goes through the fast lane ([`lane`]): the data
//! is cut at changes of unit into one part per core, each thread streams its part through a
//! buffer of its own (positioned reads, UTF-8 checked block by block, lines split from
//! 16-byte words, value and rater texts looked up in small caches of interned ids), the
//! parts are built into tables in parallel and joined
//! ([`RatingTableBuilder::build_parts`]), and alpha spreads its per-unit work over the
//! same threads ([`repere_core::agreement::krippendorff_alpha_parallel`], same result bit
//! for bit). At the first thing the lane does not handle it gives up, and the full reader
//! below reads the file: so problems are always located by the full reader.
//!
//! The full reader reads the whole file at once and checks it as UTF-8 in one pass. The
//! data is then cut at line ends into one chunk per core, each read by its own thread into
//! its own [`RatingTableBuilder`], and the builders are appended in order. Separators are
//! found eight bytes at a time; fields are borrowed from the file (no allocation per row);
//! numbers with at most 15 digits and no exponent are parsed exactly by a fast path
//! (`mantissa / 10^k`, both exact, one correctly rounded division: the same double as
//! `str::parse`), behind a small cache of the values already seen. A file whose data holds
//! a quote is read again by one RFC 4180 reader.
//!
//! With the environment variable `REPERE_TIMINGS` set, the time of each phase is printed to
//! stderr (see `docs/benchmarks.md`).

use std::borrow::Cow;
use std::fmt::Write as _;

use repere_core::agreement::{
    AgreementError, MAX_RESAMPLES, MeasurementLevel, RatingTable, RatingTableBuilder,
    bootstrap_alpha_with_progress, krippendorff_alpha_parallel,
};

use repere_fs::{Input, ReadError, ReadErrorKind};

use repere_report::{AgreementDoc, Format, ReportLang, TableFacts};

use crate::Failure;
use crate::io::{input, print, quoted, read_bytes, read_failure};

mod lane;

/// At most this many problems of a file are shown.
const MAX_SHOWN: usize = 20;

/// The largest CSV file read, in bytes (1 GiB): about 60 million ratings.
pub(crate) const MAX_CSV_BYTES: u64 = 1 << 30;

/// The required columns.
const COLUMNS: [&str; 3] = ["unit", "rater", "value"];

/// Runs `repere agree`.
pub(crate) fn run(
    csv: &str,
    level: MeasurementLevel,
    bootstrap: Option<u32>,
    seed: u64,
    confidence: f64,
    json: bool,
    lang: ReportLang,
) -> Result<(), Failure> {
    if let Some(resamples) = bootstrap
        && (resamples == 0 || resamples > MAX_RESAMPLES)
    {
        return Err(Failure::usage(format!(
            "--bootstrap takes a number of resamples between 1 and {MAX_RESAMPLES}, got {resamples}"
        )));
    }
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(Failure::usage(format!(
            "--confidence takes a level strictly between 0 and 1 (such as 0.95), got {confidence}"
        )));
    }
    let source = input(csv);
    let shown = source.name();
    let mut clock = Clock::new();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, MAX_THREADS);
    // The lane reads a file in parts at given offsets: standard input goes to the full reader.
    let laned = match &source {
        Input::Path(path) => lane::read(path, threads, lane::BLOCK),
        Input::Stdin => None,
    };
    clock.lap("lane");
    let loaded = laned.and_then(lane::Laned::finish);
    // A table the lane could not build is work thrown away, timed apart.
    clock.lap(if loaded.is_some() {
        "build"
    } else {
        "lane-build"
    });
    let loaded = match loaded {
        Some(loaded) => loaded,
        None => {
            let bytes = read_file(&source)?;
            clock.lap("read");
            let text = decode(&bytes, &shown)?;
            clock.lap("utf-8");
            load(text, level, &shown, &mut clock)?
        }
    };
    let table = &loaded.table;
    let fail = |e: AgreementError| Failure::input(format!("{shown}: {}", explain(&e)));
    let (alpha, interval) = match bootstrap {
        Some(resamples) => {
            let mut progress = Progress::new(resamples);
            let ci = bootstrap_alpha_with_progress(
                table,
                level,
                resamples,
                seed,
                confidence,
                &mut |done, total| progress.show(done, total),
            );
            progress.finish();
            let ci = ci.map_err(fail)?;
            (ci.estimate, Some(ci))
        }
        None => (
            // Threads pay off from about a hundred thousand ratings.
            krippendorff_alpha_parallel(
                table,
                level,
                if table.len() < 1 << 17 { 1 } else { threads },
            )
            .map_err(fail)?,
            None,
        ),
    };
    clock.lap("alpha");
    let doc = AgreementDoc::new(
        &shown,
        table,
        &alpha,
        interval.as_ref(),
        TableFacts::new(
            loaded.labels,
            loaded.empty_values,
            loaded.ignored_columns.clone(),
        ),
        lang,
    );
    let format = if json { Format::Json } else { Format::Text };
    print(&crate::commands::rendered(&doc, format, false)?)?;
    clock.lap("output");
    clock.report();
    Ok(())
}

/// Progress of a bootstrap on standard error, when it is a terminal and the run is long
/// enough to need it: `bootstrap: 37% (370/1000 resamples)`, on one line rewritten in place,
/// cleared at the end.
struct Progress {
    on: bool,
    shown: bool,
}

impl Progress {
    fn new(resamples: u32) -> Self {
        use std::io::IsTerminal as _;
        Self {
            on: resamples >= 100 && !crate::quiet() && std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    fn show(&mut self, done: u32, total: u32) {
        if !self.on || total == 0 {
            return;
        }
        let percent = u64::from(done) * 100 / u64::from(total);
        let mut err = std::io::stderr().lock();
        let _ = std::io::Write::write_fmt(
            &mut err,
            format_args!("\rbootstrap: {percent:>3}% ({done}/{total} resamples)"),
        );
        let _ = std::io::Write::flush(&mut err);
        self.shown = true;
    }

    fn finish(&mut self) {
        if self.shown {
            // Erase the line: the result follows on standard output.
            let mut err = std::io::stderr().lock();
            let _ = std::io::Write::write_all(&mut err, b"\r\x1b[2K");
            let _ = std::io::Write::flush(&mut err);
        }
    }
}

/// Phase timings, printed to stderr when the environment variable `REPERE_TIMINGS` is set
/// (used by the benchmarks; see `docs/benchmarks.md`).
struct Clock {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    laps: Vec<(&'static str, f64)>,
}

impl Clock {
    fn new() -> Self {
        let now = std::time::Instant::now();
        Self {
            on: std::env::var_os("REPERE_TIMINGS").is_some_and(|v| !v.is_empty()),
            start: now,
            last: now,
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = std::time::Instant::now();
            self.laps.push((name, (now - self.last).as_secs_f64()));
            self.last = now;
        }
    }

    fn report(&self) {
        if self.on {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(name, s)| format!("{name} {:.1} ms", s * 1e3))
                .collect();
            crate::io::eprint_line(&format!(
                "timings: {}; total {:.1} ms",
                laps.join(", "),
                self.start.elapsed().as_secs_f64() * 1e3
            ));
        }
    }
}

// ---------------------------------------------------------------------------
// reading
// ---------------------------------------------------------------------------

/// Reads the whole input, at most [`MAX_CSV_BYTES`]; a large file in two halves read at once
/// by two threads, which halves the time spent copying it and mapping fresh memory for it.
/// Special files are refused (see `repere_fs`).
fn read_file(source: &Input) -> Result<Vec<u8>, Failure> {
    let path = match source {
        Input::Stdin => return read_bytes(source, MAX_CSV_BYTES),
        Input::Path(path) => path,
    };
    let (file, len) = repere_fs::open_regular(path).map_err(read_failure)?;
    let too_large = |size| {
        read_failure(ReadError {
            input: source.clone(),
            kind: ReadErrorKind::TooLarge {
                limit: MAX_CSV_BYTES,
                size,
            },
        })
    };
    if len > MAX_CSV_BYTES {
        return Err(too_large(Some(len)));
    }
    let fail = |e: std::io::Error| {
        read_failure(ReadError {
            input: source.clone(),
            kind: ReadErrorKind::Io(e),
        })
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt as _;
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        let parallel = std::thread::available_parallelism().map_or(1, usize::from) > 1;
        if parallel && len >= PARALLEL_BYTES {
            let mut bytes = vec![0u8; len];
            let half = len / 2;
            let (first, second) = bytes.split_at_mut(half);
            let read = std::thread::scope(|scope| {
                let other = scope.spawn(|| file.read_exact_at(second, half as u64));
                let mine = file.read_exact_at(first, 0);
                let other = other
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p));
                mine.and(other)
            });
            // A file that changed size meanwhile is read again, at once.
            let mut probe = [0u8; 1];
            if read.is_ok() && matches!(file.read_at(&mut probe, len as u64), Ok(0)) {
                return Ok(bytes);
            }
        }
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&file, MAX_CSV_BYTES + 1),
        &mut bytes,
    )
    .map_err(fail)?;
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// The text of the file: UTF-8, without its byte-order mark.
fn decode<'a>(bytes: &'a [u8], shown: &str) -> Result<&'a str, Failure> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Column in characters: the part of the line before the bad byte is valid UTF-8.
        let column = 1 + String::from_utf8_lossy(&before[line_start..]).chars().count();
        Failure::input(format!(
            "{shown}:{line}:{column}: the file is not valid UTF-8 (byte 0x{:02X}); save it as UTF-8 (for example \"CSV UTF-8\" in a spreadsheet)",
            bytes[at]
        ))
    })
}

/// One problem of the file, at a line.
struct Problem {
    line: usize,
    message: String,
}

/// The problems of a file: the first [`MAX_SHOWN`] kept, all counted.
#[derive(Default)]
struct Problems {
    shown: Vec<Problem>,
    count: usize,
}

impl Problems {
    fn push(&mut self, line: usize, message: impl FnOnce() -> String) {
        self.count += 1;
        if self.shown.len() < MAX_SHOWN {
            self.shown.push(Problem {
                line,
                message: message(),
            });
        }
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn into_failure(self, shown: &str) -> Failure {
        let mut out = String::new();
        for p in &self.shown {
            let _ = writeln!(out, "error: {shown}:{}: {}", p.line, p.message);
        }
        if self.count > self.shown.len() {
            let _ = writeln!(
                out,
                "error: {shown}: {} problems in all; the first {} are shown",
                self.count,
                self.shown.len()
            );
        }
        Failure::input(out)
    }
}

/// A record (a row of fields) could not be read at all.
struct Fatal {
    line: usize,
    message: String,
}

/// A hand-written RFC 4180 reader over the whole text: fields are borrowed from the text
/// unless a quoted field holds doubled quotes.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
    /// The line of the byte at `pos` (1-based).
    line: usize,
}

/// What [`Reader::next_record`] found.
enum Record {
    /// A record starting at this line, its fields in the caller's vector.
    Fields(usize),
    /// A record starting at this line with a problem; the reader moved past it.
    Bad(usize, String),
    /// The end of the text.
    End,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// Skips to the next line (after a bad record).
    fn skip_line(&mut self) {
        let bytes = self.text.as_bytes();
        match bytes[self.pos..].iter().position(|&b| b == b'\n') {
            Some(i) => {
                self.pos += i + 1;
                self.line += 1;
            }
            None => self.pos = bytes.len(),
        }
    }

    /// Reads the next non-blank record into `fields` (cleared first).
    fn next_record(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<Record, Fatal> {
        fields.clear();
        let text = self.text;
        let bytes = text.as_bytes();
        // Blank lines.
        loop {
            match bytes.get(self.pos) {
                None => return Ok(Record::End),
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                }
                Some(b'\r') if bytes.get(self.pos + 1) == Some(&b'\n') => {
                    self.pos += 2;
                    self.line += 1;
                }
                Some(_) => break,
            }
        }
        let start_line = self.line;
        loop {
            let start = self.pos;
            if bytes.get(start) == Some(&b'"') {
                let field = self.quoted(start_line)?;
                fields.push(field);
                // After the closing quote: blanks, then a separator, a line end or the end.
                let mut i = self.pos;
                while matches!(bytes.get(i), Some(b' ' | b'\t')) {
                    i += 1;
                }
                match bytes.get(i) {
                    None => {
                        self.pos = i;
                        return Ok(Record::Fields(start_line));
                    }
                    Some(b',') => self.pos = i + 1,
                    Some(b'\n') => {
                        self.pos = i + 1;
                        self.line += 1;
                        return Ok(Record::Fields(start_line));
                    }
                    Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => {
                        self.pos = i + 2;
                        self.line += 1;
                        return Ok(Record::Fields(start_line));
                    }
                    Some(_) => {
                        let line = self.line;
                        self.pos = i;
                        self.skip_line();
                        return Ok(Record::Bad(
                            line,
                            format!(
                                "field {}: text after the closing quote of a quoted field (a quote inside a quoted field is written `\"\"`)",
                                fields.len()
                            ),
                        ));
                    }
                }
                continue;
            }
            // An unquoted field: up to the next separator or line end.
            let mut i = start;
            while let Some(&b) = bytes.get(i) {
                if b == b',' || b == b'\n' || b == b'"' {
                    break;
                }
                i += 1;
            }
            match bytes.get(i) {
                Some(b',') => {
                    fields.push(Cow::Borrowed(trim(&text[start..i])));
                    self.pos = i + 1;
                }
                Some(b'"') => {
                    let line = self.line;
                    self.pos = i;
                    self.skip_line();
                    return Ok(Record::Bad(
                        line,
                        format!(
                            "field {}: a quote `\"` inside a field that does not start with one; quote the whole field and double the inner quotes (`\"say \"\"yes\"\"\"`)",
                            fields.len() + 1
                        ),
                    ));
                }
                Some(_) => {
                    // A line end.
                    let end = if i > start && bytes[i - 1] == b'\r' {
                        i - 1
                    } else {
                        i
                    };
                    fields.push(Cow::Borrowed(trim(&text[start..end])));
                    self.pos = i + 1;
                    self.line += 1;
                    return Ok(Record::Fields(start_line));
                }
                None => {
                    fields.push(Cow::Borrowed(trim(&text[start..i])));
                    self.pos = i;
                    return Ok(Record::Fields(start_line));
                }
            }
        }
    }

    /// A quoted field starting at `self.pos` (on the opening quote); leaves `self.pos` after
    /// the closing quote.
    fn quoted(&mut self, record_line: usize) -> Result<Cow<'a, str>, Fatal> {
        let text = self.text;
        let bytes = text.as_bytes();
        let open_line = self.line;
        let mut segment = self.pos + 1;
        let mut i = segment;
        let mut owned: Option<String> = None;
        loop {
            let Some(offset) = bytes[i..].iter().position(|&b| b == b'"') else {
                return Err(Fatal {
                    line: record_line,
                    message: format!(
                        "a quoted field opened on line {open_line} is never closed (a quote inside a quoted field is written `\"\"`)"
                    ),
                });
            };
            let quote = i + offset;
            self.line += bytes[i..quote].iter().filter(|&&b| b == b'\n').count();
            if bytes.get(quote + 1) == Some(&b'"') {
                // A doubled quote: one literal quote.
                owned
                    .get_or_insert_with(String::new)
                    .push_str(&text[segment..=quote]);
                i = quote + 2;
                segment = i;
                continue;
            }
            self.pos = quote + 1;
            return Ok(match owned {
                Some(mut s) => {
                    s.push_str(&text[segment..quote]);
                    Cow::Owned(s)
                }
                None => Cow::Borrowed(&text[segment..quote]),
            });
        }
    }
}

/// Removes blanks (spaces and tabs) around a field.
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    if b.first().is_some_and(|&c| c == b' ' || c == b'\t')
        || b.last().is_some_and(|&c| c == b' ' || c == b'\t')
    {
        s.trim_matches([' ', '\t'])
    } else {
        s
    }
}

/// Powers of ten that are exact doubles.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Parses a number. Fast path for `[-]digits[.digits]` with at most 15 digits: the mantissa
/// and `10^k` are exact doubles, so their quotient is the correctly rounded value, the
/// same as `str::parse`, which handles everything else (exponents, `+`, `.5`…).
fn parse_number(s: &str) -> Option<f64> {
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

/// The table read from the file and what the reader noticed.
struct Loaded {
    table: RatingTable,
    /// Whether the values were read as labels (nominal level only).
    labels: bool,
    /// Data lines whose value is empty (missing ratings).
    empty_values: usize,
    /// Columns other than `unit`, `rater` and `value`.
    ignored_columns: Vec<String>,
}

/// The positions of the required columns, and the number of fields of a record.
struct Columns {
    unit: usize,
    rater: usize,
    value: usize,
    width: usize,
}

impl Columns {
    /// For each column of the header: 0 (ignored) or 1 + its place in
    /// `[unit, rater, value]`.
    fn roles(&self) -> Vec<u8> {
        let mut roles = vec![0u8; self.width];
        for (role, column) in [self.unit, self.rater, self.value].into_iter().enumerate() {
            if let Some(r) = roles.get_mut(column) {
                *r = role as u8 + 1;
            }
        }
        roles
    }
}

/// Reads the header line.
fn header<'a>(
    reader: &mut Reader<'a>,
    fields: &mut Vec<Cow<'a, str>>,
    shown: &str,
) -> Result<(Columns, Vec<String>), Failure> {
    let fatal = |f: Fatal| Failure::input(format!("{shown}:{}: {}", f.line, f.message));
    let line = match reader.next_record(fields).map_err(fatal)? {
        Record::End => {
            return Err(Failure::input(format!(
                "{shown}: the file is empty; expected a header line naming the columns `unit,rater,value`, then one rating per line"
            )));
        }
        Record::Bad(line, message) => {
            return Err(Failure::input(format!("{shown}:{line}: header: {message}")));
        }
        Record::Fields(line) => line,
    };
    let names: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    if names.len() == 1 && names[0].contains('\r') {
        return Err(Failure::input(format!(
            "{shown}:{line}: the lines end with a lone carriage return (old Mac style); save the file with LF or CRLF line ends"
        )));
    }
    let mut found = [None::<usize>; 3];
    let mut problems = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(k) = COLUMNS.iter().position(|c| c == name) {
            match found[k] {
                Some(first) => problems.push(format!(
                    "the column `{}` appears twice (columns {} and {})",
                    quoted(name),
                    first + 1,
                    i + 1
                )),
                None => found[k] = Some(i),
            }
        }
    }
    let mut listed = names
        .iter()
        .take(10)
        .map(|n| format!("`{}`", quoted(n)))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 10 {
        let _ = write!(listed, " and {} more", names.len() - 10);
    }
    let none_found = found.iter().all(Option::is_none);
    for (k, column) in COLUMNS.iter().enumerate() {
        if found[k].is_none() {
            let unused = names
                .iter()
                .filter(|n| !COLUMNS.contains(&n.as_str()))
                .map(String::as_str);
            let hint = match repere_core::closest(column, unused) {
                Some(near) => format!("; did you mean `{}`?", quoted(near)),
                None => String::new(),
            };
            problems.push(format!(
                "no column `{column}` in the header (found {listed}){hint}"
            ));
        }
    }
    if !problems.is_empty() {
        let mut out = String::new();
        for p in &problems {
            let _ = writeln!(out, "error: {shown}:{line}: {p}");
        }
        if none_found {
            let _ = writeln!(
                out,
                "  note: the first line must be a header naming the columns, such as `unit,rater,value`; other columns are ignored"
            );
        }
        return Err(Failure::input(out));
    }
    let [Some(unit), Some(rater), Some(value)] = found else {
        return Err(Failure::input(format!("{shown}:{line}: bad header")));
    };
    let ignored = names
        .iter()
        .filter(|n| !COLUMNS.contains(&n.as_str()))
        .cloned()
        .collect();
    Ok((
        Columns {
            unit,
            rater,
            value,
            width: names.len(),
        },
        ignored,
    ))
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

/// The outcome of one pass over the records: the rows pushed and the number of empty
/// values, or `None` when a value is not a number at the nominal level (read again as
/// labels).
type Pass = Option<(RatingTableBuilder, usize)>;

/// Reads the file into a rating table, with every problem located.
fn load(
    text: &str,
    level: MeasurementLevel,
    shown: &str,
    clock: &mut Clock,
) -> Result<Loaded, Failure> {
    let mut fields = Vec::with_capacity(4);
    let mut reader = Reader::new(text);
    let (columns, ignored_columns) = header(&mut reader, &mut fields, shown)?;
    let data = reader.pos;
    let data_line = reader.line;
    let mut mode = if level == MeasurementLevel::Nominal {
        Mode::NumbersOrLabels
    } else {
        Mode::Numbers
    };
    let (builder, empty_values) = loop {
        let reader = Reader {
            text,
            pos: data,
            line: data_line,
        };
        match pass(reader, &columns, mode, level, shown)? {
            Some(done) => break done,
            None => mode = Mode::Labels,
        }
    };
    clock.lap("parse");
    if builder.is_empty() {
        return Err(Failure::input(format!(
            "{shown}: no ratings: the file has a header but no line with a value"
        )));
    }
    let table = builder.build().map_err(|e| match e {
        AgreementError::DuplicateRating {
            unit,
            rater,
            row,
            first_row,
        } => {
            let (line, first_line) = row_lines(text, data, data_line, &columns, row, first_row);
            Failure::input(format!(
                "{shown}:{line}: unit `{}` is rated twice by rater `{}` (first on line {first_line}); keep one rating per unit and rater",
                quoted(&unit),
                quoted(&rater)
            ))
        }
        other => Failure::input(format!("{shown}: {}", explain(&other))),
    })?;
    clock.lap("build");
    if table.raters() < 2 {
        let names: Vec<String> = table
            .rater_names()
            .map(|r| format!("`{}`", quoted(r)))
            .collect();
        return Err(Failure::input(format!(
            "{shown}: agreement needs at least two raters, but the file has {} ({})",
            table.raters(),
            names.join(", ")
        )));
    }
    Ok(Loaded {
        table,
        labels: mode == Mode::Labels,
        empty_values,
        ignored_columns,
    })
}

/// What to do after a row.
enum Flow {
    /// Go on.
    Next,
    /// A value is not a number at the nominal level: read everything again as labels.
    Labels,
    /// A quote: read everything again with the RFC 4180 reader.
    Quoted,
}

/// Receives the data rows of one pass.
struct Sink<'c> {
    builder: RatingTableBuilder,
    problems: Problems,
    empty_values: usize,
    mode: Mode,
    level: MeasurementLevel,
    columns: &'c Columns,
    /// Recently parsed numbers by their text (see [`Sink::number`]).
    numbers: Vec<(u64, f64)>,
}

/// The number of entries of [`Sink::numbers`] (a power of two).
const NUMBER_CACHE: usize = 4096;

impl Sink<'_> {
    fn new<'c>(columns: &'c Columns, mode: Mode, level: MeasurementLevel, rows: usize) -> Sink<'c> {
        Sink {
            builder: RatingTableBuilder::with_capacity(rows),
            problems: Problems::default(),
            empty_values: 0,
            mode,
            level,
            columns,
            numbers: vec![(0, 0.0); NUMBER_CACHE],
        }
    }

    /// The number written `value` ([`parse_number`]). The values of a file repeat (a few
    /// scale points, or the 1,001 tenths of a 0–100 scale), so texts of at most 7 bytes are
    /// looked up first in a direct-mapped cache keyed by their bytes and length, which
    /// costs less than parsing them again.
    #[inline]
    fn number(&mut self, value: &str) -> Option<f64> {
        let bytes = value.as_bytes();
        if bytes.is_empty() || bytes.len() > 7 {
            return parse_number(value);
        }
        let mut key = (bytes.len() as u64) << 56;
        for (i, &b) in bytes.iter().enumerate() {
            key |= u64::from(b) << (8 * i);
        }
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize % NUMBER_CACHE;
        if let Some(&(cached, x)) = self.numbers.get(slot)
            && cached == key
        {
            return Some(x);
        }
        let x = parse_number(value)?;
        if let Some(entry) = self.numbers.get_mut(slot) {
            *entry = (key, x);
        }
        Some(x)
    }

    /// Checks one record of `count` fields and adds its rating: `[unit, rater, value]` are
    /// the fields of the three columns (meaningful when `count` is right).
    #[inline]
    fn row(&mut self, line: usize, count: usize, [unit, rater, value]: [&str; 3]) -> Flow {
        let columns = self.columns;
        if count != columns.width {
            self.problems.push(line, || {
                format!(
                    "{count} field{}, but the header has {}",
                    if count == 1 { "" } else { "s" },
                    columns.width
                )
            });
            return Flow::Next;
        }
        if value.is_empty() {
            self.empty_values += 1;
            return Flow::Next;
        }
        if unit.is_empty() || rater.is_empty() {
            self.problems.push(line, || {
                format!(
                    "column `{}`: empty identifier",
                    if unit.is_empty() { "unit" } else { "rater" }
                )
            });
            return Flow::Next;
        }
        let pushed = if self.mode == Mode::Labels {
            self.builder.push(unit, rater, value)
        } else {
            match self.number(value) {
                Some(x) if x.is_finite() => self.builder.push(unit, rater, x),
                parsed => {
                    if self.mode == Mode::NumbersOrLabels {
                        return Flow::Labels;
                    }
                    let level = self.level;
                    self.problems.push(line, || {
                        let what = if parsed.is_some() {
                            "is not a finite number"
                        } else {
                            "is not a number"
                        };
                        let hint = if value.contains(',') {
                            " (write decimals with a point, not a comma)"
                        } else {
                            ""
                        };
                        format!(
                            "column `value`: `{}` {what}{hint}; the {level} level needs numbers (labels are accepted at the nominal level only)",
                            quoted(value)
                        )
                    });
                    return Flow::Next;
                }
            }
        };
        if let Err(e) = pushed {
            self.problems.push(line, || explain(&e));
        }
        Flow::Next
    }
}

/// Below this many bytes of data, the file is read by one thread.
const PARALLEL_BYTES: usize = 1 << 20;

/// At most this many threads read a file.
const MAX_THREADS: usize = 8;

/// One pass over the data records.
///
/// The data is cut at line ends into one chunk per available core (at most
/// [`MAX_THREADS`]); each chunk is read into its own table builder by its own thread, and
/// the builders are appended in order ([`RatingTableBuilder::append`]), which gives the same
/// table, and the same problems, as one thread reading the whole file. A file with a quote
/// in its data is read again by one thread with the RFC 4180 reader.
fn pass(
    reader: Reader<'_>,
    columns: &Columns,
    mode: Mode,
    level: MeasurementLevel,
    shown: &str,
) -> Result<Pass, Failure> {
    let text = reader.text;
    let bytes = text.as_bytes();
    let data = &bytes[reader.pos..];
    // Chunks `[start, end)` of the text, each ending after a line end (but the last).
    let threads = if data.len() < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, MAX_THREADS)
    };
    let mut bounds = Vec::with_capacity(threads + 1);
    bounds.push(reader.pos);
    for k in 1..threads {
        let at = reader.pos + data.len() * k / threads;
        let previous = bounds.last().copied().unwrap_or(at);
        let cut = match bytes[at.max(previous)..].iter().position(|&b| b == b'\n') {
            Some(i) => at.max(previous) + i + 1,
            None => bytes.len(),
        };
        bounds.push(cut);
    }
    bounds.push(bytes.len());
    bounds.dedup();
    let chunks: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
    let read_chunk = |(start, end): (usize, usize)| {
        // The first chunk's builder receives the others' rows at the end: room for all.
        let part = if start == reader.pos {
            data
        } else {
            &bytes[start..end]
        };
        let mut one = Sink::new(columns, mode, level, estimate_rows(part));
        let (flow, lines) = plain_records(text, start, end, &mut one);
        (one, flow, lines)
    };
    let results: Vec<(Sink<'_>, Flow, usize)> = on_threads(&chunks, read_chunk);
    if results
        .iter()
        .any(|(_, flow, _)| matches!(flow, Flow::Quoted))
    {
        drop(results);
        let mut one = Sink::new(columns, mode, level, estimate_rows(data));
        let flow = quoted_records(reader, &mut one);
        // This reader numbers lines from the start of the file.
        return finish(vec![(one, flow, 0)], 0, shown);
    }
    finish(results, reader.line, shown)
}

/// `f` on every item: the first on the calling thread, each other on a thread of its own;
/// the results in the order of the items.
fn on_threads<T: Copy + Send, R: Send>(items: &[T], f: impl Fn(T) -> R + Sync) -> Vec<R> {
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

/// Puts the chunks read by [`pass`] together, in order: `(sink, flow, lines read)`.
fn finish(
    results: Vec<(Sink<'_>, Flow, usize)>,
    first_line: usize,
    shown: &str,
) -> Result<Pass, Failure> {
    if results
        .iter()
        .any(|(_, flow, _)| matches!(flow, Flow::Labels))
    {
        return Ok(None);
    }
    let mut builder: Option<RatingTableBuilder> = None;
    let mut problems = Problems::default();
    let mut empty_values = 0;
    let mut line = first_line;
    for (sink, _, lines) in results {
        // The chunk's lines are numbered from 0: shift them.
        problems.count += sink.problems.count;
        for mut p in sink.problems.shown {
            if problems.shown.len() < MAX_SHOWN {
                p.line += line;
                problems.shown.push(p);
            }
        }
        line += lines;
        empty_values += sink.empty_values;
        match &mut builder {
            None => builder = Some(sink.builder),
            Some(b) => {
                if let Err(e) = b.append(sink.builder) {
                    problems.push(line, || explain(&e));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(Some((builder.unwrap_or_default(), empty_values)))
    } else {
        Err(problems.into_failure(shown))
    }
}

/// About how many lines `data` holds, from the length of its first lines (for the
/// capacity of the table builder; a wrong guess only costs a reallocation).
fn estimate_rows(data: &[u8]) -> usize {
    let sample = &data[..data.len().min(4096)];
    let lines = sample.iter().filter(|&&b| b == b'\n').count().max(1);
    let line_length = (sample.len() / lines).max(1);
    data.len() / line_length + 16
}

/// The bytes of `word` equal to `byte`: the high bit of each such byte set, exactly (no
/// false positives, unlike the shorter "has a zero byte" test).
#[inline(always)]
fn byte_mask(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The state of [`plain_records`] between two separators.
struct Splitter<'t> {
    text: &'t str,
    /// For each column of the header: 0 (ignored) or 1 + its place in `[unit, rater, value]`.
    roles: Vec<u8>,
    /// The fields of the three columns in the current line.
    kept: [&'t str; 3],
    /// The number of fields of the current line before the current one.
    field: usize,
    field_start: usize,
    /// Line ends read so far.
    line: usize,
}

impl<'t> Splitter<'t> {
    /// The current field ends at `end`.
    #[inline(always)]
    fn keep(&mut self, end: usize) {
        if let Some(&role) = self.roles.get(self.field)
            && role > 0
        {
            self.kept[usize::from(role - 1)] = trim(&self.text[self.field_start..end]);
        }
        self.field += 1;
    }

    /// A comma at `i`.
    #[inline]
    fn comma(&mut self, i: usize) {
        self.keep(i);
        self.field_start = i + 1;
    }

    /// The end of a line (or of the part) at `i`; `true` when the values must be read again
    /// as labels.
    #[inline]
    fn line_end(&mut self, i: usize, sink: &mut Sink<'_>) -> bool {
        let bytes = self.text.as_bytes();
        let end = if i > self.field_start && bytes[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        let mut labels = false;
        if !(self.field == 0 && end == self.field_start) {
            // Not a blank line.
            self.keep(end);
            labels = matches!(sink.row(self.line, self.field, self.kept), Flow::Labels);
        }
        self.field = 0;
        self.kept = [""; 3];
        self.field_start = i + 1;
        labels
    }
}

/// The records of `text[start..end]`, a part that starts at a line start: fields split at
/// commas, lines numbered from 0. The separators are found eight bytes at a time (a word
/// compared with `,` and line feed at once); a quote stops the reading ([`Flow::Quoted`]).
/// Returns the number of line ends read.
fn plain_records(text: &str, start: usize, end: usize, sink: &mut Sink<'_>) -> (Flow, usize) {
    let bytes = &text.as_bytes()[..end];
    let columns = sink.columns;
    let roles = columns.roles();
    let mut split = Splitter {
        text,
        roles,
        kept: [""; 3],
        field: 0,
        field_start: start,
        line: 0,
    };
    let mut pos = start;
    while pos + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[pos..pos + 8]);
        let word = u64::from_le_bytes(word);
        if byte_mask(word, b'"') != 0 {
            return (Flow::Quoted, split.line);
        }
        let mut mask = byte_mask(word, b',') | byte_mask(word, b'\n');
        while mask != 0 {
            let i = pos + (mask.trailing_zeros() / 8) as usize;
            if bytes[i] == b',' {
                split.comma(i);
            } else {
                if split.line_end(i, sink) {
                    return (Flow::Labels, split.line);
                }
                split.line += 1;
            }
            mask &= mask - 1;
        }
        pos += 8;
    }
    for (i, &byte) in bytes.iter().enumerate().skip(pos) {
        match byte {
            b'"' => return (Flow::Quoted, split.line),
            b',' => split.comma(i),
            b'\n' => {
                if split.line_end(i, sink) {
                    return (Flow::Labels, split.line);
                }
                split.line += 1;
            }
            _ => {}
        }
    }
    // A last line without a line end.
    if (split.field_start < bytes.len() || split.field > 0) && split.line_end(bytes.len(), sink) {
        return (Flow::Labels, split.line);
    }
    (Flow::Next, split.line)
}

/// The records of a text with quotes: the RFC 4180 reader.
fn quoted_records(mut reader: Reader<'_>, sink: &mut Sink<'_>) -> Flow {
    let mut cows = Vec::with_capacity(sink.columns.width + 1);
    loop {
        match reader.next_record(&mut cows) {
            Err(f) => {
                sink.problems.push(f.line, || f.message);
                return Flow::Next;
            }
            Ok(Record::End) => return Flow::Next,
            Ok(Record::Bad(line, message)) => sink.problems.push(line, || message),
            Ok(Record::Fields(line)) => {
                let columns = sink.columns;
                let field = |k: usize| cows.get(k).map_or("", |c| &**c);
                let kept = [
                    field(columns.unit),
                    field(columns.rater),
                    field(columns.value),
                ];
                if let Flow::Labels = sink.row(line, cows.len(), kept) {
                    return Flow::Labels;
                }
            }
        }
    }
}

/// The lines of the rows numbered `row` and `first_row` (0-based positions among the rows
/// given to the table builder), found by reading the records again.
fn row_lines(
    text: &str,
    data: usize,
    data_line: usize,
    columns: &Columns,
    row: usize,
    first_row: usize,
) -> (usize, usize) {
    let mut reader = Reader {
        text,
        pos: data,
        line: data_line,
    };
    let mut fields = Vec::new();
    let (mut line, mut first_line) = (0, 0);
    let mut index = 0usize;
    while let Ok(record) = reader.next_record(&mut fields) {
        let Record::Fields(at) = record else {
            if matches!(record, Record::End) {
                break;
            }
            continue;
        };
        if fields.len() != columns.width || fields[columns.value].is_empty() {
            continue;
        }
        if index == first_row {
            first_line = at;
        }
        if index == row {
            line = at;
            break;
        }
        index += 1;
    }
    (line, first_line)
}

/// A message for an agreement error, in the terms of the command.
fn explain(e: &AgreementError) -> String {
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
            quoted(unit)
        ),
        // Values from the file are quoted shortened and made safe for the terminal.
        AgreementError::DuplicateRating {
            unit,
            rater,
            row,
            first_row,
        } => format!(
            "row {row}: unit `{}` is rated twice by rater `{}` (first at row {first_row})",
            quoted(unit),
            quoted(rater)
        ),
        AgreementError::NonFiniteValue {
            unit, rater, row, ..
        } => format!(
            "row {row}: the value given to unit `{}` by rater `{}` is not a finite number",
            quoted(unit),
            quoted(rater)
        ),
        AgreementError::MixedValueKinds {
            unit,
            rater,
            row,
            expected,
            found,
        } => format!(
            "row {row}: unit `{}` got a {found} from rater `{}`, but the earlier rows hold {expected}s (a table holds numbers only or labels only)",
            quoted(unit),
            quoted(rater)
        ),
        other => quoted_long(&other.to_string()),
    }
}

/// A message that may hold values from the file: safe for the terminal, at most 2,000
/// characters.
fn quoted_long(s: &str) -> String {
    let safe = crate::io::terminal_safe(s);
    match safe.char_indices().nth(2000) {
        Some((i, _)) => format!("{}…", &safe[..i]),
        None => safe.into_owned(),
    }
}

// ---------------------------------------------------------------------------
// output
// ---------------------------------------------------------------------------

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
        ] {
            assert_eq!(
                parse_number(s).map(f64::to_bits),
                s.parse::<f64>().ok().map(f64::to_bits),
                "{s}"
            );
        }
        for s in ["1e3", "+2", ".5", "5.", "1234567890123456789", "inf"] {
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
    fn number_cache_returns_what_parsing_returns() {
        let columns = Columns {
            unit: 0,
            rater: 1,
            value: 2,
            width: 3,
        };
        let mut sink = Sink::new(&columns, Mode::Numbers, MeasurementLevel::Interval, 0);
        let texts: Vec<String> = (0..20_000)
            .map(|i| format!("{}.{}", i / 10, i % 10))
            .chain(["1", "1.0", "-0", "0", "1e3", "abc", "12345678.5", "inf"].map(String::from))
            .collect();
        for _ in 0..2 {
            for t in &texts {
                assert_eq!(
                    sink.number(t).map(f64::to_bits),
                    parse_number(t).map(f64::to_bits),
                    "{t}"
                );
            }
        }
    }

    #[test]
    fn reader_splits_quoted_fields() {
        let text = "a,\"b, c\",\"say \"\"hi\"\"\"\r\n\n x ,\"multi\nline\",z\n";
        let mut reader = Reader::new(text);
        let mut fields = Vec::new();
        assert!(matches!(
            reader.next_record(&mut fields),
            Ok(Record::Fields(1))
        ));
        assert_eq!(fields, ["a", "b, c", "say \"hi\""]);
        assert!(matches!(
            reader.next_record(&mut fields),
            Ok(Record::Fields(3))
        ));
        assert_eq!(fields, ["x", "multi\nline", "z"]);
        assert!(matches!(reader.next_record(&mut fields), Ok(Record::End)));
        assert_eq!(reader.line, 5);
    }
}
