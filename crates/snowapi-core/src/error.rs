//! The error type of snowapi-core, in the classes `snowflake.core` raises.

use std::time::Duration;

use snowapi_rest::RestError;

/// What Snowflake said about a request it refused or failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status of the answer.
    pub status: u16,
    /// Snowflake's error code, such as `002003`.
    pub code: Option<String>,
    /// SQLSTATE, when Snowflake gave one.
    pub sql_state: Option<String>,
    /// Snowflake's explanation.
    pub message: String,
    /// Snowflake's id of the request, for support.
    pub request_id: Option<String>,
    /// How long Snowflake asked to wait before trying again (`Retry-After`).
    pub retry_after: Option<Duration>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (HTTP {}, error code {}, request id {})",
            self.message,
            self.status,
            self.code.as_deref().unwrap_or("none"),
            self.request_id.as_deref().unwrap_or("none")
        )
    }
}

/// A failed resource operation.
///
/// The variants follow `snowflake.core`'s exception classes (`NotFoundError`, `ConflictError`,
/// `UnauthorizedError`, `ForbiddenError`, `ServerError`, `InvalidArgumentsError`,
/// `RetryTimeoutError`, …), so code ported from Python handles the same cases.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    /// The object does not exist, or the role may not see it (404).
    #[error("not found: {0}")]
    NotFound(Box<ApiError>),
    /// The object exists already, or is in a state that forbids the operation (409).
    #[error("conflict: {0}")]
    Conflict(Box<ApiError>),
    /// The request carried no valid credential (401).
    #[error("unauthorized: {0}")]
    Unauthorized(Box<ApiError>),
    /// The role may not do this (403).
    #[error("forbidden: {0}")]
    Forbidden(Box<ApiError>),
    /// Snowflake refused the arguments (400, 405, 422).
    #[error("invalid argument: {0}")]
    InvalidArgument(Box<ApiError>),
    /// Too many requests, after the retries allowed (429).
    #[error("too many requests: {0}")]
    TooManyRequests(Box<ApiError>),
    /// Snowflake failed or does not offer the operation (5xx).
    #[error("server error: {0}")]
    Server(Box<ApiError>),
    /// Any other refusal.
    #[error("API error: {0}")]
    Api(Box<ApiError>),
    /// A long-running operation did not finish within the time allowed to poll it.
    #[error("{operation} did not finish within {waited:?}; poll {location} to follow it")]
    RetryTimeout {
        /// What was waited for.
        operation: String,
        /// How long it was polled.
        waited: Duration,
        /// Where it can still be polled.
        location: String,
    },
    /// The arguments were refused before any request was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// Snowflake's answer did not have the shape of the API.
    #[error("invalid response: {0}")]
    InvalidResponse(String),
    /// The request could not be sent, or its answer not read.
    #[error(transparent)]
    Transport(Box<RestError>),
}

impl CoreError {
    /// What Snowflake said, when the error comes from one of its answers.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// if let Err(error) = root.databases().get("nope").fetch().await {
    ///     if let Some(api) = error.api() {
    ///         tracing::warn!(%api, "Snowflake refused");
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::NotFound(e)
            | Self::Conflict(e)
            | Self::Unauthorized(e)
            | Self::Forbidden(e)
            | Self::InvalidArgument(e)
            | Self::TooManyRequests(e)
            | Self::Server(e)
            | Self::Api(e) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// HTTP status of Snowflake's answer, when there was one.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let answer = root.warehouses().get("wh").fetch().await;
    /// let status = answer.err().and_then(|e| e.status());
    /// # Ok(()) }
    /// ```
    pub fn status(&self) -> Option<u16> {
        self.api().map(|e| e.status)
    }

    /// Snowflake's error code, when it gave one.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// match root.roles().get("ghost").drop().await {
    ///     Err(e) if e.code() == Some("002003") => println!("no such role"),
    ///     other => other?,
    /// }
    /// # Ok(()) }
    /// ```
    pub fn code(&self) -> Option<&str> {
        self.api().and_then(|e| e.code.as_deref())
    }

