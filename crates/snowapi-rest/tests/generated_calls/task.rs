//! Requests of the `task` API.
