//! `repere agree`: Krippendorff's alpha on a CSV table of ratings (being written).

use std::path::Path;

use crate::Failure;

pub(crate) fn run(
    _path: &Path,
    _level: repere_core::agreement::Level,
    _bootstrap: Option<u32>,
    _seed: u64,
    _confidence: f64,
    _json: bool,
) -> Result<(), Failure> {
    Err(Failure::input(
        "`repere agree` is not available in this build yet",
    ))
}
