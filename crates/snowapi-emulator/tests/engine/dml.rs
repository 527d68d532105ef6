//! UPDATE, DELETE and MERGE as clients see them (result column names and counts), and many
//! sessions changing one table at once without losing a change.

use arrow::array::{Array, Int64Array};
use snowapi_emulator::{
    engine::{Engine, EngineConfig, QueryResult, Session, StatementType},
    sql::binds::Binds,
};

async fn run(session: &Session, sql: &str) -> QueryResult {
    session
        .execute(sql, &Binds::none())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn column_names(result: &QueryResult) -> Vec<&str> {
    result.columns.iter().map(|c| c.name.as_str()).collect()
}

/// The integers of the first row.
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
            column.value(0)
        })
        .collect()
}

#[tokio::test]
async fn dml_results_have_snowflakes_columns() {
    let engine = Engine::open(EngineConfig::default()).expect("engine");
    let session = engine.session("ADMIN");
    run(&session, "create database results").await;
    run(&session, "create table t (k int, v int)").await;
    run(&session, "create table s (k int, v int)").await;
    run(&session, "insert into t values (1, 1), (2, 2), (3, 3)").await;
    run(&session, "insert into s values (1, 10), (1, 11), (4, 40)").await;

    let update = run(&session, "update t set v = s.v from s where t.k = s.k").await;
    assert_eq!(update.statement_type, StatementType::Update);
    assert_eq!(
        column_names(&update),
        [
            "number of rows updated",
            "number of multi-joined rows updated"
        ]
    );
    assert_eq!(first_row(&update), [1, 1]);

    let delete = run(&session, "delete from t where k = 3").await;
    assert_eq!(delete.statement_type, StatementType::Delete);
    assert_eq!(column_names(&delete), ["number of rows deleted"]);
    assert_eq!(first_row(&delete), [1]);

    let merge = run(
        &session,
        "merge into t using (select 4 as k, 40 as v union all select 2, 20) s on t.k = s.k \
         when matched then delete when not matched then insert values (s.k, s.v)",
    )
    .await;
    assert_eq!(merge.statement_type, StatementType::Merge);
    assert_eq!(
        column_names(&merge),
        ["number of rows inserted", "number of rows deleted"]
    );
    assert_eq!(first_row(&merge), [1, 1]);
    assert_eq!(merge.rows_affected, Some(2));

    let merge = run(
        &session,
        "merge into t using s on t.k = s.k and s.v = 40 \
         when matched and s.v > 100 then delete \
         when matched then update set v = 0 \
         when not matched then insert (k) values (s.k)",
    )
    .await;
    assert_eq!(
        column_names(&merge),
        [
            "number of rows inserted",
            "number of rows updated",
            "number of rows deleted"
        ]
    );
    assert_eq!(first_row(&merge), [2, 1, 0]);
}

const SESSIONS: i64 = 4;
const ROUNDS: i64 = 12;

/// Sessions increment shared counters (UPDATE and MERGE read-modify-write) and insert and delete
/// rows of their own at the same time; every change must survive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_changes_to_one_table_serialise() {
    let engine = Engine::open(EngineConfig::default()).expect("engine");
    let setup = engine.session("ADMIN");
    run(&setup, "create database dmlc").await;
    run(&setup, "create table counters (id int, n int)").await;
    run(&setup, "insert into counters values (1, 0), (2, 0)").await;
    run(&setup, "create table rows_of (owner int, seq int)").await;

    let mut tasks = Vec::new();
    for owner in 0..SESSIONS {
        let engine = engine.clone();
        tasks.push(tokio::spawn(async move {
            let session = engine.session("ADMIN");
            run(&session, "use schema dmlc.public").await;
            for seq in 0..ROUNDS {
                run(&session, "update counters set n = n + 1 where id = 1").await;
                run(
                    &session,
                    "merge into counters c using (select 2 as id) s on c.id = s.id \
                     when matched then update set n = c.n + 1",
                )
                .await;
                run(
                    &session,
                    &format!("insert into rows_of values ({owner}, {seq}), ({owner}, -1)"),
                )
                .await;
                let deleted = run(
                    &session,
                    &format!("delete from rows_of where owner = {owner} and seq = -1"),
                )
                .await;
                assert_eq!(first_row(&deleted), [1], "each delete finds its own row");
            }
        }));
    }
    for task in tasks {
        task.await.expect("a session panicked");
    }
    let counters = run(
        &setup,
        "select sum(case when id = 1 then n end), sum(case when id = 2 then n end) from counters",
    )
    .await;
    assert_eq!(first_row(&counters), [SESSIONS * ROUNDS, SESSIONS * ROUNDS]);
    let rows = run(
        &setup,
        "select count(*), count(distinct owner * 1000 + seq), min(seq) from rows_of",
    )
    .await;
    assert_eq!(first_row(&rows), [SESSIONS * ROUNDS, SESSIONS * ROUNDS, 0]);
}
