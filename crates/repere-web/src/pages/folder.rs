//! The folder: its assessments and dossiers, with their state, phase, author, completeness;
//! and the forms to consolidate several assessments or compare two.

use std::path::Path;

use maud::{Markup, html};

use super::Ctx;
use crate::http::Resp;
use crate::store;
use crate::words::{percent, vocab};

/// One assessment's summary for a table.
pub(crate) struct Summary {
    pub(crate) process: String,
    pub(crate) phase: String,
    pub(crate) author: String,
    pub(crate) completeness: String,
    pub(crate) grid: String,
}

/// Reads an assessment's summary; the error text when it does not open.
pub(crate) fn summary(ctx: &Ctx<'_>, path: &Path) -> Result<Summary, String> {
    let lang = ctx.lang;
    let loaded = store::load(&ctx.app.root, path).map_err(|e| match e {
        store::StoreError::NoGrid { id, version } => format!(
            "{} {id} {version}",
            ctx.t("grille introuvable :", "grid not found:")
        ),
        store::StoreError::Locked(_) => ctx.t("en cours d'écriture", "being written").to_owned(),
        _ => ctx
            .t(
                "fichier non valide (repere check le détaille)",
                "invalid file (repere check details it)",
            )
            .to_owned(),
    })?;
    let a = &loaded.assessment;
    let g = &loaded.grid;
    let profile = g.default_profile();
    let completeness = match repere_core::score(g, Some(&profile), a) {
        Ok(card) => {
            let c = card.completeness;
            format!(
                "{}/{} ({})",
                c.rated,
                c.applicable,
                percent(lang, c.ratio())
            )
        }
        Err(_) => "—".to_owned(),
    };
    let l = lang.lang();
    Ok(Summary {
        process: a.process.name.clone(),
        phase: vocab(lang, a.phase.as_str()),
        author: if a.assessor.name.is_empty() {
            vocab(lang, a.assessor.role.as_str())
        } else {
            format!(
                "{} ({})",
                a.assessor.name,
                vocab(lang, a.assessor.role.as_str())
            )
        },
        completeness,
        grid: format!("{} {}", g.title().get(&l, g.default_lang()), g.version()),
    })
}

pub(crate) fn page(ctx: &Ctx<'_>) -> Resp {
    let root = &ctx.app.root;
    let listing = store::list(root);
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.display().to_string());
    let rows: Vec<(String, Result<Summary, String>)> = listing
        .assessments
        .iter()
        .map(|rel| {
            (
                rel.to_string_lossy().into_owned(),
                summary(ctx, &root.join(rel)),
            )
        })
        .collect();
    let body = html! {
        p.lead { (ctx.t("Dossier servi :", "Folder served:")) " " code { (root.display().to_string()) } }
        @if !listing.dossiers.is_empty() {
            h2 { (ctx.t("Évaluations en cours (dossiers)", "Evaluations (dossiers)")) }
            @for d in &listing.dossiers {
                @let rel = d.to_string_lossy().into_owned();
                h3 {
                    a href=(ctx.href("/dossier", &[("d", if rel.is_empty() { "." } else { &rel })])) {
                        (dossier_title(&root.join(d)).unwrap_or_else(|| rel.clone()))
                    }
                    " "
                    span.muted { (if rel.is_empty() { ctx.t("(ce dossier)", "(this folder)").to_owned() } else { rel.clone() }) }
                }
                (dossier_table(ctx, &root.join(d)))
            }
        }
        h2 { (ctx.t("Évaluations (fichiers)", "Assessments (files)")) }
        @if rows.is_empty() {
            p { (ctx.t("Aucun fichier d'évaluation dans ce dossier.", "No assessment file in this folder.")) }
        } @else {
            form method="get" action="/consolidation" {
                @if ctx.lang != ctx.app.lang { input type="hidden" name="lang" value=(ctx.lang.as_str()); }
                (table(ctx, &rows, true))
                p {
                    button type="submit" { (ctx.t("Consolider les évaluations cochées", "Consolidate the assessments ticked")) }
                }
            }
            (compare_form(ctx, &rows.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>()))
        }
        @if !listing.grids.is_empty() {
            h2 { (ctx.t("Grilles du dossier", "Grids in the folder")) }
            ul {
                @for g in &listing.grids {
                    @let rel = g.to_string_lossy().into_owned();
                    li { a href=(ctx.href("/grid", &[("g", &rel)])) { (rel) } }
                }
            }
        }
    };
    ctx.page(
        200,
        &format!("{} — {name}", ctx.t("Évaluations", "Assessments")),
        body,
    )
}

