//! Survey responses: the answers of participants, in the two shapes survey tools export,
//! counted into a [`Tally`] by process and question.
//!
//! # The CSV files
//!
//! * **Long**: `respondent,process,question,answer`, one answer per line (columns in any
//!   order, other columns ignored).
//! * **Wide**: `respondent,process,<question ids>…`, one respondent per line, one column per
//!   question; a blank cell is a skipped question.
//!
//! The shape is told by the header: a file with `question` and `answer` columns is long,
//! any other is wide. UTF-8 (a byte-order mark is skipped), RFC 4180 quoting, blanks around
//! fields ignored, blank lines skipped; a blank answer is a skipped question.
//!
//! Answers are integers. With a definition, every question must be one of its questions and
//! every answer on that question's scale; without one, answers go from 0 to
//! [`MAX_ANSWER`]. A respondent answers a question once, and belongs to one process: a
//! second answer, or a respondent in two processes, is an error naming both lines.
//!
//! Every problem is reported at once, located at its line and column.
//!
//! # Speed
//!
//! [`read_responses`] reads a long file named by a path through a fast lane (like the
//! rating tables': parts cut at changes of respondent, one per thread, streamed through a
//! buffer of their own, with no table of (respondent, question) pairs: a file whose
//! respondents' lines are together is checked for repeats respondent by respondent). At the
//! first thing the lane does not handle (a quote, a bad value, a respondent whose lines are
//! apart…) it gives up and the thorough reader, on the [`csv`] crate, reads the file.
//!
//! ```
//! use repere_core::survey::summarize;
//! let csv = "respondent,process,question,answer\ns1,p1,q1,5\ns1,p1,q2,2\ns2,p1,q1,4\ns2,p1,q2,\n";
//! let responses = repere_table::survey::parse_responses("r.csv", csv.as_bytes(), None)?;
//! let summary = summarize(&responses.tally, None);
//! assert_eq!(summary.questions[0].n, 2);
//! assert_eq!(summary.questions[0].share, 1.0); // 4 and 5 are the two highest of 2..5
//! assert_eq!(responses.skipped, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use repere_core::survey::{MAX_ANSWER, SurveyDefinition, Tally, TallyCell};
use repere_fs::Input;

use crate::agree::{LineCounter, cell_span, csv_reader, decode, line_text, unclosed_quote};
use crate::error::{Problems, TableError, shorten};

mod lane;

/// The largest response file read, in bytes (2 GiB: about 90 million answers).
pub const MAX_RESPONSES_BYTES: u64 = 1 << 31;

/// The two shapes of a response file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Shape {
    /// `respondent,process,question,answer`.
    Long,
    /// `respondent,process,<question ids>…`.
    Wide,
}

/// The responses of a file, counted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Responses {
    /// The answers by process and question, and the respondents by process.
    pub tally: Tally,
    /// The file's shape.
    pub shape: Shape,
    /// The answers given.
    pub answers: u64,
    /// Skipped questions: blank answers (absent lines of a long file are not counted).
    pub skipped: u64,
}

/// Reads responses from a file or standard input, with at most `threads` threads.
///
/// # Errors
///
/// [`TableError::Read`] when the input cannot be read, [`TableError::Invalid`] with every
/// problem of the file located.
pub fn read_responses(
    input: &Input,
    definition: Option<&SurveyDefinition>,
    threads: usize,
) -> Result<Responses, TableError> {
    if let Input::Path(path) = input
        && let Some(responses) = lane::read(path, definition, threads.max(1), lane::BLOCK)
    {
        return Ok(responses);
    }
    let bytes = repere_fs::read(input, MAX_RESPONSES_BYTES)?;
    parse_responses(&input.name(), &bytes, definition)
}

/// The columns of a response file.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) shape: Shape,
    pub(crate) respondent: usize,
    pub(crate) process: usize,
    /// Long: the `question` and `answer` columns.
    pub(crate) question: usize,
    pub(crate) answer: usize,
    /// Wide: the question columns, `(column, name)`.
    pub(crate) questions: Vec<(usize, String)>,
    pub(crate) width: usize,
}

