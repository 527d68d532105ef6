//! `LAST_DAY(value [, part])`: the last day of the value's month (default), quarter, year or
//! week (weeks end on Sunday).

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Date32Builder},
    datatypes::{DataType, FieldRef},
};
use chrono::{Datelike, NaiveDate};
use datafusion::{
    common::{Result, ScalarValue},
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::{
    civil_time::{NANOS_PER_DAY, date_from_days, days_from_date, last_of_month},
    date_parts::{Part, part_argument},
    scalar_support::{
        Rows, Value, argument_error, check_arity, normalized_type, sf_error, sf_field, type_error,
        value_at,
    },
    to_datetime::timestamp_of,
};
use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// `LAST_DAY`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct LastDay {
    signature: Signature,
}

impl LastDay {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// The part of a call, MONTH when it names none.
fn part_of(value: Option<&ScalarValue>, given: bool) -> Result<Part> {
    if !given {
        return Ok(Part::Month);
    }
    let part = part_argument("last_day", value)?;
    match part {
        Part::Year | Part::Quarter | Part::Month | Part::Week => Ok(part),
        other => Err(argument_error(format!(
            "['{}'] is not a valid date/time component for function LAST_DAY.",
            other.name()
        ))),
    }
}

impl ScalarUDFImpl for LastDay {
    fn name(&self) -> &str {
        "last_day"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i == 0 {
                    normalized_type(t)
                } else {
                    DataType::Utf8
                }
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Date32)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let count = args.arg_fields.len();
        check_arity(self.name(), count, 1, 2)?;
        part_of(args.scalar_arguments.get(1).copied().flatten(), count == 2)?;
        let input = normalized_type(args.arg_fields[0].data_type());
        // A TIMESTAMP_TZ's day is the one its own wall clock shows (`timestamp_of`).
        if !matches!(
            input,
            DataType::Date32 | DataType::Timestamp(..) | DataType::Utf8 | DataType::Null
        ) && !crate::timestamp_tz::is_timestamp_tz(&input)
        {
            return Err(type_error(self.name(), &[input]));
        }
        Ok(sf_field(self.name(), SfType::Date))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let part = match args.args.get(1) {
            Some(ColumnarValue::Scalar(value)) => part_of(Some(value), true)?,
            Some(ColumnarValue::Array(_)) => part_of(None, true)?,
            None => Part::Month,
        };
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut out = Date32Builder::with_capacity(rows.len);
        for row in 0..rows.len {
            let day = last_day(part, value_at(&rows.arrays[0], row)).map_err(sf_error)?;
            out.append_option(day);
        }
        let result: ArrayRef = Arc::new(out.finish());
        rows.finish(result)
    }
}

/// The last day of the `part` holding `value`, as a DATE.
fn last_day(part: Part, value: Value<'_>) -> Result<Option<i32>, EmulatorError> {
    let out_of_range =
        || EmulatorError::new(ErrorKind::InvalidValue, "Date out of range in LAST_DAY");
    let days = match value {
        Value::Null => return Ok(None),
        Value::Date(days) => days,
        Value::Timestamp { nanos, .. } => {
            i32::try_from(nanos.div_euclid(NANOS_PER_DAY)).map_err(|_| out_of_range())?
        }
        other => match timestamp_of(other)? {
            Some(nanos) => {
                i32::try_from(nanos.div_euclid(NANOS_PER_DAY)).map_err(|_| out_of_range())?
            }
            None => return Ok(None),
        },
    };
    let date = date_from_days(days).ok_or_else(out_of_range)?;
    let last: Option<NaiveDate> = match part {
        Part::Year => NaiveDate::from_ymd_opt(date.year(), 12, 31),
        Part::Quarter => last_of_month(date.year(), (date.month0() / 3) * 3 + 3),
        Part::Week => {
            let to_sunday = 6 - i64::from(date.weekday().num_days_from_monday());
            date.checked_add_signed(chrono::TimeDelta::days(to_sunday))
        }
        _ => last_of_month(date.year(), date.month()),
    };
    Ok(Some(days_from_date(last.ok_or_else(out_of_range)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i32 {
        days_from_date(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn last_days_of_each_part() {
        let value = Value::Date(day("2024-02-14"));
        assert_eq!(last_day(Part::Month, value), Ok(Some(day("2024-02-29"))));
        assert_eq!(last_day(Part::Quarter, value), Ok(Some(day("2024-03-31"))));
        assert_eq!(last_day(Part::Year, value), Ok(Some(day("2024-12-31"))));
        // 2024-02-14 is a Wednesday; its week ends on Sunday the 18th.
        assert_eq!(last_day(Part::Week, value), Ok(Some(day("2024-02-18"))));
        assert_eq!(
            last_day(Part::Month, Value::Text("2023-11-05 10:00:00")),
            Ok(Some(day("2023-11-30")))
        );
        assert_eq!(last_day(Part::Month, Value::Null), Ok(None));
    }
}
