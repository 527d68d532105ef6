//! How fast the emulator serves a large result over the connector protocol: logs in over HTTP,
//! runs a million-row query, downloads every chunk the way the Python connectors do (in
//! parallel, with the `chunkHeaders`), decodes them, and prints rows/s and MB/s.
//!
//! `cargo run --release -p snowapi-emulator --example serve_arrow_throughput [ROWS]`

#![allow(clippy::print_stdout)]

use std::{
    error::Error,
    io::Read,
    time::{Duration, Instant},
};

use arrow::ipc::reader::StreamReader;
use base64::Engine as _;
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use snowapi_emulator::{
    server::{DEFAULT_PASSWORD, DEFAULT_USER, Emulator},
    sql::binds::Binds,
};

type Outcome<T> = Result<T, Box<dyn Error + Send + Sync>>;

/// Chunk downloads in flight at once (the connectors default to a handful).
const PARALLEL: usize = 4;

#[tokio::main]
async fn main() -> Outcome<()> {
    let rows: u64 = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let emulator = Emulator::builder().start().await?;
    let sql = format!(
        "select seq8() as id, uniform(0::float, 1::float, random()) as x, \
         'row ' || seq8() as label from table(generator(rowcount => {rows}))"
    );

    // The engine alone, for comparison with the served answer.
    let started = Instant::now();
    let result = emulator
        .engine()
        .session(DEFAULT_USER)
        .execute(&sql, &Binds::none())
        .await?;
    let engine_time = started.elapsed();
    assert_eq!(result.row_count() as u64, rows);

    let client = reqwest::Client::builder().no_gzip().build()?;
    let login: Value = client
        .post(format!("{}/session/v1/login-request", emulator.url()))
        .json(&json!({"data": {"LOGIN_NAME": DEFAULT_USER, "PASSWORD": DEFAULT_PASSWORD}}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["data"]["token"]
        .as_str()
        .ok_or("no token")?
        .to_owned();

    println!("rows: {rows}; engine alone: {}", secs(engine_time));
    for gzip in [false, true] {
        let started = Instant::now();
        let reply: Value = client
            .post(format!("{}/queries/v1/query-request", emulator.url()))
            .header("Authorization", format!("Snowflake Token=\"{token}\""))
            .json(&json!({"sqlText": sql}))
            .send()
            .await?
            .json()
            .await?;
        let answered = started.elapsed();
        let data = &reply["data"];
        let inline = base64::engine::general_purpose::STANDARD
            .decode(data["rowsetBase64"].as_str().ok_or("no rowsetBase64")?)?;
        let mut total_rows = count_rows(&inline)?;
        let mut wire_bytes = inline.len();
        let mut arrow_bytes = inline.len();
        let chunks = data["chunks"].as_array().cloned().unwrap_or_default();
        let headers = data["chunkHeaders"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let downloads = futures::stream::iter(chunks.iter().map(|chunk| {
            let mut request = client.get(chunk["url"].as_str().unwrap_or_default());
            for (name, value) in &headers {
                request = request.header(name, value.as_str().unwrap_or_default());
            }
            if gzip {
                request = request.header("Accept-Encoding", "gzip");
            }
            async move {
                let body = request.send().await?.error_for_status()?.bytes().await?;
                let wire = body.len();
                let bytes = if gzip {
                    let mut inflated = Vec::new();
                    flate2::read::GzDecoder::new(body.as_ref()).read_to_end(&mut inflated)?;
                    inflated
                } else {
                    body.to_vec()
                };
                let rows = count_rows(&bytes)?;
                Outcome::Ok((wire, bytes.len(), rows))
            }
        }))
        .buffered(PARALLEL)
        .try_collect::<Vec<_>>()
        .await?;
        for (wire, arrow, rows) in downloads {
            wire_bytes += wire;
            arrow_bytes += arrow;
            total_rows += rows;
        }
        let elapsed = started.elapsed();
        assert_eq!(total_rows, rows, "every row arrives");
        let seconds = elapsed.as_secs_f64();
        println!(
            "{}: {} chunks; query answered in {}, all rows in {}: {:.0} rows/s, \
             {:.1} MB/s of Arrow ({:.1} MB), {:.1} MB on the wire",
            if gzip { "gzip" } else { "raw " },
            chunks.len(),
            secs(answered),
            secs(elapsed),
            rows as f64 / seconds,
            arrow_bytes as f64 / 1e6 / seconds,
            arrow_bytes as f64 / 1e6,
            wire_bytes as f64 / 1e6,
        );
    }
    emulator.shutdown().await;
    Ok(())
}

fn count_rows(stream: &[u8]) -> Outcome<u64> {
    let mut rows = 0;
    for batch in StreamReader::try_new(stream, None)? {
        rows += batch?.num_rows() as u64;
    }
    Ok(rows)
}

fn secs(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}
