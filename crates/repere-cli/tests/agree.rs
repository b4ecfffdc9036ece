//! End-to-end tests of `repere agree`: the Krippendorff (2011) anchor at the four levels
//! (text and JSON), the bootstrap, labels, lenient CSV (BOM, CRLF, quotes, extra columns,
//! reordered columns) and every kind of bad CSV, located by line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/agree")
        .join(name)
}

fn repere(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_repere"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("REPERE_TIMINGS")
        .output()
        .expect("the binary runs")
}

fn agree(file: &Path, extra: &[&str]) -> Output {
    let path = file.to_str().expect("UTF-8 path");
    let mut args = vec!["agree", path, "--lang", "en"];
    args.extend_from_slice(extra);
    repere(&args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 errors")
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).expect("valid JSON")
}

/// Writes `bytes` to a new file in a temporary directory.
fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("writable temporary file");
    path
}

/// Krippendorff (2011), exact values: α = 113/152, 108577/133160, 951/1120,
/// 18222619/22852465; n = 40 pairable values; D_o = Σ o δ² / n, D_e = Σ n n δ² / (n (n − 1)).
const ANCHOR: [(&str, &str, f64, f64, f64); 4] = [
    ("nominal", "0.743", 113.0 / 152.0, 8.0, 1216.0),
    ("ordinal", "0.815", 108_577.0 / 133_160.0, 1891.0, 399_480.0),
    ("interval", "0.849", 951.0 / 1120.0, 52.0 / 3.0, 4480.0),
    (
        "ratio",
        "0.797",
        18_222_619.0 / 22_852_465.0,
        59_357.0 / 66_150.0,
        4_570_493.0 / 26_460.0,
    ),
];

#[test]
fn anchor_text_at_four_levels() {
    for (level, rounded, exact, _, _) in ANCHOR {
        let out = agree(&fixture("k2011.csv"), &["--level", level]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        let first = text.lines().next().expect("a first line");
        assert!(
            first.starts_with(&format!("Krippendorff's alpha ({level}): {rounded}")),
            "{first}"
        );
        // The exact value is printed too (shortest representation of the double).
        let shown: f64 = first
            .rsplit("exact: ")
            .next()
            .and_then(|s| s.trim_end_matches(')').parse().ok())
            .expect("an exact value");
        assert!((shown - exact).abs() < 1e-12, "{level}: {shown} vs {exact}");
        assert!(text.contains("11 pairable of 12"), "{text}");
        assert!(text.contains("raters:           4"), "{text}");
        assert!(text.contains("40 pairable values"), "{text}");
        assert!(text.contains("distinct values:  5"), "{text}");
        assert!(text.contains("D_o"), "{text}");
        assert!(text.contains("D_e"), "{text}");
        assert!(text.contains("conventions"), "{text}");
        assert!(out.stderr.is_empty(), "{}", stderr(&out));
    }
}

#[test]
fn anchor_json_exact_values() {
    for (level, rounded, exact, sum_o, sum_e) in ANCHOR {
        let out = agree(
            &fixture("k2011.csv"),
            &["--level", level, "--format", "json"],
        );
        let v = json(&out);
        assert_eq!(v["format"], "repere-agreement/1");
        assert_eq!(v["level"], level);
        assert_eq!(v["alpha-3"], rounded);
        let alpha = v["alpha"].as_f64().expect("alpha");
        assert!((alpha - exact).abs() < 1e-12, "{level}: {alpha} vs {exact}");
        assert_eq!(format!("{alpha:.6}"), format!("{exact:.6}"));
        assert_eq!(v["units"]["pairable"], 11);
        assert_eq!(v["units"]["total"], 12);
        assert_eq!(v["raters"], 4);
        assert_eq!(v["ratings"], 41);
        assert_eq!(v["pairable-values"], 40);
        assert_eq!(v["distinct-values"], 5);
        assert_eq!(v["value-kind"], "number");
        let d_o = v["observed-disagreement"].as_f64().expect("D_o");
        let d_e = v["expected-disagreement"].as_f64().expect("D_e");
        assert!((d_o - sum_o / 40.0).abs() < 1e-12, "{level}: D_o {d_o}");
        assert!(
            (d_e - sum_e / (40.0 * 39.0)).abs() < 1e-12,
            "{level}: D_e {d_e}"
        );
        assert!(v["bootstrap"].is_null());
        let verdict = if alpha >= 0.8 {
            "reliable"
        } else {
            "tentative"
        };
        assert_eq!(v["interpretation"]["verdict"], verdict);
    }
}

#[test]
fn bootstrap_is_deterministic_for_a_seed() {
    let run = |seed: &str| {
        agree(
            &fixture("k2011.csv"),
            &[
                "--level",
                "interval",
                "--bootstrap",
                "500",
                "--seed",
                seed,
                "--format",
                "json",
            ],
        )
    };
    let a = json(&run("7"));
    let b = json(&run("7"));
    assert_eq!(a, b);
    let ci = &a["bootstrap"];
    assert_eq!(ci["resamples"], 500);
    assert_eq!(ci["seed"], 7);
    assert_eq!(ci["confidence"], 0.95);
    let (lower, upper) = (
        ci["lower"].as_f64().expect("lower"),
        ci["upper"].as_f64().expect("upper"),
    );
    let alpha = a["alpha"].as_f64().expect("alpha");
    assert!(lower <= alpha && alpha <= upper, "{lower} {alpha} {upper}");
    // Another seed, another interval (the estimate stays).
    let c = json(&run("8"));
    assert_eq!(c["alpha"], a["alpha"]);
    assert_ne!(c["bootstrap"], a["bootstrap"]);
    // Text output shows the interval.
    let text = agree(
        &fixture("k2011.csv"),
        &[
            "--level",
            "interval",
            "--bootstrap",
            "200",
            "--confidence",
            "0.9",
        ],
    );
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    assert!(stdout(&text).contains("90% interval:"), "{}", stdout(&text));
}

#[test]
fn bootstrap_arguments_are_usage_errors() {
    for args in [
        ["--bootstrap", "0", "--confidence", "0.95"],
        ["--bootstrap", "100", "--confidence", "1.5"],
    ] {
        let mut all = vec!["--level", "interval"];
        all.extend_from_slice(&args);
        let out = agree(&fixture("k2011.csv"), &all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).starts_with("error:"), "{}", stderr(&out));
    }
}

