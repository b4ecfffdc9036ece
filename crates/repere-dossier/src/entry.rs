//! One line of `trail.jsonl`: a workflow entry, sealed by hashes and signed.

use std::fmt;

use repere_core::Phase;
use repere_core::workflow::{Action, AssessmentId, PublicKey, Timestamp, TrailEntry, Verdict};
use serde::Deserialize;

use crate::hash::sha256;
use crate::keys::{KeyPair, Signature, verify_signature};

/// The `prev` of the first entry: the hash of nothing, `sha256:e3b0…b855`.
pub fn genesis() -> String {
    sha256(b"")
}

/// A trail entry as the dossier records it: the workflow's entry and what seals it.
///
/// Written as one line of `trail.jsonl`: its [canonical bytes](SignedEntry::canonical_bytes)
/// with the signature added as the last key. See the [crate](crate#the-trail) documentation
/// for the exact format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedEntry {
    /// The workflow's entry: number, time, actor, action.
    pub entry: TrailEntry,
    /// The hash of the assessment's file when the entry was made, for the actions that name
    /// a content (edit, submit, review, publish); `None` for a start or a correction.
    pub content_hash: Option<String>,
    /// The hash of `evaluation.toml`'s bytes when the entry was made.
    pub evaluation_hash: String,
    /// The hash of the previous entry's canonical bytes ([`genesis`] for the first).
    pub prev: String,
    /// The actor's Ed25519 signature of the canonical bytes.
    pub signature: Signature,
}

impl SignedEntry {
    /// Seals and signs an entry.
    pub fn seal(
        entry: TrailEntry,
        content_hash: Option<String>,
        evaluation_hash: String,
        prev: String,
        key: &KeyPair,
    ) -> SignedEntry {
        let mut out = SignedEntry {
            entry,
            content_hash,
            evaluation_hash,
            prev,
            signature: Signature([0; 64]),
        };
        out.signature = key.sign(&out.canonical_bytes());
        out
    }

    /// The assessment the entry creates or changes first: the new one for a start or a
    /// correction, else the one acted on. `None` only for a start without an id (which a
    /// trail never records).
    pub fn assessment(&self) -> Option<&AssessmentId> {
        assessment_of(&self.entry.action)
    }

    /// The canonical bytes: what is signed, and what the next entry's `prev` hashes.
    ///
    /// A JSON object without spaces or a final newline, with the keys in this order and
    /// optional ones left out when absent: `seq`, `at`, `actor`, `action` (an object: `kind`
    /// then the action's fields, see the [crate](crate#the-trail) docs), `assessment`,
    /// `content-hash`, `evaluation-hash`, `prev`. Strings are escaped as described there.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut o = Obj::new();
        let e = &self.entry;
        o.raw("seq", &e.seq.to_string());
        o.str("at", &e.at.to_string());
        o.str("actor", &e.actor);
        o.raw("action", &action_json(&e.action));
        if let Some(a) = self.assessment() {
            o.str("assessment", a.as_str());
        }
        if let Some(h) = &self.content_hash {
            o.str("content-hash", h);
        }
        o.str("evaluation-hash", &self.evaluation_hash);
        o.str("prev", &self.prev);
        o.finish().into_bytes()
    }

    /// The entry's hash: SHA-256 of its canonical bytes, `sha256:…`.
    pub fn hash(&self) -> String {
        sha256(&self.canonical_bytes())
    }

    /// The line written to `trail.jsonl`: the canonical bytes with `,"signature":"…"` before
    /// the closing brace, and a line feed.
    pub fn to_line(&self) -> Vec<u8> {
        let mut line = self.canonical_bytes();
        line.pop();
        line.extend_from_slice(format!(",\"signature\":\"{}\"}}\n", self.signature).as_bytes());
        line
    }

    /// Whether the signature is the actor's, given their key.
    pub fn signed_by(&self, key: &PublicKey) -> bool {
        verify_signature(key, &self.canonical_bytes(), &self.signature)
    }

    /// Reads one line (without its line feed), strictly: it must be exactly the line this
    /// entry would write, so that a byte changed anywhere is noticed.
    pub fn parse_line(line: &[u8]) -> Result<SignedEntry, EntryError> {
        let text = std::str::from_utf8(line).map_err(|_| EntryError::NotUtf8)?;
        let raw: RawLine =
            serde_json::from_str(text).map_err(|e| EntryError::Json(e.to_string()))?;
        let entry = raw.into_entry()?;
        let again = entry.to_line();
        if again[..again.len() - 1] != *line {
            return Err(EntryError::NonCanonical);
        }
        Ok(entry)
    }
}

