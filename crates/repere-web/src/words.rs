//! The pages' words: French first, English one click away.

use repere_report::ReportLang;

/// The language asked for in the address (`?lang=en` or `?lang=fr`), else the default.
pub(crate) fn lang_of(uri: &axum::http::Uri, default: ReportLang) -> ReportLang {
    let asked = uri.query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned())
    });
    match asked.as_deref() {
        Some("en") => ReportLang::En,
        Some("fr") => ReportLang::Fr,
        _ => default,
    }
}

/// One of two texts.
pub(crate) fn t(lang: ReportLang, fr: &'static str, en: &'static str) -> &'static str {
    if lang == ReportLang::Fr { fr } else { en }
}

/// A vocabulary value (phase, role, confidence) in the language.
pub(crate) fn vocab(lang: ReportLang, name: &str) -> String {
    repere_report::vocabulary_label(lang, name)
}

/// The state of an assessment in a dossier.
pub(crate) fn state(lang: ReportLang, s: repere_core::workflow::State) -> &'static str {
    use repere_core::workflow::State;
    match s {
        State::Draft => t(lang, "brouillon", "draft"),
        State::Submitted => t(
            lang,
            "soumise, en attente de relecture",
            "submitted, awaiting review",
        ),
        State::ChangesRequested => t(lang, "à reprendre", "changes requested"),
        State::Approved => t(lang, "approuvée, à publier", "approved, to publish"),
        State::Published => t(lang, "publiée", "published"),
        State::Superseded => t(
            lang,
            "remplacée par une correction",
            "superseded by a correction",
        ),
    }
}

/// A percentage with the language's decimal mark.
pub(crate) fn percent(lang: ReportLang, ratio: f64) -> String {
    let s = format!("{:.0}", ratio * 100.0);
    if lang == ReportLang::Fr {
        format!("{s}\u{a0}%")
    } else {
        format!("{s}%")
    }
}
