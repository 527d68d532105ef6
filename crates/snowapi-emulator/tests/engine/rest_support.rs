//! What the REST API v2 tests share: an emulator with a connector login, REST calls that check
//! the request id header, and SQL over the connector protocol to compare with.

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use snowapi_emulator::server::{Emulator, EmulatorBuilder, ResultFormat, RunningEmulator};

pub(crate) struct Rest {
    pub(crate) emulator: RunningEmulator,
    pub(crate) token: String,
    pub(crate) http: reqwest::Client,
}

impl Rest {
    pub(crate) async fn start() -> Self {
        Self::start_with(|builder| builder).await
    }

    /// Like [`start`](Self::start), with more settings made by `configure`.
    pub(crate) async fn start_with(
        configure: impl FnOnce(EmulatorBuilder) -> EmulatorBuilder,
    ) -> Self {
        let emulator = configure(
            Emulator::builder()
                .host("127.0.0.1")
                .port(0)
                .account("SNOWAPI")
                .user("ADMIN", "admin-password")
                .result_format(ResultFormat::Json),
        )
        .start()
        .await
        .unwrap();
        let http = reqwest::Client::new();
        let reply = login_reply(&emulator, "admin", "admin-password").await;
        let token = reply["data"]["token"].as_str().unwrap().to_owned();
        Self {
            emulator,
            token,
            http,
        }
    }

    /// One REST call: the status and the JSON body (null when empty). Every answer carries a
    /// request id.
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.emulator.url()))
            .header(
                "Authorization",
                format!("Snowflake Token=\"{}\"", self.token),
            )
            .header("Accept", "application/json");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        assert!(
            response.headers().contains_key("x-snowflake-request-id"),
            "no request id on {path}"
        );
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
        };
        (status, body)
    }

    pub(crate) async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    pub(crate) async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    pub(crate) async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, Some(body)).await
    }

    pub(crate) async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, None).await
    }

    /// A call that must answer 200; its body.
    pub(crate) async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, answer) = self.call(method, path, body).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
        answer
    }

    /// A GET that must answer 200; its body.
    pub(crate) async fn get_ok(&self, path: &str) -> Value {
        self.ok(Method::GET, path, None).await
    }

    /// A POST that must answer 200; its body.
    pub(crate) async fn post_ok(&self, path: &str, body: Value) -> Value {
        self.ok(Method::POST, path, Some(body)).await
    }

    /// Runs SQL over the connector protocol in the login's session; the JSON rowset.
    pub(crate) async fn sql(&self, sql: &str) -> Vec<Vec<Value>> {
        let reply = self.sql_answer(sql).await;
        assert_eq!(reply["success"], true, "{sql}: {reply}");
        serde_json::from_value(reply["data"]["rowset"].clone()).unwrap_or_default()
    }

    /// Runs SQL over the connector protocol in the login's session; the whole answer, success
    /// or not.
    pub(crate) async fn sql_answer(&self, sql: &str) -> Value {
        query_reply(&self.emulator, &self.token, sql).await
    }

    /// A client of the generated `snowapi_rest` API with the login's session token.
    pub(crate) fn client(&self) -> snowapi_rest::RestClient {
        snowapi_rest::RestClient::builder(self.emulator.url())
            .token_provider(Arc::new(snowapi_auth::StaticTokenProvider::session(
                self.token.clone(),
            )))
            .build()
            .unwrap()
    }

    /// The value of column `column` (by position in the result) for every row.
    pub(crate) async fn column(&self, sql: &str, column: usize) -> Vec<String> {
        self.sql(sql)
            .await
            .into_iter()
            .map(|row| row[column].as_str().unwrap_or("NULL").to_owned())
            .collect()
    }
}

/// The names in a listing.
pub(crate) fn names(list: &Value) -> Vec<&str> {
    texts(list, "name")
}

/// The text field `key` of every item of a listing.
pub(crate) fn texts<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap())
        .collect()
}

/// The connector login-request answer for `login_name` / `password` (account `SNOWAPI`),
/// success or not.
pub(crate) async fn login_reply(
    emulator: &RunningEmulator,
    login_name: &str,
    password: &str,
) -> Value {
    let body = json!({"data": {"LOGIN_NAME": login_name, "PASSWORD": password,
                                "ACCOUNT_NAME": "SNOWAPI"}});
    post_json(
        &format!("{}/session/v1/login-request", emulator.url()),
        None,
        &body,
    )
    .await
}

/// The connector query-request answer for `sql` in the session of `token`, success or not.
pub(crate) async fn query_reply(emulator: &RunningEmulator, token: &str, sql: &str) -> Value {
    let url = format!(
        "{}/queries/v1/query-request?requestId={}",
        emulator.url(),
        uuid::Uuid::new_v4()
    );
    let body = json!({"sqlText": sql, "sequenceId": 1});
    post_json(&url, Some(token), &body).await
}

/// POSTs `body` as JSON (with the session token, when given) and decodes the JSON answer.
async fn post_json(url: &str, token: Option<&str>, body: &Value) -> Value {
    let mut request = reqwest::Client::new().post(url).json(body);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Snowflake Token=\"{token}\""));
    }
    request.send().await.unwrap().json().await.unwrap()
}

/// A REST answer with the headers the tests check.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) request_id: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) body: Value,
}

/// REST calls with bodies as raw JSON text (so a test can send malformed JSON) and an optional
/// session token (so a test can call without one).
#[derive(Clone, Copy)]
pub(crate) struct RawRest<'a> {
    pub(crate) emulator: &'a RunningEmulator,
    pub(crate) token: Option<&'a str>,
}

impl RawRest<'_> {
    /// One call: status, request id and location headers, JSON body (null when empty).
    pub(crate) async fn call(&self, method: Method, path: &str, body: Option<&str>) -> Answer {
        let mut request =
            reqwest::Client::new().request(method, format!("{}{path}", self.emulator.url()));
        if let Some(token) = self.token {
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

    pub(crate) async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    pub(crate) async fn post(&self, path: &str, body: &str) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }

    pub(crate) async fn put(&self, path: &str, body: &str) -> Answer {
        self.call(Method::PUT, path, Some(body)).await
    }

    pub(crate) async fn delete(&self, path: &str) -> Answer {
        self.call(Method::DELETE, path, None).await
    }
}
