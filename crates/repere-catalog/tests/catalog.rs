//! Every catalogue grid loads, validates, is bilingual and cites its sources; every example
//! evaluation loads, scores, and marks its illustrative ratings as such.

use repere_core::{Lang, Provenance, RatingValue, ScaleKind, Text};

fn bilingual(t: &Text, what: &str) {
    for lang in [Lang::fr(), Lang::en()] {
        assert!(
            t.exact(&lang).is_some_and(|s| !s.trim().is_empty()),
            "{what} has no `{lang}` text"
        );
    }
}

#[test]
fn the_catalogue_has_the_eleven_reference_grids() {
    let ids: Vec<&str> = repere_catalog::entries().iter().map(|e| e.id).collect();
    for id in [
        "fr.charte-participation-2016.autoevaluation",
        "fr.cndp.debat-public",
        "fr.maitre-ouvrage.concertation-projet",
        "oecd.2021.deliberative-processes",
        "rowe-frewer.2000",
        "fr.ademe-involve.effets-impacts",
        "dqi.steenbergen-2003",
        "fr.observatoire.reunion-publique",
        "fr.metropoles-participatives",
        "fr.participation-numerique",
        "uk.involve.quality-standards",
    ] {
        assert!(ids.contains(&id), "missing {id} in {ids:?}");
    }
    let err = repere_catalog::grid("fr.cndp.debat-publik").unwrap_err();
    assert!(
        err.to_string()
            .contains("did you mean `fr.cndp.debat-public`?"),
        "{err}"
    );
    assert!(repere_catalog::grid_version("fr.cndp.debat-public", Some("9.9")).is_err());
}

#[test]
fn every_grid_loads_is_bilingual_and_cites_its_sources() {
    for e in repere_catalog::entries() {
        let g = repere_catalog::grid_version(e.id, Some(e.version))
            .unwrap_or_else(|err| panic!("{}: {err}", e.id));
        assert_eq!(g.id().as_str(), e.id);
        bilingual(g.title(), &format!("{} title", e.id));
        assert!(!g.sources().is_empty(), "{} cites no source", e.id);
        assert!(
            g.sources().iter().any(|s| s.url.is_some()),
            "{} has no source URL",
            e.id
        );
        assert!(!g.profiles().is_empty(), "{} ships no profile", e.id);
        for p in g.profiles() {
            bilingual(&p.label, &format!("{} profile {}", e.id, p.id));
            let weighted = p
                .criterion_weights
                .iter()
                .chain(&p.dimension_weights)
                .any(|(_, w)| *w != 1.0);
            if weighted {
                assert!(
                    p.weights_source.is_some(),
                    "{} profile {} weighs without saying why",
                    e.id,
                    p.id
                );
            }
        }
        for s in g.scales() {
            for l in s.levels() {
                bilingual(&l.label, &format!("{} level {}", e.id, l.id));
            }
            if let ScaleKind::Boolean { yes, no } = &s.kind {
                bilingual(yes, "yes");
                bilingual(no, "no");
            }
        }
        for d in g.dimensions() {
            bilingual(&d.label, &format!("{} dimension {}", e.id, d.id));
            for c in &d.criteria {
                bilingual(&c.label, &format!("{} criterion {}", e.id, c.id));
                for q in &c.questions {
                    bilingual(q, &format!("{} question of {}", e.id, c.id));
                }
                if c.provenance != Provenance::Illustrative {
                    assert!(
                        !c.sources.is_empty() || !d.sources.is_empty(),
                        "{}: criterion {} is {} but names no source",
                        e.id,
                        c.id,
                        c.provenance
                    );
                }
            }
        }
        // The default profile follows the sources: most do not aggregate overall.
        let round = repere_toml::load_grid("round-trip", &repere_toml::grid_to_toml(&g))
            .expect("a written grid loads again");
        assert_eq!(round, g, "{}: model → TOML → model", e.id);
    }
}

