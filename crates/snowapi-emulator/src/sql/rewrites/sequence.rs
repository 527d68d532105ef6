//! `SEQ4()` and `SEQ8()` (optionally with the 0/1 sign argument): 0-based sequence numbers of
//! the rows, written as `CAST(ROW_NUMBER() OVER () AS BIGINT) - 1`.

use sqlparser::ast::{BinaryOperator, CastKind, DataType, Expr, Value, WindowSpec, WindowType};

use super::{call, function_name};

/// Rewrites `expr` if it is a SEQ4/SEQ8 call.
pub(super) fn rewrite(expr: &mut Expr) {
    let Expr::Function(function) = expr else {
        return;
    };
    let Some(name) = function_name(function) else {
        return;
    };
    let takes = match &function.args {
        sqlparser::ast::FunctionArguments::None => true,
        sqlparser::ast::FunctionArguments::List(list) => list.args.len() <= 1,
        sqlparser::ast::FunctionArguments::Subquery(_) => false,
    };
    if !takes || function.over.is_some() || !matches!(name.as_str(), "SEQ4" | "SEQ8") {
        return;
    }
    let Expr::Function(mut row_number) = call("ROW_NUMBER", Vec::new()) else {
        return;
    };
    row_number.over = Some(WindowType::WindowSpec(WindowSpec {
        window_name: None,
        partition_by: Vec::new(),
        order_by: Vec::new(),
        window_frame: None,
    }));
    let number = Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(Expr::Function(row_number)),
        data_type: DataType::BigInt(None),
        array: false,
        format: None,
    };
    *expr = Expr::BinaryOp {
        left: Box::new(number),
        op: BinaryOperator::Minus,
        right: Box::new(Expr::value(Value::Number("1".into(), false))),
    };
}
