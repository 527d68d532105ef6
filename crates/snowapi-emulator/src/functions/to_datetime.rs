//! `TO_DATE` / `DATE`, `TO_TIME` / `TIME`, `TO_TIMESTAMP`, `TO_TIMESTAMP_NTZ`,
//! `TO_TIMESTAMP_LTZ`, `TO_TIMESTAMP_TZ` and their `TRY_` forms: text in the AUTO formats or a
//! format model, epoch numbers (text integers scaled by magnitude, numbers by the scale
//! argument), and other date/time values.

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Date32Builder, Time64NanosecondBuilder, TimestampNanosecondBuilder},
    datatypes::{DataType, FieldRef},
};
use chrono::NaiveDate;
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::{
    civil_time::{
        NANOS_PER_DAY, days_from_date, epoch_float_nanos, epoch_number_nanos, epoch_text_nanos,
        nanos_from_datetime, nanos_from_time,
    },
    datetime_format::{DateTimeFormat, Parsed, read_auto, read_auto_time},
    scalar_support::{
        Rows, Value, check_arity, is_numeric, is_text, normalized_type, sf_error, sf_field,
        type_error, value_at,
    },
};
use crate::{
    error::{EmulatorError, ErrorKind},
    timestamp_tz::{self, TzValue},
    types::SfType,
};

/// What a conversion produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// DATE.
    Date,
    /// TIME.
    Time,
    /// TIMESTAMP_NTZ (also what plain TIMESTAMP means).
    Ntz,
    /// TIMESTAMP_LTZ.
    Ltz,
    /// TIMESTAMP_TZ.
    Tz,
}

impl Target {
    fn sf_type(self) -> SfType {
        match self {
            Self::Date => SfType::Date,
            Self::Time => SfType::Time { scale: 9 },
            Self::Ntz => SfType::TimestampNtz { scale: 9 },
            Self::Ltz => SfType::TimestampLtz { scale: 9 },
            Self::Tz => SfType::TimestampTz { scale: 9 },
        }
    }

    /// Whether a value of this (normalized) type converts to the target.
    fn accepts(self, input: &DataType) -> bool {
        if is_text(input) || is_numeric(input) {
            return true;
        }
        match input {
            DataType::Date32 => self != Self::Time,
            DataType::Time64(_) => self == Self::Time,
            DataType::Timestamp(..) => true,
            other => timestamp_tz::is_timestamp_tz(other),
        }
    }

    /// The error for text that does not convert.
    fn not_recognized(self, text: &str, format: Option<&str>) -> EmulatorError {
        let (kind, noun) = match self {
            Self::Date => (ErrorKind::DateNotRecognized, "date"),
            Self::Time => (ErrorKind::TimestampNotRecognized, "time"),
            _ => (ErrorKind::TimestampNotRecognized, "timestamp"),
        };
        let message = match format {
            Some(format) => format!("Can't parse '{text}' as {noun} with format '{format}'"),
            None => {
                let mut capital = noun.to_owned();
                capital[..1].make_ascii_uppercase();
                format!("{capital} '{text}' is not recognized")
            }
        };
        EmulatorError::new(kind, message)
    }
}

/// One of the date/time conversion functions.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ToDateTime {
    signature: Signature,
    name: String,
    aliases: Vec<String>,
    target: Target,
    try_: bool,
}

impl ToDateTime {
    /// The conversion named `name` (lower case), with its synonyms.
    pub(crate) fn new(name: &str, aliases: &[&str], target: Target, try_: bool) -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            target,
            try_,
        }
    }

    /// Every conversion of this family.
    pub(crate) fn all() -> Vec<Self> {
        let mut all = Vec::new();
        let plain: [(&str, &[&str], Target); 6] = [
            ("to_date", &["date"], Target::Date),
            ("to_time", &["time"], Target::Time),
            ("to_timestamp", &[], Target::Ntz),
            ("to_timestamp_ntz", &[], Target::Ntz),
            ("to_timestamp_ltz", &[], Target::Ltz),
            ("to_timestamp_tz", &[], Target::Tz),
        ];
        for (name, aliases, target) in plain {
            all.push(Self::new(name, aliases, target, false));
            all.push(Self::new(&format!("try_{name}"), &[], target, true));
        }
        all
    }
}

