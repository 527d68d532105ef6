//! A [`QueryResult`]'s rows as the connector's Arrow result format: an Arrow IPC stream whose
//! columns use Snowflake's physical layout per type and carry the field metadata the clients'
//! converters read (PROTOCOL.md 3.1, 3.2).
//!
//! The engine holds values in its own Arrow types ([`SfType::arrow_type`]: nanosecond times and
//! timestamps, decimals, ...); [`ArrowLayout`] maps each column to what the clients expect, once
//! per result, so every chunk of a result shares one schema.

use std::{collections::HashMap, sync::Arc};

use arrow::{
    array::{Array, ArrayRef, AsArray, Int32Array, Int64Array, StructArray, new_null_array},
    buffer::NullBuffer,
    compute::{CastOptions, cast_with_options},
    datatypes::{
        DataType, Decimal128Type, Field, Fields, Int64Type, Schema, SchemaRef,
        Time64NanosecondType, TimeUnit, TimestampNanosecondType,
    },
    ipc::writer::StreamWriter,
    record_batch::{RecordBatch, RecordBatchOptions},
};

use crate::{
    error::{EmulatorError, Result},
    types::{ColumnMeta, MAX_TEXT_LENGTH, SfType},
};

/// What the timezone child holds for UTC: offset minutes + 1440. Each TIMESTAMP_TZ value is
/// served with its own offset (`timezone_child`); UTC is what a NULL's slot holds.
const UTC_TIMEZONE: i32 = 1440;
const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// How one result column goes on the wire.
#[derive(Debug, Clone)]
struct ColumnPlan {
    sf: SfType,
    encoding: Encoding,
}

/// The physical encodings of PROTOCOL.md 3.2 this server produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    /// The engine's own Arrow type, unchanged (REAL, TEXT, BOOLEAN, DATE, BINARY, the
    /// semi-structured types as JSON text).
    Same,
    /// FIXED as int64: the integer, or the unscaled value when the scale is positive.
    Int64,
    /// FIXED as decimal128(p, s): precisions above 18, or scale-0 values beyond int64.
    Decimal { precision: u8, scale: i8 },
    /// TIME as int32 (scale ≤ 4) or int64, in units of 10^-scale seconds.
    Time { wide: bool },
    /// TIMESTAMP_NTZ/LTZ as int64 in units of 10^-scale seconds (scale ≤ 7).
    EpochUnits,
    /// TIMESTAMP_NTZ/LTZ as struct{epoch seconds, fraction nanoseconds} (scale > 7).
    EpochFraction,
    /// TIMESTAMP_TZ as struct{epoch in 10^-scale s, timezone} (scale ≤ 3, byteLength 8).
    TzShort,
    /// TIMESTAMP_TZ as struct{epoch seconds, fraction nanoseconds, timezone} (byteLength 16).
    TzLong,
}

/// The wire schema of one result and how to turn engine batches into it.
#[derive(Debug, Clone)]
pub(crate) struct ArrowLayout {
    schema: SchemaRef,
    plans: Vec<ColumnPlan>,
}

impl ArrowLayout {
    /// The layout for `columns` over `batches`. The batches are looked at only to decide whether
    /// scale-0 FIXED values computed as decimals fit in int64.
    pub(crate) fn new(columns: &[ColumnMeta], batches: &[RecordBatch]) -> Result<Self> {
        let mut plans = Vec::with_capacity(columns.len());
        let mut fields = Vec::with_capacity(columns.len());
        for (index, column) in columns.iter().enumerate() {
            let encoding = encoding(column.sf_type, index, batches)?;
            plans.push(ColumnPlan {
                sf: column.sf_type,
                encoding,
            });
            fields.push(wire_field(column, encoding));
        }
        Ok(Self {
            schema: Arc::new(Schema::new(fields)),
            plans,
        })
    }

