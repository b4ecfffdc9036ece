//! The fixed strings of reports, in French and English.

/// The languages reports are written in (`fr` or `en` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ReportLang {
    /// French.
    Fr,
    /// English.
    En,
}

impl ReportLang {
    /// The language tag: `fr` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportLang::Fr => "fr",
            ReportLang::En => "en",
        }
    }

    /// The core language tag.
    pub fn lang(self) -> repere_core::Lang {
        match self {
            ReportLang::Fr => repere_core::Lang::fr(),
            ReportLang::En => repere_core::Lang::en(),
        }
    }
}

impl std::str::FromStr for ReportLang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fr" => Ok(ReportLang::Fr),
            "en" => Ok(ReportLang::En),
            _ => Err(format!(
                "unknown report language `{s}`, expected `fr` or `en`"
            )),
        }
    }
}

macro_rules! strings {
    ($( $key:ident => $fr:literal, $en:literal; )+) => {
        /// A fixed string of the reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(missing_docs)] // reason: each variant is the string it names
        #[non_exhaustive]
        pub(crate) enum Key { $($key),+ }

        impl Key {
            /// Every key, for completeness tests.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Key] = &[$(Key::$key),+];
        }

        /// The string of a key in a language.
        pub(crate) fn t(lang: ReportLang, key: Key) -> &'static str {
            match (key, lang) {
                $( (Key::$key, ReportLang::Fr) => $fr, (Key::$key, ReportLang::En) => $en, )+
            }
        }
    };
}

strings! {
    Scorecard => "Fiche d'évaluation", "Scorecard";
    Process => "Démarche", "Process";
    Assessor => "Évaluateur", "Assessor";
    Role => "Rôle", "Role";
    Phase => "Phase", "Phase";
    Date => "Date", "Date";
    Grid => "Grille", "Grid";
    Profile => "Profil", "Profile";
    Sources => "Sources", "Sources";
    Kind => "Type", "Kind";
    Organiser => "Organisateur", "Organiser";
    Commissioner => "Commanditaire", "Commissioner";
    Territory => "Territoire", "Territory";
    Period => "Période", "Period";
    Participants => "Participants", "Participants";
    Iap2 => "Niveau IAP2 revendiqué", "Claimed IAP2 level";
    Overall => "Résultat global", "Overall result";
    NoOverall => "Pas de note globale : le profil n'agrège pas les dimensions.", "No overall score: the profile does not aggregate dimensions.";
    Dimensions => "Dimensions", "Dimensions";
    Dimension => "Dimension", "Dimension";
    Criteria => "Critères", "Criteria";
    Criterion => "Critère", "Criterion";
    Level => "Niveau", "Level";
    Score => "Score", "Score";
    Band => "Appréciation", "Band";
    Completeness => "Complétude", "Completeness";
    Rated => "notés", "rated";
    NotApplicable => "Sans objet", "Not applicable";
    NotAssessed => "Non évalué", "Not assessed";
    Justification => "Justification", "Justification";
    Target => "Cible", "Target";
    Gap => "Écart à la cible", "Gap to target";
    NextLevel => "Pour progresser", "To improve";
    Gates => "Plafonds déclenchés", "Gates that fired";
    GateText => "est sous le seuil : plafonné à", "is below the threshold: capped at";
    NoGates => "Aucun plafond déclenché.", "No gate fired.";
    Strengths => "Points forts", "Strengths";
    Weaknesses => "Points faibles", "Weaknesses";
    None => "aucun", "none";
    NoScoreShort => "sans score", "no score";
    RadarLegend => "Un axe « sans score » n'a aucun critère noté : il est laissé hors du tracé, jamais dessiné à 0. (n/m) : critères notés sur critères applicables ; un point creux marque une dimension incomplète, dont le score ne repose que sur les critères notés.", "An axis with “no score” has no criterion rated: it is left out of the outline, never drawn as 0. (n/m): criteria rated of the criteria that apply; a hollow dot marks an incomplete dimension, whose score rests on the criteria rated only.";
    Trace => "Annexe : détail des calculs", "Appendix: how each number was obtained";
    Radar => "Profil par dimension", "Profile by dimension";
    ProvenanceNote => "Provenance : S = lu dans la source, M = partiellement confirmé, I = illustratif.", "Provenance: S = read in the source, M = partly confirmed, I = illustrative.";
    Comparison => "Comparaison", "Comparison";
    Before => "Avant", "Before";
    After => "Après", "After";
    LevelChanges => "Changements de niveau", "Level changes";
    GeneratedBy => "Produit par Repère", "Produced by Repère";
    Consolidation => "Consolidation des évaluations", "Consolidated assessments";
    Assessments => "Évaluations", "Assessments";
    Median => "Médiane", "Median";
    Mean => "Moyenne", "Mean";
    Range => "Étendue", "Range";
    Distribution => "Distribution", "Distribution";
    Divergences => "Divergences", "Divergences";
    Agreement => "Accord entre évaluateurs", "Agreement between assessors";
    Crosswalk => "Correspondances entre grilles", "Crosswalk between grids";
    WeightsSource => "Poids", "Weights";
    Relation => "Relation", "Relation";
    Carries => "reporte la notation", "carries the rating";
    Unlinked => "Critères sans correspondance", "Criteria without a counterpart";
    Levels => "Niveaux", "Levels";
    CarriedAcross => "Reporté d'une autre grille", "Carried from another grid";
    CarriedCount => "critères reportés", "criteria carried";
    NotCarried => "Non reporté", "Not carried";
    Via => "par", "through";
    Scales => "Échelles", "Scales";
    DimensionsCriteria => "Dimensions et critères", "Dimensions and criteria";
    Profiles => "Profils", "Profiles";
    Scale => "échelle", "scale";
    Measure => "Mesure", "Measure";
    GateRule => "Plafond", "Gate";
    Bands => "Seuils", "Bands";
    OverallScore => "note globale", "overall score";
    Below => "sous", "below";
    CapsAt => "plafonne", "caps";
    At => "à", "at";
    Hash => "Empreinte", "Hash";
    ProvenanceBelow => "Sous le critère, les descripteurs, les mesures, les poids, les plafonds et les seuils portent leur propre étiquette ; une étiquette suivie de « ↑ » est reprise de l'élément qui les contient (critère, grille ou profil), faute d'étiquette propre. Entre crochets après l'étiquette : les sources citées par l'élément lui-même.", "Below the criterion, descriptors, measures, weights, gates and bands carry their own tag; a tag followed by “↑” is taken from the element that contains them (criterion, grid or profile), for want of a tag of their own. After the tag: the sources the element itself cites.";
    ProvenanceDiffers => "Un descripteur, une mesure ou un plafond dont la provenance diffère de celle de son critère ou de son profil porte sa propre étiquette.", "A descriptor, measure or gate whose provenance differs from its criterion's or profile's carries its own tag.";
}

