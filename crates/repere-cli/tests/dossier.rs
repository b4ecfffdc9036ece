//! Evaluation dossiers on the real binary: keys, `init`, `assess`, `submit`, `review`,
//! `publish`, `correct`, `status`, `log`, `verify`, each test with its own `REPERE_HOME`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

mod common;

use common::{fixture, text};

/// A key store and a working directory of one test.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_repere"));
        c.args(args)
            .current_dir(self.dir.path())
            .env("REPERE_HOME", self.home())
            .env("NO_COLOR", "1");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the binary runs")
    }

    /// Runs and requires exit 0; returns standard output.
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

    /// Runs and requires exit 1; returns standard error.
    fn refused(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{args:?}\nstdout: {}\nstderr: {}",
            text(&o.stdout),
            text(&o.stderr)
        );
        text(&o.stderr)
    }

    fn key(&self, name: &str) -> String {
        self.ok(&["key", "new", name]).trim().to_owned()
    }

    /// A dossier `d` on the fixture grid: alice (evaluator, creator), bob (guarantor), carol
    /// (commissioner), dan (observer, key given inline and not in the store).
    fn dossier(&self) -> String {
        let grid = fixture("grid.toml");
        for name in ["alice", "bob", "carol"] {
            self.key(name);
        }
        let dan = format!("dan:observer:{}", "ab".repeat(32));
        self.ok(&[
            "init",
            "d",
            "--grid",
            &grid,
            "--title",
            "Débat public X",
            "--as",
            "alice",
            "--member",
            "alice:evaluator",
            "--member",
            "bob:guarantor",
            "--member",
            "carol:commissioner",
            "--member",
            &dan,
        ]);
        grid
    }

    /// Writes a rated assessment (the fixture's ratings, by `author`) to a dossier's file.
    fn write_rated(&self, id: &str, author: &str) {
        let rated = std::fs::read_to_string(fixture("closing.toml"))
            .unwrap()
            .replace("Évaluatrice indépendante", author);
        std::fs::write(self.path(&format!("d/assessments/{id}.toml")), rated).unwrap();
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["status", "d", "--format", "json"])).unwrap()
    }
}

fn state_of(status: &serde_json::Value, id: &str) -> String {
    status["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no assessment {id} in {status}"))["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn key_new_writes_an_owner_only_private_key_and_prints_the_public_key() {
    let env = Env::new();
    let public = env.key("alice");
    assert_eq!(public.len(), 64, "{public}");
    assert!(public.bytes().all(|b| b.is_ascii_hexdigit()), "{public}");
    let private = env.home().join("keys/alice.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    assert_eq!(
        std::fs::read_to_string(env.home().join("keys/alice.pub"))
            .unwrap()
            .trim(),
        public
    );
    assert_eq!(env.ok(&["key", "show", "alice"]).trim(), public);
    let err = env.refused(&["key", "new", "alice"]);
    assert!(err.contains("never replaced"), "{err}");
}

#[test]
fn init_takes_keys_from_the_store_or_inline_and_needs_the_creators_private_key() {
    let env = Env::new();
    env.dossier();
    let evaluation = std::fs::read_to_string(env.path("d/evaluation.toml")).unwrap();
    let alice = std::fs::read_to_string(env.home().join("keys/alice.pub")).unwrap();
    assert!(evaluation.contains(alice.trim()), "{evaluation}");
    assert!(
        evaluation.contains(&"ab".repeat(32)),
        "dan's key given inline"
    );
    assert!(evaluation.contains("Débat public X"));
    let status = env.status();
    assert_eq!(status["members"].as_array().unwrap().len(), 4);
    assert_eq!(
        status["phases"].as_array().unwrap().len(),
        5,
        "all five phases"
    );
    env.ok(&["verify", "d"]);

    // dan's private key is not in REPERE_HOME: he cannot create a dossier, nor act.
    let err = env.refused(&[
        "init",
        "d2",
        "--grid",
        &fixture("grid.toml"),
        "--title",
        "Y",
        "--as",
        "dan",
        "--member",
        "alice:evaluator",
        &format!("--member=dan:observer:{}", "ab".repeat(32)),
        "--phases",
        "framing,closing",
    ]);
    assert!(err.contains("no private key of `dan`"), "{err}");
    assert!(!env.path("d2/evaluation.toml").exists());
    let err = env.refused(&["assess", "d", "--as", "dan", "--phase", "closing"]);
    assert!(err.contains("no private key of `dan`"), "{err}");

    // A member without a key anywhere; an unknown actor; an existing dossier.
    let err = env.refused(&[
        "init",
        "d3",
        "--grid",
        &fixture("grid.toml"),
        "--title",
        "Z",
        "--as",
        "alice",
        "--member",
        "alice:evaluator",
        "--member",
        "erin:observer",
    ]);
    assert!(err.contains("no public key of `erin`"), "{err}");
    let err = env.refused(&["status", "nowhere"]);
    assert!(err.contains("not a dossier"), "{err}");
}

