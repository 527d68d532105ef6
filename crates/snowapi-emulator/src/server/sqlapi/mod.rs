//! SQL API v2 (PROTOCOL.md 5): `POST /api/v2/statements` runs SQL in a fresh engine session of
//! the caller's user, `GET /api/v2/statements/{handle}` polls it and pages through its result
//! partitions, `POST /api/v2/statements/{handle}/cancel` stops it.
//!
//! Answers carry the real HTTP status (200 done, 202 running, 408 timed out, 422 failed, 400 bad
//! request, 401 refused credentials, 404 unknown handle) with JSON bodies that our generated
//! client (`snowapi_rest::sqlapi`) decodes, gzip-compressed when the client accepts it.

mod batch_binds;
mod cancel;
mod errors;
mod reply;
mod respond;
mod result_set;
mod split;
mod status;
mod store;
mod submit;

pub(crate) use cancel::cancel;
pub(crate) use status::status;
pub(crate) use store::Statements;
pub(crate) use submit::submit;

/// The path a statement is polled at.
pub(crate) fn status_url(handle: &str) -> String {
    format!("/api/v2/statements/{handle}")
}
