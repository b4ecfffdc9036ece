//! What the binary's test files share.
#![allow(dead_code)] // reason: each test file uses a part

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The path of a file under `tests/fixtures/`.
pub(crate) fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// Bytes the binary wrote, as text.
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs the binary with `input` on standard input (written from a thread, so that a large
/// input cannot block against a full output pipe), colours off.
pub(crate) fn run_piped(args: &[&str], input: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_repere"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = input.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        // The binary may stop reading early (a refused input): what it read is what counts.
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("the binary ends");
    writer.join().expect("the writer ends");
    out
}
