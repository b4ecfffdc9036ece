//! A grid: dimensions, criteria, questions, measures, levels with their descriptors (each with
//! its provenance tag where it differs from its criterion's), sources.

use maud::html;
use repere_core::{Grid, ScaleKind};

use super::{Ctx, file_param, store_error};
use crate::http::Resp;
use crate::store;

pub(crate) fn page(ctx: &Ctx<'_>) -> Resp {
    let grid = if ctx.req.q("g").is_some() {
        let path = match file_param(ctx, "g") {
            Ok(p) => p,
            Err(r) => return r,
        };
        let text = match store::read_text(&path) {
            Ok(t) => t,
            Err(e) => return store_error(ctx, &store::StoreError::Read(e)),
        };
        match repere_toml::load_grid(&path.display().to_string(), &text) {
            Ok(g) => g,
            Err(e) => return store_error(ctx, &store::StoreError::Invalid(e.render(false))),
        }
    } else {
        let path = match file_param(ctx, "f") {
            Ok(p) => p,
            Err(r) => return r,
        };
        match store::load(&ctx.app.root, &path) {
            Ok(l) => l.grid,
            Err(e) => return store_error(ctx, &e),
        }
    };
    show(ctx, &grid)
}

fn show(ctx: &Ctx<'_>, grid: &Grid) -> Resp {
    let l = ctx.lang.lang();
    let fb = grid.default_lang().clone();
    let tx = |t: &repere_core::Text| t.get(&l, &fb).to_owned();
    let body = html! {
        p.lead { code { (grid.id().as_str()) } " " (ctx.t("version", "version")) " " (grid.version()) }
        nav aria-label=(ctx.t("Dimensions", "Dimensions")) {
            ol {
                @for d in grid.dimensions() {
                    li { a href=(format!("#d-{}", d.id)) { (tx(&d.label)) } }
                }
            }
        }
        @for d in grid.dimensions() {
            section id=(format!("d-{}", d.id)) {
                h2 { (tx(&d.label)) }
                @if !d.description.is_empty() { p { (tx(&d.description)) } }
                @for c in &d.criteria {
                    article.criterion id=(format!("c-{}", c.id)) {
                        h3 { (tx(&c.label)) " " span.muted { "(" (c.id.as_str()) ") [" (c.provenance.tag()) "]" } }
                        @if !c.description.is_empty() { p { (tx(&c.description)) } }
                        @if !c.questions.is_empty() {
                            h4 { (ctx.t("Questions", "Questions")) }
                            ul { @for q in &c.questions { li { (tx(q)) } } }
                        }
                        @if let Some(m) = &c.measure {
                            h4 { (ctx.t("Mesure", "Measure")) }
                            p { (tx(&m.description)) " " span.muted { "[" (m.backing.effective_provenance(c.provenance).tag()) "]" } }
                        }
                        @let scale = grid.scale_of(c);
                        h4 { (ctx.t("Niveaux", "Levels")) }
                        @match &scale.kind {
                            ScaleKind::Ordinal(levels) => {
                                dl.levels {
                                    @for lv in levels {
                                        dt { (lv.value) " — " (tx(&lv.label)) }
                                        dd {
                                            (tx(c.rubric_for(&lv.id).unwrap_or(&lv.descriptor)))
                                            // The descriptor's tag where it differs from the criterion's.
                                            @if let Some((_, _, p)) = grid.descriptor_of(c, &lv.id) {
                                                @if p != c.provenance { " " span.muted { "[" (p.tag()) "]" } }
                                            }
                                        }
                                    }
                                }
                            }
                            ScaleKind::Range { min, max, unit } => {
                                p { (repere_core::fmt_number(*min)) " – " (repere_core::fmt_number(*max)) " " (unit.as_deref().unwrap_or_default()) }
                            }
                            ScaleKind::Percentage => { p { "0 – 100 %" } }
                            ScaleKind::Boolean { yes, no } => {
                                p { (ctx.t("oui", "yes")) " : " (tx(yes)) " · " (ctx.t("non", "no")) " : " (tx(no)) }
                            }
                        }
                        @if !c.evidence.is_empty() {
                            h4 { (ctx.t("Éléments de preuve attendus", "Evidence expected")) }
                            ul { @for e in &c.evidence { li { (tx(e)) } } }
                        }
                        @if !c.sources.is_empty() {
                            p.muted { (ctx.t("Sources :", "Sources:")) " "
                                @for (i, s) in c.sources.iter().enumerate() {
                                    @if i > 0 { ", " }
                                    a href=(format!("#s-{s}")) { (s.as_str()) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !grid.sources().is_empty() {
            section #sources {
                h2 { (ctx.t("Sources", "Sources")) }
                ul {
                    @for s in grid.sources() {
                        li id=(format!("s-{}", s.id)) {
                            (s.title)
                            @if let Some(y) = s.year { " (" (y) ")" }
                            @if let Some(u) = &s.url {
                                @if u.starts_with("https://") || u.starts_with("http://") {
                                    " " a href=(u) rel="noreferrer" { (u) }
                                }
                            }
                            @if let Some(n) = &s.note { " — " (n) }
                        }
                    }
                }
            }
        }
    };
    ctx.page(200, &tx(grid.title()), body)
}
