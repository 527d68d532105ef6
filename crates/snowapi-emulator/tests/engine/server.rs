//! The connector protocol over HTTP: login, queries, errors, logout, gzip bodies.

use std::io::Write;

use serde_json::{Value, json};
use snowapi_emulator::server::{Emulator, ResultFormat, RunningEmulator};

async fn start() -> RunningEmulator {
    // These tests read JSON rowsets; Arrow results are covered by `server_results`.
    Emulator::builder()
        .host("127.0.0.1")
        .port(0)
        .account("SNOWAPI")
        .user("ADMIN", "admin-password")
        .result_format(ResultFormat::Json)
        .start()
        .await
        .unwrap()
}

async fn post(url: &str, token: Option<&str>, body: &Value) -> Value {
    let mut request = reqwest::Client::new().post(url).json(body);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Snowflake Token=\"{token}\""));
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn login(emulator: &RunningEmulator, user: &str, password: &str) -> Value {
    post(
        &format!("{}/session/v1/login-request", emulator.url()),
        None,
        &json!({"data": {"LOGIN_NAME": user, "PASSWORD": password, "ACCOUNT_NAME": "SNOWAPI"}}),
    )
    .await
}

async fn token(emulator: &RunningEmulator) -> String {
    let reply = login(emulator, "admin", "admin-password").await;
    reply["data"]["token"].as_str().unwrap().to_owned()
}

async fn query(emulator: &RunningEmulator, token: &str, sql: &str) -> Value {
    post(
        &format!("{}/queries/v1/query-request?requestId=1", emulator.url()),
        Some(token),
        &json!({"sqlText": sql, "sequenceId": 1}),
    )
    .await
}

