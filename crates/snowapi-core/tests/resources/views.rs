//! Views: every verb of `schema.views()` and `ViewResource`.

use snowapi_core::{
    CoreError, CreateMode, TagAssignment, TagReference,
    schema::SchemaResource,
    view::{View, ViewColumn, ViewKind},
};

use crate::common::{
    Env, assert_client_error, column, names, names_of, run, streamed, with_public_schema,
};

async fn with_table(db: &str) -> (Env, SchemaResource) {
    let (env, public) = with_public_schema(db).await;
    run(&env.conn, &format!(
            "create table {db}.public.orders (id int, amount number(10,2)) as select 1, 50 union all select 2, 500"
        )).await;
    (env, public)
}

#[tokio::test]
async fn create_fetch_drop_round_trip() {
    let (env, public) = with_table("v_db").await;
    let views = public.views();
    let big = views
        .create(
            &View::new(
                "big_orders",
                "select id, amount from v_db.public.orders where amount > 100",
            )
            .column(ViewColumn::new("order_id").comment("the order"))
            .column(ViewColumn::new("amount"))
            .secure(true)
            .comment("large orders"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    assert_eq!(big.fully_qualified_name(), "v_db.public.big_orders");
    assert_eq!(big.schema().name(), "public");
    assert_eq!(big.database().name(), "v_db");

    let fetched = big.fetch().await.unwrap();
    assert_eq!(fetched.name, "BIG_ORDERS");
    assert_eq!(fetched.secure, Some(true));
    assert_eq!(fetched.kind, Some(ViewKind::Permanent));
    assert_eq!(fetched.comment.as_deref(), Some("large orders"));
    assert!(fetched.query.contains("amount > 100"), "{}", fetched.query);
    let names: Vec<&str> = fetched.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["ORDER_ID", "AMOUNT"]);
    let comments: Vec<Option<&str>> = fetched
        .columns
        .iter()
        .map(|c| c.comment.as_deref())
        .collect();
    assert_eq!(comments, [Some("the order"), None]);
    let described = env
        .conn
        .query("describe view v_db.public.big_orders")
        .await
        .unwrap();
    let described: Vec<Option<String>> = described
        .iter()
        .map(|row| row.get::<Option<String>>(9).unwrap())
        .collect();
    assert_eq!(described, [Some("the order".to_owned()), None]);
    assert!(
        fetched.columns[1]
            .datatype
            .as_deref()
            .is_some_and(|t| t.starts_with("NUMBER"))
    );
    assert_eq!(fetched.database_name.as_deref(), Some("V_DB"));
    assert!(fetched.created_on.is_some());
    let rows = column(
        &env.conn,
        "select order_id::varchar from v_db.public.big_orders",
        0,
    )
    .await;
    assert_eq!(rows, ["2"]);

    let conflict = views
        .create(
            &View::new("big_orders", "select 1 as x"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");
    views
        .copy_grants(true)
        .create(
            &View::new("big_orders", "select 1 as x"),
            CreateMode::OrReplace,
        )
        .await
        .unwrap();
    let replaced = big.fetch().await.unwrap();
    assert_eq!(replaced.columns.len(), 1);
    assert_eq!(replaced.secure, Some(false));
    views
        .create(
            &View::new("big_orders", "select 2 as y"),
            CreateMode::IfNotExists,
        )
        .await
        .unwrap();
    assert_eq!(big.fetch().await.unwrap().columns[0].name, "X");

    big.drop().await.unwrap();
    assert!(big.fetch().await.unwrap_err().is_not_found());
    assert!(big.drop().await.unwrap_err().is_not_found());
    big.drop_if_exists().await.unwrap();
    let bad = views
        .create(
            &View::new("bad", "select * from v_db.public.nope"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap_err();
    assert_client_error(&bad);
}

#[tokio::test]
async fn iter_filters_deep_and_pages() {
    let (_env, public) = with_table("vit_db").await;
    let views = public.views();
    for name in ["v_a", "v_b", "v_c", "other"] {
        views
            .create(
                &View::new(name, "select id from vit_db.public.orders"),
                CreateMode::ErrorIfExists,
            )
            .await
            .unwrap();
    }
    let shallow = views.iter().like("v\\_%").send().await.unwrap();
    assert!(shallow.iter().all(|v| v.columns.is_empty()), "{shallow:?}");
    assert_eq!(names_of(&shallow), ["V_A", "V_B", "V_C"]);
    let deep = views.iter().like("v\\_%").deep(true).send().await.unwrap();
    assert!(
        deep.iter()
            .all(|v| v.columns.len() == 1 && v.columns[0].name == "ID"),
        "{deep:?}"
    );
    assert_eq!(names(views.iter().starts_with("OTH")).await, ["OTHER"]);
    assert_eq!(
        names(views.iter().like("v\\_%").limit(1).from_name("V_A")).await,
        ["V_B"]
    );
    let paged = streamed(views.iter().like("v\\_%").page_size(2)).await;
    assert_eq!(paged, ["V_A", "V_B", "V_C"]);
}

#[tokio::test]
async fn tags_set_get_unset() {
    let (env, public) = with_table("vtag_db").await;
    run(&env.conn, "create tag vtag_db.public.domain").await;
    let view = public
        .views()
        .create(
            &View::new("v", "select id from vtag_db.public.orders"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    let tag = TagReference::qualified("vtag_db", "public", "domain");
    view.set_tags(&[TagAssignment::new(tag.clone(), "sales")])
        .await
        .unwrap();
    let tags = view.get_tags(false).await.unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(tags[0].tag_value, "sales");
    view.unset_tags(&[tag]).await.unwrap();
    assert!(view.get_tags(false).await.unwrap().is_empty());
}
