//! The `Authorization: Snowflake Token="<token>"` header, and the session a request belongs to.

use std::sync::Arc;

use axum::{
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};

use super::{
    envelope,
    sessions::{Lookup, ServerSession, SessionTable},
};

/// The token of a `Snowflake Token="<token>"` authorization header, if the header has that shape.
pub(crate) fn token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let rest = value.strip_prefix("Snowflake")?.trim_start();
    let quoted = rest.strip_prefix("Token=")?;
    let token = quoted.strip_prefix('"')?.strip_suffix('"')?;
    (!token.is_empty()).then_some(token)
}

/// Code of a request whose token is missing or unknown: the client must log in again.
pub(crate) const UNKNOWN_SESSION: &str = "390104";
/// Code of a request whose session token has expired: the client renews it and retries.
pub(crate) const SESSION_EXPIRED: &str = "390112";

/// Why a request's session token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionRefusal {
    /// Missing, never issued, or of a closed session: `390104`, log in again.
    Unknown,
    /// Expired or replaced by renewal: `390112`, renew and retry.
    Expired,
}

impl IntoResponse for SessionRefusal {
    fn into_response(self) -> Response {
        match self {
            Self::Unknown => unknown_session(),
            Self::Expired => session_expired(),
        }
    }
}

/// The logged-in session of a request, or why it is refused (answer it with `into_response`).
pub(crate) fn require(
    sessions: &SessionTable,
    headers: &HeaderMap,
) -> Result<Arc<ServerSession>, SessionRefusal> {
    match token(headers).map(|t| sessions.lookup(t)) {
        Some(Lookup::Valid(opened)) => Ok(opened),
        Some(Lookup::Expired) => Err(SessionRefusal::Expired),
        Some(Lookup::Unknown) | None => Err(SessionRefusal::Unknown),
    }
}

/// The `390104` failure answered for a missing or unknown token.
pub(crate) fn unknown_session() -> Response {
    envelope::failure(
        UNKNOWN_SESSION,
        "User must login again to access the service.",
        serde_json::Value::Null,
    )
}

/// The `390112` failure answered for an expired session token.
pub(crate) fn session_expired() -> Response {
    envelope::failure(
        SESSION_EXPIRED,
        "Session token expired. Renew it with the master token.",
        serde_json::Value::Null,
    )
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn parses_the_snowflake_token_form_only() {
        assert_eq!(token(&with("Snowflake Token=\"abc\"")), Some("abc"));
        assert_eq!(token(&with("Snowflake Token=\"\"")), None);
        assert_eq!(token(&with("Bearer abc")), None);
        assert_eq!(token(&with("Snowflake Token=abc")), None);
        assert_eq!(token(&HeaderMap::new()), None);
    }
}
