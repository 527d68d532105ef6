//! `DECODE(expr, search1, result1 [, search2, result2 ...] [, default])`: the result of the
//! first search equal to `expr`, NULL matching NULL; `default` (or NULL) when none matches.
//! It replaces DataFusion's `decode(bytes, encoding)`, which Snowflake spells
//! `BASE64_DECODE_*` / `HEX_DECODE_*`.

use arrow::{
    array::{ArrayRef, new_null_array},
    compute::{kernels::cmp::not_distinct, kernels::zip::zip},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
        type_coercion::binary::{comparison_coercion, type_union_resolution},
    },
};

use super::scalar_support::{Rows, argument_error, check_arity, sf_field, type_error};
use crate::types::SfType;

/// `DECODE`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Decode {
    signature: Signature,
}

impl Decode {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

/// Indexes of the compared arguments (expr and searches) and of the results (and default).
fn split(count: usize) -> (Vec<usize>, Vec<usize>) {
    let mut compared = vec![0];
    let mut results = Vec::new();
    for index in 1..count {
        let is_last = index == count - 1;
        if index % 2 == 1 && !is_last {
            compared.push(index);
        } else {
            results.push(index);
        }
    }
    (compared, results)
}

/// The common type of `types`, if they mix.
fn common(types: &[&DataType], compare: bool) -> Option<DataType> {
    let known: Vec<DataType> = types
        .iter()
        .filter(|t| ***t != DataType::Null)
        .map(|t| (*t).clone())
        .collect();
    if known.is_empty() {
        return Some(DataType::Null);
    }
    if compare {
        known[1..]
            .iter()
            .try_fold(known[0].clone(), |acc, t| comparison_coercion(&acc, t))
    } else {
        type_union_resolution(&known)
    }
}

impl ScalarUDFImpl for Decode {
    fn name(&self) -> &str {
        "decode"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let (compared, results) = split(arg_types.len());
        let mut coerced = arg_types.to_vec();
        let pick = |indexes: &[usize]| indexes.iter().map(|i| &arg_types[*i]).collect::<Vec<_>>();
        if let Some(t) = common(&pick(&compared), true) {
            compared.iter().for_each(|i| coerced[*i] = t.clone());
        }
        if let Some(t) = common(&pick(&results), false) {
            results.iter().for_each(|i| coerced[*i] = t.clone());
        }
        Ok(coerced)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.get(2).cloned().unwrap_or(DataType::Null))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let count = args.arg_fields.len();
        check_arity(self.name(), count, 3, usize::MAX)?;
        let types: Vec<DataType> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let (compared, results) = split(count);
        let pick = |indexes: &[usize]| indexes.iter().map(|i| &types[*i]).collect::<Vec<_>>();
        if common(&pick(&compared), true).is_none() {
            return Err(type_error(self.name(), &types));
        }
        let Some(result) = common(&pick(&results), false) else {
            return Err(argument_error(format!(
                "The results of DECODE do not have a common type: ({})",
                pick(&results)
                    .iter()
                    .map(|t| SfType::of_arrow(t).to_sql())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let sf_type = args
            .arg_fields
            .get(2)
            .filter(|f| *f.data_type() == result)
            .map_or_else(|| SfType::of_arrow(&result), |f| SfType::of_field(f));
        Ok(sf_field(self.name(), sf_type))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let arrays = &rows.arrays;
        let count = arrays.len();
        let (compared, results) = split(count);
        let has_default = count % 2 == 0;
        let output = args.return_field.data_type().clone();
        let mut result: ArrayRef = if has_default {
            arrays[count - 1].clone()
        } else {
            new_null_array(&output, rows.len)
        };
        // Later pairs first, so that the first matching search wins.
        for (search, value) in compared[1..].iter().zip(&results).rev() {
            let matches = not_distinct(&arrays[0], &arrays[*search])?;
            result = zip(&matches, &arrays[*value], &result)?;
        }
        rows.finish(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_split_into_searches_and_results() {
        assert_eq!(split(3), (vec![0, 1], vec![2]));
        assert_eq!(split(4), (vec![0, 1], vec![2, 3]));
        assert_eq!(split(5), (vec![0, 1, 3], vec![2, 4]));
        assert_eq!(split(6), (vec![0, 1, 3], vec![2, 4, 5]));
        assert_eq!(
            common(&[&DataType::Int64, &DataType::Null, &DataType::Int32], true),
            Some(DataType::Int64)
        );
    }
}
