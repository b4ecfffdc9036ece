//! Scales: how a criterion is rated, and how a rating becomes a score between 0 and 1.

use std::fmt;

use crate::problem::{ItemKind, ProblemKind};
use crate::{Id, Lang, Path, Problem, Text};

/// A reusable rating scale of a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    /// The scale's id, by which criteria refer to it.
    pub id: Id,
    /// A short name, such as "Respected / Partly / Not respected".
    pub label: Text,
    /// The kind of scale and its parameters.
    pub kind: ScaleKind,
}

/// The kinds of scales practice uses.
#[derive(Debug, Clone, PartialEq)]
pub enum ScaleKind {
    /// Ordered levels (0-3, 1-4, low/moderate/high, met/partly/not met), lowest first.
    Ordinal(Vec<Level>),
    /// A number in a closed range, such as a mean satisfaction out of 10.
    Range {
        /// The lowest value (score 0).
        min: f64,
        /// The highest value (score 1).
        max: f64,
        /// The unit shown after values, such as `/10` or `€`.
        unit: Option<String>,
    },
    /// A share from 0 to 100 per cent, such as the share of participants who agree.
    Percentage,
    /// Yes or no, such as "deadline met".
    Boolean {
        /// The label of `true` (score 1).
        yes: Text,
        /// The label of `false` (score 0).
        no: Text,
    },
}

/// One level of an ordinal scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// The level's id, by which ratings name it (for example `respecte` or `2`).
    pub id: Id,
    /// The level's value; values increase strictly from the lowest level to the highest.
    pub value: i64,
    /// The level's label, such as "Mis en œuvre".
    pub label: Text,
    /// What the level means in general; criteria may give their own descriptor (rubric).
    pub descriptor: Text,
    /// How the descriptor is backed; when it says nothing, it inherits the grid's provenance
    /// (see [`Grid::level_descriptor_provenance`](crate::Grid::level_descriptor_provenance)).
    pub descriptor_backing: crate::Backing,
}

impl Level {
    /// A level with a label and no descriptor.
    pub fn new(id: Id, value: i64, label: Text) -> Self {
        Self {
            id,
            value,
            label,
            descriptor: Text::empty(),
            descriptor_backing: crate::Backing::default(),
        }
    }
}

/// A rated value, on the criterion's scale.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A level of an ordinal scale, by id.
    Level(Id),
    /// A number, for range and percentage scales.
    Number(f64),
    /// Yes or no, for boolean scales.
    Bool(bool),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Level(id) => write!(f, "{id}"),
            Value::Number(x) => write!(f, "{x}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// Why a value does not fit a scale.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// The level is not one of the scale's levels.
    #[error("unknown level `{found}`, expected one of {expected}")]
    UnknownLevel {
        /// The level given.
        found: String,
        /// The scale's level ids, quoted and comma-separated.
        expected: String,
        /// The closest level id, if the given one looks misspelled.
        suggestion: Option<Id>,
    },
    /// The number is outside the scale's range.
    #[error("`{found}` is outside the scale, expected a number from {min} to {max}")]
    OutOfRange {
        /// The number given.
        found: f64,
        /// The lowest accepted value.
        min: f64,
        /// The highest accepted value.
        max: f64,
    },
    /// The value is of the wrong kind (a number on an ordinal scale, for instance).
    #[error("a {found} does not fit a {scale} scale, expected {expected}")]
    WrongKind {
        /// What kind of value was given.
        found: &'static str,
        /// The kind of scale.
        scale: &'static str,
        /// What the scale takes.
        expected: &'static str,
    },
}

impl Scale {
    /// An ordinal scale.
    pub fn ordinal(id: Id, label: Text, levels: Vec<Level>) -> Self {
        Self {
            id,
            label,
            kind: ScaleKind::Ordinal(levels),
        }
    }

