//! Requests of the `sqlapi` API.
