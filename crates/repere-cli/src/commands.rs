//! The commands.

use std::fmt::Write as _;
use std::path::Path;

use clap::CommandFactory as _;
use repere_core::{Lang, Phase, Role};
use repere_dossier::doc::Output;
use repere_report::{
    CheckDoc, CheckedFileDoc, ComparisonDoc, FileKindDoc, Format, Kind, ProblemDoc, RenderError,
    RenderOptions, Report, ReportLang, ScorecardDoc, ScorecardSet, SeverityDoc,
};
use repere_toml::{Document, FileKind, TemplateOptions};

use crate::io::{eprint_line, input, is_stdout, note, print, read_text, terminal_safe, write_file};
use crate::{
    Command, CompareFormat, Failure, ListFormat, NameArgs, OutputArgs, SchemaKind, ShowFormat,
    resolve,
};

pub(crate) fn run(cmd: Command, color: bool) -> Result<(), Failure> {
    match cmd {
        Command::Grids {
            format,
            all_versions,
        } => grids(format, all_versions),
        Command::Show { grid, lang, format } => match format {
            ShowFormat::Text => show(&grid, lang.report(), Format::Text),
            ShowFormat::Markdown => show(&grid, lang.report(), Format::Markdown),
            ShowFormat::Html => show(&grid, lang.report(), Format::Html),
            ShowFormat::Json => show_json(&grid),
        },
        Command::Check {
            files,
            grid,
            format,
        } => check(&files, grid.as_deref(), format == ListFormat::Json),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut crate::Cli::command(), "repere", &mut script);
            print(&String::from_utf8_lossy(&script))
        }
        Command::Man { out, force } => crate::man::run(out.as_deref(), force),
        Command::Template {
            grid,
            phase,
            role,
            lang,
            out,
        } => {
            let g = resolve::grid(&grid)?;
            let opts = TemplateOptions::new(
                parse_phase(&phase)?,
                parse_role(&role)?,
                lang.report().lang(),
            );
            // A file gets the `#:schema` line and the schema beside it; standard output gets
            // neither (there is no directory to put the schema in).
            match out.output.as_deref().filter(|p| !is_stdout(p)) {
                Some(path) => {
                    emit(&repere_toml::template(&g, &opts), &out)?;
                    if let Some(schema) = write_schema_beside(path, FileKind::Assessment) {
                        note(&format!(
                            "wrote {}",
                            terminal_safe(&schema.display().to_string())
                        ));
                    }
                    Ok(())
                }
                None => {
                    let opts = opts.with_schema_line(repere_toml::SchemaLine::Omit);
                    emit(&repere_toml::template(&g, &opts), &out)
                }
            }
        }
        Command::Fill {
            source,
            output,
            phase,
            role,
            lang,
            grid,
            force,
        } => crate::fill::run(crate::fill::FillArgs {
            source,
            output,
            phase: phase.as_deref().map(parse_phase).transpose()?,
            role: role.as_deref().map(parse_role).transpose()?,
            lang: lang.report(),
            grid,
            force,
        }),
        Command::Score {
            assessments,
            names,
            format,
            lang,
            out,
        } => score(
            &assessments,
            &names,
            format.report(),
            lang.report(),
            color,
            &out,
        ),
        Command::Compare {
            before,
            after,
            phase,
            framing,
            achieved,
            crosswalk,
            names,
            format,
            lang,
            out,
        } => {
            let pick = crate::consolidate::Pick {
                phase: phase.as_deref(),
                framing: framing.as_deref(),
                achieved: achieved.as_deref(),
            };
            match after {
                Some(after) => {
                    pick.only_with_dossier()?;
                    compare(
                        &before,
                        &after,
                        &names,
                        crosswalk.as_deref(),
                        format,
                        lang.report(),
                        &out,
                    )
                }
                None => {
                    let text = crate::consolidate::compare_dossier(
                        &before,
                        &pick,
                        &names,
                        format,
                        lang.report(),
                    )?;
                    emit(&text, &out)
                }
            }
        }
        Command::Schema { kind } => {
            let s = match kind {
                SchemaKind::Grid => repere_toml::schema(FileKind::Grid),
                SchemaKind::Profile => repere_toml::schema(FileKind::Profile),
                SchemaKind::Assessment => repere_toml::schema(FileKind::Assessment),
                SchemaKind::Scorecard => repere_report::schema(Kind::Scorecard),
                SchemaKind::Scorecards => repere_report::schema(Kind::Scorecards),
                SchemaKind::Comparison => repere_report::schema(Kind::Comparison),
                SchemaKind::Consolidation => repere_report::schema(Kind::Consolidation),
                SchemaKind::Agreement => repere_report::schema(Kind::Agreement),
                SchemaKind::Check => repere_report::schema(Kind::Check),
                SchemaKind::Evaluation => repere_dossier::evaluation_schema(),
                SchemaKind::DossierStatus => repere_dossier::doc::schema(Output::Status),
                SchemaKind::DossierLog => repere_dossier::doc::schema(Output::Log),
                SchemaKind::DossierVerify => repere_dossier::doc::schema(Output::Verify),
                SchemaKind::Survey => repere_toml::schema(FileKind::Survey),
                SchemaKind::SurveySummary => repere_report::schema(Kind::SurveySummary),
                SchemaKind::Batch => repere_report::schema(Kind::Batch),
                SchemaKind::Sensitivity => repere_report::schema(Kind::Sensitivity),
                SchemaKind::GridDescription => repere_report::schema(Kind::GridDescription),
                SchemaKind::Crosswalk => repere_toml::schema(FileKind::Crosswalk),
                SchemaKind::CrosswalkReport => repere_report::schema(Kind::Crosswalk),
            };
            print(&s)
        }
        Command::Demo { out, lang, force } => demo(&out, lang.report(), force),
        Command::Crosswalk {
            from,
            to,
            crosswalk,
            format,
            lang,
            out,
        } => {
            let text =
                crate::crosswalk::show(&from, &to, crosswalk.as_deref(), format, lang.report())?;
            emit(&text, &out)
        }
        Command::Batch {
            inputs,
            grid,
            profile,
            format,
            completeness,
            lang,
            out,
        } => crate::observatory::batch(crate::observatory::BatchArgs {
            inputs,
            grid,
            profile,
            format,
            completeness,
            lang: lang.report(),
            out,
        }),
        Command::Sensitivity {
            inputs,
            grid,
            profile,
            draws,
            seed,
            concentration,
            weights_file,
            format,
            lang,
            out,
        } => crate::observatory::sensitivity(crate::observatory::SensitivityArgs {
            inputs,
            grid,
            profile,
            draws,
            seed,
            weights_file,
            concentration,
            format,
            lang: lang.report(),
            out,
        }),
        Command::Agree {
            csv,
            level,
            bootstrap,
            seed,
            confidence,
            format,
            lang,
        } => crate::agree::run(
            &csv,
            level.core(),
            bootstrap,
            seed,
            confidence,
            format == ListFormat::Json,
            lang.report(),
        ),
        Command::Key { action } => crate::dossier::key(action),
        Command::Survey { action } => crate::survey::run(action),
        Command::Init {
            dir,
            grid,
            profile,
            title,
            actor,
            members,
            phases,
        } => crate::dossier::init(crate::dossier::InitArgs {
            dir,
            grid,
            profile,
            title,
            actor: actor.actor,
            members,
            phases,
        }),
        Command::Assess {
            dir,
            actor,
            phase,
            from,
            blank,
            id,
            grid,
            lang,
        } => crate::dossier::assess(crate::dossier::AssessArgs {
            dir,
            actor: actor.actor,
            phase,
            from,
            id,
            blank,
            grid,
            lang,
        }),
        Command::Submit {
            dir,
            id,
            actor,
            grid,
        } => crate::dossier::submit(&dir, &id, &actor.actor, grid.as_deref()),
        Command::Review {
            dir,
            id,
            actor,
            verdict,
            comment,
        } => crate::dossier::review(&dir, &id, &actor.actor, &verdict, comment),
        Command::Publish {
            dir,
            id,
            actor,
            grid,
            lang,
        } => crate::dossier::publish(&dir, &id, &actor.actor, grid.as_deref(), lang),
        Command::Correct {
            dir,
            id,
            actor,
            reason,
            new_id,
        } => crate::dossier::correct(&dir, &id, &actor.actor, reason, new_id.as_deref()),
        Command::Status { dir, format } => crate::dossier::status(&dir, format),
        Command::Log { dir, format } => crate::dossier::log(&dir, format),
        Command::Verify { dir, format } => crate::dossier::verify(&dir, format),
        Command::Serve {
            dir,
            addr,
            port,
            lang,
        } => crate::serve::run(&dir, addr, port, lang.report()),
        Command::Consolidate {
            assessments,
            phase,
            crosswalk,
            names,
            format,
            lang,
            out,
        } => {
            let text = crate::consolidate::run(
                &assessments,
                phase.as_deref(),
                crosswalk.as_deref(),
                &names,
                format,
                lang.report(),
            )?;
            emit(&text, &out)
        }
    }
}

