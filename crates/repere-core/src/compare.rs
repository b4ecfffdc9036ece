//! Comparison of two scorecards on the same grid: ambition against achieved, two phases, two
//! processes.

use crate::{CriterionStatus, Id, Scorecard};

/// How a criterion's rating moved from the first scorecard to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// A higher score.
    Up,
    /// A lower score.
    Down,
    /// The same score.
    Same,
    /// Rated only in the second.
    NewlyRated,
    /// Rated only in the first.
    NoLongerRated,
    /// Rated in neither.
    Unrated,
}

impl Change {
    /// A stable name: `up`, `down`, `same`, `newly-rated`, `no-longer-rated`, `unrated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Up => "up",
            Change::Down => "down",
            Change::Same => "same",
            Change::NewlyRated => "newly-rated",
            Change::NoLongerRated => "no-longer-rated",
            Change::Unrated => "unrated",
        }
    }
}

/// Two scores of the same node and their difference.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Delta {
    /// The criterion or dimension.
    pub id: Id,
    /// The score in the first scorecard.
    pub before: Option<f64>,
    /// The score in the second.
    pub after: Option<f64>,
    /// `after − before`, when both exist.
    pub delta: Option<f64>,
    /// The label (level) in the first, when rated.
    pub label_before: Option<String>,
    /// The label (level) in the second, when rated.
    pub label_after: Option<String>,
    /// The direction of the change.
    pub change: Change,
}

/// The comparison of two scorecards.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    /// Per criterion, in grid order.
    pub criteria: Vec<Delta>,
    /// Per dimension, in grid order.
    pub dimensions: Vec<Delta>,
    /// The overall scores, when both scorecards have one.
    pub overall: Option<Delta>,
}

impl Comparison {
    /// The criteria whose label (level) changed.
    pub fn level_changes(&self) -> impl Iterator<Item = &Delta> {
        self.criteria
            .iter()
            .filter(|d| d.label_before != d.label_after)
    }
}

/// Why two scorecards cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CompareError {
    /// They are on different grids, grid versions or grid contents (content hashes).
    #[error("cannot compare scorecards on different grids: `{0}` and `{1}`")]
    DifferentGrids(String, String),
    /// They were scored with different profiles: their dimension and overall scores weigh
    /// criteria differently and cannot be compared.
    #[error("cannot compare scorecards scored with different profiles: `{0}` and `{1}`")]
    DifferentProfiles(String, String),
}

/// Compares two scorecards on the same grid (same id, version and, when both record one,
/// content hash) scored with the same profile, criterion by criterion and dimension by
/// dimension.
pub fn compare(before: &Scorecard, after: &Scorecard) -> Result<Comparison, CompareError> {
    if before.grid.id != after.grid.id || before.grid.version != after.grid.version {
        return Err(CompareError::DifferentGrids(
            format!("{}@{}", before.grid.id, before.grid.version),
            format!("{}@{}", after.grid.id, after.grid.version),
        ));
    }
    // Same id and version but another content: criteria are paired by position, which would
    // pair different criteria.
    if let (Some(hb), Some(ha)) = (&before.grid.hash, &after.grid.hash)
        && hb != ha
    {
        return Err(CompareError::DifferentGrids(
            format!("{}@{} ({hb})", before.grid.id, before.grid.version),
            format!("{}@{} ({ha})", after.grid.id, after.grid.version),
        ));
    }
    if before.profile != after.profile {
        return Err(CompareError::DifferentProfiles(
            before.profile.to_string(),
            after.profile.to_string(),
        ));
    }
    let label = |s: &CriterionStatus| match s {
        CriterionStatus::Rated { label, .. } => Some(label.to_string()),
        _ => None,
    };
    let criteria = before
        .criteria
        .iter()
        .zip(&after.criteria)
        .map(|(b, a)| {
            delta(
                &b.id,
                b.score(),
                a.score(),
                label(&b.status),
                label(&a.status),
            )
        })
        .collect();
    let dimensions = before
        .dimensions
        .iter()
        .zip(&after.dimensions)
        .map(|(b, a)| {
            let band = |d: &crate::DimensionScore| d.aggregate.band.as_ref().map(Id::to_string);
            delta(&b.id, b.score(), a.score(), band(b), band(a))
        })
        .collect();
    let overall = match (&before.overall, &after.overall) {
        (Some(b), Some(a)) => Some(delta(
            &Id::new("overall").unwrap_or_else(|_| before.grid.id.clone()),
            b.score,
            a.score,
            b.band.as_ref().map(Id::to_string),
            a.band.as_ref().map(Id::to_string),
        )),
        _ => None,
    };
    Ok(Comparison {
        criteria,
        dimensions,
        overall,
    })
}

fn delta(
    id: &Id,
    before: Option<f64>,
    after: Option<f64>,
    lb: Option<String>,
    la: Option<String>,
) -> Delta {
    let change = match (before, after) {
        (Some(b), Some(a)) if a > b => Change::Up,
        (Some(b), Some(a)) if a < b => Change::Down,
        (Some(_), Some(_)) => Change::Same,
        (None, Some(_)) => Change::NewlyRated,
        (Some(_), None) => Change::NoLongerRated,
        (None, None) => Change::Unrated,
    };
    Delta {
        id: id.clone(),
        before,
        after,
        delta: before.zip(after).map(|(b, a)| a - b),
        label_before: lb,
        label_after: la,
        change,
    }
}
