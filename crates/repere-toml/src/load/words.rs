//! The wording of what the loader finds wrong before the model is built: syntax errors, and
//! the typed deserialization errors of [`de`](super::de).
//!
//! Messages are built from the errors' fields, never by reading or rewriting another message.

use super::de::{DeError, DeIssue, Expectation, Found};
use crate::diagnostic::Diagnostic;

/// A diagnostic for a TOML syntax error.
///
/// The `toml` parser reports its errors as text and a span only; the text is kept as it is
/// (`duplicate key`, `invalid basic string, expected `"``), the span gives the place.
pub(crate) fn syntax_diagnostic(e: &toml::de::Error) -> Diagnostic {
    Diagnostic::error(e.message().trim()).with_span(place(e.span()))
}

/// A diagnostic for a deserialization error: what was found, what was expected and, when
/// obvious, how to write it (quotes, a close known name). `text` is the document.
pub(crate) fn de_diagnostic(e: &DeError, text: &str) -> Diagnostic {
    let span = place(e.span.clone());
    let written = span
        .as_ref()
        .and_then(|s| text.get(s.clone()))
        .unwrap_or("");
    let help = name_help(&e.issue).or_else(|| quoting_help(&e.issue, written));
    Diagnostic::error(de_message(&e.issue))
        .with_span(span)
        .with_help(help)
}

/// A span of the document, `None` for the document as a whole (`0..0`).
fn place(span: Option<std::ops::Range<usize>>) -> Option<std::ops::Range<usize>> {
    span.filter(|s| !(s.start == 0 && s.end == 0))
}

/// The English message of a deserialization error.
pub(crate) fn de_message(issue: &DeIssue) -> String {
    match issue {
        DeIssue::UnknownKey { key, expected } => {
            format!("unknown key `{key}`, {}", one_of(expected, "keys"))
        }
        DeIssue::UnknownValue { found, expected } => {
            format!("unknown value `{found}`, {}", one_of(expected, "values"))
        }
        DeIssue::MissingKey { key } => format!("missing key `{key}`"),
        DeIssue::DuplicateKey { key } => {
            format!("duplicate key `{key}`: a key can be given once per table")
        }
        DeIssue::InvalidType { found, expected } | DeIssue::InvalidValue { found, expected } => {
            match (found, expected) {
                (Found::Int(n), Expectation::Integer { min, max }) => out_of_range(n, *min, *max),
                (Found::UInt(n), Expectation::Integer { min, max }) => out_of_range(n, *min, *max),
                _ => {
                    let what = match issue {
                        DeIssue::InvalidType { .. } => "type",
                        _ => "value",
                    };
                    format!(
                        "invalid {what}: {}, expected {}",
                        found_words(found),
                        expected_words(expected)
                    )
                }
            }
        }
        DeIssue::InvalidLength { len, expected } => {
            format!("invalid length {len}, expected {expected}")
        }
        DeIssue::UnknownName {
            what,
            found,
            expected,
            ..
        } => format!(
            "unknown {} `{found}`, expected one of {}",
            words(what),
            quoted(expected)
        ),
        DeIssue::NotADate(e) => e.to_string(),
        DeIssue::DateWithTime { found } => {
            format!("`{found}` is not a date: expected a date without a time, such as 2020-11-16")
        }
        DeIssue::IntegerTooLarge { value } => format!("integer `{value}` is too large"),
        DeIssue::IntegerOverflow => "integer number overflowed".to_owned(),
        DeIssue::FloatOverflow => "floating-point number overflowed".to_owned(),
        DeIssue::Message(m) => m.clone(),
    }
}

fn out_of_range(n: &impl std::fmt::Display, min: i128, max: i128) -> String {
    format!("integer `{n}` is out of range: expected an integer from {min} to {max}")
}

/// The expected names as serde lists them: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(names: &[&str], things: &str) -> String {
    match names {
        [] => format!("there are no {things}"),
        [a] => format!("expected `{a}`"),
        [a, b] => format!("expected `{a}` or `{b}`"),
        _ => format!("expected one of {}", quoted(names)),
    }
}

/// "`a`, `b`, `c`".
fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn found_words(found: &Found) -> String {
    match found {
        Found::Bool(b) => format!("boolean `{b}`"),
        Found::Int(n) => format!("integer `{n}`"),
        Found::UInt(n) => format!("integer `{n}`"),
        Found::Float(x) => format!("float `{}`", with_decimal_point(*x)),
        Found::Str(s) => format!("string {s:?}"),
        Found::Array => "array".to_owned(),
        Found::Table => "table".to_owned(),
        Found::Other(s) => s.clone(),
    }
}

