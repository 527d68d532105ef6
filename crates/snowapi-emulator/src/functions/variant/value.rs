//! VARIANT, OBJECT and ARRAY values inside the engine: JSON text in a Utf8 column whose field
//! metadata names the Snowflake type (see [`crate::types::SF_TYPE_KEY`]). SQL NULL is an Arrow
//! null; JSON `null` is the text `null`.
//!
//! Every semi-structured function reads its arguments and writes its result through this module,
//! so the conversions between SQL values and JSON live in one place.

use std::sync::Arc;

use arrow::{
    array::{Array, ArrayRef, AsArray, StringBuilder},
    datatypes::{DataType, Field, FieldRef},
    util::display::{ArrayFormatter, FormatOptions},
};
use datafusion::{
    common::{DataFusionError, Result, ScalarValue},
    logical_expr::ColumnarValue,
};
use serde_json::{Number, Value};

use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// Whether a field holds VARIANT, OBJECT or ARRAY values.
pub(crate) fn is_semi_structured(field: &Field) -> bool {
    matches!(
        SfType::of_field(field),
        SfType::Variant | SfType::Object | SfType::Array
    )
}

/// The result field of a function returning `sf` (VARIANT, OBJECT, ARRAY, or a plain type).
pub(crate) fn result_field(name: &str, sf: SfType) -> FieldRef {
    Arc::new(sf.field(name, true))
}

/// A Snowflake error raised while a query runs, in DataFusion's error type.
pub(crate) fn sql_error(kind: ErrorKind, message: impl Into<String>) -> DataFusionError {
    DataFusionError::External(Box::new(EmulatorError::new(kind, message)))
}

/// A compilation error (bad arguments and the like) in DataFusion's error type.
pub(crate) fn compilation_error(
    kind: ErrorKind,
    message: impl std::fmt::Display,
) -> DataFusionError {
    DataFusionError::External(Box::new(EmulatorError::compilation(kind, message)))
}

/// `Error parsing JSON: …`, what PARSE_JSON reports for text that is not JSON.
pub(crate) fn parse_error(error: &serde_json::Error) -> DataFusionError {
    sql_error(
        ErrorKind::InvalidJson,
        format!("Error parsing JSON: {error}"),
    )
}

/// Parses JSON text as Snowflake's PARSE_JSON does: blank text is SQL NULL.
pub(crate) fn parse_json_text(text: &str) -> Result<Option<Value>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(text)
        .map(Some)
        .map_err(|e| parse_error(&e))
}

