//! Grids: dimensions, criteria, scales and their provenance.

use std::collections::HashMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::problem::{Entry, ItemKind, ProblemKind, suggestion};
use crate::{
    Backing, DataSource, Id, Indicator, Lang, Level, Path, Phase, Problem, Problems, Profile,
    Provenance, Role, Scale, ScaleKind, Text,
};

/// A source a grid is drawn from: a charter, a guide, an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The source's id, by which dimensions and criteria cite it.
    pub id: Id,
    /// The title or a full reference.
    pub title: String,
    /// Where to read it.
    pub url: Option<String>,
    /// The year of publication.
    pub year: Option<i32>,
    /// What the grid takes from it.
    pub note: Option<String>,
}

/// A criterion: one thing the grid judges, on one scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// The criterion's id, unique in the grid.
    pub id: Id,
    /// A short name.
    pub label: Text,
    /// What the criterion is about.
    pub description: Text,
    /// The guiding questions an assessor answers.
    pub questions: Vec<Text>,
    /// The id of the grid scale it is rated on.
    pub scale: Id,
    /// Level descriptors specific to this criterion (the rubric), by level id; a level
    /// without one falls back to the scale's descriptor.
    pub rubric: Vec<(Id, Text)>,
    /// How the criterion's own level descriptors are backed, by level id; a descriptor
    /// without an entry inherits the criterion's provenance (see
    /// [`Criterion::descriptor_provenance`]). Each level named must have a rubric entry.
    pub rubric_backing: Vec<(Id, Backing)>,
    /// What is counted and how, for a counted criterion; its backing inherits the criterion's.
    pub measure: Option<Indicator>,
    /// The evidence expected to back a rating.
    pub evidence: Vec<Text>,
    /// Where the evidence usually comes from.
    pub data_sources: Vec<DataSource>,
    /// The phases at which it is rated; empty means every phase.
    pub phases: Vec<Phase>,
    /// The roles expected to rate it; empty means any role.
    pub roles: Vec<Role>,
    /// How well the criterion is backed by the sources.
    pub provenance: Provenance,
    /// The ids of the grid sources it comes from.
    pub sources: Vec<Id>,
}

impl Criterion {
    /// A criterion with a label and a scale; everything else empty and provenance
    /// illustrative until said otherwise.
    pub fn new(id: Id, label: Text, scale: Id) -> Self {
        Self {
            id,
            label,
            description: Text::empty(),
            questions: Vec::new(),
            scale,
            rubric: Vec::new(),
            rubric_backing: Vec::new(),
            measure: None,
            evidence: Vec::new(),
            data_sources: Vec::new(),
            phases: Vec::new(),
            roles: Vec::new(),
            provenance: Provenance::Illustrative,
            sources: Vec::new(),
        }
    }

    /// Whether the criterion is rated at `phase`.
    pub fn applies_at(&self, phase: Phase) -> bool {
        self.phases.is_empty() || self.phases.contains(&phase)
    }

    /// The criterion's own descriptor of a level, if its rubric has one.
    pub fn rubric_for(&self, level: &Id) -> Option<&Text> {
        self.rubric.iter().find(|(l, _)| l == level).map(|(_, t)| t)
    }

    /// How the criterion's own descriptor of a level is backed (an empty backing when the
    /// rubric entry says nothing of its own: it inherits the criterion's).
    pub fn descriptor_backing(&self, level: &Id) -> &Backing {
        static INHERITED: Backing = Backing {
            provenance: None,
            sources: Vec::new(),
        };
        self.rubric_backing
            .iter()
            .find(|(l, _)| l == level)
            .map_or(&INHERITED, |(_, b)| b)
    }

    /// The provenance of the criterion's own descriptor of a level: the rubric entry's own,
    /// or else the criterion's (inherited).
    pub fn descriptor_provenance(&self, level: &Id) -> Provenance {
        self.descriptor_backing(level)
            .effective_provenance(self.provenance)
    }

    /// The provenance of the criterion's measure, if it has one: the measure's own, or else
    /// the criterion's (inherited).
    pub fn measure_provenance(&self) -> Option<Provenance> {
        self.measure
            .as_ref()
            .map(|m| m.backing.effective_provenance(self.provenance))
    }
}

