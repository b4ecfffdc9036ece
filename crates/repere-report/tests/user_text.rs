//! User text is data in every output of every report: scorecards (text, coloured text,
//! Markdown, HTML, JSON, CSV), comparisons (text, Markdown, JSON) and consolidations (text,
//! Markdown, HTML, JSON). Documents are built through the public API from TOML files whose
//! every user field (process, organiser, description, assessor, organisation, justification,
//! not-applicable reason, evidence, grid title and version, source title and URL, dimension,
//! criterion, level, unit, profile, band and gate texts) holds one hostile string, and every
//! output is checked against the same documents built with a harmless word.

use proptest::prelude::*;
use repere_core::{ConsolidateOptions, Grid, Profile};
use repere_report::escape::csv_needs_guard;
use repere_report::{ComparisonDoc, ConsolidationDoc, RenderOptions};
use repere_report::{Format, ReportLang, ScorecardDoc, render, terminal_safe};

/// The harmless word of the reference documents; it appears in no fixed text of the reports.
const PLAIN: &str = "Zq";

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What a user string becomes where it must be valid: texts must not be blank, a version has
/// no white space and at most 64 bytes.
fn usable(u: &str) -> (String, String) {
    let text = if u.trim().is_empty() {
        format!("{u}x")
    } else {
        u.to_owned()
    };
    let mut version: String = u.chars().filter(|c| !c.is_whitespace()).collect();
    while version.len() > 64 {
        version.pop();
    }
    if version.is_empty() {
        version.push('1');
    }
    (text, version)
}

fn grid_toml(u: &str, version: &str) -> String {
    let q = quote(u);
    let v = quote(version);
    format!(
        r##"kind = "grid"
format = 1
id = "t.hostile"
version = {v}
default-lang = "en"
provenance = "illustrative"
title = {q}

[[sources]]
id = "src"
title = {q}
url = {q}
year = 2020

[[scales]]
id = "lvl"
kind = "ordinal"
label = {q}

[[scales.levels]]
id = "low"
value = 0
label = {q}
descriptor = {q}

[[scales.levels]]
id = "mid"
value = 1
label = {q}
descriptor = {q}

[[scales.levels]]
id = "high"
value = 2
label = {q}
descriptor = {q}

[[scales]]
id = "r"
kind = "range"
min = -10
max = 10
unit = {q}

[[dimensions]]
id = "d1"
label = {q}
provenance = "sourced"
sources = ["src"]

[[dimensions.criteria]]
id = "a"
label = {q}
scale = "lvl"

[dimensions.criteria.rubric]
high = {q}

[[dimensions.criteria]]
id = "b"
label = {q}
scale = "lvl"

[[dimensions]]
id = "d2"
label = {q}

[[dimensions.criteria]]
id = "c"
label = {q}
scale = "r"

[[dimensions]]
id = "d3"
label = {q}

[[dimensions.criteria]]
id = "e"
label = {q}
scale = "lvl"

[[profiles]]
id = "p"
label = {q}
weights-source = {q}
overall = "weighted-mean"
dimension-weights = {{ d1 = 2 }}

[[profiles.gates]]
criterion = "a"
below = "high"
dimension = "d1"
cap = 0.4
reason = {q}

[[profiles.bands]]
id = "weak"
label = {q}
min = 0
color = "#c62828"

[[profiles.bands]]
id = "strong"
label = {q}
min = 0.7
color = "#2e7d32"
"##
    )
}

fn assessment_toml(
    u: &str,
    version: &str,
    process: &str,
    role: &str,
    level_a: &str,
    value_c: f64,
) -> String {
    let q = quote(u);
    let v = quote(version);
    let p = quote(process);
    // `u` is the assessor's name and every other text of the assessment.
    format!(
        r##"kind = "assessment"
format = 1
phase = "closing"
date = 2021-03-18

[grid]
id = "t.hostile"
version = {v}

[process]
name = {p}
kind = "public-debate"
organiser = {q}
commissioner = {q}
territory = {q}
description = {q}

[assessor]
name = {q}
role = "{role}"
organisation = {q}

[targets]
a = "high"
c = 5

[[ratings]]
criterion = "a"
level = "{level_a}"
justification = {q}

[[ratings.evidence]]
reference = {q}
excerpt = {q}

[[ratings]]
criterion = "b"
not-applicable = {q}

[[ratings]]
criterion = "c"
value = {value_c}
justification = {q}

[[ratings]]
criterion = "e"
level = "mid"
"##
    )
}

