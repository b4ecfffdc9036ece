//! The fast lane of [`read_ratings`](super::read_ratings): a clean file of numbers, streamed.
//!
//! Most files are plain: no quotes, UTF-8, a header line then one rating per line, every
//! value a number. The lane reads such a file without holding it in memory. The data is cut
//! into one part per core, at a line end moved to the next change of unit (so that a file
//! grouped by unit gives parts of separate units, which are built in parallel:
//! [`RatingTableBuilder::build_parts`]). Each thread reads its part with positioned reads
//! into a buffer of its own that stays in the processor's cache, checks each block of whole
//! lines as UTF-8, splits the lines (from two 16-byte words per line when the columns are
//! `unit,rater,value`, eight bytes at a time otherwise) and feeds its own
//! [`RatingTableBuilder`]. Values and raters are looked up by their text (up to seven
//! bytes) in small direct-mapped caches of interned ids
//! ([`RatingTableBuilder::push_interned`]), so a file of a few distinct values parses each
//! of them once per thread.
//!
//! The lane never reports a problem itself: at the first thing it does not handle (a quote,
//! bytes that are not UTF-8, a row with the wrong number of fields, an empty identifier,
//! blanks around a field, a value that is not a finite number, a duplicate rating, fewer
//! than two raters, a file that gets shorter while read) it gives up, and the command reads the
//! file again with the thorough reader, which locates every problem. So the lane changes the
//! speed of the command, never its results or its messages; the tests check that both
//! readers build the same table.

use std::fs::File;
use std::io;
use std::path::Path;

use repere_core::agreement::{RaterId, RatingTableBuilder, ValueId};

use super::{Columns, PARALLEL_BYTES, RatingFile, byte_mask, columns_of, on_threads, parse_number};
use crate::error::Problems;

/// The size of the buffer of each thread (whole lines are taken from it block by block).
pub(super) const BLOCK: usize = 1 << 19;

/// Bytes after the end of a block that a word read may touch.
const PAD: usize = 8;

/// The longest header line the lane reads; a longer one goes to the full reader.
const HEAD: usize = 1 << 16;

/// The number of entries of the value cache (a power of two).
const VALUES: usize = 4096;

/// The number of entries of the rater cache (a power of two).
const RATERS: usize = 64;

/// The odd multiplier of the cache hashes (2^64 divided by the golden ratio).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The rows read by the lane, before the table is built.
pub(super) struct Laned {
    /// One builder per part, in file order.
    parts: Vec<RatingTableBuilder>,
    threads: usize,
    empty_values: usize,
    ignored_columns: Vec<String>,
}

impl Laned {
    /// The table, or `None` when it cannot be built (a duplicate rating, fewer than two
    /// raters, no rating at all: the full reader reports them). The parts are built in parallel
    /// when they hold separate units ([`RatingTableBuilder::build_parts`]).
    pub(super) fn finish(self) -> Option<RatingFile> {
        let table = RatingTableBuilder::build_parts(self.parts, self.threads).ok()?;
        (table.raters() >= 2).then_some(RatingFile {
            table,
            labels: false,
            empty_values: self.empty_values,
            ignored_columns: self.ignored_columns,
        })
    }
}

/// Reads the file at `path` with at most `threads` threads and buffers of `block` bytes,
/// or `None` when the file needs the full reader (which also reports the errors of
/// opening or reading it).
pub(super) fn read(path: &Path, threads: usize, block: usize) -> Option<Laned> {
    // Only regular files, never waiting on a FIFO; a file over the limit is left to the full
    // reader, which refuses it with a message.
    let (file, len) = repere_fs::open_regular(path).ok()?;
    if len > super::MAX_CSV_BYTES {
        return None;
    }
    let threads = if len < PARALLEL_BYTES as u64 {
        1
    } else {
        threads
    };
    read_file(&file, len, threads, block).ok().flatten()
}