/// A dimension: a group of criteria reported (and possibly aggregated) together.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    /// The dimension's id, unique in the grid.
    pub id: Id,
    /// A short name.
    pub label: Text,
    /// What the dimension covers.
    pub description: Text,
    /// How well the dimension is backed by the sources.
    pub provenance: Provenance,
    /// The ids of the grid sources it comes from.
    pub sources: Vec<Id>,
    /// The criteria, in display order.
    pub criteria: Vec<Criterion>,
}

impl Dimension {
    /// A dimension with a label and no criteria yet.
    pub fn new(id: Id, label: Text) -> Self {
        Self {
            id,
            label,
            description: Text::empty(),
            provenance: Provenance::Illustrative,
            sources: Vec::new(),
            criteria: Vec::new(),
        }
    }
}

/// Everything a grid is made of, before validation. [`Grid::new`] checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct GridDraft {
    /// The grid's id, such as `fr.cndp.debat-public`.
    pub id: Id,
    /// The grid's version, such as `1.0.0`.
    pub version: String,
    /// The grid's title.
    pub title: Text,
    /// What the grid is for.
    pub description: Text,
    /// The language every label must exist in, and the fallback for lookups.
    pub default_lang: Lang,
    /// How well the grid as a whole is backed by its sources.
    pub provenance: Provenance,
    /// The sources it is drawn from.
    pub sources: Vec<Source>,
    /// The scales its criteria use.
    pub scales: Vec<Scale>,
    /// The dimensions, in display order.
    pub dimensions: Vec<Dimension>,
    /// The profiles shipped with the grid; the first is the grid's default. When empty,
    /// [`Grid::default_profile`] gives the built-in default.
    pub profiles: Vec<Profile>,
}

impl GridDraft {
    /// An empty draft in `default_lang`, to fill in.
    pub fn new(id: Id, version: impl Into<String>, title: Text, default_lang: Lang) -> Self {
        Self {
            id,
            version: version.into(),
            title,
            description: Text::empty(),
            default_lang,
            provenance: Provenance::Illustrative,
            sources: Vec::new(),
            scales: Vec::new(),
            dimensions: Vec::new(),
            profiles: Vec::new(),
        }
    }
}

/// A validated grid: every id unique, every reference resolved, every scale well formed, every
/// label present in the default language, every profile consistent with the grid.
///
/// ```
/// use repere_core::{Criterion, Dimension, Grid, GridDraft, Id, Lang, Level, Scale, Text};
/// let id = |s: &str| Id::new(s).unwrap();
/// let en = |s: &str| Text::new(Lang::en(), s);
/// let mut draft = GridDraft::new(id("demo"), "1.0.0", en("Demo"), Lang::en());
/// draft.scales.push(Scale::ordinal(id("lmh"), en("Low/Moderate/High"), vec![
///     Level::new(id("low"), 1, en("Low")),
///     Level::new(id("moderate"), 2, en("Moderate")),
///     Level::new(id("high"), 3, en("High")),
/// ]));
/// let mut dim = Dimension::new(id("acceptance"), en("Acceptance"));
/// dim.criteria.push(Criterion::new(id("independence"), en("Independence"), id("lmh")));
/// draft.dimensions.push(dim);
/// let grid = Grid::new(draft)?;
/// assert_eq!(grid.criteria().count(), 1);
/// assert!(grid.content_hash().starts_with("sha256:"));
/// # Ok::<(), repere_core::Problems>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    draft: GridDraft,
    hash: String,
    /// Per criterion id, its dimension's and its own position, and its flat index.
    criteria: HashMap<Id, (usize, usize, usize)>,
    scales: HashMap<Id, usize>,
    /// Per criterion in display order (flat index): dimension, position and scale positions.
    flat: Vec<(usize, usize, usize)>,
}

/// The longest version string accepted.
const MAX_VERSION_LEN: usize = 64;

