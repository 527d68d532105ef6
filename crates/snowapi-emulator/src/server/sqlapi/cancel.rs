//! `POST /api/v2/statements/{handle}/cancel`: stops a running statement.

use std::time::Duration;

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde_json::json;

use super::{
    errors::{self, NOT_EXECUTING},
    reply,
};
use crate::server::{bearer, router::AppState};

/// How long a cancel waits for the statement to record that it stopped, so that a status
/// request right after the answer sees it cancelled.
const SETTLE: Duration = Duration::from_secs(5);

/// Cancels the statement: 200 `CancelStatus` if it was running, 422 if it had finished.
#[tracing::instrument(skip_all, fields(operation = "sqlapi.cancel", statement_handle = %handle))]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    Path(handle): Path<String>,
    headers: HeaderMap,
) -> Response {
    let caller = match bearer::authenticate(&state, &headers) {
        Ok(caller) => caller,
        Err(rejection) => return errors::unauthorized(&headers, rejection),
    };
    let Some(entry) = state.statements.get(&handle, &caller.user) else {
        return errors::not_found(&headers, &handle);
    };
    if !entry.progress().is_running() {
        let body = json!({
            "code": NOT_EXECUTING,
            "sqlState": "01000",
            "message": "Identified SQL statement is not currently executing.",
            "statementHandle": entry.handle,
            "statementStatusUrl": super::status_url(&entry.handle),
        });
        return reply::json(&headers, StatusCode::UNPROCESSABLE_ENTITY, &body, None);
    }
    entry.cancel.cancel();
    // The runner drops the statement on the token; the engine's own cancel also reaches a
    // single statement (its query id is the handle) if it is between await points.
    state.engine.cancel(&entry.handle);
    entry.wait(SETTLE).await;
    tracing::info!("statement cancelled");
    let body = json!({
        "code": "000000",
        "sqlState": "00000",
        "message": "successfully canceled",
        "statementHandle": entry.handle,
        "statementStatusUrl": super::status_url(&entry.handle),
    });
    reply::json(&headers, StatusCode::OK, &body, None)
}
