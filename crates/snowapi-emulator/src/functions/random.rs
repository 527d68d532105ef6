//! `RANDOM([seed])`: a random 64-bit integer (a repeatable sequence for a seed), and
//! `UNIFORM(min, max, gen)`: a value spread evenly over `[min, max]` chosen by the generator
//! value `gen` (integers when both bounds are integers, FLOAT otherwise).

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Float64Builder, Int64Builder},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};
use uuid::Uuid;

use super::{
    number_format::Decimal,
    scalar_support::{
        Rows, Value, check_arity, is_numeric, normalized_type, sf_field, type_error, value_at,
    },
};
use crate::types::SfType;

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: spreads the bits of `value`.
fn mix(value: u64) -> u64 {
    let mut z = value;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `RANDOM`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Random {
    signature: Signature,
}

impl Random {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Volatile),
        }
    }
}

impl ScalarUDFImpl for Random {
    fn name(&self) -> &str {
        "random"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(vec![DataType::Int64; arg_types.len()])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 0, 1)?;
        Ok(sf_field(self.name(), SfType::INTEGER))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let mut out = Int64Builder::with_capacity(rows);
        match args.args.first() {
            None => {
                for _ in 0..rows {
                    out.append_value(Uuid::new_v4().as_u64_pair().0 as i64);
                }
            }
            Some(seed) => {
                let seeds = seed.to_array(rows)?;
                for row in 0..rows {
                    let seed = match value_at(&seeds, row) {
                        Value::Int(seed) => seed as u64,
                        _ => 0,
                    };
                    let state = seed.wrapping_add(GOLDEN_GAMMA.wrapping_mul(row as u64 + 1));
                    out.append_value(mix(state) as i64);
                }
            }
        }
        let result: ArrayRef = Arc::new(out.finish());
        Ok(ColumnarValue::Array(result))
    }
}

/// `UNIFORM`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Uniform {
    signature: Signature,
}

impl Uniform {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Whether a bound's type makes an integer range.
fn is_integral(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Int64 | DataType::Null | DataType::Decimal128(_, 0)
    )
}

impl ScalarUDFImpl for Uniform {
    fn name(&self) -> &str {
        "uniform"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(arg_types
            .iter()
            .map(|t| match normalized_type(t) {
                DataType::Null => DataType::Int64,
                other => other,
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 3, 3)?;
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        if !types.iter().all(is_numeric) {
            return Err(type_error(self.name(), &types));
        }
        let sf_type = if is_integral(&types[0]) && is_integral(&types[1]) {
            SfType::INTEGER
        } else {
            SfType::Float
        };
        Ok(sf_field(self.name(), sf_type))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let integral = *args.return_field.data_type() == DataType::Int64;
        let float = |value| match value {
            Value::Int(v) => Some(v as f64),
            Value::Float(v) => Some(v),
            Value::Decimal(v, s) => Some(Decimal::from_unscaled(v, s).to_f64()),
            _ => None,
        };
        let bits = |value| match value {
            Value::Int(v) => Some(v as u64),
            Value::Float(v) => Some(v.to_bits()),
            Value::Decimal(v, _) => Some(v as u64),
            _ => None,
        };
        let result: ArrayRef = if integral {
            let mut out = Int64Builder::with_capacity(rows.len);
            for row in 0..rows.len {
                let bound = |i| match value_at(&rows.arrays[i], row) {
                    Value::Int(v) => Some(i128::from(v)),
                    Value::Decimal(v, _) => Some(v),
                    _ => None,
                };
                let generator = bits(value_at(&rows.arrays[2], row));
                out.append_option(match (bound(0), bound(1), generator) {
                    (Some(a), Some(b), Some(generator)) => {
                        let (low, high) = (a.min(b), a.max(b));
                        let span = (high - low + 1) as u128;
                        let offset = u128::from(mix(generator)) % span;
                        i64::try_from(low + offset as i128).ok()
                    }
                    _ => None,
                });
            }
            Arc::new(out.finish())
        } else {
            let mut out = Float64Builder::with_capacity(rows.len);
            for row in 0..rows.len {
                let low = float(value_at(&rows.arrays[0], row));
                let high = float(value_at(&rows.arrays[1], row));
                let generator = bits(value_at(&rows.arrays[2], row));
                out.append_option(match (low, high, generator) {
                    (Some(low), Some(high), Some(generator)) => {
                        let unit = (mix(generator) >> 11) as f64 / (1u64 << 53) as f64;
                        Some(low + unit * (high - low))
                    }
                    _ => None,
                });
            }
            Arc::new(out.finish())
        };
        rows.finish(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixing_spreads_and_repeats() {
        assert_eq!(mix(42), mix(42));
        assert_ne!(mix(1), mix(2));
        assert_ne!(mix(GOLDEN_GAMMA), 0);
    }
}
