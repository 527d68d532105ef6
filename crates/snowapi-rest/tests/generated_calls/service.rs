//! Requests of the `service` API.

use serde_json::json;
use snowapi_rest::service::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_every_filter() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "ECHO", "compute_pool": "POOL_1", "status": "RUNNING",
                "database_name": "DB", "schema_name": "SCH", "owner": "SYSADMIN",
                "current_instances": 1, "target_instances": 1, "min_instances": 1,
                "max_instances": 2, "dns_name": "echo.sch.db.snowflakecomputing.internal",
                "is_job": false, "managing_object_domain": null,
                "created_on": "2024-06-18T01:01:01.111-07:00"}]),
    );
    let client: Client = server.client().api();
    let limit = std::num::NonZeroU64::new(20).unwrap();
    let listed = client
        .list_services(
            &id("db"),
            &id("sch"),
            Some("EC"),
            Some("ech%"),
            Some(limit),
            Some("E"),
        )
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    let service = &listed[0];
    assert_eq!(service.name.as_str(), "ECHO");
    assert_eq!(service.compute_pool, "POOL_1");
    assert_eq!(service.status.as_deref(), Some("RUNNING"));
    assert_eq!(service.max_instances, Some(2));
    assert_eq!(
        service.dns_name.as_deref(),
        Some("echo.sch.db.snowflakecomputing.internal")
    );
    assert_eq!(service.is_job, Some(false));
    assert_eq!(service.managing_object_domain, None);
    assert!(service.spec.is_none());
    assert!(service.created_on.is_some());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/db/schemas/sch/services",
        Some("fromName=EC&like=ech%25&showLimit=20&startsWith=E"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_an_inline_spec_sends_the_tagged_spec() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let spec_text = "spec:\n  containers:\n  - name: main\n    image: /db/sch/repo/echo:1.0\n";
    let body: types::Service = serde_json::from_value(json!({
        "name": "echo", "compute_pool": "pool_1",
        "spec": {"spec_type": "from_inline", "spec_text": spec_text},
        "external_access_integrations": ["EAI_1"], "query_warehouse": "WH",
        "min_instances": 1, "max_instances": 2, "auto_resume": true
    }))
    .unwrap();
    assert!(matches!(body.spec, Some(types::ServiceSpec::InlineText(_))));
    client
        .create_service(
            &id("db"),
            &id("sch"),
            Some(types::CreateServiceCreateMode::IfNotExists),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/db/schemas/sch/services",
        Some("createMode=ifNotExists"),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "echo", "compute_pool": "pool_1",
               "spec": {"spec_type": "from_inline", "spec_text": spec_text},
               "external_access_integrations": ["EAI_1"], "query_warehouse": "WH",
               "min_instances": 1, "max_instances": 2, "auto_resume": true})
    );
}

#[tokio::test]
async fn create_with_a_stage_file_spec_sends_the_tagged_spec() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Service = serde_json::from_value(json!({
        "name": "echo", "compute_pool": "pool_1",
        "spec": {"spec_type": "from_file", "stage": "@specs", "spec_file": "echo/spec.yaml"}
    }))
    .unwrap();
    match &body.spec {
        Some(types::ServiceSpec::StageFile(file)) => {
            assert_eq!(file.stage, "@specs");
            assert_eq!(file.spec_file, "echo/spec.yaml");
        }
        other => panic!("expected a stage file spec, got {other:?}"),
    }
    client
        .create_service(
            &id("db"),
            &id("sch"),
            Some(types::CreateServiceCreateMode::ErrorIfExists),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/db/schemas/sch/services",
        Some("createMode=errorIfExists"),
    );
    assert_eq!(
        request.json(),
        json!({"name": "echo", "compute_pool": "pool_1",
               "spec": {"spec_type": "from_file", "stage": "@specs",
                        "spec_file": "echo/spec.yaml"}})
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_service(&id("db"), &id("sch"), &id("echo"), Some(true))
        .await
        .unwrap();
    server.single().assert_line(
        "DELETE",
        "/api/v2/databases/db/schemas/sch/services/echo",
        Some("ifExists=true"),
    );
}

