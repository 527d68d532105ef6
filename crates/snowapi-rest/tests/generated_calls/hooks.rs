//! What the hooks put on every request, whatever the API.

use std::{
    io::Write,
    sync::{Arc, Mutex},
};

use async_trait::async_trait;
use serde_json::json;
use snowapi_auth::{AuthError, Credential, TokenProvider, TokenType};
use snowapi_rest::{DEFAULT_USER_AGENT, RestClient, RestError, database, warehouse};

use crate::support::{TOKEN, TestServer, id, ok};

#[tokio::test]
async fn session_token_user_agent_and_no_api_version() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: database::Client = server.client().api();
    client.undrop_database(&id("db")).await.unwrap();

    let request = server.single();
    assert_eq!(
        request.header("authorization"),
        Some(r#"Snowflake Token="test-session-token""#)
    );
    assert_eq!(request.header("x-snowflake-authorization-token-type"), None);
    assert_eq!(request.header("user-agent"), Some(DEFAULT_USER_AGENT));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header("api-version"),
        None,
        "progenitor's api-version header is dropped"
    );
}

#[tokio::test]
async fn bearer_tokens_carry_their_type() {
    for (kind, name) in [
        (TokenType::KeypairJwt, "KEYPAIR_JWT"),
        (TokenType::OAuth, "OAUTH"),
        (
            TokenType::ProgrammaticAccessToken,
            "PROGRAMMATIC_ACCESS_TOKEN",
        ),
    ] {
        let server = TestServer::start().await;
        server.respond(200, json!([]));
        let client: warehouse::Client = server.bearer_client(kind).api();
        client.list_warehouses(None).await.unwrap();

        let request = server.single();
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(
            request.header("x-snowflake-authorization-token-type"),
            Some(name)
        );
    }
}

#[tokio::test]
async fn custom_user_agent() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let rest = RestClient::builder(server.url())
        .token_provider(Arc::new(snowapi_auth::StaticTokenProvider::session(TOKEN)))
        .user_agent("my-app/2.0")
        .build()
        .unwrap();
    rest.api::<database::Client>()
        .undrop_database(&id("db"))
        .await
        .unwrap();
    assert_eq!(server.single().header("user-agent"), Some("my-app/2.0"));
}

#[derive(Debug)]
struct Refusing;

#[async_trait]
impl TokenProvider for Refusing {
    async fn credential(&self) -> Result<Credential, AuthError> {
        Err(AuthError::Unavailable(
            "the identity provider is down".into(),
        ))
    }
}

#[tokio::test]
async fn a_failing_token_provider_stops_the_request() {
    let server = TestServer::start().await;
    let client: database::Client = server.client_with(Arc::new(Refusing)).api();
    let error = RestError::from(client.undrop_database(&id("db")).await.unwrap_err());

    assert!(matches!(error, RestError::Auth(_)), "{error:?}");
    assert!(
        error.to_string().contains("identity provider is down"),
        "{error}"
    );
    assert!(error.to_string().contains("undrop_database"), "{error}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_error_body_becomes_a_typed_error() {
    let server = TestServer::start().await;
    server.respond(404, json!({"code": "002003", "error_code": "002003",
        "message": "Database 'NOPE' does not exist or not authorized.", "request_id": "body-req-7"}));
    let client: database::Client = server.client().api();
    let error = RestError::from(client.fetch_database(&id("nope")).await.unwrap_err());

    match &error {
        RestError::Api {
            status,
            code,
            message,
            request_id,
            ..
        } => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(code.as_deref(), Some("002003"));
            assert_eq!(message, "Database 'NOPE' does not exist or not authorized.");
            assert_eq!(request_id.as_deref(), Some("body-req-7"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert_eq!(error.code(), Some("002003"));
    assert!(error.to_string().contains("002003") && error.to_string().contains("body-req-7"));
}

#[tokio::test]
async fn the_request_id_header_stands_in_when_the_body_has_none() {
    let server = TestServer::start().await;
    server.respond(503, json!({"message": "warehouse overloaded"}));
    let client: database::Client = server.client().api();
    let error = RestError::from(client.fetch_database(&id("db")).await.unwrap_err());

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.request_id(), Some("req-0001"));
    assert_eq!(error.code(), None);
}

#[tokio::test]
async fn an_undecodable_success_body_is_a_decode_error() {
    let server = TestServer::start().await;
    server.respond(200, json!({"not": "a list"}));
    let client: database::Client = server.client().api();
    let error = RestError::from(
        client
            .list_databases(None, None, None, None, None)
            .await
            .unwrap_err(),
    );
    assert!(matches!(error, RestError::Decode { .. }), "{error:?}");
}

#[test]
fn bad_configurations_are_refused() {
    let provider = Arc::new(snowapi_auth::StaticTokenProvider::session(TOKEN));
    for url in ["not a url", "ftp://host", "http://host/?q=1"] {
        let built = RestClient::builder(url)
            .token_provider(provider.clone())
            .build();
        assert!(
            matches!(built, Err(RestError::InvalidConfig(_))),
            "{url}: {built:?}"
        );
    }
    let built = RestClient::builder("http://127.0.0.1:1").build();
    assert!(matches!(built, Err(RestError::InvalidConfig(m)) if m.contains("token provider")));

    let rest = RestClient::builder("http://127.0.0.1:1/")
        .token_provider(provider)
        .build()
        .unwrap();
    assert_eq!(rest.base_url(), "http://127.0.0.1:1");
    assert!(
        !format!("{rest:?}").contains(TOKEN),
        "Debug leaks the token: {rest:?}"
    );
}

/// A writer the test can read back: what the tracing subscriber printed.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the global subscriber printed. Global because tests run on many threads at once
/// and callsites cache their interest across threads; each test looks for its own lines.
fn captured_logs() -> &'static Captured {
    static LOGS: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
        captured
    })
}