pub(crate) fn parse_phase(s: &str) -> Result<Phase, Failure> {
    s.parse::<Phase>().map_err(|e| {
        let mut m = format!("invalid phase: {e}");
        if let Some(x) = e.suggestion() {
            let _ = write!(m, "\n  help: did you mean `{x}`?");
        }
        Failure::usage(m)
    })
}

pub(crate) fn parse_role(s: &str) -> Result<Role, Failure> {
    s.parse::<Role>().map_err(|e| {
        let mut m = format!("invalid role: {e}");
        if let Some(x) = e.suggestion() {
            let _ = write!(m, "\n  help: did you mean `{x}`?");
        }
        Failure::usage(m)
    })
}

/// Writes the JSON Schema of `kind` beside the TOML file `toml` just written, whose `#:schema`
/// line points to it (`./repere-<kind>.schema.json`), so that editors check the file offline.
/// A file already there is never replaced: one with the same bytes is left as it is, and one
/// that differs (the user's, or an older Repère's) is left too, with a warning. Returns the
/// schema's path when it was written now. A failure is a warning: the TOML file is written.
pub(crate) fn write_schema_beside(toml: &Path, kind: FileKind) -> Option<std::path::PathBuf> {
    let path = repere_toml::schema_path_beside(toml, kind);
    let schema = repere_toml::schema(kind);
    let shown = terminal_safe(&path.display().to_string()).into_owned();
    match repere_fs::write(&path, schema.as_bytes(), repere_fs::Overwrite::Never) {
        Ok(()) => Some(path),
        Err(e) if matches!(e.kind, repere_fs::WriteErrorKind::Exists) => {
            let there = repere_fs::read(&repere_fs::Input::Path(path), schema.len() as u64);
            if !there.is_ok_and(|bytes| bytes == schema.as_bytes()) {
                let kind = kind.as_str();
                eprint_line(&format!(
                    "warning: {shown} differs from Repère's {kind} schema: left as it is, and editors will check the file against it (remove it for Repère to write its own)"
                ));
            }
            None
        }
        Err(e) => {
            eprint_line(&format!("warning: the schema was not written: {e}"));
            None
        }
    }
}

