//! The entry point of the resource tree, and the settings every handle under it shares.

use std::{sync::Arc, time::Duration};

use snowapi_auth::Session;
use snowapi_rest::{Api, RestClient};

use crate::CoreError;

/// The root of the resource tree: the account a [`RestClient`] reaches.
///
/// Cheap to clone (an `Arc`); every collection and resource handle holds one. Building handles
/// makes no request: only their verbs do.
///
/// ```no_run
/// # async fn demo(session: std::sync::Arc<snowapi_auth::Session>) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::Root;
///
/// let root = Root::from_session(session)?;
/// let table = root.databases().get("my_db").schemas().get("public").tables().get("t");
/// assert_eq!(table.fully_qualified_name(), "my_db.public.t");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Root {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    rest: RestClient,
    options: RootOptions,
}

impl Root {
    /// A root over `rest`, with the default retry and polling settings.
    ///
    /// ```no_run
    /// # fn demo(rest: snowapi_rest::RestClient) {
    /// let root = snowapi_core::Root::new(rest);
    /// let dbs = root.databases();
    /// # }
    /// ```
    pub fn new(rest: RestClient) -> Self {
        Self::with_options(rest, RootOptions::default())
    }

    /// A root over `rest` with the given settings.
    ///
    /// ```no_run
    /// # fn demo(rest: snowapi_rest::RestClient) {
    /// use snowapi_core::{RetryPolicy, Root, RootOptions};
    /// let root = Root::with_options(rest, RootOptions::default().retry(RetryPolicy::none()));
    /// # }
    /// ```
    pub fn with_options(rest: RestClient, options: RootOptions) -> Self {
        Self {
            inner: Arc::new(Inner { rest, options }),
        }
    }

    /// A root sharing a logged-in connector session: requests carry its session token, which
    /// the session renews as needed.
    ///
    /// ```no_run
    /// # fn demo(session: std::sync::Arc<snowapi_auth::Session>) -> Result<(), snowapi_core::CoreError> {
    /// let root = snowapi_core::Root::from_session(session)?;
    /// # Ok(()) }
    /// ```
    pub fn from_session(session: Arc<Session>) -> Result<Self, CoreError> {
        let rest = RestClient::builder(session.base_url())
            .token_provider(session)
            .build()?;
        Ok(Self::new(rest))
    }

    /// A root sharing the session of a snowapi-query connection (as `Root(connection)` does in
    /// Python).
    ///
    /// ```no_run
    /// # async fn demo(config: snowapi_auth::ConnectionConfig) -> Result<(), Box<dyn std::error::Error>> {
    /// let connection = snowapi_query::Connection::connect(&config).await?;
    /// let root = snowapi_core::Root::from_connection(&connection)?;
    /// # let _ = root; Ok(()) }
    /// ```
    #[cfg(feature = "query")]
    pub fn from_connection(connection: &snowapi_query::Connection) -> Result<Self, CoreError> {
        Self::from_session(Arc::clone(connection.session()))
    }

    /// The low-level client requests go through.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let rest = root.rest().clone();
    /// # Ok(()) }
    /// ```
    pub fn rest(&self) -> &RestClient {
        &self.inner.rest
    }

    /// The retry and polling settings.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let attempts = root.options().retry.max_attempts;
    /// # Ok(()) }
    /// ```
    pub fn options(&self) -> &RootOptions {
        &self.inner.options
    }

    /// The generated client of one API.
    pub(crate) fn api<T: Api>(&self) -> T {
        self.inner.rest.api()
    }
}

/// Settings shared by every handle of a [`Root`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RootOptions {
    /// How idempotent calls are retried.
    pub retry: RetryPolicy,
    /// How long-running operations are polled.
    pub polling: PollingPolicy,
}

impl RootOptions {
    /// Sets how idempotent calls are retried.
    ///
    /// ```
    /// use std::time::Duration;
    /// use snowapi_core::{RetryPolicy, RootOptions};
    /// let options = RootOptions::default().retry(RetryPolicy::new(5, Duration::from_millis(200), Duration::from_secs(10)));
    /// assert_eq!(options.retry.max_attempts, 5);
    /// ```
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sets how long-running operations are polled.
    ///
    /// ```
    /// use std::time::Duration;
    /// use snowapi_core::{PollingPolicy, RootOptions};
    /// let patient = PollingPolicy::new(Duration::from_secs(1), Duration::from_secs(30), Duration::from_secs(3600));
    /// let options = RootOptions::default().polling(patient);
    /// ```
    #[must_use]
    pub fn polling(mut self, polling: PollingPolicy) -> Self {
        self.polling = polling;
        self
    }
}

/// How idempotent calls (fetches, listings, `create_or_alter`, drops with `if_exists`,
/// suspend/resume) are retried when Snowflake answers 429, 503 or 504, or cannot be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// Wait before the first retry; doubled at each further one.
    pub initial_backoff: Duration,
    /// Longest wait between attempts, `Retry-After` included.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    ///
    /// ```
    /// use snowapi_core::RetryPolicy;
    /// assert_eq!(RetryPolicy::none().max_attempts, 1);
    /// ```
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// A policy with `max_attempts` attempts and the given backoff bounds.
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = snowapi_core::RetryPolicy::new(3, Duration::from_millis(100), Duration::from_secs(5));
    /// assert_eq!(policy.max_attempts, 3);
    /// ```
    pub fn new(max_attempts: u32, initial_backoff: Duration, max_backoff: Duration) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            initial_backoff,
            max_backoff,
        }
    }
}

/// How a long-running operation (a `202 Accepted` answer) is polled until it finishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollingPolicy {
    /// Wait before the first poll; grows by half at each further one.
    pub initial_interval: Duration,
    /// Longest wait between polls.
    pub max_interval: Duration,
    /// Give up (with [`CoreError::RetryTimeout`]) after this long.
    pub timeout: Duration,
}

impl Default for PollingPolicy {
    fn default() -> Self {
        Self {
            initial_interval: Duration::from_millis(100),
            max_interval: Duration::from_secs(5),
            timeout: Duration::from_secs(600),
        }
    }
}

impl PollingPolicy {
    /// A policy with the given intervals and timeout.
    ///
    /// ```
    /// use std::time::Duration;
    /// let quick = snowapi_core::PollingPolicy::new(Duration::from_millis(50), Duration::from_secs(2), Duration::from_secs(60));
    /// assert_eq!(quick.timeout, Duration::from_secs(60));
    /// ```
    pub fn new(initial_interval: Duration, max_interval: Duration, timeout: Duration) -> Self {
        Self {
            initial_interval,
            max_interval,
            timeout,
        }
    }
}
