//! Shared fixtures: a team with known keys, a dossier, a full life.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use repere_core::workflow::{Action, AssessmentId, Evaluation, Member, Timestamp, Verdict};
use repere_core::{GridRef, Id, Phase, Process, Role};
use repere_dossier::{Dossier, KeyPair, Problem};

pub fn alice() -> KeyPair {
    KeyPair::from_seed([1; 32])
}
pub fn bob() -> KeyPair {
    KeyPair::from_seed([2; 32])
}
pub fn carol() -> KeyPair {
    KeyPair::from_seed([3; 32])
}
pub fn dan() -> KeyPair {
    KeyPair::from_seed([4; 32])
}

pub fn evaluation() -> Evaluation {
    let grid = GridRef {
        id: Id::new("fr.cndp.debat-public").unwrap(),
        version: "1.0.0".into(),
        hash: None,
    };
    let process = Process {
        name: "Débat public \"Ligne nouvelle\"".into(),
        ..Process::default()
    };
    let mut e = Evaluation::new(process, grid, Id::new("default").unwrap());
    e.members = vec![
        Member::new("Alice", Role::Evaluator, alice().public()),
        Member::new("Bob", Role::Guarantor, bob().public()),
        Member::new("Carol", Role::Commissioner, carol().public()),
        Member::new("Dan", Role::Observer, dan().public()),
    ];
    e.phases = vec![Phase::Framing, Phase::Closing];
    e
}

pub fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub fn id(s: &str) -> AssessmentId {
    AssessmentId::new(s).unwrap()
}

pub fn new_dossier(root: &Path) -> Dossier {
    Dossier::init(&root.join("dossier"), &evaluation()).unwrap()
}

pub fn write_assessment(d: &Dossier, id: &AssessmentId, text: &str) -> String {
    std::fs::write(d.assessment_path(id), text).unwrap();
    d.content_hash(id).unwrap()
}

pub const REPORT_HTML: &[u8] = b"<!doctype html><title>framing-1</title><p>Score: 0.72</p>\n";
pub const REPORT_MD: &[u8] = b"# framing-1\n\nScore: 0.72\n";

/// A full life: start, submit, request changes, submit, approve, publish (with a bundle),
/// correct; then a draft of the correction. Returns the dossier.
pub fn life(root: &Path) -> Dossier {
    let d = new_dossier(root);
    let a = id("framing-1");
    d.append(
        "Alice",
        &alice(),
        Action::Start {
            phase: Phase::Framing,
            id: None,
        },
        t("2024-05-01T09:00:00Z"),
    )
    .unwrap();
    let h1 = write_assessment(&d, &a, "kind = \"assessment\"\n# first draft\n");
    d.append(
        "Alice",
        &alice(),
        Action::Submit {
            id: a.clone(),
            content_hash: h1.clone(),
        },
        t("2024-05-02T09:00:00Z"),
    )
    .unwrap();
    d.append(
        "Bob",
        &bob(),
        Action::Review {
            id: a.clone(),
            verdict: Verdict::RequestChanges,
            comment: Some("Sources for criterion 3, please.".into()),
            content_hash: h1,
        },
        t("2024-05-03T09:00:00Z"),
    )
    .unwrap();
    let h2 = write_assessment(
        &d,
        &a,
        "kind = \"assessment\"\n# second draft, with sources\nnotes = \"é\"\n",
    );
    d.append(
        "Alice",
        &alice(),
        Action::Submit {
            id: a.clone(),
            content_hash: h2.clone(),
        },
        t("2024-05-04T09:00:00Z"),
    )
    .unwrap();
    d.append(
        "Bob",
        &bob(),
        Action::Review {
            id: a.clone(),
            verdict: Verdict::Approve,
            comment: None,
            content_hash: h2,
        },
        t("2024-05-05T09:00:00Z"),
    )
    .unwrap();
    {
        let locked = d
            .lock("test publish", std::time::Duration::from_secs(5))
            .unwrap();
        let files = vec![
            ("report.html".to_owned(), REPORT_HTML.to_vec()),
            ("report.md".to_owned(), REPORT_MD.to_vec()),
        ];
        locked
            .publish("Bob", &bob(), &a, t("2024-05-06T09:00:00Z"), &files)
            .unwrap();
    }
    d.append(
        "Alice",
        &alice(),
        Action::Correct {
            id: a.clone(),
            reason: "A typo in criterion 2.".into(),
            new_id: None,
        },
        t("2024-05-07T09:00:00Z"),
    )
    .unwrap();
    std::fs::copy(
        d.assessment_path(&a),
        d.assessment_path(&id("framing-1.v2")),
    )
    .unwrap();
    d
}

pub fn bundle_dir(d: &Dossier) -> PathBuf {
    d.bundle_path(&id("framing-1"), 1)
}

pub fn shown(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("\n  {p}")).collect()
}
