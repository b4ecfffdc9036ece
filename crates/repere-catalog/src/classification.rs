//! Classification schemes that describe a participation process rather than score it.
//!
//! A grid judges how well a process was run; a classification says what kind of process it
//! is. Three schemes recur in the literature and in practice:
//!
//! - the [IAP2 spectrum](IAP2_LEVELS) of public participation (five levels, each with a goal
//!   and a promise to the public), whose levels are [`Iap2Level`] in the core model, used for
//!   a process's declared level;
//! - [Arnstein's ladder](ARNSTEIN_RUNGS) of citizen participation (1969): eight rungs grouped
//!   in three [categories](ArnsteinCategory);
//! - [Fung's democracy cube](FUNG_AXES) (2006): three [axes](FungAxis) (participant
//!   selection, communication and decision mode, authority and power), each an ordered list of
//!   [positions](FungPosition).
//!
//! Every scheme names its [sources](Scheme::sources) and every entry carries a
//! [`Provenance`]: `Sourced` when the name and place of the entry were read in the cited
//! source, `Partial` when they come from the literature but the cited page confirms them
//! only in part. Texts are short paraphrases, not quotations; French wordings are
//! translations made for Repère unless a French source is cited.
//!
//! ```
//! use repere_catalog::classification::{self, ArnsteinCategory, FungAxis};
//! use repere_core::{Iap2Level, Lang};
//!
//! let consult = classification::iap2(Iap2Level::Consult);
//! assert_eq!(consult.label.get(&Lang::fr()), "Consulter");
//!
//! let rung = classification::arnstein_rung(4).unwrap();
//! assert_eq!(rung.label.en, "Consultation");
//! assert_eq!(rung.category, ArnsteinCategory::Tokenism);
//!
//! let mode = FungAxis::CommunicationAndDecision.info();
//! assert_eq!(mode.positions.len(), 6);
//! assert!(mode.position("deliberate-and-negotiate").is_some());
//! ```

use repere_core::{Iap2Level, Lang, Provenance, Text};

/// A short text in French and in English, stored as static strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FrEn {
    /// The French text.
    pub fr: &'static str,
    /// The English text.
    pub en: &'static str,
}

impl FrEn {
    /// A text from its French and English versions.
    pub const fn new(fr: &'static str, en: &'static str) -> Self {
        Self { fr, en }
    }

    /// The text as a core [`Text`], with both languages.
    pub fn text(&self) -> Text {
        Text::new(Lang::fr(), self.fr).with(Lang::en(), self.en)
    }

    /// The text in `lang`: French for `fr` and its regional variants (`fr-CA`), English
    /// otherwise.
    pub fn get(&self, lang: &Lang) -> &'static str {
        let tag = lang.as_str();
        if tag == "fr" || tag.starts_with("fr-") {
            self.fr
        } else {
            self.en
        }
    }
}

/// A source of a classification scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SchemeSource {
    /// The title or a full reference.
    pub title: &'static str,
    /// Where to read it.
    pub url: &'static str,
    /// The year of the work the scheme comes from, when known.
    pub year: Option<i32>,
}

/// A classification scheme: its name, what it is for and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scheme {
    /// A stable identifier, such as `iap2.spectrum`.
    pub id: &'static str,
    /// The scheme's name.
    pub name: FrEn,
    /// What the scheme classifies and how Repère uses it.
    pub description: FrEn,
    /// The sources it is drawn from.
    pub sources: &'static [SchemeSource],
    /// How well the scheme as a whole is backed by its sources.
    pub provenance: Provenance,
}

// ---------------------------------------------------------------------------------------------
// IAP2 spectrum
// ---------------------------------------------------------------------------------------------

/// The IAP2 spectrum of public participation.
pub const IAP2_SPECTRUM: Scheme = Scheme {
    id: "iap2.spectrum",
    name: FrEn::new(
        "Spectre de la participation publique de l'IAP2",
        "IAP2 Spectrum of Public Participation",
    ),
    description: FrEn::new(
        "Cinq niveaux d'influence croissante du public sur la décision, chacun défini par un \
         objectif de participation et une promesse faite au public. Repère s'en sert pour le \
         niveau déclaré d'une démarche (et, le cas échéant, le niveau atteint), pas comme une \
         grille notée.",
        "Five levels of increasing public influence on the decision, each defined by a public \
         participation goal and a promise to the public. Repère uses it for the level a \
         process declares (and, where useful, the level it reaches), not as a scored grid.",
    ),
    sources: &[SchemeSource {
        title: "IAP2 Canada, IAP2 Spectrum of Public Participation",
        url: "http://iap2canada.ca/page-1020549",
        year: None,
    }],
    provenance: Provenance::Sourced,
};

