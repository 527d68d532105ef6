//! Aborting statements (PROTOCOL.md 2.9): `POST /queries/{queryId}/abort-request` (by query
//! id, `cursor.abort_query`) and `POST /queries/v1/abort-request` with `{sqlText, requestId}`
//! (the statement a query-request with that `requestId` started; sent on client timeouts).
//! A cancelled statement ends with error 000604 and is reported `ABORTED`.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde_json::Value;

use super::{
    envelope::{self, BAD_REQUEST},
    query,
    router::AppState,
};

/// Code of an abort that found nothing running.
const NOT_EXECUTING: &str = "000605";

/// Cancels statement `query_id`: success when it was running, `success: false` otherwise
/// (which 5.2.0 reads as "not running", not as an error).
#[tracing::instrument(skip_all, fields(operation = "abort", query_id = %query_id, session_id = tracing::field::Empty))]
pub(crate) async fn by_query_id(
    State(state): State<AppState>,
    Path(query_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let opened = match query::caller(&state, &headers) {
        Ok(opened) => opened,
        Err(refused) => return refused.into_response(),
    };
    tracing::Span::current().record("session_id", opened.session.id());
    answer(state.engine.cancel(&query_id), &query_id)
}

/// Cancels the statement started by the caller's query-request whose `requestId` the body
/// names.
#[tracing::instrument(skip_all, fields(operation = "abort_request", query_id = tracing::field::Empty, session_id = tracing::field::Empty))]
pub(crate) async fn by_request_id(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let opened = match query::caller(&state, &headers) {
        Ok(opened) => opened,
        Err(refused) => return refused.into_response(),
    };
    let span = tracing::Span::current();
    span.record("session_id", opened.session.id());
    let body = match envelope::read_json(&headers, &body) {
        Ok(body) => body,
        Err(message) => return envelope::failure(BAD_REQUEST, &message, Value::Null),
    };
    let Some(request_id) = body["requestId"].as_str() else {
        return envelope::failure(BAD_REQUEST, "The request has no requestId.", Value::Null);
    };
    match state.query_store.request(opened.session.id(), request_id) {
        Some(request) => {
            span.record("query_id", request.query_id.as_str());
            answer(state.engine.cancel(&request.query_id), &request.query_id)
        }
        None => answer(false, request_id),
    }
}

fn answer(cancelled: bool, which: &str) -> Response {
    if cancelled {
        tracing::info!("statement cancelled");
        envelope::success(Value::Null)
    } else {
        envelope::failure(
            NOT_EXECUTING,
            &format!("Identified SQL statement is not currently executing: {which}."),
            Value::Null,
        )
    }
}
