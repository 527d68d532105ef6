//! A result in the connector's JSON result format: `rowtype` descriptors and a `rowset`
//! of strings (PROTOCOL.md 3.3).

use arrow::{
    array::{
        Array, ArrayRef, BinaryArray, BooleanArray, Date32Array, Decimal128Array, Float64Array,
        Int64Array, StringArray, Time64NanosecondArray, TimestampNanosecondArray,
    },
    compute::cast,
    record_batch::RecordBatch,
    util::display::{ArrayFormatter, FormatOptions},
};
use serde_json::{Value, json};

use crate::types::{ColumnMeta, MAX_TEXT_LENGTH, SfType};

/// The `rowtype` array: one descriptor per column.
pub(crate) fn rowtype(columns: &[ColumnMeta]) -> Value {
    Value::Array(columns.iter().map(descriptor).collect())
}

fn descriptor(column: &ColumnMeta) -> Value {
    let (length, byte_length, precision, scale): (Value, Value, Value, Value) = match column.sf_type
    {
        SfType::Number { precision, scale } => {
            (Value::Null, Value::Null, json!(precision), json!(scale))
        }
        SfType::Text { length } => (
            json!(length),
            json!(length.saturating_mul(4).min(MAX_TEXT_LENGTH)),
            Value::Null,
            Value::Null,
        ),
        SfType::Binary { length } => (json!(length), json!(length), Value::Null, Value::Null),
        SfType::Time { scale }
        | SfType::TimestampNtz { scale }
        | SfType::TimestampLtz { scale } => (Value::Null, Value::Null, json!(0), json!(scale)),
        SfType::TimestampTz { scale } => (
            Value::Null,
            json!(if scale <= 3 { 8 } else { 16 }),
            json!(0),
            json!(scale),
        ),
        SfType::Float
        | SfType::Boolean
        | SfType::Date
        | SfType::Variant
        | SfType::Object
        | SfType::Array => (Value::Null, Value::Null, Value::Null, Value::Null),
    };
    json!({
        "name": column.name,
        "database": "",
        "schema": "",
        "table": "",
        "type": column.sf_type.wire_name(),
        "nullable": column.nullable,
        "length": length,
        "byteLength": byte_length,
        "precision": precision,
        "scale": scale,
        "collation": null,
    })
}

/// The `rowset` of `batches` (rows of a result with `columns`): every row as an array of strings
/// (or null), in the per-type text forms.
pub(crate) fn rowset(columns: &[ColumnMeta], batches: &[RecordBatch]) -> Value {
    let mut rows = Vec::with_capacity(batches.iter().map(RecordBatch::num_rows).sum());
    for_each_row(columns, batches, |row| rows.push(row));
    Value::Array(rows)
}

/// A JSON result chunk's body (PROTOCOL.md 2.8): the rows as in [`rowset`], separated by commas,
/// without the enclosing brackets.
pub(crate) fn chunk_body(columns: &[ColumnMeta], batches: &[RecordBatch]) -> Vec<u8> {
    let mut body = Vec::new();
    for_each_row(columns, batches, |row| {
        if !body.is_empty() {
            body.push(b',');
        }
        // Writing a `Value` into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut body, &row);
    });
    body
}

fn for_each_row(columns: &[ColumnMeta], batches: &[RecordBatch], mut each: impl FnMut(Value)) {
    for batch in batches {
        let cells: Vec<Vec<Value>> = batch
            .columns()
            .iter()
            .zip(columns)
            .map(|(array, meta)| cells(array, meta.sf_type))
            .collect();
        for row in 0..batch.num_rows() {
            each(Value::Array(
                cells
                    .iter()
                    .map(|column| column.get(row).cloned().unwrap_or(Value::Null))
                    .collect(),
            ));
        }
    }
}

/// One column's cells. The array is first cast to the Arrow type the engine uses for the column's
/// Snowflake type; values that cannot be read that way fall back to Arrow's display text.
fn cells(array: &ArrayRef, sf: SfType) -> Vec<Value> {
    let typed = cast(array, &sf.arrow_type())
        .ok()
        .and_then(|typed| typed_cells(&typed, sf));
    typed.unwrap_or_else(|| display_cells(array))
}

