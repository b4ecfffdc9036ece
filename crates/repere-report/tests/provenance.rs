//! Every element's provenance is shown in every format of the grid description: for each grid
//! of the catalogue (every version), in French and English, the text, Markdown and HTML
//! renderings carry the tag of the grid, of each dimension, criterion, scale level descriptor,
//! criterion's own descriptor, measure, profile, weights, gate and bands, next to the element.
//!
//! The expected tags are computed from the core model (its `effective_provenance` API), not
//! from the document, so that a document that lost an element's provenance fails here.

use repere_core::{Backing, Grid, Provenance};
use repere_report::{Format, GridDescriptionDoc, RenderOptions, ReportLang, render};

fn letter(p: Provenance) -> &'static str {
    match p {
        Provenance::Sourced => "S",
        Provenance::Partial => "M",
        _ => "I",
    }
}

/// The tag of an element below the criterion: `[I]`, `[S↑]`, `[M · a, b]`.
fn tag(b: &Backing, inherited: Provenance) -> String {
    let mut s = format!("[{}", letter(b.effective_provenance(inherited)));
    if b.provenance.is_none() {
        s.push('↑');
    }
    if !b.sources.is_empty() {
        let ids: Vec<&str> = b.sources.iter().map(|i| i.as_str()).collect();
        s.push_str(&format!(" · {}", ids.join(", ")));
    }
    s.push(']');
    s
}

/// The rendering as plain lines, whatever the format: Markdown escapes and list marks
/// removed, HTML tags removed and entities decoded.
fn lines(format: Format, out: &str) -> Vec<String> {
    out.lines()
        .map(|l| match format {
            Format::Markdown => {
                let l = l
                    .trim_start()
                    .trim_start_matches("- ")
                    .trim_start_matches("# ");
                let l = l.trim_start_matches("## ");
                let mut s = String::new();
                let mut chars = l.chars();
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        if let Some(n) = chars.next() {
                            s.push(n);
                        }
                    } else {
                        s.push(c);
                    }
                }
                s.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            }
            Format::Html => {
                let mut s = String::new();
                let mut in_tag = false;
                for c in l.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' if in_tag => in_tag = false,
                        _ if !in_tag => s.push(c),
                        _ => {}
                    }
                }
                s.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&")
            }
            _ => l.trim_start().to_owned(),
        })
        .collect()
}

/// Checks one rendering; returns what is missing.
fn check(grid: &Grid, lang: ReportLang, format: Format) -> Vec<String> {
    let doc = GridDescriptionDoc::new(grid, lang);
    let out = render(&doc, format, RenderOptions::default()).expect("renders");
    let lines = lines(format, &out);
    let l = lang.lang();
    let fb = grid.default_lang();
    let mut missing = Vec::new();
    let mut expect = |from: usize, starts: &str, needle: &str, what: &str| -> usize {
        match lines[from..]
            .iter()
            .position(|x| x.starts_with(starts) && x.contains(needle))
        {
            Some(i) => from + i,
            None => {
                missing.push(format!(
                    "{} {:?} {}: {what}: no line `{starts}…{needle}`",
                    grid.id(),
                    format,
                    lang.as_str()
                ));
                from
            }
        }
    };
    let g = grid.draft();
    let title = g.title.get(&l, fb);
    expect(0, title, &format!("[{}]", letter(g.provenance)), "grid");
    let mut at = 0;
    for s in grid.scales() {
        at = expect(at, &format!("{} — ", s.id), "", "scale");
        for lv in s.levels() {
            if lv.descriptor.is_empty() {
                continue;
            }
            let t = tag(&lv.descriptor_backing, g.provenance);
            at = expect(
                at,
                &format!("{} = {}: ", lv.id, lv.value),
                &t,
                "level descriptor",
            );
        }
    }
    for d in grid.dimensions() {
        let dt = format!("[{}]", letter(d.provenance));
        at = expect(at, &format!("{} — ", d.id), &dt, "dimension");
        for c in &d.criteria {
            let ct = format!("[{}]", letter(c.provenance));
            at = expect(at, &format!("{} — ", c.id), &ct, "criterion");
            if let Some(m) = &c.measure {
                let words = match lang {
                    ReportLang::Fr => "Mesure ",
                    _ => "Measure ",
                };
                expect(at, words, &tag(&m.backing, c.provenance), "measure");
            }
            for (level, _) in &c.rubric {
                let t = tag(c.descriptor_backing(level), c.provenance);
                expect(at, "", &format!("({level}) {t}"), "criterion descriptor");
            }
        }
    }
    for p in grid.profiles() {
        let pt = format!("[{}]", letter(p.provenance));
        at = expect(at, &format!("{} — ", p.id), &pt, "profile");
        let weights = match lang {
            ReportLang::Fr => "Poids ",
            _ => "Weights ",
        };
        let any_weight = p
            .criterion_weights
            .iter()
            .chain(&p.dimension_weights)
            .any(|(_, w)| *w != 1.0);
        if any_weight || p.weights_source.is_some() || p.weights_backing.provenance.is_some() {
            expect(
                at,
                weights,
                &tag(&p.weights_backing, p.provenance),
                "weights",
            );
        }
        let (gate, colon) = match lang {
            ReportLang::Fr => ("Plafond ", " : "),
            _ => ("Gate ", ": "),
        };
        for gt in &p.gates {
            expect(
                at,
                gate,
                &format!("{}{colon}{}", tag(&gt.backing, p.provenance), gt.criterion),
                "gate",
            );
        }
        if !p.bands.is_empty() {
            let bands = match lang {
                ReportLang::Fr => "Seuils ",
                _ => "Bands ",
            };
            expect(at, bands, &tag(&p.bands_backing, p.provenance), "bands");
        }
    }
    missing
}

