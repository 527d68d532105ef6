//! Date and time parts (`YEAR`, `MM`, `DD`, `HH`, `MS`, ...) as DATEADD, DATEDIFF and LAST_DAY
//! take them, with Snowflake's abbreviations.

use datafusion::common::{DataFusionError, ScalarValue};

use super::{
    civil_time::NANOS_PER_SECOND,
    scalar_support::{argument_error, literal_text},
};

/// A unit of calendar or clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// Years.
    Year,
    /// Quarters.
    Quarter,
    /// Months.
    Month,
    /// Weeks (starting Monday).
    Week,
    /// Days.
    Day,
    /// Hours.
    Hour,
    /// Minutes.
    Minute,
    /// Seconds.
    Second,
    /// Milliseconds.
    Millisecond,
    /// Microseconds.
    Microsecond,
    /// Nanoseconds.
    Nanosecond,
}

impl Part {
    /// The part a name or abbreviation stands for (any case).
    pub(crate) fn parse(name: &str) -> Option<Self> {
        let part = match name.trim().to_ascii_uppercase().as_str() {
            "YEAR" | "Y" | "YY" | "YYY" | "YYYY" | "YR" | "YEARS" | "YRS" => Self::Year,
            "QUARTER" | "Q" | "QTR" | "QTRS" | "QUARTERS" => Self::Quarter,
            "MONTH" | "MM" | "MON" | "MONS" | "MONTHS" => Self::Month,
            "WEEK" | "W" | "WK" | "WEEKS" => Self::Week,
            "DAY" | "D" | "DD" | "DAYS" | "DAYOFMONTH" => Self::Day,
            "HOUR" | "H" | "HH" | "HR" | "HOURS" | "HRS" => Self::Hour,
            "MINUTE" | "M" | "MI" | "MIN" | "MINUTES" | "MINS" => Self::Minute,
            "SECOND" | "S" | "SEC" | "SECONDS" | "SECS" => Self::Second,
            "MILLISECOND" | "MS" | "MSEC" | "MILLISECONDS" => Self::Millisecond,
            "MICROSECOND" | "US" | "USEC" | "MICROSECONDS" => Self::Microsecond,
            "NANOSECOND" | "NS" | "NSEC" | "NANOSEC" | "NSECOND" | "NANOSECONDS" | "NANOSECS"
            | "NSECONDS" => Self::Nanosecond,
            _ => return None,
        };
        Some(part)
    }

    /// The upper-case name Snowflake shows.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Year => "YEAR",
            Self::Quarter => "QUARTER",
            Self::Month => "MONTH",
            Self::Week => "WEEK",
            Self::Day => "DAY",
            Self::Hour => "HOUR",
            Self::Minute => "MINUTE",
            Self::Second => "SECOND",
            Self::Millisecond => "MILLISECOND",
            Self::Microsecond => "MICROSECOND",
            Self::Nanosecond => "NANOSECOND",
        }
    }

    /// Whether the part is a day or longer (applies to DATE, not to TIME).
    pub(crate) fn is_date_part(self) -> bool {
        matches!(
            self,
            Self::Year | Self::Quarter | Self::Month | Self::Week | Self::Day
        )
    }

    /// Months in one unit, for the calendar parts of variable length.
    pub(crate) fn months(self) -> Option<i64> {
        match self {
            Self::Year => Some(12),
            Self::Quarter => Some(3),
            Self::Month => Some(1),
            _ => None,
        }
    }

    /// Nanoseconds in one unit, for the parts of fixed length.
    pub(crate) fn nanos(self) -> Option<i64> {
        match self {
            Self::Week => Some(7 * 86_400 * NANOS_PER_SECOND),
            Self::Day => Some(86_400 * NANOS_PER_SECOND),
            Self::Hour => Some(3_600 * NANOS_PER_SECOND),
            Self::Minute => Some(60 * NANOS_PER_SECOND),
            Self::Second => Some(NANOS_PER_SECOND),
            Self::Millisecond => Some(1_000_000),
            Self::Microsecond => Some(1_000),
            Self::Nanosecond => Some(1),
            Self::Year | Self::Quarter | Self::Month => None,
        }
    }
}

/// The part named by the constant argument of `function`.
pub(crate) fn part_argument(
    function: &str,
    value: Option<&ScalarValue>,
) -> Result<Part, DataFusionError> {
    let function = function.to_uppercase();
    match literal_text(value) {
        Some(Some(name)) => Part::parse(&name).ok_or_else(|| {
            argument_error(format!(
                "['{}'] is not a valid date/time component for function {function}.",
                name.to_uppercase()
            ))
        }),
        _ => Err(argument_error(format!(
            "the date/time part of function {function} must be a constant"
        ))),
    }
}

/// The error for a part that does not apply to TIME values. DATEADD quotes the part and shows
/// the TIME's precision, DATEDIFF does neither.
pub(crate) fn not_for_time(function: &str, part: Part) -> DataFusionError {
    let function = function.to_uppercase();
    if function == "DATEADD" {
        argument_error(format!(
            "['{}'] is not a valid date/time component for function {function} and type TIME(9).",
            part.name()
        ))
    } else {
        argument_error(format!(
            "[{}] is not a valid date/time component for function {function} and type TIME.",
            part.name()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_resolve() {
        assert_eq!(Part::parse("yy"), Some(Part::Year));
        assert_eq!(Part::parse("MM"), Some(Part::Month));
        assert_eq!(Part::parse("mon"), Some(Part::Month));
        assert_eq!(Part::parse("d"), Some(Part::Day));
        assert_eq!(Part::parse("dd"), Some(Part::Day));
        assert_eq!(Part::parse("h"), Some(Part::Hour));
        assert_eq!(Part::parse("mi"), Some(Part::Minute));
        assert_eq!(Part::parse("m"), Some(Part::Minute));
        assert_eq!(Part::parse("s"), Some(Part::Second));
        assert_eq!(Part::parse("ms"), Some(Part::Millisecond));
        assert_eq!(Part::parse("us"), Some(Part::Microsecond));
        assert_eq!(Part::parse("ns"), Some(Part::Nanosecond));
        assert_eq!(Part::parse("qtr"), Some(Part::Quarter));
        assert_eq!(Part::parse("wk"), Some(Part::Week));
        assert_eq!(Part::parse("fortnight"), None);
        assert!(Part::Day.is_date_part());
        assert!(!Part::Hour.is_date_part());
    }

    #[test]
    fn the_part_must_be_a_known_constant() {
        let day = ScalarValue::Utf8(Some("DAY".into()));
        assert_eq!(part_argument("dateadd", Some(&day)).unwrap(), Part::Day);
        let bad = ScalarValue::Utf8(Some("eon".into()));
        let error = part_argument("dateadd", Some(&bad))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("['EON'] is not a valid date/time component for function DATEADD."),
            "{error}"
        );
        assert!(part_argument("dateadd", None).is_err());
    }
}
