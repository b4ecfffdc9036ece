//! Evaluation dossiers: `repere key`, `init`, `assess`, `submit`, `review`, `publish`,
//! `correct`, `status`, `log` and `verify`.
//!
//! Every rule lives in `repere_dossier` (the signed trail, appends under a lock, bundles,
//! verification) and in the core's `Workflow` (who may do what, and when); this module reads
//! the command line, finds keys under `$REPERE_HOME`, loads grids and assessments, renders the
//! reports a publication carries, and prints.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Args, Subcommand};
use repere_core::workflow::{
    Action, ActionKind, AssessmentId, AssessmentRecord, Evaluation, Member, PublicKey, Timestamp,
    Verdict,
};
use repere_core::{Grid, GridRef, Phase, Process};
use repere_dossier::{
    DEFAULT_WAIT, Dossier, DossierError, DossierState, KeyError, KeyPair, KeyStore,
};
use repere_fs::LockError;

use crate::commands::{parse_phase, parse_role};
use crate::io::{note, print, terminal_safe};
use crate::{Failure, ListFormat, resolve};
use repere_report::terminal_line;

/// `repere key …`.
#[derive(Debug, Subcommand)]
pub(crate) enum KeyCommand {
    /// Create a key pair for NAME under `$REPERE_HOME/keys` (`NAME.key`, readable by its owner
    /// only, and `NAME.pub`) and print the public key, to be listed in evaluations
    /// (`repere init … --member NAME:ROLE:PUBLIC-KEY`). A key is never replaced.
    New {
        /// The key's name: letters, digits, `.`, `_` and `-` (a member's name, to act as them).
        name: String,
    },
    /// Print the public key of NAME from `$REPERE_HOME/keys`.
    Show {
        /// The key's name.
        name: String,
    },
}

/// The member acting: `--as NAME`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ActorArgs {
    /// The member acting: their private key must be in `$REPERE_HOME/keys` (`NAME.key`),
    /// and be the key the evaluation lists for them.
    #[arg(long = "as", value_name = "NAME")]
    pub(crate) actor: String,
}

/// What `repere init` is given.
pub(crate) struct InitArgs {
    pub(crate) dir: PathBuf,
    pub(crate) grid: String,
    pub(crate) profile: Option<String>,
    pub(crate) title: String,
    pub(crate) actor: String,
    pub(crate) members: Vec<String>,
    pub(crate) phases: Vec<String>,
}

// ── Keys and time ────────────────────────────────────────────────────────────────────────

/// Where Repère keeps its keys: `$REPERE_HOME`, else `$XDG_CONFIG_HOME/repere`, else
/// `$HOME/.config/repere` (empty variables count as unset; a relative `XDG_CONFIG_HOME` is
/// ignored, as the XDG specification says).
fn home() -> Result<PathBuf, Failure> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(home) = var("REPERE_HOME") {
        return Ok(home);
    }
    if let Some(config) = var("XDG_CONFIG_HOME").filter(|p| p.is_absolute()) {
        return Ok(config.join("repere"));
    }
    if let Some(home) = var("HOME") {
        return Ok(home.join(".config").join("repere"));
    }
    Err(Failure::input(
        "cannot tell where keys are kept: set REPERE_HOME (or HOME)",
    ))
}

/// The key store, `$REPERE_HOME/keys`.
fn store() -> Result<KeyStore, Failure> {
    Ok(KeyStore::new(home()?.join("keys")))
}

/// A path for messages.
fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Now, from the system clock, in whole seconds.
fn now() -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    Timestamp(secs)
}

pub(crate) fn key(cmd: KeyCommand) -> Result<(), Failure> {
    let store = store()?;
    match cmd {
        KeyCommand::New { name } => {
            let pair = store
                .create(&name)
                .map_err(|e| Failure::input(e.to_string()))?;
            if let (Ok(private), Ok(public)) = (store.private_path(&name), store.public_path(&name))
            {
                note(&terminal_safe(&format!(
                    "wrote {} (private: readable by you only; never share it) and {} (public)",
                    shown(&private),
                    shown(&public)
                )));
            }
            print(&format!("{}\n", pair.public()))
        }
        KeyCommand::Show { name } => {
            let key = store.public(&name).map_err(|e| {
                Failure::input(e.to_string()).context(format!(
                    "create it with `repere key new {name}` (keys are looked for in `{}`: set REPERE_HOME to use another place)",
                    shown(store.dir())
                ))
            })?;
            print(&format!("{key}\n"))
        }
    }
}

/// The key of the member acting, with their record; refused (exit 1) when they are not a
/// member, or when their private key is not in the key store or is not the one the
/// evaluation lists.
fn signer(evaluation: &Evaluation, name: &str) -> Result<(KeyPair, Member), Failure> {
    let Some(member) = evaluation.member(name) else {
        return Err(not_a_member(evaluation, name));
    };
    let store = store()?;
    let pair = store.load(name).map_err(|e| match e {
        KeyError::NotFound { .. } | KeyError::BadName(_) => Failure::input(format!(
            "cannot act as `{name}`: there is no private key of `{name}` in `{}`; only {name}, with their key, acts as {name}",
            shown(store.dir())
        ))
        .context(
            "a member creates their key with `repere key new NAME` and acts from where it is kept (set REPERE_HOME to use another key store)".to_owned(),
        ),
        other => Failure::input(format!("cannot act as `{name}`: {other}")),
    })?;
    if pair.public() != member.key {
        return Err(Failure::input(format!(
            "cannot act as `{name}`: the private key `{}` is not the key the evaluation lists for them ({})",
            store
                .private_path(name)
                .map(|p| shown(&p))
                .unwrap_or_default(),
            member.key
        )));
    }
    Ok((pair, member.clone()))
}