/// Prints to stdout or writes the file of `-o`.
pub(crate) fn emit(text: &str, out: &OutputArgs) -> Result<(), Failure> {
    match &out.output {
        Some(p) if !is_stdout(p) => {
            write_file(p, text, out.force)?;
            note(&format!(
                "wrote {}",
                terminal_safe(&p.display().to_string())
            ));
            Ok(())
        }
        _ => print(text),
    }
}

fn grids(format: ListFormat, all_versions: bool) -> Result<(), Failure> {
    let mut rows = Vec::new();
    let entries = repere_catalog::entries();
    // Entries come in id then version order: the latest of an id is the last of its run.
    let latest = |i: usize| {
        entries
            .get(i + 1)
            .is_none_or(|next| next.id != entries[i].id)
    };
    for (i, e) in entries.iter().enumerate() {
        if !all_versions && !latest(i) {
            continue;
        }
        let g = repere_catalog::grid_version(e.id, Some(e.version))
            .map_err(|e| Failure::input(e.to_string()))?;
        rows.push((
            e.id,
            e.version,
            g.title().get(&Lang::fr(), g.default_lang()).to_owned(),
            g.title().get(&Lang::en(), g.default_lang()).to_owned(),
            g.criteria().count(),
            g.dimensions().len(),
        ));
    }
    match format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|(id, version, fr, en, n, d)| {
                    serde_json::json!({"id": id, "version": version, "title": {"fr": fr, "en": en}, "criteria": n, "dimensions": d})
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            print(&s)
        }
        ListFormat::Text => {
            let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
            let mut s = format!("{:<w$}  {:<7}  {:>9}  TITLE\n", "ID", "VERSION", "CRITERIA");
            for (id, version, fr, _, n, _) in &rows {
                let _ = writeln!(s, "{id:<w$}  {version:<7}  {n:>9}  {fr}");
            }
            print(&terminal_safe(&s))
        }
    }
}

