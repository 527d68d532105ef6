//! Starting a query-request's work on its own task, registered under its query id before the
//! handler answers: the statement outlives the HTTP request (a synchronous request that waits
//! too long answers 333333 and the statement goes on), and monitoring, abort and the result GET
//! can find it at once.
//!
//! Three kinds of work: one statement; one statement with array bindings (an INSERT … VALUES
//! runs once with a row per binding row; anything else runs once per row); several statements
//! (MULTI_STATEMENT_COUNT), each a child with its own query id, under a parent id whose answer
//! lists the children (PROTOCOL.md 2.3).

use std::sync::Arc;

use arrow::{array::StringArray, datatypes::Schema, record_batch::RecordBatch};
use serde_json::json;
use sqlparser::ast::{SetExpr, Statement};
use tokio::task::JoinHandle;

use super::{
    responses::QueryStore, router::AppState, sessions::ServerSession, statement_parameters,
};
use crate::{
    engine::{QueryResult, Session, StatementType, new_query_id},
    error::{EmulatorError, Result},
    sql::{self, binds::Binds},
    types::SfType,
};

/// `statementTypeId` of a multi-statement parent.
const MULTI_STATEMENT_TYPE: u64 = 0xA000;

/// What a query-request runs.
#[derive(Debug)]
pub(crate) enum Work {
    /// One statement with its binds.
    Single {
        /// The SQL text.
        sql: String,
        /// Its values.
        binds: Binds,
    },
    /// One statement bound to many rows of values.
    Rows {
        /// The SQL text.
        sql: String,
        /// One set of values per row.
        rows: Vec<Binds>,
    },
    /// Several statements, run in order; the first failure ends the run.
    Multi {
        /// The whole text (what the parent reports).
        sql: String,
        /// Each statement's text.
        children: Vec<String>,
    },
}

/// Work that has been registered and started.
#[derive(Debug)]
pub(crate) struct Started {
    /// The query id it runs under.
    pub(crate) query_id: String,
    /// The task; dropping it leaves the work running.
    pub(crate) handle: JoinHandle<Result<QueryResult>>,
}

/// Registers `work` under a fresh query id in the caller's session and starts it, with the
/// request's statement-level `parameters` set for its duration.
pub(crate) fn start(
    state: &AppState,
    opened: &Arc<ServerSession>,
    work: Work,
    parameters: Vec<(String, String)>,
) -> Result<Started> {
    let query_id = new_query_id();
    let queries = state.engine.queries();
    let session_id = opened.session.id();
    let opened = Arc::clone(opened);
    let handle = match work {
        Work::Single { sql, binds } => {
            let registration = queries.register(&query_id, session_id, &sql)?;
            tokio::spawn(async move {
                let saved = statement_parameters::apply(&opened.session, &parameters);
                let outcome = opened
                    .session
                    .run_registered(registration, &sql, &binds)
                    .await;
                statement_parameters::restore(&opened.session, saved);
                outcome
            })
        }
        Work::Rows { sql, rows } => {
            let registration = queries.register(&query_id, session_id, &sql)?;
            let registration_id = query_id.clone();
            tokio::spawn(async move {
                let saved = statement_parameters::apply(&opened.session, &parameters);
                let outcome = registration
                    .run(Box::pin(run_rows(&opened.session, &sql, &rows)), None)
                    .await;
                statement_parameters::restore(&opened.session, saved);
                registration.finish(&outcome);
                with_id(outcome, registration_id)
            })
        }
        Work::Multi { sql, children } => {
            let registration = queries.register(&query_id, session_id, &sql)?;
            let store = Arc::clone(&state.query_store);
            let parent = query_id.clone();
            let registration_id = query_id.clone();
            tokio::spawn(async move {
                let saved = statement_parameters::apply(&opened.session, &parameters);
                let run = Box::pin(run_children(&opened.session, &children, &store, &parent));
                let outcome = registration.run(run, None).await;
                statement_parameters::restore(&opened.session, saved);
                registration.finish(&outcome);
                with_id(outcome, registration_id)
            })
        }
    };
    Ok(Started { query_id, handle })
}

/// The outcome with its query id set (the registry sets it only on its own copy).
fn with_id(outcome: Result<QueryResult>, query_id: String) -> Result<QueryResult> {
    outcome.map(|mut result| {
        result.query_id = query_id;
        result
    })
}

/// Runs each child statement under its own query id, then records the children's ids and
/// statement types for the parent's answer. The first failure is the parent's error.
async fn run_children(
    session: &Session,
    children: &[String],
    store: &QueryStore,
    parent: &str,
) -> Result<QueryResult> {
    let mut ids = Vec::with_capacity(children.len());
    let mut types = Vec::with_capacity(children.len());
    for child in children {
        let child_id = new_query_id();
        let result = session
            .execute_with_id(&child_id, child, &Binds::none())
            .await?;
        types.push(result.statement_type.type_id().to_string());
        ids.push(child_id);
    }
    // Recorded before the parent finishes, so whoever sees it finished sees these too.
    store.set_extras(
        parent,
        json!({
            "statementTypeId": MULTI_STATEMENT_TYPE,
            "resultIds": ids.join(","),
            "resultTypes": types.join(","),
        }),
    );
    multi_statement_result()
}

