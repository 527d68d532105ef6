//! Running statements: the query-request body, in-progress answers followed to the end
//! (PROTOCOL §2.1–§2.6), timeouts and cancellation of dropped statements.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::abort::AbortOnDrop;
use super::{Call, Connection, Inner};
use crate::error::QueryError;
use crate::result::{QueryResult, Row};
use crate::retry::backoff;
use crate::statement::Statement;
use crate::types::Column;
use crate::wire::{Envelope, QueryContextDto, QueryRequest, QueryResponseData};

/// Still running after the server's synchronous wait.
const STILL_RUNNING: &str = "333333";
/// Accepted for asynchronous execution.
const ASYNC_ACCEPTED: &str = "333334";
/// The first and the longest pause between two polls of a running statement.
const FIRST_POLL: Duration = Duration::from_millis(5);
const LONGEST_POLL: Duration = Duration::from_secs(1);

/// What an answer says about the statement.
pub(crate) enum Progress {
    /// Finished: the result (or the answer of a statement with no rows).
    Done(Box<QueryResponseData>),
    /// Still running: where to poll.
    Running { query_id: String, poll: String },
}

/// Reads an answer: finished, still running, or failed.
pub(crate) fn progress(answer: Envelope<QueryResponseData>) -> Result<Progress, QueryError> {
    let in_progress = matches!(answer.code.as_deref(), Some(STILL_RUNNING | ASYNC_ACCEPTED))
        || answer
            .data
            .as_ref()
            .is_some_and(|d| d.get_result_url.is_some() && !d.has_result());
    if in_progress {
        let data = answer.data.as_ref();
        let query_id = data.and_then(|d| d.query_id.clone()).ok_or_else(|| {
            QueryError::Protocol("an in-progress answer without a query id".to_owned())
        })?;
        let poll = data
            .and_then(|d| d.get_result_url.clone())
            .unwrap_or_else(|| format!("/queries/{query_id}/result"));
        return Ok(Progress::Running { query_id, poll });
    }
    if answer.success != Some(true) {
        return Err(QueryError::from_envelope(&answer));
    }
    Ok(Progress::Done(Box::new(answer.data.unwrap_or_default())))
}

/// The JSON body of a query request for `statement`: its binds, its parameters plus `extra`,
/// its query tag (else `default_tag`) and the query-context cache to echo.
fn request_body(
    statement: &Statement,
    async_exec: bool,
    extra: &[(&str, serde_json::Value)],
    default_tag: Option<&str>,
    sequence_id: u64,
    query_context: QueryContextDto,
) -> Result<serde_json::Value, QueryError> {
    let mut parameters = statement.parameters.clone();
    if let Some(tag) = statement.query_tag.as_deref().or(default_tag) {
        parameters.entry("QUERY_TAG").or_insert_with(|| tag.into());
    }
    for (name, value) in extra {
        parameters.insert((*name).to_owned(), value.clone());
    }
    let bindings = if statement.binds.is_empty() {
        None
    } else {
        Some(statement.binds.to_wire()?)
    };
    let submitted = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let request = QueryRequest {
        sql_text: statement.sql.clone(),
        async_exec,
        sequence_id,
        query_submission_time: submitted,
        describe_only: statement.describe_only.then_some(true),
        parameters: (!parameters.is_empty()).then_some(parameters),
        bindings,
        query_context_dto: Some(query_context),
        ..QueryRequest::default()
    };
    serde_json::to_value(&request).map_err(|e| QueryError::decode("query request", e))
}

impl Inner {
    /// The JSON body of a query request for `statement`, with the next sequence id and the
    /// connection's query-context cache.
    fn request_body(
        &self,
        statement: &Statement,
        async_exec: bool,
        extra: &[(&str, serde_json::Value)],
    ) -> Result<serde_json::Value, QueryError> {
        request_body(
            statement,
            async_exec,
            extra,
            self.options.query_tag.as_deref(),
            self.next_sequence(),
            self.state.query_context_dto(),
        )
    }

    /// Posts a query request and returns the first answer.
    async fn post_query(
        &self,
        body: &serde_json::Value,
        request_id: Uuid,
    ) -> Result<Envelope<QueryResponseData>, QueryError> {
        self.call(Call {
            operation: "query",
            method: Method::POST,
            target: "/queries/v1/query-request",
            body: Some(body),
            request_id: Some(request_id),
            query_id: None,
        })
        .await
    }

    /// Polls a running statement's result URL, with growing pauses, until it is final.
    pub(crate) async fn follow(
        &self,
        mut progress: Progress,
    ) -> Result<QueryResponseData, QueryError> {
        let mut step = 0u32;
        loop {
            let (query_id, poll) = match progress {
                Progress::Done(data) => return Ok(*data),
                Progress::Running { query_id, poll } => (query_id, poll),
            };
            tokio::time::sleep(backoff(FIRST_POLL, LONGEST_POLL, step)).await;
            step = step.saturating_add(1);
            let answer = self
                .call::<QueryResponseData>(Call {
                    operation: "result",
                    method: Method::GET,
                    target: &poll,
                    body: None,
                    request_id: None,
                    query_id: Some(&query_id),
                })
                .await?;
            progress = self::progress(answer)?;
        }
    }

