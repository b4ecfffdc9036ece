//! Writing files: the model as TOML, with a `#:schema` line, and assessment templates.

use std::fmt::Write as _;

use repere_core::{Assessment, Grid, Lang, Phase, Profile, Role, ScaleKind};

use crate::convert;
use crate::raw::{ProfileFile, ProfileKind};

/// Where the JSON Schemas of the file kinds are published; files Repère writes start with a
/// `#:schema` line naming them, so that editors with TOML language support complete and check
/// them. The same schemas are printed by `repere schema` and checked in under `docs/schema/`.
pub const SCHEMA_BASE: &str = "https://repere.dev/schema/1/";

fn header(kind: &str) -> String {
    format!("#:schema {SCHEMA_BASE}{kind}.schema.json\n")
}

fn to_toml<T: serde::Serialize>(value: &T) -> String {
    // The file types serialize to TOML without failing: every map key is a string and no
    // value is a bare non-table at the root. A failure is a bug in this crate.
    match toml_edit::ser::to_document(value) {
        Ok(mut doc) => {
            expand(doc.as_table_mut());
            doc.to_string()
        }
        // `toml_edit` refuses integers above `i64::MAX` (a participant count, say), which the
        // `toml` writer and reader accept: fall back to the plainer layout.
        Err(_) => {
            toml::to_string_pretty(value).unwrap_or_else(|e| format!("# internal error: {e}\n"))
        }
    }
}

/// Lays a serialized document out as people write it: tables and lists of tables become
/// `[section]`s and `[[section]]`s, while texts by language stay inline
/// (`label = { fr = "…", en = "…" }`), as do lists of texts and of plain values.
fn expand(table: &mut toml_edit::Table) {
    for (_, item) in table.iter_mut() {
        expand_item(item);
    }
}

fn expand_item(item: &mut toml_edit::Item) {
    use toml_edit::{ArrayOfTables, Item, Value};
    match item {
        Item::Value(Value::InlineTable(t)) if !is_text(t) => {
            let mut table = t.clone().into_table();
            expand(&mut table);
            *item = Item::Table(table);
        }
        Item::Value(Value::Array(a))
            if !a.is_empty()
                && a.iter()
                    .all(|v| matches!(v, Value::InlineTable(t) if !is_text(t))) =>
        {
            let mut tables = ArrayOfTables::new();
            for v in a.iter() {
                if let Value::InlineTable(t) = v {
                    let mut table = t.clone().into_table();
                    expand(&mut table);
                    tables.push(table);
                }
            }
            *item = Item::ArrayOfTables(tables);
        }
        Item::Table(t) => expand(t),
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                expand(t);
            }
        }
        _ => {}
    }
}

/// Whether an inline table is a text by language: every key a language tag, every value a
/// string.
fn is_text(t: &toml_edit::InlineTable) -> bool {
    !t.is_empty()
        && t.iter()
            .all(|(k, v)| Lang::new(k).is_ok() && v.as_str().is_some())
}

/// A grid as a TOML grid file.
pub fn grid_to_toml(grid: &Grid) -> String {
    header("grid") + &to_toml(&convert::grid_to_raw(grid))
}

/// A profile as a TOML profile file for `grid`.
pub fn profile_to_toml(profile: &Profile, grid: &Grid) -> String {
    let file = ProfileFile {
        kind: ProfileKind::Profile,
        format: crate::raw::FORMAT,
        grid: grid.id().to_string(),
        profile: convert::profile_to_raw(profile),
    };
    header("profile") + &to_toml(&file)
}

/// An assessment as a TOML assessment file.
pub fn assessment_to_toml(assessment: &Assessment) -> String {
    header("assessment") + &to_toml(&convert::assessment_to_raw(assessment))
}

/// What a template is for.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TemplateOptions {
    /// The phase of the assessment; criteria not rated at this phase are left out.
    pub phase: Phase,
    /// The assessor's role; criteria meant for other roles are left out.
    pub role: Role,
    /// The language of the comments (questions and descriptors).
    pub lang: Lang,
}

impl TemplateOptions {
    /// Options for a phase, a role and a language.
    pub fn new(phase: Phase, role: Role, lang: Lang) -> Self {
        Self { phase, role, lang }
    }
}

