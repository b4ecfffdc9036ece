//! Files: reading with a size limit, writing atomically, never overwriting without `--force`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::Failure;

/// Reads a text file, refusing files over the loader's limit before reading them.
pub(crate) fn read_text(path: &Path) -> Result<String, Failure> {
    let shown = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| Failure::input(format!("cannot read `{shown}`: {}", io_reason(&e))))?;
    if meta.is_dir() {
        return Err(Failure::input(format!(
            "`{shown}` is a directory, not a file"
        )));
    }
    if meta.len() > repere_toml::MAX_FILE_BYTES as u64 {
        return Err(Failure::input(format!(
            "`{shown}` is {} bytes long; Repère reads files of at most {} bytes",
            meta.len(),
            repere_toml::MAX_FILE_BYTES
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::input(format!("cannot read `{shown}`: {}", io_reason(&e))))?;
    let name = shown.to_string();
    repere_toml::decode(&name, &bytes)
        .map(str::to_owned)
        .map_err(|e| Failure::diagnostics(&e))
}

/// A short reason for an I/O error, without the OS error number.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename, so
/// that the file is either the old one or the new one, never half written. An existing file
/// is replaced only with `force`.
pub(crate) fn write_atomic(path: &Path, text: &str, force: bool) -> Result<(), Failure> {
    if !force && path.exists() {
        return Err(Failure::usage(format!(
            "`{}` already exists; add `--force` to overwrite it",
            path.display()
        )));
    }
    replace_atomic(path, text)
}

/// Replaces (or creates) `path` atomically, without the `--force` check: for files this
/// program owns, such as the assessment `repere fill` is writing.
pub(crate) fn replace_atomic(path: &Path, text: &str) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |what: &str, e: std::io::Error| {
        Failure::input(format!(
            "cannot write `{}`: {what}: {}",
            path.display(),
            io_reason(&e)
        ))
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_owned());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f =
            std::fs::File::create(&tmp).map_err(|e| fail("creating a temporary file", e))?;
        f.write_all(text.as_bytes())
            .map_err(|e| fail("writing", e))?;
        f.sync_all().map_err(|e| fail("syncing", e))?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(|e| fail("renaming the temporary file", e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
