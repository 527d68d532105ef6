//! Who calls the stateless APIs (SQL API v2, REST API v2): `Authorization: Bearer <token>` with
//! `X-Snowflake-Authorization-Token-Type` (KEYPAIR_JWT, OAUTH, PROGRAMMATIC_ACCESS_TOKEN), or the
//! session token of a connector login (`Snowflake Token="…"`).

use axum::http::HeaderMap;

use super::router::AppState;

/// How a caller proved who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CredentialKind {
    /// The session token of a connector login.
    SessionToken,
    /// A key-pair JWT (`KEYPAIR_JWT`).
    KeypairJwt,
    /// An access token the emulator's OAuth endpoint issued (`OAUTH`).
    OAuth,
    /// A programmatic access token (`PROGRAMMATIC_ACCESS_TOKEN`).
    ProgrammaticAccessToken,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The user's canonical name.
    pub(crate) user: String,
    /// How it authenticated.
    pub(crate) kind: CredentialKind,
    /// The connector session, when it authenticated with a session token.
    pub(crate) session: Option<std::sync::Arc<super::sessions::ServerSession>>,
}

/// Why a caller was turned away; the message a 401 body carries never says more than this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// No Authorization header, or one of an unknown scheme.
    Missing,
    /// A token that does not verify (forged, wrong account, unknown user, bad type).
    Invalid,
    /// A token that verified but has expired.
    Expired,
}

/// Authenticates the caller of a stateless API request.
pub(crate) fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Caller, Rejection> {
    if let Some(token) = super::auth::token(headers) {
        let opened = state.sessions.get(token).ok_or(Rejection::Invalid)?;
        let user = opened.session.state().user;
        return Ok(Caller {
            user,
            kind: CredentialKind::SessionToken,
            session: Some(opened),
        });
    }
    Err(Rejection::Missing)
}
