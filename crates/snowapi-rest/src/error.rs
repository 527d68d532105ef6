//! The error type of snowapi-rest: what went wrong, with everything Snowflake said about it.

use progenitor_client::Error as GeneratedError;
use reqwest::{StatusCode, header::LOCATION};
use serde::Serialize;
use serde_json::Value;

use crate::hooks::REQUEST_ID;

/// A failed REST API v2 or SQL API v2 call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RestError {
    /// Snowflake refused or failed the request and said why.
    #[error(
        "Snowflake answered {status}: {message} (error code {}, request id {})",
        code.as_deref().unwrap_or("none"),
        request_id.as_deref().unwrap_or("none")
    )]
    Api {
        /// HTTP status of the answer.
        status: StatusCode,
        /// Snowflake's error code, such as `002003`.
        code: Option<String>,
        /// SQLSTATE, when the failure came from a SQL statement.
        sql_state: Option<String>,
        /// Snowflake's explanation.
        message: String,
        /// Snowflake's id of the request, for support.
        request_id: Option<String>,
        /// Id of the statement that failed, for SQL API calls.
        query_id: Option<String>,
        /// How many seconds Snowflake asked callers to wait before trying again
        /// (`Retry-After`, on 429 and 503 answers); see [`RestError::retry_after`].
        retry_after_secs: Option<u16>,
    },
    /// An answer whose status the API does not declare (a redirect, or a `202 Accepted` read by a
    /// caller that does not poll).
    #[error(
        "unexpected answer {status} (request id {})",
        request_id.as_deref().unwrap_or("none")
    )]
    UnexpectedStatus {
        /// HTTP status of the answer.
        status: StatusCode,
        /// Snowflake's id of the request.
        request_id: Option<String>,
        /// The `Location` header, if the answer had one.
        location: Option<String>,
    },
    /// A success answer whose body does not have the documented shape.
    #[error("an answer has a body that does not match the API: {reason}")]
    Decode {
        /// HTTP status of the answer, when known.
        status: Option<StatusCode>,
        /// What did not match.
        reason: String,
    },
    /// The request could not be sent or its answer not read (DNS, TLS, timeout, reset).
    #[error("could not reach Snowflake: {0}")]
    Transport(#[source] reqwest::Error),
    /// The arguments could not make a valid request.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The request could not be authenticated (the token provider failed).
    #[error("{0}")]
    Auth(String),
    /// The client's settings are unusable.
    #[error("invalid client configuration: {0}")]
    InvalidConfig(String),
}

impl RestError {
    /// HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. } | Self::UnexpectedStatus { status, .. } => Some(*status),
            Self::Decode { status, .. } => *status,
            Self::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// Snowflake's error code, when Snowflake gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// Snowflake's id of the request, when known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. } | Self::UnexpectedStatus { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// How long Snowflake asked to wait before a retry, when it said (`Retry-After`).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Self::Api {
                retry_after_secs, ..
            } => retry_after_secs.map(|secs| std::time::Duration::from_secs(secs.into())),
            _ => None,
        }
    }

    /// The error a generated call reported, with the body's fields lifted out.
    pub(crate) fn from_api_body(
        status: StatusCode,
        header_request_id: Option<String>,
        retry_after_secs: Option<u16>,
        body: &Value,
    ) -> Self {
        let text = |keys: &[&str]| {
            keys.iter().find_map(|key| match body.get(*key) {
                Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            })
        };
        Self::Api {
            status,
            // `error_code` is the older name of `code`; Snowflake's own clients read it first.
            code: text(&["error_code", "code"]),
            sql_state: text(&["sqlState"]),
            message: text(&["message"])
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("no message").to_owned()),
            request_id: text(&["request_id", "requestId"]).or(header_request_id),
            query_id: text(&["statementHandle"]),
            retry_after_secs,
        }
    }
}

pub(crate) fn header_text(
    headers: &reqwest::header::HeaderMap,
    name: impl reqwest::header::AsHeaderName,
) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `Retry-After` in its delay-seconds form; the HTTP-date form is rare from Snowflake and a
/// caller that cannot read it falls back on its own backoff.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<u16> {
    header_text(headers, reqwest::header::RETRY_AFTER).and_then(|text| text.trim().parse().ok())
}

impl<E: Serialize> From<GeneratedError<E>> for RestError {
    fn from(error: GeneratedError<E>) -> Self {
        match error {
            GeneratedError::ErrorResponse(response) => {
                let status = response.status();
                let request_id = header_text(response.headers(), REQUEST_ID);
                let retry_after = retry_after(response.headers());
                let body = serde_json::to_value(response.into_inner()).unwrap_or(Value::Null);
                Self::from_api_body(status, request_id, retry_after, &body)
            }
            GeneratedError::UnexpectedResponse(response) => Self::UnexpectedStatus {
                status: response.status(),
                request_id: header_text(response.headers(), REQUEST_ID),
                location: header_text(response.headers(), LOCATION),
            },
            GeneratedError::InvalidResponsePayload(body, error) => Self::Decode {
                // Progenitor keeps no status with an undecodable payload.
                status: None,
                reason: format!("{error} ({} bytes)", body.len()),
            },
            GeneratedError::CommunicationError(e)
            | GeneratedError::InvalidUpgrade(e)
            | GeneratedError::ResponseBodyError(e) => Self::Transport(e),
            GeneratedError::InvalidRequest(message) => Self::InvalidRequest(message),
            GeneratedError::Custom(message) => Self::Auth(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

    use super::retry_after;

    #[test]
    fn retry_after_reads_delay_seconds_and_ignores_dates() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static(" 7 "));
        assert_eq!(retry_after(&headers), Some(7));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2026 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), None);
    }
}
