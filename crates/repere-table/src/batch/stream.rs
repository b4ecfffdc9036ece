//! A wide table read, scored and written by blocks ([`stream_wide`]): memory stays a few
//! megabytes whatever the file's length, and reading, scoring and writing overlap.
//!
//! The file is read in blocks of [`BLOCK`] bytes cut at line ends. Each block is parsed,
//! scored and formatted on a worker thread by the fast lane of [`read_wide`](super::read_wide)
//! (the same code), and the blocks' texts are handed to the sink in file order. Repeated names
//! are found in file order too: while the names increase (as generated files have them) each is
//! compared with the one before and kept in a sorted list; at the first name out of order the
//! list becomes a hash set. A block with a double quote sends the rest of the file to the
//! thorough lane ([`csv`] quoting), read whole from there: quoted fields may span lines, so a
//! quoted file cannot be cut at line ends.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::{Mutex, mpsc};

use repere_core::batch::BatchScorer;
use repere_fs::{Input, ReadError, ReadErrorKind};

use super::{
    Layout, Quick, Refused, RowProblem, WideOptions, WidePart, empty_error, fast_part_into, layout,
    thorough,
};
use crate::error::{Problems, TableError, shorten};

/// The bytes read at once (a block is cut after its last line end).
pub(crate) const BLOCK: usize = 1 << 21;

/// How a scored row becomes text: its name and its values ([`BatchScorer::row_width`] of
/// them, NaN where there is no score) appended to the output.
pub type RowFormat<'f> = dyn Fn(&str, &[f64], &mut Vec<u8>) + Sync + 'f;

/// What a streamed table gave.
#[derive(Debug)]
#[non_exhaustive]
pub struct Streamed {
    /// The rows scored and written.
    pub rows: usize,
    /// The rows refused.
    pub refused: usize,
    /// The rows refused, located; `None` when every row was scored.
    pub problems: Option<repere_toml::LoadError>,
}

/// Why a streamed table stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError<E> {
    /// The table could not be read, or its header is wrong (nothing was written).
    Table(TableError),
    /// The sink refused the text (what it had taken stays written).
    Sink(E),
}

