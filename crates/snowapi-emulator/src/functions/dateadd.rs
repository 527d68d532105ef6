//! `DATEADD(part, n, value)` and its synonyms `TIMEADD` and `TIMESTAMPADD`: calendar parts
//! move the date (months clamp to the month's end), clock parts move the instant.

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Date32Builder, Time64NanosecondBuilder, TimestampNanosecondBuilder},
    datatypes::{DataType, FieldRef, TimeUnit},
};
use datafusion::{
    common::{Result, ScalarValue},
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::{
    civil_time::{
        NANOS_PER_DAY, add_months, date_from_days, datetime_from_nanos, days_from_date,
        nanos_from_datetime,
    },
    date_parts::{Part, not_for_time, part_argument},
    scalar_support::{
        Rows, Value, check_arity, is_numeric, is_text, normalized_type, sf_error, sf_field,
        type_error, value_at,
    },
    to_datetime::timestamp_of,
};
use crate::{
    error::{EmulatorError, ErrorKind},
    timestamp_tz::{self, TzValue},
    types::SfType,
};

/// `DATEADD`, also `TIMEADD` and `TIMESTAMPADD`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct DateAdd {
    signature: Signature,
    aliases: Vec<String>,
}

impl DateAdd {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            aliases: vec!["timeadd".into(), "timestampadd".into()],
        }
    }
}

impl ScalarUDFImpl for DateAdd {
    fn name(&self) -> &str {
        "dateadd"
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
                0 => DataType::Utf8,
                1 => DataType::Int64,
                _ => normalized_type(t),
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Timestamp(TimeUnit::Nanosecond, None))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 3, 3)?;
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let part = part_argument(self.name(), args.scalar_arguments[0])?;
        if !(is_numeric(&types[1]) || is_text(&types[1])) {
            return Err(type_error(self.name(), &types));
        }
        let result = match normalized_type(&types[2]) {
            DataType::Date32 if part.is_date_part() => SfType::Date,
            DataType::Date32 => SfType::TIMESTAMP_NTZ,
            DataType::Time64(_) if part.is_date_part() => {
                return Err(not_for_time(self.name(), part));
            }
            DataType::Time64(_) => SfType::Time { scale: 9 },
            DataType::Timestamp(..) => SfType::of_field(&args.arg_fields[2]),
            zoned if timestamp_tz::is_timestamp_tz(&zoned) => SfType::TimestampTz { scale: 9 },
            DataType::Utf8 | DataType::Null => SfType::TIMESTAMP_NTZ,
            _ => return Err(type_error(self.name(), &types)),
        };
        Ok(sf_field(self.name(), result))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let part = match &args.args[0] {
            ColumnarValue::Scalar(value) => part_argument(self.name(), Some(value))?,
            ColumnarValue::Array(_) => part_argument(self.name(), None::<&ScalarValue>)?,
        };
        let rows = Rows::new(&args.args, args.number_rows)?;
        let output = args.return_field.data_type().clone();
        if timestamp_tz::is_timestamp_tz(&output) {
            // The value's own wall clock moves; the result keeps its offset.
            let wall_clock = DataType::Timestamp(TimeUnit::Nanosecond, None);
            let mut values = Vec::with_capacity(rows.len);
            for row in 0..rows.len {
                let (Value::Int(n), Value::TimestampTz(value)) = (
                    value_at(&rows.arrays[1], row),
                    value_at(&rows.arrays[2], row),
                ) else {
                    values.push(None);
                    continue;
                };
                let local = value
                    .local_nanos()
                    .ok_or_else(out_of_range)
                    .map_err(sf_error)?;
                let clock = Value::Timestamp {
                    nanos: local,
                    zoned: false,
                };
                let moved = add(part, n, clock, &wall_clock).map_err(sf_error)?;
                values.push(
                    moved
                        .map(|m| {
                            TzValue::from_local(m, value.offset_minutes).ok_or_else(out_of_range)
                        })
                        .transpose()
                        .map_err(sf_error)?,
                );
            }
            return rows.finish(timestamp_tz::build(values));
        }
        let mut values = Vec::with_capacity(rows.len);
        for row in 0..rows.len {
            let n = match value_at(&rows.arrays[1], row) {
                Value::Int(n) => n,
                _ => {
                    values.push(None);
                    continue;
                }
            };
            let value = value_at(&rows.arrays[2], row);
            values.push(add(part, n, value, &output).map_err(sf_error)?);
        }
        let result: ArrayRef = match &output {
            DataType::Date32 => {
                let mut out = Date32Builder::with_capacity(rows.len);
                for value in values {
                    out.append_option(value.and_then(|v| i32::try_from(v).ok()));
                }
                Arc::new(out.finish())
            }
            DataType::Time64(_) => {
                let mut out = Time64NanosecondBuilder::with_capacity(rows.len);
                out.extend(values);
                Arc::new(out.finish())
            }
            DataType::Timestamp(_, zone) => {
                let mut out = TimestampNanosecondBuilder::with_capacity(rows.len);
                out.extend(values);
                Arc::new(out.finish().with_timezone_opt(zone.clone()))
            }
            other => {
                return Err(sf_error(EmulatorError::internal(format!(
                    "DATEADD cannot produce {other}"
                ))));
            }
        };
        rows.finish(result)
    }
}

