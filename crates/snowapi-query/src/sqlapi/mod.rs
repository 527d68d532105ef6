//! [`SqlApi`]: statements over Snowflake's stateless SQL API v2 (PROTOCOL §5), on top of the
//! generated client of `snowapi-rest`.

mod errors;
mod result;
mod statement;

use std::sync::Arc;
use std::time::{Duration, Instant};

use snowapi_auth::{
    BearerTokenProvider, ConnectionConfig, Session, TokenProvider, authenticator_from_config,
};
use snowapi_rest::sqlapi::types::{ResultSet, StatementRequest};
use snowapi_rest::{Outcome, RestClient, RestError, outcome, sqlapi};
use tracing::Instrument as _;

use crate::async_query::QueryHandle;
use crate::connection::DEFAULT_PREFETCH;
use crate::error::QueryError;
use crate::retry::{RetryPolicy, backoff};

pub use result::SqlApiResult;
use statement::Defaults;
pub use statement::SqlApiStatement;

/// The first and the longest pause between two polls of a running statement.
const FIRST_POLL: Duration = Duration::from_millis(25);
const LONGEST_POLL: Duration = Duration::from_secs(2);
/// Snowflake's code for a cancel of a statement that is not running.
const NOT_EXECUTING: &str = "000605";

/// Where a submitted statement is.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum StatementState {
    /// Still running (the server answered 202).
    Running,
    /// Finished, with its result (boxed: a result is much larger than a state).
    Done(Box<SqlApiResult>),
}

/// A client of the SQL API v2: stateless (no session to open or keep alive), cheap to clone.
///
/// Every submission carries a fresh `requestId`; when an attempt fails in transit (a
/// dropped connection, a cut-short answer, HTTP 429/5xx) the same submission is sent again
/// with the same `requestId` and `retry=true`, so Snowflake answers from the first run instead
/// of running the statement twice. Results are decoded to the same Arrow schema as the
/// connector path's.
///
/// ```no_run
/// # async fn run(config: snowapi_auth::ConnectionConfig) -> Result<(), snowapi_query::QueryError> {
/// use snowapi_query::{SqlApi, SqlApiStatement};
/// let api = SqlApi::from_config(&config).await?;
/// let result = api
///     .submit(SqlApiStatement::new("select id, name from t where id > ?").bind(10).database("D"))
///     .await?;
/// for batch in result.collect_arrow().await? {
///     println!("{} rows", batch.num_rows());
/// }
/// // Long statements: submit now, collect later (maybe from another process).
/// let handle = api.submit_async("call long_running_procedure()").await?;
/// let finished = api.wait(&handle, std::time::Duration::from_secs(3600)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SqlApi {
    client: sqlapi::Client,
    base_url: Arc<str>,
    retry: RetryPolicy,
    prefetch: usize,
    defaults: Arc<Defaults>,
    /// Keeps a password login alive for as long as a clone of the client exists.
    _session: Option<Arc<Session>>,
}

impl SqlApi {
    /// A client over an existing [`RestClient`] (its base URL, HTTP pool and credentials).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use snowapi_auth::{StaticTokenProvider, TokenType};
    /// use snowapi_query::SqlApi;
    /// let rest = snowapi_rest::RestClient::builder("https://myorg-myaccount.snowflakecomputing.com")
    ///     .token_provider(Arc::new(StaticTokenProvider::bearer("pat", TokenType::ProgrammaticAccessToken)))
    ///     .build()?;
    /// let api = SqlApi::new(&rest).prefetch(8);
    /// assert_eq!(api.base_url(), "https://myorg-myaccount.snowflakecomputing.com");
    /// # Ok::<(), snowapi_rest::RestError>(())
    /// ```
    pub fn new(rest: &RestClient) -> Self {
        Self {
            client: rest.api(),
            base_url: Arc::from(rest.base_url()),
            retry: RetryPolicy::default(),
            prefetch: DEFAULT_PREFETCH,
            defaults: Arc::default(),
            _session: None,
        }
    }

    /// A client for the account and user of `config`, authenticated with its key pair
    /// (`snowflake_jwt`), OAuth token or programmatic access token. Statements that set no
    /// database, schema, warehouse, role or query tag get the configuration's.
    ///
    /// Snowflake documents only those bearer tokens for the SQL API. With a password
    /// configuration a connector session is opened and its session token used instead (the
    /// emulator accepts it); prefer a key pair or a PAT for unattended jobs.
    ///
    /// # Errors
    ///
    /// [`QueryError::Auth`] when the configuration has no usable credential or the login
    /// fails; [`QueryError::Protocol`] for an unusable base URL.
    pub async fn from_config(config: &ConnectionConfig) -> Result<Self, QueryError> {
        let authenticator = authenticator_from_config(config)?;
        let base_url = config.base_url()?;
        let (provider, session): (Arc<dyn TokenProvider>, _) =
            if authenticator.bearer_credential().await?.is_some() {
                (Arc::new(BearerTokenProvider::new(authenticator)), None)
            } else {
                let session = Arc::new(Session::connect(config).await?);
                (session.clone() as Arc<dyn TokenProvider>, Some(session))
            };
        let rest = RestClient::builder(base_url)
            .token_provider(provider)
            .build()
            .map_err(|e| errors::from_rest(e, None))?;
        let mut api = Self::new(&rest);
        api._session = session;
        api.defaults = Arc::new(Defaults {
            database: config.database.clone(),
            schema: config.schema.clone(),
            warehouse: config.warehouse.clone(),
            role: config.role.clone(),
            query_tag: config.query_tag.clone(),
        });
        Ok(api)
    }

