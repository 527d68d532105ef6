//! Connector sessions: login, renewal, heartbeat and logout over Snowflake's connector
//! protocol, with the session token handed out as a [`TokenProvider`].

mod builder;
mod heartbeat;
mod login;
mod logout;
mod renew;
mod tokens;

use std::{
    collections::BTreeMap,
    fmt,
    sync::{
        Arc, Mutex, RwLock,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use async_trait::async_trait;
use serde_json::Value;

use crate::{AuthError, Authenticator, ConnectionConfig, Credential, TokenProvider};

pub use builder::SessionBuilder;

use login::{LoginSettings, SessionDetails};
use tokens::Tokens;

/// The database, schema, warehouse and role in use, as the server echoed them at login
/// (`sessionInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionInfo {
    /// Current database (`databaseName`).
    pub database: Option<String>,
    /// Current schema (`schemaName`).
    pub schema: Option<String>,
    /// Current warehouse (`warehouseName`).
    pub warehouse: Option<String>,
    /// Current role (`roleName`).
    pub role: Option<String>,
}

/// A logged-in connector session. Cheap to clone: clones share the session, its tokens and
/// its heartbeat.
///
/// As a [`TokenProvider`] it hands out `Authorization: Snowflake Token="<session token>"`,
/// renewing the token with the master token shortly before it expires and after
/// [`invalidate`](TokenProvider::invalidate) (Snowflake's 390112, "session expired").
/// Renewals are single-flight: however many callers ask at once, one
/// `POST /session/token-request` is sent. When the master token itself has expired, the
/// session logs in again with its authenticator.
///
/// With keep-alive on, a background task sends `POST /session/heartbeat` at the
/// keep-alive interval clamped to `[masterValidity/16, masterValidity/4]`; it stops when the
/// session is closed or every clone is dropped. [`close`](Session::close) logs out;
/// dropping the last clone does not (it cannot wait for the network).
///
/// ```no_run
/// # async fn run() -> Result<(), snowapi_auth::AuthError> {
/// use std::sync::Arc;
/// use snowapi_auth::{PasswordAuthenticator, Session, TokenProvider};
/// let session = Session::builder("https://myorg-myaccount.snowflakecomputing.com")
///     .account("myorg-myaccount")
///     .user("jsmith")
///     .warehouse("COMPUTE_WH")
///     .authenticator(Arc::new(PasswordAuthenticator::new("secret")))
///     .login()
///     .await?;
/// println!("session {:?} as role {:?}", session.session_id(), session.info().role);
/// let provider: Arc<dyn TokenProvider> = Arc::new(session.clone());
/// // ... hand `provider` to a snowapi-rest client ...
/// session.close().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Session {
    inner: Arc<SessionInner>,
}

/// The shared state of a session.
struct SessionInner {
    http: reqwest::Client,
    base_url: String,
    settings: LoginSettings,
    authenticator: Arc<dyn Authenticator>,
    tokens: tokio::sync::RwLock<Tokens>,
    /// Held while renewing or logging in again: the single flight.
    flight: tokio::sync::Mutex<()>,
    details: RwLock<SessionDetails>,
    heartbeat_interval: Option<Duration>,
    heartbeat: Mutex<Option<tokio::task::JoinHandle<()>>>,
    closed: AtomicBool,
}

impl Session {
    /// Starts building a session against `base_url` (`https://<account>.snowflakecomputing.com`,
    /// or `http://127.0.0.1:PORT` for a local server).
    pub fn builder(base_url: impl Into<String>) -> SessionBuilder {
        SessionBuilder::new(base_url)
    }

    /// A builder filled from a connection configuration: base URL, account, user, context,
    /// session parameters, timeouts, keep-alive and the authenticator the config asks for.
    ///
    /// # Errors
    ///
    /// As [`crate::authenticator_from_config`], plus [`AuthError::UnsetAccount`] and
    /// [`AuthError::InvalidConfigValue`] for a base URL that cannot be derived.
    pub fn builder_from_config(config: &ConnectionConfig) -> Result<SessionBuilder, AuthError> {
        SessionBuilder::from_config(config)
    }