/// Reads, scores and formats the wide table at `path` (shown as `name`, at most `limit`
/// bytes) by blocks on `threads` threads, and gives the text of the rows to `sink` in file
/// order. The rows and the problems are those [`read_wide`](super::read_wide) finds on the
/// same file (a test checks it); the header's problems refuse the file before anything is
/// written.
pub fn stream_wide<E>(
    path: &Path,
    name: &str,
    limit: u64,
    scorer: &BatchScorer<'_>,
    threads: usize,
    format: &RowFormat<'_>,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), E>,
) -> Result<Streamed, StreamError<E>> {
    let table = |e: TableError| StreamError::Table(e);
    let (file, len) = repere_fs::open_regular(path).map_err(|e| table(e.into()))?;
    let read_error = |kind| {
        StreamError::Table(TableError::Read(ReadError {
            input: Input::Path(path.to_path_buf()),
            kind,
        }))
    };
    if len > limit {
        return Err(read_error(ReadErrorKind::TooLarge {
            limit,
            size: Some(len),
        }));
    }
    let mut reader = Blocks {
        file: file.take(len),
        done: false,
    };
    let io = |e: std::io::Error| read_error(ReadErrorKind::Io(e));
    // The header: up to the first line end.
    let mut buf = Vec::with_capacity(BLOCK + 4096);
    reader.fill(&mut buf, BLOCK).map_err(io)?;
    if buf.starts_with(b"\xEF\xBB\xBF") {
        buf.drain(..3);
    }
    let mut searched = 0;
    let header_end = loop {
        if let Some(p) = buf[searched..].iter().position(|&b| b == b'\n') {
            break searched + p;
        }
        searched = buf.len();
        if reader.done {
            break buf.len();
        }
        reader.fill(&mut buf, BLOCK).map_err(io)?;
    };
    let mut problems = Problems::new(name);
    let header = &buf[..header_end];
    let header_text = match std::str::from_utf8(header) {
        Ok(h) => h.strip_suffix('\r').unwrap_or(h),
        Err(_) => {
            problems.at_line(1, "", 0..0, "the header is not UTF-8 text", None);
            return Err(table(problems.check().err().unwrap_or_else(empty_error)));
        }
    };
    if header_text.trim().is_empty() {
        problems.in_file(
            "the file is empty: expected a header `assessment,<criterion ids>`",
            None,
        );
        return Err(table(problems.check().err().unwrap_or_else(empty_error)));
    }
    let layout = layout(scorer.grid(), header_text, &mut problems);
    if !problems.is_empty() {
        return Err(table(problems.check().err().unwrap_or_else(empty_error)));
    }
    let quoted = header.contains(&b'"');
    let carry = buf.get(header_end + 1..).unwrap_or(&[]).to_vec();
    drop(buf);
    let mut consumer = Consumer {
        problems,
        next_line: 2,
        ids: String::new(),
        ends: Vec::new(),
        seen: None,
        rows: 0,
        refused: 0,
    };
    let quick = Quick::new(&layout, scorer);
    let job = Job {
        layout: &layout,
        quick: &quick,
        scorer,
        format,
    };
    let rest = if quoted {
        Some(carry)
    } else {
        job.pipeline(path, &mut reader, carry, threads, &mut consumer, sink)?
    };
    if let Some(mut rest) = rest {
        // The thorough lane for the rest of the file, whole.
        reader.rest(&mut rest).map_err(io)?;
        let (parts, refused) = thorough(&rest, &layout, scorer, WideOptions::new(1, false));
        drop(rest);
        // Its line numbers count from 2 (as after a header): from 0, as a block's.
        let mut refused = refused;
        for r in &mut refused {
            r.0 = r.0.saturating_sub(2);
        }
        let mut parts = parts.into_iter();
        let mut part = parts.next().unwrap_or_default();
        for l in &mut part.lines {
            *l = l.saturating_sub(2);
        }
        let mut out = Vec::new();
        let mut offsets = Vec::new();
        job.format_part(&part, &mut out, &mut offsets);
        let chunk = Chunk {
            part,
            refused,
            lines: 0,
            out,
            offsets,
            input: Vec::new(),
        };
        consumer.consume(&chunk, sink)?;
    }
    Ok(Streamed {
        rows: consumer.rows,
        refused: consumer.refused,
        problems: consumer.problems.into_error(),
    })
}

/// The file, read by blocks.
struct Blocks {
    file: std::io::Take<std::fs::File>,
    done: bool,
}

impl Blocks {
    /// Appends up to `n` bytes; `done` when the file has no more.
    fn fill(&mut self, buf: &mut Vec<u8>, n: usize) -> std::io::Result<()> {
        if self.done {
            return Ok(());
        }
        buf.reserve(n);
        let got = (&mut self.file).take(n as u64).read_to_end(buf)?;
        if got < n {
            self.done = true;
        }
        Ok(())
    }

    /// The next block: `carry` and the bytes read after it, up to the last line end (the rest
    /// goes back to `carry`); `None` at the end of the file.
    fn next(&mut self, carry: &mut Vec<u8>, mut buf: Vec<u8>) -> std::io::Result<Option<Vec<u8>>> {
        buf.clear();
        buf.extend_from_slice(carry);
        carry.clear();
        loop {
            let before = buf.len();
            self.fill(&mut buf, BLOCK)?;
            if self.done {
                return Ok((!buf.is_empty()).then_some(buf));
            }
            // `carry` holds no line end: only the new bytes are searched.
            if let Some(p) = buf[before..].iter().rposition(|&b| b == b'\n') {
                carry.extend_from_slice(&buf[before + p + 1..]);
                buf.truncate(before + p + 1);
                return Ok(Some(buf));
            }
        }
    }

    /// Appends the rest of the file.
    fn rest(&mut self, buf: &mut Vec<u8>) -> std::io::Result<()> {
        if !self.done {
            self.file.read_to_end(buf)?;
            self.done = true;
        }
        Ok(())
    }
}

/// What a block gave: its rows, refused rows and lines (numbers from 0 in the block), their
/// text and where each row's text ends; and its buffers, for the next block.
struct Chunk {
    part: WidePart,
    refused: Vec<Refused>,
    lines: usize,
    out: Vec<u8>,
    offsets: Vec<usize>,
    input: Vec<u8>,
}

