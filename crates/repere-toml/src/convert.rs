//! Conversion between the file types and the core model, both ways.

use repere_core::{
    Aggregation, Assessment, Assessor, Backing, Band, Cap, Criterion, Dimension, Evidence, Gate,
    GateTarget, Grid, GridDraft, GridRef, Id, Indicator, Lang, Level, Path, ProblemKind, Process,
    Profile, Provenance, Rating, RatingValue, Scale, ScaleKind, Source, Text, Threshold, Value,
};

use crate::issue::{FileProblem, Issue, IssueKind};

use crate::raw::{
    AssessmentFile, AssessmentKind, AssessorEntry, BandEntry, CriterionEntry, DimensionEntry,
    EvidenceEntry, FileDate, GateEntry, GridFile, GridKind, GridRefEntry, LevelEntry, LocalText,
    Named, OrderedMap, ProcessEntry, ProfileBody, RatingEntry, Scalar, ScaleEntry, ScaleKindName,
    SourceEntry,
};

/// Collects conversion problems.
struct Cx<'a> {
    lang: &'a Lang,
    problems: Vec<Issue>,
    /// Whether something of the file was left out of the result (an item with an unusable id,
    /// a text in an unusable language): the result cannot then be validated as a whole
    /// without reporting consequences of the problems already reported.
    dropped: bool,
}

impl Cx<'_> {
    fn id(&mut self, s: &str, path: Path) -> Option<Id> {
        match Id::new(s) {
            Ok(id) => Some(id),
            Err(e) => {
                self.problems
                    .push(Issue::model(path, ProblemKind::InvalidId(e)));
                self.dropped = true;
                None
            }
        }
    }

    fn ids(&mut self, list: &[String], path: &Path) -> Vec<Id> {
        list.iter()
            .enumerate()
            .filter_map(|(i, s)| self.id(s, path.index(i)))
            .collect()
    }

    fn text(&mut self, t: &LocalText, path: Path) -> Text {
        match t {
            LocalText::Plain(s) => Text::new(self.lang.clone(), s.clone()),
            LocalText::ByLang(entries) => {
                let mut out = Text::empty();
                for (l, s) in entries {
                    match Lang::new(l.clone()) {
                        Ok(lang) => out.insert(lang, s.clone()),
                        Err(e) => {
                            self.problems
                                .push(Issue::model(path.id(l), ProblemKind::InvalidId(e)));
                            self.dropped = true;
                        }
                    }
                }
                out
            }
        }
    }

    fn opt_text(&mut self, t: &Option<LocalText>, path: Path) -> Text {
        t.as_ref().map_or_else(Text::empty, |t| self.text(t, path))
    }
}

/// Converts a grid file into a draft, with the problems found on the way. The draft is
/// `None` when something was left out of it (an unusable id or language), so that validating
/// it would report consequences of the problems already found rather than the file's.
pub(crate) fn grid_from_raw(file: GridFile) -> (Option<GridDraft>, Vec<Issue>) {
    let root = Path::root();
    let mut first = Vec::new();
    let lang = match Lang::new(file.default_lang.clone()) {
        Ok(l) => l,
        Err(e) => {
            first.push(Issue::model(
                root.key("default-lang"),
                ProblemKind::InvalidId(e),
            ));
            Lang::en()
        }
    };
    let mut cx = Cx {
        lang: &lang,
        dropped: !first.is_empty(),
        problems: first,
    };
    let id = cx.id(&file.id, root.key("id"));
    let title = cx.text(&file.title, root.key("title"));
    let description = cx.opt_text(&file.description, root.key("description"));
    let sources: Vec<Source> = file
        .sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let p = root.key("sources").index(i);
            Some(Source {
                id: cx.id(&s.id, p.key("id"))?,
                title: s.title.clone(),
                url: s.url.clone(),
                year: s.year,
                note: s.note.clone(),
            })
        })
        .collect();
    let scales: Vec<Scale> = file
        .scales
        .iter()
        .enumerate()
        .filter_map(|(i, s)| scale_from_raw(&mut cx, s, root.key("scales").index(i)))
        .collect();
    let dimensions: Vec<Dimension> = file
        .dimensions
        .iter()
        .enumerate()
        .filter_map(|(i, d)| dimension_from_raw(&mut cx, d, root.key("dimensions").index(i)))
        .collect();
    let mut problems = cx.problems;
    let mut dropped = cx.dropped;
    let mut profiles = Vec::new();
    for (i, p) in file.profiles.iter().enumerate() {
        let (profile, mut more) = profile_from_raw(p.clone(), &lang);
        let prefix = root.key("profiles").index(i);
        for m in &mut more {
            m.path = prefix.join(&m.path);
        }
        problems.extend(more);
        match profile {
            Some(p) => profiles.push(p),
            None => dropped = true,
        }
    }
    if dropped {
        return (None, problems);
    }
    let draft = id.map(|id| GridDraft {
        id,
        version: file.version.clone(),
        title,
        description,
        default_lang: lang.clone(),
        provenance: file.provenance.map_or(Provenance::Illustrative, |n| n.0),
        sources,
        scales,
        dimensions,
        profiles,
    });
    (draft, problems)
}

