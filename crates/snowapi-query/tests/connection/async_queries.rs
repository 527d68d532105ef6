//! Asynchronous submission, resuming from a serialized handle, cancellation, and the
//! cancellation of dropped or timed-out synchronous statements.

use std::time::Duration;

use snowapi_emulator::server::Emulator;
use snowapi_query::{QueryError, QueryHandle, QueryStatus, Statement};

use crate::common::{connect, scalar, start};

#[tokio::test]
async fn a_submitted_query_is_resumed_from_its_handle_in_a_fresh_connection() {
    let (emulator, conn) = start(Emulator::builder()).await;
    let running = conn
        .submit("select system$wait(300, 'MILLISECONDS') as waited, 7 as seven")
        .await
        .unwrap();
    assert!(!running.query_id().is_empty());
    let saved = serde_json::to_string(running.handle()).unwrap();

    let other = connect(&emulator).await;
    let handle: QueryHandle = serde_json::from_str(&saved).unwrap();
    let resumed = other.handle(handle);
    assert_eq!(resumed.query_id(), running.query_id());
    let status = resumed.wait(Duration::from_secs(30)).await.unwrap();
    assert_eq!(status, QueryStatus::Success);
    assert!(!resumed.is_still_running().await.unwrap());
    let result = resumed.result().await.unwrap();
    assert_eq!(result.query_id(), running.query_id());
    let rows = result.rows().await.unwrap();
    assert_eq!(rows[0].get::<i64>("SEVEN").unwrap(), 7);
}

#[tokio::test]
async fn a_running_query_is_cancelled() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    let running = conn.submit("select system$wait(30)").await.unwrap();
    assert!(running.status().await.unwrap().is_still_running());
    assert!(running.cancel().await.unwrap());
    let status = running.wait(Duration::from_secs(10)).await.unwrap();
    assert!(status.is_error(), "{status}");
    let error = running.result().await.unwrap_err();
    assert!(error.code().is_some(), "{error:?}");
    assert_eq!(error.query_id(), Some(running.query_id()));
    // Waiting on a query that outlives the timeout says so.
    let slow = conn.submit("select system$wait(30)").await.unwrap();
    let timeout = slow.wait(Duration::from_millis(100)).await.unwrap_err();
    assert!(matches!(timeout, QueryError::Timeout { .. }), "{timeout:?}");
    assert!(slow.cancel().await.unwrap());
}

#[tokio::test]
async fn a_slow_synchronous_query_is_followed_to_its_result() {
    let (_emulator, conn) =
        start(Emulator::builder().sync_query_wait(Duration::from_millis(50))).await;
    let rows = conn
        .query("select system$wait(400, 'MILLISECONDS') as w, 1 as one")
        .await
        .unwrap();
    assert_eq!(rows[0].get::<i64>("ONE").unwrap(), 1);
}

#[tokio::test]
async fn dropping_or_timing_out_a_synchronous_query_cancels_it() {
    let (_emulator, conn) =
        start(Emulator::builder().sync_query_wait(Duration::from_millis(50))).await;
    conn.execute("create table w (n int, waited text)")
        .await
        .unwrap();
    let slow = |n: i32| format!("insert into w select {n}, system$wait(1)");

    // Timed out: cancelled, so the row never lands.
    let timed_out = conn
        .execute(Statement::new(slow(1)).timeout(Duration::from_millis(300)))
        .await
        .unwrap_err();
    assert!(
        matches!(timed_out, QueryError::Timeout { .. }),
        "{timed_out:?}"
    );

    // Dropped future: cancelled as well.
    let dropped = tokio::time::timeout(Duration::from_millis(300), conn.execute(slow(2))).await;
    assert!(dropped.is_err());

    // Opted out: the statement finishes on the server.
    let kept = tokio::time::timeout(
        Duration::from_millis(300),
        conn.execute(Statement::new(slow(3)).cancel_on_drop(false)),
    )
    .await;
    assert!(kept.is_err());

    tokio::time::sleep(Duration::from_millis(1800)).await;
    let rows = conn.query("select n from w order by n").await.unwrap();
    let landed: Vec<i64> = rows.iter().map(|r| r.get(0).unwrap()).collect();
    assert_eq!(landed, [3]);
    assert_eq!(scalar(&conn, "select count(*) from w").await, 1);
}