/// Refusal of a name that is not a member's, listing the members.
fn not_a_member(evaluation: &Evaluation, name: &str) -> Failure {
    let members: Vec<String> = evaluation
        .members
        .iter()
        .map(|m| m.who().to_string())
        .collect();
    let mut m = format!(
        "`{name}` is not a member of this evaluation: only members act; the members are {}",
        members.join(", ")
    );
    if let Some(s) = repere_core::closest(name, evaluation.members.iter().map(|m| m.name.as_str()))
    {
        let _ = write!(m, "\n  help: did you mean `{s}`?");
    }
    Failure::input(m)
}

// ── Opening, reading, failing ────────────────────────────────────────────────────────────

/// A dossier library error as a failure (exit 1).
fn failure(e: DossierError) -> Failure {
    match e {
        DossierError::BrokenTrail { ref dir, .. } => {
            let dir = shown(dir);
            Failure::input(e.to_string()).context(format!(
                "`repere verify {dir}` names every problem of the dossier"
            ))
        }
        DossierError::Refused(w) => refused(&w),
        other => Failure::input(other.to_string()),
    }
}

/// An action the workflow refuses: its rule, and who may act instead.
fn refused(e: &repere_core::workflow::WorkflowError) -> Failure {
    Failure::input(format!("refused: {e}"))
}

fn open(dir: &Path) -> Result<Dossier, Failure> {
    Dossier::open(dir).map_err(|e| {
        failure(e).context("create a dossier with `repere init DIR --grid GRID --title TEXT --as NAME --member NAME:ROLE…`".to_owned())
    })
}

/// The dossier's state for reading: under its lock when it can be taken (so that an append
/// in progress is not seen half-written), as it is when it cannot be (a dossier on a
/// read-only medium, or someone else's).
fn read_state(dossier: &Dossier, purpose: &str) -> Result<DossierState, Failure> {
    match dossier.lock(purpose, DEFAULT_WAIT) {
        Ok(locked) => locked.state(),
        Err(DossierError::Lock(LockError::Io { .. } | LockError::Unsafe { .. })) => dossier.state(),
        Err(e) => Err(e),
    }
    .map_err(failure)
}

/// An assessment id from the command line.
fn parse_id(s: &str) -> Result<AssessmentId, Failure> {
    s.parse::<AssessmentId>()
        .map_err(|e| Failure::usage(format!("invalid assessment id `{s}`: {e}")))
}

// ── init ─────────────────────────────────────────────────────────────────────────────────

/// One `--member NAME:ROLE[:PUBLIC-KEY]`: a key given, or the one in the key store.
fn member(spec: &str, store: &KeyStore) -> Result<Member, Failure> {
    let mut parts = spec.splitn(3, ':');
    let name = parts.next().unwrap_or_default().trim();
    let (Some(role), false) = (parts.next(), name.is_empty()) else {
        return Err(Failure::usage(format!(
            "`--member {spec}`: expected NAME:ROLE or NAME:ROLE:PUBLIC-KEY"
        )));
    };
    let role = parse_role(role.trim())?;
    let key = match parts.next() {
        Some(k) => k.trim().parse::<PublicKey>().map_err(|e| {
            Failure::usage(format!(
                "`--member {spec}`: {e}\n  help: a public key is the 64 hexadecimal digits `repere key new` or `repere key show` prints"
            ))
        })?,
        None => store.public(name).map_err(|e| match e {
            KeyError::NotFound { .. } | KeyError::BadName(_) => Failure::input(format!(
                "no public key of `{name}` in `{}`: give it as `--member {name}:{role}:PUBLIC-KEY` (they print it with `repere key new {name}` or `repere key show {name}`)",
                shown(store.dir())
            )),
            other => Failure::input(other.to_string()),
        })?,
    };
    Ok(Member::new(name, role, key))
}

pub(crate) fn init(args: InitArgs) -> Result<(), Failure> {
    let grid = resolve::grid(&args.grid)?;
    let profile = match args.profile.as_deref() {
        Some(p) if p.ends_with(".toml") || p.contains('/') || p == "-" => {
            return Err(Failure::usage(format!(
                "`--profile {p}`: an evaluation names a profile of its grid by id (or `default`), not a file"
            )));
        }
        p => resolve::profile(p, &grid)?.id,
    };
    let phases: Vec<Phase> = if args.phases.is_empty() {
        Phase::ALL.to_vec()
    } else {
        args.phases
            .iter()
            .map(|p| parse_phase(p.trim()))
            .collect::<Result<_, _>>()?
    };
    let store = store()?;
    let members = args
        .members
        .iter()
        .map(|m| member(m, &store))
        .collect::<Result<Vec<_>, _>>()?;
    let process = Process {
        name: args.title.clone(),
        ..Process::default()
    };
    let mut evaluation = Evaluation::new(process, GridRef::to(&grid), profile);
    evaluation.members = members;
    evaluation.phases = phases;
    // Whoever creates the dossier is a member and holds their key.
    signer(&evaluation, &args.actor)?;
    let dossier = Dossier::init(&args.dir, &evaluation).map_err(failure)?;
    if resolve::is_path(&args.grid) && args.grid != "-" {
        // A grid that is not built in travels with the dossier, pinned by its content hash
        // in `evaluation.toml`: the other commands find it there.
        let bytes = crate::io::read_bytes(
            &crate::io::input(&args.grid),
            repere_toml::MAX_FILE_BYTES as u64,
        )?;
        let copy = dossier.dir().join(GRID_COPY);
        crate::io::write_file(&copy, &String::from_utf8_lossy(&bytes), false)?;
    }
    let dir = shown(dossier.dir());
    note(&terminal_safe(&format!(
        "created the dossier {dir}: {} members, grid {} {}, profile {}, phases {}\n  next: `repere assess {dir} --as NAME --phase PHASE`",
        evaluation.members.len(),
        evaluation.grid.id,
        evaluation.grid.version,
        evaluation.profile,
        phase_list(&evaluation.phases),
    )));
    Ok(())
}

