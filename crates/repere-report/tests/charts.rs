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
        assert_eq!(html.matches(label).count(), unscored, "{label}");
    }
}
