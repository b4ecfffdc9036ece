//! The crosswalk document ([`CrosswalkDoc`]): how the criteria of two grids relate; and the
//! account of an assessment carried onto another grid ([`CarriedDoc`]), part of comparisons
//! and consolidations across grids.

use repere_core::crosswalk::{Carried, Crosswalk, NotCarriedReason, Relation};
use repere_core::{Grid, Provenance};
use schemars::JsonSchema;
use serde::Serialize;

use crate::code::Code;
use crate::document::{Kind, Report};
use crate::i18n::ReportLang;

/// A crosswalk between two grids, for reading (`repere-crosswalk-report/1`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CrosswalkDoc {
    /// Always `repere-crosswalk-report/1`.
    pub format: String,
    /// The language of the texts.
    pub lang: ReportLang,
    /// The crosswalk's id.
    pub id: String,
    /// Where it comes from as a whole.
    pub provenance: Code<Provenance>,
    /// Its sources.
    pub sources: Vec<String>,
    /// The grid the links start from.
    pub from: GridSideDoc,
    /// The other grid.
    pub to: GridSideDoc,
    /// The links, in the file's order.
    pub links: Vec<LinkDoc>,
}

/// One grid of a crosswalk.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct GridSideDoc {
    /// The grid's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its title.
    pub title: String,
    /// Its criteria that no link names.
    pub unlinked: Vec<CriterionRef>,
}

/// A criterion, by id and label.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CriterionRef {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
}

/// One link of a crosswalk.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct LinkDoc {
    /// The criterion of the `from` grid.
    pub from: CriterionRef,
    /// The criterion of the `to` grid.
    pub to: CriterionRef,
    /// `equivalent`, `broader`, `narrower` or `related`.
    pub relation: Code<Relation>,
    /// Whether it carries ratings (equivalent links only).
    pub carries: bool,
    /// Where the link comes from.
    pub provenance: Code<Provenance>,
    /// Why they correspond, or what differs.
    pub note: Option<String>,
    /// The level correspondences, `from` level label to `to` level label.
    pub levels: Vec<(String, String)>,
}

fn criterion(grid: &Grid, id: &str, lang: ReportLang) -> CriterionRef {
    CriterionRef {
        id: id.to_owned(),
        label: grid.criterion(id).map_or_else(
            || id.to_owned(),
            |(_, c)| c.label.get(&lang.lang(), grid.default_lang()).to_owned(),
        ),
    }
}

fn level_label(grid: &Grid, criterion: &str, level: &str, lang: ReportLang) -> String {
    grid.criterion(criterion)
        .and_then(|(_, c)| grid.scale_of(c).level(level))
        .map_or_else(
            || level.to_owned(),
            |(_, l)| l.label.get(&lang.lang(), grid.default_lang()).to_owned(),
        )
}

/// A link's level correspondences in the order of the `from` criterion's scale, lowest first
/// (the file may list them in any order).
fn in_scale_order<'a>(
    from: &Grid,
    link: &'a repere_core::crosswalk::Link,
) -> Vec<&'a (repere_core::Id, repere_core::Id)> {
    let rank = |level: &repere_core::Id| {
        from.criterion(link.from.as_str())
            .and_then(|(_, c)| from.scale_of(c).level(level.as_str()))
            .map_or(usize::MAX, |(i, _)| i)
    };
    let mut levels: Vec<_> = link.levels.iter().collect();
    levels.sort_by_key(|(a, _)| rank(a));
    levels
}