#[tokio::test]
async fn each_call_is_traced_with_its_operation_and_request_id() {
    let captured = captured_logs();
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: database::Client = server.client().api();
    client.undrop_database(&id("traced_db")).await.unwrap();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let line = logs
        .lines()
        .find(|l| l.contains("traced_db") && l.contains("response"))
        .unwrap_or_else(|| panic!("no response event for traced_db in {logs}"));
    assert!(line.contains("snowflake.rest"), "{line}");
    assert!(line.contains("operation=\"undrop_database\""), "{line}");
    assert!(line.contains("request_id=\"req-0001\""), "{line}");
    assert!(!logs.contains(TOKEN), "the token leaked into logs: {logs}");
}

/// Hands out `t1` until told it expired, then `t2`; counts the invalidations.
#[derive(Debug, Default)]
struct Renewing {
    renewed: std::sync::atomic::AtomicUsize,
    rejected: Mutex<Vec<String>>,
}

#[async_trait]
impl TokenProvider for Renewing {
    async fn credential(&self) -> Result<Credential, AuthError> {
        let renewed = self.renewed.load(std::sync::atomic::Ordering::SeqCst) > 0;
        Ok(Credential::session(if renewed { "t2" } else { "t1" }))
    }

    async fn invalidate(&self, credential: &Credential) {
        use secrecy::ExposeSecret;
        self.rejected
            .lock()
            .unwrap()
            .push(credential.authorization().expose_secret().to_owned());
        self.renewed
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn an_expired_session_is_renewed_and_the_request_replayed_once() {
    let server = TestServer::start().await;
    server.respond(
        401,
        json!({"code": "390112", "message": "Your session has expired."}),
    );
    server.respond(200, json!({"name": "DB"}));
    let provider = Arc::new(Renewing::default());
    let client: database::Client = server.client_with(provider.clone()).api();
    let fetched = client.fetch_database(&id("db")).await.unwrap().into_inner();

    assert_eq!(fetched.name.as_str(), "DB");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("authorization"),
        Some(r#"Snowflake Token="t1""#)
    );
    assert_eq!(
        requests[1].header("authorization"),
        Some(r#"Snowflake Token="t2""#)
    );
    assert_eq!(requests[1].path, "/api/v2/databases/db");
    assert_eq!(
        *provider.rejected.lock().unwrap(),
        [r#"Snowflake Token="t1""#]
    );
}

#[tokio::test]
async fn a_second_expiry_is_reported_not_replayed_again() {
    let server = TestServer::start().await;
    for _ in 0..2 {
        server.respond(
            401,
            json!({"error_code": "390112", "message": "Your session has expired."}),
        );
    }
    let provider = Arc::new(Renewing::default());
    let client: database::Client = server.client_with(provider.clone()).api();
    let error = RestError::from(client.fetch_database(&id("db")).await.unwrap_err());

    assert_eq!(error.code(), Some("390112"));
    assert_eq!(server.requests().len(), 2, "one replay only");
}

#[tokio::test]
async fn other_errors_are_not_replayed_and_keep_their_body() {
    let server = TestServer::start().await;
    server.respond(
        401,
        json!({"code": "390303", "message": "Invalid OAuth access token."}),
    );
    let provider = Arc::new(Renewing::default());
    let client: database::Client = server.client_with(provider.clone()).api();
    let error = RestError::from(client.fetch_database(&id("db")).await.unwrap_err());

    assert_eq!(error.code(), Some("390303"));
    assert_eq!(server.requests().len(), 1);
    assert!(provider.rejected.lock().unwrap().is_empty());
}