    /// The wire schema (fields with Snowflake metadata).
    #[cfg(test)]
    pub(crate) fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// One Arrow IPC stream (schema message, then one record batch per input batch) of `batches`,
    /// which must have the result's columns.
    pub(crate) fn encode(&self, batches: &[RecordBatch]) -> Result<Vec<u8>> {
        let mut writer =
            StreamWriter::try_new(Vec::new(), &self.schema).map_err(EmulatorError::internal)?;
        for batch in batches {
            let wire = self.convert(batch)?;
            writer.write(&wire).map_err(EmulatorError::internal)?;
        }
        writer.finish().map_err(EmulatorError::internal)?;
        writer.into_inner().map_err(EmulatorError::internal)
    }

    fn convert(&self, batch: &RecordBatch) -> Result<RecordBatch> {
        if batch.num_columns() != self.plans.len() {
            return Err(EmulatorError::internal(format!(
                "batch of {} columns for a result of {}",
                batch.num_columns(),
                self.plans.len()
            )));
        }
        let arrays = batch
            .columns()
            .iter()
            .zip(&self.plans)
            .map(|(array, plan)| convert_column(array, plan))
            .collect::<Result<Vec<_>>>()?;
        let options = RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
        RecordBatch::try_new_with_options(Arc::clone(&self.schema), arrays, &options)
            .map_err(EmulatorError::internal)
    }
}

/// The whole of `result` as one Arrow IPC stream in the connector layout.
#[cfg(test)]
pub(crate) fn encode(result: &crate::engine::QueryResult) -> Result<Vec<u8>> {
    ArrowLayout::new(&result.columns, &result.batches)?.encode(&result.batches)
}

fn encoding(sf: SfType, index: usize, batches: &[RecordBatch]) -> Result<Encoding> {
    Ok(match sf {
        SfType::Number { precision, scale } if scale > 0 => {
            if precision <= 18 {
                Encoding::Int64
            } else {
                Encoding::Decimal { precision, scale }
            }
        }
        SfType::Number { precision, .. } => {
            if scale0_fits_int64(index, batches)? {
                Encoding::Int64
            } else {
                Encoding::Decimal {
                    precision,
                    scale: 0,
                }
            }
        }
        SfType::Time { scale } => Encoding::Time { wide: scale > 4 },
        SfType::TimestampNtz { scale } | SfType::TimestampLtz { scale } => {
            if scale <= 7 {
                Encoding::EpochUnits
            } else {
                Encoding::EpochFraction
            }
        }
        SfType::TimestampTz { scale } => {
            if scale <= 3 {
                Encoding::TzShort
            } else {
                Encoding::TzLong
            }
        }
        SfType::Float
        | SfType::Text { .. }
        | SfType::Boolean
        | SfType::Date
        | SfType::Binary { .. }
        | SfType::Variant
        | SfType::Object
        | SfType::Array => Encoding::Same,
    })
}

