//! Bounded reads of regular files and standard input.

use std::fmt;
use std::fs::File;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::shown;

/// Where an input comes from: a file, or standard input (named `-` on a command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file.
    Path(PathBuf),
}

impl Input {
    /// The input a command-line argument names: `-` is standard input, anything else a path.
    ///
    /// ```
    /// use repere_fs::Input;
    /// assert_eq!(Input::from_arg("-"), Input::Stdin);
    /// assert_eq!(Input::from_arg("a.toml"), Input::Path("a.toml".into()));
    /// ```
    pub fn from_arg(arg: impl AsRef<std::ffi::OsStr>) -> Self {
        let arg = arg.as_ref();
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// A name for messages and diagnostics: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::Path(p) => p.display().to_string(),
        }
    }
}

/// What kind of special file an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpecialKind {
    /// A named pipe.
    Fifo,
    /// A character device (`/dev/zero`, a terminal...).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// A Unix socket.
    Socket,
    /// Anything else that is not a regular file.
    Other,
}

impl SpecialKind {
    pub(crate) fn of(t: std::fs::FileType) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt as _;
            if t.is_fifo() {
                return SpecialKind::Fifo;
            }
            if t.is_char_device() {
                return SpecialKind::CharDevice;
            }
            if t.is_block_device() {
                return SpecialKind::BlockDevice;
            }
            if t.is_socket() {
                return SpecialKind::Socket;
            }
        }
        let _ = t;
        SpecialKind::Other
    }

    /// What it is, in words: `a named pipe (FIFO)`, `a device`...
    pub fn describe(self) -> &'static str {
        match self {
            SpecialKind::Fifo => "a named pipe (FIFO)",
            SpecialKind::CharDevice => "a character device",
            SpecialKind::BlockDevice => "a block device",
            SpecialKind::Socket => "a socket",
            SpecialKind::Other => "not a regular file",
        }
    }
}

/// Why an input could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// There is no such file.
    NotFound,
    /// The file exists but may not be read.
    PermissionDenied,
    /// It is a directory.
    Directory,
    /// It is a FIFO, a device or a socket: not read (it could block or never end).
    NotRegular(SpecialKind),
    /// It is longer than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// Its size when known (a file's; standard input has none).
        size: Option<u64>,
    },
    /// Standard input was already read by this process.
    StdinTwice,
    /// Another input/output error.
    Io(io::Error),
}

