//! The agreement report (Krippendorff's alpha) as terminal text.

use std::fmt::Write as _;

use crate::doc::agreement::{AgreementDoc, IntervalDoc, ValueKindDoc, thresholds};
use crate::escape::terminal_line;
use crate::i18n::ReportLang;

/// A confidence level as a percentage without useless decimals (95, 99.5).
fn percent(confidence: f64) -> String {
    let rounded = (confidence * 1000.0).round() / 10.0;
    format!("{rounded}")
}

/// The labels of the text report, by language.
struct Words {
    /// The width of the label column, colon included.
    width: usize,
    /// The colon after a row's label (French sets a space before it).
    colon: &'static str,
    /// Between the bounds of an interval (French numbers have a decimal comma).
    between: &'static str,
    exact: &'static str,
    title: &'static str,
    level: &'static str,
    units: &'static str,
    pairable_of: &'static str,
    raters: &'static str,
    ratings: &'static str,
    pairable_values: &'static str,
    distinct: &'static str,
    in_all: [&'static str; 2],
    observed: &'static str,
    expected: &'static str,
    interval: &'static str,
    bootstrap: &'static str,
    undefined_left_out: &'static str,
    empty: &'static str,
    ignored: &'static str,
    interpretation: &'static str,
    /// With `{reliable}` and `{tentative}`, Krippendorff's thresholds.
    thresholds: &'static str,
    scaled: &'static str,
}

const FR: Words = Words {
    width: 23,
    colon: " :",
    between: " ; ",
    exact: "exacte",
    title: "Alpha de Krippendorff",
    level: "niveau",
    units: "unités",
    pairable_of: "appariables sur",
    raters: "évaluateurs",
    ratings: "notes",
    pairable_values: "valeurs appariables",
    distinct: "valeurs distinctes",
    in_all: ["nombres en tout", "libellés en tout"],
    observed: "D_o (observé)",
    expected: "D_e (attendu)",
    interval: "intervalle à {p} %",
    bootstrap: "bootstrap sur les unités : {n} rééchantillonnages, graine {seed}, méthode des percentiles",
    undefined_left_out: "rééchantillonnages indéfinis écartés",
    empty: "valeurs vides",
    ignored: "colonnes ignorées",
    interpretation: "Interprétation",
    thresholds: "selon les seuils conventionnels de Krippendorff ({reliable} fiable, {tentative} conclusions provisoires seulement, en dessous pas fiable) ; ces seuils sont des conventions, pas un test statistique.",
    scaled: "valeurs proches des limites des nombres flottants : désaccords en unités de",
};

const EN: Words = Words {
    width: 18,
    colon: ":",
    between: ", ",
    exact: "exact",
    title: "Krippendorff's alpha",
    level: "level",
    units: "units",
    pairable_of: "pairable of",
    raters: "raters",
    ratings: "ratings",
    pairable_values: "pairable values",
    distinct: "distinct values",
    in_all: ["numbers in all", "labels in all"],
    observed: "D_o (observed)",
    expected: "D_e (expected)",
    interval: "{p}% interval",
    bootstrap: "bootstrap over units: {n} resamples, seed {seed}, percentile method",
    undefined_left_out: "undefined resamples left out",
    empty: "empty values",
    ignored: "ignored columns",
    interpretation: "Interpretation",
    thresholds: "by Krippendorff's conventional thresholds ({reliable} reliable, {tentative} tentative conclusions only, below not reliable); these thresholds are conventions, not a statistical test.",
    scaled: "values near the limits of floating point: disagreements in units of",
};

/// The report as terminal text; texts from the file (its column names) go through
/// [`terminal_line`].
pub(crate) fn agreement(doc: &AgreementDoc) -> String {
    let w = if doc.lang == ReportLang::Fr { &FR } else { &EN };
    let mut out = String::new();
    let level = doc.level.name();
    let col = crate::i18n::colon(doc.lang);
    let num = |x: String| crate::i18n::decimals(doc.lang, &x);
    let _ = writeln!(
        out,
        "{} ({level}){col}{}   ({}{col}{})",
        w.title,
        num(doc.alpha_3.clone()),
        w.exact,
        num(doc.alpha.to_string())
    );
    row(&mut out, w, w.level, level.to_owned());
    counts(&mut out, doc, w);
    disagreements(&mut out, doc, w);
    if let Some(ci) = &doc.bootstrap {
        interval(&mut out, ci, w, doc.lang);
    }
    if doc.empty_values > 0 {
        row(&mut out, w, w.empty, doc.empty_values.to_string());
    }
    if !doc.ignored_columns.is_empty() {
        let names: Vec<String> = doc
            .ignored_columns
            .iter()
            .map(|c| format!("`{}`", terminal_line(c)))
            .collect();
        row(&mut out, w, w.ignored, names.join(", "));
    }
    let [reliable, tentative] = thresholds(doc.lang);
    let conventions = w
        .thresholds
        .replace("{reliable}", &reliable)
        .replace("{tentative}", &tentative);
    let _ = writeln!(
        out,
        "{}{col}{}, {conventions}",
        w.interpretation, doc.interpretation.text
    );
    out
}

/// One row of facts: `  label:           value`, labels padded to `width`.
fn row(out: &mut String, w: &Words, label: &str, value: String) {
    let width = w.width;
    let _ = writeln!(out, "  {:<width$}{value}", format!("{label}{}", w.colon));
}

/// Units, raters, ratings and values.
fn counts(out: &mut String, doc: &AgreementDoc, w: &Words) {
    let units = format!(
        "{} {} {}",
        doc.units.pairable, w.pairable_of, doc.units.total
    );
    row(out, w, w.units, units);
    row(out, w, w.raters, doc.raters.to_string());
    let ratings = format!(
        "{} ({} {})",
        doc.ratings, doc.pairable_values, w.pairable_values
    );
    row(out, w, w.ratings, ratings);
    let distinct = format!(
        "{} ({} {})",
        doc.distinct_values,
        doc.distinct_values_all,
        w.in_all[usize::from(doc.value_kind == ValueKindDoc::Label)]
    );
    row(out, w, w.distinct, distinct);
}

/// The observed and expected disagreements, with their unit when they are scaled.
fn disagreements(out: &mut String, doc: &AgreementDoc, w: &Words) {
    let unit = match doc.disagreement_scale_exponent {
        0 => String::new(),
        k => format!(" × 4^{k} ({} (2^{k})²)", w.scaled),
    };
    let num = |x: f64| crate::i18n::decimals(doc.lang, &x.to_string());
    row(
        out,
        w,
        w.observed,
        format!("{}{unit}", num(doc.observed_disagreement)),
    );
    row(
        out,
        w,
        w.expected,
        format!("{}{unit}", num(doc.expected_disagreement)),
    );
}

/// The bootstrap interval and how it was drawn.
fn interval(out: &mut String, ci: &IntervalDoc, w: &Words, lang: ReportLang) {
    let how = w
        .bootstrap
        .replace("{n}", &ci.resamples.to_string())
        .replace("{seed}", &ci.seed.to_string());
    let undefined = if ci.undefined > 0 {
        format!("; {} {}", ci.undefined, w.undefined_left_out)
    } else {
        String::new()
    };
    let bound = |x: f64| crate::i18n::decimals(lang, &format!("{x:.3}"));
    row(
        out,
        w,
        &w.interval.replace("{p}", &percent(ci.confidence)),
        format!(
            "[{}{}{}]   ({how}{undefined})",
            bound(ci.lower),
            w.between,
            bound(ci.upper)
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_short() {
        assert_eq!(percent(0.95), "95");
        assert_eq!(percent(0.995), "99.5");
        assert_eq!(percent(0.9), "90");
    }
}
