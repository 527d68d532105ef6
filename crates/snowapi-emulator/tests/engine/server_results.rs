//! Query results over HTTP: Arrow for row results, JSON for DML counts and on request, and
//! chunked results fetched from the emulator's own chunk URLs (PROTOCOL.md 2.3, 2.8, 3).

use std::io::Read;

use arrow::{
    array::{Array, AsArray, RecordBatch},
    datatypes::{DataType, Decimal128Type, Float64Type, Int32Type, Int64Type},
    ipc::reader::StreamReader,
};
use base64::Engine as _;
use serde_json::{Value, json};
use snowapi_emulator::server::{Emulator, EmulatorBuilder, ResultFormat, RunningEmulator};

/// Starts `builder` with user ADMIN and logs in over the connector protocol: the emulator and
/// the session token.
pub(crate) async fn start(builder: EmulatorBuilder) -> (RunningEmulator, String) {
    let emulator = builder
        .user("ADMIN", "admin-password")
        .start()
        .await
        .unwrap();
    let reply: Value = reqwest::Client::new()
        .post(format!("{}/session/v1/login-request", emulator.url()))
        .json(&json!({"data": {"LOGIN_NAME": "admin", "PASSWORD": "admin-password"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = reply["data"]["token"].as_str().unwrap().to_owned();
    (emulator, token)
}

/// Runs `sql` in the session of `token` and returns the answer's `data`, failing on an error.
pub(crate) async fn query(emulator: &RunningEmulator, token: &str, sql: &str) -> Value {
    let reply: Value = reqwest::Client::new()
        .post(format!(
            "{}/queries/v1/query-request?requestId={}",
            emulator.url(),
            uuid::Uuid::new_v4()
        ))
        .header("Authorization", format!("Snowflake Token=\"{token}\""))
        .json(&json!({"sqlText": sql, "sequenceId": 1}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["success"], true, "{sql}: {reply}");
    reply["data"].clone()
}

fn decode(bytes: &[u8]) -> Vec<RecordBatch> {
    StreamReader::try_new(bytes, None)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

fn inline_batches(data: &Value) -> Vec<RecordBatch> {
    let text = data["rowsetBase64"].as_str().unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    decode(&bytes)
}

fn meta(batch: &RecordBatch, column: usize, key: &str) -> Option<String> {
    batch
        .schema_ref()
        .field(column)
        .metadata()
        .get(key)
        .cloned()
}

#[tokio::test]
async fn every_type_is_served_as_arrow_with_metadata_and_nulls() {
    let (emulator, token) = start(Emulator::builder()).await;
    for sql in [
        "create database d",
        "create table t (i int, d number(10,3), big number(38,2), f float, s varchar(10), \
         b boolean, dt date, tm time(3), ntz timestamp_ntz(6), ntz9 timestamp_ntz(9), \
         ltz timestamp_ltz(9), tz3 timestamp_tz(3), tz9 timestamp_tz(9), v variant, bin binary(3))",
        "insert into t select 42, 12.345, -1.50, 1.5, 'héllo', true, '2024-01-02'::date, \
         '12:34:56.789'::time, '2024-01-02 03:04:05.123456'::timestamp_ntz, \
         '2024-01-02 03:04:05.123456789'::timestamp_ntz, '2024-01-02 03:04:05.123456789'::timestamp_ltz, \
         '2024-01-02 03:04:05.123'::timestamp_tz, '2024-01-02 03:04:05.123456789'::timestamp_tz, \
         parse_json('{\"a\":1}'), x'414243'",
        "insert into t (i) values (null)",
    ] {
        query(&emulator, &token, sql).await;
    }
    let data = query(&emulator, &token, "select * from t order by i nulls last").await;
    assert_eq!(data["queryResultFormat"], "arrow", "{data}");
    assert_eq!(
        (data["total"].clone(), data["returned"].clone()),
        (json!(2), json!(2))
    );
    assert!(data.get("rowset").is_none() || data["rowset"].is_null());
    assert_eq!(data["rowtype"].as_array().unwrap().len(), 15);
    let batches = inline_batches(&data);
    let batch = arrow::compute::concat_batches(&batches[0].schema(), &batches).unwrap();
    assert_eq!(batch.num_rows(), 2);
    let logical: Vec<String> = (0..15)
        .map(|c| meta(&batch, c, "logicalType").unwrap())
        .collect();
    assert_eq!(
        logical,
        [
            "FIXED",
            "FIXED",
            "FIXED",
            "REAL",
            "TEXT",
            "BOOLEAN",
            "DATE",
            "TIME",
            "TIMESTAMP_NTZ",
            "TIMESTAMP_NTZ",
            "TIMESTAMP_LTZ",
            "TIMESTAMP_TZ",
            "TIMESTAMP_TZ",
            "VARIANT",
            "BINARY"
        ]
    );
    for column in 0..15 {
        assert!(
            batch.column(column).is_null(1),
            "column {column} of the NULL row"
        );
        assert!(
            !batch.column(column).is_null(0),
            "column {column} of the full row"
        );
    }
    let int = |c: usize| batch.column(c).as_primitive::<Int64Type>().value(0);
    assert_eq!(
        (meta(&batch, 0, "precision"), meta(&batch, 0, "scale")),
        (Some("38".into()), Some("0".into()))
    );
    assert_eq!(int(0), 42);
    assert_eq!(meta(&batch, 1, "scale").as_deref(), Some("3"));
    assert_eq!(int(1), 12_345);
    assert_eq!(batch.column(2).data_type(), &DataType::Decimal128(38, 2));
    assert_eq!(
        batch.column(2).as_primitive::<Decimal128Type>().value(0),
        -150
    );
    assert_eq!(batch.column(3).as_primitive::<Float64Type>().value(0), 1.5);
    assert_eq!(batch.column(4).as_string::<i32>().value(0), "héllo");
    assert_eq!(meta(&batch, 4, "charLength").as_deref(), Some("10"));
    assert!(batch.column(5).as_boolean().value(0));
    assert_eq!(
        batch
            .column(6)
            .as_primitive::<arrow::datatypes::Date32Type>()
            .value(0),
        19_724
    );
    assert_eq!(meta(&batch, 7, "scale").as_deref(), Some("3"));
    assert_eq!(
        batch.column(7).as_primitive::<Int32Type>().value(0),
        45_296_789
    );
    assert_eq!(meta(&batch, 8, "scale").as_deref(), Some("6"));
    assert_eq!(int(8), 1_704_164_645_123_456);
    for column in [9, 10] {
        let parts = batch.column(column).as_struct();
        assert_eq!(
            parts.column(0).as_primitive::<Int64Type>().value(0),
            1_704_164_645
        );
        assert_eq!(
            parts.column(1).as_primitive::<Int32Type>().value(0),
            123_456_789
        );
    }
    let tz3 = batch.column(11).as_struct();
    assert_eq!(meta(&batch, 11, "byteLength").as_deref(), Some("8"));
    assert_eq!(
        tz3.column(0).as_primitive::<Int64Type>().value(0),
        1_704_164_645_123
    );
    assert_eq!(tz3.column(1).as_primitive::<Int32Type>().value(0), 1440);
    let tz9 = batch.column(12).as_struct();
    assert_eq!(meta(&batch, 12, "byteLength").as_deref(), Some("16"));
    assert_eq!(tz9.num_columns(), 3);
    assert_eq!(
        tz9.column(1).as_primitive::<Int32Type>().value(0),
        123_456_789
    );
    assert_eq!(batch.column(13).as_string::<i32>().value(0), "{\"a\":1}");
    assert_eq!(batch.column(14).as_binary::<i32>().value(0), b"ABC");
    emulator.shutdown().await;
}

#[tokio::test]
async fn dml_counts_are_json_and_sessions_can_ask_for_json() {
    let (emulator, token) = start(Emulator::builder()).await;
    query(&emulator, &token, "create database d").await;
    query(&emulator, &token, "create table t (n int)").await;
    let inserted = query(&emulator, &token, "insert into t values (1), (2), (3)").await;
    assert_eq!(inserted["queryResultFormat"], "json");
    assert_eq!(inserted["rowtype"][0]["name"], "number of rows inserted");
    assert_eq!(inserted["rowset"], json!([["3"]]));
    let updated = query(&emulator, &token, "update t set n = n + 1 where n > 1").await;
    assert_eq!(updated["queryResultFormat"], "json");
    assert_eq!(updated["rowset"][0][0], "2");

    let arrow = query(&emulator, &token, "select n from t order by n").await;
    assert_eq!(arrow["queryResultFormat"], "arrow");
    query(
        &emulator,
        &token,
        "alter session set QUERY_RESULT_FORMAT = 'JSON'",
    )
    .await;
    let json = query(&emulator, &token, "select n from t order by n").await;
    assert_eq!(json["queryResultFormat"], "json");
    assert_eq!(json["rowset"], json!([["1"], ["3"], ["4"]]));
    assert!(json.get("rowsetBase64").is_none());
    query(&emulator, &token, "alter session unset QUERY_RESULT_FORMAT").await;
    let empty = query(&emulator, &token, "select n from t where n > 100").await;
    assert_eq!(empty["queryResultFormat"], "arrow");
    assert_eq!(empty["rowsetBase64"], "");
    assert_eq!(empty["rowtype"][0]["name"], "N");
    assert_eq!(empty["total"], 0);
    emulator.shutdown().await;

    let (forced, token) = start(Emulator::builder().result_format(ResultFormat::Json)).await;
    let json = query(&forced, &token, "select 1 as one").await;
    assert_eq!(json["queryResultFormat"], "json");
    assert_eq!(json["rowset"], json!([["1"]]));
    forced.shutdown().await;
}

/// Downloads every chunk of `data` with its `chunkHeaders`; returns the bodies (inflated).
async fn download_chunks(data: &Value, gzip: bool) -> Vec<Vec<u8>> {
    let client = reqwest::Client::builder().no_gzip().build().unwrap();
    let mut bodies = Vec::new();
    for chunk in data["chunks"].as_array().unwrap() {
        let mut request = client.get(chunk["url"].as_str().unwrap());
        for (name, value) in data["chunkHeaders"].as_object().unwrap() {
            request = request.header(name, value.as_str().unwrap());
        }
        if gzip {
            request = request.header("Accept-Encoding", "gzip");
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        let encoding = response
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap().to_owned());
        let bytes = response.bytes().await.unwrap().to_vec();
        if gzip {
            assert_eq!(encoding.as_deref(), Some("gzip"));
            assert_eq!(&bytes[..2], &[0x1f, 0x8b]);
            let mut inflated = Vec::new();
            flate2::read::GzDecoder::new(bytes.as_slice())
                .read_to_end(&mut inflated)
                .unwrap();
            bodies.push(inflated);
        } else {
            assert_eq!(encoding, None);
            bodies.push(bytes);
        }
    }
    bodies
}

fn ints(batches: &[RecordBatch]) -> Vec<i64> {
    batches
        .iter()
        .flat_map(|b| b.column(0).as_primitive::<Int64Type>().values().to_vec())
        .collect()
}

#[tokio::test]
async fn large_results_are_chunked_and_every_chunk_downloads_in_order() {
    let (emulator, token) = start(Emulator::builder().chunk_rows(10)).await;
    let sql = "select seq8() as id, 'row ' || seq8() as label \
               from table(generator(rowcount => 95)) order by id";
    let data = query(&emulator, &token, sql).await;
    assert_eq!(data["queryResultFormat"], "arrow");
    assert_eq!(
        (data["total"].clone(), data["returned"].clone()),
        (json!(95), json!(10))
    );
    let chunks = data["chunks"].as_array().unwrap();
    assert_eq!(chunks.len(), 9);
    let base = format!("{}/chunks/", emulator.url());
    for chunk in chunks {
        for key in ["url", "rowCount", "uncompressedSize", "compressedSize"] {
            assert!(!chunk[key].is_null(), "{key} in {chunk}");
        }
        assert!(chunk["url"].as_str().unwrap().starts_with(&base), "{chunk}");
    }
    let counted: u64 = chunks.iter().map(|c| c["rowCount"].as_u64().unwrap()).sum();
    assert_eq!(counted + data["returned"].as_u64().unwrap(), 95);
    let ids = ints(&inline_batches(&data));
    for gzip in [false, true] {
        let bodies = download_chunks(&data, gzip).await;
        let mut all = ids.clone();
        for (body, chunk) in bodies.iter().zip(chunks) {
            assert_eq!(
                body.len() as u64,
                chunk["uncompressedSize"].as_u64().unwrap()
            );
            let batches = decode(body);
            assert_eq!(
                meta(&batches[0], 0, "logicalType").as_deref(),
                Some("FIXED")
            );
            let values = ints(&batches);
            assert_eq!(values.len() as u64, chunk["rowCount"].as_u64().unwrap());
            all.extend(values);
        }
        assert_eq!(all, (0..95).collect::<Vec<i64>>(), "gzip {gzip}");
    }

    // Without the key header: 403. Unknown result or chunk number: 404.
    let client = reqwest::Client::new();
    let url = chunks[0]["url"].as_str().unwrap();
    assert_eq!(client.get(url).send().await.unwrap().status(), 403);
    let (name, value) = data["chunkHeaders"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    let value = value.as_str().unwrap();
    let wrong = client
        .get(url)
        .header(name, "wrong-key")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let beyond = url.rsplit_once('/').unwrap().0.to_owned() + "/9";
    let missing = client
        .get(&beyond)
        .header(name, value)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let unknown = format!("{base}0123456789abcdef/0");
    let missing = client
        .get(&unknown)
        .header(name, value)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    // JSON results chunk as comma-separated rows without brackets.
    query(
        &emulator,
        &token,
        "alter session set QUERY_RESULT_FORMAT = 'JSON'",
    )
    .await;
    let data = query(&emulator, &token, sql).await;
    assert_eq!(data["queryResultFormat"], "json");
    assert_eq!(data["rowset"].as_array().unwrap().len(), 10);
    assert_eq!(data["rowset"][0], json!(["0", "row 0"]));
    let rows: Vec<Value> = data["rowset"].as_array().unwrap().clone();
    for gzip in [false, true] {
        let mut all = rows.clone();
        for body in download_chunks(&data, gzip).await {
            let text = String::from_utf8(body).unwrap();
            assert!(text.starts_with("[\"") && !text.starts_with("[["), "{text}");
            let parsed: Value = serde_json::from_str(&format!("[{text}]")).unwrap();
            all.extend(parsed.as_array().unwrap().iter().cloned());
        }
        assert_eq!(all.len(), 95);
        assert_eq!(all[94], json!(["94", "row 94"]));
        assert!(
            all.iter()
                .enumerate()
                .all(|(i, row)| row[0] == json!(i.to_string()))
        );
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn evicted_chunks_answer_404() {
    let (emulator, token) = start(Emulator::builder().chunk_rows(5).chunk_store_bytes(1)).await;
    let sql = "select seq8() as id from table(generator(rowcount => 20))";
    let first = query(&emulator, &token, sql).await;
    let second = query(&emulator, &token, sql).await;
    let client = reqwest::Client::new();
    let get = |data: &Value| {
        let (name, value) = data["chunkHeaders"]
            .as_object()
            .unwrap()
            .iter()
            .next()
            .unwrap();
        client
            .get(data["chunks"][0]["url"].as_str().unwrap())
            .header(name, value.as_str().unwrap())
            .send()
    };
    assert_eq!(get(&first).await.unwrap().status(), 404);
    assert_eq!(get(&second).await.unwrap().status(), 200);
    emulator.shutdown().await;
}
