//! What the binary's test files share.
#![allow(dead_code)] // reason: each test file uses a part

use std::path::Path;

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