fn show(arg: &str, lang: ReportLang, format: Format) -> Result<(), Failure> {
    let g = resolve::grid(arg)?;
    let doc = repere_report::GridDescriptionDoc::new(&g, lang);
    print(&rendered(&doc, format, false)?)
}

/// What checking one file found.
enum Checked {
    /// Valid: its kind and a summary.
    Valid(FileKindDoc, String),
    /// Located problems (and the kind, when it was read).
    Load(Option<FileKindDoc>, repere_toml::LoadError),
    /// Another failure: the file could not be read, or its grid not found.
    Other(Option<FileKindDoc>, Failure),
}

fn check(files: &[String], grid: Option<&str>, json: bool) -> Result<(), Failure> {
    let given = grid.map(resolve::grid).transpose()?;
    let mut failed = 0usize;
    let mut docs = Vec::new();
    for path in files {
        let source = input(path);
        let name = source.name();
        let outcome = check_one(&source, given.as_ref());
        if !matches!(outcome, Checked::Valid(..)) {
            failed += 1;
        }
        if json {
            docs.push(checked_doc(name, outcome));
            continue;
        }
        match outcome {
            // Names in the summary come from the file: made safe for the terminal.
            Checked::Valid(_, summary) => note(&terminal_safe(&format!("ok: {name}: {summary}"))),
            Checked::Load(_, e) => Failure::diagnostics(&e).print(),
            Checked::Other(_, f) => f.print(),
        }
    }
    if json {
        let doc = CheckDoc::new(docs);
        print(&rendered(&doc, Format::Json, false)?)?;
    }
    if failed > 0 {
        let message = format!("{failed} of {} files have problems", files.len());
        Err(if json {
            Failure::silent(1)
        } else {
            Failure::input(message)
        })
    } else {
        Ok(())
    }
}

/// Checks one file: loads it as what its `kind` says, against its grid for a profile or an
/// assessment.
fn check_one(source: &repere_fs::Input, given: Option<&repere_core::Grid>) -> Checked {
    let name = source.name();
    let text = match read_text(source) {
        Ok(t) => t,
        Err(f) => return Checked::Other(None, f),
    };
    let doc = match repere_toml::load_any(&name, &text) {
        Ok(d) => d,
        Err(e) => {
            let kind = repere_toml::file_kind(&name, &text).ok().map(kind_doc);
            return Checked::Load(kind, e);
        }
    };
    match doc {
        Document::Grid(g) => Checked::Valid(
            FileKindDoc::Grid,
            format!(
                "grid `{}` {}: {} dimensions, {} criteria, {} profiles",
                g.id(),
                g.version(),
                g.dimensions().len(),
                g.criteria().count(),
                g.profiles().len()
            ),
        ),
        Document::Profile(p) => {
            let kind = Some(FileKindDoc::Profile);
            let g = match given {
                Some(g) => g.clone(),
                None => match resolve::grid(&p.grid) {
                    Ok(g) => g,
                    Err(f) => return Checked::Other(kind, f),
                },
            };
            match repere_toml::load_profile(&name, &text, &g) {
                Ok(prof) => Checked::Valid(
                    FileKindDoc::Profile,
                    format!("profile `{}` for grid `{}`", prof.id, g.id()),
                ),
                Err(e) => Checked::Load(kind, e),
            }
        }
        Document::Assessment(a) => {
            let kind = Some(FileKindDoc::Assessment);
            let g = match resolve::grid_for(&a, given) {
                Ok(g) => g,
                Err(f) => return Checked::Other(kind, f),
            };
            match a.resolve(&g) {
                Ok(a) => Checked::Valid(
                    FileKindDoc::Assessment,
                    format!(
                        "assessment of `{}` by {} ({}), {} ratings",
                        a.process.name,
                        a.assessor.name,
                        a.assessor.role,
                        a.ratings.len()
                    ),
                ),
                Err(e) => Checked::Load(kind, e),
            }
        }
        Document::Crosswalk(cw) => {
            let kind = Some(FileKindDoc::Crosswalk);
            let grids = [&cw.from, &cw.to].map(|k| {
                resolve::grid(&format!("{}@{}", k.id, k.version)).map_err(|f| {
                    f.context(
                        "a crosswalk is checked against two grids of the catalogue".to_owned(),
                    )
                })
            });
            let [from, to] = grids;
            let (from, to) = match (from, to) {
                (Ok(f), Ok(t)) => (f, t),
                (Err(f), _) | (_, Err(f)) => return Checked::Other(kind, f),
            };
            match repere_toml::check_crosswalk(&name, &text, &cw, &from, &to) {
                Ok(()) => Checked::Valid(
                    FileKindDoc::Crosswalk,
                    format!(
                        "crosswalk `{}`: {} links between `{}` {} and `{}` {}",
                        cw.id,
                        cw.links.len(),
                        cw.from.id,
                        cw.from.version,
                        cw.to.id,
                        cw.to.version
                    ),
                ),
                Err(e) => Checked::Load(kind, e),
            }
        }
        Document::Survey(s) => Checked::Valid(
            FileKindDoc::Survey,
            format!(
                "survey `{}`: {} questions, {} criteria fed",
                s.id,
                s.questions.len(),
                s.mappings.len()
            ),
        ),
        _ => Checked::Other(
            None,
            Failure::input("a file of a kind this version does not check"),
        ),
    }
}