    /// Snowflake's id of the failed request, when known.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// if let Err(e) = root.users().get("jdoe").fetch().await {
    ///     tracing::error!(request_id = ?e.request_id(), "fetch failed: {e}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.api().and_then(|e| e.request_id.as_deref())
    }

    /// Whether the object was missing (so `drop_if_exists`-style callers can ignore it).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let exists = match root.databases().get("sales").fetch().await {
    ///     Ok(_) => true,
    ///     Err(e) if e.is_not_found() => false,
    ///     Err(e) => return Err(e),
    /// };
    /// # Ok(()) }
    /// ```
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound(_))
    }

    /// Whether trying again later may succeed: 429, 503 and 504 answers, and transport failures.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Self::TooManyRequests(_) => true,
            Self::Server(e) => matches!(e.status, 503 | 504),
            Self::Transport(e) => !matches!(
                e.as_ref(),
                RestError::InvalidConfig(_) | RestError::InvalidRequest(_) | RestError::Auth(_)
            ),
            _ => false,
        }
    }

    pub(crate) fn invalid_response(what: impl std::fmt::Display) -> Self {
        Self::InvalidResponse(what.to_string())
    }
}

impl From<RestError> for CoreError {
    fn from(error: RestError) -> Self {
        let retry_after = error.retry_after();
        match error {
            RestError::Api {
                status,
                code,
                sql_state,
                message,
                request_id,
                ..
            } => {
                let api = Box::new(ApiError {
                    status: status.as_u16(),
                    code,
                    sql_state,
                    message,
                    request_id,
                    retry_after,
                });
                match api.status {
                    404 => Self::NotFound(api),
                    409 => Self::Conflict(api),
                    401 => Self::Unauthorized(api),
                    403 => Self::Forbidden(api),
                    400 | 405 | 422 => Self::InvalidArgument(api),
                    429 => Self::TooManyRequests(api),
                    500..=599 => Self::Server(api),
                    _ => Self::Api(api),
                }
            }
            RestError::Decode { reason, .. } => Self::InvalidResponse(reason),
            RestError::InvalidRequest(reason) => Self::InvalidInput(reason),
            other => Self::Transport(Box::new(other)),
        }
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
            sql_state: None,
            message: "Database 'X' does not exist or not authorized.".into(),
            request_id: Some("req-1".into()),
            query_id: None,
            retry_after_secs: None,
        }
    }

    #[test]
    fn statuses_map_to_snowflake_core_classes() {
        assert!(matches!(CoreError::from(api(404)), CoreError::NotFound(_)));
        assert!(matches!(CoreError::from(api(409)), CoreError::Conflict(_)));
        assert!(matches!(
            CoreError::from(api(401)),
            CoreError::Unauthorized(_)
        ));
        assert!(matches!(CoreError::from(api(403)), CoreError::Forbidden(_)));
        assert!(matches!(
            CoreError::from(api(400)),
            CoreError::InvalidArgument(_)
        ));
        assert!(matches!(
            CoreError::from(api(429)),
            CoreError::TooManyRequests(_)
        ));
        assert!(matches!(CoreError::from(api(501)), CoreError::Server(_)));
        assert!(matches!(CoreError::from(api(418)), CoreError::Api(_)));
    }

    #[test]
    fn keeps_code_message_and_request_id() {
        let error = CoreError::from(api(404));
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.code(), Some("002003"));
        assert_eq!(error.request_id(), Some("req-1"));
        let text = error.to_string();
        assert!(text.contains("does not exist"), "{text}");
        assert!(text.contains("req-1"), "{text}");
    }

    #[test]
    fn only_overload_and_unavailability_are_transient() {
        assert!(CoreError::from(api(429)).is_transient());
        assert!(CoreError::from(api(503)).is_transient());
        assert!(!CoreError::from(api(500)).is_transient());
        assert!(!CoreError::from(api(404)).is_transient());
    }
}
