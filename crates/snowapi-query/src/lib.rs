//! SQL for Snowflake.
//!
//! `snowapi-query` runs SQL statements against Snowflake, over the connector protocol that every
//! Snowflake driver speaks and over the stateless SQL API v2: synchronous and asynchronous
//! statements, status polling, cancellation, positional and named binds, and results as Arrow
//! record batches whatever format the server chose.
//!
//! It sits above `snowapi-auth` (sessions and tokens) and `snowapi-rest` (the generated SQL API v2
//! client), and below the `snowapi` facade.
//!
//! The modules, bottom up:
//!
//! - [`wire`]: serde DTOs of the connector protocol (query request body, answer envelope and
//!   data, `rowtype`, chunks, bindings), lenient about the shapes Snowflake varies;
//! - [`Column`], [`SnowflakeType`], [`StatementType`]: the domain description of a result;
//! - the [standard schema](standard_schema): the one Arrow schema every result is delivered in
//!   (NUMBER → `Int64`/`Decimal128`, timestamps → `Timestamp(ns)`, VARIANT → `Utf8` tagged with
//!   `snowflake.type` metadata...);
//! - [`ArrowConverter`]: Snowflake's wire Arrow (scaled integers, epoch/fraction structs) to the
//!   standard schema, batch by batch, from IPC streams raw or base64;
//! - [`JsonRowsetDecoder`]: JSON rowsets (connector chunks and SQL API v2 partitions) straight
//!   from their bytes to the same standard schema;
//! - [`BindValue`], [`ToSql`], [`Binds`]: typed bind values encoded as the protocol wants them,
//!   positional, named and array (batch) binds;
//! - [`QueryError`]: everything that can go wrong, keeping Snowflake's code, SQLSTATE and query id;
//! - [`Connection`], [`Statement`], [`QueryResult`], [`Row`]: running statements and reading
//!   their results (inline rows, then chunks downloaded ahead with a bounded window);
//! - [`AsyncQuery`], [`QueryHandle`], [`QueryStatus`]: statements submitted now and collected
//!   later; [`Cursor`]: the Python connector's cursor shape;
//! - [`SqlApi`], [`SqlApiStatement`], [`SqlApiResult`]: the stateless SQL API v2 (bearer
//!   tokens, request-id idempotency, partitions fetched concurrently into the same Arrow
//!   schema); [`QueryJob`]: long statements as create / get / delete jobs for orchestrators.

mod arrow_convert;
mod async_query;
mod bind_value;
mod binds;
mod connection;
mod cursor;
mod error;
mod jobs;
mod json_decode;
mod result;
mod retry;
mod schema;
mod sqlapi;
mod statement;
mod types;
pub mod wire;

pub use arrow_convert::ArrowConverter;
pub use async_query::{AsyncQuery, QueryHandle, QueryStatus};
pub use bind_value::{BindType, BindValue, ToSql};
pub use binds::{ArrayBind, Binds};
pub use connection::{Connection, ConnectionOptions, DEFAULT_PREFETCH};
pub use cursor::Cursor;
pub use error::QueryError;
pub use jobs::{JobLogs, JobMetadata, JobMetrics, Phase, QueryJob};
pub use json_decode::JsonRowsetDecoder;
pub use result::{ColumnIndex, FromCell, QueryResult, Row};
pub use retry::RetryPolicy;
pub use schema::{
    SNOWFLAKE_LENGTH, SNOWFLAKE_PRECISION, SNOWFLAKE_SCALE, SNOWFLAKE_TIMEZONE, SNOWFLAKE_TYPE,
    standard_data_type, standard_field, standard_schema,
};
pub use sqlapi::{SqlApi, SqlApiResult, SqlApiStatement, StatementState};
pub use statement::Statement;
pub use types::{Column, SnowflakeType, StatementType};
