//! OAuth: client-credentials and refresh-token flows against an in-process token endpoint,
//! refresh before expiry, token files, and the bearer providers' token types.

use std::{sync::Arc, time::Duration};

use base64::Engine as _;
use secrecy::ExposeSecret;
use serde_json::json;
use snowapi_auth::{
    AuthError, Authenticator, BearerTokenProvider, Credential, OAuthAuthenticator, OAuthClient,
    PatAuthenticator, Session, TokenProvider, TokenType,
};

use crate::support::{LOGIN, OAUTH_TOKEN, TestServer, login_ok};

fn client(server: &TestServer) -> OAuthClient {
    OAuthClient::new(
        format!("{}{OAUTH_TOKEN}", server.url()),
        "my-client",
        "client-s3cret",
    )
    .with_scope("session:role:ANALYST")
}

fn token_answer(access: &str, expires_in: u64) -> serde_json::Value {
    json!({"access_token": access, "token_type": "Bearer", "expires_in": expires_in})
}

fn bearer(credential: &Credential) -> String {
    credential.authorization().expose_secret().to_owned()
}

#[tokio::test]
async fn client_credentials_flow_sends_the_exact_request_and_caches() {
    let server = TestServer::start().await;
    server.respond(OAUTH_TOKEN, token_answer("access-1", 3600));
    let oauth = OAuthAuthenticator::client_credentials(client(&server));

    let credential = oauth.credential().await.unwrap();
    assert_eq!(bearer(&credential), "Bearer access-1");
    assert_eq!(credential.token_type(), Some(TokenType::OAuth));
    assert_eq!(
        credential.token_type().map(TokenType::header_value),
        Some("OAUTH")
    );
    // Cached while far from expiry.
    assert_eq!(
        bearer(&oauth.credential().await.unwrap()),
        "Bearer access-1"
    );

    let request = server.single(OAUTH_TOKEN);
    request.assert_line("POST", OAUTH_TOKEN);
    let basic = base64::engine::general_purpose::STANDARD.encode("my-client:client-s3cret");
    assert_eq!(
        request.header("authorization"),
        Some(format!("Basic {basic}").as_str())
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    let form = request.form();
    assert_eq!(form.len(), 2, "{form:?}");
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["scope"], "session:role:ANALYST");
}

#[tokio::test]
async fn the_access_token_is_refreshed_before_expiry() {
    let server = TestServer::start().await;
    // expires_in 2 s: refreshed once less than a second is left (half its lifetime at most).
    server.respond(OAUTH_TOKEN, token_answer("access-1", 2));
    server.respond(OAUTH_TOKEN, token_answer("access-2", 3600));
    let oauth = OAuthAuthenticator::client_credentials(client(&server));
    assert_eq!(
        bearer(&oauth.credential().await.unwrap()),
        "Bearer access-1"
    );
    assert_eq!(
        bearer(&oauth.credential().await.unwrap()),
        "Bearer access-1"
    );
    assert_eq!(server.requests_to(OAUTH_TOKEN).len(), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        bearer(&oauth.credential().await.unwrap()),
        "Bearer access-2"
    );
    assert_eq!(server.requests_to(OAUTH_TOKEN).len(), 2);
}

