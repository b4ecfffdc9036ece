//! Deserialization of a parsed document into the file types, with errors that say what was
//! wrong as data rather than as text.
//!
//! `toml`'s deserializer words serde's reports itself (`unknown field …`, `expected i32`) and
//! keeps only the text. This one walks the same parsed document ([`DeTable`]), visits values
//! exactly as `toml` does, and its error type, [`DeError`], records serde's reports as they
//! are made ([`serde::de::Error::unknown_field`], [`serde::de::Error::invalid_type`], …): the
//! key found and the keys expected, the value found and what was asked for, with the span of
//! the key or value in error. [`words`](super::words) turns them into messages.
//!
//! What is not supported, because no file type needs it: `toml::Spanned` fields, and enums
//! written as tables (`{ variant = … }`); enums are read from strings.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use toml::Spanned;
use toml::de::{DeArray, DeInteger, DeTable, DeValue};

/// Deserializes a table of a parsed document (the document itself, or one of its tables).
pub(crate) fn from_table<T: DeserializeOwned>(table: &Spanned<DeTable<'_>>) -> Result<T, DeError> {
    // An issue raised by a deserialization that ended elsewhere is not this one's.
    RAISED.with(|r| r.borrow_mut().take());
    T::deserialize(ValueDe {
        node: Node::Table(table.get_ref()),
        span: table.span(),
    })
}

/// A deserialization error: what was wrong, and where (a byte span of the document).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DeError {
    /// What was wrong (boxed: errors are rare, and results small).
    pub(crate) issue: Box<DeIssue>,
    /// The key or value in error; `None` only while the error is being built.
    pub(crate) span: Option<Range<usize>>,
}

/// What was wrong with a document, as reported while deserializing it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DeIssue {
    /// A key the table does not take (serde's `unknown_field`).
    UnknownKey {
        /// The key found.
        key: String,
        /// The keys the table takes.
        expected: &'static [&'static str],
    },
    /// A name that is not one of a closed set (serde's `unknown_variant`).
    UnknownValue {
        /// The name found.
        found: String,
        /// The names accepted.
        expected: &'static [&'static str],
    },
    /// A required key that is missing (serde's `missing_field`).
    MissingKey {
        /// The key.
        key: &'static str,
    },
    /// A key given twice (serde's `duplicate_field`).
    DuplicateKey {
        /// The key.
        key: &'static str,
    },
    /// A value of the wrong type (serde's `invalid_type`).
    InvalidType {
        /// The value found.
        found: Found,
        /// What was asked for.
        expected: Expectation,
    },
    /// A value of the right type but not accepted, such as an integer out of range (serde's
    /// `invalid_value`).
    InvalidValue {
        /// The value found.
        found: Found,
        /// What was asked for.
        expected: Expectation,
    },
    /// An array of the wrong length (serde's `invalid_length`).
    InvalidLength {
        /// Its length.
        len: usize,
        /// What was asked for, in serde's words.
        expected: String,
    },
    /// A name from a closed vocabulary that is not one of its names (raised by
    /// [`raw::Named`](crate::raw::Named)).
    UnknownName {
        /// The vocabulary's type name ([`repere_core::Vocabulary::WHAT`], such as
        /// `ProcessKind`).
        what: &'static str,
        /// The name found.
        found: String,
        /// The vocabulary's names.
        expected: Vec<&'static str>,
        /// The closest name, when the one found looks misspelled.
        suggestion: Option<&'static str>,
    },
    /// A date that is not a calendar date (raised by [`raw::FileDate`](crate::raw::FileDate)).
    NotADate(repere_core::DateError),
    /// A date-time, or a time, where a date is expected (raised by
    /// [`raw::FileDate`](crate::raw::FileDate)).
    DateWithTime {
        /// The value, as written.
        found: String,
    },
    /// A positive integer too large for the value (raised by [`raw::Scalar`](crate::raw::Scalar)).
    IntegerTooLarge {
        /// The integer.
        value: u64,
    },
    /// An integer beyond what 128 bits hold.
    IntegerOverflow,
    /// A float that does not fit an `f64`.
    FloatOverflow,
    /// A message from a `Deserialize` implementation (serde's `custom`), as given.
    Message(String),
}

