//! `POST /session/heartbeat` with keep-alive: interval, exact request, renewal on 390112,
//! and the task stopping on close.

use std::{sync::Arc, time::Duration};

use snowapi_auth::{PasswordAuthenticator, Session};

use crate::support::{
    HEARTBEAT, LOGIN, LOGOUT, TOKEN_REQUEST, TestServer, login_ok, ok, refused, renew_ok,
};

async fn keep_alive_session(server: &TestServer, master_validity: u64) -> Session {
    server.respond(
        LOGIN,
        login_ok("session-1", "master-1", 3600, master_validity),
    );
    Session::builder(server.url())
        .account("acct")
        .user("u")
        .keep_alive(true)
        .heartbeat_interval(Duration::from_secs(1))
        .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
        .login()
        .await
        .expect("login")
}

#[tokio::test]
async fn keep_alive_sends_heartbeats_at_the_clamped_interval() {
    let server = TestServer::start().await;
    server.always(HEARTBEAT, ok());
    // masterValidity 4 s: the interval is clamped to [0.25 s, 1 s]; 1 s was asked for.
    let session = keep_alive_session(&server, 4).await;
    assert_eq!(session.heartbeat_interval(), Some(Duration::from_secs(1)));

    let parameters = server.single(LOGIN).json()["data"]["SESSION_PARAMETERS"].clone();
    assert_eq!(parameters["CLIENT_SESSION_KEEP_ALIVE"], "true");
    assert_eq!(
        parameters["CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY"],
        "1"
    );

    let beats = server.wait_for(HEARTBEAT, 2).await;
    for beat in &beats {
        beat.assert_line("POST", "/session/heartbeat");
        beat.assert_query_names(&["requestId"]);
        assert_eq!(
            beat.header("authorization"),
            Some(r#"Snowflake Token="session-1""#)
        );
        assert_eq!(beat.header("accept"), Some("application/json"));
        assert!(beat.body.is_empty(), "no body: {beat:?}");
    }
    assert_ne!(beats[0].query, beats[1].query, "a request id per heartbeat");

    server.respond(LOGOUT, ok());
    session.close().await.unwrap();
    let after_close = server.requests_to(HEARTBEAT).len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        server.requests_to(HEARTBEAT).len(),
        after_close,
        "stopped on close"
    );
}

#[tokio::test]
async fn the_interval_is_clamped_from_below_and_above() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    let session = Session::builder(server.url())
        .account("acct")
        .keep_alive(true)
        .heartbeat_interval(Duration::from_secs(60))
        .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
        .login()
        .await
        .unwrap();
    assert_eq!(session.heartbeat_interval(), Some(Duration::from_secs(900)));

    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    let session = Session::builder(server.url())
        .account("acct")
        .keep_alive(true)
        .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
        .login()
        .await
        .unwrap();
    assert_eq!(
        session.heartbeat_interval(),
        Some(Duration::from_secs(3600))
    );

    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    let session = Session::builder(server.url())
        .account("acct")
        .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
        .login()
        .await
        .unwrap();
    assert_eq!(session.heartbeat_interval(), None, "keep-alive off");
    let parameters = server.requests_to(LOGIN)[2].json()["data"]["SESSION_PARAMETERS"].clone();
    assert_eq!(parameters, serde_json::json!({}));
}

#[tokio::test]
async fn a_heartbeat_answered_390112_renews_and_beats_again() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("session-1", "master-1", 3600, 14400));
    server.respond(
        HEARTBEAT,
        refused("390112", "Your session has expired. Please login again."),
    );
    server.respond(HEARTBEAT, ok());
    server.respond(TOKEN_REQUEST, renew_ok("session-2", "master-2"));
    let session = Session::builder(server.url())
        .account("acct")
        .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
        .login()
        .await
        .unwrap();
    session.heartbeat().await.unwrap();
    let beats = server.requests_to(HEARTBEAT);
    assert_eq!(beats.len(), 2);
    assert_eq!(
        beats[0].header("authorization"),
        Some(r#"Snowflake Token="session-1""#)
    );
    assert_eq!(
        beats[1].header("authorization"),
        Some(r#"Snowflake Token="session-2""#)
    );
    assert_eq!(server.requests_to(TOKEN_REQUEST).len(), 1);
}

#[tokio::test]
async fn dropping_every_clone_stops_the_heartbeat() {
    let server = TestServer::start().await;
    server.always(HEARTBEAT, ok());
    let session = keep_alive_session(&server, 4).await;
    server.wait_for(HEARTBEAT, 1).await;
    drop(session);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let after_drop = server.requests_to(HEARTBEAT).len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(server.requests_to(HEARTBEAT).len(), after_drop);
    assert!(
        server.requests_to(LOGOUT).is_empty(),
        "dropping does not log out"
    );
}
