//! Databases: every verb of `root.databases()` and `DatabaseResource`.

use std::time::Duration;

use snowapi_core::{
    CoreError, CreateMode, PointOfTime, TagAssignment, TagReference,
    database::{Database, DatabaseClone, DatabaseKind},
};
use snowapi_emulator::server::{Emulator, FaultRule};

use crate::common::{column, create_modes, names, run, start, start_with, streamed};

#[tokio::test]
async fn create_fetch_alter_drop_undrop_round_trip() {
    let env = start().await;
    let databases = env.root.databases();
    let db = databases
        .create(
            &Database::new("core_db")
                .comment("made by snowapi-core")
                .kind(DatabaseKind::Transient)
                .data_retention_time_in_days(0),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    assert_eq!(db.name(), "core_db");
    assert_eq!(db.fully_qualified_name(), "core_db");

    let fetched = db.fetch().await.unwrap();
    assert_eq!(fetched.name, "CORE_DB");
    assert_eq!(fetched.comment.as_deref(), Some("made by snowapi-core"));
    assert_eq!(fetched.kind, Some(DatabaseKind::Transient));
    assert!(fetched.created_on.is_some());
    // The same catalog as SQL.
    let shown = column(&env.conn, "show databases like 'CORE_DB'", 1).await;
    assert_eq!(shown, ["CORE_DB"]);

    db.create_or_alter(&Database::new("core_db").comment("altered"))
        .await
        .unwrap();
    assert_eq!(
        db.fetch().await.unwrap().comment.as_deref(),
        Some("altered")
    );

    db.drop().await.unwrap();
    assert!(db.fetch().await.unwrap_err().is_not_found());
    db.undrop().await.unwrap();
    assert_eq!(db.fetch().await.unwrap().name, "CORE_DB");
}

#[tokio::test]
async fn create_modes_and_errors_keep_snowflake_details() {
    let env = start().await;
    let databases = env.root.databases();
    let conflict = create_modes!(databases, "modes_db", |comment| {
        Database::new("modes_db").comment(comment)
    });
    assert_eq!(conflict.status(), Some(409));
    assert!(conflict.request_id().is_some(), "{conflict:?}");

    let missing = databases.get("no_such_db").fetch().await.unwrap_err();
    assert!(matches!(missing, CoreError::NotFound(_)), "{missing:?}");
    assert_eq!(missing.code(), Some("002003"));
    assert!(missing.to_string().contains("NO_SUCH_DB"), "{missing}");

    databases.get("no_such_db").drop_if_exists().await.unwrap();
    assert!(
        databases
            .get("no_such_db")
            .drop()
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn iter_filters_and_pages() {
    let env = start().await;
    let databases = env.root.databases();
    for name in ["it_a", "it_b", "it_c", "it_d", "other_x"] {
        databases
            .create(&Database::new(name), CreateMode::ErrorIfExists)
            .await
            .unwrap();
    }

    assert_eq!(
        names(databases.iter().like("it_%")).await,
        ["IT_A", "IT_B", "IT_C", "IT_D"]
    );
    assert_eq!(
        names(databases.iter().starts_with("OTHER")).await,
        ["OTHER_X"]
    );
    assert_eq!(
        names(databases.iter().like("it_%").limit(2)).await,
        ["IT_A", "IT_B"]
    );
    assert_eq!(
        names(databases.iter().like("it_%").from_name("IT_C")).await,
        ["IT_D"]
    );

    let paged = streamed(databases.iter().like("it_%").page_size(3)).await;
    assert_eq!(paged, ["IT_A", "IT_B", "IT_C", "IT_D"]);
}

#[tokio::test]
async fn clone_copies_tables_and_refuses_unsupported_time_travel_clearly() {
    let env = start().await;
    let databases = env.root.databases();
    let source = databases
        .create(&Database::new("src_db"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    run(&env.conn, "create table src_db.public.t as select 1 as x").await;
    let copy = source
        .clone_to(&DatabaseClone::new("copy_db"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(copy.fetch().await.unwrap().name, "COPY_DB");
    let rows = column(&env.conn, "select x::varchar from copy_db.public.t", 0).await;
    assert_eq!(rows, ["1"]);

    // Whatever the server says about Time Travel, the error is typed and keeps its code.
    let at = DatabaseClone::new("copy_at").point_of_time(PointOfTime::offset(-60));
    match source.clone_to(&at, CreateMode::ErrorIfExists).await {
        Ok(handle) => assert_eq!(handle.fetch().await.unwrap().name, "COPY_AT"),
        Err(error) => assert!(
            error.status().is_some() && error.code().is_some(),
            "{error:?}"
        ),
    }
}

#[tokio::test]
async fn long_running_create_is_polled_to_completion() {
    let env = start_with(
        Emulator::builder().rest_long_running("POST /api/v2/databases", Duration::from_millis(300)),
    )
    .await;
    let databases = env.root.databases();
    let operation = databases
        .create_async(&Database::new("slow_db"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert!(!operation.is_done());
    let location = operation.location().unwrap().to_owned();
    assert!(location.starts_with("/api/v2/results/"), "{location}");
    operation.result().await.unwrap();
    assert_eq!(
        databases.get("slow_db").fetch().await.unwrap().name,
        "SLOW_DB"
    );

    // The blocking verb polls too.
    databases
        .create(&Database::new("slow_db_2"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let shown = column(&env.conn, "show databases like 'SLOW_DB_2'", 1).await;
    assert_eq!(shown, ["SLOW_DB_2"]);
}

#[tokio::test]
async fn idempotent_calls_retry_transient_failures() {
    let env = start().await;
    env.root
        .databases()
        .create(&Database::new("retry_db"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    env.emulator.inject(
        FaultRule::path("/api/v2/databases/RETRY_DB")
            .status(503)
            .times(2),
    );
    let fetched = env.root.databases().get("RETRY_DB").fetch().await.unwrap();
    assert_eq!(fetched.name, "RETRY_DB");
    assert_eq!(env.emulator.faults_injected(), 2);

    env.emulator.inject(
        FaultRule::path("/api/v2/databases/RETRY_DB")
            .status(503)
            .times(10),
    );
    let error = env
        .root
        .databases()
        .get("RETRY_DB")
        .fetch()
        .await
        .unwrap_err();
    assert!(matches!(error, CoreError::Server(_)), "{error:?}");
    assert_eq!(error.status(), Some(503));
}

#[tokio::test]
async fn tags_set_get_unset() {
    let env = start().await;
    let db = env
        .root
        .databases()
        .create(&Database::new("tagged_db"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    run(&env.conn, "create tag tagged_db.public.cost_center").await;
    let tag = TagReference::qualified("tagged_db", "public", "cost_center");
    db.set_tags(&[TagAssignment::new(tag.clone(), "finance")])
        .await
        .unwrap();
    let tags = db.get_tags(false).await.unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(tags[0].tag.tag_name, "COST_CENTER");
    assert_eq!(tags[0].tag_value, "finance");
    db.unset_tags(&[tag]).await.unwrap();
    assert!(db.get_tags(false).await.unwrap().is_empty());
    assert!(
        env.root
            .databases()
            .get("no_db")
            .get_tags(false)
            .await
            .unwrap_err()
            .is_not_found()
    );
}
