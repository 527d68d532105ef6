//! A local Snowflake-compatible server.
//!
//! `snowapi-emulator` runs a Snowflake look-alike on loopback for development and tests without an
//! account: it speaks the connector protocol (what the official drivers use), the SQL API v2 and
//! the REST API v2, over one shared catalog, with SQL executed by DataFusion. The official Python
//! connector and `snowflake.core` accept it as a server.
//!
//! It shares no code with the client crates except through their public APIs.
