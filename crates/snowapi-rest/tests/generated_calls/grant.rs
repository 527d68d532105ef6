//! Requests of the `grant` API.
