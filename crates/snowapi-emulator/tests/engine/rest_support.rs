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
        let reply: Value = http
            .post(format!("{}/session/v1/login-request", emulator.url()))
            .json(
                &json!({"data": {"LOGIN_NAME": "admin", "PASSWORD": "admin-password",
                                   "ACCOUNT_NAME": "SNOWAPI"}}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
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

    /// Runs SQL over the connector protocol in the login's session; the JSON rowset.
    pub(crate) async fn sql(&self, sql: &str) -> Vec<Vec<Value>> {
        let reply: Value = self
            .http
            .post(format!(
                "{}/queries/v1/query-request?requestId={}",
                self.emulator.url(),
                uuid::Uuid::new_v4()
            ))
            .header(
                "Authorization",
                format!("Snowflake Token=\"{}\"", self.token),
            )
            .json(&json!({"sqlText": sql, "sequenceId": 1}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(reply["success"], true, "{sql}: {reply}");
        serde_json::from_value(reply["data"]["rowset"].clone()).unwrap_or_default()
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
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap())
        .collect()
}