fn scale_from_raw(cx: &mut Cx<'_>, s: &ScaleEntry, p: Path) -> Option<Scale> {
    let id = cx.id(&s.id, p.key("id"));
    let label = cx.opt_text(&s.label, p.key("label"));
    let scale_kind = s.kind.as_str();
    let stray = |present: bool, key: &'static str, cx: &mut Cx<'_>| {
        if present {
            cx.problems.push(Issue::file(
                p.key(key),
                FileProblem::KeyForOtherScaleKind { key, scale_kind },
            ));
        }
    };
    stray(
        !s.levels.is_empty() && s.kind != ScaleKindName::Ordinal,
        "levels",
        cx,
    );
    stray(s.min.is_some() && s.kind != ScaleKindName::Range, "min", cx);
    stray(s.max.is_some() && s.kind != ScaleKindName::Range, "max", cx);
    stray(
        s.unit.is_some() && s.kind != ScaleKindName::Range,
        "unit",
        cx,
    );
    stray(
        s.yes.is_some() && s.kind != ScaleKindName::Boolean,
        "yes",
        cx,
    );
    stray(s.no.is_some() && s.kind != ScaleKindName::Boolean, "no", cx);
    let kind = match s.kind {
        ScaleKindName::Ordinal => ScaleKind::Ordinal(
            s.levels
                .iter()
                .enumerate()
                .filter_map(|(i, l)| {
                    let lp = p.key("levels").index(i);
                    Some(Level {
                        id: cx.id(&l.id, lp.key("id"))?,
                        value: l.value,
                        label: cx.text(&l.label, lp.key("label")),
                        descriptor: cx.opt_text(&l.descriptor, lp.key("descriptor")),
                        descriptor_backing: Backing {
                            provenance: l.descriptor_provenance.map(|n| n.0),
                            sources: cx.ids(&l.descriptor_sources, &lp.key("descriptor-sources")),
                        },
                    })
                })
                .collect(),
        ),
        ScaleKindName::Range => {
            let (min, max) = match (s.min, s.max) {
                (Some(min), Some(max)) => (min, max),
                (min, max) => {
                    cx.problems.push(Issue::file(
                        p.clone(),
                        FileProblem::RangeBoundsMissing {
                            min: min.is_none(),
                            max: max.is_none(),
                        },
                    ));
                    // Stand-in bounds, valid whatever the other is, so that the rest of the
                    // grid is still checked.
                    match (min, max) {
                        (Some(min), None) => (min, min + 1.0),
                        (None, Some(max)) => (max - 1.0, max),
                        _ => (0.0, 1.0),
                    }
                }
            };
            ScaleKind::Range {
                min,
                max,
                unit: s.unit.clone(),
            }
        }
        ScaleKindName::Percentage => ScaleKind::Percentage,
        ScaleKindName::Boolean => ScaleKind::Boolean {
            yes: s.yes.as_ref().map_or_else(
                || Text::new(Lang::fr(), "Oui").with(Lang::en(), "Yes"),
                |t| cx.text(t, p.key("yes")),
            ),
            no: s.no.as_ref().map_or_else(
                || Text::new(Lang::fr(), "Non").with(Lang::en(), "No"),
                |t| cx.text(t, p.key("no")),
            ),
        },
    };
    Some(Scale {
        id: id?,
        label,
        kind,
    })
}

