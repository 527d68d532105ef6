//! Configuring and starting an emulator server.

use std::{path::PathBuf, sync::Arc};

use tokio::net::TcpListener;

use super::{
    admin,
    chunks::ChunkStore,
    config::ServerConfig,
    faults::{FaultRule, FaultSet},
    limits::BodyLimits,
    result_data::ResultFormat,
    router,
    running::RunningEmulator,
    sessions::SessionTable,
    stack,
};
use crate::{
    engine::{Engine, EngineConfig},
    error::{EmulatorError, Result},
    sql::binds::Binds,
};

/// The user created at start unless [`EmulatorBuilder::user`] names another.
pub const DEFAULT_USER: &str = "ADMIN";
/// The password of the user created at start unless [`EmulatorBuilder::user`] sets another.
pub const DEFAULT_PASSWORD: &str = "snowapi";

/// Entry point of the network emulator: `Emulator::builder()…start().await`.
#[derive(Debug, Clone, Copy)]
pub struct Emulator;

impl Emulator {
    /// A builder with the defaults: host `127.0.0.1` (loopback only), port 0 (any free port),
    /// data kept in memory, account `SNOWAPI`, user [`DEFAULT_USER`] with password
    /// [`DEFAULT_PASSWORD`].
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }
}

/// How to start an emulator server; see [`Emulator::builder`] for the defaults.
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    host: String,
    port: u16,
    data_dir: Option<PathBuf>,
    account: String,
    user: String,
    password: String,
    config: ServerConfig,
    compute_pool_start_delay: std::time::Duration,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 0,
            data_dir: None,
            account: EngineConfig::default().account,
            user: DEFAULT_USER.into(),
            password: DEFAULT_PASSWORD.into(),
            config: ServerConfig::default(),
            compute_pool_start_delay: std::time::Duration::ZERO,
        }
    }
}

