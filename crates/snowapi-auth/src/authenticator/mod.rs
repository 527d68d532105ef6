//! How a user proves who they are: the [`Authenticator`] trait and its implementations.
//!
//! An authenticator contributes the fields of a connector login (`AUTHENTICATOR`, `TOKEN`,
//! `PASSWORD`, ...) and, when it holds a bearer token, the credential of REST and SQL API
//! requests. Sessions ([`crate::Session`]) use the first; [`BearerTokenProvider`] and the
//! built-in key-pair, OAuth and PAT authenticators (which implement [`crate::TokenProvider`]
//! themselves) use the second.

mod bearer;
mod fields;
mod from_config;
mod keypair;
mod oauth;
mod oauth_flow;
mod password;
mod pat;
mod private_key;
mod token_file;

use std::fmt;

use async_trait::async_trait;

use crate::{AuthError, Credential};

pub use bearer::BearerTokenProvider;
pub use fields::LoginFields;
pub use from_config::authenticator_from_config;
pub use keypair::KeyPairAuthenticator;
pub use oauth::OAuthAuthenticator;
pub use oauth_flow::OAuthClient;
pub use password::{PasscodeMode, PasswordAuthenticator};
pub use pat::PatAuthenticator;
pub use private_key::PrivateKey;

/// A way to authenticate to Snowflake.
///
/// Implement it to plug in a credential source of your own, for example a platform that
/// hands out short-lived tokens:
///
/// ```
/// use async_trait::async_trait;
/// use secrecy::SecretString;
/// use snowapi_auth::{AuthError, Authenticator, Credential, LoginFields, TokenType};
///
/// #[derive(Debug)]
/// struct PlatformToken;
///
/// impl PlatformToken {
///     async fn fetch(&self) -> Result<SecretString, AuthError> {
///         Ok(SecretString::from("short-lived-token"))
///     }
/// }
///
/// #[async_trait]
/// impl Authenticator for PlatformToken {
///     fn name(&self) -> &'static str {
///         "OAUTH"
///     }
///
///     async fn login_fields(&self) -> Result<LoginFields, AuthError> {
///         Ok(LoginFields::new().authenticator("OAUTH").secret("TOKEN", self.fetch().await?))
///     }
///
///     async fn bearer_credential(&self) -> Result<Option<Credential>, AuthError> {
///         let token = self.fetch().await?;
///         Ok(Some(Credential::Bearer { token, token_type: TokenType::OAuth }))
///     }
/// }
/// ```
#[async_trait]
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// A short name for logs and errors, by convention the login `AUTHENTICATOR` value
    /// (`SNOWFLAKE` for passwords).
    fn name(&self) -> &'static str;

    /// The fields this authenticator adds to the `data` object of a connector login
    /// (`POST /session/v1/login-request`). Called once per login, so a fresh token can be
    /// minted each time.
    async fn login_fields(&self) -> Result<LoginFields, AuthError>;

    /// The bearer credential for REST API v2 and SQL API v2 requests, or `None` when this
    /// authenticator can only be used through a session login (passwords). The default is
    /// `None`.
    async fn bearer_credential(&self) -> Result<Option<Credential>, AuthError> {
        Ok(None)
    }

    /// Told that Snowflake rejected `credential` (a bearer credential this authenticator
    /// produced) as expired or invalid: drop it from any cache so the next call produces a
    /// new one. Called concurrently, it must refresh at most once per rejected credential.
    /// The default does nothing.
    async fn invalidate_bearer(&self, _credential: &Credential) {}
}
