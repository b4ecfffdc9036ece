//! The fill form: one criterion at a time or the whole grid; the levels as choices with
//! their descriptors, justification, evidence, confidence, *not applicable* with its reason,
//! *not assessed*. Each save goes through `store::save` (lock, re-read, check, atomic write).

use std::path::{Path, PathBuf};

use maud::{Markup, html};
use repere_core::workflow::State;
use repere_core::{
    Assessment, Confidence, Criterion, Evidence, Grid, Rating, RatingValue, ScaleKind, Value,
};

use super::{Ctx, file_param, store_error};
use crate::http::Resp;
use crate::security::relative;
use crate::store::{self, StoreError};
use crate::words::{percent, vocab};

/// The dossier an assessment file belongs to, and its id there: a file of a dossier's
/// `assessments/` folder.
pub(crate) fn dossier_of(root: &Path, path: &Path) -> Option<(PathBuf, String)> {
    let dir = path.parent()?;
    if dir.file_name()? != repere_dossier::ASSESSMENTS_DIR {
        return None;
    }
    let dossier = dir.parent()?;
    if !dossier.starts_with(root) || !dossier.join(repere_dossier::EVALUATION_FILE).is_file() {
        return None;
    }
    Some((
        dossier.to_path_buf(),
        path.file_stem()?.to_string_lossy().into_owned(),
    ))
}

/// A dossier's name for links: folder-relative, `.` for the folder itself.
fn dossier_rel(root: &Path, dir: &Path) -> String {
    if dir == root {
        ".".to_owned()
    } else {
        relative(root, dir)
    }
}

/// Whether the file may change now: always for a file of its own; in a dossier, only while
/// its assessment is a draft or sent back for changes (what is submitted must not change).
/// `Err` holds the state that forbids it (`None`: the trail does not know the file).
fn editable(root: &Path, path: &Path) -> Result<(), Option<State>> {
    let Some((dir, id)) = dossier_of(root, path) else {
        return Ok(());
    };
    let state = repere_dossier::Dossier::open(&dir)
        .and_then(|d| d.state())
        .ok()
        .and_then(|s| s.workflow().assessment(&id).map(|r| r.state));
    match state {
        Some(State::Draft | State::ChangesRequested) => Ok(()),
        other => Err(other),
    }
}

/// The criteria an assessment answers: those that apply at its phase and to its role.
fn todo<'g>(grid: &'g Grid, a: &Assessment) -> Vec<&'g Criterion> {
    grid.criteria()
        .filter(|(_, c)| {
            c.applies_at(a.phase) && (c.roles.is_empty() || c.roles.contains(&a.assessor.role))
        })
        .map(|(_, c)| c)
        .collect()
}

