//! `snowapi sql`: run statements one by one, showing progress on a terminal, printing results.

use std::{
    fs::File,
    io::{IsTerminal, Read, Write},
    time::Duration,
};

use futures::TryStreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use snowapi::{Client, query::QueryStatus};

use crate::{
    CliError,
    cli::{Format, SqlArgs},
    output::write_result,
    split::statements,
};

/// Runs `snowapi sql`.
pub async fn run(client: &Client, args: SqlArgs) -> Result<(), CliError> {
    let script = match (&args.query, &args.file) {
        (Some(query), _) => query.clone(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .map_err(CliError::io(format!("cannot read {}", path.display())))?,
        (None, None) => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(CliError::io("cannot read SQL from standard input"))?;
            text
        }
    };
    let statements = statements(&script);
    if statements.is_empty() {
        return Err(CliError::Usage("no SQL statement to run".into()));
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            File::create(path)
                .map_err(CliError::io(format!("cannot create {}", path.display())))?,
        ),
        None if args.format == Format::Arrow && std::io::stdout().is_terminal() => {
            return Err(CliError::Usage(
                "--format arrow writes binary data: redirect standard output or use --output FILE"
                    .into(),
            ));
        }
        None => Box::new(std::io::stdout().lock()),
    };
    for statement in statements {
        run_one(client, &statement, args.format, &mut *out).await?;
    }
    out.flush().map_err(CliError::io("cannot write the result"))
}

async fn run_one(
    client: &Client,
    sql: &str,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let query = client.submit(sql).await?;
    let query_id = query.handle().query_id.clone();
    let spinner = spinner(&query_id);
    let mut interval = Duration::from_millis(50);
    loop {
        let status = query.status().await?;
        if !status.is_still_running() {
            if !matches!(status, QueryStatus::Success) {
                tracing::debug!(?status, %query_id, "statement ended without success");
            }
            break;
        }
        tokio::time::sleep(interval).await;
        interval = (interval * 2).min(Duration::from_secs(1));
    }
    let finished = query.result().await;
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let result = finished?;
    let schema = result.schema();
    let batches: Vec<_> = result.arrow_stream().try_collect().await?;
    write_result(out, format, &schema, &batches)
}

/// A spinner with the elapsed time and query id, on standard error when it is a terminal.
fn spinner(query_id: &str) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let spinner = ProgressBar::new_spinner();
    let style = ProgressStyle::with_template("{spinner} {elapsed_precise} running {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    spinner.set_style(style);
    spinner.set_message(query_id.to_owned());
    spinner.enable_steady_tick(Duration::from_millis(100));
    Some(spinner)
}
