//! Property tests: the loaders never panic, writing then loading gives the model back, and
//! templates load as assessments.
//!
//! Random models are built from a seed (the structure) and a pool of random strings (the
//! texts), both drawn by proptest, so that a failure shrinks to its shortest texts. Case counts
//! are capped so that the file runs in well under 30 s in debug mode.

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use repere_core::{
    Aggregation, Assessment, Assessor, Backing, Band, Cap, Confidence, Criterion, DataSource, Date,
    Dimension, Evidence, Gate, GateTarget, Grid, GridDraft, GridRef, Iap2Level, Id, Lang, Level,
    Phase, Process, ProcessKind, Profile, Provenance, Rating, RatingValue, Role, Scale, ScaleKind,
    Source, Text, Threshold, Value,
};
use repere_toml::{Document, TemplateOptions};

// ------------------------------------------------------------------ fixtures

struct Fixtures {
    /// Every valid fixture: name and text.
    files: Vec<(String, String)>,
    grids: Vec<Grid>,
}

fn fixtures() -> Fixtures {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            let bytes = fs::read(&p).expect("read");
            let text = repere_toml::decode(&name, &bytes)
                .expect("UTF-8")
                .to_owned();
            (name, text)
        })
        .collect();
    files.sort();
    let grids = files
        .iter()
        .filter_map(|(name, text)| match repere_toml::load_any(name, text) {
            Ok(Document::Grid(g)) => Some(*g),
            _ => None,
        })
        .collect::<Vec<_>>();
    assert!(grids.len() >= 3, "the valid fixtures have grids");
    Fixtures { files, grids }
}

/// Runs every loader; only a panic can fail.
fn load_everything(name: &str, text: &str, grids: &[Grid]) {
    let _ = repere_toml::load_any(name, text);
    let _ = repere_toml::load_grid(name, text);
    for grid in grids {
        let _ = repere_toml::load_profile(name, text, grid).map_err(|e| e.render(false));
    }
    if let Ok(parsed) = repere_toml::parse_assessment(name, text) {
        for grid in grids {
            if let Err(e) = parsed.resolve(grid) {
                let _ = e.render(true);
            }
        }
    }
}

// ------------------------------------------------------------------ random input

/// Edits that turn a valid file into a likely invalid one.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, what: &'static str },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
    Truncate { at: usize },
}

const SNIPPETS: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    "\"",
    "'",
    "\"\"\"",
    ",",
    ".",
    "#",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\\",
    "nan",
    "-inf",
    "1e999",
    "99999999999999999999",
    "-1",
    "0",
    "true",
    "1979-05-27",
    "1979-02-30",
    "07:32:00",
    "\u{feff}",
    "\u{0}",
    "é",
    "kind = \"grid\"\n",
    "format = 2\n",
    "id = \"\"\n",
    "[[ratings]]\n",
    "[[dimensions.criteria]]\n",
    "[profile]\n",
    "level = \"oui\"\n",
    "value = 101\n",
    "not-applicable = \"\"\n",
    "scale = \"pct\"\n",
    "criterion = \"independance\"\n",
    "x = [[[[[[[[1]]]]]]]]\n",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), prop::sample::select(SNIPPETS))
            .prop_map(|(at, what)| Mutation::Insert { at, what }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

/// The char boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Delete { at, len } => {
            let a = boundary(text, *at);
            let b = boundary(text, a + len);
            let b = if b < a { text.len() } else { b };
            format!("{}{}", &text[..a], &text[b..])
        }
        Mutation::Insert { at, what } => {
            let a = boundary(text, *at);
            format!("{}{what}{}", &text[..a], &text[a..])
        }
        Mutation::DuplicateLine { line } => {
            let mut lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let i = line % lines.len();
                lines.insert(i, lines[i]);
            }
            lines.join("\n")
        }
        Mutation::SwapLines { a, b } => {
            let mut lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let (a, b) = (a % lines.len(), b % lines.len());
                lines.swap(a, b);
            }
            lines.join("\n")
        }
        Mutation::Truncate { at } => text[..boundary(text, *at)].to_owned(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let fx = fixtures();
        match repere_toml::decode("random.toml", &bytes) {
            Ok(text) => load_everything("random.toml", text, &fx.grids),
            Err(e) => {
                prop_assert!(!e.render(false).is_empty());
                load_everything("random.toml", &String::from_utf8_lossy(&bytes), &fx.grids);
            }
        }
    }

    #[test]
    fn mutated_fixtures_never_panic(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let fx = fixtures();
        let (name, text) = file.get(&fx.files);
        let mut text = text.clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        load_everything(name, &text, &fx.grids);
    }
}

