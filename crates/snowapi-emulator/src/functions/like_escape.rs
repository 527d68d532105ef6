//! `LIKE_ESCAPE_TO_BACKSLASH(pattern, escape)`: a LIKE pattern written with its own ESCAPE
//! character, rewritten to the backslash escapes DataFusion's LIKE understands. `LIKE` and
//! `ILIKE ... ESCAPE 'c'` are planned through it (see `sql::pattern_ops`).

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, StringBuilder},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::scalar_support::{Rows, Value, check_arity, sf_error, sf_field, value_at};
use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// Name the SQL rewrite calls.
pub(crate) const LIKE_ESCAPE_FUNCTION: &str = "like_escape_to_backslash";

/// `LIKE_ESCAPE_TO_BACKSLASH`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct LikeEscape {
    signature: Signature,
}

impl LikeEscape {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for LikeEscape {
    fn name(&self) -> &str {
        LIKE_ESCAPE_FUNCTION
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(vec![DataType::Utf8; arg_types.len()])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 2, 2)?;
        Ok(sf_field(self.name(), SfType::TEXT))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut out = StringBuilder::with_capacity(rows.len, rows.len * 8);
        for row in 0..rows.len {
            match (
                value_at(&rows.arrays[0], row),
                value_at(&rows.arrays[1], row),
            ) {
                (Value::Text(pattern), Value::Text(escape)) => {
                    out.append_value(to_backslash(pattern, escape).map_err(sf_error)?);
                }
                _ => out.append_null(),
            }
        }
        let result: ArrayRef = Arc::new(out.finish());
        rows.finish(result)
    }
}

/// `pattern` with `escape` (one character) replaced by backslash escapes.
fn to_backslash(pattern: &str, escape: &str) -> Result<String, EmulatorError> {
    let mut escapes = escape.chars();
    let (Some(escape), None) = (escapes.next(), escapes.next()) else {
        return Err(EmulatorError::new(
            ErrorKind::InvalidArguments,
            format!("Invalid escape sequence '{escape}' for LIKE: it must be one character"),
        ));
    };
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == escape {
            match chars.next() {
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push_str(r"\\"),
            }
        } else if c == '\\' {
            out.push_str(r"\\");
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_backslashes() {
        assert_eq!(to_backslash("a!_c", "!").unwrap(), r"a\_c");
        assert_eq!(to_backslash("100!%", "!").unwrap(), r"100\%");
        assert_eq!(to_backslash("a!!b", "!").unwrap(), r"a\!b");
        assert_eq!(to_backslash(r"a\b%", "!").unwrap(), r"a\\b%");
        assert_eq!(to_backslash("^_%", "^").unwrap(), r"\_%");
        assert_eq!(to_backslash("x", "ab").unwrap_err().code(), "001044");
    }
}
