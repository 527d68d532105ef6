//! Starting an emulator and connecting to it.

use std::time::Duration;

use snowapi_auth::ConnectionConfig;
use snowapi_emulator::server::{EmulatorBuilder, RunningEmulator};
use snowapi_query::{Connection, ConnectionOptions, RetryPolicy};

/// Options with quick retries, so fault tests do not wait seconds.
pub fn options() -> ConnectionOptions {
    ConnectionOptions::default().retry(
        RetryPolicy::default()
            .initial_backoff(Duration::from_millis(10))
            .max_backoff(Duration::from_millis(100)),
    )
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

/// A new connection (a new session) to the emulator.
pub async fn connect(emulator: &RunningEmulator) -> Connection {
    Connection::connect_with(&config(emulator), options())
        .await
        .expect("connect to the emulator")
}

/// Starts an emulator, connects, and creates and uses database `D`.
pub async fn start(builder: EmulatorBuilder) -> (RunningEmulator, Connection) {
    let emulator = builder.start().await.expect("emulator starts");
    let conn = connect(&emulator).await;
    conn.execute("create database d")
        .await
        .expect("create database");
    (emulator, conn)
}

/// The single value of a one-row, one-column query, as i64.
pub async fn scalar(conn: &Connection, sql: &str) -> i64 {
    let rows = conn.query(sql).await.expect(sql);
    assert_eq!(rows.len(), 1, "{sql}");
    rows[0].get::<i64>(0).expect(sql)
}
