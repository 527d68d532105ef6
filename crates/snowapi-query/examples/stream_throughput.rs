//! P1: rows per second streaming a large four-column Arrow result through
//! `QueryResult::arrow_stream()`, and the 10M-row bounded-memory check.
//!
//! ```text
//! cargo build --release -p snowapi-emulator --bin snowapi-emulator
//! cargo run --release -p snowapi-query --example stream_throughput -- [--rows 10000000] [--runs 1]
//!     [--check] [--gzip] [--prefetch N] [--url http://127.0.0.1:PORT --account A --user U --password P]
//! ```
//!
//! Without `--url` it starts `SNOWAPI_EMULATOR_BIN`, else `target/<profile>/snowapi-emulator`,
//! as a separate process: the emulator's work (running the statement, encoding and serving the
//! chunks) then neither shares this process's runtime, allocator and cores' accounting with the
//! client nor counts in its peak RSS, and the Python connectors measured against the same
//! server (`tests/interop/bench_stream.py`) are in the same position.
//!
//! By default the consumer does what the Python benchmark does with its table: it counts the
//! rows and sums the ids (and counts the flags), and the totals must match. With `--check` it
//! also checks every row (text, flag, float range), and fails (exit 1) unless the peak RSS
//! stays under 300 MB. `--gzip` asks for gzipped chunks, as the Python connectors do (see
//! `ConnectionOptions::compressed_chunks`).
//!
//! The last line of output is `RESULT rows execute_s stream_s arrow_bytes peak_rss_bytes`, for
//! the benchmark script.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/stream_memory/emulator_process.rs"]
mod emulator_process;
#[path = "../tests/stream_memory/stream_check.rs"]
mod stream_check;

use std::process::ExitCode;
use std::time::Instant;

use futures::TryStreamExt as _;
use snowapi_query::{Connection, ConnectionOptions};

use emulator_process::EmulatorProcess;
use stream_check::{Tally, mib, proc_status_bytes};

const PEAK_RSS_LIMIT: u64 = 300 * 1024 * 1024;

struct Args {
    rows: u64,
    runs: u32,
    check: bool,
    gzip: bool,
    prefetch: Option<usize>,
    url: Option<String>,
    account: String,
    user: String,
    password: String,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        rows: 10_000_000,
        runs: 1,
        check: false,
        gzip: false,
        prefetch: None,
        url: None,
        account: String::new(),
        user: String::new(),
        password: String::new(),
    };
    let mut iter = std::env::args().skip(1);
    while let Some(flag) = iter.next() {
        let mut value = || iter.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--rows" => args.rows = value()?.parse().map_err(|_| "bad --rows")?,
            "--runs" => args.runs = value()?.parse().map_err(|_| "bad --runs")?,
            "--prefetch" => args.prefetch = Some(value()?.parse().map_err(|_| "bad --prefetch")?),
            "--check" => args.check = true,
            "--gzip" => args.gzip = true,
            "--url" => args.url = Some(value()?),
            "--account" => args.account = value()?,
            "--user" => args.user = value()?,
            "--password" => args.password = value()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("stream_throughput: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let args = parse()?;
    let (config, _emulator) = match &args.url {
        Some(url) => (
            emulator_process::config_for(url, &args.account, &args.user, &args.password)?,
            None,
        ),
        None => {
            let emulator = EmulatorProcess::start(&EmulatorProcess::binary()?)?;
            println!(
                "emulator {} at {}",
                emulator.binary_path().display(),
                emulator.url()
            );
            (emulator.config()?, Some(emulator))
        }
    };
    let mut options = ConnectionOptions::default().compressed_chunks(args.gzip);
    if let Some(window) = args.prefetch {
        options = options.prefetch(window);
    }
    let conn = Connection::connect_with(&config, options)
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let baseline = proc_status_bytes("VmHWM").unwrap_or(0);
    let sql = stream_check::sql(args.rows);
    let mut last = String::new();
    for run in 1..=args.runs {
        let started = Instant::now();
        let result = conn
            .execute(sql.as_str())
            .await
            .map_err(|e| format!("the statement failed: {e}"))?;
        let executed = started.elapsed().as_secs_f64();
        let streaming = Instant::now();
        let mut tally = Tally::default();
        let mut batches = std::pin::pin!(result.arrow_stream());
        while let Some(batch) = batches
            .try_next()
            .await
            .map_err(|e| format!("streaming failed: {e}"))?
        {
            if args.check {
                tally.add(&batch)?;
            } else {
                tally.add_totals(&batch)?;
            }
        }
        let streamed = streaming.elapsed().as_secs_f64();
        tally.check(args.rows)?;
        let peak = proc_status_bytes("VmHWM").unwrap_or(0);
        println!(
            "run {run}: {} rows in {} chunks: execute {executed:.2} s, stream {streamed:.2} s = \
             {:.0} rows/s, {:.1} MiB/s of Arrow ({:.1} MiB); execute+stream {:.0} rows/s; \
             peak RSS {:.1} MiB (+{:.1} MiB over the {:.1} MiB before the first statement)",
            tally.rows,
            result.chunk_count(),
            tally.rows as f64 / streamed,
            mib(tally.arrow_bytes) / streamed,
            mib(tally.arrow_bytes),
            tally.rows as f64 / (executed + streamed),
            mib(peak),
            mib(peak.saturating_sub(baseline)),
            mib(baseline),
        );
        if args.check && peak >= PEAK_RSS_LIMIT {
            return Err(format!(
                "peak RSS {:.1} MiB is over the {:.0} MiB limit",
                mib(peak),
                mib(PEAK_RSS_LIMIT)
            ));
        }
        last = format!(
            "RESULT {} {executed:.4} {streamed:.4} {} {peak}",
            tally.rows, tally.arrow_bytes
        );
    }
    if args.check {
        println!(
            "check passed: every row, the id sum and the flag count match; peak RSS under {:.0} MiB",
            mib(PEAK_RSS_LIMIT)
        );
    }
    conn.close()
        .await
        .map_err(|e| format!("logout failed: {e}"))?;
    println!("{last}");
    Ok(())
}
