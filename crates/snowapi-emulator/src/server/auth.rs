//! The `Authorization: Snowflake Token="<token>"` header.

use axum::http::{HeaderMap, header};

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

/// The logged-in session of a request, if its token is known.
pub(crate) fn session(
    sessions: &super::sessions::SessionTable,
    headers: &HeaderMap,
) -> Option<std::sync::Arc<super::sessions::ServerSession>> {
    token(headers).and_then(|t| sessions.get(t))
}

/// The `390104` failure answered for a missing or unknown token.
pub(crate) fn unknown_session() -> axum::response::Response {
    super::envelope::failure(
        UNKNOWN_SESSION,
        "User must login again to access the service.",
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
