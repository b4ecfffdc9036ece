//! `repere`: the command-line evaluator of public participation processes.
//!
//! Exit codes (a contract, also in `--help`): 0 success (also when standard output is closed
//! by its reader); 1 invalid input (a file that cannot be read, loaded or scored) or an output
//! that cannot be written; 2 usage error (bad arguments, an output that exists without
//! `--force`); 130 interrupted.
//!
//! No command panics on its output: every write to standard output goes through
//! [`io::print`], which ends quietly on a closed pipe and reports a full disk.
#![forbid(unsafe_code)]
#![deny(clippy::print_stdout, clippy::print_stderr)] // reason: all output goes through `io`, which never panics

mod agree;
mod commands;
mod consolidate;
mod crosswalk;
mod dossier;
mod fill;
mod io;
mod man;
mod observatory;
mod resolve;
mod serve;
mod survey;

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "Exit codes: 0 success (also when standard output is closed by its reader, as with `| head`) · 1 invalid input (a file that cannot be read, loaded or scored) or an output that cannot be written · 2 usage error (bad arguments, or an output file that exists without --force) · 130 interrupted.";

/// Evaluate public participation processes (public debates, concertations, citizens' panels,
/// participatory budgets) against scoring grids.
#[derive(Debug, Parser)]
#[command(name = "repere", version, after_help = EXIT_CODES, max_term_width = 100)]
pub(crate) struct Cli {
    /// Colours in terminal output: auto (when writing to a terminal and NO_COLOR is unset),
    /// always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Print only results and errors: no `wrote …` or `ok: …` notes, no progress.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Report languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    /// Français.
    Fr,
    /// English.
    En,
}

impl LangArg {
    pub(crate) fn report(self) -> repere_report::ReportLang {
        match self {
            LangArg::Fr => repere_report::ReportLang::Fr,
            LangArg::En => repere_report::ReportLang::En,
        }
    }
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Text,
    Markdown,
    Html,
    Json,
    Csv,
}

impl FormatArg {
    pub(crate) fn report(self) -> repere_report::Format {
        match self {
            FormatArg::Text => repere_report::Format::Text,
            FormatArg::Markdown => repere_report::Format::Markdown,
            FormatArg::Html => repere_report::Format::Html,
            FormatArg::Json => repere_report::Format::Json,
            FormatArg::Csv => repere_report::Format::Csv,
        }
    }
}