/// Why a line of the trail is not an entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EntryError {
    /// The line is not UTF-8.
    #[error("the line is not UTF-8 text")]
    NotUtf8,
    /// The line is not a JSON object of the entry's keys.
    #[error("the line is not an entry: {0}")]
    Json(String),
    /// A value is not what its key needs.
    #[error("`{key}` is not valid: {reason}")]
    Invalid {
        /// The key.
        key: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The entry reads, but the line is not written as the canonical form says (spacing, key
    /// order, escaping, a value that does not belong): it is not the line that was signed.
    #[error("the line is not in canonical form: it is not the line that was signed")]
    NonCanonical,
}

fn assessment_of(action: &Action) -> Option<&AssessmentId> {
    match action {
        Action::Start { id, .. } => id.as_ref(),
        Action::Correct { new_id, .. } => new_id.as_ref(),
        Action::Edit { id, .. }
        | Action::Submit { id, .. }
        | Action::Review { id, .. }
        | Action::Publish { id } => Some(id),
    }
}

fn action_json(action: &Action) -> String {
    let mut o = Obj::new();
    o.str("kind", action.kind().as_str());
    match action {
        Action::Start { phase, id } => {
            o.str("phase", phase.as_str());
            if let Some(id) = id {
                o.str("id", id.as_str());
            }
        }
        Action::Edit { id, content_hash } | Action::Submit { id, content_hash } => {
            o.str("id", id.as_str());
            o.str("content-hash", content_hash);
        }
        Action::Review {
            id,
            verdict,
            comment,
            content_hash,
        } => {
            o.str("id", id.as_str());
            o.str("verdict", verdict.as_str());
            if let Some(c) = comment {
                o.str("comment", c);
            }
            o.str("content-hash", content_hash);
        }
        Action::Publish { id } => o.str("id", id.as_str()),
        Action::Correct { id, reason, new_id } => {
            o.str("id", id.as_str());
            o.str("reason", reason);
            if let Some(n) = new_id {
                o.str("new-id", n.as_str());
            }
        }
    }
    o.finish()
}

/// A JSON object written in canonical form.
struct Obj(String);

impl Obj {
    fn new() -> Obj {
        Obj(String::from("{"))
    }
    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        json_string(&mut self.0, key);
        self.0.push(':');
    }
    fn raw(&mut self, key: &str, value: &str) {
        self.key(key);
        self.0.push_str(value);
    }
    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        json_string(&mut self.0, value);
    }
    fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A JSON string in canonical form: `"` and `\` escaped with a backslash; U+0008, U+0009,
/// U+000A, U+000C, U+000D as `\b`, `\t`, `\n`, `\f`, `\r`; the other characters below U+0020
/// as `\u00xx` (lower-case hexadecimal); everything else as it is, in UTF-8.
pub(crate) fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLine {
    seq: u64,
    at: String,
    actor: String,
    action: RawAction,
    assessment: Option<String>,
    content_hash: Option<String>,
    evaluation_hash: String,
    prev: String,
    signature: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAction {
    kind: String,
    phase: Option<String>,
    id: Option<String>,
    verdict: Option<String>,
    comment: Option<String>,
    reason: Option<String>,
    new_id: Option<String>,
    content_hash: Option<String>,
}

fn invalid(key: &'static str, reason: impl fmt::Display) -> EntryError {
    EntryError::Invalid {
        key,
        reason: reason.to_string(),
    }
}

fn id_of(key: &'static str, v: Option<String>) -> Result<AssessmentId, EntryError> {
    let v = v.ok_or_else(|| invalid(key, "missing"))?;
    AssessmentId::new(v).map_err(|e| invalid(key, e))
}

fn opt_id(key: &'static str, v: Option<String>) -> Result<Option<AssessmentId>, EntryError> {
    v.map(|v| AssessmentId::new(v).map_err(|e| invalid(key, e)))
        .transpose()
}

fn required(key: &'static str, v: Option<String>) -> Result<String, EntryError> {
    v.ok_or_else(|| invalid(key, "missing"))
}

impl RawAction {
    fn into_action(self) -> Result<Action, EntryError> {
        Ok(match self.kind.as_str() {
            "start" => Action::Start {
                phase: required("action.phase", self.phase)?
                    .parse::<Phase>()
                    .map_err(|e| invalid("action.phase", e))?,
                id: opt_id("action.id", self.id)?,
            },
            "edit" => Action::Edit {
                id: id_of("action.id", self.id)?,
                content_hash: required("action.content-hash", self.content_hash)?,
            },
            "submit" => Action::Submit {
                id: id_of("action.id", self.id)?,
                content_hash: required("action.content-hash", self.content_hash)?,
            },
            "review" => Action::Review {
                id: id_of("action.id", self.id)?,
                verdict: required("action.verdict", self.verdict)?
                    .parse::<Verdict>()
                    .map_err(|e| invalid("action.verdict", e))?,
                comment: self.comment,
                content_hash: required("action.content-hash", self.content_hash)?,
            },
            "publish" => Action::Publish {
                id: id_of("action.id", self.id)?,
            },
            "correct" => Action::Correct {
                id: id_of("action.id", self.id)?,
                reason: required("action.reason", self.reason)?,
                new_id: opt_id("action.new-id", self.new_id)?,
            },
            other => {
                return Err(invalid(
                    "action.kind",
                    format!(
                        "`{}` is not an action (start, edit, submit, review, publish, correct)",
                        shorten(other)
                    ),
                ));
            }
        })
    }
}

impl RawLine {
    fn into_entry(self) -> Result<SignedEntry, EntryError> {
        let at = self.at.parse::<Timestamp>().map_err(|e| invalid("at", e))?;
        let signature = self
            .signature
            .parse::<Signature>()
            .map_err(|e| invalid("signature", e))?;
        let action = self.action.into_action()?;
        if self.assessment.as_deref() != assessment_of(&action).map(AssessmentId::as_str) {
            return Err(invalid(
                "assessment",
                "it is not the assessment the action names",
            ));
        }
        Ok(SignedEntry {
            entry: TrailEntry {
                seq: self.seq,
                at,
                actor: self.actor,
                action,
            },
            content_hash: self.content_hash,
            evaluation_hash: self.evaluation_hash,
            prev: self.prev,
            signature,
        })
    }
}

/// A value from a file, cut for a message.
pub(crate) fn shorten(s: &str) -> String {
    let n = s.chars().count();
    if n <= 60 {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(60).collect();
        format!("{cut}… ({n} characters)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SignedEntry {
        let key = KeyPair::from_seed([1; 32]);
        SignedEntry::seal(
            TrailEntry {
                seq: 2,
                at: Timestamp(1_714_573_800),
                actor: "Zoé \"Z\"\n".to_owned(),
                action: Action::Review {
                    id: AssessmentId::new("framing-1").unwrap(),
                    verdict: Verdict::RequestChanges,
                    comment: Some("tab\there \u{1} é \\".to_owned()),
                    content_hash: "sha256:00".to_owned(),
                },
            },
            Some("sha256:00".to_owned()),
            "sha256:11".to_owned(),
            genesis(),
            &key,
        )
    }

    #[test]
    fn canonical_bytes_are_exact() {
        let e = sample();
        let text = String::from_utf8(e.canonical_bytes()).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"seq":2,"at":"2024-05-01T14:30:00Z","actor":"Zoé \"Z\"\n","#,
                r#""action":{"kind":"review","id":"framing-1","verdict":"request-changes","#,
                r#""comment":"tab\there \u0001 é \\","content-hash":"sha256:00"},"#,
                r#""assessment":"framing-1","content-hash":"sha256:00","evaluation-hash":"sha256:11","#,
                r#""prev":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}"#
            )
        );
        // serde_json writes the same string escapes.
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            serde_json::to_string(&v["action"]["comment"]).unwrap(),
            r#""tab\there \u0001 é \\""#
        );
    }

    #[test]
    fn lines_round_trip_and_are_strict() {
        let e = sample();
        let line = e.to_line();
        assert_eq!(*line.last().unwrap(), b'\n');
        let body = &line[..line.len() - 1];
        assert_eq!(SignedEntry::parse_line(body).unwrap(), e);
        assert!(e.signed_by(&KeyPair::from_seed([1; 32]).public()));
        assert!(!e.signed_by(&KeyPair::from_seed([2; 32]).public()));
        let spaced = String::from_utf8(body.to_vec())
            .unwrap()
            .replacen(",", ", ", 1);
        assert_eq!(
            SignedEntry::parse_line(spaced.as_bytes()),
            Err(EntryError::NonCanonical)
        );
        assert!(matches!(
            SignedEntry::parse_line(b"{\"seq\":1}"),
            Err(EntryError::Json(_))
        ));
        assert_eq!(SignedEntry::parse_line(b"\xff"), Err(EntryError::NotUtf8));
        let deep = "[".repeat(100_000);
        assert!(SignedEntry::parse_line(deep.as_bytes()).is_err());
    }
}
