//! Building and logging in a [`Session`].

use std::{
    collections::BTreeMap,
    fmt,
    sync::{Arc, Mutex, RwLock, atomic::AtomicBool},
    time::Duration,
};

use serde_json::Value;

use super::{
    Session, SessionInner, heartbeat,
    login::{self, LoginSettings},
    tokens::Tokens,
};
use crate::{AuthError, Authenticator, ConnectionConfig, authenticator_from_config};

/// The heartbeat interval asked for unless told otherwise (Snowflake's default
/// `CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY`).
const DEFAULT_HEARTBEAT: Duration = Duration::from_secs(3600);

/// Settings of a session to log in; made by [`Session::builder`] or
/// [`Session::builder_from_config`], consumed by [`login`](Self::login).
///
/// ```no_run
/// # async fn run() -> Result<(), snowapi_auth::AuthError> {
/// use std::sync::Arc;
/// use snowapi_auth::{PatAuthenticator, Session};
/// let session = Session::builder("http://127.0.0.1:8080")
///     .account("test")
///     .user("tester")
///     .database("DB1")
///     .role("SYSADMIN")
///     .session_parameter("QUERY_TAG", "nightly")
///     .keep_alive(true)
///     .authenticator(Arc::new(PatAuthenticator::new("my-pat")))
///     .login()
///     .await?;
/// # Ok(()) }
/// ```
pub struct SessionBuilder {
    base_url: String,
    account: Option<String>,
    user: Option<String>,
    database: Option<String>,
    schema: Option<String>,
    warehouse: Option<String>,
    role: Option<String>,
    session_parameters: BTreeMap<String, Value>,
    keep_alive: bool,
    heartbeat_interval: Duration,
    login_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
    authenticator: Option<Arc<dyn Authenticator>>,
}

