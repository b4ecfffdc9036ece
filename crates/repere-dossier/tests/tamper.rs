//! Tampering: every change to a dossier is caught by `verify` and named (file, entry).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use repere_core::workflow::{Action, Verdict};
use repere_dossier::{
    Dossier, EVALUATION_FILE, KeyPair, ProblemKind, Report, SignedEntry, TRAIL_FILE, verify,
    verify_bundle,
};

/// The byte ranges of each line (line feed included), numbered from 1.
fn lines(bytes: &[u8]) -> Vec<(u64, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            out.push((out.len() as u64 + 1, start..i + 1));
            start = i + 1;
        }
    }
    out
}

fn names(report: &Report, file: &str, entry: u64) -> bool {
    report
        .problems
        .iter()
        .any(|p| p.file == Path::new(file) && p.entry == Some(entry))
}

fn entries(d: &Dossier) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(d.trail_path()).unwrap();
    lines(&bytes)
        .into_iter()
        .map(|(_, r)| bytes[r].to_vec())
        .collect()
}

fn write_entries(d: &Dossier, lines: &[Vec<u8>]) {
    std::fs::write(d.trail_path(), lines.concat()).unwrap();
}

/// A short dossier: start, submit, request changes.
fn short(root: &Path) -> Dossier {
    let d = new_dossier(root);
    let a = id("framing-1");
    d.append(
        "Alice",
        &alice(),
        Action::Start {
            phase: repere_core::Phase::Framing,
            id: None,
        },
        t("2024-05-01T09:00:00Z"),
    )
    .unwrap();
    let h = write_assessment(&d, &a, "kind = \"assessment\"\n");
    d.append(
        "Alice",
        &alice(),
        Action::Submit {
            id: a.clone(),
            content_hash: h.clone(),
        },
        t("2024-05-02T09:00:00Z"),
    )
    .unwrap();
    d.append(
        "Bob",
        &bob(),
        Action::Review {
            id: a,
            verdict: Verdict::RequestChanges,
            comment: Some("More \"sources\"\n— please".into()),
            content_hash: h,
        },
        t("2024-05-03T09:00:00Z"),
    )
    .unwrap();
    d
}