    /// The name of the scale's kind: `ordinal`, `range`, `percentage` or `boolean`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            ScaleKind::Ordinal(_) => "ordinal",
            ScaleKind::Range { .. } => "range",
            ScaleKind::Percentage => "percentage",
            ScaleKind::Boolean { .. } => "boolean",
        }
    }

    /// The ordinal levels, lowest first (empty for other kinds).
    pub fn levels(&self) -> &[Level] {
        match &self.kind {
            ScaleKind::Ordinal(levels) => levels,
            _ => &[],
        }
    }

    /// The level with this id, with its position.
    pub fn level(&self, id: &str) -> Option<(usize, &Level)> {
        self.levels()
            .iter()
            .enumerate()
            .find(|(_, l)| l.id.as_str() == id)
    }

    /// The normalised score of a value, from 0 (lowest) to 1 (highest).
    ///
    /// Ordinal: `(v − v_min) / (v_max − v_min)` with the levels' values; range:
    /// `(x − min) / (max − min)`; percentage: `x / 100`; boolean: 1 for yes, 0 for no.
    ///
    /// ```
    /// use repere_core::{Id, Lang, Level, Scale, Text, Value};
    /// let lvl = |id: &str, v| Level::new(Id::new(id).unwrap(), v, Text::new(Lang::en(), id));
    /// let s = Scale::ordinal(Id::new("s")?, Text::empty(), vec![lvl("low", 1), lvl("mid", 2), lvl("high", 3)]);
    /// assert_eq!(s.normalise(&Value::Level(Id::new("mid")?)), Ok(0.5));
    /// # Ok::<(), repere_core::IdError>(())
    /// ```
    pub fn normalise(&self, value: &Value) -> Result<f64, ValueError> {
        self.score_of(value).map(|(score, _)| score)
    }

    /// The normalised score of a value and, for a level, its position among the levels.
    pub(crate) fn score_of(&self, value: &Value) -> Result<(f64, Option<usize>), ValueError> {
        match (&self.kind, value) {
            (ScaleKind::Ordinal(levels), Value::Level(id)) => {
                let Some((pos, level)) = self.level(id.as_str()) else {
                    return Err(ValueError::UnknownLevel {
                        found: id.to_string(),
                        expected: levels
                            .iter()
                            .map(|l| format!("`{}`", l.id))
                            .collect::<Vec<_>>()
                            .join(", "),
                        suggestion: crate::closest(
                            id.as_str(),
                            levels.iter().map(|l| l.id.as_str()),
                        )
                        .and_then(|s| Id::new(s).ok()),
                    });
                };
                Ok((ordinal_score(levels, level), Some(pos)))
            }
            (ScaleKind::Range { min, max, .. }, Value::Number(x)) => {
                check_range(*x, *min, *max)?;
                Ok(((x - min) / (max - min), None))
            }
            (ScaleKind::Percentage, Value::Number(x)) => {
                check_range(*x, 0.0, 100.0)?;
                Ok((x / 100.0, None))
            }
            (ScaleKind::Boolean { .. }, Value::Bool(b)) => Ok((if *b { 1.0 } else { 0.0 }, None)),
            (_, v) => Err(ValueError::WrongKind {
                found: match v {
                    Value::Level(_) => "level",
                    Value::Number(_) => "number",
                    Value::Bool(_) => "yes/no value",
                },
                scale: self.kind_name(),
                expected: self.expects(),
            }),
        }
    }

    /// What values the scale takes, in words.
    pub fn expects(&self) -> &'static str {
        match self.kind {
            ScaleKind::Ordinal(_) => "a level id",
            ScaleKind::Range { .. } => "a number within the range",
            ScaleKind::Percentage => "a number from 0 to 100",
            ScaleKind::Boolean { .. } => "true or false",
        }
    }

    /// A short label of a value on this scale: the level's label, the number with its unit
    /// or `%`, or the yes/no label.
    pub fn value_label(&self, value: &Value, lang: &Lang, fallback: &Lang) -> String {
        match (&self.kind, value) {
            (ScaleKind::Ordinal(_), Value::Level(id)) => self.level(id.as_str()).map_or_else(
                || id.to_string(),
                |(_, l)| l.label.get(lang, fallback).to_owned(),
            ),
            (ScaleKind::Range { unit, .. }, Value::Number(x)) => {
                let mut s = String::with_capacity(16);
                push_number(&mut s, *x);
                if let Some(u) = unit {
                    s.push(' ');
                    s.push_str(u);
                }
                s
            }
            (ScaleKind::Percentage, Value::Number(x)) => {
                let mut s = String::with_capacity(16);
                push_number(&mut s, *x);
                s.push_str(" %");
                s
            }
            (ScaleKind::Boolean { yes, no }, Value::Bool(b)) => {
                if *b { yes } else { no }.get(lang, fallback).to_owned()
            }
            (_, v) => v.to_string(),
        }
    }

    /// Problems with the scale itself: fewer than two levels, values not strictly increasing,
    /// duplicate level ids, a range that is not finite, not increasing or too wide to compute
    /// `max − min`.
    pub(crate) fn problems(&self, path: &Path, out: &mut Vec<Problem>) {
        match &self.kind {
            ScaleKind::Ordinal(levels) => level_problems(levels, path, out),
            ScaleKind::Range { min, max, .. } => {
                let (min, max) = (*min, *max);
                if !min.is_finite() || !max.is_finite() {
                    out.push(Problem::new(
                        path.key("min"),
                        ProblemKind::RangeNotFinite { min, max },
                    ));
                } else if min >= max {
                    out.push(Problem::new(
                        path.key("max"),
                        ProblemKind::RangeNotIncreasing { min, max },
                    ));
                } else if !(max - min).is_finite() {
                    out.push(Problem::new(
                        path.key("max"),
                        ProblemKind::RangeTooWide { min, max },
                    ));
                }
            }
            ScaleKind::Percentage | ScaleKind::Boolean { .. } => {}
        }
    }
}