impl EmulatorBuilder {
    /// The address to listen on (default `127.0.0.1`). Use a dotted IP: some clients mishandle
    /// `localhost`.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// The port to listen on; 0 (the default) picks a free one, see [`RunningEmulator::url`].
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Keep the catalog and data in this directory (default: in memory only).
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// The account name (default `SNOWAPI`).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = account.into();
        self
    }

    /// The user created (if missing) at start, and the password it gets.
    pub fn user(mut self, name: impl Into<String>, password: impl Into<String>) -> Self {
        self.user = name.into();
        self.password = password.into();
        self
    }

    /// The largest request body accepted, counted after gzip inflation (default 64 MiB). Larger
    /// bodies are refused with "Request body too large": an HTTP 200 envelope with code 390400
    /// on connector endpoints, HTTP 413 on `/api/…`.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.config.max_body_bytes = bytes;
        self
    }

    /// Adds a fault-injection rule active from the start (see [`FaultRule`]; more can be added
    /// at run time with [`RunningEmulator::inject`]).
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.config.faults.push(rule);
        self
    }

    /// How long a SQL API submission (`POST /api/v2/statements`) waits for its statement before
    /// answering 202 with the handle to poll (default 45 s, as Snowflake).
    pub fn sql_api_sync_wait(mut self, wait: std::time::Duration) -> Self {
        self.config.sqlapi_sync_wait = wait;
        self
    }

    /// How long a synchronous query-request waits for its statement before answering 333333
    /// with the `getResultUrl` to poll (default 45 s, as Snowflake); a result GET waits as long.
    pub fn sync_query_wait(mut self, wait: std::time::Duration) -> Self {
        self.config.sync_wait = wait;
        self
    }

    /// Rows per SQL API result partition (default 50 000; at least 1).
    pub fn sql_api_partition_rows(mut self, rows: usize) -> Self {
        self.config.sqlapi_partition_rows = rows.max(1);
        self
    }

    /// Serve every row result in one format (DML counts always go as JSON). By default results
    /// go as Arrow unless the session sets `QUERY_RESULT_FORMAT` (or
    /// `PYTHON_CONNECTOR_QUERY_RESULT_FORMAT`) to `JSON`.
    pub fn result_format(mut self, format: ResultFormat) -> Self {
        self.config.result_format = Some(format);
        self
    }

    /// Rows per result chunk (default 100 000; at least 1): larger results answer this many rows
    /// inline and the rest as chunk URLs on this server.
    pub fn chunk_rows(mut self, rows: usize) -> Self {
        self.config.chunk_rows = rows.max(1);
        self
    }

    /// The most bytes of result chunks kept for download (default 512 MiB); older results'
    /// chunks are dropped first and then answer 404.
    pub fn chunk_store_bytes(mut self, bytes: usize) -> Self {
        self.config.chunk_store_bytes = bytes;
        self
    }

    /// How long session tokens are valid (default one hour); an expired one is answered
    /// `390112` until the client renews it with its master token.
    pub fn session_validity(mut self, validity: std::time::Duration) -> Self {
        self.config.session_validity = validity;
        self
    }

    /// How long master tokens are valid (default four hours); renewal with an expired one is
    /// answered `390114`.
    pub fn master_validity(mut self, validity: std::time::Duration) -> Self {
        self.config.master_validity = validity;
        self
    }

    /// An OAuth client of `POST /oauth/token-request`: `client_id` and `client_secret` (HTTP
    /// basic authentication or form fields) get access tokens acting as `user`.
    pub fn oauth_client(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        user: impl Into<String>,
    ) -> Self {
        self.config
            .oauth_clients
            .push(super::oauth_tokens::OAuthClientConfig {
                client_id: client_id.into(),
                client_secret: client_secret.into(),
                user: user.into(),
            });
        self
    }

    /// How long OAuth access tokens issued by `/oauth/token-request` are valid (default ten
    /// minutes).
    pub fn oauth_token_validity(mut self, validity: std::time::Duration) -> Self {
        self.config.oauth_token_validity = validity;
        self
    }

    /// Makes a REST API v2 operation long-running: requests matching `operation` (`"POST
    /// /api/v2/databases"`: a method and a path prefix, or a bare path prefix for any method)
    /// are answered `202 Accepted` with a result handle at once and run after `delay`; clients
    /// poll `GET /api/v2/results/{handle}` for the outcome. May be called several times.
    pub fn rest_long_running(mut self, operation: &str, delay: std::time::Duration) -> Self {
        self.config
            .rest_long_running
            .push(super::rest::LongRunning::parse(operation, delay));
        self
    }

    /// Items per page of REST API v2 listings (at least 1): a longer listing answers its first
    /// page with `Link: </api/v2/results/{handle}?page=N>; rel="…"` headers to the others.
    pub fn rest_page_size(mut self, items: usize) -> Self {
        self.config.rest_page_size = items.max(1);
        self
    }

    /// How long a new or resumed compute pool reports STARTING / RESUMING before it is IDLE
    /// (default zero: ready at once).
    pub fn compute_pool_start_delay(mut self, delay: std::time::Duration) -> Self {
        self.compute_pool_start_delay = delay;
        self
    }

    /// Opens the engine, makes sure the user exists with the configured password, and starts
    /// serving on a background task.
    pub async fn start(self) -> Result<RunningEmulator> {
        let engine = Engine::open(EngineConfig {
            data_dir: self.data_dir.clone(),
            account: self.account.clone(),
            compute_pool_start_delay: self.compute_pool_start_delay,
            ..EngineConfig::default()
        })?;
        ensure_user(&engine, &self.user, &self.password).await?;
        let listener = TcpListener::bind((self.host.as_str(), self.port))
            .await
            .map_err(|e| {
                EmulatorError::internal(format!(
                    "cannot listen on {}:{}: {e}",
                    self.host, self.port
                ))
            })?;
        let address = listener
            .local_addr()
            .map_err(|e| EmulatorError::internal(format!("no local address: {e}")))?;
        let sessions = Arc::new(SessionTable::default());
        let config = ServerConfig {
            account: self.account.clone(),
            base_url: format!("http://{address}"),
            ..self.config
        };
        let chunks = Arc::new(ChunkStore::new(config.chunk_store_bytes));
        let faults = Arc::new(FaultSet::new(config.faults.iter().cloned()));
        let limits = BodyLimits {
            max_body_bytes: config.max_body_bytes,
        };
        let app = router::router(router::AppState {
            engine: engine.clone(),
            sessions: Arc::clone(&sessions),
            config: Arc::new(config),
            chunks,
            statements: Arc::default(),
            query_store: Arc::default(),
        });
        let admin = admin::router(admin::AdminState {
            faults: Arc::clone(&faults),
            sessions: Arc::clone(&sessions),
        });
        let admin = admin.merge(super::images::router(engine.clone()));
        let admin = admin.merge(super::stage_files::router(engine.clone()));
        let app = stack::wrap(app.merge(admin), limits, Arc::clone(&faults))
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(error) = served {
                tracing::error!(%error, "emulator server stopped");
            }
        });
        tracing::info!(%address, account = %self.account, "emulator listening");
        Ok(RunningEmulator::new(
            address,
            engine,
            self.account,
            self.user,
            self.password,
            stop,
            task,
        )
        .with_faults(faults)
        .with_sessions(sessions))
    }
}

/// Creates the user unless it exists, then sets its password.
async fn ensure_user(engine: &Engine, user: &str, password: &str) -> Result<()> {
    let session = engine.session(user);
    let name = identifier(user);
    let password = string_literal(password);
    session
        .execute(
            &format!("CREATE USER IF NOT EXISTS {name} PASSWORD = {password}"),
            &Binds::none(),
        )
        .await?;
    session
        .execute(
            &format!("ALTER USER {name} SET PASSWORD = {password}"),
            &Binds::none(),
        )
        .await?;
    Ok(())
}

/// `name` as a SQL identifier: bare when it is a plain one, otherwise double-quoted.
pub(crate) fn identifier(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// `text` as a single-quoted SQL string literal.
fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}
