//! The query registry: statements in flight and the outcome of finished ones, by query id.
//!
//! A statement is registered under its query id before it starts ([`Queries::register`] returns
//! a [`Registration`] guard), runs under the guard's cancellation token, and is recorded as
//! finished when the guard is completed or dropped. This is what lets the protocol layer answer
//! "still running, query id X", report a statement's status (`RUNNING`, `SUCCESS`,
//! `FAILED_WITH_ERROR`, `ABORTED`), fetch a finished result later by id, and cancel a running
//! statement from anywhere.
//!
//! Finished outcomes are kept in a bounded store: at most [`MAX_FINISHED`] entries, and the rows
//! of at most [`MAX_RESULT_BYTES`] bytes of results; older results are forgotten first (their
//! status stays known while the entry does).

use std::{
    collections::{HashMap, VecDeque},
    sync::Arc,
    time::Duration,
};

use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use tokio_util::sync::CancellationToken;

use super::QueryResult;
use crate::error::{EmulatorError, ErrorKind, Result};

/// How many finished statements the registry remembers.
pub const MAX_FINISHED: usize = 1000;

/// How many bytes of finished results (Arrow memory) the registry keeps.
pub const MAX_RESULT_BYTES: usize = 256 * 1024 * 1024;

/// A fresh query id: a UUID, as Snowflake's query ids are.
pub fn new_query_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Where a statement is in its life, named as Snowflake's monitoring API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QueryStatus {
    /// Still executing.
    Running,
    /// Finished with a result.
    Success,
    /// Finished with an error.
    FailedWithError,
    /// Cancelled before it finished.
    Aborted,
}

impl QueryStatus {
    /// The name the monitoring API reports (`RUNNING`, `SUCCESS`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "RUNNING",
            Self::Success => "SUCCESS",
            Self::FailedWithError => "FAILED_WITH_ERROR",
            Self::Aborted => "ABORTED",
        }
    }

    /// Whether the statement is still executing.
    pub fn is_running(self) -> bool {
        self == Self::Running
    }

    /// Whether the statement ended in an error (failed or aborted).
    pub fn is_error(self) -> bool {
        matches!(self, Self::FailedWithError | Self::Aborted)
    }
}

impl std::fmt::Display for QueryStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is known about one statement, running or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryInfo {
    /// The query id.
    pub query_id: String,
    /// Id of the session that runs (or ran) it.
    pub session_id: u64,
    /// The SQL text as submitted.
    pub sql_text: String,
    /// When it started.
    pub start_time: DateTime<Utc>,
    /// When it finished; `None` while running.
    pub end_time: Option<DateTime<Utc>>,
    /// Where it is in its life.
    pub status: QueryStatus,
    /// The error of a failed or aborted statement.
    pub error: Option<EmulatorError>,
}

impl QueryInfo {
    /// Elapsed time: up to now while running, start to end once finished.
    pub fn duration(&self) -> Duration {
        let end = self.end_time.unwrap_or_else(Utc::now);
        (end - self.start_time).to_std().unwrap_or_default()
    }
}

/// The outcome of a statement, as [`Queries::result`] reports it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum QueryOutcome {
    /// Still executing.
    Running,
    /// Finished: its result or its error (cancelled statements give error 000604).
    Finished(Result<QueryResult>),
    /// Finished, but its result was evicted from the bounded store.
    Expired,
}

/// `SQL execution canceled`, the error of a cancelled statement.
pub fn cancelled() -> EmulatorError {
    EmulatorError::new(ErrorKind::Cancelled, "SQL execution canceled")
}

#[derive(Debug)]
struct Running {
    info: QueryInfo,
    cancel: CancellationToken,
    /// Cancelled (used as a latch) once the statement has finished.
    done: CancellationToken,
}

#[derive(Debug)]
struct Finished {
    info: QueryInfo,
    /// `None` once evicted for memory.
    result: Option<Result<QueryResult>>,
    bytes: usize,
}

#[derive(Debug, Default)]
struct Inner {
    running: HashMap<String, Running>,
    finished: HashMap<String, Finished>,
    /// Finished ids, oldest first.
    order: VecDeque<String>,
    /// Bytes of results held in `finished`.
    bytes: usize,
}

/// Statements in flight and finished ones, by query id. One per engine; clones share it.
#[derive(Debug, Clone)]
pub struct Queries {
    shared: Arc<Store>,
}

