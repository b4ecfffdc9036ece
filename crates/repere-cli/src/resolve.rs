//! Finding grids, profiles and assessments named on the command line.

use std::path::Path;

use repere_core::{Assessment, Grid, Profile};
use repere_toml::ParsedAssessment;

use crate::Failure;
use crate::io::{input, quoted, read_text};

/// Whether an argument names a file rather than a catalogue id.
pub(crate) fn is_path(arg: &str) -> bool {
    arg == "-"
        || arg.ends_with(".toml")
        || arg.contains('/')
        || arg.contains(std::path::MAIN_SEPARATOR)
        || Path::new(arg).is_file()
}

/// A grid named by catalogue id (`id` or `id@version`) or by path.
pub(crate) fn grid(arg: &str) -> Result<Grid, Failure> {
    if is_path(arg) {
        let input = input(arg);
        let text = read_text(&input)?;
        return repere_toml::load_grid(&input.name(), &text).map_err(|e| Failure::diagnostics(&e));
    }
    let (id, version) = match arg.split_once('@') {
        Some((i, v)) => (i, Some(v)),
        None => (arg, None),
    };
    catalog_grid(id, version)
}

fn catalog_grid(id: &str, version: Option<&str>) -> Result<Grid, Failure> {
    repere_catalog::grid_version(id, version).map_err(|e| match e {
        // The id may come from a file: quoted shortened.
        repere_catalog::CatalogError::NotFound {
            id,
            version,
            suggestion,
            ..
        } => {
            let versions: Vec<String> = repere_catalog::entries()
                .iter()
                .filter(|e| e.id == id)
                .map(|e| format!("`{}`", e.version))
                .collect();
            let mut m = format!("the catalogue has no grid `{}`", quoted(&id));
            if let Some(v) = version {
                m.push_str(&format!(" version `{}`", quoted(&v)));
            }
            if !versions.is_empty() {
                // The grid is there, in other versions: say which, rather than "did you mean"
                // the same id.
                m.push_str(&format!(
                    "; it has version {}\n  help: an assessment made on another version of a grid is checked against that version: give its file with `--grid FILE`, or move the assessment to the new version (update `[grid] version` and check it)",
                    versions.join(", ")
                ));
            } else if let Some(s) = suggestion {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            Failure::input(format!(
                "{m}\n  help: `repere grids` lists the built-in grids; a grid file is named by its path (`….toml`)"
            ))
        }
        other => Failure::input(other.to_string()),
    })
}

/// Reads an assessment file (without its grid).
pub(crate) fn parsed_assessment(path: &str) -> Result<ParsedAssessment, Failure> {
    let input = input(path);
    let text = read_text(&input)?;
    repere_toml::parse_assessment(&input.name(), &text).map_err(|e| Failure::diagnostics(&e))
}

/// The grid of an assessment: the one given with `--grid`, or the catalogue grid it names.
pub(crate) fn grid_for(parsed: &ParsedAssessment, given: Option<&Grid>) -> Result<Grid, Failure> {
    match given {
        Some(g) => Ok(g.clone()),
        None => catalog_grid(parsed.grid_id(), Some(parsed.grid_version())).map_err(|f| {
            f.context(format!(
                "the assessment names grid `{}` version `{}`; give its file with `--grid FILE` if it is not built in",
                quoted(parsed.grid_id()),
                quoted(parsed.grid_version())
            ))
        }),
    }
}

/// An assessment and its grid.
pub(crate) fn assessment(path: &str, given: Option<&Grid>) -> Result<(Assessment, Grid), Failure> {
    let parsed = parsed_assessment(path)?;
    let grid = grid_for(&parsed, given)?;
    let a = parsed
        .resolve(&grid)
        .map_err(|e| Failure::diagnostics(&e))?;
    Ok((a, grid))
}

/// A profile named by id (one of the grid's) or by path; the grid's default when `None`.
pub(crate) fn profile(arg: Option<&str>, grid: &Grid) -> Result<Profile, Failure> {
    let Some(arg) = arg else {
        return Ok(grid.default_profile());
    };
    if is_path(arg) {
        let input = input(arg);
        let text = read_text(&input)?;
        return repere_toml::load_profile(&input.name(), &text, grid)
            .map_err(|e| Failure::diagnostics(&e));
    }
    if arg == "default" && grid.profile("default").is_none() {
        return Ok(Profile::default_for(grid));
    }
    grid.profile(arg).cloned().ok_or_else(|| {
        let ids: Vec<&str> = grid.profiles().iter().map(|p| p.id.as_str()).collect();
        let mut msg = format!(
            "grid `{}` has no profile `{arg}`; its profiles: {}",
            grid.id(),
            if ids.is_empty() {
                "none (the built-in `default`)".to_owned()
            } else {
                ids.iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        if let Some(s) = repere_core::closest(arg, ids.iter().copied()) {
            msg.push_str(&format!("\n  help: did you mean `{s}`?"));
        }
        Failure::input(msg)
    })
}
