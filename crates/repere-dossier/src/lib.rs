//! # Evaluation dossiers on disk
//!
//! A dossier is a directory that holds one evaluation of a participation process and
//! everything done in it, so that a third party can check, with the members' public keys
//! only, who did what, in which order, and that nothing was changed afterwards.
//!
//! ```text
//! DOSSIER/
//!   evaluation.toml      the Evaluation: process, grid, profile, members (role, public key),
//!                        phases, permissions
//!   assessments/ID.toml  one assessment per file (written by other code; hashed here)
//!   trail.jsonl          the trail: one signed entry per line, hash-chained
//!   published/ID.vN/     a bundle per published version: files, manifest.json, manifest.sig
//!   .trail.jsonl.lock    present while a writer holds the dossier
//! ```
//!
//! - [`Dossier`]: [`init`](Dossier::init), [`open`](Dossier::open),
//!   [`lock`](Dossier::lock) then [`Locked::append`] (or [`Dossier::append`], which locks),
//!   [`Locked::publish`] and [`Locked::write_bundle`], [`state`](Dossier::state) (the
//!   [`Workflow`](repere_core::workflow::Workflow) the trail replays into).
//! - [`verify`]: every problem of a dossier, each a [`Problem`] naming the file and the entry.
//! - [`verify_bundle`]: a bundle on its own, with public keys only.
//! - [`KeyPair`], [`KeyStore`]: Ed25519 keys, and a directory of `NAME.key` / `NAME.pub`.
//!
//! # The trail
//!
//! `trail.jsonl` is UTF-8 text, one entry per line, each line ended by a line feed (a last
//! line without one is a torn entry: reported by [`verify`], refused by appends, never
//! repaired silently). An entry is a [`SignedEntry`]; its **canonical bytes** are what its
//! actor signs and what the next entry's `prev` hashes. They are a JSON object written
//! without any whitespace, with these keys in this order (optional keys left out when absent,
//! never `null`):
//!
//! | key | value |
//! |---|---|
//! | `seq` | the entry's number, from 1, a JSON integer |
//! | `at` | the time, `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, UTC) |
//! | `actor` | the member's name |
//! | `action` | an object: `kind`, then per kind — `start`: `phase`, `id`; `edit`, `submit`: `id`, `content-hash`; `review`: `id`, `verdict` (`approve`, `request-changes`), `comment` (optional), `content-hash`; `publish`: `id`; `correct`: `id`, `reason`, `new-id` |
//! | `assessment` | the assessment created or changed: the new one for `start` and `correct`, else the action's `id` |
//! | `content-hash` | for `edit`, `submit`, `review` and `publish` only: `sha256:` and the SHA-256 (64 lower-case hexadecimal digits) of `assessments/ID.toml`'s bytes when the entry was made (for the first three, the same as the action's) |
//! | `evaluation-hash` | `sha256:…` of `evaluation.toml`'s bytes |
//! | `prev` | `sha256:…` of the previous entry's canonical bytes; for the first entry, of no bytes (`sha256:e3b0c442…b855`) |
//!
//! Strings are written between `"`, with `"` as `\"` and `\` as `\\`, U+0008, U+0009, U+000A,
//! U+000C, U+000D as `\b`, `\t`, `\n`, `\f`, `\r`, the other characters below U+0020 as
//! `\u00xx` (lower-case hexadecimal), and every other character as itself in UTF-8 (no
//! `\u` escapes, `/` not escaped). This is what `serde_json` writes for strings.
//!
//! The **line** is the canonical bytes with `,"signature":"SIG"` inserted before the final
//! `}`, then a line feed, SIG being the 128 lower-case hexadecimal digits of the Ed25519
//! signature (RFC 8032) of the canonical bytes by the actor's key (the `key` of the member
//! named `actor` in `evaluation.toml`). A reader rebuilds the canonical bytes from the line
//! it parsed and requires the line to be exactly what they give, so a byte changed anywhere
//! is noticed. An entry's hash (the next `prev`, a bundle's trail head) is
//! `sha256:` + SHA-256 of its canonical bytes.
//!
//! ```
//! use repere_core::workflow::{Action, TrailEntry, Timestamp};
//! use repere_dossier::{KeyPair, SignedEntry, genesis};
//!
//! let alice = KeyPair::from_seed([1; 32]);
//! let entry = TrailEntry {
//!     seq: 1,
//!     at: "2024-05-01T09:00:00Z".parse()?,
//!     actor: "Alice".into(),
//!     action: Action::Start { phase: repere_core::Phase::Framing, id: Some("framing-1".parse()?) },
//! };
//! let signed = SignedEntry::seal(entry, None, "sha256:00".into(), genesis(), &alice);
//! assert_eq!(
//!     String::from_utf8(signed.canonical_bytes())?,
//!     concat!(
//!         r#"{"seq":1,"at":"2024-05-01T09:00:00Z","actor":"Alice","#,
//!         r#""action":{"kind":"start","phase":"framing","id":"framing-1"},"#,
//!         r#""assessment":"framing-1","evaluation-hash":"sha256:00","#,
//!         r#""prev":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}"#,
//!     )
//! );
//! assert!(signed.signed_by(&alice.public()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Rules the dossier adds to the workflow's
//!
//! - An edit, a submission or a review names the content hash of the assessment's file as it
//!   is when the entry is appended; a publication records the file's hash, which must be the
//!   content approved. Once an assessment is submitted (and until it is sent back), its file
//!   must not change: [`verify`] compares it with the last content recorded.
//! - Every entry records the hash of `evaluation.toml`: the evaluation (its team and keys
//!   included) cannot change once the trail has entries.
//!
//! # Published bundles
//!
//! `published/ID.vN/` holds the files given by the caller (reports), `assessment.toml` (a copy
//! of the assessment's file as published), `manifest.json` ([`Manifest`]: each file's
//! SHA-256, the assessment, its version and content hash, the trail head at publication —
//! the publishing entry's number and hash —, the evaluation's hash, the publisher's name and
//! key) and `manifest.sig` (the publisher's Ed25519 signature of `manifest.json`'s exact
//! bytes, in hexadecimal, and a line feed).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod bundle;
pub mod doc;
mod dossier;
mod entry;
mod evaluation;
mod hash;
mod keys;
mod verify;

pub use bundle::{
    ASSESSMENT_COPY, BUNDLE_FORMAT, BundleError, BundleFile, BundleReport, MANIFEST_FILE, Manifest,
    Publisher, SIGNATURE_FILE, verify_bundle,
};
pub use dossier::{
    ASSESSMENTS_DIR, Appended, DEFAULT_WAIT, Dossier, DossierError, DossierState, EVALUATION_FILE,
    FILE_LIMIT, Head, Locked, PUBLISHED_DIR, TRAIL_FILE, TRAIL_LIMIT, bundle_name,
};
pub use entry::{EntryError, SignedEntry, genesis};
pub use evaluation::{
    EvaluationFileError, evaluation_from_toml, evaluation_schema, evaluation_to_toml,
};
pub use hash::sha256;
pub use keys::{KeyError, KeyPair, KeyStore, Signature, SignatureError, verify_signature};
pub use verify::{Problem, ProblemKind, Report, verify};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
