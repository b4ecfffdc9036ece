//! The fast lane of [`read_responses`](super::read_responses): a clean long file, streamed.
//!
//! The data is cut into one part per thread at changes of respondent; each thread reads its
//! part block by block with positioned reads into a buffer of its own, checks each block of
//! whole lines as UTF-8, splits the lines at commas, and counts answers into small cells (one
//! cache line per process and question). Processes and questions are interned by their
//! bytes (the previous process, then a direct-mapped cache of questions, then a map).
//!
//! Repeats are found without a table of (respondent, question) pairs: the lines of one
//! respondent are expected together, so a respondent's questions are a bit set cleared at
//! each new respondent, and a respondent seen again later (in any part) makes the lane give
//! up. It gives up too at a quote, bytes that are not UTF-8, blanks around a field, a line
//! with other than the header's number of fields, an empty identifier, an answer that is not
//! a whole number from 0 to 15 or off its question's scale, an unknown question, a file that
//! changes while read: the thorough reader then reads the file and reports.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::Path;

use repere_core::survey::SurveyDefinition;

use super::{Counter, Known, Layout, MAX_RESPONSES_BYTES, Responses, Shape, layout};
use crate::agree::lane::{cut, read_at_most};
use crate::agree::{byte_mask, on_threads};
use crate::error::Problems;

/// The size of each thread's buffer.
pub(super) const BLOCK: usize = 1 << 20;

/// The answers a cell counts (0 to 15).
const CELL: usize = 16;

/// The most (process, question) cells a thread counts densely (64 MiB); a file with more
/// pairs of processes and questions goes to the thorough reader, which holds only the pairs
/// answered.
const MAX_CELLS: usize = 1 << 20;

/// The entries of the question cache (a power of two).
const QUESTIONS: usize = 1024;

/// The lane gave up.
struct GiveUp;

/// Where [`Part::scan`] is in a block.
#[derive(Default)]
struct Scan {
    /// `[respondent, process, question, answer]` as byte ranges of the block.
    kept: [(usize, usize); 4],
    /// The fields of the current line before the current one.
    column: usize,
    field_start: usize,
    line_start: usize,
}

/// Whether two short byte strings are equal: by words for the lengths of identifiers.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let w8 = |s: &[u8], i: usize| {
        s.get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_le_bytes)
    };
    let w4 = |s: &[u8], i: usize| {
        s.get(i..i + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map(u32::from_le_bytes)
    };
    match n {
        8..=16 => w8(a, 0) == w8(b, 0) && w8(a, n - 8) == w8(b, n - 8),
        4..=7 => w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4),
        _ => a == b,
    }
}

