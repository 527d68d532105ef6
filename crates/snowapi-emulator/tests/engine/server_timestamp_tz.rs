//! TIMESTAMP_TZ over HTTP keeps each value's own offset: the Arrow struct's `timezone` child
//! and the JSON rowset's second number are the offset in minutes + 1440 (PROTOCOL.md 3.2, 3.3).

use arrow::{
    array::{Array, AsArray, RecordBatch},
    datatypes::{Int32Type, Int64Type},
    ipc::reader::StreamReader,
};
use base64::Engine as _;
use serde_json::{Value, json};
use snowapi_emulator::server::{Emulator, ResultFormat};

use crate::server_results::{query, start};

fn inline_batches(data: &Value) -> Vec<RecordBatch> {
    let text = data["rowsetBase64"].as_str().unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    StreamReader::try_new(bytes.as_slice(), None)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

const SETUP: [&str; 3] = [
    "create database tzs",
    "create table tzs.public.t (id int, tz3 timestamp_tz(3), tz9 timestamp_tz(9))",
    "insert into tzs.public.t values \
     (1, '2024-01-02 03:04:05.123 +01:00', '2024-01-02 03:04:05.123456789 +01:00'), \
     (2, '2024-01-02 03:04:05 -05:30', '2024-01-02 03:04:05 -05:30'), \
     (3, null, null)",
];

#[tokio::test]
async fn arrow_timezone_child_carries_each_values_offset() {
    let (emulator, token) = start(Emulator::builder()).await;
    for sql in SETUP {
        query(&emulator, &token, sql).await;
    }
    let data = query(
        &emulator,
        &token,
        "select tz3, tz9 from tzs.public.t order by id",
    )
    .await;
    assert_eq!(data["rowtype"][0]["type"], "timestamp_tz");
    let batches = inline_batches(&data);
    let batch = &batches[0];
    assert_eq!(batch.num_rows(), 3);

    // scale 3: struct{epoch in ms, timezone}.
    let short = batch.column(0).as_struct();
    assert_eq!(short.num_columns(), 2);
    let epoch = short.column(0).as_primitive::<Int64Type>();
    let zone = short.column(1).as_primitive::<Int32Type>();
    assert_eq!(epoch.value(0), 1_704_161_045_123, "02:04:05.123 UTC");
    assert_eq!(zone.value(0), 60 + 1440);
    assert_eq!(epoch.value(1), 1_704_184_445_000, "08:34:05 UTC");
    assert_eq!(zone.value(1), -330 + 1440);
    assert!(short.is_null(2));

    // scale 9: struct{epoch seconds, fraction ns, timezone}.
    let long = batch.column(1).as_struct();
    assert_eq!(long.num_columns(), 3);
    let seconds = long.column(0).as_primitive::<Int64Type>();
    let fraction = long.column(1).as_primitive::<Int32Type>();
    let zone = long.column(2).as_primitive::<Int32Type>();
    assert_eq!(seconds.value(0), 1_704_161_045);
    assert_eq!(fraction.value(0), 123_456_789);
    assert_eq!(zone.value(0), 1500);
    assert_eq!(zone.value(1), 1110);
    assert!(long.is_null(2));
    emulator.shutdown().await;
}

#[tokio::test]
async fn json_rowset_carries_each_values_offset() {
    let (emulator, token) = start(Emulator::builder().result_format(ResultFormat::Json)).await;
    for sql in SETUP {
        query(&emulator, &token, sql).await;
    }
    let data = query(
        &emulator,
        &token,
        "select tz3, tz9 from tzs.public.t order by id",
    )
    .await;
    assert_eq!(
        data["rowset"],
        json!([
            ["1704161045.123 1500", "1704161045.123456789 1500"],
            ["1704184445.000 1110", "1704184445.000000000 1110"],
            [null, null]
        ])
    );
    emulator.shutdown().await;
}
