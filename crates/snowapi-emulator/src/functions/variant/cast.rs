//! `CAST(variant AS <type>)`: before a VARIANT is cast to a SQL type its JSON text is unwrapped —
//! a JSON string becomes its characters (no quotes), JSON null becomes SQL NULL, any other value
//! its compact JSON text — so `v:name::string` gives `Ann`, not `"Ann"`, and `v:n::int` parses
//! `12`. Values that are not semi-structured pass through unchanged.

use std::sync::Arc;

use arrow::{
    array::StringArray,
    datatypes::{DataType, Field, FieldRef},
};
use datafusion::{
    common::{Result, exec_err},
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};
use serde_json::Value;

use super::value::{Reading, argument_arrays, is_semi_structured, json_values, output, to_text};

/// Name of the unwrapping function the SQL rewrite puts inside casts.
pub(crate) const VARIANT_TO_SQL: &str = "__variant_to_sql";

/// The unwrapping step of a cast from VARIANT.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct VariantToSql {
    signature: Signature,
}

impl VariantToSql {
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::any(1, Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for VariantToSql {
    fn name(&self) -> &str {
        VARIANT_TO_SQL
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Null))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let Some(field) = args.arg_fields.first() else {
            return exec_err!("{VARIANT_TO_SQL} takes one argument");
        };
        if is_semi_structured(field) {
            // Plain text now: the cast around decides the type.
            return Ok(Arc::new(Field::new(field.name(), DataType::Utf8, true)));
        }
        Ok(Arc::clone(field))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (Some(value), Some(field)) = (args.args.first(), args.arg_fields.first()) else {
            return exec_err!("{VARIANT_TO_SQL} takes one argument");
        };
        if !is_semi_structured(field) {
            return Ok(value.clone());
        }
        let (arrays, _, all_scalar) = argument_arrays(&args.args, args.number_rows)?;
        let Some(array) = arrays.first() else {
            return exec_err!("{VARIANT_TO_SQL} takes one argument");
        };
        let texts: StringArray = json_values(array, field, Reading::Document)?
            .into_iter()
            .map(|value| match value? {
                Value::Null => None,
                Value::String(text) => Some(text),
                other => Some(to_text(&other)),
            })
            .collect();
        output(Arc::new(texts), all_scalar)
    }
}
