//! Plumbing shared by the scalar conversion and date functions: Snowflake errors raised from
//! inside a UDF, argument types, and row-wise evaluation over scalars or arrays.

use std::sync::Arc;

use arrow::{
    array::{Array, ArrayRef, AsArray, StringArray},
    datatypes::{
        DataType, Date32Type, Decimal128Type, FieldRef, Float64Type, Int64Type,
        Time64NanosecondType, TimeUnit, TimestampNanosecondType,
    },
};
use datafusion::{
    common::{DataFusionError, Result, ScalarValue},
    logical_expr::ColumnarValue,
};

use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// A Snowflake error as the DataFusion error a UDF returns; `map_error` unwraps it again.
pub(crate) fn sf_error(error: EmulatorError) -> DataFusionError {
    DataFusionError::External(Box::new(error))
}

/// `SQL compilation error: ... ` about the arguments of `function`, as a DataFusion error.
pub(crate) fn argument_error(text: impl std::fmt::Display) -> DataFusionError {
    sf_error(EmulatorError::compilation(
        ErrorKind::InvalidArguments,
        text,
    ))
}

/// Snowflake's message for a call with too few or too many arguments (`min..=max` allowed).
pub(crate) fn arity_error(function: &str, given: usize, min: usize, max: usize) -> DataFusionError {
    let name = function.to_uppercase();
    if given < min {
        argument_error(format!(
            "not enough arguments for function [{name}], expected {min}, got {given}"
        ))
    } else {
        argument_error(format!(
            "too many arguments for function [{name}] expected {max}, got {given}"
        ))
    }
}

/// Checks the argument count of a call.
pub(crate) fn check_arity(function: &str, given: usize, min: usize, max: usize) -> Result<()> {
    if (min..=max).contains(&given) {
        Ok(())
    } else {
        Err(arity_error(function, given, min, max))
    }
}

/// Snowflake's message for an argument of a type the function does not take.
pub(crate) fn type_error(function: &str, types: &[DataType]) -> DataFusionError {
    let shown: Vec<String> = types.iter().map(|t| SfType::of_arrow(t).to_sql()).collect();
    argument_error(format!(
        "error line 0 at position -1\nInvalid argument types for function '{}': ({})",
        function.to_uppercase(),
        shown.join(", ")
    ))
}

/// The type an argument is evaluated as: text of any layout becomes `Utf8`, small integers
/// `Int64`, floats `Float64`, times nanoseconds and timestamps nanoseconds (UTC when zoned).
pub(crate) fn normalized_type(data_type: &DataType) -> DataType {
    match data_type {
        DataType::Utf8View | DataType::LargeUtf8 => DataType::Utf8,
        DataType::Dictionary(_, value) => normalized_type(value),
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32 => DataType::Int64,
        DataType::UInt64 => DataType::Decimal128(20, 0),
        DataType::Float16 | DataType::Float32 => DataType::Float64,
        DataType::Decimal32(p, s) | DataType::Decimal64(p, s) => DataType::Decimal128(*p, *s),
        DataType::Decimal256(p, s) => DataType::Decimal128((*p).min(38), *s),
        DataType::Date64 => DataType::Date32,
        DataType::Time32(_) | DataType::Time64(_) => DataType::Time64(TimeUnit::Nanosecond),
        DataType::Timestamp(_, None) => DataType::Timestamp(TimeUnit::Nanosecond, None),
        DataType::Timestamp(_, Some(_)) => {
            DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
        }
        DataType::LargeBinary | DataType::BinaryView | DataType::FixedSizeBinary(_) => {
            DataType::Binary
        }
        other => other.clone(),
    }
}

/// Whether values of this type are text.
pub(crate) fn is_text(data_type: &DataType) -> bool {
    matches!(normalized_type(data_type), DataType::Utf8 | DataType::Null)
}

/// Whether values of this type are numbers.
pub(crate) fn is_numeric(data_type: &DataType) -> bool {
    matches!(
        normalized_type(data_type),
        DataType::Int64 | DataType::Float64 | DataType::Decimal128(..)
    )
}

