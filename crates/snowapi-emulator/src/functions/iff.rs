//! `IFF(condition, then, else)`.

use arrow::{
    array::{Array, BooleanArray},
    compute::kernels::zip::zip,
    datatypes::DataType,
};
use datafusion::{
    common::{DataFusionError, Result, exec_err},
    logical_expr::{
        ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
        type_coercion::binary::type_union_resolution,
    },
};

/// `IFF(condition, then, else)`: `then` where the condition is true, `else` where it is false
/// or NULL.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Iff {
    signature: Signature,
}

impl Iff {
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for Iff {
    fn name(&self) -> &str {
        "iff"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let [_, then, otherwise] = arg_types else {
            return exec_err!("IFF takes 3 arguments, got {}", arg_types.len());
        };
        let common =
            type_union_resolution(&[then.clone(), otherwise.clone()]).ok_or_else(|| {
                DataFusionError::Plan(format!(
                    "IFF branches of types {then} and {otherwise} do not mix"
                ))
            })?;
        Ok(vec![DataType::Boolean, common.clone(), common])
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.get(1).cloned().unwrap_or(DataType::Null))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let [condition, then, otherwise] = arrays.as_slice() else {
            return exec_err!("IFF takes 3 arguments");
        };
        let Some(condition) = condition.as_any().downcast_ref::<BooleanArray>() else {
            return exec_err!("IFF condition must be BOOLEAN");
        };
        // zip takes NULL in the mask as false, which is Snowflake's rule for IFF.
        Ok(ColumnarValue::Array(zip(condition, then, otherwise)?))
    }
}
