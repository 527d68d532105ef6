//! Requests of the `role` API.
