//! [`Row`]: one row of a result, with typed getters by position or by name.

use std::sync::Arc;

use arrow::array::{Array, AsArray as _};
use arrow::datatypes::{
    DataType, Date32Type, Decimal128Type, Field, Float64Type, Int64Type, SchemaRef,
    Time64NanosecondType, TimeUnit, TimestampNanosecondType,
};
use arrow::record_batch::RecordBatch;
use arrow::util::display::array_value_to_string;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::json_cells::{cell_to_json, is_semi_structured};
use crate::error::QueryError;

/// One row of a result. Cheap to clone: rows share their record batch.
///
/// ```
/// use std::sync::Arc;
/// use arrow::array::{Int64Array, StringArray};
/// use arrow::datatypes::{DataType, Field, Schema};
/// use arrow::record_batch::RecordBatch;
/// use snowapi_query::Row;
///
/// let batch = RecordBatch::try_new(
///     Arc::new(Schema::new(vec![
///         Field::new("ID", DataType::Int64, true),
///         Field::new("NAME", DataType::Utf8, true),
///     ])),
///     vec![
///         Arc::new(Int64Array::from(vec![7])),
///         Arc::new(StringArray::from(vec![None::<&str>])),
///     ],
/// )?;
/// let row = &Row::all_of(Arc::new(batch))[0];
/// assert_eq!(row.get::<i64>(0)?, 7);
/// assert_eq!(row.get::<Option<String>>("NAME")?, None);
/// assert!(row.get::<String>("name").is_err(), "NULL needs an Option");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Row {
    batch: Arc<RecordBatch>,
    index: usize,
}

impl Row {
    /// Every row of a batch.
    pub fn all_of(batch: Arc<RecordBatch>) -> Vec<Row> {
        (0..batch.num_rows())
            .map(|index| Row {
                batch: batch.clone(),
                index,
            })
            .collect()
    }

    /// The value of a column (by 0-based position, or by name: exact first, then
    /// case-insensitive), converted to `T`. NULL reads as `None` with `T = Option<_>` and is
    /// an error otherwise.
    ///
    /// # Errors
    ///
    /// [`QueryError::Decode`] for an unknown column, a NULL read as a non-`Option`, or a
    /// value that does not convert to `T`.
    pub fn get<T: FromCell>(&self, column: impl ColumnIndex) -> Result<T, QueryError> {
        let position = column.position(&self.batch.schema())?;
        let schema = self.batch.schema();
        let field = schema.field(position);
        T::from_cell(self.batch.column(position).as_ref(), self.index, field)
            .map_err(|detail| QueryError::decode(format!("column {}", field.name()), detail))
    }

    /// Whether a column's value is NULL.
    ///
    /// # Errors
    ///
    /// [`QueryError::Decode`] for an unknown column.
    pub fn is_null(&self, column: impl ColumnIndex) -> Result<bool, QueryError> {
        let position = column.position(&self.batch.schema())?;
        Ok(self.batch.column(position).is_null(self.index))
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.batch.num_columns()
    }

    /// Whether the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The schema of the row's batch.
    pub fn schema(&self) -> SchemaRef {
        self.batch.schema()
    }

    /// The row as JSON values, one per column (see
    /// [`QueryResult::deserialize_rows`](crate::QueryResult::deserialize_rows)).
    pub fn to_json(&self) -> Vec<serde_json::Value> {
        let schema = self.batch.schema();
        (0..self.len())
            .map(|c| cell_to_json(self.batch.column(c).as_ref(), self.index, schema.field(c)))
            .collect()
    }
}

/// A way to name a column: its 0-based position (`usize`) or its name (`&str`).
pub trait ColumnIndex {
    /// The column's position in `schema`.
    ///
    /// # Errors
    ///
    /// [`QueryError::Decode`] when there is no such column.
    fn position(&self, schema: &SchemaRef) -> Result<usize, QueryError>;
}

