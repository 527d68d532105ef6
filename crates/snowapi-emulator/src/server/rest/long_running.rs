//! Long-running operations: requests the builder chose (`EmulatorBuilder::rest_long_running`)
//! are answered `202 Accepted` at once with a result handle, and the request itself runs after
//! the configured delay; `GET /api/v2/results/{handle}` (see `results.rs`) answers 202 until it
//! has finished, then the request's own status and body. This exercises clients' polling for
//! real without any handler knowing about it.

use std::{sync::Arc, time::Duration};

use axum::{
    Json,
    body::Body,
    extract::Request,
    http::{HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use super::{error::RestError, results::ResultStore};
use crate::server::router::AppState;

/// Code of an operation still running.
pub(crate) const IN_PROGRESS_CODE: &str = "392604";
/// Message of an operation still running.
const IN_PROGRESS_MESSAGE: &str = "Request execution in progress. Use the provided location header or result handler ID to perform query monitoring and management.";

/// One operation the server answers with 202: requests of `method` (any method when `None`)
/// whose path starts with `path_prefix` complete `delay` after they arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LongRunning {
    /// The HTTP method, or `None` for any.
    pub(crate) method: Option<Method>,
    /// The start of the paths it covers, such as `/api/v2/databases`.
    pub(crate) path_prefix: String,
    /// How long after the request the operation runs.
    pub(crate) delay: Duration,
}

impl LongRunning {
    /// Reads `"POST /api/v2/databases"` (or a bare path prefix, for any method).
    pub(crate) fn parse(operation: &str, delay: Duration) -> Self {
        let operation = operation.trim();
        let (method, path) = match operation.split_once(char::is_whitespace) {
            Some((method, path)) => (
                Method::from_bytes(method.trim().to_ascii_uppercase().as_bytes()).ok(),
                path.trim(),
            ),
            None => (None, operation),
        };
        Self {
            method,
            path_prefix: path.to_owned(),
            delay,
        }
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method) && path.starts_with(&self.path_prefix)
    }
}

/// The path a result handle is polled at.
pub(crate) fn location(handle: &str) -> String {
    format!("/api/v2/results/{handle}")
}

/// The 202 body and `Location` header of a pending operation.
pub(crate) fn accepted(handle: &str) -> Response {
    let body = json!({
        "code": IN_PROGRESS_CODE,
        "message": IN_PROGRESS_MESSAGE,
        "resultHandler": handle,
    });
    let mut response = (StatusCode::ACCEPTED, Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&location(handle)) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The delay and the caller's user if the request is one the configuration makes long-running
/// and its caller authenticates (a refused request still gets its 401 at once).
pub(crate) fn configured(state: &AppState, request: &Request) -> Option<(Duration, String)> {
    let rule = state
        .config
        .rest_long_running
        .iter()
        .find(|rule| rule.matches(request.method(), request.uri().path()))?;
    let caller = crate::server::bearer::authenticate(state, request.headers()).ok()?;
    Some((rule.delay, caller.user))
}

/// A request about to be run in the background.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    /// How long to wait before running it.
    pub(crate) delay: Duration,
    /// Whose it is (only they may poll it).
    pub(crate) user: String,
    /// The id of the accepting request, for the error body of a failure.
    pub(crate) request_id: String,
}

/// Registers a result handle, runs `request` with `run` after the delay on a background task,
/// and returns the 202.
pub(crate) fn accept(
    store: &Arc<ResultStore>,
    request: Request,
    pending: Pending,
    run: impl FnOnce(Request) -> futures::future::BoxFuture<'static, Response> + Send + 'static,
) -> Response {
    let handle = uuid::Uuid::new_v4().to_string();
    store.pending(&handle, &pending.user);
    tracing::info!(
        result_handle = handle.as_str(),
        method = %request.method(),
        path = request.uri().path(),
        delay_ms = pending.delay.as_millis() as u64,
        "REST operation accepted as long-running"
    );
    let (delay, task_store, task_handle) = (pending.delay, Arc::clone(store), handle.clone());
    let request_id = pending.request_id;
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let response = run(request).await;
        let (mut parts, body) = response.into_parts();
        let bytes = match parts.extensions.remove::<RestError>() {
            Some(error) => error.body(Some(&request_id)).to_string().into(),
            None => match axum::body::to_bytes(body, usize::MAX).await {
                Ok(bytes) => bytes,
                Err(error) => {
                    parts.status = StatusCode::INTERNAL_SERVER_ERROR;
                    RestError::internal(format!("reading the operation's answer: {error}"))
                        .body(Some(&request_id))
                        .to_string()
                        .into()
                }
            },
        };
        tracing::debug!(
            result_handle = task_handle.as_str(),
            status = parts.status.as_u16(),
            "long-running REST operation finished"
        );
        task_store.finish(&task_handle, parts.status, bytes);
    });
    accepted(&handle)
}

/// A stored answer replayed as a response.
pub(crate) fn replay(status: StatusCode, body: axum::body::Bytes) -> Response {
    let mut response = (status, Body::from(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_match_method_and_prefix() {
        let rule = LongRunning::parse("post /api/v2/databases", Duration::from_secs(1));
        assert!(rule.matches(&Method::POST, "/api/v2/databases"));
        assert!(rule.matches(&Method::POST, "/api/v2/databases/D:clone"));
        assert!(!rule.matches(&Method::GET, "/api/v2/databases"));
        assert!(!rule.matches(&Method::POST, "/api/v2/warehouses"));
        let any = LongRunning::parse("/api/v2/", Duration::ZERO);
        assert!(any.matches(&Method::DELETE, "/api/v2/databases/X"));
        let answer = accepted("h1");
        assert_eq!(answer.status(), StatusCode::ACCEPTED);
        assert_eq!(answer.headers()[header::LOCATION], "/api/v2/results/h1");
    }
}