/// Every output of every report built from one user string.
struct Outputs {
    scorecard: Vec<(Format, String)>,
    colored: String,
    compare_text: String,
    compare_md: String,
    compare_json: String,
    cons_text: String,
    cons_md: String,
    cons_html: String,
    cons_json: String,
}

fn outputs(u: &str, lang: ReportLang) -> Outputs {
    let (text, version) = usable(u);
    let grid: Grid = repere_toml::load_grid("grid.toml", &grid_toml(&text, &version))
        .unwrap_or_else(|e| panic!("grid for {u:?}: {e}"));
    let profile: Profile = grid.profile("p").cloned().expect("profile p");
    let load = |process: &str, assessor: &str, role: &str, level_a: &str, value_c: f64| {
        let t = assessment_toml(assessor, &version, process, role, level_a, value_c);
        repere_toml::load_assessment("a.toml", &t, &grid)
            .unwrap_or_else(|e| panic!("assessment for {u:?}: {e}"))
    };
    // Assessors differ, so that agreement is computed; the third assessment is of another
    // process, so that member names show processes.
    let (two, three) = (format!("{text}2"), format!("{text}3"));
    let assessments = [
        load(&text, &text, "evaluator", "low", -2.5),
        load(&text, &two, "guarantor", "high", 7.0),
        load(&two, &three, "participant", "mid", 0.0),
    ];
    let docs: Vec<(ScorecardDoc, repere_core::Scorecard)> = assessments
        .iter()
        .map(|a| {
            let card = repere_core::score(&grid, Some(&profile), a).expect("scored");
            (
                ScorecardDoc::new(&grid, &profile, a, &card, lang).expect("parts belong together"),
                card,
            )
        })
        .collect();
    fn r<D: repere_report::Report>(doc: &D, format: Format, color: bool) -> String {
        render(doc, format, RenderOptions::color(color)).expect("the format fits the document")
    }
    let doc = &docs[0].0;
    let scorecard = Format::ALL.iter().map(|&f| (f, r(doc, f, false))).collect();
    let cmp = repere_core::compare(&docs[0].1, &docs[1].1).expect("comparable");
    let cdoc = ComparisonDoc::new(&docs[0].0, &docs[1].0, &cmp);
    let cons = repere_core::consolidate(
        &grid,
        &profile,
        &assessments,
        &ConsolidateOptions::default(),
    )
    .expect("consolidated");
    let kdoc = ConsolidationDoc::new(&grid, &profile, &cons, lang);
    Outputs {
        scorecard,
        colored: r(doc, Format::Text, true),
        compare_text: r(&cdoc, Format::Text, false),
        compare_md: r(&cdoc, Format::Markdown, false),
        compare_json: r(&cdoc, Format::Json, false),
        cons_text: r(&kdoc, Format::Text, false),
        cons_md: r(&kdoc, Format::Markdown, false),
        cons_html: r(&kdoc, Format::Html, false),
        cons_json: r(&kdoc, Format::Json, false),
    }
}

// ---------------------------------------------------------------------------------------
// Checks

/// Whether a character is one that must not appear in text, Markdown or CSV output.
fn forbidden(c: char) -> bool {
    c != '\n' && repere_report::is_unsafe_char(c)
}

fn assert_no_controls(what: &str, out: &str) {
    if let Some(c) = out.chars().find(|&c| forbidden(c)) {
        panic!("{what}: control or bidi character {c:?} in:\n{out}");
    }
}

/// The part of a reference line before its first user text.
fn fixed_prefix(line: &str) -> &str {
    line.find(PLAIN).map_or(line, |i| &line[..i])
}

