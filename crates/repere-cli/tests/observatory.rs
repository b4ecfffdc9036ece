//! `repere batch` and `repere sensitivity`, run as a user runs them: rows worked by hand
//! (not applicable, not assessed, gates), located errors with the others still scored,
//! reproducible draws, schemas.

use std::path::PathBuf;
use std::process::{Command, Output};

mod common;

use common::{fixture, run_piped, text};

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

/// A profile of `demo.small`: an overall weighted mean, and a gate capping the overall score at
/// 0.3 when independence is below `oui`.
const GATED: &str = r##"kind = "profile"
format = 1
grid = "demo.small"

[profile]
id = "gated"
label = "Gated"
provenance = "illustrative"
overall = "weighted-mean"

[[profile.gates]]
criterion = "independance"
below = "oui"
overall = true
cap = 0.3
reason = "Independence first"
"##;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn toml_rows_worked_by_hand() {
    // closing: independance `partiel` (0.5), notoriete 22 % → (0.5 + 0.22) / 2 = 0.36.
    // framing: independance is not rated at framing (not applicable), notoriete 40 % → 0.4,
    // completeness 1 of 1 applicable.
    let o = repere(&[
        "batch",
        &fixture("closing.toml"),
        &fixture("framing.toml"),
        "--grid",
        &fixture("grid.toml"),
        "--profile",
        "moyennes",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "assessment,garanties,overall,completeness");
    assert!(
        lines[1].ends_with("closing.toml,0.360000,0.360000,1.000000"),
        "{out}"
    );
    assert!(
        lines[2].ends_with("framing.toml,0.400000,0.400000,1.000000"),
        "{out}"
    );
}

