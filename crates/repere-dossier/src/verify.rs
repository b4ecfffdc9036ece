//! Verification of a dossier: every problem, each with its file and entry.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use repere_core::workflow::{Action, AssessmentId, Evaluation, State, Workflow, WorkflowError};
use repere_fs::{Input, ReadErrorKind};

use crate::dossier::{
    ASSESSMENTS_DIR, EVALUATION_FILE, FILE_LIMIT, Head, PUBLISHED_DIR, TRAIL_FILE, TRAIL_LIMIT,
};
use crate::entry::{EntryError, SignedEntry, genesis};
use crate::evaluation::evaluation_from_toml;
use crate::hash::sha256;

/// A problem found in a dossier or a bundle: the file, the entry, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file, relative to the dossier (or to the bundle, for [`crate::verify_bundle`]).
    pub file: PathBuf,
    /// The trail entry concerned: for `trail.jsonl`, the line's number (from 1, which is the
    /// entry's number in an intact trail); for an assessment file, the entry that recorded
    /// its content; for a bundle, the entry that published it. `None` when no entry is.
    pub entry: Option<u64>,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(n) = self.entry {
            write!(f, ", entry {n}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

/// What is wrong, with the values involved.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The file cannot be read (missing, not a regular file, too large…).
    Unreadable {
        /// Why.
        reason: String,
    },
    /// `evaluation.toml` does not give a valid evaluation.
    InvalidEvaluation {
        /// Why.
        reason: String,
    },
    /// `evaluation.toml` is not the file the entries were made under.
    EvaluationChanged {
        /// The hash the entries record.
        recorded: String,
        /// The hash of the file now.
        found: String,
        /// How many entries record another hash than the file's (this one is the first).
        entries: u64,
    },
    /// The last line has no line feed: an entry cut short by a crash, or bytes added.
    TornEntry,
    /// A line is not an entry, or not written in canonical form.
    BadLine(EntryError),
    /// An entry's number does not follow the previous one: an entry is missing, repeated or
    /// moved.
    OutOfSequence {
        /// The number expected.
        expected: u64,
        /// The number recorded.
        found: u64,
    },
    /// An entry's `prev` is not the hash of the entry before it: an entry was removed,
    /// inserted, moved or changed.
    BrokenChain {
        /// The hash of the previous entry.
        expected: String,
        /// The `prev` recorded.
        found: String,
    },
    /// An entry names an actor who is not a member: its signature cannot be checked.
    UnknownActor {
        /// The actor.
        actor: String,
    },
    /// An entry's signature is not its actor's signature of the entry.
    BadSignature {
        /// The actor.
        actor: String,
    },
    /// An entry's `content-hash` does not agree with its action: missing where the action
    /// names a content, present where it does not, or another hash than the action's.
    ContentHashDisagrees {
        /// What the action needs (`None` for no hash).
        expected: Option<String>,
        /// What the entry records.
        found: Option<String>,
    },
    /// A publication records another content than the one approved.
    PublishedUnapproved {
        /// The content approved.
        approved: Option<String>,
        /// The content the publication records.
        published: Option<String>,
    },
    /// The workflow refuses an entry on replay.
    Refused(WorkflowError),
    /// An entry replays into another entry (an id of a new assessment differs).
    Diverged {
        /// The entry the replay gives, as text.
        replayed: String,
    },
    /// An assessment's file changed after its content was recorded (submitted, approved or
    /// published: only a draft may change).
    AssessmentChanged {
        /// The assessment.
        id: AssessmentId,
        /// Its state.
        state: State,
        /// The hash recorded.
        recorded: String,
        /// The hash of the file now.
        found: String,
    },
    /// An assessment whose content was recorded has no file.
    AssessmentMissing {
        /// The assessment.
        id: AssessmentId,
        /// Its state.
        state: State,
    },
    /// A published version has no bundle.
    MissingBundle {
        /// The assessment.
        id: AssessmentId,
        /// Its version.
        version: u32,
    },
    /// A bundle's `manifest.json` does not read.
    BadManifest {
        /// Why.
        reason: String,
    },
    /// `manifest.sig` is not the publisher's signature of `manifest.json`.
    BadManifestSignature {
        /// The publisher the manifest names.
        publisher: String,
    },
    /// The manifest's publisher key is not among the keys given (or not the member's).
    UnknownPublisher {
        /// The publisher the manifest names.
        publisher: String,
    },
    /// A bundle's file differs from the hash in its manifest.
    BundleFileChanged {
        /// The hash in the manifest.
        recorded: String,
        /// The hash of the file now.
        found: String,
    },
    /// A file listed in the manifest is missing.
    BundleFileMissing,
    /// A file in the bundle that its manifest does not list.
    BundleExtraFile,
    /// A bundle's directory is not named after its manifest (`ID.vN`).
    BundleMisnamed {
        /// The name the manifest gives.
        expected: String,
    },
    /// The trail head a bundle records is not in the trail (the trail was rewritten after
    /// publication), or is not the publication of its assessment.
    BundleHeadNotInTrail {
        /// The head recorded.
        head: Head,
    },
    /// A bundle's manifest disagrees with the trail or with itself.
    BundleDisagrees {
        /// What (`content-hash`, `evaluation-hash`, `version`, `assessment.toml`…).
        what: &'static str,
        /// The value in the manifest.
        manifest: String,
        /// The value it should have.
        expected: String,
    },
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let opt = |h: &Option<String>| h.clone().unwrap_or_else(|| "none".to_owned());
        match self {
            ProblemKind::Unreadable { reason } => write!(f, "cannot be read: {reason}"),
            ProblemKind::InvalidEvaluation { reason } => {
                write!(f, "not a valid evaluation: {reason}")
            }
            ProblemKind::EvaluationChanged {
                recorded,
                found,
                entries,
            } => write!(
                f,
                "`{EVALUATION_FILE}` changed: {entries} entr{} record {recorded}, the file hashes to {found}",
                if *entries == 1 { "y" } else { "ies" }
            ),
            ProblemKind::TornEntry => f.write_str(
                "the last line has no line feed: an entry cut short (never repaired silently)",
            ),
            ProblemKind::BadLine(e) => write!(f, "{e}"),
            ProblemKind::OutOfSequence { expected, found } => write!(
                f,
                "numbered {found}, expected {expected}: an entry is missing, repeated or moved"
            ),
            ProblemKind::BrokenChain { expected, found } => write!(
                f,
                "`prev` is {found}, but the previous entry hashes to {expected}: the chain is broken"
            ),
            ProblemKind::UnknownActor { actor } => write!(
                f,
                "the actor `{}` is not a member: the signature cannot be checked",
                crate::entry::shorten(actor)
            ),
            ProblemKind::BadSignature { actor } => write!(
                f,
                "the signature is not `{}`'s signature of this entry",
                crate::entry::shorten(actor)
            ),
            ProblemKind::ContentHashDisagrees { expected, found } => write!(
                f,
                "`content-hash` is {}, the action needs {}",
                opt(found),
                opt(expected)
            ),
            ProblemKind::PublishedUnapproved {
                approved,
                published,
            } => write!(
                f,
                "publishes content {}, but the content approved is {}",
                opt(published),
                opt(approved)
            ),
            ProblemKind::Refused(e) => write!(f, "the workflow refuses it: {e}"),
            ProblemKind::Diverged { replayed } => write!(f, "replays differently: `{replayed}`"),
            ProblemKind::AssessmentChanged {
                id,
                state,
                recorded,
                found,
            } => write!(
                f,
                "`{id}` is {} and its content is recorded as {recorded}, but the file hashes to {found}",
                state.phrase()
            ),
            ProblemKind::AssessmentMissing { id, state } => {
                write!(f, "`{id}` is {} but has no file", state.phrase())
            }
            ProblemKind::MissingBundle { id, version } => write!(
                f,
                "`{id}` version {version} is published but has no bundle `{PUBLISHED_DIR}/{}`",
                crate::dossier::bundle_name(id.as_str(), *version)
            ),
            ProblemKind::BadManifest { reason } => write!(f, "not a bundle manifest: {reason}"),
            ProblemKind::BadManifestSignature { publisher } => write!(
                f,
                "`manifest.sig` is not `{}`'s signature of `manifest.json`",
                crate::entry::shorten(publisher)
            ),
            ProblemKind::UnknownPublisher { publisher } => write!(
                f,
                "the publisher `{}` signs with a key that is not among the keys given",
                crate::entry::shorten(publisher)
            ),
            ProblemKind::BundleFileChanged { recorded, found } => write!(
                f,
                "changed since publication: the manifest records {recorded}, the file hashes to {found}"
            ),
            ProblemKind::BundleFileMissing => f.write_str("listed in the manifest but missing"),
            ProblemKind::BundleExtraFile => f.write_str("not listed in the manifest"),
            ProblemKind::BundleMisnamed { expected } => {
                write!(f, "the bundle's directory should be named `{expected}`")
            }
            ProblemKind::BundleHeadNotInTrail { head } => write!(
                f,
                "the trail head recorded at publication (entry {}, {}) is not the publication in the trail",
                head.seq, head.hash
            ),
            ProblemKind::BundleDisagrees {
                what,
                manifest,
                expected,
            } => write!(
                f,
                "the manifest's `{what}` is {}, expected {}",
                crate::entry::shorten(manifest),
                crate::entry::shorten(expected)
            ),
        }
    }
}

