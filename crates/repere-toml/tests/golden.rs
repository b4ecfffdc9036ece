//! Golden-file tests over `tests/fixtures/` (see `tests/fixtures/README.md`).
//!
//! - `invalid/*.toml`: each file must fail to load, and its rendered diagnostics
//!   (`LoadError::render(false)`) must equal the `.stderr` file next to it.
//! - `valid/*.toml`: each file must load, and its normalised form (the file types, as JSON)
//!   must equal the `.json` file next to it.
//!
//! Run with `REPERE_BLESS=1` to write the expected files from the current output.

use std::fs;
use std::path::{Path, PathBuf};

use repere_core::Grid;
use repere_toml::{Document, LoadError, convert};

const BLESS_VAR: &str = "REPERE_BLESS";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn bless() -> bool {
    std::env::var_os(BLESS_VAR).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The `.toml` files of a fixture directory, sorted.
fn toml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixtures().join(dir))
        .unwrap_or_else(|e| panic!("cannot read fixtures/{dir}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// How a fixture is named in messages: its path under `tests/fixtures/`, with `/`.
fn display_name(path: &Path) -> String {
    path.strip_prefix(fixtures())
        .expect("fixture under tests/fixtures")
        .to_string_lossy()
        .replace('\\', "/")
}

/// The grid assessments and profiles are checked against, unless a fixture names another
/// with a `# test-grid: <path under tests/fixtures>` line.
const DEFAULT_GRID: &str = "valid/small-grid.toml";

fn load_fixture_grid(rel: &str) -> Grid {
    let path = fixtures().join(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"));
    repere_toml::load_grid(rel, &text).unwrap_or_else(|e| panic!("{}", e.render(false)))
}

fn grid_for(text: &str) -> Grid {
    let rel = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("# test-grid:"))
        .map_or(DEFAULT_GRID, str::trim);
    load_fixture_grid(rel)
}

/// Loads an invalid fixture the way its name says: `grid-*` with `load_grid`, `profile-*` with
/// `load_profile`, `assessment-*` with `parse_assessment` + `resolve`, `crosswalk-*` with
/// `load_crosswalk` + `check_crosswalk`, anything else with `load_any`. Returns the rendered diagnostics, or `None` when the file loads.
fn load_invalid(path: &Path) -> Option<String> {
    let name = display_name(path);
    let bytes = fs::read(path).expect("read fixture");
    let text = match repere_toml::decode(&name, &bytes) {
        Ok(t) => t,
        Err(e) => return Some(e.render(false)),
    };
    let file = path.file_name().expect("file name").to_string_lossy();
    let result: Result<(), LoadError> = if file.starts_with("grid-") {
        repere_toml::load_grid(&name, text).map(drop)
    } else if file.starts_with("profile-") {
        repere_toml::load_profile(&name, text, &grid_for(text)).map(drop)
    } else if file.starts_with("assessment-") {
        repere_toml::parse_assessment(&name, text)
            .and_then(|a| a.resolve(&grid_for(text)).map(drop))
    } else if file.starts_with("crosswalk-") {
        // Checked against the test grid on both sides.
        let grid = grid_for(text);
        repere_toml::load_crosswalk(&name, text)
            .and_then(|c| repere_toml::check_crosswalk(&name, text, &c, &grid, &grid))
    } else {
        repere_toml::load_any(&name, text).map(drop)
    };
    result.err().map(|e| e.render(false))
}

/// Compares `actual` with the file at `expected`, or writes it when blessing.
fn check(expected: &Path, actual: &str, failures: &mut Vec<String>) {
    if bless() {
        fs::write(expected, actual).expect("write expected file");
        return;
    }
    match fs::read_to_string(expected) {
        Ok(e) if e == actual => {}
        Ok(e) => failures.push(format!(
            "{} differs ({BLESS_VAR}=1 to update)\n--- expected\n{e}\n--- actual\n{actual}",
            display_name(expected)
        )),
        Err(_) => failures.push(format!(
            "{} is missing ({BLESS_VAR}=1 to write it)\n--- actual\n{actual}",
            display_name(expected)
        )),
    }
}

fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn invalid_fixtures_fail_with_the_expected_diagnostics() {
    let files = toml_files("invalid");
    assert!(
        files.len() >= 30,
        "expected at least 30 invalid fixtures, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        match load_invalid(path) {
            None => failures.push(format!("{} loaded without error", display_name(path))),
            Some(rendered) => check(&path.with_extension("stderr"), &rendered, &mut failures),
        }
    }
    report(failures);
}

#[test]
fn every_golden_file_has_its_fixture() {
    for dir in ["invalid", "valid"] {
        for entry in fs::read_dir(fixtures().join(dir)).expect("read fixtures") {
            let path = entry.expect("entry").path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "stderr" || ext == "json" {
                assert!(
                    path.with_extension("toml").exists(),
                    "{} has no .toml next to it",
                    display_name(&path)
                );
            }
        }
    }
}

/// The normalised form of a valid fixture, as pretty JSON.
fn normalised(path: &Path, grids: &[Grid]) -> Result<String, String> {
    let name = display_name(path);
    let bytes = fs::read(path).expect("read fixture");
    let text = repere_toml::decode(&name, &bytes).map_err(|e| e.render(false))?;
    let doc = repere_toml::load_any(&name, text).map_err(|e| e.render(false))?;
    let grid_named = |id: &str| {
        grids
            .iter()
            .find(|g| g.id().as_str() == id)
            .ok_or_else(|| format!("{name}: no valid fixture grid has id `{id}`"))
    };
    let json = match doc {
        Document::Grid(g) => serde_json::to_string_pretty(&convert::grid_to_raw(&g)),
        Document::Profile(file) => {
            let grid = grid_named(&file.grid)?;
            let profile =
                repere_toml::load_profile(&name, text, grid).map_err(|e| e.render(false))?;
            serde_json::to_string_pretty(&convert::profile_to_raw(&profile))
        }
        Document::Assessment(parsed) => {
            let grid = grid_named(parsed.grid_id())?;
            let a = parsed.resolve(grid).map_err(|e| e.render(false))?;
            serde_json::to_string_pretty(&convert::assessment_to_raw(&a))
        }
        _ => return Err(format!("{name}: unexpected document kind")),
    };
    Ok(json.expect("the file types serialize to JSON") + "\n")
}

/// Every valid grid fixture, loaded.
fn valid_grids() -> Vec<Grid> {
    toml_files("valid")
        .iter()
        .filter_map(|p| {
            let name = display_name(p);
            let bytes = fs::read(p).ok()?;
            let text = repere_toml::decode(&name, &bytes).ok()?;
            match repere_toml::load_any(&name, text) {
                Ok(Document::Grid(g)) => Some(*g),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn valid_fixtures_load_into_the_expected_model() {
    let files = toml_files("valid");
    let grids = valid_grids();
    let mut failures = Vec::new();
    for path in &files {
        match normalised(path, &grids) {
            Ok(json) => check(&path.with_extension("json"), &json, &mut failures),
            Err(e) => failures.push(format!("{} does not load:\n{e}", display_name(path))),
        }
    }
    report(failures);
}

#[test]
fn crlf_and_bom_files_mean_the_same_as_plain_ones() {
    for (file, with_bom) in [
        ("valid/crlf-grid.toml", false),
        ("valid/bom-grid.toml", true),
        ("valid/assessment-bom-crlf.toml", true),
    ] {
        let bytes = fs::read(fixtures().join(file)).expect("read fixture");
        assert_eq!(
            bytes.starts_with("\u{feff}".as_bytes()),
            with_bom,
            "{file}: BOM expected: {with_bom}"
        );
        let text = repere_toml::decode(file, &bytes).expect("UTF-8");
        let plain = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        if file.contains("crlf") {
            assert!(text.contains("\r\n"), "{file} lost its CRLF line ends");
        }
        match (
            repere_toml::load_any(file, text).expect("loads"),
            repere_toml::load_any(file, &plain).expect("loads"),
        ) {
            (Document::Grid(a), Document::Grid(b)) => {
                assert_eq!(a, b, "{file}");
                assert_eq!(a.content_hash(), b.content_hash(), "{file}");
            }
            (Document::Assessment(a), Document::Assessment(b)) => {
                assert_eq!(a.file(), b.file(), "{file}");
                assert!(
                    a.file()
                        .ratings
                        .iter()
                        .filter_map(|r| r.justification.as_deref())
                        .all(|j| !j.contains('\r')),
                    "{file}: a multi-line string kept its CR"
                );
            }
            _ => panic!("{file}: unexpected kinds"),
        }
    }
}

#[test]
fn an_error_in_a_crlf_file_points_at_its_line_and_column() {
    let file = "invalid/grid-crlf-error.toml";
    let bytes = fs::read(fixtures().join(file)).expect("read fixture");
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    assert!(text.contains("\r\n"), "{file} lost its CRLF line ends");
    let e = repere_toml::load_grid(file, text).expect_err("invalid");
    let d = &e.diagnostics()[0];
    let span = d.span().expect("located");
    // `phases = ["closing", "bilan"]` is line 20; `"bilan"` starts at column 22.
    assert_eq!(e.line_col(span.start), (20, 22));
    assert_eq!(span.len(), "\"bilan\"".len());
    let rendered = e.render(false);
    assert!(
        rendered.contains("invalid/grid-crlf-error.toml:20:22"),
        "{rendered}"
    );
    assert!(!rendered.contains('\r'), "{rendered:?}");
}