#[derive(Debug)]
struct Store {
    inner: Mutex<Inner>,
    max_finished: usize,
    max_bytes: usize,
}

impl Default for Queries {
    fn default() -> Self {
        Self::with_limits(MAX_FINISHED, MAX_RESULT_BYTES)
    }
}

impl Queries {
    /// A registry keeping at most `max_finished` finished statements and `max_bytes` of results.
    pub fn with_limits(max_finished: usize, max_bytes: usize) -> Self {
        Self {
            shared: Arc::new(Store {
                inner: Mutex::new(Inner::default()),
                max_finished: max_finished.max(1),
                max_bytes,
            }),
        }
    }

    /// Registers a statement as running. Fails when a statement with that id is running.
    pub fn register(
        &self,
        query_id: &str,
        session_id: u64,
        sql_text: &str,
    ) -> Result<Registration> {
        let mut inner = self.shared.inner.lock();
        if inner.running.contains_key(query_id) {
            return Err(EmulatorError::new(
                ErrorKind::InvalidState,
                format!("Query id {query_id} is already in use by a running statement."),
            ));
        }
        inner.forget_finished(query_id);
        let cancel = CancellationToken::new();
        let done = CancellationToken::new();
        let info = QueryInfo {
            query_id: query_id.to_owned(),
            session_id,
            sql_text: sql_text.to_owned(),
            start_time: Utc::now(),
            end_time: None,
            status: QueryStatus::Running,
            error: None,
        };
        inner.running.insert(
            query_id.to_owned(),
            Running {
                info,
                cancel: cancel.clone(),
                done,
            },
        );
        Ok(Registration {
            queries: self.clone(),
            query_id: query_id.to_owned(),
            cancel,
            completed: false,
        })
    }

