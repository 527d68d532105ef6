//! Requests of the `user` API.
