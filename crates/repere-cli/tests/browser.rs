//! The HTML report in a real browser: headless Chromium renders it, and the rendered page is
//! checked (one radar axis per dimension, the criteria table, nothing requested from the
//! network). Where Chromium is missing the test says so and passes, except in CI (`CI` set),
//! where it fails: `scripts/install-test-deps.sh` installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::fixture;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("which").arg(name).output().ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
}

/// Renders a page headless; returns the rendered DOM and the URLs the page itself requested
/// (requests the browser makes for its own purposes have no origin and are left out).
fn render(chrome: &Path, page: &Path, work: &Path) -> (String, Vec<String>) {
    let netlog = work.join(format!(
        "{}.netlog.json",
        page.file_name().unwrap().to_string_lossy()
    ));
    let profile = work.join("chromium-profile");
    let out = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&netlog).expect("a net log"))
            .expect("the net log is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .expect("event type known");
    let requested = log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .filter_map(|e| e["params"]["url"].as_str())
        .filter(|u| !u.starts_with("file://"))
        .map(str::to_owned)
        .collect();
    (dom, requested)
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn the_html_report_renders_in_chromium_and_fetches_nothing() {
    let Some(chrome) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("Chromium is missing in CI: scripts/install-test-deps.sh installs it");
        }
        eprintln!("skipped: Chromium is not installed (scripts/install-test-deps.sh installs it)");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_repere"))
        .args([
            "score",
            &fixture("three.toml"),
            "--grid",
            &fixture("grid3.toml"),
            "--profile",
            "banded",
            "--format",
            "html",
            "--lang",
            "en",
            "-o",
        ])
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (dom, requested) = render(&chrome, &page, work.path());
    // The radar: one axis line per dimension (3), and its declared axis count.
    let radar_start = dom.find("<svg").expect("an SVG chart is rendered");
    let radar = &dom[radar_start..radar_start + dom[radar_start..].find("</svg>").unwrap()];
    assert!(
        radar.contains("class=\"radar\""),
        "the first chart is the radar"
    );
    assert_eq!(count(radar, "class=\"axis\""), 3, "one axis per dimension");
    assert!(radar.contains("data-axes=\"3\""));
    for label in ["Acceptance", "Process", "Impact"] {
        assert!(radar.contains(label), "axis label {label}");
    }
    // The criteria table: one row per criterion.
    assert!(dom.contains("<table class=\"criteria\">"));
    assert_eq!(count(&dom, "data-criterion="), 4, "one row per criterion");
    // The process name is text, not markup: no script element came out of it.
    assert!(!dom.contains("<script"), "no script in the rendered page");
    assert!(dom.contains("&lt;script&gt;"), "the name is escaped");
    assert!(requested.is_empty(), "the report requested {requested:?}");

    // The check would see a request: a page with a remote image is caught.
    let trap = work.path().join("trap.html");
    std::fs::write(
        &trap,
        "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/x.png\"></body></html>",
    )
    .unwrap();
    let (_, requested) = render(&chrome, &trap, work.path());
    assert!(
        requested.iter().any(|u| u.contains("127.0.0.1:9")),
        "the net log check sees page requests: {requested:?}"
    );
}