    /// Asks a running statement to stop. `false` when no statement of that id is running.
    pub fn cancel(&self, query_id: &str) -> bool {
        match self.shared.inner.lock().running.get(query_id) {
            Some(running) => {
                running.cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// Asks every running statement of a session to stop; returns how many were asked.
    pub fn cancel_session(&self, session_id: u64) -> usize {
        let inner = self.shared.inner.lock();
        let mine = inner
            .running
            .values()
            .filter(|r| r.info.session_id == session_id);
        let mut count = 0;
        for running in mine {
            running.cancel.cancel();
            count += 1;
        }
        count
    }

    /// What is known about a statement, running or finished.
    pub fn status(&self, query_id: &str) -> Option<QueryInfo> {
        let inner = self.shared.inner.lock();
        if let Some(running) = inner.running.get(query_id) {
            return Some(running.info.clone());
        }
        inner.finished.get(query_id).map(|f| f.info.clone())
    }

    /// The outcome of a statement; `None` when the id is unknown (or forgotten).
    pub fn result(&self, query_id: &str) -> Option<QueryOutcome> {
        let inner = self.shared.inner.lock();
        if inner.running.contains_key(query_id) {
            return Some(QueryOutcome::Running);
        }
        let finished = inner.finished.get(query_id)?;
        Some(match &finished.result {
            Some(result) => QueryOutcome::Finished(result.clone()),
            None => QueryOutcome::Expired,
        })
    }

    /// Every running statement, oldest first.
    pub fn running(&self) -> Vec<QueryInfo> {
        let mut all: Vec<QueryInfo> = self
            .shared
            .inner
            .lock()
            .running
            .values()
            .map(|r| r.info.clone())
            .collect();
        all.sort_by_key(|i| i.start_time);
        all
    }

    /// Waits until the statement is no longer running, at most `timeout`. Returns what is known
    /// about it then (still `RUNNING` after a timeout), `None` for an unknown id.
    pub async fn wait(&self, query_id: &str, timeout: Duration) -> Option<QueryInfo> {
        let done = self
            .shared
            .inner
            .lock()
            .running
            .get(query_id)
            .map(|r| r.done.clone());
        if let Some(done) = done {
            let _ = tokio::time::timeout(timeout, done.cancelled()).await;
        }
        self.status(query_id)
    }

    /// Moves a statement from running to finished.
    fn complete(&self, query_id: &str, outcome: Result<QueryResult>) {
        let mut inner = self.shared.inner.lock();
        let Some(running) = inner.running.remove(query_id) else {
            return;
        };
        let mut info = running.info;
        info.end_time = Some(Utc::now());
        match &outcome {
            Ok(_) => info.status = QueryStatus::Success,
            Err(error) => {
                info.status = if error.kind() == ErrorKind::Cancelled {
                    QueryStatus::Aborted
                } else {
                    QueryStatus::FailedWithError
                };
                info.error = Some(error.clone());
            }
        }
        let bytes = match &outcome {
            Ok(result) => result
                .batches
                .iter()
                .map(|b| b.get_array_memory_size())
                .sum(),
            Err(_) => 0,
        };
        inner.bytes += bytes;
        inner.order.push_back(query_id.to_owned());
        inner.finished.insert(
            query_id.to_owned(),
            Finished {
                info,
                result: Some(outcome),
                bytes,
            },
        );
        inner.evict(self.shared.max_finished, self.shared.max_bytes);
        running.done.cancel();
    }
}

impl Inner {
    fn forget_finished(&mut self, query_id: &str) {
        if let Some(old) = self.finished.remove(query_id) {
            self.bytes -= old.bytes;
            self.order.retain(|id| id != query_id);
        }
    }

    /// Drops the oldest entries beyond `max_finished`, then the oldest results beyond
    /// `max_bytes` (their status stays).
    fn evict(&mut self, max_finished: usize, max_bytes: usize) {
        while self.order.len() > max_finished {
            if let Some(oldest) = self.order.pop_front()
                && let Some(old) = self.finished.remove(&oldest)
            {
                self.bytes -= old.bytes;
            }
        }
        for id in &self.order {
            if self.bytes <= max_bytes {
                break;
            }
            if let Some(entry) = self.finished.get_mut(id)
                && entry.bytes > 0
            {
                self.bytes -= entry.bytes;
                entry.bytes = 0;
                entry.result = None;
            }
        }
    }
}

/// A registered running statement. Complete it with [`Registration::finish`]; dropping it
/// unfinished (the statement's future was dropped) records the statement as aborted.
#[derive(Debug)]
pub struct Registration {
    queries: Queries,
    query_id: String,
    cancel: CancellationToken,
    completed: bool,
}

impl Registration {
    /// The query id.
    pub fn query_id(&self) -> &str {
        &self.query_id
    }

    /// The token cancelled when someone cancels this statement.
    #[cfg(test)]
    pub fn token(&self) -> &CancellationToken {
        &self.cancel
    }

    /// Runs `statement` until it finishes, is cancelled (error 000604) or `timeout` passes
    /// (error 000630). Dropping the statement's future stops its work.
    pub async fn run<F>(&self, statement: F, timeout: Option<Duration>) -> Result<QueryResult>
    where
        F: std::future::Future<Output = Result<QueryResult>>,
    {
        let limited = async {
            match timeout {
                Some(limit) => match tokio::time::timeout(limit, statement).await {
                    Ok(outcome) => outcome,
                    Err(_) => Err(timed_out(limit)),
                },
                None => statement.await,
            }
        };
        tokio::select! {
            biased;
            outcome = limited => outcome,
            () = self.cancel.cancelled() => Err(cancelled()),
        }
    }

    /// Records the statement's outcome under its id.
    pub fn finish(mut self, outcome: &Result<QueryResult>) {
        self.completed = true;
        let outcome = outcome.clone().map(|mut result| {
            result.query_id.clone_from(&self.query_id);
            result
        });
        self.queries.complete(&self.query_id, outcome);
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if !self.completed {
            self.queries.complete(&self.query_id, Err(cancelled()));
        }
    }
}

/// Snowflake's error for a statement that ran past STATEMENT_TIMEOUT_IN_SECONDS.
fn timed_out(limit: Duration) -> EmulatorError {
    EmulatorError::new(
        ErrorKind::StatementTimeout,
        format!(
            "Statement reached its statement or warehouse timeout of {} second(s) and was canceled.",
            limit.as_secs()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::StatementType;

    fn ok() -> Result<QueryResult> {
        QueryResult::status(StatementType::Ddl, "done")
    }

    #[tokio::test]
    async fn statements_move_from_running_to_finished() {
        let queries = Queries::default();
        let registration = queries.register("q1", 7, "select 1").unwrap();
        assert!(queries.register("q1", 7, "again").is_err());
        let info = queries.status("q1").unwrap();
        assert_eq!(info.status, QueryStatus::Running);
        assert_eq!((info.session_id, info.sql_text.as_str()), (7, "select 1"));
        assert!(matches!(queries.result("q1"), Some(QueryOutcome::Running)));
        assert_eq!(queries.running().len(), 1);
        registration.finish(&ok());
        let info = queries.status("q1").unwrap();
        assert_eq!(info.status.as_str(), "SUCCESS");
        assert!(info.end_time.is_some());
        match queries.result("q1") {
            Some(QueryOutcome::Finished(Ok(result))) => assert_eq!(result.query_id, "q1"),
            other => panic!("unexpected {other:?}"),
        }
        assert!(queries.running().is_empty());
        assert!(queries.status("unknown").is_none());
        assert!(!queries.cancel("q1"), "finished statements are not running");
    }

    #[tokio::test]
    async fn errors_cancellation_and_drops_are_recorded() {
        let queries = Queries::default();
        let failing = queries.register("bad", 1, "selec").unwrap();
        failing.finish(&Err(EmulatorError::not_found("Table", "T")));
        let info = queries.status("bad").unwrap();
        assert_eq!(info.status, QueryStatus::FailedWithError);
        assert_eq!(info.error.unwrap().code(), "002003");

        let waiting = queries
            .register("slow", 1, "select system$wait(60)")
            .unwrap();
        let never = std::future::pending::<Result<QueryResult>>();
        let (outcome, cancelled_one) =
            tokio::join!(waiting.run(never, None), async { queries.cancel("slow") });
        assert!(cancelled_one);
        assert_eq!(outcome.as_ref().unwrap_err().code(), "000604");
        waiting.finish(&outcome);
        assert_eq!(queries.status("slow").unwrap().status, QueryStatus::Aborted);

        let dropped = queries.register("dropped", 1, "select 1").unwrap();
        drop(dropped);
        let info = queries.status("dropped").unwrap();
        assert_eq!(info.status, QueryStatus::Aborted);
        assert!(info.status.is_error());
    }

    #[tokio::test]
    async fn timeouts_and_session_cancellation() {
        let queries = Queries::default();
        let slow = queries.register("t", 3, "select 1").unwrap();
        let outcome = slow
            .run(
                std::future::pending::<Result<QueryResult>>(),
                Some(Duration::from_millis(10)),
            )
            .await;
        let error = outcome.unwrap_err();
        assert_eq!(error.code(), "000630");
        assert!(error.to_string().contains("timeout of 0 second(s)"));
        drop(slow);

        let a = queries.register("a", 5, "select 1").unwrap();
        let b = queries.register("b", 5, "select 2").unwrap();
        let c = queries.register("c", 6, "select 3").unwrap();
        assert_eq!(queries.cancel_session(5), 2);
        assert!(a.token().is_cancelled() && b.token().is_cancelled());
        assert!(!c.token().is_cancelled());
        assert_eq!(c.query_id(), "c");
    }

    #[tokio::test]
    async fn wait_returns_when_the_statement_finishes() {
        let queries = Queries::default();
        let registration = queries.register("w", 1, "select 1").unwrap();
        let timed_out = queries.wait("w", Duration::from_millis(5)).await.unwrap();
        assert!(timed_out.status.is_running());
        let (info, ()) = tokio::join!(queries.wait("w", Duration::from_secs(30)), async {
            tokio::time::sleep(Duration::from_millis(5)).await;
            registration.finish(&ok());
        });
        assert_eq!(info.unwrap().status, QueryStatus::Success);
        assert!(queries.wait("nope", Duration::from_secs(1)).await.is_none());
    }

    #[test]
    fn the_store_is_bounded_by_count_and_bytes() {
        let queries = Queries::with_limits(3, usize::MAX);
        for i in 0..5 {
            queries
                .register(&format!("q{i}"), 1, "x")
                .unwrap()
                .finish(&ok());
        }
        assert!(queries.status("q0").is_none() && queries.status("q1").is_none());
        assert!(queries.status("q4").is_some());

        let queries = Queries::with_limits(10, 0);
        queries.register("big", 1, "x").unwrap().finish(&ok());
        assert_eq!(queries.status("big").unwrap().status, QueryStatus::Success);
        assert!(matches!(queries.result("big"), Some(QueryOutcome::Expired)));
        // A finished id can be used again; the old outcome is replaced.
        queries.register("big", 1, "y").unwrap().finish(&ok());
        assert_eq!(queries.status("big").unwrap().sql_text, "y");
    }
}
