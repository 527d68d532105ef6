//! Requests of the `warehouse` API.
