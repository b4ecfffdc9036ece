//! The examples of `docs/formats.md` are right: every complete TOML example loads (profiles and
//! assessments against the example grid they name) and validates against its JSON Schema;
//! every fragment (a block whose first line is `# fragment`) is TOML; every error shown is one
//! the loader gives; and every key of every file kind is documented.

mod common;

use std::fs;

use common::{KINDS, kind_of, toml_to_json, validator, workspace};
use repere_core::Grid;
use repere_toml::Document;

const DOC: &str = "docs/formats.md";

/// A fenced block of the document: its language, first line number and text.
struct Block {
    lang: String,
    line: usize,
    text: String,
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (n, line) in doc.lines().enumerate() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(lang)) => {
                current = Some(Block {
                    lang: lang.trim().to_owned(),
                    line: n + 2,
                    text: String::new(),
                });
            }
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some(b), None) => {
                b.text.push_str(line);
                b.text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(current.is_none(), "{DOC}: a fenced block is not closed");
    out
}

fn doc() -> String {
    fs::read_to_string(workspace().join(DOC)).expect("read docs/formats.md")
}

fn is_fragment(b: &Block) -> bool {
    b.text
        .lines()
        .next()
        .is_some_and(|l| l.trim() == "# fragment")
}

#[test]
fn toml_examples_load() {
    let doc = doc();
    let examples: Vec<Block> = blocks(&doc)
        .into_iter()
        .filter(|b| b.lang == "toml")
        .collect();
    let (fragments, complete): (Vec<&Block>, Vec<&Block>) =
        examples.iter().partition(|b| is_fragment(b));
    assert!(
        fragments.len() >= 15 && complete.len() >= 5,
        "too few examples"
    );

    for b in &fragments {
        if let Err(e) = toml::from_str::<toml::Value>(&b.text) {
            panic!("{DOC}:{}: the fragment is not TOML: {e}", b.line);
        }
    }

    // Grids first: profiles and assessments are checked against the grid they name.
    let name = |b: &Block| format!("{DOC}:{}", b.line);
    let mut grids: Vec<Grid> = Vec::new();
    for b in &complete {
        if let Ok(Document::Grid(g)) = repere_toml::load_any(&name(b), &b.text) {
            grids.push(*g);
        }
    }
    let grid_named = |id: &str, b: &Block| {
        grids
            .iter()
            .find(|g| g.id().as_str() == id)
            .unwrap_or_else(|| panic!("{}: no example grid has id `{id}`", name(b)))
    };
    let mut kinds = Vec::new();
    for b in &complete {
        let fail = |e: repere_toml::LoadError| -> ! { panic!("{}", e.render(false)) };
        let doc = repere_toml::load_any(&name(b), &b.text).unwrap_or_else(|e| fail(e));
        match &doc {
            Document::Grid(_) => {}
            Document::Profile(p) => {
                repere_toml::load_profile(&name(b), &b.text, grid_named(&p.grid, b))
                    .unwrap_or_else(|e| fail(e));
            }
            Document::Assessment(a) => {
                a.resolve(grid_named(a.grid_id(), b))
                    .unwrap_or_else(|e| fail(e));
            }
            Document::Crosswalk(cw) => {
                // Checked against its `from` grid, an example of this page; its `to` grid is
                // a catalogue grid, which this crate does not hold.
                let from = grid_named(cw.from.id.as_str(), b);
                for l in &cw.links {
                    assert!(
                        from.criterion(l.from.as_str()).is_some(),
                        "{}: `{}` is not a criterion of `{}`",
                        name(b),
                        l.from,
                        from.id()
                    );
                }
            }
            Document::Survey(_) => {}
            _ => unreachable!("five kinds"),
        }
        let value: toml::Value = toml::from_str(&b.text).expect("TOML");
        let kind = kind_of(&value).expect("a kind");
        kinds.push(kind);
        let errors: Vec<String> = validator(kind)
            .iter_errors(&toml_to_json(&value))
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", name(b));
    }
    for kind in KINDS {
        assert!(kinds.contains(&kind), "no complete {kind:?} example");
    }
}

#[test]
fn error_examples_are_what_the_loader_says() {
    // Each error shown in the document is the first line of a golden diagnostic.
    let goldens: String = fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid"),
    )
    .expect("fixtures")
    .filter_map(|e| {
        let p = e.ok()?.path();
        (p.extension()? == "stderr").then(|| fs::read_to_string(p).ok())?
    })
    .collect();
    let doc = doc();
    let shown: Vec<Block> = blocks(&doc)
        .into_iter()
        .filter(|b| b.lang == "text" && b.text.starts_with("error: "))
        .collect();
    assert!(shown.len() >= 3);
    for b in shown {
        let first = b.text.lines().next().unwrap_or_default();
        assert!(
            goldens.lines().any(|l| l == first),
            "{DOC}:{}: no fixture gives `{first}`",
            b.line
        );
    }
}

#[test]
fn every_key_is_documented() {
    let doc = doc();
    let mut missing = Vec::new();
    for kind in KINDS {
        let schema: serde_json::Value =
            serde_json::from_str(&repere_toml::schema(kind)).expect("JSON");
        let mut objects = vec![&schema];
        if let Some(defs) = schema["$defs"].as_object() {
            objects.extend(defs.values());
        }
        for object in objects {
            for key in object["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
            {
                // In a table of keys: "| `key` |".
                if !doc.contains(&format!("| `{key}` |")) {
                    missing.push(format!("{kind:?}: {key}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "keys missing from {DOC}: {missing:?}");
}
