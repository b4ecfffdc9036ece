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
use self::probe::{
    ASSESSMENT_PROBES, CROSSWALK_PROBES, GRID_PROBES, PROFILE_PROBES, SURVEY_PROBES, deserialize,
};
use crate::convert;
use crate::diagnostic::{Diagnostic, LoadError};
use crate::issue::{FileProblem, Issue, IssueKind};
use crate::raw::{AssessmentFile, CrosswalkFile, GridFile, ProfileFile};

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
    /// A crosswalk, read; it is checked against its two grids by [`check_crosswalk`].
    Crosswalk(Box<repere_core::crosswalk::Crosswalk>),
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
        FileKind::Crosswalk => {
            let file: CrosswalkFile = deserialize(&src, CROSSWALK_PROBES)?;
            crosswalk_from(&src, &file).map(|c| Document::Crosswalk(Box::new(c)))
        }
        FileKind::Survey => {
            crate::survey::load_survey(name, &text).map(|s| Document::Survey(Box::new(s)))
        }
    }
}

/// Loads a crosswalk file: its shape, its ids and names. What depends on the two grids (the
/// criteria its links name) is checked by [`check_crosswalk`].
///
/// ```
/// let text = r#"
/// kind = "crosswalk"
/// format = 1
/// id = "a-b"
/// default-lang = "en"
/// provenance = "illustrative"
/// from = { grid = "a", version = "1" }
/// to = { grid = "b", version = "1" }
///
/// [[links]]
/// from = "independance"
/// to = "independence"
/// relation = "equivalent"
/// "#;
/// let cw = repere_toml::load_crosswalk("a-b.toml", text)?;
/// assert_eq!(cw.links.len(), 1);
/// # Ok::<(), repere_toml::LoadError>(())
/// ```
pub fn load_crosswalk(
    name: &str,
    text: &str,
) -> Result<repere_core::crosswalk::Crosswalk, LoadError> {
    let text = normalize(text);
    let src = parse(name, &text)?;
    expect_kind(&src, FileKind::Crosswalk)?;
    let file: CrosswalkFile = deserialize(&src, CROSSWALK_PROBES)?;
    crosswalk_from(&src, &file)
}

/// Converts a crosswalk file, checking its ids and language tags.
fn crosswalk_from(
    src: &Source<'_>,
    file: &CrosswalkFile,
) -> Result<repere_core::crosswalk::Crosswalk, LoadError> {
    use repere_core::crosswalk::{Crosswalk, GridKey, Link};
    use repere_core::{Id, Lang, Text};
    let mut problems = Vec::new();
    let mut bad = |path: Path, e: repere_core::IdError| {
        problems.push(Issue::model(path, ProblemKind::InvalidId(e)));
    };
    let id = |s: &str, path: Path, bad: &mut dyn FnMut(Path, repere_core::IdError)| {
        Id::new(s).map_err(|e| bad(path, e)).ok()
    };
    let lang = Lang::new(file.default_lang.clone())
        .map_err(|e| bad(Path::root().key("default-lang"), e))
        .ok();
    let cw_id = id(&file.id, Path::root().key("id"), &mut bad);
    let from = id(
        &file.from.grid,
        Path::root().key("from").key("grid"),
        &mut bad,
    );
    let to = id(&file.to.grid, Path::root().key("to").key("grid"), &mut bad);
    let mut links = Vec::new();
    for (i, l) in file.links.iter().enumerate() {
        let at = Path::root().key("links").index(i);
        let f = id(&l.from, at.key("from"), &mut bad);
        let t = id(&l.to, at.key("to"), &mut bad);
        let mut levels = Vec::new();
        for (a, b) in &l.levels {
            let path = at.key("levels").id(a);
            if let (Some(a), Some(b)) = (id(a, path.clone(), &mut bad), id(b, path, &mut bad)) {
                levels.push((a, b));
            }
        }
        let note = match &l.note {
            None => None,
            Some(crate::raw::LocalText::Plain(s)) => {
                lang.clone().map(|lang| Text::new(lang, s.clone()))
            }
            Some(crate::raw::LocalText::ByLang(entries)) => {
                let mut out = Text::empty();
                for (tag, s) in entries {
                    match Lang::new(tag.clone()) {
                        Ok(tag) => out.insert(tag, s.clone()),
                        Err(e) => bad(at.key("note").id(tag), e),
                    }
                }
                Some(out)
            }
        };
        if let (Some(from), Some(to)) = (f, t) {
            links.push(Link {
                from,
                to,
                relation: l.relation.0,
                provenance: l.provenance.map_or(file.provenance.0, |p| p.0),
                note,
                levels,
            });
        }
    }
    match (cw_id, from, to, lang) {
        (Some(cw_id), Some(from), Some(to), Some(default_lang)) if problems.is_empty() => {
            Ok(Crosswalk {
                id: cw_id,
                from: GridKey {
                    id: from,
                    version: file.from.version.clone(),
                },
                to: GridKey {
                    id: to,
                    version: file.to.version.clone(),
                },
                default_lang,
                provenance: file.provenance.0,
                sources: file.sources.clone(),
                links,
            })
        }
        _ => Err(src.error(src.locate(&Path::root(), problems))),
    }
}

