//! Conversion of Snowflake's wire Arrow (PROTOCOL §3.2) to the [standard schema](crate::schema).
//!
//! Snowflake sends NUMBER as integers of any width holding the unscaled value, TIME and
//! TIMESTAMP as integers in units of 10^-scale seconds or as structs of epoch seconds and
//! nanoseconds (plus a time zone for TIMESTAMP_TZ). [`ArrowConverter`] turns each batch into
//! plain Arrow types, using the `rowtype` columns for the meaning and the wire field's metadata
//! (`scale`) for the units actually sent.

use std::io::Read;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BinaryArray, Date32Array, Decimal128Array, Int64Array, StringArray,
    StructArray, Time64NanosecondArray, TimestampNanosecondArray,
};
use arrow::buffer::NullBuffer;
use arrow::compute::{CastOptions, cast_with_options};
use arrow::datatypes::{DataType, Decimal128Type, Field, Int64Type, SchemaRef, TimeUnit};
use arrow::error::ArrowError;
use arrow::ipc::reader::StreamReader;
use arrow::record_batch::{RecordBatch, RecordBatchOptions};
use arrow::util::display::{ArrayFormatter, FormatOptions};
use base64::Engine as _;

use crate::error::QueryError;
use crate::schema::standard_schema;
use crate::types::{Column, SnowflakeType};

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// Converts Snowflake's wire Arrow batches of one result to the standard schema.
///
/// ```
/// use std::sync::Arc;
/// use arrow::array::{Array, Int32Array, Decimal128Array};
/// use arrow::datatypes::{DataType, Field, Schema};
/// use arrow::record_batch::RecordBatch;
/// use snowapi_query::{ArrowConverter, Column, SnowflakeType};
///
/// // NUMBER(10,3) sent as int32 holding the unscaled value.
/// let wire = RecordBatch::try_new(
///     Arc::new(Schema::new(vec![Field::new("N", DataType::Int32, true)])),
///     vec![Arc::new(Int32Array::from(vec![Some(12345), None]))],
/// )?;
/// let converter = ArrowConverter::new(vec![Column::new(
///     "N",
///     SnowflakeType::Fixed { precision: 10, scale: 3 },
/// )]);
/// let batch = converter.convert(&wire)?;
/// let n = batch.column(0).as_any().downcast_ref::<Decimal128Array>().unwrap();
/// assert_eq!(n.value_as_string(0), "12.345");
/// assert!(n.is_null(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ArrowConverter {
    columns: Vec<Column>,
    schema: SchemaRef,
}

impl ArrowConverter {
    /// A converter for a result with these columns (from its `rowtype`).
    pub fn new(columns: Vec<Column>) -> Self {
        let schema = standard_schema(&columns);
        Self { columns, schema }
    }

    /// The standard schema of the converted batches.
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// The result's columns.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Converts one wire batch. Columns are matched by position, as Snowflake sends them.
    pub fn convert(&self, batch: &RecordBatch) -> Result<RecordBatch, QueryError> {
        if batch.num_columns() != self.columns.len() {
            return Err(QueryError::decode(
                "Arrow batch",
                format!(
                    "it has {} columns, the result's rowtype has {}",
                    batch.num_columns(),
                    self.columns.len()
                ),
            ));
        }
        let wire_schema = batch.schema();
        let mut arrays = Vec::with_capacity(self.columns.len());
        for (index, column) in self.columns.iter().enumerate() {
            let target = self.schema.field(index).data_type();
            let converted = convert_array(
                column,
                wire_schema.field(index),
                batch.column(index),
                target,
            )
            .map_err(|detail| QueryError::decode(format!("column {}", column.name), detail))?;
            arrays.push(converted);
        }
        let options = RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
        RecordBatch::try_new_with_options(self.schema.clone(), arrays, &options)
            .map_err(|e| QueryError::decode("Arrow batch", e))
    }

    /// Reads a whole Arrow IPC stream (a chunk body) and converts every batch in it. An empty
    /// body yields no batches.
    pub fn convert_ipc(&self, bytes: &[u8]) -> Result<Vec<RecordBatch>, QueryError> {
        if bytes.is_empty() {
            return Ok(Vec::new());
        }
        self.ipc_batches(bytes)?.collect()
    }