#[tokio::test]
async fn login_answers_tokens_parameters_and_session_info() {
    let emulator = start().await;
    assert!(emulator.url().starts_with("http://127.0.0.1:"));
    let reply = login(&emulator, "admin", "admin-password").await;
    assert_eq!(reply["success"], true);
    assert_eq!(reply["code"], Value::Null);
    let data = &reply["data"];
    assert!(data["token"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(data["masterToken"].as_str().is_some_and(|t| !t.is_empty()));
    assert_ne!(data["token"], data["masterToken"]);
    assert_eq!(data["validityInSeconds"], 3600);
    assert_eq!(data["masterValidityInSeconds"], 14_400);
    assert!(data["sessionId"].is_u64());
    assert!(data["serverVersion"].is_string());
    let parameters = data["parameters"].as_array().unwrap();
    let parameter = |name: &str| {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["value"].clone())
    };
    assert_eq!(parameter("TIMEZONE"), Some(json!("UTC")));
    assert_eq!(parameter("AUTOCOMMIT"), Some(json!(true)));
    assert_eq!(
        parameter("CLIENT_STAGE_ARRAY_BINDING_THRESHOLD"),
        Some(json!(0))
    );
    assert_eq!(data["sessionInfo"]["roleName"], "ACCOUNTADMIN");
    emulator.shutdown().await;
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_rejection() {
    let emulator = start().await;
    for (user, password) in [("admin", "wrong"), ("nobody", "admin-password")] {
        let reply = login(&emulator, user, password).await;
        assert_eq!(reply["success"], false);
        assert_eq!(reply["code"], "390100");
        assert_eq!(
            reply["message"],
            "Incorrect username or password was specified."
        );
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn select_answers_json_rowtype_and_string_rowset() {
    let emulator = start().await;
    let token = token(&emulator).await;
    let reply = query(
        &emulator,
        &token,
        "select 1 as one, 'a' as t, null as n, true as b, 1.5::number(3,1) as d",
    )
    .await;
    assert_eq!(reply["success"], true, "{reply}");
    let data = &reply["data"];
    assert_eq!(data["queryResultFormat"], "json");
    assert_eq!(data["statementTypeId"], 4096);
    assert_eq!(data["total"], 1);
    assert_eq!(data["returned"], 1);
    assert!(uuid::Uuid::parse_str(data["queryId"].as_str().unwrap()).is_ok());
    let rowtype = data["rowtype"].as_array().unwrap();
    let shape: Vec<(String, String)> = rowtype
        .iter()
        .map(|c| {
            assert!(c["nullable"].is_boolean(), "{c}");
            (
                c["name"].as_str().unwrap().to_owned(),
                c["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("ONE", "fixed"),
        ("T", "text"),
        ("N", "text"),
        ("B", "boolean"),
        ("D", "fixed"),
    ];
    assert_eq!(
        shape,
        expected.map(|(n, t)| (n.to_owned(), t.to_owned())).to_vec()
    );
    assert_eq!(
        (&rowtype[0]["precision"], &rowtype[0]["scale"]),
        (&json!(38), &json!(0))
    );
    assert_eq!(
        (&rowtype[4]["precision"], &rowtype[4]["scale"]),
        (&json!(3), &json!(1))
    );
    assert!(rowtype[1]["length"].is_u64() && rowtype[1]["byteLength"].is_u64());
    assert_eq!(data["rowset"], json!([["1", "a", null, "1", "1.5"]]));
    assert!(data["parameters"].is_array());
    assert_eq!(data["finalRoleName"], "ACCOUNTADMIN");
    emulator.shutdown().await;
}

#[tokio::test]
async fn failing_statement_answers_code_sqlstate_and_query_id() {
    let emulator = start().await;
    let token = token(&emulator).await;
    let created = query(&emulator, &token, "create database d1").await;
    assert_eq!(created["success"], true, "{created}");
    assert_eq!(created["data"]["statementTypeId"], 0x6000);
    assert_eq!(created["data"]["finalDatabaseName"], "D1");
    let reply = query(&emulator, &token, "select * from no_such_table").await;
    assert_eq!(reply["success"], false);
    assert_eq!(reply["code"], "002003");
    assert!(
        reply["message"]
            .as_str()
            .unwrap()
            .contains("does not exist")
    );
    assert_eq!(reply["data"]["sqlState"], "42S02");
    assert_eq!(reply["data"]["errorCode"], "002003");
    assert!(uuid::Uuid::parse_str(reply["data"]["queryId"].as_str().unwrap()).is_ok());
    emulator.shutdown().await;
}

#[tokio::test]
async fn forged_missing_and_logged_out_tokens_are_rejected() {
    let emulator = start().await;
    let forged = query(&emulator, "forged-token", "select 1").await;
    assert_eq!(
        (forged["success"].clone(), forged["code"].clone()),
        (json!(false), json!("390104"))
    );
    let missing = post(
        &format!("{}/queries/v1/query-request", emulator.url()),
        None,
        &json!({"sqlText": "select 1"}),
    )
    .await;
    assert_eq!(missing["code"], "390104");

    let token = token(&emulator).await;
    let beat = post(
        &format!("{}/session/heartbeat", emulator.url()),
        Some(&token),
        &json!({}),
    )
    .await;
    assert_eq!(beat["success"], true);
    assert_eq!(query(&emulator, &token, "select 1").await["success"], true);
    let bye = post(
        &format!("{}/session?delete=true", emulator.url()),
        Some(&token),
        &json!({}),
    )
    .await;
    assert_eq!(bye["success"], true);
    let after = query(&emulator, &token, "select 1").await;
    assert_eq!(after["code"], "390104");
    emulator.shutdown().await;
}

#[tokio::test]
async fn gzip_bodies_and_malformed_json_are_handled() {
    let emulator = start().await;
    let token = token(&emulator).await;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(br#"{"sqlText": "select 41 + 1 as x", "sequenceId": 2}"#)
        .unwrap();
    let body = encoder.finish().unwrap();
    let client = reqwest::Client::new();
    let url = format!("{}/queries/v1/query-request", emulator.url());
    let auth = format!("Snowflake Token=\"{token}\"");
    let reply: Value = client
        .post(&url)
        .header("Authorization", &auth)
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip")
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["data"]["rowset"], json!([["42"]]), "{reply}");

    let response = client
        .post(&url)
        .header("Authorization", &auth)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let reply: Value = response.json().await.unwrap();
    assert_eq!(reply["success"], false);
    assert!(
        reply["code"]
            .as_str()
            .is_some_and(|c| c.chars().all(|d| d.is_ascii_digit()))
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn login_session_parameters_apply_to_the_session() {
    let emulator = Emulator::builder().start().await.unwrap();
    let url = format!("{}/session/v1/login-request", emulator.url());
    let login_with = |parameters: Value| {
        json!({"data": {"LOGIN_NAME": emulator.user(), "PASSWORD": emulator.password(),
                        "ACCOUNT_NAME": emulator.account(), "SESSION_PARAMETERS": parameters}})
    };
    // 4.x sends native JSON values, 5.x sends text: both become the session's parameters, and
    // numbers come back as numbers (4.x compares them numerically).
    let reply = post(
        &url,
        None,
        &login_with(
            json!({"QUERY_RESULT_FORMAT": "JSON", "query_tag": "etl", "CLIENT_PREFETCH_THREADS": 4}),
        ),
    )
    .await;
    assert_eq!(reply["success"], true, "{reply}");
    let parameters = reply["data"]["parameters"].as_array().unwrap();
    let value = |name: &str| {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["value"].clone())
    };
    assert_eq!(value("QUERY_TAG"), Some(json!("etl")));
    assert_eq!(value("CLIENT_PREFETCH_THREADS"), Some(json!(4)));
    let token = reply["data"]["token"].as_str().unwrap().to_owned();
    let selected = query(&emulator, &token, "select 1").await;
    assert_eq!(selected["data"]["queryResultFormat"], "json", "{selected}");

    let plain = post(&url, None, &login_with(json!({}))).await;
    let token = plain["data"]["token"].as_str().unwrap().to_owned();
    let selected = query(&emulator, &token, "select 1").await;
    assert_eq!(selected["data"]["queryResultFormat"], "arrow", "{selected}");
    emulator.shutdown().await;
}
