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
}

/// The axum router of the connector endpoints.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/session/v1/login-request", post(login::login))
        .route("/queries/v1/query-request", post(query::query))
        .route("/session", post(session_routes::logout))
        .route("/session/heartbeat", post(session_routes::heartbeat))
        .with_state(state)
}
