//! Participant surveys: questions and their answer scales, the answers tallied by process
//! and question, favourable shares with their Wilson 95 % interval, means, and how a
//! question feeds a criterion of a grid.
//!
//! Pure: the answers come in as counts ([`Tally`]), already read by a caller (the
//! `repere-table` crate reads CSV files); nothing here reads, prints or knows a file format.
//!
//! ```
//! use repere_core::survey::{wilson_interval, Z95};
//! // 70 favourable answers out of 100: 70 %, between 60.4 % and 78.1 %.
//! let (low, high) = wilson_interval(70, 100, Z95).expect("n > 0");
//! assert!((low - 0.604_2).abs() < 1e-4 && (high - 0.781_0).abs() < 1e-4);
//! ```

use std::collections::BTreeMap;

use crate::problem::ItemKind;
use crate::{Id, Path, Problem, ProblemKind, Problems, Text};

/// The standard normal quantile of a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The largest answer code (answers are integers from 0 to this).
pub const MAX_ANSWER: u32 = 100;

/// The most points of a Likert scale.
pub const MAX_LIKERT_POINTS: u32 = 11;

/// The Wilson score interval of a share of `k` successes among `n`, at the normal quantile
/// `z` ([`Z95`] for 95 %); `None` when `n` is 0.
///
/// `(p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)`, with `p = k/n`. Unlike the normal
/// approximation it stays within [0, 1] and is not degenerate at 0 % or 100 %.
pub fn wilson_interval(k: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let k = k.min(n);
    let (nf, p) = (n as f64, k as f64 / n as f64);
    let z2 = z * z;
    let denominator = 1.0 + z2 / nf;
    let centre = p + z2 / (2.0 * nf);
    let half = z * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    let low = ((centre - half) / denominator).clamp(0.0, 1.0);
    let high = ((centre + half) / denominator).clamp(0.0, 1.0);
    // At the ends the bounds are exact.
    Some((
        if k == 0 { 0.0 } else { low },
        if k == n { 1.0 } else { high },
    ))
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AnswerScale {
    /// A Likert scale of `points` points, answered 1 to `points`; `labels` names them in
    /// order (empty, or one per point).
    Likert {
        /// The number of points (2 to [`MAX_LIKERT_POINTS`]).
        points: u32,
        /// The labels of the points, lowest first.
        labels: Vec<Text>,
    },
    /// Yes or no, answered 1 (yes) or 0 (no).
    YesNo,
    /// One option among several, answered 1 to the number of options.
    Choice {
        /// The options, in the order of their codes.
        options: Vec<Text>,
    },
}

impl AnswerScale {
    /// The lowest and highest answer codes.
    pub fn codes(&self) -> (u32, u32) {
        match self {
            AnswerScale::Likert { points, .. } => (1, *points),
            AnswerScale::YesNo => (0, 1),
            AnswerScale::Choice { options } => (1, options.len() as u32),
        }
    }

    /// The answers counted favourable when a question does not say: the two highest codes
    /// (yes for a yes/no question).
    pub fn default_favourable(&self) -> Vec<u32> {
        let (low, high) = self.codes();
        match self {
            AnswerScale::YesNo => vec![1],
            _ => (high.saturating_sub(1).max(low)..=high).collect(),
        }
    }
}

/// One question of a survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Its id, the column or `question` value of the responses.
    pub id: Id,
    /// Its wording, in French and English.
    pub text: Text,
    /// How it is answered.
    pub scale: AnswerScale,
    /// The answers counted favourable (sorted, no repeats).
    pub favourable: Vec<u32>,
}

/// What a question gives a criterion.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Feed {
    /// The favourable share, in percent, rates a percentage criterion.
    Share,
    /// The mean answer rates a range criterion.
    Mean,
    /// The favourable share, in percent, picks a level of an ordinal criterion: the last
    /// threshold it reaches (`at_least` in percent, increasing, the first 0).
    Levels(Vec<LevelThreshold>),
}