#[tokio::test]
async fn logs_are_asked_for_one_container_of_one_instance() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!({"system$get_service_logs": "listening on 8080\nGET / 200\n"}),
    );
    let client: Client = server.client().api();
    let logs = client
        .fetch_service_logs(&id("db"), &id("sch"), &id("echo"), "main", 0, Some(50))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(
        logs.system_get_service_logs.as_deref(),
        Some("listening on 8080\nGET / 200\n")
    );
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/db/schemas/sch/services/echo/logs",
        Some("containerName=main&instanceId=0&numLines=50"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn containers_instances_and_endpoints_are_listed_and_decoded() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"database_name": "DB", "schema_name": "SCH", "service_name": "ECHO",
                "service_status": "RUNNING", "instance_id": "0", "instance_status": "READY",
                "container_name": "main", "status": "READY", "message": "Running",
                "image_name": "/db/sch/repo/echo:1.0", "image_digest": "sha256:abc",
                "restart_count": 2, "start_time": "2024-06-18 01:01:01.111 -0700"}]),
    );
    server.respond(
        200,
        json!([{"database_name": "DB", "schema_name": "SCH", "service_name": "ECHO",
                "service_status": "RUNNING", "instance_id": "1", "status": "PENDING",
                "spec_digest": "d1g3st", "creation_time": "2024-06-18 01:01:01.111 -0700",
                "start_time": "2024-06-18 01:02:01.111 -0700"}]),
    );
    server.respond(
        200,
        json!([{"name": "web", "port": 8080, "protocol": "HTTPS", "is_public": true,
                "ingress_url": "abcd-org-acct.snowflakecomputing.app"},
               {"name": "range", "portRange": "9000-9010", "protocol": "TCP",
                "is_public": false}]),
    );
    let client: Client = server.client().api();
    let (db, sch, echo) = (id("db"), id("sch"), id("echo"));
    let containers = client
        .list_service_containers(&db, &sch, &echo)
        .await
        .unwrap()
        .into_inner();
    let instances = client
        .list_service_instances(&db, &sch, &echo)
        .await
        .unwrap()
        .into_inner();
    let endpoints = client
        .list_service_endpoints(&db, &sch, &echo)
        .await
        .unwrap()
        .into_inner();

    assert_eq!(containers[0].container_name.as_deref(), Some("main"));
    assert_eq!(containers[0].instance_id.as_deref(), Some("0"));
    assert_eq!(containers[0].restart_count, Some(2));
    assert_eq!(containers[0].image_digest.as_deref(), Some("sha256:abc"));
    assert_eq!(instances[0].instance_id.as_deref(), Some("1"));
    assert_eq!(instances[0].status.as_deref(), Some("PENDING"));
    assert_eq!(
        instances[0].creation_time.as_deref(),
        Some("2024-06-18 01:01:01.111 -0700")
    );
    assert_eq!(endpoints.len(), 2);
    assert_eq!(endpoints[0].port, Some(8080));
    assert_eq!(endpoints[0].is_public, Some(true));
    assert_eq!(
        endpoints[0].ingress_url.as_deref(),
        Some("abcd-org-acct.snowflakecomputing.app")
    );
    assert_eq!(endpoints[1].port, None);
    assert_eq!(endpoints[1].port_range.as_deref(), Some("9000-9010"));

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let base = "/api/v2/databases/db/schemas/sch/services/echo";
    requests[0].assert_line("GET", &format!("{base}/containers"), None);
    requests[1].assert_line("GET", &format!("{base}/instances"), None);
    requests[2].assert_line("GET", &format!("{base}/endpoints"), None);
}

#[tokio::test]
async fn suspend_and_resume_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .suspend_service(&id("db"), &id("sch"), &id("echo"), Some(true))
        .await
        .unwrap();
    client
        .resume_service(&id("db"), &id("sch"), &id("echo"), Some(false))
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests[0].assert_line(
        "POST",
        "/api/v2/databases/db/schemas/sch/services/echo:suspend",
        Some("ifExists=true"),
    );
    requests[1].assert_line(
        "POST",
        "/api/v2/databases/db/schemas/sch/services/echo:resume",
        Some("ifExists=false"),
    );
    assert!(requests.iter().all(|r| r.body.is_empty()));
}

#[tokio::test]
async fn execute_job_posts_the_job_with_its_spec() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::JobService = serde_json::from_value(json!({
        "name": "nightly", "compute_pool": "pool_1",
        "spec": {"spec_type": "from_file", "stage": "@specs", "spec_file": "job.yaml"},
        "is_async_job": true
    }))
    .unwrap();
    client
        .execute_job_service(&id("db"), &id("sch"), &body)
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/db/schemas/sch/services:execute-job",
        None,
    );
    assert_eq!(
        request.json(),
        json!({"name": "nightly", "compute_pool": "pool_1",
               "spec": {"spec_type": "from_file", "stage": "@specs", "spec_file": "job.yaml"},
               "is_async_job": true})
    );
}

#[tokio::test]
async fn service_role_grants_put_the_service_before_the_role() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"created_on": "2024-06-18T01:01:01.111-07:00", "role": "DB.SCH.ECHO!ALL_USERS",
                "granted_to": "ROLE", "grantee_name": "ANALYST", "granted_by": "SYSADMIN"}]),
    );
    server.respond(
        200,
        json!([{"privilege": "USAGE", "granted_on": "SERVICE_ENDPOINT",
                "name": "DB.SCH.ECHO!web", "granted_to": "SERVICE ROLE",
                "grantee_name": "ALL_USERS"}]),
    );
    let client: Client = server.client().api();
    let grants_of = client
        .list_service_role_grants_of(&id("db"), &id("sch"), &id("echo"), &id("all_users"))
        .await
        .unwrap()
        .into_inner();
    let grants_to = client
        .list_service_role_grants_to(&id("db"), &id("sch"), &id("echo"), &id("all_users"))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(grants_of[0].grantee_name.as_deref(), Some("ANALYST"));
    assert!(grants_of[0].created_on.is_some());
    assert_eq!(grants_to[0].privilege.as_deref(), Some("USAGE"));
    assert_eq!(grants_to[0].granted_on.as_deref(), Some("SERVICE_ENDPOINT"));
    let requests = server.requests();
    requests[0].assert_line(
        "GET",
        "/api/v2/databases/db/schemas/sch/services/echo/roles/all_users/grants-of",
        None,
    );
    requests[1].assert_line(
        "GET",
        "/api/v2/databases/db/schemas/sch/services/echo/roles/all_users/grants",
        None,
    );
}
