//! `RLIKE(subject, pattern [, parameters])` and its synonym `REGEXP_LIKE`: whether the pattern
//! matches the WHOLE subject, as in Snowflake (DataFusion's `regexp_like` finds a match anywhere).
//! Parameters: `c` case-sensitive (default), `i` case-insensitive, `m` multi-line, `s` `.`
//! matches new lines, `e` (ignored here).

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, StringArray},
    datatypes::{DataType, FieldRef},
};
use datafusion::{
    common::Result,
    functions::regex::regexplike::regexp_like,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::scalar_support::{Rows, Value, check_arity, sf_error, sf_field, value_at};
use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// `RLIKE`, also `REGEXP_LIKE`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Rlike {
    signature: Signature,
    aliases: Vec<String>,
}

impl Rlike {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            aliases: vec!["regexp_like".into()],
        }
    }
}

/// The pattern anchored to the whole subject, with the parameters as inline flags.
fn anchored(pattern: &str, parameters: &str) -> String {
    let mut insensitive = false;
    let mut flags = String::new();
    for parameter in parameters.chars() {
        match parameter {
            'i' => insensitive = true,
            'c' => insensitive = false,
            'm' | 's' if !flags.contains(parameter) => flags.push(parameter),
            _ => {}
        }
    }
    if insensitive {
        flags.push('i');
    }
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!("(?{flags})")
    };
    format!(r"{flags}\A(?:{pattern})\z")
}

impl ScalarUDFImpl for Rlike {
    fn name(&self) -> &str {
        "rlike"
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(vec![DataType::Utf8; arg_types.len()])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 2, 3)?;
        Ok(sf_field(self.name(), SfType::Boolean))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let mut patterns: Vec<Option<String>> = Vec::with_capacity(rows.len);
        for row in 0..rows.len {
            let parameters = match rows.get(2).map(|a| value_at(a, row)) {
                Some(Value::Text(parameters)) => parameters,
                Some(_) => {
                    patterns.push(None);
                    continue;
                }
                None => "c",
            };
            patterns.push(match value_at(&rows.arrays[1], row) {
                Value::Text(pattern) => Some(anchored(pattern, parameters)),
                _ => None,
            });
        }
        let patterns: ArrayRef = Arc::new(StringArray::from(patterns));
        let result = regexp_like(&[rows.arrays[0].clone(), patterns]).map_err(|error| {
            sf_error(EmulatorError::new(
                ErrorKind::InvalidArguments,
                format!(
                    "Invalid regular expression: {}",
                    error.strip_backtrace().lines().next().unwrap_or_default()
                ),
            ))
        })?;
        rows.finish(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_anchored_with_flags() {
        assert_eq!(anchored("a.c", "c"), r"\A(?:a.c)\z");
        assert_eq!(anchored("a.c", "ims"), r"(?msi)\A(?:a.c)\z");
        assert_eq!(anchored("a|b", "ic"), r"\A(?:a|b)\z");
    }
}
