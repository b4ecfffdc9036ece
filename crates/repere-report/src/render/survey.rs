//! The survey summary in terminal text and CSV ([`crate::SurveySummaryDoc`]); its HTML page
//! is in `html/survey.rs`.

use std::fmt::Write as _;

use crate::doc::survey::SurveySummaryDoc;
use crate::escape::{CsvCell, CsvRecords, terminal_line};
use crate::i18n::ReportLang;

/// The fixed words of the text report.
struct Words {
    title: &'static str,
    file: &'static str,
    scale: &'static str,
    favourable: &'static str,
    process: &'static str,
    answers: &'static str,
    respondents: &'static str,
    mean: &'static str,
    interval: &'static str,
}

const FR: Words = Words {
    title: "Synthèse de questionnaire",
    file: "fichier",
    scale: "échelle",
    favourable: "réponses favorables",
    process: "processus",
    answers: "réponses",
    respondents: "répondants",
    mean: "moyenne",
    interval: "IC 95 % de Wilson",
};

const EN: Words = Words {
    title: "Survey summary",
    file: "file",
    scale: "scale",
    favourable: "favourable answers",
    process: "process",
    answers: "answers",
    respondents: "respondents",
    mean: "mean",
    interval: "Wilson 95% CI",
};

/// A share as a percentage with one decimal.
fn percent(x: f64, lang: ReportLang) -> String {
    let s = format!("{:.1}", x * 100.0);
    if lang == ReportLang::Fr {
        format!("{} %", s.replace('.', ","))
    } else {
        format!("{s}%")
    }
}

/// A number with two decimals, in the language's decimal mark.
fn number(x: f64, lang: ReportLang) -> String {
    let s = format!("{x:.2}");
    if lang == ReportLang::Fr {
        s.replace('.', ",")
    } else {
        s
    }
}

/// The text report: per process, one line per question.
pub(crate) fn text(doc: &SurveySummaryDoc) -> String {
    let lang = doc.lang;
    let w = if lang == ReportLang::Fr { &FR } else { &EN };
    let mut out = String::new();
    let col = crate::i18n::colon(lang);
    let _ = writeln!(out, "{}", w.title);
    let _ = writeln!(out, "  {}{col}{}", w.file, terminal_line(&doc.file));
    if let (Some(first), Some(last)) = (doc.scale.first(), doc.scale.last()) {
        let _ = writeln!(out, "  {}{col}{}–{}", w.scale, first.code, last.code);
    }
    let favourable: Vec<String> = doc.favourable.iter().map(u32::to_string).collect();
    if doc.definition.is_none() {
        let _ = writeln!(out, "  {}{col}{}", w.favourable, favourable.join(", "));
    }
    let mut current: Option<&str> = None;
    for row in &doc.questions {
        if current != Some(row.process.as_str()) {
            current = Some(row.process.as_str());
            let _ = writeln!(out, "\n{} {}", w.process, terminal_line(&row.process));
            if let Some(p) = doc
                .processes
                .as_ref()
                .and_then(|ps| ps.iter().find(|p| p.process == row.process))
            {
                let _ = writeln!(
                    out,
                    "  {} {}, {} {}, {} {}",
                    p.n_answers,
                    w.answers,
                    p.n_respondents,
                    w.respondents,
                    w.mean,
                    number(p.mean, lang)
                );
            }
        }
        let label = match &row.text {
            Some(t) => format!("{} ({})", terminal_line(&row.question), terminal_line(t)),
            None => terminal_line(&row.question).into_owned(),
        };
        let _ = writeln!(
            out,
            "  {label}{col}n = {}, {} {}, top2 {} [{}{col}{} – {}]",
            row.n,
            w.mean,
            number(row.mean, lang),
            percent(row.top2, lang),
            w.interval,
            percent(row.top2_low, lang),
            percent(row.top2_high, lang)
        );
    }
    out
}

/// The CSV report: the table per process and question, then with `--by process` the table
/// per process (a header line of its own). Shares and means are written with six decimals
/// (`0.500000`); with core columns only `process,question,n,mean,top2`.
pub(crate) fn csv(doc: &SurveySummaryDoc) -> String {
    let mut records = CsvRecords::new();
    let mut header: Vec<String> = ["process", "question", "n", "mean", "top2"]
        .map(str::to_owned)
        .to_vec();
    if !doc.core_columns {
        header.push("top2_low".to_owned());
        header.push("top2_high".to_owned());
        header.extend(doc.scale.iter().map(|a| format!("n_{}", a.code)));
    }
    let cells: Vec<CsvCell<'_>> = header.iter().map(|h| CsvCell::Text(h)).collect();
    records.record(&cells);
    for row in &doc.questions {
        let mut cells = vec![
            CsvCell::Text(&row.process),
            CsvCell::Text(&row.question),
            CsvCell::Number(row.n as f64),
            CsvCell::Fixed(row.mean, 6),
            CsvCell::Fixed(row.top2, 6),
        ];
        if !doc.core_columns {
            cells.push(CsvCell::Fixed(row.top2_low, 6));
            cells.push(CsvCell::Fixed(row.top2_high, 6));
            for a in &doc.scale {
                let count = a
                    .code
                    .checked_sub(row.scale_min)
                    .and_then(|i| row.distribution.get(i as usize));
                cells.push(match count {
                    Some(&c) => CsvCell::Number(c as f64),
                    None => CsvCell::Empty,
                });
            }
        }
        records.record(&cells);
    }
    if let Some(processes) = &doc.processes {
        records.record(&[
            CsvCell::Text("process"),
            CsvCell::Text("n_answers"),
            CsvCell::Text("n_respondents"),
            CsvCell::Text("mean"),
        ]);
        for p in processes {
            records.record(&[
                CsvCell::Text(&p.process),
                CsvCell::Number(p.n_answers as f64),
                CsvCell::Number(p.n_respondents as f64),
                CsvCell::Fixed(p.mean, 6),
            ]);
        }
    }
    records.finish()
}

#[cfg(test)]
mod tests {
    /// `%.6f` of the Python peers rounds the exact binary value, ties to even; so does Rust.
    #[test]
    fn six_decimals_round_ties_to_even() {
        assert_eq!(format!("{:.6}", 1.0 / 128.0), "0.007812");
        assert_eq!(format!("{:.6}", 3.0 / 128.0), "0.023438");
        assert_eq!(format!("{:.6}", 0.1), "0.100000");
    }
}
