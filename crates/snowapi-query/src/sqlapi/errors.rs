//! SQL API failures as [`QueryError`]s, and which of them are worth another attempt.

use snowapi_rest::RestError;

use crate::error::QueryError;
use crate::retry::is_retryable_status;

/// HTTP 408 on the SQL API: the statement ran past its `timeout` and was cancelled. Not a
/// transient failure, unlike a 408 anywhere else.
const STATEMENT_TIMED_OUT: u16 = 408;

/// A generated call's error as a [`QueryError`], keeping Snowflake's code, SQLSTATE, message
/// and statement handle; `request_id` fills in when the answer named none.
pub(crate) fn from_rest(error: RestError, request_id: Option<&str>) -> QueryError {
    match error {
        RestError::Api {
            status,
            code,
            sql_state,
            message,
            request_id: answered,
            query_id,
            ..
        } => QueryError::SqlApi {
            status: status.as_u16(),
            code: code.unwrap_or_else(|| status.as_u16().to_string()),
            sql_state,
            message,
            query_id,
            request_id: answered.or_else(|| request_id.map(str::to_owned)),
        },
        RestError::Transport(error) => QueryError::Transport(error),
        RestError::Decode { reason, .. } => QueryError::decode("SQL API answer", reason),
        RestError::Auth(reason) => QueryError::Protocol(format!("no credential: {reason}")),
        other => QueryError::Protocol(other.to_string()),
    }
}

/// Whether a failed attempt may succeed when sent again: a broken or cut-short answer, or
/// HTTP 429 / 5xx (never the SQL API's 408, which is a statement timeout).
pub(crate) fn is_transient(error: &RestError) -> bool {
    match error {
        RestError::Transport(_) => true,
        // The body did not parse: with a good status, a truncated answer.
        RestError::Decode { status, .. } => status.is_none_or(|s| s.is_success()),
        RestError::Api { status, .. } | RestError::UnexpectedStatus { status, .. } => {
            let status = status.as_u16();
            status != STATEMENT_TIMED_OUT && is_retryable_status(status)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;

    use super::*;

    fn api(status: u16) -> RestError {
        RestError::Api {
            status: StatusCode::from_u16(status).unwrap(),
            code: Some("002003".into()),
            sql_state: Some("42S02".into()),
            message: "no such table".into(),
            request_id: None,
            query_id: Some("h".into()),
            retry_after_secs: None,
        }
    }

    #[test]
    fn statement_failures_keep_their_fields_and_are_final() {
        assert!(!is_transient(&api(422)));
        assert!(!is_transient(&api(408)));
        assert!(is_transient(&api(503)) && is_transient(&api(429)));
        let error = from_rest(api(422), Some("r-1"));
        assert_eq!(error.code(), Some("002003"));
        assert_eq!(error.sql_state(), Some("42S02"));
        assert_eq!(error.query_id(), Some("h"));
        assert_eq!(error.request_id(), Some("r-1"));
    }
}