impl ColumnIndex for usize {
    fn position(&self, schema: &SchemaRef) -> Result<usize, QueryError> {
        if *self < schema.fields().len() {
            Ok(*self)
        } else {
            Err(QueryError::decode(
                "row",
                format!("no column {self}: the row has {}", schema.fields().len()),
            ))
        }
    }
}

impl ColumnIndex for &str {
    fn position(&self, schema: &SchemaRef) -> Result<usize, QueryError> {
        let fields = schema.fields();
        fields
            .iter()
            .position(|f| f.name() == self)
            .or_else(|| {
                fields
                    .iter()
                    .position(|f| f.name().eq_ignore_ascii_case(self))
            })
            .ok_or_else(|| QueryError::decode("row", format!("no column named {self}")))
    }
}

impl ColumnIndex for &String {
    fn position(&self, schema: &SchemaRef) -> Result<usize, QueryError> {
        self.as_str().position(schema)
    }
}

/// A Rust type a cell can be read as (see [`Row::get`]). Errors are plain text, wrapped with
/// the column name by the caller.
pub trait FromCell: Sized {
    /// Reads the cell at `row` of `array` (described by `field`).
    ///
    /// # Errors
    ///
    /// A description of why the value does not convert.
    fn from_cell(array: &dyn Array, row: usize, field: &Field) -> Result<Self, String>;
}

/// The error of a NULL read as a non-`Option` type, or of a type mismatch.
fn check_not_null(array: &dyn Array, row: usize) -> Result<(), String> {
    if array.is_null(row) {
        Err("the value is NULL: read it as an Option".to_owned())
    } else {
        Ok(())
    }
}

fn mismatch<T>(array: &dyn Array, wanted: &str) -> Result<T, String> {
    Err(format!(
        "a {} value cannot be read as {wanted}",
        array.data_type()
    ))
}

impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(array: &dyn Array, row: usize, field: &Field) -> Result<Self, String> {
        if array.is_null(row) {
            Ok(None)
        } else {
            T::from_cell(array, row, field).map(Some)
        }
    }
}

impl FromCell for i128 {
    fn from_cell(array: &dyn Array, row: usize, _: &Field) -> Result<Self, String> {
        check_not_null(array, row)?;
        match array.data_type() {
            DataType::Int64 => Ok(i128::from(array.as_primitive::<Int64Type>().value(row))),
            DataType::Decimal128(_, 0) => Ok(array.as_primitive::<Decimal128Type>().value(row)),
            DataType::Decimal128(_, _) => {
                Err("a decimal with a fraction cannot be read as an integer".to_owned())
            }
            _ => mismatch(array, "an integer"),
        }
    }
}

macro_rules! integer_from_cell {
    ($($t:ty),*) => {$(
        impl FromCell for $t {
            fn from_cell(array: &dyn Array, row: usize, field: &Field) -> Result<Self, String> {
                let wide = i128::from_cell(array, row, field)?;
                <$t>::try_from(wide)
                    .map_err(|_| format!("{wide} does not fit {}", stringify!($t)))
            }
        }
    )*};
}

integer_from_cell!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl FromCell for f64 {
    fn from_cell(array: &dyn Array, row: usize, _: &Field) -> Result<Self, String> {
        check_not_null(array, row)?;
        match array.data_type() {
            DataType::Float64 => Ok(array.as_primitive::<Float64Type>().value(row)),
            // Precision loss is what the caller asks for by reading a number as f64.
            DataType::Int64 => Ok(array.as_primitive::<Int64Type>().value(row) as f64),
            DataType::Decimal128(_, _) => array_value_to_string(array, row)
                .map_err(|e| e.to_string())?
                .parse::<f64>()
                .map_err(|e| e.to_string()),
            _ => mismatch(array, "f64"),
        }
    }
}

impl FromCell for f32 {
    fn from_cell(array: &dyn Array, row: usize, field: &Field) -> Result<Self, String> {
        // Narrowing is what the caller asks for by reading as f32.
        f64::from_cell(array, row, field).map(|v| v as f32)
    }
}

