//! `snowapi connection list|test`, and how every command connects.

use std::io::Write;

use snowapi::{
    Client,
    auth::{ConfigSources, ConnectionConfig},
};

use crate::{CliError, cli::ConnectionAction};

/// Logs in with connection `name` (or the default connection).
pub async fn connect(name: Option<&str>) -> Result<Client, CliError> {
    let config = ConnectionConfig::load(name)?;
    Ok(Client::from_config(&config).await?)
}

/// Runs `snowapi connection …`.
pub async fn run(name: Option<&str>, action: ConnectionAction) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match action {
        ConnectionAction::List => {
            let (names, default) = ConfigSources::from_process().connection_names()?;
            writeln!(
                out,
                "{:<24} {:<8} {:<32} {:<16} host",
                "name", "default", "account", "user"
            )
            .map_err(CliError::stdout)?;
            for name in names {
                // Show what each connection resolves to, never a secret.
                let line = match ConnectionConfig::load(Some(&name)) {
                    Ok(config) => format!(
                        "{:<24} {:<8} {:<32} {:<16} {}",
                        name,
                        if name == default { "yes" } else { "" },
                        config.account.as_deref().unwrap_or("-"),
                        config.user.as_deref().unwrap_or("-"),
                        config.host.as_deref().unwrap_or("-"),
                    ),
                    Err(error) => format!("{name:<24} (invalid: {error})"),
                };
                writeln!(out, "{line}").map_err(CliError::stdout)?;
            }
            Ok(())
        }
        ConnectionAction::Test => {
            let client = connect(name).await?;
            let rows = client
                .query("select current_account(), current_user(), current_role()")
                .await?;
            let cell = |i: usize| -> Result<String, CliError> {
                match rows.first() {
                    Some(row) => Ok(row.get::<Option<String>>(i)?.unwrap_or_default()),
                    None => Ok(String::new()),
                }
            };
            writeln!(
                out,
                "connection OK: account {}, user {}, role {}",
                cell(0)?,
                cell(1)?,
                cell(2)?
            )
            .map_err(CliError::stdout)?;
            client.close().await?;
            Ok(())
        }
    }
}