fn phase_list(phases: &[Phase]) -> String {
    phases
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

// ── status ───────────────────────────────────────────────────────────────────────────────

pub(crate) fn status(dir: &Path, format: ListFormat) -> Result<(), Failure> {
    let dossier = open(dir)?;
    let state = read_state(&dossier, "repere status")?;
    let ev = state.evaluation();
    let wf = state.workflow();
    match format {
        ListFormat::Json => print(&repere_dossier::doc::json(
            &repere_dossier::doc::StatusDoc::new(&state),
        )),
        ListFormat::Text => {
            let mut s = String::new();
            let _ = writeln!(s, "{}", terminal_line(&ev.process.name));
            let _ = writeln!(
                s,
                "  grid {} {}, profile {}; phases: {}; trail: {} entr{}",
                ev.grid.id,
                terminal_line(&ev.grid.version),
                ev.profile,
                phase_list(&ev.phases),
                state.entries().len(),
                if state.entries().len() == 1 {
                    "y"
                } else {
                    "ies"
                }
            );
            s.push_str("\nAssessments:\n");
            if wf.assessments().is_empty() {
                s.push_str("  none yet\n");
            } else {
                s.push_str(&assessment_table(wf.assessments()));
            }
            s.push_str("\nNext:\n");
            for m in &ev.members {
                let next = wf.what_next(&m.name);
                let starts: Vec<&str> = next
                    .iter()
                    .filter(|n| n.action == ActionKind::Start)
                    .map(|n| n.phase.as_str())
                    .collect();
                let mut items = Vec::new();
                if !starts.is_empty() {
                    items.push(format!("start ({})", starts.join(", ")));
                }
                for n in next.iter().filter(|n| n.assessment.is_some()) {
                    if let Some(id) = &n.assessment {
                        items.push(format!("{} `{id}`", n.action));
                    }
                }
                if items.is_empty() {
                    items.push("nothing now".to_owned());
                }
                let _ = writeln!(
                    s,
                    "  {}: {}",
                    terminal_line(&m.who().to_string()),
                    items.join("; ")
                );
            }
            print(&s)
        }
    }
}

/// The assessments as a table: id, phase, state, version, author, and what a correction
/// supersedes.
fn assessment_table(records: &[AssessmentRecord]) -> String {
    let w = records
        .iter()
        .map(|a| a.id.as_str().len())
        .max()
        .unwrap_or(0)
        .max(2);
    let mut s = format!(
        "  {:<w$}  {:<10}  {:<17}  {:>7}  AUTHOR\n",
        "ID", "PHASE", "STATE", "VERSION"
    );
    for a in records {
        let _ = write!(
            s,
            "  {:<w$}  {:<10}  {:<17}  {:>7}  {}",
            a.id.as_str(),
            a.phase.as_str(),
            a.state.as_str(),
            a.version,
            terminal_line(&a.author.to_string())
        );
        if let Some(old) = &a.supersedes {
            let _ = write!(
                s,
                "  (corrects `{old}`: {})",
                terminal_line(a.reason.as_deref().unwrap_or_default())
            );
        }
        if let Some(new) = &a.superseded_by {
            let _ = write!(s, "  (superseded by `{new}`)");
        }
        s.push('\n');
    }
    s
}

// ── log ──────────────────────────────────────────────────────────────────────────────────

/// A content hash, shortened for reading: `sha256:` and its first 12 digits.
fn short_hash(h: &str) -> String {
    match h.strip_prefix("sha256:") {
        Some(hex) if hex.len() > 12 => format!("sha256:{}…", &hex[..12]),
        _ => h.to_owned(),
    }
}

pub(crate) fn log(dir: &Path, format: ListFormat) -> Result<(), Failure> {
    let dossier = open(dir)?;
    let state = read_state(&dossier, "repere log")?;
    match format {
        ListFormat::Json => print(&repere_dossier::doc::json(
            &repere_dossier::doc::LogDoc::new(&state),
        )),
        ListFormat::Text => {
            let ev = state.evaluation();
            let mut s = String::new();
            if state.entries().is_empty() {
                s.push_str("the trail is empty: nothing done yet\n");
            }
            for e in state.entries() {
                let t = &e.entry;
                let who = match ev.member(&t.actor) {
                    Some(m) => m.who().to_string(),
                    None => t.actor.clone(),
                };
                let what = match &t.action {
                    Action::Start { phase, id } => format!(
                        "start `{}` ({phase})",
                        id.as_ref().map(AssessmentId::as_str).unwrap_or("?")
                    ),
                    Action::Edit { id, content_hash } => {
                        format!("edit `{id}` {}", short_hash(content_hash))
                    }
                    Action::Submit { id, content_hash } => {
                        format!("submit `{id}` {}", short_hash(content_hash))
                    }
                    Action::Review {
                        id,
                        verdict,
                        comment,
                        content_hash,
                    } => {
                        let mut w = match verdict {
                            Verdict::Approve => format!("approve `{id}`"),
                            Verdict::RequestChanges => format!("request changes to `{id}`"),
                        };
                        let _ = write!(w, " {}", short_hash(content_hash));
                        if let Some(c) = comment {
                            let _ = write!(w, ": \"{c}\"");
                        }
                        w
                    }
                    Action::Publish { id } => format!(
                        "publish `{id}` {}",
                        e.content_hash
                            .as_deref()
                            .map(short_hash)
                            .unwrap_or_default()
                    ),
                    Action::Correct { id, reason, new_id } => format!(
                        "correct `{id}` as `{}`: \"{reason}\"",
                        new_id.as_ref().map(AssessmentId::as_str).unwrap_or("?")
                    ),
                };
                let _ = writeln!(
                    s,
                    "#{:<3} {}  {}  {}",
                    t.seq,
                    t.at,
                    terminal_line(&who),
                    terminal_line(&what)
                );
            }
            print(&s)
        }
    }
}

// ── verify ───────────────────────────────────────────────────────────────────────────────

pub(crate) fn verify(dir: &Path, format: ListFormat) -> Result<(), Failure> {
    if !dir.is_dir() {
        return Err(Failure::input(format!(
            "`{}` is not a directory: `repere verify` checks a dossier",
            shown(dir)
        )));
    }
    let report = repere_dossier::verify(dir);
    let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    match format {
        ListFormat::Json => {
            let doc = repere_dossier::doc::VerifyDoc::new(&report);
            print(&repere_dossier::doc::json(&doc))?;
            if report.is_clean() {
                Ok(())
            } else {
                Err(Failure::silent(1))
            }
        }
        ListFormat::Text if report.is_clean() => {
            note(&terminal_safe(&format!(
                "ok: {}: intact ({} entr{}, {} bundle{}{})",
                shown(dir),
                report.entries,
                if report.entries == 1 { "y" } else { "ies" },
                report.bundles,
                if report.bundles == 1 { "" } else { "s" },
                report
                    .head
                    .as_ref()
                    .map(|h| format!(", head #{} {}", h.seq, h.hash))
                    .unwrap_or_default()
            )));
            Ok(())
        }
        ListFormat::Text => {
            let mut m = format!(
                "the dossier `{}` is not intact: {} problem{}",
                shown(dir),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            for p in &problems {
                let _ = write!(m, "\n  {p}");
            }
            Err(Failure::input(m))
        }
    }
}

// ── Grids and assessment files ───────────────────────────────────────────────────────────

/// The file a dossier keeps its grid in when the grid is not built in.
pub(crate) const GRID_COPY: &str = "grid.toml";

/// The evaluation's grid: the file given with `--grid`, the built-in grid it names, or the
/// copy the dossier keeps (`grid.toml`, written by `init` from a grid file); it must be that
/// grid (same id and version, and same content when the evaluation recorded its hash).
fn dossier_grid(dir: &Path, evaluation: &Evaluation, given: Option<&str>) -> Result<Grid, Failure> {
    let r = &evaluation.grid;
    let copy = dir.join(GRID_COPY);
    let grid = match given {
        Some(arg) => resolve::grid(arg)?,
        None => match repere_catalog::grid_version(r.id.as_str(), Some(&r.version)) {
            Ok(grid) => grid,
            Err(_) if copy.is_file() => resolve::grid(&copy.to_string_lossy())?,
            Err(e) => {
                return Err(Failure::input(e.to_string()).context(format!(
                    "the evaluation is on grid `{}` version `{}`, which is not built in and has no copy in the dossier: give its file with `--grid FILE`",
                    r.id,
                    terminal_line(&r.version)
                )));
            }
        },
    };
    if grid.id() != &r.id || grid.version() != r.version {
        return Err(Failure::input(format!(
            "the evaluation is on grid `{}` version `{}`, not `{}` version `{}`",
            r.id,
            terminal_line(&r.version),
            grid.id(),
            terminal_line(grid.version())
        )));
    }
    if let Some(hash) = &r.hash
        && hash != grid.content_hash()
    {
        return Err(Failure::input(format!(
            "the grid given is not the grid the evaluation was created on: its content hashes to {}, the evaluation records {hash}",
            grid.content_hash()
        )));
    }
    Ok(grid)
}

/// An assessment file of the dossier, checked against the evaluation's grid and the phase
/// its record was started at.
fn checked_assessment(
    dossier: &Dossier,
    evaluation: &Evaluation,
    record: &AssessmentRecord,
    grid: &Grid,
) -> Result<repere_core::Assessment, Failure> {
    let input = repere_fs::Input::Path(dossier.assessment_path(&record.id));
    let bytes = crate::io::read_bytes(&input, repere_toml::MAX_FILE_BYTES as u64)?;
    assessment_from(dossier, evaluation, record, grid, &bytes)
}

/// An assessment of the dossier from the bytes of its file, checked against the evaluation's
/// grid and the phase its record was started at.
fn assessment_from(
    dossier: &Dossier,
    evaluation: &Evaluation,
    record: &AssessmentRecord,
    grid: &Grid,
    bytes: &[u8],
) -> Result<repere_core::Assessment, Failure> {
    let path = shown(&dossier.assessment_path(&record.id));
    let text = repere_toml::decode(&path, bytes).map_err(|e| Failure::diagnostics(&e))?;
    let parsed =
        repere_toml::parse_assessment(&path, text).map_err(|e| Failure::diagnostics(&e))?;
    if parsed.grid_id() != evaluation.grid.id.as_str()
        || parsed.grid_version() != evaluation.grid.version
    {
        return Err(Failure::input(format!(
            "`{path}` is an assessment on grid `{}` version `{}`, but the evaluation is on `{}` version `{}`",
            crate::io::quoted(parsed.grid_id()),
            crate::io::quoted(parsed.grid_version()),
            evaluation.grid.id,
            terminal_line(&evaluation.grid.version)
        )));
    }
    let a = parsed.resolve(grid).map_err(|e| Failure::diagnostics(&e))?;
    if a.phase != record.phase {
        return Err(Failure::input(format!(
            "`{path}` is an assessment at the {} phase, but `{}` was started at the {} phase",
            a.phase, record.id, record.phase
        )));
    }
    Ok(a)
}

/// A string as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes a new assessment file (never over an existing one) and the schema beside it.
fn write_new(path: &Path, text: &[u8]) -> Result<(), Failure> {
    repere_fs::write(path, text, repere_fs::Overwrite::Never).map_err(|e| {
        if matches!(e.kind, repere_fs::WriteErrorKind::Exists) {
            Failure::input(format!(
                "`{}` exists already, though the trail starts no assessment of that name: move it away (or give another id with `--id`)",
                shown(path)
            ))
        } else {
            Failure::input(e.to_string())
        }
    })?;
    if let Some(schema) =
        crate::commands::write_schema_beside(path, repere_toml::FileKind::Assessment)
    {
        note(&terminal_safe(&format!("wrote {}", shown(&schema))));
    }
    Ok(())
}

// ── assess ───────────────────────────────────────────────────────────────────────────────

/// The first id `PHASE-N` after `taken` that neither the trail nor a file uses.
fn free_id(
    dossier: &Dossier,
    state: &DossierState,
    phase: Phase,
    taken: &AssessmentId,
) -> Result<AssessmentId, Failure> {
    let first = taken
        .as_str()
        .rsplit_once('-')
        .and_then(|(_, n)| n.parse::<u64>().ok())
        .unwrap_or(0);
    for n in first + 1..first + 1000 {
        let candidate = parse_id(&format!("{phase}-{n}"))?;
        if state.workflow().assessment(candidate.as_str()).is_none()
            && !dossier.assessment_path(&candidate).exists()
        {
            return Ok(candidate);
        }
    }
    Err(Failure::input(format!(
        "the assessments directory holds many files the trail does not know (from `{taken}` on): move them away, or give an id with `--id`"
    )))
}

/// What `repere assess` is given.
pub(crate) struct AssessArgs {
    pub(crate) dir: PathBuf,
    pub(crate) actor: String,
    pub(crate) phase: String,
    pub(crate) from: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) blank: bool,
    pub(crate) grid: Option<String>,
    pub(crate) lang: crate::LangArg,
}

pub(crate) fn assess(args: AssessArgs) -> Result<(), Failure> {
    let phase = parse_phase(&args.phase)?;
    let wanted = args.id.as_deref().map(parse_id).transpose()?;
    let dossier = open(&args.dir)?;
    let locked = dossier
        .lock("repere assess", DEFAULT_WAIT)
        .map_err(failure)?;
    let state = locked.state().map_err(failure)?;
    let ev = state.evaluation();
    let (key, member) = signer(ev, &args.actor)?;
    let at = now();
    let id_given = wanted.is_some();
    let start = Action::Start { phase, id: wanted };
    let event = state
        .workflow()
        .preview(&args.actor, start, at)
        .map_err(|e| refused(&e))?;
    let Action::Start {
        id: Some(mut id), ..
    } = event.entry.action
    else {
        return Err(Failure::input(
            "internal error: the workflow gave no id to the new assessment",
        ));
    };
    if !id_given && dossier.assessment_path(&id).exists() {
        // A file the trail does not know, such as one left by a command killed between
        // writing the file and appending its entry: left as it is, and the next free id used.
        let stray = shown(&dossier.assessment_path(&id));
        id = free_id(&dossier, &state, phase, &id)?;
        note(&terminal_safe(&format!(
            "`{stray}` is not in the trail (left by an interrupted command?): left as it is; the new assessment is `{id}`"
        )));
    }
    let grid = dossier_grid(&args.dir, ev, args.grid.as_deref())?;
    let text = match &args.from {
        Some(from) => from_file(from, &grid, ev, phase, &member)?,
        None if args.blank => {
            let assessor = repere_core::Assessor {
                name: member.name.clone(),
                role: member.role,
                organisation: None,
            };
            let a = repere_core::Assessment::new(
                GridRef::to(&grid),
                ev.process.clone(),
                phase,
                assessor,
            );
            repere_toml::assessment_to_toml(&a)
        }
        None => {
            let opts =
                repere_toml::TemplateOptions::new(phase, member.role, args.lang.report().lang());
            let mut text = repere_toml::template(&grid, &opts);
            // The template's placeholders, filled in: the process and the author are known.
            for placeholder in ["(nom de la démarche)", "(name of the process)"] {
                text = text.replacen(
                    &format!("name = {}", toml_string(placeholder)),
                    &format!("name = {}", toml_string(&ev.process.name)),
                    1,
                );
            }
            for placeholder in ["(votre nom)", "(your name)"] {
                text = text.replacen(
                    &format!("name = {}", toml_string(placeholder)),
                    &format!("name = {}", toml_string(&member.name)),
                    1,
                );
            }
            text
        }
    };
    let path = dossier.assessment_path(&id);
    write_new(&path, text.as_bytes())?;
    if let Err(e) = locked.append(
        &args.actor,
        &key,
        Action::Start {
            phase,
            id: Some(id.clone()),
        },
        at,
    ) {
        // Not started: the file written for it goes too.
        let _ = std::fs::remove_file(&path);
        return Err(failure(e));
    }
    let dir = shown(dossier.dir());
    note(&terminal_safe(&format!(
        "started `{id}` ({phase}, by {}): fill in {}{}, then `repere submit {dir} {id} --as {}`",
        member.who(),
        shown(&path),
        if args.from.is_some() || !args.blank {
            " with an editor".to_owned()
        } else {
            format!(" with `repere fill {} -o {}`", shown(&path), shown(&path))
        },
        member.name
    )));
    print(&format!("{id}\n"))
}

/// The ratings (and targets, notes, date) of an existing assessment file, made the actor's
/// assessment of the evaluation's process at a phase.
fn from_file(
    from: &str,
    grid: &Grid,
    evaluation: &Evaluation,
    phase: Phase,
    member: &Member,
) -> Result<String, Failure> {
    let parsed = resolve::parsed_assessment(from)?;
    if parsed.grid_id() != evaluation.grid.id.as_str()
        || parsed.grid_version() != evaluation.grid.version
    {
        return Err(Failure::input(format!(
            "`{from}` is an assessment on grid `{}` version `{}`, but the evaluation is on `{}` version `{}`",
            crate::io::quoted(parsed.grid_id()),
            crate::io::quoted(parsed.grid_version()),
            evaluation.grid.id,
            terminal_line(&evaluation.grid.version)
        )));
    }
    let mut a = parsed
        .resolve_draft(grid)
        .map_err(|e| Failure::diagnostics(&e))?;
    a.grid = GridRef::to(grid);
    a.process = evaluation.process.clone();
    a.phase = phase;
    a.assessor.name = member.name.clone();
    a.assessor.role = member.role;
    a.validate(grid).map_err(|problems| {
        Failure::input(format!(
            "the ratings of `{from}` do not make an assessment by {} at the {phase} phase: {problems}",
            member.who()
        ))
    })?;
    Ok(repere_toml::assessment_to_toml(&a))
}

// ── submit, review ───────────────────────────────────────────────────────────────────────

/// The hash of an assessment's file, for an action that names it; when there is no such
/// assessment, the workflow's refusal comes first.
fn content_hash(
    dossier: &Dossier,
    state: &DossierState,
    actor: &str,
    id: &AssessmentId,
    at: Timestamp,
    action: impl Fn(String) -> Action,
) -> Result<String, Failure> {
    match dossier.content_hash(id) {
        Ok(h) => Ok(h),
        Err(e) => {
            if state.workflow().assessment(id.as_str()).is_none()
                && let Err(w) = state.workflow().preview(actor, action("-".to_owned()), at)
            {
                return Err(refused(&w));
            }
            Err(failure(e))
        }
    }
}

/// The members who may take an action on an assessment now.
fn who_may(state: &DossierState, id: &AssessmentId, kind: ActionKind) -> String {
    let names: Vec<String> = state
        .evaluation()
        .members
        .iter()
        .filter(|m| {
            state
                .workflow()
                .what_next(&m.name)
                .iter()
                .any(|n| n.action == kind && n.assessment.as_ref() == Some(id))
        })
        .map(|m| m.who().to_string())
        .collect();
    if names.is_empty() {
        "nobody now".to_owned()
    } else {
        names.join(", ")
    }
}

pub(crate) fn submit(dir: &Path, id: &str, actor: &str, grid: Option<&str>) -> Result<(), Failure> {
    let id = parse_id(id)?;
    let dossier = open(dir)?;
    let locked = dossier
        .lock("repere submit", DEFAULT_WAIT)
        .map_err(failure)?;
    let state = locked.state().map_err(failure)?;
    let ev = state.evaluation();
    let (key, _) = signer(ev, actor)?;
    let at = now();
    let submit = |content_hash| Action::Submit {
        id: id.clone(),
        content_hash,
    };
    let hash = content_hash(&dossier, &state, actor, &id, at, submit)?;
    state
        .workflow()
        .preview(actor, submit(hash.clone()), at)
        .map_err(|e| refused(&e))?;
    if let Some(record) = state.workflow().assessment(id.as_str()) {
        let grid = dossier_grid(dossier.dir(), ev, grid)?;
        checked_assessment(&dossier, ev, record, &grid)?;
    }
    locked
        .append(actor, &key, submit(hash.clone()), at)
        .map_err(failure)?;
    let after = locked.state().map_err(failure)?;
    note(&terminal_safe(&format!(
        "submitted `{id}` ({}); its file must not change now. Who may review it: {}",
        short_hash(&hash),
        who_may(&after, &id, ActionKind::Review)
    )));
    Ok(())
}

/// `--approve` or `--request-changes`.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct VerdictArgs {
    /// Approve the content submitted (then it may be published).
    #[arg(long)]
    pub(crate) approve: bool,
    /// Send it back to its author for changes (a `--comment` is required).
    #[arg(long)]
    pub(crate) request_changes: bool,
}

