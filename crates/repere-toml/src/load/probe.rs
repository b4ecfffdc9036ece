//! Deserialization into the file types, reporting every error of a file at once.
//!
//! A file is deserialized whole; when that fails, the document is *probed*: each table (each
//! dimension, criterion, rating...) is deserialized on its own, without the keys probed on
//! their own, and after each error again without the key in error, so that every bad key of
//! every table is reported, then every required key missing.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::de::{self, DeIssue};
use super::parse::Source;
use super::words;
use crate::diagnostic::{Diagnostic, LoadError};
use crate::raw::{self, AssessmentFile, CrosswalkFile, GridFile, ProfileFile};

/// Deserializes the document into `T`; on failure, probes the document piece by piece so that
/// every element's errors are reported at once.
pub(super) fn deserialize<T: DeserializeOwned>(
    src: &Source<'_>,
    probes: &[Probe],
) -> Result<T, LoadError> {
    let first = match de::from_table(&src.root) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let mut diags = Vec::new();
    for probe in probes {
        probe.run(src.root.get_ref(), src.text, &mut diags);
    }
    if diags.is_empty() {
        diags.push(words::de_diagnostic(&first, src.text));
    }
    Err(src.error(diags))
}

/// What the value of a key probed on its own must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A table (`[process]`).
    Table,
    /// An array of tables (`[[ratings]]`).
    Tables,
}

/// One piece of a document to deserialize on its own: the tables found at `path` (a key, or
/// the elements of an array of tables under that key), minus their keys `strip` (probed on
/// their own).
pub(super) struct Probe {
    path: &'static [&'static str],
    strip: &'static [(&'static str, Shape)],
    /// The keys the piece requires, with their descriptions.
    required: fn() -> Vec<(String, String)>,
    run: fn(&Spanned<DeTable<'_>>) -> Result<(), de::DeError>,
}

/// The most errors reported for one table; past it the table is given up.
const MAX_ERRORS_PER_TABLE: usize = 64;

impl Probe {
    fn run(&self, root: &DeTable<'_>, text: &str, out: &mut Vec<Diagnostic>) {
        let tables = self.tables(root);
        let required = if tables.is_empty() {
            Vec::new()
        } else {
            (self.required)()
        };
        for (at, t) in tables {
            let span = t.span();
            let mut table = t.into_inner();
            let missing: Vec<&(String, String)> = required
                .iter()
                .filter(|(key, _)| table.get(key.as_str()).is_none())
                .collect();
            self.strip_keys(&at, &mut table, out);
            let suggested = self.report_errors(&span, table, text, out);
            // A key misspelled is reported once, as unknown with its right name.
            for (key, desc) in missing {
                if !suggested.iter().any(|s| s == key) {
                    out.push(missing_key(key, desc, &at, &span));
                }
            }
        }
    }

