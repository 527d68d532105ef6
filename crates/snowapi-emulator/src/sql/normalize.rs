//! Snowflake's name rules applied to a statement before DataFusion plans it.
//!
//! DataFusion folds unquoted identifiers to lower case; Snowflake folds them to upper case. So
//! every unquoted identifier is rewritten as the quoted, upper-cased name it stands for, table
//! names are qualified with the session's database and schema, session functions
//! (`CURRENT_DATABASE()`, ...) become literals, and unnamed select items get the names Snowflake
//! gives them (the expression's text, upper-cased). Function names are left alone: DataFusion
//! looks them up case-insensitively.

use std::{collections::BTreeSet, ops::ControlFlow};

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, ObjectName, Query, Select,
    SelectItem, SelectItemQualifiedWildcardKind, Statement, TableFactor, Value, VisitMut,
    VisitorMut,
};

use crate::{
    catalog::{Name, object_name_parts},
    error::{EmulatorError, ErrorKind, Result},
};

/// What a statement's names are resolved against.
#[derive(Debug, Clone, Default)]
pub struct NameContext {
    /// The session's current database.
    pub database: Option<Name>,
    /// The session's current schema.
    pub schema: Option<Name>,
    /// Values of the session functions.
    pub session: SessionValues,
}

/// What `CURRENT_*()` and `LAST_QUERY_ID()` return in this session.
#[derive(Debug, Clone, Default)]
pub struct SessionValues {
    /// CURRENT_WAREHOUSE().
    pub warehouse: Option<String>,
    /// CURRENT_ROLE().
    pub role: Option<String>,
    /// CURRENT_USER().
    pub user: Option<String>,
    /// CURRENT_ACCOUNT().
    pub account: Option<String>,
    /// CURRENT_SESSION().
    pub session_id: Option<String>,
    /// Ids of the session's earlier queries, oldest first.
    pub query_ids: Vec<String>,
}

/// Functions whose first argument is a date or time part written as a bare word.
const DATE_PART_FIRST: &[&str] = &[
    "DATEADD",
    "DATEDIFF",
    "TIMEADD",
    "TIMEDIFF",
    "TIMESTAMPADD",
    "TIMESTAMPDIFF",
    "DATE_TRUNC",
    "DATE_PART",
];

/// Functions whose second argument is a date or time part written as a bare word.
const DATE_PART_SECOND: &[&str] = &["LAST_DAY"];

/// Rewrites `statement` in place for DataFusion.
pub fn normalize(statement: &mut Statement, context: &NameContext) -> Result<()> {
    let mut ctes = CteNames::default();
    let _ = statement.visit(&mut ctes);
    let mut visitor = Normalizer {
        context,
        ctes: ctes.0,
    };
    match statement.visit(&mut visitor) {
        ControlFlow::Break(error) => Err(error),
        ControlFlow::Continue(()) => {
            super::rewrites::rewrite(statement)?;
            super::scalar_rewrite::rewrite_scalar_ops(statement);
            Ok(())
        }
    }
}

/// Folds an identifier to the quoted form of the name it stands for.
pub fn fold(ident: &mut Ident) {
    if ident.quote_style.is_none() {
        ident.value = ident.value.to_uppercase();
        ident.quote_style = Some('"');
    }
}

/// Qualifies a table name with the current database and schema.
pub fn qualify(name: &ObjectName, context: &NameContext) -> Result<[Name; 3]> {
    let mut parts = object_name_parts(name)?;
    let missing = |what: &str| {
        EmulatorError::new(
            ErrorKind::NoCurrentDatabase,
            format!(
                "Cannot perform SELECT. This session does not have a current {what}. Call 'USE {}', or use a qualified name.",
                what.to_uppercase()
            ),
        )
    };
    match parts.len() {
        1 => {
            let database = context
                .database
                .clone()
                .ok_or_else(|| missing("database"))?;
            let schema = context.schema.clone().ok_or_else(|| missing("schema"))?;
            Ok([database, schema, parts.remove(0)])
        }
        2 => {
            let database = context
                .database
                .clone()
                .ok_or_else(|| missing("database"))?;
            let table = parts.remove(1);
            Ok([database, parts.remove(0), table])
        }
        3 => {
            let table = parts.remove(2);
            let schema = parts.remove(1);
            Ok([parts.remove(0), schema, table])
        }
        _ => Err(EmulatorError::compilation(
            ErrorKind::SyntaxError,
            format!("invalid object name '{name}'"),
        )),
    }
}