impl Feed {
    /// The feed's stable name: `share`, `mean`, `levels`.
    pub fn name(&self) -> &'static str {
        match self {
            Feed::Share => "share",
            Feed::Mean => "mean",
            Feed::Levels(_) => "levels",
        }
    }
}

/// One threshold of [`Feed::Levels`].
#[derive(Debug, Clone, PartialEq)]
pub struct LevelThreshold {
    /// The share, in percent, from which the level is given.
    pub at_least: f64,
    /// The level of the criterion's scale.
    pub level: Id,
}

/// How a question feeds a criterion of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// The criterion rated.
    pub criterion: Id,
    /// The question read.
    pub question: Id,
    /// What the question gives.
    pub feed: Feed,
    /// Below this many respondents who answered the question, the criterion stays not
    /// assessed (the survey's own minimum when `None`).
    pub min_respondents: Option<u64>,
}

/// A survey definition, validated ([`SurveyDefinition::new`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyDefinition {
    /// Its id.
    pub id: Id,
    /// Its title.
    pub title: Text,
    /// The grid whose criteria it feeds, by id, if it feeds one.
    pub grid: Option<Id>,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// How questions feed criteria.
    pub mappings: Vec<Mapping>,
    /// Below this many respondents to a question, a criterion it feeds stays not assessed.
    pub min_respondents: u64,
}

impl SurveyDefinition {
    /// Checks a definition, reporting every problem with its path (`questions[q1].favourable`,
    /// `criteria[inclusion-felt].question`…).
    ///
    /// # Errors
    ///
    /// Every problem found: repeated question ids, favourable answers outside the scale,
    /// scales without points, references to unknown questions, thresholds not increasing.
    pub fn new(draft: SurveyDefinition) -> Result<Self, Problems> {
        let mut problems = Vec::new();
        let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
        for question in &draft.questions {
            let path = Path::root().key("questions").id(&question.id);
            if seen.insert(question.id.as_str(), ()).is_some() {
                problems.push(Problem::new(
                    path.clone(),
                    ProblemKind::DuplicateId {
                        what: ItemKind::Question,
                        id: question.id.clone(),
                    },
                ));
            }
            let (low, high) = question.scale.codes();
            let points_ok = match &question.scale {
                AnswerScale::Likert { points, labels } => {
                    (2..=MAX_LIKERT_POINTS).contains(points)
                        && (labels.is_empty() || labels.len() == *points as usize)
                }
                AnswerScale::YesNo => true,
                AnswerScale::Choice { options } => {
                    (2..=MAX_ANSWER as usize).contains(&options.len())
                }
            };
            if !points_ok {
                problems.push(Problem::new(
                    path.key("scale"),
                    ProblemKind::BadAnswerScale {
                        question: question.id.clone(),
                    },
                ));
            }
            for &answer in &question.favourable {
                if answer < low || answer > high {
                    problems.push(Problem::new(
                        path.key("favourable"),
                        ProblemKind::AnswerOutsideScale {
                            question: question.id.clone(),
                            answer,
                            min: low,
                            max: high,
                        },
                    ));
                }
            }
        }
        for (i, mapping) in draft.mappings.iter().enumerate() {
            let path = Path::root().key("feeds").index(i);
            if draft.question(mapping.question.as_str()).is_none() {
                problems.push(Problem::new(
                    path.key("question"),
                    ProblemKind::UnknownReference {
                        what: ItemKind::Question,
                        id: mapping.question.clone(),
                        suggestion: crate::closest(
                            mapping.question.as_str(),
                            draft.questions.iter().map(|q| q.id.as_str()),
                        )
                        .and_then(|s| Id::new(s).ok()),
                    },
                ));
            }
            if let Feed::Levels(levels) = &mapping.feed {
                let mut previous: Option<f64> = None;
                for (k, t) in levels.iter().enumerate() {
                    let bad_first = k == 0 && t.at_least != 0.0;
                    let not_increasing = previous.is_some_and(|p| {
                        t.at_least.partial_cmp(&p) != Some(std::cmp::Ordering::Greater)
                    });
                    if bad_first || not_increasing || !(0.0..=100.0).contains(&t.at_least) {
                        problems.push(Problem::new(
                            path.key("levels").index(k),
                            ProblemKind::ThresholdsNotIncreasing {
                                value: t.at_least,
                                previous,
                            },
                        ));
                    }
                    previous = Some(t.at_least);
                }
            }
        }
        Problems::check(problems)?;
        Ok(draft)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id.as_str() == id)
    }
}

