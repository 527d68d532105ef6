//! The Snowflake resource tree.
//!
//! `snowapi-core` is the Rust counterpart of Snowflake's Python API (`snowflake.core`): it manages
//! Snowflake objects without SQL. A `Root` leads to collections (databases, warehouses, roles,
//! users, compute pools, ...) and from a database down to schemas and their tables, views, tasks
//! and stages. Handles are owned and cheap to clone; building one makes no request.
//!
//! It is a thin, hand-written layer over the generated REST API v2 clients of `snowapi-rest`:
//! typed models and builders, `create`/`fetch`/`iter`/`drop` verbs, polling of long-running
//! operations and Snowflake's error classes.
