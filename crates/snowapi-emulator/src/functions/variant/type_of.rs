//! `SYSTEM$TYPEOF(expr)`: the SQL type of an expression with its storage class, written as
//! Snowflake writes it (`NUMBER(1,0)[SB1]`, `VARCHAR(3)[LOB]`, `VARIANT[LOB]`, ...).

use std::sync::Arc;

use arrow::{
    array::StringArray,
    datatypes::{DataType, Field, FieldRef},
};
use datafusion::{
    common::{Result, ScalarValue, exec_err},
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use crate::types::{SF_TYPE_KEY, SfType};

/// `SYSTEM$TYPEOF(expr)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct SystemTypeof {
    signature: Signature,
}

impl SystemTypeof {
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::any(1, Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for SystemTypeof {
    fn name(&self) -> &str {
        "system$typeof"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, _args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(Arc::new(SfType::TEXT.field(self.name(), false)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (Some(value), Some(field)) = (args.args.first(), args.arg_fields.first()) else {
            return exec_err!("SYSTEM$TYPEOF takes one argument");
        };
        let literal = match value {
            ColumnarValue::Scalar(scalar) => Some(scalar),
            ColumnarValue::Array(_) => None,
        };
        let text = describe(field, literal);
        Ok(match value {
            ColumnarValue::Scalar(_) => ColumnarValue::Scalar(ScalarValue::Utf8(Some(text))),
            ColumnarValue::Array(array) => {
                ColumnarValue::Array(Arc::new(StringArray::from(vec![text; array.len()])))
            }
        })
    }
}

/// The type text of a value of `field`; a constant without a declared type is described by its
/// value, as Snowflake types literals (`1` is NUMBER(1,0), `'abc'` is VARCHAR(3)).
fn describe(field: &Field, literal: Option<&ScalarValue>) -> String {
    let declared = field.metadata().contains_key(SF_TYPE_KEY);
    if let (Some(literal), false) = (literal, declared) {
        if literal.is_null() {
            return "NULL[LOB]".into();
        }
        let digits = |n: i128| n.unsigned_abs().to_string().len() as u8;
        let integer = match literal {
            ScalarValue::Int8(Some(n)) => Some(i128::from(*n)),
            ScalarValue::Int16(Some(n)) => Some(i128::from(*n)),
            ScalarValue::Int32(Some(n)) => Some(i128::from(*n)),
            ScalarValue::Int64(Some(n)) => Some(i128::from(*n)),
            ScalarValue::UInt64(Some(n)) => Some(i128::from(*n)),
            _ => None,
        };
        if let Some(n) = integer {
            let precision = digits(n);
            return format!("NUMBER({precision},0)[{}]", number_storage(precision));
        }
        if let ScalarValue::Utf8(Some(text)) | ScalarValue::LargeUtf8(Some(text)) = literal {
            return format!("VARCHAR({})[LOB]", text.chars().count());
        }
    }
    if field.data_type() == &DataType::Null {
        return "NULL[LOB]".into();
    }
    let sf = SfType::of_field(field);
    let storage = match sf {
        SfType::Number { precision, .. } => number_storage(precision),
        SfType::Float => "DOUBLE",
        SfType::Boolean => "SB1",
        SfType::Date => "SB4",
        SfType::Time { .. } => "SB8",
        SfType::TimestampNtz { .. } | SfType::TimestampLtz { .. } | SfType::TimestampTz { .. } => {
            "SB16"
        }
        SfType::Text { .. }
        | SfType::Binary { .. }
        | SfType::Variant
        | SfType::Object
        | SfType::Array => "LOB",
    };
    format!("{}[{storage}]", sf.to_sql())
}

/// The storage class of a NUMBER of `precision` digits: the smallest integer that holds it.
fn number_storage(precision: u8) -> &'static str {
    match precision {
        0..=2 => "SB1",
        3..=4 => "SB2",
        5..=9 => "SB4",
        10..=18 => "SB8",
        _ => "SB16",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_like_snowflake() {
        let int = Field::new("x", DataType::Int64, true);
        assert_eq!(
            describe(&int, Some(&ScalarValue::Int64(Some(1)))),
            "NUMBER(1,0)[SB1]"
        );
        assert_eq!(
            describe(&int, Some(&ScalarValue::Int64(Some(12_345_678_901)))),
            "NUMBER(11,0)[SB8]"
        );
        assert_eq!(describe(&int, None), "NUMBER(38,0)[SB16]");
        let text = Field::new("x", DataType::Utf8, true);
        assert_eq!(
            describe(&text, Some(&ScalarValue::Utf8(Some("abc".into())))),
            "VARCHAR(3)[LOB]"
        );
        assert_eq!(
            describe(&SfType::Variant.field("v", true), None),
            "VARIANT[LOB]"
        );
        assert_eq!(
            describe(
                &SfType::parse("number(10,2)").unwrap().field("n", true),
                None
            ),
            "NUMBER(10,2)[SB8]"
        );
        assert_eq!(
            describe(
                &Field::new("x", DataType::Null, true),
                Some(&ScalarValue::Null)
            ),
            "NULL[LOB]"
        );
    }
}
