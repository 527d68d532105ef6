//! The type of every `format: date-time` field of the generated models.

use std::{fmt, str::FromStr};

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time as Snowflake reports it. Reading is lenient, because Snowflake writes
/// timestamps in several shapes: RFC 3339 (`2024-06-18T01:01:01.111-07:00`), a space instead of
/// the `T`, an offset without a colon, or no offset at all (then taken as UTC). Writing is
/// RFC 3339 with the offset it was read with.
///
/// ```
/// use snowapi_rest::Timestamp;
/// let with_offset: Timestamp = "2024-06-18T01:01:01.111-07:00".parse().unwrap();
/// let without: Timestamp = "2024-06-18 08:01:01.111".parse().unwrap();
/// assert_eq!(with_offset.to_utc(), without.to_utc());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(DateTime<FixedOffset>);

/// A text that is not a timestamp in any shape Snowflake uses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a timestamp")]
pub struct TimestampError(String);

impl Timestamp {
    /// The instant in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.0.with_timezone(&Utc)
    }

    /// The instant with the offset Snowflake gave.
    pub fn with_offset(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for Timestamp {
    fn from(value: DateTime<Tz>) -> Self {
        Self(value.fixed_offset())
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        if let Ok(parsed) = DateTime::parse_from_rfc3339(trimmed) {
            return Ok(Self(parsed));
        }
        let with_t = trimmed.replacen(' ', "T", 1);
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f%:z",
            "%Y-%m-%dT%H:%M:%S%.f%z",
            "%Y-%m-%dT%H:%M:%S%.f %z",
        ] {
            if let Ok(parsed) = DateTime::parse_from_str(&with_t, format) {
                return Ok(Self(parsed));
            }
        }
        // The `T` may be back to a space before a space-separated offset.
        if let Ok(parsed) = DateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M:%S%.f %z") {
            return Ok(Self(parsed));
        }
        NaiveDateTime::parse_from_str(&with_t, "%Y-%m-%dT%H:%M:%S%.f")
            .map(|naive| Self(naive.and_utc().fixed_offset()))
            .map_err(|_| TimestampError(text.to_owned()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_snowflake_writes() {
        let utc = |s: &str| s.parse::<Timestamp>().unwrap().to_utc().to_rfc3339();
        let expected = "2024-06-18T08:01:01.111+00:00";
        for text in [
            "2024-06-18T01:01:01.111-07:00",
            "2024-06-18 01:01:01.111 -0700",
            "2024-06-18T01:01:01.111-0700",
            "2024-06-18T08:01:01.111",
            "2024-06-18 08:01:01.111",
            "2024-06-18T08:01:01.111Z",
            " 2024-06-18 08:01:01.111+00:00 ",
        ] {
            assert_eq!(utc(text), expected, "{text}");
        }
        assert_eq!(utc("2024-06-18 08:01:01"), "2024-06-18T08:01:01+00:00");
    }

    #[test]
    fn garbage_is_an_error_and_round_trip_keeps_the_offset() {
        assert!("yesterday".parse::<Timestamp>().is_err());
        assert!(serde_json::from_str::<Timestamp>("42").is_err());
        let ts: Timestamp = serde_json::from_str("\"2024-06-18T01:01:01.5-07:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&ts).unwrap(),
            "\"2024-06-18T01:01:01.500-07:00\""
        );
    }
}