impl ProblemKind {
    /// The kind of problem as a stable code (`torn-entry`, `bad-signature`…), for tools that
    /// read `repere verify --format json`.
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::Unreadable { .. } => "unreadable",
            ProblemKind::InvalidEvaluation { .. } => "invalid-evaluation",
            ProblemKind::EvaluationChanged { .. } => "evaluation-changed",
            ProblemKind::TornEntry => "torn-entry",
            ProblemKind::BadLine(_) => "bad-line",
            ProblemKind::OutOfSequence { .. } => "out-of-sequence",
            ProblemKind::BrokenChain { .. } => "broken-chain",
            ProblemKind::UnknownActor { .. } => "unknown-actor",
            ProblemKind::BadSignature { .. } => "bad-signature",
            ProblemKind::ContentHashDisagrees { .. } => "content-hash-disagrees",
            ProblemKind::PublishedUnapproved { .. } => "published-unapproved",
            ProblemKind::Refused(_) => "refused",
            ProblemKind::Diverged { .. } => "diverged",
            ProblemKind::AssessmentChanged { .. } => "assessment-changed",
            ProblemKind::AssessmentMissing { .. } => "assessment-missing",
            ProblemKind::MissingBundle { .. } => "missing-bundle",
            ProblemKind::BadManifest { .. } => "bad-manifest",
            ProblemKind::BadManifestSignature { .. } => "bad-manifest-signature",
            ProblemKind::UnknownPublisher { .. } => "unknown-publisher",
            ProblemKind::BundleFileChanged { .. } => "bundle-file-changed",
            ProblemKind::BundleFileMissing => "bundle-file-missing",
            ProblemKind::BundleExtraFile => "bundle-extra-file",
            ProblemKind::BundleMisnamed { .. } => "bundle-misnamed",
            ProblemKind::BundleHeadNotInTrail { .. } => "bundle-head-not-in-trail",
            ProblemKind::BundleDisagrees { .. } => "bundle-disagrees",
        }
    }
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Every problem, in the order found: `evaluation.toml`, the trail line by line, the
    /// assessment files, the bundles.
    pub problems: Vec<Problem>,
    /// The number of lines of the trail that read as entries.
    pub entries: u64,
    /// The trail's last entry, if it reads.
    pub head: Option<Head>,
    /// The number of bundles checked.
    pub bundles: usize,
}

