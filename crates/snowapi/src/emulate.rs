//! The embedded default: with no Snowflake connection configured, run against an in-process
//! emulator instead.

use snowapi_auth::{AuthError, ConnectionConfig};
use snowapi_emulator::server::{Emulator, RunningEmulator};
use snowapi_query::{Connection, ConnectionOptions};

use crate::{Client, Error, Result, client::RootOptionsArg};

/// An emulator a client started for itself; it stops when the last clone of the client goes.
#[derive(Debug)]
pub(crate) struct EmbeddedEmulator {
    running: RunningEmulator,
}

impl Client {
    /// Connects with the default connection, or — when none is configured (no account in
    /// `connections.toml`, `config.toml` or `SNOWFLAKE_*`) — starts the embedded emulator on
    /// loopback, logs that it did, and connects to it. Examples and tests run anywhere this way.
    ///
    /// Any other configuration error (a connection named but missing, an unreadable key, …) is
    /// returned, never papered over.
    ///
    /// ```no_run
    /// # async fn demo() -> snowapi::Result<()> {
    /// let client = snowapi::Client::connect_or_emulate().await?;
    /// if client.is_emulated() {
    ///     tracing::info!(url = ?client.emulator_url(), "running against the emulator");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn connect_or_emulate() -> Result<Self> {
        match ConnectionConfig::load(None) {
            Ok(config) => Self::from_config(&config).await,
            Err(AuthError::UnsetAccount) => Self::emulate().await,
            Err(error) => Err(error.into()),
        }
    }

    /// Starts the embedded emulator and connects to it, whatever is configured.
    pub async fn emulate() -> Result<Self> {
        let running = Emulator::builder()
            .start()
            .await
            .map_err(|e| Error::Emulator(e.to_string()))?;
        tracing::info!(
            url = %running.url(),
            "no Snowflake connection configured: started the embedded emulator"
        );
        let config = emulator_config(&running)?;
        let connection = Connection::connect_with(&config, ConnectionOptions::default()).await?;
        Self::with_emulator(
            connection,
            RootOptionsArg::default(),
            EmbeddedEmulator { running },
        )
    }

    /// The URL of the embedded emulator, when this client started one.
    pub fn emulator_url(&self) -> Option<String> {
        self.embedded().map(|e| e.running.url())
    }

    /// The embedded emulator, when this client started one (to inject faults, expire sessions…).
    pub fn emulator(&self) -> Option<&RunningEmulator> {
        self.embedded().map(|e| &e.running)
    }
}

/// The connection settings of the emulator's default user.
pub(crate) fn emulator_config(running: &RunningEmulator) -> Result<ConnectionConfig> {
    let address = running.address();
    Ok(ConnectionConfig::builder()
        .account(running.account())
        .user(running.user())
        .password(running.password().to_owned())
        .host(address.ip().to_string())
        .port(address.port())
        .protocol("http")
        .build()?)
}