/// [`read`] on an open file of `len` bytes.
fn read_file(file: &File, len: u64, threads: usize, block: usize) -> io::Result<Option<Laned>> {
    let Some((columns, ignored_columns, data)) = head(file, len)? else {
        return Ok(None);
    };
    let parts = cut(file, data, len, threads, columns.unit)?;
    let read_part = |(start, end): (u64, u64)| Part::new(&columns, block).read(file, start, end);
    let results = on_threads(&parts, read_part);
    let mut parts = Vec::with_capacity(results.len());
    let mut empty_values = 0;
    for result in results {
        let Some(part) = result? else {
            return Ok(None);
        };
        empty_values += part.empty_values;
        parts.push(part.builder);
    }
    Ok(Some(Laned {
        parts,
        threads,
        empty_values,
        ignored_columns,
    }))
}

/// The header: the columns, the ignored column names and the offset of the data, or
/// `None` when the first line is not a plain header (blank, quoted, too long, not
/// UTF-8, or wrong: the full reader says why).
fn head(file: &File, len: u64) -> io::Result<Option<(Columns, Vec<String>, u64)>> {
    let mut buf = vec![0u8; HEAD.min(usize::try_from(len).unwrap_or(HEAD))];
    let n = read_at_most(file, &mut buf, 0)?;
    let buf = &buf[..n];
    let bom = if buf.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let Some(end) = buf.iter().position(|&b| b == b'\n') else {
        return Ok(None);
    };
    let line = &buf[bom..=end];
    let Ok(text) = std::str::from_utf8(line) else {
        return Ok(None);
    };
    if text.contains('"') || text.trim().is_empty() {
        return Ok(None);
    }
    let names: Vec<String> = text
        .trim_end_matches(['\n', '\r'])
        .split(',')
        .map(|n| n.trim_matches([' ', '\t']).to_owned())
        .collect();
    let Some((columns, ignored)) = columns_of(&names, 1, "", &mut Problems::new("")) else {
        return Ok(None);
    };
    Ok(Some((columns, ignored, end as u64 + 1)))
}

/// Cuts `[data, len)` at line ends into at most `threads` parts `[start, end)`, moved
/// to the next change of unit where the lines show one (so that a file grouped by unit
/// gives parts of separate units, built in parallel).
pub(crate) fn cut(
    file: &File,
    data: u64,
    len: u64,
    threads: usize,
    unit: usize,
) -> io::Result<Vec<(u64, u64)>> {
    let mut bounds = vec![data];
    let size = len.saturating_sub(data);
    let mut probe = vec![0u8; 4096];
    for k in 1..threads as u64 {
        let previous = bounds.last().copied().unwrap_or(data);
        let mut at = (data + size * k / threads as u64).max(previous);
        // The first line end at or after `at`: the cut is just after it.
        let cut = loop {
            if at >= len {
                break len;
            }
            let room = usize::try_from(len - at)
                .unwrap_or(usize::MAX)
                .min(probe.len());
            let n = read_at_most(file, &mut probe[..room], at)?;
            if n == 0 {
                break len;
            }
            if let Some(i) = probe[..n].iter().position(|&b| b == b'\n') {
                break at + i as u64 + 1;
            }
            at += n as u64;
        };
        bounds.push(next_unit(file, cut, len, unit)?.min(len));
    }
    bounds.push(len);
    bounds.dedup();
    Ok(bounds.windows(2).map(|w| (w[0], w[1])).collect())
}

/// The start of the first line after `start` (a line start) whose unit differs from the
/// unit of the line at `start`, looked for in the next 64 KiB; `start` when not found.
fn next_unit(file: &File, start: u64, len: u64, unit: usize) -> io::Result<u64> {
    let mut window = vec![0u8; 1 << 16];
    // Only the `len` bytes the parts cover: a file that grows meanwhile changes nothing.
    let room = usize::try_from(len.saturating_sub(start)).unwrap_or(usize::MAX);
    let n = read_at_most(file, &mut window[..room.min(1 << 16)], start)?;
    let unit_of = |line: &[u8]| -> Option<Vec<u8>> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        line.split(|&b| b == b',').nth(unit).map(<[u8]>::to_vec)
    };
    let mut lines = window[..n].split_inclusive(|&b| b == b'\n');
    let Some(first) = lines.next().filter(|l| l.ends_with(b"\n")) else {
        return Ok(start);
    };
    let first_unit = unit_of(first);
    let mut pos = start + first.len() as u64;
    for line in lines {
        if !line.ends_with(b"\n") && pos + (line.len() as u64) < len {
            // Cut by the end of the window.
            break;
        }
        if unit_of(line) != first_unit {
            return Ok(pos);
        }
        pos += line.len() as u64;
    }
    Ok(if pos >= len { len } else { start })
}