/// The compact JSON text of a value, object keys sorted (Snowflake's canonical order).
pub(crate) fn to_text(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(inner) = map.get(key) {
                    write_value(inner, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// How an argument's SQL values turn into JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// As a value placed into a VARIANT: text becomes a JSON string (constructors, TO_VARIANT).
    Value,
    /// As a VARIANT to look into: text is parsed as JSON (GET, FLATTEN, ARRAY_SIZE, ...).
    Document,
}

/// The values of one argument as JSON, one per row (`None` for SQL NULL). Semi-structured
/// columns are parsed; other types are converted as `reading` says.
pub(crate) fn json_values(
    array: &ArrayRef,
    field: &Field,
    reading: Reading,
) -> Result<Vec<Option<Value>>> {
    let parse = is_semi_structured(field) || reading == Reading::Document;
    if parse && let Some(texts) = string_values(array) {
        return texts
            .into_iter()
            .map(|text| match text {
                Some(text) => parse_json_text(&text),
                None => Ok(None),
            })
            .collect();
    }
    (0..array.len()).map(|row| json_value(array, row)).collect()
}

/// The text of every row of a string array, whatever its string layout.
pub(crate) fn string_values(array: &ArrayRef) -> Option<Vec<Option<String>>> {
    let collect = |iter: &mut dyn Iterator<Item = Option<&str>>| {
        iter.map(|v| v.map(str::to_owned)).collect::<Vec<_>>()
    };
    match array.data_type() {
        DataType::Utf8 => Some(collect(&mut array.as_string::<i32>().iter())),
        DataType::LargeUtf8 => Some(collect(&mut array.as_string::<i64>().iter())),
        DataType::Utf8View => Some(collect(&mut array.as_string_view().iter())),
        DataType::Null => Some(vec![None; array.len()]),
        _ => None,
    }
}

/// One SQL value as JSON (`None` for SQL NULL): numbers stay numbers, BOOLEAN stays boolean,
/// everything else becomes a JSON string of its text form.
pub(crate) fn json_value(array: &ArrayRef, row: usize) -> Result<Option<Value>> {
    // A NullArray has no validity buffer: `is_null` would say its rows are valid.
    if array.data_type() == &DataType::Null || array.is_null(row) {
        return Ok(None);
    }
    let value = match array.data_type() {
        DataType::Boolean => Value::Bool(array.as_boolean().value(row)),
        DataType::Int8 => Value::from(
            array
                .as_primitive::<arrow::datatypes::Int8Type>()
                .value(row),
        ),
        DataType::Int16 => Value::from(
            array
                .as_primitive::<arrow::datatypes::Int16Type>()
                .value(row),
        ),
        DataType::Int32 => Value::from(
            array
                .as_primitive::<arrow::datatypes::Int32Type>()
                .value(row),
        ),
        DataType::Int64 => Value::from(
            array
                .as_primitive::<arrow::datatypes::Int64Type>()
                .value(row),
        ),
        DataType::UInt8 => Value::from(
            array
                .as_primitive::<arrow::datatypes::UInt8Type>()
                .value(row),
        ),
        DataType::UInt16 => Value::from(
            array
                .as_primitive::<arrow::datatypes::UInt16Type>()
                .value(row),
        ),
        DataType::UInt32 => Value::from(
            array
                .as_primitive::<arrow::datatypes::UInt32Type>()
                .value(row),
        ),
        DataType::UInt64 => Value::from(
            array
                .as_primitive::<arrow::datatypes::UInt64Type>()
                .value(row),
        ),
        DataType::Float32 => float(f64::from(
            array
                .as_primitive::<arrow::datatypes::Float32Type>()
                .value(row),
        )),
        DataType::Float64 => float(
            array
                .as_primitive::<arrow::datatypes::Float64Type>()
                .value(row),
        ),
        DataType::Decimal128(_, scale) => {
            let raw = array
                .as_primitive::<arrow::datatypes::Decimal128Type>()
                .value(row);
            decimal(raw, *scale)
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let texts = string_values(&array.slice(row, 1)).unwrap_or_default();
            Value::String(texts.into_iter().flatten().next().unwrap_or_default())
        }
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => {
            let bytes = match array.data_type() {
                DataType::Binary => array.as_binary::<i32>().value(row).to_vec(),
                DataType::LargeBinary => array.as_binary::<i64>().value(row).to_vec(),
                _ => array.as_binary_view().value(row).to_vec(),
            };
            Value::String(bytes.iter().map(|b| format!("{b:02X}")).collect())
        }
        zoned if crate::timestamp_tz::is_timestamp_tz(zoned) => {
            Value::String(zoned_display(array, row).unwrap_or_default())
        }
        _ => Value::String(display(array, row)?),
    };
    Ok(Some(value))
}

/// A float as JSON; NaN and infinities, which JSON lacks, as Snowflake's strings.
fn float(value: f64) -> Value {
    match Number::from_f64(value) {
        Some(number) => Value::Number(number),
        None if value.is_nan() => Value::String("NaN".into()),
        None if value > 0.0 => Value::String("Infinity".into()),
        None => Value::String("-Infinity".into()),
    }
}

/// A NUMBER(p, s) value as JSON: an integer when it has no fraction, otherwise a decimal.
fn decimal(raw: i128, scale: i8) -> Value {
    if scale <= 0 {
        let value = raw.checked_mul(10_i128.pow(u32::from(scale.unsigned_abs())));
        return match value.map(i64::try_from) {
            Some(Ok(small)) => Value::from(small),
            _ => float(raw as f64 * 10_f64.powi(i32::from(scale.unsigned_abs()))),
        };
    }
    let divisor = 10_i128.pow(u32::from(scale.unsigned_abs()));
    if raw % divisor == 0
        && let Ok(whole) = i64::try_from(raw / divisor)
    {
        return Value::from(whole);
    }
    let text = format!(
        "{}{}.{:0width$}",
        if raw < 0 { "-" } else { "" },
        (raw / divisor).unsigned_abs(),
        (raw % divisor).unsigned_abs(),
        width = scale as usize
    );
    serde_json::from_str(text.trim_end_matches('0')).unwrap_or(Value::String(text))
}

/// A value's display text (dates, times, timestamps), in Snowflake's default output formats.
fn display(array: &ArrayRef, row: usize) -> Result<String> {
    let options = FormatOptions::default()
        .with_timestamp_format(Some("%Y-%m-%d %H:%M:%S%.3f"))
        .with_timestamp_tz_format(Some("%Y-%m-%d %H:%M:%S%.3f %z"));
    let formatter = ArrayFormatter::try_new(array.as_ref(), &options)?;
    Ok(formatter.value(row).to_string())
}

/// A TIMESTAMP_TZ value's text: its own wall clock and offset (`+0100`), as the other zoned
/// timestamps are written.
fn zoned_display(array: &ArrayRef, row: usize) -> Option<String> {
    let value = crate::timestamp_tz::value_at(array.as_ref(), row)?;
    let local = chrono::DateTime::from_timestamp_nanos(value.local_nanos()?).naive_utc();
    let minutes = i32::from(value.offset_minutes);
    let sign = if minutes < 0 { '-' } else { '+' };
    Some(format!(
        "{} {sign}{:02}{:02}",
        local.format("%Y-%m-%d %H:%M:%S%.3f"),
        minutes.abs() / 60,
        minutes.abs() % 60
    ))
}

/// The rows of a function's arguments as arrays of equal length (zero-argument functions get
/// `number_rows`), and whether every argument was a constant.
pub(crate) fn argument_arrays(
    args: &[ColumnarValue],
    number_rows: usize,
) -> Result<(Vec<ArrayRef>, usize, bool)> {
    let all_scalar = !args.is_empty() && args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
    let arrays = ColumnarValue::values_to_arrays(args)?;
    let rows = arrays.first().map_or(number_rows, |a| a.len());
    Ok((arrays, rows, all_scalar))
}

/// A function's output: one value when every argument was constant, a column otherwise.
pub(crate) fn output(array: ArrayRef, all_scalar: bool) -> Result<ColumnarValue> {
    if all_scalar && array.len() == 1 {
        return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
            &array, 0,
        )?));
    }
    Ok(ColumnarValue::Array(array))
}

