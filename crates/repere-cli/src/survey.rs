//! `repere survey`: participant surveys. `summarize` counts the answers of a response file
//! per process and question; `apply` fills the criteria a survey definition feeds in an
//! assessment file. The reading is [`repere_table::survey`], the statistics
//! [`repere_core::survey`], the outputs [`repere_report::SurveySummaryDoc`].

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use repere_core::survey::{SurveyDefinition, summarize};
use repere_report::{Format, SurveySummaryDoc};
use repere_table::survey::read_responses;

use crate::io::{input, print, read_text, table_failure};
use crate::{Failure, LangArg};

/// At most this many threads read a file.
const MAX_THREADS: usize = 8;

/// The survey commands.
#[derive(Debug, Subcommand)]
pub(crate) enum SurveyCommand {
    /// Summarise survey responses per process and question: `n`, `mean`, the distribution,
    /// and the favourable share `top2` with its Wilson 95% interval (`top2_low`,
    /// `top2_high`); with `--by process`, per process `n_answers`, `n_respondents`, `mean`.
    /// Responses are long (`respondent,process,question,answer`) or wide
    /// (`respondent,process,<question ids>`, a blank cell = skipped).
    Summarize {
        /// The responses' CSV file (`-` for standard input).
        responses: String,
        /// A survey definition (TOML, `kind = "survey"`): question texts, scales and
        /// favourable answers. Without one, answers are integers on the scale of the values
        /// seen and the favourable answers are its two highest.
        #[arg(long, value_name = "FILE")]
        definition: Option<String>,
        /// Add the table per process.
        #[arg(long, value_enum)]
        by: Option<ByArg>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
        format: SummaryFormat,
        /// CSV with the columns `process,question,n,mean,top2` only (the canonical form of
        /// the benchmark workload Q1).
        #[arg(long)]
        core_columns: bool,
        /// Report language (text and HTML).
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        #[command(flatten)]
        out: crate::OutputArgs,
    },
    /// Fill the criteria a survey definition feeds, for one process, in an assessment file:
    /// data source `survey`, evidence naming the responses' file, its SHA-256, `n` and the
    /// interval. A criterion below the minimum of respondents stays not assessed, with the
    /// reason. A rating made by hand is never replaced without `--force`.
    Apply {
        /// The responses' CSV file.
        responses: String,
        /// The survey definition (TOML, `kind = "survey"`) with its `[[feeds]]`.
        #[arg(long, value_name = "FILE")]
        definition: String,
        /// The process whose responses are used.
        #[arg(long)]
        process: String,
        /// The assessment file to fill (rewritten in place).
        #[arg(long, value_name = "ASSESSMENT")]
        into: PathBuf,
        /// Replace ratings made by hand too.
        #[arg(long)]
        force: bool,
        /// The grid (a built-in id or a file), when it is not the built-in grid the
        /// assessment names.
        #[arg(long)]
        grid: Option<String>,
    },
}

/// What to group by beyond process and question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ByArg {
    /// A table per process too.
    Process,
}

/// The formats of `survey summarize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SummaryFormat {
    /// Terminal text.
    Text,
    /// CSV: the table per process and question, then the table per process.
    Csv,
    /// JSON (`repere-survey-summary/1`, `repere schema survey-summary`).
    Json,
    /// A self-contained HTML page with diverging stacked bars.
    Html,
}

/// Runs a survey command.
pub(crate) fn run(command: SurveyCommand) -> Result<(), Failure> {
    match command {
        SurveyCommand::Summarize {
            responses,
            definition,
            by,
            format,
            core_columns,
            lang,
            out,
        } => {
            let definition = definition.as_deref().map(load_definition).transpose()?;
            let source = input(&responses);
            let read =
                read_responses(&source, definition.as_ref(), threads()).map_err(table_failure)?;
            let summary = summarize(&read.tally, definition.as_ref());
            let doc = SurveySummaryDoc::new(
                &source.name(),
                &summary,
                definition.as_ref(),
                by.is_some(),
                lang.report(),
            )
            .with_core_columns(core_columns);
            let format = match format {
                SummaryFormat::Text => Format::Text,
                SummaryFormat::Csv => Format::Csv,
                SummaryFormat::Json => Format::Json,
                SummaryFormat::Html => Format::Html,
            };
            crate::commands::emit(&crate::commands::rendered(&doc, format, false)?, &out)
        }
        SurveyCommand::Apply {
            responses,
            definition,
            process,
            into,
            force,
            grid,
        } => apply(
            &responses,
            &definition,
            &process,
            &into,
            force,
            grid.as_deref(),
        ),
    }
}

fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, MAX_THREADS)
}

/// Loads a survey definition file.
fn load_definition(path: &str) -> Result<SurveyDefinition, Failure> {
    let source = input(path);
    let text = read_text(&source)?;
    repere_toml::load_survey(&source.name(), &text).map_err(|e| Failure::diagnostics(&e))
}

/// The start of the evidence reference of a rating made by `repere survey apply`: a rating
/// without such evidence was made by hand.
const SURVEY_EVIDENCE: &str = "survey:";

/// `repere survey apply`.
fn apply(
    responses: &str,
    definition: &str,
    process: &str,
    into: &Path,
    force: bool,
    grid: Option<&str>,
) -> Result<(), Failure> {
    use repere_core::survey::{NotAssessedReason, Outcome, feed};
    use repere_core::{Evidence, Rating, RatingValue, ScaleKind, Value};

    let definition = load_definition(definition)?;
    if definition.mappings.is_empty() {
        return Err(Failure::input(format!(
            "survey `{}` feeds no criterion: add `[[feeds]]` to its definition",
            definition.id
        )));
    }
    let into_arg = into.to_string_lossy().into_owned();
    let parsed = crate::resolve::parsed_assessment(&into_arg)?;
    let given = grid.map(crate::resolve::grid).transpose()?;
    let grid = crate::resolve::grid_for(&parsed, given.as_ref())?;
    let mut assessment = parsed
        .resolve(&grid)
        .map_err(|e| Failure::diagnostics(&e))?;
    if let Some(named) = &definition.grid
        && named.as_str() != grid.id().as_str()
    {
        return Err(Failure::input(format!(
            "survey `{}` feeds grid `{named}`, but {} is an assessment of grid `{}`",
            definition.id,
            into.display(),
            grid.id()
        )));
    }
    let source = input(responses);
    let bytes = crate::io::read_bytes(&source, repere_table::survey::MAX_RESPONSES_BYTES)?;
    let digest = {
        use sha2::Digest as _;
        let hash = sha2::Sha256::digest(&bytes);
        hash.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let read = repere_table::survey::parse_responses(&source.name(), &bytes, Some(&definition))
        .map_err(table_failure)?;
    let summary = summarize(&read.tally, Some(&definition));
    if !summary.questions.iter().any(|r| r.process == process) {
        let known: Vec<&str> = summary
            .processes
            .iter()
            .map(|p| p.process.as_str())
            .collect();
        let hint = repere_core::closest(process, known.iter().copied())
            .map(|s| format!("; did you mean `{}`?", crate::io::quoted(s)))
            .unwrap_or_default();
        return Err(Failure::input(format!(
            "{}: no answers for process `{}`{hint}",
            source.name(),
            crate::io::quoted(process)
        )));
    }
    let fed = feed(&definition, &summary, process);
    // Check everything before changing anything.
    let mut refused = Vec::new();
    for f in &fed {
        let Some((_, criterion)) = grid.criterion(f.criterion.as_str()) else {
            return Err(Failure::input(format!(
                "grid `{}` has no criterion `{}` (survey `{}` feeds it)",
                grid.id(),
                f.criterion,
                definition.id
            )));
        };
        let kind = &grid.scale_of(criterion).kind;
        let fits = matches!(
            (&f.outcome, kind),
            (Outcome::Percentage(_), ScaleKind::Percentage)
                | (Outcome::Number(_), ScaleKind::Range { .. })
                | (Outcome::Level(_), ScaleKind::Ordinal(_))
                | (Outcome::NotAssessed(_), _)
        );
        if !fits {
            return Err(Failure::input(format!(
                "criterion `{}` is rated on a {} scale, which question `{}` cannot rate that way (use `share` for a percentage, `mean` for a range, `levels` for an ordinal scale)",
                f.criterion,
                grid.scale_of(criterion).kind_name(),
                f.question
            )));
        }
        let by_hand = assessment.ratings.iter().any(|r| {
            r.criterion == f.criterion
                && !r
                    .evidence
                    .iter()
                    .any(|e| e.reference.starts_with(SURVEY_EVIDENCE))
        });
        if by_hand && !force {
            refused.push(f.criterion.to_string());
        }
    }
    if !refused.is_empty() {
        return Err(Failure::input(format!(
            "{}: criteria rated by hand, left as they are: {}\n  help: add `--force` to replace them with the survey's ratings",
            into.display(),
            refused
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let file = source.name();
    let mut lines = Vec::new();
    for f in fed {
        let (value, summary_text) = match &f.outcome {
            Outcome::Percentage(p) => (RatingValue::Rated(Value::Number(*p)), None),
            Outcome::Number(x) => (RatingValue::Rated(Value::Number(*x)), None),
            Outcome::Level(l) => (RatingValue::Rated(Value::Level(l.clone())), None),
            Outcome::NotAssessed(NotAssessedReason::TooFewRespondents { n, min }) => (
                RatingValue::NotAssessed,
                Some(format!(
                    "not assessed: {n} respondents answered question `{}`, fewer than the minimum of {min}",
                    f.question
                )),
            ),
            _ => (RatingValue::NotAssessed, None),
        };
        let interval = f
            .share
            .map(|(p, low, high)| {
                format!(
                    ", favourable {:.1}% (Wilson 95% interval {:.1}%–{:.1}%), mean {:.2}",
                    p * 100.0,
                    low * 100.0,
                    high * 100.0,
                    f.mean.unwrap_or(0.0)
                )
            })
            .unwrap_or_default();
        let excerpt = format!(
            "question `{}`, process `{process}`: n = {}{interval}",
            f.question, f.n
        );
        let mut rating = Rating::new(f.criterion.clone(), value);
        rating.justification = Some(summary_text.clone().unwrap_or_else(|| {
            format!(
                "data source: survey `{}` ({})",
                definition.id,
                f.outcome_name()
            )
        }));
        rating.evidence = vec![Evidence {
            reference: format!("{SURVEY_EVIDENCE} {file} (sha256:{digest})"),
            excerpt: Some(excerpt.clone()),
            date: None,
            collected_by: Some(format!("repere survey apply, survey `{}`", definition.id)),
        }];
        assessment.ratings.retain(|r| r.criterion != f.criterion);
        assessment.ratings.push(rating);
        lines.push(format!(
            "{}: {}",
            f.criterion,
            summary_text.unwrap_or(excerpt)
        ));
    }
    // The grid's order.
    let order: Vec<String> = grid.criteria().map(|(_, c)| c.id.to_string()).collect();
    assessment.ratings.sort_by_key(|r| {
        order
            .iter()
            .position(|c| c == r.criterion.as_str())
            .unwrap_or(usize::MAX)
    });
    let text = repere_toml::assessment_to_toml(&assessment);
    crate::io::write_file(into, &text, true)?;
    let mut out = format!("{} updated from {file}:\n", into.display());
    for l in lines {
        out.push_str("  ");
        out.push_str(&crate::io::terminal_safe(&l));
        out.push('\n');
    }
    print(&out)
}

/// The name of what a survey gives a criterion, for the justification.
trait OutcomeName {
    fn outcome_name(&self) -> &'static str;
}

impl OutcomeName for repere_core::survey::Fed {
    fn outcome_name(&self) -> &'static str {
        use repere_core::survey::Outcome;
        match self.outcome {
            Outcome::Percentage(_) => "favourable share",
            Outcome::Number(_) => "mean answer",
            Outcome::Level(_) => "level from the favourable share",
            _ => "not assessed",
        }
    }
}
