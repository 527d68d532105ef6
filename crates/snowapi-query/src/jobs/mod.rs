//! [`QueryJob`]: the create / get / delete shape workflow engines (Airflow, Dagster, Argo,
//! Kubernetes operators) use for long statements, resumable from serialized metadata.
//!
//! Jobs run on the stateless SQL API: creating, polling and cancelling need no session, so
//! any worker process holding the connection configuration can pick a job up from its
//! [`JobMetadata`] (which holds no secret), and polling every few seconds costs one HTTP
//! request, not a login. Only [`QueryJob::metrics`] opens a short connector session, to read
//! the statement's start and end from the monitoring endpoint.

mod link;
mod timing;

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use snowapi_auth::ConnectionConfig;

use crate::async_query::QueryHandle;
use crate::binds::Binds;
use crate::error::QueryError;
use crate::sqlapi::{SqlApi, SqlApiStatement, StatementState};

/// Everything needed to find a job again, in this process or another: serialize it with
/// serde (JSON, an orchestrator's XCom, a Kubernetes status) and hand it back to
/// [`QueryJob::get`]. It holds no credential.
///
/// ```
/// use snowapi_query::JobMetadata;
/// let json = r#"{"account":"MYORG-MYACCOUNT","user":"ETL","base_url":"https://myorg-myaccount.snowflakecomputing.com",
///     "query_id":"01b2c3d4-0000-1234-0000-000000000001","request_id":"0c3a3f9e-6f55-4d5c-9a4b-1b2c3d4e5f60",
///     "submitted_at":"2025-01-02T03:04:05Z","sql":"call nightly_load()"}"#;
/// let meta: JobMetadata = serde_json::from_str(json)?;
/// assert_eq!(meta.user, "ETL");
/// assert_eq!(serde_json::from_str::<JobMetadata>(&serde_json::to_string(&meta)?)?, meta);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JobMetadata {
    /// The account the statement runs in, as configured.
    pub account: String,
    /// The user who submitted it.
    pub user: String,
    /// The base URL of the server.
    pub base_url: String,
    /// The statement's query id (its SQL API statement handle).
    pub query_id: String,
    /// The request id of the submission.
    pub request_id: String,
    /// When the job was created, by the creating process's clock.
    pub submitted_at: DateTime<Utc>,
    /// The SQL text.
    pub sql: String,
}

/// Where a job is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase")]
#[non_exhaustive]
pub enum Phase {
    /// Queued or running.
    Running,
    /// Finished: `rows` is the number of rows changed by DML, else of result rows.
    Succeeded {
        /// Rows affected (INSERT, UPDATE, DELETE) or returned (queries).
        rows: u64,
    },
    /// Failed, timed out or was cancelled.
    Failed {
        /// Snowflake's error code (`000604` for a cancelled statement).
        code: String,
        /// Snowflake's message.
        message: String,
    },
}

/// Figures about a job, for an orchestrator's UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JobMetrics {
    /// Where the job is.
    pub phase: Phase,
    /// When the server started the statement.
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended, once it has.
    pub ended_at: Option<DateTime<Utc>>,
    /// How long it ran (so far, while it runs).
    pub elapsed: Option<Duration>,
    /// Result rows (queries), once it succeeded.
    pub rows: Option<u64>,
    /// Rows changed (DML), once it succeeded.
    pub rows_affected: Option<u64>,
    /// Size of the result as JSON text, once it succeeded.
    pub bytes: Option<u64>,
}

/// What a person looking at a job wants to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JobLogs {
    /// The SQL text.
    pub query_text: String,
    /// The error, for a failed job: `<code>: <message>`.
    pub error: Option<String>,
    /// Where to look at the query: Snowsight's query history on Snowflake, the monitoring
    /// URL on the emulator.
    pub link: String,
}

/// Creates, follows and cancels long statements on behalf of an orchestrator.
///
/// ```no_run
/// # async fn run(config: snowapi_auth::ConnectionConfig) -> Result<(), snowapi_query::QueryError> {
/// use snowapi_query::{Binds, Phase, QueryJob};
/// let jobs = QueryJob::connect(&config).await?;
/// let meta = jobs.create("insert into t select * from staging where day = ?", Binds::positional(["2025-01-02"])).await?;
/// let saved = serde_json::to_string(&meta).unwrap();
/// // ... later, in any worker holding the same configuration ...
/// let jobs = QueryJob::connect(&config).await?;
/// let meta = serde_json::from_str(&saved).unwrap();
/// match jobs.get(&meta).await? {
///     Phase::Running => { /* check again later, or jobs.delete(&meta) to cancel */ }
///     Phase::Succeeded { rows } => println!("{rows} rows"),
///     Phase::Failed { code, message } => eprintln!("{code}: {message}"),
///     _ => {}
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct QueryJob {
    api: SqlApi,
    config: ConnectionConfig,
}

impl QueryJob {
    /// A job client for the account and user of `config` (see [`SqlApi::from_config`] for
    /// the credentials it accepts). Statements run in the configuration's database, schema,
    /// warehouse and role, with its query tag.
    ///
    /// # Errors
    ///
    /// As [`SqlApi::from_config`].
    pub async fn connect(config: &ConnectionConfig) -> Result<Self, QueryError> {
        Ok(Self {
            api: SqlApi::from_config(config).await?,
            config: config.clone(),
        })
    }