/// One level of the IAP2 spectrum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Iap2Entry {
    /// The level, as named in the core model.
    pub level: Iap2Level,
    /// Its rank, from 1 (inform) to 5 (empower).
    pub rank: u8,
    /// Its short label.
    pub label: FrEn,
    /// The public participation goal at this level.
    pub goal: FrEn,
    /// The promise made to the public at this level.
    pub promise: FrEn,
    /// How well the entry is backed by the source.
    pub provenance: Provenance,
}

/// The five levels of the IAP2 spectrum, from the least to the most public influence.
pub static IAP2_LEVELS: [Iap2Entry; 5] = [
    Iap2Entry {
        level: Iap2Level::Inform,
        rank: 1,
        label: FrEn::new("Informer", "Inform"),
        goal: FrEn::new(
            "Fournir au public une information équilibrée et objective pour l'aider à \
             comprendre le problème, les options et les solutions.",
            "Give the public balanced and objective information to help it understand the \
             problem, the options and the solutions.",
        ),
        promise: FrEn::new(
            "Nous vous tiendrons informés.",
            "We will keep you informed.",
        ),
        provenance: Provenance::Sourced,
    },
    Iap2Entry {
        level: Iap2Level::Consult,
        rank: 2,
        label: FrEn::new("Consulter", "Consult"),
        goal: FrEn::new(
            "Recueillir l'avis du public sur des analyses, des options ou des décisions.",
            "Obtain public feedback on analyses, options or decisions.",
        ),
        promise: FrEn::new(
            "Nous vous tiendrons informés, écouterons vos préoccupations et vos attentes et \
             vous dirons comment votre contribution a pesé sur la décision.",
            "We will keep you informed, listen to and acknowledge your concerns and \
             aspirations, and tell you how your input influenced the decision.",
        ),
        provenance: Provenance::Sourced,
    },
    Iap2Entry {
        level: Iap2Level::Involve,
        rank: 3,
        label: FrEn::new("Impliquer", "Involve"),
        goal: FrEn::new(
            "Travailler directement avec le public tout au long de la démarche pour que ses \
             préoccupations et attentes soient comprises et prises en compte.",
            "Work directly with the public throughout the process so that its concerns and \
             aspirations are understood and considered.",
        ),
        promise: FrEn::new(
            "Nous travaillerons avec vous pour que vos préoccupations et attentes se \
             retrouvent directement dans les options élaborées, et vous dirons comment votre \
             contribution a pesé sur la décision.",
            "We will work with you so that your concerns and aspirations are directly \
             reflected in the options developed, and tell you how your input influenced the \
             decision.",
        ),
        provenance: Provenance::Sourced,
    },
    Iap2Entry {
        level: Iap2Level::Collaborate,
        rank: 4,
        label: FrEn::new("Collaborer", "Collaborate"),
        goal: FrEn::new(
            "Être partenaire du public pour chaque aspect de la décision, y compris \
             l'élaboration des options et le choix de la solution privilégiée.",
            "Partner with the public in each aspect of the decision, including developing \
             options and identifying the preferred solution.",
        ),
        promise: FrEn::new(
            "Nous compterons sur vos conseils et vos idées pour formuler les solutions et \
             intégrerons vos recommandations à la décision autant que possible.",
            "We will look to you for advice and ideas in formulating solutions and build \
             your recommendations into the decision as far as possible.",
        ),
        provenance: Provenance::Sourced,
    },
    Iap2Entry {
        level: Iap2Level::Empower,
        rank: 5,
        label: FrEn::new("Déléguer le pouvoir", "Empower"),
        goal: FrEn::new(
            "Remettre la décision finale entre les mains du public.",
            "Place the final decision in the hands of the public.",
        ),
        promise: FrEn::new(
            "Nous mettrons en œuvre ce que vous déciderez.",
            "We will implement what you decide.",
        ),
        provenance: Provenance::Sourced,
    },
];