pub(crate) fn review(
    dir: &Path,
    id: &str,
    actor: &str,
    verdict: &VerdictArgs,
    comment: Option<String>,
) -> Result<(), Failure> {
    let id = parse_id(id)?;
    let verdict = if verdict.approve {
        Verdict::Approve
    } else {
        Verdict::RequestChanges
    };
    let dossier = open(dir)?;
    let locked = dossier
        .lock("repere review", DEFAULT_WAIT)
        .map_err(failure)?;
    let state = locked.state().map_err(failure)?;
    let (key, _) = signer(state.evaluation(), actor)?;
    let at = now();
    let review = |content_hash| Action::Review {
        id: id.clone(),
        verdict,
        comment: comment.clone(),
        content_hash,
    };
    let hash = content_hash(&dossier, &state, actor, &id, at, review)?;
    locked
        .append(actor, &key, review(hash), at)
        .map_err(failure)?;
    let after = locked.state().map_err(failure)?;
    let dir = shown(dossier.dir());
    note(&terminal_safe(&match verdict {
        Verdict::Approve => format!(
            "approved `{id}`. Who may publish it (`repere publish {dir} {id} --as NAME`): {}",
            who_may(&after, &id, ActionKind::Publish)
        ),
        Verdict::RequestChanges => {
            format!("sent `{id}` back to its author for changes; they edit it and submit it again")
        }
    }));
    Ok(())
}

