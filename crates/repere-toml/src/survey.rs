//! Survey definition files (`kind = "survey"`): questions, their answer scales and favourable
//! answers, and how they feed a grid's criteria ([`repere_core::survey`]).
//!
//! ```toml
//! kind = "survey"
//! format = 1
//! id = "e1-participants"
//! title = { fr = "Questionnaire des participants", en = "Participant questionnaire" }
//! grid = "fr.cndp.debat-public"
//! min-respondents = 30
//!
//! [[questions]]
//! id = "q1"
//! text = { fr = "J'ai pu exprimer mon point de vue", en = "I could express my views" }
//! scale = "likert"
//! points = 5
//! # favourable = [4, 5]   (the default: the two highest)
//!
//! [[feeds]]
//! criterion = "expression"
//! question = "q1"
//! use = "share"
//! ```
//!
//! ```
//! let text = "kind = 'survey'\nformat = 1\nid = 's'\ntitle = 'S'\n\n[[questions]]\nid = 'q1'\ntext = 'Q'\nscale = 'yes-no'\n";
//! let survey = repere_toml::load_survey("s.toml", text)?;
//! assert_eq!(survey.questions[0].favourable, [1]);
//! # Ok::<(), repere_toml::LoadError>(())
//! ```

use repere_core::survey::{AnswerScale, Feed, LevelThreshold, Mapping, Question, SurveyDefinition};
use repere_core::{Id, Lang, Path, ProblemKind, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::LoadError;
use crate::issue::Issue;
use crate::load::FileKind;
use crate::raw::LocalText;

/// A survey definition file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "Repère survey definition")]
pub struct SurveyFile {
    /// The kind of file: always `survey`.
    pub kind: SurveyKind,
    /// The file format version: `1`.
    pub format: u32,
    /// The survey's id.
    pub id: String,
    /// The language of plain texts (default `fr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_lang: Option<String>,
    /// The survey's title.
    pub title: LocalText,
    /// The grid whose criteria the survey feeds, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<String>,
    /// Below this many respondents to a question, the criteria it feeds stay not assessed
    /// (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_respondents: Option<u64>,
    /// Where the answers come from or what they illustrate (such as "synthesised to match
    /// published shares: illustrative").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<LocalText>,
    /// The questions, in order.
    #[serde(default)]
    pub questions: Vec<QuestionEntry>,
    /// How questions feed the grid's criteria.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feeds: Vec<FeedEntry>,
}

/// The `kind` of a survey file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum SurveyKind {
    /// A survey definition.
    #[serde(rename = "survey")]
    Survey,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuestionEntry {
    /// The question's id: the `question` value of long responses, a column of wide ones.
    pub id: String,
    /// The question as asked.
    pub text: LocalText,
    /// How it is answered: `likert` (1 to `points`), `yes-no` (1 yes, 0 no) or `choice` (1 to
    /// the number of `options`).
    pub scale: ScaleName,
    /// The points of a Likert scale (2 to 11; default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    /// The labels of a Likert scale's points, lowest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<LocalText>,
    /// The options of a single choice, in the order of their codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<LocalText>,
    /// The answers counted favourable (default: the two highest; yes for yes/no).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favourable: Option<Vec<u32>>,
}

/// The kinds of answer scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScaleName {
    /// A Likert scale.
    Likert,
    /// Yes or no.
    YesNo,
    /// One option among several.
    Choice,
}

/// How a question feeds a criterion.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FeedEntry {
    /// The criterion of the grid.
    pub criterion: String,
    /// The question.
    pub question: String,
    /// What the question gives: `share` (the favourable share in percent, for a percentage
    /// criterion), `mean` (the mean answer, for a range criterion), `levels` (thresholds on the
    /// favourable share into the levels of an ordinal criterion).
    #[serde(rename = "use")]
    pub use_: FeedName,
    /// For `levels`: the thresholds, lowest first, the first at 0.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<ThresholdEntry>,
    /// This criterion's own minimum of respondents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_respondents: Option<u64>,
}

/// The kinds of feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FeedName {
    /// The favourable share.
    Share,
    /// The mean answer.
    Mean,
    /// Levels from thresholds on the share.
    Levels,
}

/// A threshold into a level.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ThresholdEntry {
    /// The favourable share, in percent, from which the level is given.
    pub at_least: f64,
    /// The level's id on the criterion's scale.
    pub level: String,
}

