//! What ALTER, CREATE SCHEMA options, CREATE TABLE LIKE and CREATE VIEW record in the catalog
//! (comments, retention, clustering, constraints, view definitions), and that rows rewritten by
//! ALTER TABLE and DML survive a restart.

use std::sync::Arc;

use arrow::util::pretty::pretty_format_batches;
use snowapi_emulator::{
    catalog::{Catalog, Constraint, Name, ObjectPath, Table, View},
    engine::{Engine, EngineConfig, QueryResult, Session},
    sql::binds::Binds,
};

async fn run(session: &Session, sql: &str) -> QueryResult {
    session
        .execute(sql, &Binds::none())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn path(database: &str, schema: &str, name: &str) -> ObjectPath {
    ObjectPath {
        database: Name::canonical(database),
        schema: Name::canonical(schema),
        name: Name::canonical(name),
    }
}

fn table(catalog: &Catalog, database: &str, schema: &str, name: &str) -> Arc<Table> {
    catalog
        .table(&path(database, schema, name))
        .expect("table exists")
        .clone()
}

fn view(catalog: &Catalog, database: &str, schema: &str, name: &str) -> Arc<View> {
    catalog
        .view(&path(database, schema, name))
        .expect("view exists")
        .clone()
}

fn names(names: &[Name]) -> Vec<&str> {
    names.iter().map(Name::as_str).collect()
}

#[tokio::test]
async fn alter_table_records_properties_keys_and_clustering() {
    let engine = Engine::open(EngineConfig::default()).expect("engine");
    let session = engine.session("ADMIN");
    run(&session, "create database meta").await;
    run(&session, "create table t (id int, label varchar)").await;
    run(
        &session,
        "alter table t set comment = 'orders', data_retention_time_in_days = 7",
    )
    .await;
    run(&session, "alter table t cluster by (id, lower(label))").await;
    run(&session, "alter table t add constraint pk primary key (id)").await;
    run(&session, "alter table t add unique (label)").await;
    run(&session, "alter table t alter column label comment 'shown'").await;
    let t = table(&engine.snapshot(), "META", "PUBLIC", "T");
    assert_eq!(t.info.comment.as_deref(), Some("orders"));
    assert_eq!(t.retention_time, 7);
    assert_eq!(t.cluster_by, ["id", "lower(label)"]);
    assert!(!t.columns[0].nullable, "a primary key column is NOT NULL");
    assert_eq!(t.columns[1].comment.as_deref(), Some("shown"));
    assert!(matches!(
        &t.constraints[..],
        [Constraint::PrimaryKey { name: Some(pk), columns }, Constraint::Unique { name: None, .. }]
            if pk.as_str() == "PK" && names(columns) == ["ID"]
    ));

    // Renaming a column follows into keys and clustering; LIKE copies both.
    run(&session, "alter table t rename column id to ident").await;
    run(&session, "create table t2 like t").await;
    let catalog = engine.snapshot();
    for copy in [
        table(&catalog, "META", "PUBLIC", "T"),
        table(&catalog, "META", "PUBLIC", "T2"),
    ] {
        assert_eq!(copy.cluster_by, ["IDENT", "lower(label)"]);
        assert!(matches!(
            &copy.constraints[0],
            Constraint::PrimaryKey { columns, .. } if names(columns) == ["IDENT"]
        ));
    }

    run(
        &session,
        "alter table t unset comment, data_retention_time_in_days",
    )
    .await;
    run(&session, "alter table t drop clustering key").await;
    run(&session, "alter table t drop primary key").await;
    run(&session, "alter table t drop column label").await;
    let t = table(&engine.snapshot(), "META", "PUBLIC", "T");
    assert_eq!(t.info.comment, None);
    assert_eq!(t.retention_time, 1, "back to the schema's retention");
    assert!(t.cluster_by.is_empty());
    assert!(
        t.constraints.is_empty(),
        "the unique key went with its column"
    );
}

#[tokio::test]
async fn schema_database_and_view_properties() {
    let engine = Engine::open(EngineConfig::default()).expect("engine");
    let session = engine.session("ADMIN");
    run(&session, "create database meta2").await;
    run(
        &session,
        "create transient schema s with managed access data_retention_time_in_days = 3 comment = 'opts'",
    )
    .await;
    let catalog = engine.snapshot();
    let s = catalog
        .schema(&Name::canonical("META2"), &Name::canonical("S"))
        .expect("schema");
    assert!(s.transient && s.managed_access);
    assert_eq!(s.retention_time, 3);
    assert_eq!(s.info.comment.as_deref(), Some("opts"));

    run(&session, "alter schema s disable managed access").await;
    run(&session, "alter schema s set comment = 'changed'").await;
    run(
        &session,
        "alter database meta2 set comment = 'db', data_retention_time_in_days = 4",
    )
    .await;
    let catalog = engine.snapshot();
    let database = catalog.database(&Name::canonical("META2")).expect("db");
    assert_eq!(database.info.comment.as_deref(), Some("db"));
    assert_eq!(database.retention_time, 4);
    let s = &database.schemas[&Name::canonical("S")];
    assert!(!s.managed_access);
    assert_eq!(s.info.comment.as_deref(), Some("changed"));

    run(&session, "create table base (a int)").await;
    run(
        &session,
        "create secure view v (x) comment = 'first' as select a from base",
    )
    .await;
    let v = view(&engine.snapshot(), "META2", "S", "V");
    assert!(v.secure);
    assert_eq!(v.info.comment.as_deref(), Some("first"));
    assert_eq!(names(&v.column_names), ["X"]);
    assert_eq!(v.query, "SELECT a FROM \"META2\".\"S\".\"BASE\"");
    run(&session, "alter view v unset secure").await;
    run(&session, "alter view v set comment = 'second'").await;
    let v = view(&engine.snapshot(), "META2", "S", "V");
    assert!(!v.secure);
    assert_eq!(v.info.comment.as_deref(), Some("second"));
}

#[tokio::test]
async fn rewritten_rows_survive_a_restart() {
    let (_dir, config) = crate::data_dir::on_disk();
    {
        let engine = Engine::open(config.clone()).expect("engine");
        let session = engine.session("ADMIN");
        run(&session, "create database keep").await;
        run(&session, "create table t (id int, name varchar)").await;
        run(
            &session,
            "insert into t values (1, 'a'), (2, 'b'), (3, 'c')",
        )
        .await;
        run(
            &session,
            "alter table t add column score number(5,1) default 1",
        )
        .await;
        run(&session, "alter table t rename column name to label").await;
        run(&session, "update t set score = score + id where id >= 2").await;
        run(&session, "delete from t where id = 1").await;
        run(
            &session,
            "merge into t using (select 4 as id) s on t.id = s.id \
             when not matched then insert (id, label) values (s.id, 'd')",
        )
        .await;
        run(&session, "create view v as select label, score from t").await;
    }
    let engine = Engine::open(config).expect("engine reopens");
    let session = engine.session("ADMIN");
    let result = run(&session, "select * from keep.public.v order by label").await;
    let shown = pretty_format_batches(&result.batches)
        .expect("printable")
        .to_string();
    let expected = [
        "+-------+-------+",
        "| LABEL | SCORE |",
        "+-------+-------+",
        "| b     | 3.0   |",
        "| c     | 4.0   |",
        "| d     | 1.0   |",
        "+-------+-------+",
    ]
    .join("\n");
    assert_eq!(shown, expected);
}
