//! Submit a long query, poll it, and fetch its result by query id — what data platforms wrap as
//! `execute_query_async`.
//!
//! `cargo run -p snowapi --example async_query` (the embedded emulator when no connection is
//! configured).

#![allow(clippy::print_stdout)]

use std::time::Duration;

use snowapi::{Client, query::QueryHandle};

#[tokio::main]
async fn main() -> snowapi::Result<()> {
    let client = Client::connect_or_emulate().await?;

    // SYSTEM$WAIT keeps the statement running for a while, like a heavy transformation.
    let running = client
        .submit("select system$wait(2) as waited, 42 as answer")
        .await?;
    let handle: QueryHandle = running.handle().clone();
    println!("submitted query {}", handle.query_id);

    // The handle is plain data: a scheduler can store it and resume anywhere.
    let saved = serde_json::to_string(&handle).expect("a handle serializes");
    while running.is_still_running().await? {
        println!("  still running…");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // Resume from the saved id on another connection, as a different worker would.
    let other = Client::builder()
        .config(|_| client_config(&client))
        .connect()
        .await?;
    let handle: QueryHandle = serde_json::from_str(&saved).expect("the saved handle reads back");
    let resumed = other.connection().handle(handle);
    println!("status: {:?}", resumed.status().await?);
    let rows = resumed.result().await?.rows().await?;
    let answer: i64 = rows[0].get("ANSWER")?;
    println!("answer = {answer}");
    assert_eq!(answer, 42);
    other.close().await?;
    client.close().await?;
    Ok(())
}

/// The connection settings of `client`'s session, for a second connection to the same account.
fn client_config(client: &Client) -> snowapi::auth::ConnectionConfigBuilder {
    match client.emulator() {
        Some(emulator) => {
            let address = emulator.address();
            snowapi::auth::ConnectionConfig::builder()
                .account(emulator.account())
                .user(emulator.user())
                .password(emulator.password().to_owned())
                .host(address.ip().to_string())
                .port(address.port())
                .protocol("http")
        }
        // With a configured account, resolve the same default connection again.
        None => snowapi::auth::ConnectionConfig::builder(),
    }
}