impl Grid {
    /// Validates a draft, reporting every problem at once.
    pub fn new(draft: GridDraft) -> Result<Self, Problems> {
        let mut problems = Vec::new();
        check_version(&draft.version, &mut problems);
        require_lang(
            &draft.title,
            &draft.default_lang,
            &Path::root().key("title"),
            &mut problems,
        );
        let source_ids = check_sources(&draft.sources, &mut problems);
        let scales = check_scales(&draft, &mut problems);
        let criteria = check_dimensions(&draft, &source_ids, &scales, &mut problems);
        check_backings(&draft, &source_ids, &mut problems);
        let flat = flat_index(&draft, &scales);
        let mut grid = Grid {
            hash: String::new(),
            criteria,
            scales,
            draft,
            flat,
        };
        grid.check_profiles(&mut problems);
        Problems::check(problems)?;
        grid.hash = grid.compute_hash();
        Ok(grid)
    }

    /// Checks the profiles shipped with the grid: unique ids, each consistent with the grid.
    fn check_profiles(&self, problems: &mut Vec<Problem>) {
        let mut profile_ids: Vec<&Id> = Vec::new();
        for p in &self.draft.profiles {
            let path = Path::root().key("profiles").id(&p.id);
            if profile_ids.contains(&&p.id) {
                problems.push(duplicate(path.clone(), ItemKind::Profile, &p.id));
            }
            profile_ids.push(&p.id);
            p.problems_for(self, &path, problems);
        }
    }

    /// The grid's parts.
    pub fn draft(&self) -> &GridDraft {
        &self.draft
    }

    /// Gives back the parts, to change and validate again.
    pub fn into_draft(self) -> GridDraft {
        self.draft
    }

    /// The grid's id.
    pub fn id(&self) -> &Id {
        &self.draft.id
    }

    /// The grid's version.
    pub fn version(&self) -> &str {
        &self.draft.version
    }

    /// The grid's title.
    pub fn title(&self) -> &Text {
        &self.draft.title
    }

    /// The default (fallback) language.
    pub fn default_lang(&self) -> &Lang {
        &self.draft.default_lang
    }

