//! The query lifecycle of the connector protocol over HTTP: async submission, in-progress
//! answers, the result GET, monitoring, abort, requestId replay, describeOnly, bindings,
//! multi-statement requests and telemetry.

use std::{io::Cursor, time::Duration};

use base64::Engine as _;
use serde_json::{Value, json};
use snowapi_emulator::server::{Emulator, RunningEmulator};

struct Client {
    emulator: RunningEmulator,
    token: String,
    http: reqwest::Client,
}

impl Client {
    async fn start(sync_wait: Duration) -> Self {
        let emulator = Emulator::builder()
            .user("ADMIN", "pw")
            .sync_query_wait(sync_wait)
            .start()
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let login: Value = http
            .post(format!("{}/session/v1/login-request", emulator.url()))
            .json(&json!({"data": {"LOGIN_NAME": "admin", "PASSWORD": "pw", "ACCOUNT_NAME": "SNOWAPI"}}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = login["data"]["token"].as_str().unwrap().to_owned();
        Self {
            emulator,
            token,
            http,
        }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Value {
        let response = request
            .header(
                "Authorization",
                format!("Snowflake Token=\"{}\"", self.token),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn post(&self, path: &str, body: &Value) -> Value {
        let url = format!("{}{path}", self.emulator.url());
        self.send(self.http.post(url).json(body)).await
    }

    async fn get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.emulator.url());
        self.send(self.http.get(url)).await
    }

    /// A query-request with a fresh requestId.
    async fn request(&self, body: Value) -> Value {
        let path = format!(
            "/queries/v1/query-request?requestId={}",
            uuid::Uuid::new_v4()
        );
        self.post(&path, &body).await
    }

    async fn sql(&self, sql: &str) -> Value {
        let reply = self.request(json!({"sqlText": sql})).await;
        assert_eq!(reply["success"], true, "{sql}: {reply}");
        reply
    }

    async fn monitoring(&self, query_id: &str) -> Value {
        let reply = self.get(&format!("/monitoring/queries/{query_id}")).await;
        assert_eq!(reply["success"], true, "{reply}");
        let queries = reply["data"]["queries"].as_array().unwrap();
        assert_eq!(queries.len(), 1, "{reply}");
        queries[0].clone()
    }

    /// Polls monitoring until the status is no longer RUNNING.
    async fn finished_status(&self, query_id: &str) -> Value {
        for _ in 0..200 {
            let entry = self.monitoring(query_id).await;
            if entry["status"] != "RUNNING" {
                return entry;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("{query_id} still running");
    }
}

/// The rows of a success answer as text cells, from a JSON rowset or an inline Arrow one.
fn rows(reply: &Value) -> Vec<Vec<Option<String>>> {
    let data = &reply["data"];
    if let Some(rowset) = data["rowset"].as_array() {
        return rowset
            .iter()
            .map(|row| {
                row.as_array()
                    .unwrap()
                    .iter()
                    .map(|cell| cell.as_str().map(str::to_owned))
                    .collect()
            })
            .collect();
    }
    let encoded = data["rowsetBase64"].as_str().unwrap_or_default();
    if encoded.is_empty() {
        return Vec::new();
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap();
    let reader = arrow::ipc::reader::StreamReader::try_new(Cursor::new(bytes), None).unwrap();
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let columns: Vec<_> = batch
            .columns()
            .iter()
            .map(|c| arrow::compute::cast(c, &arrow::datatypes::DataType::Utf8).unwrap())
            .collect();
        for row in 0..batch.num_rows() {
            out.push(
                columns
                    .iter()
                    .map(|c| {
                        let text = c
                            .as_any()
                            .downcast_ref::<arrow::array::StringArray>()
                            .unwrap();
                        (!arrow::array::Array::is_null(text, row))
                            .then(|| text.value(row).to_owned())
                    })
                    .collect(),
            );
        }
    }
    out
}

fn cell(reply: &Value) -> Option<String> {
    rows(reply)[0][0].clone()
}

fn has_no_rowset(reply: &Value) {
    let data = &reply["data"];
    for key in ["rowset", "rowsetBase64", "chunks"] {
        assert!(
            data[key].is_null(),
            "{key} in an in-progress answer: {reply}"
        );
    }
}

#[tokio::test]
async fn async_submission_is_monitored_then_served_by_the_result_url() {
    let client = Client::start(Duration::from_secs(45)).await;
    let submitted = client
        .request(json!({
            "sqlText": "select system$wait(400, 'MILLISECONDS') as w, 42 as answer",
            "asyncExec": true,
            "sequenceId": 1,
        }))
        .await;
    assert_eq!(submitted["success"], true);
    assert_eq!(submitted["code"], "333334");
    has_no_rowset(&submitted);
    let data = &submitted["data"];
    let query_id = data["queryId"].as_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&query_id).is_ok());
    assert_eq!(data["getResultUrl"], format!("/queries/{query_id}/result"));
    assert_eq!(data["queryAbortsAfterSecs"], 300);
    assert!(data.as_object().unwrap().contains_key("progressDesc"));

    let running = client.monitoring(&query_id).await;
    assert_eq!(running["status"], "RUNNING");
    assert_eq!(running["id"], query_id.as_str());
    assert_eq!(running["errorCode"], 0);
    assert!(running["sqlText"].as_str().unwrap().contains("system$wait"));
    assert!(running["startTime"].as_i64().unwrap() > 0);
    assert_eq!(running["endTime"], 0);

    let done = client.finished_status(&query_id).await;
    assert_eq!(done["status"], "SUCCESS");
    assert!(done["endTime"].as_i64().unwrap() >= done["startTime"].as_i64().unwrap());

    let result = client.get(data["getResultUrl"].as_str().unwrap()).await;
    assert_eq!(result["success"], true, "{result}");
    assert_eq!(result["data"]["queryId"], query_id.as_str());
    assert_eq!(result["data"]["total"], 1);
    assert_eq!(result["data"]["rowtype"][1]["name"], "ANSWER");
    assert_eq!(rows(&result)[0][1].as_deref(), Some("42"));
    assert!(result["data"]["finalRoleName"].is_string());
    assert!(result["data"]["getResultUrl"].is_null());
}

#[tokio::test]
async fn a_slow_synchronous_query_answers_333333_then_its_result() {
    let client = Client::start(Duration::from_millis(200)).await;
    let reply = client
        .request(json!({"sqlText": "select system$wait(700, 'MILLISECONDS') as w"}))
        .await;
    assert_eq!(reply["success"], true);
    assert_eq!(reply["code"], "333333", "{reply}");
    has_no_rowset(&reply);
    let url = reply["data"]["getResultUrl"].as_str().unwrap().to_owned();
    // The result GET waits at most the same 200 ms: poll as the clients do.
    let mut result = client.get(&url).await;
    for _ in 0..50 {
        if result["code"] != "333333" {
            break;
        }
        has_no_rowset(&result);
        result = client.get(&url).await;
    }
    assert_eq!(result["success"], true, "{result}");
    assert_eq!(cell(&result).as_deref(), Some("waited 700 milliseconds"));

    let quick = client.sql("select 7").await;
    assert!(
        quick["code"].is_null(),
        "a quick query answers at once: {quick}"
    );
}

#[tokio::test]
async fn unknown_ids_fail_in_monitoring_and_the_result_get() {
    let client = Client::start(Duration::from_secs(1)).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let entry = client.monitoring(&unknown).await;
    assert_eq!(entry["status"], "FAILED_WITH_ERROR");
    assert_eq!(entry["id"], unknown.as_str());
    let result = client.get(&format!("/queries/{unknown}/result")).await;
    assert_eq!(result["success"], false);
    assert_eq!(result["code"], "000612");

    // Failed statements are reported with their code, and their result is the error.
    let failed = client
        .request(json!({"sqlText": "select * from no_such_table"}))
        .await;
    assert_eq!(failed["success"], false);
    let failed_id = failed["data"]["queryId"].as_str().unwrap();
    let entry = client.monitoring(failed_id).await;
    assert_eq!(entry["status"], "FAILED_WITH_ERROR");
    assert_eq!(entry["errorCode"], failed["code"]);
    assert!(entry["errorMessage"].is_string());
    let again = client.get(&format!("/queries/{failed_id}/result")).await;
    assert_eq!(again["success"], false);
    assert_eq!(again["code"], failed["code"]);
}

#[tokio::test]
async fn monitoring_accepts_the_double_slash_path_of_the_5x_connector() {
    let client = Client::start(Duration::from_secs(5)).await;
    let reply = client.sql("select 1").await;
    let query_id = reply["data"]["queryId"].as_str().unwrap();
    let entry = client
        .get(&format!("/monitoring/queries//{query_id}"))
        .await;
    assert_eq!(entry["success"], true, "{entry}");
    assert_eq!(entry["data"]["queries"][0]["status"], "SUCCESS");
}

#[tokio::test]
async fn abort_by_query_id_cancels_a_running_statement() {
    let client = Client::start(Duration::from_secs(5)).await;
    let submitted = client
        .request(json!({"sqlText": "select system$wait(30)", "asyncExec": true}))
        .await;
    let query_id = submitted["data"]["queryId"].as_str().unwrap().to_owned();
    let aborted = client
        .post(&format!("/queries/{query_id}/abort-request"), &json!({}))
        .await;
    assert_eq!(aborted["success"], true, "{aborted}");
    let entry = client.finished_status(&query_id).await;
    assert_eq!(entry["status"], "ABORTED");
    assert_eq!(entry["errorCode"], "000604");
    let result = client.get(&format!("/queries/{query_id}/result")).await;
    assert_eq!(result["success"], false);
    assert_eq!(result["code"], "000604");
    assert_eq!(result["message"], "SQL execution canceled");

    let again = client
        .post(&format!("/queries/{query_id}/abort-request"), &json!({}))
        .await;
    assert_eq!(again["success"], false, "not running any more");
}

#[tokio::test]
async fn abort_by_request_id_cancels_the_statement_of_that_request() {
    let client = Client::start(Duration::from_millis(100)).await;
    let request_id = uuid::Uuid::new_v4().to_string();
    let sql = "select system$wait(30)";
    let reply = client
        .post(
            &format!("/queries/v1/query-request?requestId={request_id}"),
            &json!({"sqlText": sql}),
        )
        .await;
    assert_eq!(reply["code"], "333333", "{reply}");
    let query_id = reply["data"]["queryId"].as_str().unwrap().to_owned();
    let aborted = client
        .post(
            &format!(
                "/queries/v1/abort-request?requestId={}",
                uuid::Uuid::new_v4()
            ),
            &json!({"sqlText": sql, "requestId": request_id}),
        )
        .await;
    assert_eq!(aborted["success"], true, "{aborted}");
    assert_eq!(client.finished_status(&query_id).await["status"], "ABORTED");
    let unknown = client
        .post(
            "/queries/v1/abort-request",
            &json!({"sqlText": sql, "requestId": uuid::Uuid::new_v4().to_string()}),
        )
        .await;
    assert_eq!(unknown["success"], false);
}

#[tokio::test]
async fn a_repeated_request_id_runs_the_statement_once() {
    let client = Client::start(Duration::from_secs(5)).await;
    client.sql("create database d").await;
    client.sql("create table d.public.t (a int)").await;
    let request_id = uuid::Uuid::new_v4().to_string();
    let body = json!({"sqlText": "insert into d.public.t values (1)"});
    let first = client
        .post(
            &format!("/queries/v1/query-request?requestId={request_id}"),
            &body,
        )
        .await;
    let retry = client
        .post(
            &format!(
                "/queries/v1/query-request?requestId={request_id}&retryCount=1&retryReason=500"
            ),
            &body,
        )
        .await;
    assert_eq!(first["success"], true, "{first}");
    assert_eq!(retry["success"], true, "{retry}");
    assert_eq!(first["data"]["queryId"], retry["data"]["queryId"]);
    assert_eq!(rows(&retry), vec![vec![Some("1".to_owned())]]);
    let count = client.sql("select count(*) from d.public.t").await;
    assert_eq!(cell(&count).as_deref(), Some("1"));

    // The same id with other text is a different request (ids are the client's business).
    let other = client
        .post(
            &format!("/queries/v1/query-request?requestId={request_id}"),
            &json!({"sqlText": "insert into d.public.t values (2)"}),
        )
        .await;
    assert_ne!(other["data"]["queryId"], first["data"]["queryId"]);
    let count = client.sql("select count(*) from d.public.t").await;
    assert_eq!(cell(&count).as_deref(), Some("2"));
}

#[tokio::test]
async fn describe_only_answers_columns_without_running() {
    let client = Client::start(Duration::from_secs(5)).await;
    client.sql("create database d").await;
    client
        .sql("create table d.public.t (a int, b varchar)")
        .await;
    let described = client
        .request(json!({
            "sqlText": "select a, b as label from d.public.t where a = ? or b = :name",
            "describeOnly": true,
        }))
        .await;
    assert_eq!(described["success"], true, "{described}");
    let data = &described["data"];
    assert_eq!(data["total"], 0);
    assert_eq!(data["numberOfBinds"], 2);
    assert_eq!(data["arrayBindSupported"], false);
    let names: Vec<&str> = data["rowtype"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["A", "LABEL"]);

    let insert = client
        .request(json!({
            "sqlText": "insert into d.public.t values (?, ?)",
            "describeOnly": true,
        }))
        .await;
    assert_eq!(insert["success"], true, "{insert}");
    assert_eq!(insert["data"]["numberOfBinds"], 2);
    assert_eq!(insert["data"]["arrayBindSupported"], true);
    assert_eq!(insert["data"]["statementTypeId"], 0x3100);
    assert_eq!(
        insert["data"]["rowtype"][0]["name"],
        "number of rows inserted"
    );
    let count = client.sql("select count(*) from d.public.t").await;
    assert_eq!(cell(&count).as_deref(), Some("0"), "describe ran nothing");
}

#[tokio::test]
async fn array_bindings_insert_every_row_in_one_statement() {
    let client = Client::start(Duration::from_secs(30)).await;
    client.sql("create database d").await;
    client
        .sql("create table d.public.t (n int, s varchar, f boolean)")
        .await;
    let count = 5000;
    let numbers: Vec<String> = (0..count).map(|i| i.to_string()).collect();
    let texts: Vec<Value> = (0..count)
        .map(|i| {
            if i % 10 == 0 {
                Value::Null
            } else {
                json!(format!("s{i}"))
            }
        })
        .collect();
    // 4.x sends a [False, None] column as TEXT: the server coerces to the column type.
    let flags: Vec<Value> = (0..count)
        .map(|i| match i % 3 {
            0 => json!("False"),
            1 => json!("True"),
            _ => Value::Null,
        })
        .collect();
    let started = std::time::Instant::now();
    let reply = client
        .request(json!({
            "sqlText": "insert into d.public.t values (?, ?, ?)",
            "bindings": {
                "1": {"type": "FIXED", "value": numbers},
                "2": {"type": "TEXT", "value": texts},
                "3": {"type": "TEXT", "value": flags},
            },
        }))
        .await;
    assert_eq!(reply["success"], true, "{reply}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{count} rows took {:?}",
        started.elapsed()
    );
    assert_eq!(reply["data"]["statementTypeId"], 0x3100);
    assert_eq!(rows(&reply), vec![vec![Some(count.to_string())]]);
    let check = client
        .sql("select count(*), count(s), sum(n), count(case when f then 1 end) from d.public.t")
        .await;
    assert_eq!(
        rows(&check)[0],
        vec![
            Some(count.to_string()),
            Some((count - count / 10).to_string()),
            Some((count * (count - 1) / 2).to_string()),
            Some(((count + 1) / 3).to_string()),
        ]
    );

    // Array bindings of a statement other than INSERT … VALUES run once per row.
    let deleted = client
        .request(json!({
            "sqlText": "delete from d.public.t where n = ?",
            "bindings": {"1": {"type": "FIXED", "value": ["1", "2", "99999"]}},
        }))
        .await;
    assert_eq!(deleted["success"], true, "{deleted}");
    assert_eq!(rows(&deleted), vec![vec![Some("2".to_owned())]]);
}

#[tokio::test]
async fn positional_numbered_and_named_bindings() {
    let client = Client::start(Duration::from_secs(5)).await;
    let reply = client
        .request(json!({
            "sqlText": "select ? + 1 as a, :who as b",
            "bindings": {
                "1": {"type": "FIXED", "value": "41"},
                "who": {"type": "TEXT", "value": "me"},
            },
        }))
        .await;
    assert_eq!(reply["success"], true, "{reply}");
    assert_eq!(
        rows(&reply),
        vec![vec![Some("42".to_owned()), Some("me".to_owned())]]
    );
    let dated = client
        .request(json!({
            "sqlText": "select to_varchar(:1), to_varchar(:2)",
            "bindings": {
                "1": {"type": "DATE", "value": "1704153600000"},
                "2": {"type": "BOOLEAN", "value": "false"},
            },
        }))
        .await;
    assert_eq!(dated["success"], true, "{dated}");
    assert_eq!(
        rows(&dated),
        vec![vec![
            Some("2024-01-02".to_owned()),
            Some("false".to_owned())
        ]]
    );
}

#[tokio::test]
async fn multi_statement_requests_answer_child_result_ids() {
    let client = Client::start(Duration::from_secs(5)).await;
    let reply = client
        .request(json!({
            "sqlText": "create database m; create table m.public.t (a int);\ninsert into m.public.t values (1), (2); select count(*) from m.public.t;",
            "parameters": {"MULTI_STATEMENT_COUNT": 4},
        }))
        .await;
    assert_eq!(reply["success"], true, "{reply}");
    let data = &reply["data"];
    assert_eq!(data["statementTypeId"], 0xA000);
    assert_eq!(
        cell(&reply).as_deref(),
        Some("Multiple statements executed successfully.")
    );
    let ids: Vec<&str> = data["resultIds"].as_str().unwrap().split(',').collect();
    assert_eq!(ids.len(), 4);
    let types: Vec<&str> = data["resultTypes"].as_str().unwrap().split(',').collect();
    assert_eq!(types[2], (0x3100).to_string());
    let last = client.get(&format!("/queries/{}/result", ids[3])).await;
    assert_eq!(last["success"], true, "{last}");
    assert_eq!(cell(&last).as_deref(), Some("2"));
    let insert = client.get(&format!("/queries/{}/result", ids[2])).await;
    assert_eq!(rows(&insert), vec![vec![Some("2".to_owned())]]);

    let any = client
        .request(json!({
            "sqlText": "select 1; select 2",
            "parameters": {"MULTI_STATEMENT_COUNT": 0},
        }))
        .await;
    assert_eq!(any["success"], true, "{any}");
    assert_eq!(
        any["data"]["resultIds"]
            .as_str()
            .unwrap()
            .split(',')
            .count(),
        2
    );

    let mismatch = client
        .request(json!({
            "sqlText": "select 1; select 2; select 3",
            "parameters": {"MULTI_STATEMENT_COUNT": "2"},
        }))
        .await;
    assert_eq!(mismatch["success"], false);
    assert_eq!(mismatch["code"], "000008");
    assert_eq!(
        mismatch["message"],
        "Actual statement count 3 did not match the desired statement count 2."
    );
    let default = client
        .request(json!({"sqlText": "select 1; select 2"}))
        .await;
    assert_eq!(default["code"], "000008");

    // A failing child fails the parent with its error; the statements before it ran.
    let failing = client
        .request(json!({
            "sqlText": "insert into m.public.t values (3); select * from nope; insert into m.public.t values (4)",
            "parameters": {"MULTI_STATEMENT_COUNT": 3},
        }))
        .await;
    assert_eq!(failing["success"], false);
    assert_eq!(failing["code"], "002003");
    let count = client.sql("select count(*) from m.public.t").await;
    assert_eq!(cell(&count).as_deref(), Some("3"));
}

#[tokio::test]
async fn telemetry_is_accepted_from_logged_in_clients() {
    let client = Client::start(Duration::from_secs(5)).await;
    let reply = client
        .post(
            "/telemetry/send",
            &json!({"logs": [{"message": {"type": "x"}, "timestamp": "1"}]}),
        )
        .await;
    assert_eq!(reply["success"], true);
    assert_eq!(reply["data"], "Log Received");
    let anonymous: Value = client
        .http
        .post(format!("{}/telemetry/send", client.emulator.url()))
        .json(&json!({"logs": []}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(anonymous["success"], false);
}

#[tokio::test]
async fn statement_parameters_hold_for_their_statement_only() {
    let client = Client::start(Duration::from_secs(30)).await;
    let slow = "select system$wait(1500, 'MILLISECONDS') as w";
    let limited = client
        .request(json!({"sqlText": slow, "parameters": {"STATEMENT_TIMEOUT_IN_SECONDS": 1}}))
        .await;
    assert_eq!(limited["success"], false, "{limited}");
    assert_eq!(limited["code"], "000630", "{limited}");
    // The next statement of the session runs without that limit.
    let unlimited = client.sql(slow).await;
    assert_eq!(unlimited["success"], true, "{unlimited}");
}
