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
    /// A survey definition (`kind = "survey"`).
    Survey,
}

impl FileKind {
    /// The value of the `kind` key.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Grid => "grid",
            FileKind::Profile => "profile",
            FileKind::Assessment => "assessment",
            FileKind::Survey => "survey",
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
            Some("survey") => FileKind::Survey,
            Some(other) => {
                let kinds = ["grid", "profile", "assessment", "survey"];
                let help = repere_core::closest(other, similar_lengths(other, kinds))
                    .map(|s| format!("did you mean `kind = \"{s}\"`?"));
                return Err(src.error(vec![
                    Diagnostic::error(format!(
                        "unknown file kind `{other}`, expected `\"grid\"`, `\"profile\"`, `\"assessment\"` or `\"survey\"`"
                    ))
                    .with_span(Some(v.span()))
                    .with_key_path("kind")
                    .with_help(help),
                ]));
            }
            None => {
                return Err(src.error(vec![
                    Diagnostic::error(format!(
                        "invalid type: {} `{}` for `kind`, expected `\"grid\"`, `\"profile\"`, `\"assessment\"` or `\"survey\"`",
                        v.get_ref().type_str(),
                        &src.text[v.span()]
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
