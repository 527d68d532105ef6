//! Small protocol gaps over HTTP: logins naming another account, PAT role restrictions (connector
//! login, SQL API, REST API), SQL API array bindings and bindings of multi-statement batches, and
//! `describeOnly` of SHOW.

use reqwest::StatusCode;
use serde_json::{Value, json};
use snowapi_emulator::server::{Emulator, ResultFormat, RunningEmulator};

const PASSWORD: &str = "admin-password";

async fn start() -> RunningEmulator {
    Emulator::builder()
        .account("SNOWAPI")
        .user("ADMIN", PASSWORD)
        .result_format(ResultFormat::Json)
        .start()
        .await
        .unwrap()
}

async fn post(url: String, token: Option<&str>, body: &Value) -> Value {
    let mut request = reqwest::Client::new().post(url).json(body);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Snowflake Token=\"{token}\""));
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn login(emulator: &RunningEmulator, data: Value) -> Value {
    post(
        format!("{}/session/v1/login-request", emulator.url()),
        None,
        &json!({ "data": data }),
    )
    .await
}

fn token(reply: &Value) -> String {
    reply["data"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("login failed: {reply}"))
        .to_owned()
}

async fn admin(emulator: &RunningEmulator) -> String {
    token(
        &login(
            emulator,
            json!({"LOGIN_NAME": "admin", "PASSWORD": PASSWORD, "ACCOUNT_NAME": "SNOWAPI"}),
        )
        .await,
    )
}

async fn request(emulator: &RunningEmulator, token: &str, body: Value) -> Value {
    post(
        format!("{}/queries/v1/query-request", emulator.url()),
        Some(token),
        &body,
    )
    .await
}

async fn sql(emulator: &RunningEmulator, token: &str, text: &str) -> Value {
    let reply = request(emulator, token, json!({"sqlText": text, "sequenceId": 1})).await;
    assert_eq!(reply["success"], true, "{text}: {reply}");
    reply
}

fn first_cell(reply: &Value) -> String {
    reply["data"]["rowset"][0][0]
        .as_str()
        .unwrap_or_else(|| panic!("no cell: {reply}"))
        .to_owned()
}

/// `POST /api/v2/statements` with a bearer token of `kind`.
async fn sqlapi(
    emulator: &RunningEmulator,
    bearer: &str,
    kind: &str,
    body: Value,
) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v2/statements", emulator.url()))
        .header("Authorization", format!("Bearer {bearer}"))
        .header("X-Snowflake-Authorization-Token-Type", kind)
        .header("User-Agent", "snowapi-tests/1.0")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// A SQL API call with the session token of a connector login.