/// Terminal text: nothing but `\n` of the control characters; every line at column 0 is
/// the reference's (user text cannot make a line that passes for one of the report); lines
/// are the reference's one for one, plus the continuation lines of `extra_lines`.
fn check_text(what: &str, out: &str, reference: &str, extra_lines: usize) {
    assert_no_controls(what, out);
    assert!(!out.contains('\u{1b}'), "{what}: ESC in plain text");
    let (o, r): (Vec<&str>, Vec<&str>) = (out.lines().collect(), reference.lines().collect());
    assert_eq!(o.len(), r.len() + extra_lines, "{what}: line count\n{out}");
    let top = |v: &[&'_ str]| -> Vec<String> {
        v.iter()
            .filter(|l| !l.starts_with(' '))
            .map(|l| (*l).to_owned())
            .collect()
    };
    let (to, tr) = (top(&o), top(&r));
    assert_eq!(to.len(), tr.len(), "{what}: top-level lines\n{out}");
    for (a, b) in to.iter().zip(&tr) {
        assert!(a.starts_with(fixed_prefix(b)), "{what}: {a:?} is not {b:?}");
        if !b.contains(PLAIN) {
            assert_eq!(a, b, "{what}");
        }
    }
    if extra_lines == 0 {
        for (a, b) in o.iter().zip(&r) {
            assert!(a.starts_with(fixed_prefix(b)), "{what}: {a:?} is not {b:?}");
            if !b.contains(PLAIN) {
                assert_eq!(a, b, "{what}");
            }
        }
    }
}

/// Coloured text: the only escape sequences are the renderer's own SGR codes, and without
/// them it is the plain text.
fn check_colored(colored: &str, plain: &str) {
    let mut stripped = String::new();
    let mut rest = colored;
    while let Some(i) = rest.find('\u{1b}') {
        stripped.push_str(&rest[..i]);
        let seq = &rest[i..];
        let end = seq
            .char_indices()
            .skip(2)
            .find(|&(_, c)| !c.is_ascii_digit())
            .map(|(j, _)| j)
            .expect("a complete sequence");
        assert!(
            seq.starts_with("\u{1b}[") && seq[end..].starts_with('m') && end > 2,
            "a foreign escape sequence: {:?}",
            &seq[..seq.len().min(12)]
        );
        rest = &seq[end + 1..];
    }
    stripped.push_str(rest);
    assert_eq!(stripped, plain, "colour codes are the only difference");
    assert!(
        colored.contains("\u{1b}[1m"),
        "coloured output still colours"
    );
}