#[test]
fn a_full_life_assess_submit_review_publish_status_log_verify() {
    let env = Env::new();
    let grid = env.dossier();
    let id = env.ok(&[
        "assess", "d", "--as", "alice", "--phase", "closing", "--grid", &grid,
    ]);
    let id = id.trim();
    assert_eq!(id, "closing-1");
    let template = std::fs::read_to_string(env.path("d/assessments/closing-1.toml")).unwrap();
    assert!(template.contains("name = \"alice\""), "{template}");
    assert!(template.contains("name = \"Débat public X\""), "{template}");
    assert_eq!(state_of(&env.status(), id), "draft");

    env.write_rated(id, "alice");
    env.ok(&["submit", "d", id, "--as", "alice", "--grid", &grid]);
    assert_eq!(state_of(&env.status(), id), "submitted");
    // Nothing is published without approval.
    let err = env.refused(&["publish", "d", id, "--as", "bob", "--grid", &grid]);
    assert!(err.contains("not approved"), "{err}");
    env.ok(&["review", "d", id, "--as", "bob", "--approve"]);
    let bundle = env.ok(&[
        "publish", "d", id, "--as", "bob", "--grid", &grid, "--lang", "en",
    ]);
    let bundle = env.path(bundle.trim());
    assert!(
        bundle.starts_with(env.path("d/published")),
        "{}",
        bundle.display()
    );
    for file in [
        "scorecard.html",
        "scorecard.md",
        "scorecard.json",
        "assessment.toml",
        "manifest.json",
        "manifest.sig",
    ] {
        assert!(bundle.join(file).is_file(), "{file}");
    }

    let status = env.status();
    let a = &status["assessments"][0];
    assert_eq!(a["id"], "closing-1");
    assert_eq!(a["author"], "alice");
    assert_eq!(a["role"], "evaluator");
    assert_eq!(a["phase"], "closing");
    assert_eq!(a["state"], "published");
    let alice_next = &status["members"][0]["next"];
    assert!(
        alice_next
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["action"] == "correct" && n["assessment"] == "closing-1"),
        "{alice_next}"
    );
    let text_status = env.ok(&["status", "d"]);
    assert!(text_status.contains("closing-1"), "{text_status}");
    assert!(text_status.contains("published"), "{text_status}");

    let log = env.ok(&["log", "d"]);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 4, "{log}");
    assert!(lines[0].contains("alice (evaluator)") && lines[0].contains("start `closing-1`"));
    assert!(lines[2].contains("bob (guarantor)") && lines[2].contains("approve `closing-1`"));
    assert!(lines[3].contains("publish `closing-1`"), "{log}");
    let log: serde_json::Value =
        serde_json::from_str(&env.ok(&["log", "d", "--format", "json"])).unwrap();
    assert_eq!(log["entries"].as_array().unwrap().len(), 4);
    assert_eq!(log["entries"][1]["action"]["kind"], "submit");

    let o = env.run(&["verify", "d"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("intact"));
}

