//! What goes in the `Authorization` header of a request, and who supplies it.

use std::fmt;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use crate::AuthError;

/// The kind of a bearer token, sent as `X-Snowflake-Authorization-Token-Type` so Snowflake knows
/// how to verify it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenType {
    /// A JWT signed with the user's registered RSA key (`KEYPAIR_JWT`).
    KeypairJwt,
    /// An OAuth access token (`OAUTH`).
    OAuth,
    /// A programmatic access token (`PROGRAMMATIC_ACCESS_TOKEN`).
    ProgrammaticAccessToken,
}

impl TokenType {
    /// The value of the `X-Snowflake-Authorization-Token-Type` header.
    ///
    /// ```
    /// use snowapi_auth::TokenType;
    /// assert_eq!(TokenType::KeypairJwt.header_value(), "KEYPAIR_JWT");
    /// ```
    pub fn header_value(self) -> &'static str {
        match self {
            Self::KeypairJwt => "KEYPAIR_JWT",
            Self::OAuth => "OAUTH",
            Self::ProgrammaticAccessToken => "PROGRAMMATIC_ACCESS_TOKEN",
        }
    }
}

/// A credential ready to put on a request. Its token never shows in `Debug`.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credential {
    /// A connector session token, sent as `Authorization: Snowflake Token="…"`.
    Session(SecretString),
    /// A bearer token with its kind, sent as `Authorization: Bearer …` plus the token-type header.
    Bearer {
        /// The token itself.
        token: SecretString,
        /// What kind of token it is.
        token_type: TokenType,
    },
}

impl Credential {
    /// A credential from a session token obtained by a connector login.
    pub fn session(token: impl Into<String>) -> Self {
        Self::Session(SecretString::from(token.into()))
    }

    /// A bearer credential (JWT, OAuth access token or PAT).
    pub fn bearer(token: impl Into<String>, token_type: TokenType) -> Self {
        Self::Bearer {
            token: SecretString::from(token.into()),
            token_type,
        }
    }

    /// The full value of the `Authorization` header. Treat it as a secret.
    ///
    /// ```
    /// use secrecy::ExposeSecret;
    /// use snowapi_auth::Credential;
    /// let credential = Credential::session("abc");
    /// assert_eq!(credential.authorization().expose_secret(), r#"Snowflake Token="abc""#);
    /// ```
    pub fn authorization(&self) -> SecretString {
        let value = match self {
            Self::Session(token) => format!("Snowflake Token=\"{}\"", token.expose_secret()),
            Self::Bearer { token, .. } => format!("Bearer {}", token.expose_secret()),
        };
        SecretString::from(value)
    }

    /// The `X-Snowflake-Authorization-Token-Type` to send along, for bearer tokens.
    pub fn token_type(&self) -> Option<TokenType> {
        match self {
            Self::Session(_) => None,
            Self::Bearer { token_type, .. } => Some(*token_type),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Session(_) => f.write_str("Credential::Session(<redacted>)"),
            Self::Bearer { token_type, .. } => f
                .debug_struct("Credential::Bearer")
                .field("token", &"<redacted>")
                .field("token_type", token_type)
                .finish(),
        }
    }
}

/// Supplies the credential of each request: a session that renews itself, a key pair signing
/// fresh JWTs, an OAuth client refreshing its token, or a fixed token.
///
/// Implementations must be cheap to call on every request (cache, refresh ahead of expiry) and
/// must keep secrets out of their `Debug` output.
#[async_trait]
pub trait TokenProvider: Send + Sync + fmt::Debug {
    /// The credential to put on the next request.
    async fn credential(&self) -> Result<Credential, AuthError>;

    /// Told that Snowflake rejected `credential` as expired (error 390112), so the next call to
    /// [`credential`](Self::credential) must not return it again. Fixed tokens cannot do better
    /// than the default, which does nothing.
    async fn invalidate(&self, _credential: &Credential) {}
}

/// A provider that always hands out the same credential: a programmatic access token, an OAuth
/// access token obtained elsewhere, or a session token borrowed from another client.
///
/// ```
/// # tokio_test_block(async {
/// use snowapi_auth::{StaticTokenProvider, TokenProvider, TokenType};
/// let provider = StaticTokenProvider::bearer("my-pat", TokenType::ProgrammaticAccessToken);
/// let credential = provider.credential().await.unwrap();
/// assert_eq!(credential.token_type(), Some(TokenType::ProgrammaticAccessToken));
/// # });
/// # fn tokio_test_block(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct StaticTokenProvider {
    credential: Credential,
}

impl StaticTokenProvider {
    /// A provider of the given credential.
    pub fn new(credential: Credential) -> Self {
        Self { credential }
    }

    /// A provider of a fixed bearer token.
    pub fn bearer(token: impl Into<String>, token_type: TokenType) -> Self {
        Self::new(Credential::bearer(token, token_type))
    }

    /// A provider of a fixed connector session token.
    pub fn session(token: impl Into<String>) -> Self {
        Self::new(Credential::session(token))
    }
}

#[async_trait]
impl TokenProvider for StaticTokenProvider {
    async fn credential(&self) -> Result<Credential, AuthError> {
        Ok(self.credential.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let secret = "s3cr3t-token-value";
        let shown = [
            format!("{:?}", Credential::session(secret)),
            format!("{:?}", Credential::bearer(secret, TokenType::OAuth)),
            format!("{:?}", StaticTokenProvider::session(secret)),
            format!(
                "{:#?}",
                StaticTokenProvider::bearer(secret, TokenType::KeypairJwt)
            ),
        ];
        for text in shown {
            assert!(!text.contains(secret), "{text}");
            assert!(text.contains("redacted"), "{text}");
        }
    }

    #[test]
    fn authorization_header_forms() {
        let bearer = Credential::bearer("t", TokenType::OAuth);
        assert_eq!(bearer.authorization().expose_secret(), "Bearer t");
        assert_eq!(
            bearer.token_type().map(TokenType::header_value),
            Some("OAUTH")
        );
        assert_eq!(Credential::session("t").token_type(), None);
        assert_eq!(
            TokenType::ProgrammaticAccessToken.header_value(),
            "PROGRAMMATIC_ACCESS_TOKEN"
        );
    }
}
