//! Requests of the `image_repository` API.

use serde_json::json;
use snowapi_rest::image_repository::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_like() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "REPO_1", "database_name": "DB", "schema_name": "SCH",
                "created_on": "2024-06-18T01:01:01.111-07:00",
                "repository_url": "org-acct.registry.snowflakecomputing.com/db/sch/repo_1",
                "owner": "SYSADMIN", "owner_role_type": "ROLE"}]),
    );
    let client: Client = server.client().api();
    let listed = client
        .list_image_repositories(&id("db"), &id("sch"), Some("repo_%"))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name.as_str(), "REPO_1");
    assert_eq!(
        listed[0].repository_url.as_deref(),
        Some("org-acct.registry.snowflakecomputing.com/db/sch/repo_1")
    );
    assert_eq!(listed[0].schema_name.as_deref(), Some("SCH"));
    assert_eq!(listed[0].owner_role_type.as_deref(), Some("ROLE"));
    assert!(listed[0].created_on.is_some());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/db/schemas/sch/image-repositories",
        Some("like=repo_%25"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_create_mode_sends_only_the_name() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::ImageRepository = serde_json::from_value(json!({"name": "repo_1"})).unwrap();
    let answer = client
        .create_image_repository(
            &id("db"),
            &id("sch"),
            Some(types::CreateMode::OrReplace),
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
        "/api/v2/databases/db/schemas/sch/image-repositories",
        Some("createMode=orReplace"),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), json!({"name": "repo_1"}));
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_image_repository(&id("db"), &id("sch"), &id("repo_1"), Some(true))
        .await
        .unwrap();
    server.single().assert_line(
        "DELETE",
        "/api/v2/databases/db/schemas/sch/image-repositories/repo_1",
        Some("ifExists=true"),
    );
}

#[tokio::test]
async fn images_of_a_repository_are_listed_and_decoded() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"created_on": "2024-06-18 01:01:01.111 -0700", "image_name": "echo",
                "tags": "[\"1.0\", \"latest\"]", "digest": "sha256:0123abcd",
                "image_path": "db/sch/repo_1/echo:1.0"}]),
    );
    let client: Client = server.client().api();
    let images = client
        .list_images_in_repository(&id("db"), &id("sch"), &id("repo_1"))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(images.len(), 1);
    let image = &images[0];
    assert_eq!(image.image_name.as_deref(), Some("echo"));
    assert_eq!(image.tags.as_deref(), Some("[\"1.0\", \"latest\"]"));
    assert_eq!(image.digest.as_deref(), Some("sha256:0123abcd"));
    assert_eq!(image.image_path.as_deref(), Some("db/sch/repo_1/echo:1.0"));
    // Kept as Snowflake's text, which is not RFC 3339.
    assert_eq!(
        image.created_on.as_deref(),
        Some("2024-06-18 01:01:01.111 -0700")
    );
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/db/schemas/sch/image-repositories/repo_1/images",
        None,
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn fetch_percent_encodes_quoted_names() {
    let server = TestServer::start().await;
    server.respond(200, json!({"name": "\"My Repo\"", "database_name": "DB"}));
    let client: Client = server.client().api();
    let fetched = client
        .fetch_image_repository(&id("DB"), &id("SCH"), &id("\"My Repo\""))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(fetched.name.as_str(), "\"My Repo\"");
    assert_eq!(fetched.database_name.as_deref(), Some("DB"));
    server.single().assert_line(
        "GET",
        "/api/v2/databases/DB/schemas/SCH/image-repositories/%22My%20Repo%22",
        None,
    );
}
