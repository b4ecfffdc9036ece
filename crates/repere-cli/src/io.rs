//! Files and standard streams: bounded reads of regular files (or `-`), atomic writes that
//! never overwrite without `--force`, and output that never panics on a closed pipe or a full
//! disk. The guarantees themselves live in `repere_fs`; this module turns its errors into
//! [`Failure`]s.

use std::io::Write as _;
use std::path::Path;

use repere_fs::{Input, Overwrite, ReadErrorKind, WriteErrorKind};

use crate::Failure;

/// The input a command-line argument names (`-` is standard input).
pub(crate) fn input(arg: &str) -> Input {
    Input::from_arg(arg)
}

/// Reads a text file (or standard input), refusing special files and files over the loader's
/// limit before reading them, and decoding UTF-8 with a located error.
pub(crate) fn read_text(input: &Input) -> Result<String, Failure> {
    let bytes = read_bytes(input, repere_toml::MAX_FILE_BYTES as u64)?;
    repere_toml::decode(&input.name(), &bytes)
        .map(str::to_owned)
        .map_err(|e| Failure::diagnostics(&e))
}

/// Reads a whole input of at most `limit` bytes.
pub(crate) fn read_bytes(input: &Input, limit: u64) -> Result<Vec<u8>, Failure> {
    repere_fs::read(input, limit).map_err(read_failure)
}

/// A read error as a failure: a usage error for `-` named twice, invalid input otherwise.
pub(crate) fn read_failure(e: repere_fs::ReadError) -> Failure {
    match e.kind {
        ReadErrorKind::StdinTwice => Failure::usage(e.to_string()),
        _ => Failure::input(e.to_string()),
    }
}

/// A table that could not be read: its read error, or its located diagnostics.
pub(crate) fn table_failure(e: repere_table::TableError) -> Failure {
    match e {
        repere_table::TableError::Read(e) => read_failure(e),
        repere_table::TableError::Invalid(e) => Failure::diagnostics(&e),
        // A kind added later: its message.
        other => Failure::input(other.to_string()),
    }
}

/// A short reason for an I/O error, without the OS error number.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Whether an output path means standard output.
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Writes `text` to `path` atomically (see `repere_fs::write`). An existing file is replaced
/// only with `force`; without it, a file that appears meanwhile is not replaced either.
pub(crate) fn write_file(path: &Path, text: &str, force: bool) -> Result<(), Failure> {
    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Never
    };
    repere_fs::write(path, text.as_bytes(), overwrite).map_err(|e| match e.kind {
        WriteErrorKind::Exists => Failure::usage(format!(
            "{e}; add `--force` to overwrite it, or choose another name"
        )),
        _ => Failure::input(e.to_string()),
    })
}

/// Writes to standard output. A closed pipe (the reader has gone, as with `| head`) ends the
/// command quietly; any other error (a full disk) is a failure with a message.
pub(crate) fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| stdout_failure(&e))
}

/// The failure for an error writing to standard output.
pub(crate) fn stdout_failure(e: &std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::closed_pipe()
    } else {
        Failure::input(format!("cannot write to standard output: {}", io_reason(e)))
    }
}

/// A note on standard error (`wrote …`, `ok: …`), left out with `--quiet`.
pub(crate) fn note(text: &str) {
    if !crate::quiet() {
        eprint_line(text);
    }
}

/// Writes a line to standard error, ignoring errors (there is nowhere left to report them).
pub(crate) fn eprint_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Text from files, made safe for a terminal: control characters (escape sequences can move
/// the cursor, retitle the window or clear the screen) and bidirectional overrides are
/// replaced, line feeds kept (see [`repere_report::terminal_safe`]).
pub(crate) fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    repere_report::terminal_safe(s)
}

/// A value from a file quoted in a message: made safe for a terminal and, when long,
/// shortened to its first 60 characters.
pub(crate) fn quoted(s: &str) -> String {
    const MAX: usize = 60;
    let safe = terminal_safe(s);
    let mut out: String = safe.chars().take(MAX).collect();
    let count = safe.chars().count();
    if count > MAX {
        out.push_str(&format!("… ({count} characters)"));
    }
    out.replace('\n', "⏎")
}
