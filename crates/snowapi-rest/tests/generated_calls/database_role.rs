//! Requests of the `database_role` API: roles inside a database, their clones and grants.

use serde_json::json;
use snowapi_rest::database_role::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_every_filter() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "READER", "comment": "read only", "owner": "SYSADMIN",
        "owner_role_type": "ROLE", "granted_to_roles": 2, "granted_to_database_roles": 1,
        "granted_database_roles": 0, "created_on": "2024-06-18T01:01:01.111-07:00"}]),
    );
    let client: Client = server.client().api();
    let listed = client
        .list_database_roles(&id("SALES"), Some("R"), std::num::NonZeroU64::new(10))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name.as_str(), "READER");
    assert_eq!(listed[0].owner_role_type.as_deref(), Some("ROLE"));
    assert_eq!(listed[0].granted_to_roles, Some(2));
    assert_eq!(listed[0].granted_to_database_roles, Some(1));
    assert!(listed[0].created_on.is_some());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/SALES/database-roles",
        Some("fromName=R&showLimit=10"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_create_mode_sends_only_the_set_fields() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::DatabaseRole =
        serde_json::from_value(json!({"name": "reader", "comment": "read only"})).unwrap();
    let answer = client
        .create_database_role(&id("sales"), Some(types::CreateMode::OrReplace), &body)
        .await;

    assert_eq!(
        answer.unwrap().into_inner().status.as_deref(),
        Some("Request successfully completed")
    );
    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/database-roles",
        Some("createMode=orReplace"),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "reader", "comment": "read only"})
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_database_role(&id("sales"), &id("reader"), Some(true))
        .await
        .unwrap();
    server.single().assert_line(
        "DELETE",
        "/api/v2/databases/sales/database-roles/reader",
        Some("ifExists=true"),
    );
}

#[tokio::test]
async fn clone_into_another_database() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::DatabaseRoleClone =
        serde_json::from_value(json!({"name": "reader_copy"})).unwrap();
    client
        .clone_database_role(
            &id("sales"),
            &id("reader"),
            Some(types::CreateMode::IfNotExists),
            Some(&id("archive")),
            &body,
        )
        .await
        .unwrap();
    // A quoted target database is sent as form-encoded text.
    client
        .clone_database_role(
            &id("sales"),
            &id("reader"),
            None,
            Some(&id("\"Old Sales\"")),
            &body,
        )
        .await
        .unwrap();

    let requests = server.requests();
    requests[0].assert_line(
        "POST",
        "/api/v2/databases/sales/database-roles/reader:clone",
        Some("createMode=ifNotExists&targetDatabase=archive"),
    );
    assert_eq!(requests[0].json(), json!({"name": "reader_copy"}));
    requests[1].assert_line(
        "POST",
        "/api/v2/databases/sales/database-roles/reader:clone",
        Some("targetDatabase=%22Old+Sales%22"),
    );
}

#[tokio::test]
async fn grant_list_and_revoke_privileges() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(
        200,
        json!([{"securable_type": "SCHEMA",
        "securable": {"database": "SALES", "name": "PUBLIC"}, "privileges": ["USAGE"],
        "grant_option": false, "granted_by": "SYSADMIN", "created_on": "2024-01-02T03:04:05Z"}]),
    );
    server.respond(200, ok());
    let client: Client = server.client().api();
    let grant: types::Grant = serde_json::from_value(json!({
        "securable_type": "SCHEMA",
        "securable": {"database": "SALES", "name": "PUBLIC"},
        "privileges": ["USAGE"]
    }))
    .unwrap();
    client
        .grant_privileges_to_database_role(&id("sales"), &id("reader"), &grant)
        .await
        .unwrap();
    let listed = client
        .list_database_role_grants(&id("sales"), &id("reader"), std::num::NonZeroU64::new(3))
        .await
        .unwrap()
        .into_inner();
    client
        .revoke_grants_from_database_role(
            &id("sales"),
            &id("reader"),
            Some(types::RevokeGrantsFromDatabaseRoleMode::Restrict),
            &grant,
        )
        .await
        .unwrap();

    assert_eq!(listed[0].securable_type, "SCHEMA");
    let securable = listed[0].securable.as_ref().unwrap();
    assert_eq!(securable.name.as_str(), "PUBLIC");
    assert_eq!(
        securable.database.as_deref().map(String::as_str),
        Some("SALES")
    );
    assert_eq!(listed[0].privileges, ["USAGE"]);
    assert_eq!(listed[0].granted_by.as_deref(), Some("SYSADMIN"));

    let requests = server.requests();
    let expected = json!({"securable_type": "SCHEMA",
        "securable": {"database": "SALES", "name": "PUBLIC"}, "privileges": ["USAGE"]});
    requests[0].assert_line(
        "POST",
        "/api/v2/databases/sales/database-roles/reader/grants",
        None,
    );
    assert_eq!(requests[0].json(), expected);
    requests[1].assert_line(
        "GET",
        "/api/v2/databases/sales/database-roles/reader/grants",
        Some("showLimit=3"),
    );
    requests[2].assert_line(
        "POST",
        "/api/v2/databases/sales/database-roles/reader/grants:revoke",
        Some("mode=restrict"),
    );
    assert_eq!(requests[2].json(), expected);
}

#[tokio::test]
async fn future_grants_in_a_schema() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(
        200,
        json!([{"securable_type": "TABLE",
        "containing_scope": {"database": "SALES", "schema": "PUBLIC"}, "privileges": ["SELECT"]}]),
    );
    server.respond(200, ok());
    let client: Client = server.client().api();
    let grant: types::Grant = serde_json::from_value(json!({
        "securable_type": "TABLE",
        "containing_scope": {"database": "SALES", "schema": "PUBLIC"},
        "privileges": ["SELECT"],
        "grant_option": false
    }))
    .unwrap();
    client
        .grant_future_privileges_to_database_role(&id("sales"), &id("reader"), &grant)
        .await
        .unwrap();
    let listed = client
        .list_database_role_future_grants(&id("sales"), &id("reader"), None)
        .await
        .unwrap()
        .into_inner();
    client
        .revoke_future_grants_from_database_role(
            &id("sales"),
            &id("reader"),
            Some(types::RevokeFutureGrantsFromDatabaseRoleMode::Cascade),
            &grant,
        )
        .await
        .unwrap();

    let scope = listed[0]
        .containing_scope
        .as_ref()
        .expect("containing scope");
    assert_eq!(scope.database.as_str(), "SALES");
    assert_eq!(scope.schema.as_deref().map(String::as_str), Some("PUBLIC"));
    assert!(listed[0].securable.is_none());

    let requests = server.requests();
    let expected = json!({"securable_type": "TABLE",
        "containing_scope": {"database": "SALES", "schema": "PUBLIC"},
        "privileges": ["SELECT"], "grant_option": false});
    requests[0].assert_line(
        "POST",
        "/api/v2/databases/sales/database-roles/reader/future-grants",
        None,
    );
    assert_eq!(requests[0].json(), expected);
    requests[1].assert_line(
        "GET",
        "/api/v2/databases/sales/database-roles/reader/future-grants",
        None,
    );
    requests[2].assert_line(
        "POST",
        "/api/v2/databases/sales/database-roles/reader/future-grants:revoke",
        Some("mode=cascade"),
    );
    assert_eq!(requests[2].json(), expected);
}
