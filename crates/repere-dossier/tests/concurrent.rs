//! Concurrent appends: serialised by the lock, every entry kept, the chain intact.

mod common;

use common::*;
use repere_core::Phase;
use repere_core::workflow::Action;
use repere_dossier::{Dossier, KeyPair, verify};

#[test]
fn four_writers_fifty_entries_each() {
    const WRITERS: usize = 4;
    const EACH: usize = 50;
    let root = tempfile::tempdir().unwrap();
    let dir = new_dossier(root.path()).dir().to_path_buf();
    type Writer = (&'static str, fn() -> KeyPair);
    let team: [Writer; WRITERS] = [
        ("Alice", alice),
        ("Bob", bob),
        ("Carol", carol),
        ("Dan", dan),
    ];
    std::thread::scope(|s| {
        for (name, key) in team {
            let dir = dir.clone();
            s.spawn(move || {
                // A handle of its own, as another process would have.
                let d = Dossier::open(&dir).unwrap();
                let key = key();
                for _ in 0..EACH {
                    d.append(
                        name,
                        &key,
                        Action::Start {
                            phase: Phase::Framing,
                            id: None,
                        },
                        t("2024-05-01T09:00:00Z"),
                    )
                    .unwrap();
                }
            });
        }
    });
    let report = verify(&dir);
    assert!(report.is_clean(), "{}", shown(&report.problems));
    assert_eq!(report.entries, (WRITERS * EACH) as u64);
    let d = Dossier::open(&dir).unwrap();
    let state = d.state().unwrap();
    assert_eq!(state.workflow().assessments().len(), WRITERS * EACH);
    for name in ["Alice", "Bob", "Carol", "Dan"] {
        let n = state
            .entries()
            .iter()
            .filter(|e| e.entry.actor == name)
            .count();
        assert_eq!(n, EACH, "{name}");
    }
    // No lock file is left behind.
    assert!(!dir.join(".trail.jsonl.lock").exists());
}

/// Run by [`separate_processes`] in child processes (the test binary re-run with
/// `REPERE_DOSSIER_CHILD=DIR:NAME:COUNT`); does nothing otherwise.
#[test]
fn child_appender() {
    let Ok(spec) = std::env::var("REPERE_DOSSIER_CHILD") else {
        return;
    };
    let mut parts = spec.rsplitn(3, ':');
    let count: usize = parts.next().unwrap().parse().unwrap();
    let name = parts.next().unwrap().to_owned();
    let dir = parts.next().unwrap();
    let key = match name.as_str() {
        "Alice" => alice(),
        "Bob" => bob(),
        _ => dan(),
    };
    let d = Dossier::open(std::path::Path::new(dir)).unwrap();
    for _ in 0..count {
        d.append(
            &name,
            &key,
            Action::Start {
                phase: Phase::Closing,
                id: None,
            },
            t("2024-05-01T09:00:00Z"),
        )
        .unwrap();
    }
}

#[test]
fn separate_processes() {
    const EACH: usize = 20;
    let root = tempfile::tempdir().unwrap();
    let dir = new_dossier(root.path()).dir().to_path_buf();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["Alice", "Bob", "Dan"]
        .iter()
        .map(|name| {
            std::process::Command::new(&exe)
                .args(["--exact", "child_appender", "--test-threads=1"])
                .env(
                    "REPERE_DOSSIER_CHILD",
                    format!("{}:{name}:{EACH}", dir.display()),
                )
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let report = verify(&dir);
    assert!(report.is_clean(), "{}", shown(&report.problems));
    assert_eq!(report.entries, 3 * EACH as u64);
}
