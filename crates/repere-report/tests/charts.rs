//! Charts never draw what was not scored as zero.

use repere_report::{Format, RenderOptions, ReportLang, ScorecardDoc, render};

/// The `points` of the series polygons of a page (not the rings, whose class is `ring`).
fn series_points(html: &str) -> Vec<usize> {
    html.match_indices("<polygon class=\"series\"")
        .map(|(i, _)| {
            let rest = &html[i..];
            let start = rest.find("points=\"").unwrap() + 8;
            let end = start + rest[start..].find('"').unwrap();
            rest[start..end].split_whitespace().count()
        })
        .collect()
}

#[test]
fn a_dimension_without_a_score_is_left_out_of_the_radar_and_labelled() {
    let ex = repere_catalog::examples()
        .into_iter()
        .find(|e| e.file == "e7-grand-debat-reunion.observation.toml")
        .expect("the example ships");
    let parsed = repere_toml::parse_assessment(ex.file, ex.text).unwrap();
    let grid = repere_catalog::grid_version(parsed.grid_id(), Some(parsed.grid_version())).unwrap();
    let a = parsed.resolve(&grid).unwrap();
    let p = grid.default_profile();
    let card = repere_core::score(&grid, Some(&p), &a).unwrap();
    for lang in [ReportLang::Fr, ReportLang::En] {
        let doc = ScorecardDoc::new(&grid, &p, &a, &card, lang).unwrap();
        let scored = doc
            .dimensions
            .iter()
            .filter(|d| d.aggregate.score.is_some())
            .count();
        let unscored = doc.dimensions.len() - scored;
        assert!(
            unscored > 0,
            "the example has a dimension of counted measures, not scored"
        );
        let html = render(&doc, Format::Html, RenderOptions::default()).unwrap();
        assert_eq!(
            series_points(&html),
            [scored],
            "the outline goes through the scored axes only"
        );
        let label = if lang == ReportLang::Fr {
            "(sans score)"
        } else {
            "(no score)"
        };
        let radar = radar_of(&html);
        assert_eq!(radar.matches(label).count(), unscored, "{label}");
        // No target in the example: no column of gaps to targets.
        let gap = if lang == ReportLang::Fr {
            "Écart à la cible"
        } else {
            "Gap to target"
        };
        assert!(!html.contains(gap), "an empty column: {gap}");
        assert!(
            html.contains("<thead>"),
            "table headers repeat on printed pages"
        );
        assert!(html.contains("@page{size:A4"));
    }
}

/// The radar's SVG of a page.
fn radar_of(html: &str) -> &str {
    let start = html.find("<svg").unwrap();
    &html[start..start + html[start..].find("</svg>").unwrap()]
}

#[test]
fn an_incomplete_dimension_shows_its_completeness_and_a_hollow_dot() {
    let ex = repere_catalog::examples()
        .into_iter()
        .find(|e| e.file == "e7-grand-debat-reunion.observation.toml")
        .expect("the example ships");
    let parsed = repere_toml::parse_assessment(ex.file, ex.text).unwrap();
    let grid = repere_catalog::grid_version(parsed.grid_id(), Some(parsed.grid_version())).unwrap();
    let mut a = parsed.resolve(&grid).unwrap();
    // The first scored dimension with two criteria or more loses one rating: 1 of 2 rated.
    let dim = grid
        .dimensions()
        .iter()
        .find(|d| d.criteria.len() == 2)
        .expect("a dimension of two criteria");
    let gone = dim.criteria[0].id.clone();
    a.ratings.retain(|r| r.criterion != gone);
    let p = grid.default_profile();
    let card = repere_core::score(&grid, Some(&p), &a).unwrap();
    for (lang, legend) in [
        (
            ReportLang::Fr,
            "un point creux marque une dimension incomplète",
        ),
        (ReportLang::En, "a hollow dot marks an incomplete dimension"),
    ] {
        let doc = ScorecardDoc::new(&grid, &p, &a, &card, lang).unwrap();
        let label = &doc
            .dimensions
            .iter()
            .find(|d| d.id == dim.id.as_str())
            .unwrap()
            .label;
        let html = render(&doc, Format::Html, RenderOptions::default()).unwrap();
        let radar = radar_of(&html);
        assert!(radar.contains(&format!("{label} (1/2)")), "{radar}");
        assert_eq!(radar.matches("class=\"partial\"").count(), 1);
        assert!(html.contains(legend));
    }
}

#[test]
fn french_consolidations_show_labels_and_decimal_commas_and_no_empty_column() {
    let examples = repere_catalog::examples();
    let files = [
        "e1-anneau-des-sciences.cpdp.toml",
        "e1-anneau-des-sciences.evaluator.toml",
        "e1-anneau-des-sciences.participants.toml",
    ];
    let mut grid = None;
    let mut all = Vec::new();
    for f in files {
        let ex = examples
            .iter()
            .find(|e| e.file == f)
            .expect("the example ships");
        let parsed = repere_toml::parse_assessment(ex.file, ex.text).unwrap();
        let g =
            repere_catalog::grid_version(parsed.grid_id(), Some(parsed.grid_version())).unwrap();
        all.push(parsed.resolve(&g).unwrap());
        grid = Some(g);
    }
    let grid = grid.unwrap();
    let p = grid.default_profile();
    let c = repere_core::consolidate(&grid, &p, &all, &repere_core::ConsolidateOptions::default())
        .unwrap();
    let doc = repere_report::ConsolidationDoc::new(&grid, &p, &c, ReportLang::Fr);
    let html = render(&doc, Format::Html, RenderOptions::default()).unwrap();
    // Level labels in distributions, never level ids.
    assert!(html.contains("Respecté: 2"), "{html}");
    assert!(!html.contains("respecte: 2"));
    assert!(!html.contains("partiel: "));
    // The decimal comma.
    assert!(html.contains("= 1,000"), "alpha with a decimal comma");
    // No divergence here: no column for them.
    assert!(!html.contains(">Divergences<"));
    assert!(html.contains("<thead>"));
}
