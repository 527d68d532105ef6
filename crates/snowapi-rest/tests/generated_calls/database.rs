use serde_json::json;
use snowapi_rest::database::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_every_filter() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "SALES", "kind": "PERMANENT", "owner": "SYSADMIN",
        "created_on": "2024-06-18T01:01:01.111-07:00", "dropped_on": null}]),
    );
    let client: Client = server.client().api();
    let limit = std::num::NonZeroU64::new(10).unwrap();
    let listed = client
        .list_databases(
            Some("from"),
            Some(true),
            Some("sal%"),
            Some(limit),
            Some("SA"),
        )
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name.as_str(), "SALES");
    assert_eq!(listed[0].kind, Some(types::DatabaseKind::Permanent));
    assert_eq!(listed[0].owner.as_deref(), Some("SYSADMIN"));
    assert!(listed[0].created_on.is_some());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases",
        Some("fromName=from&history=true&like=sal%25&showLimit=10&startsWith=SA"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_create_mode_sends_only_the_set_fields() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Database = serde_json::from_value(json!({
        "name": "mydb", "kind": "TRANSIENT", "comment": "for tests",
        "data_retention_time_in_days": 1
    }))
    .unwrap();
    let answer = client
        .create_database(Some(types::CreateMode::OrReplace), None, &body)
        .await;

    assert_eq!(
        answer.unwrap().into_inner().status.as_deref(),
        Some("Request successfully completed")
    );
    let request = server.single();
    request.assert_line("POST", "/api/v2/databases", Some("createMode=orReplace"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "mydb", "kind": "TRANSIENT", "comment": "for tests",
               "data_retention_time_in_days": 1})
    );
}

#[tokio::test]
async fn delete_with_if_exists_and_restrict() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_database(&id("mydb"), Some(true), Some(false))
        .await
        .unwrap();
    server.single().assert_line(
        "DELETE",
        "/api/v2/databases/mydb",
        Some("ifExists=true&restrict=false"),
    );
}

#[tokio::test]
async fn quoted_names_are_percent_encoded_in_the_path() {
    let server = TestServer::start().await;
    server.respond(200, json!({"name": "\"my db\""}));
    let client: Client = server.client().api();
    let fetched = client
        .fetch_database(&id("\"my db\""))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fetched.name.as_str(), "\"my db\"");
    server
        .single()
        .assert_line("GET", "/api/v2/databases/%22my%20db%22", None);
}

#[tokio::test]
async fn clone_at_a_point_in_time_serialises_the_tagged_shape() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::DatabaseClone = serde_json::from_value(json!({
        "name": "copy",
        "point_of_time": {"point_of_time_type": "offset", "offset": "-120", "reference": "before"}
    }))
    .unwrap();
    assert!(matches!(
        body.point_of_time,
        Some(types::PointOfTime::Offset(_))
    ));
    client
        .clone_database(&id("orig"), Some(types::CreateMode::IfNotExists), &body)
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/orig:clone",
        Some("createMode=ifNotExists"),
    );
    assert_eq!(
        request.json(),
        json!({"name": "copy",
               "point_of_time": {"point_of_time_type": "offset", "offset": "-120", "reference": "before"}})
    );
}

#[tokio::test]
async fn tags_round_trip() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(
        200,
        json!([{"tag_name": "COST_CENTER", "tag_value": "42", "level": "DATABASE"}]),
    );
    let client: Client = server.client().api();
    let tags: Vec<types::TagAssignment> =
        serde_json::from_value(json!([{"tag_name": "COST_CENTER", "tag_value": "42"}])).unwrap();
    client
        .set_database_tags(&id("db"), None, &tags)
        .await
        .unwrap();
    let fetched = client
        .get_database_tags(&id("db"), Some(true))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(fetched[0].tag_value, "42");
    let requests = server.requests();
    requests[0].assert_line("POST", "/api/v2/databases/db:set-tags", None);
    assert_eq!(
        requests[0].json(),
        json!([{"tag_name": "COST_CENTER", "tag_value": "42"}])
    );
    requests[1].assert_line(
        "GET",
        "/api/v2/databases/db:get-tags",
        Some("withLineage=true"),
    );
}
