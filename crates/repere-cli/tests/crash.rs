//! Crashes and concurrent writers on the real binary: `repere assess` killed with SIGKILL at
//! spread-out moments of its run leaves the dossier before or after the action, never in
//! between, and never loses an action it reported; two writers running 200 appends at once
//! leave 200 entries and an intact chain.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{fixture, text};

/// A dossier on the fixture grid with two members, alice and bob, whose keys are in the
/// test's own `REPERE_HOME`.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        for name in ["alice", "bob"] {
            env.ok(&["key", "new", name]);
        }
        env.ok(&[
            "init",
            "d",
            "--grid",
            &fixture("grid.toml"),
            "--title",
            "Concertation",
            "--as",
            "alice",
            "--member",
            "alice:evaluator",
            "--member",
            "bob:guarantor",
        ]);
        env
    }

    fn dossier(&self) -> PathBuf {
        self.dir.path().join("d")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_repere"));
        c.args(args)
            .current_dir(self.dir.path())
            .env("REPERE_HOME", self.dir.path().join("home"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the binary runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}\nstdout: {}\nstderr: {}",
            text(&o.stdout),
            text(&o.stderr)
        );
        text(&o.stdout)
    }

    fn assess(&self, who: &str) -> Vec<String> {
        let grid = fixture("grid.toml");
        vec![
            "assess".into(),
            "d".into(),
            "--as".into(),
            who.into(),
            "--phase".into(),
            "framing".into(),
            "--grid".into(),
            grid,
        ]
    }

    /// `verify` passes; returns the number of entries in the trail.
    fn intact_entries(&self) -> usize {
        let o = self.run(&["verify", "d"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "verify after a crash:\n{}",
            text(&o.stderr)
        );
        let log: serde_json::Value =
            serde_json::from_str(&self.ok(&["log", "d", "--format", "json"])).unwrap();
        log["entries"].as_array().unwrap().len()
    }
}

/// A small deterministic generator, so that a failing run can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

fn entries_in(trail: &Path) -> usize {
    std::fs::read(trail)
        .unwrap()
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[test]
fn assess_killed_at_any_moment_leaves_the_dossier_before_or_after() {
    const RUNS: u64 = 60;
    let env = Env::new();
    let args = env.assess("alice");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // How long one run takes here: kills are spread over that time and a little beyond.
    let t = Instant::now();
    env.ok(&args);
    let span = (t.elapsed().as_micros() as u64).clamp(2_000, 400_000) * 5 / 4;
    let mut rng = Lcg(0x5eed_2026);
    let (mut before_kept, mut after_kept, mut finished) = (0, 0, 0);
    for run in 0..RUNS {
        let entries = env.intact_entries();
        let mut child = env
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(span)));
        // Whether it had reported success before the kill.
        let done = matches!(child.try_wait(), Ok(Some(s)) if s.success());
        let _ = child.kill();
        let _ = child.wait();
        let now = env.intact_entries();
        assert_eq!(now, entries_in(&env.dossier().join("trail.jsonl")));
        if done {
            finished += 1;
            assert_eq!(
                now,
                entries + 1,
                "run {run}: an action reported done was lost"
            );
        } else {
            assert!(
                now == entries || now == entries + 1,
                "run {run}: {entries} entries before, {now} after"
            );
        }
        if now == entries {
            before_kept += 1;
        } else {
            after_kept += 1;
        }
    }
    // The kills landed on both sides of the append, and the dossier still takes actions:
    // a file left behind by a kill is not in the way of the next assessment.
    assert!(before_kept > 0, "no kill landed before the append");
    assert!(after_kept > 0, "no kill landed after the append");
    let entries = env.intact_entries();
    env.ok(&args);
    assert_eq!(env.intact_entries(), entries + 1);
    eprintln!(
        "{RUNS} kills: {before_kept} before the append, {after_kept} after ({finished} reported done)"
    );
}

#[test]
fn two_writers_appending_200_entries_at_once_keep_every_entry_and_the_chain() {
    const EACH: usize = 100;
    let env = Env::new();
    let env = &env;
    let started = env.intact_entries();
    std::thread::scope(|s| {
        for who in ["alice", "bob"] {
            s.spawn(move || {
                let args = env.assess(who);
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                for _ in 0..EACH {
                    env.ok(&args);
                }
            });
        }
    });
    assert_eq!(env.intact_entries(), started + 2 * EACH);
    let status: serde_json::Value =
        serde_json::from_str(&env.ok(&["status", "d", "--format", "json"])).unwrap();
    let ids: std::collections::BTreeSet<&str> = status["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2 * EACH, "every assessment has an id of its own");
}
