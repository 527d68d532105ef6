//! Who calls a REST endpoint, and the engine session its statements run in.
//!
//! Every request authenticates on its own (`bearer::authenticate`: a connector session token or
//! a bearer JWT/OAuth/PAT token) and gets a fresh engine session of its user, so REST calls
//! never change the connector session's USE context. A connector session token also lends its
//! session's current role, so REST calls act with the role the connection uses, and is kept
//! (`connector_session`) for the few calls that act on the connection itself (`:use`).

use std::sync::Arc;

use axum::{extract::FromRequestParts, http::request::Parts};
use serde_json::{Map, Value};

use super::{error::RestError, show_rows};
use crate::{
    engine::{QueryResult, Session},
    server::{
        auth,
        bearer::{self, CredentialKind},
        router::AppState,
        sessions::{Lookup, ServerSession},
    },
    sql::binds::Binds,
};

/// An authenticated REST caller with its own engine session.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The user's canonical name.
    pub(crate) user: String,
    session: Arc<Session>,
    connector: Option<Arc<ServerSession>>,
}

impl Caller {
    /// Authenticates the request's headers and opens the caller's engine session.
    pub(crate) fn authenticate(
        state: &AppState,
        headers: &axum::http::HeaderMap,
    ) -> Result<Self, RestError> {
        let who = bearer::authenticate(state, headers).map_err(|rejection| {
            tracing::debug!(?rejection, "REST caller refused");
            RestError::from(rejection)
        })?;
        let session = who.open_session(&state.engine);
        let mut connector = None;
        if who.kind == CredentialKind::SessionToken
            && let Some(token) = auth::token(headers)
            && let Lookup::Valid(opened) = state.sessions.lookup(token)
        {
            let role = opened.session.state().role;
            session.update(|s| s.role = role);
            connector = Some(opened);
        }
        Ok(Self {
            user: who.user,
            session: Arc::new(session),
            connector,
        })
    }

    /// Runs one SQL statement in the caller's session.
    pub(crate) async fn sql(&self, sql: &str) -> Result<QueryResult, RestError> {
        // Only the leading keywords: statements built from bodies may carry passwords or keys.
        let kind: String = sql.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        tracing::debug!(session_id = self.session.id(), statement = %kind, "REST statement");
        self.session
            .execute(sql, &Binds::none())
            .await
            .map_err(|error| {
                tracing::debug!(code = error.code(), %error, "REST statement failed");
                RestError::from(error)
            })
    }

    /// Runs one SQL statement and returns its rows as JSON objects keyed by lower-case column
    /// name (see [`show_rows::rows`]).
    pub(crate) async fn sql_rows(&self, sql: &str) -> Result<Vec<Map<String, Value>>, RestError> {
        let result = self.sql(sql).await?;
        show_rows::rows(&result)
    }

    /// The engine session statements run in.
    pub(crate) fn session(&self) -> &Arc<Session> {
        &self.session
    }

    /// The connector session whose token authenticated the call (none for bearer tokens).
    pub(crate) fn connector_session(&self) -> Option<&Session> {
        self.connector.as_deref().map(|opened| &opened.session)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = RestError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Self::authenticate(state, &parts.headers)
    }
}
