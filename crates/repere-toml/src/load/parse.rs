//! From bytes to a parsed document: size and encoding, line ends, TOML syntax (every syntax
//! error of a file at once).

use std::borrow::Cow;

use toml::Spanned;
use toml::de::DeTable;

use super::words;
use crate::diagnostic::{Diagnostic, LoadError};

/// The largest file the loader accepts, in bytes (8 MiB): far above any real grid or
/// assessment, small enough that hostile input cannot exhaust memory.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A parsed TOML document with its source, kept to locate later problems.
pub(crate) struct Source<'a> {
    /// How the file is named in messages.
    pub(crate) name: &'a str,
    /// The text parsed (without a byte order mark).
    pub(crate) text: &'a str,
    /// The document.
    pub(crate) root: Spanned<DeTable<'a>>,
}

impl Source<'_> {
    /// The error of this file with these diagnostics.
    pub(crate) fn error(&self, diagnostics: Vec<Diagnostic>) -> LoadError {
        LoadError::new(self.name, self.text, diagnostics)
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

/// The text as the loader reads it: without a byte order mark, with `\n` line ends.
///
/// TOML allows CRLF line ends, and keeps them inside multi-line strings; reading them as LF
/// makes a file mean the same whatever the editor that saved it (and a grid keep its content
/// hash). Lines and columns are unchanged: a `\r` is only allowed before a `\n`.
pub(super) fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() <= MAX_FILE_BYTES && text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
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
        let diags = errors.iter().map(words::syntax_diagnostic).collect();
        return Err(LoadError::new(name, text, diags));
    }
    Ok(Source { name, text, root })
}