impl CrosswalkDoc {
    /// The document of a crosswalk oriented from `from` to `to` (see
    /// [`Crosswalk::oriented`]).
    pub fn new(crosswalk: &Crosswalk, from: &Grid, to: &Grid, lang: ReportLang) -> Self {
        let side = |grid: &Grid, linked: &dyn Fn(&str) -> bool| GridSideDoc {
            id: grid.id().to_string(),
            version: grid.version().to_owned(),
            title: grid
                .title()
                .get(&lang.lang(), grid.default_lang())
                .to_owned(),
            unlinked: grid
                .criteria()
                .filter(|(_, c)| !linked(c.id.as_str()))
                .map(|(_, c)| criterion(grid, c.id.as_str(), lang))
                .collect(),
        };
        CrosswalkDoc {
            format: Kind::Crosswalk.format_tag().to_owned(),
            lang,
            id: crosswalk.id.to_string(),
            provenance: Code(crosswalk.provenance),
            sources: crosswalk.sources.clone(),
            from: side(from, &|c| {
                crosswalk.links.iter().any(|l| l.from.as_str() == c)
            }),
            to: side(to, &|c| crosswalk.links.iter().any(|l| l.to.as_str() == c)),
            links: crosswalk
                .links
                .iter()
                .map(|l| LinkDoc {
                    from: criterion(from, l.from.as_str(), lang),
                    to: criterion(to, l.to.as_str(), lang),
                    relation: Code(l.relation),
                    carries: l.relation == Relation::Equivalent,
                    provenance: Code(l.provenance),
                    note: l
                        .note
                        .as_ref()
                        .map(|n| n.get(&lang.lang(), &crosswalk.default_lang).to_owned()),
                    levels: in_scale_order(from, l)
                        .into_iter()
                        .map(|(a, b)| {
                            (
                                level_label(from, l.from.as_str(), a.as_str(), lang),
                                level_label(to, l.to.as_str(), b.as_str(), lang),
                            )
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl Report for CrosswalkDoc {
    const KIND: Kind = Kind::Crosswalk;

    fn lang(&self) -> ReportLang {
        self.lang
    }
}

/// Why a rating was not carried onto another grid, as a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CarryReason {
    /// No link names the criterion.
    NoLink,
    /// Its links are broader, narrower or related.
    NotEquivalent,
    /// It has several equivalents.
    SeveralEquivalents,
    /// Its equivalent has several equivalents.
    SharedEquivalent,
    /// The value does not fit the other scale.
    ScalesDiffer,
}

impl CarryReason {
    /// Every reason.
    pub const ALL: &'static [CarryReason] = &[
        CarryReason::NoLink,
        CarryReason::NotEquivalent,
        CarryReason::SeveralEquivalents,
        CarryReason::SharedEquivalent,
        CarryReason::ScalesDiffer,
    ];

    /// Its stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            CarryReason::NoLink => "no-link",
            CarryReason::NotEquivalent => "not-equivalent",
            CarryReason::SeveralEquivalents => "several-equivalents",
            CarryReason::SharedEquivalent => "shared-equivalent",
            CarryReason::ScalesDiffer => "scales-differ",
        }
    }

    fn of(reason: NotCarriedReason) -> CarryReason {
        match reason {
            NotCarriedReason::NoLink => CarryReason::NoLink,
            NotCarriedReason::NotEquivalent { .. } => CarryReason::NotEquivalent,
            NotCarriedReason::SeveralEquivalents { .. } => CarryReason::SeveralEquivalents,
            NotCarriedReason::SharedEquivalent { .. } => CarryReason::SharedEquivalent,
            _ => CarryReason::ScalesDiffer,
        }
    }
}

/// An assessment carried onto another grid through a crosswalk: what was carried, what was
/// not and why. Part of comparisons and consolidations across grids.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CarriedDoc {
    /// The crosswalk used.
    pub crosswalk: String,
    /// The assessor whose assessment was carried.
    pub assessor: String,
    /// The grid it was made on, `id version`.
    pub from_grid: String,
    /// The grid it was carried onto, `id version`.
    pub to_grid: String,
    /// The criteria carried.
    pub carried: Vec<CarriedLink>,
    /// The ratings not carried.
    pub not_carried: Vec<NotCarriedDoc>,
}

/// A criterion carried.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CarriedLink {
    /// The criterion rated.
    pub from: CriterionRef,
    /// The criterion it was carried onto.
    pub to: CriterionRef,
}

/// A rating not carried.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct NotCarriedDoc {
    /// The criterion rated.
    pub criterion: CriterionRef,
    /// The criterion of the other grid it is linked to, if any.
    pub linked_to: Option<CriterionRef>,
    /// Why: `no-link`, `not-equivalent`, `several-equivalents`, `shared-equivalent` or
    /// `scales-differ`.
    pub reason: Code<CarryReason>,
    /// For `not-equivalent`, the relation of the link.
    pub relation: Option<Code<Relation>>,
}

impl CarriedDoc {
    /// The account of `carried`, an assessment of `from` carried onto `to`.
    pub fn new(carried: &Carried, from: &Grid, to: &Grid, lang: ReportLang) -> Self {
        CarriedDoc {
            crosswalk: carried.crosswalk.to_string(),
            assessor: carried.assessment.assessor.name.clone(),
            from_grid: format!("{} {}", from.id(), from.version()),
            to_grid: format!("{} {}", to.id(), to.version()),
            carried: carried
                .carried
                .iter()
                .map(|(a, b)| CarriedLink {
                    from: criterion(from, a.as_str(), lang),
                    to: criterion(to, b.as_str(), lang),
                })
                .collect(),
            not_carried: carried
                .not_carried
                .iter()
                .map(|n| NotCarriedDoc {
                    criterion: criterion(from, n.criterion.as_str(), lang),
                    linked_to: n.to.as_ref().map(|t| criterion(to, t.as_str(), lang)),
                    reason: Code(CarryReason::of(n.reason)),
                    relation: match n.reason {
                        NotCarriedReason::NotEquivalent { relation } => Some(Code(relation)),
                        _ => None,
                    },
                })
                .collect(),
        }
    }
}
