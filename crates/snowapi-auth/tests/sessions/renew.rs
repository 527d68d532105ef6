//! `POST /session/token-request`: renewal before expiry, on 390112 via `invalidate`,
//! single-flight under concurrency, and re-login when the master token is gone.

use std::{sync::Arc, time::Duration};

use secrecy::ExposeSecret;
use serde_json::json;
use snowapi_auth::{AuthError, Credential, PasswordAuthenticator, Session, TokenProvider};

use crate::support::{LOGIN, TOKEN_REQUEST, TestServer, login_ok, refused, renew_ok};

async fn session(server: &TestServer) -> Session {
    Session::builder(server.url())
        .account("acct")
        .user("u")
        .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
        .login()
        .await
        .expect("login")
}

fn header(credential: &Credential) -> String {
    credential.authorization().expose_secret().to_owned()
}

#[tokio::test]
async fn invalidate_renews_with_the_exact_request() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("session-1", "master-1", 3600, 14400));
    server.respond(TOKEN_REQUEST, renew_ok("session-2", "master-2"));
    let session = session(&server).await;
    let old = session.credential().await.unwrap();
    assert!(
        server.requests_to(TOKEN_REQUEST).is_empty(),
        "no renewal while fresh"
    );

    // Snowflake answered 390112 to a request made with `old`.
    session.invalidate(&old).await;

    let request = server.single(TOKEN_REQUEST);
    request.assert_line("POST", "/session/token-request");
    request.assert_query_names(&["requestId"]);
    assert!(uuid::Uuid::parse_str(&request.query_param("requestId").unwrap()).is_ok());
    assert_eq!(
        request.header("authorization"),
        Some(r#"Snowflake Token="master-1""#)
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"oldSessionToken": "session-1", "requestType": "RENEW"})
    );
    let new = session.credential().await.unwrap();
    assert_eq!(header(&new), r#"Snowflake Token="session-2""#);

    // The rejected token is no longer current: invalidating it again changes nothing.
    session.invalidate(&old).await;
    assert_eq!(server.requests_to(TOKEN_REQUEST).len(), 1);

    // The next renewal uses the new master token.
    server.respond(TOKEN_REQUEST, renew_ok("session-3", "master-3"));
    session.renew().await.unwrap();
    let second = &server.requests_to(TOKEN_REQUEST)[1];
    assert_eq!(
        second.header("authorization"),
        Some(r#"Snowflake Token="master-2""#)
    );
    assert_eq!(second.json()["oldSessionToken"], "session-2");
}

#[tokio::test]
async fn a_token_near_expiry_is_renewed_before_use() {
    let server = TestServer::start().await;
    // Valid for 2 s: renewed once within half a second of expiry (a quarter of its validity).
    server.respond(LOGIN, login_ok("session-1", "master-1", 2, 14400));
    server.respond(TOKEN_REQUEST, renew_ok("session-2", "master-1"));
    let session = session(&server).await;
    assert_eq!(
        header(&session.credential().await.unwrap()),
        r#"Snowflake Token="session-1""#
    );
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(
        header(&session.credential().await.unwrap()),
        r#"Snowflake Token="session-2""#
    );
    assert_eq!(
        server.single(TOKEN_REQUEST).json()["oldSessionToken"],
        "session-1"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_callers_cause_one_renewal() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("session-1", "master-1", 3600, 14400));
    server.respond(TOKEN_REQUEST, renew_ok("session-2", "master-2"));
    server.delay(TOKEN_REQUEST, Duration::from_millis(200));
    let session = session(&server).await;
    let old = session.credential().await.unwrap();

    let mut tasks = Vec::new();
    for i in 0..100 {
        let (session, old) = (session.clone(), old.clone());
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                session.invalidate(&old).await;
            }
            session.credential().await
        }));
    }
    for task in tasks {
        let credential = task.await.unwrap().unwrap();
        // Every caller that saw the expiry got the new token; the others may have gotten the
        // old one before the renewal finished.
        assert!(
            [
                r#"Snowflake Token="session-1""#,
                r#"Snowflake Token="session-2""#
            ]
            .contains(&header(&credential).as_str())
        );
    }
    assert_eq!(server.requests_to(TOKEN_REQUEST).len(), 1);
    assert_eq!(
        header(&session.credential().await.unwrap()),
        r#"Snowflake Token="session-2""#
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_callers_of_an_expiring_token_cause_one_renewal() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("session-1", "master-1", 1, 14400));
    server.respond(TOKEN_REQUEST, renew_ok("session-2", "master-2"));
    server.delay(TOKEN_REQUEST, Duration::from_millis(200));
    let session = session(&server).await;
    tokio::time::sleep(Duration::from_millis(800)).await;

    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let session = session.clone();
            tokio::spawn(async move { session.credential().await })
        })
        .collect();
    for task in tasks {
        let credential = task.await.unwrap().unwrap();
        assert_eq!(header(&credential), r#"Snowflake Token="session-2""#);
    }
    assert_eq!(server.requests_to(TOKEN_REQUEST).len(), 1);
}

#[tokio::test]
async fn an_expired_master_token_means_logging_in_again() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("session-1", "master-1", 3600, 14400));
    server.respond(TOKEN_REQUEST, refused("390114", "Master token expired."));
    let mut relogin = login_ok("session-9", "master-9", 3600, 14400);
    relogin["data"]["sessionId"] = json!(42);
    server.respond(LOGIN, relogin);
    let session = session(&server).await;
    let old = session.credential().await.unwrap();
    session.invalidate(&old).await;
    assert_eq!(server.requests_to(LOGIN).len(), 2);
    assert_eq!(
        header(&session.credential().await.unwrap()),
        r#"Snowflake Token="session-9""#
    );
    assert_eq!(session.session_id(), Some(42));
    // The new master token is the one used next.
    server.respond(TOKEN_REQUEST, renew_ok("session-10", "master-10"));
    session.renew().await.unwrap();
    assert_eq!(
        server.requests_to(TOKEN_REQUEST)[1].header("authorization"),
        Some(r#"Snowflake Token="master-9""#)
    );
}

#[tokio::test]
async fn a_refused_renewal_is_reported_by_the_next_credential() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("session-1", "master-1", 3600, 14400));
    server.respond(TOKEN_REQUEST, refused("390400", "Renewal refused."));
    server.respond(TOKEN_REQUEST, refused("390400", "Renewal refused."));
    let session = session(&server).await;
    let old = session.credential().await.unwrap();
    session.invalidate(&old).await;
    // The rejected token is not handed out again: the next call retries and reports.
    let error = session.credential().await.unwrap_err();
    assert_eq!(error.snowflake_code(), Some("390400"), "{error:?}");
    assert!(matches!(
        error,
        AuthError::Snowflake {
            operation: "token-request",
            ..
        }
    ));
    assert_eq!(server.requests_to(TOKEN_REQUEST).len(), 2);
}

#[tokio::test]
async fn without_a_master_token_renewal_logs_in_again() {
    let server = TestServer::start().await;
    server.respond(
        LOGIN,
        json!({"success": true, "data": {"token": "session-1", "validityInSeconds": 3600}}),
    );
    server.respond(LOGIN, login_ok("session-2", "master-2", 3600, 14400));
    let session = session(&server).await;
    assert_eq!(session.session_id(), None);
    session.renew().await.unwrap();
    assert!(server.requests_to(TOKEN_REQUEST).is_empty());
    assert_eq!(server.requests_to(LOGIN).len(), 2);
    assert_eq!(
        header(&session.credential().await.unwrap()),
        r#"Snowflake Token="session-2""#
    );
}
