//! An evaluation dossier: its assessments with their state, and the workflow's actions
//! (start, submit, review, publish) as a member whose key is on this machine, with the same
//! rules as the command line (the dossier's lock, the workflow's preview, a signed append).

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use maud::html;
use repere_core::workflow::{
    Action, AssessmentId, Evaluation, Member, Timestamp, Verdict, Who, WorkflowError,
};
use repere_core::{Assessment, Assessor, Grid, GridRef, Phase};
use repere_dossier::{DEFAULT_WAIT, Dossier, DossierError, KeyPair, KeyStore};
use repere_report::{Format, RenderOptions, ReportLang, ScorecardDoc};

use super::folder::{summary, table};
use super::{Ctx, path_refused};
use crate::http::Resp;
use crate::security::{self, relative};
use crate::store;
use crate::words::{state, t, vocab};

/// The dossier named by `d`, inside the folder.
fn dir_param(ctx: &Ctx<'_>) -> Result<PathBuf, Resp> {
    let rel = ctx.req.q("d").unwrap_or(".");
    let full = if rel == "." {
        Ok(ctx.app.root.clone())
    } else {
        security::inside(&ctx.app.root, rel, true)
    };
    full.map_err(|e| path_refused(ctx.lang, &e))
}

fn who(lang: ReportLang, w: &Who) -> String {
    format!("{} ({})", w.name, vocab(lang, w.role.as_str()))
}

/// The members whose private key is in the key store and is the one the evaluation lists.
fn members_here(ctx: &Ctx<'_>, ev: &Evaluation) -> Vec<Member> {
    let Some(dir) = &ctx.app.keys else {
        return Vec::new();
    };
    let store = KeyStore::new(dir);
    ev.members
        .iter()
        .filter(|m| store.load(&m.name).is_ok_and(|k| k.public() == m.key))
        .cloned()
        .collect()
}