/// Checks a crosswalk file against its two grids (given in the file's order: `from`, then
/// `to`), with every problem located in the file: a grid that is not the one named, a link
/// naming a criterion its grid does not have (with the closest id suggested), two links
/// relating the same criteria.
pub fn check_crosswalk(
    name: &str,
    text: &str,
    crosswalk: &repere_core::crosswalk::Crosswalk,
    from: &Grid,
    to: &Grid,
) -> Result<(), LoadError> {
    use repere_core::crosswalk::{CrosswalkProblem, Side};
    let Err(found) = crosswalk.validate(from, to) else {
        return Ok(());
    };
    let text = normalize(text);
    let src = parse(name, &text)?;
    let side_key = |side: Side| match side {
        Side::From => "from",
        Side::To => "to",
    };
    let issues = found
        .into_iter()
        .map(|p| match p {
            CrosswalkProblem::OtherGrid {
                side,
                expected,
                expected_version,
                found,
                found_version,
                ..
            } => Issue::file(
                Path::root().key(side_key(side)).key("grid"),
                FileProblem::CrosswalkOtherGrid {
                    side: side_key(side),
                    named: format!("{expected}@{expected_version}"),
                    given: format!("{found}@{found_version}"),
                },
            ),
            CrosswalkProblem::UnknownCriterion {
                link,
                side,
                grid,
                criterion,
                suggestion,
            } => Issue::file(
                Path::root().key("links").index(link).key(side_key(side)),
                FileProblem::CrosswalkUnknownCriterion {
                    grid,
                    criterion,
                    suggestion,
                },
            ),
            CrosswalkProblem::DuplicateLink {
                link,
                first,
                from,
                to,
            } => Issue::file(
                Path::root().key("links").index(link),
                FileProblem::CrosswalkDuplicateLink { from, to, first },
            ),
            CrosswalkProblem::UnknownLevel {
                link,
                side,
                criterion,
                level,
            } => {
                let at = Path::root().key("links").index(link).key("levels");
                // The key names the `from` level; the value, the `to` level.
                let key = match side {
                    Side::From => level.to_string(),
                    _ => crosswalk.links[link]
                        .levels
                        .iter()
                        .find(|(_, b)| b == &level)
                        .map_or_else(String::new, |(a, _)| a.to_string()),
                };
                let grid = if side == Side::From { from } else { to };
                let levels = grid
                    .criterion(criterion.as_str())
                    .map(|(_, c)| {
                        grid.scale_of(c)
                            .levels()
                            .iter()
                            .map(|l| l.id.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                Issue::file(
                    at.id(key),
                    FileProblem::CrosswalkUnknownLevel {
                        criterion,
                        level,
                        levels,
                    },
                )
            }
            other => Issue::file(Path::root(), FileProblem::Crosswalk(other)),
        })
        .collect();
    Err(src.error(src.locate(&Path::root(), issues)))
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