/// The layout named by a header, or `None` with the problems pushed.
pub(crate) fn layout(
    names: &[String],
    definition: Option<&SurveyDefinition>,
    line: usize,
    text: &str,
    problems: &mut Problems,
) -> Option<Layout> {
    let find = |name: &str| names.iter().position(|n| n == name);
    let long = find("question").is_some() && find("answer").is_some();
    let required: &[&str] = if long {
        &["respondent", "process", "question", "answer"]
    } else {
        &["respondent", "process"]
    };
    let mut ok = true;
    for (i, name) in names.iter().enumerate() {
        if let Some(first) = names[..i].iter().position(|n| n == name) {
            problems.at_line(
                line,
                text,
                cell_span(text, i),
                format!(
                    "the column `{}` appears twice (columns {} and {})",
                    shorten(name),
                    first + 1,
                    i + 1
                ),
                None,
            );
            ok = false;
        }
    }
    for column in required {
        if find(column).is_none() {
            let unused = names
                .iter()
                .filter(|n| !required.contains(&n.as_str()))
                .map(String::as_str);
            let help = repere_core::closest(column, unused)
                .map(|near| format!("did you mean `{}`?", shorten(near)))
                .or_else(|| {
                    Some("a long file has the columns `respondent,process,question,answer`; a wide one `respondent,process,` then one column per question".to_owned())
                });
            problems.at_line(
                line,
                text,
                0..text.len(),
                format!("no column `{column}` in the header"),
                help,
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let (respondent, process) = (find("respondent")?, find("process")?);
    let mut questions = Vec::new();
    if !long {
        let index = known(definition);
        for (i, name) in names.iter().enumerate() {
            if i == respondent || i == process {
                continue;
            }
            if let (Some(d), Some(index)) = (definition, &index)
                && !index.contains_key(name.as_str())
            {
                unknown_question(problems, d, name, line, text, cell_span(text, i));
                ok = false;
            }
            questions.push((i, name.clone()));
        }
        if questions.is_empty() {
            problems.at_line(
                line,
                text,
                0..text.len(),
                "no question column in the header",
                Some("a wide file has the columns `respondent,process,` then one column per question".to_owned()),
            );
            ok = false;
        }
    }
    ok.then(|| Layout {
        shape: if long { Shape::Long } else { Shape::Wide },
        respondent,
        process,
        question: find("question").unwrap_or(0),
        answer: find("answer").unwrap_or(0),
        questions,
        width: names.len(),
    })
}

fn unknown_question(
    problems: &mut Problems,
    definition: &SurveyDefinition,
    name: &str,
    line: usize,
    text: &str,
    span: std::ops::Range<usize>,
) {
    // The suggestion only for the problems shown: finding it compares with every question.
    let help = if problems.is_full() {
        None
    } else {
        repere_core::closest(name, definition.questions.iter().map(|q| q.id.as_str()))
            .map(|near| format!("did you mean `{near}`?"))
    };
    problems.at_line(
        line,
        text,
        span,
        format!(
            "unknown question `{}`: survey `{}` has no such question",
            shorten(name),
            definition.id
        ),
        help,
    );
}

/// The questions of a definition by id, with the answers each accepts: looked up once per
/// line, so a map rather than the definition's list.
pub(crate) type Known<'a> = HashMap<&'a str, (u32, u32)>;

/// The index of a definition's questions.
pub(crate) fn known(definition: Option<&SurveyDefinition>) -> Option<Known<'_>> {
    definition.map(|d| {
        d.questions
            .iter()
            .map(|q| (q.id.as_str(), q.scale.codes()))
            .collect()
    })
}

/// The lowest and highest answer accepted for a question (any from 0 to [`MAX_ANSWER`]
/// without a definition).
pub(crate) fn answer_range(known: Option<&Known<'_>>, question: &str) -> (u32, u32) {
    known
        .and_then(|k| k.get(question).copied())
        .unwrap_or((0, MAX_ANSWER))
}

/// Parses an answer: an integer, without sign or decimals.
pub(crate) fn parse_answer(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Counts being built: names interned, one cell per (process, question) pair answered.
#[derive(Default)]
pub(crate) struct Counter {
    pub(crate) processes: Vec<String>,
    process_ids: HashMap<String, usize>,
    pub(crate) questions: Vec<String>,
    question_ids: HashMap<String, usize>,
    /// The cell of each pair answered.
    cell_ids: HashMap<(usize, usize), usize>,
    cells: Vec<TallyCell>,
    pub(crate) respondents: Vec<u64>,
}

impl Counter {
    pub(crate) fn process(&mut self, name: &str) -> usize {
        if let Some(&id) = self.process_ids.get(name) {
            return id;
        }
        let id = self.processes.len();
        self.processes.push(name.to_owned());
        self.process_ids.insert(name.to_owned(), id);
        self.respondents.push(0);
        id
    }

    pub(crate) fn question(&mut self, name: &str) -> usize {
        if let Some(&id) = self.question_ids.get(name) {
            return id;
        }
        let id = self.questions.len();
        self.questions.push(name.to_owned());
        self.question_ids.insert(name.to_owned(), id);
        id
    }

    pub(crate) fn add(&mut self, process: usize, question: usize, answer: u32, count: u64) {
        let next = self.cells.len();
        let id = *self.cell_ids.entry((process, question)).or_insert(next);
        if id == next {
            self.cells.push(TallyCell {
                process,
                question,
                counts: Vec::new(),
            });
        }
        let counts = &mut self.cells[id].counts;
        let at = answer as usize;
        if counts.len() <= at {
            counts.resize(at + 1, 0);
        }
        counts[at] += count;
    }

    pub(crate) fn into_tally(self) -> Tally {
        Tally {
            processes: self.processes,
            questions: self.questions,
            cells: self.cells,
            respondents: self.respondents,
        }
    }
}

/// Reads responses from the bytes of a CSV file shown as `name` (the thorough reader).
///
/// # Errors
///
/// [`TableError::Invalid`] with every problem of the file located.
pub fn parse_responses(
    name: &str,
    bytes: &[u8],
    definition: Option<&SurveyDefinition>,
) -> Result<Responses, TableError> {
    let text = decode(name, bytes)?;
    let index = known(definition);
    let mut problems = Problems::new(name);
    if let Some(line) = unclosed_quote(text) {
        problems.at_line(
            line,
            line_text(text, line),
            0..0,
            format!("a quoted field opened on line {line} is never closed"),
            Some("a quote inside a quoted field is written `\"\"`".to_owned()),
        );
        problems.check()?;
        return Err(empty(name));
    }
    let mut reader = csv_reader(text);
    let mut record = csv::StringRecord::new();
    let mut layout_found: Option<Layout> = None;
    let mut counter = Counter::default();
    // respondent → (process, line); (respondent, question) → line.
    let mut respondents: HashMap<String, (usize, usize)> = HashMap::new();
    let mut answered: HashMap<(usize, usize), usize> = HashMap::new();
    let mut respondent_ids: HashMap<String, usize> = HashMap::new();
    let (mut answers, mut skipped) = (0u64, 0u64);
    let mut counted = LineCounter::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Err(e) => {
                problems.in_file(format!("cannot read the file as CSV: {e}"), None);
                break;
            }
            Ok(true) => {}
        }
        if record.len() == 1 && record.get(0).is_some_and(str::is_empty) {
            continue;
        }
        let line = counted.line_of(record.position(), text);
        // The record's first line (a record may span lines inside quotes).
        let rest = &text[counted.byte()..];
        let line_str = rest[..rest.find('\n').unwrap_or(rest.len())].trim_end_matches('\r');
        let Some(layout) = &layout_found else {
            let names: Vec<String> = record.iter().map(str::to_owned).collect();
            match layout(&names, definition, line, line_str, &mut problems) {
                Some(l) => {
                    layout_found = Some(l);
                    continue;
                }
                None => return Err(problems.check().err().unwrap_or_else(|| empty(name))),
            }
        };
        if record.len() != layout.width {
            problems.at_line(
                line,
                line_str,
                0..0,
                format!(
                    "{} field{}, but the header has {}",
                    record.len(),
                    if record.len() == 1 { "" } else { "s" },
                    layout.width
                ),
                None,
            );
            continue;
        }
        let field = |k: usize| record.get(k).unwrap_or("");
        let (respondent, process) = (field(layout.respondent), field(layout.process));
        let mut bad_id = false;
        for (value, column, at) in [
            (respondent, "respondent", layout.respondent),
            (process, "process", layout.process),
        ] {
            if value.is_empty() {
                problems.in_cell(
                    line,
                    line_str,
                    cell_span(line_str, at),
                    column,
                    "empty identifier",
                    None,
                );
                bad_id = true;
            }
        }
        if bad_id {
            continue;
        }
        let p = counter.process(process);
        let r = match respondents.get(respondent) {
            Some(&(other, first)) if other != p => {
                problems.in_cell(
                    line,
                    line_str,
                    cell_span(line_str, layout.process),
                    "process",
                    format!(
                        "respondent `{}` answers for process `{}` here, but for process `{}` on line {first}",
                        shorten(respondent),
                        shorten(process),
                        shorten(&counter.processes[other])
                    ),
                    Some("a respondent belongs to one process: give each person one respondent id per process".to_owned()),
                );
                continue;
            }
            Some(_) => respondent_ids.get(respondent).copied().unwrap_or(0),
            None => {
                respondents.insert(respondent.to_owned(), (p, line));
                counter.respondents[p] += 1;
                let id = respondent_ids.len();
                respondent_ids.insert(respondent.to_owned(), id);
                id
            }
        };
        let cells: Vec<(usize, &str, usize)> = match layout.shape {
            Shape::Long => vec![(layout.answer, field(layout.question), layout.question)],
            Shape::Wide => layout
                .questions
                .iter()
                .map(|(column, name)| (*column, name.as_str(), usize::MAX))
                .collect(),
        };
        for (column, question, question_column) in cells {
            let answer_text = field(column);
            if question_column != usize::MAX {
                if question.is_empty() {
                    problems.in_cell(
                        line,
                        line_str,
                        cell_span(line_str, question_column),
                        "question",
                        "empty identifier",
                        None,
                    );
                    continue;
                }
                if let (Some(d), Some(index)) = (definition, &index)
                    && !index.contains_key(question)
                {
                    unknown_question(
                        &mut problems,
                        d,
                        question,
                        line,
                        line_str,
                        cell_span(line_str, question_column),
                    );
                    continue;
                }
            }
            if answer_text.is_empty() {
                skipped += 1;
                continue;
            }
            let column_name = if layout.shape == Shape::Long {
                "answer"
            } else {
                question
            };
            let (low, high) = answer_range(index.as_ref(), question);
            let Some(answer) = parse_answer(answer_text).filter(|a| (low..=high).contains(a))
            else {
                problems.in_cell(
                    line,
                    line_str,
                    cell_span(line_str, column),
                    column_name,
                    format!(
                        "`{}` is not an answer to question `{}`: expected a whole number from {low} to {high}",
                        shorten(answer_text),
                        shorten(question)
                    ),
                    None,
                );
                continue;
            };
            let q = counter.question(question);
            if let Some(first) = answered.insert((r, q), line) {
                problems.at_line(
                    line,
                    line_str,
                    0..0,
                    format!(
                        "respondent `{}` answers question `{}` twice (first on line {first})",
                        shorten(respondent),
                        shorten(question)
                    ),
                    Some("keep one answer per respondent and question".to_owned()),
                );
                continue;
            }
            counter.add(p, q, answer, 1);
            answers += 1;
        }
    }
    if layout_found.is_none() && problems.is_empty() {
        return Err(empty(name));
    }
    problems.check()?;
    if answers == 0 {
        let mut problems = Problems::new(name);
        problems.in_file("no answers: the file has a header but no answer", None);
        problems.check()?;
    }
    Ok(Responses {
        tally: counter.into_tally(),
        shape: layout_found.map_or(Shape::Long, |l| l.shape),
        answers,
        skipped,
    })
}

fn empty(name: &str) -> TableError {
    let mut problems = Problems::new(name);
    problems.in_file(
        "the file is empty; expected a header line, such as `respondent,process,question,answer`",
        None,
    );
    match problems.into_error() {
        Some(e) => TableError::Invalid(e),
        None => TableError::Invalid(repere_toml::LoadError::from_excerpt(
            name,
            String::new(),
            Vec::new(),
            vec![repere_toml::Diagnostic::error("the file is empty")],
        )),
    }
}
