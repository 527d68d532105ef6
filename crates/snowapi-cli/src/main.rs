//! `snowapi`: Snowflake from the command line.
//!
//! ```text
//! snowapi sql -q "select current_version()" [--format table|csv|json|arrow]
//! snowapi object list database --like 'SALES%'
//! snowapi connection list | test        (-c NAME picks a connection)
//! snowapi emulator start --port 8080
//! ```

#![allow(clippy::print_stderr)]

mod cli;
mod connections;
mod emulator_cmd;
mod error;
mod objects;
mod output;
mod split;
mod sql;

use clap::Parser;

use crate::{
    cli::{Cli, Command, EmulatorAction},
    error::CliError,
};

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SNOWAPI_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            std::process::exit(1);
        }
    };
    if let Err(error) = runtime.block_on(run(cli)) {
        eprintln!("error: {}", describe(&error));
        std::process::exit(error.exit_code());
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let connection = cli.connection.as_deref();
    match cli.command {
        Command::Sql(args) => {
            let client = connections::connect(connection).await?;
            let outcome = sql::run(&client, args).await;
            // Log out even after a failed statement; the statement's error matters more.
            let closed = client.close().await;
            outcome?;
            Ok(closed?)
        }
        Command::Object { action } => {
            let client = connections::connect(connection).await?;
            let outcome = objects::run(&client, action).await;
            let closed = client.close().await;
            outcome?;
            Ok(closed?)
        }
        Command::Connection { action } => connections::run(connection, action).await,
        Command::Emulator {
            action:
                EmulatorAction::Start {
                    host,
                    port,
                    data_dir,
                },
        } => emulator_cmd::start(host, port, data_dir).await,
    }
}

/// The error line: Snowflake's code and SQLSTATE first when it gave them.
fn describe(error: &CliError) -> String {
    if let CliError::Snowapi(snowapi::Error::Query(query)) = error
        && let Some(code) = query.code()
    {
        let state = query
            .sql_state()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        return format!("{code}{state}: {query}");
    }
    error.to_string()
}
