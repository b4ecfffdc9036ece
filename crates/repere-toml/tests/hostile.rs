//! Hostile input: whatever the bytes, the loaders return `Ok` or `Err`, never panic, never
//! overflow the stack, and keep their messages readable. Run in debug mode (the default for
//! `cargo test`), where stack frames are largest.

use std::time::Instant;

use repere_core::Grid;
use repere_toml::{Document, LoadError, MAX_FILE_BYTES};

const SMALL_GRID: &str = include_str!("fixtures/valid/small-grid.toml");

fn small_grid() -> Grid {
    repere_toml::load_grid("small-grid.toml", SMALL_GRID).expect("the fixture loads")
}

/// Runs every loader on `text`; returns the errors (rendered, which must not panic either).
fn every_loader(name: &str, text: &str, grid: &Grid) -> Vec<LoadError> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<(), LoadError>| {
        if let Err(e) = r {
            // Rendering and displaying must hold up too.
            let plain = e.render(false);
            let styled = e.render(true);
            assert!(plain.ends_with('\n') && !styled.is_empty());
            assert!(!e.to_string().is_empty());
            assert!(!e.diagnostics().is_empty(), "an error has diagnostics");
            errors.push(e);
        }
    };
    keep(repere_toml::load_any(name, text).map(drop));
    keep(repere_toml::load_grid(name, text).map(drop));
    keep(repere_toml::load_profile(name, text, grid).map(drop));
    keep(repere_toml::parse_assessment(name, text).and_then(|a| a.resolve(grid).map(drop)));
    errors
}

/// A small deterministic generator (xorshift64*), so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn empty_and_blank_files_are_errors() {
    let grid = small_grid();
    for text in ["", " ", "\n\n", "\r\n", "# only a comment\n", "\u{feff}"] {
        let errors = every_loader("empty.toml", text, &grid);
        assert_eq!(errors.len(), 4, "{text:?}: every loader refuses it");
        for e in errors {
            assert!(
                e.diagnostics()[0]
                    .message()
                    .starts_with("missing key `kind`"),
                "{text:?}: {}",
                e.render(false)
            );
        }
    }
}

