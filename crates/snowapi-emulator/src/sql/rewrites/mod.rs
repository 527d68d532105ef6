//! Snowflake syntax DataFusion does not plan, rewritten into calls it does. Runs at the end of
//! [`normalize`](super::normalize::normalize), after names are folded and unnamed select items
//! are named after their original text, so result columns keep Snowflake's names.
//!
//! - `v:a.b[0]`, `v['k']`: [`json_path`], to GET_PATH / GET.
//! - `CAST(x AS VARIANT)` and casts from VARIANT: [`variant_cast`].
//! - `LISTAGG(...) WITHIN GROUP (ORDER BY ...)`: [`listagg`], to STRING_AGG.
//! - `SEQ4()`, `SEQ8()`: [`sequence`], to a row number.
//! - `TABLE(FLATTEN(...))`: [`table_function`], to the lateral form.
//! - `FROM VALUES (…), (…)`: [`values_table`], to a `UNION ALL` with Snowflake's column names.

mod json_path;
mod listagg;
mod sequence;
mod table_function;
mod values_table;
mod variant_cast;

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments, Ident,
    ObjectName, Statement, TableFactor, VisitMut, VisitorMut,
};

use crate::error::{EmulatorError, Result};

/// Rewrites the Snowflake-only syntax of `statement` in place.
pub(crate) fn rewrite(statement: &mut Statement) -> Result<()> {
    match statement.visit(&mut Rewriter) {
        ControlFlow::Break(error) => Err(error),
        ControlFlow::Continue(()) => Ok(()),
    }
}

struct Rewriter;

impl VisitorMut for Rewriter {
    type Break = EmulatorError;

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<Self::Break> {
        table_function::rewrite(factor);
        match values_table::rewrite(factor) {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => ControlFlow::Break(error),
        }
    }

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<Self::Break> {
        json_path::rewrite(expr);
        variant_cast::rewrite(expr);
        sequence::rewrite(expr);
        match listagg::rewrite(expr) {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => ControlFlow::Break(error),
        }
    }
}

/// The upper-case name of a call to an unqualified function, if `function` is one.
fn function_name(function: &Function) -> Option<String> {
    let [part] = function.name.0.as_slice() else {
        return None;
    };
    Some(part.as_ident()?.value.to_uppercase())
}

/// `name(args...)`.
fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|arg| FunctionArg::Unnamed(FunctionArgExpr::Expr(arg)))
                .collect(),
            clauses: Vec::new(),
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: Vec::new(),
    })
}

/// Takes an expression out of its place, leaving NULL.
fn take(expr: &mut Expr) -> Expr {
    std::mem::replace(expr, Expr::value(sqlparser::ast::Value::Null))
}

#[cfg(test)]
mod tests {
    use crate::{
        catalog::Name,
        sql::{
            normalize::{NameContext, normalize},
            parse,
        },
    };

    fn normalized(sql: &str) -> String {
        let context = NameContext {
            database: Some(Name::canonical("DB")),
            schema: Some(Name::canonical("PUBLIC")),
            ..Default::default()
        };
        let mut statement = parse(sql).unwrap().remove(0);
        normalize(&mut statement, &context).unwrap();
        statement.to_string()
    }

    /// Columns are named after the text as written (upper-cased), paths keep their case.
    #[test]
    fn columns_keep_snowflakes_names() {
        let sql = normalized("select v:Name.first, v['k']::string, seq4() from t");
        // Casts are planned further by the conversion rewrite; the pieces made here stay.
        for piece in [
            "SELECT GET_PATH(\"V\", 'Name.first') AS \"V:NAME.FIRST\", ",
            "__variant_to_sql(GET_PATH(\"V\", 'k'))) AS \"V['K']::STRING\", ",
            "ROW_NUMBER() OVER ()",
            " - 1 AS \"SEQ4()\"",
        ] {
            assert!(sql.contains(piece), "{piece} not in {sql}");
        }
    }

    #[test]
    fn table_flatten_becomes_lateral_and_casts_to_variant_convert() {
        assert_eq!(
            normalized("select x::variant, y::array from t, table(flatten(t.v)) f"),
            "SELECT TO_VARIANT(\"X\") AS \"X::VARIANT\", TO_ARRAY(\"Y\") AS \"Y::ARRAY\" \
             FROM \"DB\".\"PUBLIC\".\"T\", LATERAL flatten(\"T\".\"V\") \"F\""
        );
    }
}