async fn sqlapi_session(
    emulator: &RunningEmulator,
    token: &str,
    body: Value,
) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v2/statements", emulator.url()))
        .header("Authorization", format!("Snowflake Token=\"{token}\""))
        .header("User-Agent", "snowapi-tests/1.0")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn logins_naming_another_account_are_refused() {
    let emulator = start().await;
    for account in ["OTHER", "otheraccount.us-east-1", "snowapix"] {
        let reply = login(
            &emulator,
            json!({"LOGIN_NAME": "admin", "PASSWORD": PASSWORD, "ACCOUNT_NAME": account}),
        )
        .await;
        assert_eq!(reply["success"], false, "{account}: {reply}");
        assert_eq!(reply["code"], "390100", "{account}: {reply}");
        assert_eq!(
            reply["message"],
            "Incorrect username or password was specified."
        );
    }
    for account in [
        json!("SNOWAPI"),
        json!("snowapi"),
        json!("snowapi.us-east-1"),
        Value::Null,
    ] {
        let mut data = json!({"LOGIN_NAME": "admin", "PASSWORD": PASSWORD});
        if !account.is_null() {
            data["ACCOUNT_NAME"] = account.clone();
        }
        let reply = login(&emulator, data).await;
        assert_eq!(reply["success"], true, "{account}: {reply}");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn pat_role_restriction_pins_the_role() {
    let emulator = start().await;
    let admin = admin(&emulator).await;
    sql(&emulator, &admin, "create role analyst").await;
    sql(&emulator, &admin, "grant role analyst to user admin").await;
    let added = sql(
        &emulator,
        &admin,
        "alter user admin add pat ro_token role_restriction = 'ANALYST'",
    )
    .await;
    let secret = added["data"]["rowset"][0][1].as_str().unwrap().to_owned();

    // Connector login with the PAT: the session runs as ANALYST and cannot leave it.
    for data in [
        json!({"LOGIN_NAME": "admin", "AUTHENTICATOR": "PROGRAMMATIC_ACCESS_TOKEN", "TOKEN": secret, "ACCOUNT_NAME": "SNOWAPI"}),
        json!({"LOGIN_NAME": "admin", "PASSWORD": secret, "ACCOUNT_NAME": "SNOWAPI"}),
    ] {
        let reply = login(&emulator, data).await;
        assert_eq!(
            reply["data"]["sessionInfo"]["roleName"], "ANALYST",
            "{reply}"
        );
        let session = token(&reply);
        let role = sql(&emulator, &session, "select current_role()").await;
        assert_eq!(first_cell(&role), "ANALYST");
        let refused = request(
            &emulator,
            &session,
            json!({"sqlText": "use role accountadmin", "sequenceId": 2}),
        )
        .await;
        assert_eq!(refused["success"], false, "{refused}");
        assert_eq!(refused["code"], "003013", "{refused}");
        assert_eq!(refused["data"]["sqlState"], "42501", "{refused}");
        sql(&emulator, &session, "use role analyst").await;
        // The REST API lends the connector session's restriction too.
        let (status, body) = sqlapi_session(
            &emulator,
            &session,
            json!({"statement": "select current_role()"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["data"][0][0], "ANALYST");
    }
    // A password login is not restricted.
    let role = sql(&emulator, &admin, "select current_role()").await;
    assert_eq!(first_cell(&role), "ACCOUNTADMIN");
    sql(&emulator, &admin, "use role analyst").await;
    sql(&emulator, &admin, "use role accountadmin").await;

    // A login asking for another role with the PAT fails.
    let other = reqwest::Client::new()
        .post(format!(
            "{}/session/v1/login-request?roleName=ACCOUNTADMIN",
            emulator.url()
        ))
        .json(&json!({"data": {"LOGIN_NAME": "admin", "AUTHENTICATOR": "PROGRAMMATIC_ACCESS_TOKEN", "TOKEN": secret}}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(other["success"], false, "{other}");
    assert_eq!(other["code"], "003013", "{other}");

    // SQL API with the PAT as bearer token.
    let pat = "PROGRAMMATIC_ACCESS_TOKEN";
    let (status, body) = sqlapi(
        &emulator,
        &secret,
        pat,
        json!({"statement": "select current_role()"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"][0][0], "ANALYST");
    let (status, body) = sqlapi(
        &emulator,
        &secret,
        pat,
        json!({"statement": "select 1", "role": "ACCOUNTADMIN"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "003013", "{body}");

    // REST API with the PAT: objects it creates belong to the restricted role.
    let response = reqwest::Client::new()
        .post(format!("{}/api/v2/databases", emulator.url()))
        .header("Authorization", format!("Bearer {secret}"))
        .header("X-Snowflake-Authorization-Token-Type", pat)
        .json(&json!({"name": "pat_db"}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{response:?}");
    let shown = sql(&emulator, &admin, "show databases like 'PAT_DB'").await;
    let columns: Vec<&str> = shown["data"]["rowtype"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let at = columns.iter().position(|c| *c == "owner").unwrap();
    assert_eq!(shown["data"]["rowset"][0][at], "ANALYST", "{shown}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn sqlapi_array_bindings_and_batch_bindings() {
    let emulator = start().await;
    let admin = admin(&emulator).await;
    sql(&emulator, &admin, "create database d").await;
    sql(
        &emulator,
        &admin,
        "create table d.public.t (n int, s varchar)",
    )
    .await;
    let context = |body: Value| {
        let mut body = body;
        body["database"] = json!("D");
        body["schema"] = json!("PUBLIC");
        body
    };

    let (status, body) = sqlapi_session(
        &emulator,
        &admin,
        context(json!({
            "statement": "insert into t values (?, ?)",
            "bindings": {
                "1": {"type": "FIXED", "value": ["1", "2", "3"]},
                "2": {"type": "TEXT", "value": ["a", null, "c"]},
            },
        })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["stats"]["numRowsInserted"], 3, "{body}");

    let (status, body) = sqlapi_session(
        &emulator,
        &admin,
        context(json!({
            "statement": "insert into t values (?, 'x'); delete from t where n = ?; select count(*), sum(n) from t where s is not null or n = ?",
            "parameters": {"multi_statement_count": 3},
            "bindings": {
                "1": {"type": "FIXED", "value": "10"},
                "2": {"type": "FIXED", "value": "1"},
                "3": {"type": "FIXED", "value": "2"},
            },
        })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let handles = body["statementHandles"].as_array().unwrap().clone();
    assert_eq!(handles.len(), 3, "{body}");
    let last = reqwest::Client::new()
        .get(format!(
            "{}/api/v2/statements/{}",
            emulator.url(),
            handles[2].as_str().unwrap()
        ))
        .header("Authorization", format!("Snowflake Token=\"{admin}\""))
        .header("User-Agent", "snowapi-tests/1.0")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    // Rows left: (2, NULL), (3, 'c'), (10, 'x'); counted: 3 and 10 by s, 2 by n = ?.
    assert_eq!(last["data"], json!([["3", "15"]]), "{last}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn describe_only_of_show_answers_the_show_columns() {
    let emulator = start().await;
    let admin = admin(&emulator).await;
    for (text, expected) in [
        ("show databases", "created_on"),
        ("show tables in account", "created_on"),
    ] {
        let described = request(
            &emulator,
            &admin,
            json!({"sqlText": text, "describeOnly": true, "sequenceId": 1}),
        )
        .await;
        assert_eq!(described["success"], true, "{described}");
        let described_names: Vec<Value> = described["data"]["rowtype"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].clone())
            .collect();
        assert_eq!(described_names[0], expected, "{described}");
        assert_eq!(described["data"]["total"], 0);
        let ran = sql(&emulator, &admin, text).await;
        let ran_names: Vec<Value> = ran["data"]["rowtype"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].clone())
            .collect();
        assert_eq!(described_names, ran_names, "{text}");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn values_columns_are_named_like_snowflake() {
    let emulator = start().await;
    let admin = admin(&emulator).await;
    let reply = sql(
        &emulator,
        &admin,
        "select * from values (1, 'a'), (null, 'bc')",
    )
    .await;
    let names: Vec<&str> = reply["data"]["rowtype"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["COLUMN1", "COLUMN2"], "{reply}");
    emulator.shutdown().await;
}
