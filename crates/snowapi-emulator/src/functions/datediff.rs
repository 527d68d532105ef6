//! `DATEDIFF(part, start, end)` and its synonyms `TIMEDIFF` and `TIMESTAMPDIFF`: how many part
//! boundaries lie between two values (`DATEDIFF(year, '2023-12-31', '2024-01-01')` is 1).

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Int64Builder},
    datatypes::{DataType, FieldRef},
};
use chrono::Datelike;
use datafusion::{
    common::{Result, ScalarValue},
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::{
    civil_time::{NANOS_PER_DAY, datetime_from_nanos},
    date_parts::{Part, not_for_time, part_argument},
    scalar_support::{
        Rows, Value, check_arity, normalized_type, sf_error, sf_field, type_error, value_at,
    },
    to_datetime::timestamp_of,
};
use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// `DATEDIFF`, also `TIMEDIFF` and `TIMESTAMPDIFF`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct DateDiff {
    signature: Signature,
    aliases: Vec<String>,
}

impl DateDiff {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            aliases: vec!["timediff".into(), "timestampdiff".into()],
        }
    }
}

impl ScalarUDFImpl for DateDiff {
    fn name(&self) -> &str {
        "datediff"
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
            .map(|(i, t)| {
                if i == 0 {
                    DataType::Utf8
                } else {
                    normalized_type(t)
                }
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 3, 3)?;
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let part = part_argument(self.name(), args.scalar_arguments[0])?;
        let kinds: Vec<DataType> = types[1..].iter().map(normalized_type).collect();
        // TIMESTAMP_TZ counts on each value's own wall clock (`timestamp_of`).
        let allowed = |t: &DataType| {
            matches!(
                t,
                DataType::Date32
                    | DataType::Time64(_)
                    | DataType::Timestamp(..)
                    | DataType::Utf8
                    | DataType::Null
            ) || crate::timestamp_tz::is_timestamp_tz(t)
        };
        if !kinds.iter().all(allowed) {
            return Err(type_error(self.name(), &types));
        }
        let times = kinds
            .iter()
            .filter(|t| matches!(t, DataType::Time64(_)))
            .count();
        if times == 1 && !kinds.contains(&DataType::Null) && !kinds.contains(&DataType::Utf8) {
            return Err(type_error(self.name(), &types));
        }
        if times > 0 && part.is_date_part() {
            return Err(not_for_time(self.name(), part));
        }
        Ok(sf_field(self.name(), SfType::INTEGER))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let part = match &args.args[0] {
            ColumnarValue::Scalar(value) => part_argument(self.name(), Some(value))?,
            ColumnarValue::Array(_) => part_argument(self.name(), None::<&ScalarValue>)?,
        };
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut out = Int64Builder::with_capacity(rows.len);
        for row in 0..rows.len {
            let start = instant(value_at(&rows.arrays[1], row)).map_err(sf_error)?;
            let end = instant(value_at(&rows.arrays[2], row)).map_err(sf_error)?;
            match (start, end) {
                (Some(start), Some(end)) => {
                    out.append_value(boundaries(part, start, end).map_err(sf_error)?);
                }
                _ => out.append_null(),
            }
        }
        let result: ArrayRef = Arc::new(out.finish());
        rows.finish(result)
    }
}

/// A value as nanoseconds (since the epoch, or since midnight for TIME).
fn instant(value: Value<'_>) -> Result<Option<i64>, EmulatorError> {
    match value {
        Value::Null => Ok(None),
        Value::Time(nanos) | Value::Timestamp { nanos, .. } => Ok(Some(nanos)),
        other => timestamp_of(other),
    }
}

/// Part boundaries crossed going from `start` to `end` (negative when `end` is earlier).
fn boundaries(part: Part, start: i64, end: i64) -> Result<i64, EmulatorError> {
    let out_of_range = || EmulatorError::new(ErrorKind::InvalidValue, "Timestamp out of range");
    if let Some(months) = part.months() {
        let month_index = |nanos: i64| {
            datetime_from_nanos(nanos)
                .map(|d| i64::from(d.year()) * 12 + i64::from(d.month0()))
                .ok_or_else(out_of_range)
        };
        return Ok(month_index(end)?.div_euclid(months) - month_index(start)?.div_euclid(months));
    }
    let index = |nanos: i64| match part {
        // 1970-01-01 was a Thursday: shift so that weeks start on Monday.
        Part::Week => (nanos.div_euclid(NANOS_PER_DAY) + 3).div_euclid(7),
        _ => nanos.div_euclid(part.nanos().unwrap_or(1)),
    };
    Ok(index(end) - index(start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::civil_time::NANOS_PER_SECOND;

    fn at(text: &str) -> i64 {
        timestamp_of(Value::Text(text)).unwrap().unwrap()
    }

    #[test]
    fn boundaries_are_counted() {
        let diff = |part, a: &str, b: &str| boundaries(part, at(a), at(b)).unwrap();
        assert_eq!(diff(Part::Year, "2023-12-31", "2024-01-01"), 1);
        assert_eq!(diff(Part::Year, "2024-01-01", "2024-12-31"), 0);
        assert_eq!(diff(Part::Quarter, "2024-03-31", "2024-04-01"), 1);
        assert_eq!(diff(Part::Month, "2024-01-31", "2024-02-01"), 1);
        assert_eq!(diff(Part::Month, "2024-03-01", "2024-01-31"), -2);
        // 2024-01-07 is a Sunday, 2024-01-08 a Monday.
        assert_eq!(diff(Part::Week, "2024-01-07", "2024-01-08"), 1);
        assert_eq!(diff(Part::Week, "2024-01-08", "2024-01-14"), 0);
        assert_eq!(
            diff(Part::Day, "2024-01-01 23:59:59", "2024-01-02 00:00:00"),
            1
        );
        assert_eq!(
            diff(Part::Hour, "2024-01-01 10:59:59", "2024-01-01 11:00:00"),
            1
        );
        assert_eq!(
            diff(Part::Minute, "2024-01-01 10:00:59", "2024-01-01 10:01:00"),
            1
        );
        assert_eq!(
            diff(Part::Second, "1969-12-31 23:59:59.5", "1970-01-01 00:00:00"),
            1
        );
        assert_eq!(
            boundaries(Part::Millisecond, 0, NANOS_PER_SECOND).unwrap(),
            1_000
        );
    }
}
