//! `POST /api/v2/statements`: reads the request, registers a statement handle, runs the SQL on a
//! background task in a fresh engine session of the caller's user, and answers once it is done
//! (200, 422, 408) or when the synchronous wait runs out (202).

use std::{collections::HashMap, sync::Arc, time::Duration};

use axum::{
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde_json::{Map, Value, json};
use tokio_util::sync::CancellationToken;

use super::{
    batch_binds,
    errors::{self, BAD_REQUEST, Failure, STATEMENT_COUNT_MISMATCH, UNSUPPORTED_STATEMENT},
    respond, result_set, split,
    store::{Done, Entry, FinishGuard},
};
use crate::{
    engine::{QueryResult, Session, StatementType},
    server::{bearer, bindings, builder::identifier, envelope, router::AppState},
    sql::binds::Binds,
    types::SfType,
};

/// The longest `timeout` Snowflake accepts (also what 0 means): 7 days.
const MAX_TIMEOUT_SECONDS: u64 = 604_800;

/// What the SQL API's output-format parameters default to, echoed in the result's metadata.
const OUTPUT_FORMATS: &[(&str, &str)] = &[
    ("binary_output_format", "HEX"),
    ("date_output_format", "YYYY-MM-DD"),
    ("time_output_format", "HH24:MI:SS"),
    (
        "timestamp_output_format",
        "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM",
    ),
    ("timestamp_ltz_output_format", ""),
    ("timestamp_ntz_output_format", "YYYY-MM-DD HH24:MI:SS.FF3"),
    ("timestamp_tz_output_format", ""),
];

/// A request, read and checked.
#[derive(Debug)]
struct Plan {
    /// One statement, or the statements of a batch.
    statements: Vec<String>,
    /// Whether the text is run as a multi-statement batch.
    batch: bool,
    /// The values of each statement, in the order of `statements`: a batch hands out the
    /// positional bindings in order, each statement taking as many as it has placeholders.
    binds: Vec<Binds>,
    /// Array bindings (one set of values per row) of a single statement.
    rows: Option<Vec<Binds>>,
    /// `(kind, name)` for USE ROLE/WAREHOUSE/DATABASE/SCHEMA, in that order.
    context: Vec<(&'static str, String)>,
    /// Session parameters to set (upper-case names).
    session_parameters: Vec<(&'static str, String)>,
    timeout: u64,
    /// The caller's restricted role (a PAT's ROLE_RESTRICTION).
    role_restriction: Option<String>,
}

/// Submits a statement; see the module documentation.
#[tracing::instrument(skip_all, fields(operation = "sqlapi.submit", statement_handle = tracing::field::Empty, user = tracing::field::Empty))]
pub(crate) async fn submit(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let caller = match bearer::authenticate(&state, &headers) {
        Ok(caller) => caller,
        Err(rejection) => return errors::unauthorized(&headers, rejection),
    };
    let span = tracing::Span::current();
    span.record("user", caller.user.as_str());
    let flag = |name: &str, default: bool| {
        params
            .get(name)
            .map_or(default, |v| v.trim().eq_ignore_ascii_case("true"))
    };
    let (run_async, nullable) = (flag("async", false), flag("nullable", true));
    let request = match envelope::read_json(&headers, &body) {
        Ok(request) => request,
        Err(message) => {
            return errors::plain(&headers, StatusCode::BAD_REQUEST, BAD_REQUEST, &message);
        }
    };
    let checked = match plan(&request) {
        Ok(checked) => checked,
        Err(message) => {
            return errors::plain(&headers, StatusCode::BAD_REQUEST, BAD_REQUEST, &message);
        }
    };
    let request_id = params
        .get("requestId")
        .filter(|id| !id.trim().is_empty())
        .cloned();
    let handle = crate::engine::new_query_id();
    let entry = Entry::new(
        handle,
        caller.user.clone(),
        request_id,
        nullable,
        echoed_parameters(&request["parameters"]),
        CancellationToken::new(),
    );
    let (entry, new) = state.statements.insert(entry);
    span.record("statement_handle", entry.handle.as_str());
    if new {
        match checked {
            Ok(mut plan) => {
                plan.role_restriction = caller.role_restriction.clone();
                let runner = Arc::clone(&entry);
                let task_state = state.clone();
                tokio::spawn(async move { run(task_state, runner, plan).await });
            }
            Err(failure) => entry.finish(Err(failure)),
        }
    } else {
        tracing::info!("resubmitted request answered from its first submission");
    }
    if run_async {
        return respond::accepted(&headers, &entry);
    }
    let progress = entry.wait(state.config.sqlapi_sync_wait).await;
    respond::progress(&headers, &entry, &progress, StatusCode::REQUEST_TIMEOUT)
}

/// Reads the body. `Err` is a 400 message; `Ok(Err)` a statement that fails without running
/// (refused or miscounted), which still gets a handle.
fn plan(request: &Value) -> Result<Result<Plan, Failure>, String> {
    let Some(text) = request["statement"].as_str() else {
        return Err("The request has no statement.".into());
    };
    let (binds, rows) = match bindings::parse_request(&request["bindings"])? {
        bindings::Bound::Single(binds) => (binds, None),
        bindings::Bound::Rows(rows) => (Binds::none(), Some(rows)),
    };
    let parameters = &request["parameters"];
    let wanted = match integer(
        &parameters["multi_statement_count"],
        "multi_statement_count",
    )? {
        Some(count) => usize::try_from(count)
            .map_err(|_| "multi_statement_count must not be negative.".to_owned())?,
        None => 1,
    };
    let timeout = match integer(&request["timeout"], "timeout")? {
        Some(seconds) if seconds < 0 => return Err("timeout must not be negative.".into()),
        Some(seconds) if seconds > 0 => (seconds as u64).min(MAX_TIMEOUT_SECONDS),
        _ => MAX_TIMEOUT_SECONDS,
    };
    let mut context = Vec::new();
    for (field, kind) in [
        ("role", "ROLE"),
        ("warehouse", "WAREHOUSE"),
        ("database", "DATABASE"),
        ("schema", "SCHEMA"),
    ] {
        match &request[field] {
            Value::Null => {}
            Value::String(name) if name.is_empty() => {}
            Value::String(name) => context.push((kind, name.clone())),
            _ => return Err(format!("{field} must be a string.")),
        }
    }
    let mut session_parameters = Vec::new();
    for (field, name) in [("timezone", "TIMEZONE"), ("query_tag", "QUERY_TAG")] {
        if let Some(value) = parameters[field].as_str() {
            session_parameters.push((name, value.to_owned()));
        }
    }
    let statements = split::statements(text);
    let batch = wanted != 1;
    let found = statements.len();
    if (wanted != 0 && found != wanted) || found == 0 {
        return Ok(Err(Failure::new(
            STATEMENT_COUNT_MISMATCH,
            "0A000",
            format!(
                "Actual statement count {found} did not match the desired statement count {}.",
                wanted.max(1)
            ),
        )));
    }
    if batch && rows.is_some() {
        return Ok(Err(Failure::new(
            UNSUPPORTED_STATEMENT,
            "0A000",
            "Array bindings in multi-statement requests are not supported.",
        )));
    }
    if let Some(kind) = statements.iter().find_map(|s| split::refused(s, batch)) {
        return Ok(Err(Failure::new(
            UNSUPPORTED_STATEMENT,
            "0A000",
            format!("Unsupported statement type '{kind}'."),
        )));
    }
    let (statements, binds) = if batch {
        let shares = batch_binds::shares(&statements, binds);
        (statements, shares)
    } else {
        (vec![text.to_owned()], vec![binds])
    };
    Ok(Ok(Plan {
        statements,
        batch,
        binds,
        rows,
        context,
        session_parameters,
        timeout,
        role_restriction: None,
    }))
}

/// An optional integer field, given as a number or as text.
fn integer(value: &Value, field: &str) -> Result<Option<i64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| format!("{field} must be an integer.")),
        Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("{field} must be an integer.")),
        _ => Err(format!("{field} must be an integer.")),
    }
}