/// The fill page; `error` is shown above the form (a refused save, nothing written).
pub(crate) fn page(ctx: &Ctx<'_>, error: Option<(u16, String)>) -> Resp {
    let path = match file_param(ctx, "f") {
        Ok(p) => p,
        Err(r) => return r,
    };
    let loaded = match store::load(&ctx.app.root, &path) {
        Ok(l) => l,
        Err(e) => return store_error(ctx, &e),
    };
    let rel = relative(&ctx.app.root, &path);
    let (grid, a) = (&loaded.grid, &loaded.assessment);
    let l = ctx.lang.lang();
    let fb = grid.default_lang().clone();
    let criteria = todo(grid, a);
    let one = ctx
        .req
        .q("c")
        .and_then(|c| criteria.iter().find(|k| k.id.as_str() == c).copied());
    let locked = editable(&ctx.app.root, &path).err();
    let in_dossier = dossier_of(&ctx.app.root, &path);
    let done = criteria
        .iter()
        .filter(|c| {
            a.rating(c.id.as_str())
                .is_some_and(|r| !matches!(r.value, RatingValue::NotAssessed))
        })
        .count();
    let shown: Vec<&Criterion> = match one {
        Some(c) => vec![c],
        None => criteria.clone(),
    };
    let saved = ctx.req.q("saved");
    let mut action_pairs = vec![("f", rel.as_str())];
    if let Some(c) = one {
        action_pairs.push(("c", c.id.as_str()));
    }
    let action = ctx.href("/fill", &action_pairs);
    let index = one.and_then(|c| criteria.iter().position(|k| k.id == c.id));
    let status = error.as_ref().map_or(200, |(s, _)| *s);
    let body = html! {
        p.lead {
            (a.process.name) " — " (vocab(ctx.lang, a.phase.as_str())) " — "
            (if a.assessor.name.is_empty() { vocab(ctx.lang, a.assessor.role.as_str()) } else { format!("{} ({})", a.assessor.name, vocab(ctx.lang, a.assessor.role.as_str())) })
        }
        p #progress {
            (ctx.t("Critères renseignés :", "Criteria answered:")) " " (done) "/" (criteria.len())
            " (" (percent(ctx.lang, if criteria.is_empty() { 1.0 } else { done as f64 / criteria.len() as f64 })) ")"
            " · " a href=(ctx.href("/report", &[("f", &rel)])) { (ctx.t("Voir le rapport", "See the report")) }
            " · " a href=(ctx.href("/grid", &[("f", &rel)])) { (ctx.t("Voir la grille", "See the grid")) }
            @if let Some((dir, _)) = &in_dossier {
                " · " a href=(ctx.href("/dossier", &[("d", &dossier_rel(&ctx.app.root, dir))])) { (ctx.t("Retour au dossier", "Back to the dossier")) }
            }
        }
        @if let Some((_, e)) = &error {
            div.error #error role="alert" tabindex="-1" {
                strong { (ctx.t("Non enregistré :", "Not saved:")) } " " pre { (e) }
            }
        }
        @if let Some(c) = saved {
            p.saved role="status" { (ctx.t("Enregistré", "Saved")) " (" (c) "). " (ctx.t("Le fichier", "The file")) " " code { (rel) } " " (ctx.t("est à jour.", "is up to date.")) }
        }
        p.status #live role="status" aria-live="polite" {}
        @if let Some(st) = locked {
            p.warn role="note" {
                (ctx.t("Lecture seule : dans le dossier d'évaluation, cette évaluation est", "Read only: in the evaluation dossier, this assessment is")) " "
                (st.map_or_else(|| ctx.t("inconnue du journal", "unknown to the trail").to_owned(), |s| crate::words::state(ctx.lang, s).to_owned()))
                "."
            }
        }
        nav.criteria aria-label=(ctx.t("Critères", "Criteria")) {
            details open[one.is_none()] {
                summary { (ctx.t("Tous les critères", "All criteria")) }
                ol {
                    @for c in &criteria {
                        li {
                            a href=(ctx.href("/fill", &[("f", &rel), ("c", c.id.as_str())])) aria-current=[one.is_some_and(|o| o.id == c.id).then_some("page")] {
                                (c.label.get(&l, &fb))
                            }
                            " " span.muted { (mark(ctx, a.rating(c.id.as_str()))) }
                        }
                    }
                }
                @if one.is_some() {
                    p { a href=(ctx.href("/fill", &[("f", &rel)])) { (ctx.t("Toute la grille sur une page", "The whole grid on one page")) } }
                }
            }
        }
        form.fill method="post" action=(action) {
            (ctx.csrf())
            @if one.is_none() && in_dossier.is_none() {
                fieldset.about {
                    legend { (ctx.t("L'évaluation", "The assessment")) }
                    label for="process" { (ctx.t("Démarche évaluée", "Process assessed")) }
                    input #process type="text" name="process" value=(a.process.name) disabled[locked.is_some()];
                    label for="assessor" { (ctx.t("Évaluateur (votre nom)", "Assessor (your name)")) }
                    input #assessor type="text" name="assessor" value=(a.assessor.name) disabled[locked.is_some()];
                }
            }
            @for c in &shown {
                (criterion(ctx, grid, c, a.rating(c.id.as_str()), locked.is_some()))
            }
            @if locked.is_none() {
                p.actions {
                    button type="submit" name="go" value="stay" { (ctx.t("Enregistrer", "Save")) }
                    @if let Some(i) = index {
                        @if i + 1 < criteria.len() {
                            " " button type="submit" name="go" value=(criteria[i + 1].id.as_str()) { (ctx.t("Enregistrer et critère suivant", "Save and next criterion")) }
                        }
                    }
                }
            }
        }
        @if let Some(i) = index {
            nav.pager aria-label=(ctx.t("Critère précédent ou suivant", "Previous or next criterion")) {
                @if i > 0 { a rel="prev" href=(ctx.href("/fill", &[("f", &rel), ("c", criteria[i - 1].id.as_str())])) { "← " (ctx.t("Précédent", "Previous")) } }
                " "
                @if i + 1 < criteria.len() { a rel="next" href=(ctx.href("/fill", &[("f", &rel), ("c", criteria[i + 1].id.as_str())])) { (ctx.t("Suivant", "Next")) " →" } }
            }
        }
    };
    ctx.page(
        status,
        &format!(
            "{} — {}",
            ctx.t("Remplir", "Fill in"),
            grid.title().get(&l, &fb)
        ),
        body,
    )
}

