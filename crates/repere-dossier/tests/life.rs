//! A dossier's life, what appends refuse, keys.

mod common;

use std::time::Duration;

use common::*;
use repere_core::Phase;
use repere_core::workflow::{Action, State, Verdict, WorkflowError};
use repere_dossier::{
    Dossier, DossierError, KeyError, KeyStore, ProblemKind, TRAIL_FILE, verify, verify_bundle,
};

#[test]
fn a_full_life_verifies_clean() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let report = verify(d.dir());
    assert!(report.is_clean(), "{}", shown(&report.problems));
    assert_eq!(report.entries, 7);
    assert_eq!(report.bundles, 1);
    assert_eq!(report.head.as_ref().unwrap().seq, 7);
    let state = d.state().unwrap();
    let wf = state.workflow();
    assert_eq!(wf.assessment("framing-1").unwrap().state, State::Published);
    assert_eq!(wf.assessment("framing-1.v2").unwrap().state, State::Draft);
    assert_eq!(state.entries().len(), 7);
    // The trail is one canonical line per entry.
    let trail = std::fs::read_to_string(d.trail_path()).unwrap();
    assert_eq!(trail.lines().count(), 7);
    assert!(
        trail
            .lines()
            .all(|l| l.starts_with("{\"seq\":") && l.ends_with("\"}"))
    );
    // A draft may change.
    std::fs::write(d.assessment_path(&id("framing-1.v2")), "changed draft").unwrap();
    assert!(verify(d.dir()).is_clean());
    // The bundle verifies on its own with the public keys only.
    let keys = [alice().public(), bob().public()];
    let b = verify_bundle(&bundle_dir(&d), &keys);
    assert!(b.is_clean(), "{}", shown(&b.problems));
    let m = b.manifest.unwrap();
    assert_eq!(m.assessment, "framing-1");
    assert_eq!(m.trail_head.seq, 6);
    assert_eq!(m.publisher.name, "Bob");
    let names: Vec<_> = m.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["report.html", "report.md", "assessment.toml"]);
    // Without the publisher's key, it does not.
    let b = verify_bundle(&bundle_dir(&d), &[alice().public()]);
    assert!(matches!(
        b.problems[0].kind,
        ProblemKind::UnknownPublisher { .. }
    ));
}

#[test]
fn the_correction_is_published_and_supersedes() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let v2 = id("framing-1.v2");
    let h = write_assessment(&d, &v2, "kind = \"assessment\"\n# corrected\n");
    d.append(
        "Alice",
        &alice(),
        Action::Submit {
            id: v2.clone(),
            content_hash: h.clone(),
        },
        t("2024-06-01T09:00:00Z"),
    )
    .unwrap();
    d.append(
        "Dan",
        &dan(),
        Action::Review {
            id: v2.clone(),
            verdict: Verdict::Approve,
            comment: None,
            content_hash: h,
        },
        t("2024-06-02T09:00:00Z"),
    )
    .unwrap();
    let locked = d.lock("test", Duration::from_secs(5)).unwrap();
    let (done, dir) = locked
        .publish(
            "Dan",
            &dan(),
            &v2,
            t("2024-06-03T09:00:00Z"),
            &[("report.json".into(), b"{}".to_vec())],
        )
        .unwrap();
    drop(locked);
    assert_eq!(done.event.changes.len(), 2);
    assert!(dir.ends_with("published/framing-1.v2"));
    let report = verify(d.dir());
    assert!(report.is_clean(), "{}", shown(&report.problems));
    assert_eq!(report.bundles, 2);
    let state = d.state().unwrap();
    assert_eq!(
        state.workflow().assessment("framing-1").unwrap().state,
        State::Superseded
    );
}

