//! A batch as an XLSX workbook, for evaluators who work in spreadsheets (written by
//! `rust_xlsxwriter`).
//!
//! Sheets: the scores (one row per process), the criteria across processes (quartiles, share
//! at each level, weak everywhere), the dimensions, the ranking with ties, the cells (a score,
//! `na` for not applicable, an empty cell for not assessed: never a 0), and a sheet saying
//! what the workbook is. Text from files is written as string cells, never as formulas.

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::doc::batch::{BatchDoc, CellDoc, DistributionDoc};
use crate::render::observatory::w;

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the workbook: {0}")]
pub struct XlsxError(String);

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError(e.to_string())
    }
}

/// The most rows of a worksheet.
const MAX_ROWS: usize = 1_048_575;

fn opt(ws: &mut Worksheet, r: u32, c: u16, x: Option<f64>, fmt: &Format) -> Result<(), XlsxError> {
    if let Some(x) = x {
        ws.write_number_with_format(r, c, x, fmt)?;
    }
    Ok(())
}

fn dist(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    d: Option<&DistributionDoc>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    if let Some(d) = d {
        ws.write_number(r, c, d.n as f64)?;
        for (i, x) in [d.min, d.q1, d.median, d.q3, d.max, d.mean]
            .into_iter()
            .enumerate()
        {
            ws.write_number_with_format(r, c + 1 + i as u16, x, fmt)?;
        }
    }
    Ok(())
}