impl Report {
    /// Whether nothing is wrong.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies a whole dossier and names every problem with its file and entry: the evaluation
/// (its file must be the one every entry was made under), every line of the trail (read
/// strictly, numbered in sequence, chained by hashes, signed by its actor, accepted by the
/// workflow on replay), the files of assessments whose content is recorded (submitted,
/// approved, published or superseded: unchanged since), and every bundle in `published/`
/// (see [`crate::verify_bundle`]; their keys are the members'), each published version
/// having one. Never fails: a file that cannot be read is a problem too.
///
/// Takes no lock: a line being appended meanwhile may show as a torn entry.
pub fn verify(dir: &Path) -> Report {
    let mut problems = Vec::new();
    let mut push = |file: &str, entry, kind| {
        problems.push(Problem {
            file: PathBuf::from(file),
            entry,
            kind,
        });
    };
    let (evaluation, evaluation_hash) =
        match repere_fs::read(&Input::Path(dir.join(EVALUATION_FILE)), FILE_LIMIT) {
            Err(e) => {
                push(
                    EVALUATION_FILE,
                    None,
                    ProblemKind::Unreadable {
                        reason: e.to_string(),
                    },
                );
                (None, String::new())
            }
            Ok(bytes) => {
                let hash = sha256(&bytes);
                let ev = std::str::from_utf8(&bytes)
                    .map_err(|_| "the file is not UTF-8 text".to_owned())
                    .and_then(|t| evaluation_from_toml(t).map_err(|e| e.to_string()))
                    .and_then(|ev| ev.validate().map(|()| ev).map_err(|e| e.to_string()));
                match ev {
                    Ok(ev) => (Some(ev), hash),
                    Err(reason) => {
                        push(
                            EVALUATION_FILE,
                            None,
                            ProblemKind::InvalidEvaluation { reason },
                        );
                        (None, hash)
                    }
                }
            }
        };
    let trail = match repere_fs::read(&Input::Path(dir.join(TRAIL_FILE)), TRAIL_LIMIT) {
        Ok(bytes) => bytes,
        Err(e) => {
            push(
                TRAIL_FILE,
                None,
                ProblemKind::Unreadable {
                    reason: e.to_string(),
                },
            );
            Vec::new()
        }
    };
    let parsed = parse_trail(&trail);
    let checked = check_trail(
        &mut problems,
        evaluation.as_ref(),
        &evaluation_hash,
        &parsed,
        Signatures::All,
    );
    let head = checked.entries.last().map(|(_, e)| Head {
        seq: e.entry.seq,
        hash: e.hash(),
    });
    let entries = checked.entries.len() as u64;
    if let Some(wf) = &checked.workflow {
        check_assessments(dir, wf, &checked.entries, &mut problems);
    }
    let bundles = crate::bundle::check_bundles(
        dir,
        evaluation.as_ref(),
        checked.workflow.as_ref(),
        &checked.entries,
        &mut problems,
    );
    Report {
        problems,
        entries,
        head,
        bundles,
    }
}

/// The lines of a trail file.
pub(crate) struct ParsedTrail {
    /// Each complete line: its number, and the entry or why it is not one.
    pub(crate) lines: Vec<(u64, Result<SignedEntry, EntryError>)>,
    /// The number of a last line without a line feed.
    pub(crate) torn: Option<u64>,
}

pub(crate) fn parse_trail(bytes: &[u8]) -> ParsedTrail {
    let mut lines = Vec::new();
    let mut torn = None;
    let mut rest = bytes;
    let mut n = 0u64;
    while !rest.is_empty() {
        n += 1;
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                lines.push((n, SignedEntry::parse_line(&rest[..i])));
                rest = &rest[i + 1..];
            }
            None => {
                torn = Some(n);
                rest = &[];
            }
        }
    }
    ParsedTrail { lines, torn }
}

