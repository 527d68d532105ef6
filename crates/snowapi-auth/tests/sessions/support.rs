//! An in-process HTTP server standing in for Snowflake's connector endpoints and an OAuth
//! token endpoint. It records every request and answers per path, from a queue of canned
//! answers or a standing answer, so tests can assert the exact requests sent.

use std::{
    collections::{BTreeMap, HashMap, VecDeque},
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::State,
    http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode},
};
use serde_json::{Value, json};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    /// The body parsed as JSON (panics with the raw text when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.body))
    }

    /// The body parsed as an HTML form.
    pub fn form(&self) -> BTreeMap<String, String> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    /// The query string as name/value pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    }

    /// One query parameter.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find_map(|(k, v)| (k == name).then_some(v))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("header is text"))
    }

    /// Asserts method and path in one go.
    #[track_caller]
    pub fn assert_line(&self, method: &str, path: &str) {
        assert_eq!(self.method.as_str(), method, "method of {self:?}");
        assert_eq!(self.path, path, "path of {self:?}");
    }

    /// Asserts the query names, in order, ignoring values.
    #[track_caller]
    pub fn assert_query_names(&self, names: &[&str]) {
        let got: Vec<String> = self.query_pairs().into_iter().map(|(k, _)| k).collect();
        assert_eq!(got, names, "query of {self:?}");
    }
}

#[derive(Clone)]
struct Canned {
    status: StatusCode,
    body: String,
}

#[derive(Default)]
struct Route {
    queue: VecDeque<Canned>,
    standing: Option<Canned>,
    delay: Duration,
}

#[derive(Clone, Default)]
struct Shared {
    requests: Arc<Mutex<Vec<Recorded>>>,
    routes: Arc<Mutex<HashMap<String, Route>>>,
}

/// A running recording server on a free loopback port; stops when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    pub async fn start() -> Self {
        let shared = Shared::default();
        let app = Router::new().fallback(record).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Self { addr, shared, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn route<T>(&self, path: &str, change: impl FnOnce(&mut Route) -> T) -> T {
        let mut routes = self.shared.routes.lock().unwrap();
        change(routes.entry(path.to_owned()).or_default())
    }

    /// Queues the answer to the next request to `path`.
    pub fn respond(&self, path: &str, body: Value) -> &Self {
        self.respond_status(path, 200, body)
    }

    /// Queues an answer with an HTTP status.
    pub fn respond_status(&self, path: &str, status: u16, body: Value) -> &Self {
        let canned = Canned {
            status: StatusCode::from_u16(status).expect("status"),
            body: body.to_string(),
        };
        self.route(path, |r| r.queue.push_back(canned));
        self
    }

    /// The answer to every request to `path` once its queue is empty.
    pub fn always(&self, path: &str, body: Value) -> &Self {
        let canned = Canned {
            status: StatusCode::OK,
            body: body.to_string(),
        };
        self.route(path, |r| r.standing = Some(canned));
        self
    }

    /// Delays every answer to `path`, so concurrent callers overlap.
    pub fn delay(&self, path: &str, delay: Duration) -> &Self {
        self.route(path, |r| r.delay = delay);
        self
    }

    /// Everything received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The requests to `path`, in order.
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }

    /// The only request to `path` (fails if there were more or none).
    #[track_caller]
    pub fn single(&self, path: &str) -> Recorded {
        let requests = self.requests_to(path);
        assert_eq!(
            requests.len(),
            1,
            "expected one request to {path}, got {requests:#?}"
        );
        requests.into_iter().next().unwrap()
    }

    /// Waits (up to ten seconds) until `path` got at least `count` requests.
    pub async fn wait_for(&self, path: &str, count: usize) -> Vec<Recorded> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let requests = self.requests_to(path);
            if requests.len() >= count {
                return requests;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {count} requests to {path}; got {}",
                requests.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn record(State(shared): State<Shared>, request: Request<Body>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let path = parts.uri.path().to_owned();
    shared.requests.lock().unwrap().push(Recorded {
        method: parts.method,
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    });
    let (canned, delay) = {
        let mut routes = shared.routes.lock().unwrap();
        match routes.get_mut(&path) {
            Some(route) => (
                route.queue.pop_front().or_else(|| route.standing.clone()),
                route.delay,
            ),
            None => (None, Duration::ZERO),
        }
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let canned = canned.unwrap_or(Canned {
        status: StatusCode::IM_A_TEAPOT,
        body: r#"{"message":"the test queued no response"}"#.to_owned(),
    });
    let mut response = Response::new(Body::from(canned.body));
    *response.status_mut() = canned.status;
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    response
}

// Canned connector answers.

pub const LOGIN: &str = "/session/v1/login-request";
pub const TOKEN_REQUEST: &str = "/session/token-request";
pub const HEARTBEAT: &str = "/session/heartbeat";
pub const LOGOUT: &str = "/session";
pub const OAUTH_TOKEN: &str = "/oauth/token";

/// A successful login answer.
pub fn login_ok(session: &str, master: &str, validity: u64, master_validity: u64) -> Value {
    json!({
        "success": true, "code": null, "message": null,
        "data": {
            "token": session, "validityInSeconds": validity,
            "masterToken": master, "masterValidityInSeconds": master_validity,
            "sessionId": 1234567890,
            "serverVersion": "9.99.0",
            "parameters": [
                {"name": "TIMEZONE", "value": "UTC"},
                {"name": "client_stage_array_binding_threshold", "value": 0},
                {"name": "AUTOCOMMIT", "value": true}
            ],
            "sessionInfo": {"databaseName": "DB1", "schemaName": "PUBLIC",
                            "warehouseName": "WH1", "roleName": "SYSADMIN"},
            "displayUserName": "TESTER", "firstLogin": false, "healthCheckInterval": 45,
            "idToken": null, "mfaToken": null
        }
    })
}

/// A successful token-request answer.
pub fn renew_ok(session: &str, master: &str) -> Value {
    json!({
        "success": true, "code": null, "message": null,
        "data": {"sessionToken": session, "validityInSecondsST": 3600,
                 "masterToken": master, "validityInSecondsMT": 14400,
                 "masterValidityInSeconds": 14400, "sessionId": 1234567890}
    })
}

/// `{"success": true}` with no data.
pub fn ok() -> Value {
    json!({"success": true, "code": null, "message": null, "data": null})
}

/// A `success: false` answer.
pub fn refused(code: &str, message: &str) -> Value {
    json!({"success": false, "code": code, "message": message, "data": null})
}
