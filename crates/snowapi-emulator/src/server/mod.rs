//! The network layer: the connector protocol (what the official drivers speak) over HTTP, served
//! by axum on top of one [`Engine`](crate::engine::Engine).
//!
//! Start a server with [`Emulator::builder`]; the [`RunningEmulator`] it returns knows its URL and
//! the credentials to log in with, and stops with [`RunningEmulator::shutdown`].
//!
//! Endpoints of this slice: `POST /session/v1/login-request` (password logins),
//! `POST /queries/v1/query-request` (synchronous, JSON results), `POST /session?delete=true`
//! (logout) and `POST /session/heartbeat`. Every connector endpoint answers HTTP 200 with the
//! `{success, code, message, data}` envelope, errors included.

mod auth;
mod bearer;
mod bindings;
mod builder;
mod config;
mod envelope;
mod json_rowset;
mod login;
mod query;
mod result_data;
mod router;
mod running;
mod session_routes;
mod sessions;

pub use builder::{DEFAULT_PASSWORD, DEFAULT_USER, Emulator, EmulatorBuilder};
pub use running::RunningEmulator;
