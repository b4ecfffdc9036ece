//! The survey summary as a self-contained page: per process, a table of the questions with a
//! diverging stacked bar for each (the answers below the middle of the scale to the left of
//! a centre line, those above it to the right, a middle answer split across it), the way
//! Likert results are read.

use super::markup::Html;
use super::{page_end, page_start};
use crate::doc::survey::{QuestionRowDoc, SurveySummaryDoc};
use crate::i18n::ReportLang;

/// The width of a bar, in SVG units; the centre line is at half.
const WIDTH: f64 = 300.0;

/// A diverging palette, from the lowest answer (red) to the highest (blue), by position in
/// the scale.
fn colour(position: f64) -> &'static str {
    const PALETTE: [&str; 7] = [
        "#b2182b", "#ef8a62", "#fddbc7", "#e0e0e0", "#d1e5f0", "#67a9cf", "#2166ac",
    ];
    let i = (position.clamp(0.0, 1.0) * 6.0).round() as usize;
    PALETTE[i.min(6)]
}

struct Words {
    title: &'static str,
    file: &'static str,
    process: &'static str,
    question: &'static str,
    mean: &'static str,
    favourable: &'static str,
    interval: &'static str,
    answers: &'static str,
    respondents: &'static str,
    legend: &'static str,
    how: &'static str,
}

const FR: Words = Words {
    title: "Synthèse de questionnaire",
    file: "Fichier",
    process: "Processus",
    question: "Question",
    mean: "Moyenne",
    favourable: "Part favorable",
    interval: "IC 95 % (Wilson)",
    answers: "réponses",
    respondents: "répondants",
    legend: "Réponses",
    how: "Chaque barre montre la répartition des réponses : à gauche du trait central les réponses basses, à droite les hautes, la réponse du milieu partagée de part et d’autre.",
};

const EN: Words = Words {
    title: "Survey summary",
    file: "File",
    process: "Process",
    question: "Question",
    mean: "Mean",
    favourable: "Favourable share",
    interval: "95% CI (Wilson)",
    answers: "answers",
    respondents: "respondents",
    legend: "Answers",
    how: "Each bar shows how the answers are spread: low answers left of the centre line, high answers right of it, the middle answer split across it.",
};

fn fmt(x: f64, decimals: usize, lang: ReportLang) -> String {
    let s = format!("{x:.decimals$}");
    if lang == ReportLang::Fr {
        s.replace('.', ",")
    } else {
        s
    }
}

fn pct(x: f64, lang: ReportLang) -> String {
    let s = fmt(x * 100.0, 1, lang);
    if lang == ReportLang::Fr {
        format!("{s} %")
    } else {
        format!("{s}%")
    }
}

/// One diverging bar.
fn bar(h: &mut Html, row: &QuestionRowDoc) {
    let n = row.n.max(1) as f64;
    let k = row.distribution.len();
    let middle = (k as f64 - 1.0) / 2.0;
    // Left extent: answers below the middle, and half the middle answer.
    let mut left = 0.0;
    for (i, &c) in row.distribution.iter().enumerate() {
        let share = c as f64 / n;
        if (i as f64) < middle {
            left += share;
        } else if (i as f64 - middle).abs() < 1e-9 {
            left += share / 2.0;
        }
    }
    let mut x = WIDTH / 2.0 - left * WIDTH / 2.0;
    let label = format!("{}: n = {}", row.question, row.n);
    h.open(
        "svg",
        &[
            ("viewBox", &format!("0 0 {WIDTH} 16")),
            ("width", &format!("{WIDTH}")),
            ("height", "16"),
            ("role", "img"),
            ("aria-label", &label),
        ],
    );
    for (i, &c) in row.distribution.iter().enumerate() {
        let w = c as f64 / n * WIDTH / 2.0;
        if w > 0.0 {
            let position = if k > 1 {
                i as f64 / (k as f64 - 1.0)
            } else {
                0.5
            };
            h.empty(
                "rect",
                &[
                    ("x", &format!("{x:.2}")),
                    ("y", "1"),
                    ("width", &format!("{w:.2}")),
                    ("height", "14"),
                    ("fill", colour(position)),
                ],
            );
        }
        x += w;
    }
    h.empty(
        "line",
        &[
            ("x1", &format!("{}", WIDTH / 2.0)),
            ("x2", &format!("{}", WIDTH / 2.0)),
            ("y1", "0"),
            ("y2", "16"),
            ("stroke", "#1f2933"),
        ],
    );
    h.close("svg");
}

/// The page.
pub(crate) fn survey_summary(doc: &SurveySummaryDoc) -> String {
    let lang = doc.lang;
    let w = if lang == ReportLang::Fr { &FR } else { &EN };
    let mut h = page_start(w.title, lang);
    h.element("h1", &[], w.title).newline();
    h.open("p", &[])
        .fixed(w.file)
        .text(": ")
        .element("code", &[], &doc.file)
        .close("p")
        .newline();
    h.element("p", &[("class", "hint")], w.how).newline();
    // Legend.
    h.open("p", &[]).fixed(w.legend).text(": ");
    let k = doc.scale.len();
    for (i, a) in doc.scale.iter().enumerate() {
        let position = if k > 1 {
            i as f64 / (k as f64 - 1.0)
        } else {
            0.5
        };
        let style = format!("background:{};color:#1f2933", colour(position));
        let text = match &a.label {
            Some(l) => format!("{} {l}", a.code),
            None => a.code.to_string(),
        };
        h.element("span", &[("class", "band"), ("style", &style)], &text)
            .text(" ");
    }
    h.close("p").newline();
    let mut start = 0;
    while start < doc.questions.len() {
        let process = &doc.questions[start].process;
        let end = doc.questions[start..]
            .iter()
            .position(|r| &r.process != process)
            .map_or(doc.questions.len(), |i| start + i);
        h.open("h2", &[])
            .fixed(w.process)
            .text(" ")
            .text(process)
            .close("h2")
            .newline();
        if let Some(p) = doc
            .processes
            .as_ref()
            .and_then(|ps| ps.iter().find(|p| &p.process == process))
        {
            let line = format!(
                "{} {}, {} {}, {} {}",
                p.n_answers,
                w.answers,
                p.n_respondents,
                w.respondents,
                w.mean.to_lowercase(),
                fmt(p.mean, 2, lang)
            );
            h.element("p", &[], &line).newline();
        }
        h.open("table", &[]).newline().open("tr", &[]);
        for head in [w.question, "n", w.mean, w.favourable, w.interval, w.legend] {
            h.open("th", &[]).fixed(head).close("th");
        }
        h.close("tr").newline();
        for row in &doc.questions[start..end] {
            h.open("tr", &[]);
            h.open("td", &[]).element("code", &[], &row.question);
            if let Some(t) = &row.text {
                h.text(" ").text(t);
            }
            h.close("td");
            h.element("td", &[("class", "num")], &row.n.to_string());
            h.element("td", &[("class", "num")], &fmt(row.mean, 2, lang));
            h.element("td", &[("class", "num")], &pct(row.top2, lang));
            h.element(
                "td",
                &[("class", "num")],
                &format!("{} – {}", pct(row.top2_low, lang), pct(row.top2_high, lang)),
            );
            h.open("td", &[]);
            bar(&mut h, row);
            h.close("td").close("tr").newline();
        }
        h.close("table").newline();
        start = end;
    }
    page_end(h)
}
