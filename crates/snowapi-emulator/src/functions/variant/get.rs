//! `GET(value, key | index)` and `GET_PATH(value, 'a.b[0]')`: elements of semi-structured
//! values. What is not there is SQL NULL; a JSON null that is there stays JSON null.

use std::collections::HashMap;

use arrow::array::ArrayRef;
use datafusion::{common::Result, logical_expr::ScalarUDF};
use serde_json::Value;

use super::{
    path::{self, Step},
    simple::{Call, Coerce, SimpleFn},
    value::{Reading, json_value, json_values, string_values, variant_array},
};
use crate::types::SfType;

/// `GET(value, key)` on an OBJECT, `GET(value, index)` on an ARRAY.
pub(crate) fn get() -> ScalarUDF {
    SimpleFn::udf("get", 2..=2, Coerce::Keep, SfType::Variant, |call| {
        let (documents, field) = call.arg(0)?;
        let documents = json_values(documents, field, Reading::Document)?;
        let (keys, _) = call.arg(1)?;
        let mut out = Vec::with_capacity(call.rows);
        for (row, document) in documents.iter().enumerate() {
            let step = match json_value(keys, row)? {
                Some(Value::String(key)) => Some(Step::Key(key)),
                Some(Value::Number(n)) => n.as_u64().map(|i| Step::Index(i as usize)),
                _ => None,
            };
            out.push(match (document, step) {
                (Some(document), Some(step)) => path::follow(document, &[step]).cloned(),
                _ => None,
            });
        }
        Ok(variant_array(out))
    })
}

/// `GET_PATH(value, path)`, also what `value:a.b[0]` means.
pub(crate) fn get_path() -> ScalarUDF {
    SimpleFn::udf(
        "get_path",
        2..=2,
        Coerce::KeepFirst,
        SfType::Variant,
        get_path_rows,
    )
}

fn get_path_rows(call: &Call<'_>) -> Result<ArrayRef> {
    let (documents, field) = call.arg(0)?;
    let documents = json_values(documents, field, Reading::Document)?;
    let paths = string_values(call.arg(1)?.0).unwrap_or_default();
    // Paths are nearly always one constant: parse each distinct text once.
    let mut parsed: HashMap<String, Vec<Step>> = HashMap::new();
    let mut out = Vec::with_capacity(call.rows);
    for (document, text) in documents.iter().zip(paths) {
        let (Some(document), Some(text)) = (document, text) else {
            out.push(None);
            continue;
        };
        if !parsed.contains_key(&text) {
            let steps = path::parse(&text)
                .map_err(|e| datafusion::common::DataFusionError::External(Box::new(e)))?;
            parsed.insert(text.clone(), steps);
        }
        let steps = parsed.get(&text).map(Vec::as_slice).unwrap_or_default();
        out.push(path::follow(document, steps).cloned());
    }
    Ok(variant_array(out))
}
