//! REST API v2 over real HTTP, continued: compute pool states over time, the image registry,
//! service roles and job services, task retries and settings, database role grants and clones,
//! and paged listings.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::rest_support::{Rest, names};

const POOLS: &str = "/api/v2/compute-pools";
const SERVICES: &str = "/api/v2/databases/spcs_x/schemas/public/services";
const REPOSITORY: &str = "/api/v2/databases/spcs_x/schemas/public/image-repositories/images";

fn spec(image: &str) -> String {
    format!(
        "spec:\n  containers:\n  - name: main\n    image: {image}\n  endpoints:\n  - name: web\n    port: 8080\n  - name: api\n    port: 9000\nserviceRoles:\n- name: web_usage\n  endpoints:\n  - web\n"
    )
}

/// (image name, tags) of each image of a listImagesInRepository answer.
pub(crate) fn image_tags(images: &Value) -> Vec<(&str, &str)> {
    images
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["image_name"].as_str().unwrap(),
                i["tags"].as_str().unwrap(),
            )
        })
        .collect()
}

async fn make_pool(rest: &Rest, name: &str, nodes: u32) {
    rest.post_ok(
        POOLS,
        json!({"name": name, "min_nodes": nodes, "max_nodes": nodes + 1,
                    "instance_family": "CPU_X64_XS"}),
    )
    .await;
}

async fn make_service(rest: &Rest, name: &str, image: &str) {
    rest.post_ok(
        SERVICES,
        json!({"name": name, "compute_pool": "p1",
                    "spec": {"spec_type": "from_inline", "spec_text": spec(image)}}),
    )
    .await;
}

async fn pool(rest: &Rest, name: &str) -> Value {
    rest.get_ok(&format!("{POOLS}/{name}")).await
}