    /// How failed requests (submissions, polls, partition fetches) are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How many result partitions are fetched ahead of the reader (at least 1, default 4).
    pub fn prefetch(mut self, partitions: usize) -> Self {
        self.prefetch = partitions.max(1);
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Runs a statement and returns its result, following a `202 Accepted` (a statement that
    /// outlasts Snowflake's synchronous wait) by polling with growing pauses.
    ///
    /// # Errors
    ///
    /// [`QueryError::SqlApi`] when Snowflake refuses or fails the statement (with its code,
    /// SQLSTATE, message, statement handle and request id), [`QueryError::Bind`] for binds
    /// that cannot be sent, and transport or decoding errors once retries are exhausted.
    pub async fn submit(
        &self,
        statement: impl Into<SqlApiStatement>,
    ) -> Result<SqlApiResult, QueryError> {
        let request_id = uuid::Uuid::new_v4().to_string();
        let span = tracing::info_span!(
            "snowflake.sqlapi",
            operation = "submit",
            request_id = %request_id,
            query_id = tracing::field::Empty
        );
        async {
            let body = statement
                .into()
                .with_defaults(&self.defaults)
                .to_request()?;
            match self.send(&body, &request_id, false).await? {
                Outcome::Done(answer) => {
                    let result = self.result(answer.into_inner(), Some(&request_id))?;
                    tracing::Span::current().record("query_id", result.query_id());
                    Ok(result)
                }
                Outcome::Accepted(accepted) => {
                    let handle = accepted.result_handler.ok_or_else(|| {
                        QueryError::Protocol("a 202 answer without a statement handle".to_owned())
                    })?;
                    tracing::Span::current().record("query_id", handle.as_str());
                    tracing::debug!("statement still running; polling");
                    self.poll(&handle, Some(&request_id), None).await
                }
            }
        }
        .instrument(span)
        .await
    }

    /// Submits a statement to run in the background (`async=true`) and returns its handle at
    /// once. The handle serializes, so another process can [`wait`](Self::wait) for it.
    ///
    /// # Errors
    ///
    /// As [`submit`](Self::submit), for the submission; a statement refused outright (bad
    /// SQL) fails here.
    pub async fn submit_async(
        &self,
        statement: impl Into<SqlApiStatement>,
    ) -> Result<QueryHandle, QueryError> {
        Ok(self.submit_async_with_request_id(statement).await?.0)
    }

    /// [`submit_async`](Self::submit_async), also returning the submission's request id.
    pub(crate) async fn submit_async_with_request_id(
        &self,
        statement: impl Into<SqlApiStatement>,
    ) -> Result<(QueryHandle, String), QueryError> {
        let request_id = uuid::Uuid::new_v4().to_string();
        let span = tracing::info_span!(
            "snowflake.sqlapi",
            operation = "submit_async",
            request_id = %request_id,
            query_id = tracing::field::Empty
        );
        async {
            let body = statement
                .into()
                .with_defaults(&self.defaults)
                .to_request()?;
            let handle = match self.send(&body, &request_id, true).await? {
                Outcome::Done(answer) => answer.into_inner().statement_handle,
                Outcome::Accepted(accepted) => accepted.result_handler,
            }
            .ok_or_else(|| QueryError::Protocol("an answer without a statement handle".into()))?;
            tracing::Span::current().record("query_id", handle.as_str());
            Ok((QueryHandle::new(handle), request_id.clone()))
        }
        .instrument(span)
        .await
    }

    /// Where a statement is now: still running, or done with its result.
    ///
    /// # Errors
    ///
    /// [`QueryError::SqlApi`] with the statement's own error when it failed or was cancelled
    /// (HTTP 422), or when the handle is unknown (404); transport errors once retries are
    /// exhausted.
    pub async fn status(&self, handle: &QueryHandle) -> Result<StatementState, QueryError> {
        let span = tracing::info_span!(
            "snowflake.sqlapi",
            operation = "status",
            query_id = handle.query_id.as_str()
        );
        self.status_of(&handle.query_id, None)
            .instrument(span)
            .await
    }

    /// Polls a statement with growing pauses until it finishes, and returns its result.
    ///
    /// # Errors
    ///
    /// [`QueryError::Timeout`] when it still runs after `timeout` (it keeps running: cancel it
    /// with [`cancel`](Self::cancel)), and the errors of [`status`](Self::status).
    pub async fn wait(
        &self,
        handle: &QueryHandle,
        timeout: Duration,
    ) -> Result<SqlApiResult, QueryError> {
        let span = tracing::info_span!(
            "snowflake.sqlapi",
            operation = "wait",
            query_id = handle.query_id.as_str()
        );
        self.poll(&handle.query_id, None, Some(timeout))
            .instrument(span)
            .await
    }

    /// Cancels a statement. Returns `true` when it was running and is now cancelled, `false`
    /// when it had already finished.
    ///
    /// # Errors
    ///
    /// [`QueryError::SqlApi`] for an unknown handle, and transport errors.
    pub async fn cancel(&self, handle: &QueryHandle) -> Result<bool, QueryError> {
        let span = tracing::info_span!(
            "snowflake.sqlapi",
            operation = "cancel",
            query_id = handle.query_id.as_str()
        );
        async {
            let answer = self
                .with_retries(|| async {
                    self.client
                        .cancel_statement(&handle.query_id, None)
                        .await
                        .map_err(RestError::from)
                })
                .await;
            match answer {
                Ok(_) => {
                    tracing::info!("statement cancelled");
                    Ok(true)
                }
                Err(RestError::Api { code, .. }) if code.as_deref() == Some(NOT_EXECUTING) => {
                    Ok(false)
                }
                Err(error) => Err(errors::from_rest(error, None)),
            }
        }
        .instrument(span)
        .await
    }

    /// Sends a submission, again with the same request id and `retry=true` after a
    /// transient failure.
    async fn send(
        &self,
        body: &StatementRequest,
        request_id: &str,
        run_async: bool,
    ) -> Result<Outcome<ResultSet>, QueryError> {
        let started = Instant::now();
        let mut retry = 0u32;
        loop {
            let answer = self
                .client
                .submit_statement(
                    run_async.then_some(true),
                    None,
                    Some(request_id),
                    (retry > 0).then_some(true),
                    body,
                )
                .await;
            let error = match outcome(answer).await {
                Ok(done) => return Ok(done),
                Err(error) if errors::is_transient(&error) => error,
                Err(error) => return Err(errors::from_rest(error, Some(request_id))),
            };
            retry += 1;
            let Some(wait) = self.retry.next_wait(retry, started) else {
                return Err(errors::from_rest(error, Some(request_id)));
            };
            tracing::warn!(retry, %error, ?wait, "resubmitting with the same request id");
            tokio::time::sleep(wait).await;
        }
    }

    /// One status request (retried on transient failures).
    async fn status_of(
        &self,
        handle: &str,
        request_id: Option<&str>,
    ) -> Result<StatementState, QueryError> {
        let answer = self
            .with_retries(|| async {
                outcome(self.client.get_statement_status(handle, None, None).await).await
            })
            .await
            .map_err(|e| errors::from_rest(e, request_id))?;
        match answer {
            Outcome::Done(answer) => Ok(StatementState::Done(Box::new(
                self.result(answer.into_inner(), request_id)?,
            ))),
            Outcome::Accepted(_) => Ok(StatementState::Running),
        }
    }

    /// Polls until the statement is done, or `limit` has passed.
    async fn poll(
        &self,
        handle: &str,
        request_id: Option<&str>,
        limit: Option<Duration>,
    ) -> Result<SqlApiResult, QueryError> {
        let started = Instant::now();
        let mut step = 0u32;
        loop {
            if let StatementState::Done(result) = self.status_of(handle, request_id).await? {
                return Ok(*result);
            }
            let mut pause = backoff(FIRST_POLL, LONGEST_POLL, step);
            if let Some(limit) = limit {
                let left = limit.saturating_sub(started.elapsed());
                if left.is_zero() {
                    return Err(QueryError::Timeout {
                        query_id: Some(handle.to_owned()),
                        after: limit,
                    });
                }
                pause = pause.min(left);
            }
            tokio::time::sleep(pause).await;
            step = step.saturating_add(1);
        }
    }

    /// Runs `attempt` until it succeeds, fails for good, or the retry policy gives up.
    async fn with_retries<T, F, Fut>(&self, attempt: F) -> Result<T, RestError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, RestError>>,
    {
        let started = Instant::now();
        let mut retry = 0u32;
        loop {
            let error = match attempt().await {
                Ok(value) => return Ok(value),
                Err(error) if errors::is_transient(&error) => error,
                Err(error) => return Err(error),
            };
            retry += 1;
            let Some(wait) = self.retry.next_wait(retry, started) else {
                return Err(error);
            };
            tracing::warn!(retry, %error, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    fn result(&self, set: ResultSet, request_id: Option<&str>) -> Result<SqlApiResult, QueryError> {
        SqlApiResult::from_result_set(
            set,
            self.client.clone(),
            self.retry,
            self.prefetch,
            request_id.map(str::to_owned),
        )
    }
}