#[test]
fn refused_actions_write_nothing() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let before = std::fs::read(d.trail_path()).unwrap();
    let a = id("framing-1");
    // The workflow refuses: frozen.
    let e = d
        .append(
            "Alice",
            &alice(),
            Action::Submit {
                id: a.clone(),
                content_hash: "sha256:00".into(),
            },
            t("2024-06-01T09:00:00Z"),
        )
        .unwrap_err();
    assert!(
        matches!(e, DossierError::Refused(WorkflowError::Frozen { .. })),
        "{e}"
    );
    // Not a member.
    let e = d
        .append(
            "Mallory",
            &alice(),
            Action::Start {
                phase: Phase::Closing,
                id: None,
            },
            t("2024-06-01T09:00:00Z"),
        )
        .unwrap_err();
    assert!(
        matches!(e, DossierError::Refused(WorkflowError::NotAMember { .. })),
        "{e}"
    );
    // Backdated.
    let e = d
        .append(
            "Alice",
            &alice(),
            Action::Start {
                phase: Phase::Closing,
                id: None,
            },
            t("2024-01-01T09:00:00Z"),
        )
        .unwrap_err();
    assert!(
        matches!(e, DossierError::Refused(WorkflowError::Backdated { .. })),
        "{e}"
    );
    // Another member's key.
    let e = d
        .append(
            "Alice",
            &bob(),
            Action::Start {
                phase: Phase::Closing,
                id: None,
            },
            t("2024-06-01T09:00:00Z"),
        )
        .unwrap_err();
    assert!(matches!(e, DossierError::WrongKey { .. }), "{e}");
    assert!(e.to_string().contains("Alice"), "{e}");
    // A content that is not the file's.
    let v2 = id("framing-1.v2");
    let e = d
        .append(
            "Alice",
            &alice(),
            Action::Submit {
                id: v2.clone(),
                content_hash: "sha256:00".into(),
            },
            t("2024-06-01T09:00:00Z"),
        )
        .unwrap_err();
    assert!(matches!(e, DossierError::ContentMismatch { .. }), "{e}");
    assert!(e.to_string().contains("framing-1.v2.toml"), "{e}");
    // No file.
    std::fs::remove_file(d.assessment_path(&v2)).unwrap();
    let e = d
        .append(
            "Alice",
            &alice(),
            Action::Edit {
                id: v2,
                content_hash: "sha256:00".into(),
            },
            t("2024-06-01T09:00:00Z"),
        )
        .unwrap_err();
    assert!(matches!(e, DossierError::NoAssessmentFile { .. }), "{e}");
    assert_eq!(std::fs::read(d.trail_path()).unwrap(), before);
}

#[test]
fn a_publication_needs_the_content_approved() {
    let root = tempfile::tempdir().unwrap();
    let d = new_dossier(root.path());
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
    let h = write_assessment(&d, &a, "v1");
    d.append(
        "Alice",
        &alice(),
        Action::Submit {
            id: a.clone(),
            content_hash: h.clone(),
        },
        t("2024-05-01T09:00:00Z"),
    )
    .unwrap();
    d.append(
        "Bob",
        &bob(),
        Action::Review {
            id: a.clone(),
            verdict: Verdict::Approve,
            comment: None,
            content_hash: h,
        },
        t("2024-05-01T09:00:00Z"),
    )
    .unwrap();
    write_assessment(&d, &a, "v1, changed after approval");
    let e = d
        .append(
            "Bob",
            &bob(),
            Action::Publish { id: a.clone() },
            t("2024-05-01T09:00:00Z"),
        )
        .unwrap_err();
    assert!(matches!(e, DossierError::ContentMismatch { .. }), "{e}");
    // And verify names the file changed after approval.
    let r = verify(d.dir());
    assert_eq!(r.problems.len(), 1, "{}", shown(&r.problems));
    assert_eq!(
        r.problems[0].file,
        std::path::Path::new("assessments/framing-1.toml")
    );
    assert_eq!(r.problems[0].entry, Some(3));
    assert!(matches!(
        r.problems[0].kind,
        ProblemKind::AssessmentChanged {
            state: State::Approved,
            ..
        }
    ));
}

