//! Key-pair authentication: short-lived RS256 JWTs signed with the user's registered key.

use std::{
    fmt,
    sync::Mutex,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use async_trait::async_trait;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::{Authenticator, LoginFields, PrivateKey};
use crate::{AccountIdentifier, AuthError, Credential, TokenProvider, TokenType};

/// The longest JWT lifetime Snowflake accepts.
const MAX_LIFETIME: Duration = Duration::from_secs(3600);
/// The lifetime of the JWTs signed unless told otherwise (the 5.x Python connector's).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(120);
/// The longest default refresh margin.
const MAX_DEFAULT_MARGIN: Duration = Duration::from_secs(60);

/// The claims of a Snowflake key-pair JWT.
#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    iat: u64,
    exp: u64,
}

/// A signed JWT and when to sign the next one.
struct CachedJwt {
    token: SecretString,
    refresh_at: Instant,
}

/// Key-pair authentication (`snowflake_jwt`): signs RS256 JWTs with
/// `iss = ACCOUNT.USER.SHA256:<fingerprint>`, `sub = ACCOUNT.USER`, `iat` and `exp`.
///
/// `ACCOUNT` is the account identifier up to its first `.`, upper-cased (`xy12345.us-east-2`
/// gives `XY12345`, `myorg-myacct` gives `MYORG-MYACCT`); `USER` is the login name,
/// upper-cased. A JWT lives [`with_lifetime`](Self::with_lifetime) (two minutes by default,
/// one hour at most) and is reused until it is within the refresh margin of its expiry.
///
/// It logs sessions in (`AUTHENTICATOR: "SNOWFLAKE_JWT"`, `TOKEN: <jwt>`) and, as a
/// [`TokenProvider`], authenticates REST and SQL API requests directly
/// (`X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT`).
///
/// ```no_run
/// use std::{sync::Arc, time::Duration};
/// use snowapi_auth::{KeyPairAuthenticator, PrivateKey, TokenProvider};
/// let key = PrivateKey::from_file("rsa_key.p8", None)?;
/// let jwt = KeyPairAuthenticator::new("myorg-myaccount", "jsmith", key)?
///     .with_lifetime(Duration::from_secs(3600));
/// let provider: Arc<dyn TokenProvider> = Arc::new(jwt);
/// # Ok::<(), snowapi_auth::AuthError>(())
/// ```
pub struct KeyPairAuthenticator {
    issuer: String,
    subject: String,
    fingerprint: String,
    key: EncodingKey,
    lifetime: Duration,
    margin: Option<Duration>,
    cache: Mutex<Option<CachedJwt>>,
}

impl KeyPairAuthenticator {
    /// Signs JWTs for `user` of `account` with `key`.
    ///
    /// # Errors
    ///
    /// [`AuthError::UnsetAccount`] / [`AuthError::UnsetUser`] for an empty account or user;
    /// [`AuthError::InvalidPrivateKey`] when the key cannot be prepared for signing.
    pub fn new(account: &str, user: &str, key: PrivateKey) -> Result<Self, AuthError> {
        let account = AccountIdentifier::parse(account)?.for_jwt();
        let user = user.trim().to_uppercase();
        if user.is_empty() {
            return Err(AuthError::UnsetUser {
                authenticator: "snowflake_jwt",
            });
        }
        let subject = format!("{account}.{user}");
        let issuer = format!("{subject}.{}", key.fingerprint());
        let der = key.pkcs1_der()?;
        Ok(Self {
            issuer,
            subject,
            fingerprint: key.fingerprint().to_owned(),
            key: EncodingKey::from_rsa_der(&der),
            lifetime: DEFAULT_LIFETIME,
            margin: None,
            cache: Mutex::new(None),
        })
    }

    /// How long each JWT is valid (`exp - iat`), between one second and one hour.
    pub fn with_lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime.clamp(Duration::from_secs(1), MAX_LIFETIME);
        self.clear();
        self
    }

    /// How long before a JWT's expiry the next one is signed. Defaults to a quarter of the
    /// lifetime, at most a minute; capped below the lifetime.
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = Some(margin);
        self.clear();
        self
    }

    /// The `iss` claim: `ACCOUNT.USER.SHA256:<fingerprint>`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The `sub` claim: `ACCOUNT.USER`.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The public key fingerprint, `SHA256:<base64>`.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The current JWT: the cached one while it is outside the refresh margin of its expiry,
    /// otherwise a newly signed one.
    ///
    /// # Errors
    ///
    /// [`AuthError::InvalidPrivateKey`] when signing fails.
    pub fn jwt(&self) -> Result<SecretString, AuthError> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if let Some(cached) = cache.as_ref().filter(|c| now < c.refresh_at) {
            return Ok(cached.token.clone());
        }
        let token = self.sign()?;
        let margin = self.margin();
        *cache = Some(CachedJwt {
            token: token.clone(),
            refresh_at: now + (self.lifetime - margin),
        });
        tracing::debug!(subject = %self.subject, "signed a key-pair JWT");
        Ok(token)
    }

    fn margin(&self) -> Duration {
        let default = (self.lifetime / 4).min(MAX_DEFAULT_MARGIN);
        let margin = self.margin.unwrap_or(default);
        // Keep at least a millisecond of use, so a JWT is never stale when signed.
        margin.min(self.lifetime.saturating_sub(Duration::from_millis(1)))
    }

    fn sign(&self) -> Result<SecretString, AuthError> {
        let iat = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let claims = Claims {
            iss: &self.issuer,
            sub: &self.subject,
            iat,
            exp: iat + self.lifetime.as_secs().max(1),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &self.key)
            .map(SecretString::from)
            .map_err(|e| AuthError::InvalidPrivateKey {
                reason: format!("cannot sign the JWT: {e}"),
            })
    }

    fn clear(&self) {
        *self.cache.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn forget(&self, rejected: &Credential) {
        let Credential::Bearer { token, .. } = rejected else {
            return;
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache
            .as_ref()
            .is_some_and(|c| c.token.expose_secret() == token.expose_secret())
        {
            *cache = None;
        }
    }
}

/// The account as JWT claims need it: up to the first `.`, upper-cased.
#[async_trait]
impl Authenticator for KeyPairAuthenticator {
    fn name(&self) -> &'static str {
        "SNOWFLAKE_JWT"
    }

    async fn login_fields(&self) -> Result<LoginFields, AuthError> {
        Ok(LoginFields::new()
            .authenticator("SNOWFLAKE_JWT")
            .secret("TOKEN", self.jwt()?))
    }

    async fn bearer_credential(&self) -> Result<Option<Credential>, AuthError> {
        Ok(Some(Credential::Bearer {
            token: self.jwt()?,
            token_type: TokenType::KeypairJwt,
        }))
    }

    async fn invalidate_bearer(&self, credential: &Credential) {
        self.forget(credential);
    }
}

#[async_trait]
impl TokenProvider for KeyPairAuthenticator {
    async fn credential(&self) -> Result<Credential, AuthError> {
        Ok(Credential::Bearer {
            token: self.jwt()?,
            token_type: TokenType::KeypairJwt,
        })
    }

    async fn invalidate(&self, credential: &Credential) {
        self.forget(credential);
    }
}

impl fmt::Debug for KeyPairAuthenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPairAuthenticator")
            .field("issuer", &self.issuer)
            .field("subject", &self.subject)
            .field("lifetime", &self.lifetime)
            .field("margin", &self.margin())
            .finish_non_exhaustive()
    }
}
