//! `v:a.b[0]`, `v['key']`, `v[2]`: Snowflake's paths into semi-structured values, parsed by
//! sqlparser as `Expr::JsonAccess`, become `GET_PATH(v, 'a.b[0]')`. Keys keep their case (they
//! are never folded like identifiers). A bracket holding a non-constant (`v[i]`) becomes
//! `GET(…, i)`.

use sqlparser::ast::{Expr, JsonPathElem, Value};

use super::{call, take};
use crate::functions::variant::path::{self, Step};

/// Rewrites `expr` if it is a JSON path access.
pub(super) fn rewrite(expr: &mut Expr) {
    let Expr::JsonAccess { value, path } = expr else {
        return;
    };
    let mut current = take(value);
    let mut pending: Vec<Step> = Vec::new();
    for element in std::mem::take(&mut path.path) {
        match element {
            JsonPathElem::Dot { key, .. } => pending.push(Step::Key(key)),
            JsonPathElem::Bracket { key } | JsonPathElem::ColonBracket { key } => {
                match constant_step(&key) {
                    Some(step) => pending.push(step),
                    None => {
                        current = flush(current, &mut pending);
                        current = call("GET", vec![current, key]);
                    }
                }
            }
        }
    }
    *expr = flush(current, &mut pending);
}

/// `GET_PATH(current, '<pending>')`, or `current` when nothing is pending.
fn flush(current: Expr, pending: &mut Vec<Step>) -> Expr {
    if pending.is_empty() {
        return current;
    }
    let text = path::render(&std::mem::take(pending));
    call(
        "GET_PATH",
        vec![current, Expr::value(Value::SingleQuotedString(text))],
    )
}

/// The step a constant bracket key stands for.
fn constant_step(key: &Expr) -> Option<Step> {
    let Expr::Value(value) = key else {
        return None;
    };
    match &value.value {
        Value::SingleQuotedString(text) | Value::DoubleQuotedString(text) => {
            Some(Step::Key(text.clone()))
        }
        Value::Number(digits, _) => digits.parse().ok().map(Step::Index),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parse;
    use sqlparser::ast::{SelectItem, SetExpr, Statement};

    fn rewritten(sql: &str) -> String {
        let Statement::Query(mut query) = parse(sql).unwrap().remove(0) else {
            panic!("not a query")
        };
        let SetExpr::Select(select) = query.body.as_mut() else {
            panic!("not a select")
        };
        let SelectItem::UnnamedExpr(expr) = &mut select.projection[0] else {
            panic!("not an expression")
        };
        rewrite(expr);
        expr.to_string()
    }

    #[test]
    fn paths_become_get_path_with_case_kept() {
        assert_eq!(
            rewritten("select v:Name.first"),
            "GET_PATH(v, 'Name.first')"
        );
        assert_eq!(rewritten("select v:a[0].b"), "GET_PATH(v, 'a[0].b')");
        assert_eq!(rewritten("select v['x y']"), "GET_PATH(v, '[''x y'']')");
        assert_eq!(
            rewritten(r#"select t.v:"Q r".z"#),
            "GET_PATH(t.v, '[''Q r''].z')"
        );
        assert_eq!(
            rewritten("select v:a[i].b"),
            "GET_PATH(GET(GET_PATH(v, 'a'), i), 'b')"
        );
    }
}
