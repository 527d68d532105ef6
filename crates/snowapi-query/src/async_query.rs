//! Asynchronous statements: submit now, check and collect later, possibly from another process
//! (PROTOCOL §2.5–§2.7, §2.9).

use std::fmt;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::connection::{Call, Connection};
use crate::error::QueryError;
use crate::result::QueryResult;
use crate::retry::backoff;
use crate::statement::Statement;
use crate::wire::lenient;

/// The first and the longest pause between two status checks in [`AsyncQuery::wait`].
const FIRST_CHECK: Duration = Duration::from_millis(25);
const LONGEST_CHECK: Duration = Duration::from_secs(2);

/// The serializable identity of a submitted statement: store it, send it to another process,
/// and resume with [`Connection::handle`].
///
/// ```
/// use snowapi_query::QueryHandle;
/// let handle = QueryHandle::new("01b2c3d4-0000-1234-0000-000000000001");
/// let json = serde_json::to_string(&handle).unwrap();
/// assert_eq!(json, r#"{"query_id":"01b2c3d4-0000-1234-0000-000000000001"}"#);
/// assert_eq!(serde_json::from_str::<QueryHandle>(&json).unwrap(), handle);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QueryHandle {
    /// The statement's query id.
    pub query_id: String,
}

impl QueryHandle {
    /// The handle of a query id.
    pub fn new(query_id: impl Into<String>) -> Self {
        Self {
            query_id: query_id.into(),
        }
    }
}

impl From<String> for QueryHandle {
    fn from(query_id: String) -> Self {
        Self::new(query_id)
    }
}

impl From<&str> for QueryHandle {
    fn from(query_id: &str) -> Self {
        Self::new(query_id)
    }
}

/// The state of a statement, as the monitoring endpoint names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QueryStatus {
    /// `RUNNING`.
    Running,
    /// `QUEUED`.
    Queued,
    /// `RESUMING_WAREHOUSE`.
    ResumingWarehouse,
    /// `QUEUED_REPARING_WAREHOUSE` (Snowflake's spelling).
    QueuedRepairingWarehouse,
    /// `BLOCKED`.
    Blocked,
    /// `NO_DATA`: nothing known yet.
    NoData,
    /// `SUCCESS`.
    Success,
    /// `RESTARTED`.
    Restarted,
    /// `ABORTING`.
    Aborting,
    /// `ABORTED`.
    Aborted,
    /// `FAILED_WITH_ERROR`.
    FailedWithError,
    /// `FAILED_WITH_INCIDENT`.
    FailedWithIncident,
    /// `DISCONNECTED`.
    Disconnected,
    /// A status this crate does not know, as sent.
    Other(String),
}

impl QueryStatus {
    /// The status named `name` (case-insensitive).
    ///
    /// ```
    /// use snowapi_query::QueryStatus;
    /// assert_eq!(QueryStatus::parse("running"), QueryStatus::Running);
    /// assert!(QueryStatus::parse("QUEUED").is_still_running());
    /// assert!(QueryStatus::parse("FAILED_WITH_ERROR").is_error());
    /// assert_eq!(QueryStatus::parse("NEW_STATE").as_str(), "NEW_STATE");
    /// ```
    pub fn parse(name: &str) -> Self {
        match name.trim().to_ascii_uppercase().as_str() {
            "RUNNING" => Self::Running,
            "QUEUED" => Self::Queued,
            "RESUMING_WAREHOUSE" => Self::ResumingWarehouse,
            "QUEUED_REPARING_WAREHOUSE" | "QUEUED_REPAIRING_WAREHOUSE" => {
                Self::QueuedRepairingWarehouse
            }
            "BLOCKED" => Self::Blocked,
            "NO_DATA" => Self::NoData,
            "SUCCESS" => Self::Success,
            "RESTARTED" => Self::Restarted,
            "ABORTING" => Self::Aborting,
            "ABORTED" => Self::Aborted,
            "FAILED_WITH_ERROR" => Self::FailedWithError,
            "FAILED_WITH_INCIDENT" => Self::FailedWithIncident,
            "DISCONNECTED" => Self::Disconnected,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The monitoring name of the status.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Running => "RUNNING",
            Self::Queued => "QUEUED",
            Self::ResumingWarehouse => "RESUMING_WAREHOUSE",
            Self::QueuedRepairingWarehouse => "QUEUED_REPARING_WAREHOUSE",
            Self::Blocked => "BLOCKED",
            Self::NoData => "NO_DATA",
            Self::Success => "SUCCESS",
            Self::Restarted => "RESTARTED",
            Self::Aborting => "ABORTING",
            Self::Aborted => "ABORTED",
            Self::FailedWithError => "FAILED_WITH_ERROR",
            Self::FailedWithIncident => "FAILED_WITH_INCIDENT",
            Self::Disconnected => "DISCONNECTED",
            Self::Other(name) => name,
        }
    }

    /// Whether the statement has not finished yet.
    pub fn is_still_running(&self) -> bool {
        matches!(
            self,
            Self::Running
                | Self::Queued
                | Self::ResumingWarehouse
                | Self::QueuedRepairingWarehouse
                | Self::Blocked
                | Self::NoData
        )
    }

    /// Whether the statement failed or was cancelled.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Self::Aborting
                | Self::Aborted
                | Self::FailedWithError
                | Self::FailedWithIncident
                | Self::Disconnected
        )
    }
}

