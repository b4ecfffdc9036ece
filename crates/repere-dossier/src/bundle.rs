//! Published bundles: the files of a publication, a manifest of their hashes, its signature.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use repere_core::workflow::{Action, AssessmentId, Evaluation, PublicKey, State, Workflow};
use repere_fs::{Input, Overwrite, ReadErrorKind};
use serde::{Deserialize, Serialize};

use crate::dossier::{
    Dossier, DossierError, DossierState, FILE_LIMIT, Head, PUBLISHED_DIR, io_err,
};
use crate::entry::SignedEntry;
use crate::hash::{hex, sha256};
use crate::keys::{KeyPair, Signature, verify_signature};
use crate::verify::{Problem, ProblemKind};

/// The manifest's file in a bundle.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The manifest's signature in a bundle: 128 hexadecimal digits and a line feed.
pub const SIGNATURE_FILE: &str = "manifest.sig";
/// The copy of the assessment's file in a bundle.
pub const ASSESSMENT_COPY: &str = "assessment.toml";
/// The manifest's `format`.
pub const BUNDLE_FORMAT: &str = "repere-bundle/1";
/// The longest manifest read, in bytes.
const MANIFEST_LIMIT: u64 = 1 << 20;
/// The longest bundle file read, in bytes.
const BUNDLE_FILE_LIMIT: u64 = 64 << 20;

/// `manifest.json`: what a bundle holds and where it stands in the trail.
///
/// `manifest.sig` is the publisher's Ed25519 signature of `manifest.json`'s exact bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Manifest {
    /// Always [`BUNDLE_FORMAT`].
    pub format: String,
    /// The assessment published.
    pub assessment: String,
    /// Its version.
    pub version: u32,
    /// The hash of its file as published (the content approved).
    pub content_hash: String,
    /// The entry that published it: the trail's head at publication.
    pub trail_head: Head,
    /// The hash of `evaluation.toml` at publication.
    pub evaluation_hash: String,
    /// Who signed the manifest.
    pub publisher: Publisher,
    /// Every file of the bundle but the manifest and its signature, with its SHA-256.
    pub files: Vec<BundleFile>,
}

/// The publisher of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Publisher {
    /// The member's name.
    pub name: String,
    /// Their public key, 64 hexadecimal digits.
    pub key: String,
}

/// A file of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BundleFile {
    /// Its name in the bundle's directory.
    pub name: String,
    /// Its hash, `sha256:…`.
    pub sha256: String,
}

/// Why a bundle was not written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    /// A file name that a bundle cannot hold.
    #[error(
        "`{}` cannot name a file of a bundle: use letters, digits, `.`, `_` and `-`, not starting with `.`, and not `{MANIFEST_FILE}`, `{SIGNATURE_FILE}` or `{ASSESSMENT_COPY}`",
        crate::entry::shorten(.0)
    )]
    BadFileName(String),
    /// Two files with one name.
    #[error("two files of the bundle are named `{0}`")]
    DuplicateFile(String),
    /// The bundle exists: never replaced.
    #[error("the bundle `{}` exists already; a publication is never replaced", .0.display())]
    Exists(PathBuf),
    /// The assessment is not published.
    #[error("`{0}` is not published: publish it first")]
    NotPublished(AssessmentId),
    /// The publisher is not a member, or the key is not theirs.
    #[error("`{0}` is not a member with the key given: a bundle is signed by a member")]
    NotThePublisher(String),
    /// The assessment's file is not the content published.
    #[error("`{}` hashes to {file}, but the content published is {published}", path.display())]
    ContentChanged {
        /// The file.
        path: PathBuf,
        /// The content published.
        published: String,
        /// The file's hash now.
        file: String,
    },
}

/// Checks the names of a bundle's files.
pub(crate) fn check_names(files: &[(String, Vec<u8>)]) -> Result<(), BundleError> {
    let mut seen = BTreeSet::new();
    for (name, _) in files {
        if !valid_name(name)
            || [MANIFEST_FILE, SIGNATURE_FILE, ASSESSMENT_COPY].contains(&name.as_str())
        {
            return Err(BundleError::BadFileName(name.clone()));
        }
        if !seen.insert(name.as_str()) {
            return Err(BundleError::DuplicateFile(name.clone()));
        }
    }
    Ok(())
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

/// The entry that published an assessment (the last publication of it).
fn publication<'a>(entries: &'a [SignedEntry], id: &AssessmentId) -> Option<&'a SignedEntry> {
    entries
        .iter()
        .rev()
        .find(|e| matches!(&e.entry.action, Action::Publish { id: p } if p == id))
}

