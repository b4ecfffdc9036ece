//! Writing files: the model as TOML, assessment templates, and the `#:schema` line that names
//! a file's JSON Schema. Every file is a [`toml_edit`] document; comments are its decor.

use std::path::{Path, PathBuf};

use repere_core::{Assessment, Grid, Lang, Phase, Profile, Role, ScaleKind};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Key, Table, value};

use crate::convert;
use crate::load::FileKind;
use crate::raw::{ProfileFile, ProfileKind};

/// Whether a written file starts with a `#:schema` line, which editors with TOML language
/// support (Even Better TOML, taplo) read to complete and check the file against its JSON
/// Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SchemaLine {
    /// `#:schema ./repere-<kind>.schema.json`: the schema is a file beside the TOML file, named
    /// [`schema_file_name`], which whoever writes the TOML file to a path writes too (the
    /// command line does; the schema's text is [`schema`](crate::schema())). A relative
    /// reference works offline and keeps working when the two files are moved together.
    #[default]
    Beside,
    /// No `#:schema` line: for text that is not a file of its own (printed on standard output).
    Omit,
}

/// The name of the schema file a written file of `kind` points to, in its own directory:
/// `repere-grid.schema.json`, `repere-profile.schema.json` or `repere-assessment.schema.json`.
pub fn schema_file_name(kind: FileKind) -> String {
    format!("repere-{}.schema.json", kind.as_str())
}

/// Where the schema of a TOML file of `kind` written at `toml` goes: beside it, under
/// [`schema_file_name`].
///
/// ```
/// use std::path::Path;
/// use repere_toml::{FileKind, schema_path_beside};
/// assert_eq!(
///     schema_path_beside(Path::new("work/a.toml"), FileKind::Assessment),
///     Path::new("work/repere-assessment.schema.json"),
/// );
/// assert_eq!(
///     schema_path_beside(Path::new("a.toml"), FileKind::Assessment),
///     Path::new("repere-assessment.schema.json"),
/// );
/// ```
pub fn schema_path_beside(toml: &Path, kind: FileKind) -> PathBuf {
    toml.parent()
        .unwrap_or_else(|| Path::new(""))
        .join(schema_file_name(kind))
}

/// The `#:schema` line (with its line feed) of a file of `kind`, or nothing.
fn schema_line(kind: FileKind, line: SchemaLine) -> String {
    match line {
        SchemaLine::Beside => format!("#:schema ./{}\n", schema_file_name(kind)),
        SchemaLine::Omit => String::new(),
    }
}

/// A file as people write it: the file types serialized to a document, laid out by
/// [`expand`], with the `#:schema` line as the document's leading decor.
fn to_toml<T: serde::Serialize>(value: &T, kind: FileKind) -> String {
    let header = schema_line(kind, SchemaLine::Beside);
    // The file types serialize to TOML without failing: every map key is a string and no
    // value is a bare non-table at the root. A failure is a bug in this crate.
    match toml_edit::ser::to_document(value) {
        Ok(mut doc) => {
            expand(doc.as_table_mut());
            doc.decor_mut().set_prefix(header);
            doc.to_string()
        }
        // `toml_edit` refuses integers above `i64::MAX` (a participant count, say), which the
        // `toml` writer and reader accept: fall back to the plainer layout.
        Err(_) => {
            header
                + &toml::to_string_pretty(value)
                    .unwrap_or_else(|e| format!("# internal error: {e}\n"))
        }
    }
}

/// Lays a serialized document out as people write it: tables and lists of tables become
/// `[section]`s and `[[section]]`s, while texts by language stay inline
/// (`label = { fr = "…", en = "…" }`), as do lists of texts and of plain values.
fn expand(table: &mut Table) {
    for (_, item) in table.iter_mut() {
        expand_item(item);
    }
}