/// Reads the long file at `path`, or `None` when the thorough reader must.
pub(super) fn read(
    path: &Path,
    definition: Option<&SurveyDefinition>,
    threads: usize,
    block: usize,
) -> Option<Responses> {
    let (file, len) = repere_fs::open_regular(path).ok()?;
    if len > MAX_RESPONSES_BYTES {
        return None;
    }
    let threads = if len < 1 << 20 { 1 } else { threads };
    let mut head = vec![0u8; usize::try_from(len).unwrap_or(usize::MAX).min(1 << 16)];
    let n = read_at_most(&file, &mut head, 0).ok()?;
    let head = &head[..n];
    let bom = if head.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let end = head.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&head[bom..end]).ok()?;
    if line.contains('"') || line.trim().is_empty() {
        return None;
    }
    let names: Vec<String> = line
        .trim_end_matches('\r')
        .split(',')
        .map(|n| n.trim_matches([' ', '\t']).to_owned())
        .collect();
    let layout = layout(&names, definition, 1, "", &mut Problems::new(""))?;
    if layout.shape != Shape::Long {
        return None;
    }
    let data = end as u64 + 1;
    let index = super::known(definition);
    let parts = cut(&file, data, len, threads, layout.respondent).ok()?;
    let run = |use_set: bool| {
        on_threads(&parts, |(start, end)| {
            Part::new(&layout, index.as_ref(), block, use_set).read(&file, start, end)
        })
    };
    let mut results = run(false);
    let mut use_set = false;
    if results.iter().any(|r| matches!(r, Err(true))) {
        use_set = true;
        results = run(true);
    } else if results.iter().all(Result::is_ok) {
        // Parts in increasing order of respondents hold separate respondents when each part
        // starts after the previous one ends; otherwise read again keeping them all.
        let ordered = results.windows(2).all(|w| match (&w[0], &w[1]) {
            (Ok(a), Ok(b)) => match (&b.first, a.current_process) {
                (Some(first), p) if p != u32::MAX => first.as_slice() > a.current.as_slice(),
                _ => true,
            },
            _ => false,
        });
        if !ordered {
            use_set = true;
            results = run(true);
        }
    }
    let mut parts_read = Vec::with_capacity(results.len());
    for r in results {
        parts_read.push(r.ok()?);
    }
    if use_set {
        // No respondent in two parts.
        for (i, part) in parts_read.iter().enumerate() {
            for earlier in &parts_read[..i] {
                if part.seen.iter().any(|r| earlier.seen.contains(r)) {
                    return None;
                }
            }
        }
    }
    let mut counter = Counter::default();
    let (mut answers, mut skipped) = (0, 0);
    for part in parts_read {
        answers += part.answers;
        skipped += part.skipped;
        let processes: Vec<usize> = part
            .processes
            .iter()
            .map(|p| std::str::from_utf8(p).map(|p| counter.process(p)))
            .collect::<Result<_, _>>()
            .ok()?;
        let questions: Vec<usize> = part
            .questions
            .iter()
            .map(|q| std::str::from_utf8(q).map(|q| counter.question(q)))
            .collect::<Result<_, _>>()
            .ok()?;
        for (p, cells) in part.cells.iter().enumerate() {
            counter.respondents[processes[p]] += part.respondents[p];
            for (q, cell) in cells.iter().enumerate() {
                for (a, &c) in cell.iter().enumerate() {
                    if c > 0 {
                        counter.add(processes[p], questions[q], a as u32, u64::from(c));
                    }
                }
            }
        }
    }
    if answers == 0 {
        return None;
    }
    Some(Responses {
        tally: counter.into_tally(),
        shape: Shape::Long,
        answers,
        skipped,
    })
}

/// One thread's part.
struct Part<'a> {
    layout: &'a Layout,
    known: Option<&'a Known<'a>>,
    /// For each column: 0 ignored, 1 respondent, 2 process, 3 question, 4 answer.
    roles: Vec<u8>,
    buf: Vec<u8>,
    processes: Vec<Vec<u8>>,
    process_ids: HashMap<Vec<u8>, u32>,
    last_process: (Vec<u8>, u32),
    questions: Vec<Vec<u8>>,
    question_ids: HashMap<Vec<u8>, u32>,
    /// `(key, id + 1)`; 0 is empty.
    question_cache: Vec<(u64, u32)>,
    /// Per question: the answers accepted.
    ranges: Vec<(u32, u32)>,
    /// `cells[process][question][answer]`.
    cells: Vec<Vec<[u32; CELL]>>,
    /// The number of cells of `cells`.
    dense: usize,
    respondents: Vec<u64>,
    /// Whether every respondent is kept in `seen` (when the file's respondents are not in
    /// increasing order); otherwise increasing order proves each respondent's lines together.
    use_set: bool,
    /// Set when a respondent comes before the previous one (without `use_set`).
    unsorted: bool,
    seen: HashSet<Box<[u8]>>,
    /// The part's first respondent.
    first: Option<Vec<u8>>,
    current: Vec<u8>,
    current_process: u32,
    answered: Vec<u64>,
    answers: u64,
    skipped: u64,
}

impl<'a> Part<'a> {
    fn new(layout: &'a Layout, known: Option<&'a Known<'a>>, block: usize, use_set: bool) -> Self {
        let mut roles = vec![0u8; layout.width];
        for (role, column) in [
            layout.respondent,
            layout.process,
            layout.question,
            layout.answer,
        ]
        .into_iter()
        .enumerate()
        {
            roles[column] = role as u8 + 1;
        }
        Self {
            layout,
            known,
            roles,
            buf: vec![0u8; block.max(64)],
            processes: Vec::new(),
            process_ids: HashMap::new(),
            last_process: (Vec::new(), u32::MAX),
            questions: Vec::new(),
            question_ids: HashMap::new(),
            question_cache: vec![(0, 0); QUESTIONS],
            ranges: Vec::new(),
            cells: Vec::new(),
            dense: 0,
            respondents: Vec::new(),
            use_set,
            unsorted: false,
            seen: HashSet::new(),
            first: None,
            current: Vec::new(),
            current_process: u32::MAX,
            answered: Vec::new(),
            answers: 0,
            skipped: 0,
        }
    }

