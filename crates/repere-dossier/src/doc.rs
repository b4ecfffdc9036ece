//! The JSON documents of a dossier's status, trail and verification (`repere status`, `log` and
//! `verify` with `--format json`): typed, versioned (`"format": "repere-dossier-status/1"`…),
//! each with a JSON Schema ([`schema`]).

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dossier::{ASSESSMENTS_DIR, DossierState, Head};
use crate::entry::SignedEntry;
use crate::verify::Report;

/// The kinds of dossier documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Output {
    /// [`StatusDoc`].
    Status,
    /// [`LogDoc`].
    Log,
    /// [`VerifyDoc`].
    Verify,
}

impl Output {
    /// Every kind.
    pub const ALL: &'static [Output] = &[Output::Status, Output::Log, Output::Verify];

    /// Its name: `dossier-status`, `dossier-log`, `dossier-verify`.
    pub fn name(self) -> &'static str {
        match self {
            Output::Status => "dossier-status",
            Output::Log => "dossier-log",
            Output::Verify => "dossier-verify",
        }
    }

    /// The value of its `format` key: `repere-dossier-status/1`…
    pub fn format_tag(self) -> &'static str {
        match self {
            Output::Status => "repere-dossier-status/1",
            Output::Log => "repere-dossier-log/1",
            Output::Verify => "repere-dossier-verify/1",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Output::Status => "Repère dossier status",
            Output::Log => "Repère dossier trail",
            Output::Verify => "Repère dossier verification",
        }
    }
}

impl fmt::Display for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The JSON Schema of a dossier document, with its `$id` (`urn:repere:schema:NAME:1`) and
/// title, as pretty JSON with a final newline.
pub fn schema(output: Output) -> String {
    let mut schema = match output {
        Output::Status => schemars::schema_for!(StatusDoc),
        Output::Log => schemars::schema_for!(LogDoc),
        Output::Verify => schemars::schema_for!(VerifyDoc),
    };
    schema.insert(
        "$id".to_owned(),
        format!("urn:repere:schema:{}:1", output.name()).into(),
    );
    schema.insert("title".to_owned(), output.title().into());
    json(&schema)
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(doc: &T) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The last entry of a trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct HeadDoc {
    /// Its number.
    pub seq: u64,
    /// The hash of its canonical bytes (`sha256:…`).
    pub hash: String,
}

impl From<Head> for HeadDoc {
    fn from(h: Head) -> Self {
        HeadDoc {
            seq: h.seq,
            hash: h.hash,
        }
    }
}

/// The grid an evaluation is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct GridDoc {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its content hash, when the evaluation records it.
    pub hash: Option<String>,
}

/// Where a dossier stands (`repere-dossier-status/1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct StatusDoc {
    /// Always `repere-dossier-status/1`.
    pub format: String,
    /// The process evaluated.
    pub process: String,
    /// The grid.
    pub grid: GridDoc,
    /// The profile's id.
    pub profile: String,
    /// The phases planned (codes: `framing`, `closing`…).
    pub phases: Vec<String>,
    /// The number of entries in the trail.
    pub entries: usize,
    /// The trail's last entry, if any.
    pub head: Option<HeadDoc>,
    /// Every assessment, in the order started.
    pub assessments: Vec<StatusAssessment>,
    /// Every member, with what they may do next.
    pub members: Vec<StatusMember>,
}

/// One assessment of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct StatusAssessment {
    /// Its id.
    pub id: String,
    /// Its author (a member's name).
    pub author: String,
    /// The author's role (code).
    pub role: String,
    /// The phase (code).
    pub phase: String,
    /// Its state: `draft`, `submitted`, `changes-requested`, `approved`, `published` or
    /// `superseded`.
    pub state: String,
    /// Its version: 1, then one more per correction.
    pub version: u32,
    /// The version it corrects.
    pub supersedes: Option<String>,
    /// The correction that replaced it.
    pub superseded_by: Option<String>,
    /// Why it corrects the version it supersedes.
    pub reason: Option<String>,
    /// The hash of its content as last recorded.
    pub content_hash: Option<String>,
    /// Who approved it, once approved.
    pub approved_by: Option<String>,
    /// Its file, relative to the dossier.
    pub file: String,
}

/// A member and what they may do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StatusMember {
    /// Their name.
    pub name: String,
    /// Their role (code).
    pub role: String,
    /// Their public key (hex).
    pub key: String,
    /// The actions they may take now.
    pub next: Vec<NextDoc>,
}

/// An action a member may take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct NextDoc {
    /// The action (code: `start`, `submit`, `review`, `publish`, `correct`…).
    pub action: String,
    /// At which phase.
    pub phase: String,
    /// On which assessment; none to start one.
    pub assessment: Option<String>,
}

