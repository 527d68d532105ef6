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

mod authenticator;
mod config;
mod error;
mod http;
mod session;
mod token;

pub use authenticator::{
    Authenticator, BearerTokenProvider, KeyPairAuthenticator, LoginFields, OAuthAuthenticator,
    OAuthClient, PasscodeMode, PasswordAuthenticator, PatAuthenticator, PrivateKey,
    authenticator_from_config,
};
pub use session::{Session, SessionBuilder, SessionInfo};

pub use config::{
    AccountIdentifier, AuthenticatorKind, ConfigSources, ConnectionConfig, ConnectionConfigBuilder,
};
pub use error::AuthError;
pub use token::{Credential, StaticTokenProvider, TokenProvider, TokenType};
