//! Snowflake's implicit conversion of text to a table column's type, for the values INSERT,
//! UPDATE and MERGE store. It follows the explicit casts (`TO_NUMBER`, `TO_DOUBLE`,
//! `TO_BOOLEAN`, `TO_DATE`, ...), so text such as '1704067200000' (an epoch in milliseconds),
//! 'yes' or ' 12.5 ' is stored as `'…'::T` would give it; Arrow's casts know none of these
//! forms (the 4.x connector binds a column holding a NULL as TEXT, dates as epoch text).

use std::sync::Arc;

use arrow::{
    array::{
        Array, ArrayRef, AsArray, BooleanArray, Date32Array, Decimal128Array, Float64Array,
        StringArray, Time64NanosecondArray, TimestampNanosecondArray,
    },
    compute::cast,
    datatypes::DataType,
};

use super::{
    number_format::Decimal,
    scalar_support::{Value, is_text, normalized_type, value_at},
    to_boolean::to_boolean,
    to_datetime::{Target, convert, convert_tz},
    to_double::parse_double,
    to_number::{not_recognized, out_of_range},
    to_varchar::{FormatCache, to_text},
};
use crate::{
    error::{EmulatorError, Result},
    timestamp_tz,
    types::SfType,
};

/// `array` converted to `column_type` by the explicit casts' rules when it is text and the
/// column is NUMBER, FLOAT, BOOLEAN, DATE, TIME or a TIMESTAMP; `None` when those rules do not
/// apply (the caller's ordinary cast does).
pub(crate) fn text_to_column(array: &ArrayRef, column_type: &SfType) -> Result<Option<ArrayRef>> {
    if let Some(converted) = zoned_to_column(array, column_type)? {
        return Ok(Some(converted));
    }
    if array.data_type() == &DataType::Null || !is_text(array.data_type()) {
        return Ok(None);
    }
    let target = match column_type {
        SfType::Number { .. } | SfType::Float | SfType::Boolean => None,
        SfType::Date => Some(Target::Date),
        SfType::Time { .. } => Some(Target::Time),
        SfType::TimestampNtz { .. } => Some(Target::Ntz),
        SfType::TimestampLtz { .. } => Some(Target::Ltz),
        SfType::TimestampTz { .. } => Some(Target::Tz),
        SfType::Text { .. }
        | SfType::Binary { .. }
        | SfType::Variant
        | SfType::Object
        | SfType::Array => return Ok(None),
    };
    let text = cast(array, &DataType::Utf8).map_err(EmulatorError::internal)?;
    let text = text.as_string::<i32>();
    let converted: ArrayRef = match (column_type, target) {
        (_, Some(Target::Tz)) => {
            let values = text
                .iter()
                .map(|value| match value {
                    Some(text) => convert_tz(Value::Text(text), None, &mut None),
                    None => Ok(None),
                })
                .collect::<Result<Vec<_>>>()?;
            timestamp_tz::build(values)
        }
        (_, Some(target)) => date_time(text.iter(), target)?,
        (SfType::Number { precision, scale }, _) => {
            let values = text
                .iter()
                .map(|value| value.map(|t| number(t, *precision, *scale)).transpose())
                .collect::<Result<Vec<_>>>()?;
            let array = Decimal128Array::from(values)
                .with_precision_and_scale(*precision, *scale)
                .map_err(EmulatorError::internal)?;
            Arc::new(array)
        }
        (SfType::Float, _) => {
            let values = text
                .iter()
                .map(|value| {
                    value
                        .map(|t| parse_double(t).ok_or_else(|| not_recognized(t)))
                        .transpose()
                })
                .collect::<Result<Vec<_>>>()?;
            Arc::new(Float64Array::from(values))
        }
        _ => {
            let values = text
                .iter()
                .map(|value| value.map_or(Ok(None), |t| to_boolean(Value::Text(t))))
                .collect::<Result<Vec<_>>>()?;
            Arc::new(BooleanArray::from(values))
        }
    };
    Ok(Some(converted))
}

