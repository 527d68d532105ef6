//! REST API v2 warehouses, tasks (with task graphs and their runs), compute pools, image
//! repositories and services over real HTTP, checked against what SQL sees of the same catalog;
//! warehouses and tasks also through the generated `snowapi_rest` clients.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::rest_support::Rest;

#[tokio::test]
async fn warehouses_over_rest() {
    let rest = Rest::start().await;
    let (status, created) = rest
        .post(
            "/api/v2/warehouses",
            json!({"name": "rest_wh", "warehouse_size": "SMALL", "auto_suspend": 120,
                   "auto_resume": "false", "initially_suspended": "true",
                   "max_cluster_count": 3, "scaling_policy": "ECONOMY", "comment": "etl",
                   "state": "STARTED", "created_on": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert!(
        created["status"].as_str().unwrap().contains("REST_WH"),
        "{created}"
    );
    let (status, again) = rest
        .post("/api/v2/warehouses", json!({"name": "REST_WH"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["error_code"], "002002");
    rest.post_ok(
        "/api/v2/warehouses?createMode=ifNotExists",
        json!({"name": "rest_wh"}),
    )
    .await;

    let fetched = rest.get_ok("/api/v2/warehouses/rest_wh").await;
    assert_eq!(fetched["name"], "REST_WH");
    assert_eq!(fetched["state"], "SUSPENDED");
    assert_eq!(fetched["size"], "Small");
    assert_eq!(fetched["warehouse_size"], "SMALL");
    assert_eq!(fetched["warehouse_type"], "STANDARD");
    assert_eq!(fetched["auto_suspend"], 120);
    assert_eq!(fetched["auto_resume"], "false");
    assert_eq!(fetched["max_cluster_count"], 3);
    assert_eq!(fetched["scaling_policy"], "ECONOMY");
    assert_eq!(fetched["comment"], "etl");
    assert_eq!(fetched["is_current"], false);
    assert_eq!(fetched["resource_monitor"], Value::Null);
    assert!(fetched["created_on"].as_str().unwrap().contains('T'));
    // SQL sees the same warehouse.
    let rows = rest.sql("show warehouses like 'REST_WH'").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][1], "SUSPENDED");

    rest.ok(Method::POST, "/api/v2/warehouses/rest_wh:resume", None)
        .await;
    let resumed = rest.get_ok("/api/v2/warehouses/rest_wh").await;
    assert_eq!(resumed["state"], "STARTED");
    assert!(resumed["resumed_on"].is_string());
    rest.ok(Method::POST, "/api/v2/warehouses/rest_wh:suspend", None)
        .await;
    let (status, twice) = rest
        .post("/api/v2/warehouses/rest_wh:suspend", json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{twice}");
    rest.ok(Method::POST, "/api/v2/warehouses/rest_wh:abort", None)
        .await;
    let (status, _) = rest
        .post("/api/v2/warehouses/nowhere:abort", json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    rest.ok(
        Method::POST,
        "/api/v2/warehouses/nowhere:resume?ifExists=true",
        None,
    )
    .await;

    // PUT sets what it is given and puts the rest back to defaults.
    rest.ok(
        Method::PUT,
        "/api/v2/warehouses/rest_wh",
        Some(json!({"name": "rest_wh", "warehouse_size": "MEDIUM", "comment": "nightly"})),
    )
    .await;
    let altered = rest.get_ok("/api/v2/warehouses/rest_wh").await;
    assert_eq!(altered["size"], "Medium");
    assert_eq!(altered["comment"], "nightly");
    assert_eq!(altered["auto_suspend"], 600);
    assert_eq!(altered["auto_resume"], "true");
    assert_eq!(altered["max_cluster_count"], 1);
    // A bad value changes nothing.
    let (status, _) = rest
        .put(
            "/api/v2/warehouses/rest_wh",
            json!({"name": "rest_wh", "warehouse_size": "HUGE"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let kept = rest.get_ok("/api/v2/warehouses/rest_wh").await;
    assert_eq!(kept["comment"], "nightly");
    rest.ok(
        Method::PUT,
        "/api/v2/warehouses/put_wh",
        Some(json!({"name": "ignored", "warehouse_size": "XSMALL"})),
    )
    .await;
    assert_eq!(rest.sql("show warehouses like 'PUT_WH'").await.len(), 1);

    let listed = rest.get_ok("/api/v2/warehouses?like=rest%25").await;
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["REST_WH"]);

    rest.post_ok(
        "/api/v2/warehouses/rest_wh:rename",
        json!({"name": "renamed_wh"}),
    )
    .await;
    let (status, missing) = rest.get("/api/v2/warehouses/rest_wh").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(missing["code"], "002003");
    assert!(missing["message"].as_str().unwrap().contains("REST_WH"));

    let (status, bad) = rest
        .post(
            "/api/v2/warehouses",
            json!({"name": "w", "warehouse_size": "HUGE"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    let (status, bad) = rest
        .post("/api/v2/warehouses", json!({"comment": "no name"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert!(bad["message"].as_str().unwrap().contains("name"), "{bad}");
    let (status, _) = rest
        .post(
            "/api/v2/warehouses",
            json!({"name": "w", "auto_resume": "maybe"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Names with spaces and quotes are identifiers, not SQL.
    rest.post_ok("/api/v2/warehouses", json!({"name": "\"odd \"\"wh\"\"\""}))
        .await;
    let odd = rest
        .get_ok("/api/v2/warehouses/%22odd%20%22%22wh%22%22%22")
        .await;
    assert_eq!(odd["name"], "odd \"wh\"");

    rest.ok(Method::DELETE, "/api/v2/warehouses/renamed_wh", None)
        .await;
    let (status, _) = rest.delete("/api/v2/warehouses/renamed_wh").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    rest.ok(
        Method::DELETE,
        "/api/v2/warehouses/renamed_wh?ifExists=true",
        None,
    )
    .await;
    rest.emulator.shutdown().await;
}

#[tokio::test]
async fn warehouses_through_the_generated_client() {
    use snowapi_rest::warehouse::{Client, types};

    let rest = Rest::start().await;
    let client: Client = rest.client().api();
    let body: types::Warehouse = serde_json::from_value(json!({
        "name": "gen_wh", "warehouse_size": "XSMALL", "auto_resume": "true",
        "initially_suspended": "true", "comment": "generated"
    }))
    .unwrap();
    client
        .create_warehouse(Some(types::CreateMode::ErrorIfExists), &body)
        .await
        .unwrap();
    let name = types::Identifier::from("gen_wh".to_owned());
    let fetched = client.fetch_warehouse(&name).await.unwrap().into_inner();
    assert_eq!(fetched.name.as_str(), "GEN_WH");
    assert_eq!(fetched.state.as_deref(), Some("SUSPENDED"));
    assert_eq!(fetched.warehouse_size.as_deref(), Some("XSMALL"));
    assert_eq!(fetched.auto_resume, Some(types::WarehouseAutoResume::True));
    assert!(fetched.created_on.is_some());
    client.resume_warehouse(&name, None).await.unwrap();
    let listed = client
        .list_warehouses(Some("gen%"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state.as_deref(), Some("STARTED"));
    client.suspend_warehouse(&name, None).await.unwrap();
    client.delete_warehouse(&name, None).await.unwrap();
    let missing = client.fetch_warehouse(&name).await;
    assert!(missing.is_err());
    rest.emulator.shutdown().await;
}

const TASKS: &str = "/api/v2/databases/task_db/schemas/public/tasks";

#[tokio::test]
async fn tasks_and_their_graphs_over_rest() {
    let rest = Rest::start().await;
    rest.sql("create database task_db").await;
    rest.sql("create table task_db.public.log (step varchar)")
        .await;
    rest.post_ok(
        TASKS,
        json!({
            "name": "dag", "definition": "insert into task_db.public.log values ('root')",
            "warehouse": "compute_wh",
            "schedule": {"schedule_type": "MINUTES_TYPE", "minutes": 10},
            "config": {"mode": "test", "n": 1}, "comment": "root",
            "allow_overlapping_execution": false, "suspend_task_after_num_failures": 3,
            "session_parameters": {"query_tag": "rest"}, "predecessors": null
        }),
    )
    .await;
    rest.post_ok(
        TASKS,
        json!({"name": "dag$child", "definition": "insert into task_db.public.log values ('child')",
                    "predecessors": ["dag"], "condition": "1 = 1"}),
    )
    .await;
    rest.post_ok(TASKS, json!({"name": "dag$grandchild", "definition": "insert into task_db.public.log values ('grandchild')",
                    "predecessors": ["TASK_DB.PUBLIC.\"DAG$CHILD\""]}))
    .await;
    rest.post_ok(TASKS, json!({"name": "dag$finalizer", "definition": "insert into task_db.public.log values ('finally')",
                    "finalize": "dag"}))
    .await;
    let (status, conflict) = rest
        .post(TASKS, json!({"name": "dag", "definition": "select 1"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{conflict}");
    let (status, bad) = rest
        .post(
            TASKS,
            json!({"name": "x", "definition": "select 1", "schedule": {"schedule_type": "HOURLY"}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    let (status, bad) = rest.post(TASKS, json!({"name": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        bad["message"].as_str().unwrap().contains("definition"),
        "{bad}"
    );

    let root = rest.get_ok(&format!("{TASKS}/dag")).await;
    assert_eq!(root["name"], "DAG");
    assert_eq!(root["database_name"], "TASK_DB");
    assert_eq!(root["state"], "suspended");
    assert_eq!(root["warehouse"], "COMPUTE_WH");
    assert_eq!(
        root["schedule"],
        json!({"schedule_type": "MINUTES_TYPE", "minutes": 10})
    );
    assert_eq!(root["config"], json!({"mode": "test", "n": 1}));
    assert_eq!(root["session_parameters"], json!({"QUERY_TAG": "rest"}));
    assert_eq!(root["suspend_task_after_num_failures"], 3);
    assert_eq!(root["allow_overlapping_execution"], false);
    assert_eq!(root["predecessors"], json!([]));
    let relations: Value = serde_json::from_str(root["task_relations"].as_str().unwrap()).unwrap();
    assert_eq!(relations["FinalizerTask"], "TASK_DB.PUBLIC.DAG$FINALIZER");
    let id = root["id"].as_str().unwrap().to_owned();
    let child = rest.get_ok(&format!("{TASKS}/dag$child")).await;
    assert_eq!(child["predecessors"], json!(["TASK_DB.PUBLIC.DAG"]));
    assert_eq!(child["condition"], "1 = 1");
    let finalizer = rest.get_ok(&format!("{TASKS}/dag$finalizer")).await;
    assert_eq!(finalizer["finalize"], "TASK_DB.PUBLIC.DAG");

    let roots = rest.get_ok(&format!("{TASKS}?rootOnly=true")).await;
    let roots: Vec<&str> = roots
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(
        roots.contains(&"DAG")
            && !roots.contains(&"DAG$CHILD")
            && !roots.contains(&"DAG$FINALIZER"),
        "{roots:?}"
    );
    let some = rest
        .get_ok(&format!(
            "{TASKS}?like=dag%25&startsWith=DAG%24&showLimit=1"
        ))
        .await;
    assert_eq!(some.as_array().unwrap().len(), 1);
    assert_eq!(some[0]["name"], "DAG$CHILD");

    // Dependents: the task itself, its graph in order, then the finalizer.
    let dependents = rest.get_ok(&format!("{TASKS}/dag/dependents")).await;
    let names: Vec<&str> = dependents
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["DAG", "DAG$CHILD", "DAG$GRANDCHILD", "DAG$FINALIZER"]
    );
    let direct = rest
        .get_ok(&format!("{TASKS}/dag/dependents?recursive=false"))
        .await;
    let names: Vec<&str> = direct
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["DAG", "DAG$CHILD", "DAG$FINALIZER"]);

    for task in ["dag$child", "dag$grandchild", "dag$finalizer", "dag"] {
        rest.ok(Method::POST, &format!("{TASKS}/{task}:resume"), None)
            .await;
    }
    assert_eq!(
        rest.get_ok(&format!("{TASKS}/dag")).await["state"],
        "started"
    );
    // A resumed root on a schedule has an upcoming run.
    let current = rest.get_ok(&format!("{TASKS}/dag/current-graphs")).await;
    assert_eq!(current.as_array().unwrap().len(), 1, "{current}");
    assert_eq!(current[0]["state"], "SCHEDULED");
    assert_eq!(current[0]["root_task_id"], id.as_str());

    rest.ok(Method::POST, &format!("{TASKS}/dag:execute"), None)
        .await;
    let mut steps: Vec<String> = rest
        .sql("select step from task_db.public.log")
        .await
        .into_iter()
        .map(|row| row[0].as_str().unwrap().to_owned())
        .collect();
    steps.sort();
    assert_eq!(steps, ["child", "finally", "grandchild", "root"]);
    let complete = rest
        .get_ok(&format!("{TASKS}/dag/complete-graphs?errorOnly=false"))
        .await;
    assert_eq!(complete.as_array().unwrap().len(), 1, "{complete}");
    let run = &complete[0];
    assert_eq!(run["state"], "SUCCEEDED");
    assert_eq!(run["root_task_name"], "DAG");
    assert_eq!(run["schema_name"], "PUBLIC");
    assert_eq!(run["graph_version"], 1);
    assert!(run["run_id"].as_i64().unwrap() > 0);
    assert!(run["completed_time"].is_string());
    assert!(run["next_scheduled_time"].is_string());
    let failed_only = rest
        .get_ok(&format!("{TASKS}/dag/complete-graphs?errorOnly=true"))
        .await;
    assert_eq!(failed_only, json!([]));

    // PUT alters in place: same id, new statement and links, the left-out comment unset.
    rest.ok(Method::POST, &format!("{TASKS}/dag:suspend"), None)
        .await;
    rest.ok(
        Method::PUT,
        &format!("{TASKS}/dag"),
        Some(json!({"name": "dag", "definition": "insert into task_db.public.nope values (1)",
                    "warehouse": "compute_wh",
                    "schedule": {"schedule_type": "CRON_TYPE", "cron_expr": "0 9 * * *", "timezone": "UTC"}})),
    )
    .await;
    let altered = rest.get_ok(&format!("{TASKS}/dag")).await;
    assert_eq!(altered["id"], id.as_str());
    assert_eq!(
        altered["definition"],
        "insert into task_db.public.nope values (1)"
    );
    assert_eq!(altered["schedule"]["schedule_type"], "CRON_TYPE");
    assert_eq!(altered["schedule"]["cron_expr"], "0 9 * * *");
    assert!(altered.get("comment").is_none(), "{altered}");
    assert!(altered.get("config").is_none(), "{altered}");
    rest.ok(
        Method::PUT,
        &format!("{TASKS}/dag$grandchild"),
        Some(json!({"name": "dag$grandchild", "definition": "select 1", "predecessors": ["dag"]})),
    )
    .await;
    let moved = rest.get_ok(&format!("{TASKS}/dag$grandchild")).await;
    assert_eq!(moved["predecessors"], json!(["TASK_DB.PUBLIC.DAG"]));

    // A failing root: the run is FAILED, with the first error.
    rest.ok(Method::POST, &format!("{TASKS}/dag:execute"), None)
        .await;
    let failed = rest
        .get_ok(&format!(
            "{TASKS}/dag/complete-graphs?errorOnly=true&resultLimit=5"
        ))
        .await;
    assert_eq!(failed.as_array().unwrap().len(), 1, "{failed}");
    assert_eq!(failed[0]["state"], "FAILED");
    assert_eq!(failed[0]["first_error_task_name"], "DAG");
    assert_eq!(failed[0]["first_error_code"], 2003);
    // Each ALTER of the PUT is a new graph version.
    assert!(failed[0]["graph_version"].as_i64().unwrap() > 1, "{failed}");
    let (status, _) = rest
        .get(&format!("{TASKS}/dag/complete-graphs?resultLimit=0"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, child_run) = rest
        .post(&format!("{TASKS}/dag$child:execute"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{child_run}");

    // PUT of a missing task creates it.
    rest.ok(
        Method::PUT,
        &format!("{TASKS}/solo"),
        Some(json!({"name": "solo", "definition": "select 1"})),
    )
    .await;
    assert_eq!(
        rest.sql("show tasks like 'SOLO' in schema task_db.public")
            .await
            .len(),
        1
    );

    rest.ok(Method::DELETE, &format!("{TASKS}/dag$child"), None)
        .await;
    let (status, gone) = rest.get(&format!("{TASKS}/dag$child")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{gone}");
    assert_eq!(gone["code"], "002003");
    let (status, _) = rest.delete(&format!("{TASKS}/dag$child")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    rest.ok(
        Method::DELETE,
        &format!("{TASKS}/dag$child?ifExists=true"),
        None,
    )
    .await;
    let (status, _) = rest
        .get("/api/v2/databases/task_db/schemas/nope/tasks")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = rest.get(&format!("{TASKS}/ghost/complete-graphs")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    rest.emulator.shutdown().await;
}

#[tokio::test]
async fn tasks_through_the_generated_client() {
    use snowapi_rest::task::{Client, types};

    let rest = Rest::start().await;
    rest.sql("create database gen_db").await;
    let client: Client = rest.client().api();
    let (db, schema) = (
        types::Identifier::from("gen_db".to_owned()),
        types::Identifier::from("public".to_owned()),
    );
    let root: types::Task = serde_json::from_value(json!({
        "name": "root", "definition": "select 1",
        "schedule": {"schedule_type": "CRON_TYPE", "cron_expr": "*/5 * * * *", "timezone": "Europe/Paris"},
        "config": {"k": "v"}
    }))
    .unwrap();
    client
        .create_task(&db, &schema, Some(types::CreateMode::OrReplace), &root)
        .await
        .unwrap();
    let child: types::Task = serde_json::from_value(json!({
        "name": "child", "definition": "select 2", "predecessors": ["root"]
    }))
    .unwrap();
    client
        .create_task(&db, &schema, None, &child)
        .await
        .unwrap();
    let name = types::Identifier::from("root".to_owned());
    let fetched = client
        .fetch_task(&db, &schema, &name)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fetched.name.as_str(), "ROOT");
    assert_eq!(fetched.definition, "select 1");
    assert_eq!(fetched.state, Some(types::TaskState::Suspended));
    assert!(matches!(
        fetched.schedule,
        Some(types::TaskSchedule::CronSchedule(_))
    ));
    assert_eq!(fetched.config.get("k"), Some(&json!("v")));
    let listed = client
        .list_tasks(&db, &schema, None, None, Some(true), None, None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.len(), 1);
    let dependents = client
        .fetch_task_dependents(&db, &schema, &name, None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(dependents.len(), 2);
    client
        .execute_task(&db, &schema, &name, None, None)
        .await
        .unwrap();
    let runs = client
        .get_task_complete_graphs(&db, &schema, &name, Some(false), None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].state, types::TaskRunState::Succeeded);
    assert_eq!(runs[0].root_task_name, "ROOT");
    let current = client
        .get_task_current_graphs(&db, &schema, &name, None)
        .await
        .unwrap()
        .into_inner();
    assert!(current.is_empty(), "a suspended root has no upcoming run");
    client.resume_task(&db, &schema, &name).await.unwrap();
    client.suspend_task(&db, &schema, &name).await.unwrap();
    client.delete_task(&db, &schema, &name, None).await.unwrap();
    assert!(client.fetch_task(&db, &schema, &name).await.is_err());
    rest.emulator.shutdown().await;
}

const SERVICES: &str = "/api/v2/databases/spcs_db/schemas/public/services";
const SPEC: &str = "spec:\n  containers:\n  - name: echo\n    image: /spcs_db/public/images/echo:latest\n  - name: sidecar\n    image: /spcs_db/public/images/proxy:1.2\n  endpoints:\n  - name: web\n    port: 8080\n    public: true\n";

#[tokio::test]
async fn compute_pools_image_repositories_and_services_over_rest() {
    let rest = Rest::start().await;
    // Compute pools.
    rest.post_ok(
        "/api/v2/compute-pools?initiallySuspended=true",
        json!({"name": "pool1", "min_nodes": 1, "max_nodes": 2,
                    "instance_family": "CPU_X64_XS", "auto_resume": false, "comment": "p"}),
    )
    .await;
    let (status, _) = rest
        .post(
            "/api/v2/compute-pools",
            json!({"name": "pool1", "min_nodes": 1, "max_nodes": 1, "instance_family": "CPU_X64_XS"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, bad) = rest
        .post(
            "/api/v2/compute-pools",
            json!({"name": "p2", "min_nodes": 1, "max_nodes": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        bad["message"].as_str().unwrap().contains("instance_family"),
        "{bad}"
    );
    let pool = rest.get_ok("/api/v2/compute-pools/pool1").await;
    assert_eq!(pool["state"], "SUSPENDED");
    assert_eq!(pool["auto_resume"], false);
    assert_eq!(pool["instance_family"], "CPU_X64_XS");
    assert_eq!(pool["max_nodes"], 2);
    rest.ok(Method::POST, "/api/v2/compute-pools/pool1:resume", None)
        .await;
    assert_eq!(
        rest.get_ok("/api/v2/compute-pools/pool1").await["state"],
        "IDLE"
    );
    let families = rest.get_ok("/api/v2/compute-pools/instance-families").await;
    let xs = families
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "CPU_X64_XS")
        .unwrap();
    assert_eq!(xs["current_node_usage"], 1);
    assert!(xs["vcpu"].as_i64().unwrap() > 0);

    // Image repositories.
    rest.sql("create database spcs_db").await;
    let repositories = "/api/v2/databases/spcs_db/schemas/public/image-repositories";
    rest.post_ok(repositories, json!({"name": "images"})).await;
    let (status, _) = rest.post(repositories, json!({"name": "images"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let repository = rest.get_ok(&format!("{repositories}/images")).await;
    assert_eq!(repository["name"], "IMAGES");
    assert_eq!(
        repository["repository_url"],
        "snowapi.registry.snowflakecomputing.com/spcs_db/public/images"
    );
    assert_eq!(
        rest.get_ok(&format!("{repositories}/images/images")).await,
        json!([])
    );

    // Services.
    rest.post_ok(
        SERVICES,
        json!({"name": "echo", "compute_pool": "pool1",
                    "spec": {"spec_type": "from_inline", "spec_text": SPEC},
                    "min_instances": 2, "max_instances": 3, "comment": "echo"}),
    )
    .await;
    let (status, replace) = rest
        .post(
            &format!("{SERVICES}?createMode=orReplace"),
            json!({"name": "echo", "compute_pool": "pool1",
                   "spec": {"spec_type": "from_inline", "spec_text": SPEC}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{replace}");
    let (status, _) = rest
        .post(
            SERVICES,
            json!({"name": "s2", "compute_pool": "nopool",
                   "spec": {"spec_type": "from_inline", "spec_text": SPEC}}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let service = rest.get_ok(&format!("{SERVICES}/echo")).await;
    assert_eq!(service["status"], "RUNNING");
    assert_eq!(service["compute_pool"], "POOL1");
    assert_eq!(service["current_instances"], 2);
    assert_eq!(service["auto_resume"], true);
    assert_eq!(service["is_job"], false);
    assert_eq!(
        service["dns_name"],
        "echo.public.spcs-db.snowflakecomputing.internal"
    );
    assert_eq!(
        rest.get_ok("/api/v2/compute-pools/pool1").await["state"],
        "ACTIVE"
    );
    let rows = rest.sql("show services in schema spcs_db.public").await;
    assert_eq!(rows.len(), 1);

    let status_text = rest
        .get_ok(&format!("{SERVICES}/echo/status?timeout=0"))
        .await;
    let entries: Value =
        serde_json::from_str(status_text["system$get_service_status"].as_str().unwrap()).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 4, "{entries}");
    assert!(
        entries
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["status"] == "READY")
    );
    let containers = rest.get_ok(&format!("{SERVICES}/echo/containers")).await;
    assert_eq!(containers.as_array().unwrap().len(), 4);
    assert_eq!(containers[0]["container_name"], "echo");
    assert_eq!(
        containers[0]["image_name"],
        "/spcs_db/public/images/echo:latest"
    );
    assert_eq!(containers[1]["container_name"], "sidecar");
    let instances = rest.get_ok(&format!("{SERVICES}/echo/instances")).await;
    let ids: Vec<&str> = instances
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["instance_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["0", "1"]);
    let endpoints = rest.get_ok(&format!("{SERVICES}/echo/endpoints")).await;
    assert_eq!(endpoints[0]["port"], 8080);
    assert!(
        endpoints[0]["ingress_url"]
            .as_str()
            .unwrap()
            .ends_with(".snowflakecomputing.app")
    );
    let logs = rest
        .get_ok(&format!(
            "{SERVICES}/echo/logs?instanceId=1&containerName=echo&numLines=1"
        ))
        .await;
    let text = logs["system$get_service_logs"].as_str().unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.contains("8080"), "{text}");
    let (status, _) = rest
        .get(&format!(
            "{SERVICES}/echo/logs?instanceId=5&containerName=echo"
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = rest
        .get(&format!("{SERVICES}/echo/logs?containerName=echo"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Images run from the repository are listed there.
    let images = rest.get_ok(&format!("{repositories}/images/images")).await;
    let listed = crate::rest_compute_extra::image_tags(&images);
    assert_eq!(listed, [("echo", "latest"), ("proxy", "1.2")]);
    assert_eq!(images[0]["image_path"], "spcs_db/public/images/echo:latest");
    assert!(images[0]["digest"].as_str().unwrap().starts_with("sha256:"));

    // Suspend and resume.
    rest.ok(Method::POST, &format!("{SERVICES}/echo:suspend"), None)
        .await;
    assert_eq!(
        rest.get_ok(&format!("{SERVICES}/echo")).await["status"],
        "SUSPENDED"
    );
    assert_eq!(
        rest.get_ok(&format!("{SERVICES}/echo/containers")).await,
        json!([])
    );
    assert_eq!(
        rest.get_ok("/api/v2/compute-pools/pool1").await["state"],
        "IDLE"
    );
    rest.ok(Method::POST, &format!("{SERVICES}/echo:resume"), None)
        .await;
    assert_eq!(
        rest.get_ok(&format!("{SERVICES}/echo")).await["status"],
        "RUNNING"
    );
    // PUT changes the instance counts; the pool cannot change.
    rest.ok(
        Method::PUT,
        &format!("{SERVICES}/echo"),
        Some(json!({"name": "echo", "compute_pool": "pool1", "min_instances": 3, "max_instances": 3})),
    )
    .await;
    assert_eq!(
        rest.get_ok(&format!("{SERVICES}/echo")).await["min_instances"],
        3
    );
    let (status, _) = rest
        .put(
            &format!("{SERVICES}/echo"),
            json!({"name": "echo", "compute_pool": "other"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let listed = rest.get_ok(&format!("{SERVICES}?like=ec%25")).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // A pool with services cannot be dropped; suspending the pool suspends them.
    let (status, _) = rest.delete("/api/v2/compute-pools/pool1").await;
    assert_eq!(status, StatusCode::CONFLICT);
    rest.ok(Method::POST, "/api/v2/compute-pools/pool1:suspend", None)
        .await;
    assert_eq!(
        rest.get_ok(&format!("{SERVICES}/echo")).await["status"],
        "SUSPENDED"
    );
    rest.ok(Method::DELETE, &format!("{SERVICES}/echo"), None)
        .await;
    let (status, _) = rest.get(&format!("{SERVICES}/echo/status")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    rest.ok(
        Method::DELETE,
        &format!("{SERVICES}/echo?ifExists=true"),
        None,
    )
    .await;
    rest.ok(Method::DELETE, "/api/v2/compute-pools/pool1", None)
        .await;
    let (status, gone) = rest.get("/api/v2/compute-pools/pool1").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{gone}");
    rest.ok(Method::DELETE, &format!("{repositories}/images"), None)
        .await;
    let (status, _) = rest.get(&format!("{repositories}/images")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    rest.emulator.shutdown().await;
}
