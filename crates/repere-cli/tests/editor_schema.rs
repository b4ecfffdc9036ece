//! Editors' schema support: a TOML file `repere` writes to a path starts with
//! `#:schema ./repere-<kind>.schema.json` and gets that schema written beside it, so that an
//! editor checks it offline; standard output gets no such line. The real `taplo` (the TOML
//! toolkit behind Even Better TOML and other editors' TOML support) checks written files
//! against the schema and reports a mistake in them. Where `taplo` is missing the taplo test
//! says so and passes, except in CI (`CI` set), where it fails:
//! `scripts/install-test-deps.sh` installs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{fixture, run_piped, text};

const LINE: &str = "#:schema ./repere-assessment.schema.json\n";
const SCHEMA_FILE: &str = "repere-assessment.schema.json";

/// Runs the binary with `stdin` as its input; it must succeed.
fn repere(args: &[&str], stdin: &str) -> Output {
    let out = run_piped(args, stdin);
    assert_eq!(
        out.status.code(),
        Some(0),
        "repere {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The schema as `repere schema assessment` prints it.
fn assessment_schema() -> String {
    text(&repere(&["schema", "assessment"], "").stdout)
}

/// Writes a template of a catalogue grid and a filled assessment of the fixture grid into
/// `dir`; returns their paths.
fn write_both(dir: &Path) -> (PathBuf, PathBuf) {
    let template = dir.join("template.toml");
    repere(
        &[
            "template",
            "fr.cndp.debat-public",
            "--lang",
            "en",
            "-o",
            template.to_str().unwrap(),
        ],
        "",
    );
    let filled = dir.join("filled.toml");
    let o = repere(
        &[
            "fill",
            &fixture("grid.toml"),
            "-o",
            filled.to_str().unwrap(),
            "--lang",
            "en",
        ],
        // After a rating: no evidence (an empty line), no confidence (another).
        "My process\nMe\npartiel\nHalf done\n\n\n22,5\nSurvey of 1,047 people\n",
    );
    assert!(text(&o.stdout).contains("Assessment complete"));
    (template, filled)
}

#[test]
fn written_files_point_to_their_schema_written_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let (template, filled) = write_both(dir.path());
    for file in [&template, &filled] {
        let written = std::fs::read_to_string(file).unwrap();
        assert!(written.starts_with(LINE), "{written}");
    }
    let beside = std::fs::read_to_string(dir.path().join(SCHEMA_FILE)).unwrap();
    assert_eq!(beside, assessment_schema());
    let schema: serde_json::Value = serde_json::from_str(&beside).unwrap();
    assert_eq!(schema["$id"], "urn:repere:schema:assessment:1");
    assert_eq!(schema["title"], "Repère assessment file (format 1)");

    // On standard output: no `#:schema` line, since no schema is written beside it.
    let o = repere(&["template", "fr.cndp.debat-public", "--lang", "en"], "");
    let printed = text(&o.stdout);
    assert!(!printed.contains("#:schema"), "{printed}");
    assert!(printed.starts_with("# Assessment on grid"), "{printed}");
}

#[test]
fn a_schema_file_already_there_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join(SCHEMA_FILE);
    let out = dir.path().join("a.toml");
    let template = |force: bool| {
        let mut args = vec![
            "template",
            "fr.cndp.debat-public",
            "-o",
            out.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        text(&repere(&args, "").stderr)
    };
    // Written once; the same schema again is left as it is, silently.
    let first = template(false);
    assert!(first.contains(SCHEMA_FILE), "{first}");
    let again = template(true);
    assert!(!again.contains(SCHEMA_FILE), "{again}");
    assert_eq!(
        std::fs::read_to_string(&schema).unwrap(),
        assessment_schema()
    );
    // A file of that name that is not Repère's schema is kept, with a warning.
    std::fs::write(&schema, "{\"mine\": true}\n").unwrap();
    let warned = template(true);
    assert!(
        warned.contains("warning:") && warned.contains(SCHEMA_FILE),
        "{warned}"
    );
    assert_eq!(
        std::fs::read_to_string(&schema).unwrap(),
        "{\"mine\": true}\n"
    );
}

/// The `taplo` on the `PATH`, if any.
fn taplo() -> Option<PathBuf> {
    let out = Command::new("which").arg("taplo").output().ok()?;
    out.status
        .success()
        .then(|| PathBuf::from(text(&out.stdout).trim()))
}

/// `taplo lint` of files, as an editor would check them: the schema named by their
/// `#:schema` line, no configuration file, no schema catalogue from the network.
fn lint(taplo: &Path, dir: &Path, files: &[&Path]) -> Output {
    Command::new(taplo)
        .args(["lint", "--no-auto-config", "--colors", "never"])
        .args(files)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("taplo runs")
}

#[test]
fn taplo_checks_written_files_against_the_schema_beside_them() {
    let Some(taplo) = taplo() else {
        if std::env::var_os("CI").is_some() {
            panic!("taplo is missing in CI: scripts/install-test-deps.sh installs it");
        }
        eprintln!("skipped: taplo is not installed (scripts/install-test-deps.sh installs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (template, filled) = write_both(dir.path());
    let o = lint(&taplo, dir.path(), &[&template, &filled]);
    assert!(
        o.status.success(),
        "taplo rejects what repere wrote:\n{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );

    // Mistakes an editor should show: an unknown key in a rating, a number for a phase.
    let original = std::fs::read_to_string(&filled).unwrap();
    assert!(original.contains("\nphase = \"closing\"\n"), "{original}");
    let cases = [
        (
            original.replacen("[[ratings]]\n", "[[ratings]]\nlevle = \"oui\"\n", 1),
            "'levle' was unexpected",
        ),
        (
            original.replace("\nphase = \"closing\"\n", "\nphase = 3\n"),
            "is not of type \"string\"",
        ),
    ];
    for (i, (wrong, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("wrong-{i}.toml"));
        std::fs::write(&path, wrong).unwrap();
        let o = lint(&taplo, dir.path(), &[&path]);
        let said = text(&o.stdout) + &text(&o.stderr);
        assert!(
            !o.status.success(),
            "taplo accepts wrong-{i}.toml:\n{wrong}"
        );
        assert!(said.contains(expected), "expected `{expected}` in:\n{said}");
    }

    // Without the schema beside it, the file cannot be checked: taplo says so rather than
    // passing it (the schema is what the check above relied on).
    std::fs::remove_file(dir.path().join(SCHEMA_FILE)).unwrap();
    let o = lint(&taplo, dir.path(), &[&filled]);
    assert!(!o.status.success());
    assert!(
        (text(&o.stdout) + &text(&o.stderr)).contains(SCHEMA_FILE),
        "{}",
        text(&o.stderr)
    );
}