    /// Decodes a base64 `rowsetBase64` and converts every batch in it. `""` yields no batches.
    pub fn convert_base64(&self, rowset_base64: &str) -> Result<Vec<RecordBatch>, QueryError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(rowset_base64.trim())
            .map_err(|e| QueryError::decode("rowsetBase64", e))?;
        self.convert_ipc(&bytes)
    }

    /// Reads an Arrow IPC stream batch by batch, converting each as it comes, so a large chunk
    /// is never held twice in memory.
    pub fn ipc_batches<'a, R: Read + 'a>(
        &'a self,
        reader: R,
    ) -> Result<impl Iterator<Item = Result<RecordBatch, QueryError>> + 'a, QueryError> {
        let stream = StreamReader::try_new(reader, None)
            .map_err(|e| QueryError::decode("Arrow IPC stream", e))?;
        Ok(stream.map(move |batch| {
            let batch = batch.map_err(|e| QueryError::decode("Arrow IPC stream", e))?;
            self.convert(&batch)
        }))
    }
}

/// Converts one wire column to its standard type; errors are plain text, wrapped by the caller
/// with the column name.
fn convert_array(
    column: &Column,
    wire_field: &Field,
    array: &ArrayRef,
    target: &DataType,
) -> Result<ArrayRef, String> {
    if array.data_type() == target {
        return Ok(array.clone());
    }
    // The wire field's own scale says which units were sent; rowtype is the fallback.
    let wire_scale = wire_field
        .metadata()
        .get("scale")
        .and_then(|s| s.parse::<i8>().ok())
        .or_else(|| column.sf_type.scale())
        .unwrap_or(0);
    match &column.sf_type {
        SnowflakeType::Fixed { .. } => convert_fixed(array, wire_scale, target),
        SnowflakeType::Date => convert_date(array),
        SnowflakeType::Time { .. } => convert_time(array, wire_scale),
        SnowflakeType::TimestampNtz { .. }
        | SnowflakeType::TimestampLtz { .. }
        | SnowflakeType::TimestampTz { .. } => convert_timestamp(array, wire_scale, target),
        SnowflakeType::DecFloat if matches!(array.data_type(), DataType::Struct(_)) => {
            convert_decfloat(array.as_struct())
        }
        _ if target == &DataType::Utf8 && is_list(array.data_type()) => list_to_text(array),
        _ => cast_strict(array, target),
    }
}

fn is_list(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(_, _)
    )
}

/// Casts, failing on overflow instead of producing NULL.
fn cast_strict(array: &ArrayRef, target: &DataType) -> Result<ArrayRef, String> {
    let options = CastOptions {
        safe: false,
        ..CastOptions::default()
    };
    cast_with_options(array, target, &options).map_err(|e| {
        format!(
            "cannot convert wire type {} to {target}: {e}",
            array.data_type()
        )
    })
}

fn is_integer(data_type: &DataType) -> bool {
    data_type.is_integer()
}

/// NUMBER: integers hold the unscaled value at `wire_scale`; decimals carry their own scale.
fn convert_fixed(array: &ArrayRef, wire_scale: i8, target: &DataType) -> Result<ArrayRef, String> {
    let wire = array.data_type();
    match target {
        DataType::Int64 if is_integer(wire) && wire_scale == 0 => cast_strict(array, target),
        DataType::Int64 if matches!(wire, DataType::Decimal128(_, 0)) => {
            let decimals = array.as_primitive::<Decimal128Type>();
            let ints: Int64Array = decimals
                .try_unary::<_, Int64Type, ArrowError>(|v| {
                    i64::try_from(v).map_err(|_| {
                        ArrowError::ComputeError(format!("{v} does not fit a 64-bit integer"))
                    })
                })
                .map_err(|e| e.to_string())?;
            Ok(Arc::new(ints))
        }
        DataType::Decimal128(precision, scale) if is_integer(wire) => {
            let ints = cast_strict(array, &DataType::Int64)?;
            let unscaled: Decimal128Array = ints.as_primitive::<Int64Type>().unary(i128::from);
            let decimals = unscaled
                .with_precision_and_scale(38, wire_scale)
                .map_err(|e| e.to_string())?;
            rescale_decimal(decimals, *precision, *scale)
        }
        DataType::Decimal128(precision, scale) if matches!(wire, DataType::Decimal128(_, _)) => {
            let decimals = array.as_primitive::<Decimal128Type>().clone();
            rescale_decimal(decimals, *precision, *scale)
        }
        _ => {
            // Integers at a non-zero scale headed for Int64, or other wire types: go through
            // a decimal at the wire scale so the scale is applied, then cast exactly.
            if is_integer(wire) {
                let as_decimal =
                    convert_fixed(array, wire_scale, &DataType::Decimal128(38, wire_scale))?;
                cast_strict(&as_decimal, target)
            } else {
                cast_strict(array, target)
            }
        }
    }
}

