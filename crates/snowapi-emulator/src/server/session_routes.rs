//! `POST /session?delete=true` (logout) and `POST /session/heartbeat`.

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{auth, envelope, router::AppState};

/// With `delete=true`, forgets the caller's session (all its tokens) and cancels its running
/// statements. Works with an expired or replaced session token too; answers success even for
/// an unknown token (clients ignore logout errors).
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

/// Answers success for a live session (sessions are not extended: validity counts from login
/// or renewal); `390112` for an expired token, `390104` for an unknown one.
#[tracing::instrument(skip_all, fields(operation = "heartbeat", session_id = tracing::field::Empty))]
pub(crate) async fn heartbeat(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match auth::require(&state.sessions, &headers) {
        Ok(opened) => {
            tracing::Span::current().record("session_id", opened.session.id());
            envelope::success(json!({}))
        }
        Err(refused) => refused.into_response(),
    }
}
