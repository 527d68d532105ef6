//! The Snowflake types clients see for conversion functions and casts: TO_NUMBER's precision
//! and scale, the three TIMESTAMP flavours, TIME, DATE and the text functions.

use snowapi_emulator::{
    engine::{Engine, EngineConfig, Session},
    sql::binds::Binds,
    types::SfType,
};

async fn types_of(session: &Session, sql: &str) -> Vec<String> {
    let result = session
        .execute(sql, &Binds::none())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    result.columns.iter().map(|c| c.sf_type.to_sql()).collect()
}

#[tokio::test]
async fn conversions_report_snowflake_types() {
    let engine = Engine::open(EngineConfig::default()).expect("engine");
    let session = engine.session("ADMIN");
    assert_eq!(
        types_of(
            &session,
            "select to_number('1.5', 10, 2), to_decimal('7'), '3'::number(5,0), try_cast('1' as number(12,4)), div0(1, 3)"
        )
        .await,
        [
            "NUMBER(10,2)",
            "NUMBER(38,0)",
            "NUMBER(5,0)",
            "NUMBER(12,4)",
            "NUMBER(38,6)"
        ]
    );
    assert_eq!(
        types_of(
            &session,
            "select to_timestamp('2024-01-01'), to_timestamp_ltz('2024-01-01'), to_timestamp_tz('2024-01-01'), '2024-01-01'::timestamp_tz, dateadd(hour, 1, '2024-01-01'::timestamp_tz)"
        )
        .await,
        [
            "TIMESTAMP_NTZ(9)",
            "TIMESTAMP_LTZ(9)",
            "TIMESTAMP_TZ(9)",
            "TIMESTAMP_TZ(9)",
            "TIMESTAMP_TZ(9)"
        ]
    );
    assert_eq!(
        types_of(
            &session,
            "select to_date('2024-01-01'), to_time('10:00'), dateadd(day, 1, '2024-01-01'::date), dateadd(hour, 1, '2024-01-01'::date), last_day('2024-01-01')"
        )
        .await,
        ["DATE", "TIME(9)", "DATE", "TIMESTAMP_NTZ(9)", "DATE"]
    );
    assert_eq!(
        types_of(
            &session,
            "select to_varchar(1), to_double('1'), to_boolean('y'), datediff(day, '2024-01-01', '2024-01-02'), random(), uniform(1, 2, 3), uniform(1, 2.5::float, 3)"
        )
        .await,
        [
            SfType::TEXT.to_sql().as_str(),
            "FLOAT",
            "BOOLEAN",
            "NUMBER(38,0)",
            "NUMBER(38,0)",
            "NUMBER(38,0)",
            "FLOAT"
        ]
    );
}