/// The IAP2 spectrum entry of a level.
pub fn iap2(level: Iap2Level) -> &'static Iap2Entry {
    match level {
        Iap2Level::Inform => &IAP2_LEVELS[0],
        Iap2Level::Consult => &IAP2_LEVELS[1],
        Iap2Level::Involve => &IAP2_LEVELS[2],
        Iap2Level::Collaborate => &IAP2_LEVELS[3],
        Iap2Level::Empower => &IAP2_LEVELS[4],
    }
}

// ---------------------------------------------------------------------------------------------
// Arnstein's ladder
// ---------------------------------------------------------------------------------------------

/// Arnstein's ladder of citizen participation.
pub const ARNSTEIN_LADDER: Scheme = Scheme {
    id: "arnstein.1969",
    name: FrEn::new(
        "Échelle de la participation citoyenne d'Arnstein (1969)",
        "Arnstein's ladder of citizen participation (1969)",
    ),
    description: FrEn::new(
        "Huit échelons, de la manipulation au contrôle citoyen, regroupés en trois \
         catégories : non-participation, participation symbolique, pouvoir citoyen. Repère \
         s'en sert comme classement ordinal (1 à 8) d'une démarche, avec sa catégorie.",
        "Eight rungs, from manipulation to citizen control, grouped in three categories: \
         non-participation, tokenism, citizen power. Repère uses it as an ordinal \
         classification (1 to 8) of a process, with its category.",
    ),
    sources: &[SchemeSource {
        title: "Arnstein, S. R. (1969), A Ladder of Citizen Participation, Journal of the \
                American Institute of Planners 35(4), 216-224; figure as presented by the Open \
                University (OpenLearn)",
        url: "https://www.open.edu/openlearn/mod/oucontent/view.php?id=21024&section=4.1%23volb_1_w6_6&extra=longdesc_idm274",
        year: Some(1969),
    }],
    provenance: Provenance::Sourced,
};

/// The three categories of Arnstein's ladder, from the lowest to the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArnsteinCategory {
    /// Non-participation: rungs 1 and 2.
    NonParticipation,
    /// Tokenism: rungs 3 to 5.
    Tokenism,
    /// Citizen power: rungs 6 to 8.
    CitizenPower,
}

impl ArnsteinCategory {
    /// Every category, from the lowest to the highest.
    pub const ALL: [ArnsteinCategory; 3] = [
        ArnsteinCategory::NonParticipation,
        ArnsteinCategory::Tokenism,
        ArnsteinCategory::CitizenPower,
    ];

    /// A stable identifier: `non-participation`, `tokenism` or `citizen-power`.
    pub fn id(self) -> &'static str {
        match self {
            ArnsteinCategory::NonParticipation => "non-participation",
            ArnsteinCategory::Tokenism => "tokenism",
            ArnsteinCategory::CitizenPower => "citizen-power",
        }
    }

    /// The category's label.
    pub fn label(self) -> FrEn {
        match self {
            ArnsteinCategory::NonParticipation => {
                FrEn::new("Non-participation", "Non-participation")
            }
            ArnsteinCategory::Tokenism => FrEn::new("Participation symbolique", "Tokenism"),
            ArnsteinCategory::CitizenPower => FrEn::new("Pouvoir citoyen", "Citizen power"),
        }
    }

    /// The rungs of the category, from the lowest to the highest.
    pub fn rungs(self) -> impl Iterator<Item = &'static ArnsteinRung> {
        ARNSTEIN_RUNGS.iter().filter(move |r| r.category == self)
    }
}

/// One rung of Arnstein's ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArnsteinRung {
    /// The rung's number, from 1 (manipulation) to 8 (citizen control).
    pub rung: u8,
    /// A stable identifier, such as `delegated-power`.
    pub id: &'static str,
    /// The rung's label.
    pub label: FrEn,
    /// The category it belongs to.
    pub category: ArnsteinCategory,
    /// How well the entry (name, number and category) is backed by the source.
    pub provenance: Provenance,
}

