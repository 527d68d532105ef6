//! REST API v2 tags: `:set-tags`, `:unset-tags` and `:get-tags` on every taggable resource,
//! over the same catalog as SQL's `ALTER … SET TAG` and `SYSTEM$GET_TAG`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::rest_support::Rest;

/// Objects of every kind, a tag `TDB.S.COST` and a tag `TDB.S.ENV` with allowed values.
async fn setup(rest: &Rest) {
    for sql in [
        "create database tdb",
        "create schema tdb.s",
        "create tag tdb.s.cost comment = 'who pays'",
        "create tag tdb.s.env allowed_values 'dev', 'prod'",
        "create table tdb.s.t (a int)",
        "create view tdb.s.v as select a from tdb.s.t",
        "create stage tdb.s.st",
        "create warehouse tw",
        "create role tr",
        "create user tu",
        "create database role tdb.dr",
        "create task tdb.s.tk warehouse = tw as select 1",
        "create compute pool tp min_nodes = 1 max_nodes = 1 instance_family = cpu_x64_xs",
        "create image repository tdb.s.ir",
        "create service tdb.s.sv in compute pool tp from specification 'spec: {}'",
    ] {
        rest.sql(sql).await;
    }
}

/// Every taggable resource: its REST path and its domain for SYSTEM$GET_TAG.
const RESOURCES: &[(&str, &str, &str)] = &[
    ("/api/v2/databases/tdb", "TDB", "database"),
    ("/api/v2/databases/tdb/schemas/s", "TDB.S", "schema"),
    (
        "/api/v2/databases/tdb/schemas/s/tables/t",
        "TDB.S.T",
        "table",
    ),
    (
        "/api/v2/databases/tdb/schemas/s/views/v",
        "TDB.S.V",
        "table",
    ),
    ("/api/v2/warehouses/tw", "TW", "warehouse"),
    ("/api/v2/roles/tr", "TR", "role"),
    ("/api/v2/users/tu", "TU", "user"),
    (
        "/api/v2/databases/tdb/database-roles/dr",
        "TDB.DR",
        "database role",
    ),
    (
        "/api/v2/databases/tdb/schemas/s/tasks/tk",
        "TDB.S.TK",
        "task",
    ),
    ("/api/v2/compute-pools/tp", "TP", "compute pool"),
    (
        "/api/v2/databases/tdb/schemas/s/image-repositories/ir",
        "TDB.S.IR",
        "image repository",
    ),
    (
        "/api/v2/databases/tdb/schemas/s/services/sv",
        "TDB.S.SV",
        "service",
    ),
];

