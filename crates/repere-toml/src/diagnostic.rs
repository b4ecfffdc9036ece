//! Diagnostics: what is wrong in a file, where, and what to do about it.

use std::fmt;
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// The most diagnostics reported for one file; the rest are counted in a last note.
pub const MAX_DIAGNOSTICS: usize = 50;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Severity {
    /// The file cannot be used.
    Error,
    /// The file can be used, but something looks wrong.
    Warning,
}

/// One problem in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    severity: Severity,
    message: String,
    span: Option<Range<usize>>,
    key_path: Option<String>,
    /// Whether the message names the key path already (`invalid type … for `kind``), so that
    /// rendering does not add `(at …)`.
    path_in_message: bool,
    help: Option<String>,
}

impl Diagnostic {
    /// An error with a message.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            key_path: None,
            path_in_message: false,
            help: None,
        }
    }

    /// Sets the byte range the diagnostic points at.
    #[must_use]
    pub fn with_span(mut self, span: Option<Range<usize>>) -> Self {
        self.span = span;
        self
    }

    /// Sets the key path (such as `dimensions[inclusion].criteria[diversity].scale`).
    #[must_use]
    pub fn with_key_path(mut self, path: impl Into<String>) -> Self {
        self.key_path = Some(path.into());
        self
    }

    /// Sets the key path, which the message names already.
    #[must_use]
    pub(crate) fn with_key_path_in_message(mut self, path: impl Into<String>) -> Self {
        self.path_in_message = true;
        self.with_key_path(path)
    }

    /// Sets the suggestion.
    #[must_use]
    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// How serious it is.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// What is wrong: what was found and what was expected.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte range in the file, when known: offsets into [`LoadError::text`].
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    /// The key path in the document, when known.
    pub fn key_path(&self) -> Option<&str> {
        self.key_path.as_deref()
    }

    /// A suggestion, such as a close known name.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }
}

/// A file that could not be loaded, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    name: String,
    text: String,
    diagnostics: Vec<Diagnostic>,
    /// For an excerpt ([`LoadError::from_excerpt`]): the byte offset in `text` where each of
    /// its lines starts, with that line's number in the file, in increasing order. Empty when
    /// `text` is the whole file.
    lines: Vec<(usize, usize)>,
}

impl LoadError {
    pub(crate) fn new(name: &str, source: &str, mut diagnostics: Vec<Diagnostic>) -> Self {
        for d in &mut diagnostics {
            d.message = shorten(&d.message);
            d.help = d.help.as_deref().map(shorten);
        }
        let mut seen = std::collections::HashSet::new();
        diagnostics.retain(|d| seen.insert((d.span.clone(), d.message.clone())));
        // In the order of the file, problems of the whole file first.
        diagnostics.sort_by_key(|d| d.span.as_ref().map(|s| (s.start, s.end)));
        Self {
            name: name.to_owned(),
            text: source.to_owned(),
            diagnostics,
            lines: Vec::new(),
        }
    }

    /// A file's problems, located in the lines of it they point at, for files too large to
    /// keep whole in an error (such as a CSV table of millions of rows).
    ///
    /// `excerpt` holds some lines of the file, each followed by `\n`; `lines` gives, for each
    /// of them in order, the byte offset in `excerpt` where it starts and its 1-based line
    /// number in the file. The diagnostics' spans are offsets into `excerpt`. Lines, columns
    /// and snippets are then those of the file.
    ///
    /// ```
    /// use repere_toml::{Diagnostic, LoadError};
    /// let excerpt = "u7,a,high\n".to_owned();
    /// let error = LoadError::from_excerpt(
    ///     "ratings.csv",
    ///     excerpt,
    ///     vec![(0, 4812)],
    ///     vec![Diagnostic::error("`high` is not a number").with_span(Some(5..9))],
    /// );
    /// assert_eq!(error.line_col(5), (4812, 6));
    /// assert!(error.to_string().starts_with("ratings.csv:4812:6: `high` is not a number"));
    /// ```
    pub fn from_excerpt(
        name: &str,
        excerpt: String,
        mut lines: Vec<(usize, usize)>,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        let mut error = Self::new(name, "", diagnostics);
        lines.sort_unstable();
        error.text = excerpt;
        error.lines = lines;
        error
    }

    /// The file's name, as given to the loader.
    pub fn file_name(&self) -> &str {
        &self.name
    }