/// Removes the renderer's autolinks `<http://…>`, `<https://…>`, `<mailto:…>`, checking that
/// each holds no space, `<` or `>`.
fn without_autolinks(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        let scheme = ["http://", "https://", "mailto:"]
            .iter()
            .any(|p| tail.starts_with(p));
        match tail.find('>') {
            Some(j) if scheme && !tail[..j].contains(|c: char| c.is_whitespace() || c == '<') => {
                rest = &tail[j + 1..];
            }
            _ => {
                out.push('<');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Occurrences of `c` not escaped by a backslash (an odd run of backslashes before it).
fn unescaped(line: &str, c: char) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for ch in line.chars() {
        if ch == c && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if ch == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

/// What kind of Markdown block a line starts.
fn block_kind(line: &str) -> String {
    let t = line.trim_start_matches(' ');
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if line.is_empty() {
        "blank".to_owned()
    } else if line.len() - t.len() >= 4 {
        "indented code".to_owned()
    } else if t.starts_with('#') {
        let n = t.bytes().take_while(|&b| b == b'#').count();
        if t[n..].is_empty() || t[n..].starts_with(' ') {
            format!("h{n}")
        } else {
            "paragraph".to_owned()
        }
    } else if ["- ", "* ", "+ "].iter().any(|p| t.starts_with(p)) || ["-", "*", "+"].contains(&t) {
        "bullet".to_owned()
    } else if t.starts_with('|') {
        "table row".to_owned()
    } else if t.starts_with('>') {
        "quote".to_owned()
    } else if t.starts_with("```") || t.starts_with("~~~") {
        "fence".to_owned()
    } else if t.starts_with('<') {
        "html".to_owned()
    } else if (1..=9).contains(&digits)
        && t[digits..].starts_with(['.', ')'])
        && (t[digits + 1..].is_empty() || t[digits + 1..].starts_with(' '))
    {
        "ordered".to_owned()
    } else if t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-') {
        "setext underline".to_owned()
    } else {
        "paragraph".to_owned()
    }
}

/// Markdown: no control character; no HTML but the renderer's `<br>` and autolinks; no
/// entity but the escapes `&amp;`, `&lt;`, `&gt;`; the same lines as the reference, each
/// starting the same kind of block with the same unescaped structural characters (table
/// pipes, backticks, emphasis, brackets).
fn check_markdown(what: &str, out: &str, reference: &str) {
    assert_no_controls(what, out);
    let (o, r): (Vec<&str>, Vec<&str>) = (out.lines().collect(), reference.lines().collect());
    assert_eq!(o.len(), r.len(), "{what}: line count\n{out}");
    for (a, b) in o.iter().zip(&r) {
        assert_eq!(block_kind(a), block_kind(b), "{what}: {a:?} against {b:?}");
        let (a, b) = (without_autolinks(a), without_autolinks(b));
        let bare = a.replace("<br>", "");
        assert!(!bare.contains(['<', '>']), "{what}: raw HTML in {a:?}");
        for (i, _) in bare.match_indices('&') {
            assert!(
                ["&amp;", "&lt;", "&gt;"]
                    .iter()
                    .any(|e| bare[i..].starts_with(e)),
                "{what}: an entity of the user's in {a:?}"
            );
        }
        assert_eq!(a.matches("<br>").count(), b.matches("<br>").count());
        for c in ['|', '`', '*', '_', '[', ']', '~'] {
            assert_eq!(
                unescaped(&a, c),
                unescaped(&b, c),
                "{what}: unescaped {c:?} in {a:?} against {b:?}"
            );
        }
    }
}

const HTML_TAGS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "table", "tr", "td", "th",
    "span", "p", "strong", "div", "ul", "ol", "li", "a", "code", "footer", "br", "svg", "polygon",
    "text", "line", "circle", "rect", "thead",
];

const HTML_ATTRIBUTES: &[&str] = &[
    "lang",
    "scope",
    "charset",
    "name",
    "content",
    "http-equiv",
    "class",
    "style",
    "colspan",
    "data-criterion",
    "title",
    "href",
    "rel",
    "xmlns",
    "data-axes",
    "data-series",
    "viewBox",
    "width",
    "height",
    "role",
    "aria-label",
    "points",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "font-size",
    "text-anchor",
    "dominant-baseline",
];

/// The tags of an HTML page, checked: every `<` opens one of the renderer's tags, with the
/// renderer's attributes (none `on…`), quoted values without `<` or `>`, links to web
/// addresses only, and no `>` outside a tag.
fn html_tags(what: &str, html: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let rest = html
        .strip_prefix("<!DOCTYPE html>")
        .unwrap_or_else(|| panic!("{what}: no doctype"));
    let mut rest = rest;
    while let Some(i) = rest.find(['<', '>']) {
        assert!(
            rest[i..].starts_with('<'),
            "{what}: a raw `>` after {:?}",
            &rest[i.saturating_sub(40)..i]
        );
        let tag = &rest[i + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let n = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let name = &tag[..n];
        assert!(
            HTML_TAGS.contains(&name),
            "{what}: unknown tag at {:?}",
            &rest[i..rest.len().min(i + 40)]
        );
        tags.push(name.to_owned());
        let mut attrs = &tag[n..];
        loop {
            attrs = attrs.trim_start_matches(' ');
            if let Some(r) = attrs.strip_prefix("/>").or_else(|| attrs.strip_prefix('>')) {
                rest = r;
                break;
            }
            let eq = attrs.find('=').expect("an attribute");
            let attr = &attrs[..eq];
            assert!(
                HTML_ATTRIBUTES.contains(&attr) && !attr.starts_with("on"),
                "{what}: attribute {attr:?}"
            );
            let value = attrs[eq + 1..]
                .strip_prefix('"')
                .unwrap_or_else(|| panic!("{what}: unquoted {attr}"));
            let close = value.find('"').expect("a closing quote");
            let v = &value[..close];
            assert!(!v.contains(['<', '>']), "{what}: {attr}={v:?}");
            if attr == "href" {
                assert!(
                    v.starts_with("http://") || v.starts_with("https://"),
                    "{what}: a link to {v:?}"
                );
            }
            if attr == "style" {
                assert!(v.starts_with("background:#"), "{what}: style {v:?}");
            }
            attrs = &value[close + 1..];
        }
    }
    tags
}

fn check_html(what: &str, out: &str, reference: &str) {
    let links =
        |t: &Vec<String>| -> Vec<String> { t.iter().filter(|x| *x != "a").cloned().collect() };
    assert_eq!(
        links(&html_tags(what, out)),
        links(&html_tags(what, reference)),
        "{what}: the same tags as the reference, links aside"
    );
}

/// CSV: no control character but line breaks inside quotes; every record as long as the
/// header; each user text readable back from its cell by removing the documented `'`; a cell
/// that a spreadsheet would read as a formula is a number of a number column.
fn check_csv(out: &str, text: &str, version: &str, lang: ReportLang) {
    assert_no_controls("csv", out);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(out.as_bytes());
    let header = reader.headers().expect("a header").clone();
    assert_eq!(header.len(), 18);
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let numeric = ["value", "level", "score", "weight", "gap"].map(col);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV record")).collect();
    assert_eq!(rows.len(), 4, "one row per criterion");
    let cell_of = |s: &str| {
        format!(
            "{}{}",
            if csv_needs_guard(s) { "'" } else { "" },
            terminal_safe(s)
        )
    };
    let unguard = |c: &str| c.strip_prefix('\'').unwrap_or(c).to_owned();
    for row in &rows {
        assert_eq!(
            row.len(),
            header.len(),
            "every record has the header's fields"
        );
        for (i, cell) in row.iter().enumerate() {
            let t = cell.trim_start_matches(|c: char| c.is_whitespace());
            if t.starts_with(['=', '+', '-', '@']) {
                assert!(
                    numeric.contains(&i) && cell.parse::<f64>().is_ok_and(f64::is_finite),
                    "a formula in column {}: {cell:?}",
                    &header[i]
                );
            }
        }
        for name in ["score", "weight", "gap"] {
            let cell = &row[col(name)];
            assert!(
                cell.is_empty() || cell.parse::<f64>().is_ok_and(f64::is_finite),
                "{name} is a number: {cell:?}"
            );
        }
        for name in ["process", "assessor", "label"] {
            assert_eq!(row[col(name)], cell_of(text), "{name}");
            assert_eq!(unguard(&row[col(name)]), terminal_safe(text), "{name}");
        }
        assert_eq!(row[col("grid_version")], cell_of(version));
        assert_eq!(unguard(&row[col("grid_version")]), terminal_safe(version));
    }
    let row = |id: &str| rows.iter().find(|r| &r[col("criterion")] == id).expect(id);
    for id in ["a", "b", "c"] {
        assert_eq!(row(id)[col("justification")], cell_of(text), "{id}");
        assert_eq!(unguard(&row(id)[col("justification")]), terminal_safe(text));
    }
    assert_eq!(row("a")[col("level")], cell_of(text));
    assert_eq!(row("a")[col("target")], cell_of(text));
    let c = row("c");
    assert_eq!(c[col("value")], *"-2.5", "a number value is a number");
    assert_eq!(c[col("score")], *"0.375000");
    assert_eq!(c[col("weight")], *"1");
    assert_eq!(c[col("gap")], *"-0.375000", "a negative gap is a number");
    // The number with the language's decimal mark; the unit (user text) as it is.
    let number = if lang == ReportLang::Fr {
        "-2,5"
    } else {
        "-2.5"
    };
    let range_label = format!("{number} {text}");
    assert_eq!(c[col("level")], cell_of(&range_label));
}

fn check_json(what: &str, out: &str, pointer: &str, text: &str) {
    let v: serde_json::Value =
        serde_json::from_str(out).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
    assert_eq!(
        v.pointer(pointer).and_then(serde_json::Value::as_str),
        Some(text),
        "{what}: the user text, as it is"
    );
}

/// Every check, for one user string, against the reference documents.
fn check_all(u: &str, lang: ReportLang) {
    let reference = outputs(PLAIN, lang);
    let out = outputs(u, lang);
    let (text, version) = usable(u);
    let get = |o: &Outputs, f: Format| {
        o.scorecard
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, s)| s.clone())
            .expect("every format")
    };
    // The justification of two criteria, a not-applicable reason and an excerpt may hold
    // several lines in terminal text.
    let lines = terminal_safe(&text).matches('\n').count();
    let plain = get(&out, Format::Text);
    check_text(
        "scorecard text",
        &plain,
        &get(&reference, Format::Text),
        4 * lines,
    );
    check_colored(&out.colored, &plain);
    let mut md_reference = get(&reference, Format::Markdown);
    if repere_report::md_text(&text).is_empty() {
        // Nothing to show: the description's paragraph is left out.
        md_reference = md_reference.replacen(&format!("\n\n{PLAIN}\n"), "\n", 1);
    }
    check_markdown(
        "scorecard markdown",
        &get(&out, Format::Markdown),
        &md_reference,
    );
    check_html(
        "scorecard html",
        &get(&out, Format::Html),
        &get(&reference, Format::Html),
    );
    check_json(
        "scorecard json",
        &get(&out, Format::Json),
        "/process/name",
        &text,
    );
    check_csv(&get(&out, Format::Csv), &text, &version, lang);
    check_text(
        "comparison text",
        &out.compare_text,
        &reference.compare_text,
        0,
    );
    check_markdown(
        "comparison markdown",
        &out.compare_md,
        &reference.compare_md,
    );
    check_json(
        "comparison json",
        &out.compare_json,
        "/before/process",
        &text,
    );
    check_text(
        "consolidation text",
        &out.cons_text,
        &reference.cons_text,
        0,
    );
    check_markdown("consolidation markdown", &out.cons_md, &reference.cons_md);
    check_html("consolidation html", &out.cons_html, &reference.cons_html);
    check_json("consolidation json", &out.cons_json, "/grid-title", &text);
}

/// The strings of the issue, and a few more.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "=cmd|' /C calc'!A0",
    "\u{1b}]0;title\u{7}",
    "\u{1b}[2J",
    "\r",
    "\t",
    "\r\n",
    "\n",
    "|",
    "`",
    "```",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
    "# ",
    "## ",
    "- ",
    "* ",
    "+ ",
    "> ",
    "1. ",
    "2) ",
    "===",
    "---",
    "    ",
    "&amp;",
    "&#60;",
    "&lt;",
    "\\",
    "*",
    "_",
    "~~",
    "'",
    "\"",
    ",",
    "-",
    "+",
    "@",
    "=",
    "\u{85}",
    "\u{9b}",
    "\u{7f}",
    "\0",
    "\u{2028}",
    "https://example.org/a?b=1&c=2",
    "mailto:a@example.org",
    "<https://x.example>",
    "<!--",
    "-->",
    "]]>",
    "é",
    "日本語",
    "🙂",
    " ",
    "Débat public (2023)",
    "l'accès",
    "x",
    "<",
    ">",
    "&",
    "\u{a0}",
    "#",
];

