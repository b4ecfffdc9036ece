//! `repere batch` and `repere sensitivity`: many processes on one grid, and how their scores
//! and ranks depend on the weights. A thin shell over `repere_core::batch`,
//! `repere_core::sensitivity`, `repere_table::batch` and the report documents.

use std::borrow::Cow;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use repere_core::batch::{BatchScorer, cells_of, row_of};
use repere_core::sensitivity::{Draws, central_weights, smaa, sweep};
use repere_core::{Grid, Profile};
use repere_report::{
    AcrossDoc, BatchDoc, BatchFailureDoc, BatchRowsPart, CompletenessColumn, DrawsDoc, DrawsKind,
    Format, ReportLang, SensitivityDoc,
};
use repere_table::batch::{WideOptions, read_weights, read_wide};

use crate::commands::{emit, rendered};
use crate::io::{eprint_line, input, is_stdout, note, read_bytes, read_text, terminal_safe};
use crate::{Failure, OutputArgs, resolve};

/// The largest wide CSV read, in bytes.
const CSV_LIMIT: u64 = 4 << 30;

/// Formats of `repere batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BatchFormat {
    /// One row per assessment: assessment, one column per dimension, overall, completeness.
    Csv,
    /// One JSON object per assessment, one per line.
    Jsonl,
    /// The whole batch (`repere-batch/1`), with the comparison across processes.
    Json,
    /// A page comparing the processes: heatmap, small multiples, ranking.
    Html,
    /// A workbook for spreadsheets (needs `-o FILE`).
    Xlsx,
}

/// Which completeness the CSV's last column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompletenessArg {
    /// `completeness`: the share of applicable criteria rated.
    Count,
    /// `coverage`: the share of the applicable criteria's weight rated.
    Weight,
}

/// Formats of `repere sensitivity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SensitivityFormat {
    Text,
    Csv,
    Json,
    Html,
}

/// What `repere batch` was asked.
pub(crate) struct BatchArgs {
    pub(crate) inputs: Vec<String>,
    pub(crate) grid: String,
    pub(crate) profile: Option<String>,
    pub(crate) format: BatchFormat,
    pub(crate) completeness: CompletenessArg,
    pub(crate) lang: ReportLang,
    pub(crate) out: OutputArgs,
}

/// What `repere sensitivity` was asked.
pub(crate) struct SensitivityArgs {
    pub(crate) inputs: Vec<String>,
    pub(crate) grid: String,
    pub(crate) profile: Option<String>,
    pub(crate) draws: Option<usize>,
    pub(crate) seed: u64,
    pub(crate) weights_file: Option<String>,
    pub(crate) concentration: Option<f64>,
    pub(crate) format: SensitivityFormat,
    pub(crate) lang: ReportLang,
    pub(crate) out: OutputArgs,
}

/// One input: an assessment (its text when piped), or a wide table (its bytes when piped).
/// Standard input (`-`) is read whole at once and is a table when it looks like one
/// ([`looks_like_table`]).
enum Source {
    Toml(Origin<String>),
    Table(Origin<Vec<u8>>),
}

/// Where an input comes from: a file, or standard input already read.
enum Origin<T> {
    File(String),
    Piped(T),
}

impl<T> Origin<T> {
    /// How a failure names it: its path, or `<stdin>`.
    fn label(&self) -> String {
        match self {
            Origin::File(path) => path.clone(),
            Origin::Piped(_) => repere_fs::Input::Stdin.name(),
        }
    }
}

/// Whether piped bytes hold a wide table rather than an assessment: the first line that is not
/// blank holds a comma and no `=`, and opens neither a comment nor a table (`#`, `[`). A TOML
/// document's first line is one of those, a blank line or `key = value`; a table's header is
/// `assessment,<criterion ids>`.
fn looks_like_table(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Some(line) = bytes
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .find(|l| !l.is_empty())
    else {
        return false;
    };
    line.contains(&b',') && !line.contains(&b'=') && !matches!(line[0], b'#' | b'[')
}

