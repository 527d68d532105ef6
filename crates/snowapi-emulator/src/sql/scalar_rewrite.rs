//! The last pass of [`normalize`](super::normalize::normalize): casts to scalar Snowflake types
//! ([`casts`](super::casts)) and the pattern operators DataFusion lacks
//! ([`pattern_ops`](super::pattern_ops)) become function calls. It runs after the
//! semi-structured rewrites, so a cast of a VARIANT sees its operand already unwrapped.

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Statement, VisitMut, VisitorMut};

use super::{casts::rewrite_cast, pattern_ops::rewrite_pattern_op};

/// Rewrites every cast and pattern operator of `statement`, innermost first.
pub(crate) fn rewrite_scalar_ops(statement: &mut Statement) {
    let _ = statement.visit(&mut ScalarOps);
}

struct ScalarOps;

impl VisitorMut for ScalarOps {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        rewrite_cast(expr);
        rewrite_pattern_op(expr);
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parse;

    #[test]
    fn nested_casts_and_operators_are_rewritten() {
        let mut statement = parse("select x::int::varchar, a rlike '1'::varchar from t")
            .unwrap()
            .remove(0);
        rewrite_scalar_ops(&mut statement);
        assert_eq!(
            statement.to_string(),
            "SELECT to_varchar(to_number(x, 38, 0)), rlike(a, to_varchar('1')) FROM t"
        );
    }
}
