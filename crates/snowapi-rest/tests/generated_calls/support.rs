//! An in-process HTTP server that records every request it gets and answers with queued
//! responses, so tests can assert the exact request a generated call sends.

use std::{
    collections::VecDeque,
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::State,
    http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode},
};
use snowapi_auth::{StaticTokenProvider, TokenProvider, TokenType};
use snowapi_rest::RestClient;

/// The token every test client sends.
pub const TOKEN: &str = "test-session-token";

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
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("header is text"))
    }

    /// Asserts method, path and query string in one go.
    #[track_caller]
    pub fn assert_line(&self, method: &str, path: &str, query: Option<&str>) {
        assert_eq!(self.method.as_str(), method, "method of {self:?}");
        assert_eq!(self.path, path, "path of {self:?}");
        assert_eq!(self.query.as_deref(), query, "query string of {self:?}");
    }
}

struct Canned {
    status: StatusCode,
    headers: Vec<(&'static str, String)>,
    body: String,
}

#[derive(Clone, Default)]
struct Shared {
    requests: Arc<Mutex<Vec<Recorded>>>,
    responses: Arc<Mutex<VecDeque<Canned>>>,
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

    /// Queues the answer to the next request.
    pub fn respond(&self, status: u16, body: serde_json::Value) -> &Self {
        self.respond_with(status, &[], body)
    }

    /// Queues the answer to the next request, with extra headers.
    pub fn respond_with(
        &self,
        status: u16,
        headers: &[(&'static str, &str)],
        body: serde_json::Value,
    ) -> &Self {
        let canned = Canned {
            status: StatusCode::from_u16(status).expect("status"),
            headers: headers.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            body: body.to_string(),
        };
        self.shared.responses.lock().unwrap().push_back(canned);
        self
    }

    /// Everything received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The only request received (fails if there were more or none).
    #[track_caller]
    pub fn single(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected one request, got {requests:#?}");
        requests.into_iter().next().unwrap()
    }

    /// A client of this server sending a session token.
    pub fn client(&self) -> RestClient {
        self.client_with(Arc::new(StaticTokenProvider::session(TOKEN)))
    }

    /// A client of this server sending a bearer token of the given kind.
    pub fn bearer_client(&self, token_type: TokenType) -> RestClient {
        self.client_with(Arc::new(StaticTokenProvider::bearer(TOKEN, token_type)))
    }

    pub fn client_with(&self, provider: Arc<dyn TokenProvider>) -> RestClient {
        RestClient::builder(self.url())
            .token_provider(provider)
            .build()
            .expect("client")
    }
}

async fn record(State(shared): State<Shared>, request: Request<Body>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    shared.requests.lock().unwrap().push(Recorded {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    });
    let canned = shared.responses.lock().unwrap().pop_front();
    let canned = canned.unwrap_or(Canned {
        status: StatusCode::IM_A_TEAPOT,
        headers: Vec::new(),
        body: r#"{"message":"the test queued no response"}"#.to_owned(),
    });
    let mut response = Response::new(Body::from(canned.body));
    *response.status_mut() = canned.status;
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert(
        "x-snowflake-request-id",
        HeaderValue::from_static("req-0001"),
    );
    for (name, value) in canned.headers {
        headers.insert(name, HeaderValue::from_str(&value).unwrap());
    }
    response
}

/// Shorthand for an identifier argument.
pub fn id<T: From<String>>(name: &str) -> T {
    T::from(name.to_owned())
}

/// The `{"status": ...}` body of a plain successful write.
pub fn ok() -> serde_json::Value {
    serde_json::json!({"status": "Request successfully completed"})
}