#[test]
fn every_byte_of_a_short_trail() {
    let root = tempfile::tempdir().unwrap();
    let d = short(root.path());
    assert!(verify(d.dir()).is_clean());
    let clean = std::fs::read(d.trail_path()).unwrap();
    let spans = lines(&clean);
    let mut checked = 0;
    for (n, span) in &spans {
        for i in span.clone() {
            let mut bytes = clean.clone();
            bytes[i] ^= 0x01;
            std::fs::write(d.trail_path(), &bytes).unwrap();
            let r = verify(d.dir());
            assert!(
                names(&r, TRAIL_FILE, *n),
                "byte {i} of entry {n} ({:?} -> {:?}) not named:{}",
                clean[i] as char,
                bytes[i] as char,
                shown(&r.problems)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, clean.len());
    std::fs::write(d.trail_path(), &clean).unwrap();
    assert!(verify(d.dir()).is_clean());
}

#[test]
fn sampled_bytes_of_a_full_life_trail() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let clean = std::fs::read(d.trail_path()).unwrap();
    for (n, span) in lines(&clean) {
        for i in span.step_by(13) {
            for flip in [0x01u8, 0x80] {
                let mut bytes = clean.clone();
                bytes[i] ^= flip;
                std::fs::write(d.trail_path(), &bytes).unwrap();
                let r = verify(d.dir());
                assert!(
                    names(&r, TRAIL_FILE, n),
                    "byte {i} of entry {n}:{}",
                    shown(&r.problems)
                );
            }
        }
    }
}

#[test]
fn every_byte_of_a_submitted_assessment() {
    let root = tempfile::tempdir().unwrap();
    let d = short(root.path());
    // Sent back for changes: a draft again, which may change. Submit it again.
    let a = id("framing-1");
    let h = write_assessment(&d, &a, "kind = \"assessment\"\nnotes = \"with sources\"\n");
    d.append(
        "Alice",
        &alice(),
        Action::Submit {
            id: a.clone(),
            content_hash: h,
        },
        t("2024-05-04T09:00:00Z"),
    )
    .unwrap();
    let path = d.assessment_path(&a);
    let clean = std::fs::read(&path).unwrap();
    for i in 0..clean.len() {
        let mut bytes = clean.clone();
        bytes[i] ^= 0x01;
        std::fs::write(&path, &bytes).unwrap();
        let r = verify(d.dir());
        assert_eq!(r.problems.len(), 1, "{}", shown(&r.problems));
        assert_eq!(r.problems[0].file, Path::new("assessments/framing-1.toml"));
        assert_eq!(r.problems[0].entry, Some(4));
        assert!(matches!(
            r.problems[0].kind,
            ProblemKind::AssessmentChanged { .. }
        ));
    }
    std::fs::remove_file(&path).unwrap();
    let r = verify(d.dir());
    assert!(matches!(
        r.problems[0].kind,
        ProblemKind::AssessmentMissing { .. }
    ));
}

#[test]
fn every_byte_of_published_files() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let keys = [
        alice().public(),
        bob().public(),
        carol().public(),
        dan().public(),
    ];
    let bundle = bundle_dir(&d);
    for name in [
        "report.html",
        "assessment.toml",
        "manifest.json",
        "manifest.sig",
    ] {
        let path = bundle.join(name);
        let clean = std::fs::read(&path).unwrap();
        for i in 0..clean.len() {
            let mut bytes = clean.clone();
            bytes[i] ^= 0x01;
            std::fs::write(&path, &bytes).unwrap();
            let alone = verify_bundle(&bundle, &keys);
            assert!(!alone.is_clean(), "{name} byte {i}");
            if i % 5 != 0 && name != "report.html" {
                continue; // the bundle alone for every byte; the whole dossier for a sample
            }
            let r = verify(d.dir());
            assert!(
                r.problems
                    .iter()
                    .any(|p| p.file.starts_with("published/framing-1.v1")),
                "{name} byte {i}:{}",
                shown(&r.problems)
            );
            if name == "report.html" {
                assert_eq!(alone.problems.len(), 1);
                assert_eq!(alone.problems[0].file, Path::new("report.html"));
                assert_eq!(alone.problems[0].entry, Some(6));
                assert!(matches!(
                    alone.problems[0].kind,
                    ProblemKind::BundleFileChanged { .. }
                ));
                assert!(
                    names(&r, "published/framing-1.v1/report.html", 6),
                    "{}",
                    shown(&r.problems)
                );
            }
        }
        std::fs::write(&path, &clean).unwrap();
    }
    assert!(verify(d.dir()).is_clean());
    // A file added, a file removed.
    std::fs::write(bundle.join("extra.txt"), "x").unwrap();
    let alone = verify_bundle(&bundle, &keys);
    assert_eq!(alone.problems[0].kind, ProblemKind::BundleExtraFile);
    std::fs::remove_file(bundle.join("extra.txt")).unwrap();
    std::fs::remove_file(bundle.join("report.md")).unwrap();
    let alone = verify_bundle(&bundle, &keys);
    assert_eq!(alone.problems[0].kind, ProblemKind::BundleFileMissing);
    // The whole bundle removed.
    std::fs::remove_dir_all(&bundle).unwrap();
    let r = verify(d.dir());
    assert!(
        matches!(r.problems[0].kind, ProblemKind::MissingBundle { .. }),
        "{}",
        shown(&r.problems)
    );
    assert_eq!(r.problems[0].entry, Some(6));
}

#[test]
fn removed_duplicated_and_swapped_entries() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let clean = entries(&d);
    let n = clean.len();
    // Removed (any but the last: removing the tail leaves a shorter, valid trail, which only
    // an anchor kept elsewhere, such as a bundle's trail head, can tell).
    for k in 0..n - 1 {
        let mut e = clean.clone();
        e.remove(k);
        write_entries(&d, &e);
        let r = verify(d.dir());
        assert!(
            names(&r, TRAIL_FILE, k as u64 + 1),
            "removed {}:{}",
            k + 1,
            shown(&r.problems)
        );
    }
    // Duplicated.
    for k in 0..n {
        let mut e = clean.clone();
        e.insert(k + 1, clean[k].clone());
        write_entries(&d, &e);
        let r = verify(d.dir());
        assert!(
            names(&r, TRAIL_FILE, k as u64 + 2),
            "duplicated {}:{}",
            k + 1,
            shown(&r.problems)
        );
        assert!(
            r.problems
                .iter()
                .any(|p| matches!(p.kind, ProblemKind::OutOfSequence { .. }))
        );
    }
    // Swapped.
    for k in 0..n - 1 {
        let mut e = clean.clone();
        e.swap(k, k + 1);
        write_entries(&d, &e);
        let r = verify(d.dir());
        assert!(
            names(&r, TRAIL_FILE, k as u64 + 1),
            "swapped {}:{}",
            k + 1,
            shown(&r.problems)
        );
    }
    write_entries(&d, &clean);
    assert!(verify(d.dir()).is_clean());
}

