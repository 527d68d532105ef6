//! `OBJECT_CONSTRUCT(*)`: DataFusion plans the `*` as a placeholder argument; this analyzer rule
//! replaces it with `'COLUMN', column` pairs for every column of the node's input (or of one
//! table for `OBJECT_CONSTRUCT(t.*)`), so each row becomes an object keyed by column name.

use datafusion::{
    common::{
        Column, DFSchemaRef, Result, TableReference,
        config::ConfigOptions,
        tree_node::{Transformed, TransformedResult, TreeNode},
    },
    logical_expr::{Expr, LogicalPlan, expr::ScalarFunction, lit},
    optimizer::AnalyzerRule,
};

use super::construct::OBJECT_CONSTRUCTORS;

/// The analyzer rule expanding `OBJECT_CONSTRUCT(*)`.
#[derive(Debug, Default)]
pub(crate) struct ObjectStar;

impl AnalyzerRule for ObjectStar {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(expand_node).data()
    }

    fn name(&self) -> &str {
        "snowflake_object_construct_star"
    }
}

fn expand_node(plan: LogicalPlan) -> Result<Transformed<LogicalPlan>> {
    let inputs = plan.inputs();
    let [input] = inputs.as_slice() else {
        return Ok(Transformed::no(plan));
    };
    let schema = DFSchemaRef::clone(input.schema());
    drop(inputs);
    let expanded = plan.map_expressions(|expr| expr.transform_up(|e| expand(e, &schema)))?;
    if !expanded.transformed {
        return Ok(expanded);
    }
    expanded.data.recompute_schema().map(Transformed::yes)
}

fn expand(expr: Expr, schema: &DFSchemaRef) -> Result<Transformed<Expr>> {
    let Expr::ScalarFunction(function) = &expr else {
        return Ok(Transformed::no(expr));
    };
    if !OBJECT_CONSTRUCTORS.contains(&function.func.name()) {
        return Ok(Transformed::no(expr));
    }
    #[expect(deprecated)]
    let [Expr::Wildcard { qualifier, .. }] = function.args.as_slice() else {
        return Ok(Transformed::no(expr));
    };
    let args = pairs(schema, qualifier.as_ref());
    Ok(Transformed::yes(Expr::ScalarFunction(
        ScalarFunction::new_udf(function.func.clone(), args),
    )))
}

/// `'NAME', column` for every column (of `qualifier`'s table when given).
fn pairs(schema: &DFSchemaRef, qualifier: Option<&TableReference>) -> Vec<Expr> {
    schema
        .iter()
        .filter(|(q, _)| qualifier.is_none_or(|wanted| q.is_some_and(|q| q == wanted)))
        .filter(|(_, field)| !field.name().starts_with("__"))
        .flat_map(|(q, field)| {
            [
                lit(field.name().clone()),
                Expr::Column(Column::new(q.cloned(), field.name())),
            ]
        })
        .collect()
}