fn typed_cells(array: &ArrayRef, sf: SfType) -> Option<Vec<Value>> {
    let any = array.as_any();
    let text = |f: &dyn Fn(usize) -> String| -> Vec<Value> {
        (0..array.len())
            .map(|i| {
                if array.is_null(i) {
                    Value::Null
                } else {
                    Value::String(f(i))
                }
            })
            .collect()
    };
    Some(match sf {
        SfType::Number { scale: 0, .. } => {
            let a = any.downcast_ref::<Int64Array>()?;
            text(&|i| a.value(i).to_string())
        }
        SfType::Number { .. } => {
            let a = any.downcast_ref::<Decimal128Array>()?;
            text(&|i| a.value_as_string(i))
        }
        SfType::Float => {
            let a = any.downcast_ref::<Float64Array>()?;
            text(&|i| float_text(a.value(i)))
        }
        SfType::Text { .. } | SfType::Variant | SfType::Object | SfType::Array => {
            let a = any.downcast_ref::<StringArray>()?;
            text(&|i| a.value(i).to_owned())
        }
        SfType::Boolean => {
            let a = any.downcast_ref::<BooleanArray>()?;
            text(&|i| if a.value(i) { "1" } else { "0" }.to_owned())
        }
        SfType::Date => {
            let a = any.downcast_ref::<Date32Array>()?;
            text(&|i| a.value(i).to_string())
        }
        SfType::Time { scale } => {
            let a = any.downcast_ref::<Time64NanosecondArray>()?;
            text(&|i| seconds_text(a.value(i), scale))
        }
        SfType::TimestampNtz { scale } | SfType::TimestampLtz { scale } => {
            let a = any.downcast_ref::<TimestampNanosecondArray>()?;
            text(&|i| seconds_text(a.value(i), scale))
        }
        SfType::TimestampTz { scale } => {
            // "<epoch.fraction> <offset minutes + 1440>", each value with its own offset.
            let values = crate::timestamp_tz::values(array.as_ref());
            if values.len() != array.len() {
                return None;
            }
            text(&|i| match values[i] {
                Some(v) => format!(
                    "{} {}",
                    seconds_text(v.utc_nanos, scale),
                    i32::from(v.offset_minutes) + 1440
                ),
                None => String::new(),
            })
        }
        SfType::Binary { .. } => {
            let a = any.downcast_ref::<BinaryArray>()?;
            text(&|i| a.value(i).iter().map(|b| format!("{b:02X}")).collect())
        }
    })
}

fn display_cells(array: &ArrayRef) -> Vec<Value> {
    let options = FormatOptions::default();
    let Ok(formatter) = ArrayFormatter::try_new(array.as_ref(), &options) else {
        return vec![Value::Null; array.len()];
    };
    (0..array.len())
        .map(|i| {
            if array.is_null(i) {
                Value::Null
            } else {
                Value::String(formatter.value(i).to_string())
            }
        })
        .collect()
}

/// A float as Snowflake's clients parse it (`NaN`, `inf`, `-inf` for the special values).
fn float_text(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        value.to_string()
    }
}

/// Nanoseconds as seconds with exactly `scale` fraction digits (none, and no point, for 0);
/// negative values keep the sign on the whole text.
fn seconds_text(nanos: i64, scale: u8) -> String {
    let scale = u32::from(scale.min(9));
    let negative = nanos < 0;
    let magnitude = nanos.unsigned_abs();
    let secs = magnitude / 1_000_000_000;
    let frac = (magnitude % 1_000_000_000) / 10u64.pow(9 - scale);
    let sign = if negative { "-" } else { "" };
    if scale == 0 {
        format!("{sign}{secs}")
    } else {
        format!("{sign}{secs}.{frac:0width$}", width = scale as usize)
    }
}

/// One column's cells in the SQL API's `jsonv2` forms (PROTOCOL.md 5): as [`rowset`], except
/// that times and timestamps always carry 9 fraction digits whatever the column's scale, and
/// booleans read `true`/`false`.
pub(crate) fn jsonv2_cells(array: &ArrayRef, sf: SfType) -> Vec<Value> {
    let nanos = match sf {
        SfType::Time { .. } => SfType::Time { scale: 9 },
        SfType::TimestampNtz { .. } => SfType::TimestampNtz { scale: 9 },
        SfType::TimestampLtz { .. } => SfType::TimestampLtz { scale: 9 },
        SfType::TimestampTz { .. } => SfType::TimestampTz { scale: 9 },
        other => other,
    };
    let mut out = cells(array, nanos);
    if matches!(sf, SfType::Boolean) {
        for cell in &mut out {
            if let Value::String(text) = cell {
                match text.as_str() {
                    "1" => *text = "true".to_owned(),
                    "0" => *text = "false".to_owned(),
                    _ => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_have_exactly_scale_digits() {
        assert_eq!(
            seconds_text(1_704_164_645_123_456_789, 6),
            "1704164645.123456"
        );
        assert_eq!(seconds_text(45_296_789_000_000, 3), "45296.789");
        assert_eq!(seconds_text(45_296_000_000_000, 0), "45296");
        assert_eq!(seconds_text(-1_500_000_000, 1), "-1.5");
        assert_eq!(float_text(f64::NEG_INFINITY), "-inf");
        assert_eq!(float_text(1.5), "1.5");
    }
}
