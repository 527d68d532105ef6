//! `snowapi-emulator serve [--host 127.0.0.1] [--port 8080] [--data-dir DIR] [--account NAME]
//! [--user NAME --password PASSWORD]`: runs the emulator until Ctrl-C.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use snowapi_emulator::server::Emulator;

const USAGE: &str = "usage: snowapi-emulator serve [--host 127.0.0.1] [--port 8080] \
[--data-dir DIR] [--account NAME] [--user NAME --password PASSWORD]";

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
    println!("press Ctrl-C to stop");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("cannot wait for Ctrl-C: {error}");
    }
    running.shutdown().await;
    ExitCode::SUCCESS
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
            "--password" => password = Some(value()?),
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