#[derive(Default)]
struct CteNames(BTreeSet<Name>);

impl VisitorMut for CteNames {
    type Break = ();

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        if let Some(with) = &query.with {
            self.0.extend(
                with.cte_tables
                    .iter()
                    .map(|cte| Name::from_ident(&cte.alias.name)),
            );
        }
        ControlFlow::Continue(())
    }
}

struct Normalizer<'a> {
    context: &'a NameContext,
    ctes: BTreeSet<Name>,
}

impl VisitorMut for Normalizer<'_> {
    type Break = EmulatorError;

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<Self::Break> {
        if let Some(with) = &mut query.with {
            for cte in &mut with.cte_tables {
                fold(&mut cte.alias.name);
                cte.alias.columns.iter_mut().for_each(|c| fold(&mut c.name));
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &mut Select) -> ControlFlow<Self::Break> {
        for item in &mut select.projection {
            match item {
                SelectItem::UnnamedExpr(expr) if !is_column_ref(expr) => {
                    // Snowflake names an unnamed expression after its text, upper-cased.
                    let alias = Ident::with_quote('"', expr.to_string().to_uppercase());
                    let expr = std::mem::replace(expr, Expr::Value(Value::Null.into()));
                    *item = SelectItem::ExprWithAlias { expr, alias };
                }
                SelectItem::ExprWithAlias { alias, .. } => fold(alias),
                SelectItem::QualifiedWildcard(
                    SelectItemQualifiedWildcardKind::ObjectName(name),
                    _,
                ) => {
                    for part in &mut name.0 {
                        if let sqlparser::ast::ObjectNamePart::Identifier(ident) = part {
                            fold(ident);
                        }
                    }
                }
                _ => {}
            }
        }
        for window in &mut select.named_window {
            fold(&mut window.0);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<Self::Break> {
        let alias = match factor {
            TableFactor::Table { alias, .. }
            | TableFactor::Derived { alias, .. }
            | TableFactor::TableFunction { alias, .. }
            | TableFactor::Function { alias, .. }
            | TableFactor::UNNEST { alias, .. } => alias.as_mut(),
            _ => None,
        };
        if let Some(alias) = alias {
            fold(&mut alias.name);
            alias.columns.iter_mut().for_each(|c| fold(&mut c.name));
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_relation(&mut self, name: &mut ObjectName) -> ControlFlow<Self::Break> {
        let result = (|| -> Result<ObjectName> {
            let parts = object_name_parts(name)?;
            if let [single] = parts.as_slice()
                && self.ctes.contains(single)
            {
                return Ok(ObjectName::from(vec![single.to_ident()]));
            }
            let [database, schema, table] = qualify(name, self.context)?;
            Ok(ObjectName::from(vec![
                database.to_ident(),
                schema.to_ident(),
                table.to_ident(),
            ]))
        })();
        match result {
            Ok(qualified) => {
                *name = qualified;
                ControlFlow::Continue(())
            }
            Err(error) => ControlFlow::Break(error),
        }
    }

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<Self::Break> {
        match expr {
            Expr::Identifier(ident) => fold(ident),
            Expr::CompoundIdentifier(parts) => parts.iter_mut().for_each(fold),
            Expr::Function(function) => {
                let name = function.name.to_string().to_uppercase();
                if let Some(value) = self.session_function(&name, &function.args) {
                    *expr = value;
                    return ControlFlow::Continue(());
                }
                let part_index = usize::from(DATE_PART_SECOND.contains(&name.as_str()));
                if (DATE_PART_FIRST.contains(&name.as_str()) || part_index == 1)
                    && let FunctionArguments::List(list) = &mut function.args
                    && let Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(first))) =
                        list.args.get_mut(part_index)
                    && let Expr::Identifier(part) = first
                    && part.quote_style.is_none()
                {
                    *first =
                        Expr::Value(Value::SingleQuotedString(part.value.to_uppercase()).into());
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

impl Normalizer<'_> {
    /// The literal a session function stands for, if `name` is one.
    fn session_function(&self, name: &str, args: &FunctionArguments) -> Option<Expr> {
        let text = |value: Option<String>| {
            Expr::Value(value.map_or(Value::Null, Value::SingleQuotedString).into())
        };
        let context = self.context;
        let session = &context.session;
        let no_args = match args {
            FunctionArguments::None => true,
            FunctionArguments::List(list) => list.args.is_empty(),
            FunctionArguments::Subquery(_) => false,
        };
        match name {
            "CURRENT_DATABASE" if no_args => {
                Some(text(context.database.as_ref().map(Name::to_string)))
            }
            "CURRENT_SCHEMA" if no_args => Some(text(context.schema.as_ref().map(Name::to_string))),
            "CURRENT_WAREHOUSE" if no_args => Some(text(session.warehouse.clone())),
            "CURRENT_ROLE" if no_args => Some(text(session.role.clone())),
            "CURRENT_USER" if no_args => Some(text(session.user.clone())),
            "CURRENT_ACCOUNT" | "CURRENT_ACCOUNT_NAME" if no_args => {
                Some(text(session.account.clone()))
            }
            "CURRENT_SESSION" if no_args => Some(text(session.session_id.clone())),
            "LAST_QUERY_ID" => {
                let offset = match args {
                    FunctionArguments::List(list) => match list.args.as_slice() {
                        [] => -1,
                        [FunctionArg::Unnamed(FunctionArgExpr::Expr(e))] => integer_literal(e)?,
                        _ => return None,
                    },
                    FunctionArguments::None => -1,
                    FunctionArguments::Subquery(_) => return None,
                };
                let ids = &session.query_ids;
                let index = if offset < 0 {
                    ids.len().checked_sub(offset.unsigned_abs() as usize)
                } else {
                    (offset as usize).checked_sub(1)
                };
                Some(text(index.and_then(|i| ids.get(i)).cloned()))
            }
            _ => None,
        }
    }
}

fn integer_literal(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => integer_literal(expr).map(|n| -n),
        _ => None,
    }
}

fn is_column_ref(expr: &Expr) -> bool {
    matches!(expr, Expr::Identifier(_) | Expr::CompoundIdentifier(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parse;

    fn normalized(sql: &str, database: Option<&str>) -> Result<String> {
        let context = NameContext {
            database: database.map(Name::canonical),
            schema: Some(Name::canonical("PUBLIC")),
            session: SessionValues {
                user: Some("ME".into()),
                query_ids: vec!["q1".into(), "q2".into()],
                ..Default::default()
            },
        };
        let mut statement = parse(sql)?.remove(0);
        normalize(&mut statement, &context)?;
        Ok(statement.to_string())
    }

    #[test]
    fn identifiers_fold_and_tables_qualify() {
        assert_eq!(
            normalized(
                "select a, \"b\", t.c from t join s.u as x on t.a = x.a",
                Some("DB")
            )
            .unwrap(),
            "SELECT \"A\", \"b\", \"T\".\"C\" FROM \"DB\".\"PUBLIC\".\"T\" JOIN \"DB\".\"S\".\"U\" AS \"X\" ON \"T\".\"A\" = \"X\".\"A\""
        );
        assert_eq!(
            normalized("with c as (select 1 as one) select one from c", None).unwrap(),
            "WITH \"C\" AS (SELECT 1 AS \"ONE\") SELECT \"ONE\" FROM \"C\""
        );
        let e = normalized("select * from t", None).unwrap_err();
        assert_eq!(e.code(), "090105");
    }

    #[test]
    fn unnamed_items_and_session_functions() {
        assert_eq!(
            normalized("select 1, count(*), current_user(), last_query_id()", None).unwrap(),
            "SELECT 1 AS \"1\", count(*) AS \"COUNT(*)\", 'ME' AS \"CURRENT_USER()\", 'q2' AS \"LAST_QUERY_ID()\""
        );
        assert_eq!(
            normalized(
                "select last_query_id(1), dateadd(day, 1, d) from t",
                Some("DB")
            )
            .unwrap(),
            "SELECT 'q1' AS \"LAST_QUERY_ID(1)\", dateadd('DAY', 1, \"D\") AS \"DATEADD(DAY, 1, D)\" FROM \"DB\".\"PUBLIC\".\"T\""
        );
    }
}
