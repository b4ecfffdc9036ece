//! The fill form's answers as they reach the file: every kind of answer, worked by hand, and
//! the file still checks after each save.

mod common;

use common::{Running, start};

fn grid(s: &Running) -> repere_core::Grid {
    let text = std::fs::read_to_string(s.dir.path().join("grid.toml")).unwrap();
    repere_toml::load_grid("grid.toml", &text).unwrap()
}

/// The assessment on disk, loaded as `repere check` loads it.
fn on_disk(s: &Running) -> repere_core::Assessment {
    let text = std::fs::read_to_string(s.dir.path().join("closing.toml")).unwrap();
    repere_toml::load_assessment("closing.toml", &text, &grid(s)).expect("the file checks")
}

#[test]
fn the_whole_grid_saved_at_once() {
    let s = start();
    let csrf = s.csrf();
    // Not applicable with its reason; a percentage with a decimal comma; evidence on two
    // lines; a confidence; empty names keep those on file.
    let body = format!(
        "csrf={csrf}&process=&assessor=%20&k=independance&v.independance=na&r.independance=Pas+de+commission&j.independance=&e.independance=&conf.independance=\
         &k=notoriete&v.notoriete=num&n.notoriete=22%2C5+%25&j.notoriete=Sondage&e.notoriete=Sondage+Ifop%0D%0A%0D%0ARapport+final&conf.notoriete=medium"
    );
    let a = s.post("/fill?f=closing.toml", &s.own(), &body);
    assert_eq!(a.status, 303, "{}", a.body);
    let a = on_disk(&s);
    assert_eq!(a.process.name, "Débat public de démonstration");
    assert_eq!(a.assessor.name, "Évaluatrice indépendante");
    let r = a.rating("independance").unwrap();
    assert_eq!(
        r.value,
        repere_core::RatingValue::NotApplicable {
            reason: "Pas de commission".to_owned()
        }
    );
    let r = a.rating("notoriete").unwrap();
    assert_eq!(
        r.value,
        repere_core::RatingValue::Rated(repere_core::Value::Number(22.5))
    );
    assert_eq!(r.justification.as_deref(), Some("Sondage"));
    let refs: Vec<&str> = r.evidence.iter().map(|e| e.reference.as_str()).collect();
    assert_eq!(refs, ["Sondage Ifop", "Rapport final"]);
    assert_eq!(r.confidence, Some(repere_core::Confidence::Medium));
    // The ratings stay in the grid's order.
    let order: Vec<&str> = a.ratings.iter().map(|r| r.criterion.as_str()).collect();
    assert_eq!(order, ["independance", "notoriete"]);
}

#[test]
fn not_assessed_without_notes_removes_the_rating_and_other_criteria_are_kept() {
    let s = start();
    let csrf = s.csrf();
    let before = on_disk(&s);
    assert!(before.rating("independance").is_some());
    let a = s.post(
        "/fill?f=closing.toml&c=independance",
        &s.own(),
        &format!("csrf={csrf}&k=independance&v.independance=-&j.independance=&e.independance=&conf.independance="),
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let after = on_disk(&s);
    assert!(after.rating("independance").is_none());
    // The criterion not in the form is as it was.
    assert_eq!(after.rating("notoriete"), before.rating("notoriete"));
    // The page says so, and the scorecard counts one criterion rated out of two.
    let page = s.get_in("/fill?f=closing.toml");
    assert!(page.body.contains("1/2"), "{}", page.body);
}

#[test]
fn an_asynchronous_save_answers_in_text() {
    let s = start();
    let csrf = s.csrf();
    let a = s.post(
        "/fill?f=closing.toml",
        &format!("{}X-Repere-Async: 1\r\n", s.own()),
        &format!("csrf={csrf}&k=independance&v.independance=non"),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body.contains("Enregistré"));
    let refused = s.post(
        "/fill?f=closing.toml",
        &format!("{}X-Repere-Async: 1\r\n", s.own()),
        &format!("csrf={csrf}&k=notoriete&v.notoriete=num&n.notoriete=beaucoup"),
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("n'est pas un nombre"),
        "{}",
        refused.body
    );
    assert_eq!(
        on_disk(&s).rating("independance").unwrap().value,
        repere_core::RatingValue::Rated(repere_core::Value::Level(
            repere_core::Id::new("non").unwrap()
        ))
    );
}
