//! The error type of snowapi-query.

use std::time::Duration;

use crate::wire::{Envelope, QueryResponseData};

/// Why a statement could not be run, or its result not read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// Snowflake refused or failed the statement and said why.
    #[error(
        "Snowflake error {code} (SQLSTATE {}, query id {}): {message}",
        sql_state.as_deref().unwrap_or("none"),
        query_id.as_deref().unwrap_or("none")
    )]
    Snowflake {
        /// Snowflake's error code, such as `002003` (object does not exist).
        code: String,
        /// The SQLSTATE, such as `42S02`, when Snowflake gave one.
        sql_state: Option<String>,
        /// Snowflake's explanation.
        message: String,
        /// The id of the failed statement, when one was assigned.
        query_id: Option<String>,
    },
    /// The SQL API v2 refused a request or failed a statement (HTTP 4xx/5xx), keeping what
    /// Snowflake said: the statement handle is the query id, and the request id identifies the
    /// submission for Snowflake support.
    #[error(
        "SQL API error {code} (HTTP {status}, SQLSTATE {}, query id {}, request id {}): {message}",
        sql_state.as_deref().unwrap_or("none"),
        query_id.as_deref().unwrap_or("none"),
        request_id.as_deref().unwrap_or("none")
    )]
    SqlApi {
        /// The HTTP status of the answer (422 for a failed statement, 408 for one that timed
        /// out).
        status: u16,
        /// Snowflake's error code, such as `002003`.
        code: String,
        /// The SQLSTATE, when Snowflake gave one.
        sql_state: Option<String>,
        /// Snowflake's explanation.
        message: String,
        /// The statement handle (the query id), when one was assigned.
        query_id: Option<String>,
        /// The request id of the submission, when known.
        request_id: Option<String>,
    },
    /// A result (rowset, chunk, Arrow stream) or a response body could not be decoded.
    #[error("cannot decode {what}: {detail}")]
    Decode {
        /// What was being decoded (a column, a chunk, the response envelope...).
        what: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A bind value or a set of binds cannot be sent.
    #[error("invalid bind {param}: {detail}")]
    Bind {
        /// The parameter: its 1-based position or its name.
        param: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A request could not be sent or its answer not read (DNS, TLS, reset, HTTP error status).
    #[error("could not reach Snowflake: {0}")]
    Transport(#[source] reqwest::Error),
    /// Snowflake answered in a way the protocol does not allow.
    #[error("unexpected answer from Snowflake: {0}")]
    Protocol(String),
    /// No credential could be obtained for the request.
    #[error(transparent)]
    Auth(#[from] snowapi_auth::AuthError),
    /// The statement was cancelled before it finished.
    #[error("query {} was cancelled", query_id.as_deref().unwrap_or("(no id yet)"))]
    Cancelled {
        /// The id of the cancelled statement, when one was assigned.
        query_id: Option<String>,
    },
    /// The statement did not finish within the time allowed.
    #[error(
        "query {} did not finish within {after:?}",
        query_id.as_deref().unwrap_or("(no id yet)")
    )]
    Timeout {
        /// The id of the statement, when one was assigned.
        query_id: Option<String>,
        /// The time allowed.
        after: Duration,
    },
}

impl QueryError {
    /// A [`QueryError::Decode`] from anything printable.
    pub fn decode(what: impl Into<String>, detail: impl std::fmt::Display) -> Self {
        Self::Decode {
            what: what.into(),
            detail: detail.to_string(),
        }
    }

    /// A [`QueryError::Bind`] about the parameter `param` (a position or a name).
    pub fn bind(param: impl std::fmt::Display, detail: impl Into<String>) -> Self {
        Self::Bind {
            param: param.to_string(),
            detail: detail.into(),
        }
    }

    /// The error of a `success: false` connector answer, keeping its code, SQLSTATE, query id
    /// and message (with `data.errorMessage` appended when it adds something).
    ///
    /// ```
    /// use snowapi_query::QueryError;
    /// use snowapi_query::wire::{Envelope, QueryResponseData};
    /// let answer: Envelope<QueryResponseData> = serde_json::from_str(
    ///     r#"{"success": false, "code": "002003", "message": "Object 'T' does not exist.",
    ///         "data": {"queryId": "01b2", "sqlState": "42S02"}}"#,
    /// )?;
    /// let error = QueryError::from_envelope(&answer);
    /// assert_eq!(error.code(), Some("002003"));
    /// assert_eq!(error.sql_state(), Some("42S02"));
    /// assert_eq!(error.query_id(), Some("01b2"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn from_envelope(answer: &Envelope<QueryResponseData>) -> Self {
        let data = answer.data.as_ref();
        let code = answer
            .code
            .clone()
            .or_else(|| data.and_then(|d| d.error_code.clone()))
            .unwrap_or_else(|| "unknown".to_owned());
        let mut message = answer.message.clone().unwrap_or_default();
        if let Some(extra) = data.and_then(|d| d.error_message.as_deref())
            && !extra.is_empty()
            && !message.contains(extra)
        {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(extra);
        }
        if message.is_empty() {
            message = "no message".to_owned();
        }
        Self::Snowflake {
            code,
            sql_state: data.and_then(|d| d.sql_state.clone()),
            message,
            query_id: data.and_then(|d| d.query_id.clone()),
        }
    }

    /// Snowflake's error code, for [`QueryError::Snowflake`].
    ///
    /// ```
    /// use snowapi_query::QueryError;
    /// let error = QueryError::Snowflake {
    ///     code: "002003".to_owned(),
    ///     sql_state: Some("42S02".to_owned()),
    ///     message: "Object 'T' does not exist or not authorized.".to_owned(),
    ///     query_id: Some("01b2c3d4-0000-1234-0000-000000000001".to_owned()),
    /// };
    /// assert_eq!(error.code(), Some("002003"));
    /// assert_eq!(error.sql_state(), Some("42S02"));
    /// ```
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Snowflake { code, .. } | Self::SqlApi { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The SQLSTATE Snowflake reported, for [`QueryError::Snowflake`].
    pub fn sql_state(&self) -> Option<&str> {
        match self {
            Self::Snowflake { sql_state, .. } | Self::SqlApi { sql_state, .. } => {
                sql_state.as_deref()
            }
            _ => None,
        }
    }

    /// The id of the statement the error is about, when known.
    pub fn query_id(&self) -> Option<&str> {
        match self {
            Self::Snowflake { query_id, .. }
            | Self::SqlApi { query_id, .. }
            | Self::Cancelled { query_id }
            | Self::Timeout { query_id, .. } => query_id.as_deref(),
            _ => None,
        }
    }

    /// The SQL API request id the error is about, for [`QueryError::SqlApi`].
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::SqlApi { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}