/// The label of a vocabulary value (phase, role, process kind, IAP2 level, confidence) in a
/// language.
pub(crate) fn label<T: crate::code::Named>(lang: ReportLang, value: crate::Code<T>) -> String {
    vocab(lang, value.name())
}

/// The colon after a label: French sets a space before it (`Note globale : 72 %`), English
/// does not.
pub(crate) fn colon(lang: ReportLang) -> &'static str {
    match lang {
        ReportLang::Fr => " : ",
        ReportLang::En => ": ",
    }
}

/// A number as written in the language: a decimal comma in French (`0,75`), a point in
/// English; only the marks between digits change, so units and ranges stay as they are.
pub(crate) fn decimals(lang: ReportLang, s: &str) -> String {
    if lang != ReportLang::Fr {
        return s.to_owned();
    }
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between = i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c == '.' && between { ',' } else { c }
        })
        .collect()
}

/// The label of a vocabulary value (a phase, role, process kind, IAP2 level or confidence,
/// by its stable name: `closing`, `guarantor`…) in a language; the name itself when unknown.
///
/// ```
/// use repere_report::{ReportLang, vocabulary_label};
/// assert_eq!(vocabulary_label(ReportLang::Fr, "guarantor"), "garant");
/// ```
pub fn vocabulary_label(lang: ReportLang, name: &str) -> String {
    vocab(lang, name)
}

/// The label of a vocabulary name in a language; the name itself when unknown.
fn vocab(lang: ReportLang, name: &str) -> String {
    let (fr, en) = match name {
        "framing" => ("cadrage (ex ante)", "framing (ex ante)"),
        "monitoring" => ("suivi (chemin faisant)", "monitoring (in itinere)"),
        "closing" => ("bilan (ex post)", "closing (ex post)"),
        "follow-up" => ("suites et redevabilité", "response and follow-up"),
        "impact" => ("impacts (long terme)", "impact (long term)"),
        "commissioner" => ("commanditaire", "commissioner"),
        "process-owner" => (
            "maître d'ouvrage (auto-évaluation)",
            "process owner (self-assessment)",
        ),
        "organiser" => (
            "organisateur (auto-évaluation)",
            "organiser (self-assessment)",
        ),
        "evaluator" => ("évaluateur", "evaluator"),
        "guarantor" => ("garant", "guarantor"),
        "observer" => ("observateur", "observer"),
        "participant" => ("participants", "participants"),
        "committee" => ("comité de suivi", "monitoring committee"),
        "public-debate" => ("débat public", "public debate"),
        "concertation" => ("concertation", "concertation"),
        "consultation" => ("consultation", "consultation"),
        "citizens-panel" => ("panel citoyen", "citizens' panel"),
        "participatory-budget" => ("budget participatif", "participatory budget"),
        "public-meeting" => ("réunion publique", "public meeting"),
        "other" => ("autre", "other"),
        "inform" => ("informer", "inform"),
        "consult" => ("consulter", "consult"),
        "involve" => ("impliquer", "involve"),
        "collaborate" => ("collaborer", "collaborate"),
        "empower" => ("déléguer le pouvoir", "empower"),
        "low" => ("faible", "low"),
        "medium" => ("moyenne", "medium"),
        "high" => ("élevée", "high"),
        "equivalent" => ("équivalent", "equivalent"),
        "broader" => ("plus large", "broader"),
        "narrower" => ("plus étroit", "narrower"),
        "related" => ("apparenté", "related"),
        "no-link" => (
            "aucun lien vers l'autre grille",
            "no link to the other grid",
        ),
        "not-equivalent" => ("lien non équivalent", "the link is not an equivalence"),
        "several-equivalents" => (
            "plusieurs critères équivalents",
            "several equivalent criteria",
        ),
        "shared-equivalent" => (
            "critère équivalent partagé avec d'autres",
            "the equivalent criterion is shared with others",
        ),
        "scales-differ" => (
            "échelles différentes, sans correspondance des niveaux",
            "different scales, with no level correspondence",
        ),
        _ => return name.to_owned(),
    };
    match lang {
        ReportLang::Fr => fr.to_owned(),
        ReportLang::En => en.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_exists_in_both_languages_and_differs_where_words_differ() {
        for k in Key::ALL {
            assert!(!t(ReportLang::Fr, *k).is_empty(), "{k:?}");
            assert!(!t(ReportLang::En, *k).is_empty(), "{k:?}");
        }
        assert_ne!(
            t(ReportLang::Fr, Key::Criteria),
            t(ReportLang::En, Key::Criteria)
        );
    }
}
