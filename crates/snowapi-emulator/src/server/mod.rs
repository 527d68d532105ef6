//! The network layer: the connector protocol (what the official drivers speak) over HTTP, served
//! by axum on top of one [`Engine`](crate::engine::Engine).
//!
//! Start a server with [`Emulator::builder`]; the [`RunningEmulator`] it returns knows its URL and
//! the credentials to log in with, and stops with [`RunningEmulator::shutdown`].
//!
//! Endpoints of this slice: `POST /session/v1/login-request` (password, key-pair JWT, OAuth and
//! programmatic-access-token logins), `POST /session/token-request` (session token renewal),
//! `POST /queries/v1/query-request` (synchronous, JSON results), `POST /session?delete=true`
//! (logout) and `POST /session/heartbeat`. Every connector endpoint answers HTTP 200 with the
//! `{success, code, message, data}` envelope, errors included. `POST /oauth/token-request` is an
//! OAuth 2.0 token endpoint (client credentials and refresh token grants) answering OAuth JSON.

mod abort;
mod admin;
mod arrow_rowset;
mod auth;
mod bearer;
mod bindings;
mod builder;
mod catch_panic;
mod chunks;
mod config;
mod describe;
mod envelope;
mod faults;
mod images;
mod json_rowset;
mod jwt;
mod limits;
mod login;
mod login_auth;
mod monitoring;
mod normalize_path;
mod oauth;
mod oauth_tokens;
mod query;
mod query_context;
mod rejection;
mod responses;
mod rest;
mod result_data;
mod router;
mod running;
mod session_routes;
mod sessions;
mod sqlapi;
mod stack;
mod stage_files;
mod statement_parameters;
mod statements;
mod submit;
mod telemetry;
mod token_request;

pub use builder::{DEFAULT_PASSWORD, DEFAULT_USER, Emulator, EmulatorBuilder};
pub use faults::{FaultAction, FaultRule};
pub use result_data::ResultFormat;
pub use running::RunningEmulator;