    /// The tables at `path`, each with its key path for messages.
    fn tables<'i>(&self, root: &DeTable<'i>) -> Vec<(String, Spanned<DeTable<'i>>)> {
        let mut tables: Vec<(String, Spanned<DeTable<'i>>)> =
            vec![(String::new(), Spanned::new(0..0, root.clone()))];
        for key in self.path {
            let mut next = Vec::new();
            for (at, t) in &tables {
                let at = if at.is_empty() {
                    (*key).to_owned()
                } else {
                    format!("{at}.{key}")
                };
                match t.get_ref().get(*key).map(|v| (v.span(), v.get_ref())) {
                    Some((span, DeValue::Table(t))) => {
                        next.push((at, Spanned::new(span, t.clone())))
                    }
                    Some((_, DeValue::Array(items))) => {
                        for (i, item) in items.iter().enumerate() {
                            if let DeValue::Table(t) = item.get_ref() {
                                let name = element_name(t).unwrap_or_else(|| i.to_string());
                                next.push((
                                    format!("{at}[{name}]"),
                                    Spanned::new(item.span(), t.clone()),
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
            tables = next;
        }
        tables
    }

    /// Removes the keys probed on their own from `table`, reporting those of the wrong shape.
    fn strip_keys(&self, at: &str, table: &mut DeTable<'_>, out: &mut Vec<Diagnostic>) {
        for (key, shape) in self.strip {
            if let Some((k, v)) = table.get_key_value(*key) {
                let ok = match (shape, v.get_ref()) {
                    (Shape::Tables, DeValue::Array(items)) => {
                        items.iter().all(|i| i.get_ref().is_table())
                    }
                    (Shape::Tables, DeValue::Table(_)) => true,
                    (Shape::Table, DeValue::Table(_)) => true,
                    _ => false,
                };
                if !ok {
                    let full = self
                        .path
                        .iter()
                        .copied()
                        .chain([*key])
                        .collect::<Vec<_>>()
                        .join(".");
                    let expected = match shape {
                        Shape::Table => format!("a table (a `[{full}]` section)"),
                        Shape::Tables => format!("tables (`[[{full}]]` sections)"),
                    };
                    let d = Diagnostic::error(format!(
                        "invalid type: {} for `{key}`, expected {expected}",
                        v.get_ref().type_str()
                    ))
                    .with_span(Some(v.span()));
                    // At the root, the message names the key path.
                    out.push(if at.is_empty() {
                        d.with_key_path_in_message(k.get_ref().to_string())
                    } else {
                        d.with_key_path(format!("{at}.{}", k.get_ref()))
                    });
                }
            }
            table.remove(*key);
        }
    }

    /// Deserializes the table, and after each error again without the key in error, so that
    /// every bad key is reported; missing keys are left to the caller. Returns the keys
    /// suggested for unknown keys.
    fn report_errors(
        &self,
        span: &Range<usize>,
        mut table: DeTable<'_>,
        text: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Vec<&'static str> {
        let mut suggested = Vec::new();
        for _ in 0..MAX_ERRORS_PER_TABLE {
            let Err(e) = (self.run)(&Spanned::new(span.clone(), table.clone())) else {
                break;
            };
            if matches!(*e.issue, DeIssue::MissingKey { .. }) {
                // Reported by the caller, with every other missing key.
                break;
            }
            suggested.extend(words::key_suggestion(&e.issue));
            out.push(words::de_diagnostic(&e, text));
            let Some(at) = e.span else { break };
            let culprit = table.iter().find_map(|(k, v)| {
                let vs = v.span();
                (k.span() == at || (vs.start <= at.start && at.end <= vs.end))
                    .then(|| k.get_ref().to_string())
            });
            match culprit {
                Some(k) => {
                    table.remove(k.as_str());
                }
                None => break,
            }
        }
        suggested
    }
}

/// How an element of an array of tables is named in key paths: its `id` or `criterion`.
fn element_name(t: &DeTable<'_>) -> Option<String> {
    ["id", "criterion"]
        .iter()
        .find_map(|k| t.get(*k).and_then(|v| v.get_ref().as_str()))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn missing_key(key: &str, description: &str, at: &str, span: &Range<usize>) -> Diagnostic {
    let mut desc = description.trim().trim_end_matches('.').to_owned();
    if let Some(first) = desc.chars().next()
        && first.is_uppercase()
        && !desc.starts_with("IAP2")
    {
        desc = first.to_lowercase().chain(desc.chars().skip(1)).collect();
    }
    let help = (!desc.is_empty()).then(|| format!("`{key}` is {desc}"));
    let d = Diagnostic::error(format!("missing key `{key}`")).with_help(help);
    if at.is_empty() {
        d
    } else {
        d.with_span(Some(span.clone())).with_key_path(at)
    }
}

fn probe<T: DeserializeOwned>(t: &Spanned<DeTable<'_>>) -> Result<(), de::DeError> {
    de::from_table::<T>(t).map(drop)
}

/// The keys a file type requires (from its JSON Schema), with their descriptions.
fn required<T: schemars::JsonSchema>() -> Vec<(String, String)> {
    let schema = schemars::schema_for!(T);
    let props = schema.get("properties").and_then(|p| p.as_object());
    schema
        .get("required")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str())
        .map(|k| {
            let desc = props
                .and_then(|p| p.get(k))
                .and_then(|p| p.get("description"))
                .and_then(|d| d.as_str())
                .unwrap_or_default();
            (k.to_owned(), desc.to_owned())
        })
        .collect()
}

macro_rules! probe {
    ($path:expr, $strip:expr, $ty:ty) => {
        Probe {
            path: $path,
            strip: $strip,
            required: required::<$ty>,
            run: probe::<$ty>,
        }
    };
}

/// The pieces of a grid file.
pub(super) const GRID_PROBES: &[Probe] = &[
    probe!(
        &[],
        &[
            ("sources", Shape::Tables),
            ("scales", Shape::Tables),
            ("dimensions", Shape::Tables),
            ("profiles", Shape::Tables),
        ],
        GridFile
    ),
    probe!(&["sources"], &[], raw::SourceEntry),
    probe!(&["scales"], &[("levels", Shape::Tables)], raw::ScaleEntry),
    probe!(&["scales", "levels"], &[], raw::LevelEntry),
    probe!(
        &["dimensions"],
        &[("criteria", Shape::Tables)],
        raw::DimensionEntry
    ),
    probe!(&["dimensions", "criteria"], &[], raw::CriterionEntry),
    probe!(
        &["profiles"],
        &[("gates", Shape::Tables), ("bands", Shape::Tables)],
        raw::ProfileBody
    ),
    probe!(&["profiles", "gates"], &[], raw::GateEntry),
    probe!(&["profiles", "bands"], &[], raw::BandEntry),
];

/// The pieces of a profile file.
pub(super) const PROFILE_PROBES: &[Probe] = &[
    probe!(&[], &[("profile", Shape::Table)], ProfileFile),
    probe!(
        &["profile"],
        &[("gates", Shape::Tables), ("bands", Shape::Tables)],
        raw::ProfileBody
    ),
    probe!(&["profile", "gates"], &[], raw::GateEntry),
    probe!(&["profile", "bands"], &[], raw::BandEntry),
];

/// The pieces of an assessment file.
pub(super) const ASSESSMENT_PROBES: &[Probe] = &[
    probe!(
        &[],
        &[
            ("grid", Shape::Table),
            ("process", Shape::Table),
            ("assessor", Shape::Table),
            ("ratings", Shape::Tables),
        ],
        AssessmentFile
    ),
    probe!(&["grid"], &[], raw::GridRefEntry),
    probe!(&["process"], &[], raw::ProcessEntry),
    probe!(&["assessor"], &[], raw::AssessorEntry),
    probe!(
        &["ratings"],
        &[("evidence", Shape::Tables)],
        raw::RatingEntry
    ),
    probe!(&["ratings", "evidence"], &[], raw::EvidenceEntry),
];

/// The pieces of a crosswalk file.
pub(super) const CROSSWALK_PROBES: &[Probe] = &[
    probe!(
        &[],
        &[
            ("from", Shape::Table),
            ("to", Shape::Table),
            ("links", Shape::Tables),
        ],
        CrosswalkFile
    ),
    probe!(&["from"], &[], raw::CrosswalkGridEntry),
    probe!(&["to"], &[], raw::CrosswalkGridEntry),
    probe!(&["links"], &[], raw::LinkEntry),
];

/// The pieces of a survey definition file.
pub(super) const SURVEY_PROBES: &[Probe] = &[
    probe!(
        &[],
        &[("questions", Shape::Tables), ("feeds", Shape::Tables)],
        crate::survey::SurveyFile
    ),
    probe!(&["questions"], &[], crate::survey::QuestionEntry),
    probe!(
        &["feeds"],
        &[("levels", Shape::Tables)],
        crate::survey::FeedEntry
    ),
    probe!(&["feeds", "levels"], &[], crate::survey::ThresholdEntry),
];
