//! The pages: the gate every request passes, the routes, the layout and error pages.

mod dossier;
mod fill;
mod folder;
mod grid;
mod report;

use maud::{DOCTYPE, Markup, html};
use repere_report::ReportLang;

use crate::App;
use crate::http::{Method, Req, Resp};
use crate::security::{self, PathRefusal, Refusal};
use crate::words::t;

/// What a page knows of its request.
pub(crate) struct Ctx<'a> {
    pub(crate) app: &'a App,
    pub(crate) req: &'a Req,
    pub(crate) lang: ReportLang,
}

impl Ctx<'_> {
    /// A link to a path of the app with query pairs, keeping the language.
    pub(crate) fn href(&self, path: &str, pairs: &[(&str, &str)]) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
        if self.lang != self.app.lang {
            q.append_pair("lang", self.lang.as_str());
        }
        let q = q.finish();
        if q.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{q}")
        }
    }

    /// This page in the other language.
    fn other_lang(&self) -> (String, ReportLang) {
        let other = if self.lang == ReportLang::Fr {
            ReportLang::En
        } else {
            ReportLang::Fr
        };
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.req.query {
            if k != "lang" && k != "saved" {
                q.append_pair(k, v);
            }
        }
        q.append_pair("lang", other.as_str());
        (format!("{}?{}", self.req.path, q.finish()), other)
    }

    pub(crate) fn t(&self, fr: &'static str, en: &'static str) -> &'static str {
        t(self.lang, fr, en)
    }

    /// The hidden CSRF field of a form.
    pub(crate) fn csrf(&self) -> Markup {
        html! { input type="hidden" name="csrf" value=(self.app.secrets.csrf()); }
    }

    /// A page of the app.
    pub(crate) fn page(&self, status: u16, title: &str, body: Markup) -> Resp {
        let (other, other_lang) = self.other_lang();
        let markup = html! {
            (DOCTYPE)
            html lang=(self.lang.as_str()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " — Repère" }
                    link rel="stylesheet" href="/app.css";
                }
                body {
                    a.skip href="#main" { (self.t("Aller au contenu", "Skip to content")) }
                    header.top {
                        nav aria-label=(self.t("Navigation", "Navigation")) {
                            a.home href=(self.href("/", &[])) { "Repère" }
                            " "
                            a.lang href=(other) lang=(other_lang.as_str()) hreflang=(other_lang.as_str()) {
                                (t(other_lang, "Français", "English"))
                            }
                        }
                    }
                    main #main {
                        h1 { (title) }
                        (body)
                    }
                    script src="/app.js" {}
                }
            }
        };
        Resp::html(status, markup.into_string())
    }
}

/// An error page: what was refused, why, and what to do.
pub(crate) fn error_page(lang: ReportLang, status: u16, title: &str, detail: &str) -> Resp {
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.as_str()) {
            head {
                meta charset="utf-8";
                title { (title) " — Repère" }
                link rel="stylesheet" href="/app.css";
            }
            body {
                main #main role="alert" {
                    h1 { (title) }
                    p { (detail) }
                    p.status { (t(lang, "Code", "Code")) " " (status) ". " (t(lang, "Rien n'a été enregistré.", "Nothing was saved.")) }
                }
            }
        }
    };
    Resp::html(status, markup.into_string())
}

/// The answer to a body over the limit.
pub(crate) fn too_large(lang: ReportLang) -> Resp {
    error_page(
        lang,
        413,
        t(lang, "Requête trop volumineuse", "Request too large"),
        t(
            lang,
            "La requête dépasse la taille que Repère accepte (2 Mio). Raccourcissez les textes saisis.",
            "The request is larger than Repère accepts (2 MiB). Shorten the texts entered.",
        ),
    )
}