// ------------------------------------------------------------------ random models

/// A small deterministic generator (xorshift64*) for the structure of random models.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn subset<T: Clone>(&mut self, xs: &[T]) -> Vec<T> {
        xs.iter().filter(|_| self.chance(30)).cloned().collect()
    }
}

/// Texts for random models: any characters, and the hard cases of TOML strings.
fn text_pool() -> impl Strategy<Value = Vec<String>> {
    let text = prop_oneof![
        3 => prop::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
        1 => "\\PC{0,30}",
        1 => prop::sample::select(vec![
            "with \"double\" and 'single' quotes",
            "line\nbreak",
            "crlf\r\nline end",
            "a lone \r carriage return",
            "tab\tand back\\slash \\n not a newline",
            "'''\"\"\"",
            "trailing newline\n",
            "\u{0} nul \u{7f} del \u{1b}[31m escape",
            "émoji 🎉 et accents",
            "# not a comment",
            "key = \"value\"",
        ]).prop_map(str::to_owned),
    ];
    prop::collection::vec(text, 1..24)
}

struct Gen<'a> {
    rng: Rng,
    pool: &'a [String],
    lang: Lang,
    n: usize,
}

impl Gen<'_> {
    fn string(&mut self) -> String {
        let i = self.rng.below(self.pool.len());
        self.pool[i].clone()
    }
    /// A string with something else than spaces in it.
    fn nonblank(&mut self) -> String {
        let s = self.string();
        if s.trim().is_empty() {
            format!("x{s}")
        } else {
            s
        }
    }
    /// A unique id with a random start.
    fn id(&mut self, prefix: &str) -> Id {
        self.n += 1;
        let chars: Vec<char> = "abcxyz019._-".chars().collect();
        let mut s = format!("{prefix}{}", self.n);
        for _ in 0..self.rng.below(6) {
            s.push(self.rng.pick(&chars));
        }
        Id::new(s).expect("valid id")
    }
    fn other_lang(&mut self) -> Lang {
        let tags = ["fr", "en", "de", "fr-CA", "oc"];
        Lang::new(self.rng.pick(&tags)).expect("tag")
    }
    /// A text in the default language, perhaps in others.
    fn label(&mut self) -> Text {
        let mut t = Text::new(self.lang.clone(), self.nonblank());
        for _ in 0..self.rng.below(3) {
            let l = self.other_lang();
            let s = self.string();
            if l != self.lang {
                t.insert(l, s);
            }
        }
        t
    }
    /// An optional text: empty, or in any languages.
    fn description(&mut self) -> Text {
        if self.rng.chance(50) {
            return Text::empty();
        }
        let mut t = Text::empty();
        for _ in 0..1 + self.rng.below(2) {
            let l = self.other_lang();
            let s = self.string();
            t.insert(l, s);
        }
        t
    }
    fn opt_string(&mut self) -> Option<String> {
        self.rng.chance(50).then(|| self.string())
    }
    fn date(&mut self) -> Date {
        let y = 1000 + self.rng.below(9000) as u16;
        let m = 1 + self.rng.below(12) as u8;
        let d = 1 + self.rng.below(28) as u8;
        Date::new(y, m, d).expect("valid date")
    }
    fn number(&mut self) -> f64 {
        match self.rng.below(4) {
            0 => self.rng.below(200) as f64 - 100.0,
            1 => (self.rng.unit() - 0.5) * 1e6,
            2 => self.rng.unit() * 1e-3,
            _ => (self.rng.unit() - 0.5) * 1e300,
        }
    }

    fn scale(&mut self) -> Scale {
        let id = self.id("s");
        let label = self.description();
        let kind = match self.rng.below(4) {
            0 => {
                let mut value = self.rng.next() as i64 / 2;
                let levels = (0..2 + self.rng.below(4))
                    .map(|_| {
                        value = value.saturating_add(1 + self.rng.below(1000) as i64);
                        let mut l = Level::new(self.id("l"), value, self.label());
                        l.descriptor = self.description();
                        l
                    })
                    .collect::<Vec<_>>();
                // Near i64::MAX the values may saturate: keep them strictly increasing.
                let mut levels = levels;
                levels.dedup_by_key(|l| l.value);
                if levels.len() < 2 {
                    levels = vec![
                        Level::new(self.id("l"), i64::MIN, self.label()),
                        Level::new(self.id("l"), i64::MAX, self.label()),
                    ];
                }
                ScaleKind::Ordinal(levels)
            }
            1 => {
                let min = self.number();
                let width: f64 = [1e-3, 1.0, 10.0, 1e6, 1e300][self.rng.below(5)];
                ScaleKind::Range {
                    min,
                    max: min + width.max(min.abs() * 1e-9),
                    unit: self.opt_string(),
                }
            }
            2 => ScaleKind::Percentage,
            _ => ScaleKind::Boolean {
                yes: self.label(),
                no: self.label(),
            },
        };
        Scale { id, label, kind }
    }

    fn criterion(&mut self, scales: &[Scale], sources: &[Id]) -> Criterion {
        let scale = &scales[self.rng.below(scales.len())];
        let mut c = Criterion::new(self.id("c"), self.label(), scale.id.clone());
        c.description = self.description();
        c.questions = (0..self.rng.below(3)).map(|_| self.label()).collect();
        for l in scale.levels() {
            if self.rng.chance(40) {
                let t = Text::new(self.lang.clone(), self.nonblank());
                c.rubric.push((l.id.clone(), t));
            }
        }
        c.evidence = (0..self.rng.below(3)).map(|_| self.label()).collect();
        c.data_sources = self.rng.subset(DataSource::ALL);
        c.phases = self.rng.subset(Phase::ALL);
        c.roles = self.rng.subset(Role::ALL);
        c.provenance = self.rng.pick(Provenance::ALL);
        c.sources = self.rng.subset(sources);
        c
    }

    fn profile(&mut self, dims: &[Dimension], scales: &[Scale]) -> Profile {
        let rules = [
            Aggregation::WeightedMean,
            Aggregation::WeightedGeometricMean,
            Aggregation::Minimum,
            Aggregation::None,
        ];
        let dimension_rule = self.rng.pick(&rules);
        let mut dimension_rules: Vec<(Id, Aggregation)> = Vec::new();
        for d in dims {
            if self.rng.chance(30) {
                dimension_rules.push((d.id.clone(), self.rng.pick(&rules)));
            }
        }
        let every_dimension_scored = dims.iter().all(|d| {
            dimension_rules
                .iter()
                .find(|(x, _)| x == &d.id)
                .map_or(dimension_rule, |(_, a)| *a)
                != Aggregation::None
        });
        let overall = if every_dimension_scored {
            self.rng.pick(&rules)
        } else {
            Aggregation::None
        };
        let weight = |rng: &mut Rng| [0.5, 1.0, 2.0, 3.25, 1e-3, 7.0][rng.below(6)];
        let mut criterion_weights: Vec<(Id, f64)> = Vec::new();
        for c in dims.iter().flat_map(|d| d.criteria.iter()) {
            if self.rng.chance(30) {
                criterion_weights.push((c.id.clone(), weight(&mut self.rng)));
            }
        }
        let mut dimension_weights: Vec<(Id, f64)> = Vec::new();
        for d in dims {
            if self.rng.chance(30) {
                dimension_weights.push((d.id.clone(), weight(&mut self.rng)));
            }
        }
        let weighted = criterion_weights
            .iter()
            .chain(&dimension_weights)
            .any(|(_, w)| *w != 1.0);
        let mut min = 0.0;
        let bands: Vec<Band> = (0..self.rng.below(4))
            .map(|i| {
                if i > 0 {
                    min += (1.0 - min) * (0.1 + 0.8 * self.rng.unit());
                }
                Band {
                    id: self.id("b"),
                    label: self.label(),
                    min,
                    color: format!("#{:06x}", self.rng.next() & 0xff_ffff),
                }
            })
            .collect();
        let criteria: Vec<&Criterion> = dims.iter().flat_map(|d| d.criteria.iter()).collect();
        let gates = (0..self.rng.below(3))
            .map(|_| {
                let c = criteria[self.rng.below(criteria.len())];
                let scale = scales.iter().find(|s| s.id == c.scale).expect("scale");
                let below = match scale.levels() {
                    [] => Threshold::Score(self.rng.unit()),
                    levels => Threshold::Level(levels[self.rng.below(levels.len())].id.clone()),
                };
                let target = if overall != Aggregation::None && self.rng.chance(50) {
                    GateTarget::Overall
                } else {
                    GateTarget::Dimension(dims[self.rng.below(dims.len())].id.clone())
                };
                let cap = if !bands.is_empty() && self.rng.chance(50) {
                    Cap::Band(bands[self.rng.below(bands.len())].id.clone())
                } else {
                    Cap::Score(self.rng.unit())
                };
                Gate {
                    criterion: c.id.clone(),
                    below,
                    target,
                    cap,
                    reason: self.description(),
                    backing: Backing::default(),
                }
            })
            .collect();
        Profile {
            id: self.id("p"),
            label: self.label(),
            description: self.description(),
            weights_source: (weighted || self.rng.chance(20)).then(|| self.label()),
            weights_backing: Backing::default(),
            bands_backing: Backing::default(),
            provenance: self.rng.pick(Provenance::ALL),
            dimension_rule,
            dimension_rules,
            overall,
            criterion_weights,
            dimension_weights,
            gates,
            bands,
            min_completeness: [0.0, 0.25, 0.5, 1.0][self.rng.below(4)],
        }
    }

    fn grid(&mut self) -> Grid {
        let id = self.id("g");
        let version = format!("{}.{}", self.rng.below(10), self.n);
        let mut draft = GridDraft::new(id, version, self.label(), self.lang.clone());
        draft.description = self.description();
        draft.provenance = self.rng.pick(Provenance::ALL);
        draft.sources = (0..self.rng.below(3))
            .map(|_| Source {
                id: self.id("src"),
                title: self.string(),
                url: self.opt_string(),
                year: self.rng.chance(50).then(|| self.rng.next() as i32),
                note: self.opt_string(),
            })
            .collect();
        let sources: Vec<Id> = draft.sources.iter().map(|s| s.id.clone()).collect();
        draft.scales = (0..1 + self.rng.below(4)).map(|_| self.scale()).collect();
        draft.dimensions = (0..1 + self.rng.below(3))
            .map(|_| {
                let mut d = Dimension::new(self.id("d"), self.label());
                d.description = self.description();
                d.provenance = self.rng.pick(Provenance::ALL);
                d.sources = self.rng.subset(&sources);
                d.criteria = (0..1 + self.rng.below(4))
                    .map(|_| self.criterion(&draft.scales, &sources))
                    .collect();
                d
            })
            .collect();
        draft.profiles = (0..self.rng.below(3))
            .map(|_| self.profile(&draft.dimensions, &draft.scales))
            .collect();
        Grid::new(draft).unwrap_or_else(|p| panic!("the generator made an invalid grid: {p}"))
    }

    /// A value on a scale.
    fn value(&mut self, scale: &Scale) -> Value {
        match &scale.kind {
            ScaleKind::Ordinal(levels) => {
                Value::Level(levels[self.rng.below(levels.len())].id.clone())
            }
            ScaleKind::Range { min, max, .. } => {
                let x = min + (max - min) * self.rng.unit();
                Value::Number(x.clamp(*min, *max))
            }
            ScaleKind::Percentage => {
                Value::Number([0.0, 100.0, 37.5, self.rng.unit() * 100.0][self.rng.below(4)])
            }
            ScaleKind::Boolean { .. } => Value::Bool(self.rng.chance(50)),
        }
    }

    fn assessment(&mut self, grid: &Grid) -> Assessment {
        let mut grid_ref = GridRef::to(grid);
        if self.rng.chance(30) {
            grid_ref.hash = None;
        }
        let start = self.rng.chance(50).then(|| self.date());
        let process = Process {
            name: self.nonblank(),
            kind: self.rng.chance(50).then(|| self.rng.pick(ProcessKind::ALL)),
            organiser: self.opt_string(),
            commissioner: self.opt_string(),
            territory: self.opt_string(),
            start,
            end: start.filter(|_| self.rng.chance(50)),
            participants: self.rng.chance(50).then(|| self.rng.next()),
            iap2: self.rng.chance(50).then(|| self.rng.pick(Iap2Level::ALL)),
            description: self.opt_string(),
            sources: (0..self.rng.below(3)).map(|_| self.string()).collect(),
        };
        let assessor = Assessor {
            name: self.nonblank(),
            role: self.rng.pick(Role::ALL),
            organisation: self.opt_string(),
        };
        let mut a = Assessment::new(grid_ref, process, self.rng.pick(Phase::ALL), assessor);
        a.date = self.rng.chance(50).then(|| self.date());
        a.notes = self.opt_string();
        let criteria: Vec<(Id, Scale)> = grid
            .criteria()
            .map(|(_, c)| (c.id.clone(), grid.scale_of(c).clone()))
            .collect();
        for (id, scale) in &criteria {
            if self.rng.chance(70) {
                let value = match self.rng.below(6) {
                    0 => RatingValue::NotApplicable {
                        reason: self.nonblank(),
                    },
                    1 => RatingValue::NotAssessed,
                    _ => RatingValue::Rated(self.value(scale)),
                };
                let mut r = Rating::new(id.clone(), value);
                r.justification = self.rng.chance(50).then(|| self.nonblank());
                r.confidence = self.rng.chance(50).then(|| self.rng.pick(Confidence::ALL));
                r.evidence = (0..self.rng.below(3))
                    .map(|_| Evidence {
                        reference: self.string(),
                        excerpt: self.opt_string(),
                        date: self.rng.chance(50).then(|| self.date()),
                        collected_by: self.opt_string(),
                    })
                    .collect();
                a.ratings.push(r);
            }
            if self.rng.chance(20) {
                let v = self.value(scale);
                a.targets.push((id.clone(), v));
            }
        }
        a.validate(grid)
            .unwrap_or_else(|p| panic!("the generator made an invalid assessment: {p}"));
        a
    }
}

