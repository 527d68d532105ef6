//! One shape for the row-by-row semi-structured functions: a name, how many arguments, how they
//! are coerced, the Snowflake type returned, and a body over whole argument columns.

use std::{
    hash::{Hash, Hasher},
    ops::RangeInclusive,
};

use arrow::{
    array::ArrayRef,
    datatypes::{DataType, Field},
};
use datafusion::{
    common::{Result, exec_err},
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
        Volatility,
    },
};

use super::value::{argument_arrays, compilation_error, output, result_field};
use crate::{error::ErrorKind, types::SfType};

/// The argument columns of one call, all of the same length.
pub(crate) struct Call<'a> {
    /// The argument values.
    pub(crate) arrays: &'a [ArrayRef],
    /// The argument fields (their metadata tells VARIANT from text).
    pub(crate) fields: &'a [arrow::datatypes::FieldRef],
    /// Rows to produce.
    pub(crate) rows: usize,
}

impl Call<'_> {
    /// Argument `index` and its field (the arity was checked when the call was planned).
    pub(crate) fn arg(&self, index: usize) -> Result<(&ArrayRef, &Field)> {
        match (self.arrays.get(index), self.fields.get(index)) {
            (Some(array), Some(field)) => Ok((array, field.as_ref())),
            _ => exec_err!("missing argument {index}"),
        }
    }
}

/// How many arguments a function takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arity {
    /// A count in this range.
    Range(RangeInclusive<usize>),
    /// Key/value pairs (an even count), or the one `*` of `OBJECT_CONSTRUCT(*)`, which plans as
    /// a single NULL-typed argument until it is expanded.
    Pairs,
}

impl Arity {
    fn check(&self, name: &str, arg_types: &[DataType]) -> Result<()> {
        let count = arg_types.len();
        let range = match self {
            Self::Range(range) => range,
            Self::Pairs if count.is_multiple_of(2) || arg_types == [DataType::Null] => {
                return Ok(());
            }
            Self::Pairs => {
                return Err(compilation_error(
                    ErrorKind::InvalidArguments,
                    format!(
                        "Invalid argument types for function '{}': expected key/value pairs, got {count} arguments",
                        name.to_uppercase()
                    ),
                ));
            }
        };
        if range.contains(&count) {
            return Ok(());
        }
        let (start, end) = (*range.start(), *range.end());
        let expected = if start == end {
            start.to_string()
        } else if end == usize::MAX {
            format!("at least {start}")
        } else {
            format!("{start} to {end}")
        };
        let which = if count < start {
            "not enough"
        } else {
            "too many"
        };
        Err(compilation_error(
            ErrorKind::InvalidArguments,
            format!(
                "{which} arguments for function [{}], expected {expected}, got {count}",
                name.to_uppercase()
            ),
        ))
    }
}

/// How arguments are coerced before the body sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coerce {
    /// Passed as they are.
    Keep,
    /// Every argument as text (Utf8).
    Text,
    /// The first argument as it is, the others as text.
    KeepFirst,
}

/// A Snowflake function computed over argument columns.
#[derive(Debug)]
pub(crate) struct SimpleFn {
    name: &'static str,
    arity: Arity,
    coerce: Coerce,
    returns: SfType,
    body: fn(&Call<'_>) -> Result<ArrayRef>,
    signature: Signature,
}

impl SimpleFn {
    /// A function `name` (lower case, as DataFusion looks it up).
    pub(crate) fn udf(
        name: &'static str,
        arity: impl Into<Arity>,
        coerce: Coerce,
        returns: SfType,
        body: fn(&Call<'_>) -> Result<ArrayRef>,
    ) -> ScalarUDF {
        ScalarUDF::new_from_impl(Self {
            name,
            arity: arity.into(),
            coerce,
            returns,
            body,
            signature: Signature::user_defined(Volatility::Immutable),
        })
    }
}

impl From<RangeInclusive<usize>> for Arity {
    fn from(range: RangeInclusive<usize>) -> Self {
        Self::Range(range)
    }
}

impl PartialEq for SimpleFn {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for SimpleFn {}

impl Hash for SimpleFn {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl ScalarUDFImpl for SimpleFn {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.arity.check(self.name, arg_types)?;
        Ok(arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| match (self.coerce, i) {
                (Coerce::Keep, _) | (Coerce::KeepFirst, 0) => t.clone(),
                _ if is_text(t) => t.clone(),
                _ => DataType::Utf8,
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(self.returns.arrow_type())
    }

    fn return_field_from_args(&self, _args: ReturnFieldArgs) -> Result<arrow::datatypes::FieldRef> {
        Ok(result_field(self.name, self.returns))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, rows, all_scalar) = argument_arrays(&args.args, args.number_rows)?;
        let call = Call {
            arrays: &arrays,
            fields: &args.arg_fields,
            rows,
        };
        output((self.body)(&call)?, all_scalar)
    }
}

/// Whether values of `data_type` are text already.
fn is_text(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
    )
}
