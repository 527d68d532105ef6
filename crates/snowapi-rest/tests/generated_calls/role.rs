//! Requests of the `role` API: listing, create and drop, grants to a role, who holds it.

use serde_json::json;
use snowapi_rest::role::{Client, types};

use crate::support::{TestServer, id, ok};

fn utc(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().expect("timestamp")
}

#[tokio::test]
async fn list_with_every_filter() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "ANALYST", "comment": "reads sales", "owner": "USERADMIN",
        "created_on": "2024-06-18T01:01:01.111-07:00", "is_default": false, "is_current": true,
        "is_inherited": false, "assigned_to_users": 3, "granted_to_roles": 1, "granted_roles": 0}]),
    );
    let client: Client = server.client().api();
    let limit = std::num::NonZeroU64::new(25).unwrap();
    let listed = client
        .list_roles(Some("AN"), Some("an%"), Some(limit), Some("A"))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name.as_str(), "ANALYST");
    assert_eq!(listed[0].owner.as_deref(), Some("USERADMIN"));
    assert_eq!(listed[0].assigned_to_users, Some(3));
    assert_eq!(listed[0].is_current, Some(true));
    let created_on = listed[0].created_on.expect("created_on");
    assert_eq!(created_on.to_utc(), utc("2024-06-18T08:01:01.111Z"));
    assert_eq!(
        created_on.with_offset().offset().local_minus_utc(),
        -7 * 3600
    );
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/roles",
        Some("fromName=AN&like=an%25&showLimit=25&startsWith=A"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_create_mode_sends_only_the_set_fields() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Role =
        serde_json::from_value(json!({"name": "analyst", "comment": "reads sales"})).unwrap();
    let answer = client
        .create_role(Some(types::CreateMode::IfNotExists), &body)
        .await;

    assert_eq!(
        answer.unwrap().into_inner().status.as_deref(),
        Some("Request successfully completed")
    );
    let request = server.single();
    request.assert_line("POST", "/api/v2/roles", Some("createMode=ifNotExists"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "analyst", "comment": "reads sales"})
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_role(&id("analyst"), Some(true))
        .await
        .unwrap();
    let request = server.single();
    request.assert_line("DELETE", "/api/v2/roles/analyst", Some("ifExists=true"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn grant_privileges_on_an_object_and_a_role_to_a_role() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    let on_schema: types::Grant = serde_json::from_value(json!({
        "securable_type": "SCHEMA",
        "securable": {"database": "SALES", "name": "PUBLIC"},
        "privileges": ["USAGE", "CREATE TABLE"],
        "grant_option": false
    }))
    .unwrap();
    let role: types::Grant = serde_json::from_value(json!({
        "securable_type": "ROLE", "securable": {"name": "READER"}
    }))
    .unwrap();
    client
        .grant_privileges_to_role(&id("analyst"), &on_schema)
        .await
        .unwrap();
    client
        .grant_privileges_to_role(&id("analyst"), &role)
        .await
        .unwrap();

    let requests = server.requests();
    requests[0].assert_line("POST", "/api/v2/roles/analyst/grants", None);
    assert_eq!(
        requests[0].json(),
        json!({"securable_type": "SCHEMA", "securable": {"database": "SALES", "name": "PUBLIC"},
               "privileges": ["USAGE", "CREATE TABLE"], "grant_option": false})
    );
    requests[1].assert_line("POST", "/api/v2/roles/analyst/grants", None);
    assert_eq!(
        requests[1].json(),
        json!({"securable_type": "ROLE", "securable": {"name": "READER"}}),
        "unset fields (privileges, grant_option) are left out"
    );
}

#[tokio::test]
async fn revoke_with_cascade() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let grant: types::Grant = serde_json::from_value(json!({
        "securable_type": "DATABASE", "securable": {"name": "SALES"}, "privileges": ["MONITOR"]
    }))
    .unwrap();
    client
        .revoke_grants_from_role(
            &id("analyst"),
            Some(types::RevokeGrantsFromRoleMode::Cascade),
            &grant,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/roles/analyst/grants:revoke",
        Some("mode=cascade"),
    );
    assert_eq!(
        request.json(),
        json!({"securable_type": "DATABASE", "securable": {"name": "SALES"}, "privileges": ["MONITOR"]})
    );
}

#[tokio::test]
async fn future_grants_use_a_containing_scope() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    let grant: types::Grant = serde_json::from_value(json!({
        "securable_type": "TABLE",
        "containing_scope": {"database": "SALES", "schema": "PUBLIC"},
        "privileges": ["SELECT"]
    }))
    .unwrap();
    client
        .grant_future_privileges_to_role(&id("analyst"), &grant)
        .await
        .unwrap();
    client
        .revoke_future_grants_from_role(
            &id("analyst"),
            Some(types::RevokeFutureGrantsFromRoleMode::Restrict),
            &grant,
        )
        .await
        .unwrap();

    let requests = server.requests();
    let expected = json!({"securable_type": "TABLE",
        "containing_scope": {"database": "SALES", "schema": "PUBLIC"}, "privileges": ["SELECT"]});
    requests[0].assert_line("POST", "/api/v2/roles/analyst/future-grants", None);
    assert_eq!(requests[0].json(), expected);
    requests[1].assert_line(
        "POST",
        "/api/v2/roles/analyst/future-grants:revoke",
        Some("mode=restrict"),
    );
    assert_eq!(requests[1].json(), expected);
}

