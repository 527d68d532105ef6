//! What the SQL API answers when a request or a statement fails: the HTTP status and the
//! `{code, sqlState, message, …}` body our generated client decodes as `QueryFailureStatus`.

use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::reply;
use crate::{
    error::{EmulatorError, ErrorKind},
    server::bearer::Rejection,
};

/// Code of a request body that cannot be read (not JSON, missing `statement`, bad bindings).
pub(crate) const BAD_REQUEST: &str = "390400";
/// Code of a statement handle that is unknown (or belongs to another user).
pub(crate) const STATEMENT_NOT_FOUND: &str = "000709";
/// Code of a statement count that differs from `multi_statement_count`.
pub(crate) const STATEMENT_COUNT_MISMATCH: &str = "000008";
/// Code of a statement the SQL API refuses (PUT, USE, ALTER SESSION, …).
pub(crate) const UNSUPPORTED_STATEMENT: &str = "000002";
/// Code of a statement that ran past the request's `timeout`.
pub(crate) const STATEMENT_TIMEOUT: &str = "000630";
/// Code of a cancel request for a statement that is not running.
pub(crate) const NOT_EXECUTING: &str = "000605";

/// A failed statement: Snowflake's code, SQLSTATE and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// Snowflake's error code (`002003`).
    pub(crate) code: String,
    /// The SQLSTATE (`42S02`).
    pub(crate) sql_state: String,
    /// The message.
    pub(crate) message: String,
}

impl Failure {
    /// A failure with the given parts.
    pub(crate) fn new(code: &str, sql_state: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            sql_state: sql_state.to_owned(),
            message: message.into(),
        }
    }

    /// The request's `timeout` ran out: Snowflake's 000630.
    pub(crate) fn timed_out(seconds: u64) -> Self {
        Self::new(
            STATEMENT_TIMEOUT,
            "57014",
            format!(
                "Statement reached its statement or warehouse timeout of {seconds} second(s) and was canceled."
            ),
        )
    }

    /// The statement was cancelled: Snowflake's 000604.
    pub(crate) fn cancelled() -> Self {
        Self::from(&EmulatorError::new(
            ErrorKind::Cancelled,
            "SQL execution canceled",
        ))
    }

    /// Whether this is the failure of a statement that ran out of time.
    pub(crate) fn is_timeout(&self) -> bool {
        self.code == STATEMENT_TIMEOUT
    }
}

impl From<&EmulatorError> for Failure {
    fn from(error: &EmulatorError) -> Self {
        Self::new(error.code(), error.sql_state(), error.to_string())
    }
}

/// A `{code, message}` answer with `status`: for requests that never became a statement.
pub(crate) fn plain(
    headers: &HeaderMap,
    status: StatusCode,
    code: &str,
    message: &str,
) -> axum::response::Response {
    reply::json(
        headers,
        status,
        &json!({"code": code, "message": message}),
        None,
    )
}

/// The 401 of a request whose credentials were refused. The message never says more than the
/// kind of refusal.
pub(crate) fn unauthorized(headers: &HeaderMap, rejection: Rejection) -> axum::response::Response {
    let (code, message) = match rejection {
        Rejection::Missing => (
            "390101",
            "Authorization header not found in the request data.",
        ),
        Rejection::Expired => ("390318", "The access token has expired."),
        _ => ("390303", "Invalid access token."),
    };
    plain(headers, StatusCode::UNAUTHORIZED, code, message)
}

/// The 404 of an unknown statement handle (also for another user's handle, so as not to reveal
/// that it exists).
pub(crate) fn not_found(headers: &HeaderMap, handle: &str) -> axum::response::Response {
    plain(
        headers,
        StatusCode::NOT_FOUND,
        STATEMENT_NOT_FOUND,
        &format!("Statement {handle} not found."),
    )
}

/// The body of a 422 (or 408) for a failed statement.
pub(crate) fn failure_body(failure: &Failure, handle: &str, created_on: i64) -> Value {
    json!({
        "code": failure.code,
        "sqlState": failure.sql_state,
        "message": failure.message,
        "statementHandle": handle,
        "createdOn": created_on,
        "statementStatusUrl": super::status_url(handle),
    })
}