fn kind_doc(kind: FileKind) -> FileKindDoc {
    match kind {
        FileKind::Grid => FileKindDoc::Grid,
        FileKind::Profile => FileKindDoc::Profile,
        FileKind::Crosswalk => FileKindDoc::Crosswalk,
        FileKind::Survey => FileKindDoc::Survey,
        _ => FileKindDoc::Assessment,
    }
}

/// The JSON account of one checked file.
fn checked_doc(file: String, outcome: Checked) -> CheckedFileDoc {
    let (ok, kind, summary, problems) = match outcome {
        Checked::Valid(kind, summary) => (true, Some(kind), Some(summary), Vec::new()),
        Checked::Load(kind, e) => {
            let problems = e
                .diagnostics()
                .iter()
                .map(|d| {
                    let at = d.span().map(|s| e.line_col(s.start));
                    ProblemDoc {
                        severity: match d.severity() {
                            repere_toml::Severity::Warning => SeverityDoc::Warning,
                            _ => SeverityDoc::Error,
                        },
                        message: d.message().to_owned(),
                        line: at.map(|(l, _)| l),
                        column: at.map(|(_, c)| c),
                        key: d.key_path().map(str::to_owned),
                        help: d.help().map(str::to_owned),
                    }
                })
                .collect();
            (false, kind, None, problems)
        }
        Checked::Other(kind, f) => {
            let problem = ProblemDoc {
                severity: SeverityDoc::Error,
                message: f.message().to_owned(),
                line: None,
                column: None,
                key: None,
                help: None,
            };
            (false, kind, None, vec![problem])
        }
    };
    CheckedFileDoc {
        file,
        ok,
        kind,
        summary,
        problems,
    }
}

/// The grid as JSON, in its file format (`repere schema grid` describes it).
fn show_json(arg: &str) -> Result<(), Failure> {
    let g = resolve::grid(arg)?;
    let mut json = serde_json::to_string_pretty(&repere_toml::convert::grid_to_raw(&g))
        .map_err(|e| Failure::input(format!("internal error: the grid as JSON: {e}")))?;
    json.push('\n');
    print(&json)
}

/// Scores one assessment file into its report document.
pub(crate) fn scorecard_doc(
    path: &str,
    grid: Option<&repere_core::Grid>,
    profile: Option<&str>,
    lang: ReportLang,
) -> Result<ScorecardDoc, Failure> {
    let (a, g) = resolve::assessment(path, grid)?;
    let p = resolve::profile(profile, &g)?;
    let card = repere_core::score(&g, Some(&p), &a)
        .map_err(|e| Failure::input(format!("cannot score `{path}`: {e}")))?;
    document(ScorecardDoc::new(&g, &p, &a, &card, lang))
}

/// A document whose parts were found not to belong together: a defect of this program.
pub(crate) fn document<T>(doc: Result<T, repere_report::DocError>) -> Result<T, Failure> {
    doc.map_err(|e| Failure::input(format!("internal error: {e}")))
}

/// Renders a report document; a format it has not is a usage error.
pub(crate) fn rendered<D: Report>(doc: &D, format: Format, color: bool) -> Result<String, Failure> {
    repere_report::render(doc, format, RenderOptions::color(color)).map_err(|e| match e {
        RenderError::OnePerPage { .. } => Failure::usage(format!(
            "{e}\n  help: score one file at a time with `--format html`, use `repere consolidate --format html` to see several side by side, or `repere demo`"
        )),
        other => Failure::usage(other.to_string()),
    })
}