/// A dossier's assessments: id, phase, author, state, completeness.
fn dossier_table(ctx: &Ctx<'_>, dir: &Path) -> Markup {
    let Ok(state) = repere_dossier::Dossier::open(dir).and_then(|d| d.state()) else {
        return html! { p.warn { (ctx.t("Dossier illisible : « repere verify » en dit la raison.", "Cannot read the dossier: `repere verify` says why.")) } };
    };
    let records = state.workflow().assessments();
    html! {
        @if records.is_empty() {
            p { (ctx.t("Aucune évaluation commencée.", "No assessment started yet.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("Évaluation", "Assessment")) }
                    th scope="col" { (ctx.t("Phase", "Phase")) }
                    th scope="col" { (ctx.t("Auteur", "Author")) }
                    th scope="col" { (ctx.t("État", "State")) }
                    th scope="col" { (ctx.t("Complétude", "Completeness")) }
                } }
                tbody {
                    @for r in records {
                        @let file = dir.join(repere_dossier::ASSESSMENTS_DIR).join(format!("{}.toml", r.id));
                        tr {
                            td { code { (r.id.as_str()) } }
                            td { (vocab(ctx.lang, r.phase.as_str())) }
                            td { (r.author.name) " (" (vocab(ctx.lang, r.author.role.as_str())) ")" }
                            td { (crate::words::state(ctx.lang, r.state)) }
                            td { (summary(ctx, &file).map_or_else(|e| e, |s| s.completeness)) }
                        }
                    }
                }
            }
        }
    }
}

/// The process name of a dossier, when its evaluation file reads.
pub(crate) fn dossier_title(dir: &Path) -> Option<String> {
    let d = repere_dossier::Dossier::open(dir).ok()?;
    let s = d.state().ok()?;
    Some(s.evaluation().process.name.clone())
}

/// The table of assessments: file, process, phase, author, completeness, links.
pub(crate) fn table(
    ctx: &Ctx<'_>,
    rows: &[(String, Result<Summary, String>)],
    ticks: bool,
) -> Markup {
    html! {
        table {
            thead {
                tr {
                    @if ticks { th scope="col" { (ctx.t("Choisir", "Pick")) } }
                    th scope="col" { (ctx.t("Fichier", "File")) }
                    th scope="col" { (ctx.t("Démarche", "Process")) }
                    th scope="col" { (ctx.t("Phase", "Phase")) }
                    th scope="col" { (ctx.t("Auteur", "Author")) }
                    th scope="col" { (ctx.t("Complétude", "Completeness")) }
                    th scope="col" { (ctx.t("Ouvrir", "Open")) }
                }
            }
            tbody {
                @for (rel, s) in rows {
                    tr {
                        @if ticks {
                            td { input type="checkbox" name="f" value=(rel) id=(format!("pick-{rel}")) aria-label=(format!("{} {rel}", ctx.t("Choisir", "Pick"))); }
                        }
                        td { code { (rel) } }
                        @match s {
                            Ok(s) => {
                                td { (s.process) br; span.muted { (s.grid) } }
                                td { (s.phase) }
                                td { (s.author) }
                                td { (s.completeness) }
                                td.links {
                                    a href=(ctx.href("/fill", &[("f", rel)])) { (ctx.t("Remplir", "Fill in")) }
                                    " · "
                                    a href=(ctx.href("/report", &[("f", rel)])) { (ctx.t("Rapport", "Report")) }
                                    " · "
                                    a href=(ctx.href("/grid", &[("f", rel)])) { (ctx.t("Grille", "Grid")) }
                                }
                            }
                            Err(e) => {
                                td colspan="5" { span.warn { (e) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Two assessments against each other: the ambition (framing) and what was achieved.
pub(crate) fn compare_form(ctx: &Ctx<'_>, files: &[String]) -> Markup {
    html! {
        @if files.len() >= 2 {
            h2 { (ctx.t("Ambition et réalisation", "Ambition and achievement")) }
            form method="get" action="/compare" {
                @if ctx.lang != ctx.app.lang { input type="hidden" name="lang" value=(ctx.lang.as_str()); }
                label for="cmp-a" { (ctx.t("Ambition (par exemple le cadrage) :", "Ambition (for example the framing):")) }
                select #cmp-a name="a" { @for f in files { option value=(f) { (f) } } }
                label for="cmp-b" { (ctx.t("Réalisation (par exemple le bilan) :", "Achievement (for example the closing):")) }
                select #cmp-b name="b" { @for (i, f) in files.iter().enumerate() { option value=(f) selected[i == 1] { (f) } } }
                button type="submit" { (ctx.t("Comparer", "Compare")) }
            }
        }
    }
}
