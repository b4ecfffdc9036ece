//! Texts in several languages.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::Lang;

/// A text given in one or more languages, such as a label in French and English.
///
/// Lookups fall back: first the language asked for, then the fallback language (a grid's
/// default language), then the first language present in tag order.
///
/// ```
/// use repere_core::{Lang, Text};
/// let t = Text::new(Lang::fr(), "Inclusion").with(Lang::en(), "Inclusiveness");
/// assert_eq!(t.get(&Lang::en(), &Lang::fr()), "Inclusiveness");
/// assert_eq!(t.get(&"de".parse()?, &Lang::fr()), "Inclusion");
/// # Ok::<(), repere_core::IdError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Text {
    // Shared, copied on write: scorecards copy level labels and descriptors, and a clone is
    // then a reference count rather than a copy of every translation.
    entries: Arc<BTreeMap<Lang, String>>,
}

impl Text {
    /// A text in one language.
    pub fn new(lang: Lang, text: impl Into<String>) -> Self {
        Self::default().with(lang, text)
    }

    /// The empty text (no language at all), for optional descriptions.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Adds or replaces the text in `lang`.
    #[must_use]
    pub fn with(mut self, lang: Lang, text: impl Into<String>) -> Self {
        self.insert(lang, text);
        self
    }

    /// Adds or replaces the text in `lang`.
    pub fn insert(&mut self, lang: Lang, text: impl Into<String>) {
        Arc::make_mut(&mut self.entries).insert(lang, text.into());
    }

    /// The text in `lang`, or in `fallback`, or in the first language present; `""` when the
    /// text is empty.
    pub fn get(&self, lang: &Lang, fallback: &Lang) -> &str {
        self.entries
            .get(lang)
            .or_else(|| self.entries.get(fallback))
            .or_else(|| self.entries.values().next())
            .map_or("", String::as_str)
    }

    /// The text in exactly `lang`, if given.
    pub fn exact(&self, lang: &Lang) -> Option<&str> {
        self.entries.get(lang).map(String::as_str)
    }

    /// Whether no language is given.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The languages and texts, in tag order.
    pub fn iter(&self) -> impl Iterator<Item = (&Lang, &str)> {
        self.entries.iter().map(|(l, t)| (l, t.as_str()))
    }

    /// The languages present, in tag order.
    pub fn langs(&self) -> impl Iterator<Item = &Lang> {
        self.entries.keys()
    }
}

impl FromIterator<(Lang, String)> for Text {
    fn from_iter<T: IntoIterator<Item = (Lang, String)>>(iter: T) -> Self {
        Self {
            entries: Arc::new(iter.into_iter().collect()),
        }
    }
}
