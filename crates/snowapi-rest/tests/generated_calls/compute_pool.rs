//! Requests of the `compute_pool` API.

use serde_json::json;
use snowapi_rest::compute_pool::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_every_filter() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{"name": "POOL_1", "instance_family": "CPU_X64_S", "min_nodes": 1, "max_nodes": 3,
                "state": "IDLE", "auto_resume": true, "auto_suspend_secs": 3600,
                "num_services": 2, "owner": "SYSADMIN",
                "created_on": "2024-06-18T01:01:01.111-07:00"}]),
    );
    let client: Client = server.client().api();
    let limit = std::num::NonZeroU64::new(5).unwrap();
    let listed = client
        .list_compute_pools(Some("pool%"), Some(limit), Some("PO"))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name.as_str(), "POOL_1");
    assert_eq!(listed[0].instance_family, "CPU_X64_S");
    assert_eq!((listed[0].min_nodes, listed[0].max_nodes), (1, 3));
    assert_eq!(listed[0].state, Some(types::ComputePoolState::Idle));
    assert_eq!(listed[0].auto_suspend_secs, Some(3600));
    assert_eq!(listed[0].num_services, Some(2));
    assert!(listed[0].created_on.is_some());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/compute-pools",
        Some("like=pool%25&showLimit=5&startsWith=PO"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_create_mode_and_initially_suspended() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::ComputePool = serde_json::from_value(json!({
        "name": "pool_1", "instance_family": "CPU_X64_XS", "min_nodes": 1, "max_nodes": 2,
        "auto_resume": false, "auto_suspend_secs": 600, "comment": "for tests"
    }))
    .unwrap();
    let answer = client
        .create_compute_pool(Some(types::CreateMode::IfNotExists), Some(true), &body)
        .await;

    assert_eq!(
        answer.unwrap().into_inner().status.as_deref(),
        Some("Request successfully completed")
    );
    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/compute-pools",
        Some("createMode=ifNotExists&initiallySuspended=true"),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "pool_1", "instance_family": "CPU_X64_XS", "min_nodes": 1,
               "max_nodes": 2, "auto_resume": false, "auto_suspend_secs": 600,
               "comment": "for tests"})
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_compute_pool(&id("pool_1"), Some(true))
        .await
        .unwrap();
    let request = server.single();
    request.assert_line(
        "DELETE",
        "/api/v2/compute-pools/pool_1",
        Some("ifExists=true"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn suspend_resume_and_stop_all_services_post_to_their_actions() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    client.suspend_compute_pool(&id("pool_1")).await.unwrap();
    client.resume_compute_pool(&id("pool_1")).await.unwrap();
    client
        .stop_all_services_in_compute_pool(&id("pool_1"))
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    requests[0].assert_line("POST", "/api/v2/compute-pools/pool_1:suspend", None);
    requests[1].assert_line("POST", "/api/v2/compute-pools/pool_1:resume", None);
    requests[2].assert_line(
        "POST",
        "/api/v2/compute-pools/pool_1:stop-all-services",
        None,
    );
    assert!(requests.iter().all(|r| r.body.is_empty()));
}

#[tokio::test]
async fn instance_families_are_listed_and_decoded() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([
            {"name": "CPU_X64_S", "description": "Small CPU nodes.", "vcpu": 3, "memory_gib": 13,
             "storage_gib": 93.13, "gpu": null, "gpu_count": 0, "gpu_memory_gib": 0,
             "current_node_usage": 2, "message": ""},
            {"name": "GPU_NV_S", "vcpu": 6, "memory_gib": 27, "storage_gib": 300.0,
             "gpu": "NVIDIA A10G", "gpu_count": 1, "gpu_memory_gib": 24}
        ]),
    );
    let client: Client = server.client().api();
    let families = client
        .list_compute_pool_instance_families()
        .await
        .unwrap()
        .into_inner();

    assert_eq!(families.len(), 2);
    assert_eq!(families[0].name.as_deref(), Some("CPU_X64_S"));
    assert_eq!(families[0].vcpu, Some(3));
    assert_eq!(families[0].storage_gib, Some(93.13));
    assert_eq!(families[0].gpu, None);
    assert_eq!(families[0].current_node_usage, Some(2));
    assert_eq!(families[1].gpu.as_deref(), Some("NVIDIA A10G"));
    assert_eq!(families[1].gpu_memory_gib, Some(24));
    server
        .single()
        .assert_line("GET", "/api/v2/compute-pools/instance-families", None);
}

#[tokio::test]
async fn create_or_alter_puts_the_definition_under_its_name() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::ComputePool = serde_json::from_value(json!({
        "name": "pool_1", "instance_family": "CPU_X64_XS", "min_nodes": 2, "max_nodes": 4
    }))
    .unwrap();
    client
        .create_or_alter_compute_pool(&id("pool_1"), &body)
        .await
        .unwrap();

    let request = server.single();
    request.assert_line("PUT", "/api/v2/compute-pools/pool_1", None);
    assert_eq!(
        request.json(),
        json!({"name": "pool_1", "instance_family": "CPU_X64_XS", "min_nodes": 2, "max_nodes": 4})
    );
}
