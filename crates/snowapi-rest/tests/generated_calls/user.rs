//! Requests of the `user` API: listing, create (with a password), fetch, drop, and roles held.

use serde_json::json;
use snowapi_rest::user::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_every_filter() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "JDOE", "login_name": "JDOE@EXAMPLE.COM", "disabled": false,
        "default_secondary_roles": "ALL", "type": "PERSON", "has_password": true,
        "mins_to_unlock": 0, "created_on": "2024-06-18T01:01:01.111-07:00",
        "last_successful_login": null, "expires_at": null, "locked_until": null}]),
    );
    let client: Client = server.client().api();
    let limit = std::num::NonZeroU64::new(50).unwrap();
    let listed = client
        .list_users(Some("J"), Some("j_oe"), Some(limit), Some("JD"))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name.as_str(), "JDOE");
    assert_eq!(listed[0].login_name.as_deref(), Some("JDOE@EXAMPLE.COM"));
    assert_eq!(listed[0].type_.as_deref(), Some("PERSON"));
    assert_eq!(listed[0].default_secondary_roles.as_deref(), Some("ALL"));
    assert_eq!(listed[0].disabled, Some(false));
    assert_eq!(listed[0].last_successful_login, None);
    assert!(listed[0].created_on.is_some());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/users",
        Some("fromName=J&like=j_oe&showLimit=50&startsWith=JD"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_a_password_sends_it() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::User = serde_json::from_value(json!({
        "name": "jdoe", "password": "s3cr3t-Passw0rd", "must_change_password": true,
        "default_role": "ANALYST", "default_secondary_roles": "NONE", "type": "PERSON",
        "days_to_expiry": 30
    }))
    .unwrap();
    let answer = client
        .create_user(Some(types::CreateMode::OrReplace), &body)
        .await;

    assert_eq!(
        answer.unwrap().into_inner().status.as_deref(),
        Some("Request successfully completed")
    );
    let request = server.single();
    request.assert_line("POST", "/api/v2/users", Some("createMode=orReplace"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "jdoe", "password": "s3cr3t-Passw0rd", "must_change_password": true,
               "default_role": "ANALYST", "default_secondary_roles": "NONE", "type": "PERSON",
               "days_to_expiry": 30})
    );
}

#[tokio::test]
async fn a_fetched_user_has_no_password() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!({"name": "JDOE", "display_name": "Jane Doe", "email": "jane@example.com",
        "has_password": true, "has_rsa_public_key": false, "owner": "USERADMIN",
        "password_last_set": "2024-05-01T00:00:00Z", "expires_at": null, "snowflake_lock": false,
        "ext_authn_duo": false, "custom_landing_page_url_flush_next_ui_load": false}),
    );
    let client: Client = server.client().api();
    let user = client.fetch_user(&id("jdoe")).await.unwrap().into_inner();

    assert_eq!(user.name.as_str(), "JDOE");
    assert_eq!(user.password, None);
    assert_eq!(user.has_password, Some(true));
    assert_eq!(user.email.as_deref(), Some("jane@example.com"));
    assert_eq!(user.expires_at, None);
    assert!(user.password_last_set.is_some());
    let request = server.single();
    request.assert_line("GET", "/api/v2/users/jdoe", None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_or_alter_is_a_put_of_the_whole_user() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::User = serde_json::from_value(json!({
        "name": "jdoe", "comment": "moved to finance", "disabled": false, "mins_to_bypass_mfa": 10
    }))
    .unwrap();
    client
        .create_or_alter_user(&id("jdoe"), &body)
        .await
        .unwrap();

    let request = server.single();
    request.assert_line("PUT", "/api/v2/users/jdoe", None);
    assert_eq!(
        request.json(),
        json!({"name": "jdoe", "comment": "moved to finance", "disabled": false, "mins_to_bypass_mfa": 10})
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client.delete_user(&id("jdoe"), Some(false)).await.unwrap();
    server
        .single()
        .assert_line("DELETE", "/api/v2/users/jdoe", Some("ifExists=false"));
}

#[tokio::test]
async fn grant_and_revoke_a_role() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    let grant: types::Grant = serde_json::from_value(json!({
        "securable_type": "ROLE", "securable": {"name": "ANALYST"}
    }))
    .unwrap();
    client
        .grant_role_to_user(&id("jdoe"), &grant)
        .await
        .unwrap();
    client
        .revoke_grants_from_user(&id("jdoe"), &grant)
        .await
        .unwrap();

    let requests = server.requests();
    requests[0].assert_line("POST", "/api/v2/users/jdoe/grants", None);
    assert_eq!(
        requests[0].json(),
        json!({"securable_type": "ROLE", "securable": {"name": "ANALYST"}})
    );
    requests[1].assert_line("POST", "/api/v2/users/jdoe/grants:revoke", None);
    assert_eq!(
        requests[1].json(),
        json!({"securable_type": "ROLE", "securable": {"name": "ANALYST"}})
    );
}

#[tokio::test]
async fn list_user_grants() {
    let server = TestServer::start().await;
    server.respond(200, json!([
        {"securable_type": "ROLE", "securable": {"name": "ANALYST"}, "granted_by": "USERADMIN",
         "created_on": "2024-02-29T12:00:00.000-08:00"},
        {"securable_type": "DATABASE_ROLE", "securable": {"database": "SALES", "name": "READER"}}
    ]));
    let client: Client = server.client().api();
    let grants = client
        .list_user_grants(&id("jdoe"), std::num::NonZeroU64::new(2))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(grants.len(), 2);
    assert_eq!(grants[0].securable_type, "ROLE");
    assert_eq!(
        grants[0].securable.as_ref().unwrap().name.as_str(),
        "ANALYST"
    );
    assert_eq!(grants[0].granted_by.as_deref(), Some("USERADMIN"));
    assert_eq!(
        grants[0].created_on.map(|t| t.to_utc()),
        Some(
            "2024-02-29T20:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
        )
    );
    assert!(grants[0].privileges.is_empty());
    let database_role = grants[1].securable.as_ref().unwrap();
    assert_eq!(
        database_role.database.as_deref().map(String::as_str),
        Some("SALES")
    );
    server
        .single()
        .assert_line("GET", "/api/v2/users/jdoe/grants", Some("showLimit=2"));
}