/// Standard input, read whole, as a source.
fn piped() -> Result<Source, Failure> {
    let stdin = repere_fs::Input::Stdin;
    let bytes = read_bytes(&stdin, CSV_LIMIT)?;
    if looks_like_table(&bytes) {
        return Ok(Source::Table(Origin::Piped(bytes)));
    }
    if bytes.len() > repere_toml::MAX_FILE_BYTES {
        return Err(Failure::input(format!(
            "{}: the input is over the {} bytes an assessment may have (a wide table starts with its header `assessment,<criterion ids>`)",
            stdin.name(),
            repere_toml::MAX_FILE_BYTES
        )));
    }
    repere_toml::decode(&stdin.name(), &bytes)
        .map(|t| Source::Toml(Origin::Piped(t.to_owned())))
        .map_err(|e| Failure::diagnostics(&e))
}

/// The inputs named on the command line, folders and dossiers expanded (sorted by name).
fn sources(args: &[String]) -> Result<Vec<Source>, Failure> {
    let mut out = Vec::new();
    for a in args {
        let p = Path::new(a);
        if a == "-" {
            out.push(piped()?);
        } else if p.is_dir() {
            let dir = if p.join(repere_dossier::EVALUATION_FILE).is_file() {
                // An evaluation dossier: its assessments.
                repere_dossier::Dossier::open(p)
                    .map_err(|e| Failure::input(format!("{}: {e}", p.display())))?;
                p.join(repere_dossier::ASSESSMENTS_DIR)
            } else {
                p.to_path_buf()
            };
            let mut files = Vec::new();
            walk(&dir, &mut files)?;
            files.sort();
            out.extend(files.into_iter().map(|f| {
                let s = f.to_string_lossy().into_owned();
                if has_ext(&f, "csv") {
                    Source::Table(Origin::File(s))
                } else {
                    Source::Toml(Origin::File(s))
                }
            }));
        } else if has_ext(p, "csv") {
            out.push(Source::Table(Origin::File(a.clone())));
        } else {
            out.push(Source::Toml(Origin::File(a.clone())));
        }
    }
    Ok(out)
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// The `.toml` and `.csv` files under a folder (and its subfolders; symbolic links are not
/// followed), the dossiers' own files left out.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Failure::input(format!(
            "cannot read the folder `{}`: {}",
            dir.display(),
            crate::io::io_reason(&e)
        ))
    })?;
    for e in entries.flatten() {
        let path = e.path();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            if path.join(repere_dossier::EVALUATION_FILE).is_file() {
                walk(&path.join(repere_dossier::ASSESSMENTS_DIR), out)?;
            } else {
                walk(&path, out)?;
            }
        } else if kind.is_file() && (has_ext(&path, "toml") || has_ext(&path, "csv")) {
            out.push(path);
        }
    }
    Ok(())
}

/// What the inputs gave: the rows (parts, in order), their cells when kept, and failures.
struct Gathered {
    parts: Vec<BatchRowsPart>,
    /// Per part, the cells (when kept).
    cells: Vec<Vec<f64>>,
    failures: Vec<BatchFailureDoc>,
}

