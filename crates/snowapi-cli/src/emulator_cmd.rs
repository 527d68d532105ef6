//! `snowapi emulator start`: serve the emulator and print how to connect to it.

use std::{io::Write, path::PathBuf};

use snowapi::emulator::Emulator;

use crate::CliError;

/// Starts the emulator, prints its URL and a connections.toml entry, and serves until Ctrl-C.
pub async fn start(host: String, port: u16, data_dir: Option<PathBuf>) -> Result<(), CliError> {
    let mut builder = Emulator::builder().host(host).port(port);
    if let Some(dir) = data_dir {
        builder = builder.data_dir(dir);
    }
    let running = builder
        .start()
        .await
        .map_err(|e| CliError::Snowapi(snowapi::Error::Emulator(e.to_string())))?;
    let address = running.address();
    let entry = format!(
        "[emulator]\naccount = \"{}\"\nuser = \"{}\"\npassword = \"{}\"\nhost = \"{}\"\nport = {}\nprotocol = \"http\"\n",
        running.account(),
        running.user(),
        running.password(),
        address.ip(),
        address.port()
    );
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "snowapi emulator listening on {}\n\n\
         Add this to ~/.snowflake/connections.toml (the Rust SDK, the Snowflake CLI and the\n\
         Python connector all read it), then use the connection `emulator`:\n\n{entry}\n\
         Press Ctrl-C to stop.",
        running.url()
    )
    .map_err(CliError::stdout)?;
    out.flush().map_err(CliError::stdout)?;
    drop(out);
    tokio::signal::ctrl_c()
        .await
        .map_err(CliError::io("cannot wait for Ctrl-C"))?;
    running.shutdown().await;
    Ok(())
}