fn expand_item(item: &mut Item) {
    use toml_edit::Value;
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

/// A grid as a TOML grid file, starting with a `#:schema` line ([`SchemaLine::Beside`]).
pub fn grid_to_toml(grid: &Grid) -> String {
    to_toml(&convert::grid_to_raw(grid), FileKind::Grid)
}

/// A profile as a TOML profile file for `grid`, starting with a `#:schema` line
/// ([`SchemaLine::Beside`]).
pub fn profile_to_toml(profile: &Profile, grid: &Grid) -> String {
    let file = ProfileFile {
        kind: ProfileKind::Profile,
        format: crate::raw::FORMAT,
        grid: grid.id().to_string(),
        profile: convert::profile_to_raw(profile),
    };
    to_toml(&file, FileKind::Profile)
}

/// An assessment as a TOML assessment file, starting with a `#:schema` line
/// ([`SchemaLine::Beside`]).
pub fn assessment_to_toml(assessment: &Assessment) -> String {
    to_toml(
        &convert::assessment_to_raw(assessment),
        FileKind::Assessment,
    )
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
    /// Whether the template starts with a `#:schema` line (by default it does:
    /// [`SchemaLine::Beside`]).
    pub schema_line: SchemaLine,
}

impl TemplateOptions {
    /// Options for a phase, a role and a language, for a template written to a file (with a
    /// `#:schema` line).
    pub fn new(phase: Phase, role: Role, lang: Lang) -> Self {
        Self {
            phase,
            role,
            lang,
            schema_line: SchemaLine::default(),
        }
    }

    /// The same options with another `#:schema` line: [`SchemaLine::Omit`] for a template
    /// printed on standard output.
    #[must_use]
    pub fn with_schema_line(mut self, schema_line: SchemaLine) -> Self {
        self.schema_line = schema_line;
        self
    }
}

/// Comment lines (and blank lines) waiting for the next item of a document: in TOML a comment
/// is decor, carried by what follows it (a key, a table header, or the end of the document).
#[derive(Default)]
struct Notes(String);

impl Notes {
    /// A comment: `# text`, the text made safe for a one-line comment.
    fn comment(&mut self, text: &str) {
        self.0.push_str("# ");
        self.0
            .extend(text.chars().map(|c| if c.is_control() { ' ' } else { c }));
        self.0.push('\n');
    }

    /// A commented-out line of TOML (`# level = "…"`), written as it is.
    fn commented(&mut self, line: &str) {
        self.0.push_str("# ");
        self.0.push_str(line);
        self.0.push('\n');
    }

    /// A blank line.
    fn blank(&mut self) {
        self.0.push('\n');
    }

    /// The lines so far, as the decor of what comes next.
    fn take(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

/// Inserts `key = item` into `table` after the comment lines `before`.
fn insert(table: &mut Table, key: &str, item: Item, before: String) {
    let mut key = Key::new(key);
    key.leaf_decor_mut().set_prefix(before);
    table.insert_formatted(&key, item);
}

/// A table whose header comes after the comment lines `before`.
fn table(before: String) -> Table {
    let mut t = Table::new();
    t.decor_mut().set_prefix(before);
    t
}

/// A TOML string value, as a commented-out line shows it: `"text"`.
fn quoted(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_owned()
}

/// A ready-to-fill assessment for a grid: for each criterion that applies at the phase and to
/// the role, its question and level descriptors as comments and an empty rating.
///
/// Loaded as it is, the template is an assessment with every criterion *not assessed*, by a
/// placeholder assessor of a placeholder process (`"(your name)"`, `"(name of the process)"`);
/// each rating is filled by uncommenting one of the `level = …` lines (or completing a
/// `value =` line, or writing `not-applicable = "reason"`). It starts with a `#:schema` line
/// unless [`TemplateOptions::schema_line`] says otherwise.
pub fn template(grid: &Grid, opts: &TemplateOptions) -> String {
    let lang = &opts.lang;
    let fb = grid.default_lang();
    let fr = lang.as_str() == "fr";
    let t = |fr_text: &'static str, en_text: &'static str| if fr { fr_text } else { en_text };
    let mut doc = DocumentMut::new();
    doc.decor_mut()
        .set_prefix(schema_line(FileKind::Assessment, opts.schema_line));
    let mut notes = Notes::default();

    notes.comment(&format!(
        "{} « {} » ({} {}), {}",
        t("Évaluation selon la grille", "Assessment on grid"),
        grid.title().get(lang, fb),
        grid.id(),
        grid.version(),
        t("à remplir", "to fill in")
    ));
    notes.comment(t(
        "Pour chaque critère : décommentez une ligne `level`/`value`, ou écrivez `not-applicable = \"raison\"`.",
        "For each criterion: uncomment one `level`/`value` line, or write `not-applicable = \"reason\"`.",
    ));
    let root = doc.as_table_mut();
    insert(root, "kind", value("assessment"), notes.take());
    root["format"] = value(i64::from(crate::raw::FORMAT));
    root["phase"] = value(opts.phase.as_str());
    notes.commented("date = 2026-01-31");
    notes.blank();

    let mut section = table(notes.take());
    section["id"] = value(grid.id().as_str());
    section["version"] = value(grid.version());
    section["hash"] = value(grid.content_hash());
    root.insert("grid", Item::Table(section));
    notes.blank();

    let mut section = table(notes.take());
    section["name"] = value(t("(nom de la démarche)", "(name of the process)"));
    root.insert("process", Item::Table(section));
    let kinds: Vec<&str> = repere_core::ProcessKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    notes.commented(&format!("kind = \"concertation\"  # {}", kinds.join(", ")));
    for line in [
        "organiser = \"\"",
        "territory = \"\"",
        "start = 2026-01-01",
        "end = 2026-03-31",
        "participants = 0",
    ] {
        notes.commented(line);
    }
    notes.blank();

    let mut section = table(notes.take());
    section["name"] = value(t("(votre nom)", "(your name)"));
    section["role"] = value(opts.role.as_str());
    root.insert("assessor", Item::Table(section));
    notes.blank();

    let mut ratings = ArrayOfTables::new();
    for (dim, crit) in grid.criteria() {
        if !crit.applies_at(opts.phase)
            || !(crit.roles.is_empty() || crit.roles.contains(&opts.role))
        {
            continue;
        }
        let scale = grid.scale_of(crit);
        notes.comment(&format!(
            "── {} › {}",
            dim.label.get(lang, fb),
            crit.label.get(lang, fb)
        ));
        if !crit.description.is_empty() {
            notes.comment(crit.description.get(lang, fb));
        }
        for q in &crit.questions {
            notes.comment(&format!("? {}", q.get(lang, fb)));
        }
        let mut rating = table(notes.take());
        rating["criterion"] = value(crit.id.as_str());
        match &scale.kind {
            ScaleKind::Ordinal(levels) => {
                for l in levels {
                    let desc = crit.rubric_for(&l.id).unwrap_or(&l.descriptor);
                    let d = desc.get(lang, fb);
                    let mut line = format!(
                        "level = {}  # {}",
                        quoted(l.id.as_str()),
                        l.label.get(lang, fb)
                    );
                    if !d.is_empty() {
                        line.push_str(": ");
                        line.push_str(d);
                        // The descriptor's provenance tag where it differs from the
                        // criterion's (an illustrative descriptor of a sourced criterion).
                        if let Some((_, _, p)) = grid.descriptor_of(crit, &l.id)
                            && p != crit.provenance
                        {
                            line.push_str(&format!(" [{}]", p.tag()));
                        }
                    }
                    notes.comment(&line);
                }
            }
            ScaleKind::Range { min, max, unit } => {
                notes.comment(&format!(
                    "value =   # {} {} {} {}{}",
                    t("un nombre de", "a number from"),
                    repere_core::fmt_number(*min),
                    t("à", "to"),
                    repere_core::fmt_number(*max),
                    unit.as_deref()
                        .map(|u| format!(" ({}{u})", t("unité : ", "unit: ")))
                        .unwrap_or_default()
                ));
            }
            ScaleKind::Percentage => {
                notes.comment(&format!(
                    "value =   # {}",
                    t("un pourcentage, de 0 à 100", "a percentage, from 0 to 100")
                ));
            }
            ScaleKind::Boolean { yes, no } => {
                notes.comment(&format!("value = true   # {}", yes.get(lang, fb)));
                notes.comment(&format!("value = false  # {}", no.get(lang, fb)));
            }
        }
        notes.commented(&format!("not-applicable = \"{}\"", t("raison", "reason")));
        insert(&mut rating, "justification", value(""), notes.take());
        if !crit.evidence.is_empty() {
            let ev: Vec<&str> = crit.evidence.iter().map(|e| e.get(lang, fb)).collect();
            notes.comment(&format!(
                "{} {}",
                t("Preuves attendues :", "Expected evidence:"),
                ev.join("; ")
            ));
        }
        for line in ["[[ratings.evidence]]", "reference = \"\"", "excerpt = \"\""] {
            notes.commented(line);
        }
        notes.blank();
        ratings.push(rating);
    }
    if !ratings.is_empty() {
        root.insert("ratings", Item::ArrayOfTables(ratings));
    }
    doc.set_trailing(notes.take());
    doc.to_string()
}
