//! Requests of the `schema` API.
