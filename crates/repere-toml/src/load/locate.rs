//! Where problems found after deserialization are in the file: each problem's [`Path`]
//! (`dimensions[inclusion].criteria[diversity].scale`) is walked through the parsed document
//! to the span of the value or of the id naming it, as its kind says ([`Aim`]).

use std::collections::HashMap;
use std::ops::Range;

use repere_core::{Path, Segment};
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::parse::Source;
use crate::diagnostic::Diagnostic;
use crate::issue::{Aim, Issue};

impl Source<'_> {
    /// Turns problems located by path (under `prefix`) into diagnostics located in the file.
    pub(crate) fn locate(&self, prefix: &Path, issues: Vec<Issue>) -> Vec<Diagnostic> {
        // A repeated id is reported once per extra occurrence: the n-th report of a path
        // points at its (n + 1)-th occurrence in the file.
        let mut repeats: HashMap<String, usize> = HashMap::new();
        let mut index = Index::default();
        issues
            .into_iter()
            .map(|issue| {
                let full = prefix.join(&issue.path);
                let key_path = full.to_string();
                let aim = issue.aim();
                let occurrence = if aim == Aim::LaterName {
                    let n = repeats.entry(key_path.clone()).or_insert(0);
                    *n += 1;
                    *n
                } else {
                    0
                };
                Diagnostic::error(issue.message())
                    .with_span(span_of(&self.root, &full, aim, occurrence, &mut index))
                    .with_key_path(key_path)
                    .with_help(issue.help())
            })
            .collect()
    }
}

/// A place found for a path: the value, and the key or id naming it.
struct Hit {
    value: Range<usize>,
    /// The key, when the last step is a key of a table.
    key: Option<Range<usize>>,
    /// The `id`/`criterion` value, when the last step is an element of an array of tables.
    id: Option<Range<usize>>,
}

#[derive(Default)]
struct Search {
    full: Vec<Hit>,
    /// The deepest partial match: depth and span.
    partial: Option<(usize, Range<usize>)>,
}

/// The elements of the document's arrays by the id naming them (their `id` or `criterion`
/// value, or the string itself), built as paths are looked up, so that locating many problems
/// takes a time proportional to their number, not to their number times the file's size.
#[derive(Default)]
struct Index {
    /// By the array's span: the positions of its elements, by id.
    arrays: HashMap<(usize, usize), HashMap<String, Vec<usize>>>,
}

impl Index {
    fn positions(&mut self, span: &Range<usize>, items: &DeArray<'_>, id: &str) -> Vec<usize> {
        let ids = self
            .arrays
            .entry((span.start, span.end))
            .or_insert_with(|| {
                let mut ids: HashMap<String, Vec<usize>> = HashMap::new();
                for (i, item) in items.iter().enumerate() {
                    let mut names: Vec<&str> = match item.get_ref() {
                        DeValue::Table(t) => NAME_KEYS
                            .iter()
                            .filter_map(|k| t.get(*k).and_then(|v| v.get_ref().as_str()))
                            .collect(),
                        DeValue::String(s) => vec![s.as_ref()],
                        _ => Vec::new(),
                    };
                    names.dedup();
                    for n in names {
                        ids.entry(n.to_owned()).or_default().push(i);
                    }
                }
                ids
            });
        ids.get(id).cloned().unwrap_or_default()
    }
}

/// The keys whose value names an element of an array of tables.
const NAME_KEYS: [&str; 2] = ["id", "criterion"];

/// Finds the span of a path in the document.
///
/// Every place the path leads to is found (ids may repeat); `occurrence` picks one (0 for the
/// first). When the path ends at an element named by an id and `aim` is on the name, the span
/// is that id (a key of a table, or the `id`/`criterion` value of an element of an array of
/// tables); otherwise the value. When the path leads nowhere, the deepest element of the path
/// that exists.
fn span_of(
    root: &Spanned<DeTable<'_>>,
    path: &Path,
    aim: Aim,
    occurrence: usize,
    index: &mut Index,
) -> Option<Range<usize>> {
    let mut search = Search::default();
    let (table, span) = (root.get_ref(), root.span());
    walk(
        Some(table),
        None,
        &span,
        path.segments(),
        0,
        &mut search,
        index,
    );
    let hit = search.full.get(occurrence).or_else(|| search.full.last());
    let Some(hit) = hit else {
        return search.partial.map(|(_, s)| s);
    };
    let named = aim != Aim::Value && matches!(path.segments().last(), Some(Segment::Id(_)));
    Some(match (named, &hit.key, &hit.id) {
        (true, Some(k), _) => k.clone(),
        (true, None, Some(i)) => i.clone(),
        _ => hit.value.clone(),
    })
}

