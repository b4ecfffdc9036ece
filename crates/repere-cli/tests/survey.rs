//! `repere survey summarize` and `repere survey apply`: worked by hand on small files, long
//! and wide files alike, the apply round trip, and located errors.

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

fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(&repere(args))).expect("JSON")
}

fn survey(name: &str) -> String {
    fixture(&format!("survey/{name}"))
}

#[test]
fn shares_means_and_wilson_bounds_worked_by_hand() {
    let def = survey("definition.toml");
    let v = json(&[
        "survey",
        "summarize",
        &survey("long.csv"),
        "--definition",
        &def,
        "--by",
        "process",
        "--format",
        "json",
    ]);
    assert_eq!(v["format"], "repere-survey-summary/1");
    let rows = v["questions"].as_array().unwrap();
    // p1 q1: 5, 4, 2, 4, 1 → n 5, mean 16/5, favourable (4 and 5) 3/5.
    let q1 = &rows[0];
    assert_eq!(
        (q1["process"].as_str(), q1["question"].as_str()),
        (Some("p1"), Some("q1"))
    );
    assert_eq!(q1["n"], 5);
    assert_eq!(q1["mean"], 3.2);
    assert_eq!(q1["top2"], 0.6);
    assert_eq!(q1["distribution"], serde_json::json!([1, 1, 0, 2, 1]));
    // Wilson 95 %: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n) with p = 0.6, n = 5.
    assert!((q1["top2-low"].as_f64().unwrap() - 0.230_724_281).abs() < 1e-8);
    assert!((q1["top2-high"].as_f64().unwrap() - 0.882_379_226).abs() < 1e-8);
    // p1 q2 (yes/no): 1, 1, 0, 1 and a blank → n 4, favourable (yes) 3/4.
    let q2 = &rows[1];
    assert_eq!(
        (q2["n"].as_u64(), q2["top2"].as_f64()),
        (Some(4), Some(0.75))
    );
    assert_eq!(q2["favourable-answers"], serde_json::json!([1]));
    // Per process: the pooled mean of all answers.
    let p1 = &v["processes"][0];
    assert_eq!(
        (p1["n-answers"].as_u64(), p1["n-respondents"].as_u64()),
        (Some(9), Some(5))
    );
    assert!((p1["mean"].as_f64().unwrap() - 19.0 / 9.0).abs() < 1e-12);
}

#[test]
fn long_and_wide_files_give_the_same_summary() {
    let def = survey("definition.toml");
    for with_definition in [false, true] {
        let run = |file: &str| {
            let path = survey(file);
            let mut args = vec![
                "survey",
                "summarize",
                &path,
                "--by",
                "process",
                "--format",
                "csv",
            ];
            if with_definition {
                args.extend(["--definition", def.as_str()]);
            }
            ok(&repere(&args))
        };
        assert_eq!(run("long.csv"), run("wide.csv"));
    }
}