#[test]
fn nominal_labels() {
    let out = agree(
        &fixture("k2011_labels.csv"),
        &["--level", "nominal", "--format", "json"],
    );
    let v = json(&out);
    let alpha = v["alpha"].as_f64().expect("alpha");
    assert!((alpha - 113.0 / 152.0).abs() < 1e-12, "{alpha}");
    assert_eq!(v["value-kind"], "label");
    // Labels are not numbers at the other levels: every line is reported.
    let out = agree(&fixture("k2011_labels.csv"), &["--level", "ordinal"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    located(
        &err,
        "k2011_labels.csv:2:",
        "column `value`: `none` is not a number",
    );
    assert!(err.contains("problems in all"), "{err}");
}

#[test]
fn bom_crlf_quotes_extra_and_reordered_columns() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let text = std::fs::read_to_string(fixture("k2011.csv")).expect("fixture");
    let mut lines: Vec<String> = vec!["value,\"comment\",unit,rater".to_owned()];
    for line in text.lines().skip(1).collect::<Vec<_>>().into_iter().rev() {
        let f: Vec<&str> = line.split(',').collect();
        lines.push(format!(
            "{},\"a note, \"\"quoted\"\"\nover two lines\", {} ,\"{}\"",
            f[2], f[0], f[1]
        ));
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(lines.join("\r\n").as_bytes()); // no final line end
    let path = temp_file(&dir, "bom.csv", &bytes);
    for (level, _, exact, _, _) in ANCHOR {
        let v = json(&agree(&path, &["--level", level, "--format", "json"]));
        let alpha = v["alpha"].as_f64().expect("alpha");
        assert!((alpha - exact).abs() < 1e-12, "{level}: {alpha}");
        assert_eq!(v["ignored-columns"], serde_json::json!(["comment"]));
    }
    // An empty value is a missing rating, and blank lines are skipped.
    let path = temp_file(
        &dir,
        "empty.csv",
        b"unit,rater,value\n\nu1,a,1\nu1,b,1\nu1,c,\nu2,a,2\nu2,b,3\n\n",
    );
    let v = json(&agree(&path, &["--level", "interval", "--format", "json"]));
    assert_eq!(v["empty-values"], 1);
    assert_eq!(v["ratings"], 4);
}

/// Checks that the rendered diagnostics `err` hold `message` as the title of a problem
/// located at `place` (`file:line:`), in the form of the TOML diagnostics.
fn located(err: &str, place: &str, message: &str) {
    let lines: Vec<&str> = err.lines().collect();
    let found = lines.windows(2).any(|w| {
        w[0].starts_with("error: ")
            && w[0].contains(message)
            && w[1].trim_start().starts_with("--> ")
            && w[1].contains(place)
    });
    assert!(found, "`{message}` at `{place}` in:\n{err}");
}

/// Runs a bad file and returns stderr, checking exit code 1 and the `error:` prefix.
fn bad(path: &Path, level: &str) -> String {
    let out = agree(path, &["--level", level]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{}: {err}", path.display());
    assert!(err.starts_with("error:"), "{err}");
    assert!(out.stdout.is_empty());
    err
}

#[test]
fn missing_column_with_suggestion() {
    let err = bad(&fixture("bad_missing_column.csv"), "interval");
    located(
        &err,
        "bad_missing_column.csv:1:",
        "no column `value` in the header (found `unit`, `rater`, `vlaue`)",
    );
    assert!(err.contains("help: did you mean `vlaue`?"), "{err}");
}

#[test]
fn not_a_number_is_located() {
    let err = bad(&fixture("bad_not_a_number.csv"), "interval");
    located(
        &err,
        "bad_not_a_number.csv:4:",
        "column `value`: `high` is not a number",
    );
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    assert!(err.ends_with("has 1 problem\n"), "{err}");
    // At the nominal level the values become labels.
    let out = agree(&fixture("bad_not_a_number.csv"), &["--level", "nominal"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn duplicate_names_both_lines() {
    let err = bad(&fixture("bad_duplicate.csv"), "ordinal");
    located(
        &err,
        "bad_duplicate.csv:6:",
        "unit `u1` is rated twice by rater `a` (first on line 2)",
    );
}

#[test]
fn fewer_than_two_raters() {
    let err = bad(&fixture("bad_one_rater.csv"), "interval");
    assert!(err.contains("at least two raters"), "{err}");
    assert!(err.contains("`a`"), "{err}");
}

#[test]
fn empty_file_and_header_only() {
    let err = bad(&fixture("bad_empty.csv"), "nominal");
    assert!(err.contains("error: the file is empty"), "{err}");
    assert!(err.contains("--> "), "{err}");
    assert!(err.contains("bad_empty.csv"), "{err}");
    let err = bad(&fixture("bad_header_only.csv"), "nominal");
    assert!(err.contains("no ratings"), "{err}");
}

#[test]
fn wrong_number_of_fields() {
    let err = bad(&fixture("bad_field_count.csv"), "interval");
    located(
        &err,
        "bad_field_count.csv:3:",
        "4 fields, but the header has 3",
    );
    located(
        &err,
        "bad_field_count.csv:5:",
        "2 fields, but the header has 3",
    );
}

#[test]
fn unclosed_quote() {
    let err = bad(&fixture("bad_unclosed_quote.csv"), "interval");
    located(
        &err,
        "bad_unclosed_quote.csv:3:",
        "a quoted field opened on line 3 is never closed",
    );
}

#[test]
fn not_utf8_is_located() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = temp_file(
        &dir,
        "latin1.csv",
        b"unit,rater,value\nu1,a,1\nu1,b,2\nu2,caf\xe9,2\nu2,b,3\n",
    );
    let err = bad(&path, "interval");
    located(&err, "latin1.csv:4:7", "the file is not valid UTF-8");
}

#[test]
fn undefined_alpha_and_missing_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = temp_file(
        &dir,
        "same.csv",
        b"unit,rater,value\nu1,a,3\nu1,b,3\nu2,a,3\nu2,b,3\n",
    );
    let err = bad(&path, "interval");
    assert!(err.contains("alpha is undefined"), "{err}");
    let err = bad(&dir.path().join("absent.csv"), "interval");
    assert!(err.contains("no such file"), "{err}");
}

#[test]
fn large_file_read_in_parallel_matches() {
    // Above the parallel threshold (1 MiB): the chunks are appended in order, so a unit cut
    // in two by a chunk boundary is still one unit and the line numbers stay right.
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut text = String::from("unit,rater,value\n");
    for u in 0..40_000u32 {
        for r in 0..4u32 {
            let v = (u * 7 + r * (u % 3)) % 5 + 1;
            text.push_str(&format!("unit{u:06},rater{r},{v}\n"));
        }
    }
    let path = temp_file(&dir, "big.csv", text.as_bytes());
    let v = json(&agree(&path, &["--level", "ordinal", "--format", "json"]));
    assert_eq!(v["units"]["total"], 40_000);
    assert_eq!(v["units"]["pairable"], 40_000);
    assert_eq!(v["ratings"], 160_000);
    // A quote anywhere in the data sends the file to the one-thread RFC 4180 reader: the
    // same alpha.
    let quoted = text.replacen("unit000000,rater0,", "unit000000,\"rater0\",", 1);
    let path2 = temp_file(&dir, "big_quoted.csv", quoted.as_bytes());
    let w = json(&agree(&path2, &["--level", "ordinal", "--format", "json"]));
    assert_eq!(v["alpha"], w["alpha"]);
    // A bad line late in the file is located exactly.
    let mut lines: Vec<&str> = text.lines().collect();
    lines[150_001] = "unit037500,rater0,oops";
    let path3 = temp_file(&dir, "big_bad.csv", lines.join("\n").as_bytes());
    let err = bad(&path3, "ordinal");
    located(&err, "big_bad.csv:150002:", "column `value`: `oops`");
}
