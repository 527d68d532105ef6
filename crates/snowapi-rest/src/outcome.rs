//! Telling a finished operation (200) from one Snowflake goes on with in the background (202).
//!
//! Specs never declare 202 (see `openapi/README.md`), so a generated call reports it as
//! `Error::UnexpectedResponse`; this module reads that answer's `Location` header and body into
//! an [`Accepted`] handle that a caller can poll. The polling itself lives above this crate.

use progenitor_client::{Error as GeneratedError, ResponseValue};
use reqwest::{
    StatusCode,
    header::{HeaderMap, LOCATION},
};
use serde::{Deserialize, Serialize};

use crate::{RestError, error::header_text, hooks::REQUEST_ID};

/// How a call that may run long ended.
#[derive(Debug)]
pub enum Outcome<T> {
    /// The operation finished; here is its answer.
    Done(ResponseValue<T>),
    /// The operation goes on; poll [`Accepted::location`] until it answers 200.
    Accepted(Accepted),
}

impl<T> Outcome<T> {
    /// The finished answer's body, or `None` when the operation is still going on.
    pub fn done(self) -> Option<T> {
        match self {
            Self::Done(value) => Some(value.into_inner()),
            Self::Accepted(_) => None,
        }
    }
}

/// A `202 Accepted` answer: where to poll for the outcome of the operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    /// Path to `GET` for the outcome, relative to the base URL (`/api/v2/results/<handle>`).
    pub location: String,
    /// Opaque handle of the operation (`resultHandler`, or a SQL API `statementHandle`).
    pub result_handler: Option<String>,
    /// Snowflake's status code of the pending operation (`392604`).
    pub code: Option<String>,
    /// Snowflake's status text.
    pub message: Option<String>,
    /// Snowflake's id of the request that started the operation.
    pub request_id: Option<String>,
}

/// The body of a 202, as Snowflake sends it: the REST API names a `resultHandler`, the SQL API a
/// `statementHandle` and the URL of its status.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct AcceptedBody {
    code: Option<String>,
    message: Option<String>,
    result_handler: Option<String>,
    statement_handle: Option<String>,
    statement_status_url: Option<String>,
}

impl Accepted {
    /// Reads a 202 answer. A 202 that says nowhere to poll is an error, as in Snowflake's clients.
    pub async fn from_response(response: reqwest::Response) -> Result<Self, RestError> {
        let headers: HeaderMap = response.headers().clone();
        let status = response.status();
        let bytes = response.bytes().await.map_err(RestError::Transport)?;
        let body: Option<AcceptedBody> = serde_json::from_slice(&bytes).ok();
        let body = body.unwrap_or_default();
        // Where each API polls: REST operations under /results, SQL statements under /statements.
        let derived = match (&body.result_handler, &body.statement_handle) {
            (Some(handle), _) => Some(format!("/api/v2/results/{handle}")),
            (None, Some(handle)) => Some(format!("/api/v2/statements/{handle}")),
            (None, None) => None,
        };
        let (code, message) = (body.code, body.message);
        let result_handler = body.result_handler.or(body.statement_handle);
        let location = header_text(&headers, LOCATION)
            .or(body.statement_status_url)
            .or(derived)
            .ok_or_else(|| RestError::Decode {
                status: Some(status),
                reason: "202 Accepted naming nowhere to poll (no Location, status URL or handle)"
                    .into(),
            })?;
        if !location.starts_with('/') {
            return Err(RestError::Decode {
                status: Some(status),
                reason: format!("202 Accepted with a Location that is not a path: `{location}`"),
            });
        }
        Ok(Self {
            location,
            result_handler,
            code,
            message,
            request_id: header_text(&headers, REQUEST_ID),
        })
    }
}

/// Turns the result of a generated call into an [`Outcome`], keeping every other error.
///
/// ```no_run
/// # async fn demo(rest: snowapi_rest::RestClient) -> Result<(), Box<dyn std::error::Error>> {
/// use snowapi_rest::{Outcome, database, outcome};
/// let client: database::Client = rest.api();
/// let body: database::types::Database = serde_json::from_value(serde_json::json!({"name": "MY_DB"}))?;
/// match outcome(client.create_database(None, None, &body).await).await? {
///     Outcome::Done(answer) => assert!(answer.status().is_success()),
///     Outcome::Accepted(accepted) => tracing::info!("poll {}", accepted.location),
/// }
/// # Ok(()) }
/// ```
pub async fn outcome<T, E: Serialize>(
    result: Result<ResponseValue<T>, GeneratedError<E>>,
) -> Result<Outcome<T>, RestError> {
    match result {
        Ok(value) => Ok(Outcome::Done(value)),
        Err(GeneratedError::UnexpectedResponse(response))
            if response.status() == StatusCode::ACCEPTED =>
        {
            Ok(Outcome::Accepted(Accepted::from_response(response).await?))
        }
        Err(error) => Err(error.into()),
    }
}
