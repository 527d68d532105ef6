//! SQL API v2 over HTTP: submit, poll, partitions, cancel, failures, idempotent resubmission,
//! multi-statement batches, and our generated client against the emulator.

use std::{io::Read, sync::Arc, time::Duration};

use reqwest::StatusCode;
use serde_json::{Value, json};
use snowapi_emulator::server::{Emulator, EmulatorBuilder, RunningEmulator};

const PASSWORD: &str = "admin-password";

fn builder() -> EmulatorBuilder {
    Emulator::builder().user("ADMIN", PASSWORD)
}

/// A session token of a connector login.
async fn login(emulator: &RunningEmulator, user: &str, password: &str) -> String {
    let reply: Value = reqwest::Client::new()
        .post(format!("{}/session/v1/login-request", emulator.url()))
        .json(
            &json!({"data": {"LOGIN_NAME": user, "PASSWORD": password, "ACCOUNT_NAME": "SNOWAPI"}}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["data"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("login failed: {reply}"))
        .to_owned()
}

/// A SQL API caller: base URL and session token.
struct Api {
    url: String,
    token: String,
    http: reqwest::Client,
}

impl Api {
    async fn new(emulator: &RunningEmulator) -> Self {
        Self::as_user(emulator, "ADMIN", PASSWORD).await
    }

    async fn as_user(emulator: &RunningEmulator, user: &str, password: &str) -> Self {
        Self {
            url: emulator.url(),
            token: login(emulator, user, password).await,
            http: reqwest::Client::new(),
        }
    }

    fn auth(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request
            .header(
                "Authorization",
                format!("Snowflake Token=\"{}\"", self.token),
            )
            .header("User-Agent", "snowapi-tests/1.0")
    }

    async fn submit_with(&self, query: &str, body: Value) -> (StatusCode, Value) {
        let url = format!("{}/api/v2/statements{query}", self.url);
        let response = self
            .auth(self.http.post(url))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    async fn submit(&self, sql: &str) -> (StatusCode, Value) {
        self.submit_with(
            "",
            json!({"statement": sql, "database": "D", "schema": "PUBLIC"}),
        )
        .await
    }

    /// Runs `sql` and insists on a 200.
    async fn ok(&self, sql: &str) -> Value {
        let (status, body) = self.submit(sql).await;
        assert_eq!(status, StatusCode::OK, "{sql}: {body}");
        body
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .auth(self.http.get(format!("{}{path}", self.url)))
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    async fn cancel(&self, handle: &str) -> (StatusCode, Value) {
        let url = format!("{}/api/v2/statements/{handle}/cancel", self.url);
        let response = self.auth(self.http.post(url)).send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// Polls the statement until it stops answering 202.
    async fn poll(&self, handle: &str) -> (StatusCode, Value) {
        for _ in 0..200 {
            let (status, body) = self.get(&format!("/api/v2/statements/{handle}")).await;
            if status != StatusCode::ACCEPTED {
                return (status, body);
            }
            assert_eq!(body["code"], "333334", "{body}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("statement {handle} never finished");
    }
}

/// A server with database D (schema PUBLIC) and an API caller.
async fn start(builder: EmulatorBuilder) -> (RunningEmulator, Api) {
    let emulator = builder.start().await.unwrap();
    let api = Api::new(&emulator).await;
    let (status, body) = api
        .submit_with("", json!({"statement": "create database d"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (emulator, api)
}

fn handle(body: &Value) -> String {
    let handle = body["statementHandle"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    assert!(uuid::Uuid::parse_str(handle).is_ok(), "{handle}");
    handle.to_owned()
}

#[tokio::test]
async fn sync_select_renders_jsonv2_cells_and_metadata() {
    let (emulator, api) = start(builder()).await;
    let body = api
        .ok(
            "select 1 as n, 1.5::number(3,1) as d, 'a' as t, null as z, true as b, \
             '2024-01-02'::date as dt, '12:34:56.789'::time as tm, \
             '2024-01-02 03:04:05.123'::timestamp_ntz(3) as ts, 2.5::float as f",
        )
        .await;
    assert_eq!(body["code"], "090001");
    assert_eq!(body["sqlState"], "00000");
    assert_eq!(body["message"], "Statement executed successfully.");
    let handle = handle(&body);
    assert_eq!(
        body["statementStatusUrl"],
        format!("/api/v2/statements/{handle}")
    );
    assert!(body["createdOn"].as_i64().unwrap() > 1_600_000_000_000);
    assert!(body.get("stats").is_none(), "no stats for a query: {body}");
    assert_eq!(
        body["data"],
        json!([[
            "1",
            "1.5",
            "a",
            null,
            "true",
            "19724",
            "45296.789000000",
            "1704164645.123000000",
            "2.5"
        ]])
    );
    let meta = &body["resultSetMetaData"];
    assert_eq!(meta["format"], "jsonv2");
    assert_eq!(meta["numRows"], 1);
    assert_eq!(meta["nullable"], true);
    assert_eq!(meta["partitionInfo"].as_array().unwrap().len(), 1);
    assert_eq!(meta["partitionInfo"][0]["rowCount"], 1);
    assert!(
        meta["partitionInfo"][0]["uncompressedSize"]
            .as_u64()
            .unwrap()
            > 10
    );
    assert_eq!(meta["parameters"]["date_output_format"], "YYYY-MM-DD");
    let types: Vec<&str> = meta["rowType"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "FIXED",
            "FIXED",
            "TEXT",
            "TEXT",
            "BOOLEAN",
            "DATE",
            "TIME",
            "TIMESTAMP_NTZ",
            "REAL"
        ]
    );
    assert_eq!(meta["rowType"][1]["precision"], 3);
    assert_eq!(meta["rowType"][1]["scale"], 1);
    assert_eq!(meta["rowType"][0]["name"], "N");

    let (status, not_nullable) = api
        .submit_with(
            "?nullable=false",
            json!({"statement": "select null as z, 1 as one"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(not_nullable["data"], json!([["null", "1"]]));
    assert_eq!(not_nullable["resultSetMetaData"]["nullable"], false);
    emulator.shutdown().await;
}

#[tokio::test]
async fn dml_reports_stats_and_context_applies() {
    let (emulator, api) = start(builder()).await;
    api.ok("create table t (id int, v varchar)").await;
    let inserted = api
        .ok("insert into t values (1, 'a'), (2, 'b'), (3, 'c')")
        .await;
    assert_eq!(inserted["stats"]["numRowsInserted"], 3, "{inserted}");
    let updated = api.ok("update t set v = 'z' where id > 1").await;
    assert_eq!(updated["stats"]["numRowsUpdated"], 2, "{updated}");
    assert_eq!(updated["stats"]["numDuplicateRowsUpdated"], 0);
    let deleted = api.ok("delete from t where id = 1").await;
    assert_eq!(deleted["stats"]["numRowsDeleted"], 1, "{deleted}");
    let rows = api.ok("select id, v from t order by id").await;
    assert_eq!(rows["data"], json!([["2", "z"], ["3", "z"]]));

    let (status, context) = api
        .submit_with(
            "",
            json!({"statement": "select current_database(), current_schema(), current_warehouse()",
                   "database": "D", "schema": "PUBLIC", "warehouse": "COMPUTE_WH",
                   "parameters": {"timezone": "America/Los_Angeles", "query_tag": "tagged"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{context}");
    assert_eq!(context["data"], json!([["D", "PUBLIC", "COMPUTE_WH"]]));
    emulator.shutdown().await;
}

#[tokio::test]
async fn bindings_fill_placeholders() {
    let (emulator, api) = start(builder()).await;
    let (status, body) = api
        .submit_with(
            "",
            json!({"statement": "select ? + 1 as n, ? as t",
                   "bindings": {"1": {"type": "FIXED", "value": "41"},
                                "2": {"type": "TEXT", "value": "x"}}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"], json!([["42", "x"]]));
    let (status, bad) = api
        .submit_with(
            "",
            json!({"statement": "select ?", "bindings": {"2": {"type": "TEXT", "value": "x"}}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert!(bad["message"].as_str().unwrap().contains("binding 1"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn async_submission_answers_202_then_polls_to_200() {
    let (emulator, api) = start(builder()).await;
    let (status, accepted) = api
        .submit_with(
            "?async=true",
            json!({"statement": "select system$wait(1) as w, 7 as n"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{accepted}");
    assert_eq!(accepted["code"], "333334");
    assert!(
        accepted["message"]
            .as_str()
            .unwrap()
            .starts_with("Asynchronous execution in progress")
    );
    let handle = handle(&accepted);
    assert_eq!(
        accepted["statementStatusUrl"],
        format!("/api/v2/statements/{handle}")
    );
    assert!(accepted["createdOn"].is_i64());
    let (status, done) = api.poll(&handle).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["data"][0][1], "7");
    assert_eq!(done["statementHandle"], handle.as_str());
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_statement_outlasting_the_sync_wait_answers_202() {
    let (emulator, api) = start(builder().sql_api_sync_wait(Duration::from_millis(200))).await;
    let (status, accepted) = api.submit("select system$wait(2) as w").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{accepted}");
    let (status, done) = api.poll(&handle(&accepted)).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["data"], json!([["waited 2 seconds"]]));
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_request_timeout_cancels_with_408() {
    let (emulator, api) = start(builder()).await;
    let started = std::time::Instant::now();
    let (status, body) = api
        .submit_with(
            "",
            json!({"statement": "select system$wait(30)", "timeout": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{body}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(body["code"], "000630");
    let handle = handle(&body);
    let (status, polled) = api.get(&format!("/api/v2/statements/{handle}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(polled["code"], "000630");
    emulator.shutdown().await;
}

#[tokio::test]
async fn results_are_split_into_partitions() {
    let (emulator, api) = start(builder().sql_api_partition_rows(10)).await;
    let body = api
        .ok("select seq4() as n from table(generator(rowcount => 25)) order by n")
        .await;
    let meta = &body["resultSetMetaData"];
    assert_eq!(meta["numRows"], 25);
    let parts = meta["partitionInfo"].as_array().unwrap();
    let counts: Vec<u64> = parts
        .iter()
        .map(|p| p["rowCount"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [10, 10, 5]);
    let handle = handle(&body);
    let mut all: Vec<Value> = body["data"].as_array().unwrap().clone();
    for index in 1..3 {
        let path = format!("/api/v2/statements/{handle}?partition={index}");
        let (status, part) = api.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{part}");
        assert!(
            part.get("resultSetMetaData").is_none(),
            "later partitions carry only data"
        );
        let rows = part["data"].as_array().unwrap();
        assert_eq!(rows.len() as u64, counts[index]);
        assert_eq!(
            Value::Array(rows.clone()).to_string().len() as u64,
            parts[index]["uncompressedSize"].as_u64().unwrap()
        );
        all.extend(rows.iter().cloned());
    }
    let expected: Vec<Value> = (0..25).map(|n| json!([n.to_string()])).collect();
    assert_eq!(all, expected);
    let (status, out) = api
        .get(&format!("/api/v2/statements/{handle}?partition=3"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{out}");

    // The Link header names the neighbours, and gzip is used when accepted.
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let response = api
        .auth(raw.get(format!(
            "{}/api/v2/statements/{handle}?partition=1",
            api.url
        )))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    let link = response.headers()["link"].to_str().unwrap().to_owned();
    assert!(
        link.contains(&format!(
            "</api/v2/statements/{handle}?partition=2>;rel=\"next\""
        )),
        "{link}"
    );
    assert!(
        link.contains("partition=0>;rel=\"prev\"") && link.contains("rel=\"last\""),
        "{link}"
    );
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let zipped = response.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(zipped.as_ref())
        .read_to_string(&mut text)
        .unwrap();
    let part: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(part["data"][0], json!(["10"]));
    emulator.shutdown().await;
}

#[tokio::test]
async fn cancel_stops_a_running_statement() {
    let (emulator, api) = start(builder()).await;
    let (status, accepted) = api
        .submit_with(
            "?async=true",
            json!({"statement": "select system$wait(60)"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let handle = handle(&accepted);
    let started = std::time::Instant::now();
    let (status, cancelled) = api.cancel(&handle).await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(cancelled["message"], "successfully canceled");
    assert_eq!(cancelled["statementHandle"], handle.as_str());
    assert!(started.elapsed() < Duration::from_secs(10));
    let (status, polled) = api.get(&format!("/api/v2/statements/{handle}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{polled}");
    assert_eq!(polled["code"], "000604");
    assert_eq!(polled["sqlState"], "57014");
    let mut engine_status = None;
    for _ in 0..100 {
        engine_status = emulator.engine().query_status(&handle).map(|i| i.status);
        if engine_status.is_some_and(|s| !s.is_running()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(engine_status.map(|s| s.as_str()), Some("ABORTED"));
    let (status, again) = api.cancel(&handle).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    assert_eq!(again["code"], "000605");
    emulator.shutdown().await;
}

#[tokio::test]
async fn sql_errors_answer_422_with_code_state_and_handle() {
    let (emulator, api) = start(builder()).await;
    let (status, failed) = api.submit("select * from no_such_table").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{failed}");
    assert_eq!(failed["code"], "002003");
    assert_eq!(failed["sqlState"], "42S02");
    assert!(
        failed["message"]
            .as_str()
            .unwrap()
            .contains("does not exist")
    );
    assert!(failed["createdOn"].is_i64());
    let handle = handle(&failed);
    let (status, polled) = api.get(&format!("/api/v2/statements/{handle}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(polled["code"], "002003");

    let (status, refused) = api.submit("use database d").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["code"], "000002");
    assert!(refused["message"].as_str().unwrap().contains("USE"));
    let (status, two) = api.submit("select 1; select 2").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{two}");
    assert_eq!(two["code"], "000008");
    let (status, missing) = api.submit_with("", json!({"sql": "select 1"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{missing}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_repeated_request_id_does_not_run_twice() {
    let (emulator, api) = start(builder()).await;
    api.ok("create table once (id int)").await;
    let request_id = uuid::Uuid::new_v4();
    let body =
        json!({"statement": "insert into once values (1)", "database": "D", "schema": "PUBLIC"});
    let (first_status, first) = api
        .submit_with(&format!("?requestId={request_id}"), body.clone())
        .await;
    assert_eq!(first_status, StatusCode::OK, "{first}");
    let (again_status, again) = api
        .submit_with(&format!("?requestId={request_id}&retry=true"), body)
        .await;
    assert_eq!(again_status, StatusCode::OK, "{again}");
    assert_eq!(again["statementHandle"], first["statementHandle"]);
    let count = api.ok("select count(*) from once").await;
    assert_eq!(count["data"], json!([["1"]]));
    emulator.shutdown().await;
}

#[tokio::test]
async fn credentials_and_handles_are_checked() {
    let (emulator, api) = start(builder()).await;
    let url = format!("{}/api/v2/statements", emulator.url());
    let http = reqwest::Client::new();
    let missing = http
        .post(&url)
        .json(&json!({"statement": "select 1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    let missing: Value = missing.json().await.unwrap();
    assert_eq!(missing["code"], "390101");
    let forged = http
        .post(&url)
        .header("Authorization", "Snowflake Token=\"forged\"")
        .json(&json!({"statement": "select 1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let forged: Value = forged.json().await.unwrap();
    assert!(forged["code"].is_string() && forged["message"].is_string());

    let unknown = uuid::Uuid::new_v4();
    let (status, body) = api.get(&format!("/api/v2/statements/{unknown}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "000709");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains(&unknown.to_string())
    );

    let mine = handle(&api.ok("select 1").await);
    api.ok("create user other password = 'other-password'")
        .await;
    let other = Api::as_user(&emulator, "OTHER", "other-password").await;
    let (status, _) = other.get(&format!("/api/v2/statements/{mine}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another user's handle is not visible"
    );
    let (status, _) = other.cancel(&mine).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api.get(&format!("/api/v2/statements/{mine}")).await;
    assert_eq!(status, StatusCode::OK);
    emulator.shutdown().await;
}

#[tokio::test]
async fn multi_statement_requests_answer_child_handles() {
    let (emulator, api) = start(builder()).await;
    let (status, body) = api
        .submit_with(
            "",
            json!({"statement": "create table m (a int); insert into m values (1), (2); \
                                 select sum(a) from m",
                   "database": "D", "schema": "PUBLIC",
                   "parameters": {"multi_statement_count": 3}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["message"],
        "Multiple statements executed successfully."
    );
    assert_eq!(
        body["data"],
        json!([["Multiple statements executed successfully."]])
    );
    let children: Vec<String> = body["statementHandles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(children.len(), 3);
    let (status, inserted) = api
        .get(&format!("/api/v2/statements/{}", children[1]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(inserted["stats"]["numRowsInserted"], 2);
    let (status, sum) = api
        .get(&format!("/api/v2/statements/{}", children[2]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sum["data"], json!([["3"]]));

    // Any number with 0; USE is allowed inside a batch.
    let (status, any) = api
        .submit_with(
            "",
            json!({"statement": "use database d; select current_database()",
                   "parameters": {"multi_statement_count": 0}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{any}");
    let last = any["statementHandles"][1].as_str().unwrap().to_owned();
    let (_, current) = api.get(&format!("/api/v2/statements/{last}")).await;
    assert_eq!(current["data"], json!([["D"]]));

    let (status, mismatch) = api
        .submit_with(
            "",
            json!({"statement": "select 1; select 2; select 3",
                   "parameters": {"multi_statement_count": 2}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{mismatch}");
    assert_eq!(mismatch["code"], "000008");

    let (status, failing) = api
        .submit_with(
            "",
            json!({"statement": "select 1; select * from nope", "database": "D",
                   "parameters": {"multi_statement_count": 2}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{failing}");
    assert_eq!(failing["code"], "002003");
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_generated_client_speaks_to_the_emulator() {
    use snowapi_auth::StaticTokenProvider;
    use snowapi_rest::{Outcome, RestClient, outcome, sqlapi};

    let (emulator, api) = start(builder()).await;
    let rest = RestClient::builder(emulator.url())
        .token_provider(Arc::new(StaticTokenProvider::session(api.token.clone())))
        .build()
        .unwrap();
    let client: sqlapi::Client = rest.api();
    let request: sqlapi::types::StatementRequest = serde_json::from_value(json!({
        "statement": "select ? as n, true as b",
        "bindings": {"1": {"type": "FIXED", "value": "5"}},
        "database": "D",
        "timeout": 60,
    }))
    .unwrap();
    let done = client
        .submit_statement(None, None, None, None, &request)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(done.data, [[Some("5".to_owned()), Some("true".to_owned())]]);
    let meta = done.result_set_meta_data.unwrap();
    assert_eq!(meta.num_rows, Some(1));
    assert_eq!(meta.row_type[0].type_.as_deref(), Some("FIXED"));

    let slow: sqlapi::types::StatementRequest =
        serde_json::from_value(json!({"statement": "select system$wait(1) as w"})).unwrap();
    let pending = outcome(
        client
            .submit_statement(Some(true), None, None, None, &slow)
            .await,
    )
    .await
    .unwrap();
    let Outcome::Accepted(accepted) = pending else {
        panic!("async submission should be accepted")
    };
    let handle = accepted.result_handler.clone().unwrap();
    assert_eq!(accepted.location, format!("/api/v2/statements/{handle}"));
    assert_eq!(accepted.code.as_deref(), Some("333334"));
    let mut finished = None;
    for _ in 0..100 {
        match outcome(client.get_statement_status(&handle, Some(0), None).await)
            .await
            .unwrap()
        {
            Outcome::Done(value) => {
                finished = Some(value.into_inner());
                break;
            }
            Outcome::Accepted(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    assert_eq!(
        finished.unwrap().data,
        [[Some("waited 1 seconds".to_owned())]]
    );

    let bad: sqlapi::types::StatementRequest =
        serde_json::from_value(json!({"statement": "select * from nope", "database": "D"}))
            .unwrap();
    match client.submit_statement(None, None, None, None, &bad).await {
        Err(sqlapi::Error::ErrorResponse(failure)) => {
            assert_eq!(failure.status(), 422);
            assert_eq!(failure.code.as_deref(), Some("002003"));
            assert_eq!(failure.sql_state.as_deref(), Some("42S02"));
            assert!(failure.statement_handle.is_some());
        }
        other => panic!("expected a 422, got {other:?}"),
    }

    let long: sqlapi::types::StatementRequest =
        serde_json::from_value(json!({"statement": "select system$wait(60)"})).unwrap();
    let Outcome::Accepted(running) = outcome(
        client
            .submit_statement(Some(true), None, None, None, &long)
            .await,
    )
    .await
    .unwrap() else {
        panic!("async submission should be accepted")
    };
    let handle = running.result_handler.unwrap();
    let cancelled = client
        .cancel_statement(&handle, None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(cancelled.statement_handle.as_deref(), Some(handle.as_str()));
    match client.get_statement_status(&handle, None, None).await {
        Err(sqlapi::Error::ErrorResponse(failure)) => {
            assert_eq!(failure.code.as_deref(), Some("000604"));
        }
        other => panic!("expected a 422, got {other:?}"),
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn keypair_jwt_callers_run_as_their_user() {
    use base64::Engine as _;
    use rsa::{RsaPrivateKey, pkcs8::DecodePrivateKey, pkcs8::EncodePublicKey};
    use snowapi_auth::{KeyPairAuthenticator, PrivateKey};
    use snowapi_rest::{RestClient, sqlapi};

    const KEY: &str = include_str!("../fixtures/jwt_key_1.pem");
    let (emulator, api) = start(builder()).await;
    let der = RsaPrivateKey::from_pkcs8_pem(KEY)
        .unwrap()
        .to_public_key()
        .to_public_key_der()
        .unwrap();
    let public = base64::engine::general_purpose::STANDARD.encode(der.as_bytes());
    api.ok(&format!("create user ann rsa_public_key = '{public}'"))
        .await;
    let admins = handle(&api.ok("select 1").await);

    let signer =
        KeyPairAuthenticator::new("SNOWAPI", "ANN", PrivateKey::from_pem(KEY, None).unwrap())
            .unwrap();
    let rest = RestClient::builder(emulator.url())
        .token_provider(Arc::new(signer))
        .build()
        .unwrap();
    let client: sqlapi::Client = rest.api();
    let request: sqlapi::types::StatementRequest =
        serde_json::from_value(json!({"statement": "select current_user()"})).unwrap();
    let done = client
        .submit_statement(None, None, None, None, &request)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(done.data, [[Some("ANN".to_owned())]]);
    match client.get_statement_status(&admins, None, None).await {
        Err(sqlapi::Error::ErrorResponse(missing)) => assert_eq!(missing.status(), 404),
        other => panic!("ADMIN's handle should be invisible to ANN: {other:?}"),
    }

    let forged = reqwest::Client::new()
        .post(format!("{}/api/v2/statements", emulator.url()))
        .header("Authorization", "Bearer not.a.jwt")
        .header("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT")
        .json(&json!({"statement": "select 1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let forged: Value = forged.json().await.unwrap();
    assert_eq!(forged["code"], "390303");
    emulator.shutdown().await;
}
