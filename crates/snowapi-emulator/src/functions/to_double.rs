//! `TO_DOUBLE(expr [, format])` and `TRY_TO_DOUBLE`: values as FLOAT.

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Float64Builder},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::{
    number_format::{Decimal, NumberFormat},
    scalar_support::{
        Rows, Value, check_arity, is_numeric, is_text, normalized_type, sf_error, sf_field,
        text_at, type_error, value_at,
    },
    to_number::not_recognized,
};
use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// `TO_DOUBLE`; `try_` gives NULL for values that do not convert.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ToDouble {
    signature: Signature,
    try_: bool,
}

impl ToDouble {
    /// `TO_DOUBLE`.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            try_: false,
        }
    }

    /// `TRY_TO_DOUBLE`.
    pub(crate) fn new_try() -> Self {
        Self {
            try_: true,
            ..Self::new()
        }
    }
}

impl ScalarUDFImpl for ToDouble {
    fn name(&self) -> &str {
        if self.try_ {
            "try_to_double"
        } else {
            "to_double"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i == 0 {
                    normalized_type(t)
                } else {
                    DataType::Utf8
                }
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 1, 2)?;
        let input = args.arg_fields[0].data_type();
        if !(is_text(input) || is_numeric(input) || *input == DataType::Boolean) {
            let types: Vec<DataType> = args
                .arg_fields
                .iter()
                .map(|f| f.data_type().clone())
                .collect();
            return Err(type_error(self.name(), &types));
        }
        Ok(sf_field(self.name(), SfType::Float))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut formats: Option<(String, NumberFormat)> = None;
        let mut out = Float64Builder::with_capacity(rows.len);
        for row in 0..rows.len {
            let format = text_at(rows.get(1), row);
            match to_double(value_at(&rows.arrays[0], row), format, &mut formats) {
                Ok(value) => out.append_option(value),
                Err(_) if self.try_ => out.append_null(),
                Err(error) => return Err(sf_error(error)),
            }
        }
        let result: ArrayRef = Arc::new(out.finish());
        rows.finish(result)
    }
}

/// One value as a double.
fn to_double(
    value: Value<'_>,
    format: Option<&str>,
    formats: &mut Option<(String, NumberFormat)>,
) -> Result<Option<f64>, EmulatorError> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::Text(text) => match format {
            Some(model) => {
                if formats.as_ref().is_none_or(|(m, _)| m != model) {
                    let parsed = NumberFormat::parse(model).ok_or_else(|| {
                        EmulatorError::new(
                            ErrorKind::InvalidArguments,
                            format!("Invalid numeric format string '{model}'"),
                        )
                    })?;
                    *formats = Some((model.to_owned(), parsed));
                }
                formats
                    .as_ref()
                    .and_then(|(_, f)| f.read(text))
                    .map(|d| d.to_f64())
                    .ok_or_else(|| not_recognized(text))?
            }
            None => parse_double(text).ok_or_else(|| not_recognized(text))?,
        },
        Value::Int(v) => v as f64,
        Value::Decimal(v, scale) => Decimal::from_unscaled(v, scale).to_f64(),
        Value::Float(v) => v,
        Value::Bool(b) => f64::from(u8::from(b)),
        _ => return Err(not_recognized("?")),
    }))
}

/// Snowflake's reading of a FLOAT written as text: a decimal number with an optional exponent,
/// or `NaN`, `inf`, `-inf`, `Infinity` in any case.
pub(crate) fn parse_double(text: &str) -> Option<f64> {
    let text = text.trim();
    if Decimal::parse(text).is_some() {
        return text.parse().ok();
    }
    match text.to_ascii_lowercase().as_str() {
        "nan" | "+nan" | "-nan" => Some(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_as_double() {
        assert_eq!(parse_double(" 1.5e3 "), Some(1500.0));
        assert_eq!(parse_double("-.25"), Some(-0.25));
        assert_eq!(parse_double("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_double("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_double("1,5"), None);
        assert_eq!(parse_double("0x10"), None);
        let mut formats = None;
        assert_eq!(
            to_double(Value::Text("$1,000.5"), Some("$9,999.9"), &mut formats),
            Ok(Some(1000.5))
        );
        assert_eq!(
            to_double(Value::Text("x"), None, &mut formats)
                .unwrap_err()
                .code(),
            "100038"
        );
        assert_eq!(
            to_double(Value::Decimal(125, 2), None, &mut formats),
            Ok(Some(1.25))
        );
    }
}