#[test]
fn every_elements_provenance_is_shown_in_text_markdown_and_html() {
    let mut missing = Vec::new();
    let mut checked = 0;
    for e in repere_catalog::entries() {
        let grid = repere_catalog::grid_version(e.id, Some(e.version)).expect("loads");
        for lang in [ReportLang::Fr, ReportLang::En] {
            for format in [Format::Text, Format::Markdown, Format::Html] {
                missing.extend(check(&grid, lang, format));
                checked += 1;
            }
        }
    }
    assert!(checked >= 6 * 17, "{checked} renderings checked");
    assert!(
        missing.is_empty(),
        "{} missing:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// The catalogue's current grids use the new keys: descriptors, measures, gates, weights and
/// bands with provenance of their own, so the walk above checks them in earnest.
#[test]
fn the_catalogue_tags_elements_below_the_criterion() {
    let grids: Vec<Grid> = repere_catalog::entries()
        .iter()
        .map(|e| repere_catalog::grid_version(e.id, Some(e.version)).expect("loads"))
        .collect();
    let current = || {
        grids.iter().filter(|g| {
            repere_catalog::grid(g.id().as_str()).is_ok_and(|l| l.version() == g.version())
        })
    };
    assert!(current().any(|g| g.criteria().any(|(_, c)| c.measure.is_some())));
    assert!(current().any(|g| g.criteria().any(|(_, c)| !c.rubric_backing.is_empty())));
    assert!(current().any(|g| g.scales().iter().any(|s| {
        s.levels()
            .iter()
            .any(|l| l.descriptor_backing.provenance.is_some())
    })));
    assert!(current().any(|g| {
        g.profiles()
            .iter()
            .any(|p| p.gates.iter().any(|x| !x.backing.sources.is_empty()))
    }));
    assert!(current().any(|g| {
        g.profiles()
            .iter()
            .any(|p| p.weights_backing.provenance.is_some() && p.bands_backing.provenance.is_some())
    }));
    // No current grid marks a descriptor's provenance in its text any more.
    for g in current() {
        for (_, c) in g.criteria() {
            for (_, t) in &c.rubric {
                for (_, s) in t.iter() {
                    assert!(
                        !s.contains("Descripteur illustratif")
                            && !s.contains("Illustrative descriptor"),
                        "{} {}: {s}",
                        g.id(),
                        c.id
                    );
                }
            }
        }
    }
}

/// A blank assessment's comments tag a descriptor whose provenance differs from its
/// criterion's: the assessor sees which descriptors are ours.
#[test]
fn templates_tag_descriptors_that_differ_from_their_criterion() {
    let grid = repere_catalog::grid("fr.cndp.debat-public").expect("loads");
    let opts = repere_toml::TemplateOptions::new(
        repere_core::Phase::Closing,
        repere_core::Role::Evaluator,
        repere_core::Lang::fr(),
    );
    let template = repere_toml::template(&grid, &opts);
    assert!(
        template.contains(
            "Lien d'intérêt avéré ou organisation confiée au maître d'ouvrage lui-même. [I]"
        ),
        "{template}"
    );
}