fn score(
    paths: &[String],
    names: &NameArgs,
    format: Format,
    lang: ReportLang,
    color: bool,
    out: &OutputArgs,
) -> Result<(), Failure> {
    let given = names.grid.as_deref().map(resolve::grid).transpose()?;
    let docs: Vec<ScorecardDoc> = paths
        .iter()
        .map(|p| scorecard_doc(p, given.as_ref(), names.profile.as_deref(), lang))
        .collect::<Result<_, _>>()?;
    let color = color && !writes_file(out);
    let text = rendered(&ScorecardSet::new(docs, lang), format, color)?;
    emit(&text, out)
}

/// Whether the output goes to a file rather than standard output.
fn writes_file(out: &OutputArgs) -> bool {
    out.output.as_deref().is_some_and(|p| !is_stdout(p))
}

fn compare(
    before: &str,
    after: &str,
    names: &NameArgs,
    crosswalk: Option<&str>,
    format: CompareFormat,
    lang: ReportLang,
    out: &OutputArgs,
) -> Result<(), Failure> {
    let given = names.grid.as_deref().map(resolve::grid).transpose()?;
    let (a, ga) = resolve::assessment(before, given.as_ref())?;
    let (b, gb) = resolve::assessment(after, given.as_ref())?;
    // On different grids, the second is carried onto the first's through a crosswalk.
    let (b, carried) = if ga.id() != gb.id() || ga.version() != gb.version() {
        let cw = crate::crosswalk::between(&gb, &ga, crosswalk).map_err(|f| {
            f.context(format!(
                "`{before}` is on `{}` {}, `{after}` on `{}` {}: assessments of different grids are compared through a crosswalk",
                ga.id(),
                ga.version(),
                gb.id(),
                gb.version()
            ))
        })?;
        let (carried, doc) = crate::crosswalk::carry(&cw, &gb, &ga, &b, lang)?;
        (carried, vec![doc])
    } else {
        if crosswalk.is_some() {
            return Err(Failure::usage(
                "`--crosswalk` relates two grids; these two assessments are on the same grid",
            ));
        }
        (b, Vec::new())
    };
    let p = resolve::profile(names.profile.as_deref(), &ga)?;
    let ca = repere_core::score(&ga, Some(&p), &a)
        .map_err(|e| Failure::input(format!("cannot score `{before}`: {e}")))?;
    let cb = repere_core::score(&ga, Some(&p), &b)
        .map_err(|e| Failure::input(format!("cannot score `{after}`: {e}")))?;
    let cmp = repere_core::compare(&ca, &cb).map_err(|e| Failure::input(e.to_string()))?;
    let da = document(ScorecardDoc::new(&ga, &p, &a, &ca, lang))?;
    let db = document(ScorecardDoc::new(&ga, &p, &b, &cb, lang))?;
    let doc = ComparisonDoc::new(&da, &db, &cmp).with_carried(carried);
    let format = match format {
        CompareFormat::Text => Format::Text,
        CompareFormat::Markdown => Format::Markdown,
        CompareFormat::Json => Format::Json,
    };
    emit(&rendered(&doc, format, false)?, out)
}

/// The demo's evaluation dossiers: E1's three views of one public debate (to consolidate),
/// and E5's framing and closing (to compare ambition with achievement).
const DEMO_DOSSIERS: &[crate::dossier::DemoDossier] = {
    use crate::dossier::{DemoDossier, DemoStep};
    use repere_core::Role;
    &[
        DemoDossier {
            name: "dossier-e1-anneau-des-sciences",
            members: &[
                ("cpdp", Role::Guarantor),
                ("institut", Role::Evaluator),
                ("participants", Role::Participant),
            ],
            steps: &[
                DemoStep {
                    author: "cpdp",
                    example: "e1-anneau-des-sciences.cpdp.toml",
                    reviewer: "institut",
                },
                DemoStep {
                    author: "institut",
                    example: "e1-anneau-des-sciences.evaluator.toml",
                    reviewer: "cpdp",
                },
                DemoStep {
                    author: "participants",
                    example: "e1-anneau-des-sciences.participants.toml",
                    reviewer: "institut",
                },
            ],
            publisher: "cpdp",
        },
        DemoDossier {
            name: "dossier-e5-montreuil-bp",
            members: &[
                ("ville", Role::Organiser),
                ("comite-de-suivi", Role::Committee),
            ],
            steps: &[
                DemoStep {
                    author: "ville",
                    example: "e5-montreuil-bp.g1.framing.toml",
                    reviewer: "comite-de-suivi",
                },
                DemoStep {
                    author: "ville",
                    example: "e5-montreuil-bp.g1.closing.toml",
                    reviewer: "comite-de-suivi",
                },
            ],
            publisher: "comite-de-suivi",
        },
    ]
};