#[tokio::test]
async fn compute_pool_states_follow_their_start_delay() {
    let delay = Duration::from_millis(700);
    let rest = Rest::start_with(|b| b.compute_pool_start_delay(delay)).await;
    make_pool(&rest, "p1", 2).await;
    let starting = pool(&rest, "p1").await;
    assert_eq!(starting["state"], "STARTING", "{starting}");
    assert_eq!(starting["target_nodes"], 2);
    assert_eq!(starting["idle_nodes"], 0);
    assert_eq!(
        rest.column("show compute pools like 'P1'", 1).await,
        ["STARTING"]
    );
    tokio::time::sleep(delay).await;
    let idle = pool(&rest, "p1").await;
    assert_eq!(idle["state"], "IDLE", "{idle}");
    assert_eq!(idle["idle_nodes"], 2);

    rest.sql("create database spcs_x").await;
    make_service(&rest, "svc", "/spcs_x/public/images/a:1").await;
    let active = pool(&rest, "p1").await;
    assert_eq!(active["state"], "ACTIVE");
    assert_eq!(active["active_nodes"], 2);
    assert_eq!(active["num_services"], 1);

    rest.ok(Method::POST, &format!("{POOLS}/p1:suspend"), None)
        .await;
    let suspended = pool(&rest, "p1").await;
    assert_eq!(suspended["state"], "SUSPENDED");
    assert_eq!(suspended["target_nodes"], 0);
    rest.ok(Method::POST, &format!("{POOLS}/p1:resume"), None)
        .await;
    assert_eq!(pool(&rest, "p1").await["state"], "STARTING");
    tokio::time::sleep(delay).await;
    assert_eq!(pool(&rest, "p1").await["state"], "IDLE");

    rest.ok(Method::POST, &format!("{POOLS}/p1:stop-all-services"), None)
        .await;
    let (status, _) = rest.get(&format!("{SERVICES}/svc")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(pool(&rest, "p1").await["num_services"], 0);

    // Suspended at creation: no STARTING.
    rest.post_ok(
        &format!("{POOLS}?initiallySuspended=true"),
        json!({"name": "p2", "min_nodes": 1, "max_nodes": 1, "instance_family": "CPU_X64_XS"}),
    )
    .await;
    assert_eq!(pool(&rest, "p2").await["state"], "SUSPENDED");
    let families = rest.get_ok(&format!("{POOLS}/instance-families")).await;
    assert!(names(&families).contains(&"GPU_NV_S"));
}

#[tokio::test]
async fn images_are_listed_from_registrations_and_specs() {
    let rest = Rest::start().await;
    rest.sql("create database spcs_x").await;
    rest.sql("create image repository spcs_x.public.images")
        .await;
    rest.emulator
        .register_image("SPCS_X.PUBLIC.IMAGES", "app", "1.0")
        .await
        .unwrap();
    let error = rest
        .emulator
        .register_image("SPCS_X.PUBLIC.NOPE", "app", "1.0")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("does not exist"), "{error}");
    // The admin endpoint, as another process would register.
    let answer = rest
        .http
        .post(format!("{}/__emulator/images", rest.emulator.url()))
        .json(&json!({"repository": "spcs_x.public.images", "image": "team/web"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let missing = rest
        .http
        .post(format!("{}/__emulator/images", rest.emulator.url()))
        .json(&json!({"repository": "spcs_x.public.nope", "image": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // A service running an image from the repository.
    make_pool(&rest, "p1", 1).await;
    make_service(
        &rest,
        "svc",
        "acct.registry.snowflakecomputing.com/spcs_x/public/images/echo:2",
    )
    .await;
    let images = rest.get_ok(&format!("{REPOSITORY}/images")).await;
    let listed = crate::rest_compute_extra::image_tags(&images);
    assert_eq!(
        listed,
        [("app", "1.0"), ("echo", "2"), ("team/web", "latest")],
        "{images}"
    );
    let app = &images[0];
    assert_eq!(app["image_path"], "spcs_x/public/images/app:1.0");
    assert!(app["digest"].as_str().unwrap().starts_with("sha256:"));
    assert!(
        app["created_on"].as_str().unwrap().ends_with("+0000"),
        "{app}"
    );
    let shown = rest
        .column("show images in image repository spcs_x.public.images", 1)
        .await;
    assert_eq!(shown, ["app", "echo", "team/web"]);
    let (status, _) = rest
        .get("/api/v2/databases/spcs_x/schemas/public/image-repositories/nope/images")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn service_roles_and_job_services() {
    let rest = Rest::start().await;
    rest.sql("create database spcs_x").await;
    rest.sql("create image repository spcs_x.public.images")
        .await;
    make_pool(&rest, "p1", 1).await;
    make_service(&rest, "svc", "/spcs_x/public/images/a:1").await;
    let roles = rest.get_ok(&format!("{SERVICES}/svc/roles")).await;
    assert_eq!(names(&roles), ["ALL_ENDPOINTS_USAGE", "WEB_USAGE"]);
    let all = rest
        .get_ok(&format!("{SERVICES}/svc/roles/all_endpoints_usage/grants"))
        .await;
    let endpoints = names(&all);
    assert_eq!(
        endpoints,
        ["SPCS_X.PUBLIC.SVC!web", "SPCS_X.PUBLIC.SVC!api"]
    );
    assert_eq!(all[0]["privilege"], "USAGE");
    let web = rest
        .get_ok(&format!("{SERVICES}/svc/roles/web_usage/grants"))
        .await;
    assert_eq!(web.as_array().unwrap().len(), 1);
    let holders = rest
        .get_ok(&format!("{SERVICES}/svc/roles/web_usage/grants-of"))
        .await;
    assert_eq!(holders[0]["grantee_name"], "ACCOUNTADMIN", "{holders}");
    let (status, _) = rest.get(&format!("{SERVICES}/svc/roles/nope/grants")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // createOrAlter replaces the specification.
    let changed = spec("/spcs_x/public/images/b:2");
    rest.ok(
        Method::PUT,
        &format!("{SERVICES}/svc"),
        Some(json!({"name": "svc", "compute_pool": "p1",
                    "spec": {"spec_type": "from_inline", "spec_text": changed}})),
    )
    .await;
    let fetched = rest.get_ok(&format!("{SERVICES}/svc")).await;
    assert_eq!(fetched["spec"]["spec_text"], changed.as_str());

    // A job that runs to completion.
    let job = json!({"name": "job1", "compute_pool": "p1",
                     "spec": {"spec_type": "from_inline", "spec_text": spec("/spcs_x/public/images/job:1")}});
    let done = rest
        .post_ok(
            "/api/v2/databases/spcs_x/schemas/public/services:execute-job",
            job,
        )
        .await;
    assert!(done["status"].as_str().unwrap().contains("DONE"), "{done}");
    let fetched = rest.get_ok(&format!("{SERVICES}/job1")).await;
    assert_eq!(fetched["status"], "DONE");
    assert_eq!(fetched["is_job"], true);
    let logs = rest
        .get_ok(&format!(
            "{SERVICES}/job1/logs?instanceId=0&containerName=main"
        ))
        .await;
    assert!(
        logs["system$get_service_logs"]
            .as_str()
            .unwrap()
            .contains("exited with code 0"),
        "{logs}"
    );
    // A job whose image cannot be pulled fails, and stays to be looked at.
    let (status, failed) = rest
        .post(
            "/api/v2/databases/spcs_x/schemas/public/services:execute-job",
            json!({"name": "job2", "compute_pool": "p1",
                   "spec": {"spec_type": "from_inline", "spec_text": spec("/spcs_x/public/missing/job:1")}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{failed}");
    assert!(
        failed["message"].as_str().unwrap().contains("FAILED"),
        "{failed}"
    );
    let fetched = rest.get_ok(&format!("{SERVICES}/job2")).await;
    assert_eq!(fetched["status"], "FAILED");
    let status = rest.get_ok(&format!("{SERVICES}/job2/status")).await;
    assert!(
        status["system$get_service_status"]
            .as_str()
            .unwrap()
            .contains("FAILED")
    );
}

#[tokio::test]
async fn tasks_retry_the_last_failed_run_and_keep_every_setting() {
    let rest = Rest::start().await;
    rest.sql("create database task_x").await;
    let tasks = "/api/v2/databases/task_x/schemas/public/tasks";
    rest.post_ok(
        tasks,
        json!({"name": "root", "definition": "insert into task_x.public.t select 1"}),
    )
    .await;
    let (status, none) = rest
        .post(&format!("{tasks}/root:execute?retryLast=true"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{none}");
    rest.ok(Method::POST, &format!("{tasks}/root:execute"), None)
        .await;
    let graphs = rest.get_ok(&format!("{tasks}/root/complete-graphs")).await;
    assert_eq!(graphs[0]["state"], "FAILED", "{graphs}");
    rest.sql("create table task_x.public.t (n int)").await;
    rest.ok(
        Method::POST,
        &format!("{tasks}/root:execute?retryLast=true"),
        None,
    )
    .await;
    let graphs = rest.get_ok(&format!("{tasks}/root/complete-graphs")).await;
    assert_eq!(graphs[0]["state"], "SUCCEEDED", "{graphs}");
    assert_eq!(
        rest.column("select count(*) from task_x.public.t", 0).await,
        ["1"]
    );
    let (status, _) = rest
        .post(&format!("{tasks}/root:execute?retryLast=true"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Every writable field comes back as written.
    rest.sql("create warehouse task_wh initially_suspended = true")
        .await;
    let full = json!({
        "name": "full", "definition": "select 1", "warehouse": "TASK_WH",
        "schedule": {"schedule_type": "MINUTES_TYPE", "minutes": 10},
        "comment": "all fields", "config": {"env": "test", "n": 2},
        "session_parameters": {"TIMEZONE": "UTC", "QUERY_TAG": "etl"},
        "task_auto_retry_attempts": 2, "allow_overlapping_execution": true,
        "user_task_timeout_ms": 60000, "suspend_task_after_num_failures": 5,
        "condition": "1 = 1", "user_task_managed_initial_warehouse_size": "SMALL",
        "serverless_task_min_statement_size": "XSMALL", "serverless_task_max_statement_size": "LARGE",
        "target_completion_interval": {"schedule_type": "MINUTES_TYPE", "minutes": 5},
        "overlap_policy": "ALLOW_CHILD_OVERLAP"
    });
    rest.post_ok(tasks, full.clone()).await;
    let fetched = rest.get_ok(&format!("{tasks}/full")).await;
    for (key, value) in full.as_object().unwrap() {
        let got = &fetched[key.as_str()];
        let same = match key.as_str() {
            "name" => got == "FULL",
            "condition" => got.as_str().is_some_and(|c| c.contains("1 = 1")),
            _ => got == value,
        };
        assert!(same, "{key}: sent {value}, got {got} in {fetched}");
    }
}

#[tokio::test]
async fn database_role_grants_and_clones() {
    let rest = Rest::start().await;
    rest.sql("create database dr_x").await;
    rest.sql("create table dr_x.public.t (n int)").await;
    let roles = "/api/v2/databases/dr_x/database-roles";
    rest.post_ok(roles, json!({"name": "reader"})).await;
    let select = json!({"securable_type": "TABLE",
                        "securable": {"database": "DR_X", "schema": "PUBLIC", "name": "T"},
                        "privileges": ["SELECT"]});
    rest.post_ok(&format!("{roles}/reader/grants"), select.clone())
        .await;
    let future = json!({"securable_type": "TABLE",
                        "containing_scope": {"database": "DR_X", "schema": "PUBLIC"},
                        "privileges": ["INSERT"]});
    rest.post_ok(&format!("{roles}/reader/future-grants"), future.clone())
        .await;
    let grants = rest.get_ok(&format!("{roles}/reader/grants")).await;
    let privileges = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|g| {
                format!(
                    "{} {}",
                    g["privileges"][0].as_str().unwrap(),
                    g["securable_type"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert!(
        privileges(&grants).contains(&"SELECT TABLE".to_owned()),
        "{grants}"
    );
    assert_eq!(
        rest.column("show grants to database role dr_x.reader", 1)
            .await
            .iter()
            .filter(|p| *p == "SELECT")
            .count(),
        1
    );
    let futures = rest.get_ok(&format!("{roles}/reader/future-grants")).await;
    assert_eq!(privileges(&futures), ["INSERT TABLE"], "{futures}");

    rest.post_ok(&format!("{roles}/reader:clone"), json!({"name": "reader2"}))
        .await;
    let cloned = rest.get_ok(&format!("{roles}/reader2/grants")).await;
    assert!(
        privileges(&cloned).contains(&"SELECT TABLE".to_owned()),
        "{cloned}"
    );
    let cloned_future = rest.get_ok(&format!("{roles}/reader2/future-grants")).await;
    assert_eq!(privileges(&cloned_future), ["INSERT TABLE"]);
    let (status, _) = rest
        .post(&format!("{roles}/reader:clone"), json!({"name": "reader2"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = rest
        .post(&format!("{roles}/nobody:clone"), json!({"name": "reader3"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    rest.post_ok(&format!("{roles}/reader/grants:revoke"), select)
        .await;
    rest.post_ok(&format!("{roles}/reader/future-grants:revoke"), future)
        .await;
    let left = rest.get_ok(&format!("{roles}/reader/grants")).await;
    assert!(
        !privileges(&left).contains(&"SELECT TABLE".to_owned()),
        "{left}"
    );
    assert_eq!(
        rest.get_ok(&format!("{roles}/reader/future-grants")).await,
        json!([])
    );
}

/// One GET with the login's token: status, `Link` header and body.
async fn get_paged(rest: &Rest, path: &str) -> (StatusCode, Option<String>, Value) {
    let response = rest
        .http
        .get(format!("{}{path}", rest.emulator.url()))
        .header(
            "Authorization",
            format!("Snowflake Token=\"{}\"", rest.token),
        )
        .send()
        .await
        .unwrap();
    let link = response
        .headers()
        .get("link")
        .map(|v| v.to_str().unwrap().to_owned());
    (response.status(), link, response.json().await.unwrap())
}

#[tokio::test]
async fn long_listings_are_paged_with_link_headers() {
    let rest = Rest::start_with(|b| b.rest_page_size(2)).await;
    for n in 0..5 {
        make_pool(&rest, &format!("pool{n}"), 1).await;
    }
    let (status, link, first) = get_paged(&rest, POOLS).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first.as_array().unwrap().len(), 2);
    let link = link.expect("a Link header");
    let handle = link
        .split("/api/v2/results/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .unwrap()
        .to_owned();
    assert!(link.contains("?page=0>; rel=\"first\""), "{link}");
    assert!(link.contains("?page=1>; rel=\"next\""), "{link}");
    assert!(link.contains("?page=2>; rel=\"last\""), "{link}");
    let mut all: Vec<String> = names(&first).iter().map(|s| s.to_string()).collect();
    for page in 1..=2 {
        let (status, link, body) =
            get_paged(&rest, &format!("/api/v2/results/{handle}?page={page}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(link.unwrap().contains("rel=\"prev\""));
        all.extend(names(&body).iter().map(|s| s.to_string()));
    }
    all.sort();
    assert_eq!(all, ["POOL0", "POOL1", "POOL2", "POOL3", "POOL4"]);
    let (status, _, _) = get_paged(&rest, &format!("/api/v2/results/{handle}?page=3")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Short listings and single objects are not paged.
    let (_, link, one) = get_paged(&rest, &format!("{POOLS}/pool1")).await;
    assert!(link.is_none());
    assert_eq!(one["name"], "POOL1");
    let (_, link, _) = get_paged(&rest, &format!("{POOLS}?like=pool1")).await;
    assert!(link.is_none());
}