fn dimension_from_raw(cx: &mut Cx<'_>, d: &DimensionEntry, p: Path) -> Option<Dimension> {
    let id = cx.id(&d.id, p.key("id"));
    let label = cx.text(&d.label, p.key("label"));
    let description = cx.opt_text(&d.description, p.key("description"));
    let sources = cx.ids(&d.sources, &p.key("sources"));
    let criteria = d
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(i, c)| criterion_from_raw(cx, c, p.key("criteria").index(i)))
        .collect();
    Some(Dimension {
        id: id?,
        label,
        description,
        provenance: d.provenance.map_or(Provenance::Illustrative, |n| n.0),
        sources,
        criteria,
    })
}

fn criterion_from_raw(cx: &mut Cx<'_>, c: &CriterionEntry, p: Path) -> Option<Criterion> {
    let id = cx.id(&c.id, p.key("id"));
    let scale = cx.id(&c.scale, p.key("scale"));
    let label = cx.text(&c.label, p.key("label"));
    let description = cx.opt_text(&c.description, p.key("description"));
    let questions = c
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| cx.text(q, p.key("questions").index(i)))
        .collect();
    let rubric = c
        .rubric
        .0
        .iter()
        .filter_map(|(l, t)| {
            let lp = p.key("rubric").id(l);
            Some((cx.id(l, lp.clone())?, cx.text(t, lp)))
        })
        .collect();
    let evidence = c
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| cx.text(e, p.key("evidence").index(i)))
        .collect();
    let sources = cx.ids(&c.sources, &p.key("sources"));
    let mut rubric_backing: Vec<(Id, Backing)> = Vec::new();
    for (l, n) in &c.rubric_provenance.0 {
        if let Some(level) = cx.id(l, p.key("rubric-provenance").id(l)) {
            rubric_backing.push((level, Backing::new(n.0)));
        }
    }
    for (l, ids) in &c.rubric_sources.0 {
        let lp = p.key("rubric-sources").id(l);
        let Some(level) = cx.id(l, lp.clone()) else {
            continue;
        };
        let ids = cx.ids(ids, &lp);
        match rubric_backing.iter_mut().find(|(x, _)| *x == level) {
            Some((_, b)) if b.sources.is_empty() => b.sources = ids,
            _ => rubric_backing.push((
                level,
                Backing {
                    provenance: None,
                    sources: ids,
                },
            )),
        }
    }
    let measure_backing = Backing {
        provenance: c.measure_provenance.map(|n| n.0),
        sources: cx.ids(&c.measure_sources, &p.key("measure-sources")),
    };
    let measure = match &c.measure {
        Some(t) => Some(Indicator {
            description: cx.text(t, p.key("measure")),
            backing: measure_backing,
        }),
        None => {
            if !measure_backing.is_inherited() {
                let key = if c.measure_provenance.is_some() {
                    "measure-provenance"
                } else {
                    "measure-sources"
                };
                cx.problems
                    .push(Issue::file(p.key(key), FileProblem::MeasureBackingAlone));
            }
            None
        }
    };
    Some(Criterion {
        id: id?,
        label,
        description,
        questions,
        scale: scale?,
        rubric,
        rubric_backing,
        measure,
        evidence,
        data_sources: c.data_sources.iter().map(|n| n.0).collect(),
        phases: c.phases.iter().map(|n| n.0).collect(),
        roles: c.roles.iter().map(|n| n.0).collect(),
        provenance: c.provenance.map_or(Provenance::Illustrative, |n| n.0),
        sources,
    })
}