// ── publish, correct ─────────────────────────────────────────────────────────────────────

pub(crate) fn publish(
    dir: &Path,
    id: &str,
    actor: &str,
    grid: Option<&str>,
    lang: crate::LangArg,
) -> Result<(), Failure> {
    let id = parse_id(id)?;
    let dossier = open(dir)?;
    let locked = dossier
        .lock("repere publish", DEFAULT_WAIT)
        .map_err(failure)?;
    let state = locked.state().map_err(failure)?;
    let ev = state.evaluation();
    let (key, _) = signer(ev, actor)?;
    let at = now();
    state
        .workflow()
        .preview(actor, Action::Publish { id: id.clone() }, at)
        .map_err(|e| refused(&e))?;
    let Some(record) = state.workflow().assessment(id.as_str()) else {
        return Err(Failure::input(format!("there is no assessment `{id}`")));
    };
    let grid = dossier_grid(dossier.dir(), ev, grid)?;
    let files = bundle_files(&dossier, ev, record, &grid, lang.report())?;
    let (appended, bundle) = locked.publish(actor, &key, &id, at, &files).map_err(|e| {
        failure(e).context(format!(
            "`repere verify {}` tells whether the publication was recorded",
            shown(dossier.dir())
        ))
    })?;
    let superseded: Vec<String> = appended
        .event
        .changes
        .iter()
        .filter(|c| c.assessment != id)
        .map(|c| format!("; `{}` is now {}", c.assessment, c.to.phrase()))
        .collect();
    note(&terminal_safe(&format!(
        "published `{id}` version {} (entry #{}){}",
        record.version,
        appended.head.seq,
        superseded.concat()
    )));
    print(&format!("{}\n", terminal_safe(&shown(&bundle))))
}

