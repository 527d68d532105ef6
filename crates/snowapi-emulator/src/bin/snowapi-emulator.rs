//! `snowapi-emulator serve [--host 127.0.0.1] [--port 8080] [--data-dir DIR] [--account NAME]
//! [--user NAME --password PASSWORD] [--session-validity SECS] [--master-validity SECS]
//! [--max-body-bytes N] [--rest-long-running 'METHOD /path=MILLIS']... [--rest-page-size N]`:
//! runs the emulator until Ctrl-C (a second Ctrl-C exits without waiting for requests in
//! flight). `--rest-long-running` makes matching REST API v2 requests answer 202 and complete
//! MILLIS later; `--rest-page-size` pages REST listings longer than N items.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::{process::ExitCode, time::Duration};

use snowapi_emulator::server::Emulator;

const USAGE: &str = "usage: snowapi-emulator serve [--host 127.0.0.1] [--port 8080] \
[--data-dir DIR] [--account NAME] [--user NAME --password PASSWORD] \
[--session-validity SECS] [--master-validity SECS] [--max-body-bytes N] [--rest-long-running 'METHOD /path=MILLIS']... [--rest-page-size N]";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let builder = match parse(&args) {
        Ok(builder) => builder,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let running = match builder.start().await {
        Ok(running) => running,
        Err(error) => {
            eprintln!("cannot start the emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("snowapi-emulator listening on {}", running.url());
    println!(
        "connect with account={} user={} password={}",
        running.account(),
        running.user(),
        running.password()
    );
    println!(
        "admin (loopback only): POST/DELETE {url}/__emulator/faults, \
         POST {url}/__emulator/expire-sessions",
        url = running.url()
    );
    println!("press Ctrl-C to stop");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    println!("stopping: waiting for requests in flight (Ctrl-C again to exit now)");
    tokio::select! {
        () = running.shutdown() => ExitCode::SUCCESS,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("exiting without waiting for requests in flight");
            ExitCode::FAILURE
        }
    }
}

/// A flag value in whole seconds.
fn seconds(flag: &str, value: &str) -> Result<Duration, String> {
    value
        .parse()
        .map(Duration::from_secs)
        .map_err(|_| format!("{flag} needs whole seconds, not '{value}'"))
}

fn parse(args: &[String]) -> Result<snowapi_emulator::server::EmulatorBuilder, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err("missing command".into());
    };
    if command != "serve" {
        return Err(format!("unknown command '{command}'"));
    }
    let mut builder = Emulator::builder().port(8080);
    let (mut user, mut password) = (None, None);
    let mut iter = rest.iter();
    while let Some(flag) = iter.next() {
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--host" => builder = builder.host(value()?),
            "--port" => {
                let port = value()?;
                builder = builder.port(port.parse().map_err(|_| format!("bad port '{port}'"))?);
            }
            "--data-dir" => builder = builder.data_dir(value()?),
            "--account" => builder = builder.account(value()?),
            "--user" => user = Some(value()?),
            "--session-validity" => builder = builder.session_validity(seconds(flag, &value()?)?),
            "--master-validity" => builder = builder.master_validity(seconds(flag, &value()?)?),
            "--max-body-bytes" => {
                let bytes = value()?;
                let bytes = bytes
                    .parse()
                    .map_err(|_| format!("bad byte count '{bytes}'"))?;
                builder = builder.max_body_bytes(bytes);
            }
            "--password" => password = Some(value()?),
            "--rest-long-running" => {
                // `METHOD /path/prefix=MILLIS`, e.g. `POST /api/v2/databases=1500`.
                let rule = value()?;
                let (operation, millis) = rule
                    .rsplit_once('=')
                    .and_then(|(op, ms)| Some((op, ms.trim().parse::<u64>().ok()?)))
                    .ok_or_else(|| format!("{flag} needs 'METHOD /path=MILLIS', not '{rule}'"))?;
                builder = builder.rest_long_running(operation, Duration::from_millis(millis));
            }
            "--rest-page-size" => {
                let items = value()?;
                let items = items
                    .parse()
                    .map_err(|_| format!("bad page size '{items}'"))?;
                builder = builder.rest_page_size(items);
            }
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    match (user, password) {
        (None, None) => {}
        (Some(user), Some(password)) => builder = builder.user(user, password),
        _ => return Err("--user and --password go together".into()),
    }
    Ok(builder)
}
