//! `repere fill` for people: a level by its number, its name (accents and case aside) or its
//! id; messages in the assessment's language; text wrapped at word boundaries; evidence and
//! confidence asked; no escape code from the keyboard ever saved.

use std::io::Write as _;
use std::process::{Command, Stdio};

mod common;

use common::fixture;

fn fill(args: &[&str], input: &[u8], columns: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_repere"))
        .args(args)
        .env("COLUMNS", columns)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let o = child.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn levels_by_name_accents_and_case_aside_with_french_messages_evidence_and_confidence() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.toml");
    let out_s = out.display().to_string();
    let g = fixture("grid.toml");
    // A name with an arrow key's escape code in it (as a terminal without line editing would
    // pass it), a wrong level, then the level shown ("Respecté") typed without its accent
    // and in capitals; a justification; two pieces of evidence; a confidence by its name.
    let input = "Ma démarche\nMoi\u{1b}[D\nrespecté pas\nRESPECTE\nCharte signée\nCharte\nDélibération du 3 mars\n\nélevée\n22,5\n\n\n\n";
    let (code, stdout, stderr) = fill(&["fill", &g, "-o", &out_s], input.as_bytes(), "40");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("« respecté pas » n'est pas un niveau"),
        "{stdout}"
    );
    assert!(
        stdout.contains("répondez par un numéro ou un nom"),
        "{stdout}"
    );
    assert!(stdout.contains("Élément de preuve"), "{stdout}");
    assert!(stdout.contains("Confiance"), "{stdout}");
    assert!(!stdout.contains("is not"), "no English: {stdout}");
    // Wrapped at word boundaries to 40 columns (piped answers are not echoed, so a message
    // follows its prompt `> ` on the same line).
    for line in stdout.lines() {
        let line = line.trim_start_matches("> ");
        let long_word = line.split_whitespace().any(|w| w.chars().count() > 30);
        assert!(
            line.chars().count() <= 40 || long_word || line.contains(':'),
            "a line longer than the terminal: {line:?}"
        );
    }
    let saved = std::fs::read_to_string(&out).unwrap();
    assert!(
        !saved.contains('\u{1b}'),
        "no escape code in the file: {saved}"
    );
    assert!(saved.contains("name = \"Moi\""), "{saved}");
    assert!(saved.contains("level = \"oui\""), "{saved}");
    assert!(saved.contains("confidence = \"high\""), "{saved}");
    assert!(saved.contains("reference = \"Charte\""), "{saved}");
    assert!(
        saved.contains("reference = \"Délibération du 3 mars\""),
        "{saved}"
    );
    assert!(saved.contains("value = 22.5"), "{saved}");
    let check = Command::new(env!("CARGO_BIN_EXE_repere"))
        .args(["check", &out_s, "--grid", &g])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_level_by_its_number_or_its_id_and_english_messages_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.toml");
    let out_s = out.display().to_string();
    let g = fixture("grid.toml");
    let (code, stdout, stderr) = fill(
        &["fill", &g, "-o", &out_s, "--lang", "en"],
        b"P\nA\n3\n1\n\n\n\nabc\n150\n40\n",
        "80",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("`3` is not a level"), "{stdout}");
    assert!(stdout.contains("`abc` is not a number"), "{stdout}");
    assert!(
        stdout.contains("`150` is outside the scale (0 – 100)"),
        "{stdout}"
    );
    let saved = std::fs::read_to_string(&out).unwrap();
    assert!(saved.contains("level = \"partiel\""), "{saved}");
    assert!(saved.contains("value = 40"), "{saved}");
}
