//! Comparing a VARIANT with a SQL value: `WHERE v:status = 'open'` is true for the JSON string
//! "open", as in Snowflake. DataFusion would compare the JSON text (`"open"` with its quotes), so
//! this analyzer rule unwraps the VARIANT side of a comparison (or IN list) whose other side is
//! not semi-structured, the way a cast from VARIANT does. Two VARIANTs compare as canonical JSON.

use std::sync::Arc;

use datafusion::{
    common::{
        DFSchema, Result,
        config::ConfigOptions,
        tree_node::{Transformed, TransformedResult, TreeNode},
    },
    logical_expr::{
        BinaryExpr, Expr, ExprSchemable, LogicalPlan, Operator, ScalarUDF,
        expr::{InList, ScalarFunction},
    },
    optimizer::AnalyzerRule,
};

use super::{cast::VariantToSql, value::is_semi_structured};

/// The analyzer rule unwrapping VARIANTs compared with SQL values.
#[derive(Debug)]
pub(crate) struct VariantComparison {
    unwrap: Arc<ScalarUDF>,
}

impl VariantComparison {
    pub(crate) fn new() -> Self {
        Self {
            unwrap: Arc::new(ScalarUDF::new_from_impl(VariantToSql::new())),
        }
    }
}

impl AnalyzerRule for VariantComparison {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(|node| self.rewrite_node(node))
            .data()
    }

    fn name(&self) -> &str {
        "snowflake_variant_comparison"
    }
}

impl VariantComparison {
    fn rewrite_node(&self, plan: LogicalPlan) -> Result<Transformed<LogicalPlan>> {
        let mut schema = DFSchema::empty();
        for input in plan.inputs() {
            schema.merge(input.schema());
        }
        let rewritten =
            plan.map_expressions(|expr| expr.transform_up(|e| self.rewrite(e, &schema)))?;
        if !rewritten.transformed {
            return Ok(rewritten);
        }
        rewritten.data.recompute_schema().map(Transformed::yes)
    }

    fn rewrite(&self, expr: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
        match expr {
            Expr::BinaryExpr(BinaryExpr { left, op, right }) if is_comparison(op) => {
                let (left_semi, right_semi) = (self.semi(&left, schema), self.semi(&right, schema));
                if left_semi == right_semi {
                    return Ok(Transformed::no(Expr::BinaryExpr(BinaryExpr {
                        left,
                        op,
                        right,
                    })));
                }
                let (left, right) = if left_semi {
                    (Box::new(self.unwrapped(*left, schema)), right)
                } else {
                    (left, Box::new(self.unwrapped(*right, schema)))
                };
                Ok(Transformed::yes(Expr::BinaryExpr(BinaryExpr {
                    left,
                    op,
                    right,
                })))
            }
            Expr::InList(InList {
                expr,
                list,
                negated,
            }) if self.semi(&expr, schema) && !list.iter().any(|e| self.semi(e, schema)) => {
                Ok(Transformed::yes(Expr::InList(InList {
                    expr: Box::new(self.unwrapped(*expr, schema)),
                    list,
                    negated,
                })))
            }
            other => Ok(Transformed::no(other)),
        }
    }

    /// Whether `expr` is a semi-structured value, or a cast of one added by type coercion.
    fn semi(&self, expr: &Expr, schema: &DFSchema) -> bool {
        let inner = match expr {
            Expr::Cast(cast) => cast.expr.as_ref(),
            Expr::TryCast(cast) => cast.expr.as_ref(),
            other => other,
        };
        inner
            .to_field(schema)
            .is_ok_and(|(_, field)| is_semi_structured(&field))
    }

    /// `expr` with its VARIANT unwrapped (inside the cast coercion added, if any).
    fn unwrapped(&self, expr: Expr, schema: &DFSchema) -> Expr {
        let call = |inner: Expr| {
            Expr::ScalarFunction(ScalarFunction::new_udf(
                Arc::clone(&self.unwrap),
                vec![inner],
            ))
        };
        match expr {
            Expr::Cast(mut cast) if self.semi(&cast.expr, schema) => {
                cast.expr = Box::new(call(*cast.expr));
                Expr::Cast(cast)
            }
            Expr::TryCast(mut cast) if self.semi(&cast.expr, schema) => {
                cast.expr = Box::new(call(*cast.expr));
                Expr::TryCast(cast)
            }
            other => call(other),
        }
    }
}

fn is_comparison(op: Operator) -> bool {
    matches!(
        op,
        Operator::Eq
            | Operator::NotEq
            | Operator::Lt
            | Operator::LtEq
            | Operator::Gt
            | Operator::GtEq
            | Operator::IsDistinctFrom
            | Operator::IsNotDistinctFrom
    )
}