/// The parent's one-row answer.
fn multi_statement_result() -> Result<QueryResult> {
    let schema = Arc::new(Schema::new(vec![
        SfType::TEXT.field("multiple statement execution", false),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![Arc::new(StringArray::from(vec![
            "Multiple statements executed successfully.",
        ]))],
    )
    .map_err(EmulatorError::internal)?;
    Ok(QueryResult::rows(
        StatementType::Session,
        schema,
        vec![batch],
    ))
}

/// Runs a statement for every row of values. An `INSERT … VALUES (<one row>)` runs once, with
/// the row repeated for every set of values, so a large `executemany` is one statement; other
/// statements run once per row, their DML counts summed.
pub(crate) async fn run_rows(session: &Session, sql: &str, rows: &[Binds]) -> Result<QueryResult> {
    let mut statements = sql::parse(sql)?;
    if statements.len() != 1 {
        return Err(EmulatorError::new(
            crate::error::ErrorKind::StatementCountMismatch,
            format!(
                "Actual statement count {} did not match the desired statement count 1.",
                statements.len()
            ),
        ));
    }
    let statement = statements.remove(0);
    if let Some(insert) = multi_row_insert(&statement, rows)? {
        return crate::exec::run(session, insert).await;
    }
    let mut last = None;
    let mut counts: Vec<(String, u64)> = Vec::new();
    for binds in rows {
        let mut bound = statement.clone();
        sql::binds::substitute(&mut bound, binds)?;
        let result = crate::exec::run(session, bound).await?;
        if result.rows_affected.is_some() {
            add_counts(&mut counts, &result)?;
        }
        last = Some(result);
    }
    match last {
        Some(result) if !counts.is_empty() => {
            let counts: Vec<(&str, u64)> = counts.iter().map(|(n, c)| (n.as_str(), *c)).collect();
            QueryResult::counts(result.statement_type, &counts)
        }
        Some(result) => Ok(result),
        None => QueryResult::counts(StatementType::Insert, &[("number of rows inserted", 0)]),
    }
}

/// Adds the one-row counts of a DML result to `counts`, column by column.
fn add_counts(counts: &mut Vec<(String, u64)>, result: &QueryResult) -> Result<()> {
    let Some(batch) = result.batches.first() else {
        return Ok(());
    };
    for (index, field) in result.schema.fields().iter().enumerate() {
        let column = batch.column(index);
        let value = arrow::compute::cast(column, &arrow::datatypes::DataType::UInt64)
            .map_err(EmulatorError::internal)?;
        let value = value
            .as_any()
            .downcast_ref::<arrow::array::UInt64Array>()
            .filter(|values| !values.is_empty())
            .map_or(0, |values| values.value(0));
        match counts.iter_mut().find(|(name, _)| name == field.name()) {
            Some((_, total)) => *total += value,
            None => counts.push((field.name().clone(), value)),
        }
    }
    Ok(())
}

/// `INSERT … VALUES (<one row of placeholders>)` with the row repeated for every set of values;
/// `None` for any other statement.
fn multi_row_insert(statement: &Statement, rows: &[Binds]) -> Result<Option<Statement>> {
    let Statement::Insert(insert) = statement else {
        return Ok(None);
    };
    let Some(source) = &insert.source else {
        return Ok(None);
    };
    let SetExpr::Values(values) = source.body.as_ref() else {
        return Ok(None);
    };
    if values.rows.len() != 1 || rows.is_empty() {
        return Ok(None);
    }
    let mut filled = Vec::with_capacity(rows.len());
    for binds in rows {
        // Substituting into a copy of the whole one-row statement reuses the engine's bind
        // rules (positional order, `:N`, names) unchanged.
        let mut one = statement.clone();
        sql::binds::substitute(&mut one, binds)?;
        if let Some(row) = values_of(&mut one).and_then(|rows| rows.pop()) {
            filled.push(row);
        }
    }
    let mut combined = statement.clone();
    match values_of(&mut combined) {
        Some(target) => *target = filled,
        None => return Ok(None),
    }
    Ok(Some(combined))
}

/// The rows of an `INSERT … VALUES` statement.
fn values_of(
    statement: &mut Statement,
) -> Option<&mut Vec<sqlparser::ast::Parens<Vec<sqlparser::ast::Expr>>>> {
    let Statement::Insert(insert) = statement else {
        return None;
    };
    match insert.source.as_mut()?.body.as_mut() {
        SetExpr::Values(values) => Some(&mut values.rows),
        _ => None,
    }
}
