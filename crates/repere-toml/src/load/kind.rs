//! What a file is: its `kind` and `format` keys.

use toml::Spanned;

use super::parse::Source;
use super::words::similar_lengths;
use crate::diagnostic::{Diagnostic, LoadError};
use crate::raw;

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
    /// A crosswalk between two grids (`kind = "crosswalk"`).
    Crosswalk,
    /// A survey definition (`kind = "survey"`).
    Survey,
}

impl FileKind {
    /// Every kind, in the order messages list them.
    pub const ALL: &'static [FileKind] = &[
        FileKind::Grid,
        FileKind::Profile,
        FileKind::Assessment,
        FileKind::Crosswalk,
        FileKind::Survey,
    ];

    /// The value of the `kind` key.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Grid => "grid",
            FileKind::Profile => "profile",
            FileKind::Assessment => "assessment",
            FileKind::Crosswalk => "crosswalk",
            FileKind::Survey => "survey",
        }
    }

    /// The kinds as a message lists them: `"grid"`, `"profile"`, `"assessment"`,
    /// `"crosswalk"` or `"survey"` (quoted for TOML when `toml` is true).
    fn listed(toml: bool) -> String {
        let names: Vec<String> = FileKind::ALL
            .iter()
            .map(|k| {
                if toml {
                    format!("`\"{}\"`", k.as_str())
                } else {
                    format!("`kind = \"{}\"`", k.as_str())
                }
            })
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
        }
    }

    /// "a grid", "an assessment".
    fn with_article(self) -> String {
        match self {
            FileKind::Assessment => "an assessment".to_owned(),
            k => format!("a {}", k.as_str()),
        }
    }
}

/// Reads the `kind` and `format` keys.
pub(crate) fn kind_of(src: &Source<'_>) -> Result<FileKind, LoadError> {
    let table = src.root.get_ref();
    let kind = match table.get("kind") {
        None => {
            return Err(src.error(vec![
                Diagnostic::error("missing key `kind`: Repère cannot tell what this file is")
                    .with_help(Some(format!(
                        "start the file with {}, then `format = 1`",
                        FileKind::listed(false)
                    ))),
            ]));
        }
        Some(v) => match v.get_ref().as_str() {
            Some(name) if let Some(k) = FileKind::ALL.iter().find(|k| k.as_str() == name) => *k,
            Some(other) => {
                let kinds = FileKind::ALL.iter().map(|k| k.as_str());
                let help = repere_core::closest(other, similar_lengths(other, kinds))
                    .map(|s| format!("did you mean `kind = \"{s}\"`?"));
                return Err(src.error(vec![
                    Diagnostic::error(format!(
                        "unknown file kind `{other}`, expected {}",
                        FileKind::listed(true)
                    ))
                    .with_span(Some(v.span()))
                    .with_key_path("kind")
                    .with_help(help),
                ]));
            }
            None => {
                return Err(src.error(vec![
                    Diagnostic::error(format!(
                        "invalid type: {} `{}` for `kind`, expected {}",
                        v.get_ref().type_str(),
                        &src.text[v.span()],
                        FileKind::listed(true)
                    ))
                    .with_span(Some(v.span()))
                    .with_key_path_in_message("kind"),
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

/// Checks that the file is of the kind `want`.
pub(crate) fn expect_kind(src: &Source<'_>, want: FileKind) -> Result<(), LoadError> {
    let kind = kind_of(src)?;
    if kind == want {
        return Ok(());
    }
    let span = src.root.get_ref().get("kind").map(Spanned::span);
    Err(src.error(vec![
        Diagnostic::error(format!(
            "this is {} file, but {} file is expected here",
            kind.with_article(),
            want.with_article()
        ))
        .with_span(span)
        .with_key_path("kind"),
    ]))
}
