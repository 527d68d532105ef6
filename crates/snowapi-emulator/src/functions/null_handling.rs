//! NULL-handling functions: `NVL(a, b)` / `IFNULL`, `NVL2(a, b, c)`, `ZEROIFNULL(x)`,
//! `NULLIFZERO(x)` and `EQUAL_NULL(a, b)` (equality where NULL equals NULL). DataFusion's own
//! NVL and NVL2 turn exact numbers into FLOAT; these keep Snowflake's common type.

use arrow::{
    array::{Array, ArrayRef, Scalar, new_null_array},
    compute::{is_not_null, kernels::cmp, kernels::zip::zip, nullif},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::{Result, ScalarValue},
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
        type_coercion::binary::{comparison_coercion, type_union_resolution},
    },
};
use std::sync::Arc;

use super::scalar_support::{Rows, check_arity, is_numeric, normalized_type, sf_field, type_error};
use crate::types::SfType;

/// `NVL(a, b)` (also `IFNULL`): `a` unless it is NULL, then `b`; or `NVL2(a, b, c)`: `b` when
/// `a` is not NULL, `c` when it is.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Nvl {
    signature: Signature,
    aliases: Vec<String>,
    three: bool,
}

impl Nvl {
    /// `NVL`, also `IFNULL`.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            aliases: vec!["ifnull".into()],
            three: false,
        }
    }

    /// `NVL2`.
    pub(crate) fn nvl2() -> Self {
        Self {
            aliases: Vec::new(),
            three: true,
            ..Self::new()
        }
    }

    /// Index of the first value argument (the others before it are only tested for NULL).
    fn first_value(&self) -> usize {
        usize::from(self.three)
    }
}

impl ScalarUDFImpl for Nvl {
    fn name(&self) -> &str {
        if self.three { "nvl2" } else { "nvl" }
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let first = self.first_value().min(arg_types.len());
        let mut coerced = arg_types.to_vec();
        if let Some(common) = type_union_resolution(&arg_types[first..]) {
            coerced[first..]
                .iter_mut()
                .for_each(|t| *t = common.clone());
        }
        Ok(coerced)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.last().cloned().unwrap_or(DataType::Null))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let count = 2 + self.first_value();
        check_arity(self.name(), args.arg_fields.len(), count, count)?;
        let values = &args.arg_fields[self.first_value()..];
        let types: Vec<DataType> = values.iter().map(|f| f.data_type().clone()).collect();
        if types[0] != types[1] {
            let all: Vec<DataType> = args
                .arg_fields
                .iter()
                .map(|f| f.data_type().clone())
                .collect();
            return Err(type_error(self.name(), &all));
        }
        // The declared type of a column argument, when both agree on it.
        let sf_type = match (SfType::of_field(&values[0]), SfType::of_field(&values[1])) {
            (a, b) if a == b => a,
            _ => SfType::of_arrow(&types[0]),
        };
        Ok(sf_field(self.name(), sf_type))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let arrays = &rows.arrays;
        let first = self.first_value();
        let output = args.return_field.data_type();
        if *output == DataType::Null {
            return rows.finish(new_null_array(output, rows.len));
        }
        let present = is_not_null(&arrays[0])?;
        let result = if self.three {
            zip(&present, &arrays[first], &arrays[first + 1])?
        } else {
            zip(&present, &arrays[0], &arrays[1])?
        };
        rows.finish(result)
    }
}

/// Which of the zero functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ZeroKind {
    /// `ZEROIFNULL`: NULL becomes 0.
    ZeroIfNull,
    /// `NULLIFZERO`: 0 becomes NULL.
    NullIfZero,
}

/// `ZEROIFNULL(x)` or `NULLIFZERO(x)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ZeroFunction {
    signature: Signature,
    kind: ZeroKind,
}

impl ZeroFunction {
    /// `ZEROIFNULL`.
    pub(crate) fn zero_if_null() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            kind: ZeroKind::ZeroIfNull,
        }
    }

    /// `NULLIFZERO`.
    pub(crate) fn null_if_zero() -> Self {
        Self {
            kind: ZeroKind::NullIfZero,
            ..Self::zero_if_null()
        }
    }
}

