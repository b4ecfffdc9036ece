//! Codes: values of the core's closed vocabularies kept typed in documents (renderers match on
//! the enum, never on a string) and written in JSON as their stable names.

use std::borrow::Cow;

use repere_core::{
    Aggregation, Change, Confidence, Iap2Level, Phase, ProcessKind, Provenance, Role, Vocabulary,
};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

/// A closed set of values with stable names, as written in reports.
pub trait Named: Copy + 'static {
    /// The name of the set, for the JSON Schema.
    const WHAT: &'static str;
    /// Every value, in order.
    fn all() -> &'static [Self];
    /// The stable name of a value.
    fn name(self) -> &'static str;
}

macro_rules! named_vocabulary {
    ($($t:ty),+) => {$(
        impl Named for $t {
            const WHAT: &'static str = <$t as Vocabulary>::WHAT;
            fn all() -> &'static [Self] {
                <$t as Vocabulary>::ALL
            }
            fn name(self) -> &'static str {
                Vocabulary::as_str(self)
            }
        }
    )+};
}

named_vocabulary!(
    repere_core::crosswalk::Relation,
    Aggregation,
    Confidence,
    Iap2Level,
    Phase,
    ProcessKind,
    Provenance,
    Role
);

impl Named for crate::doc::crosswalk::CarryReason {
    const WHAT: &'static str = "CarryReason";
    fn all() -> &'static [Self] {
        Self::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl Named for Change {
    const WHAT: &'static str = "Change";
    fn all() -> &'static [Self] {
        &[
            Change::Up,
            Change::Down,
            Change::Same,
            Change::NewlyRated,
            Change::NoLongerRated,
            Change::Unrated,
        ]
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// A typed value written as its stable name: `Code(Phase::Closing)` is `"closing"` in JSON.
///
/// ```
/// use repere_core::Phase;
/// use repere_report::Code;
/// assert_eq!(serde_json::to_string(&Code(Phase::Closing))?, "\"closing\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code<T>(pub T);

impl<T: Named> Code<T> {
    /// The stable name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

impl<T: Named> Serialize for Code<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name())
    }
}

impl<T: Named> JsonSchema for Code<T> {
    fn schema_name() -> Cow<'static, str> {
        T::WHAT.into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = T::all().iter().map(|v| v.name()).collect();
        json_schema!({ "type": "string", "enum": names })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_distinct_and_kebab_case() {
        fn check<T: Named>() {
            let names: Vec<&str> = T::all().iter().map(|v| v.name()).collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}", T::WHAT);
            for n in names {
                assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{n}");
            }
        }
        check::<Aggregation>();
        check::<Change>();
        check::<Phase>();
        check::<Role>();
        check::<Provenance>();
        check::<ProcessKind>();
        check::<Iap2Level>();
        check::<Confidence>();
    }

    #[test]
    fn the_schema_lists_the_names() {
        let schema = schemars::schema_for!(Code<Phase>);
        let v = serde_json::to_value(&schema).unwrap();
        assert_eq!(v["enum"][0], "framing");
    }
}