#[test]
fn every_example_loads_scores_and_marks_illustrative_ratings() {
    let examples = repere_catalog::examples();
    assert!(examples.len() >= 10, "{} examples", examples.len());
    let mut roles_per_process =
        std::collections::BTreeMap::<(String, String), std::collections::BTreeSet<String>>::new();
    for ex in &examples {
        let parsed =
            repere_toml::parse_assessment(ex.file, ex.text).unwrap_or_else(|e| panic!("{e}"));
        let g =
            repere_catalog::grid_version(parsed.grid_id(), Some(parsed.grid_version())).unwrap();
        let a = parsed
            .resolve(&g)
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
        let card = repere_core::score(&g, None, &a).unwrap();
        assert!(card.completeness.rated > 0, "{} rates nothing", ex.file);
        for r in &a.ratings {
            if matches!(r.value, RatingValue::Rated(_)) {
                let j = r.justification.as_deref().unwrap_or("");
                assert!(
                    j.starts_with("[Illustratif]") || j.starts_with("[Illustrative]"),
                    "{}: the rating of {} is not marked illustrative: {j:?}",
                    ex.file,
                    r.criterion
                );
            }
        }
        roles_per_process
            .entry((a.process.name.clone(), g.id().to_string()))
            .or_default()
            .insert(a.assessor.role.to_string());
    }
    assert!(
        roles_per_process.values().any(|roles| roles.len() >= 3),
        "one process is rated by three roles on one grid: {roles_per_process:?}"
    );
    // Ambition and achieved of the same process on G1: targets set, and a gap that shows.
    let closing = examples
        .iter()
        .find(|e| e.file == "e5-montreuil-bp.g1.closing.toml")
        .expect("the achieved assessment");
    let g = repere_catalog::grid("fr.charte-participation-2016.autoevaluation").unwrap();
    let a = repere_toml::load_assessment(closing.file, closing.text, &g).unwrap();
    let card = repere_core::score(&g, None, &a).unwrap();
    assert!(card.criteria.iter().any(|c| {
        c.target
            .as_ref()
            .and_then(|t| t.gap)
            .is_some_and(|gap| gap < 0.0)
    }));
}

#[test]
fn every_example_scores_with_every_profile_of_its_grid_and_says_it_is_illustrative() {
    let mut covered = std::collections::BTreeSet::new();
    for ex in repere_catalog::examples() {
        let parsed = repere_toml::parse_assessment(ex.file, ex.text).unwrap();
        let g = repere_catalog::grid_version(parsed.grid_id(), Some(parsed.grid_version()))
            .unwrap_or_else(|err| panic!("{}: {err}", ex.file));
        let a = parsed
            .resolve(&g)
            .unwrap_or_else(|err| panic!("{}", err.render(false)));
        // The default profile, then every profile the grid ships.
        let card = repere_core::score(&g, None, &a).unwrap();
        assert!(card.completeness.rated > 0, "{} rates nothing", ex.file);
        for p in g.profiles() {
            repere_core::score(&g, Some(p), &a)
                .unwrap_or_else(|err| panic!("{} with profile {}: {err}", ex.file, p.id));
        }
        // The assessment itself says that it is illustrative, in its notes or its process
        // description.
        let said = a
            .notes
            .iter()
            .chain(a.process.description.iter())
            .any(|t| t.to_lowercase().contains("illustrati"));
        assert!(
            said,
            "{}: neither the notes nor the process description say it is illustrative",
            ex.file
        );
        covered.insert(format!("{} {}", g.id(), g.version()));
    }
    // Every grid in its current version has an example, except the one that never had any;
    // earlier versions are kept for the assessments made on them, not for new examples.
    for e in repere_catalog::entries() {
        let latest = repere_catalog::grid(e.id).unwrap();
        if e.id == "rowe-frewer.2000" || latest.version() != e.version {
            continue;
        }
        let key = format!("{} {}", e.id, e.version);
        assert!(covered.contains(&key), "{key} has no example evaluation");
    }
}

