//! Members' signing keys: generation, signatures, and a key store of files.

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use repere_core::workflow::PublicKey;

use crate::hash::{hex, unhex};

/// The longest key file read, in bytes.
const KEY_FILE_LIMIT: u64 = 4096;

/// The first word of a private key file.
const SECRET_TAG: &str = "repere-ed25519-secret-key:";

/// An Ed25519 signing key and its public key.
///
/// `Debug` never shows the secret.
///
/// ```
/// use repere_dossier::KeyPair;
/// let pair = KeyPair::from_seed([7; 32]);
/// let signature = pair.sign(b"entry");
/// assert!(repere_dossier::verify_signature(&pair.public(), b"entry", &signature));
/// assert!(!repere_dossier::verify_signature(&pair.public(), b"other", &signature));
/// ```
#[derive(Clone)]
pub struct KeyPair {
    signing: SigningKey,
}

impl KeyPair {
    /// A new key pair from the operating system's random numbers.
    pub fn generate() -> Result<KeyPair, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(KeyPair::from_seed(seed))
    }

    /// The key pair of a 32-byte secret seed (RFC 8032). For tests and for keys kept
    /// elsewhere; use [`KeyPair::generate`] for a new key.
    pub fn from_seed(seed: [u8; 32]) -> KeyPair {
        KeyPair {
            signing: SigningKey::from_bytes(&seed),
        }
    }

    /// The public key, as members are listed with it in `evaluation.toml`.
    pub fn public(&self) -> PublicKey {
        PublicKey::new(self.signing.verifying_key().to_bytes())
    }

    /// The Ed25519 signature of a message.
    pub fn sign(&self, message: &[u8]) -> Signature {
        Signature(self.signing.sign(message).to_bytes())
    }

    fn secret_text(&self) -> String {
        format!("{SECRET_TAG}{}\n", hex(self.signing.as_bytes()))
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyPair(public: {})", self.public())
    }
}

/// An Ed25519 signature: 64 bytes, written as 128 lower-case hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature(pub [u8; 64]);

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex(&self.0))
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({self})")
    }
}

/// Why a text is not a [`Signature`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a signature: expected 128 lower-case hexadecimal digits (64 bytes)")]
pub struct SignatureError;

impl FromStr for Signature {
    type Err = SignatureError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        unhex::<64>(s).map(Signature).ok_or(SignatureError)
    }
}

/// Whether `signature` is an Ed25519 signature of `message` by `key`, checked strictly
/// (RFC 8032 with the checks that refuse weak keys and malleated signatures).
pub fn verify_signature(key: &PublicKey, message: &[u8], signature: &Signature) -> bool {
    verifier(key).is_some_and(|key| verify_with(&key, message, signature))
}

/// A key ready to check signatures (decompressed once), or `None` for bytes that are not a
/// point of the curve.
pub(crate) fn verifier(key: &PublicKey) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(key.as_bytes()).ok()
}

/// [`verify_signature`] with a key decompressed once by [`verifier`].
pub(crate) fn verify_with(key: &VerifyingKey, message: &[u8], signature: &Signature) -> bool {
    let sig = ed25519_dalek::Signature::from_bytes(&signature.0);
    key.verify_strict(message, &sig).is_ok()
}

