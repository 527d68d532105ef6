//! Requests of the `result` API.
