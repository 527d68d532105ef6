//! REST API v2 databases and schemas over real HTTP: CRUD, createMode, errors, auth, request
//! ids, the shared catalog with SQL, the generated client, and long-running 202 operations.

use std::{sync::Arc, time::Duration};

use reqwest::Method;
use serde_json::{Value, json};
use snowapi_auth::StaticTokenProvider;
use snowapi_emulator::server::{Emulator, ResultFormat, RunningEmulator};
use snowapi_rest::{Outcome, RestClient, database, outcome, schema};

use crate::rest_support::{Answer, RawRest, login_reply, query_reply};

async fn start() -> RunningEmulator {
    Emulator::builder()
        .result_format(ResultFormat::Json)
        .start()
        .await
        .unwrap()
}

async fn login(emulator: &RunningEmulator) -> String {
    let reply = login_reply(emulator, "admin", "snowapi").await;
    reply["data"]["token"].as_str().unwrap().to_owned()
}

async fn sql(emulator: &RunningEmulator, token: &str, text: &str) -> Value {
    let reply = query_reply(emulator, token, text).await;
    assert_eq!(reply["success"], true, "{text}: {reply}");
    reply
}

/// Names in the first column of a query's rowset.
fn first_column(reply: &Value) -> Vec<String> {
    reply["data"]["rowset"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[1].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[track_caller]
fn assert_error(answer: &Answer, status: u16, code: &str) {
    assert_eq!(answer.status.as_u16(), status, "{}", answer.body);
    assert_eq!(answer.body["error_code"], code, "{}", answer.body);
    assert_eq!(answer.body["code"], code);
    assert!(
        answer.body["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    let id = answer.request_id.as_deref().expect("request id header");
    assert_eq!(answer.body["request_id"], id);
}

#[tokio::test]
async fn database_crud_create_modes_and_errors() {
    let emulator = start().await;
    let token = login(&emulator).await;
    let api = RawRest {
        emulator: &emulator,
        token: Some(token.as_str()),
    };

    let created = api.post("/api/v2/databases", r#"{"name":"rest_db","kind":"TRANSIENT","comment":"c1","dropped_on":null,"data_retention_time_in_days":1,"unknown":5}"#)
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(created.body["status"].as_str().unwrap().contains("REST_DB"));
    assert!(created.request_id.is_some());

    let again = api.post("/api/v2/databases", r#"{"name":"REST_DB"}"#).await;
    assert_error(&again, 409, "002002");
    let keep = api
        .post(
            "/api/v2/databases?createMode=ifNotExists",
            r#"{"name":"rest_db"}"#,
        )
        .await;
    assert_eq!(keep.status, 200);
    let fetched = api.get("/api/v2/databases/rest_db").await;
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.body["name"], "REST_DB");
    assert_eq!(fetched.body["kind"], "TRANSIENT");
    assert_eq!(
        fetched.body["comment"], "c1",
        "ifNotExists kept the database"
    );
    assert_eq!(fetched.body["data_retention_time_in_days"], 1);
    assert_eq!(fetched.body["owner"], "ACCOUNTADMIN");
    assert!(fetched.body["created_on"].as_str().unwrap().contains('T'));
    let bad_mode = api
        .post("/api/v2/databases?createMode=sometimes", r#"{"name":"x"}"#)
        .await;
    assert_error(&bad_mode, 400, "390400");
    let replaced = api
        .post(
            "/api/v2/databases?createMode=orReplace",
            r#"{"name":"rest_db","comment":"c2"}"#,
        )
        .await;
    assert_eq!(replaced.status, 200);
    let fetched = api.get("/api/v2/databases/REST_DB").await;
    assert_eq!(fetched.body["comment"], "c2");
    assert_eq!(fetched.body["kind"], "PERMANENT");

    // create_or_alter: alters the existing database, and creates a missing one.
    let put = api
        .put(
            "/api/v2/databases/rest_db",
            r#"{"name":"rest_db","comment":"c3","data_retention_time_in_days":3}"#,
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    let fetched = api.get("/api/v2/databases/rest_db").await;
    assert_eq!(
        (
            fetched.body["comment"].clone(),
            fetched.body["retention_time"].clone()
        ),
        (json!("c3"), json!(3))
    );
    let put = api
        .put("/api/v2/databases/rest_db", r#"{"name":"rest_db"}"#)
        .await;
    assert_eq!(put.status, 200);
    let fetched = api.get("/api/v2/databases/rest_db").await;
    assert_eq!(
        fetched.body["comment"],
        Value::Null,
        "PUT without comment unsets it"
    );
    let put_new = api
        .put(
            "/api/v2/databases/put_db",
            r#"{"name":"put_db","comment":"new"}"#,
        )
        .await;
    assert_eq!(put_new.status, 200);
    assert_eq!(
        api.get("/api/v2/databases/put_db").await.body["comment"],
        "new"
    );

    // Listing filters.
    let listed = api.get("/api/v2/databases?like=%25_db").await;
    let names: Vec<&str> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["PUT_DB", "REST_DB"]);
    let listed = api.get("/api/v2/databases?startsWith=REST").await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    let listed = api.get("/api/v2/databases?like=%25_db&showLimit=1").await;
    assert_eq!(listed.body[0]["name"], "PUT_DB");
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    let listed = api.get("/api/v2/databases?like=%25_db&fromName=Q").await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert_error(
        &api.get("/api/v2/databases?showLimit=0").await,
        400,
        "390400",
    );

    // Clone, drop, 404s, ifExists, undrop.
    let cloned = api
        .post("/api/v2/databases/rest_db:clone", r#"{"name":"rest_copy"}"#)
        .await;
    assert_eq!(cloned.status, 200, "{}", cloned.body);
    assert_eq!(api.get("/api/v2/databases/rest_copy").await.status, 200);
    let dup = api
        .post("/api/v2/databases/rest_db:clone", r#"{"name":"rest_copy"}"#)
        .await;
    assert_error(&dup, 409, "002002");
    let missing_source = api
        .post("/api/v2/databases/nope:clone", r#"{"name":"x2"}"#)
        .await;
    assert_error(&missing_source, 404, "002003");
    let dropped = api.delete("/api/v2/databases/rest_copy").await;
    assert_eq!(dropped.status, 200, "{}", dropped.body);
    assert_error(&api.get("/api/v2/databases/rest_copy").await, 404, "002003");
    assert_error(
        &api.delete("/api/v2/databases/rest_copy").await,
        404,
        "002003",
    );
    assert_eq!(
        api.delete("/api/v2/databases/rest_copy?ifExists=true")
            .await
            .status,
        200
    );
    let history = api
        .get("/api/v2/databases?history=true&like=rest_copy")
        .await;
    assert!(
        history.body[0]["dropped_on"].is_string(),
        "{}",
        history.body
    );
    let undropped = api
        .call(Method::POST, "/api/v2/databases/rest_copy:undrop", None)
        .await;
    assert_eq!(undropped.status, 200, "{}", undropped.body);
    assert_eq!(api.get("/api/v2/databases/rest_copy").await.status, 200);
    assert_error(
        &api.call(Method::POST, "/api/v2/databases/rest_copy:undrop", None)
            .await,
        409,
        "002002",
    );
}

#[tokio::test]
async fn bad_input_and_auth_are_4xx_with_request_ids() {
    let emulator = start().await;
    let token = login(&emulator).await;
    let api = RawRest {
        emulator: &emulator,
        token: Some(token.as_str()),
    };
    for (body, why) in [
        ("{nope", "not JSON"),
        ("{}", "missing name"),
        (r#"{"name": 5}"#, "wrong type"),
        ("", "empty"),
        (r#"{"name": "  "}"#, "blank name"),
        (r#"{"name": "x", "kind": "SIDEWAYS"}"#, "bad kind"),
    ] {
        let answer = api.post("/api/v2/databases", body).await;
        assert_eq!(answer.status, 400, "{why}: {}", answer.body);
        assert_eq!(answer.body["error_code"], "390400", "{why}");
        assert!(answer.request_id.is_some());
    }
    let unauthorized = RawRest {
        emulator: &emulator,
        token: None,
    }
    .call(Method::GET, "/api/v2/databases", None)
    .await;
    assert_error(&unauthorized, 401, "390101");
    let forged = RawRest {
        emulator: &emulator,
        token: Some("forged"),
    }
    .call(Method::GET, "/api/v2/databases", None)
    .await;
    assert_error(&forged, 401, "390303");
    let patch = api.call(Method::PATCH, "/api/v2/databases", None).await;
    assert_error(&patch, 405, "390400");

    // Odd names are quoted; quoted names keep their case.
    for name in ["my db", "thé_café", "a\"b", "\"MixedCase\""] {
        let body = json!({"name": name}).to_string();
        let created = api.post("/api/v2/databases", &body).await;
        assert_eq!(created.status, 200, "{name}: {}", created.body);
        let path = format!("/api/v2/databases/{}", urlencode(name));
        let fetched = api.get(&path).await;
        assert_eq!(fetched.status, 200, "{name}: {}", fetched.body);
        let expected = name.trim_matches('"');
        assert_eq!(fetched.body["name"], expected);
        assert_eq!(api.delete(&path).await.status, 200);
    }
    assert_error(&api.get("/api/v2/databases/mixedcase").await, 404, "002003");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn rest_and_sql_share_the_catalog() {
    let emulator = start().await;
    let token = login(&emulator).await;
    let api = RawRest {
        emulator: &emulator,
        token: Some(token.as_str()),
    };
    let created = api
        .post("/api/v2/databases", r#"{"name":"from_rest"}"#)
        .await;
    assert_eq!(created.status, 200);
    let shown = sql(&emulator, &token, "show databases like 'FROM_%'").await;
    assert_eq!(first_column(&shown), ["FROM_REST"]);
    sql(
        &emulator,
        &token,
        "create database from_sql comment = 'via sql'",
    )
    .await;
    let fetched = api.get("/api/v2/databases/from_sql").await;
    assert_eq!(fetched.body["comment"], "via sql");
    // A REST call does not move the connector session's current database.
    let current = sql(&emulator, &token, "select current_database()").await;
    assert_eq!(current["data"]["rowset"][0][0], "FROM_SQL");
    let schema = api
        .post("/api/v2/databases/from_sql/schemas", r#"{"name":"s1"}"#)
        .await;
    assert_eq!(schema.status, 200, "{}", schema.body);
    let shown = sql(&emulator, &token, "show schemas in database from_sql").await;
    assert!(first_column(&shown).contains(&"S1".to_owned()), "{shown}");
}

fn client(emulator: &RunningEmulator, token: &str) -> RestClient {
    RestClient::builder(emulator.url())
        .token_provider(Arc::new(StaticTokenProvider::session(token)))
        .build()
        .unwrap()
}

fn name<T: From<String>>(text: &str) -> T {
    T::from(text.to_owned())
}

#[tokio::test]
async fn generated_client_drives_databases_and_schemas() {
    let emulator = start().await;
    let token = login(&emulator).await;
    let rest = client(&emulator, &token);
    let dbs: database::Client = rest.api();
    let body: database::types::Database =
        serde_json::from_value(json!({"name": "gen_db", "comment": "generated"})).unwrap();
    dbs.create_database(None, None, &body).await.unwrap();
    let conflict = dbs.create_database(None, None, &body).await.unwrap_err();
    let conflict = snowapi_rest::RestError::from(conflict);
    assert_eq!(conflict.status().map(|s| s.as_u16()), Some(409));
    assert_eq!(conflict.code(), Some("002002"));
    dbs.create_database(Some(database::types::CreateMode::IfNotExists), None, &body)
        .await
        .unwrap();
    let fetched = dbs
        .fetch_database(&name("gen_db"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fetched.name.as_str(), "GEN_DB");
    assert_eq!(fetched.comment.as_deref(), Some("generated"));
    assert_eq!(fetched.kind, Some(database::types::DatabaseKind::Permanent));
    assert!(fetched.created_on.is_some());
    let listed = dbs
        .list_databases(None, None, Some("gen%"), None, None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.len(), 1);
    let altered: database::types::Database =
        serde_json::from_value(json!({"name": "gen_db", "comment": "altered"})).unwrap();
    dbs.create_or_alter_database(&name("gen_db"), &altered)
        .await
        .unwrap();
    assert_eq!(
        dbs.fetch_database(&name("gen_db"))
            .await
            .unwrap()
            .into_inner()
            .comment
            .as_deref(),
        Some("altered")
    );
    let clone: database::types::DatabaseClone =
        serde_json::from_value(json!({"name": "gen_clone"})).unwrap();
    dbs.clone_database(&name("gen_db"), None, &clone)
        .await
        .unwrap();

    let schemas: schema::Client = rest.api();
    let s: schema::types::Schema =
        serde_json::from_value(json!({"name": "gen_s", "comment": "sc"})).unwrap();
    schemas
        .create_schema(&name("gen_db"), None, None, &s)
        .await
        .unwrap();
    let fetched = schemas
        .fetch_schema(&name("gen_db"), &name("gen_s"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fetched.name.as_str(), "GEN_S");
    assert_eq!(fetched.database_name.as_deref(), Some("GEN_DB"));
    assert_eq!(fetched.comment.as_deref(), Some("sc"));
    let listed = schemas
        .list_schemas(&name("gen_db"), None, None, Some("gen%"), None, None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.len(), 1);
    schemas
        .delete_schema(&name("gen_db"), &name("gen_s"), None, None)
        .await
        .unwrap();
    let missing = schemas
        .fetch_schema(&name("gen_db"), &name("gen_s"))
        .await
        .unwrap_err();
    assert_eq!(
        snowapi_rest::RestError::from(missing)
            .status()
            .map(|s| s.as_u16()),
        Some(404)
    );
    schemas
        .undrop_schema(&name("gen_db"), &name("gen_s"))
        .await
        .unwrap();
    schemas
        .fetch_schema(&name("gen_db"), &name("gen_s"))
        .await
        .unwrap();

    dbs.delete_database(&name("gen_db"), None, None)
        .await
        .unwrap();
    let missing = dbs.fetch_database(&name("gen_db")).await.unwrap_err();
    let missing = snowapi_rest::RestError::from(missing);
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(missing.code(), Some("002003"));
    assert!(missing.request_id().is_some());
    dbs.delete_database(&name("gen_db"), Some(true), None)
        .await
        .unwrap();
    dbs.undrop_database(&name("gen_db")).await.unwrap();
    dbs.fetch_database(&name("gen_db")).await.unwrap();
}

#[tokio::test]
async fn long_running_operations_answer_202_and_results() {
    let emulator = Emulator::builder()
        .rest_long_running("POST /api/v2/databases", Duration::from_millis(400))
        .start()
        .await
        .unwrap();
    let token = login(&emulator).await;
    let api = RawRest {
        emulator: &emulator,
        token: Some(token.as_str()),
    };
    let accepted = api.post("/api/v2/databases", r#"{"name":"slow_db"}"#).await;
    assert_eq!(accepted.status, 202, "{}", accepted.body);
    assert_eq!(accepted.body["code"], "392604");
    let handle = accepted.body["resultHandler"].as_str().unwrap().to_owned();
    let location = accepted.location.clone().unwrap();
    assert_eq!(location, format!("/api/v2/results/{handle}"));
    assert!(accepted.request_id.is_some());
    // Still pending: the database does not exist yet.
    let pending = api.get(&location).await;
    assert_eq!(pending.status, 202);
    assert_eq!(pending.location.as_deref(), Some(location.as_str()));
    assert_eq!(api.get("/api/v2/databases/slow_db").await.status, 404);
    tokio::time::sleep(Duration::from_millis(700)).await;
    let done = api.get(&location).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body["status"].as_str().unwrap().contains("SLOW_DB"));
    assert_eq!(api.get("/api/v2/databases/slow_db").await.status, 200);
    // A failing long-running operation answers its error once done.
    let second = api.post("/api/v2/databases", r#"{"name":"slow_db"}"#).await;
    let location = second.location.unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    let failed = api.get(&location).await;
    assert_eq!(failed.status, 409);
    assert_eq!(failed.body["error_code"], "002002");
    assert_error(&api.get("/api/v2/results/unknown").await, 404, "000709");
    assert_eq!(
        RawRest {
            emulator: &emulator,
            token: None
        }
        .call(Method::GET, &location, None)
        .await
        .status,
        401
    );

    // The generated client sees the 202 as an Accepted outcome.
    let dbs: database::Client = client(&emulator, &token).api();
    let body: database::types::Database = serde_json::from_value(json!({"name": "slow2"})).unwrap();
    let accepted = match outcome(dbs.create_database(None, None, &body).await)
        .await
        .unwrap()
    {
        Outcome::Accepted(accepted) => accepted,
        Outcome::Done(_) => panic!("expected 202"),
    };
    assert!(accepted.location.starts_with("/api/v2/results/"));
    assert_eq!(accepted.code.as_deref(), Some("392604"));
    tokio::time::sleep(Duration::from_millis(700)).await;
    let polled = api.get(&accepted.location).await;
    assert_eq!(polled.status, 200);
    // Fetches are not configured as long-running.
    assert_eq!(
        outcome(dbs.fetch_database(&name("slow2")).await)
            .await
            .unwrap()
            .done()
            .unwrap()
            .name
            .as_str(),
        "SLOW2"
    );
}

#[tokio::test]
async fn schema_create_modes_clone_and_database_roles() {
    let emulator = start().await;
    let token = login(&emulator).await;
    let api = RawRest {
        emulator: &emulator,
        token: Some(token.as_str()),
    };
    assert_eq!(
        api.post("/api/v2/databases", r#"{"name":"sdb"}"#)
            .await
            .status,
        200
    );
    assert_eq!(
        api.post("/api/v2/databases", r#"{"name":"other"}"#)
            .await
            .status,
        200
    );
    let base = "/api/v2/databases/sdb/schemas";
    let created = api
        .post(
            base,
            r#"{"name":"s","kind":"TRANSIENT","managed_access":true,"comment":"one"}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_error(&api.post(base, r#"{"name":"S"}"#).await, 409, "002002");
    assert_eq!(
        api.post(&format!("{base}?createMode=ifNotExists"), r#"{"name":"s"}"#)
            .await
            .status,
        200
    );
    let fetched = api.get(&format!("{base}/s")).await;
    assert_eq!(fetched.body["kind"], "TRANSIENT", "{}", fetched.body);
    assert_eq!(fetched.body["managed_access"], true);
    assert_eq!(fetched.body["comment"], "one");
    assert_eq!(fetched.body["database_name"], "SDB");
    let put = api
        .put(
            &format!("{base}/s"),
            r#"{"name":"s","kind":"TRANSIENT","comment":"two"}"#,
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    let fetched = api.get(&format!("{base}/s")).await;
    assert_eq!(
        (
            fetched.body["comment"].clone(),
            fetched.body["managed_access"].clone()
        ),
        (json!("two"), json!(false))
    );
    assert_eq!(
        api.post(&format!("{base}?createMode=orReplace"), r#"{"name":"s"}"#)
            .await
            .status,
        200
    );
    assert_eq!(
        api.get(&format!("{base}/s")).await.body["kind"],
        "PERMANENT"
    );
    let cloned = api
        .post(
            &format!("{base}/s:clone?targetDatabase=other"),
            r#"{"name":"s_copy"}"#,
        )
        .await;
    assert_eq!(cloned.status, 200, "{}", cloned.body);
    assert_eq!(
        api.get("/api/v2/databases/other/schemas/s_copy")
            .await
            .status,
        200
    );
    assert_error(
        &api.get("/api/v2/databases/nodb/schemas/s").await,
        404,
        "002003",
    );
    assert_error(&api.get(&format!("{base}/nope")).await, 404, "002003");
    assert_error(&api.delete(&format!("{base}/nope")).await, 404, "002003");
    assert_eq!(
        api.delete(&format!("{base}/nope?ifExists=true"))
            .await
            .status,
        200
    );
    let listed = api.get(&format!("{base}?startsWith=S")).await;
    let names: Vec<&str> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["S"]);

    // Database roles.
    let roles = "/api/v2/databases/sdb/database-roles";
    assert_eq!(
        api.post(roles, r#"{"name":"r1","comment":"first"}"#)
            .await
            .status,
        200
    );
    assert_eq!(api.post(roles, r#"{"name":"r2"}"#).await.status, 200);
    assert_error(&api.post(roles, r#"{"name":"r1"}"#).await, 409, "002002");
    assert_eq!(
        api.post(
            &format!("{roles}?createMode=orReplace"),
            r#"{"name":"r1","comment":"again"}"#
        )
        .await
        .status,
        200
    );
    let listed = api.get(roles).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let listed = listed.body.as_array().unwrap().clone();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["name"], "R1");
    assert_eq!(listed[0]["comment"], "again");
    assert_eq!(listed[0]["granted_to_roles"], 0);
    let limited = api.get(&format!("{roles}?showLimit=1&fromName=R1")).await;
    assert_eq!(limited.body.as_array().unwrap().len(), 1);
    assert_eq!(limited.body[0]["name"], "R2");
    assert_eq!(api.delete(&format!("{roles}/r2")).await.status, 200);
    assert_error(&api.delete(&format!("{roles}/r2")).await, 404, "002003");
    assert_eq!(
        api.delete(&format!("{roles}/r2?ifExists=true"))
            .await
            .status,
        200
    );
    assert_eq!(
        api.post(&format!("{roles}/r1:clone"), r#"{"name":"r3"}"#)
            .await
            .status,
        200
    );
    let shown = sql(&emulator, &token, "show database roles in database sdb").await;
    assert_eq!(first_column(&shown), ["R1", "R3"]);
}
