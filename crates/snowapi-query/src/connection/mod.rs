//! [`Connection`]: one Snowflake session running statements over the connector protocol.

mod abort;
mod execute;
mod options;
mod session_state;
mod transport;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use std::collections::BTreeMap;

use serde_json::Value;
use snowapi_auth::{ConnectionConfig, Session};

use crate::error::QueryError;

pub use options::{ConnectionOptions, DEFAULT_PREFETCH};
pub(crate) use session_state::SessionState;
pub(crate) use transport::Call;

/// A connection to Snowflake: a logged-in session (renewed by `snowapi-auth` as needed) and
/// the HTTP client statements go through. Cheap to clone; clones share the session.
///
/// ```no_run
/// # async fn run(config: snowapi_auth::ConnectionConfig) -> Result<(), snowapi_query::QueryError> {
/// use snowapi_query::{Connection, Statement};
/// let conn = Connection::connect(&config).await?;
/// conn.execute("create table t (id int, name text)").await?;
/// let inserted = conn
///     .execute(Statement::new("insert into t values (?, ?)").bind(1).bind("one"))
///     .await?
///     .rows_affected();
/// assert_eq!(inserted, Some(1));
/// for row in conn.query("select id, name from t").await? {
///     let id: i64 = row.get(0)?;
///     let name: String = row.get("NAME")?;
///     println!("{id} {name}");
/// }
/// conn.close().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Connection {
    pub(crate) inner: Arc<Inner>,
}

/// What clones of a connection share.
pub(crate) struct Inner {
    pub(crate) session: Arc<Session>,
    pub(crate) http: reqwest::Client,
    /// The client of chunk downloads: it does not inflate bodies itself, so that gzip is
    /// inflated with the decoding, off the runtime's workers.
    pub(crate) chunk_http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) options: ConnectionOptions,
    /// Session parameters and query context learnt from answers.
    pub(crate) state: SessionState,
    sequence: AtomicU64,
}

impl Connection {
    /// Logs in with `config` and returns the connection.
    ///
    /// # Errors
    ///
    /// [`QueryError::Auth`] when the login fails.
    pub async fn connect(config: &ConnectionConfig) -> Result<Self, QueryError> {
        Self::connect_with(config, ConnectionOptions::default()).await
    }

    /// Logs in with `config`, with non-default connection options.
    ///
    /// # Errors
    ///
    /// [`QueryError::Auth`] when the login fails.
    pub async fn connect_with(
        config: &ConnectionConfig,
        mut options: ConnectionOptions,
    ) -> Result<Self, QueryError> {
        let session = Session::connect(config).await?;
        if options.query_tag.is_none() {
            options.query_tag = config.query_tag.clone();
        }
        Self::from_session_with(Arc::new(session), options)
    }

    /// A connection over an existing session.
    ///
    /// # Errors
    ///
    /// [`QueryError::Protocol`] when no HTTP client can be built.
    pub fn from_session(session: Arc<Session>) -> Result<Self, QueryError> {
        Self::from_session_with(session, ConnectionOptions::default())
    }

    /// A connection over an existing session, with non-default options.
    ///
    /// # Errors
    ///
    /// [`QueryError::Protocol`] when no HTTP client can be built.
    pub fn from_session_with(
        session: Arc<Session>,
        options: ConnectionOptions,
    ) -> Result<Self, QueryError> {
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| QueryError::Protocol(format!("cannot build the HTTP client: {e}")))?;
        let chunk_http = reqwest::Client::builder()
            .no_gzip()
            .build()
            .map_err(|e| QueryError::Protocol(format!("cannot build the HTTP client: {e}")))?;
        let base_url = session.base_url().trim_end_matches('/').to_owned();
        Ok(Self {
            inner: Arc::new(Inner {
                session,
                http,
                chunk_http,
                base_url,
                options,
                state: SessionState::default(),
                sequence: AtomicU64::new(0),
            }),
        })
    }

    /// The session the connection runs in.
    pub fn session(&self) -> &Arc<Session> {
        &self.inner.session
    }

    /// The connection's options.
    pub fn options(&self) -> &ConnectionOptions {
        &self.inner.options
    }

    /// A session parameter as the connection knows it, by name (any case), without a query:
    /// the value in the latest answer that carried it (statements such as `ALTER SESSION SET
    /// TIMEZONE = ...` are answered with the changed parameters), else the login's.
    ///
    /// ```no_run
    /// # async fn run(conn: snowapi_query::Connection) -> Result<(), snowapi_query::QueryError> {
    /// conn.execute("alter session set timezone = 'Europe/Paris'").await?;
    /// assert_eq!(
    ///     conn.session_parameter("timezone"),
    ///     Some(serde_json::json!("Europe/Paris"))
    /// );
    /// # Ok(()) }
    /// ```
    pub fn session_parameter(&self, name: &str) -> Option<Value> {
        self.inner.session_parameter(name)
    }

    /// Every session parameter the connection knows, by upper-case name: the login's, updated
    /// by those later answers carried.
    pub fn session_parameters(&self) -> BTreeMap<String, Value> {
        let mut all = self.inner.session.parameters();
        all.extend(self.inner.state.parameters());
        all
    }

    /// Logs the session out. Clones of the connection stop working too.
    ///
    /// # Errors
    ///
    /// [`QueryError::Auth`] when the logout request fails (the session is closed anyway).
    pub async fn close(&self) -> Result<(), QueryError> {
        self.inner.session.close().await?;
        Ok(())
    }
}

impl Inner {
    /// A session parameter: learnt from answers, else from the login.
    pub(crate) fn session_parameter(&self, name: &str) -> Option<Value> {
        self.state
            .parameter(name)
            .or_else(|| self.session.parameter(name))
    }

    /// The next `sequenceId` of this connection (1, 2, 3...).
    pub(crate) fn next_sequence(&self) -> u64 {
        self.sequence.fetch_add(1, Ordering::Relaxed) + 1
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("session", &self.inner.session)
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}
