//! Programmatic access tokens.

use async_trait::async_trait;
use secrecy::SecretString;

use super::{Authenticator, LoginFields};
use crate::{AuthError, Credential, TokenProvider, TokenType};

/// A programmatic access token (`programmatic_access_token`): logs sessions in with
/// `AUTHENTICATOR: "PROGRAMMATIC_ACCESS_TOKEN"` and `TOKEN: <pat>`, and as a
/// [`TokenProvider`] authenticates REST and SQL API requests directly
/// (`X-Snowflake-Authorization-Token-Type: PROGRAMMATIC_ACCESS_TOKEN`).
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use snowapi_auth::{PatAuthenticator, TokenProvider, TokenType};
/// let pat = PatAuthenticator::new("my-pat");
/// let credential = pat.credential().await?;
/// assert_eq!(credential.token_type(), Some(TokenType::ProgrammaticAccessToken));
/// # Ok::<(), snowapi_auth::AuthError>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct PatAuthenticator {
    token: SecretString,
}

impl PatAuthenticator {
    /// Authenticates with this token.
    pub fn new(token: impl Into<SecretString>) -> Self {
        Self {
            token: token.into(),
        }
    }
}

#[async_trait]
impl Authenticator for PatAuthenticator {
    fn name(&self) -> &'static str {
        "PROGRAMMATIC_ACCESS_TOKEN"
    }

    async fn login_fields(&self) -> Result<LoginFields, AuthError> {
        Ok(LoginFields::new()
            .authenticator("PROGRAMMATIC_ACCESS_TOKEN")
            .secret("TOKEN", self.token.clone()))
    }

    async fn bearer_credential(&self) -> Result<Option<Credential>, AuthError> {
        Ok(Some(TokenProvider::credential(self).await?))
    }
}

#[async_trait]
impl TokenProvider for PatAuthenticator {
    async fn credential(&self) -> Result<Credential, AuthError> {
        Ok(Credential::Bearer {
            token: self.token.clone(),
            token_type: TokenType::ProgrammaticAccessToken,
        })
    }
}
