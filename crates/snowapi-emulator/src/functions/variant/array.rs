//! `ARRAY_SIZE(array)`, `ARRAY_CONTAINS(value, array)` and `SPLIT(text, separator)`.

use std::sync::Arc;

use arrow::array::{BooleanArray, Int64Array};
use datafusion::logical_expr::ScalarUDF;
use serde_json::Value;

use super::{
    simple::{Coerce, SimpleFn},
    value::{Reading, json_values, same_value, string_values, variant_array},
};
use crate::types::SfType;

/// `ARRAY_SIZE(array)`: the number of elements; NULL when the value is not an array.
pub(crate) fn array_size() -> ScalarUDF {
    SimpleFn::udf("array_size", 1..=1, Coerce::Keep, SfType::INTEGER, |call| {
        let (array, field) = call.arg(0)?;
        let sizes: Int64Array = json_values(array, field, Reading::Document)?
            .into_iter()
            .map(|value| match value {
                Some(Value::Array(items)) => Some(items.len() as i64),
                _ => None,
            })
            .collect();
        Ok(Arc::new(sizes))
    })
}

/// `ARRAY_CONTAINS(value, array)`: whether the array has an element equal to the value.
pub(crate) fn array_contains() -> ScalarUDF {
    SimpleFn::udf(
        "array_contains",
        2..=2,
        Coerce::Keep,
        SfType::Boolean,
        |call| {
            let (needles, field) = call.arg(0)?;
            let needles = json_values(needles, field, Reading::Value)?;
            let (arrays, field) = call.arg(1)?;
            let arrays = json_values(arrays, field, Reading::Document)?;
            let found: BooleanArray = needles
                .iter()
                .zip(&arrays)
                .map(|(needle, array)| match (needle, array) {
                    (Some(needle), Some(Value::Array(items))) => {
                        Some(items.iter().any(|item| same_value(item, needle)))
                    }
                    _ => None,
                })
                .collect();
            Ok(Arc::new(found))
        },
    )
}

/// `SPLIT(text, separator)`: the ARRAY of the parts of the text between separators.
pub(crate) fn split() -> ScalarUDF {
    SimpleFn::udf("split", 2..=2, Coerce::Text, SfType::Array, |call| {
        let texts = string_values(call.arg(0)?.0).unwrap_or_default();
        let separators = string_values(call.arg(1)?.0).unwrap_or_default();
        let parts = texts.into_iter().zip(separators).map(|pair| match pair {
            (Some(text), Some(separator)) => {
                let parts: Vec<Value> = if separator.is_empty() {
                    vec![Value::String(text)]
                } else {
                    text.split(separator.as_str())
                        .map(|part| Value::String(part.to_owned()))
                        .collect()
                };
                Some(Value::Array(parts))
            }
            _ => None,
        });
        Ok(variant_array(parts.collect::<Vec<_>>()))
    })
}
