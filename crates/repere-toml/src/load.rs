//! Loading files: size and encoding checks, TOML parsing with every syntax error, the file
//! types, and the conversion into the core model with located errors.

use std::ops::Range;

use repere_core::{Assessment, Grid, Path, Problem, Profile, Segment};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::convert;
use crate::diagnostic::{Diagnostic, LoadError};
use crate::raw::{self, AssessmentFile, GridFile, ProfileFile};

/// The largest file the loader accepts, in bytes (8 MiB): far above any real grid or
/// assessment, small enough that hostile input cannot exhaust memory.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The kinds of files Repère reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// A grid (`kind = "grid"`).
    Grid,
    /// A profile (`kind = "profile"`).
    Profile,
    /// An assessment (`kind = "assessment"`).
    Assessment,
}

impl FileKind {
    /// The value of the `kind` key.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Grid => "grid",
            FileKind::Profile => "profile",
            FileKind::Assessment => "assessment",
        }
    }
}

/// A parsed TOML document with its source, kept to locate later problems.
pub(crate) struct Source<'a> {
    pub(crate) name: &'a str,
    pub(crate) text: &'a str,
    /// The document, until it is deserialized; parsed again if a problem must be located
    /// after that (errors are rare, parsing twice is cheaper than copying every document).
    root: Option<Spanned<DeTable<'a>>>,
}

impl<'a> Source<'a> {
    /// The parsed document.
    pub(crate) fn root(&mut self) -> &Spanned<DeTable<'a>> {
        let text = self.text;
        self.root
            .get_or_insert_with(|| DeTable::parse_recoverable(text).0)
    }

    pub(crate) fn error(&self, diagnostics: Vec<Diagnostic>) -> LoadError {
        LoadError::new(self.name, self.text, diagnostics)
    }

    /// Turns core problems (located by path) into diagnostics located in the file.
    pub(crate) fn locate(&mut self, prefix: &Path, problems: Vec<Problem>) -> Vec<Diagnostic> {
        let root = self.root();
        // A duplicate is reported once per extra occurrence: the n-th report of a path
        // points at its (n + 1)-th occurrence in the file.
        let mut duplicates: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        let mut index = Index::default();
        problems
            .into_iter()
            .map(|p| {
                let mut full = prefix.clone();
                for s in p.path.segments() {
                    full = match s {
                        Segment::Key(k) => full.key(k),
                        Segment::Id(i) => full.id(i),
                        Segment::Index(n) => full.index(*n),
                        _ => full,
                    };
                }
                let key_path = full.to_string();
                let occurrence = if is_duplicate(&p.message) {
                    let n = duplicates.entry(key_path.clone()).or_insert(0);
                    *n += 1;
                    *n
                } else {
                    0
                };
                Diagnostic::error(p.message.clone())
                    .with_span(span_of(root, &full, &p.message, occurrence, &mut index))
                    .with_key_path(key_path)
                    .with_help(p.help)
            })
            .collect()
    }
}

/// Whether a core problem reports a repeated id (and so is about a later occurrence).
fn is_duplicate(message: &str) -> bool {
    message.starts_with("duplicate ") || message.contains(" twice") || message.contains(" two ")
}

/// Decodes bytes as UTF-8 text, with a located error when they are not.
pub fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, LoadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len()));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..valid]);
        let (line, col) = crate::diagnostic::line_col(&before, before.len());
        LoadError::new(
            name,
            "",
            vec![
                Diagnostic::error(format!(
                    "the file is not valid UTF-8 text: invalid byte 0x{:02x} at line {line}, column {col} (byte {valid})",
                    bytes[valid]
                ))
                .with_help(Some("save the file as UTF-8".to_owned())),
            ],
        )
    })
}

fn too_large(name: &str, len: usize) -> LoadError {
    LoadError::new(
        name,
        "",
        vec![Diagnostic::error(format!(
            "the file is {len} bytes long; Repère reads files of at most {MAX_FILE_BYTES} bytes (8 MiB)"
        ))
        .with_help(Some("is this really a grid, profile or assessment file?".to_owned()))],
    )
}

