//! Requests of the `stage` API.