/// A grid whose content changed ships in its new version, and its earlier versions stay, so
/// that an assessment made on one still loads against the grid it was made on (its content
/// hash says so), while `grid(id)` gives the latest.
#[test]
fn earlier_versions_stay_for_the_assessments_made_on_them() {
    let entries = repere_catalog::entries();
    let versions = |id: &str| -> Vec<&str> {
        entries
            .iter()
            .filter(|e| e.id == id)
            .map(|e| e.version)
            .collect()
    };
    assert_eq!(
        versions("fr.cndp.debat-public"),
        ["1.0.0", "1.1.0", "1.2.0"]
    );
    assert_eq!(
        versions("fr.charte-participation-2016.autoevaluation"),
        ["1.0.0", "2.0.0", "2.1.0"]
    );
    assert_eq!(
        repere_catalog::grid("fr.cndp.debat-public")
            .unwrap()
            .version(),
        "1.2.0"
    );
    let old = repere_catalog::grid_version("fr.cndp.debat-public", Some("1.0.0")).unwrap();
    let new = repere_catalog::grid("fr.cndp.debat-public").unwrap();
    assert_eq!(old.version(), "1.0.0");
    assert_ne!(
        old.content_hash(),
        new.content_hash(),
        "the versions differ in content"
    );
    // Every file is named after its grid: `ID.toml` for the latest, `ID@VERSION.toml` before.
    for e in &entries {
        let latest = repere_catalog::grid(e.id).unwrap();
        let expected = if latest.version() == e.version {
            format!("{}.toml", e.id)
        } else {
            format!("{}@{}.toml", e.id, e.version)
        };
        assert!(
            e.file.ends_with(&expected),
            "{} should be {expected}",
            e.file
        );
    }
}

#[test]
fn every_crosswalk_loads_checks_against_its_grids_and_says_where_it_comes_from() {
    let files = repere_catalog::crosswalk_files();
    assert!(!files.is_empty());
    for f in files {
        let cw = repere_toml::load_crosswalk(f.file, f.text)
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
        assert_eq!(
            format!("{}.toml", cw.id),
            f.file,
            "a crosswalk's file is named by its id"
        );
        let from = repere_catalog::grid_version(cw.from.id.as_str(), Some(&cw.from.version))
            .unwrap_or_else(|e| panic!("{}: {e}", f.file));
        let to = repere_catalog::grid_version(cw.to.id.as_str(), Some(&cw.to.version))
            .unwrap_or_else(|e| panic!("{}: {e}", f.file));
        repere_toml::check_crosswalk(f.file, f.text, &cw, &from, &to)
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
        assert!(!cw.sources.is_empty(), "{}: no sources", f.file);
        assert!(!cw.links.is_empty(), "{}: no links", f.file);
        for l in &cw.links {
            let what = format!("{}: the note of link {} → {}", f.file, l.from, l.to);
            bilingual(
                l.note
                    .as_ref()
                    .unwrap_or_else(|| panic!("{what} is missing")),
                &what,
            );
        }
        // Read from either side.
        assert!(
            repere_catalog::crosswalk_between(&to, &from)
                .unwrap()
                .is_some()
        );
    }
}

