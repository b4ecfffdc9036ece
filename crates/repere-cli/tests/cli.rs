//! End-to-end tests of the `repere` binary: every command, error cases and exit codes, and the
//! `fill` flow driven through standard input, including an interrupted run that resumes.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

use common::fixture;

fn repere(args: &[&str]) -> Output {
    run_with_stdin(args, None, None)
}

fn run_with_stdin(args: &[&str], stdin: Option<&str>, dir: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_repere"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let mut child = cmd.spawn().expect("the binary runs");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(s) = stdin {
            pipe.write_all(s.as_bytes())
                .expect("stdin accepts the answers");
        }
    }
    child.wait_with_output().expect("the binary ends")
}

/// The one scorecard of `repere score --format json` on one file.
fn scorecard(out: &[u8]) -> serde_json::Value {
    let mut set: serde_json::Value = serde_json::from_slice(out).expect("valid JSON");
    assert_eq!(set["format"], "repere-scorecards/1");
    assert_eq!(set["scorecards"].as_array().map(Vec::len), Some(1));
    set["scorecards"][0].take()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("the binary exits normally")
}

#[test]
fn usage_errors_exit_with_2() {
    let o = repere(&["score"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("Usage"), "{}", stderr(&o));
    let o = repere(&["nonsense"]);
    assert_eq!(code(&o), 2);
    let o = repere(&["template", &fixture("grid.toml"), "--phase", "closnig"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("did you mean `closing`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn help_documents_exit_codes() {
    let o = repere(&["--help"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("Exit codes: 0 success"));
}

#[test]
fn check_accepts_valid_files_and_locates_problems() {
    let g = fixture("grid.toml");
    let o = repere(&["check", &g]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ok: ")
            && stderr(&o).contains("grid `demo.small` 1.0.0: 1 dimensions, 2 criteria")
    );
    let o = repere(&[
        "check",
        "--grid",
        &g,
        &fixture("closing.toml"),
        &fixture("bad.toml"),
    ]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("closing.toml: assessment of"), "{err}");
    assert!(
        err.contains("grid `demo.small` has no criterion `independence`"),
        "{err}"
    );
    assert!(
        err.contains("help: a criterion with a similar name exists: `independance`"),
        "{err}"
    );
    assert!(
        err.contains("bad.toml:17:13"),
        "the line and column are given: {err}"
    );
    assert!(err.contains("`140` is outside the scale"), "{err}");
    assert!(err.contains("1 of 2 files have problems"), "{err}");
}

#[test]
fn check_reports_a_missing_file_as_invalid_input() {
    let o = repere(&["check", "/nonexistent/grid.toml"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("cannot read `/nonexistent/grid.toml`: no such file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn score_text_shows_levels_gaps_hints_and_the_trace() {
    let o = repere(&[
        "score",
        &fixture("closing.toml"),
        "--grid",
        &fixture("grid.toml"),
        "--profile",
        "moyennes",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Scorecard — Débat public de démonstration"),
        "{out}"
    );
    assert!(out.contains("Independence — Partly (50 %)"), "{out}");
    // (0.5 + 0.22) / 2 = 0.36
    assert!(out.contains("Overall result: 36 %"), "{out}");
    assert!(
        out.contains("Gap to target: -50"),
        "the gap to `oui` (1.0) from `partiel` (0.5): {out}"
    );
    assert!(
        out.contains("To improve: Respected — Independent commission, charter signed."),
        "{out}"
    );
    assert!(
        out.contains("weighted mean = (1 × 0.5 + 1 × 0.22) / 2 = 0.36"),
        "{out}"
    );
}

#[test]
fn score_formats_are_deterministic_and_well_formed() {
    let args = |f: &'static str| {
        vec![
            "score".to_owned(),
            fixture("closing.toml"),
            "--grid".to_owned(),
            fixture("grid.toml"),
            "--format".to_owned(),
            f.to_owned(),
        ]
    };
    for f in ["text", "markdown", "html", "json", "csv"] {
        let a: Vec<String> = args(f);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let one = repere(&a);
        let two = repere(&a);
        assert_eq!(code(&one), 0, "{f}: {}", stderr(&one));
        assert_eq!(one.stdout, two.stdout, "{f} output is deterministic");
    }
    let a: Vec<String> = args("json");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let set: serde_json::Value = serde_json::from_slice(&repere(&a).stdout).expect("valid JSON");
    assert_eq!(
        set["format"], "repere-scorecards/1",
        "one shape whatever the number of files"
    );
    let json = &set["scorecards"][0];
    assert_eq!(json["format"], "repere-scorecard/1");
    assert_eq!(json["criteria"][1]["score"], 0.22);
    let a: Vec<String> = args("csv");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let csv = stdout(&repere(&a));
    assert_eq!(
        csv.lines().count(),
        3,
        "a header and one row per criterion: {csv}"
    );
    let a: Vec<String> = args("html");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let html = stdout(&repere(&a));
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg") && !html.contains("<script")
    );
}

#[test]
fn writing_an_existing_file_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    let out_s = out.display().to_string();
    let args = [
        "score",
        &fixture("closing.toml"),
        "--grid",
        &fixture("grid.toml"),
        "--format",
        "markdown",
        "-o",
        &out_s,
    ];
    assert_eq!(code(&repere(&args)), 0);
    let first = std::fs::read_to_string(&out).unwrap();
    std::fs::write(&out, "precious").unwrap();
    let o = repere(&args);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("already exists; add `--force`"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "precious",
        "nothing overwritten"
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(code(&repere(&forced)), 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
}

#[test]
fn compare_shows_ambition_against_achieved() {
    let o = repere(&[
        "compare",
        &fixture("framing.toml"),
        &fixture("closing.toml"),
        "--grid",
        &fixture("grid.toml"),
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    // notoriété: 40 % → 22 %, −18 points
    assert!(out.contains("40 % → 22 %"), "{out}");
    assert!(out.contains("-18"), "{out}");
    let o = repere(&[
        "compare",
        &fixture("framing.toml"),
        &fixture("closing.toml"),
        "--grid",
        &fixture("grid.toml"),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(json["format"], "repere-comparison/1");
    assert_eq!(json["criteria"][1]["change"], "down");
    assert_eq!(json["criteria"][0]["change"], "newly-rated");
}

#[test]
fn schema_prints_each_schema() {
    for kind in ["grid", "profile", "assessment", "report"] {
        let o = repere(&["schema", kind]);
        assert_eq!(code(&o), 0);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("a schema is JSON");
        assert!(v.get("$schema").is_some(), "{kind}");
    }
}

#[test]
fn template_loads_as_an_assessment_with_nothing_rated() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t.toml");
    let t_s = t.display().to_string();
    let o = repere(&[
        "template",
        &fixture("grid.toml"),
        "--role",
        "guarantor",
        "-o",
        &t_s,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&t).unwrap();
    assert!(text.starts_with("#:schema "));
    assert!(
        text.contains("# level = \"oui\"  # Respecté: Commission indépendante, charte signée.")
    );
    // As it is, the template loads and scores with nothing rated.
    let o = repere(&[
        "score",
        &t_s,
        "--grid",
        &fixture("grid.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json = scorecard(&o.stdout);
    assert_eq!(json["completeness"]["rated"], 0);
    assert_eq!(json["criteria"][0]["status"], "not-assessed");
    // Uncomment one level line.
    assert!(text.contains("# level = \"partiel\""));
    std::fs::write(
        &t,
        text.replace("# level = \"partiel\"", "level = \"partiel\""),
    )
    .unwrap();
    let o = repere(&[
        "score",
        &t_s,
        "--grid",
        &fixture("grid.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json = scorecard(&o.stdout);
    assert_eq!(json["criteria"][0]["status"], "rated");
    assert_eq!(json["criteria"][1]["status"], "not-assessed");
}

#[test]
fn fill_through_stdin_and_resume_after_an_interruption() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.toml");
    let out_s = out.display().to_string();
    let g = fixture("grid.toml");
    // First run: names, then one answer with a justification, then the input ends (as when
    // the user presses Ctrl-D, or the terminal closes).
    let o = run_with_stdin(
        &["fill", &g, "-o", &out_s, "--lang", "en"],
        Some("My process\nMe\noiu\npartiel\nHalf done\n"),
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out1 = stdout(&o);
    assert!(
        out1.contains("`oiu` is not a level"),
        "a wrong answer is asked again: {out1}"
    );
    assert!(out1.contains("did you mean `oui`?"), "{out1}");
    assert!(out1.contains("Stopped; saved to"), "{out1}");
    let saved = std::fs::read_to_string(&out).unwrap();
    assert!(
        saved.contains("level = \"partiel\"") && saved.contains("Half done"),
        "{saved}"
    );
    assert!(
        !saved.contains("notoriete"),
        "the second criterion is not answered yet: {saved}"
    );
    // Second run resumes at the second criterion.
    let o = run_with_stdin(
        &["fill", &g, "-o", &out_s, "--lang", "en"],
        Some("22,5\nSurvey of 1,047 people\n"),
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("resuming: 1/2"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Assessment complete"), "{}", stdout(&o));
    let o = repere(&["score", &out_s, "--grid", &g, "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json = scorecard(&o.stdout);
    assert_eq!(json["criteria"][0]["value"], "partiel");
    assert_eq!(json["criteria"][1]["score"], 0.225);
    assert_eq!(json["process"]["name"], "My process");
}

/// An assessment given as the source is recognised as the loader recognises it (here a
/// hand-edited `kind` with single quotes and a comment), and filling goes on from it.
#[test]
fn fill_goes_on_from_a_hand_edited_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.toml");
    let first_s = first.display().to_string();
    let g = fixture("grid.toml");
    let o = run_with_stdin(
        &["fill", &g, "-o", &first_s, "--lang", "en"],
        Some("My process\nMe\npartiel\nHalf done\n"),
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&first).unwrap();
    assert!(text.contains("kind = \"assessment\""), "{text}");
    let edited = text.replace(
        "kind = \"assessment\"",
        "kind = 'assessment' # edited by hand",
    );
    std::fs::write(&first, edited).unwrap();
    let second = dir.path().join("second.toml");
    let second_s = second.display().to_string();
    let o = run_with_stdin(
        &[
            "fill", &first_s, "--grid", &g, "-o", &second_s, "--lang", "en",
        ],
        Some("22,5\nSurvey\n"),
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = repere(&["score", &second_s, "--grid", &g, "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json = scorecard(&o.stdout);
    assert_eq!(json["criteria"][0]["value"], "partiel");
    assert_eq!(json["criteria"][1]["score"], 0.225);
}

#[test]
fn fill_handles_not_applicable_and_skip() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("a.toml");
    let out_s = out.display().to_string();
    let o = run_with_stdin(
        &["fill", &fixture("grid.toml"), "-o", &out_s],
        Some("P\nA\nna\n\nNo organiser to judge\n\n-\n"),
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let saved = std::fs::read_to_string(&out).unwrap();
    assert!(
        saved.contains("not-applicable = \"No organiser to judge\""),
        "an empty reason is asked again: {saved}"
    );
    assert!(saved.contains("not-assessed = true"), "{saved}");
}

#[test]
fn consolidate_flags_divergences_between_roles() {
    let g = fixture("grid.toml");
    let (a, b, c) = (
        fixture("closing.toml"),
        fixture("participants.toml"),
        fixture("self.toml"),
    );
    let o = repere(&["consolidate", &a, &b, &c, "--grid", &g, "--lang", "en"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("[1] Partly  [2] Not respected  [3] Respected"),
        "{out}"
    );
    // Levels by their labels, not their ids.
    assert!(
        out.contains("ratings 2 levels apart (Not respected to Respected)"),
        "{out}"
    );
    assert!(
        out.contains("2 rate the criterion, 1 find it not applicable"),
        "{out}"
    );
    let o = repere(&["consolidate", &a, &b, &c, "--grid", &g, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(json["format"], "repere-consolidation/1");
    // independance: 0.5, 0, 1 → median 0.5; notoriete: 0.22, 0.8 → median 0.51
    assert_eq!(json["criteria"][0]["median"], 0.5);
    assert!((json["criteria"][1]["median"].as_f64().unwrap() - 0.51).abs() < 1e-12);
    let o = repere(&["consolidate", &a, &b, &c, "--grid", &g, "--format", "html"]);
    let html = stdout(&o);
    assert_eq!(
        html.matches("class=\"series\"").count(),
        3,
        "one radar polygon per assessor"
    );
    let o = repere(&["consolidate", &a, "--grid", &g]);
    assert_eq!(code(&o), 2, "one file is a usage error");
}

#[test]
fn several_assessments_score_in_a_row_but_not_into_one_html_page() {
    let ex = |f: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../repere-catalog/evaluations")
            .join(f)
            .display()
            .to_string()
    };
    let (a, b) = (
        ex("e1-anneau-des-sciences.cpdp.toml"),
        ex("e1-anneau-des-sciences.evaluator.toml"),
    );
    let o = repere(&["score", &a, &b, "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "repere-scorecards/1");
    assert_eq!(
        v["scorecards"].as_array().map(Vec::len),
        Some(2),
        "two scorecards in one document"
    );
    let o = repere(&["score", &a, &b, "--format", "csv"]);
    let csv = stdout(&o);
    assert_eq!(csv.matches("grid,grid_version").count(), 1, "one header");
    let o = repere(&["score", &a, &b, "--format", "html"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn built_in_grids_are_listed_shown_and_resolved_with_suggestions() {
    let o = repere(&["grids", "--format", "json"]);
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 11);
    let o = repere(&["show", "rowe-frewer.2000", "--lang", "en"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("Provenance: S = read in the source"));
    let o = repere(&["show", "rowe-frewer"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("did you mean `rowe-frewer.2000`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn demo_writes_reports_and_respects_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let out_s = out.display().to_string();
    let o = repere(&["demo", "--out", &out_s]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Scored 16 example evaluations"),
        "{}",
        stdout(&o)
    );
    let html = std::fs::read_to_string(out.join("e1-anneau-des-sciences.evaluator.html")).unwrap();
    assert!(
        html.contains("class=\"radar\" data-axes=\"5\""),
        "the CNDP grid has five dimensions"
    );
    // The demo dossiers: signed, intact, every assessment published with its bundle; E1's
    // three views consolidate, E5's framing compares with its closing.
    let e1 = out.join("dossier-e1-anneau-des-sciences");
    let e5 = out.join("dossier-e5-montreuil-bp");
    for d in [&e1, &e5] {
        let o = repere(&["verify", d.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(stderr(&o).contains("intact"), "{}", stderr(&o));
    }
    let status: serde_json::Value = serde_json::from_str(&stdout(&repere(&[
        "status",
        e1.to_str().unwrap(),
        "--format",
        "json",
    ])))
    .unwrap();
    let states: Vec<&str> = status["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["published"; 3]);
    assert!(e1.join("published/closing-3.v1/scorecard.html").is_file());
    let o = repere(&[
        "consolidate",
        e1.to_str().unwrap(),
        "--phase",
        "closing",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let c: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(c["members"].as_array().unwrap().len(), 3);
    let o = repere(&["compare", e5.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let cmp: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(cmp["before"]["phase"], "framing");
    assert_eq!(cmp["after"]["phase"], "closing");
    let trail = std::fs::read(e5.join("trail.jsonl")).unwrap();

    let o = repere(&["demo", "--out", &out_s]);
    assert_eq!(code(&o), 2, "a second run needs --force");
    assert_eq!(code(&repere(&["demo", "--out", &out_s, "--force"])), 0);
    // Built again, the same: demo keys and times are fixed, Ed25519 signatures deterministic.
    assert_eq!(std::fs::read(e5.join("trail.jsonl")).unwrap(), trail);
}

#[test]
fn color_always_colours_diagnostics_too() {
    let o = repere(&[
        "--color",
        "always",
        "check",
        &fixture("bad.toml"),
        "--grid",
        &fixture("grid.toml"),
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("\x1b["),
        "ANSI styles on stderr: {}",
        stderr(&o)
    );
    let o = repere(&[
        "--color",
        "never",
        "check",
        &fixture("bad.toml"),
        "--grid",
        &fixture("grid.toml"),
    ]);
    assert!(!stderr(&o).contains("\x1b["));
}

#[test]
fn crosswalks_show_and_carry_assessments_across_grids() {
    let ex = |f: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../repere-catalog/evaluations")
            .join(f)
            .display()
            .to_string()
    };
    // The links, read from either side: broader and narrower swap.
    let o = repere(&[
        "crosswalk",
        "oecd.2021.deliberative-processes",
        "fr.cndp.debat-public",
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let cw: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(cw["format"], "repere-crosswalk-report/1");
    assert_eq!(cw["from"]["id"], "oecd.2021.deliberative-processes");
    let link = cw["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["from"]["id"] == "response" && l["to"]["id"] == "reponse_mo")
        .unwrap();
    assert_eq!(
        link["relation"], "broader",
        "narrower read from the other side"
    );
    assert_eq!(link["carries"], false);
    let text = stdout(&repere(&[
        "crosswalk",
        "fr.cndp.debat-public",
        "oecd.2021.deliberative-processes",
    ]));
    assert!(text.contains("Critères sans correspondance"), "{text}");
    assert!(
        text.contains("elle est plus large, et sa notation n'est pas reportée"),
        "the French note: {text}"
    );
    // Level correspondences, in the report's language.
    let text = stdout(&repere(&[
        "crosswalk",
        "uk.involve.quality-standards",
        "oecd.2021.deliberative-processes",
        "--lang",
        "en",
    ]));
    assert!(
        text.contains("Levels: Not met → Not met, Partly met → Partly met, Met → Met"),
        "{text}"
    );

    // E2 (OECD) compared with E1's participants (CNDP): the equivalent criteria are carried,
    // the rest said, never drawn as zero.
    let oecd = ex("e2-resilience-gironde.g4.toml");
    let cndp = ex("e1-anneau-des-sciences.participants.toml");
    let o = repere(&["compare", &oecd, &cndp, "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let cmp: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let carried = &cmp["carried"][0];
    let pairs: Vec<(String, String)> = carried["carried"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["from"]["id"].as_str().unwrap().to_owned(),
                c["to"]["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(pairs.contains(&("info.participants".into(), "survey_information".into())));
    assert!(
        carried["not-carried"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["reason"] == "not-equivalent" && n["relation"] == "related")
    );
    let unrated = cmp["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "respect")
        .unwrap();
    assert_eq!(
        unrated["after"],
        serde_json::Value::Null,
        "not assessed is not zero"
    );

    // Grids the catalogue does not relate: refused, with what to do.
    let charte = ex("e5-montreuil-bp.g1.closing.toml");
    let o = repere(&["compare", &oecd, &charte]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("--crosswalk FILE"), "{}", stderr(&o));

    // Consolidation across grids: every assessment on the first's grid.
    let o = repere(&[
        "consolidate",
        &oecd,
        &cndp,
        &ex("e1-anneau-des-sciences.evaluator.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let c: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(c["grid"], "oecd.2021.deliberative-processes");
    assert_eq!(c["members"].as_array().unwrap().len(), 3);
    assert_eq!(c["carried"].as_array().unwrap().len(), 2);
}