    /// The dimensions, in display order.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.draft.dimensions
    }

    /// The scales.
    pub fn scales(&self) -> &[Scale] {
        &self.draft.scales
    }

    /// The sources.
    pub fn sources(&self) -> &[Source] {
        &self.draft.sources
    }

    /// The profiles shipped with the grid.
    pub fn profiles(&self) -> &[Profile] {
        &self.draft.profiles
    }

    /// Every criterion with its dimension, in display order.
    pub fn criteria(&self) -> impl Iterator<Item = (&Dimension, &Criterion)> {
        self.draft
            .dimensions
            .iter()
            .flat_map(|d| d.criteria.iter().map(move |c| (d, c)))
    }

    /// The criterion with this id, with its dimension.
    pub fn criterion(&self, id: &str) -> Option<(&Dimension, &Criterion)> {
        let &(d, c, _) = self.criteria.get(id)?;
        let dim = &self.draft.dimensions[d];
        Some((dim, &dim.criteria[c]))
    }

    /// The number of criteria.
    pub(crate) fn criterion_count(&self) -> usize {
        self.flat.len()
    }

    /// The flat index of the criterion with this id (its position in [`Grid::criteria`]),
    /// trying `guess` first, without hashing. Usable while the grid is being validated.
    pub(crate) fn criterion_index(&self, id: &str, guess: usize) -> Option<usize> {
        match self.flat.get(guess) {
            Some(&(d, c, _)) if self.draft.dimensions[d].criteria[c].id.as_str() == id => {
                Some(guess)
            }
            _ => self.criteria.get(id).map(|&(.., i)| i),
        }
    }

    /// The scale of the criterion at a flat index (its position in [`Grid::criteria`]).
    pub(crate) fn scale_at(&self, index: usize) -> &Scale {
        &self.draft.scales[self.flat[index].2]
    }

    /// The criterion with this id, with its flat index (its position in [`Grid::criteria`])
    /// and its scale. The criterion at index `guess` is tried first, without hashing: ratings
    /// usually come in grid order.
    pub(crate) fn locate(&self, id: &str, guess: usize) -> Option<(usize, &Criterion, &Scale)> {
        let index = self.criterion_index(id, guess)?;
        let (d, c, s) = self.flat[index];
        Some((
            index,
            &self.draft.dimensions[d].criteria[c],
            &self.draft.scales[s],
        ))
    }

    /// The dimension with this id.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.draft.dimensions.iter().find(|d| d.id.as_str() == id)
    }

    /// The scale with this id.
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.get(id).map(|&i| &self.draft.scales[i])
    }

    /// The scale a criterion is rated on.
    pub fn scale_of(&self, criterion: &Criterion) -> &Scale {
        // Validation guarantees that every criterion's scale exists.
        &self.draft.scales[self.scales[&criterion.scale]]
    }

    /// The descriptor shown for a criterion at a level, with how it is backed and the
    /// provenance that holds for it: the criterion's own (rubric entry, inheriting the
    /// criterion's provenance) or else the scale level's (inheriting the grid's). `None` when
    /// neither describes the level.
    pub fn descriptor_of<'a>(
        &'a self,
        criterion: &'a Criterion,
        level: &Id,
    ) -> Option<(&'a Text, &'a Backing, Provenance)> {
        if let Some(t) = criterion.rubric_for(level) {
            let b = criterion.descriptor_backing(level);
            return Some((t, b, b.effective_provenance(criterion.provenance)));
        }
        let (_, lv) = self.scale_of(criterion).level(level.as_str())?;
        (!lv.descriptor.is_empty()).then(|| {
            (
                &lv.descriptor,
                &lv.descriptor_backing,
                self.level_descriptor_provenance(lv),
            )
        })
    }

    /// The provenance of a scale level's descriptor: its own, or else the grid's (inherited).
    pub fn level_descriptor_provenance(&self, level: &Level) -> Provenance {
        level
            .descriptor_backing
            .effective_provenance(self.draft.provenance)
    }

    /// The profile with this id.
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.draft.profiles.iter().find(|p| p.id.as_str() == id)
    }

    /// The profile used when none is named: the grid's first profile, or else the built-in
    /// default ([`Profile::default_for`]).
    pub fn default_profile(&self) -> Profile {
        self.draft
            .profiles
            .first()
            .cloned()
            .unwrap_or_else(|| Profile::default_for(self))
    }

    /// The content hash, `sha256:` followed by 64 hexadecimal digits.
    ///
    /// It covers everything an assessment's ratings refer to (ids, version, texts, scales,
    /// criteria, sources, provenance) and not the profiles, so that an assessment made on
    /// another content of the same id and version is detected, while adding a profile does not
    /// invalidate existing assessments.
    pub fn content_hash(&self) -> &str {
        &self.hash
    }

    fn compute_hash(&self) -> String {
        let mut c = Canonical::default();
        let g = &self.draft;
        c.field("grid", g.id.as_str());
        c.field("version", &g.version);
        c.text("title", &g.title);
        c.text("description", &g.description);
        c.field("default-lang", g.default_lang.as_str());
        c.field("provenance", g.provenance.as_str());
        for s in &g.sources {
            c.field("source", s.id.as_str());
            c.field("title", &s.title);
            c.opt("url", s.url.as_deref());
            c.opt("year", s.year.map(|y| y.to_string()).as_deref());
            c.opt("note", s.note.as_deref());
        }
        for s in &g.scales {
            c.field("scale", s.id.as_str());
            c.text("label", &s.label);
            match &s.kind {
                ScaleKind::Ordinal(levels) => {
                    for l in levels {
                        c.field("level", l.id.as_str());
                        c.field("value", &l.value.to_string());
                        c.text("label", &l.label);
                        c.text("descriptor", &l.descriptor);
                        // Only when given, so that grids without it keep their hash.
                        c.backing("descriptor-backing", &l.descriptor_backing);
                    }
                }
                ScaleKind::Range { min, max, unit } => {
                    c.field("range", &format!("{:?} {:?}", min.to_bits(), max.to_bits()));
                    c.opt("unit", unit.as_deref());
                }
                ScaleKind::Percentage => c.field("percentage", ""),
                ScaleKind::Boolean { yes, no } => {
                    c.text("yes", yes);
                    c.text("no", no);
                }
            }
        }
        for d in &g.dimensions {
            c.field("dimension", d.id.as_str());
            c.text("label", &d.label);
            c.text("description", &d.description);
            c.field("provenance", d.provenance.as_str());
            c.ids("sources", &d.sources);
            for k in &d.criteria {
                c.field("criterion", k.id.as_str());
                c.text("label", &k.label);
                c.text("description", &k.description);
                for q in &k.questions {
                    c.text("question", q);
                }
                c.field("scale", k.scale.as_str());
                for (l, t) in &k.rubric {
                    c.field("rubric", l.as_str());
                    c.text("descriptor", t);
                }
                for e in &k.evidence {
                    c.text("evidence", e);
                }
                for s in &k.data_sources {
                    c.field("data-source", s.as_str());
                }
                for p in &k.phases {
                    c.field("phase", p.as_str());
                }
                for r in &k.roles {
                    c.field("role", r.as_str());
                }
                c.field("provenance", k.provenance.as_str());
                c.ids("sources", &k.sources);
                // What follows is absent from grids written before measures and descriptor
                // backings existed: written only when given, it leaves their hash unchanged.
                for (l, b) in k.rubric_backing.iter().filter(|(_, b)| !b.is_inherited()) {
                    c.field("rubric-backing", l.as_str());
                    c.backing("backing", b);
                }
                if let Some(m) = &k.measure {
                    c.text("measure", &m.description);
                    c.backing("measure-backing", &m.backing);
                }
            }
        }
        let digest = Sha256::digest(c.0.as_bytes());
        let mut out = String::with_capacity(71);
        out.push_str("sha256:");
        for b in digest {
            let _ = write!(out, "{b:02x}");
        }
        out
    }
}

