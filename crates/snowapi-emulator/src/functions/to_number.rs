//! `TO_NUMBER(expr [, format] [, precision [, scale]])`, its synonyms `TO_DECIMAL` and
//! `TO_NUMERIC`, and the `TRY_` forms that give NULL instead of an error.

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Decimal128Builder, Int64Builder},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::{
    number_format::{Decimal, NumberFormat, decimal_text, float_text},
    scalar_support::{
        Rows, Value, argument_error, check_arity, is_numeric, is_text, literal_integer,
        normalized_type, sf_error, sf_field, text_at, type_error, value_at,
    },
};
use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// `TO_NUMBER` and friends; `try_` gives NULL for values that do not convert.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ToNumber {
    signature: Signature,
    name: &'static str,
    aliases: Vec<String>,
    try_: bool,
}

impl ToNumber {
    /// `TO_NUMBER` (also `TO_DECIMAL`, `TO_NUMERIC`).
    pub(crate) fn new() -> Self {
        Self::named("to_number", &["to_decimal", "to_numeric"], false)
    }

    /// `TRY_TO_NUMBER` (also `TRY_TO_DECIMAL`, `TRY_TO_NUMERIC`).
    pub(crate) fn new_try() -> Self {
        Self::named("try_to_number", &["try_to_decimal", "try_to_numeric"], true)
    }

    fn named(name: &'static str, aliases: &[&str], try_: bool) -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            name,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            try_,
        }
    }
}

/// How a call's arguments are laid out.
struct Layout {
    /// Index of the format argument, if there is one.
    format: Option<usize>,
    /// Index of the precision argument, if there is one.
    precision: Option<usize>,
}

fn layout(types: &[DataType]) -> Layout {
    let format = types.get(1).filter(|t| is_text(t)).map(|_| 1);
    let precision = match format {
        Some(_) => (types.len() > 2).then_some(2),
        None => (types.len() > 1).then_some(1),
    };
    Layout { format, precision }
}

