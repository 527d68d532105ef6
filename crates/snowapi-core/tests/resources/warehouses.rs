//! Warehouses: the quickstart flow and every verb of `root.warehouses()` and
//! `WarehouseResource`.

use std::time::Duration;

use snowapi_core::{
    CoreError, CreateMode,
    warehouse::{ScalingPolicy, Warehouse, WarehouseSize, WarehouseType},
};
use snowapi_emulator::server::Emulator;

use crate::common::{column, names, start, start_with, streamed};

/// Sets a tag on `$handle` (an account-level object), reads it back and removes it.
macro_rules! tags_round_trip {
    ($env:expr, $handle:expr) => {{
        crate::common::run(&$env.conn, "create database if not exists gov").await;
        crate::common::run(
            &$env.conn,
            "create tag if not exists gov.public.cost_center",
        )
        .await;
        let tag = snowapi_core::TagReference::qualified("gov", "public", "cost_center");
        $handle
            .set_tags(&[snowapi_core::TagAssignment::new(tag.clone(), "finance")])
            .await
            .unwrap();
        let tags = $handle.get_tags(false).await.unwrap();
        assert!(
            tags.iter()
                .any(|t| t.tag.tag_name.eq_ignore_ascii_case("cost_center")
                    && t.tag_value == "finance"),
            "{tags:?}"
        );
        $handle.unset_tags(&[tag]).await.unwrap();
        assert!($handle.get_tags(false).await.unwrap().is_empty());
    }};
}
pub(crate) use tags_round_trip;

#[tokio::test]
async fn quickstart_create_fetch_iter_replace_suspend_resume_drop() {
    let env = start().await;
    let warehouses = env.root.warehouses();
    let definition = Warehouse::new("qs_wh")
        .warehouse_size(WarehouseSize::Small)
        .warehouse_type(WarehouseType::Standard)
        .auto_suspend(500)
        .auto_resume(false)
        .initially_suspended(true)
        .comment("quickstart");
    let wh = warehouses
        .create(&definition, CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(wh.name(), "qs_wh");
    assert_eq!(wh.fully_qualified_name(), "qs_wh");

    let fetched = wh.fetch().await.unwrap();
    assert_eq!(fetched.name, "QS_WH");
    assert_eq!(fetched.warehouse_size, Some(WarehouseSize::Small));
    assert_eq!(fetched.auto_suspend, Some(500));
    assert_eq!(fetched.auto_resume, Some(false));
    assert_eq!(fetched.comment.as_deref(), Some("quickstart"));
    assert_eq!(fetched.state.as_deref(), Some("SUSPENDED"));
    assert!(fetched.created_on.is_some());

    let listed = warehouses.iter().like("qs_%").send().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "QS_WH");

    // The quickstart's "replace": alter the settings through create_or_alter.
    wh.create_or_alter(
        &Warehouse::new("qs_wh")
            .warehouse_size(WarehouseSize::Medium)
            .auto_suspend(120)
            .max_cluster_count(3)
            .min_cluster_count(1)
            .scaling_policy(ScalingPolicy::Economy)
            .enable_query_acceleration(true)
            .query_acceleration_max_scale_factor(4)
            .max_concurrency_level(6)
            .statement_queued_timeout_in_seconds(30)
            .statement_timeout_in_seconds(3600)
            .comment("replaced"),
    )
    .await
    .unwrap();
    let altered = wh.fetch().await.unwrap();
    assert_eq!(altered.warehouse_size, Some(WarehouseSize::Medium));
    assert_eq!(altered.auto_suspend, Some(120));
    assert_eq!(altered.max_cluster_count, Some(3));
    assert_eq!(altered.scaling_policy, Some(ScalingPolicy::Economy));
    assert_eq!(altered.enable_query_acceleration, Some(true));
    assert_eq!(altered.query_acceleration_max_scale_factor, Some(4));
    assert_eq!(altered.max_concurrency_level, Some(6));
    assert_eq!(altered.statement_queued_timeout_in_seconds, Some(30));
    assert_eq!(altered.statement_timeout_in_seconds, Some(3600));
    assert_eq!(altered.comment.as_deref(), Some("replaced"));
    let shown = column(&env.conn, "show warehouses like 'QS_WH'", 3).await;
    assert_eq!(shown, ["Medium"], "SHOW WAREHOUSES size");

    wh.resume().await.unwrap();
    assert_eq!(wh.fetch().await.unwrap().state.as_deref(), Some("STARTED"));
    wh.suspend().await.unwrap();
    assert_eq!(
        wh.fetch().await.unwrap().state.as_deref(),
        Some("SUSPENDED")
    );
    wh.resume().await.unwrap();
    wh.abort_all_queries().await.unwrap();

    wh.drop().await.unwrap();
    let missing = wh.fetch().await.unwrap_err();
    assert!(matches!(missing, CoreError::NotFound(_)), "{missing:?}");
    wh.drop_if_exists().await.unwrap();
    assert!(wh.drop().await.unwrap_err().is_not_found());
    assert!(wh.suspend().await.unwrap_err().is_not_found());
    wh.suspend_async(true)
        .await
        .unwrap()
        .result()
        .await
        .unwrap();
}

