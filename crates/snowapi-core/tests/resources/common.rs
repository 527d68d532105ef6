//! Starting an emulator, connecting, and a `Root` over the connection's session.

use std::time::Duration;

use snowapi_auth::ConnectionConfig;
use snowapi_core::{PollingPolicy, RetryPolicy, Root, RootOptions};
use snowapi_emulator::server::{EmulatorBuilder, RunningEmulator};
use snowapi_query::Connection;

/// What every test works with: the running emulator, a SQL connection and a root sharing its
/// session.
pub struct Env {
    /// The emulator (dropping it stops the server).
    pub emulator: RunningEmulator,
    /// A SQL connection, to cross-check what the REST API did.
    pub conn: Connection,
    /// The resource tree over the connection's session.
    pub root: Root,
}

/// Quick retries and polling, so fault and long-running tests do not wait seconds.
pub fn quick_options() -> RootOptions {
    RootOptions::default()
        .retry(RetryPolicy::new(
            4,
            Duration::from_millis(10),
            Duration::from_millis(50),
        ))
        .polling(PollingPolicy::new(
            Duration::from_millis(20),
            Duration::from_millis(100),
            Duration::from_secs(20),
        ))
}

/// A connection configuration for the emulator.
pub fn config(emulator: &RunningEmulator) -> ConnectionConfig {
    let address = emulator.address();
    ConnectionConfig::builder()
        .account(emulator.account())
        .user(emulator.user())
        .password(emulator.password().to_owned())
        .host(address.ip().to_string())
        .port(address.port())
        .protocol("http")
        .build()
        .expect("emulator config")
}

/// Starts an emulator from `builder`, connects, and builds a root with quick options.
pub async fn start_with(builder: EmulatorBuilder) -> Env {
    let emulator = builder.start().await.expect("emulator starts");
    let conn = Connection::connect(&config(&emulator))
        .await
        .expect("connect to the emulator");
    let rest = Root::from_connection(&conn).expect("root").rest().clone();
    let root = Root::with_options(rest, quick_options());
    Env {
        emulator,
        conn,
        root,
    }
}

/// Starts a default emulator.
pub async fn start() -> Env {
    start_with(snowapi_emulator::server::Emulator::builder()).await
}

/// The first column of every row of `sql`, as text.
pub async fn column(conn: &Connection, sql: &str, index: usize) -> Vec<String> {
    conn.query(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| {
            row.get::<String>(index)
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        })
        .collect()
}