/// The answers of a file counted: per process and question, how many times each answer code
/// was given; per process, how many respondents. Built by a reader. Only the pairs answered
/// are held, so its size follows the file's, whatever the numbers of processes and questions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The process names, in the order of their ids.
    pub processes: Vec<String>,
    /// The question names, in the order of their ids.
    pub questions: Vec<String>,
    /// The (process, question) pairs answered, each once.
    pub cells: Vec<TallyCell>,
    /// Per process, the number of distinct respondents.
    pub respondents: Vec<u64>,
}

/// The answers of one process to one question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TallyCell {
    /// The process, by id (an index of [`Tally::processes`]).
    pub process: usize,
    /// The question, by id (an index of [`Tally::questions`]).
    pub question: usize,
    /// `counts[answer]`: how many times the answer code was given (codes above the highest
    /// given may be left out).
    pub counts: Vec<u64>,
}

/// The summary of one question for one process.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionSummary {
    /// The process.
    pub process: String,
    /// The question.
    pub question: String,
    /// The number of answers.
    pub n: u64,
    /// The mean answer.
    pub mean: f64,
    /// How many gave each answer of the scale, lowest first.
    pub distribution: Vec<u64>,
    /// How many answers were favourable.
    pub favourable: u64,
    /// The favourable share (`top2` when the favourable answers are the two highest).
    pub share: f64,
    /// The Wilson 95 % interval of the share.
    pub share_low: f64,
    /// Its upper bound.
    pub share_high: f64,
}

/// The summary of one process.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessSummary {
    /// The process.
    pub process: String,
    /// The number of answers, all questions.
    pub n_answers: u64,
    /// The number of distinct respondents.
    pub n_respondents: u64,
    /// The pooled mean of all its answers (not the mean of question means).
    pub mean: f64,
}

/// A survey summarised: the scale of the answers and the rows, sorted by process then
/// question (byte order).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The lowest and highest answer codes of the scale (of the definition, or of the values
    /// seen).
    pub scale: (u32, u32),
    /// The favourable answers when the file was read without a definition (the two highest
    /// of the scale); with a definition, each question's own.
    pub favourable: Vec<u32>,
    /// Per process and question.
    pub questions: Vec<QuestionSummary>,
    /// Per process.
    pub processes: Vec<ProcessSummary>,
}