/// The output formats in effect: Snowflake's defaults, overridden by the request's.
fn echoed_parameters(requested: &Value) -> Value {
    let mut map = Map::new();
    for (name, default) in OUTPUT_FORMATS {
        let value = requested[*name].as_str().unwrap_or(default);
        map.insert((*name).into(), json!(value));
    }
    let count = requested["multi_statement_count"]
        .as_i64()
        .or_else(|| {
            requested["multi_statement_count"]
                .as_str()?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(1);
    map.insert("multi_statement_count".into(), json!(count));
    Value::Object(map)
}

/// Runs the plan and records its outcome on the entry, stopping early on cancel or timeout
/// (dropping the statement's future aborts it in the engine).
async fn run(state: AppState, entry: Arc<Entry>, plan: Plan) {
    let cancelled = Failure::cancelled();
    let _guard = FinishGuard(Arc::clone(&entry), cancelled.clone());
    let limit = Duration::from_secs(plan.timeout);
    let outcome = tokio::select! {
        biased;
        () = entry.cancel.cancelled() => Err(cancelled),
        () = tokio::time::sleep(limit) => Err(Failure::timed_out(plan.timeout)),
        outcome = execute(&state, &entry, &plan) => outcome,
    };
    match &outcome {
        Ok(done) => tracing::debug!(
            statement_handle = entry.handle.as_str(),
            rows = done.result.row_count(),
            "statement succeeded"
        ),
        Err(failure) => tracing::debug!(
            statement_handle = entry.handle.as_str(),
            code = failure.code.as_str(),
            "statement failed"
        ),
    }
    entry.finish(outcome);
}

async fn execute(state: &AppState, entry: &Arc<Entry>, plan: &Plan) -> Result<Done, Failure> {
    let session = state.engine.session(&entry.user);
    bearer::restrict_role(&session, plan.role_restriction.as_deref());
    prepare(&session, plan).await?;
    let size = state.config.sqlapi_partition_rows;
    if !plan.batch {
        let sql = plan
            .statements
            .first()
            .map(String::as_str)
            .unwrap_or_default();
        let result = match &plan.rows {
            Some(rows) => execute_rows(&session, &entry.handle, sql, rows).await,
            None => {
                let binds = plan.binds.first().cloned().unwrap_or_else(Binds::none);
                session.execute_with_id(&entry.handle, sql, &binds).await
            }
        }
        .map_err(|e| Failure::from(&e))?;
        let partitions = result_set::partitions(&result, size, entry.nullable);
        return Ok(Done {
            result,
            partitions,
            children: Vec::new(),
        });
    }
    let mut children = Vec::with_capacity(plan.statements.len());
    for (index, sql) in plan.statements.iter().enumerate() {
        let binds = plan.binds.get(index).cloned().unwrap_or_else(Binds::none);
        let child = Entry::new(
            crate::engine::new_query_id(),
            entry.user.clone(),
            None,
            entry.nullable,
            entry.parameters.clone(),
            entry.cancel.clone(),
        );
        let (child, _) = state.statements.insert(child);
        children.push(child.handle.clone());
        let guard = FinishGuard(Arc::clone(&child), Failure::cancelled());
        let outcome = session
            .execute_with_id(&child.handle, sql, &binds)
            .await
            .map_err(|e| Failure::from(&e))
            .map(|result| {
                let partitions = result_set::partitions(&result, size, child.nullable);
                Done {
                    result,
                    partitions,
                    children: Vec::new(),
                }
            });
        let failed = outcome.as_ref().err().cloned();
        child.finish(outcome);
        drop(guard);
        if let Some(failure) = failed {
            return Err(failure);
        }
    }
    let result = summary().map_err(|e| Failure::from(&e))?;
    let partitions = result_set::partitions(&result, size, entry.nullable);
    Ok(Done {
        result,
        partitions,
        children,
    })
}

/// Runs one statement bound to many rows of values under `query_id`, as an `executemany` of the
/// connector protocol does (an `INSERT … VALUES` becomes one multi-row insert).
async fn execute_rows(
    session: &Session,
    query_id: &str,
    sql: &str,
    rows: &[Binds],
) -> crate::error::Result<QueryResult> {
    let registration = session
        .engine()
        .queries()
        .register(query_id, session.id(), sql)?;
    let outcome = registration
        .run(
            Box::pin(crate::server::submit::run_rows(session, sql, rows)),
            None,
        )
        .await;
    registration.finish(&outcome);
    outcome.map(|mut result| {
        result.query_id = query_id.to_owned();
        result
    })
}

/// USE of the request's context and its session parameters, in the statement's fresh session.
async fn prepare(session: &Session, plan: &Plan) -> Result<(), Failure> {
    for (kind, name) in &plan.context {
        session
            .execute(&format!("USE {kind} {}", identifier(name)), &Binds::none())
            .await
            .map_err(|e| Failure::from(&e))?;
    }
    if !plan.session_parameters.is_empty() {
        session.update(|s| {
            for (name, value) in &plan.session_parameters {
                s.parameters.insert((*name).to_owned(), value.clone());
            }
        });
    }
    Ok(())
}

/// The one-row result of a multi-statement request.
fn summary() -> crate::error::Result<QueryResult> {
    let schema = Arc::new(arrow::datatypes::Schema::new(vec![
        SfType::TEXT.field("multiple statement execution", false),
    ]));
    let batch = arrow::record_batch::RecordBatch::try_new(
        schema.clone(),
        vec![Arc::new(arrow::array::StringArray::from(vec![
            "Multiple statements executed successfully.",
        ]))],
    )
    .map_err(crate::error::EmulatorError::internal)?;
    Ok(QueryResult::rows(
        StatementType::Select,
        schema,
        vec![batch],
    ))
}
