//! Requests of the `table` API.