/// A length-prefixed canonical encoding, so that no two different grids encode the same.
#[derive(Default)]
struct Canonical(String);

impl Canonical {
    fn field(&mut self, key: &str, value: &str) {
        let _ = write!(self.0, "{key}:{}:{value};", value.len());
    }
    fn opt(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.field(key, v),
            None => self.field(key, "\u{0}none"),
        }
    }
    fn text(&mut self, key: &str, t: &Text) {
        let _ = write!(self.0, "{key}{{");
        for (l, s) in t.iter() {
            self.field(l.as_str(), s);
        }
        self.0.push('}');
    }
    fn ids(&mut self, key: &str, ids: &[Id]) {
        for i in ids {
            self.field(key, i.as_str());
        }
    }
    /// A backing, written only when it says something of its own.
    fn backing(&mut self, key: &str, b: &Backing) {
        if b.is_inherited() {
            return;
        }
        let _ = write!(self.0, "{key}{{");
        self.opt("provenance", b.provenance.map(Provenance::as_str));
        self.ids("source", &b.sources);
        self.0.push('}');
    }
}

/// A duplicate id of an item other than a criterion, reported at `path`.
fn duplicate(path: Path, what: ItemKind, id: &Id) -> Problem {
    Problem::new(
        path,
        ProblemKind::DuplicateId {
            what,
            id: id.clone(),
        },
    )
}

/// The version: not empty, short, without spaces.
fn check_version(version: &str, out: &mut Vec<Problem>) {
    if version.trim().is_empty()
        || version.len() > MAX_VERSION_LEN
        || version.chars().any(char::is_whitespace)
    {
        out.push(Problem::new(
            Path::root().key("version"),
            ProblemKind::InvalidVersion {
                found: version.to_owned(),
            },
        ));
    }
}

/// Unique source ids; returns the ids, in order (repeats included).
fn check_sources<'a>(sources: &'a [Source], out: &mut Vec<Problem>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = Vec::new();
    for s in sources {
        if ids.contains(&s.id.as_str()) {
            out.push(duplicate(
                Path::root().key("sources").id(&s.id),
                ItemKind::Source,
                &s.id,
            ));
        }
        ids.push(s.id.as_str());
    }
    ids
}

/// Unique scale ids, well-formed scales, labels in the default language; returns each
/// scale's position by id (the last of duplicates).
fn check_scales(draft: &GridDraft, out: &mut Vec<Problem>) -> HashMap<Id, usize> {
    let lang = &draft.default_lang;
    let mut scales = HashMap::new();
    for (i, s) in draft.scales.iter().enumerate() {
        let path = Path::root().key("scales").id(&s.id);
        if scales.insert(s.id.clone(), i).is_some() {
            out.push(duplicate(path.clone(), ItemKind::Scale, &s.id));
        }
        s.problems(&path, out);
        for l in s.levels() {
            require_lang(
                &l.label,
                lang,
                &path.key("levels").id(&l.id).key("label"),
                out,
            );
        }
        if let ScaleKind::Boolean { yes, no } = &s.kind {
            require_lang(yes, lang, &path.key("yes"), out);
            require_lang(no, lang, &path.key("no"), out);
        }
    }
    scales
}