/// The refusal of a path.
pub(crate) fn path_refused(lang: ReportLang, why: &PathRefusal) -> Resp {
    let (status, detail) = match why {
        PathRefusal::NotRelative => (
            400,
            t(
                lang,
                "Ce chemin n'est pas un nom de fichier du dossier servi (chemin absolu ou « .. »).",
                "This path is not the name of a file of the folder served (absolute, or with `..`).",
            ),
        ),
        PathRefusal::Hidden => (
            403,
            t(
                lang,
                "Ce fichier n'est pas ouvert par Repère : seuls les fichiers TOML visibles du dossier le sont (jamais les fichiers cachés, comme les clés).",
                "Repère does not open this file: only the folder's visible TOML files (never hidden files, such as keys).",
            ),
        ),
        PathRefusal::NotFound => (
            404,
            t(lang, "Ce fichier n'existe pas.", "There is no such file."),
        ),
        PathRefusal::Outside => (
            403,
            t(
                lang,
                "Ce chemin mène hors du dossier servi (par un lien symbolique) : seuls les fichiers du dossier sont accessibles.",
                "This path leads out of the folder served (through a symbolic link): only the folder's files are reachable.",
            ),
        ),
        PathRefusal::WrongKind => (
            400,
            t(
                lang,
                "Ce chemin ne désigne pas un fichier (ou un dossier d'évaluation) attendu ici.",
                "This path does not name the kind of file (or dossier) expected here.",
            ),
        ),
    };
    error_page(
        lang,
        status,
        t(lang, "Chemin refusé", "Path refused"),
        detail,
    )
}

const CSS: &str = include_str!("app.css");
const JS: &str = include_str!("app.js");

/// Answers one request: the gate (host, token, origin and CSRF of changes), then the route.
pub(crate) fn handle(app: &App, req: &Req) -> Resp {
    let lang = req
        .q("lang")
        .and_then(|l| l.parse::<ReportLang>().ok())
        .unwrap_or(app.lang);
    if !security::host_ok(req, app.addr) {
        return error_page(
            lang,
            421,
            t(lang, "Adresse refusée", "Address refused"),
            t(
                lang,
                "Cette page a été demandée sous un autre nom que l'adresse de Repère (en-tête Host). Ouvrez l'adresse qu'affiche « repere serve ».",
                "This page was asked for under another name than Repère's address (Host header). Open the address `repere serve` prints.",
            ),
        );
    }
    let cookie = security::cookie_name(app.addr);
    if let Some(token) = req.q("token") {
        if !app.secrets.is_token(token) {
            return denied(lang);
        }
        // Into a cookie, and out of the address bar.
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in req.query.iter().filter(|(k, _)| k != "token") {
            q.append_pair(k, v);
        }
        let q = q.finish();
        let to = if q.is_empty() {
            req.path.clone()
        } else {
            format!("{}?{q}", req.path)
        };
        let mut r = Resp::see_other(&to);
        r.headers.push((
            axum::http::header::SET_COOKIE,
            format!(
                "{cookie}={}; Path=/; HttpOnly; SameSite=Strict",
                app.secrets.token()
            ),
        ));
        return r;
    }
    if !req.cookie(&cookie).is_some_and(|c| app.secrets.is_token(c)) {
        return denied(lang);
    }
    let ctx = Ctx { app, req, lang };
    match req.method {
        Method::Get => get(&ctx),
        Method::Post => {
            if let Err(why) = security::change_ok(req, &app.secrets) {
                return change_refused(lang, why);
            }
            post(&ctx)
        }
        Method::Other => error_page(
            lang,
            405,
            t(lang, "Méthode refusée", "Method refused"),
            t(
                lang,
                "Repère ne répond qu'aux requêtes GET et POST de ses propres pages.",
                "Repère answers only GET and POST requests from its own pages.",
            ),
        ),
    }
}

fn denied(lang: ReportLang) -> Resp {
    error_page(
        lang,
        403,
        t(lang, "Accès refusé", "Access refused"),
        t(
            lang,
            "Il manque le jeton d'accès, ou il n'est pas le bon. Ouvrez l'adresse complète qu'affiche « repere serve » au démarrage (elle contient « ?token=… »).",
            "The access token is missing or wrong. Open the whole address `repere serve` prints when it starts (it holds `?token=…`).",
        ),
    )
}

fn change_refused(lang: ReportLang, why: Refusal) -> Resp {
    let detail = match why {
        Refusal::CrossOrigin | Refusal::CrossSite => t(
            lang,
            "Cette modification vient d'un autre site que Repère : elle est refusée.",
            "This change comes from another site than Repère: it is refused.",
        ),
        Refusal::Csrf => t(
            lang,
            "Le jeton du formulaire manque ou n'est pas le bon (page d'une session précédente ?). Rechargez la page et recommencez.",
            "The form's token is missing or wrong (a page from an earlier session?). Reload the page and try again.",
        ),
        Refusal::NotAForm => t(
            lang,
            "Cette requête n'est pas un formulaire de Repère.",
            "This request is not a Repère form.",
        ),
    };
    error_page(
        lang,
        403,
        t(lang, "Modification refusée", "Change refused"),
        detail,
    )
}

