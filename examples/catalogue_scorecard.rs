//! Loads a grid of the catalogue and one of the example evaluations, scores it with the
//! grid's default profile and prints the scorecard as terminal text.
//!
//! ```sh
//! cargo run --example catalogue_scorecard                       # E1, the independent evaluator
//! cargo run --example catalogue_scorecard -- e5-montreuil-bp.g6.toml en
//! ```

use repere::report::{Format, RenderOptions, ReportLang, ScorecardDoc};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .unwrap_or_else(|| "e1-anneau-des-sciences.evaluator.toml".to_owned());
    let lang = match args.next().as_deref() {
        Some("en") => ReportLang::En,
        _ => ReportLang::Fr,
    };
    let Some(example) = repere::catalog::examples()
        .into_iter()
        .find(|e| e.file == file)
    else {
        let names: Vec<&str> = repere::catalog::examples().iter().map(|e| e.file).collect();
        return Err(format!(
            "no example `{file}`; the examples are: {}",
            names.join(", ")
        )
        .into());
    };
    // The assessment names its grid; the catalogue has it.
    let parsed = repere::toml::parse_assessment(example.file, example.text)?;
    let grid = repere::catalog::grid_version(parsed.grid_id(), Some(parsed.grid_version()))?;
    let assessment = parsed.resolve(&grid)?;
    let profile = grid.default_profile();
    let card = repere::score(&grid, Some(&profile), &assessment)?;
    let doc = ScorecardDoc::new(&grid, &profile, &assessment, &card, lang)?;
    print!(
        "{}",
        repere::report::render(&doc, Format::Text, RenderOptions::default())?
    );
    Ok(())
}
