//! `FROM VALUES (…), (…)`: Snowflake names the columns `COLUMN1`, `COLUMN2`, … (so unquoted
//! `column1` resolves) and gives each column the common type of its rows (NULL, numbers of
//! different scales, typed and untyped cells mixed). DataFusion's VALUES names them `column1`
//! and refuses rows whose cells carry different type metadata, so the rows become a
//! `SELECT … AS "COLUMN1", … UNION ALL SELECT …`, whose planning unifies the types. Planning a
//! union is slow for thousands of rows, so a list longer than [`UNION_ROWS`] keeps DataFusion's
//! VALUES (its rows must then agree on their types) and is only renamed.

use sqlparser::ast::{
    Expr, Ident, Select, SelectItem, SetExpr, SetOperator, SetQuantifier, Statement, TableAlias,
    TableFactor, TableWithJoins,
};

use crate::error::{EmulatorError, Result};

/// The longest VALUES list turned into a union.
const UNION_ROWS: usize = 256;
/// The alias of a long VALUES list once renamed, so that it is not rewritten again.
const RENAMED: &str = "$VALUES";

/// Rewrites `factor` when it is a VALUES list.
pub(super) fn rewrite(factor: &mut TableFactor) -> Result<()> {
    let TableFactor::Derived {
        subquery, alias, ..
    } = factor
    else {
        return Ok(());
    };
    if alias.as_ref().is_some_and(|a| a.name.value == RENAMED) {
        return Ok(());
    }
    let SetExpr::Values(values) = subquery.body.as_mut() else {
        return Ok(());
    };
    if values.rows.is_empty() {
        return Ok(());
    }
    let template = template()?;
    if values.rows.len() > UNION_ROWS {
        let width = values.rows[0].content.len();
        let inner = subquery.as_ref().clone();
        let mut outer = template;
        outer.projection = (1..=width)
            .map(|index| SelectItem::ExprWithAlias {
                expr: Expr::Identifier(Ident::with_quote('"', format!("column{index}"))),
                alias: Ident::with_quote('"', format!("COLUMN{index}")),
            })
            .collect();
        outer.from = vec![TableWithJoins {
            relation: TableFactor::Derived {
                lateral: false,
                subquery: Box::new(inner),
                alias: Some(TableAlias {
                    explicit: true,
                    name: Ident::with_quote('"', RENAMED),
                    columns: Vec::new(),
                    at: None,
                }),
                sample: None,
            },
            joins: Vec::new(),
        }];
        *subquery.body = SetExpr::Select(Box::new(outer));
        return Ok(());
    }
    let selects: Vec<SetExpr> = std::mem::take(&mut values.rows)
        .into_iter()
        .map(|row| {
            let mut select = template.clone();
            select.projection = row
                .content
                .into_iter()
                .enumerate()
                .map(|(index, expr)| SelectItem::ExprWithAlias {
                    expr,
                    alias: Ident::with_quote('"', format!("COLUMN{}", index + 1)),
                })
                .collect();
            SetExpr::Select(Box::new(select))
        })
        .collect();
    if let Some(body) = union_all(selects) {
        *subquery.body = body;
    }
    Ok(())
}

/// A `SELECT` without FROM to fill in (sqlparser's `Select` has no constructor).
fn template() -> Result<Select> {
    let parsed = crate::sql::parse("SELECT 1")?;
    match parsed.into_iter().next() {
        Some(Statement::Query(query)) => match *query.body {
            SetExpr::Select(select) => Ok(*select),
            _ => Err(EmulatorError::internal("SELECT 1 is not a select")),
        },
        _ => Err(EmulatorError::internal("SELECT 1 is not a query")),
    }
}

/// The `UNION ALL` of `parts` as a balanced tree, so that long lists do not nest deeply (the
/// planner recurses once per level).
fn union_all(mut parts: Vec<SetExpr>) -> Option<SetExpr> {
    if parts.len() <= 1 {
        return parts.pop();
    }
    let right = parts.split_off(parts.len() / 2);
    Some(SetExpr::SetOperation {
        left: Box::new(union_all(parts)?),
        op: SetOperator::Union,
        set_quantifier: SetQuantifier::All,
        right: Box::new(union_all(right)?),
    })
}
