//! `DIV0(a, b)` (0 when `b` is 0) and `DIV0NULL(a, b)` (0 when `b` is 0 or NULL). Exact numbers
//! divide as Snowflake's `/` does: the quotient's scale is `max(s, min(s + 6, 12))` for a
//! dividend of scale `s`, rounded half away from zero; FLOAT operands give a FLOAT.

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Decimal128Builder, Float64Builder},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::{
    number_format::Decimal,
    scalar_support::{
        Rows, Value, check_arity, is_numeric, normalized_type, sf_error, sf_field, type_error,
        value_at,
    },
    to_number::out_of_range,
};
use crate::{error::EmulatorError, types::SfType};

/// `DIV0`, or `DIV0NULL` when `null_divisor_is_zero`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Div0 {
    signature: Signature,
    null_divisor_is_zero: bool,
}

impl Div0 {
    /// `DIV0`.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            null_divisor_is_zero: false,
        }
    }

    /// `DIV0NULL`.
    pub(crate) fn new_null() -> Self {
        Self {
            null_divisor_is_zero: true,
            ..Self::new()
        }
    }
}

/// Scale of an exact operand type.
fn scale_of(data_type: &DataType) -> i8 {
    match data_type {
        DataType::Decimal128(_, scale) => *scale,
        _ => 0,
    }
}

impl ScalarUDFImpl for Div0 {
    fn name(&self) -> &str {
        if self.null_divisor_is_zero {
            "div0null"
        } else {
            "div0"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let normalized: Vec<DataType> = arg_types
            .iter()
            .map(|t| match normalized_type(t) {
                DataType::Null => DataType::Int64,
                DataType::Utf8 => DataType::Float64,
                other => other,
            })
            .collect();
        if normalized.contains(&DataType::Float64) {
            return Ok(normalized
                .iter()
                .map(|t| {
                    if is_numeric(t) {
                        DataType::Float64
                    } else {
                        t.clone()
                    }
                })
                .collect());
        }
        Ok(normalized)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 2, 2)?;
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        if !types.iter().all(is_numeric) {
            return Err(type_error(self.name(), &types));
        }
        if types.contains(&DataType::Float64) {
            return Ok(sf_field(self.name(), SfType::Float));
        }
        let dividend = scale_of(&types[0]);
        let scale = dividend.max((dividend + 6).min(12));
        Ok(sf_field(
            self.name(),
            SfType::Number {
                precision: 38,
                scale,
            },
        ))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let result: ArrayRef = match args.return_field.data_type() {
            DataType::Decimal128(precision, scale) => {
                let mut out = Decimal128Builder::with_capacity(rows.len);
                for row in 0..rows.len {
                    let quotient = self
                        .divide_exact(
                            value_at(&rows.arrays[0], row),
                            value_at(&rows.arrays[1], row),
                            *scale,
                        )
                        .map_err(sf_error)?;
                    out.append_option(quotient);
                }
                Arc::new(out.finish().with_precision_and_scale(*precision, *scale)?)
            }
            _ => {
                let mut out = Float64Builder::with_capacity(rows.len);
                for row in 0..rows.len {
                    let float = |value| match value {
                        Value::Float(v) => Some(v),
                        Value::Int(v) => Some(v as f64),
                        Value::Decimal(v, s) => Some(Decimal::from_unscaled(v, s).to_f64()),
                        _ => None,
                    };
                    let a = float(value_at(&rows.arrays[0], row));
                    let b = float(value_at(&rows.arrays[1], row));
                    out.append_option(match (a, b) {
                        (None, _) => None,
                        (Some(_), Some(0.0)) => Some(0.0),
                        (Some(_), None) if self.null_divisor_is_zero => Some(0.0),
                        (Some(a), Some(b)) => Some(a / b),
                        (Some(_), None) => None,
                    });
                }
                Arc::new(out.finish())
            }
        };
        rows.finish(result)
    }
}

impl Div0 {
    /// `a / b` as an unscaled NUMBER of `scale`.
    fn divide_exact(
        &self,
        a: Value<'_>,
        b: Value<'_>,
        scale: i8,
    ) -> Result<Option<i128>, EmulatorError> {
        let exact = |value| match value {
            Value::Int(v) => Some((i128::from(v), 0i8)),
            Value::Decimal(v, s) => Some((v, s)),
            _ => None,
        };
        let Some((a, a_scale)) = exact(a) else {
            return Ok(None);
        };
        let (b, b_scale) = match exact(b) {
            Some(b) => b,
            None if self.null_divisor_is_zero => return Ok(Some(0)),
            None => return Ok(None),
        };
        if b == 0 {
            return Ok(Some(0));
        }
        let shift = i32::from(scale) - i32::from(a_scale) + i32::from(b_scale);
        let overflow = || out_of_range(&format!("{a}e-{a_scale} / {b}e-{b_scale}"));
        let numerator = 10i128
            .checked_pow(shift.unsigned_abs())
            .and_then(|factor| a.checked_mul(factor))
            .ok_or_else(overflow)?;
        let mut quotient = numerator / b;
        let remainder = numerator % b;
        if remainder.unsigned_abs() * 2 >= b.unsigned_abs() {
            quotient += if (numerator < 0) == (b < 0) { 1 } else { -1 };
        }
        if quotient.unsigned_abs() >= 10u128.pow(38) {
            return Err(overflow());
        }
        Ok(Some(quotient))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_division_rounds_to_the_result_scale() {
        let div0 = Div0::new();
        let run = |a, b, scale| div0.divide_exact(a, b, scale).unwrap();
        assert_eq!(run(Value::Int(10), Value::Int(4), 6), Some(2_500_000));
        assert_eq!(run(Value::Int(1), Value::Int(3), 6), Some(333_333));
        assert_eq!(run(Value::Int(2), Value::Int(3), 6), Some(666_667));
        assert_eq!(run(Value::Int(-2), Value::Int(3), 6), Some(-666_667));
        assert_eq!(
            run(Value::Decimal(1050, 2), Value::Int(2), 8),
            Some(525_000_000)
        );
        assert_eq!(run(Value::Int(5), Value::Int(0), 6), Some(0));
        assert_eq!(run(Value::Int(5), Value::Null, 6), None);
        assert_eq!(
            Div0::new_null()
                .divide_exact(Value::Int(5), Value::Null, 6)
                .unwrap(),
            Some(0)
        );
    }
}
