//! Requests of the `view` API.

use serde_json::json;
use snowapi_rest::view::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_every_filter() {
    let server = TestServer::start().await;
    server.respond(200, json!([{
        "name": "V_ORDERS", "kind": "PERMANENT", "secure": true, "recursive": false,
        "query": "SELECT id, amount FROM orders", "database_name": "SALES",
        "schema_name": "PUBLIC", "owner": "ANALYST", "created_on": "2024-06-18T01:01:01.111-07:00",
        "columns": [{"name": "ID", "datatype": "NUMBER(38,0)"},
                    {"name": "AMOUNT", "datatype": "NUMBER(10,2)", "comment": "in EUR"}]
    }]));
    let client: Client = server.client().api();
    let limit = std::num::NonZeroU64::new(3).unwrap();
    let listed = client
        .list_views(
            &id("sales"),
            &id("public"),
            Some(true),
            Some("V_A"),
            Some("v_%"),
            Some(limit),
            Some("V_"),
        )
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    let view = &listed[0];
    assert_eq!(view.name.as_str(), "V_ORDERS");
    assert_eq!(view.kind, Some(types::ViewKind::Permanent));
    assert_eq!(view.secure, Some(true));
    assert_eq!(view.query, "SELECT id, amount FROM orders");
    assert_eq!(view.columns.len(), 2);
    assert_eq!(view.columns[1].datatype.as_deref(), Some("NUMBER(10,2)"));
    assert_eq!(view.columns[1].comment.as_deref(), Some("in EUR"));
    assert!(view.created_on.is_some());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/sales/schemas/public/views",
        Some("deep=true&fromName=V_A&like=v_%25&showLimit=3&startsWith=V_"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_columns_and_query_text() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::View = serde_json::from_value(json!({
        "name": "v_orders", "secure": true, "comment": "orders for analysts",
        "columns": [{"name": "id", "comment": "order id"}, {"name": "amount"}],
        "query": "SELECT id, amount\nFROM orders\nWHERE status = 'OPEN'"
    }))
    .unwrap();
    client
        .create_view(
            &id("sales"),
            &id("public"),
            Some(true),
            Some(types::CreateMode::OrReplace),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/public/views",
        Some("copyGrants=true&createMode=orReplace"),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "v_orders", "secure": true, "comment": "orders for analysts",
               "columns": [{"name": "id", "comment": "order id"}, {"name": "amount"}],
               "query": "SELECT id, amount\nFROM orders\nWHERE status = 'OPEN'"})
    );
}

#[tokio::test]
async fn create_a_temporary_recursive_view_if_not_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::View = serde_json::from_value(json!({
        "name": "\"Org Chart\"", "kind": "TEMPORARY", "recursive": true,
        "columns": [{"name": "employee"}, {"name": "manager"}],
        "query": "SELECT employee, manager FROM employees"
    }))
    .unwrap();
    assert_eq!(body.kind, Some(types::ViewKind::Temporary));
    client
        .create_view(
            &id("hr"),
            &id("public"),
            None,
            Some(types::CreateMode::IfNotExists),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/hr/schemas/public/views",
        Some("createMode=ifNotExists"),
    );
    assert_eq!(
        request.json(),
        json!({"name": "\"Org Chart\"", "kind": "TEMPORARY", "recursive": true,
               "columns": [{"name": "employee"}, {"name": "manager"}],
               "query": "SELECT employee, manager FROM employees"})
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_view(&id("sales"), &id("public"), &id("v_orders"), Some(true))
        .await
        .unwrap();
    let request = server.single();
    request.assert_line(
        "DELETE",
        "/api/v2/databases/sales/schemas/public/views/v_orders",
        Some("ifExists=true"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn unset_tags_names_tags_of_other_schemas() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let tags: Vec<types::TagReference> = serde_json::from_value(json!([
        {"tag_name": "PII", "tag_database": "GOV", "tag_schema": "TAGS"},
        {"tag_name": "OWNER_TEAM"}
    ]))
    .unwrap();
    client
        .unset_view_tags(
            &id("sales"),
            &id("public"),
            &id("v_orders"),
            Some(false),
            &tags,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/public/views/v_orders:unset-tags",
        Some("ifExists=false"),
    );
    assert_eq!(
        request.json(),
        json!([{"tag_name": "PII", "tag_database": "GOV", "tag_schema": "TAGS"},
               {"tag_name": "OWNER_TEAM"}])
    );
}
