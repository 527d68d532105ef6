//! Snowflake's casts (`x::T`, `CAST(x AS T)`, `TRY_CAST(x AS T)`) planned as the conversion
//! functions with Snowflake's rules: `x::NUMBER(10,2)` is `TO_NUMBER(x, 10, 2)`, `x::DATE` is
//! `TO_DATE(x)`, `TRY_CAST(x AS INT)` is `TRY_TO_NUMBER(x, 38, 0)`, and so on. DataFusion
//! knows neither Snowflake's type names (NUMBER, TIMESTAMP_NTZ, ...) nor its text formats.
//! Casts to BINARY and the semi-structured types are left for DataFusion.

use sqlparser::ast::{
    CastKind, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList,
    FunctionArguments, Ident, ObjectName, Value,
};

use crate::types::SfType;

/// Rewrites `expr` in place when it is a cast to a scalar Snowflake type.
pub(crate) fn rewrite_cast(expr: &mut Expr) {
    let Expr::Cast {
        kind,
        expr: inner,
        data_type,
        format: None,
        array: false,
    } = expr
    else {
        return;
    };
    let Ok(target) = SfType::parse(&data_type.to_string()) else {
        return;
    };
    let try_ = matches!(kind, CastKind::TryCast | CastKind::SafeCast);
    let number = |n: i64| Expr::Value(Value::Number(n.to_string(), false).into());
    let (name, extra) = match target {
        SfType::Number { precision, scale } => (
            "to_number",
            vec![number(i64::from(precision)), number(i64::from(scale))],
        ),
        SfType::Float => ("to_double", vec![]),
        SfType::Text { .. } => ("to_varchar", vec![]),
        SfType::Boolean => ("to_boolean", vec![]),
        SfType::Date => ("to_date", vec![]),
        SfType::Time { .. } => ("to_time", vec![]),
        SfType::TimestampNtz { .. } => ("to_timestamp_ntz", vec![]),
        SfType::TimestampLtz { .. } => ("to_timestamp_ltz", vec![]),
        SfType::TimestampTz { .. } => ("to_timestamp_tz", vec![]),
        SfType::Binary { .. } | SfType::Variant | SfType::Object | SfType::Array => return,
    };
    // TO_VARCHAR never fails, so it has no TRY_ form.
    let name = if try_ && name != "to_varchar" {
        format!("try_{name}")
    } else {
        name.to_owned()
    };
    let value = std::mem::replace(inner.as_mut(), Expr::Value(Value::Null.into()));
    let args = std::iter::once(value)
        .chain(extra)
        .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e)))
        .collect();
    *expr = Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args,
            clauses: Vec::new(),
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: Vec::new(),
    });
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
        rewrite_cast(&mut expr);
        expr.to_string()
    }

    #[test]
    fn casts_become_conversion_functions() {
        assert_eq!(rewritten("select '1'::int"), "to_number('1', 38, 0)");
        assert_eq!(rewritten("select x::number(10,2)"), "to_number(x, 10, 2)");
        assert_eq!(rewritten("select cast(x as date)"), "to_date(x)");
        assert_eq!(
            rewritten("select try_cast(x as timestamp_ltz)"),
            "try_to_timestamp_ltz(x)"
        );
        assert_eq!(rewritten("select try_cast(x as varchar)"), "to_varchar(x)");
        assert_eq!(rewritten("select x::float"), "to_double(x)");
        assert_eq!(rewritten("select x::timestamp"), "to_timestamp_ntz(x)");
        assert_eq!(rewritten("select x::variant"), "x::variant");
    }
}
