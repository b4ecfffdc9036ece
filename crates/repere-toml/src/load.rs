//! Loading files: size and encoding checks, TOML parsing with every syntax error, the file
//! types, and the conversion into the core model with located errors.

use std::ops::Range;

use repere_core::{Assessment, Grid, Path, Problem, Profile, Segment};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

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
    pub(crate) root: Spanned<DeTable<'a>>,
}

impl Source<'_> {
    pub(crate) fn error(&self, diagnostics: Vec<Diagnostic>) -> LoadError {
        LoadError::new(self.name, self.text, diagnostics)
    }

    /// Turns core problems (located by path) into diagnostics located in the file.
    pub(crate) fn locate(&self, prefix: &Path, problems: Vec<Problem>) -> Vec<Diagnostic> {
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
                Diagnostic::error(p.message)
                    .with_span(span_of(&self.root, &full))
                    .with_key_path(p.path.to_string())
                    .with_help(p.help)
            })
            .collect()
    }
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

/// Parses the TOML text, reporting every syntax error.
pub(crate) fn parse<'a>(name: &'a str, text: &'a str) -> Result<Source<'a>, LoadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(too_large(name, text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let diags = errors.iter().map(|e| toml_diagnostic(e, None)).collect();
        return Err(LoadError::new(name, text, diags));
    }
    Ok(Source { name, text, root })
}

/// Reads the `kind` and `format` keys.
pub(crate) fn kind_of(src: &Source<'_>) -> Result<FileKind, LoadError> {
    let table = src.root.get_ref();
    let kinds = ["grid", "profile", "assessment"];
    let kind = match table.get("kind") {
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
                let found =
                    other.map_or_else(|| v.get_ref().type_str().to_owned(), |s| format!("`{s}`"));
                let help = other
                    .and_then(|s| repere_core::closest(s, kinds))
                    .map(|s| format!("did you mean `kind = \"{s}\"`?"));
                return Err(src.error(vec![
                    Diagnostic::error(format!(
                        "unknown file kind {found}, expected `grid`, `profile` or `assessment`"
                    ))
                    .with_span(Some(v.span()))
                    .with_key_path("kind")
                    .with_help(help),
                ]));
            }
        },
    };
    match table.get("format") {
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

fn expect_kind(src: &Source<'_>, want: FileKind) -> Result<(), LoadError> {
    let kind = kind_of(src)?;
    if kind == want {
        return Ok(());
    }
    let span = src.root.get_ref().get("kind").map(Spanned::span);
    Err(src.error(vec![
        Diagnostic::error(format!(
            "this is a {} file, but a {} file is expected here",
            kind.as_str(),
            want.as_str()
        ))
        .with_span(span)
        .with_key_path("kind"),
    ]))
}

/// Deserializes the document into `T`; on failure, probes the document piece by piece so that
/// every element's errors are reported at once.
fn deserialize<'a, T: Deserialize<'a>>(src: &Source<'a>, probes: &[Probe]) -> Result<T, LoadError> {
    match T::deserialize(toml::de::Deserializer::from(src.root.clone())) {
        Ok(v) => Ok(v),
        Err(first) => {
            let mut diags = Vec::new();
            for probe in probes {
                probe.run(src.root.get_ref(), &mut diags);
            }
            if diags.is_empty() {
                diags.push(toml_diagnostic(&first, Some(src.text)));
            }
            Err(src.error(diags))
        }
    }
}

/// One piece of a document to deserialize on its own: the tables found at `path` (a key, or
/// the elements of an array of tables under that key), minus their keys `strip`.
struct Probe {
    path: &'static [&'static str],
    strip: &'static [&'static str],
    run: fn(Spanned<DeTable<'_>>) -> Result<(), toml::de::Error>,
}