/// Reads and scores every input; a failure is printed (located) and recorded, and the others
/// go on.
fn gather(
    sources: &[Source],
    grid: &Grid,
    profile: &Profile,
    scorer: &BatchScorer<'_>,
    keep_cells: bool,
    from_folder: bool,
) -> Result<Gathered, Failure> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut g = Gathered {
        parts: Vec::new(),
        cells: Vec::new(),
        failures: Vec::new(),
    };
    let scorer_full = repere_core::Scorer::new(grid, profile)
        .map_err(|e| Failure::input(format!("the profile does not fit the grid: {e}")))?;
    let tomls = sources
        .iter()
        .filter(|s| matches!(s, Source::Toml(_)))
        .count();
    let bar = progress(tomls as u64);
    let mut toml_part = BatchRowsPart::default();
    let mut toml_cells = Vec::new();
    let fail = |g: &mut Gathered, source: String, f: Failure| {
        f.print();
        g.failures.push(BatchFailureDoc {
            source,
            message: f.message().to_owned(),
        });
    };
    let flush = |g: &mut Gathered, part: &mut BatchRowsPart, cells: &mut Vec<f64>| {
        if !part.ends.is_empty() {
            g.parts.push(std::mem::take(part));
            g.cells.push(std::mem::take(cells));
        }
    };
    for s in sources {
        match s {
            Source::Toml(origin) => {
                match scored(origin, from_folder, grid, &scorer_full, bar.as_ref()) {
                    Ok(Some((name, card))) => {
                        toml_part.ids.push_str(&name);
                        toml_part.ends.push(toml_part.ids.len());
                        toml_part.values.extend(row_of(&card));
                        if keep_cells {
                            toml_cells.extend(cells_of(&card));
                        }
                    }
                    Ok(None) => {}
                    Err(f) => fail(&mut g, origin.label(), f),
                }
            }
            Source::Table(origin) => {
                flush(&mut g, &mut toml_part, &mut toml_cells);
                let (name, bytes) = match table_bytes(origin) {
                    Ok(read) => read,
                    Err(f) => {
                        fail(&mut g, origin.label(), f);
                        continue;
                    }
                };
                let batch =
                    match read_wide(&name, &bytes, scorer, WideOptions::new(threads, keep_cells)) {
                        Ok(b) => b,
                        Err(e) => {
                            fail(&mut g, origin.label(), table_failure(e));
                            continue;
                        }
                    };
                drop(bytes);
                if let Some(e) = &batch.problems {
                    fail(&mut g, origin.label(), Failure::diagnostics(e));
                }
                for p in batch.parts {
                    g.parts.push(BatchRowsPart {
                        ids: p.ids,
                        ends: p.ends,
                        values: p.values,
                    });
                    g.cells.push(p.cells);
                }
            }
        }
    }
    flush(&mut g, &mut toml_part, &mut toml_cells);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(g)
}

/// The name and the assessment of a TOML input, or `None` for a grid or profile found in a
/// folder beside the assessments (not an input).
fn assessment(
    origin: &Origin<String>,
    from_folder: bool,
    grid: &Grid,
) -> Result<Option<(String, repere_core::Assessment)>, Failure> {
    let (name, text) = match origin {
        Origin::File(path) => {
            let file = input(path);
            (file.name(), Cow::Owned(read_text(&file)?))
        }
        Origin::Piped(text) => (repere_fs::Input::Stdin.name(), Cow::Borrowed(text.as_str())),
    };
    if from_folder
        && let Ok(kind) = repere_toml::file_kind(&name, &text)
        && kind != repere_toml::FileKind::Assessment
    {
        return Ok(None);
    }
    match repere_toml::load_assessment(&name, &text, grid) {
        Ok(a) => Ok(Some((name, a))),
        Err(e) => Err(Failure::diagnostics(&e)),
    }
}

/// A TOML input read and scored (its name and scorecard), counted on the progress bar; `None`
/// as for [`assessment`].
fn scored(
    origin: &Origin<String>,
    from_folder: bool,
    grid: &Grid,
    scorer: &repere_core::Scorer<'_>,
    bar: Option<&indicatif::ProgressBar>,
) -> Result<Option<(String, repere_core::Scorecard)>, Failure> {
    if let Some(b) = bar {
        b.inc(1);
    }
    let Some((name, a)) = assessment(origin, from_folder, grid)? else {
        return Ok(None);
    };
    scorer
        .score(&a)
        .map(|card| Some((name.clone(), card)))
        .map_err(|e| Failure::input(format!("cannot score `{name}`: {e}")))
}

/// The name and the bytes of a table input.
fn table_bytes(origin: &Origin<Vec<u8>>) -> Result<(String, Cow<'_, [u8]>), Failure> {
    match origin {
        Origin::File(path) => {
            let file = input(path);
            let bytes = read_bytes(&file, CSV_LIMIT)?;
            Ok((file.name(), Cow::Owned(bytes)))
        }
        Origin::Piped(bytes) => Ok((repere_fs::Input::Stdin.name(), Cow::Borrowed(bytes))),
    }
}

fn table_failure(e: repere_table::TableError) -> Failure {
    match e {
        repere_table::TableError::Read(r) => crate::io::read_failure(r),
        repere_table::TableError::Invalid(l) => Failure::diagnostics(&l),
        other => Failure::input(other.to_string()),
    }
}