#[test]
fn refusals_name_the_rule_and_who_may_act_instead() {
    let env = Env::new();
    let grid = env.dossier();
    let id = env.ok(&[
        "assess", "d", "--as", "alice", "--phase", "closing", "--grid", &grid,
    ]);
    let id = id.trim();
    env.write_rated(id, "alice");
    env.ok(&["submit", "d", id, "--as", "alice", "--grid", &grid]);

    // The author reviewing their own assessment.
    let err = env.refused(&["review", "d", id, "--as", "alice", "--approve"]);
    assert!(err.contains("a reviewer is never the author"), "{err}");
    assert!(err.contains("bob (guarantor)"), "who may: {err}");
    // A self-assessment role approving an evaluator's assessment.
    let err = env.refused(&["review", "d", id, "--as", "carol", "--approve"]);
    assert!(err.contains("self-assessment role"), "{err}");
    assert!(err.contains("members who may: bob (guarantor)"), "{err}");
    // Sending back needs a comment; only one verdict at a time.
    let err = env.refused(&["review", "d", id, "--as", "bob", "--request-changes"]);
    assert!(err.contains("comment"), "{err}");
    let o = env.run(&[
        "review",
        "d",
        id,
        "--as",
        "bob",
        "--approve",
        "--request-changes",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // Not a member.
    let err = env.refused(&["submit", "d", id, "--as", "alise", "--grid", &grid]);
    assert!(
        err.contains("not a member") && err.contains("alice"),
        "{err}"
    );
    // Nothing was recorded by the refusals.
    assert_eq!(state_of(&env.status(), id), "submitted");
    env.ok(&[
        "review",
        "d",
        id,
        "--as",
        "bob",
        "--request-changes",
        "--comment",
        "Sources?",
    ]);
    assert_eq!(state_of(&env.status(), id), "changes-requested");
    env.ok(&["verify", "d"]);
}

#[test]
fn a_tampered_trail_is_named_by_file_and_entry() {
    let env = Env::new();
    let grid = env.dossier();
    let id = env.ok(&[
        "assess", "d", "--as", "alice", "--phase", "closing", "--grid", &grid,
    ]);
    env.write_rated(id.trim(), "alice");
    env.ok(&["submit", "d", id.trim(), "--as", "alice", "--grid", &grid]);
    env.ok(&["verify", "d"]);

    let trail = env.path("d/trail.jsonl");
    let mut bytes = std::fs::read(&trail).unwrap();
    // One byte of the second entry's time.
    let second = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let at = second
        + bytes[second..]
            .windows(5)
            .position(|w| w == b"\"at\":")
            .unwrap()
        + 7;
    bytes[at] = if bytes[at] == b'1' { b'0' } else { b'1' };
    std::fs::write(&trail, &bytes).unwrap();

    let err = env.refused(&["verify", "d"]);
    assert!(err.contains("trail.jsonl, entry 2"), "{err}");
    let o = env.run(&["verify", "d", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["intact"], false);
    assert_eq!(report["problems"][0]["file"], "trail.jsonl");
    assert_eq!(report["problems"][0]["entry"], 2);
    // Nothing is appended to a broken trail.
    let err = env.refused(&["review", "d", id.trim(), "--as", "bob", "--approve"]);
    assert!(err.contains("repere verify"), "{err}");
}

#[test]
fn a_correction_supersedes_the_published_version_once_published() {
    let env = Env::new();
    let grid = env.dossier();
    let id = env.ok(&[
        "assess", "d", "--as", "alice", "--phase", "closing", "--grid", &grid,
    ]);
    let id = id.trim();
    env.write_rated(id, "alice");
    env.ok(&["submit", "d", id, "--as", "alice", "--grid", &grid]);
    env.ok(&["review", "d", id, "--as", "bob", "--approve"]);
    env.ok(&["publish", "d", id, "--as", "bob", "--grid", &grid]);

    let err = env.refused(&["correct", "d", id, "--as", "alice", "--reason", " "]);
    assert!(err.contains("reason"), "{err}");
    let new = env.ok(&["correct", "d", id, "--as", "alice", "--reason", "A typo"]);
    let new = new.trim();
    assert_eq!(new, "closing-1.v2");
    assert_eq!(
        std::fs::read(env.path(&format!("d/assessments/{new}.toml"))).unwrap(),
        std::fs::read(env.path(&format!("d/assessments/{id}.toml"))).unwrap(),
        "the correction starts from a copy"
    );
    let status = env.status();
    assert_eq!(state_of(&status, id), "published");
    assert_eq!(state_of(&status, new), "draft");

    env.ok(&["submit", "d", new, "--as", "alice", "--grid", &grid]);
    env.ok(&["review", "d", new, "--as", "bob", "--approve"]);
    env.ok(&["publish", "d", new, "--as", "bob", "--grid", &grid]);
    let status = env.status();
    assert_eq!(state_of(&status, id), "superseded");
    assert_eq!(state_of(&status, new), "published");
    env.ok(&["verify", "d"]);
}

#[test]
fn assess_from_a_file_or_blank_for_fill() {
    let env = Env::new();
    let grid = env.dossier();
    // The ratings of an existing file, made bob's.
    let id = env.ok(&[
        "assess",
        "d",
        "--as",
        "bob",
        "--phase",
        "closing",
        "--from",
        &fixture("closing.toml"),
        "--grid",
        &grid,
    ]);
    let file =
        std::fs::read_to_string(env.path(&format!("d/assessments/{}.toml", id.trim()))).unwrap();
    assert!(file.contains("name = \"bob\"") && file.contains("role = \"guarantor\""));
    assert!(file.contains("criterion = \"independance\""), "{file}");
    env.ok(&["submit", "d", id.trim(), "--as", "bob", "--grid", &grid]);

    // A blank assessment, filled with piped answers.
    let id = env.ok(&[
        "assess", "d", "--as", "alice", "--phase", "framing", "--blank", "--grid", &grid,
    ]);
    let path = format!("d/assessments/{}.toml", id.trim());
    let mut child = env
        .command(&["fill", &path, "-o", &path, "--grid", &grid])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"40\nSurvey\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let file = std::fs::read_to_string(env.path(&path)).unwrap();
    assert!(file.contains("value = 40"), "{file}");
    env.ok(&["submit", "d", id.trim(), "--as", "alice", "--grid", &grid]);
    // Without `--grid`, a grid that is not built in is named.
    let err = env.refused(&["publish", "d", id.trim(), "--as", "bob"]);
    assert!(
        err.contains("not approved"),
        "the workflow speaks first: {err}"
    );
    env.ok(&["review", "d", id.trim(), "--as", "bob", "--approve"]);
    // Without the dossier's copy of the grid, a grid that is not built in must be given.
    std::fs::remove_file(env.path("d/grid.toml")).unwrap();
    let err = env.refused(&["publish", "d", id.trim(), "--as", "bob"]);
    assert!(err.contains("no copy in the dossier"), "{err}");
    assert!(err.contains("--grid FILE"), "{err}");
    env.ok(&["verify", "d"]);
}

/// Writes an assessment file of the dossier from a fixture, made `author`'s (`role`), with
/// `edit` applied to its text.
fn write_from(
    env: &Env,
    id: &str,
    fixture_name: &str,
    author: &str,
    role: &str,
    edit: &[(&str, &str)],
) {
    let mut text = std::fs::read_to_string(fixture(fixture_name)).unwrap();
    for (from, to) in edit {
        assert!(text.contains(from), "{fixture_name} has no `{from}`");
        text = text.replace(from, to);
    }
    let text = text
        .replace("Évaluatrice indépendante", author)
        .replace("Maître d'ouvrage", author)
        .replace("Commission", author)
        .replace("role = \"evaluator\"", &format!("role = \"{role}\""))
        .replace("role = \"process-owner\"", &format!("role = \"{role}\""))
        .replace("role = \"organiser\"", &format!("role = \"{role}\""));
    std::fs::write(env.path(&format!("d/assessments/{id}.toml")), text).unwrap();
}

#[test]
fn consolidate_and_compare_work_on_the_approved_assessments_of_a_dossier() {
    let env = Env::new();
    let grid = env.dossier();
    let g = grid.as_str();
    // Framing by alice, with an ambition of 50 % for awareness; approved by bob.
    assert_eq!(
        env.ok(&[
            "assess", "d", "--as", "alice", "--phase", "framing", "--grid", g
        ])
        .trim(),
        "framing-1"
    );
    write_from(&env, "framing-1", "framing.toml", "alice", "evaluator", &[]);
    let mut framing = std::fs::read_to_string(env.path("d/assessments/framing-1.toml")).unwrap();
    framing.push_str("\n[targets]\nnotoriete = 50\n");
    std::fs::write(env.path("d/assessments/framing-1.toml"), framing).unwrap();
    env.ok(&["submit", "d", "framing-1", "--as", "alice", "--grid", g]);
    env.ok(&["review", "d", "framing-1", "--as", "bob", "--approve"]);

    // Closing by bob (no targets of its own), approved by alice; closing by carol, only
    // submitted so far.
    env.ok(&[
        "assess", "d", "--as", "bob", "--phase", "closing", "--grid", g,
    ]);
    let no_targets = ("[targets]\nindependance = \"oui\"\nnotoriete = 40\n", "");
    write_from(
        &env,
        "closing-1",
        "closing.toml",
        "bob",
        "guarantor",
        &[no_targets],
    );
    env.ok(&["submit", "d", "closing-1", "--as", "bob", "--grid", g]);
    env.ok(&["review", "d", "closing-1", "--as", "alice", "--approve"]);
    env.ok(&[
        "assess", "d", "--as", "carol", "--phase", "closing", "--grid", g,
    ]);
    write_from(&env, "closing-2", "self.toml", "carol", "commissioner", &[]);
    env.ok(&["submit", "d", "closing-2", "--as", "carol", "--grid", g]);

    // One approved closing assessment: too few to consolidate, and the message says which
    // are where.
    let err = env.refused(&["consolidate", "d", "--phase", "closing", "--grid", g]);
    assert!(err.contains("at least two approved"), "{err}");
    assert!(err.contains("`closing-2` (submitted)"), "{err}");
    // A dossier needs `--phase`; `--phase` needs a dossier.
    let o = env.run(&["consolidate", "d", "--grid", g]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let closing = fixture("closing.toml");
    let o = env.run(&["consolidate", &closing, &closing, "--phase", "closing"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));

    env.ok(&["review", "d", "closing-2", "--as", "alice", "--approve"]);
    let c: serde_json::Value = serde_json::from_str(&env.ok(&[
        "consolidate",
        "d",
        "--phase",
        "closing",
        "--grid",
        g,
        "--format",
        "json",
    ]))
    .unwrap();
    let assessors: Vec<&str> = c["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["assessor"].as_str().unwrap())
        .collect();
    assert_eq!(assessors, ["bob", "carol"], "{c}");

    // Two approved closing assessments: compare asks which one.
    let o = env.run(&["compare", "d", "--grid", g]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("`closing-1`, `closing-2`"));
    let cmp: serde_json::Value = serde_json::from_str(&env.ok(&[
        "compare",
        "d",
        "--achieved",
        "closing-1",
        "--grid",
        g,
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(cmp["before"]["phase"], "framing");
    assert_eq!(cmp["after"]["assessor"], "bob");
    let awareness = cmp["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "notoriete")
        .unwrap();
    // Framing rated 40, closing 22; the framing ambition (50) carried into closing: gap −28.
    assert_eq!(awareness["before"], 0.4);
    assert_eq!(awareness["after"], 0.22);
    assert_eq!(awareness["target"]["score"], 0.5);
    let gap = awareness["target"]["gap"].as_f64().unwrap();
    assert!((gap + 0.28).abs() < 1e-9, "{gap}");

    // A file changed after its approval is never used.
    let path = env.path("d/assessments/closing-1.toml");
    let changed = std::fs::read_to_string(&path)
        .unwrap()
        .replace("value = 22", "value = 90");
    std::fs::write(&path, changed).unwrap();
    let err = env.refused(&["compare", "d", "--achieved", "closing-1", "--grid", g]);
    assert!(
        err.contains("has changed since the trail recorded it"),
        "{err}"
    );
    let err = env.refused(&["consolidate", "d", "--phase", "closing", "--grid", g]);
    assert!(err.contains("closing-1.toml"), "{err}");
}

#[test]
fn json_outputs_follow_their_schemas() {
    let env = Env::new();
    let grid = env.dossier();
    env.ok(&[
        "assess", "d", "--as", "alice", "--phase", "closing", "--grid", &grid,
    ]);
    for (command, schema) in [
        ("status", "dossier-status"),
        ("log", "dossier-log"),
        ("verify", "dossier-verify"),
    ] {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../docs/schema/{schema}.schema.json"));
        let checked_in = std::fs::read_to_string(file).unwrap();
        assert_eq!(env.ok(&["schema", schema]), checked_in, "{schema}");
        let schema: serde_json::Value = serde_json::from_str(&checked_in).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let out: serde_json::Value =
            serde_json::from_str(&env.ok(&[command, "d", "--format", "json"])).unwrap();
        let errors: Vec<String> = validator.iter_errors(&out).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{command}: {errors:?}");
        assert_eq!(
            out["format"],
            format!("repere-dossier-{command}/1"),
            "{command}"
        );
    }
}

#[test]
fn a_grid_file_travels_with_the_dossier_pinned_by_its_hash() {
    let env = Env::new();
    env.dossier();
    // `init --grid FILE` kept a copy: no command needs `--grid` any more.
    assert!(env.path("d/grid.toml").is_file());
    let id = env.ok(&["assess", "d", "--as", "alice", "--phase", "closing"]);
    env.write_rated(id.trim(), "alice");
    env.ok(&["submit", "d", id.trim(), "--as", "alice"]);
    env.ok(&["review", "d", id.trim(), "--as", "bob", "--approve"]);
    // A copy that no longer is the grid the evaluation was created on is refused.
    let copy = env.path("d/grid.toml");
    let text = std::fs::read_to_string(&copy).unwrap();
    let changed = text.replacen("Indépendance", "Independance", 1);
    assert_ne!(text, changed, "the fixture grid has the label");
    std::fs::write(&copy, changed).unwrap();
    let err = env.refused(&["publish", "d", id.trim(), "--as", "bob"]);
    assert!(
        err.contains("not the grid the evaluation was created on"),
        "{err}"
    );
    std::fs::write(&copy, text).unwrap();
    let bundle = env.ok(&["publish", "d", id.trim(), "--as", "bob"]);
    assert!(bundle.trim().ends_with("closing-1.v1"), "{bundle}");
}
