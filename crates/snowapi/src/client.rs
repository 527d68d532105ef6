//! `snowapi::Client`: one logged-in session, for SQL and for the resource tree.

use std::sync::Arc;

use secrecy::SecretString;
use snowapi_auth::{ConnectionConfig, ConnectionConfigBuilder};
#[cfg(feature = "core")]
use snowapi_core::{Root, RootOptions};
use snowapi_query::{AsyncQuery, Connection, ConnectionOptions, QueryResult, Row, Statement};

use crate::Result;

/// A connection to one Snowflake account (or to the emulator): SQL through
/// [`sql`](Self::sql) / [`query`](Self::query) / [`submit`](Self::submit), objects through
/// [`root`](Self::root). One session serves both; it is renewed as needed. Cheap to clone.
///
/// ```no_run
/// # async fn demo() -> snowapi::Result<()> {
/// use snowapi::Client;
///
/// // The default connection of ~/.snowflake/connections.toml or SNOWFLAKE_* variables.
/// let client = Client::connect().await?;
/// let rows = client.query("select current_version()").await?;
/// let version: String = rows[0].get(0)?;
/// for db in client.root().databases().iter().like("sales%").send().await? {
///     tracing::info!(name = %db.name, %version, "database");
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    connection: Connection,
    #[cfg(feature = "core")]
    root: Root,
    #[cfg(feature = "emulator")]
    emulator: Option<crate::emulate::EmbeddedEmulator>,
}

impl Client {
    /// Connects with the default connection: the one `SNOWFLAKE_DEFAULT_CONNECTION_NAME` or
    /// `default_connection_name` names in `connections.toml` / `config.toml`, overridden by
    /// `SNOWFLAKE_*` variables, as the Snowflake CLI and Python connector resolve it.
    pub async fn connect() -> Result<Self> {
        Self::builder().connect().await
    }

    /// Connects with the named connection of `connections.toml` / `config.toml`.
    pub async fn connect_named(name: &str) -> Result<Self> {
        Self::builder().connection_name(name).connect().await
    }

    /// Connects with the settings of a `snowflake://user:password@account/db/schema?…` URL.
    ///
    /// ```no_run
    /// # async fn demo() -> snowapi::Result<()> {
    /// let client = snowapi::Client::from_url("snowflake://etl:secret@myorg-myaccount/sales?warehouse=wh").await?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub async fn from_url(url: &str) -> Result<Self> {
        Self::builder().url(url).connect().await
    }

    /// Connects with a configuration built elsewhere.
    pub async fn from_config(config: &ConnectionConfig) -> Result<Self> {
        Self::builder().connect_config(config).await
    }

    /// Starts configuring a client: settings given here win over the URL, the environment and
    /// the configuration files.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The SQL connection.
    pub fn connection(&self) -> &Connection {
        &self.inner.connection
    }

    /// The resource tree (databases, warehouses, tasks, …), sharing this client's session.
    #[cfg(feature = "core")]
    pub fn root(&self) -> &Root {
        &self.inner.root
    }

    /// Runs one statement (SQL text or a [`Statement`] with binds) and returns its result.
    pub async fn sql(&self, statement: impl Into<Statement>) -> Result<QueryResult> {
        Ok(self.inner.connection.execute(statement).await?)
    }

    /// Runs a query and returns all its rows.
    pub async fn query(&self, statement: impl Into<Statement>) -> Result<Vec<Row>> {
        Ok(self.inner.connection.query(statement).await?)
    }

    /// Submits a statement to run in the background and returns its handle at once.
    pub async fn submit(&self, statement: impl Into<Statement>) -> Result<AsyncQuery> {
        Ok(self.inner.connection.submit(statement).await?)
    }

    /// Whether this client talks to an emulator it started itself
    /// ([`connect_or_emulate`](Self::connect_or_emulate)).
    pub fn is_emulated(&self) -> bool {
        #[cfg(feature = "emulator")]
        {
            self.inner.emulator.is_some()
        }
        #[cfg(not(feature = "emulator"))]
        {
            false
        }
    }

    #[cfg(feature = "emulator")]
    pub(crate) fn embedded(&self) -> Option<&crate::emulate::EmbeddedEmulator> {
        self.inner.emulator.as_ref()
    }

    /// Logs the session out (and stops an embedded emulator once no clone is left).
    pub async fn close(&self) -> Result<()> {
        Ok(self.inner.connection.close().await?)
    }

    #[cfg(feature = "emulator")]
    pub(crate) fn with_emulator(
        connection: Connection,
        root_options: RootOptionsArg,
        emulator: crate::emulate::EmbeddedEmulator,
    ) -> Result<Self> {
        Self::assemble(connection, root_options, Some(emulator))
    }

    fn assemble(
        connection: Connection,
        root_options: RootOptionsArg,
        #[cfg(feature = "emulator")] emulator: Option<crate::emulate::EmbeddedEmulator>,
        #[cfg(not(feature = "emulator"))] _emulator: Option<()>,
    ) -> Result<Self> {
        #[cfg(feature = "core")]
        let root = {
            let rest = Root::from_connection(&connection)?.rest().clone();
            Root::with_options(rest, root_options)
        };
        #[cfg(not(feature = "core"))]
        let () = root_options;
        Ok(Self {
            inner: Arc::new(Inner {
                connection,
                #[cfg(feature = "core")]
                root,
                #[cfg(feature = "emulator")]
                emulator,
            }),
        })
    }
}