/// A result field carrying its Snowflake type in the metadata.
pub(crate) fn sf_field(name: &str, sf_type: SfType) -> FieldRef {
    Arc::new(sf_type.field(name, true))
}

/// The value of a text literal argument, `None` when the argument is not a constant.
/// `Some(None)` is a NULL constant.
pub(crate) fn literal_text(value: Option<&ScalarValue>) -> Option<Option<String>> {
    let value = value?;
    if value.is_null() {
        return Some(None);
    }
    match value {
        ScalarValue::Utf8(s) | ScalarValue::Utf8View(s) | ScalarValue::LargeUtf8(s) => {
            Some(s.clone())
        }
        ScalarValue::Dictionary(_, inner) => literal_text(Some(inner)),
        _ => None,
    }
}

/// The value of an integer literal argument (any integer or whole decimal type), if it is one.
pub(crate) fn literal_integer(value: Option<&ScalarValue>) -> Option<i64> {
    match value? {
        ScalarValue::Int8(Some(v)) => Some(i64::from(*v)),
        ScalarValue::Int16(Some(v)) => Some(i64::from(*v)),
        ScalarValue::Int32(Some(v)) => Some(i64::from(*v)),
        ScalarValue::Int64(Some(v)) => Some(*v),
        ScalarValue::UInt8(Some(v)) => Some(i64::from(*v)),
        ScalarValue::UInt16(Some(v)) => Some(i64::from(*v)),
        ScalarValue::UInt32(Some(v)) => Some(i64::from(*v)),
        ScalarValue::UInt64(Some(v)) => i64::try_from(*v).ok(),
        ScalarValue::Decimal128(Some(v), _, 0) => i64::try_from(*v).ok(),
        ScalarValue::Float64(Some(v)) if v.fract() == 0.0 => Some(*v as i64),
        _ => None,
    }
}

/// Arguments of one call as arrays of equal length, remembering whether they were all constants
/// (then the answer is a constant too).
pub(crate) struct Rows {
    /// One array per argument, each of `len` rows.
    pub(crate) arrays: Vec<ArrayRef>,
    /// Number of rows.
    pub(crate) len: usize,
    scalar: bool,
}

impl Rows {
    /// Expands the arguments; constants become one-row arrays when every argument is constant,
    /// or arrays of `rows` rows otherwise.
    pub(crate) fn new(args: &[ColumnarValue], rows: usize) -> Result<Self> {
        let scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let len = if scalar {
            1
        } else {
            args.iter()
                .find_map(|a| match a {
                    ColumnarValue::Array(array) => Some(array.len()),
                    ColumnarValue::Scalar(_) => None,
                })
                .unwrap_or(rows)
        };
        let arrays = args
            .iter()
            .map(|a| a.to_array(len))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            arrays,
            len,
            scalar,
        })
    }

    /// The argument at `index`, if the call has it.
    pub(crate) fn get(&self, index: usize) -> Option<&ArrayRef> {
        self.arrays.get(index)
    }

    /// Wraps the computed column as the call's value: a constant when every argument was one.
    pub(crate) fn finish(&self, result: ArrayRef) -> Result<ColumnarValue> {
        if self.scalar && result.len() == 1 {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                result.as_ref(),
                0,
            )?))
        } else {
            Ok(ColumnarValue::Array(result))
        }
    }
}