fn not_found(lang: ReportLang) -> Resp {
    error_page(
        lang,
        404,
        t(lang, "Page introuvable", "Page not found"),
        t(
            lang,
            "Repère n'a pas de page à cette adresse.",
            "Repère has no page at this address.",
        ),
    )
}

fn get(ctx: &Ctx<'_>) -> Resp {
    match ctx.req.path.as_str() {
        "/" => folder::page(ctx),
        "/app.css" => Resp::asset("text/css; charset=utf-8", CSS),
        "/app.js" => Resp::asset("text/javascript; charset=utf-8", JS),
        "/grid" => grid::page(ctx),
        "/fill" => fill::page(ctx, None),
        "/report" => report::scorecard(ctx),
        "/consolidation" => report::consolidation(ctx),
        "/compare" => report::compare(ctx),
        "/dossier" => dossier::page(ctx, None),
        _ => not_found(ctx.lang),
    }
}

fn post(ctx: &Ctx<'_>) -> Resp {
    match ctx.req.path.as_str() {
        "/fill" => fill::post(ctx),
        "/dossier" => dossier::post(ctx),
        _ => not_found(ctx.lang),
    }
}

/// A file named by a query parameter, inside the folder.
pub(crate) fn file_param(ctx: &Ctx<'_>, name: &str) -> Result<std::path::PathBuf, Resp> {
    let rel = ctx.req.q(name).unwrap_or_default();
    security::inside(&ctx.app.root, rel, false).map_err(|e| path_refused(ctx.lang, &e))
}

/// The page for an assessment that cannot be opened.
pub(crate) fn store_error(ctx: &Ctx<'_>, e: &crate::store::StoreError) -> Resp {
    use crate::store::StoreError as E;
    let (status, title, detail) = match e {
        E::Read(m) => (500, ctx.t("Lecture impossible", "Cannot read"), m.clone()),
        E::Invalid(m) => (
            422,
            ctx.t("Fichier non valide", "Invalid file"),
            format!(
                "{}\n\n{m}",
                ctx.t(
                    "Le fichier ne se lit pas comme une évaluation ; corrigez-le (« repere check » le situe) :",
                    "The file does not read as an assessment; fix it (`repere check` locates the problems):"
                )
            ),
        ),
        E::NoGrid { id, version } => (
            422,
            ctx.t("Grille introuvable", "Grid not found"),
            format!(
                "{} `{id}` {version}. {}",
                ctx.t("L'évaluation porte sur la grille", "The assessment is on grid"),
                ctx.t(
                    "Elle n'est ni intégrée à Repère ni dans le dossier servi : placez son fichier dans le dossier.",
                    "It is neither built into Repère nor in the folder served: put its file in the folder."
                )
            ),
        ),
        E::Locked(m) => (
            409,
            ctx.t("Fichier en cours d'écriture", "File being written"),
            format!(
                "{} ({m})",
                ctx.t(
                    "Quelqu'un d'autre écrit ce fichier (un « repere fill » ?) : réessayez quand il a fini.",
                    "Someone else is writing this file (a `repere fill`?): try again when they are done."
                )
            ),
        ),
        E::Rejected(list) => (
            422,
            ctx.t("Réponse refusée", "Answer refused"),
            list.join("\n"),
        ),
        E::TooLarge(n) => (
            413,
            ctx.t("Réponse trop longue", "Answer too long"),
            format!(
                "{} ({n} > {})",
                ctx.t(
                    "Avec ces textes, le fichier dépasserait la taille que Repère relit",
                    "With these texts the file would be larger than Repère reads back"
                ),
                repere_toml::MAX_FILE_BYTES
            ),
        ),
        E::Write(m) => (500, ctx.t("Écriture impossible", "Cannot write"), m.clone()),
    };
    ctx.page(
        status,
        title,
        html! { div.error role="alert" { pre { (detail) } } },
    )
}