/// A progress bar on standard error for long runs, when it is a terminal and notes are on.
fn progress(len: u64) -> Option<indicatif::ProgressBar> {
    if len < 50 || crate::quiet() || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files ({eta} left)")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// The grid, the profile, and the scorer's checks.
fn grid_and_profile(grid: &str, profile: Option<&str>) -> Result<(Grid, Profile), Failure> {
    let g = resolve::grid(grid)?;
    let p = resolve::profile(profile, &g)?;
    Ok((g, p))
}

fn scorer<'a>(g: &'a Grid, p: &'a Profile) -> Result<BatchScorer<'a>, Failure> {
    BatchScorer::new(g, p)
        .map_err(|e| Failure::input(format!("the profile does not fit the grid: {e}")))
}

/// Names and cells of every row, flattened, for statistics.
fn flatten(g: &Gathered) -> (Vec<&str>, Vec<f64>, Vec<f64>) {
    let mut ids = Vec::new();
    let mut cells = Vec::new();
    let mut rows = Vec::new();
    for (p, c) in g.parts.iter().zip(&g.cells) {
        let mut start = 0;
        for end in &p.ends {
            ids.push(&p.ids[start..*end]);
            start = *end;
        }
        cells.extend_from_slice(c);
        rows.extend_from_slice(&p.values);
    }
    (ids, cells, rows)
}

/// `repere batch`.
pub(crate) fn batch(args: BatchArgs) -> Result<(), Failure> {
    let (g, p) = grid_and_profile(&args.grid, args.profile.as_deref())?;
    let scorer = scorer(&g, &p)?;
    if args.format == BatchFormat::Xlsx && !writes_file(&args.out) {
        return Err(Failure::usage(
            "an XLSX workbook is a binary file: name it with `-o FILE.xlsx`",
        ));
    }
    let keep = matches!(
        args.format,
        BatchFormat::Json | BatchFormat::Html | BatchFormat::Xlsx
    );
    let sources = sources(&args.inputs)?;
    let from_folder = args.inputs.iter().any(|a| Path::new(a).is_dir());
    if !keep {
        return batch_stream(&args, &g, &p, &scorer, &sources, from_folder);
    }
    let gathered = gather(&sources, &g, &p, &scorer, keep, from_folder)?;
    let failed = !gathered.failures.is_empty();
    let across = keep.then(|| {
        let (ids, cells, rows) = flatten(&gathered);
        let stats = repere_core::batch::stats::across(&scorer, &cells, &rows);
        AcrossDoc::new(&scorer, args.lang, &ids, &cells, &rows, &stats)
    });
    let completeness = match args.completeness {
        CompletenessArg::Count => CompletenessColumn::Count,
        CompletenessArg::Weight => CompletenessColumn::Weight,
    };
    let mut doc = BatchDoc::new(
        &scorer,
        args.lang,
        completeness,
        gathered.parts,
        gathered.failures,
    );
    doc.across = across;
    match args.format {
        BatchFormat::Csv => emit(&rendered(&doc, Format::Csv, false)?, &args.out)?,
        BatchFormat::Json => emit(&rendered(&doc, Format::Json, false)?, &args.out)?,
        BatchFormat::Html => emit(&rendered(&doc, Format::Html, false)?, &args.out)?,
        BatchFormat::Jsonl => emit(&doc.jsonl(), &args.out)?,
        BatchFormat::Xlsx => {
            let bytes = repere_report::xlsx(&doc).map_err(|e| Failure::input(e.to_string()))?;
            let path = args.out.output.clone().unwrap_or_default();
            write_bytes(&path, &bytes, args.out.force)?;
            note(&format!(
                "wrote {}",
                terminal_safe(&path.display().to_string())
            ));
        }
    }
    if failed {
        return Err(Failure::silent(1));
    }
    Ok(())
}

/// Where the rows of a streamed batch go: standard output as they come, or a buffer written
/// to the output file at the end (atomically).
enum Sink {
    Stdout(std::io::StdoutLock<'static>),
    Buffer(Vec<u8>),
}

impl Sink {
    fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        match self {
            Sink::Stdout(out) => {
                std::io::Write::write_all(out, bytes).map_err(|e| crate::io::stdout_failure(&e))
            }
            Sink::Buffer(b) => {
                b.extend_from_slice(bytes);
                Ok(())
            }
        }
    }
}

/// `repere batch` as CSV or JSON Lines: each row written as soon as it is scored, wide tables
/// read, scored and written by blocks (`repere_table::batch::stream_wide`), so that memory
/// stays small and reading, scoring and writing overlap. The same text as the whole
/// documents ([`BatchDoc`]'s CSV, [`BatchDoc::jsonl`]).
fn batch_stream(
    args: &BatchArgs,
    grid: &Grid,
    profile: &Profile,
    scorer: &BatchScorer<'_>,
    sources: &[Source],
    from_folder: bool,
) -> Result<(), Failure> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let completeness = match args.completeness {
        CompletenessArg::Count => CompletenessColumn::Count,
        CompletenessArg::Weight => CompletenessColumn::Weight,
    };
    let csv = args.format == BatchFormat::Csv;
    let format = move |name: &str, v: &[f64], out: &mut Vec<u8>| {
        if csv {
            repere_report::batch_csv_row(name, v, completeness, out);
        } else {
            let nd = v.len().saturating_sub(3);
            let num = |i: usize| v.get(i).copied().filter(|x| !x.is_nan());
            let row = repere_report::BatchRowDoc {
                assessment: name,
                dimensions: (0..nd).map(num).collect(),
                overall: num(nd),
                completeness: num(nd + 1),
                coverage: num(nd + 2),
            };
            if serde_json::to_writer(&mut *out, &row).is_ok() {
                out.push(b'\n');
            }
        }
    };
    let to_file = writes_file(&args.out);
    let mut sink = if to_file {
        Sink::Buffer(Vec::new())
    } else {
        Sink::Stdout(std::io::stdout().lock())
    };
    if csv {
        let empty = BatchDoc::new(scorer, args.lang, completeness, Vec::new(), Vec::new());
        sink.write(rendered(&empty, Format::Csv, false)?.as_bytes())?;
    }
    let scorer_full = repere_core::Scorer::new(grid, profile)
        .map_err(|e| Failure::input(format!("the profile does not fit the grid: {e}")))?;
    let tomls = sources
        .iter()
        .filter(|s| matches!(s, Source::Toml(_)))
        .count();
    let bar = progress(tomls as u64);
    let mut failed = false;
    let mut fail = |f: Failure| {
        f.print();
        failed = true;
    };
    let mut row = Vec::new();
    for s in sources {
        match s {
            Source::Toml(origin) => {
                match scored(origin, from_folder, grid, &scorer_full, bar.as_ref()) {
                    Ok(Some((name, card))) => {
                        row.clear();
                        format(&name, &row_of(&card), &mut row);
                        sink.write(&row)?;
                    }
                    Ok(None) => {}
                    Err(f) => fail(f),
                }
            }
            Source::Table(Origin::File(path)) => {
                let file = input(path);
                let mut write = |b: &[u8]| sink.write(b);
                let problems = match repere_table::batch::stream_wide(
                    Path::new(path),
                    &file.name(),
                    CSV_LIMIT,
                    scorer,
                    threads,
                    &format,
                    &mut write,
                ) {
                    Ok(done) => done.problems,
                    Err(repere_table::batch::StreamError::Sink(f)) => return Err(f),
                    Err(repere_table::batch::StreamError::Table(e)) => {
                        fail(table_failure(e));
                        continue;
                    }
                    Err(_) => continue,
                };
                if let Some(e) = problems {
                    fail(Failure::diagnostics(&e));
                }
            }
            // Standard input: read whole already.
            Source::Table(Origin::Piped(bytes)) => {
                let batch = match read_wide(
                    &repere_fs::Input::Stdin.name(),
                    bytes,
                    scorer,
                    WideOptions::new(threads, false),
                ) {
                    Ok(b) => b,
                    Err(e) => {
                        fail(table_failure(e));
                        continue;
                    }
                };
                let w = scorer.row_width();
                for part in &batch.parts {
                    row.clear();
                    for (r, v) in part.values.chunks_exact(w).enumerate() {
                        format(part.id(r), v, &mut row);
                    }
                    sink.write(&row)?;
                }
                if let Some(e) = &batch.problems {
                    fail(Failure::diagnostics(e));
                }
            }
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match sink {
        Sink::Stdout(mut out) => {
            std::io::Write::flush(&mut out).map_err(|e| crate::io::stdout_failure(&e))?;
        }
        Sink::Buffer(bytes) => {
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            emit(&text, &args.out)?;
        }
    }
    if failed {
        return Err(Failure::silent(1));
    }
    Ok(())
}

fn writes_file(out: &OutputArgs) -> bool {
    out.output.as_deref().is_some_and(|p| !is_stdout(p))
}

fn write_bytes(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    let overwrite = if force {
        repere_fs::Overwrite::Replace
    } else {
        repere_fs::Overwrite::Never
    };
    repere_fs::write(path, bytes, overwrite).map_err(|e| match e.kind {
        repere_fs::WriteErrorKind::Exists => Failure::usage(format!(
            "{e}; add `--force` to overwrite it, or choose another name"
        )),
        _ => Failure::input(e.to_string()),
    })
}

/// `repere sensitivity`.
pub(crate) fn sensitivity(args: SensitivityArgs) -> Result<(), Failure> {
    let (g, p) = grid_and_profile(&args.grid, args.profile.as_deref())?;
    let scorer = scorer(&g, &p)?;
    if p.overall == repere_core::Aggregation::None {
        return Err(Failure::usage(format!(
            "profile `{}` computes no overall score, so there is no rank to analyse\n  help: name a profile with an overall rule (`--profile ID` or a profile file)",
            p.id
        )));
    }
    let k = scorer.criteria();
    let (draws, draws_doc) = match (&args.weights_file, args.draws) {
        (Some(file), None) => {
            if args.concentration.is_some() {
                return Err(Failure::usage(
                    "`--concentration` draws weights; it does not apply to `--weights-file`",
                ));
            }
            let inp = input(file);
            let bytes = read_bytes(&inp, CSV_LIMIT)?;
            let d = read_weights(&inp.name(), &bytes, &g).map_err(table_failure)?;
            let doc = DrawsDoc {
                kind: DrawsKind::File,
                count: d.len(),
                seed: None,
                concentration: None,
                file: Some(inp.name()),
            };
            (d, doc)
        }
        (None, Some(n)) => {
            if n == 0 || n > 10_000_000 {
                return Err(Failure::usage(
                    "`--draws` takes a number from 1 to 10000000",
                ));
            }
            let d = match args.concentration {
                None => Draws::uniform(k, n, args.seed),
                Some(c) => Draws::dirichlet(&central_weights(&scorer), c, n, args.seed),
            }
            .map_err(|e| Failure::usage(e.to_string()))?;
            let doc = DrawsDoc {
                kind: if args.concentration.is_some() {
                    DrawsKind::Dirichlet
                } else {
                    DrawsKind::Uniform
                },
                count: n,
                seed: Some(args.seed),
                concentration: args.concentration,
                file: None,
            };
            (d, doc)
        }
        _ => {
            return Err(Failure::usage(
                "give either `--draws N` (with `--seed S`, and `--concentration C` to draw around the profile's weights) or `--weights-file CSV`",
            ));
        }
    };
    let sources = sources(&args.inputs)?;
    let from_folder = args.inputs.iter().any(|a| Path::new(a).is_dir());
    let gathered = gather(&sources, &g, &p, &scorer, true, from_folder)?;
    let failed = !gathered.failures.is_empty();
    let (ids, cells, rows) = flatten(&gathered);
    if ids.is_empty() {
        return Err(Failure::input(
            "no assessment could be read: nothing to analyse",
        ));
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let result =
        smaa(&scorer, &cells, &draws, threads).map_err(|e| Failure::input(e.to_string()))?;
    let single_sweep;
    let single = if ids.len() == 1 {
        single_sweep = sweep(&scorer, &cells);
        Some((&single_sweep[..], rows[scorer.dimensions()]))
    } else {
        None
    };
    let doc = SensitivityDoc::new(
        &scorer,
        args.lang,
        draws_doc,
        &ids,
        &result,
        central_weights(&scorer),
        single,
        false,
    );
    let format = match args.format {
        SensitivityFormat::Text => Format::Text,
        SensitivityFormat::Csv => Format::Csv,
        SensitivityFormat::Json => Format::Json,
        SensitivityFormat::Html => Format::Html,
    };
    emit(&rendered(&doc, format, false)?, &args.out)?;
    if failed {
        eprint_line(&format!(
            "error: {} input(s) could not be read; the analysis covers the others",
            gathered.failures.len()
        ));
        return Err(Failure::silent(1));
    }
    Ok(())
}

/// The demo's grid of the made-up observatory, and its profile (an overall score, a gate,
/// bands).
const DEMO_GRID: &str = "fr.maitre-ouvrage.concertation-projet";
const DEMO_PROFILE: &str = "acceptabilite";
/// How many made-up processes.
const DEMO_PROCESSES: usize = 300;

/// A small deterministic generator (SplitMix64): the made-up observatory is the same on every
/// run and platform.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The cells of `n` made-up processes on a grid: each process has an overall quality, each
/// criterion a bias (the last two are weak almost everywhere), a few cells are not assessed or
/// not applicable.
fn made_up(scorer: &BatchScorer<'_>, n: usize) -> Vec<f64> {
    use repere_core::batch::{NOT_APPLICABLE, NOT_ASSESSED};
    let grid = scorer.grid();
    let k = scorer.criteria();
    let mut rng = Mix(20_240_601);
    let bias: Vec<f64> = (0..k)
        .map(|i| {
            if i + 2 >= k {
                -0.6
            } else {
                0.2 * rng.unit() - 0.1
            }
        })
        .collect();
    let mut cells = Vec::with_capacity(n * k);
    for _ in 0..n {
        let q = 0.25 + 0.6 * rng.unit();
        for (i, (_, c)) in grid.criteria().enumerate() {
            let u = rng.unit();
            if u < 0.05 {
                cells.push(NOT_ASSESSED);
                continue;
            }
            if u < 0.07 {
                cells.push(NOT_APPLICABLE);
                continue;
            }
            let x = (q + bias[i] + 0.3 * (rng.unit() - 0.5)).clamp(0.0, 1.0);
            let scale = grid.scale_of(c);
            let levels = scale.levels();
            let score = if levels.len() >= 2 {
                // The nearest level.
                let pos = (x * (levels.len() - 1) as f64).round() as usize;
                scale
                    .normalise(&repere_core::Value::Level(levels[pos].id.clone()))
                    .unwrap_or(0.0)
            } else {
                (x * 100.0).round() / 100.0
            };
            cells.push(score);
        }
    }
    cells
}

/// The observatory part of `repere demo`: a batch of the example evaluations of each grid that
/// has several, and a made-up observatory of a few hundred processes (marked illustrative)
/// with its sensitivity to the weights. Returns the files written.
pub(crate) fn demo(out: &Path, lang: ReportLang, force: bool) -> Result<Vec<PathBuf>, Failure> {
    let mut written = Vec::new();
    let mut write = |name: String, text: &str| -> Result<(), Failure> {
        let path = out.join(name);
        crate::io::write_file(&path, text, force)?;
        written.push(path);
        Ok(())
    };
    // The example evaluations, grouped by grid.
    let mut by_grid: Vec<(String, Vec<repere_catalog::Example>)> = Vec::new();
    for ex in repere_catalog::examples() {
        let parsed = repere_toml::parse_assessment(ex.file, ex.text)
            .map_err(|e| Failure::diagnostics(&e))?;
        let id = parsed.grid_id().to_owned();
        match by_grid.iter_mut().find(|(g, _)| *g == id) {
            Some((_, v)) => v.push(ex),
            None => by_grid.push((id, vec![ex])),
        }
    }
    for (id, examples) in by_grid.iter().filter(|(_, v)| v.len() > 1) {
        let g = resolve::grid(id)?;
        let p = g
            .profile(DEMO_PROFILE)
            .cloned()
            .unwrap_or_else(|| g.default_profile());
        let scorer = scorer(&g, &p)?;
        let full = repere_core::Scorer::new(&g, &p)
            .map_err(|e| Failure::input(format!("the profile does not fit the grid: {e}")))?;
        let mut part = BatchRowsPart::default();
        let mut cells = Vec::new();
        let mut names = Vec::new();
        for ex in examples {
            let a = repere_toml::load_assessment(ex.file, ex.text, &g)
                .map_err(|e| Failure::diagnostics(&e))?;
            let card = full
                .score(&a)
                .map_err(|e| Failure::input(format!("cannot score `{}`: {e}", ex.file)))?;
            let name = ex.file.trim_end_matches(".toml");
            names.push(name);
            part.ids.push_str(name);
            part.ends.push(part.ids.len());
            part.values.extend(row_of(&card));
            cells.extend(cells_of(&card));
        }
        let rows = part.values.clone();
        let stats = repere_core::batch::stats::across(&scorer, &cells, &rows);
        let mut doc = BatchDoc::new(
            &scorer,
            lang,
            CompletenessColumn::Count,
            vec![part],
            Vec::new(),
        );
        doc.across = Some(AcrossDoc::new(&scorer, lang, &names, &cells, &rows, &stats));
        write(
            format!("batch-{id}.html"),
            &rendered(&doc, Format::Html, false)?,
        )?;
    }
    // The made-up observatory.
    let g = resolve::grid(DEMO_GRID)?;
    let p = resolve::profile(Some(DEMO_PROFILE), &g)?;
    let scorer = scorer(&g, &p)?;
    let cells = made_up(&scorer, DEMO_PROCESSES);
    let w = scorer.row_width();
    let mut rows = vec![0.0; DEMO_PROCESSES * w];
    scorer.score_rows(&cells, &mut rows, 1);
    let word = match lang {
        ReportLang::Fr => "demarche-fictive",
        _ => "made-up-process",
    };
    let names: Vec<String> = (1..=DEMO_PROCESSES)
        .map(|i| format!("{word}-{i:03}"))
        .collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut part = BatchRowsPart::default();
    for n in &names {
        part.ids.push_str(n);
        part.ends.push(part.ids.len());
    }
    part.values.clone_from(&rows);
    let stats = repere_core::batch::stats::across(&scorer, &cells, &rows);
    let mut doc = BatchDoc::new(
        &scorer,
        lang,
        CompletenessColumn::Count,
        vec![part],
        Vec::new(),
    );
    doc.illustrative = true;
    doc.across = Some(AcrossDoc::new(
        &scorer, lang, &name_refs, &cells, &rows, &stats,
    ));
    write(
        "observatory-illustrative.html".to_owned(),
        &rendered(&doc, Format::Html, false)?,
    )?;
    write(
        "observatory-illustrative.csv".to_owned(),
        &rendered(&doc, Format::Csv, false)?,
    )?;
    let xlsx = repere_report::xlsx(&doc).map_err(|e| Failure::input(e.to_string()))?;
    let path = out.join("observatory-illustrative.xlsx");
    write_bytes(&path, &xlsx, force)?;
    written.push(path);
    // Sensitivity of the first twelve to the weights, drawn around the profile's.
    let few = 12;
    let draws = Draws::dirichlet(&central_weights(&scorer), 20.0, 2000, 1)
        .map_err(|e| Failure::input(e.to_string()))?;
    let k = scorer.criteria();
    let result =
        smaa(&scorer, &cells[..few * k], &draws, 1).map_err(|e| Failure::input(e.to_string()))?;
    let doc = SensitivityDoc::new(
        &scorer,
        lang,
        DrawsDoc {
            kind: DrawsKind::Dirichlet,
            count: draws.len(),
            seed: Some(1),
            concentration: Some(20.0),
            file: None,
        },
        &name_refs[..few],
        &result,
        central_weights(&scorer),
        None,
        true,
    );
    let mut written2 = written;
    let path = out.join("sensitivity-illustrative.html");
    crate::io::write_file(&path, &rendered(&doc, Format::Html, false)?, force)?;
    written2.push(path);
    Ok(written2)
}

#[cfg(test)]
mod tests {
    use super::looks_like_table;

    #[test]
    fn piped_tables_are_told_from_assessments() {
        for table in [
            "assessment,c1,c2\na,1,2\n",
            "\u{feff}assessment,c1\n",
            "\n\n  process,c1\r\n",
            "\"assessment\",c1\n",
        ] {
            assert!(looks_like_table(table.as_bytes()), "{table:?}");
        }
        for toml in [
            "kind = \"assessment\"\n",
            "# a comment, with a comma\nkind = \"assessment\"\n",
            "[assessment]\nid = \"a\"\n",
            "ratings = [1, 2]\n",
            "",
            "\n \n",
        ] {
            assert!(!looks_like_table(toml.as_bytes()), "{toml:?}");
        }
    }
}