/// An input that could not be read, and why.
#[derive(Debug)]
pub struct ReadError {
    /// The input.
    pub input: Input,
    /// Why.
    pub kind: ReadErrorKind,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = shown(&self.input.name());
        match &self.kind {
            ReadErrorKind::NotFound => write!(f, "cannot read `{name}`: no such file"),
            ReadErrorKind::PermissionDenied => write!(f, "cannot read `{name}`: permission denied"),
            ReadErrorKind::Directory => write!(f, "`{name}` is a directory, not a file"),
            ReadErrorKind::NotRegular(kind) => write!(
                f,
                "`{name}` is {}, not a regular file; Repère reads regular files, or standard input given as `-`",
                kind.describe()
            ),
            ReadErrorKind::TooLarge { limit, size } => match size {
                Some(size) => write!(
                    f,
                    "`{name}` is {size} bytes long; Repère reads files of at most {limit} bytes"
                ),
                None => write!(
                    f,
                    "`{name}` is longer than {limit} bytes, the most Repère reads"
                ),
            },
            ReadErrorKind::StdinTwice => write!(
                f,
                "standard input (`-`) is named twice; it can be read only once"
            ),
            ReadErrorKind::Io(e) => write!(f, "cannot read `{name}`: {e}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ReadErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

fn kind_of(e: io::Error) -> ReadErrorKind {
    match e.kind() {
        io::ErrorKind::NotFound => ReadErrorKind::NotFound,
        io::ErrorKind::PermissionDenied => ReadErrorKind::PermissionDenied,
        io::ErrorKind::IsADirectory => ReadErrorKind::Directory,
        _ => ReadErrorKind::Io(e),
    }
}

/// Opens a file for reading, refusing anything but a regular file, and returns it with its
/// length. Opening never blocks: a FIFO without a writer is opened in non-blocking mode and
/// then refused, and the check is made on the open file, so a file swapped for a FIFO or a
/// device between a check and the opening is refused too.
///
/// For callers that read a large file in parts (at most the returned length: a file that grows
/// meanwhile is not read past it).
pub fn open_regular(path: &Path) -> Result<(File, u64), ReadError> {
    let err = |kind| ReadError {
        input: Input::Path(path.to_path_buf()),
        kind,
    };
    // A socket cannot be opened at all: tell what it is first.
    let meta = std::fs::metadata(path).map_err(|e| err(kind_of(e)))?;
    if meta.is_dir() {
        return Err(err(ReadErrorKind::Directory));
    }
    if !meta.is_file() {
        return Err(err(ReadErrorKind::NotRegular(SpecialKind::of(
            meta.file_type(),
        ))));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Non-blocking (a FIFO swapped in is refused, not waited on) and never becoming the
        // controlling terminal (a terminal device swapped in is refused too).
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(|e| err(kind_of(e)))?;
    let meta = file.metadata().map_err(|e| err(kind_of(e)))?;
    if meta.is_dir() {
        return Err(err(ReadErrorKind::Directory));
    }
    if !meta.is_file() {
        return Err(err(ReadErrorKind::NotRegular(SpecialKind::of(
            meta.file_type(),
        ))));
    }
    Ok((file, meta.len()))
}

/// Whether standard input was read by this process.
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Reads a whole input, refusing one longer than `limit` bytes (see the [crate] docs for
/// what is refused). At most `limit + 1` bytes are read.
pub fn read(input: &Input, limit: u64) -> Result<Vec<u8>, ReadError> {
    let err = |kind| ReadError {
        input: input.clone(),
        kind,
    };
    match input {
        Input::Stdin => {
            if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
                return Err(err(ReadErrorKind::StdinTwice));
            }
            let mut bytes = Vec::new();
            read_bounded(io::stdin().lock(), limit, &mut bytes).map_err(|e| err(kind_of(e)))?;
            if bytes.len() as u64 > limit {
                return Err(err(ReadErrorKind::TooLarge { limit, size: None }));
            }
            Ok(bytes)
        }
        Input::Path(path) => {
            let (file, len) = open_regular(path)?;
            if len > limit {
                return Err(err(ReadErrorKind::TooLarge {
                    limit,
                    size: Some(len),
                }));
            }
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            read_bounded(file, limit, &mut bytes).map_err(|e| err(kind_of(e)))?;
            if bytes.len() as u64 > limit {
                return Err(err(ReadErrorKind::TooLarge { limit, size: None }));
            }
            Ok(bytes)
        }
    }
}

/// Reads at most `limit + 1` bytes, so that "too long" can be told from "exactly the limit".
fn read_bounded(reader: impl io::Read, limit: u64, into: &mut Vec<u8>) -> io::Result<()> {
    reader
        .take(limit.saturating_add(1))
        .read_to_end(into)
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(Input::Stdin.name(), "<stdin>");
        assert_eq!(Input::from_arg("x/y.toml").name(), "x/y.toml");
    }

    #[test]
    fn too_large_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        std::fs::write(&p, vec![b'a'; 101]).unwrap();
        let e = read(&Input::Path(p.clone()), 100).unwrap_err();
        assert!(matches!(
            e.kind,
            ReadErrorKind::TooLarge {
                limit: 100,
                size: Some(101)
            }
        ));
        assert_eq!(read(&Input::Path(p), 101).unwrap().len(), 101);
    }

    #[test]
    fn missing_and_directory() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(&Input::Path(dir.path().join("none")), 10).unwrap_err();
        assert!(matches!(e.kind, ReadErrorKind::NotFound));
        assert!(e.to_string().contains("no such file"));
        let e = read(&Input::Path(dir.path().to_path_buf()), 10).unwrap_err();
        assert!(matches!(e.kind, ReadErrorKind::Directory));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused() {
        let e = read(&Input::Path("/dev/zero".into()), 1 << 30).unwrap_err();
        assert!(
            matches!(e.kind, ReadErrorKind::NotRegular(SpecialKind::CharDevice)),
            "{e:?}"
        );
        assert!(e.to_string().contains("character device"));
    }

    #[test]
    fn control_characters_in_names_are_not_echoed() {
        let e = ReadError {
            input: Input::Path("a\u{1b}]0;owned\u{7}.toml".into()),
            kind: ReadErrorKind::NotFound,
        };
        let s = e.to_string();
        assert!(!s.chars().any(char::is_control), "{s:?}");
    }
}