/// Schema kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// A grid file.
    Grid,
    /// A profile file.
    Profile,
    /// An assessment file.
    Assessment,
    /// One scorecard (each item of `scorecards`).
    #[value(alias = "report")]
    Scorecard,
    /// The JSON output of `score`: the scorecards of one or more assessments.
    Scorecards,
    /// The JSON output of `compare`.
    Comparison,
    /// The JSON output of `consolidate`.
    Consolidation,
    /// The JSON output of `agree`.
    Agreement,
    /// The JSON output of `check --format json`.
    Check,
    /// An evaluation dossier's `evaluation.toml`.
    Evaluation,
    /// The JSON of `repere status --format json`.
    DossierStatus,
    /// The JSON of `repere log --format json`.
    DossierLog,
    /// The JSON of `repere verify --format json`.
    DossierVerify,
    /// A survey definition file (`kind = "survey"`).
    Survey,
    /// The JSON output of `survey summarize`.
    SurveySummary,
    /// The JSON output of `batch --format json`.
    Batch,
    /// The JSON output of `sensitivity --format json`.
    Sensitivity,
    /// The grid description of `repere show` (its JSON document, from the library).
    GridDescription,
    /// A crosswalk file (`kind = "crosswalk"`).
    Crosswalk,
    /// The JSON output of `crosswalk --format json`.
    CrosswalkReport,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List the built-in grids (latest versions): id, version, title, number of criteria.
    Grids {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// List every version of each grid (earlier versions are kept so that assessments made
        /// on them still load), not only the latest.
        #[arg(long)]
        all_versions: bool,
    },
    /// Show a grid: dimensions, criteria, scales and level descriptors.
    Show {
        /// A built-in grid id (`id` or `id@version`), a grid file, or `-` for standard input.
        grid: String,
        /// Language of the labels.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        /// Output format: text, markdown or html (the grid to read, with the provenance of
        /// every element down to descriptors, measures, weights, gates and bands), or json (the
        /// grid in its file format, as JSON: `repere schema grid` describes it).
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Check grids, profiles and assessments (the kind is read from each file's `kind` key).
    /// Problems go to stderr, located by file, line and column.
    Check {
        /// The files to check (`-` for standard input).
        #[arg(required = true)]
        files: Vec<String>,
        /// The grid of profiles and assessments, when it is not a built-in grid.
        #[arg(long)]
        grid: Option<String>,
        /// Output format: text (diagnostics on stderr), or json (one `repere-check/1` document
        /// on stdout, with every problem located; `repere schema check`).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Write a blank assessment of a grid, ready to fill in.
    Template {
        /// A built-in grid id, a grid file, or `-` for standard input.
        grid: String,
        /// The phase of the assessment: criteria not rated at this phase are left out.
        #[arg(long, default_value = "closing")]
        phase: String,
        /// The assessor's role: criteria meant for other roles are left out.
        #[arg(long, default_value = "evaluator")]
        role: String,
        /// Language of the comments.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Fill in an assessment in the terminal, criterion by criterion. Saves after every
    /// answer; run it again on the same output to resume. Answers may be piped on standard
    /// input, one per line.
    Fill {
        /// A built-in grid id or grid file (a new assessment), or an assessment file (to go on
        /// with it).
        source: String,
        /// The assessment file to write (and resume from, if it exists). It is locked while
        /// it is being filled: a second `fill` of the same file is refused.
        #[arg(short, long)]
        output: PathBuf,
        /// The phase, for a new assessment (default `closing`); when resuming, it must be the
        /// file's.
        #[arg(long)]
        phase: Option<String>,
        /// The assessor's role, for a new assessment (default `evaluator`); when resuming, it
        /// must be the file's.
        #[arg(long)]
        role: Option<String>,
        /// Language of the questions.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        /// The grid file, when the assessment's grid is not built in.
        #[arg(long)]
        grid: Option<String>,
        /// Start over even if the output exists.
        #[arg(long)]
        force: bool,
    },
    /// Score assessments and write their reports.
    Score {
        /// Assessment files (`-` for standard input, once).
        #[arg(required = true)]
        assessments: Vec<String>,
        #[command(flatten)]
        names: NameArgs,
        /// Report format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Report language.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Compare two assessments of the same grid: ambition against achieved, two phases, two
    /// processes.
    ///
    /// Given an evaluation dossier instead of two files, compares its approved framing
    /// assessment (the ambition, whose targets are carried over) with an approved assessment of
    /// a later phase (`--phase`, closing by default).
    Compare {
        /// The first assessment (for example the ambition set at framing), or a dossier.
        before: String,
        /// The second assessment (for example the achieved, at closing); none with a dossier.
        after: Option<String>,
        /// With a dossier: the later phase whose approved assessment is compared with framing.
        #[arg(long, value_name = "PHASE")]
        phase: Option<String>,
        /// With a dossier: the framing assessment to use, when several are approved.
        #[arg(long, value_name = "ID")]
        framing: Option<String>,
        /// With a dossier: the assessment of the later phase to use, when several are approved.
        #[arg(long, value_name = "ID")]
        achieved: Option<String>,
        /// When the two assessments are on different grids: the crosswalk file that relates
        /// them (the catalogue's otherwise).
        #[arg(long, value_name = "FILE")]
        crosswalk: Option<String>,
        #[command(flatten)]
        names: NameArgs,
        /// Report format: text, markdown or json.
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
        /// Report language.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Print the JSON Schema of a file kind or of a JSON output.
    Schema {
        /// What to describe.
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Inter-rater agreement (Krippendorff's alpha) on a CSV table of ratings with a header
    /// and the columns `unit,rater,value` (a missing rating is an absent row).
    Agree {
        /// The CSV file (`-` for standard input).
        csv: String,
        /// The level of measurement of the values.
        #[arg(long, value_enum)]
        level: LevelArg,
        /// Add a bootstrap confidence interval computed from this many resamples.
        #[arg(long)]
        bootstrap: Option<u32>,
        /// The seed of the bootstrap (same seed, same interval).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The confidence level of the interval.
        #[arg(long, default_value_t = 0.95)]
        confidence: f64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Language of the text output and of the verdict.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Consolidate several assessments of the same grid: per-criterion distributions,
    /// divergences, scores by assessor and role, agreement between assessors.
    ///
    /// Given an evaluation dossier instead of files, consolidates the approved assessments of
    /// one phase (`--phase`).
    Consolidate {
        /// Assessment files (of one process, or of several processes rated by several
        /// assessors), or one evaluation dossier.
        #[arg(required = true)]
        assessments: Vec<String>,
        /// With a dossier: the phase whose approved assessments are consolidated.
        #[arg(long, value_name = "PHASE")]
        phase: Option<String>,
        /// When the assessments are on different grids: the crosswalk file that relates
        /// another grid to the first assessment's (the catalogue's otherwise).
        #[arg(long, value_name = "FILE")]
        crosswalk: Option<String>,
        #[command(flatten)]
        names: NameArgs,
        /// Report format.
        #[arg(long, value_enum, default_value_t = ConsolidateFormat::Text)]
        format: ConsolidateFormat,
        /// Report language.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Print a shell completion script: `repere completions bash > /etc/bash_completion.d/repere`
    /// (or zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a directory.
    Man {
        /// Write `repere.1` and `repere-COMMAND.1` into this directory instead.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite pages that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Signing keys of evaluation members, kept under `$REPERE_HOME/keys` (by default
    /// `$XDG_CONFIG_HOME/repere/keys` or `~/.config/repere/keys`).
    Key {
        #[command(subcommand)]
        action: dossier::KeyCommand,
    },
    /// Create an evaluation dossier: `evaluation.toml` (the process, the grid, the profile, the
    /// members with their roles and public keys, the phases), an empty trail, `assessments/`
    /// and `published/`.
    Init {
        /// The dossier's directory (created if missing; never over an existing dossier).
        dir: PathBuf,
        /// The grid: a built-in id (`id` or `id@version`) or a grid file.
        #[arg(long)]
        grid: String,
        /// A profile of the grid, by id (`default` for the built-in one); the grid's first
        /// profile otherwise.
        #[arg(long)]
        profile: Option<String>,
        /// The name of the process evaluated.
        #[arg(long)]
        title: String,
        #[command(flatten)]
        actor: dossier::ActorArgs,
        /// A member: `NAME:ROLE` (the public key read from `$REPERE_HOME/keys/NAME.pub`) or
        /// `NAME:ROLE:PUBLIC-KEY`. Repeat for each member.
        #[arg(long = "member", value_name = "NAME:ROLE[:KEY]", required = true)]
        members: Vec<String>,
        /// The phases planned, separated by commas (default: all five).
        #[arg(long, value_delimiter = ',', value_name = "PHASE,…")]
        phases: Vec<String>,
    },
    /// Start an assessment in a dossier at a phase: writes `assessments/ID.toml` (a template of
    /// the grid for the phase and the actor's role, a blank assessment for `repere fill`, or
    /// the ratings of an existing file), records the start, and prints the new id.
    Assess {
        /// The dossier's directory.
        dir: PathBuf,
        #[command(flatten)]
        actor: dossier::ActorArgs,
        /// The phase: framing, monitoring, closing, follow-up or impact.
        #[arg(long)]
        phase: String,
        /// Start from the ratings (targets, notes) of this assessment file, of the evaluation's
        /// grid.
        #[arg(long, value_name = "FILE", conflicts_with = "blank")]
        from: Option<String>,
        /// Write an assessment without ratings, for `repere fill FILE -o FILE` to go through
        /// criterion by criterion (a template's empty ratings count as answered for `fill`).
        #[arg(long)]
        blank: bool,
        /// The new assessment's id (default: the next free `PHASE-N`).
        #[arg(long)]
        id: Option<String>,
        /// The grid's file, when the evaluation's grid is not built in.
        #[arg(long)]
        grid: Option<String>,
        /// Language of the template's comments.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Submit an assessment for review: records its file's hash (the file must not change
    /// afterwards). Only its author submits it; it must check against the grid.
    Submit {
        /// The dossier's directory.
        dir: PathBuf,
        /// The assessment's id.
        id: String,
        #[command(flatten)]
        actor: dossier::ActorArgs,
        /// The grid's file, when the evaluation's grid is not built in.
        #[arg(long)]
        grid: Option<String>,
    },
    /// Review a submitted assessment: approve it, or send it back with a comment. A reviewer
    /// is never its author, and an independent assessment is never reviewed from a
    /// self-assessment role.
    Review {
        /// The dossier's directory.
        dir: PathBuf,
        /// The assessment's id.
        id: String,
        #[command(flatten)]
        actor: dossier::ActorArgs,
        #[command(flatten)]
        verdict: dossier::VerdictArgs,
        /// A comment (required with `--request-changes`).
        #[arg(long)]
        comment: Option<String>,
    },
    /// Publish an approved assessment: records it and writes its signed bundle
    /// `published/ID.vN/` (scorecard in HTML, Markdown and JSON, a copy of the assessment,
    /// `manifest.json`, `manifest.sig`); prints the bundle's directory.
    Publish {
        /// The dossier's directory.
        dir: PathBuf,
        /// The assessment's id.
        id: String,
        #[command(flatten)]
        actor: dossier::ActorArgs,
        /// The grid's file, when the evaluation's grid is not built in.
        #[arg(long)]
        grid: Option<String>,
        /// Language of the reports.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Correct a published assessment: starts its next version (a copy of its file, by the
    /// member correcting), which supersedes it once published; prints the new id.
    Correct {
        /// The dossier's directory.
        dir: PathBuf,
        /// The published assessment's id.
        id: String,
        #[command(flatten)]
        actor: dossier::ActorArgs,
        /// Why it is corrected (recorded in the trail).
        #[arg(long)]
        reason: String,
        /// The new version's id (default: `ROOT.vN`).
        #[arg(long)]
        new_id: Option<String>,
    },
    /// Show a dossier: each assessment (id, author, role, phase, state) and what each member
    /// may do next.
    Status {
        /// The dossier's directory.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Show a dossier's trail: every action, who took it and when.
    Log {
        /// The dossier's directory.
        dir: PathBuf,
        /// Output format: text, or json (the entries as recorded, signatures included).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Verify a dossier: the evaluation, every entry of the trail (sequence, hash chain,
    /// signature, workflow rules), the assessments' files and the published bundles. Exit 1
    /// naming each problem by file and entry.
    Verify {
        /// The dossier's directory.
        dir: PathBuf,
        /// Output format: text (problems on stderr), or json (on stdout; same exit code).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Show how the criteria of two grids relate: equivalent, broader, narrower, related
    /// (only equivalent links carry ratings), with where each link comes from.
    Crosswalk {
        /// One grid (a built-in id, `id@version`, or a file).
        from: String,
        /// The other grid.
        to: String,
        /// A crosswalk file, instead of the catalogue's.
        #[arg(long, value_name = "FILE")]
        crosswalk: Option<String>,
        /// Report format: text, markdown or json.
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
        /// Report language.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Score many assessments of one grid: one row per assessment (its dimensions, overall
    /// score, completeness), and how the processes compare. Inputs are assessment files,
    /// folders of them (evaluation dossiers included), or wide CSV tables
    /// `assessment,<criterion ids>` (a level id or a number per cell, blank = not assessed,
    /// `na` = not applicable). A bad file or row is reported, located, and the others are still
    /// scored; the exit code is then 1.
    Batch {
        /// Assessment files, folders, or `.csv` tables.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// The grid (a built-in id or a file).
        #[arg(long)]
        grid: String,
        /// A profile of the grid (by id), `default`, or a profile file; the grid's first
        /// profile otherwise.
        #[arg(long)]
        profile: Option<String>,
        /// Output format: csv (one row per assessment), jsonl, json (with the comparison
        /// across processes), html (heatmap, small multiples, ranking), xlsx (needs `-o`).
        #[arg(long, value_enum, default_value_t = observatory::BatchFormat::Csv)]
        format: observatory::BatchFormat,
        /// The CSV's last column: `completeness` (share of applicable criteria rated) or
        /// `coverage` (share of their weight rated).
        #[arg(long, value_enum, default_value_t = observatory::CompletenessArg::Count)]
        completeness: observatory::CompletenessArg,
        /// Report language (HTML, XLSX).
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Sensitivity of scores and ranks to the weights (SMAA-2): weight vectors drawn uniformly
    /// or around the profile's weights (seeded), or read from a CSV (one vector a row, columns
    /// named by criterion ids); per process, the share of draws in which it takes each rank,
    /// its central weights, its score range and band probabilities. For one assessment: its
    /// score's distribution and a one-at-a-time sweep of each weight.
    Sensitivity {
        /// Assessment files, folders, or `.csv` tables (as for `batch`).
        #[arg(required = true)]
        inputs: Vec<String>,
        /// The grid (a built-in id or a file).
        #[arg(long)]
        grid: String,
        /// The profile: it must compute an overall score.
        #[arg(long)]
        profile: Option<String>,
        /// How many weight vectors to draw.
        #[arg(long, conflicts_with = "weights_file")]
        draws: Option<usize>,
        /// The seed of the draws (same seed, same draws, on every platform).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Draw around the profile's weights (Dirichlet) with this total concentration; without
        /// it, uniformly on the simplex.
        #[arg(long)]
        concentration: Option<f64>,
        /// Read the weight vectors from this CSV instead of drawing them.
        #[arg(long, value_name = "CSV")]
        weights_file: Option<String>,
        /// Output format: text, csv (`process,expected_rank,rank1,…`), json, html.
        #[arg(long, value_enum, default_value_t = observatory::SensitivityFormat::Text)]
        format: observatory::SensitivityFormat,
        /// Report language.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Participant surveys: summarise responses per process and question, and fill the
    /// criteria a survey feeds in an assessment.
    Survey {
        #[command(subcommand)]
        action: survey::SurveyCommand,
    },
    /// Score the built-in example evaluations and write their reports (HTML and Markdown).
    Demo {
        /// The directory to write the reports into.
        #[arg(long, default_value = "repere-demo")]
        out: PathBuf,
        /// Report language.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        /// Overwrite reports that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Open a folder of assessments, or an evaluation dossier, in a local web app: fill,
    /// review and read evaluations in a browser over the same files. The first line printed
    /// is the address to open, with its access token; the app answers until Ctrl-C.
    Serve {
        /// The folder served (nothing outside it is reachable).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The address to listen on: the loopback address by default, so that only this
        /// machine reaches the app (and only with the token).
        #[arg(long, default_value = "127.0.0.1")]
        addr: std::net::IpAddr,
        /// The port; 0 lets the system choose a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The pages' language by default (the other is one click away).
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
}

/// The grid and profile to score with.
#[derive(Debug, Clone, Args)]
pub(crate) struct NameArgs {
    /// The grid (a built-in id or a file), when it is not the built-in grid the assessments
    /// name.
    #[arg(long)]
    pub(crate) grid: Option<String>,
    /// A profile of the grid (by id), `default`, or a profile file; the grid's first profile
    /// otherwise.
    #[arg(long)]
    pub(crate) profile: Option<String>,
}

/// Where a report goes.
#[derive(Debug, Clone, Args)]
pub(crate) struct OutputArgs {
    /// Write to this file instead of standard output (`-`: standard output). The file is
    /// written atomically and keeps the mode of the file it replaces.
    #[arg(short, long)]
    pub(crate) output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Text,
    Json,
}

/// Formats of `repere show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ShowFormat {
    Text,
    Markdown,
    Html,
    Json,
}

/// Levels of measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LevelArg {
    /// Categories without order (labels or numbers).
    Nominal,
    /// Ordered categories.
    Ordinal,
    /// Numbers whose differences are meaningful.
    Interval,
    /// Numbers with a true zero.
    Ratio,
}

impl LevelArg {
    pub(crate) fn core(self) -> repere_core::agreement::MeasurementLevel {
        match self {
            LevelArg::Nominal => repere_core::agreement::MeasurementLevel::Nominal,
            LevelArg::Ordinal => repere_core::agreement::MeasurementLevel::Ordinal,
            LevelArg::Interval => repere_core::agreement::MeasurementLevel::Interval,
            LevelArg::Ratio => repere_core::agreement::MeasurementLevel::Ratio,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConsolidateFormat {
    Text,
    Markdown,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompareFormat {
    Text,
    Markdown,
    Json,
}

/// Why a command failed: what to print and the exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    code: u8,
    report: Report,
}

/// What a failure prints.
#[derive(Debug)]
enum Report {
    /// A message of ours, printed after `error: ` with control characters replaced.
    Message(String),
    /// Diagnostics already rendered (located, escaped): `shown` as printed (maybe coloured),
    /// `plain` without colour, for JSON and other non-terminal uses.
    Rendered {
        /// As printed on standard error.
        shown: String,
        /// Without colour codes.
        plain: String,
    },
    /// Nothing: standard output was closed by its reader.
    Nothing,
}

impl Failure {
    /// Invalid input: exit code 1.
    pub(crate) fn input(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            report: Report::Message(message.into()),
        }
    }

    /// A usage error: exit code 2.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            report: Report::Message(message.into()),
        }
    }

    /// Located diagnostics of a file: exit code 1.
    pub(crate) fn diagnostics(e: &repere_toml::LoadError) -> Self {
        Self {
            code: 1,
            report: {
                let plain = e.render(false);
                let shown = if stderr_color() {
                    e.render(true)
                } else {
                    plain.clone()
                };
                Report::Rendered { shown, plain }
            },
        }
    }

    /// Standard output closed by its reader (`repere … | head`): the command ends quietly,
    /// with exit code 0, as the reader has all it wanted.
    pub(crate) fn closed_pipe() -> Self {
        Self {
            code: 0,
            report: Report::Nothing,
        }
    }

    /// A failure already reported on standard output (as with `check --format json`): only the
    /// exit code is left.
    pub(crate) fn silent(code: u8) -> Self {
        Self {
            code,
            report: Report::Nothing,
        }
    }

    /// The message, as it would be printed (diagnostics rendered without colour).
    pub(crate) fn message(&self) -> &str {
        match &self.report {
            Report::Message(m) | Report::Rendered { plain: m, .. } => m.trim_end(),
            Report::Nothing => "",
        }
    }

    /// Adds a line of context.
    pub(crate) fn context(mut self, line: String) -> Self {
        match &mut self.report {
            Report::Message(m) => *m = format!("{}\n  note: {line}", m.trim_end()),
            Report::Rendered { shown, plain } => {
                *shown = format!("{}\n  note: {line}", shown.trim_end());
                *plain = format!("{}\n  note: {line}", plain.trim_end());
            }
            Report::Nothing => {}
        }
        self
    }

    /// Prints the failure to standard error.
    pub(crate) fn print(&self) {
        match &self.report {
            Report::Message(m) => {
                io::eprint_line(&format!("error: {}", io::terminal_safe(m.trim_end())));
            }
            Report::Rendered { shown, .. } => io::eprint_line(shown.trim_end()),
            Report::Nothing => {}
        }
    }
}

/// The `--quiet` flag, set once at start.
static QUIET: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Whether notes (`wrote …`, `ok: …`, progress) are left out.
pub(crate) fn quiet() -> bool {
    QUIET.get().copied().unwrap_or(false)
}

/// The `--color` choice, set once at start, for diagnostics rendered deep in commands.
static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Whether stderr gets colours: `--color always`, or `auto` on a terminal with NO_COLOR unset
/// or empty.
pub(crate) fn stderr_color() -> bool {
    match COLOR.get().copied().unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => no_color_unset() && std::io::stderr().is_terminal(),
    }
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn main() -> ExitCode {
    // Ctrl-C or a termination signal: remove the temporary files in flight, so an interrupted
    // command leaves no half-written file behind (answers already saved stay saved; a lock is
    // released by the process's end, its file taken over by the next writer).
    let _ = ctrlc::set_handler(|| {
        repere_fs::remove_files_in_flight();
        std::process::exit(130);
    });
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            return match e.print() {
                Ok(()) => ExitCode::from(code),
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(code),
                Err(err) => {
                    io::stdout_failure(&err).print();
                    ExitCode::from(1)
                }
            };
        }
    };
    let _ = COLOR.set(cli.color);
    let _ = QUIET.set(cli.quiet);
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => no_color_unset() && std::io::stdout().is_terminal(),
    };
    match commands::run(cli.command, color) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            f.print();
            ExitCode::from(f.code)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