pub(crate) fn write_bundle(
    dossier: &Dossier,
    state: &DossierState,
    publisher: &str,
    key: &KeyPair,
    id: &AssessmentId,
    files: &[(String, Vec<u8>)],
) -> Result<PathBuf, DossierError> {
    check_names(files)?;
    match state.evaluation().member(publisher) {
        Some(m) if m.key == key.public() => {}
        _ => return Err(BundleError::NotThePublisher(publisher.to_owned()).into()),
    }
    let rec = state
        .workflow()
        .assessment(id.as_str())
        .filter(|r| r.state.is_frozen())
        .ok_or_else(|| BundleError::NotPublished(id.clone()))?;
    let entry =
        publication(state.entries(), id).ok_or_else(|| BundleError::NotPublished(id.clone()))?;
    let published = entry.content_hash.clone().unwrap_or_default();
    let path = dossier.assessment_path(id);
    let copy = repere_fs::read(&Input::Path(path.clone()), FILE_LIMIT)?;
    let file = sha256(&copy);
    if file != published {
        return Err(BundleError::ContentChanged {
            path,
            published,
            file,
        }
        .into());
    }
    let target = dossier.bundle_path(id, rec.version);
    if target.symlink_metadata().is_ok() {
        return Err(BundleError::Exists(target).into());
    }
    let parent = dossier.dir().join(PUBLISHED_DIR);
    std::fs::create_dir_all(&parent).map_err(io_err("create", &parent))?;
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|e| DossierError::Io {
        what: "name a temporary directory in",
        path: parent.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    let tmp = parent.join(format!(".{id}.v{}.tmp-{}", rec.version, hex(&nonce)));
    std::fs::create_dir(&tmp).map_err(io_err("create", &tmp))?;
    let result = (|| {
        let mut listed = Vec::new();
        let all = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .chain([(ASSESSMENT_COPY, copy.as_slice())]);
        for (name, bytes) in all {
            repere_fs::write(&tmp.join(name), bytes, Overwrite::Never)?;
            listed.push(BundleFile {
                name: name.to_owned(),
                sha256: sha256(bytes),
            });
        }
        let manifest = Manifest {
            format: BUNDLE_FORMAT.to_owned(),
            assessment: id.to_string(),
            version: rec.version,
            content_hash: published.clone(),
            trail_head: Head {
                seq: entry.entry.seq,
                hash: entry.hash(),
            },
            evaluation_hash: entry.evaluation_hash.clone(),
            publisher: Publisher {
                name: publisher.to_owned(),
                key: key.public().to_string(),
            },
            files: listed,
        };
        let mut text = serde_json::to_vec_pretty(&manifest).map_err(|e| DossierError::Io {
            what: "write",
            path: tmp.join(MANIFEST_FILE),
            source: std::io::Error::other(e),
        })?;
        text.push(b'\n');
        repere_fs::write(&tmp.join(MANIFEST_FILE), &text, Overwrite::Never)?;
        let sig = format!("{}\n", key.sign(&text));
        repere_fs::write(&tmp.join(SIGNATURE_FILE), sig.as_bytes(), Overwrite::Never)?;
        repere_fs::sync_dir(&tmp).map_err(io_err("sync", &tmp))?;
        if target.symlink_metadata().is_ok() {
            return Err(BundleError::Exists(target.clone()).into());
        }
        std::fs::rename(&tmp, &target).map_err(io_err("rename into place", &target))?;
        repere_fs::sync_dir(&parent).map_err(io_err("sync", &parent))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result.map(|()| target)
}

/// What [`verify_bundle`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct BundleReport {
    /// The manifest, when it reads.
    pub manifest: Option<Manifest>,
    /// Every problem; files are named relative to the bundle.
    pub problems: Vec<Problem>,
}

impl BundleReport {
    /// Whether nothing is wrong.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies a bundle on its own, with only public keys: the manifest reads, is signed by its
/// publisher with one of `keys`, lists every file of the directory (and no other) with its
/// hash, includes `assessment.toml` with the content hash published, and names the
/// directory (`ID.vN`). Whether its trail head is in a trail is for [`crate::verify`].
///
/// ```no_run
/// # let (bundle, keys): (std::path::PathBuf, Vec<repere_core::workflow::PublicKey>) = todo!();
/// let report = repere_dossier::verify_bundle(&bundle, &keys);
/// for p in &report.problems {
///     eprintln!("{p}");
/// }
/// ```
pub fn verify_bundle(dir: &Path, keys: &[PublicKey]) -> BundleReport {
    let mut problems = Vec::new();
    let mut push = |file: &str, entry: Option<u64>, kind| {
        problems.push(Problem {
            file: PathBuf::from(file),
            entry,
            kind,
        });
    };
    let manifest_bytes =
        match repere_fs::read(&Input::Path(dir.join(MANIFEST_FILE)), MANIFEST_LIMIT) {
            Ok(b) => b,
            Err(e) => {
                push(
                    MANIFEST_FILE,
                    None,
                    ProblemKind::Unreadable {
                        reason: e.to_string(),
                    },
                );
                return BundleReport {
                    manifest: None,
                    problems,
                };
            }
        };
    let manifest: Manifest = match serde_json::from_slice(&manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            push(
                MANIFEST_FILE,
                None,
                ProblemKind::BadManifest {
                    reason: e.to_string(),
                },
            );
            return BundleReport {
                manifest: None,
                problems,
            };
        }
    };
    let at = Some(manifest.trail_head.seq);
    if manifest.format != BUNDLE_FORMAT {
        push(
            MANIFEST_FILE,
            at,
            ProblemKind::BundleDisagrees {
                what: "format",
                manifest: manifest.format.clone(),
                expected: BUNDLE_FORMAT.to_owned(),
            },
        );
    }
    // The signature.
    let publisher = manifest.publisher.name.clone();
    let key = manifest.publisher.key.parse::<PublicKey>().ok();
    match key.filter(|k| keys.contains(k)) {
        None => push(
            MANIFEST_FILE,
            at,
            ProblemKind::UnknownPublisher {
                publisher: publisher.clone(),
            },
        ),
        Some(k) => {
            let sig = repere_fs::read(&Input::Path(dir.join(SIGNATURE_FILE)), 4096)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|t| {
                    t.strip_suffix('\n')
                        .and_then(|h| h.parse::<Signature>().ok())
                });
            let good = sig.is_some_and(|s| verify_signature(&k, &manifest_bytes, &s));
            if !good {
                push(
                    SIGNATURE_FILE,
                    at,
                    ProblemKind::BadManifestSignature {
                        publisher: publisher.clone(),
                    },
                );
            }
        }
    }
    // The files.
    let mut listed = BTreeSet::new();
    for f in &manifest.files {
        if !valid_name(&f.name)
            || [MANIFEST_FILE, SIGNATURE_FILE].contains(&f.name.as_str())
            || !listed.insert(f.name.clone())
        {
            push(
                MANIFEST_FILE,
                at,
                ProblemKind::BadManifest {
                    reason: format!(
                        "`{}` cannot name a file of the bundle (or is listed twice)",
                        crate::entry::shorten(&f.name)
                    ),
                },
            );
            continue;
        }
        match repere_fs::read(&Input::Path(dir.join(&f.name)), BUNDLE_FILE_LIMIT) {
            Ok(bytes) => {
                let found = sha256(&bytes);
                if found != f.sha256 {
                    push(
                        &f.name,
                        at,
                        ProblemKind::BundleFileChanged {
                            recorded: f.sha256.clone(),
                            found,
                        },
                    );
                }
            }
            Err(e) if matches!(e.kind, ReadErrorKind::NotFound) => {
                push(&f.name, at, ProblemKind::BundleFileMissing);
            }
            Err(e) => push(
                &f.name,
                at,
                ProblemKind::Unreadable {
                    reason: e.to_string(),
                },
            ),
        }
    }
    match manifest.files.iter().find(|f| f.name == ASSESSMENT_COPY) {
        None => push(
            MANIFEST_FILE,
            at,
            ProblemKind::BundleDisagrees {
                what: "files",
                manifest: "no assessment.toml".to_owned(),
                expected: "a copy of the assessment, assessment.toml".to_owned(),
            },
        ),
        Some(f) if f.sha256 != manifest.content_hash => push(
            MANIFEST_FILE,
            at,
            ProblemKind::BundleDisagrees {
                what: "content-hash",
                manifest: manifest.content_hash.clone(),
                expected: f.sha256.clone(),
            },
        ),
        Some(_) => {}
    }
    match std::fs::read_dir(dir) {
        Ok(read) => {
            let mut names: Vec<String> = read
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != MANIFEST_FILE && n != SIGNATURE_FILE && !listed.contains(n))
                .collect();
            names.sort();
            for n in names {
                push(&n, at, ProblemKind::BundleExtraFile);
            }
        }
        Err(e) => push(
            ".",
            at,
            ProblemKind::Unreadable {
                reason: e.to_string(),
            },
        ),
    }
    let expected = crate::dossier::bundle_name(manifest.assessment.as_str(), manifest.version);
    if dir.file_name().and_then(|n| n.to_str()) != Some(expected.as_str()) {
        push(".", at, ProblemKind::BundleMisnamed { expected });
    }
    BundleReport {
        manifest: Some(manifest),
        problems,
    }
}

