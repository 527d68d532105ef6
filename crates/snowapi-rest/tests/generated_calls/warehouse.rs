//! Requests of the `warehouse` API.

use serde_json::json;
use snowapi_rest::warehouse::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_a_like_filter() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{
            "name": "ETL_WH", "state": "SUSPENDED", "type": "STANDARD", "size": "X-Small",
            "warehouse_type": "STANDARD", "warehouse_size": "XSMALL", "auto_suspend": 600,
            "auto_resume": "true", "enable_query_acceleration": "false", "running": 0, "queued": 0,
            "started_clusters": 0, "max_cluster_count": 1, "min_cluster_count": 1,
            "is_default": false, "resource_monitor": null, "owner": "SYSADMIN",
            "available": "", "created_on": "2024-06-18T01:01:01.111-07:00", "resumed_on": null
        }]),
    );
    let client: Client = server.client().api();
    let listed = client
        .list_warehouses(Some("etl%"))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    let warehouse = &listed[0];
    assert_eq!(warehouse.name.as_str(), "ETL_WH");
    assert_eq!(warehouse.state.as_deref(), Some("SUSPENDED"));
    assert_eq!(warehouse.type_.as_deref(), Some("STANDARD"));
    assert_eq!(warehouse.warehouse_size.as_deref(), Some("XSMALL"));
    assert_eq!(warehouse.auto_suspend, Some(600));
    assert_eq!(
        warehouse.auto_resume,
        Some(types::WarehouseAutoResume::True)
    );
    assert_eq!(
        warehouse.enable_query_acceleration,
        Some(types::WarehouseEnableQueryAcceleration::False)
    );
    assert!(warehouse.resource_monitor.is_none());
    assert!(warehouse.resumed_on.is_none());
    let request = server.single();
    request.assert_line("GET", "/api/v2/warehouses", Some("like=etl%25"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_create_mode_sends_yes_no_settings_as_strings() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Warehouse = serde_json::from_value(json!({
        "name": "etl_wh", "warehouse_size": "XSMALL", "auto_suspend": 60,
        "auto_resume": "true", "initially_suspended": "true", "max_cluster_count": 2,
        "min_cluster_count": 1, "scaling_policy": "ECONOMY", "comment": "for loads"
    }))
    .unwrap();
    assert_eq!(
        body.initially_suspended,
        Some(types::WarehouseInitiallySuspended::True)
    );
    let answer = client
        .create_warehouse(Some(types::CreateMode::IfNotExists), &body)
        .await;

    assert_eq!(
        answer.unwrap().into_inner().status.as_deref(),
        Some("Request successfully completed")
    );
    let request = server.single();
    request.assert_line("POST", "/api/v2/warehouses", Some("createMode=ifNotExists"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "etl_wh", "warehouse_size": "XSMALL", "auto_suspend": 60,
               "auto_resume": "true", "initially_suspended": "true", "max_cluster_count": 2,
               "min_cluster_count": 1, "scaling_policy": "ECONOMY", "comment": "for loads"})
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_warehouse(&id("etl_wh"), Some(true))
        .await
        .unwrap();
    let request = server.single();
    request.assert_line("DELETE", "/api/v2/warehouses/etl_wh", Some("ifExists=true"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn suspend_resume_and_abort() {
    let server = TestServer::start().await;
    for _ in 0..3 {
        server.respond(200, ok());
    }
    let client: Client = server.client().api();
    client
        .suspend_warehouse(&id("etl_wh"), Some(true))
        .await
        .unwrap();
    client
        .resume_warehouse(&id("\"Etl WH\""), None)
        .await
        .unwrap();
    client
        .abort_all_queries_on_warehouse(&id("etl_wh"), Some(false))
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    requests[0].assert_line(
        "POST",
        "/api/v2/warehouses/etl_wh:suspend",
        Some("ifExists=true"),
    );
    requests[1].assert_line("POST", "/api/v2/warehouses/%22Etl%20WH%22:resume", None);
    requests[2].assert_line(
        "POST",
        "/api/v2/warehouses/etl_wh:abort",
        Some("ifExists=false"),
    );
    assert!(requests.iter().all(|r| r.body.is_empty()));
}

#[tokio::test]
async fn rename_sends_the_new_name_in_the_body() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Warehouse = serde_json::from_value(json!({"name": "etl_wh_v2"})).unwrap();
    client
        .rename_warehouse(&id("etl_wh"), Some(true), &body)
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/warehouses/etl_wh:rename",
        Some("ifExists=true"),
    );
    assert_eq!(request.json(), json!({"name": "etl_wh_v2"}));
}

#[tokio::test]
async fn enable_disable_and_use() {
    let server = TestServer::start().await;
    for _ in 0..3 {
        server.respond(200, ok());
    }
    let client: Client = server.client().api();
    client
        .enable_warehouse(&id("adaptive_wh"), None)
        .await
        .unwrap();
    client
        .disable_warehouse(&id("adaptive_wh"), Some(true))
        .await
        .unwrap();
    client.use_warehouse(&id("adaptive_wh")).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    requests[0].assert_line("POST", "/api/v2/warehouses/adaptive_wh:enable", None);
    requests[1].assert_line(
        "POST",
        "/api/v2/warehouses/adaptive_wh:disable",
        Some("ifExists=true"),
    );
    requests[2].assert_line("POST", "/api/v2/warehouses/adaptive_wh:use", None);
}