/// Reads into `buf` from `offset` until it is full or the file ends; the bytes read.
pub(crate) fn read_at_most(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match read_at(file, &mut buf[done..], offset + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::os::unix::fs::FileExt as _;
    file.read_at(buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::os::windows::fs::FileExt as _;
    file.seek_read(buf, offset)
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<usize> {
    // No positioned reads: the full reader takes every file.
    Err(io::ErrorKind::Unsupported.into())
}

/// The eight bytes of `bytes` from `at`, little-endian (`at + 8 <= bytes.len()`).
#[inline(always)]
fn load(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    if let Some(part) = bytes.get(at..at + 8) {
        word.copy_from_slice(part);
    }
    u64::from_le_bytes(word)
}

/// The sixteen bytes of `bytes` from `at`, little-endian (`at + 16 <= bytes.len()`).
#[inline(always)]
fn load_16(bytes: &[u8], at: usize) -> u128 {
    u128::from(load(bytes, at)) | (u128::from(load(bytes, at + 8)) << 64)
}

/// The mask of the high bits of the first `n` bytes of a 16-byte word (`n < 16`).
#[inline(always)]
fn low_bytes(n: usize) -> u128 {
    (1u128 << (8 * n)) - 1
}

/// [`byte_mask`] over sixteen bytes.
#[inline(always)]
fn byte_mask_16(word: u128, byte: u8) -> u128 {
    const LOW7: u128 = 0x7F7F_7F7F_7F7F_7F7F_7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (0x0101_0101_0101_0101_0101_0101_0101_0101 * u128::from(byte));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Whether a byte is a blank that the full reader would trim.
#[inline(always)]
fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The lane gave up: the full reader takes the file.
struct GiveUp;

/// One thread's part of the file.
struct Part<'c> {
    columns: &'c Columns,
    /// For each column of the header: 0 (ignored) or 1 + its place in `[unit, rater, value]`.
    roles: Vec<u8>,
    builder: RatingTableBuilder,
    empty_values: usize,
    /// Value ids by value text: `(key, id)` ([`key`]; 0 is an empty entry).
    values: Vec<(u64, ValueId)>,
    /// Rater ids by rater name, the same way.
    raters: Vec<(u64, RaterId)>,
    /// Whether the columns are `unit,rater,value`, in that order and no other.
    standard: bool,
    /// Whether the current block may hold blanks (set per block by the standard layout;
    /// always true for the others).
    blanks: bool,
    /// The reading buffer: `block` bytes and [`PAD`] more.
    buf: Vec<u8>,
}

impl<'c> Part<'c> {
    fn new(columns: &'c Columns, block: usize) -> Self {
        let roles = columns.roles();
        Self {
            columns,
            roles,
            builder: RatingTableBuilder::new(),
            empty_values: 0,
            values: Vec::new(),
            raters: Vec::new(),
            blanks: true,
            standard: (columns.unit, columns.rater, columns.value, columns.width) == (0, 1, 2, 3),
            buf: vec![0u8; block.max(64) + PAD],
        }
    }

    /// Reads `[start, end)` of `file`, a part starting at a line start and ending after
    /// a line end or at the end of the file.
    fn read(mut self, file: &File, start: u64, end: u64) -> io::Result<Option<Self>> {
        let block = self.buf.len() - PAD;
        if start > end {
            return Ok(None);
        }
        let expected = usize::try_from(end - start).unwrap_or(usize::MAX);
        self.builder = RatingTableBuilder::with_capacity(expected / 12 + 16);
        let mut buf = std::mem::take(&mut self.buf);
        let mut filled = 0;
        let mut offset = start;
        while offset < end || filled > 0 {
            let want = (block - filled).min(usize::try_from(end - offset).unwrap_or(usize::MAX));
            if want > 0 {
                let n = read_at_most(file, &mut buf[filled..filled + want], offset)?;
                if n < want {
                    // The file is shorter than it was: the full reader reads it again.
                    return Ok(None);
                }
                offset += n as u64;
                filled += n;
            }
            let complete = if offset == end {
                filled
            } else {
                match buf[..filled].iter().rposition(|&b| b == b'\n') {
                    Some(i) => i + 1,
                    // A line longer than the buffer.
                    None => return Ok(None),
                }
            };
            if self.block(&buf, complete).is_err() {
                return Ok(None);
            }
            buf.copy_within(complete..filled, 0);
            filled -= complete;
        }
        Ok(Some(self))
    }

    /// The whole lines `buf[..len]` (the last one may lack its line end at the end of the
    /// file); `buf` has [`PAD`] bytes more for word reads.
    fn block(&mut self, buf: &[u8], len: usize) -> Result<(), GiveUp> {
        let text = std::str::from_utf8(&buf[..len]).map_err(|_| GiveUp)?;
        if self.standard {
            self.standard_lines(buf, text, len)
        } else {
            self.any_lines(buf, text, len)
        }
    }

    /// The lines of a file whose columns are `unit,rater,value`, in that order. A line
    /// whose unit and rater take at most 14 bytes and whose value at most 15 is split
    /// from two 16-byte words, one from the line start (the two commas), one from the
    /// value (the line end), without a branch per separator; other lines are read byte by
    /// byte.
    fn standard_lines(&mut self, buf: &[u8], text: &str, len: usize) -> Result<(), GiveUp> {
        // One search for quotes per block, not one per line; blanks around fields are
        // looked for only in a block that has some.
        if buf[..len].contains(&b'"') {
            return Err(GiveUp);
        }
        self.blanks = buf[..len].contains(&b' ') || buf[..len].contains(&b'\t');
        let mut pos = 0;
        while pos < len {
            if pos + 16 > len {
                pos = self.one_line(buf, text, pos, len)?;
                continue;
            }
            let word = load_16(buf, pos);
            // The first two commas, before any line end.
            let commas = byte_mask_16(word, b',');
            let second = commas & commas.wrapping_sub(1);
            let b = (second.trailing_zeros() / 8) as usize;
            if commas == 0 || second == 0 || byte_mask_16(word, b'\n') & low_bytes(b) != 0 {
                pos = self.one_line(buf, text, pos, len)?;
                continue;
            }
            let a = (commas.trailing_zeros() / 8) as usize;
            let start = pos + b + 1;
            if start + 16 > len {
                pos = self.one_line(buf, text, pos, len)?;
                continue;
            }
            // The line end, within 16 bytes of the value's start. A comma in the value
            // (a fourth field) makes it a value that is not a number: the lane gives up.
            let line_ends = byte_mask_16(load_16(buf, start), b'\n');
            if line_ends == 0 {
                pos = self.one_line(buf, text, pos, len)?;
                continue;
            }
            let nl = start + (line_ends.trailing_zeros() / 8) as usize;
            let end = if nl > start && buf[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            self.row(
                buf,
                text,
                [(pos, pos + a), (pos + a + 1, pos + b), (start, end)],
            )?;
            pos = nl + 1;
        }
        Ok(())
    }

    /// The line at `pos`, read byte by byte; the start of the next line.
    fn one_line(
        &mut self,
        buf: &[u8],
        text: &str,
        pos: usize,
        len: usize,
    ) -> Result<usize, GiveUp> {
        let bytes = &text.as_bytes()[..len];
        let nl = bytes[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(len, |i| pos + i);
        let mut line = Line {
            start: pos,
            ..Line::default()
        };
        for (i, &byte) in bytes.iter().enumerate().take(nl).skip(pos) {
            match byte {
                b'"' => return Err(GiveUp),
                b',' => line.field_end(&self.roles, i),
                _ => {}
            }
        }
        self.line_end(buf, text, &mut line, nl)?;
        Ok(nl + 1)
    }

    /// The lines of a file with any columns: separators found eight bytes at a time.
    fn any_lines(&mut self, buf: &[u8], text: &str, len: usize) -> Result<(), GiveUp> {
        let bytes = text.as_bytes();
        let mut line = Line::default();
        let mut pos = 0;
        while pos + 8 <= len {
            let word = load(buf, pos);
            if byte_mask(word, b'"') != 0 {
                return Err(GiveUp);
            }
            let mut mask = byte_mask(word, b',') | byte_mask(word, b'\n');
            while mask != 0 {
                let i = pos + (mask.trailing_zeros() / 8) as usize;
                if bytes[i] == b',' {
                    line.field_end(&self.roles, i);
                } else {
                    self.line_end(buf, text, &mut line, i)?;
                }
                mask &= mask - 1;
            }
            pos += 8;
        }
        for (i, &byte) in bytes.iter().enumerate().skip(pos) {
            match byte {
                b'"' => return Err(GiveUp),
                b',' => line.field_end(&self.roles, i),
                b'\n' => self.line_end(buf, text, &mut line, i)?,
                _ => {}
            }
        }
        if line.start < len || line.field > 0 {
            // The last line of the file, without a line end.
            self.line_end(buf, text, &mut line, len)?;
        }
        Ok(())
    }

    /// The line ending at `i` (a line feed, or the end of the block).
    #[inline(always)]
    fn line_end(
        &mut self,
        buf: &[u8],
        text: &str,
        line: &mut Line,
        i: usize,
    ) -> Result<(), GiveUp> {
        let end = if i > line.start && buf[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        if !(line.field == 0 && end == line.start) {
            // Not a blank line.
            line.field_end(&self.roles, end);
            if line.field != self.columns.width {
                return Err(GiveUp);
            }
            self.row(buf, text, line.kept)?;
        }
        *line = Line {
            start: i + 1,
            ..Line::default()
        };
        Ok(())
    }

    /// Adds the row whose `[unit, rater, value]` fields are these byte ranges.
    #[inline(always)]
    fn row(
        &mut self,
        buf: &[u8],
        text: &str,
        [unit, rater, value]: [(usize, usize); 3],
    ) -> Result<(), GiveUp> {
        if value.0 == value.1 {
            self.empty_values += 1;
            return Ok(());
        }
        for (s, e) in [unit, rater, value] {
            if s == e || (self.blanks && (blank(buf[s]) || blank(buf[e - 1]))) {
                return Err(GiveUp);
            }
        }
        let builder = &mut self.builder;
        let value = cached(&mut self.values, VALUES, key(buf, value), || {
            let text = text.get(value.0..value.1).ok_or(GiveUp)?;
            parse_number(text)
                .and_then(|x| builder.intern_number(x))
                .ok_or(GiveUp)
        })?;
        let rater = cached(&mut self.raters, RATERS, key(buf, rater), || {
            Ok(builder.intern_rater(text.get(rater.0..rater.1).ok_or(GiveUp)?))
        })?;
        let unit = text.get(unit.0..unit.1).ok_or(GiveUp)?;
        self.builder
            .push_interned(unit, rater, value)
            .map_err(|_| GiveUp)
    }
}

/// The id cached under `key` in the direct-mapped `cache` of `size` entries (a power of
/// two; allocated at the first miss), or the id `miss` makes, then cached. Without a key
/// (a text too long to be one), `miss` every time.
#[inline(always)]
fn cached<T: Copy>(
    cache: &mut Vec<(u64, T)>,
    size: usize,
    key: Option<u64>,
    miss: impl FnOnce() -> Result<T, GiveUp>,
) -> Result<T, GiveUp> {
    let Some(key) = key else {
        return miss();
    };
    // The top bits of a multiplicative hash (they depend on every bit of the key).
    let slot = key
        .wrapping_mul(GOLDEN)
        .checked_shr(64 - size.trailing_zeros())
        .unwrap_or(0) as usize;
    if let Some(&(cached, id)) = cache.get(slot)
        && cached == key
    {
        return Ok(id);
    }
    let id = miss()?;
    if cache.is_empty() {
        *cache = vec![(0, id); size];
    }
    if let Some(entry) = cache.get_mut(slot) {
        *entry = (key, id);
    }
    Ok(id)
}

/// The cache key of the field `buf[s..e]`: its bytes with its length in the high byte,
/// for a field of 1 to 7 bytes (never 0). `buf` has [`PAD`] bytes after the field's block.
#[inline(always)]
fn key(buf: &[u8], (s, e): (usize, usize)) -> Option<u64> {
    let n = e - s;
    (1..=7)
        .contains(&n)
        .then(|| (load(buf, s) & (u64::MAX >> (64 - 8 * n))) | ((n as u64) << 56))
}

/// The fields of the current line.
#[derive(Default)]
struct Line {
    /// The start of the current field.
    start: usize,
    /// The number of fields before the current one.
    field: usize,
    /// `[unit, rater, value]` as byte ranges of the block.
    kept: [(usize, usize); 3],
}

impl Line {
    /// The current field ends at `end`.
    #[inline(always)]
    fn field_end(&mut self, roles: &[u8], end: usize) {
        if let Some(&role) = roles.get(self.field)
            && let Some(kept) = self.kept.get_mut(usize::from(role).wrapping_sub(1))
        {
            *kept = (self.start, end);
        }
        self.field += 1;
        self.start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use repere_core::agreement::{MeasurementLevel, krippendorff_alpha};

    use super::super::parse_ratings;
    use super::*;

    /// What a table says, to compare two readers.
    fn summary(loaded: &RatingFile) -> (Vec<String>, Vec<String>, usize, Vec<String>, Vec<String>) {
        let t = &loaded.table;
        let alphas = MeasurementLevel::ALL
            .iter()
            .map(|&level| format!("{:?}", krippendorff_alpha(t, level).map(|a| a.value)))
            .collect();
        (
            t.unit_names().map(str::to_owned).collect(),
            t.rater_names().map(str::to_owned).collect(),
            loaded.empty_values,
            loaded.ignored_columns.clone(),
            alphas,
        )
    }

    /// Reads `text` with the full reader and with the lane (buffers of `block` bytes, one
    /// to three threads); `None` when the lane gives up.
    fn both(text: &str, block: usize) -> Option<Vec<(usize, bool)>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ratings.csv");
        std::fs::write(&path, text).unwrap();
        let full = parse_ratings("f", text.as_bytes(), MeasurementLevel::Interval).ok();
        let mut outcomes = Vec::new();
        for threads in 1..=3 {
            let file = File::open(&path).unwrap();
            let laned = read_file(&file, text.len() as u64, threads, block)
                .unwrap()
                .and_then(Laned::finish);
            match (&full, &laned) {
                (Some(full), Some(laned)) => {
                    assert!(
                        summary(full) == summary(laned),
                        "{threads} threads, {block}"
                    );
                }
                (None, Some(_)) => panic!("the lane accepts what the full reader refuses"),
                _ => {}
            }
            outcomes.push((threads, laned.is_some()));
        }
        Some(outcomes).filter(|o| o.iter().all(|&(_, taken)| taken))
    }

    /// A clean file of `units` units and four raters, grouped by unit.
    fn grouped(units: usize, line_end: &str) -> String {
        let mut text = format!("unit,rater,value{line_end}");
        for u in 0..units {
            for r in 0..4 {
                if (u + r) % 5 != 0 {
                    let value = (u * 3 + r * 7) % 11;
                    text.push_str(&format!("u{u:04},r{r},{value}{line_end}"));
                }
            }
        }
        text
    }

    #[test]
    fn the_lane_reads_what_the_full_reader_reads() {
        let grouped_lf = grouped(300, "\n");
        let grouped_crlf = grouped(300, "\r\n");
        let mut by_rater: Vec<&str> = grouped_lf.lines().skip(1).collect();
        by_rater.sort_by_key(|line| line.split(',').nth(1).map(str::to_owned));
        let by_rater = format!("unit,rater,value\n{}", by_rater.join("\n"));
        let long_lines = grouped_lf
            .replace("\nu0", "\nunit-with-a-long-name-0")
            .replace(",r", ",rater number ")
            .replace("rater number ater", "rater");
        let decimals = grouped_lf
            .replace(",3\n", ",3.25\n")
            .replace(",10\n", ",-1e1\n");
        let others =
            "comment,value,unit,rater\nx,1,a,r1\n,2,a,r2\ny,,b,r1\nz,3,b,r2\n,1,c,r1\n\n,1,c,r2";
        let blank_lines =
            "\u{FEFF}unit,rater,value\n\na,r1,1\na,r2,2\n\r\nb,r1,2\nb,r2,2\nb,r3,\nc,r1,1\nc,r2,1";
        for text in [
            &grouped_lf,
            &grouped_crlf,
            &by_rater,
            &long_lines,
            &decimals,
            others,
            blank_lines,
        ] {
            for block in [64, 100, 4096, BLOCK] {
                assert!(
                    both(text, block).is_some(),
                    "the lane gave up on {}",
                    &text[..60]
                );
            }
        }
    }

    #[test]
    fn the_lane_gives_up_on_what_it_does_not_handle() {
        let clean = grouped(50, "\n");
        let lines: Vec<&str> = clean.lines().collect();
        // The clean file with line `at` replaced.
        let with = |at: usize, line: &str| {
            let mut changed = lines.clone();
            changed[at] = line;
            changed.join("\n")
        };
        let cases = [
            with(5, "\"u0001\",r2,3"),
            with(9, "u0002,r3,x"),
            with(90, "u0030, r3,1"),
            with(100, "u0033,r3,1,"),
            with(120, "u0040,r0,1\nu0040,r0,2"),
            with(130, ",r1,1"),
            with(140, "u0046,r1,nan"),
            with(1, "u0000,r0,1e999"),
            "unit,rater,value\nu1,a,1\nu2,a,2\n".to_owned(),
            "unit,rater,value\n".to_owned(),
            "\nunit,rater,value\nu1,a,1\nu1,b,2\n".to_owned(),
            "unit,rater\nu1,a\n".to_owned(),
        ];
        assert!(both(&clean, 64).is_some());
        for text in &cases {
            for block in [64, BLOCK] {
                assert_eq!(both(text, block), None, "{}", &text[..text.len().min(40)]);
            }
        }
        // Bytes that are not UTF-8.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.csv");
        std::fs::write(&path, b"unit,rater,value\nu\xE9,a,1\nu\xE9,b,2\n").unwrap();
        assert!(read(&path, 2, BLOCK).is_none());
    }

    #[test]
    fn parts_are_cut_between_units() {
        let text = grouped(2000, "\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ratings.csv");
        std::fs::write(&path, &text).unwrap();
        let file = File::open(&path).unwrap();
        let data = text.find('\n').unwrap() as u64 + 1;
        let parts = cut(&file, data, text.len() as u64, 3, 0).unwrap();
        assert_eq!(parts.len(), 3);
        for &(start, end) in &parts[1..] {
            let before = &text[..start as usize];
            let previous = before.trim_end().rsplit('\n').next().unwrap();
            let next = text[start as usize..end as usize]
                .split('\n')
                .next()
                .unwrap();
            assert_ne!(previous.split(',').next(), next.split(',').next());
        }
        assert_eq!(parts.first().unwrap().0, data);
        assert_eq!(parts.last().unwrap().1, text.len() as u64);
    }
}
