//! How handles run generated calls: retries for idempotent ones, polling for long-running ones.

use std::{future::Future, time::Duration};

use progenitor_client::{Error as GeneratedError, ResponseValue};
use serde::Serialize;
use snowapi_rest::{Outcome, outcome};
use tracing::Instrument;

use crate::{CoreError, PollingOperation, Root};

impl Root {
    /// Runs an idempotent call, retrying it while Snowflake answers 429/503/504 or cannot be
    /// reached, with exponential backoff that honours `Retry-After`.
    pub(crate) async fn idempotent<T, E, F, Fut>(
        &self,
        operation: &'static str,
        mut call: F,
    ) -> Result<T, CoreError>
    where
        E: Serialize,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, GeneratedError<E>>>,
    {
        let policy = self.options().retry;
        let span = tracing::info_span!("snowapi_core", operation, attempt = tracing::field::Empty);
        async {
            let mut backoff = policy.initial_backoff;
            let mut attempt = 1;
            loop {
                tracing::Span::current().record("attempt", attempt);
                let error = match call().await {
                    Ok(value) => return Ok(value.into_inner()),
                    Err(error) => CoreError::from(snowapi_rest::RestError::from(error)),
                };
                if attempt >= policy.max_attempts || !error.is_transient() {
                    return Err(error);
                }
                let wait = error
                    .api()
                    .and_then(|api| api.retry_after)
                    .unwrap_or(backoff)
                    .min(policy.max_backoff);
                tracing::warn!(%error, ?wait, attempt, "transient failure; retrying");
                tokio::time::sleep(wait).await;
                backoff = (backoff * 2).min(policy.max_backoff);
                attempt += 1;
            }
        }
        .instrument(span)
        .await
    }

    /// Starts an operation that Snowflake may finish later (answering `202 Accepted`): the
    /// answer, or where to poll for it. Never retried, since the first attempt may have acted.
    pub(crate) async fn start<R, T, E>(
        &self,
        operation: &'static str,
        result: Result<ResponseValue<R>, GeneratedError<E>>,
        convert: fn(serde_json::Value) -> Result<T, CoreError>,
    ) -> Result<PollingOperation<T>, CoreError>
    where
        R: Serialize,
        E: Serialize,
    {
        match outcome(result).await? {
            Outcome::Done(value) => {
                let body = serde_json::to_value(value.into_inner())
                    .map_err(CoreError::invalid_response)?;
                Ok(PollingOperation::done(
                    self.clone(),
                    operation,
                    body,
                    convert,
                ))
            }
            Outcome::Accepted(accepted) => {
                tracing::info!(operation, location = %accepted.location, "operation goes on in the background");
                Ok(PollingOperation::pending(
                    self.clone(),
                    operation,
                    accepted,
                    convert,
                ))
            }
        }
    }

    /// Runs an operation to its end, polling when Snowflake finishes it in the background.
    pub(crate) async fn finish<R, T, E>(
        &self,
        operation: &'static str,
        result: Result<ResponseValue<R>, GeneratedError<E>>,
        convert: fn(serde_json::Value) -> Result<T, CoreError>,
    ) -> Result<T, CoreError>
    where
        R: Serialize,
        E: Serialize,
    {
        self.start(operation, result, convert).await?.result().await
    }
}

/// For operations whose answer is only a status message.
pub(crate) fn discard(_: serde_json::Value) -> Result<(), CoreError> {
    Ok(())
}

/// The next wait between polls: half again as long, up to `max`.
pub(crate) fn grow(interval: Duration, max: Duration) -> Duration {
    (interval + interval / 2).min(max)
}
