//! Validated identifiers and language tags.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// The longest identifier accepted, in bytes.
pub const MAX_ID_LEN: usize = 128;

/// An identifier of a grid, dimension, criterion, scale, level, profile, band or source.
///
/// An id is 1 to [`MAX_ID_LEN`] ASCII characters: letters, digits, `.`, `_` and `-`, starting
/// with a letter or a digit. Ids are case-sensitive and compared byte-wise, so they sort the
/// same way everywhere.
///
/// ```
/// use repere_core::Id;
/// let id: Id = "a1.objectifs".parse()?;
/// assert_eq!(id.as_str(), "a1.objectifs");
/// assert!(Id::new("with space").is_err());
/// # Ok::<(), repere_core::IdError>(())
/// ```
// Shared, immutable storage: scorecards copy ids into every score and trace, and a clone is
// then a reference count rather than an allocation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(Arc<str>);

/// Why a string is not a valid [`Id`] or [`Lang`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The string is empty.
    #[error("an identifier cannot be empty")]
    Empty,
    /// The string is longer than [`MAX_ID_LEN`].
    #[error("identifier `{0}…` is longer than {MAX_ID_LEN} characters")]
    TooLong(String),
    /// The string contains a character outside the allowed set.
    #[error(
        "identifier `{id}` contains `{ch}`: use ASCII letters, digits, `.`, `_` and `-`, starting with a letter or digit"
    )]
    BadChar {
        /// The rejected identifier.
        id: String,
        /// The first offending character.
        ch: char,
    },
    /// The string is not a language tag such as `fr`, `en` or `fr-CA`.
    #[error(
        "`{0}` is not a language tag: expected two or three lower-case letters, such as `fr` or `en`, optionally followed by a region such as `-CA`"
    )]
    BadLang(String),
}

impl Id {
    /// Checks and wraps an identifier.
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        let s = s.into();
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        if s.len() > MAX_ID_LEN {
            let mut cut = MAX_ID_LEN.min(32);
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            return Err(IdError::TooLong(s[..cut].to_owned()));
        }
        for (i, ch) in s.chars().enumerate() {
            let ok = ch.is_ascii_alphanumeric() || (i > 0 && matches!(ch, '.' | '_' | '-'));
            if !ok {
                return Err(IdError::BadChar { id: s, ch });
            }
        }
        Ok(Self(Arc::from(s)))
    }

    /// The identifier as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Id {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// A language tag: a primary language subtag (`fr`, `en`, `de`) optionally followed by a
/// region (`fr-CA`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(String);

impl Lang {
    /// Checks and wraps a language tag.
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        let s = s.into();
        let mut parts = s.split('-');
        let primary = parts.next().unwrap_or_default();
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
        let rest_ok = parts
            .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        if primary_ok && rest_ok {
            Ok(Self(s))
        } else {
            Err(IdError::BadLang(s))
        }
    }

    /// French.
    pub fn fr() -> Self {
        Self("fr".to_owned())
    }

    /// English.
    pub fn en() -> Self {
        Self("en".to_owned())
    }

    /// The tag as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Lang {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Returns the candidate closest to `name` by edit distance, if one is close enough to be a
/// likely misspelling (distance at most 3 and less than the name's length).
///
/// ```
/// let known = ["inclusion", "independance", "transparence"];
/// assert_eq!(repere_core::closest("inclusoin", known), Some("inclusion"));
/// assert_eq!(repere_core::closest("zzz", known), None);
/// ```
pub fn closest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = 3.min(name.chars().count().saturating_sub(1)).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_the_documented_alphabet() {
        assert!(Id::new("compte_rendu_bilan").is_ok());
        assert!(Id::new("0").is_ok());
        assert_eq!(Id::new(""), Err(IdError::Empty));
        assert!(matches!(
            Id::new(".x"),
            Err(IdError::BadChar { ch: '.', .. })
        ));
        assert!(matches!(
            Id::new("é"),
            Err(IdError::BadChar { ch: 'é', .. })
        ));
        assert!(matches!(Id::new("a".repeat(200)), Err(IdError::TooLong(_))));
    }

    #[test]
    fn languages() {
        assert!(Lang::new("fr").is_ok());
        assert!(Lang::new("fr-CA").is_ok());
        assert!(Lang::new("FR").is_err());
        assert!(Lang::new("french").is_err());
        assert!(Lang::new("").is_err());
    }

    #[test]
    fn closest_prefers_the_smallest_distance_then_the_name() {
        assert_eq!(closest("ab", ["ac", "ab"]), Some("ab"));
        assert_eq!(closest("abc", ["abd", "abe"]), Some("abd"));
        assert_eq!(closest("x", ["y"]), Some("y"));
        assert_eq!(closest("x", ["yyy"]), None);
    }
}
