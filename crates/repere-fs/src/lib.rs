//! # Files as Repère reads and writes them
//!
//! Every file Repère reads or writes goes through this crate, so that the guarantees below hold
//! for the command line, the libraries' users and any later front end alike.
//!
//! **Reading** ([`read()`], [`open_regular`]):
//! - only a regular file (or standard input, named `-`) is read: a directory, a FIFO, a socket
//!   or a device is refused with [`ReadErrorKind::NotRegular`] before a byte is read, and
//!   opening never waits for a writer (a FIFO is opened without blocking, then refused);
//! - every read is bounded: a file (or standard input) longer than the limit is refused with
//!   [`ReadErrorKind::TooLarge`], and at most `limit + 1` bytes are ever read, even from a
//!   file that grows while it is read;
//! - standard input is read once per process: a second read is refused
//!   ([`ReadErrorKind::StdinTwice`]) rather than silently giving nothing.
//!
//! **Writing** ([`write()`]):
//! - atomic: the text goes to a temporary file created in the target's directory with
//!   exclusive creation (`O_EXCL`, which never follows a symbolic link) under an unpredictable
//!   name, is synced, then renamed over the target, and the directory is synced, so that after
//!   a power cut the target is either the old file or the new one, and a file reported written
//!   is on disk;
//! - the mode of a replaced file is kept (never widened); a new file gets the usual `0o666`
//!   narrowed by the process umask;
//! - with [`Overwrite::Never`] the final step is a rename that refuses to replace (Linux
//!   `RENAME_NOREPLACE`, or a hard link), so two writers racing for one name cannot both
//!   succeed: the second gets [`WriteErrorKind::Exists`];
//! - a target that is a directory, a FIFO or a device is refused, never replaced; a symbolic
//!   link at the target is replaced by the file (the link's own target is left alone).
//!
//! **Locking** ([`FileLock`]): a file that a long-running command rewrites repeatedly (an
//! assessment being filled in) is locked through a lock file beside it; a second writer gets
//! [`LockError::Held`] with who holds it.
//!
//! **Interruption**: temporary files in flight are registered; a signal handler calls
//! [`remove_files_in_flight`] so that an interrupted command leaves no half-written file
//! behind. Lock files are not removed there: the lock is released by the process's end, and
//! removing its file while the interrupted command may still be writing would let another
//! writer in too early; a lock file left behind is taken over by the next writer.
//!
//! ```
//! use repere_fs::{Input, Overwrite, read, write};
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("report.md");
//! write(&path, b"# Report\n", Overwrite::Never)?;
//! // Not replaced without intent:
//! let again = write(&path, b"other", Overwrite::Never).unwrap_err();
//! assert!(matches!(again.kind, repere_fs::WriteErrorKind::Exists));
//! assert_eq!(read(&Input::Path(path), 1 << 20)?, b"# Report\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod lock;
mod read;
mod write;

pub use lock::{FileLock, Holder, LockError};
pub use read::{Input, ReadError, ReadErrorKind, SpecialKind, open_regular, read};
pub use write::{Overwrite, WriteError, WriteErrorKind, WriteStep, sync_dir, write};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

use std::path::PathBuf;
use std::sync::Mutex;

/// Temporary and lock files that exist only while a write or a lock is in progress.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn register(path: PathBuf) {
    in_flight().push(path);
}

fn deregister(path: &std::path::Path) {
    let mut files = in_flight();
    if let Some(i) = files.iter().rposition(|p| p == path) {
        files.swap_remove(i);
    }
}

/// Removes the temporary files of writes in progress, and returns how many were removed. Meant
/// for a signal handler (Ctrl-C, termination) that then ends the process: the writes in
/// progress do not complete, and no stray `.NAME.*.tmp` file is left behind. (Locks are
/// released by the process's end; their files stay, and the next writer takes them over.)
pub fn remove_files_in_flight() -> usize {
    let files = std::mem::take(&mut *in_flight());
    files
        .iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count()
}

/// A value shown in an error message: control characters replaced (so that a file name cannot
/// drive a terminal) and long values shortened.
pub(crate) fn shown(s: &str) -> String {
    const MAX: usize = 200;
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { '\u{FFFD}' } else { c });
    }
    out
}
