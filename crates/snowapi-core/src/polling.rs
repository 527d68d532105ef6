//! Long-running operations: what `snowflake.core`'s `_async` verbs return.

use std::{fmt, time::Instant};

use snowapi_rest::{Accepted, Outcome, outcome, result};

use crate::{CoreError, Root, call::grow};

/// An operation Snowflake may still be carrying out.
///
/// Verbs that can answer `202 Accepted` have a `…_async` variant returning this; the plain verb
/// is `…_async(…).await?.result().await`. Polling goes to `GET /api/v2/results/{handle}` with a
/// growing interval, within the root's [`PollingPolicy`](crate::PollingPolicy).
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::{CreateMode, database::Database};
///
/// let operation = root.databases().create_async(&Database::new("big_db"), CreateMode::IfNotExists).await?;
/// if !operation.is_done() {
///     tracing::info!(location = ?operation.location(), "creation goes on");
/// }
/// operation.result().await?;
/// let database = root.databases().get("big_db").fetch().await?;
/// assert_eq!(database.name, "BIG_DB");
/// # Ok(()) }
/// ```
pub struct PollingOperation<T> {
    root: Root,
    operation: &'static str,
    state: State,
    convert: fn(serde_json::Value) -> Result<T, CoreError>,
}

enum State {
    Done(serde_json::Value),
    Pending(Accepted),
}

impl<T> fmt::Debug for PollingOperation<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollingOperation")
            .field("operation", &self.operation)
            .field("done", &self.is_done())
            .field("location", &self.location())
            .finish()
    }
}

impl<T> PollingOperation<T> {
    pub(crate) fn done(
        root: Root,
        operation: &'static str,
        body: serde_json::Value,
        convert: fn(serde_json::Value) -> Result<T, CoreError>,
    ) -> Self {
        Self {
            root,
            operation,
            state: State::Done(body),
            convert,
        }
    }

    pub(crate) fn pending(
        root: Root,
        operation: &'static str,
        accepted: Accepted,
        convert: fn(serde_json::Value) -> Result<T, CoreError>,
    ) -> Self {
        Self {
            root,
            operation,
            state: State::Pending(accepted),
            convert,
        }
    }

    /// Whether the outcome is known already (no polling needed).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let op = root.warehouses().get("etl_wh").use_warehouse_async().await?;
    /// if !op.is_done() {
    ///     tracing::info!(at = ?op.location(), "running in the background");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done(_))
    }

    /// Where the operation is polled, while it goes on.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let op = root.databases().get("scratch").drop_async(true).await?;
    /// println!("poll at {:?}", op.location());
    /// # Ok(()) }
    /// ```
    pub fn location(&self) -> Option<&str> {
        match &self.state {
            State::Pending(accepted) => Some(&accepted.location),
            State::Done(_) => None,
        }
    }

    /// The operation's name (`create_database`, …).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let op = root.compute_pools().get("pool_s").stop_all_services_async().await?;
    /// tracing::info!(operation = op.operation(), "started");
    /// # Ok(()) }
    /// ```
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Asks Snowflake once whether the operation has finished; `true` when it has (then
    /// [`result`](Self::result) answers without another request).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let mut op = root.warehouses().get("etl_wh").abort_all_queries_async(true).await?;
    /// while !op.poll().await? {
    ///     tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn poll(&mut self) -> Result<bool, CoreError> {
        let State::Pending(accepted) = &self.state else {
            return Ok(true);
        };
        let handle = handle_of(accepted)?;
        let client: result::Client = self.root.api();
        let polled = outcome(client.fetch_result(&handle, None).await).await?;
        match polled {
            Outcome::Done(value) => {
                self.state = State::Done(value.into_inner());
                Ok(true)
            }
            Outcome::Accepted(next) => {
                self.state = State::Pending(next);
                Ok(false)
            }
        }
    }

    /// Waits for the operation to finish and returns its outcome; gives up with
    /// [`CoreError::RetryTimeout`] after the polling policy's timeout.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let op = root.compute_pools().get("pool_s").stop_all_services_async().await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn result(mut self) -> Result<T, CoreError> {
        let policy = self.root.options().polling;
        let started = Instant::now();
        let mut interval = policy.initial_interval;
        while !self.poll().await? {
            let waited = started.elapsed();
            if waited >= policy.timeout {
                return Err(CoreError::RetryTimeout {
                    operation: self.operation.to_owned(),
                    waited,
                    location: self.location().unwrap_or_default().to_owned(),
                });
            }
            tokio::time::sleep(interval.min(policy.timeout.saturating_sub(waited))).await;
            interval = grow(interval, policy.max_interval);
        }
        match self.state {
            State::Done(body) => (self.convert)(body),
            State::Pending(_) => Err(CoreError::invalid_response(
                "polling ended without an outcome",
            )),
        }
    }
}

/// The result handle of a 202: the one Snowflake named, or the last segment of its location.
fn handle_of(accepted: &Accepted) -> Result<String, CoreError> {
    if let Some(handle) = &accepted.result_handler {
        return Ok(handle.clone());
    }
    accepted
        .location
        .split('?')
        .next()
        .and_then(|path| path.strip_prefix("/api/v2/results/"))
        .filter(|handle| !handle.is_empty() && !handle.contains('/'))
        .map(str::to_owned)
        .ok_or_else(|| {
            CoreError::invalid_response(format!(
                "202 Accepted pointing at `{}`, not at a result handle",
                accepted.location
            ))
        })
}