fn parse(line: &[u8]) -> SignedEntry {
    SignedEntry::parse_line(&line[..line.len() - 1]).unwrap()
}

#[test]
fn a_valid_signature_by_another_member() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let clean = entries(&d);
    for (k, line) in clean.iter().enumerate() {
        let entry = parse(line);
        let other: KeyPair = if entry.entry.actor == "Alice" {
            bob()
        } else {
            alice()
        };
        let mut forged = entry.clone();
        forged.signature = other.sign(&entry.canonical_bytes());
        let mut e = clean.clone();
        e[k] = forged.to_line();
        write_entries(&d, &e);
        let r = verify(d.dir());
        assert_eq!(r.problems.len(), 1, "{}", shown(&r.problems));
        assert_eq!(r.problems[0].entry, Some(k as u64 + 1));
        assert!(matches!(
            r.problems[0].kind,
            ProblemKind::BadSignature { .. }
        ));
    }
}

#[test]
fn a_changed_evaluation() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let path = d.evaluation_path();
    let clean = std::fs::read(&path).unwrap();
    for i in 0..clean.len() {
        let mut bytes = clean.clone();
        bytes[i] ^= 0x01;
        std::fs::write(&path, &bytes).unwrap();
        let r = verify(d.dir());
        assert!(
            r.problems
                .iter()
                .any(|p| p.file == Path::new(EVALUATION_FILE)
                    && matches!(p.kind, ProblemKind::EvaluationChanged { entries: 7, .. })
                    && p.entry == Some(1)),
            "byte {i}:{}",
            shown(&r.problems)
        );
    }
    std::fs::write(&path, &clean).unwrap();
    // Appends are refused meanwhile.
    std::fs::write(&path, [clean.as_slice(), b"\n"].concat()).unwrap();
    let e = d
        .append(
            "Alice",
            &alice(),
            Action::Start {
                phase: repere_core::Phase::Closing,
                id: None,
            },
            t("2024-06-01T09:00:00Z"),
        )
        .unwrap_err();
    assert!(e.to_string().contains("evaluation.toml"), "{e}");
}

#[test]
fn an_entry_the_workflow_refuses() {
    let root = tempfile::tempdir().unwrap();
    let d = short(root.path());
    let last = parse(entries(&d).last().unwrap());
    // Properly chained and signed, but Alice reviews her own assessment.
    let mut entry = last.entry.clone();
    entry.seq = 4;
    entry.actor = "Alice".into();
    let forged = SignedEntry::seal(
        entry,
        last.content_hash.clone(),
        last.evaluation_hash.clone(),
        last.hash(),
        &alice(),
    );
    let mut bytes = std::fs::read(d.trail_path()).unwrap();
    bytes.extend_from_slice(&forged.to_line());
    std::fs::write(d.trail_path(), &bytes).unwrap();
    let r = verify(d.dir());
    assert_eq!(r.problems.len(), 1, "{}", shown(&r.problems));
    assert_eq!(r.problems[0].entry, Some(4));
    assert!(
        matches!(r.problems[0].kind, ProblemKind::Refused(_)),
        "{}",
        shown(&r.problems)
    );
}

#[test]
fn a_trail_rewritten_after_publication() {
    // An insider with every key rewrites the trail from the publication on: chained and
    // signed, but the bundle's trail head is no longer in it.
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let keys = |actor: &str| match actor {
        "Alice" => alice(),
        "Bob" => bob(),
        "Carol" => carol(),
        _ => dan(),
    };
    let old: Vec<SignedEntry> = entries(&d).iter().map(|l| parse(l)).collect();
    let mut out = Vec::new();
    let mut prev = repere_dossier::genesis();
    for mut e in old {
        if e.entry.seq >= 6 {
            e.entry.at = repere_core::workflow::Timestamp(e.entry.at.0 + 60);
        }
        let s = SignedEntry::seal(
            e.entry.clone(),
            e.content_hash.clone(),
            e.evaluation_hash.clone(),
            prev,
            &keys(&e.entry.actor),
        );
        prev = s.hash();
        out.push(s.to_line());
    }
    write_entries(&d, &out);
    let r = verify(d.dir());
    assert_eq!(r.problems.len(), 1, "{}", shown(&r.problems));
    assert_eq!(
        r.problems[0].file,
        PathBuf::from("published/framing-1.v1/manifest.json")
    );
    assert_eq!(r.problems[0].entry, Some(6));
    assert!(matches!(
        r.problems[0].kind,
        ProblemKind::BundleHeadNotInTrail { .. }
    ));
}