    /// Logs in with the settings and authenticator of `config`.
    ///
    /// ```no_run
    /// # async fn run(config: snowapi_auth::ConnectionConfig) -> Result<(), snowapi_auth::AuthError> {
    /// let session = snowapi_auth::Session::connect(&config).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`builder_from_config`](Self::builder_from_config) and
    /// [`SessionBuilder::login`].
    pub async fn connect(config: &ConnectionConfig) -> Result<Self, AuthError> {
        Self::builder_from_config(config)?.login().await
    }

    /// The session id Snowflake gave (`sessionId`), if it gave one.
    pub fn session_id(&self) -> Option<i64> {
        self.inner.read_details(|d| d.session_id)
    }

    /// The current database, schema, warehouse and role echoed at login.
    pub fn info(&self) -> SessionInfo {
        self.inner.read_details(|d| d.info.clone())
    }

    /// The session parameters returned at login, by upper-case name.
    pub fn parameters(&self) -> BTreeMap<String, Value> {
        self.inner.read_details(|d| d.parameters.clone())
    }

    /// One session parameter returned at login (`TIMEZONE`, `AUTOCOMMIT`, ...); the name is
    /// matched case-insensitively.
    pub fn parameter(&self, name: &str) -> Option<Value> {
        let name = name.to_ascii_uppercase();
        self.inner
            .read_details(|d| d.parameters.get(&name).cloned())
    }

    /// The server version reported at login.
    pub fn server_version(&self) -> Option<String> {
        self.inner.read_details(|d| d.server_version.clone())
    }

    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The heartbeat interval when keep-alive is on.
    pub fn heartbeat_interval(&self) -> Option<Duration> {
        self.inner.heartbeat_interval
    }

    /// Whether [`close`](Self::close) was called.
    pub fn is_closed(&self) -> bool {
        self.inner.closed.load(Ordering::SeqCst)
    }

    /// Renews the session token now (`POST /session/token-request`), or logs in again when
    /// the master token has expired.
    ///
    /// # Errors
    ///
    /// [`AuthError::Snowflake`] when Snowflake refuses, [`AuthError::Http`] /
    /// [`AuthError::InvalidResponse`] when it cannot be reached or understood,
    /// [`AuthError::SessionClosed`] after [`close`](Self::close).
    pub async fn renew(&self) -> Result<(), AuthError> {
        let seen = self.inner.tokens.read().await.generation;
        self.inner.refresh(seen).await
    }

    /// Sends one heartbeat now (`POST /session/heartbeat`).
    ///
    /// # Errors
    ///
    /// As [`renew`](Self::renew).
    pub async fn heartbeat(&self) -> Result<(), AuthError> {
        self.inner.heartbeat().await
    }

    /// Stops the heartbeat and logs out (`POST /session?delete=true`). The session is closed
    /// even when logging out fails; closing twice does nothing the second time.
    ///
    /// # Errors
    ///
    /// As [`renew`](Self::renew), for the logout request.
    pub async fn close(&self) -> Result<(), AuthError> {
        if self.inner.closed.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        self.inner.stop_heartbeat();
        self.inner.logout().await
    }
}

impl SessionInner {
    fn read_details<T>(&self, read: impl FnOnce(&SessionDetails) -> T) -> T {
        read(&self.details.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    fn stop_heartbeat(&self) {
        if let Some(task) = self
            .heartbeat
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            task.abort();
        }
    }
}

impl Drop for SessionInner {
    fn drop(&mut self) {
        self.stop_heartbeat();
    }
}

#[async_trait]
impl TokenProvider for Session {
    async fn credential(&self) -> Result<Credential, AuthError> {
        self.inner.credential().await
    }

    async fn invalidate(&self, credential: &Credential) {
        self.inner.invalidate(credential).await;
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("base_url", &self.inner.base_url)
            .field("account", &self.inner.settings.account)
            .field("user", &self.inner.settings.user)
            .field("session_id", &self.session_id())
            .field("authenticator", &self.inner.authenticator)
            .field("closed", &self.is_closed())
            .finish_non_exhaustive()
    }
}