#[tokio::test]
async fn refresh_token_flow_rotates_the_refresh_token() {
    let server = TestServer::start().await;
    server.respond(
        OAUTH_TOKEN,
        json!({"access_token": "access-1", "expires_in": "3600", "refresh_token": "refresh-2"}),
    );
    server.respond(OAUTH_TOKEN, token_answer("access-2", 3600));
    let oauth = OAuthAuthenticator::refresh_token(client(&server), "refresh-1");
    let first = oauth.credential().await.unwrap();
    assert_eq!(bearer(&first), "Bearer access-1");
    // Snowflake rejected the access token: the next call refreshes, with the new refresh token.
    TokenProvider::invalidate(&oauth, &first).await;
    assert_eq!(
        bearer(&oauth.credential().await.unwrap()),
        "Bearer access-2"
    );

    let requests = server.requests_to(OAUTH_TOKEN);
    assert_eq!(requests.len(), 2);
    let form = requests[0].form();
    assert_eq!(form["grant_type"], "refresh_token");
    assert_eq!(form["refresh_token"], "refresh-1");
    assert_eq!(form["scope"], "session:role:ANALYST");
    assert_eq!(requests[1].form()["refresh_token"], "refresh-2");
    let basic = base64::engine::general_purpose::STANDARD.encode("my-client:client-s3cret");
    assert_eq!(
        requests[1].header("authorization"),
        Some(format!("Basic {basic}").as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_token_request() {
    let server = TestServer::start().await;
    server.respond(OAUTH_TOKEN, token_answer("access-1", 3600));
    server.delay(OAUTH_TOKEN, Duration::from_millis(200));
    let oauth = Arc::new(OAuthAuthenticator::client_credentials(client(&server)));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let oauth = oauth.clone();
            tokio::spawn(async move { oauth.credential().await })
        })
        .collect();
    for task in tasks {
        assert_eq!(bearer(&task.await.unwrap().unwrap()), "Bearer access-1");
    }
    assert_eq!(server.requests_to(OAUTH_TOKEN).len(), 1);
}

#[tokio::test]
async fn a_refusal_is_a_typed_error_without_the_secret() {
    let server = TestServer::start().await;
    server.respond_status(
        OAUTH_TOKEN,
        401,
        json!({"error": "invalid_client", "error_description": "bad secret client-s3cret"}),
    );
    server.respond_status(OAUTH_TOKEN, 500, json!("oops"));
    server.respond(OAUTH_TOKEN, json!({"token_type": "Bearer"}));
    let oauth = OAuthAuthenticator::client_credentials(client(&server));
    let error = oauth.credential().await.unwrap_err();
    match &error {
        AuthError::OAuth {
            status,
            error,
            description,
        } => {
            assert_eq!(*status, 401);
            assert_eq!(error, "invalid_client");
            assert_eq!(description.as_deref(), Some("bad secret <redacted>"));
        }
        other => panic!("expected an OAuth error, got {other:?}"),
    }
    assert!(!error.to_string().contains("client-s3cret"));
    let error = oauth.credential().await.unwrap_err();
    assert!(
        matches!(
            error,
            AuthError::Http {
                status: Some(500),
                ..
            }
        ),
        "{error:?}"
    );
    let error = oauth.credential().await.unwrap_err();
    assert!(
        matches!(error, AuthError::InvalidResponse { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn session_login_with_the_client_credentials_flow() {
    let server = TestServer::start().await;
    server.respond(OAUTH_TOKEN, token_answer("access-1", 3600));
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    Session::builder(server.url())
        .account("acct")
        .user("u")
        .authenticator(Arc::new(OAuthAuthenticator::client_credentials(client(
            &server,
        ))))
        .login()
        .await
        .unwrap();
    let data = server.single(LOGIN).json()["data"].clone();
    assert_eq!(data["AUTHENTICATOR"], "OAUTH");
    assert_eq!(data["TOKEN"], "access-1");
    assert_eq!(data["OAUTH_TYPE"], "OAUTH_CLIENT_CREDENTIALS");
}

#[tokio::test]
async fn a_token_file_is_read_again_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token");
    std::fs::write(&path, "token-one\n").unwrap();
    let oauth = OAuthAuthenticator::from_token_file(&path);
    assert_eq!(
        bearer(&oauth.credential().await.unwrap()),
        "Bearer token-one"
    );

    std::fs::write(&path, "token-number-two").unwrap();
    assert_eq!(
        bearer(&oauth.credential().await.unwrap()),
        "Bearer token-number-two"
    );

    // Same size, and (on a coarse clock) maybe the same mtime: a rejection forces a re-read.
    std::fs::write(&path, "token-number-333").unwrap();
    let current = oauth.credential().await.unwrap();
    TokenProvider::invalidate(&oauth, &current).await;
    assert_eq!(
        bearer(&oauth.credential().await.unwrap()),
        "Bearer token-number-333"
    );

    std::fs::write(&path, "  \n").unwrap();
    let error = oauth.credential().await.unwrap_err();
    assert!(
        matches!(error, AuthError::UnreadableTokenFile { .. }),
        "{error:?}"
    );
    std::fs::remove_file(&path).unwrap();
    let error = oauth.credential().await.unwrap_err();
    assert!(
        matches!(error, AuthError::UnreadableTokenFile { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn bearer_providers_send_their_token_types() {
    let fixed = OAuthAuthenticator::from_token("access");
    assert_eq!(
        fixed.credential().await.unwrap().token_type(),
        Some(TokenType::OAuth)
    );
    let pat = PatAuthenticator::new("my-pat");
    let credential = pat.credential().await.unwrap();
    assert_eq!(bearer(&credential), "Bearer my-pat");
    assert_eq!(
        credential.token_type().map(TokenType::header_value),
        Some("PROGRAMMATIC_ACCESS_TOKEN")
    );
    let adapter = BearerTokenProvider::new(Arc::new(PatAuthenticator::new("my-pat")));
    assert_eq!(
        bearer(&adapter.credential().await.unwrap()),
        "Bearer my-pat"
    );
    let via_trait: Arc<dyn Authenticator> = Arc::new(OAuthAuthenticator::from_token("access"));
    assert!(via_trait.bearer_credential().await.unwrap().is_some());
}
