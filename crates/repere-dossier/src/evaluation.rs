//! `evaluation.toml`: the evaluation of a dossier, as a file.

use std::str::FromStr;

use repere_core::workflow::{ActionKind, Evaluation, Member, Permissions, PublicKey, Roles};
use repere_core::{Date, GridRef, Iap2Level, Id, Phase, Process, ProcessKind, Role};
use serde::{Deserialize, Serialize};

/// The `kind` of an evaluation file.
const KIND: &str = "evaluation";
/// The format version written.
const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
/// An evaluation of one participation process: the dossier's `evaluation.toml`.
struct EvaluationFile {
    /// Always `evaluation`.
    kind: String,
    /// The format version: 1.
    format: u32,
    /// The id of the grid's profile the assessments are scored with.
    profile: String,
    /// The phases at which the process is to be assessed: `framing`, `during`, `closing`,
    /// `follow-up`, `impact`.
    phases: Vec<String>,
    /// The process evaluated.
    process: ProcessFile,
    /// The grid every assessment is made on.
    grid: GridFile,
    /// The team: only members act, each with a role and an Ed25519 public key.
    #[serde(default)]
    members: Vec<MemberFile>,
    /// Who may take an action (at one phase, or at all); the defaults apply otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    permissions: Vec<PermissionFile>,
}

