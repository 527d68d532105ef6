//! The errors of REST API v2: an HTTP status and the `{error_code, code, message, request_id}`
//! body Snowflake answers with every 4xx and 5xx.
//!
//! The request id is only known to the layer in `mod.rs` that stamps every REST response, so a
//! `RestError` answers its body without it and leaves a copy of itself in the response's
//! extensions; that layer writes the final body with the id.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use crate::error::{EmulatorError, ErrorKind};

/// Code of a request the server cannot read (bad JSON, bad parameter).
pub(crate) const BAD_REQUEST_CODE: &str = "390400";
/// Code of a request without valid credentials.
pub(crate) const UNAUTHORIZED_CODE: &str = "390303";
/// Code of a request without credentials at all.
pub(crate) const NO_CREDENTIALS_CODE: &str = "390101";
/// Code of expired credentials; `snowflake.core` renews its session token when it sees it.
pub(crate) const EXPIRED_CODE: &str = "390112";

/// A failed REST request: what status and body it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RestError {
    /// The HTTP status.
    pub(crate) status: StatusCode,
    /// Snowflake's error code (`002003`).
    pub(crate) code: String,
    /// Human-readable explanation.
    pub(crate) message: String,
}

impl RestError {
    /// An error with the given parts.
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// 404: `<kind> '<name>' does not exist or not authorized.`
    pub(crate) fn not_found(kind: &str, name: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorKind::ObjectNotFound.code(),
            format!("{kind} '{name}' does not exist or not authorized."),
        )
    }

    /// 409: `<kind> '<name>' already exists.`
    pub(crate) fn conflict(kind: &str, name: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            ErrorKind::AlreadyExists.code(),
            format!("{kind} '{name}' already exists."),
        )
    }

    /// 400 with `message`.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, BAD_REQUEST_CODE, message)
    }

    /// 401 for credentials that do not verify.
    pub(crate) fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            UNAUTHORIZED_CODE,
            "Invalid access token.",
        )
    }

    /// 403 with `message`.
    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            ErrorKind::InsufficientPrivileges.code(),
            message,
        )
    }

    /// 500 for a failure inside the emulator.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorKind::Internal.code(),
            message,
        )
    }

    /// The JSON body, with `request_id` when known.
    pub(crate) fn body(&self, request_id: Option<&str>) -> Value {
        json!({
            "error_code": self.code,
            "code": self.code,
            "message": self.message,
            "request_id": request_id,
        })
    }
}

impl std::fmt::Display for RestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl From<super::super::bearer::Rejection> for RestError {
    fn from(rejection: super::super::bearer::Rejection) -> Self {
        use super::super::bearer::Rejection;
        match rejection {
            Rejection::Missing => Self::new(
                StatusCode::UNAUTHORIZED,
                NO_CREDENTIALS_CODE,
                "Authorization header not found in the request data.",
            ),
            Rejection::Expired => Self::new(
                StatusCode::UNAUTHORIZED,
                EXPIRED_CODE,
                "Session token expired. Renew it with the master token.",
            ),
            Rejection::Invalid => Self::unauthorized(),
        }
    }
}

impl From<EmulatorError> for RestError {
    fn from(error: EmulatorError) -> Self {
        Self::from(&error)
    }
}

impl From<&EmulatorError> for RestError {
    fn from(error: &EmulatorError) -> Self {
        let status = match error.kind() {
            ErrorKind::ObjectNotFound
            | ErrorKind::ObjectNotFoundForOperation
            | ErrorKind::StatementNotFound
            | ErrorKind::NoCurrentDatabase => StatusCode::NOT_FOUND,
            ErrorKind::AlreadyExists | ErrorKind::ColumnAlreadyExists => StatusCode::CONFLICT,
            ErrorKind::InvalidObjectState | ErrorKind::InvalidState => StatusCode::CONFLICT,
            ErrorKind::InsufficientPrivileges => return Self::forbidden(error.to_string()),
            ErrorKind::Unsupported => StatusCode::NOT_IMPLEMENTED,
            ErrorKind::Cancelled | ErrorKind::StatementTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            // Everything else is a statement the request's input made invalid.
            _ => StatusCode::BAD_REQUEST,
        };
        Self::new(status, error.code(), error.to_string())
    }
}

impl IntoResponse for RestError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::warn!(status = self.status.as_u16(), code = %self.code, message = %self.message, "REST request failed");
        } else {
            tracing::debug!(status = self.status.as_u16(), code = %self.code, "REST request refused");
        }
        let mut response = (self.status, Json(self.body(None))).into_response();
        response.extensions_mut().insert(self);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_map_to_statuses() {
        let cases = [
            (EmulatorError::not_found("Database", "X"), 404),
            (
                EmulatorError::new(ErrorKind::ObjectNotFoundForOperation, "gone"),
                404,
            ),
            (EmulatorError::already_exists("Object", "X"), 409),
            (EmulatorError::new(ErrorKind::SyntaxError, "bad"), 400),
            (EmulatorError::internal("boom"), 500),
        ];
        for (error, status) in cases {
            let rest = RestError::from(&error);
            assert_eq!(rest.status.as_u16(), status, "{error}");
            assert_eq!(rest.code, error.code());
        }
        let body = RestError::not_found("Database", "D").body(Some("r1"));
        assert_eq!(body["error_code"], "002003");
        assert_eq!(body["code"], "002003");
        assert_eq!(body["request_id"], "r1");
    }
}
