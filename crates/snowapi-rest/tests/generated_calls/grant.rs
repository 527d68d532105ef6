//! Requests of the (deprecated) `grant` API, addressed by grantee in the path.

use serde_json::json;
use snowapi_rest::grant::{Client, types};

use crate::support::{TestServer, ok};

#[tokio::test]
async fn list_grants_to_a_role() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([
            {"privileges": ["CREATE DATABASE"], "grant_option": false, "grantee_type": "ROLE",
             "grantee_name": "SYSADMIN", "securable_type": "ACCOUNT", "securable_name": "MYACCOUNT",
             "granted_by_role_type": "ROLE", "granted_by_name": "ACCOUNTADMIN",
             "created_on": "2024-06-18T01:01:01.111-07:00"},
            {"privileges": ["USAGE"], "grantee_type": "ROLE", "grantee_name": "SYSADMIN",
             "securable_type": "WAREHOUSE", "securable_name": "COMPUTE_WH"}
        ]),
    );
    let client: Client = server.client().api();
    let grants = client
        .list_grants_to(
            types::ListGrantsToGranteeType::Role,
            "SYSADMIN",
            std::num::NonZeroU64::new(20),
        )
        .await
        .unwrap()
        .into_inner();

    assert_eq!(grants.len(), 2);
    assert_eq!(grants[0].privileges, ["CREATE DATABASE"]);
    assert_eq!(grants[0].securable_type.as_deref(), Some("ACCOUNT"));
    assert_eq!(grants[0].granted_by_name.as_deref(), Some("ACCOUNTADMIN"));
    assert_eq!(grants[0].grant_option, Some(false));
    assert!(grants[0].created_on.is_some());
    assert_eq!(grants[1].securable_name.as_deref(), Some("COMPUTE_WH"));
    let request = server.single();
    request.assert_line("GET", "/api/v2/grants/role/SYSADMIN", Some("showLimit=20"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn list_grants_to_names_each_kind_of_grantee_in_the_path() {
    let server = TestServer::start().await;
    let kinds = [
        (types::ListGrantsToGranteeType::User, "user"),
        (types::ListGrantsToGranteeType::Role, "role"),
        (
            types::ListGrantsToGranteeType::ApplicationRole,
            "application-role",
        ),
        (
            types::ListGrantsToGranteeType::DatabaseRole,
            "database-role",
        ),
        (types::ListGrantsToGranteeType::Share, "share"),
    ];
    for _ in kinds {
        server.respond(200, json!([]));
    }
    let client: Client = server.client().api();
    for (kind, _) in kinds {
        let listed = client
            .list_grants_to(kind, "SALES.READER", None)
            .await
            .unwrap()
            .into_inner();
        assert!(listed.is_empty());
    }

    let requests = server.requests();
    assert_eq!(requests.len(), kinds.len());
    for (request, (_, segment)) in requests.iter().zip(kinds) {
        request.assert_line(
            "GET",
            &format!("/api/v2/grants/{segment}/SALES.READER"),
            None,
        );
    }
}

#[tokio::test]
async fn a_quoted_grantee_name_is_percent_encoded() {
    let server = TestServer::start().await;
    server.respond(200, json!([]));
    let client: Client = server.client().api();
    client
        .list_grants_to(types::ListGrantsToGranteeType::User, "\"jane doe\"", None)
        .await
        .unwrap();
    server
        .single()
        .assert_line("GET", "/api/v2/grants/user/%22jane%20doe%22", None);
}

#[tokio::test]
async fn grant_a_privilege_on_one_object() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Grant =
        serde_json::from_value(json!({"privileges": ["USAGE", "MONITOR"], "grant_option": true}))
            .unwrap();
    client
        .grant_privilege(
            types::GrantPrivilegeGranteeType::Role,
            "ANALYST",
            "DATABASE",
            "SALES",
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/grants/role/ANALYST/DATABASE/SALES/privileges",
        None,
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"privileges": ["USAGE", "MONITOR"], "grant_option": true})
    );
}

#[tokio::test]
async fn revoke_a_privilege_and_its_grant_option_with_a_delete_mode() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .revoke_privilege(
            types::RevokePrivilegeGranteeType::User,
            "JDOE",
            "TABLE",
            "SALES.PUBLIC.ORDERS",
            "SELECT",
            Some("cascade"),
        )
        .await
        .unwrap();
    client
        .revoke_privilege_grant_option(
            types::RevokePrivilegeGrantOptionGranteeType::Role,
            "ANALYST",
            "SCHEMA",
            "SALES.PUBLIC",
            "CREATE TABLE",
            Some("restrict"),
        )
        .await
        .unwrap();

    let requests = server.requests();
    requests[0].assert_line(
        "DELETE",
        "/api/v2/grants/user/JDOE/TABLE/SALES.PUBLIC.ORDERS/privileges/SELECT",
        Some("deleteMode=cascade"),
    );
    assert!(requests[0].body.is_empty());
    requests[1].assert_line(
        "DELETE",
        "/api/v2/grants/role/ANALYST/SCHEMA/SALES.PUBLIC/privileges/CREATE%20TABLE/grant-option",
        Some("deleteMode=restrict"),
    );
}

#[tokio::test]
async fn grant_and_revoke_on_all_or_future_objects_of_a_kind() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Grant = serde_json::from_value(json!({"privileges": ["SELECT"]})).unwrap();
    client
        .grant_group_privilege(
            types::GrantGroupPrivilegeGranteeType::DatabaseRole,
            "SALES.READER",
            types::GrantGroupPrivilegeBulkGrantType::Future,
            "tables",
            types::GrantGroupPrivilegeScopeType::Schema,
            "SALES.PUBLIC",
            &body,
        )
        .await
        .unwrap();
    client
        .revoke_group_privilege(
            types::RevokeGroupPrivilegeGranteeType::Role,
            "ANALYST",
            types::RevokeGroupPrivilegeBulkGrantType::All,
            "views",
            types::RevokeGroupPrivilegeScopeType::Database,
            "SALES",
            "SELECT",
            None,
        )
        .await
        .unwrap();
    client
        .revoke_group_privilege_grant_option(
            types::RevokeGroupPrivilegeGrantOptionGranteeType::Share,
            "PARTNERS",
            types::RevokeGroupPrivilegeGrantOptionBulkGrantType::Future,
            "schemas",
            types::RevokeGroupPrivilegeGrantOptionScopeType::Database,
            "SALES",
            "USAGE",
            Some("cascade"),
        )
        .await
        .unwrap();

    let requests = server.requests();
    requests[0].assert_line(
        "POST",
        "/api/v2/grants/database-role/SALES.READER/future/tables/schema/SALES.PUBLIC/privileges",
        None,
    );
    assert_eq!(requests[0].json(), json!({"privileges": ["SELECT"]}));
    requests[1].assert_line(
        "DELETE",
        "/api/v2/grants/role/ANALYST/all/views/database/SALES/privileges/SELECT",
        None,
    );
    requests[2].assert_line(
        "DELETE",
        "/api/v2/grants/share/PARTNERS/future/schemas/database/SALES/privileges/USAGE/grant-option",
        Some("deleteMode=cascade"),
    );
}