/// A value found where another was expected.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Found {
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A positive integer beyond `i128`.
    UInt(u128),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    Array,
    /// A table (or a date-time, which serde sees as a table).
    Table,
    /// Anything else, in serde's words.
    Other(String),
}

impl From<de::Unexpected<'_>> for Found {
    fn from(u: de::Unexpected<'_>) -> Self {
        match u {
            de::Unexpected::Bool(b) => Found::Bool(b),
            de::Unexpected::Unsigned(n) => Found::Int(i128::from(n)),
            de::Unexpected::Signed(n) => Found::Int(i128::from(n)),
            de::Unexpected::Float(x) => Found::Float(x),
            de::Unexpected::Str(s) => Found::Str(s.to_owned()),
            de::Unexpected::Seq => Found::Array,
            de::Unexpected::Map => Found::Table,
            other => Found::Other(other.to_string()),
        }
    }
}

/// What a visitor asked for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expectation {
    /// An integer of a Rust type, with its range.
    Integer {
        /// The lowest value.
        min: i128,
        /// The highest value.
        max: i128,
    },
    /// A float.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// What the visitor says it expects ([`Visitor::expecting`]), as it says it.
    Described(String),
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let issue = RAISED
            .with(|r| r.borrow_mut().take())
            .unwrap_or_else(|| DeIssue::Message(msg.to_string()));
        DeError::new(issue)
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError::new(DeIssue::InvalidType {
            found: unexp.into(),
            expected: Expectation::Described(exp.to_string()),
        })
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError::new(DeIssue::InvalidValue {
            found: unexp.into(),
            expected: Expectation::Described(exp.to_string()),
        })
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        DeError::new(DeIssue::InvalidLength {
            len,
            expected: exp.to_string(),
        })
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(DeIssue::UnknownValue {
            found: variant.to_owned(),
            expected,
        })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(DeIssue::UnknownKey {
            key: field.to_owned(),
            expected,
        })
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(DeIssue::MissingKey { key: field })
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(DeIssue::DuplicateKey { key: field })
    }
}

impl DeError {
    fn new(issue: DeIssue) -> Self {
        Self {
            issue: Box::new(issue),
            span: None,
        }
    }

    /// Completes an error raised by the visitor of a value (its span still unset): the
    /// value's span, the value as the document has it (exact, where serde's report of a large
    /// integer is only text) and, for types whose visitors describe them as Rust types (`i32`,
    /// `a sequence`), what was asked for in the terms of the file.
    fn at_value(mut self, span: &Range<usize>, hint: Hint, found: Option<Found>) -> Self {
        if self.span.is_some() {
            return self;
        }
        self.span = Some(span.clone());
        if let DeIssue::InvalidType {
            found: f,
            expected: e,
        }
        | DeIssue::InvalidValue {
            found: f,
            expected: e,
        } = &mut *self.issue
        {
            if let Some(found) = found {
                *f = found;
            }
            if let Some(expected) = hint.expectation() {
                *e = expected;
            }
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::words::de_message(&self.issue))
    }
}

impl std::error::Error for DeError {}

thread_local! {
    /// The issue a visitor of the file types raised last ([`raise`]), until the error type of
    /// the deserializer picks it up.
    static RAISED: RefCell<Option<DeIssue>> = const { RefCell::new(None) };
}

/// A deserialization error of any error type for `issue`, raised by a visitor of the file
/// types: serde's error trait only takes text (`custom`), so the issue itself is kept aside
/// for `DeError`'s [`custom`](de::Error::custom), which the loader's deserializer calls at
/// once. Other deserializers get the English message.
pub(crate) fn raise<E: de::Error>(issue: DeIssue) -> E {
    let message = super::words::de_message(&issue);
    RAISED.with(|r| *r.borrow_mut() = Some(issue));
    E::custom(message)
}

