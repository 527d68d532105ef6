//! Create, follow and delete a query job from serialized metadata, as a workflow engine's
//! Snowflake operator does (the statement runs over the SQL API; any worker can resume it).
//!
//! `cargo run -p snowapi --example orchestrator_job` (the embedded emulator when no connection is
//! configured; then a programmatic access token is made for the SQL API).

#![allow(clippy::print_stdout)]

use std::time::Duration;

use snowapi::{
    Client,
    auth::ConnectionConfig,
    query::{Binds, JobMetadata, Phase, QueryJob},
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::connect_or_emulate().await?;
    let config = job_config(&client).await?;
    let jobs = QueryJob::connect(&config).await?;

    // The operator's `execute`: submit and persist the metadata (no secret in it).
    let meta = jobs
        .create(
            "select system$wait(1) as waited, 'done' as outcome",
            Binds::default(),
        )
        .await?;
    let saved = serde_json::to_string(&meta)?;
    println!("job {} created; metadata: {saved}", meta.query_id);

    // Later, maybe in another process: reload and poll.
    let meta: JobMetadata = serde_json::from_str(&saved)?;
    let rows = loop {
        match jobs.get(&meta).await? {
            Phase::Running => tokio::time::sleep(Duration::from_millis(300)).await,
            Phase::Succeeded { rows } => break rows,
            Phase::Failed { code, message } => return Err(format!("{code}: {message}").into()),
            other => return Err(format!("unexpected phase {other:?}").into()),
        }
    };
    let metrics = jobs.metrics(&meta).await?;
    let logs = jobs.logs(&meta).await?;
    println!("succeeded with {rows} row(s); metrics {metrics:?}");
    println!("logs: {logs:?}");

    // The operator's `on_kill`: delete cancels a running job.
    let long = jobs
        .create("select system$wait(60)", Binds::default())
        .await?;
    let cancelled = jobs.delete(&long).await?;
    println!("job {} cancelled: {cancelled}", long.query_id);
    assert!(cancelled, "a running job is cancelled");
    assert!(matches!(jobs.get(&long).await?, Phase::Failed { .. }));
    client.close().await?;
    Ok(())
}

/// The SQL API takes key-pair, OAuth or programmatic access tokens. With a configured account the
/// default connection must use one of those; on the emulator, a PAT is made for its user.
async fn job_config(client: &Client) -> Result<ConnectionConfig, Box<dyn std::error::Error>> {
    let Some(emulator) = client.emulator() else {
        return Ok(ConnectionConfig::load(None)?);
    };
    let made = client
        .query(format!(
            "alter user {} add programmatic access token orchestrator_example",
            emulator.user()
        ))
        .await?;
    let secret: String = made[0].get("token_secret")?;
    let address = emulator.address();
    Ok(ConnectionConfig::builder()
        .account(emulator.account())
        .user(emulator.user())
        .authenticator("programmatic_access_token")
        .token(secret)
        .host(address.ip().to_string())
        .port(address.port())
        .protocol("http")
        .build()?)
}