impl StatusDoc {
    /// The status of a dossier as read.
    pub fn new(state: &DossierState) -> StatusDoc {
        let ev = state.evaluation();
        let wf = state.workflow();
        StatusDoc {
            format: Output::Status.format_tag().to_owned(),
            process: ev.process.name.clone(),
            grid: GridDoc {
                id: ev.grid.id.to_string(),
                version: ev.grid.version.clone(),
                hash: ev.grid.hash.clone(),
            },
            profile: ev.profile.to_string(),
            phases: ev.phases.iter().map(|p| p.as_str().to_owned()).collect(),
            entries: state.entries().len(),
            head: state.head().map(HeadDoc::from),
            assessments: wf
                .assessments()
                .iter()
                .map(|a| StatusAssessment {
                    id: a.id.to_string(),
                    author: a.author.name.clone(),
                    role: a.author.role.as_str().to_owned(),
                    phase: a.phase.as_str().to_owned(),
                    state: a.state.as_str().to_owned(),
                    version: a.version,
                    supersedes: a.supersedes.as_ref().map(ToString::to_string),
                    superseded_by: a.superseded_by.as_ref().map(ToString::to_string),
                    reason: a.reason.clone(),
                    content_hash: a.content_hash.clone(),
                    approved_by: a.approval.as_ref().map(|x| x.by.name.clone()),
                    file: format!("{ASSESSMENTS_DIR}/{}.toml", a.id),
                })
                .collect(),
            members: ev
                .members
                .iter()
                .map(|m| StatusMember {
                    name: m.name.clone(),
                    role: m.role.as_str().to_owned(),
                    key: m.key.to_string(),
                    next: wf
                        .what_next(&m.name)
                        .iter()
                        .map(|n| NextDoc {
                            action: n.action.as_str().to_owned(),
                            phase: n.phase.as_str().to_owned(),
                            assessment: n.assessment.as_ref().map(ToString::to_string),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The trail (`repere-dossier-log/1`): every entry as the trail records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LogDoc {
    /// Always `repere-dossier-log/1`.
    pub format: String,
    /// The entries, in order.
    pub entries: Vec<EntryDoc>,
}

/// One entry of the trail, as its line in `trail.jsonl` reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct EntryDoc {
    /// Its number, from 1.
    pub seq: u64,
    /// When (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub at: String,
    /// The member who acted.
    pub actor: String,
    /// What they did.
    pub action: ActionDoc,
    /// The assessment it creates or changes.
    pub assessment: Option<String>,
    /// The content the action names (`sha256:…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    /// The hash of `evaluation.toml` the entry was made under.
    pub evaluation_hash: String,
    /// The hash of the previous entry (of nothing, for the first).
    pub prev: String,
    /// The actor's Ed25519 signature of the entry (hex).
    pub signature: String,
}

/// An action, as the trail records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ActionDoc {
    /// `start`, `edit`, `submit`, `review`, `publish` or `correct`.
    pub kind: String,
    /// The phase (a start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// The assessment acted on (or started).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `approve` or `request-changes` (a review).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    /// The reviewer's comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Why a correction is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The correction's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_id: Option<String>,
    /// The content the action names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

impl EntryDoc {
    /// An entry as its trail line reads; `None` only if the line does not read back (it
    /// always does for an entry [`SignedEntry::parse_line`] accepted).
    pub fn new(entry: &SignedEntry) -> Option<EntryDoc> {
        serde_json::from_slice(&entry.to_line()).ok()
    }
}

impl LogDoc {
    /// The trail of a dossier as read.
    pub fn new(state: &DossierState) -> LogDoc {
        LogDoc {
            format: Output::Log.format_tag().to_owned(),
            entries: state.entries().iter().filter_map(EntryDoc::new).collect(),
        }
    }
}

/// A verification (`repere-dossier-verify/1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct VerifyDoc {
    /// Always `repere-dossier-verify/1`.
    pub format: String,
    /// Whether nothing is wrong.
    pub intact: bool,
    /// The number of trail lines that read as entries.
    pub entries: u64,
    /// The number of bundles checked.
    pub bundles: usize,
    /// The trail's last entry, if it reads.
    pub head: Option<HeadDoc>,
    /// Every problem, in the order found.
    pub problems: Vec<ProblemDoc>,
}

/// One problem found by `verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ProblemDoc {
    /// The file, relative to the dossier.
    pub file: String,
    /// The entry (line of the trail) or the line of the file, when there is one.
    pub entry: Option<u64>,
    /// The kind of problem, a stable code (`torn-entry`, `bad-signature`, `broken-chain`…).
    pub code: String,
    /// What is wrong, in English.
    pub message: String,
}

impl VerifyDoc {
    /// A verification report as a document.
    pub fn new(report: &Report) -> VerifyDoc {
        VerifyDoc {
            format: Output::Verify.format_tag().to_owned(),
            intact: report.is_clean(),
            entries: report.entries,
            bundles: report.bundles,
            head: report.head.clone().map(HeadDoc::from),
            problems: report
                .problems
                .iter()
                .map(|p| ProblemDoc {
                    file: p.file.display().to_string(),
                    entry: p.entry,
                    code: p.kind.code().to_owned(),
                    message: p.kind.to_string(),
                })
                .collect(),
        }
    }
}
