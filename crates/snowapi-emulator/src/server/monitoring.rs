//! `GET /monitoring/queries/{queryId}` (PROTOCOL.md 2.7): the status of one statement, always
//! as a one-entry `queries` list (5.2.0 fails on an empty list, 4.8.1 on a missing one).

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{envelope, query, responses::RESULT_NOT_FOUND, router::AppState};
use crate::engine::QueryInfo;

/// Answers `{"queries": [<entry>]}` for the statement `query_id`. An unknown (or forgotten) id
/// is reported `FAILED_WITH_ERROR` with code 000612: `NO_DATA` would read as "still running"
/// and keep clients polling for a statement that will never appear.
#[tracing::instrument(skip_all, fields(operation = "monitoring", query_id = %query_id, session_id = tracing::field::Empty))]
pub(crate) async fn status(
    State(state): State<AppState>,
    Path(query_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let opened = match query::caller(&state, &headers) {
        Ok(opened) => opened,
        Err(refused) => return refused.into_response(),
    };
    tracing::Span::current().record("session_id", opened.session.id());
    let warehouse = opened.session.state().warehouse.map(|w| w.to_string());
    let entry = match state.engine.query_status(&query_id) {
        Some(info) => entry(&info, warehouse),
        None => unknown(&query_id, warehouse),
    };
    envelope::success(json!({"queries": [entry]}))
}

/// The monitoring entry of a known statement.
fn entry(info: &QueryInfo, warehouse: Option<String>) -> Value {
    let status = info.status.as_str();
    let (code, message) = match &info.error {
        Some(error) => (json!(error.code()), json!(error.to_string())),
        None => (json!(0), Value::Null),
    };
    json!({
        "id": info.query_id,
        "status": status,
        "state": status,
        "errorCode": code,
        "errorMessage": message,
        "sqlText": info.sql_text,
        "startTime": info.start_time.timestamp_millis(),
        "endTime": info.end_time.map_or(0, |end| end.timestamp_millis()),
        "totalDuration": u64::try_from(info.duration().as_millis()).unwrap_or(u64::MAX),
        "sessionId": info.session_id,
        "warehouseId": 0,
        "warehouseName": warehouse,
    })
}

/// The entry answered for an id the engine does not know.
fn unknown(query_id: &str, warehouse: Option<String>) -> Value {
    json!({
        "id": query_id,
        "status": "FAILED_WITH_ERROR",
        "state": "FAILED_WITH_ERROR",
        "errorCode": RESULT_NOT_FOUND,
        "errorMessage": format!("Query {query_id} does not exist or has expired."),
        "sqlText": null,
        "startTime": 0,
        "endTime": 0,
        "totalDuration": 0,
        "sessionId": 0,
        "warehouseId": 0,
        "warehouseName": warehouse,
    })
}
