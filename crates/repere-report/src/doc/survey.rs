//! The survey summary document ([`SurveySummaryDoc`]): answers per process and question,
//! favourable shares with their Wilson 95 % interval (`repere survey summarize`).

use repere_core::survey::{AnswerScale, Summary, SurveyDefinition};
use schemars::JsonSchema;
use serde::Serialize;

use crate::document::{Kind, Report};
use crate::i18n::ReportLang;

/// A survey summary (`repere-survey-summary/1`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct SurveySummaryDoc {
    /// Always `repere-survey-summary/1`.
    pub format: String,
    /// The language of the texts.
    pub lang: ReportLang,
    /// The responses file (`<stdin>` for standard input).
    pub file: String,
    /// The survey definition's id, when one was given.
    pub definition: Option<String>,
    /// The answers of the scale, lowest first: the definition's, or from the lowest to the
    /// highest answer seen in the file.
    pub scale: Vec<AnswerDoc>,
    /// The favourable answers without a definition (the two highest of the scale); with one,
    /// each question says its own.
    pub favourable: Vec<u32>,
    /// Per process and question, sorted by process then question (byte order).
    pub questions: Vec<QuestionRowDoc>,
    /// Per process, sorted by process; present with `--by process`.
    pub processes: Option<Vec<ProcessRowDoc>>,
    /// Only the columns `n`, `mean` and `top2` in CSV (the canonical form of the benchmark
    /// workload Q1); not part of the JSON.
    #[serde(skip)]
    #[schemars(skip)]
    pub core_columns: bool,
}

/// One answer of the scale.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AnswerDoc {
    /// Its code, as in the responses.
    pub code: u32,
    /// Its label in the report's language, when the definition gives one.
    pub label: Option<String>,
}

/// One question of one process.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct QuestionRowDoc {
    /// The process.
    pub process: String,
    /// The question's id.
    pub question: String,
    /// The question's text in the report's language, when the definition gives it.
    pub text: Option<String>,
    /// The number of answers.
    pub n: u64,
    /// The mean answer.
    pub mean: f64,
    /// How many gave each answer, from `scale-min` to `scale-max`.
    pub distribution: Vec<u64>,
    /// The lowest answer of `distribution`.
    pub scale_min: u32,
    /// The highest answer of `distribution`.
    pub scale_max: u32,
    /// The favourable answers of this question.
    pub favourable_answers: Vec<u32>,
    /// How many answers were favourable.
    pub favourable: u64,
    /// The favourable share, from 0 to 1 (`top2` when the favourable answers are the two
    /// highest).
    pub top2: f64,
    /// The lower bound of its Wilson 95 % interval.
    pub top2_low: f64,
    /// The upper bound.
    pub top2_high: f64,
}

/// One process.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ProcessRowDoc {
    /// The process.
    pub process: String,
    /// Its answers, all questions.
    pub n_answers: u64,
    /// Its distinct respondents.
    pub n_respondents: u64,
    /// The pooled mean of its answers.
    pub mean: f64,
}

impl SurveySummaryDoc {
    /// The document of a summary of the responses in `file`, with the texts of `definition`
    /// in `lang`; `by_process` adds the table per process.
    pub fn new(
        file: &str,
        summary: &Summary,
        definition: Option<&SurveyDefinition>,
        by_process: bool,
        lang: ReportLang,
    ) -> Self {
        let core_lang = lang.lang();
        let fallback = repere_core::Lang::fr();
        let question_of = |id: &str| definition.and_then(|d| d.question(id));
        let questions: Vec<QuestionRowDoc> = summary
            .questions
            .iter()
            .map(|r| {
                let own = question_of(&r.question);
                let (scale_min, scale_max) = own.map_or(
                    (
                        summary.scale.0,
                        summary.scale.0 + r.distribution.len().saturating_sub(1) as u32,
                    ),
                    |q| q.scale.codes(),
                );
                QuestionRowDoc {
                    process: r.process.clone(),
                    question: r.question.clone(),
                    text: own
                        .map(|q| q.text.get(&core_lang, &fallback).to_owned())
                        .filter(|t| !t.is_empty()),
                    n: r.n,
                    mean: r.mean,
                    distribution: r.distribution.clone(),
                    scale_min,
                    scale_max,
                    favourable_answers: own
                        .map_or_else(|| summary.favourable.clone(), |q| q.favourable.clone()),
                    favourable: r.favourable,
                    top2: r.share,
                    top2_low: r.share_low,
                    top2_high: r.share_high,
                }
            })
            .collect();
        let (low, high) = questions
            .iter()
            .fold((summary.scale.0, summary.scale.1), |(l, h), q| {
                (l.min(q.scale_min), h.max(q.scale_max))
            });
        let labels: Option<&AnswerScale> = definition
            .and_then(|d| d.questions.first())
            .map(|q| &q.scale)
            .filter(|s| s.codes() == (low, high));
        let scale = (low..=high)
            .map(|code| AnswerDoc {
                code,
                label: labels.and_then(|s| match s {
                    AnswerScale::Likert { labels, .. } => labels
                        .get(code.saturating_sub(1) as usize)
                        .map(|t| t.get(&core_lang, &fallback).to_owned()),
                    AnswerScale::Choice { options } => options
                        .get(code.saturating_sub(1) as usize)
                        .map(|t| t.get(&core_lang, &fallback).to_owned()),
                    AnswerScale::YesNo => Some(
                        match (code, lang) {
                            (1, ReportLang::Fr) => "oui",
                            (1, _) => "yes",
                            (_, ReportLang::Fr) => "non",
                            _ => "no",
                        }
                        .to_owned(),
                    ),
                    _ => None,
                }),
            })
            .collect();
        Self {
            format: Kind::SurveySummary.format_tag().to_owned(),
            lang,
            file: file.to_owned(),
            definition: definition.map(|d| d.id.to_string()),
            scale,
            favourable: summary.favourable.clone(),
            questions,
            processes: by_process.then(|| {
                summary
                    .processes
                    .iter()
                    .map(|p| ProcessRowDoc {
                        process: p.process.clone(),
                        n_answers: p.n_answers,
                        n_respondents: p.n_respondents,
                        mean: p.mean,
                    })
                    .collect()
            }),
            core_columns: false,
        }
    }

    /// The same document whose CSV holds only `n`, `mean` and `top2` (the canonical form of
    /// the benchmark workload Q1).
    #[must_use]
    pub fn with_core_columns(mut self, core: bool) -> Self {
        self.core_columns = core;
        self
    }
}

impl Report for SurveySummaryDoc {
    const KIND: Kind = Kind::SurveySummary;
    fn lang(&self) -> ReportLang {
        self.lang
    }
}
