//! `POST /queries/v1/query-request` (PROTOCOL.md 2.1–2.5, 7 row 10): runs `sqlText` in the
//! caller's session.
//!
//! The statement always runs on its own task, registered under its query id first. A
//! synchronous request waits for it up to the server's `sync_wait` and answers the result, or
//! `333333` with `getResultUrl` if it still runs; `asyncExec` answers `333334` at once. A repeat
//! of a `requestId` with the same text (a client retry) does not run the statement again: it
//! answers the first execution's outcome. `describeOnly` answers metadata without running.

use std::{collections::HashMap, sync::Arc};

use axum::{
    body::Bytes,
    extract::{Query, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde_json::Value;

use super::{
    auth,
    bindings::{self, Bound},
    describe,
    envelope::{self, BAD_REQUEST},
    responses::{self, ASYNC_ACCEPTED, Request, STILL_RUNNING},
    router::AppState,
    sessions::ServerSession,
    statement_parameters, statements,
    submit::{self, Work},
};
use crate::{
    engine::new_query_id,
    error::{EmulatorError, ErrorKind},
};

/// The session of an authenticated request, or why it is refused (answer that with
/// `into_response`).
pub(crate) fn caller(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Arc<ServerSession>, auth::SessionRefusal> {
    auth::require(&state.sessions, headers)
}

/// Runs `sqlText` (with `bindings` and `parameters`) in the caller's session.
#[tracing::instrument(skip_all, fields(operation = "query", query_id = tracing::field::Empty, session_id = tracing::field::Empty))]
pub(crate) async fn query(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let opened = match caller(&state, &headers) {
        Ok(opened) => opened,
        Err(refused) => return refused.into_response(),
    };
    let span = tracing::Span::current();
    let session_id = opened.session.id();
    span.record("session_id", session_id);
    let body = match envelope::read_json(&headers, &body) {
        Ok(body) => body,
        Err(message) => return envelope::failure(BAD_REQUEST, &message, Value::Null),
    };
    state
        .sessions
        .query_contexts
        .record(session_id, &body["queryContextDTO"]);
    let Some(sql) = body["sqlText"].as_str() else {
        return envelope::failure(BAD_REQUEST, "The request has no sqlText.", Value::Null);
    };
    let asynchronous = body["asyncExec"].as_bool() == Some(true);
    let request_id = params.get("requestId").filter(|id| !id.is_empty());

    if let Some(request_id) = request_id
        && let Some(first) = state.query_store.request(session_id, request_id)
        && first.sql == sql
        && state.engine.query_status(&first.query_id).is_some()
    {
        span.record("query_id", first.query_id.as_str());
        tracing::debug!(
            retry = params.contains_key("retryCount"),
            "request replayed"
        );
        return if asynchronous {
            responses::in_progress(ASYNC_ACCEPTED, &first.query_id)
        } else {
            responses::wait_and_answer(&state, &opened, &first.query_id).await
        };
    }

    if body["describeOnly"].as_bool() == Some(true) {
        return describe::describe(&state, &opened.session, sql).await;
    }
    let work = match work(sql, &body) {
        Ok(work) => work,
        Err(Refusal::BadRequest(message)) => {
            return envelope::failure(BAD_REQUEST, &message, Value::Null);
        }
        Err(Refusal::Statement(error)) => {
            return responses::failure(&error, &new_query_id(), &opened.session);
        }
    };
    let parameters = statement_parameters::from_body(&body["parameters"]);
    let mut started = match submit::start(&state, &opened, work, parameters) {
        Ok(started) => started,
        Err(error) => return responses::failure(&error, &new_query_id(), &opened.session),
    };
    let query_id = started.query_id.clone();
    span.record("query_id", query_id.as_str());
    if let Some(request_id) = request_id {
        state.query_store.remember_request(
            session_id,
            request_id,
            Request {
                query_id: query_id.clone(),
                sql: sql.to_owned(),
            },
        );
    }
    if asynchronous {
        tracing::debug!("query submitted");
        return responses::in_progress(ASYNC_ACCEPTED, &query_id);
    }
    match tokio::time::timeout(state.config.sync_wait, &mut started.handle).await {
        Err(_) => {
            tracing::debug!("query still running");
            responses::in_progress(STILL_RUNNING, &query_id)
        }
        Ok(Err(joined)) => {
            responses::failure(&EmulatorError::internal(joined), &query_id, &opened.session)
        }
        Ok(Ok(Ok(result))) => {
            tracing::debug!(rows = result.row_count(), "query succeeded");
            responses::success(&state, &opened.session, &result)
        }
        Ok(Ok(Err(error))) => {
            tracing::debug!(code = error.code(), "query failed");
            responses::failure(&error, &query_id, &opened.session)
        }
    }
}

/// Why a request cannot start.
enum Refusal {
    /// The request itself is malformed (code 390400).
    BadRequest(String),
    /// The statement fails before it runs (with a query id, like any failed statement).
    Statement(EmulatorError),
}

/// What the request asks to run: its statements (checked against MULTI_STATEMENT_COUNT) and
/// bindings.
fn work(sql: &str, body: &Value) -> Result<Work, Refusal> {
    let bound = bindings::parse_request(&body["bindings"]).map_err(Refusal::BadRequest)?;
    let desired = statement_count(&body["parameters"]).map_err(Refusal::BadRequest)?;
    let pieces = statements::split(sql);
    if desired != 0 && desired != pieces.len() {
        return Err(Refusal::Statement(EmulatorError::new(
            ErrorKind::StatementCountMismatch,
            format!(
                "Actual statement count {} did not match the desired statement count {desired}.",
                pieces.len()
            ),
        )));
    }
    if pieces.len() > 1 {
        return Ok(Work::Multi {
            sql: sql.to_owned(),
            children: pieces.into_iter().map(str::to_owned).collect(),
        });
    }
    Ok(match bound {
        Bound::Single(binds) => Work::Single {
            sql: sql.to_owned(),
            binds,
        },
        Bound::Rows(rows) => Work::Rows {
            sql: sql.to_owned(),
            rows,
        },
    })
}

/// MULTI_STATEMENT_COUNT of the request's `parameters` (a number or numeric text); 1 when
/// absent, 0 meaning "any number".
fn statement_count(parameters: &Value) -> Result<usize, String> {
    let Some(value) = parameters
        .as_object()
        .and_then(|map| {
            map.iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("MULTI_STATEMENT_COUNT"))
        })
        .map(|(_, value)| value)
    else {
        return Ok(1);
    };
    let count = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        Value::Null => return Ok(1),
        _ => None,
    };
    count
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("Invalid MULTI_STATEMENT_COUNT value {value}."))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn multi_statement_count_is_read_from_parameters() {
        assert_eq!(statement_count(&Value::Null), Ok(1));
        assert_eq!(statement_count(&json!({})), Ok(1));
        assert_eq!(statement_count(&json!({"MULTI_STATEMENT_COUNT": 0})), Ok(0));
        assert_eq!(
            statement_count(&json!({"multi_statement_count": "3"})),
            Ok(3)
        );
        assert!(statement_count(&json!({"MULTI_STATEMENT_COUNT": "x"})).is_err());
    }

    #[test]
    fn work_checks_the_statement_count() {
        let body = json!({"parameters": {"MULTI_STATEMENT_COUNT": 2}});
        assert!(matches!(
            work("select 1; select 2", &body),
            Ok(Work::Multi { children, .. }) if children.len() == 2
        ));
        let Err(Refusal::Statement(error)) = work("select 1; select 2; select 3", &body) else {
            panic!("expected a count mismatch");
        };
        assert_eq!(error.code(), "000008");
        assert_eq!(
            error.to_string(),
            "Actual statement count 3 did not match the desired statement count 2."
        );
        assert!(matches!(
            work("select 1", &json!({})),
            Ok(Work::Single { .. })
        ));
        assert!(matches!(
            work("insert into t values (?)", &json!({"bindings": {"1": {"type": "FIXED", "value": ["1", "2"]}}})),
            Ok(Work::Rows { rows, .. }) if rows.len() == 2
        ));
    }
}