/// A ready-to-fill assessment for a grid: for each criterion that applies at the phase and to
/// the role, its question and level descriptors as comments and an empty rating.
///
/// Loaded as it is, the template is an assessment with every criterion *not assessed*, by a
/// placeholder assessor of a placeholder process (`"(your name)"`, `"(name of the process)"`);
/// each rating is filled by uncommenting one of the `level = …` lines (or completing a
/// `value =` line, or writing `not-applicable = "reason"`).
pub fn template(grid: &Grid, opts: &TemplateOptions) -> String {
    let lang = &opts.lang;
    let fb = grid.default_lang();
    let fr = lang.as_str() == "fr";
    let mut out = header("assessment");
    let t = |fr_text: &'static str, en_text: &'static str| if fr { fr_text } else { en_text };
    let _ = writeln!(
        out,
        "# {} « {} » ({} {}), {}",
        t("Évaluation selon la grille", "Assessment on grid"),
        comment(grid.title().get(lang, fb)),
        grid.id(),
        grid.version(),
        t("à remplir", "to fill in")
    );
    let _ = writeln!(
        out,
        "# {}",
        t(
            "Pour chaque critère : décommentez une ligne `level`/`value`, ou écrivez `not-applicable = \"raison\"`.",
            "For each criterion: uncomment one `level`/`value` line, or write `not-applicable = \"reason\"`."
        )
    );
    out.push_str("kind = \"assessment\"\nformat = 1\n");
    let _ = writeln!(out, "phase = \"{}\"", opts.phase);
    out.push_str("# date = 2026-01-31\n\n");
    let _ = writeln!(
        out,
        "[grid]\nid = {}\nversion = {}\nhash = \"{}\"\n",
        quote(grid.id().as_str()),
        quote(grid.version()),
        grid.content_hash()
    );
    let _ = writeln!(
        out,
        "[process]\nname = {}\n# kind = \"concertation\"  # {}\n# organiser = \"\"\n# territory = \"\"\n# start = 2026-01-01\n# end = 2026-03-31\n# participants = 0\n",
        quote(t("(nom de la démarche)", "(name of the process)")),
        repere_core::ProcessKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "[assessor]\nname = {}\nrole = \"{}\"\n",
        quote(t("(votre nom)", "(your name)")),
        opts.role
    );
    for (dim, crit) in grid.criteria() {
        if !crit.applies_at(opts.phase)
            || !(crit.roles.is_empty() || crit.roles.contains(&opts.role))
        {
            continue;
        }
        let scale = grid.scale_of(crit);
        let _ = writeln!(
            out,
            "# ── {} › {}",
            comment(dim.label.get(lang, fb)),
            comment(crit.label.get(lang, fb))
        );
        if !crit.description.is_empty() {
            let _ = writeln!(out, "# {}", comment(crit.description.get(lang, fb)));
        }
        for q in &crit.questions {
            let _ = writeln!(out, "# ? {}", comment(q.get(lang, fb)));
        }
        out.push_str("[[ratings]]\n");
        let _ = writeln!(out, "criterion = {}", quote(crit.id.as_str()));
        match &scale.kind {
            ScaleKind::Ordinal(levels) => {
                for l in levels {
                    let desc = crit.rubric_for(&l.id).unwrap_or(&l.descriptor);
                    let d = desc.get(lang, fb);
                    let _ = write!(
                        out,
                        "# level = {}  # {}",
                        quote(l.id.as_str()),
                        comment(l.label.get(lang, fb))
                    );
                    if !d.is_empty() {
                        let _ = write!(out, ": {}", comment(d));
                    }
                    out.push('\n');
                }
            }
            ScaleKind::Range { min, max, unit } => {
                let _ = writeln!(
                    out,
                    "# value =   # {} {} {} {}{}",
                    t("un nombre de", "a number from"),
                    repere_core::fmt_number(*min),
                    t("à", "to"),
                    repere_core::fmt_number(*max),
                    unit.as_deref()
                        .map(|u| format!(" ({}{})", t("unité : ", "unit: "), comment(u)))
                        .unwrap_or_default()
                );
            }
            ScaleKind::Percentage => {
                let _ = writeln!(
                    out,
                    "# value =   # {}",
                    t("un pourcentage, de 0 à 100", "a percentage, from 0 to 100")
                );
            }
            ScaleKind::Boolean { yes, no } => {
                let _ = writeln!(out, "# value = true   # {}", comment(yes.get(lang, fb)));
                let _ = writeln!(out, "# value = false  # {}", comment(no.get(lang, fb)));
            }
        }
        let _ = writeln!(out, "# not-applicable = \"{}\"", t("raison", "reason"));
        out.push_str("justification = \"\"\n");
        if !crit.evidence.is_empty() {
            let ev: Vec<&str> = crit.evidence.iter().map(|e| e.get(lang, fb)).collect();
            let _ = writeln!(
                out,
                "# {} {}",
                t("Preuves attendues :", "Expected evidence:"),
                comment(&ev.join("; "))
            );
        }
        out.push_str("# [[ratings.evidence]]\n# reference = \"\"\n# excerpt = \"\"\n\n");
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text safe inside a one-line comment.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
