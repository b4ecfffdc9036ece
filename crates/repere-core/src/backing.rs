//! How an element below the criterion is backed: a level descriptor, a criterion's measure, a
//! profile's weights, gates and bands.
//!
//! A criterion can be read in a source while its level descriptors, its measure or the
//! thresholds of a profile are Repère's own. A [`Backing`] says so, element by element. When
//! it says nothing, the element inherits from the element that encloses it, and the API says
//! from which: [`Backing::effective_provenance`] takes the inherited provenance as an argument
//! and never invents one.
//!
//! | element | inherits from |
//! |---|---|
//! | a criterion's own level descriptor (rubric entry) | the criterion |
//! | a criterion's measure ([`Indicator`]) | the criterion |
//! | a scale's level descriptor | the grid |
//! | a profile's weights, each gate, the bands | the profile |

use crate::{Id, Provenance, Text};

/// How an element is backed: its own provenance and the grid sources it cites.
///
/// Both parts are optional: an empty backing ([`Backing::default`]) inherits everything from
/// the enclosing element.
///
/// ```
/// use repere_core::{Backing, Id, Provenance};
/// let own = Backing::new(Provenance::Illustrative);
/// assert_eq!(own.effective_provenance(Provenance::Sourced), Provenance::Illustrative);
/// let inherited = Backing::default();
/// assert!(inherited.is_inherited());
/// assert_eq!(inherited.effective_provenance(Provenance::Sourced), Provenance::Sourced);
/// let cited = Backing::default().citing(Id::new("cndp-2016").unwrap());
/// assert_eq!(cited.provenance, None);
/// assert_eq!(cited.sources.len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backing {
    /// The element's own provenance; `None` inherits the enclosing element's.
    pub provenance: Option<Provenance>,
    /// The ids of the grid sources the element itself cites; empty cites none of its own.
    pub sources: Vec<Id>,
}

impl Backing {
    /// A backing with its own provenance and no source of its own.
    pub fn new(provenance: Provenance) -> Self {
        Self {
            provenance: Some(provenance),
            sources: Vec::new(),
        }
    }

    /// This backing citing one more source.
    #[must_use]
    pub fn citing(mut self, source: Id) -> Self {
        self.sources.push(source);
        self
    }

    /// Whether the backing says nothing of its own (no provenance, no source).
    pub fn is_inherited(&self) -> bool {
        self.provenance.is_none() && self.sources.is_empty()
    }

    /// The provenance that holds for the element: its own, or else `inherited`, the
    /// enclosing element's.
    pub fn effective_provenance(&self, inherited: Provenance) -> Provenance {
        self.provenance.unwrap_or(inherited)
    }

    /// Whether the element's provenance differs from the enclosing element's (`inherited`):
    /// reports show a tag for it then.
    pub fn differs_from(&self, inherited: Provenance) -> bool {
        self.provenance.is_some_and(|p| p != inherited)
    }
}

/// A criterion's measure: what is counted and how, for criteria that are counted rather than
/// judged (for example "share of speaking time taken by women, from the observer's timed
/// record"). Its backing inherits from the criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// What is counted and how.
    pub description: Text,
    /// How the measure is backed.
    pub backing: Backing,
}

impl Indicator {
    /// A measure described by `description`, inheriting its backing from the criterion.
    pub fn new(description: Text) -> Self {
        Self {
            description,
            backing: Backing::default(),
        }
    }
}
