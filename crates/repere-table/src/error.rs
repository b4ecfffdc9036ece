//! The errors of a table, located at a line and a column of its file.
//!
//! A CSV file can be hundreds of megabytes: an error never keeps it whole. [`Problems`] keeps
//! only the lines its diagnostics point at (each cut to a window around the problem), and
//! builds a [`LoadError`] on that excerpt ([`LoadError::from_excerpt`]), so that lines,
//! columns and snippets are those of the file.

use std::ops::Range;

use repere_fs::ReadError;
use repere_toml::{Diagnostic, LoadError};

/// The most problems kept for rendering; all are counted.
pub const MAX_KEPT: usize = 20;

/// The longest source line kept in an error, in bytes: a longer one is cut to a window
/// around the problem.
const MAX_LINE: usize = 240;

/// A table that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TableError {
    /// The file could not be read (no such file, not a regular file, too large…).
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The file was read, but its content is wrong: every problem, located.
    #[error(transparent)]
    Invalid(#[from] LoadError),
}

/// The problems found in a file, collected while it is read, located by line and column
/// name.
///
/// ```
/// use repere_table::Problems;
/// let mut problems = Problems::new("ratings.csv");
/// let line = "u7,a,high";
/// problems.in_cell(4812, line, 5..9, "value", "`high` is not a number", None);
/// let error = problems.into_error().expect("one problem");
/// assert_eq!(
///     error.to_string(),
///     "ratings.csv:4812:6: column `value`: `high` is not a number"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Problems {
    name: String,
    excerpt: String,
    lines: Vec<(usize, usize)>,
    diagnostics: Vec<Diagnostic>,
    count: usize,
}

impl Problems {
    /// No problem yet, in the file shown as `name`.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            excerpt: String::new(),
            lines: Vec::new(),
            diagnostics: Vec::new(),
            count: 0,
        }
    }

    /// The file's name as shown.
    pub fn file_name(&self) -> &str {
        &self.name
    }

    /// How many problems were found (kept or not).
    pub fn count(&self) -> usize {
        self.count
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether more problems would be counted only (the first [`MAX_KEPT`] are kept).
    pub fn is_full(&self) -> bool {
        self.diagnostics.len() >= MAX_KEPT
    }

    /// A problem of the whole file (such as "the file is empty").
    pub fn in_file(&mut self, message: impl Into<String>, help: Option<String>) {
        self.count += 1;
        if !self.is_full() {
            self.diagnostics
                .push(Diagnostic::error(message).with_help(help));
        }
    }

    /// A problem at line `number` (1-based) of the file, whose text is `line` (without its
    /// line end), at the byte range `span` of the line (empty or out of range: the whole
    /// line).
    pub fn at_line(
        &mut self,
        number: usize,
        line: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.count += 1;
        if self.is_full() {
            return;
        }
        let span = self.keep_line(number, line, span);
        self.diagnostics.push(
            Diagnostic::error(message)
                .with_span(Some(span))
                .with_help(help),
        );
    }

    /// A problem in the cell of column `column` at line `number`, the cell being the byte
    /// range `span` of the line: the message is prefixed with the column's name.
    pub fn in_cell(
        &mut self,
        number: usize,
        line: &str,
        span: Range<usize>,
        column: &str,
        message: impl AsRef<str>,
        help: Option<String>,
    ) {
        let column = shorten(column);
        self.at_line(
            number,
            line,
            span,
            format!("column `{column}`: {}", message.as_ref()),
            help,
        );
    }

    /// Keeps a line in the excerpt (cut around `span` when long) and returns the span in the
    /// excerpt.
    fn keep_line(&mut self, number: usize, line: &str, span: Range<usize>) -> Range<usize> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let span = if span.start <= span.end && span.end <= line.len() && span.start < span.end {
            span
        } else {
            0..line.len()
        };
        let (from, to) = if line.len() <= MAX_LINE {
            (0, line.len())
        } else {
            let from = floor(line, span.start.saturating_sub(MAX_LINE / 4));
            let to = floor(line, (from + MAX_LINE).min(line.len()));
            (from, to)
        };
        let kept = &line[from..to];
        let start = self.excerpt.len();
        self.lines.push((start, number));
        // Control characters and line ends inside a quoted field are shown as spaces.
        self.excerpt
            .extend(kept.chars().map(|c| if c.is_control() { ' ' } else { c }));
        self.excerpt.push('\n');
        let a = span.start.clamp(from, to) - from;
        let b = span.end.clamp(from, to) - from;
        start + a..start + b.max(a)
    }

    /// The error holding the problems, or `None` when there is none. When more were found
    /// than kept, a last note says how many.
    pub fn into_error(mut self) -> Option<LoadError> {
        if self.count == 0 {
            return None;
        }
        if self.count > self.diagnostics.len() {
            let shown = self.diagnostics.len();
            self.diagnostics.push(Diagnostic::error(format!(
                "{} problems in all; the first {shown} are shown",
                self.count
            )));
        }
        Some(LoadError::from_excerpt(
            &self.name,
            self.excerpt,
            self.lines,
            self.diagnostics,
        ))
    }

    /// The problems as an error, `Ok(())` when there is none.
    pub fn check(self) -> Result<(), TableError> {
        match self.into_error() {
            None => Ok(()),
            Some(e) => Err(TableError::Invalid(e)),
        }
    }
}

/// The largest char boundary at or below `i`.
fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A name or value from a file, for a message: at most 60 characters (with the length given
/// when cut), control characters replaced.
pub fn shorten(s: &str) -> String {
    let n = s.chars().count();
    let safe = |c: char| if c.is_control() { '\u{FFFD}' } else { c };
    if n <= 60 {
        s.chars().map(safe).collect()
    } else {
        let head: String = s.chars().take(40).map(safe).collect();
        format!("{head}…({n} characters)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_problem_and_located() {
        let mut problems = Problems::new("big.csv");
        let line = format!("{},a,oops", "u".repeat(5_000));
        problems.in_cell(
            150_002,
            &line,
            5_003..5_007,
            "value",
            "`oops` is not a number",
            None,
        );
        let e = problems.into_error().expect("error");
        assert!(e.text().len() <= MAX_LINE + 1, "{}", e.text().len());
        let rendered = e.render(false);
        assert!(rendered.contains("big.csv:150002:"), "{rendered}");
        assert!(rendered.contains("oops"), "{rendered}");
    }

    #[test]
    fn problems_beyond_the_kept_ones_are_counted() {
        let mut problems = Problems::new("t.csv");
        for i in 0..30 {
            problems.at_line(i + 2, "x,y", 0..1, "bad", None);
        }
        assert_eq!(problems.count(), 30);
        let e = problems.into_error().expect("error");
        assert_eq!(e.diagnostics().len(), MAX_KEPT + 1);
        assert!(
            e.to_string()
                .contains("30 problems in all; the first 20 are shown")
        );
        assert!(e.to_string().starts_with("t.csv:"));
        // The whole-file note comes first; the lines after it in file order.
        assert!(
            e.to_string()
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("t.csv:2:1: bad")
        );
    }
}