/// Per criterion id, its dimension's and its own position and its flat index.
type CriterionIndex = HashMap<Id, (usize, usize, usize)>;

/// At least one dimension; unique dimension and criterion ids; labels, sources, scales and
/// rubrics of dimensions and criteria. Returns the criteria by id (the first of duplicates).
fn check_dimensions(
    draft: &GridDraft,
    source_ids: &[&str],
    scales: &HashMap<Id, usize>,
    out: &mut Vec<Problem>,
) -> CriterionIndex {
    let lang = &draft.default_lang;
    if draft.dimensions.is_empty() {
        out.push(Problem::new(
            Path::root().key("dimensions"),
            ProblemKind::NoDimensions,
        ));
    }
    let mut dim_ids: Vec<&Id> = Vec::new();
    let mut criteria = CriterionIndex::new();
    let mut flat_count = 0;
    for (d, dim) in draft.dimensions.iter().enumerate() {
        let dpath = Path::root().key("dimensions").id(&dim.id);
        if dim_ids.contains(&&dim.id) {
            out.push(duplicate(dpath.clone(), ItemKind::Dimension, &dim.id));
        }
        dim_ids.push(&dim.id);
        require_lang(&dim.label, lang, &dpath.key("label"), out);
        check_references(&dim.sources, source_ids, &dpath, out);
        if dim.criteria.is_empty() {
            out.push(Problem::new(
                dpath.key("criteria"),
                ProblemKind::NoCriteria {
                    dimension: dim.id.clone(),
                },
            ));
        }
        for (c, crit) in dim.criteria.iter().enumerate() {
            let cpath = dpath.key("criteria").id(&crit.id);
            if let Some(&(od, _, _)) = criteria.get(&crit.id) {
                out.push(Problem::new(
                    cpath.clone(),
                    ProblemKind::DuplicateCriterion {
                        id: crit.id.clone(),
                        dimension: draft.dimensions[od].id.clone(),
                    },
                ));
            } else {
                criteria.insert(crit.id.clone(), (d, c, flat_count));
            }
            flat_count += 1;
            check_criterion(draft, crit, &cpath, source_ids, scales, out);
        }
    }
    criteria
}

/// A criterion's label, sources, scale and rubric.
fn check_criterion(
    draft: &GridDraft,
    crit: &Criterion,
    cpath: &Path,
    source_ids: &[&str],
    scales: &HashMap<Id, usize>,
    out: &mut Vec<Problem>,
) {
    require_lang(&crit.label, &draft.default_lang, &cpath.key("label"), out);
    check_references(&crit.sources, source_ids, cpath, out);
    match scales.get(&crit.scale) {
        None => out.push(Problem::new(
            cpath.key("scale"),
            ProblemKind::UnknownReference {
                what: ItemKind::Scale,
                id: crit.scale.clone(),
                suggestion: suggestion(
                    crit.scale.as_str(),
                    draft.scales.iter().map(|s| s.id.as_str()),
                ),
            },
        )),
        Some(&si) => check_rubric_levels(crit, &draft.scales[si], cpath, out),
    }
    for (i, (level, _)) in crit.rubric.iter().enumerate() {
        if crit.rubric[..i].iter().any(|(l, _)| l == level) {
            out.push(Problem::new(
                cpath.key("rubric").id(level),
                ProblemKind::Repeated {
                    what: Entry::Descriptor,
                    id: level.clone(),
                },
            ));
        }
    }
}

/// Every level a criterion's rubric describes is a level of its scale.
fn check_rubric_levels(crit: &Criterion, scale: &Scale, cpath: &Path, out: &mut Vec<Problem>) {
    for (level, _) in &crit.rubric {
        if scale.level(level.as_str()).is_none() {
            out.push(Problem::new(
                cpath.key("rubric").id(level),
                ProblemKind::UnknownRubricLevel {
                    level: level.clone(),
                    scale: scale.id.clone(),
                    suggestion: suggestion(
                        level.as_str(),
                        scale.levels().iter().map(|l| l.id.as_str()),
                    ),
                },
            ));
        }
    }
}

