//! Embeds every grid file of `grids/`, every example evaluation of `evaluations/` and every
//! example survey of `surveys/` (definitions and response files) and every crosswalk of
//! `crosswalks/` into the crate, in file-name order. The folders are part of the crate (and of its package).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let root = Path::new(&manifest);
    let mut code = String::new();
    for (name, dir, extensions) in [
        ("GRID_FILES", root.join("grids"), &["toml"][..]),
        ("EXAMPLE_FILES", root.join("evaluations"), &["toml"][..]),
        ("SURVEY_FILES", root.join("surveys"), &["toml", "csv"][..]),
        ("CROSSWALK_FILES", root.join("crosswalks"), &["toml"][..]),
    ] {
        println!("cargo:rerun-if-changed={}", dir.display());
        // A missing or empty folder is a broken checkout or package, not an empty catalogue.
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| extensions.iter().any(|x| e == *x))
            })
            .collect();
        assert!(!files.is_empty(), "no file in {}", dir.display());
        files.sort();
        let _ = writeln!(
            code,
            "/// Embedded files: (file name, content).\npub(crate) const {name}: &[(&str, &str)] = &["
        );
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let file_name = f
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let _ = writeln!(
                code,
                "    ({file_name:?}, include_str!({:?})),",
                f.display().to_string()
            );
        }
        code.push_str("];\n");
    }
    std::fs::write(Path::new(&out).join("embedded.rs"), code).expect("OUT_DIR is writable");
}