/// The dossier's page; `message` is the outcome of an action (status, text).
pub(crate) fn page(ctx: &Ctx<'_>, message: Option<(u16, String)>) -> Resp {
    let dir = match dir_param(ctx) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let st = match Dossier::open(&dir).and_then(|d| d.state()) {
        Ok(s) => s,
        Err(e) => {
            return super::error_page(
                ctx.lang,
                422,
                ctx.t("Dossier illisible", "Cannot read the dossier"),
                &e.to_string(),
            );
        }
    };
    let ev = st.evaluation();
    let wf = st.workflow();
    let d_rel = if dir == ctx.app.root {
        ".".to_owned()
    } else {
        relative(&ctx.app.root, &dir)
    };
    let here = members_here(ctx, ev);
    let rows: Vec<(String, Result<super::folder::Summary, String>)> = wf
        .assessments()
        .iter()
        .map(|a| {
            let p = dir
                .join(repere_dossier::ASSESSMENTS_DIR)
                .join(format!("{}.toml", a.id));
            (relative(&ctx.app.root, &p), summary(ctx, &p))
        })
        .collect();
    // After an action (POST, then redirect here): what was recorded.
    let message = message.or_else(|| {
        let done = ctx.req.q("done")?;
        let what = match done {
            "start" => ctx.t("Évaluation commencée", "Assessment started"),
            "submit" => ctx.t(
                "Évaluation soumise pour relecture",
                "Assessment submitted for review",
            ),
            "approve" => ctx.t("Évaluation approuvée", "Assessment approved"),
            "changes" => ctx.t(
                "Modifications demandées à l'auteur",
                "Changes requested from the author",
            ),
            "publish" => ctx.t("Évaluation publiée", "Assessment published"),
            "correct" => ctx.t(
                "Correction commencée : sa nouvelle version est à modifier, soumettre et publier ; elle remplace alors l'évaluation corrigée",
                "Correction started: edit, submit and publish its new version, which then supersedes the assessment corrected",
            ),
            _ => return None,
        };
        Some((
            200,
            format!(
                "{what} : {}",
                ctx.t(
                    "l'action est inscrite au journal signé du dossier.",
                    "the action is recorded in the dossier's signed trail."
                )
            ),
        ))
    });
    let status = message.as_ref().map_or(200, |(s, _)| *s);
    let action = ctx.href("/dossier", &[("d", &d_rel)]);
    let body = html! {
        p.lead {
            (ctx.t("Grille", "Grid")) " " code { (ev.grid.id.as_str()) } " " (ev.grid.version)
            " · " (ctx.t("profil", "profile")) " " code { (ev.profile.as_str()) }
            " · " (ctx.t("phases :", "phases:")) " " (ev.phases.iter().map(|p| vocab(ctx.lang, p.as_str())).collect::<Vec<_>>().join(", "))
        }
        @if let Some((s, m)) = &message {
            @if *s < 300 {
                p.saved role="status" { (m) }
            } @else {
                div.error role="alert" { strong { (ctx.t("Action refusée :", "Action refused:")) } " " (m) p { (ctx.t("Rien n'a été enregistré.", "Nothing was recorded.")) } }
            }
        }
        h2 { (ctx.t("Évaluations du dossier", "Assessments of the dossier")) }
        @if wf.assessments().is_empty() {
            p { (ctx.t("Aucune évaluation commencée.", "No assessment started yet.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("Évaluation", "Assessment")) }
                    th scope="col" { (ctx.t("Phase", "Phase")) }
                    th scope="col" { (ctx.t("Auteur", "Author")) }
                    th scope="col" { (ctx.t("État", "State")) }
                    th scope="col" { (ctx.t("Version", "Version")) }
                } }
                tbody {
                    @for a in wf.assessments() {
                        tr {
                            td { code { (a.id.as_str()) } }
                            td { (vocab(ctx.lang, a.phase.as_str())) }
                            td { (who(ctx.lang, &a.author)) }
                            td { (state(ctx.lang, a.state)) }
                            td { (a.version) }
                        }
                    }
                }
            }
            form method="get" action="/consolidation" {
                @if ctx.lang != ctx.app.lang { input type="hidden" name="lang" value=(ctx.lang.as_str()); }
                (table(ctx, &rows, true))
                p { button type="submit" { (ctx.t("Consolider les évaluations cochées", "Consolidate the assessments ticked")) } }
            }
            (super::folder::compare_form(ctx, &rows.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>()))
        }
        h2 #actions { (ctx.t("Agir dans le dossier", "Act in the dossier")) }
        @if here.is_empty() {
            p.warn { (ctx.t("Aucune clé de membre sur cette machine : les actions (commencer, soumettre, relire, publier) sont signées par la clé du membre qui agit (« repere key new NOM », rangée sous $REPERE_HOME/keys).", "No member's key on this machine: actions (start, submit, review, publish) are signed with the acting member's key (`repere key new NAME`, kept under $REPERE_HOME/keys).")) }
        } @else {
            form.action method="post" action=(action) {
                (ctx.csrf())
                label for="as" { (ctx.t("Agir en tant que", "Act as")) }
                select #as name="as" { @for m in &here { option value=(m.name) { (m.name) " (" (vocab(ctx.lang, m.role.as_str())) ")" } } }
                label for="act" { (ctx.t("Action", "Action")) }
                select #act name="action" {
                    option value="start" { (ctx.t("Commencer une évaluation", "Start an assessment")) }
                    option value="submit" { (ctx.t("Soumettre pour relecture", "Submit for review")) }
                    option value="approve" { (ctx.t("Relire : approuver", "Review: approve")) }
                    option value="changes" { (ctx.t("Relire : demander des modifications", "Review: request changes")) }
                    option value="publish" { (ctx.t("Publier", "Publish")) }
                    option value="correct" { (ctx.t("Corriger une évaluation publiée", "Correct a published assessment")) }
                }
                label for="id" { (ctx.t("Évaluation concernée", "Assessment concerned")) }
                select #id name="id" {
                    option value="" { (ctx.t("— (pour commencer : aucune) —", "— (to start: none) —")) }
                    @for a in wf.assessments() { option value=(a.id.as_str()) { (a.id.as_str()) " — " (state(ctx.lang, a.state)) } }
                }
                label for="phase" { (ctx.t("Phase (pour commencer)", "Phase (to start)")) }
                select #phase name="phase" { @for p in &ev.phases { option value=(p.as_str()) { (vocab(ctx.lang, p.as_str())) } } }
                label for="comment" { (ctx.t("Commentaire (obligatoire pour demander des modifications ; pour corriger, la raison de la correction)", "Comment (required to request changes; to correct, the reason for the correction)")) }
                textarea #comment name="comment" rows="2" {}
                p { button type="submit" { (ctx.t("Valider l'action", "Take the action")) } }
            }
            h3 { (ctx.t("Ce que chacun peut faire maintenant", "What each member may do now")) }
            ul {
                @for m in &ev.members {
                    li { (m.name) " (" (vocab(ctx.lang, m.role.as_str())) ") : "
                        @let next = wf.what_next(&m.name);
                        @if next.is_empty() { (ctx.t("rien pour l'instant", "nothing now")) }
                        @for (i, n) in next.iter().enumerate() {
                            @if i > 0 { ", " }
                            (action_word(ctx.lang, n.action)) " "
                            (n.assessment.as_ref().map_or_else(|| format!("({})", vocab(ctx.lang, n.phase.as_str())), |a| a.as_str().to_owned()))
                        }
                    }
                }
            }
        }
    };
    ctx.page(status, &ev.process.name.clone(), body)
}

