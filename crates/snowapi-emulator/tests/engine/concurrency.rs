//! Many sessions at once: parallel writers lose no rows, readers always see a consistent
//! snapshot, and transactions commit or fail whole.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use arrow::array::{Array, Int64Array};
use snowapi_emulator::{
    engine::{Engine, EngineConfig, QueryResult, Session},
    sql::binds::Binds,
};

async fn run(session: &Session, sql: &str) -> QueryResult {
    session
        .execute(sql, &Binds::none())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The first row's integer columns (NULL as 0).
fn first_row(result: &QueryResult) -> Vec<i64> {
    let batch = result
        .batches
        .iter()
        .find(|b| b.num_rows() > 0)
        .expect("a row");
    batch
        .columns()
        .iter()
        .map(|column| {
            let column =
                arrow::compute::cast(column, &arrow::datatypes::DataType::Int64).expect("integer");
            let column = column.as_any().downcast_ref::<Int64Array>().expect("Int64");
            if column.is_null(0) {
                0
            } else {
                column.value(0)
            }
        })
        .collect()
}

const WRITERS: i64 = 6;
const INSERTS: i64 = 40;

/// Writers insert pairs of rows (`x` and `-x`) in one statement, into one shared table and into
/// a table of their own; readers check every snapshot has whole pairs only.
async fn writers_and_readers(engine: Engine) {
    let setup = engine.session("ADMIN");
    run(&setup, "create database conc").await;
    run(&setup, "create table shared (writer int, seq int, x int)").await;
    for w in 0..WRITERS {
        run(&setup, &format!("create table own_{w} (seq int)")).await;
    }

    let writing = Arc::new(AtomicBool::new(true));
    let mut readers = Vec::new();
    for _ in 0..2 {
        let (engine, writing) = (engine.clone(), writing.clone());
        readers.push(tokio::spawn(async move {
            let session = engine.session("ADMIN");
            run(&session, "use database conc").await;
            let mut last_count = 0;
            let mut checks = 0;
            while writing.load(Ordering::Acquire) || checks == 0 {
                let row = first_row(
                    &run(
                        &session,
                        "select count(*), sum(x), count(distinct writer || '-' || seq) * 2 from shared",
                    )
                    .await,
                );
                let [count, sum, pairs] = row[..] else {
                    panic!("three columns")
                };
                assert_eq!(sum, 0, "a snapshot with half an insert: {row:?}");
                assert_eq!(count, pairs, "a snapshot with half an insert: {row:?}");
                assert!(count >= last_count, "rows disappeared: {last_count} then {count}");
                last_count = count;
                checks += 1;
                tokio::task::yield_now().await;
            }
            checks
        }));
    }

    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let engine = engine.clone();
        writers.push(tokio::spawn(async move {
            let session = engine.session("ADMIN");
            run(&session, "use schema conc.public").await;
            for seq in 0..INSERTS {
                let x = w * 1000 + seq + 1;
                run(
                    &session,
                    &format!("insert into shared values ({w}, {seq}, {x}), ({w}, {seq}, -{x})"),
                )
                .await;
                run(&session, &format!("insert into own_{w} values ({seq})")).await;
            }
        }));
    }
    for writer in writers {
        writer.await.expect("writer");
    }
    writing.store(false, Ordering::Release);
    for reader in readers {
        let checks = reader.await.expect("reader");
        assert!(checks > 0);
    }

    let check = engine.session("ADMIN");
    let totals = first_row(
        &run(
            &check,
            "select count(*), sum(x), count(distinct writer), count(distinct writer || '-' || seq) from conc.public.shared",
        )
        .await,
    );
    assert_eq!(
        totals,
        [WRITERS * INSERTS * 2, 0, WRITERS, WRITERS * INSERTS]
    );
    for w in 0..WRITERS {
        let own = first_row(
            &run(
                &check,
                &format!("select count(*), count(distinct seq), min(seq), max(seq) from conc.public.own_{w}"),
            )
            .await,
        );
        assert_eq!(own, [INSERTS, INSERTS, 0, INSERTS - 1], "own_{w}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_writers_lose_nothing_and_readers_see_whole_statements() {
    writers_and_readers(Engine::open(EngineConfig::default()).expect("engine")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_writers_on_a_data_dir_lose_nothing_across_a_restart() {
    let (_dir, config) = crate::data_dir::on_disk();
    writers_and_readers(Engine::open(config.clone()).expect("engine")).await;
    let engine = Engine::open(config).expect("reopened");
    let session = engine.session("ADMIN");
    let totals = first_row(&run(&session, "select count(*), sum(x) from conc.public.shared").await);
    assert_eq!(totals, [WRITERS * INSERTS * 2, 0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_transactions_commit_whole_or_not_at_all() {
    let engine = Engine::open(EngineConfig::default()).expect("engine");
    let setup = engine.session("ADMIN");
    run(&setup, "create database tx").await;
    run(&setup, "create table a (v int)").await;
    run(&setup, "create table b (v int)").await;

    // Transactions on different tables, in parallel: both commit.
    let mut tasks = Vec::new();
    for table in ["a", "b"] {
        let engine = engine.clone();
        tasks.push(tokio::spawn(async move {
            let session = engine.session("ADMIN");
            run(&session, "use schema tx.public").await;
            run(&session, "begin").await;
            for v in 0..20 {
                run(&session, &format!("insert into {table} values ({v})")).await;
                tokio::task::yield_now().await;
            }
            // Inside the transaction its own rows are visible; others see none yet.
            let mine = first_row(&run(&session, &format!("select count(*) from {table}")).await);
            assert_eq!(mine, [20]);
            run(&session, "commit").await;
        }));
    }
    for task in tasks {
        task.await.expect("transaction");
    }
    let counts = first_row(
        &run(
            &setup,
            "select (select count(*) from tx.public.a), (select count(*) from tx.public.b)",
        )
        .await,
    );
    assert_eq!(counts, [20, 20]);

    // Two transactions on the same table: the first COMMIT wins, the second fails whole.
    let first = engine.session("ADMIN");
    let second = engine.session("ADMIN");
    for session in [&first, &second] {
        run(session, "use schema tx.public").await;
        run(session, "begin").await;
    }
    run(&first, "insert into a values (100), (101)").await;
    run(&second, "insert into a values (200), (201), (202)").await;
    let outside = first_row(&run(&setup, "select count(*) from tx.public.a").await);
    assert_eq!(
        outside,
        [20],
        "uncommitted rows are invisible to other sessions"
    );
    run(&first, "commit").await;
    let conflict = second.execute("commit", &Binds::none()).await.unwrap_err();
    assert_eq!(conflict.code(), "000606", "{conflict}");
    let after = first_row(
        &run(
            &setup,
            "select count(*), sum(case when v >= 200 then 1 else 0 end) from tx.public.a",
        )
        .await,
    );
    assert_eq!(after, [22, 0]);
    // The failed transaction is over: the session works on the latest commit again.
    let fresh = first_row(&run(&second, "select count(*) from a").await);
    assert_eq!(fresh, [22]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_updates_lose_no_increment() {
    const UPDATERS: i64 = 4;
    const ROUNDS: i64 = 15;
    let engine = Engine::open(EngineConfig::default()).expect("engine");
    let setup = engine.session("ADMIN");
    run(&setup, "create database upd").await;
    run(&setup, "create table counter (id int, n int)").await;
    run(&setup, "insert into counter values (1, 0), (2, 0)").await;

    let updating = Arc::new(AtomicBool::new(true));
    let reader = {
        let (engine, updating) = (engine.clone(), updating.clone());
        tokio::spawn(async move {
            let session = engine.session("ADMIN");
            let mut last = 0;
            while updating.load(Ordering::Acquire) {
                let row = first_row(
                    &run(&session, "select min(n), max(n) from upd.public.counter").await,
                );
                // One UPDATE changes both rows: no snapshot has one without the other.
                assert_eq!(row[0], row[1], "half an UPDATE is visible: {row:?}");
                assert!(
                    row[0] >= last,
                    "an increment was undone: {last} then {}",
                    row[0]
                );
                last = row[0];
                tokio::task::yield_now().await;
            }
        })
    };
    let mut updaters = Vec::new();
    for _ in 0..UPDATERS {
        let engine = engine.clone();
        updaters.push(tokio::spawn(async move {
            let session = engine.session("ADMIN");
            for _ in 0..ROUNDS {
                let result = run(&session, "update upd.public.counter set n = n + 1").await;
                assert_eq!(result.rows_affected, Some(2));
            }
        }));
    }
    for updater in updaters {
        updater.await.expect("updater");
    }
    updating.store(false, Ordering::Release);
    reader.await.expect("reader");
    let row = first_row(&run(&setup, "select min(n), max(n) from upd.public.counter").await);
    assert_eq!(row, [UPDATERS * ROUNDS, UPDATERS * ROUNDS], "lost updates");
}
