//! A local Snowflake-compatible server.
//!
//! `snowapi-emulator` runs a Snowflake look-alike on loopback for development and tests without an
//! account: it speaks the connector protocol (what the official drivers use), the SQL API v2 and
//! the REST API v2, over one shared catalog, with SQL executed by DataFusion. The official Python
//! connector and `snowflake.core` accept it as a server.
//!
//! The [`engine`] is the heart: an [`Engine`](engine::Engine) holds the catalog (in memory or in
//! a data directory) and runs statements for its [`Session`](engine::Session)s. The network
//! protocols are layered on top of it.
//!
//! It shares no code with the client crates except through their public APIs.

pub mod catalog;
pub mod engine;
pub mod error;
mod exec;
mod functions;
pub mod server;
pub mod sql;
pub mod timestamp_tz;
pub mod types;

pub use error::{EmulatorError, ErrorKind};
