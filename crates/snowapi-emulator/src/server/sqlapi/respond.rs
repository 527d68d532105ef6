//! Answering with where a statement is: 202 `QueryStatus` while it runs, 200 `ResultSet` (first
//! partition) once done, 422 `QueryFailureStatus` (or 408 for a timeout, on submission) when it
//! failed.

use axum::{
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde_json::json;

use super::{
    errors, reply, result_set,
    store::{Entry, Progress},
};

/// Code of a statement still running.
const IN_PROGRESS: &str = "333334";
/// Message of a statement still running.
const IN_PROGRESS_MESSAGE: &str = "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.";

/// The 202 of a statement still running.
pub(crate) fn accepted(headers: &HeaderMap, entry: &Entry) -> Response {
    let body = json!({
        "code": IN_PROGRESS,
        "message": IN_PROGRESS_MESSAGE,
        "statementHandle": entry.handle,
        "statementStatusUrl": super::status_url(&entry.handle),
        "createdOn": entry.created_on,
    });
    reply::json(headers, StatusCode::ACCEPTED, &body, None)
}

/// The answer for `progress`; a timed-out statement answers `timeout_status` (408 on
/// submission, 422 when polled).
pub(crate) fn progress(
    headers: &HeaderMap,
    entry: &Entry,
    progress: &Progress,
    timeout_status: StatusCode,
) -> Response {
    match progress {
        Progress::Running => accepted(headers, entry),
        Progress::Succeeded(done) => {
            let link = result_set::link(&entry.handle, 0, done.partitions.len());
            let body = result_set::first_partition(entry, done);
            reply::json(headers, StatusCode::OK, &body, link)
        }
        Progress::Failed(failure) => {
            let status = if failure.is_timeout() {
                timeout_status
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let body = errors::failure_body(failure, &entry.handle, entry.created_on);
            reply::json(headers, status, &body, None)
        }
    }
}
