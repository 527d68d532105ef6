//! The Snowflake resource tree.
//!
//! `snowapi-core` is the Rust counterpart of Snowflake's Python API (`snowflake.core`): it manages
//! Snowflake objects without SQL. A [`Root`] leads to collections (databases, warehouses, roles,
//! users, compute pools, …) and from a database down to schemas and their tables, views, tasks
//! and stages. Handles are owned and cheap to clone; building one makes no request.
//!
//! It is a thin, hand-written layer over the generated REST API v2 clients of `snowapi-rest`:
//! typed models with chained setters, `create` / `fetch` / `iter` / `drop` verbs, polling of
//! long-running operations ([`PollingOperation`]) and Snowflake's error classes ([`CoreError`]).
//!
//! ```no_run
//! # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
//! use snowapi_core::{CreateMode, database::Database};
//!
//! let db = root.databases().create(&Database::new("demo_db"), CreateMode::IfNotExists).await?;
//! let fetched = db.fetch().await?;
//! tracing::info!(name = %fetched.name, owner = ?fetched.owner, "database");
//! db.drop().await?;
//! # Ok(()) }
//! ```

mod account_object;
mod call;
pub mod compute_pool;
mod convert;
mod create_mode;
pub mod database;
pub mod database_role;
mod error;
pub mod grant;
pub mod image_repository;
mod listing;
mod point_of_time;
mod polling;
mod record;
pub mod role;
mod root;
pub mod schema;
pub mod service;
mod setters;
pub mod stage;
pub mod table;
mod tags;
pub mod task;
mod text_enum;
pub mod user;
mod verbs;
pub mod view;
pub mod warehouse;

pub use create_mode::CreateMode;
pub use error::{ApiError, CoreError};
pub use listing::{ListOptions, Listing, Named};
pub use point_of_time::{PointOfTime, Reference};
pub use polling::PollingOperation;
pub use root::{PollingPolicy, RetryPolicy, Root, RootOptions};
/// Timestamps of read-only model fields, as Snowflake reports them.
pub use snowapi_rest::Timestamp;
pub use tags::{TagAssignment, TagReference};
