//! Reports: the scorecard (the same HTML as `repere score`), the consolidation of several
//! assessors, and the ambition against the achievement.

use std::path::Path;

use maud::html;
use repere_core::{ConsolidateOptions, Grid, Profile};
use repere_report::{
    ComparisonDoc, ConsolidationDoc, Format, RenderOptions, ScorecardDoc, ScorecardSet,
};

use super::{Ctx, error_page, file_param, path_refused, store_error};
use crate::http::{REPORT_CSP, Resp};
use crate::security;
use crate::store;
use crate::words::vocab;

/// The profile to score with: the evaluation's in a dossier, else the grid's default.
fn profile_for(root: &Path, path: &Path, grid: &Grid) -> Profile {
    let named = super::fill::dossier_of(root, path).and_then(|(dir, _)| {
        let d = repere_dossier::Dossier::open(&dir).ok()?;
        Some(d.state().ok()?.evaluation().profile.as_str().to_owned())
    });
    match named.as_deref() {
        Some("default") | None => grid
            .profile("default")
            .cloned()
            .unwrap_or_else(|| grid.default_profile()),
        Some(id) => grid
            .profile(id)
            .cloned()
            .unwrap_or_else(|| grid.default_profile()),
    }
}

fn html_report(r: Result<String, repere_report::RenderError>, ctx: &Ctx<'_>) -> Resp {
    match r {
        Ok(text) => {
            let mut resp = Resp::html(200, text);
            resp.csp = REPORT_CSP;
            resp
        }
        Err(e) => error_page(
            ctx.lang,
            500,
            ctx.t("Rapport impossible", "Cannot render the report"),
            &e.to_string(),
        ),
    }
}

fn cannot_score(ctx: &Ctx<'_>, e: &dyn std::fmt::Display) -> Resp {
    error_page(
        ctx.lang,
        422,
        ctx.t("Calcul impossible", "Cannot score"),
        &e.to_string(),
    )
}

pub(crate) fn scorecard(ctx: &Ctx<'_>) -> Resp {
    let path = match file_param(ctx, "f") {
        Ok(p) => p,
        Err(r) => return r,
    };
    let loaded = match store::load(&ctx.app.root, &path) {
        Ok(l) => l,
        Err(e) => return store_error(ctx, &e),
    };
    let (g, a) = (&loaded.grid, &loaded.assessment);
    let p = profile_for(&ctx.app.root, &path, g);
    let card = match repere_core::score(g, Some(&p), a) {
        Ok(c) => c,
        Err(e) => return cannot_score(ctx, &e),
    };
    let doc = match ScorecardDoc::new(g, &p, a, &card, ctx.lang) {
        Ok(d) => d,
        Err(e) => return cannot_score(ctx, &e),
    };
    let set = ScorecardSet::new(vec![doc], ctx.lang);
    html_report(
        repere_report::render(&set, Format::Html, RenderOptions::default()),
        ctx,
    )
}

pub(crate) fn consolidation(ctx: &Ctx<'_>) -> Resp {
    let files = ctx.req.q_all("f");
    if files.len() < 2 {
        return error_page(
            ctx.lang,
            400,
            ctx.t("Consolidation impossible", "Cannot consolidate"),
            ctx.t(
                "Cochez au moins deux évaluations de la même grille.",
                "Tick at least two assessments of the same grid.",
            ),
        );
    }
    let mut grid: Option<Grid> = None;
    let mut assessments = Vec::new();
    let mut first = None;
    for f in files {
        let path = match security::inside(&ctx.app.root, f, false) {
            Ok(p) => p,
            Err(e) => return path_refused(ctx.lang, &e),
        };
        let loaded = match store::load(&ctx.app.root, &path) {
            Ok(l) => l,
            Err(e) => return store_error(ctx, &e),
        };
        if let Some(g) = &grid
            && (g.id() != loaded.grid.id() || g.version() != loaded.grid.version())
        {
            return error_page(
                ctx.lang,
                422,
                ctx.t("Consolidation impossible", "Cannot consolidate"),
                &format!("{f} : {}", ctx.t("porte sur une autre grille que les autres ; consolidez les évaluations d'une même grille.", "is on another grid than the others; consolidate assessments of one grid.")),
            );
        }
        first.get_or_insert(path);
        grid = Some(loaded.grid);
        assessments.push(loaded.assessment);
    }
    let (Some(g), Some(path)) = (grid, first) else {
        return error_page(
            ctx.lang,
            400,
            ctx.t("Consolidation impossible", "Cannot consolidate"),
            "",
        );
    };
    let p = profile_for(&ctx.app.root, &path, &g);
    let c = match repere_core::consolidate(&g, &p, &assessments, &ConsolidateOptions::default()) {
        Ok(c) => c,
        Err(e) => return cannot_score(ctx, &e),
    };
    let doc = ConsolidationDoc::new(&g, &p, &c, ctx.lang);
    html_report(
        repere_report::render(&doc, Format::Html, RenderOptions::default()),
        ctx,
    )
}

