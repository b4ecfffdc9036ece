//! The shared vocabulary: phases, roles, provenance, data sources, dates, participation levels.

use std::fmt;
use std::str::FromStr;

/// Declares a C-like enum with stable kebab-case names, `Display`, `FromStr`, `ALL` and
/// [`Vocabulary`](crate::Vocabulary).
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name used in files and on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl $crate::Vocabulary for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const WHAT: &'static str = stringify!($name);
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::UnknownName {
                        found: s.to_owned(),
                        expected: Self::ALL.iter().map(|v| v.as_str()).collect(),
                    }),
                }
            }
        }
    };
}

pub(crate) use named_enum;

/// A closed set of values with stable names, as used in files and on the command line.
pub trait Vocabulary: Copy + Eq + FromStr<Err = UnknownName> + 'static {
    /// Every value, in order.
    const ALL: &'static [Self];
    /// The name of the set, for messages and schemas.
    const WHAT: &'static str;
    /// The stable name of a value.
    fn as_str(self) -> &'static str;
}

/// A name that is not one of an enumeration's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value `{found}`, expected one of {}", quoted(.expected))]
pub struct UnknownName {
    /// What was given.
    pub found: String,
    /// The accepted names.
    pub expected: Vec<&'static str>,
}

impl UnknownName {
    /// The accepted name closest to what was given, if it looks like a misspelling.
    pub fn suggestion(&self) -> Option<&'static str> {
        crate::closest(&self.found, self.expected.iter().copied())
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

named_enum! {
    /// The phase of a process at which an assessment is made.
    pub enum Phase {
        /// Framing (*cadrage*, ex ante): the ambition is set.
        Framing => "framing",
        /// Monitoring (*chemin faisant*, in itinere).
        Monitoring => "monitoring",
        /// Closing assessment (*bilan*, ex post).
        Closing => "closing",
        /// Response and follow-up (*suites*, accountability).
        FollowUp => "follow-up",
        /// Long-term impact.
        Impact => "impact",
    }
}

named_enum! {
    /// Who makes an assessment.
    pub enum Role {
        /// The public authority that commissions the process (*commanditaire*).
        Commissioner => "commissioner",
        /// The project owner (*maître d'ouvrage*, *porteur de projet*): self-assessment.
        ProcessOwner => "process-owner",
        /// The organiser or facilitator (*animateur*, *prestataire*): self-assessment.
        Organiser => "organiser",
        /// An evaluator, internal or independent.
        Evaluator => "evaluator",
        /// A third-party guarantor (CNDP *garant*, special commission).
        Guarantor => "guarantor",
        /// A volunteer or research observer.
        Observer => "observer",
        /// The participants themselves (self-report, survey).
        Participant => "participant",
        /// A pluralist monitoring committee (*comité de suivi*).
        Committee => "committee",
    }
}

impl Role {
    /// Whether this role assesses its own process (self-assessment).
    pub fn is_self_assessment(self) -> bool {
        matches!(
            self,
            Role::Commissioner | Role::ProcessOwner | Role::Organiser
        )
    }
}

named_enum! {
    /// How well a piece of a grid or an example is backed by its sources.
    pub enum Provenance {
        /// Read in the cited source (`[S]`).
        Sourced => "sourced",
        /// Known from the literature but only partly confirmed by the page found (`[M]`).
        Partial => "partial",
        /// Written to make the grid usable; not a fact of any source (`[I]`).
        Illustrative => "illustrative",
    }
}

impl Provenance {
    /// The one-letter tag used in reports: `S`, `M` or `I`.
    pub fn tag(self) -> &'static str {
        match self {
            Provenance::Sourced => "S",
            Provenance::Partial => "M",
            Provenance::Illustrative => "I",
        }
    }
}

named_enum! {
    /// Where the evidence for a criterion is expected to come from.
    pub enum DataSource {
        /// Documents (reports, minutes, published material).
        Document => "document",
        /// Direct observation of meetings.
        Observation => "observation",
        /// A survey or questionnaire.
        Survey => "survey",
        /// Interviews.
        Interview => "interview",
        /// Counts and administrative statistics.
        Statistics => "statistics",
        /// Anything else.
        Other => "other",
    }
}

named_enum! {
    /// The level of public participation on the IAP2 spectrum claimed for a process.
    pub enum Iap2Level {
        /// Inform.
        Inform => "inform",
        /// Consult.
        Consult => "consult",
        /// Involve.
        Involve => "involve",
        /// Collaborate.
        Collaborate => "collaborate",
        /// Empower.
        Empower => "empower",
    }
}

named_enum! {
    /// The kind of participation process.
    pub enum ProcessKind {
        /// A public debate (*débat public*).
        PublicDebate => "public-debate",
        /// A prior or project concertation (*concertation préalable*, *concertation*).
        Concertation => "concertation",
        /// A public consultation (written comments, online consultation).
        Consultation => "consultation",
        /// A citizens' panel, jury or assembly, usually selected by lot.
        CitizensPanel => "citizens-panel",
        /// A participatory budget.
        ParticipatoryBudget => "participatory-budget",
        /// A local public meeting.
        PublicMeeting => "public-meeting",
        /// Any other process.
        Other => "other",
    }
}

named_enum! {
    /// How confident an assessor is in a rating.
    pub enum Confidence {
        /// Low confidence.
        Low => "low",
        /// Medium confidence.
        Medium => "medium",
        /// High confidence.
        High => "high",
    }
}

/// A calendar date (proleptic Gregorian), written `YYYY-MM-DD`.
///
/// ```
/// let d: repere_core::Date = "2020-11-16".parse()?;
/// assert_eq!((d.year(), d.month(), d.day()), (2020, 11, 16));
/// assert!("2020-02-30".parse::<repere_core::Date>().is_err());
/// # Ok::<(), repere_core::DateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date: expected `YYYY-MM-DD` with a real day, such as `2020-11-16`")]
pub struct DateError(pub String);

impl Date {
    /// A date from its parts, checked (years 1000 to 9999).
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        if (1000..=9999).contains(&year) && day >= 1 && day <= days {
            Ok(Self { year, month, day })
        } else {
            Err(DateError(format!("{year:04}-{month:02}-{day:02}")))
        }
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateError(s.to_owned());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u16, DateError> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(y, m as u8, d as u8).map_err(|_| err())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_suggest() {
        for p in Phase::ALL {
            assert_eq!(p.as_str().parse::<Phase>(), Ok(*p));
        }
        let e = "folow-up".parse::<Phase>().unwrap_err();
        assert_eq!(e.suggestion(), Some("follow-up"));
        assert!(e.to_string().contains("`framing`, `monitoring`"));
    }

    #[test]
    fn dates() {
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2023-13-01".parse::<Date>().is_err());
        assert!("2023-1-01".parse::<Date>().is_err());
        assert!("+023-01-01".parse::<Date>().is_err());
        assert_eq!(Date::new(2020, 1, 5).unwrap().to_string(), "2020-01-05");
        assert!(Date::new(2020, 1, 5).unwrap() < Date::new(2020, 2, 1).unwrap());
    }
}
