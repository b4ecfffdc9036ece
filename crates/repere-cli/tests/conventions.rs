//! The conventions of the Rust command-line ecosystem: shell completions, manual pages,
//! `--quiet`, and JSON output (with a schema) for `check` and `show`.

use std::path::PathBuf;
use std::process::{Command, Output};

mod common;

use common::{fixture, text};

fn repere(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_repere"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn validator(schema: &str) -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../docs/schema/{schema}.schema.json"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = repere(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", text(&o.stderr));
        let script = text(&o.stdout);
        for command in ["score", "consolidate", "agree", "completions"] {
            assert!(script.contains(command), "{shell} completes `{command}`");
        }
    }
    let o = repere(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn manual_pages_are_printed_or_written_one_per_command() {
    let o = repere(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let page = text(&o.stdout);
    assert!(page.contains(".TH repere 1"), "{page}");
    assert!(page.contains("consolidate"), "the page lists the commands");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let o = repere(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for name in [
        "repere.1",
        "repere-score.1",
        "repere-agree.1",
        "repere-fill.1",
    ] {
        let page = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(page.starts_with(".ie") || page.contains(".TH"), "{name}");
    }
    let score = std::fs::read_to_string(out.join("repere-score.1")).unwrap();
    assert!(
        score.contains(".TH repere-score 1") && score.contains("\\-\\-format"),
        "{score}"
    );
    assert!(score.contains(concat!("repere-score ", env!("CARGO_PKG_VERSION"))));
    // Pages are files like any other: not replaced without --force.
    let o = repere(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn quiet_leaves_out_notes_but_not_results_or_errors() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t.toml");
    let o = repere(&["template", &fixture("grid.toml"), "-o", t.to_str().unwrap()]);
    assert!(text(&o.stderr).contains("wrote"), "{}", text(&o.stderr));
    let o = repere(&[
        "-q",
        "template",
        &fixture("grid.toml"),
        "-o",
        t.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stderr), "", "no note with --quiet");
    let o = repere(&["check", "--quiet", &fixture("grid.toml")]);
    assert_eq!((o.status.code(), text(&o.stderr)), (Some(0), String::new()));
    let o = repere(&["check", &fixture("grid.toml")]);
    assert!(text(&o.stderr).starts_with("ok: "));
    let o = repere(&[
        "check",
        "-q",
        &fixture("bad.toml"),
        "--grid",
        &fixture("grid.toml"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("error"), "errors are still shown");
}

#[test]
fn check_as_json_locates_every_problem_and_follows_its_schema() {
    let o = repere(&[
        "check",
        &fixture("grid.toml"),
        &fixture("bad.toml"),
        "--grid",
        &fixture("grid.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "problems: exit code 1");
    assert_eq!(text(&o.stderr), "", "everything is in the JSON");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<String> = validator("check")
        .iter_errors(&v)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["format"], "repere-check/1");
    assert_eq!(v["ok"], false);
    assert_eq!(v["files"][0]["ok"], true);
    assert_eq!(v["files"][0]["kind"], "grid");
    let bad = &v["files"][1];
    assert_eq!(bad["kind"], "assessment");
    let problems = bad["problems"].as_array().unwrap();
    assert!(!problems.is_empty());
    for p in problems {
        assert!(p["line"].as_u64().is_some_and(|l| l > 0), "{p}");
        assert!(p["column"].as_u64().is_some_and(|c| c > 0), "{p}");
        assert!(p["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(v["problems"].as_u64(), Some(problems.len() as u64));
    // A clean file: exit code 0, `ok: true`.
    let o = repere(&["check", &fixture("grid.toml"), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], true);
}

#[test]
fn show_as_json_is_the_grid_file_format_and_reloads() {
    let o = repere(&["show", "fr.cndp.debat-public", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<String> = validator("grid")
        .iter_errors(&v)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["id"], "fr.cndp.debat-public");
    // The same grid, the same criteria as `show` in text.
    let criteria = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["criteria"].as_array().unwrap().len())
        .sum::<usize>();
    let listed = repere(&["grids", "--format", "json"]);
    let grids: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let entry = grids
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "fr.cndp.debat-public")
        .unwrap();
    assert_eq!(entry["criteria"].as_u64(), Some(criteria as u64));
}

/// Diagnostics of another file (here the broken grid a profile names) reach the JSON without
/// colour codes, even with `--color always`.
#[test]
fn check_as_json_carries_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let grid = dir.path().join("broken.toml");
    std::fs::write(&grid, "kind = \"grid\"\nformat = 1\nid = 3\n").unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        format!(
            "kind = \"profile\"\nformat = 1\ngrid = \"{}\"\n[profile]\nid = \"p\"\nlabel = \"P\"\n",
            grid.display()
        ),
    )
    .unwrap();
    let o = repere(&[
        "--color",
        "always",
        "check",
        profile.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let message = v["files"][0]["problems"][0]["message"].as_str().unwrap();
    assert!(message.contains("broken.toml"), "{message}");
    assert!(!message.contains('\u{1b}'), "{message:?}");
}

/// Every schema checked into `docs/schema/` is what `repere schema NAME` prints, so that no
/// documented schema is missing from the command (and none printed differs from the file).
#[test]
fn repere_schema_prints_every_checked_in_schema() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".schema.json").map(str::to_owned)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 20, "{names:?}");
    for name in &names {
        let o = repere(&["schema", name]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let file: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.schema.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(
            printed, file,
            "`repere schema {name}` differs from docs/schema"
        );
    }
}

/// French sets a space before a colon after a label (`Points forts : …`), English does not
/// (`Strengths: …`): in text, Markdown and HTML scorecards, and in the grid description.
#[test]
fn french_reports_set_a_space_before_colons() {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../repere-catalog/evaluations/e1-anneau-des-sciences.evaluator.toml");
    let example = example.to_str().unwrap();
    for format in ["text", "markdown", "html"] {
        // The labels without their emphasis (`**…**`, `<strong>…</strong>`).
        let plain = |lang: &str| {
            text(&repere(&["score", example, "--lang", lang, "--format", format]).stdout)
                .replace("**", "")
                .replace("<strong>", "")
                .replace("</strong>", "")
        };
        let (fr, en) = (plain("fr"), plain("en"));
        for label in ["Points forts", "Points faibles", "Pour progresser"] {
            assert!(fr.contains(label), "{format}: no `{label}`");
            assert!(
                !fr.contains(&format!("{label}:")),
                "{format}: `{label}:` in French"
            );
        }
        assert!(
            fr.contains("Points forts") && fr.contains(" : "),
            "{format}"
        );
        // Markdown shows the next level in a table column, without a colon.
        let labels: &[&str] = if format == "markdown" {
            &["Strengths:", "Weaknesses:"]
        } else {
            &["Strengths:", "Weaknesses:", "To improve:"]
        };
        for label in labels {
            assert!(en.contains(label), "{format}: no `{label}` in English");
        }
        assert!(!en.contains("Strengths :"), "{format}");
    }
    let fr = text(&repere(&["show", "fr.cndp.debat-public", "--lang", "fr"]).stdout);
    assert!(
        fr.contains("Échelles :") && !fr.contains("Échelles:"),
        "{fr}"
    );
    // The agreement report: the colon, and numbers with a decimal comma (an interval's bounds
    // then set apart by a semicolon).
    let k2011 = fixture("agree/k2011.csv");
    let agree = |lang: &str| {
        let o = repere(&[
            "agree",
            k2011.as_str(),
            "--level",
            "ordinal",
            "--bootstrap",
            "200",
            "--seed",
            "1",
            "--lang",
            lang,
        ]);
        text(&o.stdout)
    };
    let (fr, en) = (agree("fr"), agree("en"));
    assert!(fr.contains("(ordinal) : 0,815"), "{fr}");
    assert!(
        fr.contains("niveau :") && fr.contains(" :        47,275"),
        "{fr}"
    );
    assert!(fr.contains(" ; 1,000]"), "{fr}");
    assert!(
        en.contains("(ordinal): 0.815") && en.contains(", 1.000]"),
        "{en}"
    );
    // The sensitivity report: the seed and the concentration in French.
    let g3 = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../repere-catalog/evaluations/e4-reexamen-900mwe.g3.toml");
    let fr = text(
        &repere(&[
            "sensitivity",
            g3.to_str().unwrap(),
            "--grid",
            "fr.maitre-ouvrage.concertation-projet",
            "--profile",
            "acceptabilite",
            "--draws",
            "50",
            "--seed",
            "1",
            "--concentration",
            "2.5",
            "--lang",
            "fr",
        ])
        .stdout,
    );
    assert!(fr.contains("concentration 2,5 (graine 1)"), "{fr}");
    // A gate's threshold and cap in the grid description.
    let fr = text(&repere(&["show", "fr.cndp.debat-public", "--lang", "fr"]).stdout);
    assert!(fr.contains("à 0,5") && !fr.contains("à 0.5"), "{fr}");
}