/// The reports a bundle publishes: the scorecard in HTML, Markdown and JSON.
fn bundle_files(
    dossier: &Dossier,
    ev: &Evaluation,
    record: &AssessmentRecord,
    grid: &Grid,
    lang: repere_report::ReportLang,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let a = checked_assessment(dossier, ev, record, grid)?;
    let profile = resolve::profile(Some(ev.profile.as_str()), grid)?;
    let card = repere_core::score(grid, Some(&profile), &a)
        .map_err(|e| Failure::input(format!("cannot score `{}`: {e}", record.id)))?;
    let doc = crate::commands::document(repere_report::ScorecardDoc::new(
        grid, &profile, &a, &card, lang,
    ))?;
    let mut files = Vec::new();
    for format in [
        repere_report::Format::Html,
        repere_report::Format::Markdown,
        repere_report::Format::Json,
    ] {
        let text = crate::commands::rendered(&doc, format, false)?;
        files.push((
            format!("scorecard.{}", format.extension()),
            text.into_bytes(),
        ));
    }
    Ok(files)
}

pub(crate) fn correct(
    dir: &Path,
    id: &str,
    actor: &str,
    reason: String,
    new_id: Option<&str>,
) -> Result<(), Failure> {
    let id = parse_id(id)?;
    let wanted = new_id.map(parse_id).transpose()?;
    let dossier = open(dir)?;
    let locked = dossier
        .lock("repere correct", DEFAULT_WAIT)
        .map_err(failure)?;
    let state = locked.state().map_err(failure)?;
    let (key, member) = signer(state.evaluation(), actor)?;
    let at = now();
    let correct = Action::Correct {
        id: id.clone(),
        reason,
        new_id: wanted,
    };
    let event = state
        .workflow()
        .preview(actor, correct, at)
        .map_err(|e| refused(&e))?;
    let action = event.entry.action;
    let Action::Correct {
        new_id: Some(new), ..
    } = &action
    else {
        return Err(Failure::input(
            "internal error: the workflow gave no id to the correction",
        ));
    };
    let new = new.clone();
    let bytes = repere_fs::read(
        &repere_fs::Input::Path(dossier.assessment_path(&id)),
        repere_dossier::FILE_LIMIT,
    )
    .map_err(|e| Failure::input(e.to_string()))?;
    let path = dossier.assessment_path(&new);
    write_new(&path, &bytes)?;
    if let Err(e) = locked.append(actor, &key, action, at) {
        let _ = std::fs::remove_file(&path);
        return Err(failure(e));
    }
    note(&terminal_safe(&format!(
        "started `{new}`, the correction of `{id}`, by {}: edit {}, then submit it; once it is published, `{id}` is superseded",
        member.who(),
        shown(&path),
    )));
    print(&format!("{new}\n"))
}

