//! `SPLIT_PART(text, delimiter, part)` with Snowflake's numbering: part 0 means 1, negative
//! parts count from the end, parts out of range give an empty string.

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

use super::scalar_support::{Rows, Value, check_arity, sf_field, value_at};
use crate::types::SfType;

/// `SPLIT_PART`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct SplitPart {
    signature: Signature,
}

impl SplitPart {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for SplitPart {
    fn name(&self) -> &str {
        "split_part"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(arg_types
            .iter()
            .enumerate()
            .map(|(i, _)| {
                if i < 2 {
                    DataType::Utf8
                } else {
                    DataType::Int64
                }
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 3, 3)?;
        Ok(sf_field(self.name(), SfType::TEXT))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut out = StringBuilder::with_capacity(rows.len, rows.len * 8);
        for row in 0..rows.len {
            let text = value_at(&rows.arrays[0], row);
            let delimiter = value_at(&rows.arrays[1], row);
            let part = value_at(&rows.arrays[2], row);
            match (text, delimiter, part) {
                (Value::Text(text), Value::Text(delimiter), Value::Int(part)) => {
                    out.append_value(split_part(text, delimiter, part));
                }
                _ => out.append_null(),
            }
        }
        let result: ArrayRef = Arc::new(out.finish());
        rows.finish(result)
    }
}

/// The `part`-th piece of `text` split at `delimiter`.
fn split_part<'a>(text: &'a str, delimiter: &str, part: i64) -> &'a str {
    let pieces: Vec<&str> = if delimiter.is_empty() {
        vec![text]
    } else {
        text.split(delimiter).collect()
    };
    let count = pieces.len() as i64;
    let index = match part {
        0 => 0,
        p if p > 0 => p - 1,
        p => count + p,
    };
    usize::try_from(index)
        .ok()
        .and_then(|i| pieces.get(i))
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snowflakes_numbering() {
        assert_eq!(split_part("a.b.c", ".", 1), "a");
        assert_eq!(split_part("a.b.c", ".", 0), "a");
        assert_eq!(split_part("a.b.c", ".", 3), "c");
        assert_eq!(split_part("a.b.c", ".", -1), "c");
        assert_eq!(split_part("a.b.c", ".", -3), "a");
        assert_eq!(split_part("a.b.c", ".", 4), "");
        assert_eq!(split_part("a.b.c", ".", -4), "");
        assert_eq!(split_part("a::b", "::", 2), "b");
        assert_eq!(split_part("abc", "", 1), "abc");
        assert_eq!(split_part("abc", "", 2), "");
    }
}
