//! SQL for Snowflake.
//!
//! `snowapi-query` runs SQL statements against Snowflake, over the connector protocol that every
//! Snowflake driver speaks and over the stateless SQL API v2: synchronous and asynchronous
//! statements, status polling, cancellation, positional and named binds, and results as Arrow
//! record batches whatever format the server chose.
//!
//! It sits above `snowapi-auth` (sessions and tokens) and `snowapi-rest` (the generated SQL API v2
//! client), and below the `snowapi` facade.
