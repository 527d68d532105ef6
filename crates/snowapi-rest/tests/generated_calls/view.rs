//! Requests of the `view` API.