/// Which signatures to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signatures {
    /// Every entry's.
    All,
    /// The last entry's only (the others were checked when it was appended).
    Last,
}

/// The entries that read, with their line numbers, and the workflow of those that replayed.
pub(crate) struct Checked {
    pub(crate) entries: Vec<(u64, SignedEntry)>,
    pub(crate) workflow: Option<Workflow>,
}

/// Checks a trail line by line, reporting into `problems`.
/// Whether each line's signature is its actor's (`None` for a line that is not an entry or
/// whose actor is not a member), checked on every core: the members' keys are decompressed
/// once, and the lines are shared out in contiguous chunks.
fn all_signatures(
    evaluation: &Evaluation,
    lines: &[(u64, Result<SignedEntry, EntryError>)],
) -> Vec<Option<bool>> {
    let keys: Vec<(&str, Option<ed25519_dalek::VerifyingKey>)> = evaluation
        .members
        .iter()
        .map(|m| (m.name.as_str(), crate::keys::verifier(&m.key)))
        .collect();
    let check = |(_, line): &(u64, Result<SignedEntry, EntryError>)| {
        let entry = line.as_ref().ok()?;
        let (_, key) = keys.iter().find(|(name, _)| *name == entry.entry.actor)?;
        Some(key.as_ref().is_some_and(|key| {
            crate::keys::verify_with(key, &entry.canonical_bytes(), &entry.signature)
        }))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || lines.len() < 512 {
        return lines.iter().map(check).collect();
    }
    let chunk = lines.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = lines
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(check).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::with_capacity(lines.len());
        for (h, part) in handles.into_iter().zip(lines.chunks(chunk)) {
            // A thread that panicked (it cannot: nothing in it unwraps) is checked again here.
            out.extend(
                h.join()
                    .unwrap_or_else(|_| part.iter().map(check).collect()),
            );
        }
        out
    })
}

