//! REST API v2 databases and schemas over real HTTP: CRUD, createMode, errors, auth, request
//! ids, the shared catalog with SQL, the generated client, and long-running 202 operations.

use std::{sync::Arc, time::Duration};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use snowapi_auth::StaticTokenProvider;
use snowapi_emulator::server::{Emulator, ResultFormat, RunningEmulator};
use snowapi_rest::{Outcome, RestClient, database, outcome, schema};

async fn start() -> RunningEmulator {
    Emulator::builder()
        .result_format(ResultFormat::Json)
        .start()
        .await
        .unwrap()
}

async fn login(emulator: &RunningEmulator) -> String {
    let reply: Value = reqwest::Client::new()
        .post(format!("{}/session/v1/login-request", emulator.url()))
        .json(&json!({"data": {"LOGIN_NAME": "admin", "PASSWORD": "snowapi", "ACCOUNT_NAME": "SNOWAPI"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["data"]["token"].as_str().unwrap().to_owned()
}

/// One REST call: status, request id header, JSON body (null when empty).
struct Answer {
    status: StatusCode,
    request_id: Option<String>,
    location: Option<String>,
    body: Value,
}

async fn call(
    emulator: &RunningEmulator,
    token: Option<&str>,
    method: Method,
    path: &str,
    body: Option<&str>,
) -> Answer {
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", emulator.url()));
    if let Some(token) = token {
        request = request.header("Authorization", format!("Snowflake Token=\"{token}\""));
    }
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let (request_id, location) = (header("x-snowflake-request-id"), header("location"));
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text}: {e}"))
    };
    Answer {
        status,
        request_id,
        location,
        body,
    }
}

async fn sql(emulator: &RunningEmulator, token: &str, text: &str) -> Value {
    let reply: Value = reqwest::Client::new()
        .post(format!(
            "{}/queries/v1/query-request?requestId=1",
            emulator.url()
        ))
        .header("Authorization", format!("Snowflake Token=\"{token}\""))
        .json(&json!({"sqlText": text, "sequenceId": 1}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
    let t = Some(token.as_str());

    let created = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases",
        Some(r#"{"name":"rest_db","kind":"TRANSIENT","comment":"c1","dropped_on":null,"data_retention_time_in_days":1,"unknown":5}"#),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(created.body["status"].as_str().unwrap().contains("REST_DB"));
    assert!(created.request_id.is_some());

    let again = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases",
        Some(r#"{"name":"REST_DB"}"#),
    )
    .await;
    assert_error(&again, 409, "002002");
    let keep = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases?createMode=ifNotExists",
        Some(r#"{"name":"rest_db"}"#),
    )
    .await;
    assert_eq!(keep.status, 200);
    let fetched = call(&emulator, t, Method::GET, "/api/v2/databases/rest_db", None).await;
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
    let bad_mode = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases?createMode=sometimes",
        Some(r#"{"name":"x"}"#),
    )
    .await;
    assert_error(&bad_mode, 400, "390400");
    let replaced = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases?createMode=orReplace",
        Some(r#"{"name":"rest_db","comment":"c2"}"#),
    )
    .await;
    assert_eq!(replaced.status, 200);
    let fetched = call(&emulator, t, Method::GET, "/api/v2/databases/REST_DB", None).await;
    assert_eq!(fetched.body["comment"], "c2");
    assert_eq!(fetched.body["kind"], "PERMANENT");

    // create_or_alter: alters the existing database, and creates a missing one.
    let put = call(
        &emulator,
        t,
        Method::PUT,
        "/api/v2/databases/rest_db",
        Some(r#"{"name":"rest_db","comment":"c3","data_retention_time_in_days":3}"#),
    )
    .await;
    assert_eq!(put.status, 200, "{}", put.body);
    let fetched = call(&emulator, t, Method::GET, "/api/v2/databases/rest_db", None).await;
    assert_eq!(
        (
            fetched.body["comment"].clone(),
            fetched.body["retention_time"].clone()
        ),
        (json!("c3"), json!(3))
    );
    let put = call(
        &emulator,
        t,
        Method::PUT,
        "/api/v2/databases/rest_db",
        Some(r#"{"name":"rest_db"}"#),
    )
    .await;
    assert_eq!(put.status, 200);
    let fetched = call(&emulator, t, Method::GET, "/api/v2/databases/rest_db", None).await;
    assert_eq!(
        fetched.body["comment"],
        Value::Null,
        "PUT without comment unsets it"
    );
    let put_new = call(
        &emulator,
        t,
        Method::PUT,
        "/api/v2/databases/put_db",
        Some(r#"{"name":"put_db","comment":"new"}"#),
    )
    .await;
    assert_eq!(put_new.status, 200);
    assert_eq!(
        call(&emulator, t, Method::GET, "/api/v2/databases/put_db", None)
            .await
            .body["comment"],
        "new"
    );

    // Listing filters.
    let listed = call(
        &emulator,
        t,
        Method::GET,
        "/api/v2/databases?like=%25_db",
        None,
    )
    .await;
    let names: Vec<&str> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["PUT_DB", "REST_DB"]);
    let listed = call(
        &emulator,
        t,
        Method::GET,
        "/api/v2/databases?startsWith=REST",
        None,
    )
    .await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    let listed = call(
        &emulator,
        t,
        Method::GET,
        "/api/v2/databases?like=%25_db&showLimit=1",
        None,
    )
    .await;
    assert_eq!(listed.body[0]["name"], "PUT_DB");
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    let listed = call(
        &emulator,
        t,
        Method::GET,
        "/api/v2/databases?like=%25_db&fromName=Q",
        None,
    )
    .await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert_error(
        &call(
            &emulator,
            t,
            Method::GET,
            "/api/v2/databases?showLimit=0",
            None,
        )
        .await,
        400,
        "390400",
    );

    // Clone, drop, 404s, ifExists, undrop.
    let cloned = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases/rest_db:clone",
        Some(r#"{"name":"rest_copy"}"#),
    )
    .await;
    assert_eq!(cloned.status, 200, "{}", cloned.body);
    assert_eq!(
        call(
            &emulator,
            t,
            Method::GET,
            "/api/v2/databases/rest_copy",
            None
        )
        .await
        .status,
        200
    );
    let dup = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases/rest_db:clone",
        Some(r#"{"name":"rest_copy"}"#),
    )
    .await;
    assert_error(&dup, 409, "002002");
    let missing_source = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases/nope:clone",
        Some(r#"{"name":"x2"}"#),
    )
    .await;
    assert_error(&missing_source, 404, "002003");
    let dropped = call(
        &emulator,
        t,
        Method::DELETE,
        "/api/v2/databases/rest_copy",
        None,
    )
    .await;
    assert_eq!(dropped.status, 200, "{}", dropped.body);
    assert_error(
        &call(
            &emulator,
            t,
            Method::GET,
            "/api/v2/databases/rest_copy",
            None,
        )
        .await,
        404,
        "002003",
    );
    assert_error(
        &call(
            &emulator,
            t,
            Method::DELETE,
            "/api/v2/databases/rest_copy",
            None,
        )
        .await,
        404,
        "002003",
    );
    assert_eq!(
        call(
            &emulator,
            t,
            Method::DELETE,
            "/api/v2/databases/rest_copy?ifExists=true",
            None
        )
        .await
        .status,
        200
    );
    let history = call(
        &emulator,
        t,
        Method::GET,
        "/api/v2/databases?history=true&like=rest_copy",
        None,
    )
    .await;
    assert!(
        history.body[0]["dropped_on"].is_string(),
        "{}",
        history.body
    );
    let undropped = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases/rest_copy:undrop",
        None,
    )
    .await;
    assert_eq!(undropped.status, 200, "{}", undropped.body);
    assert_eq!(
        call(
            &emulator,
            t,
            Method::GET,
            "/api/v2/databases/rest_copy",
            None
        )
        .await
        .status,
        200
    );
    assert_error(
        &call(
            &emulator,
            t,
            Method::POST,
            "/api/v2/databases/rest_copy:undrop",
            None,
        )
        .await,
        409,
        "002002",
    );
}

#[tokio::test]
async fn bad_input_and_auth_are_4xx_with_request_ids() {
    let emulator = start().await;
    let token = login(&emulator).await;
    let t = Some(token.as_str());
    for (body, why) in [
        ("{nope", "not JSON"),
        ("{}", "missing name"),
        (r#"{"name": 5}"#, "wrong type"),
        ("", "empty"),
        (r#"{"name": "  "}"#, "blank name"),
        (r#"{"name": "x", "kind": "SIDEWAYS"}"#, "bad kind"),
    ] {
        let answer = call(&emulator, t, Method::POST, "/api/v2/databases", Some(body)).await;
        assert_eq!(answer.status, 400, "{why}: {}", answer.body);
        assert_eq!(answer.body["error_code"], "390400", "{why}");
        assert!(answer.request_id.is_some());
    }
    let unauthorized = call(&emulator, None, Method::GET, "/api/v2/databases", None).await;
    assert_error(&unauthorized, 401, "390101");
    let forged = call(
        &emulator,
        Some("forged"),
        Method::GET,
        "/api/v2/databases",
        None,
    )
    .await;
    assert_error(&forged, 401, "390303");
    let patch = call(&emulator, t, Method::PATCH, "/api/v2/databases", None).await;
    assert_error(&patch, 405, "390400");

    // Odd names are quoted; quoted names keep their case.
    for name in ["my db", "thé_café", "a\"b", "\"MixedCase\""] {
        let body = json!({"name": name}).to_string();
        let created = call(&emulator, t, Method::POST, "/api/v2/databases", Some(&body)).await;
        assert_eq!(created.status, 200, "{name}: {}", created.body);
        let path = format!("/api/v2/databases/{}", urlencode(name));
        let fetched = call(&emulator, t, Method::GET, &path, None).await;
        assert_eq!(fetched.status, 200, "{name}: {}", fetched.body);
        let expected = name.trim_matches('"');
        assert_eq!(fetched.body["name"], expected);
        assert_eq!(
            call(&emulator, t, Method::DELETE, &path, None).await.status,
            200
        );
    }
    assert_error(
        &call(
            &emulator,
            t,
            Method::GET,
            "/api/v2/databases/mixedcase",
            None,
        )
        .await,
        404,
        "002003",
    );
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
    let t = Some(token.as_str());
    let created = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases",
        Some(r#"{"name":"from_rest"}"#),
    )
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
    let fetched = call(
        &emulator,
        t,
        Method::GET,
        "/api/v2/databases/from_sql",
        None,
    )
    .await;
    assert_eq!(fetched.body["comment"], "via sql");
    // A REST call does not move the connector session's current database.
    let current = sql(&emulator, &token, "select current_database()").await;
    assert_eq!(current["data"]["rowset"][0][0], "FROM_SQL");
    let schema = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases/from_sql/schemas",
        Some(r#"{"name":"s1"}"#),
    )
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
    let t = Some(token.as_str());
    let accepted = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases",
        Some(r#"{"name":"slow_db"}"#),
    )
    .await;
    assert_eq!(accepted.status, 202, "{}", accepted.body);
    assert_eq!(accepted.body["code"], "392604");
    let handle = accepted.body["resultHandler"].as_str().unwrap().to_owned();
    let location = accepted.location.clone().unwrap();
    assert_eq!(location, format!("/api/v2/results/{handle}"));
    assert!(accepted.request_id.is_some());
    // Still pending: the database does not exist yet.
    let pending = call(&emulator, t, Method::GET, &location, None).await;
    assert_eq!(pending.status, 202);
    assert_eq!(pending.location.as_deref(), Some(location.as_str()));
    assert_eq!(
        call(&emulator, t, Method::GET, "/api/v2/databases/slow_db", None)
            .await
            .status,
        404
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    let done = call(&emulator, t, Method::GET, &location, None).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body["status"].as_str().unwrap().contains("SLOW_DB"));
    assert_eq!(
        call(&emulator, t, Method::GET, "/api/v2/databases/slow_db", None)
            .await
            .status,
        200
    );
    // A failing long-running operation answers its error once done.
    let second = call(
        &emulator,
        t,
        Method::POST,
        "/api/v2/databases",
        Some(r#"{"name":"slow_db"}"#),
    )
    .await;
    let location = second.location.unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    let failed = call(&emulator, t, Method::GET, &location, None).await;
    assert_eq!(failed.status, 409);
    assert_eq!(failed.body["error_code"], "002002");
    assert_error(
        &call(&emulator, t, Method::GET, "/api/v2/results/unknown", None).await,
        404,
        "000709",
    );
    assert_eq!(
        call(&emulator, None, Method::GET, &location, None)
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
    let polled = call(&emulator, t, Method::GET, &accepted.location, None).await;
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
    let t = Some(token.as_str());
    assert_eq!(
        call(
            &emulator,
            t,
            Method::POST,
            "/api/v2/databases",
            Some(r#"{"name":"sdb"}"#)
        )
        .await
        .status,
        200
    );
    assert_eq!(
        call(
            &emulator,
            t,
            Method::POST,
            "/api/v2/databases",
            Some(r#"{"name":"other"}"#)
        )
        .await
        .status,
        200
    );
    let base = "/api/v2/databases/sdb/schemas";
    let created = call(
        &emulator,
        t,
        Method::POST,
        base,
        Some(r#"{"name":"s","kind":"TRANSIENT","managed_access":true,"comment":"one"}"#),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_error(
        &call(&emulator, t, Method::POST, base, Some(r#"{"name":"S"}"#)).await,
        409,
        "002002",
    );
    assert_eq!(
        call(
            &emulator,
            t,
            Method::POST,
            &format!("{base}?createMode=ifNotExists"),
            Some(r#"{"name":"s"}"#)
        )
        .await
        .status,
        200
    );
    let fetched = call(&emulator, t, Method::GET, &format!("{base}/s"), None).await;
    assert_eq!(fetched.body["kind"], "TRANSIENT", "{}", fetched.body);
    assert_eq!(fetched.body["managed_access"], true);
    assert_eq!(fetched.body["comment"], "one");
    assert_eq!(fetched.body["database_name"], "SDB");
    let put = call(
        &emulator,
        t,
        Method::PUT,
        &format!("{base}/s"),
        Some(r#"{"name":"s","kind":"TRANSIENT","comment":"two"}"#),
    )
    .await;
    assert_eq!(put.status, 200, "{}", put.body);
    let fetched = call(&emulator, t, Method::GET, &format!("{base}/s"), None).await;
    assert_eq!(
        (
            fetched.body["comment"].clone(),
            fetched.body["managed_access"].clone()
        ),
        (json!("two"), json!(false))
    );
    assert_eq!(
        call(
            &emulator,
            t,
            Method::POST,
            &format!("{base}?createMode=orReplace"),
            Some(r#"{"name":"s"}"#)
        )
        .await
        .status,
        200
    );
    assert_eq!(
        call(&emulator, t, Method::GET, &format!("{base}/s"), None)
            .await
            .body["kind"],
        "PERMANENT"
    );
    let cloned = call(
        &emulator,
        t,
        Method::POST,
        &format!("{base}/s:clone?targetDatabase=other"),
        Some(r#"{"name":"s_copy"}"#),
    )
    .await;
    assert_eq!(cloned.status, 200, "{}", cloned.body);
    assert_eq!(
        call(
            &emulator,
            t,
            Method::GET,
            "/api/v2/databases/other/schemas/s_copy",
            None
        )
        .await
        .status,
        200
    );
    assert_error(
        &call(
            &emulator,
            t,
            Method::GET,
            "/api/v2/databases/nodb/schemas/s",
            None,
        )
        .await,
        404,
        "002003",
    );
    assert_error(
        &call(&emulator, t, Method::GET, &format!("{base}/nope"), None).await,
        404,
        "002003",
    );
    assert_error(
        &call(&emulator, t, Method::DELETE, &format!("{base}/nope"), None).await,
        404,
        "002003",
    );
    assert_eq!(
        call(
            &emulator,
            t,
            Method::DELETE,
            &format!("{base}/nope?ifExists=true"),
            None
        )
        .await
        .status,
        200
    );
    let listed = call(
        &emulator,
        t,
        Method::GET,
        &format!("{base}?startsWith=S"),
        None,
    )
    .await;
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
        call(
            &emulator,
            t,
            Method::POST,
            roles,
            Some(r#"{"name":"r1","comment":"first"}"#)
        )
        .await
        .status,
        200
    );
    assert_eq!(
        call(&emulator, t, Method::POST, roles, Some(r#"{"name":"r2"}"#))
            .await
            .status,
        200
    );
    assert_error(
        &call(&emulator, t, Method::POST, roles, Some(r#"{"name":"r1"}"#)).await,
        409,
        "002002",
    );
    assert_eq!(
        call(
            &emulator,
            t,
            Method::POST,
            &format!("{roles}?createMode=orReplace"),
            Some(r#"{"name":"r1","comment":"again"}"#)
        )
        .await
        .status,
        200
    );
    let listed = call(&emulator, t, Method::GET, roles, None).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let listed = listed.body.as_array().unwrap().clone();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["name"], "R1");
    assert_eq!(listed[0]["comment"], "again");
    assert_eq!(listed[0]["granted_to_roles"], 0);
    let limited = call(
        &emulator,
        t,
        Method::GET,
        &format!("{roles}?showLimit=1&fromName=R1"),
        None,
    )
    .await;
    assert_eq!(limited.body.as_array().unwrap().len(), 1);
    assert_eq!(limited.body[0]["name"], "R2");
    assert_eq!(
        call(&emulator, t, Method::DELETE, &format!("{roles}/r2"), None)
            .await
            .status,
        200
    );
    assert_error(
        &call(&emulator, t, Method::DELETE, &format!("{roles}/r2"), None).await,
        404,
        "002003",
    );
    assert_eq!(
        call(
            &emulator,
            t,
            Method::DELETE,
            &format!("{roles}/r2?ifExists=true"),
            None
        )
        .await
        .status,
        200
    );
    assert_eq!(
        call(
            &emulator,
            t,
            Method::POST,
            &format!("{roles}/r1:clone"),
            Some(r#"{"name":"r3"}"#)
        )
        .await
        .status,
        200
    );
    let shown = sql(&emulator, &token, "show database roles in database sdb").await;
    assert_eq!(first_column(&shown), ["R1", "R3"]);
}
