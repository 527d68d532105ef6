//! One cell of a standard-schema batch as a JSON value, for deserializing rows with serde.

use arrow::array::{Array, AsArray as _};
use arrow::datatypes::{
    DataType, Date32Type, Decimal128Type, Field, Float64Type, Int64Type, Time64NanosecondType,
    TimeUnit, TimestampNanosecondType,
};
use arrow::util::display::array_value_to_string;
use chrono::{DateTime, SecondsFormat};
use serde_json::Value;

use crate::schema::SNOWFLAKE_TYPE;

/// The key of a column in a row map: upper-case names (unquoted identifiers) lower-cased.
pub(crate) fn field_key(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        name.to_owned()
    } else {
        name.to_lowercase()
    }
}

/// Whether a field holds semi-structured JSON text (VARIANT, OBJECT, ARRAY, MAP).
pub(crate) fn is_semi_structured(field: &Field) -> bool {
    field
        .metadata()
        .get(SNOWFLAKE_TYPE)
        .is_some_and(|t| matches!(t.as_str(), "VARIANT" | "OBJECT" | "ARRAY" | "MAP"))
}

/// The JSON value of the cell at `row` of `array`.
pub(crate) fn cell_to_json(array: &dyn Array, row: usize, field: &Field) -> Value {
    if array.is_null(row) {
        return Value::Null;
    }
    match array.data_type() {
        DataType::Int64 => Value::from(array.as_primitive::<Int64Type>().value(row)),
        DataType::Float64 => {
            let value = array.as_primitive::<Float64Type>().value(row);
            serde_json::Number::from_f64(value)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(value.to_string()))
        }
        DataType::Decimal128(_, scale) => {
            let unscaled = array.as_primitive::<Decimal128Type>().value(row);
            if *scale == 0 {
                i64::try_from(unscaled)
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(unscaled.to_string()))
            } else {
                let text = array_value_to_string(array, row).unwrap_or_default();
                text.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::String(text))
            }
        }
        DataType::Boolean => Value::Bool(array.as_boolean().value(row)),
        DataType::Utf8 => {
            let text = array.as_string::<i32>().value(row);
            if is_semi_structured(field) {
                serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
            } else {
                Value::String(text.to_owned())
            }
        }
        DataType::Binary => Value::Array(
            array
                .as_binary::<i32>()
                .value(row)
                .iter()
                .map(|b| Value::from(*b))
                .collect(),
        ),
        DataType::Date32 => array
            .as_primitive::<Date32Type>()
            .value_as_date(row)
            .map(|d| Value::String(d.format("%Y-%m-%d").to_string()))
            .unwrap_or(Value::Null),
        DataType::Time64(TimeUnit::Nanosecond) => array
            .as_primitive::<Time64NanosecondType>()
            .value_as_time(row)
            .map(|t| Value::String(t.format("%H:%M:%S%.f").to_string()))
            .unwrap_or(Value::Null),
        DataType::Timestamp(TimeUnit::Nanosecond, zone) => {
            let nanos = array.as_primitive::<TimestampNanosecondType>().value(row);
            let instant = DateTime::from_timestamp_nanos(nanos);
            if zone.is_some() {
                Value::String(instant.to_rfc3339_opts(SecondsFormat::AutoSi, true))
            } else {
                Value::String(
                    instant
                        .naive_utc()
                        .format("%Y-%m-%dT%H:%M:%S%.f")
                        .to_string(),
                )
            }
        }
        _ => Value::String(array_value_to_string(array, row).unwrap_or_default()),
    }
}