pub(crate) fn check_trail(
    problems: &mut Vec<Problem>,
    evaluation: Option<&Evaluation>,
    evaluation_hash: &str,
    parsed: &ParsedTrail,
    signatures: Signatures,
) -> Checked {
    let mut push = |line: u64, kind| {
        problems.push(Problem {
            file: PathBuf::from(TRAIL_FILE),
            entry: Some(line),
            kind,
        });
    };
    let mut wf = evaluation.and_then(|e| Workflow::new(e.clone()).ok());
    let mut replaying = wf.is_some();
    let mut prev_hash = Some(genesis());
    let mut prev_seq = Some(0u64);
    let mut changed: Option<(u64, String, u64)> = None;
    let mut entries = Vec::new();
    let last_line = parsed.lines.last().map(|(n, _)| *n);
    let checked_signatures = match (evaluation, signatures) {
        (Some(ev), Signatures::All) => all_signatures(ev, &parsed.lines),
        _ => Vec::new(),
    };
    for (i, (n, result)) in parsed.lines.iter().enumerate() {
        let n = *n;
        let entry = match result {
            Err(e) => {
                push(n, ProblemKind::BadLine(e.clone()));
                prev_hash = None;
                prev_seq = None;
                replaying = false;
                continue;
            }
            Ok(e) => e,
        };
        let mut sound = true;
        if let Some(ps) = prev_seq
            && entry.entry.seq != ps.wrapping_add(1)
        {
            push(
                n,
                ProblemKind::OutOfSequence {
                    expected: ps.wrapping_add(1),
                    found: entry.entry.seq,
                },
            );
            sound = false;
        }
        if let Some(ph) = &prev_hash
            && entry.prev != *ph
        {
            push(
                n,
                ProblemKind::BrokenChain {
                    expected: ph.clone(),
                    found: entry.prev.clone(),
                },
            );
            sound = false;
        }
        if entry.evaluation_hash != evaluation_hash {
            match &mut changed {
                None => changed = Some((n, entry.evaluation_hash.clone(), 1)),
                Some((_, _, count)) => *count += 1,
            }
        }
        if let Some(ev) = evaluation
            && (signatures == Signatures::All || Some(n) == last_line)
        {
            match ev.member(&entry.entry.actor) {
                None => {
                    push(
                        n,
                        ProblemKind::UnknownActor {
                            actor: entry.entry.actor.clone(),
                        },
                    );
                    sound = false;
                }
                Some(m)
                    if !checked_signatures
                        .get(i)
                        .copied()
                        .flatten()
                        .unwrap_or_else(|| entry.signed_by(&m.key)) =>
                {
                    push(
                        n,
                        ProblemKind::BadSignature {
                            actor: entry.entry.actor.clone(),
                        },
                    );
                    sound = false;
                }
                Some(_) => {}
            }
        }
        let expected = match &entry.entry.action {
            Action::Edit { content_hash, .. }
            | Action::Submit { content_hash, .. }
            | Action::Review { content_hash, .. } => Some(Some(content_hash.clone())),
            Action::Publish { .. } => None,
            Action::Start { .. } | Action::Correct { .. } => Some(None),
        };
        let agrees = match &expected {
            Some(e) => *e == entry.content_hash,
            None => entry.content_hash.is_some(),
        };
        if !agrees {
            push(
                n,
                ProblemKind::ContentHashDisagrees {
                    expected: expected.flatten(),
                    found: entry.content_hash.clone(),
                },
            );
            sound = false;
        }
        if replaying && let Some(w) = wf.as_mut() {
            let e = &entry.entry;
            if let Action::Publish { id } = &e.action {
                let approved = w
                    .assessment(id.as_str())
                    .and_then(|r| r.approval.as_ref())
                    .map(|a| a.content_hash.clone());
                if approved.is_some() && approved != entry.content_hash {
                    push(
                        n,
                        ProblemKind::PublishedUnapproved {
                            approved,
                            published: entry.content_hash.clone(),
                        },
                    );
                }
            }
            match w.preview(&e.actor, e.action.clone(), e.at) {
                Ok(ev) if ev.entry == *e => {
                    // Accepted by preview: applying cannot fail.
                    let _ = w.apply(&e.actor, e.action.clone(), e.at);
                }
                Ok(ev) => {
                    if sound {
                        push(
                            n,
                            ProblemKind::Diverged {
                                replayed: ev.entry.to_string(),
                            },
                        );
                    }
                    replaying = false;
                }
                Err(error) => {
                    if sound {
                        push(n, ProblemKind::Refused(error));
                    }
                    replaying = false;
                }
            }
        }
        prev_hash = Some(entry.hash());
        prev_seq = Some(entry.entry.seq);
        entries.push((n, entry.clone()));
    }
    if let Some((n, recorded, count)) = changed {
        problems.push(Problem {
            file: PathBuf::from(EVALUATION_FILE),
            entry: Some(n),
            kind: ProblemKind::EvaluationChanged {
                recorded,
                found: evaluation_hash.to_owned(),
                entries: count,
            },
        });
    }
    if let Some(n) = parsed.torn {
        problems.push(Problem {
            file: PathBuf::from(TRAIL_FILE),
            entry: Some(n),
            kind: ProblemKind::TornEntry,
        });
    }
    Checked {
        entries,
        workflow: wf,
    }
}

