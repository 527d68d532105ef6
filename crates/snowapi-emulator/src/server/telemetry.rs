//! `POST /telemetry/send` (PROTOCOL.md 1.8): client logs, accepted and dropped.

use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde_json::json;

use super::{envelope, query, router::AppState};

/// Answers `{"success": true, "data": "Log Received"}` to an authenticated caller; the body is
/// not read (it is the client's own tracing, of no use to the emulator).
#[tracing::instrument(skip_all, fields(operation = "telemetry"))]
pub(crate) async fn send(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match query::caller(&state, &headers) {
        Ok(_) => envelope::success(json!("Log Received")),
        Err(refused) => refused.into_response(),
    }
}