impl FromCell for bool {
    fn from_cell(array: &dyn Array, row: usize, _: &Field) -> Result<Self, String> {
        check_not_null(array, row)?;
        match array.data_type() {
            DataType::Boolean => Ok(array.as_boolean().value(row)),
            _ => mismatch(array, "bool"),
        }
    }
}

impl FromCell for String {
    /// Text as it is; any other type as Arrow displays it (decimals as `12.345`).
    fn from_cell(array: &dyn Array, row: usize, _: &Field) -> Result<Self, String> {
        check_not_null(array, row)?;
        match array.data_type() {
            DataType::Utf8 => Ok(array.as_string::<i32>().value(row).to_owned()),
            _ => array_value_to_string(array, row).map_err(|e| e.to_string()),
        }
    }
}

impl FromCell for Vec<u8> {
    fn from_cell(array: &dyn Array, row: usize, _: &Field) -> Result<Self, String> {
        check_not_null(array, row)?;
        match array.data_type() {
            DataType::Binary => Ok(array.as_binary::<i32>().value(row).to_vec()),
            DataType::Utf8 => Ok(array.as_string::<i32>().value(row).as_bytes().to_vec()),
            _ => mismatch(array, "bytes"),
        }
    }
}

impl FromCell for NaiveDate {
    fn from_cell(array: &dyn Array, row: usize, _: &Field) -> Result<Self, String> {
        check_not_null(array, row)?;
        match array.data_type() {
            DataType::Date32 => array
                .as_primitive::<Date32Type>()
                .value_as_date(row)
                .ok_or_else(|| "the date is out of range".to_owned()),
            _ => mismatch(array, "a date"),
        }
    }
}

impl FromCell for NaiveTime {
    fn from_cell(array: &dyn Array, row: usize, _: &Field) -> Result<Self, String> {
        check_not_null(array, row)?;
        match array.data_type() {
            DataType::Time64(TimeUnit::Nanosecond) => array
                .as_primitive::<Time64NanosecondType>()
                .value_as_time(row)
                .ok_or_else(|| "the time is out of range".to_owned()),
            _ => mismatch(array, "a time"),
        }
    }
}

/// Nanoseconds since the epoch of a timestamp cell.
fn timestamp_nanos(array: &dyn Array, row: usize) -> Result<i64, String> {
    check_not_null(array, row)?;
    match array.data_type() {
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            Ok(array.as_primitive::<TimestampNanosecondType>().value(row))
        }
        _ => mismatch(array, "a timestamp"),
    }
}

impl FromCell for NaiveDateTime {
    /// TIMESTAMP_NTZ: the wall-clock reading; LTZ and TZ: the UTC reading of the instant.
    fn from_cell(array: &dyn Array, row: usize, _: &Field) -> Result<Self, String> {
        timestamp_nanos(array, row).map(|n| DateTime::from_timestamp_nanos(n).naive_utc())
    }
}

impl FromCell for DateTime<Utc> {
    /// The instant (a TIMESTAMP_NTZ reading is taken as UTC).
    fn from_cell(array: &dyn Array, row: usize, _: &Field) -> Result<Self, String> {
        timestamp_nanos(array, row).map(DateTime::from_timestamp_nanos)
    }
}

impl FromCell for serde_json::Value {
    /// VARIANT, OBJECT and ARRAY: the JSON they hold; other types as
    /// [`Row::to_json`] renders them.
    fn from_cell(array: &dyn Array, row: usize, field: &Field) -> Result<Self, String> {
        if is_semi_structured(field) && !array.is_null(row) {
            let text = array
                .as_string_opt::<i32>()
                .ok_or_else(|| format!("a {} value is not JSON text", array.data_type()))?
                .value(row);
            return serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"));
        }
        Ok(cell_to_json(array, row, field))
    }
}