/// Relabels a decimal array with the target precision and scale, rescaling when the scale
/// differs.
fn rescale_decimal(
    decimals: Decimal128Array,
    precision: u8,
    scale: i8,
) -> Result<ArrayRef, String> {
    let DataType::Decimal128(_, wire_scale) = *decimals.data_type() else {
        return Err("internal: not a decimal array".to_owned());
    };
    if wire_scale == scale {
        let relabelled = decimals
            .with_precision_and_scale(precision, scale)
            .map_err(|e| e.to_string())?;
        return Ok(Arc::new(relabelled));
    }
    cast_strict(
        &(Arc::new(decimals) as ArrayRef),
        &DataType::Decimal128(precision, scale),
    )
}

fn convert_date(array: &ArrayRef) -> Result<ArrayRef, String> {
    if let DataType::Int32 = array.data_type() {
        let days = array.as_primitive::<arrow::datatypes::Int32Type>();
        return Ok(Arc::new(Date32Array::new(
            days.values().clone(),
            days.nulls().cloned(),
        )));
    }
    cast_strict(array, &DataType::Date32)
}

/// 10^(9 − scale): the factor from units of 10^-scale seconds to nanoseconds.
fn nanos_factor(scale: i8) -> Result<i64, String> {
    if !(0..=9).contains(&scale) {
        return Err(format!("unsupported time scale {scale}"));
    }
    Ok(10_i64.pow(u32::from(9 - scale.unsigned_abs())))
}

/// Integers in units of 10^-scale seconds → nanoseconds, failing on overflow.
fn scaled_to_nanos(array: &ArrayRef, scale: i8) -> Result<Int64Array, String> {
    let factor = nanos_factor(scale)?;
    let ints = cast_strict(array, &DataType::Int64)?;
    ints.as_primitive::<Int64Type>()
        .try_unary::<_, Int64Type, ArrowError>(|v| {
            v.checked_mul(factor).ok_or_else(|| {
                ArrowError::ComputeError(format!(
                    "{v} × 10^-{scale} s is outside the nanosecond range (years 1677 to 2262)"
                ))
            })
        })
        .map_err(|e| e.to_string())
}

fn convert_time(array: &ArrayRef, scale: i8) -> Result<ArrayRef, String> {
    if is_integer(array.data_type()) {
        let nanos = scaled_to_nanos(array, scale)?;
        let (_, values, nulls) = nanos.into_parts();
        return Ok(Arc::new(Time64NanosecondArray::new(values, nulls)));
    }
    cast_strict(array, &DataType::Time64(TimeUnit::Nanosecond))
}

fn convert_timestamp(array: &ArrayRef, scale: i8, target: &DataType) -> Result<ArrayRef, String> {
    let DataType::Timestamp(_, timezone) = target else {
        return Err(format!("internal: timestamp target is {target}"));
    };
    let nanos = match array.data_type() {
        t if is_integer(t) => scaled_to_nanos(array, scale)?,
        DataType::Struct(_) => struct_to_nanos(array.as_struct(), scale)?,
        _ => return cast_strict(array, target),
    };
    let (_, values, nulls) = nanos.into_parts();
    Ok(Arc::new(
        TimestampNanosecondArray::new(values, nulls).with_timezone_opt(timezone.clone()),
    ))
}

/// The child of a struct by name, or else by position.
fn struct_child<'a>(s: &'a StructArray, name: &str, position: usize) -> Option<&'a ArrayRef> {
    s.column_by_name(name).or_else(|| s.columns().get(position))
}

