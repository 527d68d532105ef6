//! `POST /session?delete=true` (logout) and `POST /session/heartbeat`.

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::Response,
};
use serde_json::{Value, json};

use super::{auth, envelope, router::AppState};

/// With `delete=true`, forgets the caller's token and cancels its running statements. Answers
/// success even for an unknown token (clients ignore logout errors).
#[tracing::instrument(skip_all, fields(operation = "logout"))]
pub(crate) async fn logout(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let delete = params
        .get("delete")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if !delete {
        return envelope::failure(
            envelope::BAD_REQUEST,
            "Unsupported session request.",
            Value::Null,
        );
    }
    if let Some(closed) = auth::token(&headers).and_then(|t| state.sessions.close(t)) {
        closed.session.cancel_all();
        tracing::info!(session_id = closed.session.id(), "logged out");
    }
    envelope::success(Value::Null)
}

/// Keeps the caller's session alive (sessions do not expire in this slice); `390104` for an
/// unknown token.
#[tracing::instrument(skip_all, fields(operation = "heartbeat"))]
pub(crate) async fn heartbeat(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match auth::session(&state.sessions, &headers) {
        Some(_) => envelope::success(json!({})),
        None => auth::unknown_session(),
    }
}