fn walk(
    table: Option<&DeTable<'_>>,
    value: Option<&DeValue<'_>>,
    span: &Range<usize>,
    segs: &[Segment],
    depth: usize,
    st: &mut Search,
    index: &mut Index,
) {
    let Some((seg, rest)) = segs.split_first() else {
        return;
    };
    let step = |v: &Spanned<DeValue<'_>>,
                key: Option<Range<usize>>,
                id,
                st: &mut Search,
                index: &mut Index| {
        if rest.is_empty() {
            st.full.push(Hit {
                value: v.span(),
                key,
                id,
            });
        } else {
            if st.partial.as_ref().is_none_or(|(d, _)| *d < depth + 1) {
                st.partial = Some((depth + 1, v.span()));
            }
            let vs = v.span();
            walk(
                v.get_ref().as_table(),
                Some(v.get_ref()),
                &vs,
                rest,
                depth + 1,
                st,
                index,
            );
        }
    };
    match (seg, table, value) {
        (Segment::Key(k), Some(t), _) => {
            if let Some((key, v)) = aliases(k).iter().find_map(|k| t.get_key_value(*k)) {
                step(v, Some(key.span()), None, st, index);
            }
        }
        (Segment::Id(id), Some(t), _) => {
            if let Some((key, v)) = t.get_key_value(id.as_str()) {
                step(v, Some(key.span()), None, st, index);
            }
        }
        (Segment::Id(id), None, Some(DeValue::Array(items))) => {
            for i in index.positions(span, items, id) {
                let Some(item) = items.get(i) else { continue };
                let named = match item.get_ref() {
                    DeValue::Table(t) => NAME_KEYS.iter().find_map(|k| {
                        t.get(*k)
                            .filter(|v| v.get_ref().as_str() == Some(id.as_str()))
                            .map(Spanned::span)
                    }),
                    _ => None,
                };
                step(item, None, named, st, index);
            }
        }
        (Segment::Index(i), None, Some(DeValue::Array(items))) => {
            if let Some(item) = items.get(*i) {
                step(item, None, None, st, index);
            }
        }
        _ => {}
    }
}

/// The file keys a core path key may stand for.
fn aliases(key: &'static str) -> Vec<&'static str> {
    match key {
        "reason" => vec!["not-applicable"],
        "value" => vec!["value", "level"],
        "target" => vec!["overall", "dimension"],
        "cap" => vec!["cap", "cap-band"],
        _ => vec![key],
    }
}

#[cfg(test)]
mod tests {
    //! The caret is placed from the problem's kind: the message's text plays no part (the
    //! placement never sees it).

    use repere_core::{Id, ItemKind, ProblemKind};

    use super::*;
    use crate::issue::FileProblem;
    use crate::load::parse::parse;

    const TEXT: &str = r#"[[scales]]
id = "s"
[[scales]]
id = "s"
[[scales]]
id = "s"
[criterion-weights]
x = -2
[targets]
c = "c"
"#;

    /// Where the caret of each issue goes: its line and the text under it.
    fn carets(issues: Vec<Issue>) -> Vec<(usize, String)> {
        let src = parse("t.toml", TEXT).unwrap();
        let error = src.error(src.locate(&Path::root(), issues));
        let mut out: Vec<(usize, String)> = error
            .diagnostics()
            .iter()
            .map(|d| {
                let span = d.span().expect("located");
                (error.line_col(span.start).0, TEXT[span].to_owned())
            })
            .collect();
        out.sort();
        out
    }

    fn id(s: &str) -> Id {
        Id::new(s).unwrap()
    }

    #[test]
    fn each_repeat_points_at_a_later_occurrence() {
        let duplicate = || {
            Issue::model(
                Path::root().key("scales").id("s"),
                ProblemKind::DuplicateId {
                    what: ItemKind::Scale,
                    id: id("s"),
                },
            )
        };
        assert_eq!(
            carets(vec![duplicate(), duplicate()]),
            vec![(4, "\"s\"".to_owned()), (6, "\"s\"".to_owned())]
        );
    }

    #[test]
    fn the_kind_says_name_or_value() {
        let weight = Path::root().key("criterion-weights").id("x");
        // About the name: the key.
        let unknown = Issue::model(
            weight.clone(),
            ProblemKind::UnknownReference {
                what: ItemKind::Criterion,
                id: id("x"),
                suggestion: None,
            },
        );
        // About the value: the value.
        let negative = Issue::model(weight, ProblemKind::InvalidWeight { weight: -2.0 });
        assert_eq!(
            carets(vec![unknown, negative]),
            vec![(8, "-2".to_owned()), (8, "x".to_owned())]
        );
        // The message quotes the criterion's id (`c`, the string found), but the problem is
        // the value: the caret is on it.
        let not_a_number = Issue::file(
            Path::root().key("targets").id("c"),
            FileProblem::NotANumber {
                found: "c".to_owned(),
            },
        );
        assert!(not_a_number.message().contains("`c`"));
        assert_eq!(carets(vec![not_a_number]), vec![(10, "\"c\"".to_owned())]);
    }
}