/// struct{epoch, fraction[, timezone]} or struct{epoch, timezone} → UTC nanoseconds.
///
/// With a `fraction` child, `epoch` is whole seconds (floored, so pre-1970 values have a
/// negative epoch and a positive fraction) and `fraction` nanoseconds. Without one (the
/// 2-field TIMESTAMP_TZ), `epoch` is in units of 10^-scale seconds. The time zone child only
/// gives the original offset, which the standard schema does not keep.
fn struct_to_nanos(s: &StructArray, scale: i8) -> Result<Int64Array, String> {
    let has_fraction = s.column_by_name("fraction").is_some()
        || (s.column_by_name("epoch").is_none() && s.num_columns() == 3);
    let epoch = struct_child(s, "epoch", 0).ok_or("timestamp struct has no epoch")?;
    let epoch_nulls = epoch.logical_nulls();
    let nulls = NullBuffer::union(s.nulls(), epoch_nulls.as_ref());
    if !has_fraction {
        let scaled = scaled_to_nanos(epoch, scale)?;
        let (_, values, _) = scaled.into_parts();
        return Ok(Int64Array::new(values, nulls));
    }
    let seconds = cast_strict(epoch, &DataType::Int64)?;
    let seconds = seconds.as_primitive::<Int64Type>();
    let fraction = struct_child(s, "fraction", 1).ok_or("timestamp struct has no fraction")?;
    let fraction = cast_strict(fraction, &DataType::Int64)?;
    let fraction = fraction.as_primitive::<Int64Type>();
    let mut values = Vec::with_capacity(s.len());
    for row in 0..s.len() {
        if nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            values.push(0);
            continue;
        }
        let secs = seconds.value(row);
        let frac = fraction.value(row);
        let value = secs
            .checked_mul(NANOS_PER_SECOND)
            .and_then(|ns| ns.checked_add(frac))
            .ok_or_else(|| {
                format!("{secs} s + {frac} ns is outside the nanosecond range (years 1677 to 2262)")
            })?;
        values.push(value);
    }
    Ok(Int64Array::new(values.into(), nulls))
}

/// DECFLOAT struct{exponent: int16, significand: big-endian two's-complement binary} → text
/// `<significand>e<exponent>`.
fn convert_decfloat(s: &StructArray) -> Result<ArrayRef, String> {
    let exponent = struct_child(s, "exponent", 0).ok_or("DECFLOAT struct has no exponent")?;
    let exponent = cast_strict(exponent, &DataType::Int64)?;
    let exponent = exponent.as_primitive::<Int64Type>();
    let significand =
        struct_child(s, "significand", 1).ok_or("DECFLOAT struct has no significand")?;
    let significand = cast_strict(significand, &DataType::Binary)?;
    let significand: &BinaryArray = significand.as_binary::<i32>();
    let nulls = NullBuffer::union(s.nulls(), significand.logical_nulls().as_ref());
    let mut out = Vec::with_capacity(s.len());
    for row in 0..s.len() {
        if nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            out.push(None);
            continue;
        }
        let bytes = significand.value(row);
        if bytes.len() > 16 {
            return Err(format!("DECFLOAT significand of {} bytes", bytes.len()));
        }
        let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
        let mut buf = if negative { [0xFF_u8; 16] } else { [0_u8; 16] };
        buf[16 - bytes.len()..].copy_from_slice(bytes);
        let value = i128::from_be_bytes(buf);
        let exp = exponent.value(row);
        out.push(Some(if exp == 0 {
            value.to_string()
        } else {
            format!("{value}e{exp}")
        }));
    }
    Ok(Arc::new(StringArray::from(out)))
}

/// VECTOR and other list values → JSON-like text (`[1, 2, 3]`).
fn list_to_text(array: &ArrayRef) -> Result<ArrayRef, String> {
    let options = FormatOptions::default();
    let formatter = ArrayFormatter::try_new(array.as_ref(), &options).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(array.len());
    for row in 0..array.len() {
        if array.is_null(row) {
            out.push(None);
        } else {
            out.push(Some(formatter.value(row).to_string()));
        }
    }
    Ok(Arc::new(StringArray::from(out)))
}

#[cfg(test)]
mod tests;
