//! Golden scorecards: every example evaluation scored with its grid's default profile, as JSON,
//! compared with the file checked in under `tests/golden/`. Regenerate with
//! `REPERE_BLESS=1 cargo test -p repere-cli --test examples` and review the diff.

use std::path::Path;
use std::process::Command;

#[test]
fn every_example_evaluation_matches_its_golden_scorecard() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = root.join("../repere-catalog/evaluations");
    let golden = root.join("tests/golden");
    let bless = std::env::var_os("REPERE_BLESS").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    let mut mismatches = Vec::new();
    for f in &files {
        let out = Command::new(env!("CARGO_BIN_EXE_repere"))
            .arg("score")
            .arg(f)
            .args(["--format", "json", "--lang", "en"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let got = String::from_utf8(out.stdout).unwrap();
        let name = f.file_stem().unwrap().to_string_lossy().into_owned() + ".json";
        let path = golden.join(&name);
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("no golden file {name}: run with REPERE_BLESS=1"));
        if want != got {
            mismatches.push(name);
        }
    }
    assert!(
        mismatches.is_empty(),
        "scorecards differ from their golden files: {mismatches:?}"
    );
}
