//! Conversions between SQL values and semi-structured ones: `TO_VARIANT`, `TO_OBJECT`,
//! `TO_ARRAY`, `TO_JSON`, the `AS_<type>` family, `TYPEOF` and `IS_NULL_VALUE`.

use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray};
use datafusion::{common::Result, logical_expr::ScalarUDF};
use serde_json::Value;

use super::{
    simple::{Call, Coerce, SimpleFn},
    value::{Reading, json_values, sql_error, to_text, type_name, variant_array},
};
use crate::{error::ErrorKind, types::SfType};

/// The argument's values as JSON, text becoming JSON strings.
fn values(call: &Call<'_>) -> Result<Vec<Option<Value>>> {
    let (array, field) = call.arg(0)?;
    json_values(array, field, Reading::Value)
}

/// `TO_VARIANT(value)`: any value as a VARIANT (text becomes a JSON string).
pub(crate) fn to_variant() -> ScalarUDF {
    SimpleFn::udf("to_variant", 1..=1, Coerce::Keep, SfType::Variant, |call| {
        Ok(variant_array(values(call)?))
    })
}

/// `TO_OBJECT(value)`: a VARIANT holding an object as an OBJECT; anything else fails.
pub(crate) fn to_object() -> ScalarUDF {
    SimpleFn::udf("to_object", 1..=1, Coerce::Keep, SfType::Object, |call| {
        let objects = values(call)?
            .into_iter()
            .map(|value| match value {
                None => Ok(None),
                Some(object @ Value::Object(_)) => Ok(Some(object)),
                Some(other) => Err(cast_failure(&other, "OBJECT")),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(variant_array(objects))
    })
}

/// `TO_ARRAY(value)`: an array as it is, any other value as a one-element array.
pub(crate) fn to_array() -> ScalarUDF {
    SimpleFn::udf("to_array", 1..=1, Coerce::Keep, SfType::Array, |call| {
        let arrays = values(call)?.into_iter().map(|value| match value {
            None => None,
            Some(array @ Value::Array(_)) => Some(array),
            Some(other) => Some(Value::Array(vec![other])),
        });
        Ok(variant_array(arrays.collect::<Vec<_>>()))
    })
}

/// `TO_JSON(value)`: the JSON text of a value, as VARCHAR.
pub(crate) fn to_json() -> ScalarUDF {
    SimpleFn::udf("to_json", 1..=1, Coerce::Keep, SfType::TEXT, |call| {
        let texts: StringArray = values(call)?
            .iter()
            .map(|value| value.as_ref().map(to_text))
            .collect();
        Ok(Arc::new(texts))
    })
}

/// `TYPEOF(variant)`: the type of the value inside (`INTEGER`, `VARCHAR`, `OBJECT`, ...).
pub(crate) fn type_of() -> ScalarUDF {
    SimpleFn::udf("typeof", 1..=1, Coerce::Keep, SfType::TEXT, |call| {
        let names: StringArray = values(call)?
            .iter()
            .map(|value| value.as_ref().map(type_name))
            .collect();
        Ok(Arc::new(names))
    })
}

/// `IS_NULL_VALUE(variant)`: whether the value is JSON null (SQL NULL stays NULL).
pub(crate) fn is_null_value() -> ScalarUDF {
    SimpleFn::udf(
        "is_null_value",
        1..=1,
        Coerce::Keep,
        SfType::Boolean,
        |call| {
            let flags: BooleanArray = values(call)?
                .iter()
                .map(|value| value.as_ref().map(Value::is_null))
                .collect();
            Ok(Arc::new(flags))
        },
    )
}

/// The `AS_<type>` functions: the value when it has that type, NULL otherwise.
pub(crate) fn as_functions() -> Vec<ScalarUDF> {
    vec![
        SimpleFn::udf("as_varchar", 1..=1, Coerce::Keep, SfType::TEXT, |call| {
            let texts: StringArray = values(call)?
                .into_iter()
                .map(|value| match value {
                    Some(Value::String(text)) => Some(text),
                    _ => None,
                })
                .collect();
            Ok(Arc::new(texts) as ArrayRef)
        }),
        SimpleFn::udf("as_integer", 1..=1, Coerce::Keep, SfType::INTEGER, |call| {
            let numbers: Int64Array = values(call)?
                .iter()
                .map(|value| value.as_ref().and_then(Value::as_i64))
                .collect();
            Ok(Arc::new(numbers) as ArrayRef)
        }),
        SimpleFn::udf("as_double", 1..=1, Coerce::Keep, SfType::Float, |call| {
            let numbers: Float64Array = values(call)?
                .iter()
                .map(|value| value.as_ref().and_then(Value::as_f64))
                .collect();
            Ok(Arc::new(numbers) as ArrayRef)
        }),
        SimpleFn::udf("as_boolean", 1..=1, Coerce::Keep, SfType::Boolean, |call| {
            let flags: BooleanArray = values(call)?
                .iter()
                .map(|value| value.as_ref().and_then(Value::as_bool))
                .collect();
            Ok(Arc::new(flags) as ArrayRef)
        }),
        SimpleFn::udf("as_object", 1..=1, Coerce::Keep, SfType::Object, |call| {
            let objects = values(call)?
                .into_iter()
                .map(|value| value.filter(Value::is_object));
            Ok(variant_array(objects.collect::<Vec<_>>()))
        }),
        SimpleFn::udf("as_array", 1..=1, Coerce::Keep, SfType::Array, |call| {
            let arrays = values(call)?
                .into_iter()
                .map(|value| value.filter(Value::is_array));
            Ok(variant_array(arrays.collect::<Vec<_>>()))
        }),
    ]
}

/// Snowflake's error for a VARIANT that does not fit the type it is converted to.
fn cast_failure(value: &Value, target: &str) -> datafusion::common::DataFusionError {
    sql_error(
        ErrorKind::InvalidValue,
        format!(
            "Failed to cast variant value {} to {target}",
            to_text(value)
        ),
    )
}