/// Converts a profile body; problems are located relative to the profile. The profile is
/// `None` when something was left out of it (see [`grid_from_raw`]).
pub(crate) fn profile_from_raw(b: ProfileBody, lang: &Lang) -> (Option<Profile>, Vec<Issue>) {
    let p = Path::root();
    let mut cx = Cx {
        lang,
        problems: Vec::new(),
        dropped: false,
    };
    let id = cx.id(&b.id, p.key("id"));
    let label = cx.text(&b.label, p.key("label"));
    let description = cx.opt_text(&b.description, p.key("description"));
    let weights_source = b
        .weights_source
        .as_ref()
        .map(|t| cx.text(t, p.key("weights-source")));
    let dimension_rules = b
        .dimension_rules
        .0
        .iter()
        .filter_map(|(d, a)| Some((cx.id(d, p.key("dimension-rules").id(d))?, a.0)))
        .collect();
    let weights = |m: &OrderedMap<f64>, key: &'static str, cx: &mut Cx<'_>| -> Vec<(Id, f64)> {
        m.0.iter()
            .filter_map(|(k, w)| Some((cx.id(k, p.key(key).id(k))?, *w)))
            .collect()
    };
    let criterion_weights = weights(&b.criterion_weights, "criterion-weights", &mut cx);
    let dimension_weights = weights(&b.dimension_weights, "dimension-weights", &mut cx);
    let gates = b
        .gates
        .iter()
        .enumerate()
        .filter_map(|(i, g)| gate_from_raw(&mut cx, g, p.key("gates").index(i)))
        .collect();
    let bands = b
        .bands
        .iter()
        .enumerate()
        .filter_map(|(i, band)| {
            let bp = p.key("bands").index(i);
            Some(Band {
                id: cx.id(&band.id, bp.key("id"))?,
                label: cx.text(&band.label, bp.key("label")),
                min: band.min,
                color: band.color.clone(),
            })
        })
        .collect();
    let weights_backing = Backing {
        provenance: b.weights_provenance.map(|n| n.0),
        sources: cx.ids(&b.weights_sources, &p.key("weights-sources")),
    };
    let bands_backing = Backing {
        provenance: b.bands_provenance.map(|n| n.0),
        sources: cx.ids(&b.bands_sources, &p.key("bands-sources")),
    };
    let profile = id.map(|id| Profile {
        id,
        label,
        description,
        weights_source,
        provenance: b.provenance.map_or(Provenance::Illustrative, |n| n.0),
        weights_backing,
        bands_backing,
        dimension_rule: b.dimension_rule.map_or(Aggregation::WeightedMean, |n| n.0),
        dimension_rules,
        overall: b.overall.map_or(Aggregation::None, |n| n.0),
        criterion_weights,
        dimension_weights,
        gates,
        bands,
        min_completeness: b.min_completeness.unwrap_or(0.0),
    });
    if cx.dropped {
        return (None, cx.problems);
    }
    (profile, cx.problems)
}

fn gate_from_raw(cx: &mut Cx<'_>, g: &GateEntry, p: Path) -> Option<Gate> {
    let gate = gate_parts(cx, g, p);
    if gate.is_none() {
        cx.dropped = true;
    }
    gate
}

fn gate_parts(cx: &mut Cx<'_>, g: &GateEntry, p: Path) -> Option<Gate> {
    let criterion = cx.id(&g.criterion, p.key("criterion"));
    let below = match &g.below {
        Scalar::Str(s) => cx.id(s, p.key("below")).map(Threshold::Level),
        Scalar::Int(i) => Some(Threshold::Score(*i as f64)),
        Scalar::Float(x) => Some(Threshold::Score(*x)),
        Scalar::Bool(_) => {
            cx.problems
                .push(Issue::file(p.key("below"), FileProblem::ThresholdIsBoolean));
            None
        }
    };
    let target = match (&g.dimension, g.overall) {
        (Some(d), None | Some(false)) => cx.id(d, p.key("dimension")).map(GateTarget::Dimension),
        (None, Some(true)) => Some(GateTarget::Overall),
        (Some(_), Some(true)) => {
            cx.problems
                .push(Issue::file(p.key("overall"), FileProblem::GateTargetsBoth));
            None
        }
        (None, _) => {
            cx.problems
                .push(Issue::file(p.clone(), FileProblem::GateTargetMissing));
            None
        }
    };
    let cap = match (&g.cap, &g.cap_band) {
        (Some(c), None) => Some(Cap::Score(*c)),
        (None, Some(b)) => cx.id(b, p.key("cap-band")).map(Cap::Band),
        _ => {
            cx.problems
                .push(Issue::file(p.clone(), FileProblem::GateCapNotOne));
            None
        }
    };
    let reason = cx.opt_text(&g.reason, p.key("reason"));
    let backing = Backing {
        provenance: g.provenance.map(|n| n.0),
        sources: cx.ids(&g.sources, &p.key("sources")),
    };
    Some(Gate {
        criterion: criterion?,
        below: below?,
        target: target?,
        cap: cap?,
        reason,
        backing,
    })
}

