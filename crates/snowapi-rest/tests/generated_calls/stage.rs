//! Requests of the `stage` API.

use serde_json::json;
use snowapi_rest::stage::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_like() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "LANDING", "kind": "PERMANENT", "url": "", "endpoint": null,
                "storage_integration": null, "comment": "raw files",
                "created_on": "2024-06-18T01:01:01.111-07:00", "has_credentials": false,
                "has_encryption_key": false, "owner": "SYSADMIN", "owner_role_type": "ROLE",
                "region": null, "cloud": null}]),
    );
    let client: Client = server.client().api();
    let listed = client
        .list_stages(&id("db"), &id("sch"), Some("land%"))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    let stage = &listed[0];
    assert_eq!(stage.name.as_str(), "LANDING");
    assert_eq!(stage.kind, Some(types::StageKind::Permanent));
    assert_eq!(stage.url.as_deref(), Some(""));
    assert_eq!(stage.storage_integration, None);
    assert_eq!(stage.has_credentials, Some(false));
    assert_eq!(stage.owner_role_type.as_deref(), Some("ROLE"));
    assert!(stage.created_on.is_some());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/db/schemas/sch/stages",
        Some("like=land%25"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_create_mode_sends_only_the_set_fields() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Stage = serde_json::from_value(json!({
        "name": "landing", "kind": "TEMPORARY", "comment": "for tests",
        "encryption": {"type": "SNOWFLAKE_SSE"},
        "directory_table": {"enable": true, "refresh_on_create": false}
    }))
    .unwrap();
    let answer = client
        .create_stage(
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
        "/api/v2/databases/db/schemas/sch/stages",
        Some("createMode=orReplace"),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "landing", "kind": "TEMPORARY", "comment": "for tests",
               "encryption": {"type": "SNOWFLAKE_SSE"},
               "directory_table": {"enable": true, "refresh_on_create": false}})
    );
}

#[tokio::test]
async fn external_stage_credentials_serialise_with_their_type_tag() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Stage = serde_json::from_value(json!({
        "name": "ext", "url": "s3://bucket/path/",
        "credentials": {"credential_type": "AWS", "aws_role": "arn:aws:iam::123:role/r"},
        "encryption": {"type": "AWS_SSE_KMS", "kms_key_id": "key-1"}
    }))
    .unwrap();
    assert!(matches!(
        body.credentials,
        Some(types::StageCredentials::AwsCredentials(_))
    ));
    client
        .create_stage(
            &id("db"),
            &id("sch"),
            Some(types::CreateMode::IfNotExists),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/db/schemas/sch/stages",
        Some("createMode=ifNotExists"),
    );
    assert_eq!(
        request.json(),
        json!({"name": "ext", "url": "s3://bucket/path/",
               "credentials": {"credential_type": "AWS", "aws_role": "arn:aws:iam::123:role/r"},
               "encryption": {"type": "AWS_SSE_KMS", "kms_key_id": "key-1"}})
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_stage(&id("db"), &id("sch"), &id("landing"), Some(true))
        .await
        .unwrap();
    server.single().assert_line(
        "DELETE",
        "/api/v2/databases/db/schemas/sch/stages/landing",
        Some("ifExists=true"),
    );
}

#[tokio::test]
async fn list_files_with_a_pattern() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "landing/data/day1.csv", "size": "1024",
                "md5": "9e107d9d372bb6826bd81d3542a419d6",
                "last_modified": "Tue, 18 Jun 2024 01:01:01 GMT"},
               {"name": "landing/data/day2.csv", "size": "0", "md5": null,
                "last_modified": "Wed, 19 Jun 2024 01:01:01 GMT"}]),
    );
    let client: Client = server.client().api();
    let files = client
        .list_stage_files(&id("db"), &id("sch"), &id("landing"), Some(r".*\.csv"))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(files.len(), 2);
    assert_eq!(files[0].name.as_deref(), Some("landing/data/day1.csv"));
    assert_eq!(files[0].size.as_deref(), Some("1024"));
    assert_eq!(
        files[0].md5.as_deref(),
        Some("9e107d9d372bb6826bd81d3542a419d6")
    );
    assert_eq!(
        files[0].last_modified.as_deref(),
        Some("Tue, 18 Jun 2024 01:01:01 GMT")
    );
    assert_eq!(files[1].md5, None);
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/db/schemas/sch/stages/landing/files",
        Some("pattern=.*%5C.csv"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn presigned_url_posts_the_expiry_for_one_file() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!({"presigned_url": "https://bucket.s3.amazonaws.com/stage/data/day1.csv?X-Amz-Signature=abc"}),
    );
    let client: Client = server.client().api();
    let body: types::PresignedUrlRequest =
        serde_json::from_value(json!({"expiration_time": 3600})).unwrap();
    let material = client
        .get_stage_presigned_url(
            &id("db"),
            &id("sch"),
            &id("landing"),
            "data/day1.csv",
            &body,
        )
        .await
        .unwrap()
        .into_inner();

    assert_eq!(
        material.presigned_url.as_deref(),
        Some("https://bucket.s3.amazonaws.com/stage/data/day1.csv?X-Amz-Signature=abc")
    );
    let request = server.single();
    // The file path is one path segment: its slashes are percent-encoded.
    request.assert_line(
        "POST",
        "/api/v2/databases/db/schemas/sch/stages/landing/files/data%2Fday1.csv:presigned-url",
        None,
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), json!({"expiration_time": 3600}));
}