#[test]
fn random_bytes_are_errors_not_panics() {
    let grid = small_grid();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let alphabet: &[u8] = b"[]{}=.,\"'#\n\r\t -_+:0123456789abcdefkindformatgridTZe\\";
    for round in 0..400 {
        let len = rng.below(300);
        let bytes: Vec<u8> = if round % 2 == 0 {
            (0..len).map(|_| rng.next() as u8).collect()
        } else {
            // TOML-like punctuation, more likely to get past the first characters.
            (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect()
        };
        match repere_toml::decode("random.toml", &bytes) {
            Ok(text) => {
                every_loader("random.toml", text, &grid);
            }
            Err(e) => {
                let rendered = e.render(false);
                assert!(rendered.contains("not valid UTF-8"), "{rendered}");
                let lossy = String::from_utf8_lossy(&bytes);
                every_loader("random.toml", &lossy, &grid);
            }
        }
    }
}

#[test]
fn invalid_utf8_is_located() {
    for (bytes, line, col) in [
        (&b"\xff"[..], 1, 1),
        (&b"kind = \"grid\"\nformat = 1\nx = \"\xc3\""[..], 3, 6),
        (&b"a\nb\nc\xe2\x82"[..], 3, 2),
        (&b"\xef\xbb\xbfkind = \x80"[..], 1, 9),
    ] {
        let e = repere_toml::decode("bytes.toml", bytes).expect_err("invalid UTF-8");
        let msg = e.diagnostics()[0].message();
        assert!(
            msg.contains(&format!("at line {line}, column {col}")),
            "{bytes:?}: {msg}"
        );
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    // Built in memory, never written to disk.
    let mut big = String::with_capacity(MAX_FILE_BYTES + 16);
    big.push_str("kind = \"grid\"\nformat = 1\n");
    while big.len() <= MAX_FILE_BYTES {
        big.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    let e = repere_toml::decode("big.toml", big.as_bytes()).expect_err("too large");
    assert_eq!(e.diagnostics().len(), 1);
    let msg = e.diagnostics()[0].message();
    assert!(
        msg.contains(&big.len().to_string()) && msg.contains("at most 8388608 bytes"),
        "{msg}"
    );
    assert!(e.render(false).contains("help: "));
    // The loaders refuse it as well, before parsing.
    let grid = small_grid();
    for e in every_loader("big.toml", &big, &grid) {
        assert!(e.diagnostics()[0].message().contains("at most"), "{e}");
    }
    // Exactly at the limit is read.
    assert!(repere_toml::decode("max.toml", &big.as_bytes()[..MAX_FILE_BYTES]).is_ok());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let grid = small_grid();
    let n = 10_000;
    let head = "kind = \"grid\"\nformat = 1\n";
    let cases = [
        (
            "arrays",
            format!("{head}a = {}1{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "inline tables",
            format!("{head}a = {}1{}\n", "{ b = ".repeat(n), " }".repeat(n)),
        ),
        (
            "arrays of inline tables",
            format!("{head}a = {}1{}\n", "[{ b = ".repeat(n), " }]".repeat(n)),
        ),
        (
            "dotted key",
            format!("{head}{} = 1\n", vec!["a"; n].join(".")),
        ),
        (
            "table header",
            format!("{head}[{}]\n", vec!["a"; n].join(".")),
        ),
        (
            "array of tables header",
            format!("{head}[[{}]]\n", vec!["a"; n].join(".")),
        ),
        ("unclosed arrays", format!("{head}a = {}\n", "[".repeat(n))),
        (
            "unclosed tables",
            format!("{head}a = {}\n", "{ b = ".repeat(n)),
        ),
        (
            "deep ratings",
            format!(
                "kind = \"assessment\"\nformat = 1\n[[ratings]]\ncriterion = \"x\"\nlevel = {}1{}\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
        ),
    ];
    for (what, text) in &cases {
        let errors = every_loader(what, text, &grid);
        assert_eq!(errors.len(), 4, "{what}: every loader refuses it");
        let rendered = errors[0].render(false);
        // The parser's own words, kept as they are (the loader does not reword syntax
        // errors): "cannot recurse further; max recursion depth met", "recursion limit".
        assert!(
            rendered.contains("max recursion depth met") || rendered.contains("recursion limit"),
            "{what}: {rendered}"
        );
        assert!(rendered.len() < 4000, "{what}: {} bytes", rendered.len());
    }
}

#[test]
fn very_long_strings_keep_messages_short() {
    let megabyte = "é".repeat(500_000);
    // A long text is fine.
    let long_title = SMALL_GRID.replace(
        "title = { fr = \"Petite grille\", en = \"Small grid\" }",
        &format!("title = \"{megabyte}\""),
    );
    let grid = repere_toml::load_grid("long.toml", &long_title).expect("a long title is fine");
    assert_eq!(
        grid.title().exact(grid.default_lang()).map(str::len),
        Some(1_000_000)
    );
    // Long names and keys are refused, and messages quote them shortened.
    let k = "k".repeat(1_000_000);
    for (what, text) in [
        (
            "id",
            SMALL_GRID.replace("id = \"demo.small\"", &format!("id = \"{megabyte}\"")),
        ),
        (
            "key",
            SMALL_GRID.replace("provenance = \"illustrative\"", &format!("{k} = 1")),
        ),
        ("kind", format!("kind = \"{k}\"\nformat = 1\n")),
        (
            "version",
            SMALL_GRID.replace("\"1.0.0\"", &format!("\"{k}\"")),
        ),
        (
            "phase",
            SMALL_GRID.replace("[\"closing\"]", &format!("[\"{k}\"]")),
        ),
        (
            "scale",
            SMALL_GRID.replace("scale = \"pct\"", &format!("scale = \"{k}\"")),
        ),
    ] {
        let t = Instant::now();
        let e = repere_toml::load_grid(what, &text).expect_err(what);
        let rendered = e.render(false);
        eprintln!("1 MB {what}: refused in {:?}", t.elapsed());
        assert!(
            e.diagnostics().iter().all(|d| d.message().len() < 1000),
            "{what}: {}",
            e.diagnostics()[0].message().len()
        );
        assert!(rendered.len() < 4000, "{what}: {} bytes", rendered.len());
    }
}

/// A grid with `n` criteria in one dimension, written in code.
fn many_criteria(n: usize, scale: &str) -> String {
    let mut s = String::from(
        "kind = \"grid\"\nformat = 1\nid = \"big\"\nversion = \"1\"\ndefault-lang = \"fr\"\ntitle = \"Grande grille\"\n\n[[scales]]\nid = \"pct\"\nkind = \"percentage\"\n\n[[dimensions]]\nid = \"d\"\nlabel = \"Dimension\"\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "\n[[dimensions.criteria]]\nid = \"c{i}\"\nlabel = \"Critère {i}\"\nscale = \"{scale}\"\n"
        ));
    }
    s
}

#[test]
fn a_hundred_thousand_criteria_load() {
    let n = 100_000;
    let text = many_criteria(n, "pct");
    assert!(text.len() < MAX_FILE_BYTES, "{} bytes", text.len());
    let t = Instant::now();
    let grid = repere_toml::load_grid("big.toml", &text).expect("loads");
    eprintln!(
        "{n} criteria ({} bytes) loaded in {:?}",
        text.len(),
        t.elapsed()
    );
    assert_eq!(grid.criteria().count(), n);
}

#[test]
fn a_problem_in_every_one_of_many_criteria_is_reported_in_linear_time() {
    // Locating problems once took time proportional to their number times the file's size.
    let n = 20_000;
    let text = many_criteria(n, "pc");
    let t = Instant::now();
    let e = repere_toml::load_grid("big.toml", &text).expect_err("unknown scales");
    let rendered = e.render(false);
    eprintln!(
        "{n} unknown scales reported and rendered in {:?}",
        t.elapsed()
    );
    assert_eq!(e.diagnostics().len(), n);
    let last = e.diagnostics().last().expect("some");
    assert_eq!(
        e.line_col(last.span().expect("located").start).0,
        text.lines().count(),
        "the last problem is on the last `scale` line"
    );
    assert!(
        rendered.contains(&format!("note: {} more problems", n - 50)),
        "{rendered}"
    );
    assert!(rendered.ends_with(&format!("has {n} problems\n")));
}

#[test]
fn duplicate_keys_nan_and_overflows_are_reported() {
    let grid = small_grid();
    let cases = [
        (
            // The parser's words, at the second `kind`.
            "duplicate key",
            "kind = \"grid\"\nkind = \"grid\"\nformat = 1\n",
            "error: duplicate key\n --> duplicate key:2:1",
        ),
        (
            "duplicate table",
            "kind = \"assessment\"\nformat = 1\n[grid]\nid = \"a\"\n[grid]\nid = \"b\"\n",
            "duplicate",
        ),
        (
            "nan format",
            "kind = \"grid\"\nformat = nan\n",
            "unsupported format version nan",
        ),
        (
            "huge format",
            "kind = \"grid\"\nformat = 99999999999999999999999\n",
            "format",
        ),
        (
            "negative format",
            "kind = \"grid\"\nformat = -1\n",
            "unsupported format version -1",
        ),
        (
            "i64 overflow",
            "kind = \"grid\"\nformat = 1\nid = \"x\"\nversion = \"1\"\ndefault-lang = \"fr\"\ntitle = \"T\"\n[[scales]]\nid = \"s\"\nkind = \"ordinal\"\nlevels = [{ id = \"a\", value = 9223372036854775808, label = \"A\" }]\n",
            "out of range",
        ),
        (
            "inf weight",
            "kind = \"profile\"\nformat = 1\ngrid = \"demo.small\"\n[profile]\nid = \"p\"\nlabel = \"P\"\nweights-source = \"s\"\ncriterion-weights = { independance = inf }\n",
            "weights must be finite and non-negative, found inf",
        ),
        (
            "nan value",
            "kind = \"assessment\"\nformat = 1\nphase = \"closing\"\n[grid]\nid = \"demo.small\"\nversion = \"1.0.0\"\n[process]\nname = \"P\"\n[assessor]\nname = \"A\"\nrole = \"observer\"\n[[ratings]]\ncriterion = \"notoriete\"\nvalue = -nan\n",
            "finite number",
        ),
        (
            "inf target",
            "kind = \"assessment\"\nformat = 1\nphase = \"framing\"\n[grid]\nid = \"demo.small\"\nversion = \"1.0.0\"\n[process]\nname = \"P\"\n[assessor]\nname = \"A\"\nrole = \"observer\"\n[targets]\nnotoriete = inf\n",
            "inf",
        ),
    ];
    for (what, text, expected) in cases {
        let e = match repere_toml::load_any(what, text) {
            Err(e) => e,
            Ok(Document::Profile(_)) => {
                repere_toml::load_profile(what, text, &grid).expect_err(what)
            }
            Ok(Document::Assessment(a)) => a.resolve(&grid).expect_err(what),
            Ok(_) => panic!("{what}: loaded"),
        };
        let rendered = e.render(false);
        assert!(rendered.contains(expected), "{what}: {rendered}");
    }
}

/// Weights whose sum would overflow are scaled before they are summed: such a profile loads
/// (repere-core's tests check that they weigh criteria as equal weights do).
#[test]
fn huge_weights_load() {
    let grid = small_grid();
    let text = "kind = \"profile\"\nformat = 1\ngrid = \"demo.small\"\n[profile]\nid = \"p\"\nlabel = \"P\"\nweights-source = \"s\"\ncriterion-weights = { independance = 1.7e308, notoriete = 1.7e308 }\n";
    let p = repere_toml::load_profile("huge.toml", text, &grid).expect("huge weights load");
    assert_eq!(p.criterion_weights.len(), 2);
}
