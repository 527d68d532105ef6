//! Statements over the SQL API: results equal to the connector path's, partitions, async
//! submission, cancel, errors, and request-id idempotency under faults.

use std::time::Duration;

use arrow::array::{AsArray as _, RecordBatch};
use arrow::compute::concat_batches;
use arrow::datatypes::Int64Type;
use snowapi_emulator::server::{Emulator, FaultRule};
use snowapi_query::{QueryError, QueryHandle, SqlApiStatement, StatementState};

use crate::common::Setup;

const TYPES: &str =
    "select i, d, big, f, s, b, dt, tm, ntz, ltz, tz, v, bin from t order by i nulls last";

async fn fill_types(setup: &Setup) {
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
        setup.conn.execute(sql).await.expect(sql);
    }
}

/// A numeric column as integers, whatever its width (NUMBER(38,0) is a Decimal128).
fn ints(array: &arrow::array::ArrayRef) -> Vec<i64> {
    let cast = arrow::compute::cast(array, &arrow::datatypes::DataType::Int64).unwrap();
    cast.as_primitive::<Int64Type>().values().to_vec()
}

fn one(schema: arrow::datatypes::SchemaRef, batches: &[RecordBatch]) -> RecordBatch {
    concat_batches(&schema, batches).unwrap()
}

#[tokio::test]
async fn every_type_decodes_to_the_same_batches_as_the_connector_path() {
    let setup = Setup::start(Emulator::builder()).await;
    setup.conn.execute("use database d").await.unwrap();
    fill_types(&setup).await;
    let api = setup.api().await;
    let result = api.submit(TYPES).await.unwrap();
    assert_eq!(result.total_rows(), Some(2));
    assert!(result.request_id().is_some());
    let from_api = one(result.schema(), &result.collect_arrow().await.unwrap());

    let connector = setup.conn.execute(TYPES).await.unwrap();
    let from_connector = one(
        connector.schema(),
        &connector.collect_arrow().await.unwrap(),
    );
    assert_eq!(from_api.schema(), from_connector.schema());
    assert_eq!(from_api, from_connector);
    assert_eq!(from_api.num_rows(), 2);
    setup.emulator.shutdown().await;
}

#[tokio::test]
async fn partitions_are_fetched_concurrently_and_in_order() {
    let setup = Setup::start(Emulator::builder().sql_api_partition_rows(10)).await;
    let api = setup.api().await.prefetch(3);
    let result = api
        .submit("select seq4() as n, 'row ' || seq4() as s from table(generator(rowcount => 95)) order by n")
        .await
        .unwrap();
    assert_eq!(result.partition_count(), 10);
    assert_eq!(result.total_rows(), Some(95));
    let batches = result.collect_arrow().await.unwrap();
    assert_eq!(batches.len(), 10);
    let all = one(result.schema(), &batches);
    let numbers = ints(all.column(0));
    assert_eq!(numbers, (0..95).collect::<Vec<i64>>());
    assert_eq!(all.column(1).as_string::<i32>().value(94), "row 94");
    setup.emulator.shutdown().await;
}

#[tokio::test]
async fn a_statement_outlasting_the_sync_wait_is_polled_to_its_result() {
    let setup =
        Setup::start(Emulator::builder().sql_api_sync_wait(Duration::from_millis(100))).await;
    let api = setup.api().await;
    let result = api.submit("select system$wait(1) as w").await.unwrap();
    let batch = &result.collect_arrow().await.unwrap()[0];
    assert_eq!(
        batch.column(0).as_string::<i32>().value(0),
        "waited 1 seconds"
    );
    setup.emulator.shutdown().await;
}

