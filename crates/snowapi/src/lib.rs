//! snowapi: the Rust SDK for Snowflake.
//!
//! This facade is the crate applications depend on. It brings together, behind features:
//!
//! - `snowapi-auth`: connection configuration, credentials, authenticators and sessions;
//! - `snowapi-rest`: the generated low-level clients of Snowflake's REST API v2;
//! - `snowapi-query`: SQL statements with Arrow results;
//! - `snowapi-core`: the resource tree (databases, schemas, tables, warehouses, tasks, ...);
//! - `snowapi-emulator`: a local Snowflake-compatible server for offline development and tests.
