//! Retries keep their requestId (no statement runs twice) and expired sessions are renewed.

use std::time::Duration;

use snowapi_emulator::server::{Emulator, FaultRule};

use crate::common::{scalar, start};

#[tokio::test]
async fn failed_query_requests_are_retried_without_running_twice() {
    let (emulator, conn) = start(Emulator::builder()).await;
    conn.execute("create table r (n int)").await.unwrap();

    emulator.inject(
        FaultRule::path("/queries/v1/query-request")
            .status(503)
            .times(2),
    );
    let inserted = conn.execute("insert into r values (1)").await.unwrap();
    assert_eq!(inserted.rows_affected(), Some(1));
    assert_eq!(emulator.faults_injected(), 2);

    // The server runs the statement, then the answer is cut short: the retry carries the same
    // requestId, so the server answers the first execution instead of inserting again.
    emulator.inject(
        FaultRule::path("/queries/v1/query-request")
            .truncate_body()
            .times(1),
    );
    conn.execute("insert into r values (2)").await.unwrap();
    emulator.inject(
        FaultRule::path("/queries/v1/query-request")
            .drop_connection()
            .times(1),
    );
    conn.execute("insert into r values (3)").await.unwrap();
    assert_eq!(emulator.faults_injected(), 4);
    assert_eq!(scalar(&conn, "select count(*) from r").await, 3);
    assert_eq!(scalar(&conn, "select count(*) from r where n = 2").await, 1);
}

#[tokio::test]
async fn an_expired_session_is_renewed_and_the_statement_replayed() {
    let (emulator, conn) = start(Emulator::builder()).await;
    conn.execute("create table s (n int)").await.unwrap();
    emulator.expire_sessions();
    let inserted = conn.execute("insert into s values (1)").await.unwrap();
    assert_eq!(inserted.rows_affected(), Some(1));
    assert_eq!(scalar(&conn, "select count(*) from s").await, 1);

    let (_short, conn) = start(Emulator::builder().session_validity(Duration::from_secs(1))).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(scalar(&conn, "select 5").await, 5);
}
