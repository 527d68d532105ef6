//! `POST /session?delete=true` on close.

use std::sync::Arc;

use snowapi_auth::{AuthError, PasswordAuthenticator, Session, TokenProvider};

use crate::support::{LOGIN, LOGOUT, TestServer, login_ok, ok, refused};

async fn session(server: &TestServer) -> Session {
    server.respond(LOGIN, login_ok("session-1", "master-1", 3600, 14400));
    Session::builder(server.url())
        .account("acct")
        .user("u")
        .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
        .login()
        .await
        .expect("login")
}

#[tokio::test]
async fn close_logs_out_with_the_exact_request() {
    let server = TestServer::start().await;
    server.respond(LOGOUT, ok());
    let session = session(&server).await;
    let clone = session.clone();
    session.close().await.unwrap();

    let request = server.single(LOGOUT);
    request.assert_line("POST", "/session");
    request.assert_query_names(&["delete", "requestId"]);
    assert_eq!(request.query_param("delete").as_deref(), Some("true"));
    assert!(uuid::Uuid::parse_str(&request.query_param("requestId").unwrap()).is_ok());
    assert_eq!(
        request.header("authorization"),
        Some(r#"Snowflake Token="session-1""#)
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), serde_json::json!({}));

    // Clones share the closed session.
    assert!(clone.is_closed());
    assert!(matches!(
        clone.credential().await,
        Err(AuthError::SessionClosed)
    ));
    assert!(matches!(clone.renew().await, Err(AuthError::SessionClosed)));
    // Closing again sends nothing.
    clone.close().await.unwrap();
    assert_eq!(server.requests_to(LOGOUT).len(), 1);
}

#[tokio::test]
async fn a_refused_logout_is_reported_and_the_session_is_closed_anyway() {
    let server = TestServer::start().await;
    server.respond(LOGOUT, refused("390104", "Session no longer exists."));
    let session = session(&server).await;
    let error = session.close().await.unwrap_err();
    assert_eq!(error.snowflake_code(), Some("390104"));
    assert!(session.is_closed());
}
