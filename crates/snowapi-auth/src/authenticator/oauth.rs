//! OAuth: an access token given, read from a file, or obtained from a token endpoint.

use std::{fmt, path::PathBuf, sync::Mutex};

use async_trait::async_trait;
use secrecy::SecretString;

use super::{
    Authenticator, LoginFields, OAuthClient,
    oauth_flow::{Grant, TokenFlow},
    token_file::TokenFile,
};
use crate::{AuthError, Credential, TokenProvider, TokenType};

/// Where the access token comes from.
enum Source {
    Fixed(SecretString),
    File(TokenFile),
    Flow(TokenFlow),
}

/// OAuth authentication (`oauth`, `oauth_client_credentials`): logs sessions in with
/// `AUTHENTICATOR: "OAUTH"` and `TOKEN: <access token>`, and as a [`TokenProvider`]
/// authenticates REST and SQL API requests directly
/// (`X-Snowflake-Authorization-Token-Type: OAUTH`).
///
/// The access token is either fixed, re-read from a file when the file changes, or obtained
/// from a token endpoint with the client-credentials or refresh-token grant and refreshed
/// before it expires.
///
/// ```no_run
/// # async fn run() -> Result<(), snowapi_auth::AuthError> {
/// use snowapi_auth::{OAuthAuthenticator, OAuthClient, TokenProvider};
/// let client = OAuthClient::new("https://idp.example.com/token", "client-id", "client-secret");
/// let oauth = OAuthAuthenticator::client_credentials(client);
/// let credential = oauth.credential().await?; // POSTs grant_type=client_credentials once
/// # Ok(()) }
/// ```
pub struct OAuthAuthenticator {
    source: Source,
}

impl OAuthAuthenticator {
    /// A fixed access token obtained elsewhere.
    pub fn from_token(token: impl Into<SecretString>) -> Self {
        Self {
            source: Source::Fixed(token.into()),
        }
    }

    /// An access token kept in a file (`token_file_path`), read again when the file's
    /// modification time or size changes and after Snowflake rejects the token.
    pub fn from_token_file(path: impl Into<PathBuf>) -> Self {
        Self {
            source: Source::File(TokenFile::new(path.into())),
        }
    }

    /// The client-credentials flow: `grant_type=client_credentials` with the client's id and
    /// secret in HTTP basic authentication.
    pub fn client_credentials(client: OAuthClient) -> Self {
        Self {
            source: Source::Flow(TokenFlow::new(client, Grant::ClientCredentials)),
        }
    }

    /// The refresh-token flow: `grant_type=refresh_token&refresh_token=…`. A new refresh
    /// token in the answer replaces the old one.
    pub fn refresh_token(client: OAuthClient, refresh_token: impl Into<SecretString>) -> Self {
        let grant = Grant::RefreshToken(Mutex::new(refresh_token.into()));
        Self {
            source: Source::Flow(TokenFlow::new(client, grant)),
        }
    }

    /// The current access token (fetching or re-reading it when due).
    ///
    /// # Errors
    ///
    /// [`AuthError::UnreadableTokenFile`] for a missing or empty token file;
    /// [`AuthError::OAuth`] when the token endpoint refuses; [`AuthError::Http`] /
    /// [`AuthError::InvalidResponse`] when it cannot be reached or understood.
    pub async fn access_token(&self) -> Result<SecretString, AuthError> {
        match &self.source {
            Source::Fixed(token) => Ok(token.clone()),
            Source::File(file) => file.token(),
            Source::Flow(flow) => flow.access_token().await,
        }
    }

    async fn forget(&self, rejected: &Credential) {
        let Credential::Bearer { token, .. } = rejected else {
            return;
        };
        match &self.source {
            Source::Fixed(_) => {}
            Source::File(file) => file.forget(token),
            Source::Flow(flow) => flow.forget(token).await,
        }
    }
}

#[async_trait]
impl Authenticator for OAuthAuthenticator {
    fn name(&self) -> &'static str {
        "OAUTH"
    }

    async fn login_fields(&self) -> Result<LoginFields, AuthError> {
        let fields = LoginFields::new()
            .authenticator("OAUTH")
            .secret("TOKEN", self.access_token().await?);
        Ok(match &self.source {
            Source::Flow(flow) if flow.is_client_credentials() => {
                fields.field("OAUTH_TYPE", "OAUTH_CLIENT_CREDENTIALS")
            }
            _ => fields,
        })
    }

    async fn bearer_credential(&self) -> Result<Option<Credential>, AuthError> {
        Ok(Some(TokenProvider::credential(self).await?))
    }

    async fn invalidate_bearer(&self, credential: &Credential) {
        self.forget(credential).await;
    }
}

#[async_trait]
impl TokenProvider for OAuthAuthenticator {
    async fn credential(&self) -> Result<Credential, AuthError> {
        Ok(Credential::Bearer {
            token: self.access_token().await?,
            token_type: TokenType::OAuth,
        })
    }

    async fn invalidate(&self, credential: &Credential) {
        self.forget(credential).await;
    }
}

impl fmt::Debug for OAuthAuthenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("OAuthAuthenticator");
        match &self.source {
            Source::Fixed(_) => debug.field("token", &"<redacted>"),
            Source::File(file) => debug.field("token_file", &file.path()),
            Source::Flow(flow) => debug.field("flow", flow),
        };
        debug.finish()
    }
}