/// Values into or out of a TIMESTAMP_TZ column, which Arrow's casts cannot reach (its values
/// are structs keeping their offsets): anything a cast to TIMESTAMP_TZ takes becomes one
/// (text keeps its offset), and a TIMESTAMP_TZ stored in a TEXT, DATE, TIME or other TIMESTAMP
/// column is converted as the explicit casts convert it.
fn zoned_to_column(array: &ArrayRef, column_type: &SfType) -> Result<Option<ArrayRef>> {
    let from_tz = timestamp_tz::is_timestamp_tz(array.data_type());
    let to_tz = matches!(column_type, SfType::TimestampTz { .. });
    if from_tz == to_tz {
        return Ok(None);
    }
    if to_tz {
        if array.data_type() == &DataType::Null {
            return Ok(Some(timestamp_tz::build(vec![None; array.len()])));
        }
        let normalized =
            cast(array, &normalized_type(array.data_type())).map_err(EmulatorError::internal)?;
        let values = (0..normalized.len())
            .map(|row| convert_tz(value_at(&normalized, row), None, &mut None))
            .collect::<Result<Vec<_>>>()?;
        return Ok(Some(timestamp_tz::build(values)));
    }
    let target = match column_type {
        SfType::Text { .. } => {
            let mut formats = FormatCache::default();
            let texts = (0..array.len())
                .map(|row| to_text(value_at(array, row), None, &mut formats))
                .collect::<Result<Vec<_>>>()?;
            return Ok(Some(Arc::new(StringArray::from(texts))));
        }
        SfType::Date => Target::Date,
        SfType::Time { .. } => Target::Time,
        SfType::TimestampNtz { .. } => Target::Ntz,
        SfType::TimestampLtz { .. } => Target::Ltz,
        _ => return Ok(None),
    };
    let values = (0..array.len()).map(|row| match value_at(array, row) {
        Value::Null => Ok(None),
        value => convert(target, value, None, &mut None),
    });
    Ok(Some(date_time_values(
        values.collect::<Result<Vec<_>>>()?,
        target,
    )?))
}

/// Text as NUMBER(precision, scale), unscaled; rounded as `TO_NUMBER` rounds.
fn number(text: &str, precision: u8, scale: i8) -> Result<i128> {
    Decimal::parse(text)
        .ok_or_else(|| not_recognized(text))?
        .to_unscaled(precision, scale)
        .map_err(|_| out_of_range(text))
}

/// Text as a DATE, TIME or TIMESTAMP array.
fn date_time<'a>(
    values: impl Iterator<Item = Option<&'a str>>,
    target: Target,
) -> Result<ArrayRef> {
    let values = values
        .map(|value| match value {
            Some(text) => convert(target, Value::Text(text), None, &mut None),
            None => Ok(None),
        })
        .collect::<Result<Vec<Option<i64>>>>()?;
    date_time_values(values, target)
}

/// Days (DATE) or nanoseconds (TIME, TIMESTAMP) as an array of the target's type.
fn date_time_values(values: Vec<Option<i64>>, target: Target) -> Result<ArrayRef> {
    Ok(match target {
        Target::Date => {
            let days = values
                .into_iter()
                .map(|v| v.map(i32::try_from).transpose())
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|_| EmulatorError::internal("a date is out of range"))?;
            Arc::new(Date32Array::from(days))
        }
        Target::Time => Arc::new(Time64NanosecondArray::from(values)),
        Target::Ntz => Arc::new(TimestampNanosecondArray::from(values)),
        Target::Ltz => Arc::new(TimestampNanosecondArray::from(values).with_timezone("UTC")),
        Target::Tz => timestamp_tz::build(values.into_iter().map(|v| {
            v.map(|utc_nanos| timestamp_tz::TzValue {
                utc_nanos,
                offset_minutes: 0,
            })
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::StringArray;

    fn text(values: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringArray::from(values.to_vec()))
    }

    #[test]
    fn text_converts_like_the_explicit_casts() {
        let dates = text_to_column(
            &text(&[Some("1704067200000"), None, Some("2024-01-02")]),
            &SfType::Date,
        )
        .unwrap()
        .unwrap();
        let dates = dates.as_any().downcast_ref::<Date32Array>().unwrap();
        assert_eq!(
            dates.iter().collect::<Vec<_>>(),
            vec![Some(19_723), None, Some(19_724)]
        );
        let numbers = text_to_column(
            &text(&[Some(" 12.345 ")]),
            &SfType::Number {
                precision: 10,
                scale: 2,
            },
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            numbers
                .as_any()
                .downcast_ref::<Decimal128Array>()
                .unwrap()
                .value(0),
            1235
        );
        let flags = text_to_column(&text(&[Some("yes"), Some("0")]), &SfType::Boolean)
            .unwrap()
            .unwrap();
        assert_eq!(
            flags.as_boolean().iter().collect::<Vec<_>>(),
            vec![Some(true), Some(false)]
        );
        assert!(
            text_to_column(&text(&[Some("x")]), &SfType::Variant)
                .unwrap()
                .is_none()
        );
        let e = text_to_column(&text(&[Some("nope")]), &SfType::Date).unwrap_err();
        assert_eq!(e.to_string(), "Date 'nope' is not recognized");
        let e = text_to_column(&text(&[Some("abc")]), &SfType::Float).unwrap_err();
        assert_eq!(e.code(), "100038");
        let e = text_to_column(
            &text(&[Some("123456")]),
            &SfType::Number {
                precision: 4,
                scale: 0,
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), "100039");
    }
}