fn gen_for(seed: u64, pool: &[String]) -> Gen<'_> {
    let mut rng = Rng::new(seed);
    let lang = Lang::new(["fr", "en", "de"][rng.below(3)]).expect("tag");
    Gen {
        rng,
        pool,
        lang,
        n: 0,
    }
}

// ------------------------------------------------------------------ round trips

fn check_grid_round_trip(grid: &Grid) -> Result<(), TestCaseError> {
    let text = repere_toml::grid_to_toml(grid);
    let back = repere_toml::load_grid("written.toml", &text)
        .map_err(|e| TestCaseError::fail(format!("{}\n{text}", e.render(false))))?;
    prop_assert_eq!(&back, grid, "{}", text);
    prop_assert_eq!(back.content_hash(), grid.content_hash());
    for profile in grid.profiles() {
        let text = repere_toml::profile_to_toml(profile, grid);
        let back = repere_toml::load_profile("written.toml", &text, grid)
            .map_err(|e| TestCaseError::fail(format!("{}\n{text}", e.render(false))))?;
        prop_assert_eq!(&back, profile, "{}", text);
    }
    Ok(())
}

fn check_assessment_round_trip(a: &Assessment, grid: &Grid) -> Result<(), TestCaseError> {
    let text = repere_toml::assessment_to_toml(a);
    let back = repere_toml::load_assessment("written.toml", &text, grid)
        .map_err(|e| TestCaseError::fail(format!("{}\n{text}", e.render(false))))?;
    prop_assert_eq!(&back, a, "{}", text);
    Ok(())
}