/// One value of an argument whose type went through [`normalized_type`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value<'a> {
    /// SQL NULL.
    Null,
    /// Text.
    Text(&'a str),
    /// An integer (NUMBER(p, 0)).
    Int(i64),
    /// `unscaled / 10^scale` (NUMBER(p, s)).
    Decimal(i128, i8),
    /// FLOAT.
    Float(f64),
    /// BOOLEAN.
    Bool(bool),
    /// DATE: days since 1970-01-01.
    Date(i32),
    /// TIME: nanoseconds since midnight.
    Time(i64),
    /// TIMESTAMP: nanoseconds since the epoch; `zoned` for LTZ and TZ (UTC).
    Timestamp {
        /// Nanoseconds since 1970-01-01 00:00:00.
        nanos: i64,
        /// Whether the value is an instant (LTZ/TZ) rather than a wall clock (NTZ).
        zoned: bool,
    },
    /// TIMESTAMP_TZ: the instant with the offset it was written with.
    TimestampTz(crate::timestamp_tz::TzValue),
    /// BINARY.
    Binary(&'a [u8]),
    /// Any other type (semi-structured values and the like).
    Other,
}

/// The value of `array` at `row`.
pub(crate) fn value_at(array: &ArrayRef, row: usize) -> Value<'_> {
    if array.is_null(row) {
        return Value::Null;
    }
    match array.data_type() {
        DataType::Utf8 => Value::Text(array.as_string::<i32>().value(row)),
        DataType::Int64 => Value::Int(array.as_primitive::<Int64Type>().value(row)),
        DataType::Decimal128(_, scale) => {
            Value::Decimal(array.as_primitive::<Decimal128Type>().value(row), *scale)
        }
        DataType::Float64 => Value::Float(array.as_primitive::<Float64Type>().value(row)),
        DataType::Boolean => Value::Bool(array.as_boolean().value(row)),
        DataType::Date32 => Value::Date(array.as_primitive::<Date32Type>().value(row)),
        DataType::Time64(TimeUnit::Nanosecond) => {
            Value::Time(array.as_primitive::<Time64NanosecondType>().value(row))
        }
        DataType::Timestamp(TimeUnit::Nanosecond, zone) => Value::Timestamp {
            nanos: array.as_primitive::<TimestampNanosecondType>().value(row),
            zoned: zone.is_some(),
        },
        DataType::Binary => Value::Binary(array.as_binary::<i32>().value(row)),
        DataType::Null => Value::Null,
        other if crate::timestamp_tz::is_timestamp_tz(other) => {
            crate::timestamp_tz::value_at(array.as_ref(), row)
                .map_or(Value::Null, Value::TimestampTz)
        }
        _ => Value::Other,
    }
}

/// Text values of an argument already coerced to `Utf8`, or `None` for a NULL-typed argument.
pub(crate) fn strings(array: &ArrayRef) -> Option<&StringArray> {
    array.as_any().downcast_ref::<StringArray>()
}

/// The row's text of an optional text argument (format models and the like).
pub(crate) fn text_at(array: Option<&ArrayRef>, row: usize) -> Option<&str> {
    let values = strings(array?)?;
    (!values.is_null(row)).then(|| values.value(row))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_normalized_for_evaluation() {
        assert_eq!(normalized_type(&DataType::Utf8View), DataType::Utf8);
        assert_eq!(normalized_type(&DataType::Int32), DataType::Int64);
        assert_eq!(
            normalized_type(&DataType::Timestamp(
                TimeUnit::Microsecond,
                Some("+01:00".into())
            )),
            DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
        );
        assert!(is_text(&DataType::LargeUtf8));
        assert!(!is_text(&DataType::Int64));
        assert!(is_numeric(&DataType::Decimal128(10, 2)));
    }

    #[test]
    fn literals_are_read_from_scalars() {
        let text = ScalarValue::Utf8(Some("DAY".into()));
        assert_eq!(literal_text(Some(&text)), Some(Some("DAY".into())));
        assert_eq!(literal_text(Some(&ScalarValue::Utf8(None))), Some(None));
        assert_eq!(literal_text(None), None);
        assert_eq!(literal_integer(Some(&ScalarValue::Int32(Some(7)))), Some(7));
        assert_eq!(
            literal_integer(Some(&ScalarValue::Utf8(Some("7".into())))),
            None
        );
    }

    #[test]
    fn errors_carry_snowflake_codes() {
        let DataFusionError::External(inner) = arity_error("to_date", 4, 1, 2) else {
            panic!("expected an external error");
        };
        let ours = inner
            .downcast_ref::<EmulatorError>()
            .expect("an EmulatorError");
        assert_eq!(ours.code(), "001044");
        assert!(
            ours.to_string().contains("[TO_DATE] expected 2, got 4"),
            "{ours}"
        );
        assert!(check_arity("to_date", 1, 1, 2).is_ok());
    }
}
