//! `TO_BOOLEAN(expr)` and `TRY_TO_BOOLEAN`: Snowflake's spellings of true and false, and
//! numbers (zero is false).

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, BooleanBuilder},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::{
    number_format::float_text,
    scalar_support::{
        Rows, Value, check_arity, is_numeric, is_text, normalized_type, sf_error, sf_field,
        type_error, value_at,
    },
};
use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// `TO_BOOLEAN`; `try_` gives NULL for values that do not convert.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ToBoolean {
    signature: Signature,
    try_: bool,
}

impl ToBoolean {
    /// `TO_BOOLEAN`.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            try_: false,
        }
    }

    /// `TRY_TO_BOOLEAN`.
    pub(crate) fn new_try() -> Self {
        Self {
            try_: true,
            ..Self::new()
        }
    }
}

impl ScalarUDFImpl for ToBoolean {
    fn name(&self) -> &str {
        if self.try_ {
            "try_to_boolean"
        } else {
            "to_boolean"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(arg_types.iter().map(normalized_type).collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 1, 1)?;
        let input = args.arg_fields[0].data_type();
        if !(is_text(input) || is_numeric(input) || *input == DataType::Boolean) {
            return Err(type_error(self.name(), std::slice::from_ref(input)));
        }
        Ok(sf_field(self.name(), SfType::Boolean))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut out = BooleanBuilder::with_capacity(rows.len);
        for row in 0..rows.len {
            match to_boolean(value_at(&rows.arrays[0], row)) {
                Ok(value) => out.append_option(value),
                Err(_) if self.try_ => out.append_null(),
                Err(error) => return Err(sf_error(error)),
            }
        }
        let result: ArrayRef = Arc::new(out.finish());
        rows.finish(result)
    }
}

/// `Boolean value '<text>' is not recognized`.
fn not_recognized(text: &str) -> EmulatorError {
    EmulatorError::new(
        ErrorKind::InvalidValue,
        format!("Boolean value '{text}' is not recognized"),
    )
}

/// One value as a boolean.
pub(crate) fn to_boolean(value: Value<'_>) -> Result<Option<bool>, EmulatorError> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::Bool(b) => b,
        Value::Text(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "on" | "1" => true,
            "false" | "f" | "no" | "n" | "off" | "0" => false,
            _ => return Err(not_recognized(text)),
        },
        Value::Int(v) => v != 0,
        Value::Decimal(v, _) => v != 0,
        Value::Float(v) if v.is_nan() => return Err(not_recognized(&float_text(v))),
        Value::Float(v) => v != 0.0,
        _ => return Err(not_recognized("?")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snowflakes_spellings() {
        for yes in ["true", "T", "Yes", "y", "ON", "1", " true "] {
            assert_eq!(to_boolean(Value::Text(yes)), Ok(Some(true)), "{yes}");
        }
        for no in ["false", "F", "no", "N", "off", "0"] {
            assert_eq!(to_boolean(Value::Text(no)), Ok(Some(false)), "{no}");
        }
        let e = to_boolean(Value::Text("maybe")).unwrap_err();
        assert_eq!(e.code(), "100037");
        assert_eq!(e.to_string(), "Boolean value 'maybe' is not recognized");
        assert_eq!(to_boolean(Value::Int(0)), Ok(Some(false)));
        assert_eq!(to_boolean(Value::Decimal(5, 1)), Ok(Some(true)));
        assert_eq!(to_boolean(Value::Null), Ok(None));
    }
}
