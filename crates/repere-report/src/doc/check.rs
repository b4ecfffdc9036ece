//! The result of checking files (`repere check --format json`): per file, what it is, or every
//! problem found, located.

use schemars::JsonSchema;
use serde::Serialize;

use crate::document::{Kind, Report};
use crate::i18n::ReportLang;

/// The result of checking files (`repere-check/1`). Messages are the loader's, in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CheckDoc {
    /// Always `repere-check/1`.
    pub format: String,
    /// Whether every file is valid.
    pub ok: bool,
    /// The number of problems in all files.
    pub problems: usize,
    /// Per file, in the order given.
    pub files: Vec<CheckedFileDoc>,
}

/// One checked file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CheckedFileDoc {
    /// The file as named (`<stdin>` for standard input).
    pub file: String,
    /// Whether it is valid.
    pub ok: bool,
    /// What it is, when that could be read.
    pub kind: Option<FileKindDoc>,
    /// What it holds, when it is valid (`grid \`x\` 1.0.0: 5 dimensions, 20 criteria…`).
    pub summary: Option<String>,
    /// Its problems, in the order of the file.
    pub problems: Vec<ProblemDoc>,
}

/// The kinds of files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FileKindDoc {
    /// A grid.
    Grid,
    /// A profile.
    Profile,
    /// An assessment.
    Assessment,
    /// A crosswalk between two grids.
    Crosswalk,
    /// A survey definition.
    Survey,
}

/// One problem of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ProblemDoc {
    /// `error` or `warning`.
    pub severity: SeverityDoc,
    /// What is wrong.
    pub message: String,
    /// The line, from 1, when the problem has a place in the file.
    pub line: Option<usize>,
    /// The column, from 1, in characters.
    pub column: Option<usize>,
    /// The key path in the file (`dimensions[inclusion].criteria[diversity].scale`).
    pub key: Option<String>,
    /// A suggestion, such as a close known name.
    pub help: Option<String>,
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SeverityDoc {
    /// The file cannot be used.
    Error,
    /// The file can be used, but something looks wrong.
    Warning,
}

impl CheckDoc {
    /// The result of checking these files.
    pub fn new(files: Vec<CheckedFileDoc>) -> Self {
        let problems = files
            .iter()
            .map(|f| f.problems.len().max(usize::from(!f.ok)))
            .sum();
        CheckDoc {
            format: Kind::Check.format_tag().to_owned(),
            ok: files.iter().all(|f| f.ok),
            problems,
            files,
        }
    }
}

impl Report for CheckDoc {
    const KIND: Kind = Kind::Check;

    /// English: the messages are the loader's.
    fn lang(&self) -> ReportLang {
        ReportLang::En
    }
}