/// Why a key was not generated, written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The operating system gave no random numbers.
    #[error("cannot generate a key: no random numbers from the operating system: {0}")]
    Random(String),
    /// A key name that cannot be a file name.
    #[error(
        "`{0}` cannot name a key: use letters, digits, `.`, `_` and `-`, not starting with `.`"
    )]
    BadName(String),
    /// A key of this name exists already: never replaced.
    #[error("a key named `{name}` exists already in `{}`; keys are never replaced", dir.display())]
    Exists {
        /// The name.
        name: String,
        /// The key store.
        dir: PathBuf,
    },
    /// There is no key of this name.
    #[error("no key named `{name}` in `{}`", dir.display())]
    NotFound {
        /// The name.
        name: String,
        /// The key store.
        dir: PathBuf,
    },
    /// A private key file that others may read: refused, as ssh does.
    #[error(
        "the private key `{}` may be read by others (mode {mode:03o}); make it readable by its owner only (chmod 600)",
        path.display()
    )]
    TooOpen {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A key file whose text is not a key.
    #[error("`{}` is not a Repère key file: {reason}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: &'static str,
    },
    /// A private key whose public key file names another key.
    #[error("`{}` does not hold the public key of `{}`", public.display(), private.display())]
    Mismatch {
        /// The private key file.
        private: PathBuf,
        /// The public key file.
        public: PathBuf,
    },
    /// A key file could not be read.
    #[error(transparent)]
    Read(#[from] repere_fs::ReadError),
    /// A key file could not be written.
    #[error(transparent)]
    Write(#[from] repere_fs::WriteError),
    /// Another input/output error.
    #[error("cannot {what} `{}`: {source}", path.display())]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// A directory of named keys: `NAME.key` (the private key, readable by its owner only) and
/// `NAME.pub` (the public key, 64 hexadecimal digits, as `evaluation.toml` lists it).
///
/// The command line passes `$REPERE_HOME`; the store is created (owner-only) on first use.
///
/// ```
/// use repere_dossier::KeyStore;
/// let home = tempfile::tempdir()?;
/// let store = KeyStore::new(home.path().join("keys"));
/// let alice = store.create("alice")?;
/// assert_eq!(store.load("alice")?.public(), alice.public());
/// assert_eq!(store.public("alice")?, alice.public());
/// assert!(store.create("alice").is_err(), "never replaced");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyStore {
    dir: PathBuf,
}

impl KeyStore {
    /// The key store in a directory (which need not exist yet).
    pub fn new(dir: impl Into<PathBuf>) -> KeyStore {
        KeyStore { dir: dir.into() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The private key file of a name.
    pub fn private_path(&self, name: &str) -> Result<PathBuf, KeyError> {
        check_name(name)?;
        Ok(self.dir.join(format!("{name}.key")))
    }

    /// The public key file of a name.
    pub fn public_path(&self, name: &str) -> Result<PathBuf, KeyError> {
        check_name(name)?;
        Ok(self.dir.join(format!("{name}.pub")))
    }

    /// Generates a key pair and writes it under a new name; an existing key is never
    /// replaced. The private key file is created readable by its owner only (mode 0600)
    /// before a byte of the secret is written, then filled atomically and durably.
    pub fn create(&self, name: &str) -> Result<KeyPair, KeyError> {
        let pair = KeyPair::generate()?;
        self.insert(name, &pair)?;
        Ok(pair)
    }

    /// Writes a given key pair under a new name (as [`KeyStore::create`] does).
    pub fn insert(&self, name: &str, pair: &KeyPair) -> Result<(), KeyError> {
        let private = self.private_path(name)?;
        let public = self.public_path(name)?;
        self.ensure_dir()?;
        if public.symlink_metadata().is_ok() {
            return Err(KeyError::Exists {
                name: name.to_owned(),
                dir: self.dir.clone(),
            });
        }
        create_owner_only(&private).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                KeyError::Exists {
                    name: name.to_owned(),
                    dir: self.dir.clone(),
                }
            } else {
                KeyError::Io {
                    what: "create",
                    path: private.clone(),
                    source,
                }
            }
        })?;
        // The placeholder is replaced with its mode (0600) kept: the secret is never in a
        // file others may read, not even for a moment.
        let written = repere_fs::write(
            &private,
            pair.secret_text().as_bytes(),
            repere_fs::Overwrite::Replace,
        );
        if let Err(e) = written {
            let _ = std::fs::remove_file(&private);
            return Err(e.into());
        }
        repere_fs::write(
            &public,
            format!("{}\n", pair.public()).as_bytes(),
            repere_fs::Overwrite::Never,
        )?;
        Ok(())
    }

    /// Reads a private key, refusing a file that its group or others may read (as ssh does)
    /// and one whose public key file, when there is one, names another key.
    pub fn load(&self, name: &str) -> Result<KeyPair, KeyError> {
        let path = self.private_path(name)?;
        let text = self.read_key_file(name, &path, true)?;
        let seed = text
            .trim_end_matches('\n')
            .strip_prefix(SECRET_TAG)
            .and_then(unhex::<32>)
            .ok_or_else(|| KeyError::Malformed {
                path: path.clone(),
                reason: "expected `repere-ed25519-secret-key:` and 64 hexadecimal digits",
            })?;
        let pair = KeyPair::from_seed(seed);
        match self.public(name) {
            Ok(key) if key != pair.public() => Err(KeyError::Mismatch {
                private: path,
                public: self.public_path(name)?,
            }),
            Ok(_) | Err(KeyError::NotFound { .. }) => Ok(pair),
            Err(e) => Err(e),
        }
    }

    /// Reads a public key.
    pub fn public(&self, name: &str) -> Result<PublicKey, KeyError> {
        let path = self.public_path(name)?;
        let text = self.read_key_file(name, &path, false)?;
        text.trim_end_matches('\n')
            .parse::<PublicKey>()
            .map_err(|_| KeyError::Malformed {
                path,
                reason: "expected 64 hexadecimal digits",
            })
    }

    /// The names of the keys in the store (those with a private key), sorted.
    pub fn names(&self) -> Result<Vec<String>, KeyError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(KeyError::Io {
                    what: "list",
                    path: self.dir.clone(),
                    source,
                });
            }
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let stem = name.strip_suffix(".key")?;
                check_name(stem).ok()?;
                Some(stem.to_owned())
            })
            .collect();
        names.sort();
        Ok(names)
    }

    fn read_key_file(&self, name: &str, path: &Path, secret: bool) -> Result<String, KeyError> {
        let (file, _) = repere_fs::open_regular(path).map_err(|e| match e.kind {
            repere_fs::ReadErrorKind::NotFound => KeyError::NotFound {
                name: name.to_owned(),
                dir: self.dir.clone(),
            },
            _ => KeyError::Read(e),
        })?;
        if secret {
            check_owner_only(&file, path)?;
        }
        let mut bytes = Vec::new();
        file.take(KEY_FILE_LIMIT + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| KeyError::Io {
                what: "read",
                path: path.to_path_buf(),
                source,
            })?;
        if bytes.len() as u64 > KEY_FILE_LIMIT {
            return Err(KeyError::Malformed {
                path: path.to_path_buf(),
                reason: "too long",
            });
        }
        String::from_utf8(bytes).map_err(|_| KeyError::Malformed {
            path: path.to_path_buf(),
            reason: "not UTF-8 text",
        })
    }

    fn ensure_dir(&self) -> Result<(), KeyError> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt as _;
            builder.mode(0o700);
        }
        builder.create(&self.dir).map_err(|source| KeyError::Io {
            what: "create the key store",
            path: self.dir.clone(),
            source,
        })
    }
}

/// A key name is a file name stem: ASCII letters, digits, `.`, `_`, `-`, not starting with `.`.
fn check_name(name: &str) -> Result<(), KeyError> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(KeyError::BadName(name.chars().take(60).collect()))
    }
}

/// Creates an empty file readable and writable by its owner only, refusing an existing file
/// or a symbolic link.
fn create_owner_only(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // The umask may only narrow 0600; set it exactly anyway.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    drop(file);
    Ok(())
}

fn check_owner_only(file: &std::fs::File, path: &Path) -> Result<(), KeyError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = file.metadata().map_err(|source| KeyError::Io {
            what: "inspect",
            path: path.to_path_buf(),
            source,
        })?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(KeyError::TooOpen {
                path: path.to_path_buf(),
                mode,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}
