//! The routes of the connector protocol and the state they share.

use std::sync::Arc;

use axum::{Router, routing::post};

use super::{config::ServerConfig, login, query, session_routes, sessions::SessionTable};
use crate::engine::Engine;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    /// The engine statements run on.
    pub(crate) engine: Engine,
    /// Logged-in sessions.
    pub(crate) sessions: Arc<SessionTable>,
    /// The builder's settings.
    pub(crate) config: Arc<ServerConfig>,
    /// Encoded chunks of large results, served by `GET /chunks/{id}/{n}`.
    pub(crate) chunks: Arc<super::chunks::ChunkStore>,
    /// SQL API statements by handle.
    pub(crate) statements: Arc<super::sqlapi::Statements>,
    /// Connector query answers' extras and recent request ids.
    pub(crate) query_store: Arc<super::responses::QueryStore>,
}

/// The axum router of the connector endpoints.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/session/v1/login-request", post(login::login))
        .route("/queries/v1/query-request", post(query::query))
        .route(
            "/queries/{query_id}/result",
            axum::routing::get(super::responses::result),
        )
        .route(
            "/queries/{query_id}/abort-request",
            post(super::abort::by_query_id),
        )
        .route(
            "/queries/v1/abort-request",
            post(super::abort::by_request_id),
        )
        .route(
            "/monitoring/queries/{query_id}",
            axum::routing::get(super::monitoring::status),
        )
        .route("/telemetry/send", post(super::telemetry::send))
        .route("/chunks/{id}/{n}", axum::routing::get(super::chunks::chunk))
        .route("/session", post(session_routes::logout))
        .route("/session/heartbeat", post(session_routes::heartbeat))
        .route(
            "/session/token-request",
            post(super::token_request::token_request),
        )
        .route("/oauth/token-request", post(super::oauth::token_request))
        .route("/api/v2/statements", post(super::sqlapi::submit))
        .route(
            "/api/v2/statements/{handle}",
            axum::routing::get(super::sqlapi::status),
        )
        .route(
            "/api/v2/statements/{handle}/cancel",
            post(super::sqlapi::cancel),
        )
        .merge(super::rest::routes(state.clone()))
        .with_state(state)
}
