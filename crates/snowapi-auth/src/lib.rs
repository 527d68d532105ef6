//! Connection configuration, credentials, authenticators and sessions for Snowflake.
//!
//! `snowapi-auth` is the bottom layer of snowapi. It knows how to find a connection's settings
//! (connections.toml, environment, URLs), how to prove who the user is (password, key-pair JWT,
//! OAuth, programmatic access token) and how to keep a session alive. Everything above it asks a
//! [`TokenProvider`] for the [`Credential`] to put on each request.
//!
//! ```
//! use snowapi_auth::{StaticTokenProvider, TokenProvider, TokenType};
//! let provider = StaticTokenProvider::bearer("token", TokenType::ProgrammaticAccessToken);
//! // `provider` can now authenticate every request of a snowapi-rest client.
//! # let _: &dyn TokenProvider = &provider;
//! ```

mod config;
mod error;
mod token;

pub use config::ConnectionConfig;
pub use error::AuthError;
pub use token::{Credential, StaticTokenProvider, TokenProvider, TokenType};
