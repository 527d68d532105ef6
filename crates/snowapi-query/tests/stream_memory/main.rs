//! A large Arrow result streams through `arrow_stream()` in bounded memory: the client's peak
//! RSS stays under 300 MB while every row arrives and checks out.
//!
//! The emulator runs as a separate process (see `emulator_process.rs`), so the peak resident
//! set of this process (`VmHWM`) is the client's alone; this binary holds this one test so no
//! other test shares the process. It streams 10M rows × 4 columns (about 25 s in a debug
//! build, most of it the emulator running the statement); `SNOWAPI_STREAM_ROWS` changes the
//! count. The `stream_throughput` example runs the same check in release (`-- --check`).

// The measured figures are printed for the record (`--nocapture` shows them).
#![allow(clippy::print_stderr)]

mod emulator_process;
mod stream_check;

use std::time::Instant;

use futures::TryStreamExt as _;
use snowapi_query::Connection;

use emulator_process::EmulatorProcess;
use stream_check::{Tally, mib, proc_status_bytes};

/// The limit on the client's peak resident memory.
const PEAK_RSS_LIMIT: u64 = 300 * 1024 * 1024;
const DEFAULT_ROWS: u64 = 10_000_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_arrow_result_streams_in_bounded_memory() {
    let rows: u64 = std::env::var("SNOWAPI_STREAM_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ROWS);
    let binary = EmulatorProcess::binary().unwrap_or_else(|message| panic!("{message}"));
    let emulator = EmulatorProcess::start(&binary).unwrap_or_else(|message| panic!("{message}"));
    let conn = Connection::connect(&emulator.config().unwrap())
        .await
        .expect("connect to the emulator process");

    let baseline = proc_status_bytes("VmHWM").expect("VmHWM in /proc/self/status");
    let started = Instant::now();
    let result = conn
        .execute(stream_check::sql(rows))
        .await
        .expect("the statement runs");
    let executed = started.elapsed();
    assert_eq!(result.total_rows(), Some(rows));
    assert!(
        result.chunk_count() > 4,
        "the result must span more chunks than the window"
    );

    let mut tally = Tally::default();
    let mut batches = std::pin::pin!(result.arrow_stream());
    while let Some(batch) = batches.try_next().await.expect("a batch") {
        tally
            .add(&batch)
            .unwrap_or_else(|message| panic!("{message}"));
    }
    let streamed = started.elapsed() - executed;
    tally
        .check(rows)
        .unwrap_or_else(|message| panic!("{message}"));

    let peak = proc_status_bytes("VmHWM").expect("VmHWM in /proc/self/status");
    eprintln!(
        "{rows} rows, {} chunks, emulator {} at {}: execute {:.1} s, stream {:.1} s \
         ({:.0} rows/s, {:.1} MiB of Arrow); peak RSS {:.1} MiB (baseline {:.1} MiB, +{:.1} MiB)",
        result.chunk_count(),
        emulator.binary_path().display(),
        emulator.url(),
        executed.as_secs_f64(),
        streamed.as_secs_f64(),
        rows as f64 / streamed.as_secs_f64(),
        mib(tally.arrow_bytes),
        mib(peak),
        mib(baseline),
        mib(peak.saturating_sub(baseline)),
    );
    assert!(
        peak < PEAK_RSS_LIMIT,
        "peak RSS {:.1} MiB is over the {:.0} MiB limit",
        mib(peak),
        mib(PEAK_RSS_LIMIT)
    );
    // The result is far larger than what may stay resident: streaming did not accumulate it.
    assert!(
        tally.arrow_bytes > 2 * peak.saturating_sub(baseline),
        "{:.1} MiB of Arrow streamed, yet the peak grew by {:.1} MiB",
        mib(tally.arrow_bytes),
        mib(peak.saturating_sub(baseline))
    );
    conn.close().await.expect("logout");
}
