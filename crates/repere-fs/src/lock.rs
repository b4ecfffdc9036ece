//! Locks on files that a long-running command rewrites.

use std::fmt;
use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::shown;
use crate::write::parent_dir;

/// An exclusive lock on a file, held until dropped.
///
/// The lock is taken on a lock file beside the target, `.NAME.lock`, which records who holds
/// it; the target itself can then be replaced atomically as often as needed. The lock file is
/// removed when the lock is released. The lock is advisory: it keeps out other Repère
/// processes (and any program that honours `flock`), and the operating system releases it if
/// the process dies, so a crash never leaves a file locked.
///
/// ```
/// use repere_fs::{FileLock, LockError};
///
/// let dir = tempfile::tempdir()?;
/// let target = dir.path().join("assessment.toml");
/// let held = FileLock::acquire(&target, "repere fill")?;
/// match FileLock::acquire(&target, "repere fill") {
///     Err(LockError::Held { holder: Some(h), .. }) => assert_eq!(h.pid, std::process::id()),
///     other => panic!("{other:?}"),
/// }
/// drop(held);
/// assert!(FileLock::acquire(&target, "repere fill").is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct FileLock {
    path: PathBuf,
    file: Option<File>,
}

/// Who holds a lock, as its lock file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The process id.
    pub pid: u32,
    /// The user name, when known.
    pub user: Option<String>,
    /// What it is doing (`repere fill`).
    pub purpose: String,
    /// Since when, `YYYY-MM-DD HH:MM:SS UTC`.
    pub since: String,
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` (process {}", shown(&self.purpose), self.pid)?;
        if let Some(u) = &self.user {
            write!(f, " of user {}", shown(u))?;
        }
        write!(f, ", since {})", shown(&self.since))
    }
}

/// Why a lock was not taken.
#[derive(Debug)]
#[non_exhaustive]
pub enum LockError {
    /// Another process holds it.
    Held {
        /// The file that is locked.
        target: PathBuf,
        /// Who holds it, when its lock file says.
        holder: Option<Holder>,
    },
    /// The lock file is a symbolic link or not a regular file: not used.
    Unsafe {
        /// The lock file.
        lock_file: PathBuf,
    },
    /// The lock file could not be created or locked.
    Io {
        /// The lock file.
        lock_file: PathBuf,
        /// The error.
        source: io::Error,
    },
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::Held { target, holder } => {
                write!(
                    f,
                    "`{}` is being written by another process",
                    shown(&target.display().to_string())
                )?;
                if let Some(h) = holder {
                    write!(f, ": {h}")?;
                }
                Ok(())
            }
            LockError::Unsafe { lock_file } => write!(
                f,
                "the lock file `{}` is a symbolic link or not a regular file; remove it if no other process uses it",
                shown(&lock_file.display().to_string())
            ),
            LockError::Io { lock_file, source } => write!(
                f,
                "cannot lock `{}`: {source}",
                shown(&lock_file.display().to_string())
            ),
        }
    }
}

impl std::error::Error for LockError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LockError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The lock file of a target: `.NAME.lock` in the same directory.
fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "out".to_owned(), |n| n.to_string_lossy().into_owned());
    parent_dir(target).join(format!(".{name}.lock"))
}

/// Opens (or creates) the lock file; `true` when it could be opened for writing the holder's
/// details. A lock file created by another user (who may not have left it writable) is
/// locked through a read-only descriptor, which `flock` accepts.
fn open_lock_file(path: &Path) -> Result<(File, bool), LockError> {
    let open = |write: bool| {
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        if write {
            options.write(true).create(true);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            // Never through a symbolic link planted at the lock file's name; never blocking on
            // a FIFO planted there; readable and writable by whoever shares the directory, as
            // the umask allows.
            options
                .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
                .mode(0o666);
        }
        options.open(path)
    };
    let fail = |source: io::Error| {
        if is_symlink_error(&source) {
            LockError::Unsafe {
                lock_file: path.to_path_buf(),
            }
        } else {
            LockError::Io {
                lock_file: path.to_path_buf(),
                source,
            }
        }
    };
    let (file, writable) = match open(true) {
        Ok(f) => (f, true),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied && path.exists() => {
            (open(false).map_err(fail)?, false)
        }
        Err(e) => return Err(fail(e)),
    };
    let meta = file.metadata().map_err(|source| LockError::Io {
        lock_file: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() || !single_link(&meta) {
        return Err(LockError::Unsafe {
            lock_file: path.to_path_buf(),
        });
    }
    Ok((file, writable))
}

/// Whether a file has at most one name: a hard link planted at the lock file's name (to a file
/// whose content would be replaced by the holder's details) is refused. No name at all is
/// fine here: the previous holder removed it as it was opened, which the acquiring loop sees
/// and retries.
fn single_link(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        meta.nlink() <= 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

fn is_symlink_error(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Whether the open file is still the one at `path` (the previous holder may have removed it
/// between our opening and our locking).
fn still_linked(file: &File, path: &Path) -> bool {
    let (Ok(open), Ok(named)) = (file.metadata(), std::fs::symlink_metadata(path)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        open.dev() == named.dev() && open.ino() == named.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (open, named);
        true
    }
}

impl FileLock {
    /// Takes the lock of `target` (which need not exist) without waiting, recording `purpose`
    /// (such as `repere fill`) for whoever finds it held.
    pub fn acquire(target: &Path, purpose: &str) -> Result<FileLock, LockError> {
        let path = lock_path(target);
        for _ in 0..16 {
            let (mut file, writable) = open_lock_file(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(LockError::Held {
                        target: target.to_path_buf(),
                        holder: read_holder(&mut file),
                    });
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(LockError::Io {
                        lock_file: path,
                        source,
                    });
                }
            }
            if !still_linked(&file, &path) {
                continue;
            }
            let io_err = |source| LockError::Io {
                lock_file: path.clone(),
                source,
            };
            let holder = Holder {
                pid: std::process::id(),
                user: std::env::var("USER")
                    .or_else(|_| std::env::var("USERNAME"))
                    .ok(),
                purpose: purpose.to_owned(),
                since: utc_now(),
            };
            let mut text = format!(
                "pid={}\npurpose={}\nsince={}\n",
                holder.pid, holder.purpose, holder.since
            );
            if let Some(u) = &holder.user {
                text.push_str(&format!("user={u}\n"));
            }
            if writable {
                file.set_len(0).map_err(io_err)?;
                file.write_all(text.as_bytes()).map_err(io_err)?;
            }
            return Ok(FileLock {
                path,
                file: Some(file),
            });
        }
        Err(LockError::Io {
            lock_file: path,
            source: io::Error::other("the lock file kept being replaced"),
        })
    }

    /// The lock file.
    pub fn lock_file(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Removed while still held: a process that opened it meanwhile sees, once it gets the
        // lock, that the file is no longer linked, and starts again.
        let _ = std::fs::remove_file(&self.path);
        drop(self.file.take());
    }
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text).ok()?;
    let mut pid = None;
    let mut holder = Holder {
        pid: 0,
        user: None,
        purpose: String::new(),
        since: String::new(),
    };
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        match key {
            "pid" => pid = value.parse().ok(),
            "user" => holder.user = Some(value.to_owned()),
            "purpose" => holder.purpose = value.to_owned(),
            "since" => holder.since = value.to_owned(),
            _ => {}
        }
    }
    holder.pid = pid?;
    Some(holder)
}

/// The current time, `YYYY-MM-DD HH:MM:SS UTC`.
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc(secs)
}

fn utc(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_796_003_001), "2026-11-30 01:43:21 UTC");
    }

    #[test]
    fn holder_is_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.toml");
        let lock = FileLock::acquire(&target, "repere fill").unwrap();
        let mut f = File::open(lock.lock_file()).unwrap();
        let h = read_holder(&mut f).unwrap();
        assert_eq!(h.pid, std::process::id());
        assert_eq!(h.purpose, "repere fill");
        assert!(h.since.ends_with(" UTC"));
        let path = lock.lock_file().to_path_buf();
        drop(lock);
        assert!(!path.exists(), "the lock file is removed on release");
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_lock_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let target = dir.path().join("a.toml");
        std::os::unix::fs::symlink(&victim, lock_path(&target)).unwrap();
        let e = FileLock::acquire(&target, "repere fill").unwrap_err();
        assert!(matches!(e, LockError::Unsafe { .. }), "{e:?}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    }
}