#[cfg(feature = "core")]
pub(crate) type RootOptionsArg = RootOptions;
#[cfg(not(feature = "core"))]
pub(crate) type RootOptionsArg = ();

/// Configures a [`Client`]; finish with [`connect`](Self::connect).
///
/// ```no_run
/// # async fn demo() -> snowapi::Result<()> {
/// let client = snowapi::Client::builder()
///     .account("myorg-myaccount")
///     .user("etl")
///     .private_key_file("/etc/snowflake/rsa_key.p8")
///     .warehouse("transform_wh")
///     .connect()
///     .await?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    config: ConnectionConfigBuilder,
    connection_options: ConnectionOptions,
    root_options: RootOptionsArg,
}

/// Forwards a setter to the connection configuration.
macro_rules! forward {
    ($($(#[$doc:meta])* $name:ident($arg:ty);)*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: $arg) -> Self {
                self.config = self.config.$name(value);
                self
            }
        )*
    };
}

impl ClientBuilder {
    forward! {
        /// Account identifier: `org-account` or `xy12345.us-east-2.aws`.
        account(impl Into<String>);
        /// Login name of the user.
        user(impl Into<String>);
        /// Password (for the `snowflake` authenticator) — never logged.
        password(impl Into<SecretString>);
        /// `snowflake`, `snowflake_jwt`, `oauth`, `programmatic_access_token`, …
        authenticator(impl Into<String>);
        /// OAuth access token or programmatic access token — never logged.
        token(impl Into<SecretString>);
        /// PKCS#8 private key file for key-pair authentication.
        private_key_file(impl Into<std::path::PathBuf>);
        /// Host, when not `<account>.snowflakecomputing.com`.
        host(impl Into<String>);
        /// Port, when not the protocol's default.
        port(u16);
        /// `https` (default) or `http`.
        protocol(impl Into<String>);
        /// Warehouse to use.
        warehouse(impl Into<String>);
        /// Database to use.
        database(impl Into<String>);
        /// Schema to use.
        schema(impl Into<String>);
        /// Role to use.
        role(impl Into<String>);
        /// Settings from a `snowflake://` URL (below the explicit settings).
        url(impl Into<String>);
        /// Which connection of the configuration files to start from.
        connection_name(impl Into<String>);
    }

    /// Any other setting of the connection configuration.
    pub fn config(
        mut self,
        f: impl FnOnce(ConnectionConfigBuilder) -> ConnectionConfigBuilder,
    ) -> Self {
        self.config = f(self.config);
        self
    }

    /// Retries, timeouts and prefetch of the SQL connection.
    pub fn connection_options(mut self, options: ConnectionOptions) -> Self {
        self.connection_options = options;
        self
    }

    /// Retries and polling of the resource tree.
    #[cfg(feature = "core")]
    pub fn root_options(mut self, options: RootOptions) -> Self {
        self.root_options = options;
        self
    }

    /// Resolves the configuration, logs in and returns the client.
    pub async fn connect(self) -> Result<Client> {
        let config = self.config.build()?;
        Self::finish(&config, self.connection_options, self.root_options).await
    }

    pub(crate) async fn connect_config(self, config: &ConnectionConfig) -> Result<Client> {
        Self::finish(config, self.connection_options, self.root_options).await
    }

    /// The resolved configuration without connecting (what [`connect`](Self::connect) would use).
    pub fn build_config(self) -> Result<ConnectionConfig> {
        Ok(self.config.build()?)
    }

    async fn finish(
        config: &ConnectionConfig,
        connection_options: ConnectionOptions,
        root_options: RootOptionsArg,
    ) -> Result<Client> {
        let connection = Connection::connect_with(config, connection_options).await?;
        tracing::info!(account = ?config.account, "connected");
        Client::assemble(connection, root_options, None)
    }
}
