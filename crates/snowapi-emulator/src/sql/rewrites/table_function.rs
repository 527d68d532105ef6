//! `TABLE(FLATTEN(...))` becomes `LATERAL FLATTEN(...)`: in Snowflake a table function in FROM
//! may refer to the tables before it (`FROM t, TABLE(FLATTEN(t.v))`), which DataFusion allows
//! only for lateral relations.

use sqlparser::ast::{Expr, FunctionArguments, TableFactor};

use super::function_name;

/// Rewrites `factor` if it is `TABLE(FLATTEN(...))`.
pub(super) fn rewrite(factor: &mut TableFactor) {
    let TableFactor::TableFunction {
        expr: Expr::Function(function),
        alias,
    } = factor
    else {
        return;
    };
    if function_name(function).as_deref() != Some("FLATTEN") {
        return;
    }
    let args = match &function.args {
        FunctionArguments::List(list) => list.args.clone(),
        FunctionArguments::None => Vec::new(),
        FunctionArguments::Subquery(_) => return,
    };
    *factor = TableFactor::Function {
        lateral: true,
        name: function.name.clone(),
        args,
        with_ordinality: false,
        alias: alias.take(),
    };
}
