//! `OBJECT_CONSTRUCT`, `OBJECT_CONSTRUCT_KEEP_NULL` and `ARRAY_CONSTRUCT`.

use arrow::array::ArrayRef;
use datafusion::{common::Result, logical_expr::ScalarUDF};
use serde_json::{Map, Value};

use super::{
    simple::{Arity, Call, Coerce, SimpleFn},
    value::{Reading, compilation_error, json_values, variant_array},
};
use crate::{error::ErrorKind, types::SfType};

/// Lower-case names of the object constructors (the `*` expansion looks for them).
pub(crate) const OBJECT_CONSTRUCTORS: [&str; 2] =
    ["object_construct", "object_construct_keep_null"];

/// `OBJECT_CONSTRUCT(key, value, ...)`: an OBJECT of the pairs whose key and value are not NULL.
pub(crate) fn object_construct() -> ScalarUDF {
    SimpleFn::udf(
        OBJECT_CONSTRUCTORS[0],
        Arity::Pairs,
        Coerce::Keep,
        SfType::Object,
        |call| object(call, false),
    )
}

/// `OBJECT_CONSTRUCT_KEEP_NULL(key, value, ...)`: like OBJECT_CONSTRUCT, but a NULL value is
/// kept as JSON null.
pub(crate) fn object_construct_keep_null() -> ScalarUDF {
    SimpleFn::udf(
        OBJECT_CONSTRUCTORS[1],
        Arity::Pairs,
        Coerce::Keep,
        SfType::Object,
        |call| object(call, true),
    )
}

/// `ARRAY_CONSTRUCT(value, ...)`: an ARRAY of the values (NULL as JSON null).
pub(crate) fn array_construct() -> ScalarUDF {
    SimpleFn::udf(
        "array_construct",
        0..=usize::MAX,
        Coerce::Keep,
        SfType::Array,
        |call| {
            let columns = columns(call)?;
            let values = (0..call.rows).map(|row| {
                Some(Value::Array(
                    columns
                        .iter()
                        .map(|c| c.get(row).cloned().flatten().unwrap_or(Value::Null))
                        .collect(),
                ))
            });
            Ok(variant_array(values.collect::<Vec<_>>()))
        },
    )
}

fn columns(call: &Call<'_>) -> Result<Vec<Vec<Option<Value>>>> {
    (0..call.arrays.len())
        .map(|i| {
            let (array, field) = call.arg(i)?;
            json_values(array, field, Reading::Value)
        })
        .collect()
}

fn object(call: &Call<'_>, keep_null: bool) -> Result<ArrayRef> {
    if !call.arrays.len().is_multiple_of(2) {
        return Err(compilation_error(
            ErrorKind::InvalidArguments,
            "OBJECT_CONSTRUCT(*) needs a FROM clause whose columns it can name",
        ));
    }
    let columns = columns(call)?;
    let mut objects = Vec::with_capacity(call.rows);
    for row in 0..call.rows {
        let mut object = Map::new();
        for pair in columns.chunks(2) {
            let [keys, values] = pair else { continue };
            let key = match keys.get(row).cloned().flatten() {
                None => continue,
                Some(Value::String(key)) => key,
                Some(other) => other.to_string(),
            };
            match values.get(row).cloned().flatten() {
                Some(value) => {
                    object.insert(key, value);
                }
                None if keep_null => {
                    object.insert(key, Value::Null);
                }
                None => {}
            }
        }
        objects.push(Some(Value::Object(object)));
    }
    Ok(variant_array(objects))
}