/// Per criterion in display order: its dimension's and its own position and its scale's. A
/// scale position of `usize::MAX` (an unknown scale) only exists in a grid that fails
/// validation.
fn flat_index(draft: &GridDraft, scales: &HashMap<Id, usize>) -> Vec<(usize, usize, usize)> {
    draft
        .dimensions
        .iter()
        .enumerate()
        .flat_map(|(d, dim)| dim.criteria.iter().enumerate().map(move |(c, k)| (d, c, k)))
        .map(|(d, c, k)| (d, c, scales.get(&k.scale).copied().unwrap_or(usize::MAX)))
        .collect()
}

fn require_lang(t: &Text, lang: &Lang, path: &Path, out: &mut Vec<Problem>) {
    if t.exact(lang).is_none_or(|s| s.trim().is_empty()) {
        out.push(Problem::new(
            path.clone(),
            ProblemKind::MissingTranslation {
                lang: lang.clone(),
                available: t.langs().next().cloned(),
            },
        ));
    }
}

/// Below the criterion: the sources cited by level descriptors and measures exist, every
/// backed rubric level has a descriptor, and measures are written in the default language.
fn check_backings(draft: &GridDraft, source_ids: &[&str], out: &mut Vec<Problem>) {
    for s in &draft.scales {
        for l in s.levels() {
            let path = Path::root()
                .key("scales")
                .id(&s.id)
                .key("levels")
                .id(&l.id)
                .key("descriptor-sources");
            check_cited(&l.descriptor_backing.sources, source_ids, &path, out);
        }
    }
    for d in &draft.dimensions {
        for c in &d.criteria {
            let cpath = Path::root()
                .key("dimensions")
                .id(&d.id)
                .key("criteria")
                .id(&c.id);
            for (i, (level, b)) in c.rubric_backing.iter().enumerate() {
                // The file keys: `rubric-provenance` and `rubric-sources`, tables by level.
                let key = if b.provenance.is_some() {
                    "rubric-provenance"
                } else {
                    "rubric-sources"
                };
                let path = cpath.key(key).id(level);
                if c.rubric_backing[..i].iter().any(|(l, _)| l == level) {
                    out.push(Problem::new(
                        path.clone(),
                        ProblemKind::Repeated {
                            what: Entry::Descriptor,
                            id: level.clone(),
                        },
                    ));
                }
                if c.rubric_for(level).is_none() {
                    out.push(Problem::new(
                        path,
                        ProblemKind::BackingWithoutDescriptor {
                            level: level.clone(),
                            criterion: c.id.clone(),
                            suggestion: suggestion(
                                level.as_str(),
                                c.rubric.iter().map(|(l, _)| l.as_str()),
                            ),
                        },
                    ));
                }
                let sources = cpath.key("rubric-sources").id(level);
                check_cited(&b.sources, source_ids, &sources, out);
            }
            if let Some(m) = &c.measure {
                require_lang(
                    &m.description,
                    &draft.default_lang,
                    &cpath.key("measure"),
                    out,
                );
                check_cited(
                    &m.backing.sources,
                    source_ids,
                    &cpath.key("measure-sources"),
                    out,
                );
            }
        }
    }
}

/// Every source cited in the list at `path` exists.
pub(crate) fn check_cited(ids: &[Id], known: &[&str], path: &Path, out: &mut Vec<Problem>) {
    for id in ids {
        if !known.contains(&id.as_str()) {
            out.push(Problem::new(
                path.id(id),
                ProblemKind::UnknownReference {
                    what: ItemKind::Source,
                    id: id.clone(),
                    suggestion: suggestion(id.as_str(), known.iter().copied()),
                },
            ));
        }
    }
}

/// Every source cited exists.
fn check_references(ids: &[Id], known: &[&str], path: &Path, out: &mut Vec<Problem>) {
    for id in ids {
        if !known.contains(&id.as_str()) {
            out.push(Problem::new(
                path.key("sources").id(id),
                ProblemKind::UnknownReference {
                    what: ItemKind::Source,
                    id: id.clone(),
                    suggestion: suggestion(id.as_str(), known.iter().copied()),
                },
            ));
        }
    }
}
