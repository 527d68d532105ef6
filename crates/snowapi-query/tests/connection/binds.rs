//! Every bind type round-trips through an INSERT and a SELECT; array binds insert batches.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use snowapi_emulator::server::Emulator;
use snowapi_query::{BindValue, Binds, Statement};

use crate::common::{scalar, start};

#[tokio::test]
async fn every_bind_type_round_trips() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    conn.execute(
        "create table b (i int, d number(10,3), f float, s text, flag boolean, dt date, \
         tm time(9), ntz timestamp_ntz(9), ltz timestamp_ltz(9), tz timestamp_tz(9), \
         bin binary, v variant, missing int)",
    )
    .await
    .unwrap();
    let date = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let time = NaiveTime::from_hms_nano_opt(23, 59, 58, 123_456_789).unwrap();
    let ntz: NaiveDateTime = date.and_time(time);
    let tz: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2024-02-29T10:11:12.5-05:00").unwrap();
    let ltz: DateTime<Utc> = DateTime::parse_from_rfc3339("2023-06-01T00:00:00.25Z")
        .unwrap()
        .to_utc();
    let statement =
        Statement::new("insert into b select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, parse_json(?), ?")
            .bind(-9_007_199_254_740_993_i64)
            .bind(BindValue::new(
                snowapi_query::BindType::Fixed,
                Some("1234567.891".to_owned()),
            ))
            .bind(-0.25_f64)
            .bind("it's \"quoted\" ünïcode")
            .bind(false)
            .bind(date)
            .bind(time)
            .bind(ntz)
            .bind(BindValue::timestamp_ltz(&ltz))
            .bind(BindValue::timestamp_tz(&tz))
            .bind(vec![0_u8, 1, 254, 255])
            .bind(serde_json::json!({"k": [1, 2, {"x": null}]}))
            .bind(Option::<i64>::None);
    let inserted = conn.execute(statement).await.unwrap();
    assert_eq!(inserted.rows_affected(), Some(1));

    let rows = conn.query("select * from b").await.unwrap();
    let row = &rows[0];
    assert_eq!(row.get::<i64>("I").unwrap(), -9_007_199_254_740_993);
    assert_eq!(row.get::<String>("D").unwrap(), "1234567.891");
    assert_eq!(row.get::<f64>("F").unwrap(), -0.25);
    assert_eq!(row.get::<String>("S").unwrap(), "it's \"quoted\" ünïcode");
    assert!(!row.get::<bool>("FLAG").unwrap());
    assert_eq!(row.get::<NaiveDate>("DT").unwrap(), date);
    assert_eq!(row.get::<NaiveTime>("TM").unwrap(), time);
    assert_eq!(row.get::<NaiveDateTime>("NTZ").unwrap(), ntz);
    assert_eq!(row.get::<DateTime<Utc>>("LTZ").unwrap(), ltz);
    assert_eq!(row.get::<DateTime<Utc>>("TZ").unwrap(), tz.to_utc());
    assert_eq!(row.get::<Vec<u8>>("BIN").unwrap(), [0, 1, 254, 255]);
    assert_eq!(
        row.get::<serde_json::Value>("V").unwrap(),
        serde_json::json!({"k": [1, 2, {"x": null}]})
    );
    assert_eq!(row.get::<Option<i64>>("MISSING").unwrap(), None);

    // Named and numbered placeholders.
    let named = conn
        .query(
            Statement::new("select :a + 1, :b")
                .bind_named("a", 41)
                .bind_named("b", "x"),
        )
        .await
        .unwrap();
    assert_eq!(named[0].get::<i64>(0).unwrap(), 42);
    assert_eq!(named[0].get::<String>(1).unwrap(), "x");
    let numbered = conn
        .query(Statement::new("select :2 - :1").bind(1).bind(10))
        .await
        .unwrap();
    assert_eq!(numbered[0].get::<i64>(0).unwrap(), 9);
}

#[tokio::test]
async fn array_binds_insert_a_batch_in_one_statement() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    conn.execute("create table many (id int, label text, ok boolean)")
        .await
        .unwrap();
    let ids: Vec<i64> = (1..=250).collect();
    let labels: Vec<Option<String>> = ids
        .iter()
        .map(|i| (i % 10 != 0).then(|| format!("label {i}")))
        .collect();
    let flags: Vec<bool> = ids.iter().map(|i| i % 2 == 0).collect();
    let inserted = conn
        .execute(
            Statement::new("insert into many values (?, ?, ?)")
                .bind_array(ids.clone())
                .bind_array(labels)
                .bind_array(flags),
        )
        .await
        .unwrap();
    assert_eq!(inserted.rows_affected(), Some(250));
    assert_eq!(scalar(&conn, "select count(*) from many").await, 250);
    assert_eq!(
        scalar(&conn, "select count(*) from many where label is null").await,
        25
    );
    assert_eq!(
        scalar(&conn, "select count(*) from many where ok").await,
        125
    );
    assert_eq!(
        scalar(&conn, "select sum(id) from many").await,
        250 * 251 / 2
    );

    let mut binds = Binds::new();
    binds
        .bind_named_array("id", [1000, 1001])
        .bind_named_array("label", ["x", "y"]);
    let named = conn
        .execute(Statement::new("insert into many (id, label) values (:id, :label)").binds(binds))
        .await
        .unwrap();
    assert_eq!(named.rows_affected(), Some(2));
    assert_eq!(
        scalar(&conn, "select count(*) from many where id >= 1000").await,
        2
    );
}