fn action_word(lang: ReportLang, k: repere_core::workflow::ActionKind) -> &'static str {
    use repere_core::workflow::ActionKind as K;
    match k {
        K::Start => t(lang, "commencer", "start"),
        K::Edit => t(lang, "modifier", "edit"),
        K::Submit => t(lang, "soumettre", "submit"),
        K::Review => t(lang, "relire", "review"),
        K::Publish => t(lang, "publier", "publish"),
        K::Correct => t(lang, "corriger", "correct"),
    }
}

/// A workflow refusal in the page's language.
pub(crate) fn refusal_text(lang: ReportLang, e: &WorkflowError) -> String {
    let list = |v: &[Who]| {
        if v.is_empty() {
            t(lang, "personne pour l'instant", "nobody now").to_owned()
        } else {
            v.iter()
                .map(|w| who(lang, w))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    match (lang, e) {
        (ReportLang::Fr, WorkflowError::NotAMember { name, .. }) => {
            format!("« {name} » n'est pas membre de l'évaluation : seuls les membres agissent.")
        }
        (
            ReportLang::Fr,
            WorkflowError::RoleMayNot {
                actor,
                action,
                phase,
                instead,
                ..
            },
        ) => format!(
            "{} ne peut pas {} à la phase {} : ce rôle n'y est pas autorisé. Membres qui le peuvent : {}.",
            who(lang, actor),
            action_word(lang, *action),
            vocab(lang, phase.as_str()),
            list(instead)
        ),
        (
            ReportLang::Fr,
            WorkflowError::NotTheAuthor {
                id,
                action,
                actor,
                author,
            },
        ) => format!(
            "{} ne peut pas {} l'évaluation « {id} » : seul son auteur, {}, la modifie et la soumet.",
            who(lang, actor),
            action_word(lang, *action),
            who(lang, author)
        ),
        (
            ReportLang::Fr,
            WorkflowError::ReviewerIsAuthor {
                id,
                author,
                instead,
            },
        ) => format!(
            "{} ne peut pas relire l'évaluation « {id} » : l'auteur n'approuve jamais sa propre évaluation. Membres qui peuvent la relire : {}.",
            who(lang, author),
            list(instead)
        ),
        (
            ReportLang::Fr,
            WorkflowError::IndependenceRule {
                id,
                author,
                actor,
                instead,
                ..
            },
        ) => format!(
            "{} ne peut pas agir sur l'évaluation « {id} » : elle a été faite par {}, un rôle indépendant, et un rôle d'auto-évaluation ne l'approuve, ne la renvoie ni ne la corrige. Membres qui le peuvent : {}.",
            who(lang, actor),
            who(lang, author),
            list(instead)
        ),
        (
            ReportLang::Fr,
            WorkflowError::NotApproved {
                id,
                state: s,
                reviewers,
            },
        ) => format!(
            "L'évaluation « {id} » est {} et non approuvée : rien n'est publié sans approbation. Membres qui peuvent la relire : {}.",
            state(lang, *s),
            list(reviewers)
        ),
        (ReportLang::Fr, WorkflowError::Frozen { id, state: s, .. }) => format!(
            "L'évaluation « {id} » est {} et figée : elle ne change que par une correction.",
            state(lang, *s)
        ),
        (
            ReportLang::Fr,
            WorkflowError::WrongState {
                id, action, found, ..
            },
        ) => format!(
            "L'évaluation « {id} » est {} : on ne peut pas la {} maintenant.",
            state(lang, *found),
            action_word(lang, *action)
        ),
        (ReportLang::Fr, WorkflowError::NoReason { id }) => format!(
            "Corriger l'évaluation « {id} » demande une raison : dites-la dans le commentaire."
        ),
        (ReportLang::Fr, WorkflowError::CorrectionPending { id, correction }) => format!(
            "L'évaluation « {id} » a déjà une correction en cours, « {correction} » : terminez-la d'abord."
        ),
        (ReportLang::Fr, WorkflowError::NoComment { id }) => format!(
            "Demander des modifications à l'évaluation « {id} » demande un commentaire qui dit lesquelles."
        ),
        (ReportLang::Fr, WorkflowError::PhaseNotPlanned { phase, .. }) => format!(
            "La phase {} n'est pas prévue dans cette évaluation.",
            vocab(lang, phase.as_str())
        ),
        (ReportLang::Fr, WorkflowError::UnknownAssessment { id, .. }) => {
            format!("Il n'y a pas d'évaluation « {id} » dans ce dossier.")
        }
        (ReportLang::Fr, WorkflowError::ContentChanged { id, .. }) => format!(
            "Le contenu de l'évaluation « {id} » a changé depuis sa soumission : la relecture porte sur le contenu soumis."
        ),
        (ReportLang::Fr, other) => format!("refusé par les règles de l'évaluation ({other})"),
        (_, other) => other.to_string(),
    }
}

fn now() -> Timestamp {
    Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
    )
}

/// The outcome of an action: `Ok` with what was done, `Err` with a refusal (status, text).
type Outcome = Result<String, (u16, String)>;

fn dossier_error(lang: ReportLang, e: DossierError) -> (u16, String) {
    match e {
        DossierError::Refused(w) => (403, refusal_text(lang, &w)),
        other => (409, other.to_string()),
    }
}

/// The evaluation's grid: built in, or a grid file of the folder with its id and version
/// (and its content hash when the evaluation recorded one).
fn dossier_grid(ctx: &Ctx<'_>, dir: &Path, ev: &Evaluation) -> Result<Grid, (u16, String)> {
    let g = store::grid(
        &ctx.app.root,
        &dir.join(repere_dossier::EVALUATION_FILE),
        ev.grid.id.as_str(),
        &ev.grid.version,
    )
    .ok_or_else(|| {
        (
            422,
            format!(
                "{} {} {}",
                ctx.t("grille introuvable :", "grid not found:"),
                ev.grid.id,
                ev.grid.version
            ),
        )
    })?;
    if let Some(h) = &ev.grid.hash
        && h != g.content_hash()
    {
        return Err((
            422,
            ctx.t(
                "la grille trouvée n'est pas celle de l'évaluation (empreinte différente)",
                "the grid found is not the evaluation's (different hash)",
            )
            .to_owned(),
        ));
    }
    Ok(g)
}

pub(crate) fn post(ctx: &Ctx<'_>) -> Resp {
    let dir = match dir_param(ctx) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let form = ctx.req.form();
    let outcome = act(ctx, &dir, &form);
    match outcome {
        Ok(_) => {
            let d_rel = if dir == ctx.app.root {
                ".".to_owned()
            } else {
                relative(&ctx.app.root, &dir)
            };
            Resp::see_other(&format!(
                "{}#actions",
                ctx.href(
                    "/dossier",
                    &[
                        ("d", &d_rel),
                        ("done", form.get("action").unwrap_or_default())
                    ]
                )
            ))
        }
        Err(refusal) => page(ctx, Some(refusal)),
    }
}

fn act(ctx: &Ctx<'_>, dir: &Path, form: &crate::http::Form) -> Outcome {
    let lang = ctx.lang;
    let actor = form.get("as").unwrap_or_default();
    let dossier = Dossier::open(dir).map_err(|e| dossier_error(lang, e))?;
    let locked = dossier
        .lock("repere serve", DEFAULT_WAIT)
        .map_err(|e| dossier_error(lang, e))?;
    let state = locked.state().map_err(|e| dossier_error(lang, e))?;
    let ev = state.evaluation().clone();
    let Some(member) = ev.member(actor).cloned() else {
        return Err((
            403,
            refusal_text(
                lang,
                &WorkflowError::NotAMember {
                    name: actor.to_owned(),
                    members: Vec::new(),
                    suggestion: None,
                },
            ),
        ));
    };
    let key: KeyPair = ctx
        .app
        .keys
        .as_ref()
        .and_then(|d| KeyStore::new(d).load(actor).ok())
        .filter(|k| k.public() == member.key)
        .ok_or_else(|| (403, format!("{} « {actor} » {}", ctx.t("La clé privée de", "The private key of"), ctx.t("n'est pas sur cette machine : seul ce membre, avec sa clé, agit en son nom.", "is not on this machine: only that member, with their key, acts as them."))))?;
    let at = now();
    let id = || -> Result<AssessmentId, (u16, String)> {
        form.get("id")
            .and_then(|s| s.parse::<AssessmentId>().ok())
            .ok_or_else(|| {
                (
                    400,
                    ctx.t(
                        "Choisissez l'évaluation concernée.",
                        "Choose the assessment concerned.",
                    )
                    .to_owned(),
                )
            })
    };
    // The hash of the file, then the workflow's verdict on the action with it; when the
    // file cannot be read, the workflow's refusal (if any) comes first.
    let hashed =
        |id: &AssessmentId, make: &dyn Fn(String) -> Action| -> Result<String, (u16, String)> {
            match dossier.content_hash(id) {
                Ok(h) => {
                    state
                        .workflow()
                        .preview(actor, make(h.clone()), at)
                        .map_err(|e| (403, refusal_text(lang, &e)))?;
                    Ok(h)
                }
                Err(e) => {
                    state
                        .workflow()
                        .preview(actor, make("-".to_owned()), at)
                        .map_err(|w| (403, refusal_text(lang, &w)))?;
                    Err(dossier_error(lang, e))
                }
            }
        };
    let preview = |a: Action| {
        state
            .workflow()
            .preview(actor, a, at)
            .map(|_| ())
            .map_err(|e| (403, refusal_text(lang, &e)))
    };
    match form.get("action").unwrap_or_default() {
        "start" => {
            let phase: Phase = form
                .get("phase")
                .and_then(|p| p.parse().ok())
                .ok_or_else(|| {
                    (
                        400,
                        ctx.t("Choisissez une phase.", "Choose a phase.").to_owned(),
                    )
                })?;
            let event = state
                .workflow()
                .preview(actor, Action::Start { phase, id: None }, at)
                .map_err(|e| (403, refusal_text(lang, &e)))?;
            let Action::Start { id: Some(new), .. } = event.entry.action else {
                return Err((500, "the workflow gave no id".to_owned()));
            };
            let grid = dossier_grid(ctx, dir, &ev)?;
            let a = Assessment::new(
                GridRef::to(&grid),
                ev.process.clone(),
                phase,
                Assessor {
                    name: member.name.clone(),
                    role: member.role,
                    organisation: None,
                },
            );
            let path = dossier.assessment_path(&new);
            repere_fs::write(
                &path,
                repere_toml::assessment_to_toml(&a).as_bytes(),
                repere_fs::Overwrite::Never,
            )
            .map_err(|e| (409, e.to_string()))?;
            if let Err(e) = locked.append(
                actor,
                &key,
                Action::Start {
                    phase,
                    id: Some(new.clone()),
                },
                at,
            ) {
                let _ = std::fs::remove_file(&path);
                return Err(dossier_error(lang, e));
            }
            Ok(new.as_str().to_owned())
        }
        "submit" => {
            let id = id()?;
            let h = hashed(&id, &|h| Action::Submit {
                id: id.clone(),
                content_hash: h,
            })?;
            // What is submitted must check, as `repere submit` requires.
            let grid = dossier_grid(ctx, dir, &ev)?;
            let path = dossier.assessment_path(&id);
            let text = store::read_text(&path).map_err(|e| (409, e))?;
            repere_toml::load_assessment(&path.display().to_string(), &text, &grid).map_err(
                |e| {
                    (
                        422,
                        format!(
                            "{}\n{}",
                            ctx.t(
                                "L'évaluation ne passe pas la vérification :",
                                "The assessment does not check:"
                            ),
                            e.render(false)
                        ),
                    )
                },
            )?;
            locked
                .append(
                    actor,
                    &key,
                    Action::Submit {
                        id: id.clone(),
                        content_hash: h,
                    },
                    at,
                )
                .map_err(|e| dossier_error(lang, e))?;
            Ok(id.as_str().to_owned())
        }
        v @ ("approve" | "changes") => {
            let id = id()?;
            let verdict = if v == "approve" {
                Verdict::Approve
            } else {
                Verdict::RequestChanges
            };
            let comment = form
                .get("comment")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned);
            let h = hashed(&id, &|h| Action::Review {
                id: id.clone(),
                verdict,
                comment: comment.clone(),
                content_hash: h,
            })?;
            locked
                .append(
                    actor,
                    &key,
                    Action::Review {
                        id: id.clone(),
                        verdict,
                        comment,
                        content_hash: h,
                    },
                    at,
                )
                .map_err(|e| dossier_error(lang, e))?;
            Ok(id.as_str().to_owned())
        }
        "publish" => {
            let id = id()?;
            preview(Action::Publish { id: id.clone() })?;
            let grid = dossier_grid(ctx, dir, &ev)?;
            let path = dossier.assessment_path(&id);
            let text = store::read_text(&path).map_err(|e| (409, e))?;
            let a = repere_toml::load_assessment(&path.display().to_string(), &text, &grid)
                .map_err(|e| (422, e.render(false)))?;
            let profile = match ev.profile.as_str() {
                "default" => grid
                    .profile("default")
                    .cloned()
                    .unwrap_or_else(|| grid.default_profile()),
                p => grid
                    .profile(p)
                    .cloned()
                    .ok_or_else(|| (422, format!("profile {p}")))?,
            };
            let card =
                repere_core::score(&grid, Some(&profile), &a).map_err(|e| (422, e.to_string()))?;
            let doc = ScorecardDoc::new(&grid, &profile, &a, &card, lang)
                .map_err(|e| (500, e.to_string()))?;
            let mut files = Vec::new();
            for format in [Format::Html, Format::Markdown, Format::Json] {
                let text = repere_report::render(&doc, format, RenderOptions::default())
                    .map_err(|e| (500, e.to_string()))?;
                files.push((
                    format!("scorecard.{}", format.extension()),
                    text.into_bytes(),
                ));
            }
            locked
                .publish(actor, &key, &id, at, &files)
                .map_err(|e| dossier_error(lang, e))?;
            Ok(id.as_str().to_owned())
        }
        "correct" => {
            let id = id()?;
            let reason = form.get("comment").map(str::trim).unwrap_or_default();
            // The workflow refuses an empty reason (after the member's rights).
            let event = state
                .workflow()
                .preview(
                    actor,
                    Action::Correct {
                        id: id.clone(),
                        reason: reason.to_owned(),
                        new_id: None,
                    },
                    at,
                )
                .map_err(|e| (403, refusal_text(lang, &e)))?;
            let action = event.entry.action;
            let Action::Correct {
                new_id: Some(new), ..
            } = &action
            else {
                return Err((500, "the workflow gave no id".to_owned()));
            };
            let new = new.clone();
            // The new version starts as a copy of the published file, by the member
            // correcting, as `repere correct` does.
            let bytes = repere_fs::read(
                &repere_fs::Input::Path(dossier.assessment_path(&id)),
                repere_dossier::FILE_LIMIT,
            )
            .map_err(|e| (409, e.to_string()))?;
            let path = dossier.assessment_path(&new);
            repere_fs::write(&path, &bytes, repere_fs::Overwrite::Never)
                .map_err(|e| (409, e.to_string()))?;
            if let Err(e) = locked.append(actor, &key, action, at) {
                let _ = std::fs::remove_file(&path);
                return Err(dossier_error(lang, e));
            }
            Ok(new.as_str().to_owned())
        }
        _ => Err((400, ctx.t("Action inconnue.", "Unknown action.").to_owned())),
    }
}