/// A float as serde shows it: `1.0` rather than `1`.
fn with_decimal_point(x: f64) -> String {
    let s = x.to_string();
    if x.is_finite() && !s.contains('.') {
        s + ".0"
    } else {
        s
    }
}

fn expected_words(expected: &Expectation) -> String {
    match expected {
        Expectation::Integer { min, max } => format!("an integer from {min} to {max}"),
        Expectation::Number => "a number".to_owned(),
        Expectation::String => "a string".to_owned(),
        Expectation::Array => "an array".to_owned(),
        Expectation::Described(s) => s.clone(),
    }
}

/// For a name that is not one of those expected, the closest one.
fn name_help(issue: &DeIssue) -> Option<String> {
    match issue {
        DeIssue::UnknownKey { key, expected } => {
            closest(key, expected).map(|s| format!("a key with a similar name exists: `{s}`"))
        }
        DeIssue::UnknownValue { found, expected } => {
            closest(found, expected).map(|s| format!("a value with a similar name exists: `{s}`"))
        }
        DeIssue::UnknownName {
            what,
            suggestion: Some(s),
            ..
        } => Some(format!(
            "{} with a similar name exists: `{s}`",
            a_or_an(&words(what))
        )),
        _ => None,
    }
}

/// For an unknown key, the key of the table it looks like a misspelling of.
pub(crate) fn key_suggestion(issue: &DeIssue) -> Option<&'static str> {
    match issue {
        DeIssue::UnknownKey { key, expected } => closest(key, expected),
        _ => None,
    }
}

fn closest(name: &str, names: &[&'static str]) -> Option<&'static str> {
    repere_core::closest(name, similar_lengths(name, names.iter().copied()))
}

/// For a value of the wrong type only because of quotes, how to write it. `written` is the
/// value as written in the file.
fn quoting_help(issue: &DeIssue, written: &str) -> Option<String> {
    let DeIssue::InvalidType { found, expected } = issue else {
        return None;
    };
    if written.is_empty() || written.len() > 64 {
        return None;
    }
    if *expected == Expectation::String && !written.starts_with(['"', '\'', '[', '{']) {
        return Some(format!("write it in quotes: `\"{written}\"`"));
    }
    let unquoted = written.trim_matches(['"', '\'']);
    let numeric = matches!(expected, Expectation::Integer { .. } | Expectation::Number);
    if matches!(found, Found::Str(_)) && numeric && unquoted.parse::<f64>().is_ok() {
        return Some(format!("write the number without quotes: `{unquoted}`"));
    }
    None
}

/// The candidates whose length is within the edit distance of a suggestion (3) of `name`'s:
/// the others cannot be suggested, and measuring the distance of a long hostile name to each
/// would be slow.
pub(crate) fn similar_lengths<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let n = name.chars().count();
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(n) <= 3)
        .collect()
}

/// `ProcessKind` → `process kind`.
fn words(type_name: &str) -> String {
    let mut out = String::new();
    for (i, c) in type_name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// `aggregation` → `an aggregation`.
fn a_or_an(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_reports_are_worded_from_their_fields() {
        let unknown = DeIssue::UnknownKey {
            key: "lable".to_owned(),
            expected: &["id", "label", "scale"],
        };
        assert_eq!(
            de_message(&unknown),
            "unknown key `lable`, expected one of `id`, `label`, `scale`"
        );
        assert_eq!(key_suggestion(&unknown), Some("label"));
        let big = DeIssue::InvalidValue {
            found: Found::Int(-12),
            expected: Expectation::Integer {
                min: 0,
                max: i128::from(u64::MAX),
            },
        };
        assert_eq!(
            de_message(&big),
            "integer `-12` is out of range: expected an integer from 0 to 18446744073709551615"
        );
        let float = DeIssue::InvalidType {
            found: Found::Float(2.0),
            expected: Expectation::String,
        };
        assert_eq!(
            de_message(&float),
            "invalid type: float `2.0`, expected a string"
        );
        assert_eq!(
            quoting_help(&float, "2.0").as_deref(),
            Some("write it in quotes: `\"2.0\"`")
        );
        let name = DeIssue::UnknownName {
            what: "Aggregation",
            found: "mean".to_owned(),
            expected: vec!["none", "weighted-mean"],
            suggestion: Some("weighted-mean"),
        };
        assert_eq!(
            name_help(&name).as_deref(),
            Some("an aggregation with a similar name exists: `weighted-mean`")
        );
    }
}
