//! A dossier on disk: its layout, opening, locking, loading and appending.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use repere_core::workflow::{
    Action, ActionKind, AssessmentId, AssessmentRecord, Evaluation, EvaluationError, Event,
    PublicKey, Timestamp, Workflow, WorkflowError,
};
use repere_fs::{FileLock, Input, LockError, Overwrite, ReadError, ReadErrorKind, WriteError};

use crate::entry::SignedEntry;
use crate::evaluation::{EvaluationFileError, evaluation_from_toml, evaluation_to_toml};
use crate::hash::sha256;
use crate::keys::KeyPair;
use crate::verify::{Problem, Signatures, check_trail, parse_trail};

/// The evaluation's file in a dossier.
pub const EVALUATION_FILE: &str = "evaluation.toml";
/// The trail's file in a dossier.
pub const TRAIL_FILE: &str = "trail.jsonl";
/// The directory of assessment files (`ID.toml`) in a dossier.
pub const ASSESSMENTS_DIR: &str = "assessments";
/// The directory of published bundles (`ID.vN/`) in a dossier.
pub const PUBLISHED_DIR: &str = "published";
/// The longest trail read, in bytes.
pub const TRAIL_LIMIT: u64 = 64 << 20;
/// The longest `evaluation.toml` or assessment file read, in bytes.
pub const FILE_LIMIT: u64 = 8 << 20;
/// How long [`Dossier::append`] waits for another writer to finish.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// An evaluation dossier: a directory holding `evaluation.toml`, `assessments/ID.toml`,
/// `trail.jsonl` and `published/ID.vN/` bundles.
///
/// ```
/// use repere_core::{GridRef, Id, Phase, Process, Role};
/// use repere_core::workflow::{Action, Evaluation, Member, Timestamp};
/// use repere_dossier::{Dossier, KeyPair};
///
/// let alice = KeyPair::from_seed([1; 32]);
/// let grid = GridRef { id: Id::new("fr.cndp.debat-public")?, version: "1.0.0".into(), hash: None };
/// let process = Process { name: "Débat public".into(), ..Process::default() };
/// let mut evaluation = Evaluation::new(process, grid, Id::new("default")?);
/// evaluation.members = vec![Member::new("Alice", Role::Evaluator, alice.public())];
/// evaluation.phases = vec![Phase::Framing];
///
/// let dir = tempfile::tempdir()?;
/// let dossier = Dossier::init(&dir.path().join("debat"), &evaluation)?;
/// let at: Timestamp = "2024-05-01T09:00:00Z".parse()?;
/// let done = dossier.append("Alice", &alice, Action::Start { phase: Phase::Framing, id: None }, at)?;
/// assert_eq!(done.entry.entry.seq, 1);
/// assert!(repere_dossier::verify(dossier.dir()).is_clean());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    dir: PathBuf,
}

/// The last entry of a trail: its number and hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    /// Its number.
    pub seq: u64,
    /// The hash of its canonical bytes.
    pub hash: String,
}

/// A dossier as read: its evaluation, its trail and the workflow the trail replays into.
#[derive(Debug, Clone)]
pub struct DossierState {
    evaluation_hash: String,
    entries: Vec<SignedEntry>,
    workflow: Workflow,
}

impl DossierState {
    /// The evaluation.
    pub fn evaluation(&self) -> &Evaluation {
        self.workflow.evaluation()
    }

    /// The hash of `evaluation.toml`'s bytes.
    pub fn evaluation_hash(&self) -> &str {
        &self.evaluation_hash
    }

    /// The trail's entries, in order.
    pub fn entries(&self) -> &[SignedEntry] {
        &self.entries
    }

    /// The workflow the trail replays into.
    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    /// The last entry's number and hash; `None` for an empty trail.
    pub fn head(&self) -> Option<Head> {
        self.entries.last().map(|e| Head {
            seq: e.entry.seq,
            hash: e.hash(),
        })
    }
}

/// What an accepted [`append`](Locked::append) did.
#[derive(Debug, Clone)]
pub struct Appended {
    /// The entry written.
    pub entry: SignedEntry,
    /// The event of the workflow: the entry and the assessments it changed.
    pub event: Event,
    /// The trail's new head (the entry written).
    pub head: Head,
}

