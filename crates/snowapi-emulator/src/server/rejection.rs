//! Refusing a request before (or instead of) its handler: too large, unreadable, or a handler
//! that panicked. Connector endpoints must answer HTTP 200 with the envelope (clients retry or
//! fail on anything else, PROTOCOL.md 1.1); the REST-style surfaces (`/api/…`, `/oauth/…`,
//! result chunks, the admin endpoints) answer the real HTTP status with `{code, message}`.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

/// Whether `path` belongs to a surface that speaks HTTP statuses rather than the envelope.
pub(crate) fn is_rest_path(path: &str) -> bool {
    ["/api/", "/oauth/", "/chunks/", "/__emulator/"]
        .iter()
        .any(|prefix| path.starts_with(prefix) || path == prefix.trim_end_matches('/'))
}

/// The refusal of a request to `path`: a `success: false` envelope with HTTP 200 on connector
/// endpoints, `status` with `{"code", "message"}` elsewhere.
pub(crate) fn reject(path: &str, status: StatusCode, code: &str, message: &str) -> Response {
    if is_rest_path(path) {
        (status, Json(json!({"code": code, "message": message}))).into_response()
    } else {
        super::envelope::failure(code, message, Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_surfaces_are_told_apart_from_connector_endpoints() {
        assert!(is_rest_path("/api/v2/statements"));
        assert!(is_rest_path("/api/v2"));
        assert!(is_rest_path("/oauth/token-request"));
        assert!(is_rest_path("/__emulator/faults"));
        assert!(!is_rest_path("/queries/v1/query-request"));
        assert!(!is_rest_path("/session/v1/login-request"));
        assert!(!is_rest_path("/apiary"));
    }

    #[test]
    fn connector_refusals_are_http_200_envelopes() {
        let connector = reject(
            "/queries/v1/query-request",
            StatusCode::PAYLOAD_TOO_LARGE,
            "390400",
            "Request body too large",
        );
        assert_eq!(connector.status(), StatusCode::OK);
        let rest = reject(
            "/api/v2/statements",
            StatusCode::PAYLOAD_TOO_LARGE,
            "390400",
            "Request body too large",
        );
        assert_eq!(rest.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