    /// `GET /queries/{id}/result`, followed until the statement is final.
    pub(crate) async fn fetch_result(
        &self,
        query_id: &str,
    ) -> Result<QueryResponseData, QueryError> {
        let target = format!("/queries/{query_id}/result");
        let answer = self
            .call::<QueryResponseData>(Call {
                operation: "result",
                method: Method::GET,
                target: &target,
                body: None,
                request_id: None,
                query_id: Some(query_id),
            })
            .await?;
        self.follow(progress(answer)?).await
    }
}

impl Connection {
    /// Runs a statement (SQL text or a [`Statement`]) and returns its result: rows to
    /// stream, or the count of rows a DML statement changed.
    ///
    /// Retries after transient failures reuse the request id, so Snowflake never runs the
    /// statement twice; an expired session is renewed and the request replayed; an answer
    /// that the statement is still running is followed until it finishes. Dropping the
    /// returned future before it completes cancels the statement on the server (see
    /// [`Statement::cancel_on_drop`]).
    ///
    /// ```no_run
    /// # async fn run(conn: snowapi_query::Connection) -> Result<(), snowapi_query::QueryError> {
    /// let result = conn.execute("update t set x = 1 where id > 10").await?;
    /// println!("{:?} rows updated by {}", result.rows_affected(), result.query_id());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError::Snowflake`] when Snowflake refuses or fails the statement,
    /// [`QueryError::Timeout`] after [`Statement::timeout`], [`QueryError::Bind`] for binds
    /// that cannot be sent, and transport or decoding errors.
    pub async fn execute(
        &self,
        statement: impl Into<Statement>,
    ) -> Result<QueryResult, QueryError> {
        self.execute_statement(statement.into()).await
    }

    /// Runs a [`Statement`]; see [`execute`](Self::execute).
    ///
    /// # Errors
    ///
    /// As [`execute`](Self::execute).
    pub async fn execute_statement(&self, statement: Statement) -> Result<QueryResult, QueryError> {
        let timeout = statement.timeout;
        let run = self.run_sync(statement, &[]);
        match timeout {
            None => run.await,
            Some(after) => {
                tokio::time::timeout(after, run)
                    .await
                    .unwrap_or(Err(QueryError::Timeout {
                        query_id: None,
                        after,
                    }))
            }
        }
    }

    /// Runs a statement and collects all its rows.
    ///
    /// ```no_run
    /// # async fn run(conn: snowapi_query::Connection) -> Result<(), snowapi_query::QueryError> {
    /// let rows = conn.query("select 1 as one").await?;
    /// assert_eq!(rows[0].get::<i64>("ONE")?, 1);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`execute`](Self::execute), plus errors reading the result.
    pub async fn query(&self, statement: impl Into<Statement>) -> Result<Vec<Row>, QueryError> {
        self.execute(statement).await?.rows().await
    }

    /// Runs a statement and deserializes each row into a `T` (see
    /// [`QueryResult::deserialize_rows`] for how columns map to fields).
    ///
    /// ```no_run
    /// # async fn run(conn: snowapi_query::Connection) -> Result<(), snowapi_query::QueryError> {
    /// #[derive(serde::Deserialize)]
    /// struct Person { id: i64, name: Option<String> }
    /// let people: Vec<Person> = conn.query_as("select id, name from people").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`query`](Self::query), plus [`QueryError::Decode`] when a row does not fit `T`.
    pub async fn query_as<T: DeserializeOwned>(
        &self,
        statement: impl Into<Statement>,
    ) -> Result<Vec<T>, QueryError> {
        self.execute(statement).await?.deserialize_rows().await
    }

    /// The columns a statement's result would have, without running it.
    ///
    /// # Errors
    ///
    /// As [`execute`](Self::execute) (a statement that does not compile fails here too).
    pub async fn describe(
        &self,
        statement: impl Into<Statement>,
    ) -> Result<Vec<Column>, QueryError> {
        let result = self.execute(statement.into().describe_only()).await?;
        Ok(result.columns().to_vec())
    }

    /// Runs `count` statements sent as one SQL text (`MULTI_STATEMENT_COUNT`), and returns
    /// the result of each, in order. `count` 0 accepts any number of statements.
    ///
    /// ```no_run
    /// # async fn run(conn: snowapi_query::Connection) -> Result<(), snowapi_query::QueryError> {
    /// let results = conn.execute_multi("select 1; select 2", 2).await?;
    /// assert_eq!(results.len(), 2);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`execute`](Self::execute); the first failing statement's error is returned.
    pub async fn execute_multi(
        &self,
        statement: impl Into<Statement>,
        count: u32,
    ) -> Result<Vec<QueryResult>, QueryError> {
        let statement = statement.into();
        let prefetch = self.prefetch_of(&statement);
        let extra = [("MULTI_STATEMENT_COUNT", serde_json::Value::from(count))];
        let parent = self.run_sync(statement, &extra).await?;
        let Some(ids) = parent.child_ids() else {
            // A single statement answered directly.
            return Ok(vec![parent]);
        };
        let mut results = Vec::with_capacity(ids.len());
        for id in ids {
            let data = self.inner.fetch_result(&id).await?;
            results.push(QueryResult::from_answer(&self.inner, data, prefetch)?);
        }
        Ok(results)
    }

