//! Requests of the `database_role` API.
