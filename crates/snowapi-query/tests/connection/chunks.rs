//! Chunked results stream fully and in order, from Arrow and JSON, through download faults.

use futures::TryStreamExt as _;
use snowapi_emulator::server::{Emulator, FaultRule};
use snowapi_query::{QueryResult, Statement};

use crate::common::start;

const SQL: &str = "select seq8() as id, 'row ' || seq8() as label \
                   from table(generator(rowcount => 95)) order by id";

async fn ids(result: &QueryResult) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut stream = std::pin::pin!(result.arrow_stream());
    while let Some(batch) = stream.try_next().await.unwrap() {
        let rows = snowapi_query::Row::all_of(std::sync::Arc::new(batch));
        for row in rows {
            let id: i64 = row.get(0).unwrap();
            assert_eq!(row.get::<String>(1).unwrap(), format!("row {id}"));
            ids.push(id);
        }
    }
    ids
}

#[tokio::test]
async fn chunked_results_stream_fully_and_in_order() {
    let (emulator, conn) = start(Emulator::builder().chunk_rows(10)).await;
    let expected: Vec<i64> = (0..95).collect();

    let result = conn.execute(SQL).await.unwrap();
    assert_eq!(result.chunk_count(), 9);
    assert_eq!(result.total_rows(), Some(95));
    assert_eq!(ids(&result).await, expected);
    // A result can be streamed again.
    assert_eq!(ids(&result).await, expected);

    let narrow = conn.execute(Statement::new(SQL).prefetch(1)).await.unwrap();
    assert_eq!(ids(&narrow).await, expected);

    // Transient chunk failures are retried: statuses, a dropped connection, a short body.
    emulator.inject(FaultRule::path("/chunks/").status(503).times(2));
    emulator.inject(FaultRule::path("/chunks/").drop_connection().times(1));
    emulator.inject(FaultRule::path("/chunks/").truncate_body().times(1));
    let faulty = conn.execute(SQL).await.unwrap();
    assert_eq!(ids(&faulty).await, expected);
    assert_eq!(emulator.faults_injected(), 4);

    conn.execute("alter session set query_result_format = 'JSON'")
        .await
        .unwrap();
    let json = conn.execute(SQL).await.unwrap();
    assert_eq!(json.chunk_count(), 9);
    assert_eq!(ids(&json).await, expected);
}