// ── consolidate and compare on a dossier ────────────────────────────────────────────────

/// Whether a command-line argument names an evaluation dossier: a directory holding an
/// `evaluation.toml`.
pub(crate) fn is_dossier(arg: &str) -> bool {
    let dir = Path::new(arg);
    dir.is_dir() && dir.join(repere_dossier::EVALUATION_FILE).is_file()
}

/// The assessments of a dossier that a report may use, with the grid and the profile the
/// evaluation names (or those given).
pub(crate) struct Approved {
    pub(crate) grid: Grid,
    pub(crate) profile: repere_core::Profile,
    /// The records and their assessments, in the order the trail started them.
    pub(crate) assessments: Vec<(AssessmentRecord, repere_core::Assessment)>,
}

/// Reads the approved assessments of some phases (current versions, published or not yet),
/// reading the dossier once: each file is checked against the content its approval recorded,
/// so a report never uses ratings that changed after review.
pub(crate) fn approved(
    dir: &Path,
    phases: &[Phase],
    grid: Option<&str>,
    profile: Option<&str>,
) -> Result<Approved, Failure> {
    let dossier = open(dir)?;
    let state = read_state(&dossier, "read")?;
    let ev = state.evaluation();
    let grid = dossier_grid(dossier.dir(), ev, grid)?;
    let profile = resolve::profile(Some(profile.unwrap_or(ev.profile.as_str())), &grid)?;
    let mut assessments = Vec::new();
    for record in phases.iter().flat_map(|&p| state.workflow().approved(p)) {
        let bytes = dossier.recorded_content(record).map_err(failure)?;
        let a = assessment_from(&dossier, ev, record, &grid, &bytes)?;
        assessments.push((record.clone(), a));
    }
    Ok(Approved {
        grid,
        profile,
        assessments,
    })
}

/// The approved assessments of every state at a phase, for a message that says why none or
/// too few were found.
pub(crate) fn phase_summary(dir: &Path, phase: Phase) -> String {
    let Ok(dossier) = Dossier::open(dir) else {
        return String::new();
    };
    let Ok(state) = dossier.state() else {
        return String::new();
    };
    let at: Vec<String> = state
        .workflow()
        .assessments()
        .iter()
        .filter(|r| r.phase == phase)
        .map(|r| format!("`{}` ({})", r.id, r.state.phrase()))
        .collect();
    if at.is_empty() {
        format!("the dossier has no assessment at the {phase} phase")
    } else {
        format!("at the {phase} phase the dossier has {}", at.join(", "))
    }
}

// ── the demo's dossiers ──────────────────────────────────────────────────────────────────