impl fmt::Display for QueryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `data` of a monitoring answer.
#[derive(Debug, Default, Deserialize)]
struct MonitoringData {
    #[serde(default)]
    queries: Vec<MonitoredQuery>,
}

/// One entry of `data.queries`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MonitoredQuery {
    #[serde(default)]
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    error_code: Option<String>,
    #[serde(default)]
    error_message: Option<String>,
}

/// A submitted statement, bound to a connection: check it, wait for it, read its result or
/// cancel it.
///
/// ```no_run
/// # async fn run(conn: snowapi_query::Connection, other: snowapi_query::Connection)
/// #     -> Result<(), snowapi_query::QueryError> {
/// use std::time::Duration;
/// let running = conn.submit("select count(*) from huge").await?;
/// let saved = serde_json::to_string(running.handle()).unwrap();
/// // ... later, maybe in another process ...
/// let handle: snowapi_query::QueryHandle = serde_json::from_str(&saved).unwrap();
/// let resumed = other.handle(handle);
/// resumed.wait(Duration::from_secs(600)).await?;
/// let rows = resumed.result().await?.rows().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AsyncQuery {
    conn: Connection,
    handle: QueryHandle,
}

impl Connection {
    /// Submits a statement for asynchronous execution (`asyncExec`) and returns at once.
    ///
    /// # Errors
    ///
    /// As [`execute`](Connection::execute), for the submission.
    pub async fn submit(&self, statement: impl Into<Statement>) -> Result<AsyncQuery, QueryError> {
        let query_id = self.submit_statement(statement.into()).await?;
        Ok(self.handle(query_id))
    }

    /// Resumes a statement submitted earlier (maybe by another connection or process).
    pub fn handle(&self, handle: impl Into<QueryHandle>) -> AsyncQuery {
        AsyncQuery {
            conn: self.clone(),
            handle: handle.into(),
        }
    }
}

impl AsyncQuery {
    /// The serializable handle.
    pub fn handle(&self) -> &QueryHandle {
        &self.handle
    }

    /// The statement's query id.
    pub fn query_id(&self) -> &str {
        &self.handle.query_id
    }

    /// The statement's current status (`GET /monitoring/queries/{id}`).
    ///
    /// # Errors
    ///
    /// [`QueryError::Snowflake`] when the server refuses the request, and transport errors.
    pub async fn status(&self) -> Result<QueryStatus, QueryError> {
        let target = format!("/monitoring/queries/{}", self.handle.query_id);
        let answer = self
            .conn
            .shared()
            .call::<MonitoringData>(Call {
                operation: "status",
                method: Method::GET,
                target: &target,
                body: None,
                request_id: Some(uuid::Uuid::new_v4()),
                query_id: Some(&self.handle.query_id),
            })
            .await?;
        if answer.success != Some(true) {
            return Err(QueryError::Snowflake {
                code: answer.code.unwrap_or_else(|| "unknown".to_owned()),
                sql_state: None,
                message: answer.message.unwrap_or_else(|| "no message".to_owned()),
                query_id: Some(self.handle.query_id.clone()),
            });
        }
        let Some(entry) = answer.data.and_then(|d| d.queries.into_iter().next()) else {
            return Ok(QueryStatus::NoData);
        };
        if let Some(code) = entry.error_code.as_deref().filter(|c| *c != "0") {
            tracing::debug!(code, message = ?entry.error_message, "statement reported an error");
        }
        Ok(entry
            .status
            .as_deref()
            .map(QueryStatus::parse)
            .unwrap_or(QueryStatus::NoData))
    }

    /// Whether the statement is still running.
    ///
    /// # Errors
    ///
    /// As [`status`](Self::status).
    pub async fn is_still_running(&self) -> Result<bool, QueryError> {
        Ok(self.status().await?.is_still_running())
    }

    /// Checks the status with growing pauses until the statement is no longer running, and
    /// returns its final status (read the outcome with [`result`](Self::result)).
    ///
    /// # Errors
    ///
    /// [`QueryError::Timeout`] when it still runs after `timeout` (it keeps running: cancel
    /// it with [`cancel`](Self::cancel)), and the errors of [`status`](Self::status).
    pub async fn wait(&self, timeout: Duration) -> Result<QueryStatus, QueryError> {
        let started = Instant::now();
        let mut step = 0u32;
        loop {
            let status = self.status().await?;
            if !status.is_still_running() {
                return Ok(status);
            }
            let left = timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(QueryError::Timeout {
                    query_id: Some(self.handle.query_id.clone()),
                    after: timeout,
                });
            }
            tokio::time::sleep(backoff(FIRST_CHECK, LONGEST_CHECK, step).min(left)).await;
            step = step.saturating_add(1);
        }
    }

    /// The statement's result (`GET /queries/{id}/result`), waiting for it if it still runs.
    ///
    /// # Errors
    ///
    /// [`QueryError::Snowflake`] with the statement's own error when it failed, and transport
    /// or decoding errors.
    pub async fn result(&self) -> Result<QueryResult, QueryError> {
        let inner = self.conn.shared();
        let data = inner.fetch_result(&self.handle.query_id).await?;
        QueryResult::from_answer(inner, data, inner.options.prefetch)
    }

    /// Cancels the statement (`POST /queries/{id}/abort-request`). Returns whether it was
    /// running and is now aborted; `false` means it had already finished.
    ///
    /// # Errors
    ///
    /// Transport errors.
    pub async fn cancel(&self) -> Result<bool, QueryError> {
        self.conn.shared().abort_query(&self.handle.query_id).await
    }
}