/// A Utf8 column of JSON texts from JSON values (`None` is SQL NULL).
pub(crate) fn variant_array(values: impl IntoIterator<Item = Option<Value>>) -> ArrayRef {
    let mut builder = StringBuilder::new();
    for value in values {
        match value {
            Some(value) => builder.append_value(to_text(&value)),
            None => builder.append_null(),
        }
    }
    Arc::new(builder.finish())
}

/// Snowflake's name of a JSON value's type, as TYPEOF reports it.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NULL_VALUE",
        Value::Bool(_) => "BOOLEAN",
        Value::Number(n) if n.is_i64() || n.is_u64() => "INTEGER",
        // Snowflake keeps JSON numbers with a fraction as fixed-point decimals.
        Value::Number(_) => "DECIMAL",
        Value::String(_) => "VARCHAR",
        Value::Array(_) => "ARRAY",
        Value::Object(_) => "OBJECT",
    }
}

/// Whether two JSON values are equal as Snowflake compares VARIANTs: numbers by value.
pub(crate) fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Decimal128Array, Int64Array, StringArray};

    #[test]
    fn text_is_compact_with_sorted_keys() {
        let value: Value =
            serde_json::from_str(r#"{"b": [1, {"z": null, "a": "x"}], "a": true}"#).unwrap();
        assert_eq!(to_text(&value), r#"{"a":true,"b":[1,{"a":"x","z":null}]}"#);
    }

    #[test]
    fn sql_values_become_json() {
        let numbers: ArrayRef = Arc::new(Int64Array::from(vec![Some(7), None]));
        assert_eq!(json_value(&numbers, 0).unwrap(), Some(Value::from(7)));
        assert_eq!(json_value(&numbers, 1).unwrap(), None);
        let decimals: ArrayRef = Arc::new(
            Decimal128Array::from(vec![1050, -5, 300])
                .with_precision_and_scale(10, 2)
                .unwrap(),
        );
        assert_eq!(to_text(&json_value(&decimals, 0).unwrap().unwrap()), "10.5");
        assert_eq!(
            to_text(&json_value(&decimals, 1).unwrap().unwrap()),
            "-0.05"
        );
        assert_eq!(to_text(&json_value(&decimals, 2).unwrap().unwrap()), "3");
        let texts: ArrayRef = Arc::new(StringArray::from(vec![r#"{"a":1}"#]));
        let plain = Field::new("t", DataType::Utf8, true);
        assert_eq!(
            json_values(&texts, &plain, Reading::Value).unwrap()[0],
            Some(Value::String(r#"{"a":1}"#.into()))
        );
        assert_eq!(
            json_values(&texts, &SfType::Variant.field("v", true), Reading::Value).unwrap()[0]
                .as_ref()
                .map(to_text),
            Some(r#"{"a":1}"#.into())
        );
    }

    #[test]
    fn blank_text_is_null_and_bad_text_fails() {
        assert_eq!(parse_json_text("  ").unwrap(), None);
        let error = parse_json_text("{oops").unwrap_err();
        assert!(error.to_string().contains("Error parsing JSON"), "{error}");
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(same_value(
            &Value::from(1),
            &serde_json::from_str("1.0").unwrap()
        ));
        assert!(!same_value(&Value::from(1), &Value::String("1".into())));
    }
}
