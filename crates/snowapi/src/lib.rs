//! snowapi: the Rust SDK for Snowflake.
//!
//! This facade is the crate applications depend on. [`Client`] is one logged-in session for SQL
//! ([`Client::sql`], [`Client::query`], [`Client::submit`]) and for the resource tree
//! ([`Client::root`]); the layers underneath are re-exported as modules:
//!
//! | module | crate | feature |
//! | --- | --- | --- |
//! | [`auth`] | `snowapi-auth`: connection configuration, credentials, sessions | always |
//! | [`rest`] | `snowapi-rest`: generated REST API v2 / SQL API v2 clients | always |
//! | [`query`] | `snowapi-query`: SQL statements, Arrow results, async queries, SQL API | `query` (default) |
//! | [`core`] | `snowapi-core`: the resource tree, the counterpart of `snowflake.core` | `core` (default) |
//! | [`emulator`] | `snowapi-emulator`: a local Snowflake-compatible server | `emulator` |
//!
//! ```no_run
//! use snowapi::prelude::*;
//!
//! # async fn demo() -> snowapi::Result<()> {
//! // The default connection (connections.toml / SNOWFLAKE_*), or the embedded emulator when
//! // none is configured (with the `emulator` feature).
//! let client = Client::connect().await?;
//! client.root().databases().create(&Database::new("demo"), CreateMode::IfNotExists).await?;
//! client.sql("create or replace table demo.public.t (id int, name varchar)").await?;
//! client.sql(Statement::new("insert into demo.public.t values (?, ?)").bind(1_i64).bind("one")).await?;
//! for row in client.query("select id, name from demo.public.t").await? {
//!     let (id, name): (i64, String) = (row.get(0)?, row.get(1)?);
//!     tracing::info!(id, %name, "row");
//! }
//! # Ok(()) }
//! ```

#[cfg(feature = "query")]
mod client;
#[cfg(feature = "emulator")]
mod emulate;
mod error;
pub mod prelude;

#[cfg(feature = "query")]
pub use client::{Client, ClientBuilder};
pub use error::{Error, Result};

/// Connection configuration, credentials, authenticators and sessions (`snowapi-auth`).
pub mod auth {
    #[doc(inline)]
    pub use snowapi_auth::*;
}

/// The generated low-level clients of the REST API v2 and SQL API v2 (`snowapi-rest`).
pub mod rest {
    #[doc(inline)]
    pub use snowapi_rest::*;
}

/// SQL: statements, binds, Arrow results, async queries, the SQL API (`snowapi-query`).
#[cfg(feature = "query")]
pub mod query {
    #[doc(inline)]
    pub use snowapi_query::*;
}

/// The resource tree: databases, schemas, tables, warehouses, tasks, … (`snowapi-core`).
#[cfg(feature = "core")]
pub mod core {
    #[doc(inline)]
    pub use snowapi_core::*;
}

/// A local Snowflake-compatible server for offline development and tests (`snowapi-emulator`).
#[cfg(feature = "emulator")]
pub mod emulator {
    #[doc(inline)]
    pub use snowapi_emulator::server::*;
}

/// Compiles the README's Rust example as a doctest, so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExample;
