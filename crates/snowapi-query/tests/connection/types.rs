//! Every Snowflake type decoded to the standard schema, from Arrow and from JSON results alike.

use std::sync::Arc;

use arrow::compute::concat_batches;
use arrow::datatypes::{DataType, TimeUnit};
use arrow::record_batch::RecordBatch;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike as _, Utc};
use serde::Deserialize;
use snowapi_emulator::server::Emulator;
use snowapi_query::{Connection, SNOWFLAKE_TYPE};

use crate::common::start;

const SELECT: &str =
    "select i, d, big, f, s, b, dt, tm, ntz, ltz, tz, v, bin from t order by i nulls last";

async fn fill(conn: &Connection) {
    for sql in [
        "create table t (i int, d number(10,3), big number(38,2), f float, s varchar(10), \
         b boolean, dt date, tm time(3), ntz timestamp_ntz(6), ltz timestamp_ltz(9), \
         tz timestamp_tz(3), v variant, bin binary(3))",
        "insert into t select 42, 12.345, -1.50, 1.5, 'héllo', true, '2024-01-02'::date, \
         '12:34:56.789'::time, '2024-01-02 03:04:05.123456'::timestamp_ntz, \
         '2024-01-02 03:04:05.123456789'::timestamp_ltz, \
         '2024-01-02 03:04:05.123 +01:00'::timestamp_tz, parse_json('{\"a\":1}'), x'414243'",
        "insert into t (i) values (null)",
    ] {
        conn.execute(sql).await.expect(sql);
    }
}

async fn select_all(conn: &Connection) -> RecordBatch {
    let result = conn.execute(SELECT).await.unwrap();
    let schema = result.schema();
    let batches = result.collect_arrow().await.unwrap();
    concat_batches(&schema, &batches).unwrap()
}

#[tokio::test]
async fn every_type_decodes_to_the_standard_schema_from_arrow_and_json() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    fill(&conn).await;
    let arrow = select_all(&conn).await;
    let types: Vec<DataType> = arrow
        .schema()
        .fields()
        .iter()
        .map(|f| f.data_type().clone())
        .collect();
    let utc = Some(Arc::<str>::from("UTC"));
    assert_eq!(
        types,
        [
            DataType::Decimal128(38, 0),
            DataType::Decimal128(10, 3),
            DataType::Decimal128(38, 2),
            DataType::Float64,
            DataType::Utf8,
            DataType::Boolean,
            DataType::Date32,
            DataType::Time64(TimeUnit::Nanosecond),
            DataType::Timestamp(TimeUnit::Nanosecond, None),
            DataType::Timestamp(TimeUnit::Nanosecond, utc.clone()),
            DataType::Timestamp(TimeUnit::Nanosecond, utc),
            DataType::Utf8,
            DataType::Binary,
        ]
    );
    assert_eq!(
        arrow.schema().field(11).metadata()[SNOWFLAKE_TYPE],
        "VARIANT"
    );
    assert_eq!(arrow.num_rows(), 2);

    let rows = snowapi_query::Row::all_of(Arc::new(arrow.clone()));
    let full = &rows[0];
    assert_eq!(full.get::<i64>("I").unwrap(), 42);
    assert_eq!(full.get::<String>("D").unwrap(), "12.345");
    assert_eq!(full.get::<f64>("D").unwrap(), 12.345);
    assert_eq!(full.get::<String>("BIG").unwrap(), "-1.50");
    assert_eq!(full.get::<f64>("F").unwrap(), 1.5);
    assert_eq!(full.get::<String>("S").unwrap(), "héllo");
    assert!(full.get::<bool>("B").unwrap());
    assert_eq!(
        full.get::<NaiveDate>("DT").unwrap(),
        NaiveDate::from_ymd_opt(2024, 1, 2).unwrap()
    );
    assert_eq!(
        full.get::<NaiveTime>("TM").unwrap(),
        NaiveTime::from_hms_milli_opt(12, 34, 56, 789).unwrap()
    );
    assert_eq!(
        full.get::<NaiveDateTime>("NTZ").unwrap(),
        NaiveDate::from_ymd_opt(2024, 1, 2)
            .unwrap()
            .and_hms_micro_opt(3, 4, 5, 123_456)
            .unwrap()
    );
    assert_eq!(
        full.get::<DateTime<Utc>>("LTZ").unwrap().nanosecond(),
        123_456_789
    );
    assert_eq!(
        full.get::<DateTime<Utc>>("TZ").unwrap().to_rfc3339(),
        "2024-01-02T02:04:05.123+00:00"
    );
    assert_eq!(
        full.get::<serde_json::Value>("V").unwrap(),
        serde_json::json!({"a": 1})
    );
    assert_eq!(full.get::<Vec<u8>>("BIN").unwrap(), b"ABC");
    for column in 0..13 {
        assert!(
            rows[1].is_null(column).unwrap(),
            "column {column} of the NULL row"
        );
        assert!(rows[1].get::<Option<String>>(column).unwrap().is_none());
    }

    // The same select served as JSON decodes to identical batches.
    conn.execute("alter session set query_result_format = 'JSON'")
        .await
        .unwrap();
    let json = select_all(&conn).await;
    assert_eq!(json.schema(), arrow.schema());
    for column in 0..arrow.num_columns() {
        assert_eq!(
            json.column(column).as_ref(),
            arrow.column(column).as_ref(),
            "column {}",
            arrow.schema().field(column).name()
        );
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Record {
    i: Option<i64>,
    d: Option<f64>,
    s: Option<String>,
    b: Option<bool>,
    dt: Option<NaiveDate>,
    ntz: Option<NaiveDateTime>,
    tz: Option<DateTime<Utc>>,
    v: Option<serde_json::Value>,
    bin: Option<Vec<u8>>,
}

#[tokio::test]
async fn rows_deserialize_into_serde_structs() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    fill(&conn).await;
    let records: Vec<Record> = conn.query_as(SELECT).await.unwrap();
    assert_eq!(records.len(), 2);
    let first = &records[0];
    assert_eq!(first.i, Some(42));
    assert_eq!(first.d, Some(12.345));
    assert_eq!(first.s.as_deref(), Some("héllo"));
    assert_eq!(first.b, Some(true));
    assert_eq!(first.dt, NaiveDate::from_ymd_opt(2024, 1, 2));
    assert_eq!(
        first.ntz,
        NaiveDate::from_ymd_opt(2024, 1, 2).and_then(|d| d.and_hms_micro_opt(3, 4, 5, 123_456))
    );
    assert_eq!(
        first.tz.map(|t| t.timestamp_millis()),
        Some(1_704_161_045_123)
    );
    assert_eq!(first.v, Some(serde_json::json!({"a": 1})));
    assert_eq!(first.bin.as_deref(), Some(&b"ABC"[..]));
    assert_eq!(
        records[1],
        Record {
            i: None,
            d: None,
            s: None,
            b: None,
            dt: None,
            ntz: None,
            tz: None,
            v: None,
            bin: None
        }
    );
}