#[derive(Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
/// A participation process.
struct ProcessFile {
    /// Its name.
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    organiser: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    commissioner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    territory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    participants: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iap2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sources: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
/// A grid, by id, version and content hash.
struct GridFile {
    /// The grid's id.
    id: String,
    /// The grid's version.
    version: String,
    /// The SHA-256 of the grid's canonical content (`sha256:…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hash: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
/// A member of the team.
struct MemberFile {
    /// Their name (what `--as` names).
    name: String,
    /// Their role: `commissioner`, `process-owner`, `organiser`, `evaluator`, `guarantor`,
    /// `observer`, `participant` or `committee`.
    role: String,
    /// Their Ed25519 public key, 64 hexadecimal digits.
    key: String,
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
/// Which roles may take an action.
struct PermissionFile {
    /// `start`, `edit`, `submit`, `review`, `publish` or `correct`.
    action: String,
    /// The phase it applies to; every phase when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    phase: Option<String>,
    /// The roles allowed.
    roles: Vec<String>,
}

/// Why `evaluation.toml` does not give an evaluation: every problem found, each a sentence
/// naming the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.join("; "))]
pub struct EvaluationFileError(pub Vec<String>);

/// The JSON Schema of `evaluation.toml` (`urn:repere:schema:evaluation:1`), as pretty JSON
/// with a final newline: what editors validate the file with.
pub fn evaluation_schema() -> String {
    let mut schema = schemars::schema_for!(EvaluationFile);
    schema.insert("$id".to_owned(), "urn:repere:schema:evaluation:1".into());
    schema.insert("title".to_owned(), "Repère evaluation".into());
    crate::doc::json(&schema)
}

/// The text of `evaluation.toml` for an evaluation.
///
/// ```toml
/// kind = "evaluation"
/// format = 1
/// profile = "default"
/// phases = ["framing", "closing"]
///
/// [process]
/// name = "Débat public"
///
/// [grid]
/// id = "fr.cndp.debat-public"
/// version = "1.0.0"
///
/// [[members]]
/// name = "Alice"
/// role = "evaluator"
/// key = "…64 hexadecimal digits…"
///
/// [[permissions]]          # optional: who may take an action (at one phase, or at all)
/// action = "review"
/// roles = ["guarantor", "committee"]
/// ```
pub fn evaluation_to_toml(evaluation: &Evaluation) -> String {
    let p = &evaluation.process;
    let file = EvaluationFile {
        kind: KIND.to_owned(),
        format: FORMAT,
        profile: evaluation.profile.as_str().to_owned(),
        phases: evaluation.phases.iter().map(|p| p.to_string()).collect(),
        process: ProcessFile {
            name: p.name.clone(),
            kind: p.kind.map(|k| k.to_string()),
            organiser: p.organiser.clone(),
            commissioner: p.commissioner.clone(),
            territory: p.territory.clone(),
            start: p.start.map(|d| d.to_string()),
            end: p.end.map(|d| d.to_string()),
            participants: p.participants,
            iap2: p.iap2.map(|l| l.to_string()),
            description: p.description.clone(),
            sources: p.sources.clone(),
        },
        grid: GridFile {
            id: evaluation.grid.id.as_str().to_owned(),
            version: evaluation.grid.version.clone(),
            hash: evaluation.grid.hash.clone(),
        },
        members: evaluation
            .members
            .iter()
            .map(|m| MemberFile {
                name: m.name.clone(),
                role: m.role.to_string(),
                key: m.key.to_string(),
            })
            .collect(),
        permissions: evaluation
            .permissions
            .rules()
            .into_iter()
            .map(|(action, phase, roles)| PermissionFile {
                action: action.to_string(),
                phase: phase.map(|p| p.to_string()),
                roles: roles.iter().map(|r| r.to_string()).collect(),
            })
            .collect(),
    };
    // The file types hold strings, numbers, arrays and tables only: serialising never fails.
    toml::to_string(&file).unwrap_or_default()
}

/// Reads the text of `evaluation.toml` (not validated: see
/// [`Evaluation::validate`], which [`Workflow::new`](repere_core::workflow::Workflow::new)
/// runs).
pub fn evaluation_from_toml(text: &str) -> Result<Evaluation, EvaluationFileError> {
    let file: EvaluationFile =
        toml::from_str(text).map_err(|e| EvaluationFileError(vec![e.to_string()]))?;
    let mut errors = Vec::new();
    let mut parse = |key: String, value: &str, what: &str| -> Option<()> {
        errors.push(format!(
            "`{key}`: `{}` is not {what}",
            crate::entry::shorten(value)
        ));
        None
    };
    fn named<T: FromStr>(
        report: &mut dyn FnMut(String, &str, &str) -> Option<()>,
        key: String,
        value: &str,
        what: &str,
    ) -> Option<T> {
        match value.parse() {
            Ok(v) => Some(v),
            Err(_) => report(key, value, what).and(None),
        }
    }
    if file.kind != KIND {
        parse("kind".to_owned(), &file.kind, "`evaluation`");
    }
    if file.format != FORMAT {
        parse(
            "format".to_owned(),
            &file.format.to_string(),
            "a format this version reads (1)",
        );
    }
    let profile: Option<Id> = named(&mut parse, "profile".into(), &file.profile, "an id");
    let phases: Vec<Phase> = file
        .phases
        .iter()
        .enumerate()
        .filter_map(|(i, p)| named(&mut parse, format!("phases[{i}]"), p, "a phase"))
        .collect();
    let f = file.process;
    let opt = |v: &Option<String>| v.clone();
    let mut process = Process {
        name: f.name.clone(),
        organiser: opt(&f.organiser),
        commissioner: opt(&f.commissioner),
        territory: opt(&f.territory),
        participants: f.participants,
        description: opt(&f.description),
        sources: f.sources.clone(),
        ..Process::default()
    };
    if let Some(k) = &f.kind {
        process.kind =
            named::<ProcessKind>(&mut parse, "process.kind".into(), k, "a kind of process");
    }
    if let Some(d) = &f.start {
        process.start = named::<Date>(&mut parse, "process.start".into(), d, "a date");
    }
    if let Some(d) = &f.end {
        process.end = named::<Date>(&mut parse, "process.end".into(), d, "a date");
    }
    if let Some(l) = &f.iap2 {
        process.iap2 = named::<Iap2Level>(&mut parse, "process.iap2".into(), l, "an IAP2 level");
    }
    let grid_id: Option<Id> = named(&mut parse, "grid.id".into(), &file.grid.id, "an id");
    let mut members = Vec::new();
    for (i, m) in file.members.iter().enumerate() {
        let role: Option<Role> = named(&mut parse, format!("members[{i}].role"), &m.role, "a role");
        let key: Option<PublicKey> = named(
            &mut parse,
            format!("members[{i}].key"),
            &m.key,
            "a public key (64 hexadecimal digits)",
        );
        if let (Some(role), Some(key)) = (role, key) {
            members.push(Member::new(m.name.clone(), role, key));
        }
    }
    let mut permissions = Permissions::default();
    for (i, rule) in file.permissions.iter().enumerate() {
        let action: Option<ActionKind> = named(
            &mut parse,
            format!("permissions[{i}].action"),
            &rule.action,
            "an action",
        );
        let phase: Option<Option<Phase>> = match &rule.phase {
            None => Some(None),
            Some(p) => named(&mut parse, format!("permissions[{i}].phase"), p, "a phase").map(Some),
        };
        let roles: Vec<Option<Role>> = rule
            .roles
            .iter()
            .enumerate()
            .map(|(j, r)| {
                named(
                    &mut parse,
                    format!("permissions[{i}].roles[{j}]"),
                    r,
                    "a role",
                )
            })
            .collect();
        if let (Some(action), Some(phase), Some(roles)) =
            (action, phase, roles.into_iter().collect::<Option<Roles>>())
        {
            match phase {
                None => permissions.allow(action, roles),
                Some(p) => permissions.allow_at(action, p, roles),
            };
        }
    }
    if !errors.is_empty() {
        return Err(EvaluationFileError(errors));
    }
    let (Some(profile), Some(grid_id)) = (profile, grid_id) else {
        return Err(EvaluationFileError(vec!["invalid ids".to_owned()]));
    };
    let mut evaluation = Evaluation::new(
        process,
        GridRef {
            id: grid_id,
            version: file.grid.version,
            hash: file.grid.hash,
        },
        profile,
    );
    evaluation.members = members;
    evaluation.phases = phases;
    evaluation.permissions = permissions;
    Ok(evaluation)
}
