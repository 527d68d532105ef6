//! Casts and semi-structured values. `x::VARIANT`, `x::OBJECT` and `x::ARRAY` become
//! TO_VARIANT / TO_OBJECT / TO_ARRAY (DataFusion has no such types). A cast to any other type
//! gets its operand wrapped in `__variant_to_sql`, which unwraps VARIANT JSON text (`"Ann"` →
//! `Ann`) and leaves every other value alone; constants are never VARIANT and stay as they are.

use sqlparser::ast::{ArrayElemTypeDef, DataType, Expr, UnaryOperator};

use super::{call, take};
use crate::functions::variant::cast::VARIANT_TO_SQL;

/// Rewrites `expr` if it is a cast.
pub(super) fn rewrite(expr: &mut Expr) {
    let Expr::Cast {
        expr: operand,
        data_type,
        ..
    } = expr
    else {
        return;
    };
    if let Some(function) = semi_structured_target(data_type) {
        let operand = take(operand);
        *expr = call(function, vec![operand]);
        return;
    }
    if is_constant(operand) {
        return;
    }
    let inner = take(operand);
    **operand = call(VARIANT_TO_SQL, vec![inner]);
}

/// The conversion function of a cast to VARIANT, OBJECT or ARRAY.
fn semi_structured_target(data_type: &DataType) -> Option<&'static str> {
    match data_type {
        DataType::Custom(name, modifiers) if modifiers.is_empty() => {
            match name.to_string().to_uppercase().as_str() {
                "VARIANT" => Some("TO_VARIANT"),
                "OBJECT" => Some("TO_OBJECT"),
                _ => None,
            }
        }
        DataType::JSON => Some("TO_VARIANT"),
        DataType::Array(ArrayElemTypeDef::None) => Some("TO_ARRAY"),
        _ => None,
    }
}

fn is_constant(expr: &Expr) -> bool {
    match expr {
        Expr::Value(_) | Expr::TypedString { .. } => true,
        Expr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => is_constant(expr),
        Expr::Nested(inner) => is_constant(inner),
        _ => false,
    }
}
