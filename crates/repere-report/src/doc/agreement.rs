//! The agreement document ([`AgreementDoc`]): Krippendorff's alpha on a table of ratings
//! (`repere agree`), and its builder; the verdicts in words.

use std::sync::LazyLock;

use repere_core::agreement::{
    Alpha, BootstrapInterval, MeasurementLevel, RELIABLE_ALPHA, RatingTable, Reliability,
    TENTATIVE_ALPHA,
};
use schemars::JsonSchema;
use serde::Serialize;

use crate::code::{Code, Named};
use crate::document::{Kind, Report};
use crate::i18n::ReportLang;

impl Named for MeasurementLevel {
    const WHAT: &'static str = "MeasurementLevel";
    fn all() -> &'static [Self] {
        &MeasurementLevel::ALL
    }
    fn name(self) -> &'static str {
        MeasurementLevel::name(self)
    }
}

impl Named for Reliability {
    const WHAT: &'static str = "Reliability";
    fn all() -> &'static [Self] {
        &Reliability::ALL
    }
    fn name(self) -> &'static str {
        Reliability::name(self)
    }
}

/// How the table was read, beyond the table itself: what a reader of the file knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableFacts {
    /// Whether the values were read as labels (nominal level only) rather than numbers.
    pub labels: bool,
    /// Rows whose value was empty, read as missing ratings.
    pub empty_values: usize,
    /// Columns of the file other than unit, rater and value.
    pub ignored_columns: Vec<String>,
}

impl TableFacts {
    /// Facts of a table read from a file.
    pub fn new(labels: bool, empty_values: usize, ignored_columns: Vec<String>) -> Self {
        Self {
            labels,
            empty_values,
            ignored_columns,
        }
    }
}

/// An agreement report (`repere-agreement/1`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct AgreementDoc {
    /// Always `repere-agreement/1`.
    pub format: String,
    /// The language of the texts.
    pub lang: ReportLang,
    /// The file the ratings were read from (`<stdin>` for standard input).
    pub file: String,
    /// Always `krippendorff-alpha`.
    pub coefficient: String,
    /// The level of measurement.
    pub level: Code<MeasurementLevel>,
    /// Alpha.
    pub alpha: f64,
    /// Alpha rounded to three decimals, as text (`0.743`).
    pub alpha_3: String,
    /// Units: pairable (rated by two raters or more) and in all.
    pub units: UnitsDoc,
    /// Raters.
    pub raters: usize,
    /// Ratings (rows with a value).
    pub ratings: usize,
    /// Values in pairable units.
    pub pairable_values: usize,
    /// Distinct values among the pairable values.
    pub distinct_values: usize,
    /// Distinct values in the whole table.
    pub distinct_values_all: usize,
    /// `number` or `label`.
    pub value_kind: ValueKindDoc,
    /// The observed disagreement `D_o`, in units of `(2^k)²` where `k` is
    /// `disagreement-scale-exponent`.
    pub observed_disagreement: f64,
    /// The expected disagreement `D_e`, in the same units.
    pub expected_disagreement: f64,
    /// `k`: 0, unless interval values near ±1e308 made the disagreements too large to hold.
    pub disagreement_scale_exponent: i32,
    /// The bootstrap interval, when asked for.
    pub bootstrap: Option<IntervalDoc>,
    /// What the conventional thresholds say.
    pub interpretation: InterpretationDoc,
    /// Rows whose value was empty (missing ratings).
    pub empty_values: usize,
    /// Columns other than unit, rater and value.
    pub ignored_columns: Vec<String>,
}

/// Units of an agreement table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct UnitsDoc {
    /// Units rated by two raters or more.
    pub pairable: usize,
    /// All units.
    pub total: usize,
}

/// What the values of a table are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKindDoc {
    /// Numbers.
    Number,
    /// Labels, compared as exact strings.
    Label,
}

/// A bootstrap confidence interval.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct IntervalDoc {
    /// Always `percentile, resampling units`.
    pub method: String,
    /// Resamples drawn.
    pub resamples: u32,
    /// The seed.
    pub seed: u64,
    /// The confidence level, such as 0.95.
    pub confidence: f64,
    /// The lower bound.
    pub lower: f64,
    /// The upper bound.
    pub upper: f64,
    /// Resamples where alpha was undefined, left out.
    pub undefined: u32,
}

/// The conventional verdict.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct InterpretationDoc {
    /// `reliable`, `tentative` or `unreliable`.
    pub verdict: Code<Reliability>,
    /// The verdict in words, in the report's language.
    pub text: String,
    /// The thresholds.
    pub thresholds: ThresholdsDoc,
}

/// Krippendorff's conventional thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct ThresholdsDoc {
    /// α from which data are reliable (0.800).
    pub reliable: f64,
    /// α from which tentative conclusions may be drawn (0.667).
    pub tentative: f64,
}

