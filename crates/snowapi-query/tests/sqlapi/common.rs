//! Starting an emulator, and SQL API clients of its users.

use std::time::Duration;

use snowapi_auth::ConnectionConfig;
use snowapi_emulator::server::{EmulatorBuilder, RunningEmulator};
use snowapi_query::{Connection, ConnectionOptions, RetryPolicy, SqlApi};

/// Quick retries, so fault tests do not wait seconds.
pub fn retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(100))
}

/// The emulator's address in a configuration builder.
pub fn base(emulator: &RunningEmulator) -> snowapi_auth::ConnectionConfigBuilder {
    let address = emulator.address();
    ConnectionConfig::builder()
        .account(emulator.account())
        .host(address.ip().to_string())
        .port(address.port())
        .protocol("http")
}

/// The administrator's password configuration.
pub fn password_config(emulator: &RunningEmulator) -> ConnectionConfig {
    base(emulator)
        .user(emulator.user())
        .password(emulator.password().to_owned())
        .build()
        .expect("password config")
}

/// A running emulator, a connector connection as the administrator (database D created), and
/// a programmatic access token configuration of the administrator, in D.PUBLIC.
pub struct Setup {
    pub emulator: RunningEmulator,
    pub conn: Connection,
    pub pat: ConnectionConfig,
}

impl Setup {
    pub async fn start(builder: EmulatorBuilder) -> Self {
        let emulator = builder.start().await.expect("emulator starts");
        let conn = Connection::connect_with(
            &password_config(&emulator),
            ConnectionOptions::default().retry(retry()),
        )
        .await
        .expect("connect");
        let rows = conn
            .query(format!(
                "alter user {} add programmatic access token sqlapi_tests",
                emulator.user()
            ))
            .await
            .expect("add a PAT");
        let secret: String = rows[0].get("token_secret").expect("token_secret");
        let pat = base(&emulator)
            .user(emulator.user())
            .authenticator("programmatic_access_token")
            .token(secret)
            .database("D")
            .schema("PUBLIC")
            .build()
            .expect("PAT config");
        conn.execute("create database d")
            .await
            .expect("create database");
        Self {
            emulator,
            conn,
            pat,
        }
    }

    /// A SQL API client with the PAT.
    pub async fn api(&self) -> SqlApi {
        SqlApi::from_config(&self.pat)
            .await
            .expect("SQL API client")
            .retry(retry())
    }
}