#[test]
fn hostile_lines_give_problems_not_panics() {
    let root = tempfile::tempdir().unwrap();
    let d = short(root.path());
    let clean = std::fs::read(d.trail_path()).unwrap();
    let deep = "[".repeat(100_000);
    let hostile: [&[u8]; 8] = [
        b"",
        b"null",
        b"{}",
        b"\xff\xfe",
        deep.as_bytes(),
        br#"{"seq":18446744073709551616}"#,
        br#"{"seq":4,"at":"9999-99-99T99:99:99Z","actor":"","action":{"kind":"x"},"evaluation-hash":"","prev":"","signature":""}"#,
        b"\x00\x00\x00",
    ];
    for h in hostile {
        let bytes = [clean.as_slice(), h, b"\n"].concat();
        std::fs::write(d.trail_path(), &bytes).unwrap();
        let r = verify(d.dir());
        assert!(names(&r, TRAIL_FILE, 4), "{}", shown(&r.problems));
    }
}

/// A dossier whose trail has `n` entries (one assessment started, then edited), written in one
/// go from the workflow's own events.
fn long(root: &Path, n: usize) -> Dossier {
    use repere_core::workflow::Workflow;
    let d = new_dossier(root);
    let a = id("framing-1");
    let hash = write_assessment(&d, &a, "kind = \"assessment\"\n");
    let evaluation_hash = repere_dossier::sha256(&std::fs::read(d.evaluation_path()).unwrap());
    let mut wf = Workflow::new(evaluation()).unwrap();
    let mut prev = repere_dossier::genesis();
    let mut trail = Vec::new();
    for k in 0..n {
        let (action, content) = if k == 0 {
            let start = Action::Start {
                phase: repere_core::Phase::Framing,
                id: Some(a.clone()),
            };
            (start, None)
        } else {
            let edit = Action::Edit {
                id: a.clone(),
                content_hash: hash.clone(),
            };
            (edit, Some(hash.clone()))
        };
        let at = repere_core::workflow::Timestamp(1_714_550_400 + k as i64);
        let event = wf.apply("Alice", action, at).unwrap();
        let entry = SignedEntry::seal(
            event.entry,
            content,
            evaluation_hash.clone(),
            prev,
            &alice(),
        );
        prev = entry.hash();
        trail.extend_from_slice(&entry.to_line());
    }
    std::fs::write(d.trail_path(), trail).unwrap();
    d
}

#[test]
fn forged_signatures_anywhere_in_a_long_trail() {
    // Long enough for the signatures to be checked on several threads: each forgery is still
    // named, with its own entry number, wherever it falls among the chunks.
    const N: usize = 1_500;
    let root = tempfile::tempdir().unwrap();
    let d = long(root.path(), N);
    assert!(
        verify(d.dir()).is_clean(),
        "{}",
        shown(&verify(d.dir()).problems)
    );
    let clean = entries(&d);
    let forged_at = [0, 1, 749, 750, 751, N - 2, N - 1];
    let mut e = clean.clone();
    for &k in &forged_at {
        let mut forged = parse(&clean[k]);
        forged.signature = bob().sign(&forged.canonical_bytes());
        e[k] = forged.to_line();
    }
    write_entries(&d, &e);
    let r = verify(d.dir());
    let named: Vec<u64> = r
        .problems
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::BadSignature { .. }))
        .filter_map(|p| p.entry)
        .collect();
    let expected: Vec<u64> = forged_at.iter().map(|k| *k as u64 + 1).collect();
    assert_eq!(named, expected, "{}", shown(&r.problems));
    assert_eq!(r.problems.len(), forged_at.len(), "{}", shown(&r.problems));
}