impl SessionBuilder {
    pub(super) fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            account: None,
            user: None,
            database: None,
            schema: None,
            warehouse: None,
            role: None,
            session_parameters: BTreeMap::new(),
            keep_alive: false,
            heartbeat_interval: DEFAULT_HEARTBEAT,
            login_timeout: None,
            request_timeout: None,
            http: None,
            authenticator: None,
        }
    }

    pub(super) fn from_config(config: &ConnectionConfig) -> Result<Self, AuthError> {
        let mut builder = Self::new(config.base_url()?);
        builder.account = config.account.clone();
        builder.user = config.user.clone();
        builder.database = config.database.clone();
        builder.schema = config.schema.clone();
        builder.warehouse = config.warehouse.clone();
        builder.role = config.role.clone();
        for (name, value) in &config.session_parameters {
            builder = builder.session_parameter(name, value.clone());
        }
        if let Some(tag) = &config.query_tag {
            builder = builder.session_parameter("QUERY_TAG", tag.clone());
        }
        builder.keep_alive = config.client_session_keep_alive;
        builder.login_timeout = config.login_timeout;
        builder.request_timeout = config.network_timeout;
        builder.authenticator = Some(authenticator_from_config(config)?);
        Ok(builder)
    }

    /// The account identifier, sent as `ACCOUNT_NAME` (required).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = Some(account.into());
        self
    }

    /// The login name, sent as `LOGIN_NAME` (case preserved). Programmatic access tokens may
    /// log in without one.
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    /// The database to use (`databaseName`).
    pub fn database(mut self, database: impl Into<String>) -> Self {
        self.database = Some(database.into());
        self
    }

    /// The schema to use (`schemaName`).
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    /// The warehouse to use (`warehouse`).
    pub fn warehouse(mut self, warehouse: impl Into<String>) -> Self {
        self.warehouse = Some(warehouse.into());
        self
    }

    /// The role to use (`roleName`).
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// A session parameter set at login (`SESSION_PARAMETERS`); the name is upper-cased.
    pub fn session_parameter(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.session_parameters
            .insert(name.to_ascii_uppercase(), value.into());
        self
    }

    /// Whether to send heartbeats so an idle session does not expire.
    pub fn keep_alive(mut self, keep_alive: bool) -> Self {
        self.keep_alive = keep_alive;
        self
    }

    /// The heartbeat interval to ask for; clamped to `[masterValidity/16, masterValidity/4]`
    /// once the master token's validity is known. One hour by default.
    pub fn heartbeat_interval(mut self, interval: Duration) -> Self {
        self.heartbeat_interval = interval;
        self
    }

    /// How long a login request may take.
    pub fn login_timeout(mut self, timeout: Duration) -> Self {
        self.login_timeout = Some(timeout);
        self
    }

    /// How long each other request (renewal, heartbeat, logout) may take.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// The HTTP client to use (proxies, TLS roots, connection pool shared with other clients).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How to authenticate (required).
    pub fn authenticator(mut self, authenticator: Arc<dyn Authenticator>) -> Self {
        self.authenticator = Some(authenticator);
        self
    }

    /// Logs in (`POST /session/v1/login-request`) and, with keep-alive on, starts the
    /// heartbeat. Must be called within a Tokio runtime.
    ///
    /// # Errors
    ///
    /// [`AuthError::UnsetAccount`] without an account; [`AuthError::Unavailable`] without an
    /// authenticator; [`AuthError::InvalidConfigValue`] for a base URL that is not
    /// `http(s)://…`; [`AuthError::Snowflake`] when Snowflake refuses the login (its code and
    /// message, e.g. 390100 for bad credentials); [`AuthError::Http`] /
    /// [`AuthError::InvalidResponse`] when it cannot be reached or understood; and the
    /// authenticator's own errors.
    pub async fn login(self) -> Result<Session, AuthError> {
        let account = self
            .account
            .filter(|a| !a.trim().is_empty())
            .ok_or(AuthError::UnsetAccount)?;
        let authenticator = self.authenticator.ok_or_else(|| {
            AuthError::Unavailable(
                "a session needs an authenticator: call SessionBuilder::authenticator".to_owned(),
            )
        })?;
        let base_url = self.base_url.trim().trim_end_matches('/').to_owned();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            return Err(AuthError::InvalidConfigValue {
                key: "host",
                origin: "Session::builder".to_owned(),
                expected: "a base URL such as https://<account>.snowflakecomputing.com",
            });
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| crate::http::transport_error("login", &e))?,
        };
        let mut session_parameters = self.session_parameters;
        if self.keep_alive {
            session_parameters.insert("CLIENT_SESSION_KEEP_ALIVE".into(), "true".into());
            session_parameters.insert(
                "CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY".into(),
                self.heartbeat_interval.as_secs().to_string().into(),
            );
        }
        let settings = LoginSettings {
            account,
            user: self.user,
            database: self.database,
            schema: self.schema,
            warehouse: self.warehouse,
            role: self.role,
            session_parameters,
            login_timeout: self.login_timeout,
            request_timeout: self.request_timeout,
        };
        let (grant, details) =
            login::login(&http, &base_url, &settings, authenticator.as_ref()).await?;
        let heartbeat_interval = self
            .keep_alive
            .then(|| heartbeat::interval(self.heartbeat_interval, details.master_validity));
        tracing::debug!(session_id = ?details.session_id, "logged in");
        let inner = Arc::new(SessionInner {
            http,
            base_url,
            settings,
            authenticator,
            tokens: tokio::sync::RwLock::new(Tokens::new(grant)),
            flight: tokio::sync::Mutex::new(()),
            details: RwLock::new(details),
            heartbeat_interval,
            heartbeat: Mutex::new(None),
            closed: AtomicBool::new(false),
        });
        if let Some(every) = heartbeat_interval {
            let task = heartbeat::spawn(Arc::downgrade(&inner), every);
            *inner.heartbeat.lock().unwrap_or_else(|e| e.into_inner()) = Some(task);
        }
        Ok(Session { inner })
    }
}

impl fmt::Debug for SessionBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionBuilder")
            .field("base_url", &self.base_url)
            .field("account", &self.account)
            .field("user", &self.user)
            .field("database", &self.database)
            .field("schema", &self.schema)
            .field("warehouse", &self.warehouse)
            .field("role", &self.role)
            .field("session_parameters", &self.session_parameters)
            .field("keep_alive", &self.keep_alive)
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("authenticator", &self.authenticator)
            .finish_non_exhaustive()
    }
}