/// The text as the loader reads it: without a byte order mark, with `\n` line ends.
///
/// TOML allows CRLF line ends, and keeps them inside multi-line strings; reading them as LF
/// makes a file mean the same whatever the editor that saved it (and a grid keep its content
/// hash). Lines and columns are unchanged: a `\r` is only allowed before a `\n`.
fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() <= MAX_FILE_BYTES && text.contains("\r\n") {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Parses the TOML text, reporting every syntax error.
pub(crate) fn parse<'a>(name: &'a str, text: &'a str) -> Result<Source<'a>, LoadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(too_large(name, text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let diags = errors.iter().map(|e| toml_diagnostic(e, text)).collect();
        return Err(LoadError::new(name, text, diags));
    }
    Ok(Source {
        name,
        text,
        root: Some(root),
    })
}

/// Reads the `kind` and `format` keys.
pub(crate) fn kind_of(src: &mut Source<'_>) -> Result<FileKind, LoadError> {
    let (kind_value, format_value) = {
        let table = src.root().get_ref();
        (table.get("kind").cloned(), table.get("format").cloned())
    };
    let kinds = ["grid", "profile", "assessment"];
    let kind = match &kind_value {
        None => {
            return Err(src.error(vec![
                Diagnostic::error("missing key `kind`: Repère cannot tell what this file is")
                    .with_help(Some(
                        "start the file with `kind = \"grid\"`, `kind = \"profile\"` or `kind = \"assessment\"`, then `format = 1`"
                            .to_owned(),
                    )),
            ]));
        }
        Some(v) => match v.get_ref().as_str() {
            Some("grid") => FileKind::Grid,
            Some("profile") => FileKind::Profile,
            Some("assessment") => FileKind::Assessment,
            other => {
                let found = match other {
                    Some(s) => format!("unknown file kind `{s}`"),
                    None => format!(
                        "invalid type: {} `{}` for `kind`",
                        v.get_ref().type_str(),
                        &src.text[v.span()]
                    ),
                };
                let help = other
                    .and_then(|s| repere_core::closest(s, similar_lengths(s, kinds)))
                    .map(|s| format!("did you mean `kind = \"{s}\"`?"));
                return Err(src.error(vec![
                    Diagnostic::error(format!(
                        "{found}, expected `\"grid\"`, `\"profile\"` or `\"assessment\"`"
                    ))
                    .with_span(Some(v.span()))
                    .with_key_path("kind")
                    .with_help(help),
                ]));
            }
        },
    };
    match &format_value {
        None => Err(src.error(vec![
            Diagnostic::error("missing key `format`: the file format version")
                .with_help(Some(format!("add `format = {}` after `kind`", raw::FORMAT))),
        ])),
        Some(v) => match v
            .get_ref()
            .as_integer()
            .and_then(|i| i.as_str().parse::<i64>().ok())
        {
            Some(n) if n == i64::from(raw::FORMAT) => Ok(kind),
            _ => Err(src.error(vec![
                Diagnostic::error(format!(
                    "unsupported format version {}: this version of Repère reads `format = {}`",
                    &src.text[v.span()],
                    raw::FORMAT
                ))
                .with_span(Some(v.span()))
                .with_key_path("format"),
            ])),
        },
    }
}

/// "a grid", "an assessment".
fn a_kind(kind: FileKind) -> String {
    match kind {
        FileKind::Assessment => "an assessment".to_owned(),
        k => format!("a {}", k.as_str()),
    }
}

fn expect_kind(src: &mut Source<'_>, want: FileKind) -> Result<(), LoadError> {
    let kind = kind_of(src)?;
    if kind == want {
        return Ok(());
    }
    let span = src.root().get_ref().get("kind").map(Spanned::span);
    Err(src.error(vec![
        Diagnostic::error(format!(
            "this is {} file, but {} file is expected here",
            a_kind(kind),
            a_kind(want)
        ))
        .with_span(span)
        .with_key_path("kind"),
    ]))
}

/// Deserializes the document into `T`; on failure, probes the document piece by piece so that
/// every element's errors are reported at once.
fn deserialize<'a, T: Deserialize<'a>>(
    src: &mut Source<'a>,
    probes: &[Probe],
) -> Result<T, LoadError> {
    let root = src
        .root
        .take()
        .unwrap_or_else(|| DeTable::parse_recoverable(src.text).0);
    match T::deserialize(toml::de::Deserializer::from(root)) {
        Ok(v) => Ok(v),
        Err(first) => {
            let mut diags = Vec::new();
            let text = src.text;
            let root = src.root();
            for probe in probes {
                probe.run(root.get_ref(), text, &mut diags);
            }
            if diags.is_empty() {
                diags.push(toml_diagnostic(&first, src.text));
            }
            Err(src.error(diags))
        }
    }
}

/// What the value of a key probed on its own must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A table (`[process]`).
    Table,
    /// An array of tables (`[[ratings]]`).
    Tables,
}

