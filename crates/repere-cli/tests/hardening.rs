//! The binary under attack and misuse: planted symbolic links, concurrent writers, file modes,
//! special files under a timeout and a memory cap, hostile text on the terminal, and every
//! command writing into a closed pipe and into a full disk.
#![cfg(target_os = "linux")]

use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{fixture, text};

const BIN: &str = env!("CARGO_BIN_EXE_repere");

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args).env("NO_COLOR", "1");
    c
}

/// Waits for a child at most `secs` seconds; kills it and fails the test if it hangs.
fn wait_at_most(mut child: Child, secs: u64) -> Output {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the command hung for more than {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs with `stdin` as standard input, under a timeout.
fn run(args: &[&str], stdin: &str, dir: Option<&Path>) -> Output {
    let mut c = cmd(args);
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(d) = dir {
        c.current_dir(d);
    }
    let mut child = c.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.as_bytes().to_vec();
    // A writer thread, so that a command that stops reading early cannot block the test.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = wait_at_most(child, 30);
    let _ = writer.join();
    out
}

/// Runs under a timeout of 10 s and an address-space cap of 2 GiB, with no standard input.
fn run_capped(args: &[&str]) -> Output {
    let mut line = String::from("ulimit -v 2097152; exec \"$0\"");
    for i in 1..=args.len() {
        line.push_str(&format!(" \"${i}\""));
    }
    let child = Command::new("sh")
        .arg("-c")
        .arg(line)
        .arg(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_at_most(child, 10)
}

fn code(o: &Output) -> i32 {
    o.status
        .code()
        .expect("the binary exits normally, not by a signal")
}

fn no_panic(o: &Output, what: &str) {
    assert_ne!(
        o.status.code(),
        Some(101),
        "{what}: panicked: {}",
        text(&o.stderr)
    );
    assert!(
        !text(&o.stderr).contains("panicked"),
        "{what}: {}",
        text(&o.stderr)
    );
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn mkfifo(p: &Path) {
    assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
}

/// Answers that fill the two criteria of the fixture grid.
const ANSWERS: &str = "My process\nMe\npartiel\nHalf done\n22,5\nSurvey\n";

// ---------------------------------------------------------------------------------------------
// Files we write
// ---------------------------------------------------------------------------------------------

/// The temporary file names of the old scheme, `.NAME.<pid>.tmp`, are all planted with
/// symbolic links to a victim for the next few thousand process ids: nothing follows them.
#[test]
fn planted_symlinks_at_temporary_names_are_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1);
    for name in ["report.md", "a.toml"] {
        for pid in last.saturating_sub(50)..last + 3000 {
            let link = dir.path().join(format!(".{name}.{pid}.tmp"));
            std::os::unix::fs::symlink(&victim, link).unwrap();
        }
    }
    let report = dir.path().join("report.md");
    let o = run(
        &[
            "score",
            &fixture("closing.toml"),
            "--grid",
            &fixture("grid.toml"),
            "--format",
            "markdown",
            "-o",
            report.to_str().unwrap(),
        ],
        "",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let a = dir.path().join("a.toml");
    let o = run(
        &["fill", &fixture("grid.toml"), "-o", a.to_str().unwrap()],
        ANSWERS,
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::read_to_string(&report).unwrap().starts_with('#'));
    assert!(std::fs::read_to_string(&a).unwrap().contains("Half done"));
    // Nothing else was left: only the planted links, the victim and the two outputs.
    let stray: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The planted links are exactly `.NAME.<pid>.tmp`; anything else is a stray, a
        // temporary file of the new scheme included.
        .filter(|n| {
            let planted = ["report.md", "a.toml"].iter().any(|name| {
                n.strip_prefix(&format!(".{name}."))
                    .and_then(|rest| rest.strip_suffix(".tmp"))
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            });
            !planted
        })
        .filter(|n| {
            ![
                "victim.txt",
                "report.md",
                "a.toml",
                "repere-assessment.schema.json",
            ]
            .contains(&n.as_str())
        })
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_rewritten_file_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.json");
    std::fs::write(&report, "old").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = run(
        &[
            "score",
            &fixture("closing.toml"),
            "--grid",
            &fixture("grid.toml"),
            "--format",
            "json",
            "-o",
            report.to_str().unwrap(),
            "--force",
        ],
        "",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(mode(&report), 0o600);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("\"format\"")
    );

    // `fill` resuming a 0600 file rewrites it after every answer: still 0600.
    let a = dir.path().join("a.toml");
    let o = run(
        &["fill", &fixture("grid.toml"), "-o", a.to_str().unwrap()],
        "My process\nMe\npartiel\nHalf done\n",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = run(
        &["fill", &fixture("grid.toml"), "-o", a.to_str().unwrap()],
        "22,5\nSurvey\n",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(std::fs::read_to_string(&a).unwrap().contains("Survey"));
    assert_eq!(mode(&a), 0o600);
}

/// Two `fill`s of one file: the second is refused, naming the first; the first's answers are
/// all kept.
#[test]
fn a_second_fill_of_the_same_file_is_refused_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let a_s = a.to_str().unwrap().to_owned();
    let mut first = cmd(&["fill", &fixture("grid.toml"), "-o", &a_s, "--lang", "en"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_in = first.stdin.take().unwrap();
    first_in.write_all(b"My process\nMe\n").unwrap();
    first_in.flush().unwrap();
    // Wait until the first has saved the names (it holds the lock from its start).
    let deadline = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&a).is_ok_and(|t| t.contains("Me")) {
        assert!(Instant::now() < deadline, "the first fill never saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    let lock = dir.path().join(".a.toml.lock");
    assert!(lock.exists());
    let second = run(&["fill", &fixture("grid.toml"), "-o", &a_s], "", None);
    assert_eq!(code(&second), 1);
    let err = text(&second.stderr);
    assert!(err.contains("is being written by another process"), "{err}");
    assert!(err.contains("repere fill"), "{err}");
    assert!(err.contains(&format!("process {}", first.id())), "{err}");
    // The first goes on and finishes: nothing of it was lost.
    first_in
        // After each rating: no evidence (an empty line), no confidence (another).
        .write_all(b"partiel\nHalf done\n\n\n22,5\nSurvey\n")
        .unwrap();
    drop(first_in);
    let out = wait_at_most(first, 30);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let saved = std::fs::read_to_string(&a).unwrap();
    assert!(
        saved.contains("Half done") && saved.contains("Survey"),
        "{saved}"
    );
    assert!(!lock.exists(), "the lock file is removed at the end");
}

/// Writers racing for one new output without `--force`: exactly one wins, every time.
#[test]
fn racing_writers_without_force_never_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..8 {
        let out = dir.path().join(format!("r{round}.json"));
        let out_s = out.to_str().unwrap().to_owned();
        let children: Vec<Child> = (0..3)
            .map(|_| {
                cmd(&[
                    "score",
                    &fixture("closing.toml"),
                    "--grid",
                    &fixture("grid.toml"),
                    "--format",
                    "json",
                    "-o",
                    &out_s,
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
            })
            .collect();
        let outs: Vec<Output> = children.into_iter().map(|c| wait_at_most(c, 30)).collect();
        let won = outs.iter().filter(|o| code(o) == 0).count();
        assert_eq!(won, 1, "round {round}: exactly one writer wins");
        for o in outs.iter().filter(|o| code(o) != 0) {
            assert_eq!(code(o), 2);
            assert!(
                text(&o.stderr).contains("already exists"),
                "{}",
                text(&o.stderr)
            );
        }
    }
}

#[test]
fn outputs_that_are_not_regular_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    for target in [fifo.to_str().unwrap(), "/dev/null"] {
        let o = run(
            &["template", &fixture("grid.toml"), "-o", target, "--force"],
            "",
            None,
        );
        assert_eq!(code(&o), 1, "{target}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("regular files only"),
            "{}",
            text(&o.stderr)
        );
    }
    assert!(Path::new("/dev/null").exists());
}

// ---------------------------------------------------------------------------------------------
// `fill` edge cases
// ---------------------------------------------------------------------------------------------

#[test]
fn fill_keeps_the_process_name_when_input_ends_right_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let a_s = a.to_str().unwrap();
    let o = run(
        &["fill", &fixture("grid.toml"), "-o", a_s, "--lang", "en"],
        "My process\n",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("Stopped; saved to"),
        "{}",
        text(&o.stdout)
    );
    let saved = std::fs::read_to_string(&a).unwrap();
    assert!(saved.contains("My process"), "{saved}");
    // Resuming asks only for the assessor's name, then the criteria.
    let o = run(
        &["fill", &fixture("grid.toml"), "-o", a_s, "--lang", "en"],
        // After the rating: no evidence (an empty line), no confidence (another).
        "Me\npartiel\nHalf done\n\n\n22,5\nSurvey\n",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("Assessment complete"),
        "{}",
        text(&o.stdout)
    );
    let o = run(&["check", a_s, "--grid", &fixture("grid.toml")], "", None);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("assessment of `My process` by Me"));
}

#[test]
fn fill_with_no_input_says_nothing_was_saved() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let o = run(
        &[
            "fill",
            &fixture("grid.toml"),
            "-o",
            a.to_str().unwrap(),
            "--lang",
            "en",
        ],
        "",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("nothing was saved"),
        "{}",
        text(&o.stdout)
    );
    assert!(!a.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no lock file left"
    );
}

#[test]
fn fill_refuses_an_answer_too_long_to_read_back_and_asks_again() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let a_s = a.to_str().unwrap();
    let huge = "x".repeat(9 * 1024 * 1024);
    let input = format!("My process\nMe\npartiel\n{huge}\nShort one\n22,5\nSurvey\n");
    let o = run(
        &["fill", &fixture("grid.toml"), "-o", a_s, "--lang", "en"],
        &input,
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("Answer refused: it is longer than"),
        "{}",
        &out[..out.len().min(2000)]
    );
    assert!(out.len() < 20_000, "the refused answer is not echoed");
    let saved = std::fs::read_to_string(&a).unwrap();
    assert!(saved.contains("Short one") && !saved.contains("xxxx"));
    let o = run(&["check", a_s, "--grid", &fixture("grid.toml")], "", None);
    assert_eq!(code(&o), 0, "the file reads back: {}", text(&o.stderr));
}

#[test]
fn fill_resuming_with_another_phase_or_role_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let a_s = a.to_str().unwrap();
    let o = run(
        &[
            "fill",
            &fixture("grid.toml"),
            "-o",
            a_s,
            "--phase",
            "closing",
        ],
        "My process\nMe\n",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let before = std::fs::read_to_string(&a).unwrap();
    let o = run(
        &[
            "fill",
            &fixture("grid.toml"),
            "-o",
            a_s,
            "--phase",
            "framing",
        ],
        "partiel\n",
        None,
    );
    assert_eq!(code(&o), 2);
    let err = text(&o.stderr);
    assert!(err.contains("phase `closing`, not `framing`"), "{err}");
    assert!(err.contains("leave out `--phase`"), "{err}");
    let o = run(
        &[
            "fill",
            &fixture("grid.toml"),
            "-o",
            a_s,
            "--role",
            "guarantor",
        ],
        "partiel\n",
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("role `evaluator`, not `guarantor`"));
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        before,
        "the file is untouched"
    );
    // The same phase, or none, resumes.
    let o = run(
        &[
            "fill",
            &fixture("grid.toml"),
            "-o",
            a_s,
            "--phase",
            "closing",
        ],
        "partiel\nok\n",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
}

// ---------------------------------------------------------------------------------------------
// Files we read
// ---------------------------------------------------------------------------------------------

#[test]
fn devices_and_fifos_are_refused_without_hanging_or_growing() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    mkfifo(&fifo);
    let csv_fifo = dir.path().join("pipe.csv");
    mkfifo(&csv_fifo);
    let zero_link = dir.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero_link).unwrap();
    let fifo = fifo.to_str().unwrap();
    let csv_fifo = csv_fifo.to_str().unwrap();
    let zero_link = zero_link.to_str().unwrap();
    let (closing, grid) = (fixture("closing.toml"), fixture("grid.toml"));
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", "/dev/zero"],
        vec!["check", zero_link],
        vec!["check", fifo],
        vec!["show", fifo],
        vec!["template", "/dev/zero"],
        vec!["score", fifo, "--grid", "/dev/zero"],
        vec!["score", fifo],
        vec!["compare", fifo, zero_link],
        vec!["consolidate", fifo, zero_link],
        vec!["agree", csv_fifo, "--level", "ordinal"],
        vec!["agree", "/dev/zero", "--level", "nominal"],
        vec!["batch", csv_fifo, "--grid", &grid],
        vec!["batch", "/dev/zero", "--grid", &grid],
        vec!["sensitivity", fifo, "--grid", &grid, "--draws", "5"],
        vec!["check", &closing, "--grid", fifo],
        vec!["score", &closing, "--grid", &grid, "--profile", fifo],
    ];
    for args in cases {
        let o = run_capped(&args);
        assert_eq!(code(&o), 1, "{args:?}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        assert!(err.contains("not a regular file"), "{args:?}: {err}");
    }
}

#[test]
fn standard_input_is_read_as_dash_once_and_bounded() {
    let grid = std::fs::read_to_string(fixture("grid.toml")).unwrap();
    let o = run(&["check", "-"], &grid, None);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("ok: <stdin>: grid `demo.small`"));
    let closing = std::fs::read_to_string(fixture("closing.toml")).unwrap();
    let o = run(
        &[
            "score",
            "-",
            "--grid",
            &fixture("grid.toml"),
            "--format",
            "json",
        ],
        &closing,
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let o = run(
        &["compare", "-", "-", "--grid", &fixture("grid.toml")],
        &closing,
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(
        text(&o.stderr).contains("named twice"),
        "{}",
        text(&o.stderr)
    );
    let big = "#".repeat(9 * 1024 * 1024);
    let o = run(&["check", "-"], &big, None);
    assert_eq!(code(&o), 1);
    assert!(
        text(&o.stderr).contains("longer than"),
        "{}",
        text(&o.stderr)
    );
    let csv = "unit,rater,value\n1,a,1\n1,b,1\n2,a,2\n2,b,1\n3,a,3\n3,b,3\n";
    let o = run(
        &["agree", "-", "--level", "ordinal", "--format", "json"],
        csv,
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["file"], "<stdin>");
}

#[test]
fn agree_shortens_hostile_values_it_echoes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("h.csv");
    let long = "9".repeat(100).to_owned() + &"x".repeat(5_000_000);
    std::fs::write(
        &csv,
        format!("unit,rater,value\n1,a,{long}\n1,b,\u{1b}]0;owned\u{7}\n2,a,1\n2,b,2\n"),
    )
    .unwrap();
    let o = run(
        &["agree", csv.to_str().unwrap(), "--level", "interval"],
        "",
        None,
    );
    assert_eq!(code(&o), 1);
    let err = text(&o.stderr);
    assert!(err.len() < 4_000, "{} bytes of error", err.len());
    assert!(err.contains("characters)"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    // A hostile header too.
    std::fs::write(&csv, format!("unit,rater,{long}\n1,a,1\n")).unwrap();
    let o = run(
        &["agree", csv.to_str().unwrap(), "--level", "interval"],
        "",
        None,
    );
    assert_eq!(code(&o), 1);
    assert!(text(&o.stderr).len() < 4_000);
}

// ---------------------------------------------------------------------------------------------
// Text on the terminal
// ---------------------------------------------------------------------------------------------

/// An assessment whose texts hold terminal escape sequences.
fn hostile_assessment(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("closing.toml"))
        .unwrap()
        .replace(
            "Débat public de démonstration",
            "Débat \\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202e",
        )
        .replace("Évaluatrice indépendante", "Eve \\u001b[1;31mred\\u0007");
    let p = dir.join("hostile.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn assert_no_control(s: &str, what: &str) {
    let bad: Vec<char> = s
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: control characters {bad:?} in {s:?}"
    );
}

#[test]
fn terminal_output_carries_no_control_characters_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let h = hostile_assessment(dir.path());
    let h = h.to_str().unwrap();
    let g = fixture("grid.toml");
    let o = run(&["check", h, "--grid", &g], "", None);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("ok: "));
    assert_no_control(&text(&o.stderr), "check");
    for format in ["text", "markdown", "csv"] {
        let o = run(&["score", h, "--grid", &g, "--format", format], "", None);
        assert_eq!(code(&o), 0, "{}", text(&o.stderr));
        assert_no_control(&text(&o.stdout), format);
    }
    let o = run(&["consolidate", h, h, "--grid", &g], "", None);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_no_control(&text(&o.stdout), "consolidate");
    let o = run(
        &["compare", &fixture("framing.toml"), h, "--grid", &g],
        "",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_no_control(&text(&o.stdout), "compare");
    // With colours on, only our own colour codes (CSI … m) are there.
    let o = run(&["--color", "always", "score", h, "--grid", &g], "", None);
    let out = text(&o.stdout);
    assert!(out.contains("\u{1b}["), "colours are on");
    for (i, _) in out.match_indices('\u{1b}') {
        let seq: String = out[i + 1..].chars().take_while(|c| *c != 'm').collect();
        assert!(
            seq.starts_with('[') && seq[1..].chars().all(|c| c.is_ascii_digit() || c == ';'),
            "only colour codes (ESC [ … m) may be written: {seq:?}"
        );
    }
    assert_no_control(&out.replace('\u{1b}', ""), "coloured text");
    // A grid whose labels hold escapes, through `show` and `fill`'s prompts.
    let grid = std::fs::read_to_string(&g)
        .unwrap()
        .replace("Indépendance", "Ind\\u001b]0;x\\u0007");
    let gp = dir.path().join("g.toml");
    std::fs::write(&gp, grid).unwrap();
    let o = run(&["show", gp.to_str().unwrap()], "", None);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_no_control(&text(&o.stdout), "show");
    let a = dir.path().join("a.toml");
    let o = run(
        &["fill", gp.to_str().unwrap(), "-o", a.to_str().unwrap()],
        ANSWERS,
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_no_control(&text(&o.stdout), "fill");
    // A file name with an escape in an error message.
    let o = run(&["check", "/nonexistent/\u{1b}]0;x\u{7}.toml"], "", None);
    assert_eq!(code(&o), 1);
    assert_no_control(&text(&o.stderr), "error message");
}

// ---------------------------------------------------------------------------------------------
// Closed pipes and full disks
// ---------------------------------------------------------------------------------------------

/// Every command, with the arguments that make it write to standard output.
fn every_command(dir: &Path) -> Vec<(Vec<String>, Option<&'static str>)> {
    let g = fixture("grid.toml");
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    let demo = dir.join("demo");
    // A dossier with one started assessment, for the dossier commands that print.
    let home = dir.join("home");
    let dossier = dir.join("dossier");
    let dossier = dossier.to_str().unwrap();
    if !Path::new(dossier).exists() {
        for args in [
            vec!["key", "new", "ana"],
            vec!["key", "new", "ben"],
            vec![
                "init",
                dossier,
                "--grid",
                "fr.cndp.debat-public",
                "--title",
                "T",
                "--as",
                "ana",
                "--member",
                "ana:evaluator",
                "--member",
                "ben:guarantor",
            ],
            vec!["assess", dossier, "--as", "ana", "--phase", "closing"],
        ] {
            let o = cmd(&args).env("REPERE_HOME", &home).output().unwrap();
            assert_eq!(code(&o), 0, "{args:?}: {}", text(&o.stderr));
        }
    }
    vec![
        (s(&["status", dossier]), None),
        (s(&["status", dossier, "--format", "json"]), None),
        (s(&["log", dossier]), None),
        (s(&["verify", dossier, "--format", "json"]), None),
        (s(&["--help"]), None),
        (s(&["--version"]), None),
        (s(&["score", "--help"]), None),
        (s(&["grids"]), None),
        (s(&["grids", "--format", "json"]), None),
        (s(&["show", "fr.cndp.debat-public"]), None),
        (s(&["template", "fr.cndp.debat-public"]), None),
        (s(&["schema", "grid"]), None),
        (s(&["completions", "bash"]), None),
        (s(&["man"]), None),
        (
            s(&["show", "fr.cndp.debat-public", "--format", "json"]),
            None,
        ),
        (s(&["check", &g, "--format", "json"]), None),
        (s(&["schema", "report"]), None),
        (s(&["score", &fixture("closing.toml"), "--grid", &g]), None),
        (
            s(&[
                "score",
                &fixture("closing.toml"),
                "--grid",
                &g,
                "--format",
                "html",
            ]),
            None,
        ),
        (
            s(&[
                "score",
                &fixture("closing.toml"),
                "--grid",
                &g,
                "--format",
                "json",
                "-o",
                "-",
            ]),
            None,
        ),
        (
            s(&[
                "compare",
                &fixture("framing.toml"),
                &fixture("closing.toml"),
                "--grid",
                &g,
            ]),
            None,
        ),
        (
            s(&[
                "consolidate",
                &fixture("self.toml"),
                &fixture("participants.toml"),
                "--grid",
                &g,
            ]),
            None,
        ),
        (
            s(&["agree", &fixture("agree/k2011.csv"), "--level", "ordinal"]),
            None,
        ),
        (
            s(&[
                "agree",
                &fixture("agree/k2011.csv"),
                "--level",
                "ordinal",
                "--format",
                "json",
            ]),
            None,
        ),
        (s(&["batch", &fixture("closing.toml"), "--grid", &g]), None),
        (
            s(&[
                "batch",
                &fixture("closing.toml"),
                "--grid",
                &g,
                "--format",
                "json",
            ]),
            None,
        ),
        (
            s(&[
                "sensitivity",
                &fixture("closing.toml"),
                &fixture("participants.toml"),
                "--grid",
                &g,
                "--profile",
                "moyennes",
                "--draws",
                "50",
            ]),
            None,
        ),
        (
            s(&["demo", "--out", demo.to_str().unwrap(), "--force"]),
            None,
        ),
        (
            s(&[
                "fill",
                &g,
                "-o",
                dir.join("f.toml").to_str().unwrap(),
                "--force",
            ]),
            Some(ANSWERS),
        ),
    ]
}

fn spawn_into(args: &[String], stdin: Option<&str>, stdout: Stdio) -> Output {
    let mut c = cmd(&args.iter().map(String::as_str).collect::<Vec<_>>());
    c.stdout(stdout).stderr(Stdio::piped());
    c.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = c.spawn().unwrap();
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let _ = pipe.write_all(input.as_bytes());
    }
    wait_at_most(child, 60)
}

#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    for (args, stdin) in every_command(dir.path()) {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = spawn_into(&args, stdin, Stdio::from(writer));
        no_panic(&o, &format!("{args:?}"));
        assert_eq!(code(&o), 0, "{args:?}: {}", text(&o.stderr));
        assert_eq!(
            text(&o.stderr).matches("error").count(),
            0,
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
}

#[test]
fn every_command_reports_a_full_disk() {
    let dir = tempfile::tempdir().unwrap();
    for (args, stdin) in every_command(dir.path()) {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = spawn_into(&args, stdin, Stdio::from(full));
        no_panic(&o, &format!("{args:?}"));
        if args[0] == "fill" {
            // The answers are saved whatever happens to the prompts.
            assert_eq!(code(&o), 0, "{args:?}: {}", text(&o.stderr));
            assert!(
                std::fs::read_to_string(dir.path().join("f.toml"))
                    .unwrap()
                    .contains("Survey")
            );
            continue;
        }
        assert_eq!(code(&o), 1, "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("cannot write to standard output: No space left on device"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
}

#[test]
fn a_closed_or_full_stderr_does_not_panic() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let o = Command::new(BIN)
        .args(["check", "/nonexistent.toml"])
        .stdout(Stdio::null())
        .stderr(Stdio::from(full()))
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = Command::new(BIN)
        .args(["check", &fixture("grid.toml")])
        .stdout(Stdio::null())
        .stderr(Stdio::from(writer))
        .output()
        .unwrap();
    assert_eq!(code(&o), 0);
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

#[test]
fn agree_near_the_float_limits_prints_finite_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    std::fs::write(
        &csv,
        "unit,rater,value\n1,a,1e308\n1,b,-1e308\n2,a,1e308\n2,b,1e308\n3,a,-1e308\n3,b,-1e308\n4,a,0\n4,b,1e308\n",
    )
    .unwrap();
    let o = run(
        &[
            "agree",
            csv.to_str().unwrap(),
            "--level",
            "interval",
            "--format",
            "json",
        ],
        "",
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in ["alpha", "observed-disagreement", "expected-disagreement"] {
        assert!(
            v[key].as_f64().is_some_and(f64::is_finite),
            "{key}: {}",
            v[key]
        );
    }
    let k = v["disagreement-scale-exponent"].as_i64().unwrap();
    assert!(k > 0, "{v}");
    // The same data divided by 1e308 has the same alpha.
    std::fs::write(
        &csv,
        "unit,rater,value\n1,a,1\n1,b,-1\n2,a,1\n2,b,1\n3,a,-1\n3,b,-1\n4,a,0\n4,b,1\n",
    )
    .unwrap();
    let o = run(
        &[
            "agree",
            csv.to_str().unwrap(),
            "--level",
            "interval",
            "--format",
            "json",
        ],
        "",
        None,
    );
    let small: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!((small["alpha"].as_f64().unwrap() - v["alpha"].as_f64().unwrap()).abs() < 1e-12);
    assert_eq!(small["disagreement-scale-exponent"], 0);
    let o = run(
        &["agree", csv.to_str().unwrap(), "--level", "interval"],
        "",
        None,
    );
    assert!(!text(&o.stdout).contains("inf"), "{}", text(&o.stdout));
}

#[test]
fn agree_at_the_ratio_level_says_why_negative_values_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("neg.csv");
    std::fs::write(&csv, "unit,rater,value\n1,a,-2\n1,b,3\n2,a,1\n2,b,1\n").unwrap();
    let o = run(
        &["agree", csv.to_str().unwrap(), "--level", "ratio"],
        "",
        None,
    );
    assert_eq!(code(&o), 1);
    let err = text(&o.stderr);
    assert!(
        err.contains("the ratio level needs values of 0 or more"),
        "{err}"
    );
    assert!(err.contains("--level interval"), "{err}");
    assert!(!err.contains("expected disagreement is zero"), "{err}");
}

/// A long bootstrap shows its progress on a terminal (here a pseudo-terminal made by
/// `script`), and nothing when standard error is not a terminal.
#[test]
fn a_long_bootstrap_shows_progress_on_a_terminal_only() {
    let k2011 = fixture("agree/k2011.csv");
    let line =
        format!("'{BIN}' agree '{k2011}' --level ordinal --bootstrap 2000 --seed 3 --lang en");
    let o = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::null())
        .output();
    let Ok(o) = o else {
        panic!("`script` (util-linux) is needed for this test");
    };
    let shown = text(&o.stdout);
    assert!(
        shown.contains("bootstrap: 100% (2000/2000 resamples)"),
        "{shown:?}"
    );
    assert!(
        shown.contains("bootstrap:  50% (1000/2000 resamples)"),
        "{shown:?}"
    );
    assert!(shown.contains("alpha"), "{shown:?}");
    let o = run(
        &[
            "agree",
            &k2011,
            "--level",
            "ordinal",
            "--bootstrap",
            "2000",
            "--seed",
            "3",
        ],
        "",
        None,
    );
    assert_eq!(code(&o), 0);
    assert!(
        !text(&o.stderr).contains("bootstrap:"),
        "{}",
        text(&o.stderr)
    );
}

/// Subnormal weights weigh as equal weights do, and the trace stays readable.
#[test]
fn subnormal_weights_score_as_equal_weights() {
    let dir = tempfile::tempdir().unwrap();
    let profile = |w: &str| {
        format!(
            "kind = \"profile\"\nformat = 1\ngrid = \"demo.small\"\n[profile]\nid = \"p\"\nlabel = \"P\"\nweights-source = \"test\"\noverall = \"weighted-mean\"\ncriterion-weights = {{ independance = {w}, notoriete = {w} }}\n"
        )
    };
    let score = |w: &str, format: &str| {
        let p = dir.path().join(format!("p{}.toml", w.len()));
        std::fs::write(&p, profile(w)).unwrap();
        let o = run(
            &[
                "score",
                &fixture("closing.toml"),
                "--grid",
                &fixture("grid.toml"),
                "--profile",
                p.to_str().unwrap(),
                "--format",
                format,
                "--lang",
                "en",
            ],
            "",
            None,
        );
        assert_eq!(code(&o), 0, "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let equal: serde_json::Value = serde_json::from_str(&score("1", "json")).unwrap();
    let tiny: serde_json::Value = serde_json::from_str(&score("5e-324", "json")).unwrap();
    let dim = |v: &serde_json::Value| {
        v["scorecards"][0]["dimensions"][0]["score"]
            .as_f64()
            .unwrap()
    };
    assert!(
        (dim(&equal) - 0.36).abs() < 1e-9,
        "{}",
        equal["dimensions"][0]
    );
    assert_eq!(dim(&tiny), dim(&equal));
    let md = score("5e-324", "markdown");
    assert!(md.contains("weights ÷ 5e-324"), "{md}");
    assert!(!md.contains("inf") && !md.contains("NaN"), "{md}");
}

/// Ctrl-C while `fill` waits for an answer: the answers given are kept, the lock is released,
/// and the exit code says the command was interrupted.
#[test]
fn an_interrupted_fill_keeps_its_answers_and_releases_its_lock() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let mut child = cmd(&["fill", &fixture("grid.toml"), "-o", a.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(b"My process\nMe\npartiel\nKept\n").unwrap();
    input.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&a).is_ok_and(|t| t.contains("Kept")) {
        assert!(Instant::now() < deadline, "the answer was never saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(dir.path().join(".a.toml.lock").exists());
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let o = wait_at_most(child, 10);
    drop(input);
    assert_eq!(o.status.code(), Some(130), "{}", text(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // No temporary file is left; the lock file may stay (removing it while the interrupted
    // process could still write would let another writer in), released and taken over by the
    // next `fill`.
    assert_eq!(
        names
            .iter()
            .filter(|n| n.as_str() != ".a.toml.lock")
            .collect::<Vec<_>>(),
        ["a.toml", "repere-assessment.schema.json"],
        "only the assessment (and its schema) is left"
    );
    assert!(std::fs::read_to_string(&a).unwrap().contains("Kept"));
    let o = run(
        &["fill", &fixture("grid.toml"), "-o", a.to_str().unwrap()],
        "22,5\nSurvey\n",
        None,
    );
    assert_eq!(code(&o), 0, "the lock is free: {}", text(&o.stderr));
    assert!(
        !dir.path().join(".a.toml.lock").exists(),
        "the next run removes it"
    );
}
