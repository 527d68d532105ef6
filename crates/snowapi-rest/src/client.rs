//! The configured connection to one Snowflake account (or emulator) that every generated client
//! is built from.

use std::{fmt, sync::Arc, time::Duration};

use reqwest::header::HeaderValue;
use snowapi_auth::TokenProvider;

use crate::{RestError, hooks::HookContext};

/// `User-Agent` sent when the caller sets none.
pub const DEFAULT_USER_AGENT: &str = concat!("snowapi-rust/", env!("CARGO_PKG_VERSION"));

/// A generated API client that can be built from a [`RestClient`].
pub trait Api: Sized {
    /// The client of this API, sharing `rest`'s connection pool and credentials.
    fn from_rest(rest: &RestClient) -> Self;
}

/// Base URL, HTTP connection pool and credentials for the REST API v2 and SQL API v2.
/// Cheap to clone: clones share the pool.
///
/// ```
/// use std::sync::Arc;
/// use snowapi_auth::{StaticTokenProvider, TokenType};
/// use snowapi_rest::{RestClient, database};
///
/// let provider = StaticTokenProvider::bearer("my-pat", TokenType::ProgrammaticAccessToken);
/// let rest = RestClient::builder("https://myorg-myaccount.snowflakecomputing.com")
///     .token_provider(Arc::new(provider))
///     .build()?;
/// let databases: database::Client = rest.api();
/// # Ok::<(), snowapi_rest::RestError>(())
/// ```
#[derive(Clone)]
pub struct RestClient {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    http: reqwest::Client,
    context: HookContext,
}

impl RestClient {
    /// Starts configuring a client for `base_url`: `https://<account>.snowflakecomputing.com` for
    /// a real account, `http://127.0.0.1:<port>` for the emulator.
    pub fn builder(base_url: impl Into<String>) -> RestClientBuilder {
        RestClientBuilder {
            base_url: base_url.into(),
            provider: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(120),
            pool_idle_timeout: Duration::from_secs(90),
        }
    }

    /// The base URL of an account, from its identifier (`myorg-myaccount`, or a locator with
    /// region such as `xy12345.us-east-2.aws`).
    ///
    /// ```
    /// assert_eq!(
    ///     snowapi_rest::RestClient::account_url("MyOrg-MyAccount"),
    ///     "https://myorg-myaccount.snowflakecomputing.com"
    /// );
    /// ```
    pub fn account_url(account: &str) -> String {
        format!(
            "https://{}.snowflakecomputing.com",
            account.to_ascii_lowercase()
        )
    }

    /// The client of one API (`database::Client`, `warehouse::Client`, ...).
    pub fn api<T: Api>(&self) -> T {
        T::from_rest(self)
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The shared HTTP client, for requests outside the generated APIs (polling a `Location`).
    pub fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn hook_context(&self) -> HookContext {
        self.inner.context.clone()
    }
}

impl fmt::Debug for RestClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RestClient")
            .field("base_url", &self.inner.base_url)
            .field("context", &self.inner.context)
            .finish_non_exhaustive()
    }
}

/// Configures a [`RestClient`]; finish with [`build`](Self::build).
#[must_use]
pub struct RestClientBuilder {
    base_url: String,
    provider: Option<Arc<dyn TokenProvider>>,
    user_agent: String,
    connect_timeout: Duration,
    timeout: Duration,
    pool_idle_timeout: Duration,
}

impl RestClientBuilder {
    /// Where each request's credential comes from (required).
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.provider = Some(provider);
        self
    }

    /// The `User-Agent` of every request (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take, body included (default 120 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long an idle pooled connection is kept (default 90 s).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<RestClient, RestError> {
        let url = reqwest::Url::parse(&self.base_url).map_err(|e| {
            RestError::InvalidConfig(format!("base URL `{}` is not a URL: {e}", self.base_url))
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(RestError::InvalidConfig(format!(
                "base URL `{}` must be http(s)://host[:port]",
                self.base_url
            )));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(RestError::InvalidConfig(format!(
                "base URL `{}` must not carry a query or fragment",
                self.base_url
            )));
        }
        let provider = self.provider.ok_or_else(|| {
            RestError::InvalidConfig("no token provider: every request needs a credential".into())
        })?;
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            RestError::InvalidConfig(format!(
                "user agent `{}` is not a header value",
                self.user_agent
            ))
        })?;
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .pool_idle_timeout(self.pool_idle_timeout)
            .gzip(true)
            .build()
            .map_err(RestError::Transport)?;
        Ok(RestClient {
            inner: Arc::new(Inner {
                base_url: url.as_str().trim_end_matches('/').to_owned(),
                http,
                context: HookContext::new(provider, user_agent),
            }),
        })
    }
}