#[test]
fn listed_hostile_strings_are_data_in_every_output() {
    for u in HOSTILE {
        check_all(u, ReportLang::En);
    }
    for u in [
        "=cmd|' /C calc'!A0\n# Overall result: 100 %\n<script>alert(1)</script>",
        "\u{1b}]0;pwned\u{7}\u{1b}[2JDébat | `x` *y* _z_ [l](javascript:alert(1))",
        "-1+1\r\n> quote\r\n1. item\u{202e}txet",
        "  @SUM(A1)  ",
        "\t=1",
        "'=1",
        "javascript:alert(1)",
        "https://example.org/<script>",
        "x #",
    ] {
        check_all(u, ReportLang::En);
        check_all(u, ReportLang::Fr);
    }
}

#[test]
fn ordinary_text_renders_as_before() {
    let u = "Débat public (2023) sur l'accès";
    let o = outputs(u, ReportLang::En);
    let text = &o.scorecard[0].1;
    assert!(text.starts_with(&format!("Scorecard — {u}\n")), "{text}");
    assert!(text.contains(&format!("  Organiser     {u}\n")), "{text}");
    let md = &o.scorecard[1].1;
    assert!(md.starts_with(&format!("# Scorecard — {u}\n")), "{md}");
    assert!(md.contains(&format!("- **Organiser**: {u}\n")), "{md}");
    let csv = &o.scorecard[4].1;
    assert!(csv.contains(&format!(",{u},{u},evaluator,")), "{csv}");
    assert!(
        o.compare_text
            .contains(&format!("  Before: {u} — {u} (evaluator)"))
    );
    assert!(
        o.cons_md
            .contains(&format!("# Consolidated assessments — {u}\n"))
    );
}