/// The eight rungs of Arnstein's ladder, from the bottom (1) to the top (8).
pub static ARNSTEIN_RUNGS: [ArnsteinRung; 8] = [
    ArnsteinRung {
        rung: 1,
        id: "manipulation",
        label: FrEn::new("Manipulation", "Manipulation"),
        category: ArnsteinCategory::NonParticipation,
        provenance: Provenance::Sourced,
    },
    ArnsteinRung {
        rung: 2,
        id: "therapy",
        label: FrEn::new("Thérapie", "Therapy"),
        category: ArnsteinCategory::NonParticipation,
        provenance: Provenance::Sourced,
    },
    ArnsteinRung {
        rung: 3,
        id: "informing",
        label: FrEn::new("Information", "Informing"),
        category: ArnsteinCategory::Tokenism,
        provenance: Provenance::Sourced,
    },
    ArnsteinRung {
        rung: 4,
        id: "consultation",
        label: FrEn::new("Consultation", "Consultation"),
        category: ArnsteinCategory::Tokenism,
        provenance: Provenance::Sourced,
    },
    ArnsteinRung {
        rung: 5,
        id: "placation",
        label: FrEn::new("Apaisement", "Placation"),
        category: ArnsteinCategory::Tokenism,
        provenance: Provenance::Sourced,
    },
    ArnsteinRung {
        rung: 6,
        id: "partnership",
        label: FrEn::new("Partenariat", "Partnership"),
        category: ArnsteinCategory::CitizenPower,
        provenance: Provenance::Sourced,
    },
    ArnsteinRung {
        rung: 7,
        id: "delegated-power",
        label: FrEn::new("Délégation de pouvoir", "Delegated power"),
        category: ArnsteinCategory::CitizenPower,
        provenance: Provenance::Sourced,
    },
    ArnsteinRung {
        rung: 8,
        id: "citizen-control",
        label: FrEn::new("Contrôle citoyen", "Citizen control"),
        category: ArnsteinCategory::CitizenPower,
        provenance: Provenance::Sourced,
    },
];

/// The rung with this number (1 to 8).
pub fn arnstein_rung(rung: u8) -> Option<&'static ArnsteinRung> {
    ARNSTEIN_RUNGS.iter().find(|r| r.rung == rung)
}

// ---------------------------------------------------------------------------------------------
// Fung's democracy cube
// ---------------------------------------------------------------------------------------------

/// Fung's democracy cube.
pub const FUNG_CUBE: Scheme = Scheme {
    id: "fung.2006",
    name: FrEn::new(
        "Cube démocratique de Fung (2006)",
        "Fung's democracy cube (2006)",
    ),
    description: FrEn::new(
        "Trois axes décrivent un dispositif de participation : qui participe (de la \
         sélection la plus fermée à la plus ouverte), comment les participants communiquent \
         et décident (du moins au plus intense), quelle autorité et quel pouvoir ils ont (du \
         moins au plus fort). Repère s'en sert comme métadonnées descriptives d'une démarche.",
        "Three axes describe a participation mechanism: who participates (from the most \
         exclusive to the most inclusive selection), how participants communicate and decide \
         (from the least to the most intense), and what authority and power they have (from \
         the least to the most). Repère uses them as descriptive metadata of a process.",
    ),
    sources: &[
        SchemeSource {
            title: "Fung, A. (2006), Varieties of Participation in Complex Governance, Public \
                    Administration Review 66, 66-75; summary \"The Democracy Cube\" (GovLoop)",
            url: "https://www.govloop.com/community/blog/the-democracy-cube/",
            year: Some(2006),
        },
        SchemeSource {
            title: "NCDD Resource Center, Varieties of Participation in Complex Governance",
            url: "https://www.thataway.org/exchange/resources_action-view-rid-2974/",
            year: Some(2006),
        },
    ],
    provenance: Provenance::Partial,
};

/// The three axes of Fung's democracy cube.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FungAxis {
    /// Who participates: participant selection.
    ParticipantSelection,
    /// How participants communicate and make decisions.
    CommunicationAndDecision,
    /// The extent of authority and power: how discussions are linked to policy or action.
    AuthorityAndPower,
}

impl FungAxis {
    /// Every axis, in the order of the cube's usual presentation.
    pub const ALL: [FungAxis; 3] = [
        FungAxis::ParticipantSelection,
        FungAxis::CommunicationAndDecision,
        FungAxis::AuthorityAndPower,
    ];