impl ScalarUDFImpl for ZeroFunction {
    fn name(&self) -> &str {
        match self.kind {
            ZeroKind::ZeroIfNull => "zeroifnull",
            ZeroKind::NullIfZero => "nullifzero",
        }
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

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Int64))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 1, 1)?;
        let field = &args.arg_fields[0];
        if !is_numeric(field.data_type()) {
            return Err(type_error(self.name(), &[field.data_type().clone()]));
        }
        Ok(sf_field(self.name(), SfType::of_field(field)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let values = &rows.arrays[0];
        let zero = Scalar::new(ScalarValue::new_zero(values.data_type())?.to_array_of_size(1)?);
        let result: ArrayRef = match self.kind {
            ZeroKind::ZeroIfNull => zip(&is_not_null(values)?, values, &zero)?,
            ZeroKind::NullIfZero => nullif(values, &cmp::eq(values, &zero)?)?,
        };
        rows.finish(result)
    }
}

/// `EQUAL_NULL(a, b)`: true when both are equal or both are NULL, never NULL.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct EqualNull {
    signature: Signature,
}

impl EqualNull {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for EqualNull {
    fn name(&self) -> &str {
        "equal_null"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if let [left, right] = arg_types
            && let Some(common) = comparison_coercion(left, right)
        {
            return Ok(vec![common.clone(), common]);
        }
        Ok(arg_types.to_vec())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 2, 2)?;
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        if types[0] != types[1] && comparison_coercion(&types[0], &types[1]).is_none() {
            return Err(type_error(self.name(), &types));
        }
        Ok(Arc::new(SfType::Boolean.field(self.name(), false)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let result = cmp::not_distinct(&rows.arrays[0], &rows.arrays[1])?;
        rows.finish(Arc::new(result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{BooleanArray, Int64Array};
    use arrow::datatypes::Field;
    use datafusion::config::ConfigOptions;

    fn call(udf: &dyn ScalarUDFImpl, arrays: Vec<ArrayRef>, output: DataType) -> ArrayRef {
        let rows = arrays[0].len();
        let arg_fields = arrays
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type().clone(), true)))
            .collect();
        let args = ScalarFunctionArgs {
            args: arrays.into_iter().map(ColumnarValue::Array).collect(),
            arg_fields,
            number_rows: rows,
            return_field: Arc::new(Field::new("r", output, true)),
            config_options: Arc::new(ConfigOptions::default()),
        };
        match udf.invoke_with_args(args).unwrap() {
            ColumnarValue::Array(array) => array,
            ColumnarValue::Scalar(_) => panic!("expected an array"),
        }
    }

    #[test]
    fn nvl_picks_the_first_present_value() {
        let a: ArrayRef = Arc::new(Int64Array::from(vec![Some(1), None]));
        let b: ArrayRef = Arc::new(Int64Array::from(vec![Some(7), Some(8)]));
        let c: ArrayRef = Arc::new(Int64Array::from(vec![Some(9), Some(10)]));
        let nvl = call(&Nvl::new(), vec![a.clone(), b.clone()], DataType::Int64);
        assert_eq!(
            nvl.as_any().downcast_ref::<Int64Array>().unwrap(),
            &Int64Array::from(vec![1, 8])
        );
        let nvl2 = call(&Nvl::nvl2(), vec![a, b, c], DataType::Int64);
        assert_eq!(
            nvl2.as_any().downcast_ref::<Int64Array>().unwrap(),
            &Int64Array::from(vec![7, 10])
        );
        assert_eq!(
            Nvl::new()
                .coerce_types(&[DataType::Decimal128(10, 2), DataType::Int64])
                .unwrap()[0],
            DataType::Decimal128(22, 2)
        );
    }

    #[test]
    fn zeros_and_nulls_swap() {
        let values: ArrayRef = Arc::new(Int64Array::from(vec![Some(0), None, Some(3)]));
        let zeroed = call(
            &ZeroFunction::zero_if_null(),
            vec![values.clone()],
            DataType::Int64,
        );
        assert_eq!(
            zeroed.as_any().downcast_ref::<Int64Array>().unwrap(),
            &Int64Array::from(vec![Some(0), Some(0), Some(3)])
        );
        let nulled = call(&ZeroFunction::null_if_zero(), vec![values], DataType::Int64);
        assert_eq!(
            nulled.as_any().downcast_ref::<Int64Array>().unwrap(),
            &Int64Array::from(vec![None, None, Some(3)])
        );
    }

    #[test]
    fn null_equals_null() {
        let left: ArrayRef = Arc::new(Int64Array::from(vec![Some(1), None, None, Some(2)]));
        let right: ArrayRef = Arc::new(Int64Array::from(vec![Some(1), None, Some(1), Some(3)]));
        let equal = call(&EqualNull::new(), vec![left, right], DataType::Boolean);
        assert_eq!(
            equal.as_any().downcast_ref::<BooleanArray>().unwrap(),
            &BooleanArray::from(vec![true, true, false, false])
        );
    }
}
