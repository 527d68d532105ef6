//! Requests of the `service` API.
