//! The SQL API v2 client and orchestrator jobs against a real emulator over HTTP.

mod auth;
mod common;
mod jobs;
mod statements;