/// Checks every bundle of a dossier against its trail; returns how many were checked.
pub(crate) fn check_bundles(
    dir: &Path,
    evaluation: Option<&Evaluation>,
    workflow: Option<&Workflow>,
    entries: &[(u64, SignedEntry)],
    problems: &mut Vec<Problem>,
) -> usize {
    let published = dir.join(PUBLISHED_DIR);
    let keys: Vec<PublicKey> = evaluation
        .map(|e| e.members.iter().map(|m| m.key).collect())
        .unwrap_or_default();
    let mut names: Vec<String> = std::fs::read_dir(&published)
        .map(|r| {
            r.filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let within = |name: &str, p: Problem| Problem {
        file: Path::new(PUBLISHED_DIR)
            .join(name)
            .join(p.file)
            .components()
            .collect(),
        ..p
    };
    for name in &names {
        let report = verify_bundle(&published.join(name), &keys);
        problems.extend(report.problems.into_iter().map(|p| within(name, p)));
        let Some(m) = report.manifest else { continue };
        let at = Some(m.trail_head.seq);
        let mut push = |kind| {
            problems.push(Problem {
                file: Path::new(PUBLISHED_DIR).join(name).join(MANIFEST_FILE),
                entry: at,
                kind,
            })
        };
        if let Some(ev) = evaluation
            && !ev
                .members
                .iter()
                .any(|mb| mb.name == m.publisher.name && mb.key.to_string() == m.publisher.key)
        {
            push(ProblemKind::UnknownPublisher {
                publisher: m.publisher.name.clone(),
            });
        }
        let entry = entries
            .iter()
            .map(|(_, e)| e)
            .find(|e| e.entry.seq == m.trail_head.seq)
            .filter(|e| e.hash() == m.trail_head.hash)
            .filter(|e| matches!(&e.entry.action, Action::Publish { id } if id.as_str() == m.assessment));
        let Some(entry) = entry else {
            push(ProblemKind::BundleHeadNotInTrail {
                head: m.trail_head.clone(),
            });
            continue;
        };
        let recorded = entry.content_hash.clone().unwrap_or_default();
        if m.content_hash != recorded {
            push(ProblemKind::BundleDisagrees {
                what: "content-hash",
                manifest: m.content_hash.clone(),
                expected: recorded,
            });
        }
        if m.evaluation_hash != entry.evaluation_hash {
            push(ProblemKind::BundleDisagrees {
                what: "evaluation-hash",
                manifest: m.evaluation_hash.clone(),
                expected: entry.evaluation_hash.clone(),
            });
        }
        if let Some(rec) = workflow.and_then(|w| w.assessment(&m.assessment))
            && rec.version != m.version
        {
            push(ProblemKind::BundleDisagrees {
                what: "version",
                manifest: m.version.to_string(),
                expected: rec.version.to_string(),
            });
        }
    }
    if let Some(wf) = workflow {
        for rec in wf.assessments() {
            if !matches!(rec.state, State::Published | State::Superseded) {
                continue;
            }
            let name = crate::dossier::bundle_name(rec.id.as_str(), rec.version);
            if !names.contains(&name) {
                let seq = entries
                    .iter()
                    .rev()
                    .find(
                        |(_, e)| matches!(&e.entry.action, Action::Publish { id } if *id == rec.id),
                    )
                    .map(|(_, e)| e.entry.seq);
                problems.push(Problem {
                    file: Path::new(PUBLISHED_DIR).join(&name),
                    entry: seq,
                    kind: ProblemKind::MissingBundle {
                        id: rec.id.clone(),
                        version: rec.version,
                    },
                });
            }
        }
    }
    names.len()
}