/// One piece of a document to deserialize on its own: the tables found at `path` (a key, or
/// the elements of an array of tables under that key), minus their keys `strip` (probed on
/// their own).
struct Probe {
    path: &'static [&'static str],
    strip: &'static [(&'static str, Shape)],
    /// The keys the piece requires, with their descriptions.
    required: fn() -> Vec<(String, String)>,
    run: fn(Spanned<DeTable<'_>>) -> Result<(), toml::de::Error>,
}

/// The most errors reported for one table; past it the table is given up.
const MAX_ERRORS_PER_TABLE: usize = 64;

impl Probe {
    fn run(&self, root: &DeTable<'_>, text: &str, out: &mut Vec<Diagnostic>) {
        // The tables at `path`, each with its key path for messages.
        let mut tables: Vec<(String, Spanned<DeTable<'_>>)> =
            vec![(String::new(), Spanned::new(0..0, root.clone()))];
        for key in self.path {
            let mut next = Vec::new();
            for (at, t) in &tables {
                let at = if at.is_empty() {
                    (*key).to_owned()
                } else {
                    format!("{at}.{key}")
                };
                match t.get_ref().get(*key).map(|v| (v.span(), v.get_ref())) {
                    Some((span, DeValue::Table(t))) => {
                        next.push((at, Spanned::new(span, t.clone())))
                    }
                    Some((_, DeValue::Array(items))) => {
                        for (i, item) in items.iter().enumerate() {
                            if let DeValue::Table(t) = item.get_ref() {
                                let name = element_name(t).unwrap_or_else(|| i.to_string());
                                next.push((
                                    format!("{at}[{name}]"),
                                    Spanned::new(item.span(), t.clone()),
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
            tables = next;
        }
        let required = if tables.is_empty() {
            Vec::new()
        } else {
            (self.required)()
        };
        for (at, t) in tables {
            let span = t.span();
            let mut table = t.into_inner();
            let missing: Vec<&(String, String)> = required
                .iter()
                .filter(|(key, _)| table.get(key.as_str()).is_none())
                .collect();
            for (key, shape) in self.strip {
                if let Some((k, v)) = table.get_key_value(*key) {
                    let ok = match (shape, v.get_ref()) {
                        (Shape::Tables, DeValue::Array(items)) => {
                            items.iter().all(|i| i.get_ref().is_table())
                        }
                        (Shape::Tables, DeValue::Table(_)) => true,
                        (Shape::Table, DeValue::Table(_)) => true,
                        _ => false,
                    };
                    if !ok {
                        let full = self
                            .path
                            .iter()
                            .copied()
                            .chain([*key])
                            .collect::<Vec<_>>()
                            .join(".");
                        let expected = match shape {
                            Shape::Table => format!("a table (a `[{full}]` section)"),
                            Shape::Tables => format!("tables (`[[{full}]]` sections)"),
                        };
                        out.push(
                            Diagnostic::error(format!(
                                "invalid type: {} for `{key}`, expected {expected}",
                                v.get_ref().type_str()
                            ))
                            .with_span(Some(v.span()))
                            .with_key_path(if at.is_empty() {
                                k.get_ref().to_string()
                            } else {
                                format!("{at}.{}", k.get_ref())
                            }),
                        );
                    }
                }
                table.remove(*key);
            }
            // Deserialize; after each error, try again without the key in error, so that
            // every bad key of the table is reported.
            let mut suggested: Vec<String> = Vec::new();
            for _ in 0..MAX_ERRORS_PER_TABLE {
                let Err(e) = (self.run)(Spanned::new(span.clone(), table.clone())) else {
                    break;
                };
                if e.message().starts_with("missing field") {
                    // Reported below, with every other missing key.
                    break;
                }
                let d = toml_diagnostic(&e, text);
                if let Some(s) = d
                    .help()
                    .and_then(|h| h.strip_prefix("a key with a similar name exists: `"))
                {
                    suggested.push(s.trim_end_matches('`').to_owned());
                }
                out.push(d);
                let Some(at) = e.span() else { break };
                let culprit = table.iter().find_map(|(k, v)| {
                    let vs = v.span();
                    (k.span() == at || (vs.start <= at.start && at.end <= vs.end))
                        .then(|| k.get_ref().to_string())
                });
                match culprit {
                    Some(k) => {
                        table.remove(k.as_str());
                    }
                    None => break,
                }
            }
            // A key misspelled is reported once, as unknown with its right name.
            for (key, desc) in missing {
                if !suggested.contains(key) {
                    out.push(missing_key(key, desc, &at, &span));
                }
            }
        }
    }
}

/// How an element of an array of tables is named in key paths: its `id` or `criterion`.
fn element_name(t: &DeTable<'_>) -> Option<String> {
    ["id", "criterion"]
        .iter()
        .find_map(|k| t.get(*k).and_then(|v| v.get_ref().as_str()))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn missing_key(key: &str, description: &str, at: &str, span: &Range<usize>) -> Diagnostic {
    let mut desc = description.trim().trim_end_matches('.').to_owned();
    if let Some(first) = desc.chars().next()
        && first.is_uppercase()
        && !desc.starts_with("IAP2")
    {
        desc = first.to_lowercase().chain(desc.chars().skip(1)).collect();
    }
    let help = (!desc.is_empty()).then(|| format!("`{key}` is {desc}"));
    let d = Diagnostic::error(format!("missing key `{key}`")).with_help(help);
    if at.is_empty() {
        d
    } else {
        d.with_span(Some(span.clone())).with_key_path(at)
    }
}

fn probe<T: serde::de::DeserializeOwned>(t: Spanned<DeTable<'_>>) -> Result<(), toml::de::Error> {
    T::deserialize(toml::de::Deserializer::from(t)).map(drop)
}

/// The keys a file type requires (from its JSON Schema), with their descriptions.
fn required<T: schemars::JsonSchema>() -> Vec<(String, String)> {
    let schema = schemars::schema_for!(T);
    let props = schema.get("properties").and_then(|p| p.as_object());
    schema
        .get("required")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str())
        .map(|k| {
            let desc = props
                .and_then(|p| p.get(k))
                .and_then(|p| p.get("description"))
                .and_then(|d| d.as_str())
                .unwrap_or_default();
            (k.to_owned(), desc.to_owned())
        })
        .collect()
}

macro_rules! probe {
    ($path:expr, $strip:expr, $ty:ty) => {
        Probe {
            path: $path,
            strip: $strip,
            required: required::<$ty>,
            run: probe::<$ty>,
        }
    };
}

const GRID_PROBES: &[Probe] = &[
    probe!(
        &[],
        &[
            ("sources", Shape::Tables),
            ("scales", Shape::Tables),
            ("dimensions", Shape::Tables),
            ("profiles", Shape::Tables),
        ],
        GridFile
    ),
    probe!(&["sources"], &[], raw::SourceEntry),
    probe!(&["scales"], &[("levels", Shape::Tables)], raw::ScaleEntry),
    probe!(&["scales", "levels"], &[], raw::LevelEntry),
    probe!(
        &["dimensions"],
        &[("criteria", Shape::Tables)],
        raw::DimensionEntry
    ),
    probe!(&["dimensions", "criteria"], &[], raw::CriterionEntry),
    probe!(
        &["profiles"],
        &[("gates", Shape::Tables), ("bands", Shape::Tables)],
        raw::ProfileBody
    ),
    probe!(&["profiles", "gates"], &[], raw::GateEntry),
    probe!(&["profiles", "bands"], &[], raw::BandEntry),
];

const PROFILE_PROBES: &[Probe] = &[
    probe!(&[], &[("profile", Shape::Table)], ProfileFile),
    probe!(
        &["profile"],
        &[("gates", Shape::Tables), ("bands", Shape::Tables)],
        raw::ProfileBody
    ),
    probe!(&["profile", "gates"], &[], raw::GateEntry),
    probe!(&["profile", "bands"], &[], raw::BandEntry),
];

const ASSESSMENT_PROBES: &[Probe] = &[
    probe!(
        &[],
        &[
            ("grid", Shape::Table),
            ("process", Shape::Table),
            ("assessor", Shape::Table),
            ("ratings", Shape::Tables),
        ],
        AssessmentFile
    ),
    probe!(&["grid"], &[], raw::GridRefEntry),
    probe!(&["process"], &[], raw::ProcessEntry),
    probe!(&["assessor"], &[], raw::AssessorEntry),
    probe!(
        &["ratings"],
        &[("evidence", Shape::Tables)],
        raw::RatingEntry
    ),
    probe!(&["ratings", "evidence"], &[], raw::EvidenceEntry),
];

/// A diagnostic from a `toml` error: serde's type names in words, "did you mean" for unknown
/// keys and names, the key named in "duplicate key".
fn toml_diagnostic(e: &toml::de::Error, text: &str) -> Diagnostic {
    let (msg, mut help) = match e.message().trim().split_once("\nhelp: ") {
        Some((m, h)) => (m.to_owned(), Some(h.to_owned())),
        None => (e.message().trim().to_owned(), None),
    };
    let mut msg = humanize(&msg);
    let span = e.span().filter(|s| !(s.start == 0 && s.end == 0));
    let found = span
        .as_ref()
        .and_then(|s| text.get(s.clone()))
        .unwrap_or("");
    if help.is_none() {
        help = unknown_name_help(&msg).or_else(|| quoting_help(&msg, found));
    }
    if msg == "duplicate key" && !found.is_empty() {
        msg = format!(
            "duplicate key `{}`: a key can be given once per table",
            found.trim()
        );
    }
    Diagnostic::error(msg).with_span(span).with_help(help)
}

/// For a value of the wrong type only because of quotes, how to write it.
fn quoting_help(msg: &str, found: &str) -> Option<String> {
    if !msg.starts_with("invalid type: ") || found.is_empty() || found.len() > 64 {
        return None;
    }
    if msg.ends_with("expected a string") && !found.starts_with(['"', '\'', '[', '{']) {
        return Some(format!("write it in quotes: `\"{found}\"`"));
    }
    let unquoted = found.trim_matches(['"', '\'']);
    let numeric = msg.contains(", expected an integer") || msg.ends_with("expected a number");
    if msg.starts_with("invalid type: string") && numeric && unquoted.parse::<f64>().is_ok() {
        return Some(format!("write the number without quotes: `{unquoted}`"));
    }
    None
}

/// serde's Rust type names, in the words of TOML.
fn humanize(msg: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        (" as i128,", ","),
        (
            "expected i32",
            "expected an integer from -2147483648 to 2147483647",
        ),
        (
            "expected i64",
            "expected an integer from -9223372036854775808 to 9223372036854775807",
        ),
        ("expected u32", "expected an integer from 0 to 4294967295"),
        (
            "expected u64",
            "expected an integer from 0 to 18446744073709551615",
        ),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected an array"),
        ("expected a map", "expected a table"),
        ("invalid type: sequence", "invalid type: array"),
        ("invalid type: map", "invalid type: table"),
        ("invalid type: floating point", "invalid type: float"),
        ("unknown field", "unknown key"),
        ("unknown variant", "unknown value"),
        ("missing field", "missing key"),
        (
            "cannot recurse further; max recursion depth met",
            "arrays and inline tables are nested too deeply here",
        ),
        (
            "recursion limit",
            "a dotted key or table header has too many parts",
        ),
    ];
    let mut out = msg.to_owned();
    for (from, to) in WORDS {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    // "invalid value: integer `-12`, expected an integer from 0 to …": out of range.
    for prefix in ["invalid value: integer `", "invalid type: integer `"] {
        if let Some(rest) = out.strip_prefix(prefix)
            && let Some((n, expected)) = rest.split_once("`, expected an integer from ")
        {
            return format!("integer `{n}` is out of range: expected an integer from {expected}");
        }
    }
    out
}

/// For serde's stable "unknown field `x`, expected one of `a`, `b`" and "unknown variant `x`,
/// expected one of …" messages (after [`humanize`]), the closest expected name.
fn unknown_name_help(msg: &str) -> Option<String> {
    let (what, rest) = if let Some(rest) = msg.strip_prefix("unknown key `") {
        ("key", rest)
    } else {
        ("value", msg.strip_prefix("unknown value `")?)
    };
    let (found, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    repere_core::closest(found, similar_lengths(found, names))
        .map(|s| format!("a {what} with a similar name exists: `{s}`"))
}

/// The candidates whose length is within the edit distance of a suggestion (3) of `name`'s:
/// the others cannot be suggested, and measuring the distance of a long hostile name to each
/// would be slow.
pub(crate) fn similar_lengths<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let n = name.chars().count();
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(n) <= 3)
        .collect()
}

/// A place found for a path: the value, and the key or id naming it.
struct Hit {
    value: Range<usize>,
    /// The key, when the last step is a key of a table.
    key: Option<Range<usize>>,
    /// The `id`/`criterion` value, when the last step is an element of an array of tables.
    id: Option<Range<usize>>,
}

#[derive(Default)]
struct Search {
    full: Vec<Hit>,
    /// The deepest partial match: depth and span.
    partial: Option<(usize, Range<usize>)>,
}

/// The elements of the document's arrays by the id naming them (their `id` or `criterion`
/// value, or the string itself), built as paths are looked up, so that locating many problems
/// takes a time proportional to their number, not to their number times the file's size.
#[derive(Default)]
pub(crate) struct Index {
    /// By the array's span: the positions of its elements, by id.
    arrays:
        std::collections::HashMap<(usize, usize), std::collections::HashMap<String, Vec<usize>>>,
}

impl Index {
    fn positions(&mut self, span: &Range<usize>, items: &DeArray<'_>, id: &str) -> Vec<usize> {
        let ids = self
            .arrays
            .entry((span.start, span.end))
            .or_insert_with(|| {
                let mut ids: std::collections::HashMap<String, Vec<usize>> = Default::default();
                for (i, item) in items.iter().enumerate() {
                    let mut names: Vec<&str> = match item.get_ref() {
                        DeValue::Table(t) => NAME_KEYS
                            .iter()
                            .filter_map(|k| t.get(*k).and_then(|v| v.get_ref().as_str()))
                            .collect(),
                        DeValue::String(s) => vec![s.as_ref()],
                        _ => Vec::new(),
                    };
                    names.dedup();
                    for n in names {
                        ids.entry(n.to_owned()).or_default().push(i);
                    }
                }
                ids
            });
        ids.get(id).cloned().unwrap_or_default()
    }
}

/// The keys whose value names an element of an array of tables.
const NAME_KEYS: [&str; 2] = ["id", "criterion"];

/// Finds the span of a path in the document.
///
/// Every place the path leads to is found (ids may repeat); `occurrence` picks one (0 for the
/// first). When the path ends at an element or key named by an id the message quotes, the
/// span is that id; otherwise the value. When the path leads nowhere, the deepest element of
/// the path that exists.
pub(crate) fn span_of(
    root: &Spanned<DeTable<'_>>,
    path: &Path,
    message: &str,
    occurrence: usize,
    index: &mut Index,
) -> Option<Range<usize>> {
    let mut search = Search::default();
    let (table, span) = (root.get_ref(), root.span());
    walk(
        Some(table),
        None,
        &span,
        path.segments(),
        0,
        &mut search,
        index,
    );
    let hit = search.full.get(occurrence).or_else(|| search.full.last());
    let Some(hit) = hit else {
        return search.partial.map(|(_, s)| s);
    };
    let named = match path.segments().last() {
        Some(Segment::Id(id)) => message.contains(&format!("`{id}`")),
        _ => false,
    };
    Some(match (named, &hit.key, &hit.id) {
        (true, Some(k), _) => k.clone(),
        (true, None, Some(i)) => i.clone(),
        _ => hit.value.clone(),
    })
}

fn walk(
    table: Option<&DeTable<'_>>,
    value: Option<&DeValue<'_>>,
    span: &Range<usize>,
    segs: &[Segment],
    depth: usize,
    st: &mut Search,
    index: &mut Index,
) {
    let Some((seg, rest)) = segs.split_first() else {
        return;
    };
    let step = |v: &Spanned<DeValue<'_>>,
                key: Option<Range<usize>>,
                id,
                st: &mut Search,
                index: &mut Index| {
        if rest.is_empty() {
            st.full.push(Hit {
                value: v.span(),
                key,
                id,
            });
        } else {
            if st.partial.as_ref().is_none_or(|(d, _)| *d < depth + 1) {
                st.partial = Some((depth + 1, v.span()));
            }
            let vs = v.span();
            walk(
                v.get_ref().as_table(),
                Some(v.get_ref()),
                &vs,
                rest,
                depth + 1,
                st,
                index,
            );
        }
    };
    match (seg, table, value) {
        (Segment::Key(k), Some(t), _) => {
            if let Some((key, v)) = aliases(k).iter().find_map(|k| t.get_key_value(*k)) {
                step(v, Some(key.span()), None, st, index);
            }
        }
        (Segment::Id(id), Some(t), _) => {
            if let Some((key, v)) = t.get_key_value(id.as_str()) {
                step(v, Some(key.span()), None, st, index);
            }
        }
        (Segment::Id(id), None, Some(DeValue::Array(items))) => {
            for i in index.positions(span, items, id) {
                let Some(item) = items.get(i) else { continue };
                let named = match item.get_ref() {
                    DeValue::Table(t) => NAME_KEYS.iter().find_map(|k| {
                        t.get(*k)
                            .filter(|v| v.get_ref().as_str() == Some(id.as_str()))
                            .map(Spanned::span)
                    }),
                    _ => None,
                };
                step(item, None, named, st, index);
            }
        }
        (Segment::Index(i), None, Some(DeValue::Array(items))) => {
            if let Some(item) = items.get(*i) {
                step(item, None, None, st, index);
            }
        }
        _ => {}
    }
}

/// The file keys a core path key may stand for.
fn aliases(key: &'static str) -> Vec<&'static str> {
    match key {
        "reason" => vec!["not-applicable"],
        "value" => vec!["value", "level"],
        "target" => vec!["overall", "dimension"],
        "cap" => vec!["cap", "cap-band"],
        _ => vec![key],
    }
}

/// Loads a grid file.
///
/// `name` is how the file is named in messages (usually its path); `text` its content.
pub fn load_grid(name: &str, text: &str) -> Result<Grid, LoadError> {
    let text = normalize(text);
    let mut src = parse(name, &text)?;
    expect_kind(&mut src, FileKind::Grid)?;
    let file: GridFile = deserialize(&mut src, GRID_PROBES)?;
    grid_from(&mut src, file)
}

pub(crate) fn grid_from(src: &mut Source<'_>, file: GridFile) -> Result<Grid, LoadError> {
    let (draft, mut problems) = convert::grid_from_raw(file);
    let root = Path::root();
    match draft.map(Grid::new) {
        Some(Ok(grid)) if problems.is_empty() => Ok(grid),
        Some(Err(more)) => {
            problems.extend(more.into_vec());
            let diags = src.locate(&root, problems);
            Err(src.error(diags))
        }
        _ => {
            let diags = src.locate(&root, problems);
            Err(src.error(diags))
        }
    }
}

/// Loads a profile file for a grid.
pub fn load_profile(name: &str, text: &str, grid: &Grid) -> Result<Profile, LoadError> {
    let text = normalize(text);
    let mut src = parse(name, &text)?;
    expect_kind(&mut src, FileKind::Profile)?;
    let file: ProfileFile = deserialize(&mut src, PROFILE_PROBES)?;
    profile_from(&mut src, file, grid)
}

pub(crate) fn profile_from(
    src: &mut Source<'_>,
    file: ProfileFile,
    grid: &Grid,
) -> Result<Profile, LoadError> {
    if file.grid != grid.id().as_str() {
        let span = src.root().get_ref().get("grid").map(Spanned::span);
        return Err(src.error(vec![
            Diagnostic::error(format!(
                "the profile is for grid `{}`, not for grid `{}`",
                file.grid,
                grid.id()
            ))
            .with_span(span)
            .with_key_path("grid"),
        ]));
    }
    let prefix = Path::root().key("profile");
    let (profile, mut problems) = convert::profile_from_raw(file.profile, grid.default_lang());
    match profile.map(|p| (p.validate(grid), p)) {
        Some((Ok(()), p)) if problems.is_empty() => Ok(p),
        Some((Err(more), _)) => {
            problems.extend(more.into_vec());
            let diags = src.locate(&prefix, problems);
            Err(src.error(diags))
        }
        _ => {
            let diags = src.locate(&prefix, problems);
            Err(src.error(diags))
        }
    }
}

/// An assessment file read but not yet checked against its grid: first learn which grid it
/// names ([`ParsedAssessment::grid_id`]), then [`ParsedAssessment::resolve`] it.
#[derive(Debug, Clone)]
pub struct ParsedAssessment {
    name: String,
    text: String,
    file: AssessmentFile,
}

impl ParsedAssessment {
    /// The id of the grid the assessment names.
    pub fn grid_id(&self) -> &str {
        &self.file.grid.id
    }

    /// The version of the grid the assessment names.
    pub fn grid_version(&self) -> &str {
        &self.file.grid.version
    }

    /// The file as written.
    pub fn file(&self) -> &AssessmentFile {
        &self.file
    }

    /// Converts the file into an assessment of `grid`, checking every rating against it.
    pub fn resolve(&self, grid: &Grid) -> Result<Assessment, LoadError> {
        self.resolve_with(grid, |_| true)
    }

    /// Like [`ParsedAssessment::resolve`], for an assessment still being filled in: an empty
    /// process name or assessor name is not a problem (an interactive fill asks for them).
    /// Everything else is checked as by `resolve`.
    pub fn resolve_draft(&self, grid: &Grid) -> Result<Assessment, LoadError> {
        let unnamed = [
            Path::root().key("process").key("name"),
            Path::root().key("assessor").key("name"),
        ];
        let (process, assessor) = (&self.file.process.name, &self.file.assessor.name);
        self.resolve_with(grid, |p| {
            !((p.path == unnamed[0] && process.trim().is_empty())
                || (p.path == unnamed[1] && assessor.trim().is_empty()))
        })
    }

    fn resolve_with(
        &self,
        grid: &Grid,
        keep: impl Fn(&Problem) -> bool,
    ) -> Result<Assessment, LoadError> {
        let (assessment, mut problems) = convert::assessment_from_raw(&self.file, grid);
        if let Some(a) = &assessment
            && let Err(more) = a.validate(grid)
        {
            problems.extend(more.into_vec());
        }
        problems.retain(|p| keep(p));
        match assessment {
            Some(a) if problems.is_empty() => Ok(a),
            _ => {
                // The text parsed before: only the places of the problems are looked up.
                let mut src = parse(&self.name, &self.text)?;
                let diags = src.locate(&Path::root(), problems);
                Err(src.error(diags))
            }
        }
    }
}

/// Reads an assessment file (syntax and keys), without its grid.
pub fn parse_assessment(name: &str, text: &str) -> Result<ParsedAssessment, LoadError> {
    let text = normalize(text);
    let mut src = parse(name, &text)?;
    expect_kind(&mut src, FileKind::Assessment)?;
    let file: AssessmentFile = deserialize(&mut src, ASSESSMENT_PROBES)?;
    Ok(ParsedAssessment {
        name: name.to_owned(),
        text: src.text.to_owned(),
        file,
    })
}

/// Loads an assessment file and checks it against `grid`.
pub fn load_assessment(name: &str, text: &str, grid: &Grid) -> Result<Assessment, LoadError> {
    parse_assessment(name, text)?.resolve(grid)
}

/// A file of any kind, recognised from its `kind` key.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Document {
    /// A grid, loaded and validated.
    Grid(Box<Grid>),
    /// A profile file, read; it is checked against its grid by [`load_profile`].
    Profile(Box<ProfileFile>),
    /// An assessment file, read; it is checked against its grid by
    /// [`ParsedAssessment::resolve`].
    Assessment(Box<ParsedAssessment>),
}

/// The kind of a file, read from its `kind` and `format` keys; nothing else is checked.
///
/// ```
/// use repere_toml::{FileKind, file_kind};
///
/// let text = "kind = 'assessment' # written by hand\nformat = 1\n";
/// assert_eq!(file_kind("a.toml", text)?, FileKind::Assessment);
/// assert!(file_kind("b.toml", "format = 1").is_err());
/// # Ok::<(), repere_toml::LoadError>(())
/// ```
///
/// # Errors
///
/// A [`LoadError`] when the file is not TOML, or its `kind` or `format` is missing or
/// unknown.
pub fn file_kind(name: &str, text: &str) -> Result<FileKind, LoadError> {
    let text = normalize(text);
    let mut src = parse(name, &text)?;
    kind_of(&mut src)
}

/// Reads a file of any kind.
pub fn load_any(name: &str, text: &str) -> Result<Document, LoadError> {
    let text = normalize(text);
    let mut src = parse(name, &text)?;
    match kind_of(&mut src)? {
        FileKind::Grid => {
            let file: GridFile = deserialize(&mut src, GRID_PROBES)?;
            grid_from(&mut src, file).map(|g| Document::Grid(Box::new(g)))
        }
        FileKind::Profile => {
            let file: ProfileFile = deserialize(&mut src, PROFILE_PROBES)?;
            Ok(Document::Profile(Box::new(file)))
        }
        FileKind::Assessment => {
            let file: AssessmentFile = deserialize(&mut src, ASSESSMENT_PROBES)?;
            Ok(Document::Assessment(Box::new(ParsedAssessment {
                name: name.to_owned(),
                text: src.text.to_owned(),
                file,
            })))
        }
    }
}
