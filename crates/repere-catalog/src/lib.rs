//! # Repère catalogue
//!
//! The reference grids of participation evaluation, embedded and loadable by id, each with its
//! sources and the provenance of every dimension and criterion; the example evaluations drawn
//! from the workshop cycle on evaluating participation; example participant surveys
//! ([`surveys`]: definitions and response files); the crosswalks that relate the criteria of
//! two grids ([`crosswalks`]); and the classification schemes that describe a process
//! ([`classification`]).
//!
//! ```
//! let grid = repere_catalog::grid("fr.cndp.debat-public")?;
//! assert!(grid.criteria().count() > 5);
//! for entry in repere_catalog::entries() {
//!     println!("{} {}", entry.id, entry.version);
//! }
//! # Ok::<(), repere_catalog::CatalogError>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod classification;

use repere_core::Grid;
use repere_core::crosswalk::Crosswalk;
use repere_toml::LoadError;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// A grid of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The grid's id.
    pub id: &'static str,
    /// The grid's version.
    pub version: &'static str,
    /// The file it is embedded from.
    pub file: &'static str,
    /// The file's text.
    pub text: &'static str,
}

/// An example evaluation shipped with Repère.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The file name, such as `e1-anneau-des-sciences.cpdp.toml`.
    pub file: &'static str,
    /// The file's text.
    pub text: &'static str,
}

/// Why a catalogue grid could not be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// No grid has this id (and version).
    #[error("the catalogue has no grid `{id}`{}{}", version.as_ref().map(|v| format!(" version `{v}`")).unwrap_or_default(), suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    NotFound {
        /// The id asked for.
        id: String,
        /// The version asked for.
        version: Option<String>,
        /// A close id, if any.
        suggestion: Option<String>,
    },
    /// The embedded file does not load (a defect of this build, caught by the tests).
    #[error("catalogue grid `{0}` does not load: {1}")]
    Invalid(String, Box<LoadError>),
}

/// Reads `id` and `version` from the top of an embedded grid file.
fn header_value(text: &'static str, key: &str) -> &'static str {
    text.lines()
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map_or("", |(_, v)| v.trim().trim_matches('"'))
}

/// The grids of the catalogue, in id order, then version order (a grid may ship in several
/// versions, so that assessments made on an earlier one still load).
pub fn entries() -> Vec<Entry> {
    let mut v: Vec<Entry> = GRID_FILES
        .iter()
        .map(|(file, text)| Entry {
            id: header_value(text, "id"),
            version: header_value(text, "version"),
            file,
            text,
        })
        .collect();
    v.sort_by(|a, b| {
        a.id.cmp(b.id)
            .then_with(|| version_key(a.version).cmp(&version_key(b.version)))
    });
    v
}

/// A version for ordering: its dot-separated parts, numbers compared as numbers (`1.10.0` after
/// `1.9.0`), other parts as text.
fn version_key(version: &str) -> Vec<(u64, &str)> {
    version
        .split(['.', '-'])
        .map(|part| (part.parse().unwrap_or(u64::MAX), part))
        .collect()
}

/// Loads a catalogue grid by id, in its latest version.
pub fn grid(id: &str) -> Result<Grid, CatalogError> {
    grid_version(id, None)
}

/// Loads a catalogue grid by id and, when given, version.
pub fn grid_version(id: &str, version: Option<&str>) -> Result<Grid, CatalogError> {
    let all = entries();
    let found = all
        .iter()
        .rev()
        .find(|e| e.id == id && version.is_none_or(|v| v == e.version))
        .ok_or_else(|| CatalogError::NotFound {
            id: id.to_owned(),
            version: version.map(str::to_owned),
            suggestion: repere_core::closest(id, all.iter().map(|e| e.id))
                .or_else(|| {
                    all.iter()
                        .map(|e| e.id)
                        .find(|e| !id.is_empty() && e.contains(id))
                })
                .map(str::to_owned),
        })?;
    repere_toml::load_grid(found.file, found.text)
        .map_err(|e| CatalogError::Invalid(id.to_owned(), Box::new(e)))
}

/// The example surveys, in file-name order: survey definitions (`*.survey.toml`, `kind =
/// "survey"`) and response files (`*.responses.csv`, long shape). The E1 responses are
/// synthesised to match the shares the CPDP published, and marked illustrative in their
/// definition.
///
/// ```
/// let surveys = repere_catalog::surveys();
/// let definition = surveys.iter().find(|s| s.file == "e1-anneau-des-sciences.survey.toml").unwrap();
/// let survey = repere_toml::load_survey(definition.file, definition.text)?;
/// assert_eq!(survey.questions.len(), 3);
/// # Ok::<(), repere_toml::LoadError>(())
/// ```
pub fn surveys() -> Vec<Example> {
    SURVEY_FILES
        .iter()
        .map(|(file, text)| Example { file, text })
        .collect()
}

/// The example evaluations, in file-name order.
pub fn examples() -> Vec<Example> {
    EXAMPLE_FILES
        .iter()
        .map(|(file, text)| Example { file, text })
        .collect()
}

/// A crosswalk file of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrosswalkFile {
    /// The file name, such as `fr.cndp.debat-public--oecd.2021.deliberative-processes.toml`.
    pub file: &'static str,
    /// The file's text.
    pub text: &'static str,
}

/// The crosswalk files of the catalogue, in file-name order.
pub fn crosswalk_files() -> Vec<CrosswalkFile> {
    CROSSWALK_FILES
        .iter()
        .map(|(file, text)| CrosswalkFile { file, text })
        .collect()
}

/// The crosswalks of the catalogue, loaded (each is checked against its two grids by the
/// catalogue's tests).
pub fn crosswalks() -> Result<Vec<Crosswalk>, CatalogError> {
    crosswalk_files()
        .iter()
        .map(|f| {
            repere_toml::load_crosswalk(f.file, f.text)
                .map_err(|e| CatalogError::Invalid(f.file.to_owned(), Box::new(e)))
        })
        .collect()
}

/// The catalogue's crosswalk between two grids (their ids and versions), oriented from `from`
/// to `to`; `None` when the catalogue has none.
///
/// ```
/// let cndp = repere_catalog::grid("fr.cndp.debat-public")?;
/// let oecd = repere_catalog::grid("oecd.2021.deliberative-processes")?;
/// let cw = repere_catalog::crosswalk_between(&oecd, &cndp)?.expect("the catalogue relates them");
/// assert_eq!(cw.from.id.as_str(), "oecd.2021.deliberative-processes");
/// # Ok::<(), repere_catalog::CatalogError>(())
/// ```
pub fn crosswalk_between(from: &Grid, to: &Grid) -> Result<Option<Crosswalk>, CatalogError> {
    Ok(crosswalks()?.iter().find_map(|c| c.oriented(from, to)))
}

#[cfg(test)]
mod tests {
    use super::version_key;

    #[test]
    fn versions_order_by_number() {
        let mut v = ["1.10.0", "1.9.0", "1.0.0", "2.0.0"];
        v.sort_by_key(|x| version_key(x));
        assert_eq!(v, ["1.0.0", "1.9.0", "1.10.0", "2.0.0"]);
    }
}