fn demo(out: &Path, lang: ReportLang, force: bool) -> Result<(), Failure> {
    std::fs::create_dir_all(out).map_err(|e| {
        Failure::input(format!(
            "cannot create `{}`: {}",
            out.display(),
            crate::io::io_reason(&e)
        ))
    })?;
    let examples = repere_catalog::examples();
    if examples.is_empty() {
        return Err(Failure::input("this build has no example evaluations"));
    }
    let mut written = Vec::new();
    for ex in &examples {
        let parsed = repere_toml::parse_assessment(ex.file, ex.text)
            .map_err(|e| Failure::diagnostics(&e))?;
        let g = resolve::grid_for(&parsed, None)?;
        let a = parsed.resolve(&g).map_err(|e| Failure::diagnostics(&e))?;
        let p = g.default_profile();
        let card = repere_core::score(&g, Some(&p), &a)
            .map_err(|e| Failure::input(format!("cannot score `{}`: {e}", ex.file)))?;
        let doc = document(ScorecardDoc::new(&g, &p, &a, &card, lang))?;
        let stem = ex.file.trim_end_matches(".toml");
        for format in [Format::Html, Format::Markdown] {
            let path = out.join(format!("{stem}.{}", format.extension()));
            write_file(&path, &rendered(&doc, format, false)?, force)?;
            written.push(path);
        }
    }
    // The example surveys: each definition's summary when its responses ship too; the
    // definition itself otherwise, to start from.
    let surveys = repere_catalog::surveys();
    for def in surveys.iter().filter(|s| s.file.ends_with(".survey.toml")) {
        let survey =
            repere_toml::load_survey(def.file, def.text).map_err(|e| Failure::diagnostics(&e))?;
        let stem = def.file.trim_end_matches(".survey.toml");
        let responses = format!("{stem}.responses.csv");
        match surveys.iter().find(|s| s.file == responses) {
            Some(r) => {
                let read =
                    repere_table::survey::parse_responses(r.file, r.text.as_bytes(), Some(&survey))
                        .map_err(crate::io::table_failure)?;
                let summary = repere_core::survey::summarize(&read.tally, Some(&survey));
                let doc = repere_report::SurveySummaryDoc::new(
                    r.file,
                    &summary,
                    Some(&survey),
                    true,
                    lang,
                );
                let path = out.join(format!("{stem}.survey.html"));
                write_file(&path, &rendered(&doc, Format::Html, false)?, force)?;
                written.push(path);
            }
            None => {
                let path = out.join(def.file);
                write_file(&path, def.text, force)?;
                written.push(path);
            }
        }
    }
    // The observatory: batches of the examples, a made-up observatory and its sensitivity.
    written.extend(crate::observatory::demo(out, lang, force)?);
    let mut s = format!(
        "Scored {} example evaluations; reports written to {}:\n",
        examples.len(),
        out.display()
    );
    for p in &written {
        let _ = writeln!(s, "  {}", p.display());
    }
    s.push_str("Open the .html files in a browser.\n");
    let keys = out.join("keys");
    let mut dossiers = Vec::new();
    for demo in DEMO_DOSSIERS {
        dossiers.push(crate::dossier::demo_dossier(out, &keys, demo, lang, force)?);
    }
    let _ = writeln!(
        s,
        "\nEvaluation dossiers, every assessment signed, approved and published (the members' demo keys are in {}; never use them for real):",
        keys.display()
    );
    for d in &dossiers {
        let _ = writeln!(s, "  {}", d.display());
    }
    if let [e1, e5, ..] = dossiers.as_slice() {
        let _ = writeln!(
            s,
            "Try: repere verify {}\n     repere consolidate {} --phase closing\n     repere compare {}",
            e1.display(),
            e1.display(),
            e5.display()
        );
    }
    print(&terminal_safe(&s))
}