fn out_of_range() -> EmulatorError {
    EmulatorError::new(
        ErrorKind::InvalidValue,
        "Date or timestamp out of range in DATEADD",
    )
}

/// `value` moved by `n` parts; days for a DATE result, nanoseconds otherwise.
fn add(
    part: Part,
    n: i64,
    value: Value<'_>,
    output: &DataType,
) -> Result<Option<i64>, EmulatorError> {
    let nanos = match value {
        Value::Null => return Ok(None),
        Value::Date(days) if *output == DataType::Date32 => {
            let date = date_from_days(days).ok_or_else(out_of_range)?;
            let moved = match part.months() {
                Some(months) => add_months(date, n.checked_mul(months).ok_or_else(out_of_range)?),
                None => {
                    let days = n.checked_mul(if part == Part::Week { 7 } else { 1 });
                    days.and_then(|d| date.checked_add_signed(chrono::TimeDelta::try_days(d)?))
                }
            };
            return Ok(Some(i64::from(days_from_date(
                moved.ok_or_else(out_of_range)?,
            ))));
        }
        Value::Date(days) => i64::from(days)
            .checked_mul(NANOS_PER_DAY)
            .ok_or_else(out_of_range)?,
        Value::Time(nanos) => {
            let step = part.nanos().ok_or_else(out_of_range)?;
            let moved = i128::from(nanos) + i128::from(n) * i128::from(step);
            let wrapped = moved.rem_euclid(i128::from(NANOS_PER_DAY));
            return Ok(Some(wrapped as i64));
        }
        Value::Timestamp { nanos, .. } => nanos,
        other => timestamp_of(other)?.ok_or_else(out_of_range)?,
    };
    let moved = match part.months() {
        Some(months) => {
            let datetime = datetime_from_nanos(nanos).ok_or_else(out_of_range)?;
            let months = n.checked_mul(months).ok_or_else(out_of_range)?;
            let date = add_months(datetime.date(), months).ok_or_else(out_of_range)?;
            nanos_from_datetime(date.and_time(datetime.time()))
        }
        None => part
            .nanos()
            .and_then(|step| n.checked_mul(step))
            .and_then(|delta| nanos.checked_add(delta)),
    };
    moved.map(Some).ok_or_else(out_of_range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::civil_time::NANOS_PER_SECOND;

    const NTZ: DataType = DataType::Timestamp(TimeUnit::Nanosecond, None);

    #[test]
    fn calendar_parts_move_dates() {
        // 2024-01-31 is day 19753.
        let jan31 = Value::Date(19_753);
        assert_eq!(
            add(Part::Month, 1, jan31, &DataType::Date32),
            Ok(Some(19_782))
        );
        assert_eq!(
            add(Part::Year, 1, jan31, &DataType::Date32),
            Ok(Some(19_753 + 366))
        );
        assert_eq!(
            add(Part::Quarter, -1, jan31, &DataType::Date32),
            Ok(Some(19_753 - 92))
        );
        assert_eq!(
            add(Part::Week, 2, jan31, &DataType::Date32),
            Ok(Some(19_767))
        );
        assert_eq!(
            add(Part::Day, -1, jan31, &DataType::Date32),
            Ok(Some(19_752))
        );
        assert_eq!(
            add(Part::Hour, 3, jan31, &NTZ),
            Ok(Some(19_753 * NANOS_PER_DAY + 3 * 3_600 * NANOS_PER_SECOND))
        );
    }

    #[test]
    fn clock_parts_move_times_and_timestamps() {
        let time = Value::Time(23 * 3_600 * NANOS_PER_SECOND);
        assert_eq!(
            add(Part::Hour, 2, time, &DataType::Time64(TimeUnit::Nanosecond)),
            Ok(Some(3_600 * NANOS_PER_SECOND))
        );
        let stamp = Value::Timestamp {
            nanos: 0,
            zoned: false,
        };
        assert_eq!(add(Part::Millisecond, 5, stamp, &NTZ), Ok(Some(5_000_000)));
        assert_eq!(
            add(Part::Month, 1, stamp, &NTZ),
            Ok(Some(31 * NANOS_PER_DAY))
        );
        assert_eq!(
            add(Part::Day, 1, Value::Text("2024-01-01"), &NTZ),
            Ok(Some(19_724 * NANOS_PER_DAY))
        );
        assert!(add(Part::Year, 1_000, stamp, &NTZ).is_err());
    }
}
