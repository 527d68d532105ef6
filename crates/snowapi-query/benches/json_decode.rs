//! P2: JSON partition → Arrow decode throughput, in bytes of JSON per second.
//!
//! Decodes a generated ~50 MB connector chunk (rows without enclosing brackets) of four
//! columns: NUMBER(18,0), NUMBER(38,2), VARCHAR and TIMESTAMP_NTZ(9).

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use snowapi_query::{Column, JsonRowsetDecoder, SnowflakeType};

const TARGET_BYTES: usize = 50 * 1024 * 1024;

fn partition() -> String {
    let mut text = String::with_capacity(TARGET_BYTES + 256);
    let mut row: u64 = 0;
    while text.len() < TARGET_BYTES {
        if row > 0 {
            text.push(',');
        }
        let id = row * 7_919 % 1_000_000_007;
        let cents = (row * 104_729) % 100_000_000;
        let seconds = 1_600_000_000 + row * 37;
        let nanos = (row * 999_983) % 1_000_000_000;
        if row % 10 == 9 {
            let _ = write!(text, r#"["{id}",null,"name \"{row}\"",null]"#);
        } else {
            let _ = write!(
                text,
                r#"["{id}","{}.{:02}","customer name {row}","{seconds}.{nanos:09}"]"#,
                cents / 100,
                cents % 100
            );
        }
        row += 1;
    }
    text
}

fn bench(c: &mut Criterion) {
    let data = partition();
    let decoder = JsonRowsetDecoder::new(vec![
        Column::new(
            "ID",
            SnowflakeType::Fixed {
                precision: 18,
                scale: 0,
            },
        ),
        Column::new(
            "AMOUNT",
            SnowflakeType::Fixed {
                precision: 38,
                scale: 2,
            },
        ),
        Column::new("NAME", SnowflakeType::Text { length: 100 }),
        Column::new("TS", SnowflakeType::TimestampNtz { scale: 9 }),
    ]);
    let rows = decoder
        .decode(data.as_bytes())
        .map(|b| b.num_rows())
        .unwrap_or(0);
    assert!(rows > 0, "the generated partition must decode");
    let mut group = c.benchmark_group("json_decode");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(10);
    group.bench_function("4col_50MB_chunk", |b| {
        // Only the batch matters here; the decode of this input is known to succeed.
        b.iter(|| decoder.decode(black_box(data.as_bytes())).ok())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
