//! Requests of the `compute_pool` API.
