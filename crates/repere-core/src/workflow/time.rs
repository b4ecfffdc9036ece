//! Times given by the caller: whole seconds since the Unix epoch, written in UTC.

use std::fmt;
use std::str::FromStr;

use crate::Date;

/// A moment given by the caller, in whole seconds since 1970-01-01T00:00:00 UTC.
///
/// The core has no clock: every action is dated by whoever applies it. Written (and parsed)
/// as RFC 3339 in UTC, `YYYY-MM-DDTHH:MM:SSZ`; parsing accepts the years 1000 to 9999.
///
/// ```
/// use repere_core::workflow::Timestamp;
/// let t: Timestamp = "2024-05-01T14:30:00Z".parse()?;
/// assert_eq!(t, Timestamp(1_714_573_800));
/// assert_eq!(t.to_string(), "2024-05-01T14:30:00Z");
/// assert!("2024-05-01 14:30".parse::<Timestamp>().is_err());
/// # Ok::<(), repere_core::workflow::TimestampError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The number of seconds since 1970-01-01T00:00:00 UTC.
    pub fn seconds(self) -> i64 {
        self.0
    }

    /// Midnight (UTC) at the start of a date.
    pub fn at_midnight(date: Date) -> Self {
        let days = days_from_civil(
            i64::from(date.year()),
            i64::from(date.month()),
            i64::from(date.day()),
        );
        Self(days * 86_400)
    }
}

/// Why a text is not a [`Timestamp`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a time: expected `YYYY-MM-DDTHH:MM:SSZ` in UTC, such as `2024-05-01T14:30:00Z`"
)]
pub struct TimestampError(pub String);

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || TimestampError(s.to_owned());
        let b = s.as_bytes();
        if b.len() != 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
            return Err(err());
        }
        let date: Date = s[..10].parse().map_err(|_| err())?;
        let num = |r: std::ops::Range<usize>, max: i64| -> Result<i64, TimestampError> {
            let part = &s[r];
            let n: i64 = if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| err())?
            } else {
                return Err(err());
            };
            if n <= max { Ok(n) } else { Err(err()) }
        };
        let (h, m, sec) = (num(11..13, 23)?, num(14..16, 59)?, num(17..19, 59)?);
        Ok(Self(Self::at_midnight(date).0 + h * 3600 + m * 60 + sec))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a number of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses() {
        for s in [
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "2000-02-29T12:00:00Z",
            "9999-12-31T23:59:59Z",
            "1000-01-01T00:00:00Z",
        ] {
            let t: Timestamp = s.parse().unwrap();
            assert_eq!(t.to_string(), s);
        }
        assert_eq!("1970-01-01T00:00:01Z".parse(), Ok(Timestamp(1)));
        assert_eq!("1969-12-31T23:59:59Z".parse(), Ok(Timestamp(-1)));
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00+01:00",
            "2024-01-01t00:00:00Z",
            "2024-01-01T0a:00:00Z",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
        // Extreme values still display.
        assert!(!Timestamp(i64::MIN).to_string().is_empty());
        assert!(!Timestamp(i64::MAX).to_string().is_empty());
    }
}
