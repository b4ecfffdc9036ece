//! Loading files: the public entry points, which chain the steps of the submodules.
//!
//! - [`parse`](mod@parse): bytes to text (size, encoding, line ends), text to a parsed
//!   document (every syntax error at once);
//! - [`kind`]: what the file is (`kind` and `format`);
//! - [`probe`] and [`de`]: the document deserialized into the file types, with typed errors,
//!   every table probed on its own so that all errors of a file are reported at once;
//! - [`words`]: the wording of syntax and deserialization errors;
//! - then conversion into the model and its checks ([`crate::convert`], [`repere_core`]),
//!   whose problems [`locate`] places in the file.

mod de;
mod kind;
mod locate;
mod parse;
mod probe;
mod words;

use repere_core::{Assessment, Grid, Path, ProblemKind, Profile};
use toml::Spanned;

use self::kind::{expect_kind, kind_of};
use self::parse::{Source, normalize, parse};
use self::probe::{ASSESSMENT_PROBES, GRID_PROBES, PROFILE_PROBES, SURVEY_PROBES, deserialize};
use crate::convert;
use crate::diagnostic::{Diagnostic, LoadError};
use crate::issue::{Issue, IssueKind};
use crate::raw::{AssessmentFile, GridFile, ProfileFile};

pub(crate) use self::de::{DeIssue, raise};
pub use self::kind::FileKind;
pub use self::parse::{MAX_FILE_BYTES, decode};

/// Loads a grid file.
///
/// `name` is how the file is named in messages (usually its path); `text` its content.
pub fn load_grid(name: &str, text: &str) -> Result<Grid, LoadError> {
    let text = normalize(text);
    let src = parse(name, &text)?;
    expect_kind(&src, FileKind::Grid)?;
    let file: GridFile = deserialize(&src, GRID_PROBES)?;
    grid_from(&src, file)
}

/// Converts a grid file into a grid, checking it.
fn grid_from(src: &Source<'_>, file: GridFile) -> Result<Grid, LoadError> {
    let (draft, mut problems) = convert::grid_from_raw(file);
    match draft.map(Grid::new) {
        Some(Ok(grid)) if problems.is_empty() => Ok(grid),
        Some(Err(more)) => {
            problems.extend(more.into_vec().into_iter().map(Issue::from));
            Err(src.error(src.locate(&Path::root(), problems)))
        }
        _ => Err(src.error(src.locate(&Path::root(), problems))),
    }
}

/// Loads a profile file for a grid.
pub fn load_profile(name: &str, text: &str, grid: &Grid) -> Result<Profile, LoadError> {
    let text = normalize(text);
    let src = parse(name, &text)?;
    expect_kind(&src, FileKind::Profile)?;
    let file: ProfileFile = deserialize(&src, PROFILE_PROBES)?;
    profile_from(&src, file, grid)
}

/// Converts a profile file into a profile of `grid`, checking it.
fn profile_from(src: &Source<'_>, file: ProfileFile, grid: &Grid) -> Result<Profile, LoadError> {
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
    let (profile, mut problems) = convert::profile_from_raw(file.profile, grid.default_lang());
    match profile.map(|p| (p.validate(grid), p)) {
        Some((Ok(()), p)) if problems.is_empty() => Ok(p),
        Some((Err(more), _)) => {
            problems.extend(more.into_vec().into_iter().map(Issue::from));
            Err(src.error(src.locate(&prefix, problems)))
        }
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
        self.resolve_with(grid, |_| true)
    }

    /// Like [`ParsedAssessment::resolve`], for an assessment still being filled in: an empty
    /// process name or assessor name is not a problem (an interactive fill asks for them).
    /// Everything else is checked as by `resolve`.
    pub fn resolve_draft(&self, grid: &Grid) -> Result<Assessment, LoadError> {
        self.resolve_with(grid, |issue| {
            !matches!(issue.kind, IssueKind::Model(ProblemKind::EmptyName { .. }))
        })
    }

    fn resolve_with(
        &self,
        grid: &Grid,
        keep: impl Fn(&Issue) -> bool,
    ) -> Result<Assessment, LoadError> {
        let (assessment, mut problems) = convert::assessment_from_raw(&self.file, grid);
        if let Some(a) = &assessment
            && let Err(more) = a.validate(grid)
        {
            problems.extend(more.into_vec().into_iter().map(Issue::from));
        }
        problems.retain(|p| keep(p));
        match assessment {
            Some(a) if problems.is_empty() => Ok(a),
            _ => {
                // The text parsed before: only the places of the problems are looked up.
                let src = parse(&self.name, &self.text)?;
                Err(src.error(src.locate(&Path::root(), problems)))
            }
        }
    }
}

/// Reads an assessment file (syntax and keys), without its grid.
pub fn parse_assessment(name: &str, text: &str) -> Result<ParsedAssessment, LoadError> {
    let text = normalize(text);
    let src = parse(name, &text)?;
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
    /// A survey definition, loaded and validated.
    Survey(Box<repere_core::survey::SurveyDefinition>),
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
    let src = parse(name, &text)?;
    kind_of(&src)
}

/// Reads a file of any kind.
pub fn load_any(name: &str, text: &str) -> Result<Document, LoadError> {
    let text = normalize(text);
    let src = parse(name, &text)?;
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
            let file: AssessmentFile = deserialize(&src, ASSESSMENT_PROBES)?;
            Ok(Document::Assessment(Box::new(ParsedAssessment {
                name: name.to_owned(),
                text: src.text.to_owned(),
                file,
            })))
        }
        FileKind::Survey => {
            crate::survey::load_survey(name, &text).map(|s| Document::Survey(Box::new(s)))
        }
    }
}

// The steps of loading, for the survey definitions (`crate::survey`).

/// The text with line ends normalised.
pub(crate) fn normalize_text(text: &str) -> std::borrow::Cow<'_, str> {
    normalize(text)
}

/// The parsed document.
pub(crate) fn parse_source<'a>(name: &'a str, text: &'a str) -> Result<Source<'a>, LoadError> {
    parse(name, text)
}

/// Checks the file's kind.
pub(crate) fn expect(src: &Source<'_>, kind: FileKind) -> Result<(), LoadError> {
    expect_kind(src, kind)
}

/// The survey file's types, every error reported.
pub(crate) fn deserialize_survey(src: &Source<'_>) -> Result<crate::survey::SurveyFile, LoadError> {
    deserialize(src, SURVEY_PROBES)
}

/// The error of located issues.
pub(crate) fn located(src: &Source<'_>, issues: Vec<Issue>) -> LoadError {
    src.error(src.locate(&Path::root(), issues))
}
