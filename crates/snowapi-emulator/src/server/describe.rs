//! `describeOnly: true`: the columns a statement would answer, without running it (cursor
//! `describe()`, and 5.2.0's pre-flight of `executemany`). A query is planned and run with
//! `LIMIT 0` (placeholders bound to NULL); SHOW and DESCRIBE run (they change nothing) and answer
//! their columns without rows; DML answers its count columns; anything else its `status` column. `numberOfBinds` counts the placeholders, `arrayBindSupported` is true for
//! INSERT only (PROTOCOL.md 2.2, 7).

use std::sync::Arc;

use arrow::datatypes::Schema;
use axum::response::Response;
use serde_json::json;
use sqlparser::{
    ast::{Expr, LimitClause, Statement, Value},
    dialect::SnowflakeDialect,
    tokenizer::{Token, Tokenizer},
};

use super::{responses, router::AppState, statements::Placeholders};
use crate::{
    engine::{QueryResult, Session, StatementType, new_query_id},
    error::Result,
    sql::{
        self,
        binds::{BindValue, Binds},
    },
    types::SfType,
};

/// Answers the metadata of `sql` in `session`.
pub(crate) async fn describe(state: &AppState, session: &Session, sql: &str) -> Response {
    let query_id = new_query_id();
    match describe_statement(session, sql).await {
        Ok((mut result, placeholders)) => {
            result.query_id.clone_from(&query_id);
            let insert = result.statement_type == StatementType::Insert;
            state.query_store.set_extras(
                &query_id,
                json!({
                    "numberOfBinds": placeholders.count(),
                    "arrayBindSupported": insert,
                }),
            );
            responses::success(state, session, &result)
        }
        Err(error) => responses::failure(&error, &query_id, session),
    }
}

/// The empty result of `sql` with its columns, and its placeholders.
async fn describe_statement(session: &Session, sql: &str) -> Result<(QueryResult, Placeholders)> {
    if reads_metadata(sql) {
        // SHOW and DESCRIBE change nothing, and their columns depend on the object kind, so
        // running them is the one faithful way to know their rowtype.
        let result = match crate::exec::run_command(session, sql).await {
            Some(result) => result?,
            None => crate::exec::run(session, sql::parse(sql)?.remove(0)).await?,
        };
        let result = QueryResult::rows(result.statement_type, result.schema, Vec::new());
        return Ok((result, Placeholders::default()));
    }
    let statement = sql::parse(sql)?.remove(0);
    let placeholders = Placeholders::of(&statement);
    let result = match statement {
        Statement::Query(mut query) => {
            query.limit_clause = Some(LimitClause::LimitOffset {
                limit: Some(Expr::value(Value::Number("0".into(), false))),
                offset: None,
                limit_by: Vec::new(),
            });
            query.fetch = None;
            let mut statement = Statement::Query(query);
            sql::binds::substitute(&mut statement, &nulls(&placeholders))?;
            let result = crate::exec::run(session, statement).await?;
            QueryResult::rows(result.statement_type, result.schema, Vec::new())
        }
        Statement::Insert(_) => counts(StatementType::Insert, &["number of rows inserted"]),
        Statement::Update(_) => counts(
            StatementType::Update,
            &[
                "number of rows updated",
                "number of multi-joined rows updated",
            ],
        ),
        Statement::Delete(_) => counts(StatementType::Delete, &["number of rows deleted"]),
        Statement::Merge(_) => counts(
            StatementType::Merge,
            &[
                "number of rows inserted",
                "number of rows updated",
                "number of rows deleted",
            ],
        ),
        _ => {
            let schema = Arc::new(Schema::new(vec![SfType::TEXT.field("status", false)]));
            QueryResult::rows(StatementType::Ddl, schema, Vec::new())
        }
    };
    Ok((result, placeholders))
}

/// Whether `sql` is a SHOW or DESCRIBE command (its first keyword, comments skipped).
fn reads_metadata(sql: &str) -> bool {
    let Ok(tokens) = Tokenizer::new(&SnowflakeDialect, sql).tokenize() else {
        return false;
    };
    tokens
        .iter()
        .find(|token| !matches!(token, Token::Whitespace(_)))
        .is_some_and(|token| match token {
            Token::Word(word) => matches!(
                word.value.to_ascii_uppercase().as_str(),
                "SHOW" | "DESC" | "DESCRIBE"
            ),
            _ => false,
        })
}

/// A result with no rows and the given count columns.
fn counts(statement_type: StatementType, names: &[&str]) -> QueryResult {
    let fields: Vec<_> = names
        .iter()
        .map(|name| SfType::INTEGER.field(name, false))
        .collect();
    QueryResult::rows(statement_type, Arc::new(Schema::new(fields)), Vec::new())
}

/// NULL for every placeholder, so a query with unbound placeholders can be planned.
fn nulls(placeholders: &Placeholders) -> Binds {
    let numbered = placeholders
        .named
        .iter()
        .filter_map(|name| name.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    let mut binds = Binds::positional(vec![BindValue::Null; placeholders.anonymous.max(numbered)]);
    for name in &placeholders.named {
        binds.named.insert(name.clone(), BindValue::Null);
    }
    binds
}
