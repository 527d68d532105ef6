//! DDL, DML row counts, rows, the cursor, multi-statement requests, describe, errors.

use snowapi_emulator::server::Emulator;
use snowapi_query::{QueryError, Statement, StatementType};

use crate::common::{scalar, start};

#[tokio::test]
async fn ddl_and_dml_report_statement_types_and_row_counts() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    let created = conn
        .execute("create table t (id int, name text)")
        .await
        .unwrap();
    assert_eq!(created.statement_type(), StatementType::Ddl);
    assert_eq!(created.rows_affected(), None);
    assert!(!created.query_id().is_empty());

    let inserted = conn
        .execute("insert into t values (1, 'a'), (2, 'b'), (3, null)")
        .await
        .unwrap();
    assert_eq!(inserted.statement_type(), StatementType::Insert);
    assert_eq!(inserted.rows_affected(), Some(3));
    let updated = conn
        .execute("update t set name = 'z' where id >= 2")
        .await
        .unwrap();
    assert_eq!(updated.rows_affected(), Some(2));
    let deleted = conn.execute("delete from t where id = 1").await.unwrap();
    assert_eq!(deleted.rows_affected(), Some(1));

    let rows = conn
        .query("select id, name from t order by id")
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].get::<i64>("ID").unwrap(), 2);
    assert_eq!(rows[1].get::<String>("name").unwrap(), "z");
    assert!(rows[0].get::<i64>("missing").is_err());
    assert_eq!(scalar(&conn, "select count(*) from t").await, 2);
}

#[tokio::test]
async fn the_cursor_fetches_like_the_python_connector() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    let mut cursor = conn.cursor();
    assert!(cursor.fetch_one().await.unwrap().is_none());
    assert_eq!(cursor.rowcount(), None);
    cursor.execute("create table t (id int)").await.unwrap();
    cursor
        .execute("insert into t select seq8() from table(generator(rowcount => 10))")
        .await
        .unwrap();
    assert_eq!(cursor.rowcount(), Some(10));
    cursor
        .execute("select id from t order by id")
        .await
        .unwrap();
    assert_eq!(cursor.description().len(), 1);
    assert_eq!(cursor.description()[0].name, "ID");
    assert_eq!(cursor.rowcount(), Some(10));
    assert!(cursor.sfqid().is_some_and(|id| !id.is_empty()));
    let first = cursor.fetch_one().await.unwrap().unwrap();
    assert_eq!(first.get::<i64>(0).unwrap(), 0);
    let some = cursor.fetch_many(4).await.unwrap();
    let ids: Vec<i64> = some.iter().map(|r| r.get(0).unwrap()).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    let rest = cursor.fetch_all().await.unwrap();
    assert_eq!(rest.len(), 5);
    assert_eq!(rest[4].get::<i64>(0).unwrap(), 9);
    assert!(cursor.fetch_one().await.unwrap().is_none());
}

#[tokio::test]
async fn multi_statement_requests_give_one_result_per_statement() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    let results = conn
        .execute_multi(
            "create table m (x int); insert into m values (1), (2); select x from m order by x",
            3,
        )
        .await
        .unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[1].rows_affected(), Some(2));
    let rows = results[2].rows().await.unwrap();
    let xs: Vec<i64> = rows.iter().map(|r| r.get(0).unwrap()).collect();
    assert_eq!(xs, [1, 2]);
}

#[tokio::test]
async fn describe_gives_columns_without_running() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    conn.execute("create table t (id number(10,2), name varchar(20))")
        .await
        .unwrap();
    let columns = conn.describe("insert into t select 1, 'x'").await;
    // Describing an INSERT must not insert.
    assert!(columns.is_ok(), "{columns:?}");
    assert_eq!(scalar(&conn, "select count(*) from t").await, 0);
    let columns = conn.describe("select id, name from t").await.unwrap();
    assert_eq!(columns.len(), 2);
    assert_eq!(columns[0].precision, Some(10));
    assert_eq!(columns[0].scale, Some(2));
    assert_eq!(columns[1].length, Some(20));
}

#[tokio::test]
async fn errors_keep_code_sqlstate_and_query_id() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    let error = conn
        .execute("select * from no_such_table")
        .await
        .unwrap_err();
    assert!(matches!(error, QueryError::Snowflake { .. }), "{error:?}");
    assert_eq!(error.code(), Some("002003"), "{error}");
    assert_eq!(error.sql_state(), Some("42S02"), "{error}");
    assert!(
        error.query_id().is_some_and(|id| !id.is_empty()),
        "{error:?}"
    );

    let bad_binds = Statement::new("select ?, :x").bind(1).bind_named("x", 2);
    assert!(matches!(
        conn.execute(bad_binds).await,
        Err(QueryError::Bind { .. })
    ));
}
