//! Validation problems, each located by a path in the grid, profile or assessment.

use std::fmt;

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Segment {
    /// A named field, such as `scale`.
    Key(&'static str),
    /// An element of a list of identified items, named by its id, such as `[inclusion]`.
    Id(String),
    /// An element of a list by position, such as `[2]`.
    Index(usize),
}

/// Where a problem is, for example `dimensions[inclusion].criteria[diversity].scale`.
///
/// Elements of identified lists are named by their id, so that a loader can find the item in
/// its source file and a person can find it in the grid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(Vec<Segment>);

impl Path {
    /// The empty path (the document itself).
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path followed by a field.
    #[must_use]
    pub fn key(&self, key: &'static str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Key(key));
        p
    }

    /// This path followed by an identified element.
    #[must_use]
    pub fn id(&self, id: impl fmt::Display) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Id(id.to_string()));
        p
    }

    /// This path followed by an element by position.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    /// The steps of the path.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Id(id) => write!(f, "[{id}]")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One validation problem: where it is, what is wrong and, when obvious, what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where the problem is.
    pub path: Path,
    /// What is wrong, including what was found and what was expected.
    pub message: String,
    /// A suggestion, such as a close known name (`did you mean`).
    pub help: Option<String>,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: Path, message: impl Into<String>) -> Self {
        Self {
            path,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a suggestion.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a "did you mean" suggestion when `name` is close to one of `known`.
    #[must_use]
    pub fn suggest<'a>(
        self,
        what: &str,
        name: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        match crate::closest(name, known) {
            Some(c) => self.with_help(format!("a {what} with a similar name exists: `{c}`")),
            None => self,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some(h) = &self.help {
            write!(f, " (help: {h})")?;
        }
        Ok(())
    }
}

/// All the problems found while validating something; never empty.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// `Ok(())` when `problems` is empty, the problems otherwise.
    pub fn check(problems: Vec<Problem>) -> Result<(), Problems> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Problems(problems))
        }
    }

    /// The problems, in the order they were found.
    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }

    /// The problems, owned.
    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} problem{}", if n == 1 { "" } else { "s" })?;
        for p in &self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_the_grid() {
        let p = Path::root()
            .key("dimensions")
            .id("inclusion")
            .key("criteria")
            .id("diversity")
            .key("scale");
        assert_eq!(
            p.to_string(),
            "dimensions[inclusion].criteria[diversity].scale"
        );
        assert_eq!(Path::root().key("bands").index(2).to_string(), "bands[2]");
    }
}