/// The `deserialize_*` method a value was asked through: what the visitor wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    /// `deserialize_any` and the methods that say nothing a message could use.
    Any,
    /// An integer of a Rust type: its range.
    Integer(i128, i128),
    /// A float.
    Float,
    /// A string.
    String,
    /// A sequence.
    Seq,
}

impl Hint {
    /// What was asked for, when the hint says it better than serde's visitors (`i32`, `f64`,
    /// `a sequence`); the visitors' own words otherwise.
    fn expectation(self) -> Option<Expectation> {
        match self {
            Hint::Any => None,
            Hint::Integer(min, max) => Some(Expectation::Integer { min, max }),
            Hint::Float => Some(Expectation::Number),
            Hint::String => Some(Expectation::String),
            Hint::Seq => Some(Expectation::Array),
        }
    }
}

/// A node of the document: a value, a table (the document itself is a table), or the text
/// of a date-time (see [`DatetimeDe`]).
#[derive(Clone, Copy)]
enum Node<'a, 'i> {
    Value(&'a DeValue<'i>),
    Table(&'a DeTable<'i>),
    Text(&'a str),
}

/// Deserializes one node, visiting it as `toml` does.
struct ValueDe<'a, 'i> {
    node: Node<'a, 'i>,
    span: Range<usize>,
}

impl ValueDe<'_, '_> {
    fn visit<'de, V: Visitor<'de>>(self, hint: Hint, visitor: V) -> Result<V::Value, DeError> {
        let mut found = None;
        let result = match self.node {
            Node::Table(t) | Node::Value(DeValue::Table(t)) => visitor.visit_map(TableDe::new(t)),
            Node::Value(DeValue::String(s)) => visitor.visit_str(s),
            Node::Text(s) => visitor.visit_str(s),
            Node::Value(DeValue::Integer(i)) => visit_integer(i, visitor, &mut found),
            Node::Value(DeValue::Float(x)) => match float(x.as_str()) {
                Some(x) => visitor.visit_f64(x),
                None => Err(DeError::new(DeIssue::FloatOverflow)),
            },
            Node::Value(DeValue::Boolean(b)) => visitor.visit_bool(*b),
            Node::Value(DeValue::Datetime(d)) => visitor.visit_map(DatetimeDe {
                text: Some(d.to_string()),
                span: self.span.clone(),
            }),
            Node::Value(DeValue::Array(items)) => visitor.visit_seq(ArrayDe::new(items)),
        };
        result.map_err(|e| e.at_value(&self.span, hint, found))
    }
}

/// Visits an integer as `toml` does: as the first of `i64`, `u64`, `i128`, `u128` that holds
/// it. `found` is set to the integer.
fn visit_integer<'de, V: Visitor<'de>>(
    i: &DeInteger<'_>,
    visitor: V,
    found: &mut Option<Found>,
) -> Result<V::Value, DeError> {
    let (digits, radix) = (i.as_str(), i.radix());
    if let Ok(n) = i64::from_str_radix(digits, radix) {
        *found = Some(Found::Int(i128::from(n)));
        visitor.visit_i64(n)
    } else if let Ok(n) = u64::from_str_radix(digits, radix) {
        *found = Some(Found::Int(i128::from(n)));
        visitor.visit_u64(n)
    } else if let Ok(n) = i128::from_str_radix(digits, radix) {
        *found = Some(Found::Int(n));
        visitor.visit_i128(n)
    } else if let Ok(n) = u128::from_str_radix(digits, radix) {
        *found = Some(Found::UInt(n));
        visitor.visit_u128(n)
    } else {
        Err(DeError::new(DeIssue::IntegerOverflow))
    }
}

/// A float as `toml` reads it: an infinity only when written so, not from an overflow.
fn float(text: &str) -> Option<f64> {
    let x: f64 = text.parse().ok()?;
    (!x.is_infinite() || text.contains("inf")).then_some(x)
}

macro_rules! hinted {
    ($($method:ident => $hint:expr),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                self.visit($hint, visitor)
            }
        )*
    };
}