pub(crate) fn compare(ctx: &Ctx<'_>) -> Resp {
    let (pa, pb) = match (file_param(ctx, "a"), file_param(ctx, "b")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let (la, lb) = match (
        store::load(&ctx.app.root, &pa),
        store::load(&ctx.app.root, &pb),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return store_error(ctx, &e),
    };
    if la.grid.id() != lb.grid.id() || la.grid.version() != lb.grid.version() {
        return error_page(
            ctx.lang,
            422,
            ctx.t("Comparaison impossible", "Cannot compare"),
            ctx.t(
                "Les deux évaluations portent sur des grilles différentes.",
                "The two assessments are on different grids.",
            ),
        );
    }
    let g = &la.grid;
    let p = profile_for(&ctx.app.root, &pa, g);
    let cards = (
        repere_core::score(g, Some(&p), &la.assessment),
        repere_core::score(g, Some(&p), &lb.assessment),
    );
    let (ca, cb) = match cards {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return cannot_score(ctx, &e),
    };
    let cmp = match repere_core::compare(&ca, &cb) {
        Ok(c) => c,
        Err(e) => return cannot_score(ctx, &e),
    };
    let docs = (
        ScorecardDoc::new(g, &p, &la.assessment, &ca, ctx.lang),
        ScorecardDoc::new(g, &p, &lb.assessment, &cb, ctx.lang),
    );
    let (da, db) = match docs {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return cannot_score(ctx, &e),
    };
    let doc = ComparisonDoc::new(&da, &db, &cmp);
    let side = |s: &repere_report::SideDoc| {
        format!(
            "{} — {} ({}), {}{}",
            s.process,
            s.assessor,
            vocab(ctx.lang, s.role.name()),
            vocab(ctx.lang, s.phase.name()),
            s.date
                .as_deref()
                .map(|d| format!(", {d}"))
                .unwrap_or_default()
        )
    };
    let body = html! {
        dl.sides {
            dt { (ctx.t("Ambition", "Ambition")) " — " code { (security::relative(&ctx.app.root, &pa)) } }
            dd { (side(&doc.before)) }
            dt { (ctx.t("Réalisation", "Achievement")) " — " code { (security::relative(&ctx.app.root, &pb)) } }
            dd { (side(&doc.after)) }
        }
        @if let Some(o) = &doc.overall {
            p.lead { (ctx.t("Résultat global :", "Overall result:")) " " (pct(o.before)) " → " (pct(o.after)) " (" (repere_report::signed_points(o.delta)) ")" }
        }
        h2 { (ctx.t("Dimensions", "Dimensions")) }
        (delta_table(ctx, &doc.dimensions))
        h2 { (ctx.t("Critères", "Criteria")) }
        (delta_table(ctx, &doc.criteria))
        p.muted { (ctx.t("Un critère sans score d'un côté n'est jamais compté comme zéro : l'écart n'est donné que lorsque les deux côtés sont notés.", "A criterion without a score on one side is never counted as zero: the gap is given only when both sides are rated.")) }
    };
    ctx.page(
        200,
        ctx.t("Ambition et réalisation", "Ambition and achievement"),
        body,
    )
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{:.0}\u{a0}%", x * 100.0))
}

/// Before, after, the gap and the levels of each node compared.
fn delta_table(ctx: &Ctx<'_>, rows: &[repere_report::DeltaDoc]) -> maud::Markup {
    use repere_core::Change;
    html! {
        table {
            thead { tr {
                th scope="col" { (ctx.t("Élément", "Item")) }
                th scope="col" { (ctx.t("Ambition", "Ambition")) }
                th scope="col" { (ctx.t("Réalisation", "Achievement")) }
                th scope="col" { (ctx.t("Écart (points)", "Gap (points)")) }
                th scope="col" { (ctx.t("Évolution", "Change")) }
            } }
            tbody {
                @for r in rows {
                    tr {
                        td { (r.label) }
                        td { (pct(r.before)) @if let Some(l) = &r.level_before { br; span.muted { (l) } } }
                        td { (pct(r.after)) @if let Some(l) = &r.level_after { br; span.muted { (l) } } }
                        td { (repere_report::signed_points(r.delta)) }
                        td { (match r.change.0 {
                            Change::Up => ctx.t("↑ en hausse", "↑ up"),
                            Change::Down => ctx.t("↓ en baisse", "↓ down"),
                            Change::Same => ctx.t("= stable", "= same"),
                            Change::NewlyRated => ctx.t("nouvellement noté", "newly rated"),
                            Change::NoLongerRated => ctx.t("plus noté", "no longer rated"),
                            _ => ctx.t("non noté", "not rated"),
                        }) }
                    }
                }
            }
        }
    }
}