impl ScalarUDFImpl for ToNumber {
    fn name(&self) -> &str {
        self.name
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let layout = layout(arg_types);
        Ok(arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i == 0 {
                    normalized_type(t)
                } else if Some(i) == layout.format {
                    DataType::Utf8
                } else {
                    DataType::Int64
                }
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        check_arity(self.name, types.len(), 1, 4)?;
        let input = &types[0];
        if !(is_text(input) || is_numeric(input) || *input == DataType::Boolean) {
            return Err(type_error(self.name, &types));
        }
        let layout = layout(&types);
        let mut numbers = Vec::new();
        if let Some(first) = layout.precision {
            for index in first..types.len() {
                let value = literal_integer(args.scalar_arguments.get(index).copied().flatten())
                    .ok_or_else(|| {
                        argument_error(format!(
                            "argument {} to function {} needs to be constant, found '{}'",
                            index + 1,
                            self.name.to_uppercase(),
                            args.arg_fields[index].name()
                        ))
                    })?;
                numbers.push(value);
            }
        }
        if numbers.len() > 2 || (layout.format.is_none() && types.len() > 3) {
            return Err(check_arity(self.name, types.len(), 1, 3).unwrap_err());
        }
        let precision = numbers.first().copied().unwrap_or(38);
        let scale = numbers.get(1).copied().unwrap_or(0);
        if !(1..=38).contains(&precision) {
            return Err(argument_error(format!(
                "Invalid precision {precision} - must be between 1 and 38"
            )));
        }
        if !(0..=precision).contains(&scale) {
            return Err(argument_error(format!(
                "Invalid scale {scale} - must be between 0 and {precision}"
            )));
        }
        Ok(sf_field(
            self.name,
            SfType::Number {
                precision: precision as u8,
                scale: scale as i8,
            },
        ))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (precision, scale) = match SfType::of_field(&args.return_field) {
            SfType::Number { precision, scale } => (precision, scale),
            _ => (38, 0),
        };
        let types: Vec<DataType> = args.args.iter().map(ColumnarValue::data_type).collect();
        let layout = layout(&types);
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut formats: Option<(String, NumberFormat)> = None;
        let mut values = Vec::with_capacity(rows.len);
        for row in 0..rows.len {
            let format = layout.format.and_then(|i| text_at(rows.get(i), row));
            let converted = convert(
                value_at(&rows.arrays[0], row),
                format,
                precision,
                scale,
                &mut formats,
            );
            match converted {
                Ok(value) => values.push(value),
                Err(_) if self.try_ => values.push(None),
                Err(error) => return Err(sf_error(error)),
            }
        }
        let result: ArrayRef = if scale == 0 {
            let mut out = Int64Builder::with_capacity(rows.len);
            for value in values {
                match value.map(i64::try_from) {
                    None => out.append_null(),
                    Some(Ok(v)) => out.append_value(v),
                    Some(Err(_)) if self.try_ => out.append_null(),
                    Some(Err(_)) => {
                        return Err(sf_error(out_of_range(
                            &value.unwrap_or_default().to_string(),
                        )));
                    }
                }
            }
            Arc::new(out.finish())
        } else {
            let mut out = Decimal128Builder::with_capacity(rows.len);
            out.extend(values);
            Arc::new(out.finish().with_precision_and_scale(precision, scale)?)
        };
        rows.finish(result)
    }
}

/// `Numeric value '<text>' is not recognized`.
pub(crate) fn not_recognized(text: &str) -> EmulatorError {
    EmulatorError::new(
        ErrorKind::NumericValueNotRecognized,
        format!("Numeric value '{text}' is not recognized"),
    )
}

/// `Numeric value '<text>' is out of range`.
pub(crate) fn out_of_range(text: &str) -> EmulatorError {
    EmulatorError::new(
        ErrorKind::NumericValueOutOfRange,
        format!("Numeric value '{text}' is out of range"),
    )
}

/// One value as NUMBER(precision, scale), unscaled.
fn convert(
    value: Value<'_>,
    format: Option<&str>,
    precision: u8,
    scale: i8,
    formats: &mut Option<(String, NumberFormat)>,
) -> Result<Option<i128>, EmulatorError> {
    let (exact, shown) = match value {
        Value::Null => return Ok(None),
        Value::Text(text) => {
            let exact = match format {
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
                    formats.as_ref().and_then(|(_, f)| f.read(text))
                }
                None => Decimal::parse(text),
            };
            (exact.ok_or_else(|| not_recognized(text))?, text.to_owned())
        }
        Value::Int(v) => (Decimal::from_unscaled(i128::from(v), 0), v.to_string()),
        Value::Decimal(v, s) => (Decimal::from_unscaled(v, s), decimal_text(v, s)),
        Value::Float(v) => {
            let exact = Decimal::from_f64(v)
                .filter(|_| v.is_finite())
                .ok_or_else(|| out_of_range(&float_text(v)))?;
            (exact, float_text(v))
        }
        Value::Bool(b) => (Decimal::from_unscaled(i128::from(b), 0), b.to_string()),
        _ => return Err(not_recognized("?")),
    };
    exact
        .to_unscaled(precision, scale)
        .map(Some)
        .map_err(|_| out_of_range(&shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_to_the_requested_scale() {
        let mut formats = None;
        let mut run = |value, format, p, s| convert(value, format, p, s, &mut formats);
        assert_eq!(run(Value::Text(" 12.345 "), None, 10, 2), Ok(Some(1235)));
        assert_eq!(run(Value::Text("12.5"), None, 38, 0), Ok(Some(13)));
        assert_eq!(run(Value::Int(7), None, 5, 2), Ok(Some(700)));
        assert_eq!(run(Value::Decimal(12_345, 3), None, 38, 1), Ok(Some(123)));
        assert_eq!(run(Value::Float(2.675), None, 38, 2), Ok(Some(268)));
        assert_eq!(run(Value::Bool(true), None, 38, 0), Ok(Some(1)));
        assert_eq!(
            run(Value::Text("$1,234.50"), Some("$9,999.99"), 38, 2),
            Ok(Some(123_450))
        );
        assert_eq!(run(Value::Null, None, 38, 0), Ok(None));
        let e = run(Value::Text("abc"), None, 38, 0).unwrap_err();
        assert_eq!(e.code(), "100038");
        assert_eq!(e.to_string(), "Numeric value 'abc' is not recognized");
        let e = run(Value::Text("123456"), None, 4, 0).unwrap_err();
        assert_eq!(e.code(), "100039");
        assert_eq!(e.to_string(), "Numeric value '123456' is out of range");
        assert_eq!(
            run(Value::Float(f64::NAN), None, 38, 0).unwrap_err().code(),
            "100039"
        );
    }
}
