//! The rows of a statement's result (SHOW, DESCRIBE) as JSON objects, for mapping onto the
//! REST models: keys are lower-case column names, values keep their type (numbers, strings,
//! booleans; timestamps as RFC 3339 text; NULL as null).

use arrow::{
    array::{Array, ArrayRef, AsArray},
    compute::cast,
    datatypes::{
        DataType, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimeUnit,
        UInt8Type, UInt16Type, UInt32Type, UInt64Type,
    },
    util::display::{ArrayFormatter, FormatOptions},
};
use serde_json::{Map, Number, Value};

use super::error::RestError;
use crate::engine::QueryResult;

/// Every row of `result` as a JSON object.
pub(crate) fn rows(result: &QueryResult) -> Result<Vec<Map<String, Value>>, RestError> {
    let names: Vec<String> = result
        .schema
        .fields()
        .iter()
        .map(|f| f.name().to_lowercase())
        .collect();
    let mut out = Vec::with_capacity(result.row_count());
    for batch in &result.batches {
        let columns = batch
            .columns()
            .iter()
            .map(values)
            .collect::<Result<Vec<_>, _>>()?;
        for row in 0..batch.num_rows() {
            let mut object = Map::with_capacity(names.len());
            for (name, column) in names.iter().zip(&columns) {
                object.insert(
                    name.clone(),
                    column.get(row).cloned().unwrap_or(Value::Null),
                );
            }
            out.push(object);
        }
    }
    Ok(out)
}

/// One column's values as JSON.
fn values(array: &ArrayRef) -> Result<Vec<Value>, RestError> {
    let len = array.len();
    let null_or = |i: usize, value: Value| if array.is_null(i) { Value::Null } else { value };
    macro_rules! numbers {
        ($t:ty, $conv:expr) => {{
            let typed = array.as_primitive::<$t>();
            (0..len)
                .map(|i| null_or(i, $conv(typed.value(i))))
                .collect()
        }};
    }
    let out = match array.data_type() {
        DataType::Null => vec![Value::Null; len],
        DataType::Boolean => {
            let typed = array.as_boolean();
            (0..len)
                .map(|i| null_or(i, Value::Bool(typed.value(i))))
                .collect()
        }
        DataType::Int8 => numbers!(Int8Type, |v: i8| Value::from(v)),
        DataType::Int16 => numbers!(Int16Type, |v: i16| Value::from(v)),
        DataType::Int32 => numbers!(Int32Type, |v: i32| Value::from(v)),
        DataType::Int64 => numbers!(Int64Type, |v: i64| Value::from(v)),
        DataType::UInt8 => numbers!(UInt8Type, |v: u8| Value::from(v)),
        DataType::UInt16 => numbers!(UInt16Type, |v: u16| Value::from(v)),
        DataType::UInt32 => numbers!(UInt32Type, |v: u32| Value::from(v)),
        DataType::UInt64 => numbers!(UInt64Type, |v: u64| Value::from(v)),
        DataType::Float32 => numbers!(Float32Type, |v: f32| float(f64::from(v))),
        DataType::Float64 => numbers!(Float64Type, float),
        DataType::Decimal128(_, scale) => {
            let typed = array.as_primitive::<arrow::datatypes::Decimal128Type>();
            let scale = *scale;
            (0..len)
                .map(|i| null_or(i, decimal(typed.value(i), scale)))
                .collect()
        }
        DataType::Timestamp(_, tz) => {
            let nanos = cast(
                array,
                &DataType::Timestamp(TimeUnit::Nanosecond, tz.clone()),
            )
            .map_err(|e| RestError::internal(format!("timestamp column: {e}")))?;
            let typed = nanos.as_primitive::<arrow::datatypes::TimestampNanosecondType>();
            (0..len)
                .map(|i| null_or(i, timestamp(typed.value(i), tz.as_deref())))
                .collect()
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let text = cast(array, &DataType::Utf8)
                .map_err(|e| RestError::internal(format!("text column: {e}")))?;
            let typed = text.as_string::<i32>();
            (0..len)
                .map(|i| null_or(i, Value::String(typed.value(i).to_owned())))
                .collect()
        }
        _ => {
            let formatter = ArrayFormatter::try_new(array.as_ref(), &FormatOptions::default())
                .map_err(|e| RestError::internal(format!("column: {e}")))?;
            (0..len)
                .map(|i| null_or(i, Value::String(formatter.value(i).to_string())))
                .collect()
        }
    };
    Ok(out)
}

fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// A NUMBER(p, s): an integer when the scale is 0 (and it fits), otherwise a float.
fn decimal(raw: i128, scale: i8) -> Value {
    if scale <= 0 {
        let factor = 10i128.checked_pow(u32::from(scale.unsigned_abs()));
        if let Some(v) = factor
            .and_then(|f| raw.checked_mul(f))
            .and_then(|v| i64::try_from(v).ok())
        {
            return Value::from(v);
        }
    }
    float(raw as f64 / 10f64.powi(i32::from(scale)))
}

/// Nanoseconds since the epoch as RFC 3339 text, in `tz` when it names a zone (UTC otherwise).
fn timestamp(nanos: i64, tz: Option<&str>) -> Value {
    let utc = chrono::DateTime::from_timestamp_nanos(nanos);
    let text = match tz.and_then(|t| t.parse::<arrow::array::timezone::Tz>().ok()) {
        Some(zone) => utc.with_timezone(&zone).to_rfc3339(),
        None => utc.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    };
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::{
        array::{BooleanArray, Decimal128Array, Int64Array, StringArray, TimestampNanosecondArray},
        datatypes::{Field, Schema},
        record_batch::RecordBatch,
    };
    use serde_json::json;

    use super::*;
    use crate::engine::StatementType;

    #[test]
    fn typed_values_keyed_by_lower_case_names() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("NAME", DataType::Utf8, true),
            Field::new("n", DataType::Int64, true),
            Field::new("d", DataType::Decimal128(38, 0), true),
            Field::new("f", DataType::Decimal128(10, 2), true),
            Field::new("b", DataType::Boolean, true),
            Field::new(
                "t",
                DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
                true,
            ),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![Some("A"), None])),
                Arc::new(Int64Array::from(vec![Some(1), None])),
                Arc::new(
                    Decimal128Array::from(vec![Some(7), None])
                        .with_precision_and_scale(38, 0)
                        .unwrap(),
                ),
                Arc::new(
                    Decimal128Array::from(vec![Some(150), None])
                        .with_precision_and_scale(10, 2)
                        .unwrap(),
                ),
                Arc::new(BooleanArray::from(vec![Some(true), None])),
                Arc::new(TimestampNanosecondArray::from(vec![Some(0), None]).with_timezone("UTC")),
            ],
        )
        .unwrap();
        let result = QueryResult::rows(StatementType::Select, schema, vec![batch]);
        let rows = rows(&result).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            Value::Object(rows[0].clone()),
            json!({"name": "A", "n": 1, "d": 7, "f": 1.5, "b": true, "t": "1970-01-01T00:00:00+00:00"})
        );
        assert!(rows[1].values().all(Value::is_null));
    }
}