impl Probe {
    fn run(&self, root: &DeTable<'_>, out: &mut Vec<Diagnostic>) {
        let mut tables: Vec<Spanned<DeTable<'_>>> = vec![Spanned::new(0..0, root.clone())];
        for key in self.path {
            let mut next = Vec::new();
            for t in &tables {
                match t.get_ref().get(*key).map(|v| (v.span(), v.get_ref())) {
                    Some((span, DeValue::Table(t))) => next.push(Spanned::new(span, t.clone())),
                    Some((_, DeValue::Array(items))) => {
                        for item in items.iter() {
                            if let DeValue::Table(t) = item.get_ref() {
                                next.push(Spanned::new(item.span(), t.clone()));
                            }
                        }
                    }
                    _ => {}
                }
            }
            tables = next;
        }
        for mut t in tables {
            let span = t.span();
            let table = t.get_mut();
            for key in self.strip {
                if let Some((k, v)) = table.get_key_value(*key) {
                    let ok = match v.get_ref() {
                        DeValue::Array(items) => items.iter().all(|i| i.get_ref().is_table()),
                        DeValue::Table(_) => true,
                        _ => false,
                    };
                    if !ok {
                        out.push(
                            Diagnostic::error(format!(
                                "invalid type: {} for `{key}`, expected tables (`[[{key}]]` sections)",
                                v.get_ref().type_str()
                            ))
                            .with_span(Some(v.span()))
                            .with_key_path(k.get_ref().to_string()),
                        );
                    }
                }
                table.remove(*key);
            }
            if let Err(e) = (self.run)(Spanned::new(span, t.into_inner())) {
                out.push(toml_diagnostic(&e, None));
            }
        }
    }
}

fn probe<T: serde::de::DeserializeOwned>(t: Spanned<DeTable<'_>>) -> Result<(), toml::de::Error> {
    T::deserialize(toml::de::Deserializer::from(t)).map(drop)
}

const GRID_PROBES: &[Probe] = &[
    Probe {
        path: &[],
        strip: &["sources", "scales", "dimensions", "profiles"],
        run: probe::<GridFile>,
    },
    Probe {
        path: &["sources"],
        strip: &[],
        run: probe::<raw::SourceEntry>,
    },
    Probe {
        path: &["scales"],
        strip: &["levels"],
        run: probe::<raw::ScaleEntry>,
    },
    Probe {
        path: &["scales", "levels"],
        strip: &[],
        run: probe::<raw::LevelEntry>,
    },
    Probe {
        path: &["dimensions"],
        strip: &["criteria"],
        run: probe::<raw::DimensionEntry>,
    },
    Probe {
        path: &["dimensions", "criteria"],
        strip: &[],
        run: probe::<raw::CriterionEntry>,
    },
    Probe {
        path: &["profiles"],
        strip: &["gates", "bands"],
        run: probe::<raw::ProfileBody>,
    },
    Probe {
        path: &["profiles", "gates"],
        strip: &[],
        run: probe::<raw::GateEntry>,
    },
    Probe {
        path: &["profiles", "bands"],
        strip: &[],
        run: probe::<raw::BandEntry>,
    },
];

const PROFILE_PROBES: &[Probe] = &[
    Probe {
        path: &[],
        strip: &[],
        run: probe::<ProfileFile>,
    },
    Probe {
        path: &["profile"],
        strip: &["gates", "bands"],
        run: probe::<raw::ProfileBody>,
    },
    Probe {
        path: &["profile", "gates"],
        strip: &[],
        run: probe::<raw::GateEntry>,
    },
    Probe {
        path: &["profile", "bands"],
        strip: &[],
        run: probe::<raw::BandEntry>,
    },
];

const ASSESSMENT_PROBES: &[Probe] = &[
    Probe {
        path: &[],
        strip: &["ratings"],
        run: probe::<AssessmentFile>,
    },
    Probe {
        path: &["ratings"],
        strip: &["evidence"],
        run: probe::<raw::RatingEntry>,
    },
    Probe {
        path: &["ratings", "evidence"],
        strip: &[],
        run: probe::<raw::EvidenceEntry>,
    },
];

/// A diagnostic from a `toml` error, with a "did you mean" for unknown keys.
fn toml_diagnostic(e: &toml::de::Error, _text: Option<&str>) -> Diagnostic {
    let msg = e.message().trim().to_owned();
    let help = unknown_field_help(&msg);
    let span = e.span().filter(|s| !(s.start == 0 && s.end == 0));
    Diagnostic::error(msg).with_span(span).with_help(help)
}