/// Converts an assessment file, resolving level values against the grid.
pub(crate) fn assessment_from_raw(
    f: &AssessmentFile,
    grid: &Grid,
) -> (Option<Assessment>, Vec<Issue>) {
    let p = Path::root();
    let lang = grid.default_lang().clone();
    let mut cx = Cx {
        lang: &lang,
        problems: Vec::new(),
        dropped: false,
    };
    let grid_id = cx.id(&f.grid.id, p.key("grid").key("id"));
    let process = Process {
        name: f.process.name.clone(),
        kind: f.process.kind.map(|n| n.0),
        organiser: f.process.organiser.clone(),
        commissioner: f.process.commissioner.clone(),
        territory: f.process.territory.clone(),
        start: f.process.start.map(|d| d.0),
        end: f.process.end.map(|d| d.0),
        participants: f.process.participants,
        iap2: f.process.iap2.map(|n| n.0),
        description: f.process.description.clone(),
        sources: f.process.sources.clone(),
    };
    let assessor = Assessor {
        name: f.assessor.name.clone(),
        role: f.assessor.role.0,
        organisation: f.assessor.organisation.clone(),
    };
    let mut ratings = Vec::new();
    for (i, r) in f.ratings.iter().enumerate() {
        let rp = p.key("ratings").index(i);
        let Some(criterion) = cx.id(&r.criterion, rp.key("criterion")) else {
            continue;
        };
        let rp = p.key("ratings").id(&criterion);
        let scale = grid
            .criterion(criterion.as_str())
            .map(|(_, c)| grid.scale_of(c));
        let given = [
            r.level.is_some(),
            r.value.is_some(),
            r.not_applicable.is_some(),
            r.not_assessed.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if given > 1 {
            cx.problems.push(Issue::file(
                rp.clone(),
                FileProblem::SeveralValues {
                    criterion: criterion.clone(),
                },
            ));
            continue;
        }
        let rated = match (&r.level, &r.value) {
            (Some(l), _) => Some(level_value(l, scale, &criterion)),
            (None, Some(v)) => Some(plain_value(v, scale, &criterion)),
            (None, None) => None,
        };
        let value = if let Some(rated) = rated {
            match rated {
                Ok(v) => RatingValue::Rated(v),
                Err(kind) => {
                    cx.problems.push(Issue {
                        path: rp.key("value"),
                        kind,
                    });
                    continue;
                }
            }
        } else if let Some(reason) = &r.not_applicable {
            RatingValue::NotApplicable {
                reason: reason.clone(),
            }
        } else if r.not_assessed == Some(false) {
            cx.problems.push(Issue::file(
                rp.key("not-assessed"),
                FileProblem::NotAssessedFalse,
            ));
            continue;
        } else {
            RatingValue::NotAssessed
        };
        ratings.push(Rating {
            criterion,
            value,
            justification: r.justification.clone().filter(|j| !j.trim().is_empty()),
            evidence: r
                .evidence
                .iter()
                .map(|e| Evidence {
                    reference: e.reference.clone(),
                    excerpt: e.excerpt.clone(),
                    date: e.date.map(|d| d.0),
                    collected_by: e.collected_by.clone(),
                })
                .collect(),
            confidence: r.confidence.map(|n| n.0),
        });
    }
    let mut targets = Vec::new();
    for (c, v) in &f.targets.0 {
        let tp = p.key("targets").id(c);
        let Some(criterion) = cx.id(c, tp.clone()) else {
            continue;
        };
        let scale = grid
            .criterion(criterion.as_str())
            .map(|(_, k)| grid.scale_of(k));
        let value = match (v, scale.map(|s| &s.kind)) {
            (Scalar::Str(_) | Scalar::Int(_), Some(ScaleKind::Ordinal(_))) => {
                level_value(v, scale, &criterion)
            }
            _ => plain_value(v, scale, &criterion),
        };
        match value {
            Ok(v) => targets.push((criterion, v)),
            Err(kind) => cx.problems.push(Issue { path: tp, kind }),
        }
    }
    let assessment = grid_id.map(|id| Assessment {
        grid: GridRef {
            id,
            version: f.grid.version.clone(),
            hash: f.grid.hash.clone(),
        },
        process,
        phase: f.phase.0,
        assessor,
        date: f.date.map(|d| d.0),
        ratings,
        targets,
        notes: f.notes.clone(),
    });
    (assessment, cx.problems)
}

/// A level, given by id or by value.
fn level_value(v: &Scalar, scale: Option<&Scale>, criterion: &Id) -> Result<Value, IssueKind> {
    let invalid = |e| IssueKind::File(FileProblem::InvalidLevelId(e));
    match (v, scale) {
        (_, Some(s)) if !matches!(s.kind, ScaleKind::Ordinal(_)) => {
            Err(IssueKind::File(FileProblem::LevelWithoutLevels {
                criterion: criterion.clone(),
                scale_kind: s.kind_name(),
                expects: s.expects(),
            }))
        }
        (Scalar::Str(s), _) => Id::new(s.clone()).map(Value::Level).map_err(invalid),
        (Scalar::Int(n), Some(s)) => s
            .levels()
            .iter()
            .find(|l| l.value == *n)
            .map(|l| Value::Level(l.id.clone()))
            .ok_or_else(|| {
                IssueKind::File(FileProblem::NoLevelOfValue {
                    scale: s.id.clone(),
                    value: *n,
                    levels: s.levels().iter().map(|l| (l.value, l.id.clone())).collect(),
                })
            }),
        (Scalar::Int(n), None) => Id::new(n.to_string()).map(Value::Level).map_err(invalid),
        (other, _) => Err(IssueKind::File(FileProblem::NotALevel {
            found: other.clone(),
        })),
    }
}

/// A number or true/false.
fn plain_value(v: &Scalar, scale: Option<&Scale>, criterion: &Id) -> Result<Value, IssueKind> {
    if let Some(s) = scale
        && matches!(s.kind, ScaleKind::Ordinal(_))
    {
        return Err(IssueKind::File(FileProblem::NumberOnOrdinalScale {
            criterion: criterion.clone(),
            scale: s.id.clone(),
            levels: s.levels().iter().map(|l| l.id.clone()).collect(),
        }));
    }
    match v {
        Scalar::Int(n) => Ok(Value::Number(*n as f64)),
        Scalar::Float(x) if x.is_finite() => Ok(Value::Number(*x)),
        Scalar::Float(x) => Err(IssueKind::File(FileProblem::NotFinite { value: *x })),
        Scalar::Bool(b) => Ok(Value::Bool(*b)),
        Scalar::Str(s) => Err(IssueKind::File(FileProblem::NotANumber {
            found: s.clone(),
        })),
    }
}

// ---------------------------------------------------------------- core → file

fn text_to_raw(t: &Text) -> LocalText {
    LocalText::ByLang(
        t.iter()
            .map(|(l, s)| (l.to_string(), s.to_owned()))
            .collect(),
    )
}

fn ids_to_raw(ids: &[Id]) -> Vec<String> {
    ids.iter().map(Id::to_string).collect()
}

fn opt_text_to_raw(t: &Text) -> Option<LocalText> {
    (!t.is_empty()).then(|| text_to_raw(t))
}

/// The file form of a grid.
pub fn grid_to_raw(grid: &Grid) -> GridFile {
    let g = grid.draft();
    GridFile {
        kind: GridKind::Grid,
        format: crate::raw::FORMAT,
        id: g.id.to_string(),
        version: g.version.clone(),
        default_lang: g.default_lang.to_string(),
        provenance: Some(Named(g.provenance)),
        title: text_to_raw(&g.title),
        description: opt_text_to_raw(&g.description),
        sources: g
            .sources
            .iter()
            .map(|s| SourceEntry {
                id: s.id.to_string(),
                title: s.title.clone(),
                url: s.url.clone(),
                year: s.year,
                note: s.note.clone(),
            })
            .collect(),
        scales: g.scales.iter().map(scale_to_raw).collect(),
        dimensions: g
            .dimensions
            .iter()
            .map(|d| DimensionEntry {
                id: d.id.to_string(),
                label: text_to_raw(&d.label),
                description: opt_text_to_raw(&d.description),
                provenance: Some(Named(d.provenance)),
                sources: d.sources.iter().map(Id::to_string).collect(),
                criteria: d.criteria.iter().map(criterion_to_raw).collect(),
            })
            .collect(),
        profiles: g.profiles.iter().map(profile_to_raw).collect(),
    }
}

fn scale_to_raw(s: &Scale) -> ScaleEntry {
    let mut e = ScaleEntry {
        id: s.id.to_string(),
        kind: ScaleKindName::Percentage,
        label: opt_text_to_raw(&s.label),
        levels: Vec::new(),
        min: None,
        max: None,
        unit: None,
        yes: None,
        no: None,
    };
    match &s.kind {
        ScaleKind::Ordinal(levels) => {
            e.kind = ScaleKindName::Ordinal;
            e.levels = levels
                .iter()
                .map(|l| LevelEntry {
                    id: l.id.to_string(),
                    value: l.value,
                    label: text_to_raw(&l.label),
                    descriptor: opt_text_to_raw(&l.descriptor),
                    descriptor_provenance: l.descriptor_backing.provenance.map(Named),
                    descriptor_sources: ids_to_raw(&l.descriptor_backing.sources),
                })
                .collect();
        }
        ScaleKind::Range { min, max, unit } => {
            e.kind = ScaleKindName::Range;
            e.min = Some(*min);
            e.max = Some(*max);
            e.unit = unit.clone();
        }
        ScaleKind::Percentage => {}
        ScaleKind::Boolean { yes, no } => {
            e.kind = ScaleKindName::Boolean;
            e.yes = Some(text_to_raw(yes));
            e.no = Some(text_to_raw(no));
        }
    }
    e
}

fn criterion_to_raw(c: &Criterion) -> CriterionEntry {
    CriterionEntry {
        id: c.id.to_string(),
        label: text_to_raw(&c.label),
        description: opt_text_to_raw(&c.description),
        questions: c.questions.iter().map(text_to_raw).collect(),
        scale: c.scale.to_string(),
        rubric: OrderedMap(
            c.rubric
                .iter()
                .map(|(l, t)| (l.to_string(), text_to_raw(t)))
                .collect(),
        ),
        rubric_provenance: OrderedMap(
            c.rubric_backing
                .iter()
                .filter_map(|(l, b)| Some((l.to_string(), Named(b.provenance?))))
                .collect(),
        ),
        rubric_sources: OrderedMap(
            c.rubric_backing
                .iter()
                .filter(|(_, b)| !b.sources.is_empty())
                .map(|(l, b)| (l.to_string(), ids_to_raw(&b.sources)))
                .collect(),
        ),
        measure: c.measure.as_ref().map(|m| text_to_raw(&m.description)),
        measure_provenance: c
            .measure
            .as_ref()
            .and_then(|m| m.backing.provenance.map(Named)),
        measure_sources: c
            .measure
            .as_ref()
            .map(|m| ids_to_raw(&m.backing.sources))
            .unwrap_or_default(),
        evidence: c.evidence.iter().map(text_to_raw).collect(),
        data_sources: c.data_sources.iter().map(|d| Named(*d)).collect(),
        phases: c.phases.iter().map(|d| Named(*d)).collect(),
        roles: c.roles.iter().map(|d| Named(*d)).collect(),
        provenance: Some(Named(c.provenance)),
        sources: c.sources.iter().map(Id::to_string).collect(),
    }
}

/// The file form of a profile.
pub fn profile_to_raw(p: &Profile) -> ProfileBody {
    let weights =
        |w: &[(Id, f64)]| OrderedMap(w.iter().map(|(k, v)| (k.to_string(), *v)).collect());
    ProfileBody {
        id: p.id.to_string(),
        label: text_to_raw(&p.label),
        description: opt_text_to_raw(&p.description),
        weights_source: p.weights_source.as_ref().map(text_to_raw),
        provenance: Some(Named(p.provenance)),
        weights_provenance: p.weights_backing.provenance.map(Named),
        weights_sources: ids_to_raw(&p.weights_backing.sources),
        bands_provenance: p.bands_backing.provenance.map(Named),
        bands_sources: ids_to_raw(&p.bands_backing.sources),
        dimension_rule: Some(Named(p.dimension_rule)),
        dimension_rules: OrderedMap(
            p.dimension_rules
                .iter()
                .map(|(d, a)| (d.to_string(), Named(*a)))
                .collect(),
        ),
        overall: Some(Named(p.overall)),
        criterion_weights: weights(&p.criterion_weights),
        dimension_weights: weights(&p.dimension_weights),
        min_completeness: (p.min_completeness != 0.0).then_some(p.min_completeness),
        gates: p
            .gates
            .iter()
            .map(|g| GateEntry {
                criterion: g.criterion.to_string(),
                below: match &g.below {
                    Threshold::Level(l) => Scalar::Str(l.to_string()),
                    Threshold::Score(s) => Scalar::Float(*s),
                },
                dimension: match &g.target {
                    GateTarget::Dimension(d) => Some(d.to_string()),
                    GateTarget::Overall => None,
                },
                overall: matches!(g.target, GateTarget::Overall).then_some(true),
                cap: match &g.cap {
                    Cap::Score(s) => Some(*s),
                    Cap::Band(_) => None,
                },
                cap_band: match &g.cap {
                    Cap::Band(b) => Some(b.to_string()),
                    Cap::Score(_) => None,
                },
                reason: opt_text_to_raw(&g.reason),
                provenance: g.backing.provenance.map(Named),
                sources: ids_to_raw(&g.backing.sources),
            })
            .collect(),
        bands: p
            .bands
            .iter()
            .map(|b| BandEntry {
                id: b.id.to_string(),
                label: text_to_raw(&b.label),
                min: b.min,
                color: b.color.clone(),
            })
            .collect(),
    }
}

fn scalar_of(v: &Value) -> Scalar {
    match v {
        Value::Level(l) => Scalar::Str(l.to_string()),
        Value::Number(x) => Scalar::Float(*x),
        Value::Bool(b) => Scalar::Bool(*b),
    }
}

/// The file form of an assessment.
pub fn assessment_to_raw(a: &Assessment) -> AssessmentFile {
    AssessmentFile {
        kind: AssessmentKind::Assessment,
        format: crate::raw::FORMAT,
        grid: GridRefEntry {
            id: a.grid.id.to_string(),
            version: a.grid.version.clone(),
            hash: a.grid.hash.clone(),
        },
        phase: Named(a.phase),
        date: a.date.map(FileDate),
        notes: a.notes.clone(),
        process: ProcessEntry {
            name: a.process.name.clone(),
            kind: a.process.kind.map(Named),
            organiser: a.process.organiser.clone(),
            commissioner: a.process.commissioner.clone(),
            territory: a.process.territory.clone(),
            start: a.process.start.map(FileDate),
            end: a.process.end.map(FileDate),
            participants: a.process.participants,
            iap2: a.process.iap2.map(Named),
            description: a.process.description.clone(),
            sources: a.process.sources.clone(),
        },
        assessor: AssessorEntry {
            name: a.assessor.name.clone(),
            role: Named(a.assessor.role),
            organisation: a.assessor.organisation.clone(),
        },
        targets: OrderedMap(
            a.targets
                .iter()
                .map(|(c, v)| (c.to_string(), scalar_of(v)))
                .collect(),
        ),
        ratings: a
            .ratings
            .iter()
            .map(|r| {
                let mut e = RatingEntry {
                    criterion: r.criterion.to_string(),
                    level: None,
                    value: None,
                    not_applicable: None,
                    not_assessed: None,
                    justification: r.justification.clone(),
                    confidence: r.confidence.map(Named),
                    evidence: r
                        .evidence
                        .iter()
                        .map(|e| EvidenceEntry {
                            reference: e.reference.clone(),
                            excerpt: e.excerpt.clone(),
                            date: e.date.map(FileDate),
                            collected_by: e.collected_by.clone(),
                        })
                        .collect(),
                };
                match &r.value {
                    RatingValue::Rated(Value::Level(l)) => {
                        e.level = Some(Scalar::Str(l.to_string()))
                    }
                    RatingValue::Rated(v) => e.value = Some(scalar_of(v)),
                    RatingValue::NotApplicable { reason } => {
                        e.not_applicable = Some(reason.clone())
                    }
                    RatingValue::NotAssessed => e.not_assessed = Some(true),
                }
                e
            })
            .collect(),
    }
}