#[test]
fn csv_columns_are_named_exactly_and_sorted() {
    let out = ok(&repere(&[
        "survey",
        "summarize",
        &survey("wide.csv"),
        "--by",
        "process",
        "--format",
        "csv",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    // Without a definition: the scale of the values seen (0 to 5), favourable its two highest.
    assert_eq!(
        lines[0],
        "process,question,n,mean,top2,top2_low,top2_high,n_0,n_1,n_2,n_3,n_4,n_5"
    );
    assert_eq!(
        lines[1],
        "p1,q1,5,3.200000,0.600000,0.230724,0.882379,0,1,1,0,2,1"
    );
    assert!(lines[2].starts_with("p1,q2,4,0.750000,0.000000,"), "{out}");
    assert_eq!(lines[5], "process,n_answers,n_respondents,mean");
    assert_eq!(lines[6], "p1,9,5,2.111111");
    assert_eq!(lines[7], "p2,3,2,3.000000");
    let core = ok(&repere(&[
        "survey",
        "summarize",
        &survey("long.csv"),
        "--format",
        "csv",
        "--core-columns",
    ]));
    assert_eq!(core.lines().next(), Some("process,question,n,mean,top2"));
    assert_eq!(core.lines().count(), 5);
}

#[test]
fn html_is_self_contained_with_diverging_bars_in_both_languages() {
    let def = survey("definition.toml");
    for (lang, word) in [("fr", "Part favorable"), ("en", "Favourable share")] {
        let page = ok(&repere(&[
            "survey",
            "summarize",
            &survey("long.csv"),
            "--definition",
            &def,
            "--format",
            "html",
            "--lang",
            lang,
        ]));
        assert!(page.contains("Content-Security-Policy"));
        assert!(page.contains(word), "{lang}");
        assert!(page.contains("<svg") && page.contains("<rect"));
        assert!(
            !page.contains("<script") && !page.contains("http://") && !page.contains("https://")
        );
    }
    let text = ok(&repere(&[
        "survey",
        "summarize",
        &survey("long.csv"),
        "--lang",
        "en",
    ]));
    assert!(
        text.contains("q1: n = 5, mean 3.20, top2 60.0% [Wilson 95% CI: 23.1% – 88.2%]"),
        "{text}"
    );
}

#[test]
fn bad_responses_are_located() {
    let def = survey("definition.toml");
    let out = repere(&[
        "survey",
        "summarize",
        &survey("bad_long.csv"),
        "--definition",
        &def,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let expected = "\
error: column `answer`: `7` is not an answer to question `q1`: expected a whole number from 1 to 5
 --> ";
    assert!(err.starts_with(expected), "{err}");
    assert!(err.contains("bad_long.csv:4:10\n"), "{err}");
    assert!(
        err.contains(
            "error: unknown question `q3`: survey `demo-participants` has no such question"
        ),
        "{err}"
    );
    assert!(err.contains("bad_long.csv:5:7\n"), "{err}");
    assert!(err.contains("help: did you mean `q1`?"), "{err}");
    assert!(
        err.contains("error: respondent `r1` answers question `q1` twice (first on line 2)"),
        "{err}"
    );
    assert!(err.contains("bad_long.csv:6:1\n"), "{err}");
    assert!(err.ends_with("has 3 problems\n"), "{err}");
    let out = repere(&[
        "survey",
        "summarize",
        &survey("bad_wide.csv"),
        "--definition",
        &def,
    ]);
    let err = text(&out.stderr);
    assert!(err.contains("error: unknown question `q02`"), "{err}");
    assert!(err.contains("bad_wide.csv:1:"), "{err}");
    assert!(err.contains("help: did you mean `q2`?"), "{err}");
}

#[test]
fn apply_fills_the_criteria_and_keeps_hand_ratings_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("closing.toml");
    std::fs::copy(fixture("closing.toml"), &into).unwrap();
    let into_s = into.to_str().unwrap();
    let def = survey("definition.toml");
    let grid = fixture("grid.toml");
    let long = survey("long.csv");
    let args = |process: &'static str, force: bool| {
        let mut a = vec![
            "survey",
            "apply",
            long.as_str(),
            "--definition",
            def.as_str(),
            "--process",
            process,
            "--into",
            into_s,
            "--grid",
            grid.as_str(),
        ];
        if force {
            a.push("--force");
        }
        a
    };
    // Both criteria were rated by hand: nothing changes without --force.
    let before = std::fs::read_to_string(&into).unwrap();
    let out = repere(&args("p1", false));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("criteria rated by hand, left as they are: `notoriete`, `independance`"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&into).unwrap(), before);
    ok(&repere(&args("p1", true)));
    let after = std::fs::read_to_string(&into).unwrap();
    let sha = {
        use sha2::Digest as _;
        let bytes = std::fs::read(&long).unwrap();
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert!(after.contains(&format!("(sha256:{sha})")), "{after}");
    assert!(after.contains("value = 60"), "{after}");
    assert!(after.contains("level = \"partiel\""), "{after}");
    assert!(
        after.contains("n = 5, favourable 60.0% (Wilson 95% interval 23.1%–88.2%)"),
        "{after}"
    );
    // The file still checks against the grid, and scores.
    ok(&repere(&["check", into_s, "--grid", &grid]));
    // Survey ratings are replaced without --force; p2 has 2 answers to q1, below 3.
    ok(&repere(&args("p2", false)));
    let p2 = std::fs::read_to_string(&into).unwrap();
    assert!(
        p2.contains(
            "not assessed: 2 respondents answered question `q1`, fewer than the minimum of 3"
        ),
        "{p2}"
    );
    assert!(!p2.contains("value = 60"), "{p2}");
    // An unknown process is named with a suggestion.
    let out = repere(&args("p3", false));
    assert!(
        text(&out.stderr).contains("no answers for process `p3`"),
        "{}",
        text(&out.stderr)
    );
}

/// A file of the catalogue's example surveys.
fn catalogue(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../repere-catalog/surveys")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn the_e1_example_reproduces_the_published_shares_and_fills_the_participants_assessment() {
    let def = catalogue("e1-anneau-des-sciences.survey.toml");
    let responses = catalogue("e1-anneau-des-sciences.responses.csv");
    let v = json(&[
        "survey",
        "summarize",
        &responses,
        "--definition",
        &def,
        "--format",
        "json",
    ]);
    let share = |q: &str| {
        v["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["question"] == q)
            .map(|r| r["top2"].as_f64().unwrap())
    };
    // Published by the CPDP: ~80 % well informed, 70 % viewpoints expressed, 71 % satisfied.
    assert_eq!(share("informe"), Some(0.8));
    assert_eq!(share("expression"), Some(0.7));
    assert_eq!(share("moyens"), Some(0.71));
    // Applied to the example participants' assessment (criteria rated by hand: --force).
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("participants.toml");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../repere-catalog/evaluations/e1-anneau-des-sciences.participants.toml"),
        &into,
    )
    .unwrap();
    let into_s = into.to_str().unwrap();
    ok(&repere(&[
        "survey",
        "apply",
        &responses,
        "--definition",
        &def,
        "--process",
        "anneau-des-sciences",
        "--into",
        into_s,
        "--force",
    ]));
    let after = std::fs::read_to_string(&into).unwrap();
    for value in [
        "value = 80",
        "value = 70",
        "value = 71",
        "level = \"partiel\"",
    ] {
        assert!(after.contains(value), "{value}: {after}");
    }
    ok(&repere(&["score", into_s]));
    // The OECD-style definition loads.
    let oecd = catalogue("oecd-citizens-panel.survey.toml");
    let out = repere(&["check", &oecd]);
    ok(&out);
    let said = text(&out.stderr) + &text(&out.stdout);
    assert!(said.contains("6 questions, 5 criteria fed"), "{said}");
}

#[test]
fn bad_response_files_give_the_golden_diagnostics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/survey");
    for name in ["bad_long", "bad_wide"] {
        let out = Command::new(env!("CARGO_BIN_EXE_repere"))
            .args([
                "survey",
                "summarize",
                &format!("{name}.csv"),
                "--definition",
                "definition.toml",
            ])
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(1));
        let golden = std::fs::read_to_string(dir.join(format!("{name}.stderr"))).unwrap();
        assert_eq!(text(&out.stderr), golden, "{name}");
    }
}