    /// The text the diagnostics' spans refer to: the file as the loader read it, without a
    /// byte order mark and with `\n` line ends (lines and columns are those of the file).
    /// Empty when the file could not be read as text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The diagnostics, in the order of the file (never empty).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The 1-based line and column (in characters) of a byte offset of the file.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let (line, col) = line_col(&self.text, offset);
        if self.lines.is_empty() {
            return (line, col);
        }
        // In an excerpt: the number of the excerpt's line holding the offset.
        let at = self.lines.partition_point(|&(start, _)| start <= offset);
        match at.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(&(start, number)) => {
                let before = self
                    .text
                    .get(start..offset.min(self.text.len()))
                    .unwrap_or("");
                (number, before.chars().count() + 1)
            }
            None => (line, col),
        }
    }

    /// Renders every diagnostic like rustc and cargo: the file, line and column, the source
    /// line with a caret under the place, and a `help:` line. `color` adds terminal colours.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
        .decor_style(DecorStyle::Ascii);
        let mut out = String::new();
        for d in self.diagnostics.iter().take(MAX_DIAGNOSTICS) {
            let title = match &d.key_path {
                Some(p) if !d.path_in_message => format!("{} (at `{p}`)", d.message),
                _ => d.message.clone(),
            };
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let title = level.primary_title(title);
            let group = match d.span.clone().filter(|s| {
                s.start <= s.end
                    && s.end <= self.text.len()
                    && self.text.is_char_boundary(s.start)
                    && self.text.is_char_boundary(s.end)
                    && !self.text.is_empty()
            }) {
                Some(span) => {
                    let span = if span.is_empty() && span.end < self.text.len() {
                        span.start..next_char_boundary(&self.text, span.start)
                    } else {
                        span
                    };
                    // Only the lines of the span: rendering then takes a time proportional
                    // to the snippet, not to the file.
                    let start = self.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
                    let end = self.text[span.end..]
                        .find('\n')
                        .map_or(self.text.len(), |i| span.end + i);
                    let (line, _) = self.line_col(start);
                    title.element(
                        Snippet::source(&self.text[start..end])
                            .line_start(line)
                            .path(self.name.as_str())
                            .annotation(
                                AnnotationKind::Primary.span(span.start - start..span.end - start),
                            ),
                    )
                }
                None => title.element(annotate_snippets::Origin::path(self.name.as_str())),
            };
            let mut report: Vec<Group<'_>> = vec![group];
            if let Some(h) = &d.help {
                report.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
            }
            out.push_str(&renderer.render(&report));
            out.push('\n');
        }
        if self.diagnostics.len() > MAX_DIAGNOSTICS {
            out.push_str(&format!(
                "note: {} more problems in `{}` not shown\n",
                self.diagnostics.len() - MAX_DIAGNOSTICS,
                self.name
            ));
        }
        let n = self.diagnostics.len();
        out.push_str(&format!(
            "error: `{}` has {n} problem{}\n",
            self.name,
            if n == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match &d.span {
                Some(s) => {
                    let (l, c) = self.line_col(s.start);
                    write!(f, "{}:{l}:{c}: {}", self.name, d.message)?;
                }
                None => write!(f, "{}: {}", self.name, d.message)?,
            }
            if let Some(h) = &d.help {
                write!(f, " (help: {h})")?;
            }
        }
        Ok(())
    }
}

/// The longest word (a run of characters without spaces) a message keeps whole: longer ones
/// are values copied from a hostile file, shortened so that messages stay readable.
const MAX_WORD_CHARS: usize = 120;

/// Shortens the overlong words of a message, keeping their start and end (and so their quotes).
fn shorten(message: &str) -> String {
    if message.len() <= MAX_WORD_CHARS {
        return message.to_owned();
    }
    let mut out = String::with_capacity(message.len().min(4 * MAX_WORD_CHARS));
    let mut rest = message;
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        let n = word.chars().count();
        if n > MAX_WORD_CHARS {
            out.extend(word.chars().take(40));
            out.push_str(&format!("…({n} characters)…"));
            out.extend(word.chars().skip(n - 8));
        } else {
            out.push_str(word);
        }
        let ws = tail.len() - tail.trim_start().len();
        out.push_str(&tail[..ws]);
        rest = &tail[ws..];
    }
    out
}

fn next_char_boundary(s: &str, i: usize) -> usize {
    let mut j = i + 1;
    while j < s.len() && !s.is_char_boundary(j) {
        j += 1;
    }
    j.min(s.len())
}

/// The 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `(at …)` follows the message is the producer's say, not the message's text.
    #[test]
    fn the_key_path_is_shown_unless_the_message_names_it() {
        let text = "a = 1\n";
        let render = |d: Diagnostic| LoadError::new("t.toml", text, vec![d]).render(false);
        let quoting = || Diagnostic::error("a message quoting `a`").with_span(Some(0..1));
        assert!(render(quoting().with_key_path("a")).contains("quoting `a` (at `a`)"));
        assert!(!render(quoting().with_key_path_in_message("a")).contains("(at `a`)"));
    }
}