    /// The axis's description and ordered positions.
    pub fn info(self) -> &'static FungAxisInfo {
        match self {
            FungAxis::ParticipantSelection => &FUNG_AXES[0],
            FungAxis::CommunicationAndDecision => &FUNG_AXES[1],
            FungAxis::AuthorityAndPower => &FUNG_AXES[2],
        }
    }
}

/// One axis of Fung's democracy cube, with its ordered positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FungAxisInfo {
    /// The axis.
    pub axis: FungAxis,
    /// A stable identifier, such as `participant-selection`.
    pub id: &'static str,
    /// The axis's label.
    pub label: FrEn,
    /// What the axis describes.
    pub description: FrEn,
    /// What the first position stands for (the low end of the axis).
    pub low_end: FrEn,
    /// What the last position stands for (the high end of the axis).
    pub high_end: FrEn,
    /// The positions, from the low end to the high end.
    pub positions: &'static [FungPosition],
    /// How well the axis (its name and order) is backed by the sources.
    pub provenance: Provenance,
}

impl FungAxisInfo {
    /// The position with this identifier.
    pub fn position(&self, id: &str) -> Option<&'static FungPosition> {
        self.positions.iter().find(|p| p.id == id)
    }
}

/// One position on an axis of Fung's democracy cube.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FungPosition {
    /// A stable identifier, unique on its axis, such as `random-selection`.
    pub id: &'static str,
    /// Its rank on the axis, from 1 at the low end.
    pub rank: u8,
    /// Its label.
    pub label: FrEn,
    /// How well the position (its name and place) is backed by the sources.
    pub provenance: Provenance,
}

const SELECTION: [FungPosition; 8] = [
    FungPosition {
        id: "expert-administrators",
        rank: 1,
        label: FrEn::new("Administrateurs experts", "Expert administrators"),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "elected-representatives",
        rank: 2,
        label: FrEn::new("Représentants élus", "Elected representatives"),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "professional-stakeholders",
        rank: 3,
        label: FrEn::new(
            "Parties prenantes professionnelles",
            "Professional stakeholders",
        ),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "lay-stakeholders",
        rank: 4,
        label: FrEn::new("Parties prenantes profanes", "Lay stakeholders"),
        provenance: Provenance::Partial,
    },
    FungPosition {
        id: "random-selection",
        rank: 5,
        label: FrEn::new("Tirage au sort", "Random selection"),
        provenance: Provenance::Partial,
    },
    FungPosition {
        id: "open-targeted-recruitment",
        rank: 6,
        label: FrEn::new(
            "Ouvert, avec recrutement ciblé",
            "Open, with targeted recruitment",
        ),
        provenance: Provenance::Partial,
    },
    FungPosition {
        id: "open-self-selection",
        rank: 7,
        label: FrEn::new("Ouvert, par autosélection", "Open self-selection"),
        provenance: Provenance::Partial,
    },
    FungPosition {
        id: "diffuse-public-sphere",
        rank: 8,
        label: FrEn::new("Sphère publique diffuse", "Diffuse public sphere"),
        provenance: Provenance::Partial,
    },
];

const MODE: [FungPosition; 6] = [
    FungPosition {
        id: "listen-as-spectator",
        rank: 1,
        label: FrEn::new("Écouter en spectateur", "Listen as spectator"),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "express-preferences",
        rank: 2,
        label: FrEn::new("Exprimer des préférences", "Express preferences"),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "develop-preferences",
        rank: 3,
        label: FrEn::new("Élaborer des préférences", "Develop preferences"),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "aggregate-and-bargain",
        rank: 4,
        label: FrEn::new(
            "Agréger les préférences et négocier",
            "Aggregate and bargain",
        ),
        provenance: Provenance::Partial,
    },
    FungPosition {
        id: "deliberate-and-negotiate",
        rank: 5,
        label: FrEn::new("Délibérer et négocier", "Deliberate and negotiate"),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "deploy-technique-and-expertise",
        rank: 6,
        label: FrEn::new(
            "Mobiliser technique et expertise",
            "Deploy technique and expertise",
        ),
        provenance: Provenance::Sourced,
    },
];

