//! Snowflake's pattern operators planned the way DataFusion can run them: `x [NOT] RLIKE p` and
//! `x [NOT] REGEXP p` become the whole-string `RLIKE(x, p)` function, and `[I]LIKE ... ESCAPE 'c'`
//! with an escape character other than the backslash gets its pattern rewritten to backslash
//! escapes (DataFusion's LIKE only knows the backslash).

use sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments, Ident,
    ObjectName, UnaryOperator, Value,
};

use crate::functions::LIKE_ESCAPE_FUNCTION;

/// Rewrites `expr` in place when it is one of the pattern operators DataFusion lacks.
pub(crate) fn rewrite_pattern_op(expr: &mut Expr) {
    match expr {
        Expr::RLike {
            negated,
            expr: subject,
            pattern,
            ..
        } => {
            let negated = *negated;
            let subject = take(subject);
            let pattern = take(pattern);
            let call = call("rlike", vec![subject, pattern]);
            *expr = if negated {
                Expr::UnaryOp {
                    op: UnaryOperator::Not,
                    expr: Box::new(call),
                }
            } else {
                call
            };
        }
        Expr::Like {
            any: false,
            pattern,
            escape_char,
            ..
        }
        | Expr::ILike {
            any: false,
            pattern,
            escape_char,
            ..
        } => {
            let escape = match escape_char.as_ref().map(|v| &v.value) {
                Some(Value::SingleQuotedString(escape)) if escape != "\\" => escape.clone(),
                _ => return,
            };
            let original = take(pattern);
            **pattern = call(
                LIKE_ESCAPE_FUNCTION,
                vec![
                    original,
                    Expr::Value(Value::SingleQuotedString(escape).into()),
                ],
            );
            *escape_char = None;
        }
        _ => {}
    }
}

fn take(expr: &mut Box<Expr>) -> Expr {
    std::mem::replace(expr.as_mut(), Expr::Value(Value::Null.into()))
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e)))
                .collect(),
            clauses: Vec::new(),
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parse;
    use sqlparser::ast::{SelectItem, SetExpr, Statement};

    fn rewritten(sql: &str) -> String {
        let Statement::Query(query) = parse(sql).unwrap().remove(0) else {
            panic!("not a query");
        };
        let SetExpr::Select(select) = *query.body else {
            panic!("not a select");
        };
        let SelectItem::UnnamedExpr(mut expr) = select.projection[0].clone() else {
            panic!("not an expression");
        };
        rewrite_pattern_op(&mut expr);
        expr.to_string()
    }

    #[test]
    fn operators_are_rewritten() {
        assert_eq!(rewritten("select a rlike 'x.*'"), "rlike(a, 'x.*')");
        assert_eq!(rewritten("select a not regexp 'x'"), "NOT rlike(a, 'x')");
        assert_eq!(
            rewritten("select a ilike 'a!_%' escape '!'"),
            "a ILIKE like_escape_to_backslash('a!_%', '!')"
        );
        assert!(rewritten(r"select a like 'a\\_%' escape '\\'").contains("ESCAPE"));
        assert_eq!(rewritten("select a like 'a%'"), "a LIKE 'a%'");
    }
}
