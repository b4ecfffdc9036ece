//! Provenance below the criterion: inheritance made explicit, validation of cited sources, and
//! a content hash that moves only when a grid says something new.

use repere_core::*;

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn en(s: &str) -> Text {
    Text::new(Lang::en(), s)
}

/// A `partial` grid with one ternary scale (described levels), one source, and a `sourced`
/// criterion with its own descriptor of `high`.
fn draft() -> GridDraft {
    let mut d = GridDraft::new(id("g"), "1.0.0", en("G"), Lang::en());
    d.provenance = Provenance::Partial;
    d.sources.push(Source {
        id: id("charter"),
        title: "Charter".into(),
        url: None,
        year: None,
        note: None,
    });
    let mut levels = vec![
        Level::new(id("low"), 0, en("Low")),
        Level::new(id("mid"), 1, en("Mid")),
        Level::new(id("high"), 2, en("High")),
    ];
    for l in &mut levels {
        l.descriptor = en("scale descriptor");
    }
    d.scales.push(Scale::ordinal(id("lmh"), en("LMH"), levels));
    let mut dim = Dimension::new(id("d"), en("D"));
    let mut c = Criterion::new(id("c"), en("C"), id("lmh"));
    c.provenance = Provenance::Sourced;
    c.sources.push(id("charter"));
    c.rubric.push((id("high"), en("own descriptor")));
    dim.criteria.push(c);
    d.dimensions.push(dim);
    d
}

fn criterion(g: &Grid) -> &Criterion {
    g.criterion("c").unwrap().1
}

#[test]
fn descriptors_inherit_from_their_criterion_or_the_grid_unless_they_say_otherwise() {
    let g = Grid::new(draft()).unwrap();
    let c = criterion(&g);
    // The criterion's own descriptor inherits the criterion's provenance.
    assert_eq!(c.descriptor_provenance(&id("high")), Provenance::Sourced);
    assert!(c.descriptor_backing(&id("high")).is_inherited());
    let (text, backing, p) = g.descriptor_of(c, &id("high")).unwrap();
    assert_eq!(text.get(&Lang::en(), &Lang::en()), "own descriptor");
    assert!(backing.is_inherited());
    assert_eq!(p, Provenance::Sourced);
    // A scale's descriptor inherits the grid's.
    let (text, _, p) = g.descriptor_of(c, &id("low")).unwrap();
    assert_eq!(text.get(&Lang::en(), &Lang::en()), "scale descriptor");
    assert_eq!(p, Provenance::Partial);

    // Said otherwise: the element's own provenance holds.
    let mut d = draft();
    d.scales[0].levels_mut_for_tests();
    let c = &mut d.dimensions[0].criteria[0];
    c.rubric_backing
        .push((id("high"), Backing::new(Provenance::Illustrative)));
    c.measure = Some(Indicator::new(en("share of speakers who are women")));
    let g = Grid::new(d).unwrap();
    let c = criterion(&g);
    assert_eq!(
        c.descriptor_provenance(&id("high")),
        Provenance::Illustrative
    );
    assert_eq!(
        g.descriptor_of(c, &id("high")).unwrap().2,
        Provenance::Illustrative
    );
    assert_eq!(
        g.descriptor_of(c, &id("low")).unwrap().2,
        Provenance::Illustrative
    );
    // The measure gives none of its own: the criterion's.
    assert_eq!(c.measure_provenance(), Some(Provenance::Sourced));
}

/// Gives every level of the first scale an illustrative descriptor of its own.
trait LevelsForTests {
    fn levels_mut_for_tests(&mut self);
}

impl LevelsForTests for Scale {
    fn levels_mut_for_tests(&mut self) {
        if let ScaleKind::Ordinal(levels) = &mut self.kind {
            for l in levels {
                l.descriptor_backing = Backing::new(Provenance::Illustrative);
            }
        }
    }
}

