//! Configuring and starting an emulator server.

use std::{path::PathBuf, sync::Arc};

use tokio::net::TcpListener;

use super::{config::ServerConfig, router, running::RunningEmulator, sessions::SessionTable};
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

    /// Opens the engine, makes sure the user exists with the configured password, and starts
    /// serving on a background task.
    pub async fn start(self) -> Result<RunningEmulator> {
        let engine = Engine::open(EngineConfig {
            data_dir: self.data_dir.clone(),
            account: self.account.clone(),
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
            ..self.config
        };
        let app = router::router(router::AppState {
            engine: engine.clone(),
            sessions: Arc::clone(&sessions),
            config: Arc::new(config),
        });
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
        ))
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