/// The verdict on an alpha in words, with the thresholds it rests on
/// ([`RELIABLE_ALPHA`], [`TENTATIVE_ALPHA`]).
pub fn verdict_text(r: Reliability, lang: ReportLang) -> &'static str {
    /// The texts, by language (French, English) and verdict (reliable, tentative,
    /// unreliable), written once from the core's thresholds.
    static TEXTS: LazyLock<[[String; 3]; 2]> = LazyLock::new(|| {
        let [reliable, tentative] = thresholds(ReportLang::Fr);
        let fr = [
            format!("fiable (α ≥ {reliable})"),
            format!(
                "suffisant pour des conclusions provisoires seulement ({tentative} ≤ α < {reliable})"
            ),
            format!("pas fiable (α < {tentative})"),
        ];
        let [reliable, tentative] = thresholds(ReportLang::En);
        let en = [
            format!("reliable (α ≥ {reliable})"),
            format!("good enough for tentative conclusions only ({tentative} ≤ α < {reliable})"),
            format!("not reliable (α < {tentative})"),
        ];
        [fr, en]
    });
    let by_lang = match lang {
        ReportLang::Fr => &TEXTS[0],
        _ => &TEXTS[1],
    };
    match r {
        Reliability::Reliable => &by_lang[0],
        Reliability::Tentative => &by_lang[1],
        _ => &by_lang[2],
    }
}

/// Krippendorff's thresholds ([`RELIABLE_ALPHA`], [`TENTATIVE_ALPHA`]) written with three
/// decimals, as numbers are written in `lang`: `0.800` or `0,800`.
pub(crate) fn thresholds(lang: ReportLang) -> [String; 2] {
    [RELIABLE_ALPHA, TENTATIVE_ALPHA].map(|x| {
        let s = format!("{x:.3}");
        match lang {
            ReportLang::Fr => s.replace('.', ","),
            _ => s,
        }
    })
}

/// The verdict in a short form, for tables.
pub fn verdict_short(r: Reliability, lang: ReportLang) -> &'static str {
    match (r, lang) {
        (Reliability::Reliable, ReportLang::Fr) => "fiable",
        (Reliability::Reliable, _) => "reliable",
        (Reliability::Tentative, ReportLang::Fr) => "conclusions provisoires seulement",
        (Reliability::Tentative, _) => "tentative conclusions only",
        (_, ReportLang::Fr) => "accord insuffisant",
        _ => "insufficient agreement",
    }
}

impl AgreementDoc {
    /// Builds the report of an alpha computed on `table` (read from `file`), with its bootstrap
    /// interval when there is one.
    pub fn new(
        file: &str,
        table: &RatingTable,
        alpha: &Alpha,
        interval: Option<&BootstrapInterval>,
        facts: TableFacts,
        lang: ReportLang,
    ) -> Self {
        AgreementDoc {
            format: Kind::Agreement.format_tag().to_owned(),
            lang,
            file: file.to_owned(),
            coefficient: "krippendorff-alpha".to_owned(),
            level: Code(alpha.level),
            alpha: alpha.value,
            alpha_3: format!("{:.3}", alpha.value),
            units: UnitsDoc {
                pairable: alpha.units,
                total: table.units(),
            },
            raters: alpha.raters,
            ratings: table.len(),
            pairable_values: alpha.pairable_values,
            distinct_values: alpha.distinct_values,
            distinct_values_all: table.distinct_values(),
            value_kind: if facts.labels {
                ValueKindDoc::Label
            } else {
                ValueKindDoc::Number
            },
            observed_disagreement: alpha.observed_disagreement,
            expected_disagreement: alpha.expected_disagreement,
            disagreement_scale_exponent: alpha.scale_exponent,
            bootstrap: interval.map(IntervalDoc::new),
            interpretation: InterpretationDoc::new(alpha.value, lang),
            empty_values: facts.empty_values,
            ignored_columns: facts.ignored_columns,
        }
    }
}

impl IntervalDoc {
    fn new(ci: &BootstrapInterval) -> Self {
        IntervalDoc {
            method: "percentile, resampling units".to_owned(),
            resamples: ci.resamples,
            seed: ci.seed,
            confidence: ci.confidence,
            lower: ci.lower,
            upper: ci.upper,
            undefined: ci.undefined,
        }
    }
}

impl InterpretationDoc {
    fn new(alpha: f64, lang: ReportLang) -> Self {
        let verdict = Reliability::of(alpha);
        InterpretationDoc {
            verdict: Code(verdict),
            text: verdict_text(verdict, lang).to_owned(),
            thresholds: ThresholdsDoc {
                reliable: RELIABLE_ALPHA,
                tentative: TENTATIVE_ALPHA,
            },
        }
    }
}

impl Report for AgreementDoc {
    const KIND: Kind = Kind::Agreement;

    fn lang(&self) -> ReportLang {
        self.lang
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_written_from_the_core_thresholds() {
        use Reliability::{Reliable, Tentative, Unreliable};
        let en = |r| verdict_text(r, ReportLang::En);
        let fr = |r| verdict_text(r, ReportLang::Fr);
        assert_eq!(en(Reliable), "reliable (α ≥ 0.800)");
        assert_eq!(
            en(Tentative),
            "good enough for tentative conclusions only (0.667 ≤ α < 0.800)"
        );
        assert_eq!(en(Unreliable), "not reliable (α < 0.667)");
        assert_eq!(fr(Reliable), "fiable (α ≥ 0,800)");
        assert_eq!(
            fr(Tentative),
            "suffisant pour des conclusions provisoires seulement (0,667 ≤ α < 0,800)"
        );
        assert_eq!(fr(Unreliable), "pas fiable (α < 0,667)");
    }
}