/// Problems with the levels of an ordinal scale: fewer than two, values not strictly
/// increasing, duplicate ids.
fn level_problems(levels: &[Level], path: &Path, out: &mut Vec<Problem>) {
    if levels.len() < 2 {
        out.push(Problem::new(
            path.key("levels"),
            ProblemKind::TooFewLevels {
                found: levels.len(),
            },
        ));
    }
    for (i, pair) in levels.windows(2).enumerate() {
        if pair[1].value <= pair[0].value {
            out.push(Problem::new(
                path.key("levels").id(&pair[1].id).key("value"),
                ProblemKind::LevelsNotIncreasing {
                    value: pair[1].value,
                    previous: pair[0].value,
                    position: i + 2,
                },
            ));
        }
    }
    for (i, l) in levels.iter().enumerate() {
        if levels[..i].iter().any(|o| o.id == l.id) {
            out.push(Problem::new(
                path.key("levels").id(&l.id),
                ProblemKind::DuplicateId {
                    what: ItemKind::Level,
                    id: l.id.clone(),
                },
            ));
        }
    }
}

/// The normalised score of `level`, one of `levels`: `(v − v_min) / (v_max − v_min)`, with
/// `v_max − v_min` taken as 1 for fewer than two levels (not a valid scale).
fn ordinal_score(levels: &[Level], level: &Level) -> f64 {
    let lo = levels.first().map_or(0, |l| l.value);
    let hi = levels.last().map_or(1, |l| l.value);
    let span = if hi > lo { difference(lo, hi) } else { 1.0 };
    difference(lo, level.value) / span
}

/// `b − a` as a float, exact when the difference fits an `i64`: the difference of two `i64`
/// values may not (levels at both ends of the range), hence `i128` then.
fn difference(a: i64, b: i64) -> f64 {
    match b.checked_sub(a) {
        Some(d) => d as f64,
        None => (i128::from(b) - i128::from(a)) as f64,
    }
}

fn check_range(x: f64, min: f64, max: f64) -> Result<(), ValueError> {
    if x.is_finite() && x >= min && x <= max {
        Ok(())
    } else {
        Err(ValueError::OutOfRange { found: x, min, max })
    }
}

/// Formats a number without a useless fractional part: `3`, `7.85`.
pub fn fmt_number(x: f64) -> String {
    let mut s = String::new();
    push_number(&mut s, x);
    s
}

/// Appends [`fmt_number`]'s text to `out`.
fn push_number(out: &mut String, x: f64) {
    use std::fmt::Write as _;
    if x.fract() == 0.0 && x.abs() < 1e15 {
        // Exact integers: the same text as `{x:.0}`, without the slow exact-decimal path.
        if x == 0.0 && x.is_sign_negative() {
            out.push_str("-0");
        } else {
            let _ = write!(out, "{}", x as i64);
        }
    } else {
        let start = out.len();
        let _ = write!(out, "{x:.3}");
        let kept = out[start..]
            .trim_end_matches('0')
            .trim_end_matches('.')
            .len();
        out.truncate(start + kept);
    }
}