/// The name of a published version's bundle: `ID.vN` (`framing-1.v1`), or the id alone when it
/// names its version already, as a correction's does (`framing-1.v2`, not `framing-1.v2.v2`).
///
/// ```
/// use repere_dossier::bundle_name;
/// assert_eq!(bundle_name("framing-1", 1), "framing-1.v1");
/// assert_eq!(bundle_name("framing-1.v2", 2), "framing-1.v2");
/// assert_eq!(bundle_name("framing-1.v2", 3), "framing-1.v2.v3");
/// ```
pub fn bundle_name(id: &str, version: u32) -> String {
    let suffix = format!(".v{version}");
    if id.ends_with(&suffix) {
        id.to_owned()
    } else {
        format!("{id}{suffix}")
    }
}

/// Why a dossier could not be created, read or changed. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DossierError {
    /// The directory has no `evaluation.toml`.
    #[error("`{}` is not a dossier: it has no `{EVALUATION_FILE}`", dir.display())]
    NotADossier {
        /// The directory.
        dir: PathBuf,
    },
    /// `init` found a dossier (or an evaluation file) there already.
    #[error("`{}` exists already: a dossier is never created over another", path.display())]
    Exists {
        /// The file found.
        path: PathBuf,
    },
    /// `evaluation.toml` does not read as an evaluation.
    #[error("`{}` is not a valid evaluation: {error}", path.display())]
    EvaluationFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        error: EvaluationFileError,
    },
    /// The evaluation reads but is invalid.
    #[error("`{}`: {error}", path.display())]
    InvalidEvaluation {
        /// The file.
        path: PathBuf,
        /// Every problem.
        error: EvaluationError,
    },
    /// The trail has problems: nothing is appended to a broken trail (`verify` tells more).
    #[error(
        "the trail of `{}` has {} problem{}; nothing is appended to it:{}",
        dir.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems.iter().map(|p| format!("\n  {p}")).collect::<String>()
    )]
    BrokenTrail {
        /// The dossier.
        dir: PathBuf,
        /// The problems found.
        problems: Vec<Problem>,
    },
    /// The workflow refuses the action.
    #[error("{0}")]
    Refused(WorkflowError),
    /// The key given is not the actor's.
    #[error("the key given ({given}) is not `{actor}`'s: the evaluation lists {expected} for them")]
    WrongKey {
        /// The actor.
        actor: String,
        /// The actor's key in the evaluation.
        expected: PublicKey,
        /// The key given.
        given: PublicKey,
    },
    /// The action names a content, and the assessment has no file.
    #[error("assessment `{id}` has no file `{}`", path.display())]
    NoAssessmentFile {
        /// The assessment.
        id: AssessmentId,
        /// Its file.
        path: PathBuf,
    },
    /// The action names a content other than the assessment's file.
    #[error(
        "the {action} of `{id}` names content {named}, but its file `{}` hashes to {file}",
        path.display()
    )]
    ContentMismatch {
        /// The assessment.
        id: AssessmentId,
        /// The action.
        action: ActionKind,
        /// Its file.
        path: PathBuf,
        /// The hash the action names (for a publication: the content approved).
        named: String,
        /// The hash of the file now.
        file: String,
    },
    /// An assessment's file is not the content the trail last recorded for it (a submitted,
    /// approved or published assessment changed outside the workflow).
    #[error(
        "`{}` has changed since the trail recorded it: it hashes to {file}, the trail records {recorded} (run `repere verify`)",
        path.display()
    )]
    Changed {
        /// The assessment.
        id: AssessmentId,
        /// Its file.
        path: PathBuf,
        /// The hash the trail records.
        recorded: String,
        /// The hash of the file now.
        file: String,
    },
    /// A bundle could not be written.
    #[error("{0}")]
    Bundle(#[from] crate::bundle::BundleError),
    /// Another writer holds the dossier and did not let go in time.
    #[error("{0}")]
    Lock(#[from] LockError),
    /// A file could not be read.
    #[error("{0}")]
    Read(#[from] ReadError),
    /// A file could not be written.
    #[error("{0}")]
    Write(#[from] WriteError),
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

pub(crate) fn io_err(
    what: &'static str,
    path: &Path,
) -> impl FnOnce(std::io::Error) -> DossierError {
    let path = path.to_path_buf();
    move |source| DossierError::Io { what, path, source }
}

impl Dossier {
    /// Creates a dossier in a directory (created if missing; it must not hold one already):
    /// writes `evaluation.toml`, an empty `trail.jsonl`, and the `assessments` and
    /// `published` directories. The evaluation is validated first.
    pub fn init(dir: &Path, evaluation: &Evaluation) -> Result<Dossier, DossierError> {
        let d = Dossier {
            dir: dir.to_path_buf(),
        };
        evaluation
            .validate()
            .map_err(|error| DossierError::InvalidEvaluation {
                path: d.evaluation_path(),
                error,
            })?;
        std::fs::create_dir_all(dir).map_err(io_err("create", dir))?;
        for path in [d.evaluation_path(), d.trail_path()] {
            if path.symlink_metadata().is_ok() {
                return Err(DossierError::Exists { path });
            }
        }
        for sub in [ASSESSMENTS_DIR, PUBLISHED_DIR] {
            let p = dir.join(sub);
            std::fs::create_dir_all(&p).map_err(io_err("create", &p))?;
        }
        repere_fs::write(&d.trail_path(), b"", Overwrite::Never).map_err(exists)?;
        repere_fs::write(
            &d.evaluation_path(),
            evaluation_to_toml(evaluation).as_bytes(),
            Overwrite::Never,
        )
        .map_err(exists)?;
        Ok(d)
    }

    /// Opens the dossier in a directory: it must hold `evaluation.toml`. Nothing else is read
    /// until asked.
    pub fn open(dir: &Path) -> Result<Dossier, DossierError> {
        let d = Dossier {
            dir: dir.to_path_buf(),
        };
        if !d.evaluation_path().is_file() {
            return Err(DossierError::NotADossier {
                dir: dir.to_path_buf(),
            });
        }
        Ok(d)
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `evaluation.toml`.
    pub fn evaluation_path(&self) -> PathBuf {
        self.dir.join(EVALUATION_FILE)
    }

    /// `trail.jsonl`.
    pub fn trail_path(&self) -> PathBuf {
        self.dir.join(TRAIL_FILE)
    }

    /// The file of an assessment, `assessments/ID.toml`.
    pub fn assessment_path(&self, id: &AssessmentId) -> PathBuf {
        self.dir.join(ASSESSMENTS_DIR).join(format!("{id}.toml"))
    }

    /// The bundle of a published version, `published/` and its [`bundle_name`].
    pub fn bundle_path(&self, id: &AssessmentId, version: u32) -> PathBuf {
        self.dir
            .join(PUBLISHED_DIR)
            .join(bundle_name(id.as_str(), version))
    }

    /// The hash of an assessment's file now, as actions name contents: `sha256:` and the
    /// SHA-256 of its bytes.
    pub fn content_hash(&self, id: &AssessmentId) -> Result<String, DossierError> {
        let path = self.assessment_path(id);
        match repere_fs::read(&Input::Path(path.clone()), FILE_LIMIT) {
            Ok(bytes) => Ok(sha256(&bytes)),
            Err(ReadError {
                kind: ReadErrorKind::NotFound,
                ..
            }) => Err(DossierError::NoAssessmentFile {
                id: id.clone(),
                path,
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// The bytes of an assessment's file, checked against the content the trail last recorded
    /// for it: what a consolidation or a comparison of approved assessments may read. A draft,
    /// whose content the trail does not record yet, is read as it is.
    pub fn recorded_content(&self, record: &AssessmentRecord) -> Result<Vec<u8>, DossierError> {
        let path = self.assessment_path(&record.id);
        let bytes = match repere_fs::read(&Input::Path(path.clone()), FILE_LIMIT) {
            Ok(bytes) => bytes,
            Err(ReadError {
                kind: ReadErrorKind::NotFound,
                ..
            }) => {
                return Err(DossierError::NoAssessmentFile {
                    id: record.id.clone(),
                    path,
                });
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(recorded) = &record.content_hash {
            let file = sha256(&bytes);
            if &file != recorded {
                return Err(DossierError::Changed {
                    id: record.id.clone(),
                    path,
                    recorded: recorded.clone(),
                    file,
                });
            }
        }
        Ok(bytes)
    }

    /// Reads the dossier: the evaluation, the trail (every line strictly, the hash chain, the
    /// evaluation's hash, the last entry's signature) and the workflow it replays into.
    /// A trail with any problem is an error ([`DossierError::BrokenTrail`]); [`crate::verify`]
    /// checks everything, every signature included, and reports rather than fails.
    ///
    /// Takes no lock: while another process may append, read through [`Dossier::lock`].
    pub fn state(&self) -> Result<DossierState, DossierError> {
        let path = self.evaluation_path();
        let bytes = repere_fs::read(&Input::Path(path.clone()), FILE_LIMIT).map_err(|e| {
            if matches!(e.kind, ReadErrorKind::NotFound) {
                DossierError::NotADossier {
                    dir: self.dir.clone(),
                }
            } else {
                e.into()
            }
        })?;
        let evaluation_hash = sha256(&bytes);
        let text = std::str::from_utf8(&bytes).map_err(|_| DossierError::EvaluationFile {
            path: path.clone(),
            error: EvaluationFileError(vec!["the file is not UTF-8 text".to_owned()]),
        })?;
        let evaluation =
            evaluation_from_toml(text).map_err(|error| DossierError::EvaluationFile {
                path: path.clone(),
                error,
            })?;
        evaluation
            .validate()
            .map_err(|error| DossierError::InvalidEvaluation {
                path: path.clone(),
                error,
            })?;
        let trail = repere_fs::read(&Input::Path(self.trail_path()), TRAIL_LIMIT)?;
        let parsed = parse_trail(&trail);
        let mut problems = Vec::new();
        let checked = check_trail(
            &mut problems,
            Some(&evaluation),
            &evaluation_hash,
            &parsed,
            Signatures::Last,
        );
        match checked.workflow {
            Some(workflow) if problems.is_empty() => Ok(DossierState {
                evaluation_hash,
                entries: checked.entries.into_iter().map(|(_, e)| e).collect(),
                workflow,
            }),
            _ => Err(DossierError::BrokenTrail {
                dir: self.dir.clone(),
                problems,
            }),
        }
    }

    /// Takes the dossier's lock (a [`FileLock`] on `trail.jsonl`, whose lock file is
    /// `.trail.jsonl.lock`), waiting up to `wait` for another writer to finish; `purpose`
    /// (such as `repere submit`) is recorded for whoever finds it held.
    pub fn lock(&self, purpose: &str, wait: Duration) -> Result<Locked<'_>, DossierError> {
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match FileLock::acquire(&self.trail_path(), purpose) {
                Ok(lock) => {
                    return Ok(Locked {
                        dossier: self,
                        _lock: lock,
                    });
                }
                Err(LockError::Held { .. }) if start.elapsed() < wait => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Locks the dossier (waiting up to [`DEFAULT_WAIT`]), appends an action and unlocks:
    /// see [`Locked::append`].
    pub fn append(
        &self,
        actor: &str,
        key: &KeyPair,
        action: Action,
        at: Timestamp,
    ) -> Result<Appended, DossierError> {
        self.lock("repere append", DEFAULT_WAIT)?
            .append(actor, key, action, at)
    }
}

fn exists(e: WriteError) -> DossierError {
    if matches!(e.kind, repere_fs::WriteErrorKind::Exists) {
        DossierError::Exists {
            path: e.path.clone(),
        }
    } else {
        e.into()
    }
}

/// A dossier locked for writing; the lock is released when this is dropped.
#[derive(Debug)]
pub struct Locked<'a> {
    dossier: &'a Dossier,
    _lock: FileLock,
}

impl Locked<'_> {
    /// The dossier.
    pub fn dossier(&self) -> &Dossier {
        self.dossier
    }

    /// Reads the dossier under the lock (see [`Dossier::state`]).
    pub fn state(&self) -> Result<DossierState, DossierError> {
        self.dossier.state()
    }

    /// Appends an action by a member, signed with their key, durably and atomically:
    ///
    /// 1. the trail is read again and checked ([`Dossier::state`]): nothing is appended to a
    ///    broken trail, a torn last line included;
    /// 2. the key must be the actor's, as `evaluation.toml` lists it;
    /// 3. the action is checked by the workflow ([`Workflow::preview`]): refused, nothing is
    ///    written ([`DossierError::Refused`]);
    /// 4. for an edit, a submission or a review, the content named must be the assessment
    ///    file's hash now; for a publication, the file must still be the content approved;
    ///    the entry records that hash;
    /// 5. the line is written with one `O_APPEND` write, then synced; a failed write is cut
    ///    back to the trail's previous length.
    pub fn append(
        &self,
        actor: &str,
        key: &KeyPair,
        action: Action,
        at: Timestamp,
    ) -> Result<Appended, DossierError> {
        let state = self.dossier.state()?;
        let event = state
            .workflow
            .preview(actor, action.clone(), at)
            .map_err(DossierError::Refused)?;
        if let Some(m) = state.evaluation().member(actor)
            && m.key != key.public()
        {
            return Err(DossierError::WrongKey {
                actor: actor.to_owned(),
                expected: m.key,
                given: key.public(),
            });
        }
        let content_hash = self.content_for(&state, &action)?;
        let prev = state.head().map_or_else(crate::entry::genesis, |h| h.hash);
        let entry = SignedEntry::seal(
            event.entry.clone(),
            content_hash,
            state.evaluation_hash.clone(),
            prev,
            key,
        );
        self.write_line(&entry.to_line())?;
        let head = Head {
            seq: entry.entry.seq,
            hash: entry.hash(),
        };
        Ok(Appended { entry, event, head })
    }

    /// The content hash the entry of an action records, checked against the action.
    fn content_for(
        &self,
        state: &DossierState,
        action: &Action,
    ) -> Result<Option<String>, DossierError> {
        let (id, named) = match action {
            Action::Edit { id, content_hash }
            | Action::Submit { id, content_hash }
            | Action::Review {
                id, content_hash, ..
            } => (id, content_hash.clone()),
            Action::Publish { id } => {
                let approved = state
                    .workflow
                    .assessment(id.as_str())
                    .and_then(|r| r.approval.as_ref())
                    .map(|a| a.content_hash.clone())
                    .unwrap_or_default();
                (id, approved)
            }
            Action::Start { .. } | Action::Correct { .. } => return Ok(None),
        };
        let file = self.dossier.content_hash(id)?;
        if file != named {
            return Err(DossierError::ContentMismatch {
                id: id.clone(),
                action: action.kind(),
                path: self.dossier.assessment_path(id),
                named,
                file,
            });
        }
        Ok(Some(file))
    }

    fn write_line(&self, line: &[u8]) -> Result<(), DossierError> {
        let path = self.dossier.trail_path();
        let mut options = std::fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        let mut file = options.open(&path).map_err(io_err("open", &path))?;
        let meta = file.metadata().map_err(io_err("inspect", &path))?;
        if !meta.is_file() {
            return Err(DossierError::Io {
                what: "append to",
                path,
                source: std::io::Error::other("not a regular file"),
            });
        }
        let before = meta.len();
        let written = file.write_all(line).and_then(|()| file.sync_data());
        if let Err(source) = written {
            // Our own partial line, never synced as an entry: cut it back.
            let _ = file.set_len(before).and_then(|()| file.sync_data());
            return Err(DossierError::Io {
                what: "append to",
                path,
                source,
            });
        }
        if before == 0 {
            // A new file's directory entry must survive too.
            repere_fs::sync_dir(&self.dossier.dir).map_err(io_err("sync", &self.dossier.dir))?;
        }
        Ok(())
    }

    /// Appends the publication of an approved assessment ([`Locked::append`] of
    /// [`Action::Publish`]) and writes its bundle ([`Locked::write_bundle`]) with the files
    /// given (reports rendered by the caller).
    pub fn publish(
        &self,
        actor: &str,
        key: &KeyPair,
        id: &AssessmentId,
        at: Timestamp,
        files: &[(String, Vec<u8>)],
    ) -> Result<(Appended, PathBuf), DossierError> {
        // Check the files' names before anything is recorded.
        crate::bundle::check_names(files)?;
        let appended = self.append(actor, key, Action::Publish { id: id.clone() }, at)?;
        let dir = self.write_bundle(actor, key, id, files)?;
        Ok((appended, dir))
    }

    /// Writes the bundle of a published assessment, `published/ID.vN/`: the files given, a
    /// copy of the assessment's file (`assessment.toml`), `manifest.json` and `manifest.sig`
    /// signed by the publisher, a member. The trail head it records is the entry that
    /// published the assessment. The bundle is built in a temporary directory and renamed
    /// into place; an existing bundle is never replaced.
    ///
    /// Also what recovers a publication whose bundle was not written (a crash between the
    /// two): `verify` reports it missing.
    pub fn write_bundle(
        &self,
        publisher: &str,
        key: &KeyPair,
        id: &AssessmentId,
        files: &[(String, Vec<u8>)],
    ) -> Result<PathBuf, DossierError> {
        let state = self.dossier.state()?;
        crate::bundle::write_bundle(self.dossier, &state, publisher, key, id, files)
    }
}