impl ScalarUDFImpl for ToDateTime {
    fn name(&self) -> &str {
        &self.name
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| match i {
                0 => normalized_type(t),
                _ if is_text(t) => DataType::Utf8,
                _ => DataType::Int64,
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(self.target.sf_type().arrow_type())
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(&self.name, args.arg_fields.len(), 1, 2)?;
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let second_ok = types
            .get(1)
            .is_none_or(|t| is_text(t) || matches!(normalized_type(t), DataType::Int64));
        if !self.target.accepts(&normalized_type(&types[0])) || !second_ok {
            return Err(type_error(&self.name, &types));
        }
        Ok(sf_field(&self.name, self.target.sf_type()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut formats: Option<(String, DateTimeFormat)> = None;
        if self.target == Target::Tz {
            let mut values = Vec::with_capacity(rows.len);
            for row in 0..rows.len {
                let second = rows.get(1).map(|a| value_at(a, row));
                match convert_tz(value_at(&rows.arrays[0], row), second, &mut formats) {
                    Ok(value) => values.push(value),
                    Err(_) if self.try_ => values.push(None),
                    Err(error) => return Err(sf_error(error)),
                }
            }
            return rows.finish(timestamp_tz::build(values));
        }
        let mut values = Vec::with_capacity(rows.len);
        for row in 0..rows.len {
            let second = rows.get(1).map(|a| value_at(a, row));
            let converted = convert(
                self.target,
                value_at(&rows.arrays[0], row),
                second,
                &mut formats,
            );
            match converted {
                Ok(value) => values.push(value),
                Err(_) if self.try_ => values.push(None),
                Err(error) => return Err(sf_error(error)),
            }
        }
        let result: ArrayRef = match self.target {
            Target::Date => {
                let mut out = Date32Builder::with_capacity(rows.len);
                for value in values {
                    out.append_option(value.and_then(|v| i32::try_from(v).ok()));
                }
                Arc::new(out.finish())
            }
            Target::Time => {
                let mut out = Time64NanosecondBuilder::with_capacity(rows.len);
                out.extend(values);
                Arc::new(out.finish())
            }
            Target::Ntz => {
                let mut out = TimestampNanosecondBuilder::with_capacity(rows.len);
                out.extend(values);
                Arc::new(out.finish())
            }
            Target::Ltz | Target::Tz => {
                let mut out = TimestampNanosecondBuilder::with_capacity(rows.len);
                out.extend(values);
                Arc::new(out.finish().with_timezone("UTC"))
            }
        };
        rows.finish(result)
    }
}

/// One value converted: days for DATE, nanoseconds for TIME and the timestamps.
pub(crate) fn convert(
    target: Target,
    value: Value<'_>,
    second: Option<Value<'_>>,
    formats: &mut Option<(String, DateTimeFormat)>,
) -> Result<Option<i64>, EmulatorError> {
    let format = match second {
        Some(Value::Text(format)) if !format.trim().eq_ignore_ascii_case("AUTO") => Some(format),
        _ => None,
    };
    let scale = match second {
        Some(Value::Int(scale)) => {
            u8::try_from(scale)
                .ok()
                .filter(|s| *s <= 9)
                .ok_or_else(|| {
                    EmulatorError::new(
                        ErrorKind::InvalidArguments,
                        format!("Invalid scale {scale} - must be between 0 and 9"),
                    )
                })?
        }
        _ => 0,
    };
    let range_error = |shown: String| target.not_recognized(&shown, None);
    let instant = |nanos: Option<i64>, shown: String| -> Result<Option<i64>, EmulatorError> {
        let nanos = nanos.ok_or_else(|| range_error(shown.clone()))?;
        Ok(Some(match target {
            Target::Date => nanos.div_euclid(NANOS_PER_DAY),
            Target::Time => nanos.rem_euclid(NANOS_PER_DAY),
            _ => nanos,
        }))
    };
    match value {
        Value::Null => Ok(None),
        Value::Text(text) => {
            let trimmed = text.trim();
            if format.is_none() && is_integer(trimmed) {
                let epoch = trimmed.parse::<i64>().ok().and_then(epoch_text_nanos);
                return instant(epoch, text.to_owned());
            }
            let parsed = read_text(target, trimmed, format, formats)?
                .ok_or_else(|| target.not_recognized(text, format))?;
            from_parsed(target, &parsed)
                .map(Some)
                .ok_or_else(|| target.not_recognized(text, format))
        }
        Value::Int(v) => instant(epoch_number_nanos(i128::from(v), 0, scale), v.to_string()),
        Value::Decimal(v, s) => instant(epoch_number_nanos(v, s, scale), v.to_string()),
        Value::Float(v) => instant(epoch_float_nanos(v, scale), v.to_string()),
        Value::Date(days) => Ok(Some(match target {
            Target::Date => i64::from(days),
            Target::Time => 0,
            _ => i64::from(days)
                .checked_mul(NANOS_PER_DAY)
                .ok_or_else(|| range_error(days.to_string()))?,
        })),
        Value::Time(nanos) => Ok(Some(nanos)),
        Value::Timestamp { nanos, .. } => instant(Some(nanos), nanos.to_string()),
        // LTZ takes the instant; the others the wall clock the value shows at its offset.
        Value::TimestampTz(value) if target == Target::Ltz => {
            instant(Some(value.utc_nanos), value.utc_nanos.to_string())
        }
        Value::TimestampTz(value) => instant(value.local_nanos(), value.utc_nanos.to_string()),
        _ => Err(target.not_recognized("?", None)),
    }
}

/// One value converted to TIMESTAMP_TZ: text keeps the offset it is written with; everything
/// else (epochs, dates, wall clocks, instants) takes the session's offset, which the engine
/// keeps at UTC (as it shows TIMESTAMP_LTZ in UTC).
pub(crate) fn convert_tz(
    value: Value<'_>,
    second: Option<Value<'_>>,
    formats: &mut Option<(String, DateTimeFormat)>,
) -> Result<Option<TzValue>, EmulatorError> {
    let utc = |nanos: Option<i64>| {
        nanos.map(|utc_nanos| TzValue {
            utc_nanos,
            offset_minutes: 0,
        })
    };
    match value {
        Value::TimestampTz(value) => Ok(Some(value)),
        Value::Text(text) => {
            let format = match second {
                Some(Value::Text(format)) if !format.trim().eq_ignore_ascii_case("AUTO") => {
                    Some(format)
                }
                _ => None,
            };
            let trimmed = text.trim();
            if format.is_none() && is_integer(trimmed) {
                return convert(Target::Tz, value, second, formats).map(utc);
            }
            let not_recognized = || Target::Tz.not_recognized(text, format);
            let parsed =
                read_text(Target::Tz, trimmed, format, formats)?.ok_or_else(not_recognized)?;
            let offset_minutes = match parsed.offset {
                Some(seconds) => {
                    timestamp_tz::offset_minutes_of_seconds(seconds).ok_or_else(not_recognized)?
                }
                None => 0,
            };
            let local = nanos_from_datetime(parsed.datetime).ok_or_else(not_recognized)?;
            TzValue::from_local(local, offset_minutes)
                .map(Some)
                .ok_or_else(not_recognized)
        }
        other => convert(Target::Tz, other, second, formats).map(utc),
    }
}

/// `-?digits`: text Snowflake reads as an epoch.
fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn read_text(
    target: Target,
    text: &str,
    format: Option<&str>,
    formats: &mut Option<(String, DateTimeFormat)>,
) -> Result<Option<Parsed>, EmulatorError> {
    let Some(model) = format else {
        if target == Target::Time {
            let epoch_day = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            return Ok(read_auto_time(text).map(|time| Parsed {
                datetime: epoch_day.and_time(time),
                offset: None,
            }));
        }
        return Ok(read_auto(text));
    };
    if formats.as_ref().is_none_or(|(m, _)| m != model) {
        let parsed = DateTimeFormat::parse(model).ok_or_else(|| {
            EmulatorError::new(
                ErrorKind::InvalidArguments,
                format!("Invalid date/time format string '{model}'"),
            )
        })?;
        *formats = Some((model.to_owned(), parsed));
    }
    Ok(formats.as_ref().and_then(|(_, f)| f.read(text)))
}

/// The target's value of text that was read: the date or wall clock as written, the instant
/// for the zoned timestamps.
fn from_parsed(target: Target, parsed: &Parsed) -> Option<i64> {
    match target {
        Target::Date => Some(i64::from(days_from_date(parsed.datetime.date()))),
        Target::Time => Some(nanos_from_time(parsed.datetime.time())),
        Target::Ntz => nanos_from_datetime(parsed.datetime),
        Target::Ltz | Target::Tz => nanos_from_datetime(parsed.utc()?),
    }
}

/// The TIMESTAMP_NTZ a value stands for where Snowflake expects one (text in the AUTO formats,
/// dates at midnight, timestamps as they are).
pub(crate) fn timestamp_of(value: Value<'_>) -> Result<Option<i64>, EmulatorError> {
    convert(Target::Ntz, value, None, &mut None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::civil_time::NANOS_PER_SECOND;

    fn run(target: Target, value: Value<'_>, second: Option<Value<'_>>) -> Option<i64> {
        convert(target, value, second, &mut None).unwrap()
    }

    #[test]
    fn text_converts_in_auto_formats_and_with_a_format() {
        assert_eq!(
            run(Target::Date, Value::Text("2024-02-29"), None),
            Some(19_782)
        );
        assert_eq!(
            run(Target::Date, Value::Text("2024-02-29 23:00:00"), None),
            Some(19_782)
        );
        assert_eq!(
            run(
                Target::Date,
                Value::Text("29/02/2024"),
                Some(Value::Text("DD/MM/YYYY"))
            ),
            Some(19_782)
        );
        assert_eq!(
            run(Target::Time, Value::Text("01:02:03"), None),
            Some(3_723 * NANOS_PER_SECOND)
        );
        let ten_utc = 1_704_103_200 * NANOS_PER_SECOND;
        assert_eq!(
            run(Target::Ntz, Value::Text("2024-01-01 10:00:00 +03:00"), None),
            Some(ten_utc)
        );
        assert_eq!(
            run(Target::Tz, Value::Text("2024-01-01 10:00:00 +03:00"), None),
            Some(ten_utc - 3 * 3_600 * NANOS_PER_SECOND)
        );
        let e = convert(Target::Date, Value::Text("nope"), None, &mut None).unwrap_err();
        assert_eq!(e.code(), "100040");
        assert_eq!(e.to_string(), "Date 'nope' is not recognized");
        let e = convert(
            Target::Ntz,
            Value::Text("2024"),
            Some(Value::Text("DD/MM/YYYY")),
            &mut None,
        )
        .unwrap_err();
        assert_eq!(e.code(), "100035");
        assert_eq!(
            e.to_string(),
            "Can't parse '2024' as timestamp with format 'DD/MM/YYYY'"
        );
    }

    #[test]
    fn epochs_convert() {
        assert_eq!(
            run(Target::Ntz, Value::Text("1700000000"), None),
            Some(1_700_000_000 * NANOS_PER_SECOND)
        );
        assert_eq!(
            run(Target::Ntz, Value::Text("1700000000000"), None),
            Some(1_700_000_000 * NANOS_PER_SECOND)
        );
        assert_eq!(
            run(
                Target::Ntz,
                Value::Int(1_700_000_000_000),
                Some(Value::Int(3))
            ),
            Some(1_700_000_000 * NANOS_PER_SECOND)
        );
        assert_eq!(
            run(Target::Ltz, Value::Decimal(15, 1), None),
            Some(1_500_000_000)
        );
        assert_eq!(run(Target::Date, Value::Int(86_400 * 2), None), Some(2));
        assert!(convert(Target::Ntz, Value::Int(1), Some(Value::Int(12)), &mut None).is_err());
    }

    #[test]
    fn date_time_values_convert() {
        assert_eq!(run(Target::Ntz, Value::Date(1), None), Some(NANOS_PER_DAY));
        let nanos = NANOS_PER_DAY + 5;
        assert_eq!(
            run(
                Target::Date,
                Value::Timestamp {
                    nanos,
                    zoned: false
                },
                None
            ),
            Some(1)
        );
        assert_eq!(
            run(Target::Time, Value::Timestamp { nanos, zoned: true }, None),
            Some(5)
        );
        assert!(!Target::Time.accepts(&DataType::Date32));
        assert!(!Target::Date.accepts(&DataType::Boolean));
    }
}