/// Loads a survey definition file, reporting every problem located.
///
/// # Errors
///
/// A [`LoadError`] with every problem: syntax, unknown keys (with the closest known one),
/// types, ids, favourable answers off the scale, unknown questions, thresholds out of order.
pub fn load_survey(name: &str, text: &str) -> Result<SurveyDefinition, LoadError> {
    let text = crate::load::normalize_text(text);
    let src = crate::load::parse_source(name, &text)?;
    crate::load::expect(&src, FileKind::Survey)?;
    let file: SurveyFile = crate::load::deserialize_survey(&src)?;
    let (draft, issues) = from_raw(&file);
    match draft.map(SurveyDefinition::new) {
        Some(Ok(survey)) if issues.is_empty() => Ok(survey),
        Some(Err(more)) => {
            let mut issues = issues;
            issues.extend(more.into_vec().into_iter().map(Issue::from));
            Err(crate::load::located(&src, issues))
        }
        _ => Err(crate::load::located(&src, issues)),
    }
}

/// Converts the file into a draft definition, with the problems of ids and languages.
fn from_raw(file: &SurveyFile) -> (Option<SurveyDefinition>, Vec<Issue>) {
    let mut issues = Vec::new();
    let root = Path::root();
    let lang = file
        .default_lang
        .as_deref()
        .map_or_else(|| Ok(Lang::fr()), |l| Lang::new(l.to_owned()));
    let lang = match lang {
        Ok(l) => l,
        Err(e) => {
            issues.push(Issue::model(
                root.key("default-lang"),
                ProblemKind::InvalidId(e),
            ));
            Lang::fr()
        }
    };
    let id = |s: &str, path: Path, issues: &mut Vec<Issue>| match Id::new(s) {
        Ok(id) => Some(id),
        Err(e) => {
            issues.push(Issue::model(path, ProblemKind::InvalidId(e)));
            None
        }
    };
    let text = |t: &LocalText, path: Path, issues: &mut Vec<Issue>| match t {
        LocalText::Plain(s) => Text::new(lang.clone(), s.clone()),
        LocalText::ByLang(entries) => {
            let mut out = Text::empty();
            for (l, s) in entries {
                match Lang::new(l.clone()) {
                    Ok(l) => out.insert(l, s.clone()),
                    Err(e) => issues.push(Issue::model(path.id(l), ProblemKind::InvalidId(e))),
                }
            }
            out
        }
    };
    let survey_id = id(&file.id, root.key("id"), &mut issues);
    let title = text(&file.title, root.key("title"), &mut issues);
    let grid = file
        .grid
        .as_deref()
        .and_then(|g| id(g, root.key("grid"), &mut issues));
    let mut questions = Vec::new();
    for (i, q) in file.questions.iter().enumerate() {
        let path = root.key("questions").index(i);
        let Some(qid) = id(&q.id, path.key("id"), &mut issues) else {
            continue;
        };
        let path = root.key("questions").id(&qid);
        let scale = match q.scale {
            ScaleName::Likert => AnswerScale::Likert {
                points: q.points.unwrap_or(5),
                labels: q
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(k, l)| text(l, path.key("labels").index(k), &mut issues))
                    .collect(),
            },
            ScaleName::YesNo => AnswerScale::YesNo,
            ScaleName::Choice => AnswerScale::Choice {
                options: q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(k, l)| text(l, path.key("options").index(k), &mut issues))
                    .collect(),
            },
        };
        let mut favourable = q
            .favourable
            .clone()
            .unwrap_or_else(|| scale.default_favourable());
        favourable.sort_unstable();
        favourable.dedup();
        questions.push(Question {
            id: qid,
            text: text(&q.text, path.key("text"), &mut issues),
            scale,
            favourable,
        });
    }
    let mut mappings = Vec::new();
    for (i, f) in file.feeds.iter().enumerate() {
        let path = root.key("feeds").index(i);
        let criterion = id(&f.criterion, path.key("criterion"), &mut issues);
        let question = id(&f.question, path.key("question"), &mut issues);
        let feed = match f.use_ {
            FeedName::Share => Feed::Share,
            FeedName::Mean => Feed::Mean,
            FeedName::Levels => Feed::Levels(
                f.levels
                    .iter()
                    .enumerate()
                    .filter_map(|(k, t)| {
                        id(
                            &t.level,
                            path.key("levels").index(k).key("level"),
                            &mut issues,
                        )
                        .map(|level| LevelThreshold {
                            at_least: t.at_least,
                            level,
                        })
                    })
                    .collect(),
            ),
        };
        if let (Some(criterion), Some(question)) = (criterion, question) {
            mappings.push(Mapping {
                criterion,
                question,
                feed,
                min_respondents: f.min_respondents,
            });
        }
    }
    let draft = survey_id
        .filter(|_| issues.is_empty())
        .map(|id| SurveyDefinition {
            id,
            title,
            grid,
            questions,
            mappings,
            min_respondents: file.min_respondents.unwrap_or(30),
        });
    (draft, issues)
}
