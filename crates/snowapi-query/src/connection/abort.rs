//! Cancelling statements: by query id, by the `requestId` of the request that started them, and
//! automatically when the future of a synchronous statement is dropped (PROTOCOL §2.9).

use std::sync::Arc;

use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

use super::{Call, Inner};
use crate::error::QueryError;

impl Inner {
    /// `POST /queries/{id}/abort-request`: whether the statement was running and is now
    /// aborted (`success: false` means it was not running, not an error).
    pub(crate) async fn abort_query(&self, query_id: &str) -> Result<bool, QueryError> {
        let body = json!({});
        let target = format!("/queries/{query_id}/abort-request");
        let answer = self
            .call::<serde_json::Value>(Call {
                operation: "abort",
                method: Method::POST,
                target: &target,
                body: Some(&body),
                request_id: Some(Uuid::new_v4()),
                query_id: Some(query_id),
            })
            .await?;
        Ok(answer.success == Some(true))
    }

    /// `POST /queries/v1/abort-request`: cancels what the query-request `request_id` started.
    pub(crate) async fn abort_request(
        &self,
        request_id: Uuid,
        sql: &str,
    ) -> Result<bool, QueryError> {
        let body = json!({"sqlText": sql, "requestId": request_id.to_string()});
        let answer = self
            .call::<serde_json::Value>(Call {
                operation: "abort-request",
                method: Method::POST,
                target: "/queries/v1/abort-request",
                body: Some(&body),
                request_id: Some(Uuid::new_v4()),
                query_id: None,
            })
            .await?;
        Ok(answer.success == Some(true))
    }
}

/// Cancels a synchronous statement on the server when dropped while armed: the caller dropped
/// the future (or its timeout fired) before the answer came.
pub(crate) struct AbortOnDrop {
    armed: Option<(Arc<Inner>, Uuid, String)>,
}

impl AbortOnDrop {
    /// A guard for the statement `sql` sent as `request_id`; unarmed when `enabled` is false.
    pub(crate) fn new(inner: &Arc<Inner>, request_id: Uuid, sql: &str, enabled: bool) -> Self {
        Self {
            armed: enabled.then(|| (inner.clone(), request_id, sql.to_owned())),
        }
    }

    /// The statement finished: nothing to cancel.
    pub(crate) fn disarm(&mut self) {
        self.armed = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        let Some((inner, request_id, sql)) = self.armed.take() else {
            return;
        };
        // Dropping cannot wait for the network: the abort goes on a task of the current
        // runtime, and is skipped (with a log) when there is none.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                tracing::info!(%request_id, "statement dropped before it finished; cancelling it");
                runtime.spawn(async move {
                    if let Err(error) = inner.abort_request(request_id, &sql).await {
                        tracing::warn!(%request_id, %error, "could not cancel the dropped statement");
                    }
                });
            }
            Err(_) => {
                tracing::warn!(%request_id, "statement dropped outside a Tokio runtime; not cancelled");
            }
        }
    }
}
