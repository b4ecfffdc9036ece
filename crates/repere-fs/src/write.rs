//! Atomic, durable writes that keep the mode and never replace without intent.

use std::fmt;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::{SpecialKind, deregister, register, shown};

/// Whether [`write()`] may replace an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Never: an existing file (or one created meanwhile by another writer) is left as it is
    /// and the write fails with [`WriteErrorKind::Exists`].
    Never,
    /// Replace an existing regular file (keeping its mode) or a symbolic link.
    Replace,
}

/// The step of a write that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteStep {
    /// Creating the temporary file in the target's directory.
    CreateTemporary,
    /// Writing the contents.
    Write,
    /// Giving the temporary file the mode of the file it replaces.
    KeepMode,
    /// Flushing the contents to the disk.
    Sync,
    /// Renaming the temporary file over the target.
    Rename,
    /// Flushing the directory entry to the disk.
    SyncDirectory,
    /// Looking at the target.
    Inspect,
}

impl WriteStep {
    fn describe(self) -> &'static str {
        match self {
            WriteStep::CreateTemporary => "creating a temporary file",
            WriteStep::Write => "writing",
            WriteStep::KeepMode => "keeping the file's mode",
            WriteStep::Sync => "syncing",
            WriteStep::Rename => "renaming the temporary file",
            WriteStep::SyncDirectory => "syncing the directory",
            WriteStep::Inspect => "looking at the existing file",
        }
    }
}

/// Why a file was not written.
#[derive(Debug)]
#[non_exhaustive]
pub enum WriteErrorKind {
    /// The file exists and [`Overwrite::Never`] was asked.
    Exists,
    /// The target is a directory.
    Directory,
    /// The target is a FIFO, a device or a socket: never replaced.
    NotRegular(SpecialKind),
    /// An input/output error at some step.
    Io {
        /// The step.
        step: WriteStep,
        /// The error.
        source: io::Error,
    },
}

/// A file that was not written, and why. The target is unchanged.
#[derive(Debug)]
pub struct WriteError {
    /// The target.
    pub path: PathBuf,
    /// Why.
    pub kind: WriteErrorKind,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = shown(&self.path.display().to_string());
        match &self.kind {
            WriteErrorKind::Exists => write!(f, "`{name}` already exists"),
            WriteErrorKind::Directory => write!(f, "`{name}` is a directory"),
            WriteErrorKind::NotRegular(kind) => write!(
                f,
                "`{name}` is {}; Repère writes regular files only",
                kind.describe()
            ),
            WriteErrorKind::Io { step, source } => {
                let reason = match source.kind() {
                    io::ErrorKind::NotFound => "no such directory".to_owned(),
                    io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
                    _ => source.to_string(),
                };
                write!(f, "cannot write `{name}`: {}: {reason}", step.describe())
            }
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            WriteErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The directory a path is in (`.` for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What is at the target before the write.
enum Existing {
    Nothing,
    Link,
    #[cfg_attr(not(unix), allow(dead_code))]
    File {
        mode: u32,
        uid: u32,
        gid: u32,
    },
}

fn existing(path: &Path) -> Result<Existing, WriteErrorKind> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Existing::Nothing),
        Err(source) => Err(WriteErrorKind::Io {
            step: WriteStep::Inspect,
            source,
        }),
        Ok(m) if m.file_type().is_symlink() => Ok(Existing::Link),
        Ok(m) if m.is_dir() => Err(WriteErrorKind::Directory),
        Ok(m) if !m.is_file() => Err(WriteErrorKind::NotRegular(SpecialKind::of(m.file_type()))),
        Ok(m) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt as _;
                Ok(Existing::File {
                    mode: m.mode() & 0o777,
                    uid: m.uid(),
                    gid: m.gid(),
                })
            }
            #[cfg(not(unix))]
            {
                let _ = m;
                Ok(Existing::File {
                    mode: 0,
                    uid: 0,
                    gid: 0,
                })
            }
        }
    }
}

/// Writes `bytes` to `path` atomically and durably (see the [crate] docs): the target is
/// either left as it was or holds exactly `bytes`, with the mode of the file it replaced.
pub fn write(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), WriteError> {
    let fail = |kind| WriteError {
        path: path.to_path_buf(),
        kind,
    };
    let io_fail = |step| move |source| fail(WriteErrorKind::Io { step, source });
    let before = existing(path).map_err(fail)?;
    if overwrite == Overwrite::Never && !matches!(before, Existing::Nothing) {
        return Err(fail(WriteErrorKind::Exists));
    }
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .map_or_else(|| "out".to_owned(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(10);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // New files: 0o666 narrowed by the umask, as any program creating a file.
        // Replaced files: created owner-only, then given the old mode below.
        let mode = match before {
            Existing::File { .. } => 0o600,
            _ => 0o666,
        };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(io_fail(WriteStep::CreateTemporary))?;
    let tmp_path = tmp.path().to_path_buf();
    register(tmp_path.clone());
    let result = (|| {
        tmp.write_all(bytes).map_err(io_fail(WriteStep::Write))?;
        #[cfg(unix)]
        if let Existing::File { mode, uid, gid } = before {
            use std::os::unix::fs::PermissionsExt as _;
            // Ownership first (changing it may clear set-id bits), best effort: only a
            // privileged writer may give a file to another user.
            if std::os::unix::fs::fchown(tmp.as_file(), Some(uid), Some(gid)).is_err() {
                // Not allowed to give the file away: at least keep its group, which a member
                // of that group may set, so that the group keeps its access.
                let _ = std::os::unix::fs::fchown(tmp.as_file(), None, Some(gid));
            }
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode))
                .map_err(io_fail(WriteStep::KeepMode))?;
        }
        tmp.as_file().sync_all().map_err(io_fail(WriteStep::Sync))?;
        let persisted = match overwrite {
            Overwrite::Replace => tmp.persist(path),
            Overwrite::Never => tmp.persist_noclobber(path),
        };
        if let Err(e) = persisted {
            // Dropping the returned file removes the temporary file.
            return Err(if e.error.kind() == io::ErrorKind::AlreadyExists {
                fail(WriteErrorKind::Exists)
            } else {
                fail(WriteErrorKind::Io {
                    step: WriteStep::Rename,
                    source: e.error,
                })
            });
        }
        sync_dir(&dir).map_err(io_fail(WriteStep::SyncDirectory))
    })();
    deregister(&tmp_path);
    result
}

/// Flushes a directory's entries to the disk, so that a file just renamed into it survives a
/// power cut. File systems that cannot sync a directory, and directories that may not be
/// opened for reading, are not an error.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        // A directory that may not be opened for reading cannot be synced: best effort, as the
        // rename is already done.
        let d = match std::fs::File::open(dir) {
            Ok(d) => d,
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => return Ok(()),
            Err(e) => return Err(e),
        };
        match d.sync_all() {
            Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
            other => other,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}