async fn get_tag(rest: &Rest, object: &str, domain: &str) -> Value {
    rest.sql(&format!(
        "select system$get_tag('tdb.s.cost', '{object}', '{domain}')"
    ))
    .await[0][0]
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_tags_set_get_and_unset_on_every_resource() {
    let rest = Rest::start().await;
    setup(&rest).await;
    for (path, object, domain) in RESOURCES {
        let value = format!("v-{domain}");
        let (status, answer) = rest
            .post(
                &format!("{path}:set-tags"),
                json!([{"tag_database": "tdb", "tag_schema": "s", "tag_name": "cost",
                        "tag_value": value}]),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
        let (status, tags) = rest.get(&format!("{path}:get-tags")).await;
        assert_eq!(status, StatusCode::OK, "{path}: {tags}");
        assert_eq!(
            tags,
            json!([{"tag_database": "TDB", "tag_schema": "S", "tag_name": "COST",
                    "tag_value": value}]),
            "{path}"
        );
        // Set over REST, read by SQL.
        assert_eq!(get_tag(&rest, object, domain).await, json!(value), "{path}");
        let (status, answer) = rest
            .post(
                &format!("{path}:unset-tags"),
                json!([{"tag_database": "tdb", "tag_schema": "s", "tag_name": "cost"}]),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
        let (_, tags) = rest.get(&format!("{path}:get-tags")).await;
        assert_eq!(tags, json!([]), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_tags_resolve_lineage_and_errors_like_snowflake() {
    let rest = Rest::start().await;
    setup(&rest).await;
    let table = "/api/v2/databases/tdb/schemas/s/tables/t";
    // An unqualified tag lives in the object's schema; SQL sees what REST set and vice versa.
    let (status, answer) = rest
        .post(
            &format!("{table}:set-tags"),
            json!([{"tag_name": "cost", "tag_value": "sales"},
                   {"tag_name": "env", "tag_value": "dev"}]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(get_tag(&rest, "TDB.S.T", "table").await, json!("sales"));
    rest.sql("alter table tdb.s.t set tag tdb.s.cost = 'eng'")
        .await;
    let (_, tags) = rest.get(&format!("{table}:get-tags")).await;
    let values: Vec<(&str, &str)> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["tag_name"].as_str().unwrap(),
                t["tag_value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(values, [("COST", "eng"), ("ENV", "dev")]);
    assert!(tags[0].get("level").is_none(), "{tags}");

    // withLineage adds what the database and schema carry, each with its level.
    rest.sql("alter database tdb set tag tdb.s.env = 'prod'")
        .await;
    rest.sql("alter table tdb.s.t unset tag tdb.s.env").await;
    let (_, tags) = rest
        .get(&format!("{table}:get-tags?withLineage=true"))
        .await;
    assert_eq!(
        tags,
        json!([
            {"tag_database": "TDB", "tag_schema": "S", "tag_name": "COST", "tag_value": "eng",
             "level": "TABLE"},
            {"tag_database": "TDB", "tag_schema": "S", "tag_name": "ENV", "tag_value": "prod",
             "level": "DATABASE"},
        ])
    );

    // A value outside ALLOWED_VALUES is a 400; an unknown tag or object a 404 with 002003.
    let (status, answer) = rest
        .post(
            &format!("{table}:set-tags"),
            json!([{"tag_name": "env", "tag_value": "qa"}]),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = rest
        .post(
            &format!("{table}:set-tags"),
            json!([{"tag_name": "nope", "tag_value": "x"}]),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert_eq!(answer["code"], "002003");
    assert!(
        answer["message"].as_str().unwrap().contains("TDB.S.NOPE"),
        "{answer}"
    );
    let missing = "/api/v2/databases/tdb/schemas/s/tables/missing";
    let body = json!([{"tag_name": "cost", "tag_value": "x"}]);
    let (status, answer) = rest
        .post(&format!("{missing}:set-tags"), body.clone())
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    let (status, answer) = rest
        .post(&format!("{missing}:set-tags?ifExists=true"), body)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) = rest.get(&format!("{missing}:get-tags")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    let (status, answer) = rest.get("/api/v2/warehouses/nope:get-tags").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");

    // Account objects have no schema to lend: the tag must be qualified.
    let (status, answer) = rest
        .post(
            "/api/v2/warehouses/tw:set-tags",
            json!([{"tag_name": "cost", "tag_value": "x"}]),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains("qualified"),
        "{answer}"
    );
    // Bodies: not an array, a missing value, no tags at all.
    for body in [
        json!({"tag_name": "cost"}),
        json!([{"tag_name": "cost"}]),
        json!([]),
    ] {
        let (status, answer) = rest.post(&format!("{table}:set-tags"), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    }
}

/// The object parameters of databases and schemas every writable-field test sets.
fn parameters() -> Value {
    json!({
        "default_ddl_collation": "en-ci",
        "log_level": "INFO",
        "max_data_extension_time_in_days": 20,
        "suspend_task_after_num_failures": 3,
        "trace_level": "ON_EVENT",
        "user_task_managed_initial_warehouse_size": "SMALL",
        "user_task_timeout_ms": 60000,
        "serverless_task_min_statement_size": "XSMALL",
        "serverless_task_max_statement_size": "LARGE",
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_database_and_schema_fields_round_trip() {
    let rest = Rest::start().await;
    let mut database = parameters();
    database["name"] = json!("pdb");
    database["kind"] = json!("TRANSIENT");
    database["comment"] = json!("kept");
    database["data_retention_time_in_days"] = json!(0);
    let (status, answer) = rest.post("/api/v2/databases", database.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, fetched) = rest.get("/api/v2/databases/pdb").await;
    for (field, value) in database.as_object().unwrap() {
        let expected = if field == "name" {
            json!("PDB")
        } else {
            value.clone()
        };
        assert_eq!(fetched[field], expected, "database {field}: {fetched}");
    }
    let (_, listed) = rest.get("/api/v2/databases?like=pdb").await;
    assert_eq!(listed[0]["log_level"], "INFO", "{listed}");

    let mut schema = parameters();
    schema["name"] = json!("ps");
    schema["comment"] = json!("kept too");
    schema["managed_access"] = json!(true);
    schema["pipe_execution_paused"] = json!(true);
    let (status, answer) = rest
        .post("/api/v2/databases/pdb/schemas", schema.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, fetched) = rest.get("/api/v2/databases/pdb/schemas/ps").await;
    for (field, value) in schema.as_object().unwrap() {
        let expected = if field == "name" {
            json!("PS")
        } else {
            value.clone()
        };
        assert_eq!(fetched[field], expected, "schema {field}: {fetched}");
    }

    // create_or_alter puts left-out parameters back to their defaults.
    let (status, answer) = rest
        .put(
            "/api/v2/databases/pdb",
            json!({"name": "pdb", "log_level": "WARN"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, fetched) = rest.get("/api/v2/databases/pdb").await;
    assert_eq!(fetched["log_level"], "WARN");
    assert!(fetched["trace_level"].is_null(), "{fetched}");

    // A value of the wrong kind is a 400 naming the field, before anything is created.
    let (status, answer) = rest
        .post(
            "/api/v2/databases",
            json!({"name": "bad", "user_task_timeout_ms": "soon"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("user_task_timeout_ms"),
        "{answer}"
    );
    let (status, _) = rest.get("/api/v2/databases/bad").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
