//! Any authenticator with a bearer credential, as a [`TokenProvider`].

use std::sync::Arc;

use async_trait::async_trait;

use super::Authenticator;
use crate::{AuthError, Credential, TokenProvider};

/// A [`TokenProvider`] handing out an authenticator's bearer credential, for REST API v2 and
/// SQL API v2 requests without a session. The built-in key-pair, OAuth and PAT
/// authenticators are token providers already; this adapter serves authenticators of your own.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use std::sync::Arc;
/// use snowapi_auth::{BearerTokenProvider, PatAuthenticator, PasswordAuthenticator, TokenProvider};
/// let pat = BearerTokenProvider::new(Arc::new(PatAuthenticator::new("my-pat")));
/// assert!(pat.credential().await.is_ok());
/// let password = BearerTokenProvider::new(Arc::new(PasswordAuthenticator::new("pw")));
/// assert!(password.credential().await.is_err()); // passwords need a session
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct BearerTokenProvider {
    authenticator: Arc<dyn Authenticator>,
}

impl BearerTokenProvider {
    /// Hands out `authenticator`'s bearer credentials.
    pub fn new(authenticator: Arc<dyn Authenticator>) -> Self {
        Self { authenticator }
    }
}

#[async_trait]
impl TokenProvider for BearerTokenProvider {
    async fn credential(&self) -> Result<Credential, AuthError> {
        self.authenticator
            .bearer_credential()
            .await?
            .ok_or_else(|| {
                AuthError::Unavailable(format!(
                    "authenticator {} has no bearer credential; log in a Session with it instead",
                    self.authenticator.name()
                ))
            })
    }

    async fn invalidate(&self, credential: &Credential) {
        self.authenticator.invalidate_bearer(credential).await;
    }
}