/// Summarises a tally. Without a definition the scale is that of the values seen (from the
/// lowest to the highest answer given) and the favourable answers are its two highest; with
/// one, each question's scale and favourable answers (a question the definition does not
/// know uses the scale of the values seen).
pub fn summarize(tally: &Tally, definition: Option<&SurveyDefinition>) -> Summary {
    fn name(names: &[String], i: usize) -> &str {
        names.get(i).map_or("", String::as_str)
    }
    // The pairs in the order of the rows, repeats merged.
    let mut cells: Vec<&TallyCell> = tally.cells.iter().collect();
    cells.sort_by(|a, b| {
        (
            name(&tally.processes, a.process),
            name(&tally.questions, a.question),
        )
            .cmp(&(
                name(&tally.processes, b.process),
                name(&tally.questions, b.question),
            ))
    });
    let mut merged: Vec<(usize, usize, Vec<u64>)> = Vec::with_capacity(cells.len());
    for c in cells {
        match merged.last_mut() {
            Some((p, q, counts)) if *p == c.process && *q == c.question => {
                if counts.len() < c.counts.len() {
                    counts.resize(c.counts.len(), 0);
                }
                for (a, &n) in c.counts.iter().enumerate() {
                    counts[a] += n;
                }
            }
            _ => merged.push((c.process, c.question, c.counts.clone())),
        }
    }
    merged.retain(|(_, _, counts)| counts.iter().any(|&n| n > 0));
    let mut seen_low = u32::MAX;
    let mut seen_high = 0u32;
    for (_, _, counts) in &merged {
        if let Some(first) = counts.iter().position(|&n| n > 0) {
            seen_low = seen_low.min(first as u32);
        }
        if let Some(last) = counts.iter().rposition(|&n| n > 0) {
            seen_high = seen_high.max(last as u32);
        }
    }
    if seen_low > seen_high {
        (seen_low, seen_high) = (1, 1);
    }
    let seen_favourable: Vec<u32> =
        (seen_high.saturating_sub(1).max(seen_low)..=seen_high).collect();
    let scale = match definition.and_then(|d| d.questions.first()) {
        Some(q)
            if definition.is_some_and(|d| {
                d.questions
                    .iter()
                    .all(|o| o.scale.codes() == q.scale.codes())
            }) =>
        {
            q.scale.codes()
        }
        _ => (seen_low, seen_high),
    };
    let own: std::collections::HashMap<&str, &Question> = definition
        .map(|d| d.questions.iter().map(|q| (q.id.as_str(), q)).collect())
        .unwrap_or_default();
    let mut rows = Vec::with_capacity(merged.len());
    let mut per_process: Vec<ProcessSummary> = Vec::new();
    for (p, q, cell) in &merged {
        let n: u64 = cell.iter().sum();
        let total: u64 = cell.iter().enumerate().map(|(a, &c)| a as u64 * c).sum();
        let process = name(&tally.processes, *p);
        match per_process.last_mut() {
            Some(last) if last.process == process => {
                last.n_answers += n;
                last.mean += total as f64; // the sum for now
            }
            _ => per_process.push(ProcessSummary {
                process: process.to_owned(),
                n_answers: n,
                n_respondents: tally.respondents.get(*p).copied().unwrap_or(0),
                mean: total as f64,
            }),
        }
        let question = name(&tally.questions, *q);
        let (low, high, favourable) = match own.get(question) {
            Some(question) => {
                let (l, h) = question.scale.codes();
                (l, h, question.favourable.clone())
            }
            None => (
                scale.0.min(seen_low),
                scale.1.max(seen_high),
                seen_favourable.clone(),
            ),
        };
        let k: u64 = favourable
            .iter()
            .map(|&a| cell.get(a as usize).copied().unwrap_or(0))
            .sum();
        let (share_low, share_high) = wilson_interval(k, n, Z95).unwrap_or((0.0, 1.0));
        rows.push(QuestionSummary {
            process: process.to_owned(),
            question: question.to_owned(),
            n,
            mean: total as f64 / n as f64,
            distribution: (low..=high)
                .map(|a| cell.get(a as usize).copied().unwrap_or(0))
                .collect(),
            favourable: k,
            share: k as f64 / n as f64,
            share_low,
            share_high,
        });
    }
    // Sums of integers below 2^53 are exact in a double: the pooled mean is one division.
    for p in &mut per_process {
        p.mean /= p.n_answers as f64;
    }
    Summary {
        scale,
        favourable: seen_favourable,
        questions: rows,
        processes: per_process,
    }
}

/// What a mapping gives a criterion for one process.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Outcome {
    /// A percentage (the favourable share × 100).
    Percentage(f64),
    /// A number on a range (the mean answer).
    Number(f64),
    /// A level of an ordinal scale.
    Level(Id),
    /// The criterion stays not assessed.
    NotAssessed(NotAssessedReason),
}

/// Why a survey leaves a criterion not assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotAssessedReason {
    /// Fewer respondents answered the question than the minimum.
    TooFewRespondents {
        /// How many answered.
        n: u64,
        /// The minimum.
        min: u64,
    },
}