#[test]
fn an_example_carried_across_a_crosswalk_keeps_only_what_is_equivalent() {
    // E1 (on the CNDP grid), carried onto the OECD grid: the participant share and the
    // equal-treatment level go over; the rest is said.
    let ex = repere_catalog::examples()
        .into_iter()
        .find(|e| e.file == "e1-anneau-des-sciences.evaluator.toml")
        .unwrap();
    let parsed = repere_toml::parse_assessment(ex.file, ex.text).unwrap();
    let cndp = repere_catalog::grid_version(parsed.grid_id(), Some(parsed.grid_version())).unwrap();
    let a = parsed.resolve(&cndp).unwrap();
    let oecd = repere_catalog::grid("oecd.2021.deliberative-processes").unwrap();
    let cw = repere_catalog::crosswalk_between(&cndp, &oecd)
        .unwrap()
        .unwrap();
    let carried = cw.carry(&cndp, &oecd, &a);
    carried.assessment.validate(&oecd).unwrap();
    let rated = |crit: &str| {
        a.ratings
            .iter()
            .find(|r| r.criterion.as_str() == crit)
            .map(|r| r.value.clone())
    };
    for (c, o) in &carried.carried {
        assert!(
            cw.links
                .iter()
                .any(|l| &l.from == c && &l.to == o && l.relation.as_str() == "equivalent")
        );
    }
    if let Some(RatingValue::Rated(repere_core::Value::Number(x))) = rated("info.participants") {
        let v = carried
            .assessment
            .ratings
            .iter()
            .find(|r| r.criterion.as_str() == "survey_information")
            .map(|r| r.value.clone());
        assert_eq!(
            v,
            Some(RatingValue::Rated(repere_core::Value::Number(x))),
            "a percentage goes over as it is"
        );
    }
    // Every rated criterion of E1 is either carried or said not to be.
    let rated_count = a
        .ratings
        .iter()
        .filter(|r| !matches!(r.value, RatingValue::NotAssessed))
        .count();
    assert_eq!(
        carried.carried.len() + carried.not_carried.len(),
        rated_count
    );
}

/// The frozen versions keep the content hash they were published with (as the example
/// scorecards of the time recorded it): the grid hash covers descriptor and measure
/// provenance only where a grid gives it, so that grids written before it existed keep their
/// hash, and assessments pinned to them still load.
#[test]
fn frozen_versions_keep_their_published_hash() {
    let published = [
        (
            "dqi.steenbergen-2003",
            "1.1.0",
            "9d43267027f2100f1e35409b88fcd4cae43988584bb16ca96513ae0d96e754f0",
        ),
        (
            "fr.ademe-involve.effets-impacts",
            "1.1.0",
            "d45452a3f652fc9bfe08256739c03acbea62449580c2af9648b7f45d2fc969fe",
        ),
        (
            "fr.charte-participation-2016.autoevaluation",
            "2.0.0",
            "adc74fa580f2943272aceebfa1ce58c757fd14748f9192d4aaadb6477a2cf7a7",
        ),
        (
            "fr.cndp.debat-public",
            "1.1.0",
            "3e964e09247359a0327ce1c17faae9500eaeffe9a01f9f146728131fe0047d0a",
        ),
        (
            "fr.maitre-ouvrage.concertation-projet",
            "1.0.0",
            "7edbc35f99627f8e03413c41e678526e531e4f74bd26bc39f522d5f9df5ec50b",
        ),
        (
            "fr.metropoles-participatives",
            "1.0.0",
            "7c9e5b197207d9b8e580810007a844bfafd975fadfa453d164ee6605e5670a59",
        ),
        (
            "fr.observatoire.reunion-publique",
            "1.0.0",
            "5e31f31e07ceb970a2a3bab36775e0bec14d281ad6067725b2bdc76b6ffcce6a",
        ),
        (
            "fr.participation-numerique",
            "1.0.0",
            "a967544396f98e1208c482b76b072db26d7ec258c1fdc4d56d0cc9285d3fa6c9",
        ),
        (
            "oecd.2021.deliberative-processes",
            "1.1.0",
            "1ee3a05faa9c35f6321237593c0704bc5c7f92d9dac017b2db0aa33fee4b12e5",
        ),
        (
            "uk.involve.quality-standards",
            "1.0.0",
            "ad8d1ab2ee0006397ab4e9ad421f7f668748cf2b7e248761880e17c43bbebc96",
        ),
    ];
    for (id, version, hash) in published {
        let g = repere_catalog::grid_version(id, Some(version)).unwrap();
        assert_eq!(g.content_hash(), format!("sha256:{hash}"), "{id}@{version}");
    }
    // The current versions carry the new keys, and so another hash.
    let obs = repere_catalog::grid("fr.observatoire.reunion-publique").unwrap();
    assert_eq!(obs.version(), "1.1.0");
    assert!(obs.criteria().any(|(_, c)| c.measure.is_some()));
}
