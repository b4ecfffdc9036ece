//! Dossier benchmarks: `verify` and reading the state of a dossier with 10,000 trail entries
//! over 100 assessments (each started, edited 97 times, submitted and approved), signed with
//! Ed25519 and hash-chained like a real one.
//!
//! The trail is written in one go from the workflow's own events (appending through
//! `Dossier::append` re-reads the trail each time, which is right for a command and too slow
//! to build 10,000 entries).
//!
//! Run with `cargo bench --bench dossier`; `cargo test --benches` only checks that they run.

use std::hint::black_box;
use std::io::Write as _;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use repere::core::workflow::{
    Action, AssessmentId, Evaluation, Member, Timestamp, Verdict, Workflow,
};
use repere::core::{GridRef, Id, Phase, Process, Role};
use repere::dossier::{Dossier, KeyPair, SignedEntry, genesis, sha256, verify};

const ASSESSMENTS: usize = 100;
const EDITS: usize = 97;

/// Writes the dossier; returns the number of entries.
fn build(dir: &Path) -> usize {
    let alice = KeyPair::from_seed([1; 32]);
    let bob = KeyPair::from_seed([2; 32]);
    let grid = GridRef {
        id: Id::new("fr.cndp.debat-public").expect("an id"),
        version: "1.0.0".into(),
        hash: None,
    };
    let process = Process {
        name: "Débat public".into(),
        ..Process::default()
    };
    let mut evaluation = Evaluation::new(process, grid, Id::new("default").expect("an id"));
    evaluation.members = vec![
        Member::new("Alice", Role::Evaluator, alice.public()),
        Member::new("Bob", Role::Guarantor, bob.public()),
    ];
    evaluation.phases = vec![Phase::Framing, Phase::Closing];
    let dossier = Dossier::init(dir, &evaluation).expect("a new dossier");
    let evaluation_hash =
        sha256(&std::fs::read(dossier.evaluation_path()).expect("the evaluation file"));
    let mut workflow = Workflow::new(evaluation).expect("a valid evaluation");
    let mut trail = Vec::new();
    let mut prev = genesis();
    let mut seconds = 1_700_000_000_i64;
    let mut push = |actor: &str, key: &KeyPair, action: Action, hash: Option<String>| {
        seconds += 60;
        let at = Timestamp(seconds);
        let event = workflow
            .apply(actor, action, at)
            .expect("an allowed action");
        let entry = SignedEntry::seal(
            event.entry,
            hash,
            evaluation_hash.clone(),
            prev.clone(),
            key,
        );
        prev = entry.hash();
        trail.extend_from_slice(&entry.to_line());
    };
    for i in 0..ASSESSMENTS {
        let id = AssessmentId::new(format!("closing-{}", i + 1)).expect("an id");
        let text = format!("kind = \"assessment\"\n# assessment {i}\n");
        std::fs::write(dossier.assessment_path(&id), &text).expect("an assessment file");
        let hash = sha256(text.as_bytes());
        let start = Action::Start {
            phase: Phase::Closing,
            id: Some(id.clone()),
        };
        push("Alice", &alice, start, None);
        for _ in 0..EDITS {
            let edit = Action::Edit {
                id: id.clone(),
                content_hash: hash.clone(),
            };
            push("Alice", &alice, edit, Some(hash.clone()));
        }
        let submit = Action::Submit {
            id: id.clone(),
            content_hash: hash.clone(),
        };
        push("Alice", &alice, submit, Some(hash.clone()));
        let review = Action::Review {
            id,
            verdict: Verdict::Approve,
            comment: None,
            content_hash: hash.clone(),
        };
        push("Bob", &bob, review, Some(hash));
    }
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(dossier.trail_path())
        .expect("the trail");
    file.write_all(&trail).expect("the trail written");
    ASSESSMENTS * (EDITS + 3)
}

fn dossier(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("a temporary directory");
    let dir = root.path().join("dossier");
    let entries = build(&dir);
    // The dossier is intact: the benchmark measures a verification that checks everything.
    let report = verify(&dir);
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(report.entries, entries as u64);

    let mut group = c.benchmark_group("dossier/10000-entries-100-assessments");
    group.sample_size(20);
    group.bench_function("verify", |b| b.iter(|| verify(black_box(&dir))));
    let opened = Dossier::open(&dir).expect("the dossier");
    group.bench_function("state", |b| b.iter(|| opened.state().expect("a state")));
    group.finish();
}

criterion_group!(benches, dossier);
criterion_main!(benches);