/// The last content recorded for each assessment: the entry's number and the hash.
pub(crate) fn recorded_contents(
    entries: &[(u64, SignedEntry)],
) -> BTreeMap<AssessmentId, (u64, String)> {
    let mut out = BTreeMap::new();
    for (_, e) in entries {
        if let (Some(id), Some(h)) = (e.assessment(), &e.content_hash) {
            out.insert(id.clone(), (e.entry.seq, h.clone()));
        }
    }
    out
}

fn check_assessments(
    dir: &Path,
    wf: &Workflow,
    entries: &[(u64, SignedEntry)],
    problems: &mut Vec<Problem>,
) {
    let recorded = recorded_contents(entries);
    for rec in wf.assessments() {
        if matches!(rec.state, State::Draft | State::ChangesRequested) {
            continue;
        }
        let Some((seq, hash)) = recorded.get(&rec.id) else {
            continue;
        };
        let file = Path::new(ASSESSMENTS_DIR).join(format!("{}.toml", rec.id));
        let kind = match repere_fs::read(&Input::Path(dir.join(&file)), FILE_LIMIT) {
            Ok(bytes) => {
                let found = sha256(&bytes);
                if found == *hash {
                    continue;
                }
                ProblemKind::AssessmentChanged {
                    id: rec.id.clone(),
                    state: rec.state,
                    recorded: hash.clone(),
                    found,
                }
            }
            Err(e) if matches!(e.kind, ReadErrorKind::NotFound) => ProblemKind::AssessmentMissing {
                id: rec.id.clone(),
                state: rec.state,
            },
            Err(e) => ProblemKind::Unreadable {
                reason: e.to_string(),
            },
        };
        problems.push(Problem {
            file,
            entry: Some(*seq),
            kind,
        });
    }
}
