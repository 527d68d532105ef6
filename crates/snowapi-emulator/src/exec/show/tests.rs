//! The output columns of every SHOW and DESCRIBE form, name by name and in order, and their
//! Snowflake types (the slt files check the rows).

use crate::{
    engine::{Engine, EngineConfig, Session, StatementType},
    sql::binds::Binds,
    types::SfType,
};

async fn run(session: &Session, sql: &str) -> crate::engine::QueryResult {
    match session.execute(sql, &Binds::none()).await {
        Ok(result) => result,
        Err(error) => panic!("{sql}: {error}"),
    }
}

async fn names(session: &Session, sql: &str) -> Vec<String> {
    let result = run(session, sql).await;
    assert_eq!(result.statement_type, StatementType::Select, "{sql}");
    result.columns.iter().map(|c| c.name.clone()).collect()
}

async fn session() -> Session {
    let engine = Engine::open(EngineConfig::default()).expect("in-memory engine");
    let session = engine.session("ADMIN");
    for sql in [
        "create database d",
        "create table t (id int primary key, v varchar(10))",
    ] {
        run(&session, sql).await;
    }
    session
}

#[tokio::test]
async fn show_columns_are_snowflakes() {
    let session = session().await;
    assert_eq!(
        names(&session, "show databases").await,
        [
            "created_on",
            "name",
            "is_default",
            "is_current",
            "origin",
            "owner",
            "comment",
            "options",
            "retention_time",
            "kind",
            "budget",
            "owner_role_type"
        ]
    );
    let history = names(&session, "show databases history").await;
    assert_eq!(history[8..10], ["retention_time", "dropped_on"]);
    assert_eq!(
        names(&session, "show schemas").await,
        [
            "created_on",
            "name",
            "is_default",
            "is_current",
            "database_name",
            "owner",
            "comment",
            "options",
            "retention_time",
            "owner_role_type",
            "budget"
        ]
    );
    assert_eq!(
        names(&session, "show tables").await,
        [
            "created_on",
            "name",
            "database_name",
            "schema_name",
            "kind",
            "comment",
            "cluster_by",
            "rows",
            "bytes",
            "owner",
            "retention_time",
            "automatic_clustering",
            "change_tracking",
            "search_optimization",
            "search_optimization_progress",
            "search_optimization_bytes",
            "is_external",
            "enable_schema_evolution",
            "owner_role_type",
            "is_event",
            "budget",
            "is_hybrid",
            "is_iceberg",
            "is_dynamic",
            "is_immutable"
        ]
    );
    let history = names(&session, "show tables history").await;
    assert_eq!(history[10..12], ["retention_time", "dropped_on"]);
    assert_eq!(
        names(&session, "show views").await,
        [
            "created_on",
            "name",
            "reserved",
            "database_name",
            "schema_name",
            "owner",
            "comment",
            "text",
            "is_secure",
            "is_materialized",
            "owner_role_type",
            "change_tracking"
        ]
    );
    assert_eq!(
        names(&session, "show objects").await,
        [
            "created_on",
            "name",
            "database_name",
            "schema_name",
            "kind",
            "comment",
            "cluster_by",
            "rows",
            "bytes",
            "owner",
            "retention_time",
            "owner_role_type",
            "budget",
            "is_hybrid",
            "is_dynamic"
        ]
    );
    assert_eq!(
        names(&session, "show columns in table t").await,
        [
            "table_name",
            "schema_name",
            "column_name",
            "data_type",
            "null?",
            "default",
            "kind",
            "expression",
            "comment",
            "database_name",
            "autoincrement",
            "schema_evolution_record"
        ]
    );
    for terse in [
        "show terse databases",
        "show terse schemas",
        "show terse tables",
        "show terse views",
        "show terse objects",
    ] {
        assert_eq!(
            names(&session, terse).await,
            ["created_on", "name", "kind", "database_name", "schema_name"],
            "{terse}"
        );
    }
}

#[tokio::test]
async fn describe_columns_are_snowflakes() {
    let session = session().await;
    assert_eq!(
        names(&session, "describe table t").await,
        [
            "name",
            "type",
            "kind",
            "null?",
            "default",
            "primary key",
            "unique key",
            "check",
            "expression",
            "comment",
            "policy name",
            "privacy domain",
            "schema_evolution_record"
        ]
    );
    let view = names(&session, "describe view information_schema.tables").await;
    assert_eq!(view.len(), 12);
    assert_eq!(view.last().map(String::as_str), Some("privacy domain"));
    assert_eq!(
        names(&session, "describe database d").await,
        ["created_on", "name", "kind"]
    );
    assert_eq!(
        names(&session, "desc schema public").await,
        ["created_on", "name", "kind"]
    );
}

#[tokio::test]
async fn times_are_ltz_and_counts_are_numbers() {
    let session = session().await;
    let result = run(&session, "show tables").await;
    assert_eq!(result.columns[0].sf_type, SfType::TimestampLtz { scale: 3 });
    assert_eq!(result.columns[7].sf_type, SfType::INTEGER);
    assert_eq!(result.columns[1].sf_type, SfType::TEXT);
    assert_eq!(result.row_count(), 1);
}