/// One assessment of a demo dossier: its member, the example file it is made of, and the
/// member who reviews it.
pub(crate) struct DemoStep {
    pub(crate) author: &'static str,
    pub(crate) example: &'static str,
    pub(crate) reviewer: &'static str,
}

/// A demo dossier: its directory name, its team and its assessments, published by
/// `publisher`.
pub(crate) struct DemoDossier {
    pub(crate) name: &'static str,
    pub(crate) members: &'static [(&'static str, repere_core::Role)],
    pub(crate) steps: &'static [DemoStep],
    pub(crate) publisher: &'static str,
}

/// The demo's key of a member: derived from its name, the same on every run so that the demo
/// is reproducible byte for byte. Never a key to sign anything real with.
fn demo_key(name: &str) -> KeyPair {
    let digest = repere_dossier::sha256(format!("repere demo key: {name}").as_bytes());
    let hex = digest.trim_start_matches("sha256:");
    let mut seed = [0u8; 32];
    for (i, b) in seed.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2).unwrap_or("00"), 16).unwrap_or(0);
    }
    KeyPair::from_seed(seed)
}

/// Builds a demo dossier under `out` from example evaluations of the catalogue: every
/// assessment started, submitted, approved and published, at times taken from the
/// assessments' dates. The members' demo keys go to `keys` (a key store), so that the
/// dossier can be acted on. Returns the dossier's directory.
pub(crate) fn demo_dossier(
    out: &Path,
    keys: &Path,
    demo: &DemoDossier,
    lang: repere_report::ReportLang,
    force: bool,
) -> Result<PathBuf, Failure> {
    let dir = out.join(demo.name);
    if dir.exists() {
        if !force || !is_dossier(&dir.to_string_lossy()) {
            return Err(Failure::input(format!(
                "`{}` exists already: give `--force` to build the demo dossier again",
                shown(&dir)
            )));
        }
        std::fs::remove_dir_all(&dir).map_err(|e| {
            Failure::input(format!(
                "cannot remove `{}`: {}",
                shown(&dir),
                crate::io::io_reason(&e)
            ))
        })?;
    }
    let examples = repere_catalog::examples();
    let example = |file: &str| {
        examples
            .iter()
            .find(|e| e.file == file)
            .ok_or_else(|| Failure::input(format!("this build has no example `{file}`")))
    };
    let first = example(demo.steps[0].example)?;
    let parsed = repere_toml::parse_assessment(first.file, first.text)
        .map_err(|e| Failure::diagnostics(&e))?;
    let grid = resolve::grid_for(&parsed, None)?;
    let a = parsed
        .resolve(&grid)
        .map_err(|e| Failure::diagnostics(&e))?;
    let mut evaluation = Evaluation::new(
        a.process.clone(),
        GridRef::to(&grid),
        grid.default_profile().id.clone(),
    );
    let store = KeyStore::new(keys);
    for (name, role) in demo.members {
        let key = demo_key(name);
        match store.load(name) {
            Ok(found) if found.public() == key.public() => {}
            _ => store.insert(name, &key).map_err(|e| {
                Failure::input(e.to_string()).context(format!(
                    "the demo keeps its members' keys in `{}`",
                    shown(keys)
                ))
            })?,
        }
        evaluation
            .members
            .push(Member::new(*name, *role, key.public()));
    }
    let mut steps = Vec::new();
    for step in demo.steps {
        let ex = example(step.example)?;
        let parsed = repere_toml::parse_assessment(ex.file, ex.text)
            .map_err(|e| Failure::diagnostics(&e))?;
        let a = parsed
            .resolve(&grid)
            .map_err(|e| Failure::diagnostics(&e))?;
        if !evaluation.phases.contains(&a.phase) {
            evaluation.phases.push(a.phase);
        }
        steps.push((step, ex, a));
    }
    evaluation.phases.sort();
    let dossier = Dossier::init(&dir, &evaluation).map_err(failure)?;
    let locked = dossier.lock("repere demo", DEFAULT_WAIT).map_err(failure)?;
    // Each assessment's life takes place on its date, a minute an action.
    let mut last = 0i64;
    let mut at = |date: Option<repere_core::Date>| {
        let day = date.map_or(0, |d| Timestamp::at_midnight(d).seconds());
        last = (day + 9 * 3600).max(last + 60);
        Timestamp(last)
    };
    let mut phase_counts = std::collections::BTreeMap::new();
    for (step, ex, a) in &steps {
        let n = phase_counts.entry(a.phase).or_insert(0u32);
        *n += 1;
        let id = parse_id(&format!("{}-{n}", a.phase))?;
        let author = demo_key(step.author);
        let reviewer = demo_key(step.reviewer);
        let start = Action::Start {
            phase: a.phase,
            id: Some(id.clone()),
        };
        let path = dossier.assessment_path(&id);
        write_new(&path, ex.text.as_bytes())?;
        locked
            .append(step.author, &author, start, at(a.date))
            .map_err(failure)?;
        let hash = dossier.content_hash(&id).map_err(failure)?;
        let submit = Action::Submit {
            id: id.clone(),
            content_hash: hash.clone(),
        };
        locked
            .append(step.author, &author, submit, at(a.date))
            .map_err(failure)?;
        let review = Action::Review {
            id: id.clone(),
            verdict: Verdict::Approve,
            comment: None,
            content_hash: hash,
        };
        locked
            .append(step.reviewer, &reviewer, review, at(a.date))
            .map_err(failure)?;
        let state = locked.state().map_err(failure)?;
        let Some(record) = state.workflow().assessment(id.as_str()) else {
            return Err(Failure::input(format!("the demo dossier lost `{id}`")));
        };
        let files = bundle_files(&dossier, state.evaluation(), record, &grid, lang)?;
        locked
            .publish(
                demo.publisher,
                &demo_key(demo.publisher),
                &id,
                at(a.date),
                &files,
            )
            .map_err(failure)?;
    }
    Ok(dir)
}