    /// Reads `[start, end)` of the file; on failure, whether the respondents were found out of
    /// order (so that reading again with `use_set` may succeed).
    fn read(mut self, file: &File, start: u64, end: u64) -> Result<Self, bool> {
        match self.read_lines(file, start, end) {
            Ok(()) => Ok(self),
            Err(GiveUp) => Err(self.unsorted),
        }
    }

    fn read_lines(&mut self, file: &File, start: u64, end: u64) -> Result<(), GiveUp> {
        let mut at = start;
        let mut buf = std::mem::take(&mut self.buf);
        while at < end {
            let room = usize::try_from(end - at)
                .unwrap_or(usize::MAX)
                .min(buf.len());
            let n = read_at_most(file, &mut buf[..room], at).map_err(|_| GiveUp)?;
            if n < room {
                return Err(GiveUp); // The file got shorter.
            }
            let chunk = &buf[..n];
            // Whole lines, unless this is the end of the part.
            let whole = if at + n as u64 >= end {
                n
            } else {
                chunk.iter().rposition(|&b| b == b'\n').ok_or(GiveUp)? + 1
            };
            let block = &chunk[..whole];
            // A block of ASCII (as the scan tells) is UTF-8; any other is checked.
            if !self.scan(block)? {
                std::str::from_utf8(block).map_err(|_| GiveUp)?;
            }
            at += whole as u64;
        }
        Ok(())
    }

    /// The lines of a block of whole lines (the last may lack its line end at the end of
    /// the part): separators found eight bytes at a time. Returns whether the block is ASCII.
    fn scan(&mut self, block: &[u8]) -> Result<bool, GiveUp> {
        let mut at = Scan::default();
        let mut pos = 0usize;
        let mut high = 0u64;
        while pos + 8 <= block.len() {
            let mut word = [0u8; 8];
            word.copy_from_slice(&block[pos..pos + 8]);
            let word = u64::from_le_bytes(word);
            high |= word;
            if byte_mask(word, b'"') != 0 {
                return Err(GiveUp);
            }
            let mut mask = byte_mask(word, b',') | byte_mask(word, b'\n');
            while mask != 0 {
                let i = pos + (mask.trailing_zeros() / 8) as usize;
                self.separator(block, i, &mut at)?;
                mask &= mask - 1;
            }
            pos += 8;
        }
        for (i, &byte) in block.iter().enumerate().skip(pos) {
            high |= u64::from(byte);
            match byte {
                b'"' => return Err(GiveUp),
                b',' | b'\n' => self.separator(block, i, &mut at)?,
                _ => {}
            }
        }
        // A last line without a line end.
        if at.line_start < block.len() {
            self.line_end(block, block.len(), &mut at)?;
        }
        Ok(high & 0x8080_8080_8080_8080 == 0)
    }

    /// A comma or a line end at `i`.
    #[inline(always)]
    fn separator(&mut self, block: &[u8], i: usize, at: &mut Scan) -> Result<(), GiveUp> {
        if block[i] == b',' {
            match self.roles.get(at.column) {
                Some(&role) if role > 0 => at.kept[usize::from(role - 1)] = (at.field_start, i),
                Some(_) => {}
                None => return Err(GiveUp),
            }
            at.column += 1;
            at.field_start = i + 1;
            return Ok(());
        }
        self.line_end(block, i, at)
    }