/// The range of an integer type, as a hint.
macro_rules! int {
    ($t:ty) => {
        Hint::Integer(i128::from(<$t>::MIN), i128::from(<$t>::MAX))
    };
}

impl<'de> de::Deserializer<'de> for ValueDe<'_, '_> {
    type Error = DeError;

    hinted! {
        deserialize_any => Hint::Any,
        deserialize_i8 => int!(i8),
        deserialize_i16 => int!(i16),
        deserialize_i32 => int!(i32),
        deserialize_i64 => int!(i64),
        deserialize_u8 => int!(u8),
        deserialize_u16 => int!(u16),
        deserialize_u32 => int!(u32),
        deserialize_u64 => int!(u64),
        deserialize_f32 => Hint::Float,
        deserialize_f64 => Hint::Float,
        deserialize_str => Hint::String,
        deserialize_string => Hint::String,
        deserialize_seq => Hint::Seq,
    }

    // `None` is a missing key: a value that is there is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.span.clone();
        visitor
            .visit_some(self)
            .map_err(|e| e.at_value(&span, Hint::Any, None))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.span.clone();
        visitor
            .visit_newtype_struct(self)
            .map_err(|e| e.at_value(&span, Hint::Any, None))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.node {
            Node::Value(DeValue::String(s)) => {
                let s: &str = s;
                visitor
                    .visit_enum(s.into_deserializer())
                    .map_err(|e: DeError| e.at_value(&self.span, Hint::Any, None))
            }
            // Not a string: the visitor says what it expects instead.
            _ => self.visit(Hint::Any, visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool char bytes byte_buf unit unit_struct tuple tuple_struct map struct identifier
        ignored_any i128 u128
    }
}

/// The entries of a table, in the order of the file.
struct TableDe<'a, 'i> {
    entries: toml::map::Iter<'a, Spanned<toml::de::DeString<'i>>, Spanned<DeValue<'i>>>,
    value: Option<&'a Spanned<DeValue<'i>>>,
}

impl<'a, 'i> TableDe<'a, 'i> {
    fn new(table: &'a DeTable<'i>) -> Self {
        Self {
            entries: table.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for TableDe<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let span = key.span();
        let name: &str = key.get_ref();
        seed.deserialize(KeyDe(name)).map(Some).map_err(|mut e| {
            e.span.get_or_insert(span);
            e
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| DeError::new(DeIssue::Message("a value without its key".to_owned())))?;
        seed.deserialize(ValueDe {
            node: Node::Value(value.get_ref()),
            span: value.span(),
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A key of a table.
struct KeyDe<'a>(&'a str);

impl<'de> de::Deserializer<'de> for KeyDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_str(self.0)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// The elements of an array.
struct ArrayDe<'a, 'i> {
    items: std::slice::Iter<'a, Spanned<DeValue<'i>>>,
}

impl<'a, 'i> ArrayDe<'a, 'i> {
    fn new(items: &'a DeArray<'i>) -> Self {
        Self {
            items: items.iter(),
        }
    }
}

impl<'de> de::SeqAccess<'de> for ArrayDe<'_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        self.items
            .next()
            .map(|item| {
                seed.deserialize(ValueDe {
                    node: Node::Value(item.get_ref()),
                    span: item.span(),
                })
            })
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A date-time, as `toml` hands it to serde: a table of one private key whose value is the
/// date-time's text, which `toml::value::Datetime` reads back.
struct DatetimeDe {
    /// The text, until it is read.
    text: Option<String>,
    /// The date-time's span.
    span: Range<usize>,
}

impl<'de> MapAccess<'de> for DatetimeDe {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        if self.text.is_none() {
            return Ok(None);
        }
        seed.deserialize(datetime_key().into_deserializer())
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let text = self.text.take().unwrap_or_default();
        seed.deserialize(ValueDe {
            node: Node::Text(&text),
            span: self.span.clone(),
        })
    }
}

/// The private key under which `toml_datetime` exchanges a date-time with deserializers,
/// learnt from how a date-time serializes (so that it is the one of the version linked).
fn datetime_key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        let dt: toml::value::Datetime = "1979-05-27".parse().unwrap_or(toml::value::Datetime {
            date: None,
            time: None,
            offset: None,
        });
        match serde_json::to_value(dt) {
            Ok(serde_json::Value::Object(map)) => map.keys().next().cloned().unwrap_or_default(),
            _ => String::new(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Spanned<DeTable<'_>> {
        let (root, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        root
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        year: i32,
        count: Option<u64>,
        names: Option<Vec<String>>,
        when: Option<crate::raw::FileDate>,
    }

    fn issue(text: &str) -> (DeIssue, String) {
        let root = table(text);
        let e = from_table::<T>(&root).unwrap_err();
        let span = e.span.clone().expect("located");
        (*e.issue, text[span].to_owned())
    }

    #[test]
    fn errors_are_data_with_the_span_of_the_key_or_value() {
        assert_eq!(
            issue("year = 1\nyaer = 2"),
            (
                DeIssue::UnknownKey {
                    key: "yaer".to_owned(),
                    expected: &["year", "count", "names", "when"],
                },
                "yaer".to_owned()
            )
        );
        assert_eq!(
            issue("year = \"2016\""),
            (
                DeIssue::InvalidType {
                    found: Found::Str("2016".to_owned()),
                    expected: Expectation::Integer {
                        min: i128::from(i32::MIN),
                        max: i128::from(i32::MAX),
                    },
                },
                "\"2016\"".to_owned()
            )
        );
        assert_eq!(
            issue("year = 1\ncount = 99999999999999999999"),
            (
                // serde's `u64` reports `i128` values as of the wrong type.
                DeIssue::InvalidType {
                    found: Found::Int(99_999_999_999_999_999_999),
                    expected: Expectation::Integer {
                        min: 0,
                        max: i128::from(u64::MAX),
                    },
                },
                "99999999999999999999".to_owned()
            )
        );
        assert_eq!(
            issue("year = 1\nnames = [\"a\", 2]"),
            (
                DeIssue::InvalidType {
                    found: Found::Int(2),
                    expected: Expectation::String,
                },
                "2".to_owned()
            )
        );
        assert_eq!(
            issue("year = 1\nnames = \"a\""),
            (
                DeIssue::InvalidType {
                    found: Found::Str("a".to_owned()),
                    expected: Expectation::Array,
                },
                "\"a\"".to_owned()
            )
        );
        assert_eq!(
            issue("count = 1"),
            (DeIssue::MissingKey { key: "year" }, String::new())
        );
    }

    #[test]
    fn issues_raised_by_the_file_types_are_kept_as_data() {
        let (issue, at) = issue("year = 1\nwhen = 2020-01-01T10:00:00");
        assert_eq!(
            issue,
            DeIssue::DateWithTime {
                found: "2020-01-01T10:00:00".to_owned()
            }
        );
        assert_eq!(at, "2020-01-01T10:00:00");
        let root = table("year = 1\nwhen = \"2020-02-30\"");
        assert!(matches!(
            *from_table::<T>(&root).unwrap_err().issue,
            DeIssue::NotADate(_)
        ));
    }

    #[test]
    fn dates_read_as_with_toml() {
        let root = table("year = 1\nwhen = 2020-01-31");
        let t: T = from_table(&root).unwrap();
        assert_eq!(
            t.when.map(|d| d.0),
            Some(repere_core::Date::new(2020, 1, 31).unwrap())
        );
        assert!(!datetime_key().is_empty());
    }
}
