//! `LISTAGG([DISTINCT] expr [, delimiter]) [WITHIN GROUP (ORDER BY ...)] [OVER (...)]` becomes
//! `CAST(COALESCE(STRING_AGG([DISTINCT] <expr as text>, delimiter [ORDER BY ...]), '') AS
//! VARCHAR)`: values are converted to text, NULLs skipped, the delimiter defaults to '' and a
//! group without values gives '' — Snowflake's LISTAGG. With DISTINCT, an ORDER BY on the
//! aggregated expression orders by its text.

use sqlparser::ast::{
    CastKind, DataType, DuplicateTreatment, Expr, FunctionArg, FunctionArgExpr,
    FunctionArgumentClause, FunctionArguments, Value,
};

use super::{call, function_name};
use crate::{
    error::{EmulatorError, ErrorKind, Result},
    functions::variant::cast::VARIANT_TO_SQL,
};

/// Rewrites `expr` if it is a LISTAGG call.
pub(super) fn rewrite(expr: &mut Expr) -> Result<()> {
    let Expr::Function(function) = expr else {
        return Ok(());
    };
    if function_name(function).as_deref() != Some("LISTAGG") {
        return Ok(());
    }
    let FunctionArguments::List(list) = &function.args else {
        return Err(arguments_error(0));
    };
    let args: Vec<Expr> = list
        .args
        .iter()
        .map(|arg| match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Ok(e.clone()),
            _ => Err(arguments_error(list.args.len())),
        })
        .collect::<Result<_>>()?;
    let (value, delimiter) = match args.as_slice() {
        [value] => (
            value.clone(),
            Expr::value(Value::SingleQuotedString(String::new())),
        ),
        [value, delimiter] => (value.clone(), delimiter.clone()),
        _ => return Err(arguments_error(args.len())),
    };
    if function.over.is_some() && !function.within_group.is_empty() {
        return Err(EmulatorError::unsupported(
            "LISTAGG ... WITHIN GROUP ... OVER",
        ));
    }
    let distinct = list.duplicate_treatment == Some(DuplicateTreatment::Distinct);
    let text = as_text(call(VARIANT_TO_SQL, vec![value.clone()]));
    let mut order_by = function.within_group.clone();
    if distinct {
        for item in &mut order_by {
            if item.expr == value {
                item.expr = text.clone();
            }
        }
    }
    let Expr::Function(mut aggregate) = call("STRING_AGG", vec![text, delimiter]) else {
        return Ok(());
    };
    if let FunctionArguments::List(list) = &mut aggregate.args {
        list.duplicate_treatment = distinct.then_some(DuplicateTreatment::Distinct);
        if !order_by.is_empty() {
            list.clauses.push(FunctionArgumentClause::OrderBy(order_by));
        }
    }
    aggregate.over = function.over.clone();
    aggregate.filter = function.filter.clone();
    let empty = Expr::value(Value::SingleQuotedString(String::new()));
    *expr = as_text(call("COALESCE", vec![Expr::Function(aggregate), empty]));
    Ok(())
}

fn as_text(expr: Expr) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(expr),
        data_type: DataType::Varchar(None),
        array: false,
        format: None,
    }
}

fn arguments_error(count: usize) -> EmulatorError {
    EmulatorError::compilation(
        ErrorKind::InvalidArguments,
        format!("Invalid number of arguments for function LISTAGG: expected 1 or 2, got {count}"),
    )
}