#[test]
fn profile_elements_inherit_the_profiles_provenance() {
    let g = Grid::new(draft()).unwrap();
    let mut p = Profile::default_for(&g);
    p.provenance = Provenance::Partial;
    p.gates.push(Gate {
        criterion: id("c"),
        below: Threshold::Level(id("mid")),
        target: GateTarget::Dimension(id("d")),
        cap: Cap::Score(0.5),
        reason: Text::empty(),
        backing: Backing::default(),
    });
    assert_eq!(p.weights_provenance(), Provenance::Partial);
    assert_eq!(p.bands_provenance(), Provenance::Partial);
    assert_eq!(p.gate_provenance(&p.gates[0]), Provenance::Partial);
    p.weights_backing = Backing::new(Provenance::Illustrative);
    p.gates[0].backing = Backing::new(Provenance::Sourced).citing(id("charter"));
    assert_eq!(p.weights_provenance(), Provenance::Illustrative);
    assert_eq!(p.gate_provenance(&p.gates[0]), Provenance::Sourced);
    assert_eq!(p.bands_provenance(), Provenance::Partial);
    assert!(p.validate(&g).is_ok());
    // A source the grid does not have, with the closest one as a suggestion.
    p.bands_backing = Backing::default().citing(id("chartr"));
    let problems = p.validate(&g).unwrap_err().into_vec();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path.to_string(), "bands-sources[chartr]");
    assert_eq!(
        problems[0].kind,
        ProblemKind::UnknownReference {
            what: ItemKind::Source,
            id: id("chartr"),
            suggestion: Some(id("charter")),
        }
    );
}

#[test]
fn cited_sources_must_exist_and_a_backed_descriptor_must_exist() {
    let mut d = draft();
    let c = &mut d.dimensions[0].criteria[0];
    c.rubric_backing
        .push((id("low"), Backing::new(Provenance::Illustrative)));
    c.rubric_backing
        .push((id("high"), Backing::default().citing(id("chartre"))));
    c.measure = Some(Indicator {
        description: Text::new(Lang::fr(), "part des femmes"),
        backing: Backing::default().citing(id("nowhere")),
    });
    let problems = Grid::new(d).unwrap_err().into_vec();
    let got: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.path.to_string(), p.message()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "dimensions[d].criteria[c].rubric-provenance[low]".to_owned(),
                "the provenance of level `low`'s descriptor is given, but criterion `c` has no descriptor of its own for that level".to_owned()
            ),
            (
                "dimensions[d].criteria[c].rubric-sources[high][chartre]".to_owned(),
                "unknown source `chartre`".to_owned()
            ),
            (
                "dimensions[d].criteria[c].measure".to_owned(),
                problems[2].message()
            ),
            (
                "dimensions[d].criteria[c].measure-sources[nowhere]".to_owned(),
                "unknown source `nowhere`".to_owned()
            ),
        ]
    );
    assert!(matches!(
        problems[2].kind,
        ProblemKind::MissingTranslation { .. }
    ));
    assert_eq!(
        problems[1].help().as_deref(),
        Some("a source with a similar name exists: `charter`")
    );
}

#[test]
fn the_hash_moves_only_when_a_grid_says_something_below_the_criterion() {
    let plain = Grid::new(draft()).unwrap();
    // Empty backings say nothing: same hash.
    let mut d = draft();
    d.dimensions[0].criteria[0]
        .rubric_backing
        .push((id("high"), Backing::default()));
    assert_eq!(Grid::new(d).unwrap().content_hash(), plain.content_hash());
    // Each thing said below the criterion moves the hash, and differently.
    let mut hashes = vec![plain.content_hash().to_owned()];
    let mut d = draft();
    d.dimensions[0].criteria[0]
        .rubric_backing
        .push((id("high"), Backing::new(Provenance::Illustrative)));
    hashes.push(Grid::new(d).unwrap().content_hash().to_owned());
    let mut d = draft();
    d.scales[0].levels_mut_for_tests();
    hashes.push(Grid::new(d).unwrap().content_hash().to_owned());
    let mut d = draft();
    d.dimensions[0].criteria[0].measure = Some(Indicator::new(en("count")));
    hashes.push(Grid::new(d).unwrap().content_hash().to_owned());
    let mut d = draft();
    d.dimensions[0].criteria[0].measure = Some(Indicator {
        description: en("count"),
        backing: Backing::default().citing(id("charter")),
    });
    hashes.push(Grid::new(d).unwrap().content_hash().to_owned());
    let mut unique = hashes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), hashes.len(), "{hashes:?}");
    // Profiles are outside the hash, their backings too.
    let mut d = draft();
    let g = Grid::new(d.clone()).unwrap();
    let mut p = Profile::default_for(&g);
    p.weights_backing = Backing::new(Provenance::Sourced);
    d.profiles.push(p);
    assert_eq!(Grid::new(d).unwrap().content_hash(), plain.content_hash());
}