/// A short mark of a rating's state for the list of criteria.
fn mark(ctx: &Ctx<'_>, r: Option<&Rating>) -> &'static str {
    match r.map(|r| &r.value) {
        Some(RatingValue::Rated(_)) => ctx.t("✓ renseigné", "✓ answered"),
        Some(RatingValue::NotApplicable { .. }) => ctx.t("sans objet", "not applicable"),
        _ => ctx.t("non évalué", "not assessed"),
    }
}

/// The fields of one criterion.
fn criterion(
    ctx: &Ctx<'_>,
    grid: &Grid,
    c: &Criterion,
    r: Option<&Rating>,
    disabled: bool,
) -> Markup {
    let l = ctx.lang.lang();
    let fb = grid.default_lang().clone();
    let id = c.id.as_str();
    let scale = grid.scale_of(c);
    let value = r.map(|r| &r.value);
    let choice = |v: &str| -> bool {
        match (value, v) {
            (None | Some(RatingValue::NotAssessed), "-") => true,
            (Some(RatingValue::NotApplicable { .. }), "na") => true,
            (Some(RatingValue::Rated(Value::Level(lv))), v) => lv.as_str() == v,
            (Some(RatingValue::Rated(Value::Bool(b))), v) => {
                (v == "yes" && *b) || (v == "no" && !*b)
            }
            (Some(RatingValue::Rated(Value::Number(_))), "num") => true,
            _ => false,
        }
    };
    let number = match value {
        Some(RatingValue::Rated(Value::Number(x))) => repere_core::fmt_number(*x),
        _ => String::new(),
    };
    let reason = match value {
        Some(RatingValue::NotApplicable { reason }) => reason.clone(),
        _ => String::new(),
    };
    let evidence: String = r
        .map(|r| {
            r.evidence
                .iter()
                .map(|e| e.reference.clone())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let conf = r
        .and_then(|r| r.confidence)
        .map(|c| c.as_str())
        .unwrap_or("");
    html! {
        fieldset.criterion id=(format!("c-{id}")) disabled[disabled] {
            input type="hidden" name="k" value=(id);
            legend { (c.label.get(&l, &fb)) }
            @if !c.description.is_empty() { p.desc { (c.description.get(&l, &fb)) } }
            @if !c.questions.is_empty() {
                ul.questions { @for q in &c.questions { li { (q.get(&l, &fb)) } } }
            }
            @if let Some(m) = &c.measure {
                p.desc { strong { (ctx.t("Mesure :", "Measure:")) } " " (m.description.get(&l, &fb))
                    " [" (m.backing.effective_provenance(c.provenance).tag()) "]" }
            }
            div.choices role="radiogroup" aria-label=(ctx.t("Niveau", "Level")) {
                @match &scale.kind {
                    ScaleKind::Ordinal(levels) => {
                        @for lv in levels {
                            @let fid = format!("v-{id}-{}", lv.id);
                            div.choice {
                                input type="radio" id=(fid) name=(format!("v.{id}")) value=(lv.id.as_str()) checked[choice(lv.id.as_str())];
                                label for=(fid) {
                                    strong { (lv.value) " — " (lv.label.get(&l, &fb)) }
                                    @let d = c.rubric_for(&lv.id).unwrap_or(&lv.descriptor).get(&l, &fb);
                                    @if !d.is_empty() {
                                        br; span.desc { (d)
                                            // The descriptor's tag where it differs from the criterion's.
                                            @if let Some((_, _, p)) = grid.descriptor_of(c, &lv.id) {
                                                @if p != c.provenance { " [" (p.tag()) "]" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    ScaleKind::Boolean { yes, no } => {
                        div.choice {
                            input type="radio" id=(format!("v-{id}-yes")) name=(format!("v.{id}")) value="yes" checked[choice("yes")];
                            label for=(format!("v-{id}-yes")) { strong { (ctx.t("Oui", "Yes")) } " — " (yes.get(&l, &fb)) }
                        }
                        div.choice {
                            input type="radio" id=(format!("v-{id}-no")) name=(format!("v.{id}")) value="no" checked[choice("no")];
                            label for=(format!("v-{id}-no")) { strong { (ctx.t("Non", "No")) } " — " (no.get(&l, &fb)) }
                        }
                    }
                    ScaleKind::Range { min, max, unit } => {
                        div.choice {
                            input type="radio" id=(format!("v-{id}-num")) name=(format!("v.{id}")) value="num" checked[choice("num")];
                            label for=(format!("v-{id}-num")) { (ctx.t("Une valeur", "A value")) " (" (repere_core::fmt_number(*min)) " – " (repere_core::fmt_number(*max)) " " (unit.as_deref().unwrap_or_default()) ")" }
                            " "
                            input type="text" inputmode="decimal" name=(format!("n.{id}")) value=(number) aria-label=(ctx.t("Valeur", "Value"));
                        }
                    }
                    ScaleKind::Percentage => {
                        div.choice {
                            input type="radio" id=(format!("v-{id}-num")) name=(format!("v.{id}")) value="num" checked[choice("num")];
                            label for=(format!("v-{id}-num")) { (ctx.t("Un pourcentage (0 – 100)", "A percentage (0 – 100)")) }
                            " "
                            input type="text" inputmode="decimal" name=(format!("n.{id}")) value=(number) aria-label=(ctx.t("Pourcentage", "Percentage"));
                        }
                    }
                }
                div.choice.na {
                    input type="radio" id=(format!("v-{id}-na")) name=(format!("v.{id}")) value="na" checked[choice("na")];
                    label for=(format!("v-{id}-na")) { (ctx.t("Sans objet (ne s'applique pas à cette démarche)", "Not applicable (does not apply to this process)")) }
                    br;
                    label for=(format!("r-{id}")) { (ctx.t("Raison (obligatoire si sans objet) :", "Reason (required when not applicable):")) }
                    input type="text" id=(format!("r-{id}")) name=(format!("r.{id}")) value=(reason);
                }
                div.choice {
                    input type="radio" id=(format!("v-{id}--")) name=(format!("v.{id}")) value="-" checked[choice("-")];
                    label for=(format!("v-{id}--")) { (ctx.t("Non évalué (pas encore, ou pas d'information)", "Not assessed (not yet, or no information)")) }
                }
            }
            label for=(format!("j-{id}")) { (ctx.t("Justification", "Justification")) }
            textarea id=(format!("j-{id}")) name=(format!("j.{id}")) rows="3" { (r.and_then(|r| r.justification.as_deref()).unwrap_or_default()) }
            label for=(format!("e-{id}")) { (ctx.t("Éléments de preuve (un par ligne : document, lien, enquête…)", "Evidence (one per line: a document, a link, a survey…)")) }
            textarea id=(format!("e-{id}")) name=(format!("e.{id}")) rows="2" { (evidence) }
            label for=(format!("conf-{id}")) { (ctx.t("Confiance", "Confidence")) }
            select id=(format!("conf-{id}")) name=(format!("conf.{id}")) {
                option value="" selected[conf.is_empty()] { (ctx.t("— non précisée —", "— not given —")) }
                @for c in Confidence::ALL {
                    option value=(c.as_str()) selected[conf == c.as_str()] { (vocab(ctx.lang, c.as_str())) }
                }
            }
        }
    }
}

/// Reads a number as people type it: a decimal comma or point, a trailing `%`.
fn number(s: &str) -> Option<f64> {
    let t = s.trim().trim_end_matches('%').trim().replace(',', ".");
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The rating a form gives one criterion; `Ok(None)`: nothing to keep.
fn rating_from(
    ctx: &Ctx<'_>,
    grid: &Grid,
    c: &Criterion,
    form: &crate::http::Form,
    old: Option<&Rating>,
) -> Result<Option<Rating>, String> {
    let id = c.id.as_str();
    let label = c
        .label
        .get(&ctx.lang.lang(), grid.default_lang())
        .to_owned();
    let field = |k: &str| {
        form.get(&format!("{k}.{id}"))
            .map(str::trim)
            .unwrap_or_default()
    };
    let scale = grid.scale_of(c);
    let value = match field("v") {
        "" | "-" => RatingValue::NotAssessed,
        "na" => {
            let reason = field("r");
            if reason.is_empty() {
                return Err(format!(
                    "{label} : {}",
                    ctx.t(
                        "« sans objet » demande une raison (pourquoi ce critère ne s'applique pas).",
                        "“not applicable” needs a reason (why this criterion does not apply)."
                    )
                ));
            }
            RatingValue::NotApplicable {
                reason: reason.to_owned(),
            }
        }
        "num" => {
            let Some(x) = number(field("n")) else {
                return Err(format!(
                    "{label} : « {} » {}",
                    field("n"),
                    ctx.t("n'est pas un nombre.", "is not a number.")
                ));
            };
            let v = Value::Number(x);
            if scale.normalise(&v).is_err() {
                return Err(format!(
                    "{label} : {} {}",
                    repere_core::fmt_number(x),
                    ctx.t("est hors de l'échelle.", "is outside the scale.")
                ));
            }
            RatingValue::Rated(v)
        }
        "yes" if matches!(scale.kind, ScaleKind::Boolean { .. }) => {
            RatingValue::Rated(Value::Bool(true))
        }
        "no" if matches!(scale.kind, ScaleKind::Boolean { .. }) => {
            RatingValue::Rated(Value::Bool(false))
        }
        level => match scale.level(level) {
            Some((_, lv)) => RatingValue::Rated(Value::Level(lv.id.clone())),
            None => {
                return Err(format!(
                    "{label} : « {level} » {}",
                    ctx.t(
                        "n'est pas un niveau de l'échelle.",
                        "is not a level of the scale."
                    )
                ));
            }
        },
    };
    let justification = Some(field("j").to_owned()).filter(|j| !j.is_empty());
    let evidence: Vec<Evidence> = field("e")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            old.and_then(|o| o.evidence.iter().find(|e| e.reference == line).cloned())
                .unwrap_or_else(|| Evidence {
                    reference: line.to_owned(),
                    ..Evidence::default()
                })
        })
        .collect();
    let confidence = match field("conf") {
        "" => None,
        s => Some(s.parse::<Confidence>().map_err(|_| {
            format!(
                "{label} : « {s} » {}",
                ctx.t("n'est pas un degré de confiance.", "is not a confidence.")
            )
        })?),
    };
    if matches!(value, RatingValue::NotAssessed)
        && justification.is_none()
        && evidence.is_empty()
        && confidence.is_none()
    {
        return Ok(None);
    }
    Ok(Some(Rating {
        criterion: c.id.clone(),
        value,
        justification,
        evidence,
        confidence,
    }))
}

/// Saves a form: the criteria it names, and the process and assessor names when given.
pub(crate) fn post(ctx: &Ctx<'_>) -> Resp {
    let path = match file_param(ctx, "f") {
        Ok(p) => p,
        Err(r) => return r,
    };
    let asynchronous = ctx.req.header("x-repere-async").is_some();
    if let Err(state) = editable(&ctx.app.root, &path) {
        let m = format!(
            "{} {}.",
            ctx.t(
                "Cette évaluation ne peut plus changer : dans le dossier d'évaluation, elle est",
                "This assessment may not change now: in the evaluation dossier it is"
            ),
            state.map_or_else(
                || ctx
                    .t("inconnue du journal", "unknown to the trail")
                    .to_owned(),
                |s| crate::words::state(ctx.lang, s).to_owned()
            )
        );
        return refusal(ctx, asynchronous, 409, m);
    }
    let form = ctx.req.form();
    let mut message = None;
    // In a dossier the process and the author are the evaluation's: not changed here.
    let names = dossier_of(&ctx.app.root, &path).is_none();
    let result = store::save(&ctx.app.root, &path, |a, grid| {
        // A name left empty keeps the one on file (an empty name would not check).
        if let Some(p) = form
            .get("process")
            .map(str::trim)
            .filter(|p| names && !p.is_empty())
        {
            a.process.name = p.to_owned();
        }
        if let Some(n) = form
            .get("assessor")
            .map(str::trim)
            .filter(|n| names && !n.is_empty())
        {
            a.assessor.name = n.to_owned();
        }
        let mut errors = Vec::new();
        for id in form.all("k") {
            let Some((_, c)) = grid.criterion(id) else {
                errors.push(format!(
                    "« {id} » {}",
                    ctx.t(
                        "n'est pas un critère de la grille.",
                        "is not a criterion of the grid."
                    )
                ));
                continue;
            };
            let old = a.rating(id).cloned();
            match rating_from(ctx, grid, c, &form, old.as_ref()) {
                Ok(new) => {
                    a.ratings.retain(|r| r.criterion != c.id);
                    if let Some(r) = new {
                        a.ratings.push(r);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Rejected(errors));
        }
        // The grid's order, as `repere fill` writes them.
        let order: Vec<String> = grid
            .criteria()
            .map(|(_, c)| c.id.as_str().to_owned())
            .collect();
        a.ratings.sort_by_key(|r| {
            order
                .iter()
                .position(|o| o == r.criterion.as_str())
                .unwrap_or(usize::MAX)
        });
        message = Some(form.all("k").len());
        Ok(())
    });
    match result {
        Ok(()) => {
            if asynchronous {
                return Resp::text(200, ctx.t("Enregistré", "Saved").to_owned());
            }
            let rel = relative(&ctx.app.root, &path);
            let mut pairs = vec![("f", rel.as_str())];
            let go = form.get("go").unwrap_or("stay");
            let here = ctx.req.q("c");
            let next = if go == "stay" { here } else { Some(go) };
            if let Some(c) = next {
                pairs.push(("c", c));
            }
            let n = message.unwrap_or(0).to_string();
            let saved_what = here.map_or(n, str::to_owned);
            pairs.push(("saved", &saved_what));
            Resp::see_other(&ctx.href("/fill", &pairs))
        }
        Err(e) => {
            let (status, text) = match &e {
                StoreError::Rejected(list) => (422, list.join("\n")),
                StoreError::Locked(m) => (409, format!("{} ({m})", ctx.t("Quelqu'un d'autre écrit ce fichier : réessayez.", "Someone else is writing this file: try again."))),
                StoreError::TooLarge(n) => (413, format!("{} ({n} > {})", ctx.t("Le fichier dépasserait la taille que Repère relit : raccourcissez les textes.", "The file would be larger than Repère reads back: shorten the texts."), repere_toml::MAX_FILE_BYTES)),
                _ => return store_error(ctx, &e),
            };
            refusal(ctx, asynchronous, status, text)
        }
    }
}

fn refusal(ctx: &Ctx<'_>, asynchronous: bool, status: u16, text: String) -> Resp {
    if asynchronous {
        Resp::text(status, text)
    } else {
        page(ctx, Some((status, text)))
    }
}
