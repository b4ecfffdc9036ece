//! The dossier's workflow through the app's form, as a browser posts it: start, submit,
//! approve, publish, then correct the published assessment (a reason required, one correction
//! at a time), each action signed into the trail.

mod common;

use common::{Answer, Running, dossier, trail_lines};

/// Posts one action of the dossier's form as `who`.
fn act(s: &Running, csrf: &str, who: &str, action: &str, id: &str, comment: &str) -> Answer {
    let body = format!(
        "csrf={csrf}&as={who}&action={action}&id={id}&phase=closing&comment={}",
        comment.replace(' ', "+")
    );
    s.post("/dossier?d=ev", &s.own(), &body)
}

#[test]
fn a_published_assessment_is_corrected_from_the_app() {
    let s = common::start_with(dossier);
    let dir = s.dir.path();
    let csrf = s.csrf();
    for (who, action, id) in [
        ("alice", "start", ""),
        ("alice", "submit", "closing-1"),
        ("bob", "approve", "closing-1"),
        ("alice", "publish", "closing-1"),
    ] {
        let a = act(&s, &csrf, who, action, id, "");
        assert_eq!(a.status, 303, "{action}: {}", a.body);
    }
    assert_eq!(trail_lines(dir), 4);
    let published = dir.join("ev/assessments/closing-1.toml");

    // No reason: refused, in the app's language, and nothing written.
    let a = act(&s, &csrf, "alice", "correct", "closing-1", "  ");
    assert_eq!(a.status, 403, "{}", a.body);
    assert!(a.body.contains("demande une raison"), "{}", a.body);
    assert_eq!(trail_lines(dir), 4);

    // With a reason: the next version starts as a copy of the published file.
    let a = act(
        &s,
        &csrf,
        "alice",
        "correct",
        "closing-1",
        "Un chiffre de participation faux",
    );
    assert_eq!(a.status, 303, "{}", a.body);
    assert!(
        a.header("location")
            .is_some_and(|l| l.contains("done=correct")),
        "{:?}",
        a.headers
    );
    assert_eq!(trail_lines(dir), 5);
    let next = dir.join("ev/assessments/closing-1.v2.toml");
    assert_eq!(
        std::fs::read(&next).unwrap(),
        std::fs::read(&published).unwrap()
    );
    let trail = std::fs::read_to_string(dir.join("ev").join(repere_dossier::TRAIL_FILE)).unwrap();
    assert!(
        trail
            .lines()
            .last()
            .unwrap()
            .contains("Un chiffre de participation faux"),
        "{trail}"
    );
    // The page says what was done.
    let page = s.get_in("/dossier?d=ev&done=correct");
    assert!(page.body.contains("Correction commencée"), "{}", page.body);

    // One correction at a time.
    let a = act(&s, &csrf, "bob", "correct", "closing-1", "Autre chose");
    assert_eq!(a.status, 403, "{}", a.body);
    assert!(
        a.body.contains("déjà une correction en cours"),
        "{}",
        a.body
    );
    assert_eq!(trail_lines(dir), 5);
}
