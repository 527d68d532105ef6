//! Schemas: every verb of `database.schemas()` and `SchemaResource`.

use snowapi_core::{
    CoreError, CreateMode, PointOfTime, TagAssignment, TagReference,
    database::Database,
    schema::{Schema, SchemaClone, SchemaKind},
};

use crate::common::{
    assert_one_dropped, column, create_modes, names, run, streamed, with_database,
};

#[tokio::test]
async fn create_fetch_alter_drop_undrop_round_trip() {
    let (env, database) = with_database("sch_db").await;
    let schemas = database.schemas();
    let staging = schemas
        .create(
            &Schema::new("staging")
                .comment("raw loads")
                .kind(SchemaKind::Transient)
                .managed_access(true)
                .data_retention_time_in_days(0),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    assert_eq!(staging.name(), "staging");
    assert_eq!(staging.fully_qualified_name(), "sch_db.staging");
    assert_eq!(staging.database().name(), "sch_db");

    let fetched = staging.fetch().await.unwrap();
    assert_eq!(fetched.name, "STAGING");
    assert_eq!(fetched.comment.as_deref(), Some("raw loads"));
    assert_eq!(fetched.kind, Some(SchemaKind::Transient));
    assert_eq!(fetched.managed_access, Some(true));
    assert_eq!(fetched.data_retention_time_in_days, Some(0));
    assert_eq!(fetched.database_name.as_deref(), Some("SCH_DB"));
    assert!(fetched.created_on.is_some());
    let shown = column(
        &env.conn,
        "show schemas like 'STAGING' in database sch_db",
        1,
    )
    .await;
    assert_eq!(shown, ["STAGING"]);

    staging
        .create_or_alter(&Schema::new("staging").comment("altered"))
        .await
        .unwrap();
    assert_eq!(
        staging.fetch().await.unwrap().comment.as_deref(),
        Some("altered")
    );
    // create_or_alter creates a missing schema too.
    let fresh = schemas.get("fresh");
    fresh
        .create_or_alter(&Schema::new("fresh").comment("new"))
        .await
        .unwrap();
    assert_eq!(fresh.fetch().await.unwrap().comment.as_deref(), Some("new"));

    staging.drop().await.unwrap();
    let missing = staging.fetch().await.unwrap_err();
    assert!(matches!(missing, CoreError::NotFound(_)), "{missing:?}");
    staging.undrop().await.unwrap();
    assert_eq!(staging.fetch().await.unwrap().name, "STAGING");

    // The restrict flag reaches the server; a schema without foreign keys drops anyway.
    staging
        .drop_async(false, true)
        .await
        .unwrap()
        .result()
        .await
        .unwrap();
    assert!(staging.fetch().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn create_modes_and_errors() {
    let (env, database) = with_database("modes_sch_db").await;
    let schemas = database.schemas();
    create_modes!(schemas, "s", |comment| Schema::new("s").comment(comment));

    schemas.get("nope").drop_if_exists().await.unwrap();
    assert!(schemas.get("nope").drop().await.unwrap_err().is_not_found());
    let no_db = env.root.databases().get("no_such_db").schemas();
    assert!(
        no_db
            .get("public")
            .fetch()
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(no_db.iter().send().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn iter_filters_pages_and_history() {
    let (_env, database) = with_database("it_sch_db").await;
    let schemas = database.schemas();
    for name in ["s_a", "s_b", "s_c", "s_d", "other"] {
        schemas
            .create(&Schema::new(name), CreateMode::ErrorIfExists)
            .await
            .unwrap();
    }
    assert_eq!(
        names(schemas.iter().like("s\\_%")).await,
        ["S_A", "S_B", "S_C", "S_D"]
    );
    assert_eq!(names(schemas.iter().starts_with("OTH")).await, ["OTHER"]);
    assert_eq!(
        names(schemas.iter().like("s\\_%").limit(2)).await,
        ["S_A", "S_B"]
    );
    assert_eq!(
        names(schemas.iter().like("s\\_%").from_name("S_B")).await,
        ["S_C", "S_D"]
    );
    let paged = streamed(schemas.iter().like("s\\_%").page_size(3)).await;
    assert_eq!(paged, ["S_A", "S_B", "S_C", "S_D"]);
    // Every database has PUBLIC and INFORMATION_SCHEMA too.
    let all = names(schemas.iter()).await;
    assert!(all.contains(&"PUBLIC".to_owned()), "{all:?}");

    schemas.get("s_d").drop().await.unwrap();
    assert!(!names(schemas.iter()).await.contains(&"S_D".to_owned()));
    assert_one_dropped(schemas.iter().like("s_d"), |o| o.dropped_on.is_some()).await;
}

#[tokio::test]
async fn clones_within_and_across_databases() {
    let (env, database) = with_database("cl_src_db").await;
    env.root
        .databases()
        .create(&Database::new("cl_dst_db"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let source = database.schemas().get("public");
    run(
        &env.conn,
        "create table cl_src_db.public.t as select 7 as x",
    )
    .await;

    let copy = source
        .clone_to(
            &SchemaClone::from(Schema::new("public_copy").comment("a copy")),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    assert_eq!(copy.fully_qualified_name(), "cl_src_db.public_copy");
    assert_eq!(
        copy.fetch().await.unwrap().comment.as_deref(),
        Some("a copy")
    );
    let rows = column(
        &env.conn,
        "select x::varchar from cl_src_db.public_copy.t",
        0,
    )
    .await;
    assert_eq!(rows, ["7"]);

    let elsewhere = env
        .root
        .databases()
        .get("cl_dst_db")
        .schemas()
        .create_clone(
            &source,
            &SchemaClone::new("imported"),
            CreateMode::OrReplace,
        )
        .await
        .unwrap();
    assert_eq!(elsewhere.fully_qualified_name(), "cl_dst_db.imported");
    let rows = column(&env.conn, "select x::varchar from cl_dst_db.imported.t", 0).await;
    assert_eq!(rows, ["7"]);

    // Time Travel: either a clone, or a typed error that keeps Snowflake's code.
    let at = SchemaClone::new("public_then").point_of_time(PointOfTime::offset(-60));
    match source.clone_to(&at, CreateMode::ErrorIfExists).await {
        Ok(handle) => assert_eq!(handle.fetch().await.unwrap().name, "PUBLIC_THEN"),
        Err(error) => assert!(
            error.status().is_some() && error.code().is_some(),
            "{error:?}"
        ),
    }
    let missing = database.schemas().get("nope");
    let error = missing
        .clone_to(&SchemaClone::new("x"), CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn tags_set_get_unset() {
    let (env, database) = with_database("tag_sch_db").await;
    run(&env.conn, "create tag tag_sch_db.public.owner_team").await;
    let schema = database.schemas().get("public");
    let tag = TagReference::qualified("tag_sch_db", "public", "owner_team");
    schema
        .set_tags(&[TagAssignment::new(tag.clone(), "data")])
        .await
        .unwrap();
    let tags = schema.get_tags(false).await.unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(tags[0].tag.tag_name, "OWNER_TEAM");
    assert_eq!(tags[0].tag_value, "data");
    schema.unset_tags(&[tag]).await.unwrap();
    assert!(schema.get_tags(false).await.unwrap().is_empty());
}