/// Whether a scale-0 FIXED column's values all fit int64. Integer columns always do; decimal
/// expressions (`10::number(38,0) * 1e20`) may not, and then go as decimal128.
fn scale0_fits_int64(index: usize, batches: &[RecordBatch]) -> Result<bool> {
    for batch in batches {
        let Some(array) = batch.columns().get(index) else {
            continue;
        };
        if let DataType::Decimal128(..) | DataType::Decimal256(..) = array.data_type() {
            let decimals = cast_strict(array, &DataType::Decimal128(38, 0))?;
            let decimals = decimals.as_primitive::<Decimal128Type>();
            if decimals.iter().flatten().any(|v| i64::try_from(v).is_err()) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn wire_field(column: &ColumnMeta, encoding: Encoding) -> Field {
    let sf = column.sf_type;
    let mut metadata = HashMap::from([("logicalType".to_owned(), sf.wire_name().to_uppercase())]);
    let mut put = |key: &str, value: String| {
        metadata.insert(key.to_owned(), value);
    };
    match sf {
        SfType::Number { precision, scale } => {
            put("precision", precision.to_string());
            put("scale", scale.to_string());
        }
        SfType::Text { length } => {
            put("charLength", length.to_string());
            put(
                "byteLength",
                length.saturating_mul(4).min(MAX_TEXT_LENGTH).to_string(),
            );
        }
        SfType::Binary { length } => {
            put("charLength", length.to_string());
            put("byteLength", length.to_string());
        }
        SfType::Time { scale }
        | SfType::TimestampNtz { scale }
        | SfType::TimestampLtz { scale } => {
            put("scale", scale.to_string());
        }
        SfType::TimestampTz { scale } => {
            put("scale", scale.to_string());
            let bytes = if encoding == Encoding::TzShort {
                "8"
            } else {
                "16"
            };
            put("byteLength", bytes.to_owned());
        }
        SfType::Float
        | SfType::Boolean
        | SfType::Date
        | SfType::Variant
        | SfType::Object
        | SfType::Array => {}
    }
    // Always nullable on the wire: `rowtype` carries the declared nullability, and a computed
    // column the engine calls NOT NULL must not make the batch unencodable.
    Field::new(&column.name, wire_type(sf, encoding), true).with_metadata(metadata)
}

fn wire_type(sf: SfType, encoding: Encoding) -> DataType {
    let child = |name: &str, data_type: DataType| Field::new(name, data_type, false);
    match encoding {
        Encoding::Same => sf.arrow_type(),
        Encoding::Int64 | Encoding::EpochUnits | Encoding::Time { wide: true } => DataType::Int64,
        Encoding::Time { wide: false } => DataType::Int32,
        Encoding::Decimal { precision, scale } => DataType::Decimal128(precision, scale),
        Encoding::EpochFraction => DataType::Struct(Fields::from(vec![
            child("epoch", DataType::Int64),
            child("fraction", DataType::Int32),
        ])),
        Encoding::TzShort => DataType::Struct(Fields::from(vec![
            child("epoch", DataType::Int64),
            child("timezone", DataType::Int32),
        ])),
        Encoding::TzLong => DataType::Struct(Fields::from(vec![
            child("epoch", DataType::Int64),
            child("fraction", DataType::Int32),
            child("timezone", DataType::Int32),
        ])),
    }
}

/// Casts that fail instead of turning values that do not fit into NULL.
fn cast_strict(array: &ArrayRef, to: &DataType) -> Result<ArrayRef> {
    if array.data_type() == to {
        return Ok(Arc::clone(array));
    }
    let options = CastOptions {
        safe: false,
        ..CastOptions::default()
    };
    cast_with_options(array, to, &options).map_err(|e| {
        EmulatorError::internal(format!(
            "cannot serve a {} column as {to}: {e}",
            array.data_type()
        ))
    })
}

fn convert_column(array: &ArrayRef, plan: &ColumnPlan) -> Result<ArrayRef> {
    let sf = plan.sf;
    // A column of NULL literals has Arrow type Null whatever its Snowflake type says.
    if array.data_type() == &DataType::Null {
        return Ok(new_null_array(&wire_type(sf, plan.encoding), array.len()));
    }
    let scale = match sf {
        SfType::Time { scale }
        | SfType::TimestampNtz { scale }
        | SfType::TimestampLtz { scale }
        | SfType::TimestampTz { scale } => scale.min(9),
        _ => 0,
    };
    let unit = 10_i64.pow(9 - u32::from(scale));
    Ok(match plan.encoding {
        Encoding::Same => cast_strict(array, &sf.arrow_type())?,
        Encoding::Int64 => match sf {
            SfType::Number { precision, scale } if scale > 0 => {
                let decimals = cast_strict(array, &DataType::Decimal128(precision, scale))?;
                let decimals = decimals.as_primitive::<Decimal128Type>();
                // precision ≤ 18 digits always fits int64.
                let values: Int64Array = decimals.unary_opt(|v| i64::try_from(v).ok());
                Arc::new(values)
            }
            _ => match array.data_type() {
                DataType::Decimal128(..) | DataType::Decimal256(..) => {
                    let decimals = cast_strict(array, &DataType::Decimal128(38, 0))?;
                    let values: Int64Array = decimals
                        .as_primitive::<Decimal128Type>()
                        .unary_opt(|v| i64::try_from(v).ok());
                    Arc::new(values)
                }
                _ => cast_strict(array, &DataType::Int64)?,
            },
        },
        Encoding::Decimal { precision, scale } => {
            cast_strict(array, &DataType::Decimal128(precision, scale))?
        }
        Encoding::Time { wide } => {
            let times = cast_strict(array, &DataType::Time64(TimeUnit::Nanosecond))?;
            let times = times.as_primitive::<Time64NanosecondType>();
            if wide {
                let values: Int64Array = times.unary(|v| v.div_euclid(unit));
                Arc::new(values)
            } else {
                // A time of day below 86 400 s fits int32 at scale ≤ 4.
                let values: Int32Array =
                    times.unary_opt(|v| i32::try_from(v.div_euclid(unit)).ok());
                Arc::new(values)
            }
        }
        Encoding::EpochUnits => {
            let nanos = timestamp_nanos(array, sf)?;
            let values: Int64Array = nanos.unary(|v| v.div_euclid(unit));
            Arc::new(values)
        }
        Encoding::EpochFraction | Encoding::TzLong => {
            let nanos = timestamp_nanos(array, sf)?;
            let epoch: Int64Array = nanos.unary(|v| v.div_euclid(NANOS_PER_SECOND));
            let fraction: Int32Array = nanos.unary(|v| {
                // rem_euclid of a positive divisor is in 0..1e9, which fits i32.
                i32::try_from(v.rem_euclid(NANOS_PER_SECOND)).unwrap_or_default()
            });
            let mut children: Vec<ArrayRef> = vec![
                Arc::new(without_nulls(epoch)),
                Arc::new(without_nulls(fraction)),
            ];
            if plan.encoding == Encoding::TzLong {
                children.push(Arc::new(timezone_child(array)));
            }
            struct_of(sf, plan.encoding, children, nanos.nulls().cloned())?
        }
        Encoding::TzShort => {
            let nanos = timestamp_nanos(array, sf)?;
            let epoch: Int64Array = nanos.unary(|v| v.div_euclid(unit));
            let children: Vec<ArrayRef> = vec![
                Arc::new(without_nulls(epoch)),
                Arc::new(timezone_child(array)),
            ];
            struct_of(sf, plan.encoding, children, nanos.nulls().cloned())?
        }
    })
}

/// The engine's nanosecond timestamps of a TIMESTAMP_* column (UTC instants for LTZ/TZ,
/// wall-clock readings for NTZ).
fn timestamp_nanos(
    array: &ArrayRef,
    sf: SfType,
) -> Result<arrow::array::PrimitiveArray<Int64Type>> {
    // TIMESTAMP_TZ values are structs keeping their offsets; the epoch is their instant.
    let typed = if crate::timestamp_tz::is_timestamp_tz(array.data_type()) {
        crate::timestamp_tz::instants(array.as_ref())
    } else if matches!(sf, SfType::TimestampTz { .. }) {
        cast_strict(
            array,
            &DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
        )?
    } else {
        cast_strict(array, &sf.arrow_type())?
    };
    let stamps = typed.as_primitive::<TimestampNanosecondType>();
    Ok(stamps.reinterpret_cast::<Int64Type>())
}

/// The timezone child of a TIMESTAMP_TZ column: each value's offset in minutes + 1440 (UTC
/// for NULLs and for values that carry no offset).
fn timezone_child(array: &ArrayRef) -> Int32Array {
    let values = crate::timestamp_tz::values(array.as_ref());
    if values.is_empty() {
        return Int32Array::from_value(UTC_TIMEZONE, array.len());
    }
    values
        .into_iter()
        .map(|v| Some(v.map_or(UTC_TIMEZONE, |v| i32::from(v.offset_minutes) + UTC_TIMEZONE)))
        .collect()
}

/// The same values with no null buffer: struct children hold zeros where the struct is NULL.
fn without_nulls<T: arrow::datatypes::ArrowPrimitiveType>(
    array: arrow::array::PrimitiveArray<T>,
) -> arrow::array::PrimitiveArray<T> {
    let (data_type, values, _) = array.into_parts();
    arrow::array::PrimitiveArray::<T>::new(values, None).with_data_type(data_type)
}

fn struct_of(
    sf: SfType,
    encoding: Encoding,
    children: Vec<ArrayRef>,
    nulls: Option<NullBuffer>,
) -> Result<ArrayRef> {
    let DataType::Struct(fields) = wire_type(sf, encoding) else {
        return Err(EmulatorError::internal(format!(
            "{sf} has no struct encoding"
        )));
    };
    let array = StructArray::try_new(fields, children, nulls).map_err(EmulatorError::internal)?;
    Ok(Arc::new(array))
}

#[cfg(test)]
mod tests {
    use arrow::{
        array::{
            BinaryArray, BooleanArray, Date32Array, Decimal128Array, Float64Array, StringArray,
            Time64NanosecondArray, TimestampNanosecondArray,
        },
        ipc::reader::StreamReader,
    };

    use super::*;
    use crate::engine::{QueryResult, StatementType};

    fn result(columns: Vec<(SfType, ArrayRef)>) -> QueryResult {
        let fields: Vec<Field> = columns
            .iter()
            .enumerate()
            .map(|(i, (sf, array))| {
                // As the engine does for computed columns: the array's own type, and the
                // Snowflake type in metadata (ignored when the two disagree).
                let typed = sf.field(&format!("C{i}"), true);
                Field::new(typed.name(), array.data_type().clone(), true)
                    .with_metadata(typed.metadata().clone())
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let arrays = columns.into_iter().map(|(_, a)| a).collect();
        let batch = RecordBatch::try_new(Arc::clone(&schema), arrays).unwrap();
        QueryResult::rows(StatementType::Select, schema, vec![batch])
    }

    fn decode(bytes: &[u8]) -> Vec<RecordBatch> {
        StreamReader::try_new(bytes, None)
            .unwrap()
            .collect::<std::result::Result<Vec<_>, _>>()
            .unwrap()
    }

    fn meta<'a>(batch: &'a RecordBatch, column: usize, key: &str) -> Option<&'a str> {
        batch
            .schema_ref()
            .field(column)
            .metadata()
            .get(key)
            .map(String::as_str)
    }

    // 2024-01-02 03:04:05.123456789 UTC.
    const STAMP: i64 = 1_704_164_645_123_456_789;
    // 12:34:56.789.
    const TIME: i64 = 45_296_789_000_000;

    #[test]
    fn every_type_goes_in_snowflake_layout_with_metadata_and_nulls() {
        let decimal = |p: u8, s: i8, v: i128| -> ArrayRef {
            Arc::new(
                Decimal128Array::from(vec![Some(v), None])
                    .with_precision_and_scale(p, s)
                    .unwrap(),
            )
        };
        let stamps = || TimestampNanosecondArray::from(vec![Some(STAMP), None]);
        let zoned = |offset_minutes: i16| -> ArrayRef {
            crate::timestamp_tz::build([
                Some(crate::timestamp_tz::TzValue {
                    utc_nanos: STAMP,
                    offset_minutes,
                }),
                None,
            ])
        };
        let result = result(vec![
            (
                SfType::INTEGER,
                Arc::new(Int64Array::from(vec![Some(-7), None])),
            ),
            (
                SfType::Number {
                    precision: 10,
                    scale: 3,
                },
                decimal(10, 3, 12_345),
            ),
            (
                SfType::Number {
                    precision: 38,
                    scale: 2,
                },
                decimal(38, 2, -150),
            ),
            (
                SfType::Float,
                Arc::new(Float64Array::from(vec![Some(1.5), None])),
            ),
            (
                SfType::Text { length: 10 },
                Arc::new(StringArray::from(vec![Some("héllo"), None])),
            ),
            (
                SfType::Boolean,
                Arc::new(BooleanArray::from(vec![Some(true), None])),
            ),
            (
                SfType::Date,
                Arc::new(Date32Array::from(vec![Some(19_724), None])),
            ),
            (
                SfType::Time { scale: 3 },
                Arc::new(Time64NanosecondArray::from(vec![Some(TIME), None])),
            ),
            (
                SfType::Time { scale: 9 },
                Arc::new(Time64NanosecondArray::from(vec![Some(TIME), None])),
            ),
            (SfType::TimestampNtz { scale: 6 }, Arc::new(stamps())),
            (SfType::TimestampNtz { scale: 9 }, Arc::new(stamps())),
            (
                SfType::TimestampLtz { scale: 9 },
                Arc::new(stamps().with_timezone("UTC")),
            ),
            (SfType::TimestampTz { scale: 3 }, zoned(0)),
            (SfType::TimestampTz { scale: 9 }, zoned(60)),
            (
                SfType::Variant,
                Arc::new(StringArray::from(vec![Some("{\"a\":1}"), None])),
            ),
            (
                SfType::Binary { length: 3 },
                Arc::new(BinaryArray::from(vec![Some(b"ABC".as_ref()), None])),
            ),
        ]);
        let batches = decode(&encode(&result).unwrap());
        assert_eq!(batches.len(), 1);
        let batch = &batches[0];
        assert_eq!(batch.num_rows(), 2);
        for column in 0..batch.num_columns() {
            assert!(batch.column(column).is_null(1), "column {column} row 1");
            assert!(
                meta(batch, column, "logicalType").is_some(),
                "column {column}"
            );
        }
        let int = |c: usize| batch.column(c).as_primitive::<Int64Type>().value(0);
        let int32 = |c: usize| {
            batch
                .column(c)
                .as_primitive::<arrow::datatypes::Int32Type>()
                .value(0)
        };
        // FIXED
        assert_eq!(meta(batch, 0, "logicalType"), Some("FIXED"));
        assert_eq!(
            (meta(batch, 0, "precision"), meta(batch, 0, "scale")),
            (Some("38"), Some("0"))
        );
        assert_eq!(int(0), -7);
        assert_eq!(meta(batch, 1, "scale"), Some("3"));
        assert_eq!(int(1), 12_345);
        assert_eq!(batch.column(2).data_type(), &DataType::Decimal128(38, 2));
        assert_eq!(
            batch.column(2).as_primitive::<Decimal128Type>().value(0),
            -150
        );
        // REAL, TEXT, BOOLEAN, DATE
        assert_eq!(meta(batch, 3, "logicalType"), Some("REAL"));
        assert_eq!(
            batch
                .column(3)
                .as_primitive::<arrow::datatypes::Float64Type>()
                .value(0),
            1.5
        );
        assert_eq!(meta(batch, 4, "logicalType"), Some("TEXT"));
        assert_eq!(
            (meta(batch, 4, "charLength"), meta(batch, 4, "byteLength")),
            (Some("10"), Some("40"))
        );
        assert_eq!(batch.column(4).as_string::<i32>().value(0), "héllo");
        assert!(batch.column(5).as_boolean().value(0));
        assert_eq!(batch.column(6).data_type(), &DataType::Date32);
        assert_eq!(
            batch
                .column(6)
                .as_primitive::<arrow::datatypes::Date32Type>()
                .value(0),
            19_724
        );
        // TIME: int32 at scale 3, int64 at scale 9.
        assert_eq!(meta(batch, 7, "scale"), Some("3"));
        assert_eq!(batch.column(7).data_type(), &DataType::Int32);
        assert_eq!(int32(7), 45_296_789);
        assert_eq!(int(8), TIME);
        // NTZ scale 6: int64 microseconds; scale 9: struct{epoch, fraction}.
        assert_eq!(meta(batch, 9, "logicalType"), Some("TIMESTAMP_NTZ"));
        assert_eq!(int(9), 1_704_164_645_123_456);
        for column in [10, 11] {
            let parts = batch.column(column).as_struct();
            assert_eq!(parts.num_columns(), 2);
            assert_eq!(
                parts.column(0).as_primitive::<Int64Type>().value(0),
                1_704_164_645
            );
            assert_eq!(
                parts
                    .column(1)
                    .as_primitive::<arrow::datatypes::Int32Type>()
                    .value(0),
                123_456_789
            );
        }
        assert_eq!(meta(batch, 11, "logicalType"), Some("TIMESTAMP_LTZ"));
        // TZ scale 3: 2 fields, byteLength 8; scale 9: 3 fields, byteLength 16.
        let short = batch.column(12).as_struct();
        assert_eq!(meta(batch, 12, "byteLength"), Some("8"));
        assert_eq!(
            short.column(0).as_primitive::<Int64Type>().value(0),
            1_704_164_645_123
        );
        assert_eq!(
            short
                .column(1)
                .as_primitive::<arrow::datatypes::Int32Type>()
                .value(0),
            1440
        );
        let long = batch.column(13).as_struct();
        assert_eq!(
            (meta(batch, 13, "byteLength"), meta(batch, 13, "scale")),
            (Some("16"), Some("9"))
        );
        assert_eq!(long.num_columns(), 3);
        // Each value's own offset (+01:00) goes in the timezone child.
        assert_eq!(
            long.column(2)
                .as_primitive::<arrow::datatypes::Int32Type>()
                .value(0),
            1500
        );
        // VARIANT as JSON text, BINARY as bytes.
        assert_eq!(meta(batch, 14, "logicalType"), Some("VARIANT"));
        assert_eq!(batch.column(14).as_string::<i32>().value(0), "{\"a\":1}");
        assert_eq!(meta(batch, 15, "byteLength"), Some("3"));
        assert_eq!(batch.column(15).as_binary::<i32>().value(0), b"ABC");
    }

    #[test]
    fn pre_epoch_timestamps_floor_to_whole_units() {
        let result = result(vec![(
            SfType::TimestampNtz { scale: 9 },
            Arc::new(TimestampNanosecondArray::from(vec![-1_500_000_000])),
        )]);
        let batches = decode(&encode(&result).unwrap());
        let parts = batches[0].column(0).as_struct();
        assert_eq!(parts.column(0).as_primitive::<Int64Type>().value(0), -2);
        assert_eq!(
            parts
                .column(1)
                .as_primitive::<arrow::datatypes::Int32Type>()
                .value(0),
            500_000_000
        );
    }

    #[test]
    fn scale0_decimals_beyond_int64_stay_decimal() {
        let big: ArrayRef = Arc::new(
            Decimal128Array::from(vec![Some(10_i128.pow(20)), Some(1)])
                .with_precision_and_scale(38, 0)
                .unwrap(),
        );
        let small: ArrayRef = Arc::new(
            Decimal128Array::from(vec![Some(5_i128)])
                .with_precision_and_scale(38, 0)
                .unwrap(),
        );
        let wide = decode(&encode(&result(vec![(SfType::INTEGER, big)])).unwrap());
        assert_eq!(wide[0].column(0).data_type(), &DataType::Decimal128(38, 0));
        assert_eq!(
            wide[0].column(0).as_primitive::<Decimal128Type>().value(0),
            10_i128.pow(20)
        );
        let narrow = decode(&encode(&result(vec![(SfType::INTEGER, small)])).unwrap());
        assert_eq!(narrow[0].column(0).as_primitive::<Int64Type>().value(0), 5);
    }

    #[test]
    fn null_typed_columns_and_empty_results_encode() {
        let nulls: ArrayRef = Arc::new(arrow::array::NullArray::new(2));
        let layout_result = result(vec![(SfType::TEXT, nulls)]);
        let batches = decode(&encode(&layout_result).unwrap());
        assert_eq!(batches[0].column(0).data_type(), &DataType::Utf8);
        assert_eq!(batches[0].column(0).null_count(), 2);
        let layout = ArrowLayout::new(&layout_result.columns, &[]).unwrap();
        let empty = decode(&layout.encode(&[]).unwrap());
        assert!(empty.is_empty());
        assert_eq!(layout.schema().fields().len(), 1);
    }
}