#[tokio::test]
async fn async_submission_polls_and_resumes_from_a_serialized_handle() {
    let setup = Setup::start(Emulator::builder()).await;
    let api = setup.api().await;
    let handle = api
        .submit_async(SqlApiStatement::new("select system$wait(1) as w, ? as n").bind(7))
        .await
        .unwrap();
    assert!(matches!(
        api.status(&handle).await.unwrap(),
        StatementState::Running
    ));
    let saved = serde_json::to_string(&handle).unwrap();
    let other = setup.api().await;
    let resumed: QueryHandle = serde_json::from_str(&saved).unwrap();
    let result = other.wait(&resumed, Duration::from_secs(30)).await.unwrap();
    assert_eq!(result.query_id(), handle.query_id);
    let batch = &result.collect_arrow().await.unwrap()[0];
    assert_eq!(ints(batch.column(1)), [7]);
    let StatementState::Done(again) = api.status(&handle).await.unwrap() else {
        panic!("the statement should be done");
    };
    assert_eq!(again.total_rows(), Some(1));

    let slow = api.submit_async("select system$wait(5)").await.unwrap();
    let error = api
        .wait(&slow, Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(matches!(error, QueryError::Timeout { .. }), "{error:?}");
    assert_eq!(error.query_id(), Some(slow.query_id.as_str()));
    setup.emulator.shutdown().await;
}

#[tokio::test]
async fn cancel_stops_a_running_statement() {
    let setup = Setup::start(Emulator::builder()).await;
    let api = setup.api().await;
    let handle = api.submit_async("select system$wait(60)").await.unwrap();
    let started = std::time::Instant::now();
    assert!(api.cancel(&handle).await.unwrap());
    assert!(started.elapsed() < Duration::from_secs(10));
    let error = api.status(&handle).await.unwrap_err();
    assert_eq!(error.code(), Some("000604"), "{error:?}");
    assert_eq!(error.query_id(), Some(handle.query_id.as_str()));
    assert!(!api.cancel(&handle).await.unwrap(), "already finished");
    setup.emulator.shutdown().await;
}

#[tokio::test]
async fn failures_keep_code_state_message_handle_and_request_id() {
    let setup = Setup::start(Emulator::builder()).await;
    let api = setup.api().await;
    let error = api
        .submit(SqlApiStatement::new("select * from no_such_table").database("D"))
        .await
        .unwrap_err();
    let QueryError::SqlApi {
        status,
        code,
        sql_state,
        message,
        query_id,
        request_id,
    } = &error
    else {
        panic!("expected a SQL API error, got {error:?}");
    };
    assert_eq!(*status, 422);
    assert_eq!(code, "002003");
    assert_eq!(sql_state.as_deref(), Some("42S02"));
    assert!(message.contains("does not exist"), "{message}");
    assert!(uuid::Uuid::parse_str(query_id.as_deref().unwrap()).is_ok());
    assert!(uuid::Uuid::parse_str(request_id.as_deref().unwrap()).is_ok());

    let timed_out = api
        .submit(SqlApiStatement::new("select system$wait(30)").timeout(Duration::from_secs(1)))
        .await
        .unwrap_err();
    assert!(
        matches!(timed_out, QueryError::SqlApi { status: 408, .. }),
        "{timed_out:?}"
    );
    assert_eq!(timed_out.code(), Some("000630"));

    let unknown = api
        .status(&QueryHandle::new(uuid::Uuid::new_v4().to_string()))
        .await
        .unwrap_err();
    assert!(
        matches!(unknown, QueryError::SqlApi { status: 404, .. }),
        "{unknown:?}"
    );
    setup.emulator.shutdown().await;
}

#[tokio::test]
async fn a_retried_submission_never_runs_twice() {
    let setup = Setup::start(Emulator::builder()).await;
    let api = setup.api().await;
    api.submit(
        SqlApiStatement::new("create table once (id int)")
            .database("D")
            .schema("PUBLIC"),
    )
    .await
    .unwrap();
    let insert = SqlApiStatement::new("insert into once values (1)")
        .database("D")
        .schema("PUBLIC");
    // Refused before it runs: the resubmission runs it.
    setup.emulator.inject(
        FaultRule::path("/api/v2/statements")
            .method("POST")
            .status(503)
            .times(2),
    );
    let first = api.submit(insert.clone()).await.unwrap();
    assert_eq!(first.rows_affected(), Some(1));
    assert_eq!(setup.emulator.faults_injected(), 2);
    // Run, but the answer is lost half-way: the resubmission (same requestId, retry=true)
    // is answered from the first run.
    setup.emulator.inject(
        FaultRule::path("/api/v2/statements")
            .method("POST")
            .truncate_body()
            .times(1),
    );
    let second = api.submit(insert).await.unwrap();
    assert_eq!(second.rows_affected(), Some(1));
    assert_eq!(setup.emulator.faults_injected(), 3);
    let count = api
        .submit(
            SqlApiStatement::new("select count(*) from once")
                .database("D")
                .schema("PUBLIC"),
        )
        .await
        .unwrap();
    let batch = &count.collect_arrow().await.unwrap()[0];
    assert_eq!(ints(batch.column(0)), [2]);
    setup.emulator.shutdown().await;
}
