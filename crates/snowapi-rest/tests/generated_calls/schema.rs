//! Requests of the `schema` API.

use serde_json::json;
use snowapi_rest::schema::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_every_filter() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "PUBLIC", "kind": "TRANSIENT", "database_name": "SALES",
        "owner": "SYSADMIN", "managed_access": true, "retention_time": 1,
        "created_on": "2024-06-18T01:01:01.111-07:00", "dropped_on": null, "budget": null}]),
    );
    let client: Client = server.client().api();
    let limit = std::num::NonZeroU64::new(5).unwrap();
    let listed = client
        .list_schemas(
            &id("sales"),
            Some("PUB"),
            Some(true),
            Some("pub%"),
            Some(limit),
            Some("PU"),
        )
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name.as_str(), "PUBLIC");
    assert_eq!(listed[0].kind, Some(types::SchemaKind::Transient));
    assert_eq!(listed[0].database_name.as_deref(), Some("SALES"));
    assert_eq!(listed[0].managed_access, Some(true));
    assert_eq!(listed[0].retention_time, Some(1));
    assert!(listed[0].created_on.is_some());
    assert!(listed[0].dropped_on.is_none());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/sales/schemas",
        Some("fromName=PUB&history=true&like=pub%25&showLimit=5&startsWith=PU"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_create_mode_sends_only_the_set_fields() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Schema = serde_json::from_value(json!({
        "name": "staging", "kind": "TRANSIENT", "managed_access": true,
        "comment": "landing zone", "data_retention_time_in_days": 0
    }))
    .unwrap();
    let answer = client
        .create_schema(
            &id("sales"),
            Some(types::CreateMode::IfNotExists),
            None,
            &body,
        )
        .await;

    assert_eq!(
        answer.unwrap().into_inner().status.as_deref(),
        Some("Request successfully completed")
    );
    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas",
        Some("createMode=ifNotExists"),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "staging", "kind": "TRANSIENT", "managed_access": true,
               "comment": "landing zone", "data_retention_time_in_days": 0})
    );
}

#[tokio::test]
async fn create_or_alter_puts_the_definition_with_the_deprecated_kind_query() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Schema =
        serde_json::from_value(json!({"name": "staging", "comment": "altered"})).unwrap();
    client
        .create_or_alter_schema(&id("sales"), &id("staging"), Some("TRANSIENT"), &body)
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "PUT",
        "/api/v2/databases/sales/schemas/staging",
        Some("kind=TRANSIENT"),
    );
    assert_eq!(
        request.json(),
        json!({"name": "staging", "comment": "altered"})
    );
}

#[tokio::test]
async fn delete_with_if_exists_and_restrict() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_schema(&id("sales"), &id("staging"), Some(true), Some(true))
        .await
        .unwrap();
    let request = server.single();
    request.assert_line(
        "DELETE",
        "/api/v2/databases/sales/schemas/staging",
        Some("ifExists=true&restrict=true"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn clone_into_another_database_at_a_timestamp() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::SchemaClone = serde_json::from_value(json!({
        "name": "staging_copy", "kind": "TRANSIENT",
        "point_of_time": {"point_of_time_type": "timestamp",
                          "timestamp": "TO_TIMESTAMP(1749423600)", "reference": "at"}
    }))
    .unwrap();
    assert!(matches!(
        body.point_of_time,
        Some(types::PointOfTime::Timestamp(_))
    ));
    client
        .clone_schema(
            &id("sales"),
            &id("staging"),
            Some(types::CreateMode::OrReplace),
            None,
            Some(&id("archive")),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/staging:clone",
        Some("createMode=orReplace&targetDatabase=archive"),
    );
    assert_eq!(
        request.json(),
        json!({"name": "staging_copy", "kind": "TRANSIENT",
               "point_of_time": {"point_of_time_type": "timestamp",
                                 "timestamp": "TO_TIMESTAMP(1749423600)", "reference": "at"}})
    );
}

#[tokio::test]
async fn undrop_posts_to_the_action_path_without_a_body() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .undrop_schema(&id("sales"), &id("\"Old Stuff\""))
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/%22Old%20Stuff%22:undrop",
        None,
    );
    assert!(request.body.is_empty());
}
