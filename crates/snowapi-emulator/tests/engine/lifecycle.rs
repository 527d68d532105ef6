//! The life of a statement: its id known before it starts, its status while running and after,
//! its result kept by id, and cancellation from the engine, the session and SQL.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use snowapi_emulator::{
    engine::{Engine, EngineConfig, QueryOutcome, QueryStatus, new_query_id},
    sql::binds::Binds,
};

fn engine() -> Engine {
    Engine::open(EngineConfig::default()).expect("in-memory engine")
}

/// Polls until `query_id` is registered as running (a spawned statement may not have started).
async fn until_running(engine: &Engine, query_id: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if engine
            .query_status(query_id)
            .is_some_and(|info| info.status.is_running())
        {
            return;
        }
        assert!(Instant::now() < deadline, "{query_id} never started");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_query_id_is_known_before_the_statement_runs() {
    let engine = engine();
    let session = Arc::new(engine.session("ADMIN"));
    let query_id = new_query_id();
    let running = {
        let (session, query_id) = (session.clone(), query_id.clone());
        tokio::spawn(async move {
            session
                .execute_with_id(
                    &query_id,
                    "select system$wait(300, 'MILLISECONDS') as w",
                    &Binds::none(),
                )
                .await
        })
    };
    until_running(&engine, &query_id).await;
    let info = engine.query_status(&query_id).unwrap();
    assert_eq!(info.status, QueryStatus::Running);
    assert_eq!(info.status.as_str(), "RUNNING");
    assert_eq!(info.session_id, session.id());
    assert!(info.sql_text.contains("system$wait(300"));
    assert!(info.end_time.is_none());
    assert!(matches!(
        engine.result(&query_id),
        Some(QueryOutcome::Running)
    ));
    assert!(
        engine
            .running_queries()
            .iter()
            .any(|q| q.query_id == query_id)
    );
    // A second statement cannot take a running statement's id.
    let taken = session
        .execute_with_id(&query_id, "select 1", &Binds::none())
        .await
        .unwrap_err();
    assert_eq!(taken.code(), "000606");

    let result = running.await.unwrap().unwrap();
    assert_eq!(result.query_id, query_id);
    let info = engine.query_status(&query_id).unwrap();
    assert_eq!(info.status, QueryStatus::Success);
    assert!(info.duration() >= Duration::from_millis(300));
    match engine.result(&query_id) {
        Some(QueryOutcome::Finished(Ok(stored))) => {
            assert_eq!(stored.query_id, query_id);
            assert_eq!(stored.columns[0].name, "W");
            assert_eq!(stored.row_count(), 1);
        }
        other => panic!("expected the stored result, got {other:?}"),
    }
    assert!(engine.result("no-such-query").is_none());
    assert!(engine.query_status("no-such-query").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_statements_are_recorded_with_their_error() {
    let engine = engine();
    let session = engine.session("ADMIN");
    let error = session
        .execute("select * from nowhere.public.t", &Binds::none())
        .await
        .unwrap_err();
    assert_eq!(error.code(), "002003");
    let last = session
        .execute("select last_query_id()", &Binds::none())
        .await
        .unwrap();
    let column = last.batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<arrow::array::StringArray>()
        .expect("text")
        .value(0)
        .to_owned();
    let info = engine
        .query_status(&column)
        .expect("the failed statement is known");
    assert_eq!(info.status, QueryStatus::FailedWithError);
    assert_eq!(info.error.as_ref().map(|e| e.code()), Some("002003"));
    match engine.result(&column) {
        Some(QueryOutcome::Finished(Err(stored))) => assert_eq!(stored, error),
        other => panic!("expected the stored error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn engine_cancel_stops_a_waiting_statement() {
    let engine = engine();
    let session = Arc::new(engine.session("ADMIN"));
    let submitted = session
        .submit("select system$wait(60)", &Binds::none())
        .unwrap();
    // Registered before submit returned: no polling needed.
    let info = engine.query_status(&submitted.query_id).unwrap();
    assert_eq!(info.status, QueryStatus::Running);
    let waited = engine
        .wait_for_query(&submitted.query_id, Duration::from_millis(50))
        .await
        .unwrap();
    assert!(waited.status.is_running(), "still running after 50 ms");

    let started = Instant::now();
    assert!(engine.cancel(&submitted.query_id));
    let query_id = submitted.query_id.clone();
    let error = submitted.result().await.unwrap_err();
    assert_eq!(error.code(), "000604");
    assert_eq!(error.sql_state(), "57014");
    assert_eq!(error.to_string(), "SQL execution canceled");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cancel took {:?}",
        started.elapsed()
    );
    let info = engine.query_status(&query_id).unwrap();
    assert_eq!(info.status, QueryStatus::Aborted);
    assert!(info.status.is_error());
    assert!(
        !engine.cancel(&query_id),
        "a finished statement cannot be cancelled"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn system_cancel_query_cancels_another_sessions_statement() {
    let engine = engine();
    let waiter = Arc::new(engine.session("ADMIN"));
    let submitted = waiter
        .submit("select system$wait(60, 'SECONDS')", &Binds::none())
        .unwrap();
    let other = engine.session("ADMIN");
    let sql = format!("select system$cancel_query('{}')", submitted.query_id);
    let reply = other.execute(&sql, &Binds::none()).await.unwrap();
    assert_eq!(
        reply.columns[0].name,
        format!(
            "SYSTEM$CANCEL_QUERY('{}')",
            submitted.query_id.to_uppercase()
        )
    );
    let text = reply.batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<arrow::array::StringArray>()
        .expect("text")
        .value(0)
        .to_owned();
    assert_eq!(text, format!("query [{}] terminated.", submitted.query_id));
    let query_id = submitted.query_id.clone();
    assert_eq!(submitted.result().await.unwrap_err().code(), "000604");
    // Cancelling it again: it is no longer executing.
    let again = other.execute(&sql, &Binds::none()).await.unwrap_err();
    assert_eq!(again.code(), "000605");
    assert_eq!(
        engine.query_status(&query_id).unwrap().status,
        QueryStatus::Aborted
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_all_stops_only_the_sessions_own_statements() {
    let engine = engine();
    let mine = Arc::new(engine.session("ADMIN"));
    let theirs = Arc::new(engine.session("ADMIN"));
    let a = mine
        .submit("select system$wait(60)", &Binds::none())
        .unwrap();
    let b = mine
        .submit("select system$wait(60)", &Binds::none())
        .unwrap();
    let c = theirs
        .submit("select system$wait(400, 'MILLISECONDS')", &Binds::none())
        .unwrap();
    assert_eq!(mine.cancel_all(), 2);
    assert_eq!(a.result().await.unwrap_err().code(), "000604");
    assert_eq!(b.result().await.unwrap_err().code(), "000604");
    let c_id = c.query_id.clone();
    assert!(
        c.result().await.is_ok(),
        "the other session's statement finished"
    );
    assert_eq!(
        engine.query_status(&c_id).unwrap().status,
        QueryStatus::Success
    );
    assert_eq!(mine.cancel_all(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_statement_is_recorded_as_aborted() {
    let engine = engine();
    let session = engine.session("ADMIN");
    let query_id = new_query_id();
    let outcome = tokio::time::timeout(
        Duration::from_millis(100),
        session.execute_with_id(&query_id, "select system$wait(60)", &Binds::none()),
    )
    .await;
    assert!(outcome.is_err(), "the statement was still waiting");
    let info = engine.query_status(&query_id).unwrap();
    assert_eq!(info.status, QueryStatus::Aborted);
    assert_eq!(info.error.unwrap().code(), "000604");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_a_long_datafusion_query_and_its_insert() {
    let engine = engine();
    let session = Arc::new(engine.session("ADMIN"));
    for sql in [
        "create database lifecycle",
        "create table t (n int)",
        "create table copy (n int)",
    ] {
        session.execute(sql, &Binds::none()).await.unwrap();
    }
    let values: Vec<String> = (0..3000).map(|i| format!("({i})")).collect();
    session
        .execute(
            &format!("insert into t values {}", values.join(",")),
            &Binds::none(),
        )
        .await
        .unwrap();
    // 2.7e10 rows to add up (no statistic answers it): minutes of work, unless cancelled.
    let heavy = "insert into copy select sum(a.n + b.n - c.n) from t a, t b, t c";
    let submitted = session.submit(heavy, &Binds::none()).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let info = engine.query_status(&submitted.query_id).unwrap();
    assert!(info.status.is_running(), "{info:?}");
    let started = Instant::now();
    assert!(engine.cancel(&submitted.query_id));
    assert_eq!(submitted.result().await.unwrap_err().code(), "000604");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "cancelling took {:?}",
        started.elapsed()
    );
    let rows = session
        .execute("select count(*) from copy", &Binds::none())
        .await
        .unwrap();
    let count = rows.batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<arrow::array::Int64Array>()
        .expect("count")
        .value(0);
    assert_eq!(count, 0, "a cancelled INSERT inserts nothing");
}
