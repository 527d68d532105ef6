//! `PARSE_JSON(text)` and `TRY_PARSE_JSON(text)`: text to VARIANT.

use arrow::array::ArrayRef;
use datafusion::{
    common::{Result, exec_err},
    logical_expr::ScalarUDF,
};

use super::{
    simple::{Call, Coerce, SimpleFn},
    value::{parse_json_text, string_values, variant_array},
};
use crate::types::SfType;

/// `PARSE_JSON(text)`: the VARIANT the text denotes; blank text gives NULL, bad JSON fails with
/// 100069.
pub(crate) fn parse_json() -> ScalarUDF {
    SimpleFn::udf("parse_json", 1..=1, Coerce::Text, SfType::Variant, |call| {
        parse(call, false)
    })
}

/// `TRY_PARSE_JSON(text)`: like PARSE_JSON, but NULL where the text is not JSON.
pub(crate) fn try_parse_json() -> ScalarUDF {
    SimpleFn::udf(
        "try_parse_json",
        1..=1,
        Coerce::Text,
        SfType::Variant,
        |call| parse(call, true),
    )
}

fn parse(call: &Call<'_>, lenient: bool) -> Result<ArrayRef> {
    let Some(texts) = string_values(call.arg(0)?.0) else {
        return exec_err!("PARSE_JSON takes text");
    };
    let values = texts
        .into_iter()
        .map(|text| match text {
            None => Ok(None),
            Some(text) => match parse_json_text(&text) {
                Ok(value) => Ok(value),
                Err(_) if lenient => Ok(None),
                Err(error) => Err(error),
            },
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(variant_array(values))
}