/// User text: pieces that mean something to a terminal, Markdown, HTML or a spreadsheet,
/// any character, and any printable text, strung together.
fn user_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
            1 => "\\PC{0,6}",
        ],
        0..8,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_user_text_is_data_in_every_output(u in user_text(), fr in any::<bool>()) {
        check_all(&u, if fr { ReportLang::Fr } else { ReportLang::En });
    }
}

/// Each check above fails on the output it is there to catch (HTML and JSON were already
/// escaped before this test existed, so their checks are shown failing here).
#[test]
fn the_checks_catch_what_they_look_for() {
    let fails = |what: &str, f: &dyn Fn()| {
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err();
        assert!(caught, "the check let through {what}");
    };
    let r = outputs(PLAIN, ReportLang::En);
    let get = |f: Format| {
        r.scorecard
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, s)| s.clone())
            .expect("every format")
    };
    let (text, md, html, json, csv) = (
        get(Format::Text),
        get(Format::Markdown),
        get(Format::Html),
        get(Format::Json),
        get(Format::Csv),
    );
    let inject = |s: &str, what: &str| s.replacen(PLAIN, what, 1);
    for bad in [
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<span onclick=\"x\">",
        "x > y",
    ] {
        fails(bad, &|| check_html("html", &inject(&html, bad), &html));
    }
    for bad in ["<script>", "a|b", "`x`", "*x*", "[x](y)", "&#60;", "x\n# y"] {
        fails(bad, &|| check_markdown("md", &inject(&md, bad), &md));
    }
    // The description's paragraph starting a heading, a list, a quote.
    for bad in ["# x", "- x", "1. x", "> x"] {
        let line = format!("\n\n{PLAIN}\n");
        let md_bad = md.replacen(&line, &format!("\n\n{bad}\n"), 1);
        assert_ne!(md_bad, md);
        fails(bad, &|| check_markdown("md", &md_bad, &md));
    }
    for bad in [
        "\u{1b}]0;x\u{7}",
        "\u{1b}[2J",
        "a\tb",
        "\u{202e}",
        "x\nOverall result: 100 %",
    ] {
        fails(bad, &|| check_text("text", &inject(&text, bad), &text, 0));
    }
    fails("a foreign escape", &|| {
        check_colored(&format!("\u{1b}]0;x\u{7}{}", r.colored), &text);
    });
    fails("no colour", &|| check_colored(&text, &text));
    let (u, v) = (PLAIN, PLAIN);
    check_csv(&csv, u, v, ReportLang::En);
    for bad in ["=1+1", "@x", "-x", "x,y", "\"x"] {
        fails(bad, &|| check_csv(&inject(&csv, bad), u, v, ReportLang::En));
    }
    fails("a number made text", &|| {
        check_csv(&csv.replacen(",1,", ",'1,", 1), u, v, ReportLang::En);
    });
    fails("not JSON", &|| {
        check_json("json", &json[1..], "/process/name", u)
    });
    fails("another text", &|| {
        check_json("json", &json, "/process/name", "y")
    });
}