    /// The SQL API client the jobs go through.
    pub fn sql_api(&self) -> &SqlApi {
        &self.api
    }

    /// Submits `sql` with `binds` to run in the background, and returns the job's metadata.
    ///
    /// # Errors
    ///
    /// As [`SqlApi::submit_async`]: a statement refused outright fails here.
    pub async fn create(
        &self,
        sql: impl Into<String>,
        binds: Binds,
    ) -> Result<JobMetadata, QueryError> {
        let sql = sql.into();
        let statement = SqlApiStatement::new(sql.clone()).binds(binds);
        let (handle, request_id) = self.api.submit_async_with_request_id(statement).await?;
        tracing::info!(query_id = handle.query_id.as_str(), "job created");
        Ok(JobMetadata {
            account: self.config.account.clone().unwrap_or_default(),
            user: self.config.user.clone().unwrap_or_default(),
            base_url: self.api.base_url().to_owned(),
            query_id: handle.query_id,
            request_id,
            submitted_at: Utc::now(),
            sql,
        })
    }

    /// Where the job is. A failed, timed-out or cancelled statement is
    /// [`Phase::Failed`], not an error.
    ///
    /// # Errors
    ///
    /// [`QueryError::Protocol`] when the metadata belongs to another server;
    /// [`QueryError::SqlApi`] for an unknown job (404); transport errors.
    pub async fn get(&self, meta: &JobMetadata) -> Result<Phase, QueryError> {
        Ok(self.state(meta).await?.0)
    }

    /// Cancels the job. Returns `true` when it was running and is now cancelled, `false` when
    /// it had already finished.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    pub async fn delete(&self, meta: &JobMetadata) -> Result<bool, QueryError> {
        self.check(meta)?;
        self.api
            .cancel(&QueryHandle::new(meta.query_id.as_str()))
            .await
    }

    /// Rows, bytes and timing of the job. Timing comes from a short connector session (the
    /// SQL API reports no end time); when that session cannot be opened, the times are
    /// estimated from [`JobMetadata::submitted_at`] while the job runs, and left out after.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    pub async fn metrics(&self, meta: &JobMetadata) -> Result<JobMetrics, QueryError> {
        let (phase, done) = self.state(meta).await?;
        let timing = match timing::timing(&self.config, &meta.query_id).await {
            Ok(timing) => timing,
            Err(error) => {
                tracing::debug!(%error, "no timing from the monitoring endpoint");
                timing::Timing::default()
            }
        };
        let running = phase == Phase::Running;
        let started_at = timing
            .started
            .or_else(|| done.as_ref().and_then(|d| d.created_on));
        let elapsed = timing.duration.or_else(|| {
            running
                .then(|| {
                    (Utc::now() - started_at.unwrap_or(meta.submitted_at))
                        .to_std()
                        .ok()
                })
                .flatten()
        });
        Ok(JobMetrics {
            phase,
            started_at,
            ended_at: timing.ended.filter(|_| !running),
            elapsed,
            rows: done.as_ref().and_then(|d| d.total_rows),
            rows_affected: done.as_ref().and_then(|d| d.rows_affected),
            bytes: done.as_ref().map(|d| d.bytes),
        })
    }

    /// The query text, its error if it failed, and a link to the query.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    pub async fn logs(&self, meta: &JobMetadata) -> Result<JobLogs, QueryError> {
        let error = match self.get(meta).await? {
            Phase::Failed { code, message } => Some(format!("{code}: {message}")),
            _ => None,
        };
        Ok(JobLogs {
            query_text: meta.sql.clone(),
            error,
            link: link::query_link(&meta.base_url, &meta.account, &meta.query_id),
        })
    }

    /// The phase, and the figures of a finished result.
    async fn state(&self, meta: &JobMetadata) -> Result<(Phase, Option<Finished>), QueryError> {
        self.check(meta)?;
        let handle = QueryHandle::new(meta.query_id.as_str());
        match self.api.status(&handle).await {
            Ok(StatementState::Done(result)) => {
                let finished = Finished {
                    created_on: result.created_on(),
                    total_rows: result.total_rows(),
                    rows_affected: result.rows_affected(),
                    bytes: result.result_bytes(),
                };
                let rows = finished
                    .rows_affected
                    .or(finished.total_rows)
                    .unwrap_or_default();
                Ok((Phase::Succeeded { rows }, Some(finished)))
            }
            Ok(_) => Ok((Phase::Running, None)),
            Err(QueryError::SqlApi {
                status: 408 | 422,
                code,
                message,
                ..
            }) => Ok((Phase::Failed { code, message }, None)),
            Err(error) => Err(error),
        }
    }

    /// Refuses metadata of a job created on another server.
    fn check(&self, meta: &JobMetadata) -> Result<(), QueryError> {
        let ours = self.api.base_url().trim_end_matches('/');
        if meta.base_url.trim_end_matches('/') != ours {
            return Err(QueryError::Protocol(format!(
                "job {} was created on {}, this client talks to {ours}",
                meta.query_id, meta.base_url
            )));
        }
        Ok(())
    }
}

/// The figures of a finished statement.
struct Finished {
    created_on: Option<DateTime<Utc>>,
    total_rows: Option<u64>,
    rows_affected: Option<u64>,
    bytes: u64,
}
