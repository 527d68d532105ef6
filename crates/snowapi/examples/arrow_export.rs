//! Stream a large result into an Arrow IPC file with bounded memory: batches are written as they
//! arrive, never collected.
//!
//! `cargo run -p snowapi --example arrow_export [-- ROWS [PATH]]` (default 1,000,000 rows into
//! `target/export.arrow`; the embedded emulator when no connection is configured).

#![allow(clippy::print_stdout)]

use std::{fs::File, io::BufWriter, time::Instant};

use arrow::ipc::writer::FileWriter;
use futures::TryStreamExt;
use snowapi::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let path = args
        .next()
        .unwrap_or_else(|| "target/export.arrow".to_owned());

    let client = Client::connect_or_emulate().await?;
    let started = Instant::now();
    let result = client
        .sql(format!(
            "select seq8() as id, uniform(1, 1000, random()) as amount, \
             'customer_' || (seq8() % 1000) as customer \
             from table(generator(rowcount => {rows}))"
        ))
        .await?;

    let mut writer = FileWriter::try_new(BufWriter::new(File::create(&path)?), &result.schema())?;
    let mut written = 0_u64;
    let mut batches = std::pin::pin!(result.arrow_stream());
    while let Some(batch) = batches.try_next().await? {
        written += batch.num_rows() as u64;
        writer.write(&batch)?;
    }
    writer.finish()?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "wrote {written} rows to {path} in {seconds:.2} s ({:.0} rows/s)",
        written as f64 / seconds
    );
    assert_eq!(written, rows, "every row is exported");
    client.close().await?;
    Ok(())
}
