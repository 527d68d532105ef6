//! Quickstart: connect, create a table, insert with binds, and read the rows back.
//!
//! `cargo run -p snowapi-query --example sql_quickstart`
//!
//! With a Snowflake connection configured (`~/.snowflake/connections.toml` or the `SNOWFLAKE_*`
//! environment variables, as the Snowflake CLI reads them) it runs there, in a database
//! it creates and drops; otherwise it starts the embedded emulator on loopback and runs against it.

#![allow(clippy::print_stdout)]

use std::error::Error;

use snowapi_auth::ConnectionConfig;
use snowapi_emulator::server::{Emulator, RunningEmulator};
use snowapi_query::{Connection, Statement};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let (config, emulator) = match ConnectionConfig::load(None) {
        Ok(config) => {
            println!(
                "using the configured account {}",
                config.account.as_deref().unwrap_or("?")
            );
            (config, None)
        }
        Err(_) => {
            let emulator = Emulator::builder().start().await?;
            println!(
                "no Snowflake connection configured: using the emulator at {}",
                emulator.url()
            );
            (emulator_config(&emulator)?, Some(emulator))
        }
    };

    let conn = Connection::connect(&config).await?;
    // CREATE DATABASE also makes it (and its PUBLIC schema) current.
    conn.execute("create or replace database snowapi_quickstart")
        .await?;
    conn.execute("create or replace table trips (id int, city varchar, km number(6,1))")
        .await?;

    let insert = Statement::new("insert into trips values (?, ?, ?)")
        .bind_array(vec![1_i64, 2, 3])
        .bind_array(vec!["Oslo", "Lyon", "Kyoto"])
        .bind_array(vec![12.5_f64, 3.0, 41.2]);
    let inserted = conn.execute(insert).await?;
    println!(
        "inserted {} rows",
        inserted.rows_affected().unwrap_or_default()
    );

    for row in conn
        .query("select id, city, km from trips order by km desc")
        .await?
    {
        let id: i64 = row.get(0)?;
        let city: String = row.get("CITY")?;
        let km: f64 = row.get(2)?;
        println!("{id:>3} {city:<6} {km:>6.1} km");
    }

    conn.execute("drop database snowapi_quickstart").await?;
    conn.close().await?;
    if let Some(emulator) = emulator {
        emulator.shutdown().await;
    }
    Ok(())
}

/// The connection settings of the embedded emulator's default user.
fn emulator_config(emulator: &RunningEmulator) -> Result<ConnectionConfig, Box<dyn Error>> {
    let address = emulator.address();
    Ok(ConnectionConfig::builder()
        .account(emulator.account())
        .user(emulator.user())
        .password(emulator.password().to_owned())
        .host(address.ip().to_string())
        .port(address.port())
        .protocol("http")
        .build()?)
}