/// The work on a block, shared by the threads.
struct Job<'j, 'l, 's, 'a, 'f> {
    layout: &'j Layout,
    quick: &'j Quick<'l, 's, 'a>,
    scorer: &'j BatchScorer<'a>,
    format: &'j RowFormat<'f>,
}

impl Job<'_, '_, '_, '_, '_> {
    /// Parses, scores and formats one block (into the buffers of an earlier one).
    fn block(&self, input: Vec<u8>, mut out: Vec<u8>, part: WidePart) -> Chunk {
        let (part, refused, lines) = fast_part_into(
            &input,
            self.layout,
            self.quick,
            self.scorer,
            WideOptions::new(1, false),
            part,
        );
        out.clear();
        let mut offsets = Vec::with_capacity(part.len());
        self.format_part(&part, &mut out, &mut offsets);
        Chunk {
            part,
            refused,
            lines,
            out,
            offsets,
            input,
        }
    }

    fn format_part(&self, part: &WidePart, out: &mut Vec<u8>, offsets: &mut Vec<usize>) {
        let w = self.scorer.row_width();
        out.reserve(part.len() * (24 + 10 * w) + part.ids.len());
        for (r, values) in part.values.chunks_exact(w).enumerate() {
            (self.format)(part.id(r), values, out);
            offsets.push(out.len());
        }
    }

    /// Sends the blocks of the file to `threads` workers and their results, in order, to the
    /// consumer. `Some(rest)` when a block holds a double quote: the rest of the file from
    /// that block on (nothing of it scored).
    fn pipeline<E>(
        &self,
        path: &Path,
        reader: &mut Blocks,
        mut carry: Vec<u8>,
        threads: usize,
        consumer: &mut Consumer,
        sink: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<Option<Vec<u8>>, StreamError<E>> {
        let threads = threads.clamp(1, 64);
        let most = 2 * threads;
        let io = |e: std::io::Error| {
            StreamError::Table(TableError::Read(ReadError {
                input: Input::Path(path.to_path_buf()),
                kind: ReadErrorKind::Io(e),
            }))
        };
        let (job_tx, job_rx) = mpsc::sync_channel::<(usize, Vec<u8>, Vec<u8>, WidePart)>(most);
        let job_rx = Mutex::new(job_rx);
        std::thread::scope(|s| {
            let (done_tx, done_rx) = mpsc::channel::<(usize, Chunk)>();
            for _ in 0..threads {
                let job_rx = &job_rx;
                let done_tx = done_tx.clone();
                s.spawn(move || {
                    loop {
                        let next = match job_rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        let Ok((seq, input, out, part)) = next else {
                            return;
                        };
                        if done_tx.send((seq, self.block(input, out, part))).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(done_tx);
            let mut pool: Vec<(Vec<u8>, Vec<u8>, WidePart)> = Vec::new();
            let mut pending: BTreeMap<usize, Chunk> = BTreeMap::new();
            let (mut sent, mut consumed) = (0usize, 0usize);
            let mut rest = None;
            let mut outcome = Ok(());
            loop {
                while rest.is_none() && !reader.done_with(&carry) && sent - consumed < most {
                    let (input, out, part) = pool.pop().unwrap_or_default();
                    match reader.next(&mut carry, input) {
                        Ok(Some(block)) if block.contains(&b'"') => rest = Some(block),
                        Ok(Some(block)) => {
                            if job_tx.send((sent, block, out, part)).is_err() {
                                break;
                            }
                            sent += 1;
                        }
                        Ok(None) => break,
                        Err(e) => {
                            outcome = Err(io(e));
                            break;
                        }
                    }
                }
                if outcome.is_err() || sent == consumed {
                    break;
                }
                let Ok((seq, chunk)) = done_rx.recv() else {
                    break;
                };
                pending.insert(seq, chunk);
                while let Some(chunk) = pending.remove(&consumed) {
                    consumed += 1;
                    if outcome.is_ok() {
                        outcome = consumer.consume(&chunk, sink);
                    }
                    pool.push((chunk.input, chunk.out, chunk.part));
                }
                if outcome.is_err() {
                    break;
                }
            }
            drop(job_tx);
            outcome?;
            Ok(rest.map(|mut r| {
                r.extend_from_slice(&carry);
                r
            }))
        })
    }
}

impl Blocks {
    /// Whether nothing is left to send: the file read and nothing carried over.
    fn done_with(&self, carry: &[u8]) -> bool {
        self.done && carry.is_empty()
    }
}

/// The blocks' results, taken in file order: repeated names, problems, text to the sink.
struct Consumer {
    problems: Problems,
    /// The line number of the next block's first line.
    next_line: usize,
    /// While the names increase: every name so far, one after the other, and where each
    /// ends.
    ids: String,
    ends: Vec<usize>,
    /// Once a name came out of order: every name so far.
    seen: Option<HashSet<Box<str>>>,
    rows: usize,
    refused: usize,
}

impl Consumer {
    /// Whether a name was seen before (it is remembered otherwise).
    fn repeated(&mut self, id: &str) -> bool {
        if let Some(seen) = &mut self.seen {
            return !seen.insert(id.into());
        }
        let n = self.ends.len();
        let last = match n {
            0 => None,
            1 => Some(&self.ids[..self.ends[0]]),
            _ => Some(&self.ids[self.ends[n - 2]..self.ends[n - 1]]),
        };
        if last.is_none_or(|l| l < id) {
            self.ids.push_str(id);
            self.ends.push(self.ids.len());
            return false;
        }
        // Out of order: every name so far into a set.
        let mut seen: HashSet<Box<str>> = HashSet::with_capacity(2 * n + 16);
        let mut start = 0;
        for &end in &self.ends {
            seen.insert(self.ids[start..end].into());
            start = end;
        }
        self.ids = String::new();
        self.ends = Vec::new();
        let repeated = !seen.insert(id.into());
        self.seen = Some(seen);
        repeated
    }

    fn consume<E>(
        &mut self,
        chunk: &Chunk,
        sink: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), StreamError<E>> {
        let base = self.next_line;
        self.next_line += chunk.lines;
        let part = &chunk.part;
        let mut errors: Vec<(usize, String, &RowProblem)> = chunk
            .refused
            .iter()
            .map(|(l, text, p)| (base + l, text.clone(), p))
            .collect();
        let mut repeats: Vec<(usize, RowProblem)> = Vec::new();
        for r in 0..part.len() {
            let id = part.id(r);
            if self.repeated(id) {
                repeats.push((
                    r,
                    RowProblem {
                        span: 0..id.len(),
                        column: Some("assessment".to_owned()),
                        message: format!("the assessment `{}` is named twice", shorten(id)),
                        help: Some(
                            "each row names one assessment; rename or remove one".to_owned(),
                        ),
                    },
                ));
            }
        }
        if repeats.is_empty() {
            if !chunk.out.is_empty() {
                sink(&chunk.out).map_err(StreamError::Sink)?;
            }
        } else {
            // The text of the rows kept, between the repeated ones.
            let mut from = 0;
            for (r, _) in &repeats {
                let start = if *r == 0 { 0 } else { chunk.offsets[r - 1] };
                if start > from {
                    sink(&chunk.out[from..start]).map_err(StreamError::Sink)?;
                }
                from = chunk.offsets[*r];
            }
            if from < chunk.out.len() {
                sink(&chunk.out[from..]).map_err(StreamError::Sink)?;
            }
        }
        self.rows += part.len() - repeats.len();
        for (r, p) in &repeats {
            errors.push((base + part.lines[*r], part.id(*r).to_owned(), p));
        }
        errors.sort_by_key(|e| e.0);
        self.refused += errors.len();
        for (line, text, p) in errors {
            match &p.column {
                Some(c) => self.problems.in_cell(
                    line,
                    &text,
                    p.span.clone(),
                    c,
                    p.message.clone(),
                    p.help.clone(),
                ),
                None => self.problems.at_line(
                    line,
                    &text,
                    p.span.clone(),
                    p.message.clone(),
                    p.help.clone(),
                ),
            }
        }
        Ok(())
    }
}