    /// The prefetch window of a statement's result.
    fn prefetch_of(&self, statement: &Statement) -> usize {
        statement.prefetch.unwrap_or(self.inner.options.prefetch)
    }

    /// Sends a synchronous query request and follows it to its final answer, cancelling the
    /// statement if this future is dropped first.
    async fn run_sync(
        &self,
        statement: Statement,
        extra: &[(&str, serde_json::Value)],
    ) -> Result<QueryResult, QueryError> {
        let prefetch = self.prefetch_of(&statement);
        let body = self.inner.request_body(&statement, false, extra)?;
        let request_id = Uuid::new_v4();
        let mut guard = AbortOnDrop::new(
            &self.inner,
            request_id,
            &statement.sql,
            statement.cancel_on_drop,
        );
        let outcome = async {
            let answer = self.inner.post_query(&body, request_id).await?;
            self.inner.follow(progress(answer)?).await
        }
        .await;
        guard.disarm();
        QueryResult::from_answer(&self.inner, outcome?, prefetch)
    }

    /// Submits a statement for asynchronous execution and returns its query id at once.
    pub(crate) async fn submit_statement(
        &self,
        statement: Statement,
    ) -> Result<String, QueryError> {
        let body = self.inner.request_body(&statement, true, &[])?;
        let answer = self.inner.post_query(&body, Uuid::new_v4()).await?;
        match progress(answer)? {
            Progress::Running { query_id, .. } => Ok(query_id),
            Progress::Done(data) => data.query_id.ok_or_else(|| {
                QueryError::Protocol("an asynchronous submission answered no query id".to_owned())
            }),
        }
    }

    /// The shared state, for results and handles made from this connection.
    pub(crate) fn shared(&self) -> &Arc<Inner> {
        &self.inner
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_body_carries_binds_parameters_and_the_right_query_tag() {
        let statement = Statement::new("insert into t values (?)")
            .bind(7)
            .parameter("timezone", "UTC")
            .describe_only();
        let body = request_body(
            &statement,
            false,
            &[],
            Some("conn-tag"),
            3,
            QueryContextDto::default(),
        )
        .unwrap();
        assert_eq!(body["sqlText"], "insert into t values (?)");
        assert_eq!(body["sequenceId"], 3);
        assert_eq!(body["describeOnly"], true);
        assert_eq!(body["asyncExec"], false);
        assert_eq!(
            body["bindings"]["1"],
            json!({"type": "FIXED", "value": "7"})
        );
        assert_eq!(body["parameters"]["TIMEZONE"], "UTC");
        assert_eq!(body["parameters"]["QUERY_TAG"], "conn-tag");
        assert_eq!(body["queryContextDTO"], json!({}));

        let own = Statement::new("select 1").query_tag("mine");
        let extra = [("MULTI_STATEMENT_COUNT", json!(2))];
        let body = request_body(
            &own,
            true,
            &extra,
            Some("conn-tag"),
            4,
            QueryContextDto::default(),
        )
        .unwrap();
        assert_eq!(body["parameters"]["QUERY_TAG"], "mine");
        assert_eq!(body["parameters"]["MULTI_STATEMENT_COUNT"], 2);
        assert_eq!(body["asyncExec"], true);
        assert!(body.get("bindings").is_none());
        let bare = request_body(
            &Statement::new("select 1"),
            false,
            &[],
            None,
            5,
            QueryContextDto::default(),
        )
        .unwrap();
        assert!(bare.get("parameters").is_none());
    }

    #[test]
    fn in_progress_answers_are_told_from_final_ones() {
        let parse =
            |text: &str| -> Envelope<QueryResponseData> { serde_json::from_str(text).unwrap() };
        let running = parse(
            r#"{"success": true, "code": "333333", "data": {"queryId": "q1", "getResultUrl": "/queries/q1/result"}}"#,
        );
        assert!(
            matches!(progress(running), Ok(Progress::Running { query_id, poll })
            if query_id == "q1" && poll == "/queries/q1/result")
        );
        let no_url = parse(r#"{"success": true, "code": "333334", "data": {"queryId": "q2"}}"#);
        assert!(
            matches!(progress(no_url), Ok(Progress::Running { poll, .. })
            if poll == "/queries/q2/result")
        );
        let failed = parse(
            r#"{"success": false, "code": "002003", "message": "gone", "data": {"queryId": "q3"}}"#,
        );
        assert_eq!(
            progress(failed)
                .err()
                .and_then(|e| e.code().map(str::to_owned))
                .as_deref(),
            Some("002003")
        );
        let done = parse(r#"{"success": true, "data": {"queryId": "q4", "rowset": [["1"]]}}"#);
        assert!(
            matches!(progress(done), Ok(Progress::Done(data)) if data.query_id.as_deref() == Some("q4"))
        );
    }
}