#[test]
fn a_torn_last_line_is_reported_and_blocks_appends() {
    let root = tempfile::tempdir().unwrap();
    let d = life(root.path());
    let mut bytes = std::fs::read(d.trail_path()).unwrap();
    bytes.extend_from_slice(b"{\"seq\":8,\"at\":\"2024-");
    std::fs::write(d.trail_path(), &bytes).unwrap();
    let r = verify(d.dir());
    assert_eq!(r.problems.len(), 1, "{}", shown(&r.problems));
    assert_eq!(r.problems[0].file, std::path::Path::new(TRAIL_FILE));
    assert_eq!(r.problems[0].entry, Some(8));
    assert_eq!(r.problems[0].kind, ProblemKind::TornEntry);
    let e = d
        .append(
            "Alice",
            &alice(),
            Action::Start {
                phase: Phase::Closing,
                id: None,
            },
            t("2024-06-01T09:00:00Z"),
        )
        .unwrap_err();
    assert!(matches!(e, DossierError::BrokenTrail { .. }), "{e}");
    assert!(e.to_string().contains("entry 8"), "{e}");
    // Never repaired: the bytes are still there.
    assert_eq!(std::fs::read(d.trail_path()).unwrap(), bytes);
}

#[test]
fn init_and_open() {
    let root = tempfile::tempdir().unwrap();
    let d = new_dossier(root.path());
    assert!(matches!(
        Dossier::init(d.dir(), &evaluation()),
        Err(DossierError::Exists { .. })
    ));
    assert_eq!(Dossier::open(d.dir()).unwrap(), d);
    assert!(matches!(
        Dossier::open(root.path()),
        Err(DossierError::NotADossier { .. })
    ));
    let mut bad = evaluation();
    bad.members.clear();
    assert!(matches!(
        Dossier::init(&root.path().join("other"), &bad),
        Err(DossierError::InvalidEvaluation { .. })
    ));
    // The evaluation reads back as written.
    let text = std::fs::read_to_string(d.evaluation_path()).unwrap();
    assert_eq!(
        repere_dossier::evaluation_from_toml(&text).unwrap(),
        evaluation()
    );
    assert!(verify(d.dir()).is_clean());
}

#[test]
fn permissions_round_trip_through_the_file() {
    use repere_core::Role;
    use repere_core::workflow::{ActionKind, Roles};
    let mut e = evaluation();
    e.permissions.allow(
        ActionKind::Review,
        [Role::Guarantor, Role::Observer].into_iter().collect(),
    );
    e.permissions.allow_at(
        ActionKind::Start,
        Phase::Framing,
        Roles::only(Role::Evaluator),
    );
    let text = repere_dossier::evaluation_to_toml(&e);
    assert_eq!(repere_dossier::evaluation_from_toml(&text).unwrap(), e);
    let bad = text.replace("role = \"guarantor\"", "role = \"guarantr\"");
    let err = repere_dossier::evaluation_from_toml(&bad).unwrap_err();
    assert!(err.to_string().contains("members[1].role"), "{err}");
}

#[test]
fn key_store() {
    let home = tempfile::tempdir().unwrap();
    let store = KeyStore::new(home.path().join("keys"));
    let k = store.create("alice").unwrap();
    assert_eq!(store.load("alice").unwrap().public(), k.public());
    assert_eq!(store.names().unwrap(), ["alice"]);
    assert!(matches!(
        store.create("alice"),
        Err(KeyError::Exists { .. })
    ));
    assert!(matches!(store.load("bob"), Err(KeyError::NotFound { .. })));
    assert!(matches!(store.create("../x"), Err(KeyError::BadName(_))));
    assert!(matches!(store.create(".hidden"), Err(KeyError::BadName(_))));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let path = store.private_path("alice").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dir_mode = std::fs::metadata(store.dir()).unwrap().permissions().mode() & 0o777;
        assert_eq!(dir_mode, 0o700);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let e = store.load("alice").unwrap_err();
        assert!(matches!(e, KeyError::TooOpen { mode: 0o640, .. }), "{e}");
        assert!(e.to_string().contains("chmod 600"), "{e}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // A public key file that names another key.
    std::fs::write(
        store.public_path("alice").unwrap(),
        format!("{}\n", bob().public()),
    )
    .unwrap();
    assert!(matches!(
        store.load("alice"),
        Err(KeyError::Mismatch { .. })
    ));
    // Garbage.
    store.insert("carol", &carol()).unwrap();
    std::fs::write(store.private_path("carol").unwrap(), "garbage").unwrap();
    assert!(matches!(
        store.load("carol"),
        Err(KeyError::Malformed { .. })
    ));
    // Generated keys differ.
    assert_ne!(store.create("dan").unwrap().public(), k.public());
}