const AUTHORITY: [FungPosition; 5] = [
    FungPosition {
        id: "personal-benefits",
        rank: 1,
        label: FrEn::new(
            "Bénéfices personnels (apprentissage individuel)",
            "Personal benefits (individual education)",
        ),
        provenance: Provenance::Partial,
    },
    FungPosition {
        id: "communicative-influence",
        rank: 2,
        label: FrEn::new("Influence communicationnelle", "Communicative influence"),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "advise-and-consult",
        rank: 3,
        label: FrEn::new("Conseil et consultation", "Advise and consult"),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "co-governance",
        rank: 4,
        label: FrEn::new("Cogouvernance", "Co-governance"),
        provenance: Provenance::Sourced,
    },
    FungPosition {
        id: "direct-authority",
        rank: 5,
        label: FrEn::new("Autorité directe", "Direct authority"),
        provenance: Provenance::Sourced,
    },
];

/// The three axes of Fung's democracy cube, with their positions from the low end to the high
/// end.
///
/// On participant selection, the cited summary confirms the three most exclusive positions
/// and that representative and non-representative groups of citizens sit at the inclusive
/// end; the names and order of the five inclusive positions are from the literature
/// (`Partial`).
pub static FUNG_AXES: [FungAxisInfo; 3] = [
    FungAxisInfo {
        axis: FungAxis::ParticipantSelection,
        id: "participant-selection",
        label: FrEn::new("Sélection des participants", "Participant selection"),
        description: FrEn::new(
            "Qui participe, et comment les participants sont choisis.",
            "Who participates, and how participants are chosen.",
        ),
        low_end: FrEn::new("Le plus fermé (l'État)", "Most exclusive (the state)"),
        high_end: FrEn::new("Le plus ouvert (le public)", "Most inclusive (the public)"),
        positions: &SELECTION,
        provenance: Provenance::Partial,
    },
    FungAxisInfo {
        axis: FungAxis::CommunicationAndDecision,
        id: "communication-and-decision",
        label: FrEn::new(
            "Mode de communication et de décision",
            "Communication and decision mode",
        ),
        description: FrEn::new(
            "Comment les participants communiquent entre eux et prennent des décisions \
             ensemble.",
            "How participants communicate with one another and make decisions together.",
        ),
        low_end: FrEn::new("Le moins intense", "Least intense"),
        high_end: FrEn::new("Le plus intense", "Most intense"),
        positions: &MODE,
        provenance: Provenance::Sourced,
    },
    FungAxisInfo {
        axis: FungAxis::AuthorityAndPower,
        id: "authority-and-power",
        label: FrEn::new("Autorité et pouvoir", "Authority and power"),
        description: FrEn::new(
            "Comment ce qui se dit dans le dispositif est relié à la décision ou à l'action \
             publique.",
            "How what is said in the mechanism is linked to policy or public action.",
        ),
        low_end: FrEn::new("La moindre autorité", "Least authority"),
        high_end: FrEn::new("La plus grande autorité", "Most authority"),
        positions: &AUTHORITY,
        provenance: Provenance::Sourced,
    },
];

