//! The standard Arrow schema every result is delivered in, whatever the server sent.
//!
//! | Snowflake type | Arrow type |
//! | --- | --- |
//! | NUMBER(p, 0) with p ≤ 18 | `Int64` |
//! | other NUMBER(p, s) | `Decimal128(p, s)` |
//! | REAL | `Float64` |
//! | TEXT | `Utf8` |
//! | BOOLEAN | `Boolean` |
//! | DATE | `Date32` |
//! | TIME | `Time64(Nanosecond)` |
//! | TIMESTAMP_NTZ | `Timestamp(Nanosecond, None)` (the wall-clock reading) |
//! | TIMESTAMP_LTZ, TIMESTAMP_TZ | `Timestamp(Nanosecond, Some("UTC"))` (the instant) |
//! | BINARY | `Binary` |
//! | VARIANT, OBJECT, ARRAY, and any other type | `Utf8` (JSON or Snowflake's text) |
//!
//! TIMESTAMP_TZ values are converted to their UTC instant: the original UTC offset of each
//! value is not kept, and the field says so with `snowflake.timezone = "UTC"`. A value outside
//! the range of nanosecond timestamps (years 1677 to 2262) is a decode error, never a wrong
//! value.
//!
//! Every field carries its Snowflake type as metadata under [`SNOWFLAKE_TYPE`], plus
//! [`SNOWFLAKE_PRECISION`] and [`SNOWFLAKE_SCALE`] for NUMBER, [`SNOWFLAKE_SCALE`] for TIME and
//! TIMESTAMP_*, and [`SNOWFLAKE_LENGTH`] for TEXT and BINARY. Every field is nullable, whatever
//! `rowtype` says, so a server that under-reports nullability cannot make a batch invalid; the
//! declared nullability stays in [`Column::nullable`].

use std::collections::HashMap;
use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};

use crate::types::{Column, SnowflakeType};

/// Field metadata key holding the Snowflake type name (`FIXED`, `TIMESTAMP_TZ`, `VARIANT`...).
pub const SNOWFLAKE_TYPE: &str = "snowflake.type";
/// Field metadata key holding a NUMBER's precision.
pub const SNOWFLAKE_PRECISION: &str = "snowflake.precision";
/// Field metadata key holding a NUMBER's scale or a TIME/TIMESTAMP's fraction digits.
pub const SNOWFLAKE_SCALE: &str = "snowflake.scale";
/// Field metadata key holding a TEXT or BINARY maximum length.
pub const SNOWFLAKE_LENGTH: &str = "snowflake.length";
/// Field metadata key set to `UTC` on TIMESTAMP_TZ fields: values are UTC instants, the
/// original offsets are not kept.
pub const SNOWFLAKE_TIMEZONE: &str = "snowflake.timezone";

/// The largest precision of a scale-0 NUMBER that always fits an `i64`.
const INT64_MAX_PRECISION: u8 = 18;

/// The standard Arrow type of a Snowflake type.
///
/// ```
/// use arrow::datatypes::{DataType, TimeUnit};
/// use snowapi_query::{SnowflakeType, standard_data_type};
/// assert_eq!(
///     standard_data_type(&SnowflakeType::Fixed { precision: 18, scale: 0 }),
///     DataType::Int64
/// );
/// assert_eq!(
///     standard_data_type(&SnowflakeType::Fixed { precision: 38, scale: 0 }),
///     DataType::Decimal128(38, 0)
/// );
/// assert_eq!(
///     standard_data_type(&SnowflakeType::TimestampTz { scale: 3 }),
///     DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
/// );
/// ```
pub fn standard_data_type(sf_type: &SnowflakeType) -> DataType {
    match sf_type {
        SnowflakeType::Fixed { precision, scale } => {
            // Clamped so a hand-built type can never make an invalid Arrow decimal.
            let precision = (*precision).clamp(1, 38);
            let scale = (*scale).clamp(0, i8::try_from(precision).unwrap_or(38));
            if scale == 0 && precision <= INT64_MAX_PRECISION {
                DataType::Int64
            } else {
                DataType::Decimal128(precision, scale)
            }
        }
        SnowflakeType::Real => DataType::Float64,
        SnowflakeType::Boolean => DataType::Boolean,
        SnowflakeType::Date => DataType::Date32,
        SnowflakeType::Time { .. } => DataType::Time64(TimeUnit::Nanosecond),
        SnowflakeType::TimestampNtz { .. } => DataType::Timestamp(TimeUnit::Nanosecond, None),
        SnowflakeType::TimestampLtz { .. } | SnowflakeType::TimestampTz { .. } => {
            DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
        }
        SnowflakeType::Binary { .. } => DataType::Binary,
        _ => DataType::Utf8,
    }
}

/// The standard Arrow field of a column, with its `snowflake.*` metadata.
///
/// ```
/// use snowapi_query::{Column, SnowflakeType, SNOWFLAKE_TYPE, standard_field};
/// let field = standard_field(&Column::new("V", SnowflakeType::Variant));
/// assert_eq!(field.metadata()[SNOWFLAKE_TYPE], "VARIANT");
/// ```
pub fn standard_field(column: &Column) -> Field {
    let mut metadata = HashMap::new();
    metadata.insert(SNOWFLAKE_TYPE.to_owned(), column.sf_type.name().to_owned());
    match &column.sf_type {
        SnowflakeType::Fixed { precision, scale } => {
            metadata.insert(SNOWFLAKE_PRECISION.to_owned(), precision.to_string());
            metadata.insert(SNOWFLAKE_SCALE.to_owned(), scale.to_string());
        }
        SnowflakeType::Time { scale }
        | SnowflakeType::TimestampNtz { scale }
        | SnowflakeType::TimestampLtz { scale } => {
            metadata.insert(SNOWFLAKE_SCALE.to_owned(), scale.to_string());
        }
        SnowflakeType::TimestampTz { scale } => {
            metadata.insert(SNOWFLAKE_SCALE.to_owned(), scale.to_string());
            metadata.insert(SNOWFLAKE_TIMEZONE.to_owned(), "UTC".to_owned());
        }
        SnowflakeType::Text { length } | SnowflakeType::Binary { length } => {
            metadata.insert(SNOWFLAKE_LENGTH.to_owned(), length.to_string());
        }
        _ => {}
    }
    Field::new(&column.name, standard_data_type(&column.sf_type), true).with_metadata(metadata)
}

/// The standard Arrow schema of a result's columns.
pub fn standard_schema(columns: &[Column]) -> SchemaRef {
    Arc::new(Schema::new(
        columns.iter().map(standard_field).collect::<Vec<_>>(),
    ))
}
