//! `t, LATERAL FLATTEN(INPUT => t.v) f`: DataFusion plans a lateral FLATTEN as a join whose right
//! side is the FLATTEN plan of [`super::flatten`] with outer references to `t`. It cannot run
//! that, so this analyzer rule rewrites the join into a plan over `t` itself:
//!
//! ```text
//! t → window(row_number() AS seq) → project(t.*, __flatten_rows(t.v, seq))
//!   → unnest → project(t.*, f.SEQ, f.KEY, f.PATH, f.INDEX, f.VALUE, f.THIS) [→ filter(ON)]
//! ```
//!
//! which has the join's schema, so everything above it is unchanged. SEQ numbers the input rows.

use std::sync::Arc;

use datafusion::{
    common::{
        Column, DFSchemaRef, DataFusionError, Result, TableReference, UnnestOptions,
        config::ConfigOptions,
        tree_node::{Transformed, TransformedResult, TreeNode},
    },
    functions_window::expr_fn::row_number,
    logical_expr::{
        Expr, JoinType, LogicalPlan, LogicalPlanBuilder, cast, col, utils::conjunction,
    },
    optimizer::AnalyzerRule,
};

use super::flatten::{self, FLATTEN_COLUMN, Options};
use crate::error::EmulatorError;

/// Name of the input-row number column inside the rewritten plan.
const SEQ_COLUMN: &str = "__flatten_seq";

/// The analyzer rule that runs lateral FLATTENs.
#[derive(Debug, Default)]
pub(crate) struct LateralFlatten;

impl AnalyzerRule for LateralFlatten {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(rewrite).data()
    }

    fn name(&self) -> &str {
        "snowflake_lateral_flatten"
    }
}

fn rewrite(plan: LogicalPlan) -> Result<Transformed<LogicalPlan>> {
    let LogicalPlan::Join(join) = &plan else {
        return Ok(Transformed::no(plan));
    };
    let Some((options, input)) = lateral_flatten(&join.right) else {
        return Ok(Transformed::no(plan));
    };
    if join.join_type != JoinType::Inner {
        return Err(DataFusionError::External(Box::new(
            EmulatorError::unsupported(format!(
                "{} JOIN LATERAL FLATTEN (use OUTER => TRUE)",
                join.join_type
            )),
        )));
    }
    let left = Arc::unwrap_or_clone(Arc::clone(&join.left));
    let left_columns = columns(left.schema());
    // Outer references point at the left side, where they are plain columns now.
    let input = input
        .transform(|e| match e {
            Expr::OuterReferenceColumn(_, column) => Ok(Transformed::yes(Expr::Column(column))),
            other => Ok(Transformed::no(other)),
        })
        .data()?;
    let call = flatten::flatten_call(
        options,
        vec![
            input,
            cast(col(SEQ_COLUMN), arrow::datatypes::DataType::Int64),
        ],
    );
    let mut expanded = left_columns.clone();
    expanded.push(call.alias(FLATTEN_COLUMN));
    let right_schema = join.right.schema();
    let names: Vec<(Option<TableReference>, String)> = right_schema
        .iter()
        .map(|(qualifier, field)| (qualifier.cloned(), field.name().clone()))
        .collect();
    let mut outputs = left_columns;
    for (expr, (qualifier, name)) in flatten::output_exprs(None, str::to_owned)
        .into_iter()
        .zip(names)
    {
        let Expr::Alias(alias) = expr else {
            return Ok(Transformed::no(plan));
        };
        outputs.push(Expr::Alias(datafusion::logical_expr::expr::Alias {
            relation: qualifier,
            name,
            ..alias
        }));
    }
    let mut builder = LogicalPlanBuilder::from(left)
        .window(vec![row_number().alias(SEQ_COLUMN)])?
        .project(expanded)?
        .unnest_column_with_options(
            FLATTEN_COLUMN,
            UnnestOptions::new().with_preserve_nulls(false),
        )?
        .project(outputs)?;
    let mut conditions: Vec<Expr> = join
        .on
        .iter()
        .map(|(l, r)| l.clone().eq(r.clone()))
        .collect();
    conditions.extend(join.filter.clone());
    if let Some(condition) = conjunction(conditions) {
        builder = builder.filter(condition)?;
    }
    Ok(Transformed::yes(builder.build()?))
}

/// Every column of a schema, as column expressions.
fn columns(schema: &DFSchemaRef) -> Vec<Expr> {
    schema
        .iter()
        .map(|(qualifier, field)| Expr::Column(Column::new(qualifier.cloned(), field.name())))
        .collect()
}

/// The FLATTEN options and input of a lateral FLATTEN plan (one with outer references).
fn lateral_flatten(plan: &LogicalPlan) -> Option<(Options, Expr)> {
    let mut current = plan;
    let mut correlated = false;
    loop {
        match current {
            LogicalPlan::SubqueryAlias(alias) => current = &alias.input,
            LogicalPlan::Subquery(subquery) => {
                correlated = true;
                current = &subquery.subquery;
            }
            LogicalPlan::Projection(projection) => {
                if let [Expr::Alias(alias)] = projection.expr.as_slice()
                    && alias.name == FLATTEN_COLUMN
                    && matches!(projection.input.as_ref(), LogicalPlan::EmptyRelation(_))
                {
                    let (options, args) = flatten::call_options(&alias.expr)?;
                    if !correlated {
                        return None;
                    }
                    return Some((options, args.first()?.clone()));
                }
                current = &projection.input;
            }
            LogicalPlan::Unnest(unnest) => current = &unnest.input,
            _ => return None,
        }
    }
}