#[tokio::test]
async fn create_modes_rename_and_use() {
    let env = start().await;
    let warehouses = env.root.warehouses();
    let first = Warehouse::new("mode_wh").comment("first");
    warehouses
        .create(&first, CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let conflict = warehouses
        .create(&first, CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");
    let wh = warehouses
        .create(
            &Warehouse::new("mode_wh").comment("kept?"),
            CreateMode::IfNotExists,
        )
        .await
        .unwrap();
    assert_eq!(wh.fetch().await.unwrap().comment.as_deref(), Some("first"));
    warehouses
        .create(
            &Warehouse::new("mode_wh").comment("replaced"),
            CreateMode::OrReplace,
        )
        .await
        .unwrap();
    assert_eq!(
        wh.fetch().await.unwrap().comment.as_deref(),
        Some("replaced")
    );

    let renamed = wh.rename("mode_wh_2").await.unwrap();
    assert_eq!(renamed.name(), "mode_wh_2");
    assert_eq!(
        renamed.fetch().await.unwrap().comment.as_deref(),
        Some("replaced")
    );
    assert!(wh.fetch().await.unwrap_err().is_not_found());
    wh.rename_async("nowhere", true)
        .await
        .unwrap()
        .result()
        .await
        .unwrap();

    renamed.use_warehouse().await.unwrap();
    // Emulator gap: the warehouse does not stay current for later requests (neither the SQL
    // connection's `current_warehouse()` nor `is_current` reflect it), so only success and
    // the 404 of a missing warehouse are checked.
    assert!(
        warehouses
            .get("no_wh")
            .use_warehouse()
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn iter_filters_locally_what_the_api_does_not() {
    let env = start().await;
    let warehouses = env.root.warehouses();
    for name in ["it_wh_a", "it_wh_b", "it_wh_c", "other_wh"] {
        warehouses
            .create(
                &Warehouse::new(name).initially_suspended(true),
                CreateMode::ErrorIfExists,
            )
            .await
            .unwrap();
    }
    assert_eq!(
        names(warehouses.iter().like("it_wh%")).await,
        ["IT_WH_A", "IT_WH_B", "IT_WH_C"]
    );
    assert_eq!(
        names(warehouses.iter().starts_with("OTHER")).await,
        ["OTHER_WH"]
    );
    assert_eq!(
        names(warehouses.iter().like("it_wh%").limit(2)).await,
        ["IT_WH_A", "IT_WH_B"]
    );
    assert_eq!(
        names(warehouses.iter().like("it_wh%").from_name("IT_WH_A")).await,
        ["IT_WH_B", "IT_WH_C"]
    );
    let paged = streamed(warehouses.iter().like("it_wh%").page_size(2)).await;
    assert_eq!(paged, ["IT_WH_A", "IT_WH_B", "IT_WH_C"]);
}

#[tokio::test]
async fn enable_and_disable() {
    let env = start().await;
    let wh = env
        .root
        .warehouses()
        .create(&Warehouse::new("switch_wh"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    wh.disable().await.unwrap();
    wh.enable().await.unwrap();
    wh.enable_async(true).await.unwrap().result().await.unwrap();
    assert!(
        env.root
            .warehouses()
            .get("no_wh")
            .disable()
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn tags_and_long_running_create() {
    let env = start_with(
        Emulator::builder()
            .rest_long_running("POST /api/v2/warehouses", Duration::from_millis(200)),
    )
    .await;
    let operation = env
        .root
        .warehouses()
        .create_async(&Warehouse::new("slow_wh"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert!(!operation.is_done());
    operation.result().await.unwrap();
    let wh = env.root.warehouses().get("slow_wh");
    assert_eq!(wh.fetch().await.unwrap().name, "SLOW_WH");
    tags_round_trip!(env, wh);
}
