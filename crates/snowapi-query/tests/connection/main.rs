//! Connection, statements, results, async queries and faults against a real emulator over HTTP.

mod async_queries;
mod basics;
mod binds;
mod chunks;
mod common;
mod reliability;
mod session_state;
mod types;