#[test]
fn a_bad_file_is_reported_and_the_others_scored() {
    let o = repere(&[
        "batch",
        &fixture("closing.toml"),
        &fixture("bad.toml"),
        "--grid",
        &fixture("grid.toml"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains("closing.toml,0.360000,0.360000,1.000000"),
        "{out}"
    );
    assert!(!out.contains("bad.toml"), "{out}");
    assert!(text(&o.stderr).contains("bad.toml:"), "{}", text(&o.stderr));
}

#[test]
fn wide_table_with_na_blank_gates_and_a_bad_row() {
    let dir = temp();
    let profile = dir.path().join("gated.toml");
    std::fs::write(&profile, GATED).unwrap();
    let csv = dir.path().join("t.csv");
    std::fs::write(
        &csv,
        "assessment,independance,notoriete\n\
         A,oui,80\n\
         B,partiel,80\n\
         C,,50\n\
         D,na,50\n\
         E,peut-etre,10\n\
         F,non,x\n\
         A,oui,0\n",
    )
    .unwrap();
    let o = repere(&[
        "batch",
        csv.to_str().unwrap(),
        "--grid",
        &fixture("grid.toml"),
        "--profile",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    // A: (1 + 0.8) / 2 = 0.9. B: (0.5 + 0.8) / 2 = 0.65, the gate caps the overall at 0.3.
    // C: independance not assessed: 0.5, completeness 1 of 2. D: not applicable: 0.5, 1 of 1.
    assert_eq!(
        out,
        "assessment,garanties,overall,completeness\n\
         A,0.900000,0.900000,1.000000\n\
         B,0.650000,0.300000,1.000000\n\
         C,0.500000,0.500000,0.500000\n\
         D,0.500000,0.500000,1.000000\n"
    );
    let err = text(&o.stderr);
    assert!(
        err.contains("column `independance`: unknown level `peut-etre`")
            && err.contains("t.csv:6:3"),
        "{err}"
    );
    assert!(
        err.contains("t.csv:7:7") && err.contains("`x` is not a number"),
        "{err}"
    );
    assert!(
        err.contains("t.csv:8:1") && err.contains("`A` is named twice"),
        "{err}"
    );
    // Coverage: the weighted share (equal weights here): C has 1 of 2.
    let o = repere(&[
        "batch",
        csv.to_str().unwrap(),
        "--grid",
        &fixture("grid.toml"),
        "--completeness",
        "weight",
    ]);
    let out = text(&o.stdout);
    assert!(
        out.starts_with("assessment,garanties,overall,coverage\n"),
        "{out}"
    );
    assert!(out.contains("\nC,0.500000,0.500000,0.500000\n"), "{out}");
}

#[test]
fn a_header_that_names_no_criterion_refuses_the_file_with_a_suggestion() {
    let dir = temp();
    let csv = dir.path().join("h.csv");
    std::fs::write(&csv, "assessment,independence\nA,oui\n").unwrap();
    let o = repere(&[
        "batch",
        csv.to_str().unwrap(),
        "--grid",
        &fixture("grid.toml"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("`independence` is not a criterion") && err.contains("h.csv:1:12"),
        "{err}"
    );
    assert!(err.contains("did you mean `independance`?"), "{err}");
}

#[test]
fn quoted_tables_read_like_plain_ones() {
    let dir = temp();
    let plain = dir.path().join("p.csv");
    let quoted = dir.path().join("q.csv");
    std::fs::write(
        &plain,
        "assessment,notoriete,independance\nA,10,oui\nB,,non\n",
    )
    .unwrap();
    std::fs::write(
        &quoted,
        "\"assessment\",notoriete,independance\n\"A\",\"10\",oui\nB,,\"non\"\n",
    )
    .unwrap();
    let run = |p: &PathBuf| {
        let o = repere(&[
            "batch",
            p.to_str().unwrap(),
            "--grid",
            &fixture("grid.toml"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    assert_eq!(run(&plain), run(&quoted));
}

#[test]
fn batch_json_html_and_xlsx() {
    let dir = temp();
    let csv = dir.path().join("t.csv");
    std::fs::write(
        &csv,
        "assessment,independance,notoriete\nA,oui,80\nB,non,\nC,na,20\n",
    )
    .unwrap();
    let args = |f: &str| {
        vec![
            "batch".to_owned(),
            csv.to_str().unwrap().to_owned(),
            "--grid".to_owned(),
            fixture("grid.toml"),
            "--profile".to_owned(),
            "moyennes".to_owned(),
            "--format".to_owned(),
            f.to_owned(),
        ]
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        repere(&a)
    };
    let o = run(args("json"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<String> = validator("batch")
        .iter_errors(&v)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["format"], "repere-batch/1");
    // Not assessed is null, not applicable "na", never 0.
    assert_eq!(v["across"]["cells"][1]["cells"][1], serde_json::Value::Null);
    assert_eq!(v["across"]["cells"][2]["cells"][0], "na");
    assert_eq!(v["across"]["ranking"][0]["assessment"], "A");
    let o = run(args("jsonl"));
    assert_eq!(text(&o.stdout).lines().count(), 3);
    for lang in ["fr", "en"] {
        let mut a = args("html");
        a.extend(["--lang".to_owned(), lang.to_owned()]);
        let o = run(a);
        let html = text(&o.stdout);
        assert!(html.contains("class=\"heat\""), "{html}");
        assert!(
            html.contains("class=\"nas\""),
            "a not-assessed cell is marked"
        );
        assert!(html.contains(if lang == "fr" {
            "Classement"
        } else {
            "Ranking"
        }));
    }
    let o = run(args("xlsx"));
    assert_eq!(o.status.code(), Some(2), "an XLSX needs -o");
    let out = dir.path().join("b.xlsx");
    let mut a = args("xlsx");
    a.extend(["-o".to_owned(), out.to_str().unwrap().to_owned()]);
    let o = run(a);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
}

#[test]
fn sensitivity_draws_are_reproducible_and_rows_sum_to_one() {
    let dir = temp();
    let csv = dir.path().join("t.csv");
    std::fs::write(
        &csv,
        "assessment,independance,notoriete\nA,oui,20\nB,non,90\nC,partiel,50\nD,partiel,50\n",
    )
    .unwrap();
    let g = fixture("grid.toml");
    let run = |extra: &[&str]| {
        let mut a = vec![
            "sensitivity",
            csv.to_str().unwrap(),
            "--grid",
            &g,
            "--profile",
            "moyennes",
            "--format",
            "csv",
        ];
        a.extend_from_slice(extra);
        let o = repere(&a);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let one = run(&["--draws", "500", "--seed", "7"]);
    assert_eq!(one, run(&["--draws", "500", "--seed", "7"]));
    assert_ne!(one, run(&["--draws", "500", "--seed", "8"]));
    let lines: Vec<&str> = one.lines().collect();
    assert_eq!(lines[0], "process,expected_rank,rank1,rank2,rank3,rank4");
    for l in &lines[1..] {
        let sum: f64 = l
            .split(',')
            .skip(2)
            .map(|x| x.parse::<f64>().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-5, "{l}");
    }
    // C and D are identical: D never ranks above C (ties go to the earlier process).
    let c: Vec<f64> = lines[3]
        .split(',')
        .skip(2)
        .map(|x| x.parse().unwrap())
        .collect();
    let d: Vec<f64> = lines[4]
        .split(',')
        .skip(2)
        .map(|x| x.parse().unwrap())
        .collect();
    assert!(c[3] == 0.0 && d[0] == 0.0, "{one}");
    // Around the profile's weights, and from a file.
    let around = run(&["--draws", "200", "--concentration", "10"]);
    assert_eq!(around.lines().count(), 5);
    let weights = dir.path().join("w.csv");
    std::fs::write(&weights, "notoriete,independance\n1,0\n0,1\n").unwrap();
    let from_file = run(&["--weights-file", weights.to_str().unwrap()]);
    // Draw 1 (notoriete only): B 0.9, C/D 0.5, A 0.2; draw 2 (independance only): A 1, C/D 0.5,
    // B 0.
    assert_eq!(
        from_file,
        "process,expected_rank,rank1,rank2,rank3,rank4\n\
         A,2.500000,0.500000,0.000000,0.000000,0.500000\n\
         B,2.500000,0.500000,0.000000,0.000000,0.500000\n\
         C,2.000000,0.000000,1.000000,0.000000,0.000000\n\
         D,3.000000,0.000000,0.000000,1.000000,0.000000\n"
    );
}

#[test]
fn sensitivity_of_one_assessment_json_and_text() {
    let base = [
        "sensitivity",
        &fixture("closing.toml"),
        "--grid",
        &fixture("grid.toml"),
        "--profile",
        "moyennes",
        "--draws",
        "300",
    ]
    .map(str::to_owned);
    let run = |extra: &[&str]| {
        let mut a: Vec<&str> = base.iter().map(String::as_str).collect();
        a.extend_from_slice(extra);
        repere(&a)
    };
    let o = run(&["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<String> = validator("sensitivity")
        .iter_errors(&v)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["single"]["sweep"].as_array().unwrap().len(), 2);
    assert_eq!(v["single"]["profile-score"], 0.36);
    let o = run(&["--format", "text", "--lang", "en"]);
    assert!(text(&o.stdout).contains("One weight at a time"));
    let o = run(&["--format", "html", "--lang", "fr"]);
    assert!(text(&o.stdout).contains("tornade"));
    // No overall score in the default profile: nothing to rank.
    let o = repere(&[
        "sensitivity",
        &fixture("closing.toml"),
        "--grid",
        &fixture("grid.toml"),
        "--profile",
        "default",
        "--draws",
        "10",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no overall score"));
}

#[test]
fn streamed_rows_are_the_same_on_standard_output_and_in_a_file() {
    let dir = temp();
    let csv = dir.path().join("t.csv");
    let mut table = String::from("assessment,independance,notoriete\r\n");
    for r in 0..3000 {
        let level = if r % 1000 == 3 {
            "bof"
        } else {
            ["oui", "partiel", "non", "", "na"][r % 5]
        };
        table.push_str(&format!("p{:05},{level},{}\r\n", (r * 7) % 2900, r % 101));
    }
    std::fs::write(&csv, &table).unwrap();
    for format in ["csv", "jsonl"] {
        let base = [
            "--grid".to_owned(),
            fixture("grid.toml"),
            "--format".to_owned(),
            format.to_owned(),
        ];
        let run = |inputs: &[String], extra: &[String]| {
            let mut args = vec!["batch".to_owned()];
            args.extend_from_slice(inputs);
            args.extend_from_slice(&base);
            args.extend_from_slice(extra);
            let child = Command::new(env!("CARGO_BIN_EXE_repere"))
                .args(&args)
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child.wait_with_output().unwrap()
        };
        let path = csv.to_str().unwrap().to_owned();
        let from_file = run(std::slice::from_ref(&path), &[]);
        assert_eq!(from_file.status.code(), Some(1));
        let out = dir.path().join(format!("out.{format}"));
        let into = run(
            std::slice::from_ref(&path),
            &["-o".to_owned(), out.to_str().unwrap().to_owned()],
        );
        assert_eq!(into.status.code(), Some(1));
        assert!(std::fs::read_to_string(&out).unwrap() == text(&from_file.stdout));
        // Repeated names and bad levels: located, the others scored.
        let err = text(&from_file.stderr);
        assert!(err.contains("is named twice"), "{err}");
        assert!(err.contains("unknown level `bof`"), "{err}");
        // A TOML file before the table comes first.
        let mixed = run(&[fixture("closing.toml"), path.clone()], &[]);
        let mixed = text(&mixed.stdout);
        let rows = text(&from_file.stdout);
        let rows = if format == "csv" {
            rows.split_once('\n').unwrap().1.to_owned()
        } else {
            rows
        };
        assert!(
            mixed.ends_with(&rows),
            "the table's rows after the TOML file's"
        );
        assert!(mixed.contains("closing.toml"), "{mixed}");
    }
}

#[test]
fn a_table_or_an_assessment_piped_on_standard_input() {
    // A wide table, told by its header: scored as from a file, errors located in `<stdin>`.
    let table = "assessment,independance,notoriete\nA,oui,80\nB,partiel,x\n";
    for format in ["csv", "json"] {
        let o = run_piped(
            &[
                "batch",
                "-",
                "--grid",
                &fixture("grid.toml"),
                "--format",
                format,
            ],
            table,
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        let out = text(&o.stdout);
        // A: (1 + 0.8) / 2 = 0.9.
        if format == "csv" {
            assert_eq!(
                out,
                "assessment,garanties,overall,completeness\nA,0.900000,0.900000,1.000000\n"
            );
        } else {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["rows"].as_array().map(Vec::len), Some(1), "{out}");
            assert_eq!(v["rows"][0]["assessment"], "A");
        }
        let err = text(&o.stderr);
        assert!(
            err.contains("<stdin>:3:11") && err.contains("`x` is not a number"),
            "{err}"
        );
    }
    // An assessment: read as TOML (a comment first, as files often have).
    let closing = std::fs::read_to_string(fixture("closing.toml")).unwrap();
    let o = run_piped(
        &[
            "batch",
            "-",
            "--grid",
            &fixture("grid.toml"),
            "--profile",
            "moyennes",
        ],
        &format!("# piped\n{closing}"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "assessment,garanties,overall,completeness\n<stdin>,0.360000,0.360000,1.000000\n"
    );
    // A table whose first column is wrong is still read as a table, and says so.
    let o = run_piped(
        &["batch", "-", "--grid", &fixture("grid.toml")],
        "process,independance,notoriete\nA,oui,80\n",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("the first column is `process`, expected `assessment`"),
        "{err}"
    );
}