#[tokio::test]
async fn list_grants_decodes_securables() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"securable_type": "TABLE",
        "securable": {"database": "SALES", "schema": "PUBLIC", "name": "ORDERS"},
        "privileges": ["SELECT"], "grant_option": true, "granted_by": "SYSADMIN",
        "created_on": "2024-01-02T03:04:05Z"}]),
    );
    let client: Client = server.client().api();
    let grants = client
        .list_role_grants(&id("analyst"), std::num::NonZeroU64::new(100))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(grants[0].securable_type, "TABLE");
    let securable = grants[0].securable.as_ref().expect("securable");
    assert_eq!(securable.name.as_str(), "ORDERS");
    assert_eq!(
        securable.schema.as_deref().map(String::as_str),
        Some("PUBLIC")
    );
    assert_eq!(grants[0].privileges, ["SELECT"]);
    assert_eq!(grants[0].grant_option, Some(true));
    assert_eq!(grants[0].granted_by.as_deref(), Some("SYSADMIN"));
    server
        .single()
        .assert_line("GET", "/api/v2/roles/analyst/grants", Some("showLimit=100"));
}

#[tokio::test]
async fn list_grants_of_tells_users_from_roles() {
    let server = TestServer::start().await;
    server.respond(200, json!([
        {"role": "ANALYST", "granted_to": "USER", "grantee_name": "JDOE", "granted_by": "USERADMIN",
         "created_on": "2024-03-01T10:00:00.000+00:00"},
        {"role": "ANALYST", "granted_to": "ROLE", "grantee_name": "SYSADMIN", "granted_by": "SECURITYADMIN"}
    ]));
    let client: Client = server.client().api();
    let holders = client
        .list_role_grants_of(&id("\"Analyst\""), std::num::NonZeroU64::new(5))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(holders.len(), 2);
    assert_eq!(holders[0].granted_to.as_deref(), Some("USER"));
    assert_eq!(holders[0].grantee_name.as_deref(), Some("JDOE"));
    assert_eq!(
        holders[0].created_on.map(|t| t.to_utc()),
        Some(utc("2024-03-01T10:00:00Z"))
    );
    assert_eq!(holders[1].granted_to.as_deref(), Some("ROLE"));
    assert_eq!(holders[1].created_on, None);
    server.single().assert_line(
        "GET",
        "/api/v2/roles/%22Analyst%22/grants-of",
        Some("showLimit=5"),
    );
}

#[tokio::test]
async fn list_grants_on_reads_grant_option_as_text() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"privilege": "OWNERSHIP", "granted_on": "ROLE", "name": "ANALYST",
        "granted_to": "ROLE", "grantee_name": "USERADMIN", "grant_option": "true",
        "granted_by": "USERADMIN", "granted_by_role_type": "ROLE"}]),
    );
    let client: Client = server.client().api();
    let on = client
        .list_role_grants_on(&id("analyst"), None)
        .await
        .unwrap()
        .into_inner();

    assert_eq!(on[0].privilege.as_deref(), Some("OWNERSHIP"));
    assert_eq!(on[0].grant_option.as_deref(), Some("true"));
    assert_eq!(on[0].granted_by_role_type.as_deref(), Some("ROLE"));
    server
        .single()
        .assert_line("GET", "/api/v2/roles/analyst/grants-on", None);
}