/// Every scheme of this module.
pub const SCHEMES: [&Scheme; 3] = [&IAP2_SPECTRUM, &ARNSTEIN_LADDER, &FUNG_CUBE];

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(what: &str, t: &FrEn) {
        assert!(!t.fr.trim().is_empty(), "{what}: empty French text");
        assert!(!t.en.trim().is_empty(), "{what}: empty English text");
        let text = t.text();
        assert_eq!(text.exact(&Lang::fr()), Some(t.fr), "{what}");
        assert_eq!(text.exact(&Lang::en()), Some(t.en), "{what}");
    }

    #[test]
    fn iap2_has_five_levels_in_core_order() {
        assert_eq!(IAP2_LEVELS.len(), 5);
        assert_eq!(IAP2_LEVELS.len(), Iap2Level::ALL.len());
        for (i, level) in Iap2Level::ALL.iter().enumerate() {
            let entry = iap2(*level);
            assert_eq!(entry.level, *level);
            assert_eq!(usize::from(entry.rank), i + 1);
            assert_eq!(&IAP2_LEVELS[i], entry);
        }
        assert_eq!(
            iap2(Iap2Level::Empower).promise.en,
            "We will implement what you decide."
        );
    }

    #[test]
    fn arnstein_has_eight_rungs_in_three_ordered_categories() {
        assert_eq!(ARNSTEIN_RUNGS.len(), 8);
        for (i, r) in ARNSTEIN_RUNGS.iter().enumerate() {
            assert_eq!(usize::from(r.rung), i + 1);
            assert_eq!(arnstein_rung(r.rung), Some(r));
        }
        assert!(arnstein_rung(0).is_none());
        assert!(arnstein_rung(9).is_none());
        // Categories never go down as rungs go up.
        assert!(
            ARNSTEIN_RUNGS
                .windows(2)
                .all(|w| w[0].category <= w[1].category)
        );
        let counts: Vec<usize> = ArnsteinCategory::ALL
            .iter()
            .map(|c| c.rungs().count())
            .collect();
        assert_eq!(counts, [2, 3, 3]);
        assert_eq!(arnstein_rung(1).map(|r| r.id), Some("manipulation"));
        assert_eq!(arnstein_rung(8).map(|r| r.id), Some("citizen-control"));
        assert_eq!(
            arnstein_rung(5).map(|r| r.category),
            Some(ArnsteinCategory::Tokenism)
        );
    }

    #[test]
    fn fung_axes_are_ordered_and_complete() {
        assert_eq!(FUNG_AXES.len(), 3);
        let sizes: Vec<usize> = FungAxis::ALL
            .iter()
            .map(|a| a.info().positions.len())
            .collect();
        assert_eq!(sizes, [8, 6, 5]);
        for axis in FungAxis::ALL {
            let info = axis.info();
            assert_eq!(info.axis, axis);
            for (i, p) in info.positions.iter().enumerate() {
                assert_eq!(usize::from(p.rank), i + 1, "{} {}", info.id, p.id);
                assert_eq!(info.position(p.id), Some(p));
                assert_eq!(
                    info.positions.iter().filter(|q| q.id == p.id).count(),
                    1,
                    "duplicate position {}",
                    p.id
                );
            }
        }
        let authority = FungAxis::AuthorityAndPower.info();
        assert_eq!(
            authority.positions.first().map(|p| p.id),
            Some("personal-benefits")
        );
        assert_eq!(
            authority.positions.last().map(|p| p.id),
            Some("direct-authority")
        );
        assert!(authority.position("no-such-position").is_none());
    }

    #[test]
    fn every_text_has_french_and_english() {
        for s in SCHEMES {
            check_text(s.id, &s.name);
            check_text(s.id, &s.description);
        }
        for e in &IAP2_LEVELS {
            check_text("iap2 label", &e.label);
            check_text("iap2 goal", &e.goal);
            check_text("iap2 promise", &e.promise);
        }
        for c in ArnsteinCategory::ALL {
            check_text(c.id(), &c.label());
        }
        for r in &ARNSTEIN_RUNGS {
            check_text(r.id, &r.label);
        }
        for a in &FUNG_AXES {
            check_text(a.id, &a.label);
            check_text(a.id, &a.description);
            check_text(a.id, &a.low_end);
            check_text(a.id, &a.high_end);
            for p in a.positions {
                check_text(p.id, &p.label);
            }
        }
    }

    #[test]
    fn lookups_fall_back_to_english() {
        let t = FrEn::new("Consulter", "Consult");
        assert_eq!(t.get(&Lang::fr()), "Consulter");
        assert_eq!(t.get(&"fr-CA".parse().unwrap()), "Consulter");
        assert_eq!(t.get(&Lang::en()), "Consult");
        assert_eq!(t.get(&"de".parse().unwrap()), "Consult");
    }

    #[test]
    fn schemes_are_sourced_with_urls() {
        let ids: Vec<&str> = SCHEMES.iter().map(|s| s.id).collect();
        assert_eq!(ids, ["iap2.spectrum", "arnstein.1969", "fung.2006"]);
        for s in SCHEMES {
            assert!(!s.sources.is_empty(), "{} has no source", s.id);
            for src in s.sources {
                assert!(src.url.starts_with("http"), "{}: {}", s.id, src.url);
                assert!(!src.title.is_empty());
            }
        }
    }
}
