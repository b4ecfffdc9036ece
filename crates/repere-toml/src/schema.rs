//! JSON Schemas of the file kinds, generated from the file types.

use crate::load::FileKind;
use crate::raw::{AssessmentFile, GridFile, ProfileFile};

/// The JSON Schema (draft 2020-12) of a file kind, pretty-printed, with a final newline.
pub fn schema(kind: FileKind) -> String {
    let mut schema = match kind {
        FileKind::Grid => schemars::schema_for!(GridFile),
        FileKind::Profile => schemars::schema_for!(ProfileFile),
        FileKind::Assessment => schemars::schema_for!(AssessmentFile),
    };
    schema.insert(
        "$id".to_owned(),
        format!("{}{}.schema.json", crate::write::SCHEMA_BASE, kind.as_str()).into(),
    );
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