#[test]
fn fixtures_round_trip() {
    let fx = fixtures();
    let mut assessments = 0;
    let mut profiles = 0;
    for (name, text) in &fx.files {
        match repere_toml::load_any(name, text).expect("valid fixture") {
            Document::Grid(g) => check_grid_round_trip(&g).expect(name),
            Document::Profile(p) => {
                let grid = fx
                    .grids
                    .iter()
                    .find(|g| g.id().as_str() == p.grid)
                    .expect("grid");
                let profile = repere_toml::load_profile(name, text, grid).expect("loads");
                let written = repere_toml::profile_to_toml(&profile, grid);
                let back = repere_toml::load_profile(name, &written, grid).expect("loads back");
                assert_eq!(back, profile, "{name}");
                profiles += 1;
            }
            Document::Assessment(a) => {
                let grid = fx
                    .grids
                    .iter()
                    .find(|g| g.id().as_str() == a.grid_id())
                    .expect("grid");
                check_assessment_round_trip(&a.resolve(grid).expect("resolves"), grid).expect(name);
                assessments += 1;
            }
            _ => unreachable!("no other kinds"),
        }
    }
    assert!(assessments >= 3 && profiles >= 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_grids_round_trip(seed in any::<u64>(), pool in text_pool()) {
        let grid = gen_for(seed, &pool).grid();
        check_grid_round_trip(&grid)?;
    }

    #[test]
    fn random_assessments_round_trip(seed in any::<u64>(), pool in text_pool()) {
        let mut g = gen_for(seed, &pool);
        let grid = g.grid();
        let a = g.assessment(&grid);
        check_assessment_round_trip(&a, &grid)?;
    }
}

// ------------------------------------------------------------------ templates

/// Fills a template as a person would: in each rating, uncomment a `level` line (the first or
/// the last, by turns), or complete the `value` line. Returns the text and how many ratings
/// were filled.
fn fill(template: &str, grid: &Grid) -> (String, usize) {
    let mut out = String::new();
    let mut filled = 0;
    let mut criterion: Option<Id> = None;
    let mut levels_seen = 0;
    let mut done = true;
    let lines: Vec<&str> = template.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(id) = line
            .strip_prefix("criterion = \"")
            .and_then(|s| s.strip_suffix('"'))
        {
            criterion = Some(Id::new(id).expect("an id"));
            levels_seen = 0;
            done = false;
            out.push_str(line);
        } else if !done && line.starts_with("# level = ") {
            let last = !lines[i + 1].starts_with("# level = ");
            levels_seen += 1;
            if (filled % 2 == 0 && levels_seen == 1) || (filled % 2 == 1 && last) {
                out.push_str(&line[2..]);
                filled += 1;
                done = true;
            } else {
                out.push_str(line);
            }
        } else if !done && line.starts_with("# value = true") {
            out.push_str(&line[2..]);
            filled += 1;
            done = true;
        } else if !done && line.starts_with("# value =   #") {
            let c = criterion.as_ref().expect("inside a rating");
            let (_, crit) = grid.criterion(c.as_str()).expect("a criterion of the grid");
            let v = match &grid.scale_of(crit).kind {
                ScaleKind::Range { min, max, .. } => min + (max - min) / 2.0,
                _ => 50.0,
            };
            out.push_str(&format!(
                "value = {}{}",
                toml::Value::Float(v),
                &line["# value =".len()..]
            ));
            filled += 1;
            done = true;
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    (out, filled)
}

fn check_template(grid: &Grid, phase: Phase, role: Role, lang: Lang) -> Result<(), TestCaseError> {
    let opts = TemplateOptions::new(phase, role, lang);
    let template = repere_toml::template(grid, &opts);
    let fail = |e: repere_toml::LoadError, text: &str| {
        TestCaseError::fail(format!("{}\n{text}", e.render(false)))
    };
    let a = repere_toml::load_assessment("template.toml", &template, grid)
        .map_err(|e| fail(e, &template))?;
    prop_assert_eq!(a.phase, phase);
    prop_assert_eq!(a.assessor.role, role);
    let expected: Vec<&Id> = grid
        .criteria()
        .filter(|(_, c)| c.applies_at(phase) && (c.roles.is_empty() || c.roles.contains(&role)))
        .map(|(_, c)| &c.id)
        .collect();
    let listed: Vec<&Id> = a.ratings.iter().map(|r| &r.criterion).collect();
    prop_assert_eq!(&listed, &expected, "{}", template);
    prop_assert!(
        a.ratings
            .iter()
            .all(|r| r.value == RatingValue::NotAssessed)
    );
    let card =
        repere_core::score(grid, None, &a).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(card.completeness.rated, 0);

    let (filled_text, filled) = fill(&template, grid);
    prop_assert_eq!(filled, expected.len(), "{}", filled_text);
    let a = repere_toml::load_assessment("filled.toml", &filled_text, grid)
        .map_err(|e| fail(e, &filled_text))?;
    prop_assert!(
        a.ratings
            .iter()
            .all(|r| matches!(r.value, RatingValue::Rated(_))),
        "{}",
        filled_text
    );
    let card =
        repere_core::score(grid, None, &a).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(card.completeness.rated, expected.len());
    for id in expected {
        let score = card.criterion(id.as_str()).and_then(|c| c.score());
        prop_assert!(
            score.is_some_and(|s| (0.0..=1.0).contains(&s)),
            "{}: {:?}",
            id,
            score
        );
    }
    Ok(())
}

#[test]
fn fixture_templates_load_and_fill() {
    let fx = fixtures();
    for grid in &fx.grids {
        for &phase in Phase::ALL {
            for &role in Role::ALL {
                for lang in [Lang::fr(), Lang::en()] {
                    check_template(grid, phase, role, lang)
                        .unwrap_or_else(|e| panic!("{} {phase} {role}: {e}", grid.id()));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_templates_load_and_fill(
        seed in any::<u64>(),
        pool in text_pool(),
        phase in prop::sample::select(Phase::ALL),
        role in prop::sample::select(Role::ALL),
        english in any::<bool>(),
    ) {
        let grid = gen_for(seed, &pool).grid();
        check_template(&grid, phase, role, if english { Lang::en() } else { Lang::fr() })?;
    }
}

#[test]
fn templates_of_grids_with_control_characters_load() {
    // Found by `random_templates_load_and_fill`: the grid's title went into a comment as it was.
    let pool = vec!["\0".to_owned(), "a\nb\r\nc\u{7f}".to_owned()];
    for seed in 0..8 {
        let grid = gen_for(seed, &pool).grid();
        check_template(&grid, Phase::Closing, Role::Evaluator, Lang::fr())
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}