    /// The end of a line at `i` (a line feed, or the end of the block).
    #[inline(always)]
    fn line_end(&mut self, block: &[u8], i: usize, at: &mut Scan) -> Result<(), GiveUp> {
        let end = if i > at.line_start && block[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        if end > at.line_start || at.column > 0 {
            match self.roles.get(at.column) {
                Some(&role) if role > 0 => {
                    at.kept[usize::from(role - 1)] = (at.field_start, end.max(at.field_start));
                }
                Some(_) => {}
                None => return Err(GiveUp),
            }
            if at.column + 1 != self.layout.width {
                return Err(GiveUp);
            }
            let f = |(a, b): (usize, usize)| &block[a..b];
            self.row([f(at.kept[0]), f(at.kept[1]), f(at.kept[2]), f(at.kept[3])])?;
        }
        at.column = 0;
        at.field_start = i + 1;
        at.line_start = i + 1;
        Ok(())
    }

    /// One line's fields: respondent, process, question, answer.
    #[inline]
    fn row(&mut self, fields: [&[u8]; 4]) -> Result<(), GiveUp> {
        let [respondent, process, question, answer] = fields;
        for f in [respondent, process, question] {
            if f.is_empty() || blank(f[0]) || blank(f[f.len() - 1]) {
                return Err(GiveUp);
            }
        }
        let p = if self.current_process != u32::MAX && same(respondent, &self.current) {
            // The respondent of the previous line: the same process.
            if !same(process, &self.last_process.0) || self.last_process.1 != self.current_process {
                return Err(GiveUp);
            }
            self.current_process
        } else {
            let p = self.process(process)?;
            let order = respondent.cmp(self.current.as_slice());
            if self.use_set {
                if !self.seen.insert(respondent.into()) {
                    return Err(GiveUp);
                }
            } else if order != std::cmp::Ordering::Greater && self.current_process != u32::MAX {
                // Respondents out of order: read again keeping every respondent.
                self.unsorted = true;
                return Err(GiveUp);
            }
            if self.first.is_none() {
                self.first = Some(respondent.to_vec());
            }
            self.current.clear();
            self.current.extend_from_slice(respondent);
            self.current_process = p;
            self.answered.iter_mut().for_each(|w| *w = 0);
            self.respondents[p as usize] += 1;
            p
        };
        let q = self.question(question)? as usize;
        if answer.is_empty() {
            self.skipped += 1;
            return Ok(());
        }
        let value = match *answer {
            [d] if d.is_ascii_digit() => u32::from(d - b'0'),
            [b'1', d] if d.is_ascii_digit() => 10 + u32::from(d - b'0'),
            _ => return Err(GiveUp),
        };
        let (low, high) = self.ranges[q];
        if value < low || value > high || value as usize >= CELL {
            return Err(GiveUp);
        }
        let (word, bit) = (q / 64, 1u64 << (q % 64));
        if self.answered.len() <= word {
            self.answered.resize(word + 1, 0);
        }
        if self.answered[word] & bit != 0 {
            return Err(GiveUp);
        }
        self.answered[word] |= bit;
        let cells = &mut self.cells[p as usize];
        if cells.len() <= q {
            self.dense += q + 1 - cells.len();
            if self.dense > MAX_CELLS {
                return Err(GiveUp);
            }
            cells.resize(q + 1, [0; CELL]);
        }
        cells[q][value as usize] += 1;
        self.answers += 1;
        Ok(())
    }

    #[inline]
    fn process(&mut self, name: &[u8]) -> Result<u32, GiveUp> {
        if same(name, &self.last_process.0) {
            return Ok(self.last_process.1);
        }
        let id = match self.process_ids.get(name) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.processes.len()).map_err(|_| GiveUp)?;
                self.processes.push(name.to_vec());
                self.process_ids.insert(name.to_vec(), id);
                self.cells.push(Vec::new());
                self.respondents.push(0);
                id
            }
        };
        self.last_process = (name.to_vec(), id);
        Ok(id)
    }

    #[inline]
    fn question(&mut self, name: &[u8]) -> Result<u32, GiveUp> {
        let key = (name.len() <= 7).then(|| {
            let mut k = (name.len() as u64) << 56;
            for (i, &b) in name.iter().enumerate() {
                k |= u64::from(b) << (8 * i);
            }
            k
        });
        let slot = key.map(|k| (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize % QUESTIONS);
        if let (Some(k), Some(s)) = (key, slot)
            && let Some(&(cached, id)) = self.question_cache.get(s)
            && cached == k
            && id > 0
        {
            return Ok(id - 1);
        }
        let id = match self.question_ids.get(name) {
            Some(&id) => id,
            None => {
                let text = std::str::from_utf8(name).map_err(|_| GiveUp)?;
                if let Some(known) = self.known
                    && !known.contains_key(text)
                {
                    return Err(GiveUp);
                }
                let id = u32::try_from(self.questions.len()).map_err(|_| GiveUp)?;
                self.questions.push(name.to_vec());
                self.question_ids.insert(name.to_vec(), id);
                self.ranges.push(super::answer_range(self.known, text));
                id
            }
        };
        if let (Some(k), Some(s)) = (key, slot)
            && let Some(entry) = self.question_cache.get_mut(s)
        {
            *entry = (k, id + 1);
        }
        Ok(id)
    }
}

#[inline(always)]
fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

#[cfg(test)]
mod tests {
    use super::super::parse_responses;
    use super::*;

