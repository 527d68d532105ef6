//! Reading literal arguments out of the AST.

use sqlparser::ast::{
    DollarQuotedString, Expr, FunctionArg, FunctionArgExpr, Value, ValueWithSpan,
};

use crate::error::{EmulatorError, ErrorKind, Result};

/// The text of a string literal expression, if it is one.
pub fn string_value(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Value(ValueWithSpan {
            value:
                Value::SingleQuotedString(s)
                | Value::DoubleQuotedString(s)
                | Value::DollarQuotedString(DollarQuotedString { value: s, .. }),
            ..
        }) => Some(s.clone()),
        _ => None,
    }
}

/// The only argument of `IDENTIFIER('...')`-like calls, which must be a string literal.
pub fn single_string_arg(args: &[FunctionArg]) -> Result<String> {
    match args {
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(expr))] => {
            string_value(expr).ok_or_else(|| {
                EmulatorError::compilation(
                    ErrorKind::InvalidArguments,
                    format!("argument {expr} must be a string literal"),
                )
            })
        }
        _ => Err(EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            "exactly one string argument expected",
        )),
    }
}