/// One criterion fed by a survey for one process.
#[derive(Debug, Clone, PartialEq)]
pub struct Fed {
    /// The criterion.
    pub criterion: Id,
    /// The question.
    pub question: Id,
    /// The number of answers to the question.
    pub n: u64,
    /// The favourable answers.
    pub favourable: u64,
    /// The favourable share, its Wilson 95 % interval (when `n > 0`).
    pub share: Option<(f64, f64, f64)>,
    /// The mean answer, when `n > 0`.
    pub mean: Option<f64>,
    /// What the criterion gets.
    pub outcome: Outcome,
}

/// What a survey gives the criteria it feeds, for one process of a summary.
pub fn feed(definition: &SurveyDefinition, summary: &Summary, process: &str) -> Vec<Fed> {
    definition
        .mappings
        .iter()
        .map(|m| {
            let row = summary
                .questions
                .iter()
                .find(|r| r.process == process && r.question == m.question.as_str());
            let n = row.map_or(0, |r| r.n);
            let min = m.min_respondents.unwrap_or(definition.min_respondents);
            let outcome = match row {
                Some(r) if n >= min && n > 0 => match &m.feed {
                    Feed::Share => Outcome::Percentage(r.share * 100.0),
                    Feed::Mean => Outcome::Number(r.mean),
                    Feed::Levels(levels) => {
                        let percent = r.share * 100.0;
                        match levels.iter().rev().find(|t| percent >= t.at_least) {
                            Some(t) => Outcome::Level(t.level.clone()),
                            None => Outcome::NotAssessed(NotAssessedReason::TooFewRespondents {
                                n,
                                min,
                            }),
                        }
                    }
                },
                _ => Outcome::NotAssessed(NotAssessedReason::TooFewRespondents { n, min }),
            };
            Fed {
                criterion: m.criterion.clone(),
                question: m.question.clone(),
                n,
                favourable: row.map_or(0, |r| r.favourable),
                share: row.map(|r| (r.share, r.share_low, r.share_high)),
                mean: row.map(|r| r.mean),
                outcome,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wilson bounds against published values: Newcombe (1998), Statistics in Medicine 17,
    /// table I — 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611;
    /// 1/29 → 0.0061–0.1718.
    #[test]
    fn wilson_matches_newcombe() {
        for (k, n, low, high) in [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ] {
            let (l, h) = wilson_interval(k, n, Z95).unwrap();
            assert!((l - low).abs() < 5e-5, "{k}/{n}: {l}");
            assert!((h - high).abs() < 5e-5, "{k}/{n}: {h}");
        }
        assert_eq!(wilson_interval(0, 0, Z95), None);
        assert_eq!(wilson_interval(5, 5, Z95).unwrap().1, 1.0);
    }

    fn tally() -> Tally {
        // One process, two questions; q1: answers 1,2,4,4,5 (top2 = 3/5, mean 16/5);
        // q2: 3,3 (top2 = 0).
        let cell = |question: usize, answers: &[usize]| {
            let mut counts = vec![0; 6];
            for &a in answers {
                counts[a] += 1;
            }
            TallyCell {
                process: 0,
                question,
                counts,
            }
        };
        Tally {
            processes: vec!["p1".into()],
            questions: vec!["q2".into(), "q1".into()],
            cells: vec![cell(1, &[1, 2, 4, 4, 5]), cell(0, &[3, 3])],
            respondents: vec![5],
        }
    }

    #[test]
    fn shares_and_means_worked_by_hand() {
        let s = summarize(&tally(), None);
        assert_eq!(s.scale, (1, 5));
        assert_eq!(s.favourable, [4, 5]);
        let q1 = &s.questions[0];
        assert_eq!((q1.question.as_str(), q1.n, q1.favourable), ("q1", 5, 3));
        assert_eq!(q1.mean, 3.2);
        assert_eq!(q1.share, 0.6);
        assert_eq!(q1.distribution, [1, 1, 0, 2, 1]);
        let q2 = &s.questions[1];
        assert_eq!(
            (q2.share, q2.mean, q2.distribution.as_slice()),
            (0.0, 3.0, &[0, 0, 2, 0, 0][..])
        );
        let p = &s.processes[0];
        assert_eq!((p.n_answers, p.n_respondents), (7, 5));
        assert_eq!(p.mean, 22.0 / 7.0);
    }

    fn definition(min: u64) -> SurveyDefinition {
        let id = |s: &str| Id::new(s).unwrap();
        let likert = AnswerScale::Likert {
            points: 5,
            labels: Vec::new(),
        };
        SurveyDefinition::new(SurveyDefinition {
            id: id("s"),
            title: Text::empty(),
            grid: None,
            questions: vec![
                Question {
                    id: id("q1"),
                    text: Text::empty(),
                    favourable: likert.default_favourable(),
                    scale: likert.clone(),
                },
                Question {
                    id: id("q2"),
                    text: Text::empty(),
                    favourable: vec![3, 4, 5],
                    scale: likert,
                },
            ],
            mappings: vec![
                Mapping {
                    criterion: id("c-share"),
                    question: id("q1"),
                    feed: Feed::Share,
                    min_respondents: None,
                },
                Mapping {
                    criterion: id("c-mean"),
                    question: id("q1"),
                    feed: Feed::Mean,
                    min_respondents: None,
                },
                Mapping {
                    criterion: id("c-level"),
                    question: id("q2"),
                    feed: Feed::Levels(vec![
                        LevelThreshold {
                            at_least: 0.0,
                            level: id("low"),
                        },
                        LevelThreshold {
                            at_least: 50.0,
                            level: id("mid"),
                        },
                        LevelThreshold {
                            at_least: 100.0,
                            level: id("high"),
                        },
                    ]),
                    min_respondents: Some(2),
                },
            ],
            min_respondents: min,
        })
        .unwrap()
    }

    #[test]
    fn thresholds_and_minimum_respondents() {
        let d = definition(5);
        let s = summarize(&tally(), Some(&d));
        let fed = feed(&d, &s, "p1");
        assert_eq!(fed[0].outcome, Outcome::Percentage(60.0));
        assert_eq!(fed[1].outcome, Outcome::Number(3.2));
        // q2 counts 3, 4, 5 favourable: 2/2 = 100 % reaches `high`.
        assert_eq!(fed[2].outcome, Outcome::Level(Id::new("high").unwrap()));
        let d = definition(6);
        let fed = feed(&d, &summarize(&tally(), Some(&d)), "p1");
        assert_eq!(
            fed[0].outcome,
            Outcome::NotAssessed(NotAssessedReason::TooFewRespondents { n: 5, min: 6 })
        );
        // Its own minimum (2) holds for the third.
        assert!(matches!(fed[2].outcome, Outcome::Level(_)));
        // An absent process: not assessed with n = 0.
        let fed = feed(&d, &summarize(&tally(), Some(&d)), "p9");
        assert_eq!(
            fed[1].outcome,
            Outcome::NotAssessed(NotAssessedReason::TooFewRespondents { n: 0, min: 6 })
        );
    }

    #[test]
    fn bad_definitions_report_every_problem() {
        let mut d = definition(1);
        d.questions[1].id = Id::new("q1").unwrap();
        d.questions[0].favourable = vec![6];
        d.mappings[0].question = Id::new("q3").unwrap();
        let problems = SurveyDefinition::new(d).unwrap_err();
        let text: Vec<String> = problems.as_slice().iter().map(|p| p.to_string()).collect();
        // The favourable answer, the repeated id, and the two mappings whose question is gone.
        assert_eq!(text.len(), 4, "{text:?}");
        assert!(
            text[0].starts_with("questions[q1].favourable: question `q1` counts answer 6"),
            "{text:?}"
        );
        assert!(
            text[1].starts_with("questions[q1]: duplicate question id `q1`"),
            "{text:?}"
        );
        assert!(
            text[2].contains(
                "unknown question `q3` (help: a question with a similar name exists: `q1`)"
            ),
            "{text:?}"
        );
    }
}