    fn both(text: &str, block: usize) -> Option<Responses> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("responses.csv");
        std::fs::write(&path, text).unwrap();
        let full = parse_responses("f", text.as_bytes(), None).ok();
        let mut last = None;
        for threads in 1..=3 {
            let laned = read(&path, None, threads, block);
            if let (Some(f), Some(l)) = (&full, &laned) {
                let (a, b) = (
                    repere_core::survey::summarize(&f.tally, None),
                    repere_core::survey::summarize(&l.tally, None),
                );
                assert_eq!(a, b, "{threads} threads, block {block}");
                assert_eq!((f.answers, f.skipped), (l.answers, l.skipped));
            }
            if full.is_none() {
                assert!(
                    laned.is_none(),
                    "the lane accepts what the thorough reader refuses"
                );
            }
            last = laned;
        }
        last
    }

    fn file(respondents: usize) -> String {
        let mut text = String::from("respondent,process,question,answer\n");
        for r in 0..respondents {
            for q in 0..7 {
                if (r + q) % 6 == 0 {
                    continue;
                }
                let answer = if (r * q) % 13 == 0 {
                    String::new()
                } else {
                    ((r * 3 + q) % 5 + 1).to_string()
                };
                text.push_str(&format!("s{r:05},p{:02},q{q},{answer}\n", r % 7));
            }
        }
        text
    }

    #[test]
    fn the_lane_counts_what_the_thorough_reader_counts() {
        let text = file(3000);
        for block in [64, 1000, BLOCK] {
            assert!(both(&text, block).is_some(), "block {block}");
        }
        let crlf = text.replace('\n', "\r\n");
        assert!(both(&crlf, 4096).is_some());
        // Respondents together but not in increasing order: read keeping them all.
        let mut lines: Vec<&str> = text.lines().skip(1).collect();
        lines.reverse();
        let reversed = format!("respondent,process,question,answer\n{}\n", lines.join("\n"));
        for block in [64, 4096] {
            assert!(both(&reversed, block).is_some(), "block {block}");
        }
    }

    /// Many processes each answering its own question: counted densely that would be
    /// processes × questions cells (200 million here); the lane gives up past its budget and
    /// the thorough reader holds only the pairs answered.
    #[test]
    fn memory_follows_the_pairs_answered_not_processes_times_questions() {
        let mut text = String::from("respondent,process,question,answer\n");
        for i in 0..20_000 {
            text.push_str(&format!("r{i:05},p{i:05},q{i:05},3\n"));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("responses.csv");
        std::fs::write(&path, &text).unwrap();
        assert!(read(&path, None, 2, BLOCK).is_none());
        let full = parse_responses("f", text.as_bytes(), None).unwrap();
        assert_eq!(full.tally.cells.len(), 20_000);
        let summary = repere_core::survey::summarize(&full.tally, None);
        assert_eq!(summary.questions.len(), 20_000);
        assert_eq!(summary.processes.len(), 20_000);
    }

    #[test]
    fn bytes_that_are_not_utf8_make_the_lane_give_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.csv");
        let mut bytes = file(30).into_bytes();
        bytes.extend_from_slice(b"s99999,caf\xE9,q1,2\n");
        std::fs::write(&path, &bytes).unwrap();
        assert!(read(&path, None, 2, 64).is_none());
        // Valid UTF-8 beyond ASCII is read.
        let path = dir.path().join("utf8.csv");
        std::fs::write(&path, file(30) + "s99999,café,q1,2\n").unwrap();
        let read = read(&path, None, 2, 64).expect("read by the lane");
        assert!(read.tally.processes.iter().any(|p| p == "café"));
    }

    #[test]
    fn the_lane_gives_up_on_what_it_does_not_handle() {
        let text = file(300);
        let lines: Vec<&str> = text.lines().collect();
        let with = |at: usize, line: &str| {
            let mut changed = lines.clone();
            changed[at] = line;
            changed.join("\n")
        };
        for case in [
            with(5, "\"s00000\",p00,q3,2"),
            with(9, "s00001,p01,q4,x"),
            with(20, "s00003,p03,q1,16"),
            with(30, "s00004, p04,q1,1"),
            format!("{text}s00000,p00,q6,1\n"),
            with(12, "s00001,p05,q6,1"),
        ] {
            assert!(both(&case, 256).is_none(), "{}", &case[..60]);
        }
    }
}