/// For serde's stable "unknown field `x`, expected one of `a`, `b`" message, the closest
/// expected name.
fn unknown_field_help(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (found, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    repere_core::closest(found, names.iter().copied())
        .map(|s| format!("a key with a similar name exists: `{s}`"))
}

/// Finds the span of a path in the document: the deepest element of the path that exists.
pub(crate) fn span_of(root: &Spanned<DeTable<'_>>, path: &Path) -> Option<Range<usize>> {
    let mut value: Option<&Spanned<DeValue<'_>>> = None;
    let mut span: Option<Range<usize>> = None;
    for seg in path.segments() {
        let table = match value {
            None => Some(root.get_ref()),
            Some(v) => v.get_ref().as_table(),
        };
        let next = match (seg, table, value.map(Spanned::get_ref)) {
            (Segment::Key(k), Some(t), _) => aliases(k).iter().find_map(|k| t.get(*k)),
            (Segment::Id(id), Some(t), _) => t.get(id.as_str()),
            (Segment::Id(id), None, Some(DeValue::Array(items))) => {
                items.iter().find(|item| match item.get_ref() {
                    DeValue::Table(t) => ["id", "criterion"]
                        .iter()
                        .any(|k| t.get(*k).and_then(|v| v.get_ref().as_str()) == Some(id.as_str())),
                    DeValue::String(s) => s.as_ref() == id.as_str(),
                    _ => false,
                })
            }
            (Segment::Index(i), None, Some(DeValue::Array(items))) => items.get(*i),
            _ => None,
        };
        match next {
            Some(v) => {
                span = Some(v.span());
                value = Some(v);
            }
            None => break,
        }
    }
    span
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
    let src = parse(name, text)?;
    expect_kind(&src, FileKind::Grid)?;
    let file: GridFile = deserialize(&src, GRID_PROBES)?;
    grid_from(&src, file)
}

pub(crate) fn grid_from(src: &Source<'_>, file: GridFile) -> Result<Grid, LoadError> {
    let (draft, problems) = convert::grid_from_raw(file);
    let root = Path::root();
    let Some(draft) = draft else {
        return Err(src.error(src.locate(&root, problems)));
    };
    if !problems.is_empty() {
        return Err(src.error(src.locate(&root, problems)));
    }
    Grid::new(draft).map_err(|p| src.error(src.locate(&root, p.into_vec())))
}

/// Loads a profile file for a grid.
pub fn load_profile(name: &str, text: &str, grid: &Grid) -> Result<Profile, LoadError> {
    let src = parse(name, text)?;
    expect_kind(&src, FileKind::Profile)?;
    let file: ProfileFile = deserialize(&src, PROFILE_PROBES)?;
    profile_from(&src, file, grid)
}

pub(crate) fn profile_from(
    src: &Source<'_>,
    file: ProfileFile,
    grid: &Grid,
) -> Result<Profile, LoadError> {
    if file.grid != grid.id().as_str() {
        let span = src.root.get_ref().get("grid").map(Spanned::span);
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
    let (profile, problems) = convert::profile_from_raw(file.profile, grid.default_lang());
    match profile {
        Some(p) if problems.is_empty() => p
            .validate(grid)
            .map(|()| p)
            .map_err(|e| src.error(src.locate(&prefix, e.into_vec()))),
        _ => Err(src.error(src.locate(&prefix, problems))),
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
        let src = parse(&self.name, &self.text)?;
        let (assessment, mut problems) = convert::assessment_from_raw(&self.file, grid);
        if let Some(a) = &assessment
            && let Err(more) = a.validate(grid)
        {
            problems.extend(more.into_vec());
        }
        match assessment {
            Some(a) if problems.is_empty() => Ok(a),
            _ => Err(src.error(src.locate(&Path::root(), problems))),
        }
    }
}

/// Reads an assessment file (syntax and keys), without its grid.
pub fn parse_assessment(name: &str, text: &str) -> Result<ParsedAssessment, LoadError> {
    let src = parse(name, text)?;
    expect_kind(&src, FileKind::Assessment)?;
    let file: AssessmentFile = deserialize(&src, ASSESSMENT_PROBES)?;
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

/// Reads a file of any kind.
pub fn load_any(name: &str, text: &str) -> Result<Document, LoadError> {
    let src = parse(name, text)?;
    match kind_of(&src)? {
        FileKind::Grid => {
            let file: GridFile = deserialize(&src, GRID_PROBES)?;
            grid_from(&src, file).map(|g| Document::Grid(Box::new(g)))
        }
        FileKind::Profile => {
            let file: ProfileFile = deserialize(&src, PROFILE_PROBES)?;
            Ok(Document::Profile(Box::new(file)))
        }
        FileKind::Assessment => {
            parse_assessment(name, text).map(|a| Document::Assessment(Box::new(a)))
        }
    }
}
