//! Compares the ambition set at framing with what was achieved at closing, for the Montreuil
//! participatory budget assessed on the self-assessment grid of the participation charter: per
//! dimension and per criterion, the two scores, the difference and what changed level; then the
//! gap of each criterion to its target.

use repere::core::Change;
use repere::{compare, score};

fn load(file: &str) -> Result<(repere::Grid, repere::Assessment), Box<dyn std::error::Error>> {
    let example = repere::catalog::examples()
        .into_iter()
        .find(|e| e.file == file)
        .ok_or_else(|| format!("no example `{file}`"))?;
    let parsed = repere::toml::parse_assessment(example.file, example.text)?;
    let grid = repere::catalog::grid_version(parsed.grid_id(), Some(parsed.grid_version()))?;
    let assessment = parsed.resolve(&grid)?;
    Ok((grid, assessment))
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{:.0} %", x * 100.0))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (grid, ambition) = load("e5-montreuil-bp.g1.framing.toml")?;
    let (_, achieved) = load("e5-montreuil-bp.g1.closing.toml")?;
    let before = score(&grid, None, &ambition)?;
    let after = score(&grid, None, &achieved)?;
    let cmp = compare(&before, &after)?;
    let en = repere::Lang::en();
    let label = |id: &str| {
        grid.criterion(id).map_or(id.to_owned(), |(_, c)| {
            c.label.get(&en, grid.default_lang()).to_owned()
        })
    };
    println!(
        "{} — ambition (framing) against achieved (closing)\n",
        ambition.process.name
    );
    for d in &cmp.dimensions {
        let name = grid.dimension(d.id.as_str()).map_or(d.id.to_string(), |x| {
            x.label.get(&en, grid.default_lang()).to_owned()
        });
        println!("{name:<50} {:>6} → {:<6}", pct(d.before), pct(d.after));
    }
    println!("\nCriteria that changed level:");
    for d in cmp.level_changes() {
        let arrow = match d.change {
            Change::Up => "↑",
            Change::Down => "↓",
            _ => "·",
        };
        println!(
            "  {arrow} {}: {} → {}",
            label(d.id.as_str()),
            d.label_before.as_deref().unwrap_or("—"),
            d.label_after.as_deref().unwrap_or("—")
        );
    }
    println!("\nGap to the targets set at framing (points):");
    for c in &after.criteria {
        if let Some(t) = &c.target {
            println!(
                "  {:<60} {:>+5.0}",
                label(c.id.as_str()),
                t.gap.unwrap_or(f64::NAN) * 100.0
            );
        }
    }
    Ok(())
}