/// The batch as an XLSX workbook (the bytes of the file).
pub fn xlsx(doc: &BatchDoc) -> Result<Vec<u8>, XlsxError> {
    let lang = doc.lang;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let score = Format::new().set_num_format("0.000");
    let share = Format::new().set_num_format("0.0%");

    let about = wb.add_worksheet();
    about.set_name(w(lang, "à propos", "about"))?;
    let lines = [
        (
            w(lang, "Grille", "Grid"),
            format!("{} {}", doc.grid, doc.grid_version),
        ),
        (w(lang, "Titre", "Title"), doc.grid_title.clone()),
        (w(lang, "Profil", "Profile"), doc.profile.clone()),
        (
            w(lang, "Démarches notées", "Processes scored"),
            doc.rows.len().to_string(),
        ),
        (
            w(lang, "Entrées non notées", "Inputs not scored"),
            doc.failures.len().to_string(),
        ),
        (
            w(lang, "Données", "Data"),
            if doc.illustrative {
                w(
                    lang,
                    "illustratives (démarches fictives)",
                    "illustrative (made-up processes)",
                )
                .to_owned()
            } else {
                w(lang, "telles que lues", "as read").to_owned()
            },
        ),
        (
            w(lang, "Cases vides", "Empty cells"),
            w(
                lang,
                "non évalué ou sans score (jamais 0) ; « na » : sans objet",
                "not assessed or no score (never 0); “na”: not applicable",
            )
            .to_owned(),
        ),
        (w(lang, "Format", "Format"), doc.format.clone()),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        about.write_string_with_format(i as u32, 0, *k, &bold)?;
        about.write_string(i as u32, 1, v)?;
    }

    let nd = doc.dimensions.len();
    let ws = wb.add_worksheet();
    ws.set_name(w(lang, "scores", "scores"))?;
    ws.write_string_with_format(0, 0, w(lang, "démarche", "assessment"), &bold)?;
    for (i, d) in doc.dimensions.iter().enumerate() {
        ws.write_string_with_format(0, 1 + i as u16, &d.label, &bold)?;
    }
    let c0 = 1 + nd as u16;
    ws.write_string_with_format(0, c0, w(lang, "global", "overall"), &bold)?;
    ws.write_string_with_format(0, c0 + 1, w(lang, "complétude", "completeness"), &bold)?;
    ws.write_string_with_format(
        0,
        c0 + 2,
        w(lang, "couverture pondérée", "weighted coverage"),
        &bold,
    )?;
    for (r, row) in doc.rows.iter().take(MAX_ROWS).enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, row.assessment)?;
        for (i, x) in row.dimensions.iter().enumerate() {
            opt(ws, r, 1 + i as u16, *x, &score)?;
        }
        opt(ws, r, c0, row.overall, &score)?;
        opt(ws, r, c0 + 1, row.completeness, &share)?;
        opt(ws, r, c0 + 2, row.coverage, &share)?;
    }

    if let Some(a) = &doc.across {
        let stats = [
            w(lang, "n", "n"),
            w(lang, "min", "min"),
            w(lang, "Q1", "Q1"),
            w(lang, "médiane", "median"),
            w(lang, "Q3", "Q3"),
            w(lang, "max", "max"),
            w(lang, "moyenne", "mean"),
        ];
        let ws = wb.add_worksheet();
        ws.set_name(w(lang, "critères", "criteria"))?;
        let mut head = vec![
            w(lang, "critère", "criterion"),
            w(lang, "dimension", "dimension"),
            w(lang, "libellé", "label"),
        ];
        head.extend(stats);
        head.extend([
            w(lang, "sans objet", "not applicable"),
            w(lang, "non évalués", "not assessed"),
            w(lang, "faible partout", "weak everywhere"),
            w(lang, "part à chaque niveau", "share at each level"),
        ]);
        for (i, hd) in head.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *hd, &bold)?;
        }
        for (r, c) in a.criteria.iter().enumerate() {
            let r = r as u32 + 1;
            ws.write_string(r, 0, &c.id)?;
            ws.write_string(r, 1, &c.dimension)?;
            ws.write_string(r, 2, &c.label)?;
            dist(ws, r, 3, c.scores.as_ref(), &score)?;
            ws.write_number(r, 10, c.not_applicable as f64)?;
            ws.write_number(r, 11, c.not_assessed as f64)?;
            ws.write_boolean(r, 12, c.weak_everywhere)?;
            for (i, l) in c.levels.iter().enumerate() {
                ws.write_number_with_format(r, 13 + i as u16, l.share, &share)?;
            }
        }
        let ws = wb.add_worksheet();
        ws.set_name(w(lang, "dimensions", "dimensions"))?;
        ws.write_string_with_format(0, 0, w(lang, "dimension", "dimension"), &bold)?;
        for (i, hd) in stats.iter().enumerate() {
            ws.write_string_with_format(0, 1 + i as u16, *hd, &bold)?;
        }
        ws.write_string_with_format(0, 8, w(lang, "sans score", "no score"), &bold)?;
        for (r, d) in a.dimensions.iter().chain(a.overall.iter()).enumerate() {
            let r = r as u32 + 1;
            ws.write_string(r, 0, &d.label)?;
            dist(ws, r, 1, d.scores.as_ref(), &score)?;
            ws.write_number(r, 8, d.no_score as f64)?;
        }
        if !a.ranking.is_empty() {
            let ws = wb.add_worksheet();
            ws.set_name(w(lang, "classement", "ranking"))?;
            for (i, hd) in [
                w(lang, "rang", "rank"),
                w(lang, "ex æquo", "tied"),
                w(lang, "démarche", "assessment"),
                w(lang, "score global", "overall score"),
            ]
            .iter()
            .enumerate()
            {
                ws.write_string_with_format(0, i as u16, *hd, &bold)?;
            }
            for (r, k) in a.ranking.iter().take(MAX_ROWS).enumerate() {
                let r = r as u32 + 1;
                if let Some(rank) = k.rank {
                    ws.write_number(r, 0, rank as f64)?;
                }
                ws.write_boolean(r, 1, k.tied)?;
                ws.write_string(r, 2, &k.assessment)?;
                opt(ws, r, 3, k.score, &score)?;
            }
        }
        let ws = wb.add_worksheet();
        ws.set_name(w(lang, "cases", "cells"))?;
        ws.write_string_with_format(0, 0, w(lang, "démarche", "assessment"), &bold)?;
        for (i, c) in a.criteria.iter().enumerate() {
            ws.write_string_with_format(0, 1 + i as u16, &c.id, &bold)?;
        }
        for (r, p) in a.cells.iter().take(MAX_ROWS).enumerate() {
            let r = r as u32 + 1;
            ws.write_string(r, 0, &p.assessment)?;
            for (i, c) in p.cells.iter().enumerate() {
                match c {
                    CellDoc::Score(x) => {
                        ws.write_number_with_format(r, 1 + i as u16, *x, &score)?;
                    }
                    CellDoc::NotApplicable => {
                        ws.write_string(r, 1 + i as u16, "na")?;
                    }
                    CellDoc::NotAssessed => {}
                }
            }
        }
    }
    if !doc.failures.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(w(lang, "erreurs", "errors"))?;
        ws.write_string_with_format(0, 0, w(lang, "source", "source"), &bold)?;
        ws.write_string_with_format(0, 1, w(lang, "problème", "problem"), &bold)?;
        for (r, f) in doc.failures.iter().enumerate() {
            ws.write_string(r as u32 + 1, 0, &f.source)?;
            ws.write_string(r as u32 + 1, 1, &f.message)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}
